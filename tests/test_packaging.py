"""What `pip install` of the tool ships (README: "A letter of your own"): the wheel holds a file of the
package that is not a module only where ``[tool.setuptools.package-data]`` names it, and an editable
install, as `make` makes, would find a file left out in the checkout all the same."""
from __future__ import annotations

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
