"""Strict PO-file reading and msgcat-identical PO-file writing.

The pipeline keeps catalogs in memory as :class:`polib.POFile` /
:class:`polib.POEntry` objects, but it does not use polib (or Babel) for
the two places where they fall short:

* **Reading.**  ``polib.pofile`` is lenient: it silently turns
  ``msgid "Hello`` into ``Hell``, accepts duplicate messages and bytes that
  are not valid in the declared charset.  A catalog that GNU ``msgfmt``
  would later reject must be refused *when we read it*, with the file and
  line to fix.  :func:`parse` is therefore a small strict parser that
  follows GNU gettext 0.21 (``po-lex.c``, ``po-gram.y``, ``msgl-check.c``)
  and raises :class:`POSyntaxError` for the first problem it finds.

* **Writing.**  Neither polib nor Babel writes files the way GNU gettext
  does, so every save produced a noisy diff as soon as a translator ran
  ``msgmerge``/``msgcat`` on the file.  :func:`dumps` reproduces GNU
  gettext 0.21's ``write-po.c`` byte for byte: the output of ``dumps`` is a
  fixed point of ``msgcat``.  Line breaking follows libunistring 1.0's
  ``ulc_width_linebreaks`` (Unicode line breaking with the exact character
  tables that library ships, counted in display columns), which is what
  ``msgcat`` links against.

Everything else in the project reads and writes catalogs through
:func:`load`, :func:`parse`, :func:`dumps` and :func:`save`; publishing, which
needs only the translations, reads them with :func:`parse_strings`, and checking,
which needs their flags, translator comments and lines too, with
:func:`parse_checked`. Both take a file in the layout msgcat writes in one regular
expression, and leave any other to :func:`parse`.

Where we knowingly differ from GNU gettext 0.21 (each case is pinned by a
test against the real tools):

* stricter: a NUL byte or an escape encoding NUL (GNU silently cuts the
  string there); octal/hex escapes whose bytes are not valid in the
  catalog's charset (msgcat aborts on them later); non-ASCII text without a
  declared charset and charset names GNU does not know (msgfmt only warns,
  msgcat refuses); ``domain`` directives;
* more lenient: a UTF-8 BOM (msgfmt 0.21 calls it a syntax error), a file
  without header or without messages (only ``--check-header`` minds), and
  untouched template placeholders (``charset=CHARSET`` in an ASCII file,
  ``nplurals=INTEGER`` while no plural message is translated) so that
  ``.pot`` files load;
* not checked here: msgid/msgstr format-string consistency
  (``msgfmt --check-format``) -- that is a translation-quality question;
* flags from several ``#,`` lines are all kept (GNU 0.21 keeps only the
  last line's), but accept/reject decisions use GNU's reading;
* when writing, breaks are kept out of format directives for the c, objc,
  python and python-brace formats (the ones this project can meet); other
  format languages are wrapped as if they had no directives.  A comment
  line ending in a backslash gets a trailing space, since GNU would join it
  with the next line.
"""

from __future__ import annotations

import base64
import os
import re
import stat
import tempfile
import zlib
from dataclasses import dataclass
from itertools import accumulate
from typing import Callable, Iterable, Iterator, NamedTuple, Sequence

import polib

__all__ = ["POSyntaxError", "POEntry", "Strings", "Checked", "CheckedCatalog", "parse", "parse_strings",
           "parse_checked", "metadata", "load", "dumps", "save"]

PAGE_WIDTH = 79
"""GNU gettext's default page width (``msgcat`` without ``--width``)."""


class POSyntaxError(ValueError):
    """A catalog that GNU msgfmt would reject.

    ``path`` is the file name given to :func:`parse`/:func:`load`, ``line``
    the 1-based line of the problem and ``reason`` a sentence that says what
    is wrong and how to fix it.  ``str(err)`` is ``"path:line: reason"``,
    the format editors and CI logs understand as a location.
    """

    def __init__(self, path: str, line: int, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        super().__init__(f"{path}:{line}: {reason}")

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"

    def __reduce__(self):  # keep the exception picklable (multiprocessing)
        return (type(self), (self.path, self.line, self.reason))


# ---------------------------------------------------------------------------
# Charsets
# ---------------------------------------------------------------------------

# The "portable" encoding names of GNU gettext (po-charset.c).  msgcat
# refuses any other name, msgfmt only warns; we refuse them too, because a
# catalog the GNU tools cannot convert is of no use.  Value: Python codec
# (None where Python has none, such files can only be read if pure ASCII).
_CHARSETS: dict[str, tuple[str, str | None]] = {}
for _names, _codec in [
    (("ASCII", "ANSI_X3.4-1968", "US-ASCII"), "ascii"),
    *[((f"ISO-8859-{_n}", f"ISO_8859-{_n}"), f"iso8859_{_n}")
      for _n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 15)],
    (("KOI8-R",), "koi8_r"), (("KOI8-U",), "koi8_u"), (("KOI8-T",), "koi8_t"),
    *[((f"CP{_n}",), f"cp{_n}")
      for _n in (850, 866, 874, 932, 949, 950, 1250, 1251, 1252, 1253,
                 1254, 1255, 1256, 1257)],
    (("GB2312",), "gb2312"), (("EUC-JP",), "euc_jp"), (("EUC-KR",), "euc_kr"),
    (("EUC-TW",), None), (("BIG5",), "big5"), (("BIG5-HKSCS",), "big5hkscs"),
    (("GBK",), "gbk"), (("GB18030",), "gb18030"),
    (("SHIFT_JIS",), "shift_jis"), (("JOHAB",), "johab"),
    (("TIS-620",), "tis_620"), (("VISCII",), None), (("GEORGIAN-PS",), None),
    (("UTF-8",), "utf-8"),
]:
    for _name in _names:
        _CHARSETS[_name.upper()] = (_names[0], _codec)


def _canonical_charset(name: str) -> str | None:
    """GNU's canonical spelling of a portable charset name, else None."""
    hit = _CHARSETS.get(name.upper())
    return hit[0] if hit else None


def _header_charset(header_msgstr: str) -> str | None:
    """The charset token exactly as GNU extracts it from a header.

    GNU looks for the *first* ``charset=`` anywhere in the header and takes
    everything up to the next space, tab or newline.
    """
    i = header_msgstr.find("charset=")
    if i < 0:
        return None
    return re.match(r"[^ \t\n]*", header_msgstr[i + 8:]).group()


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------

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
# One entry as msgcat writes it (see _Parser.read): blank lines, comment lines
# other than '#~' and '#|', then each keyword with its strings, one per line;
# it must be followed by what makes the line-by-line reading close the entry
# before anything else: a comment, msgctxt or msgid (also after '#~' or '#|'),
# or the end of the file. The quantifiers are possessive (``*+``): what they give
# back could never let the rest match, so the engine need not try.
_STR_LINE = r'"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"[ \t\f\v]*+(?:\n|\Z)'
_LEAD = r"(?P<lead>\n*)(?P<comments>(?:#(?![~|])[^\n]*+\n)*+)"
_NEXT = r'\n*(?=#(?![~|])|#~?\|?[ \t]*(?:msgctxt|msgid)[ \t"]|msgctxt[ \t"]|msgid[ \t"]|\Z)'
_BLOCK = re.compile(
    _LEAD + rf"(?:msgctxt[ \t]+(?P<ctxt>{_STR_LINE}(?:{_STR_LINE})*))?"
    rf"msgid[ \t]+(?P<msgid>{_STR_LINE}(?:{_STR_LINE})*)"
    rf"msgstr[ \t]+(?P<msgstr>{_STR_LINE}(?:{_STR_LINE})*)" + _NEXT)


def _plain_field(keyword: str) -> str:
    """A keyword and its strings in ``_PLAIN_ENTRY``: one line without escapes or spaces after it,
    whose body is its text (most names, roles and short sentences), or any lines."""
    return (rf"(?P<{keyword}_kw>{keyword}[ \t]+)"
            rf'(?:(?P<{keyword}_line>"[^"\\\n]*+"\n)|(?P<{keyword}>{_STR_LINE}(?:{_STR_LINE})*))')


#: ``_BLOCK`` as ``parse_strings`` reads it: the same entries, with every character in a group,
#: so that the groups of the entries ``findall`` finds add up to the text they cover.
_PLAIN_ENTRY = re.compile(
    f"{_LEAD}(?:{_plain_field('msgctxt')})?{_plain_field('msgid')}{_plain_field('msgstr')}(?P<tail>{_NEXT})")
_BODIES = re.compile(r'"([^"\\\n]*(?:\\.[^"\\\n]*)*)"')
# Where the block reading may resume: after a blank line, before a comment or keyword.
_BOUNDARY = re.compile(r"\n\n+(?=[#m])")
_ESCAPE = re.compile(r"\\(?:([ntbrfva\\\"])|([0-7]{1,3})|x([0-9A-Fa-f]+)|(.))",
                     re.S)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f",
                   "v": "\v", "a": "\a", "\\": "\\", '"': '"'}
_KEYWORDS = frozenset(("msgctxt", "msgid", "msgid_plural", "msgstr"))

# Parser states.
_IDLE, _CTXT, _MSGID, _PLURAL, _MSGSTR_KW, _IDX_OPEN, _IDX_NUM, _MSGSTR, \
    _MSGSTRN = range(9)


class _StopParse(Exception):
    """Raised internally once the header has been seen (charset sniffing)."""


def _unescape_match(m: re.Match) -> str:
    simple, octal, hexa, bad = m.groups()
    if simple is not None:
        return _SIMPLE_ESCAPES[simple]
    if bad is not None:
        raise ValueError(
            f"invalid escape sequence '\\{bad}' in string; the valid escapes "
            "are \\\\ \\\" \\n \\t \\r \\a \\b \\f \\v, octal \\NNN and hex "
            "\\xHH (write a literal backslash as \\\\)")
    # Like C: the value is stored into a char, i.e. truncated to a byte.
    value = (int(octal, 8) if octal is not None else int(hexa[-2:], 16)) & 0xFF
    if value == 0:
        raise ValueError(
            f"escape sequence '{m.group()}' encodes a NUL character; GNU "
            "gettext would silently cut the string there, remove it")
    if value < 0x80:
        return chr(value)
    # A raw byte of the file's encoding; decoded once the field is complete
    # (e.g. "\303\251" is UTF-8 for "é").  Surrogate escapes mark them.
    return chr(0xDC00 + value)


_RAW_BYTE = re.compile("[\udc80-\udcff]")


_SOLARIS = re.compile(
    r" [Ff]ile:[ \t]*(.*?)[ \t]*,[ \t]*line[ \t]*(?:number[ \t]*)?:([0-9]+)"
    r"[ \t\n]*\Z", re.S)


def _comment_fields(comments: list[str]) -> tuple[list[str], list[str], list[str | tuple[str, str]],
                                                  list[str], list[str]]:
    """An entry's comment lines (each without its ``#``) by kind: translator comments, extracted
    comments, references (read when first used, ``POEntry.occurrences``), flags as polib keeps
    them (of every line), and the flags of the last flag line, which is what GNU keeps."""
    tcomments: list[str] = []
    extracted: list[str] = []
    refs: list[str | tuple[str, str]] = []
    flags: list[str] = []
    last_flags: list[str] = []
    for text in comments:
        c = text[:1]
        if c == ".":
            t = text[1:]
            extracted.append(t[1:] if t[:1] == " " else t)
        elif c == ":":
            refs.append(text[1:])
        elif c == "," or c == "!":
            flags.extend(f.strip() for f in text[1:].split(",") if f.strip())
            last_flags = _gnu_flag_tokens(text[1:])
        else:
            sol = _parse_solaris_filepos(text)
            if sol is not None:
                refs.append(sol)
            else:
                tcomments.append(text[1:] if c == " " else text)
    return tcomments, extracted, refs, flags, last_flags


def _parse_solaris_filepos(text: str) -> tuple[str, str] | None:
    """GNU reads the Sun-style comment ``# File: foo.c, line:12`` (also
    ``line number:12``) as a reference, not as a translator comment."""
    m = _SOLARIS.match(text)
    if m is None:
        return None
    return (m.group(1), str(int(m.group(2))))


_PLAIN_REFS = re.compile(r"(?:[ \t]*[^\s:]+:[1-9][0-9]*(?=[ \t]|\Z))+[ \t]*\Z")
_PLAIN_REF = re.compile(r"([^\s:]+):([0-9]+)")
_TRICKY_COLON = re.compile(r"(?:\A|[ \t\n]):|:(?:[ \t\n]|\Z)")
_REF_SPLIT = re.compile(r"[ \t\n]+")
_REF_TOKEN = re.compile(r"(.+):([0-9]+)\Z", re.S)


