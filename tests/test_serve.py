"""``letter serve`` over HTTP: the live build, the review pages' writes, and the guards of a local server.

Each test runs the real command in a process of its own (``serving.Served``) on a copy of
the project, and talks to it as a browser, a translator's editor or a hostile page would.
The same in a real browser is in ``test_serve_browser.py``.
"""
from __future__ import annotations

import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline import pdf, po, reviewed
from pipeline.build.source import read_source
from pipeline.config import load_config
from pipeline.locales import parse_locale
from pipeline.serve import review, writes
from pipeline.serve.sources import Sources
from pipeline.serve.watch import build_once
from pipeline.serve.writes import CatalogCache, revision
from pipeline.units import messages

from conftest import msgcat, msgfmt_check, needs_gettext
from serving import EVENT_LIMIT, Served

#: Seconds a process is given to end by itself (a build process finding its server gone): a ceiling, not a wait.
END_LIMIT = 20.0
TITLE = "A Call to All Governments: Work Together Now to Stop Cyberattacks on the Healthcare Sector"


@pytest.fixture
def drafted(shipped):
    """The shipped project and an Italian catalog of machine drafts (the offline pseudo provider)."""
    shipped.ok("init", "it")
    shipped.ok("draft", "it", "--provider", "pseudo")
    return shipped


def entry(project, code: str, msgid: str, context: str | None = None):
    return next(e for e in po.load(project.catalog(code)) if (e.msgctxt, e.msgid) == (context, msgid))


def set_translation(project, code: str, msgid: str, text: str, *, fuzzy: bool = False) -> None:
    """Save a catalog as a translator's editor would: one message changed, the file rewritten."""
    set_translations(project, code, {msgid: text}, fuzzy=fuzzy)


def set_translations(project, code: str, texts: dict[str, str], *, fuzzy: bool = False) -> None:
    """Save a catalog as a translator's editor would: the messages of ``texts`` (English: translation)
    changed, the file rewritten once."""
    catalog = po.load(project.catalog(code))
    for found in (e for e in catalog if e.msgid in texts and e.msgctxt is None):
        found.msgstr = texts[found.msgid]
        found.flags = (["fuzzy"] if fuzzy else []) + [f for f in found.flags if f != "fuzzy"]
    po.save(catalog, project.catalog(code))


def children(pid: int) -> list[int]:
    """The processes ``pid`` started, from any of its threads."""
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as listing:
            found += [int(child) for child in listing.read().split()]
    return found


def assert_ended(pids: list[int]) -> None:
    """Each of ``pids`` ends within ``END_LIMIT`` seconds (a build process finding its server gone, say)."""
    deadline = time.monotonic() + END_LIMIT
    for pid in pids:
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(pid)


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


# --- serving and building --------------------------------------------------------------------------

