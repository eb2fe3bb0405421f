"""Git's merge of a catalog, message by message: ``letter merge-driver``, the merge driver git runs for the
catalogs, the template and ``letter.reviewed.json`` where ``.gitattributes`` names it (README: "Merging in git").

Git merges a catalog as lines. A header date changed on both branches stops nearly every merge, and a
translation reviewed on one branch while `letter update` changed its English on the other can merge
cleanly into a translation that reads as reviewed for English nobody reviewed it against: published,
with the correction never shown. This driver merges three ways, a message at a time:

* a message is one thing across a change of its English: its ``#|`` names the English it had, which
  links it to its base (a second change before review keeps the first's ``#|``);
* its English (context, msgid, comments, references, flags) and its translation (msgstr, translator
  comments, the fuzzy mark and ``#|``) are merged apart, each from the side that changed it; English
  changed on both sides comes from the side with the newer template. A side whose English changed and
  whose text did not changed no translation: its fuzzy mark came with the English;
* a translation merged with English other than the one it was made for is a draft: never reviewed
  unawares. Its ``#|`` names the English that `letter update` named on the English's side, which that
  side's record holds as last reviewed (so that the two agree), else the English it was made for;
* the header field by field: the later of two dates, the translator's fields of the side saved last;
* two different translations of one message: git's conflict markers around that message alone;
* ``letter.reviewed.json``: both sides' messages, less those one side dropped and the other left alone.

A file it cannot read (markers already in it, a syntax error) or a header changed on both sides in
another field is merged by ``git merge-file``, as git would merge it.
"""
from __future__ import annotations

import copy
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib

from pipeline import po, reviewed
from pipeline.errors import InputError
from pipeline.merge import previous_from
from pipeline.model import Key

#: Header fields whose later value wins; and those that say who translated, from the side saved last.
DATES = ("POT-Creation-Date", "PO-Revision-Date")
TRANSLATOR = ("Last-Translator", "Language-Team", "X-Generator")


@dataclass(frozen=True)
class Conflict:
    """A message translated otherwise on each side: both are written between git's markers."""

    ours: polib.POEntry
    theirs: polib.POEntry


@dataclass(frozen=True)
class Merged:
    """What the driver writes in place of ours, and the messages (or the header) it could not merge."""

    data: bytes
    conflicts: tuple[str, ...]


def merge_file(base: Path, ours: Path, theirs: Path, name: str) -> Merged:
    """Ours, theirs and their base merged, as bytes for ours' place; a text merge of the three files where
    they cannot be read as catalogs (or records) or their headers cannot be merged."""
    data = [path.read_bytes() for path in (base, ours, theirs)]
    try:
        if name.endswith(reviewed.SUFFIX):
            return merge_records(*(reviewed.loads(part, name) if part.strip() else {} for part in data))
        catalogs = [po.parse(part, name) for part in data]
    except (InputError, ValueError) as error:
        return _as_text(base, ours, theirs, f"{error}; merged as text")
    merged = merge_catalogs(*catalogs, replacing=data[1])
    return merged if merged is not None else _as_text(base, ours, theirs, "the header changed on both sides")


def _as_text(base: Path, ours: Path, theirs: Path, why: str) -> Merged:
    done = subprocess.run(["git", "merge-file", "-p", "-L", "ours", "-L", "base", "-L", "theirs",
                           str(ours), str(base), str(theirs)], capture_output=True, check=False)
    return Merged(done.stdout, (why,) if done.returncode else ())


