"""A whole catalog: what `letter check` runs over the message checks, catalog by catalog.

``check_catalog`` runs every message check of ``checks`` on a catalog, skips a check
an entry opts out of (``checks.opt_outs``), adds what only the whole catalog or edition
shows (its header; what a published edition waits for; a name left in another script;
an organisation written two ways), and sets each finding's severity from the
settings, from whether the locale is published (``publication``) and from
``--strict``. ``project_checks`` runs it over every catalog.
"""
from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import polib

from pipeline import catalogs, glossary, po, publication, reviewed, similar, wording
from pipeline.checks import MESSAGE_CHECKS, Context, Entry, Settings, checks_for, opt_outs
from pipeline.config import OFF, Config
from pipeline.findings import CHECKS, EVERY_LOCALE, Finding, Quote, Said, Severity
from pipeline.interface import BRACE_FORMAT
from pipeline.locales import LocaleInfo, script_of, tag_of
from pipeline.model import Key, Message, is_name, qualifiers, translated
from pipeline.po import entry_key
from pipeline.reviewed import Record
from pipeline.terms import Terms, uses
from pipeline.worddiff import shown
from pipeline.wording import shorten


@dataclass(frozen=True)
class CatalogUnderTest:
    """A readable catalog and what it is checked against."""

    catalog: polib.POFile | po.CheckedCatalog  # as catalogs.load_checked reads it, or built in code
    locale: LocaleInfo
    path: str            # relative to the project
    published: bool      # listed in `published`: online, and held to every check
    record: Record = field(default_factory=dict)  # its translations last reviewed, beside it
    strict: bool = False  # what awaits review fails too (`letter check --strict`)
    withdraw_revised: bool = False  # `revised = "withdraw"`: a revision awaiting review takes the edition offline
    revised: str | None = None  # the day the letter's front matter dates its correction, as the edition gives it
    template_date: str = ""  # the template's POT-Creation-Date ("" unknown)
    template: Path | None = None  # the template's file, read for its messages only when the catalog lacks some


def severity_of(check: str, settings: Settings, published: bool, strict: bool = False, unshown: bool = False
                ) -> Severity | None:
    """How severe a finding of ``check`` is; None when a setting turns the check off. A locale in progress
    gets warnings only (CI reports them, does not fail on them) but of ``findings.EVERY_LOCALE``. A published
    locale (or any, with ``strict``) gets the check's setting, else its default (``findings.CHECKS``), but for what
    awaits review and a finding of what no edition shows (``unshown``: a draft, a plural rule while no message is
    plural), which are warnings unless ``strict``: the edition stays online, shows what awaits review otherwise
    (``publication``), and shows no draft."""
    chosen = settings.severities.get(check)
    if chosen == OFF:
        return None
    if not (published or strict or check in EVERY_LOCALE) or (check in AWAITING_CHECKS or unshown) and not strict:
        return Severity.WARNING
    return Severity(chosen) if chosen else CHECKS[check]


