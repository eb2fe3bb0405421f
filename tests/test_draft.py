"""`letter draft`: machine drafts through deep-translator's real clients, against servers on 127.0.0.1.

No test touches the network: the services are stand-ins from ``translation_servers``,
started by the test and stopped at its end. The offline ``pseudo`` provider needs none.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import unicodedata
from contextlib import closing

import polib
import pytest
import requests
from deep_translator import constants

from pipeline import draft, po, providers, pseudo
from pipeline.checks import Context, Settings, lost_token, machine_draft
from pipeline.errors import InputError
from pipeline.locales import parse_locale
from pipeline.masking import protect
from pipeline.model import NAME_CONTEXT
from pipeline.wording import QUOTED, shorten

from conftest import msgfmt_check, needs_gettext
from translation_servers import HANG_LIMIT, Reply, TranslationServer

EPOCH = "1795000000"  # 2026-11-18 (UTC)
DAY = "2026-11-18"
TITLE = "A Call to All Governments: Work Together Now to Stop Cyberattacks on the Healthcare Sector"
COVID = "Over the past weeks"  # the start of the paragraph that mentions COVID-19


@pytest.fixture(autouse=True)
def reproducible(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    for name in ("LIBRE_API_KEY", "LIBRE_URL", "DEEPL_API_KEY", "MICROSOFT_API_KEY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fr(extracted):
    extracted.ok("init", "fr")
    return extracted


def entries(project, code="fr") -> dict[tuple[str | None, str], polib.POEntry]:
    return {(e.msgctxt, e.msgid): e for e in po.load(project.catalog(code)) if not e.obsolete}


def draftable(project, code="fr") -> list[polib.POEntry]:
    return [e for e in entries(project, code).values() if e.msgid and e.msgctxt != NAME_CONTEXT]


def shouted(msgid: str) -> str:
    """The stand-ins' translation as it should land: upper case, placeholders such as {publisher} kept."""
    return re.sub(r"\{[^{}]*\}|[^{}]+", lambda m: m.group() if m.group().startswith("{") else m.group().upper(), msgid)


def libre(project, server, *args):
    return project.run("draft", "fr", "--provider", "libre", "--url", server.url, *args)


def set_entries(project, change, code="fr") -> None:
    """Edit a catalog as a translator would: ``change(entry)`` for each message, then save."""
    loaded = po.load(project.catalog(code))
    for entry in loaded:
        change(entry)
    po.save(loaded, project.catalog(code))


def test_lost_token_check_reports_until_the_token_is_back():
    entry = polib.POEntry(msgid="On **COVID-19** now", msgstr="Sur ** maintenant",
                          tcomment='machine draft: libre, 2026-11-18\nmachine draft lost: "COVID-19", "**"')
    locale = parse_locale("fr")
    found = list(lost_token(Context(entry.msgid, entry.msgstr, entry, locale, Settings())))
    assert found == ['the machine draft lost "COVID-19", "**"; put it back, then delete the '
                     "'machine draft lost:' comment"]
    fixed = "Sur **COVID-19** maintenant"
    assert list(lost_token(Context(entry.msgid, fixed, entry, locale, Settings()))) == []


def test_lost_token_note_edited_by_hand_beyond_json_is_read_as_written():
    # A translator added a token to the note in Poedit, with a backslash JSON does not allow.
    entry = polib.POEntry(msgid="Save to C:\\dossier now", msgstr="Enregistrer maintenant",
                          tcomment='machine draft lost: "C:\\dossier", "\\u00e9t\\u00e9"')
    found = list(lost_token(Context(entry.msgid, entry.msgstr, entry, parse_locale("fr"), Settings())))
    assert found == ['the machine draft lost "C:\\\\dossier"; put it back, then delete the '
                     "'machine draft lost:' comment"]


def test_a_machine_draft_approved_in_an_editor_with_its_note_is_an_error_until_the_note_goes(fr):
    """A bulk clear of the fuzzy marks (Poedit, a text editor) publishes the machine's text unread; the
    review page's approval drops the note, so a note left on a reviewed message says no one approved it there:
    an error in a locale in progress too (fr is not published), which would be published once complete."""
    from pipeline.serve.writes import apply

    fr.ok("draft", "fr", "--provider", "pseudo")
    cleared, approved, deleted = (e.msgid for e in draftable(fr)[:3])

    def review(entry):
        if entry.msgid in (cleared, deleted):
            entry.flags.remove("fuzzy")
        if entry.msgid == deleted:
            entry.tcomment = ""
        if entry.msgid == approved:
            apply(entry, entry.msgstr, True, parse_locale("fr"))  # the review page's approval, text unchanged
    set_entries(fr, review)
    found = [f for f in json.loads(fr.run("check", "fr", "--format", "json").stdout)["findings"]
             if f["check"] == "machine-draft"]
    assert [(f["msgid"], f["severity"], f["message"]) for f in found] == [
        (cleared, "error", "approved with its machine-draft note, so it may be the machine's text unread: a person "
                           "reviews it (unchanged, if it is right) and deletes the '# machine draft:' line")]
    from pipeline.catalog_checks import severity_of
    assert severity_of("machine-draft", Settings(), published=False).value == "error"
    assert severity_of("machine-draft", Settings({"machine-draft": "warning"}), published=True).value == "warning"
    # letter draft's own drafts carry the note, fuzzy: no finding.
    fresh = polib.POEntry(msgid="Signatories", msgstr="[Šîĝñåţöŕîéš]", flags=["fuzzy"],
                          tcomment="machine draft: pseudo, 2026-11-18 (sha256 12345678)")
    assert list(machine_draft(Context(fresh.msgid, fresh.msgstr, fresh, parse_locale("fr"), Settings()))) == []


