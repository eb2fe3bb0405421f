"""`letter update` on real catalogs: nothing a translator wrote is lost."""
from __future__ import annotations

import difflib
import re
import subprocess

import pytest

from pipeline import po

from conftest import ROOT, msgcat, needs_gettext


def french(entry):
    return f"FR {entry.msgid}"


def test_changed_message_keeps_translation_as_fuzzy_with_previous_msgid(extracted):
    extracted.ok("init", "fr")
    extracted.translate("fr", french)
    old = "The time to act is now."
    extracted.edit("source/letter.md", old, "The time to act is today.")
    extracted.ok("extract")
    result = extracted.ok("update")
    assert "fr: updated" in result.stdout and "1 fuzzy" in result.stdout
    loaded = po.load(extracted.catalog("fr"))
    entry = next(e for e in loaded if e.msgid.endswith("The time to act is today."))
    assert entry.fuzzy
    assert entry.previous_msgid.endswith(old)
    assert entry.msgstr == "FR " + entry.previous_msgid
    assert "#| msgid" in extracted.catalog("fr").read_text(encoding="utf-8")


def test_check_says_a_msgid_may_have_been_edited_in_the_catalog(extracted, monkeypatch):
    """A search and replace that reached a msgid looks to `letter update`, as to msgmerge, like a revision
    of the English. While the catalog bears the template's date, the check says what else it may be."""
    extracted.ok("init", "fr")
    extracted.translate("fr", french)
    catalog = extracted.catalog("fr")
    pristine = catalog.read_bytes()
    # The first is the msgid's; its translation ("FR " and the English) says it too.
    catalog.write_bytes(pristine.replace(b"cyberattacks on hospitals", b"cyberattacks on hospitels", 1))
    said = extracted.run("check", "fr").stdout
    # Both findings quote the paragraph's start, and say what differs: the edit to put back.
    edit = "…stop all cyberattacks on [-hospitels-]{+hospitals+}, healthcare and medical …"
    assert (f"is no longer in the letter, which has it otherwise (here → the letter): {edit}; this catalog bears "
            "the template's date (POT-Creation-Date): if this English was edited here by mistake, put it back as the "
            "template has it, since `letter update` would take the edit for a revision of the English; else run "
            "`letter update`") in said
    # One finding: the English the letter has is not also said to be missing.
    assert "is missing" not in said and said.count("[out-of-sync]") == 1
    # A revision of the English: the template has a date of its own then, and the check says only what to run.
    catalog.write_bytes(pristine)
    extracted.edit("source/letter.md", "The time to act is now.", "The time to act is today.")
    edit = "…time to act is [-now-]{+today+}."
    revision = f"is no longer in the letter, which has it otherwise (here → the letter): {edit}"
    assert f"{revision}; run `letter extract`, then `letter update`" in extracted.run("check", "fr").stdout
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2000000000")  # a later minute than the catalog's (gettext's dates)
    extracted.ok("extract")
    said = extracted.run("check", "fr").stdout
    assert f"{revision}; run `letter update`" in said and "edited here" not in said


def test_a_draft_s_english_edited_in_the_catalog_is_told_to_be_put_back(extracted):
    """A search and replace that reached the msgid of a draft, or of a message not yet translated: `letter
    update` would take the edit for a revision of the English all the same, so the one finding says to put it
    back, as for a reviewed translation."""
    extracted.ok("init", "fr")
    extracted.translate("fr", french, fuzzy=True)
    catalog = extracted.catalog("fr")
    catalog.write_bytes(catalog.read_bytes().replace(b"cyberattacks on hospitals", b"cyberattacks on hospitels", 1))
    said = extracted.run("check", "fr").stdout
    edited = [line for line in said.splitlines() if "[out-of-sync]" in line]
    assert len(edited) == 1 and "(here → the letter): …stop all cyberattacks on [-hospitels-]{+hospitals+}" \
        in edited[0], said
    assert "if this English was edited here by mistake, put it back as the template has it" in edited[0]


