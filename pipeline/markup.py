"""Inline Markdown inside messages: emphasis, strong emphasis, links and code.

A paragraph keeps its inline Markdown inside the message, so the translator
moves the emphasis and the link with the words. This module turns such text into
safe HTML (raw HTML is escaped, link schemes are allow-listed) and into plain
text, with markdown-it-py doing the parsing.
"""
from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import cache, lru_cache
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markupsafe import Markup

from pipeline.textlayout import CJK
from pipeline.wording import QUOTED, shorten

#: Link schemes a published edition may point to; anything else (javascript:,
#: data:, vbscript:, file: ...) is not made into a link.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

#: An address written out: it ends before a space, a bracket or quote, the punctuation after it, ASCII or
#: fullwidth, and CJK text (``请致信info@example.org。``). A mail address's name is read with classes alone
#: (every word of a text is tried as one), its domain word by word.
_NOT_IN_NAME = rf"\s\"'(),:;<>@\[\\\]`{{|}}~!#$%&*=?^/\u00a0-\u00bf\u2000-\u206f\u060c\u061b\u061f\u0964\u0965{CJK}"
_LABEL = rf"[^\W{CJK}]+(?:-+[^\W{CJK}]+)*"
URL = re.compile(rf"(?:https?://|www\.)[^\s<>()\"'{CJK}]+"
                 rf"[^\s<>()\"'.,;:!?\u2026\u2018-\u201f\u00ab\u00bb{CJK}]"
                 rf"|[^\W{CJK}][^{_NOT_IN_NAME}]*@{_LABEL}(?:\.{_LABEL})+")


def is_safe_url(url: str) -> bool:
    """True for web and mail links. Not for one without a scheme (``foo.html``, ``#top``, ``//host/``):
    the editions are read far from any site (a PDF attached to an email, a plain text), where such a
    link leads nowhere, or to whatever the reader's page is served from."""
    return urlsplit(url.strip()).scheme.lower() in SAFE_SCHEMES


#: An HTML tag as a writer might type one, whole (an autolink such as <https://…> is not one, nor x<y):
#: the editions show it as text.
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
#: An inline link's address, as written after "](" (the scheme is all :func:`unmade_links` needs).
LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)")


def unmade_links(text: str) -> list[str]:
    """What is said of each link in ``text`` that an edition does not make into a link, its address
    not being a web or mail address (``javascript:``, ``foo.html``): the reader would see ``[words](…)``
    as text. "a link to a javascript: address", "a link to 'foo.html', which names no site"."""
    return [_unmade(target) for target in LINK_TARGET.findall(text) if not is_safe_url(target)] \
        if "](" in text else []


def _unmade(target: str) -> str:
    scheme = urlsplit(target.strip()).scheme
    if scheme:
        return f"a link to a {scheme}: address"
    return f"a link to {_quoted(target)}, which names no site," if target else "a link to no address"


@cache
def _parser() -> MarkdownIt:
    # "zero" enables only what we turn on: inline emphasis, links, code and escapes.
    # Raw HTML stays disabled, so "<script>" is text, escaped on output.
    # Smart quotes set a typed apostrophe (don't, Ra'ad, students') as ’, outside code and addresses,
    # as Hugo and Pandoc do; quotation marks are each language's own, so they are left as typed.
    parser = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": True, "quotes": "\"\"''"})
    parser.enable(["emphasis", "link", "backticks", "escape", "entity", "newline", "autolink", "smartquotes"])
    parser.core.ruler.before("smartquotes", "addresses_as_typed", _addresses_as_typed)
    parser.validateLink = is_safe_url  # type: ignore[method-assign]
    return parser


def _addresses_as_typed(state: StateCore) -> None:
    """An autolink's text is its address (<o'brien@example.org>), which smart quotes would change as they
    change words: it is marked as escaped text, which they skip, and which ``text_join`` makes text again."""
    for block in state.tokens:
        inside = False
        for token in block.children or () if block.type == "inline" else ():
            if token.type in ("link_open", "link_close"):
                inside = token.type == "link_open" and token.info == "auto"
            elif inside and token.type == "text":
                token.type = "text_special"


