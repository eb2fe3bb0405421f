"""Writing a catalog exactly as GNU ``msgcat`` 0.21 prints it: :func:`dumps` and :func:`save`, the
latter in the layout (wrapped or not, :func:`page_width`) and line ends of the file it replaces.

Neither polib nor Babel writes files the way GNU gettext does, so every save
would make a noisy diff as soon as a translator ran ``msgmerge``/``msgcat`` on
the file. This is a port of gettext 0.21's ``write-po.c``: the output of
:func:`dumps` is a fixed point of ``msgcat``. Line breaking is libunistring 1.0's
(``linebreak.py``), with breaks kept out of format directives (``formats.py``).

Where we knowingly differ: other format languages than c, objc, python and
python-brace are wrapped as if they had no directives, and a comment line
ending in a backslash gets a trailing space, since GNU would join it with the
next line.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence

import polib

from pipeline.files import crlf, with_line_ends, write_atomic
from pipeline.po import charsets, formats, linebreak
from pipeline.po.comments import FORMAT_LANGUAGES, EmptyLine, filepos, flag_tokens, mistyped_fuzzy, solaris_filepos
from pipeline.po.entry import entry_key
from pipeline.po.header import header_text, kept

PAGE_WIDTH = 79
"""GNU gettext's default page width (``msgcat`` without ``--width``)."""

_FORMAT_INDEX = {name: i for i, name in enumerate(FORMAT_LANGUAGES)}
_INT_MAX = 2 ** 31 - 1


class _Flags:
    """The meaning GNU gives a list of flags (po_parse_comment_special), and ``fuzzy`` mistyped, which GNU
    drops as it drops any flag it does not know, but a rewrite must not: it is a translator's mark of a
    draft (``letter check`` reports it), and without it the draft reads as reviewed."""

    __slots__ = ("fuzzy", "mistyped", "formats", "range", "wrap")

    def __init__(self, flags: Iterable[str]) -> None:
        self.fuzzy = False
        self.mistyped: list[str] = []
        self.formats: dict[int, str] = {}
        self.range: tuple[int, int] | None = None
        self.wrap: str | None = None
        tokens = flag_tokens(", ".join(flags))
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
            elif mistyped_fuzzy(tok):
                self.mistyped.append(tok)
            # Anything else is dropped by GNU ("future xgettext flag").

    def line(self, msgstr_empty: bool, obsolete: bool) -> str | None:
        items = []
        if self.fuzzy and (obsolete or not msgstr_empty):
            items.append("fuzzy")
        items += self.mistyped
        for idx in sorted(self.formats):
            value = self.formats[idx]
            if value in ("yes", "possible"):
                items.append(f"{FORMAT_LANGUAGES[idx]}-format")
            elif value == "no":
                items.append(f"no-{FORMAT_LANGUAGES[idx]}-format")
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
                return FORMAT_LANGUAGES[idx]
        return None


_ESCAPE_OUT = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n",
               "\r": "\\r", "\t": "\\t", "\v": "\\v", "\\": "\\\\",
               '"': '\\"'}
_ESCAPE_TABLE = str.maketrans(_ESCAPE_OUT)
_NEEDS_ESCAPE = re.compile(r'[\a\b\f\n\r\t\v\\"]')
_ESCAPED_PAIR = re.compile(r"\\.", re.S)


def _wrap(out: list[str], prefix: str, name: str, value: str,
          lang: str | None, page_width: int) -> None:
    """Append the lines of one keyword + string, as write-po.c's wrap()."""
    startcol_after_break = len(prefix) + 1
    width = page_width - 1 - startcol_after_break
    if (len(name) + 1 + (len(value) if value.isascii() else 2 * len(value)) <= width
            and _NEEDS_ESCAPE.search(value) is None):
        # Most strings: one line that fits even if every character were wide.
        out.append(f'{prefix}{name} "{value}"')
        return
    inside: set[int] | None = None
    if lang is not None and value:
        spans = formats.spans(lang, value, name.startswith("msgstr"))
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
                  else linebreak.widths(escaped))
        dwidth = len(escaped) if widths is None else sum(widths)
        events = prohibited = None
        while True:
            breaks: list[int] = []
            startcol = len(name) + 1 if first_line else 0
            if portion and startcol + dwidth > width:
                if events is None:
                    events = linebreak.break_events(escaped)
                    prohibited = _prohibited(portion, escaped, pos, inside,
                                             has_escapes)
                breaks = linebreak.fit(escaped, events, prohibited, width, startcol, widths)
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
    for fname, line in filepos(" ".join(tokens)):
        while fname.startswith("./"):
            fname = fname[2:]
        key = (fname, line)
        if key in seen:
            continue
        seen.add(key)
        result.append(f"{fname}:{line}" if line != "" else fname)
    return result


