"""One edition's work, done where its catalog is read (``read_one``) or in a worker of its own
(``render_one``): translate and render it (``render_edition``), write its plain text and its PDF
(``text_and_pdf``), and finish its HTML page (``finish``) once the other editions, which it names, are known.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from pipeline import pdf, po, publication, render, reviewed
from pipeline.build.manifest import (
    CatalogRecord,
    EditionRecord,
    FileRecord,
    Files,
    catalog_digest,
    code_digest,
    digest,
    fingerprint,
    unchanged,
    write_files,
)
from pipeline.build.plan import Planned, english, planned
from pipeline.catalogs import counted, load_strings, read
from pipeline.config import Config
from pipeline.edition import edition, lookup
from pipeline.errors import InputError
from pipeline.locales import LocaleInfo
from pipeline.model import Letter, Message
from pipeline.progress import LocaleStatus, Progress
from pipeline.reviewed import Record


class Rendered(NamedTuple):
    """An edition rendered but for the top and bottom of its page, which name the other editions
    (``render.render_frame``): what the page shows of it, its article, and its plain text, encoded."""

    frame: render.Frame
    article: bytes
    text: bytes


def render_edition(letter: Letter, planned: Planned, strings: po.Strings | None, record: Record | None,
                   site_url: str) -> Rendered:
    """Translate and render one edition from its catalog's strings and record (None for English); pure."""
    shown = publication.shown(strings, record or {}, letter.text_keys, drafts=planned.draft) \
        if strings is not None else None
    revised = datetime.date.fromisoformat(planned.revised_on) if planned.revised_on else None
    view = edition(letter, planned.locale, lookup(shown), draft=planned.draft, revised=revised)
    return Rendered(render.frame_of(view), render.render_article(view).encode(),
                    render.render_text(view, site_url).encode())


def page(frame: render.Frame, article: bytes, alternates: tuple[render.Alternate, ...], site_url: str,
         pdf_link: bool = False) -> bytes:
    """An edition's HTML page: its article within the top and bottom that name the other editions
    (and its PDF, when it has one)."""
    top, bottom = render.render_frame(frame, alternates, site_url, pdf_link)
    return b"".join((top.encode(), article, bottom.encode()))


class Article(NamedTuple):
    """An edition rendered where its catalog was read, its plain text (and PDF) written: its page waits
    for the process that read every catalog, which alone knows the other editions the page names."""

    frame: render.Frame
    html: bytes
    files: Files  # the records of its plain text and its PDF, if it has one
    written: list[str]  # which of those were written (created or changed)
    notice: pdf.Notice | None  # why it got no PDF, when one was to be made
    printed: str | None  # what its PDF prints (``printed``), when it has one


class Finished(NamedTuple):
    """An edition's files written: the record of each, which were written, why it got no PDF, and what
    the one it has prints."""

    files: Files
    written: list[str]
    notice: pdf.Notice | None
    printed: str | None


@dataclass(frozen=True)
class Reading:
    """What every catalog of a build is read with: the letter and its messages, the settings, and
    what to make of an edition (``drafts``, ``online``: as ``plan.planned`` takes them)."""

    letter: Letter
    units: tuple[Message, ...]
    config: Config
    drafts: bool
    online: frozenset[str]
    make_pdfs: bool


class ToRead(NamedTuple):
    """A catalog to read (``path`` None for English, which has none), with the last build's records of
    it (``known``, None when its progress was counted over other messages) and of its edition."""

    locale: LocaleInfo
    path: Path | None
    known: CatalogRecord | None
    last: EditionRecord | None


class Read(NamedTuple):
    """What reading a catalog gave: the records of it and of its last reviewed translations, its
    progress, and its edition's article when it makes one; or the error to report."""

    files: tuple[FileRecord, FileRecord | None] | None = None
    progress: Progress | None = None
    article: Article | None = None
    error: InputError | None = None


def read_one(reading: Reading, task: ToRead) -> Read:
    """Read a catalog, and render its edition when it makes one and its bytes are not the ones
    ``task.known`` records; without a catalog, render the English edition. Such an edition is new or
    changed: it keeps the PDF of the last build's edition when that prints the same, else gets a new
    one when ``reading.make_pdfs``, unless it is a draft."""
    letter, config, (locale, path, known, last) = reading.letter, reading.config, task
    if path is None:
        english_edition = render_edition(letter, english(), None, None, config.site_url)
        return Read(article=text_and_pdf(config, english_edition, reading.make_pdfs, last))
    try:
        data, stat = read(path)
        kept, kept_file = read_record(path)
        files = (FileRecord.of(data, stat), kept_file)
        if known is not None and catalog_digest(*files) == known.digest:
            return Read(files, known.progress)
        (strings, _noted), progress = counted(data, path, reading.units, letter.text_keys, kept, config)
    except InputError as error:
        return Read(error=error)
    status = LocaleStatus.configured(config, locale, path, progress)
    decided = planned(status, drafts=reading.drafts, online=reading.online)
    made = None
    if decided:
        rendered = render_edition(letter, decided, strings, kept, config.site_url)
        made = text_and_pdf(config, rendered, reading.make_pdfs, last)
    return Read(files, status.progress, made)


