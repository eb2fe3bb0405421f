"""A message a catalog defines twice, as the error that names it: both translations quoted, each marked a
draft or obsolete as it is, so that the translator can choose the one to keep from the error alone; and
the lines of every other message defined twice, as ``msgfmt --check`` names them all."""
from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.po.errors import POSyntaxError
from pipeline.wording import QUOTED, quoted, shorten

#: How many of the other messages that come twice the error of the first names.
LISTED_DUPLICATES = 10


@dataclass(frozen=True)
class Defined:
    """One of the two definitions of a message: its translation (the first form of a plural one)."""

    translation: str
    fuzzy: bool
    obsolete: bool


def duplicate(path: str, line: int, with_context: bool, first: int, there: Defined, here: Defined) -> POSyntaxError:
    """The error of the message at ``line`` (``here``), which the message at line ``first`` (``there``)
    defines already: both the line of a msgid, so that the two name the same kind of line (a message's
    msgctxt is above it)."""
    there_shown, here_shown = _quoted_apart(there.translation, here.translation)
    what = "msgctxt + msgid" if with_context else "msgid"
    return POSyntaxError(path, line, f"duplicate message: the same {what} is already defined at line {first} "
                         f"(obsolete #~ entries count too); its translation there is {_noted(there_shown, there)}, "
                         f"here {_noted(here_shown, here)}: keep the message whose translation you want, and "
                         "remove the other")


def every_duplicate(duplicates: Sequence[tuple[POSyntaxError, int]]) -> POSyntaxError:
    """The error of the first message that came twice (``duplicate``), naming the lines of the others, each
    with the line of its first definition (at most ``LISTED_DUPLICATES``: a file pasted twice into itself has
    thousands)."""
    (first, _), *others = duplicates
    if not others:
        return first
    listed = ", ".join(f"{error.line} (first at line {line})" for error, line in others[:LISTED_DUPLICATES])
    unlisted = f" and {len(others) - LISTED_DUPLICATES:,} more" if len(others) > LISTED_DUPLICATES else ""
    more = "1 more message is a duplicate: line" if len(others) == 1 else \
        f"{len(others):,} more messages are duplicates: lines"
    return POSyntaxError(first.path, first.line, f"{first.reason}; {more} {listed}{unlisted}")


def _quoted_apart(there: str, here: str) -> tuple[str, str]:
    """Two translations of one message, as an error quotes them: each shortened to ``QUOTED`` characters,
    "empty" for none. Where they differ only past that, both are quoted from a little before their first
    difference, so that the quotes show how they differ (copies of a long paragraph merged twice)."""
    same = len(os.path.commonprefix([there, here]))
    start = same - QUOTED // 3 if there != here and same >= QUOTED - 1 else 0

    def shown(text: str) -> str:
        if not text:
            return "empty"
        return repr("…" + shorten(text[start:], QUOTED - 1)) if start else quoted(text)

    return shown(there), shown(here)


def _noted(shown: str, defined: Defined) -> str:
    """A quoted translation, with "(fuzzy)", "(obsolete)" or both after it as they apply."""
    notes = ", ".join(note for note, applies in (("fuzzy", defined.fuzzy), ("obsolete", defined.obsolete))
                      if applies)
    return f"{shown} ({notes})" if notes else shown
