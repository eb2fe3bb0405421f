"""deep-translator's clients, built for one language pair, and mended where they fall behind the services.

This is the one place where deep-translator's clients are changed, by mixins
put in front of its classes:

* ``ServiceCodes``: a client checks its codes against deep-translator's fixed
  table, years old (17 languages for LibreTranslate, no Arabic for DeepL, no
  ``PT-BR``); the codes given here were already checked against the service's own
  list, so the client takes them as they are.
* ``DeepLHeaderAuth``: DeepL takes the key only in the ``Authorization`` header
  and ``/translate`` only as a POST; deep-translator 1.11
  sends a GET with the key in the query string, where every log keeps it.
* ``LibreBody``: deep-translator 1.11 sends LibreTranslate's text and key in the
  query string too, where the server's and every proxy's log keep them, and a long
  paragraph can pass the length a server takes in a URL; they go in a JSON body.
* ``ListFetched``: Microsoft's client would fetch the language list again for
  each thread; the run has it already.

deep-translator is imported inside the functions that use it, so that importing
this module costs nothing (``letter --help``).

A client calls ``requests.get`` or ``requests.post``, as deep-translator's do:
``http.patient_requests`` gives those two their timeout and retries, and
``http.explain`` words their errors without the URL or the key. A client built on
a ``requests.Session``, httpx or a vendor's SDK would get neither.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

#: A translate function of one client: text in, translation out.
Client = Callable[[str], str]

#: deep-translator's LibreTranslator refuses to start without a key, even for a
#: self-hosted server that asks for none; such a server ignores this one.
NO_KEY = "none"


@dataclass(frozen=True)
class Access:
    """What a provider needs besides the text: never printed, never in an error message."""

    key: str | None = None
    url: str | None = None
    region: str | None = None


# --- where each service is ------------------------------------------------------------------------

def libre_base(settings: Access) -> str:
    """The server's address ending in "/": deep-translator appends "translate" to it as it is."""
    return (settings.url or "").rstrip("/") + "/"


def deepl_free(settings: Access) -> bool:
    """Keys of DeepL's free plan end in ":fx" and only work on the free API's host."""
    return (settings.key or "").endswith(":fx")


def deepl_base(settings: Access) -> str:
    """DeepL's API address, as deep-translator builds it from its table of addresses."""
    from deep_translator.constants import BASE_URLS
    return BASE_URLS["DEEPL_FREE" if deepl_free(settings) else "DEEPL"].format(version="v2")


def deepl_auth(key: str | None) -> dict[str, str]:
    """DeepL's only way of taking a key: a header, so that no URL (and no log of one) holds it."""
    return {"Authorization": f"DeepL-Auth-Key {key}"}


def microsoft_base() -> str:
    from deep_translator.constants import BASE_URLS
    return BASE_URLS["MICROSOFT_TRANSLATE"]


# --- the mending ----------------------------------------------------------------------------------

class ServiceCodes:
    """Take the source and target codes as given: they come from the service's own list."""

    def _map_language_to_code(self, *languages: str) -> Iterator[str]:
        return iter(languages)


class DeepLHeaderAuth:
    """Translate with a POST and the key in the ``Authorization`` header, as DeepL requires."""

    api_key: str
    _base_url: str
    _source: str
    _target: str

    def translate(self, text: str, **kwargs: Any) -> str:
        import requests
        from deep_translator.exceptions import TranslationNotFound

        translations = _answer(requests.post(
            self._base_url + "translate", data={"text": text, "source_lang": self._source, "target_lang": self._target},
            headers=deepl_auth(self.api_key))).get("translations")
        if not translations:
            raise TranslationNotFound(text)
        return translations[0]["text"]


class LibreBody:
    """Translate with the text and the key in a JSON body, which LibreTranslate takes as it takes a query."""

    api_key: str
    _base_url: str
    _source: str
    _target: str

    def translate(self, text: str, **kwargs: Any) -> str:
        import requests
        from deep_translator.exceptions import TranslationNotFound

        key = {"api_key": self.api_key} if self.api_key != NO_KEY else {}
        translated = _answer(requests.post(self._base_url + "translate", json={
            "q": text, "source": self._source, "target": self._target, "format": "text", **key})).get("translatedText")
        if translated is None:
            raise TranslationNotFound(text)
        return translated


def _answer(response: Any) -> dict:
    """The JSON of a 2xx answer; else deep-translator's exception for it, which ``http.explain`` words
    for people (a refused key is not shown)."""
    from deep_translator.exceptions import AuthorizationException, ServerException

    if response.status_code == 403:
        raise AuthorizationException("(not shown)")
    if not 200 <= response.status_code < 300:
        raise ServerException(response.status_code)
    return response.json()


class ListFetched:
    """Microsoft's client without its own fetch of the language list."""

    def _get_supported_languages(self) -> dict[str, str]:
        return {}


@functools.cache
def _mended(client: type, *mixins: type) -> type:
    return type(client.__name__, (*mixins, client), {})


# --- one client for a language pair -----------------------------------------------------------------

def google(settings: Access, source: str, target: str) -> Client:
    from deep_translator import GoogleTranslator
    return GoogleTranslator(source=source, target=target).translate


def mymemory(settings: Access, source: str, target: str) -> Client:
    from deep_translator import MyMemoryTranslator
    return MyMemoryTranslator(source=source, target=target).translate


def libre(settings: Access, source: str, target: str) -> Client:
    from deep_translator import LibreTranslator
    return _mended(LibreTranslator, ServiceCodes, LibreBody)(
        source=source, target=target, api_key=settings.key or NO_KEY, custom_url=libre_base(settings)).translate


def deepl(settings: Access, source: str, target: str) -> Client:
    from deep_translator import DeeplTranslator
    return _mended(DeeplTranslator, ServiceCodes, DeepLHeaderAuth)(
        source=source, target=target, api_key=settings.key, use_free_api=deepl_free(settings)).translate


def microsoft(settings: Access, source: str, target: str) -> Client:
    from deep_translator import MicrosoftTranslator
    return _mended(MicrosoftTranslator, ServiceCodes, ListFetched)(
        source=source, target=target, api_key=settings.key, region=settings.region).translate


def offline(translate: Client) -> Callable[[Access, str, str], Client]:
    """A client for an offline provider: the same function for every pair."""
    return lambda settings, source, target: translate
