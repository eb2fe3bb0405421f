"""The build: English and every reviewed locale → ``output/``, as one readable pipeline.

``run`` reads as the build goes:

1. read every catalog (``read_catalogs``), and an edition is rendered as soon as its catalog
   is read, but for the top and bottom of its HTML page, which name the other editions;
2. decide which locales are published (``plan``; ``hold`` keeps online the last edition of one
   listed as published that cannot be now) and which of their editions changed since the last
   build (``plan_changes``);
3. finish the pages of the editions rendered in step 1 and render the changed ones
   (``render_editions``), then write the site pages (``site.write_site_pages``), which link the
   PDFs that could be made;
4. remove the editions that are no longer published (``prune``), and record the build.

A locale that is not reviewed is skipped with a reason; ``drafts`` renders it
anyway, under a banner. A catalog that cannot be read is reported and the other
editions are still built; its edition stays online as the last build made it (a
translator's slip in a published catalog does not take the edition down), unless
there is none to keep.

Builds are incremental and use every core, with pages byte-identical to a build
from scratch. The record of the last build (``manifest``) says what each catalog
and edition was made from and what was written: a catalog whose size and
modification time are the recorded ones is not read again, and one whose bytes
did not change is not parsed; an edition whose fingerprint did not change and
whose files are still there, unchanged, is not rendered again, and neither are
the site pages (index, progress page, badges, stylesheet) unless what they show
changed. Editions are rendered in worker processes, one edition at a time each,
so no process holds more than a few catalogs: what comes back of an edition is
its article, encoded (some 1.5 MB for 10,000 signatories), kept until every
catalog has been read and its page can be finished.

With ``pdf`` among the formats, each published edition also gets a PDF (``pdf.make``), printed in
the worker where its article is rendered and linked from its page and from the index when it could
be made; an edition whose text needs a font that is not installed is reported and gets none.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import chain
from pathlib import Path

from pipeline import pdf, render, reviewed
from pipeline.build import one_edition, site
from pipeline.build.manifest import (
    CatalogRecord,
    EditionRecord,
    FileRecord,
    Files,
    Links,
    Manifest,
    current_files,
    fingerprint,
    linked_folder,
    stat_record,
    unchanged,
)
from pipeline.build.one_edition import Article, Finished, Pending, Read, Reading, Rendering, ToRead
from pipeline.build.plan import Planned, Skipped, english, plan, unpublished
from pipeline.build.source import LetterSource, SourceRead
from pipeline.catalogs import ambiguous, select, uncatalogued
from pipeline.config import Config
from pipeline.errors import InputError
from pipeline.locales import LocaleInfo, parse_locale, source_locale, tag_of
from pipeline.model import Letter
from pipeline.parallel import forked
from pipeline.progress import LocaleStatus
from pipeline.status import catching_up
from pipeline.units import messages

__all__ = ["EDITION_FILES", "BuildResult", "run", "unpublished"]

EDITION_FILES = ("index.html", "letter.txt", pdf.FILE)


@dataclass(frozen=True)
class BuildResult:
    editions: tuple[Planned, ...]
    skipped: tuple[Skipped, ...]
    waiting: tuple[str, ...]   # "fr: published, 2 signatory parts pending", for each edition that waits
    errors: tuple[InputError, ...]
    written: tuple[str, ...]   # files created or changed, relative to the output folder
    removed: tuple[str, ...]   # files taken down: of editions no longer published or moved, and `pdfs_removed`
    unpublished: tuple[str, ...]  # tags configured as published that could not be, though they have catalogs
    rendered: tuple[str, ...] = ()  # tags of the editions rendered this time (the others were up to date)
    pdf_notices: tuple[pdf.Notice, ...] = ()  # editions that got no PDF, and why; PDFs set in a stand-in font
    kept: tuple[str, ...] = ()  # editions kept as the last build made them: unreadable, `unpublished`, `uncatalogued`
    uncatalogued: tuple[str, ...] = ()  # tags configured as published that have no catalog at all
    unsent: tuple[str, ...] = ()  # warnings: old addresses of `moved` editions that send no one on, and why
    unrecorded: bool = False  # output/ held files but no record of the last build: nothing was taken down
    behind: str = ""  # what to run for the catalogs that lack messages of the letter (``status.catching_up``)
    noted: tuple[str, ...] = ()  # of each catalog whose reviewed translations carry a machine-draft note, what to do

    @property
    def pdfs_removed(self) -> tuple[str, ...]:
        """The editions built whose PDF was taken down: one that no longer matches what the edition
        prints (its text, the site's address, the code; not its catalog's bytes: a header's date does
        not count), or whose edition is a draft now, or any when ``pdf`` left the formats."""
        built = {edition.locale.tag for edition in self.editions}
        return tuple(tag for tag, _, name in (item.partition("/") for item in self.removed)
                     if tag in built and name == pdf.FILE)

    @property
    def failed(self) -> bool:
        return bool(self.unpublished or self.uncatalogued)


def _alternates(editions: list[Planned]) -> tuple[render.Alternate, ...]:
    return tuple(render.Alternate(e.locale, f"{e.locale.tag}/") for e in editions)


# --- the build ---------------------------------------------------------------------------------

def run(config: Config, letter: Letter | SourceRead | None = None, *, drafts: bool = False, preview: bool = False,
        jobs: int | None = None, pdfs: bool = True) -> BuildResult:
    """Build the editions of ``letter``, or of the letter in ``config``'s source files; their PDFs
    too when ``pdf`` is among the configured formats, unless ``pdfs`` is False (``--no-pdf``).
    A build that makes no PDF (``--no-pdf``) keeps, and links, those of earlier builds that are still
    current; without ``pdf`` among the formats, none is kept.
    With ``drafts``, a draft of every locale that is not reviewed, but over an edition the last build
    published only in a ``preview`` (``letter serve``'s folder), never in the editions to publish.

    Read from the files, the letter is read only when something is to be made from it: a
    build in which nothing changed, source files included, does not parse 10,000
    signatories to find that out. Given as read from them (``build.source.read_source``), it is taken
    for theirs, and the build agrees with one that reads them.
    """
    if config.output.exists() and not config.output.is_dir():
        raise InputError(config.output, None, "is a file, not a folder: move it away, or set [tool.letter] output "
                                              "to the folder the editions go in")
    previous = Manifest.read(config.output)
    unrecorded = not previous.found and config.output.is_dir() and any(config.output.iterdir())
    if not previous.found and not unrecorded:  # a first build: what it writes is its own, stopped or not
        Manifest(started=True).write(config.output)
    if previous.started:
        previous = replace(previous, made=_made_by_a_build(config.output))
    source = LetterSource(config, letter, previous.source)
    make_pdfs = pdfs and pdf.FORMAT in config.formats
    online = _published_online(config, previous) if drafts and not preview else frozenset()
    read = read_catalogs(config, source, previous, drafts=drafts, online=online, make_pdfs=make_pdfs, jobs=jobs)
    editions, skipped = plan(read.statuses, drafts=drafts, online=online)
    editions, skipped = hold(config, read, previous, editions, skipped)
    alternates = _alternates(editions)
    links: Links = (config.site_url, [(a.locale.tag, a.href) for a in alternates])
    records, pending = plan_changes(config, source, editions, read, previous.editions, links,
                                    make_pdfs=make_pdfs)
    written: list[str] = []
    notices: list[pdf.Notice] = []
    with render_editions(config, source, alternates, read.articles, pending, jobs=jobs) as rendered:
        for tag, made in rendered:
            records[tag] = _with_files(records[tag], made.files, links, made.printed)
            written += made.written
            notices += [made.notice] if made.notice else []
    with_pdf = tuple(e.locale.tag for e in editions if records[e.locale.tag].pdf is not None)
    notices += [notice for tag in with_pdf if (notice := pdf.stood_in(tag))]  # made now or before: each build says it
    kept = frozenset(e.locale.tag for e in editions if e.locale.tag in read.kept and not e.draft)
    sent, unsent = site.redirects(config.moved, alternates)
    pages, pages_written = site.write_site_pages(config, source, alternates, links, read.statuses, previous.site,
                                                 with_pdf, sent, kept)
    written += pages_written
    removed = prune(config.output, previous.made,
                    [pages.files, *(record.files for record in records.values())], config.moved)
    Manifest(read.records, records, pages, source.record()).write(config.output)
    result = _result(config, editions, skipped, read, written, removed, pending)
    behind, refused = catching_up(config, lambda: messages(source.letter), read.statuses)
    return replace(result, pdf_notices=tuple(notices), unsent=unsent, unrecorded=unrecorded, behind=behind,
                   errors=result.errors + tuple(refused))


def _made_by_a_build(output: Path) -> frozenset[str]:
    """The files in ``output`` named as a build names what it writes: the site's pages, a locale's badge,
    and an edition's files in a folder named for a locale. What a first build stopped before recording
    its files may have written; nothing else there, whoever put it there (a CNAME, a site's own pages,
    a .git folder), is taken for the build's."""
    made = {name for name in site.PAGES if (output / name).is_file()}
    for folder in output.iterdir() if output.is_dir() else ():
        if folder.name == site.BADGES:
            made |= {f"{site.BADGES}/{badge.name}" for badge in folder.glob("*.svg")
                     if tag_of(badge.stem) == badge.stem}
        elif folder.is_dir() and tag_of(folder.name) == folder.name:
            made |= {f"{folder.name}/{name}" for name in EDITION_FILES if (folder / name).is_file()}
    return frozenset(made)


# 1. Read the catalogs.

@dataclass
class CatalogsRead:
    """What reading the catalogs gave: each readable one's progress and record, the editions
    rendered meanwhile (by locale tag, English first), the catalogs that could not be read (their
    errors and tags) and the locales listed as published that have none, and the last build's
    records of the editions of both kept as it made them."""

    statuses: list[LocaleStatus] = field(default_factory=list)
    records: dict[str, CatalogRecord] = field(default_factory=dict)
    articles: dict[str, Article] = field(default_factory=dict)
    errors: list[InputError] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)
    missing: set[str] = field(default_factory=set)
    kept: dict[str, EditionRecord] = field(default_factory=dict)


