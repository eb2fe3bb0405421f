"""Strict reading of a catalog, as GNU msgfmt 0.21 reads it: :func:`parse`, :func:`load`, :func:`metadata`.

The lexer of ``po-lex.c`` in front of :class:`~pipeline.po.grammar.Grammar`, with a
shortcut for the entries laid out the way ``msgcat`` writes them (see
:meth:`Reader.read`), and the charset handling around it: the charset is declared
inside the file, so the header is read before the rest is decoded.
"""
from __future__ import annotations

import codecs
import os
import re
from collections.abc import Sequence

import polib

from pipeline.errors import line_of, refuse_conflict
from pipeline.po import charsets, plurals
from pipeline.po.errors import MergeConflict, POSyntaxError
from pipeline.po.grammar import IDLE, MSGSTR, MSGSTRN, Grammar, StopParse
from pipeline.po.header import Header, fields, keep

# One string literal; the body may contain any escaped character.
_STR_BODY = r'"([^"\\]*(?:\\.[^"\\]*)*)"'
# The shapes that make up almost every line of a real catalog.
_FAST_KW = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[([0-9]+)\])?"
                      r"[ \t]+" + _STR_BODY + r"[ \t\r\f\v]*\Z")
_FAST_STR = re.compile(_STR_BODY + r"[ \t\r\f\v]*\Z")
# General tokenizer for everything else (GNU allows any token layout).
_TOKEN = re.compile(r"""
    (?P<ws>[ \t\r\f\v]+)
  | (?P<str>"[^"\\]*(?:\\.[^"\\]*)*")
  | (?P<kw>[A-Za-z_$][A-Za-z0-9_$]*)
  | (?P<num>[0-9]+)
  | (?P<sym>[\[\]\#])
""", re.X)
# One entry as msgcat writes it (see Reader.read): blank lines, comment lines
# other than '#~' and '#|', then each keyword with its strings, one per line;
# it must be followed by what makes the line-by-line reading close the entry
# before anything else: a comment, msgctxt or msgid (also after '#~' or '#|'),
# or the end of the file. The quantifiers are possessive (``*+``): what they give
# back could never let the rest match, so the engine need not try.
STR_LINE = r'"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"[ \t\f\v]*+(?:\n|\Z)'
LEAD = r"(?P<lead>\n*)(?P<comments>(?:#(?![~|])[^\n]*+\n)*+)"
NEXT = r'\n*(?=#(?![~|])|#~?\|?[ \t]*(?:msgctxt|msgid)[ \t"]|msgctxt[ \t"]|msgid[ \t"]|\Z)'
BLOCK = re.compile(
    LEAD + rf"(?:msgctxt[ \t]+(?P<ctxt>{STR_LINE}(?:{STR_LINE})*))?"
    rf"msgid[ \t]+(?P<msgid>{STR_LINE}(?:{STR_LINE})*)"
    rf"msgstr[ \t]+(?P<msgstr>{STR_LINE}(?:{STR_LINE})*)" + NEXT)
# The body of each string literal of a keyword as BLOCK takes it.
BODIES = re.compile(r'"([^"\\\n]*(?:\\.[^"\\\n]*)*)"')
# Where the block reading may resume: after a blank line, before a comment or keyword.
_BOUNDARY = re.compile(r"\n\n+(?=[#m])")


