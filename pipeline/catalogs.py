"""The catalogs on disk: where they live, reading them, and measuring one against the template it was
updated from.

Reading goes through ``po`` (strict parsing, and the build's shortcut readers); this module adds what
the project knows: where catalogs live, how many a locale may have, how long a message may be, and what
to do about a merge's conflict in one, in the clone it is in.
``update`` makes and updates them.
"""
from __future__ import annotations

import os
from collections.abc import Iterator, Sequence, Set
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import polib

from pipeline import extract, po, publication, repository
from pipeline.config import Config
from pipeline.errors import InputError, reading
from pipeline.locales import LocaleInfo, parse_locale, source_locale, tag_of
from pipeline.masking import DRAFT_NOTE
from pipeline.model import MAX_UNIT_LENGTH, Key, Message, translated
from pipeline.progress import Progress
from pipeline.reviewed import Record
from pipeline.wording import quoted


@dataclass(frozen=True)
class LocaleCatalog:
    """A catalog on disk and the locale it is for."""

    locale: LocaleInfo
    path: Path


#: What to say of a catalog for the language the letter is written in.
SOURCE_LANGUAGE = "the letter is written in this language, and its edition is made from source/ without a catalog"


class TwoCatalogs(InputError):
    """Two catalogs for one locale (``zh_Hans`` and ``zh-Hans``): neither is read, since choosing one
    would publish, update or report on it while the other, perhaps the one a translator worked in,
    is left aside."""

    def __init__(self, config: Config, tag: str, paths: list[Path]) -> None:
        self.tag = tag
        self.paths = paths
        super().__init__(config.relative(config.locales), None,
                         f"two catalogs for {tag}: {' and '.join(config.relative(path) for path in paths)}; "
                         "no command reads either while both are there: keep the one with the translations "
                         "(msgcat --use-first can join the two) and remove the other's folder")


def ambiguous(errors: list[InputError]) -> dict[str, TwoCatalogs]:
    """The locales ``discover`` found two catalogs for, among its ``errors``, and the error of each."""
    return {error.tag: error for error in errors if isinstance(error, TwoCatalogs)}


def discover(config: Config) -> tuple[list[LocaleCatalog], list[InputError]]:
    """Every catalog under the locales folder, sorted by tag so output order is stable.

    A folder that names no locale (``locales/xx``) or the source's own language (whose edition
    is the English text itself) is an error; the other catalogs still count. Two folders for the
    same locale (``zh_Hans`` and ``zh-Hans``) are one error (``TwoCatalogs``), and that locale has no
    catalog. So is finding catalogs under another name only (a ``domain`` setting that names none
    of them), and a catalog out of place (``locales/it.po``: ``_misplaced``).
    """
    by_tag: dict[str, LocaleCatalog] = {}
    twins: dict[str, list[Path]] = {}
    errors: list[InputError] = []
    if not config.locales.is_dir():
        return [], []
    # Each path that is there, followed or not: a link that leads nowhere is a catalog that cannot be read,
    # reported as one, where a glob (Python 3.11's, not 3.13's) leaves it out as if the locale had none.
    found = sorted(path for folder in config.locales.iterdir()
                   if os.path.lexists(path := folder / "LC_MESSAGES" / f"{config.domain}.po"))
    for path in found:
        folder = config.relative(path.parent.parent)
        try:
            locale = parse_locale(path.parent.parent.name, origin=folder)
        except InputError as error:
            errors.append(InputError(error.path, None, f"{error.message}; rename or remove this folder"))
            continue
        if locale.tag == source_locale().tag:
            errors.append(InputError(folder, None, f"{SOURCE_LANGUAGE}; remove this folder"))
            continue
        if locale.tag in by_tag:
            twins.setdefault(locale.tag, [by_tag[locale.tag].path]).append(path)
            continue
        by_tag[locale.tag] = LocaleCatalog(locale, path)
    for tag, paths in twins.items():
        del by_tag[tag]
        errors.append(TwoCatalogs(config, tag, paths))
    others = sorted(config.locales.glob("*/LC_MESSAGES/*.po")) if not found else []
    if others:
        other = others[0]
        errors.append(InputError(config.relative(other), None, f"no catalog is named {config.domain}.po, "
                                     f"but this one is named {other.name}: set [tool.letter] domain = "
                                     f'"{other.stem}", or rename the catalogs'))
    errors += [_out_of_place(path, config) for path in sorted(set(config.locales.rglob("*.po")) - set(found))
               if _misplaced(path, config)]
    return sorted(by_tag.values(), key=lambda catalog: catalog.locale.tag), errors


