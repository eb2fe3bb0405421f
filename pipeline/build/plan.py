"""Which editions a build makes: each locale's, published or a draft, from its catalog's progress.

``plan`` decides for every catalog, from the progress of each; ``planned`` decides for one, by the
same rule, where a worker reads it (``one_edition.read_one``) and renders its edition at once. The
rules of what is published are ``publication``'s; a draft is made when drafts are asked for, but
never over an edition online.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.locales import LocaleInfo, source_locale
from pipeline.progress import LocaleStatus


@dataclass(frozen=True)
class Planned:
    """One edition to render: its locale, its catalog file (None for English), whether it is a draft,
    and the day the English of a paragraph it shows under a notice was revised."""

    locale: LocaleInfo
    path: Path | None
    draft: bool
    revised_on: str | None = None


@dataclass(frozen=True)
class Skipped:
    status: LocaleStatus
    summary: str  # why, for people: "not published: 3 drafts", "withdrawn: 1 paragraph pending"


def unpublished(tag: str) -> str:
    """What to say of a locale listed as published that a build could not publish, for the command
    line and ``letter serve`` alike."""
    return (f"listed as published in pyproject.toml, but a paragraph or the title has no reviewed translation "
            f"to show (`letter check {tag}` says which and why; after a change to the English, run `letter extract` "
            "and `letter update` first)")


def plan(statuses: list[LocaleStatus], *, drafts: bool = False, online: frozenset[str] = frozenset()
         ) -> tuple[list[Planned], list[Skipped]]:
    """Decide which editions to build from the catalogs' progress (``publication`` says the rules);
    with ``drafts``, a draft of every locale but those whose published edition is ``online``."""
    editions = [english()]
    skipped: list[Skipped] = []
    for status in statuses:
        made = planned(status, drafts=drafts, online=online)
        if made is not None:
            editions.append(made)
        else:
            skipped.append(Skipped(status, status.summary()))
    return editions, skipped


def english() -> Planned:
    return Planned(source_locale(), None, False)


def planned(status: LocaleStatus, *, drafts: bool, online: frozenset[str]) -> Planned | None:
    """A catalog's edition: published when reviewed, or when already published and nothing it lacks
    stops it; a draft when drafts are asked for, but over an edition published and still ``online``;
    else none. Decided by ``plan`` and, for a catalog just read, by the worker that renders its edition."""
    state = status.progress
    if status.published_now:
        return Planned(status.locale, status.path, False, state.revised_on if state.paragraphs else None)
    if drafts and status.locale.tag not in online:
        return Planned(status.locale, status.path, True)
    return None
