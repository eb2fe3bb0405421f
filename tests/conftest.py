"""Shared fixtures: a copy of the real project in a temporary folder, and the CLI."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner

from pipeline import po
from pipeline.cli import main
from pipeline.locales import parse_locale
from pipeline.model import is_required
from pipeline.source import read_letter
from pipeline.units import messages

ROOT = Path(__file__).resolve().parent.parent
#: The letter as it reached the project (shared/seed/), kept here so the tests need no checkout beside.
SEED = ROOT / "tests" / "data" / "letter-as-received.txt"
SHARED_SEED = ROOT.parent / "shared" / "seed" / "letter-as-received.txt"


def _required_count() -> int:
    letter = read_letter(ROOT / "source/letter.md", ROOT / "source/signatories.yaml", display_root=ROOT)
    return sum(1 for message in messages(letter) if is_required(message.context))


#: How many messages a locale must translate to be published (names are optional).
REQUIRED = _required_count()


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


@dataclass
class Project:
    """A throwaway copy of the project, driven through the real ``letter`` command."""

    root: Path

    def run(self, *args: str) -> Result:
        result = CliRunner().invoke(main, ["-C", str(self.root), *args], catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)

    def ok(self, *args: str) -> Result:
        result = self.run(*args)
        assert result.exit_code == 0, (result.stdout, result.stderr)
        return result

    def path(self, name: str) -> Path:
        return self.root / name

    def catalog(self, code: str) -> Path:
        return self.root / "locales" / parse_locale(code).posix / "LC_MESSAGES" / "letter.po"

    def translate(self, code: str, translate=lambda entry: entry.msgid, *, fuzzy: bool = False) -> polib.POFile:
        """Fill every message of a catalog with ``translate(entry)`` and save it."""
        loaded = po.load(self.catalog(code))
        for entry in loaded:
            entry.msgstr = translate(entry)
            if fuzzy and "fuzzy" not in entry.flags:
                entry.flags.insert(0, "fuzzy")
            elif not fuzzy and "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.save(loaded, self.catalog(code))
        return loaded

    def with_pdfs(self) -> Project:
        """Make the PDFs too, as the project's own settings do."""
        shipped = FORMATS.search((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
        assert shipped is not None
        self.edit("pyproject.toml", WITHOUT_PDFS, shipped[0])
        return self

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.path(name)
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


#: The formats the project makes of each edition, as pyproject.toml lists them.
FORMATS = re.compile(r"^formats = \[.*?\]$", re.M | re.S)
#: What the tests build: a PDF takes a second of every edition, so only tests of the PDFs make them
#: (``Project.with_pdfs``).
WITHOUT_PDFS = 'formats = ["html", "text"]'


def settings_without_pdfs() -> str:
    """The project's pyproject.toml, making no PDF."""
    settings = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert FORMATS.search(settings), "pyproject.toml lists no formats"
    return FORMATS.sub(WITHOUT_PDFS, settings, count=1)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """The project's source and settings, without catalogs."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copytree(ROOT / "source", root / "source")
    # Without catalogs no locale can be published, nor the Portuguese edition be moved; tests that need
    # one say so.
    settings = re.sub(r"^published = \[.*?\]$", "published = []", settings_without_pdfs(), count=1, flags=re.M | re.S)
    settings = re.sub(r"^moved = .*\n", "", settings, count=1, flags=re.M)
    (root / "pyproject.toml").write_text(settings, encoding="utf-8")
    return Project(root)


def shipped_in(folder: Path, *, pdfs: bool = False) -> Project:
    """The project as shipped, in ``folder``: source, settings and the translators' catalogs (with PDFs, or not)."""
    root = folder / "shipped"
    root.mkdir()
    for name in ("source", "locales"):
        shutil.copytree(ROOT / name, root / name)
    (root / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text(encoding="utf-8") if pdfs
                                         else settings_without_pdfs(), encoding="utf-8")
    return Project(root)


@pytest.fixture
def shipped(tmp_path: Path) -> Project:
    """The project as shipped (but for PDFs)."""
    return shipped_in(tmp_path)


@pytest.fixture
def extracted(project: Project) -> Project:
    project.ok("extract")
    return project


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, headless, through Playwright (``tools/browser.py``): one for the session.
    Tests that use it skip first where it is missing (``tools.browser.missing``)."""
    from playwright.sync_api import sync_playwright

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tools import browser

    with sync_playwright() as playwright:
        instance = browser.launch(playwright)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def tab(chromium):
    """The session's tab of a width, ``tab(375)``, reused by every test: opening a tab costs more than loading
    a page."""
    from tools import browser

    opened = {}

    def tab_(width: int):
        if width not in opened:
            opened[width] = chromium.new_page(viewport={"width": width, "height": browser.HEIGHT})
        return opened[width]

    yield tab_
    for page in opened.values():
        page.close()


needs_gettext = pytest.mark.skipif(shutil.which("msgfmt") is None or shutil.which("msgcat") is None,
                                   reason="GNU gettext (msgfmt, msgcat) is not installed; .ci/run installs it")


def msgfmt_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                          capture_output=True, text=True)


def msgcat(path: Path, *options: str) -> bytes:
    return subprocess.run(["msgcat", *options, str(path)], capture_output=True, check=True).stdout


def left_behind(root: Path, limit: float = 5.0) -> list[str]:
    """The processes still running a command on ``root`` (a command's workers carry its arguments) once
    ``limit`` seconds have passed, or as soon as there are none."""
    needle = str(root).encode()
    deadline = time.monotonic() + limit
    while True:
        found = []
        for proc in Path("/proc").iterdir():
            try:
                cmdline = (proc / "cmdline").read_bytes() if proc.name.isdigit() else b""
            except OSError:  # ended meanwhile
                continue
            if needle in cmdline and b"pipeline" in cmdline:
                found.append(proc.name + ": " + cmdline.replace(b"\0", b" ").decode(errors="replace"))
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)
