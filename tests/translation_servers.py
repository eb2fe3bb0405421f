"""Stand-ins for translation services, on 127.0.0.1, for the ``letter draft`` tests.

Each server speaks the service's own protocol for the endpoints ``letter draft``
uses, so the tests run deep-translator's real clients over real HTTP:

* LibreTranslate: ``GET /languages`` answers ``[{"code", "name", "targets"}]``
  (the server's ``languages``); ``POST /translate`` takes ``q``, ``source``,
  ``target`` and ``api_key`` in a JSON body, a form or the query string (the first
  is what ``letter draft`` sends; the test of it looks at the query) and answers
  ``{"translatedText"}``, or 400 ``{"error": "nl is not supported"}`` for a
  language or pair the server does not have.
* DeepL: ``GET /v2/languages?type=source|target`` answers
  ``[{"language", "name", "supports_formality"}]``; ``POST /v2/translate`` takes
  a form with ``text``, ``source_lang``, ``target_lang`` and answers
  ``{"translations": [{"detected_source_language", "text"}]}``. The key goes in
  ``Authorization: DeepL-Auth-Key …``: a key in the query or the body is refused
  with 403, as DeepL does since January 2026, and so is a wrong one.
* Microsoft: ``GET /languages?api-version=3.0&scope=translation`` answers
  ``{"translation": {code: {"name", …}}}``; ``POST /translate?from=&to=`` takes
  ``[{"text"}]`` and answers ``[{"translations": [{"text", "to"}]}]``.
* Google's mobile page (``GET /m?sl=&tl=&q=``, HTML back) and MyMemory
  (``GET /get?q=&langpair=``, JSON back), which publish no list.

A test shapes the answers with ``behave``: a 429, a 500, an HTML page where JSON
belongs, or no answer at all. Servers stop with their ``with`` block, and a
request left hanging is let go then (or after HANG_LIMIT seconds), so no test can
leave a thread or a socket behind.
"""
from __future__ import annotations

import html
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

HANG_LIMIT = 10.0


def libre_languages(names: dict[str, str]) -> list[dict[str, Any]]:
    """A LibreTranslate ``/languages`` answer where every language translates into every other."""
    return [{"code": code, "name": name, "targets": [other for other in names if other != code]}
            for code, name in names.items()]


#: A LibreTranslate 1.6 or later with a few models installed (no Traditional Chinese).
LIBRE_LANGUAGES = libre_languages({"en": "English", "ar": "Arabic", "de": "German", "es": "Spanish",
                                   "fr": "French", "it": "Italian", "ja": "Japanese", "pt": "Portuguese",
                                   "ru": "Russian", "zh-Hans": "Chinese"})


def _deepl(table: str) -> list[dict[str, Any]]:
    pairs = (line.split(" ", 1) for line in table.strip().splitlines())
    return [{"language": code, "name": name} for code, name in pairs]


_DEEPL_BOTH = _deepl("""
AR Arabic
BG Bulgarian
CS Czech
DA Danish
DE German
EL Greek
ET Estonian
FI Finnish
FR French
HU Hungarian
ID Indonesian
IT Italian
JA Japanese
KO Korean
LT Lithuanian
LV Latvian
NB Norwegian (Bokmål)
NL Dutch
PL Polish
RO Romanian
RU Russian
SK Slovak
SL Slovenian
SV Swedish
TR Turkish
UK Ukrainian
""")
_FORMAL = {"DE", "ES", "ES-419", "FR", "IT", "JA", "NL", "PL", "PT-BR", "PT-PT", "RU"}
#: DeepL's lists as ``/v2/languages`` gives them (its documentation's example answers): a source
#: names a language, a target may be one of its variants.
DEEPL_LANGUAGES = {
    "source": sorted(_DEEPL_BOTH + _deepl("EN English\nES Spanish\nPT Portuguese\nZH Chinese"),
                     key=lambda each: each["language"]),
    "target": [{**each, "supports_formality": each["language"] in _FORMAL} for each in sorted(_DEEPL_BOTH + _deepl("""
EN-GB English (British)
EN-US English (American)
ES Spanish
ES-419 Spanish (Latin American)
PT-BR Portuguese (Brazilian)
PT-PT Portuguese (European)
ZH Chinese (simplified)
ZH-HANS Chinese (simplified)
ZH-HANT Chinese (traditional)
"""), key=lambda each: each["language"])],
}