@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads the process tree from /proc")
def test_serves_the_editions_with_drafts_and_stops_cleanly_at_ctrl_c(drafted):
    with Served(drafted.root) as served:
        page = served.get("/it/")
        assert page.status == 200
        assert 'class="draft"' in page.text and '<script src="/_letter/static/live.js"' in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert page.headers["cache-control"] == "no-store"
        on_disk = (served.preview / "it/index.html").read_text(encoding="utf-8")
        assert "live.js" not in on_disk, "the files of the preview are the build's, not the server's"
        assert '<p data-letter-review hidden><a href="../review/it/"' in on_disk
        assert served.get("/").status == 200 and served.get("/fr/letter.txt").status == 200
        assert served.get("/fr").status == 308
        builder = children(served.process.pid)
        assert builder, "the build runs in a process of its own"
        assert served.stop() == 0
    assert "stopped" in served.output() and "Traceback" not in served.output()
    assert_ended(builder)
    assert not served.preview.exists() and not drafted.path("output").exists()


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads the process tree from /proc")
def test_sigterm_stops_it_as_cleanly_as_ctrl_c(shipped):
    """A process manager, `timeout` or `kill` stops the server with SIGTERM: it ends as at Ctrl-C, its
    preview folder and build process gone. uvicorn raised SIGTERM again once stopped, and Python's own
    handling ended the process there, the folder left in /tmp."""
    with Served(shipped.root) as served:
        assert served.get("/fr/").status == 200
        builder = children(served.process.pid)
        assert builder, "the build runs in a process of its own"
        assert served.stop(signal.SIGTERM) == 0
    assert served.output().endswith("stopped\n") and "Traceback" not in served.output()
    assert not served.preview.exists()
    assert_ended(builder)


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads the process tree from /proc")
@pytest.mark.parametrize("first", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_second_signal_does_not_stop_the_clean_up(shipped, first):
    """Ctrl-C pressed twice, or SIGTERM then Ctrl-C, ends the server as one signal does: exit code 0, its
    build process ended and its preview folder removed, no traceback. The second cut uvicorn's grace short,
    which skipped the application's shutdown and cancelled the open page's event stream, each logged with a
    traceback; one that came while the folder was being removed stopped that midway (exit code 130)."""
    with Served(shipped.root) as served:
        builder = children(served.process.pid)
        served.process.send_signal(first)
        time.sleep(0.1)  # while uvicorn waits for the open event stream to close
        assert served.stop(signal.SIGINT) == 0
    assert served.output().endswith("stopped\n") and "Traceback" not in served.output(), served.output()
    assert not served.preview.exists()
    assert_ended(builder)
    with Served(shipped.root) as served:  # Ctrl-C held down, until the folder is gone
        builder = children(served.process.pid)
        served.process.send_signal(first)
        while served.preview.exists() and served.process.poll() is None:
            served.process.send_signal(signal.SIGINT)
            time.sleep(0.001)
        assert served.process.wait(timeout=15) == 0, served.output()
    assert served.output().endswith("stopped\n") and "Traceback" not in served.output(), served.output()
    assert not served.preview.exists()
    assert_ended(builder)


def test_a_catalog_or_the_source_saved_on_disk_is_built_again_and_announced(drafted):
    with Served(drafted.root) as served:
        before = len(served.builds())
        set_translation(drafted, "fr", TITLE, "Édition en direct")
        build = served.next_build(before, "fr/index.html")
        assert build["errors"] == []
        assert "Édition en direct" in served.get("/fr/").text
        assert any("changed: locales/fr/LC_MESSAGES/letter.po" in line for line in served.stdout)

        before = len(served.builds())
        drafted.edit("source/letter.md", "The time to act is now.", "The time to act is today.")
        served.next_build(before, "en/index.html")
        assert "The time to act is today." in served.get("/en/").text


def test_serving_leaves_the_output_folder_as_the_build_made_it(drafted):
    """A draft previewed in output/ replaced the published edition, which the next build, not
    publishing a draft, then took down: a corrected sentence previewed in `letter serve`, and seven
    editions went offline. The preview is built in a folder of its own, and makes no PDF (a PDF of a
    long letter takes a minute, and an edition is to follow an approval in a second)."""
    fonts = pdf.fonts.coverage()
    if isinstance(fonts, str) or fonts.missing("Appel"):
        pytest.skip("Noto Serif is not installed (fonts-noto-core); .ci/run installs it")
    drafted.with_pdfs().edit("pyproject.toml", '"ar", "de", "es", "fr", "pt-PT", "ru", "zh-Hans"', '"de", "fr"')
    drafted.ok("build")
    published = {path: path.read_bytes() for path in drafted.path("output").rglob("*") if path.is_file()}
    assert drafted.path("output/fr/letter.pdf") in published
    with Served(drafted.root) as served:
        before = len(served.builds())
        drafted.edit("source/letter.md", "The time to act is now.", "The time to act is today.")
        build = served.next_build(before, "fr/index.html")
        assert not any(name.endswith(".pdf") for name in build["written"])
        assert 'class="draft"' in served.get("/fr/").text and "letter.pdf" not in served.get("/fr/").text
    assert {path: path.read_bytes() for path in drafted.path("output").rglob("*") if path.is_file()} == published
    result = drafted.run("build")
    assert result.exit_code == 1 and "kept as the last build made them: de, fr" in result.stdout, result
    assert drafted.path("output/fr/index.html").read_bytes() == published[drafted.path("output/fr/index.html")]


def test_a_locales_folder_made_while_serving_is_watched(project):
    with Served(project.root) as served:
        before = len(served.builds())
        project.ok("extract")  # makes locales/
        served.next_build(before)
        before = len(served.builds())
        project.ok("init", "fr")
        assert served.next_build(before, "fr/index.html")["errors"] == []
        assert 'class="draft"' in served.get("/fr/").text


def test_the_record_of_reviewed_translations_is_watched(shipped):
    """A build reads it (a revised paragraph shows the translation it keeps): restoring it from git, or
    resolving a conflict in it, is a change the preview follows."""
    record = reviewed.path_of(shipped.catalog("fr"))
    record.write_text('{"version": 1, "messages": []}\n', encoding="utf-8")
    with Served(shipped.root) as served:
        before = len(served.builds())
        record.unlink()
        served.next_build(before)
        assert "changed: locales/fr/LC_MESSAGES/letter.reviewed.json" in served.output()


def test_a_glossary_changed_while_serving_checks_the_review_page_anew(shipped):
    """The checks read the glossary, not the catalog: its open review page is told, and shows what
    `letter check` finds."""
    def glossary_findings() -> int:
        return sum(f["check"] == "glossary" for row in served.state("fr").values() for f in row["findings"])
    with Served(shipped.root) as served:
        assert glossary_findings() == 0
        told = len(served.events)
        with shipped.path("locales/fr/glossary.toml").open("a", encoding="utf-8") as glossary:
            glossary.write('"cyberattacks" = "piratages"\n')
        served.wait_for(lambda: ("catalog", {"locale": "fr"}) in served.events[told:], 20, "catalog event")
        assert glossary_findings() > 0


def test_a_page_left_open_across_a_restart_of_the_server_follows_its_builds(drafted):
    """The page reconnects by itself, asking for the builds after the one it was served after: those of
    the new run come after it, though the new run counts from its start."""
    with Served(drafted.root) as served:
        for title in ("Appel", "Un appel", "L’appel"):  # builds this run counted, and the next would not have
            before = len(served.builds())
            set_translation(drafted, "fr", TITLE, title, fuzzy=True)
            served.next_build(before, "fr/index.html")
        seen = int(re.search(r'data-build="(\d+)"', served.get("/fr/").text).group(1))
    with Served(drafted.root) as served:
        before = len(served.builds())
        set_translation(drafted, "fr", TITLE, "Appel à tous les gouvernements", fuzzy=True)
        assert served.next_build(before, "fr/index.html")["seq"] > seen


def test_a_broken_file_is_reported_and_fixing_it_recovers(drafted):
    catalog = drafted.catalog("fr")
    good = catalog.read_bytes()
    with Served(drafted.root) as served:
        before = len(served.builds())
        catalog.write_bytes(good.replace(b'msgid "Signatories"', b'msgid "Signatories'))
        build = served.next_build(before)
        line = good[:good.index(b'msgid "Signatories"')].count(b"\n") + 1
        reports = [e["report"] for e in build["errors"]]
        assert len(reports) == 1 and reports[0].startswith(f"locales/fr/LC_MESSAGES/letter.po:{line}: error: ")
        served.wait_for(lambda: any(f"letter.po:{line}: error:" in text for text in served.stderr), 10, "error")
        assert served.get("/de/").status == 200, "serving goes on"

        before = len(served.builds())
        catalog.write_bytes(good)
        assert served.next_build(before)["errors"] == []

        letter = drafted.path("source/letter.md")
        source = letter.read_text(encoding="utf-8")
        before = len(served.builds())
        letter.write_text(source.replace("title:", "titel:", 1), encoding="utf-8")
        reports = [e["report"] for e in served.next_build(before)["errors"]]
        assert len(reports) == 1 and reports[0].startswith("source/letter.md:2: error:")
        before = len(served.builds())
        letter.write_text(source, encoding="utf-8")
        assert served.next_build(before)["errors"] == []
        assert served.process.poll() is None


def test_an_edition_its_broken_catalog_keeps_out_of_the_preview_says_why(drafted):
    """Served with a catalog that cannot be read, the preview has no page for its edition: the page asked
    for says what the build could not use, and comes back by itself once the file is mended."""
    catalog = drafted.catalog("fr")
    good = catalog.read_bytes()
    catalog.write_bytes(good.replace(b'msgid "Signatories"', b'msgid "Signatories'))
    with Served(drafted.root) as served:
        page = served.get("/fr/")
        assert page.status == 404
        assert "/fr/ is not in the build (yet)." in page.text
        assert re.search(r"locales/fr/LC_MESSAGES/letter\.po:\d+: error: ", page.text), page.text
        before = len(served.builds())
        catalog.write_bytes(good)
        served.next_build(before)
        assert served.get("/fr/").status == 200


# --- the review page's writes ---------------------------------------------------------------------

#: When the served tests' saves are made (SOURCE_DATE_EPOCH), and the revision date they write.
SAVED_AT, SAVED_DATE = "1790000000", "2026-09-21 14:13+0000"


@needs_gettext
def test_approving_removes_the_fuzzy_mark_previous_english_and_draft_note_and_nothing_else(drafted, monkeypatch):
    """An approval changes its message and the catalog's revision date, as Poedit and Weblate set it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SAVED_AT)
    drafted.edit("source/letter.md", "The time to act is now.", "The time to act is today.")
    drafted.ok("extract")
    drafted.ok("update", "fr")
    changed = next(e for e in po.load(drafted.catalog("fr")) if e.previous_msgid)
    assert changed.fuzzy
    with Served(drafted.root) as served:
        token = served.token("fr")
        row = served.state("fr")[changed.msgid]
        assert row["state"] == "changed"
        assert ["removed", "now"] in row["diff"] and ["added", "today"] in row["diff"]
        before = drafted.catalog("fr").read_bytes()
        answer = served.save("fr", row, changed.msgstr, approve=True, token=token)
        assert answer.status == 200, answer.text
        assert answer.json()["row"]["state"] == "reviewed"

        expected = po.parse(before)
        mine = next(e for e in expected if e.msgid == changed.msgid)
        mine.flags.remove("fuzzy")
        mine.previous_msgid = mine.previous_msgctxt = None
        expected.metadata["PO-Revision-Date"] = SAVED_DATE
        after = drafted.catalog("fr").read_bytes()
        assert after == po.dumps(expected).encode("utf-8"), "only the approved message and the date changed"
        assert served.save("fr", served.state("fr")[changed.msgid], changed.msgstr, approve=True,
                           token=token).status == 200
        assert drafted.catalog("fr").read_bytes() == after, "a save that changes nothing leaves the date"
        assert msgcat(drafted.catalog("fr")) == after and msgfmt_check(drafted.catalog("fr")).returncode == 0

        token = served.token("it")
        row = served.state("it")[TITLE]
        assert row["state"] == "machine" and row["label"].startswith("Machine draft (pseudo, ")
        assert served.save("it", row, "Appello a tutti i governi", approve=True, token=token).status == 200
        title = entry(drafted, "it", TITLE)
        assert (title.msgstr, title.fuzzy, title.tcomment) == ("Appello a tutti i governi", False, "")

        row = served.state("it")["Signatories"]
        assert served.save("it", row, "Firmatari", approve=False, token=token).status == 200
        saved = entry(drafted, "it", "Signatories")
        assert saved.fuzzy and "machine draft" not in saved.tcomment, "a person's draft is no longer the machine's"


def test_a_save_drops_a_comment_that_meant_the_fuzzy_mark(shipped):
    """``# fuzzy`` without its comma marks nothing (`letter check` says so); the reviewer who approves the
    message, or saves it as a draft, sets the mark the comment meant, and the comment goes with the finding."""
    catalog = shipped.catalog("fr")
    for approve in (True, False):
        text = catalog.read_text(encoding="utf-8")
        catalog.write_text(text.replace('msgid "Signatories"', '# fuzzy\nmsgid "Signatories"'), encoding="utf-8")
        assert "this comment says fuzzy, but is no flag" in shipped.run("check", "fr").stdout
        with Served(shipped.root) as served:
            row = served.state("fr")["Signatories"]
            answer = served.save("fr", row, row["translation"], approve=approve, confirm=True,
                                 token=served.token("fr"))
            assert answer.status == 200, answer.text
        saved = entry(shipped, "fr", "Signatories")
        assert (saved.tcomment, saved.fuzzy) == ("", not approve)
        assert "this comment says fuzzy" not in shipped.run("check", "fr").stdout


def test_a_save_changes_only_its_message_in_a_file_an_editor_laid_out_otherwise(drafted, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SAVED_AT)
    catalog = drafted.catalog("fr")
    laid_out = catalog.read_text(encoding="utf-8")
    paragraph = next(e for e in po.load(catalog) if e.comment == "paragraph 1")
    one_line = f'msgstr "{paragraph.msgstr}"'  # as an editor that does not wrap writes it
    start = laid_out.index("msgstr", laid_out.index("#. paragraph 1"))
    laid_out = laid_out[:start] + one_line + laid_out[laid_out.index("\n\n", start):]
    catalog.write_text(laid_out, encoding="utf-8")
    with Served(drafted.root) as served:
        answer = served.save("fr", served.state("fr")[TITLE], "Appel", approve=True, token=served.token("fr"))
        assert answer.status == 200, answer.text
    start = laid_out.index("msgstr", laid_out.index("#. title of the letter"))
    expected = laid_out[:start] + 'msgstr "Appel"' + laid_out[laid_out.index("\n\n", start):]
    expected = re.sub(r'"PO-Revision-Date: [^"]*"', rf'"PO-Revision-Date: {SAVED_DATE}\\n"', expected)
    assert catalog.read_text(encoding="utf-8") == expected, "only the approved message and the date changed"
    assert one_line in expected


@needs_gettext
@pytest.mark.parametrize(("tag", "layout"), [("fr", "no-wrap"), ("fr", "crlf"), ("ar", "no-wrap")])
def test_approving_messages_laid_out_otherwise_changes_their_blocks_alone(drafted, tag, layout):
    """A catalog saved by an editor that does not wrap (msgcat --no-wrap: Arabic's long Plural-Forms
    header too), or with CRLF line ends: approving the first paragraph rewrote every message (122
    lines of diff, or every line), and, once that was mended, a second approval still did, the lines
    of the messages below the first having moved. Now each approval changes its block alone, written
    as letter writes it, unwrapped as the file is and in its line ends, and the page gives each message
    its line."""
    import subprocess

    catalog = drafted.catalog(tag)
    subprocess.run(["msgcat", "--no-wrap", "-o", str(catalog), str(catalog)], check=True)
    if layout == "crlf":
        catalog.write_bytes(catalog.read_bytes().replace(b"\n", b"\r\n"))
    before = catalog.read_bytes()
    newline = b"\r\n" if layout == "crlf" else b"\n"
    with Served(drafted.root) as served:
        token = served.token(tag)
        for opening in ("We call on", "We don't tolerate"):
            row = next(row for row in served.state(tag).values() if row["english"].startswith(opening))
            answer = served.save(tag, row, row["translation"] + " ", approve=False, confirm=True, token=token)
            assert answer.status == 200, answer.text
        page = served.get(f"/review/{tag}/").text
    after = catalog.read_bytes()
    blocks_before, blocks_after = before.split(newline * 2), after.split(newline * 2)
    changed = [n for n, (old, new) in enumerate(zip(blocks_before, blocks_after, strict=True)) if old != new]
    assert len(changed) == 3 and changed[0] == 0, changed  # the header (its date) and the two messages
    header = [line for line in blocks_after[0].split(newline) if line not in blocks_before[0].split(newline)]
    assert len(header) == 1 and header[0].startswith(b'"PO-Revision-Date: '), header
    assert layout != "crlf" or after.count(b"\n") == after.count(b"\r\n")
    assert msgfmt_check(catalog).returncode == 0
    catalog.write_bytes(after.replace(b"\r\n", b"\n"))
    assert msgcat(catalog, "--no-wrap") == after.replace(b"\r\n", b"\n")
    lines = after.decode("utf-8").replace("\r\n", "\n").split("\n")
    shown = [int(n) for n in re.findall(r'<span class="line">(?:· )?line (\d+)</span>', page)]
    assert len(shown) > 80  # every message's line, each where its first keyword is in the file
    assert not [n for n in shown if not lines[n - 1].startswith(("msgctxt", "msgid"))]


def test_an_approval_answers_the_lines_of_the_messages_it_moved(shipped):
    """An approval drops a changed message's #| lines: the messages below it move up, and the page showed
    their old lines (and the approved one its own) until a reload. The save answers the line of every
    message the write moved, and no other, and the page's state the line of each."""
    shipped.edit("source/letter.md", "The time to act is now.", "The time to act is today.")
    shipped.ok("extract")
    shipped.ok("update", "fr")

    def lines() -> dict[str, int]:
        return {row["id"]: row["line"] for row in served.get("/review/fr/state").json()["rows"]}

    with Served(shipped.root) as served:
        row = next(row for row in served.state("fr").values() if row["state"] == "changed")
        before = lines()
        answer = served.save("fr", row, row["translation"], approve=True, token=served.token("fr"))
        assert answer.status == 200, answer.text
        after = lines()
    moved = answer.json()["lines"]
    assert moved == {key: line for key, line in after.items() if line != before[key]}
    assert answer.json()["row"]["line"] == moved[row["id"]] < before[row["id"]]
    below = [key for key, line in before.items() if line > before[row["id"]]]
    assert below and all(moved[key] < before[key] for key in below)  # every message below it, moved up
    catalog = shipped.catalog("fr").read_text(encoding="utf-8").split("\n")
    assert all(catalog[line - 1].startswith(("msgctxt", "msgid")) for line in after.values())


def test_a_save_that_moves_messages_keeps_each_finding_on_its_row(shipped):
    """A finding on a translation is told at its msgstr line (``po.msgstr_line``), and the page finds it on its
    row by that line: after a save that moved the messages below it (an approval drops the #| lines, a longer
    translation takes more), each message's msgstr line is where the file now has it, the saved one's too, and the
    review page still shows each finding on its message."""
    shipped.edit("source/letter.md", "The time to act is now.", "The time to act is today.")
    shipped.ok("extract")
    shipped.ok("update", "fr")
    set_translations(shipped, "fr", {"Signatories": "Signataires  de la lettre"})  # doubled space, below it
    config, catalog, cache = load_config(shipped.root), shipped.catalog("fr"), CatalogCache()
    changed = next(e for e in po.load(catalog) if e.previous_msgid)
    edit = writes.Edit(writes.message_id(changed.msgctxt, changed.msgid), changed.msgstr + " Le temps presse" * 9,
                       True, revision(changed))
    saved = writes.save(cache, catalog, config, parse_locale("fr"), [edit])
    assert saved.changed and saved.moved
    lines = catalog.read_text(encoding="utf-8").split("\n")
    active = [e for e in saved.snapshot.catalog if not e.obsolete]
    assert [lines[po.msgstr_line(e) - 1].split(" ")[0] for e in active] == ["msgstr"] * len(active)
    model = review.review(config, read_source(config).letter, parse_locale("fr"), saved.snapshot)
    rows = {row.english: row for group in model.groups for row in group.rows}
    assert [f.check for f in rows["Signatories"].findings] == ["double-space"]
    assert [f.check for f in rows[changed.msgid].findings] == ["end-punctuation"]


def test_a_finding_on_a_flag_line_is_on_its_message_s_row_before_and_after_a_save_moves_it(shipped):
    """A mistyped draft mark (``#, Fuzzy``), which gettext reads as reviewed, is told at its ``#,`` line, above the
    message's first keyword: the review page showed it on no row, so the reviewer saw a reviewed message and no
    word of why it was published. It is on its row, and still is after a save above it moved it."""
    config, catalog = load_config(shipped.root), shipped.catalog("fr")
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace('\nmsgid "Signatories"', '\n#, Fuzzy\nmsgid "Signatories"', 1), encoding="utf-8")

    def flagged(snapshot: writes.Snapshot) -> list[str]:
        model = review.review(config, read_source(config).letter, parse_locale("fr"), snapshot)
        rows = {row.english: row for group in model.groups for row in group.rows}
        return [f.check for f in rows["Signatories"].findings]

    cache = CatalogCache()
    assert flagged(cache.read(catalog, config)) == ["flags"]
    title = next(e for e in po.load(catalog) if e.msgid.startswith("A Call to All"))
    edit = writes.Edit(writes.message_id(title.msgctxt, title.msgid), title.msgstr + " Le temps presse" * 9, True,
                       revision(title))
    saved = writes.save(cache, catalog, config, parse_locale("fr"), [edit])
    assert saved.changed and saved.moved
    assert flagged(saved.snapshot) == ["flags"]


