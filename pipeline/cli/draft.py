"""``letter draft``: machine drafts for review, with a progress bar for each catalog and what each run did."""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

import click

from pipeline.cli.group import EXIT_FAILED, EXIT_INTERRUPTED, LazyChoice, LetterCommand, catalog_tags, config_of
from pipeline.errors import InputError
from pipeline.wording import counted, quoted

if TYPE_CHECKING:
    from pipeline.config import Config
    from pipeline.draft import Outcome


@click.command(cls=LetterCommand, short_help="Fill untranslated messages with machine drafts, for review.")
@click.argument("locales", nargs=-1, required=True, metavar="LOCALE...", shell_complete=catalog_tags)
@click.option("--provider", type=LazyChoice("pipeline.providers", "NAMES"), required=True,
              help="Who drafts: a service through deep-translator, or pseudo / pseudo-rtl (offline, for layouts).")
@click.option("--url", metavar="URL", help="The address of your LibreTranslate server (default: $LIBRE_URL).")
@click.option("--key", metavar="KEY",
              help="The API key (default: $LIBRE_API_KEY, $DEEPL_API_KEY or $MICROSOFT_API_KEY; "
                   "prefer those: a flag shows in the process list).")
@click.option("--overwrite-drafts", is_flag=True, help="Redo earlier machine drafts too; reviewed messages never.")
@click.option("--jobs", type=click.IntRange(1, 32), default=4, show_default=True, help="Requests in flight at once.")
@click.option("--rate", type=click.FloatRange(0, min_open=True), help="At most this many requests per second.")
@click.option("--timeout", type=click.FloatRange(0, min_open=True), default=30.0, show_default=True,
              help="Seconds to wait for each answer.")
@click.option("--retries", type=click.IntRange(0, 10), default=4, show_default=True,
              help="Retries of a request that got 429, 5xx or a connection error.")
@click.pass_context
def draft(ctx: click.Context, locales: tuple[str, ...], provider: str, url: str | None, key: str | None,
          overwrite_drafts: bool, jobs: int, rate: float | None, timeout: float, retries: int) -> None:
    """Fill the untranslated messages of each LOCALE with machine drafts, marked fuzzy for review.

    A reviewed translation is never touched, nor a name. Drafts are saved as they
    come; an interrupted run leaves a valid catalog and the next run goes on.
    Exits 1 when some messages could not be drafted (run again to retry them).
    """
    from pipeline import draft as draft_stage  # deep-translator, requests and tqdm load for this command only

    config = config_of(ctx)
    options = draft_stage.Options(provider, key=key, url=url, overwrite_drafts=overwrite_drafts, jobs=jobs,
                                  rate=rate, timeout=timeout, retries=retries)
    try:
        outcomes = draft_stage.run(config, locales, options, os.environ, warn=_warn_over_bars, meter=_drafting_bar)
    except draft_stage.Stopped as stop:
        _tell_outcomes(config, stop.finished)
        saved = ", ".join(map(config.relative, stop.holding))
        if stop.reason is not None:
            raise InputError(None, None, stop.reason + (f"; the drafts made so far are saved in {saved}"
                                                        if saved else "")) from None
        click.echo(f"letter: interrupted; the drafts received so far are saved in {saved}, and run again, the same "
                   "command drafts the rest" if saved else "letter: interrupted before any draft was saved", err=True)
        ctx.exit(EXIT_INTERRUPTED)
    if failed := _tell_outcomes(config, outcomes):
        click.echo(f"{counted(failed, 'message')} could not be drafted; "
                   "run the same command again to retry them", err=True)
        ctx.exit(EXIT_FAILED)
    if drafted := [outcome.locale.tag for outcome in outcomes if outcome.tally.landed.total()]:
        click.echo(f"next: review them on `letter serve`'s review page (/review/{drafted[0]}/), or in Poedit or an "
                   "editor, where you clear each one's fuzzy mark and delete its `# machine draft:` line")


def _tell_outcomes(config: Config, outcomes: Iterable[Outcome]) -> int:
    """Each catalog's failures and summary; the number of messages that could not be drafted."""
    failed = 0
    for outcome in outcomes:
        name = config.relative(outcome.path)
        for failure in outcome.failures:
            click.echo(f"{name}:{failure.line}: error: could not draft {quoted(failure.msgid)}: "
                       f"{failure.reason}", err=True)
        click.echo(f"{outcome.locale.tag}: {outcome.summary()}")
        failed += outcome.failed
    return failed


def _warn_over_bars(line: str) -> None:
    """A warning on its own line while a progress bar is shown: the bar is cleared, then drawn again below."""
    from tqdm import tqdm
    with tqdm.external_write_mode(file=sys.stderr):
        click.echo(f"letter: warning: {line}", err=True)


def _drafting_bar(tag: str, total: int, done: int) -> object:
    """A progress bar of a locale's drafts on standard error, where it is a terminal (``draft.Meter``)."""
    from tqdm import tqdm
    return tqdm(total=total, initial=done, desc=tag, unit="msg", file=sys.stderr, disable=None, leave=False)