def _misplaced(path: Path, config: Config) -> bool:
    """Whether a .po file under the locales folder that is no catalog of the letter is one misplaced:
    one named after a locale or in a locale's folder, but not where a catalog goes (``it.po``,
    ``it/letter.po``, ``fr/LC_MESSAGES/fr.po``). Another domain's catalog beside the letter's
    (``fr/LC_MESSAGES/website.po``), a compendium (``compendium.po``) or an archive
    (``archive/fr-2020.po``) is not."""
    parts = path.relative_to(config.locales).parts
    in_messages = len(parts) == 3 and parts[1] == "LC_MESSAGES"
    return tag_of(path.stem) is not None or (not in_messages and len(parts) > 1 and tag_of(parts[0]) is not None)


def _out_of_place(path: Path, config: Config) -> InputError:
    """A catalog under the locales folder that is not read, and where it belongs: ``it.po`` and
    ``it/letter.po`` in ``it/LC_MESSAGES/letter.po``."""
    parts = path.relative_to(config.locales).parts
    place = config.catalog_path(parts[0] if len(parts) > 1 else path.stem)
    advice = "keep one of the two" if place.exists() else "move it there"
    return InputError(config.relative(path), None,
                      f"this catalog is not read: a locale's catalog is {config.relative(place)}; {advice}")


def select(config: Config, codes: tuple[str, ...]) -> tuple[list[LocaleCatalog], list[InputError]]:
    """The catalogs named on the command line (each once, however often it is named), or all of them when
    none is named."""
    catalogs, errors = discover(config)
    if not codes:
        return catalogs, errors
    by_tag = {catalog.locale.tag: catalog for catalog in catalogs}
    twins = ambiguous(errors)
    chosen = []
    for code in codes:
        locale = parse_locale(code)
        if locale.tag == source_locale().tag:
            raise InputError(None, None, f"{locale.tag}: {SOURCE_LANGUAGE}")
        if locale.tag in twins:
            raise twins[locale.tag]
        if locale.tag not in by_tag:
            raise InputError(config.relative(config.catalog_path(locale.posix)), None,
                             f"there is no catalog for {locale.tag}; {_without_catalog(config, locale, catalogs)}")
        if by_tag[locale.tag] not in chosen:  # pt_BR and pt-BR name one catalog
            chosen.append(by_tag[locale.tag])
    return chosen, []


def uncatalogued(config: Config, selected: list[LocaleCatalog], errors: list[InputError]) -> tuple[str, ...]:
    """The locales listed as published that have no catalog among ``selected``, nor two (``ambiguous``:
    their error says why)."""
    present = {item.locale.tag for item in selected} | ambiguous(errors).keys()
    return tuple(tag for tag in config.published if tag not in present)


def _without_catalog(config: Config, locale: LocaleInfo, catalogs: Sequence[LocaleCatalog]) -> str:
    """What to do about a locale named on the command line that has no catalog: name the edition its tag
    moved to (``moved``), or a catalog of the same locale under another tag (``_near``), which was likely
    meant; restore a published locale's from git, where `letter init` would start it anew, empty; else
    create it, after naming any catalog of its language in its script (pt-PT for pt-BR)."""
    if moved := config.moved.get(locale.tag):
        return f"did you mean {moved}? ({locale.tag} moved to {moved})"
    same, kin = _near(locale, catalogs)
    if same:
        return f"did you mean {' or '.join(same)}?"
    if locale.tag in config.published:
        return f"it is listed as published: {_restore(config, locale)}"
    init = f"create it with `letter init {locale.tag}`"
    return f"did you mean {' or '.join(kin)}? If not, {init}" if kin else init