def test_a_catalog_written_whole_keeps_its_crlf_line_ends(drafted):
    """A save that cannot change one block alone (two messages with no blank line between them, the
    saved one among them) writes the whole catalog as letter lays it out, in the line ends it had."""
    catalog = drafted.catalog("it")
    text = catalog.read_bytes()
    at = text.index(b"\n\n", text.index(b"A Call to All"))  # after the title's block
    joined = text[:at] + text[at + 1:]
    catalog.write_bytes(joined.replace(b"\n", b"\r\n"))
    with Served(drafted.root) as served:
        answer = served.save("it", served.state("it")[TITLE], "Appello", approve=True, token=served.token("it"))
        assert answer.status == 200, answer.text
    after = catalog.read_bytes()
    assert after.count(b"\n") == after.count(b"\r\n") and b'msgstr "Appello"' in after
    assert after.count(b"\r\n\r\n") == text.count(b"\n\n")  # written whole: the blank line is back


def test_the_conflict_box_s_word_diff_takes_two_texts_of_a_bounded_length(drafted):
    with Served(drafted.root) as served:
        answer = served.post("/review/it/diff", {"before": "lavorare insieme ora", "after": "lavorare uniti ora"},
                             token=served.token("it"))
        assert answer.json() == {"diff": [["same", "lavorare "], ["removed", "insieme"], ["added", "uniti"],
                                          ["same", " ora"]]}
        assert served.post("/review/it/diff", {"before": "x", "after": "y"}, token=None).status == 403
        too_long = served.post("/review/it/diff", {"before": "x " * 3000, "after": "y"}, token=served.token("it"))
        assert too_long.status == 400 and "at most 5,000 characters" in too_long.json()["error"]
        broken = served.request("POST", "/review/it/diff", b'{"before": "x", "aft', {
            "Content-Type": "application/json", "Origin": served.url.rstrip("/"), "X-Letter-Token": served.token("it")})
        assert broken.status == 400


