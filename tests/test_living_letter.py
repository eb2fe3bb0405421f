"""A letter that lives after publication: signatories join, the English is corrected, no edition goes dark.

Each story starts from a fresh copy of the shipped project and goes through the real
``letter`` command, as an editor and the translators would.
"""
from __future__ import annotations

import json
import re

import pytest

from pipeline import po

NEW_SIGNATORY = """
- name: Ada Lovelace
  gender: feminine
  role: Honorary Fellow
  affiliation: Royal Society of Computing
"""
OLD = "This will not be the last health crisis."
NEW = "This will certainly not be the last health crisis."
PUBLISHED = ("ar", "de", "es", "fr", "pt-PT", "ru", "zh-Hans")


def _add_signatory(project, after: str = "- name: Danilo Türk") -> None:
    """A new signatory in the middle of the list, as an editor inserts one in the letter's order."""
    text = project.path("source/signatories.yaml").read_text(encoding="utf-8")
    start = text.index(after)
    end = text.index("\n- name:", start)
    project.path("source/signatories.yaml").write_text(text[:end] + "\n" + NEW_SIGNATORY.rstrip("\n") + text[end:],
                                                       encoding="utf-8")


def _refresh(project) -> None:
    project.ok("extract")
    project.ok("update")


def _page(project, tag: str) -> str:
    """An edition's page, without the marks of a description's parts (Chinese keeps each whole on a line) and of
    compounds ("Ki-Moon", kept whole on a line)."""
    page = project.path(f"output/{tag}/index.html").read_text(encoding="utf-8")
    return re.sub(r'<span class="(?:part|compound)">(.*?)</span>', r"\1", page)


def _text(project, tag: str) -> str:
    return project.path(f"output/{tag}/letter.txt").read_text(encoding="utf-8")


def _set(project, code: str, needle: str, msgstr: str, *, fuzzy: bool) -> None:
    """A translator edits one message in their editor."""
    catalog = po.load(project.catalog(code))
    entry = next(e for e in catalog if needle in e.msgid and not e.obsolete)
    entry.msgstr = msgstr
    if fuzzy and "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    if not fuzzy:
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        entry.previous_msgid = entry.previous_msgctxt = None
    po.save(catalog, project.catalog(code))


def test_a_new_signatory_keeps_every_edition_online_in_english_marked(shipped):
    shipped.ok("build")
    _add_signatory(shipped)
    _refresh(shipped)
    result = shipped.ok("build")
    assert "removed" not in result.stdout and "not published" not in result.stdout
    for tag in PUBLISHED:
        page = _page(shipped, tag)
        english = re.findall(r'<span lang="en" dir="ltr">([^<]*)</span>', page)
        assert any("Honorary Fellow" in run for run in english) and any("Royal Society of Computing" in run
                                                                         for run in english)
        assert "ComputingHonorary" not in page
        assert "Honorary Fellow" in _text(shipped, tag)
    # In the source's order: after Danilo Türk, before the next signatory.
    order = re.findall(r"^- name: (.+)$", shipped.path("source/signatories.yaml").read_text(encoding="utf-8"), re.M)
    text = _text(shipped, "fr")
    assert text.index("Danilo Türk") < text.index("Ada Lovelace") < text.index(order[order.index("Ada Lovelace") + 1])


def test_check_warns_of_pending_lines_and_strict_fails(shipped):
    _add_signatory(shipped)
    _refresh(shipped)
    result = shipped.run("check", "--format", "github")
    assert result.exit_code == 0, result.stdout
    warnings = [line for line in result.stdout.splitlines() if line.startswith("::warning")]
    pending = [line for line in warnings if "[pending]" in line]
    assert len(pending) == 2 * len(PUBLISHED)  # the role (feminine) and the organisation, in every locale
    assert all(re.search(r"file=locales/\w+/LC_MESSAGES/letter.po,line=\d+", line) for line in warnings)
    # The new name is in Latin letters in the Arabic, Russian and Chinese editions until given their form.
    assert sorted(re.search(r"\[names\] \(([\w-]+)\)", line).group(1) for line in warnings if "[names]" in line
                  ) == ["ar", "ru", "zh-Hans"]
    assert "::error" not in result.stdout
    strict = shipped.run("check", "--strict")
    assert strict.exit_code == 1
    assert "error: [pending]" in strict.stdout


def test_check_of_many_new_signatures_shows_a_few_lines_of_each_and_all_with_all(shipped):
    """Six signatures are 12 lines pending in every catalog: the text report shows each catalog's first 3 and
    counts the rest, `--all` lists them all, and neither the exit code nor the JSON changes."""
    signatories = shipped.path("source/signatories.yaml")
    signatories.write_text(signatories.read_text(encoding="utf-8") + "".join(
        f"\n- name: Ada Lovelace {n}\n  role: Honorary Fellow {n}\n  affiliation: Royal Society {n}\n"
        for n in range(6)), encoding="utf-8")
    _refresh(shipped)
    folded, every = shipped.run("check", "fr"), shipped.run("check", "fr", "--all")
    assert folded.exit_code == every.exit_code == 0
    assert folded.stdout.count("warning: [pending]") == 3 and every.stdout.count("warning: [pending]") == 12
    assert ("  … and 9 more [pending] warnings in locales/fr/LC_MESSAGES/letter.po; `letter check fr --all` lists "
            "every one\n") in folded.stdout
    assert folded.stdout.splitlines()[-1] == every.stdout.splitlines()[-1] == "12 warnings in 1 of 1 locale"
    findings = json.loads(shipped.run("check", "fr", "--format", "json", "--all").stdout)["findings"]
    assert [finding["check"] for finding in findings] == ["pending"] * 12
    strict = shipped.run("check", "fr", "--strict")
    assert strict.exit_code == 1 and strict.stdout.count("error: [pending]") == 12 and "more [" not in strict.stdout


def test_status_says_what_each_published_locale_waits_for(shipped):
    _add_signatory(shipped)
    shipped.edit("source/letter.md", OLD, NEW)
    _refresh(shipped)
    table = shipped.ok("status").stdout
    fr = next(line for line in table.splitlines() if line.startswith("fr "))
    assert "published, 2 signatory parts and 1 paragraph pending" in fr
    record = next(item for item in json.loads(shipped.ok("status", "--format", "json").stdout)
                  if item["locale"] == "fr")
    assert record["published"] and record["pending"] == {"signatory_parts": 2, "interface_lines": 0, "paragraphs": 1}
    shipped.ok("build")
    assert "published, 2 signatory parts and 1 paragraph pending" in shipped.path("output/status.html").read_text(
        encoding="utf-8")


def test_machine_drafts_of_new_lines_never_appear(shipped):
    _add_signatory(shipped)
    _refresh(shipped)
    shipped.ok("draft", "fr", "--provider", "pseudo")
    drafted = [e for e in po.load(shipped.catalog("fr")) if e.msgid == "Honorary Fellow"]
    assert drafted and drafted[0].fuzzy and drafted[0].msgstr.startswith("[")
    shipped.ok("build")
    page = _page(shipped, "fr")
    assert drafted[0].msgstr not in page
    # Every part awaits translation: the line is English, joined as English joins it, in every edition,
    # Chinese included (whose own order would give "Royal Society of Computing Honorary Fellow").
    for tag in ("fr", "zh-Hans"):
        assert '<span lang="en" dir="ltr">Honorary Fellow, Royal Society of Computing</span>' in _page(shipped, tag)


def test_a_revised_paragraph_shows_its_last_reviewed_translation_under_a_notice(shipped):
    before = next(e for e in po.load(shipped.catalog("fr")) if OLD in e.msgid)
    reviewed_text = before.msgstr
    shipped.edit("source/letter.md", OLD, NEW)
    _refresh(shipped)
    _set(shipped, "fr", NEW, "BROUILLON non relu", fuzzy=True)  # an unreviewed edit, saved in Poedit
    shipped.ok("build")
    page = _page(shipped, "fr")
    assert reviewed_text.split(".")[0] in page and "BROUILLON" not in page
    notice = re.search(r'<p class="notice"[^>]*>(.*?)</p>', page, re.S).group(1)
    assert "Le texte anglais a été révisé le" in notice and 'href="../en/"' in notice
    assert "BROUILLON" not in _text(shipped, "fr")
    lead = " ".join(_text(shipped, "fr").split("\n\n")[0].split())
    assert "révisé" in lead  # the notice leads the text edition too, with the English edition's address
    assert lead.endswith("Lire le texte anglais <https://letter.example.org/en/>"), lead
    shipped.ok("build", "--site-url", "https://example.net/letter/")  # nothing else changed: the text follows
    assert " ".join(_text(shipped, "fr").split()).count("anglais <https://example.net/letter/en/>") == 1
    check = shipped.run("check", "fr")
    assert check.exit_code == 0 and "warning: [revised]" in check.stdout
    # The translator reviews the new translation: the notice goes, the new text shows.
    _set(shipped, "fr", NEW, "Ce ne sera certainement pas la dernière crise sanitaire.", fuzzy=False)
    shipped.ok("update")
    shipped.ok("build")
    page = _page(shipped, "fr")
    assert "certainement pas la dernière crise sanitaire" in page and 'class="notice"' not in page
    assert not shipped.path("locales/fr/LC_MESSAGES/letter.reviewed.json").exists()