def _parse_filepos(text: str) -> list[tuple[str, str]]:
    """Split the text of a ``#:`` line into (file, line) pairs like GNU.

    Port of ``po_parse_comment_filepos``: ``file:12``, ``file: 12``,
    ``file : 12`` and ``file`` (no line, given as ``''``) are all accepted.
    """
    if _PLAIN_REFS.match(text) is not None:
        # The usual line: "name:digits" tokens, no colon in a name, no leading zero.
        return _PLAIN_REF.findall(text)
    if _TRICKY_COLON.search(text) is None:
        # Every token is "name" or "name:digits".
        refs = []
        for token in _REF_SPLIT.split(text):
            if token:
                m = _REF_TOKEN.match(token)
                refs.append((m.group(1), str(int(m.group(2)))) if m
                            else (token, ""))
        return refs
    refs = []
    ws = " \t\n"
    n = len(text)
    i = 0
    while i < n:
        while i < n and text[i] in ws:
            i += 1
        if i >= n:
            break
        start = i
        i += 1
        while i < n and text[i] not in ws:
            i += 1
        name = text[start:i]
        # "name : 12" / "name :12"
        p = i
        while p < n and text[p] in ws:
            p += 1
        if p < n and text[p] == ":":
            p += 1
            while p < n and text[p] in ws:
                p += 1
            q = p
            while q < n and "0" <= text[q] <= "9":
                q += 1
            if q > p and (q == n or text[q] in ws):
                refs.append((name, str(int(text[p:q]))))
                i = q
                continue
        # "name: 12"
        if name.endswith(":"):
            p = i
            while p < n and text[p] in ws:
                p += 1
            q = p
            while q < n and "0" <= text[q] <= "9":
                q += 1
            if q > p and (q == n or text[q] in ws):
                refs.append((name[:-1], str(int(text[p:q]))))
                i = q
                continue
        # "name:12"
        m = re.search(r"[0-9]+\Z", name)
        if m and m.start() > 1 and name[m.start() - 1] == ":":
            refs.append((name[:m.start() - 1], str(int(m.group()))))
            continue
        refs.append((name, ""))
    return refs


def _gnu_flag_tokens(text: str) -> list[str]:
    """Tokens of a ``#,`` line as GNU reads them (commas and white space)."""
    return [t for t in re.split(r"[\n \t\r\f\v,]+", text) if t]


class POEntry(polib.POEntry):
    """A :class:`polib.POEntry` that reads its references from its ``#:`` lines when first asked.

    Checking and building a catalog never look at references, and splitting
    them into (file, line) pairs is a fifth of the time of reading a catalog.
    Everything else behaves as polib's entry; setting ``occurrences`` replaces
    them as usual.
    """

    def __init__(self, *args, references: list[str | tuple[str, str]] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The text of each '#:' line, and Solaris "# File:" pairs, in file order.
        self._unread = references or None

    @classmethod
    def parsed(cls, references: list[str | tuple[str, str]], **fields) -> POEntry:
        """The entry polib's constructor would make from ``fields``, made without it.

        A catalog makes 13,000 entries, and polib's constructor looks up each of its
        fifteen keywords in turn; here its defaults are copied in one step (and taken
        from polib itself, so an attribute a new polib adds is there too).
        """
        entry = cls.__new__(cls)
        entry.__dict__.update(_POLIB_DEFAULTS, msgstr_plural={}, **fields)
        entry._read = []
        entry._unread = references or None
        return entry

    @property  # type: ignore[override]
    def occurrences(self) -> list[tuple[str, str]]:
        if self._unread is not None:
            self._read = [ref for source in self._unread
                          for ref in (_parse_filepos(source) if isinstance(source, str) else (source,))]
            self._unread = None
        return self._read

    @occurrences.setter
    def occurrences(self, value: list[tuple[str, str]]) -> None:
        self._read = value
        self._unread = None


#: What polib's constructor gives an entry it is told nothing about, but the
#: references, which POEntry keeps as its own; the only mutable ones (the
#: plural forms and the flags) are given anew to each entry read.
_POLIB_DEFAULTS = {name: value for name, value in vars(polib.POEntry()).items() if name != "occurrences"}


class _Parser:
    """Token-level state machine equivalent to GNU's po-gram.y.

    Lines are split once and dispatched on their first character; the
    common shapes (``msgid "..."``, ``"..."``, comments) go through one
    regular expression each, anything else through a general tokenizer, so
    that every layout GNU accepts (several tokens per line, strings after
    blank lines, ``msgstr [ 0 ]``) is accepted here too.
    """

    def __init__(self, path: str, stop_at_header: bool = False) -> None:
        self.path = path
        self.stop_at_header = stop_at_header
        self.entries: list[polib.POEntry] = []
        self.header: dict | None = None
        self.seen: dict[tuple[str | None, str], int] = {}
        self.translated_plurals: list[tuple[int, int]] = []
        self.comments: list[str] = []
        self.codec: str | None = None      # Python codec of the charset
        self.charset: str | None = None    # GNU name of the charset
        self.raw_bytes = False             # an escape produced a byte >= 0x80
        self.prev_carry = False            # next line starts in '#|' mode
        self._reset_message()
        self._reset_prev()

    # -- helpers -----------------------------------------------------------

    def error(self, line: int, reason: str) -> POSyntaxError:
        return POSyntaxError(self.path, line, reason)

    def _reset_message(self) -> None:
        self.st = _IDLE
        self.need_str = False
        self.obs = False
        self.line = 0            # line of msgctxt/msgid
        self.msgid_line = 0
        self.msgstr_line = 0     # line of the (first) msgstr keyword
        self.kw_line = 0         # line of the last keyword
        self.ctxt: list[str] | None = None
        self.msgid: list[str] = []
        self.plural: list[str] | None = None
        self.msgstr: list[str] = []
        self.forms: list[list[str]] = []
        self.target: list[str] = self.msgid
        self.target_lines: list[int] | None = None
        self.msgstr_lines: list[int] = []
        self.from_state = _IDLE
        self.index = 0
        self.msg_comments: list[str] = []
        self.msg_prev: tuple | None = None

    def _reset_prev(self) -> None:
        self.pst = 0             # 0 none, 1 msgctxt, 2 msgid, 3 msgid_plural
        self.pneed = False
        self.pobs = False
        self.pline = 0
        self.pctxt: list[str] | None = None
        self.pid: list[str] | None = None
        self.pplural: list[str] | None = None
        self.ptarget: list[str] | None = None

    def _check_obs(self, obs: bool, line: int) -> None:
        if obs != self.obs:
            raise self.error(line, "inconsistent use of #~: every line of an "
                             "obsolete entry must start with #~, and no line "
                             "of an active entry may")

    # -- tokens ------------------------------------------------------------

    def comment(self, text: str, line: int) -> None:
        if self.st != _IDLE:
            if self.st in (_MSGSTR, _MSGSTRN) and not self.need_str:
                self.finish()
            else:
                raise self._incomplete(line)
        if self.pst:
            raise self.error(line, "comment between '#|' previous-msgid lines "
                             "and the message; move the comment above the "
                             "'#|' lines")
        self.comments.append(text)

    def segment(self, body: str, line: int) -> str:
        """The text of one string literal's body: escapes resolved, U+0004 refused."""
        if "\\" in body:
            try:
                seg = _ESCAPE.sub(_unescape_match, body)
            except ValueError as exc:
                raise self.error(line, str(exc)) from None
            if not seg.isascii() and _RAW_BYTE.search(seg):
                self.raw_bytes = True
        else:
            seg = body
        if "\x04" in seg:
            raise self.error(line, "string contains the character U+0004 "
                             "(EOT), which gettext reserves as the msgctxt "
                             "separator; remove it")
        return seg

    def string(self, body: str, line: int, obs: bool, prev: bool) -> None:
        seg = self.segment(body, line)
        if prev:
            if not self.pst or self.ptarget is None:
                raise self.error(line, "'#|' string without a preceding "
                                 "'#| msgid' or '#| msgctxt'")
            if obs != self.pobs:
                raise self.error(line, "inconsistent use of #~ in '#|' lines")
            self.ptarget.append(seg)
            self.pneed = False
            return
        st = self.st
        if st == _IDLE:
            raise self.error(line, "text outside of a message: a string must "
                             "follow msgctxt, msgid, msgid_plural or msgstr "
                             "(check for a missing keyword or an extra line)")
        if st in (_IDX_OPEN, _IDX_NUM):
            raise self.error(line, "malformed msgstr[N]: expected "
                             "'msgstr[N] \"...\"'")
        self._check_obs(obs, line)
        if st == _MSGSTR_KW:
            if self.from_state != _MSGID:
                raise self.error(line, "a message with msgid_plural needs "
                                 "msgstr[0], msgstr[1], ... instead of a plain "
                                 "msgstr")
            self.st = _MSGSTR
            self.target = self.msgstr
            self.target_lines = (self.msgstr_lines if self.ctxt is None
                                 and not "".join(self.msgid) else None)
        self.target.append(seg)
        if self.target_lines is not None:
            self.target_lines.append(line)
        self.need_str = False

    def keyword(self, kw: str, line: int, obs: bool, prev: bool) -> None:
        if kw not in _KEYWORDS:
            if kw == "domain":
                raise self.error(line, "'domain' directives are not supported "
                                 "in a single catalog; split the file")
            raise self.error(line, f"unknown keyword '{kw}' (expected msgctxt, "
                             "msgid, msgid_plural or msgstr)")
        if self.need_str:
            raise self._need_string(line)
        if self.pneed:
            raise self.error(line, "'#|' keyword without a string")
        if prev:
            self._prev_keyword(kw, line, obs)
            return
        st = self.st
        if kw in ("msgctxt", "msgid"):
            if st == _CTXT and kw == "msgid":
                self._check_obs(obs, line)
                self.st = _MSGID
                self.msgid_line = line
                self.target = self.msgid
                self.need_str = True
                return
            if st in (_MSGSTR, _MSGSTRN):
                self.finish()
            elif st != _IDLE:
                raise self._incomplete(line)
            self._start(kw, line, obs)
            return
        if st == _IDLE:
            raise self.error(line, f"'{kw}' without a preceding msgid")
        self._check_obs(obs, line)
        if kw == "msgid_plural":
            if st != _MSGID or self.plural is not None:
                raise self.error(line, "'msgid_plural' must directly follow "
                                 "the msgid")
            self.st = _PLURAL
            self.plural = []
            self.target = self.plural
            self.need_str = True
            return
        # msgstr
        if st not in (_MSGID, _PLURAL, _MSGSTRN):
            if st == _MSGSTR:
                raise self.error(line, "second msgstr for the same message; "
                                 "a message has exactly one msgstr")
            raise self.error(line, "'msgstr' without a preceding msgid")
        if st != _MSGSTRN:
            self.msgstr_line = line
        self.from_state = st
        self.st = _MSGSTR_KW
        self.kw_line = line
        self.need_str = True

    def bracket_open(self, line: int, obs: bool) -> None:
        if self.st != _MSGSTR_KW:
            raise self.error(line, "unexpected '[' (only msgstr[N] takes an "
                             "index)")
        self._check_obs(obs, line)
        self.st = _IDX_OPEN

    def number(self, value: int, line: int, obs: bool) -> None:
        if self.st != _IDX_OPEN:
            raise self.error(line, "unexpected number outside msgstr[N]")
        self._check_obs(obs, line)
        self.index = value
        self.st = _IDX_NUM

    def bracket_close(self, line: int, obs: bool) -> None:
        if self.st != _IDX_NUM:
            raise self.error(line, "unexpected ']'")
        self._check_obs(obs, line)
        origin = self.from_state
        if origin == _MSGID:
            raise self.error(self.msgid_line, "msgstr[N] without msgid_plural: "
                             "add 'msgid_plural \"...\"' after the msgid, or "
                             "use a plain msgstr")
        if origin == _PLURAL:
            if self.index != 0:
                raise self.error(line, f"the first plural form is "
                                 f"msgstr[{self.index}]; it must be msgstr[0]")
        elif self.index != len(self.forms):
            raise self.error(line, f"msgstr[{self.index}] out of order: "
                             f"expected msgstr[{len(self.forms)}] (indices "
                             "must be 0, 1, 2, ... without gaps)")
        seg: list[str] = []
        self.forms.append(seg)
        self.target = seg
        self.target_lines = None
        self.st = _MSGSTRN
        self.need_str = True

    def junk(self, char: str, line: int) -> None:
        if char == '"':
            raise self.error(line, "unterminated string: a string must end "
                             "with '\"' on the same line (escape inner quotes "
                             "as \\\")")
        raise self.error(line, f"unexpected character {char!r} outside of a "
                         "string")

    def eof(self, line: int) -> None:
        if self.need_str:
            raise self._need_string(line)
        if self.st in (_MSGSTR, _MSGSTRN):
            self.finish()
        elif self.st != _IDLE:
            raise self._incomplete(line, at_eof=True)
        if self.pst:
            raise self.error(self.pline, "'#|' previous-msgid lines at the end "
                             "of the file without a following message")

    # -- internals ---------------------------------------------------------

    def _need_string(self, line: int) -> POSyntaxError:
        if self.st in (_MSGSTR_KW, _IDX_OPEN, _IDX_NUM):
            return self.error(self.kw_line or line, "incomplete msgstr: "
                              "expected 'msgstr \"...\"' or "
                              "'msgstr[N] \"...\"'")
        return self.error(self.kw_line or line, "keyword without a string: "
                          "expected '\"...\"' after it")

    def _incomplete(self, line: int, at_eof: bool = False) -> POSyntaxError:
        st = self.st
        if st in (_MSGSTR_KW, _IDX_OPEN, _IDX_NUM) or self.need_str:
            return self._need_string(line)
        if st in (_MSGID, _CTXT):
            if st == _CTXT:
                return self.error(self.line, "msgctxt without a following "
                                  "msgid")
            where = "the file ends" if at_eof else "the next item starts"
            return self.error(self.msgid_line, f"msgid without msgstr ({where} "
                              "before the msgstr; is the file truncated?)")
        if st == _PLURAL:
            return self.error(self.msgid_line, "msgid_plural without "
                              "msgstr[0], msgstr[1], ...")
        return self.error(line, "incomplete msgstr[N]")

    def _prev_keyword(self, kw: str, line: int, obs: bool) -> None:
        st = self.st
        if st in (_MSGSTR, _MSGSTRN):
            self.finish()
        elif st != _IDLE:
            raise self._incomplete(line)
        if self.pst == 0:
            self.pobs = obs
            self.pline = line
        elif obs != self.pobs:
            raise self.error(line, "inconsistent use of #~ in '#|' lines")
        if kw == "msgctxt" and self.pst == 0:
            self.pst = 1
            self.pctxt = self.ptarget = []
        elif kw == "msgid" and self.pst in (0, 1):
            self.pst = 2
            self.pid = self.ptarget = []
        elif kw == "msgid_plural" and self.pst == 2:
            self.pst = 3
            self.pplural = self.ptarget = []
        else:
            raise self.error(line, f"'#| {kw}' out of place: previous fields "
                             "go in the order '#| msgctxt', '#| msgid', "
                             "'#| msgid_plural', and '#| msgid' is required")
        self.pneed = True

    def _start(self, kw: str, line: int, obs: bool) -> None:
        prev = None
        if self.pst:
            if self.pst == 1:
                raise self.error(self.pline, "'#| msgctxt' must be followed by "
                                 "'#| msgid'")
            if self.pobs != obs:
                raise self.error(line, "inconsistent use of #~: the '#|' lines "
                                 "and the message disagree")
            prev = (self.pctxt, self.pid, self.pplural)
            self._reset_prev()
        self.msg_comments = self.comments
        self.comments = []
        self.msg_prev = prev
        self.obs = obs
        self.line = line
        self.kw_line = line
        self.need_str = True
        if kw == "msgctxt":
            self.st = _CTXT
            self.ctxt = []
            self.target = self.ctxt
        else:
            self.st = _MSGID
            self.msgid_line = line
            self.target = self.msgid

    def _field(self, segs: list[str] | None, line: int) -> str | None:
        if segs is None:
            return None
        text = "".join(segs)
        if self.raw_bytes and _RAW_BYTE.search(text):
            # Bytes written as octal/hex escapes: decode them in the file's
            # charset, as GNU does when it converts or compiles the catalog.
            codec = self.codec or "ascii"
            try:
                text = text.encode(codec, "surrogateescape").decode(codec)
            except (UnicodeError, LookupError):
                raise self.error(line, "octal/hex escapes in this string do "
                                 "not form valid text in the catalog's "
                                 f"charset ({self.charset or 'none declared'});"
                                 " write the characters themselves instead")
        return text

    def finish(self) -> None:
        """Close the current message and turn it into a POEntry."""
        line = self.line
        ctxt = self._field(self.ctxt, line)
        msgid = self._field(self.msgid, line)
        key = (ctxt, msgid)
        first = self.seen.get(key)
        if first is not None:
            what = "msgid" if ctxt is None else "msgctxt + msgid"
            raise self.error(self.msgid_line, f"duplicate message: the same "
                             f"{what} is already defined at line {first} "
                             "(obsolete #~ entries count too); merge or remove "
                             "one of them")
        self.seen[key] = line
        plural = self._field(self.plural, line)
        if plural is not None:
            forms = [self._field(f, self.msgstr_line) for f in self.forms]
            msgstr = ""
        else:
            forms = []
            msgstr = self._field(self.msgstr, self.msgstr_line)
        tcomments, extracted, refs, flags, last_flags = _comment_fields(self.msg_comments)
        # GNU resets the flags on every "#," line (the last one wins); use
        # its reading for the decisions msgfmt makes.
        gnu_fuzzy = "fuzzy" in last_flags
        obs = self.obs
        first_msgstr = forms[0] if plural is not None else msgstr
        if not obs and not gnu_fuzzy and msgid and first_msgstr:
            self._check_newlines(msgid, plural, forms, msgstr)
        if (not obs and ctxt is None and msgid == "" and self.header is None):
            self.header = {
                "msgstr": msgstr, "segments": list(self.msgstr),
                "lines": list(self.msgstr_lines),
                "line": self.msgstr_line, "tcomment": "\n".join(tcomments),
                "flags": flags,
            }
            self._reset_message()
            if self.stop_at_header:
                raise _StopParse()
            return
        prev = self.msg_prev
        entry = POEntry.parsed(
            refs,
            msgid=msgid,
            msgstr=msgstr,
            msgctxt=ctxt,
            obsolete=obs,
            tcomment="\n".join(tcomments),
            comment="\n".join(extracted),
            flags=flags,
            linenum=line,
        )
        if plural is not None:
            entry.msgid_plural = plural
            entry.msgstr_plural = dict(enumerate(forms))
            if not obs and not gnu_fuzzy and forms[0] != "":
                self.translated_plurals.append((len(forms), self.msgstr_line))
        if prev is not None:
            entry.previous_msgctxt = self._field(prev[0], line)
            entry.previous_msgid = self._field(prev[1], line)
            entry.previous_msgid_plural = self._field(prev[2], line)
        self.entries.append(entry)
        self._reset_message()

    def _check_newlines(self, msgid: str, plural: str | None,
                        forms: list[str], msgstr: str) -> None:
        """msgfmt always (even without --check) refuses a translation whose
        leading/trailing newlines differ from the msgid's."""
        begins = msgid[0] == "\n"
        ends = msgid[-1] == "\n"
        if plural is None:
            if (msgstr[:1] == "\n") == begins and (msgstr[-1:] == "\n") == ends:
                return
            others = [("msgstr", msgstr)]
        else:
            others = ([("msgid_plural", plural)]
                      + [(f"msgstr[{i}]", f) for i, f in enumerate(forms)])
        for where, want, test in (("begin", begins, lambda t: t[:1] == "\n"),
                                  ("end", ends, lambda t: t[-1:] == "\n")):
            for name, text in others:
                if test(text) != want:
                    raise self.error(self.msgstr_line, f"'msgid' and '{name}' "
                                     f"do not both {where} with a newline "
                                     "(\\n); msgfmt refuses this, make them "
                                     "agree")

    # -- driver ------------------------------------------------------------

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
        block = _BLOCK.match
        boundary = _BOUNDARY.search
        pos, line, end = 0, 1, len(text)
        while pos < end:
            m = block(text, pos) if self._between_entries() else None
            if m is not None:
                if self.st != _IDLE:
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
        return (self.st in (_IDLE, _MSGSTR, _MSGSTRN) and not self.need_str and not self.pst
                and not self.prev_carry and not self.comments)

    def _block(self, m: re.Match, line: int) -> None:
        """One entry matched by ``_BLOCK``, put where the line-by-line reading puts it."""
        lead, comments, ctxt, msgid, msgstr = m.group("lead", "comments", "ctxt", "msgid", "msgstr")
        line += lead.count("\n")
        self.msg_comments = [c[1:] for c in comments.split("\n")[:-1]]
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
        if ctxt is None and not "".join(self.msgid):
            self.msgstr_lines = list(range(line, line + len(self.msgstr)))
        self.st = _MSGSTR
        self.finish()

    def _segments(self, strings: str, line: int) -> list[str]:
        """The string literals of one keyword, one per line from ``line``."""
        bodies = _BODIES.findall(strings)
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
                self.junk(s[pos], lineno)
            kind = m.lastgroup
            pos = m.end()
            if kind == "ws":
                continue
            if kind == "str":
                self.string(m.group()[1:-1], lineno, obs, prev)
            elif kind == "kw":
                self.keyword(m.group(), lineno, obs, prev)
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


def _sniff_header(data: bytes, path: str) -> dict | None:
    """The header entry, read before the charset is known (as latin-1, which
    keeps every byte and the line structure).  The header is normally at
    the top, so a prefix of the file usually suffices."""
    cut = data.rfind(b"\n", 0, 1 << 16)
    for chunk in ((data[:cut + 1],) if 0 <= cut < len(data) - 1 else ()) \
            + (data,):
        sniff = _Parser(path, stop_at_header=True)
        sniff.codec = "latin-1"
        lines, linenos = _split_lines(chunk.decode("latin-1"))
        try:
            sniff.run(lines, linenos)
            sniff.eof(linenos[-1] if linenos else len(lines))
        except _StopParse:
            return sniff.header
        except POSyntaxError:
            if chunk is data:
                raise
            continue
        if chunk is data:
            return sniff.header
    return None


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def parse(data: bytes, path: str = "<string>") -> polib.POFile:
    """Parse PO-file bytes strictly, as GNU msgfmt 0.21 would.

    Returns a :class:`polib.POFile` whose entries are :class:`polib.POEntry`
    objects (the header is not among them; its fields are in ``.metadata``,
    its translator comment in ``.header`` and its flags in
    ``.metadata_is_fuzzy``, as polib does).  Raises :class:`POSyntaxError`
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
    nul = data.find(b"\0")
    if nul >= 0:
        raise POSyntaxError(path, _line_of(data, nul), "NUL byte in the file; "
                            "a PO file is text (GNU gettext would silently "
                            "cut the string there)")
    ascii_only = data.isascii()
    charset = codec = None
    header = None
    sniffed = not ascii_only or _NUMERIC_ESCAPE.search(data) is not None
    if sniffed:
        # The charset is declared inside the file (and octal/hex escapes
        # are bytes in that charset): read up to the header first.
        header = _sniff_header(data, path)
        raw_cs = _header_charset(header["msgstr"]) if header else None
        if not ascii_only and (raw_cs is None or raw_cs == "CHARSET"):
            what = ("has no header entry" if header is None else
                    "header has no charset" if raw_cs is None else
                    "header still has the template value charset=CHARSET")
            first_bad = re.search(rb"[\x80-\xff]", data).start()
            raise POSyntaxError(path, _line_of(data, first_bad),
                                f"non-ASCII byte but the {what}; declare the "
                                "encoding with \"Content-Type: text/plain; "
                                "charset=UTF-8\\n\" in the header")
        if raw_cs is not None and raw_cs != "CHARSET":
            charset, codec = _charset_codec(raw_cs, header, path)
            if codec is None and not ascii_only:
                raise POSyntaxError(path, _charset_line(header), f"charset "
                                    f"'{raw_cs}' cannot be decoded here; "
                                    "convert the file to UTF-8 (msgconv -t "
                                    "UTF-8)")
    if ascii_only:
        text = data.decode("ascii")
    else:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise POSyntaxError(path, _line_of(data, exc.start),
                                f"bytes that are not valid {charset} (the "
                                "charset declared in the header); fix the "
                                "encoding of this line or of the header")
    parser = _Parser(path)
    parser.codec = codec
    parser.charset = charset
    parser.read(text)
    header = parser.header
    if not sniffed and header is not None:
        raw_cs = _header_charset(header["msgstr"])
        if raw_cs is not None and raw_cs != "CHARSET":
            charset, codec = _charset_codec(raw_cs, header, path)
    _check_plural_forms(parser, path)

    po = polib.POFile()
    po.fpath = None
    po.encoding = codec if codec not in (None, "ascii") else "utf-8"
    po.extend(parser.entries)
    if header is not None:
        po.header = header["tcomment"]
        po.metadata_is_fuzzy = header["flags"]
        po.metadata = _parse_metadata(header["msgstr"])
    return po


_NUMERIC_ESCAPE = re.compile(rb"\\[0-7x]")


def _charset_codec(raw: str, header: dict, path: str
                   ) -> tuple[str, str | None]:
    """Canonical name and Python codec of a header charset, or an error."""
    charset = _canonical_charset(raw)
    if charset is None:
        raise POSyntaxError(path, _charset_line(header), f"unknown charset "
                            f"'{raw}' in the header; GNU gettext only knows "
                            "portable names, use charset=UTF-8")
    return charset, _CHARSETS[charset.upper()][1]


def _charset_line(header: dict) -> int:
    return _line_of_header_text(header, "charset=")


def _line_of_header_text(header: dict, needle: str) -> int:
    """Line of the header string literal that contains ``needle``."""
    for seg, line in zip(header["segments"], header["lines"]):
        if needle in seg:
            return line
    return header["line"]


def _parse_metadata(msgstr: str) -> dict[str, str]:
    """Header fields as polib reads them (``Key: value`` per line)."""
    metadata: dict[str, str] = {}
    key = None
    lines = msgstr.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for line in lines:
        if ":" in line:
            key, value = line.split(":", 1)
            metadata[key] = value.strip()
        elif key is not None:
            metadata[key] += "\n" + line.strip()
    return metadata


# -- Plural-Forms --------------------------------------------------------------

_PLURAL_TOKEN = re.compile(r"[ \t]*(?:([0-9]+)|(==|!=|<=|>=|&&|\|\||[-+*/%<>!?:()n])"
                           r"|([;\n]|\Z)|(.))")
_ULONG = (1 << 64) - 1


def _compile_plural(expr: str) -> Callable[[int], int]:
    """Parse a C plural expression like GNU's plural.y; return an evaluator.

    Raises ValueError on syntax errors and ZeroDivisionError (at run time)
    like the SIGFPE GNU catches.  Arithmetic is on unsigned long.
    """
    tokens: list[tuple[str, object]] = []
    pos = 0
    while True:
        m = _PLURAL_TOKEN.match(expr, pos)
        num, op, end, bad = m.groups()
        if bad is not None:
            raise ValueError(f"unexpected {bad!r}")
        if end is not None:
            break
        tokens.append(("num", int(num) & _ULONG) if num is not None
                      else ("op", op))
        pos = m.end()
    tokens.append(("end", None))
    i = 0

    def peek():
        return tokens[i]

    def take():
        nonlocal i
        tok = tokens[i]
        i += 1
        return tok

    binary = [("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="),
              ("+", "-"), ("*", "/", "%")]

    def primary():
        kind, val = take()
        if kind == "num":
            return lambda n, v=val: v
        if val == "n":
            return lambda n: n
        if val == "!":
            sub = primary()
            return lambda n: 0 if sub(n) else 1
        if val == "(":
            sub = ternary()
            if take() != ("op", ")"):
                raise ValueError("missing ')'")
            return sub
        raise ValueError(f"unexpected {val!r}")

    def level(k):
        if k == len(binary):
            return primary()
        left = level(k + 1)
        while peek()[0] == "op" and peek()[1] in binary[k]:
            op = take()[1]
            right = level(k + 1)
            left = _binop(op, left, right)
        return left

    def ternary():
        cond = level(0)
        if peek() == ("op", "?"):
            take()
            yes = ternary()
            if take() != ("op", ":"):
                raise ValueError("missing ':'")
            no = ternary()
            return lambda n: yes(n) if cond(n) else no(n)
        return cond

    result = ternary()
    if peek()[0] != "end":
        raise ValueError(f"unexpected {peek()[1]!r}")
    return result


def _binop(op: str, a: Callable[[int], int], b: Callable[[int], int]):
    if op == "||":
        return lambda n: 1 if (a(n) or b(n)) else 0
    if op == "&&":
        return lambda n: 1 if (a(n) and b(n)) else 0
    if op == "==":
        return lambda n: int(a(n) == b(n))
    if op == "!=":
        return lambda n: int(a(n) != b(n))
    if op == "<":
        return lambda n: int(a(n) < b(n))
    if op == ">":
        return lambda n: int(a(n) > b(n))
    if op == "<=":
        return lambda n: int(a(n) <= b(n))
    if op == ">=":
        return lambda n: int(a(n) >= b(n))
    if op == "+":
        return lambda n: (a(n) + b(n)) & _ULONG
    if op == "-":
        return lambda n: (a(n) - b(n)) & _ULONG
    if op == "*":
        return lambda n: (a(n) * b(n)) & _ULONG
    if op == "/":
        return lambda n: a(n) // b(n)
    return lambda n: a(n) % b(n)


def _check_plural_forms(parser: _Parser, path: str) -> None:
    """msgfmt --check's Plural-Forms rules (msgl-check.c: check_plural)."""
    header = parser.header
    plurals = parser.translated_plurals
    if header is None:
        if plurals:
            raise POSyntaxError(path, plurals[0][1], "translated plural "
                                "message but the catalog has no header with "
                                "\"Plural-Forms: nplurals=N; plural=EXPR;\"")
        return
    hdr = header["msgstr"]
    p = hdr.find("plural=")
    np_ = hdr.find("nplurals=")
    if p < 0 or np_ < 0:
        if plurals:
            raise POSyntaxError(path, plurals[0][1], "translated plural "
                                "message but the header lacks \"Plural-Forms: "
                                "nplurals=N; plural=EXPR;\" (e.g. "
                                "\"nplurals=2; plural=(n != 1);\")")
        return
    pf_line = _line_of_header_text(header, "nplurals=")
    rest = hdr[np_ + 9:].lstrip(" \t\n\v\f\r")
    digits = re.match(r"[0-9]*", rest).group()
    if not digits:
        if rest.startswith("INTEGER") and path.endswith(".pot"):
            return  # an untouched template: nothing to check yet
        # In a catalog, msgfmt --check refuses the template's placeholder with or
        # without plural messages: a catalog must say its real count.
        raise POSyntaxError(path, pf_line, "Plural-Forms: nplurals must be an "
                            f"integer, not {rest.split(';')[0].strip()!r}; e.g. "
                            "\"nplurals=2; plural=(n != 1);\"")
    nplurals = int(digits)
    try:
        func = _compile_plural(hdr[p + 7:])
    except ValueError as exc:
        raise POSyntaxError(path, pf_line, f"Plural-Forms: invalid plural "
                            f"expression ({exc}); e.g. \"plural=(n != 1);\"")
    try:
        for n in range(1001):
            val = func(n)
            if val >= 1 << 63:
                raise POSyntaxError(path, pf_line, "Plural-Forms: the plural "
                                    "expression can produce negative values")
            if val >= nplurals:
                raise POSyntaxError(path, pf_line, f"Plural-Forms: nplurals="
                                    f"{nplurals} but the plural expression "
                                    f"gives {val} for n={n}")
    except ZeroDivisionError:
        raise POSyntaxError(path, pf_line, "Plural-Forms: the plural "
                            "expression can divide by zero") from None
    if plurals:
        lo = min(plurals, key=lambda t: t[0])
        hi = max(plurals, key=lambda t: t[0])
        bad = lo if lo[0] < nplurals else hi if hi[0] > nplurals else None
        if bad is not None:
            raise POSyntaxError(path, bad[1], f"this message has {bad[0]} "
                                f"plural form(s) but the header says "
                                f"nplurals={nplurals} (line {pf_line}); give "
                                f"exactly msgstr[0]..msgstr[{nplurals - 1}]")


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
    fields = header["msgstr"]  # read as Latin-1: every byte kept
    raw_cs = _header_charset(fields)
    if not fields.isascii() and raw_cs is not None and raw_cs != "CHARSET":
        charset, codec = _charset_codec(raw_cs, header, path)
        try:
            fields = fields.encode("latin-1").decode(codec or "ascii")
        except (UnicodeError, LookupError):
            raise POSyntaxError(path, header["line"], f"the header is not valid "
                                f"{charset} (the charset it declares)") from None
    return _parse_metadata(fields)


def load(path: str | os.PathLike) -> polib.POFile:
    """Read and :func:`parse` a catalog file; ``po.fpath`` is set."""
    with open(path, "rb") as fh:
        data = fh.read()
    po = parse(data, os.fspath(path))
    po.fpath = os.fspath(path)
    return po


Strings = dict[tuple["str | None", str], tuple[str, bool]]
"""Each active message's translation and whether it is fuzzy, by (msgctxt, msgid)."""


def parse_strings(data: bytes, path: str = "<string>") -> Strings:
    """What publishing needs of a catalog: :class:`Strings`, with the verdict of :func:`parse`.

    Building 50 editions reads 50 catalogs of 13,000 messages, of which an edition
    uses only the translations; making a polib entry for each message, with its
    comments, flags and references, is two thirds of reading a catalog. A file that
    is wholly made of what cannot hold an error :func:`parse` would find (a UTF-8
    header, then entries in the layout msgcat writes, with no obsolete, plural or
    ``#|`` lines, no escape of a byte beyond ASCII, no message twice) is read here in
    one ``findall`` of ``_PLAIN_ENTRY``. Any other file, and so every broken one, is
    read by :func:`parse`, which raises the error with its line; the result is the
    same either way.
    """
    data = bytes(data).removeprefix(b"\xef\xbb\xbf")
    strings = _plain_strings(data, path)
    if strings is None:
        strings = {(e.msgctxt, e.msgid): (e.msgstr, e.fuzzy) for e in parse(data, path) if not e.obsolete}
    return strings


def _plain_strings(data: bytes, path: str) -> Strings | None:
    """``parse_strings`` of a file in the plain layout, or None for :func:`parse` to read."""
    try:
        _header, text, start, rows = _plain_file(data, path)
        strings = {key: (translation, "fuzzy" in row[1] and _is_fuzzy(row[1]))
                   for row, key, translation in _plain_messages(text, start, rows)}
    except _NotPlain:
        return None
    return strings if _each_once(strings, rows) else None


class Checked(NamedTuple):
    """An active entry as ``letter check`` reads it: the fields of :func:`parse`'s entry that the
    checks use, with the same values."""

    msgctxt: str | None
    msgid: str
    msgstr: str
    flags: list[str]
    tcomment: str
    linenum: int
    obsolete = False

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags


@dataclass(frozen=True)
class CheckedCatalog:
    """A catalog as ``letter check`` reads it: its header's fields and its entries, iterated like a
    ``polib.POFile``: each a :class:`Checked`, or, for a file :func:`parse` read, polib's own."""

    metadata: dict[str, str]
    entries: list[Checked] | list[polib.POEntry]

    def __iter__(self) -> Iterator[Checked | polib.POEntry]:
        return iter(self.entries)


def parse_checked(data: bytes, path: str = "<string>") -> CheckedCatalog:
    """What checking needs of a catalog, with the verdict of :func:`parse`.

    ``letter check`` looks at every message's texts, flags, translator comments and line, but
    not at its references or extracted comments, and reading polib entries was a third of its
    time. A file in the plain layout (see :func:`parse_strings`) is read from the same rows as
    there; any other, and so every broken one, by :func:`parse`.
    """
    data = bytes(data).removeprefix(b"\xef\xbb\xbf")
    checked = _plain_checked(data, path)
    if checked is None:
        po = parse(data, path)
        checked = CheckedCatalog(po.metadata, list(po))
    return checked


def _plain_checked(data: bytes, path: str) -> CheckedCatalog | None:
    """``parse_checked`` of a file in the plain layout, or None for :func:`parse` to read."""
    try:
        header, text, start, rows = _plain_file(data, path)
        entries: list[Checked] = []
        line, counted, position = text.count("\n", 0, start) + 1, start, start
        for row, key, translation in _plain_messages(text, start, rows):
            comments = row[1]
            keyword = position + len(row[0]) + len(comments)  # the entry's line is its first keyword's
            line += text.count("\n", counted, keyword)
            counted = keyword
            position += sum(map(len, row))
            if _NOTES_ONLY.fullmatch(comments):  # most entries: extracted comments and references
                flags, tcomment = [], ""
            else:
                tcomments, _extracted, _refs, flags, _last = _comment_fields(
                    [comment[1:] for comment in comments.split("\n")[:-1]])
                tcomment = "\n".join(tcomments)
            entries.append(Checked(key[0], key[1], translation, flags, tcomment, line))
    except _NotPlain:
        return None
    if not _each_once({(entry.msgctxt, entry.msgid) for entry in entries}, rows):
        return None
    return CheckedCatalog(_parse_metadata(header["msgstr"]), entries)


#: Comment lines that are all extracted comments (``#.``) and references (``#:``).
_NOTES_ONLY = re.compile(r"(?:#[.:][^\n]*+\n)*+")


def _each_once(keys: set | dict, rows: list) -> bool:
    """Whether the distinct ``keys`` of a plain file's ``rows`` are one per row, none of them the
    header's: else a message comes twice, or a second header, which parse() refuses."""
    return len(keys) == len(rows) and (None, "") not in keys


class _NotPlain(Exception):
    """A file the plain reading leaves to :func:`parse`."""


def _plain_file(data: bytes, path: str) -> tuple[dict, str, int, list[tuple[str, ...]]]:
    """A file in the plain layout: its header (as ``_Parser`` reads it), its text, where its
    entries start, and their ``_PLAIN_ENTRY`` rows. Raises ``_NotPlain`` for any other file;
    that is always safe, so every test here is on the cautious side.
    """
    # Bytes that make parse() refuse or join lines: NUL, CR.
    if b"\0" in data or b"\r" in data:
        raise _NotPlain
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _NotPlain from None
    head = _BLOCK.match(text)
    if head is None or _CONTINUED in head.group("comments"):
        raise _NotPlain
    reader = _Parser(path)  # the first entry through the full reading: the header, its charset and Plural-Forms
    try:
        reader.read(text[:head.end()])
        if reader.header is None or reader.entries:
            raise _NotPlain
        charset = _header_charset(reader.header["msgstr"])
        if charset is None or _canonical_charset(charset) != "UTF-8":
            raise _NotPlain
        _check_plural_forms(reader, path)
    except POSyntaxError:
        raise _NotPlain from None
    if "\x04" in text:
        raise _NotPlain  # parse() refuses it in a string
    # All entries in one call; they cover the rest of the file when their parts add up to it.
    rows = _PLAIN_ENTRY.findall(text, head.end())
    if sum(map(len, map("".join, rows))) != len(text) - head.end():
        raise _NotPlain
    return reader.header, text, head.end(), rows


def _plain_messages(text: str, start: int, rows: list[tuple[str, ...]]
                    ) -> Iterator[tuple[tuple[str, ...], tuple[str | None, str], str]]:
    """Each row of :func:`_plain_file` with its message's key and translation; raises ``_NotPlain``
    where parse() must judge (an escape it might refuse). Whether a key comes twice is the caller's
    to tell, from how many it got."""
    bodies = _BODIES.findall
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
#: end so in what ``_BLOCK`` takes (a string line ends with its closing quote).
_CONTINUED = "\\\n"


def _escaped(ctxt: str | None, msgid: str, msgstr: str) -> tuple[tuple[str | None, str], str] | None:
    """The key and translation of an entry with escapes, or None where parse() must judge it:
    an invalid escape, or newlines at either end that msgfmt refuses (unless fuzzy)."""
    context, source, translation = (None if strings is None else _unescaped(strings) for strings in (ctxt, msgid, msgstr))
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
        text = "".join(_ESCAPE.sub(_unescape_match, body) for body in _BODIES.findall(strings))
    except ValueError:
        return None
    return None if "\x04" in text or _RAW_BYTE.search(text) else text


def _same_newlines(msgid: str, msgstr: str) -> bool:
    """Whether a translation begins and ends with a newline where its msgid does, as msgfmt requires."""
    return not msgid or not msgstr or (
        (msgid[0] == "\n") == (msgstr[0] == "\n") and (msgid[-1] == "\n") == (msgstr[-1] == "\n"))


def _is_fuzzy(comments: str) -> bool:
    """polib's ``fuzzy``: a ``fuzzy`` flag on any ``#,`` (or ``#!``) line, as the flags are read above."""
    return any(line[1:2] in (",", "!") and "fuzzy" in (flag.strip() for flag in line[2:].split(","))
               for line in comments.split("\n"))


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------

# Format languages in GNU's order (message.c: format_language).
_FORMATS = ("c", "objc", "python", "python-brace", "java", "java-printf",
            "csharp", "javascript", "scheme", "lisp", "elisp", "librep",
            "ruby", "sh", "awk", "lua", "object-pascal", "smalltalk", "qt",
            "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl",
            "perl-brace", "php", "gcc-internal", "gfc-internal", "ycp")
_FORMAT_INDEX = {name: i for i, name in enumerate(_FORMATS)}
_INT_MAX = 2 ** 31 - 1


class _Flags:
    """The meaning GNU gives a list of flags (po_parse_comment_special)."""

    __slots__ = ("fuzzy", "formats", "range", "wrap")

    def __init__(self, flags: Iterable[str]) -> None:
        self.fuzzy = False
        self.formats: dict[int, str] = {}
        self.range: tuple[int, int] | None = None
        self.wrap: str | None = None
        tokens = _gnu_flag_tokens(", ".join(flags))
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            i += 1
            if tok == "fuzzy":
                self.fuzzy = True
                continue
            if tok.endswith("-format"):
                name = tok[:-7]
                value = "yes"
                for prefix, val in (("no-", "no"), ("possible-", "possible"),
                                    ("impossible-", "impossible")):
                    if name.startswith(prefix):
                        name = name[len(prefix):]
                        value = val
                        break
                idx = _FORMAT_INDEX.get(name)
                if idx is not None:
                    self.formats[idx] = value
                    continue
            if tok == "range:":
                if i < len(tokens):
                    m = re.match(r"([0-9]+)\.\.([0-9]+)", tokens[i])
                    i += 1
                    if m:
                        lo = min(int(m.group(1)), _INT_MAX)
                        hi = min(int(m.group(2)), _INT_MAX)
                        if lo <= hi:
                            self.range = (lo, hi)
                            continue
                continue
            if tok == "wrap":
                self.wrap = "yes"
            elif tok == "no-wrap":
                self.wrap = "no"
            # Anything else is dropped by GNU ("future xgettext flag").

    def line(self, msgstr_empty: bool, obsolete: bool) -> str | None:
        items = []
        if self.fuzzy and (obsolete or not msgstr_empty):
            items.append("fuzzy")
        for idx in sorted(self.formats):
            value = self.formats[idx]
            if value in ("yes", "possible"):
                items.append(f"{_FORMATS[idx]}-format")
            elif value == "no":
                items.append(f"no-{_FORMATS[idx]}-format")
        if self.range is not None and not obsolete:
            items.append(f"range: {self.range[0]}..{self.range[1]}")
        if self.wrap == "no":
            items.append("no-wrap")
        return "#, " + ", ".join(items) if items else None

    def format_language(self) -> str | None:
        """The language whose directives must not be broken (first in GNU
        order that is a possible format)."""
        for idx in sorted(self.formats):
            if self.formats[idx] in ("yes", "possible"):
                return _FORMATS[idx]
        return None


# -- format directive extents (to forbid line breaks inside them) --------------

def _spans_c(s: str, translated: bool, objc: bool) -> list[tuple[int, int]]:
    """Valid directive extents of a C format string (format-c-parse.h)."""
    spans = []
    n = len(s)
    i = 0
    numbered = unnumbered = 0

    def digits(j: int) -> int:
        while j < n and "0" <= s[j] <= "9":
            j += 1
        return j

    def star_arg(j: int) -> tuple[int, int] | None:
        # after '*': optional "N$"; returns (new index, number) or None
        k = digits(j)
        if k > j and k < n and s[k] == "$":
            m = int(s[j:k])
            if m == 0:
                return None
            return k + 1, m
        return j, 0

    while i < n:
        if s[i] != "%":
            i += 1
            continue
        start = i
        i += 1
        number = 0
        k = digits(i)
        if k > i and k < n and s[k] == "$":
            number = int(s[i:k])
            if number == 0:
                return spans
            i = k + 1
        while i < n and (s[i] in " +-#0'" or (translated and s[i] == "I")):
            i += 1
        for is_precision in (False, True):
            if is_precision:
                if i < n and s[i] == ".":
                    i += 1
                else:
                    break
            if i < n and s[i] == "*":
                r = star_arg(i + 1)
                if r is None:
                    return spans
                i, num = r
                if num:
                    if unnumbered:
                        return spans
                    numbered += 1
                else:
                    if numbered:
                        return spans
                    unnumbered += 1
            else:
                i = digits(i)
        has_arg = True
        if i < n and s[i] == "<":
            m = re.compile(r"<PRI[diouxX](?:MAX|PTR|(?:LEAST|FAST)?(?:8|16|32|64))>"
                           ).match(s, i)
            if m is None:
                return spans
            end = m.end() - 1
        else:
            while i < n and s[i] in "hlLqjzZt":
                i += 1
            c = s[i] if i < n else ""
            if c in ("%", "m"):
                has_arg = False
            elif not (c and (c in "cCsSidouxXeEfFgGaApn" or (objc and c == "@"))):
                return spans
            end = i
        if has_arg:
            if number:
                if unnumbered:
                    return spans
                numbered += 1
            else:
                if numbered:
                    return spans
                unnumbered += 1
        spans.append((start, end))
        i = end + 1
    return spans


def _spans_python(s: str, translated: bool) -> list[tuple[int, int]]:
    """Valid directive extents of a Python %-format (format-python.c)."""
    spans = []
    n = len(s)
    i = 0
    named = unnamed = 0
    while i < n:
        if s[i] != "%":
            i += 1
            continue
        start = i
        i += 1
        name = None
        if i < n and s[i] == "(":
            depth = 0
            j = i + 1
            while j < n:
                if s[j] == "(":
                    depth += 1
                elif s[j] == ")":
                    if depth == 0:
                        break
                    depth -= 1
                j += 1
            if j >= n:
                return spans
            name = s[i + 1:j]
            i = j + 1
        while i < n and s[i] in "-+ #0":
            i += 1
        if i < n and s[i] == "*":
            i += 1
            if named:
                return spans
            unnamed += 1
        else:
            while i < n and "0" <= s[i] <= "9":
                i += 1
        if i < n and s[i] == ".":
            i += 1
            if i < n and s[i] == "*":
                i += 1
                if named:
                    return spans
                unnamed += 1
            else:
                while i < n and "0" <= s[i] <= "9":
                    i += 1
        if i < n and s[i] in "hlL":
            i += 1
        c = s[i] if i < n else ""
        if not c or c not in "%csridouxXeEfgG":
            return spans
        if name is not None:
            if unnamed:
                return spans
            named += 1
        elif c != "%":
            if named:
                return spans
            unnamed += 1
        spans.append((start, i))
        i += 1
    return spans


def _spans_python_brace(s: str, translated: bool) -> list[tuple[int, int]]:
    """Directive extents of a Python str.format string, as GNU 0.21 marks
    them.

    format-python-brace.c records its marks relative to the start of each
    *directive* instead of the string (a local ``format_start``), so every
    valid directive marks index 0 as a start and its own length as an end.
    write-po.c then protects the string prefix from 0 to the first end (or
    nothing, if an error mark comes first).  We reproduce that, since the
    point is to wrap exactly like msgcat. Those lengths are counted in the
    string's UTF-8 bytes, so the prefix protected is that many bytes, which
    after a character beyond ASCII is fewer characters.
    """
    n = len(s)

    def length(start: int, end: int) -> int:
        return end - start if s.isascii() else len(s[start:end].encode("utf-8", "surrogatepass"))
    name_re = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9]+")
    ident_re = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
    ends: list[int] = []
    errors: list[int] = []

    def directive(i: int, toplevel: bool) -> int | None:
        # s[i] == '{'; returns the index after the directive or None
        j = i + 1
        if j < n and s[j] == "{":
            return j + 1
        m = name_re.match(s, j)
        if m is None:
            errors.append(length(i, j))
            return None
        j = m.end()
        while j < n:
            if s[j] == ".":
                m = ident_re.match(s, j + 1)
                if m is None:
                    errors.append(length(i, j + 1))
                    return None
                j = m.end()
            elif s[j] == "[":
                m = name_re.match(s, j + 1)
                if m is None:
                    errors.append(length(i, j + 1))
                    return None
                j = m.end()
                if j >= n or s[j] != "]":
                    errors.append(length(i, j + 1))
                    return None
                j += 1
            else:
                break
        c = s[j] if j < n else ""
        if c == ":":
            if not toplevel:
                errors.append(length(i, j))
                return None
            j += 1
            if j < n and s[j] == "{":
                j = directive(j, False)
                if j is None:
                    return None
                if j >= n or s[j] != "}":
                    errors.append(length(i, j))
                    return None
            else:
                c1 = s[j] if j < n else ""
                c2 = s[j + 1] if j + 1 < n else ""
                if c2 and c2 in "<>=^":
                    j += 2
                elif c1 and c1 in "<>=^":
                    j += 1
                if j < n and s[j] in "+- ":
                    j += 1
                if j < n and s[j] == "#":
                    j += 1
                if j < n and s[j] == "0":
                    j += 1
                while j < n and "0" <= s[j] <= "9":
                    j += 1
                if j < n and s[j] == ".":
                    j += 1
                    while j < n and "0" <= s[j] <= "9":
                        j += 1
                if j < n and s[j] in "bcdoxXneEfFgG%":
                    j += 1
                if j >= n or s[j] != "}":
                    errors.append(length(i, j))
                    return None
            c = s[j]
        if c != "}":
            errors.append(length(i, j))
            return None
        if toplevel:
            ends.append(length(i, j))
        return j + 1

    i = 0
    while i < n:
        if s[i] == "{":
            nxt = directive(i, True)
            if nxt is None:
                break
            i = nxt
        else:
            i += 1
    if not ends:
        return []
    first = min(ends + errors)
    if first in errors:
        return []
    if s.isascii():
        return [(0, first)]
    # The characters that start within the first ``first`` bytes.
    starts = accumulate((len(ch.encode("utf-8", "surrogatepass")) for ch in s), initial=0)
    return [(0, sum(1 for offset in starts if 0 < offset <= first))]