def test_status_and_build_count_the_reviewed_translations_that_keep_their_machine_draft_note(fr):
    """Every fuzzy mark of a machine-drafted catalog cleared at once (Poedit: select all, clear "Needs work"):
    the locale is complete and is published, so `letter status` and the build say what `letter check` fails,
    the build's record keeping the count for a build in which nothing changed."""
    fr.ok("draft", "fr", "--provider", "pseudo")
    drafted = draftable(fr)
    read = drafted[0].msgid  # reviewed by a person, who deleted the note

    def clear(entry):
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        if entry.msgid == read:
            entry.tcomment = ""
    set_entries(fr, clear)
    noted = len(drafted) - 1
    check = fr.run("check", "fr")
    assert check.exit_code == 1 and check.stdout.count("error: [machine-draft]") == noted
    told = (f"fr: {noted} reviewed translations still carry their machine-draft note: a person reviews each "
            "and deletes the note (letter check fr)")
    status = fr.ok("status").stdout
    assert told in status and "published while complete" in status
    assert json.loads(fr.ok("status", "--format", "json").stdout)[0]["machine_drafts"] == noted
    first, again = fr.ok("build").stdout, fr.ok("build").stdout
    assert told in first and "en, fr" in first
    assert told in again and "all up to date" in again
    set_entries(fr, lambda entry: setattr(entry, "tcomment", "") if entry.msgid != drafted[1].msgid else None)
    one = ("fr: 1 reviewed translation still carries its machine-draft note: a person reviews it and deletes "
           "the note (letter check fr)")
    assert one in fr.ok("status").stdout and one in fr.ok("build").stdout
    set_entries(fr, lambda entry: setattr(entry, "tcomment", ""))
    assert "machine-draft" not in fr.ok("status").stdout + fr.ok("build").stdout


# --- pseudo-localization ------------------------------------------------------------------------

def test_pseudo_is_accented_longer_bracketed_and_keeps_placeholders():
    text = "Published by {0} on {publisher}, the day of the letter"
    result = pseudo.accented(text)
    assert result.startswith("[Þûƀļîšĥéđ ƀý {0} öñ {publisher}, ţĥé đåý öƒ ţĥé ļéţţéŕ") and result.endswith("]")
    visible = pseudo.PLACEHOLDER.sub  # placeholders stand for values: they do not count
    assert len(visible("", result)) >= 1.3 * len(visible("", text))
    assert unicodedata.is_normalized("NFC", result)


def test_pseudo_rtl_forces_each_word_right_to_left():
    result = pseudo.right_to_left("Hello {0}, world 19")
    assert result == "\u200f\u202eHello\u202c\u200f {0}, \u200f\u202eworld\u202c\u200f 19"


def test_pseudo_rtl_drafts_pass_the_characters_check_until_someone_edits_one(fr):
    fr.ok("draft", "fr", "--provider", "pseudo-rtl")

    def characters():
        report = json.loads(fr.run("check", "fr", "--format", "json").stdout)
        return [(f["msgid"], f["message"]) for f in report["findings"] if f["check"] == "characters"]

    assert characters() == []
    set_entries(fr, lambda e: setattr(e, "msgstr", e.msgstr + "!") if e.msgid == "Signatories" else None)
    assert characters() == [("Signatories", "invisible character RLO (U+202E) at position 2; remove it")]


def test_pseudo_drafts_offline_with_no_cache(fr):
    result = fr.ok("draft", "fr", "--provider", "pseudo")
    assert f"fr: {len(draftable(fr))} drafted, 0 reused, 0 cached, 0 failed" in result.stdout
    assert all(e.msgstr.startswith("[") and e.fuzzy for e in draftable(fr))
    assert not fr.path(".letter-cache").exists()


def test_drafts_made_are_followed_by_where_to_review_them_and_none_by_nothing(fr):
    fr.ok("init", "de")
    said = fr.ok("draft", "fr", "de", "--provider", "pseudo").stdout.splitlines()
    assert said[-1] == ("next: review them on `letter serve`'s review page (/review/fr/), or in Poedit or an editor, "
                        "where you clear each one's fuzzy mark and delete its `# machine draft:` line")
    again = fr.ok("draft", "fr", "de", "--provider", "pseudo").stdout  # every message has its draft
    assert "next:" not in again and "fr: 0 drafted" in again


# --- providers: codes, keys, HTTP -------------------------------------------------------------------

@pytest.mark.parametrize("provider, tag, code", [
    ("google", "he", "iw"), ("google", "zh-Hans", "zh-CN"), ("google", "zh-Hant", "zh-TW"), ("google", "zh", "zh-CN"),
    ("google", "pt-BR", "pt"), ("google", "fil", "tl"), ("google", "en", "en"),
    ("mymemory", "fr", "fr-FR"), ("mymemory", "pt-BR", "pt-BR"), ("mymemory", "zh-Hant", "zh-TW"),
    ("mymemory", "he", "he-IL"), ("mymemory", "en", "en-GB"), ("mymemory", "sr-Latn", "sr-Latn-RS"),
    ("libre", "zh-Hans", "zh"), ("libre", "de", "de"), ("libre", "fr-CA", "fr"),
    ("deepl", "zh-Hans", "zh"), ("deepl", "pt-BR", "pt"), ("pseudo", "ar", "ar"),
])
def test_locale_tags_become_each_providers_codes_in_deep_translators_tables(provider, tag, code):
    """Google and MyMemory publish no list; LibreTranslate's and DeepL's tables are the fallback."""
    chosen = providers.PROVIDERS[provider]
    assert providers.target_code(chosen, providers.builtin(chosen), parse_locale(tag), "en") == code


@pytest.mark.parametrize("provider, tag", [("libre", "zh-Hant"), ("libre", "sr"), ("google", "sr-Latn"),
                                           ("deepl", "ar")])
def test_a_locale_a_table_lacks_is_an_error_naming_both(provider, tag):
    chosen = providers.PROVIDERS[provider]
    with pytest.raises(InputError, match=rf"^{provider} cannot translate into .*\({tag}\)"):
        providers.target_code(chosen, providers.builtin(chosen), parse_locale(tag), "en")


