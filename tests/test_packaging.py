"""What `pip install` of the tool ships (README: "A letter of your own"): the wheel holds a file of the
package that is not a module only where ``[tool.setuptools.package-data]`` names it, and an editable
install, as `make` makes, would find a file left out in the checkout all the same."""
from __future__ import annotations

import os
import shutil
import subprocess
import time
import tomllib

from conftest import ROOT

PACKAGE = ROOT / "pipeline"


def test_every_file_of_the_package_that_is_no_module_goes_into_the_wheel():
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    shipped = {path for pattern in settings["package-data"]["pipeline"] for path in PACKAGE.glob(pattern)}
    data = {path for path in PACKAGE.rglob("*")
            if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts}
    assert data, "the package has templates, stylesheets, scripts and a schema"
    assert sorted(str(path.relative_to(PACKAGE)) for path in data - shipped) == []


def test_make_installs_again_when_the_package_changes_not_when_the_letter_s_settings_do(tmp_path):
    """An editor who lists a locale in ``published`` runs `make publish` with no network at hand: only a change
    of the tables pip installs from (``[project]``, ``[build-system]``, ``[tool.setuptools]``) installs again."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    settings = tmp_path / "pyproject.toml"
    original = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    settings.write_text(original, encoding="utf-8")

    def installs() -> bool:
        """Whether make would install: PYTHON=false makes any install fail."""
        done = subprocess.run(["make", "-C", str(tmp_path), ".venv/.installed", "PYTHON=false"], capture_output=True)
        return done.returncode != 0

    assert installs()  # a new checkout
    (tmp_path / ".venv/.installed").touch()
    later = time.time() + 10
    for edit, expected in [(original.replace('published = ["ar"', 'published = ["it", "ar"'), False),
                           (original.replace('"polib>=1.2"', '"polib>=1.2.0"'), True)]:
        assert edit != settings.read_text(encoding="utf-8")
        settings.write_text(edit, encoding="utf-8")
        os.utime(settings, (later, later))
        later += 10
        assert installs() is expected


def test_make_test_installs_the_html_and_accessibility_checkers_where_npm_is(tmp_path):
    """Without ``node_modules`` the Nu HTML Checker's and axe-core's tests would skip: `make test` runs `npm ci`
    first where npm is installed, and where it is not, leaves those tests to say why they skip."""
    for name in ("Makefile", "pyproject.toml", "package.json", "package-lock.json"):
        shutil.copy(ROOT / name, tmp_path / name)
    tools = tmp_path / "tools-bin"
    tools.mkdir()
    for tool in ("make", "sh", "awk", "cmp"):  # what the Makefile's recipes and $(shell) need, and no npm
        found = shutil.which(tool)
        assert found is not None
        (tools / tool).symlink_to(found)

    def planned(path: str) -> str:
        done = subprocess.run(["make", "-n", "-C", str(tmp_path), "test"], capture_output=True, text=True,
                              env={**os.environ, "PATH": path})
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert "npm ci" not in planned(str(tools))
    npm = tools / "npm"
    npm.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    npm.chmod(0o755)
    assert "npm ci" in planned(str(tools))