def test_new_message_arrives_untranslated_and_removed_becomes_obsolete(extracted):
    extracted.ok("init", "fr")
    extracted.translate("fr", french)
    extracted.edit("source/signatories.yaml", "  role: Former Taoiseach\n",
                   "  role: Former Taoiseach\n  honour: Patron\n")
    extracted.edit("source/signatories.yaml", "- name: Brad Smith\n  role:\n    text: President\n"
                   "    sense: of a company\n  affiliation: Microsoft\n\n", "")
    extracted.ok("extract")
    said = extracted.ok("update").stdout
    assert said.endswith("next: translate the new messages and review the drafts (`letter draft` fills the new "
                         "with machine drafts; `letter serve`'s review page, Poedit or an editor for the rest), then "
                         "`letter build`\n")
    loaded = po.load(extracted.catalog("fr"))
    patron = next(e for e in loaded if e.msgid == "Patron")
    assert patron.msgstr == "" and not patron.obsolete
    microsoft = [e for e in loaded if e.msgid == "Microsoft"]
    assert microsoft and microsoft[0].obsolete and microsoft[0].msgstr == "FR Microsoft"
    assert "#~ msgid \"Microsoft\"" in extracted.catalog("fr").read_text(encoding="utf-8")


def test_update_without_change_leaves_catalog_byte_identical(extracted):
    extracted.ok("init", "fr")
    extracted.translate("fr", french)
    before = extracted.catalog("fr").read_bytes()
    result = extracted.ok("update")
    assert "fr: unchanged" in result.stdout and "next:" not in result.stdout  # nothing new: nothing to do
    assert extracted.catalog("fr").read_bytes() == before


def test_an_unreadable_catalog_is_reported_and_the_others_updated(extracted):
    extracted.ok("init", "fr", "de", "it")
    broken = extracted.catalog("de")
    broken.write_bytes(broken.read_bytes() + b'\nmsgid "unterminated\nmsgstr ""\n')
    before = broken.read_bytes()
    # One the system will not read: a folder where the file should be.
    extracted.catalog("it").unlink()
    extracted.catalog("it").mkdir()
    extracted.edit("source/letter.md", "The time to act is now.", "The time to act is today.")
    extracted.ok("extract")
    result = extracted.run("update")
    assert result.exit_code == 2
    assert "locales/de/LC_MESSAGES/letter.po:" in result.stderr
    assert ("locales/it/LC_MESSAGES/letter.po: error: cannot read the catalog: it is a folder, not a file; move the "
            "folder elsewhere and put the file in its place") in result.stderr
    assert "fr: updated" in result.stdout
    assert broken.read_bytes() == before


def test_a_header_without_charset_gets_utf_8_when_updated(extracted):
    # Made by hand, with no Content-Type: the template's messages bring letters beyond ASCII.
    extracted.path("locales/fr/LC_MESSAGES").mkdir(parents=True)
    extracted.catalog("fr").write_bytes(b'msgid ""\nmsgstr ""\n"Language: fr\\n"\n')
    result = extracted.run("update")
    assert result.exit_code == 0, result.stderr
    text = extracted.catalog("fr").read_text(encoding="utf-8")
    assert '"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n' in text and "Türk" in text


def test_a_catalog_saved_meanwhile_is_not_overwritten(extracted, monkeypatch):
    """A translator's save between our read and our write wins; update says so and exits 2."""
    extracted.ok("init", "fr")
    extracted.translate("fr", french)
    extracted.edit("source/letter.md", "The time to act is now.", "The time to act is today.")
    extracted.ok("extract")
    path = extracted.catalog("fr")
    from pipeline import update as updating
    real_merge = updating.merge

    def merge_while_translator_saves(template, catalog, **options):
        result = real_merge(template, catalog, **options)
        path.write_bytes(path.read_bytes().replace(b'msgstr "FR Signatories"', b'msgstr "Signataires"'))
        return result

    monkeypatch.setattr(updating, "merge", merge_while_translator_saves)
    result = extracted.run("update")
    assert result.exit_code == 2
    assert "changed while it was being updated" in result.stderr
    assert b'msgstr "Signataires"' in path.read_bytes()


