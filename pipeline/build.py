"""The build: English and every reviewed locale → ``output/``, as one readable pipeline.

1. read every catalog and decide which locales are publishable; an edition is rendered as
   soon as its catalog is read, but for the top and bottom of its HTML page;
2. finish those pages, which name every other edition, once all catalogs have been read,
   and render the editions whose catalogs were not read but which must be made again;
3. write what changed, and remove editions that are no longer published.

A locale that is not reviewed is skipped with a reason; ``drafts`` renders it
anyway, under a banner. A catalog that cannot be read is reported and the other
editions are still built.

Builds are incremental and use every core, with pages byte-identical to a
build from scratch. ``output/.letter-build.json`` records, for each catalog,
its hash and progress, and for each edition a fingerprint of what its article
and plain text are made from (the letter, its catalog's bytes, the templates
and the code) and one of its whole page (that, the settings and the editions it
links to), with the hash of each file written. A catalog whose size and
modification time are the recorded ones is not read again, and one whose bytes
did not change is not parsed; an edition whose fingerprint did not change and
whose files are still there, unchanged, is not rendered again, and neither are
the site pages (index, progress page, badges, stylesheet) unless what they show
changed. Editions are rendered in worker processes, one edition at a time each,
so no process holds more than a few catalogs: what comes back of an edition is
its article, encoded (some 1.5 MB for 10,000 signatories), kept until every
catalog has been read and its page can be finished.
"""
from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from functools import cache, partial
from importlib import metadata, resources
from pathlib import Path
from typing import Callable, NamedTuple

from pipeline import pofile, render
from pipeline.catalogs import load_strings, parse_strings, progress, read, select
from pipeline.config import Config
from pipeline.edition import Edition, Key, edition, lookup
from pipeline.errors import InputError
from pipeline.files import write_atomic, write_if_changed
from pipeline.locales import LocaleInfo, source_locale
from pipeline.model import Letter, Message, is_required
from pipeline.parallel import forked
from pipeline.progress import LocaleStatus, Progress
from pipeline.source import read_letter
from pipeline.units import messages

EDITION_FILES = ("index.html", "letter.txt")
MANIFEST = ".letter-build.json"
MANIFEST_VERSION = 3


@dataclass(frozen=True)
class Planned:
    """One edition to render: its locale, its catalog file (None for English), and whether it is a draft."""

    locale: LocaleInfo
    path: Path | None
    draft: bool


@dataclass(frozen=True)
class Skipped:
    locale: LocaleInfo
    progress: Progress


@dataclass(frozen=True)
class BuildResult:
    editions: tuple[Planned, ...]
    skipped: tuple[Skipped, ...]
    errors: tuple[InputError, ...]
    written: tuple[str, ...]   # files created or changed, relative to the output folder
    removed: tuple[str, ...]   # files of editions no longer published
    unpublished: tuple[str, ...]  # tags configured as published that could not be
    rendered: tuple[str, ...] = ()  # tags of the editions rendered this time (the others were up to date)

    @property
    def failed(self) -> bool:
        return bool(self.unpublished)


def plan(found: list[LocaleStatus], *, drafts: bool = False) -> tuple[list[Planned], list[Skipped]]:
    """Decide which editions to build from the catalogs' progress."""
    planned = [Planned(source_locale(), None, False)]
    skipped: list[Skipped] = []
    for locale in found:
        made = _planned(locale.locale, locale.path, locale.progress, drafts=drafts)
        if made is not None:
            planned.append(made)
        else:
            skipped.append(Skipped(locale.locale, locale.progress))
    return planned, skipped


def _planned(locale: LocaleInfo, path: Path, state: Progress, *, drafts: bool) -> Planned | None:
    """A catalog's edition: published when reviewed, a draft when drafts are asked for; else none.
    Decided by ``plan`` and, for a catalog just read, by the worker that renders its edition."""
    if state.publishable or drafts:
        return Planned(locale, path, not state.publishable)
    return None


# --- one edition -------------------------------------------------------------------------------

def shown(strings: pofile.Strings, *, drafts: bool) -> dict[Key, str]:
    """The translations an edition shows, by (context, msgid): reviewed ones, and drafts too when asked."""
    return {key: text for key, (text, fuzzy) in strings.items() if text and (drafts or not fuzzy)}


