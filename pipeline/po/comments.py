"""What the comment lines of an entry say: translator and extracted comments, references, flags.

One reading, GNU gettext 0.21's (``po-lex.c``, ``read-catalog-abstract.c``), shared by the
strict reader, the fast readers and the writer (which reads references and flags the way
``msgcat`` will when it reads them back).
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable


class EmptyLine(str):
    """A comment that is one empty line (a lone ``#`` or ``#.``).

    polib keeps an entry's comment lines as one string, so one empty line would be
    ``""``, the same as no comment at all, and the line would be lost on writing;
    ``msgcat`` keeps it. This string is ``""`` to everything that reads it, but the
    writer writes it back as its line. A comment set anew is a plain string again.
    """

    __slots__ = ()


def joined(lines: list[str]) -> str:
    """Comment lines as polib keeps them: one string; a lone empty line as :class:`EmptyLine`."""
    if len(lines) == 1 and not lines[0]:
        return EmptyLine()
    return "\n".join(lines)


#: The format languages GNU gettext 0.21 knows, in its order (``message.c``: ``format_language``): those its
#: format flags may name.
FORMAT_LANGUAGES = ("c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript", "scheme",
                    "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal", "smalltalk", "qt",
                    "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace", "php", "gcc-internal",
                    "gfc-internal", "ycp")
_GNU_FLAG = re.compile(r"fuzzy|(?:(?:no|possible|impossible)-)?(?:" + "|".join(map(re.escape, FORMAT_LANGUAGES))
                       + r")-format|range:\s+[0-9]+\.\.[0-9]+|(?:no-)?wrap", re.S)


def gnu_reads(flag: str) -> bool:
    """Whether GNU gettext reads ``flag`` (``po_parse_comment_special``): ``fuzzy``, a format flag of a
    language it knows (``c-format``, ``no-python-brace-format``), ``range:``, ``wrap``, ``no-wrap``. Any other
    it reads as no flag at all, and msgmerge and msgcat drop it ("future xgettext flag")."""
    return _GNU_FLAG.fullmatch(flag) is not None


def mistyped_fuzzy(flag: str) -> bool:
    """Whether ``flag`` is ``fuzzy`` mistyped (``Fuzzy``, ``fuzy``, ``fuzz``): a flag GNU does not read
    (``gnu_reads``) that is ``fuzzy`` but for its case, or close to it as difflib measures. GNU, and letter,
    read no draft mark in it, so the message it was meant to keep a draft counts as reviewed. A flag that
    says the opposite (``no-fuzzy``, ``unfuzzy``, ``not-fuzzy``), close as it is, is no draft mark."""
    folded = flag.casefold()
    return (not gnu_reads(flag) and not folded.startswith(("no", "un"))
            and difflib.SequenceMatcher(None, folded, "fuzzy").ratio() >= 0.75)


def draft_comment(comments: Iterable[str]) -> int | None:
    """The index of the first of an entry's comment lines (each without its ``#``) that a translator meant as
    the flag ``fuzzy`` but wrote without the comma of a flag line: ``# fuzzy``, ``#fuzzy``, ``# Fuzzy``,
    ``# fuzzy, python-brace-format`` (its words, split as ``flags_of`` splits a flag line, are all flags,
    ``fuzzy`` among them, mistyped or not). GNU gettext and polib read a translator comment there, so the
    message counts as reviewed. A note that speaks of fuzzy ("# fuzzy: check the date") is none; None."""
    for index, text in enumerate(comments):
        words = flags_of(text) if text[:1] not in (",", "!", ".", ":") else ()
        if any(word == "fuzzy" or mistyped_fuzzy(word) for word in words) and \
                all(gnu_reads(word) or mistyped_fuzzy(word) for word in words):
            return index
    return None


#: The flags GNU gettext reads that describe the source text (so a template is their authority): a format's
#: (``python-brace-format``, ``no-c-format``, ``possible-...``), ``range:`` and line wrapping. With ``fuzzy``,
#: the only flags it reads; it drops any other ("no-check-numbers").
SOURCE_FLAG = re.compile(r"(?:(?:no|possible|impossible)-)?[\w+-]+-format|range:.*|(?:no-)?wrap", re.S)

def dropped_by_gnu(flags: list[str], last_flags: list[str]) -> list[str]:
    """The flags of an entry's earlier flag lines that GNU, keeping the last line's, would drop and would
    have read: ``fuzzy`` and ``SOURCE_FLAG``'s, once each."""
    return [flag for flag in dict.fromkeys(flags)
            if flag not in last_flags and (flag == "fuzzy" or SOURCE_FLAG.fullmatch(flag))]


