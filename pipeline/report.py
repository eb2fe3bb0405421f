"""Render what ``letter check`` found, in every format ``--format`` offers.

Checks produce :class:`~pipeline.findings.Finding` values; this module only turns
a list of them into text. Every function is pure and returns a ``str`` ending in
a newline, so the CLI can print it as it is and tests can compare it whole.

The formats serve different readers, and each one is shaped by what its reader
actually does with it:

``text``
    People at a terminal. Grouped by locale because a translator owns one
    locale; ``file:line: severity: [check] message`` because editors and
    terminals turn that shape into a link. A warning check repeated in one
    file (30 new signatures are some 80 lines a catalog) shows its
    first few and a line counting the rest, so that an error stays in sight;
    errors are all listed, and ``every`` lists every warning too.
``json``
    Scripts. Stable keys, one schema (``schemas/findings.schema.json``),
    ``version`` so the shape can change without breaking readers silently.
``github``
    GitHub Actions. Workflow commands make annotations on the pull request;
    GitHub shows only 10 per kind and step, so the full text report follows,
    every warning in it.
``junit``
    GitLab, Jenkins and other CI test tabs. One suite per locale, so a clean
    locale shows up as a passing suite rather than as nothing.
``sarif``
    Code-scanning dashboards (GitHub code scanning and others): SARIF 2.1.0.

Everything is ordered deterministically (the template first, then locales in
the order they were checked, then by path, line, check and message), so the
same findings in any order give byte-identical reports: CI diffs and caches
stay quiet.

Messages and paths come from translators' catalogs, i.e. from outside. So no
output format lets them act as anything but text: control characters are
shown as escapes in text, JUnit, the GitHub log and its annotations' messages
(no terminal escape sequences, no bidi reordering, no bytes XML forbids),
GitHub commands are then escaped exactly as GitHub's own toolkit does, and the
full report in the GitHub log is printed with workflow commands switched off.
"""
from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, TextIO
from urllib.parse import quote

from pipeline.findings import CHECKS, FIXED, Finding, Severity, described
from pipeline.markup import UNWANTED_CHARACTERS
from pipeline.wording import counted

FORMATS = ("text", "json", "github", "junit", "sarif")

TOOL = "letter"
JSON_VERSION = 1
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
#: The text report shows a warning check's first SHOWN findings in a file, and counts the rest on one line, where
#: there are at least two more: a line that counted one would hide nothing.
SHOWN = 3
# The heading, JUnit suite and SARIF property for findings without a locale: those about the
# template (.pot), the source text, or the project's settings and folders.
PROJECT = "project"


@dataclass(frozen=True)
class Scope:
    """What was checked, so reports can name clean locales/files too and count them.

    Findings alone can't say "7 locales were checked and 5 are clean": a clean
    locale has no finding to mention it. Reports need that to count ("in 2 of 7
    locales") and to show clean locales as passing (JUnit suites, JSON summary).
    """

    locales: tuple[str, ...]  # BCP 47 tags checked, in order
    files: tuple[str, ...]    # project-relative paths checked

    def __post_init__(self) -> None:
        # Accept any sequence (the CLI may hand over lists) but store tuples, so
        # the value stays hashable and immutable like the dataclass promises.
        for name in ("locales", "files"):
            value = getattr(self, name)
            if isinstance(value, str):
                raise TypeError(f"Scope.{name} must be a sequence of strings, not a string")
            object.__setattr__(self, name, tuple(value))


# --------------------------------------------------------------------------- public API


def render(
    findings: Sequence[Finding],
    checked: Scope,
    fmt: str,
    *,
    color: bool = False,
    tool_version: str | None = None,
    folder: str = "",
    every: bool = False,
) -> str:
    """Render ``findings`` in format ``fmt`` (one of :data:`FORMATS`).

    ``color`` and ``every`` only affect ``text``: machine formats never carry escape codes, and list every finding.
    ``every`` lists each warning in ``text`` too, rather than the first :data:`SHOWN` of a check in a file.
    ``tool_version``, the installed letter's, goes where a format names the tool's version (SARIF).
    ``folder`` is the project's folder in its repository (``docs/letter``), which ``github`` and ``sarif``
    put before each file: GitHub resolves their paths against the repository's root, not the project's.
    """
    if folder and fmt in ("github", "sarif"):
        findings = [replace(f, path=posixpath.join(folder, f.path)) if f.path else f for f in findings]
    if fmt == "text":
        return _text(findings, checked, color=color, every=every)
    if fmt == "json":
        return _json(findings, checked)
    if fmt == "github":
        return _github(findings, checked)
    if fmt == "junit":
        return _junit(findings, checked)
    if fmt == "sarif":
        return _sarif(findings, checked, tool_version=tool_version)
    raise ValueError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}")


