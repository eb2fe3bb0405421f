"""Plural-Forms: the C expression GNU gettext evaluates, and msgfmt's checks of a catalog's header."""
from __future__ import annotations

import re
from collections.abc import Callable

from pipeline.errors import InputError
from pipeline.locales import parse_locale
from pipeline.po.errors import POSyntaxError
from pipeline.po.header import Header
from pipeline.wording import counted

_PLURAL_TOKEN = re.compile(r"[ \t]*(?:([0-9]+)|(==|!=|<=|>=|&&|\|\||[-+*/%<>!?:()n])"
                           r"|([;\n]|\Z)|(.))")
_ULONG = (1 << 64) - 1


def compile_plural(expr: str) -> Callable[[int], int]:
    """Parse a C plural expression like GNU's plural.y; return an evaluator.

    Raises ValueError on syntax errors and ZeroDivisionError (at run time)
    like the SIGFPE GNU catches.  Arithmetic is on unsigned long.  An
    expression nested deeper than Python's recursion follows, to parse or
    to evaluate (a thousand '(' or 'n+'), is a ValueError too, at either time.
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
        raise ValueError("it ends where a number, n or '(' was due" if kind == "end" else f"unexpected {val!r}")

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

    try:
        result = ternary()
    except RecursionError:
        raise ValueError("nested deeper than can be read") from None
    if peek()[0] != "end":
        raise ValueError(f"unexpected {peek()[1]!r}")

    def evaluate(n: int) -> int:
        try:
            return result(n)
        except RecursionError:
            raise ValueError("nested deeper than can be evaluated") from None
    return evaluate


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


_DIGITS = re.compile(r"[0-9]*")
_BLANKS = " \t\n\v\f\r"


def nplurals(text: str) -> int | None:
    """How many plural forms ``text`` (a header, or its Plural-Forms value) declares, read as GNU
    reads it (plural-exp.c, msgl-check.c): the digits after the first ``nplurals=``, blanks
    skipped; None where there are none (``nplurals = 2``, ``nplurals=INTEGER``, no field)."""
    at = text.find("nplurals=")
    if at < 0:
        return None
    digits = _DIGITS.match(text[at + 9:].lstrip(_BLANKS)).group()
    return int(digits) if digits else None


def first_difference(value: str, rule: str) -> tuple[int, int, int] | None:
    """The first count n (of 0 to 1000, as msgfmt tries) for which the Plural-Forms ``value`` picks another
    form than ``rule`` does: (n, its form, the rule's); None when they agree, or when ``value`` has no
    expression that evaluates (msgfmt's checks speak of that)."""
    at = value.find("plural=")
    if at < 0:
        return None
    try:
        mine, theirs = compile_plural(value[at + 7:]), compile_plural(rule[rule.find("plural=") + 7:])
        return next(((n, mine(n), theirs(n)) for n in range(1001) if mine(n) != theirs(n)), None)
    except (ValueError, ZeroDivisionError):
        return None


def _example(header: str) -> str:
    """A Plural-Forms value to show: gettext's rule for the header's Language, else English's."""
    language = re.search(r"^Language:[ \t]*(\S+)", header, re.MULTILINE)
    try:
        return parse_locale(language.group(1)).plural_forms if language else ENGLISH_RULE
    except InputError:
        return ENGLISH_RULE


ENGLISH_RULE = "nplurals=2; plural=(n != 1);"


def check(header: Header | None, plurals: list[tuple[int, int]], path: str) -> None:
    """msgfmt --check's Plural-Forms rules (msgl-check.c: check_plural) for a catalog with this
    header, whose translated plural messages have ``plurals`` (number of forms, line of msgstr[0])."""
    if header is None:
        if plurals:
            raise POSyntaxError(path, plurals[0][1], "translated plural "
                                "message but the catalog has no header with "
                                "\"Plural-Forms: nplurals=N; plural=EXPR;\"")
        return
    hdr = header.msgstr
    p = hdr.find("plural=")
    np_ = hdr.find("nplurals=")
    if p < 0 or np_ < 0:
        if plurals:
            raise POSyntaxError(path, plurals[0][1], "translated plural "
                                "message but the header lacks \"Plural-Forms: "
                                f"nplurals=N; plural=EXPR;\" (e.g. \"{_example(hdr)}\")")
        return
    pf_line = header.line_of("nplurals=")
    count = nplurals(hdr)
    if count is None:
        rest = hdr[np_ + 9:].lstrip(_BLANKS)
        if rest.startswith("INTEGER") and path.endswith(".pot"):
            return  # an untouched template: nothing to check yet
        # In a catalog, msgfmt --check refuses the template's placeholder with or
        # without plural messages: a catalog must say its real count.
        raise POSyntaxError(path, pf_line, "Plural-Forms: nplurals must be an "
                            f"integer, not {rest.split(';')[0].strip()!r}; e.g. \"{_example(hdr)}\"")
    try:
        func = compile_plural(hdr[p + 7:])
        for n in range(1001):
            val = func(n)
            if val >= 1 << 63:
                raise POSyntaxError(path, pf_line, "Plural-Forms: the plural "
                                    "expression can produce negative values")
            if val >= count:
                raise POSyntaxError(path, pf_line, f"Plural-Forms: nplurals="
                                    f"{count} but the plural expression "
                                    f"gives {val} for n={n}")
    except POSyntaxError:  # a ValueError too, but one of the values above
        raise
    except ValueError as exc:  # compile_plural's, as it reads the expression or evaluates it
        raise POSyntaxError(path, pf_line, f"Plural-Forms: invalid plural "
                            f"expression ({exc}); e.g. \"{_example(hdr)}\"") from None
    except ZeroDivisionError:
        raise POSyntaxError(path, pf_line, "Plural-Forms: the plural "
                            "expression can divide by zero") from None
    if plurals:
        lo = min(plurals, key=lambda t: t[0])
        hi = max(plurals, key=lambda t: t[0])
        bad = lo if lo[0] < count else hi if hi[0] > count else None
        if bad is not None:
            raise POSyntaxError(path, bad[1], f"this message has {counted(bad[0], 'plural form')} "
                                f"but the header says "
                                f"nplurals={count} (line {pf_line}); give "
                                f"exactly msgstr[0]..msgstr[{count - 1}]")