def read_catalogs(config: Config, source: LetterSource, previous: Manifest, *, drafts: bool,
                  online: frozenset[str] = frozenset(), make_pdfs: bool, jobs: int | None) -> CatalogsRead:
    """Every catalog's progress: from the record when its size and modification time are the
    recorded ones. The workers read the others, and render the edition of each that makes one
    right away (and print its PDF when ``make_pdfs``, unless it is a draft); English's too, when
    what it is made from changed.

    A catalog touched but not changed is not parsed. Meanwhile this process loads what making
    the pages will need (for the workers of step 3 to inherit, too); when no catalog changed,
    there is likely nothing to render, and nothing is loaded.
    """
    selected, unreadable = select(config, ())
    read = CatalogsRead(errors=list(unreadable))
    for tag, error in ambiguous(unreadable).items():  # read as neither: kept as the last build made it
        _keep(config, read, previous, parse_locale(tag), error.paths[0], read.unreadable)
    for tag in uncatalogued(config, selected, unreadable):
        locale = parse_locale(tag)
        _keep(config, read, previous, locale, config.catalog_path(locale.posix), read.missing)
    to_read: list[ToRead] = []
    source_edition = english()
    old_english = previous.editions.get(source_edition.locale.tag)
    if old_english is None or old_english.content != source.content(source_edition.locale.tag, source_edition.draft,
                                                                     ""):
        to_read.append(ToRead(source_edition.locale, None, None, old_english))  # its edition is rendered there
    for item in selected:
        known = previous.catalogs.get(item.locale.tag)
        if known is not None and known.letter != source.digest:
            known = None  # its progress was counted over other messages
        current = stat_record(item.path, known.file) if known is not None else None
        record_same, kept = _record_unchanged(item.path, known)
        if known is not None and current is not None and record_same:
            read.records[item.locale.tag] = replace(known, file=current, reviewed=kept)
            read.statuses.append(LocaleStatus.configured(config, item.locale, item.path, known.progress))
        else:
            to_read.append(ToRead(item.locale, item.path, known, previous.editions.get(item.locale.tag)))
    results: list[Read] = []
    if to_read:
        common = Reading(source.letter, messages(source.letter), config, drafts, online, make_pdfs)
        with forked(one_edition.read_one, to_read, common=common, jobs=jobs) as reading:
            render.preload([source_locale()] + [item.locale for item in selected])
            results = list(reading)
    for (locale, path, _known, _last), (files, progress, made, error) in zip(to_read, results, strict=True):
        if error is not None:
            read.errors.append(error)
            if path is not None:
                _keep(config, read, previous, locale, path, read.unreadable)
            continue
        if made is not None:
            read.articles[locale.tag] = made
        if path is not None:
            read.records[locale.tag] = CatalogRecord(files[0], source.digest, progress, files[1])
            read.statuses.append(LocaleStatus.configured(config, locale, path, progress))
    read.statuses.sort(key=lambda status: status.locale.tag)
    return read


