"""The record of translations last reviewed before their English changed (`<domain>.reviewed.json`)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import polib
import pytest

from pipeline import corrections, po, publication, reviewed
from pipeline.errors import InputError
from pipeline.model import Message

from conftest import ROOT, Project

OLD = "This will not be the last health crisis."
NEW = "This will certainly not be the last health crisis."
NEWER = "This will surely not be the last health crisis."


def _revise(shipped, old: str, new: str) -> None:
    shipped.edit("source/letter.md", old, new)
    shipped.ok("extract")
    shipped.ok("update")


def _record(shipped, code: str = "fr") -> dict:
    path = reviewed.path_of(shipped.catalog(code))
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _entry(shipped, needle: str, code: str = "fr"):
    return next(e for e in po.load(shipped.catalog(code)) if needle in e.msgid and not e.obsolete)


def test_update_records_the_reviewed_translation_of_a_revised_paragraph(shipped):
    before = _entry(shipped, OLD)
    assert not before.fuzzy
    _revise(shipped, OLD, NEW)
    after = _entry(shipped, NEW)
    assert after.fuzzy and after.previous_msgid == before.msgid
    [entry] = _record(shipped)["messages"]
    assert entry == {"context": None, "english": after.msgid, "previous": before.msgid,
                     "translation": before.msgstr, "revised": entry["revised"]}
    template = po.load(shipped.path("locales/letter.pot"))
    assert entry["revised"] == template.metadata["POT-Creation-Date"][:10]
    assert len(_record(shipped, "zh-Hans")["messages"]) == 1  # every catalog gets its own


def test_an_edition_shows_a_last_reviewed_translation_of_its_text_alone():
    """The title and the paragraphs show the translation last reviewed while their revision awaits review;
    an interface word or a signatory's part is shown in English, as `letter status` and `letter check` say."""
    paragraph, heading, role = (None, "The time to act is today."), (None, "Signatories"), ("role", "President")
    record = {key: reviewed.Revision(key[0], key[1], "before", f"old {key[1]}", "2026-12-05")
              for key in (paragraph, heading, role)}
    strings = {key: (f"draft {key[1]}", True) for key in record}
    assert publication.shown(strings, record, frozenset({paragraph})) == {paragraph: "old The time to act is today."}
    assert publication.shown(strings, record, frozenset({paragraph}), drafts=True) == {
        key: f"draft {key[1]}" for key in record}


def test_a_paragraph_split_off_shows_nothing_while_the_translation_that_says_it_is_shown():
    """Split off, reviewed or not, a paragraph shows nothing while the one that kept the translation shows it:
    the reader reads it once. Once that one is reviewed, it is a paragraph added since, shown in English."""
    whole = "The time to act is now. Together."
    kept, split = (None, "The time to act is now."), (None, "Together.")
    record = {kept: reviewed.Revision(None, kept[1], whole, "Il est temps d’agir. Ensemble.", "2026-12-05"),
              split: reviewed.Revision(None, split[1], whole, "", "2026-12-05")}
    assert record[split].split_off and not record[kept].split_off
    assert reviewed.loads(reviewed.dumps(record), "letter.reviewed.json") == record
    text = frozenset(record)
    units = (Message(kept[1]), Message(split[1]))
    for split_state in (("", False), ("Ensemble.", True), ("Ensemble.", False)):
        strings = {kept: ("Il est temps", True), split: split_state}
        assert publication.shown(strings, record, text) == {kept: "Il est temps d’agir. Ensemble.", split: ""}
    strings = {kept: ("Il est temps d’agir.", False), split: ("", False)}
    assert publication.shown(strings, record, text) == {kept: "Il est temps d’agir."}
    assert publication.standing(units, text, strings, record).awaiting == {split: publication.Awaiting.ADDED}
    strings = {kept: ("Il est temps", True), split: ("", False)}
    assert publication.standing(units, text, strings, record).awaiting == {
        kept: publication.Awaiting.REVISED, split: publication.Awaiting.SPLIT}
    assert publication.progress_of(units, text, strings, record).paragraphs == 2


def test_a_revised_link_leaves_the_translation_last_reviewed_shown_with_the_link_it_was_reviewed_for():
    """An editor mends a dead link: the edition keeps the translation reviewed for the old one under its
    notice (as `letter check` says), not the paragraph in English; a draft that links elsewhere still
    shows nothing."""
    old, new = "Read [the call](https://old.example/call).", "Read [the call](https://new.example/call)."
    kept = "Lisez [l’appel](https://old.example/call)."
    record = {(None, new): reviewed.Revision(None, new, old, kept, "2026-12-05")}
    assert publication.shown({(None, new): ("Lisez [l’appel](https://new.example/call).", True)}, record,
                             frozenset({(None, new)})) == {(None, new): kept}
    assert publication.shown({}, {(None, new): reviewed.Revision(None, new, old, "Lisez [l’appel](https://evil.example/).",
                                                                  "2026-12-05")}, frozenset({(None, new)})) == {}
    # Reviewed without the new link, the translation is shown in English, as `letter status` says, not the record's
    # under no notice (the edition's notice is of paragraphs awaiting review, which this one is not).
    assert publication.shown({(None, new): ("Lisez l’appel.", False)}, record, frozenset({(None, new)})) == {}


def test_an_edit_before_review_and_a_second_revision_keep_the_reviewed_text(shipped):
    reviewed_text = _entry(shipped, OLD).msgstr
    _revise(shipped, OLD, NEW)
    catalog = po.load(shipped.catalog("fr"))
    for entry in catalog:
        if entry.msgid.startswith(NEW[:20]) or NEW in entry.msgid:
            entry.msgstr = "travail en cours"  # a translator's unfinished edit, still fuzzy
    po.save(catalog, shipped.catalog("fr"))
    _revise(shipped, NEW, NEWER)
    [entry] = _record(shipped)["messages"]
    assert NEWER in entry["english"] and OLD in entry["previous"]
    assert entry["translation"] == reviewed_text


