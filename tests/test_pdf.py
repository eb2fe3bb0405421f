"""The PDF editions, read back by the tools that judge PDFs: poppler's pdftotext, pdffonts, pdfinfo,
pdftohtml and pdftoppm, and pypdf for what those do not show (the document language, the links).

PDFs take about a second each: the shipped editions are built once for the module, and the other
tests build one or two editions.
"""
from __future__ import annotations

import gc
import os
import re
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from pipeline import pdf, po
from pipeline.locales import parse_locale
from pipeline.pdf.fonts import coverage

from conftest import FORMATS, ROOT, WITHOUT_PDFS, Project, shipped_in

POPPLER = ("pdftotext", "pdffonts", "pdfinfo", "pdftohtml", "pdftoppm")
#: A word of each script the shipped editions are in.
SCRIPTS = "Appel Призыв نداء 潘基文"


def fonts_missing() -> bool:
    fonts = coverage()
    return isinstance(fonts, str) or bool(fonts.missing(SCRIPTS))


pytestmark = [
    pytest.mark.skipif(any(shutil.which(tool) is None for tool in POPPLER),
                       reason="poppler's tools (apt-get install poppler-utils) are missing; .ci/run installs them"),
    pytest.mark.skipif(fonts_missing(), reason="the fonts of every script are not installed (apt-get install "
                                               "fonts-noto-core fonts-noto-cjk); .ci/run installs them"),
]

SHIPPED = ("en", "ar", "de", "es", "fr", "pt-PT", "ru", "zh-Hans")
#: The bidi controls pdftotext puts around right-to-left lines and the runs inside them.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f"))


def tool(*args: str | Path) -> str:
    return subprocess.run([str(arg) for arg in args], capture_output=True, text=True, check=True).stdout


def text(pdf: Path, *options: str) -> str:
    """The PDF's text as pdftotext reads it, without the bidi controls it puts around right-to-left runs."""
    return tool("pdftotext", *options, "-enc", "UTF-8", pdf, "-").translate(BIDI_CONTROLS)


def squeezed(words: str) -> str:
    """Text without whitespace or hyphens: pdftotext breaks lines where the PDF does, joins a word
    hyphenated at a line's end, and moves a space around a colon in right-to-left lines."""
    return re.sub(r"[\s\-\u2010]+", "", words.translate(BIDI_CONTROLS))


def pages_without_furniture(read: str, title: str) -> str:
    """The squeezed text of every page without what the page box adds at its foot: the page number,
    and on every page but the first the running title (the title up to its colon, never cut off)."""
    body, running = [], squeezed(pdf.running_title(title))
    for number, page in enumerate(read.split("\f")[:-1], 1):
        page = squeezed(page)
        assert page.endswith(str(number)), page[-40:]
        page = page.removesuffix(str(number))
        if number > 1:
            assert page.endswith(running), page[-60:]
            page = page.removesuffix(running)
        body.append(page)
    return "".join(body)


def info(pdf: Path) -> dict[str, str]:
    return {key: value.strip() for key, value in
            (line.split(":", 1) for line in tool("pdfinfo", pdf).splitlines() if ":" in line)}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Project:
    """The shipped project with its PDFs, built once."""
    project = shipped_in(tmp_path_factory.mktemp("pdfs"), pdfs=True)
    result = project.ok("build")
    assert result.stderr == ""  # no warning: every font is there
    return project


def edition_text(project: Project, tag: str) -> str:
    return project.path(f"output/{tag}/letter.txt").read_text(encoding="utf-8")


def test_every_published_edition_has_a_pdf_linked_from_its_page_and_the_index(built):
    index = built.path("output/index.html").read_text(encoding="utf-8")
    for tag in SHIPPED:
        assert built.path(f"output/{tag}/letter.pdf").read_bytes().startswith(b"%PDF-1.7")
        assert f'<a class="pdf" href="{tag}/letter.pdf" type="application/pdf"' in index
        page = built.path(f"output/{tag}/index.html").read_text(encoding="utf-8")
        assert '<a class="pdf" href="letter.pdf" type="application/pdf">PDF</a>' in page


#: Each edition's links on the index to its files, by type, with what their style draws them in.
FILE_LINKS = """() => [...document.querySelectorAll('.editions li')].map(li => Object.fromEntries(
  [...li.querySelectorAll('a[type]')].map(a => { const style = getComputedStyle(a);
    return [a.type, [a.className, style.fontSize, style.color, style.marginInlineStart]]; })))"""


def test_the_index_draws_the_pdf_link_as_the_plain_texts_under_a_class_of_its_own(built, tab):
    """The PDF link is no plain text's (``class="text"``), but looks as that link does beside it."""
    page = tab(1280)
    page.goto(built.path("output/index.html").as_uri())
    links = page.evaluate(FILE_LINKS)
    assert len(links) == len(SHIPPED)
    for link in links:
        text, printed = link["text/plain"], link["application/pdf"]
        assert (text[0], printed[0]) == ("text", "pdf") and text[1:] == printed[1:], link


def test_pdftotext_gives_the_edition_in_reading_order(built):
    for tag in SHIPPED:
        plain = edition_text(built, tag)
        title, _byline, *paragraphs = plain.split("\n\n")[:-1]
        pdf = built.path(f"output/{tag}/letter.pdf")
        # Drawn in reading order: the text as the content stream holds it is the plain-text edition's.
        if tag != "ar":  # (pdftotext -raw gives right-to-left text as drawn, from left to right)
            assert pages_without_furniture(text(pdf, "-raw"), title) == squeezed(plain), tag
        # And so pdftotext reads it: the letter in order, and every signatory whole, name first.
        read = squeezed(text(pdf))
        if tag != "ar":  # (pdftotext puts an Arabic vowel mark above its line on a line of its own)
            assert squeezed("".join(plain.split("\n\n")[:4])) in read, tag
        heading = plain.split("\n\n")[5]
        signatories = plain.split(heading + "\n\n")[1].strip("\n").split("\n\n")
        assert len(signatories) == 44
        whole = [signatory for signatory in signatories if squeezed(signatory) in read]
        names = [signatory for signatory in signatories if squeezed(signatory.split("\n")[0]) in read]
        if tag == "zh-Hans":  # pdftotext joins the names of a row into one line, then their descriptions
            assert len(names) == 44 and len(whole) >= 30, (tag, len(whole))
        elif tag == "ar":  # and drops the lam of a lam-alef drawn as two overlapping glyphs (-raw keeps it)
            assert len(names) >= 40 and len(whole) >= 30, (tag, len(names), len(whole))
        else:
            assert len(whole) == 44, (tag, [s for s in signatories if s not in whole])
    assert "潘基文" in text(built.path("output/zh-Hans/letter.pdf"))


@pytest.mark.parametrize(("title", "running"), [
    ("A Call to All Governments: Work Together Now", "A Call to All Governments"),
    ("Appel à tous les gouvernements\u00a0: travaillez ensemble", "Appel à tous les gouvernements"),
    ("致各国政府的呼吁：立即携手", "致各国政府的呼吁"),
    ("نداء إلى جميع الحكومات: تعاونوا الآن", "نداء إلى جميع الحكومات"),
    ("A title without a colon", "A title without a colon"), (": Starts with one", ": Starts with one"),
    ("Meet at 10:30 today", "Meet at 10:30 today"),
])
def test_the_running_title_is_the_title_up_to_its_colon(title, running):
    assert pdf.running_title(title) == running


def test_the_running_title_is_whole_on_every_page_but_the_first(built):
    for tag in ("de", "ru", "pt-PT"):  # whose whole titles the foot could not hold
        title = edition_text(built, tag).split("\n\n")[0].replace("\n", " ")
        pages = text(built.path(f"output/{tag}/letter.pdf")).split("\f")[:-1]
        assert pages[0].count(pdf.running_title(title)) == 1, tag  # in the heading only
        for page in pages[1:]:
            assert pdf.running_title(title) in page and "…" not in page, tag


def test_arabic_comes_back_in_logical_order_and_chinese_is_broken_by_its_rules(built):
    title = edition_text(built, "ar").split("\n\n")[0]
    read = text(built.path("output/ar/letter.pdf"))
    assert squeezed(read).startswith(squeezed(title))
    assert "نداء إلى جميع الحكومات" in read  # the words as typed, first to last
    # No line of the Chinese edition starts with closing punctuation, nor ends with an opening bracket.
    lines = [line for line in text(built.path("output/zh-Hans/letter.pdf")).splitlines() if line]
    assert not [line for line in lines if line[0] in "，。、：；！？）」』》"]
    assert not [line for line in lines if line[-1] in "（「『《"]