def test_a_message_saved_on_disk_meanwhile_is_a_conflict_and_nothing_is_lost(drafted):
    with Served(drafted.root) as served:
        token = served.token("it")
        rows = served.state("it")
        set_translation(drafted, "it", TITLE, "Versione di Poedit")  # a translator saves the same message
        answer = served.save("it", rows[TITLE], "La mia versione", approve=True, token=token)
        assert answer.status == 409
        theirs = answer.json()["conflict"]
        assert (theirs["translation"], theirs["state"]) == ("Versione di Poedit", "reviewed")
        assert entry(drafted, "it", TITLE).msgstr == "Versione di Poedit"
        assert served.save("it", theirs, "La mia versione", approve=True, token=token).status == 200
        assert entry(drafted, "it", TITLE).msgstr == "La mia versione"

        # Another message saved on disk meanwhile: the save goes through, and keeps it.
        set_translation(drafted, "it", "Signatories", "Firmatari (da Poedit)")
        assert served.save("it", rows["Other languages"], "Altre lingue", approve=True, token=token).status == 200
        assert entry(drafted, "it", "Signatories").msgstr == "Firmatari (da Poedit)"
        assert entry(drafted, "it", "Other languages").msgstr == "Altre lingue"


def test_two_reviewers_approving_the_same_text_make_no_conflict(drafted):
    """Two reviewers with the page open on one message, each approving it as it is (or the same words): the
    second was told the message "was changed on disk while you were editing it: choose which text to keep",
    over two boxes holding the same text, though the file already held what they asked for."""
    with Served(drafted.root) as served:
        token = served.token("it")
        seen = served.state("it")[TITLE]  # both pages show the machine draft
        first = served.save("it", seen, seen["translation"], approve=True, token=token)
        assert first.status == 200 and first.json()["changed"]
        approved = drafted.catalog("it").read_bytes()
        second = served.save("it", seen, seen["translation"], approve=True, token=token)
        assert second.status == 200, second.text
        assert not second.json()["changed"] and second.json()["row"]["state"] == "reviewed"
        assert drafted.catalog("it").read_bytes() == approved
        # Other words, or a draft saved over the approval, are still the choice they were.
        assert served.save("it", seen, "Appello", approve=True, token=token).status == 409
        assert served.save("it", seen, seen["translation"], approve=False, token=token).status == 409
        assert drafted.catalog("it").read_bytes() == approved


def test_a_translation_that_would_break_the_edition_shows_its_finding_before_it_is_saved(drafted):
    with Served(drafted.root) as served:
        token = served.token("it")
        row = served.state("it")["{role}, {organization}"]
        before = drafted.catalog("it").read_bytes()
        check = served.post("/review/it/check", {"id": row["id"], "translation": "{rol}, {organization}",
                                                 "approve": False, "base": row["rev"], "confirm": False}, token=token)
        assert [f["check"] for f in check.json()["findings"]] == ["placeholders"]
        answer = served.save("it", row, "{rol}, {organization}", approve=True, token=token)
        assert answer.status == 422 and [f["check"] for f in answer.json()["findings"]] == ["placeholders"]
        assert drafted.catalog("it").read_bytes() == before
        refused = served.save("it", row, "{rol}, {organization}", approve=True, confirm=True, token=token)
        assert refused.status == 422 and "msgfmt would refuse" in refused.json()["error"]
        assert drafted.catalog("it").read_bytes() == before
        # As a draft it may be saved, once confirmed: msgfmt leaves drafts alone.
        assert served.save("it", row, "{rol}, {organization}", approve=False, token=token).status == 422
        assert served.save("it", row, "{rol}, {organization}", approve=False, confirm=True, token=token).status == 200
        assert entry(drafted, "it", "{role}, {organization}").msgstr == "{rol}, {organization}"
        row = served.state("it")["Signatories"]  # whitespace: "Signatories" ends without a newline
        answer = served.save("it", row, "Firmatari\n", approve=True, token=token)  # refused at once: no
        assert answer.status == 400 and "ends with a line break" in answer.json()["error"]  # "Save anyway"
        assert "confirm" not in answer.json()


def test_a_draft_over_a_published_translation_asks_first(shipped):
    """Saved as a draft, a reviewed translation of a published locale is reviewed no more: a paragraph's
    fails the locale's build, another message is shown in English. The page says which, and saves only
    once the reviewer confirms."""
    paragraph = next(e.msgid for e in po.load(shipped.catalog("fr")) if e.comment == "paragraph 1")
    said = {paragraph: ("fuzzy", "error", "and `letter check` and the build fail for fr until it is approved (the "
                                          "edition stays online as the last build made it)"),
            "Signatories": ("pending", "warning", "and the edition shows it in English until it is approved")}
    with Served(shipped.root) as served:
        token = served.token("fr")
        for english, (check, severity, end) in said.items():
            row = served.state("fr")[english]
            before = shipped.catalog("fr").read_bytes()
            answer = served.save("fr", row, row["translation"], approve=False, token=token)
            assert answer.status == 422 and answer.json()["confirm"] is True
            [finding] = answer.json()["findings"]
            assert (finding["check"], finding["severity"]) == (check, severity)
            assert finding["message"] == ("this translation is reviewed, and the published edition shows it: saved "
                                          f"as a draft, it is reviewed no more, {end}")
            assert shipped.catalog("fr").read_bytes() == before
            assert served.save("fr", row, row["translation"], approve=False, confirm=True, token=token).status == 200
            assert entry(shipped, "fr", english).fuzzy
    assert shipped.run("build").exit_code == 1  # as the page said: the paragraph fails it


def test_the_terminal_says_what_a_save_made_of_the_message(drafted):
    """The editor's terminal tells each save as the page does: a draft saved, or a draft emptied, which leaves
    the message untranslated (the page: "untranslated now"), not "saved as a draft". It tells it once: the
    watcher's news of the file the save wrote used to follow as "changed", as if someone else had edited it."""
    with Served(drafted.root) as served:
        row = served.state("it")["Signatories"]
        assert served.save("it", row, "Firmatari", approve=False, token=served.token("it")).status == 200
        row = served.state("it")["Signatories"]
        assert served.save("it", row, "", approve=False, confirm=True, token=served.token("it")).status == 200
        drafted.edit("source/letter.md", "The time to act is now.", "The time to act is today.")
        served.wait_for(lambda: re.search(r"changed: .*source/letter.md", served.output()), EVENT_LIMIT,
                        "the edit's line")
        said = [line.split("] ", 1)[1].strip() for line in served.stdout if "locales/it/" in line]
        assert [line.split(": ")[0] for line in said] == ["saved as a draft", "left untranslated"]
        set_translation(drafted, "it", "Signatories", "Firmatari")  # a change made in another editor is told
        served.wait_for(lambda: "changed: locales/it/" in served.output() or None, EVENT_LIMIT, "the catalog's line")