#: Part of Microsoft's list, with its spellings: "pt" is Brazilian Portuguese.
MICROSOFT_LANGUAGES = {"translation": {code: {"name": name, "nativeName": name, "dir": "ltr"} for code, name in {
    "en": "English", "fr": "French", "nl": "Dutch", "fil": "Filipino", "pt": "Portuguese (Brazil)",
    "pt-pt": "Portuguese (Portugal)", "zh-Hans": "Chinese Simplified", "zh-Hant": "Chinese Traditional",
}.items()}}

_LEGACY_AUTH = ("Legacy authentication method 'query parameter' is no longer supported. "
                "Please update to header-based authentication.")


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    params: dict[str, str]  # the query string, and a form body or a JSON object's fields
    headers: dict[str, str]
    body: Any               # a JSON body, parsed; None for none
    at: float               # time.monotonic() when it arrived
    query: str = ""         # the query string as sent

    @property
    def translation(self) -> bool:
        """A request for a translation (not for a list of languages)."""
        return not self.path.endswith("languages")

    @property
    def text(self) -> str:
        if isinstance(self.body, list) and self.body and isinstance(self.body[0], dict):
            return str(self.body[0].get("text", ""))  # Microsoft
        return self.params.get("q") or self.params.get("text", "")

    @property
    def target(self) -> str:
        """The target language as the client named it."""
        return (self.params.get("target") or self.params.get("tl") or self.params.get("target_lang")
                or self.params.get("to") or self.params.get("langpair", "|").split("|")[1])


@dataclass(frozen=True)
class Reply:
    """An answer other than the service's normal one."""

    status: int = 200
    body: str = ""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    hang: bool = False  # never answer (until the server stops)
    cut: bool = False  # send the headers and half the body, then close the connection


def uppercase(text: str, target: str) -> str:
    """The stand-ins' "translation": visible, deterministic, and it keeps {0} placeholders."""
    return text.upper()


