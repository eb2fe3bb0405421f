"""Each check: an input that triggers it and one that does not; severities, flags, exit codes."""
from __future__ import annotations

import json
import pickle
import re
import sys
import unicodedata
from dataclasses import replace
from importlib import metadata

import polib
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import checks, glossary, markup, numerals, po, pseudo, terms
from pipeline.catalog_checks import AWAITING_CHECKS, CatalogUnderTest, check_catalog, severity_of
from pipeline.checks import Settings
from pipeline.config import load_config
from pipeline.findings import CHECKS, Quote, Said, Severity
from pipeline.locales import parse_locale
from pipeline.masking import draft_note
from pipeline.model import Message

from conftest import REQUIRED, ROOT, msgcat, msgfmt_check, needs_gettext

# (check, source, bad translation, good translation, locale, flags)
CASES = [
    ("placeholders", "Published by {publisher} on {date}", "Publié par {editeur} le {date}",
     "Publié par {publisher} le {date}", "fr", ["python-brace-format"]),
    ("placeholders", "({honour})", "（{honour）", "（{honour}）", "zh-Hans", ["python-brace-format"]),
    ("markup", "We *call* on governments.", "Nous appelons les gouvernements.",
     "Nous *appelons* les gouvernements.", "fr", []),
    ("links", "See [the call](https://icrc.org/call).", "Voir [l'appel](https://icrc.org/appel).",
     "Voir [l'appel](https://icrc.org/call).", "fr", []),
    ("urls", "Write to info@cyberpeace.org or https://cyberpeace.org/x.", "Écrire à info@cyberpeace.fr ou https://cyberpeace.org/x.",
     "Écrivez à info@cyberpeace.org ou https://cyberpeace.org/x.", "fr", []),
    ("numbers", "The COVID-19 pandemic.", "La pandémie de COVID.", "La pandémie de COVID-19.", "fr", []),
    ("numbers", "The COVID-19 pandemic.", "جائحة كوفيد.", "جائحة كوفيد-١٩.", "ar", []),
    ("whitespace", "Signatories", " Signataires", "Signataires", "fr", []),
    ("whitespace", "Line one\nline two", "Ligne un ligne deux", "Ligne un\nligne deux", "fr", []),
    ("characters", "Signatories", "Signa\u200btaires", "Signataires", "fr", []),
    ("characters", "Signatories", "Signataires\x07", "Signataires", "fr", []),
    ("characters", "Signatories", "Signatair\u0065\u0301s", "Signatairés", "fr", []),
    ("characters", "Former President", "Ancien\tprésident", "Ancien président", "fr", []),
    ("double-space", "We call on governments.", "Nous appelons  les gouvernements.",
     "Nous appelons les gouvernements.", "fr", []),
    ("double-word", "We call on governments.", "Wir rufen die die Regierungen auf.",
     "Wir rufen die Regierungen auf.", "de", []),
    ("end-punctuation", "The time to act is now.", "Il est temps d'agir", "Il est temps d'agir.", "fr", []),
    ("end-punctuation", "The time to act is now.", "现在是采取行动的时候了", "现在是采取行动的时候了。", "zh-Hans", []),
    ("end-punctuation", "Is the time now?", "هل حان الوقت.", "هل حان الوقت؟", "ar", []),
    ("identical", "Former President", "Former President", "Ancien président", "fr", []),
    ("length", "Former Foreign Minister of the Republic of Bulgaria", "Ancien",
     "Ancien ministre des Affaires étrangères de la République de Bulgarie",
     "fr", []),
    ("glossary", "the International Committee of the Red Cross", "le Comité international de la Croix rouge",
     "le Comité international de la Croix-Rouge", "fr", []),
]


def catalog_with(source: str, translation: str, flags: list[str], locale: str, comment: str = "") -> CatalogUnderTest:
    info = parse_locale(locale)
    po = polib.POFile()
    po.metadata = {"Language": info.posix, "Content-Type": "text/plain; charset=UTF-8",
                   "Plural-Forms": info.plural_forms}
    po.append(polib.POEntry(msgid=source, msgstr=translation, flags=list(flags), tcomment=comment, linenum=7))
    return CatalogUnderTest(po, info, "locales/x.po", True)


SETTINGS = Settings(glossaries={"fr": {"International Committee of the Red Cross":
                                       "Comité international de la Croix-Rouge"}})


def run(source, translation, flags, locale):
    return check_catalog(catalog_with(source, translation, flags, locale), (Message(source, flags=tuple(flags)),),
                         SETTINGS, frozenset())


@pytest.mark.parametrize("check, source, bad, good, locale, flags", CASES,
                         ids=[f"{c[0]}-{c[4]}-{i}" for i, c in enumerate(CASES)])
def test_check_triggers_on_bad_and_not_on_good(check, source, bad, good, locale, flags):
    found = [f for f in run(source, bad, flags, locale) if f.check == check]
    assert found, f"{check} did not fire on {bad!r}"
    assert found[0].line == 7 and found[0].path == "locales/x.po" and found[0].locale == parse_locale(locale).tag
    assert [f for f in run(source, good, flags, locale) if f.check == check] == []


@pytest.mark.parametrize("check, source, bad, good, locale, flags", CASES[:6])
def test_a_message_can_opt_out_of_one_check(check, source, bad, good, locale, flags):
    found = run(source, bad, flags + [f"no-check-{check}"], locale)
    assert check not in {f.check for f in found}


@pytest.mark.parametrize("check, source, bad, good, locale, flags", CASES[:6])
def test_a_translator_comment_opts_a_message_out_of_checks(check, source, bad, good, locale, flags):
    target = catalog_with(source, bad, flags, locale)
    target.catalog[0].tcomment = f"checked by Petr\nletter: no-check-length, no-check-{check}"
    assert check not in {f.check for f in check_catalog(target, (Message(source, flags=tuple(flags)),), SETTINGS,
                                                        frozenset())}


def test_a_name_is_named_in_an_edition_in_another_script_only():
    def names(name: str, locale: str) -> list[str]:
        target = catalog_with(name, "", [], locale)
        target.catalog[0].msgctxt = "name"
        return [f.message for f in check_catalog(target, (Message(name, context="name"),), SETTINGS, frozenset())
                if f.check == "names"]

    assert names("Ban Ki-moon", "zh-Hans") == [
        "'Ban Ki-moon': it is shown in Latin script in the Chinese (Simplified) edition; give the form your "
        "language's press uses"]
    assert names("Élodie Müller", "ar") and names("Ban Ki-moon", "ru")
    assert names("李明", "zh-Hans") == names("Ban Ki-moon", "fr") == names("Ban Ki-moon", "sr-Latn") == []
    assert names("Élodie Müller", "fr") == names("习近平", "ja") == names("山田太郎", "ja") == []
    assert names("ʻIolani Luahine", "fr") == [] and "Latin script" in names("ʻIolani Luahine", "ru")[0]
    # Any script, not only Latin: a Cyrillic, Arabic or Chinese name in an edition written otherwise.
    assert names("Иван Иванов", "fr") == [
        "'Иван Иванов': it is shown in Cyrillic script in the French edition; give the form your language's press uses"]
    assert names("张伟", "ru") and names("ليلى الخطيب", "zh-Hans") and names("Иван Иванов", "ar")
    assert names("习近平", "ko") and not names("시진핑", "ko")  # Korean writes Chinese names in Hangul


def test_a_name_left_in_another_script_is_told_the_glossary_s_form():
    target = catalog_with("Jacinda Ardern", "", [], "zh-Hans")
    target.catalog[0].msgctxt = "name"
    glossary = Settings(glossaries={"zh-Hans": {"Jacinda Ardern": "杰辛达·阿德恩"}})
    [finding] = check_catalog(target, (Message("Jacinda Ardern", context="name"),), glossary, frozenset())
    assert finding.message.endswith("give the form your language's press uses (the glossary gives '杰辛达·阿德恩')")


def test_names_and_patterns_may_stay_identical():
    target = catalog_with("Ban Ki-moon", "Ban Ki-moon", [], "fr")
    target.catalog[0].msgctxt = "name"
    assert check_catalog(target, (Message("Ban Ki-moon", context="name"),), SETTINGS, frozenset()) == []
    assert [f for f in run("{role}, {organization}", "{role}, {organization}", ["python-brace-format"], "fr")] == []
    allowed = Settings(identical_allowed=frozenset({"INTERPOL"}))
    target = catalog_with("INTERPOL", "INTERPOL", [], "fr")
    assert check_catalog(target, (Message("INTERPOL"),), allowed, frozenset()) == []


def test_header_problems():
    target = catalog_with("a", "b", [], "fr")
    target.catalog.metadata["Plural-Forms"] = "nplurals=3; plural=(n > 1);"
    target.catalog.append(polib.POEntry(msgid="one file", msgid_plural="{n} files", msgstr_plural={0: "x", 1: "y"}))
    target.catalog.metadata["Language"] = "de"
    found = [f.message for f in check_catalog(target, (Message("a"),), Settings(), frozenset()) if f.check == "header"]
    assert any("nplurals=3" in m for m in found) and any("'Language: fr'" in m for m in found)
    for same in ("fr", "FR"):  # as gettext or BCP 47 spell it, in either case: the folder's locale
        target.catalog.metadata["Language"] = same
        assert not [f for f in check_catalog(target, (Message("a"),), Settings(), frozenset())
                    if f.check == "header" and "Language" in f.message], same
    target = catalog_with("a", "b", [], "pt-PT")
    target.catalog.metadata["Language"] = "pt_PT"
    assert not [f for f in check_catalog(target, (Message("a"),), Settings(), frozenset()) if "Language" in f.message]
    target.catalog.metadata["Language"] = "pt_BR"
    assert [f.message for f in check_catalog(target, (Message("a"),), Settings(), frozenset())
            if "Language" in f.message] == ["the Language header is 'pt_BR' but the catalog is in the folder of "
                                            "pt-PT; set 'Language: pt_PT'"]


#: A header a merge left with two Language lines alike and two Plural-Forms lines that differ.
REPEATED = ('msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n"Language: fr\\n"\n'
            '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\nmsgid "Signatories"\nmsgstr "Signataires"\n')
PLURAL = 'msgid "one file"\nmsgid_plural "{n} files"\nmsgstr[0] "un fichier"\nmsgstr[1] "{n} fichiers"\n'


@pytest.mark.parametrize("plural", [False, True], ids=["no plural message", "a plural message"])
def test_a_header_field_given_twice_is_reported_at_the_second(plural):
    """Both msgfmt and letter read the first of two lines of a field, Python's gettext and polib the last:
    told at the second, with the value used. Two values of the plural rule are an error where a message is
    plural (its forms mean one thing to msgfmt, another to Python's gettext), as a wrong rule is; a field given
    twice alike changes nothing, a warning."""
    text = REPEATED + ("\n" + PLURAL if plural else "")
    target = CatalogUnderTest(po.parse_checked(text.encode()), parse_locale("fr"), "fr.po", True)
    found = [(f.line, f.severity.value, f.message)
             for f in check_catalog(target, (Message("Signatories"),), Settings(), frozenset()) if f.check == "header"]
    assert found == [
        (6, "warning", "Language is given twice in the header, here and at line 3, alike ('fr'); delete this line"),
        (7, "error" if plural else "warning",
         "Plural-Forms is given twice in the header: msgfmt and letter use the first, 'nplurals=2; plural=(n > 1);' "
         "(line 5), and tools that read the last (polib, Python's gettext) this one, 'nplurals=2; plural=(n != 1);'; "
         "keep the line that is right and delete the other")]
    assert po.parse(text.encode()).metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"  # the first, read


CONTENT_TYPE = "Content-Type: text/plain; charset=UTF-8"


@pytest.mark.parametrize(("first", "again", "code", "said"), [
    (CONTENT_TYPE, "text/plain; charset=ISO-8859-1", 1,
     "error: [header] Content-Type is given twice in the header: msgfmt and letter use the first, "
     "'text/plain; charset=UTF-8'"),
    # A media type and its charset are case-insensitive: the same value, repeated alike.
    (CONTENT_TYPE, "Text/Plain; charset=utf-8", 0,
     "warning: [header] Content-Type is given twice in the header, here and at line {first}, alike "
     "('text/plain; charset=UTF-8'); delete this line"),
    # (GNU's tools, polib and Python's gettext look for the word in lower case: Python's fails without it.)
    (CONTENT_TYPE, "text/plain; Charset=UTF-8", 1, "error: [header] Content-Type is given twice in the header"),
    ("Language: fr", "de", 1,
     "error: [header] Language is given twice in the header: msgfmt and letter use the first, 'fr' (line "
     "{first}), and tools that read the last (polib, Python's gettext) this one, 'de'"),
    # A locale code is read in any case, as the Language check reads it (`Language: FR` alone is no finding).
    ("Language: fr", "FR", 0,
     "warning: [header] Language is given twice in the header, here and at line {first}, alike ('fr'); "
     "delete this line"),
], ids=["another charset", "the same but for case", "Charset", "another locale", "a locale but for case"])
def test_a_header_field_given_twice_fails_the_check_of_a_published_locale(shipped, first, again, code, said):
    """Through `letter check`, at the catalog's line of the second, one finding: two values of a field fail it,
    one written twice but for the case that letter does not read (of a media type and charset, of a locale code)
    is a warning."""
    catalog = shipped.catalog("fr")
    text = catalog.read_text(encoding="utf-8")
    line = f'"{first}\\n"\n'
    field = first.split(":")[0]
    catalog.write_text(text.replace(line, line + f'"{field}: {again}\\n"\n', 1), encoding="utf-8")
    at = text[:text.index(line)].count("\n") + 2
    result = shipped.run("check", "fr")
    assert result.exit_code == code, result.stdout
    assert f"locales/fr/LC_MESSAGES/letter.po:{at}: {said.format(first=at - 1)}" in result.stdout
    assert result.stdout.count("[header]") == 1, result.stdout