def check_catalog(target: CatalogUnderTest, template: tuple[Message, ...], settings: Settings,
                  text_keys: frozenset[Key]) -> list[Finding]:
    """Every finding of one catalog. ``text_keys`` are the title's and the paragraphs' keys,
    which decide what a published edition shows for a message that awaits review."""
    findings: list[Finding] = []

    def report(check: str, line: int | None, text: str | Said, msgid: str | None = None, unshown: bool = False,
               path: str | None = None, severity: Severity | None = None) -> None:
        if severity is None:  # else what no setting may lower
            severity = severity_of(check, settings, target.published, target.strict, unshown)
        if severity is not None:
            said = text if isinstance(text, Said) else Said(text)
            findings.append(Finding(check, severity, path or target.path, line, said.text, target.locale.tag, msgid,
                                    said.quotes))

    catalog = target.catalog
    header = catalog.header if isinstance(catalog, po.CheckedCatalog) else po.kept(catalog)
    if isinstance(catalog, po.CheckedCatalog) and catalog.bom:
        report("syntax", 1, "the file begins with a byte order mark, which msgfmt refuses (letter reads past it); "
                            "`letter update` writes the catalog without one, as does saving it as UTF-8 without BOM")
    plural = any(entry.msgid_plural and not entry.obsolete for entry in target.catalog)
    for check, field_name, text in header_problems(target):
        # A plural rule no message uses yet is the file's to mend, and a variant of another tool's (Crowdin's
        # Russian with four forms) may be refused: no edition shows a form it picks, so no build may fail on it.
        report(check, po.field_line(header, field_name), text, unshown=field_name == "Plural-Forms" and not plural)
    for repeat in po.repeats(header):
        # Two values of a field a tool reads the messages by are two catalogs, by the tool: an error, as a wrong
        # value is (but a plural rule no message uses, as above). Repeated alike, or another field: a warning.
        decisive = repeat.name in DECISIVE_FIELDS and not repeat.alike
        report("header", repeat.line, repeated(repeat),
               unshown=not decisive or repeat.name == "Plural-Forms" and not plural)
    if header is not None:  # a header's flags are a message's, read alike: `#, fuzzy` there is no finding
        _check_flags(report, header.entry, settings, header=True)
    entries = {entry_key(e): e for e in target.catalog if not e.obsolete}
    patterns = {message.key for message in template if BRACE_FORMAT in message.flags}
    cut = catalog.cut if isinstance(catalog, po.CheckedCatalog) else None
    measured = catalogs.against_template(entries.keys(), template, target.catalog.metadata.get("POT-Creation-Date", ""),
                                         target.template_date, target.template, cut=cut is not None)
    expected, known = measured.expected, measured.known
    if measured.lost:  # (at the line a file cut short stops in, where one read well but for the messages lost)
        report("out-of-sync", cut, catalogs.lost_text(measured.lost, cut))
    edits = _edits(measured.missing, [entry for key, entry in entries.items() if key not in expected])
    # An English edited is one finding, at the catalog's line: the message it became is not also missing.
    letter_has = {entry_key(entry): message for message, entry in edits}
    paired = {message.key for message in letter_has.values()}
    for message in measured.missing:
        if message.key in paired or (message.key in known and measured.lost):
            continue
        # (A message the template it was updated from lacks was added to the source since.)
        ending = EDITED_ELSEWHERE if measured.edited_here and message.key in known else UPDATE
        report("out-of-sync", None, f"{quoted(message.msgid, message.context)} is missing{ending}", message.msgid)
    strings = {key: (entry.msgstr, entry.fuzzy) for key, entry in entries.items()}
    state = publication.standing(template, text_keys, strings, target.record)
    if target.published:
        _report_awaiting(report, state, entries, target)
    else:
        for check, waiting in _unreviewed(state, entries).items():
            _report_pending(report, check, waiting, target)
    for key, entry in entries.items():
        _check_flags(report, entry, settings)
        if key not in expected:  # (the template's English too: the source changed it, or its English was edited here)
            # (One paired, a draft's too, is the one finding of the edit: `letter update` would take it for a revision.)
            here = measured.dated and key not in known and (key in letter_has or entry.msgstr and not entry.fuzzy)
            theirs = letter_has.get(key)
            if theirs is not None and theirs.msgid == entry.msgid:  # its context edited: a msgctxt translated
                differs = f", which has it {_context(theirs.context)}, not {_context(entry.msgctxt)}"
                fix = "remove the msgctxt line" if theirs.context is None else \
                    f'put back msgctxt "{polib.escape(theirs.context)}"'
                ending = f"; a msgctxt is the template's, not translated: {fix}" if here else UPDATE
            else:
                differs = "" if theirs is None else \
                    f", which has it otherwise (here → the letter): {shown(entry.msgid, theirs.msgid)}"
                ending = EDITED_HERE if here else UPDATE
            report("out-of-sync", entry.linenum, f"{quoted(entry.msgid, entry.msgctxt)} is no longer in the letter"
                   f"{differs}{ending}", entry.msgid)
        elif entry.msgstr:
            ctx = Context(entry.msgid, entry.msgstr, entry, target.locale, settings, key in patterns)
            for check, run_check in checks_for(opt_outs(entry)):
                for text in run_check(ctx):
                    report(check, _line_of(check, entry), text, entry.msgid, entry.fuzzy)
    for check, entry, text in _edition_problems(entries, text_keys, target.locale, settings):
        report(check, _line_of(check, entry), text, entry.msgid)
    _check_kept(report, state, entries, target, settings, patterns)
    return findings


