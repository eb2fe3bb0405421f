"""Quality checks of one message: small functions from a translation to what is wrong with it.

Each message check takes a ``Context`` (the entry, its locale, the settings) and
yields messages for people; ``catalog_checks`` runs them over a catalog, checks
what only a whole catalog or the project shows, and makes the findings. Every
check has a stable name, which is what flags, settings and reports refer to.

A check runs for every message of every catalog (650,000 times for fifty locales), so
each skips what cannot change its answer (a source without numbers has none to lose),
leaves loops over characters to the regular-expression engine, and caches what it
learns of a source text, which every locale has in common. The tests compare each
shortcut with the plain definition it stands for.
"""
from __future__ import annotations

import json
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache
from typing import NamedTuple

import polib

from pipeline import findings, markup, po
from pipeline.locales import LocaleInfo, english_territories, territory_name
from pipeline.masking import LOST_NOTE, URL
from pipeline.model import NAME_CONTEXT
from pipeline.textlayout import display_width


@dataclass(frozen=True)
class Settings:
    """What configuration changes about the checks."""

    severities: Mapping[str, str] = field(default_factory=dict)  # check → "error" | "warning" | "off"
    identical_allowed: frozenset[str] = frozenset()  # source texts a translation may repeat as they are
    glossaries: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # tag → {source term: approved}


#: An entry as check reads it: ``po.Checked`` from a catalog in msgcat's layout, polib's otherwise.
Entry = polib.POEntry | po.Checked


class Context(NamedTuple):
    """One translated message, with what a check may need to judge it (a tuple, not a
    dataclass: one is made for every translated message of every catalog)."""

    source: str
    translation: str
    entry: Entry
    locale: LocaleInfo
    settings: Settings
    pattern: bool = False  # the template flags the message python-brace-format: the build fills it in


MessageCheck = Callable[[Context], Iterator[str]]


# --- the message checks ------------------------------------------------------------------

def placeholders(ctx: Context) -> Iterator[str]:
    """A brace pattern must keep its placeholders, or a value disappears from the edition. Whether a
    message is one is the template's to say, as for msgmerge: the build fills in what the letter
    makes a pattern, whatever flags the catalog's copy has kept."""
    if not ctx.pattern:
        return
    want, got = _fields(ctx.source), _fields(ctx.translation)
    if got is None:
        yield "the translation has an unbalanced { or }; write {{ and }} for literal braces"
    elif want != got:
        yield (f"placeholders differ: the source has {_listing(want)}, the translation {_listing(got)}; "
               "keep every {name} exactly as in the source")


def _fields(pattern: str) -> Counter[str] | None:
    """The pattern's fields as written inside their braces, a conversion (``!r``) or a format (``:>40``)
    included: either changes what the build writes, and msgfmt --check refuses both."""
    try:
        return Counter(name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
                       for _, name, spec, conversion in string.Formatter().parse(pattern) if name is not None)
    except ValueError:
        return None


def _listing(names: Counter[str]) -> str:
    return ", ".join("{" + name + "}" for name in sorted(names.elements())) or "none"


def inline_markup(ctx: Context) -> Iterator[str]:
    """Emphasis, links and code must survive translation, or the edition loses them; an HTML tag
    is no markup (the edition shows it as text), and a link needs words to click."""
    want, got = _inline(ctx.source).markers, _inline(ctx.translation).markers
    if sorted(want) != sorted(got):  # the same markers, in any order
        hint = ""
        if any(mark in markup.forms(ctx.translation)[1] for mark in "*_"):
            # CommonMark opens emphasis only where the marker is not wedged between a letter and punctuation.
            hint = ("; a * or _ was left as text: beside punctuation, put the emphasis inside it (《*…*》, "
                    "« *…* », “*…*”), or a space outside it")
        yield (f"inline Markdown differs: the source has {_describe_markers(Counter(want))}, "
               f"the translation {_describe_markers(Counter(got))}{hint}")
    if "<" in ctx.translation:
        tags = Counter(HTML_TAG.findall(ctx.translation)) - Counter(HTML_TAG.findall(ctx.source))
        if tags:
            yield (f"HTML is not markup in a letter: the edition shows {', '.join(sorted(tags))} as text; "
                   "remove it, or use the source's Markdown")
    if "](" in ctx.translation and markup.empty_links(ctx.translation) > markup.empty_links(ctx.source):
        yield "a link without words ([](…)): readers cannot see it or click it; put the link's words inside [ ]"


