"""Every page the build writes passes the Nu HTML Checker (vnu.jar 26) with no error.

The build is the project with drafts and a stand-in translation for every locale
that lacks one (``tools/sample.py``): every edition, a draft with its banner and
English fallbacks, the index and the status page; the stylesheet and the badges
are checked too. Skipped, with the reason, where Java or ``node_modules/vnu-jar``
is missing; ``.ci/run`` installs both.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools import sample, validate  # noqa: E402

REASON = validate.missing()
pytestmark = pytest.mark.skipif(REASON is not None, reason=f"no Nu HTML Checker: {REASON}")

#: A page with two errors, checked in the same run, so that a checker that reads nothing cannot pass.
CANARY = ('<!DOCTYPE html>\n<html lang="en">\n<head><title>canary</title></head>\n'
          '<body><p><div>block in a paragraph</div></p><span dir="sideways">x</span></body>\n</html>\n')


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> tuple[Path, list[Path], list[validate.Error]]:
    """The build, the files checked, and every error the checker found in them."""
    root = tmp_path_factory.mktemp("vnu")
    output = sample.make(root / "project")
    canary = root / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    paths = validate.files(output)
    return output, paths, validate.check([*paths, canary])


def _errors(errors: list[validate.Error], paths: list[Path]) -> list[str]:
    wanted = {path.resolve() for path in paths}
    return [str(error) for error in errors if error.path.resolve() in wanted]


def test_the_checker_reports_errors(checked):
    _output, _paths, errors = checked
    assert sum(error.path.name == "canary.html" for error in errors) == 2, errors


def test_every_page_is_valid_html(checked):
    output, paths, errors = checked
    pages = [path for path in paths if path.suffix == ".html"]
    assert sorted(str(path.relative_to(output)) for path in pages) == sorted(sample.expected_pages()
                                                                            + sample.expected_redirects())
    assert sample.expected_redirects() == ["pt/index.html"]  # an old address is checked too
    assert any('class="draft"' in path.read_text(encoding="utf-8") for path in pages)  # a draft edition is checked too
    found = _errors(errors, pages)
    assert not found, "\n".join(found)


def test_stylesheet_is_valid_css(checked):
    output, paths, errors = checked
    assert output / "style.css" in paths
    found = _errors(errors, [output / "style.css"])
    assert not found, "\n".join(found)


def test_badges_are_valid_svg(checked):
    output, paths, errors = checked
    badges = [path for path in paths if path.suffix == ".svg"]
    assert badges
    found = _errors(errors, badges)
    assert not found, "\n".join(found)
