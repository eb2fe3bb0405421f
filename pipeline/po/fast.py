"""What publishing and checking read of a catalog, faster than :func:`~pipeline.po.read.parse`.

This module is an optimisation; any doubt goes to ``read.parse``. A file in the layout
``msgcat`` writes, with nothing in it that ``parse`` could refuse, is read here in one
regular expression; any other file is read by ``parse``, so the answer, or the error
with its line, is always the one ``parse`` gives.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import NamedTuple

import polib

from pipeline.errors import line_of
from pipeline.po import charsets, plurals
from pipeline.po.comments import comment_fields, flags_of
from pipeline.po.entry import entry_key
from pipeline.po.errors import POSyntaxError
from pipeline.po.grammar import RAW_BYTE, unescape
from pipeline.po.header import Header, fields, kept
from pipeline.po.read import BLOCK, BODIES, NEXT, STR_LINE, Reader, parse, unended_line


def _msgcat_field(keyword: str) -> str:
    """A keyword and its strings in ``_PLAIN_ENTRY``: one line without escapes or spaces after it,
    whose body is its text (most names, roles and short sentences), or any lines."""
    return (rf"(?P<{keyword}_kw>{keyword}[ \t]+)"
            rf'(?:(?P<{keyword}_line>"[^"\\\n]*+"\n)|(?P<{keyword}>{STR_LINE}(?:{STR_LINE})*))')


#: A comment line that sets no flags (``#,``, or ``#!`` as ``comment_fields`` reads it).
_NOTE_LINE = r"#(?![~|,!])[^\n]*+\n"
#: ``read.LEAD`` with one flag line at most: parse() refuses an entry's flags on two lines where the last
#: lacks some (GNU keeps the last line's), so such an entry is left to it, as every entry it might refuse is.
_LEAD = rf"(?P<lead>\n*)(?P<comments>(?:{_NOTE_LINE})*+(?:#[,!][^\n]*+\n(?:{_NOTE_LINE})*+)?)"

#: ``BLOCK`` as ``parse_strings`` reads it: the same entries, with every character in a group,
#: so that the groups of the entries ``findall`` finds add up to the text they cover.
_PLAIN_ENTRY = re.compile(
    f"{_LEAD}(?:{_msgcat_field('msgctxt')})?{_msgcat_field('msgid')}{_msgcat_field('msgstr')}(?P<tail>{NEXT})")


Strings = dict[tuple["str | None", str], tuple[str, bool]]
"""Each active message's translation and whether it is fuzzy, by (msgctxt, msgid)."""


class Translations(NamedTuple):
    """What publishing reads of a catalog (:func:`parse_translations`)."""

    strings: Strings
    #: The messages, not fuzzy, whose translator comment has a line that begins with the note asked for.
    noted: frozenset[tuple[str | None, str]] = frozenset()


def parse_strings(data: bytes, path: str = "<string>") -> Strings:
    """What publishing needs of a catalog: :class:`Strings`, with the verdict of :func:`parse`."""
    return parse_translations(data, path).strings


def parse_translations(data: bytes, path: str = "<string>", note: str | None = None) -> Translations:
    """:class:`Strings`, with the verdict of :func:`parse`, and the messages not fuzzy whose translator
    comment has a line that begins with ``note`` (ASCII), as ``comment_fields`` reads it.

    Building 50 editions reads 50 catalogs of 13,000 messages, of which an edition
    uses only the translations; making a polib entry for each message, with its
    comments, flags and references, is two thirds of reading a catalog. A file that
    is wholly made of what cannot hold an error :func:`parse` would find (a UTF-8
    header, then entries in the layout msgcat writes, with no obsolete, plural or
    ``#|`` lines, no escape of a byte beyond ASCII, no message twice) is read here in
    one ``findall`` of ``_PLAIN_ENTRY``. Any other file, and so every broken one, is
    read by :func:`parse`, which raises the error with its line; the result is the
    same either way.

    Few catalogs hold ``note`` at all: one search of the bytes says so, and the messages are then not
    looked at for it. Else only the comments of the messages that are not fuzzy are read for it.
    """
    data = bytes(data).removeprefix(b"\xef\xbb\xbf")
    if note is not None and note.encode("ascii") not in data:  # the same bytes in any charset a catalog may have
        note = None
    read = _msgcat_strings(data, path, note)
    if read is None:
        entries = [e for e in parse(data, path) if not e.obsolete]
        read = Translations({entry_key(e): (e.msgstr, e.fuzzy) for e in entries}, frozenset(
            entry_key(e) for e in entries if note and not e.fuzzy and _begins_a_line(e.tcomment, note)))
    return read


