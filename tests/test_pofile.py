"""Tests for pipeline.pofile: strict parsing and msgcat-identical writing.

Every accept/reject decision in the tables is checked against the real GNU
tools (msgfmt/msgcat) when they are installed, so the tables double as a
record of how GNU gettext 0.21 behaves.
"""

from __future__ import annotations

import os
import pickle
import re
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

try:
    from pipeline import pofile
except ImportError:  # pytest run without the repository root on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from pipeline import pofile

from pipeline.pofile import POSyntaxError, dumps, load, parse, save

MSGFMT = shutil.which("msgfmt")
MSGCAT = shutil.which("msgcat")
needs_gettext = pytest.mark.skipif(
    not (MSGFMT and MSGCAT),
    reason="GNU gettext tools (msgfmt, msgcat) are not installed; "
           "apt-get install gettext")


def _gettext_version() -> str | None:
    if not MSGCAT:
        return None
    first = subprocess.run([MSGCAT, "--version"], capture_output=True,
                           text=True).stdout.split("\n", 1)[0]
    return first.rsplit(" ", 1)[-1]


GETTEXT_VERSION = _gettext_version()
# dumps() reproduces GNU gettext 0.21 (as linked with libunistring 1.0);
# other releases wrap some texts differently, so byte comparisons with them
# would test the wrong thing.
same_msgcat = pytest.mark.skipif(
    GETTEXT_VERSION != "0.21",
    reason=f"pofile.dumps reproduces GNU gettext 0.21; the installed msgcat "
           f"is {GETTEXT_VERSION or 'missing'}")

# --check minus --check-header: for inputs that are legitimate but that
# msgfmt --check refuses only because they have no (complete) header.
NO_HEADER_CHECK = ("--check-format", "--check-domain")
# --check minus --check-format: format-string consistency between msgid and
# msgstr is not a syntax question and is out of scope for pofile.
NO_FORMAT_CHECK = ("--check-header", "--check-domain")

HEADER = (
    'msgid ""\n'
    'msgstr ""\n'
    '"Project-Id-Version: letter 1.0\\n"\n'
    '"PO-Revision-Date: 2024-01-01 00:00+0000\\n"\n'
    '"Last-Translator: A Translator <a@example.org>\\n"\n'
    '"Language-Team: French <fr@example.org>\\n"\n'
    '"Language: fr\\n"\n'
    '"MIME-Version: 1.0\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n'
    "\n"
)
H = HEADER.count("\n")  # the body after HEADER starts on line H + 1


def po_bytes(body: str, header: str = HEADER) -> bytes:
    return (header + body).encode("utf-8")


def gnu(tool: str, data: bytes, tmp_path: Path, *options: str,
        name: str = "input.po") -> subprocess.CompletedProcess:
    path = tmp_path / name
    path.write_bytes(data)
    if tool == "msgfmt":
        cmd = [MSGFMT, *(options or ("--check",)), "-o", os.devnull, str(path)]
    else:
        cmd = [MSGCAT, *options, str(path)]
    return subprocess.run(cmd, capture_output=True, timeout=60)


def msgcat_output(text: str, tmp_path: Path, name: str = "input.po") -> str:
    # --force-po: plain msgcat writes nothing for a catalog with only a header
    result = gnu("msgcat", text.encode("utf-8"), tmp_path, "--force-po",
                 name=name)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    return result.stdout.decode("utf-8")


# ---------------------------------------------------------------------------
# Inputs GNU rejects: (id, bytes, line we report, GNU oracle, GNU's line)
# oracle "msgfmt": msgfmt --check fails; "msgcat": msgcat fails (used where
# msgfmt only warns but msgcat cannot process the file at all).
# ---------------------------------------------------------------------------

L1 = "msgid \"a\"\nmsgstr \"x\"\n\n"

