"""``letter serve`` in a real browser: a reviewer at work, from the keyboard, as Chromium shows it.

Headless Chromium (Debian's, driven by Playwright, as in ``test_browser.py``) opens the
review page and the edition side by side, against the real command on a free port.
Pages run under the server's Content-Security-Policy, so waiting is done with
Playwright's locators (which the page's policy does not govern), never with scripts
evaluated in the page.

Skipped, with the reason, where Chromium or Playwright is missing.
"""
from __future__ import annotations

import itertools
import re
import sys
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from test_serve import TITLE, entry, set_translation, set_translations  # noqa: E402

from pipeline import po  # noqa: E402
from pipeline.serve.writes import message_id  # noqa: E402
from tools import browser  # noqa: E402

from serving import Served  # noqa: E402

REASON = browser.missing()
pytestmark = pytest.mark.skipif(REASON is not None, reason=f"no headless browser: {REASON}")
WAIT = 15_000  # ms: a build and a reload on a busy machine


@pytest.fixture(autouse=True)
def patient_expect():
    """Every ``expect`` here waits up to WAIT, not Playwright's 5 s: most wait for an answer of the server, which
    a busy machine, building meanwhile, may give later. A wait ends as soon as the page shows what it expects."""
    from playwright.sync_api import expect

    expect.set_options(timeout=WAIT)
    yield
    expect.set_options(timeout=None)  # Playwright's default again, for the other files' tests


@pytest.fixture
def context(chromium):
    """A browser context let in to each server the test starts (``Served.browsers``), as opening the address
    it prints would."""
    opened = chromium.new_context(viewport={"width": 1400, "height": 900})
    Served.browsers.append(opened)
    yield opened
    Served.browsers.remove(opened)
    opened.close()


@pytest.fixture
def drafted(shipped):
    shipped.ok("init", "it")
    shipped.ok("draft", "it", "--provider", "pseudo")
    return shipped


def typed(context, served: Served, text: str):
    """The Italian review page, with ``text`` typed from the keyboard over the translation of the message
    in hand (the title); the page, and that message's row."""
    review = context.new_page()
    review.goto(served.url + "review/it/")
    title = review.locator("#" + review.locator(".msg.current").get_attribute("id"))
    review.keyboard.press("e")
    review.keyboard.press("Control+a")
    review.keyboard.type(text)
    return review, title


@contextmanager
def held(page, served: Served, tag: str):
    """While the block runs, the page's requests for the catalog's state (its live refresh) wait: a change on
    disk is announced to the page, and shown only after the block. Yields the URL they are made to."""
    url = served.url + f"review/{tag}/state"
    page.route(url, lambda route: None)  # a route left unhandled waits, until ``unroute`` lets it go on
    try:
        yield url
    finally:
        page.unroute(url)


def row_of(page, english: str):
    """The row of the message whose English is ``english``."""
    return page.locator(".msg", has=page.locator(".english", has_text=re.compile(f"^{re.escape(english)}$")))


def test_a_reviewer_edits_and_approves_a_machine_draft_and_the_edition_follows(drafted, context):
    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        edition = context.new_page()
        edition.goto(served.url + "it/")
        expect(edition.locator(".draft [data-letter-review]")).to_be_visible()
        review = context.new_page()
        review.goto(served.url + "review/it/")
        title = review.locator("#" + review.locator(".msg.current").get_attribute("id"))
        expect(title).to_have_attribute("data-state", "machine")
        expect(title.locator(".badge")).to_contain_text("Machine draft (pseudo, ")
        expect(title.locator(".english")).to_have_text(TITLE)
        review.keyboard.press("e")
        expect(title.locator("textarea")).to_be_focused()
        review.keyboard.press("Control+a")
        review.keyboard.type("Appello a tutti i governi")
        review.keyboard.press("Control+Enter")
        expect(review.locator("#status")).to_have_text("Approved.")
        expect(title).to_have_attribute("data-state", "reviewed")
        expect(edition.locator("h1")).to_have_text("Appello a tutti i governi", timeout=WAIT)
        approved = entry(drafted, "it", TITLE)
        assert (approved.msgstr, approved.fuzzy, approved.tcomment) == ("Appello a tutti i governi", False, "")

        # The next message is in hand (the publisher, named in the byline); j and k move, a approves
        # it as it is.
        current = review.locator(".msg.current")
        expect(current.locator(".note")).to_have_text("the publisher of the letter, named in the byline")
        review.keyboard.press("j")
        expect(current.locator(".note")).to_have_text("paragraph 1")
        review.keyboard.press("j")
        expect(current.locator(".note")).to_have_text("paragraph 2")
        review.keyboard.press("k")
        review.keyboard.press("a")
        expect(review.locator("#status")).to_have_text("Approved.")
        expect(current.locator(".note")).to_have_text("paragraph 2")
        assert not next(e for e in po.load(drafted.catalog("it")) if e.comment == "paragraph 1").fuzzy

        # Filters: only findings, then everything.
        review.keyboard.press("3")
        assert review.locator(".msg:not([hidden])").count() == review.locator(".msg[data-findings]").count()
        review.keyboard.press("1")
        assert review.locator(".msg[hidden]").count() == 0


def test_keys_pressed_again_before_the_answer_neither_conflict_nor_leave_a_stale_row(drafted, context):
    import time

    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        review, title = typed(context, served, "Appello a tutti i governi")
        review.keyboard.press("Control+Enter")  # twice, as a held or bouncing key sends it
        review.keyboard.press("Control+Enter")
        expect(title).to_have_attribute("data-state", "reviewed")
        for _ in range(6):  # a held key: approvals while earlier ones are on their way
            review.keyboard.press("a")
        expect(review.locator(".msg.busy")).to_have_count(0)
        deadline = time.monotonic() + WAIT / 1000
        while True:  # the page settles on what is on disk, whatever order the answers came in
            on_disk = {row["id"]: row["state"] for row in served.get("/review/it/state").json()["rows"]}
            shown = {row.get_attribute("data-id"): row.get_attribute("data-state")
                     for row in review.locator(".msg").all()}
            if shown == on_disk or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert shown == on_disk
        expect(review.locator(".conflict:not([hidden])")).to_have_count(0)


def test_findings_come_and_go_as_the_reviewer_types(drafted, context):
    """The checks run as the reviewer types: a finding shows up in the row, and goes once mended."""
    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        review = context.new_page()
        review.goto(served.url + "review/it/")
        row = review.locator(".msg", has_text="Published by {publisher} on {date}")
        expect(row).not_to_have_attribute("data-findings", "")
        expect(row.locator(".findings li")).to_have_count(0)
        area = row.locator("textarea")
        area.fill("Pubblicato da {publisher}")  # heard by the page as typed: an input event
        expect(row.locator(".findings li .check")).to_have_text(["placeholders"], timeout=WAIT)
        area.fill("Pubblicato da {publisher} il {date}")
        expect(row.locator(".findings li")).to_have_count(0, timeout=WAIT)


def test_a_catalog_saved_on_disk_during_a_review_is_a_conflict_not_a_lost_edit(drafted, context):
    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        review, title = typed(context, served, "La mia versione")
        set_translation(drafted, "it", TITLE, "Versione di Poedit")  # a translator saves the file meanwhile
        conflict = title.locator(".conflict")
        expect(conflict).to_be_visible(timeout=WAIT)
        expect(conflict).to_contain_text("Versione di Poedit")
        expect(conflict).to_contain_text("La mia versione")
        assert entry(drafted, "it", TITLE).msgstr == "Versione di Poedit"
        expect(title.locator("textarea")).to_have_value("La mia versione")
        expect(review.locator("#status")).to_contain_text("choose which text to keep")
        conflict.get_by_role("button", name="Keep mine").click()
        expect(review.locator("#status")).to_have_text("Your text is kept: save it when it is ready.")
        title.get_by_role("button", name="Approve").click()
        expect(review.locator("#status")).to_have_text("Approved.")
        assert entry(drafted, "it", TITLE).msgstr == "La mia versione"
        # Once more, and this time the reviewer takes the text saved on disk.
        title.locator("textarea").fill("La mia seconda versione")
        set_translation(drafted, "it", TITLE, "Di nuovo da Poedit")
        expect(conflict).to_be_visible(timeout=WAIT)
        conflict.get_by_role("button", name="Take theirs").click()
        expect(review.locator("#status")).to_have_text("Kept the text saved on disk.")
        expect(title.locator("textarea")).to_have_value("Di nuovo da Poedit")


def test_an_editor_saving_an_older_copy_over_an_approval_is_a_conflict_not_a_lost_approval(drafted, context):
    """An editor that read the catalog before the reviewer approved a draft saves its copy, with an edit of its
    own elsewhere: the message goes back on disk to exactly what it was. The page does not take that unasked,
    as it does any other change on disk: it asks, as for a text not saved yet. "Keep mine" approves the text
    again over the editor's file, whose other edit stays; "Take theirs" is a revert, made on purpose."""
    from playwright.sync_api import expect

    catalog = drafted.catalog("it")

    def older_copy(read: bytes, signatories: str) -> None:
        """The catalog as an editor read it (``read``), saved with its own translation of "Signatories"."""
        copy = catalog.with_name("older.po")
        copy.write_bytes(read)
        loaded = po.load(copy)
        next(e for e in loaded if e.msgid == "Signatories").msgstr = signatories
        po.save(loaded, catalog)

    machine = entry(drafted, "it", TITLE).msgstr
    with Served(drafted.root) as served:
        read = catalog.read_bytes()
        review, title = typed(context, served, "Appello a tutti i governi")
        review.keyboard.press("Control+Enter")
        expect(review.locator("#status")).to_have_text("Approved.")
        older_copy(read, "Firmatari (dall'editor)")
        conflict = title.locator(".conflict")
        expect(conflict).to_be_visible(timeout=WAIT)
        expect(conflict).to_contain_text("Yours, approved here, then undone on disk:")
        expect(conflict.locator(".text")).to_have_text([machine, "Appello a tutti i governi"])
        expect(title.locator("textarea")).to_have_value("Appello a tutti i governi")
        status = review.locator("#status")
        expect(status).to_contain_text("went back on disk to what it was before you approved it here")
        expect(status).to_contain_text("Also changed on disk: “Signatories”.")
        expect(row_of(review, "Signatories").locator("textarea")).to_have_value("Firmatari (dall'editor)")
        assert entry(drafted, "it", TITLE).fuzzy
        conflict.get_by_role("button", name="Keep mine").click()
        expect(status).to_have_text("Approved.")
        expect(conflict).to_be_hidden()
        approved = entry(drafted, "it", TITLE)
        assert (approved.msgstr, approved.fuzzy) == ("Appello a tutti i governi", False)
        assert entry(drafted, "it", "Signatories").msgstr == "Firmatari (dall'editor)"

        # Approved as it is, then reverted on purpose: the reviewer takes the file's draft.
        read = catalog.read_bytes()
        signatories = row_of(review, "Signatories")
        signatories.click()
        review.keyboard.press("a")
        expect(status).to_have_text("Approved.")
        older_copy(read, "Firmatari (dall'editor)")
        expect(signatories.locator(".conflict")).to_contain_text("Yours, approved here, then undone on disk:",
                                                                 timeout=WAIT)
        signatories.get_by_role("button", name="Take theirs").click()
        expect(status).to_have_text("Kept the text saved on disk.")
        expect(signatories).to_have_attribute("data-state", "draft")
        assert entry(drafted, "it", "Signatories").fuzzy


def approved_in_turn(review, count: int) -> list:
    """``count`` messages approved in turn with a, from the one in hand: their rows."""
    from playwright.sync_api import expect

    approved = []
    for _ in range(count):
        row = review.locator("#" + review.locator(".msg.current").get_attribute("id"))
        review.keyboard.press("a")
        expect(row).to_have_attribute("data-state", "reviewed")
        expect(row).not_to_have_class(re.compile(r"\bcurrent\b"))
        approved.append(row)
    return approved


def approved_then_undone(review, catalog, count: int) -> list:
    """``count`` messages approved in turn with a, then undone on disk: the catalog read before written back, as
    an editor saving a copy it read before does. Their rows, each with its conflict box shown."""
    from playwright.sync_api import expect

    read = catalog.read_bytes()
    approved = approved_in_turn(review, count)
    catalog.write_bytes(read)
    expect(approved[-1].locator(".conflict")).to_be_visible(timeout=WAIT)
    return approved