class Reader(Grammar):
    """The lexer: a whole file, or a run of its lines, into tokens for the grammar."""

    def __init__(self, path: str, stop_at_header: bool = False) -> None:
        super().__init__(path, stop_at_header)
        self.prev_carry = False  # the next line starts in '#|' mode

    def read(self, text: str) -> None:
        """Read a whole file: plain entries a block at a time, the rest line by line.

        Almost every entry of a real catalog has the layout ``msgcat`` writes:
        comment lines, then ``msgctxt``/``msgid``/``msgstr`` each followed by its
        string and continuation strings, one per line. One regular expression
        takes such an entry whole and hands its parts to :meth:`finish`, the
        same as the line-by-line reading would, so both make the same entries
        and raise the same errors. Anything else (obsolete or ``#|`` lines,
        plurals, several tokens on a line, a string after a blank line) is read
        by :meth:`run` up to the next blank line before an entry, where the
        block reading resumes once the message read so far is complete.
        """
        if "\r" in text:
            text = text.replace("\r\n", "\n")
        if "\\\n" in text:  # backslash-newline continuations: join them first
            lines, linenos = _split_lines(text)
            self.run(lines, linenos)
            self.eof(linenos[-1] if linenos else len(lines))
            return
        block = BLOCK.match
        boundary = _BOUNDARY.search
        pos, line, end = 0, 1, len(text)
        while pos < end:
            m = block(text, pos) if self._between_entries() else None
            if m is not None:
                if self.st != IDLE:
                    self.finish()
                self._block(m, line)
                line += text.count("\n", pos, m.end())
                pos = m.end()
                continue
            found = boundary(text, pos)
            stop = found.end() if found is not None else end
            self.run(text[pos:stop].split("\n"), range(line, line + text.count("\n", pos, stop) + 1))
            line += text.count("\n", pos, stop)
            pos = stop
        self.eof(line)

    def _between_entries(self) -> bool:
        """Whether a comment or msgctxt/msgid here starts a new entry without an error."""
        return (self.st in (IDLE, MSGSTR, MSGSTRN) and not self.need_str and not self.pst
                and not self.prev_carry and not self.comments)

    def _block(self, m: re.Match, line: int) -> None:
        """One entry matched by ``BLOCK``, put where the line-by-line reading puts it."""
        lead, comments, ctxt, msgid, msgstr = m.group("lead", "comments", "ctxt", "msgid", "msgstr")
        line += lead.count("\n")
        self.msg_comments = [c[1:] for c in comments.split("\n")[:-1]]
        self.msg_comment_lines = range(line, line + len(self.msg_comments))
        line += len(self.msg_comments)
        self.line = line
        self.obs = False
        self.msg_prev = None
        if ctxt is not None:
            self.ctxt = self._segments(ctxt, line)
            line += ctxt.count("\n")
        self.msgid_line = line
        self.msgid = self._segments(msgid, line)
        line += msgid.count("\n")
        self.msgstr_line = self.kw_line = line
        self.msgstr = self._segments(msgstr, line)
        self.string_line = line + msgstr.count("\n") - msgstr.endswith("\n")  # its last string's, as ``string`` sets
        if ctxt is None and not "".join(self.msgid):
            self.msgstr_lines = list(range(line, line + len(self.msgstr)))
        self.st = MSGSTR
        self.finish()

    def _segments(self, strings: str, line: int) -> list[str]:
        """The string literals of one keyword, one per line from ``line``."""
        bodies = BODIES.findall(strings)
        if "\\" in strings or "\x04" in strings:
            return [self.segment(body, line + i) for i, body in enumerate(bodies)]
        return bodies

    def run(self, lines: Sequence[str], linenos: Sequence[int] | None) -> None:
        fast_kw = _FAST_KW.match
        fast_str = _FAST_STR.match
        for idx, raw in enumerate(lines):
            if not raw:
                self.prev_carry = False
                continue
            lineno = linenos[idx] if linenos is not None else idx + 1
            if self.prev_carry:
                self._lex(raw, lineno, prev=True)
                continue
            c = raw[0]
            if c == '"':
                m = fast_str(raw)
                if m is not None:
                    self.string(m.group(1), lineno, False, False)
                    continue
            elif c == "#":
                c2 = raw[1:2]
                if c2 != "~" and c2 != "|":
                    self.comment(raw[1:], lineno)
                    continue
            elif c == "m":
                m = fast_kw(raw)
                if m is not None:
                    kw, index, body = m.groups()
                    self.keyword(kw, lineno, False, False)
                    if index is not None:
                        self.bracket_open(lineno, False)
                        self.number(int(index), lineno, False)
                        self.bracket_close(lineno, False)
                    self.string(body, lineno, False, False)
                    continue
            self._lex(raw, lineno)

    def _lex(self, s: str, lineno: int, prev: bool = False) -> None:
        """Tokenize one (unusual) line like GNU's po-lex.c."""
        obs = False
        self.prev_carry = False
        pos = 0
        n = len(s)
        match = _TOKEN.match
        while pos < n:
            m = match(s, pos)
            if m is None:
                self.junk(s[pos], lineno, s[pos:])
            kind = m.lastgroup
            pos = m.end()
            if kind == "ws":
                continue
            if kind == "str":
                self.string(m.group()[1:-1], lineno, obs, prev)
            elif kind == "kw":
                self.keyword(m.group(), lineno, obs, prev, s[m.start() - 1:m.start()] == '"')
            elif kind == "num":
                if prev:
                    raise self.error(lineno, "unexpected number in a '#|' line")
                self.number(int(m.group()), lineno, obs)
            else:
                sym = m.group()
                if sym == "#":
                    nxt = s[pos:pos + 1]
                    if nxt == "~":
                        obs = True
                        pos += 1
                        if s[pos:pos + 1] == "|":
                            prev = True
                            pos += 1
                    elif nxt == "|":
                        prev = True
                        pos += 1
                    else:
                        self.comment(s[pos:], lineno)
                        # GNU quirk: the comment swallows the newline, which
                        # is what ends "#|" mode, so the next line is still
                        # read as '#|' (until a line not ending in a comment).
                        self.prev_carry = prev
                        return
                elif prev:
                    raise self.error(lineno, f"unexpected '{sym}' in a '#|' "
                                     "line")
                elif sym == "[":
                    self.bracket_open(lineno, obs)
                else:
                    self.bracket_close(lineno, obs)


