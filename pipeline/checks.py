"""Quality checks of one message: small functions from a translation to what is wrong with it.

Each message check takes a ``Context`` (the entry, its locale, the settings) and
yields messages for people; ``catalog_checks`` runs them over a catalog, checks
what only a whole catalog or the project shows, and makes the findings. Every
check has a stable name, which is what flags, settings and reports refer to: a new
check is a function here under its name in ``MESSAGE_CHECKS``, with its default
severity in ``findings.CHECKS`` and what it finds in ``findings.DESCRIPTIONS``,
which the README's table of checks repeats word for word (the tests hold all four
to one another).

A check runs for every message of every catalog (650,000 times for fifty locales), so
each skips what cannot change its answer (a source without numbers has none to lose),
leaves loops over characters to the regular-expression engine, and caches what it
learns of a source text, which every locale has in common. The tests compare each
shortcut with the plain definition it stands for.
"""
from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import NamedTuple

import polib

from pipeline import findings, markup, numerals, po, pseudo
from pipeline.findings import Quote, Said
from pipeline.interface import placeholders as placeholders_of
from pipeline.locales import LocaleInfo, english_territories, territory_name
from pipeline.markup import URL
from pipeline.masking import DRAFT_NOTE, LOST_NOTE, draft_origin, has_draft_note, spaces
from pipeline.model import is_name
from pipeline.terms import APOSTROPHES, term_pattern, uses
from pipeline.textlayout import display_width
from pipeline.wording import counted


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


#: A check's messages: a ``Said`` where one quotes the translation (``findings.Said``), a ``str`` otherwise.
MessageCheck = Callable[[Context], Iterator[str | Said]]


# --- the message checks ------------------------------------------------------------------

def placeholders(ctx: Context) -> Iterator[str]:
    """A brace pattern must keep its placeholders, or a value disappears from the edition. Whether a
    message is one is the template's to say, as for msgmerge: the build fills in what the letter
    makes a pattern, whatever flags the catalog's copy has kept."""
    if not ctx.pattern:
        return
    want, got = placeholders_of(ctx.source), placeholders_of(ctx.translation)
    if got is None:
        yield "the translation has an unbalanced { or }; write {{ and }} for literal braces"
    elif want != got:
        yield (f"placeholders differ: the source has {_listing(want)}, the translation {_listing(got)}; "
               "keep every {name} exactly as in the source")


def _listing(names: Counter[str]) -> str:
    return ", ".join("{" + name + "}" for name in sorted(names.elements())) or "none"


def inline_markup(ctx: Context) -> Iterator[str]:
    """Emphasis and code must survive translation, or the edition loses them; an HTML tag is no markup
    (the edition shows it as text), and a link needs words to click. A link lost or added is the ``links``
    check's, which names its address: the one slip is not said twice."""
    want, got = _inline(ctx.source).markers, _inline(ctx.translation).markers
    if _styled(want) != _styled(got):  # the same markers, in any order
        hint = ""
        if stray := [at for at, mark in markup.stray_marks(ctx.translation) if mark in "*_"]:
            hint = "; a * or _ was left as text: " + (
                "beside punctuation, put the emphasis inside it (《*…*》, « *…* », “*…*”), or a space outside it"
                if any(markup.wedged(ctx.translation, at) for at in stray) else
                "close the emphasis as the source does (*…*), or remove the mark")
        # Emphasis or code the English lacks, or a mark left as text, the edition would show: it shows the English.
        shows = "; an edition shows the English instead" if markup.shows_markup(ctx.translation, ctx.source) else ""
        yield (f"inline Markdown differs: the source has {_describe_markers(Counter(want))}, "
               f"the translation {_describe_markers(Counter(got))}{shows}{hint}")
    elif _inline(ctx.translation).left and (
            stray := sorted((markup.as_text(ctx.translation)[1] - markup.shown_marks(ctx.source)).elements())):
        them = "it" if len(stray) == 1 else "them"
        yield (f"{' '.join(stray)} left as text: an edition would show {them}, so it shows the English instead; "
               f"remove {them}, or mark emphasis as the source does (*…*)")
    if "<" in ctx.translation and (tags := markup.as_text(ctx.translation)[0] - markup.as_text(ctx.source)[0]):
        yield (f"HTML is not markup in a letter: an edition would show {', '.join(sorted(tags))} as text, so it "
               "shows the English instead; remove it, or use the source's Markdown")
    if "](" in ctx.translation and markup.empty_links(ctx.translation) > markup.empty_links(ctx.source):
        yield markup.EMPTY_LINK


