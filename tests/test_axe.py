"""The pages, judged by an accessibility checker of no one's making here: axe-core, in real Chromium.

Deque's axe-core (``node_modules/axe-core``, from npm) runs in headless Chromium (Debian's,
driven by Playwright, as in ``test_browser.py``) over every shipped edition, the index
and the progress page at each width of ``tools.browser``, and over ``letter serve``'s review
page of a catalog of machine drafts: a draft in hand, a finding shown as the reviewer
types, a conflict with a catalog saved on disk. Every rule of WCAG 2.0, 2.1 and 2.2 at
levels A and AA is applied, and axe's best practices; a violation fails the test with
axe's own words.

Skipped, with the reason, where Chromium, Playwright or ``node_modules/axe-core`` is missing;
``.ci/run`` installs them.
"""
from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from test_serve import TITLE, set_translation  # noqa: E402
from test_serve_browser import WAIT, typed  # noqa: E402

from tools import browser  # noqa: E402

from conftest import Project, shipped_in  # noqa: E402
from serving import Served  # noqa: E402

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def missing() -> str | None:
    """Why axe cannot run here, or None when it can."""
    if not AXE.is_file():
        return f"{AXE.relative_to(ROOT)} is missing (run `npm ci --ignore-scripts`; .ci/run does it)"
    return browser.missing()


REASON = missing()
pytestmark = pytest.mark.skipif(REASON is not None, reason=f"no axe-core in a browser: {REASON}")

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SETTINGS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["letter"]
#: The shipped editions' pages, the index and the progress page (a moved edition's page only sends readers on).
PAGES = [f"{tag}/index.html" for tag in ("en", *SETTINGS["published"])] + ["index.html", "status.html"]
#: A page breaking three rules, judged as the others are, so that a checker that reads nothing cannot pass.
CANARY = ('<!DOCTYPE html><html lang="en"><head><title>canary</title></head><body><main>'
          '<img src="data:,"><button></button><p style="color:#999;background:#aaa">faint</p></main></body></html>')
#: Chromium lays out a review page's rows only near the screen (``content-visibility: auto``); axe measures the
#: others at their stand-in height, their buttons and fields over the next row's, and reports them too small to
#: hit. Every row laid out, axe judges the page a reviewer scrolls through.
LAID_OUT = ".group, .msg { content-visibility: visible !important; }"


@pytest.fixture(scope="module")
def drafted(tmp_path_factory) -> Project:
    """The shipped project (but for PDFs) built, then an Italian catalog of machine drafts to review."""
    project = shipped_in(tmp_path_factory.mktemp("axe"))
    project.ok("build")
    project.ok("init", "it")
    project.ok("draft", "it", "--provider", "pseudo")
    return project


def violations(page) -> list[str]:
    """What axe finds on ``page`` as it stands (in its frames too), each rule with up to five of its elements."""
    for frame in page.frames:
        frame.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    found = []
    for violation in result["violations"]:
        found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            found.append(f"  {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            found.extend(f"    {line}" for line in node["failureSummary"].splitlines())
    return found


def test_axe_reports_violations(tab):
    page = tab(browser.WIDTHS[0])
    page.set_content(CANARY)
    found = violations(page)
    assert {"image-alt", "button-name", "color-contrast"} <= {line.split(" ", 1)[0] for line in found
                                                              if not line.startswith(" ")}, "\n".join(found)


def test_the_pages_are_the_shipped_ones(drafted):
    output = drafted.path("output")
    built = sorted(str(path.relative_to(output)) for path in output.glob("**/index.html")
                   if path.parent.name not in SETTINGS["moved"])
    assert built == sorted(PAGES[:-1])


@pytest.mark.parametrize("width", browser.WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_a_page_breaks_no_rule(drafted, tab, name, width):
    page = tab(width)
    page.goto(drafted.path("output").joinpath(name).as_uri())
    found = violations(page)
    assert not found, f"{name} at {width} px:\n" + "\n".join(found)


@pytest.fixture(scope="module")
def served(drafted):
    with Served(drafted.root) as running:
        yield running


@pytest.fixture(params=browser.WIDTHS)
def context(request, chromium, served):
    """A tab's settings at a width, let in to the server. The server's Content-Security-Policy lets no script in
    but its own: set aside, so that axe can be added to the page (``test_serve.py`` checks the policy)."""
    opened = chromium.new_context(viewport={"width": request.param, "height": browser.HEIGHT}, bypass_csp=True)
    served.let_in(opened)
    yield opened
    opened.close()


def judged(page) -> list[str]:
    """What axe finds on a review page, every row laid out."""
    page.add_style_tag(content=LAID_OUT)
    return violations(page)


def test_the_review_page_breaks_no_rule(served, context):
    from playwright.sync_api import expect

    def previewing() -> bool:
        if review.locator("#preview-toggle[aria-pressed=true]").count():
            expect(review.frame_locator(".preview iframe").locator("h1")).to_be_visible(timeout=WAIT)
            return True
        return False

    review, title = typed(context, served, "Appello a tutti i governi")
    expect(title.locator("textarea")).to_be_focused()
    shown = previewing()  # a wide screen shows the edition beside from the start
    found = judged(review)
    assert not found, f"a draft in hand, edited (edition shown: {shown}):\n" + "\n".join(found)

    review.locator("#preview-toggle").click()  # the other way: the edition at a narrow screen's foot
    row = review.locator(".msg", has_text="Published by {publisher} on {date}")
    row.locator("textarea").fill("Pubblicato da {publisher}")
    expect(row.locator(".findings li .check")).to_have_text(["placeholders"], timeout=WAIT)
    assert previewing() != shown
    found = judged(review)
    assert not found, f"a finding shown (edition shown: {not shown}):\n" + "\n".join(found)


def test_the_review_page_with_a_conflict_breaks_no_rule(drafted, served, context):
    from playwright.sync_api import expect

    review, title = typed(context, served, "La mia versione")
    # A draft still, so that the title is the message in hand at the next width too.
    set_translation(drafted, "it", TITLE, f"Versione di Poedit ({review.viewport_size['width']} px)", fuzzy=True)
    expect(title.locator(".conflict")).to_be_visible(timeout=WAIT)
    found = judged(review)
    assert not found, "a conflict with the catalog on disk:\n" + "\n".join(found)
