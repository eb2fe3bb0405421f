"""Stand-ins for translation services, on 127.0.0.1, for the ``letter draft`` tests.

Each server speaks what deep-translator's real client expects, so the tests run
the real client over real HTTP: LibreTranslate (a POST to ``<url>translate`` with
everything in the query string, JSON back), Google's mobile page (a GET of
``/m?sl=&tl=&q=``, HTML back), MyMemory (a GET of ``/get?q=&langpair=``, JSON
back) and DeepL (a GET of ``/v2/translate?auth_key=&text=``, JSON back). A test shapes the answers with ``behave``: a 429, a 500, an HTML page where
JSON belongs, or no answer at all. Servers stop with their ``with`` block, and a
request left hanging is let go then (or after HANG_LIMIT seconds), so no test can
leave a thread or a socket behind.
"""
from __future__ import annotations

import html
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable
from urllib.parse import parse_qs, urlsplit

HANG_LIMIT = 10.0


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    params: dict[str, str]
    at: float  # time.monotonic() when it arrived

    @property
    def text(self) -> str:
        return self.params.get("q") or self.params.get("text", "")

    @property
    def target(self) -> str:
        """The target language as the client named it."""
        return (self.params.get("target") or self.params.get("tl") or self.params.get("target_lang")
                or self.params.get("langpair", "|").split("|")[1])


@dataclass(frozen=True)
class Reply:
    """An answer other than the service's normal one."""

    status: int = 200
    body: str = ""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    hang: bool = False  # never answer (until the server stops)


def uppercase(text: str, target: str) -> str:
    """The stand-ins' "translation": visible, deterministic, and it keeps {0} placeholders."""
    return text.upper()


#: (request, how many requests for the same text came before it) → a special reply, or None for the normal one.
Behaviour = Callable[[Request, int], "Reply | None"]


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hung up (a killed ``letter draft``, a timeout) is what the tests do on purpose."""


class TranslationServer:
    """One fake service; ``kind`` is "libre", "google", "mymemory" or "deepl"."""

    def __init__(self, kind: str, *, translate: Callable[[str, str], str] = uppercase,
                 behave: Behaviour | None = None, delay: float = 0.0) -> None:
        self.kind = kind
        self.translate = translate
        self.behave = behave or (lambda request, seen: None)
        self.delay = delay  # seconds before each answer
        self.requests: list[Request] = []
        self.answered = 0   # normal answers sent
        self.max_in_flight = 0
        self._in_flight = 0
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = _QuietServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/"

    def __enter__(self) -> TranslationServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def texts(self) -> list[str]:
        return [request.text for request in self.requests]

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        request = Request(handler.command, parts.path,
                          {key: values[-1] for key, values in parse_qs(parts.query).items()}, time.monotonic())
        with self._lock:
            seen = sum(1 for earlier in self.requests if earlier.text == request.text)
            self.requests.append(request)
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
        try:
            special = self.behave(request, seen)
            if special and special.hang:
                self._stopping.wait(HANG_LIMIT)
                return
            self._stopping.wait(self.delay)
            if special:
                self._send(handler, special.status, special.body, special.content_type, special.headers)
            else:
                self._send(handler, 200, *self._normal(request))
                with self._lock:
                    self.answered += 1
        finally:
            with self._lock:
                self._in_flight -= 1

    def _normal(self, request: Request) -> tuple[str, str]:
        translated = self.translate(request.text, request.target)
        if self.kind == "google":
            return (f'<html><body><div class="result-container">{html.escape(translated)}</div></body></html>',
                    "text/html; charset=utf-8")
        if self.kind == "mymemory":
            return json.dumps({"responseData": {"translatedText": translated}, "matches": []}), "application/json"
        if self.kind == "deepl":
            return json.dumps({"translations": [{"text": translated}]}), "application/json"
        return json.dumps({"translatedText": translated}), "application/json"

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, body: str, content_type: str,
              headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8")
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out at once, not 40 ms apart

            def do_GET(self) -> None:
                server._serve(self)

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                server._serve(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler
