"""``letter serve``: a live preview of every edition, and a review page per locale.

It builds the project with drafts and without PDFs into a preview folder of its own (a temporary one:
``output/`` stays as ``letter build`` made it), serves it on 127.0.0.1, builds again
on every change to the source, the catalogs, the templates or the settings, and reloads
the pages open in a browser. ``/review/<locale>/`` shows every message beside its
English, with its state and findings, and saves a reviewer's edits and approvals into
the catalog safely. ``app`` holds the pages, ``watch`` the builds, ``review`` what a
review page shows, ``writes`` the catalog writes and ``security`` the guards.
"""
from __future__ import annotations

import gc
import os
import re
import shutil
import signal
import socket
import stat
import sys
import tempfile
import threading
import time
import webbrowser
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from pipeline.config import Config
from pipeline.errors import InputError
from pipeline.wording import counted

#: Seconds uvicorn waits for open connections at Ctrl-C, pressed once or more; the reload streams close at once.
GRACE = 2
#: A preview folder's name, as ``run`` makes it: the server's process id, then tempfile's random letters.
PREVIEW = re.compile(r"letter-serve-(\d+)-[a-z0-9_]+")


def run(config: Config, *, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = False) -> None:
    """Serve until Ctrl-C or SIGTERM, either of which ends it with its preview folder removed; the folders
    servers killed left are removed first (``sweep``). ``port`` 0 takes any free port; the address is printed,
    with the run's key that lets a browser in (``security``)."""
    import uvicorn

    from pipeline.serve import app, security

    class _Uvicorn(uvicorn.Server):
        def handle_exit(self, sig: int, frame: FrameType | None) -> None:
            """uvicorn's, but a second signal does not cut the open connections' grace (``GRACE``) short: cut
            short, it skips the application's shutdown, which ends the build process, and the open pages'
            streams are cancelled as the loop ends, each logged with a traceback."""
            super().handle_exit(sig, frame)
            self.force_exit = False

    # A server lives long and its requests make reference cycles: the collector the letter
    # command pauses for its short runs must run here (each build pauses it in its own process).
    gc.enable()
    key = security.new_token()
    listening = _listen(host, port)
    port = listening.getsockname()[1]
    address = f"http://{host if ':' not in host else f'[{host}]'}:{port}/"

    def say(line: str, err: bool = False) -> None:
        try:
            print(line, file=sys.stderr if err else sys.stdout, flush=True)
        except OSError:  # the terminal gone (`letter serve | tee log`, tee ended): the server goes on
            pass

    if left := sweep(Path(tempfile.gettempdir())):
        say(f"removed {counted(len(left), 'preview folder')} of servers no longer running: "
            + ", ".join(map(str, left)))
    # The build process may be ended in the middle of writing a file there.
    with _stopped_by_signals() as stopping:
        with tempfile.TemporaryDirectory(prefix=f"letter-serve-{os.getpid()}-",
                                         ignore_cleanup_errors=True) as preview, _held(Path(preview)):
            say(f"previewing into {preview} ({config.relative(config.output)}/ stays as letter build made it)")

            def ready() -> None:
                keyed = f"{address}?{security.KEY_PARAMETER}={key}"
                say(f"Serving on {keyed} (review pages: {address}review/?{security.KEY_PARAMETER}={key}); "
                    "press Ctrl-C to stop")
                if host not in ("127.0.0.1", "::1", "localhost"):
                    say(f"warning: {host} lets other machines open the review pages, and save what they change, with "
                        "the key above, which travels unencrypted", err=True)
                if open_browser:
                    threading.Thread(target=webbrowser.open, args=(security.opener(Path(preview), keyed).as_uri(),),
                                     daemon=True).start()

            server = app.Server(config.root, Path(preview), host, port, security.new_token(), key, say, ready)
            settings = uvicorn.Config(app.create(server), log_level="warning", access_log=False, lifespan="on",
                                      timeout_graceful_shutdown=GRACE)
            try:
                _Uvicorn(settings).run(sockets=[listening])
            except KeyboardInterrupt:  # uvicorn stops at Ctrl-C or SIGTERM, then raises it again to end on
                pass
            finally:
                stopping()
        say("stopped")


