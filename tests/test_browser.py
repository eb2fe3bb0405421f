"""The editions as a reader sees them: headless Chromium draws every page and we ask it what it computed.

One Chromium (Debian's, driven by Playwright) serves the whole session. The pages
come from a build of the project with drafts, in which every locale without a
reviewed translation is filled with stand-in text in its script (``tools/sample.py``):
English, accented Latin, Cyrillic, Arabic, Chinese, Korean and Thai, plus a half-translated
Persian draft whose English fallbacks sit inside right-to-left text.

Skipped, with the reason, where Chromium or Playwright is missing; ``.ci/run``
installs both.
"""
from __future__ import annotations

import functools
import re
import subprocess
import sys
import unicodedata
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.locales import parse_locale  # noqa: E402
from tools import browser, sample  # noqa: E402

REASON = browser.missing()
pytestmark = pytest.mark.skipif(REASON is not None, reason=f"no headless browser: {REASON}")

PAGES = sample.expected_pages()
EDITIONS = [name.split("/")[0] for name in PAGES if "/" in name]
RTL = [tag for tag in EDITIONS if parse_locale(tag).direction == "rtl"]
TOLERANCE = 2  # px: how far the first line may start from the start edge of its block


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    output = sample.make(tmp_path_factory.mktemp("browser") / "project")
    assert sample.pages(output) == PAGES
    return output


@pytest.fixture
def open_page(tab, site):
    """Load a page of the build at a width: ``open_page("ar/index.html", 375)``."""
    def open_(name: str, width: int):
        page = tab(width)
        page.goto((site / name).as_uri())
        return page

    return open_


# --- Layout -----------------------------------------------------------------------------------------

OVERFLOW = """() => {
  const width = window.innerWidth;
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.right > width + 0.5 || box.left < -0.5)
      wide.push(`<${el.localName}${el.className ? '.' + el.className : ''}> ${Math.round(box.left)}..` +
                `${Math.round(box.right)}: ${el.textContent.trim().slice(0, 40)}`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(0, 10)};
}"""