_MARKDOWN = markup.MAY_HOLD_MARKDOWN  # a text without any has no markers and no links
_LINK_MARKERS = ("link_open", "link_close")


def _styled(markers: tuple[str, ...]) -> list[str]:
    """The markers of emphasis, strong emphasis and code, sorted: those of links are ``links``'s to compare."""
    return sorted(marker for marker in markers if marker not in _LINK_MARKERS)


class _Inline(NamedTuple):
    markers: tuple[str, ...]  # markup.markers
    links: tuple[str, ...]    # markup.links
    left: str = ""            # the marks left as text (markup.markers)


@lru_cache(maxsize=1 << 15)
def _inline(text: str) -> _Inline:
    """The text's inline markup, for ``inline_markup`` and ``links`` both; cached, as a source
    text is checked once per locale. Most texts cannot hold any and are not parsed; only one
    whose markers open a link is parsed again for its targets."""
    if not _MARKDOWN.search(text):
        return _Inline((), ())
    kinds, left = markup.markers(text)
    markers = tuple(kinds)
    return _Inline(markers, tuple(markup.links(text)) if "link_open" in markers else (), left)


def _describe_markers(counts: Counter[str]) -> str:
    opened = {kind.removesuffix("_open"): n for kind, n in counts.items() if kind.endswith("_open")}
    opened.update({"code": counts["code_inline"]} if counts["code_inline"] else {})
    return ", ".join(f"{n} {kind}" for kind, n in sorted(opened.items())) or "none"


def links(ctx: Context) -> Iterator[str]:
    """Link targets are facts: a translation may move a link, not change where it goes, nor add one
    the edition would show as text (``[words](javascript:…)``)."""
    want, got = sorted(_inline(ctx.source).links), sorted(_inline(ctx.translation).links)
    if want != got:
        mistyped = "".join(f"; {slip}" for _at, slip in markup.mistyped_links(ctx.translation))
        yield (f"link targets differ: the source links to {', '.join(want) or 'nothing'}, "
               f"the translation to {', '.join(got) or 'nothing'}; an edition shows the English instead{mistyped}")
    for unmade in markup.unmade_links(ctx.translation):
        yield f"{unmade} is no link in the edition, which shows [ ](…) as text; link only to the source's addresses"


#: Every match of ``URL`` contains one of these; a text without any is not searched, as
#: ``URL``'s e-mail half tries each run of word characters for an "@" (most of the time of ``urls``).
_URL_SIGN = re.compile(r"://|www\.|@")


def urls(ctx: Context) -> Iterator[str]:
    """Addresses written out in the text must be copied exactly, and none added. A link's address lost,
    changed or added is the ``links`` check's, which says what the edition does about it: the one slip is
    not reported again here."""
    want = _urls(ctx.source)
    got = _addresses(ctx.translation)  # a translation is checked once: not cached
    if not want and not got:
        return
    linked, relinked = _linked(ctx.source), _linked(ctx.translation)
    missing = sorted((Counter(want) - Counter(got) - (linked - relinked)).elements())
    if missing:
        yield f"addresses missing or changed in the translation: {', '.join(missing)}"
    added = sorted((Counter(got) - Counter(want) - (relinked - linked)).elements())
    if added:
        yield f"addresses the source does not have: {', '.join(added)}; write only the source's addresses"


