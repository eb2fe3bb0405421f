"""The fixed words of the editions, as messages, so that each edition is wholly in its language.

The patterns that join a signatory's description are messages too: Arabic joins
with "،", Chinese wraps an honour in full-width parentheses, and only a
translator can say so. They use Python brace placeholders, which ``msgfmt
--check`` verifies through the ``python-brace-format`` flag.
"""
from __future__ import annotations

import string
from collections import Counter
from dataclasses import dataclass, fields

from pipeline.model import Message

BRACE_FORMAT = "python-brace-format"
BRACE = (BRACE_FORMAT,)


def placeholders(pattern: str) -> Counter[str] | None:
    """The pattern's fields as written inside their braces, a conversion (``!r``) or a format (``:>40``)
    included, since msgfmt --check refuses a translation that changes either; None for an unbalanced
    brace. A translated pattern whose placeholders are not its English's fails ``letter check``, and
    the edition fills in the English pattern instead: a value would be lost or shown twice."""
    try:
        return Counter(name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
                       for _, name, spec, conversion in string.Formatter().parse(pattern) if name is not None)
    except ValueError:
        return None


def keeps_placeholders(translation: str, english: str) -> bool:
    """Whether a translated pattern has its English's ``placeholders``: an edition fills in the English
    pattern for one that has not, so a reviewed translation that has not is shown in English."""
    return placeholders(translation) == placeholders(english)


@dataclass(frozen=True)
class Interface:
    """Every interface message, by the name the templates use."""

    signatories: Message = Message(
        "Signatories", comments=("heading above the list of signatories",))
    byline: Message = Message(
        "Published by {publisher} on {date}",
        comments=("line under the title; {publisher} is the publisher's name as your translation of "
                  "it writes it, so put around it the article your language needs ('Publié par le "
                  "{publisher} le {date}'); {date} is the date in your language's long format",),
        flags=BRACE)
    description: Message = Message(
        "{role}, {organization}",
        comments=("how a signatory's role is joined to their organisation or country, "
                  "as in \"Former President, Brazil\"",),
        flags=BRACE)
    honour: Message = Message(
        "({honour})",
        comments=("how a signatory's honour is shown, as in \"(Nobel Peace Prize Laureate)\"",),
        flags=BRACE)
    languages: Message = Message(
        "Other languages",
        comments=("heading of the list of links to the letter in other languages",))
    plain_text: Message = Message(
        "Plain-text edition",
        comments=("link to the same letter as a plain-text file",))
    editions: Message = Message(
        "Read the letter in your language",
        comments=("heading of the page that lists every edition of the letter",))
    draft: Message = Message(
        "Draft, not reviewed",
        comments=("banner on an edition whose translation a person has not reviewed yet",))
    draft_notice: Message = Message(
        "This translation has not been reviewed yet. Parts of it may be machine-translated "
        "or shown in English.",
        comments=("text under the draft banner",))
    revised: Message = Message(
        "The English text was revised on {date}; this translation is being updated.",
        comments=("notice at the top of a published edition while a paragraph whose English was revised "
                  "awaits review; {date} is the date in your language's long format",),
        flags=BRACE)
    corrected: Message = Message(
        "Revised on {date}",
        comments=("line under the byline of every edition once the English text has been corrected after "
                  "publication; {date} is the day of the correction in your language's long format",),
        flags=BRACE)
    english_edition: Message = Message(
        "Read the English text",
        comments=("link, after the notice of a revised English text, to the English edition",))

    def named(self) -> dict[str, Message]:
        """Every message by the name templates use (``ui.signatories``)."""
        return {field.name: getattr(self, field.name) for field in fields(self)}

    def messages(self) -> tuple[Message, ...]:
        return tuple(self.named().values())


INTERFACE = Interface()
