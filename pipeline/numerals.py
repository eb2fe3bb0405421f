"""Numbers in text, as English and as each locale write them: what the ``numbers`` check compares,
and the digits an edition writes its dates in (those its translation writes).

A number is a fact a translation must keep (COVID-19, 1,500 signatories), but each language
writes it its own way: other digits, other separators, spaces where English has commas. Babel's
CLDR data says how; this module reads both sides to values and matches them one to one.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

from pipeline.markup import URL

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
#: A number as a translation may write it: its groups apart by the separators of any locale (a comma,
#: a full stop, a space, no-break or narrow, an apostrophe, the Arabic thousands and decimal marks).
WRITTEN_NUMBER = re.compile(r"\d+(?:[.,\u0020\u00a0\u202f\u2009'\u2019\u066b\u066c]\d+)*")
#: The separators that are spaces: a locale whose group separator is one takes any of them.
_SPACES = re.compile(r"[\u0020\u00a0\u202f\u2009]")


def missing(source: str, translation: str, posix: str) -> list[str]:
    """The numbers of ``source`` that ``translation`` does not write, as English writes them.

    Digits of any script count (١٩ is 19). A number is read as its value: the source's as English
    writes it, the translation's as its locale does (CLDR's separators through Babel, a full stop or
    any space grouping where the decimal mark is a comma, a comma for the Arabic decimal mark), or as
    English does where the locale reads it as no number: 1,500 is 1 500 and 1.500 in French and
    ١٬٥٠٠ in Arabic, 2.5 is 2,5, and neither 25 nor French 1,500 (one and a half) is 1,500.
    """
    want = _numbers(source)
    if not want:  # nothing to lose: most messages, and the translation is not even read
        return []
    readings = [_readings(part, posix) for number in _written_numbers(translation)
                for part in _segments(number, posix)]
    return [want[i] for i in _unmatched([_english_value(number) for number in want], readings)]


def _unmatched(values: list[object], readings: list[frozenset[object]]) -> list[int]:
    """The indexes of ``values`` left when each is matched to a reading of its own that holds it, as
    many matched as can be (Kuhn's augmenting paths: a handful of numbers a message)."""
    owner: dict[int, int] = {}

    def place(i: int, seen: set[int]) -> bool:
        for j, reading in enumerate(readings):
            if j not in seen and values[i] in reading:
                seen.add(j)
                if j not in owner or place(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    return [i for i in range(len(values)) if not place(i, set())]


@lru_cache(maxsize=1 << 15)
def _numbers(text: str) -> tuple[str, ...]:
    """The numbers as English writes them, in ASCII digits; cached, as a source text is checked once
    per locale."""
    return tuple(NUMBER.findall(_in_ascii_digits(text)))


def _written_numbers(text: str) -> list[str]:
    """The numbers of a translation in ASCII digits, with whatever separators it writes."""
    return WRITTEN_NUMBER.findall(_in_ascii_digits(text))


def _in_ascii_digits(text: str) -> str:
    return text if text.isascii() else text.translate(_ASCII_DIGITS)


def _segments(number: str, posix: str) -> list[str]:
    """A run of digits and separators as the numbers it writes: whole where it reads as one, else cut
    at its spaces, each piece the longest that reads as a number ("2020 1 500" is 2020 and 1 500)."""
    if not _SPACES.search(number) or _is_value(number, posix):
        return [number]
    parts, pieces = re.split(f"({_SPACES.pattern})", number), []
    while parts:
        end = next(end for end in range(len(parts), 0, -2) if end == 1 or _is_value("".join(parts[:end]), posix))
        pieces.append("".join(parts[:end]))
        parts = parts[end + 1:]
    return pieces


def _is_value(number: str, posix: str) -> bool:
    return any(isinstance(reading, Decimal) for reading in _readings(number, posix))


@lru_cache(maxsize=1 << 12)
def _english_value(number: str) -> object:
    """A number of the source as its value, or as written where English would not write it so (1.2.3)."""
    from babel.numbers import NumberFormatError, parse_decimal
    try:
        return parse_decimal(number, "en", strict=True)
    except NumberFormatError:
        return number


@lru_cache(maxsize=1 << 12)
def _readings(number: str, posix: str) -> frozenset[object]:
    """What a number of the translation may stand for: as written, and its values as its locale writes
    numbers in any of its numbering systems, or, where the locale reads it as none, as English does."""
    from babel import Locale
    from babel.numbers import NumberFormatError, parse_decimal
    values: set[object] = set()
    locale = Locale.parse(posix)
    for system in {locale.default_numbering_system, locale.other_numbering_systems.get("native")} - {None}:
        symbols = locale.number_symbols.get(system) or {}
        group, decimal = symbols.get("group"), symbols.get("decimal")
        if not group or not decimal:  # a system CLDR gives no separators of its own (hanidec)
            continue
        for written in _as_the_locale_writes(number, group, decimal):
            try:
                values.add(parse_decimal(written, posix, strict=True, numbering_system=system))
            except (NumberFormatError, ValueError):
                continue
    return frozenset({number, *(values or {_english_value(number)})})


def _as_the_locale_writes(number: str, group: str, decimal: str) -> set[str]:
    """``number`` with the separators people type for a locale's own: any space for a space, a full stop
    or any space for the group where the decimal mark is a comma (12.500, 12 500 in Spanish), a comma
    for the Arabic decimal mark (٫)."""
    forms = {number}
    if _SPACES.fullmatch(group):
        forms.add(_SPACES.sub(group, number))
    if decimal == ",":
        forms.add(_SPACES.sub(group, number).replace(".", group))
    if decimal == "\u066b":
        forms.add(number.replace(",", decimal))
    return forms


class _AsciiDigits(dict[int, str]):
    """A ``str.translate`` table from every digit (``str.isdigit``: ١, ९, ０, also ² and ①, which
    ``\\d`` does not match) to its ASCII digit, other characters to themselves. It fills itself as
    characters are met, so that no start pays for finding every digit of Unicode."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        self[code] = str(unicodedata.digit(char)) if char.isdigit() else char
        return self[code]


_ASCII_DIGITS = _AsciiDigits()


def digit_zero(texts: Iterable[str]) -> str:
    """The zero of the decimal digits ``texts`` write their numbers in most, "0" when they write none:
    an edition writes the dates and page numbers it makes in the digits its translators chose (a
    Persian ۲۰۲۰, an Arabic 2020 or ٢٠٢٠), never in others beside them. Each set of decimal digits
    is ten code points in a row, zero first (a promise of Unicode's)."""
    texts = tuple(texts)
    others = Counter(chr(ord(digit) - unicodedata.decimal(digit)) for text in texts
                     for digit in DIGIT.findall(text) if digit > "9")
    if not others:
        return "0"
    zero, count = others.most_common(1)[0]
    # An address's digits are its own, not the translation's choice: ASCII digits are counted without them.
    return zero if count > sum(len(ASCII_DIGIT.findall(URL.sub(" ", text))) for text in texts) else "0"


#: Any decimal digit (``\d`` matches every one in a str pattern), and an ASCII one.
DIGIT = re.compile(r"\d")
ASCII_DIGIT = re.compile(r"[0-9]")


def in_digits(text: str, zero: str) -> str:
    """``text`` with its ASCII digits written in the set whose zero is ``zero``."""
    return text if zero == "0" else text.translate({ord("0") + value: ord(zero) + value for value in range(10)})
