"""What a text of the letter may hold, to become a message every edition shows as written: characters
that are content, in NFC; no HTML; no Markdown mark or link left as text; a length a message may have."""
from __future__ import annotations

import unicodedata
from bisect import bisect_right
from itertools import accumulate

from pipeline.errors import InputError, half_character
from pipeline.markup import EMPTY_LINK, HTML_TAG, empty_link_at, mistyped_links, stray_marks, unmade_links, unwanted
from pipeline.model import MAX_UNIT_LENGTH, Text

HTML = ("HTML is not part of the letter: write the text itself, with inline Markdown for *emphasis* and "
        "[links](https://…), or write \\< to keep a < as text")
NOT_NFC = "not in Unicode NFC, so translation tools may not match it; re-save the file normalized (most editors can)"


def characters(text: str) -> str | None:
    """What is wrong with the characters of a text of the letter: half a character (``half_character``),
    one that is never content, or not being in NFC; None when nothing is."""
    return half_character(text) or unwanted(text) or (None if unicodedata.is_normalized("NFC", text) else NOT_NFC)


def checked(text: Text, what: str, *, shown: bool = True) -> Text:
    """A one-line text of the letter (the title, a signatory's field) that can be a message: its
    characters (``characters``), its length, and, for a text editions show (not a sense, which only
    tells translators apart), no HTML, no link an edition would not make (``unmade_link``), and no
    Markdown shown as text (``check_markdown``). A paragraph's lines are checked as they are read, for
    their own line numbers."""
    problem = characters(checked_length(text, what).text)
    if problem is None and shown and HTML_TAG.search(text.text):
        problem = HTML
    if problem is None and shown:
        problem = unmade_link(text.text)
    if problem:
        raise InputError(text.origin.path, text.origin.line, f"{what}: {problem}")
    if shown:
        check_markdown(text, what)
    return text


def unmade_link(text: str) -> str | None:
    """What is wrong with the first link of ``text`` that no edition makes (``markup.unmade_links``: a
    ``javascript:`` address, a file's name), which the reader would see as ``[words](…)``; None without one."""
    unmade = next(iter(unmade_links(text)), None)
    return None if unmade is None else (f"{unmade} is not made a link in an edition: link to a web or mail "
                                        "address (https://…, mailto:…)")


def check_markdown(text: Text, what: str, lines: list[str] | None = None) -> None:
    """Refuse inline Markdown every edition would show as text, the English first: a stray mark
    (``The *time``), which a translation that kept would be refused for (``checks.inline_markup``); else a
    link that a slip in its brackets keeps from being one (``markup.mistyped_links``), shown as
    ``[words] (https://…`` text, or that has no words to click. The error is at the line, among a
    paragraph's ``lines`` (joined by a space into ``text``), where the first such mark or link starts."""
    stray = stray_marks(text.text)
    if stray:
        marks = " ".join(mark for _place, mark in stray)
        raise InputError(text.origin.path, _line(text, lines, stray[0][0]),
                         f"{what}: {marks} left as text, which every edition would show: close the emphasis (*…*) "
                         f"or the code (`…`), or write a \\ before a mark to keep it as text")
    if "[" not in text.text and "［" not in text.text:
        return
    slips = mistyped_links(text.text)
    if (empty := empty_link_at(text.text)) is not None:
        slips = sorted([*slips, (empty, EMPTY_LINK)])
    if slips:
        at, slip = slips[0]
        raise InputError(text.origin.path, _line(text, lines, at), f"{what}: {slip}")


def _line(text: Text, lines: list[str] | None, at: int) -> int:
    """The line of the character at ``at`` of ``text``, made of ``lines`` joined by a space."""
    ends = list(accumulate(len(part) + 1 for part in lines or [text.text]))
    return text.origin.line + bisect_right(ends, at)


def checked_length(text: Text, what: str) -> Text:
    if len(text.text) > MAX_UNIT_LENGTH:
        raise InputError(text.origin.path, text.origin.line,
                         f"{what} is {len(text.text):,} characters long, more than the {MAX_UNIT_LENGTH:,} "
                         "one message may hold; split it")
    return text
