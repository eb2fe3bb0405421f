"""pipeline.po's fast readers: parse_strings and parse_checked read what parse() reads, take
every plain catalog msgcat writes, and leave every doubt to parse()."""
from __future__ import annotations

from pathlib import Path
from unittest import mock

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.po import POSyntaxError, dumps, fast, msgstr_line, parse

from po_support import BAD, GOOD, HEADER, STRICTER, catalogs, damaged, line_edits, po_bytes


def strings_by_parse(data: bytes) -> dict | tuple:
    """parse_strings' promise, from parse(): the translations, or parse's error."""
    try:
        po = parse(data, "cat.po")
    except POSyntaxError as exc:
        return ("error", exc.line, exc.reason)
    return {(e.msgctxt, e.msgid): (e.msgstr, e.fuzzy) for e in po if not e.obsolete}


def strings_read(data: bytes) -> dict | tuple:
    try:
        return fast.parse_strings(data, "cat.po")
    except POSyntaxError as exc:
        return ("error", exc.line, exc.reason)


def checked_fields(catalog) -> tuple:
    """What check reads of a catalog: its metadata, and each active entry's texts, flags,
    translator comment, line and msgstr's line."""
    return (catalog.metadata, [(e.msgctxt, e.msgid, e.msgstr, list(e.flags), e.fuzzy, e.tcomment, e.linenum,
                                msgstr_line(e)) for e in catalog if not e.obsolete])


def checked_by_parse(data: bytes) -> tuple:
    """parse_checked's promise, from parse(): what check reads, or parse's error."""
    try:
        return checked_fields(parse(data, "cat.po"))
    except POSyntaxError as exc:
        return ("error", exc.line, exc.reason)


def checked_read(data: bytes) -> tuple:
    try:
        return checked_fields(fast.parse_checked(data, "cat.po"))
    except POSyntaxError as exc:
        return ("error", exc.line, exc.reason)


#: A note as the generated comments often begin a line with (``po_support.word``).
NOTE = "a"


def noted_by_parse(data: bytes) -> frozenset | tuple:
    """parse_translations' promise of the messages noted, from parse(): not fuzzy, a translator comment's line
    beginning with ``NOTE``; or parse's error."""
    try:
        po = parse(data, "cat.po")
    except POSyntaxError as exc:
        return ("error", exc.line, exc.reason)
    return frozenset((e.msgctxt, e.msgid) for e in po if not e.obsolete and not e.fuzzy
                     and any(line.startswith(NOTE) for line in e.tcomment.splitlines()))


def noted_read(data: bytes) -> frozenset | tuple:
    try:
        return fast.parse_translations(data, "cat.po", NOTE).noted
    except POSyntaxError as exc:
        return ("error", exc.line, exc.reason)


def assert_strings_agree(data: bytes) -> None:
    """The shortcuts, when they take a file, read what parse() reads, and never take a file
    parse() refuses; parse_strings and parse_checked as a whole give parse()'s answer or error."""
    expected = strings_by_parse(data)
    plain = fast._msgcat_strings(data.removeprefix(b"\xef\xbb\xbf"), "cat.po", NOTE)
    if plain is not None:
        assert plain == (expected, noted_by_parse(data))
    assert strings_read(data) == expected
    assert noted_read(data) == noted_by_parse(data)
    expected = checked_by_parse(data)
    plain = fast._msgcat_checked(data.removeprefix(b"\xef\xbb\xbf"), "cat.po")
    if plain is not None:
        assert checked_fields(plain) == expected
    assert checked_read(data) == expected


@st.composite
def plain_catalogs(draw) -> polib.POFile:
    """Catalogs in the layout the shortcut takes: no obsolete, plural or previous-msgid lines."""
    po = draw(catalogs())
    kept = [e for e in po if not e.obsolete and not e.msgstr_plural]
    del po[:]
    for e in kept:
        e.previous_msgctxt = e.previous_msgid = e.previous_msgid_plural = None
        po.append(e)
    return po


@pytest.mark.parametrize("data", [c[1] for c in BAD + STRICTER + GOOD],
                         ids=[c[0] for c in BAD + STRICTER + GOOD])
