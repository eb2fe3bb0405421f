"""The template into the catalogs: a new catalog for a locale (``letter init``), and every catalog
merged with the template (``letter update``).

Merging goes through ``merge`` (msgmerge's matching) and writing through ``po`` (msgcat-identical
output, atomic saves); this module adds what the project knows: what header a new catalog gets, a
catalog that lost messages or has a draft's mark mistyped refused, and the record of reviewed translations
kept beside each one.
"""
from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path

import polib

from pipeline import corrections, po, reviewed
from pipeline.catalogs import (
    SOURCE_LANGUAGE,
    LocaleCatalog,
    against_template,
    ambiguous,
    discover,
    lost_text,
    mistyped_draft_mark,
    parse,
    read,
    select,
)
from pipeline.config import Config
from pipeline.errors import InputError
from pipeline.files import ChangedOnDisk, refuse_read_only, write_atomic
from pipeline.findings import with_opt_outs_as_comment
from pipeline.locales import LocaleInfo, parse_locale, source_locale
from pipeline.merge import merge
from pipeline.model import Message
from pipeline.parallel import fork_map
from pipeline.po import entry_key

CATALOG_HEADER = (
    "{english} translation of the open letter.\n"
    "Translate with Poedit, Weblate or a text editor; `letter check {tag}` finds what is left."
)


def new_catalog(template: polib.POFile, locale: LocaleInfo, now: datetime.datetime) -> polib.POFile:
    """A catalog for a new locale: the template's messages, untranslated, with gettext's headers."""
    catalog = polib.POFile(wrapwidth=79)
    catalog.header = CATALOG_HEADER.format(english=locale.english_name, tag=locale.tag)
    catalog.metadata = po.header_fields({
        "Project-Id-Version": template.metadata.get("Project-Id-Version", "letter"),
        "Report-Msgid-Bugs-To": template.metadata.get("Report-Msgid-Bugs-To", ""),
        "POT-Creation-Date": template.metadata.get("POT-Creation-Date", ""),
        "PO-Revision-Date": po.gettext_date(now),
        "Last-Translator": "",
        "Language-Team": f"{locale.english_name}",
        "Language": locale.posix,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": locale.plural_forms,
    })
    for entry in template:
        catalog.append(polib.POEntry(msgid=entry.msgid, msgctxt=entry.msgctxt, msgstr="",
                                     comment=entry.comment, occurrences=list(entry.occurrences),
                                     flags=list(entry.flags)))
    return catalog


def load_template(config: Config) -> polib.POFile:
    """The template, or an error that says to make it again: ``letter extract`` writes it whole from
    the source, so no one mends it by hand (a merge's conflict in it, say). A link to nowhere, or a folder
    in its place, is said to be one, as every reader says it: ``letter extract`` refuses it too."""
    if not os.path.lexists(config.template):
        raise InputError(config.relative(config.template), None,
                         "the template does not exist yet; run `letter extract` first")
    try:
        return parse(read(config.template, "the template")[0], config.template, config)
    except InputError as error:
        if not config.template.is_file():
            raise
        problem = error.message.partition("; ")[0]  # what is wrong, without the advice for catalogs
        raise InputError(error.path, error.line, f"the template cannot be read ({problem}); `letter extract` "
                                                 "makes it again from the source") from None


@dataclass(frozen=True)
class Created:
    """A catalog ``letter init`` created; the locale of a catalog already there that writes the same
    language in the same script (``fr`` for ``fr-CA``, ``fr-CA`` for ``fr``, ``zh-Hans`` for ``zh-CN``),
    which a person may have meant; and the edition whose old address its tag is (``moved``)."""

    path: Path
    locale: LocaleInfo
    twin: LocaleInfo | None
    moved_to: str | None = None


def init(config: Config, codes: tuple[str, ...]) -> list[Created]:
    """Create catalogs for new locales; all codes are checked before anything is written,
    and an existing catalog is never replaced."""
    template = load_template(config)
    locales = [parse_locale(code) for code in codes]
    found, errors = discover(config)
    present = sorted(found, key=lambda item: bool(item.locale.territory))  # a general one first
    twins = ambiguous(errors)
    same = {}
    for item in present:
        same.setdefault((item.locale.language, item.locale.script), item.locale)
    for locale in locales:
        if locale.tag == source_locale().tag:
            raise InputError(None, None, f"{locale.tag}: {SOURCE_LANGUAGE}")
        if locale.tag in twins:
            raise twins[locale.tag]
        # Under the other spelling of its folder too (pt-PT for pt_PT): a second catalog is read as neither.
        path = next((item.path for item in present if item.locale.tag == locale.tag), config.catalog_path(locale.posix))
        if path.exists():
            raise InputError(config.relative(path), None, "this catalog already exists; "
                                                          "run `letter update` to bring it up to date")
    created = []
    moment = po.now()
    for locale in dict.fromkeys(locales):
        path = config.catalog_path(locale.posix)
        path.parent.mkdir(parents=True, exist_ok=True)
        po.save(new_catalog(template, locale, moment), path)
        created.append(Created(path, locale, same.get((locale.language, locale.script)), config.moved.get(locale.tag)))
    return created


@dataclass(frozen=True)
class Updated:
    """What `letter update` did to one catalog (the counts of ``merge.MergeResult``)."""

    catalog: LocaleCatalog
    added: int
    fuzzy_matched: int
    obsoleted: int
    revived: int
    changed: bool
    record: str | None = None  # "wrote" or "removed" the record of reviewed translations beside it
    restored: int = 0  # drafts reviewed again: their English is back as their translation was reviewed for
    kept: corrections.Kept | None = None  # with `--keep-translations`: translations of edited English left reviewed
    # without it: the corrections of form this merge made drafts of, which the option would have left reviewed
    keepable: tuple[tuple[str | None, str, str], ...] = ()