def italian_review(served, context) -> tuple:
    """The review page of Italian, opened in a new tab, and its status line."""
    review = context.new_page()
    review.goto(served.url + "review/it/")
    return review, review.locator("#status")


def three_undone(served, context, catalog) -> tuple:
    """A review page of Italian on which three approvals were undone on disk (``approved_then_undone``), asked about
    in its header: the page, its status line, the question, and the three rows."""
    from playwright.sync_api import expect

    review, status = italian_review(served, context)
    question = review.locator(".top .conflict")
    approved = approved_then_undone(review, catalog, 3)
    expect(question).to_contain_text("3 messages went back on disk", timeout=WAIT)
    return review, status, question, approved


def test_approvals_undone_on_disk_together_are_one_question_with_one_answer(drafted, context):
    """An editor saving a copy it read before undoes every approval made since: the page asked "Keep mine or Take
    theirs?" once per message. It asks once, in its header, how many and which; one answer applies to all ("Keep
    mine" approves each again, "Take theirs" keeps each draft on disk), and each message still shows its texts.
    The count of those that need review follows each step."""
    from playwright.sync_api import expect

    catalog = drafted.catalog("it")

    def on_disk(rows) -> list[bool]:
        """Whether each message of ``rows`` is a draft in the catalog on disk."""
        fuzzy = {message_id(e.msgctxt, e.msgid): e.fuzzy for e in po.load(catalog)}
        return [fuzzy[row.get_attribute("data-id")] for row in rows]

    with Served(drafted.root) as served:
        review = context.new_page()
        review.goto(served.url + "review/it/")
        status, question = review.locator("#status"), review.locator(".top .conflict")
        needing = review.locator('[data-count="review"]')
        needs = int(needing.text_content())
        for answer in ("Keep mine", "Take theirs"):
            read = catalog.read_bytes()
            approved = approved_in_turn(review, 3)
            expect(needing).to_have_text(str(needs - 3))
            assert on_disk(approved) == [False] * 3
            catalog.write_bytes(read)
            expect(question).to_be_visible(timeout=WAIT)
            expect(question).to_contain_text("3 messages went back on disk to what they were before you approved "
                                             "them here")
            # Short, since the question above says why: on a phone with large text a long line covers the page.
            expect(status).to_have_text("3 messages went back on disk: choose which texts to keep at the top of the "
                                        "page, or one by one.")
            question.get_by_text("Which ones").click()
            starts = [row.locator(".english").text_content()[:20] for row in approved]
            expect(question.locator("li")).to_have_text([re.compile("^“" + re.escape(start)) for start in starts])
            for row in approved:
                expect(row.locator(".conflict")).to_contain_text("Yours, approved here, then undone on disk:")
            assert on_disk(approved) == [True] * 3
            question.get_by_role("button", name=f"{answer}, all 3").click()
            expect(question).to_be_hidden()
            for row in approved:
                expect(row.locator(".conflict")).to_be_hidden()
            if answer == "Keep mine":
                expect(status).to_have_text("Kept yours: 3 messages approved again.")
                assert on_disk(approved) == [False] * 3
                for row in approved:
                    expect(row).to_have_attribute("data-state", "reviewed")
                expect(needing).to_have_text(str(needs - 3))
                needs -= 3
            else:
                expect(status).to_have_text("Kept the texts saved on disk, for all 3 messages.")
                assert on_disk(approved) == [True] * 3
                for row in approved:
                    expect(row).to_have_attribute("data-state", "machine")
                expect(needing).to_have_text(str(needs))
            review.locator(".msg.current").focus()


def test_a_text_undone_on_disk_shows_the_state_on_disk_while_its_box_asks(drafted, context):
    """A message approved here, then undone on disk (its file holds the machine draft again), still showed its
    "Reviewed" badge while its box asked which text to keep. Its badge, its state and the count of those that need
    review are those of the file, until a text is kept."""
    from playwright.sync_api import expect

    catalog = drafted.catalog("it")
    with Served(drafted.root) as served:
        review, status = italian_review(served, context)
        needing = review.locator('[data-count="review"]')
        needs = needing.text_content()
        row = row_of(review, "{role}, {organization}")
        read = catalog.read_bytes()
        row.get_by_role("button", name="Approve").click()
        expect(row.locator(".badge")).to_have_text("Reviewed")
        expect(needing).not_to_have_text(needs)
        catalog.write_bytes(read)
        expect(row.locator(".conflict")).to_contain_text("Yours, approved here, then undone on disk:", timeout=WAIT)
        on_disk = served.state("it")["{role}, {organization}"]
        assert on_disk["state"] == "machine", on_disk
        expect(row.locator(".badge")).to_have_text(on_disk["label"])
        expect(row).to_have_attribute("data-state", "machine")
        expect(needing).to_have_text(needs)
        row.get_by_role("button", name="Keep mine", exact=True).click()
        expect(status).to_have_text("Approved.", timeout=WAIT)
        expect(row.locator(".badge")).to_have_text("Reviewed")


def test_keep_mine_all_approves_again_in_one_write_and_keeps_the_editor_s_edit(drafted, context):
    """"Keep mine, all 3" saved the three messages one after the other: three requests, three writes of the catalog
    and three builds. It is one request and one write, made on the file as the editor left it: the three approved
    again as they were here, the editor's own edit of another message kept, every other byte as before."""
    from playwright.sync_api import expect

    catalog = drafted.catalog("it")
    revised = re.compile(rb'"PO-Revision-Date: [^"]*"')
    with Served(drafted.root) as served:
        review = context.new_page()
        review.goto(served.url + "review/it/")
        status, question = review.locator("#status"), review.locator(".top .conflict")
        read = catalog.read_bytes()
        approved = approved_in_turn(review, 3)
        expected = po.load(catalog)
        older = catalog.with_name("older.po")  # the editor's copy, read before the approvals, with an edit of its own
        older.write_bytes(read)
        edited = po.load(older)
        next(e for e in edited if e.msgid == "Signatories").msgstr = "Firmatari (dall'editor)"
        next(e for e in expected if e.msgid == "Signatories").msgstr = "Firmatari (dall'editor)"
        po.save(edited, catalog)
        expect(question).to_contain_text("3 messages went back on disk", timeout=WAIT)
        sent = []
        review.on("request", lambda request: sent.append(request.url) if request.method == "POST" else None)
        written = len(served.stdout)
        question.get_by_role("button", name="Keep mine, all 3").click()
        expect(status).to_have_text("Kept yours: 3 messages approved again.", timeout=WAIT)
        assert sent == [served.url + "review/it/saves"]
        said = [line for line in served.stdout[written:] if "saved" in line or "approved:" in line]
        assert len(said) == 1 and said[0].rstrip().endswith(
            f"3 messages saved in one write (3 approved): {catalog.relative_to(drafted.root)}"), said
        for row in approved:
            expect(row).to_have_attribute("data-state", "reviewed")
        assert revised.sub(b"", catalog.read_bytes()) == revised.sub(b"", po.dumps(expected).encode("utf-8"))


def test_a_failed_keep_mine_all_gives_each_message_its_choice_back(drafted, context):
    """"Keep mine, all 3" whose one write the server fails: nothing is saved, and each message shows both its texts
    and its choice again, as the status line says, not the approval the file lacks. Asked again, it saves all three."""
    from playwright.sync_api import expect

    catalog = drafted.catalog("it")
    with Served(drafted.root) as served:
        review, status, question, approved = three_undone(served, context, catalog)
        review.route(served.url + "review/it/saves",
                     lambda route: route.fulfill(status=500, body="the disk is full", content_type="text/plain"))
        question.get_by_role("button", name="Keep mine, all 3").click()
        expect(status).to_have_text("Not saved: none of the 3 messages was approved again. The disk is full; then "
                                    "press “Keep mine” again.", timeout=WAIT)
        for row in approved:
            expect(row.locator(".conflict")).to_contain_text("Yours, approved here, then undone on disk:")
        expect(question).to_contain_text("3 messages went back on disk")

        def on_disk() -> list[bool]:
            fuzzy = {message_id(e.msgctxt, e.msgid): e.fuzzy for e in po.load(catalog)}
            return [fuzzy[row.get_attribute("data-id")] for row in approved]

        assert on_disk() == [True, True, True]
        review.unroute(served.url + "review/it/saves")
        question.get_by_role("button", name="Keep mine, all 3").click()
        expect(status).to_have_text("Kept yours: 3 messages approved again.", timeout=WAIT)
        assert on_disk() == [False, False, False]


def test_a_keep_mine_all_meeting_texts_changed_on_disk_again_asks_again_as_texts_undone(drafted, context):
    """"Keep mine, all 3" sent as an editor changes the three messages on disk again: none is saved, and each box
    shows the editor's newer text beside the reviewer's, still one approved here then undone on disk (not a text
    "not saved yet", which dropped the question at the top): asked again at once, and "Keep mine, all 3" then
    approves the three texts the reviewer approved."""
    from playwright.sync_api import expect

    catalog = drafted.catalog("it")
    with Served(drafted.root) as served:
        review, status, question, approved = three_undone(served, context, catalog)
        ids = [row.get_attribute("data-id") for row in approved]
        mine = {row.get_attribute("data-id"): row.locator("textarea").input_value() for row in approved}
        with held(review, served, "it") as state:  # the page learns of the editor's change only from the answer
            with review.expect_request(state):
                edited = po.load(catalog)
                for each in edited:
                    if message_id(each.msgctxt, each.msgid) in ids:
                        each.msgstr += " (editor)"
                po.save(edited, catalog)
            question.get_by_role("button", name="Keep mine, all 3").click()
            expect(status).to_contain_text("Not saved: none of the 3 messages was approved again. “", timeout=WAIT)
            expect(status).to_contain_text("changed on disk again before your text was approved again")
            for row in approved:
                expect(row.locator(".conflict")).to_contain_text("Yours, approved here, then undone on disk:")
                expect(row.locator(".conflict .text").first).to_contain_text("(editor)")
            expect(question).to_contain_text("3 messages went back on disk")
        question.get_by_role("button", name="Keep mine, all 3").click()
        expect(status).to_have_text("Kept yours: 3 messages approved again.", timeout=WAIT)
        on_disk = {message_id(e.msgctxt, e.msgid): (e.msgstr, e.fuzzy) for e in po.load(catalog)}
        assert [on_disk[key] for key in ids] == [(mine[key], False) for key in ids]


def test_a_keep_mine_all_that_fails_for_some_says_which_and_what_to_press(drafted, context):
    """"Keep mine, all 3", of which one text now has findings to confirm (a glossary added meanwhile) and one changed
    on disk again: the status line said "your texts of “X”, “Y” are still there, to keep again: see each of them",
    then one reason, which named neither, and "to keep again" of a message whose box had gone for a "Save anyway".
    It names each message with its own reason and what to press; "Save anyway" then approves the first."""
    from playwright.sync_api import expect

    catalog = drafted.catalog("it")
    with Served(drafted.root) as served:
        review, status, question, approved = three_undone(served, context, catalog)
        title, institute, _call = approved
        assert title.locator(".english").text_content() == TITLE
        drafted.path("locales/it/glossary.toml").write_text('"Healthcare Sector" = "settore sanitario"\n',
                                                             encoding="utf-8")
        served.wait_for(lambda: any(f["check"] == "glossary" for f in served.state("it")[TITLE]["findings"]),
                        WAIT / 1000, "the glossary read")
        key = institute.get_attribute("data-id")
        with held(review, served, "it") as state:  # the page learns of the editor's change only from the answer
            with review.expect_request(state):
                edited = po.load(catalog)
                next(e for e in edited if message_id(e.msgctxt, e.msgid) == key).msgstr += " (editor)"
                po.save(edited, catalog)
            question.get_by_role("button", name="Keep mine, all 3").click()
            expect(status).to_have_text(
                "Kept yours: 1 of 3 messages approved again. “A Call to All Governments: Work Together…” was not "
                "approved: look at its findings first; correct your text, or press “Save anyway” below them. "
                "“CyberPeace Institute” changed on disk again before your text was approved again: choose which "
                "text to keep.", timeout=WAIT)
            expect(institute.locator(".conflict")).to_contain_text("(editor)")
        expect(title).to_have_attribute("data-state", "machine")  # not saved: the file's draft, not "reviewed"
        title.get_by_role("button", name="Save anyway").click()
        expect(status).to_have_text("Approved.", timeout=WAIT)
        assert not entry(drafted, "it", TITLE).fuzzy