def test_parse_strings_equals_parse_on_the_tables(data):
    assert_strings_agree(data)


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(po=plain_catalogs(), edits=line_edits("insert", "delete", "duplicate", "join", "blank"))
def test_parse_strings_equals_parse_on_damaged_files(po, edits):
    assert_strings_agree(damaged(po, edits))


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(po=plain_catalogs())
def test_parse_strings_takes_every_catalog_msgcat_writes(po):
    """The shortcut is not a rare path: whatever msgcat writes without obsolete, plural or
    '#|' lines is read by it (escapes, fuzzy flags, contexts and comments included)."""
    data = dumps(po).encode("utf-8")
    assert fast._msgcat_strings(data, "cat.po", NOTE) == (strings_by_parse(data), noted_by_parse(data))
    checked = fast._msgcat_checked(data, "cat.po")
    assert checked is not None and checked_fields(checked) == checked_by_parse(data)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(po=catalogs())
def test_parse_strings_reads_other_catalogs_through_parse(po):
    assert_strings_agree(dumps(po).encode("utf-8"))


@pytest.mark.parametrize("comments, fuzzy", [
    ("#, fuzzy\n", True),
    ("#, c-format, fuzzy\n", True),
    ("#,fuzzy ,no-wrap\n", True),
    ("#, fuzzy python-brace-format\n", True),  # GNU splits at white space too; polib would read one flag
    ("#, range: 1..2 fuzzy\n", True),
    ("#, range: fuzzy\n", False),  # GNU reads "fuzzy" as the range (msgfmt --statistics: 1 translated)
    ("#,\tfuzzy\n", True),
    ("# fuzzy, said the translator\n", False),
    ("#. fuzzy\n", False),
    ("#, fuzzy-ish\n", False),
    ("", False),
])
def test_parse_strings_reads_the_fuzzy_flag_as_gnu(comments, fuzzy):
    data = po_bytes(comments + 'msgid "a"\nmsgstr "x"\n')
    assert fast._msgcat_strings(data, "cat.po").strings == {(None, "a"): ("x", fuzzy)}
    assert strings_by_parse(data) == {(None, "a"): ("x", fuzzy)}


def test_the_messages_noted_are_those_not_fuzzy_with_a_translator_comment_line_that_begins_with_the_note():
    data = po_bytes('# machine draft: pseudo, 2026-11-18\nmsgid "a"\nmsgstr "x"\n\n'
                    '# machine draft: pseudo, 2026-11-18\n#, fuzzy\nmsgid "b"\nmsgstr "y"\n\n'
                    '# a person\'s words\n#machine draft: pseudo\nmsgid "c"\nmsgstr "z"\n\n'
                    '#. machine draft: an extracted comment\n# not a machine draft: no\nmsgid "d"\nmsgstr "w"\n\n'
                    '# machine draft: gone\n#~ msgid "e"\n#~ msgstr "v"\n')
    for plain in (data.rsplit(b"\n\n", 1)[0] + b"\n", data):  # read by the shortcut, and by parse()
        assert fast.parse_translations(plain, "cat.po", "machine draft:").noted == {(None, "a"), (None, "c")}
    assert fast.parse_translations(data, "cat.po").noted == frozenset()


def test_a_catalog_without_the_note_is_not_read_for_it():
    """One search of the bytes: the shipped catalogs have no machine draft's note, and no message is looked at."""
    for path in sorted(Path(__file__).parent.parent.glob("locales/*/LC_MESSAGES/letter.po")):
        with mock.patch.object(fast, "_begins_a_line", side_effect=AssertionError("a message was read for it")):
            assert fast.parse_translations(path.read_bytes(), str(path), "machine draft:").noted == frozenset()


@pytest.mark.parametrize(("comments", "refused"), [("#, c-format\n#, fuzzy\n", True), ("#, fuzzy\n#, c-format\n", True),
                                                 ("#, fuzzy\n#, fuzzy, c-format\n", False)])
def test_flags_on_two_lines_are_left_to_parse(comments, refused):
    """Which parse refuses where GNU, keeping the last line's flags, would drop some of them."""
    data = po_bytes(comments + 'msgid "a"\nmsgstr "x"\n')
    assert fast._msgcat_strings(data, "cat.po") is None and fast._msgcat_checked(data, "cat.po") is None
    if refused:
        with pytest.raises(POSyntaxError, match="flags on two '#,' lines"):
            fast.parse_strings(data, "cat.po")
    else:
        assert fast.parse_strings(data, "cat.po") == {(None, "a"): ("x", True)}


