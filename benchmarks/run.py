"""Time every stage of ``letter`` against the tools of the field, on the same files, in one run.

    python -m benchmarks            # the full workload (make bench)
    python -m benchmarks --smoke    # tiny sizes, a few seconds: keeps the benchmark working

Each figure is the wall time of one process (or of the sequence of processes an
anchor needs for the same work), so start-up is counted on both sides. Ratios
are ours ÷ anchor from the same run: the machine is noisy, ratios travel better
than seconds. Anchors that are not installed are reported as skipped; the
benchmark's own virtual environment (``benchmarks/.venv``, made by ``make bench``)
holds translate-toolkit and mdpo, GNU gettext comes from the system.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import polib

from benchmarks import generate
from benchmarks.provider import Provider

HERE = Path(__file__).resolve().parent
BENCH_BIN = HERE / ".venv" / "bin"
PYTHON = sys.executable

#: Every row the benchmark reports, in order; the smoke test checks that each one is there.
ROWS = (
    "startup",
    "extract-vs-md2po",
    "update-vs-msgmerge",
    "update-vs-babel",
    "update-1k-vs-msgmerge",
    "update-1k-vs-babel",
    "check-vs-msgfmt",
    "check-vs-pofilter",
    "build-vs-po2md",
    "build-peak-memory",
    "rebuild-noop-vs-full",
    "rebuild-one-catalog-vs-full",
    "pdf-vs-chromium",
    "pdf-peak-memory",
    "draft-vs-sequential",
    "serve-shipped",
    "serve-workload",
)
#: The editions whose PDFs are timed, besides English: one of each kind of script the workload has
#: that typesets differently (Latin, Cyrillic, Arabic, Chinese); every edition would take most of
#: an hour on both sides.
PDF_LOCALES = ("fr", "ru", "ar", "zh-Hans")


# --- running and timing processes ----------------------------------------------------------------

@dataclass
class Timed:
    seconds: float
    peak_mb: float
    code: int | None          # None: killed at the time limit
    output: str = ""

    @property
    def finished(self) -> bool:
        return self.code is not None


def timed(cmd: list[str], *, cwd: Path | None = None, timeout: float | None = None,
          env: dict[str, str] | None = None) -> Timed:
    """Run one process; its wall time, its own peak memory (not its parent's), its exit code."""
    log = cwd / ".bench-output.txt" if cwd else Path(os.devnull)
    with open(log if cwd else os.devnull, "wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   env={**os.environ, **(env or {})})
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            process.kill()

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer:
            timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        if timer:
            timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(errors="replace") if cwd else ""
    if cwd:
        log.unlink()
    code = None if killed.is_set() else process.returncode
    return Timed(seconds, usage.ru_maxrss / 1024, code, text)


def must(result: Timed, what: str) -> Timed:
    if result.code != 0:
        raise RuntimeError(f"{what} failed ({result.code}):\n{result.output[-2000:]}")
    return result


def letter(*args: str) -> list[str]:
    script = Path(PYTHON).parent / "letter"
    return [str(script), *args] if script.exists() else [PYTHON, "-m", "pipeline", *args]


def tool(name: str) -> str | None:
    """An anchor: from the benchmark's virtual environment, else from PATH."""
    local = BENCH_BIN / name
    return str(local) if local.exists() else shutil.which(name)


# --- results -------------------------------------------------------------------------------------

@dataclass
class Row:
    id: str
    stage: str
    anchor: str
    ours: float | None = None      # seconds (or MB for memory)
    theirs: float | None = None
    unit: str = "s"
    target: str = ""
    limit: float | None = None     # the ratio (or the absolute value) must be at most this
    note: str = ""
    skipped: str = ""
    extra: dict = field(default_factory=dict)
    met: bool | None = None

    @property
    def ratio(self) -> float | None:
        if self.ours is None or self.theirs in (None, 0):
            return None
        return self.ours / self.theirs

    def judge(self, *also: bool) -> None:
        value = self.ratio if self.theirs is not None else self.ours
        if value is None or self.limit is None:
            self.met = None if value is None else self.met
            return
        self.met = value <= self.limit and all(also)

    def record(self) -> dict:
        return {"id": self.id, "stage": self.stage, "anchor": self.anchor, "ours": _round(self.ours),
                "anchor_value": _round(self.theirs), "unit": self.unit, "ratio": _round(self.ratio, 4),
                "target": self.target, "met": self.met, "note": self.note, "skipped": self.skipped,
                **({"details": self.extra} if self.extra else {})}


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def table(rows: list[Row]) -> str:
    """The rows as a Markdown table, the one the README shows."""
    lines = ["| stage | ours | anchor | anchor's | ours ÷ anchor | target | met |",
             "| --- | ---: | --- | ---: | ---: | --- | --- |"]
    for row in rows:
        if row.skipped:
            lines.append(f"| {row.stage} | | {row.anchor} | | | {row.target} | skipped: {row.skipped} |")
            continue
        ours = _fmt(row.ours, row.unit)
        theirs = _fmt(row.theirs, row.unit) if row.theirs is not None else (row.note or "")
        ratio = f"{row.ratio:.3f}" if row.ratio is not None else ""
        met = {True: "yes", False: "**no**", None: ""}[row.met]
        if row.theirs is not None and row.note:
            theirs += f" ({row.note})"
        lines.append(f"| {row.stage} | {ours} | {row.anchor} | {theirs} | {ratio} | {row.target} | {met} |")
    return "\n".join(lines)


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


# --- the workload --------------------------------------------------------------------------------

#: What the workload's files follow from besides the sizes: the generator, and the code that decides
#: the letter's messages (a catalog generated before an interface message was added lacks it, and
#: every edition of the workload would then be unpublished).
WORKLOAD_CODE = (HERE / "generate.py", *(HERE.parent / "pipeline" / name for name in
                                         ("units.py", "interface.py", "extract.py")))


def workload(root: Path, sizes: generate.Sizes) -> dict:
    """Generate the files once per sizes and generator version; later runs reuse them."""
    code = "".join(path.read_text(encoding="utf-8") for path in WORKLOAD_CODE)
    stamp = hashlib.sha256((repr(sizes) + code).encode()).hexdigest()[:16]
    data = root / f"data-{stamp}"
    summary = data / "summary.json"
    if not summary.exists():
        for old in root.glob("data-*"):
            shutil.rmtree(old)
        started = time.perf_counter()
        counts = generate.generate(data, sizes)
        counts["generated_in_s"] = round(time.perf_counter() - started, 1)
        summary.write_text(json.dumps(counts, indent=2) + "\n")
    return {"path": data, **json.loads(summary.read_text())}


def fresh(source: Path, target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    return target


def catalog_of(project: Path, tag: str) -> Path:
    from pipeline.locales import parse_locale
    return project / "locales" / parse_locale(tag).posix / "LC_MESSAGES" / "letter.po"


# --- scoring fuzzy matching ----------------------------------------------------------------------

def score(old_catalog: Path, merged: Path, truth: dict) -> dict:
    """How many edited messages got their own old translation, and how many drafts are wrong.

    A draft is wrong when a message's translation came from an old message that is not
    its own predecessor (an edited message given another's translation, a new message
    given any), or when an unchanged message lost its translation or became fuzzy.
    """
    old = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(old_catalog)) if not e.obsolete}
    new = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(merged)) if not e.obsolete}
    predecessor = {(ctx, after): (ctx, before) for ctx, before, after in truth["edited"]}
    matched = wrong = 0
    for key, entry in new.items():
        if key in old:  # unchanged
            if entry.msgstr != old[key] or entry.fuzzy:
                wrong += 1
        elif key in predecessor:
            if entry.msgstr and entry.msgstr == old.get(predecessor[key]):
                matched += 1
            elif entry.msgstr:
                wrong += 1
        elif entry.msgstr:  # a new message given some old translation
            wrong += 1
    return {"edited": len(truth["edited"]), "matched": matched, "wrong": wrong}


