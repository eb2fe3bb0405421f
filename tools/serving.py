"""``letter serve`` started as a person starts it, for the tests, the screenshots and the benchmark.

``Serving(root)`` runs the real command in a process of its own on a free port
(``--port 0``), waits for the address it prints after its first build (and the key in it,
which ``let_in`` gives a browser as opening that address would), keeps reading
what it prints (so it never blocks on a full pipe), and stops it with Ctrl-C
(SIGINT) at the end of a ``with`` block.
"""
from __future__ import annotations

import functools
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pipeline.serve.security import key_cookie

START_LIMIT = 120.0  # seconds for the first build and the address (a 50-locale build takes some ten)
STOP_LIMIT = 15.0

Found = TypeVar("Found")


class Serving:
    """A running ``letter serve`` on ``root``."""

    def __init__(self, root: Path, *args: str) -> None:
        self.root = root
        self.process = subprocess.Popen([sys.executable, "-m", "pipeline", "-C", str(root), "serve", "--port", "0",
                                         *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self._lock = threading.Condition()
        self._readers = [threading.Thread(target=self._read, args=(stream, lines), daemon=True)
                         for stream, lines in ((self.process.stdout, self.stdout), (self.process.stderr, self.stderr))]
        for reader in self._readers:
            reader.start()
        address = self.wait_for(lambda: next(filter(None, (re.search(r"Serving on (http://[^ ?]+/)\?key=(\S+)", line)
                                                          for line in self.stdout)), None), START_LIMIT, "address")
        preview = next(re.search(r"^previewing into (.+) \(", line) for line in self.stdout if "previewing" in line)
        self.preview = Path(preview.group(1))  # the folder it builds into
        self.url, self.key = address.group(1), address.group(2)
        self.host = self.url.removeprefix("http://").rstrip("/")
        self.port = int(self.host.rsplit(":", 1)[1])

    def __enter__(self) -> Serving:
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop the server if it still runs (a test may have killed it), and close what it printed to."""
        if self.process.poll() is None:
            self.stop()
        for reader in self._readers:
            reader.join(timeout=STOP_LIMIT)
        self.process.stdout.close()
        self.process.stderr.close()

    def stop(self, by: signal.Signals = signal.SIGINT) -> int:
        """Ctrl-C, as a person stops it, or the signal ``by`` (SIGTERM, as a process manager does); the exit code."""
        self.process.send_signal(by)
        try:
            return self.process.wait(timeout=STOP_LIMIT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError(f"letter serve did not stop at {by.name}:\n{self.output()}") from None

    @property
    def cookie(self) -> str:
        """The ``Cookie`` header of a browser let in."""
        return f"{key_cookie(self.port)}={self.key}"

    def let_in(self, context: Any) -> None:
        """Give a Playwright browser context the cookie that opening the printed address gives a browser."""
        context.add_cookies([{"name": key_cookie(self.port), "value": self.key, "url": self.url}])

    def output(self) -> str:
        return "".join(self.stdout) + "".join(self.stderr)

    def notify(self, change: Callable[[], None]) -> None:
        """Make a change that ``wait_for`` waits on (from another thread)."""
        with self._lock:
            change()
            self._lock.notify_all()

    def wait_for(self, found: Callable[[], Found | None], limit: float, what: str) -> Found:
        """``found()`` once it is something, checked whenever the server prints or ``notify`` is called."""
        deadline = time.monotonic() + limit
        with self._lock:
            while not (value := found()):
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    raise AssertionError(f"no {what} from letter serve after {limit} s:\n{self.output()}")
                self._lock.wait(min(left, 0.1))
            return value

    def _read(self, stream, lines: list[str]) -> None:
        for line in stream:
            self.notify(functools.partial(lines.append, line))
