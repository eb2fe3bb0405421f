"""What an edition shows: the letter × a locale's catalog → pieces, each in a state.

Building an edition walks the letter in reading order and asks the catalog for
each unit. What it gets back is a ``Piece``: the text to show, its HTML and plain
forms, and its ``State``, which says what the reader must be told about that text
(whether it is the English source standing in for a missing translation).
``render`` turns pieces into HTML and plain text; nothing here knows a template,
and inline Markdown is turned into HTML by ``markup`` as a piece is made.
"""
from __future__ import annotations

import datetime
import re
import string
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import NamedTuple

from markdown_it.common.utils import escapeHtml
from markupsafe import Markup

from pipeline import markup, numerals
from pipeline.interface import INTERFACE, keeps_placeholders
from pipeline.locales import UNSPACED, LocaleInfo
from pipeline.model import Key, Letter, Message, Part, Signatory, is_name


class State(Enum):
    """What a piece's text is, as far as its reader must be told: every kind of text an edition
    shows is one of these, and ``render`` marks each kind that is not ``CURRENT``.

    A published edition shows a signatory part added after publication in ``ENGLISH`` until
    it is reviewed, and a revised paragraph's last reviewed translation as ``CURRENT``: the
    edition's ``notice`` says that its English was revised since (``publication``).
    """

    #: In the edition's language and up to date: a translation (a draft only in a draft edition),
    #: a personal name as written, or the English of the English edition.
    CURRENT = "current"
    #: The English source, for a unit the edition has no translation to show: marked ``lang="en"``.
    ENGLISH = "english"


#: The states, looked up once: an enum member is a descriptor, and a piece is made for every unit.
CURRENT, ENGLISH = State.CURRENT, State.ENGLISH


class Piece(NamedTuple):
    """A unit's text as the edition shows it, and its state.

    Its HTML and plain forms come with it (made by ``piece``): every unit is shown in
    both files, and a role or a separator in many descriptions, so each is made once.
    """

    text: str
    state: State
    html: Markup
    plain: str


def piece(text: str, state: State = CURRENT) -> Piece:
    if ("-" in text or "\u2014" in text or "\u2013" in text or "\u2015" in text) and _DASH_AFTER_SPACE.search(text):
        text = _no_break_before_dashes(text)  # (the dashes looked for first: most texts have none)
    if _SPECIAL.search(text) is None:  # most units: names, roles, plain sentences
        return Piece(text, state, Markup(text), text)
    if _SHAPED.search(text) is None:
        return Piece(text, state, Markup(escapeHtml(text)), text)
    return Piece(text, state, *markup.forms(text))


def _no_break_before_dashes(text: str) -> str:
    """The space before a dash set off by spaces (" — ", " – ", " - " typed for one) made a no-break
    space, a thin space a narrow one, outside code: the dash stays on the line of the word before it, in
    every edition, since a line that began with one would read as a line of dialogue or of a list."""
    spans = _CODE_SPAN.split(text) if "`" in text else [text]
    return "".join(span if n % 2 else _SPACED_DASH.sub(lambda space: _NO_BREAK[space.group()], span)
                   for n, span in enumerate(spans))


#: A space or a thin space, then a dash (em, en, horizontal bar, or a hyphen typed for one) and another.
_SPACED_DASH = re.compile("[ \u2009](?=[-\u2013\u2014\u2015][ \u2009])")
_DASH_AFTER_SPACE = re.compile("[ \u2009][-\u2013\u2014\u2015]")
_NO_BREAK = {" ": "\u00a0", "\u2009": "\u202f"}
#: Inline code, which shows its text as typed: `a — b`.
_CODE_SPAN = re.compile("(`+[^`]*`+)")
#: A text without any of ``markup.SHAPED`` parses to one text token, as it is written: its HTML is the
#: text escaped as markdown-it escapes it, its plain form is the text itself.
_SHAPED = markup.SHAPED
#: Those and the other characters ``escapeHtml`` replaces: a text without any is its own HTML.
_SPECIAL = re.compile(f"[{markup.MARKDOWN_STARTS}'>\"]")


class SignatoryView(NamedTuple):
    name: Piece
    description: tuple[Piece, ...]  # role, separators and organisation, in the locale's order
    honour: tuple[Piece, ...]


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
    notice: tuple[Piece, ...] = ()  # that the English was revised since this translation was reviewed
    corrected: tuple[Piece, ...] = ()  # the day the English was last corrected after publication
    modified: datetime.date | None = None  # its latest revision's day, as it tells it: the page's and PDF's metadata
    zero: str = "0"  # the zero of the digits its translation writes numbers in (numerals.digit_zero)

    @property
    def after_notice(self) -> str:
        """What comes between the notice and its link to the English edition, a sentence after it: nothing
        in Chinese or Japanese, where "。" ends one sentence and the next follows it, and a space where
        the notice is shown in English."""
        return " " if self.notice and self.notice[-1].state is ENGLISH else self.locale.sentence_space