def test_a_build_before_update_fails_but_takes_no_edition_down(shipped):
    # The editor corrects the English and builds, forgetting `letter extract` and `letter update`.
    shipped.ok("build")
    edition = {name: shipped.path(f"output/fr/{name}").read_bytes() for name in ("index.html", "letter.txt")}
    shipped.edit("source/letter.md", OLD, NEW)
    result = shipped.run("build")
    assert result.exit_code == 1
    assert "fr: error: listed as published in pyproject.toml, but a paragraph or the title has no reviewed" \
           in result.stderr
    assert "run `letter extract` and `letter update` first); meanwhile its edition stays as the last build made it" \
           in result.stderr
    assert "fr: not published" not in result.stdout and "removed" not in result.stdout
    assert {name: shipped.path(f"output/fr/{name}").read_bytes() for name in edition} == edition
    assert 'href="fr/"' in shipped.path("output/index.html").read_text(encoding="utf-8")
    row = re.search(r'<tr>\s*<th scope="row">[^\n]*<code>fr</code>.*?</tr>',
                    shipped.path("output/status.html").read_text(encoding="utf-8"), re.S).group(0)
    assert ('<a href="fr/">listed as published, but cannot be: no reviewed translation to show for 1 paragraph</a>; '
            'the edition last published stays online') in row  # as the index says: it links the edition kept
    assert NEW in _page(shipped, "en")
    assert shipped.run("build").exit_code == 1  # and again, from the build's own record
    status = shipped.run("status")
    assert status.exit_code == 1  # as the build: a locale listed as published cannot be
    assert "listed as published, but cannot be: no reviewed translation to show for 1 paragraph" in status.stdout
    # Done as the README says, the edition shows the revision under its notice.
    _refresh(shipped)
    shipped.ok("build")
    assert "Le texte anglais a été révisé le" in _page(shipped, "fr")


def test_status_before_update_names_what_blocks_and_what_to_run(shipped):
    """The English corrected and a signatory added, nothing run since: the catalogs lack both. `letter status`
    counts what keeps an edition offline (the paragraph, not the parts an edition shows in English) and says
    what to run: `letter extract` first while the template lacks them too, then `letter update` alone."""
    shipped.edit("source/letter.md", OLD, NEW)
    _add_signatory(shipped)
    _set(shipped, "fr", "Former Taoiseach", "", fuzzy=False)  # a part pending besides
    status = shipped.run("status")
    assert status.exit_code == 1
    blocked = "listed as published, but cannot be: no reviewed translation to show for 1 paragraph"
    assert re.search(rf"(?m)^fr .* {blocked}$", status.stdout), status.stdout
    assert "untranslated" not in status.stdout.split("\n", 1)[1]
    assert (f"{', '.join(PUBLISHED)}: their catalogs lack what source/ added or changed since the template was made: "
            "run `letter extract`, then `letter update`, to bring it to the translators") in status.stdout
    assert [item["missing"] for item in json.loads(shipped.run("status", "--format", "json").stdout)] == [4] * 7
    shipped.ok("extract")
    shipped.ok("update", "fr")
    status = shipped.run("status")
    assert re.search(r"(?m)^fr .* published, 3 signatory parts and 1 paragraph pending$", status.stdout)
    assert f"{', '.join(PUBLISHED[:3] + PUBLISHED[4:])}: their catalogs lack messages of the template: run " \
           "`letter update`" in status.stdout
    shipped.ok("update")
    assert "letter update" not in shipped.ok("status").stdout


def test_a_build_before_extract_says_to_bring_new_signatures_to_the_translators(shipped):
    """A signatory added and built at once: the editions show the new parts in English, and the build
    succeeds, but says the catalogs lack them and what to run so that translators see them."""
    _add_signatory(shipped)
    hint = (f"{', '.join(PUBLISHED)}: their catalogs lack what source/ added or changed since the template was "
            "made: run `letter extract`, then `letter update`, to bring it to the translators")
    built = shipped.ok("build", "--no-pdf").stdout
    assert "fr: published, 2 signatory parts pending" in built and hint in built
    assert hint in shipped.ok("build", "--no-pdf").stdout  # from the build's record too
    shipped.ok("extract")
    assert hint.replace("what source/ added or changed since the template was made: run `letter extract`, then "
                        "`letter update`, to bring it to the translators",
                        "messages of the template: run `letter update`") in shipped.ok("build", "--no-pdf").stdout
    shipped.ok("update")
    assert "letter update" not in shipped.ok("build", "--no-pdf").stdout


def test_a_blank_translation_is_no_translation(shipped):
    """A space typed into a translation in Poedit, not marked fuzzy: GNU counts it as translated, but an
    edition that showed it would have a blank where the English has words."""
    shipped.ok("build")
    _set(shipped, "fr", "Former Taoiseach", " ", fuzzy=False)
    status = shipped.ok("status", "fr").stdout
    assert re.search(r"fr +Français +85 +0 +1 +98% +published, 1 signatory part pending", status), status
    said = shipped.run("check", "fr").stdout
    assert "[pending] 'Former Taoiseach' is not translated; until then the edition shows it in English" in said
    assert "[whitespace] the translation is blank (white space alone), which no edition shows" in said
    shipped.ok("build")
    assert '<span lang="en" dir="ltr">Former Taoiseach</span>' in _page(shipped, "fr")
    # A paragraph left blank: the edition has nothing to show for it, so it stays as last published.
    _set(shipped, "fr", "The time to act is now", "\u00a0", fuzzy=False)
    result = shipped.run("build")
    assert result.exit_code == 1 and "fr: error: listed as published in pyproject.toml, but a paragraph" \
        in result.stderr
    # Nor is a blank the translation last reviewed of a paragraph whose English is then revised.
    _set(shipped, "fr", OLD, " ", fuzzy=False)
    shipped.edit("source/letter.md", OLD, NEW)
    _refresh(shipped)
    record = shipped.path("locales/fr/LC_MESSAGES/letter.reviewed.json")
    assert not record.exists() or '"translation": " "' not in record.read_text(encoding="utf-8")
    assert shipped.run("build").exit_code == 1


