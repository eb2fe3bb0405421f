"""The tool's own messages, worded: a text cut short for the line that names it, a count with its noun.

Free of any library, so that the readers every stage starts from (the merge driver's among them) word
their errors without loading the text layout's Unicode tables."""
from __future__ import annotations

#: How many characters of a text a message quotes: enough to find it by, not a whole paragraph or address.
QUOTED = 60


def shorten(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` characters, an ellipsis marking the cut, for a line that names it."""
    return text if len(text) <= width else text[: width - 1] + "…"


def quoted(text: str) -> str:
    """``text`` as a message names it: cut to ``QUOTED`` characters, in Python's quotes."""
    return repr(shorten(text, QUOTED))


def counted(number: int, noun: str) -> str:
    """``1 draft``, ``2 drafts``: a count and an English noun that takes an -s, for the tool's messages."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
