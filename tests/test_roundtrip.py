"""Round trips with any text: nothing is dropped, duplicated or changed on the way.

Hypothesis writes catalogs and whole letters in arbitrary Unicode (right-to-left
scripts, combining marks, emoji, CJK, very long words) and checks that
save → load, inline Markdown handling, and extract → catalog → render keep every
character of the text exactly once.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline import edition, markup, po

from conftest import ROOT, Project
from po_support import catalogs, expected_fields, kept_comment, parsed_fields

# --- save → load ---------------------------------------------------------------------------

@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalog=catalogs())
def test_any_catalog_survives_save_then_load(catalog):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "letter.po"
        po.save(catalog, path)
        again = po.load(path)
        assert [parsed_fields(e) for e in again] == [expected_fields(e) for e in catalog]
        assert again.metadata == catalog.metadata and again.header == kept_comment(catalog.header)
        assert [p.name for p in Path(folder).iterdir()] == ["letter.po"]


# --- inline Markdown ----------------------------------------------------------------------

# Text from many scripts, without the characters Markdown gives a meaning to.
SCRIPTS = st.characters(categories=["L", "M", "N", "Zs", "Pd", "Po", "So"],
                        exclude_characters="*_[]()<>`\\&!#|~=+:\"'")
plain = st.text(SCRIPTS, min_size=1, max_size=30).map(lambda s: " ".join(s.split())).filter(bool)
url = st.from_regex(r"https://example\.org/[a-z0-9/]{0,20}", fullmatch=True)


@st.composite
def inline(draw) -> tuple[str, str, str]:
    """Markdown, its plain text, and the text of its HTML, built from runs whose meaning is known."""
    runs = draw(st.lists(st.one_of(
        plain.map(lambda t: ("text", t, None)),
        plain.map(lambda t: ("em", t, None)),
        plain.map(lambda t: ("strong", t, None)),
        st.tuples(plain, url).map(lambda p: ("link", p[0], p[1])),
    ), min_size=1, max_size=6))
    source, text, shown = [], [], []
    for kind, words, target in runs:
        source.append({"text": words, "em": f"*{words}*", "strong": f"**{words}**",
                       "link": f"[{words}]({target})"}[kind])
        text.append(f"{words} <{target}>" if kind == "link" else words)
        shown.append(words)
    return " ".join(source), " ".join(text), " ".join(shown)


def strip_tags(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


@settings(max_examples=300, deadline=None)
@given(case=inline())
def test_inline_markdown_never_drops_or_duplicates_text(case):
    source, text, shown = case
    # Emphasis markers next to some punctuation stay literal in CommonMark; compare the
    # words, which must all be there, once each, in order.
    def words(s: str) -> list[str]:
        return re.sub(r"[*]", "", s).split()

    html, plain_text = markup.forms(source)
    assert words(plain_text) == words(text)
    assert words(strip_tags(html)) == words(shown)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(inline().map(lambda case: case[0]),
                      st.text(st.sampled_from("ab *_`[]()<>&\\\n#!:/.\"'\x00\x07\u200b\u202e"), max_size=40)))
def test_the_html_from_one_parse_is_markdown_its_own(text):
    """markup.forms renders the tokens it also reads the text from: the HTML is what
    markdown-it's renderInline makes of the text without its unwanted characters."""
    assert markup.forms(text)[0] == markup._parser().renderInline(markup.UNWANTED.sub("", text))


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(inline().map(lambda case: case[0]),
                      st.text(st.sampled_from("ab é*_`[]()<>&\\\n\r#!:/.\"'"), max_size=40), st.text(max_size=40)))
@example(text="0 – 0")
def test_a_piece_is_what_markup_makes_of_its_text(text):
    """edition.piece skips the Markdown parser for most texts: never with another result than the parser
    gives for the text as every edition sets it, the space before a spaced dash made no-break."""
    shown = edition._no_break_before_dashes(text)
    assert edition.piece(text) == edition.Piece(shown, edition.State.CURRENT, *markup.forms(shown))


@given(text=plain)
def test_plain_text_is_left_alone(text):
    html, plain_text = markup.forms(text)
    assert plain_text == text
    assert strip_tags(html) == text


# --- the whole pipeline -------------------------------------------------------------------

# In NFC, as the letter's text must be.
WORD = st.text(SCRIPTS.filter(lambda c: not unicodedata.category(c).startswith("Z")), min_size=1,
               max_size=25).map(lambda word: unicodedata.normalize("NFC", word))
LONG_WORD = st.text(st.sampled_from("abcdefghij"), min_size=80, max_size=120)
sentence = st.lists(st.one_of(WORD, WORD, LONG_WORD), min_size=1, max_size=12).map(" ".join)
name = st.lists(WORD, min_size=1, max_size=3).map(" ".join)


@st.composite
def letters(draw) -> dict:
    paragraphs = [f"P{i} {draw(sentence)}" for i in range(draw(st.integers(1, 4)))]
    names = draw(st.lists(name, min_size=1, max_size=4, unique=True))
    signatories = [{"name": f"N{i} {n}", "role": f"R{i} {draw(sentence)}"} for i, n in enumerate(names)]
    return {"title": f"T {draw(sentence)}", "paragraphs": paragraphs, "signatories": signatories}


def write_project(root: Path, letter: dict) -> Project:
    (root / "source").mkdir(parents=True)
    front = f"---\ntitle: {json.dumps(letter['title'], ensure_ascii=False)}\ndate: 2020-05-26\npublisher: P\n---\n\n"
    (root / "source/letter.md").write_text(front + "\n\n".join(letter["paragraphs"]) + "\n", encoding="utf-8")
    (root / "source/signatories.yaml").write_text(yaml.safe_dump(letter["signatories"], allow_unicode=True),
                                                  encoding="utf-8")
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    settings_text = (root / "pyproject.toml").read_text(encoding="utf-8")
    (root / "pyproject.toml").write_text(re.sub(r"^published = \[.*?\]$", "published = []", settings_text,
                                                flags=re.M | re.S), encoding="utf-8")
    return Project(root)


def squeeze(text: str) -> str:
    """The text without any whitespace: wrapping may add or move line breaks, nothing else."""
    return "".join(unicodedata.normalize("NFC", text).split())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(letter=letters())
def test_extract_catalog_render_is_lossless(letter):
    with tempfile.TemporaryDirectory() as folder:
        project = write_project(Path(folder) / "p", letter)
        project.ok("extract")
        project.ok("init", "ar")
        project.translate("ar", lambda e: e.msgid)
        project.ok("build")
        template = {e.msgid for e in po.load(project.path("locales/letter.pot"))}
        units = ([letter["title"], *letter["paragraphs"]]
                 + [s[k] for s in letter["signatories"] for k in ("name", "role")])
        for unit in units:
            assert " ".join(unit.split()) in template
        for edition in ("en", "ar"):
            text = squeeze(project.path(f"output/{edition}/letter.txt").read_text(encoding="utf-8")
                           .replace("\u200f", ""))
            page = squeeze(strip_tags(project.path(f"output/{edition}/index.html").read_text(encoding="utf-8")))
            for unit in units:
                assert text.count(squeeze(unit)) == 1, (edition, unit)
                assert squeeze(unit) in page
