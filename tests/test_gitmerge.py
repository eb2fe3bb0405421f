"""`letter merge-driver`: git merges a catalog message by message, in real repositories.

A translator reviews on a branch while the editor corrects the English on main: git's own merge of
the lines made a translation of the old English read as reviewed for the new one, and stopped every
merge on a header date. The driver keeps such a translation a draft, takes the later dates, and leaves
markers around a message alone when two people translated it otherwise.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from pipeline import po, reviewed
from pipeline.errors import InputError
from pipeline.gitmerge import merge_catalogs, merge_records

from conftest import ROOT

PARAGRAPH = "These actions have "  # the start of the paragraph the editor corrects
FR = "locales/fr/LC_MESSAGES/letter.po"


def git(project, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(project.root), *args], capture_output=True, text=True, check=check,
                          env={**os.environ, "GIT_MERGE_AUTOEDIT": "no"})


@pytest.fixture
def repository(shipped):
    """The shipped project under git, with the project's .gitattributes and the driver installed."""
    (shipped.root / ".gitattributes").write_bytes((ROOT / ".gitattributes").read_bytes())
    git(shipped, "init", "-q", "-b", "main")
    for name, value in (("user.name", "Editor"), ("user.email", "editor@example.org")):
        git(shipped, "config", name, value)
    assert "merge-driver %O %A %B %P %S %X %Y" in shipped.ok("merge-driver", "--install").stdout
    git(shipped, "add", "-A")
    git(shipped, "commit", "-qm", "the letter as published")
    return shipped


def correct(project, old: str, new: str, message: str) -> None:
    """The editor's correction of the English, extracted, updated and committed on the branch checked out."""
    project.edit("source/letter.md", old, new)
    project.ok("extract")
    project.ok("update")
    git(project, "commit", "-qam", message)


def paragraph(project) -> po.POEntry:
    return next(entry for entry in po.load(project.path(FR)) if PARAGRAPH in entry.msgid)


def review(project, text: str) -> None:
    """A translator's review in an editor: the new text, the fuzzy mark and the #| lines gone."""
    catalog = po.load(project.path(FR))
    entry = next(entry for entry in catalog if entry.comment == paragraph(project).comment)
    entry.msgstr, entry.flags = text, [flag for flag in entry.flags if flag != "fuzzy"]
    entry.previous_msgid = entry.previous_msgctxt = None
    catalog.metadata["PO-Revision-Date"] = "2030-01-01 10:00+0000"
    po.save(catalog, project.path(FR))


