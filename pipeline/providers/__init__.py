"""Translation providers for ``letter draft``: deep-translator's clients, made safe for real catalogs.

deep-translator knows how to talk to each service, and leaves the rest to its
caller. The package adds what is missing around it, one module per job:

* ``http``: a timeout and retries on every request of a run, and failures told
  without a key or a URL (``patient_requests``, ``ProviderError``);
* ``clients``: deep-translator's clients for one language pair, mended in one
  place where they fall behind the services (codes from the service's own list,
  DeepL's header authentication);
* ``languages``: what each service translates, from its own published list where
  it has one, and its code for each of our locales, variants included;
* here: the providers, their settings, and ``Service``, one language pair shared
  by worker threads, rate-limited, splitting long texts for services that take
  only short ones.

deep-translator, requests and urllib3 are imported inside the functions that use
them: the CLI imports this package for the provider names, and ``letter --help``
must stay fast.
"""
from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from pipeline import pseudo
from pipeline.errors import InputError
from pipeline.locales import LocaleInfo
from pipeline.masking import spaces
from pipeline.providers import clients, languages
from pipeline.providers.clients import Access, Client
from pipeline.providers.http import (
    ProviderError,
    explain,
    forget,
    page_answered,
    page_for,
    patient_requests,
    retry_policy,
)
from pipeline.providers.languages import Language, Listing, Offer

__all__ = ["NAMES", "PROVIDERS", "Client", "Language", "Listing", "Offer", "Provider", "ProviderError", "Service",
           "Access", "builtin", "languages", "page_for", "patient_requests", "rate_limiter", "retry_policy", "settings",
           "source_code", "split_text", "target_code"]

REGION_VARIABLE = "MICROSOFT_REGION"


@dataclass(frozen=True)
class Provider:
    """A translation service (or the offline pseudo-translator) and how to reach it."""

    name: str
    client: Callable[[Access, str, str], Client]  # (settings, source code, target code) → client
    table: str | None = None         # deep-translator's fixed table: the list, or the fallback when the
                                     # service's own cannot be had; without either, any locale goes
    listing: Listing | None = None   # where the service publishes its own list
    aliases: Mapping[str, str] = field(default_factory=dict)  # our tag → code, where names and codes miss
    key_variable: str | None = None  # where the API key comes from when --key is not given
    key_required: bool = False
    url_variable: str | None = None  # set for a self-hosted service: its address is required
    max_chars: int | None = None     # longer texts are sent a few sentences at a time
    online: bool = True              # offline providers cost nothing: no cache, no HTTP


PROVIDERS: dict[str, Provider] = {provider.name: provider for provider in (
    # Google's page takes texts under 5,000 characters, MyMemory under 500.
    Provider("google", clients.google, "GOOGLE_LANGUAGES_TO_CODES", aliases={"zh": "zh-CN"}, max_chars=4999),
    Provider("mymemory", clients.mymemory, "MY_MEMORY_LANGUAGES_TO_CODES", aliases={"zh": "zh-CN"}, max_chars=499),
    # LibreTranslate before 1.6 spells Simplified and Traditional Chinese and Brazilian Portuguese zh, zt, pb.
    Provider("libre", clients.libre, "LIBRE_LANGUAGES_TO_CODES", languages.LIBRE,
             {"zh-Hans": "zh", "zh-Hant": "zt", "pt-BR": "pb"}, key_variable="LIBRE_API_KEY", url_variable="LIBRE_URL"),
    Provider("deepl", clients.deepl, "DEEPL_LANGUAGE_TO_CODE", languages.DEEPL, {"zh-Hans": "zh"},
             key_variable="DEEPL_API_KEY", key_required=True),
    Provider("microsoft", clients.microsoft, None, languages.MICROSOFT, key_variable="MICROSOFT_API_KEY",
             key_required=True),
    Provider("pseudo", clients.offline(pseudo.accented), online=False),
    Provider(pseudo.RTL_PROVIDER, clients.offline(pseudo.right_to_left), online=False),
)}
NAMES = tuple(PROVIDERS)


def settings(provider: Provider, key: str | None, url: str | None, environ: Mapping[str, str]) -> Access:
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
    return Access(key, url, environ.get(REGION_VARIABLE))


# --- languages ----------------------------------------------------------------------------------

def builtin(provider: Provider) -> Offer | None:
    """deep-translator's fixed list for the provider; None for a provider without one."""
    return languages.builtin(provider.name, provider.table) if provider.table else None


def source_code(provider: Provider, offer: Offer | None, locale: LocaleInfo) -> str:
    return languages.source_code(provider.name, offer, provider.aliases, locale)


def target_code(provider: Provider, offer: Offer | None, locale: LocaleInfo, source: str) -> str:
    return languages.target_code(provider.name, offer, provider.aliases, locale, source)


# --- one language pair ------------------------------------------------------------------------

def rate_limiter(per_second: float) -> Callable[[], object]:
    """Wait for a turn: requests evenly spaced at ``per_second`` across all threads (pyrate-limiter)."""
    from pyrate_limiter import Limiter, Rate
    limiter = Limiter(Rate(1, max(1, round(1000 / per_second))))  # one request per interval, in milliseconds
    return functools.partial(limiter.try_acquire, "requests")


class Service:
    """A provider ready to translate from one language into another, shared by worker threads.

    deep-translator's clients keep the current request in their attributes, so
    each thread builds its own client, once. After a fatal failure no request is
    sent: each fails the same way at once (a refused key, a wait of an hour).
    """

    def __init__(self, provider: Provider, settings: Access, source: str, target: str, *,
                 timeout: float, wait_turn: Callable[[], object] | None = None) -> None:
        self.provider = provider
        self.source = source
        self.target = target
        self._settings = settings
        self._timeout = timeout
        self._wait_turn = wait_turn
        self._local = threading.local()
        self._fatal: str | None = None  # the reason of the fatal failure, once there was one

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
        if self._fatal is not None:
            raise ProviderError(self._fatal, fatal=True)
        forget()
        try:
            if not hasattr(self._local, "client"):
                self._local.client = self.provider.client(self._settings, self.source, self.target)
            answer = self._local.client(core)
        except Exception as error:  # any failure of the client is this message's failure, explained
            failure = explain(error, self._timeout)
            if failure.fatal:
                self._fatal = failure.reason
            raise failure from None
        if not isinstance(answer, str) or not answer.strip():
            raise ProviderError("the answer has no translation in it")
        if page_for(core, answer):  # a page sent inside the service's own JSON
            raise page_answered()
        return lead + answer.strip() + trail


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
