"""Quality checks: small functions from a message (or a catalog) to findings.

Each message check takes a ``Context`` (the entry, its locale, the settings) and
yields ``(check name, message)`` pairs; ``check_catalog`` runs them all, skips a
check for an entry flagged ``no-check-NAME``, and sets each finding's severity
from the settings and from whether the locale must be published. Every check
has a stable name, which is what flags, settings and reports refer to.

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
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import polib

from pipeline import catalogs, extract, markup, po, publication, reviewed
from pipeline.config import Config
from pipeline.errors import InputError
from pipeline.findings import CHECKS, Finding, Severity
from pipeline.locales import LocaleInfo, english_territories, territory_name
from pipeline.masking import LOST_NOTE, URL
from pipeline.model import NAME_CONTEXT, Key, Letter, Message
from pipeline.parallel import forked
from pipeline.reviewed import Record
from pipeline.textlayout import display_width
from pipeline.units import messages

OFF = "off"
# For a locale in progress every finding is a warning: CI reports it, does not fail on it.
# Checks about the project rather than one locale keep their severity whatever the locale.
PROJECT_CHECKS = frozenset({"stale-template", "syntax"})


@dataclass(frozen=True)
class Settings:
    """What configuration changes about the checks."""

    severities: Mapping[str, str] = field(default_factory=dict)  # check → "error" | "warning" | "off"
    identical_allowed: frozenset[str] = frozenset()  # source texts a translation may repeat as they are
    glossaries: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # tag → {source term: approved}

    def severity(self, check: str, published: bool) -> Severity | None:
        """None when the check is off."""
        chosen = self.severities.get(check)
        if chosen == OFF:
            return None
        severity = Severity(chosen) if chosen else CHECKS[check]
        if not published and check not in PROJECT_CHECKS:
            return Severity.WARNING
        return severity


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


MessageCheck = Callable[[Context], Iterator[str]]


# --- the message checks ------------------------------------------------------------------

def placeholders(ctx: Context) -> Iterator[str]:
    """A brace pattern must keep its placeholders, or a value disappears from the edition."""
    if "python-brace-format" not in ctx.entry.flags:
        return
    want, got = _fields(ctx.source), _fields(ctx.translation)
    if got is None:
        yield "the translation has an unbalanced { or }; write {{ and }} for literal braces"
    elif want != got:
        yield (f"placeholders differ: the source has {_listing(want)}, the translation {_listing(got)}; "
               "keep every {name} exactly as in the source")


def _fields(pattern: str) -> Counter[str] | None:
    try:
        return Counter(name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None)
    except ValueError:
        return None


def _listing(names: Counter[str]) -> str:
    return ", ".join("{" + name + "}" for name in sorted(names.elements())) or "none"


def inline_markup(ctx: Context) -> Iterator[str]:
    """Emphasis, links and code must survive translation, or the edition loses them."""
    want, got = _inline(ctx.source).markers, _inline(ctx.translation).markers
    if sorted(want) != sorted(got):  # the same markers, in any order
        yield (f"inline Markdown differs: the source has {_describe_markers(Counter(want))}, "
               f"the translation {_describe_markers(Counter(got))}")


#: The characters with which inline Markdown starts in ``markup``'s parser: a text without any
#: of them has no markers and no links, and is not parsed (most messages: names, roles, plain text).
_MARKDOWN = re.compile(r"[\\`*_\[\]<&\n\r\0]")


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
    """Addresses written out in the text must be copied exactly."""
    want = _urls(ctx.source)
    if not want:  # nothing to lose
        return
    missing = sorted((Counter(want) - Counter(_urls(ctx.translation))).elements())
    if missing:
        yield f"addresses missing or changed in the translation: {', '.join(missing)}"


@lru_cache(maxsize=1 << 15)
def _urls(text: str) -> tuple[str, ...]:
    """``URL``'s matches; cached, as a source text is checked once per locale."""
    return tuple(URL.findall(text)) if _URL_SIGN.search(text) else ()


NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def numbers(ctx: Context) -> Iterator[str]:
    """Numbers are facts (COVID-19): every number of the source must appear in the translation.

    Digits of any script count (١٩ is 19), and 1,000 and 1.000 are the same number.
    """
    want = _numbers(ctx.source)
    if not want:  # nothing to lose: most messages, and the translation is not even read
        return
    missing = sorted((Counter(want) - Counter(_numbers(ctx.translation))).elements())
    if missing:
        yield f"numbers missing from the translation: {', '.join(missing)}"


@lru_cache(maxsize=1 << 15)
def _numbers(text: str) -> tuple[str, ...]:
    """The numbers in ASCII digits without separators; cached, as a source text is checked once per locale."""
    ascii_digits = text if text.isascii() else text.translate(_ASCII_DIGITS)
    return tuple(re.sub(r"[.,]", "", n) for n in NUMBER.findall(ascii_digits))


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
CLOSERS = "\"'”’»›)]）」』】〕〉》\u202f\u00a0 "
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
        if _term(term).search(ctx.source) and approved.casefold() not in ctx.translation.casefold():
            yield f"the glossary translates {term!r} as {approved!r}, which the translation does not use"


@lru_cache(maxsize=1024)
def _term(term: str) -> re.Pattern[str]:
    """A glossary term as a whole word, in any case; made once, not for each message and term."""
    return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)


# Invisible characters that only cause trouble in a published text. Joiners (U+200C, U+200D)
# and directional marks (U+200E, U+200F, U+061C) are left alone: scripts and bidi need them.
INVISIBLE = {"\u200b": "ZERO WIDTH SPACE", "\u2060": "WORD JOINER", "\ufeff": "ZERO WIDTH NO-BREAK SPACE",
             "\u00ad": "SOFT HYPHEN", "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO",
             "\u202e": "RLO"}


#: What ``characters`` reports: the invisible characters above and the controls but tab and
#: newline (``markup.CONTROLS``: all of category Cc but those two).
_UNWANTED = re.compile(f"[{re.escape(''.join(INVISIBLE))}]|{markup.CONTROLS.pattern}")


def characters(ctx: Context) -> Iterator[str]:
    """Control, zero-width and embedding characters are invisible in an editor and break editions."""
    first = _UNWANTED.search(ctx.translation)
    if first:
        char = first.group()
        name = INVISIBLE.get(char) or f"control character U+{ord(char):04X}"
        yield f"invisible character {name} (U+{ord(char):04X}) at position {first.start()}; remove it"
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
            missing = [token for token in map(json.loads, _QUOTED.findall(line))
                       if ctx.translation.count(token) < ctx.source.count(token)]
            if missing:
                listing = ", ".join(json.dumps(token, ensure_ascii=False) for token in missing)
                yield f"the machine draft lost {listing}; put it back, then delete the '{LOST_NOTE}' comment"


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


def _checks_for(flags: list[str]) -> Iterable[tuple[str, MessageCheck]]:
    """The message checks an entry runs: all but those its flags opt out of (``no-check-NAME``),
    which few entries do."""
    if not any(flag.startswith("no-check-") for flag in flags):
        return MESSAGE_CHECKS.items()
    return [(check, run_check) for check, run_check in MESSAGE_CHECKS.items() if f"no-check-{check}" not in flags]


# --- a whole catalog ---------------------------------------------------------------------

@dataclass(frozen=True)
class CatalogUnderTest:
    """A readable catalog and what it is checked against."""

    catalog: polib.POFile | po.CheckedCatalog  # as catalogs.load_checked reads it, or built in code
    locale: LocaleInfo
    path: str            # relative to the project
    published: bool      # listed in `published`: online, and held to every check
    expected_posix: str  # the locale its folder names
    record: Record = field(default_factory=dict)  # its translations last reviewed, beside it
    strict: bool = False  # what awaits review fails too (`letter check --strict`)


