"""The package reads in the order the data flows, as the README's table of modules says: every module
of ``pipeline/`` is in a row of that table, and none imports a module of a later row."""
from __future__ import annotations

import ast
import re

from conftest import ROOT

PACKAGE = ROOT / "pipeline"


def stages() -> dict[str, int]:
    """Each top-level module or folder of the package, by the row of "Where the code lives" naming it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Where the code lives", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| stage ")]
    order: dict[str, int] = {}
    for number, row in enumerate(rows):
        for name in re.findall(r"`([a-z_]+)(?:\.py|/)`", row.split("|")[2]):
            order.setdefault(name, number)  # a file of po/ or serve/ named after its folder keeps the folder's row
    return order


def imported(path) -> set[str]:
    """The top-level modules and folders of the package that a file imports."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("pipeline"):
            names |= {alias.name for alias in node.names} if node.module == "pipeline" \
                else {node.module.split(".")[1]}
        elif isinstance(node, ast.Import):
            names |= {alias.name.split(".")[1] for alias in node.names if alias.name.startswith("pipeline.")}
    return names


def top_level(path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def test_every_module_has_its_place_in_the_readme():
    order = stages()
    missing = {top_level(path) for path in PACKAGE.rglob("*.py")} - set(order) - {"__init__"}
    assert not missing, f"add them to README.md's table of modules: {sorted(missing)}"


def test_no_stage_imports_a_later_one():
    order = stages()
    against = sorted(f"{path.relative_to(ROOT)} imports {name}" for path in PACKAGE.rglob("*.py")
                     for name in imported(path) - {top_level(path)}
                     if order.get(name, -1) > order.get(top_level(path), -1))
    assert against == []
