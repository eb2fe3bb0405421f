"""How far each locale is translated: the counts ``letter status``, the build and the progress page share.

Plain values, counted by ``publication.progress_of`` and shown by ``render`` and ``cli``, so that
rendering needs no catalog code to show them.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.locales import LocaleInfo
from pipeline.wording import counted

if TYPE_CHECKING:
    from pipeline.config import Config


@dataclass(frozen=True)
class Progress:
    """How far a locale is: counts over the template's required messages."""

    reviewed: int
    draft: int
    untranslated: int
    # Of the messages not reviewed, what a published edition shows in their place (``publication``):
    signatory_parts: int = 0   # a signatory's parts, in English
    interface_lines: int = 0   # interface words, in English
    paragraphs: int = 0        # the title or paragraphs revised or added since: under a notice
    revised_on: str | None = None  # the latest day the English of one of those paragraphs changed
    names: int = 0             # names whose translation is a draft, shown as the English writes them (not required)
    shown_in_english: int = 0  # of the reviewed, those refused (links, markup, placeholders): shown in English
    missing: int = 0           # messages of the letter its catalog lacks (counted above as untranslated)
    machine_drafts: int = 0    # of the reviewed, those that still carry their machine-draft note (letter check fails)

    @property
    def total(self) -> int:
        return self.reviewed + self.draft + self.untranslated

    @property
    def publishable(self) -> bool:
        """Complete: every required message reviewed, as a first publication needs."""
        return self.draft == 0 and self.untranslated == 0

    def online(self, published: bool, withdraw_revised: bool = False) -> bool:
        """Whether the locale's edition is published: complete, or listed in ``published`` with
        every paragraph reviewed once (a revised one waits under a notice, unless ``withdraw_revised``)."""
        if self.publishable:
            return True
        return published and not self.blocking and not (withdraw_revised and self.paragraphs)

    @property
    def blocking(self) -> int:
        """The paragraphs (and title) with no reviewed translation to show, which keep a locale listed as
        published offline (``online``): what awaits review but for what an edition shows in its place."""
        return self.draft + self.untranslated - self.signatory_parts - self.interface_lines - self.paragraphs

    @property
    def parts_pending(self) -> int:
        """A signatory's parts that a published edition shows as the English writes them, names with a draft
        included."""
        return self.signatory_parts + self.names

    def pending(self) -> str:
        """What a published edition waits for: "3 signatory parts and 1 paragraph pending"."""
        counts = ((self.parts_pending, "signatory part"), (self.interface_lines, "interface line"),
                  (self.paragraphs, "paragraph"))
        named = [counted(number, noun) for number, noun in counts if number]
        if not named:
            return ""
        return (", ".join(named[:-1]) + " and " + named[-1] if len(named) > 1 else named[0]) + " pending"

    @property
    def percent(self) -> float:
        return 100.0 * self.reviewed / self.total if self.total else 100.0

    @property
    def shown(self) -> str:
        """The percentage as people read it ("99%"): rounded down, so that 100% means done."""
        return f"{100 * self.reviewed // self.total if self.total else 100}%"

    def summary(self) -> str:
        """One line for people: "12 untranslated, 3 drafts"."""
        parts = []
        if self.untranslated:
            parts.append(f"{self.untranslated} untranslated")
        if self.draft:
            parts.append(counted(self.draft, "draft"))
        return ", ".join(parts) or f"all {self.total} reviewed"


@dataclass(frozen=True)
class LocaleStatus:
    """One locale's line in `letter status` and on the progress page."""

    locale: LocaleInfo
    path: Path
    progress: Progress
    required: bool  # configured as published
    withdraw_revised: bool  # `revised = "withdraw"`: a revision awaiting review takes the edition offline

    @classmethod
    def configured(cls, config: Config, locale: LocaleInfo, path: Path, progress: Progress) -> LocaleStatus:
        """A locale's status under the project's settings: required when ``published`` lists it."""
        return cls(locale, path, progress, locale.tag in config.published, config.withdraw_revised)

    def summary(self) -> str:
        """The locale's state for people: "published, 2 signatory parts pending", "not published: 3 drafts",
        "listed as published, but cannot be: 1 untranslated"."""
        if self.published_now:
            pending = self.progress.pending()
            return (f"published, {pending}" if pending else "published") + self._in_english()
        if self.withdrawn:
            return f"withdrawn: {self.progress.pending()}"
        if self.required:  # the build fails for it, and keeps its last edition online meanwhile
            return ("listed as published, but cannot be: no reviewed translation to show for "
                    f"{counted(self.progress.blocking, 'paragraph')}")
        return f"not published: {self.progress.summary()}"

    def _in_english(self) -> str:
        count = self.progress.shown_in_english
        if not count:
            return ""
        return (f"; {counted(count, 'reviewed translation')} shown in English, as "
                f"{'its' if count == 1 else 'their'} links, markup or placeholders differ from the English's "
                "(see letter check)")

    def noted(self) -> str:
        """What to do about its reviewed translations that still carry their machine-draft note, which `letter
        check` fails (its fuzzy mark cleared in an editor, which publishes the machine's text); "" when none does."""
        count, tag = self.progress.machine_drafts, self.locale.tag
        if not count:
            return ""
        one = count == 1
        return (f"{tag}: {counted(count, 'reviewed translation')} still carr{'ies its' if one else 'y their'} "
                f"machine-draft note: a person reviews {'it' if one else 'each'} and deletes the note "
                f"(letter check {tag})")

    @property
    def published_now(self) -> bool:
        """Whether its edition is published: complete, or listed with nothing awaiting review that keeps
        it offline (``Progress.online``)."""
        return self.progress.online(self.required, self.withdraw_revised)

    def as_json(self) -> dict[str, object]:
        """The locale's line of `letter status --format json`."""
        state = self.progress
        published = self.published_now
        return {"locale": self.locale.tag, "name": self.locale.native_name, "reviewed": state.reviewed,
                "draft": state.draft, "untranslated": state.untranslated, "total": state.total,
                "percent": int(state.percent * 10) / 10, "publishable": state.publishable, "required": self.required,
                "published": published, "status": self.summary(),
                # What the published edition shows in place of what awaits review.
                "pending": {"signatory_parts": state.parts_pending, "interface_lines": state.interface_lines,
                            "paragraphs": state.paragraphs} if published else None,
                "shown_in_english": state.shown_in_english if published else 0, "missing": state.missing,
                "machine_drafts": state.machine_drafts}

    @property
    def failing(self) -> bool:
        """Whether the locale is listed as published but cannot be, not by choice: a build fails for it."""
        return self.required and not self.published_now and not self.withdrawn

    @property
    def withdrawn(self) -> bool:
        """Whether a published edition is offline only because ``revised = "withdraw"`` takes down
        editions whose English was revised: it fails no build."""
        return self.required and self.withdraw_revised and self.progress.online(True) and not self.published_now


def behind(statuses: Sequence[LocaleStatus], template_stale: bool) -> str:
    """What to run for the catalogs that lack messages of the letter (``Progress.missing``), whose edition
    shows them in English, or cannot be published, until they get them: `letter extract` first when the
    template lacks them too (``template_stale``), else `letter update`; "" when none lacks any."""
    tags = [status.locale.tag for status in statuses if status.progress.missing]
    if not tags:
        return ""
    lack = "its catalog lacks" if len(tags) == 1 else "their catalogs lack"
    if template_stale:
        return (f"{', '.join(tags)}: {lack} what source/ added or changed since the template was made: run "
                "`letter extract`, then `letter update`, to bring it to the translators")
    return f"{', '.join(tags)}: {lack} messages of the template: run `letter update`"
