"""The project: what `letter check` runs. The template is checked against the source, and every catalog
against the template (``catalog_checks.check_catalog``), on every core; while the template is stale, what a
catalog lacks of the letter is told to wait for `letter extract` (``_after_extract``)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from pipeline import catalogs, extract, reviewed
from pipeline.catalog_checks import (
    UPDATE,
    CatalogUnderTest,
    check_catalog,
    glossary_missing,
    quoted,
    settings_for,
    severity_of,
)
from pipeline.checks import Settings
from pipeline.config import CONFIG_FILE, Config
from pipeline.errors import InputError
from pipeline.findings import Finding, Severity
from pipeline.model import Key, Letter, Message
from pipeline.parallel import forked
from pipeline.source.signatories import TWINS
from pipeline.units import messages


@dataclass(frozen=True)
class CheckRun:
    findings: list[Finding]
    locales: tuple[str, ...]   # tags checked
    files: tuple[str, ...]     # files checked, relative to the project
    unreadable: int            # catalogs or settings that could not be read at all

    @property
    def failed(self) -> bool:
        return any(finding.failed for finding in self.findings)


def run(config: Config, letter: Letter, codes: tuple[str, ...] = (), *, strict: bool = False) -> CheckRun:
    """Check the template against the source and each catalog against the template.

    An unreadable catalog is a ``syntax`` finding and counted as unreadable; the
    other catalogs are still checked. ``strict`` treats every locale as published.
    """
    findings: list[Finding] = []
    template_name = config.relative(config.template)
    units = messages(letter)
    settings = Settings(severities=config.checks)  # for the project's own findings
    selected, errors = catalogs.select(config, codes)
    unreadable = len(errors)
    text_keys = letter.text_keys
    revised = letter.revised.isoformat() if letter.revised else None
    common = Checking(config, units, text_keys, strict, revised, extract.template_date(config))
    with forked(_check_one, selected, common=common) as checked:
        # The template is compared with the source here while the workers check the catalogs.
        stale = extract.run(config, letter, check=True)
        if stale.changed:
            findings.append(Finding("stale-template", Severity.ERROR, template_name, None,
                                    "the template does not match source/; run `letter extract` and commit it: "
                                    + _changes(stale.changes)))
        findings += [Finding.of_error("syntax", error, _shown(config, error.path)) for error in errors]
        if stale.warnings and (severity := severity_of(TWINS, settings, published=True)):
            findings += [Finding(TWINS, severity, warning.path or "", warning.line, warning.message)
                         for warning in stale.warnings]
        if not codes and (severity := severity_of("out-of-sync", settings, published=True)):
            findings += [Finding("out-of-sync", severity, CONFIG_FILE, None,
                                 f"{tag} is listed as published, but "
                                 f"{catalogs.published_without_catalog(config, tag)}", tag)
                         for tag in catalogs.uncatalogued(config, selected, errors)]
        for found_findings, readable in checked:
            findings += found_findings if not stale.changed else _after_extract(found_findings)
            unreadable += not readable
    files = (template_name, *(config.relative(item.path) for item in selected))
    tags = tuple(item.locale.tag for item in selected)
    return CheckRun(findings, tags, files, unreadable)


#: How many of the template's changes the ``stale-template`` finding lists, on its one line.
LISTED_CHANGES = 5


def _changes(changes: tuple[str, ...]) -> str:
    """The template's changes (``extract.describe_changes``), the first few of a long list and how many more."""
    more = len(changes) - LISTED_CHANGES
    return "; ".join(changes[:LISTED_CHANGES]) + (f"; … and {more} more (`letter extract --check` lists them)"
                                                  if more > 0 else "")


def _after_extract(findings: list[Finding]) -> list[Finding]:
    """A catalog's findings while the template is stale: what the source changed needs extract first. More
    out-of-sync findings of that one cause than the stale-template finding lists (``LISTED_CHANGES``) are one
    finding, in the place of the first: a finding each made 70 lines of a few signatures in 7 catalogs. What
    the catalog lost or had edited in it, measured against the template file (``check_catalog``), is to be
    mended first all the same, message by message (``catalogs.LOST_HERE``, ``EDITED_HERE``,
    ``EDITED_ELSEWHERE``)."""
    behind = [finding for finding in findings if finding.check == "out-of-sync" and finding.message.endswith(UPDATE)]
    ids = {id(finding) for finding in behind}
    if len(behind) > LISTED_CHANGES:
        first, merged = behind[0], ids - {id(behind[0])}
        told = replace(first, line=None, msgid=None, quotes=(), message=(
            f"{len(behind)} messages differ from the letter, {quoted(first.msgid or '')} the first, as the template "
            "is out of date with source/ (`letter extract --check` lists them); run `letter extract`, then "
            "`letter update`"))
        return [told if finding is first else finding for finding in findings if id(finding) not in merged]
    return [replace(finding, message=f"{finding.message.removesuffix(UPDATE)}; run `letter extract`, then "
                                     "`letter update`") if id(finding) in ids else finding
            for finding in findings]


@dataclass(frozen=True)
class Checking:
    """What every catalog of a check is checked with: the settings, the letter's messages and the keys of
    its title and paragraphs (``text_keys``), whether every locale is held to every check (``strict``), the
    day the letter dates its correction (``revised``, as the edition gives it) and the template's date."""

    config: Config
    units: tuple[Message, ...]
    text_keys: frozenset[Key]
    strict: bool
    revised: str | None
    template_date: str


def _check_one(common: Checking, item: catalogs.LocaleCatalog) -> tuple[list[Finding], bool]:
    """One catalog's findings, and whether it could be read; run in a worker process."""
    config = common.config
    name = config.relative(item.path)
    try:
        catalog = catalogs.load_checked(item.path, config)
        record = reviewed.load(reviewed.path_of(item.path))
        settings = settings_for(config, item.locale)
    except InputError as error:
        return [Finding.of_error("syntax", error, _shown(config, error.path) or name, item.locale.tag)], False
    target = CatalogUnderTest(catalog, item.locale, name, item.locale.tag in config.published, record=record,
                              strict=common.strict, withdraw_revised=config.withdraw_revised, revised=common.revised,
                              template_date=common.template_date, template=config.template)
    findings = check_catalog(target, common.units, settings, common.text_keys)
    if missing := glossary_missing(config, item.locale, settings, common.strict):
        findings.append(missing)
    return findings, True


def _shown(config: Config, path: str | None) -> str:
    """A file named by an error, as findings name files: relative to the project."""
    return config.relative(Path(path)) if path else ""


