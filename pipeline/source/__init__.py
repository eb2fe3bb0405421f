"""Reading ``source/`` into the ``Letter`` model.

The editor writes the letter by hand: Markdown with YAML front matter for the
title, date and publisher (``letter``), and a YAML list of signatories
(``signatories``). Hand-written files go wrong in small ways, so every mistake
becomes an ``InputError`` naming the file, the line and what to fix, instead of
a traceback or a silently wrong edition: YAML's own errors are told as the slip
a writer made (``yaml_nodes``), and every text is held to what a message may
hold (``texts``).
"""
from __future__ import annotations

import os
from pathlib import Path

from pipeline.config import CONFIG_FILE, Config
from pipeline.errors import InputError, decoded, line_of, refuse_conflict
from pipeline.model import Letter
from pipeline.source.letter import parse_letter
from pipeline.source.signatories import parse_signatories


def read_configured(config: Config) -> Letter:
    """The letter in the project's source files (``[tool.letter] source`` and ``signatories``).

    A ``pyproject.toml`` without that table whose default source is not there is most likely another
    project's: that is said, rather than that ``source/letter.md`` is missing."""
    if not config.tabled and not config.source.exists():
        raise InputError(config.root / CONFIG_FILE, None, f"has no [tool.letter] table, and the default letter "
                                                          f"{config.relative(config.source)} is not there: is this "
                                                          "the letter's project? Run the command in its folder, or "
                                                          "pass --project DIR")
    return read_letter(config.source, config.signatories, display_root=config.root)


def read_letter(letter_path: str | os.PathLike[str], signatories_path: str | os.PathLike[str],
                *, display_root: Path | None = None) -> Letter:
    """Read the letter and its signatories; paths in errors and references are
    shown relative to ``display_root`` (the project) so catalogs do not depend on
    where the project was cloned."""
    letter_name = _display(letter_path, display_root)
    signatories_name = _display(signatories_path, display_root)
    title, date, publisher, paragraphs, revised = parse_letter(_read(letter_path, letter_name, markdown=True),
                                                               letter_name)
    signatories = parse_signatories(_read(signatories_path, signatories_name), signatories_name)
    return Letter(title=title, date=date, publisher=publisher, paragraphs=paragraphs,
                  signatories=signatories, revised=revised)


def _display(path: str | os.PathLike[str], root: Path | None) -> str:
    path = Path(path)
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def _read(path: str | os.PathLike[str], name: str, markdown: bool = False) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        hint = (f"; the letter's files are where [tool.letter] source and signatories in {CONFIG_FILE} say"
                if isinstance(error, FileNotFoundError) else "")
        raise InputError(name, None, f"cannot read the file: {error.strerror}{hint}") from None
    refuse_conflict(data, name, markdown=markdown)
    text = decoded(data, name)
    if "\0" in text:
        raise InputError(name, line_of(text, text.index("\0")), "the file contains a NUL byte; remove it")
    return text.replace("\r\n", "\n").replace("\r", "\n")