@pytest.mark.parametrize("width", browser.WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_no_horizontal_overflow(open_page, name, width):
    result = open_page(name, width).evaluate(OVERFLOW)
    assert result["scrollWidth"] <= result["width"], f"{name} scrolls sideways at {width} px: {result}"
    assert not result["wide"], f"{name} at {width} px has elements wider than the viewport: {result['wide']}"


@contextmanager
def in_large_text(page):
    """``page`` with the browser's text size set to twice its default (32 px), as a reader's setting sets it: the
    page's rem and its media queries' em follow it, as they do not follow a size set by a stylesheet. The
    session's tab gets its default back after."""
    session = page.context.new_cdp_session(page)
    session.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    try:
        yield page
    finally:
        session.send("Page.setFontSizes", {"fontSizes": {"standard": 16, "fixed": 13}})
        session.detach()


@pytest.mark.parametrize("name", ["en/index.html", "ar/index.html", "fa/index.html", "index.html", "status.html"])
def test_text_twice_as_large_at_320_px_needs_no_sideways_scrolling(open_page, name):
    """WCAG 1.4.4 and 1.4.10: a phone at 320 px set to large text (twice the default size). The signatories'
    grid took columns of 16rem, 552 px wide, and the page scrolled sideways (to the left in Arabic)."""
    with in_large_text(open_page(name, 320)) as page:
        result = page.evaluate(OVERFLOW)
    assert result["scrollWidth"] <= result["width"] and not result["wide"], result


@pytest.mark.parametrize("width", (320, 480, *browser.WIDTHS))
def test_a_locale_tag_on_the_progress_page_is_never_broken_at_its_hyphen(open_page, width):
    """A new user saw "zh-" on one line and "Hans" on the next in the progress table's narrow column."""
    with in_large_text(open_page("status.html", width)) as page:  # and in large text (WCAG 1.4.4)
        broken = page.evaluate("() => [...document.querySelectorAll('th code')]"
                               ".filter(c => c.getClientRects().length > 1).map(c => c.textContent)")
    assert not broken, f"at {width} px: {broken}"


#: Each hyphen between a letter and a capital in the signatories that ends a line: the signatory's text.
SPLIT_COMPOUNDS = """() => {
  const split = [];
  for (const p of document.querySelectorAll('.signatories p')) {
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/\\p{L}-\\p{Lu}/gu)) {
        const at = i => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
                          return r.getBoundingClientRect(); };
        if (at(m.index + 2).top >= at(m.index + 1).bottom - 1) split.push(p.textContent.trim());
      }
    }
  }
  return split;
}"""


@pytest.mark.parametrize("width", (320, *browser.WIDTHS))
@pytest.mark.parametrize("tag", ["fr", "de"])
def test_a_capitalised_compound_is_not_broken_at_its_hyphen(open_page, tag, width):
    """A proper name is not divided: "États- / Unis" ended a line of the French page at 320 px, "Croix- / Rouge" at
    375, and "Atomenergie- / Organisation" of the German at 1280 (edition._compounds)."""
    assert not open_page(f"{tag}/index.html", width).evaluate(SPLIT_COMPOUNDS)


# Where the first line of each text block starts, against the start edge of the block's content box
# (the right edge in a right-to-left block). The draft banner is centred on purpose.
FIRST_LINES = """() => {
  const out = [];
  for (const el of document.body.querySelectorAll('h1, h2, p, li')) {
    if (el.closest('.draft')) continue;
    const style = getComputedStyle(el);
    const rects = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.data.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) if (rect.width > 0 && rect.height > 0) rects.push(rect);
    }
    if (!rects.length) continue;
    const top = rects.reduce((a, b) => (b.top < a.top ? b : a));
    const line = rects.filter(r => r.top + r.height / 2 > top.top && r.top + r.height / 2 < top.bottom);
    const box = el.getBoundingClientRect();
    const rtl = style.direction === 'rtl';
    const edge = rtl ? box.right - parseFloat(style.borderRightWidth) - parseFloat(style.paddingRight)
                     : box.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft);
    const start = rtl ? Math.max(...line.map(r => r.right)) : Math.min(...line.map(r => r.left));
    const own = el.closest('[dir]');
    out.push({block: el.localName + (el.className ? '.' + el.className : ''),
              dir: own ? own.dir : 'ltr',
              text: el.textContent.trim().slice(0, 40), direction: style.direction,
              textAlign: style.textAlign, offset: Math.round(Math.abs(start - edge) * 10) / 10});
  }
  return {dir: document.documentElement.dir, direction: getComputedStyle(document.documentElement).direction,
          blocks: out};
}"""


@pytest.mark.parametrize("width", browser.WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_text_starts_at_the_start_edge(open_page, name, width):
    """Every heading, paragraph and list item runs in its direction (the page's, or its own ``dir``:
    an English fallback inside a Persian draft) and its first line starts at the start edge: the
    right edge in Arabic and Persian, the left edge elsewhere."""
    tag = name.split("/")[0] if "/" in name else "en"
    expected = parse_locale(tag).direction
    result = open_page(name, width).evaluate(FIRST_LINES)
    assert (result["dir"], result["direction"]) == (expected, expected)
    blocks = result["blocks"]
    assert len(blocks) >= 2
    assert sum(b["dir"] == expected for b in blocks) > len(blocks) / 2, f"{name}: most blocks are not {expected}"
    wrong = [b for b in blocks if b["direction"] != b["dir"] or b["offset"] > TOLERANCE
             or b["textAlign"] not in ("start", "right" if b["dir"] == "rtl" else "left")]
    assert not wrong, f"{name} at {width} px: blocks not aligned to their start edge: {wrong[:5]}"


NAMES = """() => [...document.querySelectorAll('.signatories .name')].map(p => {
  const bdi = p.querySelector('bdi');
  const out = {text: p.textContent.trim(), isolated: false};
  if (!bdi) return out;
  const style = getComputedStyle(bdi);
  out.whole = bdi.textContent.trim() === out.text;
  out.isolated = style.unicodeBidi === 'isolate';
  out.direction = style.direction;
  // Where the first and the last word of the name are drawn.
  const text = bdi.firstChild;
  const words = [...text.data.matchAll(/\\S+/g)];
  if (words.length > 1) {
    const at = m => { const r = document.createRange(); r.setStart(text, m.index);
                      r.setEnd(text, m.index + m[0].length); return r.getBoundingClientRect(); };
    const first = at(words[0]), last = at(words[words.length - 1]);
    out.firstLeftOfLast = first.top === last.top ? first.left < last.left : null;
  }
  return out;
})"""


@pytest.mark.parametrize("tag", RTL)
def test_right_to_left_edition_keeps_names_isolated(open_page, tag):
    """Each name is a <bdi> of its own; a Latin name inside right-to-left text reads left to right."""
    page = open_page(f"{tag}/index.html", 1280)
    assert page.evaluate("document.documentElement.getAttribute('dir')") == "rtl"
    names = page.evaluate(NAMES)
    assert len(names) >= 40
    broken = [n for n in names if not (n["isolated"] and n["whole"])]
    assert not broken, f"names not isolated in <bdi>: {broken[:5]}"
    latin = [n for n in names if _first_strong(n["text"]) == "L"]
    assert all(n["direction"] == "ltr" for n in latin), [n for n in latin if n["direction"] != "ltr"][:5]
    assert all(n.get("firstLeftOfLast") in (True, None) for n in latin), latin[:5]
    arabic = [n for n in names if _first_strong(n["text"]) in ("R", "AL")]
    assert all(n["direction"] == "rtl" for n in arabic), [n for n in arabic if n["direction"] != "rtl"][:5]


def test_latin_names_inside_right_to_left_text(open_page):
    """The Persian draft leaves the names as they are: Latin names inside right-to-left text."""
    assert "ar" in RTL and "fa" in RTL
    names = open_page("fa/index.html", 375).evaluate(NAMES)
    assert sum(_first_strong(n["text"]) == "L" for n in names) >= 40


def test_an_old_address_sends_the_reader_on_to_the_edition(chromium, site):
    """``moved = { pt = "pt-PT" }``: a link to the Portuguese edition's old address still reaches it."""
    assert "pt" not in EDITIONS and "pt-PT" in EDITIONS
    page = chromium.new_page()
    try:
        page.goto((site / "pt" / "index.html").as_uri())
        page.wait_for_url((site / "pt-PT").as_uri() + "/", timeout=5000)
    finally:
        page.close()


@pytest.mark.parametrize("tag", [tag for tag in EDITIONS
                                 if tag.split("-")[0] in ("ar", "fa", "ur", "he", "hi", "mr", "ne", "bn", "as", "ta",
                                                          "th", "am", "ti", "ka", "hy", "zh", "ja", "ko")])
def test_no_slanted_imitation_of_italics(open_page, tag):
    """Arabic, Devanagari, Thai and Chinese have no italics: descriptions are set upright, where Latin ones are
    italic."""
    page = open_page(f"{tag}/index.html", 375)
    styles = page.evaluate(
        "[...document.querySelectorAll('.signatories .description, .signatories .honour')]"
        ".map(p => getComputedStyle(p).fontStyle)")
    assert styles and set(styles) == {"normal"}, set(styles)
    # Nor is an emphasis slanted: it is bold, or, in Chinese and Japanese, marked with dots.
    em = page.evaluate("""() => {
        const em = document.createElement('em');
        em.textContent = '\u4e00';
        document.querySelector('main p:not(.byline)').append(em);
        const style = getComputedStyle(em);
        return [style.fontStyle, Number(style.fontWeight), style.textEmphasisStyle];
    }""")
    dots = tag.split("-")[0] in ("zh", "ja")
    assert em[0] == "normal" and (em[2] != "none" if dots else em[1] >= 700), em


KOREAN_WORDS = """() => {
  let words = 0;
  const broken = [];
  for (const block of document.querySelectorAll('main p:not(.byline), .signatories .description')) {
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        words++;
        if (new Set([...range.getClientRects()].map(box => Math.round(box.top))).size > 1) broken.push(word[0]);
      }
    }
  }
  return {words, broken: broken.slice(0, 10)};
}"""


def test_korean_lines_end_between_words_not_inside_them(open_page):
    """Korean is written with spaces between words and broken only there (``word-break: keep-all``); Chromium broke
    it between any two syllables, as the PDF's engine did ("수 / 백만"). No word of a paragraph or a role on a phone
    has its letters on two lines."""
    found = open_page("ko/index.html", 375).evaluate(KOREAN_WORDS)
    assert found["words"] > 200 and not found["broken"], found


TITLE_LINES = """(title) => {
  const h1 = document.querySelector('h1');
  if (title) { h1.lang = title.lang; h1.textContent = title.text; }
  const lines = new Map();
  const walker = document.createTreeWalker(h1, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const top = Math.round(range.getBoundingClientRect().top);
      lines.set(top, (lines.get(top) || '') + node.data[i]);
    }
  }
  return [...lines.values()];
}"""


@pytest.mark.parametrize("title", [
    None,  # the Chinese edition's own: "…网络攻 / 击" at 432 px
    # "…協力 / を" from 572 to 596 px
    {"lang": "ja", "text": "すべての政府への呼びかけ：医療部門へのサイバー攻撃を阻止するため、今こそ協力を"},
])
def test_no_character_of_a_chinese_or_japanese_title_is_alone_on_its_last_line(chromium, site, title):
    """A typesetter leaves no character alone on a title's last line, where Chromium, breaking Chinese and Japanese
    between any two characters, left one at some widths: at none from a phone's to a desktop's."""
    lines, alone = swept(chromium, site, TITLE_LINES, title, lambda lines: lines[-1:])
    assert len(lines) > 1 and not alone, alone


def swept(chromium, site, script: str, given: dict | None, lasts) -> tuple[list[str], dict[int, list[str]]]:
    """What ``script`` says of the Chinese edition's page (with ``given``) at the last width, and the widths from a
    phone's to a desktop's at which one of the lines ``lasts`` picks of it holds fewer than two letters."""
    page = chromium.new_page()
    try:
        page.goto((site / "zh-Hans" / "index.html").as_uri())
        alone = {}
        for width in range(320, 1281, 4):
            page.set_viewport_size({"width": width, "height": browser.HEIGHT})
            said = page.evaluate(script, given)
            if any(len(re.sub(r"\W", "", line)) < 2 for line in lasts(said)):
                alone[width] = said[-2:]
    finally:
        page.close()
    return said, alone


LAST_LINES = """(paragraph) => [...document.querySelectorAll('article > p:not(.byline)')].map(p => {
  if (paragraph) { p.lang = paragraph.lang; p.textContent = paragraph.text; }
  const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT), range = document.createRange();
  let node = null;
  while (walker.nextNode()) node = walker.currentNode;
  const top = (i) => {
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    return Math.round(range.getBoundingClientRect().top);
  };
  let start = node.data.length - 1;
  while (start > 0 && top(start - 1) === top(node.data.length - 1)) start--;
  return node.data.slice(start);
})"""


@pytest.mark.parametrize("paragraph", [
    None,  # the Chinese edition's own: "…也是不可接受 / 的。" at 360 px, "…现在正是采取行动之 / 时。" at 372 px
    # "…強く要請しま / す。" from 408 to 420 px
    {"lang": "ja", "text": "私たちは世界各国の政府に対し、病院、医療機関、医学研究施設、ならびに医療従事者と国際的な"
                           "公衆衛生機関へのあらゆるサイバー攻撃を阻止するため、直ちに断固とした行動をとるよう強く要請します。"},
])
def test_no_chinese_or_japanese_paragraph_ends_on_a_line_of_one_character(chromium, site, paragraph):
    """Nor does a paragraph of the letter, whose full stop Chromium keeps off a line's start but not alone with the
    character before it: at no width from a phone's to a desktop's."""
    last, alone = swept(chromium, site, LAST_LINES, paragraph, lambda lines: lines)
    assert len(last) == 3 and not alone, alone


@pytest.mark.parametrize("tag", [tag for tag in EDITIONS if tag.split("-")[0] in ("en", "ar", "zh")])
def test_the_title_keeps_its_line_height_where_the_text_has_a_taller_one(open_page, tag):
    """Arabic and Chinese paragraphs are set looser than Latin ones for their taller letters; the title
    keeps its own 1.25, as in every edition."""
    heights = open_page(f"{tag}/index.html", 375).evaluate(
        "[document.querySelector('h1'), document.querySelector('main p:not(.byline)')]"
        ".map(e => parseFloat(getComputedStyle(e).lineHeight) / parseFloat(getComputedStyle(e).fontSize))")
    assert heights[0] == pytest.approx(1.25, abs=0.01)
    assert heights[1] == pytest.approx({"en": 1.6, "ar": 1.9, "zh": 1.8}[tag.split("-")[0]], abs=0.01)


def _first_strong(text: str) -> str | None:
    return next((c for c in map(unicodedata.bidirectional, text) if c in ("L", "R", "AL")), None)


# --- Fonts ------------------------------------------------------------------------------------------

#: The families that should draw each script's letters.
LATIN_FAMILIES = re.compile(r"(Noto (Serif|Sans)|DejaVu (Serif|Sans))( Mono)?")
EXPECTED = {
    "Arabic": re.compile(r"Noto (Naskh|Sans) Arabic"),
    "Devanagari": re.compile(r"Noto (Serif|Sans) Devanagari"),
    "Thai": re.compile(r"Noto (Serif|Sans) Thai"),
    "Cyrillic": LATIN_FAMILIES,
    "Latin": LATIN_FAMILIES,
}
CJK_REGION = {"zh-Hans": "SC", "zh-CN": "SC", "zh-SG": "SC", "zh": "SC", "zh-Hant": "TC", "zh-TW": "TC",
              "zh-HK": "HK", "ja": "JP", "ko": "KR"}
#: Families a page may use at all: real, installed fonts; never a "Last Resort" or tofu font.
ALLOWED = re.compile(r"(Noto|DejaVu) .+")


def _script(char: str) -> str | None:
    if not unicodedata.category(char).startswith("L"):
        return None
    name = unicodedata.name(char, "")
    for script, prefix in (("Arabic", "ARABIC"), ("Cyrillic", "CYRILLIC"), ("Latin", "LATIN"),
                           ("Devanagari", "DEVANAGARI"), ("Thai", "THAI"), ("Han", "CJK UNIFIED IDEOGRAPH"),
                           ("Han", "CJK COMPATIBILITY IDEOGRAPH"),
                           ("Kana", "HIRAGANA"), ("Kana", "KATAKANA"), ("Hangul", "HANGUL")):
        if name.startswith(prefix):
            return script
    return "Other"


def _cjk(lang: str) -> re.Pattern[str]:
    region = CJK_REGION.get(lang) or CJK_REGION.get(lang.split("-")[0])
    return re.compile(rf"Noto (Serif|Sans) CJK {region or '(SC|TC|HK|JP|KR)'}")


def _expected(script: str, lang: str) -> re.Pattern[str] | None:
    if script in ("Han", "Kana", "Hangul"):
        return _cjk(lang)
    pattern = EXPECTED.get(script)
    if pattern is not None and script in ("Latin", "Cyrillic") and lang.split("-")[0] in ("zh", "ja", "ko"):
        # CJK fonts carry Latin and Cyrillic letters of their own, drawn to match the ideographs.
        return re.compile(f"{pattern.pattern}|{_cjk(lang).pattern}")
    return pattern


def _drawn(char: str) -> bool:
    """Whether a character needs a glyph: not a space, a control or a format character (ZWNJ)."""
    return not char.isspace() and unicodedata.category(char) not in ("Cc", "Cf", "Zs", "Zl", "Zp")


@functools.cache
def _charsets() -> dict[str, list[tuple[int, int]]]:
    """Every installed font's characters by PostScript name (and family), from fontconfig."""
    listing = subprocess.run(["fc-list", "--format", "%{postscriptname}\t%{family[0]}\t%{charset}\n"],
                             capture_output=True, text=True, check=True).stdout
    charsets: dict[str, list[tuple[int, int]]] = {}
    for line in listing.splitlines():
        postscript, family, ranges = (line.split("\t") + ["", ""])[:3]
        spans = []
        for span in ranges.split():
            low, _, high = span.partition("-")
            spans.append((int(low, 16), int(high or low, 16)))
        charsets.setdefault(postscript, []).extend(spans)
        charsets.setdefault(f"family:{family}", []).extend(spans)
    return charsets


def _covers(font: dict, char: str) -> bool:
    spans = _charsets().get(font.get("postScriptName") or "") or _charsets().get(f"family:{font['familyName']}", [])
    code = ord(char)
    return any(low <= code <= high for low, high in spans)


def _text_elements(node: dict, lang: str = "", out: list | None = None) -> list[tuple[int, str, str, str]]:
    """(nodeId, tag, lang, text) of every element in <body> with text of its own."""
    out = [] if out is None else out
    if node.get("nodeType") == 1:
        attributes = node.get("attributes", [])
        attrs = dict(zip(attributes[::2], attributes[1::2], strict=True))
        lang = attrs.get("lang", lang)
        if node["localName"] in ("head", "progress", "script", "style") or "hidden" in attrs:
            return out  # not drawn (a <progress> draws a bar, not its fallback text; hidden: letter serve's links)
        text = "".join(child["nodeValue"] for child in node.get("children", []) if child["nodeType"] == 3)
        if text.strip():
            out.append((node["nodeId"], node["localName"], lang, text))
    for child in node.get("children", []):
        _text_elements(child, lang, out)
    return out


def _fonts(page) -> list[dict]:
    """For each element with text: its text, language and the platform fonts Chromium drew it with."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": -1})["root"]
        found = []
        for node_id, tag, lang, text in _text_elements(root):
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node_id})["fonts"]
            found.append({"tag": tag, "lang": lang, "text": text, "fonts": fonts})
        return found
    finally:
        cdp.detach()


@pytest.fixture(scope="session")
def scripts_seen() -> dict[str, set[str]]:
    """Which families drew which script, over every page the font test looked at."""
    return {}


@pytest.mark.parametrize("name", PAGES)
def test_every_script_is_drawn_with_a_real_font(open_page, name, scripts_seen):
    """No missing-glyph boxes: every character is in a font Chromium used for it, every font is an
    installed Noto or DejaVu font, and each script's letters come from the family meant for it."""
    problems = []
    elements = _fonts(open_page(name, 1280))
    assert elements, f"{name}: no text found"
    for element in elements:
        where = f"<{element['tag']} lang={element['lang']}> {element['text'].strip()[:40]!r}"
        fonts = element["fonts"]
        if not fonts:
            problems.append(f"{where}: drawn with no font")
            continue
        for font in fonts:
            if font.get("isCustomFont") or not ALLOWED.fullmatch(font["familyName"]) \
                    or "last resort" in font["familyName"].lower() or font["familyName"] not in _families():
                problems.append(f"{where}: drawn with {font['familyName']!r}, not an installed Noto or DejaVu font")
        for char in sorted(set(element["text"])):
            if not _drawn(char):
                continue
            if not any(_covers(font, char) for font in fonts):
                problems.append(f"{where}: U+{ord(char):04X} {char!r} is in none of "
                                f"{[f['familyName'] for f in fonts]}: a missing-glyph box")
                continue
            script = _script(char)
            if script is None:
                continue
            expected = _expected(script, element["lang"])
            users = [font["familyName"] for font in fonts if _covers(font, char)]
            scripts_seen.setdefault(script, set()).update(users)
            if expected is not None and not any(expected.fullmatch(family) for family in users):
                problems.append(f"{where}: {script} {char!r} drawn with {users}, expected {expected.pattern}")
    assert not problems, f"{name}:\n" + "\n".join(sorted(set(problems))[:20])


def test_every_script_was_checked(scripts_seen):
    """Runs after the font test of each page: Arabic, Chinese, Cyrillic and Latin letters were all seen."""
    if not scripts_seen:
        pytest.skip("the font tests did not run")
    assert {"Arabic", "Devanagari", "Han", "Cyrillic", "Latin"} <= set(scripts_seen), scripts_seen
    assert any(re.fullmatch(r"Noto Serif CJK SC|Noto Sans CJK SC", f) for f in scripts_seen["Han"])
    assert any(re.fullmatch(r"Noto (Naskh|Sans) Arabic", f) for f in scripts_seen["Arabic"])


@functools.cache
def _families() -> frozenset[str]:
    listing = subprocess.run(["fc-list", "--format", "%{family}\n"], capture_output=True, text=True, check=True)
    return frozenset(name for line in listing.stdout.splitlines() for name in line.split(","))


#: A signatory's name in each script, as a name keeps its own letters in every edition.
SCRIPT_NAMES = ("سارة الأحمد", "דוד כהן", "प्रिया शर्मा", "สมชาย ใจดี", "王小明", "김민준")
#: The family each script's letters are to be drawn in, by the first word of their Unicode names.
NAME_FAMILIES = {"ARABIC": "Noto Naskh Arabic", "HEBREW": "Noto Serif Hebrew", "DEVANAGARI": "Noto Serif Devanagari",
                 "THAI": "Noto Serif Thai", "CJK": "Noto Serif CJK SC", "HANGUL": "Noto Serif CJK SC"}


@pytest.mark.parametrize("tag", ["en", "ru", "ar", "he", "hi", "zh-Hans"])
def test_a_name_in_another_script_is_drawn_in_its_noto_font(tab, tmp_path, tag):
    """A name carries no language of its own: in every edition but the Arabic one a name in Arabic or Hebrew letters
    was drawn in DejaVu Sans, fontconfig's fallback, and a Chinese or Korean one in Noto Sans CJK JP's Japanese
    forms, in an edition without a CJK font of its own. Each is drawn in its script's Noto serif (style.css)."""
    (tmp_path / "style.css").write_text((ROOT / "pipeline/templates/style.css").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    items = "".join(f'<li><p class="name"><bdi>{name}</bdi></p></li>' for name in SCRIPT_NAMES)
    page_file = tmp_path / "index.html"
    page_file.write_text(f'<!DOCTYPE html><html lang="{tag}" dir="{parse_locale(tag).direction}"><head>'
                         '<meta charset="utf-8"><title>t</title><link rel="stylesheet" href="style.css"></head>'
                         f'<body><main><section class="signatories"><ul>{items}</ul></section></main></body></html>',
                         encoding="utf-8")
    page = tab(1280)
    page.goto(page_file.as_uri())
    problems = []
    for element in _fonts(page):
        for char in sorted(set(element["text"])):
            if not unicodedata.category(char).startswith("L"):
                continue
            script = unicodedata.name(char).split()[0]
            users = [font["familyName"] for font in element["fonts"] if _covers(font, char)]
            if NAME_FAMILIES[script] not in users:
                problems.append(f"{element['text']!r}: {char!r} drawn with {users}, not {NAME_FAMILIES[script]}")
    assert not problems, "\n".join(problems)
