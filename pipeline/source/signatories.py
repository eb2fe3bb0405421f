"""``source/signatories.yaml``: a list of signatories, each a name and the parts of their description
(role, affiliation, honour), any of which may carry a sense that sets one use of the same English
apart; every field is checked, so that a typo is an error, not a lost line."""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import yaml

from pipeline.errors import InputError
from pipeline.locales import script_of
from pipeline.model import FEMININE, Key, Origin, Part, Signatory, Text
from pipeline.source.texts import checked
from pipeline.source.yaml_nodes import (
    FIELD_LINE,
    SIGNATORY_KEYS,
    TAGGED,
    UNCLOSED,
    compose,
    cut_by_comment,
    dash_without_space,
    keys,
    not_text,
    tagged,
)

GENDERS = (FEMININE, "masculine")
PART_KEYS = frozenset(part.value for part in Part)
#: Each part's key in the file with the part, in ``Part`` order: an Enum member's ``value`` is
#: a property, too slow to ask for each part of every signatory.
PARTS_BY_KEY = tuple((part.value, part) for part in Part)


def parse_signatories(text: str, path: str) -> tuple[Signatory, ...]:
    """A YAML list of mappings; every field is checked so that a typo is an error, not a lost line."""
    root = compose(text, path, 1, "not valid YAML")
    lines = text.split("\n")
    if root is None:
        raise InputError(path, 1, "there are no signatories; list them as '- name: ...' entries")
    if not isinstance(root, yaml.SequenceNode):
        # "-name: Jane Doe" alone, or every signatory so written: YAML reads one mapping of "-name" fields.
        if (glued := dash_without_space(text, len(lines))) is not None:
            raise InputError(path, glued[0] + 1, glued[1])
        raise InputError(path, root.start_mark.line + 1,
                         "the signatories must be a list of '- name: ...' entries")
    signatories: list[Signatory] = []
    seen: dict[Key, tuple[int, str]] = {}  # by the name's key as written in any case: "ban ki-moon" is Ban Ki-moon
    for item in root.value:
        signatory = _signatory(item, path, lines)
        line = signatory.name.origin.line
        context, name = signatory.name_key
        folded = (context, _spelt(name))
        if folded in seen:
            first, written = seen[folded]
            also = f", as {written!r}" if written != name else ""
            raise InputError(path, line, f"{name!r} is listed twice (first on line {first}{also}); "
                                         f"remove one, or, for two people of that name, {_two(name)}")
        seen[folded] = (line, name)
        signatories.append(signatory)
    return tuple(signatories)


#: The check of signatories likely one person listed twice (``twins``): a warning, which a setting may turn off.
TWINS = "listed-twice"


def twins(signatories: Iterable[Signatory]) -> tuple[InputError, ...]:
    """Warnings, at the later signatory's line, of two that are likely one person listed twice, which cannot
    be refused as a name repeated is (``parse_signatories``), since two people may be so written: names
    alike but for accents, spaces and punctuation (``_alike``: Danilo Turk, Danilo Türk; two Vietnamese names
    may differ in tone marks alone), or every field alike and the names in two scripts (Mohamed ElBaradei,
    محمد البرادعي), where two in one script (Margaret Chan, Gro Harlem Brundtland, both Former Director-General
    of the World Health Organization) are no sign. A sense given to either name (``name: {text, sense}``)
    says they are two people, and no warning is given."""
    warned: list[InputError] = []
    named: dict[Key, Signatory] = {}
    # Of every signatory's fields, the first signatory of each script named so: a name is weighed against one
    # name a script, not against every earlier one (a thousand physicians of one hospital are one such group).
    described: dict[tuple[str, tuple[tuple[Part, Key], ...]], dict[str | None, Signatory]] = {}
    for signatory in signatories:
        context, name = signatory.name_key
        origin = signatory.name.origin
        first = named.setdefault((context, _alike(name)), signatory)
        if first is not signatory:
            warned.append(InputError(origin.path, origin.line, (
                f"{name!r} is {first.name.text!r} (line {first.name.origin.line}) but for accents, spaces or "
                f"punctuation: if they are one person, remove one; if two, {_two(name)}")))
            continue
        if not signatory.parts:
            continue
        scripts = described.setdefault((context, signatory.keys), {})
        script = script_of(name)
        other = next((earliest for written, earliest in scripts.items() if written != script), None)
        if other is not None:
            warned.append(InputError(origin.path, origin.line, (
                f"{name!r} has every field of {other.name.text!r} (line {other.name.origin.line}), in another "
                "script: if they are one person, remove this one (a locale's catalog writes the name in its "
                f"script, as its translation); if two, {_two(name)}")))
        scripts.setdefault(script, signatory)
    return tuple(warned)


def _two(name: str) -> str:
    """What to write of a signatory of ``name`` who is not the one above of that name, or one so like it."""
    return f"write this one's as 'name: {{text: {name}, sense: ...}}' with what sets them apart (their field, say)"