def test_a_conflict_and_texts_undone_in_one_refresh_are_both_said(drafted, context):
    """One refresh brings three approvals undone on disk and a change to the message being typed in: the status
    line said the three alone, and a screen reader user never heard of the text they were typing."""
    from playwright.sync_api import expect

    catalog = drafted.catalog("it")
    with Served(drafted.root) as served:
        review, status = italian_review(served, context)
        read = catalog.read_bytes()
        approved_in_turn(review, 3)
        typing = review.locator("#" + review.locator(".msg.current").get_attribute("id"))
        key = typing.get_attribute("data-id")
        review.keyboard.press("e")
        review.keyboard.type(" (mia)")
        older = catalog.with_name("older.po")  # an editor's copy, read before the approvals, with an edit of its own
        older.write_bytes(read)
        edited = po.load(older)
        next(e for e in edited if message_id(e.msgctxt, e.msgid) == key).msgstr += " (editor)"
        po.save(edited, catalog)
        expect(typing.locator(".conflict")).to_contain_text("Yours, not saved yet:", timeout=WAIT)
        expect(review.locator(".top .conflict")).to_contain_text("3 messages went back on disk")
        expect(status).to_contain_text("3 messages went back on disk")
        expect(status).to_contain_text("was changed on disk while you were editing it: choose which text to keep.")


def test_a_save_failing_after_keep_mine_gives_the_message_its_choice_back(drafted, context):
    """One approval undone on disk, "Keep mine", and the save fails: the message shows both its texts and its
    choice again, not the approval the file no longer has; a second "Keep mine" approves it."""
    from playwright.sync_api import expect

    catalog = drafted.catalog("it")
    with Served(drafted.root) as served:
        review = context.new_page()
        review.goto(served.url + "review/it/")
        status = review.locator("#status")
        read = catalog.read_bytes()
        row = review.locator("#" + review.locator(".msg.current").get_attribute("id"))
        review.keyboard.press("a")
        expect(row).not_to_have_class(re.compile(r"\bcurrent\b"))
        catalog.write_bytes(read)
        expect(row.locator(".conflict")).to_contain_text("Yours, approved here, then undone on disk:", timeout=WAIT)
        review.route(served.url + "review/it/messages",
                     lambda route: route.fulfill(status=500, body="the disk is full", content_type="text/plain"))
        row.locator(".conflict").get_by_role("button", name="Keep mine", exact=True).click()
        expect(status).to_contain_text("Not saved", timeout=WAIT)
        expect(row.locator(".conflict")).to_be_visible()
        expect(row.locator(".conflict")).to_contain_text("Yours, approved here, then undone on disk:")
        fuzzy = {message_id(e.msgctxt, e.msgid): e.fuzzy for e in po.load(catalog)}
        assert fuzzy[row.get_attribute("data-id")]
        review.unroute(served.url + "review/it/messages")
        row.locator(".conflict").get_by_role("button", name="Keep mine", exact=True).click()
        expect(status).to_have_text("Approved.", timeout=WAIT)
        assert not {message_id(e.msgctxt, e.msgid): e.fuzzy for e in po.load(catalog)}[row.get_attribute("data-id")]


def undone_alone(served, context, catalog) -> tuple:
    """A review page of Italian whose title the reviewer approved as "Appello a tutti i governi", then undone on
    disk (an editor saving a copy it read before): the page, its status line, and the title's row, its box shown."""
    from playwright.sync_api import expect

    read = catalog.read_bytes()
    review, title = typed(context, served, "Appello a tutti i governi")
    review.keyboard.press("Control+Enter")
    expect(review.locator("#status")).to_have_text("Approved.")
    catalog.write_bytes(read)
    expect(title.locator(".conflict")).to_contain_text("Yours, approved here, then undone on disk:", timeout=WAIT)
    return review, review.locator("#status"), title


def test_keep_mine_meeting_the_text_changed_on_disk_again_says_it_changed_again(drafted, context):
    """One approval undone on disk, "Keep mine", and the message changed on disk again meanwhile: its box showed the
    right texts, but the status line said it "was changed on disk while you were editing it", of a text approved here
    and undone. It says what happened: changed on disk again, choose again."""
    from playwright.sync_api import expect

    catalog = drafted.catalog("it")
    with Served(drafted.root) as served:
        review, status, title = undone_alone(served, context, catalog)
        with held(review, served, "it") as state:  # the page learns of the editor's change only from the answer
            with review.expect_request(state):
                set_translation(drafted, "it", TITLE, "Appello ai governi (editor)", fuzzy=True)
            title.locator(".conflict").get_by_role("button", name="Keep mine", exact=True).click()
            expect(title.locator(".conflict .text").first).to_have_text("Appello ai governi (editor)", timeout=WAIT)
            expect(title.locator(".conflict")).to_contain_text("Yours, approved here, then undone on disk:")
            expect(status).to_contain_text("changed on disk again before your text was approved again: choose "
                                           "which text to keep.")
            expect(status).not_to_contain_text("while you were editing")
        assert entry(drafted, "it", TITLE).msgstr == "Appello ai governi (editor)"


def test_keep_mine_on_a_message_gone_from_the_catalog_leaves_its_notice_and_the_text(drafted, context):
    """One approval undone on disk, and the message leaves the catalog (its English changed: letter update) before
    "Keep mine" is answered: the notice that it is gone was at once covered by the box of the two texts again, whose
    buttons could only fail. The notice stays, with the reviewer's text to copy, and the page is not reloaded over it
    once it learns of the new messages."""
    from playwright.sync_api import expect

    catalog = drafted.catalog("it")
    with Served(drafted.root) as served:
        review, status, title = undone_alone(served, context, catalog)
        conflict = title.locator(".conflict")
        with held(review, served, "it"):
            drafted.edit("source/letter.md", "Work Together Now to Stop", "Work Together Today to Stop")
            drafted.ok("extract")
            drafted.ok("update")
            conflict.get_by_role("button", name="Keep mine", exact=True).click()
            expect(conflict).to_contain_text("This message is no longer in the catalog on disk as it was", timeout=WAIT)
            expect(status).to_contain_text("is no longer in the catalog on disk as it was: copy your text")
            expect(conflict.locator(".text")).to_have_text(["Appello a tutti i governi"])
            expect(conflict.get_by_role("button")).to_have_count(0)
        expect(status).to_have_text("The letter or the catalog now has other messages (letter extract or letter "
                                    "update?): save your edits, then reload the page.", timeout=WAIT)
        expect(conflict).to_contain_text("This message is no longer in the catalog on disk as it was")
        expect(conflict.locator(".text")).to_have_text(["Appello a tutti i governi"])


def test_a_failed_keep_mine_all_says_its_own_reason_not_the_last_thing_said(drafted, context):
    """"Keep mine, all 3" fails: the status line gives the server's reason, as the saves answered it, not what it
    said last (read back from it, that was "Approved.", of a message approved alone while the batch waited)."""
    from playwright.sync_api import expect

    catalog = drafted.catalog("it")
    with Served(drafted.root) as served:
        review, status, question, approved = three_undone(served, context, catalog)
        waiting = []
        # Answered below, once another message is approved alone.
        review.route(served.url + "review/it/saves", lambda route: waiting.append(route))
        other = review.locator("#" + review.locator(".msg.current").get_attribute("id"))
        question.get_by_role("button", name="Keep mine, all 3").click()
        expect(status).to_have_text("Keeping yours: 3 messages approved again…")
        other.get_by_role("button", name="Approve").click()
        expect(status).to_have_text("Approved.", timeout=WAIT)
        assert len(waiting) == 1
        waiting[0].fulfill(status=500, body="the disk is full", content_type="text/plain")
        expect(status).to_have_text("Not saved: none of the 3 messages was approved again. The disk is full; then "
                                    "press “Keep mine” again.", timeout=WAIT)
        expect(status).not_to_contain_text("Approved.")


def test_a_browser_is_let_in_by_the_printed_address_for_the_run_that_printed_it(drafted, chromium):
    """A browser that has not been let in sees what to do; the printed address lets it in and shows the page asked
    for without the key. A page left open while the server is started again is told to open the new address,
    and once it is opened (in another tab), the page follows the new run, and saves the text typed before."""
    from playwright.sync_api import expect

    stranger = chromium.new_context()  # not in Served.browsers: let in by the address alone
    try:
        with Served(drafted.root) as served:
            port = served.port
            review = stranger.new_page()
            review.goto(served.url + "review/it/")
            expect(review.locator("body")).to_contain_text("this browser lacks the key of letter serve")
            review.goto(f"{served.url}review/it/?key={served.key}")
            assert review.url == served.url + "review/it/"
            title = review.locator("#" + review.locator(".msg.current").get_attribute("id"))
            assert review.evaluate("document.cookie") == ""  # HttpOnly: no script of a page can read the key
            review.keyboard.press("e")
            review.keyboard.press("Control+a")
            review.keyboard.type("Appello")
        with Served(drafted.root, "--port", str(port)) as again:
            expect(review.locator(".letter-problems")).to_contain_text("open the address it printed in its terminal")
            expect(review.locator("#status")).to_contain_text("runs again, with a key of its own: open the address")
            stranger.new_page().goto(f"{again.url}?key={again.key}")
            expect(review.locator(".letter-problems")).to_have_count(0)
            title.locator("textarea").press("Control+Enter")
            expect(review.locator("#status")).to_have_text("Approved.")
            expect(title).to_have_attribute("data-state", "reviewed")
            assert entry(drafted, "it", TITLE).msgstr == "Appello"
    finally:
        stranger.close()


def test_a_save_refused_for_the_key_is_said_at_once_not_sent_again(drafted, context):
    """A page whose browser lacks the key (not let in to the server now running) cannot mend that by fetching a
    token anew, as it mends a refusal for the token: the guard's words are said at once, the save sent once."""
    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        review, title = typed(context, served, "Appello")
        context.clear_cookies()  # as a browser whose key is of a run before this one
        asked = []  # of the review page's addresses, but a check of the text as typed, which may be on its way
        review.on("request", lambda request: None if request.url.endswith("/check") or not request.url.startswith(
            served.url + "review/") else asked.append((request.method, request.url)))
        review.keyboard.press("Control+Enter")
        expect(review.locator("#status")).to_contain_text("this browser lacks the key of letter serve")
        assert asked == [("POST", served.url + "review/it/messages")]  # no page fetched for a token, nor sent again
        assert title.locator("textarea").input_value() == "Appello"


def test_a_keep_mine_all_that_saves_none_says_so_and_why(drafted, context):
    """"Keep mine, all 3" from a browser that lacks the key: the status line said "Kept yours: 0 of 3 messages
    approved again", then named the three as "still there, to keep again". It says plainly that none was saved,
    why, and what to press then; once let in again, that saves the three."""
    from playwright.sync_api import expect

    catalog = drafted.catalog("it")
    with Served(drafted.root) as served:
        review, status, question, approved = three_undone(served, context, catalog)
        context.clear_cookies()  # as a browser whose key is of a run before this one
        question.get_by_role("button", name="Keep mine, all 3").click()
        expect(status).to_have_text("Not saved: none of the 3 messages was approved again. Forbidden: this browser "
                                    "lacks the key of letter serve: open the address it printed in its terminal, "
                                    "which ends in ?key=…, once; then press “Keep mine” again.", timeout=WAIT)
        for row in approved:
            expect(row.locator(".conflict")).to_contain_text("Yours, approved here, then undone on disk:")
        served.let_in(context)
        question.get_by_role("button", name="Keep mine, all 3").click()
        expect(status).to_have_text("Kept yours: 3 messages approved again.", timeout=WAIT)


def test_a_page_refused_by_a_server_started_again_says_so_once(drafted, chromium):
    """What the page says once a server answers at its address again is said once: the alert, read out again, and
    the review page brought back to the message in hand (``letter:problems``), at each knock, would pull a reader
    away from wherever they scrolled and speak over them."""
    from playwright.sync_api import expect

    stranger = chromium.new_context()
    try:
        with Served(drafted.root) as served:
            port = served.port
            review = stranger.new_page()
            review.goto(f"{served.url}review/it/?key={served.key}")
            expect(review.locator(".msg.current")).to_have_count(1)
        with Served(drafted.root, "--port", str(port)):
            expect(review.locator(".letter-problems")).to_contain_text("open the address it printed in its terminal")
            expect(review.locator("#status")).to_contain_text("runs again, with a key of its own: open the address")
            review.evaluate("""() => {
              window.said = 0;
              document.addEventListener("letter:problems", () => window.said++);
              new MutationObserver((changes) => { window.said += changes.length; })
                .observe(document.querySelector(".letter-problems"), { childList: true, subtree: true });
            }""")
            review.wait_for_timeout(5000)  # two knocks and more (KNOCK_MS, live.js)
            assert review.evaluate("window.said") == 0
            expect(review.locator(".letter-problems")).to_contain_text("open the address it printed in its terminal")
            expect(review.locator("#status")).to_contain_text("runs again, with a key of its own: open the address")
    finally:
        stranger.close()


class _Taken(BaseHTTPRequestHandler):
    """Another user's server on the port a letter serve freed: it keeps the cookies it is sent, and answers 404."""

    cookies: ClassVar[list[str]] = []

    def do_any(self) -> None:
        self.cookies.append(self.headers.get("Cookie") or "")
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD = do_POST = do_any  # noqa: N815 (the names http.server calls)

    def log_message(self, *args: object) -> None:
        pass


def test_a_page_left_open_sends_no_key_to_whoever_takes_its_port(drafted, context):
    """A browser sends the key's cookie of every server of 127.0.0.1 to any port. A page left open once its server
    stopped asked its address again and again with the cookies: another user who took the port freed was sent the
    key of the server started since on another port (its own taken), and could read its pages and save. The page
    asks nothing of its address with the cookies until a page of that address, opened in this browser, says it
    was let in; a save is not sent meanwhile, and says why."""
    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        port = served.port
        review, title = typed(context, served, "Appello")
    _Taken.cookies = []
    taken = ThreadingHTTPServer(("127.0.0.1", port), _Taken)
    threading.Thread(target=taken.serve_forever, daemon=True).start()
    try:
        with Served(drafted.root) as again:  # on another port, as this one is taken
            review.wait_for_timeout(5000)  # two knocks and more (KNOCK_MS, live.js)
            assert _Taken.cookies  # it knocked
            assert not any(again.key in cookie for cookie in _Taken.cookies), _Taken.cookies
            expect(review.locator(".letter-problems")).to_contain_text("open the address it printed in its terminal")
            review.keyboard.press("Control+Enter")
            expect(review.locator("#status")).to_contain_text("Not saved: this page follows no letter serve now")
            assert not any(again.key in cookie for cookie in _Taken.cookies), _Taken.cookies
            assert title.locator("textarea").input_value() == "Appello"
    finally:
        taken.shutdown()
        taken.server_close()


def test_keep_mine_all_sent_to_a_server_started_again_is_still_one_write(drafted, context):
    """"Keep mine, all 3" sent before the page learnt the token of a server started again: each of the three saves
    was refused, fetched the page for the new token on its own and was sent again alone, in three writes of the
    catalog (three builds, no longer all or nothing). The one request is sent again once, as one write."""
    from playwright.sync_api import expect

    catalog = drafted.catalog("it")
    with Served(drafted.root) as served:
        port = served.port
        review, status, question, approved = three_undone(served, context, catalog)
        fetched = []  # the page's own address, which it fetches for the new run's token: not served the first time

        def first_fails(route) -> None:
            fetched.append(route.request.url)
            route.abort() if len(fetched) == 1 else route.continue_()
        review.route(served.url + "review/it/", first_fails)
    expect(status).to_contain_text("letter serve cannot be reached", timeout=WAIT)
    with Served(drafted.root, "--port", str(port)) as again:
        expect(status).to_have_text("letter serve runs again: save your text when it is ready.", timeout=WAIT)
        assert len(fetched) == 1
        sent = []
        review.on("request", lambda request: sent.append(request.url) if request.method == "POST" else None)
        written = len(again.stdout)
        question.get_by_role("button", name="Keep mine, all 3").click()
        expect(status).to_have_text("Kept yours: 3 messages approved again.", timeout=WAIT)
        assert sent == [again.url + "review/it/saves"] * 2  # refused for its token, then sent again
        said = [line for line in again.stdout[written:] if "saved" in line or "approved:" in line]
        assert len(said) == 1 and "3 messages saved in one write (3 approved)" in said[0], said
        fuzzy = {message_id(e.msgctxt, e.msgid): e.fuzzy for e in po.load(catalog)}
        assert [fuzzy[row.get_attribute("data-id")] for row in approved] == [False] * 3


def test_texts_undone_on_disk_are_answered_from_the_keyboard_and_the_focus_stays(drafted, context):
    """WCAG 2.4.3: "Keep mine, all 3" and "Take theirs, all 3" took the question away, and the focus on their button
    with it, to the page's body, where a keyboard or a screen reader user lost their place; so did a message's own
    "Take theirs". The focus goes to the message in hand (which a link of "Which ones" makes its message), and a
    message's own answer leaves it on that message."""
    from playwright.sync_api import expect

    catalog = drafted.catalog("it")

    with Served(drafted.root) as served:
        review = context.new_page()
        review.goto(served.url + "review/it/")
        question = review.locator(".top .conflict")
        approved = approved_then_undone(review, catalog, 3)
        question.locator("summary").focus()
        review.keyboard.press("Enter")  # Which ones, unfolded
        review.keyboard.press("Tab")
        review.keyboard.press("Enter")  # its first link: to that message, in hand
        expect(approved[0]).to_be_focused()
        expect(approved[0]).to_have_class(re.compile(r"\bcurrent\b"))
        question.get_by_role("button", name="Keep mine, all 3").focus()
        review.keyboard.press("Enter")
        expect(question).to_be_hidden()
        expect(review.locator("#status")).to_have_text("Kept yours: 3 messages approved again.")
        expect(approved[0]).to_be_focused()

        review.keyboard.press("2")  # the approved ones hidden, then on to the next that needs review
        review.keyboard.press("j")
        approved_then_undone(review, catalog, 3)
        in_hand = review.locator("#" + review.locator(".msg.current").get_attribute("id"))
        question.get_by_role("button", name="Take theirs, all 3").focus()
        review.keyboard.press("Enter")
        expect(question).to_be_hidden()
        expect(in_hand).to_be_focused()

        review.locator(".msg.current").focus()
        row = approved_then_undone(review, catalog, 1)[0]
        row.locator(".conflict").get_by_role("button", name="Take theirs").focus()
        review.keyboard.press("Enter")
        expect(row.locator(".conflict")).to_be_hidden()
        expect(row).to_be_focused()


def test_a_conflict_is_said_once_by_the_status_line(drafted, context):
    """WCAG 4.1.3: each message's conflict box and the question in the header were alerts, so that a screen reader
    said three approvals undone on disk four times, each box with both its texts, before the status line said it once
    more. The status line alone says it, for texts undone together as for a text changed on disk while typed."""
    from playwright.sync_api import expect

    catalog = drafted.catalog("it")
    with Served(drafted.root) as served:
        review, title = typed(context, served, "Appello a tutti i governi")
        status = review.locator("#status")
        set_translation(drafted, "it", TITLE, "Appello ai governi")
        expect(title.locator(".conflict")).to_be_visible(timeout=WAIT)
        expect(status).to_contain_text("was changed on disk while you were editing it: choose which text to keep.")
        expect(review.get_by_role("alert")).to_have_count(0)
        title.get_by_role("button", name="Take theirs").click()

        review.keyboard.press("j")  # on to the drafts after the title, which the file made reviewed
        approved_then_undone(review, catalog, 3)
        expect(review.locator(".top .conflict")).to_be_visible(timeout=WAIT)
        expect(review.locator(".msg .conflict:visible")).to_have_count(3)
        expect(status).to_contain_text("3 messages went back on disk")
        expect(review.get_by_role("alert")).to_have_count(0)


def test_several_texts_typed_and_changed_on_disk_at_once_are_each_said(drafted, context):
    """Two texts being typed, both changed on disk in one save of the editor: each shows its box, but the status line
    named only the last, and a screen reader user never heard of the other. One sentence names both."""
    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        review, title = typed(context, served, "Appello a tutti i governi")
        status = review.locator("#status")
        signatories = row_of(review, "Signatories")
        signatories.click()
        review.keyboard.press("e")
        review.keyboard.type(" (mia)")
        set_translations(drafted, "it", {TITLE: "Appello ai governi", "Signatories": "Firmatari (dall'editor)"})
        for row in (title, signatories):
            expect(row.locator(".conflict")).to_contain_text("Yours, not saved yet:", timeout=WAIT)
        expect(status).to_have_text(f"“{TITLE[:40]}…”, “Signatories” were changed on disk while you were editing "
                                    "them: choose which text to keep.")


def test_the_links_to_texts_undone_on_disk_are_targets_a_finger_can_tell_apart(drafted, context):
    """WCAG 2.5.8: the links of "Which ones" were 19 px high, a line apart, so that a 24 px target around each met
    the next: a list is no sentence, whose links may be as close as its lines. Their centres are 24 px apart."""
    from playwright.sync_api import expect

    catalog = drafted.catalog("it")
    with Served(drafted.root) as served:
        review = context.new_page()
        review.goto(served.url + "review/it/")
        approved_then_undone(review, catalog, 3)
        question = review.locator(".top .conflict")
        expect(question).to_be_visible(timeout=WAIT)
        question.get_by_text("Which ones").click()
        for width in (1400, 320):
            review.set_viewport_size({"width": width, "height": 800})
            targets = [question.locator("summary"), *question.locator("a").all()]
            expect(targets[-1]).to_be_visible()
            boxes = [target.bounding_box() for target in targets]
            for above, below in itertools.pairwise(boxes):
                apart = (below["y"] + below["height"] / 2) - (above["y"] + above["height"] / 2)
                assert apart >= 24 or min(above["height"], below["height"]) >= 24, (width, above, below)


def test_a_header_grown_over_half_a_short_window_leaves_the_message_in_hand_in_sight(drafted, context):
    """WCAG 2.4.11: in a wide, short window (a laptop's at 150%), the question of texts undone on disk grew the sticky
    header to most of the screen, and the status line took the rest: the message j and k went to was under them. A
    header over half the window scrolls away with the page; the message in hand is between its foot and the status
    line."""
    from playwright.sync_api import expect

    catalog = drafted.catalog("it")
    with Served(drafted.root) as served:
        review = context.new_page()
        review.set_viewport_size({"width": 900, "height": 440})
        review.goto(served.url + "review/it/")
        approved_then_undone(review, catalog, 3)
        question = review.locator(".top .conflict")
        expect(question).to_be_visible(timeout=WAIT)
        question.get_by_text("Which ones").click()
        expect(review.locator("#status")).to_contain_text("3 messages went back on disk")
        current = review.locator(".msg.current")
        current.focus()
        for key in "jjjjkkkkk":
            review.keyboard.press(key)
            header, box, status = (review.locator(".top").bounding_box(), current.bounding_box(),
                                   review.locator("#status").bounding_box())
            assert header["y"] + header["height"] - 1 <= box["y"] < status["y"], (key, header, box, status)


def test_the_conflict_box_marks_the_words_the_two_texts_differ_by(drafted, context):
    """One word changed on disk in a sentence the reviewer edited elsewhere: each text shows it marked."""
    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        review, title = typed(context, served, "Appello a tutti i governi: lavorare insieme ora, subito")
        set_translation(drafted, "it", TITLE, "Appello a tutti i governi: lavorare uniti ora")
        on_disk, yours = title.locator(".conflict .text").nth(0), title.locator(".conflict .text").nth(1)
        expect(on_disk.locator("mark")).to_have_text(["uniti"], timeout=WAIT)
        expect(yours.locator("mark")).to_have_text(["insieme", ", subito"])
        expect(on_disk).to_have_text("Appello a tutti i governi: lavorare uniti ora")


def test_keep_mine_saves_the_text_the_reviewer_approved_though_a_refresh_came_meanwhile(drafted, context):
    """The reviewer approves the machine draft they read just as an editor saves the file: the conflict shows
    both texts, the refresh that follows shows the editor's other change and leaves the message alone, and
    "Keep mine" approves the text the reviewer read."""
    from playwright.sync_api import expect

    machine = entry(drafted, "it", TITLE).msgstr
    with Served(drafted.root) as served:
        review = context.new_page()
        review.goto(served.url + "review/it/")
        title = review.locator("#" + review.locator(".msg.current").get_attribute("id"))
        with held(review, served, "it") as state:
            with review.expect_request(state):
                set_translations(drafted, "it", {TITLE: "Versione di Poedit", "Signatories": "Firmatari (Poedit)"},
                                 fuzzy=True)
            review.keyboard.press("a")
            expect(title.locator(".conflict")).to_contain_text("Versione di Poedit")
        expect(row_of(review, "Signatories").locator("textarea")).to_have_value("Firmatari (Poedit)", timeout=WAIT)
        expect(title.locator("textarea")).to_have_value(machine)
        expect(title.locator(".conflict")).to_contain_text(machine)
        title.get_by_role("button", name="Keep mine").click()
        expect(review.locator("#status")).to_have_text("Approved.")
        approved = entry(drafted, "it", TITLE)
        assert (approved.msgstr, approved.fuzzy) == (machine, False)


def test_a_change_on_disk_announced_during_a_save_is_still_shown_after_it(drafted, context):
    """An editor saves one message and, a moment later, the reviewer approves another: the answer to the
    approval comes from a file that holds the editor's change too, and the page still shows that change."""
    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        review = context.new_page()
        review.goto(served.url + "review/it/")
        with held(review, served, "it") as state:
            with review.expect_request(state):
                set_translation(drafted, "it", "Signatories", "Firmatari (Poedit)")
            review.keyboard.press("a")
            expect(review.locator("#status")).to_have_text("Approved.")
        signatories = row_of(review, "Signatories")
        expect(signatories.locator("textarea")).to_have_value("Firmatari (Poedit)", timeout=WAIT)
        expect(signatories).to_have_attribute("data-state", "reviewed")


def test_a_text_replaced_from_disk_is_told_and_marked(drafted, context):
    """An editor saves another text for the message the reviewer is reading, which they had not touched:
    the page shows it, and says so, for the reviewer not to approve unawares what they did not read."""
    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        review = context.new_page()
        review.goto(served.url + "review/it/")
        title = review.locator("#" + review.locator(".msg.current").get_attribute("id"))
        set_translation(drafted, "it", TITLE, "Versione di Poedit", fuzzy=True)
        expect(title.locator("textarea")).to_have_value("Versione di Poedit", timeout=WAIT)
        expect(review.locator("#status")).to_have_text("Changed on disk: “A Call to All Governments: Work Together…”.")
        expect(title).to_have_class(re.compile(r"\breplaced\b"))
        review.keyboard.press("a")
        expect(review.locator("#status")).to_have_text("Approved.")
        expect(title).not_to_have_class(re.compile(r"\breplaced\b"))


def test_a_text_undone_on_disk_is_not_reloaded_away_when_the_messages_change(drafted, context):
    """A text the reviewer saved, then undone on disk, is theirs alone while its box asks: the page does not
    reload itself over it when the catalog's messages change (letter update), nor leave unwarned."""
    from playwright.sync_api import expect

    catalog = drafted.catalog("it")
    with Served(drafted.root) as served:
        read = catalog.read_bytes()
        review, title = typed(context, served, "Appello a tutti i governi")
        review.keyboard.press("Control+s")
        expect(review.locator("#status")).to_have_text("Saved as a draft.")
        catalog.write_bytes(read)
        conflict = title.locator(".conflict")
        expect(conflict).to_contain_text("Yours, saved here, then undone on disk:", timeout=WAIT)
        drafted.edit("source/letter.md", "The time to act is now.", "The time to act is today.")
        drafted.ok("extract")
        drafted.ok("update")
        expect(review.locator("#status")).to_have_text("The letter or the catalog now has other messages (letter "
                                                       "extract or letter update?): save your edits, then reload "
                                                       "the page.", timeout=WAIT)
        expect(conflict.locator(".text").last).to_have_text("Appello a tutti i governi")
        with review.expect_event("dialog") as asked:
            review.close(run_before_unload=True)
        assert asked.value.type == "beforeunload"
        asked.value.dismiss()
        expect(conflict).to_be_visible()


def test_the_legend_of_a_changed_english_comes_and_goes_with_its_struck_words(drafted, context):
    """What a message's struck and marked English means is said under it while its English shows them: added
    when a catalog saved on disk makes its English a changed one, and there on a page opened then; gone once it
    is approved. No other message has one, even hidden: a catalog's page carries 13,000 messages."""
    from playwright.sync_api import expect

    legend = "Since it was translated, the English lost the struck words and gained the marked ones."
    with Served(drafted.root) as served:
        review = context.new_page()
        review.goto(served.url + "review/it/")
        title = review.locator("#" + review.locator(".msg.current").get_attribute("id"))
        expect(review.locator(".legend")).to_have_count(0)
        catalog = po.load(drafted.catalog("it"))
        changed = next(e for e in catalog if e.msgid == TITLE)
        changed.previous_msgid = TITLE.replace("Now", "Today")
        po.save(catalog, drafted.catalog("it"))
        for _opened in range(2):  # refreshed, then opened anew
            expect(title.locator(".english del")).to_have_text("Today", timeout=WAIT)
            expect(title.locator(".english + .legend")).to_have_text(legend)
            expect(title.locator(".legend del")).to_have_text("struck")
            expect(title.locator(".legend ins")).to_have_text("marked")
            expect(review.locator(".legend")).to_have_count(1)
            review.reload()
        review.keyboard.press("a")
        expect(review.locator("#status")).to_have_text("Approved.", timeout=WAIT)
        expect(title.locator(".english del")).to_have_count(0)
        expect(review.locator(".legend")).to_have_count(0)


def test_a_screen_reader_hears_which_words_the_english_lost_and_gained(drafted, context):
    """A message's English is its description (the message's and its box's): the struck words were read in it as
    part of the English now, run into the marked ones ("Together TodayNow to Stop"), so that a reviewer who
    hears the page could not tell the English from what it was, nor what to change in the translation."""
    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        catalog = po.load(drafted.catalog("it"))
        changed = next(e for e in catalog if e.msgid == TITLE)
        changed.previous_msgid = TITLE.replace("Now", "Today")
        po.save(catalog, drafted.catalog("it"))
        review = context.new_page()
        review.goto(served.url + "review/it/")
        title = review.locator("#" + review.locator(".msg.current").get_attribute("id"))
        expect(title.locator(".english del")).to_have_text("Today", timeout=WAIT)
        said = re.compile(r"^A Call to All Governments: Work Together \[removed: Today\] \[added: Now\] to Stop "
                          r"Cyberattacks on the Healthcare Sector$")
        expect(title).to_have_accessible_description(said)
        expect(title.locator("textarea")).to_have_accessible_description(re.compile(said.pattern.rstrip("$")))
        expect(title.locator(".english")).to_have_text("A Call to All Governments: Work Together TodayNow to Stop "
                                                       "Cyberattacks on the Healthcare Sector")  # (nothing more shown)
        expect(title.locator(".legend")).to_have_accessible_name("")
        expect(title.locator(".legend")).to_have_text("Since it was translated, the English lost the struck words "
                                                      "and gained the marked ones.")


def test_e_edits_at_the_end_of_the_text_and_esc_gives_the_keys_back(drafted, context):
    from playwright.sync_api import expect

    machine = entry(drafted, "it", TITLE).msgstr
    with Served(drafted.root) as served:
        review = context.new_page()
        review.goto(served.url + "review/it/")
        title = review.locator("#" + review.locator(".msg.current").get_attribute("id"))
        review.keyboard.press("e")
        review.keyboard.type("!")
        expect(title.locator("textarea")).to_have_value(machine + "!")
        review.keyboard.press("Escape")
        expect(title).to_be_focused()
        review.keyboard.press("j")
        expect(title).not_to_have_class(re.compile(r"\bcurrent\b"))
        expect(review.locator(".msg.current .note")).to_have_text("the publisher of the letter, named in the byline")
        expect(title.locator("textarea")).to_have_value(machine + "!")


def test_the_keys_work_on_an_arabic_keyboard(drafted, context):
    """With an Arabic layout, the keys marked J, K, E, S and A type ت ن ث س ش: the shortcuts are where a
    US keyboard has them. Chromium is sent the keys as the system sends them (the character and the place)."""
    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        review = context.new_page()
        review.goto(served.url + "review/it/")
        cdp = context.new_cdp_session(review)

        def press(key: str, place: str, ctrl: bool = False) -> None:
            for kind in ("keyDown", "keyUp"):
                cdp.send("Input.dispatchKeyEvent", {
                    "type": kind, "key": key, "code": place, "modifiers": 2 if ctrl else 0,
                    "text": key if kind == "keyDown" and not ctrl else "",
                    "windowsVirtualKeyCode": ord(place[-1])})

        title = review.locator("#" + review.locator(".msg.current").get_attribute("id"))
        note = review.locator(".msg.current .note")
        press("ت", "KeyJ")
        expect(note).to_have_text("the publisher of the letter, named in the byline")
        press("ن", "KeyK")
        expect(title).to_have_class(re.compile(r"\bcurrent\b"))
        press("ث", "KeyE")
        expect(title.locator("textarea")).to_be_focused()
        press("س", "KeyS", ctrl=True)  # (the machine draft as it was: nothing to change)
        expect(review.locator("#status")).to_have_text("Nothing to save: the catalog has this text already.")
        press("ش", "KeyA")  # in the textarea: a letter typed
        expect(title.locator("textarea")).to_have_value(re.compile("ش$"))
        review.keyboard.press("Escape")
        press("ش", "KeyA")
        expect(review.locator("#status")).to_have_text("Approved.")
        expect(title).to_have_attribute("data-state", "reviewed")
        assert entry(drafted, "it", TITLE).msgstr.endswith("ش")
        cdp.send("Input.dispatchKeyEvent", {"type": "keyDown", "key": "ظ", "code": "Slash", "text": "ظ",
                                            "windowsVirtualKeyCode": 191})  # where a US keyboard has /
        expect(review.locator("#find")).to_be_focused()


def test_a_screen_reader_hears_which_message_a_field_is_for_and_each_finding_once(drafted, context):
    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        review = context.new_page()
        review.goto(served.url + "review/it/")
        row = row_of(review, "Signatories")
        for field in (row.get_by_role("textbox", name="Translation"), row.get_by_role("button", name="Save as draft"),
                      row.get_by_role("button", name="Approve")):
            expect(field).to_have_accessible_description("Signatories")
        findings = row.locator(".findings")
        expect(findings).to_have_attribute("aria-live", "polite")
        area = row.locator("textarea")
        area.fill("Firmatari <b>")
        expect(findings.locator(".check")).to_have_text(["markup"], timeout=WAIT)
        first = findings.locator("li").element_handle()
        with review.expect_response(served.url + "review/it/check"):
            area.fill("I firmatari <b>")  # the same finding again: not put in the live region again
        expect(findings.locator(".check")).to_have_text(["markup"])
        assert first.evaluate("item => item.isConnected")


def test_a_finding_s_quote_of_an_arabic_translation_is_read_as_arabic_as_the_reviewer_types(shipped, context):
    """The quote in a <bdi> of the catalog's language and direction, in the page as served and as its script
    writes the findings of the text typed; and the script's item is the page's, node for node, so that the
    live region is not written again, and heard again, when nothing changed."""
    from playwright.sync_api import expect

    title = entry(shipped, "ar", TITLE).msgstr
    first, second = title.split()[:2]
    set_translation(shipped, "ar", TITLE, f"{first} {title}")
    with Served(shipped.root) as served:
        review = context.new_page()
        with held(review, served, "ar"):  # no refresh meanwhile: the page's own item stays to be compared
            review.goto(served.url + "review/ar/")
            row = row_of(review, TITLE)
            quote = row.locator(".findings li bdi")
            expect(quote).to_have_text(f"{first} {first}")
            page_item = row.locator(".findings li").element_handle()
            area = row.locator("textarea")
            area.fill(title.replace(second, f"{second} {second}", 1))
            expect(quote).to_have_text(f"{second} {second}", timeout=WAIT)
            expect(quote).to_have_attribute("lang", "ar")
            expect(quote).to_have_attribute("dir", "rtl")
            area.fill(f"{first} {title}")
            expect(quote).to_have_text(f"{first} {first}", timeout=WAIT)
            written = row.locator(".findings li").element_handle()
            assert written.evaluate("(item, served) => item !== served && item.isEqualNode(served)", page_item)