def test_keys_and_addresses_come_from_flags_or_the_environment():
    deepl, libre_ = providers.PROVIDERS["deepl"], providers.PROVIDERS["libre"]
    with pytest.raises(InputError, match="DEEPL_API_KEY"):
        providers.settings(deepl, None, None, {})
    assert providers.settings(deepl, None, None, {"DEEPL_API_KEY": "k"}).key == "k"
    assert providers.settings(deepl, "flag", None, {"DEEPL_API_KEY": "k"}).key == "flag"
    with pytest.raises(InputError, match="LIBRE_URL"):
        providers.settings(libre_, None, None, {})
    assert providers.settings(libre_, None, None, {"LIBRE_URL": "http://localhost:5000"}).url == "http://localhost:5000"
    with pytest.raises(InputError, match="--url is for"):
        providers.settings(providers.PROVIDERS["google"], None, "http://x/", {})


def test_requests_get_timeout_and_retries_only_inside_the_block():
    original = requests.get, requests.post
    with providers.patient_requests(timeout=2, retries=3):
        assert requests.get is not original[0] and requests.post is not original[1]
    assert (requests.get, requests.post) == original
    policy = providers.retry_policy(3)
    assert policy.is_retry("POST", 429, has_retry_after=True) and policy.is_retry("POST", 503)
    assert not policy.is_retry("POST", 403) and policy.backoff_jitter > 0 and policy.respect_retry_after_header


def test_long_texts_go_a_few_sentences_at_a_time_for_mymemory():
    text = " ".join(f"Sentence number {n} is here to make the paragraph long enough." for n in range(30))
    pieces = providers.split_text(text, 499)
    assert len(pieces) > 1 and all(len(piece) <= 499 for piece in pieces) and "".join(pieces) == text


def test_a_rate_limit_spaces_requests():
    service = providers.Service(providers.PROVIDERS["pseudo"], providers.Access(), "en", "fr", timeout=1,
                                wait_turn=providers.rate_limiter(20))
    start = time.monotonic()
    for _ in range(5):
        service.translate("word")
    assert time.monotonic() - start >= 0.19


# --- drafting a catalog --------------------------------------------------------------------------

def test_drafts_fill_only_untranslated_messages_marked_fuzzy_with_provider_and_date(fr):
    def prepare(entry):
        if entry.msgid == "Former President" and entry.msgctxt == "role (feminine)":
            entry.msgstr = "Ancienne présidente"  # reviewed: never reused where another context keeps it apart
        elif entry.msgid == "Signatories":
            entry.msgstr, entry.flags = "Signataires (ancien)", ["fuzzy"]  # a human draft, e.g. from update
        elif entry.msgid == "Ban Ki-moon":
            entry.msgstr = "潘基文"
        elif entry.msgid == "Former Taoiseach":
            entry.msgstr = " "  # a blank is no translation: drafted, and never reused
    set_entries(fr, prepare)
    before = entries(fr)
    with TranslationServer("libre") as server:
        result = libre(fr, server)
    assert result.exit_code == 0, result.stderr
    after = entries(fr)
    assert after[("role (feminine)", "Former President")].msgstr == "Ancienne présidente"
    assert after[("role (feminine)", "Former President")].flags == []
    assert after[(None, "Signatories")].msgstr == "Signataires (ancien)"
    assert after[(None, "Signatories")].tcomment == before[(None, "Signatories")].tcomment
    names = [e for e in after.values() if e.msgctxt == NAME_CONTEXT]
    assert [e.msgstr for e in names if e.msgstr] == ["潘基文"] and not any(e.fuzzy for e in names)
    drafted = [e for e in draftable(fr)
               if e.msgid != "Signatories" and (e.msgctxt, e.msgid) != ("role (feminine)", "Former President")]
    assert ("role", "Former President") in {(e.msgctxt, e.msgid) for e in drafted}  # not the feminine, reused
    assert all(e.msgstr == shouted(e.msgid) and e.fuzzy for e in drafted)
    assert after[("role", "Former Taoiseach")].msgstr == shouted("Former Taoiseach")
    assert after[("role", "Former Taoiseach")].fuzzy
    assert all(re.search(rf"machine draft: libre, {DAY} \(sha256 [0-9a-f]{{8}}\)$", e.tcomment) for e in drafted)
    assert after[(None, TITLE)].comment == before[(None, TITLE)].comment  # extracted comments unchanged
    # Each distinct English text was asked once, in a JSON body: no URL, and so no server's or proxy's log,
    # holds it; a server that asks for no key is sent none.
    assert sorted(server.texts()) == sorted({protect(e.msgid).text for e in drafted})
    assert {(r.method, r.path, r.query, r.params["source"], r.params["target"], "api_key" in r.params)
            for r in server.translations()} == {("POST", "/translate", "", "en", "fr", False)}
    assert [(r.method, r.path, r.params) for r in server.lists()] == [("GET", "/languages", {})]
    summary = f"fr: {len(drafted)} drafted, 0 reused, 0 cached, 0 failed"
    assert summary in result.stdout
    assert "\r" not in result.stderr  # no progress bar when stderr is not a terminal


def test_a_reviewed_translation_is_reused_for_the_same_english_under_the_same_qualifiers(fr):
    """"Chile" the country drafts "Chile" the affiliation; a context's qualifiers (feminine, a sense) mark
    where the same English is translated otherwise, so across them nothing is reused."""
    loaded = po.load(fr.catalog("fr"))
    chile = next(e for e in loaded if (e.msgctxt, e.msgid) == ("country", "Chile"))
    chile.msgstr, chile.flags = "Chili", []
    loaded.append(polib.POEntry(msgctxt="affiliation", msgid="Chile", msgstr=""))
    po.save(loaded, fr.catalog("fr"))
    with TranslationServer("libre") as server:
        assert libre(fr, server).exit_code == 0
    after = entries(fr)
    assert after[("affiliation", "Chile")].msgstr == "Chili" and after[("affiliation", "Chile")].fuzzy
    assert "machine draft: reused" in after[("affiliation", "Chile")].tcomment
    assert after[("role (feminine)", "Former President")].msgstr == shouted("Former President")


