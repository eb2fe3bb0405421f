"""The letter × a locale's catalog → an edition (HTML and plain text).

Rendering walks the letter in reading order and asks the catalog for each unit.
What it gets back is a ``Piece``: the text and whether it fell back to English,
so a draft edition can mark those parts ``lang="en"``. Templates receive only
pieces and plain values; Jinja2's autoescaping escapes every translation, and
inline Markdown is turned into HTML by ``markup`` before it gets there.
"""
from __future__ import annotations

import datetime
import re
from itertools import accumulate
import string
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Callable, Mapping

from jinja2 import Environment, PackageLoader, StrictUndefined
from markdown_it.common.utils import escapeHtml
from markupsafe import Markup
from uniseg.graphemecluster import GraphemeClusterBreak, grapheme_cluster_break
from uniseg.linebreak import line_break, line_break_boundaries
from uniseg.wrap import tt_text_extents, tt_wrap

from pipeline import markup
from pipeline.interface import INTERFACE
from pipeline.catalogs import LocaleStatus
from pipeline.locales import LocaleInfo
from pipeline.model import NAME_CONTEXT, Letter, Message, Part, Signatory

TEXT_WIDTH = 72


@dataclass(frozen=True)
class Piece:
    """A unit's text in the edition's language, or its English source when ``fallback``."""

    text: str
    fallback: bool = False

    @property
    def html(self) -> Markup:
        if _MARKDOWN.search(self.text) is None:  # most units: names, roles, plain sentences
            return Markup(escapeHtml(self.text))
        return markup.to_html(self.text)

    @property
    def plain(self) -> str:
        if _MARKDOWN.search(self.text) is None:
            return self.text
        return markup.to_text(self.text)


#: The characters with which inline Markdown starts in ``markup``'s parser (emphasis, code, links,
#: autolinks, escapes, entities, line breaks) or that it normalises (CR, NUL). A text without any
#: of them parses to one text token: its HTML is the text escaped as markdown-it escapes it, its
#: plain form is the text itself, so the parse is skipped.
_MARKDOWN = re.compile(r"[\\`*_\[\]<&\n\r\0]")


@dataclass(frozen=True)
class SignatoryView:
    name: Piece
    description: tuple[Piece, ...]  # role, separators and organisation, in the locale's order
    honour: tuple[Piece, ...]


@dataclass(frozen=True)
class Alternate:
    """A link to one edition, for the language chooser and hreflang."""

    locale: LocaleInfo
    href: str  # relative to the site root: "fr/"


@dataclass(frozen=True)
class Edition:
    """Everything one edition shows, already translated."""

    locale: LocaleInfo
    draft: bool
    publisher: str
    date: datetime.date
    title: Piece
    byline: tuple[Piece, ...]
    paragraphs: tuple[Piece, ...]
    signatories: tuple[SignatoryView, ...]
    ui: Mapping[str, Piece]


Translate = Callable[[Message], Piece]


def lookup(found: Mapping[tuple[str | None, str], str] | None) -> Translate:
    """A lookup over the translations to show, by (context, msgid); ``None`` is the English edition."""

    def translate(message: Message) -> Piece:
        if found is None:
            return Piece(message.msgid)
        text = found.get(message.key)
        if text is not None:
            return Piece(text)
        # A personal name with no local form is the name itself, not a fallback.
        return Piece(message.msgid, fallback=message.context != NAME_CONTEXT)

    return translate


def edition(letter: Letter, locale: LocaleInfo, translate: Translate, *, draft: bool = False) -> Edition:
    """Translate every unit of the letter for one edition."""
    ui = {name: translate(message) for name, message in INTERFACE.named().items()}
    return Edition(
        locale=locale,
        draft=draft,
        publisher=letter.publisher,
        date=letter.date,
        title=translate(Message(letter.title.text)),
        byline=_fill(ui["byline"], INTERFACE.byline, {
            "publisher": Piece(letter.publisher), "date": Piece(locale.format_date(letter.date))}),
        paragraphs=tuple(translate(Message(p.text)) for p in letter.paragraphs),
        signatories=tuple(_signatory(signatory, translate, ui) for signatory in letter.signatories),
        ui=ui,
    )


def _signatory(signatory: Signatory, translate: Translate, ui: Mapping[str, Piece]) -> SignatoryView:
    parts = {kind: translate(Message(text.text, context=signatory.context(kind)))
             for kind, text in signatory.parts.items()}
    description: tuple[Piece, ...] = ()
    for kind in (Part.ROLE, Part.AFFILIATION, Part.COUNTRY):
        if kind not in parts:
            continue
        description = (_fill(ui["description"], INTERFACE.description,
                             {"role": description, "organization": (parts[kind],)})
                       if description else (parts[kind],))
    honour = (_fill(ui["honour"], INTERFACE.honour, {"honour": (parts[Part.HONOUR],)})
              if Part.HONOUR in parts else ())
    return SignatoryView(
        name=translate(Message(signatory.name.text, context=NAME_CONTEXT)),
        description=description, honour=honour)