def test_a_title_keeps_its_line_height_where_the_text_has_a_taller_one(built):
    """Arabic and Chinese set their body text at 1.7 for their taller letters; the title, whose lines
    are set at 1.25 of its size, stays at 1.25 (it took 1.7 too, and came apart)."""
    def line_tops(tag: str) -> list[float]:
        layout = tool("pdftotext", "-f", "1", "-l", "1", "-bbox-layout", built.path(f"output/{tag}/letter.pdf"), "-")
        return [float(top) for top in re.findall(r'<line xMin="[\d.]+" yMin="([\d.]+)"', layout)]

    for tag in SHIPPED:  # every title takes two lines or more
        tops = line_tops(tag)
        assert tops[1] - tops[0] == pytest.approx(19 * 1.25, abs=0.01), tag
    for tag, height in (("en", 1.45), ("zh-Hans", 1.7)):  # title, title, byline, then the first paragraph
        tops = line_tops(tag)
        assert tops[4] - tops[3] == pytest.approx(10.5 * height, abs=0.01), tag


def lines(pdf: Path, *pages: str) -> list[tuple[float, float, str]]:
    """Each line pdftotext reads: its left and right edges, and its words joined."""
    layout = tool("pdftotext", *pages, "-bbox-layout", pdf, "-")
    found = re.findall(r'<line xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*?)</line>', layout, re.S)
    return [(float(left), float(right), "".join(re.findall(r"<word [^>]*>([^<]*)</word>", line)))
            for left, right, line in found]


def test_no_chinese_line_is_a_lone_character(built):
    """A signatory's role of fourteen characters fits its column (the gutter is narrower in CJK, whose
    characters carry their own side space): none ends on a line of one character, as 官 did."""
    read = [line for _, _, line in lines(built.path("output/zh-Hans/letter.pdf"))]
    assert "万维网基金会总裁兼首席执行官" in read
    assert not [line for line in read if len(line) == 1 and not line.isdigit()]


def test_chinese_breaks_a_title_or_a_description_between_its_parts(built, shipped):
    """Chinese is written without spaces, and broken where a line is full a title split 网络 ("…部门的网 /
    络攻击") and a description 执行: the title goes on after its colon on a line of its own, and a
    signatory's role and organisation each stay whole where they fit, on one line where both do (every
    shipped description, in the signatories' size) and between them where not (an organisation made longer). A
    role longer than its column of sixteen breaks inside, leaving no character alone: "…首席特别顾 / 问" did."""
    read = [line for _, _, line in lines(built.path("output/zh-Hans/letter.pdf"))]
    assert read[:2] == ["致各国政府的呼吁：", "立即携手制止针对医疗卫生部门的网络攻击"]
    assert {"医疗信息与管理系统学会首席执行官", "红十字会与红新月会国际联合会主席"} <= set(read)
    chinese = only(shipped, "zh-Hans").with_pdfs()
    catalog = po.load(chinese.catalog("zh-Hans"))
    organisation = "Healthcare Information and Management Systems Society"
    next(e for e in catalog if e.msgid == organisation).msgstr = "美国医疗信息与管理系统学会"
    role = "Former High Commissioner for Human Rights"
    next(e for e in catalog if e.msgid == role).msgstr = "前任人权事务高级专员兼首席特别顾问"
    po.save(catalog, chinese.catalog("zh-Hans"))
    chinese.ok("build")
    read = [line for _, _, line in lines(chinese.path("output/zh-Hans/letter.pdf"))]
    assert {"美国医疗信息与管理系统学会", "首席执行官"} <= set(read)
    assert {"联合国", "前任人权事务高级专员兼首席特别", "顾问"} <= set(read)


def test_a_capitalised_compound_ends_no_line_at_its_hyphen_unless_longer_than_its_column(built, shipped):
    """A proper name is not divided: the French PDF's narrow signatory columns read "d’État, États- / Unis" (which
    pdftotext gave back as "ÉtatsUnis") and the German "Atomenergie- / Organisation". One longer than its column
    breaks at its hyphen, within the column."""
    for tag, compounds in (("fr", {"États-Unis", "Croissant-Rouge"}), ("de", {"Atomenergie-Organisation"})):
        read = lines(built.path(f"output/{tag}/letter.pdf"))
        assert not [line for _, _, line in read if re.search(r"[^\W\d_]-$", line)], tag
        assert all(any(compound in line for _, _, line in read) for compound in compounds), tag
    french = only(shipped, "fr").with_pdfs()
    catalog = po.load(french.catalog("fr"))
    longer = "Saint-Vincent-et-les-Grenadines-et-Saint-Christophe"
    next(e for e in catalog if e.msgid == "United States").msgstr = longer
    po.save(catalog, french.catalog("fr"))
    french.ok("build")
    read = lines(french.path("output/fr/letter.pdf"))  # (a line's words joined without their spaces)
    albright = next(n for n, (_, _, line) in enumerate(read) if line == "MadeleineAlbright")
    next_column = next(left for left, _, line in read if line == "BanKi-moon")
    assert [line for _, _, line in read[albright + 1:albright + 4]] == [
        "Anciennesecrétaired’État,", "Saint-Vincent-et-les-Grenadines-", "et-Saint-Christophe"]
    assert all(right < next_column for _, right, _ in read[albright:albright + 4])


def test_arabic_is_justified_and_chinese_set_on_a_grid_of_whole_characters(built):
    """A full line of the letter reaches both sides of its measure, centred on the page: Arabic is
    justified, and Chinese, which no engine here spreads, is set on a measure of 46 characters, where
    every full line ended a character short of the page's 46.97."""
    page = 595.28  # A4
    for tag in ("ar", "zh-Hans"):
        full = lines(built.path(f"output/{tag}/letter.pdf"), "-f", "1", "-l", "1")[3:5]  # after title and byline
        assert [right - left for left, right, _ in full] == pytest.approx([page - 2 * full[0][0]] * 2, abs=0.5), tag
    assert full[0][1] - full[0][0] == pytest.approx(46 * 10.5, abs=0.5)


def test_the_foot_of_a_chinese_page_stands_within_its_measure_on_every_page(built):
    """The measure of whole characters is the page's own, cut by its margins: beside a narrower body the
    running title and the page number stood 1.8 mm outside it, left and right."""
    pdf = built.path("output/zh-Hans/letter.pdf")
    measure = lines(pdf, "-f", "1", "-l", "1")[3]
    for page in ("1", "2"):
        read = lines(pdf, "-f", page, "-l", page)
        number = next(line for line in read if line[2] == page)
        assert number[1] == pytest.approx(measure[1], abs=0.5), page
    running = next(line for line in lines(pdf, "-f", "2", "-l", "2") if line[2] == "致各国政府的呼吁")
    assert running[0] == pytest.approx(measure[0], abs=0.5)


def test_every_font_is_embedded_as_a_subset(built):
    for tag in SHIPPED:
        rows = tool("pdffonts", built.path(f"output/{tag}/letter.pdf")).splitlines()[2:]
        assert rows, tag
        for row in rows:
            name, emb, sub, uni = row.split()[0], *row.split()[-5:-2]
            assert (emb, sub, uni) == ("yes", "yes", "yes"), (tag, row)
            assert re.fullmatch(r"[A-Z]{6}\+Noto-.*", name), (tag, row)  # Noto, for every script
    families = tool("pdffonts", built.path("output/zh-Hans/letter.pdf"))
    assert "Noto-Serif-CJK-SC" in families


def test_a_name_in_another_script_is_set_in_its_noto_font(french):
    """A signatory's name written in Arabic or Chinese letters in the English edition is set in Noto Naskh Arabic
    and Noto Serif CJK, as the web page's stylesheet sets it, not in the font fontconfig falls back to for a
    character Noto Serif lacks (DejaVu Sans, a sans among serifs)."""
    french.edit("source/signatories.yaml", "- name: Ernesto Zedillo",
                "- name: محمد العلي\n  country: Jordan\n\n- name: 李伟\n  country: China\n\n- name: Ernesto Zedillo")
    french.ok("build")
    fonts = [row.split()[0].split("+")[1] for row in
             tool("pdffonts", french.path("output/en/letter.pdf")).splitlines()[2:]]
    assert "Noto-Naskh-Arabic-Bold" in fonts and any(font.startswith("Noto-Serif-CJK") for font in fonts)
    assert all(font.startswith("Noto-") for font in fonts), fonts


