"""The review page's reads and writes of a catalog: what a message is, and saving it safely.

A write is made on the catalog as it is on disk at that moment, never on the copy the
page was made from: a translator who saved the file in Poedit meanwhile keeps every
message they changed. Only when the very message being saved changed on disk is
there a choice to make, and it goes back to the reviewer (``Saved.conflicts``) with
both texts. The file is written as ``letter`` always writes catalogs (msgcat-identical,
atomically, flushed to disk), and only if it still holds the bytes this write was
made from (``files.write_atomic``'s last-moment check); otherwise it starts over.
"""
from __future__ import annotations

import copy
import hashlib
import json
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import polib

from pipeline import catalogs, po
from pipeline.checks import Context, Settings, lost_token
from pipeline.config import Config
from pipeline.errors import InputError, line_of
from pipeline.files import ChangedOnDisk, write_atomic
from pipeline.locales import LocaleInfo
from pipeline.masking import LOST_NOTE, without_draft_note
from pipeline.po.comments import draft_comment

FUZZY = "fuzzy"
REVISION_DATE = "PO-Revision-Date"
#: The header's revision date on a line of its own, as msgcat and every PO editor write it.
REVISION_LINE = re.compile(rb'^"' + re.escape(REVISION_DATE.encode()) + rb': [^"\\\r\n]*\\n"(?=\r?$)', re.MULTILINE)
#: How often a save starts over when the file keeps changing under it before giving up.
ATTEMPTS = 5


@dataclass(frozen=True)
class Snapshot:
    """A catalog as read from disk: its bytes and its entries. Never changed once made: a save makes
    a new one, so that a page being made from it in another thread sees one state of the file."""

    path: Path
    data: bytes
    catalog: polib.POFile

    @cached_property
    def version(self) -> str:
        return hashlib.sha256(self.data).hexdigest()[:16]

    @cached_property
    def entries(self) -> dict[str, polib.POEntry]:
        """The catalog's active messages by their identifier."""
        return {message_id(e.msgctxt, e.msgid): e for e in self.catalog if not e.obsolete}

    @cached_property
    def width(self) -> int | None:
        """The layout of the file (``po.page_width``), which a block written into it keeps."""
        return po.page_width(self.data)


class CatalogCache:
    """The catalogs as this server last read or wrote them: a file that still holds the same bytes
    is not parsed again (the review page, its state and every save read the catalog). The few
    used last are kept, since a parsed catalog of many messages is large."""

    KEPT = 4

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._known: dict[Path, Snapshot] = {}  # the last used last
        self._written: dict[Path, set[bytes]] = {}  # digests of each catalog as this server wrote it, or writes it

    def read(self, path: Path, config: Config) -> Snapshot:
        """A catalog's bytes and entries; a file that cannot be read or parsed is an ``InputError``."""
        data = catalogs.read(path)[0]
        with self._lock:
            known = self._known.get(path)
        if known is not None and known.data == data:
            self.remember(known)
            return known
        snapshot = Snapshot(path, data, catalogs.parse(data, path, config))
        self.remember(snapshot)
        return snapshot

    def writing(self, path: Path, data: bytes) -> None:
        """Note the bytes this server is about to write to a catalog: the watcher may report the rename while the
        writing thread still flushes the folder to disk, before ``wrote``."""
        with self._lock:
            self._written.setdefault(path, set()).add(hashlib.sha256(data).digest())

    def wrote(self, snapshot: Snapshot) -> None:
        """Remember a snapshot this server has written: its bytes, no longer those it wrote before, are its own."""
        self.remember(snapshot)
        with self._lock:
            self._written[snapshot.path] = {hashlib.sha256(snapshot.data).digest()}

    def written_here(self, path: Path) -> bool:
        """Whether the file holds what this server last wrote to it, or is writing: a watcher's news of a save (of
        the one before, while the next is written), not of another's edit."""
        with self._lock:
            digests = self._written.get(path, set())
        try:
            return bool(digests) and hashlib.sha256(path.read_bytes()).digest() in digests
        except OSError:  # gone, or unreadable: not as this server left it
            return False

    def remember(self, snapshot: Snapshot) -> None:
        with self._lock:
            self._known.pop(snapshot.path, None)
            self._known[snapshot.path] = snapshot
            while len(self._known) > self.KEPT:
                del self._known[next(iter(self._known))]


def message_id(context: str | None, msgid: str) -> str:
    """A message's identifier in URLs and pages: short, stable, made of hex digits only."""
    return hashlib.sha256(json.dumps([context, msgid]).encode()).hexdigest()[:16]


