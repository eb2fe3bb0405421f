"""Writing files so that a crash or a kill never leaves half a file behind.

Every file the pipeline writes (catalogs, templates, editions) goes through
``write_atomic``: the bytes go to a temporary file in the same folder and
replace the old file in one rename. A catalog or template is flushed to disk
before the rename, and its folder after it (the rename is a change of the
folder), so that even a power cut cannot cost a translator's work; the build's
output is not (it can always be built again, and flushing every page one by one
would slow every build).
"""
from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

#: The temporary files being written, and by which process: a forked child inherits its parent's.
_WRITING: dict[str, int] = {}


class ChangedOnDisk(Exception):
    """The file no longer holds what was read: someone saved it meanwhile."""


def write_atomic(path: str | os.PathLike[str], data: bytes, *, expected: bytes | None = None,
                 durable: bool = True) -> None:
    """Replace ``path`` with ``data`` in one step; the file keeps its permissions, and is on disk
    before it replaces the old one, and the replacing on disk after, unless it need not be ``durable``
    (a file the build makes again at will). A durable file behind a symbolic link is written where
    it lives; a link where a made file goes is replaced. A durable file that is read-only is not.

    With ``expected`` (the bytes the caller read), the file is replaced only if it
    still holds them, checked at the last moment before the rename, so a translator
    who saved the catalog in Poedit meanwhile does not lose their edit.

    An ``OSError`` (a folder that cannot be written, a full disk) names ``path``: the temporary
    file's name, which changes at every try and is gone afterwards, would tell nobody anything.
    """
    path = Path(path)
    # A person's file (``durable``: a catalog kept in a shared folder) behind a symbolic link is written
    # where it lives, as msgmerge -U and Poedit write it: replacing the link would leave it behind,
    # unchanged. A made one replaces the link: a build writes nothing outside its output folder.
    target = path.resolve() if durable and path.is_symlink() else path
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    else:
        if durable:
            refuse_read_only(target, mode, path)
    try:
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise _named(error, path, None) from None
    _WRITING[temporary] = os.getpid()
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        if expected is not None and target.read_bytes() != expected:
            raise ChangedOnDisk(path)
        os.replace(temporary, target)
    except BaseException as error:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        if isinstance(error, OSError):
            raise _named(error, path, temporary) from None
        raise
    finally:
        _WRITING.pop(temporary, None)
    if durable:
        _flush_folder(target.parent)


def refuse_read_only(target: Path, mode: int, named: Path | None = None) -> None:
    """Raise ``OSError`` (naming ``named``, else ``target``) when ``target``, of permissions ``mode``, may not be
    written: a rename replaces a file whatever its mode, yet a person's file made read-only is meant to
    stay as it is, as an editor leaves it; for root too, who may write anything, when nobody may write it."""
    if not mode & 0o222:
        raise OSError(errno.EACCES, "it is read-only; chmod u+w makes it writable", os.fspath(named or target))
    if not os.access(target, os.W_OK):
        raise OSError(errno.EACCES, "this user may not write it: it is another's, or on a read-only disk",
                      os.fspath(named or target))


def abandon() -> None:
    """Remove the temporary files this process is writing, before it ends at once (``os._exit``, which
    runs no ``finally``): each file it was writing stays as it was."""
    for temporary in [name for name, writer in _WRITING.items() if writer == os.getpid()]:
        try:
            os.unlink(temporary)
        except FileNotFoundError:  # renamed into place just before
            pass


def _named(error: OSError, path: Path, temporary: str | None) -> OSError:
    """``error`` naming ``path`` where it named the temporary file (any file while there is none yet:
    ``temporary`` None), or nothing; one with no errno (not the system's) as it is."""
    if error.errno is None or (temporary is not None and error.filename not in (None, temporary)):
        return error
    return OSError(error.errno, error.strerror, os.fspath(path))


def _flush_folder(folder: Path) -> None:
    """Put a rename in ``folder`` on disk; a file system that cannot flush a folder is left as it is."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write an output file only when its content differs, so unchanged outputs keep their timestamps."""
    try:
        if path.read_bytes() == data:
            return False
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data, durable=False)
    return True


def crlf(data: bytes) -> bool:
    """Whether every line of ``data`` ends in CRLF, as in a catalog an editor saved on Windows."""
    return b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n")


def with_line_ends(data: bytes, replacing: bytes) -> bytes:
    """``data`` (LF line ends) with the CRLF line ends of ``replacing``, the file it is written in place of,
    when every line of that file has them: git then shows only what changed, not every line (msgmerge
    writes LF; a file with both line ends gets LF alone, as msgcat writes every file)."""
    return data.replace(b"\n", b"\r\n") if crlf(replacing) else data