def test_a_catalog_gone_or_misnamed_takes_no_edition_down(shipped):
    shipped.ok("build")
    page = shipped.path("output/fr/index.html").read_bytes()
    shipped.catalog("fr").rename(shipped.path("fr.po.bak"))  # moved away by mistake
    result = shipped.run("build")
    assert result.exit_code == 1
    assert ("fr: error: listed as published in pyproject.toml, but locales/ has no catalog for it; restore "
            "locales/fr/LC_MESSAGES/letter.po from git (git checkout HEAD -- locales/fr/LC_MESSAGES/letter.po), or, "
            "if it was never committed, create it with `letter init fr`, or take it off the list; meanwhile its "
            "edition stays as the last build made it") in result.stderr
    assert shipped.path("output/fr/index.html").read_bytes() == page
    # Kept whole, as a catalog that cannot be read: its badge and its row of the progress page with it.
    assert shipped.path("output/badges/fr.svg").is_file() and "removed" not in result.stdout
    row = re.search(r'<tr>\s*<th scope="row">[^\n]*<code>fr</code>.*?</tr>',
                    shipped.path("output/status.html").read_text(encoding="utf-8"), re.S)
    assert row is not None and '<a href="fr/">published</a>' in row.group(0)
    assert shipped.run("build").exit_code == 1 and shipped.path("output/badges/fr.svg").is_file()  # from its record
    shipped.path("fr.po.bak").rename(shipped.catalog("fr"))
    assert shipped.ok("build").stdout.startswith("built 8 editions")
    shipped.edit("pyproject.toml", 'domain = "letter"', 'domain = "messages"')
    result = shipped.run("build")
    assert result.exit_code == 2 and "no catalog is named messages.po" in result.stderr
    assert all(shipped.path(f"output/{tag}/{name}").is_file() for tag in PUBLISHED for name in ("index.html",
                                                                                                 "letter.txt"))


def test_a_build_with_drafts_renders_no_draft_over_a_published_edition(shipped):
    """`build --drafts` between the English edit and the build made each published edition a draft,
    which the next build, publishing no draft, then took down: seven editions went offline."""
    shipped.ok("build")
    page = shipped.path("output/fr/index.html").read_bytes()
    shipped.edit("source/letter.md", OLD, NEW)
    result = shipped.run("build", "--drafts")
    assert result.exit_code == 1 and "fr: error: listed as published" in result.stderr
    assert "meanwhile its edition stays as the last build made it" in result.stderr
    assert shipped.path("output/fr/index.html").read_bytes() == page
    result = shipped.run("build")
    assert result.exit_code == 1 and "meanwhile its edition stays" in result.stderr
    assert shipped.path("output/fr/index.html").read_bytes() == page


def test_a_draft_made_where_none_was_published_is_not_kept_as_published(shipped):
    shipped.edit("source/letter.md", OLD, NEW)
    shipped.run("build", "--drafts")
    assert 'class="draft"' in _page(shipped, "fr")
    result = shipped.run("build")
    assert result.exit_code == 1
    assert not shipped.path("output/fr/index.html").exists()
    assert "meanwhile its edition stays" not in result.stderr


def test_withdraw_takes_a_revised_edition_offline_until_review(shipped):
    shipped.edit("pyproject.toml", "[tool.letter]\n", '[tool.letter]\nrevised = "withdraw"\n')
    shipped.ok("build")
    shipped.edit("source/letter.md", OLD, NEW)
    _refresh(shipped)
    said = shipped.ok("check", "fr").stdout
    assert 'until this translation is reviewed the edition is withdrawn (`revised = "withdraw"`' in said, said
    result = shipped.ok("build")
    assert not shipped.path("output/fr/index.html").exists()
    assert "fr: withdrawn" in result.stdout
    _set(shipped, "fr", NEW, "Ce ne sera certainement pas la dernière crise sanitaire.", fuzzy=False)
    shipped.ok("build")
    assert shipped.path("output/fr/index.html").exists()


def test_a_removed_and_a_renamed_signatory(shipped):
    signatories = shipped.path("source/signatories.yaml")
    text = signatories.read_text(encoding="utf-8")
    start = text.index("- name: Dapo Akande")
    signatories.write_text(text[:start] + text[text.index("\n- name:", start) + 1:], encoding="utf-8")
    shipped.edit("source/signatories.yaml", "- name: Ban Ki-moon", "- name: Ban Ki-Moon")
    _refresh(shipped)
    result = shipped.ok("build")
    assert "not published" not in result.stdout
    for tag in PUBLISHED:
        assert "Dapo Akande" not in _page(shipped, tag)
    # Until the Chinese form is confirmed, the name is shown as the English writes it, marked as such.
    assert "潘基文" not in _page(shipped, "zh-Hans") and "Ban Ki-Moon" in _page(shipped, "zh-Hans")
    check = shipped.run("check", "zh-Hans")
    assert check.exit_code == 0 and "warning: [pending] the translation of the name 'Ban Ki-Moon'" in check.stdout


