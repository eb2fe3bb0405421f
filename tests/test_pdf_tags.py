"""The mends of WeasyPrint's tags (``pipeline/pdf/tags.py``) on a document made to cross pages: what
is joined across a page break, what is not, and the page's foot as an artifact. The shipped editions'
trees are read in ``test_pdf.py``."""
from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader

pytest.importorskip("weasyprint")

from test_pdf import elements, structure  # noqa: E402

from pipeline.pdf import tags as pdf_tags  # noqa: E402

WORDS = "the quick brown fox jumps over the lazy dog " * 6
LINK = f'<a href="https://example.org/">{"a link that runs on " * 30}</a>'
HTML = f"""<!DOCTYPE html><html lang="en"><head><title>Across pages</title><style>
@page {{ size: A7; margin: 8mm;
        @top-center {{ content: "Across pages"; }} @bottom-center {{ content: counter(page); }} }}
body {{ font: 8pt "Noto Serif", serif; }}
</style></head><body><main><section><h2>List</h2><ul>{"".join(f"<li><p>{n} {WORDS}</p></li>" for n in range(12))}</ul>
<p>{WORDS}{LINK}{WORDS}</p></section>
<p lang="fr">Une ligne encore en français, <span lang="de">mit einem deutschen Wort</span>.</p></main></body></html>"""


@pytest.fixture(scope="module")
def reader() -> PdfReader:
    from weasyprint import HTML as Document

    assert pdf_tags.mend() == ("furniture as artifacts", "elements across pages", "languages of parts")
    return PdfReader(BytesIO(Document(string=HTML).write_pdf(pdf_variant="pdf/ua-1")))


def test_an_element_across_pages_is_one_structure_element(reader):
    (document,) = reader.trailer["/Root"]["/StructTreeRoot"].raw_get("/K")
    assert len(reader.pages) > 3
    assert [len(elements(document, tag)) for tag in ("/Part", "/Sect", "/H2", "/L")] == [1, 1, 1, 1]
    (items,) = (structure(found)[1] for found in elements(document, "/L"))
    assert len(items) == 12 and len({page for item in items for page in structure(item)[2]}) > 1
    # The paragraph after the list is one, though it runs over a page break.
    (section,) = elements(document, "/Sect")
    paragraphs = [child for child in structure(section)[1] if structure(child)[0] == "/P"]
    assert len(paragraphs) == 1 and len({structure(kid)[2][0] for kid in structure(paragraphs[0])[1]}) > 1


def test_a_link_across_pages_is_not_joined_since_its_content_is_read_on_its_own_page(reader):
    """A link holds its marked content itself, numbered on the page the element names: each piece
    must be found in that page's entry of the parent tree."""
    tree = reader.trailer["/Root"]["/StructTreeRoot"]
    (document,) = tree.raw_get("/K")
    numbers = tree["/ParentTree"]["/Nums"]
    marked = {numbers[index]: numbers[index + 1] for index in range(0, len(numbers), 2)}
    links = elements(document, "/Link")
    assert len({structure(link)[2][0] for link in links}) > 1  # the link runs over a page break
    assert len({link.get_object().raw_get("/P").idnum for link in links}) == 1  # in the one paragraph
    for link in links:
        page = link.get_object()["/Pg"]
        content = [kid for kid in link.get_object()["/K"] if isinstance(kid, int)]
        assert content and all(marked[page["/StructParents"]][kid].idnum == link.idnum for kid in content)


def test_a_part_in_another_language_than_the_document_s_declares_its_own(reader):
    """PDF/UA-1 (ISO 14289-1, 7.2) asks a change of language to be declared, as a screen reader takes its
    voice from it: an edition's line still in English is in a French document."""
    (document,) = reader.trailer["/Root"]["/StructTreeRoot"].raw_get("/K")
    assert reader.trailer["/Root"]["/Lang"] == "en"
    languages = {(found.get_object()["/S"], found.get_object().get("/Lang")) for found in elements(document)}
    assert {("/P", "fr"), ("/Span", "de")} <= languages
    # A part in the document's own language says none: it is the document's.
    assert {language for _, language in languages} == {None, "fr", "de"}


def test_the_running_head_and_foot_are_artifacts_outside_the_tree(reader):
    tree = reader.trailer["/Root"]["/StructTreeRoot"]
    (document,) = tree.raw_get("/K")
    reachable = {found.idnum for found in elements(document)}
    assert {item.idnum for entries in tree["/ParentTree"]["/Nums"][1::2] for item in entries
            if hasattr(item, "idnum")} <= reachable
    for page in reader.pages:
        content = page.get_contents().get_data()
        assert content.count(b"/Artifact\n<</Type /Pagination/Subtype /Header>>\nBDC") == 1
        assert content.count(b"/Artifact\n<</Type /Pagination/Subtype /Footer>>\nBDC") == 1