def revision(entry: polib.POEntry) -> str:
    """What a reviewer saw of a message, condensed: its translation, whether it is a draft, the
    English it was translated from. A save is made against one; if it changed, that is a conflict."""
    state = [entry.msgstr, entry.fuzzy, entry.previous_msgctxt, entry.previous_msgid]
    return hashlib.sha256(json.dumps(state).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Edit:
    """A reviewer's save of one message: the text, whether it is approved, and the revision it was made on."""

    id: str
    translation: str
    approve: bool
    base: str


@dataclass(frozen=True)
class Saved:
    entries: dict[str, polib.POEntry]  # each edit written (or that the file already held), by identifier
    snapshot: Snapshot  # the catalog as written
    changed: bool       # False when the file already held exactly this
    #: The line of every message the write moved, by identifier: a block that gained or lost lines (an
    #: approval drops its ``#|`` lines) moves those below it, which the review page shows.
    moved: dict[str, int] = field(default_factory=dict)
    #: The edits left out, as their message is now on disk (None: gone): it changed since their ``base``.
    conflicts: dict[str, polib.POEntry | None] = field(default_factory=dict)


def save(cache: CatalogCache, path: Path, config: Config, locale: LocaleInfo, edits: Sequence[Edit],
         made: Mapping[str, Edited] | None = None) -> Saved:
    """Apply ``edits`` (of distinct messages) to the catalog on disk and write it once, but for those whose message
    changed since their ``base`` (``Saved.conflicts``). A message the strict reader (and so msgfmt) would refuse is
    never written: an ``InputError``. ``made`` holds edits already made (``edited_entry``), by identifier, used while
    the file is still the one they were made on. One write for many edits: the reviewer approving again the
    messages an editor undid leaves the catalog approved whole or not at all, and the build runs once."""
    for _attempt in range(ATTEMPTS):
        snapshot = cache.read(path, config)
        catalog = copy.copy(snapshot.catalog)  # the same entries but the edited ones, which the snapshot keeps
        catalog.metadata = po.with_charset(catalog.metadata)
        place = {id(entry): n for n, entry in enumerate(catalog)}
        current: Snapshot | None = snapshot  # the bytes spliced so far; None: the catalog is written whole
        written: dict[str, polib.POEntry] = {}
        conflicts: dict[str, polib.POEntry | None] = {}
        for edit in edits:
            entry = snapshot.entries.get(edit.id)
            if conflicting(entry, edit, locale):
                conflicts[edit.id] = entry
                continue
            done = (made or {}).get(edit.id)
            if done is None or done.snapshot is not snapshot or done.edit != edit:
                done = edited_entry(snapshot, entry, edit, locale, config)
            at = place[id(entry)]
            now = catalog[at]  # its line moved by the blocks spliced above it
            catalog[at] = written[edit.id] = done.entry
            splice = None if current is None else _spliced(current, now, _alone(current, now), done.block)
            if splice is not None:
                splice.renumber(catalog, done.entry)
                current = Snapshot(path, splice.data, catalog)
            else:
                current = None
        if not written:
            return Saved({}, snapshot, False, conflicts=conflicts)
        data = current.data if current is not None else po.encoded(catalog, snapshot.data)
        if data == snapshot.data:
            return Saved(written, snapshot, False, conflicts=conflicts)
        data, date = _revised(data)
        if date is not None:
            catalog.metadata = {**catalog.metadata, REVISION_DATE: date}
        cache.writing(path, data)
        try:
            write_atomic(path, data, expected=snapshot.data)
        except ChangedOnDisk:
            continue
        if current is None:  # written whole, laid out anew: its entries are read again, for their lines
            catalog = po.parse(data, str(path))
        saved = Snapshot(path, data, catalog)
        cache.wrote(saved)
        return Saved({key: saved.entries[key] for key in written}, saved, True, _moved(snapshot, saved), conflicts)
    raise InputError(config.relative(path), None, "the catalog keeps changing on disk (is a program writing it "
                                                  "again and again?); the edit was not saved, try again")


def conflicting(entry: polib.POEntry | None, edit: Edit, locale: LocaleInfo) -> bool:
    """Whether ``edit`` meets its message (``entry``, as on disk now; None: gone) changed since its ``base``, which
    leaves the reviewer a choice to make. Not when the message already is what the edit would make of it: two
    reviewers who approve the same words, one after the other, have nothing to choose between."""
    if entry is None or revision(entry) == edit.base:
        return entry is None
    edited = copy.deepcopy(entry)
    apply(edited, edit.translation, edit.approve, locale)
    return revision(edited) != revision(entry) or edited.tcomment != entry.tcomment


def _moved(before: Snapshot, after: Snapshot) -> dict[str, int]:
    """The lines in ``after`` of the messages whose line differs from the one they had in ``before``."""
    was = before.entries
    return {key: entry.linenum for key, entry in after.entries.items()
            if key in was and was[key].linenum != entry.linenum}


@dataclass(frozen=True)
class Edited:
    """An edit made on a snapshot's entry: the entry as it will be written, and its block as ``dumps``
    writes it (with the header, as in a catalog of that one message)."""

    snapshot: Snapshot
    edit: Edit
    entry: polib.POEntry
    block: str


def edited_entry(snapshot: Snapshot, entry: polib.POEntry, edit: Edit, locale: LocaleInfo, config: Config
                 ) -> Edited:
    """``entry`` with ``edit`` applied; an ``InputError`` where the strict reader (and so msgfmt) would
    refuse it, draft or not (a translation ending in a newline its English does not end in), which no
    confirmation can save."""
    edited = copy.deepcopy(entry)
    apply(edited, edit.translation, edit.approve, locale)
    block = _alone(snapshot, edited)
    try:
        po.parse(block.encode("utf-8"), str(snapshot.path))
    except po.POSyntaxError as error:
        raise InputError(config.relative(snapshot.path), entry.linenum, f"not saved: {error.reason}") from None
    return Edited(snapshot, edit, edited, block)


def _alone(snapshot: Snapshot, entry: polib.POEntry) -> str:
    """The catalog's header and ``entry``, as ``dumps`` writes them in a catalog of that one message laid out
    as the file is."""
    alone = polib.POFile()
    alone.header = snapshot.catalog.header
    alone.metadata = po.with_charset(snapshot.catalog.metadata)
    alone.metadata_is_fuzzy = snapshot.catalog.metadata_is_fuzzy
    alone.append(entry)
    try:
        return po.dumps(alone, snapshot.width)
    except ValueError as error:  # what no PO file can hold (a NUL character)
        raise InputError(str(snapshot.path), entry.linenum, f"not saved: {error}") from None


@dataclass(frozen=True)
class _Splice:
    """A catalog with one message's block replaced: its bytes, and where the lines moved."""

    data: bytes
    first: int   # the line of the message's first keyword in the new block (``POEntry.linenum``)
    translation: int  # the line of its msgstr keyword there (``po.msgstr_line``)
    after: int   # the line, in the old file, that the lines below the block started after
    delta: int   # how many lines the block gained (fewer: negative)

    def renumber(self, catalog: polib.POFile, edited: polib.POEntry) -> None:
        """Give the entries of the catalog as written their lines, of their first keyword, of their msgstr and of
        the comments above them: the edited one its own, those below it theirs moved by ``delta`` (as copies: the
        last snapshot keeps its own), so that the next save of one of them finds its block by its line, and the
        review page shows where it is and finds its findings (told at the msgstr's line or a flag's) on it. The
        edited one's comments are written anew: a finding on its flags is told at its first line."""
        for index, other in enumerate(catalog) if self.delta else ():
            if other is not edited and other.linenum > self.after:
                moved = copy.copy(other)
                moved.linenum += self.delta
                moved.msgstr_linenum = po.msgstr_line(other) + self.delta
                if (kept := getattr(other, "flag_comments", None)) is not None:
                    texts, lines = kept
                    moved.flag_comments = (texts, [line + self.delta for line in lines])
                catalog[index] = moved
        edited.linenum, edited.msgstr_linenum, edited.flag_comments = self.first, self.translation, None


def _spliced(snapshot: Snapshot, entry: polib.POEntry, before: str, after: str) -> _Splice | None:
    """The snapshot's bytes with ``entry``'s block replaced by the one ``dumps`` writes for it now, in the
    file's layout (``after``; ``before`` as it wrote it until now), when the header stays as it is; else
    None, and the whole catalog is written.

    The other blocks stay as they are: in a file letter wrote, they are what ``dumps`` would
    write again (writing 13,000 messages again takes a second); in one an editor laid out
    otherwise (wrapped at another width, with CRLF line ends), git then sees only the message that
    changed.
    The header and the block are found as ``dumps`` wrote them or, laid out otherwise, as what
    reads back as the same (the block: the lines around the entry's between blank lines). A file
    with both line ends is written whole.
    """
    data, width = snapshot.data, snapshot.width
    head, _, old = before.encode("utf-8").partition(b"\n\n")
    new_head, _, new = after.encode("utf-8").partition(b"\n\n")
    crlf = po.crlf(data)
    if not old or head != new_head or (b"\r\n" in data and not crlf):
        return None
    text = data.replace(b"\r\n", b"\n") if crlf else data
    if not _same_header(text[:max(text.find(b"\n\n"), 0)], head, width):
        return None
    needle = b"\n\n" + old
    at = text.find(needle)
    if at >= 0 and text.find(needle, at + 1) < 0 and text[at + len(needle):at + len(needle) + 1] in (b"", b"\n"):
        start, end = at + 2, at + len(needle)
    elif (found := _block_of(text, entry.linenum, head, before.encode("utf-8"), width)) is not None:
        start, end = found
    else:
        return None
    spliced = text[:start] + new + text[end:]
    line = line_of(text, start)
    rows = new.split(b"\n")
    keyword = next(n for n, row in enumerate(rows) if row.startswith((b"msgctxt", b"msgid")))
    translation = next(n for n, row in enumerate(rows) if row.startswith(b"msgstr"))
    return _Splice(po.with_line_ends(spliced, data), line + keyword, line + translation,
                   line + text.count(b"\n", start, end) - 1, new.count(b"\n") - text.count(b"\n", start, end))


def _revised(data: bytes) -> tuple[bytes, str | None]:
    """``data`` with its header's ``PO-Revision-Date`` set to now, as Poedit and Weblate set it when a
    person's translation is saved, and the date written; the header is left as it is (None) where it
    does not hold the field on a line of its own. Only that line changes: the splice stays one block."""
    header = re.split(rb"\r?\n\r?\n", data, maxsplit=1)[0]
    found = REVISION_LINE.findall(header)
    if len(found) != 1:
        return data, None
    date = po.gettext_date(po.now())
    line = f'"{REVISION_DATE}: {date}\\n"'.encode()
    return REVISION_LINE.sub(lambda _: line, header, count=1) + data[len(header):], date


def _same_header(found: bytes, head: bytes, width: int | None) -> bool:
    """Whether the file's header (``found``) is the one ``dumps`` writes as ``head``, laid out so or
    otherwise (a long Plural-Forms or Last-Translator line not wrapped)."""
    if found == head:
        return True
    try:
        return po.dumps(po.parse(found + b"\n", "<header>"), width).encode("utf-8").rstrip(b"\n") == head.rstrip(b"\n")
    except ValueError:  # po.POSyntaxError among them
        return False


def _block_of(text: bytes, line: int, head: bytes, alone: bytes, width: int | None) -> tuple[int, int] | None:
    """Where the block holding ``line`` starts and ends in ``text`` (its last line's end included): the
    lines around it between blank lines, if they read back as the entry ``dumps`` wrote as ``alone``."""
    lines = text.split(b"\n")
    first = last = line - 1
    if not 0 <= first < len(lines) or not lines[first].strip():
        return None
    while first > 0 and lines[first - 1].strip():
        first -= 1
    while last + 1 < len(lines) and lines[last + 1].strip():
        last += 1
    block = b"\n".join(lines[first:last + 1]) + b"\n"
    try:
        if po.dumps(po.parse(head + b"\n\n" + block, "<block>"), width).encode("utf-8") != alone:
            return None
    except ValueError:  # po.POSyntaxError among them
        return None
    start = sum(len(text_line) + 1 for text_line in lines[:first])
    return start, min(start + len(block), len(text))


def apply(entry: polib.POEntry, translation: str, approve: bool, locale: LocaleInfo) -> None:
    """Put a reviewer's text into an entry.

    Approving makes it reviewed: no fuzzy mark, no previous English, no machine-draft note.
    Saving without approving leaves a draft (fuzzy); a text that is no longer the
    machine's loses the machine-draft note, so ``letter draft --overwrite-drafts``
    never replaces a person's words. A note of what a machine draft lost stays for
    as long as something is still missing. Either way a comment that meant the fuzzy
    mark (``# fuzzy``, ``comments.draft_comment``) goes: the reviewer set the mark.
    """
    edited = translation != entry.msgstr
    entry.msgstr = translation
    if approve:
        po.mark_reviewed(entry)
    elif not translation:
        if FUZZY in entry.flags:
            entry.flags.remove(FUZZY)
    elif FUZZY not in entry.flags:
        entry.flags.insert(0, FUZZY)
    lines = (without_draft_note(entry.tcomment) if approve or edited else entry.tcomment or "").splitlines()
    if any(line.startswith(LOST_NOTE) for line in lines) and \
            not any(lost_token(Context(entry.msgid, translation, entry, locale, Settings()))):
        lines = [line for line in lines if not line.startswith(LOST_NOTE)]
    entry.tcomment = "\n".join(line for line in lines if draft_comment([line]) is None)