def _fill(pattern: Piece, source: Message, values: Mapping[str, Piece | tuple[Piece, ...]]) -> tuple[Piece, ...]:
    """Put pieces into a brace pattern, keeping each piece's own fallback state.

    A translated pattern whose placeholders differ from the source's (a typo such
    as ``{rol}``) would lose a value: the English pattern is used instead, and
    ``letter check`` reports the broken translation. An English pattern makes the
    whole phrase English: its words and values form one left-to-right run, so a
    right-to-left page does not reorder its pieces one by one.
    """
    fields = _split(pattern.text)
    if sorted(name for _, name in fields if name) != sorted(name for _, name in _split(source.msgid) if name):
        fields, pattern = _split(source.msgid), Piece(source.msgid, fallback=True)
    out: list[Piece] = []
    for literal, name in fields:
        if literal:
            out.append(Piece(literal, pattern.fallback))
        if name:
            value = values[name]
            out.extend(value if isinstance(value, tuple) else (value,))
    if pattern.fallback:
        return tuple(Piece(piece.text, fallback=True) for piece in out)
    return tuple(out)


def runs(pieces: tuple[Piece, ...]) -> list[tuple[bool, Markup]]:
    """Adjacent pieces of the same language as one run of HTML, so a fallback
    stretch becomes one ``<span lang="en">`` and not one per piece."""
    out: list[tuple[bool, Markup]] = []
    for piece in pieces:
        if out and out[-1][0] == piece.fallback:
            out[-1] = (piece.fallback, out[-1][1] + piece.html)
        else:
            out.append((piece.fallback, piece.html))
    return out


def _split(pattern: str) -> list[tuple[str, str | None]]:
    try:
        return [(literal, name) for literal, name, _spec, _conv in string.Formatter().parse(pattern)]
    except ValueError:  # an unbalanced brace: treated like a pattern with wrong placeholders
        return [(pattern, "\0")]