def test_a_rerun_asks_nothing_and_overwrite_redoes_only_machine_drafts(fr):
    with TranslationServer("libre") as server:
        libre(fr, server)
        asked = len(server.requests)
        set_entries(fr, lambda e: e.flags.remove("fuzzy") if e.msgid == TITLE else None)  # reviewed it
        again = libre(fr, server)
        assert again.exit_code == 0 and "0 drafted, 0 reused, 0 cached" in again.stdout
        redo = libre(fr, server, "--overwrite-drafts")
        assert len(server.requests) == asked  # every answer came from the cache
    assert f"fr: 0 drafted, 0 reused, {len(draftable(fr)) - 1} cached, 0 failed" in redo.stdout
    assert not entries(fr)[(None, TITLE)].fuzzy
    assert fr.path(".letter-cache/drafts.sqlite3").is_file()


def test_overwrite_leaves_a_draft_a_person_edited_without_clearing_its_fuzzy_mark(extracted):
    extracted.ok("init", "it")
    extracted.ok("draft", "it", "--provider", "pseudo")
    first = entries(extracted, "it")[(None, TITLE)].msgstr
    # A translator corrects one draft in Poedit and saves it, still marked "Needs work" (fuzzy).
    set_entries(extracted, lambda e: setattr(e, "msgstr", "Firmatari") if e.msgid == "Signatories" else None, "it")
    extracted.ok("draft", "it", "--provider", "pseudo-rtl", "--overwrite-drafts")
    loaded = entries(extracted, "it")
    assert loaded[(None, "Signatories")].msgstr == "Firmatari" and loaded[(None, "Signatories")].fuzzy
    redone = loaded[(None, TITLE)]  # nobody touched it: drafted again
    assert redone.msgstr != first and redone.fuzzy and f"(sha256 {sha8(redone.msgstr)})" in redone.tcomment


def test_drafts_keep_the_crlf_line_ends_of_a_catalog_saved_on_windows(fr):
    catalog = fr.catalog("fr")
    catalog.write_bytes(catalog.read_bytes().replace(b"\n", b"\r\n"))
    fr.ok("draft", "fr", "--provider", "pseudo")
    after = catalog.read_bytes()
    assert after.count(b"\n") == after.count(b"\r\n") and all(e.fuzzy for e in draftable(fr))


def test_the_meter_is_told_how_far_each_locale_s_drafts_are(fr):
    """The command's progress bar is made by the CLI (``draft.Meter``): told each locale's tag, its messages
    to draft and those done already, then every message drafted."""
    from pipeline import draft
    from pipeline.config import load_config

    told: list[list] = []

    class Bar:
        def __init__(self, tag: str, total: int, done: int) -> None:
            told.append([tag, total, done])

        def __enter__(self) -> Bar:
            return self

        def __exit__(self, *exception) -> None:
            pass

        def update(self, n: int) -> None:
            told[-1][2] += n

    draft.run(load_config(fr.root), ("fr",), draft.Options("pseudo"), {}, warn=print, meter=Bar)
    assert told == [["fr", len(draftable(fr)), len(draftable(fr))]] and told[0][1] > 50


def test_a_header_without_charset_gets_utf_8_when_drafted(extracted):
    # Made by hand, ASCII only, with no Content-Type: the drafts bring letters beyond ASCII.
    extracted.path("locales/it/LC_MESSAGES").mkdir(parents=True)
    extracted.catalog("it").write_text('msgid ""\nmsgstr "Language: it\\n"\n\nmsgid "Signatories"\nmsgstr ""\n',
                                       encoding="ascii")
    extracted.ok("draft", "it", "--provider", "pseudo")
    text = extracted.catalog("it").read_text(encoding="utf-8")
    assert '"Content-Type: text/plain; charset=UTF-8\\n"' in text and "Šîĝñåţöŕîéš" in text


