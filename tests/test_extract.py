"""`letter extract`: the template, its comments and references, and staleness."""
from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import subprocess

import polib
import pytest

from pipeline import po

from conftest import msgcat, needs_gettext


def entries(project) -> dict[tuple[str | None, str], polib.POEntry]:
    return {(e.msgctxt, e.msgid): e for e in po.load(project.path("locales/letter.pot"))}


def locations(project, value: str) -> None:
    """Set ``[tool.letter] locations``, whatever the project's own setting is."""
    settings = project.path("pyproject.toml")
    text = re.sub(r"(?m)^locations = .*\n", "", settings.read_text(encoding="utf-8"))
    settings.write_text(text.replace("[tool.letter]\n", f'[tool.letter]\nlocations = "{value}"\n', 1),
                        encoding="utf-8")


def test_one_message_per_unit_with_comment_and_reference(project):
    locations(project, "full")
    project.ok("extract")
    found = entries(project)
    title = next(e for (ctx, _), e in found.items() if e.comment == "title of the letter")
    assert title.occurrences == [("source/letter.md", "2")]
    paragraph = next(e for e in found.values() if e.comment == "paragraph 3")
    assert paragraph.msgid.startswith("We don't tolerate")
    assert paragraph.occurrences == [("source/letter.md", "11")]
    role = found[("role", "Professor of Public International Law")]
    assert role.comment == "role of Dapo Akande"
    assert role.occurrences == [("source/signatories.yaml", "19")]


def test_an_identical_part_is_one_message_listing_every_use(project):
    locations(project, "full")
    project.ok("extract")
    found = entries(project)
    president = found[("role", "Former President")]
    assert len(president.occurrences) == 7
    assert "role of Mikhail Gorbachev" in president.comment.split("\n")
    assert len([key for key in found if key == ("honour", "Nobel Peace Prize Laureate")]) == 1
    # "United Nations" as an organisation is one message for Ban Ki-moon and Zeid Ra'ad Al Hussein.
    assert len(found[("affiliation", "United Nations")].occurrences) == 2


NEWCOMER = "- name: Aaron Aardvark\n  role: Professor of Space Law\n  affiliation: University of Oxford\n\n"


@needs_gettext
def test_with_file_locations_a_signatory_added_changes_no_other_message(project):
    """``locations = "file"`` (xgettext's --add-location=file): a signature inserted at the top moves
    no other message's reference, so the catalogs' diff is the new messages alone."""
    locations(project, "file")
    project.ok("extract")
    before = entries(project)
    assert before[("role", "Former President")].occurrences == [("source/signatories.yaml", "")]
    title = next(entry for entry in before.values() if entry.comment == "title of the letter")
    assert title.occurrences == [("source/letter.md", "")]
    project.edit("source/signatories.yaml", "- name: Dapo Akande\n", NEWCOMER + "- name: Dapo Akande\n")
    project.ok("extract")
    after = entries(project)
    assert set(after) - set(before) == {("name", "Aaron Aardvark"), ("role", "Professor of Space Law")}
    assert all(after[key].occurrences == entry.occurrences for key, entry in before.items())
    template = project.path("locales/letter.pot")
    assert "\n#: source/letter.md source/signatories.yaml\n" in template.read_text(encoding="utf-8")
    assert msgcat(template) == template.read_bytes()


def test_with_locations_never_a_template_has_no_references(project):
    locations(project, "never")
    project.ok("extract")
    assert "\n#:" not in project.path("locales/letter.pot").read_text(encoding="utf-8")
    assert project.ok("extract", "--check").exit_code == 0


def test_names_and_interface_words_are_messages(extracted):
    found = entries(extracted)
    assert ("name", "Ban Ki-moon") in found
    assert (None, "Signatories") in found
    assert (None, "Draft, not reviewed") in found
    byline = found[(None, "Published by {publisher} on {date}")]
    assert "python-brace-format" in byline.flags


def test_rerun_without_change_is_byte_identical(extracted):
    path = extracted.path("locales/letter.pot")
    before = path.read_bytes()
    result = extracted.ok("extract")
    assert "up to date" in result.stdout
    assert path.read_bytes() == before


def test_check_passes_on_a_fresh_template(extracted):
    assert extracted.ok("extract", "--check").exit_code == 0