def test_a_save_is_the_server_s_own_from_the_moment_the_file_holds_it(shipped, monkeypatch):
    """The watcher may report a save's catalog as soon as it is renamed into place, while the saving thread still
    flushes the folder to disk (slow on a busy disk), and report the save before while the next is written: the
    terminal then said "changed", as if another editor had written it. What the server wrote, or is writing, is
    its own; an edit made after it is not."""
    config, catalog, cache = load_config(shipped.root), shipped.catalog("fr"), CatalogCache()
    seen = []
    replace = os.replace

    def replace_and_look(source, target) -> None:  # what the watcher finds just before the rename, and after it
        before = cache.written_here(Path(target))
        replace(source, target)
        seen.append((before, cache.written_here(Path(target))))

    monkeypatch.setattr(os, "replace", replace_and_look)
    for english, text in ((TITLE, "Appel"), ("Signatories", "Les signataires")):
        found = entry(shipped, "fr", english)
        edit = writes.Edit(writes.message_id(None, english), text, True, revision(found))
        assert writes.save(cache, catalog, config, parse_locale("fr"), [edit]).changed
    monkeypatch.undo()
    assert seen == [(False, True), (True, True)]
    set_translation(shipped, "fr", TITLE, "Appel (Poedit)")
    assert not cache.written_here(catalog)


def test_a_catalog_that_cannot_be_written_is_said_so_not_a_server_error(drafted):
    catalog = drafted.catalog("it")
    with Served(drafted.root) as served:
        token = served.token("it")
        row = served.state("it")["Signatories"]
        before = catalog.read_bytes()
        catalog.chmod(0o444)
        try:
            answer = served.save("it", row, "Firmatari", approve=True, token=token)
        finally:
            catalog.chmod(0o644)
        assert answer.status == 503
        assert answer.json()["error"] == ("Not saved: locales/it/LC_MESSAGES/letter.po cannot be written (it is "
                                          "read-only; chmod u+w makes it writable); the file is as it was")
        assert catalog.read_bytes() == before


def test_a_translation_no_file_can_hold_is_refused_not_a_server_error(drafted):
    with Served(drafted.root) as served:
        row = served.state("it")["Signatories"]
        before = drafted.catalog("it").read_bytes()
        answer = served.save("it", row, "Firmatari \ud800", approve=False, confirm=True, token=served.token("it"))
        assert answer.status == 400 and "lone UTF-16 surrogate" in answer.json()["error"]
        answer = served.save("it", row, "F" * 100_001, approve=False, confirm=True, token=served.token("it"))
        assert answer.status == 400 and answer.json()["error"] == (
            "Not saved: the translation is 100,001 characters long, and no message of a letter may be longer "
            "than 100,000")
        assert drafted.catalog("it").read_bytes() == before


def test_a_blank_is_no_translation_to_approve(drafted):
    with Served(drafted.root) as served:
        row = served.state("it")["Signatories"]
        before = drafted.catalog("it").read_bytes()
        for blank in ("", " ", "\u00a0\n"):
            answer = served.save("it", row, blank, approve=True, confirm=True, token=served.token("it"))
            assert answer.status == 400
            assert answer.json()["error"] == "Not saved: write a translation before approving it"
        assert drafted.catalog("it").read_bytes() == before


def test_an_empty_box_never_deletes_a_reviewed_translation(drafted):
    """"Save anyway" once emptied a published paragraph, whose text then survived only in git; a draft may
    still be emptied (a machine draft not worth keeping)."""
    set_translation(drafted, "it", TITLE, "Un appello a tutti i governi", fuzzy=False)
    with Served(drafted.root) as served:
        row = served.state("it")[TITLE]
        before = drafted.catalog("it").read_bytes()
        for blank in ("", " "):
            answer = served.save("it", row, blank, approve=False, confirm=True, token=served.token("it"))
            assert answer.status == 400 and answer.json()["error"].startswith(
                "Not saved: the box is empty, and saving it would delete the reviewed translation")
        assert drafted.catalog("it").read_bytes() == before
        row = served.state("it")["Signatories"]
        assert served.save("it", row, "", approve=False, confirm=True, token=served.token("it")).status == 200
        assert next(e for e in po.load(drafted.catalog("it")) if e.msgid == "Signatories").msgstr == ""


def test_a_line_break_typed_at_a_translation_s_end_is_told_plainly(drafted):
    """An Enter pressed at the end of a box: msgfmt refuses it, and the reviewer is told what to remove."""
    with Served(drafted.root) as served:
        row = served.state("it")[TITLE]
        answer = served.save("it", row, "Appello\n", approve=True, confirm=True, token=served.token("it"))
        assert (answer.status, answer.json()["error"]) == (400, (
            "Not saved: the translation ends with a line break, which the English does not (an Enter pressed "
            "there?); remove it"))


def test_a_save_refused_for_a_catalog_that_cannot_be_read_says_so(drafted):
    catalog = drafted.catalog("it")
    good = catalog.read_bytes()
    with Served(drafted.root) as served:
        row, token = served.state("it")[TITLE], served.token("it")
        catalog.write_bytes(good.replace(b'msgid "Signatories"', b'msgid "Signatories'))
        answer = served.save("it", row, "Appello", approve=True, confirm=True, token=token)
        assert answer.status == 422 and answer.json()["unreadable"] is True
        assert answer.json()["error"].startswith("locales/it/LC_MESSAGES/letter.po:")
    assert catalog.read_bytes() != good  # (as broken: nothing was written)


def test_an_edit_of_the_english_tells_every_review_page(drafted):
    with Served(drafted.root) as served:
        told = len(served.events)
        drafted.edit("source/letter.md", "The time to act is now.", "The time to act is today.")
        served.wait_for(lambda: ("catalog", {"locale": "*"}) in served.events[told:], 20, "catalog event")


def test_a_reviewed_name_may_be_emptied_to_be_shown_as_written(shipped):
    """A name needs no translation: emptied, it is shown as the English writes it."""
    with Served(shipped.root) as served:
        row = served.state("zh-Hans")["Ban Ki-moon"]
        answer = served.save("zh-Hans", row, "", approve=True, confirm=True, token=served.token("zh-Hans"))
        assert answer.status == 200, answer.text
    assert next(e for e in po.load(shipped.catalog("zh-Hans")) if e.msgid == "Ban Ki-moon").msgstr == ""


def test_nothing_a_translation_holds_is_run_as_markup_in_the_review_page(drafted):
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    set_translation(drafted, "it", TITLE, hostile, fuzzy=True)
    with Served(drafted.root) as served:
        page = served.get("/review/it/").text
        assert hostile not in page and "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img" in page
        assert "frame-ancestors 'none'" in served.get("/review/it/").headers["content-security-policy"]
        assert "<script>alert(1)" not in served.get("/it/").text


