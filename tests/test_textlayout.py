"""``textlayout``: display width and the plain-text edition's lines, exactly as uniseg counts and breaks them,
and the first strong character of a line."""
from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from uniseg.graphemecluster import grapheme_clusters
from uniseg.linebreak import line_break_boundaries
from uniseg.wrap import tt_text_extents, tt_width, tt_wrap

from pipeline import textlayout

# Letters, digits, brackets and punctuation of several scripts, with characters that send the
# wrapper down each of its paths: quotation marks, combining marks, wide ideographs, Hangul
# syllables and conjoining jamo, an unassigned code point unicodedata calls wide, a no-break
# space, a zero-width space, a tab and a line end.
WRAP_ALPHABET = ("abcxyzABC019ابجабвαβאבकखაბ<>#&*@_" "()[]{}.,!?:;/-%$€"
                 "\"'«»“”。、（）ぁ中カー가각\u1100\u1161\u0301\u0378ก\u00a0\u200b\t\n\u200d😀")


def uniseg_wrap(text: str, width: int) -> str:
    """uniseg's lines, trailing spaces dropped, as ``wrap`` gives them: without the empty line uniseg puts
    before a first word longer than a line."""
    wrapped = "\n".join(line.rstrip() for line in tt_wrap(text, width))
    return wrapped[1:] if wrapped.startswith("\n") and not textlayout._LINE_OR_TAB.match(text) else wrapped


@settings(max_examples=1500, deadline=None)
@given(words=st.lists(st.text(WRAP_ALPHABET, min_size=1, max_size=14), min_size=1, max_size=30),
       spaces=st.lists(st.sampled_from([" ", " ", " ", "  "]), min_size=30, max_size=30),
       width=st.sampled_from([1, 3, 10, 40, 72]))
def test_wrap_breaks_lines_as_uniseg_does(words, spaces, width):
    """``wrap``'s faster paths give uniseg's ``tt_wrap`` lines, trailing spaces dropped."""
    text = "".join(word + space for word, space in zip(words, spaces, strict=False)).rstrip(" ")
    assume("://" not in text)  # an address is kept whole (below)
    expected = uniseg_wrap(text, width)
    textlayout._wrap.cache_clear()
    assert textlayout.wrap(text, width) == (text.rstrip() if textlayout._fits(text, width) else expected)


@settings(max_examples=500, deadline=None)
@given(words=st.lists(st.from_regex(r"[(\[]?[a-zA-Z0-9ابجабвαβאבकกạấ]{1,20}[.,!?)\]:;/]{0,2}", fullmatch=True),
                      min_size=1, max_size=60),
       width=st.sampled_from([1, 2, 5, 20, 72]))
def test_wrap_of_plain_words_as_uniseg(words, width):
    """The common case, words of letters with brackets and punctuation, as uniseg wraps it."""
    text = " ".join(words)
    textlayout._wrap.cache_clear()
    if not textlayout._fits(text, width):
        assert textlayout.wrap(text, width) == uniseg_wrap(text, width)


# Hangul syllables (H2, H3), ideographs and kana (ID), small kana (CJ), wide brackets and
# punctuation (OP, CL, NS), Hebrew (HL) and Thai (SA) letters, wide letters (AL: the Korean kept
# whole are spelled with one), with narrow punctuation and digits.
IDEOGRAPHIC_ALPHABET = "가각나닭中文字あいぃーカ「」（）。、！？・々אבגกขค⬜⭐abc1(),.!:/"


@settings(max_examples=1500, deadline=None)
@given(words=st.lists(st.text(IDEOGRAPHIC_ALPHABET, min_size=1, max_size=20), min_size=1, max_size=30),
       spaces=st.lists(st.sampled_from([" ", " ", "  "]), min_size=30, max_size=30),
       width=st.sampled_from([1, 2, 3, 5, 10, 40, 72]))
def test_wrap_of_ideographs_hangul_hebrew_and_thai_as_uniseg(words, spaces, width):
    """The ideographic words, Hebrew and Thai letters and the spaces between them break as in uniseg."""
    text = "".join(word + space for word, space in zip(words, spaces, strict=False)).rstrip(" ")
    assume("://" not in text)
    textlayout._wrap.cache_clear()
    if not textlayout._fits(text, width):
        assert textlayout.wrap(text, width) == uniseg_wrap(text, width)


@settings(max_examples=300, deadline=None)
@given(chars=st.lists(st.characters(categories=("Lo", "Ps", "Pe", "Po", "So")), min_size=2, max_size=12),
       width=st.sampled_from([1, 2, 4, 9]))
