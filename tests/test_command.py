"""The installed command (``python -m pipeline``, ``letter``): output and exit codes survive its quick exit.

``cli.run`` ends the process without Python's teardown once a command is done, so
these tests run the real process, with its output going to pipes, where Python
holds it in a buffer until it is flushed.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

import pipeline
from pipeline import po

from conftest import ROOT


def letter(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, timeout=120)


def test_output_and_success_reach_the_caller(shipped):
    result = letter("-C", str(shipped.root), "status", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert {row["locale"] for row in json.loads(result.stdout)} >= {"fr", "de"}


def test_status_json_follows_its_shipped_schema_which_the_readme_describes(shipped):
    """`status --format json` is what pipeline/schemas/status.schema.json says, for a published edition
    (`pending` an object) and one in progress (null), and README names every field it has."""
    schema = json.loads((Path(pipeline.__file__).parent / "schemas" / "status.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    shipped.ok("init", "it")
    result = letter("-C", str(shipped.root), "status", "--format", "json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    validator.validate(records)
    assert {record["pending"] is None for record in records} == {True, False}
    records[0]["version"] = 1
    assert not validator.is_valid(records)  # no field the schema does not name
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    said = readme.split("`letter status --format json` prints", 1)[1].split(". Unlike", 1)[0]
    fields = schema["$defs"]["locale"]["properties"]
    assert set(fields) | set(fields["pending"]["properties"]) <= set(re.findall(r"`([a-z_]+)`", said))


def test_output_is_utf_8_whatever_the_stream_would_encode(shipped):
    """A Windows runner pipes Python's output in its ANSI code page (cp1252), which has neither Arabic nor
    '→': a finding that quotes them, or `status` naming locales in their own scripts, still reaches CI, in
    UTF-8 as its logs, JSON and SARIF are read, with the command's exit code rather than a traceback's."""
    path = shipped.root / "locales/ar/LC_MESSAGES/letter.po"
    path.write_text(path.read_text(encoding="utf-8").replace("{publisher}", "{publishr}"), encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    for args, code, shown in ((["check", "ar", "--format", "json"], 1, "→"), (["check", "ar"], 1, "→"),
                              (["status"], 0, "العربية")):
        result = subprocess.run([sys.executable, "-m", "pipeline", "-C", str(shipped.root), *args],
                                capture_output=True, timeout=120, env=env)
        output, errors = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
        assert (result.returncode, "Traceback" in errors) == (code, False), (args, errors)
        assert shown in output, args
        if "json" in args:
            assert json.loads(output)["summary"]["errors"] >= 1


def test_a_command_runs_with_a_standard_stream_closed(shipped):
    """A job started with a standard stream closed (`letter build 2>&-`, a daemon's), which Python gives as
    None: the command still does its work, says what it can where it can, and exits with its own code."""
    command = f"'{sys.executable}' -m pipeline -C '{shipped.root}' status"
    said = subprocess.run(["sh", "-c", command + " 2>&-"], capture_output=True, timeout=120, text=True)
    assert (said.returncode, "العربية" in said.stdout) == (0, True), said.stdout
    shut = subprocess.run(["sh", "-c", command + " >&-"], capture_output=True, timeout=120, text=True)
    assert (shut.returncode, shut.stderr) == (0, "")


def test_a_usage_error_keeps_its_exit_code_and_message(shipped):
    result = letter("-C", str(shipped.root), "no-such-command")
    assert result.returncode == 2
    assert "No such command 'no-such-command'" in result.stderr


def test_the_top_level_help_shows_the_translators_and_the_editors_workflows_unwrapped():
    result = letter("--help")
    assert result.returncode == 0, result.stderr
    editor = result.stdout[result.stdout.index("The editor's workflow:"):]
    assert [line.split()[1] for line in editor.splitlines()[3:6]] == ["extract", "update", "build"]
    assert "revised: YYYY-MM-DD" in editor and "letter init fr" in result.stdout
    assert max(map(len, result.stdout.splitlines())) <= 80  # click does not rewrap a \b block


def test_the_top_level_help_lists_each_command_in_a_whole_sentence_of_one_line():
    """Click cuts a first sentence longer than the list's column short ("...into output/: an..."): a command
    whose docstring opens with a long one has a short_help of its own."""
    result = letter("--help")
    listed = result.stdout.split("\nCommands:\n", 1)[1].splitlines()
    assert len(listed) == 10 and all(line.startswith("  ") and line.endswith(".") and not line.endswith("...")
                                     for line in listed), listed


def test_each_command_s_arguments_are_shown_as_the_readme_writes_them():
    """`letter status --help`'s usage line and README's table of commands say `[LOCALE...]` alike."""
    import click

    from pipeline.cli import main
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        if name == "merge-driver":  # README shows `--install`; git gives the files
            continue
        usage = re.search(rf"^\| `letter {name}\b([^`]*)`", readme, re.MULTILINE)
        assert usage is not None, name
        with click.Context(command, info_name=name) as ctx:
            shown = [param.make_metavar(ctx) for param in command.params if isinstance(param, click.Argument)]
        assert all(f" {metavar}" in usage[1] for metavar in shown), (name, shown, usage[1])


def test_every_option_of_every_command_says_what_it_does():
    """`letter X --help` lists no option with only its choices to go by."""
    import click

    from pipeline.cli import main
    bare = [(name, param.opts) for name, command in main.commands.items() for param in command.params
            if isinstance(param, click.Option) and not param.help]
    assert bare == []


def test_an_option_of_letter_after_the_command_is_told_where_it_goes(tmp_path):
    """`letter build -C DIR` gets the command line that works, not Click's bare "No such option"."""
    result = letter("status", "fr", "-C", str(tmp_path / "a project"), "--format", "json")
    assert result.returncode == 2
    assert result.stderr.endswith("Error: -C is an option of letter itself, not of status: write it before the "
                                  f"command, as in `letter -C '{tmp_path}/a project' status fr --format json`\n")
    for args, told in [(["build", "--project=x"], "`letter --project x build`"),
                       (["build", "-Cx"], "`letter -C x build`"),
                       (["build", "-C"], "`letter -C DIR build`"),
                       (["build", "--version"], "not of build: run `letter --version`\n")]:
        result = letter(*args)
        assert result.returncode == 2 and told in result.stderr, (args, result.stderr)
    result = letter("build", "-x")  # an option of no one keeps Click's own answer
    assert result.returncode == 2 and "No such option" in result.stderr and "-x" in result.stderr


def test_the_shell_completes_a_locale_with_the_project_s_catalogs(shipped, tmp_path):
    """Click's completion (`_LETTER_COMPLETE`, README): a LOCALE is completed with the tags of -C's project's
    catalogs that start with what is typed, but those already named; outside a project, with nothing, and
    no word on the shell's line."""
    def completed(*words: str) -> list[str]:
        line = ["letter", *words]
        env = {**os.environ, "COMP_WORDS": " ".join(line), "COMP_CWORD": str(len(line) - 1),
               "_LETTER_COMPLETE": "bash_complete"}
        result = subprocess.run([sys.executable, "-m", "pipeline"], env=env, capture_output=True, text=True,
                                timeout=120)
        assert (result.returncode, result.stderr) == (0, ""), result.stderr
        return [item.removeprefix("plain,") for item in result.stdout.split()]

    root = str(shipped.root)
    assert completed("-C", root, "status", "") == ["ar", "de", "es", "fr", "pt-PT", "ru", "zh-Hans"]
    assert completed("-C", root, "check", "--strict", "fr", "") == ["ar", "de", "es", "pt-PT", "ru", "zh-Hans"]
    assert completed("-C", root, "update", "zh_") == ["zh-Hans"]
    assert completed("-C", root, "draft", "P") == ["pt-PT"]
    assert completed("-C", str(tmp_path), "status", "") == []


def test_an_option_cut_short_is_told_the_options_it_begins():
    """Click offers the option most alike, which for `--keep` is `--help`, not the one it begins."""
    for args, told in [(["update", "--keep"], "'--keep'. Did you mean '--keep-translations'?"),
                       (["draft", "fr", "--r", "2"], "'--r'. (Possible options: --rate, --retries)"),
                       (["check", "--fromat", "json"], "'--fromat'. Did you mean '--format'?")]:  # Click's own
        result = letter(*args)
        assert result.returncode == 2 and result.stderr.endswith(f"Error: No such option {told}\n"), \
            (args, result.stderr)


CTRL_C_OUTSIDE_THE_COMMAND = """
import signal, sys
from pipeline import cli
from pipeline.cli.group import LetterGroup

when = sys.argv.pop(1)

def pressed(method):
    def wrapped(*args, **kwargs):
        if when == "before":
            signal.raise_signal(signal.SIGINT)
        done = method(*args, **kwargs)
        if when == "after":
            signal.raise_signal(signal.SIGINT)
        return done
    return wrapped

signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal, though a job started with `&` ignores it
LetterGroup.{method} = pressed(LetterGroup.{method})
cli.run()
"""


@pytest.mark.parametrize(("when", "method"), [("before", "parse_args"), ("after", "invoke")])
def test_ctrl_c_while_click_parses_or_once_the_command_returned_exits_130(shipped, when, method):
    """A real SIGINT while the command line is parsed, or once the command has returned (its own Ctrl-C
    handling ended), is said as during the command, with its exit code, not Click's "Aborted!" and 1."""
    script = CTRL_C_OUTSIDE_THE_COMMAND.format(method=method)
    result = subprocess.run([sys.executable, "-c", script, when, "-C", str(shipped.root), "status"],
                            capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stderr.strip()) == (130, "letter: interrupted")


CTRL_C_WHILE_LOADING = """
import signal, sys

class Pressed:  # Ctrl-C as the command line's modules load, when Click is first asked for
    def find_spec(self, name, path=None, target=None):
        if name == "click":
            signal.raise_signal(signal.SIGINT)

signal.signal(signal.SIGINT, signal.default_int_handler)
sys.meta_path.insert(0, Pressed())
from pipeline.__main__ import launch
launch()
"""


def test_ctrl_c_while_the_command_line_loads_exits_130_without_a_traceback(shipped):
    result = subprocess.run([sys.executable, "-c", CTRL_C_WHILE_LOADING, "-C", str(shipped.root), "status"],
                            capture_output=True, text=True, timeout=120)
    assert (result.returncode, result.stderr) == (130, "letter: interrupted\n")


def test_the_installed_command_is_the_guarded_launcher():
    from importlib import metadata

    (script,) = [entry for entry in metadata.entry_points(group="console_scripts") if entry.name == "letter"]
    assert script.value == "pipeline.__main__:launch"


def test_a_broken_catalog_is_reported_with_its_line_and_exit_code_2(shipped):
    path = shipped.root / "locales/de/LC_MESSAGES/letter.po"
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "unterminated\nmsgstr ""\n', encoding="utf-8")
    result = letter("-C", str(shipped.root), "build")
    assert result.returncode == 2
    assert "locales/de/LC_MESSAGES/letter.po:" in result.stderr and "unterminated string" in result.stderr
    assert "built" in result.stdout  # the other editions were built, and said so


def test_files_written_by_a_command_are_complete(shipped):
    assert letter("-C", str(shipped.root), "build").returncode == 0
    page = (shipped.root / "output/fr/index.html").read_text(encoding="utf-8")
    assert page.rstrip().endswith("</html>")
    assert po.load(shipped.root / "locales/fr/LC_MESSAGES/letter.po")  # catalogs untouched and whole


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full, a device that is always full")
def test_output_the_disk_refuses_is_said_to_be_the_output(shipped):
    """`letter status >/dev/full`: the error names no file, so it says the output could not be written."""
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "pipeline", "-C", str(shipped.root), "status"], stdout=full,
                                stderr=subprocess.PIPE, text=True, timeout=120)
    assert (result.returncode, result.stderr) == (2, "letter: error: cannot write the output (No space left on "
                                                     "device); check the disk's free space and the permissions\n")