def test_page_size_tags_language_and_metadata(built):
    for tag in SHIPPED:
        path = built.path(f"output/{tag}/letter.pdf")
        found = info(path)
        assert found["Tagged"] == "yes" and found["JavaScript"] == "no"
        # US Letter where CLDR's likely territory uses it (English: the United States), else A4.
        assert found["Page size"].endswith("(letter)" if tag == "en" else "(A4)"), tag
        assert found["Title"] == edition_text(built, tag).split("\n\n")[0].replace("\n", " ")
        assert found["Author"] and found["Author"] in edition_text(built, tag)  # the publisher, as the byline names it
        # The opening sentence of the letter, whole, in the edition's language.
        opening = squeezed(edition_text(built, tag).split("\n\n")[2])
        assert found["Subject"] and opening.startswith(squeezed(found["Subject"])), tag
        assert found["Subject"][-1] in ".。", tag
        assert found["CreationDate"].startswith("Tue May 26") and found["CreationDate"].endswith("2020 UTC")
        catalog = PdfReader(path).trailer["/Root"]
        assert catalog["/Lang"] == parse_locale(tag).tag
        assert catalog["/MarkInfo"]["/Marked"] and catalog["/ViewerPreferences"]["/DisplayDocTitle"]
        # Facing pages from the right in a right-to-left edition, as its text and furniture run.
        assert catalog["/ViewerPreferences"].get("/Direction") == ("/R2L" if tag == "ar" else None), tag
    arabic = info(built.path("output/ar/letter.pdf"))
    assert arabic["Subject"].startswith("ندعو حكومات العالم")
    assert arabic["Author"] == "معهد السلام السيبراني"  # the publisher in the edition's language
    assert info(built.path("output/en/letter.pdf"))["Author"] == "CyberPeace Institute"


def structure(reference) -> tuple[str, list, list[int]]:
    """A structure element as (its tag, its child elements, the pages its content is on), each child
    checked to name it as its parent."""
    element = reference.get_object()
    kids = element.get("/K", [])
    kids = kids if isinstance(kids, list) else [kids]
    children = [kid for kid in kids if hasattr(kid, "idnum") and "/S" in kid.get_object()]
    for child in children:
        assert child.get_object().raw_get("/P").idnum == reference.idnum
    return element["/S"], children, [element.raw_get("/Pg").idnum] if "/Pg" in element else []


def elements(reference, tag: str | None = None) -> list:
    """Every structure element under ``reference`` (itself included) tagged ``tag``, or every one."""
    found, (own, children, _) = [], structure(reference)
    if tag in (None, own):
        found.append(reference)
    for child in children:
        found += elements(child, tag)
    return found


def test_one_structure_element_for_each_element_across_pages_and_the_foot_an_artifact(built):
    """The tags a screen reader follows: one article, one section and one list of every signatory,
    whichever pages they run over; the running title and page number are artifacts, outside the tree."""
    for tag in SHIPPED:
        reader = PdfReader(built.path(f"output/{tag}/letter.pdf"))
        tree = reader.trailer["/Root"]["/StructTreeRoot"]
        (document,) = tree.raw_get("/K")
        assert [len(elements(document, name)) for name in ("/Part", "/Art", "/Sect", "/L", "/H2")] == [1] * 5, tag
        (signatories,) = elements(document, "/L")
        items = structure(signatories)[1]
        page = built.path(f"output/{tag}/index.html").read_text(encoding="utf-8")
        assert len(items) == page.count('<p class="name">'), tag
        assert len({page for item in items for page in structure(item)[2]}) > 1, tag  # across a page break
        # Every piece of marked content belongs to an element of the tree: none is left beside it.
        reachable = {reference.idnum for reference in elements(document)}
        marked = tree["/ParentTree"]["/Nums"][1::2]
        assert {item.idnum for entries in marked for item in entries} <= reachable, tag
        for number, page in enumerate(reader.pages):  # the page number, and the running title after the first
            content = page.get_contents().get_data()
            assert content.count(b"/Artifact\n<</Type /Pagination/Subtype /Footer>>\nBDC") == 1 + (number > 0), tag


def test_bookmarks_for_the_letter_and_the_signatories(built):
    for tag in ("en", "ar", "zh-Hans"):
        xml = tool("pdftohtml", "-xml", "-stdout", "-i", "-q", built.path(f"output/{tag}/letter.pdf"))
        items = re.findall(r'<item page="\d+">([^<]*)</item>', xml)
        title, *_, heading = edition_text(built, tag).split("\n\n")[:6]
        assert items == [title.replace("\n", " "), heading], tag
    assert items[1] == "签署人"


def test_pdftoppm_renders_the_first_page(built, tmp_path):
    for tag in ("ar", "zh-Hans"):
        subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", "-singlefile",
                        str(built.path(f"output/{tag}/letter.pdf")), str(tmp_path / tag)], check=True)
        assert (tmp_path / f"{tag}.png").read_bytes().startswith(b"\x89PNG")


def only(project: Project, tag: str) -> Project:
    """The shipped project with one translation, ``tag``'s, published: the other catalogs removed, and
    no Portuguese edition for the old address ``moved`` to send readers to."""
    for name in os.listdir(project.path("locales")):
        if name not in (parse_locale(tag).posix, "letter.pot"):
            shutil.rmtree(project.path(f"locales/{name}"))
    project.edit("pyproject.toml", '"ar", "de", "es", "fr", "pt-PT", "ru", "zh-Hans"', f'"{tag}"')
    project.edit("pyproject.toml", 'moved = { pt = "pt-PT" }\n', "")
    return project


def test_the_same_edition_gives_the_same_bytes(built, shipped):
    """In another folder, with fewer editions (so other pages), the PDFs come out byte for byte the same."""
    only(shipped, "zh-Hans")
    shipped.with_pdfs().ok("build")
    for tag in ("en", "zh-Hans"):
        name = f"output/{tag}/letter.pdf"
        assert shipped.path(name).read_bytes() == built.path(name).read_bytes()


# --- the incremental build ---------------------------------------------------------------------

@pytest.fixture
def french(shipped) -> Project:
    """The shipped project with one translation, French, and its PDFs."""
    return only(shipped, "fr").with_pdfs()


def written(project: Project, *args: str) -> set[str]:
    """The files a build writes, by their modification times."""
    before = {p: p.stat().st_mtime_ns for p in project.path("output").rglob("*")}
    project.ok("build", *args)
    return {p.relative_to(project.path("output")).as_posix() for p in project.path("output").rglob("*")
            if p.is_file() and before.get(p) != p.stat().st_mtime_ns and p.name != ".letter-build.json"}


def edit_french(project: Project, heading: str) -> None:
    catalog = po.load(project.catalog("fr"))
    next(e for e in catalog if e.msgid == "Signatories").msgstr = heading
    po.save(catalog, project.catalog("fr"))


def test_no_pdf_then_pdfs_made_once_and_again_only_when_their_edition_changes(french):
    assert not {name for name in written(french, "--no-pdf") if name.endswith(".pdf")}
    assert "letter.pdf" not in french.path("output/fr/index.html").read_text(encoding="utf-8")
    assert "letter.pdf" not in french.path("output/index.html").read_text(encoding="utf-8")

    assert {name for name in written(french) if name.endswith(".pdf")} == {"en/letter.pdf", "fr/letter.pdf"}
    assert 'href="letter.pdf"' in french.path("output/fr/index.html").read_text(encoding="utf-8")
    assert written(french) == set()  # nothing changed: nothing made

    edit_french(french, "Les signataires")
    assert written(french) == {"fr/index.html", "fr/letter.txt", "fr/letter.pdf"}
    assert "Les signataires" in text(french.path("output/fr/letter.pdf"))

    # A new edition: every page names it, but no other PDF is made again.
    shutil.copytree(ROOT / "locales/de", french.path("locales/de"))
    made = written(french)
    assert {name for name in made if name.endswith(".pdf")} == {"de/letter.pdf"}
    assert {"en/index.html", "fr/index.html", "index.html"} <= made

    # Without PDFs, those still current are kept and linked; a changed edition's is taken down.
    edit_french(french, "Signataires")
    result = french.ok("build", "--no-pdf")
    assert ("took down the PDF of fr, which no longer matches its edition (its text, the site's address, the fonts "
            "installed or this tool changed): `letter build` without --no-pdf makes it again") in result.stdout
    assert "removed" not in result.stdout
    assert not french.path("output/fr/letter.pdf").exists()
    assert "letter.pdf" not in french.path("output/fr/index.html").read_text(encoding="utf-8")
    index = french.path("output/index.html").read_text(encoding="utf-8")
    assert 'href="de/letter.pdf"' in index and 'href="fr/letter.pdf"' not in index
    assert french.path("output/de/letter.pdf").exists() and french.path("output/en/letter.pdf").exists()