def sum_scores(scores: list[dict]) -> dict:
    return {key: sum(s[key] for s in scores) for key in ("edited", "matched", "wrong")} if scores else {}


BABEL_UPDATE = """
import sys
from babel.messages.pofile import read_po, write_po
template_path, *pairs = sys.argv[1:]
with open(template_path, "rb") as handle:
    template = read_po(handle)
for source, target in zip(pairs[::2], pairs[1::2]):
    with open(source, "rb") as handle:
        catalog = read_po(handle)
    catalog.update(template, no_fuzzy_matching=False)
    with open(target, "wb") as handle:
        write_po(handle, catalog)  # include_previous=True writes multi-line #| msgid that no reader accepts
"""


def update_stage(project: Path, truth: dict, tags: list[str], label: str, babel_timeout: float,
                 rows: list[Row], scratch: Path, repeat: int) -> None:
    """``letter update`` on ``tags`` against msgmerge --previous and Babel on copies of the same catalogs.

    Ours takes about a second, where msgmerge takes several and Babel minutes: a burst of load
    on this shared machine skews one short run much more than a long one. So, as for start-up,
    ours is the median of ``repeat`` runs, each on the same old catalogs; the anchors run once.
    """
    scratch.mkdir(parents=True, exist_ok=True)
    template = project / "locales" / "letter.pot"
    originals = {tag: scratch / f"{tag}.old.po" for tag in tags}
    for tag, copy in originals.items():
        shutil.copyfile(catalog_of(project, tag), copy)

    runs = []
    for _ in range(repeat):
        for tag, copy in originals.items():
            shutil.copyfile(copy, catalog_of(project, tag))
        runs.append(must(timed(letter("-C", str(project), "update", *tags)), "letter update").seconds)
    ours = statistics.median(runs)
    our_score = sum_scores([score(originals[t], catalog_of(project, t), truth) for t in tags])
    n = len(tags)
    size = f" ({label})" if label else ""

    row = Row(f"update{'-1k' if label else ''}-vs-msgmerge", f"`letter update`, {n} catalog{'s' * (n > 1)}{size}",
              "`msgmerge --previous`", ours, unit="s",
              target="≤ 0.1, as many matched, no more wrong" if not label else "")
    msgmerge = tool("msgmerge")
    if msgmerge:
        total, scores = 0.0, []
        for tag in tags:
            out = scratch / f"{tag}.msgmerge.po"
            result = must(timed([msgmerge, "--previous", "--quiet", "-o", str(out), str(originals[tag]),
                                 str(template)]), "msgmerge")
            total += result.seconds
            scores.append(score(originals[tag], out, truth))
            theirs_score = sum_scores(scores)
        row.theirs = total
        row.extra = {"ours": our_score, "msgmerge": theirs_score, "runs_s": sorted(round(t, 4) for t in runs)}
        row.limit = 0.1 if not label else None
        row.judge(our_score["matched"] >= theirs_score["matched"], our_score["wrong"] <= theirs_score["wrong"])
        row.note = (f"matched {our_score['matched']}/{our_score['edited']} vs {theirs_score['matched']}, "
                    f"wrong {our_score['wrong']} vs {theirs_score['wrong']}")
    else:
        row.skipped = "msgmerge not installed"
    rows.append(row)

    row = Row(f"update{'-1k' if label else ''}-vs-babel", f"`letter update`, {n} catalog{'s' * (n > 1)}{size}",
              "Babel `Catalog.update`", ours)
    pairs = []
    for tag in tags:
        pairs += [str(originals[tag]), str(scratch / f"{tag}.babel.po")]
    result = timed([PYTHON, "-c", BABEL_UPDATE, str(template), *pairs], timeout=babel_timeout)
    if result.finished and result.code == 0:
        row.theirs = result.seconds
        babel_score = sum_scores([score(originals[t], scratch / f"{t}.babel.po", truth) for t in tags])
        row.extra = {"ours": our_score, "babel": babel_score}
        row.note = (f"matched {our_score['matched']}/{our_score['edited']} vs {babel_score['matched']}, "
                    f"wrong {our_score['wrong']} vs {babel_score['wrong']}")
    elif result.finished:
        row.skipped = f"Babel failed: {result.output.strip().splitlines()[-1:]}"
    else:
        row.note = f"did not finish in {babel_timeout:.0f} s"
        row.extra = {"ours": our_score, "babel": f"did not finish in {babel_timeout:.0f} s"}
        row.met = True
    rows.append(row)


