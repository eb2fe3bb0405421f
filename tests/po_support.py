"""What the tests of pipeline.po share: the GNU tools as oracles, catalogs in bytes, the tables
of inputs GNU rejects and accepts, and Hypothesis strategies for whole catalogs.

Every accept/reject decision in the tables is checked against the real GNU
tools (msgfmt/msgcat) when they are installed, so the tables double as a
record of how GNU gettext 0.21 behaves.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import strategies as st

from pipeline.po import dumps

MSGFMT = shutil.which("msgfmt")
MSGCAT = shutil.which("msgcat")


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
    reason=f"po.dumps reproduces GNU gettext 0.21; the installed msgcat "
           f"is {GETTEXT_VERSION or 'missing'}")

# --check minus --check-header: for inputs that are legitimate but that
# msgfmt --check refuses only because they have no (complete) header.
NO_HEADER_CHECK = ("--check-format", "--check-domain")
# --check minus --check-format: format-string consistency between msgid and
# msgstr is not a syntax question and is out of scope for pipeline.po.
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
    ("a flag line moved between msgid and msgstr",
     po_bytes('msgid "a"\n#, fuzzy\nmsgstr "b"\n'), H + 2, "msgfmt", H + 3),
    ("msgid without msgstr before the next message's comments",
     po_bytes(L1 + 'msgid "b"\n\n#: x\nmsgid "c"\nmsgstr ""\n'), H + 4, "msgfmt", None),
    ("msgid without msgstr, the next message's comments right under it",
     po_bytes(L1 + 'msgid "b"\n#: x\nmsgid "c"\nmsgstr ""\n'), H + 4, "msgfmt", None),
    ("comment lines inside a message, its msgid going on after them",
     po_bytes('msgid ""\n"a"\n# one\n# two\n"b"\nmsgstr "x"\n'), H + 3, "msgfmt", None),
    ("msgid without string",
     po_bytes('msgid\nmsgstr "x"\n'), H + 1, "msgfmt", None),
    ("msgid_plural without msgstr[N]",
     po_bytes('msgid "a"\nmsgid_plural "as"\n'), H + 1, "msgfmt", H + 1),
    ("msgid_plural with a plain msgstr",
     po_bytes('msgid "a"\nmsgid_plural "as"\nmsgstr "x"\n'), H + 3, "msgfmt",
     H + 3),
    # (we report the msgstr[0] to mend, GNU the msgid: the English is the template's, a msgid_plural no one's to add)
    ("msgstr[N] without msgid_plural",
     po_bytes('msgid "a"\nmsgstr[0] "x"\n'), H + 2, "msgfmt", H + 1),
    ("plural forms not starting at 0",
     po_bytes('msgid "a"\nmsgid_plural "as"\nmsgstr[1] "x"\nmsgstr[0] "y"\n'),
     H + 3, "msgfmt", H + 3),
    ("gap in plural indices",
     po_bytes('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[2] "y"\n'),
     H + 4, "msgfmt", H + 4),
    ("NUL byte",
     po_bytes(L1 + "\0\n"), H + 4, "msgfmt", H + 4),
    ("merge conflict left in",
     po_bytes(L1 + '<<<<<<< HEAD\nmsgid "b"\nmsgstr "x"\n=======\nmsgid "b"\nmsgstr "y"\n>>>>>>> feature\n'),
     H + 4, "msgfmt", H + 4),
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
     po_bytes('msgid "a"\n# note\nmsgstr "x"\n'), H + 2, "msgfmt", H + 1),
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


# Deliberately stricter than msgfmt: GNU accepts these but silently loses
# data (truncates the string at a NUL, or keeps bytes msgcat then chokes on).
STRICTER = [
    ("escaped NUL", po_bytes('msgid "a"\nmsgstr "ab\\0cd"\n'), H + 2),
    ("raw NUL inside a string", po_bytes('msgid "a"\nmsgstr "ab\0cd"\n'),
     H + 2),
    ("escaped byte that is not UTF-8", po_bytes('msgid "a"\nmsgstr "\\351"\n'),
     H + 2),
]


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


MUTATIONS = ['"', "\\", "#", "#~ ", "#| ", " ", "[1]", "0", "msgid ", "msgstr ",
             "msgctxt ", "msgid_plural ", "msgstr[0] ", "\\n", "\\q", "#, fuzzy",
             "é", ";", '""', '\\"']
# Where we knowingly differ from msgfmt (see the module docstring).
WE_ARE_STRICTER = ("NUL", "charset", "octal/hex escapes", "'#,' lines")


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
