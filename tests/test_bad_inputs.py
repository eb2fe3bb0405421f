"""A corpus of bad inputs, each with the outcome a user should see.

Every case breaks one file of a project that has a French catalog (fully
reviewed) and a German one (in progress), runs a command, and expects: the exit
code, one clear line naming the file and line, no traceback, no file of the
project modified, and where it makes sense the other locale still processed.
Legitimate oddities (a BOM, CRLF line endings, a Latin-1 catalog that says so)
are handled as usual.
"""
from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

DE = "locales/de/LC_MESSAGES/letter.po"
HEADER = (b'msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          b'"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')


@dataclass(frozen=True)
class Case:
    name: str
    file: str                      # the file to break, relative to the project
    break_it: object               # bytes to write, or a function old bytes → new bytes
    command: tuple[str, ...]
    exit_code: int
    message: str                   # a regular expression the output must match
    others_processed: bool = False  # the French edition is still built or checked
    also: tuple[tuple[str, bytes], ...] = ()  # more files to write first


def replace(old: bytes, new: bytes, count: int = 1):
    def apply(data: bytes) -> bytes:
        assert old in data, old
        return data.replace(old, new, count)
    return apply


def append(extra: bytes):
    return lambda data: data + extra


def conflict_at(line: int, theirs: bytes):
    """The file as git leaves it when another branch changed its line ``line`` to ``theirs``: the
    ``<<<<<<<`` marker then takes that line's number."""
    def apply(data: bytes) -> bytes:
        lines = data.splitlines(keepends=True)
        lines[line - 1] = b"<<<<<<< HEAD\n" + lines[line - 1] + b"=======\n" + theirs + b">>>>>>> feature\n"
        return b"".join(lines)
    return apply


#: What every file read with a merge conflict left in it says, at the line of its ``<<<<<<<`` marker.
CONFLICT = r"a merge conflict is left in the file \(the lines git marks with <<<<<<<, ======= and >>>>>>>\); "
KEEP_ONE_SIDE = CONFLICT + r"keep the text you want of the two sides, and delete the marker lines$"


PO = [
    Case("unterminated string", DE, replace(b'msgid "Signatories"', b'msgid "Signatories'),
         ("build",), 2, rf"{DE}:\d+: error: .*(unterminated|end of line)", True),
    Case("bad escape", DE, replace(b'msgid "Signatories"', b'msgid "Signa\\qtories"'),
         ("check",), 2, rf"{DE}:\d+: error: \[syntax\] .*escape", True),
    *(Case(f"duplicate msgid ({command})", DE, append(b'\nmsgid "Signatories"\nmsgstr "Unterzeichnende"\n'),
           (command,), 2, rf"{DE}:\d+: error: {label}duplicate message: the same msgid is already defined at line "
           r"\d+ .*; its translation there is empty, here 'Unterzeichnende': keep the message whose translation you "
           "want", True)
      for command, label in (("check", r"\[syntax\] "), ("build", ""), ("update", ""))),
    Case("msgstr without msgid", DE, append(b'\nmsgstr "verloren"\n'),
         ("update",), 2, rf"{DE}:\d+: error: .*msgstr", True),
    Case("charset header does not match the bytes", DE, replace(b'"Language: de\\n"', b'"Language: d\xe9\\n"'),
         ("build",), 2, rf"{DE}:\d+: error: .*UTF-8", True),
    Case("NUL byte", DE, replace(b'msgid "Signatories"', b'msgid "Signa\x00tories"'),
         ("check",), 2, rf"{DE}:\d+: error: \[syntax\] .*NUL", True),
    Case("truncated file", DE, lambda data: data[: data.index(b'msgid "Signatories"') + 19],
         ("build",), 2, rf"{DE}:\d+: error: .*msgstr", True),
    Case("merge conflict left in", DE, replace(b'msgid "Signatories"\nmsgstr ""',
                                               b'<<<<<<< HEAD\nmsgid "Signatories"\nmsgstr "Unterzeichner"\n=======\n'
                                               b'msgid "Signatories"\nmsgstr "Unterzeichnende"\n>>>>>>> theirs'),
         ("check",), 2, rf"{DE}:\d+: error: \[syntax\] a merge conflict is left in the file", True),
    Case("half a merge conflict left in", DE, replace(b'msgid "Signatories"\nmsgstr ""',
                                                    b'msgid "Signatories"\nmsgstr "Unterzeichner"\n=======\n'
                                                    b'msgid "Signatories"\nmsgstr "Unterzeichnende"\n>>>>>>> theirs'),
         ("check",), 2, rf"{DE}:\d+: error: \[syntax\] a line of a merge conflict's markers is left in the file "
                        r"\(git marks a conflict with <<<<<<<, ======= and >>>>>>> lines; some of them are gone here\)",
         True),
    *(Case(f"saved as UTF-16, Notepad's Unicode ({command})", DE,
           lambda data: codecs.BOM_UTF16_LE + data.decode("utf-8").encode("utf-16-le"), (command,), 2,
           rf"{DE}:1: error: {label}the file is saved as UTF-16 \(what Windows Notepad calls Unicode\), which "
           "gettext cannot read: save it as UTF-8", True)
      for command, label in (("check", r"\[syntax\] "), ("build", ""))),
    *(Case(f"saved as UTF-16 without a byte order mark ({encoding})", DE,
           lambda data, encoding=encoding: data.decode("utf-8").encode(encoding), ("check",), 2,
           rf"{DE}:1: error: \[syntax\] the file is saved as UTF-16", True)
      for encoding in ("utf-16-le", "utf-16-be")),
    Case("lines ending in CR alone", DE, lambda data: data.replace(b"\n", b"\r"),
         ("check",), 2, rf"{DE}:1: error: \[syntax\] its lines end in a carriage return alone", True),
    Case("garbage line", DE, append(b'\nthis is not a PO file\n'),
         ("check",), 2, rf"{DE}:\d+: error: \[syntax\]", True),
    Case("unknown charset", DE, replace(b"charset=UTF-8", b"charset=KLINGON-8"),
         ("check",), 2, rf"{DE}:\d+: error: \[syntax\] .*charset", True),
    Case("msgstr[0] without msgid_plural", DE, append(b'\nmsgid "extra"\nmsgstr[0] "x"\n'),
         ("check",), 2, rf"{DE}:\d+: error: \[syntax\]", True),
    Case("template header nplurals=INTEGER with a plural message", DE,
         lambda data: data.replace(b"nplurals=2; plural=(n != 1);", b"nplurals=INTEGER; plural=EXPRESSION;")
         + b'\nmsgid "one"\nmsgid_plural "many"\nmsgstr[0] ""\nmsgstr[1] ""\n',
         ("check",), 2, rf"{DE}:\d+: error: \[syntax\] .*(Plural-Forms|nplurals)", True),
    # Legitimate oddities: read as usual.
    Case("UTF-8 BOM", DE, lambda data: b"\xef\xbb\xbf" + data,
         ("check",), 0, r"no findings in 2 locales|warning", True),
    Case("CRLF line endings", DE, lambda data: data.replace(b"\n", b"\r\n"), ("build",), 0, r"built 2 editions", True),
    Case("Latin-1 catalog that says so", DE,
         lambda data: data.decode().replace("charset=UTF-8", "charset=ISO-8859-1").encode("iso-8859-1", "replace"),
         ("build",), 0, r"built 2 editions", True),
    # An editor saved it as UTF-8, under the old header: read as Latin-1, every ü would be garbled.
    Case("UTF-8 catalog that says Latin-1", DE, replace(b"charset=UTF-8", b"charset=ISO-8859-1"),
         ("check",), 2, rf"{DE}:\d+: error: \[syntax\] the header says charset=ISO-8859-1, but the file is UTF-8",
         True),
    Case("UTF-8 catalog that says Latin-1, updated", DE, replace(b"charset=UTF-8", b"charset=ISO-8859-1"),
         ("update",), 2, rf"{DE}:\d+: error: the header says charset=ISO-8859-1, but the file is UTF-8", True),
    Case("empty catalog", DE, b"", ("build",), 2, rf"{DE}: error: the catalog is empty", True),
    Case("empty catalog, updated", DE, b"\n", ("update",), 2, rf"{DE}: error: the catalog is empty", True),
    Case("no header", DE, b'msgid "Signatories"\nmsgstr ""\n', ("check", "de"), 0, r"warning: \[header\]", False),
    Case("wrong Plural-Forms for the language", DE,  # with a plural message, which shows a form
         lambda data: data.replace(b"nplurals=2; plural=(n != 1);", b"nplurals=3; plural=(n > 1);")
         + b'\nmsgid "one file"\nmsgid_plural "{n} files"\nmsgstr[0] "eine"\nmsgstr[1] "zwei"\nmsgstr[2] "drei"\n',
         ("check", "--strict", "de"), 1, rf"{DE}:15: error: \[header\] Plural-Forms says nplurals=3", False),
]

SOURCE = [
    Case("front matter never closed", "source/letter.md", replace(b"publisher: CyberPeace Institute\n---",
                                                                  b"publisher: CyberPeace Institute\n"),
         ("build",), 2, r"source/letter\.md:1: error: the front matter opened here is never closed"),
    Case("front matter not YAML", "source/letter.md", replace(b"date: 2020-05-26", b"date: [2020"),
         ("extract",), 2, r"source/letter\.md:\d+: error: the front matter is not valid YAML"),
    Case("no title", "source/letter.md", replace(b"title:", b"headline:"),
         ("extract",), 2, r"source/letter\.md:2: error: unknown front matter field 'headline'"),
    Case("signatory without a name", "source/signatories.yaml", replace(b"- name: Dapo Akande\n", b"- \n"),
         ("build",), 2, r"source/signatories\.yaml:\d+: error: "),
    Case("signatory with an unknown field", "source/signatories.yaml",
         replace(b"  role: Former Taoiseach\n", b"  role: Former Taoiseach\n  rank: 3\n"),
         ("extract",), 2, r"source/signatories\.yaml:\d+: error: unknown signatory field 'rank'"),
    Case("duplicated signatory", "source/signatories.yaml", append(b"\n- name: Brad Smith\n"),
         ("extract",), 2, r"source/signatories\.yaml:\d+: error: 'Brad Smith' is listed twice"),
    Case("signatory field that is a list", "source/signatories.yaml",
         replace(b"  role: Former Taoiseach\n", b"  role: [Former Taoiseach]\n"),
         ("check",), 2, r"source/signatories\.yaml:\d+: error: 'role' must be one text, not a list"),
    Case("signatory whose '-' has no space after it", "source/signatories.yaml",
         replace(b"- name: Dapo Akande\n", b"-name: Dapo Akande\n"), ("extract",), 2,
         r"source/signatories\.yaml:18: error: not valid YAML: a signatory starts with '- ', a space after the '-': "
         r"write '- name: Dapo Akande'$"),
    Case("signatory's field indented with a tab", "source/signatories.yaml",
         replace(b"  role: Former Taoiseach\n", b"\trole: Former Taoiseach\n"), ("build",), 2,
         r"source/signatories\.yaml:36: error: not valid YAML: this line is indented with a tab, and YAML indents "
         r"with spaces only"),
    # Not an underlined heading, nor a YAML syntax error: a merge left its conflict in the file.
    Case("merge conflict left in the letter", "source/letter.md",
         conflict_at(9, b"Over the past weeks, hospitals have been attacked.\n"),
         ("extract",), 2, r"(?m)^source/letter\.md:9: error: " + KEEP_ONE_SIDE),
    Case("merge conflict left in the signatories", "source/signatories.yaml",
         conflict_at(187, b"- name: Bradford L. Smith\n"),
         ("build",), 2, r"(?m)^source/signatories\.yaml:187: error: " + KEEP_ONE_SIDE),
    Case("diff3 merge conflict left in the signatories", "source/signatories.yaml",
         replace(b"- name: Brad Smith\n", b"<<<<<<< HEAD\n- name: Brad Smith\n||||||| base\n- name: Bradford Smith\n"
                                          b"=======\n- name: Bradford L. Smith\n>>>>>>> feature\n"),
         ("extract",), 2, r"(?m)^source/signatories\.yaml:\d+: error: a merge conflict is left in the file \(the lines "
                          r"git marks with <<<<<<<, ======= and >>>>>>>; the lines from \|\|\|\|\|\|\| to ======= are "
                          r"the text both sides started from, to delete too\); keep the text"),
]

GLOSSARY = b'"Red Cross" = "Rotes Kreuz"\n"World Health Organization" = "Weltgesundheitsorganisation"\n'


def glossary_line(name: str, line: bytes, said: str) -> Case:
    """A line added to a German glossary of two terms (so on its line 3), and what `letter check` says of it."""
    return Case(name, "locales/de/glossary.toml", GLOSSARY + line, ("check",), 2,
                r"(?m)^locales/de/glossary\.toml:3: error: \[syntax\] " + said, True)


LOCALE_FILES = [
    glossary_line("a glossary term given twice", b'"Red Cross" = "DRK"\n',
                  r"not a valid glossary: a term is given twice; keep one line for it$"),
    Case("a table in a glossary", "locales/de/glossary.toml", GLOSSARY + b'\n[names]\n"WHO" = "WHO"\n',
         ("check",), 2, r"(?m)^locales/de/glossary\.toml:4: error: \[syntax\] \[names\] is a table, which a "
                        r"glossary has none of", True),
    glossary_line("a quote left open in a glossary", b'"WHO" = "WHO\n',
                  r'not a valid glossary: a quote is not closed on this line; each line is "term" = "approved '
                  r'translation"$'),
    glossary_line("a glossary term without quotes", b'Red Crescent = "Roter Halbmond"\n',
                  r"not a valid glossary: the term is not in quotes"),
    glossary_line("a glossary term without its translation", b'"WHO" =\n',
                  r"not a valid glossary: the line has no translation after '='"),
    glossary_line("a glossary translation without quotes", b'"WHO" = WHO\n',
                  r"not a valid glossary: the translation is not in quotes"),
    glossary_line("a quote left open at a glossary's end", b'"WHO" = "WHO', r"not a valid glossary: a quote is not "
                  r'closed on this line; each line is "term" = "approved translation"$'),
    glossary_line("no translation at a glossary's end", b'"WHO" =', r"not a valid glossary: the line has no "
                  r"translation after '='"),
    glossary_line("what a merge left of a conflict in a glossary", b'=======\n',
                  r"a line of a merge conflict's markers is left in the file"),
    Case("a glossary nested deeper than TOML can be read", "locales/de/glossary.toml",
         GLOSSARY + b'"WHO" = ' + b"[" * 100_000 + b"\n", ("check",), 2, r"(?m)^locales/de/glossary\.toml: error: "
         r"\[syntax\] not a valid glossary: lists or tables nested deeper than can be read; close each", True),
    glossary_line("an empty glossary term", b'"" = "leer"\n',
                  r"a term and its translation are words, not an empty text: fill in or remove the line$"),
    Case("merge conflict left in a glossary", "locales/de/glossary.toml", conflict_at(2, b'"WHO" = "WHO"\n')(GLOSSARY),
         ("check",), 2, r"(?m)^locales/de/glossary\.toml:2: error: \[syntax\] " + KEEP_ONE_SIDE,
         True),
    Case("merge conflict left in a record of reviewed translations", "locales/de/LC_MESSAGES/letter.reviewed.json",
         b'{\n  "messages": [\n<<<<<<< HEAD\n=======\n    {"context": null, "english": "Signatories", "previous": '
         b'"Signed", "translation": "Unterzeichnet", "revised": "2026-12-01"}\n>>>>>>> feature\n  ]\n}\n',
         ("check",), 2, r"(?m)^locales/de/LC_MESSAGES/letter\.reviewed\.json:3: error: \[syntax\] " + CONFLICT
         + r"keep the messages of both sides \(a line each\), .*`letter update`", True),
]

CONFIG = [
    Case("settings not TOML", "pyproject.toml", append(b"\n[tool.letter\n"), ("build",), 2,
         r"pyproject\.toml:\d+: error: not valid TOML"),
    Case("unknown setting", "pyproject.toml", replace(b"[tool.letter]\n", b"[tool.letter]\ntranslators = 3\n"),
         ("check",), 2, r"pyproject\.toml:\d+: error: unknown setting 'translators'"),
    Case("published locale unknown", "pyproject.toml", replace(b'published = ["fr"]', b'published = ["fr", "xx"]'),
         ("build",), 2, r"pyproject\.toml:\d+: error: \[tool\.letter\] published: unknown locale 'xx'"),
    Case("a check set to nonsense", "pyproject.toml", append(b'\n[tool.letter.checks]\nnumbers = "loud"\n'),
         ("check",), 2, r"pyproject\.toml:\d+: error: \[tool\.letter\.checks\] numbers = 'loud'"),
    Case("merge conflict left in the settings", "pyproject.toml", conflict_at(2, b'requires = ["setuptools>=80"]\n'),
         ("status",), 2, r"(?m)^pyproject\.toml:2: error: " + KEEP_ONE_SIDE),
]

LOCALE_CODES = [
    Case(f"locale code {code!r}", "", b"", ("init", code), 2, r"error: .*(not a locale code|unknown locale)")
    for code in ("../etc", "xx", "en_US.UTF-8", "", "fr/../../x", "de@euro")
] + [
    Case("a folder that names no locale", "locales/xx/LC_MESSAGES/letter.po", HEADER, ("build",), 2,
         r"locales/xx: error: unknown locale 'xx'.*rename or remove this folder", True),
    Case("two folders for one locale", "locales/zh-Hans/LC_MESSAGES/letter.po", HEADER, ("check",), 2,
         r"locales: error: .*two catalogs for zh-Hans: locales/zh-Hans/LC_MESSAGES/letter\.po and "
         r"locales/zh_Hans/LC_MESSAGES/letter\.po; no command reads either", True,
         also=(("locales/zh_Hans/LC_MESSAGES/letter.po", HEADER),)),
]

CASES = PO + SOURCE + LOCALE_FILES + CONFIG + LOCALE_CODES


def snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in root.rglob("*") if p.is_file() and "output" not in p.relative_to(root).parts}