@pytest.mark.parametrize(("tag", "written", "said"), [
    ("fr", "nplurals=2; plural=(n == 0);",
     "Plural-Forms picks form 1 for n=0, where the rule for fr picks form 0"),
    ("fr", "nplurals=2; plural=(n != 1);",
     "Plural-Forms picks form 1 for n=0, where the rule for fr picks form 0"),
    ("ru", "nplurals=3; plural=(n != 1);",
     "Plural-Forms picks form 1 for n=0, where the rule for ru picks form 2"),
    ("fr", "nplurals=2; plural=n>1;", None),  # written otherwise, the same rule
    ("ru", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
     None),
    # Another rule that tools write for the language: GNU msginit's Latvian, Weblate's other Slovenian.
    ("lv", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);", None),
    ("sl", "nplurals=4; plural=(n%100==1 ? 1 : n%100==2 ? 2 : n%100==3 || n%100==4 ? 3 : 0);", None),
    ("he", "nplurals=2; plural=(n != 1);", None),  # msginit's and Poedit's Hebrew
    ("he", "nplurals=3; plural=n==1 ? 0 : n==2 ? 2 : 1;", None),  # Weblate's other
    ("he", "nplurals=5; plural=(n != 1);", "Plural-Forms says nplurals=5, but the rule for he has 4"),
])
def test_a_plural_rule_other_than_the_locale_s_is_found(tag, written, said):
    """The number of forms or the rule wrong: a plural message would show the wrong form, an error where the
    locale is published, as the other header findings. A catalog without one (this letter has none) is told
    too, as the file is wrong for msgfmt's users and for a message made plural later, but as a warning (an
    error with --strict): no edition shows a form the rule picks, and another tool's variant may be refused.
    A rule tools write for the language (msginit's two forms for Hebrew) is not told."""
    target = catalog_with("a", "b", [], tag)
    target.catalog.metadata["Plural-Forms"] = written
    told = [] if said is None else [f"{said}; set 'Plural-Forms: {parse_locale(tag).plural_forms}'"]

    def header(target: CatalogUnderTest) -> list[tuple[str, Severity]]:
        found = check_catalog(target, (Message("a"),), Settings(), frozenset())
        return [(f.message, f.severity) for f in found if f.check == "header"]

    for published in (True, False):
        assert header(replace(target, published=published)) == [(message, Severity.WARNING) for message in told]
    assert header(replace(target, strict=True)) == [(message, Severity.ERROR) for message in told]
    forms = {n: "x" for n in range(target.locale.nplurals)}
    target.catalog.append(polib.POEntry(msgid="one file", msgid_plural="{n} files", msgstr_plural=forms, linenum=9))
    for published in (True, False):
        assert header(replace(target, published=published)) == [
            (message, Severity.ERROR if published else Severity.WARNING) for message in told]


def test_a_catalog_without_plural_messages_is_held_to_its_language_s_plural_rule(shipped):
    """The letter has no plural message, yet a catalog's rule is the one msgfmt's users and a later plural message
    get: the shipped catalogs have their language's, and a French catalog with the English rule is told, a warning
    that fails `check --strict`."""
    assert not [f for f in json.loads(shipped.run("check", "--strict", "--format", "json").stdout)["findings"]
                if f["check"] == "header"]
    shipped.edit("locales/fr/LC_MESSAGES/letter.po", "plural=(n > 1);", "plural=(n != 1);")
    said = ("locales/fr/LC_MESSAGES/letter.po:15: {} [header] Plural-Forms picks form 1 for n=0, where the rule "
            "for fr picks form 0; set 'Plural-Forms: nplurals=2; plural=(n > 1);'")
    result = shipped.run("check", "fr")
    assert result.exit_code == 0 and said.format("warning:") in result.stdout
    result = shipped.run("check", "--strict", "fr")
    assert result.exit_code == 1 and said.format("error:") in result.stdout


def test_out_of_sync_both_ways():
    target = catalog_with("old", "vieux", [], "fr")
    found = check_catalog(target, (Message("new"),), Settings(), frozenset())
    assert sorted(f.message for f in found if f.check == "out-of-sync") == [
        "'new' is missing; run `letter update`", "'old' is no longer in the letter; run `letter update`"]


def test_a_part_of_another_sense_is_told_apart_from_the_same_english():
    """A feminine role is a message of its own, of the same English: a finding names its sense, or the two
    lines would read as one message said twice."""
    target = catalog_with("Signatories", "Signataires", [], "fr")
    for context in ("role", "role (feminine)"):
        target.catalog.append(polib.POEntry(msgid="Professor", msgctxt=context, msgstr="", linenum=9))
    letter = (Message("Signatories"), Message("Professor", "role"), Message("Professor", "role (feminine)"),
              Message("Wei Zhang", "name (the physician)"), Message("Order of Merit", "honour (feminine)"))
    found = [f.message for f in check_catalog(target, letter, Settings(), frozenset())]
    assert "'Professor' is not translated; until then the edition shows it in English" in found
    assert "'Professor' (feminine) is not translated; until then the edition shows it in English" in found
    assert "'Wei Zhang' (the physician) is missing; run `letter update`" in found
    assert "'Order of Merit' (feminine) is missing; run `letter update`" in found


def test_out_of_sync_says_what_an_edit_of_the_english_changed():
    """A message the catalog lacks and one the letter lacks, alike and of one context, are one English edited
    (in the source, or in the catalog by mistake): one finding, at the catalog's line, says how, where two
    quotes of their starts would look alike."""
    target = catalog_with("The time to act is now.", "Il est temps d'agir.", [], "fr")
    target.catalog.append(polib.POEntry(msgid="Signatories", msgstr="Signataires", linenum=9))
    letter = (Message("The time to act is now.", "role"), Message("The time to act is today."), Message("Thanks"))
    found = check_catalog(target, letter, Settings(), frozenset())
    assert sorted((f.line or 0, f.message) for f in found if f.check == "out-of-sync") == [
        (0, "'Thanks' is missing; run `letter update`"),
        (0, "'The time to act is now.' is missing; run `letter update`"),
        (7, "'The time to act is now.' is no longer in the letter, which has it otherwise (here → the letter): …"
            "time to act is [-now-]{+today+}.; run `letter update`"),
        (9, "'Signatories' is no longer in the letter; run `letter update`")]


def test_a_context_translated_in_the_catalog_is_told_to_be_put_back():
    """msgctxt "role" translated as msgctxt "rôle": the same English, missing under the one context and extra
    under the other, was told as two findings quoting the same words ("is missing", "is no longer in the
    letter"). It is one, at the catalog's line, naming both contexts; in a catalog that bears the template's
    date, what to type, else (the source changed the part's sense) what to run."""
    target = catalog_with("Signatories", "Signataires", [], "fr")
    target.catalog.metadata["POT-Creation-Date"] = "2026-12-05 05:12+0000"
    target.catalog.append(polib.POEntry(msgid="Professor", msgctxt="rôle", msgstr="Professeur", linenum=9))
    target.catalog.append(polib.POEntry(msgid="Doctor", msgstr="Médecin", linenum=12))
    letter = (Message("Signatories"), Message("Professor", "role"), Message("Doctor", "role"))
    dated = replace(target, template_date="2026-12-05 05:12+0000")
    found = [(f.line, f.message) for f in check_catalog(dated, letter, Settings(), frozenset())
             if f.check == "out-of-sync"]
    assert found == [
        (9, "'Professor' is no longer in the letter, which has it with msgctxt \"role\", not with msgctxt \"rôle\"; a "
            "msgctxt is the template's, not translated: put back msgctxt \"role\""),
        (12, "'Doctor' is no longer in the letter, which has it with msgctxt \"role\", not without a msgctxt; a "
             "msgctxt is the template's, not translated: put back msgctxt \"role\"")]
    found = [f.message for f in check_catalog(target, letter, Settings(), frozenset()) if f.check == "out-of-sync"]
    assert found[0] == ("'Professor' is no longer in the letter, which has it with msgctxt \"role\", not with msgctxt "
                        "\"rôle\"; run `letter update`")
    # The same English under two contexts the catalog lacks is no one edit: each is told as before.
    letter += (Message("Professor", "role (feminine)"),)
    found = sorted(f.message for f in check_catalog(target, letter, Settings(), frozenset())
                   if "Professor" in f.message)
    assert found == ["'Professor' (feminine) is missing; run `letter update`", "'Professor' is missing; run `letter "
                     "update`", "'Professor' is no longer in the letter; run `letter update`"]


def test_a_catalog_out_of_step_with_much_of_the_letter_is_not_paired_message_by_message(monkeypatch):
    """Pairing thousands of edited messages took seconds a catalog: past ``PAIRED`` pairs, the findings
    quote the messages alone, and `letter update` pairs them."""
    from pipeline import similar

    monkeypatch.setattr(similar, "PAIRED", 0)
    target = catalog_with("The time to act is now.", "Il est temps d'agir.", [], "fr")
    found = check_catalog(target, (Message("The time to act is today."),), Settings(), frozenset())
    assert not [f for f in found if "otherwise" in f.message] and len(found) == 2


def test_severity_follows_publication_and_settings():
    unpublished = catalog_with("The COVID-19 pandemic.", "La pandémie.", [], "fr")
    unpublished = CatalogUnderTest(unpublished.catalog, unpublished.locale, "x.po", False)
    found = check_catalog(unpublished, (Message("The COVID-19 pandemic."),), Settings(), frozenset())
    assert {f.severity.value for f in found} == {"warning"}
    demoted = Settings(severities={"numbers": "warning"})
    assert {f.severity.value for f in run("The COVID-19 pandemic.", "La pandémie.", [], "fr")
            if f.check == "numbers"} == {"error"}
    target = catalog_with("The COVID-19 pandemic.", "La pandémie.", [], "fr")
    assert {f.severity.value
            for f in check_catalog(target, (Message("The COVID-19 pandemic."),), demoted, frozenset())} == {"warning"}
    off = Settings(severities={"numbers": "off"})
    assert check_catalog(target, (Message("The COVID-19 pandemic."),), off, frozenset()) == []


def test_every_check_named_anywhere_has_a_default_severity_and_a_row_in_the_readme():
    """A check added to one table alone ran as a warning for a locale in progress, and raised KeyError for
    a published one (its default severity is looked up in ``findings.CHECKS``)."""
    from pathlib import Path

    from pipeline import catalog_checks, findings
    from pipeline.serve import review

    named = (set(checks.MESSAGE_CHECKS) | findings.FIXED | set(catalog_checks.SHOWN_CHECKS)
             | catalog_checks.AWAITING_CHECKS | set(catalog_checks.UNREVIEWED) | review.STATED | review.MSGFMT_REFUSES)
    assert named <= set(findings.CHECKS), named - set(findings.CHECKS)
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Checks"):].split("\n\n")[2]
    documented = set(re.findall(r"`([a-z-]+)`", " ".join(re.findall(r"^\| ([^|]+) \|", table, re.M))))
    assert documented == set(findings.CHECKS) | {findings.INPUT}


def found(check: str, source: str, translation: str, locale: str = "fr", flags: tuple[str, ...] = ()) -> list[str]:
    return [f.message for f in run(source, translation, list(flags), locale) if f.check == check]


@pytest.mark.parametrize("source, translation", [
    ("CO2 for 1,000 people", "CO₂ pour 1 000 personnes"),     # subscript 2; 1,000 is 1 000
    ("1 m2", "1 m²"),                                         # a superscript is a digit to str.isdigit
    ("x²", "x2"),
    ("The COVID-19 pandemic.", "जकोविड-१९ महामारी।"),           # Devanagari
    ("The COVID-19 pandemic.", "کووید-۱۹"),                   # Extended Arabic-Indic
    ("The COVID-19 pandemic.", "ＣＯＶＩＤ－１９"),             # fullwidth
    ("Rule 19", "Règle 𝟏𝟗"),                                 # mathematical bold, outside the BMP
    ("Without a number.", "Avec 3 chiffres 4 et 5."),          # nothing to lose
])
def test_numbers_in_any_digits_are_the_same_number(source, translation):
    assert found("numbers", source, translation) == []


LOCALE_NUMBERS = "More than 1,500 experts signed, for 2.5 million health workers in 2020."


@pytest.mark.parametrize(("locale", "translation"), [
    ("fr", "Plus de 1\u202f500 experts, pour 2,5 millions de soignants en 2020."),  # CLDR's narrow no-break space
    ("fr", "Plus de 1\u00a0500 experts, pour 2,5 millions de soignants en 2020."),  # or any space
    ("fr", "Plus de 1 500 experts, pour 2,5 millions de soignants en 2020."),
    ("fr", "En 2020 1 500 experts ont signé, pour 2,5 millions."),  # two numbers a space apart, read apart
    ("es", "En 2020, más de 12 500 personas: 1.500 expertos, 2,5 millones."),  # as the RAE writes it, and with "."
    ("pt-PT", "Em 2020, 1.500 especialistas assinaram, para 2,5 milhões."),
    ("de", "2,5 Millionen Beschäftigte, 1.500 Fachleute, 2020."),  # in another order
    ("ar", "أكثر من 1500 خبير، من أجل 2,5 مليون عامل صحي في عام 2020."),  # a comma for the Arabic decimal mark
    ("ru", "Более 1\u00a0500 экспертов, 2,5 млн медиков в 2020 году."),
    ("de", "Mehr als 1.500 Fachleute, für 2,5 Millionen im Jahr 2020."),
    ("ar", "أكثر من ١٬٥٠٠ خبير، من أجل ٢٫٥ مليون عامل صحي في عام ٢٠٢٠."),  # the Arabic marks
    ("ar", "أكثر من 1,500 خبير، من أجل 2.5 مليون عامل صحي في عام 2020."),  # or the Latin ones
    ("zh-Hans", "2020年，超过1,500名专家为2.5百万名医护人员签名。"),
])
def test_a_number_is_read_as_the_locale_writes_it(locale, translation):
    assert found("numbers", LOCALE_NUMBERS, translation, locale) == []