def merge_catalogs(base: polib.POFile, ours: polib.POFile, theirs: polib.POFile, replacing: bytes = b""
                   ) -> Merged | None:
    """The three catalogs merged (the module's rules); None when their headers cannot be."""
    theirs_later = _later(theirs.metadata.get("PO-Revision-Date", ""), ours.metadata.get("PO-Revision-Date", ""))
    header = _header(base.metadata, ours.metadata, theirs.metadata, theirs_later)
    if header is None:
        return None
    newer = _later(theirs.metadata.get("POT-Creation-Date", ""), ours.metadata.get("POT-Creation-Date", ""))
    known = {_key(entry): entry for entry in base if not entry.obsolete}
    mine, yours = _linked(ours, known), _linked(theirs, known)
    leading, following = (theirs, ours) if newer else (ours, theirs)
    lead_links, follow_links = (yours, mine) if newer else (mine, yours)
    results: list[polib.POEntry | Conflict] = []
    done: set[Key] = set()
    conflicts: list[str] = []

    def merged(key: Key) -> polib.POEntry | Conflict | None:
        done.add(key)
        result = _message(known[key], mine.get(key), yours.get(key), newer)
        if isinstance(result, Conflict):
            conflicts.append(f"{result.ours.msgid[:60]!r} is translated otherwise on each side")
        return result

    of_lead = {id(entry): key for key, entry in lead_links.items()}
    for entry in (entry for entry in leading if not entry.obsolete):
        key = of_lead.get(id(entry))
        result = merged(key) if key is not None else entry
        if result is not None:
            results.append(result)
    # The following side: what the leading side dropped but this one changed, at the end; what it added,
    # after the message it follows there; what both added, merged in place.
    at = {_shown_key(result): n for n, result in enumerate(results)}
    after: dict[Key | None, list[polib.POEntry]] = {}
    tail: list[polib.POEntry | Conflict] = []
    of_follow = {id(entry): key for key, entry in follow_links.items()}
    previous: Key | None = None
    for entry in (entry for entry in following if not entry.obsolete):
        key = of_follow.get(id(entry))
        if key is not None and key not in done:
            result = merged(key)
            if result is not None:
                tail.append(result)
        elif key is None and _key(entry) in at:
            both = _added_twice(results[at[_key(entry)]], entry, newer)
            if isinstance(both, Conflict):
                conflicts.append(f"{entry.msgid[:60]!r} is translated otherwise on each side")
            results[at[_key(entry)]] = both
        elif key is None:
            after.setdefault(previous, []).append(entry)
        previous = _key(entry)
    results = _placed(results, after) + tail
    shown = {_shown_key(result) for result in results}
    obsolete = {}
    for entry in (entry for side in (ours, theirs) for entry in side if entry.obsolete):
        if _key(entry) not in shown:
            obsolete.setdefault(_key(entry), entry)
    catalog = copy.copy(ours)
    del catalog[:]
    catalog.metadata = header
    plain = [result for result in results if not isinstance(result, Conflict)]
    catalog.extend([*plain, *obsolete.values()])
    if not conflicts:
        return Merged(po.encoded(catalog, replacing), ())
    return Merged(_with_markers(catalog, results, list(obsolete.values()), replacing), tuple(conflicts))


def _added_twice(lead: polib.POEntry | Conflict, follow: polib.POEntry, theirs_lead: bool
                 ) -> polib.POEntry | Conflict:
    """A message both sides added: the one translated, or both between markers if translated otherwise."""
    if isinstance(lead, Conflict) or _text(lead) == _text(follow) or not _has_text(follow):
        return lead
    if not _has_text(lead):
        return follow
    return Conflict(follow, lead) if theirs_lead else Conflict(lead, follow)


def _placed(results: list, after: dict[Key | None, list[polib.POEntry]]) -> list:
    """``results`` with each message the other side added after the one it follows there (first: the
    side's first message), in its order; those whose neighbour is gone, at the end."""
    placed: list = []

    def place(result) -> None:
        placed.append(result)
        for added in after.pop(_shown_key(result), ()):
            place(added)

    for result in [*after.pop(None, ()), *results]:
        place(result)
    for rest in list(after.values()):
        for result in rest:
            place(result)
    return placed


def _has_text(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr or any(entry.msgstr_plural.values()))


def _message(base: polib.POEntry, ours: polib.POEntry | None, theirs: polib.POEntry | None, theirs_newer: bool
             ) -> polib.POEntry | Conflict | None:
    """One message of the base, as each side has it now (None: it left that side's letter)."""
    if ours is None or theirs is None:  # gone on one side: gone, unless the other changed its translation
        kept = ours or theirs
        return kept if kept is not None and _translated_anew(base, kept) else None
    english = _pick(_english(base), ours, theirs, _english, theirs_newer)
    changed = (_translated_anew(base, ours), _translated_anew(base, theirs))
    if all(changed) and _text(ours) != _text(theirs):
        return Conflict(ours, theirs)
    if all(changed):  # the same text on both sides: reviewed where either side reviewed it
        made = ours if not ours.fuzzy else theirs
    else:
        made = ours if changed[0] else theirs if changed[1] else base
    # Untranslated anew on both sides, the translation is the base's, marked as the side whose English is
    # taken has it: `letter update` marked it there if that English changed.
    state = english if made is base else made
    result = copy.deepcopy(english)
    result.msgstr, result.msgstr_plural, result.tcomment = made.msgstr, dict(made.msgstr_plural), made.tcomment
    fuzzy = state.fuzzy
    result.previous_msgctxt, result.previous_msgid, result.previous_msgid_plural = (
        state.previous_msgctxt, state.previous_msgid, state.previous_msgid_plural)
    if _english(state)[:3] != _english(result)[:3] and _has_text(made):
        # A draft of English other than its own names the English its side's record holds as last reviewed:
        # that of `letter update`'s draft on the English's side; else the one the translation was made for.
        named = next((entry for entry in (english, state) if entry.fuzzy and entry.previous_msgid), None)
        if named is None:
            previous_from(result, state)
        else:
            result.previous_msgctxt, result.previous_msgid, result.previous_msgid_plural = (
                named.previous_msgctxt, named.previous_msgid, named.previous_msgid_plural)
        fuzzy = True
    result.flags = [flag for flag in result.flags if flag != "fuzzy"]
    if fuzzy:
        result.flags.insert(0, "fuzzy")
    else:
        result.previous_msgctxt = result.previous_msgid = result.previous_msgid_plural = None
    return result


