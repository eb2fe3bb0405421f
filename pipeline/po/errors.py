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


class MergeConflict(POSyntaxError):
    """Git's conflict markers left in a catalog. What to do about them depends on how the clone merged it,
    which the parser, reading bytes alone, cannot tell: it says what fits any clone (``ANY_CLONE``), and the
    layer that knows the project's repository makes the advice fit it (:meth:`fitting`).

    Taking one side whole (``git checkout --ours``) loses the translations made on the other alone, which
    ``letter update`` cannot bring back. Merged as text, the file is better merged again message by message,
    by the driver; the driver itself leaves markers only around what a person must choose."""

    ANY_CLONE = ("keep what both sides added, choose between what both changed (a header's date, a message "
                 "translated otherwise on each), and delete the marker lines")
    #: Added where git merges catalogs as text: ``git checkout -m`` merges the file again from both sides,
    #: through the driver once it is installed.
    AS_TEXT = ("; or, before editing it, have letter merge it message by message, which keeps every side's "
               "translations: `letter merge-driver --install` (once per clone), then `git checkout -m` the file")
    #: Where the driver is installed but the markers are a text merge's (``read.merged_by_message``): one made
    #: before it was.
    AGAIN = ("git merged this file as text, before letter's merge driver was installed; before editing it, have "
             "letter merge it message by message, which keeps every side's translations: `git checkout -m` the file")
    BY_DRIVER = ("letter's merge driver merged the rest message by message and left between markers only what "
                 "a person must choose: a message translated otherwise on each side (or a header field set "
                 "otherwise on each); keep one of the two versions of each, and delete the marker lines")

    def fitting(self, driver: bool | None, by_message: bool = True) -> MergeConflict:
        """The error, its advice for a clone that merges catalogs with letter's merge driver (``driver``), or
        as text (False); as it is where that is not known (None). ``by_message``: whether the markers have the
        shape the driver leaves, where it is installed (a text merge made before it was is merged again)."""
        if driver is None:
            return self
        advice = (self.BY_DRIVER if by_message else self.AGAIN) if driver else self.ANY_CLONE + self.AS_TEXT
        return MergeConflict(self.path, self.line, self.message.removesuffix(self.ANY_CLONE) + advice)