def test_a_pdf_is_kept_while_its_edition_prints_the_same(french, monkeypatch):
    """A catalog saved with only its header changed (as Poedit saves it), or a translator's draft saved
    over a revised paragraph's last reviewed translation: the edition is made again but prints the same,
    so its PDF is neither made again nor taken down by --no-pdf. A change it shows still takes it down."""
    from test_living_letter import NEW, OLD, _refresh, _set

    french.edit("source/letter.md", OLD, NEW)
    _refresh(french)
    _set(french, "fr", NEW, "BROUILLON non relu", fuzzy=True)
    french.ok("build")
    printed = french.path("output/fr/letter.pdf").read_bytes()
    monkeypatch.setattr(pdf, "make", lambda frame, *_: pdf.Notice(frame.edition.locale.tag, "made again"))

    catalog = po.load(french.catalog("fr"))
    catalog.metadata["PO-Revision-Date"] = "2026-12-05 10:00+0000"
    catalog.metadata["Last-Translator"] = "Camille Martin <camille@example.org>"
    po.save(catalog, french.catalog("fr"))
    result = french.ok("build", "--no-pdf")
    assert "took down" not in result.stdout and "fr" in result.stdout
    assert french.path("output/fr/letter.pdf").read_bytes() == printed
    assert 'href="letter.pdf"' in french.path("output/fr/index.html").read_text(encoding="utf-8")
    assert 'href="fr/letter.pdf"' in french.path("output/index.html").read_text(encoding="utf-8")

    _set(french, "fr", NEW, "BROUILLON relu à moitié", fuzzy=True)
    result = french.ok("build")
    assert "made again" not in result.stderr and french.path("output/fr/letter.pdf").read_bytes() == printed

    edit_french(french, "Les signataires")
    assert "fr: warning: made again" in french.ok("build").stderr


def test_pdfs_taken_off_the_formats_are_taken_down_as_a_build_from_scratch_makes_none(french, tmp_path):
    french.ok("build")
    shipped = FORMATS.search(french.path("pyproject.toml").read_text(encoding="utf-8"))[0]
    french.edit("pyproject.toml", shipped, WITHOUT_PDFS)
    result = french.ok("build")
    assert "took down the PDFs of en, fr: [tool.letter] formats does not name pdf" in result.stdout
    assert not list(french.path("output").rglob("*.pdf"))
    pages = {name: french.path(f"output/{name}").read_bytes() for name in ("index.html", "en/index.html",
                                                                            "fr/index.html", "status.html")}
    assert not [name for name, page in pages.items() if b"letter.pdf" in page]
    shutil.rmtree(french.path("output"))
    french.ok("build")
    assert pages == {name: french.path(f"output/{name}").read_bytes() for name in pages}


def test_a_published_edition_with_pending_lines_is_printed_with_them_in_english(french):
    """A signatory added after publication: the edition stays online, its PDF is made again with the
    new lines in English, and the page still links it."""
    from test_living_letter import _add_signatory, _refresh

    french.ok("build")
    _add_signatory(french)
    _refresh(french)
    result = french.ok("build")
    assert "fr: published" in result.stdout and "warning" not in result.stderr
    printed = text(french.path("output/fr/letter.pdf"))
    assert "Ada Lovelace" in printed and "Honorary Fellow" in printed and "Signataires" in printed
    assert 'href="letter.pdf"' in french.path("output/fr/index.html").read_text(encoding="utf-8")


def test_a_pdf_is_modified_on_its_edition_s_latest_revision_and_created_on_the_letter_s_date(french):
    """A paragraph corrected without a day in the front matter: the French edition's notice gives the day
    `letter extract` saw it, and so does its PDF's ModDate; the English, which tells of no revision, keeps
    the letter's date. Once the front matter dates the correction, every edition's PDF gives that day."""
    from test_living_letter import NEW, OLD, _refresh

    def dates(tag: str) -> tuple[str, str]:
        metadata = PdfReader(french.path(f"output/{tag}/letter.pdf")).metadata
        return metadata["/CreationDate"][2:10], metadata["/ModDate"][2:10]

    french.ok("build")
    assert dates("fr") == dates("en") == ("20200526", "20200526")
    french.edit("source/letter.md", OLD, NEW)
    _refresh(french)
    french.ok("build")
    noticed = re.search(r'article:modified_time" content="([\d-]+)"', french.path("output/fr/index.html").read_text(
        encoding="utf-8")).group(1)
    assert dates("fr") == ("20200526", noticed.replace("-", "")) and dates("en") == ("20200526", "20200526")
    french.edit("source/letter.md", "date: 2020-05-26", "date: 2020-05-26\nrevised: 2020-06-01")
    french.ok("build")
    assert dates("fr") == dates("en") == ("20200526", "20200601")


def test_the_notice_of_a_revision_is_set_apart_from_the_title(french):
    """The notice over a revised edition is what the reader is told of this copy, not a line of the letter:
    set a size below the letter, with more than a line's space between it and the title it stands over."""
    from test_living_letter import NEW, OLD, _refresh

    french.edit("source/letter.md", OLD, NEW)
    _refresh(french)
    french.ok("build")
    xml = tool("pdftohtml", "-xml", "-stdout", "-i", "-q", "-f", "1", "-l", "1", french.path("output/fr/letter.pdf"))
    sizes = dict(re.findall(r'<fontspec id="(\d+)" size="(\d+)"', xml))
    lines = [(int(top), int(height), sizes[font], words) for top, height, font, words in
             re.findall(r'<text top="(\d+)" left="\d+" width="\d+" height="(\d+)" font="(\d+)">(.*)</text>', xml)]
    title = next(n for n, line in enumerate(lines) if line[3].startswith("<b>Appel"))
    notice, letter = lines[:title], next(line for line in lines if line[3].startswith("Nous appelons"))
    assert notice and notice[0][3].startswith("Le texte anglais a été révisé")
    assert all(int(size) < int(letter[2]) for _top, _height, size, _words in notice)
    last = notice[-1]
    assert lines[title][0] - (last[0] + last[1]) > letter[1]


def test_a_latin_name_in_an_arabic_edition_keeps_its_full_stop_at_its_end(shipped):
    """A name is set in its own direction, as a browser sets a ``<bdi>``: in the Arabic edition a Latin
    name ending in a full stop reads "Igor Ivanov Jr.", not ".Igor Ivanov Jr" as the paragraph's
    right-to-left direction would draw it."""
    from test_living_letter import _set

    arabic = only(shipped, "ar").with_pdfs()
    _set(arabic, "ar", "Igor Ivanov", "Igor Ivanov Jr.", fuzzy=False)
    arabic.ok("build")
    boxes = re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>',
                       tool("pdftotext", "-bbox", "-enc", "UTF-8", arabic.path("output/ar/letter.pdf"), "-"))
    at = next(n for n, (_left, word) in enumerate(boxes) if word.endswith("Igor"))
    assert [word for _left, word in boxes[at:at + 3]] == ["Igor", "Ivanov", "Jr."]
    assert float(boxes[at][0]) < float(boxes[at + 1][0]) < float(boxes[at + 2][0])


def font_sizes(pdf: Path, *words: str) -> dict[str, int]:
    """The size pdftohtml gives the first line that starts with each of ``words``."""
    xml = tool("pdftohtml", "-xml", "-stdout", "-i", "-q", pdf)
    sizes = dict(re.findall(r'<fontspec id="(\d+)" size="(\d+)"', xml))
    lines = re.findall(r'font="(\d+)">(?:<[bi]>)*([^<]*)', xml)
    return {word: int(sizes[next(font for font, line in lines if line.startswith(word))]) for word in words}


def test_latin_lines_in_an_arabic_edition_are_set_at_the_latin_editions_size(shipped):
    """Arabic is set two points larger than Latin type, as Naskh reads smaller; a signatory added since,
    whose name and description are shown in Latin letters, is set at the English edition's size, not
    two points above the Latin type of every other edition."""
    from test_living_letter import _add_signatory, _refresh

    arabic = only(shipped, "ar").with_pdfs()
    _add_signatory(arabic)
    _refresh(arabic)
    arabic.ok("build")
    english = font_sizes(arabic.path("output/en/letter.pdf"), "Ada Lovelace", "Honorary Fellow")
    assert font_sizes(arabic.path("output/ar/letter.pdf"), "Ada Lovelace", "Honorary Fellow") == english


