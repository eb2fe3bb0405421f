"""The ``letter`` command: parses arguments, calls one stage, prints, sets the exit code.

Exit codes are the same for every command (``group``): 0 success, 1 the checked thing
fails (a stale template, a failing check), 2 bad usage or unreadable input,
130 stopped by Ctrl-C (`letter draft`: what was drafted so far is saved), but
for `letter serve`, which Ctrl-C or SIGTERM stops as it should (0).
"""
from __future__ import annotations

import io
import json
import os
import shlex
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.cli.draft import draft
from pipeline.cli.group import (
    EXIT_FAILED,
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    LazyChoice,
    LetterGroup,
    catalog_tags,
    config_of,
    in_repository,
    project_folder,
    report_errors,
)
from pipeline.errors import InputError
from pipeline.wording import counted

# The stages (Babel, Jinja2, markdown-it, RapidFuzz, uniseg, PyYAML...) are imported by the
# command that needs them, so that `letter --help` and a mistyped option answer at once.
if TYPE_CHECKING:
    from pipeline.config import Config
    from pipeline.findings import Finding
    from pipeline.model import Letter
    from pipeline.progress import LocaleStatus
    from pipeline.report import Scope

#: The distribution this command is installed as: where its version is read.
PACKAGE = "letter-pipeline"

def run() -> None:
    """The ``letter`` command: :func:`main`, then an exit that skips Python's teardown.

    When a command returns, all it wrote is closed; what Python would still do is free,
    one by one, the objects the command held (the letter and its messages, every
    locale's CLDR data, caches), a wait after a large build for memory the system takes
    back at once. Only the standard streams are left to
    flush. Tests call :func:`main`, which exits the usual way.

    Both streams write UTF-8, as CI logs and reports are read: a pipe on Windows gets cp1252, which has no Arabic.
    A stream closed when the command started is None, which Click writes nothing to.
    """
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8", errors=stream.errors)
    try:
        code = _ran()
        if not _flushed():
            code = code or 1
    except (click.Abort, KeyboardInterrupt):
        click.echo("letter: interrupted", err=True)
        code = EXIT_INTERRUPTED
        _flushed()
    os._exit(code)


def _ran() -> int:
    """:func:`main`'s exit code. Click itself would answer Ctrl-C pressed while it parses the command line, or
    once the command has returned, with "Aborted!" and exit code 1: outside standalone mode it raises
    ``click.Abort`` instead, for :func:`run` to say it as the group does Ctrl-C during a command (130)."""
    try:
        done = main.main(prog_name="letter", standalone_mode=False)
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except SystemExit as ended:
        if isinstance(ended.code, str):
            print(ended.code, file=sys.stderr)
        return ended.code if isinstance(ended.code, int) else 0 if ended.code is None else 1
    return done if isinstance(done, int) else 0  # Click returns ctx.exit's code; a command returns None


def _flushed() -> bool:
    """Whether the standard streams took what is left in their buffers; not when the reader went away
    (`letter status | head`), where nothing more can be said."""
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except OSError:
        return False
    return True


@click.group(cls=LetterGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-C", "--project", "project", type=click.Path(file_okay=False, path_type=Path), default=None,
              metavar="DIR",
              help="The project folder (where pyproject.toml is); by default the nearest of the current folder "
                   "and its parents whose pyproject.toml has a [tool.letter] table, else the nearest that has "
                   "one.")
@click.version_option(package_name=PACKAGE)
@click.pass_context
def main(ctx: click.Context, project: Path | None) -> None:
    """Publish the open letter in many languages through gettext catalogs.

    \b
    The translator's workflow:
      letter init fr          once: a catalog for a new locale
      (translate in Poedit, Weblate or an editor, and clear the fuzzy mark
       of each message you have reviewed)
      letter status           how far each locale is
      letter check fr         what is missing, a draft, or broken
      letter build            reviewed locales → output/

    \b
    The editor's workflow:
      (add a signatory to source/signatories.yaml, or correct the English
       and date the correction in source/letter.md: revised: YYYY-MM-DD)
      letter extract          source/ → locales/letter.pot
      letter update           the template → every catalog
      letter build            published editions, saying what each awaits
    """
    ctx.obj = project