class Findings(HTMLParser):
    """The findings of a review page, parsed: each as its check and the runs of its message, a run (text, lang,
    dir) in a <bdi>, (text, None, None) outside one."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None, str | None]]]] = []
        self._within: list[str] = []  # the open elements from a list of findings in, as "tag.class"
        self._bdi: tuple[str | None, str | None] = (None, None)
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._within or (tag, attrs.get("class")) == ("ul", "findings"):
            self._within.append(f"{tag}.{attrs.get('class')}")
        if tag == "li" and len(self._within) == 2:
            self.found.append(("", []))
        if tag == "bdi" and self._within:
            self._bdi = (attrs.get("lang"), attrs.get("dir"))

    def handle_endtag(self, tag):
        if self._within:
            self._within.pop()
        if tag == "bdi":
            self._bdi = (None, None)

    def handle_data(self, data):
        if self._within[-1:] == ["span.check"]:
            self.found[-1] = (self.found[-1][0] + data, self.found[-1][1])
        elif len(self._within) > 1:
            self.found[-1][1].append((data, *self._bdi))


def test_a_finding_s_quote_of_an_arabic_translation_is_marked_arabic_on_the_review_page(shipped):
    """WCAG's language of parts: the quote is spoken as Arabic, and laid out right to left as a whole, its
    quotation marks the English sentence's; the page's script is given the same parts."""
    title = entry(shipped, "ar", TITLE).msgstr
    first = title.split()[0]
    set_translation(shipped, "ar", TITLE, f"{first} {title}")
    with Served(shipped.root) as served:
        found = Findings(served.get("/review/ar/").text).found
        [finding] = served.state("ar")[TITLE]["findings"]
    assert found == [("double-word", [(" doubled word '", None, None), (f"{first} {first}", "ar", "rtl"),
                                      ("'", None, None)])]
    assert finding["message"] == f"doubled word '{first} {first}'"
    assert finding["parts"] == [["doubled word '", False], [f"{first} {first}", True], ["'", False]]


# --- the guards ---------------------------------------------------------------------------------

def test_a_foreign_host_is_refused(drafted):
    with Served(drafted.root) as served:
        assert served.get("/review/it/", host=f"evil.example:{served.port}").status == 403
        assert served.get("/review/it/", host="127.0.0.1:1").status == 403
        assert served.get("/", host="").status == 403
        assert served.get("/review/it/", host=f"localhost:{served.port}").status == 200


def test_every_page_is_closed_to_a_browser_without_the_key(drafted):
    """Another user of the machine reaches 127.0.0.1 too: without the key's cookie nothing is served, not the
    review page with its token, nor the editions, the catalog's state, the events or the scripts."""
    with Served(drafted.root) as served:
        name = f"letter-key-{served.port}"
        for path in ("/", "/it/", "/review/", "/review/it/", "/review/it/state", "/_letter/events",
                     "/_letter/static/review.js", "/nowhere"):
            for cookie in (None, f"{name}=", f"{name}={served.key[:-1]}", f"letter-key={served.key}",
                           f"letter-key-{served.port + 1}={served.key}"):
                headers = {"Cookie": cookie} if cookie else {}
                answer = served.get(path, headers=headers, let_in=False)
                assert answer.status == 403, (path, cookie, answer.text)
                assert "open the address it printed in its terminal, which ends in ?key=" in answer.text
                assert answer.headers["x-letter-refused"] == "key"
                assert served.key not in answer.text and "letter-token" not in answer.text
        assert served.get("/review/it/?key=" + served.key[::-1], let_in=False).status == 403
        answer = served.post("/review/it/messages?key=" + served.key, {}, token=served.token("it"), let_in=False)
        assert answer.status == 403  # the address lets a browser in; a write needs the cookie itself
        assert served.get("/review/it/").status == 200


def test_the_printed_address_gives_the_browser_a_cookie_scripts_cannot_read(drafted):
    with Served(drafted.root) as served:
        printed = re.search(r"Serving on (\S+) \(review pages: (\S+)\)", served.output())
        assert printed.groups() == (f"{served.url}?key={served.key}", f"{served.url}review/?key={served.key}")
        answer = served.get(f"/review/it/?since=3&key={served.key}&x=%C3%A9", let_in=False)
        assert answer.status == 303
        assert answer.headers["location"] == "/review/it/?since=3&x=%C3%A9"  # the key gone from the address bar
        cookie = [part.strip() for part in answer.headers["set-cookie"].split(";")]
        assert cookie[0] == f"letter-key-{served.port}={served.key}"
        assert set(cookie[1:]) == {"HttpOnly", "Path=/", "SameSite=lax"}  # gone with the browser's session
        assert answer.headers["cache-control"] == "no-store" and answer.headers["referrer-policy"] == "same-origin"
        assert served.get("/review/it/", headers={"Cookie": cookie[0]}, let_in=False).status == 200


def test_each_run_has_a_key_of_its_own_kept_nowhere(drafted):
    """A browser sends its cookies to every port of 127.0.0.1, to whoever took the port of a server stopped
    while its pages stay open too: the key it sends must not open the next run."""
    with Served(drafted.root) as served:
        port, first = served.port, served.key
    with Served(drafted.root, "--port", str(port)) as again:
        assert again.key != first
        assert again.get("/review/it/", headers={"Cookie": f"letter-key-{port}={first}"}, let_in=False).status == 403


def test_open_gives_the_browser_a_page_that_holds_the_key_not_the_address(drafted, tmp_path, monkeypatch):
    """An address given to a browser to open shows in every user's list of processes: ``--open`` gives it a
    file only its owner can read, in the run's own folder, which sends it on to the address with the key."""
    opened = tmp_path / "opened"
    browser = tmp_path / "browser"
    browser.write_text(f'#!/bin/sh\nprintf %s "$1" > {opened}\n', encoding="utf-8")
    browser.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(browser))
    with Served(drafted.root, "--open") as served:
        given = served.wait_for(lambda: opened.exists() and opened.read_text(encoding="utf-8"), 20, "browser")
        assert served.key not in given and given.startswith("file:///")
        page = Path(given.removeprefix("file://"))
        assert page.parent == served.preview and page.stat().st_mode & 0o777 == 0o600
        assert f'content="0; url={served.url}?key={served.key}"' in page.read_text(encoding="utf-8")
        assert served.get("/" + page.name).status == 404
    assert not page.exists()


def test_the_address_that_lets_a_browser_in_keeps_it_on_this_server(drafted):
    """A path that begins with two slashes would name another host in the address it is sent on to."""
    with Served(drafted.root) as served:
        for asked, kept in ((f"//elsewhere.example/?key={served.key}", "/elsewhere.example/"),
                            (f"///elsewhere.example/it/?key={served.key}&x=1", "/elsewhere.example/it/?x=1")):
            answer = served.get(asked, let_in=False)
            assert (answer.status, answer.headers["location"]) == (303, kept), asked


def test_every_write_needs_a_same_origin_request_with_the_token(drafted):
    with Served(drafted.root) as served:
        token = served.token("it")
        row = served.state("it")[TITLE]
        data = {"id": row["id"], "translation": "pwned", "approve": True, "base": row["rev"], "confirm": True}
        before = drafted.catalog("it").read_bytes()
        for origin, key in ((None, token), ("http://evil.example", token), ("null", token), ("same", None),
                            ("same", "not-the-token"), (f"http://127.0.0.1:{served.port + 1}", token)):
            answer = served.post("/review/it/messages", data, token=key, origin=origin)
            assert answer.status == 403, (origin, key, answer.text)
            if origin == "same":  # a page from before the server started again: told what to do
                assert "was it started again since the page was opened?" in answer.text
            # What was lacking, for the page to tell the token, which it can fetch anew, from the rest.
            assert answer.headers["x-letter-refused"] == ("token" if origin == "same" else "origin")
        assert drafted.catalog("it").read_bytes() == before
        assert served.post("/review/it/messages", data, token=token).status == 200


def test_a_review_page_asked_for_by_another_spelling_of_its_locale_is_sent_to_its_own_address(shipped):
    with Served(shipped.root) as served:
        for asked, tag in (("FR", "fr"), ("pt_PT", "pt-PT"), ("zh_hans", "zh-Hans"), ("ZH-HANS", "zh-Hans")):
            answer = served.get(f"/review/{asked}/")
            assert (answer.status, answer.headers["location"]) == (308, f"/review/{tag}/"), asked
        assert served.get("/review/zh-Hans/").status == 200


