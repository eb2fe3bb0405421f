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
import signal
import socket
import sys
import tempfile
import threading
import webbrowser
from pathlib import Path

from pipeline.config import Config
from pipeline.errors import InputError

#: Seconds uvicorn waits for open connections at Ctrl-C; the reload streams close at once.
GRACE = 2


def run(config: Config, *, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = False) -> None:
    """Serve until Ctrl-C (or SIGTERM). ``port`` 0 takes any free port; the address is printed."""
    import uvicorn

    from pipeline.serve import app, security

    # A server lives long and its requests make reference cycles: the collector the letter
    # command pauses for its short runs must run here (each build pauses it in its own process).
    gc.enable()
    listening = _listen(host, port)
    port = listening.getsockname()[1]
    address = f"http://{host if ':' not in host else f'[{host}]'}:{port}/"

    def say(line: str, err: bool = False) -> None:
        try:
            print(line, file=sys.stderr if err else sys.stdout, flush=True)
        except OSError:  # the terminal gone (`letter serve | tee log`, tee ended): the server goes on
            pass

    def ready() -> None:
        say(f"Serving on {address} (review pages: {address}review/); press Ctrl-C to stop")
        if host not in ("127.0.0.1", "::1", "localhost"):
            say(f"warning: {host} lets other machines open the review pages, and save what they change", err=True)
        if open_browser:
            threading.Thread(target=webbrowser.open, args=(address,), daemon=True).start()

    # The build process may be ended in the middle of writing a file there.
    with tempfile.TemporaryDirectory(prefix="letter-serve-", ignore_cleanup_errors=True) as preview:
        say(f"previewing into {preview} ({config.relative(config.output)}/ stays as letter build made it)")
        server = app.Server(config.root, Path(preview), host, port, security.new_token(), say, ready)
        settings = uvicorn.Config(app.create(server), log_level="warning", access_log=False, lifespan="on",
                                  timeout_graceful_shutdown=GRACE)
        # uvicorn stops at the first Ctrl-C (a second one cuts its grace short), then hands the signal to
        # the handler it found: Python's, not the one of the other commands, which waits for a second.
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            uvicorn.Server(settings).run(sockets=[listening])
        except KeyboardInterrupt:  # uvicorn stops at Ctrl-C, then raises it again for the program to end
            pass
    say("stopped")


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