_SPAN_FINDERS = {
    "c": lambda s, t: _spans_c(s, t, False),
    "objc": lambda s, t: _spans_c(s, t, True),
    "python": _spans_python,
    "python-brace": _spans_python_brace,
}


# -- Unicode line breaking (libunistring 1.0, as linked by gettext 0.21) -------

# Line-breaking class (high 6 bits) and display width + 1 (low 2 bits) of
# every code point, run-length encoded.  Generated from libunistring 1.0's
# unilbrk/lbrkprop2.h (Unicode 14.0, gnulib's own tailoring) and its
# uc_width(uc, "UTF-8"), so that wrapping matches msgcat exactly regardless
# of the Python or uniseg Unicode version.
_PROPS_BLOB = (
    "c-rk*O>A6O71q7?{mq-1H}>Su8OM&3I+K4paoRYTwn?YdrB2m0cUsyC>Ah-Fs47$;r4<MvWdcMLi"
    "GuPbY8R0x(xjfn^#%!vsvA@x5DO5nfT{}?WyOL8T>%T!@_pw$yLN~w*k^I(-gke_J%9I{bI+(ex~"
    "6LCHGNfmuX#<~P;IrOtXfga_+3&9YFfVTS33cZ#T|XWv8p|3F|(qkr`RT{rEG9bU2R=c0lt^bin4"
    "l$eM7-j*B01TFw#`k$Cw$ag<Y843;4a^vZmqW5DSN)^@^=lHD~POx$<jy=-2beYUf!HVLcaG<uLE"
    "I13pkT%t!ocW5o%sNVL-=+8xh9Tn=IiXsbMOlb1Z_UDCGdf(yo)Wqm*TGH2RH?T$R|sAb&&Rry6Q"
    "O62MS*vqwG@zBN{p36~{Pus~{yJv~PCNA#mvz1(^#7^y0u2*(qkHV<32H<0L1G{(QOA8NG>pKX-="
    "?j62@*{Qv=gs75a2nXvfYh5olzZsu0jY^Whfd<oxRnt{xqvpe6F3UF7|4ldb0_F^dO+ZJ<kY~UY@"
    "8t$(2JeRz7=J!Xkv7lr@Fv;Td?X45X{aDbdD8RZ*qf?kh;OyA#vuEp0aU?t0L#AEx7y*3VmQJ){#"
    "caq`^~!I#LxnN?*C#bGsRrNNWqnp<v$1aRj<#HFz{amxorD7Nw=napP)~fyf=-1M*zZ7eI>Cb%iz"
    "t?ZI*|6O~-Tu-(`?chnmsgfj|SNQF}c4?+#NYgP(PHaBC4H}Mq~XOk;p83gN^C}f0QothY|%lWWa"
    "Ds`_up&PtlZV;Eduy#4H>r!ok+X-7}iqwUcI>nBG5y?aDI2D?uJZ#OK7^zh~3RgV`{fwej=(?km1"
    "5S^y8sGya%6=?sE30axWt?Nds@R_MMl(3igImx|6#x<y_-!~5+&t<l0A5H!?r;eUa5exvptNSeRf"
    "0PX8%lKU^A@^U+EW7F@}Q6su{I&g;D9?m@<2yGT0oOVOS(N9q3?~%>KNwhLa$y8q>Vd9+O|l>7wM"
    "d^&%N;Z7oU0Q5wRV;;f>foT(<jeGsk=XnX><&<;}rNG6`9?U{hbfNI;DzALA+|Eqd0Lap$c`s<>8"
    "7x{pD{ZKHArI;mhp=QUR^mCpX%!cw>z3CYz}ov1m8JK-@fRgOaJP^6^^={Dvm`nI?xU*(*87H2_N"
    "`F;_&@0M|0=$>fGxY&c@N(3+rPh5>|$DL_WZPgtcd9F30p{NmNMvF8yxis3I#_6OD;#d_*U^c-hU"
    "Zsf(O@IV=_U0#XS=3-&+@CKl(3eXX;WVlX29v~as1=L8T<~ct*M7jh5eI!tc5AtqGB$|ZAsfMwa+"
    "PsD94Ie&+?fTI3V1#W(O2OhsgyeQgmmLHA>bn>%HmyR&*g9EQc>-)jY<`-!(NQtgO=(}WR0TML`y"
    "J-Cf9^8bd#vpLESergH!-sV#Z93m}?k!mo&nmIReA}E~F4d%Q83Aa{<E(ZDX!Ry+Rt$L!y*-0hcW"
    "o2R)3$dKg5#^*$`cxDatY0eAq-7!PQy?8_UZjzM6^7H)u{cm>XayN8F+`o$P9)`p&qhYk7mTs%Be"
    "1nc2ZX*DotS!v2~oP%GlSYP5G1k(B#!-W{e<qn=x7Ytmh1)61BFV|E7y8*C~BNKMrB?OW@=nShC)"
    "#T5?dKZf`ovQ4V-3{gLa6jg`kK()oz%eFg#FD9m;IlZx+h~o@$~9wvN<mi_Xj4^k=oRZTV8ED3)n"
    "%O`u%}+hqi<{7n&3AD&#7ow`jB6?&8lv3zUt!q?l^Gysm_3b7`wp8HUlNx3BX8suF3+AWSj?;I9r"
    "j9EW|$0pX$E83?I_H3qbtfhwV*cgC)81so9X+?O>WzcOl(w0`O(+-rMfD{^^Krg|i#0XQcNdP}@B"
    "v6snuvum$_YgnM5zL!!rR8#=JIN;do8GnRRQN)ot_UA7{A_S0Y{PnM#>5h7v5kxN>x+E&_dm6*3B"
    "1USLiNKY-4JJB~3-K|_D`&}zjYtLr2wf9ukTB~K=nri4tXlEV(YrGY1Gdiyp^<<pEk6rgO1<>=N-"
    "8IZ)TVXd~@22lS0PEL~lwm~w&pW(~>;1K(AU_2>2^Pk<a_vwS4L>}cowKjM#SQ<AGPAarRo3Ppgd"
    "b>10~#4)+_&4^yyUoXJ_CpUgk&Fn61m?{S?h_FZzqrzDM=0KS$EmOU$bxMLzkIY-HmXq+Yw^Sf*r"
    "#=dI=*#6KSt%GC_?ydn~+ovJ1gp530aD^@5?-mWZLtIA8`y?vf%UjXO*Lk$SAg2<J>e4l|t}Xn_h"
    "nACou63rR}oP4{5+DT!D{k^x^LE59cg=_DdxcVZ;zj3o{f@QEqj3-9={EfPq9L`f_pKkDhpFW!MW"
    "a0l+d9k>Jk57gYQ7d?0KrK=rx#mhoG$9*P6mk@_8;q7t>u@-=Dr%Q-0y==$a-w-~LuOL3V(~>>SI"
    "6NShjUCI?StKiG^+8EQjs|OExqsWV<-b#yFvAyN4e7^0wPja?Gy)^%)x!!25mHF^suaZ(h7W3)D3"
    "It9NfjB1$<)C~j^cZ&Y)iB)by~OZqD|wu<Eft8n;I9SdIJo;anyN}>GO=hF|&d<ksFguJhAx-D+)"
    "#pP?6aE?wgPsvIKV=FQaE{@j_B|9^WeewsKSWJZT%qFeeepXA#<`v7v4K+(!>0PFR0H>VRDFh<lT"
    "~F}BajVvp}l<TF({y|JlWRo(LapnF>b^G=W(Aw}Y2@rYDn9xAE<=pQTVQaoUnocl0PSL}(BA>Zxe"
    "Y|@h4_#AR$&uz!rc|Pm$K=$#V_R2EBl++#YbkF(dWnLS)bFhR1mi0W}28lXSfqmeqnC!&bN#JZ*R"
    "`+Tk_zCxjU38~x9T0*}4+&b_;j6tQn{QdZ_8$}OcOplt*qyFvNkH4}L8{1Py(rY(V;ecsY!VxHR9"
    "RrHNG^B0C|xqkvg!iTa^zU*f_A&5z!+f7tYvK=0)xo!n3@k*-n^?Q6E%s4+2sk~sW2;)q+TUnStg"
    "XyVpHDDIK2uAr6enrf}(OzJOWs9dSFu#r_dZrQh{T>$<nMZ6zNYXPl{Y56Z8f}ancOd3yD6fE%*v"
    "qmB_!Z+&xn7)vUa6gFNr0>_HNcK2JL`6%@0QLPK*_^q{D6DS)m|AZJc=+t>zjVV&=nt<fePSq3Nd"
    "_2xErv@AI561ldl%A9tS&@Z!Kmd^ZDk2&(lB+=*{S|-I?lt-S29kH%h6CtRwFhT)L*r2Fh7Iof21"
    ")>I%RDf<-b{t%<R!gnBP>&i+O7)k9aL5W-d}%bL=)rl|Uomg;IVsy9^=CN*Y}a9{uWBi29<Z$EC>"
    "KZx-A`g1x{X(+soK-j7K@x*QA+KR4c)bY+(-eG#oI71j-<qba>b1G2gPh5RVmnF#m}^q>Oi@DTS-"
    "xS%6iM=xH>Ai5!x@iuhKM<s{5s~zuoRGV&Z+g(HBf>7H;~JC-vWP<brPfRH{b4I;nR5dawIkG5>Y"
    "@&V%k959jgz$vY=`TzY{cUo4Bp&^c@?kus`{rC?0%cHm-fvp@0O)0SrNC3oI>Qf*!w;I`*=_z^q}"
    "{i@T~6ZfzAEOJ+Z>^;*x;wsr+A97w7XaE{;Q)kDWnIFf7$h~H=t4;S6V5c{wlZgv+$a(wzJnQD5<"
    "6U@my<+cm{~$#NF@LY63JnZp40adh(@^t$c8BZ8pC&hWNo%0Af=l|Ua!-N&hu8m%C~q9^X05!Z<n"
    "Mv9&>EHBd&>Lkmw%CP?2p{|7Jn8xS3J9jd$b@=!9>b_ym<`@(KYfvM3C`c#01=UuBD~Y{rpc#;zy"
    "W=;{W;9d{;9*<m0#>9$XE)^2!IryU^Q+K+64!q(eaYVfQ)y%fw<Dw=d*@`>X_Jwd~nP-F@~K#m32"
    "Uvnu04Tp}zAj{z&`TMCipmi4#7`kYsa$lHXExW^eDOOcJ+yRrU<Se&ZtVCwarPiwtKssXB(um;sT"
    "kjB0G(4^BtZI_0|vZrq9VSKYWROy*s>uV;fUp$t17b{tKQD@1;AiJS1?#pUvB~$4#0NF%8$)c16t"
    "R0!|A`1bSJ`#iiF6-3C`ti)LES8$g|IXQ>1jd3_R_*V|w)K%h^gZmtias$a!K%8d1YhRa*WDGV4~"
    "E^bEa}!Wmg`iCxpV@j=*wWXzav#>b-#{v^C@C<imRWl05?wWx2;(+bDq5mIL9ysPWpZpU>~W|q_A"
    "hQDvNqO4}6;5E4J2q%6e(ot7TqKWsP3Vdc89?>cuwbA#C<=b$dE}4C4jYQ5N+Bw3RF-FR5^qp1{a"
    "`nZ}3~4#$P#dVhcRBu+@68c0qc%qqPpv{j+S^y6Nf1wCNxh5btJI@P^s4~W<JDC}wX(Z`^Ct@!=c"
    "l|%3f)9$(aigF*S{Mx^(?mw}(0c`"
)

