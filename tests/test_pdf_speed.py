"""The mends of the PDF engine (``pipeline/pdf/speed.py``): the same bytes, with less work.

Each side renders in a Python process of its own, as a build does, since a mend changes its process.
"""
from __future__ import annotations

import json
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

pytest.importorskip("weasyprint")

from pipeline.pdf import speed  # noqa: E402

#: Renders a document with or without the mends, with the cyclic collector paused as ``pdf.render`` pauses it;
#: prints how many lines of paragraphs and how many plain list items (no class) were laid out, how many
#: streams were compressed and how many layout contexts are left in memory, then writes the PDF.
RENDER = """
import gc, json, sys, zlib
gc.disable()
from weasyprint import HTML
from weasyprint.layout import LayoutContext
from weasyprint.layout import block, inline
from pipeline.pdf import speed

mode, source, target = sys.argv[1:]
applied = speed.mend() if mode == "mended" else ()
laid_out = {"lines": 0, "items": 0, "compressed": 0}
compressobj = zlib.compressobj
def counting_compressobj(*args, **kwargs):
    laid_out["compressed"] += 1
    return compressobj(*args, **kwargs)
zlib.compressobj = counting_compressobj
split, block_layout = inline.split_inline_box, block.block_container_layout
def counting(context, box, *args, **kwargs):
    laid_out["lines"] += box.element_tag == "p"
    return split(context, box, *args, **kwargs)
def counting_items(context, box, *args, **kwargs):
    laid_out["items"] += box.element_tag == "li" and not box.element.get("class")
    return block_layout(context, box, *args, **kwargs)
inline.split_inline_box, block.block_container_layout = counting, counting_items
with open(source, encoding="utf-8") as file:
    html = file.read()
data = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=b"0" * 32)
with open(target, "wb") as file:
    file.write(data)
laid_out["contexts"] = sum(isinstance(kept, LayoutContext) for kept in gc.get_objects())
print(json.dumps({"applied": applied, **laid_out}))
"""

STYLE = """
@page { size: A6; margin: 10mm; @bottom-right { content: counter(page); } }
body { font-family: "Noto Naskh Arabic", "Noto Serif", serif; font-size: 9pt; }
li { display: inline-block; width: 33%; vertical-align: top; }
.aside { float: inline-start; width: 30%; }
.moved { position: relative; inset-inline-start: 2pt; }
.nested { display: inline-block; }
"""
#: List items whose layout leaves something behind beside the box (a float, with ``aside``, and a
#: positioned box), which the mend lays out anew each time, and one with an inline block inside.
UNUSUAL = ('<li class="moved"><p><span class="moved">{0}</span></p></li>',
           '<li class="nested"><p><span class="nested">{0}</span> {0}</p></li>')
FLOAT_INSIDE = '<li class="float"><p class="aside">{0}</p><p>{0}</p></li>'


def document(direction: str, lang: str, words: str, aside: bool = True) -> str:
    """Paragraphs and a list of inline blocks over several pages; with ``aside``, a float beside the first
    lines, where the right-to-left mend leaves WeasyPrint's own answer to stand, and floats in list items."""
    paragraphs = "\n".join(f"<p>{' '.join([words] * (3 + n % 7))} {n}</p>" for n in range(60))
    names = "\n".join(f"<li><p><b>{words.split()[0]} {n}</b></p><p>{words}</p></li>" for n in range(90))
    names += "".join(item.format(words) for item in (UNUSUAL + (FLOAT_INSIDE,) * aside) * 12)
    float_ = f'<p class="aside">{words} {words}</p>' if aside else ""
    return (f'<!DOCTYPE html><html lang="{lang}" dir="{direction}"><head><meta charset="utf-8">'
            f"<title>{words}</title><style>{STYLE}</style></head><body>"
            f"<h1>{words}</h1>{float_}{paragraphs}<ul>{names}</ul></body></html>")


WORDS = "A call to all governments to work together"
MENDS = ("page references", "file identifier", "right-to-left lines", "inline blocks", "layout context")
ARABIC = document("rtl", "ar", "نداء إلى جميع الحكومات للعمل معًا")
ENGLISH = document("ltr", "en", WORDS)


def render(tmp_path: Path, name: str, html: str, mode: str) -> tuple[bytes, dict]:
    source, target = tmp_path / f"{name}.html", tmp_path / f"{name}-{mode}.pdf"
    source.write_text(html, encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", RENDER, mode, str(source), str(target)],
                          capture_output=True, text=True, check=True, cwd=Path(speed.__file__).parents[2])
    return target.read_bytes(), json.loads(done.stdout.splitlines()[-1])


@pytest.mark.parametrize("name, html", [("arabic", ARABIC), ("english", ENGLISH)])
def test_a_mended_engine_writes_the_same_bytes(tmp_path, name, html):
    plain, _ = render(tmp_path, name, html, "plain")
    mended, report = render(tmp_path, name, html, "mended")
    assert report["applied"] == list(MENDS)
    assert len(PdfReader(BytesIO(plain)).pages) > 3
    assert mended == plain