def _near(locale: LocaleInfo, catalogs: Sequence[LocaleCatalog]) -> tuple[list[str], list[str]]:
    """The tags of the catalogs of ``locale`` under another tag (fr for fr-FR, zh-Hans for zh: one locale
    by CLDR's likely subtags, ``LocaleInfo.likely``), and of the others of its language in its script
    (pt-PT for pt, which is Brazil's; de for de-CH; nb for no, ``LocaleInfo.kin``)."""
    same = sorted(item.locale.tag for item in catalogs if item.locale.likely == locale.likely)
    kin = sorted(item.locale.tag for item in catalogs if item.locale.kin == locale.kin and item.locale.tag not in same)
    return same, kin


def _restore(config: Config, locale: LocaleInfo) -> str:
    """The advice for a published locale's catalog gone: from git (the last commit's, which ``git rm`` took from
    the index too), where `letter init` would make one, empty; `letter init` only for one never committed."""
    path = config.relative(config.catalog_path(locale.posix))
    return (f"restore {path} from git (git checkout HEAD -- {path}), or, if it was never committed, create it "
            f"with `letter init {locale.tag}`")


def uncatalogued_error(config: Config, tag: str) -> str:
    """The error line of a locale listed as published that has no catalog, as `letter build` and `letter
    status` print it."""
    return f"{tag}: error: listed as published in pyproject.toml, but {published_without_catalog(config, tag)}"


def published_without_catalog(config: Config, tag: str) -> str:
    """What to say of a locale listed as published that has no catalog, after "listed as published, but",
    for the build and for ``letter check`` alike: a catalog of the same locale under another tag, or of its
    language in its script (fa for fa-IR, not zh-Hans for zh-Hant), is named, which was likely meant (``_near``);
    else its catalog is to be restored from git, since the edition was online."""
    if not config.locales.is_dir():  # a typo in the setting, more likely than seven catalogs to make
        return (f"there is no folder {config.relative(config.locales)}/, which [tool.letter] locales names: "
                f"set it to the folder of the catalogs, or run `letter init {tag}`")
    wanted = parse_locale(tag)
    same, kin = _near(wanted, discover(config)[0])
    folder = config.relative(config.locales)
    if same:
        return f"{folder}/ has a catalog of the same locale as {' and '.join(same)}: list {' or '.join(same)} instead"
    if kin:
        return (f"{folder}/ has a catalog for {' and '.join(kin)}, not for it: list "
                f"{' or '.join(kin)} instead, or run `letter init {tag}` for an edition of its own")
    return f"{folder}/ has no catalog for it; {_restore(config, wanted)}, or take it off the list"


def load(path: Path, config: Config) -> polib.POFile:
    """Read a catalog strictly; errors name the file as the user knows it."""
    return parse(read(path)[0], path, config)


def parse(data: bytes, path: Path, config: Config) -> polib.POFile:
    """:func:`load` of the bytes :func:`read` gave: what msgfmt refuses is refused, and so is a
    translation longer than a message may be."""
    with _conflict_advised(path, data):
        return _within_limits(po.parse(data, os.fspath(path)), path, config)


def load_checked(path: Path, config: Config) -> po.CheckedCatalog:
    """A catalog as ``letter check`` reads it: refused exactly when :func:`load` refuses it."""
    data = read(path)[0]
    with _conflict_advised(path, data):
        return _within_limits(po.parse_checked(data, os.fspath(path)), path, config)


def load_strings(path: Path, config: Config) -> po.Strings:
    """A catalog's translations, for publishing: refused exactly when :func:`load` refuses it."""
    return parse_translations(read(path)[0], path, config).strings


@contextmanager
def _conflict_advised(path: Path, data: bytes) -> Iterator[None]:
    """A merge's conflict left in the catalog ``path``, whose bytes ``data`` are being read, its advice made to
    fit the clone it is in and the merge that left it (``po.MergeConflict.fitting``): git is asked only then."""
    try:
        yield
    except po.MergeConflict as conflict:
        driver = repository.has_driver(path.parent)
        raise conflict.fitting(driver, bool(driver) and po.merged_by_message(data)) from None