class _Page(BaseHTTPRequestHandler):
    page = b""

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(self.page)

    def log_message(self, *args: object) -> None:
        pass


def test_a_form_on_another_site_cannot_change_a_catalog(drafted, context):
    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        row = served.state("it")[TITLE]
        before = drafted.catalog("it").read_bytes()
        # A page elsewhere posts what the review page would send, as text/plain, which needs no preflight.
        body = (f'{{"id": "{row["id"]}", "translation": "pwned", "approve": true, '
                f'"base": "{row["rev"]}", "confirm": true, "x": "')
        _Page.page = (f"<!DOCTYPE html><form method=post enctype=text/plain action='{served.url}review/it/messages'>"
                      f"<input name='{body}' value='\"}}'></form><script>document.forms[0].submit()</script>").encode()
        elsewhere = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
        threading.Thread(target=elsewhere.serve_forever, daemon=True).start()
        try:
            page = context.new_page()
            with page.expect_response(f"{served.url}review/it/messages") as response:
                page.goto(f"http://127.0.0.1:{elsewhere.server_address[1]}/")
            assert response.value.status == 403
            expect(page.locator("body")).to_contain_text("Forbidden")
        finally:
            elsewhere.shutdown()
            elsewhere.server_close()
        assert drafted.catalog("it").read_bytes() == before


def test_a_broken_catalog_shows_its_error_over_the_page_until_it_is_fixed(drafted, context):
    from playwright.sync_api import expect

    catalog = drafted.catalog("fr")
    good = catalog.read_bytes()
    with Served(drafted.root) as served:
        page = context.new_page()
        page.goto(served.url + "fr/")
        catalog.write_bytes(good.replace(b'msgid "Signatories"', b'msgid "Signatories'))
        problems = page.locator(".letter-problems")
        expect(problems).to_contain_text("locales/fr/LC_MESSAGES/letter.po:", timeout=WAIT)
        expect(problems).to_contain_text("error:")
        # The page's end and what is scrolled into view stay clear of it (it covered the message in hand).
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        last = page.locator("footer").last.bounding_box()
        assert last["y"] + last["height"] <= problems.bounding_box()["y"] + 1
        padding = page.evaluate("parseFloat(getComputedStyle(document.documentElement).scrollPaddingBlockEnd)")
        assert padding == pytest.approx(problems.bounding_box()["height"], abs=1)
        catalog.write_bytes(good)
        expect(problems).to_have_count(0, timeout=WAIT)
        assert page.evaluate("getComputedStyle(document.documentElement).scrollPaddingBlockEnd") in ("auto", "0px")


@pytest.mark.parametrize("width, height, tag, where", [(1400, 900, "it", "foot"), (1400, 900, "it", "top"),
                                                      (1400, 900, "ar", "foot"), (375, 800, "it", "foot")])
def test_a_broken_catalog_s_error_on_the_review_page_is_said_once_over_nothing(drafted, context, width, height, tag,
                                                                              where):
    """The review page shows a build's problems once, whole, in its header: not in a bar at the screen's foot
    over the message being edited (``where`` on the screen it is), nor again, cut off, in its preview of the
    edition; the header grown, the message stays in sight below it. On a phone, whose header scrolled away,
    the status line says where they are."""
    from playwright.sync_api import expect

    if tag == "ar":
        drafted.ok("draft", "ar", "--provider", "pseudo")
    catalog = drafted.catalog(tag)
    good = catalog.read_bytes()
    with Served(drafted.root) as served:
        review = context.new_page()
        review.set_viewport_size({"width": width, "height": height})
        review.goto(served.url + f"review/{tag}/")
        if width < 800:
            review.keyboard.press("v")
        expect(review.locator("aside.preview")).to_be_visible()
        expect(review.frame_locator("aside.preview iframe").locator("h1")).to_be_visible(timeout=WAIT)
        # A message at the screen's foot, or just below the header, being edited.
        row = row_of(review, "University of Oxford").first
        area = row.locator("textarea")
        area.scroll_into_view_if_needed()
        below = row.bounding_box()
        header = review.locator(".top").bounding_box()
        review.mouse.wheel(0, below["y"] + below["height"] - height + 5 if where == "foot" else
                           below["y"] - header["y"] - header["height"] - 5)
        review.wait_for_timeout(200)
        area.click()
        review.keyboard.type(" (Oxford)")
        catalog.write_bytes(good.replace(b'msgid "Signatories"', b'msgid "Signatories'))
        problems = review.locator(".letter-problems")
        expect(problems).to_contain_text("letter.po:", timeout=WAIT)
        expect(problems).to_have_count(1)
        assert review.locator(".top .letter-problems").count() == 1, "in the header, in the flow"
        review.wait_for_timeout(500)  # (the preview is told of the build as the page is)
        assert review.frame_locator("aside.preview iframe").locator(".letter-problems").count() == 0
        expect(area).to_be_focused()
        if width < 800:
            expect(review.locator("#status")).to_have_text("The last build found a problem: it is shown at the top "
                                                           "of the page.")
            review.evaluate("window.scrollTo(0, 0)")
        shown, line = problems.bounding_box(), problems.locator("pre").bounding_box()
        assert shown["y"] >= 0 and line["y"] + line["height"] <= min(shown["y"] + shown["height"], height) + 1
        if width >= 800:  # the header stays: the text being edited and the preview are below it, not under it
            edited = area.bounding_box()
            assert edited["y"] >= shown["y"] + shown["height"] and edited["y"] + edited["height"] <= height
            pane = review.locator("aside.preview").bounding_box()
            assert pane["y"] >= shown["y"] + shown["height"] - 1 and pane["y"] + pane["height"] <= height
        catalog.write_bytes(good)
        expect(problems).to_have_count(0, timeout=WAIT)


@pytest.mark.parametrize("tag, direction, text", [("ar", "rtl", "نداء إلى جميع الحكومات"),
                                                  ("zh-Hans", "ltr", "致各国政府的呼吁")])
def test_right_to_left_and_chinese_translations_edit_in_their_own_language(drafted, context, tag, direction, text):
    from playwright.sync_api import expect

    hostile = '<img src=x onerror="document.title=1">'
    with Served(drafted.root) as served:
        review = context.new_page()
        review.goto(served.url + f"review/{tag}/")
        review.keyboard.press("1")
        review.locator(".msg").first.click()
        area = review.locator(".msg.current textarea")
        expect(area).to_have_attribute("lang", tag)
        expect(area).to_have_attribute("dir", direction)
        expect(review.locator(".msg.current .english")).to_have_attribute("dir", "ltr")
        review.keyboard.press("e")
        review.keyboard.press("Control+a")
        review.keyboard.type(text + hostile)
        review.keyboard.press("Control+s")
        # An HTML tag is no markup in a letter: the check says so; and a draft over the title the published
        # edition shows fails its build until approved. The reviewer may save it anyway.
        expect(review.locator(".msg.current .findings li .check")).to_have_text(["markup", "fuzzy"], timeout=WAIT)
        review.locator(".msg.current .findings button", has_text="Save anyway").click()
        expect(review.locator("#status")).to_have_text("Saved as a draft.")
        review.reload()
        review.keyboard.press("1")
        expect(review.locator(".msg").first.locator("textarea")).to_have_value(text + hostile)
        assert review.locator(".msg img").count() == 0, "a translation is shown as text, never as markup"
        saved = entry(drafted, tag, TITLE)
        assert (saved.msgstr, saved.fuzzy) == (text + hostile, True)


def without_findings(context, served: Served):
    """The Italian review page, moved with j to the first message without findings; the page, and the
    locator of the message in hand."""
    review = context.new_page()
    review.goto(served.url + "review/it/")
    current = review.locator(".msg.current")
    while current.get_attribute("data-findings") is not None:
        review.keyboard.press("j")
    return review, current


def test_a_filter_that_hides_the_message_in_hand_leaves_no_key_acting_on_it(drafted, context):
    """Only findings shown, the draft in hand (which has none) is hidden: a approves nothing unseen."""
    import time

    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        review, current = without_findings(context, served)
        before = drafted.catalog("it").read_bytes()
        review.keyboard.press("3")
        expect(review.locator(".msg.current")).to_have_count(0)
        # Not the page: a screen reader says where the reviewer is.
        expect(review.locator("button[data-filter=findings]")).to_be_focused()
        review.keyboard.press("a")
        time.sleep(1)  # what a save would take to reach the disk
        assert drafted.catalog("it").read_bytes() == before
        review.keyboard.press("j")  # the first message shown is in hand
        expect(review.locator(".msg.current")).to_have_attribute("data-findings", "")


def test_an_answer_that_comes_late_leaves_the_reviewer_where_they_went(drafted, context):
    """Approved, then on to another message before the server answers: the answer does not move the
    reviewer on, so what they type there stays text, not shortcuts that approve unseen drafts."""
    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        review, title = typed(context, served, "Appello a tutti i governi")
        waiting = []
        review.route(served.url + "review/it/messages", lambda route: waiting.append(route))  # waits until let go
        review.keyboard.press("Control+Enter")
        expect(title).to_have_class(re.compile(r"\bbusy\b"))
        other = row_of(review, "Signatories")
        other.locator("textarea").click()
        while not waiting:  # Playwright hands the held request to its handler while the test calls into it
            review.wait_for_timeout(20)
        waiting[0].continue_()
        expect(title).to_have_attribute("data-state", "reviewed")
        review.keyboard.type(" a ja")
        expect(other.locator("textarea")).to_be_focused()
        assert other.locator("textarea").input_value().endswith(" a ja")
        reviewed = [e.msgid for e in po.load(drafted.catalog("it")) if e.msgstr and not e.fuzzy]
        assert reviewed == [TITLE]


def saved_with_a_finding(review):
    """The Italian pattern typed with a placeholder mistyped, and saved: its row, and the "Save anyway" button
    that the finding brings up."""
    from playwright.sync_api import expect

    row = row_of(review, "{role}, {organization}")
    row.locator("textarea").click()
    review.keyboard.press("Control+a")
    review.keyboard.type("{rol}, {organization}")
    review.keyboard.press("Control+s")
    button = row.get_by_role("button", name="Save anyway")
    expect(button).to_be_visible()
    return row, button


def test_save_anyway_stays_until_the_text_changes(drafted, context):
    """Saved at once after typing a text with a finding: the check of the text as typed, due a moment
    later, does not take away the button that saves it anyway."""
    import time

    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        review = context.new_page()
        review.goto(served.url + "review/it/")
        _row, button = saved_with_a_finding(review)
        time.sleep(1)  # past the check as typed
        expect(button).to_be_visible()
        button.click()
        expect(review.locator("#status")).to_have_text("Saved as a draft.")


def test_save_anyway_pressed_from_the_keyboard_leaves_the_focus_on_the_message(drafted, context):
    """The button goes once the text is saved: the focus on it fell to the page's body, where a keyboard or a
    screen reader loses its place, and the keys that act on a message (e, a) acted on none."""
    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        review = context.new_page()
        review.goto(served.url + "review/it/")
        row, button = saved_with_a_finding(review)
        button.focus()
        review.keyboard.press("Enter")
        expect(review.locator("#status")).to_have_text("Saved as a draft.")
        expect(button).to_have_count(0)
        expect(row).to_be_focused()
        review.keyboard.press("e")
        expect(row.locator("textarea")).to_be_focused()


def test_a_message_made_a_draft_on_disk_shows_under_needs_review(drafted, context):
    from playwright.sync_api import expect

    set_translation(drafted, "it", "Signatories", "Firmatari")  # reviewed
    with Served(drafted.root) as served:
        review = context.new_page()
        review.goto(served.url + "review/it/")
        review.keyboard.press("2")
        row = row_of(review, "Signatories")
        expect(row).to_be_hidden()
        set_translation(drafted, "it", "Signatories", "Firmatari (da rivedere)", fuzzy=True)  # Poedit: needs work
        expect(row).to_be_visible(timeout=WAIT)
        expect(row.locator("textarea")).to_have_value("Firmatari (da rivedere)")