def test_a_number_of_another_value_is_missing_whatever_its_separators():
    assert found("numbers", LOCALE_NUMBERS, "Plus de 15,00 experts, pour 25 millions en 2020.") == [
        "numbers missing from the translation: 1,500, 2.5"]  # 15,00 is 15 in French, and 25 is not 2.5
    # 1,500 is one and a half in German or French: the English reading counts only where the locale has none.
    assert found("numbers", LOCALE_NUMBERS, "Mehr als 1,500 Fachleute, 2.5 Millionen, 2020.", "de") == [
        "numbers missing from the translation: 1,500"]
    assert found("numbers", "Version 1.2.3 of 2020", "Version 1.2.3 de 2020") == []  # as written
    assert found("numbers", "In 2020, 100 hospitals", "En 2020 100 hôpitaux") == []  # two numbers a space apart


def test_numbers_missing_in_any_digits():
    assert found("numbers", "Room 12 and 19", "Salle 1²3 et ١٩") == ["numbers missing from the translation: 12"]
    assert found("numbers", "COVID-19", "COVID-١٨") == ["numbers missing from the translation: 19"]


def test_every_digit_is_its_ascii_digit():
    # The table fills itself as characters are met: only digits (and a few others) are looked up here.
    digits = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isdigit()]
    assert all(numerals._numbers.__wrapped__(d) == (str(unicodedata.digit(d)),) for d in digits)
    assert numerals._numbers.__wrapped__("½ Ⅻ ⑩ x") == ()


def test_every_character_is_judged_as_unicodedata_says():
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        unwanted = char in markup.INVISIBLE or (unicodedata.category(char) == "Cc" and char not in "\n\t")
        assert bool(markup.UNWANTED.match(char)) == unwanted, hex(code)


@pytest.mark.parametrize(("char", "what"), [
    ("\x00", "control character U+0000"), ("\x1b", "control character U+001B"), ("\r", "control character U+000D"),
    ("\x7f", "control character U+007F"), ("\x80", "control character U+0080"), ("\x85", "control character U+0085"),
    ("\x9f", "control character U+009F"), ("\u200b", "invisible character ZERO WIDTH SPACE (U+200B)"),
    ("\ufeff", "invisible character ZERO WIDTH NO-BREAK SPACE (U+FEFF)"),
    ("\u202e", "invisible character RLO (U+202E)"), ("\u2067", "invisible character RLI (U+2067)"),
    ("\u2069", "invisible character PDI (U+2069)"),
])
def test_controls_c0_c1_and_invisible_characters_are_found_where_they_are(char, what):
    """Positions count from 1, as people do: the sixth character is at position 6."""
    assert found("characters", "Signatories", f"Signa{char}taires\x07") == [f"{what} at position 6; remove it"]
    assert found("characters", "Signatories", f"{char}Signataires") == [f"{what} at position 1; remove it"]


@pytest.mark.parametrize(("reference", "what"), [
    ("&#x202E;", "invisible character RLO (U+202E)"), ("&#8203;", "invisible character ZERO WIDTH SPACE (U+200B)"),
    ("&ZeroWidthSpace;", "invisible character ZERO WIDTH SPACE (U+200B)"),
    ("&shy;", "invisible character SOFT HYPHEN (U+00AD)"),
])
def test_a_character_reference_is_judged_as_the_character_markdown_makes_of_it(reference, what):
    assert found("characters", "Signatories", f"Signa{reference}taires") == [
        f"{what}, written as {reference}, at position 6; remove it"]
    assert found("characters", "Signatories & more", "Signataires &amp; &#x41;utres &copy") == []


@pytest.mark.parametrize("char", ["\u200c", "\u200d", "\u200e", "\u061c", "\u00a0", "\u2028"])
def test_joiners_and_marks_are_not_invisible_characters(char):
    assert found("characters", "Signatories", f"Signa{char}taires") == []


def test_a_pseudo_rtl_draft_is_not_reported_for_its_own_overrides_only():
    """pseudo-rtl forces each word right to left (Android's ar-XB) with overrides the check otherwise reports;
    only those, and only while the text is a draft as pseudo-rtl made it."""
    english = "Hello\u200bworld"  # a zero-width space the English should not have: still reported, where it is
    drafted = pseudo.right_to_left(english)

    def characters(text, note, fuzzy=True):
        entry = polib.POEntry(msgid=english, msgstr=text, flags=["fuzzy"] if fuzzy else [],
                              tcomment=draft_note(note, "2026-11-18", drafted))
        return list(checks.characters(checks.Context(english, text, entry, parse_locale("he"), Settings())))

    zero_width = "invisible character ZERO WIDTH SPACE (U+200B) at position 10; remove it"
    override = "invisible character RLO (U+202E) at position 2; remove it"
    assert characters(drafted, "pseudo-rtl") == [zero_width]
    assert characters(drafted.replace("\u200b", " "), "pseudo-rtl") == [override]  # edited: the translator's now
    assert characters(drafted, "pseudo-rtl", fuzzy=False) == [override]  # approved: it would be published
    assert characters(drafted, "libre") == [override]


def test_a_tab_is_a_gap_in_the_plain_text_unless_the_source_has_one():
    assert found("characters", "Former President", "Ancien\tprésident") == [
        "a tab at position 7, which the plain-text edition shows as a wide gap; write a space"]
    assert found("characters", "Former\tPresident", "Ancien\tprésident") == []


_REFERENCE_TEXT = st.text(st.sampled_from("aé 19,.١٩²₂①𝟏\x85\x1f\t\n\u200b\u0378漢ｱＡ") | st.characters())


@given(_REFERENCE_TEXT)
def test_the_fast_paths_agree_with_the_plain_definitions(text):
    """What each check's helper computed character by character before it had a shortcut."""
    ascii_digits = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in text)
    assert numerals._numbers(text) == tuple(numerals.NUMBER.findall(ascii_digits))
    first = next((i for i, c in enumerate(text)
                  if c in markup.INVISIBLE or (unicodedata.category(c) == "Cc" and c not in "\n\t")), None)
    assert (match.start() if (match := markup.UNWANTED.search(text)) else None) == first
    assert checks._urls(text) == tuple(checks.URL.findall(text))


_WORDS = st.lists(st.sampled_from(["the", "The", "tHE", "a", "ß", "SS", "ss", "İ", "i", "ǅ", "ǆ", "K", "k", "1", "_",
                                   " ", "  ", "\n", "\u00a0", "\u3000", ",", "-", "漢"])).map("".join)


@given(_WORDS | _REFERENCE_TEXT)
def test_doubled_words_are_found_as_by_the_plain_pattern(text):
    """Possessive quantifiers change the time, not the matches."""
    for pattern in (checks._marked()[2], checks._DOUBLED_PLAIN):
        plain = re.compile(pattern.pattern.replace("++", "+"), re.IGNORECASE)
        assert [m.span(1) for m in pattern.finditer(text)] == [m.span(1) for m in plain.finditer(text)]
    # Without a combining mark, the fast pattern finds what the one that keeps marks finds.
    assert [m.span(1) for m in checks._DOUBLED_PLAIN.finditer(text)] == [
        m.span(1) for m in checks._marked()[2].finditer(text)] or checks._marked()[0].search(text)


def test_a_word_is_whole_with_its_vowel_signs_and_virama():
    """\\w alone ends a Devanagari word at its vowel sign or virama: "पूर्व विदेश" read as "व व"."""
    assert found("double-word", "Former Foreign Minister", "पूर्व विदेश मंत्री", "hi") == []
    assert found("double-word", "Healthcare Systems Society", "सिस्टम्स सोसाइटी", "hi") == []
    assert found("double-word", "Hello", "नमस्ते नमस्ते", "hi") == ["doubled word 'नमस्ते नमस्ते'"]
    assert found("double-word", "The end", "la la fin") == ["doubled word 'la la'"]


@pytest.mark.parametrize("translation, locale", [
    ("Wenn Sie Fragen haben, teilen Sie sie uns mit.", "de"),  # you, them: two words
    ("Haben Sie sie gelesen?", "de"),
    ("Wir danken allen, die Die Linke unterstützen.", "de"),    # a name's capital
    ("Ask whether Will will sign.", "en-GB"),
])
def test_two_words_that_differ_in_case_within_a_sentence_are_no_slip(translation, locale):
    """A slip repeats a word as it was written; within a sentence, a second case is a second word."""
    assert found("double-word", "If you have questions, let us know.", translation, locale) == []


@pytest.mark.parametrize("translation, doubled", [
    ("Die die Regierungen handeln.", "Die die"),                   # the text's first word
    ("Wir rufen. „Die die Regierungen handeln.“", "Die die"),     # after a full stop, an opening quotation mark
    ("Warum? *Die die* Regierungen.", "Die die"),                  # after a question mark, in emphasis
    ("Erstens.\nDie die Regierungen.", "Die die"),                 # a line's first word
    ("Wir rufen die die Regierungen auf.", "die die"),             # the same case: within a sentence too
    ("Sie sie Sie", "Sie sie"),
])
def test_a_doubled_word_that_differs_in_case_is_a_slip_where_it_starts_a_sentence(translation, doubled):
    """"The the": the slip's first word took the sentence's capital."""
    assert found("double-word", "We call on governments.", translation, "de") == [f"doubled word '{doubled}'"]


def test_length_counts_wide_characters_twice():
    source = "Former Foreign Minister of the Republic of Bulgaria"  # 51 columns
    assert found("length", source, "保加利亚共和国前外交部长") == []   # 24 columns: 0.47
    assert found("length", source, "保加利亚前外长") == [               # 14 columns: 0.27
        "the translation is 27% of the source's length; check nothing is missing or repeated"]
    assert found("length", source, "Б" * 15) == [                       # Cyrillic: one column each
        "the translation is 29% of the source's length; check nothing is missing or repeated"]
    assert found("length", source, "Former Foreign Minister " * 8) == [  # 192 columns, repeated
        "the translation is 377% of the source's length; check nothing is missing or repeated"]
    long = "x" * 800  # rounded away from the limit crossed
    assert found("length", long, "y" * 239) == [
        "the translation is 29% of the source's length; check nothing is missing or repeated"]
    assert found("length", long, "y" * 2) == [
        "the translation is under 1% of the source's length; check nothing is missing or repeated"]
    assert found("length", long, "y" * 2404)[0].startswith("the translation is 301% of")


def test_length_counts_a_syllable_with_its_vowel_signs_once():
    """A Hindi translation that drops "of the Republic of Bulgaria": 18 characters, 11 columns."""
    source = "Former Foreign Minister of the Republic of Bulgaria"
    assert found("length", source, "पूर्व विदेश मंत्री") == [
        "the translation is 21% of the source's length; check nothing is missing or repeated"]
    assert found("length", source, "बुल्गारिया के पूर्व विदेश मंत्री") == []  # 32 characters, 19 columns: 0.37


def test_an_address_ends_before_the_punctuation_after_it_fullwidth_too():
    for source, translation in [("See https://example.org.", "参见 https://example.org。"),
                                ("See https://example.org.", "Siehe https://example.org…"),
                                ("See https://example.org/x.", "Voir « https://example.org/x »."),
                                ("See https://example.org.", "見る「https://example.org」。"),
                                # Chinese writes an address beside its text, with no space either side.
                                ("Write to info@example.org.", "请致信info@example.org。"),
                                ("See https://example.org/call for more.", "详情请访问https://example.org/call了解更多。"),
                                ("See https://example.org/call now.", "자세한 내용은https://example.org/call참조.")]:
        assert found("urls", source, translation) == [], translation


def test_urls_are_copied_exactly_and_none_is_added():
    """An address a translation adds is published under the signatories' names: a fact like the others."""
    assert found("urls", "See www.example.org.", "Voir www.example.org.") == []
    assert found("urls", "No address here.", "Voir www.example.org ou a@b.org") == [
        "addresses the source does not have: a@b.org, www.example.org; write only the source's addresses"]
    assert found("urls", "Mail a@b.org", "Écrire à a@b.fr") == [
        "addresses missing or changed in the translation: a@b.org",
        "addresses the source does not have: a@b.fr; write only the source's addresses"]


def test_a_link_lost_or_changed_is_the_links_checks_alone_and_a_written_address_the_urls_checks():
    """A link dropped from a translation was three errors in CI, links, markup and urls at one line: a link's
    address is the links check's (which says where the edition sends readers); urls holds the addresses
    written out in the text, one beside a link to the same address too."""
    source = "Work together at the [United Nations](https://www.un.org/)."
    for translation in ["Travaillez ensemble aux Nations unies.", "Ensemble aux [Nations unies](https://www.un.org/fr/)."]:
        assert found("urls", source, translation) == [], translation
        assert found("links", source, translation), translation
    assert found("urls", source, "Aux Nations unies (https://www.un.org/).") == []
    both = "See [the site](https://x.org/) at https://x.org/."
    assert found("urls", both, "Voir [le site](https://x.org/).") == [
        "addresses missing or changed in the translation: https://x.org/"]
    assert found("urls", "See [the site](https://x.org/).", "Voir [le site](https://x.org/) à https://y.org/.") == [
        "addresses the source does not have: https://y.org/; write only the source's addresses"]


def test_a_link_lost_added_or_mistyped_is_said_by_links_not_by_markup_again():
    """One slip, one finding: the markup check holds emphasis and code; a link's loss is the links check's."""
    source = "Work *together* at the [United Nations](https://www.un.org/)."
    for translation in ["Travaillez *ensemble* aux Nations unies.",
                        "Travaillez *ensemble* aux [Nations unies] (https://www.un.org/).",
                        "Travaillez *ensemble* aux [Nations unies](https://www.un.org/) et [ici](https://www.un.org/)."]:
        assert found("markup", source, translation) == [], translation
        assert found("links", source, translation), translation
    assert found("markup", source, "Travaillez ensemble aux Nations unies.") == [
        "inline Markdown differs: the source has 1 em, 1 link, the translation none"]