# Classes (values of libunistring's LBP_* enum).
(_WJ, _GL, _B2, _BA, _BB, _HY, _CL, _CP1, _CP2, _EX, _IN, _NS, _OP1, _OP2,
 _QU, _IS, _NU, _PO, _PR, _SY, _AL, _H2, _H3, _ID1, _ID2, _JL, _JV, _JT, _HL,
 _RI, _ZWJ, _EB, _EM, _BK, _CR, _LF, _CM, _ZW, _SP, _CB, _AI, _SA, _XX) = \
    range(43)
_HL_BA = 100
# unilbrk_table[33][33] of lbrktables.c: D(irect), I(ndirect), P(rohibited).
_PAIR_TABLE = [row.split() for row in """
P I I I I I P P P P I I I I I P I I I P I I I I I I I I I I I I I
P I I I I I P P P P I I I I I P I I I P I I I I I I I I I I I I I
P I P I D I P P P P I I D D I P D D D P D D D D D D D D D D D D D
P D D I D I P P P P I I D D I P D D D P D D D D D D D D D D D D D
P I I I I I P P P P I I I I I P I I I P I I I I I I I I I I I I I
P D D I D I P P P P I I D D I P I D D P D D D D D D D D D D D D D
P I D I D I P P P P I P D D I P D I I P D D D D D D D D D D D D D
P I D I D I P P P P I I D D I P I I I P I D D D D D D D I D I D D
P I D I D I P P P P I I D D I P D I I P D D D D D D D D D D D D D
P I D I D I P P P P I I D D I P D D D P D D D D D D D D D D D D D
P I D I D I P P P P I I D D I P D D D P D D D D D D D D D D D D D
P I D I D I P P P P I I D D I P D D D P D D D D D D D D D D D D D
P P P P P P P P P P P P P P P P P P P P P P P P P P P P P P P P P
P P P P P P P P P P P P P P P P P P P P P P P P P P P P P P P P P
P I I I I I P P P P I I P P I P I I I P I I I I I I I I I I I I I
P I D I D I P P P P I I D D I P I D D P D D D D D D D D D D D D D
P I D I D I P P P P I I I D I P I I I P I D D D D D D D I D I D D
P I D I D I P P P P I I I I I P I D D P I D D D D D D D I D I D D
P I D I D I P P P P I I I I I P I D D P I I I I I I I I I D I I I
P I D I D I P P P P I I D D I P I D D P D D D D D D D D I D D D D
P I D I D I P P P P I I I D I P I I I P I D D D D D D D I D I D D
P I D I D I P P P P I I D D I P D I D P D D D D D D I I D D D D D
P I D I D I P P P P I I D D I P D I D P D D D D D D D I D D D D D
P I D I D I P P P P I I D D I P D I D P D D D D D D D D D D D D D
P I D I D I P P P P I I D D I P D I D P D D D D D D D D D D D D I
P I D I D I P P P P I I D D I P D I D P D I I D D I I D D D D D D
P I D I D I P P P P I I D D I P D I D P D D D D D D I I D D D D D
P I D I D I P P P P I I D D I P D I D P D D D D D D D I D D D D D
P I D I D I P P P P I I I D I P I I I P I D D D D D D D I D I D D
P I D I D I P P P P I I D D I P D D D P D D D D D D D D D D D D D
P I D I D I P P P P I I I D I P I I I P I D D I I D D D I D I I I
P I D I D I P P P P I I D D I P D I D P D D D D D D D D D D D D I
P I D I D I P P P P I I D D I P D I D P D D D D D D D D D D D D D
""".strip().splitlines()]
_UNDEF, _PROHIBITED, _POSSIBLE, _MANDATORY = 0, 1, 2, 3


