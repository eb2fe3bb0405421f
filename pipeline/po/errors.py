"""The one error the PO format raises: a catalog that GNU msgfmt would reject."""
from __future__ import annotations


class POSyntaxError(ValueError):
    """A catalog that GNU msgfmt would reject.

    ``path`` is the file name given to ``parse``/``load``, ``line`` the 1-based
    line of the problem and ``reason`` a sentence that says what is wrong and
    how to fix it.  ``str(err)`` is ``"path:line: reason"``, the format editors
    and CI logs understand as a location.
    """

    def __init__(self, path: str, line: int, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        super().__init__(f"{path}:{line}: {reason}")

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"

    def __reduce__(self):  # keep the exception picklable (multiprocessing)
        return (type(self), (self.path, self.line, self.reason))
