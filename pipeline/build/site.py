"""The pages about all the editions: the index, the progress page and its badges, the stylesheet, and
a page at each old address of an edition whose tag changed (``[tool.letter] moved``).

The build writes them after the editions (``build.run``, step 3), since the index links the PDFs
that could be made; like an edition, they are not written again when what they show did not change.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, replace
from importlib import resources

from pipeline import render
from pipeline.build.manifest import Links, SiteRecord, current_files, fingerprint, write_files
from pipeline.build.source import LetterSource
from pipeline.config import Config
from pipeline.edition import Edition, edition, lookup
from pipeline.locales import source_locale
from pipeline.model import Letter, is_required
from pipeline.progress import LocaleStatus
from pipeline.units import messages

#: The site's pages at the top of output/, and the folder of its badges (``<tag>.svg``), as a build names them.
INDEX, STYLESHEET, STATUS = "index.html", "style.css", "status.html"
PAGES, BADGES = (INDEX, STYLESHEET, STATUS), "badges"


def site_files(config: Config, letter: Letter, alternates: tuple[render.Alternate, ...], english: Edition,
               statuses: list[LocaleStatus], pdfs: tuple[str, ...] = (),
               sent: Mapping[str, render.Alternate] | None = None, kept: frozenset[str] = frozenset()
               ) -> dict[str, bytes]:
    """The pages about all editions: the index (which links the PDFs of the editions in ``pdfs``),
    the stylesheet, the progress page (which links the editions ``kept`` as the last build made them),
    the badges, and a page at each old address in ``sent`` (``redirects``) sending readers on to its
    edition."""
    files: dict[str, bytes] = {}
    files[INDEX] = render.render_index(alternates, english, config.site_url, pdfs).encode()
    files[STYLESHEET] = resources.files("pipeline").joinpath("templates/style.css").read_bytes()
    required = sum(1 for message in messages(letter) if is_required(message.context))
    files[STATUS] = render.render_status(statuses, required, kept).encode()
    for item in statuses:
        files[f"{BADGES}/{item.locale.tag}.svg"] = render.render_badge(item).encode()
    for old_tag, target in (sent or {}).items():
        files[f"{old_tag}/index.html"] = render.render_moved(target, config.site_url).encode()
    return files


def redirects(moved: Mapping[str, str], alternates: tuple[render.Alternate, ...]
              ) -> tuple[dict[str, render.Alternate], tuple[str, ...]]:
    """The old addresses of editions whose tag changed (``[tool.letter] moved``) that get a page
    sending readers on, each with the edition it sends them to; and, for the others, why not."""
    editions = {alternate.locale.tag: alternate for alternate in alternates}
    sent: dict[str, render.Alternate] = {}
    unsent: list[str] = []
    for old_tag, new_tag in moved.items():
        if old_tag in editions:
            unsent.append(f"{old_tag}: warning: [tool.letter] moved sends {old_tag}/ to {new_tag}/, but {old_tag} "
                          f"is an edition of this build, which keeps its address")
        elif new_tag not in editions:
            unsent.append(f"{old_tag}: warning: [tool.letter] moved sends {old_tag}/ to {new_tag}/, which this build "
                          f"did not make (`letter status {new_tag}` says why); {old_tag}/ sends no one on")
        else:
            sent[old_tag] = editions[new_tag]
    return sent, tuple(unsent)



def write_site_pages(config: Config, source: LetterSource, alternates: tuple[render.Alternate, ...], links: Links,
                     statuses: list[LocaleStatus], recorded: SiteRecord | None, pdfs: tuple[str, ...],
                     sent: Mapping[str, render.Alternate], kept: frozenset[str]) -> tuple[SiteRecord, list[str]]:
    """Write the site pages unless the last build's are of the same fingerprint and still there;
    their record, and the pages written. The index links the PDFs of the editions in ``pdfs``; the
    old addresses in ``sent`` get their pages; the editions ``kept`` are linked as still online."""
    site = fingerprint(source.content(source_locale().tag, False, ""), links,
                       [(item.locale.tag, asdict(item.progress), item.required) for item in statuses], pdfs,
                       sorted(config.moved.items()), sorted(kept))
    current = current_files(config.output, recorded, site)
    if current is not None:
        return SiteRecord(site, current), []
    # The index page is in English: its title, opening and interface words (not the signatories).
    letter = source.letter
    english = edition(replace(letter, signatories=()), source_locale(), lookup(None))
    files, written = write_files(config.output, site_files(config, letter, alternates, english, statuses, pdfs, sent,
                                                                       kept))
    return SiteRecord(site, files), written
