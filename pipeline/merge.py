"""Merge a fresh template into a translator's catalog, like ``msgmerge --previous``.

When the letter's source changes, the template (POT) changes, and every
translator's catalog (PO) must follow it: new messages appear untranslated,
removed ones are set aside, and edited ones keep their old translation as a
*fuzzy draft* together with the old source text (``#| msgid``), so the
translator only has to look at what changed. That is what GNU
``msgmerge --previous`` does; this module does it in-process, on polib
objects, at the cost set out under *Cost* below (Babel's ``Catalog.update``
is quadratic in the catalog's size), and
with one rule above all others: **a translation is never lost**. Whatever the
old catalog translated ends up in the new one, as an active message or as an
obsolete (``#~``) one.

Behaviour, checked against GNU gettext 0.21 ``msgmerge --previous``; the
deliberate differences are marked *Differs*:

* Output messages follow the template's order. The template owns the source
  side of each message (msgctxt, msgid, msgid_plural, extracted comments,
  references, flags such as ``python-brace-format``); the catalog owns the
  translation side (msgstr / msgstr[n], translator comments, ``fuzzy`` and the
  flags a translator or a tool set). Flags GNU does not know (``no-check-numbers``)
  are kept in the merged catalog, but ``po.dumps`` drops them as msgcat does:
  ``letter update`` moves an opt-out into a translator comment first
  (``findings.with_opt_outs_as_comment``).
* Exact match on (msgctxt, msgid): the translation is kept and so is its fuzzy
  state (with its ``#|`` previous fields if it was fuzzy; stale ``#|`` fields
  of a non-fuzzy message are dropped, as msgmerge does). If the plural side
  changed (msgid_plural differs, or the message gained or lost plural forms),
  the message becomes fuzzy with the old msgid/msgid_plural as previous, as in
  msgmerge. A singular translation used for a plural message fills every form;
  a plural translation used for a singular message keeps form 0 only (there is
  no place for the others; msgmerge does the same). So does a reviewed
  translation of a message the template newly flags ``python-brace-format``
  when it names other arguments than the msgid (``Published on {date}`` →
  ``Publié``), which ``msgfmt --check`` would refuse. *Differs:* msgmerge checks
  every format it knows, plural forms too; here only singular brace formats,
  the one kind this project's template flags.
* An obsolete message whose key comes back in the template is revived with its
  translation, fuzzy only if it was fuzzy.
* Otherwise the new message is compared with the old messages that are still
  unused (active and obsolete, with a non-empty translation) by normalized
  Indel similarity (RapidFuzz ``fuzz.ratio / 100`` = 2·LCS/(len a + len b),
  which is what msgmerge's ``fstrcmp`` computes). A pair scoring at least
  ``cutoff`` gives the new message the old translation, the ``fuzzy`` flag and
  previous_msgctxt/previous_msgid/previous_msgid_plural = the old message's
  (or, if the old message was itself fuzzy with previous fields, those older
  previous fields, since that is the text the translation was made for; this
  is what msgmerge does).
  *Differs:* matching is one-to-one and best-first over all pairs: the most
  similar (new, old) pair is settled first, on equal scores a pair with the same
  msgctxt wins, then template order, then catalog order. msgmerge instead
  matches each new message on its own, against every old message including the
  ones already matched exactly, so one old translation can become the draft
  of several new messages (or of a message next to its unchanged original)
  while the old message it really belongs to goes without.
  *Differs:* similarity is computed on Unicode code points; msgmerge compares
  bytes of the encoded text, so accented text scores a little differently.
  msgmerge also needs a score strictly above 0.6 (plus 0.00001 for the same
  msgctxt, so 0.6 itself passes within one context only); here it is ``>= cutoff``,
  and every pair is scored, where msgmerge looks candidates up by the 4-character
  pieces they share, so it proposes no draft for short texts that share none
  ("Help" → "Held", "Tab" → "Tabs"): here they become drafts, which are never
  published.
  *Differs:* a plural old translation is not used as a fuzzy draft for a
  different, singular message: that would discard its other forms, so it is
  kept (obsolete, intact) instead. Singular drafts for plural messages are fine.
  *Differs:* if the old message was fuzzy *without* previous fields, msgmerge
  gives the new message no previous fields at all; here the old msgid is used,
  which is the best available hint.
* *Differs:* paragraphs joined. With ``join`` (what the catalog's language writes
  between two sentences), an old message on its way to be obsolete whose English a
  new or changed message holds nearly whole and in order (``worddiff.made_of``), with
  another old one, its draft's if it has one, makes that message's draft of them all:
  their translations joined in the order of its English, and their English (the
  ``#|`` of a draft's, which its translation was made for) joined likewise in
  ``#|``, so that the word diff shows only what the editor changed. Each of them
  is kept obsolete too, so that the join undone brings their translations back as
  they were. msgmerge makes a draft of one of them, and the others obsolete.
* Old messages used neither way become obsolete with their translation,
  translator comments and flags; their references and extracted comments are
  dropped (they describe source that no longer holds the message), as msgmerge
  does. Obsolete messages that stay unused remain obsolete, and lose their
  references and extracted comments too, as in msgmerge. Untranslated messages are never
  fuzzy-match sources, and obsolete messages without a translation are
  dropped, like msgmerge (nothing is lost: there was nothing to keep).
* Header: the catalog's header comment, metadata and fuzzy state are kept, and
  its text is written back as it was read (``po.carry_header``) but for the
  fields refreshed: ``POT-Creation-Date`` and ``Report-Msgid-Bugs-To`` come from
  the template (as in msgmerge). *Differs:* ``Project-Id-Version`` is taken from the template
  when the catalog has none (msgmerge leaves it missing). *Differs:* the rest of a header is
  kept as written, where msgmerge tidies it: it ends the last field with ``\n``, adds a
  ``Language`` taken from ``Language-Team``, moves ``POT-Creation-Date`` after
  ``Report-Msgid-Bugs-To``, and finds a field whatever its case (``letter init`` writes a
  header none of that changes).
* Plural messages are sized to the catalog's ``nplurals`` (from
  ``Plural-Forms``, read as msgmerge reads it: ``po.nplurals``; the template's
  count, or 2, when it has none). Existing
  translations are padded with empty forms when short; extra forms are kept
  if non-empty (msgmerge keeps an existing message's forms untouched).
* Duplicate (msgctxt, msgid) keys in either input raise ``ValueError``; GNU
  tools reject such files too, and guessing which duplicate to keep could lose
  a translation.

Cost: exact matching is dictionary look-ups; the similarity search runs only
between the unmatched template messages and the unused old ones, in
RapidFuzz's C++ code (``similar.match_similar``, which extract's listing and the check
share), after a length window that cannot exclude a qualifying pair (ratio >= c needs
c·a/(2-c) <= b <= a·(2-c)/c for lengths a, b).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polib

from pipeline import po
from pipeline.joins import joined
from pipeline.model import Key
from pipeline.po import entry_key, formats
from pipeline.po.comments import SOURCE_FLAG
from pipeline.similar import CUTOFF, match_similar

__all__ = ["MergeResult", "as_obsolete", "copy_previous", "has_work", "merge", "previous_from"]


@dataclass(frozen=True)
class MergeResult:
    """The merged catalog and what happened, so callers can report it.

    The counts are per template message (``added``, ``fuzzy_matched``,
    ``revived``) or per old message (``obsoleted``); exact matches of active
    messages are not counted since nothing changed for the translator.
    """

    catalog: polib.POFile
    """The new catalog; a new object sharing nothing mutable with the inputs."""
    added: int
    """Template messages with no old translation at all (new work)."""
    fuzzy_matched: int
    """Messages that got an old translation as a fuzzy draft: a similar old
    message, or the same msgid whose plural side changed, or newly a format
    its translation breaks."""
    obsoleted: int
    """Active old messages that became obsolete (kept as ``#~``)."""
    revived: int
    """Obsolete old messages that came back on an exact (msgctxt, msgid) match."""
    joined: dict[Key, tuple[Key, ...]]
    """Template messages whose draft joins old ones (``join``): those old messages' keys, in order."""


def merge(
    template: polib.POFile,
    catalog: polib.POFile,
    *,
    fuzzy: bool = True,
    cutoff: float = CUTOFF,
    join: str | None = None,
) -> MergeResult:
    """Bring ``catalog`` up to date with ``template`` without losing a translation.

    ``fuzzy=False`` turns off similarity matching (like ``msgmerge
    --no-fuzzy-matching``): unmatched old translations then all become
    obsolete. ``cutoff`` is the minimum similarity in [0, 1] for an old
    translation to become a draft; 0.6 is msgmerge's. ``join``, what the
    catalog's language writes between two sentences, makes a draft of old
    messages joined into one (None: a draft of one, as msgmerge makes). See the
    module docstring for the exact rules and how they differ from msgmerge.
    Neither input is modified.
    """
    if not 0.0 <= cutoff <= 1.0:
        raise ValueError(f"cutoff must be between 0 and 1, got {cutoff!r}")

    new_entries = [e for e in template if not e.obsolete and not _is_header(e)]
    old_entries = [e for e in catalog if not _is_header(e)]
    _check_unique(new_entries, "template")
    old_by_key = _check_unique(old_entries, "catalog")

    nplurals = po.nplurals(catalog.metadata.get("Plural-Forms", "")) or None
    exact, drafts, joins, used = _paired(new_entries, old_entries, old_by_key, fuzzy=fuzzy, cutoff=cutoff, join=join)

    out = polib.POFile(
        wrapwidth=catalog.wrapwidth,
        encoding=catalog.encoding,
        check_for_duplicates=False,
    )
    out.header = catalog.header
    po.carry_header(catalog, out)  # written back as it was read, but for the fields refreshed here
    out.metadata = _merge_metadata(catalog.metadata, template.metadata)
    out.metadata_is_fuzzy = (
        list(catalog.metadata_is_fuzzy)
        if isinstance(catalog.metadata_is_fuzzy, list)
        else catalog.metadata_is_fuzzy
    )

    added = fuzzy_matched = obsoleted = revived = 0
    for i, new in enumerate(new_entries):
        if i in exact:
            old = old_entries[exact[i]]
            entry, redrafted = _from_exact(new, old, nplurals, catalog.encoding)
            if old.obsolete:
                revived += 1
            elif redrafted:
                fuzzy_matched += 1
        elif i in joins:
            entry = _from_parts(new, [old_entries[j] for j in joins[i]], join or "", catalog.encoding)
            fuzzy_matched += 1
        elif i in drafts:
            entry = _from_draft(new, old_entries[drafts[i]], nplurals, catalog.encoding)
            fuzzy_matched += 1
        else:
            entry = _from_template(new, nplurals, catalog.encoding)
            added += 1
        out.append(entry)

    # Everything unused is kept as obsolete, in catalog order (after the passes of ``_paired``); so is each
    # message joined.
    parts = {j for js in joins.values() for j in js}
    for j, old in enumerate(old_entries):
        if (used[j] and j not in parts) or not has_work(old):
            continue
        if not old.obsolete:
            obsoleted += 1
        out.append(as_obsolete(old))

    return MergeResult(
        catalog=out,
        added=added,
        fuzzy_matched=fuzzy_matched,
        obsoleted=obsoleted,
        revived=revived,
        joined={entry_key(new_entries[i]): tuple(entry_key(old_entries[j]) for j in js) for i, js in joins.items()},
    )


def _paired(
    new_entries: list[polib.POEntry],
    old_entries: list[polib.POEntry],
    old_by_key: dict[Key, int],
    *,
    fuzzy: bool,
    cutoff: float,
    join: str | None,
) -> tuple[dict[int, int], dict[int, int], dict[int, list[int]], list[bool]]:
    """Which old message each template message takes its translation from, by index: ``exact`` (the same
    key), ``drafts`` (the most similar unused one, ``similar.match_similar``) and ``joins`` (old messages
    joined, ``joins.joined``), and which old messages are ``used`` by the first two. Every draft
    ``letter update`` makes is decided here; the rest of ``merge`` builds entries from these pairs."""
    used = [False] * len(old_entries)

    # Pass 1: exact matches by key.
    exact: dict[int, int] = {}
    for i, new in enumerate(new_entries):
        j = old_by_key.get(entry_key(new))
        if j is not None:
            exact[i] = j
            used[j] = True

    # Pass 2: similarity matches between what is left on both sides.
    drafts: dict[int, int] = {}
    if fuzzy:
        queries = [i for i in range(len(new_entries)) if i not in exact]
        sources = [j for j, e in enumerate(old_entries) if not used[j] and has_work(e)]
        drafts = match_similar(new_entries, queries, old_entries, sources, cutoff)
        for j in drafts.values():
            used[j] = True
    joins = joined(new_entries, exact, drafts, old_entries, used) if fuzzy and join is not None else {}
    return exact, drafts, joins, used


# --------------------------------------------------------------------------
# Building entries


def _from_template(new: polib.POEntry, nplurals: int | None, encoding: str) -> polib.POEntry:
    """A message new to this catalog: the template's, untranslated."""
    entry = _source_side(new, encoding)
    entry.tcomment = new.tcomment
    entry.flags = [f for f in new.flags if f != "fuzzy"]
    if new.msgid_plural:
        entry.msgstr_plural = {k: "" for k in range(_form_count(new, nplurals))}
    return entry


def _from_exact(
    new: polib.POEntry, old: polib.POEntry, nplurals: int | None, encoding: str
) -> tuple[polib.POEntry, bool]:
    """Same key: keep the translation; fuzzy only if it was, or the plural side changed, or the
    template newly makes it a format the translation breaks.

    Returns the entry and whether it became a fuzzy draft because of a
    plural or format change (counted as ``fuzzy_matched``).
    """
    entry = _source_side(new, encoding)
    _take_translation(entry, new, old, nplurals)
    plural_changed = (new.msgid_plural or "") != (old.msgid_plural or "")
    redraft = (plural_changed or _newly_a_format_it_breaks(new, old)) and has_work(old)
    fuzzy = old.fuzzy or redraft
    entry.flags = _flags(new, old, fuzzy)
    if old.fuzzy and old.previous_msgid is not None:
        copy_previous(entry, old)
    elif redraft:
        previous_from(entry, old)
    return entry, redraft and not old.obsolete


def _newly_a_format_it_breaks(new: polib.POEntry, old: polib.POEntry) -> bool:
    """Whether the template newly flags a message as a brace format (``python-brace-format``) that its
    reviewed translation does not keep, which ``msgfmt --check`` would then refuse; msgmerge makes such
    a translation a draft. (A plural message's forms, and other formats, are not judged here.)"""
    if old.fuzzy or old.msgid_plural or "python-brace-format" not in new.flags \
            or "python-brace-format" in old.flags:
        return False
    return formats.brace_arguments(old.msgstr) != formats.brace_arguments(new.msgid)


def _from_draft(
    new: polib.POEntry, old: polib.POEntry, nplurals: int | None, encoding: str
) -> polib.POEntry:
    """A similar old message: its translation as a fuzzy draft, with what it translated."""
    entry = _source_side(new, encoding)
    _take_translation(entry, new, old, nplurals)
    entry.flags = _flags(new, old, True)
    if old.fuzzy and old.previous_msgid is not None:
        copy_previous(entry, old)
    else:
        previous_from(entry, old)
    return entry


def _from_parts(new: polib.POEntry, parts: list[polib.POEntry], join: str, encoding: str) -> polib.POEntry:
    """Old messages joined into one: their translations joined as a draft, with the English they
    were made for joined in ``#|`` (a draft's own ``#|``, else its English), and their comments."""
    entry = _source_side(new, encoding)
    entry.msgstr = join.join(part.msgstr for part in parts)
    entry.tcomment = "\n".join(dict.fromkeys(part.tcomment for part in parts if part.tcomment))
    entry.flags = list(dict.fromkeys(flag for part in parts for flag in _flags(new, part, True)))
    entry.previous_msgctxt = new.msgctxt
    entry.previous_msgid = " ".join(part.previous_msgid if part.fuzzy and part.previous_msgid is not None
                                    else part.msgid for part in parts)
    return entry


def as_obsolete(old: polib.POEntry) -> polib.POEntry:
    """An unused old translation, set aside as ``#~`` without what the template owned: its
    references and extracted comments (``#.``), which msgmerge drops from every obsolete
    entry, one obsolete already included, since they describe source that is gone."""
    entry = _copy(old)
    entry.obsolete = True
    entry.occurrences = []
    entry.comment = ""
    return entry


def _source_side(new: polib.POEntry, encoding: str) -> polib.POEntry:
    """What the template owns: identity, extracted comments, references."""
    return polib.POEntry(
        msgctxt=new.msgctxt,
        msgid=new.msgid,
        msgid_plural=new.msgid_plural,
        msgstr="",
        msgstr_plural={},
        comment=new.comment,
        occurrences=list(new.occurrences),
        encoding=encoding,
    )


def _take_translation(
    entry: polib.POEntry, new: polib.POEntry, old: polib.POEntry, nplurals: int | None
) -> None:
    """Move the old translation onto ``entry``, reshaped to the new message's forms."""
    entry.tcomment = old.tcomment
    if new.msgid_plural:
        count = _form_count(new, nplurals)
        if old.msgid_plural:
            forms = dict(old.msgstr_plural)
            size = max(count, max(forms, default=-1) + 1)
            values = [forms.get(k, "") for k in range(size)]
            while len(values) > count and not values[-1]:
                values.pop()  # surplus empty forms carry nothing
        else:
            values = [old.msgstr] * count
        entry.msgstr_plural = dict(enumerate(values))
    elif old.msgid_plural:
        entry.msgstr = old.msgstr_plural.get(0, "")
    else:
        entry.msgstr = old.msgstr


def _flags(new: polib.POEntry, old: polib.POEntry, fuzzy: bool) -> list[str]:
    """``fuzzy`` first, then the template's flags, then the translator's own.

    Source-describing flags (format, range, wrap) come only from the template,
    so a format flag dropped from the source does not linger in the catalog.
    """
    flags = ["fuzzy"] if fuzzy else []
    for flag in new.flags:
        if flag != "fuzzy" and flag not in flags:
            flags.append(flag)
    for flag in old.flags:
        if flag != "fuzzy" and flag not in flags and not SOURCE_FLAG.fullmatch(flag):  # (msgmerge: the template's)
            flags.append(flag)
    return flags


def copy_previous(entry: polib.POEntry, old: polib.POEntry) -> None:
    """Give ``entry`` the ``#|`` lines of ``old``."""
    entry.previous_msgctxt = old.previous_msgctxt
    entry.previous_msgid = old.previous_msgid
    entry.previous_msgid_plural = old.previous_msgid_plural


def previous_from(entry: polib.POEntry, old: polib.POEntry) -> None:
    """Name ``old``'s English in ``entry``'s ``#|`` lines: the English its translation was made for."""
    entry.previous_msgctxt = old.msgctxt
    entry.previous_msgid = old.msgid
    entry.previous_msgid_plural = old.msgid_plural or None


def _copy(old: polib.POEntry) -> polib.POEntry:
    return polib.POEntry(
        msgctxt=old.msgctxt,
        msgid=old.msgid,
        msgid_plural=old.msgid_plural,
        msgstr=old.msgstr,
        msgstr_plural=dict(old.msgstr_plural),
        obsolete=old.obsolete,
        encoding=old.encoding,
        comment=old.comment,
        tcomment=old.tcomment,
        occurrences=list(old.occurrences),
        flags=list(old.flags),
        previous_msgctxt=old.previous_msgctxt,
        previous_msgid=old.previous_msgid,
        previous_msgid_plural=old.previous_msgid_plural,
    )


# --------------------------------------------------------------------------
# Small helpers


def _is_header(entry: polib.POEntry) -> bool:
    return entry.msgid == "" and entry.msgctxt is None


def has_work(entry: polib.POEntry) -> bool:
    """Whether the entry holds any translator's work, as msgmerge asks (white space counts, unlike
    ``model.translated``): such an entry may become another's fuzzy match."""
    if entry.msgid_plural:
        return any(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def _check_unique(entries: Iterable[polib.POEntry], what: str) -> dict[Key, int]:
    index: dict[Key, int] = {}
    for n, entry in enumerate(entries):
        key = entry_key(entry)
        if key in index:
            context = f" (msgctxt {entry.msgctxt!r})" if entry.msgctxt is not None else ""
            raise ValueError(
                f"{what} defines msgid {entry.msgid!r}{context} twice; "
                "remove one (gettext tools reject such files as well)"
            )
        index[key] = n
    return index


def _form_count(new: polib.POEntry, nplurals: int | None) -> int:
    if nplurals is not None:
        return nplurals
    return max(len(new.msgstr_plural), 2)


def _merge_metadata(catalog: dict[str, str], template: dict[str, str]) -> dict[str, str]:
    """The catalog's header, with the fields that describe the template refreshed."""
    meta = dict(catalog)
    for field in ("POT-Creation-Date", "Report-Msgid-Bugs-To"):
        if field in template:
            meta = po.set_header_field(meta, field, template[field])
    if not meta.get("Project-Id-Version") and template.get("Project-Id-Version"):
        meta = po.set_header_field(meta, "Project-Id-Version", template["Project-Id-Version"])
    return meta
