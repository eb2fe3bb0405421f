"""Five places where the PDF engine does needless work on a long edition, mended; the PDF is the same.

WeasyPrint (70) and pydyf (0.13) make a correct PDF of 10,000 signatories, but slower than they need:

* **Page references** (pydyf): ``PDF.page_references`` builds the tuple of every page's reference each
  time it is read, and WeasyPrint's tagging reads it once for every tagged box, so a tagged PDF costs
  pages × boxes. The mend keeps the tuple until a page is added.
* **The file identifier** (pydyf): to name the file by its content, ``PDF.write`` joins every object's
  data once more after writing it, so every page's content is serialised and compressed twice. While a
  file is written its objects no longer change, so the mend keeps the data of each numbered object
  (those in the file's table) from its first reading to the end of the write.
* **Right-to-left lines** (WeasyPrint): after laying out a line, ``get_next_linebox`` asks whether a
  float moved it, by comparing the line's end with where it started; for a right-to-left block it adds
  the laid-out line's width on one side and the empty line's (0) on the other, so the two never match
  and every line of an Arabic, Persian or Hebrew edition is laid out twice. Where no float is beside
  the line, nothing can have moved it: there the mend reports the line box's position less its width,
  so that the comparison finds it where it started. Beside a float, WeasyPrint's own answer stands.
* **Inline blocks laid out again** (WeasyPrint): a line of inline blocks (the signatories, three to a
  row) lays out the fourth to learn that it does not fit, then again at the start of the next line;
  a line that does not fit at the foot of a page is laid out again on the next. ``inline_block_box_layout``
  lays an inline block out wherever the line puts it the same way (at the top, with no page bottom, in a
  formatting context of its own), so the mend keeps the layout of the last few and, when the same box
  comes again in a containing block of the same size, gives a copy moved to the new place. Only boxes
  whose layout leaves nothing behind but the box are kept: no float, no positioned box, no running
  string or bookmark, no replaced, table, flex, grid or multi-column box inside.
* **The layout's context** (WeasyPrint): ``LayoutContext`` holds itself (``partial(get_image_from_uri,
  context=self)``), so once the pages are laid out the context, with every element's computed style
  (some 2.5 million objects in an edition of 10,000 signatories), is left in a cycle, for a collection
  that walks every object the laid-out pages hold too. The mend lets go of that one reference when the
  layout ends, so that reference counting frees the context there; ``pdf.render`` then runs no collection.

Each mend is applied only where the library still has the shape it mends (the source of the function
it works around, the property it caches): a version that changed gets no mend and stays correct,
only slower. ``tests/test_pdf_speed.py`` holds a PDF made with the mends to be byte-identical to
one made without them. (A moved copy adds its move to each position where a new layout adds the
parts of it, as WeasyPrint itself does when it aligns or reorders a line; the two could differ in a
float's last bit, far below the millionth of a point to which the PDF writes positions.)
"""
from __future__ import annotations

import inspect
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from functools import cache
from typing import Any

#: What WeasyPrint's ``get_next_linebox`` compares, for a right-to-left line, to decide whether to lay
#: the line out again: while it is there, so is the double layout.
RTL_COMPARISON = "original_position_x + original_width"
#: What makes ``inline_block_box_layout`` lay a box out the same wherever the line puts it.
INLINE_BLOCK_PLACE = ("box.position_y = 0", "bottom_space=-inf", "page_is_empty=True")
#: How many inline blocks' layouts are kept: a row, the next, and the rows laid out again at a page's foot.
KEPT_INLINE_BLOCKS = 32
#: What pydyf's ``PDF.write`` does to make the second half of the file identifier: every object's data again.
IDENTIFIER_DIGEST = "b''.join(obj.data for obj in self.objects"
#: How WeasyPrint's layout context holds itself, and how ``Document._render`` hands it to the layout.
CONTEXT_CYCLE = "partial(get_image_from_uri, context=self)"
CONTEXT_LAID_OUT = "layout_document(html, root_box, context)"

@cache
def mend() -> tuple[str, ...]:
    """Apply the mends this process's WeasyPrint and pydyf need, once; the names of those applied."""
    return tuple(name for name, apply in (("page references", _page_references),
                                          ("file identifier", _data_once),
                                          ("right-to-left lines", _rtl_lines),
                                          ("inline blocks", _inline_blocks),
                                          ("layout context", _layout_context)) if apply())


def has_source(function: Callable[..., Any], *parts: str) -> bool:
    """Whether the source of a library's ``function`` still has every one of ``parts``, the shape a mend
    relies on; False when the source cannot be read."""
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return False
    return all(part in source for part in parts)


def _page_references() -> bool:
    import pydyf

    original = pydyf.PDF.__dict__.get("page_references")
    if not isinstance(original, property) or original.fget is None:
        return False
    compute = original.fget

    def page_references(pdf: Any) -> tuple[bytes, ...]:
        # Pages are only ever appended (``add_page`` extends ``Kids``), so the list's length says
        # whether the kept tuple is still the whole.
        kids = pdf.pages["Kids"]
        kept = pdf.__dict__.get("_letter_page_references")
        if kept is None or kept[0] is not kids or kept[1] != len(kids):
            kept = (kids, len(kids), compute(pdf))
            pdf.__dict__["_letter_page_references"] = kept
        return kept[2]

    pydyf.PDF.page_references = property(page_references, doc=original.__doc__)
    return True


