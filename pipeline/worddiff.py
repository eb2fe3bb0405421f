"""What changed between two texts, word by word: the edit that ``letter extract`` and ``letter update``
print, and that the review page shows a translator whose English changed; and which texts another is
made of, for paragraphs joined or split."""
from __future__ import annotations

import difflib
import os
import re
from collections.abc import Sequence
from functools import lru_cache

#: Words, runs of spaces and single other characters: the units a word diff compares.
WORD = re.compile(r"\w+|\s+|[^\w\s]")


#: A word or a mark with the spaces after it (or the spaces a text starts with): the units the texts are first
#: matched by, which a run of spaces alone, matching any other, is not.
_UNIT = re.compile(r"\s+|\w+\s*|[^\w\s]\s*")
#: The most words and spaces a changed stretch may hold, each side, for its own word diff (``word_diff``).
REFINED = 200


def word_diff(before: str, after: str) -> tuple[tuple[str, str], ...]:
    """What changed from ``before`` to ``after``, word by word: ("same" | "removed" | "added", text).

    The texts are matched by words with their spaces first, then each stretch that changed by words and
    spaces alone (``WORD``), where it is short enough (``REFINED``): spaces match any other, and with them
    difflib costs a match for every pair at every level of its search, minutes for two texts of the same
    few words far apart ("a a a …", "b b b …"), where a paragraph's edit takes a millisecond."""
    old, new = _UNIT.findall(before), _UNIT.findall(after)
    parts: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        removed, added = "".join(old[i1:i2]), "".join(new[j1:j2])
        if op == "equal":
            parts.append(("same", removed))
            continue
        kept = _spaces_after(removed, added)  # the spaces after a word replaced are the next words' too
        removed, added = removed[:len(removed) - len(kept)], added[:len(added) - len(kept)]
        if len(words := WORD.findall(removed)) <= REFINED and len(wanted := WORD.findall(added)) <= REFINED:
            parts += _diffed(words, wanted)
        else:
            parts += [(kind, text) for kind, text in (("removed", removed), ("added", added)) if text]
        parts.append(("same", kept))
    merged: list[tuple[str, str]] = []
    for kind, text in parts:
        if text and merged and merged[-1][0] == kind:
            merged[-1] = (kind, merged[-1][1] + text)
        elif text:
            merged.append((kind, text))
    return tuple(merged)


def _spaces_after(removed: str, added: str) -> str:
    """The spaces both stretches end with, when both hold more than them."""
    common = os.path.commonprefix([removed[::-1], added[::-1]])[::-1]
    spaces = common[len(common.rstrip()):]
    return spaces if len(spaces) < min(len(removed), len(added)) else ""


def _diffed(old: list[str], new: list[str]) -> list[tuple[str, str]]:
    """The word diff of two short stretches of words and spaces."""
    parts: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("same", "".join(old[i1:i2])))
            continue
        if i1 < i2:
            parts.append(("removed", "".join(old[i1:i2])))
        if j1 < j2:
            parts.append(("added", "".join(new[j1:j2])))
    return parts


def shown(before: str, after: str, context: str | None = None, around: int = 8) -> str:
    """The edit as ``git diff --word-diff`` shows it, with ``around`` words and spaces on either side:
    ``…time to act [-is-]{+was+} [-now-]{+yesterday+}.``, after ``[context]`` when there is one. Text
    left alone between two edits far apart is cut to ``around`` words and spaces each side of a "…"."""
    parts = word_diff(before, after)
    changed = [i for i, (kind, _text) in enumerate(parts) if kind != "same"]
    first, last = changed[0], changed[-1]
    left = WORD.findall(parts[first - 1][1]) if first else []
    right = WORD.findall(parts[last + 1][1]) if last + 1 < len(parts) else []
    middle = "".join(_between(text, around) if kind == "same" else f"[-{text}-]" if kind == "removed"
                     else f"{{+{text}+}}" for kind, text in parts[first:last + 1])
    text = ("…" if len(left) > around else "") + "".join(left[-around:]) + middle + "".join(right[:around]) \
        + ("…" if len(right) > around else "")
    return f"[{context}] {text}" if context else text


def _between(text: str, around: int) -> str:
    """Unchanged text between two edits, cut in the middle when it is longer than both sides show."""
    words = WORD.findall(text)
    if len(words) <= 2 * around + 1:
        return text
    return "".join(words[:around]) + "…" + "".join(words[-around:])