def read_record(catalog: Path) -> tuple[Record, FileRecord | None]:
    """The last reviewed translations beside a catalog, and their file's record (None without one)."""
    record, data, stat = reviewed.read(reviewed.path_of(catalog))
    return record, None if data is None or stat is None else FileRecord.of(data, stat)


def text_and_pdf(config: Config, rendered: Rendered, make_pdf: bool, last: EditionRecord | None) -> Article:
    """Write an edition's plain text, and keep its article for its page to be finished. Its PDF is the
    last build's (``last``) when that is still there and prints what this edition would (``printed``):
    a catalog saved with a new header, or a message made fuzzy over its last reviewed translation,
    changes no PDF. Else a new one is made when ``make_pdf``; a draft gets none."""
    tag = rendered.frame.edition.locale.tag
    files = {f"{tag}/letter.txt": rendered.text}
    name = f"{tag}/{pdf.FILE}"
    kept: Files = {}
    made: bytes | pdf.Notice | None = None
    now = None
    before = printed_before(config, last)
    if not rendered.frame.edition.draft and (make_pdf or before is not None):
        view = pdf.print_view(rendered.frame, rendered.article)
        now = printed(view, config.site_url)
        if last is not None and before == now and name in last.files:
            kept = unchanged(config.output, {name: last.files[name]}) or {}
        if not kept and make_pdf:
            made = pdf.make(rendered.frame, rendered.article, view, config.site_url)
            if isinstance(made, bytes):
                files[name] = made
    records, written = write_files(config.output, files)
    has_pdf = bool(kept) or isinstance(made, bytes)
    return Article(rendered.frame, rendered.article, {**records, **kept}, written,
                   made if isinstance(made, pdf.Notice) else None, now if has_pdf else None)


def printed_before(config: Config, last: EditionRecord | None) -> str | None:
    """What the PDF of the last build's edition (``last``) prints, None without one; None too when
    ``pdf`` is no longer among the formats, so that none is kept, as a build from scratch makes none
    (``--no-pdf`` only skips making them), and when it was printed on other fonts than those installed
    now. An edition kept whole as the last build made it (its catalog unreadable) keeps its PDF with
    its page, which links it, until it can be built again."""
    if last is None or last.pdf is None or pdf.FORMAT not in config.formats or last.fonts != pdf.fonts.installed():
        return None
    return last.pdf


def printed(view: str, site_url: str) -> str:
    """What an edition's PDF is made from: its print view, the site's address (which names the PDF),
    and this code with the libraries that print it (``code_digest``); its fonts are recorded beside."""
    return fingerprint(code_digest(), site_url, digest(view))


def finish(config: Config, alternates: tuple[render.Alternate, ...], made: Article) -> Finished:
    """Write the page of an edition (which links its PDF when it has one) after its other files."""
    tag = made.frame.edition.locale.tag
    html = page(made.frame, made.html, alternates, config.site_url, f"{tag}/{pdf.FILE}" in made.files)
    records, written = write_files(config.output, {f"{tag}/index.html": html})
    return Finished({**records, **made.files}, written + made.written, made.notice, made.printed)


class Pending(NamedTuple):
    """An edition to render in the build's step 3: whether to print its PDF, and the last build's record of it."""

    planned: Planned
    make_pdf: bool
    last: EditionRecord | None


@dataclass(frozen=True)
class Rendering:
    """What every edition rendered in the build's step 3 is rendered with: the letter, the editions its
    page names, and the settings."""

    letter: Letter
    alternates: tuple[render.Alternate, ...]
    config: Config


def render_one(rendering: Rendering, task: Pending) -> Finished:
    """Render one edition whose catalog was not read in this build, with its PDF as ``text_and_pdf`` decides,
    and write its files."""
    config, planned = rendering.config, task.planned
    if planned.path is None:
        rendered = render_edition(rendering.letter, planned, None, None, config.site_url)
    else:
        rendered = render_edition(rendering.letter, planned, load_strings(planned.path, config),
                                  read_record(planned.path)[0], config.site_url)
    return finish(config, rendering.alternates, text_and_pdf(config, rendered, task.make_pdf, task.last))