BAD = [
    # (GNU reports the line after an unterminated string: it has already
    # consumed the newline)
    ("unterminated string",
     po_bytes('msgid "Hello\nmsgstr "Bonjour"\n'), H + 1, "msgfmt", H + 2),
    ("unterminated string at end of file",
     po_bytes('msgid "Hello"\nmsgstr "Bonj'), H + 2, "msgfmt", H + 2),
    ("invalid escape \\q",
     po_bytes('msgid "a"\nmsgstr "b\\qc"\n'), H + 2, "msgfmt", H + 2),
    ("\\? is not a valid escape for msgfmt",
     po_bytes('msgid "a"\nmsgstr "what\\?"\n'), H + 2, "msgfmt", H + 2),
    ("\\u escapes do not exist",
     po_bytes('msgid "a"\nmsgstr "\\u00e9"\n'), H + 2, "msgfmt", H + 2),
    ("\\x without hex digits",
     po_bytes('msgid "a"\nmsgstr "\\xg"\n'), H + 2, "msgfmt", H + 2),
    ("duplicate msgid",
     po_bytes(L1 + 'msgid "a"\nmsgstr "y"\n'), H + 4, "msgfmt", H + 4),
    ("duplicate msgctxt + msgid",
     po_bytes('msgctxt "c"\nmsgid "a"\nmsgstr "x"\n\n'
              'msgctxt "c"\nmsgid "a"\nmsgstr "y"\n'), H + 6, "msgfmt", H + 6),
    ("obsolete entry duplicating an active one",
     po_bytes(L1 + '#~ msgid "a"\n#~ msgstr "y"\n'), H + 4, "msgfmt", H + 4),
    ("duplicate obsolete entries",
     po_bytes('#~ msgid "a"\n#~ msgstr "x"\n\n#~ msgid "a"\n#~ msgstr "y"\n'),
     H + 4, "msgfmt", H + 4),
    ("msgstr without msgid",
     po_bytes(L1 + 'msgstr "orphan"\n'), H + 4, "msgfmt", H + 4),
    ("truncated file: msgid without msgstr",
     po_bytes(L1 + 'msgid "b"\n'), H + 4, "msgfmt", H + 4),
    ("msgid without string",
     po_bytes('msgid\nmsgstr "x"\n'), H + 1, "msgfmt", None),
    ("msgid_plural without msgstr[N]",
     po_bytes('msgid "a"\nmsgid_plural "as"\n'), H + 1, "msgfmt", H + 1),
    ("msgid_plural with a plain msgstr",
     po_bytes('msgid "a"\nmsgid_plural "as"\nmsgstr "x"\n'), H + 3, "msgfmt",
     H + 3),
    ("msgstr[N] without msgid_plural",
     po_bytes('msgid "a"\nmsgstr[0] "x"\n'), H + 1, "msgfmt", H + 1),
    ("plural forms not starting at 0",
     po_bytes('msgid "a"\nmsgid_plural "as"\nmsgstr[1] "x"\nmsgstr[0] "y"\n'),
     H + 3, "msgfmt", H + 3),
    ("gap in plural indices",
     po_bytes('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[2] "y"\n'),
     H + 4, "msgfmt", H + 4),
    ("NUL byte",
     po_bytes(L1 + "\0\n"), H + 4, "msgfmt", H + 4),
    ("Latin-1 bytes under a UTF-8 header",
     HEADER.encode() + b'msgid "a"\nmsgstr "caf\xe9"\n', H + 2, "msgfmt",
     H + 2),
    ("charset mismatch: UTF-8 bytes under charset=ASCII",
     HEADER.replace("UTF-8", "ASCII").encode()
     + 'msgid "a"\nmsgstr "café"\n'.encode(), H + 2, "msgfmt", H + 2),
    ("non-ASCII in a file without header",
     'msgid "a"\nmsgstr "café"\n'.encode(), 2, "msgfmt", None),
    ("non-ASCII but no charset in the header",
     'msgid ""\nmsgstr "Language: fr\\n"\n\nmsgid "a"\nmsgstr "café"\n'
     .encode(), 5, "msgcat", None),
    ("non-ASCII under the template charset=CHARSET",
     HEADER.replace("UTF-8", "CHARSET").encode()
     + 'msgid "a"\nmsgstr "café"\n'.encode(), H + 2, "msgcat", None),
    ("unknown charset name",
     po_bytes(L1).replace(b"UTF-8", b"UTF8-ish"), 9, "msgcat", None),
    ("unknown keyword",
     po_bytes('msgid "a"\nmsgstring "x"\n'), H + 2, "msgfmt", H + 2),
    ("garbage text outside a string",
     po_bytes(L1 + "hello world\n"), H + 4, "msgfmt", H + 4),
    ("stray punctuation after a string",
     po_bytes('msgid "a" ;\nmsgstr "x"\n'), H + 1, "msgfmt", H + 1),
    ("comment between msgid and msgstr",
     po_bytes('msgid "a"\n# note\nmsgstr "x"\n'), H + 1, "msgfmt", H + 1),
    ("#~ on only some lines of an entry",
     po_bytes('#~ msgid "a"\nmsgstr "x"\n'), H + 2, "msgfmt", H + 2),
    ("#| msgctxt without #| msgid",
     po_bytes('#| msgctxt "old"\nmsgid "a"\nmsgstr "x"\n'), H + 1, "msgfmt",
     None),
    ("#| lines at the end of the file",
     po_bytes(L1 + '#| msgid "old"\n'), H + 4, "msgfmt", None),
    ("comment after #| lines",
     po_bytes('#| msgid "old"\n#, fuzzy\nmsgid "a"\nmsgstr "x"\n'), H + 2,
     "msgfmt", None),
    ("translation does not end with a newline like its msgid",
     po_bytes('msgid "Line\\n"\nmsgstr "Ligne"\n'), H + 2, "msgfmt", H + 2),
    ("plural forms disagree on a leading newline",
     po_bytes('msgid "\\na"\nmsgid_plural "\\nb"\nmsgstr[0] "\\nx"\n'
              'msgstr[1] "y"\n'), H + 3, "msgfmt", H + 3),
    ("EOT character in msgid",
     po_bytes('msgid "a\\004b"\nmsgstr "x"\n'), H + 1, "msgfmt", H + 1),
    ("domain directive",
     po_bytes('domain "other"\n' + L1), H + 1, "msgfmt", H + 1),
    ("nplurals=INTEGER with a translated plural message",
     po_bytes('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\n',
              HEADER.replace("nplurals=2; plural=(n > 1);",
                             "nplurals=INTEGER; plural=EXPRESSION;")),
     H - 1, "msgfmt", None),
    ("3 msgstr[N] but nplurals=2",
     po_bytes('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\n'
              'msgstr[2] "z"\n'), H + 3, "msgfmt", H + 3),
    ("1 msgstr[N] but nplurals=2",
     po_bytes('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\n'), H + 3,
     "msgfmt", H + 3),
    ("translated plural without Plural-Forms",
     po_bytes('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\n',
              HEADER.replace('"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n',
                             "")), H + 2, "msgfmt", H + 2),
    ("invalid plural expression",
     po_bytes(L1, HEADER.replace("plural=(n > 1)", "plural=(n >> 1)")), H - 1,
     "msgfmt", None),
    ("plural expression exceeding nplurals",
     po_bytes(L1, HEADER.replace("nplurals=2;", "nplurals=1;")), H - 1,
     "msgfmt", None),
    ("plural expression dividing by zero",
     po_bytes(L1, HEADER.replace("plural=(n > 1)", "plural=(1 / n)")), H - 1,
     "msgfmt", None),
]