def read(path: Path, what: str = "the catalog") -> tuple[bytes, os.stat_result]:
    """A catalog's bytes, and the status of the file they were read from (the build records both).

    An empty file is refused, as ``msgfmt --check`` refuses it: read as a catalog of no translations,
    it would take its edition offline, and ``letter update`` would fill it with the template's messages,
    untranslated, where ``git checkout`` could still bring the translations back."""
    with reading(path, what), open(path, "rb") as file:
        data, stat = file.read(), os.fstat(file.fileno())
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if not body or body.isspace():  # which stops at the first other byte: no copy of a large catalog
        raise InputError(path, None, f"{what} is empty (cut short, or overwritten?); restore it from "
                                     "version control (git checkout -- FILE), or delete it and start the locale "
                                     "anew with `letter init`")
    return data, stat


def parse_translations(data: bytes, path: Path, config: Config) -> po.Translations:
    """:func:`load_strings` of the bytes :func:`read` gave, with the messages not fuzzy that still carry a
    machine draft's note (``masking.DRAFT_NOTE``), which `letter status` and the build count."""
    with _conflict_advised(path, data):
        read = po.parse_translations(data, os.fspath(path), DRAFT_NOTE)
    if any(len(msgstr) > MAX_UNIT_LENGTH for msgstr, _fuzzy in read.strings.values()):
        parse(data, path, config)  # says which, with its line
    return read


@dataclass(frozen=True)
class AgainstTemplate:
    """A catalog's messages measured against the template it was last updated from.

    A catalog that bears the template's date (``dated``) was last updated from a template of that date,
    which gave it every message: messages missing were lost since (a file cut short, messages deleted),
    and an English the letter lacks may have been edited here, by a search and replace, which
    `letter update`, as msgmerge, would take for a revision (a merge in git may also bring a template
    with an old date). While the template is stale (the source changed since), the template's messages
    are those of its file, read only then; else the letter's. A catalog cut short (``cut``) lost what it
    lacks with its end, whatever its date: one with an older date is told to bring its end back too,
    rather than to run `letter update`, which would add what it lost back untranslated.
    """

    expected: Set[Key]      # the letter's messages
    missing: list[Message]  # those the catalog lacks
    known: Set[Key]         # the messages of the template the catalog was updated from
    dated: bool             # it bears the template's date
    edited_here: bool       # it has an English that template lacks
    lost: list[Message]     # what it lacks of that template, when it has nothing beyond it or was cut short


def against_template(keys: Set[Key], units: Sequence[Message], catalog_date: str, template_date: str,
                     template: Path | None, *, cut: bool) -> AgainstTemplate:
    """The catalog of messages ``keys`` and POT-Creation-Date ``catalog_date`` against the template;
    ``cut``: its file stops in the middle of its last line (``po.unended_line``)."""
    expected = {message.key for message in units}
    dated = bool(template_date) and catalog_date == template_date
    missing = [message for message in units if message.key not in keys]
    committed = _template_keys(template) if dated and template and (missing or not keys <= expected) else None
    known = expected if committed is None else committed
    edited_here = dated and not keys <= known
    lost = [message for message in missing if message.key in known] if (dated or cut) and not edited_here else []
    return AgainstTemplate(expected, missing, known, dated, edited_here, lost)


def _template_keys(path: Path) -> frozenset[Key] | None:
    """The messages of the template file; None when it cannot be read (the build and ``extract`` say why)."""
    try:
        return frozenset(po.parse_strings(path.read_bytes(), str(path)))
    except (OSError, InputError):
        return None


def template_lacks(config: Config, units: Sequence[Message]) -> bool:
    """Whether the template on disk lacks a message of the letter (or cannot be read): source/ changed since
    `letter extract`, so `letter update` alone would not bring it to the catalogs. Asked only of a project
    with a catalog that lacks messages (``progress.behind``), the template is read only then."""
    known = _template_keys(config.template)
    return known is None or any(message.key not in known for message in units)