#: The checks of an entry that say what it is, not what its translation says: told at the entry's first
#: keyword, where every other finding on a message is told at its msgstr, as msgfmt --check tells a fault of
#: the translation (a paragraph's msgid is lines above the ones a translator changed).
ENTRY_CHECKS = frozenset({"machine-draft", "names"})


def _line_of(check: str, entry: Entry) -> int:
    """The line a finding of ``check`` on ``entry`` is told at (``ENTRY_CHECKS``)."""
    return entry.linenum if check in ENTRY_CHECKS else po.msgstr_line(entry)


def _edits(missing: list[Message], extra: list[Entry]) -> list[tuple[Message, Entry]]:
    """The messages of the letter a catalog lacks paired with the English it has that the letter lacks, as
    `letter update` pairs them to make the one's translation the other's draft (``similar.edits``): an English
    edited in the source or in the catalog, whose word diff shows what a quote of its start could not. Then,
    of those left, the same English under another context, one each side: a context edited (a msgctxt
    translated by mistake, a part's sense changed in the source), which ``similar.edits`` does not pair."""
    letter_has = {message.key: message for message in missing}
    here = {entry_key(entry): entry for entry in extra}
    pairs = [(letter_has[new], here[old]) for old, new in similar.edits(list(here), list(letter_has))]
    taken = {key for message, entry in pairs for key in (message.key, entry_key(entry))}
    new = [key for key in letter_has if key not in taken]
    old = [key for key in here if key not in taken]
    once = _once(new) & _once(old)
    by_msgid = {key[1]: key for key in old}
    return pairs + [(letter_has[key], here[by_msgid[key[1]]]) for key in new if key[1] in once]


def _once(keys: list[Key]) -> set[str]:
    """The English of one of ``keys`` alone."""
    return {msgid for msgid, n in Counter(msgid for _, msgid in keys).items() if n == 1}


def _context(context: str | None) -> str:
    """How a message has its context, as a translator reads it in a catalog: ``with msgctxt "role"``."""
    return "without a msgctxt" if context is None else f'with msgctxt "{polib.escape(context)}"'


def _check_flags(report: Callable[..., None], entry: Entry, settings: Settings, *, header: bool = False) -> None:
    """The flags of an entry that neither GNU gettext reads (``po.gnu_reads``) nor letter (``no-check-NAME``),
    each reported at its ``#,`` line (``po.flag_line``): ``fuzzy`` mistyped, or written as a comment (``# fuzzy``,
    ``po.draft_comment_line``), marks a draft that gettext, and so letter, reads as reviewed, an error in every
    locale but as a setting says; any other, which `letter update`, msgmerge and msgcat drop, is a warning. So
    is an opt-out (a flag, or a translator comment's) that names no check: the translator meant one, which still
    runs. The ``header``'s flags are read alike, but that it is no translation: ``fuzzy`` mistyped there marks
    nothing either way, and is a flag gettext does not know as any other."""
    if not entry.flags and not entry.tcomment:  # nearly every message: nothing to read
        return
    msgid = None if header else entry.msgid
    mistyped = None if header else catalogs.mistyped_draft_mark(entry)
    chosen = settings.severities.get("flags", Severity.ERROR.value)
    if mistyped and chosen != OFF:
        report("flags", *mistyped, msgid, severity=Severity(chosen))
    commented = None if header or entry.fuzzy or not translated(entry.msgstr) else po.draft_comment_line(entry)
    if commented is not None and chosen != OFF:
        report("flags", commented, f"this comment says fuzzy, but is no flag: {catalogs.UNREAD_DRAFT}; write "
                                   "'#, fuzzy' to keep it a draft, or delete the comment if the translation is "
                                   "reviewed", msgid, severity=Severity(chosen))
    for flag in dict.fromkeys(entry.flags):
        if po.gnu_reads(flag) or flag.startswith("no-check-"):
            continue
        if header or not po.mistyped_fuzzy(flag):
            report("flags", po.flag_line(entry, flag), f"{flag!r} is not a flag gettext knows, and `letter update`, "
                                                       "msgmerge and msgcat drop it; remove it, or say what it means "
                                                       "in a translator comment ('# …')", msgid)
        elif not mistyped:  # beside a fuzzy mark, or on a message with no translation: it says nothing
            report("flags", po.flag_line(entry, flag), f"{flag!r} is 'fuzzy' mistyped, which gettext does not read, "
                                                       "and says nothing here: the message is a draft, or "
                                                       "untranslated, without it; remove it", msgid)
    for name in sorted(opt_outs(entry) - CHECKS.keys()):
        near = difflib.get_close_matches(name, CHECKS, n=1)
        # A flag's at its line; a translator comment's ("letter: no-check-…") at the message's.
        report("flags", po.flag_line(entry, f"no-check-{name}"),
               f"'no-check-{name}' names no check, so the message is checked as any other; "
               + (f"write 'no-check-{near[0]}'" if near else
                  f"the checks are named in `letter check`'s findings ({', '.join(CHECKS)})"), msgid)