def subset_project(project: Path, truth: dict, target: Path, every: int, tags: list[str]) -> dict:
    """A smaller project (about 1/``every`` of the messages) cut from the same files, for Babel."""
    rng = random.Random(7)
    template = polib.pofile(str(project / "locales" / "letter.pot"), wrapwidth=79)
    edited_new = {(c, a): (c, b) for c, b, a in truth["edited"]}
    keep_new = {(e.msgctxt, e.msgid) for e in template if rng.randrange(every) == 0 or not e.msgid}
    keep_old = {edited_new[k] for k in keep_new if k in edited_new}
    removed = [tuple(k) for k in truth["removed"]]
    keep_old |= {k for k in removed if rng.randrange(every) == 0}
    if target.exists():
        shutil.rmtree(target)
    (target / "locales").mkdir(parents=True)
    shutil.copyfile(project / "pyproject.toml", target / "pyproject.toml")
    from pipeline import po
    small = po.load(project / "locales" / "letter.pot")
    for entry in [e for e in small if (e.msgctxt, e.msgid) not in keep_new]:
        small.remove(entry)
    (target / "locales/letter.pot").write_text(po.dumps(small))
    for tag in tags:
        catalog = po.load(catalog_of(project, tag))
        for entry in [e for e in catalog if (e.msgctxt, e.msgid) not in keep_new | keep_old]:
            catalog.remove(entry)
        path = catalog_of(target, tag)
        path.parent.mkdir(parents=True)
        path.write_text(po.dumps(catalog))
    return {"edited": [[c, b, a] for c, b, a in truth["edited"] if (c, a) in keep_new],
            "messages": len(small)}


