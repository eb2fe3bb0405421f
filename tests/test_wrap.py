"""``render.wrap``: the plain-text edition's lines, broken exactly as uniseg's ``tt_wrap`` breaks them."""
from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from uniseg.linebreak import line_break_boundaries
from uniseg.wrap import tt_width, tt_wrap

from pipeline import render


# Letters, digits, brackets and punctuation of several scripts, with characters that send the
# wrapper down each of its paths: quotation marks, combining marks, wide ideographs, Hangul
# syllables and conjoining jamo, an unassigned code point unicodedata calls wide, a no-break
# space, a zero-width space, a tab and a line end.
WRAP_ALPHABET = ("abcxyzABC019ابجабвαβאבकखაბ<>#&*@_" "()[]{}.,!?:;/-%$€"
                 "\"'«»“”。、（）ぁ中カー가각\u1100\u1161\u0301\u0378ก\u00a0\u200b\t\n\u200d😀")


@settings(max_examples=1500, deadline=None)
@given(words=st.lists(st.text(WRAP_ALPHABET, min_size=1, max_size=14), min_size=1, max_size=30),
       spaces=st.lists(st.sampled_from([" ", " ", " ", "  "]), min_size=30, max_size=30),
       width=st.sampled_from([1, 3, 10, 40, 72]))
def test_wrap_breaks_lines_as_uniseg_does(words, spaces, width):
    """``wrap``'s faster paths give uniseg's ``tt_wrap`` lines, trailing spaces dropped."""
    text = "".join(word + space for word, space in zip(words, spaces)).rstrip(" ")
    expected = "\n".join(line.rstrip() for line in tt_wrap(text, width))
    render._wrap.cache_clear()
    assert render.wrap(text, width) == (text.rstrip() if render._fits(text, width) else expected)


@settings(max_examples=500, deadline=None)
@given(words=st.lists(st.from_regex(r"[(\[]?[a-zA-Z0-9ابجабвαβאבकกạấ]{1,20}[.,!?)\]:;/]{0,2}", fullmatch=True),
                      min_size=1, max_size=60),
       width=st.sampled_from([1, 2, 5, 20, 72]))
def test_wrap_of_plain_words_as_uniseg(words, width):
    """The common case, words of letters with brackets and punctuation, as uniseg wraps it."""
    text = " ".join(words)
    render._wrap.cache_clear()
    if not render._fits(text, width):
        assert render.wrap(text, width) == "\n".join(line.rstrip() for line in tt_wrap(text, width))


# Hangul syllables (H2, H3), ideographs and kana (ID), small kana (CJ), wide brackets and
# punctuation (OP, CL, NS), Hebrew (HL) and Thai (SA) letters, with narrow punctuation and digits.
IDEOGRAPHIC_ALPHABET = "가각나닭中文字あいぃーカ「」（）。、！？・々אבגกขคabc1(),.!:/"


@settings(max_examples=1500, deadline=None)
@given(words=st.lists(st.text(IDEOGRAPHIC_ALPHABET, min_size=1, max_size=20), min_size=1, max_size=30),
       spaces=st.lists(st.sampled_from([" ", " ", "  "]), min_size=30, max_size=30),
       width=st.sampled_from([1, 2, 3, 5, 10, 40, 72]))
def test_wrap_of_ideographs_hangul_hebrew_and_thai_as_uniseg(words, spaces, width):
    """The ideographic words, Hebrew and Thai letters and the spaces between them break as in uniseg."""
    text = "".join(word + space for word, space in zip(words, spaces)).rstrip(" ")
    render._wrap.cache_clear()
    if not render._fits(text, width):
        assert render.wrap(text, width) == "\n".join(line.rstrip() for line in tt_wrap(text, width))


@settings(max_examples=300, deadline=None)
@given(chars=st.lists(st.characters(categories=("Lo", "Ps", "Pe", "Po", "So")), min_size=2, max_size=12),
       width=st.sampled_from([1, 2, 4, 9]))
def test_wrap_of_any_letters_and_punctuation_as_uniseg(chars, width):
    """Whatever letters and punctuation the character classes gather, wrapping follows uniseg's classes."""
    text = "".join(chars)
    render._wrap.cache_clear()
    if not render._fits(text, width) and not text.startswith(" "):
        assert render.wrap(text, width) == "\n".join(line.rstrip() for line in tt_wrap(text, width))


def test_the_classes_the_codes_gather_break_alike_in_uniseg():
    """Every class coded as a letter breaks as AL in uniseg, every ideographic one as ID."""
    from uniseg.linebreak import line_break_boundaries
    samples = {"AL": "a", "HL": "א", "SA": "ก", "AI": "§", "ID": "中", "H2": "가", "H3": "각", "NS": "々", "CJ": "ぃ"}
    neighbours = "a中가각(「)」。!:/%$-ー "
    for kind, char in samples.items():
        assert render.line_break(char) == kind
    for left in neighbours:
        for right in neighbours:
            def breaks(char: str) -> list[int]:
                return list(line_break_boundaries(left + char + right))
            assert breaks("א") == breaks("ก") == breaks("§") == breaks("a")
            assert breaks("가") == breaks("각") == breaks("中")
            assert breaks("ぃ") == breaks("々")


