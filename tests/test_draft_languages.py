"""`letter draft` in every language a service offers: its own list, the right variant, a clear refusal.

Each test runs the real command and deep-translator's real clients against a
stand-in on 127.0.0.1 that speaks the service's protocol (``translation_servers``).
"""
from __future__ import annotations

import socket
import sqlite3
from contextlib import closing

import pytest
from deep_translator import constants
from test_draft import draftable, shouted

from pipeline import providers
from pipeline.errors import InputError
from pipeline.locales import parse_locale
from pipeline.model import NAME_CONTEXT

from translation_servers import DEEPL_LANGUAGES, Reply, TranslationServer, libre_languages

KEY = "s3cret-key:fx"
REVIEWED = "Revu: "


@pytest.fixture(autouse=True)
def no_keys(monkeypatch):
    for name in ("LIBRE_API_KEY", "LIBRE_URL", "DEEPL_API_KEY", "MICROSOFT_API_KEY", "MICROSOFT_REGION"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def deepl(monkeypatch):
    """A DeepL stand-in that takes only KEY, reached as the free API."""
    with TranslationServer("deepl", key=KEY) as server:
        monkeypatch.setitem(constants.BASE_URLS, "DEEPL_FREE", server.url + "{version}/")
        monkeypatch.setenv("DEEPL_API_KEY", KEY)
        yield server


def init(project, *codes) -> None:
    """New catalogs with all but three messages reviewed, so that a run asks little."""
    project.ok("init", *codes)
    for code in codes:
        left = {e.msgid for e in draftable(project, code)[:3]}
        project.translate(code, lambda e, left=left: "" if e.msgid in left or e.msgctxt == NAME_CONTEXT
                          else REVIEWED + e.msgid)


def refused(project, server, code, *options) -> str:
    """What ``letter draft`` says when it must stop before any translation is asked, leaving the catalog."""
    before = project.catalog(code).read_bytes()
    result = project.run("draft", code, *options)
    assert result.exit_code == 2, result.stdout
    assert server.translations() == [] and project.catalog(code).read_bytes() == before
    return result.stderr


def targets(server) -> set[str]:
    return {request.target for request in server.translations()}


def drafted(project, *codes) -> bool:
    """Each catalog's three messages left by ``init`` hold the stand-in's drafts."""
    return all([(e.msgstr, e.fuzzy) for e in draftable(project, code) if not e.msgstr.startswith(REVIEWED)]
               == [(shouted(e.msgid), True) for e in draftable(project, code)[:3]] for code in codes)


# --- the service's own list -------------------------------------------------------------------

def test_libre_drafts_the_languages_its_server_has_that_the_old_table_lacks(extracted):
    codes = ("nl", "uk", "he", "fa")
    init(extracted, *codes)
    languages = libre_languages({"en": "English", "nl": "Dutch", "uk": "Ukrainian", "he": "Hebrew", "fa": "Persian"})
    with TranslationServer("libre", languages=languages) as server:
        result = extracted.run("draft", *codes, "--provider", "libre", "--url", server.url)
    assert result.exit_code == 0, result.stderr
    assert targets(server) == set(codes) and {r.params["source"] for r in server.translations()} == {"en"}
    assert len(server.lists()) == 1 and drafted(extracted, *codes)
    assert result.stderr == ""


def test_a_server_without_the_language_stops_at_once_saying_what_it_has(extracted):
    init(extracted, "nl")
    with TranslationServer("libre") as server:
        said = refused(extracted, server, "nl", "--provider", "libre", "--url", server.url)
    assert said == (
        "letter: error: libre cannot translate into Dutch (nl); from English, the server offers Arabic (ar), "
        "Chinese (zh-Hans), French (fr), German (de), Italian (it), Japanese (ja), Portuguese (pt), Russian (ru), "
        "Spanish (es): draft this locale with another --provider\n")
    assert len(server.lists()) == 1


def test_a_language_the_server_has_but_not_from_english_is_refused(extracted):
    init(extracted, "nl")
    languages = [{"code": "en", "name": "English", "targets": ["fr"]},
                 {"code": "fr", "name": "French", "targets": ["en", "nl"]},
                 {"code": "nl", "name": "Dutch", "targets": ["fr"]}]
    with TranslationServer("libre", languages=languages) as server:
        said = refused(extracted, server, "nl", "--provider", "libre", "--url", server.url)
    assert "libre cannot translate into Dutch (nl); from English, the server offers French (fr):" in said


@pytest.mark.parametrize("listed, codes", [
    ({"en": "English", "zh": "Chinese", "zt": "Chinese (traditional)", "pt": "Portuguese",
      "pb": "Portuguese (Brazil)"}, ["zh", "zt", "pb", "pt"]),    # LibreTranslate before 1.6
    ({"en": "English", "zh-Hans": "Chinese", "zh-Hant": "Chinese (traditional)", "pt": "Portuguese",
      "pt-BR": "Portuguese (Brazil)"}, ["zh-Hans", "zh-Hant", "pt-BR", "pt"]),
])
def test_libre_chinese_and_portuguese_go_by_the_servers_spelling(extracted, listed, codes):
    tags = ("zh-Hans", "zh-Hant", "pt-BR", "pt-AO")
    init(extracted, *tags)
    with TranslationServer("libre", languages=libre_languages(listed)) as server:
        for tag, code in zip(tags, codes, strict=True):
            asked = len(server.translations())
            extracted.ok("draft", tag, "--provider", "libre", "--url", server.url)
            assert {r.target for r in server.translations()[asked:]} == {code}, tag
    assert drafted(extracted, *tags)


def test_microsoft_codes_come_from_its_own_list(extracted, monkeypatch):
    tags = ("nl", "fil", "pt-BR", "pt-PT", "zh-Hant")
    init(extracted, *tags)
    monkeypatch.setenv("MICROSOFT_API_KEY", KEY)
    with TranslationServer("microsoft") as server:
        monkeypatch.setitem(constants.BASE_URLS, "MICROSOFT_TRANSLATE", server.url + "translate?api-version=3.0")
        result = extracted.ok("draft", *tags, "--provider", "microsoft")
    assert targets(server) == {"nl", "fil", "pt", "pt-pt", "zh-Hant"}
    assert [(r.path, r.params) for r in server.lists()] == [
        ("/languages", {"api-version": "3.0", "scope": "translation"})]  # once, not once per client
    assert {r.headers["Ocp-Apim-Subscription-Key"] for r in server.translations()} == {KEY}
    assert drafted(extracted, *tags) and "s3cret" not in result.stdout + result.stderr


# --- DeepL's variants ---------------------------------------------------------------------------

def test_deepl_drafts_arabic_and_each_variant(extracted, deepl, caplog):
    caplog.set_level("DEBUG")
    tags = ("ar", "pt-BR", "pt-PT", "zh-Hans", "zh-Hant", "es-MX")
    init(extracted, *tags)
    result = extracted.ok("draft", *tags, "--provider", "deepl")
    assert targets(deepl) == {"AR", "PT-BR", "PT-PT", "ZH-HANS", "ZH-HANT", "ES-419"}
    assert {r.params["source_lang"] for r in deepl.translations()} == {"EN"}
    assert drafted(extracted, *tags)
    assert KEY not in result.stdout + result.stderr + caplog.text


def test_a_plain_tag_deepl_offers_only_in_variants_is_an_error_listing_them(extracted, deepl):
    init(extracted, "pt")
    assert refused(extracted, deepl, "pt", "--provider", "deepl") == (
        "letter: error: deepl cannot translate into Portuguese (pt); of Portuguese, deepl offers only "
        "Portuguese (Brazilian) (PT-BR), Portuguese (European) (PT-PT): name the locale by one of these, "
        "or draft it with another --provider\n")


@pytest.mark.parametrize("tag, code", [
    ("en-GB", "EN-GB"), ("en-US", "EN-US"), ("en-AU", None), ("en", None), ("zh", "ZH"), ("zh-Hans", "ZH-HANS"),
    ("zh-Hant", "ZH-HANT"), ("zh-Hant-HK", "ZH-HANT"), ("pt-AO", "PT-PT"), ("pt-BR", "PT-BR"), ("es", "ES"),
    ("es-AR", "ES-419"), ("fr-CA", "FR"), ("nb", "NB"),
])
def test_deepl_variant_for_each_tag(tag, code):
    deepl = providers.PROVIDERS["deepl"]
    sources, targets = (tuple(providers.Language(each["language"], each["name"]) for each in DEEPL_LANGUAGES[kind])
                        for kind in ("source", "target"))
    offer = providers.Offer(sources, targets, None, "deepl")
    if code:
        assert providers.target_code(deepl, offer, parse_locale(tag), "EN") == code
    else:
        with pytest.raises(InputError, match=r"offers only English \(American\) \(EN-US\), English \(British\)"):
            providers.target_code(deepl, offer, parse_locale(tag), "EN")


def test_a_refused_deepl_key_stops_before_any_translation_and_is_never_printed(extracted, deepl, monkeypatch,
                                                                                caplog):
    caplog.set_level("DEBUG")
    init(extracted, "fr")
    monkeypatch.setenv("DEEPL_API_KEY", "s3cret-wrong:fx")
    said = refused(extracted, deepl, "fr", "--provider", "deepl")
    assert said == ("letter: error: deepl: cannot get its list of languages: the service refused the "
                    "request (HTTP 403): check the API key\n")
    assert len(deepl.lists()) == 1 and "s3cret" not in said + caplog.text


# --- the fallback, and the cache -------------------------------------------------------------------

@pytest.mark.parametrize("reply, reason", [
    (Reply(503, "down"), "the service answered HTTP 503, even after retrying"),
    (Reply(200, "<html>Please log in</html>"), "the service answered with a web page: is a proxy or login page in "
                                                "the way?"),
    (Reply(200, "Please log in", "text/plain"), "the answer is not the JSON the service should send (text/plain)"),
    (Reply(200, '{"languages": []}', "application/json"), "its list of languages is not in the form the service "
                                                            "publishes"),
])
def test_a_list_that_cannot_be_had_falls_back_to_the_table_said_once(extracted, reply, reason):
    init(extracted, "fr", "it", "nl")

    def no_list(request, seen):
        return None if request.translation else reply

    with TranslationServer("libre", behave=no_list) as server:
        result = extracted.run("draft", "fr", "it", "--provider", "libre", "--url", server.url, "--retries", "1")
        assert result.exit_code == 0, result.stderr
        assert result.stderr == (f"letter: warning: libre: cannot get its list of languages ({reason}); using "
                                 "deep-translator's built-in list of 17 languages, which may lack some the "
                                 "service offers\n")
        assert targets(server) == {"fr", "it"} and drafted(extracted, "fr", "it")
        refused = extracted.run("draft", "nl", "--provider", "libre", "--url", server.url, "--retries", "0")
    assert refused.exit_code == 2
    assert refused.stderr.count("letter: warning:") == 1  # asked again: a fallback is not kept
    assert ("letter: error: libre: deep-translator's list for libre, used as its own list could not be had, has "
            "no Dutch (nl), but the service may: run again when it gives its list (the warning above says why "
            "not), or draft this locale with another --provider") in refused.stderr
    assert "cannot translate" not in refused.stderr


@pytest.mark.parametrize("url, why", [
    ("http://127.0.0.1:{port}/", "connection refused"),
    ("http://s3cret-user:s3cret-password@127.0.0.1:{port}/x/", "connection refused"),
    ("http://letter-test.invalid:{port}/", "the host name is not known"),
])
def test_a_server_that_cannot_be_reached_is_named_at_the_list_not_blamed_on_the_language(extracted, url, why):
    """Hebrew is not in deep-translator's table for libre: the run must not say the server cannot translate it."""
    init(extracted, "he")
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    before = extracted.catalog("he").read_bytes()
    result = extracted.run("draft", "he", "--provider", "libre", "--url", url.format(port=port), "--retries", "0")
    assert result.exit_code == 2
    host = "letter-test.invalid" if "invalid" in url else "127.0.0.1"
    assert result.stderr == (f"letter: error: libre: cannot reach http://{host}:{port} ({why}): check --url and "
                             "that the service runs\n")
    assert extracted.catalog("he").read_bytes() == before


def kept_lists(project) -> list[tuple[str, str, str]]:
    with closing(sqlite3.connect(project.path(".letter-cache/drafts.sqlite3"))) as db:
        return db.execute("SELECT provider, address, key FROM languages").fetchall()


def test_the_list_is_kept_a_day_by_provider_address_and_key_digest(extracted, monkeypatch):
    init(extracted, "fr", "de")
    monkeypatch.setenv("LIBRE_API_KEY", "s3cret-libre-key")
    with TranslationServer("libre") as first, TranslationServer("libre") as second:
        extracted.ok("draft", "fr", "--provider", "libre", "--url", first.url)
        extracted.ok("draft", "fr", "--provider", "libre", "--url", first.url, "--overwrite-drafts")
        assert len(first.lists()) == 1
        extracted.ok("draft", "de", "--provider", "libre", "--url", second.url)
        assert len(second.lists()) == 1
        with closing(sqlite3.connect(extracted.path(".letter-cache/drafts.sqlite3"))) as db, db:
            db.execute("UPDATE languages SET fetched = fetched - 86401")
        extracted.ok("draft", "fr", "--provider", "libre", "--url", first.url, "--overwrite-drafts")
        assert len(first.lists()) == 2
    lists = kept_lists(extracted)
    assert sorted((provider, address) for provider, address, _ in lists) == sorted(
        [("libre", first.url + "languages"), ("libre", second.url + "languages")])
    assert all(len(key) == 64 and "s3cret" not in key for _, _, key in lists)
    assert b"s3cret" not in extracted.path(".letter-cache/drafts.sqlite3").read_bytes()