# --- the stages ----------------------------------------------------------------------------------

def startup(rows: list[Row], repeat: int) -> None:
    times = sorted(must(timed(letter("--help")), "letter --help").seconds for _ in range(repeat))
    rows.append(Row("startup", "`letter --help` start-up", "(absolute)", statistics.median(times),
                    target="≤ 150 ms", limit=0.150, extra={"runs_s": [round(t, 4) for t in times]}))
    rows[-1].judge()


def extract_stage(project: Path, revision: Path, rows: list[Row], scratch: Path) -> None:
    for name in ("letter.md", "signatories.yaml"):
        shutil.copyfile(revision / name, project / "source" / name)
    ours = must(timed(letter("-C", str(project), "extract")), "letter extract")
    row = Row("extract-vs-md2po", "`letter extract` (letter and signatories)", "mdpo `md2po` (letter.md only)",
              ours.seconds)
    md2po = tool("md2po")
    if md2po:
        scratch.mkdir(parents=True, exist_ok=True)
        result = must(timed([md2po, str(project / "source/letter.md"), "--save", "--po-filepath",
                             str(scratch / "md2po.pot")]), "md2po")
        row.theirs = result.seconds
    else:
        row.skipped = "mdpo not installed (make bench installs it)"
    rows.append(row)


def check_stage(project: Path, tags: list[str], rows: list[Row], scratch: Path) -> None:
    ours = timed(letter("-C", str(project), "check"))
    if ours.code not in (0, 1):
        must(ours, "letter check")
    n = len(tags)
    catalogs = [catalog_of(project, tag) for tag in tags]
    msgfmt = tool("msgfmt")
    row = Row("check-vs-msgfmt", f"`letter check`, {n} catalogs", "`msgfmt --check --statistics`", ours.seconds,
              target="≤ 5", limit=5.0)
    if msgfmt:
        row.theirs = sum(must(timed([msgfmt, "--check", "--statistics", "-o", os.devnull, str(path)]),
                              "msgfmt").seconds for path in catalogs)
        row.judge()
    else:
        row.skipped = "msgfmt not installed"
    rows.append(row)
    row = Row("check-vs-pofilter", f"`letter check`, {n} catalogs", "translate-toolkit `pofilter`", ours.seconds,
              target="≤ 0.1", limit=0.1)
    pofilter = tool("pofilter")
    if pofilter:
        out = scratch / "pofilter"
        shutil.rmtree(out, ignore_errors=True)
        result = timed([pofilter, "--progress=none", "-i", str(project / "locales"), "-o", str(out)], cwd=scratch)
        must(result, "pofilter")
        row.theirs = result.seconds
        row.judge()
    else:
        row.skipped = "translate-toolkit not installed (make bench installs it)"
    rows.append(row)