class Rendered(NamedTuple):
    """An edition rendered but for the top and bottom of its page, which name the other editions
    (``render.render_frame``): what the page shows of it, its article, and its plain text, encoded."""

    frame: render.Frame
    article: bytes
    text: bytes


def render_edition(letter: Letter, planned: Planned, strings: pofile.Strings | None) -> Rendered:
    """Translate and render one edition from its catalog's strings (None for English); pure."""
    translate = lookup(shown(strings, drafts=planned.draft) if strings is not None else None)
    view = edition(letter, planned.locale, translate, draft=planned.draft)
    return Rendered(render.frame_of(view), render.render_article(view).encode(), render.render_text(view).encode())


def page(frame: render.Frame, article: bytes, alternates: tuple[render.Alternate, ...], site_url: str) -> bytes:
    """An edition's HTML page: its article within the top and bottom that name the other editions."""
    top, bottom = render.render_frame(frame, alternates, site_url)
    return b"".join((top.encode(), article, bottom.encode()))


def site_files(config: Config, letter: Letter, alternates: tuple[render.Alternate, ...], english: Edition,
               found: list[LocaleStatus]) -> dict[str, bytes]:
    """The pages about all editions: the index, the stylesheet, the progress page and the badges."""
    files: dict[str, bytes] = {}
    files["index.html"] = render.render_index(alternates, english, config.site_url).encode()
    files["style.css"] = resources.files("pipeline").joinpath("templates/style.css").read_bytes()
    required = sum(1 for message in messages(letter) if is_required(message.context))
    files["status.html"] = render.render_status(found, required).encode()
    for item in found:
        files[f"badges/{item.locale.tag}.svg"] = render.render_badge(item).encode()
    return files


def _alternates(editions: list[Planned]) -> tuple[render.Alternate, ...]:
    return tuple(render.Alternate(e.locale, f"{e.locale.tag}/") for e in editions)


# --- the build ---------------------------------------------------------------------------------