#: An HTML tag as a translator might type one (an autolink such as <https://…> is not one).
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")


_MARKDOWN = markup.MAY_HOLD_MARKDOWN  # a text without any has no markers and no links


class _Inline(NamedTuple):
    markers: tuple[str, ...]  # markup.markers
    links: tuple[str, ...]    # markup.links


@lru_cache(maxsize=1 << 15)
def _inline(text: str) -> _Inline:
    """The text's inline markup, for ``inline_markup`` and ``links`` both; cached, as a source
    text is checked once per locale. Most texts cannot hold any and are not parsed; only one
    whose markers open a link is parsed again for its targets."""
    if not _MARKDOWN.search(text):
        return _Inline((), ())
    markers = tuple(markup.markers(text))
    return _Inline(markers, tuple(markup.links(text)) if "link_open" in markers else ())


def _describe_markers(counts: Counter[str]) -> str:
    opened = {kind.removesuffix("_open"): n for kind, n in counts.items() if kind.endswith("_open")}
    opened.update({"code": counts["code_inline"]} if counts["code_inline"] else {})
    return ", ".join(f"{n} {kind}" for kind, n in sorted(opened.items())) or "none"


def links(ctx: Context) -> Iterator[str]:
    """Link targets are facts: a translation may move a link, not change where it goes."""
    want, got = sorted(_inline(ctx.source).links), sorted(_inline(ctx.translation).links)
    if want != got:
        yield (f"link targets differ: the source links to {', '.join(want) or 'nothing'}, "
               f"the translation to {', '.join(got) or 'nothing'}")


#: Every match of ``URL`` contains one of these; a text without any is not searched, as
#: ``URL``'s e-mail half tries each run of word characters for an "@" (most of the time of ``urls``).
_URL_SIGN = re.compile(r"://|www\.|@")


def urls(ctx: Context) -> Iterator[str]:
    """Addresses written out in the text must be copied exactly, and none added."""
    want = _urls(ctx.source)
    got = _addresses(ctx.translation)  # a translation is checked once: not cached
    if not want and not got:
        return
    missing = sorted((Counter(want) - Counter(got)).elements())
    if missing:
        yield f"addresses missing or changed in the translation: {', '.join(missing)}"
    added = sorted((Counter(got) - Counter(want)).elements())
    if added:
        yield f"addresses the source does not have: {', '.join(added)}; write only the source's addresses"


def _addresses(text: str) -> tuple[str, ...]:
    """``URL``'s matches."""
    return tuple(URL.findall(text)) if _URL_SIGN.search(text) else ()


#: ``_addresses``, cached, as a source text is checked once per locale.
_urls = lru_cache(maxsize=1 << 15)(_addresses)


NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
#: A number as a translation may write it: its groups apart by the separators of any locale (a comma,
#: a full stop, a space, no-break or narrow, an apostrophe, the Arabic thousands and decimal marks).
WRITTEN_NUMBER = re.compile(r"\d+(?:[.,\u0020\u00a0\u202f\u2009'\u2019\u066b\u066c]\d+)*")
#: The separators that are spaces: a locale whose group separator is one takes any of them.
_SPACES = re.compile(r"[\u0020\u00a0\u202f\u2009]")


