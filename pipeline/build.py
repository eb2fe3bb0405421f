"""The build: English and every reviewed locale → ``output/``, as one readable pipeline.

1. read every catalog and decide which locales are publishable;
2. translate the letter for each edition and render its HTML and plain text;
3. write what changed, and remove editions that are no longer published.

A locale that is not reviewed is skipped with a reason; ``drafts`` renders it
anyway, under a banner. A catalog that cannot be read is reported and the other
editions are still built.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import polib

from pipeline import render
from pipeline.catalogs import LocaleStatus, Progress, status
from pipeline.config import Config
from pipeline.errors import InputError
from pipeline.extract import messages
from pipeline.files import write_if_changed
from pipeline.locales import LocaleInfo, source_locale
from pipeline.model import Letter, is_required

EDITION_FILES = ("index.html", "letter.txt")


@dataclass(frozen=True)
class Planned:
    """One edition to render: its locale, its catalog (None for English), and whether it is a draft."""

    locale: LocaleInfo
    catalog: polib.POFile | None
    draft: bool


@dataclass(frozen=True)
class Skipped:
    locale: LocaleInfo
    progress: Progress


@dataclass(frozen=True)
class BuildResult:
    editions: tuple[Planned, ...]
    skipped: tuple[Skipped, ...]
    errors: tuple[InputError, ...]
    written: tuple[str, ...]   # files created or changed, relative to the output folder
    removed: tuple[str, ...]   # files of editions no longer published
    unpublished: tuple[str, ...]  # tags configured as published that could not be

    @property
    def failed(self) -> bool:
        return bool(self.unpublished)


def plan(found: list[LocaleStatus], *, drafts: bool = False) -> tuple[list[Planned], list[Skipped]]:
    """Decide which editions to build from the catalogs' progress."""
    planned = [Planned(source_locale(), None, False)]
    skipped: list[Skipped] = []
    for locale in found:
        if locale.progress.publishable:
            planned.append(Planned(locale.locale, locale.catalog, False))
        elif drafts:
            planned.append(Planned(locale.locale, locale.catalog, True))
        else:
            skipped.append(Skipped(locale.locale, locale.progress))
    return planned, skipped


def render_site(config: Config, letter: Letter, editions: list[Planned], found: list[LocaleStatus]
                ) -> dict[str, bytes]:
    """Every output file by its path under ``output/``; pure, so two builds are byte-identical."""
    alternates = tuple(render.Alternate(e.locale, f"{e.locale.tag}/") for e in editions)
    files: dict[str, bytes] = {}
    english: render.Edition | None = None
    for planned in editions:
        view = render.edition(letter, planned.locale, render.translations(planned.catalog, drafts=planned.draft),
                              draft=planned.draft)
        if planned.catalog is None:
            english = view
        tag = planned.locale.tag
        files[f"{tag}/index.html"] = render.render_html(view, alternates, config.site_url).encode()
        files[f"{tag}/letter.txt"] = render.render_text(view).encode()
    assert english is not None, "the English edition is always planned"
    files["index.html"] = render.render_index(alternates, english, config.site_url).encode()
    files["style.css"] = resources.files("pipeline").joinpath("templates/style.css").read_bytes()
    required = sum(1 for message in messages(letter) if is_required(message.context))
    files["status.html"] = render.render_status(found, required).encode()
    for item in found:
        files[f"badges/{item.locale.tag}.svg"] = render.render_badge(item).encode()
    return files


def run(config: Config, letter: Letter, *, drafts: bool = False) -> BuildResult:
    found, errors = status(config, messages(letter))
    editions, skipped = plan(found, drafts=drafts)
    files = render_site(config, letter, editions, found)
    written = tuple(name for name, data in files.items() if write_if_changed(config.output / name, data))
    removed = _remove_stale(config.output, {e.locale.tag for e in editions}, set(files))
    reviewed = {e.locale.tag for e in editions if not e.draft}
    unpublished = tuple(tag for tag in config.published if tag not in reviewed)
    return BuildResult(tuple(editions), tuple(skipped), tuple(errors), written, removed, unpublished)


def _remove_stale(output: Path, tags: set[str], written: set[str]) -> tuple[str, ...]:
    """Take down editions that are no longer published and badges of locales that are gone;
    other files in output/ (screenshots, say) are left alone."""
    removed = [f"badges/{badge.name}" for badge in sorted((output / "badges").glob("*.svg"))
               if f"badges/{badge.name}" not in written]
    for name in removed:
        (output / name).unlink()
    for folder in sorted(p for p in output.iterdir() if p.is_dir() and p.name not in tags) if output.is_dir() else ():
        if not (folder / "letter.txt").is_file():
            continue
        for name in EDITION_FILES:
            target = folder / name
            if target.is_file():
                target.unlink()
                removed.append(f"{folder.name}/{name}")
        if not any(folder.iterdir()):
            folder.rmdir()
    return tuple(removed)