def run(config: Config, letter: Letter | None = None, *, drafts: bool = False,
        jobs: int | None = None) -> BuildResult:
    """Build the editions of ``letter``, or of the letter in ``config``'s source files.

    Read from the files, the letter is read only when something is to be made from it: a
    build in which nothing changed, source files included, does not parse 10,000
    signatories to find that out.
    """
    output = config.output
    manifest = _read_manifest(output)
    source = _source_state(config) if letter is None else None
    read = cache(lambda: letter if letter is not None else
                 read_letter(config.source, config.signatories, display_root=config.root))
    known_source = manifest.get("source", {})
    recorded = manifest.get("editions", {})

    @cache
    def letter_digest() -> str:
        """The letter's digest, which stands for its messages too: they are made from it by this
        code. It is the recorded one when the source files and the code are those it was recorded
        with. Otherwise it is worked out from the bytes of the source files, from which this
        code makes the letter (hashing them takes a millisecond, where the letter's ``repr``
        took 0.2 s of 10,000 signatories), or from the letter itself when it was given."""
        if source is None:
            return _digest(repr(read()))
        if known_source.get("state") == source:
            return known_source["letter"]
        return _source_digest(config) or _digest(repr(read()))  # read() reports a file that cannot be read

    def content(planned: Planned, catalog_digest: str) -> str:
        """The fingerprint of what an edition's article and plain text are made from."""
        return _digest(json.dumps([MANIFEST_VERSION, _code_digest(), letter_digest(), planned.locale.tag,
                                   planned.draft, catalog_digest]))

    # 1. Every catalog's progress: from the manifest when its size and modification time are the recorded
    # ones. The workers read the others, and render the edition of each that makes one right away.
    catalogs_seen: dict[str, dict] = {}
    found: list[LocaleStatus] = []
    errors: list[InputError] = []
    selected, unreadable = select(config, ())
    errors += unreadable
    to_read: list[tuple[LocaleInfo, Path | None, dict | None]] = []
    english = Planned(source_locale(), None, False)
    old_english = recorded.get(english.locale.tag)
    if not old_english or old_english.get("content") != content(english, ""):
        to_read.append((english.locale, None, None))  # no catalog to read: its edition is rendered there too
    for item in selected:
        known = manifest.get("catalogs", {}).get(item.locale.tag)
        if known and known["letter"] != letter_digest():
            known = None  # its progress was counted over other messages
        record = _stat_record(item.path, known)
        if known and record:
            catalogs_seen[item.locale.tag] = {**known, **record}
            found.append(LocaleStatus(item.locale, item.path, Progress(**known["progress"]),
                                      item.locale.tag in config.published))
        else:
            to_read.append((item.locale, item.path, known))
    # A catalog touched but not changed is not parsed. Meanwhile this process loads what making the
    # pages will need (for the workers of step 2 to inherit, too); when no catalog changed, there is
    # likely nothing to render, and nothing is loaded.
    results = []
    rendered: dict[str, Article] = {}
    if to_read:
        with forked(_read_catalog, [(config, locale, path, known, drafts) for locale, path, known in to_read],
                    common=(read(), messages(read())), jobs=jobs) as reading:
            render.preload([source_locale()] + [item.locale for item in selected])
            results = list(reading)
    for (locale, path, _known), (record, state, made, error) in zip(to_read, results):
        if error is not None:
            errors.append(InputError(*error))
            continue
        if made is not None:
            rendered[locale.tag] = made
        if path is not None:
            catalogs_seen[locale.tag] = {**record, "letter": letter_digest(), "progress": asdict(state)}
            found.append(LocaleStatus(locale, path, state, locale.tag in config.published))  # type: ignore[arg-type]
    found.sort(key=lambda status: status.locale.tag)
    editions, skipped = plan(found, drafts=drafts)
    fresh = set(rendered)  # the editions rendered in step 1

    # 2. Each edition's fingerprints, and which editions not rendered in step 1 must be: those whose
    # inputs changed since the last build, or whose files are gone. A locale's name and direction
    # follow from its tag and the Babel version in the code digest.
    alternates = _alternates(editions)
    links = [config.site_url, [(a.locale.tag, a.href) for a in alternates]]
    done: dict[str, dict] = {}
    pending: list[Planned] = []
    written: list[str] = []
    for planned in editions:
        tag = planned.locale.tag
        catalog_digest = catalogs_seen.get(tag, {}).get("sha256", "") if planned.path else ""
        made_from = content(planned, catalog_digest)
        fingerprint = _digest(json.dumps([made_from, links]))
        done[tag] = {"content": made_from, "fingerprint": fingerprint}
        if tag in rendered:  # rendered in step 1, but for its page's top and bottom
            continue
        old = recorded.get(tag)
        if (catalog_digest or planned.path is None) and old and old["fingerprint"] == fingerprint:
            current = _unchanged(output, old["files"])
            if current is not None:
                done[tag]["files"] = current
                continue
        pending.append(planned)
    # 3. The pages of the editions rendered in step 1 are finished on two threads (hashing and writing
    # a page let go of the interpreter), and the site pages made when what they show changed, while
    # the workers render the others.
    site_fingerprint = _digest(json.dumps([content(english, ""), links,
                                           [(item.locale.tag, asdict(item.progress), item.required)
                                            for item in found]]))
    tasks = [(config, planned) for planned in pending]
    finish = partial(_finish, config, alternates)
    with forked(_render_edition, tasks, common=(read(), alternates) if tasks else None, jobs=jobs) as rendering, \
            ThreadPoolExecutor(2) as threads:
        finished = threads.map(finish, rendered.values())
        site_written, current = _site_pages(config, read, alternates, found, site_fingerprint,
                                            manifest.get("site", {}))
        written += site_written
        for tag, (records, changed) in zip(rendered, finished):
            done[tag]["files"] = records
            written += changed
        for planned, (records, changed) in zip(pending, rendering):
            done[planned.locale.tag]["files"] = records
            written += changed

    # 4. What is no longer published, then the manifest.
    names = set(current) | {name for record in done.values() for name in record["files"]}
    removed = _remove_stale(output, {e.locale.tag for e in editions}, names)
    _write_manifest(output, {"version": MANIFEST_VERSION, "catalogs": dict(sorted(catalogs_seen.items())),
                             "editions": {e.locale.tag: done[e.locale.tag] for e in editions},
                             "site": {"fingerprint": site_fingerprint, "files": current},
                             "source": {"state": source, "letter": letter_digest()} if source is not None else {}})
    reviewed = {e.locale.tag for e in editions if not e.draft}
    unpublished = tuple(tag for tag in config.published if tag not in reviewed)
    order = {e.locale.tag: n for n, e in enumerate(editions)}
    written.sort(key=lambda name: (order.get(name.split("/")[0], -1), name))
    return BuildResult(tuple(editions), tuple(skipped), tuple(errors), tuple(written), removed, unpublished,
                       tuple(e.locale.tag for e in editions if e.locale.tag in fresh or e in pending))


