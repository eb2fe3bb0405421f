"""`letter merge-driver`: git merges a catalog message by message, in real repositories.

A translator reviews on a branch while the editor corrects the English on main: git's own merge of
the lines made a translation of the old English read as reviewed for the new one, and stopped every
merge on a header date. The driver keeps such a translation a draft, takes the later dates, and leaves
markers around a message alone when two people translated it otherwise.
"""
from __future__ import annotations

import os
import subprocess

import pytest

from pipeline import po, reviewed
from pipeline.gitmerge import merge_records

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
    assert "merge-driver %O %A %B %P" in shipped.ok("merge-driver", "--install").stdout
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
    for branch, text in (("one", "Appel A"), ("main", "Appel B")):
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
    assert text.count("<<<<<<<") == 1 and 'msgstr "Appel B"' in ours and 'msgstr "Appel A"' in theirs
    chosen = po.parse((text[:start] + ours + text[end + len(">>>>>>> theirs\n"):]).encode(), FR)
    assert len(chosen) == len(po.load(ROOT / FR))  # the one message between markers, every other once
    checked = repository.run("check", "fr")
    assert checked.exit_code == 2 and f"{FR}:{text[:start].count(chr(10)) + 1}: error: [syntax] a merge conflict" \
        in checked.stdout


def test_the_shipped_attributes_name_the_driver_for_catalogs_template_and_records(repository):
    for path in (FR, "locales/letter.pot", "locales/fr/LC_MESSAGES/letter.reviewed.json"):
        assert git(repository, "check-attr", "merge", path).stdout.strip().endswith(": merge: letter"), path
    assert "-m pipeline merge-driver" in git(repository, "config", "merge.letter.driver").stdout


def test_records_keep_both_sides_messages_less_those_one_side_dropped():
    def revision(english: str, translation: str = "T") -> reviewed.Revision:
        return reviewed.Revision(None, english, english + " (before)", translation, "2026-12-01")

    kept, reviewed_since, added_here, added_there = (revision(text) for text in ("kept", "done", "ours", "theirs"))
    record = {r.key: r for r in (kept, reviewed_since)}
    merged = merge_records(record, {**record, added_here.key: added_here},
                           {kept.key: kept, added_there.key: added_there})
    assert list(reviewed.loads(merged.data, "x")) == [kept.key, added_here.key, added_there.key]