@pytest.fixture
def two_locales(extracted):
    extracted.ok("init", "fr", "de")
    extracted.translate("fr", lambda e: "" if e.msgctxt == "name" else f"«{e.msgid}»")
    extracted.edit("pyproject.toml", "published = []", 'published = ["fr"]')
    return extracted


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input(two_locales, case: Case):
    for name, data in ((case.file, case.break_it), *case.also) if case.file else ():
        path = two_locales.path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data(path.read_bytes()))
    before = snapshot(two_locales.root)
    result = two_locales.run(*case.command)
    output = result.stdout + result.stderr
    assert result.exit_code == case.exit_code, output
    assert re.search(case.message, output), output
    assert "Traceback" not in output
    assert snapshot(two_locales.root) == before, "a bad input must not change any file"
    if case.others_processed and case.command[0] == "build":
        assert two_locales.path("output/fr/index.html").is_file()
    if case.others_processed and case.command[0] == "check":
        assert "fr:" in result.stdout or "no findings" in result.stdout or "fr" in result.stdout
    if case.others_processed and case.command[0] == "update":
        assert "fr: " in result.stdout


def test_two_catalogs_for_one_locale_are_read_as_neither(two_locales):
    """A copy of a published catalog under the other spelling of its folder (``fr_CA`` and ``fr-CA``):
    no command chooses one, which would publish or update it while the other, perhaps the one the
    translator worked in, is left aside. The edition stays as the last build made it."""
    two_locales.ok("init", "fr-CA")
    two_locales.translate("fr-CA", lambda e: "" if e.msgctxt == "name" else f"«{e.msgid}»")
    two_locales.edit("pyproject.toml", 'published = ["fr"]', 'published = ["fr", "fr-CA"]')
    two_locales.ok("build", "--no-pdf")
    page = two_locales.path("output/fr-CA/index.html").read_bytes()
    copy = two_locales.path("locales/fr-CA/LC_MESSAGES/letter.po")
    copy.parent.mkdir(parents=True)
    copy.write_bytes(two_locales.catalog("fr-CA").read_bytes().replace("«We call".encode(), "«Nous appelons".encode()))
    two_locales.edit("source/letter.md", "The time to act is now.", "The time to act is today.")
    two_locales.ok("extract")
    before = snapshot(two_locales.root)
    both = ("two catalogs for fr-CA: locales/fr-CA/LC_MESSAGES/letter.po and locales/fr_CA/LC_MESSAGES/letter.po; "
            "no command reads either")
    for command in (("build", "--no-pdf"), ("update", "fr-CA"), ("update",), ("status",), ("status", "fr-CA"),
                    ("check",), ("check", "fr-CA")):
        result = two_locales.run(*command)
        assert result.exit_code == 2 and both in result.stderr + result.stdout, (command, result.stderr)
        assert "letter init" not in result.stderr + result.stdout, command
    after = snapshot(two_locales.root)
    changed = {name for name in after if after[name] != before.get(name)}
    assert "locales/fr/LC_MESSAGES/letter.po" in changed  # `update` goes on with the others
    assert not [name for name in changed if "fr-CA" in name or "fr_CA" in name]
    assert two_locales.path("output/fr-CA/index.html").read_bytes() == page


