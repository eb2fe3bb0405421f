"""A finding: one thing a check found wrong, and where.

Checks produce findings; ``report`` prints them in each output format; the CLI
turns them into an exit code. Keeping the finding a plain value is what lets
the same results go to a terminal, to GitHub, to JUnit and to SARIF.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"      # fails the check: exit 1
    WARNING = "warning"  # reported, does not fail


@dataclass(frozen=True)
class Finding:
    check: str               # stable name of the check, e.g. "untranslated", "numbers"
    severity: Severity
    path: str                # the file, relative to the project
    line: int | None         # 1-based, where known
    message: str             # what is wrong and what to do
    locale: str | None = None   # BCP 47 tag of the catalog's locale; None for the template or source
    msgid: str | None = None    # the source text of the message concerned, if any

    @property
    def failed(self) -> bool:
        return self.severity is Severity.ERROR
