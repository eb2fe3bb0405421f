"""The package reads in the order the data flows: the README's table "Where the code lives" gives every
module its stage, and no module imports one of a later stage, lazily or for types alone included."""
from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "pipeline"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stages() -> dict[str, int]:
    """Each module the table names, by its row: ``po/`` names a folder, whose files follow it in the row."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Where the code lives", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith(("| stage", "| ---"))]
    found = {"pipeline": 0}
    for number, row in enumerate(rows):
        folder = ""
        for token in re.findall(r"`([^`]+)`", row.split("|")[2]):
            if token.endswith("/") and (PACKAGE / token).is_dir():
                folder = token
                found[f"pipeline.{token.rstrip('/')}"] = number
            elif token.endswith(".py"):
                path = PACKAGE / folder / token if (PACKAGE / folder / token).exists() else PACKAGE / token
                assert path.exists(), f"the README names {token}, which is no module"
                found[module_name(path)] = number
    return found


def stage_of(module: str, known: dict[str, int]) -> int | None:
    """A module's row, or its folder's, where the row names the folder alone (``serve/``)."""
    while module and module not in known:
        module = module.rpartition(".")[0]
    return known.get(module)


def imports(path: Path) -> Iterator[tuple[str, int]]:
    """The ``pipeline`` modules a file imports, anywhere in it, with their lines."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from ((alias.name, node.lineno) for alias in node.names if alias.name.startswith("pipeline"))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pipeline"):
            for alias in node.names:  # ``from pipeline import po`` imports the module pipeline.po
                sub = f"{node.module}.{alias.name}"
                is_module = (PACKAGE.parent / (sub.replace(".", "/") + ".py")).exists() or \
                    (PACKAGE.parent / sub.replace(".", "/")).is_dir()
                yield (sub if is_module else node.module), node.lineno


def test_every_module_has_a_stage_and_imports_none_of_a_later_one():
    known = stages()
    unplaced, backward = [], []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path)
        here = stage_of(name, known)
        if here is None:
            unplaced.append(name)
            continue
        for target, line in imports(path):
            there = stage_of(target, known)
            if there is not None and there > here:
                backward.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert not unplaced, f"modules the README's table does not place: {unplaced}"
    assert not backward, backward


#: The most lines a module may have: one job, read in one sitting. A module that outgrows it holds two jobs,
#: and is split where they part, as the README's table then says.
MODULE_LINES = 600


def test_every_module_holds_one_job_of_a_few_hundred_lines():
    long = [f"{path.relative_to(ROOT)}: {lines} lines" for path in sorted(PACKAGE.rglob("*.py"))
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_LINES]
    assert not long, long
