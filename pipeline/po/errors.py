"""The one error the PO format raises: a catalog that GNU msgfmt would reject."""
from __future__ import annotations

from pipeline.errors import InputError


class POSyntaxError(InputError, ValueError):
    """A catalog that GNU msgfmt would reject.

    ``path`` is the file name given to ``parse``/``load``, ``line`` the 1-based
    line of the problem and ``reason`` a sentence that says what is wrong and
    how to fix it.  ``str(err)`` is ``"path:line: reason"``, the format editors
    and CI logs understand as a location. It is the pipeline's ``InputError``, so a
    stage lets it through as it is and the CLI prints it like any other.
    """

    def __init__(self, path: str, line: int, reason: str) -> None:
        super().__init__(path, line, reason)

    @property
    def reason(self) -> str:
        return self.message