def summary(findings: Sequence[Finding], checked: Scope) -> str:
    """One line for the end of a report: "2 errors, 1 warning in 2 of 7 locales".

    Counts locales rather than files because locales are what translators own
    and what a release publishes; the template is named when it has findings,
    since a broken template affects every locale at once.
    """
    errors, warnings = _counts(findings)
    locales = _all_locales(findings, checked)
    n = len(locales)
    if not findings:
        if n or not checked.files:
            return f"no findings in {counted(n, 'locale')}"
        return f"no findings in {counted(len(checked.files), 'file')}"
    counts = ", ".join(
        part
        for part in (
            counted(errors, "error") if errors else "",
            counted(warnings, "warning") if warnings else "",
        )
        if part
    )
    with_findings = len({f.locale for f in findings if f.locale is not None})
    in_project = any(f.locale is None for f in findings)
    where = f"{with_findings} of {counted(n, 'locale')}"
    if in_project:
        if not n:
            return f"{counts} in the {PROJECT}"
        if not with_findings:
            return f"{counts} in the {PROJECT}, none in {counted(n, 'locale')}"
        return f"{counts} in the {PROJECT} and {where}"
    return f"{counts} in {where}"


def use_color(stream: TextIO) -> bool:
    """Whether to colour output written to ``stream``.

    Only for a terminal (a pipe, a file or a CI log gets no escape codes), and
    never when the user opted out: NO_COLOR set to anything but the empty
    string (https://no-color.org), or TERM=dumb (terminals without ANSI).
    """
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    if isatty is None:
        return False
    try:
        return bool(isatty())
    except (OSError, ValueError):  # a closed or detached stream is no terminal
        return False


# --------------------------------------------------------------------------- ordering


def _severity(finding: Finding) -> Severity:
    # Severity is a str enum; accept a plain "error"/"warning" string too.
    return Severity(finding.severity)


def _key(finding: Finding) -> tuple[str, int, str, str, str, str, bool]:
    """Total order within a group: path, line, check, message, then the rest as tie-breaks."""
    return (
        finding.path,
        finding.line or 0,
        finding.check,
        finding.message,
        _severity(finding).value,
        finding.msgid or "",
        finding.line is None,
    )


def _all_locales(findings: Iterable[Finding], checked: Scope) -> list[str]:
    """Scope locales in their order, then any other locale a finding names, sorted.

    A finding for a locale that was not in ``checked`` should not happen, but if
    it does it is still reported rather than dropped.
    """
    known = list(dict.fromkeys(checked.locales))
    extra = sorted({f.locale for f in findings if f.locale is not None} - set(known))
    return known + extra


def _groups(findings: Sequence[Finding], checked: Scope) -> list[tuple[str | None, list[Finding]]]:
    """(locale or None for the template, sorted findings) for every locale, template first.

    Clean locales are included with an empty list, so each format can decide
    how to show them; the template is included only when it has findings.
    """
    by_locale: dict[str | None, list[Finding]] = {}
    for finding in findings:
        by_locale.setdefault(finding.locale, []).append(finding)
    groups: list[tuple[str | None, list[Finding]]] = []
    if None in by_locale:
        groups.append((None, sorted(by_locale[None], key=_key)))
    for locale in _all_locales(findings, checked):
        groups.append((locale, sorted(by_locale.get(locale, []), key=_key)))
    return groups


def _ordered(findings: Sequence[Finding], checked: Scope) -> list[Finding]:
    return [f for _, group in _groups(findings, checked) for f in group]


def _counts(findings: Iterable[Finding]) -> tuple[int, int]:
    errors = warnings = 0
    for finding in findings:
        if _severity(finding) is Severity.ERROR:
            errors += 1
        else:
            warnings += 1
    return errors, warnings


# --------------------------------------------------------------------------- text

# C0 and C1 controls (bar tab and newline, handled separately), lone surrogates, the
# two non-characters XML forbids, and the invisible characters a catalog may not hold
# (markup.INVISIBLE), which a finding may quote. In a terminal these could move the
# cursor, recolour or rewrite what the reader sees, or (the bidi controls) show a log
# line's words in another order than its bytes; in XML they make the file unreadable.
_UNSAFE = re.compile(f"[{UNWANTED_CHARACTERS}\ud800-\udfff\ufffe\uffff]")