def test_a_revision_reviewed_then_revised_again_records_the_translation_reviewed_last(shipped):
    """Reviewed (on the review page, or in Poedit) and revised again before any ``update`` ran between: the record
    still held the first revision's entry, which the next ``update`` carried on to the second instead of the
    translation just reviewed; the edition then showed the translation reviewed before the first revision, and
    ``letter check`` failed on the record with the advice to restore it from git, which held the same."""
    _revise(shipped, OLD, NEW)
    catalog = po.load(shipped.catalog("fr"))
    draft = next(e for e in catalog if NEW in e.msgid)
    draft.msgstr = draft.msgstr.replace("Ce ne sera pas", "Ce ne sera certainement pas")
    assert "certainement" in draft.msgstr
    draft.flags.remove("fuzzy")
    draft.previous_msgid = None  # reviewed, as the review page and Poedit leave it
    po.save(catalog, shipped.catalog("fr"))
    reviewed_text, reviewed_for = draft.msgstr, draft.msgid
    _revise(shipped, NEW, NEWER)
    [entry] = _record(shipped)["messages"]
    assert NEWER in entry["english"]
    assert (entry["previous"], entry["translation"]) == (reviewed_for, reviewed_text)
    assert _entry(shipped, NEWER).previous_msgid == reviewed_for
    shipped.ok("check", "fr")


def test_review_empties_the_record_and_the_file_goes(shipped):
    _revise(shipped, OLD, NEW)
    path = reviewed.path_of(shipped.catalog("fr"))
    assert path.exists()
    shipped.translate("fr", lambda entry: entry.msgstr or entry.msgid)  # every message reviewed
    shipped.ok("update", "fr")
    assert not path.exists()
    assert reviewed.path_of(shipped.catalog("de")).exists()  # de still awaits its review


def test_an_unchanged_update_leaves_the_record_as_it_is(shipped):
    _revise(shipped, OLD, NEW)
    path = reviewed.path_of(shipped.catalog("fr"))
    data, mtime = path.read_bytes(), path.stat().st_mtime_ns
    shipped.ok("update")
    assert path.read_bytes() == data and path.stat().st_mtime_ns == mtime



def test_the_record_is_in_catalog_order_whatever_was_revised_first(shipped):
    """A paragraph revised after one below it is recorded above it, as the catalog holds them: the file is
    one for one state of the catalog, so that a later update does not move a line no one changed."""
    _revise(shipped, "The time to act is now.", "The time to act is today.")
    _revise(shipped, "To this end, governments", "To that end, governments")
    written = [entry["english"][:20] for entry in _record(shipped)["messages"]]
    assert written == ["We call on the world", "We don't tolerate at"]

@pytest.mark.parametrize("content, line", [(b'{"messages": [', 1), (b'{"messages": [{"english": "x"}]}', None),
                                           (b'{"about": "x", \n "messages": 3,}', 2)])
def test_a_broken_record_stops_update_with_its_file_and_what_to_do(shipped, content, line):
    path = reviewed.path_of(shipped.catalog("fr"))
    path.write_bytes(content)
    result = shipped.run("update", "fr")
    assert result.exit_code == 2
    where = "locales/fr/LC_MESSAGES/letter.reviewed.json" + (f":{line}" if line else "")
    assert result.stderr.startswith(f"{where}: error: not a record of reviewed translations")
    assert "restore the file from git" in result.stderr
    assert path.read_bytes() == content


@pytest.mark.parametrize(("content", "said"), [
    (b'{"messages": []}\n}\n', "Extra data at column 1 (the record ends before it, at its last '}')"),
    (b'{"messages": [\n  {"context": }\n]}\n', "Expecting value at column 15 (a text in double quotes, a list or an "
                                                "object is missing there)"),
    (b'{"messages": [\n  {"context": "a}\n]}\n', "Invalid control character at column 18 (a text in quotes goes on "
                                                  "past its line's end or holds a tab there: close its quote on its "
                                                  "line, and write a tab as \\t)"),
    (b'{"messages": [\n  {"context": "a', 'Unterminated string starting at column 15 (a quote opened there is never '
                                         'closed; a quote inside a text is written \\")'),
])
def test_a_slip_json_names_is_told_at_its_column_without_a_merge_s_advice(content, said):
    with pytest.raises(InputError) as caught:
        reviewed.loads(content, "r.json")
    assert (caught.value.line, caught.value.message) == (2, f"not a record of reviewed translations: {said}; mend it "
                                                            "there, or restore the file from git")


#: A second paragraph, revised on another branch.
OTHER_OLD, OTHER_NEW = "The time to act is now.", "The time to act is now, not tomorrow."
#: A third, revised before the branches part.
BASE_OLD, BASE_NEW = "recommit to international rules", "recommit to the international rules"