#: The checks of what an edition shows that a translation last reviewed must still pass, since the
#: edition shows it: the record is a file a pull request can change like any other.
SHOWN_CHECKS = ("placeholders", "markup", "links", "urls", "numbers", "characters")


def _check_kept(report: Callable[..., None], state: publication.Standing, entries: Mapping[Key, Entry],
                target: CatalogUnderTest, settings: Settings, patterns: set[Key]) -> None:
    """The translations last reviewed that the edition shows, from the record beside the catalog,
    against the English they were reviewed for."""
    path = str(reviewed.path_of(Path(target.path)))
    for key, kind in state.awaiting.items():
        kept, entry = target.record.get(key), entries.get(key)
        if kind is not publication.Awaiting.REVISED or kept is None or not kept.translation or entry is None:
            continue
        if not getattr(entry, "previous_msgid", None):
            report("revised", entry.linenum, f"this draft has lost its #| lines, which name the English its "
                                             f"translation last reviewed was made for, as {Path(path).name} does (a "
                                             "merge tool drops them): `letter update` writes them back", entry.msgid,
                   severity=Severity.ERROR)
            continue
        if getattr(entry, "previous_msgid", None) != kept.previous:
            # The English the record says was reviewed must be the one the catalog's draft names (#|):
            # a record edited on both sides would otherwise check a translation against itself.
            report("revised", None, f"the record of {quoted(entry.msgid)} names English that the catalog's draft "
                                    "(its #| msgid) does not; restore this file from git", entry.msgid, path=path,
                   severity=Severity.ERROR)
            continue
        # No opt-out applies: the catalog's comment speaks of its own translation, not of this one.
        ctx = Context(kept.previous, kept.translation, entry, target.locale, settings, key in patterns)
        for check in SHOWN_CHECKS:
            for text in MESSAGE_CHECKS[check](ctx):
                report(check, None, Said.of(f"the translation last reviewed of {quoted(entry.msgid)}, which the "
                                            "edition shows: ", text, "; restore this file from git"),
                       entry.msgid, path=path)


#: What a finding says of a message not reviewed yet, by its check.
UNREVIEWED = {"untranslated": "is not translated", "fuzzy": "is a draft: review it and clear the fuzzy mark"}
#: What awaits review in a published edition: warnings, which `--strict` makes errors.
AWAITING_CHECKS = frozenset({"pending", "revised"})


def _unreviewed(state: publication.Standing, entries: Mapping[Key, Entry]) -> dict[str, list[Entry]]:
    unreviewed: dict[str, list[Entry]] = {"untranslated": [], "fuzzy": []}
    for key, kind in state.awaiting.items():
        entry = entries.get(key)
        if entry is not None and kind is not publication.Awaiting.NAME:  # counted as `letter status` counts
            unreviewed["fuzzy" if translated(entry.msgstr) else "untranslated"].append(entry)
    return unreviewed