def test_wrap_of_any_letters_and_punctuation_as_uniseg(chars, width):
    """Whatever letters and punctuation the character classes gather, wrapping follows uniseg's classes."""
    text = "".join(chars)
    assume("://" not in text)
    textlayout._wrap.cache_clear()
    if not textlayout._fits(text, width) and not text.startswith(" "):
        assert textlayout.wrap(text, width) == uniseg_wrap(text, width)


def test_a_first_word_longer_than_a_line_starts_the_text():
    """uniseg puts an empty line before it: two blank lines before a paragraph in the text edition."""
    long = "https://www.icrc.org/en/document/health-care-in-danger-cyberattacks-covid-19"
    assert textlayout.wrap(f"{long} is where the call is.", 40) == f"{long}\nis where the call is."
    assert textlayout.wrap("Donaudampfschifffahrtsgesellschaftskapitän ist", 20) == \
        "Donaudampfschifffahrtsgesellschaftskapitän\nist"


#: Korean as written: words of Hangul, with a Latin abbreviation, digits and punctuation, between spaces.
KOREAN = ("우리는 세계 각국 정부가 병원, 보건의료 및 의학 연구 시설은 물론 의료진과 국제 공중보건 기구에 대한 "
          "모든 사이버 공격을 막기 위해 즉각적이고 단호한 조치를 취할 것을 촉구합니다. 코로나19 대유행 동안 "
          "수백만 명의 생명을 지키는 이들이 공격받았으며, 각국 정부는 UN을 비롯한 여러 무대에서 협력해야 합니다.")


@pytest.mark.parametrize("width", [20, 40, 72])
def test_korean_kept_whole_breaks_between_words_only(width):
    """Korean is written with spaces between words and broken only there (a browser's ``word-break: keep-all``);
    UAX #14 breaks it between any two syllables ("수 / 백만", "UN / 을"). Kept whole, every line is whole words,
    and no longer than a line."""
    assert any(set(line.split()) - set(KOREAN.split()) for line in textlayout.wrap(KOREAN, width).split("\n"))
    lines = textlayout.wrap(KOREAN, width, keep_all=True).split("\n")
    assert " ".join(lines) == KOREAN
    assert all(set(line.split()) <= set(KOREAN.split()) for line in lines), lines
    assert all(textlayout.display_width(line) <= width for line in lines), lines


def test_a_korean_word_longer_than_a_line_still_breaks_and_an_address_stays_whole():
    assert textlayout.wrap("국제공중보건기구 모든", 10, keep_all=True) == "국제공중보\n건기구\n모든"
    said = "서명은 <https://example.org/서명/call> 에서 받습니다. " * 2
    lines = textlayout.wrap(said, 30, keep_all=True).split("\n")
    assert "<https://example.org/서명/call>" in lines and " ".join(lines) == said.strip()


@settings(max_examples=500, deadline=None)
@given(words=st.lists(st.text(IDEOGRAPHIC_ALPHABET + "\t\n\u1161", min_size=1, max_size=20), min_size=1, max_size=30),
       width=st.sampled_from([1, 3, 10, 40, 72]))
def test_kept_whole_no_text_is_lost_and_other_text_breaks_as_ever(words, width):
    """Whatever the text, its lines kept whole are its own characters; a text without Hangul or hanja breaks as it
    would."""
    text = " ".join(words)
    kept = textlayout.wrap(text, width, keep_all=True)
    assert "".join(kept.split()) == "".join(text.split()) or "\t" in text  # (uniseg expands a tab)
    if not textlayout._KEPT_LETTER.search(text):
        assert kept == textlayout.wrap(text, width)


def test_a_web_address_is_never_broken_across_lines():
    """UAX #14 breaks after "//" and "/": the plain-text edition cut a link's address in two, so that it could
    not be copied or followed, and in Arabic a right-to-left mark began its second half."""
    said = "We invite everyone to sign this letter at our site <https://cyberpeaceinstitute.org/call>."
    assert textlayout.wrap(said, 72) == ("We invite everyone to sign this letter at our site\n"
                                         "<https://cyberpeaceinstitute.org/call>.")
    long = "https://example.org/" + "/".join(["path"] * 20)
    assert textlayout.wrap(f"See {long} for more.", 40) == f"See\n{long}\nfor more."  # overflows, whole
    assert textlayout.wrap("请访问 <https://example.org/call/now> 签署这封信。" * 2, 20).split("\n")[1] == \
        "<https://example.org/call/now>"
    arabic = textlayout.anchor_right_to_left(textlayout.wrap("وقّعوا الرسالة على موقعنا " * 2 + f"<{long}>.", 72))
    assert f"<{long}>." in arabic.split("\n")[-1]
    # Typed straight after Chinese, or holding other letters than ASCII's.
    chinese = "详情请访问https://www.icrc.org/zh/document/health-care-in-danger-cyberattacks，并签署这封公开信。"
    assert "https://www.icrc.org/zh/document/health-care-in-danger-cyberattacks，" in \
        textlayout.wrap(chinese, 40).split("\n")[1]
    french = "Voir https://fr.wikipedia.org/wiki/Comité_international_de_la_Croix-Rouge pour plus."
    assert "https://fr.wikipedia.org/wiki/Comité_international_de_la_Croix-Rouge" in textlayout.wrap(french, 40)
    # A tab, which uniseg expands: the lines are still the text's, if the address is not kept whole.
    tabbed = "A\ttab https://example.org/tab/path/long/long/long/long and more words here to make it wrap."
    assert "".join(textlayout.wrap(tabbed, 20).split()) == "".join(tabbed.split())


