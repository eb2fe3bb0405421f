"""GNU's PO grammar (``po-gram.y``): tokens in, entries and the first error out.

The reader (``read.py``) splits a file into tokens, keywords, strings, comments and
brackets, and hands them to :class:`Grammar`, which keeps the state of the message
being read, refuses what ``msgfmt`` refuses with the line to fix, and turns each
complete message into a :class:`~pipeline.po.entry.POEntry` (the header entry into a
:class:`~pipeline.po.header.Header`).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import polib

from pipeline.po import duplicates
from pipeline.po.comments import comment_fields, dropped_by_gnu
from pipeline.po.entry import POEntry, entry_key
from pipeline.po.errors import POSyntaxError
from pipeline.po.header import Header

ESCAPE = re.compile(r"\\(?:([ntbrfva\\\"])|([0-7]{1,3})|x([0-9A-Fa-f]+)|(.))", re.S)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f",
                   "v": "\v", "a": "\a", "\\": "\\", '"': '"'}
_KEYWORDS = frozenset(("msgctxt", "msgid", "msgid_plural", "msgstr"))
# Quotes a word processor types for '"': Unicode's initial and final quotes (Pi, Pf), and these.
_TYPOGRAPHIC_QUOTES = frozenset("„‚＂「」『』")
_ESCAPE_QUOTE = 'a quote inside a string must be escaped as \\"'
_FOLLOWS_MSGID = "a message's msgid line comes before it; restore the msgid, or delete the line if it is left over"

# Parser states.
IDLE, CTXT, MSGID, PLURAL, MSGSTR_KW, IDX_OPEN, IDX_NUM, MSGSTR, \
    MSGSTRN = range(9)


class StopParse(Exception):
    """Raised once the header has been seen, when the reader asked to stop there (charset sniffing)."""


def unescape(body: str) -> str:
    """The text of a string literal's body with its escapes resolved; bytes beyond ASCII written
    as octal or hex escapes come out as surrogates of :data:`RAW_BYTE`, decoded once the whole
    field is known. Raises ValueError, saying why, for an invalid escape or one that encodes NUL."""
    return ESCAPE.sub(_unescape_match, body)


def _unescape_match(m: re.Match) -> str:
    simple, octal, hexa, bad = m.groups()
    if simple is not None:
        return _SIMPLE_ESCAPES[simple]
    if bad == "'":
        raise ValueError("invalid escape sequence '\\'' in string: an apostrophe needs no backslash; write ' alone")
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


RAW_BYTE = re.compile("[\udc80-\udcff]")


class Grammar:
    """Token-level state machine equivalent to GNU's po-gram.y.

    Each token method (:meth:`comment`, :meth:`keyword`, :meth:`string`, the
    brackets and :meth:`number` of ``msgstr[N]``, :meth:`junk`, :meth:`eof`)
    takes the token's line and whether it came after ``#~`` (obsolete) or
    ``#|`` (previous msgid); :meth:`finish` closes a complete message.
    """

    def __init__(self, path: str, stop_at_header: bool = False) -> None:
        self.path = path
        self.stop_at_header = stop_at_header
        self.entries: list[polib.POEntry] = []
        self.header: Header | None = None
        self.seen: dict[tuple[str | None, str], int] = {}  # each message read, with the line of its msgid
        #: Each message defined again so far, with the line of its first definition: reported together.
        self.defined_twice: list[tuple[POSyntaxError, int]] = []
        self.translated_plurals: list[tuple[int, int]] = []
        self.comments: list[str] = []
        self.comment_lines: list[int] = []  # the line of each of ``comments``
        self.codec: str | None = None      # Python codec of the charset
        self.charset: str | None = None    # GNU name of the charset
        self.raw_bytes = False             # an escape produced a byte >= 0x80
        self.string_line = 0               # the line of the last string read
        self._reset_message()
        self._reset_prev()

    # -- helpers -----------------------------------------------------------

    def error(self, line: int, reason: str) -> POSyntaxError:
        """The error at ``line``; but once a message came twice, the error of every one that did
        (``duplicates.every_duplicate``), which is the first in the file; and in a message read on
        from a keyword right after a string's closing quote, that quote's (``keyword``)."""
        if self.defined_twice:
            return duplicates.every_duplicate(self.defined_twice)
        if self.glued is not None:
            line, kw = self.glued
            reason = f"the string ends before '{kw}', which then reads as a keyword: {_ESCAPE_QUOTE}"
        return POSyntaxError(self.path, line, reason)

    def _reset_message(self) -> None:
        self.st = IDLE
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
        self.from_state = IDLE
        self.index = 0
        self.msg_comments: list[str] = []
        self.msg_comment_lines: Sequence[int] = ()
        self.msg_prev: tuple | None = None
        self.moved: POSyntaxError | None = None  # a comment line right under the message's string (``comment``)
        self.glued: tuple[int, str] | None = None  # the line and name of a keyword glued to a string (``keyword``)

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
        if self.st != IDLE:
            if self.st in (MSGSTR, MSGSTRN) and not self.need_str:
                self.finish()
            elif self.st in (CTXT, MSGID, PLURAL) and not self.need_str and \
                    (line == self.string_line + 1 or self.moved is not None):
                # Right under the message's string: a line moved there, if the message goes on after it (its
                # msgstr follows: GNU says "syntax error" there); else the msgstr is missing, and the next
                # message's comments start here (``keyword`` tells which).
                if self.moved is None:
                    self.moved = self._comment_inside(text, line, "before its msgstr")
                return
            else:
                raise self._incomplete(line)
        if self.pst:
            raise self.error(line, "comment between '#|' previous-msgid lines "
                             "and the message; move the comment above the "
                             "'#|' lines")
        self.comments.append(text)
        self.comment_lines.append(line)

    def segment(self, body: str, line: int) -> str:
        """The text of one string literal's body: escapes resolved, U+0004 refused."""
        if "\\" in body:
            try:
                seg = unescape(body)
            except ValueError as exc:
                raise self.error(line, str(exc)) from None
            if not seg.isascii() and RAW_BYTE.search(seg):
                self.raw_bytes = True
        else:
            seg = body
        if "\x04" in seg:
            raise self.error(line, "string contains the character U+0004 "
                             "(EOT), which gettext reserves as the msgctxt "
                             "separator; remove it")
        return seg

    def string(self, body: str, line: int, obs: bool, prev: bool) -> None:
        if self.moved is not None and not prev:
            raise self.moved
        seg = self.segment(body, line)
        above, self.string_line = self.string_line, line
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
        if st == IDLE:
            if self.comment_lines and self.comment_lines[0] == above + 1 and self.comment_lines[-1] == line - 1:
                # msgstr "a" / # note / "b": the comment ended the message, whose string goes on under it
                raise self._comment_inside(self.comments[0], self.comment_lines[0], "between its msgstr's lines")
            raise self.error(line, "text outside of a message: a string must "
                             "follow msgctxt, msgid, msgid_plural or msgstr "
                             "(check for a missing keyword or an extra line)")
        if st in (IDX_OPEN, IDX_NUM):
            raise self.error(line, "malformed msgstr[N]: expected "
                             "'msgstr[N] \"...\"'")
        self._check_obs(obs, line)
        if st == MSGSTR_KW:
            if self.from_state == MSGSTR:
                raise self._second_msgstr()
            if self.from_state != MSGID:
                raise self.error(line, "a message with msgid_plural needs "
                                 "msgstr[0], msgstr[1], ... instead of a plain "
                                 "msgstr")
            self.st = MSGSTR
            self.target = self.msgstr
            self.target_lines = (self.msgstr_lines if self.ctxt is None
                                 and not "".join(self.msgid) else None)
        self.target.append(seg)
        if self.target_lines is not None:
            self.target_lines.append(line)
        self.need_str = False

    def keyword(self, kw: str, line: int, obs: bool, prev: bool, after_quote: bool = False) -> None:
        """``after_quote``: the keyword touches the closing quote of a string before it, as in
        msgstr "Voir "msgstr" ci-dessous". GNU reads that as two strings around a keyword, and a
        message written on one line ("msgid "a" msgstr "b"") is valid, so it is no error in itself;
        but the error it leads to, whichever, is told as the quote left unescaped, at its line."""
        if kw not in _KEYWORDS:
            if kw == "domain":
                raise self.error(line, "'domain' directives are not supported "
                                 "in a single catalog; split the file")
            if line == self.string_line:  # msgstr "Nous "appelons" …": the string ended at a quote
                raise self._ended_string(line, kw)
            raise self.error(line, f"unknown keyword '{kw}' (expected msgctxt, "
                             "msgid, msgid_plural or msgstr)")
        if after_quote and not prev:
            self.glued = (line, kw)
        if self.need_str:
            raise self._need_string(line)
        if self.pneed:
            raise self.error(line, "'#|' keyword without a string")
        if prev:
            self._prev_keyword(kw, line, obs)
            return
        st = self.st
        if self.moved is not None and (kw != "msgctxt" and (kw != "msgid" or st == CTXT)):
            raise self.moved  # the message goes on: the comment was moved into it
        if kw in ("msgctxt", "msgid"):
            if st == CTXT and kw == "msgid":
                self._check_obs(obs, line)
                self.st = MSGID
                self.msgid_line = line
                self.target = self.msgid
                self.need_str = True
                return
            if st in (MSGSTR, MSGSTRN):
                self.finish()
            elif st != IDLE:
                raise self._incomplete(line)
            self._start(kw, line, obs)
            if after_quote:  # finish() forgot it; the message it starts is read from the slip on
                self.glued = (line, kw)
            return
        if st == IDLE:
            raise self.error(line, f"'{kw}' without a preceding msgid: {_FOLLOWS_MSGID}")
        self._check_obs(obs, line)
        if kw == "msgid_plural":
            if st != MSGID or self.plural is not None:
                raise self.error(line, "'msgid_plural' must directly follow "
                                 "the msgid")
            self.st = PLURAL
            self.plural = []
            self.target = self.plural
            self.need_str = True
            return
        # msgstr
        if st not in (MSGID, PLURAL, MSGSTRN, MSGSTR):
            raise self.error(line, f"'msgstr' without a preceding msgid: {_FOLLOWS_MSGID}")
        if st not in (MSGSTRN, MSGSTR):  # (a second msgstr is refused once its string or its [N] says which it is)
            self.msgstr_line = line
        self.from_state = st
        self.st = MSGSTR_KW
        self.kw_line = line
        self.need_str = True

    def bracket_open(self, line: int, obs: bool) -> None:
        if self.st != MSGSTR_KW:
            raise self.error(line, "unexpected '[' (only msgstr[N] takes an "
                             "index)")
        self._check_obs(obs, line)
        self.st = IDX_OPEN

    def number(self, value: int, line: int, obs: bool) -> None:
        if self.st != IDX_OPEN:
            if line == self.string_line:  # msgstr "il "26 maggio"": the string ended at a quote
                raise self._ended_string(line, str(value))
            raise self.error(line, "unexpected number outside msgstr[N]")
        self._check_obs(obs, line)
        self.index = value
        self.st = IDX_NUM

    def bracket_close(self, line: int, obs: bool) -> None:
        if self.st != IDX_NUM:
            raise self.error(line, "unexpected ']'")
        self._check_obs(obs, line)
        origin = self.from_state
        if origin == MSGSTR:
            raise self.error(line, f"msgstr[{self.index}] in a message without msgid_plural, after its msgstr: a "
                             "message that is not plural has one plain msgstr; remove this line")
        if origin == MSGID:  # at the line to mend (GNU's is the msgid's): the English is the template's
            raise self.error(self.kw_line, f"msgstr[{self.index}] in a message without msgid_plural: write a plain "
                             "msgstr \"...\"; a message has plural forms only where the template gives it a "
                             "msgid_plural")
        if origin == PLURAL:
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
        self.st = MSGSTRN
        self.need_str = True

    def junk(self, char: str, line: int, rest: str = "") -> None:
        """``char`` begins what is no token; ``rest`` is the line from it on."""
        if char == '"':
            if rest.rstrip().endswith('\\"') and len(rest.rstrip()) > 2:  # msgstr "Signataires\"
                raise self.error(line, "the backslash before the closing quote escapes it, so the string does not "
                                 "end: remove the backslash, or write \\\\ for a backslash")
            raise self.error(line, "unterminated string: a string must end "
                             "with '\"' on the same line (escape inner quotes "
                             "as \\\")")
        if line == self.string_line:  # msgstr "il "{date}"": the string ended at a quote
            raise self._ended_string(line, char)
        if char == "'":
            raise self.error(line, "strings take double quotes: write \"...\", not '...'")
        kind = unicodedata.category(char)
        if kind in ("Pi", "Pf") or char in _TYPOGRAPHIC_QUOTES:
            raise self.error(line, f"{char!r} is a typographic quote: a string starts and ends with a "
                             "straight quote '\"' (turn off your editor's smart quotes)")
        if kind in ("Zs", "Cf"):  # a no-break space typed after msgstr, a zero-width space pasted
            what = "type a plain space" if kind == "Zs" else "delete it"
            raise self.error(line, f"a {unicodedata.name(char, 'character').lower()} (U+{ord(char):04X}) "
                             f"outside a string: {what}")
        raise self.error(line, f"unexpected character {char!r} outside of a string: text goes between a string's "
                         "double quotes, and a line that goes on with one starts and ends with '\"'")

    def eof(self, line: int) -> None:
        if self.need_str:
            raise self._need_string(line)
        if self.st in (MSGSTR, MSGSTRN):
            self.finish()
        elif self.st != IDLE:
            raise self._incomplete(line, at_eof=True)
        if self.pst:
            raise self.error(self.pline, "'#|' previous-msgid lines at the end "
                             "of the file without a following message")
        if self.defined_twice:
            raise duplicates.every_duplicate(self.defined_twice)

    # -- internals ---------------------------------------------------------

    def _ended_string(self, line: int, after: str) -> POSyntaxError:
        return self.error(line, f"the string ends before '{after}': {_ESCAPE_QUOTE}")

    def _comment_inside(self, text: str, line: int, where: str) -> POSyntaxError:
        kind = "flag" if text[:1] in (",", "!") else "comment"
        return self.error(line, f"a {kind} line inside a message, {where}: comments and flags ('#, fuzzy') go above "
                          "the message's msgctxt or msgid; move this line there")

    def _second_msgstr(self) -> POSyntaxError:
        return self.error(self.kw_line, "second msgstr for the same message; a message has exactly one msgstr")

    def _need_string(self, line: int) -> POSyntaxError:
        if self.from_state == MSGSTR:  # msgstr "a" then "msgstr" alone: no string or [N] says which
            return self._second_msgstr()
        if self.st in (MSGSTR_KW, IDX_OPEN, IDX_NUM):
            return self.error(self.kw_line or line, "incomplete msgstr: "
                              "expected 'msgstr \"...\"' or "
                              "'msgstr[N] \"...\"'")
        return self.error(self.kw_line or line, "keyword without a string: "
                          "expected '\"...\"' after it")

    def _incomplete(self, line: int, at_eof: bool = False) -> POSyntaxError:
        st = self.st
        if st in (MSGSTR_KW, IDX_OPEN, IDX_NUM) or self.need_str:
            return self._need_string(line)
        if st in (MSGID, CTXT):
            if st == CTXT:
                return self.error(self.line, "msgctxt without a following msgid: a message's msgid comes right "
                                  "after its msgctxt; add the msgid line, or delete the msgctxt")
            if at_eof:
                return self.error(self.msgid_line, "msgid without msgstr (the file ends before the msgstr; is the "
                                  "file truncated?)")
            start = line if self.moved is None else self.moved.line  # (at the next message's comments)
            return self.error(self.msgid_line, f"msgid without msgstr: its msgstr line is missing before line "
                              f"{start}, where the next message starts")
        if st == PLURAL:
            return self.error(self.msgid_line, "msgid_plural without "
                              "msgstr[0], msgstr[1], ...")
        return self.error(line, "incomplete msgstr[N]")

    def _prev_keyword(self, kw: str, line: int, obs: bool) -> None:
        st = self.st
        if st in (MSGSTR, MSGSTRN):
            self.finish()
        elif st != IDLE:
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
        self.msg_comments, self.msg_comment_lines = self.comments, self.comment_lines
        self.comments, self.comment_lines = [], []
        self.msg_prev = prev
        self.obs = obs
        self.line = line
        self.kw_line = line
        self.need_str = True
        if kw == "msgctxt":
            self.st = CTXT
            self.ctxt = []
            self.target = self.ctxt
        else:
            self.st = MSGID
            self.msgid_line = line
            self.target = self.msgid

    def _field(self, segs: list[str] | None, line: int) -> str | None:
        if segs is None:
            return None
        text = "".join(segs)
        if self.raw_bytes and RAW_BYTE.search(text):
            # Bytes written as octal/hex escapes: decode them in the file's
            # charset, as GNU does when it converts or compiles the catalog.
            codec = self.codec or "ascii"
            try:
                text = text.encode(codec, "surrogateescape").decode(codec)
            except (UnicodeError, LookupError):
                raise self.error(line, "octal/hex escapes in this string do "
                                 "not form valid text in the catalog's "
                                 f"charset ({self.charset or 'none declared'});"
                                 " write the characters themselves instead") from None
        return text

    def finish(self) -> None:
        """Close the current message and turn it into a POEntry."""
        line = self.line
        ctxt = self._field(self.ctxt, line)
        msgid = self._field(self.msgid, line)
        key = (ctxt, msgid)
        first = self.seen.get(key)
        if first is not None:  # read on, to report every message that comes twice at once, as msgfmt does
            self.defined_twice.append((self._duplicate(key, first), first))
            self._reset_message()
            return
        self.seen[key] = self.msgid_line  # a second copy's error is at its msgid line: the first's is named alike
        plural = self._field(self.plural, line)
        if plural is not None:
            forms = [self._field(f, self.msgstr_line) for f in self.forms]
            msgstr = ""
        else:
            forms = []
            msgstr = self._field(self.msgstr, self.msgstr_line)
        tcomment, extracted, refs, flags, last_flags = comment_fields(self.msg_comments)
        # GNU resets the flags on every "#," line (the last one wins): a draft whose "fuzzy" is on a line of
        # its own above "#, c-format" is finished for msgfmt, and loses the mark in msgcat's copy. (A flag
        # GNU does not know, "no-check-numbers", it drops from any line: ``letter update`` keeps it.)
        if len(flags) > len(last_flags) and (lost := dropped_by_gnu(flags, last_flags)):
            raise self.error(line, f"flags on two '#,' lines: GNU gettext keeps the last line's alone, and would "
                             f"drop {', '.join(lost)}; write them on one line: "
                             f"'#, {', '.join(dict.fromkeys(flags))}'")
        gnu_fuzzy = "fuzzy" in last_flags
        obs = self.obs
        first_msgstr = forms[0] if plural is not None else msgstr
        if not obs and not gnu_fuzzy and msgid and first_msgstr:
            self._check_newlines(msgid, plural, forms, msgstr)
        prev = self.msg_prev
        is_header = not obs and ctxt is None and msgid == "" and self.header is None
        entry = POEntry.parsed(
            refs,
            msgid=msgid,
            msgstr=msgstr,
            msgctxt=ctxt,
            obsolete=obs,
            tcomment=tcomment,
            comment=extracted,
            flags=flags,
            linenum=line,
            msgstr_linenum=self.msgstr_line,
        )
        if flags or tcomment:  # for a finding on a flag or comment to point at its line (``po.flag_line``)
            entry.flag_comments = (self.msg_comments, self.msg_comment_lines)
        if plural is not None:
            entry.msgid_plural = plural
            entry.msgstr_plural = dict(enumerate(forms))
            if not obs and not gnu_fuzzy and forms[0] != "" and not is_header:
                self.translated_plurals.append((len(forms), self.msgstr_line))
        if prev is not None:
            entry.previous_msgctxt = self._field(prev[0], line)
            entry.previous_msgid = self._field(prev[1], line)
            entry.previous_msgid_plural = self._field(prev[2], line)
        if is_header:
            self.header = Header(entry, list(self.msgstr), list(self.msgstr_lines), self.msgstr_line,
                                 sum(not read.obsolete for read in self.entries))
            self._reset_message()
            if self.stop_at_header:
                raise StopParse()
            return
        self.entries.append(entry)
        self._reset_message()

    def _duplicate(self, key: tuple[str | None, str | None], first: int) -> POSyntaxError:
        """The error of the message being read, whose ``key`` the message at line ``first`` has already
        (``duplicates.duplicate``). (A translation here whose escapes do not decode is that error instead.)"""
        earlier = next(entry for entry in ([self.header.entry] if self.header else []) + self.entries
                       if entry_key(entry) == key)
        there = earlier.msgstr_plural[0] if earlier.msgid_plural else earlier.msgstr
        here = self._field(self.forms[0] if self.plural is not None else self.msgstr, self.msgstr_line)
        fuzzy = "fuzzy" in comment_fields(self.msg_comments)[3]
        return duplicates.duplicate(self.path, self.msgid_line, key[0] is not None, first,
                                    duplicates.Defined(there, earlier.fuzzy, earlier.obsolete),
                                    duplicates.Defined(here, fuzzy, self.obs))

    def _check_newlines(self, msgid: str, plural: str | None,
                        forms: list[str], msgstr: str) -> None:
        """msgfmt always (even without --check) refuses a translation whose
        leading/trailing newlines differ from the msgid's (``line_breaks_differ``)."""
        others = [("msgstr", msgstr)] if plural is None else (
            [("msgid_plural", plural)] + [(f"msgstr[{i}]", f) for i, f in enumerate(forms)])
        differ = [(name, line_breaks_differ(msgid, text)) for name, text in others]
        for where in ("begin", "end"):
            for name, places in differ:
                if where in places:
                    raise self.error(self.msgstr_line, f"'msgid' and '{name}' "
                                     f"do not both {where} with a newline "
                                     "(\\n); msgfmt refuses this, make them "
                                     "agree")


def line_breaks_differ(msgid: str, text: str) -> tuple[str, ...]:
    """Where ``text`` (a translation, or a plural msgid) begins or ends with a line break and ``msgid``
    does not, or the other way round: ("begin", "end"), either or neither. msgfmt refuses a catalog
    where they differ, even without --check."""
    begin = text.startswith("\n") != msgid.startswith("\n")
    end = text.endswith("\n") != msgid.endswith("\n")
    return ("begin",) * begin + ("end",) * end