def test_a_corrected_name_keeps_its_old_form_as_a_draft_that_check_names(shipped):
    """In a Latin-script edition too: the French form of a name the English corrects is not dropped unsaid."""
    shipped.edit("source/signatories.yaml", "- name: Mikhail Gorbachev", "- name: Mikhail S. Gorbachev")
    _refresh(shipped)
    french = next(e for e in po.load(shipped.catalog("fr")) if e.msgid == "Mikhail S. Gorbachev")
    assert french.fuzzy and french.msgstr == "Mikhaïl Gorbatchev"
    check = shipped.run("check", "fr")
    assert check.exit_code == 0 and ("warning: [pending] the translation of the name 'Mikhail S. Gorbachev' is a "
                                     "draft ('Mikhaïl Gorbatchev'): review it") in check.stdout
    assert shipped.run("check", "--strict", "fr").exit_code == 1
    # In an edition in another script too, under --strict as for any draft.
    strict = shipped.run("check", "--strict", "ru")
    assert strict.exit_code == 1
    assert "error: [pending] the translation of the name 'Mikhail S. Gorbachev'" in strict.stdout
    # `letter status` and the build count it as check does: the edition waits for it.
    assert re.search(r"(?m)^fr .* 0 +0 +100% +published, 1 signatory part pending$", shipped.ok("status", "fr").stdout)
    assert "fr: published, 1 signatory part pending" in shipped.ok("build", "--no-pdf").stdout


@pytest.mark.parametrize(("english", "broken", "unseen"), [
    ("University of Oxford", "[Université d’Oxford](https://evil.example/)", "evil.example"),
    ("Signatories", "*Signataires", "*Signataires"),                      # a mark no emphasis took
    ("Former Secretary of State", "Ancienne <b>secrétaire</b> d’État", "&lt;b&gt;"),  # a tag, shown as text
    ("Professor of Public International Law", "Professeur*e de droit international public*e", "<em>"),  # stars taken
    ("Published by {publisher} on {date}", "Publié par le {publisher} le {dat}", "Publié par"),  # a placeholder
])
def test_status_says_a_reviewed_translation_the_edition_cannot_show_is_shown_in_english(shipped, english, broken,
                                                                                          unseen):
    """`letter check` fails a translation that links elsewhere than its English, shows markup as text or loses
    a placeholder of its pattern, and the edition shows the English: `letter status` and the build say so,
    where they counted the locale as if its edition showed the translation."""
    catalog = po.load(shipped.catalog("fr"))
    next(e for e in catalog if e.msgid == english).msgstr = broken
    po.save(catalog, shipped.catalog("fr"))
    said = ("fr: published; 1 reviewed translation shown in English, as its links, markup or placeholders differ "
            "from the English's (see letter check)")
    table = shipped.ok("status", "fr").stdout
    assert re.search(r"(?m)^fr .* 100% +" + re.escape(said.removeprefix("fr: ")) + "$", table)
    assert json.loads(shipped.ok("status", "fr", "--format", "json").stdout)[0]["shown_in_english"] == 1
    assert said in shipped.ok("build", "--no-pdf").stdout
    assert unseen not in _page(shipped, "fr")
    assert unseen.replace("&lt;", "<").replace("&gt;", ">") not in shipped.path("output/fr/letter.txt").read_text()
    assert shipped.run("check", "fr").exit_code == 1


def test_namesakes_each_get_their_own_form(shipped):
    """Two new signatories named Wei Zhang: refused as a duplicate until one is given a sense, then
    each name is a message of its own, which the Chinese edition writes its own way."""
    text = shipped.path("source/signatories.yaml").read_text(encoding="utf-8")
    namesakes = "\n- name: Wei Zhang\n  role: Economist\n\n- name: Wei Zhang\n  role: Physician\n"
    shipped.path("source/signatories.yaml").write_text(text + namesakes, encoding="utf-8")
    refused = shipped.run("extract")
    assert refused.exit_code == 2 and "'Wei Zhang' is listed twice" in refused.stderr
    shipped.edit("source/signatories.yaml", "- name: Wei Zhang\n  role: Physician",
                 "- name:\n    text: Wei Zhang\n    sense: the physician\n  role: Physician")
    _refresh(shipped)
    catalog = po.load(shipped.catalog("zh-Hans"))
    for entry in catalog:
        if entry.msgid == "Wei Zhang":
            entry.msgstr = {"name": "张伟", "name (the physician)": "张炜"}[entry.msgctxt]
    po.save(catalog, shipped.catalog("zh-Hans"))
    shipped.run("build", "--no-pdf")
    page = _page(shipped, "zh-Hans")
    assert "张伟" in page and "张炜" in page and "Wei Zhang" not in page
    assert _page(shipped, "fr").count("Wei Zhang") == 2


