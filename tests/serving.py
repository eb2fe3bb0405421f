"""``letter serve`` as the tests run it (``tools.serving``), and what a test says to it.

``Served`` talks to the server over HTTP as a browser let in would (or as a hostile page
or another user would: every header can be set, the key's cookie left out), and follows
the server's events, so a test can wait for the build that follows a change.
"""
from __future__ import annotations

import functools
import http.client
import json
import re
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.serving import Serving  # noqa: E402

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


class Served(Serving):
    """A running ``letter serve`` on ``root``, whose events are followed; use as a context manager. The browser
    contexts in ``browsers`` are let in to it as it starts, as a reviewer opening the address it prints does
    (``open_in``)."""

    browsers: ClassVar[list[Any]] = []

    def __init__(self, root: Path, *args: str) -> None:
        super().__init__(root, *args)
        for context in self.browsers:
            self.open_in(context)
        self.events: list[tuple[str, dict]] = []
        threading.Thread(target=self._follow, daemon=True).start()
        self.wait_for(lambda: self.events, EVENT_LIMIT, "event stream")

    def open_in(self, context: Any) -> None:
        """Open the printed address in a tab of a Playwright browser context, left open: it lets the browser in, and
        tells the pages of this address left open since an earlier run to follow this one (``live.js``)."""
        page = context.new_page()
        with page.expect_response(lambda response: "/_letter/events" in response.url):
            page.goto(f"{self.url}?key={self.key}")

    def _follow(self) -> None:
        """Read the server's events (``/_letter/events``) into ``events`` until it stops."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port)
        try:
            connection.request("GET", "/_letter/events?since=0", headers={"Cookie": self.cookie})
            response = connection.getresponse()
            event = "message"
            for raw in response:
                line = raw.decode("utf-8").rstrip("\r\n")
                if line.startswith("event:"):
                    event = line.split(":", 1)[1].strip()
                elif line.startswith("data:"):
                    data = json.loads(line.split(":", 1)[1])
                    self.notify(functools.partial(self.events.append, (event, data)))
        except (OSError, http.client.HTTPException):
            return
        finally:
            connection.close()

    def builds(self) -> list[dict]:
        return [data for event, data in list(self.events) if event == "build"]

    def next_build(self, after: int, written: str | None = None) -> dict:
        """The first build announced after the ``after``-th (``len(builds())`` before the change),
        or the first of them that wrote ``written``."""
        def found() -> dict | None:
            return next((b for b in self.builds()[after:] if written is None or written in b["written"]), None)
        return self.wait_for(found, EVENT_LIMIT, f"build writing {written}" if written else "build")

    # --- HTTP ---------------------------------------------------------------------------------

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None,
                host: str | None = None, let_in: bool = True) -> Answer:
        """The answer to a request, with the cookie of a browser let in unless not ``let_in``."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            connection.putheader("Host", self.host if host is None else host)
            if let_in:
                connection.putheader("Cookie", self.cookie)
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

    def post(self, path: str, data: dict, *, token: str | None, origin: str | None = "same",
             let_in: bool = True) -> Answer:
        headers = {"Content-Type": "application/json"}
        if origin is not None:
            headers["Origin"] = self.url.rstrip("/") if origin == "same" else origin
        if token is not None:
            headers["X-Letter-Token"] = token
        return self.request("POST", path, json.dumps(data).encode(), headers, let_in=let_in)

    def state(self, tag: str) -> dict[str, dict]:
        """The review page's model of a locale, by message: {English: row}."""
        answer = self.get(f"/review/{tag}/state")
        assert answer.status == 200, answer.text
        return {row["english"]: row for row in answer.json()["rows"]}

    def save(self, tag: str, row: dict, translation: str, *, approve: bool, confirm: bool = False,
             token: str) -> Answer:
        return self.post(f"/review/{tag}/messages", {"id": row["id"], "translation": translation, "approve": approve,
                                                     "base": row["rev"], "confirm": confirm}, token=token)
