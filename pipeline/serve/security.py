"""What keeps a local server that writes catalogs to itself.

* Every request must carry this run's key, in the cookie a browser is given when it
  opens the address ``letter serve`` prints, which holds the key once: the pages, and
  the token in them, are closed to the other users of the machine, who can reach
  127.0.0.1 as well as you. The key is the run's, kept nowhere: a browser sends the
  cookie to every port of 127.0.0.1, to whoever listens on the port of a server that
  stopped too, and a key that outlived its run would let them in to the next one. The
  cookie is HttpOnly and SameSite=Lax: Lax, not Strict, as a browser withholds a Strict
  cookie on the redirect after a link from elsewhere (the page ``--open`` opens), and
  the writes do not rest on it.
* Every request must name the served host in its ``Host`` header: a page elsewhere
  that points a name of its own at 127.0.0.1 (DNS rebinding) is refused, since only
  an address, ``localhost`` or the name given to ``--host`` is accepted, with the port.
* Every write (any method but GET and HEAD) must come from a page of this server
  (``Origin``) and carry this run's token, which only the review page holds: a form
  on another site posting here is refused, and so is a script that cannot read the page.
* Paths are resolved inside the folder they belong to, or refused.
* Every page gets a Content-Security-Policy that runs no inline script and takes
  nothing from elsewhere: even a translation that slipped markup into a page could
  not run it. Pages are never cached, so a reload shows the latest build.
"""
from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path
from typing import Literal

from markupsafe import escape
from starlette.datastructures import URL, Headers
from starlette.requests import HTTPConnection
from starlette.responses import PlainTextResponse, RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOKEN_HEADER = "x-letter-token"
#: The header of a refusal that names what the request lacked: the review page sends a change again only when
#: it lacked the token, which the page can fetch anew, not the key, which only the reviewer can give.
REFUSED_HEADER = "x-letter-refused"
Lacking = Literal["host", "key", "origin", "token"]
#: The query parameter of the address that gives a browser the key.
KEY_PARAMETER = "key"
SAFE_METHODS = frozenset({"GET", "HEAD"})
POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
          "base-uri 'none'; form-action 'self'")
#: Pages may be framed by this server's own pages only (the review page's preview of an edition).
FRAMED_BY_SELF = "frame-ancestors 'self'"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def key_cookie(port: int) -> str:
    """The name of the cookie that holds the key of the server on ``port``: a browser sends every cookie of
    127.0.0.1 to every port, and two servers running at once must not take each other's place."""
    return f"letter-key-{port}"


def opener(folder: Path, address: str) -> Path:
    """A page, readable by its owner alone, that takes a browser to ``address`` (the one with the key): what
    ``--open`` opens, as an address given to a browser to open is shown to every user in the list of processes.
    It is made in ``folder``, the run's own (the preview), under a name no request is answered for."""
    page = folder / ".letter-open.html"
    opened = os.open(page, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(opened, "w", encoding="utf-8") as handle:
        handle.write(f'<!DOCTYPE html>\n<meta charset="utf-8">\n<meta http-equiv="refresh" content="0; '
                     f'url={escape(address)}">\n<title>letter serve</title>\n<a href="{escape(address)}">'
                     "letter serve</a>\n")
    return page


def host_allowed(host: str | None, bound: str, port: int) -> bool:
    """Whether a ``Host`` header names this server: its port, and an address, ``localhost`` or the bound name."""
    if not host:
        return False
    name, _, given_port = host.rpartition(":")
    if not name or given_port != str(port):
        return False
    name = name.removeprefix("[").removesuffix("]").lower()
    if name in ("localhost", bound.lower()):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def inside(folder: Path, relative: str) -> Path | None:
    """The file or folder ``folder/relative``, if it is there and lies within ``folder`` once every link and
    ``..`` is resolved; else None, as for a link that loops or a name too long for the file system, on which
    ``resolve`` or any look at the path raises: an address that names no file is not found, not a 500."""
    if "\0" in relative:
        return None
    base = folder.resolve()
    try:
        target = (base / relative.lstrip("/")).resolve()
        target.stat()
    except (OSError, RuntimeError):  # (RuntimeError: a link that loops, before Python 3.13)
        return None
    return target if target == base or target.is_relative_to(base) else None


class Guard:
    """ASGI middleware: the Host check and the key on every request, Origin and token on every write,
    the headers on every answer."""

    def __init__(self, app: ASGIApp, *, host: str, port: int, token: str, key: str) -> None:
        self.app = app
        self.host = host
        self.port = port
        self.token = token
        self.key = key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = Headers(raw=message.get("headers", []))
                raw = list(message.get("headers", []))
                if "content-security-policy" not in extra:
                    raw.append((b"content-security-policy", f"{POLICY}; {FRAMED_BY_SELF}".encode()))
                raw += [(b"cache-control", b"no-store"), (b"x-content-type-options", b"nosniff"),
                        (b"referrer-policy", b"same-origin")]
                message = {**message, "headers": raw}
            await send(message)

        await self._answer(HTTPConnection(scope))(scope, receive, send_with_headers)

    def _answer(self, asked: HTTPConnection) -> ASGIApp:
        """The application, or the refusal of the request, or the answer that lets a browser in."""
        host = asked.headers.get("host")
        if not host_allowed(host, self.host, self.port):
            return _refusal("host", f"this server answers to http://{self.host}:{self.port}/ only")
        safe = asked.scope["method"] in SAFE_METHODS
        if safe and _same(asked.query_params.get(KEY_PARAMETER, ""), self.key):
            return _let_in(asked.url, self.key, self.port)
        if not _same(asked.cookies.get(key_cookie(self.port), ""), self.key):
            return _refusal("key", "this browser lacks the key of letter serve: open the address it printed in "
                            f"its terminal, which ends in ?{KEY_PARAMETER}=…, once")
        if not safe and asked.headers.get("origin") != f"http://{host}":
            return _refusal("origin", "a change must come from the review page of this server")
        if not safe and not _same(asked.headers.get(TOKEN_HEADER, ""), self.token):
            return _refusal("token", "this change lacks the token of this run of letter serve (was it started again "
                            "since the page was opened?): copy any text not saved yet, then reload the page")
        return self.app


def _same(given: str, expected: str) -> bool:
    return secrets.compare_digest(given.encode(), expected.encode())


def _let_in(url: URL, key: str, port: int) -> RedirectResponse:
    """The address asked for, without its key, and the cookie that lets the browser in while the server runs."""
    kept = url.remove_query_params(KEY_PARAMETER)
    # One slash: "//elsewhere/" would send the browser to the host "elsewhere".
    response = RedirectResponse("/" + kept.path.lstrip("/") + (f"?{kept.query}" if kept.query else ""),
                                status_code=303)
    response.set_cookie(key_cookie(port), key, path="/", httponly=True, samesite="lax")
    return response


def _refusal(lacking: Lacking, why: str) -> PlainTextResponse:
    return PlainTextResponse(f"Forbidden: {why}\n", status_code=403, headers={REFUSED_HEADER: lacking})