def sha8(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def test_google_and_mymemory_through_their_standins(extracted, monkeypatch):
    extracted.ok("init", "he", "pt-BR")
    with TranslationServer("google") as google, TranslationServer("mymemory") as mymemory:
        monkeypatch.setitem(constants.BASE_URLS, "GOOGLE_TRANSLATE", google.url + "m")
        monkeypatch.setitem(constants.BASE_URLS, "MYMEMORY", mymemory.url + "get")
        extracted.ok("draft", "he", "--provider", "google")
        extracted.ok("draft", "pt-BR", "--provider", "mymemory")
    assert {(r.path, r.params["sl"], r.params["tl"]) for r in google.requests} == {("/m", "en", "iw")}
    assert {r.params["langpair"] for r in mymemory.requests} == {"en-GB|pt-BR"}
    assert max(len(text) for text in mymemory.texts()) < 500  # long paragraphs went a few sentences at a time
    for code in ("he", "pt-BR"):
        assert all(e.msgstr == shouted(e.msgid) and e.fuzzy for e in draftable(extracted, code))


def test_deepl_key_goes_to_the_free_api_in_a_header_and_never_to_the_output(fr, monkeypatch, caplog):
    caplog.set_level("DEBUG")
    with TranslationServer("deepl", key="s3cret-key:fx") as server:
        monkeypatch.setitem(constants.BASE_URLS, "DEEPL_FREE", server.url + "{version}/")
        monkeypatch.setenv("DEEPL_API_KEY", "s3cret-key:fx")
        result = fr.ok("draft", "fr", "--provider", "deepl")
    assert {(r.method, r.path, r.params["source_lang"], r.params["target_lang"]) for r in server.translations()} == {
        ("POST", "/v2/translate", "EN", "FR")}
    assert [(r.method, r.path, r.params) for r in server.lists()] == [
        ("GET", "/v2/languages", {"type": "source"}), ("GET", "/v2/languages", {"type": "target"})]
    assert {r.headers["Authorization"] for r in server.requests} == {"DeepL-Auth-Key s3cret-key:fx"}
    assert not any("auth_key" in r.params for r in server.requests)
    assert all(e.msgstr == shouted(e.msgid) and e.fuzzy for e in draftable(fr))
    assert "s3cret" not in result.stdout + result.stderr + caplog.text


def test_429_then_success_waits_as_retry_after_says(fr):
    def busy_once(request, seen):
        return Reply(429, "slow down", headers={"Retry-After": "1"}) if request.text == TITLE and not seen else None

    with TranslationServer("libre", behave=busy_once) as server:
        result = libre(fr, server)
    assert result.exit_code == 0, result.stderr
    first, second = [r.at for r in server.requests if r.text == TITLE]
    assert second - first >= 1.0
    assert entries(fr)[(None, TITLE)].msgstr == TITLE.upper()


def test_a_message_that_keeps_failing_is_reported_and_the_rest_go_on(fr):
    def broken_title(request, seen):
        return Reply(500, "oops") if request.text == TITLE else None

    with TranslationServer("libre", behave=broken_title) as server:
        result = libre(fr, server, "--retries", "2")
    assert result.exit_code == 1
    line = entries(fr)[(None, TITLE)].linenum
    assert f"locales/fr/LC_MESSAGES/letter.po:{line}: error: could not draft 'A Call" in result.stderr
    assert "the service answered HTTP 500, even after retrying" in result.stderr
    assert "1 message could not be drafted; run the same command again" in result.stderr
    assert server.texts().count(TITLE) == 3
    assert entries(fr)[(None, TITLE)].msgstr == ""
    assert all(e.msgstr for e in draftable(fr) if e.msgid != TITLE)
    assert f"fr: {len(draftable(fr)) - 1} drafted, 0 reused, 0 cached, 1 failed" in result.stdout


def test_a_server_that_never_answers_times_out(fr):
    def silent(request, seen):
        return Reply(hang=True) if request.text == TITLE else None

    with TranslationServer("libre", behave=silent) as server:
        result = libre(fr, server, "--timeout", "0.5", "--retries", "1")
    assert result.exit_code == 1
    assert "no answer within 0.5 s, even after retrying" in result.stderr
    assert server.texts().count(TITLE) == 2
    first, retry = [request.at for request in server.translations() if request.text == TITLE]
    assert retry - first < HANG_LIMIT, "given up at the timeout, not when the server let the request go"
    assert all(e.msgstr for e in draftable(fr) if e.msgid != TITLE)


def test_a_request_the_service_refuses_says_the_services_reason(fr):
    def too_long(request, seen):
        return Reply(400, json.dumps({"error": "Invalid request: request (812) exceeds text limit (500)"}),
                     "application/json") if request.text == TITLE else None

    with TranslationServer("libre", behave=too_long) as server:
        result = libre(fr, server)
    assert result.exit_code == 1
    assert "the service answered HTTP 400: 'Invalid request: request (812) exceeds text limit (500)'" \
        in result.stderr


def test_an_answer_cut_off_is_not_called_unreachable(fr):
    def cut(request, seen):
        return Reply(200, json.dumps({"translatedText": "TRONQUÉ"}), "application/json", cut=True) \
            if request.text == TITLE else None

    with TranslationServer("libre", behave=cut) as server:
        result = libre(fr, server, "--retries", "0")
    assert result.exit_code == 1
    assert "the service's answer broke off while it was sent\n" in result.stderr  # no retry to speak of
    assert "cannot reach" not in result.stderr and "check the network" not in result.stderr
    assert all(e.msgstr for e in draftable(fr) if e.msgid != TITLE)


PORTAL = ('<!DOCTYPE html>\n<html lang="en"><head><title>Guest Wi-Fi</title></head>\n'
          '<body><form method="post" action="/login"><p>Please log in</p></form></body></html>\n')
WEB_PAGE = "the service answered with a web page: is a proxy or login page in the way?"
#: An XHTML page, which opens with the XML declaration (and here a comment), as a server may send it as XML.
XHTML = ('<?xml version="1.0" encoding="UTF-8"?>\n<!-- portal -->\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 '
         'Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">'
         '<head><title>Guest Wi-Fi</title></head><body><p>Please log in</p></body></html>\n')


@pytest.mark.parametrize(("body", "content_type", "said"), [
    ("<html><body>Please log in</body></html>", "application/json", WEB_PAGE),
    ("Please log in", "text/html; charset=utf-8", WEB_PAGE),
    ("Please log in", "text/plain", "the answer is not the JSON the service should send (text/plain)"),
    (XHTML, "application/xml", WEB_PAGE)])
def test_an_answer_that_is_not_json_fails_that_message_only(fr, body, content_type, said):
    def portal(request, seen):
        return Reply(200, body, content_type) if request.text == TITLE else None

    with TranslationServer("libre", behave=portal) as server:
        result = libre(fr, server)
    assert result.exit_code == 1
    line = entries(fr)[(None, TITLE)].linenum
    assert f"letter.po:{line}: error: could not draft {shorten(TITLE, QUOTED)!r}: {said}\n" in result.stderr
    assert entries(fr)[(None, TITLE)].msgstr == ""
    assert all(e.msgstr for e in draftable(fr) if e.msgid != TITLE)


@pytest.mark.parametrize(("kind", "reply"), [
    ("libre", Reply(200, PORTAL)),  # a captive portal where the JSON belongs
    ("libre", Reply(200, json.dumps({"translatedText": PORTAL}), "application/json")),  # a page inside the JSON
    ("google", Reply(200, PORTAL)),  # a page, as Google's is, without Google's translation in it
])
def test_a_web_page_for_an_answer_is_never_a_draft_and_counts_as_a_refusal(fr, monkeypatch, kind, reply):
    """A proxy or a login page that answers 200 OK: no page becomes a draft, each request is refused in
    words that say what came back, and GIVE_UP of them in a row stop the asking, as busy answers do."""
    with TranslationServer(kind, behave=lambda request, seen: reply if request.translation else None) as server:
        monkeypatch.setitem(constants.BASE_URLS, "GOOGLE_TRANSLATE", server.url + "m")
        result = libre(fr, server) if kind == "libre" else fr.run("draft", "fr", "--provider", "google")
    assert result.exit_code == 1
    total = len(draftable(fr))
    assert result.stderr.count(f": {WEB_PAGE}\n") == draft.GIVE_UP
    assert len(server.translations()) < total / 2  # the rest were never sent
    assert (f"fr: 0 drafted, 0 reused, 0 cached, {draft.GIVE_UP} failed, {total - draft.GIVE_UP} not asked: "
            f"{draft.GIVE_UP} requests in a row were answered with a web page, not a translation: is a proxy or "
            "login page in the way?\n") in result.stdout
    assert not [e for e in entries(fr).values() if e.msgstr or e.fuzzy]
    assert "Guest Wi-Fi" not in fr.catalog("fr").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", [PORTAL, XHTML])
def test_a_web_page_kept_in_the_cache_is_no_draft_and_is_asked_again(fr, page):
    """A page an older version kept in the cache as a translation: read back, it passes the test a fresh
    answer does, so it is taken as absent and the text asked again, its answer taking the page's place."""
    pristine = fr.catalog("fr").read_bytes()
    title = protect(TITLE).text
    with TranslationServer("libre") as server:
        assert libre(fr, server).exit_code == 0
        with closing(sqlite3.connect(fr.path(".letter-cache/drafts.sqlite3"))) as db, db:
            assert db.execute("UPDATE answers SET translation=? WHERE text=?", (page, title)).rowcount == 1
        fr.catalog("fr").write_bytes(pristine)
        asked = len(server.texts())
        result = libre(fr, server)
        assert result.exit_code == 0, result.stderr
        assert server.texts()[asked:] == [title]
    assert f"fr: 1 drafted, 0 reused, {len(draftable(fr)) - 1} cached, 0 failed\n" in result.stdout
    assert entries(fr)[(None, TITLE)].msgstr == shouted(TITLE)
    assert "Guest Wi-Fi" not in fr.catalog("fr").read_text(encoding="utf-8")
    with closing(sqlite3.connect(fr.path(".letter-cache/drafts.sqlite3"))) as db:
        assert db.execute("SELECT translation FROM answers WHERE text=?", (title,)).fetchone() == (title.upper(),)


def test_a_refused_key_stops_the_run_and_is_never_printed(fr, monkeypatch, caplog):
    caplog.set_level("DEBUG")
    monkeypatch.setenv("LIBRE_API_KEY", "s3cret-libre-key")

    def forbidden(request, seen):  # LibreTranslate's list of languages needs no key
        return Reply(403, '{"error": "Invalid API key"}', "application/json") if request.translation else None

    with TranslationServer("libre", behave=forbidden) as server:
        result = libre(fr, server)
    assert result.exit_code == 2
    assert "letter: error: libre: the service refused the request (HTTP 403): check the API key" in result.stderr
    assert 0 < len(server.translations()) <= 8  # the requests already in flight, no more
    assert server.translations()[0].body["api_key"] == "s3cret-libre-key"  # in the body, not in the URL
    assert not [r for r in server.translations() if "s3cret" in r.query]
    assert "s3cret" not in result.stdout + result.stderr + caplog.text


def test_a_service_that_cannot_be_reached_is_given_up_without_the_key(fr, monkeypatch, caplog):
    """Requests in a row that reach nothing stop the run's asking: the rest would only wait out
    their retries (a 13,000-message catalog, an hour), each to print the same error. Here the server
    stopped after a first run read its list of languages, which is kept."""
    caplog.set_level("DEBUG")
    with TranslationServer("libre", behave=lambda request, seen: Reply(400) if request.translation else None) \
            as server:
        assert libre(fr, server, "--key", "s3cret-flag-key").exit_code == 1  # nothing drafted, the list kept
    result = libre(fr, server, "--key", "s3cret-flag-key", "--retries", "1")
    assert result.exit_code == 1
    failed = result.stderr.count("could not draft")
    assert "cannot reach the service (connection refused), even after retrying" in result.stderr
    assert failed == draft.GIVE_UP < len(draftable(fr))
    assert (f"fr: 0 drafted, 0 reused, 0 cached, {failed} failed, {len(draftable(fr)) - failed} not asked: "
            f"{draft.GIVE_UP} requests in a row got no answer; check the network connection") in result.stdout
    assert f"{len(draftable(fr))} messages could not be drafted" in result.stderr
    assert all(not entry.msgstr for entry in draftable(fr))
    assert "s3cret" not in result.stdout + result.stderr + caplog.text


def test_requests_that_reach_nothing_now_and_then_do_not_stop_the_run(fr, monkeypatch):
    """Only requests in a row that get no answer give the service up; one answered between them
    starts the count again."""
    asked: list[str] = []
    translate = providers.Service.translate

    def every_other_unreachable(service, text):
        asked.append(text)
        if len(asked) % 2:
            raise providers.ProviderError("no answer within 1 s, even after retrying",
                                          unreachable="no answer within 1 s")
        return translate(service, text)

    monkeypatch.setattr(providers.Service, "translate", every_other_unreachable)
    result = fr.run("draft", "fr", "--provider", "pseudo", "--jobs", "1")
    assert result.exit_code == 1
    assert len(asked) > 2 * draft.GIVE_UP
    summary = re.search(r"fr: (\d+) drafted, 0 reused, 0 cached, (\d+) failed\n", result.stdout)
    drafted, failed = map(int, summary.groups())
    assert drafted + failed == len(draftable(fr)) and drafted and failed


def test_a_retry_after_longer_than_a_run_should_wait_stops_it_at_once_keeping_the_drafts(fr):
    """A service that asks to wait an hour is not waited (silent, message after message), nor retried."""
    def closing_for_an_hour(request, seen):
        if request.translation and len(server.translations()) > 5:
            return Reply(429, '{"error": "slow down"}', "application/json", headers={"Retry-After": "3600"})
        return None

    start = time.monotonic()
    with TranslationServer("libre", behave=closing_for_an_hour) as server:
        result = libre(fr, server, "--jobs", "1", "--retries", "4")
    assert time.monotonic() - start < 8
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "letter: error: libre: the service asks to wait 3600 s (its Retry-After): run `letter draft` again later; "
        "the drafts made so far are saved in locales/fr/LC_MESSAGES/letter.po"]
    assert len(server.translations()) == 6  # five answered, then one refused, not retried: none sent after it
    drafted = [e for e in draftable(fr) if e.msgstr]
    assert {protect(e.msgid).text for e in drafted} == set(server.texts()[:5])
    assert all(e.fuzzy and e.msgstr == shouted(e.msgid) for e in drafted)


