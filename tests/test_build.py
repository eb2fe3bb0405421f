"""`letter build`: which editions are published, and what an edition contains."""
from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import sys
import unicodedata
from html.parser import HTMLParser

import pytest
from uniseg.wrap import tt_text_extents

from pipeline import po
from pipeline.build.manifest import MANIFEST
from pipeline.locales import parse_locale

from conftest import REQUIRED


class Page(HTMLParser):
    """The parts of an HTML page the tests look at."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def find(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())]


def width(line: str) -> int:
    """Display columns, East Asian wide characters counting two."""
    return tt_text_extents(line)[-1] if line else 0


def page(project, name: str) -> Page:
    return Page(project.path(f"output/{name}").read_text(encoding="utf-8"))


@pytest.fixture
def published(extracted):
    """French and Chinese fully reviewed (every msgstr a marked copy), German untouched."""
    extracted.ok("init", "fr", "zh-Hans", "de")
    extracted.translate("fr", lambda e: f"«{e.msgid}»" if e.msgctxt != "name" else "")
    extracted.translate("zh-Hans", lambda e: e.msgid)
    return extracted


def test_english_edition_and_index(extracted):
    result = extracted.ok("build")
    assert "built 1 edition" in result.stdout
    html = page(extracted, "en/index.html")
    assert html.find("html")[0] == {"lang": "en", "dir": "ltr"}
    assert extracted.path("output/en/letter.txt").is_file()
    assert extracted.path("output/style.css").is_file()
    index = page(extracted, "index.html")
    assert index.find("a", href="en/", lang="en")


def test_reviewed_locales_are_built_and_others_skipped_with_a_reason(published):
    result = published.ok("build")
    assert f"de: not published: {REQUIRED} untranslated" in result.stdout
    assert "en, fr, zh-Hans" in result.stdout
    assert not published.path("output/de").exists()
    index = page(published, "index.html")
    links = {a["lang"]: a for a in index.find("a") if a.get("lang")}
    assert set(links) == {"en", "fr", "zh-Hans"}
    text = "".join(index.text)
    assert "Français" in text and "简体中文" in text and "English" in text


def test_a_draft_is_not_published(published):
    published.translate("fr", lambda e: f"«{e.msgid}»", fuzzy=True)
    result = published.ok("build")
    assert f"fr: not published: {REQUIRED} drafts" in result.stdout
    assert not published.path("output/fr").exists()


def test_identity_catalog_renders_exactly_the_english_edition(published):
    published.ok("build")
    english = published.path("output/en/letter.txt").read_text(encoding="utf-8")
    chinese = published.path("output/zh-Hans/letter.txt").read_text(encoding="utf-8")
    # Only the date is in the locale's own format.
    assert chinese == english.replace("May 26, 2020", "2020年5月26日")
    en_html = published.path("output/en/index.html").read_text(encoding="utf-8")
    zh_html = published.path("output/zh-Hans/index.html").read_text(encoding="utf-8")

    def body(html: str) -> str:
        return html.split("<body>", 1)[1].split("<footer>", 1)[0]

    # But for Chinese's later parts of a description, each kept whole on a line (locales.UNSPACED).
    assert ", <span class=\"part\">" in zh_html
    assert re.sub(r'<span class="part">(.*?)</span>', r"\1", body(zh_html)) == body(en_html).replace(
        "May 26, 2020", "2020年5月26日")


def test_html_head(published):
    published.ok("build")
    html = page(published, "fr/index.html")
    assert html.find("html")[0] == {"lang": "fr", "dir": "ltr"}
    assert "".join(html.text).count("«A Call to All Governments") >= 2  # <title> and <h1>
    assert html.find("meta", name="description")[0]["content"].startswith("«We call on")
    alternates = {a["hreflang"]: a["href"] for a in html.find("link", rel="alternate")}
    assert alternates == {"en": "https://letter.example.org/en/", "fr": "https://letter.example.org/fr/",
                          "zh-Hans": "https://letter.example.org/zh-Hans/", "x-default": "https://letter.example.org/"}
    assert html.find("link", rel="canonical")[0]["href"] == "https://letter.example.org/fr/"
    assert html.find("meta", property="og:locale")[0]["content"] == "fr"
    assert html.find("meta", property="og:title")
    assert html.find("link", rel="stylesheet")[0]["href"] == "../style.css"
    assert "26 mai 2020" in "".join(html.text)


def test_signatories_and_language_chooser(published):
    published.ok("build")
    html = page(published, "fr/index.html")
    text = "".join(html.text)
    # The joining patterns are translated too, and filled with the translated parts.
    assert "««Former Director General», «International Atomic Energy Agency»»" in text
    assert "«(«Nobel Peace Prize Laureate»)»" in text
    assert "{role}" not in text and "{honour}" not in text
    assert "Ban Ki-moon" in text  # a name without a local form is the name itself
    chooser = {a["hreflang"] for a in html.find("a") if a.get("hreflang")}
    assert chooser == {"en", "zh-Hans"}


def test_translations_are_escaped_and_markdown_rendered(published):
    # The English's emphasis, which its translation moves (emphasis the English lacks is shown in English).
    published.edit("source/letter.md", "We call on the world's", "We *call on* the world's")
    published.ok("extract")
    published.ok("update", "fr")
    loaded = po.load(published.catalog("fr"))
    for entry in loaded:
        if entry.msgid == "Signatories":
            entry.msgstr = "&lt;script&gt;alert(1)&lt;/script&gt;Signataires"  # (a tag typed: shown in English)
        if entry.msgid.startswith("We *call on*"):
            entry.msgstr = "Nous *appelons* les gouvernements {{ 7*7 }}"  # links: test_injection
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    po.save(loaded, published.catalog("fr"))
    published.ok("build")
    raw = published.path("output/fr/index.html").read_text(encoding="utf-8")
    assert "<script>" not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Signataires" in raw
    assert "<em>appelons</em>" in raw
    assert "{{ 7*7 }}" in raw
    text = published.path("output/fr/letter.txt").read_text(encoding="utf-8")
    assert "Nous appelons les gouvernements {{ 7*7 }}" in text


def test_drafts_build_with_banner_and_marked_english_fallback(published):
    loaded = po.load(published.catalog("de"))
    for entry in loaded:
        if entry.msgid == "Signatories":
            entry.msgstr = "Unterzeichnende"
            entry.flags.append("fuzzy")
        if entry.msgid == "Draft, not reviewed":
            entry.msgstr = "Entwurf, nicht geprüft"
    po.save(loaded, published.catalog("de"))
    result = published.ok("build", "--drafts")
    assert "de (draft)" in result.stdout
    # The published pages link it: said, since a folder deployed as it is would publish the draft.
    assert "the draft (de) is linked from every page of output/: `letter build` without --drafts takes it down " \
           "before you publish the folder" in result.stdout
    assert 'hreflang="de"' in published.path("output/fr/index.html").read_text(encoding="utf-8")
    html = page(published, "de/index.html")
    raw = published.path("output/de/index.html").read_text(encoding="utf-8")
    # In a landmark of its own, before the letter's main: a screen reader that jumps to main does not miss it.
    assert html.find("div", class_="draft") and re.search(r'<body>\n<header>\n<div class="draft"[^>]*>.*?</div>\n'
                                                          r'</header>\n<main>', raw, re.S)
    assert "Entwurf, nicht geprüft" in raw
    assert '<h2 id="signatories">Unterzeichnende</h2>' in raw  # a draft shows in a draft build
    assert re.search(r'<h1 lang="en" dir="ltr">A Call to All Governments', raw)
    text = published.path("output/de/letter.txt").read_text(encoding="utf-8")
    assert text.startswith("Entwurf, nicht geprüft\n")
    # Reviewed editions carry no banner.
    assert not page(published, "fr/index.html").find("div", class_="draft")


def test_plain_text_edition_format(published):
    published.ok("build")
    for tag in ("en", "fr", "zh-Hans"):
        data = published.path(f"output/{tag}/letter.txt").read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf")
        assert b"\r" not in data and data.endswith(b"\n") and not data.endswith(b"\n\n")
        text = data.decode("utf-8")
        assert unicodedata.is_normalized("NFC", text)
        assert all(width(line) <= 72 for line in text.split("\n"))
        assert "Signatories" in text or "«Signatories»" in text
        assert "Harold F. Wolf, III" in text


def test_chinese_is_wrapped_by_display_width(published):
    loaded = po.load(published.catalog("zh-Hans"))
    chinese = ("我们呼吁世界各国政府立即采取果断行动，制止对医院、医疗保健和医学研究机构"
               "以及医务人员和国际公共卫生组织的一切网络攻击。")
    for entry in loaded:
        if entry.msgid.startswith("We call on"):
            entry.msgstr = chinese * 2
    po.save(loaded, published.catalog("zh-Hans"))
    published.ok("build")
    text = published.path("output/zh-Hans/letter.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    block = text.split("\n\n")[2].split("\n")  # title, byline, then the first paragraph
    assert all(width(line) <= 72 for line in block)
    assert max(width(line) for line in block) >= 68  # filled, not cut by code points at 72 / 2
    assert not any(line.startswith(("，", "。", "、")) for line in lines)
    assert "".join(block) == chinese * 2


def test_two_builds_are_byte_identical(published, tmp_path):
    """Every page is; the build's manifest (.letter-build.json) is its cache and records files' times."""
    def pages() -> dict:
        return {p.relative_to(published.root): p.read_bytes() for p in published.path("output").rglob("*")
                if p.is_file() and p.name != MANIFEST}

    published.ok("build")
    first = pages()
    shutil.rmtree(published.path("output"))
    published.ok("build")
    assert pages() == first


def test_an_edition_no_longer_reviewed_is_taken_down(published):
    published.ok("build")
    assert published.path("output/fr/index.html").exists()
    loaded = po.load(published.catalog("fr"))
    loaded[3].msgstr = ""
    po.save(loaded, published.catalog("fr"))
    result = published.ok("build")
    assert "fr: not published: 1 untranslated" in result.stdout
    assert not published.path("output/fr").exists()
    assert "fr/" not in published.path("output/index.html").read_text(encoding="utf-8")


def break_catalog(project, tag: str) -> bytes:
    """An unterminated string in a catalog, as a slip in a text editor leaves it; its bytes before."""
    path = project.catalog(tag)
    before = path.read_bytes()
    path.write_bytes(before.replace(b'msgid "Signatories"', b'msgid "Signatories'))
    return before


def test_an_unreadable_catalog_is_reported_and_the_rest_built(published):
    published.edit("pyproject.toml", "published = []", 'published = ["de"]')
    break_catalog(published, "de")
    result = published.run("build")
    assert result.exit_code == 2
    assert re.search(r"locales/de/LC_MESSAGES/letter\.po:\d+: error:", result.stderr)
    assert "never been reviewed" not in result.stderr  # the error says why, not a guess
    assert published.path("output/fr/index.html").exists()
    assert not published.path("output/de").exists()  # no earlier edition to keep


def test_the_progress_page_links_only_an_edition_kept_online(published):
    """German, a draft last time, then unreadable: kept by a build with drafts, taken down by one without,
    and in neither does the progress page link it as the edition last published, online."""
    published.ok("build", "--drafts")
    break_catalog(published, "de")
    for drafts, kept in (("--drafts", True), ("", False)):
        assert published.run("build", *filter(None, [drafts])).exit_code == 2
        assert published.path("output/de/index.html").exists() is kept
        status = published.path("output/status.html").read_text(encoding="utf-8")
        row = re.search(r'<tr>\s*<th scope="row">[^\n]*<code>de</code>.*?</tr>', status, re.S).group(0)
        assert 'href="de/"' not in row and "stays online" not in row


def test_an_unreadable_catalog_keeps_the_edition_the_last_build_made(published):
    """A slip in a published catalog fails the build but does not take the edition down; once
    the catalog is mended, the build goes on from there."""
    published.ok("build")
    edition = {name: published.path(f"output/fr/{name}").read_bytes() for name in ("index.html", "letter.txt")}
    index = published.path("output/index.html").read_bytes()
    before = break_catalog(published, "fr")
    result = published.run("build")
    assert result.exit_code == 2
    assert re.search(r"locales/fr/LC_MESSAGES/letter\.po:\d+: error: unterminated string", result.stderr)
    assert "fr: a file of its catalog could not be read (below): the edition stays as the last build made it" \
        in result.stderr
    assert result.stdout.splitlines()[-1] == ("built 2 editions in output/: en, zh-Hans; all up to date; kept as "
                                              "the last build made it: fr")
    assert {name: published.path(f"output/fr/{name}").read_bytes() for name in edition} == edition
    assert published.path("output/index.html").read_bytes() == index
    assert published.run("build").exit_code == 2  # the next build reads it again
    published.catalog("fr").write_bytes(before)
    assert published.ok("build").stderr == ""
    assert {name: published.path(f"output/fr/{name}").read_bytes() for name in edition} == edition


def test_an_output_folder_that_is_a_file_is_an_error_not_a_traceback(extracted):
    extracted.path("output").write_text("not a folder", encoding="utf-8")
    result = extracted.run("build")
    assert result.exit_code == 2
    assert result.stderr == ("output: error: is a file, not a folder: move it away, or set [tool.letter] output "
                             "to the folder the editions go in\n")


def test_a_file_the_system_refuses_is_an_error_not_a_traceback(extracted):
    (extracted.path("output")).mkdir()
    extracted.path("output/en").write_text("a file where the English edition's folder goes", encoding="utf-8")
    result = extracted.run("build")
    assert result.exit_code == 2
    assert result.stderr == ("output/en: error: cannot read or write it (File exists); check the disk's free "
                             "space and the permissions\n")


def test_a_locale_configured_as_published_must_be_reviewed(published):
    published.edit("pyproject.toml", "published = []", 'published = ["fr", "de"]')
    result = published.run("build")
    assert result.exit_code == 1
    assert "de: error: listed as published in pyproject.toml, but a paragraph or the title has no reviewed " \
           "translation to show (`letter check de` says which and why; after a change to the English, run " \
           "`letter extract` and `letter update` first)" in result.stderr
    assert published.path("output/fr/index.html").exists()


def test_a_site_address_that_is_not_one_is_refused(extracted):
    """A canonical link to "example.org/fr/" would be relative to each page: the build refuses it."""
    result = extracted.run("build", "--site-url", "example.org")
    assert result.exit_code == 2
    assert result.stderr.startswith("Usage: ") and " build [OPTIONS]\n" in result.stderr  # a usage error
    assert result.stderr.endswith("Error: Invalid value for '--site-url': 'example.org' is not a web address; write "
                                  "the whole address the editions are served from, such as "
                                  "'https://letter.example.org/'\n")
    assert not extracted.path("output").exists()
    result = extracted.run("build", "--site-url", "https://example.org/letter")
    assert result.exit_code == 0, result.stderr
    assert 'href="https://example.org/letter/"' in extracted.path("output/index.html").read_text(encoding="utf-8")


def test_a_locale_configured_as_published_needs_a_catalog(published):
    published.edit("pyproject.toml", "published = []", 'published = ["fr", "it"]')
    result = published.run("build")
    assert result.exit_code == 1
    assert result.stderr == ("it: error: listed as published in pyproject.toml, but locales/ has no catalog for it; "
                             "restore locales/it/LC_MESSAGES/letter.po from git (git checkout HEAD -- "
                             "locales/it/LC_MESSAGES/letter.po), or, if it was never committed, create it with "
                             "`letter init it`, or take it off the list\n")
    assert published.path("output/fr/index.html").exists()


def test_a_locales_setting_that_names_no_folder_is_named(published):
    """A typo in [tool.letter] locales: each published locale is told of the setting, not only to `letter init`
    a second tree of catalogs; the commands that would make the folder still run."""
    published.edit("pyproject.toml", "published = []", 'published = ["fr"]')
    published.edit("pyproject.toml", 'locales = "locales"', 'locales = "locale"')
    result = published.run("build")
    assert result.exit_code == 1
    assert result.stderr == ("fr: error: listed as published in pyproject.toml, but there is no folder locale/, "
                             "which [tool.letter] locales names: set it to the folder of the catalogs, or run "
                             "`letter init fr`\n")
    assert published.ok("extract").stdout.startswith("wrote locale/letter.pot")


def test_progress_page_and_badges(published):
    published.ok("build")
    status = page(published, "status.html")
    bars = status.find("progress")
    assert [(bar["max"], bar["value"]) for bar in bars] == [(str(REQUIRED), "0"), (str(REQUIRED), str(REQUIRED)),
                                                            (str(REQUIRED), str(REQUIRED))]
    text = "".join(status.text)
    assert "Deutsch" in text and "Français" in text
    import xml.etree.ElementTree as ET
    for tag, value in (("de", "0%"), ("fr", "100%"), ("zh-Hans", "100%")):
        svg = ET.fromstring(published.path(f"output/badges/{tag}.svg").read_text(encoding="utf-8"))
        texts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
        assert tag in texts and value in texts
    import shutil
    shutil.rmtree(published.path("locales/de"))
    published.ok("build")
    assert not published.path("output/badges/de.svg").exists()


def test_arabic_plain_text_lines_stay_right_to_left(extracted):
    extracted.ok("init", "ar")
    arabic = {"Signatories": "الموقعون", "{role}, {organization}": "{role}، {organization}"}
    extracted.translate("ar", lambda e: "" if e.msgctxt == "name" else arabic.get(e.msgid, "نص " + e.msgid))
    extracted.ok("build")
    lines = extracted.path("output/ar/letter.txt").read_text(encoding="utf-8").split("\n")
    import unicodedata
    for line in lines:
        strong = next((unicodedata.bidirectional(c) for c in line
                       if unicodedata.bidirectional(c) in "L R AL".split()), None)
        if strong is None:
            assert "\u200f" not in line
        elif line.startswith("\u200f"):
            assert next(unicodedata.bidirectional(c) for c in line[1:]
                        if unicodedata.bidirectional(c) in ("L", "R", "AL")) == "L"
        else:
            assert strong in ("R", "AL"), f"{line!r} would display left-to-right"
    assert "\u200fDapo Akande" in lines
    assert not any(c in "".join(lines) for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def test_an_english_pattern_in_a_right_to_left_draft_is_one_english_run(extracted):
    extracted.ok("init", "ar")
    untranslated = ("CyberPeace Institute",)  # the publisher: an English name in the English pattern
    extracted.translate("ar", lambda e: "" if "{" in e.msgid or e.msgctxt == "name" or e.msgid in untranslated
                        else "نص")
    extracted.ok("build", "--drafts")
    raw = extracted.path("output/ar/index.html").read_text(encoding="utf-8")
    byline = re.search(r'<p class="byline">(.*?)</p>', raw).group(1)
    # The date the locale formats is in Arabic inside the run, right to left (test_edition).
    date = parse_locale("ar").format_date(datetime.date(2020, 5, 26))
    assert byline == ('<span lang="en" dir="ltr">Published by CyberPeace Institute on '
                      f'<span lang="ar" dir="rtl">{date}</span></span>')


def test_a_translation_not_in_nfc_is_published_in_nfc_everywhere(shipped):
    """`letter check` fails it, but an edition kept online or built anyway shows what the English would:
    the page, its description and the plain text alike, so that find-in-page matches what is typed."""
    loaded = po.load(shipped.catalog("fr"))
    entry = next(e for e in loaded if e.comment == "paragraph 1")
    assert "é" in entry.msgstr
    entry.msgstr = unicodedata.normalize("NFD", entry.msgstr)
    po.save(loaded, shipped.catalog("fr"))
    shipped.run("build")
    for name in ("index.html", "letter.txt"):
        text = shipped.path(f"output/fr/{name}").read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), name


def test_the_review_page_screenshots_sample_builds_without_a_problem_to_show(tmp_path):
    """``make screenshots`` shoots the review pages of this sample through `letter serve`, whose build
    problems cover the page: every published catalog must follow the revised template, and the locales
    under review, with a paragraph in draft, must not be published."""
    from tools import review_sample

    root = review_sample.make(tmp_path / "project")
    built = subprocess.run([sys.executable, "-m", "pipeline", "-C", str(root), "build", "--drafts", "--no-pdf"],
                           capture_output=True, text=True)
    assert built.returncode == 0 and "error" not in built.stdout + built.stderr, built.stdout + built.stderr