@pytest.mark.parametrize("body", [
    'msgid "a"\nmsgstr "x"\n\nmsgid "a"\nmsgstr "y"\n',          # a message twice
    'msgid "a\\n"\nmsgstr "x"\n',                                   # msgfmt: newlines disagree
    'msgid "a"\nmsgstr "x\\q"\n',                                   # an invalid escape
    'msgid "a"\nmsgstr "\\303\\251"\n',                             # octal bytes
    'msgid ""\nmsgstr "second header"\n',
    'msgid "a"\nmsgstr "x"\n\n#~ msgid "a"\n#~ msgstr "y"\n',     # obsolete, the same msgid
    'msgid "a"\nmsgstr "x"\n#',                                     # a comment after the last entry
    '# a note\\\nmsgid "a"\nmsgstr "x"\n',                          # a comment joined with the next line
])
def test_parse_strings_leaves_every_doubt_to_parse(body):
    """Files the shortcut must not judge: parse() gives the answer, error or not."""
    for data in (po_bytes(body), po_bytes(body, header="# the header's note\\\n" + HEADER)):
        assert fast._msgcat_strings(data, "cat.po") is None and fast._msgcat_checked(data, "cat.po") is None
        assert strings_read(data) == strings_by_parse(data)
        assert checked_read(data) == checked_by_parse(data)


def test_parse_strings_reads_the_shipped_catalogs_without_parse():
    catalogs_found = sorted(Path(__file__).parent.parent.glob("locales/*/LC_MESSAGES/letter.po"))
    assert catalogs_found
    for path in catalogs_found:
        with mock.patch.object(fast, "parse", side_effect=AssertionError("parse() was called")):
            strings = fast.parse_strings(path.read_bytes(), str(path))
            checked = fast.parse_checked(path.read_bytes(), str(path))
        assert strings == strings_by_parse(path.read_bytes())
        assert checked_fields(checked) == checked_by_parse(path.read_bytes())


def large_catalog(count: int = 4000) -> str:
    """A plain catalog several of the shortcut's chunks long."""
    return HEADER + "".join(f'#. note {i}\n#: letter.md:{i}\nmsgid "message {i}"\nmsgstr "message {i}, translated"\n\n'
                            for i in range(count))


@pytest.mark.parametrize("where, most_read", [
    ("none", None),
    ("a '#|' line near the start", 1),
    ("a '#|' line past the middle", 6),
    ("an obsolete entry at the end", 0),
])
def test_a_file_not_in_msgcat_layout_is_left_to_parse_without_reading_it_all(where, most_read, monkeypatch):
    """The shortcut reads a chunk of the file at a time and stops at the first it cannot take, so a
    file that is not plain costs little more than parse(); obsolete entries, which stand at the
    end, it sees from the last line. The answer is parse()'s either way."""
    text = large_catalog()
    if where.startswith("a '#|'"):
        at = text.index('msgid "message 100"' if "start" in where else 'msgid "message 2500"')
        text = text[:at] + '#, fuzzy\n#| msgid "an older message"\n' + text[at:]
    elif where.startswith("an obsolete"):
        text += '#~ msgid "gone"\n#~ msgstr "parti"\n'
    data = text.encode("utf-8")
    assert len(data) > 5 * fast._CHUNK
    chunks: list[int] = []
    pattern = fast._PLAIN_ENTRY

    class Counted:
        def findall(self, text: str, start: int, stop: int) -> list:
            chunks.append(stop - start)
            return pattern.findall(text, start, stop)

    monkeypatch.setattr(fast, "_PLAIN_ENTRY", Counted())
    plain = fast._msgcat_strings(data, "cat.po")
    if most_read is None:
        assert plain.strings == strings_by_parse(data) and sum(chunks) == len(data) - len(HEADER)
    else:
        assert plain is None and len(chunks) <= most_read
    monkeypatch.undo()
    assert strings_read(data) == strings_by_parse(data)