@cache
def environment() -> Environment:
    """One Jinja2 environment for all editions; HTML templates are autoescaped."""
    env = Environment(
        loader=PackageLoader("pipeline", "templates"),
        autoescape=lambda name: bool(name) and name.endswith((".html.j2", ".svg.j2")),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["wrap"] = wrap
    env.filters["plain"] = lambda items: "".join(piece.plain for piece in items)
    env.filters["runs"] = runs
    return env


def render_html(view: Edition, alternates: tuple[Alternate, ...], site_url: str) -> str:
    return environment().get_template("letter.html.j2").render(
        edition=view, alternates=alternates, site_url=site_url, description=_description(view))


def render_text(view: Edition) -> str:
    text = normalize_text(environment().get_template("letter.txt.j2").render(edition=view))
    return anchor_right_to_left(text) if view.locale.direction == "rtl" else text


def render_index(editions: tuple[Alternate, ...], ui: Edition, site_url: str) -> str:
    return environment().get_template("index.html.j2").render(
        editions=editions, edition=ui, site_url=site_url, description=_description(ui))


def render_status(locales: list[LocaleStatus], total: int) -> str:
    """The progress page: a bar per locale, for the project's readme and its translators."""
    return environment().get_template("status.html.j2").render(locales=locales, total=total)


# Badge colours as Weblate's: complete, well on the way, barely started.
BADGE_COLORS = ((100.0, "#4c1"), (75.0, "#dfb317"), (0.0, "#e05d44"))


def render_badge(item: LocaleStatus) -> str:
    """An SVG badge of a locale's reviewed percentage, like the ones Weblate serves."""
    percent = item.progress.percent
    value = f"{percent:.0f}%"
    color = next(color for floor, color in BADGE_COLORS if percent >= floor)
    # Verdana 11px averages about 7 px a character; the badge pads 10 px on each side.
    return environment().get_template("badge.svg.j2").render(
        label=item.locale.tag, value=value, color=color,
        left=10 + 7 * len(item.locale.tag), right=10 + 7 * len(value))


def _description(view: Edition) -> str:
    """The meta description: the opening paragraph as plain text, cut at a word near 160 characters."""
    text = view.paragraphs[0].plain if view.paragraphs else view.title.plain
    if len(text) <= 160:
        return text
    lines = list(tt_wrap(text, 157))
    return lines[0].rstrip() + "…"


def wrap(text: str, width: int = TEXT_WIDTH) -> str:
    """Break text into lines of at most ``width`` display columns (UAX #14, East Asian width)."""
    if not text:
        return ""
    if _fits(text, width):
        return text.rstrip()  # what the wrapper gives for a text of one line
    return _wrap(text, width)


@lru_cache(maxsize=1 << 16)
def _wrap(text: str, width: int) -> str:
    """The line breaking itself: cached, since descriptions and honours repeat."""
    lines = _wrap_words(text, width)
    if lines is None:
        lines = list(tt_wrap(text, width))
    return "\n".join(line.rstrip() for line in lines)


def _wrap_words(text: str, width: int) -> list[str] | None:
    """uniseg's ``tt_wrap`` for the common case, word by word instead of character by character.

    It applies when every character is a grapheme cluster of its own (no combining marks,
    joiners, regional indicators or jamo), none is a quotation mark (whose rules look past a
    neighbour) and the text has no line end or tab and does not start with a space. Then a
    line break opportunity inside a word (a run without U+0020) is where uniseg finds one in
    the word alone, and one after a run of spaces depends only on the characters on either
    side of it: both are computed once and cached. The greedy fill below is uniseg's
    ``Wrapper.wrap``, step for step. ``None`` means: use uniseg itself.
    """
    if text.startswith(" ") or _LINE_OR_TAB.search(text) or not _simple_characters(text):
        return None
    boundaries: list[int] = []
    position = 0
    previous = spaces = ""
    for token in _SPACES.split(text):
        if not token:
            continue
        if token[0] == " ":
            position += len(token)
            spaces = token
            continue
        # The rules that look past the spaces (LB14-LB17: OP SP* ×, CL SP* × NS, B2 SP* × B2 ...) can
        # depend on what comes before their character too: then the whole word before is asked.
        if previous and _break_after_spaces(previous if line_break(previous[-1]) in _REACHING else previous[-1],
                                            spaces, token[0]):
            boundaries.append(position)
        boundaries.extend(position + inside for inside in _word_breaks(token))
        position += len(token)
        previous = token
    boundaries.append(len(text))
    extents = list(accumulate(2 if unicodedata.east_asian_width(c) in _WIDE else 1 for c in text))
    lines = [""]
    cur = breakpoint = prev_boundary = prev_extent = 0
    for boundary in boundaries:
        extent = extents[boundary - 1]
        w = extent - prev_extent
        if cur + w > width:
            lines[-1] += text[breakpoint:prev_boundary]
            lines.append("")
            cur = 0
            breakpoint = prev_boundary
        cur += w
        prev_boundary = boundary
        prev_extent = extent
    lines[-1] += text[breakpoint:]
    return lines


_SPACES = re.compile("( +)")
_REACHING = frozenset(("OP", "CL", "CP", "QU", "B2", "ZW", "NS", "HY", "BA", "IS", "SY", "EX"))
_SIMPLE: set[str] = set()
_NOT_SIMPLE: set[str] = set()


def _simple_characters(text: str) -> bool:
    unknown = set(text) - _SIMPLE
    if not unknown:
        return True
    if unknown & _NOT_SIMPLE:
        return False
    for char in unknown:
        if grapheme_cluster_break(char) == GraphemeClusterBreak.OTHER and line_break(char) != "QU":
            _SIMPLE.add(char)
        else:
            _NOT_SIMPLE.add(char)
            return False
    return True


@lru_cache(maxsize=1 << 16)
def _word_breaks(word: str) -> tuple[int, ...]:
    """Offsets inside a word (a run without spaces) where uniseg allows a line break."""
    return tuple(b for b in line_break_boundaries(word) if 0 < b < len(word))


@lru_cache(maxsize=1 << 14)
def _break_after_spaces(before: str, spaces: str, after: str) -> bool:
    """Whether uniseg allows a break between ``spaces`` and ``after`` when ``before`` precedes them
    (uniseg's answer after an opening bracket depends on how many spaces follow it)."""
    return len(before) + len(spaces) in line_break_boundaries(before + spaces + after)


#: What uniseg's wrapper treats as the end of a line (``str.splitlines``) or a tab stop.
_LINE_OR_TAB = re.compile("[\n\r\t\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_WIDE = frozenset(("W", "F"))


def _fits(text: str, width: int) -> bool:
    """Whether a text surely takes one line: no line end or tab, and at most ``width`` columns
    even if every code point counted on its own (a grapheme cluster is as wide as its first)."""
    if len(text) > width or _LINE_OR_TAB.search(text):
        return False
    if text.isascii() or 2 * len(text) <= width:
        return True
    return len(text) + sum(map(_WIDE.__contains__, map(unicodedata.east_asian_width, text))) <= width


RLM = "\u200f"


def anchor_right_to_left(text: str) -> str:
    """Keep every line of a right-to-left text right-to-left in a bidi-aware viewer.

    Each line is its own bidi paragraph, whose direction comes from its first
    strong character: a line that starts with a Latin name would flip to
    left-to-right. A RIGHT-TO-LEFT MARK in front of just those lines anchors
    them; no other line gets a control character.
    """
    return "\n".join(RLM + line if _first_strong(line) == "L" else line for line in text.split("\n"))


def _first_strong(line: str) -> str | None:
    return next((kind for kind in map(unicodedata.bidirectional, line) if kind in ("L", "R", "AL")), None)


def display_width(text: str) -> int:
    """Columns a terminal or a plain-text reader gives the text (wide CJK characters count two)."""
    return tt_text_extents(text)[-1] if text else 0


def normalize_text(text: str) -> str:
    """What the plain-text edition promises: NFC, LF, no trailing spaces, one final newline."""
    lines = unicodedata.normalize("NFC", text).replace("\r\n", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n") + "\n"
