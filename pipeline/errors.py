"""The one error type for bad input: every stage raises it, the CLI prints it.

An editor or translator must be able to act on the message alone, so it always
carries the file, the line where known, and what to do about it.
"""
from __future__ import annotations

import errno
import json
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


class InputError(Exception):
    """Input the pipeline cannot use: a source file, a catalog, a setting, an argument."""

    def __init__(self, path: str | os.PathLike[str] | None, line: int | None, message: str) -> None:
        self.path = os.fspath(path) if path is not None else None
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __reduce__(self) -> tuple[type, tuple[str | None, int | None, str]]:
        # Errors come back from worker processes: pickle the fields, not the formatted text.
        return (type(self), (self.path, self.line, self.message))

    def shown_path(self, root: str | os.PathLike[str] | None = None) -> str | None:
        """The file as people and reports name it: relative to the project folder ``root`` when it
        lies inside it. Stages raise with the real path; only what the CLI prints shortens it."""
        if self.path and root is not None and os.path.isabs(self.path):
            inside = os.path.relpath(self.path, os.path.realpath(root))
            if not inside.startswith(os.pardir):
                return inside.replace(os.sep, "/")
        return self.path

    def report(self, root: str | os.PathLike[str] | None = None, kind: str = "error") -> str:
        """The line printed for people and editors, once, by the CLI: ``file:line: error: message``,
        the file as :meth:`shown_path` names it; a ``warning`` where the command could do its work all the same."""
        where = self.shown_path(root) or "letter"
        if self.path and self.line:
            where += f":{self.line}"
        return f"{where}: {kind}: {self.message}"

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line:
            where += f":{self.line}"
        return f"{where}: {self.message}" if where else self.message


@contextmanager
def reading(path: str | os.PathLike[str], what: str) -> Iterator[None]:
    """A file that cannot be read, as an ``InputError`` naming it and ``what`` it is ("the catalog").

    A symbolic link that leads nowhere is named as one, with where it leads: the system's own words
    ("No such file or directory") contradict a listing that shows the file."""
    try:
        yield
    except OSError as error:
        raise InputError(path, None, f"cannot read {what}: {_unreadable(error)}") from None


def _unreadable(error: OSError) -> str:
    """Why the file of ``error`` could not be read: a folder in its place, where a link that leads nowhere leads,
    else the system's words."""
    link = error.filename
    if error.errno == errno.EISDIR:
        return "it is a folder, not a file; move the folder elsewhere and put the file in its place"
    if error.errno not in (errno.ENOENT, errno.ELOOP) or link is None or not os.path.islink(link):
        return str(error.strerror)
    target = os.readlink(link)
    fault = "which does not exist"
    if error.errno == errno.ELOOP:
        fault = "which leads round in a loop of links"
    elif os.path.islink(os.path.join(os.path.dirname(link), target)):
        # Through a chain of links the file missing is the last one's: the next link is there. It is named as
        # the link's target is, from the link's folder (an absolute path would be the only one in the message).
        missing = os.path.relpath(os.path.realpath(link), os.path.realpath(os.path.dirname(link) or os.curdir))
        fault = f"which leads on to {missing}, {fault}"
    return (f"it is a symbolic link to {target}, {fault}; replace the link with the file, "
            "or point it at one that exists")


def line_of(text: str | bytes, offset: int) -> int:
    """The line, from 1, of the character (or byte) at ``offset`` in ``text``: one more than the line ends
    before it, so a line's end is on the line it ends and an offset past the end counts them all."""
    if isinstance(text, bytes):
        return text.count(b"\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1


def decoded(data: bytes, path: str | os.PathLike[str]) -> str:
    """``data``, the bytes of the file ``path``, as text: UTF-8, with or without the byte order mark
    some editors write; else an error at the line of the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(path, line_of(data, error.start), "the file is not valid UTF-8; save it as UTF-8"
                         ) from None


#: Half a character: a UTF-16 surrogate, which an escape of YAML or JSON (\ud83d) can write but UTF-8 cannot hold.
_SURROGATE = re.compile("[\ud800-\udfff]")


def half_character(text: str) -> str | None:
    """What to say of the first half character (a lone UTF-16 surrogate) in ``text``, a value read through
    the escapes of YAML or JSON, the only way to write one; None without one. Bytes that are UTF-8 never
    hold one, so ``decoded`` lets it through, and the catalog or page made of it could not be written."""
    half = _SURROGATE.search(text)
    if half is None:
        return None
    code = ord(half.group())
    return (f"half a character (the UTF-16 surrogate U+{code:04X}, written as the escape \\u{code:04x}) at position "
            f"{half.start() + 1}; write the character itself, not its escapes")


class NestedTooDeep(ValueError):
    """JSON of lists or objects nested deeper than Python's json can follow."""


def read_json(text: str | bytes, object_pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None = None) -> Any:
    """What JSON reads in ``text``, else a ``ValueError``: ``json.JSONDecodeError`` for a slip, ``NestedTooDeep`` for
    lists or objects nested deeper than json can follow, where it fails with Python's ``RecursionError`` instead,
    which no caller would take for bad input."""
    try:
        return json.loads(text, object_pairs_hook=object_pairs_hook)
    except RecursionError:
        raise NestedTooDeep("lists or objects nested deeper than can be read") from None


#: What to do about a merge conflict left in a file, for a file whose two sides are the editor's to choose from.
KEEP_ONE_SIDE = "keep the text you want of the two sides, and delete the marker lines"

#: A line of the markers git leaves around a merge conflict: <<<<<<< ours, ||||||| the text both started from
#: (diff3), =======, >>>>>>> theirs.
_MARKER = re.compile(rb"^(?:<<<<<<<|\|\|\|\|\|\|\||>>>>>>>)(?: [^\n]*)?\r?$|^=======\r?$", re.M)
#: The marker that closes a conflict, which half a conflict keeps after its =======.
_ANGLED = re.compile(rb"^>>>>>>>(?: [^\n]*)?\r?$", re.M)


def refuse_conflict(data: bytes, path: str | os.PathLike[str], advice: str = KEEP_ONE_SIDE,
                    error: type[InputError] = InputError, markdown: bool = False) -> None:
    """Raise ``error`` at the first line of a merge conflict git left in ``data``, the bytes of the file
    ``path``, saying ``advice``; nothing for a file without one. Every reader calls it before it parses,
    because each format reads the markers as something else (an underlined heading in Markdown, a stray
    '<' to msgfmt, a syntax error in YAML, JSON or TOML) and its own error would point at another line and
    say to do the wrong thing. Half a conflict (its <<<<<<< line deleted, or its >>>>>>> one) is one too,
    but in ``markdown`` a lone ======= without a >>>>>>> after it, which is a heading's underline there."""
    # A file without a marker's characters is spared the scan of every line.
    if b"=======" not in data and b"<<<<<<<" not in data and b">>>>>>>" not in data:
        return
    markers = [marker for marker in _MARKER.finditer(data) if not (
        markdown and marker.group().startswith(b"=") and not _ANGLED.search(data, marker.end()))]
    if not markers:
        return
    # At a whole conflict's first line, where there is one, rather than at a marker left from another.
    marker = next((marker for marker in markers if marker.group().startswith(b"<<<<<<<")), markers[0])
    what = ("a merge conflict is left in the file (the lines git marks with <<<<<<<, ======= and >>>>>>>"
            if marker.group().startswith(b"<<<<<<<") else
            "a line of a merge conflict's markers is left in the file (git marks a conflict with <<<<<<<, ======= "
            "and >>>>>>> lines; some of them are gone here")
    if b"\n|||||||" in data:
        what += "; the lines from ||||||| to ======= are the text both sides started from, to delete too"
    raise error(path, line_of(data, marker.start()), f"{what}); {advice}")