def _split_lines(text: str) -> tuple[list[str], list[int] | None]:
    """Split into lines; join GNU backslash-newline continuations."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    if "\\\n" not in text:
        return lines, None
    joined: list[str] = []
    linenos: list[int] = []
    i = 0
    while i < len(lines):
        start = i
        cur = lines[i]
        while cur.endswith("\\") and i + 1 < len(lines):
            i += 1
            cur = cur[:-1] + lines[i]
        joined.append(cur)
        linenos.append(start + 1)
        i += 1
    return joined, linenos


def _sniff_header(data: bytes, path: str) -> Header | None:
    """The header entry, read before the charset is known (as latin-1, which
    keeps every byte and the line structure).  The header is normally at
    the top, so a prefix of the file usually suffices."""
    cut = data.rfind(b"\n", 0, 1 << 16)
    for chunk in ((data[:cut + 1],) if 0 <= cut < len(data) - 1 else ()) \
            + (data,):
        sniff = Reader(path, stop_at_header=True)
        sniff.codec = "latin-1"
        lines, linenos = _split_lines(chunk.decode("latin-1"))
        try:
            sniff.run(lines, linenos)
            sniff.eof(linenos[-1] if linenos else len(lines))
        except StopParse:
            return sniff.header
        except POSyntaxError:
            if chunk is data:
                raise
            continue
        if chunk is data:
            return sniff.header
    return None


#: The line msgcat writes above each of two translations it joins into one message, when catalogs it
#: concatenates translate a message otherwise: ``"#-#-#-#-#  fr.po (letter)  #-#-#-#-#\n"``.
_MSGCAT_CONFLICT = re.compile(rb'^"#-#-#-#-#  ', re.MULTILINE)  # (msgcat may wrap the rest of the line)


def _msgcat_conflict(data: bytes) -> int | None:
    """Where msgcat's first join of two translations of a message is, outside the header, whose joined
    sections (two catalogs' headers, as msgcat writes a compendium's) are kept as they are."""
    for joined in _MSGCAT_CONFLICT.finditer(data):
        keyword = data.rfind(b"\nmsgid ", 0, joined.start()) + 1  # a keyword starts its line
        header = data.startswith(b'msgid ""', keyword) and data.startswith(b"msgstr", data.find(b"\n", keyword) + 1)
        if not header:
            return joined.start()
    return None


def _utf16(data: bytes) -> bool:
    """Whether ``data`` is text saved as UTF-16: its byte order mark first (UTF-32's little-endian one too),
    or, saved without one (``iconv -t UTF-16LE``), a NUL beside its first byte, which any character a PO
    file may start with (``#``, ``m``, a space) has in UTF-16 and never in UTF-8."""
    return data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        len(data) >= 2 and (data[0] == 0) != (data[1] == 0))


def parse(data: bytes, path: str = "<string>") -> polib.POFile:
    """Parse PO-file bytes strictly, as GNU msgfmt 0.21 would.

    Returns a :class:`polib.POFile` whose entries are :class:`polib.POEntry`
    objects (the header is not among them; its fields are in ``.metadata``,
    its translator comment in ``.header`` and its flags in
    ``.metadata_is_fuzzy``, as polib does, and the whole header entry as read
    is kept for the writer: ``header.kept``).  Raises :class:`POSyntaxError`
    with the line of the first problem for anything msgfmt rejects.

    Accepted on purpose: a UTF-8 BOM, CRLF line ends, a file without header
    or without any message, obsolete ``#~`` entries, a fuzzy header, any
    GNU-portable charset declared in the header, and the untouched template
    placeholders (``charset=CHARSET`` in a pure-ASCII file,
    ``nplurals=INTEGER`` when no plural message is translated yet) so that
    ``.pot`` templates load too.
    """
    if isinstance(data, str):
        raise TypeError("parse() takes bytes; the charset comes from the "
                        "catalog's own header")
    data = bytes(data)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    _refuse_unreadable(data, path)
    ascii_only = data.isascii()
    charset = codec = None
    header = None
    sniffed = not ascii_only or _NUMERIC_ESCAPE.search(data) is not None
    if sniffed:
        # The charset is declared inside the file (and octal/hex escapes
        # are bytes in that charset): read up to the header first.
        header = _sniff_header(data, path)
        raw_cs = charsets.declared(header.msgstr) if header else None
        if not ascii_only and (raw_cs is None or raw_cs == "CHARSET"):
            what = ("file has no header entry" if header is None else
                    "header has no charset" if raw_cs is None else
                    "header still has the template value charset=CHARSET")
            first_bad = re.search(rb"[\x80-\xff]", data).start()
            raise POSyntaxError(path, line_of(data, first_bad),
                                f"non-ASCII byte but the {what}; declare the "
                                "encoding with \"Content-Type: text/plain; "
                                "charset=UTF-8\\n\" in the header")
        if raw_cs is not None and raw_cs != "CHARSET":
            charset, codec = _charset_codec(raw_cs, header, path)
            if codec is None and not ascii_only:
                raise POSyntaxError(path, header.line_of("charset="), f"charset "
                                    f"'{raw_cs}' cannot be decoded here; "
                                    "convert the file to UTF-8 (msgconv -t "
                                    "UTF-8)")
    if ascii_only:
        text = data.decode("ascii")
    else:
        if codec not in ("utf-8", "ascii") and _is_utf8(data):  # ASCII refuses the bytes below, at their line
            raise POSyntaxError(path, header.line_of("charset="), f"the header says charset={raw_cs}, but the "
                                "file is UTF-8 (an editor saved it so): read as declared, every letter beyond "
                                "ASCII would be garbled; write charset=UTF-8 on this line")
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise POSyntaxError(path, line_of(data, exc.start),
                                f"bytes that are not valid {charset} (the "
                                "charset declared in the header); fix the "
                                "encoding of this line or of the header") from None
    parser = Reader(path)
    parser.codec = codec
    parser.charset = charset
    try:
        parser.read(text)
    except POSyntaxError as error:
        raise _cut_short(error, text) from None
    header = parser.header
    if not sniffed and header is not None:
        raw_cs = charsets.declared(header.msgstr)
        if raw_cs is not None and raw_cs != "CHARSET":
            charset, codec = _charset_codec(raw_cs, header, path)
    plurals.check(header, parser.translated_plurals, path)

    po = polib.POFile()
    po.fpath = None
    po.encoding = codec if codec not in (None, "ascii") else "utf-8"
    po.extend(parser.entries)
    if header is not None:
        po.header = header.entry.tcomment
        po.metadata_is_fuzzy = header.entry.flags
        po.metadata = fields(header.msgstr)
        keep(po, header)
    return po


def _refuse_unreadable(data: bytes, path: str) -> None:
    """Refuse a file, before any of it is read as PO, that is no text gettext reads, or that a merge left
    two versions in: saved as UTF-16, with a NUL byte, with classic Mac OS line ends, with git's conflict
    markers, or with msgcat's joined translations."""
    if _utf16(data):
        raise POSyntaxError(path, 1, "the file is saved as UTF-16 (what Windows Notepad calls Unicode), which "
                            "gettext cannot read: save it as UTF-8")
    nul = data.find(b"\0")
    if nul >= 0:
        raise POSyntaxError(path, line_of(data, nul), "NUL byte in the file; "
                            "a PO file is text (GNU gettext would silently "
                            "cut the string there)")
    if b"\r" in data and b"\n" not in data:
        raise POSyntaxError(path, 1, "its lines end in a carriage return alone (as classic Mac OS wrote text), "
                            "which gettext reads as one line; save it with Unix (LF) line endings")
    refuse_conflict(data, path, MergeConflict.ANY_CLONE, error=MergeConflict)
    if b"#-#-#-#-#" in data and (joined := _msgcat_conflict(data)) is not None:
        raise POSyntaxError(path, line_of(data, joined), "msgcat joined two translations of this message into "
                            "one, each under a #-#-#-#-# line (a merge by msgcat, as Weblate's merge driver makes "
                            "one): keep one translation, and delete the #-#-#-#-# lines and the other")


_NUMERIC_ESCAPE = re.compile(rb"\\[0-7x]")

#: What a file cut short (a crash, a full disk, a copy stopped) needs, said with its last line's error.
CUT_SHORT = ("; the file stops in the middle of its last line ({line}): if it was cut short (a crash, a full disk), "
             "bring its end back before anything else, from your editor or from git (`git diff` on the file shows "
             "what changed since the last commit, which `git checkout` would undo)")


def unended_line(data: bytes) -> int | None:
    """The number of a file's last line when the file stops in the middle of it, as one cut short does
    (``CUT_SHORT``): no line end follows it, and it is a comment or leaves no string closed, which no
    whole catalog ends with, though what is left of it may read well (``#. paragr``); None when the file
    ends a line or a statement. An editor may save a catalog without its last line end: ``msgstr "Fin"``
    or an obsolete entry's ``#~ msgstr "Fin"`` is such an end, not a cut, and so is a line of blanks
    alone after the last line end (an editor's indentation left there)."""
    last = data[data.rfind(b"\n") + 1:].strip()
    if not last:
        return None
    if last.startswith(b"#~"):
        last = last[2:].lstrip()
    quotes = _ESCAPE.sub(b"", last).count(b'"')
    return data.count(b"\n") + 1 if last.startswith((b"#", b"|")) or not quotes or quotes % 2 else None


_ESCAPE = re.compile(rb"\\.")


def _cut_short(error: POSyntaxError, text: str) -> POSyntaxError:
    """The error with the advice a file cut short needs, when it is at the end of a file that stops in
    the middle of a line: a last line with no end, and a string left open on it ('msgstr "Bonj', 'msgctxt "')
    or none begun ('msgs'), rather than a mistake a translator made on a complete line ('msgstr "Bonjour
    "monde""'). An error at the line before counts too: a keyword alone at the end is reported at the
    string above it."""
    if error.line < text.count("\n") or unended_line(text.encode()) is None:
        return error
    return POSyntaxError(error.path, error.line, error.reason + CUT_SHORT.format(line=text.count("\n") + 1))


#: A conflict git left: its first side, then its second (CRLF or LF line ends).
_CONFLICT = re.compile(rb"^<<<<<<<[^\n]*\n(.*?)^=======\r?\n(.*?)^>>>>>>>[^\n]*$", re.M | re.S)


def merged_by_message(data: bytes) -> bool:
    """Whether every conflict left in a catalog's bytes has the shape letter's merge driver leaves: on each
    side the same messages (or the header), whole. Git's text merge leaves conflicts that cut through a
    message, or hold other messages on each side (two signatories added at one place), which the driver
    would have merged; such a file is merged again message by message, not chosen from. A side is read under the
    catalog's charset and plural forms (its first side's header), which a translation beyond ASCII needs."""
    conflicts = _CONFLICT.findall(data)
    if not conflicts or b"\n|||||||" in data:  # (the driver never writes the sides' common text)
        return False
    try:
        fields = parse(_CONFLICT.sub(lambda conflict: conflict[1], data)).metadata
    except POSyntaxError:
        return False
    head = polib.POFile()
    head.metadata = {name: fields[name] for name in ("Content-Type", "Plural-Forms") if name in fields}
    under = str(head).encode("utf-8") + b"\n" if head.metadata else b""
    for ours, theirs in conflicts:
        try:
            sides = [parse(side if _sniff_header(side, "<string>") else under + side) for side in (ours, theirs)]
        except POSyntaxError:
            return False
        keys = [([(entry.msgctxt, entry.msgid) for entry in side], bool(side.metadata)) for side in sides]
        if keys[0] != keys[1]:
            return False
    return True


def _charset_codec(raw: str, header: Header, path: str) -> tuple[str, str | None]:
    """Canonical name and Python codec of a header charset, or an error."""
    charset = charsets.canonical(raw)
    if charset is None:
        raise POSyntaxError(path, header.line_of("charset="), f"unknown charset "
                            f"'{raw}' in the header; GNU gettext only knows "
                            "portable names, use charset=UTF-8")
    return charset, charsets.codec(charset)


def metadata(data: bytes, path: str = "<string>") -> dict[str, str]:
    """The header fields of a catalog, read without its messages.

    For a question about the header alone (a template's creation date), this
    reads up to the header entry, which is normally the first; the messages
    after it are not checked. Raises :class:`POSyntaxError` for a file whose
    beginning is broken or whose charset is unknown.
    """
    data = bytes(data).removeprefix(b"\xef\xbb\xbf")
    header = _sniff_header(data, path)
    if header is None:
        return {}
    text = header.msgstr  # read as Latin-1: every byte kept
    raw_cs = charsets.declared(text)
    if not text.isascii() and raw_cs is not None and raw_cs != "CHARSET":
        charset, codec = _charset_codec(raw_cs, header, path)
        try:
            text = text.encode("latin-1").decode(codec or "ascii")
        except (UnicodeError, LookupError):
            raise POSyntaxError(path, header.line, f"the header is not valid "
                                f"{charset} (the charset it declares)") from None
    return fields(text)


def _is_utf8(data: bytes) -> bool:
    """Whether ``data`` is valid UTF-8. Text in another charset beyond ASCII almost never is: its
    letters would have to fall, every one, into UTF-8's lead-and-continuation byte patterns."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def load(path: str | os.PathLike) -> polib.POFile:
    """Read and :func:`parse` a catalog file; ``po.fpath`` is set."""
    with open(path, "rb") as fh:
        data = fh.read()
    po = parse(data, os.fspath(path))
    po.fpath = os.fspath(path)
    return po