def _addresses(text: str) -> tuple[str, ...]:
    """``URL``'s matches."""
    return tuple(URL.findall(text)) if _URL_SIGN.search(text) else ()


def _linked(text: str) -> Counter[str]:
    """The addresses of the text's links as ``URL`` finds them written (``mailto:`` aside)."""
    if "](" not in text:
        return Counter()
    return Counter(target.removeprefix("mailto:") for target in markup.LINK_TARGET.findall(text))


#: ``_addresses``, cached, as a source text is checked once per locale.
_urls = lru_cache(maxsize=1 << 15)(_addresses)


def numbers(ctx: Context) -> Iterator[str]:
    """Numbers are facts (COVID-19): every number of the source must appear in the translation, read
    as its value, in any script's digits and as the translation's locale writes it (``numerals``)."""
    missing = numerals.missing(ctx.source, ctx.translation, ctx.locale.posix)
    if missing:
        yield f"numbers missing from the translation: {', '.join(missing)}"


def whitespace(ctx: Context) -> Iterator[str]:
    """Leading and trailing whitespace and newlines are layout: they must match the source. A translation
    of white space alone is no translation (``model.translated``): editions do not show it."""
    if ctx.translation.isspace():
        yield "the translation is blank (white space alone), which no edition shows: write the translation, or empty it"
        return
    (want_leading, _, want_trailing), (got_leading, _, got_trailing) = spaces(ctx.source), spaces(ctx.translation)
    for where, want, got in (("begins", want_leading, got_leading), ("ends", want_trailing, got_trailing)):
        if want != got:
            yield f"the translation {where} with {_blank(got)} where the English {where} with {_blank(want)}"
    if ctx.source.count("\n") != ctx.translation.count("\n"):
        yield f"the English has {counted(ctx.source.count(chr(10)), 'line break')}, the translation " \
              f"{ctx.translation.count(chr(10))}"


def _blank(space: str) -> str:
    """White space at an end of a text, as a finding names it: "no space", "a space (' ')", "a line break ('\\n')"."""
    if not space:
        return "no space"
    named = {" ": "a space", "\n": "a line break"}.get(space) or \
        (f"{len(space)} spaces" if space == " " * len(space) else "white space")
    return f"{named} ({space!r})"


def double_space(ctx: Context) -> Iterator[str]:
    if "  " in ctx.translation.strip() and "  " not in ctx.source.strip():
        yield "doubled space in the translation"


#: A doubled word in a text without combining marks, where a word is ``\\w`` alone (most texts):
#: the same matches as ``_marked``'s doubled word there, without the lookarounds that make that one costly.
#: Possessive (++): a letter is never a space, so giving back part of a word or of the spaces after
#: it could never make a match; the engine does not try.
_DOUBLED_PLAIN = re.compile(r"\b(\w++)\s++\1\b", re.IGNORECASE)


def _doubled_in(text: str) -> Iterator[re.Match[str]]:
    """The doubled words of ``text``: by ``_DOUBLED_PLAIN``, or, where the text has combining marks,
    by the pattern whose words keep their marks (``_marked``)."""
    if text.isascii():
        return _DOUBLED_PLAIN.finditer(text)
    basic, astral, doubled = _marked()
    has_marks = basic.search(text) or (max(text) > "\uffff" and astral.search(text))
    return (doubled if has_marks else _DOUBLED_PLAIN).finditer(text)


