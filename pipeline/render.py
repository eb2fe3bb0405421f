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
import string
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from itertools import groupby
from operator import attrgetter
from typing import Any, Callable, Iterable, Mapping, NamedTuple

from jinja2 import Environment, PackageLoader, StrictUndefined
from markdown_it.common.utils import escapeHtml
from markupsafe import Markup

from pipeline import markup, textlayout
from pipeline.interface import INTERFACE
from pipeline.locales import LocaleInfo
from pipeline.model import NAME_CONTEXT, Letter, Message, Part, Signatory
from pipeline.progress import LocaleStatus
from pipeline.textlayout import anchor_right_to_left, normalize_text, wrap

TEXT_WIDTH = 72


Key = tuple[str | None, str]  # a message's (context, msgid), as ``Message.key``


class Piece(NamedTuple):
    """A unit's text in the edition's language, or its English source when ``fallback``.

    Its HTML and plain forms come with it (made by ``piece``): every unit is shown in
    both files, and a role or a separator in many descriptions, so each is made once.
    """

    text: str
    fallback: bool
    html: Markup
    plain: str


def piece(text: str, fallback: bool = False) -> Piece:
    if _SPECIAL.search(text) is None:  # most units: names, roles, plain sentences
        return Piece(text, fallback, Markup(text), text)
    if _MARKDOWN.search(text) is None:
        return Piece(text, fallback, Markup(escapeHtml(text)), text)
    return Piece(text, fallback, *markup.forms(text))


#: The characters with which inline Markdown starts in ``markup``'s parser (emphasis, code, links,
#: autolinks, escapes, entities, line breaks) or that it normalises (CR, NUL), and the control
#: characters ``markup`` drops. A text without any of them parses to one text token: its HTML is
#: the text escaped as markdown-it escapes it, its plain form is the text itself, so the parse is
#: skipped.
_MARKDOWN = re.compile(rf"[\\`*_\[\]<&\n{markup.CONTROL_CHARACTERS}]")
#: Those and the other characters ``escapeHtml`` replaces: a text without any is its own HTML.
_SPECIAL = re.compile(rf'[\\`*_\[\]<&\n{markup.CONTROL_CHARACTERS}>"]')


class SignatoryView(NamedTuple):
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


Translate = Callable[[Key], Piece]


def lookup(found: Mapping[Key, str] | None) -> Translate:
    """A lookup over the translations to show, by (context, msgid); ``None`` is the English edition.

    Each unit's piece is made once: roles, organisations and honours recur across signatories.
    """
    pieces: dict[Key, Piece] = {}

    def translate(key: Key) -> Piece:
        made = pieces.get(key)
        if made is None:
            text = found.get(key) if found is not None else None
            if text is not None:
                made = piece(text)
            elif key[0] == NAME_CONTEXT:  # a personal name with no local form: the name itself, not a fallback
                made = _name(key[1])
            else:
                made = piece(key[1], fallback=found is not None)
            pieces[key] = made
        return made

    return translate


@lru_cache(maxsize=1 << 15)
def _name(name: str) -> Piece:
    """The piece of a name shown as written, kept across editions: most names have no local form,
    so a worker rendering one edition after another meets the same 10,000 again."""
    return piece(name)


def edition(letter: Letter, locale: LocaleInfo, translate: Translate, *, draft: bool = False) -> Edition:
    """Translate every unit of the letter for one edition."""
    ui = {name: translate(message.key) for name, message in INTERFACE.named().items()}
    describe = _Pattern.of(ui["description"], INTERFACE.description)
    honour = _Pattern.of(ui["honour"], INTERFACE.honour)
    return Edition(
        locale=locale,
        draft=draft,
        publisher=letter.publisher,
        date=letter.date,
        title=translate((None, letter.title.text)),
        byline=_Pattern.of(ui["byline"], INTERFACE.byline).fill({
            "publisher": (piece(letter.publisher),), "date": (piece(locale.format_date(letter.date)),)}),
        paragraphs=tuple(translate((None, p.text)) for p in letter.paragraphs),
        signatories=tuple(_signatory(signatory, translate, describe, honour) for signatory in letter.signatories),
        ui=ui,
    )