@pytest.mark.parametrize("case", BAD, ids=[c[0] for c in BAD])
def test_bad_input_is_rejected_with_its_line(case):
    name, data, line, _oracle, _gnu_line = case
    with pytest.raises(POSyntaxError) as info:
        parse(data, "cat.po")
    err = info.value
    assert err.line == line, str(err)
    assert err.path == "cat.po"
    assert str(err) == f"cat.po:{line}: {err.reason}"
    assert err.reason and len(err.reason) > 20  # says what to fix


@needs_gettext
@pytest.mark.parametrize("case", BAD, ids=[c[0] for c in BAD])
def test_bad_input_is_rejected_by_gnu_too(case, tmp_path):
    name, data, line, oracle, gnu_line = case
    result = gnu(oracle, data, tmp_path)
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode != 0, f"{oracle} accepted it: {stderr}"
    if oracle == "msgcat":
        # msgfmt only warns about these charset problems, but it does warn.
        warning = gnu("msgfmt", data, tmp_path).stderr.decode("utf-8",
                                                              "replace")
        assert "harset" in warning or "header missing" in warning, warning
    if gnu_line is not None:
        # GNU points at the same place (possibly after the header line)
        lines = [int(n) for n in re.findall(r"input\.po:(\d+):", stderr)]
        assert gnu_line in lines, stderr


# Deliberately stricter than msgfmt: GNU accepts these but silently loses
# data (truncates the string at a NUL, or keeps bytes msgcat then chokes on).
STRICTER = [
    ("escaped NUL", po_bytes('msgid "a"\nmsgstr "ab\\0cd"\n'), H + 2),
    ("raw NUL inside a string", po_bytes('msgid "a"\nmsgstr "ab\0cd"\n'),
     H + 2),
    ("escaped byte that is not UTF-8", po_bytes('msgid "a"\nmsgstr "\\351"\n'),
     H + 2),
]


@pytest.mark.parametrize("case", STRICTER, ids=[c[0] for c in STRICTER])
def test_stricter_than_msgfmt_where_gnu_loses_data(case, tmp_path):
    name, data, line = case
    with pytest.raises(POSyntaxError) as info:
        parse(data)
    assert info.value.line == line
    if MSGCAT:
        cat = gnu("msgcat", data, tmp_path)
        # GNU either truncates the translation or cannot write it back.
        assert cat.returncode != 0 or b'msgstr "ab"' in cat.stdout


# ---------------------------------------------------------------------------
# Legitimate odd inputs
# ---------------------------------------------------------------------------

LATIN1 = (HEADER.replace("UTF-8", "ISO-8859-1").encode("ascii")
          + 'msgid "coffee"\nmsgstr "café"\n'.encode("latin-1"))
TEMPLATE = b"""# SOME DESCRIPTIVE TITLE.
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: PACKAGE VERSION\\n"
"Content-Type: text/plain; charset=CHARSET\\n"
"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"

#: letter.md:3
msgid "One signature"
msgid_plural "%d signatures"
msgstr[0] ""
msgstr[1] ""
"""