@cache
def _marked() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A combining mark of the Basic Multilingual Plane, one beyond it, and a word then the same again
    after spaces, where a word's letters are word characters and combining marks (Unicode's categories
    Mn, Mc, Me): a vowel sign or a virama is part of its word (पूर्व), where ``\\w`` alone ends the word
    before it and finds "व व" in पूर्व विदेश. Made when first needed, since finding the marks walks every
    code point where Unicode assigns them (its first two planes and the fourteenth). The marks beyond
    the first plane have a pattern of their own, asked only of a text with such characters: with them,
    a class is tried range by range, which every text would pay for."""
    ranges: list[list[int]] = []
    for code in (*range(0x20000), *range(0xE0000, 0xE1000)):
        if unicodedata.category(chr(code))[0] == "M":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])

    def span(first: int, last: int) -> str:
        return f"\\U{first:08x}-\\U{last:08x}"

    basic = "".join(span(first, last) for first, last in ranges if last <= 0xFFFF)
    astral = "".join(span(first, last) for first, last in ranges if last > 0xFFFF)
    word = f"[\\w{basic}{astral}]"
    return (re.compile(f"[{basic}]"), re.compile(f"[{astral}]"),
            re.compile(rf"(?<!{word})({word}++)\s++\1(?!{word})", re.IGNORECASE))


def double_word(ctx: Context) -> Iterator[Said]:
    """A repeated word is usually a slip ("the the"); flag it unless the source repeats it too."""
    for match in _slips(ctx.translation):
        if match.group(1).casefold() not in _doubled_words(ctx.source) and not match.group(1).isdigit():
            yield Said.of("doubled word ", Quote(match.group(0)))


def _slips(text: str) -> Iterator[re.Match[str]]:
    """The doubled words of ``text`` that read as a slip: written the same, or differing in case where the
    first starts a sentence ("The the"). Within a sentence, two that differ in case are two words, as
    German "teilen Sie sie mit" (you, it) or "die Die Linke" (a name), where a slip repeats the case."""
    for match in _doubled_in(text):
        first = match.group(1)
        if text.endswith(first, 0, match.end()) or _starts_sentence(text, match.start()):
            yield match


def _starts_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` begins ``text``, a line or a sentence: no letter or digit before it since
    the last one's end, only spaces, quotation marks, brackets, Markdown's ``*`` and the like."""
    for char in reversed(text[:start]):
        if char in _SENTENCE_ENDS:
            return True
        if char.isalnum():
            return False
    return True


@lru_cache(maxsize=1 << 15)
def _doubled_words(source: str) -> frozenset[str]:
    """Cached: a source text is checked once per locale, and only read when the translation
    repeats a word."""
    return frozenset(m.group(1).casefold() for m in _slips(source))


# Sentence-final punctuation by function, across scripts, so that "." may end as "。" or "।".
END_MARKS = {
    # Armenian ։, Burmese ။, Khmer ។ ៕, Tibetan ། ༎, Mongolian ᠃ ᠉ too.
    "full stop": ".。．｡।॥۔።᙮︒\u0589\u104b\u17d4\u17d5\u0f0d\u0f0e\u1803\u1809",
    "question mark": "?？؟;;՞፧",
    "exclamation mark": "!！՜",
    "colon": ":：",
    "ellipsis": "…",
}
CLOSERS = "\"'”’“‘»›«‹)]）」』】〕〉》\u202f\u00a0 "  # “ and ‘ close German quotations, « and › Danish ones

#: Where a sentence ends, before the next one's word: ``END_MARKS``' but the colon, and a line break.
_SENTENCE_ENDS = frozenset("".join(marks for kind, marks in END_MARKS.items() if kind != "colon") + "\n")
_END_MARKS = {mark: name for name, marks in END_MARKS.items() for mark in marks}  # no mark has two functions


#: Scripts that end a sentence with no mark, where English writes a full stop: Thai and Lao end it with a space.
NO_FULL_STOP = frozenset(("Thai", "Laoo"))