def _site_pages(config: Config, read: Callable[[], Letter], alternates: tuple[render.Alternate, ...],
                found: list[LocaleStatus], fingerprint: str, recorded: dict) -> tuple[list[str], dict[str, dict]]:
    """Write the site pages unless ``recorded`` (from the last build) has the same fingerprint and
    its files are still there; the pages written, and the record of every page."""
    current = _unchanged(config.output, recorded["files"]) if recorded.get("fingerprint") == fingerprint else None
    if current is not None:
        return [], current
    # The index page is in English: its title, opening and interface words (not the signatories).
    letter = read()
    english = edition(replace(letter, signatories=()), source_locale(), lookup(None))
    records, written = _write_files(config, site_files(config, letter, alternates, english, found))
    return written, records


# --- workers -----------------------------------------------------------------------------------

class Article(NamedTuple):
    """An edition rendered where its catalog was read, its plain text written: its page waits for
    the process that read every catalog, which alone knows the other editions the page names."""

    frame: render.Frame
    html: bytes
    text: dict[str, dict]  # the plain text's record
    written: list[str]  # the plain text's name, if it was written (created or changed)


def _read_catalog(common: tuple[Letter, tuple[Message, ...]],
                  task: tuple[Config, LocaleInfo, Path | None, dict | None, bool]
                  ) -> tuple[dict | None, Progress | None, Article | None, None] | tuple[None, None, None, tuple]:
    """A catalog's record and progress, and its edition's article when it makes one and its bytes are
    not the ones ``known`` records; or the error to report (as a tuple: it crosses processes).
    Without a catalog (``path`` None), the English edition's article."""
    letter, units = common
    config, locale, path, known, drafts = task
    if path is None:
        return None, None, _article(config, render_edition(letter, Planned(locale, None, False), None)), None
    try:
        data, stat = read(path, config)
        record = _record(data, stat)
        if known and known["sha256"] == record["sha256"]:
            return record, Progress(**known["progress"]), None, None
        strings = parse_strings(data, path, config)
    except InputError as error:
        return None, None, None, (error.path, error.line, error.message)
    state = progress(units, strings)
    planned = _planned(locale, path, state, drafts=drafts)
    return record, state, _article(config, render_edition(letter, planned, strings)) if planned else None, None


def _article(config: Config, rendered: Rendered) -> Article:
    """Write an edition's plain text, and keep its article for its page to be finished."""
    text, written = _write_files(config, {f"{rendered.frame.edition.locale.tag}/letter.txt": rendered.text})
    return Article(rendered.frame, rendered.article, text, written)


def _finish(config: Config, alternates: tuple[render.Alternate, ...], made: Article) -> tuple[dict[str, dict], list[str]]:
    """Write the page of an edition rendered in step 1; the records of both its files, and which were written."""
    tag = made.frame.edition.locale.tag
    records, written = _write_files(config, {f"{tag}/index.html": page(made.frame, made.html, alternates,
                                                                           config.site_url)})
    return {**records, **made.text}, written + made.written


def _render_edition(common: tuple[Letter, tuple[render.Alternate, ...]],
                    task: tuple[Config, Planned]) -> tuple[dict[str, dict], list[str]]:
    """Render one edition whose catalog was not read in this build, and write its files."""
    letter, alternates = common
    config, planned = task
    strings = load_strings(planned.path, config) if planned.path is not None else None
    return _finish(config, alternates, _article(config, render_edition(letter, planned, strings)))


def _write_files(config: Config, files: dict[str, bytes]) -> tuple[dict[str, dict], list[str]]:
    """Write files under ``output/``; the record of each, and which were written (created or changed)."""
    written = [name for name, data in files.items() if write_if_changed(config.output / name, data)]
    return {name: _record_of(config.output / name, data) for name, data in files.items()}, written


# --- the manifest ------------------------------------------------------------------------------