def test_a_first_publication_waits_for_every_message(shipped):
    shipped.ok("init", "it")
    shipped.translate("it", lambda e: "" if e.msgctxt == "name" else "IT " + e.msgid if "{" not in e.msgid
                      else e.msgid.replace("Published by", "Pubblicato da"))
    shipped.ok("build")
    assert shipped.path("output/it/index.html").exists()  # complete: online
    shipped.edit("pyproject.toml", '"zh-Hans"]', '"zh-Hans", "it"]')
    _add_signatory(shipped)
    _refresh(shipped)
    shipped.ok("build")
    assert shipped.path("output/it/index.html").exists()  # published: stays online
    shipped.ok("init", "nl")
    _set(shipped, "nl", "Signatories", "Ondertekenaars", fuzzy=False)
    result = shipped.ok("build")
    assert not shipped.path("output/nl/index.html").exists()
    assert "nl:" in result.stdout and "not published" in result.stdout


@pytest.mark.parametrize("code", PUBLISHED)
def test_the_shipped_catalogs_need_no_record(code, shipped):
    """Every shipped translation is reviewed: no edition shows a last reviewed text."""
    assert not shipped.path(f"locales/{code.replace('-', '_')}/LC_MESSAGES/letter.reviewed.json").exists()


def test_a_correction_of_the_english_is_dated_in_every_edition(shipped):
    """The editor sets `revised` when correcting the English after publication: every edition says so
    under its byline, in its own language, and the page's metadata carries the day."""
    shipped.edit("source/letter.md", "date: 2020-05-26", "date: 2020-05-26\nrevised: 2026-11-05")
    shipped.ok("build", "--no-pdf")
    english = _page(shipped, "en")
    assert '<p class="corrected">Revised on November 5, 2026</p>' in english
    assert '<meta property="article:modified_time" content="2026-11-05">' in english
    assert "Published by CyberPeace Institute on May 26, 2020\nRevised on November 5, 2026\n" in shipped.path(
        "output/en/letter.txt").read_text(encoding="utf-8")
    assert "Révisé le 5 novembre 2026" in _page(shipped, "fr")
    # A translation still waiting for the correction's review says that instead, in its notice.
    shipped.edit("source/letter.md", OLD, NEW)
    _refresh(shipped)
    shipped.ok("build", "--no-pdf")
    assert 'class="notice"' in _page(shipped, "fr") and 'class="corrected"' not in _page(shipped, "fr")
    assert 'class="corrected"' in _page(shipped, "en")
    # The notice dates the correction as the English does, not by the day `letter extract` ran; so
    # does the check that warns of it.
    assert "Le texte anglais a été révisé le 5 novembre 2026" in _page(shipped, "fr")
    assert "[revised] the English was revised on 2026-11-05;" in shipped.ok("check", "fr").stdout
    shipped.edit("source/letter.md", NEW, OLD)
    _refresh(shipped)
    shipped.edit("source/letter.md", "\nrevised: 2026-11-05", "")
    shipped.ok("build", "--no-pdf")
    assert 'class="corrected"' not in _page(shipped, "en") and "modified_time" not in _page(shipped, "en")


JOINED_AT = ("prohibit such actions.\n\nOver the past weeks", "prohibit such actions. Over the past weeks")
SPLIT_AT = (" of any kind. We call on governments", " of any kind.\n\nWe call on governments")


def _reviewed(project, code: str, *heads: str) -> list[tuple[str, str]]:
    """The English and the reviewed translation of the paragraphs that start so, in order."""
    entries = [next(e for e in po.load(project.catalog(code)) if e.msgid.startswith(head) and not e.obsolete)
               for head in heads]
    assert not any(entry.fuzzy for entry in entries)
    return [(entry.msgid, entry.msgstr) for entry in entries]


def _read(project, tag: str) -> str:
    """The text edition's words, its lines unwrapped (and so without spaces, a line may break after a hyphen)."""
    return "".join(_text(project, tag).split())


def _once(text: str, read: str) -> bool:
    return read.count("".join(text.split())) == 1


def _record(project, code: str) -> list[dict]:
    path = project.path(f"locales/{code.replace('-', '_')}/LC_MESSAGES/letter.reviewed.json")
    return json.loads(path.read_text(encoding="utf-8"))["messages"] if path.exists() else []