def check_catalog(target: CatalogUnderTest, template: tuple[Message, ...], settings: Settings,
                  text_keys: frozenset[Key] = frozenset()) -> list[Finding]:
    """Every finding of one catalog. ``text_keys`` are the title's and the paragraphs' keys,
    which decide what a published edition shows for a message that awaits review."""
    findings: list[Finding] = []

    def report(check: str, line: int | None, text: str, msgid: str | None = None, draft: bool = False) -> None:
        severity = settings.severity(check, target.published or target.strict)
        if (check in AWAITING_CHECKS or draft) and target.published and not target.strict and severity is not None:
            # The edition stays online: what awaits review is shown otherwise, and no draft is shown.
            severity = Severity.WARNING
        if severity is not None:
            findings.append(Finding(check, severity, target.path, line, text, target.locale.tag, msgid))

    for check, text in header_problems(target):
        report(check, 1, text)
    entries = {(e.msgctxt, e.msgid): e for e in target.catalog if not e.obsolete}
    expected = {message.key for message in template}
    for message in template:
        if message.key not in entries:
            report("out-of-sync", None, f"{_quote(message.msgid)} is missing; run `letter update`", message.msgid)
    strings = {key: (entry.msgstr, entry.fuzzy) for key, entry in entries.items()}
    state = publication.standing(template, text_keys, strings, target.record)
    if target.published:
        _report_awaiting(report, state, entries, target)
    else:
        for check, waiting in _unreviewed(state, entries).items():
            _report_pending(report, check, waiting, target)
    for key, entry in entries.items():
        if key not in expected:
            report("out-of-sync", entry.linenum,
                   f"{_quote(entry.msgid)} is no longer in the template; run `letter update`", entry.msgid)
        elif entry.msgstr:
            ctx = Context(entry.msgid, entry.msgstr, entry, target.locale, settings)
            for check, run_check in _checks_for(entry.flags):
                for text in run_check(ctx):
                    report(check, entry.linenum, text, entry.msgid, entry.fuzzy)
    for check, entry, text in _edition_problems(entries, text_keys, target.locale, settings):
        report(check, entry.linenum, text, entry.msgid)
    return findings


PENDING = {"untranslated": "is not translated", "fuzzy": "is a draft: review it and clear the fuzzy mark"}
#: What awaits review in a published edition: warnings, which `--strict` makes errors.
AWAITING_CHECKS = frozenset({"pending", "revised"})


def _unreviewed(state: publication.Standing, entries: Mapping[Key, Entry]) -> dict[str, list[Entry]]:
    found: dict[str, list[Entry]] = {"untranslated": [], "fuzzy": []}
    for key in state.awaiting:
        entry = entries.get(key)
        if entry is not None:
            found["fuzzy" if entry.msgstr else "untranslated"].append(entry)
    return found


def _report_pending(report: Callable[..., None], check: str, entries: list[Entry],
                    target: CatalogUnderTest) -> None:
    """Each message of a locale in progress that is not reviewed with `--strict`; else one line of progress."""
    if not entries:
        return
    if target.strict:
        for entry in entries:
            report(check, entry.linenum, f"{_quote(entry.msgid)} {PENDING[check]}", entry.msgid)
        return
    what = "are not translated" if check == "untranslated" else "are drafts not yet reviewed"
    report(check, entries[0].linenum, f"{len(entries)} messages {what}, the first here; "
                                      f"`letter check --strict {target.locale.tag}` lists them all")


