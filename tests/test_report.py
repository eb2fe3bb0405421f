"""Reports: every ``letter check --format`` for no findings and for awkward ones.

The machine formats are checked against the real specifications, vendored in
tests/data (see its README for where they come from): SARIF against the OASIS
2.1.0 schema, JUnit against Jenkins' junit-10.xsd, JSON against our own schema
as shipped in the package. GitHub commands are parsed back the way the runner
reads them, so escaping is tested as a round trip rather than by example alone.
"""
from __future__ import annotations

import io
import json
import random
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote

import pytest
import xmlschema
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator, Draft202012Validator

from pipeline import report
from pipeline.findings import CHECKS, DESCRIPTIONS, FIXED, INPUT, Finding, Severity, described
from pipeline.report import FORMATS, Scope, render, summary, use_color

from conftest import ROOT, Project

DATA = Path(__file__).parent / "data"
E, W = Severity.ERROR, Severity.WARNING

CHECKED = Scope(
    locales=("fr", "de-CH", "zh-Hant"),
    files=("locales/letter.pot", "locales/fr.po", "locales/de CH, «ü».po", "locales/zh-Hant.po"),
)
FR = "locales/fr.po"
DE = "locales/de CH, «ü».po"  # a path with a space, a comma and non-ASCII

FINDINGS = [
    Finding("stale-template", E, "locales/letter.pot", None, "the source changed: run `letter extract`"),
    Finding("syntax", W, "source/letter.md", 7, "100% sure? no: a,b\nsecond line <&>\"", msgid="Dear 😀"),
    Finding("numbers", E, FR, 12, "the number 19 of the source (COVID-19) is missing: «…»", "fr", "COVID-19"),
    Finding("numbers", E, FR, 3, "50% of 2,000: missing\r\nCRLF", "fr", "50% of 2,000"),
    Finding("length", W, FR, 12, "far longer than the source 🙃", "fr", "Hello"),
    Finding("placeholders", E, DE, 40, "{name} lost <b>&amp;</b> \"quoted\" 'single'", "de-CH", "{name}"),
    Finding("identical", W, DE, None, "same as English: %s %(x)d %%", "de-CH", "OK"),
    Finding("characters", E, DE, 41, "control character \x1b[31m here\x07", "de-CH", "x"),
]
ANSI = re.compile(r"\x1b\[[0-9;]*m")
#: What no annotation's message may carry raw: C0 and C1 controls but the line break, bidi controls.
HIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def counts(findings: list[Finding]) -> tuple[int, int]:
    errors = sum(1 for f in findings if f.severity is E)
    return errors, len(findings) - errors


# --------------------------------------------------------------------------- API, summary


def test_every_format_renders_a_string_ending_in_a_newline() -> None:
    # The CLI prints with nl=False: each report brings its own final newline.
    for fmt in FORMATS:
        for findings in ([], FINDINGS):
            out = render(findings, CHECKED, fmt)
            assert isinstance(out, str) and out.endswith("\n") and not out.endswith("\n\n"), fmt


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown report format"):
        render([], CHECKED, "yaml")


def test_checked_stores_tuples_and_refuses_a_bare_string() -> None:
    checked = Scope(["fr", "de"], ["a.po"])  # type: ignore[arg-type]
    assert checked.locales == ("fr", "de") and checked.files == ("a.po",)
    hash(checked)
    with pytest.raises(TypeError):
        Scope("fr", ())  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("findings", "checked", "expected"),
    [
        ([], Scope(tuple("abcdefg"), ()), "no findings in 7 locales"),
        ([], Scope(("fr",), ()), "no findings in 1 locale"),
        ([], Scope((), ("a", "b", "c")), "no findings in 3 files"),
        (
            [Finding("x", E, "p", 1, "m", "a"), Finding("y", E, "p", 2, "m", "b"), Finding("z", W, "p", 3, "m", "b")],
            Scope(tuple("abcdefg"), ()),
            "2 errors, 1 warning in 2 of 7 locales",
        ),
        ([Finding("x", W, "p", 1, "m", "a")], Scope(("a",), ()), "1 warning in 1 of 1 locale"),
        ([Finding("x", E, "p", 1, "m")], Scope(("a", "b"), ()), "1 error in the project, none in 2 locales"),
        ([Finding("x", E, "p", 1, "m")], Scope((), ("p",)), "1 error in the project"),
        (FINDINGS, CHECKED, "5 errors, 3 warnings in the project and 2 of 3 locales"),
    ],
)
def test_summary(findings: list[Finding], checked: Scope, expected: str) -> None:
    assert summary(findings, checked) == expected


# --------------------------------------------------------------------------- text


def test_text_with_no_findings_is_the_summary() -> None:
    assert render([], CHECKED, "text") == "no findings in 3 locales\n"
    assert render([], CHECKED, "text", color=True) == "\x1b[1mno findings in 3 locales\x1b[0m\n"