def test_a_read_only_catalog_is_not_replaced(two_locales):
    """A rename replaces any file, read-only or not: a catalog someone made read-only is refused, as an
    editor refuses it (for root too, whom the system lets write anything), and the others go on."""
    catalog = two_locales.catalog("fr")
    two_locales.edit("source/letter.md", "The time to act is now.", "The time to act is today.")
    two_locales.ok("extract")
    before = catalog.read_bytes()
    catalog.chmod(0o444)
    result = two_locales.run("update")
    assert result.exit_code == 2
    assert ("locales/fr/LC_MESSAGES/letter.po: error: cannot write it (it is read-only; chmod u+w makes it "
            "writable)") in result.stderr
    assert catalog.read_bytes() == before and "de: updated" in result.stdout
    assert not catalog.with_name("letter.reviewed.json").exists()  # nor the record that would go with it
    catalog.chmod(0o644)
    assert "fr: updated" in two_locales.ok("update").stdout


@pytest.mark.parametrize("target", ["letter.po", "gone.po"], ids=["a loop", "dangling"])
@pytest.mark.parametrize("tag", ["de", "xx"], ids=["a locale's", "a folder that names no locale"])
def test_a_catalog_link_that_leads_nowhere_is_reported_where_it_is(two_locales, tag, target):
    """A catalog that git checks out as a symbolic link to itself or to a file since removed is a file that
    cannot be read, as a folder in its place is: it is reported at its path (exit 2), never left out as if the
    locale had no catalog, which would pass a check of an unpublished locale in silence."""
    link = two_locales.path(f"locales/{tag}/LC_MESSAGES/letter.po")
    link.parent.mkdir(parents=True, exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to(target)
    result = two_locales.run("check")
    said = "unknown locale 'xx'" if tag == "xx" else f"locales/{tag}/LC_MESSAGES/letter.po: error: [syntax] cannot read"
    assert result.exit_code == 2 and said in result.stdout, result.stdout
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("name", ["locales/fr/glossary.toml", "locales/fr/LC_MESSAGES/letter.reviewed.json"],
                         ids=["glossary", "record of reviews"])
def test_a_locale_file_that_is_a_link_to_nowhere_is_not_taken_for_none(two_locales, name):
    """A glossary or a record of reviews that is a link to a file since removed cannot be read: taken for none,
    the glossary's terms went unchecked, and the record's reviewed translations unshown, without a word."""
    link = two_locales.path(name)
    link.unlink(missing_ok=True)
    link.symlink_to("gone")
    result = two_locales.run("check", "fr")
    assert result.exit_code == 2, result.stdout
    assert f"{name}: error: [syntax] cannot read" in result.stdout, result.stdout


#: Where the link a test's link leads to leads in turn, outside the project folder.
OUTSIDE = "../../../../elsewhere/gone.po"


@pytest.mark.parametrize(("name", "target", "then", "what", "fault"), [
    (DE, "gone.po", None, "the catalog", "gone.po, which does not exist"),
    (DE, "letter.po", None, "the catalog", "letter.po, which leads round in a loop of links"),
    (DE, "next.po", "gone.po", "the catalog", "next.po, which leads on to gone.po, which does not exist"),
    (DE, "next.po", OUTSIDE, "the catalog", f"next.po, which leads on to {OUTSIDE}, which does not exist"),
    ("locales/fr/glossary.toml", "gone.toml", None, "the glossary", "gone.toml, which does not exist"),
    ("locales/fr/LC_MESSAGES/letter.reviewed.json", "../../gone.json", None, "the record of reviewed translations",
     "../../gone.json, which does not exist"),
    ("locales/fr/LC_MESSAGES/letter.reviewed.json", "next.json", "../../gone.json",
     "the record of reviewed translations", "next.json, which leads on to ../../gone.json, which does not exist"),
], ids=["catalog to nowhere", "catalog to itself", "catalog through a link to nowhere",
        "catalog through a link out of the project", "glossary", "record", "record through a link to nowhere"])
def test_a_link_that_leads_nowhere_is_named_as_one(two_locales, name, target, then, what, fault):
    """A file that `ls` lists but that is a symbolic link leading nowhere is said to be one, with where it leads
    and what to do, not in the system's words ("No such file or directory"), which say the file is not there.
    Through a chain of links, the file missing is named as the link's target is, from the link's folder: its
    absolute path, the machine's, was the only one in the message."""
    link = two_locales.path(name)
    link.unlink(missing_ok=True)
    link.symlink_to(target)
    if then is not None:
        link.with_name(target).symlink_to(then)
    result = two_locales.run("check")
    expected = (f"{name}: error: [syntax] cannot read {what}: it is a symbolic link to {fault}; "
                "replace the link with the file, or point it at one that exists")
    assert result.exit_code == 2 and expected in result.stdout, result.stdout
    assert "No such file" not in result.stdout and "Too many levels" not in result.stdout