def test_a_word_longer_than_its_column_breaks_inside_it(french):
    """A long compound in a signatory's role breaks within its column instead of running over the
    next signatory's text, as the web edition's does."""
    word = "Völkerrechtsprofessorenvereinigungsvorsitzendenstellvertreterin"
    catalog = po.load(french.catalog("fr"))
    next(e for e in catalog if e.msgid == "Professor of Public International Law").msgstr = word
    po.save(catalog, french.catalog("fr"))
    french.ok("build")
    pdf = french.path("output/fr/letter.pdf")
    width = float(re.search(r"Page size:\s+([\d.]+) x", tool("pdfinfo", pdf)).group(1))
    boxes = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</word>',
                       tool("pdftotext", "-bbox", "-enc", "UTF-8", pdf, "-"))
    start = next(n for n, (_left, _right, piece) in enumerate(boxes) if len(piece) > 3 and word.startswith(piece))
    pieces, read = [], ""
    for left, right, piece in boxes[start:]:
        pieces.append((float(left), float(right)))
        read += piece.rstrip(",")
        if len(read) >= len(word):
            break
    assert read == word and len(pieces) > 1
    assert all(right - pieces[0][0] < width / 3 for _left, right in pieces)  # within the first of three columns


def test_the_project_makes_pdfs_and_the_setting_is_checked(project):
    assert 'formats = ["html", "text", "pdf"]' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    project.edit("pyproject.toml", 'formats = ["html", "text"]', 'formats = ["html", "text", "epub"]')
    result = project.run("build")
    assert result.exit_code == 2
    assert """formats = ['html', 'text', 'epub']: write ["html", "text"], or ["html", "text", "pdf"]""" in result.stderr


# --- missing fonts -----------------------------------------------------------------------------

def fontconfig_without_cjk(folder: Path) -> Path:
    """A fontconfig setup with the folder of Noto Serif (fonts-noto-core) and nothing else: no CJK font."""
    serif = subprocess.run(["fc-match", "-f", "%{file}", "Noto Serif"], capture_output=True, text=True).stdout
    if "NotoSerif" not in serif:
        pytest.skip("Noto Serif is not installed (fonts-noto-core); .ci/run installs it")
    config = folder / "fonts.conf"
    config.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
                      f"<fontconfig><dir>{Path(serif).parent}</dir><cachedir>{folder / 'cache'}</cachedir>"
                      "</fontconfig>\n", encoding="utf-8")
    return config


def test_a_missing_font_skips_that_pdf_with_a_warning_naming_the_package(shipped, tmp_path):
    only(shipped, "zh-Hans")
    shipped.with_pdfs()
    # In a process of its own: fontconfig reads its setup once a process.
    environment = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_without_cjk(tmp_path))}
    result = subprocess.run([sys.executable, "-m", "pipeline", "-C", str(shipped.root), "build"],
                            capture_output=True, text=True, env=environment)
    assert result.returncode == 0, result.stderr
    assert "built 2 editions" in result.stdout
    warning, = result.stderr.splitlines()
    assert warning.startswith("zh-Hans: warning: no PDF: no installed font has ")
    assert "Han: " in warning and "install fonts-noto-cjk (on Debian" in warning
    assert shipped.path("output/en/letter.pdf").exists()  # Noto Serif has every character of English
    assert not shipped.path("output/zh-Hans/letter.pdf").exists()
    assert shipped.path("output/zh-Hans/index.html").exists() and shipped.path("output/zh-Hans/letter.txt").exists()
    assert "letter.pdf" not in shipped.path("output/zh-Hans/index.html").read_text(encoding="utf-8")
    assert 'href="zh-Hans/letter.pdf"' not in shipped.path("output/index.html").read_text(encoding="utf-8")
    # With the fonts there (this process's fontconfig has them all), the next build makes it.
    assert shipped.ok("build").stderr == ""
    assert "潘基文" in text(shipped.path("output/zh-Hans/letter.pdf"))
    assert 'href="zh-Hans/letter.pdf"' in shipped.path("output/index.html").read_text(encoding="utf-8")


#: 🫨 (Unicode 15.0), which neither Noto nor DejaVu has, in the French translation's first paragraph.
SHAKING_FACE = ("locales/fr/LC_MESSAGES/letter.po", '"immédiates et décisives', '"immédiates \U0001fae8 et décisives')


def font_file(folder: Path, family: str, chars: str, *, colour: bool) -> None:
    """A font of ``family`` in ``folder``, with a square for each of ``chars``: in outline, or in colour (a COLR
    table, which fontconfig reports as ``color``, as it does Noto Color Emoji's bitmaps)."""
    from fontTools.colorLib.builder import buildCOLR, buildCPAL
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    pen = TTGlyphPen(None)
    for x, y in ((100, 0), (100, 700), (900, 700), (900, 0)):
        (pen.lineTo if x != 100 or y else pen.moveTo)((x, y))
    pen.closePath()
    glyphs = {f"u{ord(char):X}": char for char in chars}
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", *glyphs])
    builder.setupCharacterMap({ord(char): name for name, char in glyphs.items()})
    builder.setupGlyf({name: pen.glyph() for name in (".notdef", *glyphs)})
    builder.setupHorizontalMetrics(dict.fromkeys((".notdef", *glyphs), (1000, 100)))
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    if colour:
        builder.font["COLR"] = buildCOLR({name: [(name, 0)] for name in glyphs})
        builder.font["CPAL"] = buildCPAL([[(1.0, 0.8, 0.0, 1.0)]])
    folder.mkdir(exist_ok=True)
    builder.save(str(folder / f"{family}.ttf"))


def build_with_fonts(project: Project, setup: Path, *rules: str) -> subprocess.CompletedProcess[str]:
    """``letter build`` in a process of its own, with the fonts of ``setup`` (fontconfig_without_cjk's) and
    those in the folder ``fonts`` beside it, and fontconfig ``rules``."""
    setup.write_text(setup.read_text(encoding="utf-8").replace(
        "</fontconfig>", f"<dir>{setup.parent / 'fonts'}</dir>{''.join(rules)}</fontconfig>"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pipeline", "-C", str(project.root), "build"],
                            capture_output=True, text=True, env={**os.environ, "FONTCONFIG_FILE": str(setup)})
    assert result.returncode == 0, result.stderr
    return result


def test_an_emoji_only_a_colour_font_has_gets_no_pdf_and_the_name_of_a_font_in_outline(french, tmp_path):
    """WeasyPrint draws a colour font's emoji (Noto Color Emoji's bitmaps) many times its size, over the lines
    around it: a character only such a font has counts as missing, and the package named has it in outline."""
    french.edit(*SHAKING_FACE)
    setup = fontconfig_without_cjk(tmp_path)
    font_file(tmp_path / "fonts", "Test Colour", "\U0001fae8", colour=True)
    result = build_with_fonts(french, setup)
    assert result.stderr.splitlines() == [
        "fr: warning: no PDF: no installed font has 1 of the characters it uses (Common: \U0001fae8); install "
        "fonts-unifont (on Debian; the README names the fonts for macOS and Windows), then build again"]
    assert not french.path("output/fr/letter.pdf").exists()
    assert french.path("output/fr/index.html").exists() and french.path("output/fr/letter.txt").exists()
    assert french.path("output/en/letter.pdf").exists()


def test_an_emoji_is_drawn_in_outline_where_fontconfig_prefers_a_colour_font_for_it(french, tmp_path):
    """Pango asks fontconfig for an emoji in the family "emoji", whose fonts a system's fontconfig lists colour
    ones first (60-generic.conf: Noto Color Emoji); the PDF is set in the font in outline all the same."""
    french.edit(*SHAKING_FACE)
    setup = fontconfig_without_cjk(tmp_path)
    font_file(tmp_path / "fonts", "Test Colour", "\U0001fae8", colour=True)
    font_file(tmp_path / "fonts", "Test Outline", "\U0001fae8", colour=False)
    result = build_with_fonts(french, setup, "<alias><family>emoji</family><prefer><family>Test Colour</family>"
                                             "</prefer></alias>")
    assert result.stderr == ""
    fonts = tool("pdffonts", french.path("output/fr/letter.pdf"))
    assert "Test-Outline" in fonts and "Test-Colour" not in fonts


def test_fonts_installed_while_a_pdf_is_made_keep_fontconfig_told_to_prefer_outline(tmp_path):
    """fontconfig reloads its setup, in place of the one ``prefer_outline`` told, when a font folder changed
    (it looks every 30 seconds; every second here): the setup told is kept for the rest of the process."""
    setup = fontconfig_without_cjk(tmp_path)
    font_file(tmp_path / "fonts", "Test Outline", "\U0001fae8", colour=False)
    setup.write_text(setup.read_text(encoding="utf-8").replace(
        "</fontconfig>", f"<dir>{tmp_path / 'fonts'}</dir><config><rescan><int>1</int></rescan></config></fontconfig>"),
        encoding="utf-8")
    script = (
        "import sys, time\n"
        "from pipeline.pdf import fonts\n"
        "from weasyprint.text.ffi import ffi, fontconfig\n"
        "fonts.prefer_outline()\n"
        "ffi.cdef('FcBool FcInitBringUptoDate (void);', override=True)\n"
        "told = int(ffi.cast('uintptr_t', fontconfig.FcConfigGetCurrent()))\n"
        "time.sleep(1.1)\n"
        "open(sys.argv[1] + '/installed.ttf', 'wb').write(open(sys.argv[1] + '/Test Outline.ttf', 'rb').read())\n"
        "time.sleep(1.1)\n"
        "fontconfig.FcInitBringUptoDate()\n"
        "print(int(ffi.cast('uintptr_t', fontconfig.FcConfigGetCurrent())) == told)\n")
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path / "fonts")], capture_output=True, text=True,
                            cwd=ROOT, env={**os.environ, "FONTCONFIG_FILE": str(setup)})
    assert result.stdout == "True\n", result.stderr