def end_punctuation(ctx: Context) -> Iterator[str]:
    """The translation should end a sentence the way the source does, in its own script."""
    want, got = _end_mark(ctx.source), _end_mark(ctx.translation)
    if want != got and not (want == "full stop" and got is None and ctx.locale.script in NO_FULL_STOP):
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
            and not is_name(ctx.entry.msgctxt) and not _same_country_name(ctx):
        # A pattern such as "{role}, {organization}" has nothing to translate outside its placeholders.
        if any(c.isalpha() for c in re.sub(r"\{[^{}]*\}", "", ctx.source)):
            yield ("the translation is the English source text; translate it, or, if it is the same word in this "
                   "language, say so with a translator comment '# letter: no-check-identical' (or add it to "
                   "[tool.letter] identical if it is the same in every language)")


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
        # Rounded away from the limit it crossed: 29.9% is said 29%, never the 30% it is flagged for missing.
        percent = math.floor(ratio * 100) if ratio < 0.3 else math.ceil(ratio * 100)
        shown = f"{percent}%" if percent else "under 1%"
        yield f"the translation is {shown} of the source's length; check nothing is missing or repeated"


def glossary(ctx: Context) -> Iterator[Said]:
    """Approved terms: where the source uses a term, the translation must use its approved form."""
    for term, approved in ctx.settings.glossaries.get(ctx.locale.tag, {}).items():
        if term_pattern(term).search(ctx.source) and not uses(ctx.translation, approved):
            another = uses(ctx.translation, approved, APOSTROPHES)
            yield Said.of(f"the glossary translates {term!r} as ", Quote(approved), ", which the translation " + (
                "writes with another apostrophe; copy the glossary's" if another else "does not use"))


def characters(ctx: Context) -> Iterator[str]:
    """Control, zero-width and embedding characters are invisible in an editor and break editions; a tab
    pasted in looks like a space there. A pseudo-rtl draft's overrides are what it is for (a test locale
    made to look right to left): they are not counted while it is a draft, unedited."""
    problem = markup.unwanted(ctx.translation)
    if problem and _pseudo_rtl_draft(ctx):
        problem = markup.unwanted(pseudo.unforced(ctx.translation))
    if problem:
        yield problem
        return
    if not unicodedata.is_normalized("NFC", ctx.translation):
        yield "the translation is not in Unicode NFC; re-save it normalized (most editors can)"
    tab = ctx.translation.find("\t")
    if tab >= 0 and "\t" not in ctx.source:  # a web page shows it as a space, the plain text as a gap
        yield f"a tab at position {tab + 1}, which the plain-text edition shows as a wide gap; write a space"


def _pseudo_rtl_draft(ctx: Context) -> bool:
    """A draft of ``letter draft --provider pseudo-rtl``, still fuzzy and as it was drafted."""
    label = draft_origin(ctx.entry.tcomment, ctx.translation) if ctx.entry.fuzzy else None
    return label is not None and label.partition(",")[0] == pseudo.RTL_PROVIDER


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


def machine_draft(ctx: Context) -> Iterator[str]:
    """A reviewed message that still carries ``letter draft``'s note: its fuzzy mark was cleared in an
    editor (a bulk clear in Poedit or a text editor among them), which publishes the machine's text; an
    approval on the review page drops the note. An error in every locale (``findings.EVERY_LOCALE``): a
    person who approves a draft unchanged elsewhere deletes the note."""
    if not ctx.entry.fuzzy and has_draft_note(ctx.entry.tcomment):
        yield (f"approved with its machine-draft note, so it may be the machine's text unread: a person reviews it "
               f"(unchanged, if it is right) and deletes the '# {DRAFT_NOTE}' line")


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
    "machine-draft": machine_draft,
}


def opt_outs(entry: Entry) -> frozenset[str]:
    """The checks an entry opts out of (``findings.opted_out``)."""
    return findings.opted_out(entry.flags, entry.tcomment)


def checks_for(skipped: frozenset[str]) -> Iterable[tuple[str, MessageCheck]]:
    """The message checks an entry runs: all but those it opts out of (``opt_outs``)."""
    if not skipped:
        return MESSAGE_CHECKS.items()
    return [(check, run_check) for check, run_check in MESSAGE_CHECKS.items() if check not in skipped]