def test_text_groups_by_locale_project_first_in_checking_order() -> None:
    out = render(FINDINGS, CHECKED, "text")
    assert out.splitlines() == [
        "project:",
        "locales/letter.pot: error: [stale-template] the source changed: run `letter extract`",
        "source/letter.md:7: warning: [syntax] 100% sure? no: a,b",
        "    second line <&>\"",
        "fr:",
        "locales/fr.po:3: error: [numbers] 50% of 2,000: missing\\r",
        "    CRLF",
        "locales/fr.po:12: warning: [length] far longer than the source 🙃",
        "locales/fr.po:12: error: [numbers] the number 19 of the source (COVID-19) is missing: «…»",
        "de-CH:",
        "locales/de CH, «ü».po: warning: [identical] same as English: %s %(x)d %%",
        "locales/de CH, «ü».po:40: error: [placeholders] {name} lost <b>&amp;</b> \"quoted\" 'single'",
        "locales/de CH, «ü».po:41: error: [characters] control character \\x1b[31m here\\x07",
        "no findings: zh-Hant",
        "5 errors, 3 warnings in the project and 2 of 3 locales",
    ]


def test_text_without_colour_has_no_escape_codes_even_from_messages() -> None:
    out = render(FINDINGS, CHECKED, "text", color=False)
    assert "\x1b" not in out and "\x07" not in out and "\r" not in out


@pytest.mark.parametrize("format_", ["text", "junit", "github"])
def test_bidi_controls_a_finding_quotes_are_shown_as_escapes(format_) -> None:
    """An address a translation added, quoted with an override or an isolate in it, would show the rest of
    its log line reversed in a bidi-aware viewer (GitHub's log, some terminals): words other than its bytes."""
    quoted = Finding("urls", E, "locales/fr.po", 80, "addresses the source does not have: "
                     "https://x.example/\u202e/moc.live\u2067a b\u2069; write only the source's addresses", "fr")
    out = render([quoted], Scope(("fr",), ()), format_)
    body = split_github(out)[1] if format_ == "github" else out
    assert "https://x.example/\\u202e/moc.live\\u2067a b\\u2069;" in body
    assert not set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069") & set(out)  # annotations too


def test_text_with_colour_paints_severities_and_headings_only() -> None:
    coloured = render(FINDINGS, CHECKED, "text", color=True)
    assert "\x1b[1;31merror\x1b[0m" in coloured
    assert "\x1b[1;33mwarning\x1b[0m" in coloured
    assert "\x1b[1mfr:\x1b[0m" in coloured and "\x1b[1mproject:\x1b[0m" in coloured
    # Take the colour away and it is the plain report, character for character.
    assert ANSI.sub("", coloured) == render(FINDINGS, CHECKED, "text")


def test_text_reports_a_finding_for_a_locale_not_checked_after_the_others() -> None:
    out = render([Finding("x", E, "p.po", 1, "m", "aa")], Scope(("fr",), ()), "text")
    assert out.splitlines() == ["aa:", "p.po:1: error: [x] m", "no findings: fr", "1 error in 1 of 2 locales"]


def many(check: str, severity: Severity, lines: range, path: str = FR, locale: str | None = "fr") -> list[Finding]:
    """A finding of ``check`` at each of ``lines``, as 30 new signatures give a catalog 80 ``pending`` ones."""
    return [Finding(check, severity, path, line, f"{check} at {line}", locale) for line in lines]


#: New signatures in fr (pending, names: folded), a few warnings that are not (length), errors (never folded),
#: and in the project two files of folded warnings, each counted after its own lines.
PULL_REQUEST = [
    *many("pending", W, range(100, 180, 2)), *many("names", W, range(101, 111, 2)),
    *many("length", W, range(300, 304)), *many("numbers", E, range(10, 16)), *many("pending", W, range(5, 7), DE,
                                                                                    "de-CH"),
    *many("flags", W, range(1, 6), "locales/letter.pot", None),
    *many("listed-twice", W, range(1, 6), "source/signatories.yaml", None),
]


