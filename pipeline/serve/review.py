"""What the review page shows of a locale: every message beside its English, grouped as the letter is.

The groups follow the letter: its title, its paragraphs, the interface words of the
editions, then each signatory (their name and the parts of their description). A
message shared by several signatories ("Former President") is shown once, where it
is first used. Each message comes with its state (untranslated, machine draft and
its provider, changed English with a word diff against the previous English, other
draft, reviewed), and with the findings of ``letter check`` on it, judged as for a
published locale: the page is where a draft is made publishable.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from enum import Enum
from functools import cached_property
from pathlib import Path

import polib

from pipeline import catalog_checks
from pipeline.config import Config
from pipeline.findings import Finding, Severity
from pipeline.interface import INTERFACE
from pipeline.locales import LocaleInfo
from pipeline.masking import draft_origin, without_draft_note
from pipeline.model import Key, Letter, Message, is_required, translated
from pipeline.po import comment_lines, entry_key, msgstr_line
from pipeline.publication import shows_english
from pipeline.serve.writes import Snapshot, message_id, revision
from pipeline.units import messages
from pipeline.worddiff import word_diff

#: What the state column and ``letter status`` already say: not repeated as findings. (A name in a script
#: the edition does not write names in, ``names``, is "Name as written" like any other: its finding says more.)
STATED = frozenset({"untranslated", "fuzzy", "pending", "revised"})
#: Checks whose failure on a reviewed message makes ``msgfmt --check`` refuse the whole catalog
#: (it leaves drafts alone): such a translation may be saved as a draft, never approved.
MSGFMT_REFUSES = frozenset({"placeholders"})


class State(str, Enum):
    UNTRANSLATED = "untranslated"
    MACHINE = "machine"      # a machine draft (``letter draft``)
    CHANGED = "changed"      # the English changed since it was translated (``letter update``)
    DRAFT = "draft"          # fuzzy for another reason
    REVIEWED = "reviewed"
    AS_WRITTEN = "as-written"  # a personal name without a local form: shown as written
    MISSING = "missing"      # in the letter, not yet in the catalog (``letter update``)


LABELS = {
    State.UNTRANSLATED: "Untranslated",
    State.MACHINE: "Machine draft",
    State.CHANGED: "English changed",
    State.DRAFT: "Draft",
    State.REVIEWED: "Reviewed",
    State.AS_WRITTEN: "Name as written",
    State.MISSING: "Not in the catalog: run letter extract, then letter update",
}
NEEDS_REVIEW = frozenset({State.UNTRANSLATED, State.MACHINE, State.CHANGED, State.DRAFT, State.MISSING})
#: The interface's patterns, the template's only messages with flags: what the build fills in (its placeholders).
PATTERNS = {message.key: message for message in INTERFACE.messages() if message.flags}


def unit(context: str | None, msgid: str) -> Message:
    """The letter's message a catalog entry translates, with the flags the template gives it."""
    return PATTERNS.get((context, msgid)) or Message(msgid, context)