def _report_awaiting(report: Callable[..., None], state: publication.Standing, entries: Mapping[Key, Entry],
                     target: CatalogUnderTest) -> None:
    """A published locale: what its edition shows in place of each message awaiting review."""
    for key, kind in state.awaiting.items():
        entry = entries.get(key)
        if entry is None:
            continue
        done = PENDING["fuzzy" if entry.msgstr else "untranslated"]
        kept = target.record.get(key)
        if kind is publication.Awaiting.NEVER:
            report("fuzzy" if entry.msgstr else "untranslated", entry.linenum,
                   f"{_quote(entry.msgid)} {done}; it has never been reviewed, so the edition cannot show it",
                   entry.msgid)
        elif kind is publication.Awaiting.LINE:
            report("pending", entry.linenum, f"{_quote(entry.msgid)} {done}; until then the edition shows "
                                             "it in English", entry.msgid)
        elif kind is publication.Awaiting.REVISED and kept is not None:
            report("revised", entry.linenum, f"the English was revised on {kept.revised}; until this translation "
                                             "is reviewed the edition shows the one last reviewed, under a notice",
                   entry.msgid)
        elif kept is not None:
            report("revised", entry.linenum, f"{_quote(entry.msgid)} was added on {kept.revised} and {done}; "
                                             "until then the edition shows it in English, under a notice",
                   entry.msgid)


def _edition_problems(entries: Mapping[Key, Entry], text_keys: frozenset[Key], locale: LocaleInfo,
                      settings: Settings) -> Iterator[tuple[str, Entry, str]]:
    """What only the whole edition shows: a name left in Latin letters in another script, and a
    name or organisation written one way in the signatory list and another in the letter."""
    terms = {term.casefold() for term in settings.glossaries.get(locale.tag, {})}
    written: dict[str, str] = {}
    for (context, msgid), entry in entries.items():
        if context == NAME_CONTEXT and (not entry.msgstr or entry.fuzzy) and locale.script != "Latn" \
                and "no-check-names" not in entry.flags:
            state = "its translation is a draft, so it" if entry.msgstr else "it"
            yield "names", entry, (f"{_quote(msgid)}: {state} is shown in Latin letters in a {locale.script} "
                                   "edition; give the form your language's press uses")
        if context in CONSISTENT_CONTEXTS and (entry.msgstr and not entry.fuzzy or context == NAME_CONTEXT):
            written.setdefault(msgid, entry.msgstr or msgid)
    for key in text_keys:
        entry = entries.get(key)
        if entry is None or not entry.msgstr or entry.fuzzy or "no-check-consistency" in entry.flags:
            continue
        for english, translation in written.items():
            if english.casefold() in terms:
                continue  # the glossary check holds it to its approved form
            if _term(english).search(entry.msgid) and translation.casefold() not in entry.msgstr.casefold():
                yield "consistency", entry, (f"the signatory list writes {english!r} as {translation!r}, "
                                                 "which this text does not use; write it one way, or give "
                                                 f"locales/{locale.posix}/glossary.toml the form every case shares")


#: The contexts of names and organisations, which an edition must write one way throughout.
CONSISTENT_CONTEXTS = frozenset({NAME_CONTEXT, "affiliation", "country"})


def header_problems(target: CatalogUnderTest) -> Iterator[tuple[str, str]]:
    """The header fields a published edition depends on."""
    meta = target.catalog.metadata
    language = meta.get("Language", "")
    if language != target.expected_posix:
        yield "header", (f"the Language header is {language!r} but the catalog is in the folder of "
                         f"{target.expected_posix!r}; set 'Language: {target.expected_posix}'")
    if "charset=utf-8" not in meta.get("Content-Type", "").lower().replace(" ", ""):
        yield "header", "the catalog is not UTF-8; set 'Content-Type: text/plain; charset=UTF-8' and save it as UTF-8"
    count = po.nplurals(meta.get("Plural-Forms", ""))
    if count is None:
        yield "header", ("the Plural-Forms header is missing or malformed; "
                         f"set 'Plural-Forms: {target.locale.plural_forms}'")
    elif count != target.locale.nplurals:
        yield "header", (f"Plural-Forms says nplurals={count}, but gettext's rule for "
                         f"{target.locale.tag} has {target.locale.nplurals}; "
                         f"set 'Plural-Forms: {target.locale.plural_forms}'")