def numbers(ctx: Context) -> Iterator[str]:
    """Numbers are facts (COVID-19): every number of the source must appear in the translation.

    Digits of any script count (١٩ is 19). A number is read as its value: the source's as English
    writes it, the translation's as its locale does (CLDR's separators through Babel, a full stop or
    any space grouping where the decimal mark is a comma, a comma for the Arabic decimal mark), or as
    English does where the locale reads it as no number: 1,500 is 1 500 and 1.500 in French and
    ١٬٥٠٠ in Arabic, 2.5 is 2,5, and neither 25 nor French 1,500 (one and a half) is 1,500.
    """
    want = _numbers(ctx.source)
    if not want:  # nothing to lose: most messages, and the translation is not even read
        return
    readings = [_readings(part, ctx.locale.posix) for number in _written_numbers(ctx.translation)
                for part in _segments(number, ctx.locale.posix)]
    missing = [want[i] for i in _unmatched([_english_value(number) for number in want], readings)]
    if missing:
        yield f"numbers missing from the translation: {', '.join(missing)}"


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


def whitespace(ctx: Context) -> Iterator[str]:
    """Leading and trailing whitespace and newlines are layout: they must match the source."""
    for where, pick in (("leading", _leading), ("trailing", _trailing)):
        want, got = pick(ctx.source), pick(ctx.translation)
        if want != got:
            yield f"{where} whitespace differs from the source ({want!r} against {got!r})"
    if ctx.source.count("\n") != ctx.translation.count("\n"):
        yield (f"the source has {ctx.source.count(chr(10))} line breaks, "
               f"the translation {ctx.translation.count(chr(10))}")