GOOD = [
    # id, bytes, msgfmt options (None: --check), check(po)
    ("UTF-8 BOM", b"\xef\xbb\xbf" + po_bytes('msgid "a"\nmsgstr "é"\n'),
     None, lambda po: po[0].msgid == "a" and po[0].msgstr == "é"),
    ("CRLF line ends", po_bytes('# note\nmsgid "a"\nmsgstr "b"\n')
     .replace(b"\n", b"\r\n"), None,
     lambda po: (po[0].tcomment, po[0].msgstr, po.metadata["Language"])
     == ("note", "b", "fr")),
    ("no header", b'msgid "a"\nmsgstr "b"\n', NO_HEADER_CHECK,
     lambda po: po.metadata == {} and len(po) == 1),
    ("empty file", b"", NO_HEADER_CHECK,
     lambda po: po.metadata == {} and len(po) == 0),
    ("Latin-1 file with a matching header", LATIN1, None,
     lambda po: po[0].msgstr == "café"
     and "ISO-8859-1" in po.metadata["Content-Type"]),
    ("obsolete entries", po_bytes(
        'msgid "a"\nmsgstr "b"\n\n# old\n#, fuzzy\n#~| msgid "c0"\n'
        '#~ msgid "c"\n#~ msgstr "d"\n\n#~ msgctxt "x"\n#~ msgid "a"\n'
        '#~ msgstr "e"\n'), None,
     lambda po: [(e.msgid, e.obsolete) for e in po]
     == [("a", False), ("c", True), ("a", True)]
     and po[1].previous_msgid == "c0" and po[1].flags == ["fuzzy"]),
    ("fuzzy header", b"#, fuzzy\n" + po_bytes('msgid "a"\nmsgstr "b"\n'),
     None, lambda po: po.metadata_is_fuzzy == ["fuzzy"]),
    ("strings continued after a blank line", po_bytes(
        'msgid "a"\nmsgstr "b"\n\n"c"\n'), None, lambda po: po[0].msgstr == "bc"),
    ("several tokens on one line", po_bytes(
        'msgid "a" "b" msgstr "c"\nmsgid "d"\nmsgid_plural "ds"\n'
        'msgstr [ 0 ] "e" msgstr[1] "f"\n'), None,
     lambda po: (po[0].msgid, po[1].msgstr_plural) == ("ab", {0: "e", 1: "f"})),
    ("backslash-newline continuation", po_bytes(
        'msgid "a\\\nb"\nmsgstr "x"\n\nmsgid "c"\nmsgstr "y"\n'), None,
     lambda po: po[0].msgid == "ab" and po[1].linenum == H + 5),
    ("octal and hex escapes", po_bytes(
        'msgid "a"\nmsgstr "\\303\\251\\x41\\101\\t\\"\\\\"\n'), None,
     lambda po: po[0].msgstr == 'éAA\t"\\'),
    ("msgctxt \"\" differs from no msgctxt", po_bytes(
        'msgctxt ""\nmsgid "a"\nmsgstr "x"\n\nmsgid "a"\nmsgstr "y"\n'), None,
     lambda po: [e.msgctxt for e in po] == ["", None]),
    ("untranslated plural without Plural-Forms", b'msgid ""\nmsgstr '
     b'"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\n'
     b'msgid_plural "as"\nmsgstr[0] ""\nmsgstr[1] ""\n', NO_HEADER_CHECK,
     lambda po: po[0].msgstr_plural == {0: "", 1: ""}),
    ("fuzzy plural with a wrong number of forms", po_bytes(
        '#, fuzzy\nmsgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\n'), None,
     lambda po: po[0].fuzzy),
    ("template (.pot) with CHARSET and nplurals=INTEGER", TEMPLATE,
     NO_HEADER_CHECK,
     lambda po: po[0].msgid_plural == "%d signatures"
     and po.metadata["Plural-Forms"].startswith("nplurals=INTEGER")),
    ("Solaris-style reference and odd spacing", po_bytes(
        "# File: letter.md, line:7\n#:a.py:1  b.py : 2 c.py: 3 d.py\n"
        '#.  two spaces\nmsgid "a"\nmsgstr "x"\n'), None,
     lambda po: po[0].occurrences == [("letter.md", "7"), ("a.py", "1"),
                                      ("b.py", "2"), ("c.py", "3"),
                                      ("d.py", "")]
     and po[0].comment == " two spaces" and po[0].tcomment == ""),
]


@pytest.mark.parametrize("case", GOOD, ids=[c[0] for c in GOOD])
def test_legit_odd_input_parses(case):
    name, data, _options, check = case
    po = parse(data, "odd.pot" if name.startswith("template") else "odd.po")
    assert check(po)


def test_template_placeholder_plural_forms_is_refused_in_a_catalog():
    # msgfmt --check says "invalid nplurals value" for it, plural messages or not.
    with pytest.raises(POSyntaxError, match="nplurals"):
        parse(TEMPLATE, "de.po")


@needs_gettext
@pytest.mark.parametrize("case", GOOD, ids=[c[0] for c in GOOD])
def test_legit_odd_input_is_accepted_by_msgfmt(case, tmp_path):
    name, data, options, _check = case
    pot = name.startswith("template")
    if data.startswith(b"\xef\xbb\xbf"):
        # GNU gettext 0.21 itself chokes on a BOM ("syntax error" on line
        # 1); everything after the BOM must be fine.
        assert gnu("msgfmt", data, tmp_path).returncode != 0
        data = data[3:]
    result = gnu("msgfmt", data, tmp_path, *(options or ("--check",)),
                 name="input.pot" if pot else "input.po")
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    if GETTEXT_VERSION == "0.21":
        # and what we write back is what msgcat writes
        text = dumps(parse(data, "input.pot" if pot else "input.po"))
        assert msgcat_output(text, tmp_path,
                             "input.pot" if pot else "input.po") == text


def test_parse_fields_and_line_numbers():
    data = po_bytes(
        "# translator line 1\n#\n# line 3\n#. extracted\n#: a.py:1 b.py:22\n"
        "#: c.py\n#, python-format, fuzzy\n#| msgctxt \"oldctx\"\n"
        '#| msgid "old %s"\n#| msgid_plural "olds"\nmsgctxt "menu"\n'
        'msgid "File %s"\nmsgid_plural "Files %s"\nmsgstr[0] "Fichier %s"\n'
        'msgstr[1] "Fichiers %s"\n\nmsgid ""\n"multi "\n"line"\nmsgstr "x"\n')
    po = parse(data)
    e = po[0]
    assert e.tcomment == "translator line 1\n\nline 3"
    assert e.comment == "extracted"
    assert e.occurrences == [("a.py", "1"), ("b.py", "22"), ("c.py", "")]
    assert e.flags == ["python-format", "fuzzy"]
    assert (e.previous_msgctxt, e.previous_msgid, e.previous_msgid_plural) \
        == ("oldctx", "old %s", "olds")
    assert (e.msgctxt, e.msgid, e.msgid_plural) == ("menu", "File %s",
                                                    "Files %s")
    assert e.msgstr_plural == {0: "Fichier %s", 1: "Fichiers %s"}
    assert e.linenum == H + 11
    assert po[1].msgid == "multi line" and po[1].linenum == H + 17
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert list(po.metadata)[0] == "Project-Id-Version"
    assert po.header == "" and not po.metadata_is_fuzzy
    assert all(e.msgid for e in po)  # the header is not an entry


