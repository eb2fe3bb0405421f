"""`letter status`: how far each catalog is translated and reviewed, whether its edition is published, and
what to run for the catalogs behind the letter; the build says the last alike (``catching_up``)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline import extract, repository, reviewed
from pipeline.catalogs import counted, read, select, template_lacks, uncatalogued
from pipeline.config import Config
from pipeline.errors import InputError
from pipeline.model import Letter, Message
from pipeline.progress import LocaleStatus, behind
from pipeline.units import messages


@dataclass(frozen=True)
class Statuses:
    """What ``letter status`` shows: each catalog's progress, the catalogs that could not be read, and
    the locales listed as published that have no catalog (when every locale was asked for), and what to
    run for the catalogs that lack messages of the letter (``progress.behind``), and what to run where git
    merges the catalogs as text (``AS_TEXT``)."""

    statuses: list[LocaleStatus]
    errors: list[InputError]
    uncatalogued: tuple[str, ...]
    behind: str = ""
    as_text: str = ""


#: Said where ``.gitattributes`` asks for letter's merge driver and the clone lacks it. Git's merge of the
#: lines can join one branch's review (its fuzzy mark cleared) to another's changed draft, into a reviewed
#: translation nobody reviewed, which nothing can tell afterwards: `letter check` (CI's) cannot say it.
AS_TEXT = ("note: git merges the catalogs of this clone line by line, which can mark reviewed a translation "
           "nobody reviewed: run `letter merge-driver --install`, as .gitattributes asks (once per clone)")


def status(config: Config, letter: Letter, codes: tuple[str, ...] = (), *, git_note: bool = True) -> Statuses:
    """Progress of every catalog (or those named); unreadable ones are returned as errors. ``git_note``: ask git
    whether it merges them as text (``AS_TEXT``), which the table says and the JSON does not."""
    statuses: list[LocaleStatus] = []
    selected, errors = select(config, codes)
    if not selected:
        errors += _template_refused(config)
    missing = () if codes else uncatalogued(config, selected, errors)
    units = messages(letter)
    for item in selected:
        try:
            data = read(item.path)[0]
            record = reviewed.load(reviewed.path_of(item.path))
            _read, progress = counted(data, item.path, units, letter.text_keys, record, config)
        except InputError as error:
            errors.append(error)
            continue
        statuses.append(LocaleStatus.configured(config, item.locale, item.path, progress))
    as_text = AS_TEXT if git_note and repository.driver_missing(config.root, [item.path for item in selected]) else ""
    note, refused = catching_up(config, lambda: units, statuses)
    return Statuses(statuses, errors + refused, missing, note, as_text)


def _template_refused(config: Config) -> list[InputError]:
    """The error `letter extract` gives the template, read as it reads it (a link that leads nowhere, which it
    refuses rather than write through): for a project with no catalog yet, which would be told to run extract."""
    try:
        extract.template_date(config)
    except InputError as error:
        return [error]
    return []


def catching_up(config: Config, units: Callable[[], Sequence[Message]], statuses: Sequence[LocaleStatus]
                ) -> tuple[str, list[InputError]]:
    """What to run for the catalogs among ``statuses`` that lack messages of the letter (``progress.behind``),
    for `letter status` and the build alike; or, in its place, the error `letter extract` would give the
    template (``_template_refused``: a link that leads nowhere), which it would be told to run. The letter's
    messages (``units``) and the template are read only when one lacks some: a build in which nothing changed
    reads neither, and keeps the progress of the last, so its catalogs are not refused for the template."""
    if not any(status.progress.missing for status in statuses):
        return "", []
    if refused := _template_refused(config):
        return "", refused
    return behind(statuses, template_lacks(config, units())), []
