"""The shipped editions: every published locale complete, clean and built.

These hold the project's own content, so they must also hold after a translator's or an editor's
ordinary work (a new locale, a new signatory, their name in a header): they ask that what is
published stays publishable and clean, not that nothing changes."""
from __future__ import annotations

import json
import re

import pytest

from pipeline import po
from pipeline.config import load_config

from conftest import ROOT

PUBLISHED = load_config(ROOT).published


def test_the_un_languages_german_and_portuguese_are_published():
    assert set(PUBLISHED) >= {"ar", "de", "es", "fr", "pt-PT", "ru", "zh-Hans"}


def test_status_shows_every_published_edition_online(shipped):
    records = json.loads(shipped.ok("status", "--format", "json").stdout)
    assert {r["locale"] for r in records if r["published"]} == set(PUBLISHED)


def test_check_is_clean(shipped):
    result = shipped.run("check")
    assert result.exit_code == 0 and ": error: " not in result.stdout, result.stdout  # warnings: work in progress


def test_build_publishes_english_and_every_published_edition(shipped):
    result = shipped.ok("build")
    assert f"built {len(PUBLISHED) + 1} editions" in result.stdout


@pytest.mark.parametrize("tag", PUBLISHED)
def test_catalog_header_says_who_translated(tag):
    """Poedit and Weblate write the translator's name on save: any name, but not the template's blank."""
    catalog = po.load(next((ROOT / "locales").glob(f"{tag.replace('-', '_')}/LC_MESSAGES/letter.po")))
    assert catalog.metadata["Last-Translator"] not in ("", "FULL NAME <EMAIL@ADDRESS>")
    assert "maintainers" in catalog.header


@pytest.mark.parametrize("tag, date", [("fr", "26 mai 2020"), ("de", "26. Mai 2020"), ("zh-Hans", "2020年5月26日"),
                                       ("ru", "26 мая 2020 г."), ("es", "26 de mayo de 2020")])
def test_dates_in_the_long_format_of_the_locale(shipped, tag, date):
    shipped.ok("build")
    text = shipped.path(f"output/{tag}/letter.txt").read_text(encoding="utf-8")
    assert date in " ".join(text.split("\n\n")[1].split())  # the byline, however it wraps


def test_established_local_names(shipped):
    shipped.ok("build")
    assert "潘基文" in shipped.path("output/zh-Hans/index.html").read_text(encoding="utf-8")
    assert "Горбачёв" in shipped.path("output/ru/index.html").read_text(encoding="utf-8")
    assert "غورباتشوف" in shipped.path("output/ar/index.html").read_text(encoding="utf-8")


def test_french_typography(shipped):
    shipped.ok("build")
    text = shipped.path("output/fr/letter.txt").read_text(encoding="utf-8")
    # No space-less or ordinary-space colon, semicolon, ! or ? in running French text.
    assert not re.search(r"\w[:;!?](\s|$)", text.split("Signataires")[0].replace("https:", ""))
    assert not re.search(r" [;!?]", text)
    assert "’" in text and "'" not in text.split("Signataires")[0]


def test_arabic_uses_arabic_punctuation(shipped):
    shipped.ok("build")
    text = shipped.path("output/ar/letter.txt").read_text(encoding="utf-8")
    assert "،" in text and "," not in text.split("\n\n", 3)[2]


def test_chinese_uses_full_width_punctuation(shipped):
    shipped.ok("build")
    body = shipped.path("output/zh-Hans/letter.txt").read_text(encoding="utf-8").split("\n\n", 3)[2]
    assert "，" in body and "。" in body and "," not in body