def _leading(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _trailing(text: str) -> str:
    return text[len(text.rstrip()):]


def double_space(ctx: Context) -> Iterator[str]:
    if "  " in ctx.translation.strip() and "  " not in ctx.source.strip():
        yield "doubled space in the translation"


# Possessive (++): a word character is never a space, so giving back part of a word or of the
# spaces after it could never make a match; the engine does not try (a quarter of the time).
DOUBLED_WORD = re.compile(r"\b(\w++)\s++\1\b", re.IGNORECASE)


def double_word(ctx: Context) -> Iterator[str]:
    """A repeated word is usually a slip ("the the"); flag it unless the source repeats it too."""
    for match in DOUBLED_WORD.finditer(ctx.translation):
        if match.group(1).casefold() not in _doubled_words(ctx.source) and not match.group(1).isdigit():
            yield f"doubled word {match.group(0)!r}"


@lru_cache(maxsize=1 << 15)
def _doubled_words(source: str) -> frozenset[str]:
    """Cached: a source text is checked once per locale, and only read when the translation
    repeats a word."""
    return frozenset(m.group(1).casefold() for m in DOUBLED_WORD.finditer(source))


# Sentence-final punctuation by function, across scripts, so that "." may end as "。" or "।".
END_MARKS = {
    "full stop": ".。．｡।॥۔።᙮︒",
    "question mark": "?？؟;;՞፧",
    "exclamation mark": "!！՜",
    "colon": ":：",
    "ellipsis": "…",
}
CLOSERS = "\"'”’“‘»›«‹)]）」』】〕〉》\u202f\u00a0 "  # “ and ‘ close German quotations, « and › Danish ones
_END_MARKS = {mark: name for name, marks in END_MARKS.items() for mark in marks}  # no mark has two functions


def end_punctuation(ctx: Context) -> Iterator[str]:
    """The translation should end a sentence the way the source does, in its own script."""
    want, got = _end_mark(ctx.source), _end_mark(ctx.translation)
    if want != got:
        yield (f"the source ends with {want or 'no sentence punctuation'}, "
               f"the translation with {got or 'none'}")


def _end_mark(text: str) -> str | None:
    stripped = text.rstrip().rstrip(CLOSERS)
    if not stripped:
        return None
    last = stripped[-1]
    if stripped.endswith("...") or last == "…":
        return "ellipsis"
    return _END_MARKS.get(last)


def identical(ctx: Context) -> Iterator[str]:
    """A translation equal to its source is often a copy left unfinished."""
    if ctx.translation == ctx.source and ctx.source not in ctx.settings.identical_allowed \
            and ctx.entry.msgctxt != NAME_CONTEXT and not _same_country_name(ctx):
        # A pattern such as "{role}, {organization}" has nothing to translate outside its placeholders.
        if any(c.isalpha() for c in re.sub(r"\{[^{}]*\}", "", ctx.source)):
            yield ("the translation is the English source text; translate it, or add it to "
                   "[tool.letter] identical if it is the same in every language")


def _same_country_name(ctx: Context) -> bool:
    """Liberia is Liberia in French too: CLDR's name of the country in the locale settles it."""
    code = english_territories().get(ctx.source)
    return code is not None and territory_name(code, ctx.locale) == ctx.translation


def length(ctx: Context) -> Iterator[str]:
    """A translation far shorter or longer than its source is often cut or duplicated.

    Measured in columns, as a reader sees it: a Chinese character takes two, a Hindi syllable with
    its vowel signs one. Short texts are left alone: "Former Prime Minister" is three characters in Chinese.
    """
    if len(ctx.source) < 40:
        return
    ratio = display_width(ctx.translation) / display_width(ctx.source)
    if ratio < 0.3 or ratio > 3.0:
        yield f"the translation is {ratio:.1f} times as long as the source; check nothing is missing or repeated"


def glossary(ctx: Context) -> Iterator[str]:
    """Approved terms: where the source uses a term, the translation must use its approved form."""
    for term, approved in ctx.settings.glossaries.get(ctx.locale.tag, {}).items():
        if term_pattern(term).search(ctx.source) and approved.casefold() not in ctx.translation.casefold():
            if approved.translate(_APOSTROPHES).casefold() in ctx.translation.translate(_APOSTROPHES).casefold():
                yield (f"the glossary translates {term!r} as {approved!r}, which the translation writes with "
                       "another apostrophe; copy the glossary's")
            else:
                yield f"the glossary translates {term!r} as {approved!r}, which the translation does not use"


#: Apostrophes a keyboard or an editor may type for one another: d'Oxford, d’Oxford, dʼOxford.
_APOSTROPHES = str.maketrans("\u2018\u2019\u02bc`\u00b4", "'" * 5)


@lru_cache(maxsize=1024)
def term_pattern(term: str) -> re.Pattern[str]:
    """A glossary term as a whole word, in any case; made once, not for each message and term."""
    return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)


_WORD = re.compile(r"\w+")

try:  # how ``re`` compares characters under IGNORECASE, one code point for another
    from _sre import unicode_tolower as _engine_lower
    from re._casefix import _EXTRA_CASES
except ImportError:  # a Python whose engine is built otherwise: no index, every term is tried
    _engine_lower = None


@cache
def _case_key(char: str) -> str:
    """One character for every character ``re.IGNORECASE`` takes for ``char``: the engine's simple
    lowercase, or the least of the others it also accepts ("ı" and "i", "ſ" and "s"). Python's own
    ``casefold`` differs: "İ" folds to two characters where the engine compares "İ" with "i"."""
    assert _engine_lower is not None
    lower = _engine_lower(ord(char))
    return chr(min((lower, *_EXTRA_CASES.get(lower, ()))))


@lru_cache(maxsize=1 << 16)
def _word_key(word: str) -> str:
    """A word as ``_case_key`` reads it; kept, since every catalog has the same English words."""
    return "".join([_case_key(char) for char in word])


