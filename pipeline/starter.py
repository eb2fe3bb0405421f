"""``letter new``: the files a letter of its own starts from, written into a folder that has none of them.

They are the settings (``pyproject.toml``), the source (``source/letter.md`` and ``source/signatories.yaml``)
and the two files that tell git what the letter's commands make and how its catalogs merge. A folder that
holds any of the first three already gets none: starting a letter never replaces a file. A ``.gitignore`` or
``.gitattributes`` already there (a repository made on a forge comes with one) gets the letter's rules it
lacks added at its end, as ``cargo init`` adds to a ``.gitignore``.
"""
from __future__ import annotations

import datetime
import os
from pathlib import Path

import yaml

from pipeline.config import CONFIG_FILE, DEFAULTS, TABLE, holds_a_letter
from pipeline.errors import InputError
from pipeline.files import with_line_ends, write_atomic

#: The settings: every one has a default (README: "Configuration"); a new letter may want the first two, and
#: takes this project's choice of the third, made for a letter whose signatures keep arriving.
SETTINGS = f"""\
[{TABLE}]
# The address the editions are served from, for their canonical links (without it, pages have none):
# site_url = "https://letter.example.org/"
# A PDF of every edition too (the default is an HTML page and plain text):
# formats = ["html", "text", "pdf"]
# What a catalog's `#:` lines name: the file alone, so that a signature added does not move the line of
# every signatory after it in every catalog ("full", xgettext's default, names the line too):
locations = "file"
"""

#: Where the letter and its signatories are written, as the settings' defaults name them.
LETTER_PATH = str(DEFAULTS["source"])
SIGNATORIES_PATH = str(DEFAULTS["signatories"])

#: What the letter's front matter says until the editor writes it (``--title``, ``--publisher``).
TITLE = "An Open Letter"
PUBLISHER = "The Publisher"

BODY = """\
Write the letter here: one paragraph after another, a blank line between them. Each paragraph \
is one message for the translators.
"""

SIGNATORIES = """\
# The signatories, in the order the letter lists them. Each has a name and, if you like, a role,
# an affiliation, a country and an honour, which the catalogs translate; gender: feminine where
# the role takes the feminine form in languages that inflect it (the letter tool's README:
# "How it fits together").
- name: Amina Diallo
  role: Former Minister of Health
  country: Senegal
"""

#: The letter's own lines of a ``.gitignore``: what its commands make again at will.
GITIGNORE = f"""\
# The editions `letter build` makes, and the machine drafts `letter draft` keeps so as not to ask twice
/{DEFAULTS["output"]}/
/.letter-cache/
# a file being written, left behind by a command killed meanwhile: safe to delete
.*.tmp
"""

GITATTRIBUTES = """\
# The catalogs, the template and the records of reviewed translations are merged message by message by
# `letter merge-driver` once `letter merge-driver --install` has named it in a clone's git config
# (the letter tool's README: "Merging in git"); without it, git merges them as text.
*.po merge=letter
*.pot merge=letter
*.reviewed.json merge=letter
"""


def files(title: str, publisher: str, today: datetime.date) -> dict[str, str]:
    """The starting files, by their path in the new folder; the letter is dated ``today``, for the editor to
    change, and its front matter is written by PyYAML, which quotes a title such as "Rivers: a Call"."""
    front = yaml.safe_dump({"title": title, "date": today, "publisher": publisher}, sort_keys=False,
                           allow_unicode=True, width=float("inf"))
    return {
        CONFIG_FILE: SETTINGS,
        LETTER_PATH: f"---\n{front}---\n\n{BODY}",
        SIGNATORIES_PATH: SIGNATORIES,
        ".gitignore": GITIGNORE,
        ".gitattributes": GITATTRIBUTES,
    }


#: The files a folder may hold already: the letter's rules they lack are added to them.
GIT_FILES = (".gitignore", ".gitattributes")


def start(folder: Path, title: str | None = None, publisher: str | None = None,
          today: datetime.date | None = None) -> list[tuple[str, bool]]:
    """Write the starting files into ``folder`` (made if it is missing): each name, in the order written, and
    whether it was there already and had rules added (a git file that has them all is left out).

    Nothing is written when the settings or the source are there already, or a git file that is no file (an
    ``InputError`` names them and says what to do), and a file that cannot be written is given back what it
    held, and those made before it are removed (a folder made stays, empty)."""
    made = files(TITLE if title is None else title, PUBLISHER if publisher is None else publisher,
                 today or datetime.date.today())
    # (a git file that is no file, a folder or a link to none, is not written through: it would land elsewhere)
    there = [name for name in made if os.path.lexists(folder / name)
             and (name not in GIT_FILES or not (folder / name).is_file())]
    if there:
        raise _refusal(folder, there)
    old = {name: (folder / name).read_bytes() for name in GIT_FILES if (folder / name).is_file()}
    written: list[tuple[str, bool]] = []
    try:
        for name, text in made.items():
            if name in old:  # the rules it lacks, added in its own line ends; its bytes are kept as they are
                added = _with_rules(old[name].decode("utf-8", "surrogateescape"), text)
                if added is None:
                    continue
                data = old[name] + with_line_ends(added.encode(), old[name])
            else:
                data = text.encode()
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data)
            written.append((name, name in old))
    except BaseException:
        for name, _added in written:
            if name in old:
                write_atomic(folder / name, old[name])
            else:
                (folder / name).unlink(missing_ok=True)
        raise
    return written


def _with_rules(existing: str, ours: str) -> str | None:
    """What to add at the end of ``existing``: the rules of ``ours`` it lacks, under the comment above them in
    ``ours``; ``None`` when it has every one (a rule is there when a line of the file is that rule, spaces
    aside)."""
    have = {line.strip() for line in existing.splitlines()}
    groups: list[tuple[list[str], list[str]]] = []  # a comment, and the rules under it
    for line in ours.splitlines():
        is_comment = line.startswith("#")
        if is_comment and (not groups or groups[-1][1]):
            groups.append(([], []))
        comment, rules = groups[-1]
        (comment if is_comment else rules).append(line)
    block = [line for comment, rules in groups if (lacking := [rule for rule in rules if rule not in have])
             for line in (*comment, *lacking)]
    if not block:
        return None
    gap = "" if not existing else "\n" if existing.endswith("\n") else "\n\n"
    return gap + "\n".join(block) + "\n"


def _refusal(folder: Path, there: list[str]) -> InputError:
    """What to say of a folder that holds some of the starting files already: ``there``."""
    elsewhere = "start the letter in a folder of its own (`letter new DIR`)"
    settings = folder / CONFIG_FILE
    if CONFIG_FILE in there and settings.is_file() and not holds_a_letter(settings):
        return InputError(settings, None, f"this is another project's settings, without a [{TABLE}] table, and "
                                          f"`letter new` leaves settings as they are; {elsewhere}, or give this "
                                          "file the table below and write the letter's files as the letter tool's "
                                          f"README says (\"A letter of your own\"):\n{SETTINGS.rstrip()}")
    if CONFIG_FILE in there and settings.is_file():
        return InputError(settings, None, f"this folder holds a letter already; `letter -C {folder.as_posix()} "
                                          f"status` says where it stands, or {elsewhere}")
    named = ", ".join(there)
    return InputError(folder, None, f"{named} {'is' if len(there) == 1 else 'are'} there already, and `letter new` "
                                    f"replaces no file; {elsewhere}, or move {'it' if len(there) == 1 else 'them'} "
                                    "away and run it again")