def test_text_shows_the_first_warnings_of_a_check_repeated_in_a_file_and_counts_the_rest() -> None:
    """30 new signatures made a CI log 476 lines long, with the one error among them: a warning check of more
    than 4 findings in a file shows its first 3 and one line for the rest, naming the file, the check and the
    command that lists them all; the summary still counts every finding."""
    out = render(PULL_REQUEST, CHECKED, "text")
    assert out.splitlines() == [
        "project:",
        "locales/letter.pot:1: warning: [flags] flags at 1",
        "locales/letter.pot:2: warning: [flags] flags at 2",
        "locales/letter.pot:3: warning: [flags] flags at 3",
        "  … and 2 more [flags] warnings in locales/letter.pot; `letter check --all` lists every one",
        "source/signatories.yaml:1: warning: [listed-twice] listed-twice at 1",
        "source/signatories.yaml:2: warning: [listed-twice] listed-twice at 2",
        "source/signatories.yaml:3: warning: [listed-twice] listed-twice at 3",
        "  … and 2 more [listed-twice] warnings in source/signatories.yaml; `letter check --all` lists every one",
        "fr:",
        *(f"locales/fr.po:{line}: error: [numbers] numbers at {line}" for line in range(10, 16)),
        "locales/fr.po:100: warning: [pending] pending at 100",
        "locales/fr.po:101: warning: [names] names at 101",
        "locales/fr.po:102: warning: [pending] pending at 102",
        "locales/fr.po:103: warning: [names] names at 103",
        "locales/fr.po:104: warning: [pending] pending at 104",
        "locales/fr.po:105: warning: [names] names at 105",
        *(f"locales/fr.po:{line}: warning: [length] length at {line}" for line in range(300, 304)),
        "  … and 2 more [names] warnings in locales/fr.po; `letter check fr --all` lists every one",
        "  … and 37 more [pending] warnings in locales/fr.po; `letter check fr --all` lists every one",
        "de-CH:",
        f"{DE}:5: warning: [pending] pending at 5",
        f"{DE}:6: warning: [pending] pending at 6",
        "no findings: zh-Hant",
        "6 errors, 61 warnings in the project and 2 of 3 locales",
    ]
    rng = random.Random(8)
    shuffled = PULL_REQUEST[:]
    rng.shuffle(shuffled)
    assert render(shuffled, CHECKED, "text") == out
    assert ANSI.sub("", render(PULL_REQUEST, CHECKED, "text", color=True)) == out


def test_text_never_folds_an_error_and_lists_every_warning_when_asked() -> None:
    """Errors fail CI: each has its line, even of a check that also warns in that file."""
    findings = many("pending", E, range(1, 51)) + many("header", E, range(60, 70)) + many("header", W, range(70, 80))
    out = render(findings, Scope(("fr",), ()), "text")
    assert out.count(": error: [pending]") == 50 and out.count(": error: [header]") == 10
    assert out.count(": warning: [header]") == 3
    assert "  … and 7 more [header] warnings in locales/fr.po; `letter check fr --all` lists every one\n" in out
    every = render(findings, Scope(("fr",), ()), "text", every=True)
    assert every.count(": warning: [header]") == 10 and "more [" not in every
    assert every.splitlines()[-1] == out.splitlines()[-1] == "60 errors, 10 warnings in 1 of 1 locale"
    assert render(PULL_REQUEST, CHECKED, "text", every=True).count(": warning: [") == 61


def test_the_readme_says_how_many_warnings_the_text_report_shows() -> None:
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    shown, more = report.SHOWN, report.SHOWN + 1
    assert f"a warning check found more than {more} times in one file by its first {shown} " in readme
    assert f"the first {shown} warnings of a check found more than {more} times in a file" in readme


def test_machine_formats_keep_every_finding_of_a_check_repeated_in_a_file(junit_schema) -> None:
    """Tools read them whole: folding is the text report's alone, and GitHub's log keeps the full text."""
    document = json.loads(render(PULL_REQUEST, CHECKED, "json"))
    assert len(document["findings"]) == len(PULL_REQUEST) == 67
    sarif = json.loads(render(PULL_REQUEST, CHECKED, "sarif"))
    assert len(sarif["runs"][0]["results"]) == 67
    commands, body = split_github(render(PULL_REQUEST, CHECKED, "github"))
    assert len(commands) == 67 and body == render(PULL_REQUEST, CHECKED, "text", every=True)
    junit = render(PULL_REQUEST, CHECKED, "junit")
    assert junit.count("warning: [pending]") == 42 and "more [" not in junit
    for fmt in FORMATS[1:]:
        assert render(PULL_REQUEST, CHECKED, fmt, every=True) == render(PULL_REQUEST, CHECKED, fmt)