@pytest.mark.parametrize(("source", "translation", "said"), [
    ("Signatories ", "Signataires", "the translation ends with no space where the English ends with a space (' ')"),
    (" a", "  b", "the translation begins with 2 spaces ('  ') where the English begins with a space (' ')"),
    ("a", "b\u00a0", "the translation ends with white space ('\\xa0') where the English ends with no space"),
    ("a\n", "b", "the translation ends with no space where the English ends with a line break ('\\n')"),
    ("a\nb", "a b", "the English has 1 line break, the translation 0"),
])
def test_whitespace_says_which_text_has_which_space(source, translation, said):
    """Each side named, the translation's first: "('' against ' ')" left the reader to guess."""
    assert found("whitespace", source, translation)[0] == said


def test_emphasis_left_as_text_beside_punctuation_says_how_to_write_it():
    """CommonMark does not open emphasis between a letter and punctuation: 的*《牛津声明》* stays text."""
    assert found("markup", "the *Oxford Statement* and", "的*《牛津声明》*以及", "zh-Hans") == [
        "inline Markdown differs: the source has 1 em, the translation none; an edition shows the English instead; "
        "a * or _ was left as text: beside punctuation, put the emphasis inside it (《*…*》, « *…* », “*…*”), or a "
        "space outside it"]
    assert found("markup", "the *Oxford Statement* and", "的《*牛津声明*》以及", "zh-Hans") == []


@pytest.mark.parametrize("translation", ["Czas działać jest *teraz.", "Mówimy *teraz*. I *zawsze."])
def test_emphasis_simply_left_open_is_told_to_close_it_not_about_punctuation(translation):
    """A star nothing closes, beside no punctuation (the one before the full stop closes emphasis as it should):
    the advice about emphasis beside punctuation would not help."""
    source = "The time to act is *now*." if translation.count("*") == 1 else "We say *now*. And *always*."
    assert found("markup", source, translation, "pl")[0].endswith(
        "an edition shows the English instead; a * or _ was left as text: close the emphasis as the source does "
        "(*…*), or remove the mark")
    # A star inside a word is a character of it (German's gender star), of which no hint speaks.
    assert found("markup", "Doctors and *nurses*", "Ärzt*innen und Pfleger", "de") == [
        "inline Markdown differs: the source has 1 em, the translation none"]


def test_an_html_tag_or_a_link_without_words_is_not_markup():
    assert found("markup", "Act now.", "Agissez <b>maintenant</b> <script>x</script>.") == [
        "HTML is not markup in a letter: an edition would show </b>, </script>, <b>, <script> as text, so it shows the "
        "English instead; "
        "remove it, or use the source's Markdown"]
    kept = "Keep <3 and a < b > c, and <https://a.org>."
    assert found("markup", kept, kept.replace("Keep", "Gardez").replace("and", "et")) == []
    for empty in ("Lire[](https://a.org)", "Lire [&nbsp;](https://a.org)", "Lire [ ](https://a.org)"):
        assert found("markup", "[Read](https://a.org)", empty) == [
            "a link without words ([](…)): readers cannot see it or click it; put the link's words inside [ ]"]
    assert found("markup", "[Read](https://a.org)", r"Lire \[](https://a.org) [lire](https://a.org)") == []


def test_a_stray_mark_or_a_link_the_edition_does_not_make_is_found():
    """A reviewer approved "*Signataires" and "[cliquez ici](javascript:…)": the edition showed both as
    written, marks and brackets, and no check said so."""
    assert found("markup", "Signatories", "*Signataires") == [
        "* left as text: an edition would show it, so it shows the English instead; remove it, or mark emphasis as "
        "the source does (*…*)"]
    assert found("markup", "Signatories", "Signataires `x") == [
        "` left as text: an edition would show it, so it shows the English instead; remove it, or mark emphasis as "
        "the source does (*…*)"]
    assert found("markup", "A 5 * 3 grid, snake_case", "Une grille 5 * 3, snake_case") == []  # as the source has
    # A character of the text, not a mark: German's gender star and gap, an escaped mark, an address.
    for text in ("Ärzt*innen und Pfleger_innen", r"\*Signataires", "Voir https://example.org/a_b/report"):
        assert found("markup", "Doctors and nurses, see https://example.org/a_b/report", text, "de") == [], text
    assert found("links", "Act now.", "Agissez [ici](javascript:alert(1)).") == [
        "a link to a javascript: address is no link in the edition, which shows [ ](…) as text; "
        "link only to the source's addresses"]
    assert found("links", "Act now.", "Agissez [ici](ici.html).")[-1] == (
        "a link to 'ici.html', which names no site, is no link in the edition, which shows [ ](…) as text; "
        "link only to the source's addresses")


def test_markup_compares_markers_in_any_order_and_links_by_target():
    assert found("markup", "*a* and **b**", "**b** et *a*") == []
    assert found("markup", "*a* and `b`", "*a* et b") == [
        "inline Markdown differs: the source has 1 code, 1 em, the translation 1 em"]
    # A mark left as text besides: the edition shows the English (markup.faithful), and the finding says so.
    assert found("markup", "*a* and `b`", "*a* et b*")[0].startswith(
        "inline Markdown differs: the source has 1 code, 1 em, the translation 1 em; an edition shows the English "
        "instead; a * or _ was left as text")
    assert found("links", "*a* and [b](https://b.org)", "*a* et b") == [
        "link targets differ: the source links to https://b.org, the translation to nothing; an edition shows the "
        "English instead"]
    assert found("links", "**a**", "[**a**](https://a.org)") == [
        "link targets differ: the source links to nothing, the translation to https://a.org; an edition shows the "
        "English instead"]


@pytest.mark.parametrize("space", [" ", "  ", "\u00a0"])
def test_a_link_written_with_a_space_before_its_address_says_to_remove_the_space(space):
    """[words] (address) is no link in Markdown: "links to nothing" alone leaves a translator looking at a
    link that seems whole; the finding names the space. Only a space whose removal makes the link is named."""
    source = "Read the [report](https://example.org/report) and [more](https://example.org/more)."
    translation = f"Lisez le [rapport]{space}(https://example.org/report) et [plus](https://example.org/more)."
    assert found("links", source, translation) == [
        "link targets differ: the source links to https://example.org/more, https://example.org/report, the "
        "translation to https://example.org/more; an edition shows the English instead; the space in "
        f"'[rapport]{space}(' keeps it from being a link: remove the space between ] and ("]
    assert found("links", "Read [the report] (2020).", "Lisez [le rapport] (2020).") == []
    assert found("links", "Read the [report](https://example.org/report).", "Lisez le [rapport] (2020).") == [
        "link targets differ: the source links to https://example.org/report, the translation to nothing; an "
        "edition shows the English instead"]


@pytest.mark.parametrize(("translation", "says"), [
    ("阅读［报告］（https://example.org/report）。", "'［报告］（https://example.org/report）' is typed with fullwidth "
                                               "brackets, which make no link: write [报告](https://example.org/report)"),
    ("阅读[报告]（https://example.org/report)。", "'[报告]（https://example.org/report)' is typed with fullwidth "
                                              "brackets, which make no link: write [报告](https://example.org/report)"),
    ("阅读［报告］ （https://example.org/report）。",
     "'［报告］ （https://example.org/report）' is typed with fullwidth brackets, which make no link: write "
     "[报告](https://example.org/report)"),
    ("Lisez le [rapport](https://example.org/report.", "'[rapport](https://example.org/report' lacks the ')' that "
                                                       "closes its address: type ) after it"),
    ("Lisez le [rapport](https://example.org/report et la suite.", "'[rapport](https://example.org/report' lacks "
                                                                   "the ')' that closes its address: type ) after it"),
    ("Lisez le [rapport(https://example.org/report).", "'[rapport(' lacks the ']' that closes its words: type ] "
                                                       "before ("),
    ("Lisez le [rapport (https://example.org/report).", "'[rapport (' lacks the ']' that closes its words: replace "
                                                        "the space before ( with ]"),
    ("Lisez le [rapport  (https://example.org/report).", "'[rapport  (' lacks the ']' that closes its words: "
                                                         "replace the spaces before ( with ]"),
    ("Lisez le [rapport](https://example.org /report).", "the address in '[rapport](https://example.org /report)' "
                                                         "holds a space, which ends an address: remove it, or write "
                                                         "%20 where the address has one"),
])
def test_a_link_typed_with_fullwidth_brackets_or_without_its_parenthesis_says_what_to_type(translation, says):
    """［words］（address） (a Chinese or Japanese keyboard's brackets), [words](address without its ")", [words
    without its "]" and an address a space cuts make no link; "links to nothing" alone leaves a translator looking
    at what seems one, and "type ) after" the address's first half would mend the wrong slip."""
    assert found("links", "Read the [report](https://example.org/report).", translation) == [
        "link targets differ: the source links to https://example.org/report, the translation to nothing; an "
        f"edition shows the English instead; {says}"]
    assert found("links", "Read the [report](https://example.org/report).", "阅读［报告］（2020）。") == [
        "link targets differ: the source links to https://example.org/report, the translation to nothing; an "
        "edition shows the English instead"]


@pytest.mark.parametrize(("translation", "locale"), [("\u201eDie Zeit zu handeln ist jetzt.\u201c", "de"),
                                                  ("\u201aJetzt.\u2018", "de"), ("\u00bbNu.\u00ab", "da")])
def test_a_sentence_ends_inside_any_closing_quotation_mark(translation, locale):
    assert found("end-punctuation", "\u201cThe time to act is now.\u201d", translation, locale) == []


@pytest.mark.parametrize(("translation", "locale"), [
    ("Մենք կոչ ենք անում կառավարություններին գործել հիմա։", "hy"),  # Armenian full stop
    ("ယခု လုပ်ဆောင်ရမည့်အချိန်ဖြစ်သည်။", "my"),                        # Burmese
    ("ដល់ពេលត្រូវធ្វើសកម្មភាពហើយ។", "km"),                           # Khmer
    ("ད་ལྟ་ལས་ཀ་བྱེད་དགོས།", "bo"),                                   # Tibetan shad
])
def test_a_full_stop_of_any_script_ends_a_sentence(translation, locale):
    assert found("end-punctuation", "The time to act is now.", translation, locale) == []


@pytest.mark.parametrize(("translation", "locale"), [("ถึงเวลาที่ต้องลงมือแล้ว", "th"), ("ຮອດເວລາລົງມືແລ້ວ", "lo")])
def test_thai_and_lao_end_a_sentence_without_a_mark(translation, locale):
    """Thai and Lao have no full stop: a sentence ends with a space, or with its paragraph. A question mark
    they do write, and one left out is still said."""
    assert found("end-punctuation", "The time to act is now.", translation, locale) == []
    assert found("end-punctuation", "Is the time now?", translation, locale) == [
        "the source ends with question mark, the translation with none"]


@pytest.mark.parametrize(("english", "translation"), [
    ("In 5 \\* 3 hospitals, care stopped.", "Dans 5 * 3 hôpitaux, les soins ont cessé."),
    ("Notes marked \\* are new.", "Les notes marquées d’un * sont nouvelles."),
    ("Use \\_ here.", "Utilisez \\_ ici."),
])
def test_a_mark_the_english_shows_as_text_may_be_typed_plainly(english, translation):
    """The English must escape a mark it shows as text (extract refuses a bare one); a translator who copies
    the mark as the edition shows it writes what the reader sees all the same: no finding, and shown."""
    assert found("markup", english, translation) == []
    assert markup.faithful(translation, english)


def test_emphasis_two_gender_stars_make_is_told_to_show_the_english():
    assert found("markup", "Doctors and nurses", "Ärzt*innen und Pfleger*innen", "de") == [
        "inline Markdown differs: the source has none, the translation 1 em; an edition shows the English instead"]
    assert found("markup", "We *must* act", "Nous devons agir") == [
        "inline Markdown differs: the source has 1 em, the translation none"]  # lost: the translation is shown


def test_a_stray_mark_beside_marks_that_are_text_is_found():
    assert found("markup", "See `a_b` and this.", "Voir `a_b` et _ceci.") == [
        "_ left as text: an edition would show it, so it shows the English instead; remove it, or mark emphasis as "
        "the source does (*…*)"]
    assert found("markup", "Die Ärzt*innen sind *sehr* wichtig.", "Les soignant*es sont *très* importants.") == []
    assert found("markup", "*All health workers must be protected.*", "*Alle Ärzt*innen müssen geschützt werden.*") \
        != []  # the star after Ärzt closes the emphasis, and the last one is left as text


def test_a_translation_of_thousands_of_marks_is_judged_in_few_parses():
    """Each mark tried is a parse of the whole text: thousands of them ("*a *a …", 6,000 characters) held a
    check and a build for minutes, growing with the square of the text's length."""
    hostile = "*a " * 2000
    markup._parsed.cache_clear()
    assert [mark for _at, mark in markup.stray_marks(hostile)] == ["*"] * 2000
    assert markup._parsed.cache_info().misses < 50  # not one for each mark
    assert found("markup", "The time to act is now.", hostile)  # and an edition shows the English
    assert markup.shows_markup(hostile, "The time to act is now.")


def test_a_glossary_term_with_another_apostrophe_says_so():
    glossary = Settings(glossaries={"fr": {"University of Oxford": "Universit\u00e9 d\u2019Oxford"}})
    target = catalog_with("Professor, University of Oxford", "Professeur, Universit\u00e9 d\u02bcOxford", [], "fr")
    [finding] = check_catalog(target, (Message("Professor, University of Oxford"),), glossary, frozenset())
    assert finding.message == ("the glossary translates 'University of Oxford' as 'Universit\u00e9 d\u2019Oxford', "
                               "which the translation writes with another apostrophe; copy the glossary's")


@pytest.mark.parametrize(("approved", "typed"), [("d\u2019Oxford", "d'Oxford"), ("d'Oxford", "d\u2019Oxford")])
def test_a_glossary_term_with_a_typed_apostrophe_is_used(approved, typed):
    """Every edition sets a typed apostrophe as \u2019, so the reader sees the glossary's form either way."""
    glossary = Settings(glossaries={"fr": {"University of Oxford": f"Universit\u00e9 {approved}"}})
    target = catalog_with("Professor, University of Oxford", f"Professeur, Universit\u00e9 {typed}", [], "fr")
    assert check_catalog(target, (Message("Professor, University of Oxford"),), glossary, frozenset()) == []