def test_the_package_named_for_missing_characters_has_them(monkeypatch):
    """fonts-noto-cjk for Chinese, Japanese and Korean and their wide punctuation and symbols, fonts-unifont
    (every emoji of Unicode 15.0, in outline) for the emoji and the symbols about them, fonts-noto-core for the rest."""
    from pipeline.pdf import fonts
    from pipeline.pdf.fonts import missing_fonts

    monkeypatch.setattr(fonts, "_matched", lambda *_: "DejaVu Sans")  # none of the packages installed
    for missing, packages in (("\U0001fae8", "fonts-unifont"), ("\u2705\u231a\U0001f9e1", "fonts-unifont"),
                              ("\u3004\uff0c\u6f58", "fonts-noto-cjk"), ("\u0e01\u10d0", "fonts-noto-core"),
                              ("\u0e01\u3004\U0001f600", "fonts-noto-cjk and fonts-noto-core and fonts-unifont")):
        assert f"; install {packages} (on Debian" in missing_fonts(missing), missing


def test_a_package_already_installed_is_not_named_again(monkeypatch):
    """A character newer than the fonts of the package that would have it (an emoji of Unicode 16.0, which
    fonts-unifont stops before) is missing with that package installed: the warning says so, and what to do
    instead, rather than send the reader to install it again. A package not installed is still named."""
    from pipeline.pdf import fonts

    installed = {"Noto Sans", "Unifont"}
    monkeypatch.setattr(fonts, "_matched", lambda family, *_: family if family in installed else "DejaVu Sans")
    assert fonts.missing_fonts("\U0001fae9").endswith(
        "(Common: \U0001fae9), though fonts-unifont is installed (a character newer than its fonts, say); write "
        "them otherwise in the translation, or install a font that has them, then build again")
    assert "; install fonts-noto-cjk (on Debian" in fonts.missing_fonts("\U0001fae9\u6f58")
    installed.add("Noto Sans CJK SC")
    assert ", though fonts-noto-cjk and fonts-unifont are installed (" in fonts.missing_fonts("\U0001fae9\u6f58")


def test_a_stand_in_is_told_only_for_a_family_the_edition_asks_for(monkeypatch):
    """Khmer, which print.css names no family for, is fontconfig's to set: no warning; nor for French when a CJK
    family is missing. Traditional Chinese asks for TC; Georgian for Noto Serif Georgian, without which it was set
    in DejaVu Serif, fontconfig's first "serif", unannounced, since DejaVu has its letters and the check passed."""
    from pipeline.pdf import fonts

    stylesheet = pdf.environment().loader.get_source(pdf.environment(), "print.css")[0]
    missing = {"Noto Serif CJK TC", "Noto Serif Georgian"}
    monkeypatch.setattr(fonts, "_matched", lambda family, *_: "DejaVu Serif" if family in missing else family)
    assert {tag: fonts.stand_ins(stylesheet, tag) for tag in ("km", "fr", "zh-Hans", "zh-Hant", "zh-TW", "ka")} == {
        "km": (), "fr": (), "zh-Hans": (), "zh-Hant": ("Noto Serif CJK TC",), "zh-TW": ("Noto Serif CJK TC",),
        "ka": ("Noto Serif Georgian",)}
    assert "; install fonts-noto-core (on Debian" in fonts.missing_families(("Noto Serif Georgian",))
    missing.add("Noto Serif")
    assert fonts.stand_ins(stylesheet, "km") == ("Noto Serif",)
    assert fonts.stand_ins(stylesheet, "ar") == ("Noto Serif",)  # Naskh is there


def test_a_pdf_printed_on_a_fallback_font_is_printed_again_once_the_font_is_there(shipped, tmp_path):
    """Built before Noto Serif was installed, the English PDF is set in another font; the build after it
    was installed, with nothing else changed, prints it again, as a build from scratch would."""
    only(shipped, "fr")
    shipped.with_pdfs()
    setup = fontconfig_without_cjk(tmp_path)  # Noto Serif taken for missing: fontconfig falls back to Noto Sans
    setup.write_text(setup.read_text(encoding="utf-8").replace("</fontconfig>", (
        '<match target="pattern"><test name="family"><string>Noto Serif</string></test>'
        '<edit name="family" mode="assign" binding="strong"><string>Noto Sans</string></edit></match>'
        "</fontconfig>")), encoding="utf-8")
    for _ in range(2):  # made, then kept: each build says it, until the font is there
        result = subprocess.run([sys.executable, "-m", "pipeline", "-C", str(shipped.root), "build"],
                                capture_output=True, text=True, env={**os.environ, "FONTCONFIG_FILE": str(setup)})
        assert result.returncode == 0, result.stderr
        # Made, as a reader may still want it, but not in silence: the font it is set in is a stand-in.
        assert sorted(result.stderr.splitlines()) == [
            f"{tag}: warning: its PDF is set in another font in place of Noto Serif, which the PDF's stylesheet "
            "asks for and fontconfig does not have; install fonts-noto-core (on Debian; the README names the fonts "
            "for macOS and Windows), then build again" for tag in ("en", "fr")]
    pdf = shipped.path("output/en/letter.pdf")
    assert "Noto-Sans" in tool("pdffonts", pdf) and "Noto-Serif" not in tool("pdffonts", pdf)
    # Without --no-pdf's taking down: the fonts changed, so the PDFs no longer match their editions.
    said = shipped.ok("build", "--no-pdf").stdout
    assert "took down the PDFs of en, fr, which no longer match their editions (their text, the site's address, " \
           "the fonts installed or this tool changed): `letter build` without --no-pdf makes them again" in said
    shipped.ok("build")
    assert "Noto-Serif" in tool("pdffonts", pdf) and "Noto-Sans" not in tool("pdffonts", pdf)
    again = {tag: shipped.path(f"output/{tag}/letter.pdf").read_bytes() for tag in ("en", "fr")}
    shutil.rmtree(shipped.path("output"))
    shipped.ok("build")
    assert {tag: shipped.path(f"output/{tag}/letter.pdf").read_bytes() for tag in ("en", "fr")} == again


# --- hostile translations ----------------------------------------------------------------------

class Watch(BaseHTTPRequestHandler):
    """Counts every request: nothing in a translation may make the PDF renderer fetch anything."""

    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        Watch.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args) -> None:
        pass