Translate = Callable[[Key], Piece]


def lookup(found: Mapping[Key, str] | None) -> Translate:
    """A lookup over the translations to show (``publication.shown``), by (context, msgid); ``None`` is
    the English edition.

    Each unit's piece is made once: roles, organisations and honours recur across signatories.
    """
    pieces: dict[Key, Piece] = {}
    missing = ENGLISH if found is not None else CURRENT  # what a unit without a translation shows

    def translate(key: Key) -> Piece:
        made = pieces.get(key)
        if made is None:
            text = found.get(key) if found is not None else None
            if text is not None:
                # In NFC, as the English is (the check fails a translation that is not): the HTML, the PDF
                # and the plain text show the same characters, and the page's find matches what is typed.
                made = piece(text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text))
            elif is_name(key[0]):  # a personal name with no local form: the name itself, not English
                made = _name(key[1])
            else:
                made = piece(key[1], missing)
            pieces[key] = made
        return made

    return translate


@lru_cache(maxsize=1 << 15)
def _name(name: str) -> Piece:
    """The piece of a name shown as written, kept across editions: most names have no local form,
    so a worker rendering one edition after another meets the same 10,000 again."""
    return piece(name)


def edition(letter: Letter, locale: LocaleInfo, translate: Translate, *, draft: bool = False,
            revised: datetime.date | None = None) -> Edition:
    """Translate every unit of the letter for one edition; ``revised``, the day the English of a
    paragraph it shows was revised since its translation was reviewed, puts a notice at its top.
    The notice gives the day the front matter dates the correction (``letter.revised``) when it
    does, as the English edition does, so that no two editions date one correction differently;
    ``revised`` is the day ``letter extract`` saw it."""
    ui = {name: translate(message.key) for name, message in INTERFACE.named().items()}
    describe = (_Pattern.of(ui["description"], INTERFACE.description, locale),
                _Pattern.of(piece(INTERFACE.description.msgid, ENGLISH), INTERFACE.description, locale))
    honour = _Pattern.of(ui["honour"], INTERFACE.honour, locale)
    kept_whole = _kept_whole() if locale.script in UNSPACED else None
    # WeasyPrint orders the Latin words of a right-to-left line by their elements: a span around one inside
    # Arabic text moved it ("International Croix-Rouge"). There, only English, which is isolated, is marked.
    compounds = _compounds if locale.direction == "ltr" else _english_compounds
    title = translate((None, letter.title.text))
    # None of a paragraph shown empty: one split off another since, whose last reviewed translation says it.
    paragraphs = tuple(shown for p in letter.paragraphs if (shown := translate((None, p.text))).text)
    zero = numerals.digit_zero(text.plain for text in (title, *paragraphs))

    def day(date: datetime.date) -> tuple[Piece]:
        return (piece(numerals.in_digits(locale.format_date(date), zero)),)

    return Edition(
        locale=locale,
        draft=draft,
        publisher=translate(letter.publisher_key).plain,
        date=letter.date,
        title=title,
        byline=_Pattern.of(ui["byline"], INTERFACE.byline, locale).fill({
            "publisher": (translate(letter.publisher_key),), "date": day(letter.date)}),
        paragraphs=paragraphs,
        signatories=tuple(_signatory(signatory, translate, describe, honour, kept_whole, compounds)
                          for signatory in letter.signatories),
        ui=ui,
        notice=_Pattern.of(ui["revised"], INTERFACE.revised, locale).fill(
            {"date": day(letter.revised or revised)}) if revised else (),
        # While the edition still waits for the correction's review, its notice says so instead.
        corrected=_Pattern.of(ui["corrected"], INTERFACE.corrected, locale).fill(
            {"date": day(letter.revised)}) if letter.revised and not revised else (),
        modified=letter.revised or revised,
        zero=zero,
    )


#: ``Part.HONOUR``, looked up once: an enum member is a descriptor, asked for every part of every
#: signatory.
_HONOUR = Part.HONOUR