_SOLARIS = re.compile(
    r" [Ff]ile:[ \t]*(.*?)[ \t]*,[ \t]*line[ \t]*(?:number[ \t]*)?:([0-9]+)"
    r"[ \t\n]*\Z", re.S)


def comment_fields(comments: list[str]) -> tuple[str, str, list[str | tuple[str, str]], list[str], list[str]]:
    """An entry's comment lines (each without its ``#``) by kind: translator comments and
    extracted comments (each :func:`joined`), references (read when first used,
    ``POEntry.occurrences``), the flags of every line (split as GNU splits them, at commas and
    white space: ``#, fuzzy python-brace-format`` is fuzzy, where polib reads one flag), and the flags of the
    last flag line, which is what GNU keeps."""
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
            last_flags = flags_of(text[1:])
            flags.extend(last_flags)
        else:
            sol = solaris_filepos(text)
            if sol is not None:
                refs.append(sol)
            else:
                tcomments.append(text[1:] if c == " " else text)
    return joined(tcomments), joined(extracted), refs, flags, last_flags


def flag_line(comments: list[str], lines: Iterable[int], flag: str) -> int | None:
    """The line of the first ``#,`` (or ``#!``) line that holds ``flag``, of an entry's comment lines (each
    without its ``#``) and their ``lines``; None where none does."""
    for text, line in zip(comments, lines, strict=False):
        if (text[:1] == "," or text[:1] == "!") and flag in flags_of(text[1:]):
            return line
    return None


def solaris_filepos(text: str) -> tuple[str, str] | None:
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


def filepos(text: str) -> list[tuple[str, str]]:
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
        number = _line_number(text, p + 1) if p < n and text[p] == ":" else None
        if number is not None:
            refs.append((name, str(int(text[number[0]:number[1]]))))
            i = number[1]
            continue
        # "name: 12"
        number = _line_number(text, i) if name.endswith(":") else None
        if number is not None:
            refs.append((name[:-1], str(int(text[number[0]:number[1]]))))
            i = number[1]
            continue
        # "name:12"
        m = re.search(r"[0-9]+\Z", name)
        if m and m.start() > 1 and name[m.start() - 1] == ":":
            refs.append((name[:m.start() - 1], str(int(m.group()))))
            continue
        refs.append((name, ""))
    return refs


def _line_number(text: str, start: int) -> tuple[int, int] | None:
    """Where the digits that follow ``start`` (after blanks) stand, if a blank or the end
    follows them: the line number of a reference written apart from its file name."""
    n = len(text)
    p = start
    while p < n and text[p] in " \t\n":
        p += 1
    q = p
    while q < n and "0" <= text[q] <= "9":
        q += 1
    return (p, q) if q > p and (q == n or text[q] in " \t\n") else None


def flag_tokens(text: str) -> list[str]:
    """Tokens of a ``#,`` line as GNU reads them (commas and white space)."""
    return [t for t in re.split(r"[\n \t\r\f\v,]+", text) if t]


def flags_of(text: str) -> list[str]:
    """The flags of a ``#,`` line: GNU's tokens (``flag_tokens``), a range with the token after it as one
    flag ("range: 1..9"), as polib and the writer keep it, and as GNU reads it (``#, range: fuzzy`` is
    not fuzzy: "fuzzy" is read as the range, and a wrong one)."""
    flags: list[str] = []
    for token in flag_tokens(text):
        if flags and flags[-1] == "range:":
            flags[-1] = f"range: {token}"
        else:
            flags.append(token)
    return flags