_CLS: bytes | None = None     # line-breaking class per code point
_WID: bytes | None = None     # display width per code point (controls: 0)


def _tables() -> tuple[bytes, bytes]:
    """Decode the property blob (once, lazily: 2 x 1.1 MB)."""
    global _CLS, _WID
    if _CLS is None:
        raw = zlib.decompress(base64.b85decode("".join(_PROPS_BLOB)))
        cls = bytearray(0x110000)
        wid = bytearray(0x110000)
        pos = 0
        i = 0
        while i < len(raw):
            run = shift = 0
            while True:
                b = raw[i]
                i += 1
                run |= (b & 0x7F) << shift
                shift += 7
                if not b & 0x80:
                    break
            code = raw[i]
            i += 1
            cls[pos:pos + run] = bytes((code >> 2,)) * run
            wid[pos:pos + run] = bytes((max((code & 3) - 1, 0),)) * run
            pos += run
        assert pos == 0x110000
        _CLS, _WID = bytes(cls), bytes(wid)
    return _CLS, _WID


def _widths(text: str) -> bytes:
    """Display width of each character, as uc_width (controls count 0)."""
    return bytes(map(_tables()[1].__getitem__, map(ord, text)))


_RUN = re.compile(rb"(.)\1*", re.S)
_TRANSITIONS: dict[int, tuple[int, int]] = {}
# (state, class) -> (state, break, whether more of the class is a no-op)
_RUN_STEPS: dict[int, tuple[int, int, bool]] = {}