def test_a_translation_reviewed_for_english_corrected_again_meanwhile_stays_a_draft(repository):
    """Corrected once, then reviewed on a branch, then corrected again on main: git merged the lines
    cleanly into a translation of the first correction marked reviewed for the second, published; and
    stopped on the header. The merge is clean, and the translation a draft."""
    correct(repository, "endangered human lives", "put human lives in danger", "correction 1")
    git(repository, "checkout", "-qb", "fr-review")
    review(repository, "Ces actions ont mis des vies humaines en danger (revue)")
    git(repository, "commit", "-qam", "fr: paragraph reviewed")
    git(repository, "checkout", "-q", "main")
    correct(repository, "put human lives in danger", "put human lives at risk", "correction 2")
    git(repository, "checkout", "-q", "fr-review")
    merged = git(repository, "merge", "main", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    entry = paragraph(repository)
    assert "put human lives at risk" in entry.msgid and entry.msgstr.endswith("(revue)")
    # Its #| names the English the record (main's) holds as last reviewed: the review page shows both
    # corrections, and the edition the translation last reviewed, under a notice, until it is reviewed.
    assert entry.fuzzy and "endangered human lives" in entry.previous_msgid
    assert po.load(repository.path(FR)).metadata["PO-Revision-Date"] == "2030-01-01 10:00+0000"
    repository.ok("update", "fr")
    checked = repository.run("check", "fr")
    assert checked.exit_code == 0 and "[revised]" in checked.stdout, checked.stdout
    assert paragraph(repository).fuzzy


def test_two_translations_of_one_message_are_left_between_markers_and_check_says_where(repository):
    git(repository, "checkout", "-qb", "one")
    title = next(entry for entry in po.load(repository.path(FR)) if entry.comment == "title of the letter")
    for branch, text in (("one", "Appel à A"), ("main", "Appel à B")):  # beyond ASCII, as translations are
        git(repository, "checkout", "-q", branch)
        catalog = po.load(repository.path(FR))
        next(entry for entry in catalog if entry.msgid == title.msgid).msgstr = text
        po.save(catalog, repository.path(FR))
        git(repository, "commit", "-qam", text)
    merged = git(repository, "merge", "one", check=False)
    assert merged.returncode != 0 and "translated otherwise on each side" in merged.stdout + merged.stderr
    text = repository.path(FR).read_text(encoding="utf-8")
    start, end = text.index("<<<<<<< ours\n"), text.index(">>>>>>> theirs\n")
    ours, theirs = text[start:end].removeprefix("<<<<<<< ours\n").split("=======\n")
    assert text.count("<<<<<<<") == 1 and 'msgstr "Appel à B"' in ours and 'msgstr "Appel à A"' in theirs
    chosen = po.parse((text[:start] + ours + text[end + len(">>>>>>> theirs\n"):]).encode(), FR)
    assert len(chosen) == len(po.load(ROOT / FR))  # the one message between markers, every other once
    checked = repository.run("check", "fr")
    assert checked.exit_code == 2 and f"{FR}:{text[:start].count(chr(10)) + 1}: error: [syntax] a merge conflict" \
        in checked.stdout
    # The driver left them: merging again through it would leave them again, so no command says to.
    for command in (("check", "fr"), ("status",), ("update",), ("build", "--no-pdf")):
        said = repository.run(*command)
        assert said.exit_code == 2 and "keep one of the two versions of each, and delete the marker lines" in \
            said.stdout + said.stderr, command
        assert "merge-driver --install" not in said.stdout + said.stderr, command


def test_markers_name_the_sides_as_git_names_them_and_say_ours_and_theirs_where_an_older_git_cannot(
        repository, tmp_path):
    """Git 2.44 and later give the driver the sides' names (%S %X %Y, shell-quoted), which its own markers
    carry; an older git passes the placeholders through as they are (this machine's git does: the real
    merge above shows "ours")."""
    files = [tmp_path / name for name in ("base.po", "ours.po", "theirs.po")]

    def driven(*names: str) -> str:
        for path, text in zip(files, ("Appel", "Appel A", "Appel B"), strict=True):
            path.write_text(f'msgid "Call"\nmsgstr "{text}"\n', encoding="utf-8")
        ran = repository.run("merge-driver", *map(str, files), FR, *names)
        assert ran.exit_code == 1 and "translated otherwise on each side" in ran.stderr
        return files[1].read_text(encoding="utf-8")

    named = driven("a1b2c3d", "HEAD", "fr-review (Jeanne's review)")
    assert "<<<<<<< HEAD\n" in named and ">>>>>>> fr-review (Jeanne's review)\n" in named
    assert "<<<<<<< ours\n" in driven("%S", "%X", "%Y") and ">>>>>>> theirs\n" in driven("", "", "")
    # A file the driver cannot read is merged by git merge-file, under the same names.
    for path, text in zip(files, ("Appel", "Appel A", "Appel B"), strict=True):
        path.write_text(f'msgid "Call"\nmsgstr "{text}\n', encoding="utf-8")  # an unterminated string
    repository.run("merge-driver", *map(str, files), FR, "a1b2c3d", "HEAD", "fr-review")
    assert "<<<<<<< HEAD\n" in files[1].read_text(encoding="utf-8")
    wrong = repository.run("merge-driver", *map(str, files), FR, "HEAD")
    assert wrong.exit_code == 2 and "%O %A %B %P %S %X %Y" in wrong.stderr


def test_a_conflict_git_left_in_a_catalog_is_merged_again_by_message_as_its_error_says(repository):
    """Without the driver, two branches that each added a signatory and translated its role conflict in the
    catalog; taking either side whole would lose the other's translation. The error names the way out
    that loses none: install the driver, then `git checkout -m` the file; asked again once the driver is
    installed, it still says to merge the file again, not to choose between the text merge's sides."""
    git(repository, "config", "--remove-section", "merge.letter")
    for branch, name, role, translation in (("one", "Jane Doe", "Poet", "Poétesse"),
                                             ("main", "John Roe", "Painter", "Peintre")):
        git(repository, "checkout", "-q", *(["-b", branch] if branch == "one" else [branch]))
        with repository.path("source/signatories.yaml").open("a", encoding="utf-8") as signatories:
            signatories.write(f"\n- name: {name}\n  role: {role}\n")
        repository.ok("extract")
        repository.ok("update", "fr")
        catalog = po.load(repository.path(FR))
        entry = next(entry for entry in catalog if entry.msgid == role)
        entry.msgstr, entry.flags = translation, []
        po.save(catalog, repository.path(FR))
        git(repository, "add", "-A")
        git(repository, "commit", "-qm", name)
    assert git(repository, "merge", "one", check=False).returncode != 0
    with pytest.raises(InputError) as caught:
        po.load(repository.path(FR))  # the parser alone, which knows no clone, says what fits any
    assert caught.value.message.endswith("and delete the marker lines")
    git(repository, "checkout", "--ours", "--", "source/signatories.yaml")  # its conflict, and the template's,
    repository.ok("extract")  # out of the way of the catalog's
    status = repository.run("status")
    assert status.exit_code == 2 and status.stderr.rstrip().endswith(
        "`letter merge-driver --install` (once per clone), then `git checkout -m` the file")
    repository.ok("merge-driver", "--install")
    # The driver installed now did not make these markers: choosing between their sides would lose one
    # signatory's translation, as before; merging again through it loses none.
    again = repository.run("status")
    assert again.exit_code == 2 and again.stderr.rstrip().endswith(
        "git merged this file as text, before letter's merge driver was installed; before editing it, have letter "
        "merge it message by message, which keeps every side's translations: `git checkout -m` the file")
    assert "keep one of the two versions" not in again.stderr
    git(repository, "checkout", "-m", FR)
    merged = {entry.msgid: entry for entry in po.load(repository.path(FR))}
    assert (merged["Poet"].msgstr, merged["Painter"].msgstr) == ("Poétesse", "Peintre")
    assert not merged["Poet"].fuzzy and not merged["Painter"].fuzzy


def test_a_translator_s_edit_of_a_paragraph_joined_meanwhile_lands_in_its_obsolete_entry(repository):
    """Paragraphs joined on main while a translator edited one of them on a branch: the driver took the
    joined draft for that paragraph corrected, and left it between markers with the edit, where keeping
    either side lost the join or the edit. The draft stays as the join made it, and the edit is kept in the
    paragraph's obsolete entry, where the translator reviewing the draft finds it (README)."""
    git(repository, "checkout", "-qb", "fr-edit")
    catalog = po.load(repository.path(FR))
    edited = next(entry for entry in catalog if entry.msgid.startswith("Over the past"))
    edited.msgstr = "Au cours des dernières semaines, " + edited.msgstr.split(", ", 1)[1]
    po.save(catalog, repository.path(FR))
    git(repository, "commit", "-qam", "fr: paragraph 2 reworded")
    git(repository, "checkout", "-q", "main")
    correct(repository, "prohibit such actions.\n\nOver the past weeks", "prohibit such actions. Over the past weeks",
            "paragraphs 1 and 2 joined")
    draft = next(entry for entry in po.load(repository.path(FR)) if "such actions. Over the past" in entry.msgid)
    merged = git(repository, "merge", "fr-edit", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    catalog = po.load(repository.path(FR))
    joined = next(entry for entry in catalog if entry.msgid == draft.msgid)
    assert (joined.fuzzy, joined.msgstr, joined.previous_msgid) == (True, draft.msgstr, draft.previous_msgid)
    [kept] = [entry for entry in catalog if entry.obsolete and entry.msgid == edited.msgid]
    assert kept.msgstr == edited.msgstr


def test_the_shipped_attributes_name_the_driver_for_catalogs_template_and_records(repository):
    for path in (FR, "locales/letter.pot", "locales/fr/LC_MESSAGES/letter.reviewed.json"):
        assert git(repository, "check-attr", "merge", path).stdout.strip().endswith(": merge: letter"), path
    assert "-m pipeline merge-driver" in git(repository, "config", "merge.letter.driver").stdout
    # Branches that merged each other have two merge bases, which git merges first with the driver: its
    # markers in that base made the driver merge the whole file as text, a reviewed translation with it.
    assert git(repository, "config", "merge.letter.recursive").stdout.strip() == "binary"
    wrong = repository.run("merge-driver", "--install", "a", "b", "c", "d")
    assert wrong.exit_code == 2 and "--install takes no BASE OURS THEIRS PATH" in wrong.stderr


def test_records_keep_both_sides_messages_less_those_one_side_dropped():
    def revision(english: str, translation: str = "T") -> reviewed.Revision:
        return reviewed.Revision(None, english, english + " (before)", translation, "2026-12-01")

    kept, reviewed_since, added_here, added_there = (revision(text) for text in ("kept", "done", "ours", "theirs"))
    record = {r.key: r for r in (kept, reviewed_since)}
    merged = merge_records(record, {**record, added_here.key: added_here},
                           {kept.key: kept, added_there.key: added_there})
    assert list(reviewed.loads(merged.data, "x")) == [kept.key, added_here.key, added_there.key]


# --- the rules, on small catalogs ------------------------------------------------------------------

HEAD = ('msgid ""\nmsgstr ""\n"PO-Revision-Date: {date}\\n"\n"Language: fr\\n"\n"Plural-Forms: {plural}\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n\n')


def catalog(*messages: str, date: str = "2026-01-01 10:00+0000", plural: str = "nplurals=2; plural=(n > 1);"):
    return po.parse((HEAD.format(date=date, plural=plural) + "\n".join(messages)).encode("utf-8"), "fr.po")


def merged(base, ours, theirs) -> tuple[str, tuple[str, ...]]:
    result = merge_catalogs(base, ours, theirs)
    return result.data.decode("utf-8"), result.conflicts


def test_a_header_set_otherwise_on_each_side_is_the_one_conflict_and_messages_still_merge():
    """Both sides changed Plural-Forms: the whole file went to git's text merge, which joined a corrected
    English to a translation of the old one as reviewed. Only the header is between markers now."""
    base = catalog('msgid "Old"\nmsgstr "Vieux"\n')
    ours = catalog('#, fuzzy\n#| msgid "Old"\nmsgid "New"\nmsgstr "Vieux"\n', plural="nplurals=2; plural=n>1;")
    theirs = catalog('msgid "Old"\nmsgstr "Vieux revu"\n', plural="nplurals=3; plural=0;")
    text, conflicts = merged(base, ours, theirs)
    assert conflicts == ("the header's Plural-Forms is set otherwise on each side",)
    assert text.startswith("<<<<<<< ours\n") and text.count("<<<<<<<") == 1
    assert '#, fuzzy\n#| msgid "Old"\nmsgid "New"\nmsgstr "Vieux revu"\n' in text


def test_the_same_correction_made_on_both_sides_is_one_message():
    """One side approved the corrected English, the other edited the draft: the driver wrote the message
    twice and po.dumps refused it, leaving ours as it was, with no marker."""
    base = catalog('msgid "Teh"\nmsgstr "Le"\n')
    ours = catalog('msgid "The"\nmsgstr "Le"\n')
    theirs = catalog('#, fuzzy\n#| msgid "Teh"\nmsgid "The"\nmsgstr "La"\n')
    text, conflicts = merged(base, ours, theirs)
    assert conflicts and text.count('msgid "The"') == 2 and text.count("<<<<<<<") == 1


def test_a_thousand_messages_added_on_one_side_are_placed_in_its_order():
    base = catalog('msgid "A"\nmsgstr "a"\n')
    added = [f'msgid "N{n}"\nmsgstr ""\n' for n in range(1500)]
    text, conflicts = merged(base, catalog('msgid "A"\nmsgstr "a"\n', *added), base)
    assert not conflicts and text.index('"N0"') < text.index('"N1"') < text.index('"N1499"')


def test_a_translation_made_anew_for_a_message_the_other_side_removed_stays_obsolete():
    base = catalog('msgid "Gone"\nmsgstr "Parti"\n', 'msgid "Kept"\nmsgstr "Gardé"\n')
    ours = catalog('msgid "Kept"\nmsgstr "Gardé"\n', '#~ msgid "Gone"\n#~ msgstr "Parti"\n')
    theirs = catalog('msgid "Gone"\nmsgstr "Parti, mieux"\n', 'msgid "Kept"\nmsgstr "Gardé"\n')
    text, conflicts = merged(base, ours, theirs)
    assert not conflicts and '#~ msgid "Gone"\n#~ msgstr "Parti, mieux"\n' in text
    assert '\nmsgid "Gone"' not in text


def test_a_translation_kept_obsolete_loses_its_notes_as_update_s_obsolete_entries_do():
    """The source's notes (``#.``, ``#:``) describe a message gone from it: `letter update`, as msgmerge,
    writes no obsolete entry with them, so one the merge kept with them changed at the next update."""
    notes = '#. paragraph 2\n#: source/letter.md\n'
    base = catalog(f'{notes}msgid "Gone"\nmsgstr "Parti"\n', 'msgid "Kept"\nmsgstr "Gardé"\n')
    ours = catalog('msgid "Kept"\nmsgstr "Gardé"\n', '#~ msgid "Gone"\n#~ msgstr "Parti"\n')
    theirs = catalog(f'{notes}msgid "Gone"\nmsgstr "Parti, mieux"\n', 'msgid "Kept"\nmsgstr "Gardé"\n')
    text, conflicts = merged(base, ours, theirs)
    assert not conflicts and text.endswith('msgstr "Gardé"\n\n#~ msgid "Gone"\n#~ msgstr "Parti, mieux"\n')


def test_a_translator_comment_and_a_translation_changed_apart_merge_without_conflict():
    base = catalog('msgid "A"\nmsgstr "a"\n')
    ours = catalog('# checked with the glossary\nmsgid "A"\nmsgstr "a"\n')
    theirs = catalog('msgid "A"\nmsgstr "à"\n')
    text, conflicts = merged(base, ours, theirs)
    assert not conflicts and '# checked with the glossary\nmsgid "A"\nmsgstr "à"\n' in text


def test_the_header_comment_is_the_side_s_that_changed_it():
    base, ours = catalog('msgid "A"\nmsgstr "a"\n'), catalog('msgid "A"\nmsgstr "a"\n')
    theirs = catalog('msgid "A"\nmsgstr "a"\n')
    theirs.header = "Translated by Jeanne Martin, 2026."
    text, _ = merged(base, ours, theirs)
    assert text.startswith("# Translated by Jeanne Martin, 2026.\n")


def test_a_record_of_one_message_made_otherwise_on_each_side_keeps_both_lines_for_a_person():
    one = reviewed.Revision(None, "E", "E0", "T", "2026-12-01")
    other = reviewed.Revision(None, "E", "E0", "T2", "2026-12-02")
    result = merge_records({}, {one.key: one}, {other.key: other})
    assert result.conflicts and result.data.count(b'"english": "E"') == 2
    with pytest.raises(InputError, match="recorded twice"):
        reviewed.loads(result.data, "r.json")
    same = merge_records({}, {one.key: one}, {one.key: reviewed.Revision(None, "E", "E0", "T", "2026-11-30")})
    assert not same.conflicts and reviewed.loads(same.data, "r.json")[one.key].revised == "2026-11-30"


def test_a_conflict_in_a_catalog_without_a_header_is_left_between_markers():
    """gettext needs no header: the driver failed on such a file's conflict, and git merged it as lines."""
    base, ours, theirs = (po.parse(f'msgid "Call"\nmsgstr "{text}"\n'.encode(), "fr.po")
                          for text in ("Appel", "Appel A", "Appel B"))
    result = merge_catalogs(base, ours, theirs)
    assert result.data == (b'<<<<<<< ours\nmsgid "Call"\nmsgstr "Appel A"\n=======\n'
                           b'msgid "Call"\nmsgstr "Appel B"\n>>>>>>> theirs\n'), result.data


@pytest.mark.parametrize("conflict", [False, True], ids=["clean", "conflict"])
def test_a_merge_keeps_the_layout_of_ours_unwrapped(conflict):
    """Ours saved unwrapped (Weblate, Poedit): the merge, its conflict markers too, is unwrapped as well,
    with ours' CRLF line ends, else the merge itself is a diff of every long message."""
    long = "A call to all governments to take immediate and decisive action against the crisis"
    texts = [f'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "{long}"\nmsgstr "{text}"\n'
             f'\nmsgid "Call"\nmsgstr "{call}"\n'
             for text, call in ((long, "Appel"), (long + " (A)", "Appel"),
                                (long + (" (B)" if conflict else ""), "Appel B"))]
    base, ours, theirs = (po.parse(text.encode(), "fr.po") for text in texts)
    result = merge_catalogs(base, ours, theirs, replacing=texts[1].replace("\n", "\r\n").encode())
    assert bool(result.conflicts) == conflict
    assert f'msgstr "{long} (A)"\r\n'.encode() in result.data and b'msgstr "Appel B"\r\n' in result.data
    assert result.data.count(b"\n") == result.data.count(b"\r\n")


def test_a_file_neither_the_driver_nor_git_can_merge_keeps_ours_and_says_so(tmp_path):
    from pipeline.gitmerge import merge_file

    paths = [tmp_path / name for name in ("base.po", "ours.po", "theirs.po")]
    for path, text in zip(paths, (b'msgid "A"\nmsgstr "a"\n', b'msgid "A"\nmsgstr "\0b"\n', b'msgid "A"\nmsgstr "c"\n'),
                          strict=True):
        path.write_bytes(text)
    result = merge_file(*paths, "fr.po")
    assert result.data == b'msgid "A"\nmsgstr "\0b"\n' and "ours is kept" in result.conflicts[0]


def test_a_message_whose_english_changed_without_a_previous_line_is_found_by_its_likeness():
    """A message never translated keeps no #| when its English changes (nor does one approved since): the
    other side's new translation of it went obsolete. It is paired as `letter update` pairs messages, and
    the translation is a draft of the new English, naming the English it was made for."""
    old = "A new paragraph that nobody has translated yet, about hospitals."
    new = "A new paragraph that nobody has translated yet, about hospitals and clinics."
    base = catalog(f'msgid "{old}"\nmsgstr ""\n')
    ours = catalog(f'msgid "{new}"\nmsgstr ""\n')
    theirs = catalog(f'msgid "{old}"\nmsgstr "Un nouveau paragraphe."\n')
    text, conflicts = merged(base, ours, theirs)
    [entry] = po.parse(text.encode("utf-8"), "fr.po")
    assert not conflicts and (entry.msgid, entry.msgstr, entry.fuzzy, entry.previous_msgid) == (
        new, "Un nouveau paragraphe.", True, old)


def test_a_removed_message_translated_otherwise_on_each_side_keeps_both_for_a_person():
    """Each side translated a paragraph anew that one of them then removed: the driver kept one side's
    obsolete translation and dropped the other's (found by a random search of two-branch histories)."""
    base = catalog('msgid "Gone"\nmsgstr "Parti"\n', 'msgid "Kept"\nmsgstr "Gardé"\n')
    ours = catalog('msgid "Kept"\nmsgstr "Gardé"\n', '#~ msgid "Gone"\n#~ msgstr "Parti, selon nous"\n')
    theirs = catalog('msgid "Gone"\nmsgstr "Parti, selon eux"\n', 'msgid "Kept"\nmsgstr "Gardé"\n')
    text, conflicts = merged(base, ours, theirs)
    assert conflicts and "selon nous" in text and "selon eux" in text and text.count("<<<<<<<") == 1


def test_status_says_to_install_the_driver_where_git_would_merge_catalogs_as_text(repository, monkeypatch):
    """`.gitattributes` asks for the driver, which a fresh clone lacks: git then merges catalogs as text, which
    can make a translation reviewed that nobody reviewed, and no check finds afterwards. `letter status` says
    what to run; with the driver, with nothing asking for it, or outside a repository, it says nothing of git."""
    note = "run `letter merge-driver --install`"
    assert note not in repository.ok("status").stdout
    git(repository, "config", "--remove-section", "merge.letter")
    assert repository.ok("status").stdout.rstrip().splitlines()[-1].endswith(f"{note}, as .gitattributes asks "
                                                                             "(once per clone)")
    assert note in repository.ok("status", "fr").stdout
    with monkeypatch.context() as patched:  # the JSON has no place for the note: git is not asked
        patched.setattr(subprocess, "run", lambda *args, **kwargs: pytest.fail(f"ran {args}"))
        assert json.loads(repository.ok("status", "--format", "json").stdout)
    asking = repository.path(".gitattributes").read_bytes()
    repository.path(".gitattributes").write_text("*.po -merge\n", encoding="utf-8")
    assert note not in repository.ok("status").stdout
    repository.path(".gitattributes").write_bytes(asking)
    shutil.rmtree(repository.path(".git"))  # a tarball of the project
    assert note not in repository.ok("status").stdout
