"""Translation providers for ``letter draft``: deep-translator's clients, made safe for real catalogs.

deep-translator knows how to talk to each service, and leaves the rest to its
caller: it sets no HTTP timeout, retries nothing, puts API keys into request URLs
and into the text of its exceptions, and each client keeps the text it is sending
in its own attributes, so one client cannot serve two threads. This module adds
what is missing around it:

* ``patient_requests``: for the length of a run, ``requests.get`` and
  ``requests.post`` (what deep-translator calls) go through a session per thread
  with a timeout on every request and urllib3's ``Retry``: 429, 5xx and
  connection errors are retried with exponential backoff and jitter, and a
  server's Retry-After is honoured.
* ``language_code``: our BCP 47 tags to each provider's codes, derived from
  deep-translator's own tables by code and by English name, plus the few aliases
  the tables do not give.
* ``Service``: one language pair, safe to share between threads, rate-limited,
  splitting long texts for services that take only short ones, and turning every
  failure into a ``ProviderError`` whose text names neither a key nor a URL.

deep-translator, requests and urllib3 are imported inside the functions that use
them: the CLI imports this module for the provider names, and ``letter --help``
must stay fast.
"""
from __future__ import annotations

import functools
import json
import logging
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any, Callable, Iterator, Mapping

from babel import Locale

from pipeline import pseudo
from pipeline.errors import InputError
from pipeline.locales import LocaleInfo, describe

#: A translate function of one client: text in, translation out.
Client = Callable[[str], str]

# Retrying: exponential backoff from BACKOFF seconds (urllib3 retries the first time at
# once, then waits 2×, 4×, … BACKOFF), plus up to BACKOFF of random jitter so that
# parallel workers do not retry in step; a Retry-After longer than RETRY_AFTER_MAX is cut.
BACKOFF = 0.5
BACKOFF_MAX = 30.0
RETRY_AFTER_MAX = 120
RETRY_STATUSES = frozenset({429, *range(500, 600)})

#: deep-translator's LibreTranslator refuses to start without a key, even for a
#: self-hosted server that asks for none; such a server ignores this one.
NO_KEY = "none"
REGION_VARIABLE = "MICROSOFT_REGION"


@dataclass(frozen=True)
class Settings:
    """What a provider needs besides the text: never printed, never in an error message."""

    key: str | None = None
    url: str | None = None
    region: str | None = None


@dataclass(frozen=True)
class Provider:
    """A translation service (or the offline pseudo-translator) and how to reach it."""

    name: str
    client: Callable[[Settings, str, str], Client]           # (settings, source code, target code) → client
    languages: Callable[[Settings], Mapping[str, str]] | None  # language name → code; None: any locale
    aliases: Mapping[str, str] = field(default_factory=dict)  # our tag → code, where names and codes miss
    key_variable: str | None = None  # where the API key comes from when --key is not given
    key_required: bool = False
    url_variable: str | None = None  # set for a self-hosted service: its address is required
    max_chars: int | None = None     # longer texts are sent a few sentences at a time
    online: bool = True              # offline providers cost nothing: no cache, no HTTP


# --- the clients, each imported only when used --------------------------------------------

def _google(settings: Settings, source: str, target: str) -> Client:
    from deep_translator import GoogleTranslator
    return GoogleTranslator(source=source, target=target).translate


def _mymemory(settings: Settings, source: str, target: str) -> Client:
    from deep_translator import MyMemoryTranslator
    return MyMemoryTranslator(source=source, target=target).translate


def _libre(settings: Settings, source: str, target: str) -> Client:
    from deep_translator import LibreTranslator
    # deep-translator appends "translate" to the address as it is.
    url = (settings.url or "").rstrip("/") + "/"
    return LibreTranslator(source=source, target=target, api_key=settings.key or NO_KEY, custom_url=url).translate