def _escape_char(match: re.Match[str]) -> str:
    ch = match.group()
    if ch == "\r":
        return "\\r"
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _safe(text: str, *, newlines: bool = False) -> str:
    """``text`` with unsafe characters shown as escapes; newlines too unless ``newlines``."""
    text = _UNSAFE.sub(_escape_char, text)
    return text if newlines else text.replace("\n", "\\n")


_RESET = "\x1b[0m"
_STYLE = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[1;33m"}
_BOLD = "\x1b[1m"


def _paint(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{_RESET}" if color else text


def _finding_line(finding: Finding, *, color: bool = False) -> str:
    """``path:line: severity: [check] message``, the shape editors and terminals link.

    A message over several lines continues on lines indented by four spaces, so
    the first line keeps that shape and the rest still reads as part of it.
    """
    severity = _severity(finding)
    # A finding about no file (a locale code on the command line that is no locale's) is named as the CLI names
    # such an error: "letter: error: ...".
    where = (_safe(finding.path) or TOOL) + (f":{finding.line}" if finding.line is not None else "")
    message = _safe(finding.message, newlines=True).replace("\n", "\n    ")
    label = _paint(severity.value, _STYLE[severity], color)
    return f"{where}: {label}: [{_safe(finding.check)}] {message}"


def _heading(locale: str | None) -> str:
    return f"{_safe(locale) if locale is not None else PROJECT}:"


def _folded(group: Sequence[Finding]) -> list[Finding | tuple[str, str, int]]:
    """One locale's sorted findings as the text report lists them: every error, and every warning but those
    after the first :data:`SHOWN` of a check with more than ``SHOWN + 1`` in one file, which are counted instead,
    as (path, check, how many more), after the last line shown of that file, in the order of checks."""
    warned = Counter((f.path, f.check) for f in group if _severity(f) is Severity.WARNING)
    many = sorted(key for key, count in warned.items() if count > SHOWN + 1)
    listed: list[Finding | tuple[str, str, int]] = []
    seen: Counter[tuple[str, str]] = Counter()
    for at, finding in enumerate(group):
        key = (finding.path, finding.check)
        if _severity(finding) is Severity.ERROR or warned[key] <= SHOWN + 1:
            listed.append(finding)
        else:
            seen[key] += 1
            if seen[key] <= SHOWN:
                listed.append(finding)
        if at + 1 == len(group) or group[at + 1].path != finding.path:
            listed.extend((path, check, warned[path, check] - SHOWN) for path, check in many if path == finding.path)
    return listed


def _more_line(locale: str | None, path: str, check: str, more: int) -> str:
    """What a folded warning check has past the lines shown, and the command that lists them (``--all``)."""
    where = f" in {_safe(path)}" if path else ""
    command = f"{TOOL} check {_safe(locale)} --all" if locale is not None else f"{TOOL} check --all"
    return f"  … and {more:,} more [{_safe(check)}] warnings{where}; `{command}` lists every one"


def _text(findings: Sequence[Finding], checked: Scope, *, color: bool, every: bool) -> str:
    lines: list[str] = []
    clean: list[str] = []
    for locale, group in _groups(findings, checked):
        if not group:
            clean.append(_safe(locale or PROJECT))
            continue
        lines.append(_paint(_heading(locale), _BOLD, color))
        lines.extend(_finding_line(item, color=color) if isinstance(item, Finding) else _more_line(locale, *item)
                     for item in (group if every else _folded(group)))
    if findings and clean:
        # Named on one line: with many locales a heading each would bury the findings.
        lines.append(f"no findings: {', '.join(clean)}")
    errors, _ = _counts(findings)
    style = _STYLE[Severity.ERROR] if errors else (_STYLE[Severity.WARNING] if findings else _BOLD)
    lines.append(_paint(summary(findings, checked), style, color))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- json


def _json(findings: Sequence[Finding], checked: Scope) -> str:
    errors, warnings = _counts(findings)
    document = {
        "version": JSON_VERSION,
        "tool": TOOL,
        "summary": {
            "errors": errors,
            "warnings": warnings,
            "locales": list(checked.locales),
            "files": list(checked.files),
        },
        "findings": [
            {
                "check": f.check,
                "severity": _severity(f).value,
                "path": f.path,
                "line": f.line,
                "locale": f.locale,
                "msgid": f.msgid,
                "message": f.message,
            }
            for f in _ordered(findings, checked)
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- github

# Exactly @actions/core's escapeData and escapeProperty (packages/core/src/command.ts):
# '%' first, so the escapes it introduces are not escaped again.
_DATA_ESCAPES = (("%", "%25"), ("\r", "%0D"), ("\n", "%0A"))
_PROPERTY_ESCAPES = _DATA_ESCAPES + ((":", "%3A"), (",", "%2C"))


def escape_data(value: str) -> str:
    """Escape a workflow command's message as GitHub's toolkit does (``escapeData``)."""
    for char, escaped in _DATA_ESCAPES:
        value = value.replace(char, escaped)
    return value


def escape_property(value: str) -> str:
    """Escape a workflow command's property value as GitHub's toolkit does (``escapeProperty``)."""
    for char, escaped in _PROPERTY_ESCAPES:
        value = value.replace(char, escaped)
    return value


def _command(finding: Finding) -> str:
    title = f"{TOOL} check: [{finding.check}]"
    if finding.locale is not None:
        title += f" ({finding.locale})"
    properties = {"file": finding.path, "line": str(finding.line) if finding.line else "", "title": title}
    # Like the toolkit, leave out empty properties (and so a line of None or 0). The file stays as it is, for
    # GitHub to find; the message, which the log shows, has its hidden characters shown as the text report's.
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items() if value)
    return f"::{_severity(finding).value} {props}::{escape_data(_safe(finding.message, newlines=True))}"


def _github(findings: Sequence[Finding], checked: Scope) -> str:
    """Annotations, then the whole text report with workflow commands switched off.

    GitHub turns only the first 10 errors and 10 warnings of a step into
    annotations; the text report after them keeps every finding in the log.
    That report quotes translators' text, and a line of it starting with
    ``::`` would be run as a workflow command, so it is wrapped in
    ``::stop-commands::TOKEN`` ... ``::TOKEN::``. The token is a hash of the
    report itself: deterministic, yet not something the report's own text can
    contain.
    """
    commands = [_command(f) for f in _ordered(findings, checked)]
    report = _text(findings, checked, color=False, every=True)
    token = "letter-" + hashlib.sha256(report.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return "".join(line + "\n" for line in commands) + f"::stop-commands::{token}\n{report}::{token}::\n"


# --------------------------------------------------------------------------- junit


def _testcases(locale: str | None, group: list[Finding]) -> list[ET.Element]:
    """One testcase per (file, check) with findings; a single passing one for a clean locale."""
    classname = f"{TOOL}.{_safe(locale) if locale is not None else PROJECT}"
    if not group:
        return [ET.Element("testcase", {"classname": classname, "name": "all checks"})]
    cases: dict[tuple[str, str], list[Finding]] = {}
    for finding in group:  # already sorted: cases come out in path, then check order
        cases.setdefault((finding.path, finding.check), []).append(finding)
    elements = []
    for (path, check), group in sorted(cases.items(), key=lambda item: item[0]):
        name = f"[{_safe(check)}] {_safe(path)}" if path else f"[{_safe(check)}]"
        case = ET.Element("testcase", {"classname": classname, "name": name})
        body = "\n".join(_finding_line(f) for f in group) + "\n"
        errors, warnings = _counts(group)
        if errors:
            parts = [counted(errors, "error")] + ([counted(warnings, "warning")] if warnings else [])
            said = f"{', '.join(parts)} in {_safe(path)}" if path else ", ".join(parts)
            failure = ET.SubElement(case, "failure", {"type": _safe(check), "message": said})
            failure.text = body
        else:
            ET.SubElement(case, "system-out").text = body
        elements.append(case)
    return elements


def _junit(findings: Sequence[Finding], checked: Scope) -> str:
    """JUnit XML as GitLab and Jenkins read it, valid against Jenkins' junit-10.xsd.

    ``<testsuites>`` carries tests, failures and errors but no ``skipped``:
    that XSD (used by Jenkins' xUnit plugin to reject input) does not allow it
    there, and nothing is ever skipped anyway; each ``<testsuite>`` has it.
    """
    groups = _groups(findings, checked)
    if not groups:  # nothing checked and nothing found: still one suite, so CI shows a run
        groups = [(None, [])]
    root = ET.Element("testsuites", {"name": f"{TOOL} check"})
    total_tests = total_failures = 0
    for locale, group in groups:
        cases = _testcases(locale, group)
        failures = sum(1 for case in cases if case.find("failure") is not None)
        suite = ET.SubElement(
            root,
            "testsuite",
            {
                "name": f"{TOOL} check: {_safe(locale) if locale is not None else PROJECT}",
                "tests": str(len(cases)),
                "failures": str(failures),
                "errors": "0",
                "skipped": "0",
            },
        )
        suite.extend(cases)
        total_tests += len(cases)
        total_failures += failures
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", "0")
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


# --------------------------------------------------------------------------- sarif


#: A line number in a finding's message: "at line 106", "lines 120 (first at line 106), 130", "last line (129)".
_LINE_NUMBER = re.compile(r"(?<=\bline )\d+|(?<=\blines )\d+|(?<=\bline \()\d+|\d+(?= \(first at line )")


def _fingerprint(finding: Finding) -> str:
    """Identity of a finding that survives lines moving, so dashboards track it across runs: its message
    without the line numbers it names (a duplicate's "already defined at line 106"), since GitHub closes
    an alert whose fingerprint changed and opens another."""
    message = _LINE_NUMBER.sub("N", finding.message)
    parts = (finding.check, finding.locale or "", finding.path, finding.msgid or "", message)
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _told_apart(fingerprint: str, nth: int) -> str:
    """The fingerprint of the ``nth`` finding of one, in the file's order: findings alike on messages of one
    English in two contexts ("Former President" as a man's role and a woman's), which GitHub would take for one
    alert, are told apart by their order, which lines moving keep; the first keeps the fingerprint as it is."""
    return fingerprint if nth == 1 else hashlib.sha256(f"{fingerprint}\x00{nth}".encode()).hexdigest()


def _rule(check: str) -> dict[str, Any]:
    """A check as a SARIF rule: its name, and what it finds (``findings.described``, the README's words) as its
    full description and its help, which code scanning shows on each alert, with how to opt a message out
    of it or change its severity where a check has both."""
    rule: dict[str, Any] = {"id": check, "shortDescription": {"text": f"{TOOL} check: {check}"}}
    markdown = described(check)
    if markdown is None:
        return rule
    rule["fullDescription"] = {"text": markdown.replace("`", ""), "markdown": markdown}
    if check in CHECKS and check not in FIXED:
        markdown += (f"\n\nA message opts out of it with a translator comment, `# letter: no-check-{check}`; "
                     f'`[tool.letter.checks]` makes it `{check} = "error"`, `"warning"` or `"off"`.')
    rule["help"] = {"text": markdown.replace("`", ""), "markdown": markdown}
    return rule


def _sarif(findings: Sequence[Finding], checked: Scope, *, tool_version: str | None) -> str:
    """SARIF 2.1.0, one result per finding at its file; a finding about no file (the check that could not start
    on a bad argument) is instead the invocation's notification, since code scanning refuses a whole log for
    one result without a location."""
    every = _ordered(findings, checked)
    ordered, unplaced = [f for f in every if f.path], [f for f in every if not f.path]
    checks = sorted({f.check for f in ordered})
    index = {check: i for i, check in enumerate(checks)}
    rules = [_rule(check) for check in checks]
    results = []
    alike: Counter[str] = Counter()  # findings of one fingerprint so far
    for finding in ordered:
        fingerprint = _fingerprint(finding)
        alike[fingerprint] += 1
        physical: dict[str, Any] = {
            # A URI reference: percent-encode what a path may hold but a URI may not
            # (spaces, '%', '#', non-ASCII...); '/' stays a separator.
            "artifactLocation": {"uri": quote(finding.path, safe="/"), "uriBaseId": "%SRCROOT%"},
        }
        if finding.line:  # SARIF lines start at 1
            physical["region"] = {"startLine": finding.line}
        result: dict[str, Any] = {
            "ruleId": finding.check,
            "ruleIndex": index[finding.check],
            "level": _severity(finding).value,
            "message": {"text": finding.message},
            "locations": [{"physicalLocation": physical}],
            "partialFingerprints": {f"{TOOL}/v1": _told_apart(fingerprint, alike[fingerprint])},
        }
        properties = {key: value for key, value in (("locale", finding.locale), ("msgid", finding.msgid))
                      if value is not None}
        if properties:
            result["properties"] = properties
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {"driver": {"name": TOOL, **({"version": tool_version} if tool_version else {}),
                                    "rules": rules}},
                "results": results,
                "properties": {"locales": list(checked.locales), "files": list(checked.files)},
            }
        ],
    }
    if unplaced:
        log["runs"][0]["invocations"] = [{
            "executionSuccessful": not any(_severity(f) is Severity.ERROR for f in unplaced),
            "toolExecutionNotifications": [{"descriptor": {"id": f.check}, "level": _severity(f).value,
                                            "message": {"text": f.message}} for f in unplaced],
        }]
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
