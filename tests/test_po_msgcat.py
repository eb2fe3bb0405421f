"""The writer is msgcat on real catalogs: what dumps(parse(x)) writes is what `msgcat x` writes.

Real catalogs from other projects (tests/data/po) and the shapes in which real
catalogs once made the writer depart from msgcat: a lone ``#`` or ``#.`` comment
line, a header with a field given twice, with spacing inside a value, without a
final newline, merged by msgcat from two files, with extracted comments and
references of its own, empty, or not first. Each is written as the real msgcat
writes it, and read back the same.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest

from pipeline import po
from pipeline.merge import merge
from pipeline.po import POSyntaxError, dumps, load, parse

from conftest import ROOT, needs_gettext
from po_support import MSGCAT, gnu, msgcat_output, same_msgcat

REAL = sorted((ROOT / "tests" / "data" / "po").glob("*.po"))


def msgcat_utf8(path: Path) -> str:
    """What msgcat writes of a catalog, in UTF-8 (dumps writes UTF-8 whatever the file's charset)."""
    return subprocess.run([MSGCAT, "--force-po", "-t", "UTF-8", str(path)], capture_output=True,
                          check=True).stdout.decode("utf-8")


def test_the_real_catalogs_are_there():
    assert len(REAL) >= 4 and all(path.stat().st_size > 2000 for path in REAL)


@needs_gettext
@same_msgcat
@pytest.mark.parametrize("path", REAL, ids=[path.name for path in REAL])
def test_dumps_of_a_real_catalog_is_what_msgcat_writes(path, tmp_path):
    text = dumps(load(path))
    assert text == msgcat_utf8(path)
    again = tmp_path / path.name
    again.write_text(text, encoding="utf-8")
    assert dumps(load(again)) == text


# Each: (id, catalog as a file holds it, a check of what parse reads of it).
DEPARTED = [
    ("a lone '#' comment line",
     'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n#\n#: a.c:1\nmsgid "a"\nmsgstr "b"\n',
     lambda catalog: catalog[0].tcomment == ""),
    ("a lone '#.' comment line",
     'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n#.\nmsgid "a"\nmsgstr "b"\n',
     lambda catalog: catalog[0].comment == ""),
    ("a '# ' line, which msgcat writes as '#'",
     'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n# \nmsgid "a"\nmsgstr "b"\n',
     lambda catalog: catalog[0].tcomment == ""),
    ("a lone '#' above the header",
     '#\nmsgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b"\n',
     lambda catalog: catalog.header == ""),
    ("a field given twice: msgfmt reads the first",
     'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
     '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n"Plural-Forms: nplurals=3; plural=n%3;\\n"\n\n'
     'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\n',
     lambda catalog: catalog.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"),
    ("spacing inside a value",
     'msgid ""\nmsgstr ""\n"Project-Id-Version:  demo  1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
     'msgid "a"\nmsgstr "b"\n',
     lambda catalog: catalog.metadata["Project-Id-Version"] == "demo  1.0"),
    ("no newline after the last field",
     'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8"\n\nmsgid "a"\nmsgstr "b"\n',
     lambda catalog: catalog.metadata["Content-Type"] == "text/plain; charset=UTF-8"),
    ("the header's own extracted comments and references",
     '# title\n#. made by hand\n#: nowhere.c:1\n#, fuzzy\n'
     'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b"\n',
     lambda catalog: catalog.header == "title" and catalog.metadata_is_fuzzy == ["fuzzy"]),
    ("an empty header entry",
     'msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\n',
     lambda catalog: catalog.metadata == {} and len(catalog) == 1),
    ("a header that is not the first entry",
     'msgid "a"\nmsgstr "b"\n\n'
     'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "c"\nmsgstr "d"\n',
     lambda catalog: [entry.msgid for entry in catalog] == ["a", "c"]),
]


@pytest.mark.parametrize("text, check", [case[1:] for case in DEPARTED], ids=[case[0] for case in DEPARTED])
def test_what_once_departed_is_read_as_before(text, check):
    assert check(parse(text.encode("utf-8"), "cat.po"))


@needs_gettext
@same_msgcat
@pytest.mark.parametrize("text", [case[1] for case in DEPARTED], ids=[case[0] for case in DEPARTED])
def test_what_once_departed_is_written_as_msgcat_writes_it(text, tmp_path):
    written = dumps(parse(text.encode("utf-8"), "cat.po"))
    assert written == msgcat_output(text, tmp_path)
    assert dumps(parse(written.encode("utf-8"), "cat.po")) == written  # and our output reads again


@needs_gettext
@same_msgcat
def test_a_header_msgcat_merged_from_two_keeps_its_sections(tmp_path):
    """msgcat writes two different headers as one, in '#-#-#-#-#' sections; they stay."""
    for name, version in (("a.po", "one"), ("b.po", "two")):
        (tmp_path / name).write_text(f'# {version}\nmsgid ""\nmsgstr ""\n"Project-Id-Version: {version}\\n"\n'
                                     '"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "b"\n',
                                     encoding="utf-8")
    merged = subprocess.run([MSGCAT, str(tmp_path / "a.po"), str(tmp_path / "b.po")],
                            capture_output=True, check=True).stdout
    assert b"#-#-#-#-#  b.po (two)  #-#-#-#-#" in merged
    assert dumps(parse(merged, "merged.po")) == merged.decode("utf-8")


def test_a_changed_field_is_edited_into_the_header_as_read():
    """Code that changes metadata (merge, a translator's tool) changes those lines only: the first
    line of a field given twice, the one every reader reads (msgmerge does the same)."""
    text = ('# the team\n#. kept\nmsgid ""\nmsgstr ""\n"Project-Id-Version:  demo\\n"\n'
            '"POT-Creation-Date: 2020-01-01 00:00+0000\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
            '"Plural-Forms: nplurals=3; plural=n%3;\\n"\n"X-Note: kept as it is\\n"\n'
            '"Content-Type: text/plain; charset=UTF-8"\n\nmsgid "a"\nmsgstr "b"\n')
    catalog = parse(text.encode("utf-8"))
    catalog.metadata["POT-Creation-Date"] = "2024-05-26 10:00+0000"
    catalog.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    del catalog.metadata["X-Note"]
    catalog.metadata = po.set_header_field(catalog.metadata, "Language", "fr")
    assert dumps(catalog) == (
        '# the team\n#. kept\nmsgid ""\nmsgstr ""\n"Project-Id-Version:  demo\\n"\n'
        '"POT-Creation-Date: 2024-05-26 10:00+0000\\n"\n"Language: fr\\n"\n'
        '"Plural-Forms: nplurals=1; plural=0;\\n"\n"Plural-Forms: nplurals=3; plural=n%3;\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8"\n\nmsgid "a"\nmsgstr "b"\n')
    catalog.metadata["Content-Type"] = "text/plain; charset=UTF-8"  # the same value: no line changes
    assert dumps(catalog).count('"Content-Type: text/plain; charset=UTF-8"\n') == 1


def test_a_catalog_made_in_code_gets_its_fields_in_gettexts_order():
    catalog = polib.POFile()
    catalog.metadata = po.header_fields({"Plural-Forms": "nplurals=2; plural=(n != 1);", "X-Tool": "letter",
                                         "Language": "fr", "Content-Type": "text/plain; charset=UTF-8",
                                         "Project-Id-Version": "letter"})
    assert list(catalog.metadata) == ["Project-Id-Version", "Language", "Content-Type", "Plural-Forms", "X-Tool"]
    assert dumps(catalog).startswith('msgid ""\nmsgstr ""\n"Project-Id-Version: letter\\n"\n"Language: fr\\n"\n')


def test_merge_writes_the_catalogs_header_back_but_for_what_it_refreshes():
    text = ('#\n#, fuzzy\nmsgid ""\nmsgstr ""\n"#-#-#-#-#  a.po (one)  #-#-#-#-#\\n"\n'
            '"Project-Id-Version:  odd  one\\n"\n"POT-Creation-Date: 2020-01-01 00:00+0000\\n"\n'
            '"Content-Type: text/plain; charset=UTF-8\\n"\n"#-#-#-#-#  b.po (two)  #-#-#-#-#\\n"\n'
            '"Project-Id-Version: two\\n"\n"POT-Creation-Date: 2019-01-01 00:00+0000\\n"\n'
            '"Content-Type: text/plain; charset=UTF-8"\n\nmsgid "a"\nmsgstr "b"\n')
    template = polib.POFile()
    template.metadata = {"POT-Creation-Date": "2024-05-26 10:00+0000"}
    template.append(polib.POEntry(msgid="a"))
    merged = merge(template, parse(text.encode("utf-8"))).catalog
    assert dumps(merged) == text.replace("2020-01-01 00:00", "2024-05-26 10:00")
    assert merged.metadata["POT-Creation-Date"] == "2024-05-26 10:00+0000"


def test_non_ascii_without_a_header_names_the_file():
    with pytest.raises(POSyntaxError, match="non-ASCII byte but the file has no header entry"):
        parse('msgid "a"\nmsgstr "café"\n'.encode(), "cat.po")


@needs_gettext
def test_gnu_also_refuses_what_dumps_refused_to_read_back(tmp_path):
    """The header with two Plural-Forms lines once came back with only the second, which the
    messages contradict: msgfmt refuses that file, and so does parse."""
    contradicted = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
                    '"Plural-Forms: nplurals=3; plural=n%3;\\n"\n\n'
                    'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\n').encode("ascii")
    assert gnu("msgfmt", contradicted, tmp_path).returncode != 0
    with pytest.raises(POSyntaxError, match="nplurals=3"):
        parse(contradicted, "cat.po")


@needs_gettext
def test_two_translations_msgcat_joined_are_refused_at_their_line(tmp_path, shipped):
    """msgcat (and Weblate's merge driver, built on it) joins two translations of a message into one, each
    under a #-#-#-#-# line, and marks it fuzzy; msgfmt accepts it, and a reviewer clearing the mark would
    publish both. Read, it is refused at its first such line, as git's markers are."""
    catalog = shipped.catalog("fr")
    ours = load(catalog)
    next(entry for entry in ours if entry.msgid == "Signatories").msgstr = "Les signataires"
    other = tmp_path / "other.po"
    po.save(ours, other)
    joined = subprocess.run(["msgcat", str(catalog), str(other)], capture_output=True, check=True).stdout
    line = joined[:joined.index(b'"#-#-#-#-#  ')].count(b"\n") + 1
    with pytest.raises(POSyntaxError) as caught:
        parse(joined, "fr.po")
    assert caught.value.line == line and caught.value.message.startswith("msgcat joined two translations")
    with pytest.raises(POSyntaxError):  # the build's reader too, which leaves such a file to parse()
        po.parse_strings(joined, "fr.po")
    catalog.write_bytes(joined)
    checked = shipped.run("check", "fr")
    assert checked.exit_code == 2 and f"letter.po:{line}: error: [syntax] msgcat joined two" in checked.stdout


@needs_gettext
def test_msgcat_s_join_is_found_where_it_wraps_and_a_header_s_sections_are_read_whatever_they_say(tmp_path):
    """A long Project-Id-Version makes msgcat wrap its #-#-#-#-# line, which then slipped past; and a header
    field holding the words "msgid " made a compendium's header sections read as a message's join."""
    header = ('msgid ""\nmsgstr ""\n"Project-Id-Version: A Call to All Governments open letter translations '
              'project {n}\\n"\n"X-Comment: each msgid is a paragraph\\n"\n'
              '"Content-Type: text/plain; charset=UTF-8\\n"\n\n')
    for n, text in ((1, "un"), (2, "deux")):
        (tmp_path / f"{n}.po").write_text(header.format(n=n) + f'msgid "one"\nmsgstr "{text}"\n', encoding="utf-8")
    joined = subprocess.run([MSGCAT, str(tmp_path / "1.po"), str(tmp_path / "2.po")], capture_output=True,
                            check=True).stdout
    assert b'"#-#-#-#-#  1.po (A Call' in joined and b'#-#-#-#-#  1.po (A Call to All Governments open letter ' \
        b'translations project 1)  #-#-#-#-#' not in joined  # wrapped
    with pytest.raises(POSyntaxError, match="msgcat joined two translations"):
        parse(joined, "joined.po")
    header_only = subprocess.run([MSGCAT, "--use-first", str(tmp_path / "1.po"), str(tmp_path / "2.po")],
                                 capture_output=True, check=True).stdout
    both_headers = joined[:joined.index(b'\nmsgid "one"')] + b'\nmsgid "one"\nmsgstr "un"\n'
    assert len(parse(both_headers, "compendium.po")) == 1 and header_only