def test_identifiers_are_checked_and_no_path_outside_is_read(drafted, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    with Served(drafted.root) as served:
        (served.preview / "leak").symlink_to(secret)
        token = served.token("it")
        for path in ("/../pyproject.toml", "/%2e%2e/pyproject.toml", "/..%2fpyproject.toml", "/leak",
                     "/.letter-build.json", "/review/xx/", "/review/..%2f..%2fsource/", "/review/en/"):
            answer = served.get(path)
            assert answer.status == 404 and b"secret" not in answer.body and b"[tool.letter]" not in answer.body, path
        for bad in ({"id": "../../x"}, {"id": "0" * 16}, {"translation": 3}, {"approve": "yes"}):
            row = served.state("it")[TITLE]
            data = {"id": row["id"], "translation": "x", "approve": False, "base": row["rev"], "confirm": False}
            answer = served.post("/review/it/messages", {**data, **bad}, token=token)
            assert answer.status in (400, 409), (bad, answer.text)
        assert served.post("/review/xx/messages", {}, token=token).status == 404
        # Without the final slash, a review page is reached as an edition's folder is.
        # A folder named after two slashes stays on this server: "//badges/" would be a host's address.
        for path, target in (("/review/it", "/review/it/"), ("/review", "/review/"), ("//badges", "/badges/"),
                             ("///fr", "/fr/")):
            answer = served.get(path)
            assert (answer.status, answer.headers["location"]) == (308, target)


def test_odd_requests_are_refused_in_words_and_leave_no_traceback(drafted):
    """What no page sends, but a script or a typo may: a name too long for any file system, a link that loops,
    JSON nested past Python's recursion limit, a build number no ``int`` takes. Each is a 4xx saying what was
    wrong (the events, any number: all of them), never a 500 with a traceback in the reviewer's terminal."""
    nested = b"[" * 100_000 + b"]" * 100_000
    with Served(drafted.root) as served:
        (served.preview / "loop").symlink_to(served.preview / "loop")
        token = served.token("it")
        for path in ("/" + "a" * 300, "/fr/" + "b/" * 3000, "/loop", "/loop/x", "/_letter/static/" + "a" * 300):
            assert served.get(path).status == 404, path
        for path, body in (("messages", nested), ("saves", b'{"messages": ' + nested + b"}"),
                           ("diff", b'{"before": ' + nested + b"}")):
            answer = served.request("POST", f"/review/it/{path}", body, {
                "Content-Type": "application/json", "Origin": served.url.rstrip("/"), "X-Letter-Token": token})
            assert answer.status == 400 and "error" in answer.json(), (path, answer.text)
        for since in ("%C2%B2", "9" * 5000, "-1"):
            connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=30)
            try:
                connection.request("GET", f"/_letter/events?since={since}",
                                   headers={"Host": served.host, "Cookie": served.cookie})
                response = connection.getresponse()
                assert response.status == 200 and response.fp.readline(), since
            finally:
                connection.close()
    assert "Traceback" not in served.output(), served.output()[-3000:]


# --- crashes ------------------------------------------------------------------------------------

@needs_gettext
def test_kill_9_during_saves_leaves_a_valid_catalog(drafted):
    rng = random.Random(15)
    catalog = drafted.catalog("it")
    drafts = {e.msgid: e.msgstr for e in po.load(catalog)}
    saved: dict[str, set[str]] = {}  # every text sent for a message, in any trial
    for _trial in range(3):
        with Served(drafted.root) as served:
            kill_during_saves(served, rng, saved)
        assert msgfmt_check(catalog).returncode == 0
        for found in po.load(catalog):
            assert found.msgstr == drafts[found.msgid] or found.msgstr in saved.get(found.msgid, ()), found.msgid
        assert not [name for name in os.listdir(catalog.parent) if name != "letter.po" and not name.endswith(".tmp")]
    assert re.search(r"Revisione \d+", catalog.read_text(encoding="utf-8")), "some saves were made"


def kill_during_saves(served: Served, rng: random.Random, saved: dict[str, set[str]]) -> None:
    """Save message after message from a thread, recording every text sent in ``saved``, and kill -9
    the server at a random moment; its build process must end by itself, finding the server gone."""
    token = served.token("it")
    rows = list(served.state("it").values())
    stop = threading.Event()

    def save_again_and_again() -> None:
        for n in range(10_000):
            row = rows[n % len(rows)]
            text = f"Revisione {n}"
            saved.setdefault(row["english"], set()).add(text)
            try:
                answer = served.save("it", row, text, approve=n % 2 == 0, confirm=True, token=token)
            except (OSError, http.client.HTTPException):  # killed before or while it answered
                return
            if answer.status == 200:
                rows[n % len(rows)] = answer.json()["row"]
            if stop.is_set():
                return

    saving = threading.Thread(target=save_again_and_again)
    saving.start()
    time.sleep(rng.uniform(0.3, 1.5))
    builder = children(served.process.pid)
    os.kill(served.process.pid, signal.SIGKILL)
    served.process.wait()
    stop.set()
    saving.join()
    assert_ended(builder)


def test_a_build_process_whose_server_is_gone_removes_its_folder_though_a_thread_cannot_be_joined(tmp_path):
    """The folder goes, and the process ends at once, whatever fails first: the news may come while the main
    thread starts a thread, which then cannot be joined."""
    preview = tmp_path / "letter-serve-x"
    (preview / "fr").mkdir(parents=True)
    (preview / "fr" / "index.html").write_text("…", encoding="utf-8")
    script = textwrap.dedent(f"""
        import threading, time
        from pathlib import Path
        from pipeline.serve import watch

        class Unjoinable(threading.Thread):
            def join(self, timeout=None):
                raise RuntimeError("cannot join thread before it is started")

        Unjoinable(target=time.sleep, args=(30,)).start()
        watch._leave(Path({str(preview)!r}))
    """)
    ended = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                           cwd=Path(__file__).parent.parent)
    assert ended.returncode == 0, ended.stderr
    assert not preview.exists()


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads the process tree from /proc")
@pytest.mark.parametrize("building", [False, True], ids=["idle", "building"])
def test_kill_9_leaves_no_preview_folder(shipped, building):
    """Killed (``kill -9``, a CI job's time limit, the kernel out of memory), the server cannot remove its
    preview folder: its build process, finding it gone, stops, in the middle of a build too (its workers
    reading the catalogs again for the changed English), and removes it. It went on to finish the build,
    writing into the folder, and ended with it left in /tmp."""
    with Served(shipped.root) as served:
        builder = children(served.process.pid)  # and multiprocessing's resource tracker
        workers: list[int] = []
        if building:
            shipped.edit("source/letter.md", "The time to act is now.", "The time to act is today.")
            deadline = time.monotonic() + 20
            while not (workers := [pid for each in builder for pid in children(each)]) and time.monotonic() < deadline:
                time.sleep(0.002)
            assert workers, "the build's workers started"
        os.kill(served.process.pid, signal.SIGKILL)
        served.process.wait()
        assert_ended(builder + workers)
    assert not served.preview.exists()


def dead_pid() -> int:
    """The process id of a process that ran and ended."""
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    return ended.pid


def made_long_ago(*folders: Path) -> None:
    """Folders last written an hour ago, as a killed server's are by the time another starts."""
    hour_ago = time.time() - 3600
    for folder in folders:
        os.utime(folder, (hour_ago, hour_ago))


def test_the_sweep_removes_the_preview_folders_of_servers_gone_and_nothing_else(tmp_path, monkeypatch):
    """Only a folder named as a server names its preview, whose server no longer runs, that is this user's,
    a folder, not a link to one, not locked, and not just made, goes."""
    from pipeline.serve import _held, sweep

    gone, elsewhere = dead_pid(), tmp_path / "elsewhere"
    (elsewhere / "kept").mkdir(parents=True)
    stale = tmp_path / f"letter-serve-{gone}-abc_1234"
    (stale / "fr").mkdir(parents=True)
    (stale / "fr" / "index.html").write_text("…", encoding="utf-8")
    live = tmp_path / f"letter-serve-{os.getpid()}-def_5678"  # this test is the server: it runs
    (live / "fr").mkdir(parents=True)
    # A server in another container that shares the folder: an id no process here has, its lock held.
    locked = tmp_path / f"letter-serve-{gone}-ghi_9012"
    young = tmp_path / f"letter-serve-{gone}-jkl_3456"  # just made there, not locked yet
    kept = {live, locked, young, tmp_path / "letter-serve-k2l8m0ab",  # named without a process id
            tmp_path / f"other-{gone}-abc_1234", tmp_path / f"letter-serve-{gone}-abc_1234.tmp",
            tmp_path / f"letter-serve-{10 ** 30}-abc_1234"}  # an id no process can have
    for each in kept - {live}:
        each.mkdir()
    a_file, a_link = tmp_path / f"letter-serve-{gone}-file0000", tmp_path / f"letter-serve-{gone}-link0000"
    a_file.write_text("not a folder", encoding="utf-8")
    a_link.symlink_to(elsewhere, target_is_directory=True)
    kept |= {a_file, a_link, elsewhere}
    made_long_ago(*(kept - {young}), stale)

    with _held(locked):
        with monkeypatch.context() as other_user:
            other_user.setattr(os, "getuid", lambda: os.stat(stale).st_uid + 1)
            assert sweep(tmp_path) == [] and stale.exists()
        assert sweep(tmp_path) == [stale]
        assert set(tmp_path.iterdir()) == kept
        assert (live / "fr").is_dir() and (elsewhere / "kept").is_dir()
        assert sweep(tmp_path) == []
    made_long_ago(young)
    assert sweep(tmp_path) == [locked, young]  # its server ended: the kernel let the lock go