def _spelt(name: str) -> str:
    """A name as two signatories may not both write it (``parse_signatories``): in any case, its spaces
    already one (``_text``)."""
    return name.casefold()


#: The scripts whose nonspacing marks a name may be written with or without: the accents of alphabets, and the
#: vowel points of Arabic and Hebrew, which most texts leave out.
_ACCENTED = frozenset(("Latn", "Grek", "Cyrl", "Arab", "Hebr"))


def _alike(name: str) -> str:
    """A name as ``twins`` compares it: ``_spelt``, without spaces, punctuation or accents (NFKD's nonspacing
    marks on a letter of ``_ACCENTED``). Any other mark stays: in the scripts of India and Southeast Asia it is
    a vowel (सुनील, सनील; วิชัย, วชัย are two names), in kana the voicing mark makes another syllable (カ, ガ)."""
    kept: list[str] = []
    letter = ""  # the last character that is no mark: the one the marks after it sit on
    for char in unicodedata.normalize("NFKD", _spelt(name)):
        kind = unicodedata.category(char)
        if kind[0] != "M":
            letter = char
        elif kind == "Mn" and script_of(letter) in _ACCENTED:
            continue
        if kind[0] not in "ZP":
            kept.append(char)
    return "".join(kept)


def _signatory(node: yaml.Node, path: str, lines: list[str]) -> Signatory:
    start = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode) or tagged(node, lines):
        raise InputError(path, start, "each signatory must be a mapping such as '- name: Ada Lovelace'")
    values: dict[str, Text] = {}
    senses: dict[str, str] = {}
    for key, value_node, line in keys(node, SIGNATORY_KEYS, "signatory", path, offset=1):
        if tagged(value_node, lines):
            raise InputError(path, line, f"{key!r} {TAGGED}")
        if isinstance(value_node, yaml.MappingNode) and (key in PART_KEYS or key == "name"):
            values[key], senses[key] = _with_sense(value_node, key, line, path, lines)
            continue
        values[key] = _text(value_node, key, path, lines)
    if "name" not in values:
        raise InputError(path, start, "this signatory has no 'name'; add 'name: ...'")
    gender = values.get("gender")
    if gender is not None and gender.text not in GENDERS:
        raise InputError(path, gender.origin.line, f"'gender' is {gender.text!r}; write one of {', '.join(GENDERS)}")
    parts = {part: values[key] for key, part in PARTS_BY_KEY if key in values}
    return Signatory(name=values["name"], parts=parts, feminine=gender is not None and gender.text == FEMININE,
                     senses={Part(key): sense for key, sense in senses.items() if key != "name"},
                     name_sense=senses.get("name"))


def _text(node: yaml.Node, key: str, path: str, lines: list[str], *, shown: bool = True,
          written: str | None = None) -> Text:
    """A field's text (of the file whose ``lines`` these are), in one line; a quote that took the lines
    after it, fields and signatories, for its text is refused, and so is a tag, which YAML leaves out of it.
    ``written``: the name the text is written under, where it is not the field's (``role: {text: …}``)."""
    line = node.start_mark.line + 1
    if isinstance(node, yaml.SequenceNode):  # [Professor, Dean], or "- Professor" lines under it
        raise InputError(path, line, f"{key!r} must be one text, not a list: write it as one line, or in "
                                     "quotes if it starts with [")
    if not isinstance(node, yaml.ScalarNode) or not node.value.strip():
        raise InputError(path, line, f"{key!r} must be non-empty text")
    if tagged(node, lines):
        raise InputError(path, line, f"{key!r} {TAGGED}")
    if (problem := not_text(node, key, optional=key not in ("name", "sense") and written is None,
                            written=written)) is not None:
        raise InputError(path, line, problem)
    if (problem := cut_by_comment(node, key, lines, written)) is not None:
        raise InputError(path, node.end_mark.line + 1, problem)
    if node.style in ('"', "'") and node.end_mark.line >= line and \
            any(FIELD_LINE.match(text) for text in lines[line:node.end_mark.line + 1]):
        # Closed on a later line, by the quote of another field: the fields and signatories between are lost.
        raise InputError(path, line, f"{UNCLOSED}, so YAML read on to line {node.end_mark.line + 1} and took "
                                     f"what is between for {key!r}: close it on this line")
    return checked(Text(" ".join(node.value.split()), Origin(path, line)), repr(key), shown=shown)


def _with_sense(node: yaml.MappingNode, key: str, line: int, path: str, lines: list[str]) -> tuple[Text, str]:
    """``role: {text: Former President, sense: of an organisation}``: the same English words
    in another sense, which some languages translate differently; ``name: {text: Wei Zhang, sense:
    the economist}``, one of two people of that name, whom some languages write differently."""
    fields = {k.value: v for k, v in node.value}
    if set(fields) != {"text", "sense"}:
        raise InputError(path, line,
                         f"{key!r} is either text, or 'text:' and 'sense:' (what sets this use apart)")
    return (_text(fields["text"], key, path, lines, written="text"),
            _text(fields["sense"], "sense", path, lines, shown=False).text)