def _msgcat_strings(data: bytes, path: str, note: str | None = None) -> Translations | None:
    """``parse_translations`` of a file in the msgcat layout, or None for :func:`parse` to read."""
    try:
        _header, text, start, rows = _msgcat_file(data, path)
        strings = {key: (translation, "fuzzy" in row[1] and _is_fuzzy(row[1]))
                   for row, key, translation in _msgcat_messages(text, start, rows)}
    except _NotPlain:
        return None
    if not _each_once(strings, rows):
        return None
    if not note:
        return Translations(strings)
    # (The keys are the rows', in order: each came once.)
    return Translations(strings, frozenset(
        key for row, (key, (_text, fuzzy)) in zip(rows, strings.items(), strict=True)
        if not fuzzy and note in row[1] and _begins_a_line(comment_fields(_comment_lines(row[1]))[0], note)))


def _begins_a_line(comment: str, note: str) -> bool:
    """Whether a line of the translator ``comment`` begins with ``note``."""
    return note in comment and any(line.startswith(note) for line in comment.splitlines())


class Checked(NamedTuple):
    """An active entry as ``letter check`` reads it: the fields of :func:`parse`'s entry that the
    checks use, with the same values."""

    msgctxt: str | None
    msgid: str
    msgstr: str
    flags: list[str]
    tcomment: str
    linenum: int
    msgstr_linenum: int  # its msgstr keyword's (``po.msgstr_line``)
    flag_comments: tuple[list[str], range] | None = None  # its comment lines and their lines (``po.flag_line``)
    obsolete = False
    msgid_plural = ""  # a file with a plural message is read by :func:`parse`

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags


@dataclass(frozen=True)
class CheckedCatalog:
    """A catalog as ``letter check`` reads it: its header's fields and its entries, iterated like a
    ``polib.POFile``: each a :class:`Checked`, or, for a file :func:`parse` read, polib's own."""

    metadata: dict[str, str]
    entries: list[Checked] | list[polib.POEntry]
    header: Header | None = None  # as read, for the lines of its fields; None without one
    bom: bool = False  # the file began with a UTF-8 byte order mark, read past here, which msgfmt refuses
    cut: int | None = None  # its last line, when the file stops in the middle of it (``unended_line``)

    def __iter__(self) -> Iterator[Checked | polib.POEntry]:
        return iter(self.entries)


def parse_checked(data: bytes, path: str = "<string>") -> CheckedCatalog:
    """What checking needs of a catalog, with the verdict of :func:`parse`.

    ``letter check`` looks at every message's texts, flags, translator comments and line, but
    not at its references or extracted comments, so no polib entry is made. A file in the
    msgcat layout (see :func:`parse_strings`) is read from the same rows as there; any other,
    and so every broken one, by :func:`parse`.
    """
    data = bytes(data)
    bom = data.startswith(b"\xef\xbb\xbf")
    data = data.removeprefix(b"\xef\xbb\xbf")
    checked = _msgcat_checked(data, path)
    if checked is None:
        po = parse(data, path)
        checked = CheckedCatalog(po.metadata, list(po), kept(po))
    return replace(checked, bom=bom, cut=unended_line(data))


