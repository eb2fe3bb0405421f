"""The entry the reader makes: polib's, with its references split only when asked for."""
from __future__ import annotations

from collections.abc import Sequence

import polib

from pipeline.model import Key
from pipeline.po import comments
from pipeline.po.comments import filepos


class POEntry(polib.POEntry):
    """A :class:`polib.POEntry` that reads its references from its ``#:`` lines when first asked.

    Checking and building a catalog never look at references, and splitting
    them into (file, line) pairs would be much of the time of reading a catalog.
    Everything else behaves as polib's entry; setting ``occurrences`` replaces
    them as usual.
    """

    def __init__(self, *args, references: list[str | tuple[str, str]] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The text of each '#:' line, and Solaris "# File:" pairs, in file order.
        self._unread = references or None

    @classmethod
    def parsed(cls, references: list[str | tuple[str, str]], **fields) -> POEntry:
        """The entry polib's constructor would make from ``fields``, made without it.

        A catalog makes 13,000 entries, and polib's constructor looks up each of its
        fifteen keywords in turn; here its defaults are copied in one step (and taken
        from polib itself, so an attribute a new polib adds is there too).
        """
        entry = cls.__new__(cls)
        entry.__dict__.update(_POLIB_DEFAULTS, msgstr_plural={}, **fields)
        entry._read = []
        entry._unread = references or None
        return entry

    @property  # type: ignore[override]
    def occurrences(self) -> list[tuple[str, str]]:
        if self._unread is not None:
            self._read = [ref for source in self._unread
                          for ref in (filepos(source) if isinstance(source, str) else (source,))]
            self._unread = None
        return self._read

    @occurrences.setter
    def occurrences(self, value: list[tuple[str, str]]) -> None:
        self._read = value
        self._unread = None


#: What polib's constructor gives an entry it is told nothing about, but the
#: references, which POEntry keeps as its own; the only mutable ones (the
#: plural forms and the flags) are given anew to each entry read.
_POLIB_DEFAULTS = {name: value for name, value in vars(polib.POEntry()).items() if name != "occurrences"}


def flag_line(entry: polib.POEntry, flag: str) -> int:
    """The line of the ``#,`` line that holds ``flag`` as the entry was read, from the comment lines the reader
    kept with their lines on an entry with flags or a translator comment (``flag_comments``), read only for a
    finding; the entry's own line for an entry made in code, or a flag set since it was read."""
    kept = getattr(entry, "flag_comments", None)
    line = None if kept is None else comments.flag_line(*kept, flag)
    return entry.linenum if line is None else line


def comment_lines(entry: polib.POEntry) -> Sequence[int]:
    """The lines of the comments right above the entry's first keyword as it was read, where ``flag_line`` finds a
    flag's; none for an entry made in code or read without flags or a translator comment."""
    kept = getattr(entry, "flag_comments", None)
    return () if kept is None else kept[1]


def msgstr_line(entry: polib.POEntry) -> int:
    """The line of the entry's msgstr keyword (a plural message's msgstr[0]) as the entry was read
    (``msgstr_linenum``, set where the reader makes it), where msgfmt --check tells a fault of the
    translation; the entry's own line for an entry made in code."""
    return getattr(entry, "msgstr_linenum", entry.linenum)


def draft_comment_line(entry: polib.POEntry) -> int | None:
    """The line of the translator comment that marks ``entry`` a draft but for a flag line's comma
    (``comments.draft_comment``: ``# fuzzy``), as the entry was read (``flag_line``); None where none does."""
    if not entry.tcomment or comments.draft_comment(entry.tcomment.splitlines()) is None:
        return None
    kept = getattr(entry, "flag_comments", None)
    index = None if kept is None else comments.draft_comment(kept[0])
    return entry.linenum if index is None else kept[1][index]


def entry_key(entry: polib.POEntry) -> Key:
    """A catalog entry's identity, as ``Message.key`` is a message's: (msgctxt, msgid)."""
    return (entry.msgctxt, entry.msgid)


def mark_reviewed(entry: polib.POEntry) -> None:
    """Make ``entry``'s translation the reviewed one: no fuzzy mark, and no previous English
    (``#|``), which gettext keeps only on a draft, to show what changed."""
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