def lost_text(lost: Sequence[Message], cut: int | None = None) -> str:
    """What to do about messages a catalog lost (``AgainstTemplate.lost``); ``cut``, the file's last line when
    it stops in the middle of it (``po.unended_line``): a file cut short, whose end is to be brought back."""
    first = quoted(lost[0].msgid)
    what = (f"{first}, a message of the letter, is missing from this catalog" if len(lost) == 1 else
            f"{len(lost)} messages of the letter, {first} the first, are missing from this catalog")
    return what + (po.CUT_SHORT.format(line=cut) + LOST_ELSE if cut else LOST_HERE)


LOST_HERE = (", though it bears the template's date (POT-Creation-Date), which `letter update` gives it with every "
             "message: if the file was cut short (a crash, a full disk) or messages deleted since, restore it from git "
             "before anything else (`letter update` refuses it meanwhile); if they are lost for good, or the template "
             "was merged in git, `letter update --add-lost` adds them back untranslated")
LOST_ELSE = "; if they were deleted, `letter update --add-lost` adds them back untranslated"


def mistyped_draft_mark(entry: polib.POEntry | po.Checked) -> tuple[int, str] | None:
    """Where a translation is marked a draft with ``fuzzy`` mistyped (``po.mistyped_fuzzy``: ``#, Fuzzy``), the
    line of that flag (``po.flag_line``), and what to say of it; else None. GNU gettext reads no mark in the
    flag, nor does letter, so the draft counts as reviewed and is published (``UNREAD_DRAFT``); msgmerge and
    msgcat drop the flag, so ``letter update`` refuses the catalog rather than drop the translator's mark without
    a word, and ``letter check`` reports it in every locale."""
    if entry.fuzzy or not translated(entry.msgstr):
        return None
    flag = next((flag for flag in entry.flags if po.mistyped_fuzzy(flag)), None)
    return None if flag is None else (po.flag_line(entry, flag), f"{flag!r} is not a flag gettext knows: "
                                      f"{UNREAD_DRAFT}; write 'fuzzy' to keep it a draft, or remove the flag")


#: What a mark of a draft that gettext does not read does (``#, Fuzzy``, ``# fuzzy``): said by `letter check`.
UNREAD_DRAFT = "the message counts as reviewed and is published"


def refuse_lost(data: bytes, strings: po.Strings, path: Path, units: Sequence[Message], config: Config) -> None:
    """Refuse a catalog that lacks messages of the letter (one not updated since a change of the source does)
    when it lost them since it was updated (``lost_text``): an edition would otherwise show them in English,
    as if they were never translated. Its header and the template are read only here."""
    catalog_date = po.metadata(data, os.fspath(path)).get("POT-Creation-Date", "")
    cut = po.unended_line(data)
    measured = against_template(strings.keys(), units, catalog_date, extract.template_date(config), config.template,
                                cut=cut is not None)
    if measured.lost:
        raise InputError(config.relative(path), cut, lost_text(measured.lost, cut))


def counted(data: bytes, path: Path, units: Sequence[Message], text_keys: frozenset[Key], record: Record,
            config: Config) -> tuple[po.Translations, Progress]:
    """:func:`parse_translations` of a catalog and its progress (``publication.progress_of``), for `letter status`
    and the build; refused by :func:`refuse_lost` when it lost messages since it was updated, which would count
    as never translated. Only a catalog the count finds lacking messages (``Progress.missing``) is measured
    so: the count looks up every message of the letter already, and a second walk would cost as much."""
    read = parse_translations(data, path, config)
    progress = publication.progress_of(units, text_keys, read.strings, record, read.noted)
    if progress.missing:
        refuse_lost(data, read.strings, path, units, config)
    return read, progress


Catalog = TypeVar("Catalog", polib.POFile, po.CheckedCatalog)


def _within_limits(catalog: Catalog, path: Path, config: Config) -> Catalog:
    for entry in catalog:
        if len(entry.msgstr) > MAX_UNIT_LENGTH:
            raise InputError(config.relative(path), po.msgstr_line(entry),
                             f"this translation is {len(entry.msgstr):,} characters long, more than the "
                             f"{MAX_UNIT_LENGTH:,} one message may hold; was something pasted by mistake?")
    return catalog
