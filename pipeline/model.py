"""The data model at the centre of the pipeline: the letter and its translatable units.

Every stage reads these plain, immutable objects: ``source`` builds a ``Letter``,
``units.messages`` turns it into the ``Message`` objects of the template and the checks,
``edition.edition`` walks it in order and asks a catalog for each unit. Nothing here does I/O.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property


@dataclass(frozen=True)
class Origin:
    """Where a piece of source text was written, for ``#:`` references and errors."""

    path: str
    line: int


@dataclass(frozen=True)
class Text:
    """A piece of English source text and where it comes from."""

    text: str
    origin: Origin


class Part(str, Enum):
    """The kinds of signatory description parts; each is also the message context.

    The context keeps "President" the role apart from any identical string of
    another kind, while an identical role shared by many signatories stays one
    message, translated once.
    """

    ROLE = "role"
    AFFILIATION = "affiliation"
    COUNTRY = "country"
    HONOUR = "honour"


#: A message's identity in a catalog: (msgctxt, msgid), as ``Message.key``.
Key = tuple[str | None, str]

#: The longest text one unit may hold, in characters. A real paragraph is a few
#: thousand; a file pasted by mistake would make every stage slow, so it is refused.
MAX_UNIT_LENGTH = 100_000

#: The message context of personal names ("name (the physician)" for one of two namesakes: test a
#: context with ``is_name``). A name needs no translation: a locale may give its established local
#: form, which the ``names`` check asks for where the name is in another script than the edition's.
NAME_CONTEXT = "name"
_NAMESAKE = NAME_CONTEXT + " ("  # a name's context with a sense: "name (the economist)"


#: Parts whose translation agrees with the holder's grammatical gender in many languages
#: ("Ancienne présidente", "Friedensnobelpreisträgerin").
GENDERED_PARTS = frozenset({Part.ROLE, Part.HONOUR})
FEMININE = "feminine"


@dataclass(frozen=True)
class Signatory:
    """One signatory: a name and the parts of their description (in ``Part`` order), any of which may be absent.

    ``feminine`` asks for the feminine form of the role and honour: the English
    text is the same, but French, Spanish, German, Russian or Arabic inflect it,
    so it is a message of its own, told apart by its context. A ``sense`` does the
    same for other differences English does not show ("Former President" of
    INTERPOL is 前主席 in Chinese, of a state 前总统).
    """

    name: Text
    parts: dict[Part, Text] = field(default_factory=dict)
    feminine: bool = False
    senses: dict[Part, str] = field(default_factory=dict)
    name_sense: str | None = None  # sets a namesake apart, whose name another language may write otherwise

    @cached_property
    def name_key(self) -> Key:
        """The name's message key: "name", or "name (the economist)" for one of two namesakes. Made once
        per letter, as ``keys``: every edition looks up every signatory's name."""
        return (f"{NAME_CONTEXT} ({self.name_sense})" if self.name_sense else NAME_CONTEXT, self.name.text)

    def context(self, kind: Part) -> str:
        """The message context of one of this signatory's parts: "role", "role (feminine)",
        "role (feminine, of the Swiss Confederation)"."""
        qualifiers = [FEMININE] if self.feminine and kind in GENDERED_PARTS else []
        qualifiers += [self.senses[kind]] if kind in self.senses else []
        return f"{kind.value} ({', '.join(qualifiers)})" if qualifiers else kind.value

    @cached_property
    def keys(self) -> tuple[tuple[Part, tuple[str, str]], ...]:
        """Each part's message key (context, msgid), in ``Part`` order.

        Every edition looks up every part: the contexts are made once per letter (and
        inherited by forked workers), not once per edition.
        """
        return tuple((kind, (self.context(kind), self.parts[kind].text)) for kind in Part if kind in self.parts)


def qualifiers(context: str | None) -> str:
    """What a message's context says besides the kind of part ("feminine", "feminine, of the Swiss
    Confederation"; "" for none): the same English under other qualifiers is translated otherwise."""
    return (context or "").partition(" (")[2].removesuffix(")")


@dataclass(frozen=True)
class Letter:
    """The English letter: what the editor writes in ``source/``."""

    title: Text
    date: datetime.date
    publisher: Text  # an organisation: translated as the signatories' affiliations are
    paragraphs: tuple[Text, ...]
    signatories: tuple[Signatory, ...]
    revised: datetime.date | None = None  # the day the English was last corrected after publication

    @cached_property
    def text_keys(self) -> frozenset[Key]:
        """The title's and the paragraphs' message keys: the letter's text, as against its signatories.
        Made once: each catalog's progress and each edition ask for them."""
        return frozenset((None, text.text) for text in (self.title, *self.paragraphs))

    @property
    def publisher_key(self) -> Key:
        """The publisher's message: the same as a signatory's affiliation of that name, so
        that the byline and the signatory list write the organisation one way."""
        return (Part.AFFILIATION.value, self.publisher.text)


@dataclass(frozen=True)
class Message:
    """A translatable unit with a stable identity (context, msgid).

    ``comments`` tell the translator what the unit is ("paragraph 3", "role of
    Dapo Akande"); ``origins`` are the source lines it comes from.
    """

    msgid: str
    context: str | None = None
    comments: tuple[str, ...] = ()
    origins: tuple[Origin, ...] = ()
    flags: tuple[str, ...] = ()

    @cached_property
    def key(self) -> Key:
        """(context, msgid), made once: every catalog a build or a check reads is looked up by it."""
        return (self.context, self.msgid)


def is_name(context: str | None) -> bool:
    """Whether a message with this context is a personal name ("name", "name (the economist)")."""
    return context == NAME_CONTEXT or (context is not None and context.startswith(_NAMESAKE))


def is_required(context: str | None) -> bool:
    """Whether a locale must translate the message with this context to be publishable."""
    return not is_name(context)


#: Why ``day`` refuses a text not written YYYY-MM-DD (a text so written may name no day: "no such day").
NOT_A_DAY = "not a day written YYYY-MM-DD"


def day(text: str) -> datetime.date:
    """The day a text writes as YYYY-MM-DD: the letter's dates and the record's days are written so, a
    form whose order as text is the days' (``date.fromisoformat`` takes 20200526 and week dates,
    2026-W49-5, too). Else ValueError, saying which of the two it is not."""
    if not _DAY.fullmatch(text):
        raise ValueError(NOT_A_DAY)
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError("no such day") from None


_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def translated(text: str) -> bool:
    """Whether a msgstr translates its message: not empty, nor white space alone, which GNU counts as a
    translation but which would publish a blank where the English has words. Every stage that asks
    whether a message has a translation (the record of reviewed ones, what an edition shows, the
    counts, the checks, the drafts, the review page) asks here; msgmerge's matching, which counts white
    space as a translator's work, asks ``merge.has_work``."""
    return bool(text) and not text.isspace()
