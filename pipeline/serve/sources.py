"""The letter, kept while its source files stay the same.

The server reads the letter for its review pages, and its build process for every
build. Reading 10,000 signatories and making their messages takes about half a
second; an edited catalog changes neither, so the letter is read again only when a
source file's size or modification time changed (as make judges a file), and the same
``Letter`` object is handed out meanwhile, which ``units.messages`` keeps its
messages for. It is kept with the record a build keeps of its files
(``build.source.read_source``), so that the builds of ``letter serve`` and of ``letter build``
agree on what changed.
"""
from __future__ import annotations

import threading

from pipeline.build.manifest import source_state
from pipeline.build.source import SourceRead, read_source
from pipeline.config import Config
from pipeline.model import Letter


class Sources:
    """The letter of a project, read again only when its source files changed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._read: SourceRead | None = None

    def read(self, config: Config) -> SourceRead:
        """The letter with its files' record; an unreadable source file is ``read_letter``'s ``InputError``."""
        with self._lock:
            if self._read is None or self._read.record.state != source_state(config):
                self._read = read_source(config)
            return self._read

    def letter(self, config: Config) -> Letter:
        return self.read(config).letter