def _report_pending(report: Callable[..., None], check: str, entries: list[Entry],
                    target: CatalogUnderTest) -> None:
    """Each message of a locale in progress that is not reviewed with `--strict` (or when there is one);
    else one line of progress."""
    if not entries:
        return
    if target.strict or len(entries) == 1:
        for entry in entries:
            report(check, entry.linenum, f"{quoted(entry.msgid, entry.msgctxt)} {UNREVIEWED[check]}", entry.msgid)
        return
    what = "are not translated" if check == "untranslated" else "are drafts not yet reviewed"
    report(check, entries[0].linenum, f"{len(entries)} messages {what}, the first here; "
                                      f"`letter check --strict {target.locale.tag}` lists them all")


def _report_awaiting(report: Callable[..., None], state: publication.Standing, entries: Mapping[Key, Entry],
                     target: CatalogUnderTest) -> None:
    """A published locale: what its edition shows in place of each message awaiting review."""
    record = reviewed.path_of(Path(target.path)).name
    for key, kind in state.awaiting.items():
        entry = entries.get(key)
        if entry is None:
            continue
        has_text, named = translated(entry.msgstr), quoted(entry.msgid, entry.msgctxt)
        done = UNREVIEWED["fuzzy" if has_text else "untranslated"]
        kept = target.record.get(key)
        if kind is publication.Awaiting.NEVER and has_text and getattr(entry, "previous_msgid", None):
            report("fuzzy", entry.linenum,
                   f"{named} {done}; the edition has no reviewed translation of it to show meanwhile, "
                   f"as {record} beside the catalog records none. If one was reviewed, the catalog was merged by "
                   "another tool than `letter update` (msgmerge, Weblate's msgmerge add-on), or the file was not "
                   "committed: put the catalog back as it was before that merge (`git log` finds it; `git checkout "
                   "<commit> -- <catalog>`), then run `letter update`, which records it", entry.msgid)
        elif kind is publication.Awaiting.NEVER and has_text:  # a draft, or a reviewed translation marked fuzzy
            report("fuzzy", entry.linenum,
                   f"{named} {done}; the edition has no reviewed translation of it to show meanwhile "
                   f"(a translation marked fuzzy is not one, whatever it was before: {record} keeps the last "
                   "reviewed one only when `letter update` merges a change of the English)", entry.msgid)
        elif kind is publication.Awaiting.NEVER:
            report("untranslated", entry.linenum,
                   f"{named} {done}, so the edition has no translation of it to show", entry.msgid)
        elif kind is publication.Awaiting.NAME:
            report("pending", entry.linenum, Said.of(
                f"the translation of the name {named} is a draft (", Quote(shorten(entry.msgstr, 40)),
                "): review it and clear the fuzzy mark; until then the edition shows the name as the English "
                "writes it"), entry.msgid)
        elif kind is publication.Awaiting.LINE:
            report("pending", entry.linenum, f"{named} {done}; until then the edition shows "
                                             "it in English", entry.msgid)
        elif kept is not None:  # revised or added since
            day = target.revised or kept.revised
            if kind is publication.Awaiting.REVISED:
                what = f"the English was revised on {day}; until this translation is reviewed"
                shows = "the edition shows the one last reviewed, under a notice"
            elif kind is publication.Awaiting.SPLIT:
                what = f"{named} was split off a paragraph beside it on {day}; until that one is reviewed"
                shows = "the edition shows what it says in that one's last reviewed translation, under a notice"
            else:
                what = f"{named} was added on {day} and {done}; until then"
                shows = "the edition shows it in English, under a notice"
            if target.withdraw_revised:
                shows = 'the edition is withdrawn (`revised = "withdraw"` in pyproject.toml)'
            report("revised", entry.linenum, f"{what} {shows}", entry.msgid)


