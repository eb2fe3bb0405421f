"""Headless Chromium as the tests and the screenshots drive it: Debian's browser through Playwright.

Playwright's own browser download does not work here (and is never needed):
Playwright drives the system's ``/usr/bin/chromium`` (``apt-get install chromium
fonts-noto-core fonts-noto-cjk``; ``.ci/run`` does it). The flags keep a root,
headless, offline Chromium quiet: no sandbox (we are root), no GPU, and no
background traffic (updates, sync, QUIC) towards a network that is not there.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

CHROMIUM = Path(os.environ.get("LETTER_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
WIDTHS = (1280, 375)
HEIGHT = 900


def missing() -> str | None:
    """Why the browser cannot run here, or None when it can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-core fonts-noto-cjk; .ci/run does it)"
    if shutil.which("fc-list") is None:
        return "fontconfig's fc-list is missing (it comes with chromium)"
    return None


def launch(playwright):
    """The system Chromium, headless, with the flags above."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
