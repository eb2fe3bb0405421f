"""What a machine draft must keep as it is, and the notes that say what it lost.

``letter draft`` sends each text with its URLs, numbers, placeholders, names and
inline Markdown replaced by ``{0}``, ``{1}``… and puts them back in the answer;
``letter check`` reads the notes a draft carries. Both stages use this module, so
the two can never disagree on what a token or a note is.
"""
from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from enum import Enum

from pipeline.markup import URL

#: The translator comment of a machine draft starts with this, then the provider, the date and
#: a digest of the text drafted; it is also how ``--overwrite-drafts`` tells a machine draft from
#: a person's, and the digest whether a person has edited it since.
DRAFT_NOTE = "machine draft:"
_DRAFTED = re.compile(r"(?P<label>.*?)(?: \(sha256 (?P<digest>[0-9a-f]{8})\))?")
#: The translator comment line that lists the tokens a machine draft came back without.
LOST_NOTE = "machine draft lost:"


def has_draft_note(comment: str | None) -> bool:
    """Whether a translator comment has a line of ``letter draft``'s note (``DRAFT_NOTE``)."""
    return bool(comment) and DRAFT_NOTE in comment and any(line.startswith(DRAFT_NOTE) for line in comment.splitlines())


def without_draft_note(comment: str | None) -> str:
    """A translator comment as a person's approval leaves it: without the note of a machine draft."""
    return "\n".join(line for line in (comment or "").splitlines() if not line.startswith(DRAFT_NOTE))


def draft_note(origin: str, day: str, text: str) -> str:
    """The comment line of a machine draft of ``text``: "machine draft: libre, 2026-11-28 (sha256 1f2e3d4c)"."""
    return f"{DRAFT_NOTE} {origin}, {day} (sha256 {_text_digest(text)})"


def draft_origin(comment: str | None, text: str) -> str | None:
    """Where the machine draft ``text`` came from, as its note says ("libre, 2026-11-28"); None when
    the comment has no note, or when ``text`` is no longer what the note's digest says was drafted
    (a person edited it, in Poedit or an editor, without clearing the fuzzy mark yet). A note without
    a digest is taken at its word."""
    for line in (comment or "").splitlines():
        if line.startswith(DRAFT_NOTE):
            found = _DRAFTED.fullmatch(line.removeprefix(DRAFT_NOTE).strip())
            assert found is not None  # the pattern matches any line
            edited = found["digest"] is not None and found["digest"] != _text_digest(text)
            return None if edited else found["label"]
    return None


def _text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def spaces(text: str) -> tuple[str, str, str]:
    """Leading whitespace, the text, trailing whitespace: services strip both, drafts must keep them."""
    core = text.strip()
    if not core:
        return text, "", ""
    start = text.index(core)
    return text[:start], core, text[start + len(core):]


class Glue(str, Enum):
    """How a protected token sits in the text, so the spaces a service adds around it can be undone."""

    NONE = "none"
    NEXT = "next"          # an opening marker: "*" of "*word*", "[" of a link
    PREVIOUS = "previous"  # a closing marker: the second "*", "](https://…)"


@dataclass(frozen=True)
class Token:
    text: str
    glue: Glue = Glue.NONE


@dataclass(frozen=True)
class Masked:
    """A message as it is sent: protected tokens replaced by ``{0}``, ``{1}``…, outer spaces set apart."""

    text: str
    tokens: tuple[Token, ...] = ()
    lead: str = ""
    trail: str = ""


# Each alternative is a named group: the name is the token's glue. Code spans, autolinks,
# placeholders, URLs, names and numbers are kept whole; emphasis markers and the two halves
# of a link are kept apart, so that the words between them are translated.
_ATOMS = [r"`[^`\n]+`", r"<[A-Za-z][\w+.-]*:[^<>\s]*>", r"\{[^{}\n]*\}", URL.pattern,
          r"(?<!\w)(?:[^\W\d_]+-?)?\d+(?:[.,]\d+)*"]  # 2020, 1,000, COVID-19, G20
_OPENERS = [r"\[(?=[^\]\n]*\]\([^)\s]*\))", r"(?<![\w*_\\])[*_]{1,3}(?=[^\s*_])"]
_CLOSERS = [r"\]\([^)\s]*\)", r"(?<=[^\s*_\\])[*_]{1,3}(?![\w*_])"]

# A placeholder as it may come back: "{3}", "{ 3 }", fullwidth "｛３｝", Arabic-Indic digits.
_PLACEHOLDER = re.compile(r"[{｛]\s*(\d+)\s*[}｝]")


@functools.cache
def _protected(names: tuple[str, ...]) -> re.Pattern[str]:
    by_length = sorted(names, key=len, reverse=True)  # "Ban Ki-moon" before "Ban"
    atoms = _ATOMS + ([rf"(?<!\w)(?:{'|'.join(map(re.escape, by_length))})(?!\w)"] if names else [])
    return re.compile("|".join(f"(?P<{glue.value}>{'|'.join(patterns)})" for glue, patterns in
                               ((Glue.NONE, atoms), (Glue.PREVIOUS, _CLOSERS), (Glue.NEXT, _OPENERS))))


def protect(text: str, names: tuple[str, ...] = ()) -> Masked:
    """Replace what a translation must keep as it is by numbered placeholders."""
    lead, core, trail = spaces(text)
    tokens: list[Token] = []

    def mask(match: re.Match[str]) -> str:
        tokens.append(Token(match.group(), Glue(match.lastgroup)))
        return f"{{{len(tokens) - 1}}}"

    return Masked(_protected(names).sub(mask, core), tuple(tokens), lead, trail)


def restore(translation: str, masked: Masked) -> tuple[str, tuple[str, ...]]:
    """Put the tokens back; also return those whose placeholder did not come back.

    Spaces a service put inside emphasis or a link ("* word *") are taken out again.
    """
    parts = _PLACEHOLDER.split(translation.strip())  # text, number, text, number, …, text
    out = [parts[0]]
    found: set[int] = set()
    for number, text in zip(parts[1::2], parts[2::2], strict=True):
        index = int(number)
        token = masked.tokens[index] if index < len(masked.tokens) else Token(f"{{{number}}}")
        found.add(index)
        if token.glue is Glue.PREVIOUS:
            out[-1] = out[-1].rstrip()
        out += [token.text, text.lstrip() if token.glue is Glue.NEXT else text]
    lost = tuple(dict.fromkeys(token.text for index, token in enumerate(masked.tokens) if index not in found))
    return masked.lead + "".join(out) + masked.trail, lost
