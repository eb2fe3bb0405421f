"""The incremental build's record, ``output/.letter-build.json``: what the last build read and wrote.

For each catalog, its file (hash, size, modification time), the letter its progress was
counted against, and that progress; for each edition, a fingerprint of what its article
and plain text are made from (``content``: the code, the letter, the locale, its catalog's
bytes), one of its whole page (``fingerprint``: that, the settings, the editions it
links to and whether it links its PDF), one of its PDF when it has one (``pdf``: what it prints,
the edition's print view, and what prints it, so that an edition made again from a catalog whose
header alone changed, or for a new edition's link, keeps its PDF) and a record of each file written; the same for
the site pages; and the state of the source files the letter was read from, with the letter's
digest.

A file whose size and modification time (to the nanosecond) are the recorded ones is taken
to hold the recorded bytes, as make and ninja judge a file unchanged: a build in which
nothing changed would otherwise hash every catalog and page again (some 400 MB for 50
locales). A record that is missing, unreadable or written by another ``MANIFEST_VERSION``
reads as an empty one, and the build then makes everything.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from itertools import chain
from pathlib import Path, PurePosixPath
from types import UnionType
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

from pipeline.config import Config
from pipeline.errors import read_json
from pipeline.files import write_atomic, write_if_changed
from pipeline.progress import Progress

T = TypeVar("T")

MANIFEST = ".letter-build.json"
MANIFEST_VERSION = 11


@dataclass(frozen=True)
class FileRecord:
    """A file's bytes, by their hash, and the size and modification time they were seen with."""

    sha256: str
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, data: bytes, stat: os.stat_result) -> FileRecord:
        return cls(hashlib.sha256(data).hexdigest(), stat.st_size, stat.st_mtime_ns)

    @classmethod
    def written(cls, path: Path, data: bytes) -> FileRecord:
        """The record of a file just written with ``data``."""
        return cls.of(data, path.stat())


#: Files by their name under ``output/``.
Files = dict[str, FileRecord]


@dataclass(frozen=True)
class CatalogRecord:
    file: FileRecord
    letter: str  # the digest of the letter whose messages ``progress`` counts
    progress: Progress
    reviewed: FileRecord | None = None  # the record of its last reviewed translations, beside it

    @property
    def digest(self) -> str:
        return catalog_digest(self.file, self.reviewed)


def catalog_digest(catalog: FileRecord, reviewed: FileRecord | None) -> str:
    """What an edition is made from of its catalog: the catalog's bytes and its record's."""
    return catalog.sha256 + (reviewed.sha256 if reviewed is not None else "")


@dataclass(frozen=True)
class EditionRecord:
    content: str  # the fingerprint of what its article and plain text are made from
    fingerprint: str  # the fingerprint of its whole page
    files: Files
    pdf: str | None = None  # the fingerprint of what its PDF, among ``files``, prints (``one_edition.printed``)
    draft: bool = False  # made under the draft banner (``--drafts``, ``letter serve``): never kept as published
    fonts: str | None = None  # the installed fonts its PDF was printed on (``pdf.fonts.installed``)


@dataclass(frozen=True)
class SiteRecord:
    """The index, the progress page, the badges and the stylesheet."""

    fingerprint: str
    files: Files


@dataclass(frozen=True)
class SourceRecord:
    state: list[Any]  # ``source_state`` when the letter was read
    letter: str  # the letter's digest


