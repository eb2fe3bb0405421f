"""Locale codes in, facts out: BCP 47 and POSIX spellings, gettext's plural forms."""
from __future__ import annotations

import re
import shutil
import subprocess
from gettext import c2py

import pytest

from pipeline import po
from pipeline.errors import InputError
from pipeline.locales import parse_locale

from conftest import msgfmt_check, needs_gettext


@pytest.mark.parametrize("code, tag, posix", [
    ("zh-Hans", "zh-Hans", "zh_Hans"),
    ("zh_Hans", "zh-Hans", "zh_Hans"),
    ("pt-BR", "pt-BR", "pt_BR"),
    ("pt_BR", "pt-BR", "pt_BR"),
    ("fr", "fr", "fr"),
    ("sr-Latn", "sr-Latn", "sr_Latn"),
])
def test_bcp47_and_posix_spellings(code, tag, posix):
    locale = parse_locale(code)
    assert (locale.tag, locale.posix) == (tag, posix)


@pytest.mark.parametrize("code", ["xx", "../x", "", "en_US.UTF-8", "fr@euro", "fr/../../etc", " fr", "zz-ZZ", "und",
                                  "und-FR", "UND_Latn"])
def test_unknown_or_malformed_codes_are_refused(code):
    with pytest.raises(InputError):
        parse_locale(code)


@pytest.mark.parametrize("code, nplurals", [("fr", 2), ("es", 2), ("de", 2), ("ru", 3), ("ar", 6),
                                            ("zh-Hans", 1), ("ja", 1), ("pt", 2)])
def test_plural_counts_follow_gettext_not_newer_cldr(code, nplurals):
    # Babel's CLDR rules give French and Spanish three forms; gettext tools expect two.
    assert parse_locale(code).nplurals == nplurals


def test_facts():
    arabic = parse_locale("ar")
    assert arabic.direction == "rtl"
    assert arabic.native_name == "العربية"
    assert parse_locale("fr").native_name == "Français"


@pytest.mark.parametrize(("code", "space"), [("fr", " "), ("th", " "), ("ko", " "), ("zh-Hans", ""), ("zh", ""),
                                             ("zh-Hant-TW", ""), ("ja", "")])
def test_what_a_language_writes_between_two_sentences(code, space):
    assert parse_locale(code).sentence_space == space


@pytest.mark.parametrize(("code", "name"), [("zh-Hans", "简体中文"), ("zh-Hant", "繁體中文"),
                                            ("pt-PT", "Português (Portugal)"), ("sr-Latn", "Srpski (latinica)")])
def test_a_language_and_its_script_take_the_name_cldr_gives_both(code, name):
    assert parse_locale(code).native_name == name  # not "中文 (简体)": no ASCII brackets in Chinese
    assert parse_locale("zh-Hans").plural_forms == "nplurals=1; plural=0;"
    assert parse_locale("fr").plural_forms == "nplurals=2; plural=(n > 1);"


def test_long_dates():
    import datetime
    day = datetime.date(2020, 5, 26)
    assert parse_locale("fr").format_date(day) == "26 mai 2020"
    assert parse_locale("zh-Hans").format_date(day) == "2020年5月26日"
    assert parse_locale("en").format_date(day) == "May 26, 2020"
    first = datetime.date(2026, 6, 1)  # the first of a month: an ordinal in French alone
    assert parse_locale("fr").format_date(first) == "1er juin 2026"
    assert parse_locale("fr-CA").format_date(first) == "1er juin 2026"
    assert parse_locale("fr").format_date(datetime.date(2026, 6, 11)) == "11 juin 2026"
    assert parse_locale("es").format_date(first) == "1 de junio de 2026"
    assert parse_locale("en").format_date(first) == "June 1, 2026"


@needs_gettext
@pytest.mark.parametrize("code", ["fr", "es", "ar", "zh-Hans", "ru", "de", "pt-BR", "he", "cy", "sr-Latn"])
def test_init_writes_headers_msgfmt_accepts(extracted, code):
    extracted.ok("init", code)
    locale = parse_locale(code)
    path = extracted.catalog(locale.posix)
    metadata = po.load(path).metadata
    assert metadata["Language"] == locale.posix
    assert metadata["Plural-Forms"] == locale.plural_forms
    checked = msgfmt_check(path)
    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize("code", ["xx", "../x", ""])
def test_init_refuses_bad_codes_with_exit_2(extracted, code):
    result = extracted.run("init", code)
    assert result.exit_code == 2
    assert "error:" in result.stderr and "Traceback" not in result.stderr
    assert not (extracted.root / "locales" / "x").exists()


def test_init_writes_nothing_when_one_code_is_bad(extracted):
    assert extracted.run("init", "fr", "xx").exit_code == 2
    assert not extracted.catalog("fr").exists()


def test_init_never_replaces_a_catalog(extracted):
    extracted.ok("init", "fr")
    extracted.translate("fr", lambda entry: "traduit")
    before = extracted.catalog("fr").read_bytes()
    result = extracted.run("init", "fr")
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert extracted.catalog("fr").read_bytes() == before


def test_init_makes_no_second_catalog_under_the_other_spelling_of_its_folder(extracted):
    """A catalog in locales/pt-PT is pt-PT's: `init pt-PT` does not make locales/pt_PT beside it, which
    would leave the locale with two catalogs, read as neither; with two there, it says so."""
    extracted.ok("init", "pt-PT")
    extracted.catalog("pt_PT").parent.parent.rename(extracted.path("locales/pt-PT"))
    result = extracted.run("init", "pt-PT")
    assert result.exit_code == 2 and result.stderr.startswith("locales/pt-PT/LC_MESSAGES/letter.po: error: this "
                                                              "catalog already exists")
    assert not extracted.path("locales/pt_PT").exists()
    shutil.copytree(extracted.path("locales/pt-PT"), extracted.path("locales/pt_PT"))
    result = extracted.run("init", "pt-PT")
    assert result.exit_code == 2 and "two catalogs for pt-PT" in result.stderr


