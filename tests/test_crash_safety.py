"""`kill -9` at random moments never leaves a truncated catalog or edition, nor loses a translation.

Every write is atomic (a temporary file, then one rename), so whatever moment
the process dies, each file holds either its old or its new content. These tests
kill the real command, as a separate process, at seeded random moments.
"""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import po

from conftest import left_behind, msgfmt_check, needs_gettext

TRIALS = 20


def start(root: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "-C", str(root), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def kill_at(process: subprocess.Popen[bytes], delay: float) -> None:
    time.sleep(delay)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()


def reviewed(path: Path) -> set[tuple[str | None, str, str]]:
    return {(e.msgctxt, e.msgid, e.msgstr) for e in po.load(path) if e.msgstr and not e.fuzzy}


@needs_gettext
def test_update_killed_at_random_moments(extracted, tmp_path):
    extracted.ok("init", "fr", "de")
    for code in ("fr", "de"):
        extracted.translate(code, lambda e, code=code: "" if e.msgctxt == "name" else f"[{code}] {e.msgid}")
    translations = {code: {s for _, _, s in reviewed(extracted.catalog(code))} for code in ("fr", "de")}
    extracted.edit("source/letter.md", "The time to act is now.", "The time to act is today.")
    extracted.edit("source/signatories.yaml", "- name: Brad Smith\n", "- name: Brad Smith\n  honour: Patron\n")
    extracted.ok("extract")
    pristine = tmp_path / "pristine"
    shutil.copytree(extracted.root, pristine)
    rng = random.Random(20200526)
    for trial in range(TRIALS):
        root = tmp_path / f"trial-{trial}"
        shutil.copytree(pristine, root)
        kill_at(start(root, "update"), rng.uniform(0.0, 1.2))
        # Its workers end with it: an idle one waited for ever on a pipe its sibling held open.
        assert sys.platform != "linux" or not left_behind(root), f"trial {trial}: {left_behind(root, 0)}"
        for code in ("fr", "de"):
            path = root / "locales" / code / "LC_MESSAGES" / "letter.po"
            catalog = po.load(path)  # a truncated or invalid file raises here
            assert msgfmt_check(path).returncode == 0
            kept = {e.msgstr for e in catalog if e.msgstr}
            assert translations[code] <= kept, f"trial {trial}: {code} lost translations"


def test_build_killed_at_random_moments(shipped, tmp_path):
    shipped.ok("build")
    shipped.edit("locales/fr/LC_MESSAGES/letter.po", "Signataires", "Les signataires")
    rng = random.Random(1)
    for trial in range(TRIALS):
        kill_at(start(shipped.root, "build"), rng.uniform(0.0, 1.5))
        for page in shipped.path("output").rglob("*.html"):
            assert page.read_text(encoding="utf-8").endswith("</html>\n"), f"trial {trial}: {page} is cut"
        for text in shipped.path("output").rglob("*.txt"):
            assert text.read_bytes().endswith(b"\n"), f"trial {trial}: {text} is cut"
    shipped.ok("build")
    assert "Les signataires" in shipped.path("output/fr/index.html").read_text(encoding="utf-8")


def test_draft_killed_at_random_moments(extracted, tmp_path):
    if extracted.run("draft", "--help").exit_code != 0:
        pytest.skip("letter draft is not available")
    extracted.ok("init", "fr")
    loaded = po.load(extracted.catalog("fr"))
    for entry in loaded[:10]:
        entry.msgstr = f"revu {entry.msgid}"
    po.save(loaded, extracted.catalog("fr"))
    kept = reviewed(extracted.catalog("fr"))
    rng = random.Random(2)
    for trial in range(TRIALS):
        kill_at(start(extracted.root, "draft", "fr", "--provider", "pseudo"), rng.uniform(0.0, 1.0))
        after = po.load(extracted.catalog("fr"))
        assert kept <= {(e.msgctxt, e.msgid, e.msgstr) for e in after if not e.fuzzy}, f"trial {trial}"
    extracted.ok("draft", "fr", "--provider", "pseudo")
    assert all(e.msgstr for e in po.load(extracted.catalog("fr")) if e.msgctxt != "name")


def test_catalogs_reach_the_disk_before_they_replace_the_old_ones_and_pages_need_not(tmp_path, monkeypatch):
    """A power cut must not cost a translation: a catalog is flushed before its rename, its folder after. A page
    can be built again, so the build does not wait for the disk (it would, a hundred times)."""
    from pipeline import files

    flushed: list[str] = []
    original = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: flushed.append(os.readlink(f"/proc/self/fd/{fd}")) or original(fd))
    files.write_atomic(tmp_path / "fr.po", b'msgid ""\nmsgstr ""\n')
    assert Path(flushed[0]).name.startswith(".fr.po.") and flushed[1:] == [str(tmp_path)]  # the file, then its rename
    flushed.clear()
    assert files.write_if_changed(tmp_path / "out" / "index.html", b"<p>page</p>")
    assert flushed == []
    assert (tmp_path / "out" / "index.html").read_bytes() == b"<p>page</p>"