def test_check_exits_1_and_says_what_changed(extracted):
    path = extracted.path("locales/letter.pot")
    before = path.read_bytes()
    extracted.edit("source/letter.md", "The time to act is now.", "The time to act is today.")
    result = extracted.run("extract", "--check")
    assert result.exit_code == 1
    assert "stale" in result.stderr
    assert "  ~ …time to act is [-now-]{+today+}.\n" in result.stderr  # the edit, in place
    assert path.read_bytes() == before


def test_an_edit_is_shown_as_one_message_and_the_rest_as_added_or_removed(extracted):
    extracted.edit("source/letter.md", "The time to act is now.", "The time to act was yesterday.")
    extracted.edit("source/signatories.yaml", "- name: Ban Ki-moon", "- name: Ban Ki-Moon")
    listed = extracted.ok("extract").stdout.splitlines()[1:]
    assert "  ~ …The time to act [-is-]{+was+} [-now-]{+yesterday+}." in listed
    assert "  ~ [name] Ban Ki-[-moon-]{+Moon+}" in listed


def test_paragraphs_joined_or_split_are_one_line_that_says_so(extracted):
    """Joined, the new paragraph is most like the second: it was listed as that one edited, with the whole
    first paragraph added, and the first as removed, which read as a paragraph deleted. A split, likewise,
    as the second part added. Each is one line naming its paragraphs; nothing is added or removed."""
    extracted.edit("source/letter.md", "prohibit such actions.\n\nOver the past weeks",
                   "prohibit such actions. Over the past weeks")
    listed = extracted.ok("extract").stdout.splitlines()[1:]
    assert listed[0] == "  ~ joined: «We call on the world's governme…» + «Over the past weeks, we have wi…»"
    assert not any(line.startswith(("  + ", "  - ", "  ~ {+", "  ~ [-")) for line in listed), listed
    extracted.edit("source/letter.md", "prohibit such actions. Over the past weeks",
                   "prohibit such actions.\n\nOver the past weeks")
    assert extracted.ok("extract").stdout.splitlines()[1].startswith("  ~ split: «We call")  # the join undone
    extracted.edit("source/letter.md", "pandemic. These actions", "pandemic.\n\nThese actions")
    listed = extracted.ok("extract").stdout.splitlines()[1:]
    assert listed[0] == "  ~ split: «Over the past weeks, we have wi…» + «These actions have endangered h…»"
    assert not any(line.startswith(("  + ", "  - ", "  ~ {+", "  ~ [-")) for line in listed), listed
    extracted.edit("source/letter.md", "pandemic.\n\nThese actions", "pandemic. Such actions")  # joined again
    listed = extracted.ok("extract").stdout.splitlines()[1:]
    assert listed[0] == ("  ~ joined: «Over the past weeks, we have wi…» + «These actions have endangered h…», and "
                         "edited: … COVID-19 pandemic. [-These-]{+Such+} actions have endangered human…")


def test_extract_and_check_warn_of_a_signatory_likely_listed_twice(shipped):
    """Danilo Turk beside Danilo Türk: the template is written (two people may be so written) and the editor
    told, by `letter extract` each time it runs and by `letter check` as a warning of its own, which does
    not fail it and which the settings may turn off."""
    signatories = shipped.root / "source/signatories.yaml"
    listed = signatories.read_text(encoding="utf-8")
    signatories.write_text(listed + "\n- name: Danilo Turk\n  role: Former President\n", encoding="utf-8")
    line = listed.count("\n") + 2
    said = (f"source/signatories.yaml:{line}: warning: 'Danilo Turk' is 'Danilo Türk' (line "
            f"{listed[:listed.index('name: Danilo Türk')].count(chr(10)) + 1}) but for accents")
    for _ in range(2):  # the template written, then up to date: said both times
        extracted = shipped.ok("extract")
        assert said in extracted.stderr and "warning" not in extracted.stdout
    shipped.ok("update")
    checked = shipped.run("check", "--format", "json")
    assert checked.exit_code == 0, checked.stdout
    [finding] = [finding for finding in json.loads(checked.stdout)["findings"] if finding["check"] == "listed-twice"]
    assert (finding["severity"], finding["path"], finding["line"]) == ("warning", "source/signatories.yaml", line)
    settings = shipped.root / "pyproject.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + '\n[tool.letter.checks]\nlisted-twice = "off"\n',
                        encoding="utf-8")
    assert "warning" not in shipped.ok("extract").stderr
    assert "listed-twice" not in shipped.run("check").stdout


