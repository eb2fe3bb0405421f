"""The header entry: the catalog's fields (``Key: value`` lines) and where the reader found them."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Header:
    """The header entry as the reader found it.

    ``msgstr`` is its text (escapes resolved), ``segments`` its string literals and
    ``lines`` the line of each (so that an error in a field points at the field's
    own line), ``line`` the line of its msgstr keyword.
    """

    msgstr: str
    segments: list[str]
    lines: list[int]
    line: int
    tcomment: str
    flags: list[str]

    def line_of(self, needle: str) -> int:
        """The line of the string literal that contains ``needle``, else of the msgstr."""
        for segment, line in zip(self.segments, self.lines, strict=False):
            if needle in segment:
                return line
        return self.line


def fields(msgstr: str) -> dict[str, str]:
    """Header fields as polib reads them (``Key: value`` per line)."""
    metadata: dict[str, str] = {}
    key = None
    lines = msgstr.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for line in lines:
        if ":" in line:
            key, value = line.split(":", 1)
            metadata[key] = value.strip()
        elif key is not None:
            metadata[key] += "\n" + line.strip()
    return metadata
