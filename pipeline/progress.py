"""How far each locale is translated: the counts ``letter status``, the build and the progress page share.

Plain values, computed by ``catalogs`` and shown by ``render`` and ``cli``, so that
rendering needs no catalog code to show them.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.locales import LocaleInfo


@dataclass(frozen=True)
class Progress:
    """How far a locale is: counts over the template's required messages."""

    reviewed: int
    draft: int
    untranslated: int

    @property
    def total(self) -> int:
        return self.reviewed + self.draft + self.untranslated

    @property
    def publishable(self) -> bool:
        return self.draft == 0 and self.untranslated == 0

    @property
    def percent(self) -> float:
        return 100.0 * self.reviewed / self.total if self.total else 100.0

    def summary(self) -> str:
        """One line for people: "12 untranslated, 3 drafts"."""
        parts = []
        if self.untranslated:
            parts.append(f"{self.untranslated} untranslated")
        if self.draft:
            parts.append(f"{self.draft} draft{'s' if self.draft != 1 else ''}")
        return ", ".join(parts) or f"all {self.total} reviewed"


@dataclass(frozen=True)
class LocaleStatus:
    """One locale's line in `letter status` and on the progress page."""

    locale: LocaleInfo
    path: Path
    progress: Progress
    required: bool  # configured as published