# Control characters (C0 and C1 but tab and newline) are never content: in a page they are
# invalid, in a plain-text file an escape sequence would drive the reader's terminal.
CONTROL_CHARACTERS = "\x00-\x08\x0b-\x1f\x7f-\x9f"  # as a regular expression's class
# Invisible characters that only cause trouble in a published text. Joiners (U+200C, U+200D)
# and directional marks (U+200E, U+200F, U+061C) are left alone: scripts and bidi need them.
# The embeddings, overrides and isolates reorder what a reader sees against the bytes (Trojan Source).
INVISIBLE = {"\u200b": "ZERO WIDTH SPACE", "\u2060": "WORD JOINER", "\ufeff": "ZERO WIDTH NO-BREAK SPACE",
             "\u00ad": "SOFT HYPHEN", "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO",
             "\u202e": "RLO", "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI"}
#: The invisible characters above and the controls but tab and newline (all of category Cc but those two).
UNWANTED_CHARACTERS = re.escape("".join(INVISIBLE)) + CONTROL_CHARACTERS  # as a regular expression's class
UNWANTED = re.compile(f"[{UNWANTED_CHARACTERS}]")


def unwanted(text: str) -> str | None:
    """What to say of the first character in ``text`` that is never content, invisible in an editor
    and trouble in an edition (an invisible or control character), or None: for the English as for
    a translation. Its position is counted from 1, as people count: "position 1" is the first character."""
    first = UNWANTED.search(text)
    if first is not None:
        return f"{_named(first.group())} at position {first.start() + 1}; remove it"
    for reference in CHARACTER_REFERENCE.finditer(text) if "&" in text else ():
        found = UNWANTED.search(html.unescape(reference.group()))
        if found is not None:
            # Markdown turns the reference into the character itself.
            where = f"written as {reference.group()}, at position {reference.start() + 1}"
            return f"{_named(found.group())}, {where}; remove it"
    return None


#: A character reference, as CommonMark reads one (the name or number and its semicolon).
CHARACTER_REFERENCE = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});")


def _named(char: str) -> str:
    return (f"invisible character {INVISIBLE[char]} (U+{ord(char):04X})" if char in INVISIBLE
            else f"control character U+{ord(char):04X}")


#: The characters with which inline Markdown starts in this parser (emphasis, code, links,
#: autolinks, escapes, entities, line breaks) or that it normalises (CR, NUL), and the unwanted
#: characters ``forms`` drops (as a regular expression's class): a text without any of them parses
#: to one text token, so callers that meet many texts skip the parse for it.
MARKDOWN_STARTS = rf"\\`*_\[\]<&\n{UNWANTED_CHARACTERS}"
MAY_HOLD_MARKDOWN = re.compile(f"[{MARKDOWN_STARTS}]")
#: Those and the typed apostrophe, which ``forms`` sets as the typographer's (’): a text without any
#: of them is shown as it is written.
SHAPED = re.compile(f"[{MARKDOWN_STARTS}']")


def forms(text: str) -> tuple[Markup, str]:
    """Inline Markdown as HTML, safe to insert into a page, and as plain text (markers dropped,
    a link followed by its address), from one parse: every unit is shown in both editions.

    The characters ``unwanted`` names are left out, written as themselves or as character references
    (``&#x202E;``): the English cannot hold them, and a translation that does fails ``letter check``,
    but a build does not publish a direction override or a zero-width space on the strength of that
    alone."""
    parser, env = _parser(), {}
    if "&" in text:  # a character reference may stand for any character, one of those too: dropped from its own parse
        blocks: Sequence[Token] = parser.parseInline(UNWANTED.sub("", text), env)
        for token in _children(blocks):
            token.content = UNWANTED.sub("", token.content)
    else:
        blocks = _parsed(UNWANTED.sub("", text))
    return Markup(parser.renderer.render(blocks, parser.options, env)), _plain(_children(blocks))


def _plain(tokens: list[Token]) -> str:
    out: list[str] = []
    open_links: list[tuple[str, int]] = []  # (target, where its label starts in out)
    for token in tokens:
        if token.type in ("text", "code_inline"):
            out.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif token.type == "link_open":
            open_links.append((str(token.attrs.get("href", "")), len(out)))
        elif token.type == "link_close":
            target, start = open_links.pop()
            label = "".join(out[start:])
            # An autolink's label already is its address: do not print it twice.
            if target and target.removeprefix("mailto:") != label:
                out.append(f" <{target}>")
    return "".join(out)