def test_a_server_started_removes_the_preview_folder_a_server_killed_with_its_builds_left(shipped, tmp_path,
                                                                                            monkeypatch):
    """Killed with its build process (``kill -9`` of both, the kernel out of memory), a server leaves its
    folder: the next one to start removes it, says so, and names its own so that the next can tell it."""
    temporary = tmp_path / "tmp"
    stale = temporary / f"letter-serve-{dead_pid()}-abc_1234"
    (stale / "fr").mkdir(parents=True)
    live = temporary / f"letter-serve-{os.getpid()}-def_5678"
    live.mkdir()
    made_long_ago(stale, live)
    monkeypatch.setenv("TMPDIR", str(temporary))
    with Served(shipped.root) as served:
        assert not stale.exists() and live.is_dir()
        assert f"removed 1 preview folder of servers no longer running: {stale}\n" in served.output()
        assert served.preview.parent == temporary
        assert served.preview.name.startswith(f"letter-serve-{served.process.pid}-")
        # Seen from another container, whose processes are not this one's: its lock keeps it.
        from pipeline import serve
        monkeypatch.setattr(serve, "_running", lambda pid: pid != served.process.pid)
        made_long_ago(served.preview)
        assert serve.sweep(temporary) == [] and served.preview.is_dir()
        assert served.stop() == 0
    assert set(temporary.iterdir()) == {live}


def test_the_review_page_shows_a_name_the_letter_writes_otherwise_than_the_signatory_list(shipped):
    # letter check reports it (test_checks.py); the page is where a reviewer would see it. Without the
    # glossary, which would hold the name to its approved form instead.
    shipped.path("locales/fr/glossary.toml").unlink()
    loaded = po.load(shipped.catalog("fr"))
    paragraph = next(e for e in loaded if "We stand with the International Committee" in e.msgid)
    paragraph.msgstr = paragraph.msgstr.replace("Comité international de la Croix-Rouge", "Croix-Rouge")
    po.save(loaded, shipped.catalog("fr"))
    config = load_config(shipped.root)
    model = review.review(config, read_source(config).letter, parse_locale("fr"),
                          CatalogCache().read(shipped.catalog("fr"), config))
    row = next(row for group in model.groups for row in group.rows if row.english == paragraph.msgid)
    # (At the paragraph's msgstr, lines below its msgid: the page finds it there all the same.)
    assert [(f.check, f.line) for f in row.findings] == [("consistency", po.msgstr_line(paragraph))]
    assert po.msgstr_line(paragraph) > paragraph.linenum
    assert "'International Committee of the Red Cross'" in row.findings[0].message


def test_the_review_page_asks_for_the_form_of_a_name_in_another_script(shipped):
    """A name the French edition would show in Han script is "Name as written" like any Latin one: its
    finding is what asks the reviewer, who may never open the catalog, for the form the French press uses."""
    shipped.edit("source/signatories.yaml", "- name: Dapo Akande\n", "- name: 王毅\n\n- name: Dapo Akande\n")
    shipped.ok("extract")
    shipped.ok("update", "fr")
    config = load_config(shipped.root)
    model = review.review(config, read_source(config).letter, parse_locale("fr"),
                          CatalogCache().read(shipped.catalog("fr"), config))
    row = next(row for group in model.groups for row in group.rows if row.english == "王毅")
    assert row.state is review.State.AS_WRITTEN and row.needs_review  # listed under "Needs review" too
    assert [(f.check, f.message) for f in row.findings] == [
        ("names", "'王毅': it is shown in Han script in the French edition; give the form your language's press uses")]


def test_a_reviewed_translation_every_edition_shows_in_english_needs_review(shipped):
    """A tag typed into a reviewed translation makes every edition show the English: the page lists it
    under "Needs review", says so on its badge, and a part shared by signatories says how many it serves."""
    loaded = po.load(shipped.catalog("fr"))
    role = next(e for e in loaded if e.msgid == "Former Secretary of State")
    role.msgstr = "Ancienne <b>secrétaire</b> d’État"
    po.save(loaded, shipped.catalog("fr"))
    config = load_config(shipped.root)
    model = review.review(config, read_source(config).letter, parse_locale("fr"),
                          CatalogCache().read(shipped.catalog("fr"), config))
    rows = {(row.context, row.english): row for group in model.groups for row in group.rows}
    broken = rows[(role.msgctxt, role.msgid)]
    assert broken.state is review.State.REVIEWED and broken.needs_review
    assert broken.label == "Reviewed, shown in English (see its findings)"
    assert [f.check for f in broken.findings] == ["markup"]
    assert model.counts()["review"] == 1
    shared = rows[("role", "Former President")]
    assert shared.note.startswith("role of ") and shared.shared == shared.about.count("role of") > 1


def test_a_reviewed_pattern_that_lost_a_placeholder_needs_review_as_its_edition_shows_it_in_english(shipped):
    """A byline whose translation renamed {publisher} is filled in English by every edition, as a lost link
    is: the page says so and lists it under "Needs review", as ``letter status`` counts it."""
    byline = "Published by {publisher} on {date}"
    set_translation(shipped, "fr", byline, "Publié par {editeur} le {date}")
    config = load_config(shipped.root)
    model = review.review(config, read_source(config).letter, parse_locale("fr"),
                          CatalogCache().read(shipped.catalog("fr"), config))
    rows = {(row.context, row.english): row for group in model.groups for row in group.rows}
    broken = rows[(None, byline)]
    assert broken.state is review.State.REVIEWED and broken.needs_review
    assert broken.label == "Reviewed, shown in English (see its findings)"
    assert [f.check for f in broken.findings] == ["placeholders"]
    assert model.counts()["review"] == 1
    assert json.loads(shipped.ok("status", "fr", "--format", "json").stdout)[0]["shown_in_english"] == 1
    # A text that is no pattern may hold braces of its own: only a pattern's placeholders are filled in.
    assert not review.Row("x", None, "Signatories", "", "{Signataires}", review.State.REVIEWED, "", 1).needs_review


def test_every_message_of_the_letter_has_its_place_on_the_review_page(shipped):
    """The publisher too, when no signatory shares its name: it is not "no longer in the letter"."""
    shipped.edit("source/letter.md", "publisher: CyberPeace Institute", "publisher: Some Other Foundation")
    shipped.ok("extract")
    shipped.ok("update", "fr")
    config = load_config(shipped.root)
    letter = read_source(config).letter
    model = review.review(config, letter, parse_locale("fr"), CatalogCache().read(shipped.catalog("fr"), config))
    assert "stale" not in [group.id for group in model.groups]
    placed = {(row.context, row.english) for group in model.groups for row in group.rows}
    assert placed == {message.key for message in messages(letter)}
    assert model.groups[0].title == "Title and byline" and len(model.groups[0].rows) == 2


def test_serving_says_when_a_published_edition_is_previewed_as_a_draft(shipped):
    # The editor corrected the English but has not run `letter extract` and `letter update` yet.
    shipped.edit("source/letter.md", "The time to act is now.", "The time to act is today.")
    built = build_once(shipped.root, shipped.path("preview"), Sources())
    assert ("fr", True) in built.editions
    assert any(problem.report.startswith("pyproject.toml: error: fr: listed as published in pyproject.toml, but")
               and problem.report.endswith("here it is previewed as a draft") for problem in built.problems)


def test_revision_changes_with_what_a_reviewer_sees():
    first = po.parse(b'msgid "a"\nmsgstr "b"\n')[0]
    same = po.parse(b'# a comment\nmsgid "a"\nmsgstr "b"\n')[0]
    fuzzy = po.parse(b'#, fuzzy\nmsgid "a"\nmsgstr "b"\n')[0]
    assert revision(first) == revision(same) != revision(fuzzy)