def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@cache
def _code_digest() -> str:
    """The templates, this package's code and the versions of the libraries that shape the output."""
    package = resources.files("pipeline")
    parts = []
    for entry in sorted(package.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".py"):
            parts.append(entry.name + ":" + hashlib.sha256(entry.read_bytes()).hexdigest())
    for entry in sorted(package.joinpath("templates").iterdir(), key=lambda e: e.name):
        parts.append("templates/" + entry.name + ":" + hashlib.sha256(entry.read_bytes()).hexdigest())
    for name in ("jinja2", "markdown-it-py", "markupsafe", "uniseg", "babel"):
        try:
            parts.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name}: none")
    return _digest("\n".join(parts))


def _source_state(config: Config) -> list:
    """What the letter is read from, as make judges it: the code that reads it, the project folder
    its references are relative to, and each source file's size and modification time."""
    state: list = [_code_digest(), os.fspath(config.root)]
    for path in (config.source, config.signatories):
        try:
            stat = path.stat()
        except OSError:
            state.append([os.fspath(path), None, None])
        else:
            state.append([os.fspath(path), stat.st_size, stat.st_mtime_ns])
    return state


def _source_digest(config: Config) -> str | None:
    """A digest of what the letter is read from: the code that reads it, the project folder its
    references are relative to, and the bytes of its source files; None when one cannot be read."""
    try:
        contents = [(os.fspath(path), hashlib.sha256(path.read_bytes()).hexdigest())
                    for path in (config.source, config.signatories)]
    except OSError:
        return None
    return _digest(json.dumps([_code_digest(), os.fspath(config.root), contents]))


def _stat_record(path: Path, known: dict | None) -> dict | None:
    """The record of a file whose size and modification time (to the nanosecond) are those of
    ``known``, taken to hold the bytes recorded there, as make and ninja judge a file
    unchanged; None when they differ or the file is gone. A no-op build would otherwise
    hash every catalog and edition again (some 400 MB for 50 locales).
    """
    try:
        stat = path.stat()
    except OSError:
        return None
    if known and known.get("size") == stat.st_size and known.get("mtime_ns") == stat.st_mtime_ns:
        return {"sha256": known["sha256"], "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    return None


def _file_record(path: Path, known: dict | None) -> dict | None:
    """A file's hash, size and modification time (by ``_stat_record`` when it can); None when it cannot be read."""
    record = _stat_record(path, known)
    if record is not None:
        return record
    try:
        with open(path, "rb") as file:
            return _record(file.read(), os.fstat(file.fileno()))
    except OSError:
        return None


def _record(data: bytes, stat: os.stat_result) -> dict:
    return {"sha256": hashlib.sha256(data).hexdigest(), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _record_of(path: Path, data: bytes) -> dict:
    """The record of a file just written with ``data``."""
    return _record(data, path.stat())


def _unchanged(output: Path, files: dict[str, dict]) -> dict[str, dict] | None:
    """The current records of files written earlier, if every one still holds the same bytes."""
    current = {}
    for name, known in files.items():
        record = _file_record(output / name, known)
        if record is None or record["sha256"] != known["sha256"]:
            return None
        current[name] = record
    return current


def _read_manifest(output: Path) -> dict:
    try:
        data = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("version") == MANIFEST_VERSION else {}


def _write_manifest(output: Path, data: dict) -> None:
    text = json.dumps(data, indent=1, sort_keys=True) + "\n"
    path = output / MANIFEST
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except (OSError, ValueError):
        pass
    output.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text.encode("utf-8"), durable=False)


def _remove_stale(output: Path, tags: set[str], written: set[str]) -> tuple[str, ...]:
    """Take down editions that are no longer published and badges of locales that are gone;
    other files in output/ (screenshots, say) are left alone."""
    removed = [f"badges/{badge.name}" for badge in sorted((output / "badges").glob("*.svg"))
               if f"badges/{badge.name}" not in written]
    for name in removed:
        (output / name).unlink()
    for folder in sorted(p for p in output.iterdir() if p.is_dir() and p.name not in tags) if output.is_dir() else ():
        if not (folder / "letter.txt").is_file():
            continue
        for name in EDITION_FILES:
            target = folder / name
            if target.is_file():
                target.unlink()
                removed.append(f"{folder.name}/{name}")
        if not any(folder.iterdir()):
            folder.rmdir()
    return tuple(removed)
