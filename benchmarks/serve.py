"""How live ``letter serve`` is: from a catalog saved on disk, or an approval, to the edition showing it.

The edition is open in headless Chromium, as beside a reviewer's review page. A change
is made the two ways a reviewer makes one: the catalog is saved on disk (as an editor
saves it: one atomic write of bytes made beforehand), or a message is approved through
the review page's own request. The time runs from that moment to the first frame the
browser draws after the page refreshed itself with the new build (the page's
``letter:refreshed`` event, then the next animation frame; the browser and this process
share the system clock), and the edition is checked to show the change. Each way is
measured ``repeat`` times; the median of each is reported.
"""
from __future__ import annotations

import functools
import http.client
import json
import re
import statistics
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools import browser  # noqa: E402
from tools.serving import Serving  # noqa: E402

WAIT_MS = 60_000
#: Seconds between changes, as a person reading the page leaves: each change is timed on its own,
#: not behind what follows the last one (the build after the server's own write, the catalog
#: read again for the review page).
SETTLE = 2.0
#: Resolves with the time (ms since the epoch) of the frame drawn after the page's next refresh.
REFRESHED = f"""() => new Promise((resolve, reject) => {{
  document.addEventListener("letter:refreshed", () => requestAnimationFrame(() => setTimeout(
    () => resolve(performance.timeOrigin + performance.now()))), {{ once: true }});
  setTimeout(() => reject(new Error("no refresh in {WAIT_MS} ms")), {WAIT_MS});
}})"""


#: The milliseconds from the navigation's start to the first frame drawn once the page's scripts ran.
FIRST_FRAME = ("() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => "
               "resolve(performance.now()))))")


def unavailable() -> str | None:
    """Why the browser cannot run here, or None."""
    return browser.missing()


def measure(project: Path, tag: str, repeat: int) -> dict:
    """Seconds from a change to the reloaded edition of ``tag``, and from opening its review page to the
    page drawn and ready for keys (its scripts run; the edition's preview may still be loading):
    {"save": median, "approve": median, "review": median, "runs_s": …}."""
    from playwright.sync_api import sync_playwright

    from pipeline import po
    from pipeline.files import write_atomic
    from pipeline.locales import parse_locale
    from pipeline.serve.writes import message_id, revision

    path = project / "locales" / parse_locale(tag).posix / "LC_MESSAGES" / "letter.po"
    catalog = po.load(path)
    title = next(e for e in catalog if e.comment == "title of the letter")
    runs: dict[str, list[float]] = {"save": [], "approve": [], "review": []}
    with Serving(project) as served, sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        page = chromium.new_page()
        served.let_in(page.context)
        page.goto(f"{served.url}{tag}/", timeout=WAIT_MS)
        token = re.search(r'name="letter-token" content="([^"]+)"', _get(served, f"/review/{tag}/")).group(1)
        for n in range(repeat):
            title.msgstr = f"Saved on disk {n}"
            title.flags = ["fuzzy"]
            data = po.dumps(catalog).encode("utf-8")
            runs["save"].append(_shown(page, title.msgstr, functools.partial(write_atomic, path, data)))
            approval = {"id": message_id(None, title.msgid), "translation": f"Approved {n}", "approve": True,
                        "base": revision(title), "confirm": True}
            post = functools.partial(_post, served, f"/review/{tag}/messages", approval, token)
            runs["approve"].append(_shown(page, approval["translation"], post))
        reviewing = chromium.new_page()
        served.let_in(reviewing.context)
        for _ in range(repeat):
            reviewing.goto(f"{served.url}review/{tag}/", wait_until="domcontentloaded", timeout=WAIT_MS)
            runs["review"].append(reviewing.evaluate(FIRST_FRAME) / 1000)
            reviewing.goto("about:blank")
        chromium.close()
    return {**{way: statistics.median(times) for way, times in runs.items()},
            "runs_s": {way: [round(t, 3) for t in times] for way, times in runs.items()}}


def _shown(page, text: str, change) -> float:
    """Make ``change`` while the page waits for its refresh; the seconds until it was drawn showing ``text``."""
    started: list[float] = []
    failed: list[BaseException] = []

    def make() -> None:
        time.sleep(0.1)  # the page is listening by now
        started.append(time.time())
        try:
            change()
        except BaseException as error:  # noqa: BLE001 (reported below, in the caller's thread)
            failed.append(error)

    maker = threading.Thread(target=make)
    maker.start()
    try:
        drawn = page.evaluate(REFRESHED) / 1000
    finally:
        maker.join()
    if failed:
        raise failed[0]
    shown = page.locator("h1").text_content()
    if text not in shown:
        raise RuntimeError(f"the refreshed edition shows {shown!r}, not {text!r}")
    time.sleep(SETTLE)
    return drawn - started[0]


def _get(served: Serving, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=60)
    try:
        connection.request("GET", path, headers={"Cookie": served.cookie})
        return connection.getresponse().read().decode("utf-8")
    finally:
        connection.close()


def _post(served: Serving, path: str, data: dict, token: str) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=60)
    try:
        connection.request("POST", path, json.dumps(data), {"Content-Type": "application/json", "X-Letter-Token": token,
                                                            "Origin": served.url.rstrip("/"),
                                                            "Cookie": served.cookie})
        response = connection.getresponse()
        if response.status != 200:
            raise RuntimeError(f"the approval was answered {response.status}: {response.read()[:500]!r}")
    finally:
        connection.close()
