"""The PO format: strict reading as GNU msgfmt 0.21 reads, and writing as GNU msgcat 0.21 writes.

The pipeline keeps catalogs in memory as :class:`polib.POFile` /
:class:`polib.POEntry` objects, but it does not use polib (or Babel) for
the two places where they fall short:

* **Reading.**  ``polib.pofile`` is lenient: it silently turns
  ``msgid "Hello`` into ``Hell``, accepts duplicate messages and bytes that
  are not valid in the declared charset.  A catalog that GNU ``msgfmt``
  would later reject must be refused *when we read it*, with the file and
  line to fix.  :func:`parse` is therefore a small strict parser that
  follows GNU gettext 0.21 (``po-lex.c``, ``po-gram.y``, ``msgl-check.c``)
  and raises :class:`POSyntaxError` for the first problem it finds.

* **Writing.**  :func:`dumps` reproduces GNU gettext 0.21's ``write-po.c``
  byte for byte: its output is a fixed point of ``msgcat``.

Everything else in the project reads and writes catalogs through
:func:`load`, :func:`parse`, :func:`dumps` (:func:`encoded` in place of a file) and :func:`save`; publishing, which
needs only the translations, reads them with :func:`parse_strings` (or :func:`parse_translations`, with the
messages whose translator comment holds a note), and checking,
which needs their flags, translator comments and lines too, with
:func:`parse_checked`. Both take a file in the layout msgcat writes in one regular
expression, and leave any other to :func:`parse`.

One module a job: ``read`` (the lexer, :func:`parse`, :func:`load`,
:func:`metadata`) and ``grammar`` (GNU's grammar: tokens to entries), ``fast``
(the two shortcut readers), ``write`` (:func:`dumps`, :func:`encoded`, :func:`save`) with
``linebreak`` (libunistring's line breaking) and ``formats`` (format directives),
``plurals`` (Plural-Forms), ``charsets``, ``comments`` (what comment lines say),
``header`` (the header entry) and ``entry`` (:class:`POEntry`).

Where we knowingly differ from GNU gettext 0.21 (each case is pinned by a
test against the real tools):

* stricter: a NUL byte or an escape encoding NUL (GNU silently cuts the
  string there); octal/hex escapes whose bytes are not valid in the
  catalog's charset (msgcat aborts on them later); non-ASCII text without a
  declared charset and charset names GNU does not know (msgfmt only warns,
  msgcat refuses); UTF-8 text under a header declaring another charset (GNU
  reads it as declared, and every letter beyond ASCII comes out garbled);
  ``domain`` directives; an entry's flags on two ``#,`` lines where the last
  lacks some (GNU keeps the last line's, and drops a ``fuzzy`` written above);
  two translations msgcat joined into one message under ``#-#-#-#-#`` lines
  (a merge's conflict; a header's sections, as in a compendium, are kept);
* more lenient: a UTF-8 BOM (msgfmt 0.21 calls it a syntax error), a file
  without header or without messages (only ``--check-header`` minds), and
  untouched template placeholders (``charset=CHARSET`` in an ASCII file,
  ``nplurals=INTEGER`` while no plural message is translated) so that
  ``.pot`` files load;
* not checked here: msgid/msgstr format-string consistency
  (``msgfmt --check-format``) -- that is a translation-quality question;
* flags from several ``#,`` lines are all kept (GNU 0.21 keeps only the
  last line's), but accept/reject decisions use GNU's reading;
* when writing, breaks are kept out of format directives for the c, objc,
  python and python-brace formats (the ones this project can meet); other
  format languages are wrapped as if they had no directives.  A comment line
  ending in a backslash gets a trailing space, since GNU would join it with
  the next line. A catalog written in place of one whose every line ends in
  CRLF keeps them (:func:`encoded`; msgmerge and msgcat write LF), and one
  written in place of an unwrapped one (``msgcat --no-wrap``) is unwrapped
  too (:func:`page_width`).
"""
from pipeline.files import crlf, with_line_ends
from pipeline.po.comments import gnu_reads, mistyped_fuzzy
from pipeline.po.entry import (
    POEntry,
    comment_lines,
    draft_comment_line,
    entry_key,
    flag_line,
    mark_reviewed,
    msgstr_line,
)
from pipeline.po.errors import MergeConflict, POSyntaxError
from pipeline.po.fast import (
    Checked,
    CheckedCatalog,
    Strings,
    Translations,
    parse_checked,
    parse_strings,
    parse_translations,
)
from pipeline.po.grammar import line_breaks_differ
from pipeline.po.header import (
    HEADER_FIELDS,
    Repeat,
    carry_header,
    field_line,
    gettext_date,
    header_fields,
    kept,
    now,
    read_date,
    repeats,
    set_header_field,
    with_charset,
)
from pipeline.po.plurals import first_difference, nplurals
from pipeline.po.read import CUT_SHORT, load, merged_by_message, metadata, parse, unended_line
from pipeline.po.write import dumps, encoded, page_width, same_but_for_line_breaks, save

__all__ = ["POSyntaxError", "MergeConflict", "POEntry", "Strings", "Translations", "Checked", "CheckedCatalog", "parse",
           "parse_strings", "parse_translations", "parse_checked", "metadata", "load", "dumps", "encoded",
           "page_width", "crlf", "save", "nplurals", "first_difference", "HEADER_FIELDS", "header_fields",
           "set_header_field", "carry_header", "field_line", "kept", "with_charset", "gettext_date", "read_date",
           "now", "mark_reviewed", "line_breaks_differ", "with_line_ends", "gnu_reads", "mistyped_fuzzy", "flag_line",
           "msgstr_line", "comment_lines", "draft_comment_line",
           "entry_key", "CUT_SHORT", "unended_line", "merged_by_message", "same_but_for_line_breaks",
           "Repeat", "repeats"]