@settings(max_examples=300, deadline=None)
@given(before=st.lists(st.text(WRAP_ALPHABET, min_size=1, max_size=12),
                       max_size=12),
       path=st.from_regex(r"[a-z0-9/._~?=&%-]{0,60}", fullmatch=True), bracketed=st.booleans(),
       width=st.sampled_from([10, 40, 72]))
def test_an_address_anywhere_is_on_one_line_and_no_text_is_lost(before, path, bracketed, width):
    address = f"https://example.org/{path}x"
    text = " ".join([*before, f"<{address}>" if bracketed else address, "and", "more", "words"])
    assume(text.count("://") == 1)
    wrapped = textlayout.wrap(text, width)
    assert "\t" in text or any(address in line for line in wrapped.split("\n"))  # (uniseg expands a tab)
    assert "".join(wrapped.split()) == "".join(text.split())  # only white space at a line's end is dropped


def test_the_classes_the_codes_gather_break_alike_in_uniseg():
    """Every class coded as a letter breaks as AL in uniseg, every ideographic one as ID."""
    from uniseg.linebreak import line_break_boundaries
    samples = {"AL": "a", "HL": "א", "SA": "ก", "AI": "§", "ID": "中", "H2": "가", "H3": "각", "NS": "々", "CJ": "ぃ"}
    neighbours = "a中가각(「)」。!:/%$-ー "
    for kind, char in samples.items():
        assert textlayout.line_break(char) == kind
    for left in neighbours:
        for right in neighbours:
            def breaks(char: str, left: str = left, right: str = right) -> list[int]:
                return list(line_break_boundaries(left + char + right))
            assert breaks("א") == breaks("ก") == breaks("§") == breaks("a")
            assert breaks("가") == breaks("각") == breaks("中")
            assert breaks("ぃ") == breaks("々")


def test_a_wide_character_of_a_narrow_class_is_coded_as_a_narrow_one_capitalised():
    """The codes of wide characters: each class of a narrow one capitalised, the ideographic classes, and
    NS and CJ (no break before them) as closing punctuation."""
    wide = textlayout._WIDE_CLASS_CODES
    assert wide == {**dict.fromkeys(("AL", "NU", "HL", "SA", "AI"), "A"), "OP": "O",
                    **dict.fromkeys(("CL", "CP", "EX", "IS", "SY", "NS", "CJ"), "C"),
                    **dict.fromkeys(("ID", "H2", "H3"), "I")}
    assert all(wide[kind] == code.upper() for kind, code in textlayout._CLASS_CODES.items())


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
    assert textlayout._fits(text, width) <= fits
    if textlayout._maybe_wide().search(text) is None:
        assert textlayout._fits(text, width) == fits
    if fits:
        textlayout._wrap.cache_clear()
        assert textlayout.wrap(text, width) == text.rstrip()


def test_the_characters_that_may_be_wide_are_those_unicodedata_calls_wide():
    """The pattern ``_fits`` trusts is every wide character of the Basic Multilingual Plane, nothing else."""
    maybe_wide = textlayout._maybe_wide()
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
        code = textlayout._code(char)
        if code in "aoOcCI":
            samples.setdefault((code, textlayout.line_break(char)), char)
    assert {code for code, _ in samples} == set("aoOcCI")
    chars = list(samples.values())
    for text in [a + b + c for a in chars for b in chars for c in chars] + [a + " " + b for a in chars for b in chars]:
        codes = textlayout._codes(text)
        if textlayout._CONTEXTUAL.search(codes) is None:
            breaks = set(line_break_boundaries(text))
            for position in range(1, len(text)):
                assert (position in breaks) == (textlayout._BREAK.match(codes, position) is not None), (text, position)


# Words of Hangul, ideographs and kana, Latin and Cyrillic letters and digits, mixed, with
# brackets and closing punctuation of either width: mostly texts ``_BREAK`` alone breaks.
PAIRWISE_WORD = r"[(「（]?(?:[가각나닭中文あ]{1,6}|[abcабв19]{1,6}){1,3}[)」）。、,.!:]?"


