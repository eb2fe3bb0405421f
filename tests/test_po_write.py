"""pipeline.po's writing: msgcat's rules, each with its expected text and against the real msgcat,
and catalogs of any text written and read back; save() replaces a file whole or not at all."""
from __future__ import annotations

import os
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings

from pipeline.po import dumps, encoded, load, page_width, parse, save

from conftest import needs_gettext
from po_support import (
    LATIN1,
    NO_FORMAT_CHECK,
    catalog,
    catalogs,
    entry,
    expected_fields,
    gnu,
    kept_comment,
    msgcat_output,
    parsed_fields,
    same_msgcat,
)

HDR_OUT = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
LONG = ("The quick brown fox jumps over the lazy dog while the cat watches "
        "from the window sill.")

RULES = [
    ("short string on one line",
     catalog(entry(msgid="Hello", msgstr="Bonjour")),
     'msgid "Hello"\nmsgstr "Bonjour"\n'),
    ("long string: empty first line, broken after spaces at column 79",
     catalog(entry(msgid=LONG, msgstr="")),
     'msgid ""\n"The quick brown fox jumps over the lazy dog while the cat '
     'watches from the "\n"window sill."\nmsgstr ""\n'),
    ("embedded newline ends a line and forces msgid \"\"",
     catalog(entry(msgid="one\ntwo\n", msgstr="un\n")),
     'msgid ""\n"one\\n"\n"two\\n"\nmsgstr "un\\n"\n'),
    ("unbreakable long word stays whole (and on the keyword line)",
     catalog(entry(msgid="x" * 90, msgstr="")),
     'msgid "' + "x" * 90 + '"\nmsgstr ""\n'),
    ("escapes", catalog(entry(msgid='a"b\\c\td\re\x07', msgstr="\x01raw")),
     'msgid "a\\"b\\\\c\\td\\re\\a"\nmsgstr "\x01raw"\n'),
    ("CJK is wrapped by display columns (2 per ideograph)",
     catalog(entry(msgid="k", msgstr="日本語" * 14)),
     'msgid "k"\nmsgstr ""\n"' + "日本語" * 12 + '日本"\n"語' + "日本語" + '"\n'),
    ("flags: fuzzy first, formats in GNU order, unknown dropped",
     catalog(entry(msgid="a", msgstr="b",
                   flags=["python-brace-format", "my-flag", "fuzzy",
                          "c-format", "wrap"])),
     '#, fuzzy, c-format, python-brace-format\nmsgid "a"\nmsgstr "b"\n'),
    ("fuzzy is dropped on an untranslated message",
     catalog(entry(msgid="a", msgstr="", flags=["fuzzy"])),
     'msgid "a"\nmsgstr ""\n'),
    ("comment order and reference wrapping",
     catalog(entry(msgid="a", msgstr="b", tcomment="note\n\nmore",
                   comment="dev", flags=["fuzzy"],
                   previous_msgid="old",
                   occurrences=[(f"./src/module_{i}.py", str(i * 100))
                                for i in range(8)] + [("src/module_0.py",
                                                       "0")])),
     "# note\n#\n# more\n#. dev\n"
     "#: src/module_0.py:0 src/module_1.py:100 src/module_2.py:200\n"
     "#: src/module_3.py:300 src/module_4.py:400 src/module_5.py:500\n"
     "#: src/module_6.py:600 src/module_7.py:700\n"
     '#, fuzzy\n#| msgid "old"\nmsgid "a"\nmsgstr "b"\n'),
    ("msgctxt and plurals",
     catalog(entry(msgctxt="ctx", msgid="one", msgid_plural="many",
                   msgstr_plural={0: "un", 1: "plusieurs"})),
     'msgctxt "ctx"\nmsgid "one"\nmsgid_plural "many"\nmsgstr[0] "un"\n'
     'msgstr[1] "plusieurs"\n'),
    ("obsolete entries last, #~| previous, untranslated ones dropped",
     catalog(entry(msgid="gone", msgstr="parti", obsolete=True,
                   previous_msgid="went", flags=["fuzzy", "range: 1..3"]),
             entry(msgid="empty", msgstr="", obsolete=True),
             entry(msgid="a", msgstr="b")),
     'msgid "a"\nmsgstr "b"\n\n#, fuzzy\n#~| msgid "went"\n#~ msgid "gone"\n'
     '#~ msgstr "parti"\n'),
    ("obsolete and #| strings wrap at the same width, prefix included",
     catalog(entry(msgid=LONG, msgstr="x", obsolete=True)),
     '#~ msgid ""\n#~ "The quick brown fox jumps over the lazy dog while the '
     'cat watches from "\n#~ "the window sill."\n#~ msgstr "x"\n'),
    ("no-wrap keeps long lines",
     catalog(entry(msgid=LONG, msgstr="", flags=["no-wrap"])),
     '#, no-wrap\nmsgid "' + LONG + '"\nmsgstr ""\n'),
    ("python-brace-format protects the start of the string (GNU quirk: "
     "directive marks are recorded relative to the directive)",
     catalog(entry(msgid="Hi! " + "x" * 80 + " {name}", msgstr="",
                   flags=["python-brace-format"]),
             entry(msgctxt="same text, no flag",
                   msgid="Hi! " + "x" * 80 + " {name}", msgstr="")),
     '#, python-brace-format\nmsgid ""\n"Hi! ' + "x" * 80 + ' "\n"{name}"\n'
     'msgstr ""\n\nmsgctxt "same text, no flag"\nmsgid ""\n"Hi! "\n"'
     + "x" * 80 + ' "\n"{name}"\nmsgstr ""\n'),
    ("the python-brace quirk protects bytes, not characters: a break after a multibyte "
     "character near the start is allowed",
     catalog(entry(msgid="\u0800   " + "x" * 64 + "{name}", msgstr="",
                   flags=["python-brace-format"])),
     '#, python-brace-format\nmsgid ""\n"\u0800   ' + "x" * 64 + '{name}"\nmsgstr ""\n'),
    ("no break inside a python-format directive",
     catalog(entry(msgid="a" * 66 + " %(the name)s", msgstr="",
                   flags=["python-format"])),
     '#, python-format\nmsgid ""\n"' + "a" * 66 + ' "\n"%(the name)s"\n'
     'msgstr ""\n'),
]