def test_a_typed_apostrophe_that_starts_a_word_is_not_the_glossary_s():
    """A word-initial ' may open a quotation: the edition shows it as typed, so it is not the glossary's ’."""
    glossary = Settings(glossaries={"nl": {"Gerard 't Hooft": "Gerard \u2019t Hooft"}})
    target = catalog_with("Gerard 't Hooft, physicist", "Gerard 't Hooft, natuurkundige", [], "nl")
    [finding] = check_catalog(target, (Message("Gerard 't Hooft, physicist"),), glossary, frozenset())
    assert "which the translation writes with another apostrophe" in finding.message


def test_a_glossary_term_tied_by_a_no_break_space_is_used():
    """A copy editor ties a one-letter word to the next (и\u00a0Красного), where the glossary types a space."""
    term = "International Federation of Red Cross and Red Crescent Societies"
    glossary = Settings(glossaries={"ru": {term: "Международная федерация обществ Красного Креста и Красного "
                                                 "Полумесяца"}})
    english = f"Secretary General, {term}"

    def findings(translation: str) -> list[str]:
        target = catalog_with(english, translation, [], "ru")
        return [f.message for f in check_catalog(target, (Message(english),), glossary, frozenset())]

    tied = "Генеральный секретарь, Международная федерация обществ Красного Креста и\u00a0Красного Полумесяца"
    assert findings(tied) == []
    assert findings(tied.replace("Полумесяца", "Полумесяц")) == [
        f"the glossary translates {term!r} as 'Международная федерация обществ Красного Креста и Красного "
        "Полумесяца', which the translation does not use"]


def test_no_end_mark_has_two_functions():
    marks = [mark for marks in checks.END_MARKS.values() for mark in set(marks)]
    assert len(marks) == len(set(marks))


def test_several_opt_outs_and_other_flags():
    flags = ("python-brace-format", "no-check-numbers", "no-check-characters")
    assert found("numbers", "COVID-19", "COVID\x07", flags=flags) == []
    assert found("characters", "COVID-19", "COVID\x07", flags=flags) == []
    assert found("end-punctuation", "COVID-19.", "COVID\x07", flags=flags) != []


def test_a_placeholder_with_a_conversion_or_a_format_is_another_placeholder():
    flags = ("python-brace-format",)
    assert found("placeholders", "By {publisher} on {date}", "Par {publisher!r} le {date:>40}", flags=flags) == [
        "placeholders differ: the source has {date}, {publisher}, the translation {date:>40}, {publisher!r}; "
        "keep every {name} exactly as in the source"]


def test_the_template_says_which_message_is_a_pattern_not_the_catalogs_flags():
    """A translator's editor may drop the catalog's python-brace-format flag; the build still fills the
    pattern in, so the placeholders are still checked (as msgmerge and msgfmt take the template's)."""
    source, translation = "Published by {publisher} on {date}", "Publié par le {publisher}"
    target = catalog_with(source, translation, [], "fr")
    found = check_catalog(target, (Message(source, flags=("python-brace-format",)),), SETTINGS, frozenset())
    assert [f.check for f in found] == ["placeholders"]
    assert check_catalog(catalog_with("A {b}", "Un {c}", ["python-brace-format"], "fr"), (Message("A {b}"),),
                         SETTINGS, frozenset()) == []  # a paragraph in braces is text, whatever the catalog says


@pytest.mark.parametrize("flag", ["Fuzzy", "fuzy", "fuzz", "FUZZY"])
def test_fuzzy_mistyped_is_an_error_in_every_locale(flag):
    """GNU reads no draft mark in ``#, Fuzzy``: the draft counts as reviewed and is published."""
    target = catalog_with("Signatories", "Signataires", [flag], "fr")
    for published in (True, False):
        found = check_catalog(replace(target, published=published), (Message("Signatories"),), Settings(), frozenset())
        assert [(f.check, f.severity.value, f.line, f.message) for f in found] == [
            ("flags", "error", 7, f"{flag!r} is not a flag gettext knows: the message counts as reviewed and is "
                                  "published; write 'fuzzy' to keep it a draft, or remove the flag")]
    off = Settings(severities={"flags": "off"})
    assert check_catalog(target, (Message("Signatories"),), off, frozenset()) == []


@pytest.mark.parametrize("comment", ["# fuzzy", "#fuzzy", "# Fuzzy", "# fuzzy, python-brace-format",
                                     "#  fuzy c-format"])
def test_fuzzy_written_as_a_comment_is_an_error_at_its_line(comment):
    """``# fuzzy`` is a translator comment to msgfmt, polib and letter: the draft it was meant to mark counts as
    reviewed and is published; an error in every locale, at the comment's line, whichever reader read the
    catalog (a '#|' line sends it to parse())."""
    header = FLAGGED.split("\n\n")[0].replace("#, fuzzy, fuzzzy\n", "") + "\n\n"
    entry = f'# checked by Petr\n{comment}\nmsgid "Signatories"\nmsgstr "Signataires"\n'
    for text in (header + entry, header + entry.replace("msgid", '#| msgid "Signatory"\nmsgid')):
        catalog = po.parse_checked(text.encode())
        for published in (True, False):
            target = CatalogUnderTest(catalog, parse_locale("fr"), "locales/fr/LC_MESSAGES/letter.po", published)
            found = [(f.severity.value, f.line, f.message) for f in check_catalog(target, (Message("Signatories"),),
                                                                                Settings(), frozenset())]
            assert found == [("error", text.splitlines().index(comment) + 1, (
                "this comment says fuzzy, but is no flag: the message counts as reviewed and is published; write "
                "'#, fuzzy' to keep it a draft, or delete the comment if the translation is reviewed"))]
    # A note that speaks of fuzzy, the comment on a draft or an untranslated message: nothing to say.
    for comment, flags, translation in (("fuzzy: check the date", [], "Signataires"),
                                        ("fuzzy", ["fuzzy"], "Signataires"), ("fuzzy", [], "")):
        target = catalog_with("Signatories", translation, flags, "fr", comment=comment)
        assert [f for f in check_catalog(target, (Message("Signatories"),), Settings(), frozenset())
                if f.check == "flags"] == []


def test_a_flag_gettext_does_not_know_is_a_warning():
    """Other than a mistyped ``fuzzy``, which a draft beside it or an empty translation keeps from
    publishing anything, and but for letter's own opt-outs."""
    known = ["c-format", "no-python-brace-format", "possible-c-format", "range: 1..3", "wrap", "no-wrap",
             "no-check-length"]
    assert found("flags", "Signatories", "Signataires", flags=tuple(known)) == []
    for flags, translation in ((["pyhton-format", "checked"], "Signataires"), (["fuzzy", "fuzy"], "Signataires"),
                               (["Fuzzy"], "")):
        target = catalog_with("Signatories", translation, flags, "fr")
        shown = [(f.severity.value, f.message.partition(" is ")[0])
                 for f in check_catalog(target, (Message("Signatories"),), Settings(), frozenset())
                 if f.check == "flags"]
        assert shown == [("warning", repr(flag)) for flag in flags if flag != "fuzzy"]
    # Beside a fuzzy mark, the misspelt one says nothing, and stays (po.write keeps it): not "dropped".
    target = catalog_with("Signatories", "Signataires", ["fuzzy", "Fuzzy"], "fr")
    assert [f.message for f in check_catalog(target, (Message("Signatories"),), Settings(), frozenset())
            if f.check == "flags"] == ["'Fuzzy' is 'fuzzy' mistyped, which gettext does not read, and says nothing "
                                       "here: the message is a draft, or untranslated, without it; remove it"]


#: A catalog in the layout msgcat writes, with a flag mistyped on its header and on three messages.
FLAGGED = """\
# French translation.
#, fuzzy, fuzzzy
msgid ""
msgstr ""
"Language: fr\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

#, fuzy
msgid "Signatories"
msgstr "Signataires"

#. a role
#, c-formatt
#: source/signatories.yaml
msgid "Professor"
msgstr "Professeur"

#, fuzzy, no-check-nubmers
msgid "Chair"
msgstr "Présidente"
"""
#: Messages only parse() reads: flags on two '#,' lines (GNU's own on the last, as parse() requires), and a
#: draft's '#|' lines, which it reads line by line.
NOT_MSGCAT_LAYOUT = """
#, checked
#, python-format
msgid "Dean"
msgstr "Doyen"

#, fuzzy, c-formatt

#| msgid "Rector"
msgid "Former Rector"
msgstr "Ancien recteur"
"""


@pytest.mark.parametrize("text", [FLAGGED, FLAGGED + NOT_MSGCAT_LAYOUT], ids=["msgcat-layout", "parsed"])
def test_a_flag_finding_points_at_its_flag_line_and_the_header_s_flags_are_checked(text):
    """At the '#,' line that holds the flag, not the message's first keyword, whichever reader read the catalog;
    the header's fuzzy mark is no finding, a flag mistyped there is one, as on a message."""
    catalog = po.parse_checked(text.encode())
    assert isinstance(catalog.entries[0], po.Checked) == (text == FLAGGED)
    target = CatalogUnderTest(catalog, parse_locale("fr"), "locales/fr/LC_MESSAGES/letter.po", True)
    template = tuple(Message(english) for english in ("Signatories", "Professor", "Chair", "Dean", "Former Rector"))
    lines = text.splitlines()
    found = [f for f in check_catalog(target, template, Settings(), frozenset()) if f.check == "flags"]
    assert [(f.line, lines[f.line - 1], f.message.split()[0]) for f in found] == [
        (2, "#, fuzzy, fuzzzy", "'fuzzzy'"),
        (9, "#, fuzy", "'fuzy'"),
        (14, "#, c-formatt", "'c-formatt'"),
        (19, "#, fuzzy, no-check-nubmers", "'no-check-nubmers'"),
        *([(23, "#, checked", "'checked'"), (28, "#, fuzzy, c-formatt", "'c-formatt'")] if text != FLAGGED else [])]
    assert found[0].message.startswith("'fuzzzy' is not a flag gettext knows, and `letter update`, msgmerge")
    assert found[0].msgid is None and found[0].severity.value == "warning"  # the header's: no message's
    # A header whose one flag is its fuzzy mark: nothing to say.
    clean = po.parse_checked(text.replace("#, fuzzy, fuzzzy", "#, fuzzy").encode())
    assert [f.line for f in check_catalog(replace(target, catalog=clean), template, Settings(), frozenset())
            if f.check == "flags"][0] == 9


#: A paragraph (msgid at 7, msgstr at 10), a role with a context (msgctxt at 15, msgstr at 17), and a pattern
#: whose translation lost a placeholder (msgid at 20, msgstr at 23): each a finding on its translation's text.
PARAGRAPHS = """\
msgid ""
msgstr ""
"Language: fr\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

msgid ""
"We call on governments to protect "
"hospitals and their staff."
msgstr ""
"Nous appelons les gouvernements à protéger les "
"hôpitaux et leur personnel"

#, fuzzy
msgctxt "role"
msgid "Former Foreign Minister of the Republic of Bulgaria"
msgstr "Ancien"

#, python-brace-format
msgid ""
"Published by {publisher} "
"on {date}"
msgstr ""
"Publié par {editeur} "
"le {date}"
"""
#: A plural message, which no message check reads (the letter has none): its line is msgstr[0]'s, as msgfmt's.
PLURAL_FORMS = """
#, fuzzy, python-brace-format
msgid "one {n} file"
msgid_plural "{n} files"
msgstr[0] "un {n} fichier"
msgstr[1] "{m} fichiers"
"""


@pytest.mark.parametrize("text", [PARAGRAPHS, PARAGRAPHS + PLURAL_FORMS], ids=["msgcat-layout", "parsed"])
def test_a_finding_on_a_translation_points_at_its_msgstr_line(text):
    """What a translator must mend in the translation is told at its msgstr line, as msgfmt --check tells a
    format's fault, within the lines a pull request changed; what is said of the message (a draft) stays at its
    first keyword's, whichever reader read the catalog."""
    catalog = po.parse_checked(text.encode())
    assert isinstance(catalog.entries[0], po.Checked) == (text == PARAGRAPHS)
    target = CatalogUnderTest(catalog, parse_locale("fr"), "fr.po", False, strict=True)
    template = (Message("We call on governments to protect hospitals and their staff."),
                Message("Former Foreign Minister of the Republic of Bulgaria", "role"),
                Message("Published by {publisher} on {date}", flags=("python-brace-format",)),
                *([Message("one {n} file")] if text != PARAGRAPHS else []))
    lines = text.splitlines()
    found = [(f.line, f.check) for f in check_catalog(target, template, Settings(), frozenset())
             if f.check != "out-of-sync"]
    # (A plural message's forms are no msgstr: `untranslated`, as `letter status` counts it.)
    assert found == [*([(28, "untranslated")] if text != PARAGRAPHS else []), (15, "fuzzy"),
                     (10, "end-punctuation"), (17, "length"), (23, "placeholders")]
    assert [lines[line - 1].split()[0] for line, check in found] == [
        *(["msgid"] if text != PARAGRAPHS else []), "msgctxt", "msgstr", "msgstr", "msgstr"]
    if text != PARAGRAPHS:
        plural = catalog.entries[-1]
        assert (plural.linenum, po.msgstr_line(plural)) == (28, 30)


@needs_gettext
def test_a_format_s_fault_is_told_at_msgfmt_s_line(tmp_path):
    """msgfmt --check tells a brace pattern's placeholder lost at the msgstr line (a plural message's at its
    msgstr[0]'s, whichever form is at fault): an outside judge of the line `letter check` tells it at, and of the
    line the reader gives each message's translation."""
    path = tmp_path / "fr.po"
    path.write_bytes((PARAGRAPHS + PLURAL_FORMS).replace("#, fuzzy, python", "#, python").encode())
    told = msgfmt_check(path)
    said = sorted(int(line) for line in re.findall(r"^\S+?:(\d+): .*format specification", told.stderr, re.M))
    assert said == [23, 30], told.stderr
    catalog = po.parse(path.read_bytes())
    assert [po.msgstr_line(entry) for entry in catalog if "python-brace-format" in entry.flags] == said
    target = CatalogUnderTest(po.parse_checked(path.read_bytes()), parse_locale("fr"), "fr.po", True)
    template = (Message("Published by {publisher} on {date}", flags=("python-brace-format",)),)
    assert [f.line for f in check_catalog(target, template, Settings(), frozenset())
            if f.check == "placeholders"] == said[:1]


