"""``letter new``: a letter started in a folder of its own works end to end, and a folder holding any of its
files gets none of them."""
from __future__ import annotations

import datetime
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import starter
from pipeline.cli import main
from pipeline.config import DEFAULTS, load_config
from pipeline.draft import CACHE

from conftest import ROOT, Project

STARTED = [starter.CONFIG_FILE, "source/letter.md", "source/signatories.yaml", ".gitignore", ".gitattributes"]


def new(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def contents(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under ``folder``, with the bytes of each file."""
    return {path.relative_to(folder).as_posix(): None if path.is_dir() else path.read_bytes()
            for path in sorted(folder.rglob("*"))}


def test_a_new_letter_is_made_and_goes_through_every_command_without_a_warning(tmp_path):
    folder = tmp_path / "rivers"
    code, said, warned = new("new", str(folder), "--title", "Protect the Rivers: An Open Letter")
    assert (code, warned) == (0, "")
    assert said.splitlines() == [f"created {folder.as_posix()}/{name}" for name in STARTED] + [
        f"next: write the letter in {folder.as_posix()}/source/letter.md and its signatories in "
        f"{folder.as_posix()}/source/signatories.yaml, then `letter -C {folder.as_posix()} extract`"]
    letter = Project(folder)
    assert letter.ok("extract").stderr == ""
    # A catalog names the file a message comes from, not its line, which a signature added above would move.
    assert "#: source/signatories.yaml\n" in (folder / "locales/letter.pot").read_text(encoding="utf-8")
    assert letter.ok("init", "fr").stderr == ""
    status = letter.ok("status")
    assert status.stderr == "" and "not published" in status.stdout
    built = letter.ok("build")
    assert built.stderr == ""
    assert "Protect the Rivers: An Open Letter" in (folder / "output/en/index.html").read_text(encoding="utf-8")
    assert letter.ok("check").stderr == ""


def test_the_git_files_ignore_what_the_commands_make_and_merge_the_catalogs_with_the_driver(tmp_path):
    assert new("-C", str(tmp_path), "new")[0] == 0
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(tmp_path), *args], capture_output=True, text=True).stdout

    made = ["output/en/index.html", ".letter-cache/drafts.sqlite3", "locales/.letter.pot.x1y2.tmp"]
    assert git("check-ignore", *made, "locales/letter.pot", "source/letter.md").split() == made
    for name in ("locales/letter.pot", "locales/fr/LC_MESSAGES/letter.po",
                 "locales/fr/LC_MESSAGES/letter.reviewed.json"):
        assert git("check-attr", "merge", name).strip() == f"{name}: merge: letter"


def test_the_git_files_hold_the_lines_of_this_repository_that_are_the_letters():
    """This repository's own files are the letter's lines and the development's; the starter's are the former."""
    rules = [line for line in starter.GITATTRIBUTES.splitlines() if not line.startswith("#")]
    assert rules == [line for line in (ROOT / ".gitattributes").read_text(encoding="utf-8").splitlines()
                     if not line.startswith("#")]
    ignored = [line for line in starter.GITIGNORE.splitlines() if not line.startswith("#")]
    assert set(ignored) <= set((ROOT / ".gitignore").read_text(encoding="utf-8").splitlines())
    assert {f"/{DEFAULTS['output']}/", f"/{CACHE.parts[0]}/"} <= set(ignored)


def test_new_without_a_folder_starts_the_letter_here_not_in_the_project_above(tmp_path, monkeypatch):
    outer = tmp_path / "outer"
    (outer / "inner").mkdir(parents=True)
    (outer / "pyproject.toml").write_text("[tool.letter]\n", encoding="utf-8")
    monkeypatch.chdir(outer / "inner")
    code, said, _ = new("new")
    assert code == 0
    assert said.splitlines()[0] == "created pyproject.toml"
    assert said.splitlines()[-1].endswith(", then `letter extract`")
    assert sorted(name for name, data in contents(outer / "inner").items() if data is not None) == sorted(STARTED)
    assert load_config(outer / "inner").tabled


@pytest.mark.parametrize("there", ["source/letter.md", "source/signatories.yaml"])
def test_a_folder_holding_the_source_gets_no_file_and_is_told_which(tmp_path, there):
    (tmp_path / there).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / there).write_text("mine\n", encoding="utf-8")
    before = contents(tmp_path)
    code, said, warned = new("new", str(tmp_path))
    assert (code, said) == (2, "")
    assert warned == (f"{tmp_path}: error: {there} is there already, and `letter new` replaces no file; start the "
                      "letter in a folder of its own (`letter new DIR`), or move it away and run it again\n")
    assert contents(tmp_path) == before


@pytest.mark.parametrize("kind", ["dangling link", "folder"])
def test_a_git_file_that_is_no_file_gets_no_file_written_through_it(tmp_path, kind):
    """A .gitignore that links to no file (a shared one on a drive not mounted) is not written where it points,
    out of the folder, and one that is a folder fails no write halfway: nothing is written, and it is named."""
    folder, elsewhere = tmp_path / "letter", tmp_path / "elsewhere"
    folder.mkdir()
    if kind == "folder":
        (folder / ".gitignore").mkdir()
    else:
        (folder / ".gitignore").symlink_to(elsewhere)
    code, said, warned = new("new", str(folder))
    assert (code, said) == (2, "")
    assert warned.startswith(f"{folder}: error: .gitignore is there already, and `letter new` replaces no file")
    assert [path.name for path in folder.iterdir()] == [".gitignore"] and not elsewhere.exists()


def test_a_letters_folder_gets_no_file_and_is_sent_to_its_status(tmp_path):
    assert new("new", str(tmp_path))[0] == 0
    before = contents(tmp_path)
    code, said, warned = new("new", str(tmp_path))
    assert (code, said) == (2, "")
    assert warned == (f"{tmp_path}/pyproject.toml: error: this folder holds a letter already; `letter -C "
                      f"{tmp_path} status` says where it stands, or start the letter in a folder of its own "
                      "(`letter new DIR`)\n")
    assert contents(tmp_path) == before


def test_git_files_already_there_get_the_rules_they_lack_and_keep_their_own(tmp_path):
    """A repository made on a forge comes with a .gitignore: the letter's rules join it, as cargo init's do."""
    (tmp_path / ".gitignore").write_text("__pycache__/\n/output/", encoding="utf-8")
    attributes = starter.GITATTRIBUTES.encode()
    (tmp_path / ".gitattributes").write_bytes(attributes)
    code, said, warned = new("new", str(tmp_path))
    assert (code, warned) == (0, "")
    assert said.splitlines()[:4] == [f"created {tmp_path}/{name}" for name in STARTED[:3]] + [
        f"added the letter's rules to {tmp_path}/.gitignore"]
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == (
        "__pycache__/\n/output/\n\n" + starter.GITIGNORE.replace("/output/\n", ""))
    assert (tmp_path / ".gitattributes").read_bytes() == attributes
    assert new("new", str(tmp_path / "other"))[0] == 0  # and a second letter elsewhere is untouched by it


def test_a_git_file_not_in_utf_8_keeps_its_bytes(tmp_path):
    """A .gitignore naming a file in Latin-1 (as one made on an old Windows may): the letter's rules are added
    after its bytes, which stay as they were."""
    mine = "caf\u00e9/\n".encode("latin-1")
    (tmp_path / ".gitignore").write_bytes(mine)
    assert new("new", str(tmp_path))[0] == 0
    assert (tmp_path / ".gitignore").read_bytes() == mine + b"\n" + starter.GITIGNORE.encode()


def test_another_projects_settings_are_left_as_they_are_and_the_table_to_add_is_shown(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "mine"\n', encoding="utf-8")
    before = contents(tmp_path)
    code, _, warned = new("new", str(tmp_path))
    assert code == 2
    assert warned.startswith(f"{tmp_path}/pyproject.toml: error: this is another project's settings, without a "
                             "[tool.letter] table, and `letter new` leaves settings as they are; start the letter "
                             "in a folder of its own (`letter new DIR`), or give this file the table below")
    assert warned.endswith(f":\n{starter.SETTINGS}")
    assert contents(tmp_path) == before


def test_the_folder_is_named_once(tmp_path):
    code, _, warned = new("-C", str(tmp_path), "new", str(tmp_path / "letter"))
    assert code == 2 and "name the folder once" in warned
    assert contents(tmp_path) == {}


@pytest.mark.parametrize(("mine", "failing", "left"), [
    (None, "signatories.yaml", {"source": None}),
    (b"mine\n", ".gitattributes", {"source": None, ".gitignore": b"mine\n"}),
])
def test_a_file_that_cannot_be_written_takes_back_those_written_before_it(tmp_path, monkeypatch, mine, failing,
                                                                           left):
    """Made files are removed, and a git file that was there is given back what it held."""
    if mine is not None:
        (tmp_path / ".gitignore").write_bytes(mine)
    write = starter.write_atomic

    def full_disk(path: Path, data: bytes) -> None:
        if path.name == failing:
            raise OSError(28, "No space left on device", str(path))
        write(path, data)

    monkeypatch.setattr(starter, "write_atomic", full_disk)
    with pytest.raises(OSError):
        starter.start(tmp_path)
    assert contents(tmp_path) == left


def test_the_letter_is_dated_the_day_given_and_its_front_matter_quoted_as_yaml_needs():
    written = starter.files("Rivers: a Call", "#1 for Rivers", datetime.date(2026, 11, 20))["source/letter.md"]
    assert written.startswith("---\ntitle: 'Rivers: a Call'\ndate: 2026-11-20\npublisher: '#1 for Rivers'\n---\n\n")


@pytest.mark.parametrize(("option", "value"), [("--title", ""), ("--title", "Rivers\n---\nA Call"),
                                               ("--publisher", "  "), ("--publisher", "One\rTwo")])
def test_a_title_or_publisher_the_front_matter_cannot_give_back_is_a_usage_error(tmp_path, option, value):
    """Empty, ``letter extract`` refuses it; on several lines, a line of ``---`` ends the front matter there:
    ``letter new`` would write a letter its next command cannot read."""
    code, said, warned = new("new", str(tmp_path), option, value)
    assert (code, said) == (2, "")
    assert f"Invalid value for '{option}': write it as one line of text" in warned
    assert contents(tmp_path) == {}


def test_a_git_file_in_windows_line_ends_gets_the_rules_in_its_own(tmp_path):
    """A .gitignore saved on Windows keeps CRLF on every line, the added ones too: one line end per file."""
    (tmp_path / ".gitignore").write_bytes(b"__pycache__/\r\n")
    assert new("new", str(tmp_path))[0] == 0
    data = (tmp_path / ".gitignore").read_bytes()
    assert data.startswith(b"__pycache__/\r\n\r\n# The editions")
    assert data.count(b"\n") == data.count(b"\r\n") > 3