def _published_online(config: Config, previous: Manifest) -> frozenset[str]:
    """The locales listed as published whose edition is online as the last build published it: a build
    with drafts renders no draft over them (``hold`` keeps them when they cannot be published), since
    the next build, publishing no draft, would then have nothing to keep."""
    return frozenset(tag for tag in config.published if _online(config, previous, tag) is not None)


def _online(config: Config, previous: Manifest, tag: str) -> EditionRecord | None:
    """The last build's record of ``tag``'s edition, when it published it (not a draft) and its files are
    still there, unchanged."""
    made = previous.editions.get(tag)
    return _still_there(config.output, made) if made is not None and not made.draft else None


def _keep(config: Config, read: CatalogsRead, previous: Manifest, locale: LocaleInfo, path: Path,
          among: set[str]) -> None:
    """Keep the edition of a catalog that could not be read, or is gone, as the last build made it, when
    its files are still there, unchanged: with the progress and records of that build, so that the plan
    and the other pages (its row of the progress page, its badge) see it as they did, and the next build
    reads the catalog again. Its tag joins ``among``, the unreadable or the missing."""
    tag = locale.tag
    among.add(tag)
    known = previous.catalogs.get(tag)
    kept = _still_there(config.output, previous.editions.get(tag)) if known is not None else None
    if known is None or kept is None:
        return
    read.kept[tag] = kept
    read.records[tag] = known
    read.statuses.append(LocaleStatus.configured(config, locale, path, known.progress))