def _reference_lines(refs: list[str], page_width: int) -> list[str]:
    lines = []
    cur = "#:"
    column = 2
    for ref in refs:
        length = len(ref.encode("utf-8")) + 1
        if column > 2 and column + length > page_width:
            lines.append(cur)
            cur = "#:"
            column = 2
        cur += " " + ref
        column += length
    lines.append(cur)
    return [_no_continuation(line) for line in lines]


def _comment_lines(marker: str, text: str | None) -> list[str]:
    if not text:
        return [marker] if isinstance(text, EmptyLine) else []
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
        tcomment = "" if e.tcomment is None else e.tcomment  # an EmptyLine stays one
        refs = list(getattr(e, "occurrences", None) or [])
        if tcomment:
            # "# File: x, line: 3" is a reference to GNU, not a comment.
            kept = []
            for line in tcomment.split("\n"):
                sol = solaris_filepos(" " + line) if line else None
                if sol is not None:
                    refs.append(sol)
                else:
                    kept.append(line)
            tcomment = "\n".join(kept)
        self.tcomment = tcomment
        self.comment = "" if e.comment is None else e.comment
        self.refs = _references(refs)
        self.flags = _Flags(e.flags or [])
        self.prev = (getattr(e, "previous_msgctxt", None),
                     getattr(e, "previous_msgid", None),
                     getattr(e, "previous_msgid_plural", None))
        if self.prev[1] is None and (self.prev[0] is not None
                                     or self.prev[2] is not None):
            # GNU's grammar requires "#| msgid" whenever "#|" lines exist.
            self.prev = (self.prev[0], "", self.prev[2])

    def lines(self, width: int | None) -> list[str]:
        """The entry's lines as ``msgcat --width=width`` writes them (``--no-wrap`` for None, which still
        wraps ``#:`` lines at the default width)."""
        out: list[str] = []
        out += _comment_lines("#", self.tcomment)
        out += _comment_lines("#.", self.comment)
        if self.refs:
            out += _reference_lines(self.refs, PAGE_WIDTH if width is None else width)
        flag_line = self.flags.line(self.msgstr0 == "", self.obsolete)
        if flag_line:
            out.append(flag_line)
        lang = self.flags.format_language()
        strings = _INT_MAX if width is None or self.flags.wrap == "no" else width
        pprefix, prefix = ("#~| ", "#~ ") if self.obsolete else ("#| ", "")
        for name, value in zip(("msgctxt", "msgid", "msgid_plural"),
                               self.prev, strict=True):
            if value is not None:
                _wrap(out, pprefix, name, value, lang, strings)
        if self.msgctxt is not None:
            _wrap(out, prefix, "msgctxt", self.msgctxt, lang, strings)
        _wrap(out, prefix, "msgid", self.msgid, lang, strings)
        if self.msgid_plural is not None:
            _wrap(out, prefix, "msgid_plural", self.msgid_plural, lang, strings)
            for i, form in enumerate(self.forms):
                _wrap(out, prefix, f"msgstr[{i}]", form, lang, strings)
        else:
            _wrap(out, prefix, "msgstr", self.msgstr, lang, strings)
        return out


def _check_text(value: str | None, what: str) -> None:
    if value and ("\0" in value or "\x04" in value):
        raise ValueError(f"{what} contains NUL or U+0004 (EOT), which a PO "
                         f"file cannot hold: {value!r}")


def _header_entry(po: polib.POFile) -> polib.POEntry | None:
    """The header entry to write: its text (``header_text``), the catalog's header comment and
    flags, and the rest of the entry it was read with (extracted comments, references, previous
    msgid); None for a catalog made in code with neither fields nor comment."""
    as_read = kept(po)
    msgstr = header_text(po)
    fuzzy = getattr(po, "metadata_is_fuzzy", None)
    if isinstance(fuzzy, (list, tuple)):
        flags = list(fuzzy)
    else:
        flags = ["fuzzy"] if fuzzy else []
    comment = getattr(po, "header", None)
    comment = "" if comment is None else comment
    if as_read is None and not msgstr and not comment:
        return None
    entry = polib.POEntry(msgid="", msgstr=msgstr, tcomment=comment, flags=flags)
    if as_read is not None:
        read = as_read.entry
        entry.comment = read.comment
        entry.occurrences = read.occurrences
        entry.previous_msgctxt = read.previous_msgctxt
        entry.previous_msgid = read.previous_msgid
        entry.previous_msgid_plural = read.previous_msgid_plural
    return entry