@pytest.mark.parametrize("case", RULES, ids=[c[0] for c in RULES])
def test_dumps_follows_msgcat_rules(case):
    name, po, body = case
    assert dumps(po) == HDR_OUT + body


@needs_gettext
@same_msgcat
@pytest.mark.parametrize("case", RULES, ids=[c[0] for c in RULES])
def test_dumps_rules_match_real_msgcat(case, tmp_path):
    name, po, body = case
    text = dumps(po)
    assert msgcat_output(text, tmp_path) == text


LAYOUTS = [(None, "--no-wrap"), (60, "--width=60")]


@needs_gettext
@same_msgcat
@pytest.mark.parametrize(("width", "option"), LAYOUTS, ids=[option for _, option in LAYOUTS])
@pytest.mark.parametrize("case", RULES, ids=[c[0] for c in RULES])
def test_dumps_at_a_width_is_what_msgcat_writes_at_it(case, width, option, tmp_path):
    """Strings broken only after "\\n" (#| and #~ ones too), or at another page width; #: lines
    at the default width when unwrapped, as msgcat --no-wrap leaves them."""
    name, po, body = case
    text = dumps(po, width)
    assert gnu("msgcat", text.encode("utf-8"), tmp_path, "--force-po", option).stdout.decode("utf-8") == text


@needs_gettext
@same_msgcat
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow,
                                 HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(po=catalogs())
def test_dumps_unwrapped_is_a_msgcat_no_wrap_fixed_point(po, tmp_path):
    out = dumps(po, None)
    assert gnu("msgcat", out.encode("utf-8"), tmp_path, "--force-po", "--no-wrap").stdout.decode("utf-8") == out


ARABIC = {"Plural-Forms": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
                          "n%100>=11 ? 4 : 5);"}
SHORT = catalog(entry(msgid="Hello", msgstr="Bonjour"))


