"""What a service translates, and its code for each of our locales, variants included.

A service that publishes its languages is asked for them: LibreTranslate at
``/languages`` (each source with the targets it allows: a self-hosted server has
exactly the models its operator installed), DeepL at ``/v2/languages?type=source``
and ``?type=target`` (targets in variants: ``PT-BR``, ``PT-PT``, ``EN-GB``,
``ZH-HANT``), Microsoft at ``/languages``. deep-translator's fixed tables, years
old, serve the services that publish nothing (Google's page, MyMemory), and the
others when their list cannot be had.

A locale is matched to the service's languages by code, then by English name,
then by alias, trying the locale itself, then its CLDR parents (es-MX is
Latin-American Spanish, es-419; pt-AO is European Portuguese, pt-PT), then the
language and script alone. A region may be dropped, a script never: ``zh-Hant``
is never drafted as Simplified Chinese.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from importlib import import_module
from typing import Any
from urllib.parse import urljoin

from babel import Locale
from babel.core import get_global

from pipeline.errors import InputError
from pipeline.locales import LocaleInfo, describe
from pipeline.providers.clients import Access, deepl_auth, deepl_base, libre_base, microsoft_base
from pipeline.providers.http import ProviderError, explain, forget, get_json

MALFORMED = "its list of languages is not in the form the service publishes"


@dataclass(frozen=True)
class Language:
    code: str  # as the service spells it: "zt", "PT-BR", "zh-Hans"
    name: str  # in English, as the service gives it

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


@dataclass(frozen=True)
class Offer:
    """A service's languages: what it translates from, and what into."""

    sources: tuple[Language, ...]
    targets: tuple[Language, ...]
    pairs: Mapping[str, tuple[str, ...]] | None  # source code → the target codes it allows; None: any pair
    told: str  # who says so, for messages: "the server", "deepl", "deep-translator's list for google"
    stand_in: bool = False  # a table in place of the service's own list, which could not be had: never kept

    def into(self, source: str) -> tuple[Language, ...]:
        """The targets a source allows."""
        if self.pairs is None:
            return self.targets
        allowed = set(self.pairs.get(source, ()))
        return tuple(language for language in self.targets if language.code in allowed)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Offer:
        data = json.loads(text)
        return cls(tuple(Language(**each) for each in data["sources"]),
                   tuple(Language(**each) for each in data["targets"]),
                   {source: tuple(codes) for source, codes in data["pairs"].items()} if data["pairs"] else None,
                   data["told"])


# --- the services' own lists ---------------------------------------------------------------------

@dataclass(frozen=True)
class Listing:
    """Where a service publishes its languages, and how to read them."""

    address: Callable[[Access], str]       # the list's URL: the cache keeps the list under it
    read: Callable[[Access, str], Offer]   # GET and parse, inside ``patient_requests``


def _entries(answer: Any, code: str) -> list[dict[str, Any]]:
    """A JSON list of objects, each with a string ``code``."""
    if not isinstance(answer, list) or not all(isinstance(each, dict) and isinstance(each.get(code), str)
                                               for each in answer):
        raise ProviderError(MALFORMED)
    return answer


def _languages(entries: list[dict[str, Any]], code: str) -> tuple[Language, ...]:
    return tuple(Language(each[code], str(each.get("name") or each[code])) for each in entries)


def _read_libre(settings: Access, address: str) -> Offer:
    """``[{"code", "name", "targets"}]``; a server older than per-source targets allows every pair."""
    entries = _entries(get_json(address), "code")
    languages = _languages(entries, "code")
    if not all(isinstance(each.get("targets"), list) for each in entries):
        return Offer(languages, languages, None, "the server")
    return Offer(languages, languages, {each["code"]: tuple(map(str, each["targets"])) for each in entries},
                 "the server")


def _read_deepl(settings: Access, address: str) -> Offer:
    """``[{"language", "name", "supports_formality"}]``, once for sources and once for targets."""
    lists = [_languages(_entries(get_json(address, params={"type": kind}, headers=deepl_auth(settings.key)),
                                 "language"), "language") for kind in ("source", "target")]
    return Offer(lists[0], lists[1], None, "deepl")


def _read_microsoft(settings: Access, address: str) -> Offer:
    """``{"translation": {code: {"name", "nativeName", "dir"}}}``; every language both ways."""
    answer = get_json(address, params={"api-version": "3.0", "scope": "translation"})
    table = answer.get("translation") if isinstance(answer, dict) else None
    if not isinstance(table, dict) or not all(isinstance(each, dict) for each in table.values()):
        raise ProviderError(MALFORMED)
    languages = tuple(Language(code, str(each.get("name") or code)) for code, each in table.items())
    return Offer(languages, languages, None, "microsoft")