def test_a_right_to_left_line_is_laid_out_once_as_a_left_to_right_one_is(tmp_path):
    # The same words either way and no float: as many lines, so as many to lay out.
    _, ltr = render(tmp_path, "ltr", document("ltr", "en", WORDS, aside=False), "mended")
    _, rtl_plain = render(tmp_path, "rtl", document("rtl", "en", WORDS, aside=False), "plain")
    _, rtl = render(tmp_path, "rtl", document("rtl", "en", WORDS, aside=False), "mended")
    assert rtl["lines"] == ltr["lines"]
    assert rtl_plain["lines"] > 1.8 * ltr["lines"]  # what the mend saves: every line laid out twice


def test_an_inline_block_is_laid_out_once_where_it_stays_the_same(tmp_path):
    # Rows of three: the fourth of each row, and the rows at a page's foot, were laid out again.
    _, plain = render(tmp_path, "items", ENGLISH, "plain")
    _, mended = render(tmp_path, "items", ENGLISH, "mended")
    assert mended["items"] == 90
    assert plain["items"] > 1.3 * 90


def test_each_stream_is_compressed_once_though_the_file_is_named_by_its_content(tmp_path):
    # pdf_identifier makes pydyf hash every object's data after writing it, which compressed each stream again.
    _, plain = render(tmp_path, "streams", ENGLISH, "plain")
    _, mended = render(tmp_path, "streams", ENGLISH, "mended")
    # Every stream but the last, the table of objects, which is written after the hash.
    assert plain["compressed"] - 1 == 2 * (mended["compressed"] - 1) > 10


def test_the_layout_context_is_freed_once_the_pages_are_laid_out_without_a_collection(tmp_path):
    # It holds every element's computed style; left in a cycle, only a collection of every object frees it.
    _, plain = render(tmp_path, "context", ENGLISH, "plain")
    _, mended = render(tmp_path, "context", ENGLISH, "mended")
    assert plain["contexts"] == 1
    assert mended["contexts"] == 0


def test_an_engine_whose_layout_context_holds_itself_otherwise_is_left_alone(monkeypatch):
    from weasyprint import document
    from weasyprint.layout import LayoutContext

    def __init__(self, style_for, get_image_from_uri, *args):  # a future WeasyPrint, without the cycle
        self.style_for, self.get_image_from_uri = style_for, get_image_from_uri

    layout_document = document.layout_document
    monkeypatch.setattr(LayoutContext, "__init__", __init__)
    monkeypatch.setattr(document, "layout_document", layout_document)
    assert speed._layout_context() is False
    assert document.layout_document is layout_document


def test_an_object_changed_after_a_file_is_written_is_written_anew():
    import pydyf

    speed.mend()
    pdf = pydyf.PDF()
    note = pydyf.Dictionary({"Note": pydyf.String("first")})
    pdf.add_object(note)
    first, again = BytesIO(), BytesIO()
    pdf.write(first, identifier=b"0" * 32)
    note["Note"] = pydyf.String("second")
    pdf.write(again, identifier=b"0" * 32)
    assert b"(first)" in first.getvalue()
    assert b"(second)" in again.getvalue() and b"(first)" not in again.getvalue()


def test_page_references_follow_the_pages_added():
    import pydyf

    speed.mend()
    pdf = pydyf.PDF()
    first = pydyf.Dictionary({"Type": "/Page"})
    pdf.add_page(first)
    assert pdf.page_references == (f"{first.number} 0 R".encode(),)
    assert pdf.page_references is pdf.page_references  # kept, not made again on every read
    second = pydyf.Dictionary({"Type": "/Page"})
    pdf.add_page(second)
    assert pdf.page_references == (f"{first.number} 0 R".encode(), f"{second.number} 0 R".encode())


def test_the_mends_are_applied_once():
    from weasyprint.layout import inline

    # Both are needed by the versions pyproject.toml allows; when this fails after an upgrade, see
    # whether the engine still does the work the mend saves, and remove the mend if not.
    assert speed.mend() == MENDS
    mended = inline.avoid_collisions, inline.inline_block_box_layout
    assert speed.mend() == MENDS
    assert (inline.avoid_collisions, inline.inline_block_box_layout) == mended


def test_an_engine_that_no_longer_compares_lines_that_way_is_left_alone(monkeypatch):
    from weasyprint.layout import inline

    def get_next_linebox(context, linebox, *args):  # a future WeasyPrint, mended upstream
        return None, None

    monkeypatch.setattr(inline, "get_next_linebox", get_next_linebox)
    monkeypatch.setattr(inline, "avoid_collisions", inline.avoid_collisions)
    assert speed._rtl_lines() is False


def test_an_engine_that_places_inline_blocks_otherwise_is_left_alone(monkeypatch):
    from weasyprint.layout import inline

    def inline_block_box_layout(context, box, position_x, *args):  # laid out where the line is
        return box

    monkeypatch.setattr(inline, "inline_block_box_layout", inline_block_box_layout)
    assert speed._inline_blocks() is False
    assert inline.inline_block_box_layout is inline_block_box_layout


def test_a_writer_that_no_longer_hashes_every_object_again_is_left_alone(monkeypatch):
    import pydyf

    def write(pdf, output, version=b"1.7", identifier=False, compress=False):  # a future pydyf
        return None

    monkeypatch.setattr(pydyf.PDF, "write", write)
    assert speed._data_once() is False
    assert pydyf.PDF.write is write