# --------------------------------------------------------------------------- use_color


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("no_color", "term", "stream", "expected"),
    [
        (None, "xterm-256color", Tty(), True),
        ("", "xterm", Tty(), True),        # empty NO_COLOR does not count (no-color.org)
        ("1", "xterm", Tty(), False),
        ("0", "xterm", Tty(), False),      # any non-empty value opts out
        (None, "dumb", Tty(), False),
        (None, None, Tty(), True),
        (None, "xterm", io.StringIO(), False),  # a pipe or file
        (None, "xterm", object(), False),       # no isatty at all
    ],
)
def test_use_color(monkeypatch: pytest.MonkeyPatch, no_color: str | None, term: str | None,
                   stream: object, expected: bool) -> None:
    for name, value in (("NO_COLOR", no_color), ("TERM", term)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert use_color(stream) is expected  # type: ignore[arg-type]


def test_use_color_on_a_closed_stream_is_false(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    stream = io.StringIO()
    stream.close()
    assert use_color(stream) is False


# --------------------------------------------------------------------------- json


@pytest.fixture(scope="module")
def findings_validator() -> Draft202012Validator:
    schema = json.loads((Path(report.__file__).parent / "schemas" / "findings.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("findings", [[], FINDINGS], ids=["none", "mixed"])
def test_json_is_valid_against_the_shipped_schema(findings: list[Finding],
                                                  findings_validator: Draft202012Validator) -> None:
    document = json.loads(render(findings, CHECKED, "json"))
    findings_validator.validate(document)
    errors, warnings = counts(findings)
    assert document["version"] == 1 and document["tool"] == "letter"
    assert document["summary"] == {"errors": errors, "warnings": warnings,
                                   "locales": list(CHECKED.locales), "files": list(CHECKED.files)}


def test_json_keeps_every_field_in_report_order() -> None:
    out = render(FINDINGS, CHECKED, "json")
    assert "😀" in out and "«ü»" in out  # ensure_ascii=False: readable, still valid JSON
    document = json.loads(out)
    assert [(f["locale"], f["path"], f["line"], f["check"]) for f in document["findings"]] == [
        (None, "locales/letter.pot", None, "stale-template"),
        (None, "source/letter.md", 7, "syntax"),
        ("fr", FR, 3, "numbers"),
        ("fr", FR, 12, "length"),
        ("fr", FR, 12, "numbers"),
        ("de-CH", DE, None, "identical"),
        ("de-CH", DE, 40, "placeholders"),
        ("de-CH", DE, 41, "characters"),
    ]
    # Data is data: the message comes back exactly, control characters and all.
    back = {(f["check"], f["path"], f["line"], f["locale"], f["msgid"], f["message"], f["severity"])
            for f in document["findings"]}
    assert back == {(f.check, f.path, f.line, f.locale, f.msgid, f.message, f.severity.value) for f in FINDINGS}
    assert list(document["findings"][0]) == ["check", "severity", "path", "line", "locale", "msgid", "message"]


def test_json_schema_rejects_what_the_format_does_not_allow(findings_validator: Draft202012Validator) -> None:
    good = json.loads(render(FINDINGS, CHECKED, "json"))
    for damage in (
        lambda d: d["findings"][0].update(severity="info"),
        lambda d: d["findings"][0].pop("msgid"),
        lambda d: d["findings"][0].update(line=0),
        lambda d: d["summary"].update(extra=1),
        lambda d: d.update(version=2),
    ):
        bad = json.loads(json.dumps(good))
        damage(bad)
        assert not findings_validator.is_valid(bad)


# --------------------------------------------------------------------------- github


def unescape_data(value: str) -> str:
    # The runner's unescaping (ActionCommand.cs): '%25' last, the inverse of escaping it first.
    return value.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(value: str) -> str:
    return (value.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":")
            .replace("%2C", ",").replace("%25", "%"))


COMMAND = re.compile(r"^::(?P<command>[a-z-]+)(?: (?P<props>[^:]*))?::(?P<data>.*)$")


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """Read a workflow command the way the runner does: split on ',' then on the first '='."""
    match = COMMAND.match(line)
    assert match, line
    props = {}
    for pair in (match["props"] or "").split(","):
        key, _, value = pair.partition("=")
        props[key] = unescape_property(value)
    return match["command"], props, unescape_data(match["data"])


def split_github(out: str) -> tuple[list[str], str]:
    """The annotation commands, and the text report between stop-commands and its token."""
    lines = out.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("::stop-commands::"))
    token = lines[start].removeprefix("::stop-commands::").rstrip("\n")
    assert token and lines[-1] == f"::{token}::\n"
    body = "".join(lines[start + 1:-1])
    assert token not in body
    return [line.rstrip("\n") for line in lines[:start]], body


def test_github_with_no_findings_prints_only_the_report() -> None:
    commands, body = split_github(render([], CHECKED, "github"))
    assert commands == [] and body == "no findings in 3 locales\n"


def test_github_commands_round_trip_through_the_runners_parser() -> None:
    commands, _ = split_github(render(FINDINGS, CHECKED, "github"))
    assert len(commands) == len(FINDINGS)
    ordered = [(f["check"], f["path"], f["line"], f["message"])
               for f in json.loads(render(FINDINGS, CHECKED, "json"))["findings"]]
    by_key = {(f.check, f.path, f.line, f.message): f for f in FINDINGS}
    for line, key in zip(commands, ordered, strict=True):
        finding = by_key[key]
        # Nothing raw that would end the command, a property, or the line.
        assert "\n" not in line and "\r" not in line
        command, props, message = parse_command(line)
        assert command == finding.severity.value
        # The message as the text report shows it: its lines kept, its hidden characters as escapes.
        assert message == report._safe(finding.message, newlines=True)
        assert not HIDDEN.search(message), message
        assert props["file"] == finding.path
        assert props.get("line") == (str(finding.line) if finding.line else None)
        expected_title = f"letter check: [{finding.check}]" + (f" ({finding.locale})" if finding.locale else "")
        assert props["title"] == expected_title
        assert list(props) == (["file", "line", "title"] if finding.line else ["file", "title"])


def test_github_escaping_matches_the_toolkit_exactly() -> None:
    line = render([Finding("c,d", E, "a:b,c%d\r\ne", 5, "50%\nx: y, z", "fr")], Scope(("fr",), ()), "github")
    assert line.splitlines()[0] == (
        "::error file=a%3Ab%2Cc%25d%0D%0Ae,line=5,title=letter check%3A [c%2Cd] (fr)::50%25%0Ax: y, z"
    )


def test_github_annotations_show_hidden_characters_of_a_message_as_escapes() -> None:
    """A message quotes translators' text; the runner prints an annotation's message in the log, which
    renders ANSI escapes and reorders text around bidi controls: they are shown as the text report shows them,
    while a line break stays one (%0A) and the file is named as it is, for GitHub to find."""
    message = "quoted \x1b[2J\x1b[31mred\r, \u2066isolated\u2069 \u202eoverride\u202c \x00\x7f\x85\nnext line"
    finding = Finding("characters", E, "locales/fr\x1b.po", 4, message, "fr")
    commands, _ = split_github(render([finding], Scope(("fr",), ()), "github"))
    (line,) = commands
    _, props, shown = parse_command(line)
    assert props["file"] == "locales/fr\x1b.po"
    assert not HIDDEN.search(shown), shown
    assert shown == ("quoted \\x1b[2J\\x1b[31mred\\r, \\u2066isolated\\u2069 \\u202eoverride\\u202c "
                     "\\x00\\x7f\\x85\nnext line")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_github_escapes_round_trip_for_any_text(text: str) -> None:
    assert unescape_data(report.escape_data(text)) == text
    assert unescape_property(report.escape_property(text)) == text
    assert not {"\r", "\n"} & set(report.escape_data(text))
    assert not {"\r", "\n", ":", ","} & set(report.escape_property(text))


def test_github_keeps_the_full_text_report_with_commands_stopped() -> None:
    out = render(FINDINGS, CHECKED, "github")
    _, body = split_github(out)
    assert body == render(FINDINGS, CHECKED, "text", color=False)
    assert "\x1b" not in body
    # A message pretending to be a command stays inside the stopped section.
    sneaky = [Finding("x", E, "p.po", 1, "ok\n::add-mask::secret", "fr")]
    commands, body = split_github(render(sneaky, Scope(("fr",), ()), "github"))
    assert len(commands) == 1 and "\n    ::add-mask::secret\n" in body


# --------------------------------------------------------------------------- junit


@pytest.fixture(scope="module")
def junit_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(DATA / "junit-10.xsd")


def suites(xml: str) -> tuple[ET.Element, dict[str, ET.Element]]:
    root = ET.fromstring(xml)
    assert root.tag == "testsuites"
    return root, {suite.get("name"): suite for suite in root.findall("testsuite")}


def check_counts(root: ET.Element) -> None:
    total_tests = total_failures = 0
    for suite in root.findall("testsuite"):
        cases = suite.findall("testcase")
        failures = sum(1 for case in cases if case.find("failure") is not None)
        assert suite.get("tests") == str(len(cases))
        assert suite.get("failures") == str(failures)
        assert suite.get("errors") == "0" and suite.get("skipped") == "0"
        total_tests += len(cases)
        total_failures += failures
    assert root.get("tests") == str(total_tests)
    assert root.get("failures") == str(total_failures)
    assert root.get("errors") == "0"


def test_junit_with_no_findings_has_a_passing_suite_per_locale(junit_schema: xmlschema.XMLSchema) -> None:
    xml = render([], CHECKED, "junit")
    junit_schema.validate(xml)
    root, by_name = suites(xml)
    assert list(by_name) == ["letter check: fr", "letter check: de-CH", "letter check: zh-Hant"]
    check_counts(root)
    for suite in by_name.values():
        (case,) = suite.findall("testcase")
        assert list(case) == []
    assert root.get("tests") == "3" and root.get("failures") == "0"


def test_junit_with_nothing_checked_still_has_a_suite(junit_schema: xmlschema.XMLSchema) -> None:
    xml = render([], Scope((), ()), "junit")
    junit_schema.validate(xml)
    root, by_name = suites(xml)
    assert list(by_name) == ["letter check: project"] and root.get("tests") == "1"


def test_junit_has_a_testcase_per_check_and_file(junit_schema: xmlschema.XMLSchema) -> None:
    xml = render(FINDINGS, CHECKED, "junit")
    junit_schema.validate(xml)
    root, by_name = suites(xml)
    assert list(by_name) == ["letter check: project", "letter check: fr",
                             "letter check: de-CH", "letter check: zh-Hant"]
    check_counts(root)
    cases = {name: [(c.get("name"), c.find("failure") is not None, c.find("system-out") is not None)
                    for c in suite.findall("testcase")] for name, suite in by_name.items()}
    assert cases == {
        "letter check: project": [("[stale-template] locales/letter.pot", True, False),
                                   ("[syntax] source/letter.md", False, True)],
        "letter check: fr": [("[length] locales/fr.po", False, True), ("[numbers] locales/fr.po", True, False)],
        "letter check: de-CH": [(f"[characters] {DE}", True, False), (f"[identical] {DE}", False, True),
                                (f"[placeholders] {DE}", True, False)],
        "letter check: zh-Hant": [("all checks", False, False)],
    }
    assert root.get("tests") == "8" and root.get("failures") == "4"
    # One failure per testcase, naming every finding of it, awkward text intact.
    numbers = by_name["letter check: fr"].findall("testcase")[1]
    (failure,) = numbers.findall("failure")
    assert failure.get("type") == "numbers" and failure.get("message") == f"2 errors in {FR}"
    assert failure.text.count("error: [numbers]") == 2
    assert "(COVID-19) is missing: «…»" in failure.text and "50% of 2,000: missing\\r\n    CRLF" in failure.text
    placeholders = by_name["letter check: de-CH"].findall("testcase")[2]
    assert "{name} lost <b>&amp;</b> \"quoted\" 'single'" in placeholders.find("failure").text
    assert "🙃" in by_name["letter check: fr"].findall("testcase")[0].find("system-out").text
    # Characters XML cannot hold are shown as escapes rather than breaking the file.
    assert "\\x1b[31m here\\x07" in by_name["letter check: de-CH"].find("testcase/failure").text


# --------------------------------------------------------------------------- sarif


@pytest.fixture(scope="module")
def sarif_validator() -> Draft4Validator:
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("findings", [[], FINDINGS], ids=["none", "mixed"])
def test_sarif_is_valid_against_the_official_schema(findings: list[Finding],
                                                    sarif_validator: Draft4Validator) -> None:
    log = json.loads(render(findings, CHECKED, "sarif", tool_version="1.2.3"))
    errors = sorted(sarif_validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors]
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json" and log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "letter" and driver["version"] == "1.2.3"
    assert "informationUri" not in driver
    assert len(run["results"]) == len(findings)
    assert run["properties"] == {"locales": list(CHECKED.locales), "files": list(CHECKED.files)}


def test_the_readme_s_table_of_checks_says_what_findings_describes() -> None:
    """The README's table and the SARIF rules' descriptions are one text (``findings.DESCRIPTIONS``): a row
    changed in one place alone fails here, with the row to copy."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("\n## Checks\n", 1)[1].split("\n\n", 2)[1]
    rows = [row for row in table.splitlines() if not row.startswith(("| check ", "| --- "))]
    assert rows == ["| " + ", ".join(f"`{name}`" for name in names) + f" | {text} |" for names, text in DESCRIPTIONS]
    named = [name for names, _ in DESCRIPTIONS for name in names]
    assert sorted(named) == sorted([*CHECKS, INPUT])


def test_sarif_rules_describe_each_check_as_the_readme_does(sarif_validator: Draft4Validator) -> None:
    every = [Finding(check, E, "locales/fr/LC_MESSAGES/letter.po", 3, "m", "fr") for check in [*CHECKS, INPUT, "x"]]
    log = json.loads(render(every, CHECKED, "sarif"))
    assert not list(sarif_validator.iter_errors(log))
    rules = {rule["id"]: rule for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    assert set(rules["x"]) == {"id", "shortDescription"}  # a name no row gives: nothing made up
    for check in [*CHECKS, INPUT]:
        rule, said = rules[check], described(check)
        assert rule["fullDescription"] == {"text": said.replace("`", ""), "markdown": said}
        assert rule["help"]["markdown"].startswith(said) and "`" not in rule["help"]["text"]
        settable = check not in FIXED and check != INPUT
        assert (f"`# letter: no-check-{check}`" in rule["help"]["markdown"]) == settable, check
    assert "helpUri" not in rules["numbers"]  # the project has no address of its own to link


def test_sarif_results_point_at_their_rules_and_files() -> None:
    run = json.loads(render(FINDINGS, CHECKED, "sarif"))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == sorted({f.check for f in FINDINGS})
    assert all(rule["shortDescription"]["text"] for rule in rules)
    by_key = {(f.check, f.path, f.line, f.message): f for f in FINDINGS}
    fingerprints = set()
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        physical = result["locations"][0]["physicalLocation"]
        artifact = physical["artifactLocation"]
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert re.fullmatch(r"[A-Za-z0-9._~/%-]+", artifact["uri"]), artifact["uri"]  # a valid URI reference
        path = unquote(artifact["uri"])
        line = physical.get("region", {}).get("startLine")
        finding = by_key[(result["ruleId"], path, line, result["message"]["text"])]
        assert result["level"] == finding.severity.value
        assert ("region" in physical) == (finding.line is not None)
        assert result.get("properties", {}).get("locale") == finding.locale
        assert result.get("properties", {}).get("msgid") == finding.msgid
        fingerprints.add(result["partialFingerprints"]["letter/v1"])
    assert len(fingerprints) == len(FINDINGS)
    assert unquote(quote_of(DE)) == DE


def quote_of(path: str) -> str:
    run = json.loads(render([Finding("x", E, path, 1, "m")], Scope((), ()), "sarif"))["runs"][0]
    return run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]


def test_sarif_fingerprint_ignores_the_line() -> None:
    def fingerprint(line: int) -> str:
        log = json.loads(render([Finding("x", E, "p.po", line, "m", "fr", "id")], Scope(("fr",), ()), "sarif"))
        return log["runs"][0]["results"][0]["partialFingerprints"]["letter/v1"]

    assert fingerprint(3) == fingerprint(30)


def test_sarif_fingerprints_tell_alike_findings_apart() -> None:
    """One English in two contexts ("Former President", a man's role and a woman's), each translation with the
    same slip: two findings alike but for their line, which GitHub would take for one alert and so show one.
    Their order tells them apart, and lines moving keep it."""
    def fingerprints(first: int, second: int) -> list[str]:
        alike = [Finding("double-space", E, "p.po", line, "doubled space in the translation", "fr", "Former President")
                 for line in (first, second)]
        log = json.loads(render(alike, Scope(("fr",), ()), "sarif"))
        return [result["partialFingerprints"]["letter/v1"] for result in log["runs"][0]["results"]]

    assert len(set(fingerprints(214, 385))) == 2
    assert fingerprints(214, 385) == fingerprints(230, 401)


def test_sarif_fingerprint_ignores_the_lines_a_message_names() -> None:
    """A duplicate says where its first copy is: a line inserted above both moves that number too, and the
    alert must stay the one GitHub has, not be closed and opened anew."""
    def fingerprint(line: int, message: str) -> str:
        finding = Finding("syntax", E, "p.po", line, message, "fr")
        return json.loads(render([finding], Scope(("fr",), ()), "sarif"))["runs"][0]["results"][0][
            "partialFingerprints"]["letter/v1"]

    def duplicate(first: int, others: str) -> str:
        return (f"duplicate message: the same msgid is already defined at line {first} (obsolete #~ entries count "
                f"too); its translation there is 'Signataires', here empty: keep one; {others}")

    moved = {fingerprint(111 + shift, duplicate(107 + shift, f"2 more messages are duplicates: lines "
                                                             f"{120 + shift} (first at line {90 + shift}), "
                                                             f"{130 + shift} (first at line {95 + shift})"))
             for shift in (0, 1, 40)}
    assert len(moved) == 1
    cut = {fingerprint(line, f"the file stops in the middle of its last line ({line}): bring its end back")
           for line in (129, 135)}
    assert len(cut) == 1
    # What is not a line number still tells findings apart.
    assert fingerprint(111, duplicate(107, "1 more message is a duplicate: line 120 (first at line 90)")) != \
        fingerprint(111, duplicate(107, "2 more messages are duplicates: lines 120 (first at line 90), 130 "
                                        "(first at line 95)"))
    assert fingerprint(5, "a number of the source missing: 19") != fingerprint(5, "a number of the source missing: 20")


@pytest.mark.parametrize("fmt", FORMATS)
def test_where_a_message_quotes_a_translation_changes_no_report(fmt: str) -> None:
    """The quotes are the review page's, which marks their language: every report, and SARIF's fingerprints
    that follow a finding across runs, stay what they were."""
    quoting = [replace(finding, quotes=((0, 3), (5, 7))) for finding in FINDINGS]
    assert render(quoting, CHECKED, fmt) == render(FINDINGS, CHECKED, fmt)


# --------------------------------------------------------------------------- determinism


@pytest.mark.parametrize("fmt", FORMATS)
def test_shuffled_findings_give_identical_output(fmt: str) -> None:
    expected = render(FINDINGS, CHECKED, fmt)
    rng = random.Random(2024)
    for _ in range(5):
        shuffled = FINDINGS[:]
        rng.shuffle(shuffled)
        assert render(shuffled, CHECKED, fmt) == expected
        assert render(tuple(shuffled), CHECKED, fmt) == expected


# --------------------------------------------------------------------------- a check that could not start


@dataclass(frozen=True)
class Unusable:
    """A project whose settings or source ``letter check`` cannot use, and the error it prints for it."""

    project: Project
    path: str
    line: int
    message: str
    said: str  # the error's line on standard error, as every command prints one


#: Two slips that stop `letter check` before it checks anything: a quotation mark left open in the signatory
#: list, as a tester typed it, and a setting [tool.letter] does not have.
SLIPS = {
    "signatories": ("source/signatories.yaml", "role: Former Taoiseach", 'role: "Former Taoiseach'),
    "settings": ("pyproject.toml", 'domain = "letter"\n', 'domain = "letter"\ncolour = "red"\n'),
}


@pytest.fixture(params=list(SLIPS))
def unusable(request: pytest.FixtureRequest, project: Project) -> Unusable:
    name, old, new = SLIPS[request.param]
    project.edit(name, old, new)
    said = project.run("check").stderr
    where = re.fullmatch(rf"{re.escape(name)}:(\d+): error: (.+)\n", said)
    assert where, said
    if request.param == "settings":  # the line of the setting; YAML's is where its parser gave up
        assert int(where[1]) == project.path(name).read_text(encoding="utf-8").splitlines().index('colour = "red"') + 1
    return Unusable(project, name, int(where[1]), where[2], said)


def check_unusable(unusable: Unusable, fmt: str) -> str:
    """``letter check --format fmt`` on the project: exit code 2 and the error on standard error, as in text."""
    result = unusable.project.run("check", "--format", fmt)
    assert result.exit_code == 2 and result.stderr == unusable.said
    return result.stdout


def test_text_of_a_check_that_could_not_start_is_the_error_alone(unusable: Unusable) -> None:
    assert check_unusable(unusable, "text") == ""  # said once, on standard error, as by every command


def test_json_of_a_check_that_could_not_start_is_its_one_finding(unusable: Unusable,
                                                                 findings_validator: Draft202012Validator) -> None:
    document = json.loads(check_unusable(unusable, "json"))
    findings_validator.validate(document)
    assert document["summary"] == {"errors": 1, "warnings": 0, "locales": [], "files": []}
    assert document["findings"] == [{"check": "input", "severity": "error", "path": unusable.path,
                                     "line": unusable.line, "locale": None, "msgid": None,
                                     "message": unusable.message}]


def test_sarif_of_a_check_that_could_not_start_is_its_one_result(unusable: Unusable,
                                                                 sarif_validator: Draft4Validator) -> None:
    log = json.loads(check_unusable(unusable, "sarif"))
    assert not list(sarif_validator.iter_errors(log))
    (run,) = log["runs"]
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == ["input"]
    (result,) = run["results"]
    assert (result["ruleId"], result["level"], result["message"]["text"]) == ("input", "error", unusable.message)
    (location,) = result["locations"]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == unusable.path
    assert location["physicalLocation"]["region"] == {"startLine": unusable.line}


def test_junit_of_a_check_that_could_not_start_is_its_one_failure(unusable: Unusable,
                                                                  junit_schema: xmlschema.XMLSchema) -> None:
    xml = check_unusable(unusable, "junit")
    junit_schema.validate(xml)
    root, by_name = suites(xml)
    check_counts(root)
    assert list(by_name) == ["letter check: project"] and root.get("failures") == "1"
    (case,) = by_name["letter check: project"].findall("testcase")
    assert case.get("name") == f"[input] {unusable.path}"
    failure = case.find("failure")
    assert failure is not None and failure.get("type") == "input"
    assert failure.text == f"{unusable.path}:{unusable.line}: error: [input] {unusable.message}\n"


def test_github_of_a_check_that_could_not_start_annotates_its_line(unusable: Unusable) -> None:
    commands, body = split_github(check_unusable(unusable, "github"))
    (command,) = commands
    assert parse_command(command) == ("error", {"file": unusable.path, "line": str(unusable.line),
                                                "title": "letter check: [input]"}, unusable.message)
    assert f"{unusable.path}:{unusable.line}: error: [input] {unusable.message}\n" in body


def test_a_locale_code_that_is_no_locale_s_reaches_ci_in_each_format(
        project: Project, findings_validator: Draft202012Validator, sarif_validator: Draft4Validator,
        junit_schema: xmlschema.XMLSchema) -> None:
    """`letter check --format json xx` names no file, yet CI, which parses standard output, still gets a valid
    report with the error as its one finding; standard error and exit code 2 stay as for --format text."""
    said = project.run("check", "xx")
    assert said.exit_code == 2 and said.stdout == "" and said.stderr.startswith("letter: error: unknown locale 'xx'")
    message = said.stderr.removeprefix("letter: error: ").rstrip("\n")
    out = {}
    for fmt in ("json", "github", "junit", "sarif"):
        result = project.run("check", "--format", fmt, "xx")
        assert (result.exit_code, result.stderr) == (2, said.stderr), fmt
        out[fmt] = result.stdout
    document = json.loads(out["json"])
    findings_validator.validate(document)
    assert document["findings"] == [{"check": "input", "severity": "error", "path": "", "line": None,
                                     "locale": None, "msgid": None, "message": message}]
    commands, body = split_github(out["github"])
    assert [parse_command(command) for command in commands] == [("error", {"title": "letter check: [input]"},
                                                                  message)]
    assert f"letter: error: [input] {message}\n" in body
    junit_schema.validate(out["junit"])
    (case,) = suites(out["junit"])[1]["letter check: project"].findall("testcase")
    failure = case.find("failure")
    assert case.get("name") == "[input]" and failure is not None and failure.get("message") == "1 error"
    log = json.loads(out["sarif"])
    assert not list(sarif_validator.iter_errors(log))
    (run,) = log["runs"]
    assert run["results"] == []  # code scanning refuses a whole log for a result without a location
    assert run["invocations"] == [{"executionSuccessful": False, "toolExecutionNotifications": [
        {"descriptor": {"id": "input"}, "level": "error", "message": {"text": message}}]}]
