"""Corrections of form in the English: ``letter update --keep-translations``.

A typo fixed after publication need not make every translation a draft that every edition
awaits. This module tells a correction of spelling, case, punctuation or spacing from an edit
a translation must follow, and keeps the reviewed translations of the former reviewed.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

import polib

from pipeline import po
from pipeline.markup import URL, links, markers
from pipeline.model import is_name, translated
from pipeline.po import entry_key
from pipeline.reviewed import Record, by_previous

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
    it left reviewed, how many of them an earlier update had made drafts, how many edits of
    reviewed translations it left drafts, and how many corrections of form it left drafts since a
    translator edited their draft (theirs to approve, not the old translation's to come back)."""

    edits: tuple[tuple[str | None, str, str], ...]
    earlier: int
    declined: int
    edited: int = 0


def keep(before: polib.POFile, after: polib.POFile, record: Record, *, mark: bool = True) -> Kept:
    """``letter update --keep-translations``: a reviewed translation of a message that the merge of
    ``before`` into ``after`` found edited stays reviewed, instead of becoming a draft that every
    edition awaits, when the edit only corrects the English's form (``correction_of_form``) and was
    made in place: its old English is gone from the template and no other message was matched to
    it, since a paragraph split in two is not the old translation's to claim. A paragraph that an
    earlier ``letter update`` made a draft counts too, while ``record`` holds its reviewed
    translation and the draft is as it left it. The edits of this merge that stay drafts are
    counted as declined; a message whose context alone changed ("role (feminine)" → "role") is
    not an edit of the English, and is not kept: its translation may have to change. Without ``mark``, every
    draft is left a draft, and the edits are the corrections of this merge that the option would have kept,
    for a plain update to tell of (those of an earlier update were told of then)."""
    merged = {entry_key(entry): entry.msgstr for entry in before
              if not entry.obsolete and not entry.fuzzy and translated(entry.msgstr) and not entry.msgid_plural}
    reviewed_for = {key: r.translation for key, r in by_previous(record).items() if r.previous} | merged
    current = {entry_key(entry) for entry in after if not entry.obsolete}
    drafts, edited = [], 0
    for entry in after:
        previous = (entry.previous_msgctxt, entry.previous_msgid)
        if entry.fuzzy and not entry.obsolete and entry.previous_msgid is not None \
                and entry.previous_msgctxt == entry.msgctxt and previous not in current and previous in reviewed_for:
            if reviewed_for[previous] == entry.msgstr:
                drafts.append(entry)
            else:  # a translator's edit: theirs to approve
                edited += correction_of_form(entry.previous_msgid, entry.msgid, name=is_name(entry.msgctxt))
    claims = Counter((entry.previous_msgctxt, entry.previous_msgid) for entry in drafts)
    edits, declined = [], 0
    for entry in drafts:
        previous = (entry.previous_msgctxt, entry.previous_msgid)
        if claims[previous] == 1 and correction_of_form(entry.previous_msgid, entry.msgid,
                                                         name=is_name(entry.msgctxt)):
            edits.append((entry.msgctxt, entry.previous_msgid, entry.msgid))
            if mark:
                po.mark_reviewed(entry)
        elif previous in merged:  # an edit of this merge (one an earlier update made was told of then)
            declined += 1
    earlier = sum((context, old) not in merged for context, old, _new in edits)
    if not mark:
        edits = [edit for edit in edits if edit[:2] in merged]
    return Kept(tuple(edits), earlier, declined, edited)


def correction_of_form(before: str, after: str, *, name: bool = False) -> bool:
    """Whether ``after`` only corrects the spelling, case, punctuation or spacing of ``before``, in
    at most ``KEEP_TOKENS`` words and marks: no word added, removed or replaced by another (``_misspelt``),
    no symbol changed ($, %, +) and nothing next to a number, since a translation must follow those
    ("not", "Public" → "Private", "lawful" → "unlawful", 19 → 20, 5% → -5%), no emphasis, code or link
    added or taken away, which the tokens would count as punctuation ("take *immediate* action"), and no
    address changed, however little: a translation must copy it exactly ("/documnet/" → "/document/").
    For a personal ``name`` a letter changed is no correction of form ("Thulare" → "Thulane", "Turk" →
    "Türk"): a name is translated by its sound, and its transcription (塔博·图拉雷) must follow; only its
    case, spacing and punctuation may change ("ElBaradei" → "El Baradei")."""
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    touched = 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        touched += max(i2 - i1, j2 - j1)
        if _has_digit(old[max(i1 - 1, 0):i2 + 1] + new[max(j1 - 1, 0):j2 + 1]):
            return False
        was, now = _words(old[i1:i2]), _words(new[j1:j2])
        if not (was == now or "".join(was).casefold() == "".join(now).casefold()
                or not name and len(was) == len(now) and all(map(_misspelt, was, now))):
            return False
    # (The markup last: most edits are told apart by their words, without parsing either text.)
    return touched <= KEEP_TOKENS and markers(before)[0] == markers(after)[0] and links(before) == links(after) \
        and URL.findall(before) == URL.findall(after)


def _words(tokens: list[str]) -> list[str]:
    """The tokens that are not punctuation marks: words, numbers and symbols."""
    return [token for token in tokens if not all(unicodedata.category(char).startswith("P") for char in token)]


def _has_digit(tokens: list[str]) -> bool:
    return any(character.isdigit() for token in tokens for character in token)


def _misspelt(word: str, correction: str) -> bool:
    """Whether ``correction`` is ``word`` spelt right: letters alike but for case, two neighbours
    swapped ("teh", "recieve"), or a letter or two ("goverments"); never another first letter, nor
    the word with a prefix or an ending more or less ("lawful", "billions", "hospitals")."""
    if not (word.isalpha() and correction.isalpha()):
        return False
    a, b = word.casefold(), correction.casefold()
    if a == b:
        return True
    if a[0] != b[0] or a.startswith(b) or b.startswith(a) or a.endswith(b) or b.endswith(a):
        return False
    return _swapped(a, b) or SequenceMatcher(None, a, b, autojunk=False).ratio() >= SPELLING


def _swapped(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with two neighbouring letters swapped."""
    if len(a) != len(b):
        return False
    differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return len(differ) == 2 and differ[1] == differ[0] + 1 and a[differ[0]] == b[differ[1]] \
        and a[differ[1]] == b[differ[0]]
