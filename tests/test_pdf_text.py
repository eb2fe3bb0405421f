"""The text layer of the PDFs (``pipeline/pdf/text.py``), read back by poppler's ``pdftotext``.

Each side renders in a Python process of its own, as a build does, since a mend changes its process.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("weasyprint")

from pipeline.pdf import text as pdf_text  # noqa: E402
from pipeline.pdf.fonts import coverage  # noqa: E402

#: Renders a page with or without the mend and writes the PDF.
RENDER = """
import sys
from weasyprint import HTML
from pipeline.pdf import text as pdf_text

mode, source, target = sys.argv[1:]
if mode == "mended":
    assert pdf_text.mend() == ("replacement text",)
HTML(filename=source).write_pdf(target, pdf_variant="pdf/ua-1")
"""

#: Vowel signs before their consonant (कि), conjuncts (स्वास्थ्य, क्षेत्र), a line that wraps, and plain
#: consonants after a glyph has been drawn with a vowel sign (कर after किसी).
HINDI = ("किसी भी कारण से स्वास्थ्य क्षेत्र पर साइबर हमले स्वीकार्य नहीं हैं। कोविड-19 महामारी के दौरान "
         "अस्पतालों, अनुसंधान केंद्रों और दवा निर्माताओं पर हमले बढ़ गए हैं, जो जीवन बचाने के लिए "
         "दिन-रात काम कर रहे हैं। पूर्व विदेश मंत्री, कर जब सब")
THAI = "ผู้นำทั่วโลก ที่นี่"
LATIN = "A Call to All Governments: Work Together Now"
ARABIC = "نداء إلى جميع الحكومات"
FONTS = "'Noto Serif', 'Noto Serif Devanagari', 'Noto Serif Thai', 'Noto Naskh Arabic'"

pytestmark = [
    pytest.mark.skipif(shutil.which("pdftotext") is None,
                       reason="poppler's pdftotext (apt-get install poppler-utils) is missing; .ci/run installs it"),
    pytest.mark.skipif(isinstance(coverage(), str) or bool(coverage().missing(HINDI + THAI + ARABIC)),
                       reason="the Noto fonts (apt-get install fonts-noto-core) are not installed; .ci/run "
                              "installs them"),
]


def page(*paragraphs: tuple[str, str]) -> str:
    body = "".join(f'<p lang="{lang}">{words}</p>' for lang, words in paragraphs)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>'
            f"<style>body {{ font-family: {FONTS}; width: 12cm }}</style></head><body>{body}</body></html>")


def render(tmp_path: Path, html: str, mode: str) -> tuple[bytes, str]:
    """The PDF's bytes and its text as pdftotext reads it, with runs of whitespace made one space."""
    source, target = tmp_path / "page.html", tmp_path / f"page-{mode}.pdf"
    source.write_text(html, encoding="utf-8")
    subprocess.run([sys.executable, "-c", RENDER, mode, str(source), str(target)],
                   capture_output=True, text=True, check=True, cwd=Path(pdf_text.__file__).parents[2])
    read = subprocess.run(["pdftotext", "-enc", "UTF-8", str(target), "-"], capture_output=True, text=True,
                          check=True).stdout
    return target.read_bytes(), " ".join(re.sub("[\u200e\u200f\u202a-\u202e]", "", read).split())


def test_devanagari_and_thai_come_back_as_they_were_written(tmp_path):
    html = page(("hi", HINDI), ("th", THAI), ("en", LATIN))
    _, plain = render(tmp_path, html, "plain")
    assert HINDI not in plain  # WeasyPrint's glyph map alone loses and moves vowel signs
    _, mended = render(tmp_path, html, "mended")
    assert mended == f"{HINDI} {THAI} {LATIN}"


def test_pages_without_such_text_are_the_same_bytes(tmp_path):
    """Latin, and Arabic (whose glyph map gives it back whole, and whose lines a replacement text with
    a space would have poppler give back backwards), are drawn as before."""
    html = page(("en", LATIN), ("ar", ARABIC), ("fr", "Appel à tous les gouvernements"))
    plain, read = render(tmp_path, html, "plain")
    mended, _ = render(tmp_path, html, "mended")
    assert mended == plain
    assert ARABIC in read


@pytest.mark.parametrize(("text", "needs"), [
    (HINDI, True), (THAI, True), ("Ива́н", True),  # a Cyrillic stress mark
    (LATIN, False), (ARABIC, False), ("潘基文", False),
    ("שָׁלוֹם", False),  # Hebrew points: poppler would place the replacement left to right
    ("नमस्ते سلام", False),
])
def test_which_lines_get_a_replacement_text(text, needs):
    assert pdf_text.needs_replacement(text) is needs


def test_an_engine_that_no_longer_maps_glyphs_that_way_is_left_alone(monkeypatch):
    from weasyprint.draw import text as draw

    def draw_first_line(stream, textbox, *args):  # a future WeasyPrint, mended upstream
        return []

    monkeypatch.setattr(draw, "draw_first_line", draw_first_line)
    assert pdf_text._replacement_text() is False
    assert draw.draw_first_line is draw_first_line