@pytest.mark.parametrize(("code", "folder"), [("ita", "it"), ("iw", "he"), ("in", "id"), ("pt-BR", "pt_BR"),
                                            ("zh-CN", "zh_Hans_CN")])
def test_init_adds_no_territory_the_code_does_not_name(extracted, code, folder):
    """An old or three-letter code reaches CLDR by its likely subtags; the territory they add is not kept."""
    assert extracted.ok("init", code).stdout.splitlines()[0] == f"created locales/{folder}/LC_MESSAGES/letter.po"


def test_init_says_what_to_do_next_as_the_translators_workflow_does(extracted):
    assert extracted.ok("init", "pl").stdout == (
        "created locales/pl/LC_MESSAGES/letter.po\n"
        "created locales/pl/glossary.toml, for the approved forms of names and organisations\n"
        "next: translate it in Poedit or an editor, or fill it with machine drafts to review "
        "(`letter draft pl --provider …`); then `letter check pl`\n")
    assert extracted.ok("init", "uk", "pt-BR").stdout.splitlines()[-1] == (
        "next: translate them in Poedit or an editor, or fill them with machine drafts to review "
        "(`letter draft uk pt-BR --provider …`); then `letter check uk pt-BR`")


def test_init_notes_a_second_edition_of_a_language_already_here(extracted):
    extracted.ok("init", "fr", "zh-Hans")
    result = extracted.ok("init", "fr-CA", "zh_CN", "de-CH")
    assert result.stderr == (
        "  note: French is already here as fr (locales/fr); fr-CA is a second edition of it, for Canada; if you "
        "meant fr, delete locales/fr_CA\n"
        "  note: Chinese (Simplified) is already here as zh-Hans (locales/zh_Hans); zh-Hans-CN is a second edition "
        "of it, for China; if you meant zh-Hans, delete locales/zh_Hans_CN\n")


def test_init_notes_a_language_already_here_for_a_country_and_an_old_address(extracted):
    """fa after fa-IR was a second Persian catalog without a word; pt, whose address `moved` gives to
    pt-PT's page sending readers on, would take that page's place once published."""
    extracted.ok("init", "fa-IR")
    assert extracted.ok("init", "fa").stderr == (
        "  note: Persian (Iran) is already here as fa-IR (locales/fa_IR); fa is a second edition of it, for no "
        "country in particular; if you meant fa-IR, delete locales/fa\n")
    extracted.edit("pyproject.toml", "[tool.letter]\n", '[tool.letter]\nmoved = { pt = "pt-PT" }\n')
    assert extracted.ok("init", "pt").stderr == (
        "  note: pt/ is the old address of pt-PT ([tool.letter] moved): once published, the pt edition takes it over "
        "from the page that sends readers on to pt-PT\n")


def test_init_refuses_the_source_language(extracted):
    result = extracted.run("init", "en")
    assert result.exit_code == 2
    assert "en: the letter is written in this language, and its edition is made from source/" in result.stderr
    assert extracted.run("status", "en").exit_code == 2  # and does not tell to run `letter init en`


def test_a_catalog_for_the_source_language_is_refused_and_english_built_from_source(extracted):
    # A French catalog copied into locales/en by mistake must not become the English edition.
    extracted.ok("init", "fr")
    extracted.path("locales/en/LC_MESSAGES").mkdir(parents=True)
    extracted.catalog("en").write_bytes(extracted.catalog("fr").read_bytes().replace(b"Language: fr", b"Language: en"))
    result = extracted.run("build")
    assert result.exit_code == 2
    assert "locales/en: error: the letter is written in this language" in result.stderr
    assert result.stdout.count(" en") == 1
    checked = extracted.run("check")
    assert checked.exit_code == 2
    assert "locales/en: error: [syntax] the letter is written in this language" in checked.stdout
    extracted.catalog("fr").unlink()  # the only catalog named letter.po is the refused one: no talk of the domain
    assert "no catalog is named" not in extracted.run("status").stderr


def test_init_needs_the_template(project):
    result = project.run("init", "fr")
    assert result.exit_code == 2
    assert "run `letter extract` first" in result.stderr


@needs_gettext
@pytest.mark.parametrize("code", ["fr", "es", "de", "ru", "pt-PT", "pt-BR", "it", "pl", "uk", "cs"])
def test_plural_forms_are_the_ones_msginit_writes(code, tmp_path):
    """GNU gettext's own table, through msginit, is the judge of a catalog's Plural-Forms."""
    template = tmp_path / "t.pot"
    template.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n', encoding="utf-8")
    locale = parse_locale(code)
    made = subprocess.run(["msginit", "-l", locale.posix, "--no-translator", "-i", template, "-o", "-"],
                          capture_output=True, text=True, check=True).stdout
    gnu = re.fullmatch(r"nplurals=(\d+); plural=(.+);", po.parse(made.encode()).metadata["Plural-Forms"])
    ours, theirs = c2py(locale.plural), c2py(gnu.group(2))
    assert locale.nplurals == int(gnu.group(1))
    assert [ours(n) for n in range(1001)] == [theirs(n) for n in range(1001)]


def test_a_country_code_written_for_a_language_names_the_language():
    """`letter init jp`: JP is Japan; Japanese is ja."""
    with pytest.raises(InputError) as caught:
        parse_locale("jp")
    assert "'jp' is the code of a country (Japan), whose language is most likely 'ja'" in caught.value.message
    with pytest.raises(InputError) as caught:
        parse_locale("xx")
    assert "country" not in caught.value.message