def test_keys_go_on_from_where_the_reviewer_was(drafted, context):
    """A filter that hid the message in hand and is undone gives it back; j goes on from its place while
    it is hidden; and an approval made after clicking a filter moves on as one made from the keyboard."""
    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        review, current = without_findings(context, served)
        hidden = current.get_attribute("id")
        review.keyboard.press("3")
        review.keyboard.press("1")
        expect(current).to_have_attribute("id", hidden)
        review.keyboard.press("3")
        review.keyboard.press("j")  # the first message with findings after the hidden one
        after = review.locator(f"#{hidden} ~ .msg[data-findings], .group:has(#{hidden}) ~ .group .msg[data-findings]")
        expect(current).to_have_attribute("id", after.first.get_attribute("id"))

        review.locator("button[data-filter=all]").click()
        before = current.get_attribute("id")
        review.keyboard.press("a")
        expect(current).not_to_have_attribute("id", before)


def test_a_key_that_changes_a_message_acts_only_on_the_message_with_the_focus(drafted, context):
    """WCAG 2.1.4: a stray a (or a speech command) on a link approved the message in hand, perhaps out of
    sight. It approves the message that has the focus alone, and the page says so elsewhere; j and the
    filters still work from anywhere but a text field, and a filter clicked gives the focus back."""
    from playwright.sync_api import expect

    machine = entry(drafted, "it", TITLE).msgstr
    with Served(drafted.root) as served:
        review = context.new_page()
        review.goto(served.url + "review/it/")
        title = review.locator(".msg.current")
        review.locator(".top nav a").first.focus()
        review.keyboard.press("a")
        expect(review.locator("#status")).to_have_text(
            "a approves the message that has the focus: go to it first (j, k or a click).")
        review.keyboard.press("e")
        expect(review.locator("textarea:focus")).to_have_count(0)
        assert entry(drafted, "it", TITLE).fuzzy and entry(drafted, "it", TITLE).msgstr == machine
        review.locator("button[data-filter=review]").click()
        expect(title).to_be_focused()
        review.keyboard.press("a")
        expect(review.locator("#status")).to_have_text("Approved.")


def test_the_message_in_hand_is_named_and_never_under_the_sticky_header(drafted, context):
    """WCAG 4.1.2 and 2.4.11: the message given the focus was an unnamed "article" to a screen reader, and
    k scrolled it under the sticky header, where a sighted keyboard user saw nothing move."""
    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        review = context.new_page()
        review.set_viewport_size({"width": 1000, "height": 600})
        review.goto(served.url + "review/it/")
        current = review.locator(".msg.current")
        expect(current).to_have_accessible_name(re.compile(r"^Machine draft \(pseudo, .*\) title of the letter"))
        expect(current).to_have_accessible_description(re.compile("^A Call to All Governments"))
        for _ in range(8):
            review.keyboard.press("j")
        for _ in range(6):
            review.keyboard.press("k")
            header = review.locator(".top").bounding_box()
            box = current.bounding_box()
            assert box["y"] >= header["y"] + header["height"] - 1, (box, header)


def test_the_status_line_never_covers_the_last_message(drafted, context):
    """The status line is fixed at the screen's foot: at the page's end it covered the last message, whose
    buttons could not be clicked nor its words read. Its height is kept free below it, in a wide and a narrow
    window, on a left-to-right and a right-to-left page; said while the page is at its end, the page stays there."""
    from playwright.sync_api import expect

    def clear(card, status) -> None:
        """The card is above the status line; each of its buttons is what a click at its centre and its foot hits."""
        assert card.bounding_box()["y"] + card.bounding_box()["height"] <= status.bounding_box()["y"] + 1
        for button in card.locator("button:visible").all():
            assert button.evaluate("""(button) => {
                const box = button.getBoundingClientRect(), x = box.x + box.width / 2;
                return [box.y + box.height / 2, box.bottom - 2].every((y) => document.elementFromPoint(x, y) === button)
            }"""), button.text_content()

    def to_the_end(page) -> None:
        """The page scrolled to its end, once the end stays put: the messages coming into sight are laid out
        then (``content-visibility``), which moves it."""
        before = None
        for _ in range(20):
            now = page.evaluate("""async () => {
                scrollTo(0, document.documentElement.scrollHeight);
                for (const frame of [1, 2]) await new Promise(requestAnimationFrame);
                return [scrollY + innerHeight, document.documentElement.scrollHeight];
            }""")
            if now == before and now[0] >= now[1] - 1:
                return
            before = now
        raise AssertionError(f"the page's end keeps moving: {now}")

    drafted.ok("draft", "ar", "--provider", "pseudo")
    with Served(drafted.root) as served:
        for tag in ("it", "ar"):
            for width in (1280, 375):
                review = context.new_page()
                review.set_viewport_size({"width": width, "height": 800})
                review.goto(served.url + f"review/{tag}/")
                status, last = review.locator("#status"), review.locator(".msg:visible").last
                review.locator(".msg.current").blur()
                to_the_end(review)
                review.keyboard.press("a")  # said while the page is at its end, and kept: two lines on a phone
                expect(status).to_have_text("a approves the message that has the focus: go to it first (j, k or a "
                                            "click).")
                clear(last, status)
                to_the_end(review)
                clear(last, status)
                last.get_by_role("button", name="Approve").click()
                # (Every Arabic message is reviewed: its last one, approved again, is said to be so already.)
                expect(status).to_have_text("Approved: that was the last message shown." if tag == "it" else
                                            "Already approved. That was the last message shown.")
                clear(last, status)
                review.close()


def test_states_are_said_in_words_and_kept_in_high_contrast(drafted, context):
    """WCAG 1.4.1: a finding's severity and a text not saved were told by a colour alone; in Windows' high
    contrast the pressed filter drew its label in the colour of its background."""
    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        review, title = typed(context, served, "Appello")
        before = "(row) => getComputedStyle(row, '::before').content"
        assert title.locator(".actions").evaluate(before) == '"Not saved"'
        item = review.locator(".findings li").first
        expect(item).to_be_attached()
        assert item.evaluate(before) in ('"Error: "', '"Warning: "')
        review.emulate_media(forced_colors="active")
        pressed = review.locator("button[aria-pressed=true]").first
        colours = pressed.evaluate("(b) => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]")
        assert colours[0] != colours[1], colours


def test_a_reviewer_s_text_outlives_a_restart_of_the_server(drafted, context):
    """Stopped and started again, the server has a new token and rewrites the stylesheet: the page is not
    reloaded (the text typed would be lost), says the server is gone, takes the new token, and saves."""
    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        port = served.port
        review, title = typed(context, served, "Appello ai governi")
    status = review.locator("#status")
    expect(status).to_contain_text("letter serve cannot be reached", timeout=WAIT)
    with Served(drafted.root, "--port", str(port)) as again:
        expect(status).to_have_text("letter serve runs again: save your text when it is ready.", timeout=WAIT)
        assert title.locator("textarea").input_value() == "Appello ai governi"
        title.locator("textarea").focus()
        review.keyboard.press("Control+Enter")
        expect(status).to_have_text("Approved.")
        again.wait_for(lambda: entry(drafted, "it", TITLE).msgstr == "Appello ai governi", 10, "the approval saved")


def test_findings_follow_a_glossary_changed_during_a_review(drafted, context):
    """The text of no message changed, but what the checks find in it did: the page shows it, counts too."""
    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        page = context.new_page()
        page.goto(served.url + "review/fr/")
        counted = page.locator('[data-count="findings"]')
        expect(counted).to_have_text("0")
        with drafted.path("locales/fr/glossary.toml").open("a", encoding="utf-8") as glossary:
            glossary.write('"cyberattacks" = "piratages"\n')
        expect(counted).not_to_have_text("0", timeout=WAIT)
        expect(page.locator(".findings .check", has_text="glossary").first).to_be_attached()


def test_a_published_locale_without_a_glossary_is_told_so_on_its_page_in_check_s_words(drafted, context):
    """`letter check` warns of a published locale without a glossary, which no message's findings show: its
    review page says it too, in the same words, with what it finds in the catalog as a whole, and follows the
    file as it comes and goes; a locale not published is not told."""
    from playwright.sync_api import expect

    kept = {code: drafted.path(f"locales/{code}/glossary.toml").read_bytes() for code in ("fr", "it")}
    for code in kept:
        drafted.path(f"locales/{code}/glossary.toml").unlink()
    warned = [line for line in drafted.run("check", "fr", "it").stdout.splitlines() if "[glossary]" in line]
    assert len(warned) == 1 and warned[0].startswith("locales/fr/glossary.toml: warning: [glossary] "), warned
    said = warned[0].partition("[glossary] ")[2]
    with Served(drafted.root) as served:
        page = context.new_page()
        page.goto(served.url + "review/fr/")
        told = page.locator("#catalog .findings li.warning")
        expect(told).to_have_text(f"glossary {said}")
        assert page.evaluate("getComputedStyle(document.querySelector('#catalog li'), '::before').content") \
            == '"Warning: "'
        drafted.path("locales/fr/glossary.toml").write_bytes(kept["fr"])
        expect(told).to_have_count(0, timeout=WAIT)
        drafted.path("locales/fr/glossary.toml").unlink()
        expect(told).to_have_text(f"glossary {said}", timeout=WAIT)
        page.goto(served.url + "review/it/")
        expect(page.locator(".msg").first).to_be_attached()
        expect(page.locator("#catalog .findings li")).to_have_count(0)


def test_a_link_of_the_preview_opens_a_tab_of_its_own(drafted, context):
    """"Review this translation" in the draft edition's banner once sent the preview to a page that may not
    be framed, and it stayed broken."""
    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        review = context.new_page()
        review.goto(served.url + "review/it/")
        link = review.frame_locator(".preview iframe").locator(".draft [data-letter-review] a")
        expect(link).to_be_visible(timeout=WAIT)
        with context.expect_page() as opened:
            link.click()
        expect(opened.value).to_have_url(re.compile(r"/review/it/$"))
        expect(review.frame_locator(".preview iframe").locator("h1")).to_be_visible()


def test_a_save_that_changes_nothing_says_so(drafted, context):
    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        review, _title = typed(context, served, "Appello")
        review.keyboard.press("Control+s")
        expect(review.locator("#status")).to_have_text("Saved as a draft.")
        review.keyboard.press("Control+s")
        expect(review.locator("#status")).to_have_text("Nothing to save: the catalog has this text already.")


@pytest.mark.parametrize(("draft", "shown"), [
    ("L'appello a tutti i governi", "L’appello a tutti i governi"),  # the edition sets ' as ’
    ("Appello <b>a tutti</b> i governi", re.compile("^A Call to All Governments")),  # a tag: shown in English
])
def test_the_preview_points_at_the_text_in_hand_as_the_edition_shows_it(drafted, context, draft, shown):
    """The edition sets ' as ’ (and a no-break space before a dash), and shows a draft with a tag in English,
    the preview too: the text in hand is found all the same."""
    from playwright.sync_api import expect

    set_translation(drafted, "it", TITLE, draft, fuzzy=True)
    with Served(drafted.root) as served:
        review = context.new_page()
        review.goto(served.url + "review/it/")
        heading = review.frame_locator(".preview iframe").locator("h1")
        expect(heading).to_have_text(shown, timeout=WAIT)
        expect(heading).to_have_class(re.compile(r"\bletter-here\b"))


def test_a_page_left_open_takes_no_token_of_another_project_served_at_its_address(drafted, context, tmp_path):
    """Another checkout served on the port since: its catalogs have the same messages, but the page's
    text is not theirs to receive."""
    import shutil

    from playwright.sync_api import expect

    other = tmp_path / "other"
    shutil.copytree(drafted.root, other, ignore=shutil.ignore_patterns("output"))
    catalog = other / "locales/it/LC_MESSAGES/letter.po"
    before = catalog.read_bytes()
    with Served(drafted.root) as served:
        port = served.port
        review, title = typed(context, served, "Per il progetto di prima")
    with Served(other, "--port", str(port)):
        status = review.locator("#status")
        expect(status).to_have_text("Another project is served at this address now: copy any text not saved yet, "
                                    "then reload the page.", timeout=WAIT)
        title.locator("textarea").focus()
        review.keyboard.press("Control+Enter")
        expect(status).to_contain_text("Forbidden")
        assert catalog.read_bytes() == before
        assert title.locator("textarea").input_value() == "Per il progetto di prima"


