"""Three places where WeasyPrint's tagged PDF falls short of PDF/UA-1, mended: the PDF's tags change.

WeasyPrint (70) tags each page on its own, and that shows in what a screen reader reads:

* **Page furniture** (the running title, the page number): WeasyPrint marks the text of the page's
  margin boxes as content but links it to no structure element, so it is neither tagged content nor
  an artifact, which PDF/UA-1 (ISO 14289-1, 7.1) requires it to be; readers that follow the content
  streams read "… 1" in the middle of the text (Kozea/WeasyPrint#1836). The mend draws each margin
  box inside one ``/Artifact`` sequence of type ``/Pagination`` (subtype ``/Header`` or ``/Footer``
  by its place) and leaves it out of the structure tree.
* **An element across pages** (Kozea/WeasyPrint#2902, #2903): the tree is built page by page, so the
  article, its sections and the list of signatories become one structure element per page they run
  over: the list is announced as a list of 12, then another of 32. The mend joins, after the tree
  is built, each element with its continuation on the next page, the two made for the same HTML
  element with the same tag, into one whose children are both; it then joins their children where
  they meet, down the tree. An element that holds marked content itself (a link, an image) is not
  joined: its content numbers are read on its own page. The continuation left behind is emptied
  and referred to by nothing.
* **A part in another language** (a line a published edition still shows in English): WeasyPrint gives
  the document its language and no element its own, where PDF/UA-1 (7.2) asks each change of language
  to be declared, which a screen reader takes its voice from. The mend gives the structure element of
  an HTML element with a ``lang`` attribute that language (``Lang``); the root's is the document's.

Each mend is applied only where the library still has the shape it mends; a version that changed gets
no mend. ``tests/test_pdf.py`` reads the shipped editions' structure trees and content streams.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from pipeline.pdf.speed import has_source

#: id of a structure element → (the HTML element it was made for, the last page it runs over, whether
#: it holds marked content itself)
Origins = dict[int, tuple[Any, int, bool]]

@cache
def mend() -> tuple[str, ...]:
    """Apply the mends this process's WeasyPrint needs, once; the names of those applied."""
    return tuple(name for name, apply in (("furniture as artifacts", _furniture),
                                          ("elements across pages", _across_pages),
                                          ("languages of parts", _languages)) if apply())


def _furniture() -> bool:
    import pydyf
    from weasyprint import draw
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import tags
    from weasyprint.pdf.stream import Stream

    if not (has_source(Stream.marked, "self._tags is not None") and hasattr(draw, "draw_stacking_context")
            and hasattr(tags, "_build_box_tree")):
        return False
    draw_context: Callable[[Any, Any], None] = draw.draw_stacking_context
    build_tree: Callable[..., Iterator[Any]] = tags._build_box_tree

    def draw_stacking_context(stream: Any, stacking_context: Any) -> None:
        box = stacking_context.box
        if not isinstance(box, boxes.MarginBox) or getattr(stream, "_tags", None) is None:
            draw_context(stream, stacking_context)
            return
        place = box.at_keyword.split("-")[0]
        properties = {"Type": "/Pagination"}
        if place in ("@top", "@bottom"):
            properties["Subtype"] = "/Header" if place == "@top" else "/Footer"
        stream.begin_marked_content("Artifact", pydyf.Dictionary(properties))
        # Inside an artifact nothing is marked as content, nor a nested artifact begun.
        marks, stream._tags = stream._tags, None
        try:
            draw_context(stream, stacking_context)
        finally:
            stream._tags = marks
            stream.end_marked_content()

    def build_box_tree(box: Any, *args: Any) -> Iterator[Any]:
        if isinstance(box, boxes.MarginBox):
            return iter(())  # drawn as an artifact: nothing of it was marked
        return build_tree(box, *args)

    draw.draw_stacking_context = draw_stacking_context
    tags._build_box_tree = build_box_tree
    return True


def _across_pages() -> bool:
    import pydyf
    import weasyprint.pdf as weasyprint_pdf
    from weasyprint.pdf import tags

    if getattr(weasyprint_pdf, "add_tags", None) is not tags.add_tags or not hasattr(tags, "_build_box_tree"):
        return False
    add_tags: Callable[..., None] = tags.add_tags
    build_tree: Callable[..., Iterator[Any]] = tags._build_box_tree
    origins: Origins = {}

    def build_box_tree(box: Any, parent: Any, pdf: Any, page_number: int, *args: Any) -> Iterator[Any]:
        for made in build_tree(box, parent, pdf, page_number, *args):
            # The innermost call sees an element first (the box it was made for), once it is whole.
            if id(made) not in origins:
                origins[id(made)] = (box.element, page_number, any(isinstance(kid, int) for kid in made["K"]))
            yield made

    def joined_add_tags(pdf: Any, *args: Any) -> None:
        start = len(pdf.objects)
        origins.clear()
        try:
            add_tags(pdf, *args)
            elements = {item.reference: item for item in pdf.objects[start:]
                        if isinstance(item, pydyf.Dictionary) and item.get("Type") == "/StructElem"}
            for element in elements.values():
                if element.get("S") == "/Document":
                    _join_siblings(element["K"], 1, elements, origins)
        finally:
            origins.clear()

    tags._build_box_tree = build_box_tree
    weasyprint_pdf.add_tags = joined_add_tags
    return True


def _languages() -> bool:
    import pydyf
    from weasyprint.pdf import tags

    if not hasattr(tags, "_build_box_tree"):
        return False
    build_tree: Callable[..., Iterator[Any]] = tags._build_box_tree

    def build_box_tree(box: Any, *args: Any) -> Iterator[Any]:
        # The root's elements are its children's, each given its own language, if any, by the call for it.
        language = None if box.element is None or box.element_tag == "html" else box.element.get("lang")
        for made in build_tree(box, *args):
            if language and "Lang" not in made:
                made["Lang"] = pydyf.String(language)
            yield made

    tags._build_box_tree = build_box_tree
    return True


def _join_siblings(kids: list[Any], start: int, elements: dict[bytes, Any], origins: Origins) -> None:
    """Join each of ``kids`` from ``start`` on into the one before it, when it continues it on a later page."""
    index = max(start, 1)
    while index < len(kids):
        before, after = elements.get(kids[index - 1]), elements.get(kids[index])
        if before is not None and after is not None and _continues(before, after, origins):
            del kids[index]
            _join(before, after, elements, origins)
        else:
            index += 1


def _continues(before: Any, after: Any, origins: Origins) -> bool:
    first, second = origins.get(id(before)), origins.get(id(after))
    return (first is not None and second is not None and first[0] is not None and first[0] is second[0]
            and first[1] < second[1] and before["S"] == after["S"] and not first[2] and not second[2])


def _join(before: Any, after: Any, elements: dict[bytes, Any], origins: Origins) -> None:
    """Move ``after``'s children into ``before``, then join the two children where they meet."""
    meeting = len(before["K"])
    for kid in after["K"]:
        child = elements.get(kid)
        if child is not None:
            child["P"] = before.reference
        before["K"].append(kid)
    origins[id(before)] = (origins[id(before)][0], origins[id(after)][1], False)  # it runs over ``after``'s page
    after.clear()
    _join_siblings(before["K"], meeting, elements, origins)
