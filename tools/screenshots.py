"""Screenshots of every page of a build, as a reader's browser draws them, and of the first page
of every PDF edition, as poppler's pdftoppm draws it.

    python tools/screenshots.py [--output DIR] [--sample]

Expects ``letter build`` to have run (``make screenshots`` runs it first) and
writes a full-page PNG of each edition, of ``index.html`` and of ``status.html``
at 1280 and 375 px wide: ``<output>/screenshots/<tag>-<width>.png``
(``index-1280.png``, ``status-375.png`` for the two other pages), and the first
page of each edition's PDF at 60 dpi: ``<output>/screenshots/<tag>-pdf.png``.

``--sample`` builds the project with stand-in text for every locale that still
lacks a translation (``tools/sample.py``, drafts included) in a temporary folder
and writes its screenshots to ``<output>/screenshots/sample/`` instead.

Then the review pages of ``letter serve`` in Arabic and Chinese, on a copy of the
project with a message in each state to review (``tools/review_sample.py``), as a
reviewer's window shows them: ``review-ar-1280.png``, ``review-zh-Hans-375.png``…
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools import browser, review_sample, sample, serving  # noqa: E402


def shoot(output: Path, into: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    into.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        try:
            for width in browser.WIDTHS:
                page = chromium.new_page(viewport={"width": width, "height": browser.HEIGHT})
                for name in sample.pages(output):
                    page.goto((output / name).as_uri())
                    stem = name.split("/")[0] if "/" in name else name.removesuffix(".html")
                    target = into / f"{stem}-{width}.png"
                    page.screenshot(path=str(target), full_page=True)
                    written.append(target)
                page.close()
        finally:
            chromium.close()
    return written


def shoot_review(into: Path) -> list[Path]:
    """The review pages of ``review_sample.TAGS``, served by ``letter serve``, with the preview where it fits."""
    from playwright.sync_api import expect, sync_playwright

    into.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp, serving.Serving(review_sample.make(Path(tmp) / "project")) as served, \
            sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        try:
            for width in browser.WIDTHS:
                page = chromium.new_page(viewport={"width": width, "height": browser.HEIGHT})
                served.let_in(page.context)
                for tag in review_sample.TAGS:
                    page.goto(f"{served.url}review/{tag}/")
                    if page.locator(".preview:not([hidden])").count():
                        expect(page.frame_locator(".preview iframe").locator(".letter-here")).to_be_visible()
                    target = into / f"review-{tag}-{width}.png"
                    page.screenshot(path=str(target))
                    written.append(target)
                page.close()
        finally:
            chromium.close()
    return written


def first_pages(output: Path, into: Path) -> list[Path]:
    """The first page of every PDF edition in ``output``, as a PNG (pdftoppm, from poppler-utils)."""
    into.mkdir(parents=True, exist_ok=True)
    written = []
    for pdf in sorted(output.glob("*/letter.pdf")):
        target = into / f"{pdf.parent.name}-pdf"
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(target)],
                       check=True)
        written.append(target.with_suffix(".png"))
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=ROOT / "output", help="the build's output folder")
    parser.add_argument("--sample", action="store_true", help="screenshot a sample build in every script")
    args = parser.parse_args()
    if reason := browser.missing():
        print(f"screenshots: {reason}", file=sys.stderr)
        return 2
    if shutil.which("pdftoppm") is None:
        print("screenshots: pdftoppm is missing (apt-get install poppler-utils; .ci/run does it)", file=sys.stderr)
        return 2
    if args.sample:
        with tempfile.TemporaryDirectory() as tmp:
            built = sample.make(Path(tmp) / "project", pdfs=True)
            into = args.output / "screenshots" / "sample"
            written = shoot(built, into) + first_pages(built, into)
    else:
        if not (args.output / "index.html").is_file():
            print(f"screenshots: {args.output}/index.html is missing; run `letter build` first", file=sys.stderr)
            return 2
        into = args.output / "screenshots"
        written = shoot(args.output, into) + first_pages(args.output, into)
    written += shoot_review(written[0].parent)
    print(f"wrote {len(written)} screenshots in {written[0].parent}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