def test_paragraphs_joined_show_both_translations_until_review_and_the_join_undone_reviews_them(shipped):
    """Two reviewed paragraphs joined into one: every edition shows both last reviewed translations, once,
    in order; the translator gets them joined as the draft, its #| their English joined (no word changed,
    so no word marked); undone, both are reviewed again."""
    (first, first_fr), (second, second_fr) = _reviewed(shipped, "fr", "We call on the world", "Over the past")
    (_, first_zh), (_, second_zh) = _reviewed(shipped, "zh-Hans", "We call on the world", "Over the past")
    shipped.edit("source/letter.md", *JOINED_AT)
    _refresh(shipped)
    assert "fr: published, 1 paragraph pending" in shipped.ok("build", "--no-pdf").stdout
    read = _read(shipped, "fr")
    for sentence in (*first_fr.split(". "), *second_fr.split(". ")):
        assert _once(sentence, read), sentence
    assert _once(f"{first_fr} {second_fr}", read) and "Wecall" not in read and "Overthepast" not in read
    joined = f"{first} {second}"
    draft = next(e for e in po.load(shipped.catalog("fr")) if e.msgid == joined)
    assert (draft.fuzzy, draft.msgstr, draft.previous_msgid) == (True, f"{first_fr} {second_fr}", joined)
    assert {(e.msgid, e.msgstr) for e in po.load(shipped.catalog("fr")) if e.obsolete} == {
        (first, first_fr), (second, second_fr)}  # a translation is never lost
    [entry] = _record(shipped, "fr")
    assert (entry["english"], entry["previous"], entry["translation"]) == (joined, joined, f"{first_fr} {second_fr}")
    # Chinese writes no space between two sentences.
    assert _record(shipped, "zh-Hans")[0]["translation"] == first_zh + second_zh
    assert _once(first_zh + second_zh, _read(shipped, "zh-Hans"))
    # A second update leaves the draft a draft: no edit of the English was undone.
    shipped.ok("update")
    assert next(e for e in po.load(shipped.catalog("fr")) if e.msgid == joined).fuzzy
    shipped.edit("source/letter.md", *reversed(JOINED_AT))
    _refresh(shipped)
    assert _reviewed(shipped, "fr", "We call on the world", "Over the past") == [(first, first_fr), (second, second_fr)]
    assert _record(shipped, "fr") == []


def test_paragraphs_joined_again_after_the_join_was_undone_show_their_translations(shipped):
    """A join undone leaves its draft obsolete; the same join made again brings that draft back as it was,
    and the edition still shows both last reviewed translations, rather than nothing to show for the
    paragraph, which would take every published edition offline."""
    (_, first_fr), (_, second_fr) = _reviewed(shipped, "fr", "We call on the world", "Over the past")
    shipped.edit("source/letter.md", *JOINED_AT)
    _refresh(shipped)
    shipped.edit("source/letter.md", *reversed(JOINED_AT))
    _refresh(shipped)
    shipped.edit("source/letter.md", *JOINED_AT)
    _refresh(shipped)
    assert "fr: published, 1 paragraph pending" in shipped.ok("build", "--no-pdf").stdout
    assert _once(f"{first_fr} {second_fr}", _read(shipped, "fr"))
    [entry] = _record(shipped, "fr")
    assert entry["translation"] == f"{first_fr} {second_fr}"


def test_a_paragraph_added_since_joined_to_a_reviewed_one_is_shown_whole_in_english(shipped):
    """A paragraph added since publication, never translated, joined to a reviewed one: the edition shows the
    joined paragraph in English, whole, under the notice; the reviewed one's translation alone, which the draft
    is made of, would drop the added words from every edition."""
    added = "Hospitals must never be a target, in war or in peace."
    [(_, second_fr)] = _reviewed(shipped, "fr", "Over the past")
    shipped.edit("source/letter.md", "actions.\n\nOver the past weeks", f"actions.\n\n{added}\n\nOver the past weeks")
    _refresh(shipped)
    shipped.edit("source/letter.md", f"{added}\n\nOver the past weeks", f"{added} Over the past weeks")
    _refresh(shipped)
    assert "fr: published, 1 paragraph pending" in shipped.ok("build", "--no-pdf").stdout
    read = _read(shipped, "fr")
    assert _once(added, read) and _once("Over the past weeks", read) and not _once(second_fr, read)
    [entry] = _record(shipped, "fr")
    assert (entry["english"][:len(added)], entry["previous"], entry["translation"]) == (added, "", "")


def test_a_paragraph_added_since_and_reviewed_then_joined_shows_both_translations(shipped):
    """A paragraph added since publication is translated and reviewed, then joined to the next before any
    update dropped its record's entry ("added since"): the edition shows both reviewed translations, as for
    any two paragraphs joined, not the joined paragraph in English."""
    added = "Hospitals must never be a target, in war or in peace."
    added_fr = "Les hôpitaux ne doivent jamais être une cible, en guerre comme en paix."
    [(second, second_fr)] = _reviewed(shipped, "fr", "Over the past")
    shipped.edit("source/letter.md", "actions.\n\nOver the past weeks", f"actions.\n\n{added}\n\nOver the past weeks")
    _refresh(shipped)
    _set(shipped, "fr", added, added_fr, fuzzy=False)
    shipped.edit("source/letter.md", f"{added}\n\nOver the past weeks", f"{added} Over the past weeks")
    _refresh(shipped)
    assert "fr: published, 1 paragraph pending" in shipped.ok("build", "--no-pdf").stdout
    read = _read(shipped, "fr")
    assert _once(f"{added_fr} {second_fr}", read) and "Hospitalsmustnever" not in read
    [entry] = _record(shipped, "fr")
    assert (entry["previous"], entry["translation"]) == (f"{added} {second}", f"{added_fr} {second_fr}")