def test_an_opt_out_that_names_no_check_is_a_warning_naming_the_one_meant():
    """A slip in an opt-out left the check it meant running, without a word."""
    for flags, comment in ((["no-check-nubmers"], ""), ([], "letter: no-check-nubmers, no-check-length")):
        target = catalog_with("COVID-19", "COVID-19", flags, "fr", comment=comment)
        assert [(f.severity.value, f.message) for f in check_catalog(target, (Message("COVID-19"),), Settings(),
                                                                     frozenset()) if f.check == "flags"] == [
            ("warning", "'no-check-nubmers' names no check, so the message is checked as any other; write "
                        "'no-check-numbers'")]
    target = catalog_with("COVID-19", "COVID-19", ["no-check-everything"], "fr")
    message, = [f.message for f in check_catalog(target, (Message("COVID-19"),), Settings(), frozenset())
                if f.check == "flags"]
    assert "the checks are named in `letter check`'s findings (stale-template, " in message


@needs_gettext
def test_the_flags_gnu_reads_are_the_flags_msgcat_keeps(tmp_path):
    flags = ["fuzzy", "Fuzzy", "c-format", "no-python-format", "possible-perl-format", "pyhton-format",
             "foo-format", "no-wrap", "range: 1..9", "range:1..9", "no-check-numbers", "checked"]
    path = tmp_path / "flags.po"
    path.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    + "".join(f'#, {flag}\nmsgid "m{i}"\nmsgstr "t{i}"\n\n' for i, flag in enumerate(flags)),
                    encoding="utf-8")
    kept = {entry.msgid for entry in po.parse(msgcat(path)) if entry.flags}  # (possible-perl-format as perl-format)
    assert [flag for flag in flags if po.gnu_reads(flag)] == [flag for i, flag in enumerate(flags) if f"m{i}" in kept]


@pytest.mark.parametrize("comment", ["letter: no-check-numbers", "  Letter : no-check-length no-check-numbers",
                                     "checked by Petr\nletter: no-check-numbers,no-check-urls"])
def test_an_opt_out_comment_is_read_as_people_write_it(comment):
    from pipeline.findings import opted_out
    assert "numbers" in opted_out([], comment)


def test_update_turns_an_opt_out_flag_into_the_comment_that_lasts(french):
    catalog = po.load(french.catalog("fr"))
    entry = next(e for e in catalog if "COVID-19" in e.msgid)
    entry.msgstr = entry.msgstr.replace("COVID-19", "COVID")
    # The translator's notes, one of them after an opt-out and one that begins as an opt-out would.
    entry.tcomment = ("checked by Petr\nLetter: « COVID », as Le Monde writes it\n"
                      "letter: no-check-length (a short form on purpose)")
    po.save(catalog, french.catalog("fr"))
    text = french.catalog("fr").read_text(encoding="utf-8")  # the flag as Poedit writes it (po.save would drop it)
    french.catalog("fr").write_text(text.replace("purpose)\n", "purpose)\n#, no-check-numbers no-check-length\n"),
                                    encoding="utf-8")
    assert "numbers" not in french.ok("check", "fr").stdout
    french.ok("update", "fr")
    assert ("# checked by Petr\n# Letter: « COVID », as Le Monde writes it\n"
            "# letter: no-check-length (a short form on purpose)\n# letter: no-check-numbers\n") in \
        french.catalog("fr").read_text(encoding="utf-8")
    assert "numbers" not in french.ok("check", "fr").stdout


def test_an_opt_out_by_comment_outlives_letter_update(french):
    """`letter update` writes a catalog as msgcat does, which drops flags GNU does not know: the
    lasting opt-out is a translator comment."""
    catalog = po.load(french.catalog("fr"))
    entry = next(e for e in catalog if "COVID-19" in e.msgid)
    entry.msgstr = entry.msgstr.replace("COVID-19", "COVID")
    entry.tcomment = "letter: no-check-numbers"
    po.save(catalog, french.catalog("fr"))
    french.ok("update", "fr")
    assert "# letter: no-check-numbers" in french.catalog("fr").read_text(encoding="utf-8")
    assert "numbers" not in french.ok("check", "fr").stdout


# --- the command --------------------------------------------------------------------------

@pytest.fixture
def french(extracted):
    """A French catalog, fully reviewed and clean, required by the settings."""
    extracted.ok("init", "fr")
    extracted.edit("pyproject.toml", "published = []", 'published = ["fr"]')
    extracted.translate("fr", lambda e: "" if e.msgctxt == "name" else _pseudo_french(e.msgid))
    return extracted


#: Organisations the letter's text names, as its signatory list does.
_NAMED = re.compile("United Nations|International Committee of the Red Cross")


def _pseudo_french(text: str) -> str:
    """A stand-in translation that keeps what the checks guard (placeholders, numbers, punctuation)
    and writes an organisation in the letter's text as in the signatory list."""
    if text == "INTERPOL" or "{" in text:
        return text.replace("Published by", "Publié par").replace(" on ", " le ")
    return "Fr " + (_NAMED.sub(lambda match: "Fr " + match.group(), text) if not _NAMED.fullmatch(text) else text)


def test_clean_catalogs_exit_0(french):
    result = french.run("check")
    assert result.exit_code == 0, result.stdout
    assert "no findings" in result.stdout


def test_a_failing_finding_exits_1(french):
    loaded = po.load(french.catalog("fr"))
    next(e for e in loaded if "COVID-19" in e.msgid).msgstr = "Fr la pandémie."
    po.save(loaded, french.catalog("fr"))
    result = french.run("check")
    assert result.exit_code == 1
    assert "locales/fr/LC_MESSAGES/letter.po:" in result.stdout and "error: [numbers]" in result.stdout


def test_untranslated_is_an_error_only_where_published(french):
    french.ok("init", "de")
    result = french.run("check")
    assert result.exit_code == 0
    assert f"warning: [untranslated] {REQUIRED} messages are not translated" in result.stdout
    strict = french.run("check", "--strict", "de")
    assert strict.exit_code == 1 and strict.stdout.count("error: [untranslated]") == REQUIRED


def test_the_readme_says_which_checks_stay_warnings_under_strict() -> None:
    """README's sentence on `--strict` and ``severity_of`` say the same: every locale is held as a published
    one, what awaits review and a draft's findings fail too, and the checks the sentence before names as a
    person's judgment, and those it names itself, stay warnings."""
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split("\n## Checks\n", 1)[1].split())
    judged = readme.split("since the translation may be right as it is (", 1)[1].split(")", 1)[0]
    strict = re.search(r"(?<=\. )`--strict` .*?\.(?= )", readme)
    assert strict is not None
    named = set(re.findall(r"`([a-z][a-z-]*)`", judged + strict.group()))
    stay = {check for check in CHECKS if severity_of(check, Settings(), published=False, strict=True)
            is Severity.WARNING}
    assert stay == named
    for check in [*AWAITING_CHECKS, "untranslated", "fuzzy"]:
        assert severity_of(check, Settings(), published=False, strict=True, unshown=True) is Severity.ERROR