def test_a_template_written_names_the_next_step_init_for_a_new_letter_then_update(project):
    assert project.ok("extract").stdout.splitlines()[-1] == (
        "next: `letter init LOCALE`, a catalog for each language the letter is to be read in")
    project.ok("init", "fr")
    project.edit("source/letter.md", "The time to act is now.", "The time to act is today.")
    assert project.ok("extract").stdout.splitlines()[-1] == (
        "next: `letter update`, which brings the change to every catalog")
    assert "next:" not in project.ok("extract").stdout  # up to date: nothing to do


def test_check_without_a_template_exits_1(project):
    result = project.run("extract", "--check")
    assert result.exit_code == 1
    assert not project.path("locales/letter.pot").exists()


def test_a_changed_source_gets_a_new_template(extracted):
    extracted.edit("source/signatories.yaml", "  role: Former Taoiseach\n",
                   "  role: Former Taoiseach\n  honour: Patron\n")
    result = extracted.ok("extract")
    assert "+ [honour] Patron" in result.stdout
    assert ("honour", "Patron") in entries(extracted)


def test_feminine_roles_and_honours_are_messages_of_their_own(extracted):
    found = entries(extracted)
    feminine = found[("role (feminine)", "Former President")]
    assert feminine.comment.split("\n") == ["role of Ellen Johnson Sirleaf"]
    # A sense sets one use apart: Doris Leuthard presided over the Swiss Confederation.
    assert found[("role (feminine, of the Swiss Confederation)", "Former President")]
    assert found[("role (of an international organisation)", "Former President")].comment == "role of Khoo Boon Hui"
    assert ("honour (feminine)", "Nobel Peace Prize Laureate") in found
    assert ("honour", "Nobel Peace Prize Laureate") in found
    # Organisations and countries do not inflect: one message whoever holds them.
    assert ("country (feminine)", "Liberia") not in found and ("country", "Liberia") in found