def test_polib_would_have_accepted_what_we_reject():
    # The reason this module exists: polib silently truncates.
    data = po_bytes('msgid "Hello\nmsgstr "x"\n')
    with pytest.raises(POSyntaxError):
        parse(data)


def test_error_is_picklable_and_a_valueerror():
    err = POSyntaxError("x.po", 3, "broken")
    again = pickle.loads(pickle.dumps(err))
    assert isinstance(again, ValueError)
    assert (again.path, again.line, again.reason, str(again)) == \
        ("x.po", 3, "broken", "x.po:3: broken")


def test_load_sets_fpath(tmp_path):
    path = tmp_path / "fr.po"
    path.write_bytes(po_bytes('msgid "a"\nmsgstr "b"\n'))
    po = load(path)
    assert po.fpath == str(path) and po[0].msgstr == "b"
    path.write_bytes(po_bytes('msgid "a\nmsgstr "b"\n'))
    with pytest.raises(POSyntaxError, match=re.escape(f"{path}:{H + 1}:")):
        load(path)


# ---------------------------------------------------------------------------
# Writing: msgcat rules, each with its expected text
# ---------------------------------------------------------------------------

def entry(**kw) -> polib.POEntry:
    return polib.POEntry(**kw)


def catalog(*entries: polib.POEntry, **metadata: str) -> polib.POFile:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", **metadata}
    po.extend(entries)
    return po


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
        dumps(catalog(entry(msgid="a", msgstr="1"), entry(msgid="a",
                                                         msgstr="2")))
    with pytest.raises(ValueError, match="EOT"):
        dumps(catalog(entry(msgid="a\x04b", msgstr="")))


def test_comment_ending_in_backslash_stays_one_line():
    po = catalog(entry(msgid="a", msgstr="b", tcomment="C:\\"))
    text = dumps(po)
    assert "# C:\\ \n" in text
    assert parse(text.encode())[0].tcomment == "C:\\ "


# ---------------------------------------------------------------------------
# Property tests
# ---------------------------------------------------------------------------

# Characters a PO string can carry through msgcat: anything encodable except
# NUL (C string terminator) and U+0004 (msgctxt separator, msgfmt rejects).
any_char = st.characters(codec="utf-8", exclude_characters="\x00\x04")
special = st.sampled_from(list(
    '"\\\t\n  %{}()[]:.,;!?-/' "日本語中文한국어" "مرحبا" "שלום"
    "e\u0301a\u0308\u0327\u200d\u200b\u00a0\u3000\u00ad\u2028"
    "👍🏽🇫🇷🇩🇪👨‍👩‍👧" "Привет" "ÄÖÜß"))
directive = st.sampled_from(["%s", "%d", "%(name)s", "%(a b)s", "% d",
                             "%1$s", "{0}", "{name}", "{x:>10}", "%%",
                             "%.2f", "%<PRId64>"])
word = st.text(st.sampled_from("abcdefghij"), min_size=1, max_size=12)
long_word = st.text(st.sampled_from("xyz"), min_size=60, max_size=120)
piece = st.one_of(any_char, special, special, word, word, st.just(" "),
                  directive, long_word)
text = st.lists(piece, max_size=40).map("".join)
short = st.lists(piece, max_size=6).map("".join)
comment_line = st.lists(st.one_of(word, st.just(" "), special, any_char),
                        max_size=10).map("".join).filter(
    lambda s: "\n" not in s and "\r" not in s)
comment_text = st.lists(comment_line, min_size=1, max_size=3).map("\n".join)
filename = st.text(st.sampled_from("abcdefgh_/.-"), min_size=1,
                   max_size=30).filter(lambda f: not f.startswith("./"))
reference = st.tuples(filename, st.one_of(st.just(""),
                                          st.integers(0, 99999).map(str)))
FORMAT_FLAGS = ["c-format", "objc-format", "python-format",
                "python-brace-format", "no-c-format", "no-python-format"]
FORMAT_ORDER = ["c", "objc", "python", "python-brace"]  # GNU's order


def format_language(flag: str) -> str:
    return flag.removeprefix("no-").removesuffix("-format")


def align_newlines(e: polib.POEntry) -> None:
    """msgfmt refuses translations whose leading/trailing newlines differ
    from the msgid's; make generated translations agree."""
    def like_msgid(text: str) -> str:
        core = text.strip("\n") or "x"
        return (("\n" if e.msgid.startswith("\n") else "") + core
                + ("\n" if e.msgid.endswith("\n") else ""))
    if e.msgstr_plural:
        e.msgid_plural = like_msgid(e.msgid_plural)
        e.msgstr_plural = {k: like_msgid(v) for k, v in e.msgstr_plural.items()}
    else:
        e.msgstr = like_msgid(e.msgstr)
    if not (e.msgstr_plural[0] if e.msgstr_plural else e.msgstr):
        if e.msgstr_plural:
            e.msgstr_plural[0] = like_msgid("x")
        else:
            e.msgstr = like_msgid("x")