def _version() -> str | None:
    """The installed letter's version; None when it runs from a checkout that is not installed."""
    from importlib import metadata
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        return None


def _letter(config: Config) -> Letter:
    from pipeline.source import read_configured
    return read_configured(config)


def _one_line(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """A ``letter new`` field, or a usage error for one the letter's front matter could not give back: an
    empty one, which ``letter extract`` refuses, or one of several lines (a line of it that is ``---`` would end
    the front matter)."""
    if value is not None and (not value.strip() or len(value.splitlines()) > 1):
        raise click.BadParameter("write it as one line of text")
    return value


@main.command(short_help="Start a letter in DIR: its settings, source and git files.")
@click.argument("folder", required=False, metavar="[DIR]", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", metavar="TITLE", callback=_one_line,
              help="The letter's title (default: one to change in source/letter.md).")
@click.option("--publisher", metavar="NAME", callback=_one_line,
              help="Who publishes it (default: one to change in source/letter.md).")
@click.pass_context
def new(ctx: click.Context, folder: Path | None, title: str | None, publisher: str | None) -> None:
    """Start a letter in DIR (default: -C's folder, else the current one, never a parent):
    its settings and its source, written where none of them is yet, and its git files (the letter's
    rules added to those already there)."""
    from pipeline import starter
    if folder is not None and ctx.obj is not None:
        raise click.UsageError("name the folder once: `letter new DIR` or `letter -C DIR new`")
    folder = folder or ctx.obj or Path(".")
    for name, added in starter.start(folder, title, publisher):
        done = "added the letter's rules to" if added else "created"
        click.echo(f"{done} {(folder / name).as_posix()}")
    here = "letter" if folder.resolve() == Path.cwd() else f"letter -C {shlex.quote(folder.as_posix())}"
    click.echo(f"next: write the letter in {(folder / starter.LETTER_PATH).as_posix()} and its signatories in "
               f"{(folder / starter.SIGNATORIES_PATH).as_posix()}, then `{here} extract`")


@main.command()
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if the template is stale.")
@click.pass_context
def extract(ctx: click.Context, check: bool) -> None:
    """Write locales/letter.pot from the letter in source/."""
    from pipeline import catalogs
    from pipeline import extract as extract_stage
    config = config_of(ctx)
    result = extract_stage.run(config, _letter(config), check=check)
    name = config.relative(result.path)
    for warning in result.warnings:
        click.echo(warning.report(project_folder(), "warning"), err=True)
    if not result.changed:
        click.echo(f"{name} is up to date")
        return
    if check:
        click.echo(f"{name} is stale; run `letter extract` and commit the result:", err=True)
        click.echo(_listing(result.changes, result.path), err=True)
        ctx.exit(EXIT_FAILED)
    click.echo(f"wrote {name}")
    click.echo(_listing(result.changes, result.path))
    click.echo("next: `letter update`, which brings the change to every catalog" if catalogs.discover(config)[0]
               else f"next: {_first_catalog(config)}")


LISTED_CHANGES = 30


def _listing(changes: tuple[str, ...], template: Path) -> str:
    """The changed messages, the first few of a long list and how many more; `git diff` shows them all where
    git tracks the ``template``, and nothing where it does not (a letter just started, in no repository)."""
    from pipeline import repository
    lines = [f"  {line}" for line in changes[:LISTED_CHANGES]]
    if len(changes) > LISTED_CHANGES:
        added = sum(line.startswith("+ ") for line in changes)
        removed = sum(line.startswith("- ") for line in changes)
        shown = "; `git diff` shows them" if repository.tracked(template) else ""
        lines.append(f"  … and {len(changes) - LISTED_CHANGES:,} more ({added:,} added and {removed:,} removed "
                     f"in all{shown})")
    return "\n".join(lines)


@main.command()
@click.argument("locales", nargs=-1, required=True, metavar="LOCALE...")
@click.pass_context
def init(ctx: click.Context, locales: tuple[str, ...]) -> None:
    """Create a catalog for each new LOCALE, and its glossary.

    A LOCALE is a BCP 47 or POSIX code: fr, pt-BR, zh-Hans."""
    from pipeline import glossary
    from pipeline.update import init as create
    config = config_of(ctx)
    created = create(config, locales)
    for made in created:
        click.echo(f"created {config.relative(made.path)}")
        if (started := glossary.start(config, made.locale)) is not None:
            click.echo(f"created {config.relative(started)}, for the approved forms of names and organisations")
        if made.twin is not None:
            from pipeline.locales import source_locale, territory_name
            here, folder = (config.relative(config.catalog_path(made.twin.posix).parents[1]),
                            config.relative(made.path.parents[1]))
            where = (f"for {territory_name(made.locale.territory, source_locale())}" if made.locale.territory
                     else "for no country in particular")
            click.echo(f"  note: {made.twin.english_name} is already here as {made.twin.tag} ({here}); "
                       f"{made.locale.tag} is a second edition of it, {where}; if you meant "
                       f"{made.twin.tag}, delete {folder}", err=True)
        if made.moved_to is not None:
            click.echo(f"  note: {made.locale.tag}/ is the old address of {made.moved_to} ([tool.letter] moved): "
                       f"once published, the {made.locale.tag} edition takes it over from the page that sends "
                       f"readers on to {made.moved_to}", err=True)
    tags, them = " ".join(made.locale.tag for made in created), "it" if len(created) == 1 else "them"
    click.echo(f"next: translate {them} in Poedit or an editor, or fill {them} with machine drafts to review "
               f"(`letter draft {tags} --provider …`); then `letter check {tags}`")


@main.command()
@click.argument("locales", nargs=-1, metavar="[LOCALE...]", shell_complete=catalog_tags)
@click.option("--keep-translations", "keep", is_flag=True,
              help="The English was corrected in spelling, case or punctuation only: a reviewed translation "
                   "of a message so corrected (at most 3 words or marks; a word changes its case or a letter or "
                   "two; no word added or removed; no number or symbol changed) stays reviewed instead of becoming "
                   "a draft. A real word for another that close passes too (world's → worlds, united → untied): "
                   "read the list of corrections it prints. A name changed in a letter is no such correction: its "
                   "translation, written by its sound, becomes a draft.")
@click.option("--add-lost", is_flag=True,
              help="A catalog that lost messages since its last update (cut short by a crash, say) is refused, "
                   "to be restored from git first; with this, they are added back untranslated.")
@click.pass_context
def update(ctx: click.Context, locales: tuple[str, ...], keep: bool, add_lost: bool) -> None:
    """Merge the template into every catalog (or each LOCALE's).

    New messages arrive untranslated; a changed message keeps its old
    translation as a fuzzy draft showing the previous source text; removed
    messages become obsolete (#~), never lost.
    """
    from pipeline import reviewed
    from pipeline.update import update as merge_template
    config = config_of(ctx)
    updated, errors = merge_template(config, locales, keep=keep, add_lost=add_lost)
    kept: dict[tuple[str | None, str, str], None] = {}
    for item in updated:
        state = "updated" if item.changed else "unchanged"
        click.echo(f"{item.catalog.locale.tag}: {state} ({item.added} new, {item.fuzzy_matched} fuzzy, "
                   f"{item.obsoleted} obsolete, {item.revived} revived)")
        if item.kept is not None and item.kept.edits:
            kept.update(dict.fromkeys(item.kept.edits))
            click.echo(f"  kept {counted(len(item.kept.edits), 'reviewed translation')} (--keep-translations)")
        if item.kept is not None and item.kept.declined:
            click.echo(f"  {counted(item.kept.declined, 'edit')} of more than spelling, case or punctuation (of a "
                       "name's letters, any) left a draft for review")
        if item.kept is not None and item.kept.edited:
            click.echo(f"  {counted(item.kept.edited, 'correction')} of form left a draft, as its translator edited "
                       "it since: review it (the option keeps a translation only as it was reviewed)")
        if item.restored:
            click.echo(f"  {counted(item.restored, 'draft')} reviewed again: the English is back as its "
                       "translation was reviewed for")
        if item.record is not None:
            record = config.relative(reviewed.path_of(item.catalog.path))
            click.echo(f"  {item.record} {record}" + (" (what the edition shows until review): commit it too"
                                                       if item.record == "wrote" else " (every revision is reviewed)"))
    if kept:
        click.echo("translations kept as reviewed for these corrections of the English (`letter check` holds them "
                   "to the new English):")
        _list_edits(kept)
    keepable = dict.fromkeys(edit for item in updated for edit in item.keepable)
    if keepable:
        one = len(keepable) == 1
        click.echo(f"note: {counted(len(keepable), 'edit')} change{'s' if one else ''} only the English's spelling, "
                   f"case or punctuation: `letter update --keep-translations` leaves the reviewed translations of "
                   f"{'it' if one else 'them'} reviewed instead of drafts (read what it lists):")
        _list_edits(keepable)
    if updated and not any(item.changed for item in updated):
        # "unchanged" is what an editor who forgot `letter extract` sees: said so only then, since a merge
        # that changed catalogs came after an extract, and reading source/ costs a parse of the letter.
        from pipeline.catalogs import template_lacks
        from pipeline.units import messages
        try:
            behind = template_lacks(config, messages(_letter(config)))
        except InputError as error:  # this update needed none of it: it is told, not failed
            click.echo(f"{error.report(project_folder(), 'warning')}; once it is mended, run `letter extract`, then "
                       "`letter update`, to bring what changed in source/ to the catalogs", err=True)
            behind = False
        if behind:
            click.echo("note: source/ changed since `letter extract` made the template, so this update brought "
                       "none of it to the catalogs: run `letter extract`, then `letter update`", err=True)
    if any(item.added or item.fuzzy_matched for item in updated):
        click.echo("next: translate the new messages and review the drafts (`letter draft` fills the new with "
                   "machine drafts; `letter serve`'s review page, Poedit or an editor for the rest), then `letter "
                   "build`")
    report_errors(errors)
    if errors:
        ctx.exit(EXIT_INPUT)


def _list_edits(edits: Iterable[tuple[str | None, str, str]]) -> None:
    """Each corrected English (context, before, after), its change shown word by word."""
    from pipeline.worddiff import shown
    for context, before, after in edits:
        click.echo(f"  ~ {shown(before, after, context)}")


def _site_url(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """``--site-url`` as ``[tool.letter] site_url`` holds it, or a usage error that names the option."""
    from pipeline.config import site_address
    try:
        return None if value is None else site_address(value)
    except InputError as error:
        raise click.BadParameter(error.message) from None


@main.command(short_help="Render English and every reviewed locale into output/.")
@click.option("--drafts", is_flag=True, help="Also render locales that are not fully reviewed, under a banner.")
@click.option("--site-url", metavar="URL", callback=_site_url,
              help="The address the editions are served from, for this build (default: [tool.letter] site_url).")
@click.option("--no-pdf", "no_pdf", is_flag=True,
              help="Make no PDF this time, though pyproject.toml lists the format (current ones are kept).")
@click.pass_context
def build(ctx: click.Context, drafts: bool, site_url: str | None, no_pdf: bool) -> None:
    """Render English and every reviewed locale into output/: an HTML page and plain text each,
    and a PDF when [tool.letter] formats lists "pdf".

    Exits 0 when built, 1 when a locale listed as published could not be published (its edition
    stays as the last build made it), 2 when a file cannot be read."""
    from dataclasses import replace

    from pipeline import build as build_stage
    from pipeline.build.summary import told
    config = config_of(ctx)
    if site_url is not None:
        config = replace(config, site_url=site_url)
    result = build_stage.run(config, drafts=drafts, pdfs=not no_pdf)  # reads the letter itself, when it must
    lines = told(config, result, no_pdf=no_pdf)
    for line in lines.said:
        click.echo(line)
    for line in lines.warned:
        click.echo(line, err=True)
    report_errors(result.errors)
    if result.errors:
        ctx.exit(EXIT_INPUT)
    if result.failed:
        ctx.exit(EXIT_FAILED)


@main.command(short_help="Find missing, fuzzy and broken strings in the catalogs.")
@click.argument("locales", nargs=-1, metavar="[LOCALE...]", shell_complete=catalog_tags)
@click.option("--format", "fmt", type=LazyChoice("pipeline.report", "FORMATS"), default="text", show_default=True,
              help="text for people; json, github, junit or sarif for machines.")
@click.option("--strict", is_flag=True,
              help="Treat every locale as published, and what awaits review as an error too; the checks a "
                   "person judges stay warnings.")
@click.option("--all", "every", is_flag=True,
              help="List every warning in the text report, which otherwise shows the first few of a check "
                   "repeated in a file and counts the rest; errors, and the other formats, are always complete.")
@click.pass_context
def check(ctx: click.Context, locales: tuple[str, ...], fmt: str, strict: bool, every: bool) -> None:
    """Find missing, fuzzy and broken strings in every catalog (or each LOCALE's).

    Exits 0 when clean, 1 when a finding fails (errors; only warnings for locales
    not configured as published, unless --strict), 2 when a file cannot be read:
    a catalog is a "syntax" finding, and the settings or the source stop the check,
    which --format json and the others report as its one finding, "input".
    A message opts out of a check with a translator comment, e.g. "# letter: no-check-numbers".
    """
    from pipeline import project_checks, report
    from pipeline.findings import INPUT, Finding
    try:
        config = config_of(ctx)
        result = project_checks.run(config, _letter(config), locales, strict=strict)
    except InputError as error:
        # Nothing was checked: the error is raised on, to be printed as every command prints one (exit 2),
        # and a machine format gets it as its one finding too (findings.INPUT says why), a locale named
        # that has no catalog included (at the catalog's place), and one naming no file (a code that is no
        # locale's, a project folder that does not exist) at none: CI parses the report all the same.
        if fmt != "text":
            finding = Finding.of_error(INPUT, error, error.shown_path(project_folder()) or "")
            _print_report([finding], report.Scope((), ()), fmt)
        raise
    _print_report(result.findings, report.Scope(result.locales, result.files), fmt, every=every)
    if result.unreadable:
        ctx.exit(EXIT_INPUT)
    if result.failed:
        ctx.exit(EXIT_FAILED)


def _print_report(findings: list[Finding], checked: Scope, fmt: str, *, every: bool = False) -> None:
    """``letter check``'s report in format ``fmt`` on standard output, coloured only as text to a terminal."""
    from pipeline import report
    color = fmt == "text" and report.use_color(sys.stdout)
    click.echo(report.render(findings, checked, fmt, color=color, tool_version=_version() if fmt == "sarif"
                             else None, folder=in_repository(project_folder()), every=every), nl=False, color=color)


@main.command(short_help="How far each locale is, and whether it is published.")
@click.argument("locales", nargs=-1, metavar="[LOCALE...]", shell_complete=catalog_tags)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, a table; json for machines, a list of one object per locale.")
@click.pass_context
def status(ctx: click.Context, locales: tuple[str, ...], fmt: str) -> None:
    """How far each locale is: reviewed, drafts, untranslated, and whether it is published.

    Exits 0, 1 when a locale listed as published cannot be published as it is, 2 when a file
    cannot be read."""
    from pipeline import catalogs
    from pipeline import status as status_stage
    config = config_of(ctx)
    found = status_stage.status(config, _letter(config), locales, git_note=fmt == "text")
    statuses, errors = found.statuses, found.errors
    if fmt == "json":
        click.echo(json.dumps([item.as_json() for item in statuses],
                              ensure_ascii=False, indent=2))
    elif statuses or not errors:  # "no catalogs yet" is not said of catalogs that could not be read
        click.echo(_status_table(statuses) if statuses else f"no catalogs yet; run {_first_catalog(config)}")
        for item in statuses:
            if noted := item.noted():
                click.echo(noted)
        unlisted = [item.locale.tag for item in statuses if item.published_now and not item.required]
        if unlisted:
            them = "it" if len(unlisted) == 1 else "them"
            click.echo(f"{', '.join(unlisted)}: published while complete; a change of the English takes {them} "
                       f"offline until all is reviewed again: list {them} in [tool.letter] published to keep "
                       f"{them} online")
        if found.behind:
            click.echo(found.behind)
        if found.as_text:
            click.echo(found.as_text)
    for tag in found.uncatalogued:
        click.echo(catalogs.uncatalogued_error(config, tag), err=True)
    report_errors(errors)
    if errors:
        ctx.exit(EXIT_INPUT)
    if found.uncatalogued or any(item.failing for item in statuses):
        ctx.exit(EXIT_FAILED)


def _first_catalog(config: Config) -> str:
    """What to run for a letter without a catalog: `letter init` starts one from the template `letter extract`
    writes."""
    first = "" if config.template.is_file() else "`letter extract`, then "
    return f"{first}`letter init LOCALE`, a catalog for each language the letter is to be read in"


def _status_table(statuses: list[LocaleStatus]) -> str:
    from pipeline.textlayout import display_width
    header = ("locale", "language", "reviewed", "drafts", "untranslated", "done", "status")
    rows = [header] + [(item.locale.tag, item.locale.native_name, str(item.progress.reviewed),
                        str(item.progress.draft), str(item.progress.untranslated), item.progress.shown,
                        item.summary()) for item in statuses]
    widths = [max(display_width(row[column]) for row in rows) for column in range(len(header))]
    numeric = {2, 3, 4, 5}
    lines = []
    for row in rows:
        cells = [cell.rjust(width + len(cell) - display_width(cell)) if column in numeric and row is not header
                 else cell + " " * (width - display_width(cell))
                 for column, (cell, width) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


# --- letter merge-driver ------------------------------------------------------------------------

@main.command("merge-driver", short_help="Merge catalogs, the template and records for git.")
@click.argument("files", nargs=-1, metavar="BASE OURS THEIRS PATH [BASE_NAME OURS_NAME THEIRS_NAME]")
@click.option("--install", is_flag=True, help="Name this command in the repository's git config as the driver "
                                               "that .gitattributes' merge=letter asks for.")
@click.pass_context
def merge_driver(ctx: click.Context, files: tuple[str, ...], install: bool) -> None:
    """Merge a catalog, the template or a letter.reviewed.json for git, message by message.

    Git runs it, once `letter merge-driver --install` has named it in the repository's git config, for
    the files .gitattributes marks merge=letter: BASE, OURS and THEIRS are the three versions, PATH
    the file's place, and the merge goes into OURS; the names, which git 2.44 and later gives, label
    the conflict markers. A translation merged with English it was not made for becomes a draft;
    header dates take the later; two translations of one message are left between conflict markers,
    for a person (exit 1).
    """
    from pipeline import gitmerge

    if install and files:
        raise click.UsageError("--install takes no BASE OURS THEIRS PATH")
    if install:
        click.echo(f"git config {gitmerge.DRIVER}: {gitmerge.install(config_of(ctx).root, sys.executable)}")
        return
    if len(files) not in (4, 7):
        raise click.UsageError("give BASE OURS THEIRS PATH and, if you like, the three names, as git does "
                               "(%O %A %B %P %S %X %Y), or --install")
    base, ours, theirs = (Path(name) for name in files[:3])
    labels = gitmerge.Labels.from_git(*files[4:]) if len(files) == 7 else gitmerge.Labels()
    merged = gitmerge.merge_file(base, ours, theirs, files[3], labels)
    ours.write_bytes(merged.data)
    for conflict in merged.conflicts:
        click.echo(f"letter: {files[3]}: conflict: {conflict}", err=True)
    if merged.conflicts:
        ctx.exit(EXIT_FAILED)


# --- letter serve ------------------------------------------------------------------------------

@main.command()
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="The port to serve on; 0 takes any free one.")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADDRESS",
              help="The address to serve on. Another one lets other machines open the review pages.")
@click.option("--open", "open_browser", is_flag=True, help="Open the editions in a web browser, let in.")
@click.pass_context
def serve(ctx: click.Context, port: int, host: str, open_browser: bool) -> None:
    """Preview every edition live, and review drafts in context.

    Builds with drafts into a temporary folder (output/ stays as `letter build` made
    it), serves it on http://127.0.0.1:8000/ by default, and builds again and reloads the open
    pages whenever the source, a catalog, a template or pyproject.toml changes. The pages
    are yours alone: open the address it prints, with this run's key, to let a browser in.
    Each locale's review page (/review/LOCALE/) shows every message beside its
    English, with its state and findings, and saves edits and approvals into the
    catalog. Ctrl-C stops it.
    """
    from pipeline import serve as serve_stage  # Starlette, uvicorn and watchfiles load for this command only
    serve_stage.run(config_of(ctx), host=host, port=port, open_browser=open_browser)


main.add_command(draft)
