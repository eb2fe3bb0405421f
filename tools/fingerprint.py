"""Fingerprint everything the pipeline writes, to show that a change altered no output.

    python tools/fingerprint.py OUT [--code DIR] [--smoke]

With the code of ``DIR`` (a checkout; this one by default) and the inputs of this
checkout, it writes under ``OUT``: the shipped project built as published and with
``--drafts``, its catalogs after ``letter extract`` and ``letter update``, every
shipped catalog read and written back, and the benchmark's workload (50 locales,
10,000 signatories; a small one with ``--smoke``) generated and built. ``OUT/SHA256SUMS``
lists every file but the build record, whose digest names the code. Two runs, one
with the code before a change (``git worktree add /tmp/old HEAD~1``) and one after,
are the same when the two lists are:

    python tools/fingerprint.py /tmp/a --code /tmp/old && python tools/fingerprint.py /tmp/b
    diff /tmp/a/SHA256SUMS /tmp/b/SHA256SUMS
"""
from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = {".letter-build.json"}

ROUND_TRIP = """
import sys
from pathlib import Path
try:
    from pipeline import po
except ImportError:
    from pipeline import pofile as po
for path in sorted(Path(sys.argv[1]).glob("*/LC_MESSAGES/*.po")):
    path.write_text(po.dumps(po.load(path)), encoding="utf-8")
"""

GENERATE = """
import sys
from pathlib import Path
from benchmarks import generate
generate.generate(Path(sys.argv[1]), generate.SMOKE if sys.argv[2] == "smoke" else generate.FULL)
"""


def shipped_copy(target: Path) -> Path:
    target.mkdir(parents=True)
    for name in ("source", "locales"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def fingerprint(out: Path, code: Path, smoke: bool) -> None:
    env = {**os.environ, "PYTHONPATH": str(code)}

    def python(*args: str | Path) -> None:
        subprocess.run([sys.executable, *map(str, args)], env=env, check=True, cwd=code,
                       stdout=subprocess.DEVNULL)

    def letter(project: Path, *args: str) -> None:
        python("-m", "pipeline", "-C", project, *args)

    letter(shipped_copy(out / "published"), "build")
    letter(shipped_copy(out / "drafts"), "build", "--drafts")
    updated = shipped_copy(out / "updated")
    letter(updated, "extract")
    letter(updated, "update")
    python("-c", ROUND_TRIP, shipped_copy(out / "round-trip") / "locales")
    python("-c", GENERATE, out / "bench", "smoke" if smoke else "full")
    letter(out / "bench" / "base", "build")
    sums = [f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(out)}\n"
            for path in sorted(out.rglob("*")) if path.is_file() and path.name not in SKIPPED]
    (out / "SHA256SUMS").write_text("".join(sums), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="a folder that does not exist yet")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose code runs")
    parser.add_argument("--smoke", action="store_true", help="a small benchmark workload")
    args = parser.parse_args()
    if args.out.exists():
        parser.error(f"{args.out} exists; name a new folder")
    fingerprint(args.out.resolve(), args.code.resolve(), args.smoke)
    print(f"{args.out / 'SHA256SUMS'}")


if __name__ == "__main__":
    main()