# Names and roles of several scripts, with what a column count must not miss: typographic
# punctuation above U+2000, a combining mark, code points unicodedata calls wide although
# unassigned (U+0378, U+0530), Hangul jamo, syllables and ideographs, an astral ideograph and
# emoji, a tab.
FITS_ALPHABET = "abcабвαβابجאבकखกაბ’–…€\u0301\u0378\u0530\u1100가中。😀\U0002a6df \t"


@settings(max_examples=1500, deadline=None)
@given(text=st.text(FITS_ALPHABET, max_size=40), width=st.integers(1, 72))
def test_a_text_fits_when_its_code_points_take_at_most_width_columns(text, width):
    """A text fits when its code points, counted on their own as uniseg counts them, take at most
    ``width`` columns: ``_fits`` says so of no other, and of every such text without a wide
    character; ``wrap`` keeps every such text on one line."""
    fits = "\t" not in text and sum(map(tt_width, text)) <= width
    assert render._fits(text, width) <= fits
    if render._maybe_wide().search(text) is None:
        assert render._fits(text, width) == fits
    if fits:
        render._wrap.cache_clear()
        assert render.wrap(text, width) == text.rstrip()


def test_the_characters_that_may_be_wide_are_those_unicodedata_calls_wide():
    """The pattern ``_fits`` trusts is every wide character of the Basic Multilingual Plane, nothing else."""
    maybe_wide = render._maybe_wide()
    for point in range(0x10000):
        char = chr(point)
        assert (maybe_wide.match(char) is not None) == (unicodedata.east_asian_width(char) in ("W", "F")), hex(point)
    assert maybe_wide.match("\U00010000") and maybe_wide.match("\U0010ffff")


def test_between_the_codes_break_decides_uniseg_breaks_alike_for_every_class_they_gather():
    """Wherever ``_CONTEXTUAL`` finds nothing, uniseg breaks between two characters, or after a
    space between them, exactly where ``_BREAK`` says, whatever classes the codes stand for and
    whatever comes before."""
    samples: dict[tuple[str, str], str] = {}  # a character of each class, by its code and class
    for point in range(0x10000):
        char = chr(point)
        code = render._code(char)
        if code in "aoOcCI":
            samples.setdefault((code, render.line_break(char)), char)
    assert {code for code, _ in samples} == set("aoOcCI")
    chars = list(samples.values())
    for text in [a + b + c for a in chars for b in chars for c in chars] + [a + " " + b for a in chars for b in chars]:
        codes = render._codes(text)
        if render._CONTEXTUAL.search(codes) is None:
            breaks = set(line_break_boundaries(text))
            for position in range(1, len(text)):
                assert (position in breaks) == (render._BREAK.match(codes, position) is not None), (text, position)


# Words of Hangul, ideographs and kana, Latin and Cyrillic letters and digits, mixed, with
# brackets and closing punctuation of either width: mostly texts ``_BREAK`` alone breaks.
PAIRWISE_WORD = r"[(「（]?(?:[가각나닭中文あ]{1,6}|[abcабв19]{1,6}){1,3}[)」）。、,.!:]?"


@settings(max_examples=600, deadline=None)
@given(words=st.lists(st.from_regex(PAIRWISE_WORD, fullmatch=True), min_size=1, max_size=20),
       width=st.sampled_from([1, 2, 3, 5, 10, 20, 40, 72]))
def test_wrap_of_hangul_ideographs_and_letters_in_words_as_uniseg(words, width):
    """Hangul or ideographs mixed with letters and digits, in words separated by spaces, as uniseg wraps them."""
    text = " ".join(words)
    render._wrap.cache_clear()
    assert render.wrap(text, width) == "\n".join(line.rstrip() for line in tt_wrap(text, width))


def test_a_text_below_general_punctuation_is_found_plain_unspelled_as_spelled():
    """Every character below U+2000, alone, before a letter and after one, is plain to the
    pattern matched against the text itself exactly when its spelling is; none above is."""
    spelled = re.compile(render._plain(render._OPENING, render._ALPHANUMERIC, render._CLOSING))
    unspelled = render._plain_unspelled()
    for point in range(0x2000):
        for text in (chr(point), chr(point) + "a", "a" + chr(point)):
            assert (unspelled.fullmatch(text) is None) == (spelled.fullmatch(render._codes(text)) is None), text
    assert not any(unspelled.fullmatch("a" + char) for char in "\u2000’–…€가中")


def test_line_ends_and_tabs_are_other_characters():
    """``_lines`` leaves them to uniseg's wrapper because their code is ``_OTHER``."""
    for point in range(0x10000):
        if render._LINE_OR_TAB.match(chr(point)):
            assert render._code(chr(point)) == render._OTHER, hex(point)
