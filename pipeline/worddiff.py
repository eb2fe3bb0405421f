"""What changed between two texts, word by word: the edit that ``letter extract`` and ``letter update``
print, and that the review page shows a translator whose English changed."""
from __future__ import annotations

import difflib
import re

#: Words, runs of spaces and single other characters: the units a word diff compares.
WORD = re.compile(r"\w+|\s+|[^\w\s]")


def word_diff(before: str, after: str) -> tuple[tuple[str, str], ...]:
    """What changed from ``before`` to ``after``, word by word: ("same" | "removed" | "added", text)."""
    old, new = WORD.findall(before), WORD.findall(after)
    parts: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("same", "".join(old[i1:i2])))
            continue
        if i1 < i2:
            parts.append(("removed", "".join(old[i1:i2])))
        if j1 < j2:
            parts.append(("added", "".join(new[j1:j2])))
    return tuple(parts)


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