def sweep(folder: Path) -> list[Path]:
    """Remove the preview folders in ``folder`` (the temporary one) whose server no longer runs; return them.

    A server killed together with its build process (``kill -9`` of both, the kernel out of memory) cannot
    remove its folder, and each such run would leave one. Only a folder named as ``run`` names them, that is
    this user's and a folder, not a link, whose process id no process has, and on which no process holds
    the lock a server keeps (``_held``), is removed: the id alone would not do, since a server in another
    container that shares the temporary folder has an id no process here has. One made in the last
    ``YOUNG`` seconds is left too, as it may not be locked yet. POSIX only: elsewhere ``os.kill`` cannot
    ask whether a process runs without signalling it, nor is there ``flock``.
    """
    if os.name != "posix":
        return []
    import fcntl

    removed = []
    for path in sorted(folder.glob("letter-serve-*")):
        named = PREVIEW.fullmatch(path.name)
        if named is None or _running(int(named[1])):
            continue
        try:
            found = path.lstat()
            if not stat.S_ISDIR(found.st_mode) or found.st_uid != os.getuid() or time.time() - found.st_mtime < YOUNG:
                continue
            opened = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError:  # removed meanwhile, by another server's sweep or its own build process
            continue
        try:
            fcntl.flock(opened, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # its server runs, in another container
            continue
        else:
            shutil.rmtree(path, ignore_errors=True)
            if not path.exists():
                removed.append(path)
        finally:
            os.close(opened)
    return removed


#: Seconds a preview folder is left alone after it was made or last written, whatever its lock says.
YOUNG = 60


@contextmanager
def _held(preview: Path) -> Iterator[None]:
    """Lock ``preview`` while the server runs, so that a ``sweep`` anywhere can tell it from one left by a
    server killed: the kernel releases the lock when its process ends, however it ends."""
    if os.name != "posix":
        yield
        return
    import fcntl

    opened = os.open(preview, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(opened, fcntl.LOCK_EX)
        yield
    finally:
        os.close(opened)


def _running(pid: int) -> bool:
    """Whether a process of that id runs (another user's too); an id no process can have counts as one
    running, so that nothing is removed on its word."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):  # another user's; an id out of range
        pass
    return True


@contextmanager
def _stopped_by_signals() -> Iterator[Callable[[], None]]:
    """Ctrl-C and SIGTERM (a process manager's, `timeout`'s, `kill`'s) each end the server the same way:
    uvicorn stops at the first (and hears the next ones), then raises it again with the handler set here,
    which raises ``KeyboardInterrupt`` for ``run`` to end on, its preview folder removed. The handlers found
    would not: the other commands' Ctrl-C waits for a second one, and Python's SIGTERM ends the process at
    once, the folder left in /tmp.

    Once stopping (the first signal raised, or the server stopped: call what this yields), a signal is not
    heard: Ctrl-C pressed again, or SIGTERM followed by Ctrl-C, would stop the clean-up midway, the folder
    left half removed, and the command would end as interrupted (130). The handlers found are given back
    after."""
    stopped = False

    def stopping() -> None:
        nonlocal stopped
        stopped = True

    def stop(_signal: int, _frame: object) -> None:
        if not stopped:
            stopping()
            raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield stopping  # signals are the main thread's: an embedded server is stopped by its own
        return
    found = {number: signal.signal(number, stop) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stopping
    finally:
        for number, handler in found.items():
            signal.signal(number, handler)


def _listen(host: str, port: int) -> socket.socket:
    """A socket listening on the address, so that a page asked for as soon as it is printed waits for the server."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listening = socket.socket(family, socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((host, port))
    except OSError as error:
        listening.close()
        raise InputError(None, None, f"cannot serve on {host}:{port}: {error.strerror}; "
                                     "choose another --port (0 takes any free one)") from None
    listening.listen(128)
    return listening