@settings(max_examples=600, deadline=None)
@given(words=st.lists(st.from_regex(PAIRWISE_WORD, fullmatch=True), min_size=1, max_size=20),
       width=st.sampled_from([1, 2, 3, 5, 10, 20, 40, 72]))
def test_wrap_of_hangul_ideographs_and_letters_in_words_as_uniseg(words, width):
    """Hangul or ideographs mixed with letters and digits, in words separated by spaces, as uniseg wraps them."""
    text = " ".join(words)
    textlayout._wrap.cache_clear()
    assert textlayout.wrap(text, width) == uniseg_wrap(text, width)


def test_a_text_below_general_punctuation_is_found_plain_unspelled_as_spelled():
    """Every character below U+2000, alone, before a letter and after one, is plain to the
    pattern matched against the text itself exactly when its spelling is; none above is."""
    spelled = re.compile(textlayout._plain(textlayout._OPENING, textlayout._ALPHANUMERIC, textlayout._CLOSING))
    unspelled = textlayout._plain_unspelled()
    for point in range(0x2000):
        for text in (chr(point), chr(point) + "a", "a" + chr(point)):
            assert (unspelled.fullmatch(text) is None) == (spelled.fullmatch(textlayout._codes(text)) is None), text
    assert not any(unspelled.fullmatch("a" + char) for char in "\u2000’–…€가中")


def test_line_ends_and_tabs_are_other_characters():
    """``_lines`` leaves them to uniseg's wrapper because their code is ``_OTHER``."""
    for point in range(0x10000):
        if textlayout._LINE_OR_TAB.match(chr(point)):
            assert textlayout._code(chr(point)) == textlayout._OTHER, hex(point)


@settings(max_examples=300, deadline=None)
@given(line=st.text(st.sampled_from("ab عربי 12.,-()\u200f\u200e\u05d0«»"), max_size=12))
def test_a_lines_first_strong_character_is_found_by_its_class(line):
    """``anchor_right_to_left`` looks at a line's first character before scanning it: never with another answer."""
    reference = next((kind for kind in map(unicodedata.bidirectional, line) if kind in ("L", "R", "AL")), None)
    assert textlayout._first_strong(line) == reference


# What makes a grapheme cluster of several characters (combining marks, a spacing mark, a
# prepended sign, conjoining jamo, a joiner between emoji, a skin tone, regional indicators, CR LF,
# controls), with wide and narrow characters of several scripts on their own.
WIDTH_ALPHABET = ("abcабвابجहिन्दीไทย中文가각\u1100\u1161\u11a8\u0301\u0903\u0600\u064b\u0651\u302a"
                  "\u200d\u200c\u00ad\t\r\n\u0378😀👍\U0001f3fd\U0001f1eb\U0001f1f7©\U0002a6df ")


@settings(max_examples=500, deadline=None)
@given(text=st.text(st.sampled_from(WIDTH_ALPHABET) | st.characters(), max_size=40))
def test_display_width_is_uniseg_s(text):
    """A column per grapheme cluster, two for a wide one: uniseg's count, whichever way it is made."""
    assert textlayout.display_width(text) == (tt_text_extents(text)[-1] if text else 0)


def test_a_character_alone_takes_two_columns_when_unicodedata_calls_it_wide():
    """Every character of the Basic Multilingual Plane, and every 64th beyond it (which uniseg measures)."""
    for point in [*range(0x10000), *range(0x10000, 0x110000, 64)]:
        char = chr(point)
        assert textlayout.display_width(char) == (2 if unicodedata.east_asian_width(char) in "WF" else 1), hex(point)


def test_the_characters_not_found_joining_are_each_a_cluster_of_their_own():
    """``display_width`` counts a text without a ``_joining`` character one column a character (two when
    wide): every other character of the Basic Multilingual Plane is a cluster of its own, in uniseg,
    beside any of them."""
    alone = "".join(chr(point) for point in range(0x10000)
                    if not 0xd800 <= point < 0xe000 and textlayout._joining().match(chr(point)) is None)
    for text in (alone, "a".join(alone), "中".join(alone)):
        assert len(list(grapheme_clusters(text))) == len(text)


def test_display_width_counts_clusters_not_characters():
    """Where it matters for the letter: Arabic with a shadda, Devanagari vowel signs, emoji sequences."""
    assert textlayout.display_width("الموقّعون") == 8  # nine characters
    assert textlayout.display_width("हिन्दी") == 3
    assert textlayout.display_width("👨\u200d👩\u200d👧") == 2
    assert textlayout.display_width("中文 (简体)") == 11
    assert textlayout.display_width("") == 0