def build_stage(project: Path, tags: list[str], rows: list[Row], scratch: Path) -> None:
    shutil.rmtree(project / "output", ignore_errors=True)
    full = must(timed(letter("-C", str(project), "build")), "letter build")
    unbuilt = [tag for tag in tags if not (project / "output" / tag / "index.html").is_file()]
    if unbuilt:  # a build that made only English would be timed as a fast one
        raise RuntimeError(f"letter build made no edition of {len(unbuilt)} of the workload's locales "
                           f"({', '.join(unbuilt[:5])}…): `letter -C {project} status` says why\n{full.output[-2000:]}")
    n = len(tags)
    row = Row("build-vs-po2md", f"`letter build`, {n} locales + English (HTML and text)",
              f"mdpo `po2md` × {n} (Markdown)", full.seconds, target="≤ 0.333", limit=1 / 3)
    po2md = tool("po2md")
    if po2md:
        out = scratch / "po2md"
        out.mkdir(parents=True, exist_ok=True)
        row.theirs = sum(must(timed([po2md, str(project / "source/letter.md"), "--pofiles",
                                     str(catalog_of(project, tag)), "--save", str(out / f"{tag}.md")]),
                              "po2md").seconds for tag in tags)
        row.judge()
    else:
        row.skipped = "mdpo not installed (make bench installs it)"
    rows.append(row)
    rows.append(Row("build-peak-memory", f"`letter build`, {n} locales: peak memory", "(absolute)", full.peak_mb,
                    unit="MB", target="≤ 500 MB", limit=500.0))
    rows[-1].judge()

    noop = must(timed(letter("-C", str(project), "build")), "letter build (nothing changed)")
    rows.append(Row("rebuild-noop-vs-full", "`letter build`, nothing changed", "full `letter build`", noop.seconds,
                    full.seconds, target="≤ 0.10", limit=0.10))
    rows[-1].judge()

    path = catalog_of(project, tags[0])
    catalog = path.read_text(encoding="utf-8")
    marker = 'msgstr "'
    spot = catalog.index(marker, catalog.index("#. paragraph 1\n")) + len(marker)
    path.write_text(catalog[:spot] + "Edited " + catalog[spot:], encoding="utf-8")
    one = must(timed(letter("-C", str(project), "build")), "letter build (one catalog changed)")
    rows.append(Row("rebuild-one-catalog-vs-full", "`letter build`, one catalog changed", "full `letter build`",
                    one.seconds, full.seconds, target="≤ 0.25", limit=0.25))
    rows[-1].judge()


def pdf_stage(base: Path, tags: list[str], rows: list[Row], scratch: Path, signatories: int) -> None:
    """The PDFs ``letter build`` makes of some editions of the workload, against Chromium's own
    print-to-PDF of the same pages, both on every core: ours is a build that has nothing else to
    make (the pages and plain texts are there), Chromium prints each edition's page in a process of
    its own, as many at a time as there are cores."""
    from pipeline.locales import parse_locale
    from tools import browser

    project = fresh(base, scratch / "project")
    for folder in (project / "locales").iterdir():
        if folder.is_dir() and parse_locale(folder.name).tag not in tags:
            shutil.rmtree(folder)
    settings = project / "pyproject.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "[tool.letter]\n", '[tool.letter]\nformats = ["html", "text", "pdf"]\n', 1), encoding="utf-8")
    must(timed(letter("-C", str(project), "build", "--no-pdf")), "letter build --no-pdf")
    ours = must(timed(letter("-C", str(project), "build")), "letter build (the PDFs)")
    editions = ["en", *tags]
    made = [tag for tag in editions if (project / "output" / tag / "letter.pdf").is_file()]
    row = Row("pdf-vs-chromium", f"`letter build`, the PDFs of {len(editions)} editions of {signatories:,} signatories",
              "Chromium `--print-to-pdf` of the same pages", ours.seconds, target="≤ 1 (aim)", limit=1.0,
              note=f"{len(made)} of {len(editions)} made")
    if reason := browser.missing():
        row.skipped = reason
    else:
        printed = scratch / "chromium"
        printed.mkdir(parents=True, exist_ok=True)

        def chromium(tag: str) -> Timed:
            page = project / "output" / tag / "index.html"
            return must(timed([str(browser.CHROMIUM), *browser.ARGS, f"--user-data-dir={printed / tag}",
                               "--no-pdf-header-footer", f"--print-to-pdf={printed / tag}.pdf", page.as_uri()]),
                        f"chromium --print-to-pdf {tag}")

        started = time.perf_counter()
        with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
            list(pool.map(chromium, editions))
        row.theirs = time.perf_counter() - started
        row.judge(len(made) == len(editions))
    rows.append(row)
    rows.append(Row("pdf-peak-memory", "`letter build`, the PDFs: peak memory of one process", "(absolute)",
                    ours.peak_mb, unit="MB", target="≤ 1,000 MB", limit=1000.0))
    rows[-1].judge()


