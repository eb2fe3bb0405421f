"""A local LibreTranslate-compatible server that answers every request after a fixed delay.

It stands in for a machine-translation service, so drafting can be timed without
the network: ``POST /translate`` with ``q`` (a text or a list of texts),
``source``, ``target`` and ``format``, as a JSON body, a form or query parameters,
answers ``{"translatedText": ...}`` (a list for a list) after ``delay`` seconds.
The translation is the benchmark's pseudo-translation, so it is deterministic.
"""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from benchmarks.generate import LOCALES, PseudoTranslator


class Provider:
    """``with Provider(0.1) as url:`` runs the server on a free loopback port."""

    def __init__(self, delay: float = 0.1) -> None:
        self.delay = delay
        self.requests = 0
        self._lock = threading.Lock()
        self._translators: dict[str, PseudoTranslator] = {}
        provider = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                if urlsplit(self.path).path.rstrip("/").endswith("languages"):
                    codes = ["en", *LOCALES]
                    self._send(200, [{"code": code, "name": code, "targets": codes} for code in codes])
                else:
                    self._send(404, {"error": "not found"})

            def do_POST(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                fields: dict[str, object] = {k: v[0] if len(v) == 1 else v
                                             for k, v in parse_qs(parts.query).items()}
                kind = self.headers.get("Content-Type", "")
                if body and "json" in kind:
                    fields.update(json.loads(body))
                elif body:
                    fields.update({k: v[0] if len(v) == 1 else v for k, v in parse_qs(body.decode()).items()})
                if not parts.path.rstrip("/").endswith("translate") or "q" not in fields:
                    self._send(400, {"error": "POST /translate with q, source and target"})
                    return
                time.sleep(provider.delay)
                with provider._lock:
                    provider.requests += 1
                translator = provider.translator(str(fields.get("target", "fr")))
                q = fields["q"]
                result = [translator.text(text) for text in q] if isinstance(q, list) else translator.text(str(q))
                self._send(200, {"translatedText": result})

            def _send(self, status: int, payload: object) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True

    def translator(self, target: str) -> PseudoTranslator:
        with self._lock:
            if target not in self._translators:
                self._translators[target] = PseudoTranslator(target.replace("_", "-"))
            return self._translators[target]

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/"

    def __enter__(self) -> str:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self.url

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