def test_a_stop_in_the_second_catalog_sums_up_the_first_and_names_both_as_holding_drafts(fr):
    """French is drafted whole, then Italian stops after a few: both catalogs were saved, and the person
    who must review them is told so, with the first one's summary; a catalog the run never reached is not named."""
    fr.ok("init", "it", "de")

    def italian_closes(request, seen):
        if request.translation and request.target == "it" and sum(r.target == "it" for r in server.translations()) > 3:
            return Reply(429, '{"error": "slow down"}', "application/json", headers={"Retry-After": "3600"})
        return None

    with TranslationServer("libre", behave=italian_closes) as server:
        result = fr.run("draft", "fr", "it", "de", "--provider", "libre", "--url", server.url, "--jobs", "1")
    assert result.exit_code == 2
    assert result.stdout == f"fr: {len(draftable(fr))} drafted, 0 reused, 0 cached, 0 failed\n"
    assert result.stderr.strip().splitlines() == [
        "letter: error: libre: the service asks to wait 3600 s (its Retry-After): run `letter draft` again later; "
        "the drafts made so far are saved in locales/fr/LC_MESSAGES/letter.po, locales/it/LC_MESSAGES/letter.po"]
    assert len([e for e in draftable(fr, "it") if e.msgstr]) == 3
    assert not [e for e in draftable(fr, "de") if e.msgstr]


def test_a_retry_after_longer_than_a_run_should_wait_at_the_list_stops_before_any_translation(fr):
    def closing_for_an_hour(request, seen):
        return Reply(503, "down", headers={"Retry-After": "86400"})

    with TranslationServer("libre", behave=closing_for_an_hour) as server:
        result = libre(fr, server)
    assert result.exit_code == 2
    assert ("letter: error: libre: cannot get its list of languages: the service asks to wait 86400 s "
            "(its Retry-After): run `letter draft` again later") in result.stderr
    assert len(server.requests) == 1 and server.translations() == []


@pytest.mark.parametrize(("status", "stops"), [(429, True), (503, True), (500, False)])
def test_requests_refused_in_a_row_stop_the_asking_as_unanswered_ones_do(fr, status, stops):
    """429 and 502–504 say the service will not translate anything for now: asking every other message
    would only print the same error for each. A 500 may be about the one text asked: the rest go on."""
    with TranslationServer("libre", behave=lambda request, seen: Reply(status, "no")) as server:
        result = libre(fr, server, "--retries", "0")
    assert result.exit_code == 1
    failed = result.stderr.count("could not draft")
    total = len(draftable(fr))
    if stops:
        assert failed == draft.GIVE_UP
        assert len(server.translations()) < total / 2  # the rest were never sent
        assert (f"fr: 0 drafted, 0 reused, 0 cached, {failed} failed, {total - failed} not asked: "
                f"{draft.GIVE_UP} requests in a row were refused: the service is busy or unavailable") in result.stdout
    else:
        assert failed == total and "not asked" not in result.stdout
    assert f"{total} messages could not be drafted" in result.stderr


def test_a_long_wait_before_a_retry_is_said_once_for_the_workers_that_wait_together(fr, monkeypatch):
    waits: list[float] = []
    monkeypatch.setattr(providers.http, "pause", waits.append)

    def busy_at_first(request, seen):
        return Reply(429, "slow down", headers={"Retry-After": "30"}) if request.translation and not seen else None

    with TranslationServer("libre", behave=busy_at_first) as server:
        result = libre(fr, server)
    assert result.exit_code == 0, result.stderr
    assert waits and set(waits) == {30}
    assert result.stderr.splitlines() == [
        "letter: warning: libre: waiting 30 s before retrying, as the service's Retry-After asks"]
    assert all(e.msgstr == shouted(e.msgid) and e.fuzzy for e in draftable(fr))


def test_a_locale_the_provider_cannot_do_stops_before_any_request(extracted):
    extracted.ok("init", "zh-Hant")
    before = extracted.catalog("zh-Hant").read_bytes()
    with TranslationServer("libre") as server:
        result = extracted.run("draft", "zh-Hant", "--provider", "libre", "--url", server.url)
    assert result.exit_code == 2
    assert "libre cannot translate into Chinese (Traditional) (zh-Hant)" in result.stderr
    assert server.translations() == [] and extracted.catalog("zh-Hant").read_bytes() == before


