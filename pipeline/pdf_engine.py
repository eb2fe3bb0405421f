"""Two places where the PDF engine does needless work on a long edition, mended; the PDF's bytes stay the same.

WeasyPrint (70) and pydyf (0.13) make a correct PDF of 10,000 signatories, but slower than they need:

* **Page references** (pydyf): ``PDF.page_references`` builds the tuple of every page's reference each
  time it is read, and WeasyPrint's tagging reads it once for every tagged box, so a tagged PDF costs
  pages × boxes. The mend keeps the tuple until a page is added.
* **Right-to-left lines** (WeasyPrint): after laying out a line, ``get_next_linebox`` asks whether a
  float moved it, by comparing the line's end with where it started; for a right-to-left block it adds
  the laid-out line's width on one side and the empty line's (0) on the other, so the two never match
  and every line of an Arabic, Persian or Hebrew edition is laid out twice. Where no float is beside
  the line, nothing can have moved it: there the mend reports the line box's position less its width,
  so that the comparison finds it where it started. Beside a float, WeasyPrint's own answer stands.

Each mend is applied only where the library still has the shape it mends (the source of the function
it works around, the property it caches): a version that changed gets no mend and stays correct,
only slower. ``tests/test_pdf_engine.py`` holds a PDF made with the mends to be byte-identical to
one made without them.
"""
from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

#: What WeasyPrint's ``get_next_linebox`` compares, for a right-to-left line, to decide whether to lay
#: the line out again: while it is there, so is the double layout.
RTL_COMPARISON = "original_position_x + original_width"

_mended: tuple[str, ...] | None = None


def mend() -> tuple[str, ...]:
    """Apply the mends this process's WeasyPrint and pydyf need, once; the names of those applied."""
    global _mended
    if _mended is None:
        _mended = tuple(name for name, apply in (("page references", _page_references),
                                                  ("right-to-left lines", _rtl_lines)) if apply())
    return _mended


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


def _rtl_lines() -> bool:
    from weasyprint.formatting_structure.boxes import LineBox
    from weasyprint.layout import inline

    try:
        source = inspect.getsource(inline.get_next_linebox)
    except (OSError, TypeError):
        return False
    if RTL_COMPARISON not in source:
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