def test_fuzzy_fails_a_published_locale(french):
    loaded = po.load(french.catalog("fr"))
    loaded[0].flags.append("fuzzy")
    po.save(loaded, french.catalog("fr"))
    result = french.run("check", "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    assert [f["check"] for f in findings] == ["fuzzy"]


def test_stale_template_fails(french):
    french.edit("source/letter.md", "The time to act is now.", "The time to act is today.")
    result = french.run("check")
    assert result.exit_code == 1
    assert "error: [stale-template]" in result.stdout


def test_a_stale_template_says_how_many_changes_it_does_not_list(french):
    """The finding is one line: it lists a few changes, and says how many more `letter extract --check` lists."""
    french.edit("source/letter.md", "The time to act is now.", "The time to act is today.")
    stale = next(line for line in french.run("check").stdout.splitlines() if "[stale-template]" in line)
    assert "today" in stale and "more" not in stale
    signatories = french.path("source/signatories.yaml")
    signatories.write_text(signatories.read_text(encoding="utf-8") + "".join(
        f"\n- name: Ada Person{n}\n  role: Professor of Testing {n}\n" for n in range(4)), encoding="utf-8")
    stale = next(line for line in french.run("check").stdout.splitlines() if "[stale-template]" in line)
    listed = [line.strip() for line in french.run("extract", "--check").stderr.splitlines()[1:]]
    assert len(listed) > 5 and all(line in stale for line in listed[:5]) and listed[5] not in stale
    assert stale.endswith(f"; … and {len(listed) - 5} more (`letter extract --check` lists them)")


def test_a_stale_template_s_many_out_of_sync_messages_are_one_finding_a_catalog(french):
    """Signatures added before `letter extract`: the catalog lacks each new message for one cause, which the
    stale-template finding lists. Past as many as it lists, they are one finding, in every format."""
    signatories = french.path("source/signatories.yaml")
    signatories.write_text(signatories.read_text(encoding="utf-8") + "".join(
        f"\n- name: Ada Person{n}\n  role: Professor of Testing {n}\n" for n in range(3)), encoding="utf-8")
    found = [f for f in json.loads(french.run("check", "--format", "json").stdout)["findings"]
             if f["check"] == "out-of-sync"]
    assert len(found) == 1 and found[0]["severity"] == "error" and found[0]["path"].endswith("fr/LC_MESSAGES/letter.po")
    assert found[0]["message"] == ("6 messages differ from the letter, 'Ada Person0' the first, as the template is "
                                   "out of date with source/ (`letter extract --check` lists them); run `letter "
                                   "extract`, then `letter update`")
    french.ok("extract")  # the catalog is behind the template now: each message is told, with what to run
    found = json.loads(french.run("check", "--format", "json").stdout)["findings"]
    assert len([f for f in found if f["message"].endswith("is missing; run `letter update`")]) == 6


def test_a_published_locale_without_a_catalog_fails(french):
    """CI's check fails where the build would: a locale listed as published with no catalog."""
    french.edit("pyproject.toml", 'published = ["fr"]', 'published = ["fr", "it"]')
    result = french.run("check")
    assert result.exit_code == 1
    assert ("pyproject.toml: error: [out-of-sync] it is listed as published, but locales/ has no catalog for it; "
            "restore locales/it/LC_MESSAGES/letter.po from git (git checkout HEAD -- "
            "locales/it/LC_MESSAGES/letter.po), or, if it was never committed, create it with `letter init it`, "
            "or take it off the list") in result.stdout
    assert french.run("check", "fr").exit_code == 0  # a check of named locales is about their catalogs


def test_unreadable_catalog_exits_2_and_the_others_are_checked(french):
    french.ok("init", "de")
    path = french.catalog("de")
    path.write_bytes(path.read_bytes().replace(b'msgid "Signatories"', b'msgid "Signatories\\q"'))
    loaded = po.load(french.catalog("fr"))
    next(e for e in loaded if "COVID-19" in e.msgid).msgstr = "Fr la pandémie."
    po.save(loaded, french.catalog("fr"))
    result = french.run("check")
    assert result.exit_code == 2
    assert "error: [syntax]" in result.stdout and "error: [numbers]" in result.stdout


@pytest.mark.parametrize("fmt", ["text", "json", "github", "junit", "sarif"])
def test_every_format_from_the_command(french, fmt):
    result = french.run("check", "--format", fmt)
    assert result.exit_code == 0 and result.stdout


def test_github_and_sarif_name_files_from_the_repository_root(french, tmp_path):
    """A project in a folder of its repository (`letter -C docs/letter check`): GitHub resolves an
    annotation's file and a SARIF result's URI against the repository's root, so both name the project's
    folder first; the text report, for people in the project, names files from the project."""
    (tmp_path / ".git").mkdir()  # the repository holding the project, as git finds it
    french.ok("init", "de")
    catalog = "locales/de/LC_MESSAGES/letter.po"
    assert french.root == tmp_path / "project"
    annotation = french.run("check", "--format", "github").stdout.splitlines()[0]
    assert annotation.startswith(f"::warning file=project/{catalog},line=")
    (result,) = json.loads(french.run("check", "--format", "sarif").stdout)["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == f"project/{catalog}"
    assert french.run("check").stdout.startswith(f"de:\n{catalog}:")
    (tmp_path / ".git").rmdir()  # a tarball of the project alone
    assert french.run("check", "--format", "github").stdout.startswith(f"::warning file={catalog},line=")


def test_sarif_names_the_installed_version(french, monkeypatch):
    installed = metadata.version
    monkeypatch.setattr(metadata, "version", lambda name: "9.8.7" if name == "letter-pipeline" else installed(name))
    driver = json.loads(french.run("check", "--format", "sarif").stdout)["runs"][0]["tool"]["driver"]
    assert driver["version"] == "9.8.7"

    def not_installed(name):  # run from a checkout, with PYTHONPATH
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", not_installed)
    assert french.run("check").exit_code == 0
    driver = json.loads(french.run("check", "--format", "sarif").stdout)["runs"][0]["tool"]["driver"]
    assert "version" not in driver


def test_unknown_locale_or_format_is_a_usage_error(french):
    assert french.run("check", "xx").exit_code == 2
    # A format that does not exist has no report to print: said on standard error alone. An unknown locale
    # in a known format is that format's "input" finding (test_report).
    unknown = french.run("check", "--format", "xml")
    assert unknown.exit_code == 2 and unknown.stdout == "" and "'xml' is not one of" in unknown.stderr


def test_status_table_and_json(french):
    french.ok("init", "de", "zh-Hans")
    table = french.ok("status").stdout
    assert "Français" in table and "简体中文" in table
    records = {r["locale"]: r for r in json.loads(french.ok("status", "--format", "json").stdout)}
    assert records["fr"]["publishable"] and records["fr"]["required"] and records["fr"]["percent"] == 100.0
    assert records["de"] == {"locale": "de", "name": "Deutsch", "reviewed": 0, "draft": 0, "untranslated": REQUIRED,
                             "total": REQUIRED, "percent": 0.0, "publishable": False, "required": False,
                             "published": False, "status": f"not published: {REQUIRED} untranslated",
                             "pending": None, "shown_in_english": 0, "missing": 0, "machine_drafts": 0}
    assert records["fr"]["published"] and records["fr"]["status"] == "published"
    assert next(line for line in table.splitlines() if line.startswith("fr ")).endswith("  published")
    assert "published while complete" not in table  # every locale published is listed


def test_status_of_a_new_letter_says_to_extract_before_init_which_needs_the_template(project):
    assert project.ok("status").stdout == ("no catalogs yet; run `letter extract`, then `letter init LOCALE`, "
                                           "a catalog for each language the letter is to be read in\n")
    assert project.run("init", "fr").exit_code == 2  # what it would have said to run first
    project.ok("extract")
    assert project.ok("status").stdout == ("no catalogs yet; run `letter init LOCALE`, a catalog for each "
                                           "language the letter is to be read in\n")


def test_a_locale_named_twice_in_two_spellings_is_one_row(french):
    table = french.ok("status", "fr", "FR").stdout
    assert [line.split()[0] for line in table.splitlines()[1:]] == ["fr"]


def test_status_says_a_locale_published_but_not_listed_goes_offline_at_a_change(french):
    french.edit("pyproject.toml", 'published = ["fr"]', "published = []")
    table = french.ok("status").stdout
    assert next(line for line in table.splitlines() if line.startswith("fr ")).endswith("  published")
    assert table.endswith("fr: published while complete; a change of the English takes it offline until all is "
                          "reviewed again: list it in [tool.letter] published to keep it online\n")


@pytest.mark.parametrize(("reviewed", "total", "shown"), [(205, 206, "99%"), (1, 206, "0%"), (206, 206, "100%"),
                                                         (0, 0, "100%")])
def test_a_percentage_is_rounded_down_so_that_100_means_done(reviewed, total, shown):
    from pipeline.progress import Progress
    progress = Progress(reviewed, 0, total - reviewed)
    assert progress.shown == shown


@pytest.mark.parametrize("newline", [b"\n", b"\r\n"])  # CRLF: read by the full parser, not the msgcat layout's
def test_a_header_finding_points_at_its_field(french, newline):
    data = french.catalog("fr").read_bytes().replace(b"Language: fr", b"Language: de")
    data = data.replace(b'"Language-Team', b'"X-Poedit-Language: French\\n"\n"Language-Team', 1)  # Poedit 1's
    french.catalog("fr").write_bytes(data.replace(b"\n", newline))
    line = data[: data.index(b'"Language: de')].count(b"\n") + 1
    result = french.run("check", "fr")
    assert f"locales/fr/LC_MESSAGES/letter.po:{line}: error: [header] the Language header is 'de'" in result.stdout


def test_a_domain_that_names_no_catalog_says_what_they_are_named(french):
    french.edit("pyproject.toml", 'domain = "letter"', 'domain = "messages"')
    for command in ("status", "check", "build"):
        result = french.run(command)
        assert result.exit_code == 2, command
        said = result.stdout + result.stderr
        assert re.search(r'locales/fr/LC_MESSAGES/letter\.po: error: (\[syntax\] )?no catalog is named messages\.po, '
                         r'but this one is named letter\.po: set \[tool\.letter\] domain = "letter"', said), command


@needs_gettext
def test_a_byte_order_mark_msgfmt_refuses_is_a_syntax_finding(french):
    """letter reads past it, but msgfmt --check refuses the file ("1:2: syntax error"), and a project that
    compiles its catalogs would break on it; update writes it without one."""
    catalog = french.catalog("fr")
    catalog.write_bytes(b"\xef\xbb\xbf" + catalog.read_bytes())
    assert msgfmt_check(catalog).returncode != 0
    result = french.run("check", "fr")
    assert result.exit_code == 1
    assert "locales/fr/LC_MESSAGES/letter.po:1: error: [syntax] the file begins with a byte order mark" in result.stdout
    french.ok("update", "fr")
    assert msgfmt_check(catalog).returncode == 0 and french.run("check", "fr").exit_code == 0


def test_a_catalog_out_of_place_is_named_with_where_it_belongs(french):
    """A translator's Italian saved as locales/it/letter.po or locales/it.po was never read, and every
    command said nothing: each now names it, and where a catalog goes."""
    catalog = french.catalog("fr").read_bytes()
    for name in ("it/letter.po", "nl.po", "fr/LC_MESSAGES/fr.po", "fr/LC_MESSAGES/website.po", "compendium.po",
                 "archive/fr-2020.po"):
        french.path(f"locales/{name}").parent.mkdir(parents=True, exist_ok=True)
        french.path(f"locales/{name}").write_bytes(catalog)
    for command in ("status", "check", "build"):
        result = french.run(command)
        said = result.stdout + result.stderr
        assert result.exit_code == 2, command
        for name, place, advice in (("it/letter.po", "it", "move it there"), ("nl.po", "nl", "move it there"),
                                    ("fr/LC_MESSAGES/fr.po", "fr", "keep one of the two")):
            assert re.search(rf"locales/{name}: error: (\[syntax\] )?this catalog is not read: a locale's catalog is "
                             rf"locales/{place}/LC_MESSAGES/letter.po; {advice}", said), (command, name)
        assert "website.po" not in said and "compendium" not in said and "archive" not in said  # not catalogs


def test_out_of_sync_says_to_extract_first_while_the_template_is_stale(french):
    # The English changed and nothing was run since: `letter update` alone would change nothing.
    french.edit("source/letter.md", "The time to act is now.", "The time to act is today.")
    found = json.loads(french.run("check", "--format", "json").stdout)["findings"]
    assert {f["check"] for f in found} >= {"stale-template", "out-of-sync"}
    assert all(f["message"].endswith("; run `letter extract`, then `letter update`")
               for f in found if f["check"] == "out-of-sync" and f["locale"] == "fr")
    french.ok("extract")
    found = json.loads(french.run("check", "--format", "json").stdout)["findings"]
    assert all(f["message"].endswith("; run `letter update`") for f in found if f["check"] == "out-of-sync")


def test_status_of_an_unreadable_catalog_says_only_what_is_wrong(french):
    french.catalog("fr").write_bytes(french.catalog("fr").read_bytes() + b'\nmsgid "unterminated\n')
    result = french.run("status", "fr")
    assert result.exit_code == 2 and result.stdout == ""  # not "no catalogs yet; run `letter init LOCALE`"
    assert "locales/fr/LC_MESSAGES/letter.po:" in result.stderr and "unterminated string" in result.stderr


def test_status_names_a_published_locale_without_a_catalog(french):
    french.edit("pyproject.toml", 'published = ["fr"', 'published = ["it", "fr"')
    result = french.run("status")
    assert result.exit_code == 1 and "fr " in result.stdout
    # Online, then gone (deleted, moved away): `letter init` would start it anew, empty.
    assert result.stderr == ("it: error: listed as published in pyproject.toml, but locales/ has no catalog for it; "
                             "restore locales/it/LC_MESSAGES/letter.po from git (git checkout HEAD -- "
                             "locales/it/LC_MESSAGES/letter.po), or, if it was never committed, create it with "
                             "`letter init it`, or take it off the list\n")
    french.edit("pyproject.toml", 'published = ["it", "fr"', 'published = ["fr-CA", "fr"')
    assert french.run("status").stderr == (
        "fr-CA: error: listed as published in pyproject.toml, but locales/ has a catalog for fr, not for it: list fr "
        "instead, or run `letter init fr-CA` for an edition of its own\n")  # the catalog likely meant
    french.edit("pyproject.toml", 'published = ["fr-CA", "fr"', 'published = ["fr-FR"')
    assert french.run("status").stderr == (  # fr is fr-FR, as CLDR's likely subtags have it
        "fr-FR: error: listed as published in pyproject.toml, but locales/ has a catalog of the same locale as fr: "
        "list fr instead\n")
    french.edit("pyproject.toml", 'published = ["fr-FR"', 'published = ["fr-CA", "fr"')
    french.edit("pyproject.toml", 'published = ["fr-CA", "fr"', 'published = ["zh-Hant", "fr"')
    french.ok("init", "zh-Hans")
    assert "list zh-Hans" not in french.run("status").stderr  # another script: not what was meant


def test_a_locale_named_without_a_catalog_is_told_the_one_likely_meant(french):
    """`letter init` is the advice only where no catalog is near: an old address, the same locale under another
    tag, or a published locale's catalog gone (which `letter init` would start anew, empty) are told so."""
    french.ok("init", "zh-Hans", "pt-PT")
    french.edit("pyproject.toml", 'published = ["fr"]', 'published = ["fr", "ru"]\nmoved = { pt = "pt-PT" }')
    said = {code: french.run("check", code) for code in ("pt", "pt-BR", "zh", "fr_FR", "fr-CA", "it", "ru")}
    assert all(result.exit_code == 2 for result in said.values())
    assert {code: result.stderr.partition("; ")[2].rstrip("\n") for code, result in said.items()} == {
        "pt": "did you mean pt-PT? (pt moved to pt-PT)",
        "pt-BR": "did you mean pt-PT? If not, create it with `letter init pt-BR`",
        "zh": "did you mean zh-Hans?",
        "fr_FR": "did you mean fr?",
        "fr-CA": "did you mean fr? If not, create it with `letter init fr-CA`",
        "it": "create it with `letter init it`",
        "ru": "it is listed as published: restore locales/ru/LC_MESSAGES/letter.po from git (git checkout HEAD -- "
              "locales/ru/LC_MESSAGES/letter.po), or, if it was never committed, create it with `letter init ru`"}
    assert french.run("status", "zh").stderr == said["zh"].stderr


def test_norwegian_named_without_a_catalog_is_told_of_the_bokmal_one(french):
    """no (Norwegian) and nb (Bokmål), which CLDR's likely subtags keep apart, are one language by Babel's locale
    aliases: a catalog of either is named for the other, as one of its language elsewhere; nn is another."""
    french.ok("init", "nb")
    said = {code: french.run("status", code).stderr.partition("; ")[2].rstrip("\n") for code in ("no", "nn")}
    assert said == {"no": "did you mean nb? If not, create it with `letter init no`",
                    "nn": "create it with `letter init nn`"}
    french.edit("pyproject.toml", 'published = ["fr"]', 'published = ["fr", "no"]')
    assert french.run("status").stderr == (
        "no: error: listed as published in pyproject.toml, but locales/ has a catalog for nb, not for it: list nb "
        "instead, or run `letter init no` for an edition of its own\n")
    french.edit("pyproject.toml", 'published = ["fr", "no"]', 'published = ["fr"]')
    french.catalog("nb").parents[1].rename(french.path("locales/no"))
    assert "there is no catalog for nb; did you mean no? If not" in french.run("status", "nb").stderr


def test_a_word_the_same_in_one_language_is_told_the_comment_that_says_so():
    """Spanish writes "Director" as English does, French does not: the finding names the opt-out of this message
    (a translator comment), which silences it, before the setting for every language."""
    [finding] = run("Director", "Director", [], "es")
    assert "say so with a translator comment '# letter: no-check-identical'" in finding.message
    target = catalog_with("Director", "Director", [], "es")
    target.catalog[0].tcomment = "letter: no-check-identical"
    assert check_catalog(target, (Message("Director"),), SETTINGS, frozenset()) == []


def test_a_country_named_as_in_cldr_is_not_reported_identical():
    assert run("Liberia", "Liberia", [], "fr") == []          # CLDR's French name is the same
    assert [f.check for f in run("Brazil", "Brazil", [], "fr")] == ["identical"]  # French says Brésil


def test_a_locale_glossary_file_is_used(french):
    glossary = french.path("locales/fr/glossary.toml")
    glossary.write_text('"International Committee of the Red Cross" = "Comité international de la Croix-Rouge"\n',
                        encoding="utf-8")
    result = french.run("check", "fr")
    assert result.exit_code == 1
    assert "error: [glossary] the glossary translates 'International Committee of the Red Cross'" in result.stdout
    glossary.write_text('"International Committee of the Red Cross" = 3\n', encoding="utf-8")
    broken = french.run("check", "fr")
    assert broken.exit_code == 2 and "locales/fr/glossary.toml" in broken.stdout


@pytest.mark.parametrize(("code", "folder"), [("fr", "FR"), ("pt-PT", "pt-PT"), ("zh-Hans", "zh_hans")])
def test_a_glossary_is_read_from_the_folder_its_catalog_is_in(extracted, code, folder):
    """A locale's folder spelt otherwise than as gettext spells its locale (FR, pt-PT, zh_hans) is read as
    its folder: its glossary is the one beside its catalog, where `letter check` says it is missing."""
    extracted.ok("init", code)
    extracted.edit("pyproject.toml", "published = []", f'published = ["{code}"]')
    extracted.translate(code)  # in English: without the glossary's form
    extracted.catalog(code).parents[1].rename(extracted.path(f"locales/{folder}"))
    glossary = extracted.path(f"locales/{folder}/glossary.toml")
    glossary.write_text('"International Committee of the Red Cross" = "Comité international de la Croix-Rouge"\n',
                        encoding="utf-8")
    held = extracted.run("check", code).stdout
    assert "[glossary] the glossary translates 'International Committee of the Red Cross'" in held
    assert "has no glossary" not in held
    glossary.unlink()
    assert (f"locales/{folder}/glossary.toml: warning: [glossary] {code} is published but has no glossary"
            in extracted.run("check", code).stdout)


@pytest.mark.parametrize(("content", "said"), [
    (b'"Red Cross" = "Croix-Rouge"\ny = 3\n', "locales/fr/glossary.toml:2: error: [syntax] 'y' must map to its "
                                              'approved translation as a string ("y" = "…")'),
    (b'"Red Cross" = "Croix-Rouge"\n"Comit\xe9" = "x"\n', "locales/fr/glossary.toml:2: error: [syntax] the file is "
                                                         "not valid UTF-8; save it as UTF-8"),
    (b'"Red Cross" = "Croix-Rouge"\nx = = 1\n', "locales/fr/glossary.toml:2: error: [syntax] not a valid glossary"),
    (None, "locales/fr/glossary.toml: error: [syntax] cannot read the glossary: it is a folder, not a file; move "
             "the folder elsewhere and put the file in its place"),
    ('"Red Cross" = "Croix-Rouge"\n"WHO" = "OMS\u200b"\n'.encode(), "locales/fr/glossary.toml:2: error: [syntax] its "
     "translation holds the invisible character ZERO WIDTH SPACE (U+200B) at position 4; remove it"),
    (b'"Red Cross" = "Croix-Rouge"\n"W\\u001bHO" = "OMS"\n', "locales/fr/glossary.toml:2: error: [syntax] the term "
                                                            "holds the control character U+001B at position 2"),
], ids=["not a string", "not UTF-8", "not TOML", "a folder", "an invisible character", "a control character"])
def test_a_glossary_that_cannot_be_used_says_where_and_why(french, content, said):
    glossary = french.path("locales/fr/glossary.toml")
    if content is None:
        glossary.unlink()  # the one `letter init` wrote
        glossary.mkdir()
    else:
        glossary.write_bytes(content)
    result = french.run("check", "fr")
    assert result.exit_code == 2 and said in result.stdout, result.stdout


def test_a_published_locale_without_a_glossary_is_told_what_to_do(french):
    """A glossary deleted turns the glossary check off without a word: a published locale without one is
    warned (an error with --strict), where the file goes and what it holds; a locale in progress is not."""
    french.path("locales/fr/glossary.toml").unlink()
    result = french.run("check")
    assert result.exit_code == 0, result.stdout
    assert ("locales/fr/glossary.toml: warning: [glossary] fr is published but has no glossary, so no translation "
            "is held to the established forms of the letter's organisations and names in French; restore "
            "locales/fr/glossary.toml from git if it was deleted, else create it: a line for each organisation and "
            'name your language writes its own way, "English term" = "approved form"') in result.stdout
    assert french.run("check", "--strict", "fr").exit_code == 1
    settings = french.path("pyproject.toml").read_text(encoding="utf-8")
    french.path("pyproject.toml").write_text(settings + '\n[tool.letter.checks]\nglossary = "off"\n', encoding="utf-8")
    assert "glossary" not in french.run("check").stdout
    french.path("pyproject.toml").write_text(settings, encoding="utf-8")
    french.ok("init", "de")
    french.path("locales/de/glossary.toml").unlink()
    assert [line for line in french.run("check").stdout.splitlines() if "[glossary]" in line] == [
        line for line in result.stdout.splitlines() if "[glossary]" in line]


def test_init_starts_a_glossary_with_no_term_saying_what_goes_in(extracted):
    kept = extracted.path("locales/nl/glossary.toml")
    kept.parent.mkdir(parents=True)
    kept.write_text('"United Nations" = "Verenigde Naties"\n', encoding="utf-8")
    said = extracted.ok("init", "it", "nl").stdout
    assert "created locales/it/glossary.toml, for the approved forms of names and organisations" in said
    assert "locales/nl/glossary.toml" not in said
    assert kept.read_text(encoding="utf-8") == '"United Nations" = "Verenigde Naties"\n'
    started = extracted.path("locales/it/glossary.toml").read_text(encoding="utf-8")
    assert started == glossary.STARTER and '"English' not in started.replace("# ", "")
    assert glossary.read(load_config(extracted.root), parse_locale("it")) == {}
    extracted.edit("pyproject.toml", "published = []", 'published = ["it"]')
    assert "[glossary]" not in extracted.run("check", "it").stdout


def test_a_glossary_saved_with_a_byte_order_mark_is_read(french):
    french.path("locales/fr/glossary.toml").write_bytes(
        '\ufeff"International Committee of the Red Cross" = "Comité international de la Croix-Rouge"\n'.encode())
    result = french.run("check", "fr")
    assert "[glossary] the glossary translates 'International Committee of the Red Cross'" in result.stdout


def test_a_name_the_letter_writes_otherwise_than_the_signatory_list_is_a_warning(french):
    loaded = po.load(french.catalog("fr"))
    entry = next(e for e in loaded if "We stand with the International Committee" in e.msgid)
    entry.msgstr = entry.msgstr.replace("Fr International Committee of the Red Cross", "Fr la Croix-Rouge")
    po.save(loaded, french.catalog("fr"))
    result = french.run("check", "--format", "json")
    assert result.exit_code == 0, result.stdout
    consistency = [f for f in json.loads(result.stdout)["findings"] if f["check"] == "consistency"]
    assert len(consistency) == 1 and consistency[0]["severity"] == "warning"
    assert "'International Committee of the Red Cross'" in consistency[0]["message"]
    # At the paragraph's msgstr, which it judges: the line the translator mends, lines below its msgid.
    assert consistency[0]["line"] == po.msgstr_line(entry) > entry.linenum
    assert french.catalog("fr").read_text(encoding="utf-8").splitlines()[consistency[0]["line"] - 1].startswith(
        "msgstr ")


def test_namesakes_written_their_own_ways_are_each_consistent():
    """Two people named Wei Zhang, 张伟 and 张炜: a paragraph may name either."""
    def consistency(paragraph: str) -> list[str]:
        target = catalog_with("We thank Wei Zhang.", paragraph, [], "zh-Hans")
        for context, form in (("name", "张伟"), ("name (the physician)", "张炜")):
            target.catalog.append(polib.POEntry(msgctxt=context, msgid="Wei Zhang", msgstr=form))
        units = (Message("We thank Wei Zhang."), Message("Wei Zhang", context="name"),
                 Message("Wei Zhang", context="name (the physician)"))
        return [f.message for f in check_catalog(target, units, Settings(), frozenset({(None, "We thank Wei Zhang.")}))
                if f.check == "consistency"]

    assert consistency("我们感谢张炜。") == consistency("我们感谢张伟。") == []
    assert consistency("我们感谢张先生。") == [
        "the signatory list writes 'Wei Zhang' as '张伟' or '张炜', which this text does not use; write it one way, "
        "or give the locale's glossary.toml the form every case shares"]


def test_a_name_tied_by_a_no_break_space_in_the_letter_is_consistent():
    """The Russian catalog ties и to the next word (Красного Креста и⍽Красного Полумесяца) in a paragraph
    and in the signatory list alike, or in one of them only: the same form either way."""
    english, organisation = "We stand with the Red Cross and Red Crescent.", "Red Cross and Red Crescent"
    target = catalog_with(english, "Мы с Красным Крестом и\u00a0Красным Полумесяцем.", [], "ru")
    target.catalog.append(polib.POEntry(msgctxt="affiliation", msgid=organisation,
                                        msgstr="Красным Крестом и Красным Полумесяцем"))
    units = (Message(english), Message(organisation, context="affiliation"))
    assert [f for f in check_catalog(target, units, Settings(), frozenset({(None, english)}))
            if f.check == "consistency"] == []


def test_a_name_with_a_typed_apostrophe_in_the_letter_is_consistent():
    """The signatory list types O'Brien and a paragraph O\u2019Brien: every edition shows O\u2019Brien."""
    english = "We thank Mary O'Brien."
    target = catalog_with(english, "Nous remercions Mary O\u2019Brien.", [], "fr")
    target.catalog.append(polib.POEntry(msgctxt="name", msgid="Mary O'Brien", msgstr="Mary O'Brien"))
    units = (Message(english), Message("Mary O'Brien", context="name"))
    assert [f for f in check_catalog(target, units, Settings(), frozenset({(None, english)}))
            if f.check == "consistency"] == []


_TERMS = ("International Committee of the Red Cross", "Desmond Tutu", "Ban Ki-moon", "Tutu", "Mc", "Red Cross",
          "(CICR)", "istanbul")


@pytest.mark.parametrize("text, found", [
    ("with the INTERNATIONAL committee of the red cross.", ["International Committee of the Red Cross", "Red Cross"]),
    ("Ban Ki-moon and Desmond Tutu", ["Desmond Tutu", "Ban Ki-moon", "Tutu"]),  # in the order they were given
    ("Tutu's words", ["Tutu"]),
    ("McDonald", []),                   # whole words only
    ("the Red Crosses", []),
    ("un (CICR) et", ["(CICR)"]),        # a term that starts with no letter is found too
    ("İSTANBUL", ["istanbul"]),           # as the regex engine compares cases, not as casefold does
])
def test_terms_are_found_as_whole_words_in_any_case(text, found):
    assert terms.Terms.of(_TERMS).found_in(text) == found


#: Letters whose cases Python's casefold and the regex engine compare differently, and others.
_TERM_TEXT = st.text(st.sampled_from("aAbBßẞSsſσςΣİiIıKkKµμΜ -'(."), max_size=12)


@given(st.lists(_TERM_TEXT.filter(str.strip), max_size=8), _TERM_TEXT)
def test_terms_find_what_the_term_pattern_finds(words, text):
    assert terms.Terms.of(words).found_in(text) == [term for term in dict.fromkeys(words)
                                                    if terms.term_pattern(term).search(text)]


def test_what_every_catalog_is_checked_with_checks_the_same_once_pickled(extracted):
    """`letter check`'s workers inherit ``Checking`` by fork; where a pool spawns its workers instead, it
    crosses to them as a pickle, and a copy so made must check a catalog as the original does."""
    from pipeline import catalogs, project_checks
    from pipeline.config import load_config
    from pipeline.source import read_configured
    from pipeline.units import messages

    extracted.ok("init", "de")
    config = load_config(extracted.root)
    letter = read_configured(config)
    common = project_checks.Checking(config, messages(letter), letter.text_keys, True, "2026-12-04", "2020-05-26")
    (item,), _ = catalogs.select(config, ("de",))
    copy = pickle.loads(pickle.dumps(common))
    assert copy == common
    findings, readable = project_checks._check_one(common, item)
    assert readable and {finding.check for finding in findings} == {"untranslated"}
    assert project_checks._check_one(copy, item) == (findings, readable)


# --- what a finding quotes of the translation ------------------------------------------------------

def quoted(finding) -> list[str]:
    """What ``finding`` quotes in the catalog's language, as a page marks it; its message unchanged."""
    assert "".join(text for text, _ in finding.parts) == finding.message
    return [text for text, quote in finding.parts if quote]


def test_a_finding_marks_the_words_it_quotes_of_the_translation():
    """Between the quotation marks of the English sentence, which stay outside, as every report prints them."""
    [doubled] = [f for f in run("The end.", "النهاية النهاية.", [], "ar") if f.check == "double-word"]
    assert doubled.parts == (("doubled word '", False), ("النهاية النهاية", True), ("'", False))
    [glossary] = [f for f in run("the International Committee of the Red Cross", "le CICR", [], "fr")
                  if f.check == "glossary"]
    assert quoted(glossary) == ["Comité international de la Croix-Rouge"]
    target = catalog_with("Jacinda Ardern", "", [], "zh-Hans")
    target.catalog[0].msgctxt = "name"
    settings = Settings(glossaries={"zh-Hans": {"Jacinda Ardern": "杰辛达·阿德恩"}})
    [names] = check_catalog(target, (Message("Jacinda Ardern", context="name"),), settings, frozenset())
    assert quoted(names) == ["杰辛达·阿德恩"]  # the name as the English writes it is not the catalog's language
    target = catalog_with("Ban Ki-moon", "潘基文", ["fuzzy"], "zh-Hans")
    target.catalog[0].msgctxt = "name"
    [pending] = check_catalog(target, (Message("Ban Ki-moon", context="name"),), Settings(), frozenset())
    assert (pending.check, quoted(pending)) == ("pending", ["潘基文"])


def test_a_quote_is_marked_where_it_is_though_the_english_holds_the_same_words():
    """A glossary may keep a term as it is: the second 'INTERPOL' is the translation's, the first the English."""
    settings = Settings(glossaries={"fr": {"INTERPOL": "INTERPOL"}})
    target = catalog_with("Secretary General, INTERPOL", "Secrétaire général, OIPC", [], "fr")
    [finding] = check_catalog(target, (Message("Secretary General, INTERPOL"),), settings, frozenset())
    assert finding.parts == (("the glossary translates 'INTERPOL' as '", False), ("INTERPOL", True),
                             ("', which the translation does not use", False))


def test_a_name_the_edition_shows_as_the_english_writes_it_is_no_quote_of_the_translation():
    """One Wei Zhang left as written, the other 张炜: the finding names 'Wei Zhang' twice, in English both times."""
    english = "We thank Wei Zhang."
    target = catalog_with(english, "我们感谢张先生。", [], "zh-Hans")
    for context, form in (("name", ""), ("name (the physician)", "张炜")):
        target.catalog.append(polib.POEntry(msgctxt=context, msgid="Wei Zhang", msgstr=form))
    units = (Message(english), Message("Wei Zhang", context="name"),
             Message("Wei Zhang", context="name (the physician)"))
    [finding] = [f for f in check_catalog(target, units, Settings(), frozenset({(None, english)}))
                 if f.check == "consistency"]
    assert finding.message.startswith("the signatory list writes 'Wei Zhang' as 'Wei Zhang' or '张炜', which")
    assert quoted(finding) == ["张炜"]


def test_quotes_keep_their_places_in_a_message_made_of_messages():
    """A quote said twice is marked twice; a message another one quotes whole (as the record's checks are)
    keeps its quotes where they land."""
    twice = Said.of("between ", Quote("de"), " and ", Quote("de"))
    assert twice == Said("between 'de' and 'de'", ((9, 11), (18, 20)))
    assert Said.of("a ", Quote("l'an"), ": ", twice, ", ", Quote("")) == Said(
        "a \"l'an\": between 'de' and 'de', ''", ((3, 7), (19, 21), (28, 30)))