#: The data of the numbered objects of the file being written in this thread, by object id (the object
#: kept beside it, so that its id stays its own); None while no file is written.
_written: ContextVar[dict[int, tuple[Any, bytes]] | None] = ContextVar("written", default=None)


def _data_once() -> bool:
    import pydyf

    if not has_source(pydyf.PDF.write, IDENTIFIER_DIGEST):
        return False
    for kind in (pydyf.Dictionary, pydyf.Stream, pydyf.String, pydyf.Array):
        original = kind.__dict__.get("data")
        if not isinstance(original, property) or original.fget is None:
            return False
    for kind in (pydyf.Dictionary, pydyf.Stream, pydyf.String, pydyf.Array):
        original = kind.__dict__["data"]
        kind.data = property(_kept_while_written(original.fget), doc=original.__doc__)
    write = pydyf.PDF.write

    def write_once(pdf: Any, *args: Any, **kwargs: Any) -> Any:
        token = _written.set({})
        try:
            return write(pdf, *args, **kwargs)
        finally:
            _written.reset(token)

    write_once.__doc__ = write.__doc__
    pydyf.PDF.write = write_once
    return True


def _kept_while_written(compute: Callable[[Any], bytes]) -> Callable[[Any], bytes]:
    def data(obj: Any) -> bytes:
        written = _written.get()
        if written is None or obj.number is None:  # no file being written, or an object inside another
            return compute(obj)
        kept = written.get(id(obj))
        if kept is None:
            kept = written[id(obj)] = (obj, compute(obj))
        return kept[1]

    return data


def _rtl_lines() -> bool:
    from weasyprint.formatting_structure.boxes import LineBox
    from weasyprint.layout import inline

    if not has_source(inline.get_next_linebox, RTL_COMPARISON):
        return False
    avoid_collisions: Callable[..., tuple[float, float, float]] = inline.avoid_collisions

    def line_aware_avoid_collisions(context: Any, box: Any, containing_block: Any,
                                    outer: bool = True) -> tuple[float, float, float]:
        position_x, position_y, available_width = avoid_collisions(context, box, containing_block, outer)
        if (not outer and isinstance(box, LineBox) and not context.excluded_shapes
                and containing_block.style["direction"] == "rtl"):
            # Asked before the line is laid out, its width is 0 and the start unchanged; asked after,
            # ``get_next_linebox`` adds the width back to compare, and uses the position for nothing else.
            position_x -= box.width
        return position_x, position_y, available_width

    inline.avoid_collisions = line_aware_avoid_collisions
    return True


def _inline_blocks() -> bool:
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import inline

    if not has_source(inline.inline_block_box_layout, *INLINE_BLOCK_PLACE):
        return False
    layout: Callable[..., Any] = inline.inline_block_box_layout
    simple = (boxes.InlineBlockBox, boxes.BlockBox, boxes.LineBox, boxes.InlineBox, boxes.TextBox)
    # box id → (box, containing block's size, position_x, the layout as it was made)
    kept: OrderedDict[int, tuple[Any, tuple[Any, Any], float, Any]] = OrderedDict()

    def leaves_nothing_behind(box: Any) -> bool:
        style = box.style
        return (type(box) in simple and style["float"] == "none" and style["position"] == "static"
                and style["string_set"] == "none" and style["bookmark_level"] == "none"
                and style["column_width"] == "auto" and style["column_count"] == "auto"
                and all(leaves_nothing_behind(child) for child in getattr(box, "children", ())))

    def remembered_inline_block_box_layout(context: Any, box: Any, position_x: float, skip_stack: Any,
                                           containing_block: Any, absolute_boxes: list, fixed_boxes: list) -> Any:
        size = (containing_block.width, containing_block.height)
        last = kept.get(id(box))
        if skip_stack is None and last is not None and last[0] is box and last[1] == size:
            # Only a box that leaves nothing behind is kept, and a box's content does not change.
            # The box keeps what its last layout resolved in it (margins, width), as a new layout
            # would set them again; only its place differs.
            box.position_x, box.position_y = position_x, 0
            made = last[3].deepcopy()
            made.translate(dx=position_x - last[2])
            return made
        made = layout(context, box, position_x, skip_stack, containing_block, absolute_boxes, fixed_boxes)
        if skip_stack is None and not box.is_table_wrapper and leaves_nothing_behind(box):
            kept[id(box)] = (box, size, position_x, made.deepcopy())
            kept.move_to_end(id(box))
            if len(kept) > KEPT_INLINE_BLOCKS:
                kept.popitem(last=False)
        return made

    inline.inline_block_box_layout = remembered_inline_block_box_layout
    return True


def _layout_context() -> bool:
    from weasyprint import document
    from weasyprint.layout import LayoutContext

    if not (has_source(LayoutContext.__init__, CONTEXT_CYCLE)
            and has_source(document.Document._render, CONTEXT_LAID_OUT)):
        return False
    layout_document: Callable[..., Iterator[Any]] = document.layout_document

    def letting_go_layout_document(html: Any, root_box: Any, context: Any, *args: Any,
                                   **kwargs: Any) -> Iterator[Any]:
        try:
            yield from layout_document(html, root_box, context, *args, **kwargs)
        finally:
            # Images are fetched while the boxes are built and laid out, never once the pages are made.
            del context.get_image_from_uri

    document.layout_document = letting_go_layout_document
    return True