def test_a_catalog_behind_a_symbolic_link_is_updated_where_it_lives(shipped):
    """A team keeps the French catalog in a shared folder and links it into locales/: `letter update`
    writes the shared file, as msgmerge -U and Poedit do, and the link stays a link."""
    catalog = shipped.catalog("fr")
    shared = shipped.root / "shared" / "fr.po"
    shared.parent.mkdir()
    catalog.rename(shared)
    catalog.symlink_to(os.path.relpath(shared, catalog.parent))
    shipped.edit("source/signatories.yaml", "- name: Ban Ki-moon", "- name: Test Person\n  role: Professor\n"
                                                                    "- name: Ban Ki-moon")
    shipped.ok("extract")
    shipped.ok("update", "fr")
    assert catalog.is_symlink()
    assert 'msgid "Test Person"' in shared.read_text(encoding="utf-8")
    assert not list(catalog.parent.glob(".*.tmp")) and not list(shared.parent.glob(".*.tmp"))


def test_a_catalog_the_system_will_not_write_is_reported_beside_the_others_updated(shipped, monkeypatch):
    """A French folder that cannot be written: `letter update` names it, and still says what it did to
    the other catalogs (it said only the error, though it had rewritten six)."""
    import tempfile

    mkstemp = tempfile.mkstemp

    def refused_in_french(*args, **kwargs):
        if "/fr/" in str(kwargs["dir"]) + "/":
            raise OSError(30, "Read-only file system")
        return mkstemp(*args, **kwargs)

    shipped.edit("source/letter.md", "The time to act is now.", "The time to act is today.")
    shipped.ok("extract")
    before = shipped.catalog("fr").read_bytes()
    monkeypatch.setattr(tempfile, "mkstemp", refused_in_french)
    result = shipped.run("update")
    assert result.exit_code == 2
    assert result.stderr.startswith("locales/fr/LC_MESSAGES/letter.")
    assert ": error: cannot write it (Read-only file system); check the disk's free space" in result.stderr
    assert "de: updated" in result.stdout and "zh-Hans: updated" in result.stdout and "fr:" not in result.stdout
    assert shipped.catalog("fr").read_bytes() == before


def test_a_link_in_the_output_folder_is_replaced_not_written_through(shipped, tmp_path):
    """The build writes nothing outside output/: a symbolic link where an edition's file goes (left by
    a deploy script, say) is replaced by the file, and what it pointed to stays as it was."""
    shipped.ok("build", "--no-pdf")
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not the letter", encoding="utf-8")
    text = shipped.path("output/fr/letter.txt")
    text.unlink()
    text.symlink_to(elsewhere)
    shipped.ok("build", "--no-pdf")
    assert elsewhere.read_text(encoding="utf-8") == "not the letter"
    assert not text.is_symlink() and "Signataires" in text.read_text(encoding="utf-8")


def test_a_folder_in_the_output_that_is_a_link_is_replaced_not_written_through(shipped, tmp_path):
    """An edition's folder that is a symbolic link (``fr -> ~/.ssh``, committed in a pull request) leads
    the build nowhere outside output/: the link becomes a folder, and what it led to stays as it was."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("not the letter", encoding="utf-8")
    shipped.path("output").mkdir()
    shipped.path("output/fr").symlink_to(elsewhere)
    shipped.ok("build", "--no-pdf")
    assert [path.name for path in elsewhere.iterdir()] == ["index.html"]
    assert (elsewhere / "index.html").read_text(encoding="utf-8") == "not the letter"
    assert not shipped.path("output/fr").is_symlink() and "Signataires" in shipped.path(
        "output/fr/letter.txt").read_text(encoding="utf-8")


def test_nothing_is_taken_down_through_a_folder_that_is_a_link(shipped, tmp_path):
    """The record of the last build lies in output/ too: a file it names behind a linked folder is not the
    build's to delete, wherever the link leads."""
    import json

    shipped.ok("build", "--no-pdf")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "victim.txt").write_text("someone's", encoding="utf-8")
    shipped.path("output/gone").symlink_to(elsewhere)
    record = shipped.path("output/.letter-build.json")
    data = json.loads(record.read_text(encoding="utf-8"))
    data["site"]["files"]["gone/victim.txt"] = {"sha256": "0" * 64, "size": 1, "mtime_ns": 1}
    record.write_text(json.dumps(data), encoding="utf-8")
    shipped.ok("build", "--no-pdf")
    assert (elsewhere / "victim.txt").read_text(encoding="utf-8") == "someone's"


def test_a_file_the_system_refuses_is_named_not_its_temporary_file(shipped, monkeypatch):
    """A folder that cannot be written, or a disk that fills, names the file the build meant to write."""
    import tempfile

    def refused(*_args, **kwargs):
        raise PermissionError(13, "Permission denied", os.path.join(kwargs["dir"], ".letter.txt.x1y2z3.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    result = shipped.run("build", "--no-pdf")
    assert result.exit_code == 2
    assert result.stderr.endswith(": error: cannot read or write it (Permission denied); check the disk's free "
                                  "space and the permissions\n")
    assert ".tmp" not in result.stderr and result.stderr.startswith("output/")
    monkeypatch.undo()

    from pipeline import files

    class Full:
        def __init__(self, fd, _mode):
            self.fd = fd

        def __enter__(self):
            return self

        def __exit__(self, *_exc):
            os.close(self.fd)

        def write(self, _data):
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fdopen", Full)
    target = shipped.path("locales/fr/LC_MESSAGES/letter.po")
    before = target.read_bytes()
    with pytest.raises(OSError) as caught:
        files.write_atomic(target, b"new")
    assert (caught.value.filename, caught.value.strerror) == (str(target), "No space left on device")
    assert target.read_bytes() == before and [p.name for p in target.parent.iterdir() if p.suffix == ".tmp"] == []