@pytest.mark.parametrize("recorded_before", [False, True], ids=["record-added-on-both", "record-grown-on-both"])
def test_a_merge_conflict_in_the_record_resolved_as_it_says_keeps_both_branches(shipped, tmp_path, recorded_before):
    """Two branches each revise a paragraph, from a base without a record (git's add/add conflict) or with
    one: git's own merge leaves each side's messages, a line each, between its markers. The error says to
    keep both sides, never to restore the file (the only copy of what published editions show); resolved
    as it says, the record holds both branches' translations last reviewed, and the edition shows both."""
    if recorded_before:
        _revise(shipped, BASE_OLD, BASE_NEW)
    base = tmp_path / "base"
    shutil.copytree(shipped.root, base)
    theirs = Project(tmp_path / "theirs")
    shutil.copytree(shipped.root, theirs.root)
    _revise(shipped, OLD, NEW)
    _revise(theirs, OTHER_OLD, OTHER_NEW)
    changed = {path.relative_to(root).as_posix() for root in (shipped.root, theirs.root)
               for folder in ("source", "locales") for path in (root / folder).rglob("*") if path.is_file()}
    for name in sorted(changed):  # git's merge, file by file: only the records conflict
        before = base / name if (base / name).exists() else tmp_path / "empty"
        before.touch()
        merged = subprocess.run(["git", "merge-file", "-L", "HEAD", "-L", "base", "-L", "feature",
                                 str(shipped.path(name)), str(before), str(theirs.path(name))], capture_output=True)
        assert merged.returncode == (1 if name.endswith(reviewed.SUFFIX) else 0), (name, merged.stderr)
    path = reviewed.path_of(shipped.catalog("fr"))
    conflicted = path.read_text(encoding="utf-8")
    catalog = shipped.catalog("fr").read_bytes()

    result = shipped.run("update", "fr")
    assert result.exit_code == 2
    said, *more = result.stderr.splitlines()
    marker = conflicted.splitlines().index("<<<<<<< HEAD") + 1
    assert not more and said.startswith(f"locales/fr/LC_MESSAGES/letter.reviewed.json:{marker}: error: a merge "
                                        "conflict is left in the file (the lines git marks with <<<<<<<, ======= and "
                                        ">>>>>>>); keep the messages of both sides (a line each), a comma after each "
                                        "but the last, and delete the marker lines")
    assert "`letter update` then drops those no longer awaiting review" in said and "restore" not in said
    assert path.read_text(encoding="utf-8") == conflicted and shipped.catalog("fr").read_bytes() == catalog

    for record in shipped.path("locales").rglob(f"*{reviewed.SUFFIX}"):  # resolved as the error says
        lines = [line for line in record.read_text(encoding="utf-8").splitlines()
                 if not line.startswith(("<<<<<<< ", "=======", ">>>>>>> "))]
        last = max(n for n, line in enumerate(lines) if line.startswith("    {"))
        record.write_text("".join((line.rstrip(",") + ("," if n < last else "") if line.startswith("    {") else line)
                                  + "\n" for n, line in enumerate(lines)), encoding="utf-8")
    englishes = [entry["english"] for entry in _record(shipped)["messages"]]
    assert any(NEW in english for english in englishes) and any(OTHER_NEW in english for english in englishes)
    shipped.ok("update")
    assert len(_record(shipped)["messages"]) == 2 + recorded_before
    shipped.ok("build")
    page = shipped.path("output/fr/index.html").read_text(encoding="utf-8")
    shown = [r.translation for r in reviewed.load(path).values()]
    assert len(shown) == 2 + recorded_before and all(text.split(",")[0] in page for text in shown)


def test_two_messages_joined_into_one_are_refused_at_their_line(shipped):
    """A conflict in a record written one field a line (as letter wrote it before) falls inside a message;
    kept both sides there, the message gives its fields twice, which JSON readers take silently, the last
    winning: a translation last reviewed would be lost. It is refused at the second one's line."""
    _revise(shipped, OLD, NEW)
    path = reviewed.path_of(shipped.catalog("fr"))
    [entry] = _record(shipped)["messages"]
    other = {"english": "The time to act is now, not tomorrow.", "previous": "The time to act is now.",
             "translation": "Le temps d'agir est venu."}
    fields = ['      "context": null,'] + [f"      {json.dumps(name)}: {json.dumps(entry[name], ensure_ascii=False)},"
                                            for name in ("english", "previous", "translation")]
    fields += [f"      {json.dumps(name)}: {json.dumps(value, ensure_ascii=False)}," for name, value in other.items()]
    fields += [f'      "revised": {json.dumps(entry["revised"])}']
    path.write_text('{\n  "messages": [\n    {\n' + "\n".join(fields) + "\n    }\n  ]\n}\n", encoding="utf-8")
    result = shipped.run("update", "fr")
    assert result.exit_code == 2
    assert result.stderr.startswith('locales/fr/LC_MESSAGES/letter.reviewed.json:8: error: a message gives "english" '
                                    "twice: two messages were joined into one")
    assert "make each its own {…} with all five fields" in result.stderr


def _message(english: str, revised: str = "2026-12-04", translation: str = "T {n}", **fields: object) -> str:
    return json.dumps({"context": None, "english": english, "previous": "P", "translation": translation,
                       "revised": revised, **fields}, ensure_ascii=False)


@pytest.mark.parametrize(("lines", "line", "said"), [
    # A field given twice is named at its second line, whatever else in the file holds the same value.
    ([_message("A"), '{"context": null, "english": "B", "previous": "P", "translation": "{x} }",\n'
                     '"revised": "2026-12-05",\n"revised": "2026-12-04"}'], 6, 'a message gives "revised" twice'),
    ([_message("A"), '{"context": null,\n"context": null, "english": "B", "previous": "P", "translation": "T",\n'
                     '"revised": "2026-12-04"}'], 5, 'a message gives "context" twice'),
    ([_message("A"), _message("B"), _message("A", translation="Other")], 5,
     "the message 'A' is recorded twice (first on line 3), with other texts: keep the line whose translation is "
     "the one last reviewed, and delete the other"),
    # Quoted as every message quotes a text: cut with an ellipsis (wording.QUOTED), not sliced mid-word.
    ([_message("A"), _message("Long " * 20), _message("Long " * 20, translation="Other")], 5,
     f"the message {'Long ' * 11 + 'Long…'!r} is recorded twice (first on line 4)"),
], ids=["field twice, value elsewhere", "null field twice", "message twice, other texts", "a long message twice"])
def test_what_json_would_keep_the_last_of_is_refused_at_its_line(lines, line, said):
    data = ('{\n  "messages": [\n' + ",\n".join(lines) + "\n  ]\n}\n").encode("utf-8")
    with pytest.raises(InputError) as caught:
        reviewed.loads(data, "r.json")
    assert caught.value.line == line and caught.value.message.startswith(said)