LIBRE = Listing(lambda settings: libre_base(settings) + "languages", _read_libre)
DEEPL = Listing(lambda settings: deepl_base(settings) + "languages", _read_deepl)
MICROSOFT = Listing(lambda settings: urljoin(microsoft_base(), "languages"), _read_microsoft)


def fetch(listing: Listing, settings: Access, timeout: float) -> Offer:
    """The service's list, asked now (inside ``patient_requests``), or ``ProviderError`` saying why not."""
    forget()
    try:
        return listing.read(settings, listing.address(settings))
    except Exception as error:  # explained without the exception's text, which may hold the key
        raise explain(error, timeout) from None


def builtin(provider: str, table: str) -> Offer:
    """One of deep-translator's fixed tables (name → code), the same list both ways."""
    languages = tuple(Language(code, name) for name, code in getattr(import_module("deep_translator.constants"),
                                                                     table).items())
    return Offer(languages, languages, None, f"deep-translator's list for {provider}")


# --- a locale's code --------------------------------------------------------------------------------

def source_code(provider: str, offer: Offer | None, aliases: Mapping[str, str], locale: LocaleInfo) -> str:
    """The service's code for the language drafts are made from."""
    if offer is None:
        return locale.tag
    found = _pick(offer.sources, aliases, locale)
    if found is None:
        raise InputError(None, None, f"{provider} cannot translate from {locale.english_name} ({locale.tag}): "
                                     f"{offer.told} translates from {_listing(offer.sources)}")
    return found.code


def target_code(provider: str, offer: Offer | None, aliases: Mapping[str, str], locale: LocaleInfo,
                source: str) -> str:
    """The service's code for a locale, or an error naming what the service does offer from ``source``."""
    if offer is None:
        return locale.tag
    targets = offer.into(source)
    found = _pick(targets, aliases, locale)
    if found is not None:
        return found.code
    if offer.stand_in:
        raise InputError(None, None, f"{provider}: {offer.told}, used as its own list could not be had, has no "
                                     f"{locale.english_name} ({locale.tag}), but the service may: run again when "
                                     "it gives its list (the warning above says why not), or draft this locale "
                                     "with another --provider")
    language = Locale.parse(locale.posix).language
    variants = [each for each in targets if _subtags(each.code)[0] == language]
    if variants:
        raise InputError(None, None, f"{provider} cannot translate into {locale.english_name} ({locale.tag}); "
                                     f"of {Locale(language).english_name}, {offer.told} offers only "
                                     f"{_listing(variants)}: name the locale by one of these, or draft it "
                                     "with another --provider")
    origin = next((each.name for each in offer.sources if each.code == source), source)
    raise InputError(None, None, f"{provider} cannot translate into {locale.english_name} ({locale.tag}); "
                                 f"from {origin}, {offer.told} offers {_listing(targets)}: "
                                 "draft this locale with another --provider")


def _pick(languages: tuple[Language, ...], aliases: Mapping[str, str], locale: LocaleInfo) -> Language | None:
    by_code: dict[tuple[str, ...], Language] = {}
    by_name: dict[str, Language] = {}
    for language in languages:
        by_code.setdefault(_subtags(language.code), language)
        by_name.setdefault(_name_key(language.name), language)
    for candidate in _candidates(locale):
        found = (by_code.get(_subtags(candidate.tag)) or by_name.get(_name_key(candidate.english_name))
                 or (by_code.get(_subtags(aliases[candidate.tag])) if candidate.tag in aliases else None))
        if found:
            return found
    return None


def _candidates(locale: LocaleInfo) -> list[LocaleInfo]:
    """The locale, its CLDR parents, then the same language and script without region or variant."""
    chain = [locale]
    parents = get_global("parent_exceptions")
    while chain[-1].posix in parents and parents[chain[-1].posix] != "root":
        chain.append(describe(Locale.parse(parents[chain[-1].posix])))
    parsed = Locale.parse(locale.posix)
    if parsed.territory or parsed.variant:
        chain.append(describe(Locale(parsed.language, script=parsed.script)))
    return chain


def _subtags(code: str) -> tuple[str, ...]:
    """"PT-BR", "pt_BR" and "pt-br" are one code."""
    return tuple(code.replace("_", "-").casefold().split("-"))


def _name_key(name: str) -> str:
    """"Chinese (Simplified)", "chinese simplified" and "Chinese, Simplified" compare equal."""
    return " ".join(name.casefold().replace("(", " ").replace(")", " ").replace(",", " ").split())


def _listing(languages: tuple[Language, ...] | list[Language]) -> str:
    return ", ".join(sorted(map(str, languages), key=str.casefold)) or "nothing"
