"""What keeps a local server that writes catalogs to itself.

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
import secrets
from pathlib import Path

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOKEN_HEADER = "x-letter-token"
SAFE_METHODS = frozenset({"GET", "HEAD"})
POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
          "base-uri 'none'; form-action 'self'")
#: Pages may be framed by this server's own pages only (the review page's preview of an edition).
FRAMED_BY_SELF = "frame-ancestors 'self'"


def new_token() -> str:
    return secrets.token_urlsafe(32)


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
    """ASGI middleware: the Host check on every request, Origin and token on every write,
    the headers on every answer."""

    def __init__(self, app: ASGIApp, *, host: str, port: int, token: str) -> None:
        self.app = app
        self.host = host
        self.port = port
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        host = headers.get("host")
        if not host_allowed(host, self.host, self.port):
            await refuse(scope, receive, send, f"this server answers to http://{self.host}:{self.port}/ only")
            return
        if scope["method"] not in SAFE_METHODS:
            if headers.get("origin") != f"http://{host}":
                await refuse(scope, receive, send, "a change must come from the review page of this server")
                return
            if not secrets.compare_digest(headers.get(TOKEN_HEADER, "").encode(), self.token.encode()):
                await refuse(scope, receive, send, "this change lacks the token of this run of letter serve (was "
                             "it started again since the page was opened?): copy any text not saved yet, then "
                             "reload the page")
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

        await self.app(scope, receive, send_with_headers)


async def refuse(scope: Scope, receive: Receive, send: Send, why: str) -> None:
    await PlainTextResponse(f"Forbidden: {why}\n", status_code=403)(scope, receive, send)