def dumps(po: polib.POFile, width: int | None = PAGE_WIDTH) -> str:
    """Serialise a catalog exactly as GNU ``msgcat`` 0.21 would print it (``msgcat --width=width``;
    ``--no-wrap`` for a width of None: strings broken only after "\\n").

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
        key = entry_key(e)
        if key in seen:
            raise ValueError(f"duplicate message {e.msgid!r} (msgctxt "
                             f"{e.msgctxt!r}); msgcat would refuse the file")
        seen.add(key)
        if e.msgctxt is None and not e.msgid and not e.obsolete:
            raise ValueError("an entry with an empty msgid and no msgctxt is "
                             "the header; put it in po.metadata instead")
        (obsolete if e.obsolete else active).append(e)
    parts = ["\n".join(_Entry(e).lines(width)) + "\n" for e in active]
    old = [entry for entry in map(_Entry, obsolete) if entry.msgstr0 != ""]
    parts += ["\n".join(entry.lines(width)) + "\n" for entry in old]
    body_ascii = all(part.isascii() for part in parts)
    if header is not None:
        _check_text(header.msgstr, "the header")
        head = "\n".join(_Entry(header, header=True).lines(width)) + "\n"
        non_ascii = not (head.isascii() and body_ascii)
        raw_cs = charsets.declared(header.msgstr)
        canonical = charsets.canonical(raw_cs) if raw_cs is not None else None
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
            head = "\n".join(_Entry(header, header=True).lines(width)) + "\n"
        # Where msgcat writes it: where it was read (among the active messages), else first.
        as_read = kept(po)
        parts.insert(min(as_read.position, len(active)) if as_read is not None else 0, head)
    elif not body_ascii:
        raise ValueError("the catalog has non-ASCII text but no header; set "
                         "po.metadata['Content-Type'] = 'text/plain; "
                         "charset=UTF-8'")
    text = "\n".join(parts)
    if "\0" in text:
        raise ValueError("the catalog contains a NUL character, which a PO "
                         "file cannot hold")
    return text


# The end of a string line that the string goes on after, in the next line.
_GOES_ON = re.compile(rb'"\r?\n(?:#\| |#~ |#~\| )?"')
# A string line, from its start, of PAGE_WIDTH bytes or more: it may be too wide for PAGE_WIDTH columns.
_LONG_STRING = re.compile(rb'^(?:#\| |#~ |#~\| )?(?:msg[a-z_]+(?:\[[0-9]+\])? )?"[^\r\n]{%d,}' % (PAGE_WIDTH - 1),
                          re.M)


def page_width(data: bytes) -> int | None:
    """The layout of the catalog ``data``, as :func:`dumps` takes it: None where its strings are broken
    only after "\\n" (``msgcat --no-wrap``; Poedit's "don't wrap", Weblate's "only wrap at newlines"),
    else ``PAGE_WIDTH``, as for an empty file or one whose messages are all short. A string broken
    elsewhere says wrapped; with none, a string line wider than ``PAGE_WIDTH`` that has a space to
    break at (inside it: msgcat breaks at neither end) says unwrapped, since msgcat wraps such a line,
    and only an unbreakable one outgrows it."""
    if any(data[found.start() - 2:found.start()] not in (b"\\n", b' "') for found in _GOES_ON.finditer(data)):
        return PAGE_WIDTH  # broken after neither a "\n" nor a keyword and its lone ""
    for found in _LONG_STRING.finditer(data):
        line = found.group().decode("utf-8", "replace")
        text = line[line.index('"') + 1:-1].strip(" ")
        if " " in text and (len(line) if line.isascii() else sum(linebreak.widths(line))) > PAGE_WIDTH:
            return None
    return PAGE_WIDTH


def same_but_for_line_breaks(data: bytes, other: bytes) -> bool:
    """Whether two catalogs differ only in where their strings go on in the next line: one written by
    translate-toolkit (Weblate) breaks a long header line before its "\\n", msgcat inside it, and both
    break a string with a no-break space or CJK punctuation at other places. Their line ends must be
    alike too, every one LF or every one CRLF: a break removed takes its line end with it, and a file
    with both is one to write with LF alone (:func:`with_line_ends`)."""
    if data == other:
        return True
    ends = _line_ends(data)
    return ends is not None and ends == _line_ends(other) and _GOES_ON.sub(b"", data) == _GOES_ON.sub(b"", other)


def _line_ends(data: bytes) -> bytes | None:
    """The line end of every line of ``data``, CRLF or LF; None when it has both."""
    return b"\r\n" if crlf(data) else None if b"\r\n" in data else b"\n"


def encoded(po: polib.POFile, replacing: bytes = b"") -> bytes:
    """``dumps(po)`` in UTF-8, to be written in place of the file ``replacing``: in its layout
    (:func:`page_width`) and with its line ends (:func:`with_line_ends`)."""
    return with_line_ends(dumps(po, page_width(replacing)).encode("utf-8"), replacing)


def save(po: polib.POFile, path: str | os.PathLike, replacing: bytes = b"") -> None:
    """Write ``encoded(po, replacing)`` to ``path`` atomically and durably (``files.write_atomic``):
    readers see either the old or the new catalog, never half of one, even if the process dies
    or the power goes. An existing file keeps its permission bits; nothing is written when
    ``dumps`` refuses the catalog."""
    write_atomic(path, encoded(po, replacing))