@pytest.mark.parametrize(("lines", "encoding", "line", "said"), [
    # Saved by an editor in Windows' code page after a conflict resolved by hand.
    ([_message("A"), _message("Paix — et justice")], "cp1252", 4, "the file is not valid UTF-8; save it as UTF-8"),
    ([_message("A"), _message("B", "5 Dec 2026")], "utf-8", 4, "revised is '5 Dec 2026': not a day written YYYY-MM-DD"),
    ([_message("A", "20261204")], "utf-8", 3, "revised is '20261204': not a day written YYYY-MM-DD"),
    ([_message("A", "2026-W49-5")], "utf-8", 3, "revised is '2026-W49-5': not a day written YYYY-MM-DD"),
    ([_message("A", "2026-02-30")], "utf-8", 3, "revised is '2026-02-30': no such day"),
    (['{"context": [1], "english": "B", "previous": "P", "translation": "T", "revised": "2026-12-04"}'], "utf-8",
     None, "not a record of reviewed translations (each message needs"),
    (["[" * 100_000], "utf-8", None, "not a record of reviewed translations: lists or objects nested deeper than "
                                     "can be read; restore the file from git"),
    # JSON joins a pair of escapes into one character, but keeps half of one as it is.
    ([_message("A").replace("T {n}", "\\ud83d\\ude00 T"), _message("B").replace("T {n}", "T \\ud83d")], "utf-8", 4,
     "translation: half a character (the UTF-16 surrogate U+D83D, written as the escape \\ud83d) at position 3; "
     "write the character itself, not its escapes"),
], ids=["not UTF-8", "a day in words", "a day without dashes", "a week date", "no such day",
        "a context that is a list", "lists nested deeper than json follows", "half a character"])
def test_a_record_no_reader_could_use_is_refused_at_its_line(lines, encoding, line, said):
    """Each would have stopped the build with a traceback (a date it could not read, a key it could not
    hash, a RecursionError of json, a translation UTF-8 cannot hold), or the check with one (bytes that are not
    UTF-8)."""
    data = ('{\n  "messages": [\n' + ",\n".join(lines) + "\n  ]\n}\n").encode(encoding)
    with pytest.raises(InputError) as caught:
        reviewed.loads(data, "r.json")
    assert caught.value.line == line and caught.value.message.startswith(said), caught.value.message


def test_a_record_saved_with_crlf_line_ends_keeps_them(shipped):
    shipped.edit("source/letter.md", OLD, NEW)
    shipped.ok("extract")
    shipped.ok("update", "fr")
    record = shipped.catalog("fr").with_name("letter.reviewed.json")
    record.write_bytes(record.read_bytes().replace(b"\n", b"\r\n"))
    shipped.edit("source/letter.md", NEW, NEWER)
    shipped.ok("extract")
    shipped.ok("update", "fr")
    after = record.read_bytes()
    assert NEWER.encode() in after and after.count(b"\n") == after.count(b"\r\n")


def test_a_comma_left_out_between_two_messages_is_told_at_the_line_that_lacks_it():
    """Both sides' lines kept, as the README asks, but the comma between them forgotten (git's union merge
    leaves it so): JSON's "Expecting ',' delimiter" at the next line, with "restore the file from git",
    which would lose a side."""
    data = ('{\n  "messages": [\n' + _message("A") + "\n" + _message("B") + "\n  ]\n}\n").encode("utf-8")
    with pytest.raises(InputError) as caught:
        reviewed.loads(data, "r.json")
    assert caught.value.line == 3 and caught.value.message == (
        "the message on this line has no comma after it, before the next (as a merge that kept both sides' "
        "lines leaves it): add one at its end")


def test_a_comma_left_after_the_last_message_is_told_at_its_line():
    """Both sides' lines kept with a comma after each, the last too: JSON's "Expecting value" at the
    bracket, with advice to restore the file from git, which in a merge would lose a side."""
    data = ('{\n  "messages": [\n' + _message("A") + ",\n" + _message("B") + ",\n  ]\n}\n").encode("utf-8")
    with pytest.raises(InputError) as caught:
        reviewed.loads(data, "r.json")
    assert caught.value.line == 4 and caught.value.message == "a comma after the last message: remove it"


def test_a_record_json_cannot_read_asks_to_mend_it_first_since_restoring_loses_a_side_of_a_merge():
    data = ('{\n  "messages": [\n' + _message("A") + "\n  ]]\n}\n").encode("utf-8")
    with pytest.raises(InputError) as caught:
        reviewed.loads(data, "r.json")
    assert caught.value.line == 4
    assert "mend it (after a merge, keep both sides' messages, a comma after each but the last)" in \
        caught.value.message


def test_one_revision_merged_from_two_branches_is_kept_once_from_the_earlier_day():
    data = ('{"messages": [\n' + ",\n".join([_message("A", "2026-12-05"), _message("B"), _message("A", "2026-12-03")])
            + "\n]}\n").encode("utf-8")
    record = reviewed.loads(data, "r.json")
    assert [(english, revision.revised) for (_, english), revision in record.items()] == [
        ("A", "2026-12-03"), ("B", "2026-12-04")]


def test_loads_round_trips_what_dumps_writes(tmp_path):
    record = {(None, "B"): reviewed.Revision(None, "B", "A", "À", "2026-12-04"),
              ("role", "x"): reviewed.Revision("role", "x", "y", "« z »\n", "2026-12-05")}
    data = reviewed.dumps(record)
    assert reviewed.loads(data, tmp_path / "r.json") == record
    assert list(reviewed.loads(data, "r.json")) == list(record)
    with pytest.raises(InputError):
        reviewed.loads(data.replace(b'"2026-12-04"', b"20261204"), "r.json")


def test_check_holds_the_translation_last_reviewed_to_what_the_edition_shows(shipped):
    """The edition shows the record's translation: a hand edit of the file that adds a link or an
    invisible character is found where it is, and fails the check as it would in the catalog."""
    _revise(shipped, OLD, NEW)
    path = reviewed.path_of(shipped.catalog("fr"))
    document = json.loads(path.read_text(encoding="utf-8"))
    clean = shipped.run("check", "fr")
    assert clean.exit_code == 0, clean.stdout
    document["messages"][0]["translation"] += " Voir [notre site](https://evil.example/) &#x202E;."
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    result = shipped.run("check", "fr")
    assert result.exit_code == 1, result.stdout
    shown = "locales/fr/LC_MESSAGES/letter.reviewed.json: error: [{}] the translation last reviewed of"
    assert shown.format("links") in result.stdout and shown.format("characters") in result.stdout
    assert "https://evil.example/" in result.stdout and "restore this file from git" in result.stdout
    # Edited on both sides, the record names English the catalog's draft does not: refused as well.
    document["messages"][0]["previous"] += " Voir [notre site](https://evil.example/) &#x202E;."
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    both = shipped.run("check", "fr")
    assert both.exit_code == 1
    assert re.search(r"letter\.reviewed\.json: error: \[revised\] the record of '[^']+' names English that the "
                     r"catalog's draft \(its #\| msgid\) does not; restore this file from git", both.stdout)


