"""HTTP for the providers: a timeout and retries on every request, and failures told without secrets.

deep-translator calls ``requests.get`` and ``requests.post`` with no timeout and
no session, puts API keys into request URLs and into the text of its exceptions,
and loses the HTTP status of what failed. ``patient_requests`` gives every
request of a run (the clients' and the language lists') a timeout and urllib3's
``Retry``; ``explain`` turns any failure into a ``ProviderError`` built from the
kind of failure and the status, never from an exception's text; for a request the
service refused (4xx), with the reason its JSON answer states, short.

requests and urllib3 are imported inside the functions that use them: the CLI
imports this package for the provider names, and ``letter --help`` must stay fast.
"""
from __future__ import annotations

import json
import logging
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from time import sleep as pause
from typing import Any

# Retrying: exponential backoff from BACKOFF seconds (urllib3 retries the first time at
# once, then waits 2×, 4×, … BACKOFF), plus up to BACKOFF of random jitter so that
# parallel workers do not retry in step; a Retry-After is waited up to RETRY_AFTER_MAX
# seconds, and one that asks longer ends the request at once (``explain``: the run stops).
BACKOFF = 0.5
BACKOFF_MAX = 30.0
RETRY_AFTER_MAX = 120
RETRY_STATUSES = frozenset({429, *range(500, 600)})
#: What the service answers when it cannot translate any text for now: too many requests, or it is unavailable
#: (a 500 may be about the one text asked).
BUSY_STATUSES = frozenset({429, 502, 503, 504})
#: A wait before a retry longer than this (seconds) is said when it begins.
TOLD_WAIT = 5