def _msgcat_checked(data: bytes, path: str) -> CheckedCatalog | None:
    """``parse_checked`` of a file in the msgcat layout, or None for :func:`parse` to read."""
    try:
        header, text, start, rows = _msgcat_file(data, path)
        entries: list[Checked] = []
        line, counted, position = line_of(text, start), start, start
        for row, key, translation in _msgcat_messages(text, start, rows):
            lead, comments, _in_ctxt, ctxt_line, ctxt, _, msgid_line, msgid, _, _msgstr_line, _msgstr, _tail = row
            keyword = position + len(lead) + len(comments)  # the entry's line is its first keyword's
            line += text.count("\n", counted, keyword)
            counted = keyword
            position += sum(map(len, row))
            if _NOTES_ONLY.fullmatch(comments):  # most entries: extracted comments and references
                flags, tcomment, flagged = [], "", None
            else:
                texts = _comment_lines(comments)
                tcomment, _extracted, _refs, flags, _last = comment_fields(texts)
                # (The comment lines are the ones right above the entry's first keyword.)
                flagged = (texts, range(line - len(texts), line)) if flags or tcomment else None
            # (Its msgstr's line: after msgctxt's and msgid's strings, a line each but for a paragraph's.)
            at = line + (1 if ctxt_line else ctxt.count("\n")) + (1 if msgid_line else msgid.count("\n"))
            entries.append(Checked(key[0], key[1], translation, flags, tcomment, line, at, flagged))
    except _NotPlain:
        return None
    if not _each_once({(entry.msgctxt, entry.msgid) for entry in entries}, rows):
        return None
    return CheckedCatalog(fields(header.msgstr), entries, header)


def _comment_lines(comments: str) -> list[str]:
    """A row's comment lines, each without its ``#``, as ``comment_fields`` reads them."""
    return [comment[1:] for comment in comments.split("\n")[:-1]]


#: Comment lines that are all extracted comments (``#.``) and references (``#:``).
_NOTES_ONLY = re.compile(r"(?:#[.:][^\n]*+\n)*+")


def _each_once(keys: set | dict, rows: list) -> bool:
    """Whether the distinct ``keys`` of a msgcat-layout file's ``rows`` are one per row, none of them the
    header's: else a message comes twice, or a second header, which parse() refuses."""
    return len(keys) == len(rows) and (None, "") not in keys


class _NotPlain(Exception):
    """A file the plain reading leaves to :func:`parse`."""


def _msgcat_file(data: bytes, path: str) -> tuple[Header, str, int, list[tuple[str, ...]]]:
    """A file in the msgcat layout: its header (as ``read.Reader`` reads it), its text, where its
    entries start, and their ``_PLAIN_ENTRY`` rows. Raises ``_NotPlain`` for any other file;
    that is always safe, so every test here is on the cautious side.
    """
    # Bytes that make parse() refuse or join lines (NUL, CR), or the conflict msgcat leaves, which it refuses.
    if b"\0" in data or b"\r" in data or b"#-#-#-#-#" in data:
        raise _NotPlain
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _NotPlain from None
    head = BLOCK.match(text)
    if head is None or _CONTINUED in head.group("comments"):
        raise _NotPlain
    reader = Reader(path)  # the first entry through the full reading: the header, its charset and Plural-Forms
    try:
        reader.read(text[:head.end()])
        if reader.header is None or reader.entries:
            raise _NotPlain
        charset = charsets.declared(reader.header.msgstr)
        if charset is None or charsets.canonical(charset) != "UTF-8":
            raise _NotPlain
        plurals.check(reader.header, reader.translated_plurals, path)
    except POSyntaxError:
        raise _NotPlain from None
    if "\x04" in text:
        raise _NotPlain  # parse() refuses it in a string
    return reader.header, text, head.end(), _msgcat_rows(text, head.end())


#: How much of a file one ``findall`` reads (then up to the next blank line).
_CHUNK = 1 << 16


def _msgcat_rows(text: str, start: int) -> list[tuple[str, ...]]:
    """The ``_PLAIN_ENTRY`` rows of the entries from ``start`` on, or ``_NotPlain``.

    A ``findall`` an entry at a time in C, but over a chunk of the file at a time: the
    entries of a chunk cover it when their parts add up to it, and the first chunk that
    is not covered ends the reading. Over the whole file at once, a file that is not
    plain would be scanned to its end all the same, ``findall`` searching at every
    character past the first entry it cannot take, before ``parse`` reads it again.
    Obsolete entries, the commonest reason, stand at the end, so the last line is
    looked at first.
    """
    if text[text.rfind("\n", 0, len(text) - 1) + 1:].startswith("#~"):
        raise _NotPlain
    rows: list[tuple[str, ...]] = []
    end = len(text)
    while start < end:
        stop = text.find("\n\n", start + _CHUNK)
        stop = end if stop < 0 else stop + 2  # after a blank line, where an entry starts
        found = _PLAIN_ENTRY.findall(text, start, stop)
        if sum(map(len, map("".join, found))) != stop - start:
            raise _NotPlain
        rows += found
        start = stop
    return rows


def _msgcat_messages(text: str, start: int, rows: list[tuple[str, ...]]
                    ) -> Iterator[tuple[tuple[str, ...], tuple[str | None, str], str]]:
    """Each row of :func:`_msgcat_file` with its message's key and translation; raises ``_NotPlain``
    where parse() must judge (an escape it might refuse). Whether a key comes twice is the caller's
    to tell, from how many it got."""
    bodies = BODIES.findall
    escapes = text.find("\\", start) >= 0  # the header has some; the messages seldom do
    for row in rows:
        _lead, comments, in_ctxt, ctxt_line, ctxt, _, msgid_line, msgid, _, msgstr_line, msgstr, _tail = row
        if escapes and ("\\" in msgid or "\\" in msgstr or "\\" in ctxt or "\\" in comments):
            escaped = _escaped(ctxt_line or ctxt or None, msgid_line or msgid, msgstr_line or msgstr)
            if escaped is None or _CONTINUED in comments:
                raise _NotPlain
            key, translation = escaped
        else:  # the usual entry: its texts are its bodies as written (a line's body is within its quotes)
            key = ((ctxt_line[1:-2] if ctxt_line else "".join(bodies(ctxt))) if in_ctxt else None,
                   msgid_line[1:-2] if msgid_line else "".join(bodies(msgid)))
            translation = msgstr_line[1:-2] if msgstr_line else "".join(bodies(msgstr))
        yield row, key, translation


#: A backslash at the end of a line joins it with the next for parse(). Only a comment line can
#: end so in what ``BLOCK`` takes (a string line ends with its closing quote).
_CONTINUED = "\\\n"


def _escaped(ctxt: str | None, msgid: str, msgstr: str) -> tuple[tuple[str | None, str], str] | None:
    """The key and translation of an entry with escapes, or None where parse() must judge it:
    an invalid escape, or newlines at either end that msgfmt refuses (unless fuzzy)."""
    context, source, translation = (None if strings is None else _unescaped(strings)
                                    for strings in (ctxt, msgid, msgstr))
    if source is None or translation is None or (ctxt is not None and context is None):
        return None
    if not _same_newlines(source, translation):
        return None
    return (context, source), translation


def _unescaped(strings: str) -> str | None:
    """The text of one keyword's string literals, escapes resolved; None where parse() must judge:
    an invalid escape, one that makes U+0004 (refused), or bytes beyond ASCII (which parse()
    decodes in the file's charset)."""
    try:
        text = "".join(unescape(body) for body in BODIES.findall(strings))
    except ValueError:
        return None
    return None if "\x04" in text or RAW_BYTE.search(text) else text


def _same_newlines(msgid: str, msgstr: str) -> bool:
    """Whether a translation begins and ends with a newline where its msgid does, as msgfmt requires."""
    return not msgid or not msgstr or (
        (msgid[0] == "\n") == (msgstr[0] == "\n") and (msgid[-1] == "\n") == (msgstr[-1] == "\n"))


def _is_fuzzy(comments: str) -> bool:
    """A ``fuzzy`` flag on any ``#,`` (or ``#!``) line, as ``comment_fields`` reads the flags."""
    return any(line[1:2] in (",", "!") and "fuzzy" in line and "fuzzy" in flags_of(line[2:])
               for line in comments.split("\n"))