def _deepl(settings: Settings, source: str, target: str) -> Client:
    from deep_translator import DeeplTranslator
    # Keys of DeepL's free plan end in ":fx" and only work on the free API's host.
    free = (settings.key or "").endswith(":fx")
    return DeeplTranslator(source=source, target=target, api_key=settings.key, use_free_api=free).translate


def _microsoft(settings: Settings, source: str, target: str) -> Client:
    from deep_translator import MicrosoftTranslator
    return MicrosoftTranslator(source=source, target=target, api_key=settings.key, region=settings.region).translate


def _microsoft_languages(settings: Settings) -> Mapping[str, str]:
    """Microsoft publishes its languages only through its API: deep-translator fetches them."""
    from deep_translator import MicrosoftTranslator
    return MicrosoftTranslator(api_key=settings.key, region=settings.region, target="en").get_supported_languages(
        as_dict=True)


def _table(name: str) -> Callable[[Settings], Mapping[str, str]]:
    """One of deep-translator's tables of supported languages (name → code)."""
    return lambda settings: getattr(import_module("deep_translator.constants"), name)


def _offline(translate: Client) -> Callable[[Settings, str, str], Client]:
    return lambda settings, source, target: translate


PROVIDERS: dict[str, Provider] = {provider.name: provider for provider in (
    # Google's page takes texts under 5,000 characters, MyMemory under 500.
    Provider("google", _google, _table("GOOGLE_LANGUAGES_TO_CODES"), {"zh": "zh-CN"}, max_chars=4999),
    Provider("mymemory", _mymemory, _table("MY_MEMORY_LANGUAGES_TO_CODES"), {"zh": "zh-CN"}, max_chars=499),
    Provider("libre", _libre, _table("LIBRE_LANGUAGES_TO_CODES"), {"zh-Hans": "zh"},
             key_variable="LIBRE_API_KEY", url_variable="LIBRE_URL"),
    Provider("deepl", _deepl, _table("DEEPL_LANGUAGE_TO_CODE"), {"zh-Hans": "zh"},
             key_variable="DEEPL_API_KEY", key_required=True),
    Provider("microsoft", _microsoft, _microsoft_languages, key_variable="MICROSOFT_API_KEY", key_required=True),
    Provider("pseudo", _offline(pseudo.accented), None, online=False),
    Provider("pseudo-rtl", _offline(pseudo.right_to_left), None, online=False),
)}
NAMES = tuple(PROVIDERS)


def settings(provider: Provider, key: str | None, url: str | None, environ: Mapping[str, str]) -> Settings:
    """The key and address from the flags, else from the environment; missing ones are an error before any request."""
    if key and not provider.key_variable:
        raise InputError(None, None, f"{provider.name} takes no API key; leave out --key")
    if url and not provider.url_variable:
        raise InputError(None, None, f"--url is for a self-hosted LibreTranslate (--provider libre); "
                                     f"{provider.name} has a fixed address")
    key = key or (environ.get(provider.key_variable) if provider.key_variable else None)
    url = url or (environ.get(provider.url_variable) if provider.url_variable else None)
    if provider.key_required and not key:
        raise InputError(None, None, f"{provider.name} needs an API key: set {provider.key_variable} "
                                     "(or pass --key, which other users of this machine can see)")
    if provider.url_variable and not url:
        raise InputError(None, None, f"{provider.name} needs the address of your server: set "
                                     f"{provider.url_variable} or pass --url (e.g. http://localhost:5000/)")
    if url and not url.startswith(("http://", "https://")):
        raise InputError(None, None, f"the address of the {provider.name} server must start with http:// or https://")
    return Settings(key, url, environ.get(REGION_VARIABLE))


# --- language codes ----------------------------------------------------------------------