def _step(state: int, raw: int) -> tuple[int, int]:
    """One step of libunistring 1.0 ``u8_possible_linebreaks_loop``.

    ``state`` packs (prev_prop, last_prop, seen_space, ri_count % 2); the
    result is the new state and the break before this character
    (0, _POSSIBLE or _MANDATORY).  Pure, hence memoised by the caller.
    """
    ri_odd = state & 1
    seen_space = bool(state & 2)
    last_prop = (state >> 2) & 0x7F
    prev_prop = state >> 9
    event = 0
    prop = raw
    if prop == _BK or prop == _LF or prop == _CR:
        event = _MANDATORY
        prev_prop = prop
        last_prop = _BK
        seen_space = False
    else:
        if prop == _AI or prop == _SA or prop == _XX:
            prop = _AL        # UTF-8 is not a CJK encoding; no SA support
        elif prop == _CB:
            prop = _ID1
        if prop == _SP:
            seen_space = True
        elif prop == _ZW:
            last_prop = _ZW
            seen_space = False
        elif prop == _CM or prop == _ZWJ:
            if last_prop == _BK:
                last_prop = _AL
                seen_space = False
            elif last_prop == _ZW or seen_space:
                event = _POSSIBLE
                last_prop = _AL
                seen_space = False
        else:
            if last_prop == _BK or prev_prop == _ZWJ:
                pass
            elif last_prop == _ZW:
                event = _POSSIBLE
            elif last_prop == _RI and prop == _RI:
                if seen_space or not ri_odd:
                    event = _POSSIBLE
            elif prev_prop == _HL_BA:
                pass
            else:
                rule = _PAIR_TABLE[last_prop][prop]
                if rule == "D" or (rule == "I" and seen_space):
                    event = _POSSIBLE
            last_prop = prop
            seen_space = False
        prev_prop = (_HL_BA if prev_prop == _HL and prop in (_HY, _BA)
                     else prop)
    ri_odd = (ri_odd ^ 1) if prop == _RI else 0
    return ((prev_prop << 9) | (last_prop << 2) | (seen_space << 1)
            | ri_odd), event


def _break_events(text: str) -> list[tuple[int, int]]:
    """Break opportunities of ``text``: (index, _POSSIBLE | _MANDATORY).

    Read a word (a run without spaces) at a time: what a word's characters
    do depends only on the state they start in, and a run of spaces only sets
    that state, so the events of each (state, word) are worked out once and
    reused; words repeat, and so do their classes ("a lowercase word of five
    letters, then a comma").
    """
    cls_table = _tables()[0]
    if text.isascii():
        cls = text.encode("ascii").translate(cls_table[:256])
    else:
        cls = bytes(map(cls_table.__getitem__, map(ord, text)))
    events: list[tuple[int, int]] = []
    state = _START
    pos = 0
    known = _WORDS
    # Split at each space: consecutive spaces leave empty words, and a second
    # space leaves the state as the first one set it.
    for k, word in enumerate(cls.split(_SPACE)):
        if k:
            state = _transition(state, _SP)[0]  # spaces set a flag, never a break
            pos += 1
        if not word:
            continue
        hit = known.get((state, word))
        if hit is None:
            found: list[tuple[int, int]] = []
            after = _run_events(word, state, found)
            hit = (tuple(found), after)
            if len(word) <= _LONGEST_KEPT:
                known[(state, word)] = hit
        for i, kind in hit[0]:
            events.append((pos + i, kind))
        state = hit[1]
        pos += len(word)
    return events


_START = (_BK << 9) | (_BK << 2)
_SPACE = bytes((_SP,))
_WORDS: dict[tuple[int, bytes], tuple[tuple[tuple[int, int], ...], int]] = {}
_LONGEST_KEPT = 40  # longer words (a whole line of CJK text, say) are not worth keeping


def _transition(state: int, raw: int) -> tuple[int, int]:
    key = (state << 6) | raw
    hit = _TRANSITIONS.get(key)
    if hit is None:
        hit = _TRANSITIONS[key] = _step(state, raw)
    return hit


def _run_events(cls: bytes, state: int, events: list[tuple[int, int]]) -> int:
    """The state machine over ``cls``, appending its events; the final state.

    The machine is deterministic, so once a character leaves the state
    unchanged without a break, the rest of a run of characters of the same
    class does too: runs (e.g. the letters of a word) are skipped.
    """
    runs = _RUN_STEPS
    for run in _RUN.finditer(cls):
        i, end = run.span()
        raw = cls[i]
        key = (state << 6) | raw
        hit = runs.get(key)
        if hit is None:
            first = _step(state, raw)
            hit = runs[key] = (*first, _step(first[0], raw) == (first[0], 0))
        state, event, steady = hit
        if event:
            events.append((i, event))
        if steady:
            continue  # the rest of the run changes nothing
        i += 1
        while i < end:
            new_state, event = _transition(state, raw)
            if event:
                events.append((i, event))
            elif new_state == state:
                break
            state = new_state
            i += 1
    return state


def _fit(text: str, events: list[tuple[int, int]], prohibited: set[int],
         width: int, start_column: int,
         widths: bytes | None = None) -> list[int]:
    """Indices before which to break so that lines fit in ``width``.

    Port of libunistring 1.0 ``u8_width_linebreaks_internal``, evaluated
    only at the break opportunities (``prohibited`` are the overrides).
    ``widths`` are the display widths (None: printable ASCII, all 1).
    """
    col = (range(len(text) + 1) if widths is None
           else list(accumulate(widths, initial=0)))
    breaks: list[int] = []
    last_p = -1
    last_column = start_column
    piece_start = 0
    for i, kind in events:
        if i in prohibited:
            continue
        piece_width = col[i] - col[piece_start]
        if last_p >= 0 and last_column + piece_width > width:
            breaks.append(last_p)
            last_column = 0
        if kind == _MANDATORY:
            last_p = -1
            last_column = 0
            piece_start = i + 1
        else:
            last_p = i
            last_column += piece_width
            piece_start = i
    if last_p >= 0 and last_column + col[len(text)] - col[piece_start] > width:
        breaks.append(last_p)
    return breaks


_ESCAPE_OUT = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n",
               "\r": "\\r", "\t": "\\t", "\v": "\\v", "\\": "\\\\",
               '"': '\\"'}
_ESCAPE_TABLE = str.maketrans(_ESCAPE_OUT)
_NEEDS_ESCAPE = re.compile(r'[\a\b\f\n\r\t\v\\"]')
_ESCAPED_PAIR = re.compile(r"\\.", re.S)


