"""Where WeasyPrint's text layer falls short, mended: the text a reader copies, searches or hears.

WeasyPrint (70) gives the PDF's text back through each font's glyph-to-text map (``ToUnicode``): a
glyph stands for the characters of the first cluster it was drawn in, the cluster's last glyph for
all of them and the others for none. In Devanagari and the other scripts whose shaping reorders
letters or joins several into one glyph, that loses and moves letters: the vowel sign of "कि" is
drawn before its consonant and given no text, the consonant is given "कि", and from then on every
plain "क" of the document reads "कि"; ``pdftotext`` gives "किारण" for "कारण". A glyph map cannot say
it right, since the same glyph stands for different text in different places.

The mend gives each line of such text its characters as replacement text (ISO 32000-1, 14.9.4: a
``/Span`` marked-content sequence with ``ActualText``), which readers, ``pdftotext`` among them,
take instead of the glyphs' map; the glyphs drawn are the same. It is given to left-to-right lines
only: for a line holding right-to-left letters, poppler places a replacement text with a space in
it left to right, so Hebrew with its points would come back backwards, where the glyph map gives
Arabic and Hebrew back whole but for their points. Lines in other scripts are left as WeasyPrint draws them.

It is applied only while WeasyPrint still draws a line as this mend expects (``draw_first_line``,
mapping glyphs one by one); ``tests/test_pdf_text.py`` reads the text back with ``pdftotext``.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from pipeline.pdf.speed import has_source

#: What WeasyPrint's ``draw_first_line`` does that loses the text: it maps each glyph to text once.
GLYPH_MAP = "font.to_unicode[glyph_id] ="
#: Characters whose glyphs a glyph map cannot give back: the combining marks of Latin, Greek and
#: Cyrillic, the Indic scripts (Devanagari to Sinhala), Thai, Lao, Tibetan, Myanmar, Khmer, Tai Tham,
#: Balinese, Javanese and the Brahmic scripts beyond the first plane.
REORDERED = re.compile("[\u0300-\u036f\u0483-\u0489\u0900-\u0dff\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f"
                       "\u1780-\u17ff\u1a20-\u1aaf\u1b00-\u1b7f\ua8e0-\ua8ff\ua980-\ua9ff\uaa60-\uaa7f"
                       "\U00011000-\U00011fff]")
#: Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms).
RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


@cache
def mend() -> tuple[str, ...]:
    """Apply the mend this process's WeasyPrint needs, once; the names of those applied."""
    return ("replacement text",) if _replacement_text() else ()


def needs_replacement(text: str) -> bool:
    """Whether a line's glyphs cannot give its ``text`` back, and a replacement text can."""
    return REORDERED.search(text) is not None and RIGHT_TO_LEFT.search(text) is None


def _replacement_text() -> bool:
    import pydyf
    from weasyprint.draw import text as draw

    if not has_source(draw.draw_first_line, GLYPH_MAP):
        return False
    draw_first_line: Callable[..., list] = draw.draw_first_line

    def draw_first_line_with_its_text(stream: Any, textbox: Any, text_overflow: str, block_ellipsis: str,
                                      matrix: Any) -> list:
        # An ellipsis changes the text drawn, in draw_first_line itself: its glyphs' map stands.
        text = textbox.text
        if text_overflow == "ellipsis" or block_ellipsis != "none" or not needs_replacement(text):
            return draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)
        stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(text)}))
        try:
            return draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix)
        finally:
            stream.end_marked_content()

    draw.draw_first_line = draw_first_line_with_its_text
    return True