@lru_cache(maxsize=1 << 12)
def _parsed(text: str) -> tuple[Token, ...]:
    """A text's inline parse, made once and only read: a build asks of each translation with markup whether its
    edition may show it (``faithful``: its links, marks and styles) and what the edition shows (``forms``)."""
    return tuple(_parser().parseInline(text))


def _children(blocks: Sequence[Token]) -> list[Token]:
    return (blocks[0].children or []) if blocks else []


def _inline_tokens(text: str) -> list[Token]:
    return _children(_parsed(text))


def links(text: str) -> list[str]:
    """The link targets in the text, in order: a translation must keep them."""
    return [str(token.attrs.get("href", "")) for token in _inline_tokens(text) if token.type == "link_open"]


#: Words in brackets and a parenthesis after a space: ``[words] (address)``, which Markdown makes no link.
_SPACED_LINK = re.compile(r"\[[^\[\]]*\](\s+)\(")
#: A link typed with a fullwidth bracket or parenthesis, as a Chinese or Japanese keyboard types them:
#: ``［words］（address）``, which Markdown makes no link.
_FULLWIDTH_LINK = re.compile(r"[\[［][^\[\]［］]*[\]］]\s*[（(][^()（）\s]*[)）]?")
_HALFWIDTH = str.maketrans("［］（）", "[]()")
#: A link's words and address without the ``)`` that closes it: ``[words](address`` then a space or the end.
_UNCLOSED_LINK = re.compile(r"\[[^\[\]]*\]\([^()\s]*?(?=[.,;:!?]*(?:\s|\Z))")
#: A link whose address a space cuts: ``[words](https://www.icrc .org)``, closed after the space.
_SPACED_ADDRESS = re.compile(r"\[[^\[\]]*\]\(([^()\s]+(?:\s+[^()\s]+)+)\)")
#: A link's words without the ``]`` that closes them: ``[words(address)``, which Markdown makes no link; the
#: group is the white space typed for the ``]`` (``[words (address)``), if any.
_UNCLOSED_WORDS = re.compile(r"\[[^\[\]()]*?(\s*)(?=\()")


def mistyped_links(text: str) -> list[tuple[int, str]]:
    """Where each link of ``text`` that a slip keeps from being one starts, and what to type, its words
    and address being read as text: a space after its ``]``, fullwidth brackets, its ``)`` or ``]`` left out
    (a space typed for the ``]`` told to be replaced with it), a space in its address (told as that, not as a
    ``)`` missing before the space). Each is named only where mending it, alone, would make a link to a web
    or mail address, so that words in brackets then in parentheses (``[1] (WHO, 2020)``) are no slip."""
    made = sum(map(is_safe_url, links(text)))

    def mended(start: int, end: int, typed: str) -> bool:
        return sum(map(is_safe_url, links(text[:start] + typed + text[end:]))) > made

    said = [(m.start(), f"the space in {_quoted(m.group())} keeps it from being a link: remove the space between ] "
                        "and (")
            for m in _SPACED_LINK.finditer(text) if mended(m.start(1), m.end(1), "")]
    for m in _FULLWIDTH_LINK.finditer(text):
        typed = re.sub(r"\]\s+\(", "](", m.group().translate(_HALFWIDTH))
        if m.group().translate(_HALFWIDTH) != m.group() and mended(m.start(), m.end(), typed):
            said.append((m.start(), f"{_quoted(m.group())} is typed with fullwidth brackets, which make no link: "
                                    f"write {shorten(typed, QUOTED)}"))
    spaced = [(m.start(), f"the address in {_quoted(m.group())} holds a space, which ends an address: remove it, or "
                          "write %20 where the address has one") for m in _SPACED_ADDRESS.finditer(text)
              if mended(m.start(1), m.end(1), "".join(m.group(1).split()))]
    said += spaced
    said += [(m.start(), f"{_quoted(m.group())} lacks the ')' that closes its address: type ) after it")
             for m in _UNCLOSED_LINK.finditer(text)
             if m.start() not in {at for at, _slip in spaced} and mended(m.end(), m.end(), ")")]
    for m in _UNCLOSED_WORDS.finditer(text):
        if mended(m.start(1), m.end(), "]"):
            fix = f"replace the space{'s' * (len(m[1]) > 1)} before ( with ]" if m[1] else "type ] before ("
            said.append((m.start(), f"{_quoted(m.group() + '(')} lacks the ']' that closes its words: {fix}"))
    return sorted(said)


