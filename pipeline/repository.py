"""The git repository a project lies in: where its root is, and whether the clone merges catalogs with
letter's merge driver, which ``.gitattributes``' ``merge=letter`` asks for (README: "Merging in git").

Git is run only for a question asked (`letter status`'s note, the advice for a conflict in a catalog), never
to read the letter: a project needs no git, and a folder in no repository, or a machine without git, gets
None for an answer, for the caller to say nothing of git.
"""
from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

#: The git setting that names the driver, which ``.gitattributes``' ``merge=letter`` asks for.
DRIVER = "merge.letter.driver"


def root_of(folder: Path) -> Path | None:
    """The root of the git repository holding ``folder``, found as git finds it, by the nearest ``.git``;
    None in no repository (a tarball of the project)."""
    folder = folder.resolve()
    return next((parent for parent in (folder, *folder.parents) if (parent / ".git").exists()), None)


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes] | None:
    """git run in ``folder``'s repository; None where there is none, or git cannot be run."""
    if root_of(folder) is None:
        return None
    try:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, check=False)
    except OSError:
        return None


def tracked(path: Path) -> bool:
    """Whether git tracks ``path`` (it is in the index), so that `git diff` shows how the file differs from what
    was added; False in no repository, for a file never added, or where git cannot be run."""
    done = _git(path.parent, "ls-files", "--error-unmatch", "--", path.name)
    return done is not None and done.returncode == 0


def has_driver(folder: Path) -> bool | None:
    """Whether git, in ``folder``'s repository, names letter's merge driver (``DRIVER``, set by `letter
    merge-driver --install` in the clone's config, or in the user's); None where git cannot say."""
    done = _git(folder, "config", "--get", DRIVER)
    return None if done is None or done.returncode not in (0, 1) else bool(done.stdout.strip())


def driver_missing(folder: Path, paths: Sequence[Path]) -> bool:
    """Whether ``.gitattributes`` asks letter's merge driver to merge any of ``paths`` (``merge=letter``, as
    ``git check-attr`` reads it) while git, in ``folder``'s repository, does not name the driver
    (:func:`has_driver`): git then merges them as text. False where git cannot say."""
    if not paths or has_driver(folder) is not False:
        return False
    done = _git(folder, "check-attr", "-z", "merge", "--", *map(str, paths))
    return done is not None and not done.returncode and b"letter" in done.stdout.split(b"\0")[2::3]
