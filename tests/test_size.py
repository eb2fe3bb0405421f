"""Very large input is handled, or refused with a clear error, without hanging or exhausting memory."""
from __future__ import annotations

import resource
import subprocess
import sys

import pytest

MEMORY_LIMIT = 1 << 30  # 1 GiB of address space for the command under test


def run_limited(project, *args: str, timeout: float = 60):
    """The real command in a child process with a memory cap and a time limit."""
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    return subprocess.run([sys.executable, "-m", "pipeline", "-C", str(project.root), *args],
                          capture_output=True, text=True, timeout=timeout, preexec_fn=cap)


def test_a_ten_megabyte_paragraph_is_refused_clearly(extracted):
    path = extracted.path("source/letter.md")
    path.write_text(path.read_text(encoding="utf-8") + "\n" + "word " * (2 * 1024 * 1024) + "\n", encoding="utf-8")
    result = run_limited(extracted, "build")
    assert result.returncode == 2
    assert "source/letter.md:13: error: this paragraph is 10,485,759 characters long" in result.stderr
    assert "split it" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [("check",), ("update",), ("draft", "fr", "--provider", "pseudo")])
def test_a_ten_megabyte_translation_is_refused_clearly(extracted, command):
    extracted.ok("init", "fr")
    path = extracted.catalog("fr")
    data = path.read_text(encoding="utf-8").replace('msgid "Signatories"\nmsgstr ""',
                                                    'msgid "Signatories"\nmsgstr "' + "x" * 10_000_000 + '"')
    path.write_text(data, encoding="utf-8")
    result = run_limited(extracted, *command)
    assert result.returncode == 2
    assert "characters long, more than the 100,000 one message may hold" in result.stderr + result.stdout
    at = data[:data.index('msgid "Signatories"')].count("\n") + 2  # the msgstr's line, to mend
    assert [line for line in (result.stderr + result.stdout).splitlines() if "10,000,000 characters" in line][0] \
        .startswith(f"locales/fr/LC_MESSAGES/letter.po:{at}: error: ")
    assert path.read_text(encoding="utf-8") == data


def test_a_catalog_of_100000_messages_is_handled(extracted):
    extracted.ok("init", "de")
    with extracted.catalog("de").open("a", encoding="utf-8") as catalog:
        for number in range(100_000):
            catalog.write(f'\n#: old.md:{number}\nmsgid "Message {number} of a very large catalog"\n'
                          f'msgstr "Nachricht {number} eines sehr großen Katalogs"\n')
    checked = run_limited(extracted, "check", "de")
    assert checked.returncode == 0, checked.stderr
    assert "100001 warnings" in checked.stdout  # the untranslated summary and each out-of-sync message
    built = run_limited(extracted, "build")
    assert built.returncode == 0 and "de: " in built.stdout
    updated = run_limited(extracted, "update")
    assert updated.returncode == 0 and "100000 obsolete" in updated.stdout