def test_a_server_started_again_on_a_broken_catalog_takes_the_page_s_save_once_mended(drafted, context):
    """The page's address served a problem page when the page asked it for the new run's token."""
    from playwright.sync_api import expect

    catalog = drafted.catalog("it")
    with Served(drafted.root) as served:
        port = served.port
        review, title = typed(context, served, "Appello, dopo tutto")
    good = catalog.read_bytes()
    catalog.write_bytes(good.replace(b'msgid "Signatories"', b'msgid "Signatories'))
    with Served(drafted.root, "--port", str(port)) as again:
        expect(review.locator(".letter-problems")).to_contain_text("letter.po", timeout=WAIT)
        catalog.write_bytes(good)
        expect(review.locator(".letter-problems")).to_have_count(0, timeout=WAIT)
        title.locator("textarea").focus()
        review.keyboard.press("Control+Enter")
        expect(review.locator("#status")).to_have_text("Approved.", timeout=WAIT)
        again.wait_for(lambda: entry(drafted, "it", TITLE).msgstr == "Appello, dopo tutto", 10, "the approval saved")


def test_a_refresh_leaves_a_save_anyway_in_place(drafted, context):
    """A draft saved over a published translation, its text untouched, asks to be confirmed; a change on
    disk meanwhile sends the page the catalog's state: the confirmation stays, with what it is about."""
    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        review = context.new_page()
        review.goto(served.url + "review/fr/")
        review.keyboard.press("1")
        row = row_of(review, TITLE)
        row.locator("textarea").click()
        review.keyboard.press("Control+s")
        button = row.get_by_role("button", name="Save anyway")
        expect(button).to_be_visible()
        before = len(served.builds())
        set_translation(drafted, "fr", "Signatories", "Les signataires", fuzzy=False)
        served.next_build(before)
        expect(row_of(review, "Signatories").locator("textarea")).to_have_value("Les signataires", timeout=WAIT)
        expect(button).to_be_visible()
        expect(row.locator(".findings")).to_contain_text("this translation is reviewed")


def test_emptying_a_reviewed_name_says_it_is_shown_as_written(shipped, context):
    from playwright.sync_api import expect

    with Served(shipped.root) as served:
        review = context.new_page()
        review.goto(served.url + "review/zh-Hans/")
        review.keyboard.press("1")
        row = row_of(review, "Ban Ki-moon")
        row.locator("textarea").click()
        review.keyboard.press("Control+a")
        review.keyboard.press("Delete")
        review.keyboard.press("Control+s")
        expect(row.locator(".findings")).to_contain_text("emptied, the edition shows the name as the English writes it")
        row.get_by_role("button", name="Save anyway").click()
        expect(review.locator("#status")).to_have_text("Saved: the name is shown as the English writes it.")
        expect(row).to_have_attribute("data-state", "as-written")


def test_emptying_a_machine_draft_says_the_message_is_untranslated_not_a_draft(drafted, context):
    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        review, title = typed(context, served, "")
        review.keyboard.press("Delete")
        review.keyboard.press("Control+s")
        expect(title).to_have_attribute("data-state", "untranslated")
        expect(review.locator("#status")).to_have_text("Saved: the box is empty, so the message is untranslated now.")
        emptied = entry(drafted, "it", TITLE)
        assert (emptied.msgstr, emptied.fuzzy) == ("", False)


def test_the_find_box_shows_the_messages_that_hold_a_text(drafted, context):
    """A reviewer after a signatory types the name as a keyboard without accents gives it: the name and
    the parts of the description of that signatory are shown, under the filter in use, a part shared with
    others saying for whom it is found; the letters typed are text, not shortcuts; Enter takes the first
    message that holds the text in hand, and Esc gives every one back."""
    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        review = context.new_page()
        review.goto(served.url + "review/it/")
        before = drafted.catalog("it").read_bytes()
        every = review.locator(".msg").count()
        review.keyboard.press("1")
        review.keyboard.press("/")
        finder = review.locator("#find")
        expect(finder).to_be_focused()
        review.keyboard.type("stephane duguin")  # an a, an e, a j and a k: shortcuts elsewhere
        shown = review.locator(".msg:not([hidden])")
        # The publisher, his organisation (in the byline, noted as such), his name, and his role, which he shares.
        expect(shown.locator(".english")).to_have_text(["CyberPeace Institute", "Stéphane Duguin",
                                                        "Chief Executive Officer"])
        expect(shown.first.locator(".also")).to_have_text(" · also affiliation of Stéphane Duguin")
        expect(review.locator("#found")).to_have_text("3 found")
        assert drafted.catalog("it").read_bytes() == before
        review.keyboard.press("Enter")  # to his name: the first message whose own words hold it
        expect(review.locator(".msg.current .english")).to_have_text("Stéphane Duguin")
        expect(review.locator(".msg.current")).to_be_focused()

        review.keyboard.press("/")
        review.keyboard.press("Control+a")
        review.keyboard.type("zzqx")
        expect(shown).to_have_count(0)
        expect(review.locator(".empty")).to_have_text("No message has “zzqx”.")
        review.keyboard.press("Escape")
        expect(finder).to_have_value("")
        expect(finder).to_be_focused()
        expect(shown).to_have_count(every)
        expect(review.locator(".also:not(:empty)")).to_have_count(0)  # no "also" left from the search
        review.keyboard.press("Escape")  # the box let go: the keys are shortcuts again
        expect(finder).not_to_be_focused()


def test_keys_typed_in_the_find_box_stay_text_when_the_message_in_hand_comes_back(drafted, context):
    """The title in hand, a search hides it, and the text is taken back: the title comes back in hand, but the
    letters typed next (an a among them) go on into the box, never approving the title's draft unread."""
    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        review = context.new_page()
        review.goto(served.url + "review/it/")
        before = drafted.catalog("it").read_bytes()
        title = review.locator(".msg.current")
        review.keyboard.press("/")
        review.keyboard.type("duguin")
        expect(title).to_have_count(0)
        for _ in range(6):
            review.keyboard.press("Backspace")
        review.keyboard.type("ban ki a e")
        finder = review.locator("#find")
        expect(finder).to_have_value("ban ki a e")
        expect(finder).to_be_focused()
        assert drafted.catalog("it").read_bytes() == before
        review.keyboard.press("Control+a")
        review.keyboard.press("Backspace")
        review.keyboard.press("Escape")
        review.keyboard.press("Escape")
        review.keyboard.press("2")
        review.keyboard.press("/")
        review.keyboard.type("zzqx")
        expect(review.locator(".empty")).to_have_text(
            "No message that needs review has “zzqx”. Choose All to look among every message.")


def test_approving_the_last_message_shown_leaves_its_box(drafted, context):
    """With no message after it, an approval used to leave the cursor in the text approved, where the keys
    typed next went, to be approved with it by the next Ctrl+Enter."""
    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        review = context.new_page()
        review.goto(served.url + "review/it/")
        review.keyboard.press("/")
        review.keyboard.type("duguin")
        review.keyboard.press("Enter")  # his role, the last of the messages shown that need review
        expect(review.locator(".msg.current .english")).to_have_text("Chief Executive Officer")
        role = review.locator("#" + review.locator(".msg.current").get_attribute("id"))
        review.keyboard.press("e")
        review.keyboard.press("Control+a")
        review.keyboard.type("Amministratore delegato")
        review.keyboard.press("Control+Enter")
        expect(review.locator("#status")).to_have_text("Approved: that was the last message shown.")
        expect(role).to_be_focused()
        review.keyboard.press("a")  # approved already: nothing is saved, and the page says so, not "Approved"
        expect(review.locator("#status")).to_have_text("Already approved. That was the last message shown.")
        expect(role).to_be_focused()
        review.keyboard.type("3je")  # shortcuts now: findings, the next message, its box
        expect(role.locator("textarea")).to_have_value("Amministratore delegato")


def test_a_zoomed_in_page_gives_the_text_edited_more_room_than_the_preview(drafted, chromium):
    """At 200% zoom a 1280 by 900 window is 640 by 450 CSS pixels: the preview takes the lower half of the
    screen, and less while a translation is edited, so that its box and buttons are not under it."""
    from playwright.sync_api import expect

    zoomed = chromium.new_context(viewport={"width": 640, "height": 450})
    try:
        with Served(drafted.root) as served:
            served.let_in(zoomed)
            review = zoomed.new_page()
            review.goto(served.url + "review/it/")
            review.keyboard.press("v")
            preview = review.locator(".preview")
            expect(preview).to_be_visible()
            assert preview.bounding_box()["height"] == 225
            review.keyboard.press("e")
            expect(review.locator(".msg.current textarea")).to_be_focused()
            expect(preview).to_have_css("height", "135px")
    finally:
        zoomed.close()


def test_a_conflict_on_a_message_a_search_hid_stays_shown_until_chosen(drafted, context):
    """The title edited, then a search hides it, and the file is saved on disk meanwhile: the title is shown
    with its conflict, named in the status line, and stays shown as the search goes on."""
    from playwright.sync_api import expect

    with Served(drafted.root) as served:
        review, title = typed(context, served, "La mia versione")
        review.keyboard.press("Escape")
        review.keyboard.press("/")
        review.keyboard.type("dugu")
        expect(title).to_be_hidden()
        set_translation(drafted, "it", TITLE, "Versione di Poedit")
        expect(title.locator(".conflict")).to_be_visible(timeout=WAIT)
        expect(review.locator("#status")).to_contain_text("was changed on disk while you were editing it")
        review.keyboard.type("in")
        expect(title.locator(".conflict")).to_be_visible()
        expect(review.locator("#found")).to_have_text(f"{review.locator('.msg:not([hidden])').count()} found")
        review.keyboard.press("Control+s")  # in the box: no browser dialog, and the page says what it saves
        expect(review.locator("#status")).to_have_text(
            "Ctrl+S saves the text of a message you edit; there is none here.")
        title.get_by_role("button", name="Take theirs").click()
        review.locator("#find").click()
        review.keyboard.type("zzqx")
        expect(title).to_be_hidden()  # chosen: the search has its way again
        review.keyboard.press("Enter")
        expect(review.locator("#status")).to_have_text("No message that needs review has “duguinzzqx”. Choose All to "
                                                       "look among every message.")


def test_an_approval_moves_the_lines_shown_below_it_as_in_the_catalog(shipped, context):
    """Approving a message whose English changed drops its #| lines: the page showed the old line of it
    and of every message below it until a reload. The save's answer alone (the state the page asks for
    after it is held back) now gives each its line in the catalog as written."""
    from playwright.sync_api import expect

    shipped.edit("source/letter.md", "The time to act is now.", "The time to act is today.")
    shipped.ok("extract")
    shipped.ok("update", "fr")
    changed = next(e for e in po.load(shipped.catalog("fr")) if e.previous_msgid)
    with Served(shipped.root) as served:
        review = context.new_page()
        review.goto(served.url + "review/fr/")
        approved = review.locator(".msg.current")
        expect(approved).to_have_attribute("data-state", "changed")
        expect(approved.locator(".line")).to_have_text(re.compile(rf"line {changed.linenum}$"))
        with held(review, served, "fr"):
            review.keyboard.press("a")
            expect(review.locator("#status")).to_have_text(re.compile("^Approved"))  # (the last message shown)
            shown = {row.get_attribute("data-id"): row.locator(".line").text_content().removeprefix("· ")
                     for row in review.locator(".msg").all()}
    written = {message_id(e.msgctxt, e.msgid): e.linenum for e in po.load(shipped.catalog("fr")) if not e.obsolete}
    assert written[message_id(changed.msgctxt, changed.msgid)] < changed.linenum
    assert shown == {key: f"line {line}" for key, line in written.items()}


def test_a_catalog_saved_on_disk_moves_the_lines_shown(shipped, context):
    """A translator's editor saves a longer title, wrapped on more lines: every message below it moves in
    the file, and the page, refreshed from the catalog on disk, shows each at its line."""
    from playwright.sync_api import expect

    with Served(shipped.root) as served:
        review = context.new_page()
        review.goto(served.url + "review/fr/")
        expect(review.locator(".msg").first).to_be_visible()
        set_translation(shipped, "fr", TITLE, " ".join(["Un appel à tous les gouvernements"] * 8))
        written = [e for e in po.load(shipped.catalog("fr")) if not e.obsolete]
        last = review.locator(f"#m-{message_id(written[-1].msgctxt, written[-1].msgid)} .line")
        expect(last).to_have_text(re.compile(rf"line {written[-1].linenum}$"), timeout=WAIT)
        shown = {row.get_attribute("data-id"): row.locator(".line").text_content().removeprefix("· ")
                 for row in review.locator(".msg").all()}
    assert shown == {message_id(e.msgctxt, e.msgid): f"line {e.linenum}" for e in written}