def draft_project(root: Path, count: int) -> tuple[Path, list[str]]:
    """A project whose one catalog (fr) has exactly ``count`` required messages left to draft."""
    rng = random.Random(11)
    person = generate.Person("Ada Lovelace", "Honorary Chair of Informatics", "University of Kalomi")
    from pipeline.interface import INTERFACE
    fixed = 1 + 2 + len(INTERFACE.messages())   # title, role, affiliation, interface words
    letter_draft = generate.Draft("An open letter", [generate.paragraph(rng) for _ in range(count - fixed)],
                                  [person])
    if root.exists():
        shutil.rmtree(root)
    generate.write_project(root, letter_draft, generate.Sizes(locales=("fr",)))
    path = catalog_of(root, "fr")
    catalog = polib.pofile(str(path), wrapwidth=79)
    todo = []
    for entry in catalog:
        if entry.msgctxt == "name":
            continue  # a personal name: optional, kept translated here
        todo.append(entry.msgid)
        entry.msgstr = ""
    from pipeline import po
    path.write_text(po.dumps(catalog), encoding="utf-8")
    return root, todo


DEEP_TRANSLATOR = """
import json, sys
from deep_translator import LibreTranslator
url, target, path = sys.argv[1:]
texts = json.load(open(path, encoding="utf-8"))
translator = LibreTranslator(source="en", target=target, custom_url=url, api_key="benchmark")
out = translator.translate_batch(texts)
assert len(out) == len(texts)
"""


def draft_stage(scratch: Path, count: int, delay: float, jobs: int, rows: list[Row]) -> None:
    row = Row("draft-vs-sequential", f"`letter draft`, {count} messages, provider answering in "
                                     f"{delay * 1000:.0f} ms", "deep-translator `translate_batch` (sequential)",
              target="≤ 0.125", limit=1 / 8)
    available = timed(letter("draft", "--help"))
    if available.code != 0:
        row.skipped = "letter draft not available"
        rows.append(row)
        return
    project, todo = draft_project(scratch / "draft", count)
    with Provider(delay) as url:
        ours = timed(letter("-C", str(project), "draft", "fr", "--provider", "libre", "--url", url,
                            "--jobs", str(jobs)), cwd=project)
        if ours.code != 0:
            row.skipped = f"letter draft failed: {ours.output.strip().splitlines()[-1:]}"
            rows.append(row)
            return
        texts = scratch / "draft-texts.json"
        texts.write_text(json.dumps(todo, ensure_ascii=False), encoding="utf-8")
        theirs = must(timed([PYTHON, "-c", DEEP_TRANSLATOR, url, "fr", str(texts)]), "deep-translator")
    drafted = sum(1 for e in polib.pofile(str(catalog_of(project, "fr"))) if e.msgstr and e.msgctxt != "name")
    row.ours, row.theirs = ours.seconds, theirs.seconds
    row.note = f"{drafted} of {len(todo)} drafted, --jobs {jobs}"
    row.extra = {"drafted": drafted, "messages": len(todo), "jobs": jobs}
    row.judge(drafted == len(todo))
    rows.append(row)


def serve_stage(rows: list[Row], projects: list[tuple[str, Path, str, str, float]], repeat: int) -> None:
    """``letter serve``: a catalog saved on disk, or a message approved, until the open edition shows it
    (``benchmarks/serve.py``); each row judges the slower of the two ways, by its median."""
    from benchmarks import serve

    for row_id, project, tag, what, limit in projects:
        row = Row(row_id, f"`letter serve`: catalog saved or message approved → edition shown ({what})",
                  "(absolute)", target=f"≤ {limit:g} s", limit=limit)
        reason = serve.unavailable()
        if reason:
            row.skipped = reason
        else:
            figures = serve.measure(project, tag, repeat)
            row.ours = max(figures["save"], figures["approve"])
            row.note = (f"saved {figures['save'] * 1000:.0f} ms, approved {figures['approve'] * 1000:.0f} ms; "
                        f"review page opened in {figures['review']:.2f} s")
            row.extra = figures
            row.judge()
        rows.append(row)


