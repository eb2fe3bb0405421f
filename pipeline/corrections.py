"""Corrections of form in the English: ``letter update --keep-translations``.

A typo fixed after publication need not make every translation a draft that every edition
awaits. This module tells a correction of spelling, case, punctuation or spacing from an edit
a translation must follow, and keeps the reviewed translations of the former reviewed.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

import polib

from pipeline import po
from pipeline.reviewed import Record

#: At most so many words or marks touched, an edit that only corrects spelling, case, punctuation
#: or spacing is one that ``letter update --keep-translations`` may leave reviewed.
KEEP_TOKENS = 3
#: How alike a word and its correction are, at least, for the correction to be of its spelling
#: ("goverments", "recieve"), not another word ("Public", "Private").
SPELLING = 0.85
_TOKEN = re.compile(r"\w+|[^\w\s]")


@dataclass(frozen=True)
class Kept:
    """What ``keep`` did: the edits (context, old English, new English) whose reviewed translation
    it left reviewed, how many of them an earlier update had made drafts, and how many edits of
    reviewed translations it left drafts."""

    edits: tuple[tuple[str | None, str, str], ...]
    earlier: int
    declined: int


def keep(before: polib.POFile, after: polib.POFile, record: Record) -> Kept:
    """``letter update --keep-translations``: a reviewed translation of a message that the merge of
    ``before`` into ``after`` found edited stays reviewed, instead of becoming a draft that every
    edition awaits, when the edit only corrects the English's form (``correction_of_form``) and was
    made in place: its old English is gone from the template and no other message was matched to
    it, since a paragraph split in two is not the old translation's to claim. A paragraph that an
    earlier ``letter update`` made a draft counts too, while ``record`` holds its reviewed
    translation and the draft is as it left it. Other edits stay drafts, counted as declined."""
    merged = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in before
              if not entry.obsolete and not entry.fuzzy and entry.msgstr and not entry.msgid_plural}
    reviewed_for = {(r.context, r.previous): r.translation for r in record.values() if r.previous} | merged
    current = {(entry.msgctxt, entry.msgid) for entry in after if not entry.obsolete}
    drafts = [entry for entry in after if entry.fuzzy and not entry.obsolete and entry.previous_msgid is not None
              and reviewed_for.get((entry.previous_msgctxt, entry.previous_msgid)) == entry.msgstr]
    claims = Counter((entry.previous_msgctxt, entry.previous_msgid) for entry in drafts)
    edits = []
    for entry in drafts:
        previous = (entry.previous_msgctxt, entry.previous_msgid)
        if (previous not in current and claims[previous] == 1 and entry.previous_msgctxt == entry.msgctxt
                and correction_of_form(entry.previous_msgid, entry.msgid)):
            edits.append((entry.msgctxt, entry.previous_msgid, entry.msgid))
            po.mark_reviewed(entry)
    earlier = sum((context, old) not in merged for context, old, _new in edits)
    return Kept(tuple(edits), earlier, len(drafts) - len(edits))


def correction_of_form(before: str, after: str) -> bool:
    """Whether ``after`` only corrects the spelling, case, punctuation or spacing of ``before``, in
    at most ``KEEP_TOKENS`` words and marks: no word added, removed or replaced by another, and no
    number changed, since a translation must follow those ("not", "Public" → "Private", 19 → 20)."""
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    touched = 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        touched += max(i2 - i1, j2 - j1)
        was, now = _words(old[i1:i2]), _words(new[j1:j2])
        if not (was == now or "".join(was).casefold() == "".join(now).casefold() and not _has_digit(was)
                or len(was) == len(now) and all(map(_misspelt, was, now))):
            return False
    return touched <= KEEP_TOKENS


def _words(tokens: list[str]) -> list[str]:
    return [token for token in tokens if token[0].isalnum() or token[0] == "_"]


def _has_digit(words: list[str]) -> bool:
    return any(character.isdigit() for word in words for character in word)


def _misspelt(word: str, correction: str) -> bool:
    """Whether ``correction`` is ``word`` spelt right: the same letters in another case or order,
    or nearly the same letters; never a number."""
    if _has_digit([word, correction]):
        return False
    a, b = word.casefold(), correction.casefold()
    return sorted(a) == sorted(b) or SequenceMatcher(None, a, b, autojunk=False).ratio() >= SPELLING