@dataclass(frozen=True)
class Row:
    """One message of the page."""

    id: str
    context: str | None
    english: str
    note: str                 # what the message is: "paragraph 3", "role of Dapo Akande"
    translation: str
    state: State
    rev: str                  # ``writes.revision``: what a save is made against
    line: int | None          # in the catalog
    provider: str = ""        # of a machine draft: "google, 2026-05-01"
    diff: tuple[tuple[str, str], ...] = ()  # ("same" | "removed" | "added", words): previous → current English
    findings: tuple[Finding, ...] = ()
    about: str = ""           # the other messages' notes a message shared by signatories has: "role of Ban Ki-moon"
    shared: int = 0           # how many more uses than its note's the message has (approved for all of them)

    @property
    def label(self) -> str:
        if self.shown_in_english:
            return "Reviewed, shown in English (see its findings)"
        return LABELS[self.state] + (f" ({self.provider})" if self.provider else "")

    @cached_property  # (asked by the label, the filters and the counts: once a message)
    def shown_in_english(self) -> bool:
        """A reviewed translation that every edition shows in English, as ``letter status`` counts it
        (``publication.shows_english``): it links elsewhere than its English, marks up its text otherwise (markup
        the reader would see as text, emphasis its English lacks), or, a pattern, loses or adds a placeholder."""
        return self.state is State.REVIEWED and shows_english(unit(self.context, self.english), self.translation)

    @property
    def needs_review(self) -> bool:
        """Not reviewed; or reviewed, but shown in English (``shown_in_english``: a lost link or placeholder);
        or a name shown in a script its edition does not write names in (its ``names`` finding asks for the
        local form)."""
        return self.state in NEEDS_REVIEW or self.shown_in_english or (
            self.state is State.AS_WRITTEN and any(finding.check == "names" for finding in self.findings))

    @property
    def editable(self) -> bool:
        return self.state is not State.MISSING

    @property
    def lines(self) -> int:
        """The height of its text box, in lines: 2 to 12, by the longer of its English and its translation."""
        return max(2, min(12, max(len(self.translation), len(self.english)) // 60 + 1))

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "context": self.context, "english": self.english, "rev": self.rev,
                "translation": self.translation, "state": self.state.value, "line": self.line,
                "label": self.label, "review": self.needs_review, "diff": [list(part) for part in self.diff],
                "findings": [finding_json(f) for f in self.findings]}


def finding_json(finding: Finding) -> dict[str, object]:
    """A finding as the page's script shows it: its message whole, and in ``Finding.parts`` (each quote of
    the catalog's language marked, as the page's template marks it)."""
    return {"check": finding.check, "severity": finding.severity.value, "message": finding.message,
            "parts": [list(part) for part in finding.parts]}


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Review:
    locale: LocaleInfo
    path: str                  # the catalog, relative to the project
    groups: tuple[Group, ...]
    header: tuple[Finding, ...]  # findings about the catalog as a whole (its header, its glossary)

    def rows(self) -> Iterator[Row]:
        for group in self.groups:
            yield from group.rows

    def counts(self) -> dict[str, int]:
        rows = list(self.rows())
        return {"all": len(rows), "review": sum(r.needs_review for r in rows),
                "findings": sum(bool(r.findings) for r in rows)}

    def as_json(self) -> dict[str, object]:
        return {"rows": [row.as_json() for row in self.rows()], "header": [finding_json(f) for f in self.header]}


def review(config: Config, letter: Letter, locale: LocaleInfo, snapshot: Snapshot) -> Review:
    """The page's model of one catalog."""
    units = messages(letter)
    entries = {entry_key(e): e for e in snapshot.catalog if not e.obsolete}
    found = findings(config, locale, snapshot.catalog, units, letter.text_keys, snapshot.path)
    # A finding on a message is at its first keyword's line, its msgstr's (``po.msgstr_line``) or one of the comment
    # lines above it (a flag's: ``po.flag_line``): its row's.
    rows_at: dict[int | None, Key] = {line: key for key, entry in entries.items()
                                      for line in (entry.linenum, msgstr_line(entry), *comment_lines(entry))}
    by_key: dict[Key, list[Finding]] = {}
    for finding in found:
        key = rows_at.get(finding.line)
        if key is not None and key[1] == finding.msgid:
            by_key.setdefault(key, []).append(finding)
    notes = {message.key: message.comments for message in units}

    def row(key: tuple[str | None, str]) -> Row:
        note, *others = notes.get(key) or ("",)
        entry = entries.get(key)
        made = Row(message_id(*key), key[0], key[1], note, "", State.MISSING, "", None) if entry is None else \
            row_of(entry, by_key.get(key, []), note)
        # A message shared by signatories is approved for all of them: the row says how many more it serves.
        return replace(made, about="\n".join(others), shared=len(others)) if others else made

    placed: set[tuple[str | None, str]] = set()
    groups = []
    for group_id, title, keys in layout(letter):
        fresh = [key for key in keys if key not in placed]
        placed.update(fresh)
        if fresh:
            groups.append(Group(group_id, title, tuple(row(key) for key in fresh)))
    stale = [key for key in entries if key not in placed]
    if stale:
        groups.append(Group("stale", "No longer in the letter (run letter update)", tuple(row(k) for k in stale)))
    header = tuple(f for f in found if f.msgid is None)
    return Review(locale, config.relative(snapshot.path), tuple(groups), header)


def row_of(entry: polib.POEntry, found: list[Finding], note: str = "") -> Row:
    """A catalog entry's row, with its findings."""
    state, provider = state_of(entry)
    diff = word_diff(entry.previous_msgid, entry.msgid) if state is State.CHANGED else ()
    return Row(message_id(entry.msgctxt, entry.msgid), entry.msgctxt, entry.msgid, note, entry.msgstr, state,
               revision(entry), entry.linenum, provider, diff, tuple(found))


def layout(letter: Letter) -> Iterator[tuple[str, str, list[tuple[str | None, str]]]]:
    """The letter's groups of message keys, in reading order: (id, title, keys). Every message of
    ``units.messages`` belongs to one, or the page would call it no longer in the letter."""
    yield "title", "Title and byline", [(None, letter.title.text), letter.publisher_key]
    yield "paragraphs", "The letter", [(None, p.text) for p in letter.paragraphs]
    yield "interface", "Interface words", [message.key for message in INTERFACE.messages()]
    for number, signatory in enumerate(letter.signatories, 1):
        yield (f"signatory-{number}", signatory.name.text,
               [signatory.name_key, *(key for _kind, key in signatory.keys)])


def state_of(entry: polib.POEntry) -> tuple[State, str]:
    """A message's state and, for a machine draft, its provider and date as the draft note gives them."""
    if not translated(entry.msgstr):
        return (State.UNTRANSLATED if is_required(entry.msgctxt) else State.AS_WRITTEN), ""
    if not entry.fuzzy:
        return State.REVIEWED, ""
    if entry.previous_msgid is not None and (entry.previous_msgid, entry.previous_msgctxt) != (entry.msgid,
                                                                                              entry.msgctxt):
        return State.CHANGED, ""
    origin = draft_origin(entry.tcomment, entry.msgstr)
    return (State.DRAFT, "") if origin is None else (State.MACHINE, origin)


def findings(config: Config, locale: LocaleInfo, catalog: polib.POFile, units: tuple[Message, ...],
             text_keys: frozenset[Key], path: Path) -> list[Finding]:
    """``letter check``'s findings on a catalog, as for a published locale, but for those the
    state of each message already tells (untranslated, draft); and, for a locale that is published, that
    it has no glossary, which only a look at the files would tell a reviewer. ``text_keys`` are the letter's."""
    settings = catalog_checks.settings_for(config, locale)
    target = catalog_checks.CatalogUnderTest(catalog, locale, config.relative(path), True)
    found = [f for f in catalog_checks.check_catalog(target, units, settings, text_keys) if f.check not in STATED]
    missing = catalog_checks.glossary_missing(config, locale, settings)
    return found if missing is None else [*found, missing]


def message_findings(config: Config, locale: LocaleInfo, snapshot: Snapshot, entry: polib.POEntry,
                     translation: str) -> list[Finding]:
    """The findings a message would have with ``translation``, approved: the checks of a catalog holding it
    alone (which has no signatory list for a paragraph to write names as: the page's next state shows that)."""
    alone = polib.POFile()
    alone.metadata = snapshot.catalog.metadata
    alone.append(polib.POEntry(msgid=entry.msgid, msgctxt=entry.msgctxt, msgstr=translation,
                               flags=[f for f in entry.flags if f != "fuzzy"],
                               tcomment=without_draft_note(entry.tcomment)))
    units = (unit(entry.msgctxt, entry.msgid),)
    return [f for f in findings(config, locale, alone, units, frozenset(), snapshot.path) if f.msgid is not None]


def refused(found: list[Finding]) -> list[Finding]:
    """The findings that forbid approving: ``msgfmt --check`` would refuse the catalog."""
    return [f for f in found if f.check in MSGFMT_REFUSES]


def blocking(found: list[Finding]) -> bool:
    """Whether findings would fail ``letter check`` for a published locale: the reviewer confirms first."""
    return any(f.severity is Severity.ERROR for f in found)