def test_a_draft_that_lost_a_token_is_kept_with_a_note_and_check_reports_it(fr):
    def forgetful(text, target):
        return text.replace("{0}", "").upper() if text.startswith(COVID) else text.upper()

    with TranslationServer("libre", translate=forgetful) as server:
        result = libre(fr, server)
    assert result.exit_code == 0
    assert "1 lost a protected token (`letter check fr` lists them)" in result.stdout
    entry = next(e for e in draftable(fr) if e.msgid.startswith(COVID))
    assert entry.fuzzy and "COVID-19" not in entry.msgstr
    assert entry.tcomment.splitlines()[-2:] == [f"machine draft: libre, {DAY} (sha256 {sha8(entry.msgstr)})",
                                                'machine draft lost: "COVID-19"']
    check = fr.run("check", "fr", "--format", "json")
    lost = [f for f in json.loads(check.stdout)["findings"] if f["check"] == "lost-token"]
    assert [(f["line"], f["message"].split(";")[0]) for f in lost] == [
        (po.msgstr_line(entry), 'the machine draft lost "COVID-19"')]  # where the token goes back


def test_requests_in_flight_are_bounded_by_jobs(fr):
    with TranslationServer("libre", delay=0.02) as server:
        fr.ok("draft", "fr", "--provider", "libre", "--url", server.url, "--jobs", "3")
    assert 2 <= server.max_in_flight <= 3


# --- a catalog saved while the run goes on; kill -9 ----------------------------------------------------

def test_a_translator_saving_during_the_run_wins(fr):
    order = [e.msgid for e in draftable(fr)]
    by_masked = {protect(msgid).text: msgid for msgid in order}
    edits: dict[str, str] = {}

    def review(entry):
        if entry.msgid in edits:
            entry.msgstr = edits[entry.msgid]
            if entry.fuzzy:
                entry.flags.remove("fuzzy")

    def translator_saves(request, seen):
        # At the fifth request the translator saves the catalog from their editor: they have
        # translated the message being drafted right now and the last one, and reviewed
        # the first draft, which is already on disk.
        if not edits and len(server.requests) == 5:
            deadline = time.monotonic() + 5
            while not entries(fr)[(None, order[0])].fuzzy:  # the first draft is saved as soon as it comes
                assert time.monotonic() < deadline, "the first draft was never saved"
                time.sleep(0.01)
            edits.update({by_masked[request.text]: "Traduction humaine", order[-1]: "Autre traduction",
                          order[0]: "Revu"})
            set_entries(fr, review)
        return None

    with TranslationServer("libre", behave=translator_saves) as server:
        result = libre(fr, server, "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    pending_then = sum(1 for msgid in order if msgid in edits and msgid != order[0])
    assert f"{pending_then} left as someone edited them during the run" in result.stdout
    after = draftable(fr)
    assert [(e.msgstr, e.fuzzy) for e in after if e.msgid in edits] == [(edits[e.msgid], False)
                                                                        for e in after if e.msgid in edits]
    assert all(e.msgstr == shouted(e.msgid) and e.fuzzy for e in after if e.msgid not in edits)


def cached_texts(project) -> set[str]:
    with closing(sqlite3.connect(project.path(".letter-cache/drafts.sqlite3"))) as db:
        return {text for (text,) in db.execute("SELECT text FROM answers")}


@needs_gettext
def test_killed_with_sigkill_the_catalog_is_valid_and_a_rerun_goes_on(fr):
    pristine = fr.catalog("fr").read_bytes()
    texts = {protect(e.msgid).text for e in draftable(fr)}
    for kill_after in (3, 15, 30):
        fr.catalog("fr").write_bytes(pristine)
        with TranslationServer("libre", delay=0.02) as server:
            process = subprocess.Popen([sys.executable, "-m", "pipeline", "-C", str(fr.root), "draft", "fr",
                                        "--provider", "libre", "--url", server.url, "--jobs", "2"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 20
            while server.answered < kill_after and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.002)
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            catalog = po.load(fr.catalog("fr"))  # a cut or invalid file raises here
            assert msgfmt_check(fr.catalog("fr")).returncode == 0
            saved = [e for e in catalog if e.msgstr and e.msgctxt != NAME_CONTEXT]
            assert all(e.fuzzy and e.msgstr == shouted(e.msgid) for e in saved), kill_after
            kept = cached_texts(fr)  # answers are committed as they come, whatever the catalog's last save
            assert kept or kill_after < 15, kill_after
            asked = len(server.texts())
            server.delay = 0
            result = libre(fr, server)
            assert result.exit_code == 0, result.stderr
            assert sorted(server.texts()[asked:]) == sorted(texts - kept), kill_after  # only what was missing
        assert all(e.msgstr == shouted(e.msgid) and e.fuzzy for e in draftable(fr)), kill_after
        fr.path(".letter-cache/drafts.sqlite3").unlink()


def test_ctrl_c_names_every_catalog_that_holds_drafts_and_says_a_rerun_goes_on(fr):
    """Stopped while drafting the second of three catalogs: the first is summed up, and both it and the
    second are named as holding drafts."""
    fr.ok("init", "it", "de")
    with TranslationServer("libre", delay=0.02) as server:
        process = subprocess.Popen([sys.executable, "-m", "pipeline", "-C", str(fr.root), "draft", "fr", "it", "de",
                                    "--provider", "libre", "--url", server.url, "--jobs", "2"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 20
        while sum(r.target == "it" for r in server.translations()) < 5 and process.poll() is None \
                and time.monotonic() < deadline:
            time.sleep(0.01)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    assert process.returncode == 130
    assert out == f"fr: {len(draftable(fr))} drafted, 0 reused, 0 cached, 0 failed\n"
    assert err.rstrip().endswith("letter: interrupted; the drafts received so far are saved in "
                                 "locales/fr/LC_MESSAGES/letter.po, locales/it/LC_MESSAGES/letter.po, and run again, "
                                 "the same command drafts the rest")
    assert "Traceback" not in err and any(e.msgstr for e in draftable(fr, "it"))
    assert not [e for e in draftable(fr, "de") if e.msgstr]