#: ``Part.HONOUR``, looked up once: an enum member is a descriptor, asked for every part of every
#: signatory (a tenth of ``_signatory``'s time).
_HONOUR = Part.HONOUR


def _signatory(signatory: Signatory, translate: Translate, describe: _Pattern, honour: _Pattern) -> SignatoryView:
    """A signatory's name, their description (role, organisation, country joined by the locale's
    pattern, in that order) and their honour."""
    description: tuple[Piece, ...] = ()
    honoured: tuple[Piece, ...] = ()
    for kind, key in signatory.keys:
        part = (translate(key),)
        if kind is _HONOUR:
            honoured = honour.fill({"honour": part})
        else:
            description = describe.fill({"role": description, "organization": part}) if description else part
    return SignatoryView(translate((NAME_CONTEXT, signatory.name.text)), description, honoured)


@dataclass(frozen=True)
class _Pattern:
    """A translated brace pattern, split once per edition: it is filled for every signatory.

    A translated pattern whose placeholders differ from the source's (a typo such
    as ``{rol}``) would lose a value: the English pattern is used instead, and
    ``letter check`` reports the broken translation. An English pattern makes the
    whole phrase English: its words and values form one left-to-right run, so a
    right-to-left page does not reorder its pieces one by one.
    """

    fields: tuple[tuple[Piece | None, str | None], ...]  # (literal, placeholder) as ``string.Formatter`` parses them
    english: bool

    @classmethod
    def of(cls, pattern: Piece, source: Message) -> _Pattern:
        fields = _split(pattern.text)
        if sorted(name for _, name in fields if name) != sorted(name for _, name in _split(source.msgid) if name):
            fields, pattern = _split(source.msgid), piece(source.msgid, fallback=True)
        return cls(tuple((piece(literal, pattern.fallback) if literal else None, name) for literal, name in fields),
                   pattern.fallback)

    def fill(self, values: Mapping[str, tuple[Piece, ...]]) -> tuple[Piece, ...]:
        """Put pieces into the pattern, keeping each piece's own fallback state."""
        out: list[Piece] = []
        for literal, name in self.fields:
            if literal is not None:
                out.append(literal)
            if name:
                out += values[name]
        if self.english:
            return tuple(p._replace(fallback=True) for p in out)
        return tuple(out)


def _split(pattern: str) -> list[tuple[str, str | None]]:
    try:
        return [(literal, name) for literal, name, _spec, _conv in string.Formatter().parse(pattern)]
    except ValueError:  # an unbalanced brace: treated like a pattern with wrong placeholders
        return [(pattern, "\0")]


#: How HTML marks a stretch that fell back to English, so browsers and screen readers treat it as English.
ENGLISH_ATTRIBUTES = Markup(' lang="en" dir="ltr"')


def lang_attributes(unit: Piece) -> Markup:
    """The attributes of an element holding one unit: none, or those of English."""
    return ENGLISH_ATTRIBUTES if unit.fallback else Markup()


def pieces_html(pieces: tuple[Piece, ...]) -> Markup:
    """Pieces as HTML. Adjacent pieces of the same language form one run, so a fallback
    stretch becomes one ``<span lang="en">`` and not one per piece.

    A filter, not a macro: it runs for every signatory, and a Jinja macro call costs
    more than the rest of a signatory's markup.
    """
    return Markup(_html(pieces))


_FALLBACK = attrgetter("fallback")


def _html(pieces: tuple[Piece, ...]) -> str:
    if not any(map(_FALLBACK, pieces)):  # as in every reviewed edition: no English stretch to mark
        return "".join([p.html for p in pieces])
    out: list[str] = []
    for fallback, run in groupby(pieces, _FALLBACK):
        html = "".join([p.html for p in run])
        out.append(f"<span{ENGLISH_ATTRIBUTES}>{html}</span>" if fallback else html)
    return "".join(out)