@needs_gettext
def test_update_writes_what_msgmerge_writes_after_the_letter_changed(shipped):
    """The shipped catalogs, after a signatory left, one arrived and a paragraph was edited: `letter
    update` writes, byte for byte, what `msgmerge --previous` writes (with the project's
    `locations = "file"`), so msgmerge, Poedit and this tool never fight in a diff."""
    signatories = shipped.path("source/signatories.yaml")
    text = signatories.read_text(encoding="utf-8")
    text = re.sub(r"- name: Khoo Boon Hui\n(  .*\n)*\n", "", text)
    signatories.write_text(text.replace("- name: Dapo Akande\n", "- name: Aaron Aardvark\n  role: Former President"
                                        "\n\n- name: Dapo Akande\n"), encoding="utf-8")
    shipped.edit("source/letter.md", "take immediate and decisive action", "take immediate, decisive action")
    shipped.ok("extract")
    template = shipped.path("locales/letter.pot")
    expected = {code: subprocess.run(["msgmerge", "--quiet", "--previous", "--add-location=file", "-o", "-",
                                      str(shipped.catalog(code)), str(template)],
                                     capture_output=True, check=True).stdout for code in ("fr", "ar", "zh-Hans")}
    shipped.ok("update")
    for code, theirs in expected.items():
        ours = shipped.catalog(code).read_bytes()
        assert b'#~ msgctxt "affiliation"\n#~ msgid "INTERPOL"' in ours and b'\n#| "We call on' in ours
        assert ours == theirs, code


def test_update_leaves_a_catalog_it_does_not_change_as_weblate_saved_it(shipped):
    """Weblate (translate-toolkit's writer) breaks a long header line before its "\\n", where msgcat
    breaks inside it, and writes its own fields. `letter update` with nothing to merge rewrote the
    catalog in msgcat's layout and said "updated (0 new, …)": a diff of nothing, undone at Weblate's
    next save. A catalog whose messages and header the update leaves as they are stays as saved."""
    catalog = shipped.catalog("fr")
    text = catalog.read_text(encoding="utf-8")
    header = re.search(r'"Last-Translator: .*?"Plural-Forms: [^\n]*\n', text, re.S).group()
    weblate = ('"Last-Translator: Jeanne Martin <jeanne@example.org>\\n"\n'
               '"Language-Team: French <https://hosted.weblate.org/projects/letter/letter/fr/>"\n'
               '"\\n"\n'
               '"Language: fr\\n"\n"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
               '"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: nplurals=2; plural=n > 1;\\n"\n'
               '"X-Generator: Weblate 5.14\\n"\n')
    catalog.write_text(text.replace(header, weblate), encoding="utf-8")
    saved = catalog.read_bytes()
    shipped.ok("extract")
    assert shipped.ok("update", "fr").stdout.startswith("fr: unchanged (0 new, 0 fuzzy, 0 obsolete, 0 revived)")
    assert catalog.read_bytes() == saved


def test_update_gives_lf_alone_to_a_catalog_whose_strings_alone_go_on_after_a_crlf(shipped):
    """A catalog with both line ends gets LF alone, also when its CRLFs end only lines a string goes on
    after (a message pasted from Windows): the catalog differs from what the update writes in its
    line ends, not only in where its strings are broken."""
    catalog = shipped.catalog("fr")
    lf = catalog.read_bytes()
    mixed = lf.replace(b'"\n"', b'"\r\n"', 1)
    assert mixed != lf
    catalog.write_bytes(mixed)
    shipped.ok("extract")
    assert shipped.ok("update", "fr").stdout.startswith("fr: updated (0 new, 0 fuzzy, 0 obsolete, 0 revived)")
    assert catalog.read_bytes() == lf


@pytest.mark.parametrize("ends", ["crlf", "mixed"])
def test_update_keeps_the_crlf_line_ends_of_a_catalog_saved_on_windows(shipped, ends):
    """A catalog whose every line ends in CRLF (saved by an editor on Windows, committed as it is) keeps
    them, so git shows only the message the English changed; one with both line ends gets LF alone."""
    catalog = shipped.catalog("fr")
    lf = catalog.read_bytes()
    crlf = lf.replace(b"\n", b"\r\n")
    catalog.write_bytes(crlf if ends == "crlf" else crlf.replace(b"\r\n", b"\n", 3))
    shipped.edit("source/letter.md", "take immediate and decisive action", "take immediate, decisive action")
    shipped.ok("extract")
    assert "fr: updated" in shipped.ok("update", "fr").stdout
    after = catalog.read_bytes()
    if ends == "mixed":
        assert b"\r" not in after
        return
    assert after.count(b"\n") == after.count(b"\r\n")
    changed = [line for line in difflib.ndiff(crlf.decode().split("\r\n"), after.decode().split("\r\n"))
               if line.startswith(("- ", "+ "))]
    assert changed and all(re.search(r"decisive action|immediate|fuzzy|#\| |Creation-Date", line)
                           for line in changed), changed