def _edition_problems(entries: Mapping[Key, Entry], text_keys: frozenset[Key], locale: LocaleInfo,
                      settings: Settings) -> Iterator[tuple[str, Entry, Said]]:
    """What only the whole edition shows: a name left in a script the edition does not write names in, and a
    name or organisation written one way in the signatory list and another in the letter."""
    approved = {term.casefold(): form for term, form in settings.glossaries.get(locale.tag, {}).items()}
    written: dict[str, list[str]] = {}  # English → how the edition writes it (namesakes: each one's way)
    for (context, msgid), entry in entries.items():
        name = is_name(context)
        if name and not translated(entry.msgstr) and (script := foreign_script(msgid, locale.script)) \
                and "names" not in opt_outs(entry):
            # (A name whose translation is a draft awaits review: `pending` speaks of it in a published locale.)
            form = approved.get(msgid.casefold())
            yield "names", entry, Said.of(f"{quoted(msgid, context)}: it is shown in {script} script in the "
                                          f"{locale.english_name} edition; give the form your language's press uses",
                                          *((" (the glossary gives ", Quote(form), ")") if form else ()))
        if (name or context in CONSISTENT_CONTEXTS) and (name or translated(entry.msgstr) and not entry.fuzzy):
            form = entry.msgstr if translated(entry.msgstr) else msgid
            forms = written.setdefault(msgid, [])
            if form not in forms:
                forms.append(form)
    # A term in the glossary is held to its approved form by the glossary check instead.
    names = Terms.of(english for english in written if english.casefold() not in approved)
    for key in text_keys:
        entry = entries.get(key)
        if entry is None or not translated(entry.msgstr) or entry.fuzzy or "consistency" in opt_outs(entry):
            continue
        for english in names.found_in(entry.msgid):
            forms = written[english]
            if not any(uses(entry.msgstr, form) for form in forms):
                written_as: list[str | Quote] = []
                for form in forms:  # (a name left as the English writes it is English, whatever the edition)
                    written_as += ([" or "] if written_as else []) + [repr(form) if form == english else Quote(form)]
                yield "consistency", entry, Said.of(f"the signatory list writes {english!r} as ", *written_as,
                                                    ", which this text does not use; write it one way, or give "
                                                    "the locale's glossary.toml the form every case shares")


#: The scripts (ISO 15924) an edition in a script that is several writes names with: Chinese writes
#: them in Han, Japanese in Han or kana, and Korean in Hangul (시진핑, not 習近平).
WRITTEN_WITH = {"Hans": ("Hani",), "Hant": ("Hani",), "Jpan": ("Hani", "Hira", "Kana"), "Kore": ("Hang",)}


@lru_cache(maxsize=1 << 14)
def foreign_script(name: str, script: str) -> str | None:
    """The name of the script ``name`` is written in ("Cyrillic"), when an edition in ``script`` does not
    write names in it: "Ban Ki-moon" in Chinese, "Иван Иванов" in French; None for 李明 in Chinese or
    a Latin name in French. A name's script is ``locales.script_of``'s."""
    first = next((char for char in name if char.isalpha()), None)
    if first is None or (script == "Latn" and first.isascii()):  # most names of most editions
        return None
    from fontTools.unicodedata import script_name

    written = script_of(name)
    return None if written is None or written in WRITTEN_WITH.get(script, (script,)) else script_name(written)

#: The contexts of organisations and countries, which an edition must write one way throughout, as it must names.
CONSISTENT_CONTEXTS = frozenset({"affiliation", "country"})


def header_problems(target: CatalogUnderTest) -> Iterator[tuple[str, str, str]]:
    """The header fields an edition and msgfmt's users depend on: each problem's check, field and message. The plural
    rule is held to the locale's though no message is plural yet: one made plural later would show the wrong form
    (``check_catalog`` makes that a warning while none is)."""
    meta = target.catalog.metadata
    language = meta.get("Language", "")
    if tag_of(language) != target.locale.tag:  # spelt as gettext or as BCP 47, in either case: the same locale
        yield "header", "Language", (f"the Language header is {language!r} but the catalog is in the folder of "
                                     f"{target.locale.tag}; set 'Language: {target.locale.posix}'")
    if "charset=utf-8" not in meta.get("Content-Type", "").lower().replace(" ", ""):
        yield "header", "Content-Type", ("the catalog is not UTF-8; set 'Content-Type: text/plain; charset=UTF-8' "
                                         "and save it as UTF-8")
    count = po.nplurals(meta.get("Plural-Forms", ""))
    rules = [rule for rule in target.locale.plural_rules if po.nplurals(rule) == count]
    if count is None:
        yield "header", "Plural-Forms", ("the Plural-Forms header is missing or malformed; "
                                         f"set 'Plural-Forms: {target.locale.plural_forms}'")
    elif not rules:
        yield "header", "Plural-Forms", (f"Plural-Forms says nplurals={count}, but the rule for "
                                         f"{target.locale.tag} has {target.locale.nplurals}; "
                                         f"set 'Plural-Forms: {target.locale.plural_forms}'")
    elif "plural=" not in meta["Plural-Forms"]:  # (GNU's libintl reads the field only with both; no msgfmt word)
        yield "header", "Plural-Forms", ("Plural-Forms gives no plural= rule, without which gettext ignores the field "
                                         "and picks forms as for English (n != 1); "
                                         f"set 'Plural-Forms: {target.locale.plural_forms}'")
    elif meta["Plural-Forms"] not in rules and all(  # (as written by `letter init`, the rule needs no trying)
            differences := [po.first_difference(meta["Plural-Forms"], rule) for rule in rules]):
        n, mine, rule = differences[0]  # the locale's own rule's, where it has as many forms
        yield "header", "Plural-Forms", (f"Plural-Forms picks form {mine} for n={n}, where the rule for "
                                         f"{target.locale.tag} picks form {rule}; "
                                         f"set 'Plural-Forms: {target.locale.plural_forms}'")