def _english(entry: polib.POEntry) -> tuple:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural, entry.comment, tuple(map(tuple, entry.occurrences)),
            tuple(flag for flag in entry.flags if flag != "fuzzy"))


def _text(entry: polib.POEntry) -> tuple:
    return entry.msgstr, tuple(sorted(entry.msgstr_plural.items())), entry.tcomment


def _translated_anew(base: polib.POEntry, side: polib.POEntry) -> bool:
    """Whether a side changed the message's translation: its text, or its fuzzy mark and ``#|`` where its
    English is the base's (with English changed, `letter update` made the mark, not a translator)."""
    if _text(side) != _text(base):
        return True
    return _english(side)[:3] == _english(base)[:3] and (side.fuzzy, side.previous_msgid) != (
        base.fuzzy, base.previous_msgid)


def _pick(base: tuple, ours: polib.POEntry, theirs: polib.POEntry, part: Callable[[polib.POEntry], tuple],
          theirs_newer: bool) -> polib.POEntry:
    """The side whose ``part`` of the message is taken: the one that changed it, the newer if both did."""
    if part(theirs) == base or (part(ours) != base and not theirs_newer):
        return ours
    return theirs


def _linked(catalog: polib.POFile, base: dict[Key, polib.POEntry]) -> dict[Key, polib.POEntry]:
    """A side's messages by the base message each is: the same one, or one whose English changed since,
    whose ``#|`` names the base's English, or the base's own ``#|`` (a second change keeps the first's)."""
    active = {_key(entry): entry for entry in catalog if not entry.obsolete}
    linked = {key: entry for key, entry in active.items() if key in base}
    by_previous = {_previous(entry): key for key, entry in base.items() if entry.previous_msgid}
    for key, entry in active.items():
        if key in base or not entry.previous_msgid:
            continue
        for candidate in (_previous(entry), by_previous.get(_previous(entry))):
            if candidate in base and candidate not in active and candidate not in linked:
                linked[candidate] = entry
                break
    return linked


def _previous(entry: polib.POEntry) -> Key:
    context = entry.previous_msgctxt if entry.previous_msgctxt is not None else entry.msgctxt
    return context, entry.previous_msgid


def _key(entry: polib.POEntry) -> Key:
    return entry.msgctxt, entry.msgid


def _shown_key(result: polib.POEntry | Conflict) -> Key:
    return _key(result.ours if isinstance(result, Conflict) else result)


def _header(base: dict[str, str], ours: dict[str, str], theirs: dict[str, str], theirs_later: bool
            ) -> dict[str, str] | None:
    merged: dict[str, str] = {}
    for name in dict.fromkeys([*ours, *theirs]):
        was, mine, yours = base.get(name), ours.get(name), theirs.get(name)
        if mine == yours or yours == was:
            value = mine
        elif mine == was:
            value = yours
        elif name in DATES:
            value = yours if _later(yours or "", mine or "") else mine
        elif name in TRANSLATOR:
            value = yours if theirs_later else mine
        else:
            return None
        if value is not None:
            merged[name] = value
    return merged


def _later(one: str, other: str) -> bool:
    """Whether header date ``one`` is later than ``other``, across time zones; as text if either is no date."""
    first, second = po.read_date(one), po.read_date(other)
    return first > second if first is not None and second is not None else one > other


def _with_markers(catalog: polib.POFile, results: list, obsolete: list[polib.POEntry], replacing: bytes) -> bytes:
    """The catalog as ``dumps`` writes it, each conflict's two messages between git's markers."""
    def block(*entries: polib.POEntry) -> str:
        alone = copy.copy(catalog)
        del alone[:]
        alone.extend(entries)
        return po.dumps(alone).split("\n\n", 1)[1] if entries else ""

    empty = copy.copy(catalog)
    del empty[:]
    parts = [po.dumps(empty).rstrip("\n") + "\n"]
    for result in [*results, *obsolete]:
        if isinstance(result, Conflict):
            parts.append(f"<<<<<<< ours\n{block(result.ours)}=======\n{block(result.theirs)}>>>>>>> theirs\n")
        else:
            parts.append(block(result))
    text = "\n".join(parts)
    data = text.encode("utf-8")
    return data.replace(b"\n", b"\r\n") if po.crlf(replacing) else data


def merge_records(base: reviewed.Record, ours: reviewed.Record, theirs: reviewed.Record) -> Merged:
    """Both sides' messages awaiting review, less those one side dropped (reviewed, or gone) while the other
    left them as they were: what the README asks a person to keep of a conflict, as `letter update` then
    drops what no longer awaits review. A message both sides changed keeps ours."""
    merged = {key: revision for key, revision in ours.items() if not (key in base and key not in theirs
                                                                       and base[key] == revision)}
    for key, revision in theirs.items():
        if key not in ours and not (key in base and base[key] == revision):
            merged[key] = revision
    return Merged(reviewed.dumps(merged), ())