@needs_gettext
@pytest.mark.parametrize("layout", ["no-wrap", "wrapped", "no-wrap crlf"])
def test_update_keeps_the_layout_of_a_catalog_laid_out_unwrapped(shipped, layout):
    """A catalog saved unwrapped (Poedit's "don't wrap", Weblate's "only wrap at newlines", msgcat
    --no-wrap) was wrapped again whole by `letter update`: every long message a line of diff, every
    merge with the translators' side a conflict. It stays as msgcat --no-wrap writes it now, CRLF
    line ends too, and so git shows only the message the English changed; a wrapped one stays wrapped."""
    catalog = shipped.catalog("fr")
    option = ["--no-wrap"] if layout.startswith("no-wrap") else []
    newline = b"\r\n" if layout.endswith("crlf") else b"\n"
    catalog.write_bytes(msgcat(catalog, *option).replace(b"\n", newline))
    before = catalog.read_bytes()
    strings = [line for line in before.split(newline) if line.startswith((b'"', b"msg"))]
    assert (max(map(len, strings)) > 200) == bool(option)
    shipped.edit("source/letter.md", "take immediate and decisive action", "take immediate, decisive action")
    shipped.ok("extract")
    assert "fr: updated" in shipped.ok("update", "fr").stdout
    after = catalog.read_bytes()
    assert after.count(b"\n") == after.count(newline)
    gnu = subprocess.run(["msgcat", *option, "-"], input=after.replace(b"\r\n", b"\n"), capture_output=True,
                         check=True).stdout
    assert after == gnu.replace(b"\n", newline)
    changed = [line for line in difflib.ndiff(before.decode().split(newline.decode()),
                                              after.decode().split(newline.decode()))
               if line.startswith(("- ", "+ "))]
    assert changed and all(re.search(r"decisive action|immediate|fuzzy|#\| |Creation-Date", line)
                           for line in changed), changed


def test_check_tells_an_editor_who_forgot_extract_to_extract_not_to_restore_catalogs(shipped):
    """A signatory added without `letter extract`: the catalogs bear the template's date and lack the new
    messages, and the template is what is stale, not the catalogs."""
    text = shipped.path("source/signatories.yaml").read_text(encoding="utf-8")
    shipped.path("source/signatories.yaml").write_text(text + "\n- name: Jane Doe\n  role: Professor\n",
                                                       encoding="utf-8")
    said = shipped.run("check", "fr").stdout
    assert "restore it from git" not in said
    assert ("locales/fr/LC_MESSAGES/letter.po: error: [out-of-sync] 'Jane Doe' is missing; run `letter extract`, "
            "then `letter update`") in said


def test_update_tells_an_editor_who_forgot_extract_that_it_brought_nothing_of_the_change(shipped):
    """A paragraph corrected without `letter extract`: update has nothing to merge, and must not leave the
    editor believing the catalogs are current ("unchanged") without saying that the template is behind."""
    letter = shipped.path("source/letter.md")
    text = letter.read_text(encoding="utf-8")
    letter.write_text(text.replace("The time to act is now.", "The time to act is today."), encoding="utf-8")
    before = shipped.path("locales/fr/LC_MESSAGES/letter.po").read_bytes()
    done = shipped.ok("update", "fr")
    assert "fr: unchanged" in done.stdout
    assert ("note: source/ changed since `letter extract` made the template, so this update brought none of it "
            "to the catalogs: run `letter extract`, then `letter update`") in done.stderr
    assert shipped.path("locales/fr/LC_MESSAGES/letter.po").read_bytes() == before
    shipped.ok("extract")
    assert "note:" not in shipped.ok("update", "fr").stderr


def test_an_update_that_needs_nothing_of_a_broken_source_still_succeeds(shipped):
    """The note above reads source/; a slip there (a YAML line without its colon) fails no update, which
    merges the template alone: it is told as a warning, at its line."""
    signatories = shipped.path("source/signatories.yaml")
    signatories.write_text(signatories.read_text(encoding="utf-8") + "- name: X\n  role Oops\n", encoding="utf-8")
    done = shipped.ok("update", "fr")
    assert "fr: unchanged" in done.stdout
    last = len(signatories.read_text(encoding="utf-8").splitlines())
    assert done.stderr == (f"source/signatories.yaml:{last}: warning: not valid YAML: the field's name on this line is "
                           "not followed by ':': write 'role: Oops'; once it is mended, run `letter extract`, then "
                           "`letter update`, to bring what changed in source/ to the catalogs\n")