def _still_there(output: Path, made: EditionRecord | None) -> EditionRecord | None:
    """The last build's record of an edition, with its files' records now, when every one of them is
    still there, unchanged; else None."""
    files = unchanged(output, made.files) if made is not None else None
    return None if made is None or files is None else replace(made, files=files)


def _record_unchanged(catalog: Path, known: CatalogRecord | None) -> tuple[bool, FileRecord | None]:
    """Whether the record of last reviewed translations beside a catalog is as the last build saw it
    (not changed, come or gone), and its file's record now (None when there was and is none)."""
    path = reviewed.path_of(catalog)
    if known is None:
        return False, None
    if known.reviewed is None:
        return not path.exists(), None
    current = stat_record(path, known.reviewed)
    return current is not None, current


# 2. Plan what changed.

def hold(config: Config, read: CatalogsRead, previous: Manifest, editions: list[Planned], skipped: list[Skipped]
         ) -> tuple[list[Planned], list[Skipped]]:
    """Keep online, as the last build made it, the edition of a locale listed as published that this
    build cannot publish (the English changed and ``letter update`` was not run; a paragraph was never
    reviewed; its catalog is gone, or ``domain`` names another): the build fails for it, but takes no
    edition down, when that edition's files are still there, unchanged; with drafts too (``--drafts``).
    A locale withdrawn on purpose (``revised = "withdraw"``) goes offline, and so does a draft: no draft
    is kept as published."""
    held: list[Planned] = []
    left: list[Skipped] = []

    def keep(locale: LocaleInfo, path: Path) -> bool:
        kept = _online(config, previous, locale.tag)
        if kept is None:
            return False
        read.kept[locale.tag] = kept
        held.append(Planned(locale, path, False))
        return True

    for item in skipped:
        if not (item.status.failing and keep(item.status.locale, item.status.path)):
            left.append(item)
    listed = {status.locale.tag for status in read.statuses} | read.unreadable
    for tag in config.published:
        if tag not in listed:
            locale = parse_locale(tag)
            keep(locale, config.catalog_path(locale.posix))
    if not held:
        return editions, skipped
    return [editions[0], *sorted(editions[1:] + held, key=lambda e: e.locale.tag)], left


def plan_changes(config: Config, source: LetterSource, editions: list[Planned], read: CatalogsRead,
                 recorded: Mapping[str, EditionRecord], links: Links, *, make_pdfs: bool
                 ) -> tuple[dict[str, EditionRecord], list[Pending]]:
    """Each edition's fingerprints, with the files of those that are up to date; and the editions
    not rendered in step 1 that must be: those whose inputs changed since the last build, whose
    files are gone, or that are to get a PDF they lack. A locale's name and direction follow from
    its tag and the Babel version in the code's digest."""
    records: dict[str, EditionRecord] = {}
    pending: list[Pending] = []
    for planned in editions:
        tag = planned.locale.tag
        if tag in read.kept:
            records[tag] = read.kept[tag]
            continue
        content = source.content(tag, planned.draft, read.records[tag].digest if planned.path else "")
        records[tag] = EditionRecord(content, "", {}, draft=planned.draft)
        if tag in read.articles:  # rendered in step 1, but for its page's top and bottom
            continue
        last = recorded.get(tag)
        printed = one_edition.printed_before(config, last)
        make_pdf = make_pdfs and not planned.draft
        current = None if make_pdf and printed is None else \
            current_files(config.output, last, _with_files(records[tag], {}, links, printed).fingerprint)
        if current is None:
            pending.append(Pending(planned, make_pdf, last))
        else:
            records[tag] = _with_files(records[tag], current, links, printed)
    return records, pending


