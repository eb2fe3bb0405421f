"""The ``letter`` command: parses arguments, calls one stage, prints, sets the exit code.

Exit codes are the same for every command: 0 success, 1 the checked thing
fails (a stale template, a failing check), 2 bad usage or unreadable input.
"""
from __future__ import annotations

from pathlib import Path

import click

from pipeline import build as build_stage
from pipeline import catalogs, extract as extract_stage
from pipeline.config import Config, load_config
from pipeline.errors import InputError
from pipeline.source import read_letter

EXIT_FAILED = 1
EXIT_INPUT = 2


class LetterGroup(click.Group):
    """Turns an ``InputError`` from any stage into one clear line and exit code 2."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except InputError as error:
            click.echo(error.report(), err=True)
            ctx.exit(EXIT_INPUT)


def _report_errors(errors: list[InputError] | tuple[InputError, ...]) -> None:
    for error in errors:
        click.echo(error.report(), err=True)


@click.group(cls=LetterGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-C", "--project", "project", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="The project folder (where pyproject.toml is).")
@click.version_option(package_name="letter-pipeline")
@click.pass_context
def main(ctx: click.Context, project: Path) -> None:
    """Publish the open letter in many languages through gettext catalogs.

    \b
    The translator's workflow:
      letter extract          source/ → locales/letter.pot
      letter init fr          a catalog for a new locale
      letter update           the template → every catalog
      (translate and review in Poedit, Weblate or an editor)
      letter build            reviewed locales → output/
    """
    ctx.obj = project


def _config(ctx: click.Context) -> Config:
    return load_config(ctx.obj)


def _letter(config: Config):
    return read_letter(config.source, config.signatories, display_root=config.root)


@main.command()
@click.option("--check", is_flag=True, help="Change nothing; exit 1 if the template is stale.")
@click.pass_context
def extract(ctx: click.Context, check: bool) -> None:
    """Write locales/letter.pot from the letter in source/."""
    config = _config(ctx)
    result = extract_stage.run(config, _letter(config), check=check)
    name = config.relative(result.path)
    if not result.changed:
        click.echo(f"{name} is up to date")
        return
    if check:
        click.echo(f"{name} is stale; run `letter extract` and commit the result:", err=True)
        for line in result.changes:
            click.echo(f"  {line}", err=True)
        ctx.exit(EXIT_FAILED)
    click.echo(f"wrote {name}")
    for line in result.changes:
        click.echo(f"  {line}")


@main.command()
@click.argument("locales", nargs=-1, required=True)
@click.pass_context
def init(ctx: click.Context, locales: tuple[str, ...]) -> None:
    """Create catalogs for new LOCALES (BCP 47 or POSIX codes: fr, pt-BR, zh-Hans)."""
    config = _config(ctx)
    for path in catalogs.init(config, locales):
        click.echo(f"created {config.relative(path)}")


@main.command()
@click.argument("locales", nargs=-1)
@click.pass_context
def update(ctx: click.Context, locales: tuple[str, ...]) -> None:
    """Merge the template into every catalog (or only LOCALES).

    New messages arrive untranslated; a changed message keeps its old
    translation as a fuzzy draft showing the previous source text; removed
    messages become obsolete (#~), never lost.
    """
    config = _config(ctx)
    updated, errors = catalogs.update(config, locales)
    for item in updated:
        result = item.result
        state = "updated" if item.changed else "unchanged"
        click.echo(f"{item.catalog.locale.tag}: {state} ({result.added} new, {result.fuzzy_matched} fuzzy, "
                   f"{result.obsoleted} obsolete, {result.revived} revived)")
    _report_errors(errors)
    if errors:
        ctx.exit(EXIT_INPUT)


@main.command()
@click.option("--drafts", is_flag=True, help="Also render locales that are not fully reviewed, under a banner.")
@click.pass_context
def build(ctx: click.Context, drafts: bool) -> None:
    """Render English and every reviewed locale into output/."""
    config = _config(ctx)
    result = build_stage.run(config, _letter(config), drafts=drafts)
    for skipped in result.skipped:
        click.echo(f"{skipped.locale.tag}: {skipped.progress.summary()}, not published")
    tags = ", ".join(e.locale.tag + (" (draft)" if e.draft else "") for e in result.editions)
    count = len(result.editions)
    click.echo(f"built {count} edition{'s' if count != 1 else ''} in {config.relative(config.output)}/: {tags}")
    if result.removed:
        click.echo(f"removed {len(result.removed)} files of editions no longer published")
    for tag in result.unpublished:
        click.echo(f"{tag}: error: listed as published in pyproject.toml but not fully reviewed", err=True)
    _report_errors(result.errors)
    if result.errors:
        ctx.exit(EXIT_INPUT)
    if result.failed:
        ctx.exit(EXIT_FAILED)
