"""Where the format directives of a string are, so that the writer never breaks a line inside one.

GNU's writer asks the format parser of the message's language (``format-c.c``,
``format-python.c``, ``format-python-brace.c``) which characters belong to a valid
directive and keeps line breaks out of them. These are ports of those parsers for
the languages this project can meet: c, objc, python and python-brace. Other
languages are wrapped as if they had no directives.
"""
from __future__ import annotations

import re
from itertools import accumulate
from typing import NamedTuple

_PRI_MACRO = re.compile(r"<PRI[diouxX](?:MAX|PTR|(?:LEAST|FAST)?(?:8|16|32|64))>")


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

    def counted(number: int) -> bool:
        # an argument, numbered ("N$") or not; False where the string mixes the two kinds
        nonlocal numbered, unnumbered
        if number:
            numbered += 1
        else:
            unnumbered += 1
        return not (numbered and unnumbered)

    while (start := s.find("%", i)) >= 0:
        i = start + 1
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
                if not counted(num):
                    return spans
            else:
                i = digits(i)
        has_arg = True
        if i < n and s[i] == "<":
            m = _PRI_MACRO.match(s, i)
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
        if has_arg and not counted(number):
            return spans
        spans.append((start, end))
        i = end + 1
    return spans


def _spans_python(s: str, translated: bool) -> list[tuple[int, int]]:
    """Valid directive extents of a Python %-format (format-python.c)."""
    spans = []
    n = len(s)
    i = 0
    named = unnamed = 0
    while (start := s.find("%", i)) >= 0:
        i = start + 1
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
        stars = 0  # the width, then after a '.' the precision: digits, or '*' for an argument
        for part in range(2):
            if part and (i >= n or s[i] != "."):
                break
            i += part
            if i < n and s[i] == "*":
                i += 1
                stars += 1
            else:
                while i < n and "0" <= s[i] <= "9":
                    i += 1
        if stars:
            if named:
                return spans
            unnamed += stars
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
    scan = _scan_python_brace(s)
    if not scan.directives:
        return []

    def length(start: int, end: int) -> int:
        return end - start if s.isascii() else len(s[start:end].encode("utf-8", "surrogatepass"))
    ends = [length(start, end) for start, end in scan.directives]
    errors = [length(start, end) for start, end in scan.errors]
    first = min(ends + errors)
    if first in errors:
        return []
    if s.isascii():
        return [(0, first)]
    # The characters that start within the first ``first`` bytes.
    starts = accumulate((len(ch.encode("utf-8", "surrogatepass")) for ch in s), initial=0)
    return [(0, sum(1 for offset in starts if 0 < offset <= first))]


class _BraceScan(NamedTuple):
    """What format-python-brace.c finds in a string, up to its first error: each top-level directive, from
    its '{' to its closing '}', and the error, from its directive's '{' to where it was found."""

    directives: list[tuple[int, int]]
    errors: list[tuple[int, int]]


def _scan_python_brace(s: str) -> _BraceScan:
    """The directives of a Python str.format string as GNU 0.21 parses them (``_BraceScan``)."""
    n = len(s)
    name_re = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9]+")
    ident_re = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
    directives: list[tuple[int, int]] = []
    errors: list[tuple[int, int]] = []

    def directive(i: int, toplevel: bool) -> int | None:
        # s[i] == '{'; returns the index after the directive or None
        j = i + 1
        if j < n and s[j] == "{":
            return j + 1
        m = name_re.match(s, j)
        if m is None:
            errors.append((i, j))
            return None
        j = m.end()
        while j < n:
            if s[j] == ".":
                m = ident_re.match(s, j + 1)
                if m is None:
                    errors.append((i, j + 1))
                    return None
                j = m.end()
            elif s[j] == "[":
                m = name_re.match(s, j + 1)
                if m is None:
                    errors.append((i, j + 1))
                    return None
                j = m.end()
                if j >= n or s[j] != "]":
                    errors.append((i, j + 1))
                    return None
                j += 1
            else:
                break
        c = s[j] if j < n else ""
        if c == ":":
            if not toplevel:
                errors.append((i, j))
                return None
            j += 1
            if j < n and s[j] == "{":
                j = directive(j, False)
                if j is None:
                    return None
                if j >= n or s[j] != "}":
                    errors.append((i, j))
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
                    errors.append((i, j))
                    return None
            c = s[j]
        if c != "}":
            errors.append((i, j))
            return None
        if toplevel:
            directives.append((i, j))
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
    return _BraceScan(directives, errors)


_SPAN_FINDERS = {
    "c": lambda s, t: _spans_c(s, t, False),
    "objc": lambda s, t: _spans_c(s, t, True),
    "python": _spans_python,
    "python-brace": _spans_python_brace,
}


def brace_arguments(text: str) -> frozenset[str] | None:
    """The arguments a Python str.format string names, as format-python-brace.c collects them for
    ``msgfmt --check``, which refuses a translation that names others than its msgid: each directive's
    text between its braces, format specifier included ("{date}", "{0:>5}", "{user.name}": date, 0:>5,
    user.name); None for a string GNU reads as no valid format ("{date!s}", "{date:%d %B}")."""
    scan = _scan_python_brace(text)
    return None if scan.errors else frozenset(text[start + 1:end] for start, end in scan.directives)


def spans(language: str, text: str, translated: bool) -> list[tuple[int, int]]:
    """The (start, end) index pairs, both inclusive, of the valid directives of ``text`` in a
    format ``language`` (a flag's name without ``-format``); none for a language not ported here.
    ``translated`` says the text is a msgstr, where C allows the ``I`` flag."""
    finder = _SPAN_FINDERS.get(language)
    return finder(text, translated) if finder is not None else []