def _with_files(record: EditionRecord, files: Files, links: Links, printed: str | None) -> EditionRecord:
    """An edition's record with its files and what its PDF prints (None without one), printed on the
    fonts installed now (a PDF printed on others is not kept), and the fingerprint of its page, which
    links the PDF when it has one."""
    return replace(record, files=files, fingerprint=fingerprint(record.content, links, printed is not None),
                   pdf=printed, fonts=pdf.fonts.installed() if printed is not None else None)


# 3. Render, and write the site pages.

@contextmanager
def render_editions(config: Config, source: LetterSource, alternates: tuple[render.Alternate, ...],
                    articles: dict[str, Article], pending: list[Pending], *, jobs: int | None
                    ) -> Iterator[Iterator[tuple[str, Finished]]]:
    """Finish the pages of the editions rendered in step 1, on two threads (hashing and writing a
    page let go of the interpreter), and render the ``pending`` ones (and print their PDFs) in worker
    processes: each edition's tag and its files written."""
    common = Rendering(source.letter, alternates, config) if pending else None
    with forked(one_edition.render_one, pending, common=common, jobs=jobs) \
            as rendering, ThreadPoolExecutor(2) as threads:
        finished = threads.map(partial(one_edition.finish, config, alternates), articles.values())
        yield chain(zip(articles, finished, strict=True),
                    zip((item.planned.locale.tag for item in pending), rendering, strict=True))


# 4. Prune.

def prune(output: Path, made_before: frozenset[str], written: list[Files], moved: Iterable[str]) -> tuple[str, ...]:
    """Take down the files the last build made (``made_before``, as its record names them) that this
    one did not (``written``): editions no longer published, badges of locales that are gone, PDFs
    no longer current (``BuildResult.pdfs_removed``), site pages no longer made (an old address no longer
    ``moved``); and an edition's files at an old address of ``moved`` but for the page this build
    put there. Nothing else in output/ is touched, whoever put it there (screenshots, a site's other
    pages), nor anything through a folder that is a symbolic link (``linked_folder``), and a folder is
    removed only when this left it empty."""
    kept = set(chain.from_iterable(written))
    doomed = made_before | {f"{tag}/{name}" for tag in moved for name in EDITION_FILES}
    removed = tuple(name for name in sorted(doomed) if name not in kept and (output / name).is_file()
                    and linked_folder(output, name) is None)
    for name in removed:
        (output / name).unlink()
    for folder in sorted({(output / name).parent for name in removed} - {output}, reverse=True):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return removed


def _result(config: Config, editions: list[Planned], skipped: list[Skipped], read: CatalogsRead, written: list[str],
            removed: tuple[str, ...], pending: list[Pending]) -> BuildResult:
    reviewed = {e.locale.tag for e in editions if not e.draft} - set(read.kept)
    readable = {status.locale.tag for status in read.statuses} - read.unreadable - read.missing
    failing = {status.locale.tag for status in read.statuses if status.failing}
    unpublished = tuple(tag for tag in config.published if tag in readable & failing)
    waiting = tuple(f"{status.locale.tag}: {status.summary()}" for status in read.statuses if status.locale.tag
                    in reviewed and (status.progress.pending() or status.progress.shown_in_english))
    order = {e.locale.tag: n for n, e in enumerate(editions)}
    written = sorted(written, key=lambda name: (order.get(name.split("/")[0], -1), name))
    remade = {item.planned for item in pending}
    rendered = tuple(e.locale.tag for e in editions if e.locale.tag in read.articles or e in remade)
    kept = tuple(e.locale.tag for e in editions if e.locale.tag in read.kept)
    return BuildResult(tuple(editions), tuple(skipped), waiting, tuple(read.errors), tuple(written), removed,
                       unpublished, rendered, kept=kept,
                       uncatalogued=tuple(tag for tag in config.published if tag in read.missing),
                       noted=tuple(noted for status in read.statuses if (noted := status.noted())))