@pytest.mark.parametrize(("text", "width"), [
    (dumps(RULES[1][1]), 79),
    (dumps(RULES[1][1], None), None),
    (dumps(RULES[1][1], None).replace("\n", "\r\n"), None),
    (dumps(RULES[1][1]).replace("\n", "\r\n"), 79),
    ("", 79),  # a new file
    (dumps(SHORT, None), 79),  # no long message: either layout
    (dumps(catalog(entry(msgid="x" * 90, msgstr="y " * 45))), 79),  # an unbreakable word outgrows the width
    (dumps(catalog(entry(msgid="a", msgstr=" " + "x" * 90))), 79),  # so does one after a leading space
    (dumps(catalog(entry(msgid="a", msgstr="b"), **ARABIC), None), None),  # the long header alone
    (dumps(catalog(entry(msgid="a", msgstr="b"), **ARABIC)), 79),
    (dumps(catalog(entry(msgid=LONG, msgstr="", flags=["no-wrap"]), entry(msgid="b" + LONG, msgstr=""))), 79),
    (dumps(catalog(entry(msgid=LONG, msgstr="x", obsolete=True))), 79),
    (dumps(catalog(entry(msgid="a", msgstr="b", previous_msgid=LONG, flags=["fuzzy"]))), 79),
    (dumps(catalog(entry(msgid="one\n" + LONG + "\ntwo", msgstr="")), None), None),
    (dumps(catalog(entry(msgid="one\n" + LONG + "\ntwo", msgstr=""))), 79),
    (dumps(catalog(entry(msgid="a", msgstr="日本語 " * 30))), 79),
    (dumps(catalog(entry(msgid="a", msgstr="日本語 " * 30)), None), None),
], ids=["wrapped", "unwrapped", "unwrapped crlf", "wrapped crlf", "new", "short", "unbreakable",
        "unbreakable after a space", "arabic unwrapped",
        "arabic wrapped", "no-wrap flag", "obsolete", "previous", "newlines unwrapped",
        "newlines wrapped", "wide wrapped", "wide unwrapped"])
def test_page_width_tells_the_layout_of_a_catalog(text, width):
    assert page_width(text.encode("utf-8")) == width


def test_a_catalog_written_in_place_of_another_keeps_its_layout_and_line_ends():
    """Unwrapped with CRLF (Poedit "don't wrap" on Windows): a message added is not wrapped either."""
    before = catalog(entry(msgid="a" + LONG, msgstr="x"))
    after = catalog(entry(msgid="a" + LONG, msgstr="x"), entry(msgid="b" + LONG, msgstr="y"))
    assert encoded(after, dumps(before, None).replace("\n", "\r\n").encode()) == \
        dumps(after, None).replace("\n", "\r\n").encode()
    assert encoded(after, dumps(before).encode()) == dumps(after).encode()