def _signatory(signatory: Signatory, translate: Translate, describe: tuple[_Pattern, _Pattern], honour: _Pattern,
               kept_whole: Callable[[Piece], Piece] | None, compounds: Callable[[Piece], Piece]) -> SignatoryView:
    """A signatory's name, their description (role, organisation, country joined by the locale's
    pattern, in that order; each part after the first ``kept_whole``, where it is given, and its own
    parts too where a dot joins them) and their honour, their ``compounds`` marked (the name's always:
    a ``<bdi>`` isolates it). A description whose every part awaits
    translation is joined as English joins it ("Former Minister of Health, Norway"): in the locale's
    order (Chinese puts the country first) English words would read scrambled."""
    honoured: tuple[Piece, ...] = ()
    parts: list[Piece] = []
    for kind, key in signatory.keys:
        if kind is _HONOUR:
            honoured = honour.fill({"honour": (compounds(translate(key)),)})
        else:
            parts.append(compounds(translate(key)))
    # (The first part asked first: in most editions it is translated, and that settles it.)
    joining = describe[1] if len(parts) > 1 and parts[0].state is ENGLISH and all(
        part.state is ENGLISH for part in parts) else describe[0]
    description: tuple[Piece, ...] = ()
    for part in parts:
        description = joining.fill({"role": description, "organization": (part,)}) if description else (part,)
    if kept_whole is not None and len(parts) > 1 and not joining.english:  # English has spaces to break at
        description = (description[0], *[kept_whole(_at_dots(p)) if p in parts else p for p in description[1:]])
    name = translate(signatory.name_key)
    if kept_whole is not None:
        name = _at_dots(name)
    return SignatoryView(_compounds(name), description, honoured)


def _compounds(text: Piece) -> Piece:
    """``text`` with each compound of its HTML's text (``_COMPOUND``, "États-Unis") marked ``<span class="compound">``,
    which the stylesheets keep whole on a line where it fits, and break at its hyphen where it does not: the engines
    break a line after any hyphen between letters, and a proper name is not divided ("Ancienne secrétaire
    d'État, États- / Unis"). Its text, and so what a reader finds or copies, is the same."""
    if "-" not in text.text and "\u2010" not in text.text:  # most texts: looked for first
        return text
    return _marked(text)


def _english_compounds(text: Piece) -> Piece:
    """``_compounds`` of an English piece, which a right-to-left edition isolates (``lang="en" dir="ltr"``)."""
    return _compounds(text) if text.state is ENGLISH else text


#: Words of letters joined by hyphens (U+002D, U+2010), one of them capitalised: a proper name (États-Unis,
#: Bosnie-Herzégovine, Jean-Pierre, Nordrhein-Westfalen, Saint-Jean-de-Luz, Ki-moon, el-Baradei) or a title written
#: as one (Director-General). A compound of lower-case words (sous-secrétaire, премьер-министр) may break at its
#: hyphen, as every language's rules allow. Cased scripts only: Arabic, Hebrew and the scripts written without spaces
#: have no capitals (a Latin name inside them is marked). An apostrophe is part of a word (Saint-Jean-d’Angély), and
#: so is a character the HTML escapes (AT&amp;T-Mobile): marking only the letters after one would let a line end there.
_ENTITY = "&#?\\w+;"
_WORD = f"(?:[^\\W\\d_]|{_ENTITY})(?:[\\w\u0300-\u036f'\u2019]|{_ENTITY})*"  # letters, digits, accents, apostrophes
_COMPOUND = re.compile(f"(?<![\\w\u2010-]){_WORD}(?:[-\u2010]{_WORD})+(?![\\w\u2010-])")
_HYPHENS = re.compile("[-\u2010]")
#: A tag of a piece's HTML, whose attributes (a link's address) are no text to mark.
_TAG = re.compile("(<[^>]*>)")


def _compound(match: re.Match[str]) -> str:
    found = match.group()
    if not any(word[:1].isupper() for word in _HYPHENS.split(found)):
        return found
    return f'<span class="compound">{found}</span>'


@lru_cache(maxsize=1 << 12)
def _marked(text: Piece) -> Piece:
    html = "".join(segment if n % 2 else _COMPOUND.sub(_compound, segment)
                   for n, segment in enumerate(_TAG.split(text.html)))
    return text if html == text.html else text._replace(html=Markup(html))


#: Where a name written without spaces may break: after the dot or the double hyphen between two of its
#: parts in Han or kana (Chinese 费尔南多·恩里克·卡多佐, Japanese グロ・ハーレム・ブルントラント,
#: ンゴジ・オコンジョ＝イウェアラ); never in a Latin name such as Marcel·lí, which breaks at its spaces.
_WRITTEN = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
_NAME_PARTS = re.compile(f"(?<=[{_WRITTEN}][\u00b7\u2027\u30fb\u30a0\uff1d\uff65])(?=[{_WRITTEN}])")