#: How much of a text, at least, another holds, word by word and in order, when it holds it nearly whole
#: (``made_of``): a paragraph joined to another may lose or change a word or two where they meet.
NEARLY_WHOLE = 0.9
#: Words and single marks: the units ``made_of`` finds a text's words among another's by.
_TOKEN = re.compile(r"\w+|[^\w\s]")


def made_of(whole: str, parts: Sequence[str]) -> tuple[int, ...]:
    """Which of ``parts`` ``whole`` holds, each nearly whole, in order and close together
    (``NEARLY_WHOLE``), in its order and each at a place of its own: the indices of ``parts``; a part
    found where an earlier one of ``whole`` is found, or scattered over it (its words found far apart,
    as the common words of any long text are), is not. For paragraphs joined into one, or one split off
    another; a part is compared with ``whole`` only where its words could be (a count of the words they
    share), so that most pairs cost a few set operations."""
    words, vocabulary = _words(whole)
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(words)  # indexed once, for every part
    found: list[tuple[int, int, int]] = []  # (where it starts in whole, where it ends, which part)
    for number, part in enumerate(parts):
        tokens, own = _words(part)
        if not tokens or len(tokens) * NEARLY_WHOLE > len(words):
            continue
        if _lacks_too_many(tokens, own, vocabulary):
            continue
        matcher.set_seq1(tokens)
        if matcher.quick_ratio() * (len(tokens) + len(words)) < 2 * NEARLY_WHOLE * len(tokens):
            continue  # fewer words in common than the part must share
        place = _close_together([block for block in matcher.get_matching_blocks() if block.size], len(tokens))
        if place is not None:
            found.append((*place, number))
    held: list[tuple[int, int, int]] = []
    for start, end, number in sorted(found):
        if not held or start >= held[-1][1]:
            held.append((start, end, number))
    return tuple(number for _start, _end, number in held)


def joined_into(wholes: Sequence[str], parts: Sequence[str]) -> dict[int, tuple[int, ...]]:
    """Which of ``wholes`` hold two or more of ``parts`` (``made_of``): paragraphs joined into one, or one split
    in two. By the index of each whole, the indices of the parts it holds, in its order; a part is held by the
    first whole that holds it with another, and no other after it."""
    free = list(range(len(parts)))
    found: dict[int, tuple[int, ...]] = {}
    for at, whole in enumerate(wholes):
        if len(free) < 2:
            break
        held = tuple(free[n] for n in made_of(whole, [parts[part] for part in free]))
        if len(held) > 1:
            found[at] = held
            free = [part for part in free if part not in held]
    return found


@lru_cache(maxsize=1 << 12)
def _words(text: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """A text's words and marks (``_TOKEN``), and the set of them: kept, as each paragraph of a letter
    revised is asked of against every other added or removed."""
    tokens = tuple(_TOKEN.findall(text))
    return tokens, frozenset(tokens)


def _lacks_too_many(tokens: Sequence[str], own: frozenset[str], vocabulary: frozenset[str]) -> bool:
    """Whether a part of ``tokens`` (its set ``own``) cannot share ``NEARLY_WHOLE`` of its words with a whole
    whose words are ``vocabulary``: each word of it the whole lacks leaves one of its words unmatched, at least.
    A set difference, where ``quick_ratio``'s count of shared words is a loop of Python over both."""
    return len(tokens) - len(own - vocabulary) < NEARLY_WHOLE * len(tokens)


def _close_together(blocks: Sequence[difflib.Match], length: int) -> tuple[int, int] | None:
    """Where in the whole a part of ``length`` words lies nearly whole (``NEARLY_WHOLE``), from the blocks
    of words they share: the first run of blocks holding that many of its words within ``length /
    NEARLY_WHOLE`` words of the whole, as (start, end); None where none does. A block far from the rest is
    left out, not counted against the part: the full stop that ends a sentence split off a paragraph, where
    the paragraph had a comma, is matched to a full stop sentences later."""
    for first, block in enumerate(blocks):
        held, end = 0, None
        for later in blocks[first:]:
            if later.b + later.size - block.b > length / NEARLY_WHOLE:
                break
            held += later.size
            if held >= NEARLY_WHOLE * length:
                end = later.b + later.size
        if end is not None:
            return block.b, end
    return None