def test_dumps_header_layout_and_fuzzy_header():
    po = polib.POFile()
    po.header = "Letter translation.\nCopyright"
    po.metadata_is_fuzzy = ["fuzzy"]
    po.metadata = {"Project-Id-Version": "letter 1.0",
                   "Content-Type": "text/plain; charset=UTF-8",
                   "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    po.append(entry(msgid="a", msgstr="b"))
    assert dumps(po) == (
        "# Letter translation.\n# Copyright\n#, fuzzy\nmsgid \"\"\nmsgstr \"\"\n"
        '"Project-Id-Version: letter 1.0\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgid "a"\nmsgstr "b"\n')


def test_dumps_empty_and_headerless():
    assert dumps(polib.POFile()) == ""
    po = polib.POFile()
    po.append(entry(msgid="a", msgstr="b"))
    assert dumps(po) == 'msgid "a"\nmsgstr "b"\n'


def test_dumps_rewrites_a_latin1_header_to_utf8():
    po = parse(LATIN1)
    text = dumps(po)
    assert "charset=UTF-8" in text and 'msgstr "café"' in text
    assert parse(text.encode("utf-8"))[0].msgstr == "café"
    assert "ISO-8859-1" in po.metadata["Content-Type"]  # input untouched


@pytest.mark.parametrize("charset, text, written", [
    ("utf8", "a", "UTF-8"),          # not a name GNU knows: fixed
    ("CHARSET", "a", "CHARSET"),     # untouched template stays a template
    ("CHARSET", "é", "UTF-8"),
    ("ISO-8859-1", "a", "ISO-8859-1"),
    ("utf-8", "é", "utf-8"),         # GNU matches names case-insensitively
])
def test_dumps_declares_the_encoding_it_writes(charset, text, written):
    po = catalog(entry(msgid="a", msgstr=text),
                 **{"Content-Type": f"text/plain; charset={charset}"})
    out = dumps(po)
    assert f"charset={written}\\n" in out
    assert parse(out.encode("utf-8"))[0].msgstr == text


def test_dumps_refuses_what_no_po_file_can_hold():
    with pytest.raises(ValueError, match="charset"):
        dumps(catalog(entry(msgid="a", msgstr="é"), **{"Content-Type": "x"}))
    with pytest.raises(ValueError, match="duplicate"):
        dumps(catalog(entry(msgid="a", msgstr="1"), entry(msgid="a", msgstr="2")))
    with pytest.raises(ValueError, match="EOT"):
        dumps(catalog(entry(msgid="a\x04b", msgstr="")))


def test_a_mistyped_fuzzy_mark_outlives_a_rewrite_though_gnu_drops_it():
    """msgcat drops ``#, Fuzzy`` as any flag it does not know; `letter draft`, the review page and the merge
    driver rewrite a whole catalog, and dropping it made the translator's draft read as reviewed, without a
    word (`letter check` reports it as an error instead, and `letter update` leaves the catalog alone)."""
    written = dumps(catalog(entry(msgid="a", msgstr="b", flags=["c-format", "Fuzzy", "my-flag"])))
    assert written.endswith('#, Fuzzy, c-format\nmsgid "a"\nmsgstr "b"\n')
    assert parse(written.encode()).find("a").flags == ["Fuzzy", "c-format"]


def test_comment_ending_in_backslash_stays_one_line():
    po = catalog(entry(msgid="a", msgstr="b", tcomment="C:\\"))
    text = dumps(po)
    assert "# C:\\ \n" in text
    assert parse(text.encode())[0].tcomment == "C:\\ "


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(po=catalogs())
def test_dumps_then_parse_round_trips(po):
    out = dumps(po)
    again = parse(out.encode("utf-8"))
    assert [parsed_fields(e) for e in again] == \
        [expected_fields(e) for e in po]
    assert again.metadata == po.metadata
    assert again.header == kept_comment(po.header)
    assert bool(again.metadata_is_fuzzy) == bool(po.metadata_is_fuzzy)
    assert dumps(again) == out
    assert out.endswith("\n") and not out.endswith("\n\n")


@needs_gettext
@same_msgcat
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow,
                                 HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(po=catalogs())
def test_dumps_is_a_msgcat_fixed_point_and_msgfmt_accepts(po, tmp_path):
    out = dumps(po)
    assert msgcat_output(out, tmp_path) == out
    result = gnu("msgfmt", out.encode("utf-8"), tmp_path, *NO_FORMAT_CHECK)
    assert result.returncode == 0, \
        result.stderr.decode("utf-8", "replace") + "\n" + out


# ---------------------------------------------------------------------------
# save()
# ---------------------------------------------------------------------------

def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name != "fr.po")


def test_save_writes_msgcat_text_atomically(tmp_path):
    path = tmp_path / "fr.po"
    po = catalog(entry(msgid="a", msgstr="é"))
    save(po, path)
    assert path.read_bytes() == dumps(po).encode("utf-8")
    assert leftovers(tmp_path) == []
    assert load(path)[0].msgstr == "é"


def test_save_puts_the_catalog_and_then_its_rename_on_disk(tmp_path, monkeypatch):
    """save() is files.write_atomic, as every catalog write: the file is flushed before the rename
    and its folder after it, so a power cut leaves the old catalog or the new one."""
    flushed: list[str] = []
    original = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: flushed.append(os.readlink(f"/proc/self/fd/{fd}")) or original(fd))
    save(catalog(entry(msgid="a", msgstr="b")), tmp_path / "fr.po")
    assert Path(flushed[0]).name.startswith(".fr.po.") and flushed[1:] == [str(tmp_path)]


def test_save_keeps_the_mode_of_an_existing_file(tmp_path):
    path = tmp_path / "fr.po"
    path.write_text("old")
    path.chmod(0o640)
    save(catalog(entry(msgid="a", msgstr="b")), str(path))
    assert path.stat().st_mode & 0o777 == 0o640
    assert leftovers(tmp_path) == []


def test_save_failure_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "fr.po"
    path.write_bytes(b"old content")

    def broken_replace(src, dst):
        raise OSError("disk on fire")
    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk on fire"):
        save(catalog(entry(msgid="a", msgstr="b")), path)
    assert path.read_bytes() == b"old content"
    assert leftovers(tmp_path) == []


def test_save_does_not_touch_the_file_when_dumps_fails(tmp_path):
    path = tmp_path / "fr.po"
    path.write_bytes(b"old content")
    with pytest.raises(ValueError):
        save(catalog(entry(msgid="a", msgstr="1"),
                     entry(msgid="a", msgstr="2")), path)
    assert path.read_bytes() == b"old content"
    assert leftovers(tmp_path) == []
