"""The letter a build is made from, and the digest that stands for it in the build's record.

A build reads the letter from the project's source files only when something is to be made from
it, or is given it: alone (a test), or as read from the files with their record (``read_source``,
which ``letter serve`` keeps between builds), so that its builds and ``letter build`` agree on what
changed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from pipeline.build.manifest import SourceRecord, content_fingerprint, digest, source_digest, source_state
from pipeline.config import Config
from pipeline.model import Letter
from pipeline.source import read_configured


@dataclass(frozen=True)
class SourceRead:
    """A letter read from the project's source files, with the record a build keeps of them.

    For a caller that keeps the letter between builds (``letter serve``): a build given it records
    and compares the source files as one that reads them does, so that neither renders every
    edition again after the other.
    """

    letter: Letter
    record: SourceRecord


def read_source(config: Config) -> SourceRead:
    """The letter in ``config``'s source files and their record, which agree: a file saved while it
    was read (its size or modification time changed, as make judges it) has it read again."""
    while True:
        state = source_state(config)
        letter = read_configured(config)
        source = source_digest(config)
        if source is not None and source_state(config) == state:
            return SourceRead(letter, SourceRecord(state, source))


@dataclass
class LetterSource:
    """The letter to build and its digest, which stands for its messages too (this code makes
    them from it). Given none, the letter is read from the source files on first use."""

    config: Config
    given: Letter | SourceRead | None
    recorded: SourceRecord | None  # by the last build
    state: list | None = field(init=False)  # ``manifest.source_state`` when read from the files

    def __post_init__(self) -> None:
        if isinstance(self.given, SourceRead):
            self.state = self.given.record.state
        elif self.given is None:
            self.state = source_state(self.config)
        else:
            self.state = None  # a letter given alone: the files it came from are not known

    @cached_property
    def letter(self) -> Letter:
        if isinstance(self.given, SourceRead):
            return self.given.letter
        if self.given is not None:
            return self.given
        return read_configured(self.config)

    @cached_property
    def digest(self) -> str:
        """The recorded digest when the source files and the code are those it was recorded with.
        Otherwise it is worked out from the bytes of the source files, from which this code makes
        the letter (hashing them is far cheaper than the letter's ``repr``), or from the letter
        itself when it was given alone."""
        if isinstance(self.given, SourceRead):
            return self.given.record.letter
        if self.state is None:
            return digest(repr(self.letter))
        if self.recorded is not None and self.recorded.state == self.state:
            return self.recorded.letter
        return source_digest(self.config) or digest(repr(self.letter))  # the letter reports a file it cannot read

    def content(self, tag: str, draft: bool, catalog: str) -> str:
        """The fingerprint of what an edition's article and plain text are made from."""
        return content_fingerprint(self.digest, tag, draft, catalog)

    def record(self) -> SourceRecord | None:
        return SourceRecord(self.state, self.digest) if self.state is not None else None