def update(config: Config, codes: tuple[str, ...] = (), *, keep: bool = False, add_lost: bool = False
           ) -> tuple[list[Updated], list[InputError]]:
    """Merge the template into each catalog, on every core; one unreadable catalog does not stop the others.
    With ``keep``, a reviewed translation of a message edited in place stays reviewed (``corrections.keep``).
    A catalog that lost messages since its last update (``lost_text``) is refused, unless ``add_lost``: the
    merge would add them back untranslated, and its translations could no longer be told lost. So is one
    with ``fuzzy`` mistyped (``mistyped_draft_mark``), whose flag the merge would drop, as msgmerge does."""
    template = load_template(config)
    selected, errors = select(config, codes)
    updated: list[Updated] = []
    tasks = [(config, item, keep, add_lost) for item in selected]
    for done, error in fork_map(_update_one, tasks, common=template):
        if error is not None:
            errors.append(error)
        else:
            updated.append(done)
    return updated, errors


def _update_one(template: polib.POFile, task: tuple[Config, LocaleCatalog, bool, bool]
                ) -> tuple[Updated | None, InputError | None]:
    """Merge and save one catalog; a catalog saved meanwhile by someone else is left as they saved it."""
    config, item, keep, add_lost = task
    record_path = reviewed.path_of(item.path)
    try:
        before = read(item.path)[0]
        catalog = parse(before, item.path, config)
        record, recorded, _ = reviewed.read(record_path)
        cut = po.unended_line(before)
        if not add_lost and (lost := _lost_since_update(catalog, template, cut=cut is not None)):
            raise InputError(config.relative(item.path), cut, lost_text(lost, cut))
        mistyped = [found for entry in catalog if not entry.obsolete and (found := mistyped_draft_mark(entry))]
        if mistyped:  # every one at once, not one an update
            (line, said), *more = mistyped
            also = f" (and at line{'s' if len(more) > 1 else ''} {', '.join(str(n) for n, _ in more)})" if more else ""
            raise InputError(config.relative(item.path), line, f"{said}{also}; then run `letter update` again")
    except InputError as error:
        return None, error
    result = merge(template, catalog, join=item.locale.sentence_space)
    for entry in result.catalog:
        entry.flags, entry.tcomment = with_opt_outs_as_comment(entry.flags, entry.tcomment)
    kept = corrections.keep(catalog, result.catalog, record, mark=keep)
    keepable, kept = ((), kept) if keep else (kept.edits, None)
    restored = reviewed.restore(result.catalog, record)
    reviewed.named_again(result.catalog, record)
    result.catalog.metadata = po.with_charset(result.catalog.metadata)
    text = po.encoded(result.catalog, before)
    # Strings broken elsewhere, as Weblate's writer breaks them, are no change: rewritten, they would be
    # a diff of nothing, undone at the writer's next save.
    changed = not po.same_but_for_line_breaks(text, before)
    revised = template.metadata.get("POT-Creation-Date", "")[:10]
    after = reviewed.carried(catalog, result.catalog, record, revised, result.joined, item.locale.sentence_space)
    interim = {**record, **after}
    try:
        if changed:  # before the record that goes with it is saved
            refuse_read_only(item.path, item.path.stat().st_mode)
        saved = _save_record(record_path, interim, record, recorded or b"")
        if changed:
            write_atomic(item.path, text, expected=before)
        saved = _save_record(record_path, after, interim, recorded or b"") or saved
    except ChangedOnDisk:
        return None, InputError(config.relative(item.path), None, "the catalog changed while it was being "
                                "updated (saved in an editor?); it was left as saved: run `letter update` again")
    except OSError as error:  # reported with the other locales' lines, as a catalog that cannot be read is
        return None, InputError(config.relative(Path(error.filename or item.path)), None,
                                f"cannot write it ({error.strerror or error}); check the disk's free space and "
                                "the permissions, then run `letter update` again")
    # A draft reviewed again, or a translation kept in this merge, is not fuzzy: it is counted as such,
    # not as a fuzzy match.
    fuzzy = result.fuzzy_matched - restored - (len(kept.edits) - kept.earlier if kept else 0)
    return Updated(item, result.added, max(fuzzy, 0), result.obsoleted, result.revived, changed, saved, restored,
                   kept, keepable), None


def _lost_since_update(catalog: polib.POFile, template: polib.POFile, *, cut: bool) -> list[Message]:
    """What a catalog lost since it was updated from ``template`` (``against_template``); nothing when it
    has an English the template lacks, which ``letter check`` asks to put back, else to run update."""
    keys = {entry_key(entry) for entry in catalog if not entry.obsolete}
    units = [Message(entry.msgid, entry.msgctxt) for entry in template]
    return against_template(keys, units, catalog.metadata.get("POT-Creation-Date", ""),
                            template.metadata.get("POT-Creation-Date", ""), None, cut=cut).lost


def _save_record(path: Path, record: reviewed.Record, before: reviewed.Record, replacing: bytes) -> str | None:
    """Write the record of reviewed translations, if it changed, in the line ends of the file it had
    (``replacing``); what was done to the file. An update
    writes it twice around the catalog: with the entries it adds and every old one before, and
    without those it drops after, so that a kill or a save meanwhile (which leaves the catalog as it
    was) leaves an entry too many, which the next update drops, never a reviewed translation lost.
    Entries in another order are a change: the file is written in catalog order, whatever came first."""
    same = list(record.items()) == list(before.items())
    if same and (record or not path.exists()):  # (an empty one, as a merge may leave it, goes)
        return None
    if record:
        write_atomic(path, po.with_line_ends(reviewed.dumps(record), replacing))
        return "wrote"
    path.unlink(missing_ok=True)
    return "removed"
