"""Text as a terminal or a plain-text reader lays it out: width, line breaks, direction, normal form.

This is the project's one notion of display width: uniseg's, in which each grapheme
cluster takes one column, or two when its first character is wide or fullwidth (East
Asian Width W or F: ideographs, Hangul, kana). ``wrap`` breaks lines where UAX #14 allows
(uniseg's line breaking) and at that width; ``display_width`` measures a text so, for
tables and length checks. Both skip uniseg's character-by-character Python where a
text's characters show it cannot change the answer, and the tests hold them to uniseg.

Right-to-left plain text is kept right-to-left line by line with marks (``anchor_right_to_left``), a
text's own direction is its first strong character's (``direction``), and the plain-text edition is
normalised (``normalize_text``).
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable
from functools import cache, lru_cache, partial
from itertools import accumulate, groupby

from uniseg.graphemecluster import GraphemeClusterBreak, grapheme_cluster_break
from uniseg.linebreak import line_break, line_break_boundaries
from uniseg.wrap import tt_text_extents, tt_wrap


def wrap(text: str, width: int, keep_all: bool = False) -> str:
    """Break text into lines of at most ``width`` display columns (UAX #14, East Asian width), never
    inside a web address, which would then not be found whole nor copied (``_with_whole_addresses``).
    A first word longer than a line starts the text, not an empty line as uniseg puts before it.

    With ``keep_all``, for Korean, a line ends between two words and not between two letters of one,
    as CSS's ``word-break: keep-all`` breaks it (``_with_whole_words``); a word longer than a line
    still breaks where UAX #14 allows, between its syllables."""
    if not text:
        return ""
    if _fits(text, width):
        return text.rstrip()  # what the wrapper gives for a text of one line
    wrapped = None
    if keep_all and _KEPT_LETTER.search(text):
        wrapped = _with_whole_words(text, width)
    elif "://" in text and (addresses := [m.span() for m in _ADDRESS.finditer(text)]):
        wrapped = _with_whole_addresses(text, width, addresses)
    if wrapped is None:
        wrapped = _wrap(text, width)
    return wrapped[1:] if wrapped.startswith("\n") and not _LINE_OR_TAB.match(text) else wrapped


#: What Chinese, Japanese and Korean write an address beside with no space: their punctuation, fullwidth
#: forms, kana, ideographs and Hangul, which no address of the letter holds (``markup.URL`` too).
CJK = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
#: A web address as the plain-text edition writes a link's (``<https://…>``), or as typed, after anything
#: but a character of a scheme (an ideograph, a bracket, a space), up to CJK text.
_ADDRESS = re.compile(rf"<[a-zA-Z][a-zA-Z0-9+.-]*://[^\s<>]+>"
                      rf"|(?<![a-zA-Z0-9+.-])[a-zA-Z][a-zA-Z0-9+.-]*://[^\s<>{CJK}]*[^\s<>{CJK}]")


def _with_whole_addresses(text: str, width: int, addresses: list[tuple[int, int]]) -> str | None:
    """``wrap`` with each address's inner characters taken for letters, between which UAX #14 has no break
    (it allows one after "//", "/", "-" or "?"): the lines break where they would, but around each
    address, which overflows a line of its own when it is longer than ``width``. The first and last
    character stay, so that the breaks before and after it are the text's own, and so does a character
    that may take other than one column (an ideograph of an address: between two, a line may break).
    None when the lines are not the text's own characters (a tab, which uniseg expands)."""
    return _as_masked(text, _addresses_masked(text, addresses), width)


def _addresses_masked(text: str, addresses: list[tuple[int, int]]) -> str:
    """The text with the inner characters of each address taken for letters (``_with_whole_addresses``)."""
    characters = list(text)
    for start, end in addresses:
        inner = text[start + 1:end - 1]
        characters[start + 1:end - 1] = "x" * len(inner) if inner.isascii() and inner.isprintable() else (
            "x" if _joining().search(c) is None and not _maybe_wide().match(c) else c for c in inner)
    return "".join(characters)


def _as_masked(text: str, masked: str, width: int) -> str | None:
    """The text in the lines ``masked`` breaks into, a text of as many characters, each as wide as the
    text's: None when those lines are not the masked text's own characters (a tab, which uniseg expands)."""
    lines = _lines(masked, width)
    if "".join(lines) != masked:
        return None
    start = 0
    kept = []
    for line in lines:  # slices of the text, one after the other
        kept.append(text[start:start + len(line)].rstrip())
        start += len(line)
    return "\n".join(kept)


#: What a word of Korean is written in and kept whole by: Hangul syllables and letters, and the Chinese
#: characters (hanja) it may be written with, each two columns wide and a line break opportunity of its own
#: (UAX #14 classes H2, H3, ID); conjoining jamo (Old Korean, which NFC leaves apart) are left as they are.
_KEPT_LETTER = re.compile("[\u3131-\u318e\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3]")
#: A character two columns wide and a letter to UAX #14 (class AL, in uniseg's data): none of its rules allows
#: a break between two of them, nor between one and another letter or a digit (LB28, LB23).
_LETTER_TWO_COLUMNS = "\u2b1c"


@lru_cache(maxsize=1 << 14)
def _with_whole_words(text: str, width: int) -> str | None:
    """``wrap`` with ``keep_all``: the lines of the text with its Hangul and hanja taken for letters two columns
    wide, as web addresses are (and with them), so that the lines break where they would but between the letters
    of a word ("수 / 백만", "UN / 을"); but for a word longer than a line. Cached, as ``_wrap`` is."""
    masked = _addresses_masked(text, [m.span() for m in _ADDRESS.finditer(text)]) if "://" in text else text
    masked = _KEPT_LETTER.sub(_LETTER_TWO_COLUMNS, masked)
    for word in _longer_words(width).finditer(text):  # at least as many characters as a line of wide ones
        if display_width(word[0]) > width:
            masked = masked[:word.start()] + word[0] + masked[word.end():]
    return _as_masked(text, masked, width)


@cache
def _longer_words(width: int) -> re.Pattern[str]:
    """A word that may be longer than ``width`` columns: more than half as many letters."""
    return re.compile(rf"\w{{{width // 2 + 1},}}")


def preload() -> None:
    """Make the tables ``wrap`` makes from unicodedata on first use, ahead of it: in a process that
    forks workers, for them to inherit."""
    _maybe_wide()
    _plain_unspelled()


@lru_cache(maxsize=1 << 16)
def _wrap(text: str, width: int) -> str:
    """The line breaking itself: cached, since descriptions and honours repeat.

    uniseg's ``tt_wrap`` goes character by character, in Python: it is kept for the texts
    the faster paths of ``_lines`` cannot promise to break exactly as it does.
    """
    return "\n".join([line.rstrip() for line in _lines(text, width)])


def _lines(text: str, width: int) -> list[str]:
    """The lines of a text that does not surely fit, by the fastest path that breaks it as uniseg does."""
    if "  " not in text and _plain_unspelled().fullmatch(text):  # most paragraphs, without spelling them
        return _fill_plain(text, width)
    codes = _codes(text)
    if (len(codes) <= width and len(codes) + sum(map(codes.count, _WIDE_CODES)) <= width
            and not _LINE_OR_TAB.search(text)):
        return [text]  # one line, as in ``wrap``, though with wide characters
    if not text.startswith(" ") and _CONTEXTUAL.search(codes) is None:  # which finds ``_OTHER`` characters too
        return _fill(text, codes, width, partial(_pairwise_line_end, codes))
    if text.startswith(" ") or _OTHERS.search(codes):  # line ends and tabs among them
        return list(tt_wrap(text, width))
    return _wrap_words(text, codes, width)


def _wrap_words(text: str, codes: str, width: int) -> list[str]:
    """uniseg's ``tt_wrap`` for a text of simple characters, word by word instead of character by character.

    Every character is a grapheme cluster of its own (no combining marks, joiners, regional
    indicators or conjoining jamo), none is a quotation mark (whose rules look past a neighbour), the
    text has no line end or tab and does not start with a space. Then a line break
    opportunity inside a word (a run without U+0020) is where uniseg finds one in the word
    alone, and one after a run of spaces depends only on the characters on either side of
    it: both are computed once and cached.
    """
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
        # From a letter, ideograph or closing punctuation to a letter, ideograph or opening bracket,
        # only LB18 applies: a break.
        if previous and (codes[position - len(spaces) - 1] in _ENDS and codes[position] in _STARTS or
                         _break_after_spaces(previous if line_break(previous[-1]) in _REACHING else previous[-1],
                                             spaces, token[0])):
            boundaries.append(position)
        boundaries.extend(map(position.__add__, _word_breaks(token, codes[position:position + len(token)])))
        position += len(token)
        previous = token
    boundaries.append(len(text))
    return _fill(text, codes, width, partial(_listed_line_end, boundaries))


def _listed_line_end(boundaries: list[int], start: int, fitting: int) -> int:
    """``_fill``'s ``line_end`` from the list of all opportunities (the text's end among them)."""
    first = bisect_right(boundaries, start)
    last = bisect_right(boundaries, fitting, first) - 1
    return boundaries[last] if last >= first else boundaries[first]


def _pairwise_line_end(codes: str, start: int, fitting: int) -> int:
    """``_fill``'s ``line_end`` for a text in which ``_BREAK`` finds every opportunity (``_CONTEXTUAL`` finds nothing).

    Only the line's end is looked for, not every opportunity of the text: in Hangul or Chinese
    nearly every character is one.
    """
    found = _LAST_BREAK.match(codes, start + 1, fitting + 1) or _BREAK.search(codes, fitting + 1)
    return found.end() if found else len(codes)


def _fill(text: str, codes: str, width: int, line_end: Callable[[int, int], int]) -> list[str]:
    """uniseg's greedy ``Wrapper.wrap``, a line at a time: a line ends at the last opportunity
    that fits, or after its first segment when none does (and the very first such segment comes
    after an empty line).

    ``line_end(start, fitting)`` is the last opportunity after ``start`` and at most ``fitting``,
    or when there is none the first one after ``start``; the end of the text is always one.
    """
    extents = list(accumulate(codes.encode("ascii").translate(_COLUMNS)))  # columns up to each character
    lines = []
    start = 0
    while start < len(text):
        fitting = bisect_right(extents, (extents[start - 1] if start else 0) + width, start)
        end = len(text) if fitting == len(text) else line_end(start, fitting)
        if end > fitting and not start:  # the first segment overflows: an empty line first
            lines.append("")
        lines.append(text[start:end])
        start = end
    return lines


def _fill_plain(text: str, width: int) -> list[str]:
    """``_wrap_words`` for a text ``_plain`` describes, one line at a time.

    Such a text has a break opportunity after each of its spaces (all single) and nowhere
    else, and each character takes one column: the greedy fill ends a line at the last
    space that fits, or, when none does, after its first word (which then overflows).
    ``Wrapper.wrap`` also begins with an empty line when the very first word overflows.
    """
    lines = [""] if (text.find(" ") + 1 or len(text)) > width else []
    start = 0
    while len(text) - start > width:
        cut = text.rfind(" ", start, start + width) + 1
        if not cut:
            cut = text.find(" ", start + width) + 1
            if not cut:  # the rest is one word
                break
        lines.append(text[start:cut])
        start = cut
    lines.append(text[start:])
    return lines


#: Each character's part in line breaking, as one letter: ``_codes`` spells a text with them.
#: ``_ALPHANUMERIC`` (UAX #14 classes AL and NU, and HL, SA and AI, which uniseg's rules treat as AL),
#: ``_OPENING`` (OP) and ``_CLOSING`` (CL, CP, EX, IS, SY) are characters of one column each;
#: ``_SIMPLE`` is any other character that is a grapheme cluster of its own and not a quotation mark;
#: ``_OTHER`` is everything else. Each has a capital twin for characters two columns wide (a wide
#: letter is a pictograph UAX #14 calls AL, as the Korean kept whole are spelled: ``_LETTER_TWO_COLUMNS``),
#: and ``_IDEOGRAPHIC`` (ID, H2, H3) has only that: wide, with a break opportunity between any two. A
#: wide NS (or CJ, which uniseg takes as NS) is ``_WIDE_CLOSING``: no break before it either.
_ALPHANUMERIC, _OPENING, _CLOSING, _SPACE, _SIMPLE, _OTHER = "a", "o", "c", " ", "s", "x"
_IDEOGRAPHIC, _WIDE_OPENING, _WIDE_CLOSING = "I", _OPENING.upper(), _CLOSING.upper()
_WIDE_ALPHANUMERIC = _ALPHANUMERIC.upper()
_LETTERS = _ALPHANUMERIC + _WIDE_ALPHANUMERIC
#: From a word ending in one of ``_ENDS`` to one starting with one of ``_STARTS``, only LB18 applies
#: to the spaces between: a break after them.
_ENDS = _LETTERS + _IDEOGRAPHIC + _CLOSING + _WIDE_CLOSING
_STARTS = _LETTERS + _IDEOGRAPHIC + _OPENING + _WIDE_OPENING

#: The codes of characters two columns wide, and each code's columns by its byte, for ``bytes.translate``.
_WIDE_CODES = (_ALPHANUMERIC + _OPENING + _CLOSING + _SIMPLE + _OTHER).upper() + _IDEOGRAPHIC
_COLUMNS = bytes(2 if chr(byte) in _WIDE_CODES else 1 for byte in range(256))
_OTHERS = re.compile(f"[{_OTHER}{_OTHER.upper()}]")


def _plain_word(opening: str, alphanumeric: str, closing: str) -> str:
    """The pattern of a plain word, from a pattern of one character of each kind (a code, or a set
    of characters): an optional opening bracket, letters or digits, and closing punctuation
    (``(word),``).

    In uniseg, as in UAX #14, nothing inside such a word is a break opportunity (LB13, LB14, LB23,
    LB28), and in a text of such words separated by single spaces a break after the spaces
    always is (LB18).
    """
    return f"{opening}*{alphanumeric}+{closing}*"


def _plain(opening: str, alphanumeric: str, closing: str) -> str:
    """The pattern of a text of plain words separated by spaces, from the same patterns."""
    word = _plain_word(opening, alphanumeric, closing)
    return f"{word}(?: +{word})*"


_PLAIN_WORD = re.compile(_plain_word(_OPENING, f"[{_LETTERS}]", _CLOSING))
#: A run of ideographs or Hangul syllables with its opening brackets and closing punctuation
#: (``「中文」。``): a break opportunity between any two of its ideographs and nowhere else.
_IDEOGRAPHIC_RUN = re.compile(f"[{_OPENING}{_WIDE_OPENING}]*({_IDEOGRAPHIC}+)[{_CLOSING}{_WIDE_CLOSING}]*")

#: Between two characters of a word, uniseg's rules look at nothing but the two classes (those
#: that look further, LB14-LB17, need a space between), and between letters, digits, ideographs,
#: brackets and closing punctuation, of either width, the pair of codes decides. No break before
#: closing punctuation (LB13, LB16, LB21), after an opening bracket (LB14), between two letters
#: or digits (LB23, LB28, LB25 NU × NU), or from a letter or digit to an opening bracket (LB30,
#: which uniseg applies to wide brackets too); a break everywhere else (LB31): before an
#: ideograph, after an ideograph, and before a bracket after closing punctuation. Only from
#: closing punctuation to a letter or digit do the classes inside a code disagree (CL ÷ AL, but
#: CP × AL by LB30, IS × AL by LB29, SY × NU by LB25): ``_CONTEXTUAL``. After a single space there
#: is a break (LB18) unless the space follows an opening bracket (LB14) or precedes closing
#: punctuation (LB13, LB16): ``_CONTEXTUAL`` too, as are double spaces (after an opening bracket,
#: uniseg's answer depends on how many follow it).
_BREAK = re.compile("|".join(f"(?<=[{before}])(?=[{after}])" for before, after in (
    (_SPACE, _STARTS),
    (_ENDS, _IDEOGRAPHIC),
    (_IDEOGRAPHIC + _CLOSING + _WIDE_CLOSING, _OPENING + _WIDE_OPENING),
    (_IDEOGRAPHIC, _LETTERS))))
#: ``.*`` backtracks from ``endpos``: the match ends at the last opportunity that has a character
#: after it before ``endpos``.
_LAST_BREAK = re.compile(f"(?s:.*)(?:{_BREAK.pattern})")
#: What makes ``_BREAK`` unsure: other characters, closing punctuation before a letter or digit,
#: an opening bracket before a space, closing punctuation or a space after one. Spelled out as
#: strings, so the regex engine skips ahead to the characters they start with.
_CONTEXTUAL = re.compile("|".join([
    *(_SIMPLE + _OTHER + _SIMPLE.upper() + _OTHER.upper()),
    *(closing + letter for closing in _CLOSING + _WIDE_CLOSING for letter in _LETTERS),
    *(opening + _SPACE for opening in _OPENING + _WIDE_OPENING),
    *(_SPACE + after for after in _CLOSING + _WIDE_CLOSING + _SPACE)]))


@cache
def _plain_unspelled() -> re.Pattern[str]:
    """``_plain`` matched against a text itself, for the characters below U+2000 (the alphabets before
    General Punctuation: Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, the Indic scripts, Thai,
    Georgian, Vietnamese ...): a paragraph of them is found plain without being spelled, which costs
    a dict lookup per character. Made on first use, from their codes.
    """
    codes = _codes("".join(map(chr, range(0x2000))))
    kinds = (f"[{_ranges(point for point, found in enumerate(codes) if found == code)}]"
             for code in (_OPENING, _ALPHANUMERIC, _CLOSING))
    return re.compile(_plain(*kinds))


def _codes(text: str) -> str:
    """The text spelled in the letters above, one for each character.

    ``translate`` leaves a character the table does not have as it is: a spelling that is not
    all ASCII has new characters, which are added before spelling again. (A plain dict: with a
    ``__missing__`` method, ``translate`` is slower.)
    """
    codes = text.translate(_TABLE)
    if not codes.isascii():
        _TABLE.update((ord(char), _code(char)) for char in set(codes) if not char.isascii())
        codes = text.translate(_TABLE)
    return codes


def _code(char: str) -> str:
    if char == " ":
        return _SPACE
    kind = line_break(char)
    alone = grapheme_cluster_break(char) in _ALONE and kind != "QU"
    if unicodedata.east_asian_width(char) in _WIDE:
        return _WIDE_CLASS_CODES.get(kind, _SIMPLE.upper()) if alone else _OTHER.upper()
    return _CLASS_CODES.get(kind, _SIMPLE) if alone else _OTHER


_CLASS_CODES = {"AL": _ALPHANUMERIC, "NU": _ALPHANUMERIC, "HL": _ALPHANUMERIC, "SA": _ALPHANUMERIC,
                "AI": _ALPHANUMERIC, "OP": _OPENING,
                "CL": _CLOSING, "CP": _CLOSING, "EX": _CLOSING, "IS": _CLOSING, "SY": _CLOSING}
_WIDE_CLASS_CODES = {**{kind: code.upper() for kind, code in _CLASS_CODES.items()},
                     **dict.fromkeys(("ID", "H2", "H3"), _IDEOGRAPHIC), **dict.fromkeys(("NS", "CJ"), _WIDE_CLOSING)}
#: Grapheme cluster classes of characters that are a cluster of their own unless a neighbour
#: joins them; every character that could (an extending mark, a joiner, a jamo ...) is ``_OTHER``.
_ALONE = frozenset((GraphemeClusterBreak.OTHER, GraphemeClusterBreak.LV, GraphemeClusterBreak.LVT))
_WIDE = frozenset(("W", "F"))
#: The codes by code point, for ``str.translate``, filled as characters are met: all of ASCII from
#: the start, so that a character not met yet is what makes a spelling not all ASCII.
_TABLE = {point: _code(chr(point)) for point in range(128)}
_SPACES = re.compile("( +)")
_REACHING = frozenset(("OP", "CL", "CP", "QU", "B2", "ZW", "NS", "HY", "BA", "IS", "SY", "EX"))


def _word_breaks(word: str, codes: str) -> Iterable[int]:
    """Offsets inside a word (a run without spaces, spelled ``codes``) where uniseg allows a line break."""
    if _PLAIN_WORD.fullmatch(codes):
        return ()
    if run := _IDEOGRAPHIC_RUN.fullmatch(codes):  # the common case, one run: no match object per break
        return range(run.start(1) + 1, run.end(1))
    if _CONTEXTUAL.search(codes) is None:
        return (found.start() for found in _BREAK.finditer(codes))
    return _uniseg_word_breaks(word)


@lru_cache(maxsize=1 << 16)
def _uniseg_word_breaks(word: str) -> tuple[int, ...]:
    """``_word_breaks`` from uniseg itself, for the words the patterns above do not describe."""
    return tuple(b for b in line_break_boundaries(word) if 0 < b < len(word))


@lru_cache(maxsize=1 << 14)
def _break_after_spaces(before: str, spaces: str, after: str) -> bool:
    """Whether uniseg allows a break between ``spaces`` and ``after`` when ``before`` precedes them
    (uniseg's answer after an opening bracket depends on how many spaces follow it)."""
    return len(before) + len(spaces) in line_break_boundaries(before + spaces + after)


#: What uniseg's wrapper treats as the end of a line (``str.splitlines``) or a tab stop.
_LINE_OR_TAB = re.compile("[\n\r\t\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def _fits(text: str, width: int) -> bool:
    """Whether a text surely takes one line, told without spelling it: no line end or tab, and at
    most ``width`` columns with every code point counted on its own (a grapheme cluster is as wide
    as its first), as two columns or, when none may be wide, as one.

    ``_lines`` counts the columns of the others from their codes, which it needs anyway.
    """
    return (len(text) <= width and (text.isascii() or 2 * len(text) <= width or _maybe_wide().search(text) is None)
            and _LINE_OR_TAB.search(text) is None)


@cache
def _maybe_wide() -> re.Pattern[str]:
    """A character that may take two columns: one of the Basic Multilingual Plane that unicodedata
    calls wide, or any beyond it. A text without one is as many columns as characters: ``_fits``
    tells whether it takes one line without spelling it (Cyrillic, Arabic, Indic ... names and roles),
    and ``display_width`` counts the wide ones of a text it finds among the rest.

    Made from unicodedata on first use, as it asks every code point of the plane, rather than from a
    range such as "below U+1100": it calls unassigned code points wide too (U+0378, as uniseg's width does).
    """
    wide = (point for point in range(0x10000) if unicodedata.east_asian_width(chr(point)) in _WIDE)
    return re.compile(f"[{_ranges(wide)}\\U00010000-\\U0010ffff]")


def _ranges(points: Iterable[int]) -> str:
    """Code points of the Basic Multilingual Plane, ascending, as the ranges of a regex character set."""
    runs = [[point for _, point in run] for _, run in groupby(enumerate(points), lambda item: item[1] - item[0])]
    return "".join(f"\\u{run[0]:04x}-\\u{run[-1]:04x}" for run in runs)


RLM = "\u200f"


def anchor_right_to_left(text: str) -> str:
    """Keep every line of a right-to-left text right-to-left in a bidi-aware viewer.

    Each line is its own bidi paragraph, whose direction comes from its first
    strong character: a line that starts with a Latin name would flip to
    left-to-right. A RIGHT-TO-LEFT MARK in front of just those lines anchors
    them; no other line gets a control character.
    """
    return "\n".join(RLM + line if _first_strong(line) == "L" else line for line in text.split("\n"))


def direction(text: str) -> str | None:
    """The direction of a text as HTML's ``dir="auto"`` and ``<bdi>`` take it: "rtl" or "ltr" from its
    first strong character, or None when it has none (digits and punctuation alone)."""
    kind = _first_strong(text)
    return None if kind is None else "ltr" if kind == "L" else "rtl"


def _first_strong(line: str) -> str | None:
    first = unicodedata.bidirectional(line[0]) if line else ""
    if first in _STRONG:  # most lines: a letter first
        return first
    return next((kind for kind in map(unicodedata.bidirectional, line) if kind in _STRONG), None)


_STRONG = frozenset(("L", "R", "AL"))


def display_width(text: str) -> int:
    """Columns a terminal or a plain-text reader gives the text: one for each grapheme cluster, two
    for one whose first character is wide or fullwidth (CJK), as uniseg's ``tt_text_extents`` counts.

    A text of characters that are each a cluster of their own (most: no combining mark, joiner,
    jamo, control or character beyond the Basic Multilingual Plane) is counted without segmenting it.
    """
    if _joining().search(text) is None:
        return len(text) + len(_maybe_wide().findall(text))
    return tt_text_extents(text)[-1]


@cache
def _joining() -> re.Pattern[str]:
    """A character that may share a grapheme cluster with a neighbour: one of the Basic Multilingual
    Plane whose class is not ``_ALONE``, or any beyond it. Made from uniseg's classes on first use, as it
    asks every code point of the plane."""
    joining = (point for point in range(0x10000) if grapheme_cluster_break(chr(point)) not in _ALONE)
    return re.compile(f"[{_ranges(joining)}\\U00010000-\\U0010ffff]")


def normalize_text(text: str) -> str:
    """What the plain-text edition promises: NFC, LF, no trailing spaces, one final newline."""
    lines = unicodedata.normalize("NFC", text).replace("\r\n", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n") + "\n"