def language_code(provider: Provider, languages: Mapping[str, str] | None, locale: LocaleInfo) -> str:
    """The provider's code for a locale: by code, then by English name, then by alias.

    A region may be dropped (pt-BR falls back to pt), a script never: LibreTranslate's
    ``zh`` is Simplified Chinese, so zh-Hant is an error rather than a wrong draft.
    """
    if languages is None:
        return locale.tag
    by_code = {code.casefold(): code for code in languages.values()}
    by_name = {_name_key(name): code for name, code in languages.items()}
    for candidate in _candidates(locale):
        code = (by_code.get(candidate.tag.casefold()) or by_name.get(_name_key(candidate.english_name))
                or provider.aliases.get(candidate.tag))
        if code:
            return code
    raise InputError(None, None, f"{provider.name} cannot translate into {locale.english_name} ({locale.tag}); "
                                 "draft this locale with another --provider")


def _candidates(locale: LocaleInfo) -> list[LocaleInfo]:
    """The locale, then the same language and script without region or variant."""
    parsed = Locale.parse(locale.posix)
    if parsed.territory or parsed.variant:
        return [locale, describe(Locale(parsed.language, script=parsed.script))]
    return [locale]


def _name_key(name: str) -> str:
    """"Chinese (Simplified)", "chinese simplified" and "Chinese, Simplified" compare equal."""
    return " ".join(name.casefold().replace("(", " ").replace(")", " ").replace(",", " ").split())


# --- HTTP: timeouts, retries, and what went wrong ----------------------------------------------