def plain(pieces: tuple[Piece, ...]) -> str:
    return "".join([p.plain for p in pieces])


def signatories_html(signatories: tuple[SignatoryView, ...]) -> Markup:
    """The list items of all signatories, for the HTML edition.

    Written here, not in letter.html.j2: an edition lists every signatory (10,000 in
    the benchmark's letter, in each of 51 editions), and the template's loop, which
    looks up and escapes every value through Jinja, took more time than the rest of
    the page. Every value is already HTML (``Piece.html``, ``_html``).
    """
    items: list[str] = []
    for s in signatories:
        lang = ENGLISH_ATTRIBUTES if s.name.fallback else ""
        items.append(f'<li>\n<p class="name"><bdi{lang}>{s.name.html}</bdi></p>\n')
        if s.description:
            items.append(f'<p class="description">{_html(s.description)}</p>\n')
        if s.honour:
            items.append(f'<p class="honour">{_html(s.honour)}</p>\n')
        items.append("</li>\n")
    return Markup("".join(items))


def signatories_text(signatories: tuple[SignatoryView, ...]) -> str:
    """The signatories for the plain-text edition: each one's name, description and honour on
    lines of their own, wrapped, and a blank line after them (a filter for the reason
    ``signatories_html`` gives)."""
    out: list[str] = []
    for s in signatories:
        out.append(wrap(s.name.plain, TEXT_WIDTH))
        if s.description:
            out.append(wrap(plain(s.description), TEXT_WIDTH))
        if s.honour:
            out.append(wrap(plain(s.honour), TEXT_WIDTH))
        out.append("")
    return "\n".join(out) + "\n" if out else ""


def wrap_text(text: str) -> str:
    """A paragraph of the plain-text edition, in lines of ``TEXT_WIDTH`` columns."""
    return wrap(text, TEXT_WIDTH)


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
    env.filters["wrap"] = wrap_text
    env.filters["plain"] = plain
    env.filters["pieces"] = pieces_html
    env.filters["lang"] = lang_attributes
    env.filters["signatories_html"] = signatories_html
    env.filters["signatories_text"] = signatories_text
    return env


def preload(locales: Iterable[LocaleInfo]) -> None:
    """Load what rendering any edition loads on first use: the templates, the locales' names and
    directions from CLDR (every edition links to every other, by its name in its language), and
    the tables the plain-text wrapping makes from unicodedata.

    The build calls this while its workers read catalogs: it names every edition in the pages
    it finishes then, and the workers it forks afterwards, for editions whose catalogs were not
    read, find it all in memory instead of each loading it again (some 0.2 s a worker for 50 locales).
    """
    _page()
    environment().get_template("letter.txt.j2")
    for locale in locales:
        _ = locale.native_name, locale.direction  # kept by the locale from now on
    textlayout.preload()


class Frame(NamedTuple):
    """What the page around an edition's article shows of the edition: its locale, title,
    description and interface words, without the paragraphs and signatories (see ``render_frame``)."""

    edition: Edition
    description: str


def frame_of(view: Edition) -> Frame:
    return Frame(replace(view, paragraphs=(), signatories=()), _description(view))


def render_article(view: Edition) -> str:
    """The article of an edition's page: the letter and its signatories, nearly all of the page.

    It does not depend on which other editions there are, so the build renders it as soon as
    the edition's catalog is read, before the others are.
    """
    return str(_page().article(view))


def render_frame(frame: Frame, alternates: tuple[Alternate, ...], site_url: str) -> tuple[str, str]:
    """The top and bottom of an edition's page, around its article: the head and the language
    list, which name every edition in ``alternates``."""
    page = _page()
    return (str(page.top(frame.edition, frame.description, site_url, alternates)),
            str(page.bottom(frame.edition, alternates)))


def _page() -> Any:
    """The macros of ``letter.html.j2``: ``top``, ``article`` and ``bottom``, which ``build.page`` joins."""
    return environment().get_template("letter.html.j2").module


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
    return wrap(text, 157).split("\n", 1)[0] + "…"