def _quote(text: str, width: int = 60) -> str:
    return repr(text if len(text) <= width else text[: width - 1] + "…")


# --- the project ---------------------------------------------------------------------------

@dataclass(frozen=True)
class CheckRun:
    findings: list[Finding]
    locales: tuple[str, ...]   # tags checked
    files: tuple[str, ...]     # files checked, relative to the project
    unreadable: int            # catalogs or settings that could not be read at all

    @property
    def failed(self) -> bool:
        return any(finding.failed for finding in self.findings)


def run(config: Config, letter: Letter, codes: tuple[str, ...] = (), *, strict: bool = False) -> CheckRun:
    """Check the template against the source and each catalog against the template.

    An unreadable catalog is a ``syntax`` finding and counted as unreadable; the
    other catalogs are still checked. ``strict`` treats every locale as published.
    """
    findings: list[Finding] = []
    template_name = config.relative(config.template)
    units = messages(letter)
    settings = Settings(severities=config.checks, identical_allowed=config.identical)
    selected, errors = catalogs.select(config, codes)
    unreadable = len(errors)
    text_keys = letter.text_keys
    with forked(_check_one, selected, common=(config, units, text_keys, settings, strict)) as checked:
        # The template is compared with the source here while the workers check the catalogs.
        stale = extract.run(config, letter, check=True)
        if stale.changed:
            findings.append(Finding("stale-template", Severity.ERROR, template_name, None,
                                    "the template does not match source/; run `letter extract` and commit it: "
                                    + "; ".join(stale.changes[:5])))
        findings += [Finding("syntax", Severity.ERROR, _shown(config, error.path), error.line, error.message)
                     for error in errors]
        for found_findings, readable in checked:
            findings += found_findings
            unreadable += not readable
    files = (template_name, *(config.relative(found.path) for found in selected))
    tags = tuple(found.locale.tag for found in selected)
    return CheckRun(findings, tags, files, unreadable)


def _check_one(common: tuple[Config, tuple[Message, ...], frozenset[Key], Settings, bool],
               found: catalogs.LocaleCatalog
               ) -> tuple[list[Finding], bool]:
    """One catalog's findings, and whether it could be read; run in a worker process."""
    config, units, text_keys, settings, strict = common
    name = config.relative(found.path)
    try:
        catalog = catalogs.load_checked(found.path, config)
        record = reviewed.load(reviewed.path_of(found.path))
        settings = with_glossary(settings, config, found.locale)
    except InputError as error:
        finding = Finding("syntax", Severity.ERROR, _shown(config, error.path) or name, error.line, error.message,
                          found.locale.tag)
        return [finding], False
    target = CatalogUnderTest(catalog, found.locale, name, found.locale.tag in config.published,
                              found.path.parent.parent.name, record, strict)
    return check_catalog(target, units, settings, text_keys), True


def _shown(config: Config, path: str | None) -> str:
    """A file named by an error, as findings name files: relative to the project."""
    return config.relative(Path(path)) if path else ""


def with_glossary(settings: Settings, config: Config, locale: LocaleInfo) -> Settings:
    """Add the locale's glossary (``locales/<ll>/glossary.toml``: "term" = "approved") if it has one."""
    path = config.glossary_path(locale.posix)
    if not path.is_file():
        return settings
    name = config.relative(path)
    try:
        terms = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        match = re.search(r"line (\d+)", str(error))
        raise InputError(name, int(match.group(1)) if match else None, f"not a valid glossary: {error}") from None
    bad = next((key for key, value in terms.items() if not isinstance(value, str)), None)
    if bad is not None:
        raise InputError(name, None, f"{bad!r} must map to its approved translation as a string")
    return replace(settings, glossaries={**settings.glossaries, locale.tag: terms})
