"""The benchmark's smoke mode runs every stage on tiny files, so `make bench` keeps working.

No timing is asserted here: the figures of a smoke run mean nothing, and the
machine running the tests is noisy. What is checked is that every row is there,
with a figure or a reason it was skipped (an anchor that is not installed).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from benchmarks.run import ROWS

ROOT = Path(__file__).resolve().parent.parent


def test_smoke_run_reports_every_row(tmp_path: Path) -> None:
    out = tmp_path / "smoke.json"
    result = subprocess.run([sys.executable, "-m", "benchmarks", "--smoke", "--quiet", "--work", str(tmp_path),
                             "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert [row["id"] for row in figures["rows"]] == list(ROWS)
    for row in figures["rows"]:
        assert row["skipped"] or row["ours"] is not None, row
    assert figures["workload"]["messages"] > 0
    assert "| stage |" in figures["table"]


def test_workload_is_deterministic(tmp_path: Path) -> None:
    from benchmarks import generate

    sizes = generate.Sizes(paragraphs=6, signatories=8, roles=3, affiliations=3, locales=("de", "ja"))
    first = generate.generate(tmp_path / "a", sizes)
    second = generate.generate(tmp_path / "b", sizes)
    assert first == second
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