def test_update_says_it_wrote_the_record_and_that_it_is_to_be_committed(shipped):
    shipped.edit("source/letter.md", OLD, NEW)
    shipped.ok("extract")
    result = shipped.ok("update", "fr")
    assert ("  wrote locales/fr/LC_MESSAGES/letter.reviewed.json (what the edition shows until review): "
            "commit it too") in result.stdout


def test_an_edit_of_the_english_undone_leaves_the_translation_reviewed(shipped):
    """The English goes back to what the translation was reviewed for, and nobody touched the draft:
    it is the reviewed translation of this English again, and no notice stays on the edition."""
    before = _entry(shipped, OLD)
    _revise(shipped, OLD, NEW)
    shipped.edit("source/letter.md", NEW, OLD)
    shipped.ok("extract")
    said = shipped.ok("update", "fr").stdout
    assert said.startswith("fr: updated (0 new, 0 fuzzy, 0 obsolete, 0 revived)\n"
                           "  1 draft reviewed again: the English is back as its translation was reviewed for")
    assert "  removed locales/fr/LC_MESSAGES/letter.reviewed.json (every revision is reviewed)" in said
    after = _entry(shipped, OLD)
    assert (after.msgstr, after.fuzzy, after.previous_msgid) == (before.msgstr, False, None)
    assert not reviewed.path_of(shipped.catalog("fr")).exists()


@pytest.mark.parametrize(("source", "old", "new", "code", "shown"), [
    ("source/signatories.yaml", "role: Former Finance Minister", "role: Former Minister of Finance", "fr",
     "Ancienne ministre des Finances"),
    ("source/signatories.yaml", "name: Mikhail Gorbachev", "name: Mikhail S. Gorbachev", "ru", "Михаил Горбачёв"),
])
def test_an_edit_of_a_signatory_undone_leaves_its_translation_reviewed(shipped, source, old, new, code, shown):
    """A role or a name edited and put back was left a draft in every catalog, its edition showing the
    English meanwhile, for translators to approve unchanged text again in every language."""
    shipped.edit(source, old, new)
    shipped.ok("extract")
    shipped.ok("update")
    shipped.ok("build", "--no-pdf")
    page = shipped.path(f"output/{code}/index.html").read_text(encoding="utf-8")
    assert shown not in page, "a signatory's part awaiting review is shown in English, not as it was reviewed"
    shipped.edit(source, new, old)
    shipped.ok("extract")
    said = shipped.ok("update").stdout
    assert "1 draft reviewed again" in said
    assert not [e for e in po.load(shipped.catalog(code)) if e.fuzzy]
    assert not reviewed.path_of(shipped.catalog(code)).exists()
    shipped.ok("build", "--no-pdf")
    assert shown in shipped.path(f"output/{code}/index.html").read_text(encoding="utf-8")


def test_an_undone_edit_of_a_draft_someone_touched_stays_a_draft(shipped):
    _revise(shipped, OLD, NEW)
    catalog = po.load(shipped.catalog("fr"))
    for entry in catalog:
        if entry.msgid.startswith(NEW[:20]) or NEW in entry.msgid:
            entry.msgstr = "travail en cours"
    po.save(catalog, shipped.catalog("fr"))
    _revise(shipped, NEW, OLD)
    assert _entry(shipped, OLD).fuzzy and len(_record(shipped)["messages"]) == 1


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext's msgmerge is missing")
def test_a_catalog_merged_by_msgmerge_is_told_why_its_edition_cannot_show_the_revision(shipped):
    """msgmerge keeps the old translation as a draft but writes no record of its review: the check says
    that, not that the paragraph was never reviewed, and how to recover, which works."""
    shipped.edit("source/letter.md", OLD, NEW)
    shipped.ok("extract")
    before = shipped.catalog("fr").read_bytes()
    subprocess.run(["msgmerge", "-q", "--previous", "-U", "--backup=none", str(shipped.catalog("fr")),
                    str(shipped.path("locales/letter.pot"))], check=True)
    result = shipped.run("check", "fr")
    assert result.exit_code == 1
    assert ("the edition has no reviewed translation of it to show meanwhile, as letter.reviewed.json beside the "
            "catalog records none. If one was reviewed, the catalog was merged by another tool than `letter update` "
            "(msgmerge, Weblate's msgmerge add-on), or the file was not committed: put the catalog back as it was "
            "before that merge" in result.stdout)
    assert "never been reviewed" not in result.stdout
    shipped.catalog("fr").write_bytes(before)  # as `git checkout <commit> -- <catalog>` puts it back
    shipped.ok("update", "fr")
    assert shipped.run("check", "fr").exit_code == 0 and _record(shipped)["messages"]


