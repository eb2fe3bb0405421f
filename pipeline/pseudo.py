"""Pseudo-localization: fake translations that show layout problems without any service.

The ``pseudo`` provider of ``letter draft`` turns English into text that is still
readable but looks foreign, the way Android's ``en-XA`` pseudo-locale does:
every letter accented (a font without the accents shows it), about 30% longer
(German and Finnish run that much longer than English), and bracketed (text cut
off by a fixed-width box loses its closing bracket). ``pseudo-rtl`` does what
Android's ``ar-XB`` does: each word is forced right to left, so an edition shows
whether its layout follows the text direction.

Brace placeholders (``{0}``, ``{publisher}``) are left exactly as they are: they
stand for markup and facts that ``letter draft`` puts back after translation.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from itertools import cycle

# One accented Latin letter for each ASCII letter; all precomposed, so drafts stay in NFC.
ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)

#: How much longer than the English a pseudo-translation is.
EXPANSION = 0.3
PADDING = "one two three four five six seven eight nine ten".split()

PLACEHOLDER = re.compile(r"\{[^{}]*\}")
LETTERS = re.compile(r"[^\W\d_]+")

# Android's ar-XB: a right-to-left mark and override before a word, pop and mark after it.
RLM = "\u200f"
RTL_OPEN, RTL_CLOSE = RLM + "\u202e", "\u202c" + RLM
#: The provider of ``right_to_left``'s drafts, as ``letter draft``'s note names it.
RTL_PROVIDER = "pseudo-rtl"


def accented(text: str) -> str:
    """``Hello {0}`` → ``[Ĥéļļö {0} one two]``: accented, ~30% longer, bracketed."""
    body = _outside_placeholders(text, lambda part: part.translate(ACCENTED))
    return f"[{body}{_padding(len(PLACEHOLDER.sub('', text)))}]"


def right_to_left(text: str) -> str:
    """Every word forced right to left, as Android's ``ar-XB``; placeholders and digits untouched."""
    return _outside_placeholders(text, lambda part: LETTERS.sub(lambda m: RTL_OPEN + m.group() + RTL_CLOSE, part))


def unforced(text: str) -> str:
    """``right_to_left``'s text with the override and the pop around each word made right-to-left marks,
    which no check minds: the characters it adds on purpose, as ``characters`` sees them, every other
    character at the position it had."""
    return text.replace(RTL_OPEN, RLM * 2).replace(RTL_CLOSE, RLM * 2)


def _outside_placeholders(text: str, change: Callable[[str], str]) -> str:
    pieces = PLACEHOLDER.split(text)
    kept = PLACEHOLDER.findall(text) + [""]
    return "".join(change(piece) + placeholder for piece, placeholder in zip(pieces, kept, strict=True))


def _padding(length: int) -> str:
    """Filler words adding at least ``EXPANSION`` of ``length`` characters."""
    wanted = math.ceil(length * EXPANSION)
    words: list[str] = []
    for word in cycle(PADDING):
        if sum(len(w) + 1 for w in words) >= wanted:
            break
        words.append(word)
    return "".join(" " + word for word in words)