@dataclass(frozen=True)
class Terms:
    """Many terms to find in texts as ``term_pattern`` finds one, indexed by their first word.

    An edition's names and organisations are as many as its signatories (10,000 in the benchmark's
    letter): a text is searched only for the terms whose first word it has, in any case as the
    regex engine compares cases (``_case_key``), not for every one.
    """

    order: Mapping[str, int]
    by_first_word: Mapping[str, tuple[str, ...]]
    unindexed: tuple[str, ...]  # terms with no letter or digit to index them by, tried on every text

    @classmethod
    def of(cls, terms: Iterable[str]) -> Terms:
        order = {term: at for at, term in enumerate(dict.fromkeys(terms))}
        by_first_word: dict[str, list[str]] = {}
        unindexed = []
        for term in order:
            first = _WORD.search(term) if _engine_lower is not None else None
            if first is None:
                unindexed.append(term)
            else:
                by_first_word.setdefault(_word_key(first.group()), []).append(term)
        return cls(order, {word: tuple(found) for word, found in by_first_word.items()}, tuple(unindexed))

    def found_in(self, text: str) -> list[str]:
        """The terms that ``text`` has as whole words, in any case, in the order they were given."""
        candidates = set(self.unindexed)
        if self.by_first_word:
            for word in {match.group() for match in _WORD.finditer(text)}:
                candidates.update(self.by_first_word.get(_word_key(word), ()))
        return sorted((term for term in candidates if term_pattern(term).search(text)), key=self.order.__getitem__)


def characters(ctx: Context) -> Iterator[str]:
    """Control, zero-width and embedding characters are invisible in an editor and break editions."""
    problem = markup.unwanted(ctx.translation)
    if problem:
        yield problem
        return
    if not unicodedata.is_normalized("NFC", ctx.translation):
        yield "the translation is not in Unicode NFC; re-save it normalized (most editors can)"


# --- machine drafts (``letter draft``) ---------------------------------------------------------

#: ``letter draft`` lists what a draft lost on a translator-comment line starting with this,
#: each token as a JSON string: ``machine draft lost: "COVID-19", "https://…"``.
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')


def lost_token(ctx: Context) -> Iterator[str]:
    """A machine draft came back without a URL, number, name or markup it was sent with.

    ``letter draft`` keeps such a draft (fuzzy) and says in a comment what was lost;
    this reports it for as long as the translation has fewer of a lost token than the
    source (an emphasis marker "**" counts twice).
    """
    for line in (ctx.entry.tcomment or "").splitlines():
        if line.startswith(LOST_NOTE):
            missing = [token for token in map(_token, _QUOTED.findall(line))
                       if ctx.translation.count(token) < ctx.source.count(token)]
            if missing:
                listing = ", ".join(json.dumps(token, ensure_ascii=False) for token in missing)
                yield f"the machine draft lost {listing}; put it back, then delete the '{LOST_NOTE}' comment"


def _token(quoted: str) -> str:
    """A token of the note as ``letter draft`` wrote it (a JSON string); one edited by hand into what
    JSON does not read (``"C:\\dossier"``) is taken as written between its quotes."""
    try:
        return json.loads(quoted)
    except json.JSONDecodeError:
        return quoted[1:-1]


MESSAGE_CHECKS: dict[str, MessageCheck] = {
    "placeholders": placeholders,
    "markup": inline_markup,
    "links": links,
    "urls": urls,
    "numbers": numbers,
    "whitespace": whitespace,
    "characters": characters,
    "double-space": double_space,
    "double-word": double_word,
    "end-punctuation": end_punctuation,
    "identical": identical,
    "length": length,
    "glossary": glossary,
    "lost-token": lost_token,
}


def opted_out(entry: Entry) -> frozenset[str]:
    """The checks an entry opts out of (``findings.opted_out``)."""
    return findings.opted_out(entry.flags, entry.tcomment)


def checks_for(skipped: frozenset[str]) -> Iterable[tuple[str, MessageCheck]]:
    """The message checks an entry runs: all but those it opts out of (``opted_out``)."""
    if not skipped:
        return MESSAGE_CHECKS.items()
    return [(check, run_check) for check, run_check in MESSAGE_CHECKS.items() if check not in skipped]