@pytest.mark.parametrize("emptied", [False, True], ids=["lines dropped", "draft emptied"])
def test_a_draft_that_lost_its_previous_english_gets_it_back_from_the_record(shipped, emptied):
    """Weblate's merge driver drops a draft's #| lines on a rebase: the check told the editor to restore the
    record from git (which was right) or to put an English back (which made a duplicate). It names the
    draft, and `letter update` writes the lines back from the record."""
    shipped.edit("source/letter.md", OLD, NEW)
    shipped.ok("extract")
    shipped.ok("update", "fr")
    catalog = po.load(shipped.catalog("fr"))
    draft = next(entry for entry in catalog if entry.previous_msgid and OLD in entry.previous_msgid)
    draft.previous_msgid = draft.previous_msgctxt = None
    if emptied:  # a translator cleared the text to start again, and the mark with it
        draft.msgstr, draft.flags = "", [flag for flag in draft.flags if flag != "fuzzy"]
    po.save(catalog, shipped.catalog("fr"))
    result = shipped.run("check", "fr")
    assert result.exit_code == 1 and "this draft has lost its #| lines" in result.stdout
    assert "restore this file from git" not in result.stdout
    assert "fr: updated" in shipped.ok("update", "fr").stdout
    assert OLD in next(entry for entry in po.load(shipped.catalog("fr")) if entry.msgid == draft.msgid).previous_msgid
    assert shipped.run("check", "fr").exit_code == 0 or emptied  # (an emptied draft is untranslated)
    assert "lost its #| lines" not in shipped.run("check", "fr").stdout


def test_a_reviewed_translation_marked_fuzzy_is_said_to_be_a_draft_not_one_never_reviewed(shipped):
    """A reviewer marks a reviewed paragraph fuzzy in Poedit, its words unchanged: nothing recorded its
    review, so the check cannot show it meanwhile, and says so without claiming it was never reviewed."""
    catalog = po.load(shipped.catalog("fr"))
    entry = next(e for e in catalog if e.msgid.startswith("We call on the world's"))
    entry.flags.append("fuzzy")
    po.save(catalog, shipped.catalog("fr"))
    result = shipped.run("check", "fr")
    assert result.exit_code == 1 and "never been reviewed" not in result.stdout
    assert ("is a draft: review it and clear the fuzzy mark; the edition has no reviewed translation of it to show "
            "meanwhile (a translation marked fuzzy is not one, whatever it was before: letter.reviewed.json keeps the "
            "last reviewed one only when `letter update` merges a change of the English)") in result.stdout


def test_an_added_paragraph_edited_again_before_review_is_still_added_since(shipped):
    """Its record entry (no translation, since when) is carried to the new English, not lost: the edition
    shows it in English under the notice, and nobody is told it was reviewed for other English."""
    added = "A paragraph added after publication."
    letter = shipped.path("source/letter.md")
    letter.write_text(letter.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + added + "\n", encoding="utf-8")
    shipped.ok("extract")
    shipped.ok("update", "fr")
    [entry] = _record(shipped)["messages"]
    assert (entry["english"], entry["previous"], entry["translation"]) == (added, "", "")
    catalog = po.load(shipped.catalog("fr"))
    for item in catalog:
        if item.msgid == added:
            item.msgstr, item.flags = "Un paragraphe ajouté.", ["fuzzy"]  # a draft, not reviewed
    po.save(catalog, shipped.catalog("fr"))
    shipped.edit("source/letter.md", added, "A paragraph added after publication, and edited.")
    shipped.ok("extract")
    said = shipped.ok("update", "fr").stdout
    assert "removed" not in said
    [entry] = _record(shipped)["messages"]
    assert entry["english"] == "A paragraph added after publication, and edited." and entry["previous"] == ""
    check = shipped.run("check", "fr")
    assert check.exit_code == 0 and "reviewed for other English" not in check.stdout
    assert "warning: [revised]" in check.stdout


PARAGRAPH_3_HEAD = "Over the past weeks, we have witnessed attacks that have targeted medical facilities"
SPLIT_AT = "pandemic. These actions"


def test_keep_translations_leaves_a_correction_of_form_reviewed(shipped):
    """A spelling and a comma are not news to a translator: with --keep-translations the reviewed
    translation stays reviewed, so no edition waits for it, nothing is recorded, and the command
    names what it kept."""
    phrase = "organizations on the frontlines"
    before = _entry(shipped, phrase)
    corrected = "organisations on the front lines"
    shipped.edit("source/letter.md", phrase + " of", corrected + " of")
    shipped.ok("extract")
    said = shipped.ok("update", "--keep-translations").stdout
    assert said.startswith("ar: updated (0 new, 0 fuzzy, 0 obsolete, 0 revived)\n"
                           "  kept 1 reviewed translation (--keep-translations)\n")
    assert said.count("kept 1 reviewed translation") == 7
    *_, heading, edit = said.splitlines()
    assert heading == ("translations kept as reviewed for these corrections of the English (`letter check` holds "
                       "them to the new English):")
    assert edit.startswith("  ~ …")
    assert "[-organizations-]{+organisations+} on the [-frontlines-]{+front lines+}" in edit
    after = _entry(shipped, corrected)
    assert (after.msgstr, after.fuzzy, after.previous_msgid) == (before.msgstr, False, None)
    assert not reviewed.path_of(shipped.catalog("fr")).exists()
    assert shipped.run("check", "--strict").exit_code == 0
    assert "100%" in shipped.ok("status", "fr").stdout


@pytest.mark.parametrize("before, after, form", [
    ("Former President", "Former president", True),
    ("the goverments of the world", "the governments of the world", True),
    ("we recieve the letter", "we receive the letter", True),
    ("health care workers", "healthcare workers", True),
    ("decisive action to stop", "decisive action, to stop", True),
    ("immediate and decisive action", "immediate, decisive action", False),   # a word removed
    ("are unlawful and unacceptable", "are not unlawful and unacceptable", False),
    ("Professor of Public International Law", "Professor of Private International Law", False),
    ("Former Taoiseach", "Former Tánaiste", False),
    ("the COVID-19 pandemic", "the COVID-20 pandemic", False),
    ("one two three four five", "one, two; three: four. five!", False),  # more than 3 marks
    ("we recieve teh letter", "we receive the letter", True),  # two neighbours swapped
    ("are unlawful", "are lawful", False),  # a prefix less
    ("possible", "impossible", False),
    ("millions infected", "billions infected", False),  # another first letter
    ("has ever been", "has never been", False),
    ("nuclear", "unclear", False),
    ("the hospital", "the hospitals", False),  # an ending more
    ("attacks that target", "attacks that targeted", False),
    ("costs $5", "costs €5", False),  # a symbol
    ("grew 5%", "grew -5%", False),  # next to a number
    ("take immediate action", "take *immediate* action", False),  # emphasis, which a translation must follow
    ("see the call", "see the `call`", False),
    ("read the call", "read [the call](https://example.org/)", False),
    ("take *immediate* action", "take *immediate*, action", True),  # its emphasis as it was
    ("see [the call](https://icrc.org/documnet)", "see [the call](https://icrc.org/document)", False),  # an address
    ("see <https://icrc.org/documnet>", "see <https://icrc.org/document>", False),
    ("see https://icrc.org/documnet today", "see https://icrc.org/document today", False),
    ("write to ops@icrc.ogr now", "write to ops@icrc.org now", False),
    ("see [teh call](https://icrc.org/call)", "see [the call](https://icrc.org/call)", True),  # its words, not where
    ("see [the Call](https://icrc.org/call) now", "see [the call](https://icrc.org/call) now", True),
    ("see https://icrc.org/call.", "see https://icrc.org/call!", True),  # the mark after an address
])
def test_a_correction_of_form_is_spelling_case_punctuation_or_spacing(before, after, form):
    assert corrections.correction_of_form(before, after) is form