def _quoted(text: str) -> str:
    """``text`` of the letter in quotes, as an error about a link names it, shortened to ``QUOTED`` characters."""
    return f"'{shorten(text, QUOTED)}'"


EMPTY_LINK = "a link without words ([](…)): readers cannot see it or click it; put the link's words inside [ ]"
#: A link's words and the start of its address: ``[words](``.
_LINK_WORDS = re.compile(r"\[[^\[\]]*\]\(")


def empty_links(text: str) -> int:
    """How many links have no words to see or click (``[](…)``, ``[&nbsp;](…)``)."""
    count, label = 0, None
    for token in _inline_tokens(text):
        if token.type == "link_open":
            label = []
        elif token.type == "link_close" and label is not None:
            count += not "".join(label).strip()
            label = None
        elif label is not None and token.type in ("text", "code_inline"):
            label.append(token.content)
    return count


def empty_link_at(text: str) -> int | None:
    """Where the first link of ``text`` without words (``empty_links``) starts; None without one."""
    if "](" not in text or not empty_links(text):
        return None
    return next((m.start() for m in _LINK_WORDS.finditer(text) if empty_links(m.group() + "https://x)")), 0)


def markers(text: str) -> tuple[list[str], str]:
    """The inline markup in the text as token kinds (em_open, link_close, code_inline ...), and the
    Markdown marks (* _ `) the editions show as text, those that no emphasis or code took, from one parse."""
    tokens = _inline_tokens(text)
    kinds = [token.type for token in tokens if token.type.endswith(("_open", "_close")) or token.type == "code_inline"]
    return kinds, _left(tokens)


def _left(tokens: list[Token]) -> str:
    """The Markdown marks (* _ `) a parse left as text."""
    return "".join(char for token in tokens if token.type == "text" for char in token.content if char in "*_`")


_MARKS = re.compile("[*_`]")
#: A Markdown mark that could only be meant as one: not escaped, and not inside a word or an address
#: (German's Ärzt*innen and Pfleger_innen, a_b in a link), where it is a character of the text.
_LONE_MARK = re.compile(r"(?<!\\)(?:(?<![\w*_`])[*_`]|[*_`](?![\w*_`]))")


#: How many characters ``stray_marks`` may parse again, in all, to tell which marks a parse left as text.
REPARSED = 200_000


def stray_marks(text: str) -> list[tuple[int, str]]:
    """The Markdown marks (* _ `) an edition shows as text that look meant as marks, with their places in
    ``text``, in order: not escaped, inside a word or in an address, and taken by no emphasis or code.

    The parse says how many of each mark it left as text, not which: a mark is text where a letter put
    in its place parses alike ("*Alle Ärzt*innen …*": the star after Ärzt closes the emphasis, the last
    one is text). That is a parse of the whole text for each mark, so only the first marks that
    ``REPARSED`` characters allow are tried; any after them are taken as text untried: a letter has a
    few marks, while a translation of thousands ("*a *a *a …") would hold a check or a build for hours.
    """
    if not _MARKS.search(text):
        return []
    tokens = _inline_tokens(text)
    if not _left(tokens):
        return []
    shape = _shape(tokens)
    masked = URL.sub(lambda address: " " * len(address.group()), text)
    tried = REPARSED // len(text)
    return [(match.start(), match.group()) for number, match in enumerate(_LONE_MARK.finditer(masked))
            if number >= tried
            or _shape(_inline_tokens(f"{text[:match.start()]}{_LETTER}{text[match.end():]}"), match.group()) == shape]