@dataclass(frozen=True)
class Manifest:
    catalogs: Mapping[str, CatalogRecord] = field(default_factory=dict)  # by locale tag
    editions: Mapping[str, EditionRecord] = field(default_factory=dict)  # by locale tag
    site: SiteRecord | None = None
    source: SourceRecord | None = None  # None when the build was given the letter

    #: The files the last build recorded writing, from a record of any version that keeps them where
    #: this one does, so that a build after an upgrade still takes down what the last one made.
    made: frozenset[str] = frozenset()
    #: Whether a record was there to read, of any version: without one, the build cannot tell its own
    #: files in output/ from others', and takes none down.
    found: bool = False
    #: Written when a first build starts, into an empty output/: read back, it says that build stopped
    #: (Ctrl-C, an error) before it could record what it wrote, which the build then finds by its names.
    started: bool = False

    @classmethod
    def read(cls, output: Path) -> Manifest:
        """The record of the last build into ``output``, or an empty one but for ``made``."""
        try:
            data = read_json((output / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict):
            return cls()
        if data.get("started") is True:
            return cls(found=True, started=True)
        made = _made(data)
        if data.get("version") != MANIFEST_VERSION:
            return cls(made=made, found=True)
        try:
            return replace(cls._from_json(data), made=made, found=True)
        except (AttributeError, KeyError, TypeError):  # not the shape this version writes
            return cls(made=made, found=True)

    def write(self, output: Path) -> None:
        """Save the record, unless it holds just what is saved already."""
        text = json.dumps(self._json(), indent=1, sort_keys=True) + "\n"
        path = output / MANIFEST
        try:
            if path.read_text(encoding="utf-8") == text:
                return
        except (OSError, ValueError):
            pass
        output.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"), durable=False)

    @classmethod
    def _from_json(cls, data: dict[str, Any]) -> Manifest:
        site, source = data.get("site") or None, data.get("source") or None
        return cls(
            catalogs={tag: _typed(CatalogRecord, file=_file(record), letter=record["letter"],
                                  progress=_typed(Progress, **record["progress"]),
                                  reviewed=_file(record["reviewed"]) if record.get("reviewed") else None)
                      for tag, record in data.get("catalogs", {}).items()},
            editions={tag: _typed(EditionRecord, content=record["content"], fingerprint=record["fingerprint"],
                                  files=_files(record["files"]), pdf=record.get("pdf"), draft=record["draft"],
                                  fonts=record.get("fonts"))
                      for tag, record in data.get("editions", {}).items()},
            site=_typed(SiteRecord, fingerprint=site["fingerprint"], files=_files(site["files"])) if site else None,
            source=_typed(SourceRecord, state=source["state"], letter=source["letter"]) if source else None)

    def _json(self) -> dict[str, Any]:
        """The record as JSON: a catalog's file is recorded beside its letter and progress."""
        if self.started:
            return {"version": MANIFEST_VERSION, "started": True}
        return {"version": MANIFEST_VERSION,
                "catalogs": {tag: {**asdict(record.file), "letter": record.letter, "progress": asdict(record.progress),
                                   "reviewed": asdict(record.reviewed) if record.reviewed else None}
                             for tag, record in self.catalogs.items()},
                "editions": {tag: asdict(record) for tag, record in self.editions.items()},
                "site": asdict(self.site) if self.site else {},
                "source": asdict(self.source) if self.source else {}}


def _made(data: dict[str, Any]) -> frozenset[str]:
    groups = [*(data.get("editions") or {}).values(), data.get("site") or {}]
    names = chain.from_iterable(group.get("files") or {} for group in groups if isinstance(group, dict))
    return frozenset(name for name in names if isinstance(name, str) and _inside(name))


def _inside(name: str) -> bool:
    """Whether a recorded name is a file under output/: relative, and climbing out nowhere."""
    parts = PurePosixPath(name).parts
    return bool(parts) and not PurePosixPath(name).is_absolute() and ".." not in parts


def _file(record: dict[str, Any]) -> FileRecord:
    return _typed(FileRecord, sha256=record["sha256"], size=record["size"], mtime_ns=record["mtime_ns"])


def _typed(kind: type[T], **values: Any) -> T:
    """A ``kind`` of ``values``, each of the type its field declares, else a ``TypeError``: a record edited
    or damaged by hand (a count as text) would otherwise get past ``read`` and fail a later sum or join."""
    allowed = _field_types(kind)
    for name, value in values.items():
        if not isinstance(value, allowed[name]):
            raise TypeError(f"{kind.__name__}.{name} = {value!r}")
    return kind(**values)


@cache
def _field_types(kind: type) -> dict[str, tuple[type, ...]]:
    """The classes each field of ``kind`` may hold (a union's members; ``dict`` for ``dict[str, int]``), read once
    per kind: a build reads a record of each catalog and edition."""
    return {name: tuple(get_origin(member) or member for member in (get_args(hint) if isinstance(hint, UnionType)
                                                                    else (hint,)))
            for name, hint in get_type_hints(kind).items()}


def _files(records: dict[str, dict[str, Any]]) -> Files:
    return {name: _file(record) for name, record in records.items()}


# --- files on disk -------------------------------------------------------------------------------

def stat_record(path: Path, known: FileRecord | None) -> FileRecord | None:
    """The record of a file whose size and modification time are those of ``known``, taken to
    hold the bytes recorded there; None when they differ or the file is gone."""
    try:
        stat = path.stat()
    except OSError:
        return None
    if known is not None and known.size == stat.st_size and known.mtime_ns == stat.st_mtime_ns:
        return FileRecord(known.sha256, stat.st_size, stat.st_mtime_ns)
    return None


def file_record(path: Path, known: FileRecord | None) -> FileRecord | None:
    """A file's record, by ``stat_record`` when it can, else by reading it; None when it cannot be read."""
    record = stat_record(path, known)
    if record is not None:
        return record
    try:
        with open(path, "rb") as file:
            return FileRecord.of(file.read(), os.fstat(file.fileno()))
    except OSError:
        return None


def unchanged(output: Path, files: Files) -> Files | None:
    """The current records of files written earlier, if every one still holds the same bytes."""
    current = {}
    for name, known in files.items():
        record = file_record(output / name, known)
        if record is None or record.sha256 != known.sha256:
            return None
        current[name] = record
    return current


def current_files(output: Path, recorded: EditionRecord | SiteRecord | None, fingerprint: str) -> Files | None:
    """The current records of the files the last build wrote for something made from what
    ``fingerprint`` stands for; None when they were made from something else, or one is gone or changed."""
    if recorded is None or recorded.fingerprint != fingerprint:
        return None
    return unchanged(output, recorded.files)


def linked_folder(output: Path, name: str) -> Path | None:
    """The first folder of ``name`` (a file's name in ``output``) that is a symbolic link, or None. A build
    writes and deletes nothing through one: a link in output/ (``fr -> ~/.ssh``, committed or left there)
    would have it write or delete files wherever it leads."""
    folder = output
    for part in PurePosixPath(name).parts[:-1]:
        folder = folder / part
        if folder.is_symlink():
            return folder
    return None


def write_files(output: Path, files: Mapping[str, bytes]) -> tuple[Files, list[str]]:
    """Write files under ``output`` (by their names in it); the record of each, and which were written
    (created or changed: a file that holds its bytes already keeps its modification time). A folder of
    theirs that is a symbolic link (``linked_folder``) is replaced by a folder, as ``write_atomic``
    replaces a link where a made file goes; what the link leads to is left as it is."""
    for name in files:
        if (link := linked_folder(output, name)) is not None:
            link.unlink()
    written = [name for name, data in files.items() if write_if_changed(output / name, data)]
    return {name: FileRecord.written(output / name, data) for name, data in files.items()}, written


# --- fingerprints --------------------------------------------------------------------------------

def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


#: What every page links to, in its fingerprint: the site's address, and each edition's tag and address.
Links = tuple[str, list[tuple[str, str]]]


def fingerprint(*parts: Any) -> str:
    """The digest of values that JSON can hold."""
    return digest(json.dumps(list(parts)))


def content_fingerprint(letter: str, tag: str, draft: bool, catalog: str) -> str:
    """The fingerprint of what an edition's article and plain text are made from: this code, the
    letter's digest, the locale, whether it is a draft, and its catalog's hash ("" for English)."""
    return fingerprint(MANIFEST_VERSION, code_digest(), letter, tag, draft, catalog)


@cache
def code_digest() -> str:
    """The templates, this package's code and the versions of the libraries that shape the output, the
    PDFs' included (a new version may lay out or write other bytes)."""
    package = resources.files("pipeline")
    parts = [f"{name}:{hashlib.sha256(entry.read_bytes()).hexdigest()}" for name, entry in _modules(package)]
    for entry in sorted(package.joinpath("templates").iterdir(), key=lambda e: e.name):
        parts.append("templates/" + entry.name + ":" + hashlib.sha256(entry.read_bytes()).hexdigest())
    parts += versions(("jinja2", "markdown-it-py", "markupsafe", "uniseg", "babel",
                       "weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "tinyhtml5"))
    return digest("\n".join(parts))


def versions(names: Iterable[str]) -> list[str]:
    """Each library's installed version ("babel==2.16.0"), or that it is not installed ("babel: none")."""
    found = []
    for name in names:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}: none")
    return found


def _modules(folder: Traversable, prefix: str = "") -> Iterator[tuple[str, Traversable]]:
    """The package's modules by their path in it, subpackages' too (``po/read.py``), in name order."""
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_dir() and entry.name not in ("templates", "__pycache__"):
            yield from _modules(entry, f"{prefix}{entry.name}/")
        elif entry.name.endswith(".py"):
            yield prefix + entry.name, entry


def source_state(config: Config) -> list[Any]:
    """What the letter is read from, as make judges it: the code that reads it, the project folder
    its references are relative to, and each source file's size and modification time."""
    state: list[Any] = [code_digest(), os.fspath(config.root)]
    for path in (config.source, config.signatories):
        state.append([os.fspath(path), *(file_state(path) or (None, None))])
    return state


def file_state(path: Path) -> tuple[int, int] | None:
    """A file's size and modification time, which change with it as make judges; None when there is none."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def source_digest(config: Config) -> str | None:
    """A digest of what the letter is read from: the code that reads it, and its source files' bytes
    and names as its references give them (relative to the project); None when one cannot be read.
    A project copied or cloned elsewhere has the same letter: none of its editions is made again."""
    try:
        contents = [(config.relative(path), hashlib.sha256(path.read_bytes()).hexdigest())
                    for path in (config.source, config.signatories)]
    except OSError:
        return None
    return fingerprint(code_digest(), contents)
