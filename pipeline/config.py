"""The project's settings: ``[tool.letter]`` in ``pyproject.toml``.

One table holds everything a stage needs to find its files, so that the
commands take no path arguments and CI, editors and translators agree on them.
"""
from __future__ import annotations

import re
import shlex
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.errors import InputError, decoded, refuse_conflict
from pipeline.findings import CHECKS, FIXED
from pipeline.locales import parse_locale, source_locale, tag_of
from pipeline.wording import shorten

CONFIG_FILE = "pyproject.toml"
TABLE = "tool.letter"
DEFAULTS: dict[str, object] = {
    "source": "source/letter.md",
    "signatories": "source/signatories.yaml",
    "locales": "locales",
    "domain": "letter",
    "output": "output",
    "site_url": "",
    "published": [],
    "identical": [],
    "checks": {},
    "revised": "last-reviewed",
    "formats": ["html", "text"],
    "moved": {},
    "locations": "full",
}
#: What ``letter build`` can make of each edition: its page and plain text always, its PDF when
#: ``pdf`` is listed (``pipeline/pdf/``).
FORMATS = ("html", "text", "pdf")
ALWAYS = ("html", "text")
OFF = "off"  # a check's setting that turns it off
SEVERITIES = ("error", "warning", OFF)
#: What a published edition does while a paragraph whose English was revised awaits review:
#: show the translation last reviewed for it under a notice, or go offline until it is reviewed.
REVISED = ("last-reviewed", "withdraw")
#: What a catalog's ``#:`` lines name, as xgettext's ``--add-location``: file and line, the file
#: alone (a signature or paragraph added then changes no other message's reference), or nothing.
LOCATIONS = ("full", "file", "never")
#: What a setting must be, for the error that names it, where it is not a list of locale codes or a string.
KINDS = {"formats": "a list of formats", "checks": "a table of checks", "identical": "a list of source texts",
         "moved": "a table of old locale codes and new ones"}
DOMAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class Config:
    """Resolved settings; paths are absolute, ``published`` holds BCP 47 tags."""

    root: Path
    source: Path
    signatories: Path
    locales: Path
    domain: str
    output: Path
    site_url: str
    published: tuple[str, ...]
    identical: frozenset[str] = frozenset()   # source texts that stay the same in every language
    checks: Mapping[str, str] = field(default_factory=dict)  # check name → error | warning | off
    withdraw_revised: bool = False  # `revised = "withdraw"`: take an edition offline while a paragraph awaits review
    formats: tuple[str, ...] = ALWAYS  # what the build makes of each edition, in FORMATS' order
    moved: Mapping[str, str] = field(default_factory=dict)  # an edition's old tag → its tag now (`moved`)
    locations: str = "full"  # what the catalogs' `#:` lines name: one of LOCATIONS
    tabled: bool = True  # pyproject.toml has a [tool.letter] table (without one, every setting is its default)

    @property
    def template(self) -> Path:
        return self.locales / f"{self.domain}.pot"

    def catalog_path(self, posix_code: str) -> Path:
        return self.locale_folder(posix_code) / "LC_MESSAGES" / f"{self.domain}.po"

    def glossary_path(self, posix_code: str) -> Path:
        return self.locale_folder(posix_code) / "glossary.toml"

    def locale_folder(self, posix_code: str) -> Path:
        """The folder of a locale's files: the one there that names it, in either spelling and any case
        (``FR``, ``pt-PT`` for pt_PT), as ``catalogs.discover`` reads a catalog from it, so that its glossary
        is looked for beside that catalog; else, and first, the one spelt ``posix_code``, where `letter init`
        makes it. (Two folders for one locale are ``discover``'s error.)"""
        spelt = self.locales / posix_code
        if spelt.is_dir() or (tag := tag_of(posix_code)) is None or not self.locales.is_dir():
            return spelt
        return next((folder for folder in sorted(self.locales.iterdir())
                     if folder.is_dir() and tag_of(folder.name) == tag), spelt)

    def relative(self, path: Path) -> str:
        """A path as shown to people and written into catalogs: relative to the project."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


def find_root(start: Path) -> Path:
    """The project folder a command run in ``start`` works on, as ruff finds its settings: the nearest of
    ``start`` and its parents whose ``pyproject.toml`` has a ``[tool.letter]`` table or cannot be read
    (``load_config`` then says why, rather than a parent's project being worked on in its place), else the
    nearest with a ``pyproject.toml`` (a project on the default settings), else ``start`` (``load_config``
    then says what is missing there)."""
    start = _followed(start) or start  # load_config then says where a loop of links is
    found = [folder for folder in (start, *start.parents) if (folder / CONFIG_FILE).is_file()]
    return next((folder for folder in found if holds_a_letter(folder / CONFIG_FILE)), found[0] if found else start)


def holds_a_letter(path: Path) -> bool:
    """Whether the settings file ``path`` is a letter's: it has a ``[tool.letter]`` table, or cannot be read
    (``load_config`` then says why, rather than it be taken for another project's)."""
    try:
        return "letter" in read_toml(decoded(path.read_bytes(), path)).get("tool", {})
    except (OSError, InputError, tomllib.TOMLDecodeError):
        return True


def load_config(root: str | Path = ".") -> Config:
    """Read ``[tool.letter]`` from the project's ``pyproject.toml``; missing keys take defaults."""
    followed = _followed(Path(root))
    if followed is None:
        raise InputError(None, None, f"the project folder {root} cannot be reached: {LOOP}")
    root = followed
    path, text, data = _read(root)
    tools = data.get("tool", {})
    if "letter" not in tools and (near := get_close_matches("letter", [str(name) for name in tools], 1, 0.75)):
        raise InputError(path, table_line(text, f"tool.{near[0]}"), f"[tool.{near[0]}] is read by no tool here: "
                         f"the settings of the letter go in [{TABLE}] (without it, every one takes its default)")
    table = tools.get("letter", {})
    unknown = sorted(set(table) - set(DEFAULTS))
    if unknown:
        raise InputError(path, key_line(text, unknown[0]), f"unknown setting {unknown[0]!r} in [{TABLE}]; "
                         + _meant(unknown[0], DEFAULTS, f"the settings are {', '.join(DEFAULTS)}"))
    settings = {**DEFAULTS, **table}
    _check_values(settings, path, text)
    tags = []
    for code in settings["published"]:  # type: ignore[union-attr]
        try:
            tags.append(parse_locale(code).tag)
        except InputError as error:
            raise InputError(path, key_line(text, "published"), f"[{TABLE}] published: {error.message}") from None
        if tags[-1] == source_locale().tag:
            raise InputError(path, key_line(text, "published"), f"[{TABLE}] published lists {code!r}, the language "
                             "the letter is written in, whose edition is always made; take it off the list")
    moved = _moved(settings["moved"], tags, path, text)  # type: ignore[arg-type]
    try:
        site_url = site_address(str(settings["site_url"]))
    except InputError as error:
        raise InputError(path, key_line(text, "site_url"), f"[{TABLE}] site_url {error.message}") from None
    places = {}
    for key in ("output", *INPUT_PLACES):
        places[key] = _followed(root / str(settings[key]))
        if places[key] is None:
            raise InputError(path, key_line(text, key), f"[{TABLE}] {key} = {str(settings[key])!r} cannot be "
                                                        f"reached: {LOOP}")
    for key in INPUT_PLACES:
        if misplaced := _misplaced(key, places[key], root):
            raise InputError(path, key_line(text, key), f"[{TABLE}] {key} = {str(settings[key])!r} {misplaced}")
    output, *inputs = places.values()
    if output == root or any(output == place or output in place.parents or place in output.parents
                             for place in inputs):
        raise InputError(path, key_line(text, "output"), f"[{TABLE}] output = {str(settings['output'])!r} would "
                         "mix the editions with the project's own files, which a build may overwrite or prune; "
                         "name a folder of its own, such as 'output'")
    return Config(
        root=root,
        source=root / str(settings["source"]),
        signatories=root / str(settings["signatories"]),
        locales=root / str(settings["locales"]),
        domain=str(settings["domain"]),
        output=root / str(settings["output"]),
        site_url=site_url,
        published=tuple(tags),
        identical=frozenset(settings["identical"]),  # type: ignore[arg-type]
        checks=dict(settings["checks"]),  # type: ignore[call-overload]
        withdraw_revised=settings["revised"] == "withdraw",
        formats=tuple(name for name in FORMATS if name in settings["formats"]),  # type: ignore[operator]
        moved=moved,
        locations=str(settings["locations"]),
        tabled="letter" in data.get("tool", {}),
    )


#: The path settings of the letter's own files and folders, each with what it is to name, for the error that says
#: it names something else.
INPUT_PLACES = {"locales": "a folder of the catalogs' own", "source": "the letter's Markdown file",
                "signatories": "the YAML file of the signatories"}


def _misplaced(key: str, place: Path, root: Path) -> str | None:
    """What is wrong with the path setting ``key``, which names ``place`` in the project ``root``, and what to
    write: the project folder itself, a folder that holds it (as "/" does), a folder where a file is
    expected, or a file where the folder of the catalogs is (or on the way to it); None where it names none of
    these (a file or folder that does not exist yet is no error here). Said before the output's clash with it,
    which it would otherwise be blamed as."""
    if place == root:
        wrong = "names the project folder itself"
    elif place in root.parents:
        wrong = "names a folder that holds the project"
    elif key != "locales" and place.is_dir():
        wrong = "names a folder"
    elif key == "locales" and any(folder.is_file() for folder in (place, *place.parents)):
        wrong = "names a file" if place.is_file() else "leads through a file"
    else:
        return None
    one = "one" if key == "locales" else "the file"
    return f"{wrong}, where {INPUT_PLACES[key]} is expected; name {one}, such as {DEFAULTS[key]!r}"


#: What to do about a path that a loop of symbolic links keeps from its end.
LOOP = ("a symbolic link on the way leads round in a loop of links; replace the link with the folder or file, or "
        "point it at one that exists")


def _followed(path: Path) -> Path | None:
    """``path`` absolute, its symbolic links followed; None where they lead round in a loop, for which
    ``Path.resolve`` raises RuntimeError (until Python 3.13; OSError after)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return None


def _read(root: Path) -> tuple[Path, str, dict]:
    """The settings file, its text and what TOML reads in it."""
    path = root / CONFIG_FILE
    try:
        data = path.read_bytes()
    except OSError as error:
        if not root.is_dir():
            raise InputError(None, None, f"the project folder {root} does not exist; pass --project the folder of "
                                         "the letter's pyproject.toml, or start a letter there with `letter new "
                                         f"{shlex.quote(str(root))}`") from None
        above = find_root(root)  # -C given a folder inside a project, as git's -C takes one
        advice = (f"it is a folder of the project in {above}: pass --project {shlex.quote(str(above))}, or leave -C "
                  "out when the command is run inside it" if above != root and holds_a_letter(above / CONFIG_FILE) else
                  "run the command in the letter's project folder or one inside it, or pass --project DIR")
        raise InputError(path, None, f"cannot read the project settings in {root} ({error.strerror}); {advice}"
                         ) from None
    refuse_conflict(data, path)
    text = decoded(data, path)
    try:
        return path, text, read_toml(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(path, toml_line(error), f"not valid TOML: {error}{_two_on_a_line(error, text)}") from None


#: tomllib's words for text after a value on its line, and where that text starts.
_AFTER_A_VALUE = re.compile(r"Expected newline or end of document after a statement \(at line (\d+), column (\d+)\)")
#: The start of a TOML key and its '=': ``locales =``, ``"pt-BR" =``.
_KEY = re.compile(r"""(?:[\w.-]+|"[^"]*"|'[^']*')\s*=""")


def _two_on_a_line(error: tomllib.TOMLDecodeError, text: str) -> str:
    """What to do, after tomllib's words, where they say that text follows a value on its line and that text is
    a key (``source = "a" locales = "b"``): two settings on one line; nothing for any other error."""
    found = _AFTER_A_VALUE.search(str(error))
    if found is None:
        return ""
    line, column = map(int, found.groups())
    after = text.split("\n")[line - 1][column - 1:]
    if not _KEY.match(after):
        return ""
    return f": a value and the next key on one line ({shorten(after.strip(), 40)!r}); put each key on its own line"


def _check_values(settings: dict[str, object], path: Path, text: str) -> None:
    """Each setting of the kind and among the values it may take, or an error at its line."""
    for key, default in DEFAULTS.items():
        if not isinstance(settings[key], type(default)):
            kind = KINDS.get(key) or ("a list of locale codes" if isinstance(default, list) else "a string")
            raise InputError(path, key_line(text, key), f"[{TABLE}] {key} must be {kind}")
    for key in ("output", *INPUT_PLACES):
        if "\0" in str(settings[key]):
            raise InputError(path, key_line(text, key), f"[{TABLE}] {key} holds the character U+0000, which no file "
                                                        "name can hold; remove it")
    if not all(isinstance(code, str) for code in settings["published"]):  # type: ignore[attr-defined]
        raise InputError(path, key_line(text, "published"), f"[{TABLE}] published must list locale codes as strings")
    if not all(isinstance(item, str) for item in settings["identical"]):  # type: ignore[attr-defined]
        raise InputError(path, key_line(text, "identical"), f"[{TABLE}] identical must list source texts as strings")
    settable = [check for check in CHECKS if check not in FIXED]
    for name, value in settings["checks"].items():  # type: ignore[attr-defined]
        # A table written inline (checks = { numbers = "off" }) has its keys on the line of `checks`.
        line = key_line(text, name, f"{TABLE}.checks") or key_line(text, "checks")
        if name in FIXED:
            raise InputError(path, line, f"[{TABLE}.checks] {name} cannot be set: a stale template or a catalog GNU "
                                         "msgfmt rejects always fails the check, since every other check reads them")
        if name not in CHECKS:
            raise InputError(path, line, f"[{TABLE}.checks] {name!r} names no check; "
                             + _meant(name, settable, f"the checks are {', '.join(settable)}"))
        if value not in SEVERITIES:
            raise InputError(path, line, f"[{TABLE}.checks] {name} = {value!r}: write "
                                         f"{', '.join(map(repr, SEVERITIES[:-1]))} or {SEVERITIES[-1]!r}")
    if settings["revised"] not in REVISED:
        raise InputError(path, key_line(text, "revised"), f"[{TABLE}] revised must be "
                                                         f"{' or '.join(map(repr, REVISED))}")
    if settings["locations"] not in LOCATIONS:
        raise InputError(path, key_line(text, "locations"),
                         f"[{TABLE}] locations must be 'full' (file and line), 'file' or 'never'")
    formats = settings["formats"]
    named = {name for name in formats if isinstance(name, str)}  # type: ignore[attr-defined]
    if len(named) != len(formats) or not set(ALWAYS) <= named <= set(FORMATS):  # type: ignore[arg-type]
        raise InputError(path, key_line(text, "formats"),
                         f"[{TABLE}] formats = {formats!r}: write {_toml(ALWAYS)}, or {_toml(FORMATS)} for PDF "
                         "editions too (every edition is made as an HTML page and as plain text)")
    if not DOMAIN.fullmatch(settings["domain"]):  # type: ignore[arg-type]
        raise InputError(path, key_line(text, "domain"),
                         f"[{TABLE}] domain must be a plain file name such as 'letter'")


def _meant(name: str, names: Iterable[str], otherwise: str) -> str:
    """What to write for the unknown ``name``: the one of ``names`` it is a slip of ("did you mean 'domain'?",
    for 'domian' or 'Domain'), else ``otherwise``, which lists them."""
    by_case = {known.lower(): known for known in names}
    near = get_close_matches(name.lower(), by_case, 1, 0.75)
    return f"did you mean {by_case[near[0]]!r}?" if near else otherwise


def read_toml(text: str) -> dict:
    """What TOML reads in ``text``, else a ``tomllib.TOMLDecodeError``: also for lists or tables nested deeper
    than tomllib can follow, where it fails with Python's ``RecursionError`` instead."""
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise tomllib.TOMLDecodeError("lists or tables nested deeper than can be read; close each '[' and '{' "
                                      "where its value ends") from None


def toml_line(error: Exception) -> int | None:
    """The line a ``tomllib.TOMLDecodeError`` names, which it says only in its message."""
    match = re.search(r"line (\d+)", str(error))
    return int(match.group(1)) if match else None


def _moved(table: dict[str, object], published: list[str], path: Path, text: str) -> dict[str, str]:
    """``moved``: the editions whose tag changed (``pt = "pt-PT"``), old tag → new tag, both checked
    as locale codes and given in their canonical form, as the editions' folders are named. The old
    one may not be among the ``published`` tags: its folder is the edition's then, not a redirect."""
    moved: dict[str, str] = {}
    for old, new in table.items():
        line = key_line(text, old, f"{TABLE}.moved") or key_line(text, "moved")
        if not isinstance(new, str):
            raise InputError(path, line, f"[{TABLE}] moved: {old} = {new!r}: write the locale code the edition "
                                         f'has now, as in {old} = "{old}-XX"')
        try:
            before, after = parse_locale(old).tag, parse_locale(new).tag
        except InputError as error:
            raise InputError(path, line, f"[{TABLE}] moved: {error.message}") from None
        if before == after:
            raise InputError(path, line, f"[{TABLE}] moved: {old} = {new!r} names the same edition twice")
        if before in published:
            raise InputError(path, line, f"[{TABLE}] moved: {before} is also listed as published; an address "
                                         "holds either an edition or a redirect to one: remove one of the two")
        moved[before] = after
    return dict(sorted(moved.items()))


def _toml(names: tuple[str, ...]) -> str:
    return "[" + ", ".join(f'"{name}"' for name in names) + "]"


def site_address(url: str) -> str:
    """The address the editions are served from, ending in "/" so that pages' links join onto it; ""
    for none. An address that is not a whole http or https one, which canonical and hreflang links
    and the redirect pages need, is an error: "example.org" would make them relative to each page."""
    if not url:
        return url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() or c in '"<>' for c in url):
        raise InputError(None, None, f"{url!r} is not a web address; write the whole address the editions are "
                                     "served from, such as 'https://letter.example.org/'")
    if unwanted := next((c for c in url if unicodedata.category(c) in ("Cc", "Cf")), None):
        why = f"holds the invisible character U+{ord(unwanted):04X}, which a reader's browser would not show"
    elif parts.query or parts.fragment or url.endswith(("?", "#")):
        why = "has a ?query or #fragment, which every page's address would be joined onto"
    elif parts.username is not None:
        why = "holds a user name or password, which every page would publish"
    else:
        return url if url.endswith("/") else url + "/"
    raise InputError(None, None, f"{url!r} {why}; write the address the editions are served from, such as "
                                 "'https://letter.example.org/'")


def table_line(text: str, table: str) -> int | None:
    """The line of a TOML file that opens ``table`` (``[tool.lettre]``) or one inside it, if one does."""
    opens = re.compile(rf"\[\s*{re.escape(table)}\s*[\].]")
    return next((number for number, line in enumerate(text.split("\n"), 1) if opens.match(line.strip())), None)


def key_line(text: str, key: str, table: str | None = TABLE) -> int | None:
    """The line of ``key = ...`` in a TOML file, inside ``table`` (None: before any table), so errors
    point at it; the key may be quoted, as TOML needs for one such as ``"pt-BR"``, and written with escapes
    (``"W\\u001bHO"``), which a line read as TOML of its own tells."""
    inside = table is None
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            inside = stripped == f"[{table}]"
        elif inside and (re.match(rf"""({re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*=""", stripped)
                         or "\\" in stripped.partition("=")[0] and key in _read_alone(stripped)):
            return number
    return None


def _read_alone(line: str) -> dict:
    """A line of TOML read on its own: its key and value, or nothing where it is not a whole one."""
    try:
        return read_toml(line)
    except tomllib.TOMLDecodeError:
        return {}