def test_a_hostile_translation_is_inert_in_the_pdf(extracted):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Watch)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    here = f"http://127.0.0.1:{server.server_port}"
    payloads = [f'<img src="{here}/img">', f'<link rel="stylesheet" href="{here}/link">',
                f"<style>@import url({here}/import); body {{ background: url({here}/bg) }}</style>",
                f'<span style="background: url({here}/inline)">styled</span>',
                f"p {{ background: url('{here}/css') }}", "<script>alert(1)</script>",
                "[click](javascript:alert(1))"]
    # A Markdown image is a link to its address, which the English links to as well.
    extracted.edit("source/letter.md", "The time to act is now.", f"The time to act is now. [See]({here}/md-image)")
    extracted.ok("extract")
    extracted.ok("init", "fr")
    # Written as character references: typed as tags, they would make the edition show each message in English.
    extracted.translate("fr", lambda entry: entry.msgid if "python-brace-format" in entry.flags
                        else f"Il est temps d’agir. ![pic]({here}/md-image)" if "md-image" in entry.msgid
                        else " ".join(payloads).replace("<", "&lt;") + " " + entry.msgid)
    Watch.requests.clear()
    try:
        extracted.with_pdfs().ok("build")
    finally:
        server.shutdown()
        thread.join()
    assert Watch.requests == []
    path = extracted.path("output/fr/letter.pdf")
    read = squeezed(text(path))
    for payload in payloads:
        assert squeezed(payload) in read  # shown as the text it is
    assert info(path)["JavaScript"] == "no"
    # The Markdown image is a link to its address, as on the page: followed by a reader who clicks it,
    # never fetched by the renderer.
    links = {annotation.get_object()["/A"].get("/URI") for page in PdfReader(path).pages
             for annotation in page.get("/Annots", [])}
    assert links == {f"{here}/md-image"} and "pic" in read


def test_the_pages_chrome_is_not_printed(built):
    page = built.path("output/fr/index.html").read_text(encoding="utf-8")
    names = re.findall(r'<li><a href="[^"]+" hreflang="[^"]+" lang="[^"]+" dir="[^"]+">([^<]+)</a></li>', page)
    plain_text = re.search(r'<a href="letter.txt" type="text/plain">([^<]+)</a>', page)
    assert len(names) == 7 and plain_text
    read = text(built.path("output/fr/letter.pdf"))
    assert not [name for name in names if name in read]  # no list of the other editions
    assert plain_text[1] not in read and "PDF" not in read


@pytest.mark.parametrize(("enabled", "mended", "collected"), [(True, True, []), (False, True, []), (False, False, [2])],
                         ids=["collector enabled", "collector paused", "layout context not mended"])
def test_the_cyclic_collector_runs_only_where_the_layout_context_is_not_mended(monkeypatch, enabled, mended,
                                                                               collected):
    """Not while the pages are laid out or written, where it would walk them again and again, nor between: what
    laying out leaves behind, its styles, goes when it ends (``speed``: the layout's context). An engine that mend
    no longer fits leaves them in cycles, and one collection, between layout and writing, frees them. Then the
    collector is as the caller had it."""
    from weasyprint.document import Document

    collections: list[int] = []
    before_writing: list[list[int]] = []
    write = Document.write_pdf

    def watch(phase: str, info: dict) -> None:
        if phase == "start":
            collections.append(info["generation"])

    def watched_write(self, *args, **options):
        before_writing.append(list(collections))
        return write(self, *args, **options)

    edition = SimpleNamespace(locale=SimpleNamespace(tag="en", direction="ltr"))
    monkeypatch.setattr(Document, "write_pdf", watched_write)
    applied = pdf.speed.mend()  # once a process, before the first PDF, which this test is not about
    if not mended:
        monkeypatch.setattr(pdf.speed, "mend", lambda: tuple(name for name in applied if name != "layout context"))
    pdf.fonts.prefer_outline()
    gc.callbacks.append(watch)
    (gc.enable if enabled else gc.disable)()
    try:
        made = pdf.render(SimpleNamespace(edition=edition), '<html lang="en"><p>' + "Work together now. " * 3000, "")
        left = gc.isenabled()
    finally:
        gc.callbacks.remove(watch)
        gc.enable()
    assert made.startswith(b"%PDF")
    assert before_writing == [collected] and collections == collected
    assert left is enabled


def test_page_numbers_are_in_the_digits_of_the_edition(built, tmp_path):
    """Each shipped edition writes its numbers in ASCII digits, and so do its page numbers; a Persian
    one writing ۲۰۲۰ is numbered ۱, ۲ (the print view's counter style)."""
    from pipeline import render
    from pipeline.edition import edition, lookup
    from pipeline.source import read_letter

    letter = read_letter(ROOT / "source/letter.md", ROOT / "source/signatories.yaml", display_root=ROOT)
    found = {(None, p.text): "کووید-۱۹ در ۲۰۲۰" for p in letter.paragraphs}
    view = edition(letter, parse_locale("fa"), lookup(found), draft=True)
    made = tmp_path / "fa.pdf"
    frame = render.frame_of(view)
    made.write_bytes(pdf.render(frame, pdf.print_view(frame, render.render_article(view).encode()), ""))
    pages = [[line.strip() for line in page.splitlines()] for page in text(made).split("\f")[:-1]]
    assert "۱" in pages[0] and "۲" in pages[1]
    assert not [line for page in pages for line in page if line.isascii() and line.isdigit()]
    assert text(built.path("output/en/letter.pdf")).split("\f")[0].strip().endswith("1")


@pytest.mark.parametrize("tag, paragraph, bold", [
    ("ar", "ندعو الحكومات إلى التحرك *الآن*.", "Naskh-Arabic-Bold"),
    ("zh-Hans", "我们*现在*呼吁各国政府。", "CJK"),
])
def test_emphasis_in_a_script_without_italics_is_bold_not_slanted(tmp_path, tag, paragraph, bold):
    """Arabic and Chinese have no italics: an emphasis was printed in a slanted imitation (Noto Naskh Arabic made
    oblique); it is set in bold, as those scripts set it."""
    from pipeline import render
    from pipeline.edition import edition, lookup
    from pipeline.source import read_letter

    letter = read_letter(ROOT / "source/letter.md", ROOT / "source/signatories.yaml", display_root=ROOT)
    view = edition(letter, parse_locale(tag), lookup({(None, p.text): paragraph for p in letter.paragraphs}),
                   draft=True)
    made = tmp_path / f"{tag}.pdf"
    frame = render.frame_of(view)
    made.write_bytes(pdf.render(frame, pdf.print_view(frame, render.render_article(view).encode()), ""))
    fonts = [line.split()[0] for line in tool("pdffonts", made).splitlines()[2:]]
    assert not [font for font in fonts if "Oblique" in font or "Italic" in font and "Serif-Italic" not in font], fonts
    assert [font for font in fonts if bold in font and "Bold" in font], fonts


def test_the_digits_of_the_page_numbers_are_checked_in_the_edition_s_own(monkeypatch):
    """A Persian edition numbers its pages ۱, ۲: a font lacking ۳, which its text does not write, gives no PDF."""
    from pipeline import render
    from pipeline.edition import edition, lookup
    from pipeline.pdf.fonts import Coverage
    from pipeline.source import read_letter

    letter = read_letter(ROOT / "source/letter.md", ROOT / "source/signatories.yaml", display_root=ROOT)
    view = edition(letter, parse_locale("fa"), lookup({(None, p.text): "کووید-۱۹ در ۲۰۲۰" for p in letter.paragraphs}),
                   draft=True)
    frame, article = render.frame_of(view), render.render_article(view).encode()
    assert "۳" not in article.decode("utf-8")
    monkeypatch.setattr(pdf, "coverage", lambda: Coverage((0, ord("۳") + 1), (ord("۳") - 1, 0x10FFFF)))
    made = pdf.make(frame, article, pdf.print_view(frame, article), "")
    assert isinstance(made, pdf.Notice), "a PDF was made"
    assert "(Arabic: ۳)" in made.reason, made.reason


def script_pdf(tmp_path: Path, tag: str, paragraph: str, role: str = "", title: str = "",
               signatories: Path = ROOT / "source/signatories.yaml") -> Path:
    """A draft edition in locale ``tag`` printed: every paragraph ``paragraph``, and the role "Former President"
    ``role`` and the title ``title`` where one is given, of the letter with ``signatories``."""
    from pipeline import render
    from pipeline.edition import edition, lookup
    from pipeline.source import read_letter

    letter = read_letter(ROOT / "source/letter.md", signatories, display_root=ROOT)
    found = {(None, p.text): paragraph for p in letter.paragraphs}
    if role:
        found[("role", "Former President")] = role
    if title:
        found[(None, letter.title.text)] = title
    view = edition(letter, parse_locale(tag), lookup(found), draft=True)
    made = tmp_path / f"{tag}.pdf"
    frame = render.frame_of(view)
    made.write_bytes(pdf.render(frame, pdf.print_view(frame, render.render_article(view).encode()), ""))
    return made