def _at_dots(text: Piece) -> Piece:
    """``text`` in its parts (``_in_parts``) where a dot joins them, else as it is: a name, or an organisation
    too long for its line, which broke inside a word ("サイバーピース・インスティテュー / ト")."""
    return _in_parts(text) if _NAME_PARTS.search(text.text) else text


@lru_cache(maxsize=1 << 12)
def _in_parts(name: Piece) -> Piece:
    """A name whose parts a line breaks between, never inside one ("グロ・ハーレム・ブルントラン / ト"): each
    part marked as a description's are (``_kept_whole``), in the scripts written without spaces. Markup
    across a dot (an emphasis, a link: "[サイバーピース・インスティテュート](https://…)") is no part's alone,
    and a part would show its marks as text: such a name is left as it is."""
    parts = [piece(part).html for part in _NAME_PARTS.split(name.text)]
    if "".join(parts) != name.html:
        return name
    return name._replace(html=Markup("".join(f'<span class="part">{part}</span>' for part in parts)))


def _kept_whole() -> Callable[[Piece], Piece]:
    """A piece whose HTML is marked as one part (``<span class="part">``), which the stylesheets keep
    whole on a line where it fits, and break where it does not; made once a piece.

    For the scripts written without spaces (``locales.UNSPACED``), which the engines break between any
    two characters: a description broken where its line is full may break a word ("首席执 / 行官").
    There, each part of a description after the first is kept whole: a line breaks before it, not
    inside it. (Not the first, whose line breaks where it is full: each part marked is a box more for
    every signatory of a PDF to lay out.)"""
    # By the piece itself, not by its value, whose hash is its state's, an Enum's, in Python; the piece is
    # kept with its mark, so that its id is no other's while the edition is made.
    marked: dict[int, tuple[Piece, Piece]] = {}

    def part(piece: Piece) -> Piece:
        kept = marked.get(id(piece))
        if kept is None:
            kept = marked[id(piece)] = (piece, piece._replace(html=Markup(f'<span class="part">{piece.html}</span>')))
        return kept[1]

    return part


@dataclass(frozen=True)
class _Pattern:
    """A translated brace pattern, split once per edition: it is filled for every signatory.

    A translated pattern whose placeholders differ from the source's
    (``interface.keeps_placeholders``: a typo such as ``{rol}``, a field twice) would lose
    or repeat a value: the English pattern is used instead, and ``letter check``
    reports the broken translation. An English pattern makes the
    whole phrase English: its words and values form one left-to-right run, so a
    right-to-left page does not reorder its pieces one by one. A value in the
    edition's language (a date the locale formats, a translated role) is marked
    with that language inside the run, so that a screen reader does not speak it
    as English, nor a right-to-left one lay it out left to right.
    """

    fields: tuple[tuple[Piece | None, str | None], ...]  # (literal, placeholder) as ``string.Formatter`` parses them
    english: bool
    own: Markup  # how a value in the edition's language is marked in an English phrase: its element, opened

    @classmethod
    def of(cls, pattern: Piece, source: Message, locale: LocaleInfo) -> _Pattern:
        if not keeps_placeholders(pattern.text, source.msgid):
            pattern = piece(source.msgid, ENGLISH)
        fields = _split(pattern.text)
        return cls(tuple((piece(literal, pattern.state) if literal else None, name) for literal, name in fields),
                   pattern.state is ENGLISH, Markup('<span lang="{}" dir="{}">').format(locale.tag, locale.direction))

    def fill(self, values: Mapping[str, tuple[Piece, ...]]) -> tuple[Piece, ...]:
        """Put pieces into the pattern, keeping each piece's own state unless the pattern is English, whose
        run holds them all, a value in the edition's language marked as such within it (``own``).
        Two English values that the pattern joins with nothing (Chinese puts the organisation right
        before the role) keep a space between them, as English does."""
        out: list[Piece] = []
        for literal, name in self.fields:
            if literal is not None:
                out.append(literal)
            if name:
                value = values[name]
                if literal is None and out and value and out[-1].state is ENGLISH and value[0].state is ENGLISH:
                    out.append(_ENGLISH_SPACE)
                out += value
        if self.english:
            return tuple(p if p.state is ENGLISH else
                         p._replace(state=ENGLISH, html=Markup(f"{self.own}{p.html}</span>")) for p in out)
        return tuple(out)


_ENGLISH_SPACE = piece(" ", ENGLISH)


def _split(pattern: str) -> list[tuple[str, str | None]]:
    """The pattern's literals and fields; its placeholders are its English's (``_Pattern.of``), which parse."""
    return [(literal, name) for literal, name, _spec, _conv in string.Formatter().parse(pattern)]