#: (request, how many requests for the same text came before it) → a special reply, or None for the normal one.
Behaviour = Callable[[Request, int], "Reply | None"]


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hung up (a killed ``letter draft``, a timeout) is what the tests do on purpose."""


def _json(status: int, payload: object) -> tuple[int, str, str]:
    return status, json.dumps(payload, ensure_ascii=False), "application/json"


class TranslationServer:
    """One fake service; ``kind`` is "libre", "deepl", "microsoft", "google" or "mymemory".

    ``languages`` is what the service's list endpoint answers (LibreTranslate,
    DeepL, Microsoft: the defaults above); ``key`` is the only key DeepL accepts.
    """

    def __init__(self, kind: str, *, translate: Callable[[str, str], str] = uppercase,
                 behave: Behaviour | None = None, delay: float = 0.0, languages: Any = None,
                 key: str | None = None) -> None:
        self.kind = kind
        self.translate = translate
        self.behave = behave or (lambda request, seen: None)
        self.delay = delay  # seconds before each answer
        self.languages = languages if languages is not None else {
            "libre": LIBRE_LANGUAGES, "deepl": DEEPL_LANGUAGES, "microsoft": MICROSOFT_LANGUAGES}.get(kind)
        self.key = key
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

    def translations(self) -> list[Request]:
        return [request for request in self.requests if request.translation]

    def lists(self) -> list[Request]:
        """The requests for the list of languages."""
        return [request for request in self.requests if not request.translation]

    def texts(self) -> list[str]:
        return [request.text for request in self.translations()]

    def _serve(self, handler: BaseHTTPRequestHandler, body: bytes) -> None:
        parts = urlsplit(handler.path)
        params = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        parsed = None
        if body and "json" in handler.headers.get("Content-Type", ""):
            parsed = json.loads(body)
            if isinstance(parsed, dict):  # LibreTranslate's fields, as a JSON body
                params.update({key: str(value) for key, value in parsed.items()})
        elif body:
            params.update({key: values[-1] for key, values in parse_qs(body.decode("utf-8")).items()})
        request = Request(handler.command, parts.path, params, dict(handler.headers.items()), parsed, time.monotonic(),
                          parts.query)
        with self._lock:
            seen = sum(1 for earlier in self.requests if earlier.translation and earlier.text == request.text)
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
                self._send(handler, special.status, special.body, special.content_type, special.headers, special.cut)
                return
            status, text, content_type = self._normal(request)
            self._send(handler, status, text, content_type)
            if status == 200:
                with self._lock:
                    self.answered += 1
        finally:
            with self._lock:
                self._in_flight -= 1

    def _normal(self, request: Request) -> tuple[int, str, str]:
        if self.kind == "google":
            translated = html.escape(self.translate(request.text, request.target))
            page = f'<html><body><div class="result-container">{translated}</div></body></html>'
            return 200, page, "text/html; charset=utf-8"
        if self.kind == "mymemory":
            return _json(200, {"responseData": {"translatedText": self.translate(request.text, request.target)},
                               "matches": []})
        return {"libre": self._libre, "deepl": self._deepl, "microsoft": self._microsoft}[self.kind](request)

    def _libre(self, request: Request) -> tuple[int, str, str]:
        if request.method == "GET" and request.path == "/languages":
            return _json(200, self.languages)
        if request.method != "POST" or request.path != "/translate":
            return _json(404, {"error": "Not Found"})
        targets = {each["code"]: each.get("targets", []) for each in self.languages}
        source, target = request.params.get("source", ""), request.target
        for code in (source, target):
            if code not in targets:
                return _json(400, {"error": f"{code} is not supported"})
        if target not in targets[source]:
            return _json(400, {"error": f"{source} -> {target} is not supported"})
        return _json(200, {"translatedText": self.translate(request.text, target)})

    def _deepl(self, request: Request) -> tuple[int, str, str]:
        if "auth_key" in request.params:
            return _json(403, {"message": _LEGACY_AUTH})
        scheme, _, key = request.headers.get("Authorization", "").partition(" ")
        if scheme != "DeepL-Auth-Key" or not key or (self.key is not None and key != self.key):
            return _json(403, {"message": "Forbidden"})
        if request.path == "/v2/languages":
            return _json(200, self.languages[request.params.get("type", "source")])
        if request.path != "/v2/translate":
            return _json(404, {"message": "Not Found"})
        if request.method != "POST":
            return _json(405, {"message": "Use POST for /translate"})
        for role in ("source", "target"):
            code = request.params.get(f"{role}_lang", "").upper()
            if code not in {each["language"] for each in self.languages[role]}:
                return _json(400, {"message": f"Value for '{role}_lang' not supported."})
        return _json(200, {"translations": [{"detected_source_language": "EN",
                                             "text": self.translate(request.text, request.target)}]})

    def _microsoft(self, request: Request) -> tuple[int, str, str]:
        if request.method == "GET" and request.path == "/languages":
            return _json(200, self.languages)
        if request.method != "POST" or request.path != "/translate":
            return _json(404, {"error": {"code": 404000, "message": "Not Found"}})
        if request.target not in self.languages["translation"]:
            return _json(400, {"error": {"code": 400036, "message": "The target language is not valid."}})
        return _json(200, [{"translations": [{"text": self.translate(request.text, request.target),
                                              "to": request.target}]}])

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, body: str, content_type: str,
              headers: dict[str, str] | None = None, cut: bool = False) -> None:
        data = body.encode("utf-8")
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data[: len(data) // 2] if cut else data)
        if cut:
            handler.close_connection = True

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out at once, not 40 ms apart

            def do_GET(self) -> None:
                server._serve(self, b"")

            def do_POST(self) -> None:
                server._serve(self, self.rfile.read(int(self.headers.get("Content-Length") or 0)))

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler
