"""The letter, kept while its source files stay the same.

The server reads the letter for its review pages, and its build process for every
build. Reading 10,000 signatories and making their messages takes about half a
second; an edited catalog changes neither, so the letter is read again only when a
source file's size or modification time changed (as make judges a file), and the same
``Letter`` object is handed out meanwhile, which ``extract.messages`` keeps its
messages for. It is kept with the record a build keeps of its files
(``letter_source.read_source``), so that the builds of ``letter serve`` and of ``letter build``
agree on what changed.
"""
from __future__ import annotations

import threading
from pathlib import Path

from pipeline.config import Config
from pipeline.letter_source import SourceRead, read_source
from pipeline.model import Letter


class Sources:
    """The letter of a project, read again only when its source files changed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple | None = None
        self._read: SourceRead | None = None

    def read(self, config: Config) -> SourceRead:
        """The letter with its files' record; an unreadable source file is ``read_letter``'s ``InputError``."""
        key = (config.root, *((path, *_stat(path)) for path in (config.source, config.signatories)))
        with self._lock:
            if key != self._key or self._read is None:
                self._read = read_source(config)
                self._key = key
            return self._read

    def letter(self, config: Config) -> Letter:
        return self.read(config).letter


def _stat(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (-1, -1)
    return (stat.st_size, stat.st_mtime_ns)
