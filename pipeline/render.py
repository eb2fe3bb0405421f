"""An edition's pieces → its HTML page and its plain text, and the site's other pages.

Templates (``pipeline/templates/``) receive only pieces and plain values; Jinja2's
autoescaping escapes every translation, and a piece's HTML was made by ``markup``
from its inline Markdown. A piece that is not ``CURRENT`` is marked: English
stretches get ``lang="en"``. The plain text is wrapped and anchored by ``textlayout``.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from itertools import groupby
from operator import attrgetter
from typing import Any, NamedTuple

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from pipeline import textlayout
from pipeline.edition import ENGLISH, Edition, Piece, SignatoryView
from pipeline.locales import KEPT_WHOLE, LocaleInfo
from pipeline.progress import LocaleStatus
from pipeline.textlayout import anchor_right_to_left, normalize_text, wrap

TEXT_WIDTH = 72


@dataclass(frozen=True)
class Alternate:
    """A link to one edition, for the language chooser and hreflang."""

    locale: LocaleInfo
    href: str  # relative to the site root: "fr/"


#: The colons after which a title goes on to say more: ASCII before a space (not the one of 10:30) and
#: fullwidth (Chinese, Japanese).
TITLE_COLON = re.compile(r"\s*(?::(?=\s)|：)")

#: How HTML marks an English piece, so browsers and screen readers treat it as English.
ENGLISH_ATTRIBUTES = Markup(' lang="en" dir="ltr"')
#: Those of an element in the edition's language: none (made once, as a name of every signatory asks).
NO_ATTRIBUTES = Markup()


def lang_attributes(unit: Piece) -> Markup:
    """The attributes of an element holding one unit: none, or those of English."""
    return ENGLISH_ATTRIBUTES if unit.state is ENGLISH else NO_ATTRIBUTES


def title_html(title: Piece) -> Markup:
    """A title's HTML, what it goes on to say after its first colon marked as its subtitle
    (``<span class="subtitle">``), which a Chinese or Japanese PDF sets on a line of its own: written
    without spaces, a title broken only where its line is full may break a word ("…部门的网 / 络攻击").
    A colon after markup (a link, emphasis) leaves the title whole."""
    html = title.html
    match = TITLE_COLON.search(html)
    if match is None or "<" in html[:match.end()]:
        return html
    return Markup(f'{html[:match.end()]}<span class="subtitle">{html[match.end():]}</span>')


def pieces_html(pieces: tuple[Piece, ...]) -> Markup:
    """Pieces as HTML. Adjacent pieces of the same state form one run, so an English
    stretch becomes one ``<span lang="en">`` and not one per piece.

    A filter, not a macro: it runs for every signatory, and a Jinja macro call costs
    more than the rest of a signatory's markup.
    """
    return Markup(_html(pieces))


_STATE, _HTML, _PLAIN = attrgetter("state"), attrgetter("html"), attrgetter("plain")


def _html(pieces: tuple[Piece, ...]) -> str:
    if ENGLISH not in map(_STATE, pieces):  # as in every reviewed edition: no English stretch to mark
        return "".join(map(_HTML, pieces))
    out: list[str] = []
    for state, run in groupby(pieces, _STATE):
        html = "".join(map(_HTML, run))
        out.append(f"<span{ENGLISH_ATTRIBUTES}>{html}</span>" if state is ENGLISH else html)
    return "".join(out)


def plain(pieces: tuple[Piece, ...]) -> str:
    return "".join(map(_PLAIN, pieces))


def signatories_html(signatories: tuple[SignatoryView, ...]) -> Markup:
    """The list items of all signatories, for the HTML edition.

    Written here, not in letter.html.j2: an edition lists every signatory, and the
    template's loop, which looks up and escapes every value through Jinja, would cost
    more than the rest of the page. Every value is already HTML (``Piece.html``, ``_html``).
    """
    items: list[str] = []
    for name, description, honour in signatories:
        items.append(f'<li>\n<p class="name"><bdi{lang_attributes(name)}>{name.html}</bdi></p>\n')
        if description:
            items.append(f'<p class="description">{_html(description)}</p>\n')
        if honour:
            items.append(f'<p class="honour">{_html(honour)}</p>\n')
        items.append("</li>\n")
    return Markup("".join(items))


def signatories_text(signatories: tuple[SignatoryView, ...], locale: LocaleInfo) -> str:
    """The signatories for the plain-text edition in ``locale``: each one's name, description and honour on
    lines of their own, wrapped (``wrap_text``), and a blank line after them (a filter for the reason
    ``signatories_html`` gives)."""
    keep_all = locale.script in KEPT_WHOLE
    out: list[str] = []
    for name, description, honour in signatories:
        out.append(wrap(name.plain, TEXT_WIDTH, keep_all))
        if description:
            out.append(wrap(plain(description), TEXT_WIDTH, keep_all))
        if honour:
            out.append(wrap(plain(honour), TEXT_WIDTH, keep_all))
        out.append("")
    return "\n".join(out) + "\n" if out else ""


def wrap_text(text: str, locale: LocaleInfo) -> str:
    """A paragraph of the plain-text edition in ``locale``, in lines of ``TEXT_WIDTH`` columns, which end
    between two words of Korean, not inside one (``locales.KEPT_WHOLE``), as its web page and PDF break it."""
    return wrap(text, TEXT_WIDTH, locale.script in KEPT_WHOLE)


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
    env.filters["title"] = title_html
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
    read, find it all in memory instead of each loading it again.
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
    description: str  # the page's meta description: the opening, cut near 160 characters
    subject: str      # the PDF's subject: the opening's first sentence, whole


def frame_of(view: Edition) -> Frame:
    return Frame(replace(view, paragraphs=(), signatories=()), _description(view), _subject(view))


def render_article(view: Edition) -> str:
    """The article of an edition's page: the letter and its signatories, nearly all of the page.

    It does not depend on which other editions there are, so the build renders it as soon as
    the edition's catalog is read, before the others are.
    """
    return str(_page().article(view))


def render_frame(frame: Frame, alternates: tuple[Alternate, ...], site_url: str, pdf: bool = False) -> tuple[str, str]:
    """The top and bottom of an edition's page, around its article: the head and the language
    list, which name every edition in ``alternates``, and the links to its other files (its PDF
    when ``pdf``)."""
    page = _page()
    return (str(page.top(frame.edition, frame.description, site_url, alternates)),
            str(page.bottom(frame.edition, alternates, pdf)))


def _page() -> Any:
    """The macros of ``letter.html.j2``: ``top``, ``article`` and ``bottom``, which ``build.one_edition.page`` joins."""
    return environment().get_template("letter.html.j2").module


def render_text(view: Edition, site_url: str) -> str:
    """An edition's plain text; its notice of a revised English names the English edition's address
    where ``site_url`` gives one (a page's link is relative; a text file read alone has none to follow)."""
    text = normalize_text(environment().get_template("letter.txt.j2").render(edition=view, site_url=site_url))
    return anchor_right_to_left(text) if view.locale.direction == "rtl" else text


def render_index(editions: tuple[Alternate, ...], ui: Edition, site_url: str, pdfs: tuple[str, ...] = ()) -> str:
    """The site's front page: every edition, with its plain text and, for the tags in ``pdfs``, its PDF."""
    return environment().get_template("index.html.j2").render(
        editions=editions, edition=ui, site_url=site_url, description=_description(ui), pdfs=pdfs)


def render_moved(target: Alternate, site_url: str) -> str:
    """The page at an edition's old address (``[tool.letter] moved``), sending readers on to ``target``."""
    return environment().get_template("moved.html.j2").render(target=target, site_url=site_url)


def render_status(locales: list[LocaleStatus], total: int, kept: frozenset[str] = frozenset()) -> str:
    """The progress page: a bar per locale, and what each published one waits for; a locale listed as
    published that cannot be, whose edition is ``kept`` as the last build made it, links that edition."""
    return environment().get_template("status.html.j2").render(locales=locales, total=total, kept=kept)


# Badge colours as Weblate's: complete, well on the way, barely started.
BADGE_COLORS = ((100.0, "#4c1"), (75.0, "#dfb317"), (0.0, "#e05d44"))


def render_badge(item: LocaleStatus) -> str:
    """An SVG badge of a locale's reviewed percentage, like the ones Weblate serves."""
    percent = item.progress.percent
    value = item.progress.shown
    color = next(color for floor, color in BADGE_COLORS if percent >= floor)
    # Verdana 11px averages about 7 px a character; the badge pads 10 px on each side.
    return environment().get_template("badge.svg.j2").render(
        label=item.locale.tag, value=value, color=color,
        left=10 + 7 * len(item.locale.tag), right=10 + 7 * len(value))


def _subject(view: Edition) -> str:
    """The opening's first sentence, by Unicode's sentence boundaries (uniseg): a document's subject
    is read whole, where a search result's snippet is cut. Those boundaries also fall after an
    abbreviation or an ordinal before a capital ("Seit dem 11. März", "z. B. Krankenhäuser"): a first
    "sentence" of a few words is such a cut, and the description stands instead."""
    from uniseg.sentencebreak import sentences
    text = _opening(view)
    first = next(iter(sentences(text)), text).strip()
    return first if len(first) >= min(len(text.strip()), SHORTEST_SUBJECT) else _description(view)


#: Characters below which a first sentence is taken for a cut at an abbreviation.
SHORTEST_SUBJECT = 40


def _opening(view: Edition) -> str:
    """The opening paragraph as plain text, or the title of a letter without paragraphs."""
    return view.paragraphs[0].plain if view.paragraphs else view.title.plain


def _description(view: Edition) -> str:
    """The meta description: the opening paragraph as plain text, cut at a word near 160 characters (between
    two words of Korean, as ``wrap_text`` breaks it)."""
    text = _opening(view)
    if len(text) <= 160:
        return text
    return wrap(text, 157, view.locale.script in KEPT_WHOLE).split("\n", 1)[0] + "…"