@pytest.mark.parametrize("before, after, name, form", [
    ("Thabo Thulare", "Thabo Thulane", True, False),  # a letter: another sound to transcribe
    ("Thabo Thulare", "Thabo Thulane", False, True),  # as a paragraph's would be
    ("Danilo Turk", "Danilo Türk", True, False),
    ("Thabo thulare", "Thabo Thulare", True, True),
    ("Mohamed ElBaradei", "Mohamed El Baradei", True, True),
    ("Ban Ki moon", "Ban Ki-moon", True, True),
])
def test_a_correction_of_form_of_a_name_changes_no_letter(before, after, name, form):
    assert corrections.correction_of_form(before, after, name=name) is form


def test_keep_translations_leaves_a_corrected_number_a_draft(shipped):
    shipped.edit("source/letter.md", "organizations on the frontlines of the response to the COVID-19 pandemic",
                 "organisations on the frontlines of the response to the COVID-20 pandemic")
    shipped.ok("extract")
    said = shipped.ok("update", "--keep-translations", "fr").stdout
    assert "kept" not in said and "1 edit of more than spelling, case or punctuation (of a name's letters, any) " \
        "left a draft" in said
    assert _entry(shipped, "COVID-20 pandemic").fuzzy


def test_without_keep_translations_the_same_correction_is_a_draft(shipped):
    shipped.edit("source/letter.md", "organizations on the frontlines", "organisations on the frontlines")
    shipped.ok("extract")
    assert "kept" not in shipped.ok("update", "fr").stdout
    assert _entry(shipped, "organisations on the frontlines").fuzzy


def test_a_plain_update_says_which_drafts_keep_translations_would_leave_reviewed(shipped):
    """An editor who fixes a typo and runs extract and update as the workflow shows gets a draft in every
    catalog and a notice on every edition: the update names the option that spares them, once, and only for
    a correction of form made by this update."""
    shipped.edit("source/letter.md", "organizations on the frontlines", "organisations on the frontlines")
    shipped.edit("source/letter.md", "that prohibit such actions.", "that prohibit such actions. Nor the last.")
    shipped.ok("extract")
    said = shipped.ok("update").stdout
    assert said.count("--keep-translations") == 1
    assert ("note: 1 edit changes only the English's spelling, case or punctuation: `letter update "
            "--keep-translations` leaves the reviewed translations of it reviewed instead of drafts (read what it "
            "lists):\n"
            "  ~ …targeted medical facilities and [-organizations-]{+organisations+} on the frontlines of…\n") in said
    assert _entry(shipped, "organisations on the frontlines").fuzzy
    assert "--keep-translations" not in shipped.ok("update").stdout


def test_keep_translations_after_a_plain_update_still_keeps_a_paragraph(shipped):
    """The option forgotten on the first run: the record still holds the reviewed translation, and
    the draft is as update left it, so a second run with the option keeps it."""
    before = _entry(shipped, "organizations on the frontlines")
    _revise(shipped, "organizations on the frontlines", "organisations on the frontlines")
    said = shipped.ok("update", "--keep-translations", "fr").stdout
    assert said.startswith("fr: updated (0 new, 0 fuzzy, 0 obsolete, 0 revived)\n  kept 1 reviewed translation")
    after = _entry(shipped, "organisations on the frontlines")
    assert (after.msgstr, after.fuzzy) == (before.msgstr, False)
    assert not reviewed.path_of(shipped.catalog("fr")).exists()


def test_keep_translations_after_a_plain_update_still_keeps_a_signatory_s_part(shipped):
    """As a paragraph's: the record holds the part's reviewed translation, so the option forgotten on the
    first run, which `letter update` then lists, keeps it on the second, as the README says."""
    before = _entry(shipped, "Former Secretary General")
    shipped.edit("source/signatories.yaml", "role: Former Secretary General", "role: Former Secretary-General")
    shipped.ok("extract")
    assert "  ~ [role] Former Secretary[- -]{+-+}General\n" in shipped.ok("update", "fr").stdout
    assert "kept 1 reviewed translation" in shipped.ok("update", "--keep-translations", "fr").stdout
    after = _entry(shipped, "Former Secretary-General")
    assert (after.msgstr, after.fuzzy) == (before.msgstr, False)
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "needs the option the first time" not in readme


def test_keep_translations_says_why_it_leaves_a_draft_its_translator_edited(shipped):
    """The option forgotten on the first run, and the translator has begun on the draft since: the
    option does not put the old translation back over their text, and says so, where it said nothing."""
    _revise(shipped, "organizations on the frontlines", "organisations on the frontlines")
    loaded = po.load(shipped.catalog("fr"))
    draft = next(e for e in loaded if "organisations on the frontlines" in e.msgid)
    draft.msgstr = draft.msgstr.replace("organisations", "structures")
    po.save(loaded, shipped.catalog("fr"))
    said = shipped.ok("update", "--keep-translations", "fr").stdout
    assert said == ("fr: unchanged (0 new, 0 fuzzy, 0 obsolete, 0 revived)\n"
                    "  1 correction of form left a draft, as its translator edited it since: review it (the option "
                    "keeps a translation only as it was reviewed)\n")
    assert _entry(shipped, "organisations on the frontlines").msgstr == draft.msgstr