def test_a_paragraph_split_shows_its_last_reviewed_translation_once_until_review(shipped):
    """A reviewed paragraph split in two: the edition shows its last reviewed translation once, at the part
    that kept it, and nothing at the part split off, whatever of them is reviewed first, until both are."""
    [(whole, whole_fr)] = _reviewed(shipped, "fr", "We don't tolerate")
    shipped.edit("source/letter.md", *SPLIT_AT)
    _refresh(shipped)
    assert "fr: published, 2 paragraphs pending" in shipped.ok("build", "--no-pdf").stdout
    kept = next(e for e in po.load(shipped.catalog("fr")) if e.msgid.startswith("We don't tolerate"))
    split_off = next(e for e in po.load(shipped.catalog("fr")) if e.msgid.startswith("We call on governments"))
    assert (kept.fuzzy, kept.msgstr, kept.previous_msgid) == (True, whole_fr, whole)
    assert (split_off.msgstr, split_off.previous_msgid) == ("", None)
    assert [(e["english"], e["previous"], e["translation"]) for e in _record(shipped, "fr")] == [
        (kept.msgid, whole, whole_fr), (split_off.msgid, whole, "")]

    def shows_it_once() -> None:
        read = _read(shipped, "fr")
        assert _once(whole_fr, read) and "Wecallongovernments" not in read
        assert "<p></p>" not in _page(shipped, "fr").replace("\n", "")

    shows_it_once()
    check = shipped.ok("check", "fr").stdout
    assert "[revised] 'We call on governments to work together, and to join forces…' was split off" in check
    # The part split off is reviewed first: the translation that says it is still the one shown.
    _set(shipped, "fr", "We call on governments", "Nous appelons les gouvernements à agir ensemble.", fuzzy=False)
    shipped.ok("update")
    shipped.ok("build", "--no-pdf")
    shows_it_once()
    assert "agirensemble" not in _read(shipped, "fr")
    # Then the part that kept it: each shows its own.
    _set(shipped, "fr", "We don't tolerate", "Nous ne tolérons pas les attaques.", fuzzy=False)
    shipped.ok("update")
    shipped.ok("build", "--no-pdf")
    assert _once("Nous ne tolérons pas les attaques. Nous appelons les gouvernements à agir ensemble.",
                 _read(shipped, "fr"))
    assert _record(shipped, "fr") == []


def test_a_paragraph_split_in_three_at_changed_marks_shows_its_translation_once(shipped):
    """A paragraph split in three, the middle part keeping the translation, its first sentence ending in a
    full stop where the paragraph had a comma: both parts split off are shown through that translation,
    not the first again in English."""
    [(whole, whole_fr)] = _reviewed(shipped, "fr", "We don't tolerate")
    shipped.edit("source/letter.md", "in the physical world, and we must not",
                 "in the physical world.\n\nAnd we must not")
    shipped.edit("source/letter.md", "medical facilities. The time to act is now.",
                 "medical facilities.\n\nThe time to act is now.")
    _refresh(shipped)
    assert "fr: published, 3 paragraphs pending" in shipped.ok("build", "--no-pdf").stdout
    assert [(e["english"][:12], e["previous"], e["translation"]) for e in _record(shipped, "fr")] == [
        ("We don't tol", whole, ""), ("And we must ", whole, whole_fr), ("The time to ", whole, "")]
    read = _read(shipped, "fr")
    assert _once(whole_fr, read) and "physicalworld" not in read and "Thetimetoact" not in read


def test_a_paragraph_split_then_reviewed_shows_the_part_split_off_in_english(shipped):
    """Once the part that kept the translation is reviewed, its translation no longer says the part split
    off, which the edition then shows in English, as a paragraph added since."""
    shipped.edit("source/letter.md", *SPLIT_AT)
    _refresh(shipped)
    _set(shipped, "fr", "We don't tolerate", "Nous ne tolérons pas les attaques.", fuzzy=False)
    shipped.ok("build", "--no-pdf")
    assert _once("Nous ne tolérons pas les attaques. We call on governments to work together", _read(shipped, "fr"))
    assert "published, 1 paragraph pending" in next(line for line in shipped.ok("status").stdout.splitlines()
                                                    if line.startswith("fr "))
    shipped.ok("update")
    [entry] = _record(shipped, "fr")
    assert (entry["english"][:22], entry["previous"], entry["translation"]) == ("We call on governments", "", "")


def test_a_paragraph_split_and_put_back_is_reviewed_again(shipped):
    [(whole, whole_fr)] = _reviewed(shipped, "fr", "We don't tolerate")
    shipped.edit("source/letter.md", *SPLIT_AT)
    _refresh(shipped)
    shipped.edit("source/letter.md", *reversed(SPLIT_AT))
    _refresh(shipped)
    assert _reviewed(shipped, "fr", "We don't tolerate") == [(whole, whole_fr)]
    assert _record(shipped, "fr") == []