class ProviderError(Exception):
    """A request the provider could not answer; ``fatal`` when no other request can succeed either (or
    not for longer than a run should wait), ``unreachable`` when the request got no answer at all: why, in
    a few words ("connection refused", "no answer within 30 s"), ``refused`` when the service answered one
    of BUSY_STATUSES even after retrying, or a web page (``page``) where its answer belongs."""

    def __init__(self, reason: str, *, fatal: bool = False, unreachable: str | None = None,
                 refused: bool = False, page: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fatal = fatal
        self.unreachable = unreachable
        self.refused = refused or page
        self.page = page


#: An HTML document's start: its doctype or its root element, after white space or a byte order mark, and
#: after the XML declaration and the comments an XHTML page may open with.
_PAGE_START = re.compile(r"[\ufeff\s]*(?:<\?xml\b[^>]*\?>\s*)?(?:<!--.*?-->\s*)*+<(!doctype\s+html|html[\s>])",
                         re.IGNORECASE | re.DOTALL)
#: Where a page's start is looked for in a response's body.
_PAGE_PEEK = 512


def web_page(text: str) -> bool:
    """Whether ``text`` is an HTML document: what a proxy or a login page in front of a service answers."""
    return _PAGE_START.match(text) is not None


def page_for(asked: str, answer: str) -> bool:
    """Whether ``answer`` is a web page where a translation of ``asked`` belongs: fresh from the service or
    kept in the draft cache, the one test of both. A page asked for is answered with a page."""
    return web_page(answer) and not web_page(asked)


def page_answered() -> ProviderError:
    """A web page where the service's answer belongs, 200 OK: every request would get it while whatever sends
    it is in the way, so it counts towards giving the service up as a busy answer does."""
    return ProviderError("the service answered with a web page: is a proxy or login page in the way?", page=True)


# What the current thread's last request got: deep-translator's exceptions lose the status,
# and Microsoft's client swallows connection errors into a None response.
_last = threading.local()


def forget() -> None:
    """Start a request afresh: what ``explain`` reads is only about the requests made after this."""
    _last.status = _last.content_type = _last.failure = _last.said = _last.wait = _last.page = None


def _remember(response: Any, *args: Any, **kwargs: Any) -> None:
    _last.status = response.status_code
    _last.content_type = response.headers.get("Content-Type", "")
    _last.said = _stated(response) if 400 <= response.status_code < 500 else None
    _last.wait = _asked_wait(response) if response.status_code in RETRY_STATUSES else None
    media = _last.content_type.split(";")[0].strip().lower()
    _last.page = 200 <= response.status_code < 300 and (
        media in ("text/html", "application/xhtml+xml")
        or web_page(response.content[:_PAGE_PEEK].decode("utf-8", "replace")))


def _asked_wait(response: Any) -> float | None:
    """The seconds a response's Retry-After asks to wait (a number of seconds or a date), uncut;
    None without one, or with one that is neither."""
    from urllib3.exceptions import InvalidHeader
    from urllib3.util.retry import Retry

    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return Retry(retry_after_max=sys.maxsize).parse_retry_after(value)
    except InvalidHeader:
        return None


#: The longest reason a service gives for refusing a request that is repeated to people.
STATED_LIMIT = 200


def _stated(response: Any) -> str | None:
    """The reason a service's JSON error answer gives ({"error": "..."} or {"message": "..."}, as
    LibreTranslate, DeepL and Microsoft write it), on one line and short; None for any other answer."""
    if "json" not in response.headers.get("Content-Type", "") or len(response.content) > 10_000:
        return None
    try:
        data = response.json()
    except ValueError:
        return None
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        data = data["error"]  # Microsoft: {"error": {"code": ..., "message": "..."}}
    reason = (data.get("error") or data.get("message")) if isinstance(data, dict) else None
    if not isinstance(reason, str) or not reason.strip():
        return None
    reason = " ".join(reason.split())
    return reason if len(reason) <= STATED_LIMIT else reason[: STATED_LIMIT - 1] + "…"


def retry_policy(retries: int, waiting: Callable[[float, bool], object] | None = None) -> Any:
    """urllib3's Retry: 429, 5xx and connection errors, backoff with jitter, Retry-After honoured.

    Every method is retried: a translation request changes nothing on the server,
    and LibreTranslate's and DeepL's are POSTs. A response whose Retry-After asks
    for more than RETRY_AFTER_MAX seconds is not retried but given back at once:
    the run must stop rather than wait that long, silent. ``waiting`` is told of
    each wait before it begins: the seconds, and whether a Retry-After asked them.
    """
    from urllib3.exceptions import MaxRetryError, ResponseError
    from urllib3.util.retry import Retry

    class Patient(Retry):
        def increment(self, method: str | None = None, url: str | None = None, response: Any = None,
                      error: Exception | None = None, _pool: Any = None, _stacktrace: Any = None) -> Any:
            if response is not None and (_asked_wait(response) or 0) > RETRY_AFTER_MAX:
                # What a retry that may not happen raises: with raise_on_status off, the answer is given back.
                raise MaxRetryError(_pool, url, ResponseError("Retry-After asks too long a wait"))
            return super().increment(method, url, response, error, _pool, _stacktrace)

        def sleep(self, response: Any = None) -> None:
            asked = _asked_wait(response) if response is not None else None
            wait = asked or self.get_backoff_time()
            if wait > 0:
                if waiting is not None:
                    waiting(wait, bool(asked))
                pause(wait)

    return Patient(total=retries, status_forcelist=RETRY_STATUSES, allowed_methods=None,
                   backoff_factor=BACKOFF, backoff_jitter=BACKOFF, backoff_max=BACKOFF_MAX,
                   respect_retry_after_header=True, retry_after_max=RETRY_AFTER_MAX, raise_on_status=False)


@contextmanager
def patient_requests(timeout: float, retries: int, say: Callable[[str], object] | None = None) -> Iterator[None]:
    """For the ``with`` block, give ``requests.get``/``post`` a timeout and retries.

    deep-translator calls the module-level functions, with no timeout and no
    session; swapping those two functions is the one place where both can be
    added. Each thread gets its own session (sessions are not thread-safe); the
    originals are restored and the sessions closed when the block ends.
    ``say`` gets a line when a wait before a retry is longer than TOLD_WAIT seconds,
    unless one already said lasts about as long: parallel workers refused at once
    make one line.
    """
    import requests
    from requests.adapters import HTTPAdapter

    told = threading.Lock()
    told_until = [float("-inf")]  # when the last wait said ends (time.monotonic())

    def waiting(seconds: float, asked: bool) -> None:
        if say is None or seconds <= TOLD_WAIT:
            return
        with told:
            ends = time.monotonic() + seconds
            if ends <= told_until[0] + TOLD_WAIT:
                return
            told_until[0] = ends
        say(f"waiting {seconds:.0f} s before retrying, as the service's Retry-After asks" if asked
            else f"waiting {seconds:.0f} s before retrying")

    policy = retry_policy(retries, waiting)
    local = threading.local()
    opened: list[Any] = []

    def session() -> Any:
        if not hasattr(local, "session"):
            local.session = requests.Session()
            adapter = HTTPAdapter(max_retries=policy)
            local.session.mount("http://", adapter)
            local.session.mount("https://", adapter)
            local.session.hooks["response"].append(_remember)
            opened.append(local.session)
        return local.session

    def send(method: str, url: str, **kwargs: Any) -> Any:
        kwargs.setdefault("timeout", timeout)
        _last.retried = retries > 0
        try:
            return session().request(method, url, **kwargs)
        except requests.RequestException as error:
            _last.failure = error
            raise

    originals = requests.get, requests.post
    requests.get = lambda url, params=None, **kwargs: send("GET", url, params=params, **kwargs)
    requests.post = lambda url, data=None, json=None, **kwargs: send("POST", url, data=data, json=json, **kwargs)
    # urllib3 logs each retry with the request's URL, where deep-translator put the key.
    urllib3_log = logging.getLogger("urllib3")
    level = urllib3_log.level
    urllib3_log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        requests.get, requests.post = originals
        urllib3_log.setLevel(level)
        for each in opened:
            each.close()


def get_json(url: str, *, params: Mapping[str, str] | None = None, headers: Mapping[str, str] | None = None) -> Any:
    """The JSON a GET answers (inside ``patient_requests``); a status other than 2xx raises for ``explain``."""
    import requests

    response = requests.get(url, params=params, headers=headers)
    response.raise_for_status()
    return response.json()


def explain(error: BaseException, timeout: float) -> ProviderError:
    """What went wrong, for people, without the exception's own text.

    requests and deep-translator put the whole URL (with LibreTranslate's key in
    its query) and sometimes the key itself into their messages, so the reason is
    built from the kind of failure and the HTTP status only.
    """
    import requests
    from deep_translator import exceptions as translator_errors

    if isinstance(error, ProviderError):
        return error
    transport = _last.failure  # deep-translator's only way out is through patient_requests
    status = _last.status
    if isinstance(error, translator_errors.AuthorizationException) or status in (401, 403):
        return ProviderError(f"the service refused the request (HTTP {status or 403}): check the API key", fatal=True)
    if status == 404:
        return ProviderError("the service has nothing at that address (HTTP 404): check the URL", fatal=True)
    again = ", even after retrying" if getattr(_last, "retried", True) else ""
    if transport is not None and _cut_off(transport):
        return ProviderError(f"the service's answer broke off while it was sent{again}")
    if transport is not None and _timed_out(transport):
        waited = f"no answer within {timeout:g} s"
        return ProviderError(waited + again, unreachable=waited)
    if transport is not None:
        why = _not_connected(transport)
        return ProviderError(f"cannot reach the service ({why}){again}", unreachable=why)
    if (wait := getattr(_last, "wait", None)) is not None and wait > RETRY_AFTER_MAX:
        return ProviderError(f"the service asks to wait {wait:.0f} s (its Retry-After): run `letter draft` "
                             "again later", fatal=True)
    if status == 429:
        return ProviderError(f"the service answers 'too many requests' (HTTP 429){again}; try a lower --rate",
                             refused=True)
    if status is not None and not 200 <= status < 300:
        said = f": {_last.said!r}" if getattr(_last, "said", None) else ""
        return ProviderError(f"the service answered HTTP {status}{said}" + (again if status in RETRY_STATUSES else ""),
                             refused=status in BUSY_STATUSES)
    if getattr(_last, "page", None):  # Google's answer is a page too: one without a translation is not its own
        return page_answered()
    if isinstance(error, (requests.exceptions.JSONDecodeError, json.JSONDecodeError)):
        kind = _last.content_type or "no content type"
        return ProviderError(f"the answer is not the JSON the service should send ({kind.split(';')[0]})")
    if isinstance(error, (translator_errors.TranslationNotFound, KeyError, TypeError, AttributeError,
                          StopIteration)):
        return ProviderError("the answer has no translation in it")
    return ProviderError(f"unexpected {type(error).__name__} from the client")


def _cut_off(failure: Exception) -> bool:
    """Whether the service began to answer and the connection broke before the answer's end (requests
    says so, for a body of known length as for a chunked one): it was reached, so it is not unreachable."""
    import requests

    return isinstance(failure, requests.exceptions.ChunkedEncodingError)


def _not_connected(failure: Exception) -> str:
    """Why no connection was made, from the kind of error only (its text names the URL)."""
    from urllib3.exceptions import NameResolutionError

    reason = getattr(failure.args[0], "reason", None) if failure.args else None
    if isinstance(reason, NameResolutionError):
        return "the host name is not known"
    if isinstance(getattr(reason, "__cause__", None), ConnectionRefusedError):
        return "connection refused"
    return "the connection failed"


def _timed_out(failure: Exception) -> bool:
    """requests reports a read timeout that outlived the retries as a ConnectionError around urllib3's
    MaxRetryError; and urllib3's "connection refused" is, for history's sake, a kind of timeout."""
    import requests
    from urllib3.exceptions import NewConnectionError
    from urllib3.exceptions import TimeoutError as Urllib3Timeout

    reason = getattr(failure.args[0], "reason", None) if failure.args else None
    return isinstance(failure, requests.Timeout) or (isinstance(reason, Urllib3Timeout)
                                                     and not isinstance(reason, NewConnectionError))