@st.composite
def po_entries(draw, nplurals: int, obsolete: bool) -> polib.POEntry:
    e = polib.POEntry(msgid=draw(text), obsolete=obsolete)
    if draw(st.booleans()):
        e.msgctxt = draw(short)
    if draw(st.integers(0, 3)) == 0:
        e.msgid_plural = draw(text)
        e.msgstr_plural = {i: draw(text) for i in range(nplurals)}
        first = e.msgstr_plural[0]
    else:
        e.msgstr = draw(text)
        first = e.msgstr
    if obsolete and not first:
        return e  # dropped by msgcat; filtered out by the caller
    if first:
        align_newlines(e)
    if draw(st.booleans()):
        e.tcomment = draw(comment_text)
    if draw(st.integers(0, 3)) == 0:
        e.comment = draw(comment_text)
    e.occurrences = draw(st.lists(reference, max_size=8, unique=True))
    flags = []
    if draw(st.booleans()):
        flags.append("fuzzy")
    formats = draw(st.lists(st.sampled_from(FORMAT_FLAGS), max_size=2,
                            unique_by=format_language))
    flags += sorted(formats, key=lambda f: FORMAT_ORDER.index(
        format_language(f)))
    if not obsolete and draw(st.integers(0, 5)) == 0:
        flags.append("range: 1..9")
    if draw(st.integers(0, 5)) == 0:
        flags.append("no-wrap")
    e.flags = flags
    if draw(st.integers(0, 3)) == 0:
        e.previous_msgid = draw(text)
        if draw(st.booleans()):
            e.previous_msgctxt = draw(short)
        if draw(st.booleans()):
            e.previous_msgid_plural = draw(short)
    return e


@st.composite
def catalogs(draw) -> polib.POFile:
    nplurals = draw(st.integers(1, 3))
    po = polib.POFile()
    po.metadata = {
        "Project-Id-Version": "letter 1.0",
        "Language": draw(st.sampled_from(["fr", "ja", "ar", "zh_CN"])),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": f"nplurals={nplurals}; plural="
                        + ["0", "(n != 1)", "(n==1 ? 0 : n<5 ? 1 : 2)"][
                            nplurals - 1] + ";",
    }
    if draw(st.booleans()):
        po.header = draw(comment_text)
    po.metadata_is_fuzzy = ["fuzzy"] if draw(st.booleans()) else []
    key = lambda e: (e.msgctxt, e.msgid)  # noqa: E731
    active = draw(st.lists(po_entries(nplurals, False), max_size=8,
                           unique_by=key))
    old = draw(st.lists(po_entries(nplurals, True), max_size=3,
                        unique_by=key))
    seen = set()
    for e in active + old:
        first = e.msgstr_plural[0] if e.msgstr_plural else e.msgstr
        if key(e) in seen or (e.msgctxt is None and not e.msgid) \
                or (e.obsolete and not first):
            continue
        seen.add(key(e))
        po.append(e)
    return po


def kept_comment(text: str) -> str:
    """A comment line ending in a backslash gets a trailing space (GNU would
    otherwise join it with the next line)."""
    return "\n".join(line + " " if line.endswith("\\") else line
                     for line in text.split("\n")) if text else ""


def expected_fields(e: polib.POEntry) -> tuple:
    """What msgcat keeps of an entry built by the strategies above."""
    first = e.msgstr_plural[0] if e.msgstr_plural else e.msgstr
    flags = [f for f in e.flags
             if not (f == "fuzzy" and not first and not e.obsolete)]
    comment = kept_comment
    return (e.msgctxt, e.msgid, e.msgid_plural or None, e.msgstr,
            dict(e.msgstr_plural), e.obsolete, comment(e.tcomment),
            comment(e.comment), list(e.occurrences), flags,
            e.previous_msgctxt, e.previous_msgid, e.previous_msgid_plural)


def parsed_fields(e: polib.POEntry) -> tuple:
    return (e.msgctxt, e.msgid, e.msgid_plural or None, e.msgstr,
            dict(e.msgstr_plural), e.obsolete, e.tcomment, e.comment,
            list(e.occurrences), e.flags, e.previous_msgctxt,
            e.previous_msgid, e.previous_msgid_plural)


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


po_alphabet = st.sampled_from(list('msgidtrx_plural[]012"\\#~|,. :\n\té'))


@settings(max_examples=100, deadline=None)
@given(data=st.one_of(st.binary(max_size=200),
                      st.text(po_alphabet, max_size=200).map(str.encode)))
def test_parse_never_fails_other_than_posyntaxerror(data):
    try:
        po = parse(HEADER.encode() + data)
    except POSyntaxError:
        return
    assert dumps(po) is not None


MUTATIONS = ['"', "\\", "#", "#~ ", "#| ", " ", "[1]", "0", "msgid ", "msgstr ",
             "msgctxt ", "msgid_plural ", "msgstr[0] ", "\\n", "\\q", "#, fuzzy",
             "é", ";", '""', '\\"']
# Where we knowingly differ from msgfmt (see the module docstring).
WE_ARE_STRICTER = ("NUL", "charset", "octal/hex escapes")


def damaged(po: polib.POFile, edits: list[tuple[str, int, int, str]]) -> bytes:
    """The catalog as written, with lines edited: a token inserted, a line deleted,
    duplicated or joined with the next, a blank line inserted."""
    lines = dumps(po).split("\n")
    for op, a, b, token in edits:
        k = a % len(lines)
        if op == "insert":
            pos = b % (len(lines[k]) + 1)
            lines[k] = lines[k][:pos] + token + lines[k][pos:]
        elif op == "delete":
            del lines[k]
        elif op == "duplicate":
            lines.insert(k, lines[b % len(lines)])
        elif op == "blank":
            lines.insert(k, "")
        elif k + 1 < len(lines):
            lines[k:k + 2] = [lines[k] + lines[k + 1]]
        if not lines:
            lines = [""]
    return "\n".join(lines).encode("utf-8")


def line_edits(*ops: str, min_size: int = 0) -> st.SearchStrategy:
    return st.lists(st.tuples(st.sampled_from(ops), st.integers(0, 10 ** 6), st.integers(0, 10 ** 6),
                              st.sampled_from(MUTATIONS)), min_size=min_size, max_size=3)


@needs_gettext
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow,
                                 HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(po=catalogs(), edits=line_edits("insert", "delete", "duplicate", "join", min_size=1))
def test_parse_agrees_with_msgfmt_on_damaged_files(po, edits, tmp_path):
    data = damaged(po, edits)
    try:
        parse(data)
        ours = None
    except POSyntaxError as exc:
        ours = exc
    result = gnu("msgfmt", data, tmp_path, *NO_FORMAT_CHECK)
    stderr = result.stderr.decode("utf-8", "replace")
    if ours is None:
        assert result.returncode == 0 or "header missing" in stderr, stderr
    elif result.returncode == 0:
        assert any(m in ours.reason for m in WE_ARE_STRICTER), (ours, stderr)


# ---------------------------------------------------------------------------
# The block reading against the line-by-line reading
# ---------------------------------------------------------------------------

def _read_line_by_line(self, text: str) -> None:
    """The reference reading: every line through the token state machine."""
    lines, linenos = pofile._split_lines(text)
    self.run(lines, linenos)
    self.eof(linenos[-1] if linenos else len(lines))


def outcome(data: bytes) -> tuple:
    """Everything parse() gives: the entries with their line numbers and the
    header, or the error with its line."""
    try:
        po = parse(data, "cat.po")
    except POSyntaxError as exc:
        return ("error", exc.line, exc.reason)
    return ([parsed_fields(e) + (e.linenum,) for e in po], po.metadata,
            po.header, po.metadata_is_fuzzy)


def both_readings(data: bytes) -> tuple[tuple, tuple]:
    fast = outcome(data)
    with mock.patch.object(pofile._Parser, "read", _read_line_by_line):
        reference = outcome(data)
    return fast, reference


@pytest.mark.parametrize("data", [c[1] for c in BAD + STRICTER + GOOD],
                         ids=[c[0] for c in BAD + STRICTER + GOOD])
def test_block_reading_equals_line_reading_on_the_tables(data):
    fast, reference = both_readings(data)
    assert fast == reference


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(po=catalogs(), edits=line_edits("insert", "delete", "duplicate", "join", "blank"))
def test_block_reading_equals_line_reading_on_damaged_files(po, edits):
    """Same entries, same line numbers and the same first error, whatever
    mix of plain and unusual entries a file has."""
    fast, reference = both_readings(damaged(po, edits))
    assert fast == reference


def test_block_reading_takes_the_plain_entries_in_blocks():
    """The shortcut is taken: a plain entry never reaches the line reading,
    an obsolete one does, and the reading resumes after it."""
    body = (L1 + '\n#~ msgid "old"\n#~ msgstr "vieux"\n\n'
            '#. note\n#: a.md:3 b.md:4\nmsgctxt "c"\nmsgid "b"\nmsgstr "y"\n')
    seen: list[str] = []
    original = pofile._Parser.run

    def spy(self, lines, linenos):
        seen.extend(line for line in lines if line)
        return original(self, lines, linenos)

    with mock.patch.object(pofile._Parser, "run", spy):
        po = parse(po_bytes(body))
    assert seen == ['#~ msgid "old"', '#~ msgstr "vieux"']
    assert [(e.msgid, e.obsolete, e.linenum) for e in po] == [
        ("a", False, H + 1), ("old", True, H + 5), ("b", False, H + 10)]
    assert po[2].occurrences == [("a.md", "3"), ("b.md", "4")]


# ---------------------------------------------------------------------------
# parse_strings(): what publishing reads, against parse()
# ---------------------------------------------------------------------------

def strings_by_parse(data: bytes) -> dict | tuple:
    """parse_strings' promise, from parse(): the translations, or parse's error."""
    try:
        po = parse(data, "cat.po")
    except POSyntaxError as exc:
        return ("error", exc.line, exc.reason)
    return {(e.msgctxt, e.msgid): (e.msgstr, e.fuzzy) for e in po if not e.obsolete}


def strings_read(data: bytes) -> dict | tuple:
    try:
        return pofile.parse_strings(data, "cat.po")
    except POSyntaxError as exc:
        return ("error", exc.line, exc.reason)


def checked_fields(catalog) -> tuple:
    """What check reads of a catalog: its metadata, and each active entry's texts, flags,
    translator comment and line."""
    return (catalog.metadata, [(e.msgctxt, e.msgid, e.msgstr, list(e.flags), e.fuzzy, e.tcomment, e.linenum)
                               for e in catalog if not e.obsolete])


def checked_by_parse(data: bytes) -> tuple:
    """parse_checked's promise, from parse(): what check reads, or parse's error."""
    try:
        return checked_fields(parse(data, "cat.po"))
    except POSyntaxError as exc:
        return ("error", exc.line, exc.reason)