def _wrap(out: list[str], prefix: str, name: str, value: str,
          lang: str | None, wrap: bool) -> None:
    """Append the lines of one keyword + string, as write-po.c's wrap()."""
    startcol_after_break = len(prefix) + 1
    width = (PAGE_WIDTH if wrap else _INT_MAX) - 1 - startcol_after_break
    if (len(name) + 1 + (len(value) if value.isascii() else 2 * len(value)) <= width
            and _NEEDS_ESCAPE.search(value) is None):
        # Most strings: one line that fits even if every character were wide.
        out.append(f'{prefix}{name} "{value}"')
        return
    inside: set[int] | None = None
    if lang is not None and value:
        finder = _SPAN_FINDERS.get(lang)
        if finder is not None:
            spans = finder(value, name.startswith("msgstr"))
            if spans:
                inside = {j for a, b in spans for j in range(a + 1, b + 1)}
    first_line = True
    pos = 0
    total = len(value)
    while True:
        nl = value.find("\n", pos)
        end = total if nl < 0 else nl + 1
        portion = value[pos:end]
        more = end < total
        has_escapes = _NEEDS_ESCAPE.search(portion) is not None
        escaped = portion.translate(_ESCAPE_TABLE) if has_escapes else portion
        widths = (None if escaped.isascii() and escaped.isprintable()
                  else _widths(escaped))
        dwidth = len(escaped) if widths is None else sum(widths)
        events = prohibited = None
        while True:
            breaks: list[int] = []
            startcol = len(name) + 1 if first_line else 0
            if portion and startcol + dwidth > width:
                if events is None:
                    events = _break_events(escaped)
                    prohibited = _prohibited(portion, escaped, pos, inside,
                                             has_escapes)
                breaks = _fit(escaped, events, prohibited, width, startcol,
                              widths)
            if first_line and portion and (more or startcol > width or breaks):
                out.append(f'{prefix}{name} ""')
                first_line = False
                continue
            break
        head = f'{prefix}{name} "' if first_line else f'{prefix}"'
        first_line = False
        if breaks:
            last = 0
            line = head
            for b in breaks:
                out.append(line + escaped[last:b] + '"')
                line = f'{prefix}"'
                last = b
            out.append(line + escaped[last:] + '"')
        else:
            out.append(head + escaped + '"')
        if not more:
            break
        pos = end


def _prohibited(portion: str, escaped: str, offset: int,
                inside: set[int] | None, has_escapes: bool) -> set[int]:
    """Positions of ``escaped`` where no break may go: inside an escape
    sequence, inside a format directive (but not at its start), and before
    the "\\n" that ends a portion."""
    result: set[int] = set()
    if has_escapes:
        result.update(m.start() + 1 for m in _ESCAPED_PAIR.finditer(escaped))
    if inside is not None:
        if has_escapes:
            where = []
            k = 0
            for ch in portion:
                where.append(k)
                k += 2 if ch in _ESCAPE_OUT else 1
        for j in range(offset, offset + len(portion)):
            if j in inside:
                result.add(where[j - offset] if has_escapes else j - offset)
    if portion.endswith("\n"):
        result.add(len(escaped) - 2)
    return result


def _references(occurrences: Iterable[Sequence]) -> list[str]:
    """``file:line`` tokens as msgcat will print them (no "./", no dups)."""
    tokens = []
    for occ in occurrences:
        fname, line = occ[0], occ[1] if len(occ) > 1 else ""
        fname = str(fname)
        while fname.startswith("./"):
            fname = fname[2:]
        line = "" if line is None else str(line)
        tokens.append(f"{fname}:{line}" if line != "" else fname)
    seen = set()
    result = []
    for fname, line in _parse_filepos(" ".join(tokens)):
        while fname.startswith("./"):
            fname = fname[2:]
        key = (fname, line)
        if key in seen:
            continue
        seen.add(key)
        result.append(f"{fname}:{line}" if line != "" else fname)
    return result


def _reference_lines(refs: list[str]) -> list[str]:
    lines = []
    cur = "#:"
    column = 2
    for ref in refs:
        length = len(ref.encode("utf-8")) + 1
        if column > 2 and column + length > PAGE_WIDTH:
            lines.append(cur)
            cur = "#:"
            column = 2
        cur += " " + ref
        column += length
    lines.append(cur)
    return [_no_continuation(line) for line in lines]


def _comment_lines(marker: str, text: str | None) -> list[str]:
    if not text:
        return []
    return [_no_continuation(marker + (" " + line if line else ""))
            for line in text.split("\n")]


def _no_continuation(line: str) -> str:
    """GNU joins a line ending in a backslash with the next one (even in
    comments), so such a line would not survive a msgcat round; a trailing
    space keeps it a line of its own."""
    return line + " " if line.endswith("\\") else line


class _Entry:
    """An entry normalised to what msgcat keeps of it."""

    def __init__(self, e: polib.POEntry, header: bool = False) -> None:
        self.obsolete = bool(getattr(e, "obsolete", False)) and not header
        self.msgctxt = e.msgctxt
        self.msgid = e.msgid or ""
        plural_forms = getattr(e, "msgstr_plural", None) or {}
        self.msgid_plural = e.msgid_plural if (e.msgid_plural or plural_forms) \
            else None
        if self.msgid_plural is not None:
            self.msgid_plural = self.msgid_plural or ""
            if plural_forms:
                forms = {int(k): (v or "") for k, v in plural_forms.items()}
                self.forms = [forms.get(k, "") for k in range(max(forms) + 1)]
            else:
                self.forms = ["", ""]
            self.msgstr0 = self.forms[0]
        else:
            self.msgstr = e.msgstr or ""
            self.msgstr0 = self.msgstr
        tcomment = e.tcomment or ""
        refs = list(getattr(e, "occurrences", None) or [])
        if tcomment:
            # "# File: x, line: 3" is a reference to GNU, not a comment.
            kept = []
            for line in tcomment.split("\n"):
                sol = _parse_solaris_filepos(" " + line) if line else None
                if sol is not None:
                    refs.append(sol)
                else:
                    kept.append(line)
            tcomment = "\n".join(kept)
        self.tcomment = tcomment
        self.comment = e.comment or ""
        self.refs = _references(refs)
        self.flags = _Flags(e.flags or [])
        self.prev = (getattr(e, "previous_msgctxt", None),
                     getattr(e, "previous_msgid", None),
                     getattr(e, "previous_msgid_plural", None))
        if self.prev[1] is None and (self.prev[0] is not None
                                     or self.prev[2] is not None):
            # GNU's grammar requires "#| msgid" whenever "#|" lines exist.
            self.prev = (self.prev[0], "", self.prev[2])

    def lines(self) -> list[str]:
        out: list[str] = []
        out += _comment_lines("#", self.tcomment)
        out += _comment_lines("#.", self.comment)
        if self.refs:
            out += _reference_lines(self.refs)
        flag_line = self.flags.line(self.msgstr0 == "", self.obsolete)
        if flag_line:
            out.append(flag_line)
        lang = self.flags.format_language()
        wrap = self.flags.wrap != "no"
        pprefix, prefix = ("#~| ", "#~ ") if self.obsolete else ("#| ", "")
        for name, value in zip(("msgctxt", "msgid", "msgid_plural"),
                               self.prev):
            if value is not None:
                _wrap(out, pprefix, name, value, lang, wrap)
        if self.msgctxt is not None:
            _wrap(out, prefix, "msgctxt", self.msgctxt, lang, wrap)
        _wrap(out, prefix, "msgid", self.msgid, lang, wrap)
        if self.msgid_plural is not None:
            _wrap(out, prefix, "msgid_plural", self.msgid_plural, lang, wrap)
            for i, form in enumerate(self.forms):
                _wrap(out, prefix, f"msgstr[{i}]", form, lang, wrap)
        else:
            _wrap(out, prefix, "msgstr", self.msgstr, lang, wrap)
        return out


def _check_text(value: str | None, what: str) -> None:
    if value and ("\0" in value or "\x04" in value):
        raise ValueError(f"{what} contains NUL or U+0004 (EOT), which a PO "
                         f"file cannot hold: {value!r}")


def _header_entry(po: polib.POFile) -> polib.POEntry | None:
    metadata = getattr(po, "metadata", None) or {}
    msgstr = "".join(f"{k}: {v}\n" for k, v in metadata.items())
    fuzzy = getattr(po, "metadata_is_fuzzy", None)
    if isinstance(fuzzy, (list, tuple)):
        flags = list(fuzzy)
    else:
        flags = ["fuzzy"] if fuzzy else []
    comment = getattr(po, "header", "") or ""
    if not msgstr and not comment:
        return None
    return polib.POEntry(msgid="", msgstr=msgstr, tcomment=comment,
                         flags=flags)


def dumps(po: polib.POFile) -> str:
    """Serialise a catalog exactly as GNU ``msgcat`` 0.21 would print it.

    The result is a fixed point of ``msgcat`` (``msgcat --force-po`` for a
    header-only catalog, which plain msgcat refuses to write): for any
    catalog from :func:`parse` or built in code, ``msgcat`` on a file with
    this text prints this text again.  msgcat's normalisations are applied
    here too: flags are reduced to what GNU understands (fuzzy first, then
    format flags in GNU's order, ``range:``, ``no-wrap``; unknown flags and
    ``fuzzy`` on an untranslated message are dropped), ``./`` is stripped
    from references and duplicates removed, obsolete entries go last and
    are dropped if untranslated.  The text is meant to be encoded as UTF-8:
    a header charset other than UTF-8 is rewritten to UTF-8 when the text
    is not pure ASCII (and a charset name GNU does not know always is).
    Raises ValueError for what no PO file can express
    (NUL/EOT characters, a second header, duplicate messages, non-ASCII
    text without any charset in the header).
    """
    header = _header_entry(po)
    active: list[polib.POEntry] = []
    obsolete: list[polib.POEntry] = []
    seen: set = set()
    for e in po:
        for what in ("msgctxt", "msgid", "msgid_plural", "msgstr",
                     "previous_msgctxt", "previous_msgid",
                     "previous_msgid_plural"):
            _check_text(getattr(e, what, None), what)
        for form in (getattr(e, "msgstr_plural", None) or {}).values():
            _check_text(form, "msgstr[N]")
        key = (e.msgctxt, e.msgid)
        if key in seen:
            raise ValueError(f"duplicate message {e.msgid!r} (msgctxt "
                             f"{e.msgctxt!r}); msgcat would refuse the file")
        seen.add(key)
        if e.msgctxt is None and not e.msgid and not e.obsolete:
            raise ValueError("an entry with an empty msgid and no msgctxt is "
                             "the header; put it in po.metadata instead")
        (obsolete if e.obsolete else active).append(e)
    blocks: list[list[str]] = []
    for e in active:
        blocks.append(_Entry(e).lines())
    for e in obsolete:
        entry = _Entry(e)
        if entry.msgstr0 == "":
            continue
        blocks.append(entry.lines())
    body = "\n".join("\n".join(block) + "\n" for block in blocks)
    head = ""
    if header is not None:
        _check_text(header.msgstr, "the header")
        head = "\n".join(_Entry(header, header=True).lines()) + "\n"
        non_ascii = not (head.isascii() and body.isascii())
        raw_cs = _header_charset(header.msgstr)
        canonical = _canonical_charset(raw_cs) if raw_cs is not None else None
        if raw_cs is None:
            if non_ascii:
                raise ValueError("the catalog has non-ASCII text but its header "
                                 "declares no charset; add 'Content-Type: "
                                 "text/plain; charset=UTF-8' to po.metadata")
        elif (canonical != "UTF-8" and non_ascii) or (
                canonical is None and raw_cs != "CHARSET"):
            # The text is UTF-8 (or the name is one GNU does not know): say so.
            i = header.msgstr.find("charset=") + 8
            header.msgstr = (header.msgstr[:i] + "UTF-8"
                             + header.msgstr[i + len(raw_cs):])
            head = "\n".join(_Entry(header, header=True).lines()) + "\n"
    elif not body.isascii():
        raise ValueError("the catalog has non-ASCII text but no header; set "
                         "po.metadata['Content-Type'] = 'text/plain; "
                         "charset=UTF-8'")
    text = head + "\n" + body if head and body else head or body
    if "\0" in text:
        raise ValueError("the catalog contains a NUL character, which a PO "
                         "file cannot hold")
    return text


def save(po: polib.POFile, path: str | os.PathLike) -> None:
    """Write ``dumps(po)`` as UTF-8 to ``path`` atomically.

    The text goes to a temporary file in the same directory, which is
    flushed and fsynced and then renamed over ``path`` (``os.replace``), so
    readers see either the old or the new catalog, never half of one, even
    if the process dies.  An existing file keeps its permission bits.
    """
    data = dumps(po).encode("utf-8")
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(dir=directory,
                               prefix="." + os.path.basename(path) + ".",
                               suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    try:  # make the rename itself durable
        dfd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)