def test_keep_translations_leaves_a_larger_edit_or_a_split_paragraph_a_draft(shipped):
    """A sentence added and a paragraph split in two change what the translation must say: they
    are drafts for review, and the command says so."""
    shipped.edit("source/letter.md", "that prohibit such actions.", "that prohibit such actions. Nor the last attack.")
    shipped.edit("source/letter.md", SPLIT_AT, "pandemic.\n\nThese actions")
    shipped.ok("extract")
    shipped.edit("source/signatories.yaml", "role: Former Taoiseach", "role: Former Tánaiste")
    shipped.ok("extract")
    said = shipped.ok("update", "--keep-translations", "fr").stdout
    assert "kept" not in said
    assert "  3 edits of more than spelling, case or punctuation (of a name's letters, any) left a draft for " \
           "review" in said
    assert _entry(shipped, "Nor the last attack.").fuzzy
    assert _entry(shipped, "These actions have endangered").fuzzy
    assert not _entry(shipped, PARAGRAPH_3_HEAD).translated()


def test_keep_translations_counts_only_the_edits_this_update_made(shipped):
    """An edit an earlier update made a draft was told of then, and a message whose context alone
    changed (a signatory's gender) is no edit of the English: neither is counted again."""
    _revise(shipped, OLD, NEW)  # a word added: a draft
    again = shipped.ok("update", "--keep-translations", "fr").stdout
    assert again.startswith("fr: unchanged") and not re.search(r"\bedits?\b", again) and "kept" not in again
    shipped.edit("source/signatories.yaml", "- name: Madeleine Albright\n  gender: feminine\n",
                 "- name: Madeleine Albright\n")
    shipped.ok("extract")
    said = shipped.ok("update", "--keep-translations", "fr").stdout
    assert not re.search(r"\bedits?\b", said) and "kept" not in said  # ("editor", of the next step, is no edit)


def test_a_catalog_saved_during_update_keeps_the_record_of_what_it_awaits(shipped, monkeypatch):
    """`update --keep-translations` would mark a draft reviewed and drop its record entry; the catalog
    is saved meanwhile, so the update writes nothing of it: the record must still hold the reviewed
    translation, or the edition has none to show and a second run nothing to keep."""
    _revise(shipped, "organizations on the frontlines", "organisations on the frontlines")
    assert len(_record(shipped)["messages"]) == 1
    from pipeline import update as updating
    real_merge, path = updating.merge, shipped.catalog("fr")

    def merge_while_translator_saves(template, catalog, **options):
        result = real_merge(template, catalog, **options)
        path.write_bytes(path.read_bytes().replace(b"Translated and reviewed", b"Translated, reviewed"))
        return result

    monkeypatch.setattr(updating, "merge", merge_while_translator_saves)
    assert shipped.run("update", "--keep-translations", "fr").exit_code == 2
    assert len(_record(shipped)["messages"]) == 1
    monkeypatch.undo()
    assert "kept 1 reviewed translation" in shipped.ok("update", "--keep-translations", "fr").stdout
    assert not reviewed.path_of(shipped.catalog("fr")).exists()


WHOLE = ("We don't tolerate attacks on health infrastructure in the physical world. We stand with the "
         "International Committee of the Red Cross. The time to act is now.")
WHOLE_FR = "Nous ne tolérons pas ces attaques. Nous sommes aux côtés du CICR. Le moment d'agir est venu."
PARTS = {"first": "We don't tolerate attacks on health infrastructure in the physical world.",
         "middle": "We stand with the International Committee of the Red Cross.",
         "last": "The time to act is now.", "new": "Hospitals must never be a target, in war or in peace."}


def _catalog(entries: list[polib.POEntry]) -> polib.POFile:
    catalog = polib.POFile()
    catalog.extend(entries)
    return catalog


@pytest.mark.parametrize("after, split_off, added", [
    # (the paragraphs after the split, in order: (part, role)), the parts recorded split off, added since
    ([("first", "holds"), ("middle", "new"), ("last", "new")], {"middle", "last"}, set()),
    ([("first", "new"), ("middle", "holds"), ("last", "new")], {"first", "last"}, set()),
    ([("first", "new"), ("middle", "new"), ("last", "holds")], {"first", "middle"}, set()),
    ([("first", "holds"), ("new", "new")], set(), {"new"}),  # not in the English the translation says
    ([("first", "holds"), ("new", "new"), ("last", "new")], set(), {"new", "last"}),  # not beside it
    ([("first", "reviewed"), ("middle", "new")], set(), {"middle"}),  # no longer said by the one shown
])
def test_update_records_the_parts_split_off_a_paragraph_beside_the_one_that_kept_its_translation(
        after, split_off, added):
    """A reviewed paragraph split: the part that kept its translation (a draft naming the whole in ``#|``)
    holds the parts beside it whose English the whole says, whichever side they are on, so that an edition
    shows what they say once."""
    before = _catalog([polib.POEntry(msgid=WHOLE, msgstr=WHOLE_FR)])
    entries = []
    for part, role in after:
        entry = polib.POEntry(msgid=PARTS[part], msgstr={"holds": WHOLE_FR, "reviewed": f"fr {part}"}.get(role, ""))
        if role == "holds":
            entry.flags, entry.previous_msgid = ["fuzzy"], WHOLE
        entries.append(entry)
    record = reviewed.carried(before, _catalog(entries), {}, "2026-12-06", {}, " ")
    assert {part for part, _ in after if record.get((None, PARTS[part])) and record[(None, PARTS[part])].split_off} \
        == split_off
    assert {part for part, _ in after if (None, PARTS[part]) in record and not record[(None, PARTS[part])].previous} \
        == added
    assert all(revision.previous == WHOLE for revision in record.values() if revision.split_off)