def checked_read(data: bytes) -> tuple:
    try:
        return checked_fields(pofile.parse_checked(data, "cat.po"))
    except POSyntaxError as exc:
        return ("error", exc.line, exc.reason)


def assert_strings_agree(data: bytes) -> None:
    """The shortcuts, when they take a file, read what parse() reads, and never take a file
    parse() refuses; parse_strings and parse_checked as a whole give parse()'s answer or error."""
    expected = strings_by_parse(data)
    plain = pofile._plain_strings(data.removeprefix(b"\xef\xbb\xbf"), "cat.po")
    if plain is not None:
        assert plain == expected
    assert strings_read(data) == expected
    expected = checked_by_parse(data)
    plain = pofile._plain_checked(data.removeprefix(b"\xef\xbb\xbf"), "cat.po")
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
def test_parse_strings_takes_every_plain_catalog_msgcat_writes(po):
    """The shortcut is not a rare path: whatever msgcat writes without obsolete, plural or
    '#|' lines is read by it (escapes, fuzzy flags, contexts and comments included)."""
    data = dumps(po).encode("utf-8")
    assert pofile._plain_strings(data, "cat.po") == strings_by_parse(data)
    checked = pofile._plain_checked(data, "cat.po")
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
    ("#, c-format\n#, fuzzy\n", True),   # polib keeps the flags of every line
    ("#, fuzzy\n#, c-format\n", True),
    ("# fuzzy, said the translator\n", False),
    ("#. fuzzy\n", False),
    ("#, fuzzy-ish\n", False),
    ("", False),
])
def test_parse_strings_reads_the_fuzzy_flag_as_polib(comments, fuzzy):
    data = po_bytes(comments + 'msgid "a"\nmsgstr "x"\n')
    assert pofile._plain_strings(data, "cat.po") == {(None, "a"): ("x", fuzzy)}
    assert strings_by_parse(data) == {(None, "a"): ("x", fuzzy)}


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
        assert pofile._plain_strings(data, "cat.po") is None and pofile._plain_checked(data, "cat.po") is None
        assert strings_read(data) == strings_by_parse(data)
        assert checked_read(data) == checked_by_parse(data)


def test_parse_strings_reads_the_shipped_catalogs_without_parse():
    catalogs_found = sorted(Path(__file__).parent.parent.glob("locales/*/LC_MESSAGES/letter.po"))
    assert catalogs_found
    for path in catalogs_found:
        with mock.patch.object(pofile, "parse", side_effect=AssertionError("parse() was called")):
            strings = pofile.parse_strings(path.read_bytes(), str(path))
            checked = pofile.parse_checked(path.read_bytes(), str(path))
        assert strings == strings_by_parse(path.read_bytes())
        assert checked_fields(checked) == checked_by_parse(path.read_bytes())


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


# ---------------------------------------------------------------------------
# metadata()
# ---------------------------------------------------------------------------

def test_metadata_reads_the_header_in_its_charset_and_not_the_messages():
    latin1 = HEADER.replace("charset=UTF-8", "charset=ISO-8859-1").replace(
        "A Translator", "Ren\u00e9")
    broken_later = latin1 + 'msgid "a"\nmsgstr "never closed\n'
    fields = pofile.metadata(broken_later.encode("latin-1"))
    assert fields["Last-Translator"] == "Ren\u00e9 <a@example.org>"
    assert fields["Language"] == "fr"
    with pytest.raises(POSyntaxError):
        parse(broken_later.encode("latin-1"))


def test_metadata_of_a_file_without_header_is_empty_and_a_broken_start_raises():
    assert pofile.metadata(b'msgid "a"\nmsgstr "x"\n') == {}
    with pytest.raises(POSyntaxError) as info:
        pofile.metadata(b'msgid ""\nmsgstr "\n')
    assert info.value.line == 2


def test_references_are_read_when_first_asked_in_file_order():
    body = ('# File: old.c, line:7\n#: a.md:3 b.md:4\n#: c.md\nmsgid "a"\nmsgstr "x"\n')
    entry = parse(po_bytes(body))[0]
    assert isinstance(entry, pofile.POEntry) and isinstance(entry, polib.POEntry)
    assert entry._unread is not None  # not split yet
    assert entry.occurrences == [("old.c", "7"), ("a.md", "3"), ("b.md", "4"), ("c.md", "")]
    again = pickle.loads(pickle.dumps(parse(po_bytes(body))[0]))
    assert again.occurrences == entry.occurrences
    po = parse(po_bytes(body))
    po[0].occurrences = [("z.md", "1")]
    assert po[0].occurrences == [("z.md", "1")]
    assert "#: z.md:1\n" in dumps(po) and "a.md" not in dumps(po)


def test_entries_read_have_every_attribute_polib_gives_and_none_shared():
    body = 'msgid "a"\nmsgstr "x"\n\n#, fuzzy\nmsgctxt "c"\nmsgid "b"\nmsgstr "y"\n'
    first, second = parse(po_bytes(body))
    made = polib.POEntry(msgid="a", msgstr="x", linenum=first.linenum)
    assert {name: getattr(first, name) for name in vars(made)} == vars(made)
    assert first.msgstr_plural is not second.msgstr_plural and first.flags is not second.flags
    assert first.occurrences is not second.occurrences
    assert second.flags == ["fuzzy"] and second.msgctxt == "c" and second.fuzzy
