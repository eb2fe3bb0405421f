"""The CI wiring we ship points at commands that exist and behave as CI needs."""
from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys

import yaml

from conftest import ROOT


def test_pre_commit_hooks_run_real_commands():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    entries = {hook["id"]: hook["entry"] for hook in hooks}
    assert entries == {"letter-check": "letter check", "letter-extract-check": "letter extract --check"}
    assert all(hook["pass_filenames"] is False and hook["language"] == "python" for hook in hooks)


def test_the_check_hook_runs_for_every_file_letter_check_reads():
    """A commit that touches only a glossary or a record of reviewed translations (a conflict left in it)
    is checked too."""
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    files = re.compile(next(hook["files"] for hook in hooks if hook["id"] == "letter-check"))
    for path in ("locales/letter.pot", "locales/fr/LC_MESSAGES/letter.po", "locales/fr/glossary.toml",
                 "locales/fr/LC_MESSAGES/letter.reviewed.json", "source/letter.md", "pyproject.toml"):
        assert files.search(path), path
    assert not files.search("README.md") and not files.search("pipeline/checks.py")


def test_the_readme_s_hooks_for_a_letter_in_a_folder_check_it_there(shipped, tmp_path):
    """What the README gives a repository whose letter is in a folder, each hook with the folder in its entry
    and its files, read as pre-commit reads it (the config's keys over the hook's) and run as it runs a hook,
    from the repository's root: it checks that project, and runs for the files the hook's own patterns name,
    in that folder alone."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(block for block in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "-C docs/letter" in block)
    (repository,) = yaml.safe_load(block)
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    root = tmp_path / "repository"
    shutil.copytree(shipped.root, root / "docs" / "letter")
    assert {override["id"] for override in repository["hooks"]} == set(hooks)
    for override in repository["hooks"]:
        own, hook = hooks[override["id"]], {**hooks[override["id"]], **override}
        for path in ("locales/letter.pot", "locales/fr/LC_MESSAGES/letter.po", "locales/fr/glossary.toml",
                     "locales/fr/LC_MESSAGES/letter.reviewed.json", "source/letter.md", "pyproject.toml", "README.md"):
            assert bool(re.search(hook["files"], f"docs/letter/{path}")) == bool(re.search(own["files"], path)), path
            assert not re.search(hook["files"], path)
        command, *words = shlex.split(hook["entry"]) + hook.get("args", [])
        assert command == "letter"
        result = subprocess.run([sys.executable, "-m", "pipeline", *words], cwd=root, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_runs_extract_check_and_github_format(shipped):
    workflow = yaml.safe_load((ROOT / ".github/workflows/check.yml").read_text(encoding="utf-8"))
    commands = [step["run"] for step in workflow["jobs"]["check"]["steps"] if "run" in step]
    assert "letter extract --check" in commands and "letter check --format github" in commands
    # The same commands pass on the shipped project.
    assert shipped.run("extract", "--check").exit_code == 0
    result = shipped.run("check", "--format", "github")
    assert result.exit_code == 0, result.stdout
    assert "::error" not in result.stdout and "::warning" not in result.stdout


def test_publish_workflow_checks_builds_for_the_pages_address_and_deploys(shipped):
    workflow = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML reads the key `on` as True
    build, deploy = workflow["jobs"]["build"]["steps"], workflow["jobs"]["deploy"]["steps"]
    uses = [step["uses"].split("@")[0] for step in build + deploy if "uses" in step]
    assert uses[-2:] == ["actions/upload-pages-artifact", "actions/deploy-pages"]
    assert next(step for step in build if "upload-pages-artifact" in step.get("uses", ""))["with"]["path"] == "output"
    commands = [step["run"] for step in build if "run" in step]
    assert commands.index("letter extract --check") < commands.index("letter check --format github")
    site = '"${{ steps.pages.outputs.base_url }}/"'
    assert commands[-1] == f"letter build --site-url {site}"
    # The build step works as written, with the address that Pages gives.
    shipped.ok("build", "--site-url", "https://cyberpeace.github.io/letter")
    page = shipped.path("output/fr/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://cyberpeace.github.io/letter/fr/">' in page
    assert "letter.example.org" not in page