class ProviderError(Exception):
    """A message the provider could not translate; ``fatal`` when no other message can succeed either."""

    def __init__(self, reason: str, *, fatal: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fatal = fatal


# What the current thread's last request got: deep-translator's exceptions lose the status,
# and Microsoft's client swallows connection errors into a None response.
_last = threading.local()


def _forget() -> None:
    _last.status = _last.content_type = _last.failure = None


def _remember(response: Any, *args: Any, **kwargs: Any) -> None:
    _last.status = response.status_code
    _last.content_type = response.headers.get("Content-Type", "")


def retry_policy(retries: int) -> Any:
    """urllib3's Retry: 429, 5xx and connection errors, backoff with jitter, Retry-After honoured.

    Every method is retried: a translation request changes nothing on the server,
    and LibreTranslate's is a POST.
    """
    from urllib3.util.retry import Retry
    return Retry(total=retries, status_forcelist=RETRY_STATUSES, allowed_methods=None,
                 backoff_factor=BACKOFF, backoff_jitter=BACKOFF, backoff_max=BACKOFF_MAX,
                 respect_retry_after_header=True, retry_after_max=RETRY_AFTER_MAX, raise_on_status=False)


@contextmanager
def patient_requests(timeout: float, retries: int) -> Iterator[None]:
    """For the ``with`` block, give deep-translator's ``requests.get``/``post`` a timeout and retries.

    deep-translator calls the module-level functions, with no timeout and no
    session; swapping those two functions is the one place where both can be
    added. Each thread gets its own session (sessions are not thread-safe); the
    originals are restored and the sessions closed when the block ends.
    """
    import requests
    from requests.adapters import HTTPAdapter

    policy = retry_policy(retries)
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


def _explain(error: BaseException, timeout: float) -> ProviderError:
    """What went wrong, for people, without the exception's own text.

    requests and deep-translator put the whole URL (with LibreTranslate's and
    DeepL's key in its query) and sometimes the key itself into their messages,
    so the reason is built from the kind of failure and the HTTP status only.
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
    if transport is not None and _timed_out(transport):
        return ProviderError(f"no answer within {timeout:g} s, even after retrying")
    if transport is not None:
        return ProviderError("cannot reach the service: the connection failed, even after retrying")
    if status == 429:
        return ProviderError("the service still answers 'too many requests' (HTTP 429) after retrying; "
                             "try a lower --rate")
    if status is not None and not 200 <= status < 300:
        return ProviderError(f"the service answered HTTP {status}"
                             + (", even after retrying" if status in RETRY_STATUSES else ""))
    if isinstance(error, (requests.exceptions.JSONDecodeError, json.JSONDecodeError)):
        kind = _last.content_type or "no content type"
        return ProviderError(f"the answer is not the JSON the service should send ({kind.split(';')[0]})")
    if isinstance(error, (translator_errors.TranslationNotFound, KeyError, TypeError, AttributeError,
                          StopIteration)):
        return ProviderError("the answer has no translation in it")
    return ProviderError(f"unexpected {type(error).__name__} from the client")


def _timed_out(failure: Exception) -> bool:
    """requests reports a read timeout that outlived the retries as a ConnectionError around urllib3's
    MaxRetryError; and urllib3's "connection refused" is, for history's sake, a kind of timeout."""
    import requests
    from urllib3.exceptions import NewConnectionError, TimeoutError as Urllib3Timeout

    reason = getattr(failure.args[0], "reason", None) if failure.args else None
    return isinstance(failure, requests.Timeout) or (isinstance(reason, Urllib3Timeout)
                                                     and not isinstance(reason, NewConnectionError))


# --- one language pair ------------------------------------------------------------------------

def rate_limiter(per_second: float) -> Callable[[], object]:
    """Wait for a turn: requests evenly spaced at ``per_second`` across all threads (pyrate-limiter)."""
    from pyrate_limiter import Limiter, Rate
    limiter = Limiter(Rate(1, max(1, round(1000 / per_second))))  # one request per interval, in milliseconds
    return functools.partial(limiter.try_acquire, "requests")


class Service:
    """A provider ready to translate from one language into another, shared by worker threads.

    deep-translator's clients keep the current request in their attributes, so
    each thread builds its own client, once.
    """

    def __init__(self, provider: Provider, settings: Settings, source: str, target: str, *,
                 timeout: float, wait_turn: Callable[[], object] | None = None) -> None:
        self.provider = provider
        self.source = source
        self.target = target
        self._settings = settings
        self._timeout = timeout
        self._wait_turn = wait_turn
        self._local = threading.local()

    def translate(self, text: str) -> str:
        """The translation of ``text``, or ``ProviderError`` saying why not."""
        pieces = split_text(text, self.provider.max_chars) if self.provider.max_chars else [text]
        return "".join(self._piece(piece) for piece in pieces)

    def _piece(self, text: str) -> str:
        lead, core, trail = spaces(text)
        if not core:
            return text
        if self._wait_turn:
            self._wait_turn()
        _forget()
        try:
            if not hasattr(self._local, "client"):
                self._local.client = self.provider.client(self._settings, self.source, self.target)
            answer = self._local.client(core)
        except Exception as error:  # any failure of the client is this message's failure, explained
            raise _explain(error, self._timeout) from None
        if not isinstance(answer, str) or not answer.strip():
            raise ProviderError("the answer has no translation in it")
        return lead + answer.strip() + trail


def languages(provider: Provider, settings: Settings, timeout: float) -> Mapping[str, str] | None:
    """The provider's languages (Microsoft's come from its API: call inside ``patient_requests``)."""
    if provider.languages is None:
        return None
    _forget()
    try:
        return provider.languages(settings)
    except Exception as error:  # explained without the exception's text, which may hold the key
        raise InputError(None, None, f"{provider.name}: cannot get its list of languages: "
                                     f"{_explain(error, timeout).reason}") from None


def spaces(text: str) -> tuple[str, str, str]:
    """Leading whitespace, the text, trailing whitespace: services strip both, drafts must keep them."""
    core = text.strip()
    if not core:
        return text, "", ""
    start = text.index(core)
    return text[:start], core, text[start + len(core):]


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most ``limit`` characters, cut between sentences, or between words in a long sentence."""
    from uniseg.sentencebreak import sentences
    from uniseg.wordbreak import words

    if len(text) <= limit:
        return [text]
    units = list(sentences(text))
    if len(units) == 1:
        units = list(words(text))
    if len(units) == 1:
        raise ProviderError(f"a single word of {len(text)} characters is longer than the {limit} the service takes")
    pieces = [""]
    for unit in units:
        for part in split_text(unit, limit):
            if pieces[-1] and len(pieces[-1]) + len(part) > limit:
                pieces.append(part)
            else:
                pieces[-1] += part
    return pieces