# --- the run -------------------------------------------------------------------------------------

def run(args: argparse.Namespace) -> dict:
    smoke = args.smoke
    sizes = generate.SMOKE if smoke else generate.FULL
    work = Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    data = workload(work, sizes)
    base, revision = data["path"] / "base", data["path"] / "revision"
    truth = json.loads((revision / "truth.json").read_text())
    tags = list(sizes.locales)
    rows: list[Row] = []
    say = (lambda *a: None) if args.quiet else (lambda *a: print(*a, file=sys.stderr, flush=True))

    say("start-up")
    startup(rows, 3 if smoke else 7)
    say("extract")
    project = fresh(base, work / "run" / "update")
    extract_stage(project, revision, rows, work / "run" / "scratch")
    say("update")
    update_tags = tags[: args.update_locales]
    subset = subset_project(project, truth, work / "run" / "update-1k", max(1, round(data["messages"] / 1000)),
                            update_tags[:1])
    repeat = 1 if smoke else 3
    update_stage(project, truth, update_tags, "", args.babel_timeout, rows, work / "run" / "scratch" / "update",
                 repeat)
    update_stage(work / "run" / "update-1k", subset, update_tags[:1], f"{subset['messages']} messages",
                 args.babel_timeout, rows, work / "run" / "scratch" / "update-1k", repeat)
    say("check")
    project = fresh(base, work / "run" / "check")
    check_stage(project, tags, rows, work / "run" / "scratch")
    say("build")
    project = fresh(base, work / "run" / "build")
    build_stage(project, tags, rows, work / "run" / "scratch")
    say("pdf")
    pdf_stage(base, list(PDF_LOCALES[:1] if smoke else PDF_LOCALES), rows, work / "run" / "pdf", sizes.signatories)
    say("draft")
    draft_stage(work / "run", 20 if smoke else 500, 0.1, args.jobs, rows)
    say("serve")
    shipped = work / "run" / "serve-shipped"
    shutil.rmtree(shipped, ignore_errors=True)
    for name in ("source", "locales"):
        shutil.copytree(HERE.parent / name, shipped / name)
    shutil.copy(HERE.parent / "pyproject.toml", shipped / "pyproject.toml")
    serve_stage(rows, [("serve-shipped", shipped, "fr", "shipped letter", 0.5),
                       ("serve-workload", fresh(base, work / "run" / "serve"), tags[0], "workload", 2.0)],
                1 if smoke else 5)

    assert [row.id for row in rows] == list(ROWS), [row.id for row in rows]
    return {
        "mode": "smoke" if smoke else "full",
        "workload": {k: v for k, v in data.items() if k != "path"} | {"sizes": {
            "paragraphs": sizes.paragraphs, "signatories": sizes.signatories, "roles": sizes.roles,
            "affiliations": sizes.affiliations, "locales": len(sizes.locales), "seed": sizes.seed}},
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "seconds": round(time.perf_counter() - started, 1),
        "rows": [row.record() for row in rows],
        "table": table(rows),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: checks the benchmark works, times nothing")
    parser.add_argument("--work", default=str(HERE / "work"), help="where the workload and runs go")
    parser.add_argument("--out", help="the JSON file of figures (default: results.json, or smoke.json in --work)")
    parser.add_argument("--update-locales", type=int, default=2, help="catalogs merged in the update stage")
    parser.add_argument("--babel-timeout", type=float, default=120.0, help="seconds Babel may take")
    parser.add_argument("--jobs", type=int, default=16, help="parallel requests for letter draft")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    result = run(args)
    out = Path(args.out) if args.out else (Path(args.work) / "smoke.json" if args.smoke else HERE / "results.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(result["table"])
    print(f"\n{result['mode']} run in {result['seconds']} s; figures in {out}")
    return 0
