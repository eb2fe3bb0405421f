"""The letter's translatable units: every unit an edition shows, as one message each.

The title, each paragraph, each distinct signatory part, each personal name
(optional to translate) and the interface words. An identical English unit is
one message, whoever it belongs to; its comments list every use, so the
translator sees them all. Extraction writes them to the template; the build
and the checks count and look them up.
"""
from __future__ import annotations

from pipeline.interface import INTERFACE
from pipeline.model import Letter, Message


def messages(letter: Letter) -> tuple[Message, ...]:
    """All translatable units of the letter, in reading order, identical units merged.

    One command asks for the units of the same letter more than once (check: for the
    template and for the catalogs; build: for the catalogs and the progress page), and
    making them again for 10,000 signatories would show: the last answer is kept.
    """
    global _LAST
    if _LAST is not None and _LAST[0] is letter:
        return _LAST[1]
    units = _messages(letter)
    _LAST = (letter, units)
    return units


_LAST: tuple[Letter, tuple[Message, ...]] | None = None


def _messages(letter: Letter) -> tuple[Message, ...]:
    units: list[Message] = [Message(letter.title.text, comments=("title of the letter",),
                                    origins=(letter.title.origin,))]
    units.append(Message(letter.publisher.text, context=letter.publisher_key[0], origins=(letter.publisher.origin,),
                         comments=("the publisher of the letter, named in the byline",)))
    units += [Message(paragraph.text, comments=(f"paragraph {number}",), origins=(paragraph.origin,))
              for number, paragraph in enumerate(letter.paragraphs, 1)]
    for signatory in letter.signatories:
        name = signatory.name
        units.append(Message(name.text, context=signatory.name_key[0], origins=(name.origin,), comments=(
            "personal name of a signatory: leave it untranslated unless it has an "
            "established form in your language",)))
        units += [Message(text.text, context=signatory.context(kind), origins=(text.origin,),
                          comments=(f"{kind.value} of {name.text}",))
                  for kind, text in signatory.parts.items()]
    units += INTERFACE.messages()
    return _merge_identical(units)


def _merge_identical(units: list[Message]) -> tuple[Message, ...]:
    merged: dict[tuple[str | None, str], Message] = {}
    for unit in units:
        seen = merged.get(unit.key)
        if seen is None:
            merged[unit.key] = unit
            continue
        merged[unit.key] = Message(
            unit.msgid, unit.context,
            comments=seen.comments + tuple(c for c in unit.comments if c not in seen.comments),
            origins=seen.origins + unit.origins,
            flags=seen.flags + tuple(f for f in unit.flags if f not in seen.flags))
    return tuple(merged.values())
