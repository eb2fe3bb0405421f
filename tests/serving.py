"""``letter serve`` as the tests run it: the real command, in a process of its own, on a free port.

``Served`` starts it, waits for the address it prints, and talks to it over HTTP as a
browser would (or as a hostile page would: every header can be set). It follows the
server's events too, so a test can wait for the build that follows a change. The
server is stopped with Ctrl-C (SIGINT) at the end of the ``with`` block.
"""
from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

START_LIMIT = 60.0   # seconds for the first build and the address
EVENT_LIMIT = 20.0   # seconds for a build to follow a change


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> dict:
        return json.loads(self.body)


class Served:
    """A running ``letter serve`` on ``root``; use as a context manager."""

    def __init__(self, root: Path, *args: str) -> None:
        self.root = root
        self.process = subprocess.Popen([sys.executable, "-m", "pipeline", "-C", str(root), "serve", "--port", "0",
                                         *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self.events: list[tuple[str, dict]] = []
        self._lock = threading.Condition()
        for stream, lines in ((self.process.stdout, self.stdout), (self.process.stderr, self.stderr)):
            threading.Thread(target=self._read, args=(stream, lines), daemon=True).start()
        match = self.wait_for(lambda: next(filter(None, (re.search(r"Serving on (http://[^ ]+/)", line)
                                                        for line in self.stdout)), None), START_LIMIT, "the address")
        self.url = match.group(1)
        self.host = self.url.removeprefix("http://").rstrip("/")
        self.port = int(self.host.rsplit(":", 1)[1])
        threading.Thread(target=self._follow, daemon=True).start()
        self.wait_for(lambda: self.events, EVENT_LIMIT, "the event stream")

    def __enter__(self) -> Served:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.poll() is None:
            self.stop()

    def stop(self) -> int:
        """Ctrl-C, as a person stops it; the exit code."""
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError(f"letter serve did not stop at Ctrl-C:\n{self.output()}") from None

    def output(self) -> str:
        return "".join(self.stdout) + "".join(self.stderr)

    def _read(self, stream, lines: list[str]) -> None:
        for line in stream:
            with self._lock:
                lines.append(line)
                self._lock.notify_all()

    def _follow(self) -> None:
        """Read the server's events (``/_letter/events``) into ``events`` until it stops."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port)
        try:
            connection.request("GET", "/_letter/events?since=0")
            response = connection.getresponse()
            event = "message"
            for raw in response:
                line = raw.decode("utf-8").rstrip("\r\n")
                if line.startswith("event:"):
                    event = line.split(":", 1)[1].strip()
                elif line.startswith("data:"):
                    with self._lock:
                        self.events.append((event, json.loads(line.split(":", 1)[1])))
                        self._lock.notify_all()
        except (OSError, http.client.HTTPException):
            return

    def wait_for(self, found: Callable[[], object], limit: float = EVENT_LIMIT, what: str = "it"):
        deadline = time.monotonic() + limit
        with self._lock:
            while not (value := found()):
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    raise AssertionError(f"no {what} after {limit} s:\n{self.output()}")
                self._lock.wait(min(left, 0.1))
            return value

    def builds(self) -> list[dict]:
        with self._lock:
            return [data for event, data in self.events if event == "build"]

    def next_build(self, after: int, written: str | None = None) -> dict:
        """The first build announced after the ``after``-th (``len(builds())`` before the change),
        or the first of them that wrote ``written``."""
        def found() -> dict | None:
            return next((b for b in self.builds()[after:] if written is None or written in b["written"]), None)
        return self.wait_for(found, what=f"build writing {written}" if written else "build")

    # --- HTTP ---------------------------------------------------------------------------------

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None,
                host: str | None = None) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            connection.putheader("Host", self.host if host is None else host)
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            connection.putheader("Content-Length", str(len(body or b"")))
            connection.endheaders(body or b"")
            response = connection.getresponse()
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        finally:
            connection.close()

    def get(self, path: str, **kwargs) -> Answer:
        return self.request("GET", path, **kwargs)

    def token(self, tag: str) -> str:
        page = self.get(f"/review/{tag}/")
        assert page.status == 200, page.text
        return re.search(r'<meta name="letter-token" content="([^"]+)">', page.text).group(1)

    def post(self, path: str, data: dict, *, token: str | None, origin: str | None = "same") -> Answer:
        headers = {"Content-Type": "application/json"}
        if origin is not None:
            headers["Origin"] = self.url.rstrip("/") if origin == "same" else origin
        if token is not None:
            headers["X-Letter-Token"] = token
        return self.request("POST", path, json.dumps(data).encode(), headers)

    def state(self, tag: str) -> dict[str, dict]:
        """The review page's model of a locale, by message: {English: row}."""
        answer = self.get(f"/review/{tag}/state")
        assert answer.status == 200, answer.text
        return {row["english"]: row for row in answer.json()["rows"]}

    def save(self, tag: str, row: dict, translation: str, *, approve: bool, confirm: bool = False,
             token: str) -> Answer:
        return self.post(f"/review/{tag}/messages", {"id": row["id"], "translation": translation, "approve": approve,
                                                     "base": row["rev"], "confirm": confirm}, token=token)