def wedged(text: str, at: int) -> bool:
    """Whether the mark at ``at`` stands between a letter or digit and punctuation (the marks beside it
    aside), where CommonMark takes it for emphasis on one side alone: it opens none after a letter and before
    a quotation mark, nor closes one after a quotation mark and before a letter (的*《牛津声明》*以及)."""
    before, after = text[:at].rstrip("*_")[-1:], text[at + 1:].lstrip("*_")[:1]
    if not before or not after:
        return False
    kinds = {unicodedata.category(before)[0], unicodedata.category(after)[0]}
    return bool(kinds & {"P", "S"}) and bool(kinds & {"L", "N", "M"})


#: A character that parses as a letter does (not a mark, a space or punctuation), and that no text holds.
_LETTER = "\ue000"


def _shape(tokens: list[Token], mark: str = "") -> list[tuple[str, str, str]]:
    """What a parse made of a text, with ``_LETTER`` read as ``mark``: each token's kind, text and link."""
    return [(token.type, token.content.replace(_LETTER, mark), str(token.attrs.get("href", "")).replace(_LETTER, mark))
            for token in tokens]


def faithful(translation: str, english: str) -> bool:
    """Whether an edition may show a translation for its English: it links where the English links
    (``same_links``), and shows no markup as text, nor emphasis or code, that the English does not
    (``shows_markup``). Asked of every translation of every catalog a build reads: one without a link or
    a mark, of an English without a link, is answered by one search."""
    if not _MAY_MATTER.search(translation) and "](" not in english and "<" not in english:
        return True
    return same_links(translation, english) and not shows_markup(translation, english)


#: What may make a translation unfaithful: a link ("](", "<address>") or markup shown as text.
_MAY_MATTER = re.compile(r"[<*_`\]]")


#: What may make a text show markup as text: a tag's "<", a Markdown mark.
_MAY_SHOW_MARKUP = re.compile("[<*_`]")


def shows_markup(translation: str, english: str) -> bool:
    """Whether an edition would show markup of the translation that its English does not show: an HTML tag
    (``<b>``, shown as text, never run), a Markdown mark shown as text, or emphasis or code the English
    lacks, which marks took that were meant as text (German's Ärzt*innen und Pfleger*innen)."""
    if not _MAY_SHOW_MARKUP.search(translation):
        return False
    tags, marks = as_text(translation)
    return bool(tags - as_text(english)[0] or marks - shown_marks(english) or styles(translation) - styles(english))


@lru_cache(maxsize=1 << 15)
def as_text(text: str) -> tuple[Counter[str], Counter[str]]:
    """The HTML tags of a text, and the Markdown marks no emphasis or code took (``stray_marks``), counted:
    what an edition shows as text that was likely meant as markup. Kept, as ``_targets`` is: an English is
    asked of for every locale."""
    tags = Counter(HTML_TAG.findall(text)) if "<" in text else Counter()
    return tags, Counter(mark for _place, mark in stray_marks(text))


def shown_marks(english: str) -> Counter[str]:
    """The marks an English shows as text: ``as_text``'s, and those escaped (``5 \\* 3``), as the English
    must write one, where its translation may write it plainly, as the edition shows it (an escape in a
    translation says that mark is meant as text: it is never counted against it)."""
    marks = as_text(english)[1]
    return marks + Counter(_ESCAPED_MARK.findall(english)) if "\\" in english else marks


_ESCAPED_MARK = re.compile(r"\\([*_`])")


@lru_cache(maxsize=1 << 15)
def styles(text: str) -> Counter[str]:
    """The emphasis, strong emphasis and code of a text, counted by kind."""
    if not _MARKS.search(text):
        return Counter()
    return Counter(kind for kind in markers(text)[0] if kind in ("em_open", "strong_open", "code_inline"))


def same_links(translation: str, english: str) -> bool:
    """Whether a translation links to the addresses its English links to, in any order (it may move a
    link, not add, drop or send one elsewhere); texts without a link are not parsed."""
    # Every link of the letter's Markdown holds "](" (``[words](address)``) or "<" (``<address>``).
    if "](" not in translation and "<" not in translation and "](" not in english and "<" not in english:
        return True
    return _targets(translation) == _targets(english)


@lru_cache(maxsize=1 << 15)
def _targets(text: str) -> tuple[str, ...]:
    """``links``, sorted: kept, since a build asks of a translation twice (what its edition shows, and the
    locale's progress) and of an English for every locale."""
    return tuple(sorted(links(text)))
