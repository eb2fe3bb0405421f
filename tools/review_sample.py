"""A copy of the project with something to review in Arabic and Chinese, for the review page's screenshots.

The real catalogs are fully reviewed, so a review page of them would show only
"Reviewed". This copy gives the review page one message in each state, as the
project's own commands make them: the English of the title is revised (``letter
extract`` and ``letter update`` keep the old translation as a draft with the previous
English), the first paragraph is marked a machine draft as ``letter draft`` marks
one, a heading is left untranslated, and the byline loses a placeholder, which
``letter check`` finds. Arabic and Chinese are not published in the copy, as a locale
under review is not: a published one with a paragraph in draft stops the build.

    python tools/review_sample.py DIR     # makes DIR/ (no build: letter serve builds it)
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.sample import letter  # noqa: E402

TAGS = ("ar", "zh-Hans")
REVISION = ("Work Together Now to Stop", "Work Together Today to Stop")
DRAFTED_BY = "machine draft: deepl, 2026-05-26"


def make(root: Path) -> Path:
    """Lay out the project in ``root`` (a new folder); return ``root``."""
    from pipeline import po
    from pipeline.config import load_config
    from pipeline.locales import parse_locale

    root.mkdir(parents=True)
    for name in ("source", "locales"):
        shutil.copytree(ROOT / name, root / name)
    settings = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    published = next(line for line in settings.splitlines() if line.startswith("published = "))
    unpublished = "published = [" + ", ".join(f'"{tag}"' for tag in load_config(ROOT).published if tag not in TAGS)
    (root / "pyproject.toml").write_text(settings.replace(published, unpublished + "]"), encoding="utf-8")
    letter_md = root / "source" / "letter.md"
    letter_md.write_text(letter_md.read_text(encoding="utf-8").replace(*REVISION), encoding="utf-8")
    letter(root, "extract")
    letter(root, "update")  # every catalog: a published one behind the template stops the build
    for tag in TAGS:
        path = root / "locales" / parse_locale(tag).posix / "LC_MESSAGES" / "letter.po"
        catalog = po.load(path)
        drafted = next(e for e in catalog if e.comment == "paragraph 1")
        drafted.flags.insert(0, "fuzzy")
        drafted.tcomment = DRAFTED_BY
        next(e for e in catalog if e.msgid == "Other languages").msgstr = ""
        byline = next(e for e in catalog if e.msgid.startswith("Published by {publisher}"))
        byline.msgstr = byline.msgstr.replace("{date}", "").strip()
        byline.flags.insert(0, "fuzzy")
        po.save(catalog, path)
    return root


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.rsplit("\n\n", 1)[-1])
    print(make(Path(sys.argv[1])))