def test_a_catalog_cut_short_is_still_told_to_be_restored_while_the_template_is_stale(shipped):
    """The messages the template has and the catalog lost are to be restored from git first, though a
    signatory added without `letter extract` is told to extract: `letter update` would add the lost ones
    back untranslated."""
    catalog = shipped.catalog("fr")
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text[:text.index("\n\n", len(text) // 2)] + "\n", encoding="utf-8")
    text = shipped.path("source/signatories.yaml").read_text(encoding="utf-8")
    shipped.path("source/signatories.yaml").write_text(text + "\n- name: Jane Doe\n  role: Professor\n",
                                                       encoding="utf-8")
    said = shipped.run("check", "fr").stdout
    lost = [line for line in said.splitlines() if "restore it from git before anything else" in line]
    assert len(lost) == 1 and "Jane Doe" not in lost[0] and "Professor" not in lost[0], said
    for new in ("Jane Doe", "Professor"):
        assert f"[out-of-sync] '{new}' is missing; run `letter extract`, then `letter update`" in said
    # The English of a paragraph edited, not added to: the catalog still holds the old, as the template does.
    shipped.edit("source/letter.md", "The time to act is now.", "The time to act is now!")
    said = shipped.run("check", "fr").stdout
    lost = [line for line in said.splitlines() if "restore it from git before anything else" in line]
    assert len(lost) == 1 and "now!" not in lost[0], said
    assert ("is no longer in the letter, which has it otherwise (here → the letter): … to act is now[-.-]{+!+}; run "
            "`letter extract`, then `letter update`") in said


def test_an_english_edited_in_a_catalog_is_told_to_be_put_back_while_the_template_is_stale(shipped):
    """A search and replace reached a msgid, and the source changed another paragraph since the template was
    made: `letter update` would take the edit for a revision, so it is put back first."""
    catalog = shipped.catalog("fr")
    catalog.write_text(catalog.read_text(encoding="utf-8").replace('msgid "Former Secretary of State"',
                                                                   'msgid "Former Secretary of the State"'),
                       encoding="utf-8")
    shipped.edit("source/letter.md", "The time to act is now.", "The time to act is now, together.")
    said = shipped.run("check", "fr").stdout
    edited = next(line for line in said.splitlines()
                  if "'Former Secretary of the State' (feminine) is no longer" in line)
    assert "if this English was edited here by mistake, put it back as the template has it" in edited
    assert "(here → the letter): Former Secretary of [-the -]State" in edited
    assert "'Former Secretary of State' (feminine) is missing" not in said  # one finding tells the edit
    assert "is no longer in the letter, which has it otherwise (here → the letter): … to act is now{+, together+}." \
           "; run `letter extract`, then `letter update`" in said  # the paragraph


def test_check_says_a_catalog_bearing_the_template_s_date_lost_messages(extracted):
    """A catalog cut short at a line (a crash, a full disk) parses: what it lost is missing, though `letter
    update` gave it every message of a template of that date. The check says so once, and to restore the
    file before `letter update` adds them back untranslated; a catalog of an older template is told to
    update, message by message."""
    extracted.ok("init", "fr")
    extracted.translate("fr", french)
    catalog = extracted.catalog("fr")
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text[:text.index("\n\n", len(text) // 2)] + "\n", encoding="utf-8")
    said = extracted.run("check", "fr").stdout
    lost = [line for line in said.splitlines() if "missing" in line]
    assert len(lost) == 1 and "messages of the letter" in lost[0], said
    assert ("are missing from this catalog, though it bears the template's date (POT-Creation-Date), which "
            "`letter update` gives it with every message: if the file was cut short (a crash, a full disk) or "
            "messages deleted since, restore it from git before anything else") in lost[0]
    extracted.edit("source/letter.md", "The time to act is now.", "The time to act is today.")
    extracted.ok("extract")
    said = extracted.run("check", "fr").stdout
    assert "bears the template's date" not in said and "is missing; run `letter update`" in said


def test_status_and_build_refuse_a_catalog_that_lost_messages(shipped):
    """Cut at an entry's end, the French catalog parses: read as it is, its edition would show what it lost
    in English, as if it were never translated. `status` says what `check` says, and the build keeps the
    edition as it last made it; once the file is restored, both take it again."""
    shipped.ok("build", "--no-pdf")
    page = shipped.path("output/fr/index.html").read_bytes()
    catalog = shipped.catalog("fr")
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text[:text.index("\n\n", len(text) // 2)] + "\n", encoding="utf-8")
    for command in ("status", "build"):
        result = shipped.run(command)
        assert result.exit_code == 2, result.stdout
        assert re.search(r"^locales/fr/LC_MESSAGES/letter\.po: error: \d+ messages of the letter, .* are missing "
                         r"from this catalog, though it bears the template's date .* restore it from git before "
                         "anything else", result.stderr, re.MULTILINE), result.stderr
    assert shipped.path("output/fr/index.html").read_bytes() == page
    # Nor does `letter update` add them back untranslated, after which no command could tell them lost.
    cut = catalog.read_bytes()
    refused = shipped.run("update", "fr")
    assert refused.exit_code == 2 and "`letter update --add-lost` adds them back untranslated" in refused.stderr
    assert catalog.read_bytes() == cut
    catalog.write_text(text, encoding="utf-8")
    assert shipped.ok("status", "fr").stdout.splitlines()[1].endswith("100%  published")
    shipped.ok("build", "--no-pdf")


@pytest.mark.parametrize("dated", [True, False])
@pytest.mark.parametrize("cut_after", ["#: source/signa", "#. role of Madeleine Albri", "# a translator's no"])
def test_a_catalog_cut_in_the_middle_of_a_comment_is_told_to_bring_its_end_back(shipped, cut_after, dated):
    """Cut in a comment, what is left of a catalog reads well, as msgfmt reads it, but for the messages it lost:
    every command that refuses it gives the line it stops in and the advice a cut in a string gets, to bring
    its end back rather than restore the file and lose the translator's work since the last commit. So does
    `check`, in one finding, for a catalog last updated from an older template, whose messages missing could
    be new ones too: a file that stops in the middle of a line lost its end whatever its date."""
    catalog = shipped.catalog("fr")
    text = catalog.read_text(encoding="utf-8")
    if not dated:
        text, found = re.subn(r'"POT-Creation-Date: [^"\\]*', '"POT-Creation-Date: 2020-01-01 00:00+0000', text)
        assert found == 1
    before = text.index('msgid "Madeleine Albright"')
    at = text.index("\n\n", before) + 2
    text = text[:at] + "# a translator's note\n" + text[at:] if cut_after.startswith("# a") else text
    catalog.write_text(text[:text.index(cut_after, before) + len(cut_after)], encoding="utf-8")
    line = catalog.read_bytes().count(b"\n") + 1
    advice = (f"are missing from this catalog; the file stops in the middle of its last line ({line}): if it was cut "
              "short (a crash, a full disk), bring its end back before anything else")
    check = shipped.run("check", "fr")
    assert check.exit_code == 1
    assert re.search(rf"^locales/fr/LC_MESSAGES/letter\.po:{line}: error: \[out-of-sync\] \d+ messages of the "
                     rf"letter, .* {re.escape(advice)}", check.stdout, re.MULTILINE), check.stdout
    assert "is missing" not in check.stdout
    for command in ("status", "build", "update"):
        result = shipped.run(command, *(("--no-pdf",) if command == "build" else ()))
        assert result.exit_code == 2, result.stdout
        assert f"locales/fr/LC_MESSAGES/letter.po:{line}: error: " in result.stderr, result.stderr
        assert advice in result.stderr and "`letter update --add-lost` adds them back" in result.stderr


@pytest.mark.parametrize(("obsolete", "tail"), [(False, ""), (True, ""), (False, "\n  "), (True, "\n\n\t")])
def test_a_catalog_saved_without_its_last_line_end_is_updated_not_told_it_was_cut(shipped, obsolete, tail):
    """An editor may save a catalog without the line end after its last ``msgstr`` (or an obsolete entry's
    ``#~ msgstr``), or with blanks after it (``tail``): that is no file cut short, and one updated from an
    older template, which lacks the messages added since, is updated as any other."""
    catalog = shipped.catalog("fr")
    text = catalog.read_text(encoding="utf-8")
    text = re.sub(r'"POT-Creation-Date: [^"\\]*', '"POT-Creation-Date: 2020-01-01 00:00+0000', text)
    last = text.rindex("\n\n") + 2
    if obsolete:  # the last message set aside, as one the English no longer has
        text = text[:last] + "\n".join(f"#~ {line}" for line in text[last:].splitlines() if line.startswith("msg"))
    else:  # the message before it not yet there, as one added since
        text = text[:text.rindex("\n\n", 0, last - 2) + 2] + text[last:]
    catalog.write_text(text.rstrip("\n") + tail, encoding="utf-8")
    assert shipped.run("check", "fr").stdout.count("is missing") >= 1
    updated = shipped.run("update", "fr")
    assert updated.exit_code == 0, updated.stderr
    assert "cut short" not in updated.stderr
    assert "is missing" not in shipped.run("check", "fr").stdout


def test_keep_translations_says_as_the_readme_does_that_a_real_word_for_another_passes(project):
    """A correction of form is judged by its letters: "united" → "untied" passes for a typo, and the help must
    not promise otherwise."""
    from pipeline.corrections import correction_of_form

    assert correction_of_form("the united nations", "the untied nations")
    assert correction_of_form("the world's governments", "the worlds governments")
    said = " ".join(project.ok("update", "--help").stdout.split())
    assert "replaced by another" not in said
    assert "A real word for another that close passes too (world's → worlds, united → untied): read the list" in said
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert '("united" → "untied") passes for a typo' in readme


@pytest.mark.parametrize(("corrected", "kept"), [("Mohamed ElBaradai", False), ("Mohamed El Baradei", True),
                                               ("Mohamed Elbaradei", True)])
def test_keep_translations_keeps_a_name_s_translation_only_for_its_case_spacing_or_punctuation(
        shipped, corrected, kept):
    """A name is translated by its sound: a letter of it changed is a sound its transcription must follow, so
    its reviewed translation becomes a draft beside the old spelling, which a paragraph's would not; its case
    or its spacing changed leaves the sound, and the translation reviewed."""
    shipped.edit("source/signatories.yaml", "name: Mohamed ElBaradei", f"name: {corrected}")
    shipped.ok("extract")
    said = shipped.ok("update", "--keep-translations", "zh-Hans").stdout
    entry = next(e for e in po.load(shipped.catalog("zh_Hans")) if e.msgid == corrected)
    assert entry.msgstr == "穆罕默德·巴拉迪"
    if kept:
        assert (entry.fuzzy, entry.previous_msgid) == (False, None)
        assert "kept 1 reviewed translation" in said
    else:
        assert (entry.fuzzy, entry.previous_msgctxt, entry.previous_msgid) == (True, "name", "Mohamed ElBaradei")
        assert "1 edit of more than spelling, case or punctuation (of a name's letters, any) left a draft" in said


def test_update_leaves_a_catalog_with_fuzzy_mistyped_as_it_is(shipped):
    """msgmerge drops a flag gettext does not know, ``#, Fuzzy`` too: the translator's mark of a draft would go
    without a word. `update` refuses the catalog, at the flag's line, as `check` reports it; a flag of no meaning
    for letter either is dropped, as msgmerge drops it."""
    catalog = shipped.catalog("fr")
    text = catalog.read_text(encoding="utf-8")
    entry = '#: source/signatories.yaml\nmsgctxt "role (feminine)"\nmsgid "Former Secretary of State"'
    marked = text.replace(entry, entry.replace("\nmsgctxt", "\n#, Fuzzy, checked\nmsgctxt"))
    catalog.write_text(marked, encoding="utf-8")
    line = marked[:marked.index("#, Fuzzy, checked")].count("\n") + 1
    place, said = f"locales/fr/LC_MESSAGES/letter.po:{line}: error:", "'Fuzzy' is not a flag gettext knows: the message"
    assert f"{place} [flags] {said}" in shipped.run("check", "fr").stdout
    refused = shipped.run("update", "fr")
    assert refused.exit_code == 2 and refused.stderr.startswith(f"{place} {said}"), refused.stderr
    assert catalog.read_text(encoding="utf-8") == marked
    # Every one at once, not one an update; one that says the opposite is no draft mark.
    title = 'msgid "Signatories"'
    twice = marked.replace(title, "#, fuzy\n" + title, 1).replace('msgid "Other languages"',
                                                                   '#, no-fuzzy\nmsgid "Other languages"', 1)
    catalog.write_text(twice, encoding="utf-8")
    first, then = sorted(twice[:twice.index(found)].count("\n") + 1 for found in ("#, fuzy\n", "#, Fuzzy, checked"))
    refused = shipped.run("update", "fr").stderr
    assert refused.startswith(f"locales/fr/LC_MESSAGES/letter.po:{first}: error: ") and \
        f"(and at line {then}); then run `letter update` again" in refused, refused
    assert "[flags] 'no-fuzzy' is not a flag gettext knows, and" in shipped.run("check", "fr").stdout
    catalog.write_text(marked, encoding="utf-8")
    catalog.write_text(marked.replace("#, Fuzzy, checked", "#, fuzzy, checked"), encoding="utf-8")
    shipped.ok("update", "fr")
    assert catalog.read_text(encoding="utf-8") == marked.replace("#, Fuzzy, checked", "#, fuzzy")


def test_update_takes_an_english_edited_in_the_catalog_for_a_revision_as_check_says(shipped):
    """A msgid edited in a catalog (a search and replace) leaves the template's English missing: that is no
    loss for `update` to refuse; `letter check` asks to put the English back, else to run `letter update`."""
    catalog = shipped.catalog("fr")
    catalog.write_text(catalog.read_text(encoding="utf-8").replace('msgid "Former Secretary of State"',
                                                                   'msgid "Former Secretary of the State"'),
                       encoding="utf-8")
    assert "else run `letter update`" in shipped.run("check", "fr").stdout
    said = shipped.ok("update", "fr").stdout
    assert said.startswith("fr: updated (0 new, 1 fuzzy, 0 obsolete, 0 revived)")


def test_update_adds_lost_messages_back_when_told_to(shipped):
    """Lost for good (no copy to restore), or a template merged in git that bears the catalog's date: the
    option adds them back, untranslated."""
    catalog = shipped.catalog("fr")
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text[:text.index("\n\n", len(text) // 2)] + "\n", encoding="utf-8")
    said = shipped.ok("update", "fr", "--add-lost").stdout
    assert re.match(r"fr: updated \(\d+ new, 0 fuzzy, 0 obsolete, 0 revived\)", said)
    assert {(e.msgctxt, e.msgid) for e in po.load(catalog)} >= {(e.msgctxt, e.msgid) for e in po.load(
        shipped.path("locales/letter.pot"))}


def test_no_loss_is_seen_where_templates_followed_within_a_minute(extracted, monkeypatch):
    """SOURCE_DATE_EPOCH fixed (a reproducible CI), three changes of the English: each template is dated
    after the last, so a catalog updated from the first does not bear the third's date, as if it had
    lost the messages added since."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    extracted.ok("init", "fr")
    extracted.translate("fr", french)
    for number, paragraph in enumerate(("A first added paragraph.", "A second one.", "A third one.")):
        extracted.edit("source/letter.md", "The time to act is now.", f"The time to act is now.\n\n{paragraph}")
        extracted.ok("extract")
        if number == 0:
            extracted.ok("update")
    said = extracted.run("check", "fr").stdout
    assert "bears the template's date" not in said and "'A second one.' is missing; run `letter update`" in said


def test_a_template_whose_header_holds_a_conflict_does_not_make_catalogs_read_as_cut_short(shipped):
    """Two branches each ran extract, and git left both dates between markers; until `letter extract` runs,
    no catalog bears that template's date, so none lost messages: status and build go on as before."""
    shipped.path("source/signatories.yaml").open("a", encoding="utf-8").write(
        "\n- name: Ada Lovelace\n  role: Former President\n")
    template = shipped.path("locales/letter.pot")
    text = template.read_text(encoding="utf-8")
    line = re.search(r'"POT-Creation-Date: [^"]*"\n', text)[0]
    template.write_text(text.replace(line, f'<<<<<<< HEAD\n{line}=======\n"POT-Creation-Date: 2020-01-01 04:00+0000'
                                           f'\\n"\n>>>>>>> other\n'), encoding="utf-8")
    status = shipped.run("status")
    assert status.exit_code == 0 and "cut short" not in status.stdout + status.stderr
    assert "cut short" not in shipped.run("check", "fr").stdout