def test_a_changed_template_is_dated_after_the_last_within_a_minute_too(extracted, monkeypatch):
    """gettext's dates have minute resolution: a template changed within the minute of the last one, or
    with SOURCE_DATE_EPOCH fixed, is dated a minute after it, so that a catalog bearing the template's
    date was updated since it changed (dates going back, to 14:13 again, made a catalog of 14:13 look
    as if it had lost what came at 14:14). A date far in the future goes: it is now's (the epoch's)."""
    template = extracted.path("locales/letter.pot")
    template.write_text(template.read_text(encoding="utf-8").replace(
        po.load(template).metadata["POT-Creation-Date"], "2099-01-01 10:00+0200"), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")  # 2026-09-21 14:13 UTC, for every command
    dates = []
    for old, new in (("act is now.", "act is today."), ("act is today.", "act is at hand."),
                     ("act is at hand.", "act is now.")):
        extracted.edit("source/letter.md", old, new)
        extracted.ok("extract")
        dates.append(po.load(template).metadata["POT-Creation-Date"])
    assert dates == ["2026-09-21 14:13+0000", "2026-09-21 14:14+0000", "2026-09-21 14:15+0000"]
    extracted.ok("extract")  # nothing changed: the date stays
    assert po.load(template).metadata["POT-Creation-Date"] == dates[-1]
    # SOURCE_DATE_EPOCH unset in one shell (the clock's date, later) and set again in the next (1980, as
    # Nix sets it): the date goes on from the later one, never back to one a catalog may bear.
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    extracted.edit("source/letter.md", "act is now.", "act is here.")
    extracted.ok("extract")
    clock = po.load(template).metadata["POT-Creation-Date"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "315532800")
    extracted.edit("source/letter.md", "act is here.", "act is now.")
    extracted.ok("extract")
    later = po.load(template).metadata["POT-Creation-Date"]
    assert clock > dates[-1] and later > clock, (clock, later)


def test_a_template_not_as_extract_writes_it_is_stale_and_rewritten(extracted):
    """Up to date means byte for byte what extract writes: a template re-saved by another
    tool (its long lines not wrapped here) is stale for --check, and extract writes it back."""
    path = extracted.path("locales/letter.pot")
    before = path.read_bytes()
    wrapped = b'msgid ""\n"A Call to All Governments: Work Together Now to Stop Cyberattacks on the "\n"Healthcare'
    assert wrapped in before
    path.write_bytes(before.replace(wrapped, wrapped.replace(b'"\n"', b"")))  # msgid "A Call … Healthcare Sector"
    result = extracted.run("extract", "--check")
    assert result.exit_code == 1
    assert "the same messages" in result.stderr
    extracted.ok("extract")
    assert wrapped in path.read_bytes()
    assert extracted.ok("extract").stdout.endswith("up to date\n")


def test_a_template_checked_out_with_crlf_line_ends_is_up_to_date_and_keeps_them(extracted):
    """Git for Windows checks text out with CRLF line ends by default: the template is up to date for
    --check (the pre-commit hook) all the same, and written again with them when the letter changes."""
    path = extracted.path("locales/letter.pot")
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert extracted.ok("extract", "--check").stdout.endswith("up to date\n")
    extracted.edit("source/letter.md", "act is now.", "act is here.")
    extracted.ok("extract")
    after = path.read_bytes()
    assert b"act is here." in after and after.count(b"\n") == after.count(b"\r\n")


@needs_gettext
def test_a_template_laid_out_unwrapped_is_up_to_date_and_stays_unwrapped(extracted):
    """A template someone ran msgcat --no-wrap over (or a Weblate set not to wrap wrote) was stale for
    --check and wrapped again whole by extract; it is up to date, and written unwrapped when the
    letter changes, as msgcat --no-wrap writes it."""
    path = extracted.path("locales/letter.pot")
    path.write_bytes(msgcat(path, "--no-wrap"))
    assert extracted.ok("extract", "--check").stdout.endswith("up to date\n")
    extracted.edit("source/letter.md", "act is now.", "act is here.")
    extracted.ok("extract")
    after = path.read_bytes()
    assert b"act is here." in after
    assert after == msgcat(path, "--no-wrap")


@pytest.mark.parametrize("broken", [
    (b'msgstr ""\n', b'msgstr "\n'),  # the header's string left open
    (b'msgid "Signatories"', b'<<<<<<< HEAD\nmsgid "A"\nmsgstr ""\n=======\nmsgid "B"\nmsgstr ""\n>>>>>>> theirs\n\n'
                             b'msgid "Signatories"'),  # two branches each added a message
], ids=["header", "merge conflict"])
def test_a_template_that_cannot_be_read_is_made_again_whole(extracted, broken):
    """The template is extract's own: nobody mends it by hand. --check says it is stale, with the line
    it could not read, ``update`` says to run extract, and extract writes it again."""
    path = extracted.path("locales/letter.pot")
    good = path.read_bytes()
    path.write_bytes(good.replace(*broken, 1))
    result = extracted.run("extract", "--check")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert re.search(r"made again whole from the source: the template on disk could not be read \(line \d+\)",
                     result.stderr)
    update = extracted.run("update")
    assert update.exit_code == 2
    assert re.match(r"locales/letter.pot:\d+: error: the template cannot be read \(.*\); `letter extract` makes it "
                    r"again from the source\n", update.stderr)
    extracted.ok("extract")
    assert re.sub(rb'"POT-Creation-Date: [^"]*"', b"", path.read_bytes()) == re.sub(rb'"POT-Creation-Date: [^"]*"',
                                                                                  b"", good)


@pytest.mark.parametrize("target", ["gone.pot", "../shared/letter.pot"], ids=["beside it", "in a folder gone"])
def test_a_template_that_is_a_link_to_nowhere_is_said_to_be_one_and_not_made_again(extracted, target):
    """A template that git checks out as a link to a file since removed cannot be read, as a catalog cannot:
    made again, it would be written where the link leads, a file git does not know, or fail in words that
    say nothing of the link. Extract, its --check, check and update each say what it is, and write nothing."""
    link = extracted.path("locales/letter.pot")
    link.unlink()
    link.symlink_to(target)
    before = sorted(path.relative_to(extracted.root) for path in extracted.root.rglob("*"))
    said = (f"locales/letter.pot: error: cannot read the template: it is a symbolic link to {target}, which does "
            "not exist; replace the link with the file, or point it at one that exists\n")
    # status, with no catalog yet, says it too rather than "no catalogs yet; run `letter extract`".
    for command in (["extract"], ["extract", "--check"], ["check"], ["update"], ["status"]):
        result = extracted.run(*command)
        assert (result.exit_code, result.stderr) == (2, said), (command, result.stdout)
        assert "letter extract" not in result.stdout, command
    assert sorted(path.relative_to(extracted.root) for path in extracted.root.rglob("*")) == before
    assert link.is_symlink() and not os.path.lexists(link.parent / target)


def test_a_template_that_is_a_folder_is_said_to_be_one_once(extracted):
    """A folder where the template goes cannot be made again in its place: each command says what it is, once."""
    path = extracted.path("locales/letter.pot")
    path.unlink()
    path.mkdir()
    said = ("locales/letter.pot: error: cannot read the template: it is a folder, not a file; move the folder "
            "elsewhere and put the file in its place\n")
    for command in ("extract", "check", "update"):
        result = extracted.run(command)
        assert (result.exit_code, result.stderr) == (2, said), command


def test_a_file_where_the_locales_folder_goes_is_named_with_its_setting(extracted):
    """Said by the settings, at their line, the same for every command: not as a catalog or template missing."""
    locales = extracted.path("locales")
    shutil.rmtree(locales)
    locales.write_text("catalogs\n", encoding="utf-8")
    line = extracted.path("pyproject.toml").read_text(encoding="utf-8").splitlines().index('locales = "locales"') + 1
    said = (f"pyproject.toml:{line}: error: [tool.letter] locales = 'locales' names a file, where a folder of the "
            "catalogs' own is expected; name one, such as 'locales'\n")
    for command in ("extract", "update", "status"):
        result = extracted.run(command)
        assert (result.exit_code, result.stderr) == (2, said), command


def test_status_of_catalogs_behind_a_template_that_is_a_link_to_nowhere_says_it_once(extracted):
    """Catalogs that lack a message the source added are each measured against the template's date: a link
    that leads nowhere fails every one of them alike, said once, as `letter extract` says it."""
    extracted.ok("init", "fr", "de")
    extracted.edit("source/letter.md", "The time to act is now.", "The time to act is now. Today.")
    link = extracted.path("locales/letter.pot")
    link.unlink()
    link.symlink_to("gone.pot")
    result = extracted.run("status")
    assert (result.exit_code, result.stderr) == (2, "locales/letter.pot: error: cannot read the template: it is a "
                                                    "symbolic link to gone.pot, which does not exist; replace the "
                                                    "link with the file, or point it at one that exists\n")


def test_a_build_that_keeps_its_progress_says_the_template_is_a_link_to_nowhere(extracted):
    """A build whose catalogs did not change keeps their progress from the last build, without measuring them
    against the template: those that lack a message the source added are not told to run `letter extract`
    while it refuses the template, but told what it says, as a build that reads them is."""
    extracted.ok("init", "fr", "de")
    extracted.edit("source/letter.md", "The time to act is now.", "The time to act is now. Today.")
    assert "run `letter extract`, then `letter update`" in extracted.ok("build").stdout
    link = extracted.path("locales/letter.pot")
    link.unlink()
    link.symlink_to("gone.pot")
    result = extracted.run("build")
    assert "letter extract" not in result.stdout
    assert (result.exit_code, result.stderr) == (2, "locales/letter.pot: error: cannot read the template: it is a "
                                                    "symbolic link to gone.pot, which does not exist; replace the "
                                                    "link with the file, or point it at one that exists\n")


def test_a_template_made_again_after_a_conflict_in_its_header_is_dated_after_both_sides(extracted, monkeypatch):
    """Two branches each ran extract, and git left both dates between markers. Made again within the
    minute (or with SOURCE_DATE_EPOCH fixed), it took the date of the side whose catalogs `letter update`
    had dated so: those then bore the template's date while lacking its new messages, and update refused
    every one as cut short. It is dated a minute after the later of the two."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764915120")  # 2025-12-05 06:12 UTC
    path = extracted.path("locales/letter.pot")
    good = path.read_text(encoding="utf-8")
    line = re.search(r'"POT-Creation-Date: [^"]*"\n', good)[0]
    sides = ('"POT-Creation-Date: 2025-12-05 06:12+0000\\n"\n', '"POT-Creation-Date: 2025-12-05 06:40+0100\\n"\n')
    path.write_text(good.replace(line, f"<<<<<<< ours\n{sides[0]}=======\n{sides[1]}>>>>>>> theirs\n"),
                    encoding="utf-8")
    extracted.ok("extract")
    assert po.load(path).metadata["POT-Creation-Date"] == "2025-12-05 06:13+0000"


def test_a_long_list_of_changes_is_cut_with_a_count(extracted):
    """The count names `git diff` for the rest where git has the template to compare with: not in a folder in
    no repository (a letter just started with `letter new`), nor for a template git does not track yet."""
    signatories = extracted.path("source/signatories.yaml")
    text = signatories.read_text(encoding="utf-8")
    signatories.write_text(re.sub(r"(?m)^  role: (.*)$", lambda role: f"  role: {role[1].upper()}", text),
                           encoding="utf-8")  # nothing like what it was: added and removed

    def last_line() -> str:
        result = extracted.run("extract", "--check")
        assert result.exit_code == 1
        listed = [line for line in result.stderr.splitlines() if line.startswith("  ")]
        assert len(listed) == 31
        assert listed[-1].startswith("  … and ") and "added and" in listed[-1]
        return listed[-1]

    assert last_line().endswith(" removed in all)")
    subprocess.run(["git", "init", "-q", str(extracted.root)], check=True)
    assert last_line().endswith(" removed in all)")
    subprocess.run(["git", "-C", str(extracted.root), "add", "locales/letter.pot"], check=True)
    assert last_line().endswith(" removed in all; `git diff` shows them)")


def test_a_correction_of_the_published_text_is_reminded_to_be_dated(shipped):
    """The shipped letter has published editions: a paragraph edited is a correction after publication,
    which every edition dates by `revised`. Extract says so, unless it is dated today; a signatory added
    is no correction."""
    today = datetime.date.today().isoformat()
    reminder = (f"note: the text of the published letter changed: if this is a correction after publication, write "
                f"'revised: {today}' in source/letter.md's front matter, the day every edition gives for it")
    shipped.edit("source/letter.md", "The time to act is now.", "The time to act is today.")
    assert shipped.ok("extract").stdout.splitlines()[-2] == f"  {reminder}"
    shipped.edit("source/letter.md", "date: 2020-05-26", "date: 2020-05-26\nrevised: 2026-11-05")
    shipped.edit("source/letter.md", "The time to act is today.", "The time to act is now, today.")
    said = shipped.ok("extract").stdout.splitlines()[-2]
    assert said == "  " + reminder.replace("front matter,", "front matter (now 2026-11-05),")
    shipped.edit("source/letter.md", "revised: 2026-11-05", f"revised: {today}")
    shipped.edit("source/letter.md", "The time to act is now, today.", "The time to act is now.")
    assert "note:" not in shipped.ok("extract").stdout
    shipped.edit("source/letter.md", f"\nrevised: {today}", "")
    shipped.edit("source/signatories.yaml", "- name: Dapo Akande\n", "- name: Zed Newperson\n\n- name: Dapo Akande\n")
    assert "note:" not in shipped.ok("extract").stdout


def test_the_template_and_a_new_catalog_name_the_letters_domain(project):
    """A letter of one's own (``domain = "appeal"``) names itself in ``Project-Id-Version``, which
    Weblate and Poedit show as the project's name, and a catalog made from the template copies it."""
    project.edit("pyproject.toml", 'domain = "letter"', 'domain = "appeal"')
    project.ok("extract")
    assert po.load(project.path("locales/appeal.pot")).metadata["Project-Id-Version"] == "appeal"
    project.ok("init", "fr")
    assert po.load(project.path("locales/fr/LC_MESSAGES/appeal.po")).metadata["Project-Id-Version"] == "appeal"