#: The fields ``header_problems`` holds to the locale: what a tool reads the catalog's text and plurals by.
DECISIVE_FIELDS = frozenset({"Language", "Content-Type", "Plural-Forms"})


def repeated(repeat: po.Repeat) -> str:
    """The finding of a header field given again, at the line of the repeat."""
    if repeat.alike:
        return (f"{repeat.name} is given twice in the header, here and at line {repeat.first}, alike "
                f"({repeat.read!r}); delete this line")
    return (f"{repeat.name} is given twice in the header: msgfmt and letter use the first, {repeat.read!r} "
            f"(line {repeat.first}), and tools that read the last (polib, Python's gettext) this one, "
            f"{repeat.value!r}; keep the line that is right and delete the other")


def quoted(text: str, context: str | None = None) -> str:
    """A message as a finding names it: the start of its English, and what its context says besides the kind
    of part ("'Professor' (feminine)"), which sets it apart from the same English of another signatory."""
    told = qualifiers(context)
    return wording.quoted(text) + (f" ({told})" if told else "")


#: How an out-of-sync message ends: what to run, or, in a catalog that bears the template's date, what
#: else may have happened. While the template is stale, ``update`` alone changes nothing, so the check
#: then says to extract first (``_after_extract``).
UPDATE = "; run `letter update`"
EDITED_HERE = ("; this catalog bears the template's date (POT-Creation-Date): if this English was edited here by "
               "mistake, put it back as the template has it, since `letter update` would take the edit for a "
               "revision of the English; else run `letter update`")

#: A message missing from a catalog that bears the template's date and has an English the letter lacks.
EDITED_ELSEWHERE = ("; this catalog bears the template's date: if its English was edited in this catalog by mistake "
                    "(an English the letter lacks is reported below), put that back as the template has it first, "
                    "since `letter update` would take the edit for a revision of the English; else run "
                    "`letter update`")


def settings_for(config: Config, locale: LocaleInfo) -> Settings:
    """What configuration changes about the checks of a locale's catalog: the project's settings,
    and the locale's glossary (``glossary.read``) if it has one."""
    settings = Settings(severities=config.checks, identical_allowed=config.identical)
    terms = glossary.read(config, locale)
    if terms is None:
        return settings
    return replace(settings, glossaries={**settings.glossaries, locale.tag: terms})


def glossary_missing(config: Config, locale: LocaleInfo, settings: Settings, strict: bool = False) -> Finding | None:
    """The finding of a published locale without a glossary (``glossary.missing``), as `letter check` and the
    review page give it; None for a locale not published, one with a glossary (``settings_for`` read it), or
    with the check turned off. No edition shows a glossary: a warning but with ``strict``, as what no edition
    shows."""
    if locale.tag not in config.published or locale.tag in settings.glossaries:
        return None
    severity = severity_of("glossary", settings, True, strict, unshown=True)
    return None if severity is None else Finding("glossary", severity, config.relative(config.glossary_path(
        locale.posix)), None, glossary.missing(config, locale), locale.tag)