def test_a_reader_that_goes_away_ends_the_command_without_a_word(shipped):
    """`letter status | head -1`: the pipe closes before the command has written; no error is printed
    (there is no file the disk refused), and the exit code says the output did not all arrive."""
    import os
    read, write = os.pipe()
    os.close(read)
    result = subprocess.run([sys.executable, "-m", "pipeline", "-C", str(shipped.root), "status"], stdout=write,
                            stderr=subprocess.PIPE, text=True, timeout=120)
    os.close(write)
    assert result.stderr == "" and result.returncode == 1


def test_a_command_in_a_folder_of_the_project_works_on_the_project(shipped):
    """As git, ruff and cargo do: the nearest folder up with a pyproject.toml is the project's."""
    result = subprocess.run([sys.executable, "-m", "pipeline", "status", "--format", "json"],
                            cwd=shipped.root / "source", capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert {row["locale"] for row in json.loads(result.stdout)} >= {"fr", "de"}
    helper = shipped.root / "tools" / "helper"
    helper.mkdir(parents=True)
    (helper / "pyproject.toml").write_text('[project]\nname = "helper"\n', encoding="utf-8")  # another tool's
    inside = subprocess.run([sys.executable, "-m", "pipeline", "status"], cwd=helper, capture_output=True, text=True,
                            timeout=120)
    assert inside.returncode == 0, inside.stderr
    outside = subprocess.run([sys.executable, "-m", "pipeline", "status"], cwd=shipped.root.parent, capture_output=True,
                             text=True, timeout=120)
    assert outside.returncode == 2
    assert "run the command in the letter's project folder or one inside it" in outside.stderr


def test_a_project_file_that_cannot_be_read_is_reported_not_passed_over(shipped):
    """A project nested in another whose pyproject.toml has a slip: the command says so, rather than
    working on the project around it (extract saying the outer template is up to date)."""
    inner = shipped.root / "nested"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[tool.letter]\ndomain = letter\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pipeline", "status"], cwd=inner, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("pyproject.toml:2: error: not valid TOML")


def test_a_check_that_could_not_start_reaches_ci_in_its_format(project):
    """A slip in the source stops `letter check`: a machine format still gets a report that says where
    (the file CI uploads), besides the error on standard error and exit code 2."""
    project.edit("source/signatories.yaml", "role: Former Taoiseach", 'role: "Former Taoiseach')
    result = letter("-C", str(project.root), "check", "--format", "sarif")
    assert result.returncode == 2
    assert result.stderr.startswith("source/signatories.yaml:")
    (found,) = json.loads(result.stdout)["runs"][0]["results"]
    location = found["locations"][0]["physicalLocation"]
    assert (found["ruleId"], location["artifactLocation"]["uri"]) == ("input", "source/signatories.yaml")
    assert result.stderr.startswith(f"source/signatories.yaml:{location['region']['startLine']}: error: ")


def test_a_letter_jobs_that_is_no_number_is_told_as_the_setting_to_mend(shipped):
    """LETTER_JOBS, which the README names for the processes a build or check takes, is read as a whole
    number; another value is the user's slip, told in one line, not a traceback."""
    result = subprocess.run([sys.executable, "-m", "pipeline", "-C", str(shipped.root), "check"],
                            env={**os.environ, "LETTER_JOBS": "two"}, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.startswith("letter: error: LETTER_JOBS is 'two'"), result.stderr
    assert "Traceback" not in result.stderr