#: A signatory's name in each script and the font it is to be set in, in an edition of any other script.
NAMES = {"سارة الأحمد": "Noto-Naskh-Arabic-Bold", "דוד כהן": "Noto-Serif-Hebrew-Bold",
         "प्रिया शर्मा": "Noto-Serif-Devanagari-Bold", "สมชาย ใจดี": "Noto-Serif-Thai-Bold",
         "王小明": "Noto-Serif-CJK-SC-Bold", "김민준": "Noto-Serif-CJK-SC-Bold",
         "Анна Петрова": "", "Γιώργος Παπάς": ""}  # in Noto Serif, or in Noto Serif CJK SC's own in Chinese


@pytest.mark.parametrize("tag, paragraph", [
    ("zh-Hans", "我们呼吁各国政府立即采取行动。"),
    ("ar", "ندعو حكومات العالم إلى العمل معًا."),
    ("he", "אנו קוראים לממשלות העולם לפעול יחד."),
    ("hi", "हम दुनिया की सरकारों से मिलकर काम करने का आह्वान करते हैं।"),
])
def test_a_name_in_another_script_than_its_edition_s_is_set_and_read_back_in_its_own(tmp_path, tag, paragraph):
    """A name keeps its own letters in every edition and carries no language of its own: in the Chinese edition an
    Arabic name was set in DejaVu Sans, fontconfig's fallback, and pdftotext read its lam-alef back as two alefs
    ("األحمد"); Hebrew, Devanagari and Thai names were in Noto Sans among serifs. Each is in its script's Noto font
    in an edition of another script, and read back as written. (A Thai name in a right-to-left edition is left
    out: pdftotext puts its last vowel sign first there, though the PDF's replacement text for it is right.)"""
    listed = tmp_path / "signatories.yaml"
    listed.write_text((ROOT / "source/signatories.yaml").read_text(encoding="utf-8") + "".join(
        f"\n- name: {name}\n  country: Jordan\n" for name in NAMES), encoding="utf-8")
    made = script_pdf(tmp_path, tag, paragraph, signatories=listed)
    names = {name: font for name, font in NAMES.items()
             if not (name == "สมชาย ใจดี" and parse_locale(tag).direction == "rtl")}
    read = squeezed(text(made))
    assert [name for name in names if squeezed(name) not in read] == []
    fonts = {row.split()[0].split("+")[1] for row in tool("pdffonts", made).splitlines()[2:]}
    assert {font for font in names.values() if font} <= fonts, fonts
    assert all(font.startswith("Noto-") for font in fonts), fonts


@pytest.mark.parametrize("tag, paragraph, role, family", [
    ("ka", "ჩვენ მოვუწოდებთ მსოფლიოს მთავრობებს.", "ყოფილი პრეზიდენტი", "Noto-Serif-Georgian"),
    ("th", "เราขอเรียกร้องให้รัฐบาลทั่วโลกดำเนินการอย่างเร่งด่วน", "อดีตประธานาธิบดี", "Noto-Serif-Thai"),
])
def test_a_script_is_set_in_its_own_noto_font_and_upright(tmp_path, tag, paragraph, role, family):
    """Georgian was set in DejaVu Serif, which fontconfig's "serif" gives first and which has its letters (so the
    font check passed), Thai in Noto Sans Thai among serifs; and a role in their letters in a slanted imitation of
    the upright font, which has no italic."""
    fonts = [row.split()[0].split("+")[1] for row in tool("pdffonts", script_pdf(tmp_path, tag, paragraph, role))
             .splitlines()[2:]]
    assert family in fonts, fonts
    assert all(font.startswith("Noto-") and "Oblique" not in font for font in fonts), fonts


def test_korean_breaks_between_words_not_syllables(tmp_path):
    """Korean is written with spaces between words and broken there only (a browser's ``word-break: keep-all``);
    Pango broke it between any two syllables, inside words ("수 / 백만"). The joiners that keep a word whole
    are not in the text read back, nor in the title's bookmark, which held one inside each word."""
    paragraph = ("우리는 세계 각국 정부가 병원, 보건의료 및 의학 연구 시설은 물론 의료진과 국제 공중보건 "
                 "기구에 대한 모든 사이버 공격을 막기 위해 즉각적이고 단호한 조치를 취할 것을 촉구합니다. "
                 "이를 위해 각국 정부는 유엔을 비롯한 여러 무대에서 함께 협력하여 이러한 행위를 금지하는 "
                 "국제 규범을 재확인하고 이를 준수할 것을 다시 약속해야 합니다.")
    title = "모든 정부에 대한 호소: 의료 부문에 대한 사이버 공격을 막기 위해 지금 함께 행동하십시오"
    made = script_pdf(tmp_path, "ko", paragraph, title=title)
    read = text(made)
    lines = [line.split() for line in read.splitlines() if re.fullmatch("[\uac00-\ud7a3 ,.]+", line)]
    assert len(lines) >= 12 and "\u2060" not in read
    assert PdfReader(made).outline[0].title == title
    words = {*paragraph.split(), *title.replace(":", "").split()}
    assert not [line for line in lines if not set(line) <= words], lines


@pytest.mark.parametrize("tag, title", [
    ("ja", "すべての政府への呼びかけ：医療部門へのサイバー攻撃を阻止するため、今こそ協力を"),
    ("zh-Hant", "致各國政府的呼籲：立即攜手制止針對醫院、醫療衛生及醫學研究機構網絡攻擊"),
    # Its first part longer than a line.
    ("zh-Hans", "致世界各国政府和联合国以及各国际公共卫生组织的公开信：立即行动"),
])
def test_no_character_of_a_chinese_or_japanese_title_is_alone_on_its_last_line(tmp_path, tag, title):
    """Pango breaks Chinese and Japanese between any two characters where a line is full: the Japanese title ended
    on "を" alone under "…今こそ協力", a Chinese one on "信：" before its second part. The last letter of each line
    goes down with the one before it, and the joiner that keeps them together is not in the text read back."""
    made = script_pdf(tmp_path, tag, "我们呼吁各国政府。", title=title)
    read = text(made, "-layout", "-l", "1")
    lines = lines_of(read, title)
    assert "".join(lines) == title and "\u2060" not in read
    assert PdfReader(made).outline[0].title == title  # the bookmark holds no joiner either
    assert len(lines) > 1 + ("：" in title) and min(len(re.sub(r"\W", "", line)) for line in lines) > 1, lines


@pytest.mark.parametrize("tag, paragraph", [
    ("ja", "私たちは世界各国の政府に対し、病院、医療機関、医学研究施設、ならびに医療従事者と国際的な公衆"
           "衛生機関へのあらゆるサイバー攻撃を阻止するため、直ちに断固とした行動をとるよう強く要請します。"),
    ("zh-Hans", "我们呼吁世界各国政府立即采取果断行动，制止一切针对医院、医疗卫生和医学研究机构以及医务人员和"
                "国际公共卫生组织的网络攻击，并呼吁各国政府携手合作，重申并再次承诺遵守禁止此类行为的国际规则。"),
    # Its last two letters on either side of the emphasis's end.
    ("ja", "私たちは各国政府に対し、加害者の責任を確実に追及するよう求める。何よりもまず、各国政府は直ちに行動を"
           "起こし、病院や医療施設に対するサイバー攻撃を阻止しなければならない。行動すべき時は*今*だ。"),
])
def test_no_chinese_or_japanese_paragraph_ends_on_a_line_of_one_character(tmp_path, tag, paragraph):
    """A paragraph two lines and a character long (46 a line) ended on "す。" alone under "…強く要請しま", "则。"
    under "…国际规", "だ。" under "…時は今": Pango keeps the full stop off a line's start, not the letter before it
    from standing alone. The last two letters go down together, and the joiner that keeps them is not in the text
    read back."""
    read = text(script_pdf(tmp_path, tag, paragraph), "-layout", "-l", "1")
    written = paragraph.replace("*", "")
    lines = lines_of(read, written)
    assert "".join(lines) == written and "\u2060" not in read
    assert len(lines) == 3 and len(re.sub(r"\W", "", lines[-1])) == 2, lines


def lines_of(read: str, whole: str) -> list[str]:
    """The lines of ``read`` (pdftotext's ``-layout``) that ``whole`` is set in, from the first that begins it."""
    found = [line.strip() for line in read.splitlines()]
    start = next(n for n, line in enumerate(found) if line and whole.startswith(line))
    lines = found[start:start + 1]
    while len("".join(lines)) < len(whole):
        lines.append(found[start + len(lines)])
    return lines
