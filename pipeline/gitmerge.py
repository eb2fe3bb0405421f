"""Git's merge of a catalog, message by message: ``letter merge-driver``, the merge driver git runs for the
catalogs, the template and ``letter.reviewed.json`` where ``.gitattributes`` names it (README: "Merging in git").

Git merges a catalog as lines. A header date changed on both branches stops nearly every merge, and a
translation reviewed on one branch while `letter update` changed its English on the other can merge
cleanly into a translation that reads as reviewed for English nobody reviewed it against: published,
with the correction never shown. This driver merges three ways, a message at a time:

* a message is one thing across a change of its English: its ``#|`` names the English it had, which
  links it to its base (a second change before review keeps the first's ``#|``); where no ``#|`` is
  left (a correction approved, or kept reviewed by ``--keep-translations``, or made to a message never
  translated), the same correction on the other side, or else the likeness `letter update` pairs
  messages by, links it;
* its wording (context and English), its notes (comments, references, flags), its translation (msgstr,
  the fuzzy mark and ``#|``) and its translator's comment are merged apart, each from the side that
  changed it; wording or notes changed on both sides come from the side with the newer template. A side
  whose English changed keeps the translation it had unless it changed the text or reviewed it for the
  new English: a draft's mark came with the English, from `letter update`;
* a translation merged with English other than the one it was made for is a draft: never reviewed
  unawares. Its ``#|`` names the English that `letter update` named on the English's side, which that
  side's record holds as last reviewed (so that the two agree), else the English it was made for;
* a message one side removed stays removed, but a translation the other side made anew stays, obsolete;
* the header field by field: the later of two dates, the translator's fields of the side saved last, the
  comment of the side that changed it;
* what a person must choose is left between git's conflict markers, alone: two translations of one
  message, or a header field (Plural-Forms, say) set otherwise on each side. The markers name the two
  sides as git's own do (``HEAD``, the branch merged), where git (2.44 and later) tells the driver their
  names, and say "ours" and "theirs" where an older git passes ``%X`` and ``%Y`` through as they are;
* ``letter.reviewed.json``: both sides' messages, less those one side dropped and the other left alone; a
  message recorded otherwise on each side is written twice, for a person to keep one.

A file it cannot read (markers already in it, a syntax error), or any failure of its own, is merged by
``git merge-file``, as git would merge it; a history with two merge bases has them merged as ``binary``
first (``letter merge-driver --install`` sets it), so that the base the driver reads is one.
"""
from __future__ import annotations

import copy
import shlex
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import polib

from pipeline import po, reviewed
from pipeline.errors import InputError
from pipeline.merge import as_obsolete, copy_previous, has_work, previous_from
from pipeline.model import Key
from pipeline.po import entry_key
from pipeline.repository import DRIVER
from pipeline.similar import CUTOFF, match_similar
from pipeline.worddiff import joined_into
from pipeline.wording import quoted

#: Header fields whose later value wins; and those that say who translated, from the side saved last.
DATES = ("POT-Creation-Date", "PO-Revision-Date")
TRANSLATOR = ("Last-Translator", "Language-Team", "X-Generator")


@dataclass(frozen=True)
class Conflict:
    """A message translated otherwise on each side: both are written between git's markers."""

    ours: polib.POEntry
    theirs: polib.POEntry


@dataclass(frozen=True)
class Labels:
    """The names git's conflict markers give the two sides (and the base, for a text merge)."""

    ours: str = "ours"
    theirs: str = "theirs"
    base: str = "base"

    @classmethod
    def from_git(cls, base: str, ours: str, theirs: str) -> Labels:
        """The names git gave for ``%S %X %Y``; the plain ones for a name that is empty, or that an older git
        left as its placeholder ("%X"), as git before 2.44 does with placeholders it does not know."""
        def name(given: str, placeholder: str, plain: str) -> str:
            return plain if given in ("", placeholder) else given

        return cls(name(ours, "%X", cls.ours), name(theirs, "%Y", cls.theirs), name(base, "%S", cls.base))


@dataclass(frozen=True)
class Merged:
    """What the driver writes in place of ours, and the messages (or the header) it could not merge."""

    data: bytes
    conflicts: tuple[str, ...]


def install(root: Path, python: str) -> str:
    """Name the driver in the git config of the repository at ``root``, run by ``python`` (git runs it from
    the top of the work tree, whatever PATH says); the command it gave. A history with two merge bases
    (branches that merged each other) has git merge the bases first: as ``binary`` (ours, without
    markers), so that the base the driver reads is one it can read."""
    command = f"{shlex.quote(python)} -m pipeline merge-driver %O %A %B %P %S %X %Y"
    for name, value in (("merge.letter.name", "letter: catalogs message by message"), (DRIVER, command),
                        ("merge.letter.recursive", "binary")):
        done = subprocess.run(["git", "-C", str(root), "config", name, value], capture_output=True, text=True)
        if done.returncode:
            raise InputError(root, None, f"git config failed ({done.stderr.strip()}): is it a git repository?")
    return command


def merge_file(base: Path, ours: Path, theirs: Path, name: str, labels: Labels = Labels()) -> Merged:
    """Ours, theirs and their base merged, as bytes for ours' place, with ``labels`` on any conflict markers;
    a text merge of the three files where they cannot be read as catalogs (or records), or where the driver
    itself fails."""
    data = [path.read_bytes() for path in (base, ours, theirs)]
    try:
        if name.endswith(reviewed.SUFFIX):
            merged = merge_records(*(reviewed.loads(part, name) if part.strip() else {} for part in data))
            return Merged(po.with_line_ends(merged.data, data[1]), merged.conflicts)
        catalogs = [po.parse(part, name) for part in data]
    except (InputError, ValueError) as error:
        return _as_text(data[1], (base, ours, theirs), labels, f"{error}; merged as text")
    try:
        return merge_catalogs(*catalogs, replacing=data[1], labels=labels)
    except Exception as error:  # noqa: BLE001 (git's own text merge is the safe way out of any failure)
        return _as_text(data[1], (base, ours, theirs), labels, f"the driver failed ({error!r}); merged as text")


def _as_text(kept: bytes, files: tuple[Path, Path, Path], labels: Labels, why: str) -> Merged:
    """git merge-file's merge of the three files (base, ours, theirs); ``kept`` (ours), and a conflict, where
    it cannot merge them."""
    base, ours, theirs = files
    done = subprocess.run(["git", "merge-file", "-p", "-L", labels.ours, "-L", labels.base, "-L", labels.theirs,
                           str(ours), str(base), str(theirs)], capture_output=True, check=False)
    if done.returncode < 0 or done.returncode > 127 or (not done.stdout and kept):
        return Merged(kept, (f"{why}; git merge-file could not merge it either: ours is kept, choose by hand",))
    return Merged(done.stdout, (why,) if done.returncode else ())


def merge_catalogs(base: polib.POFile, ours: polib.POFile, theirs: polib.POFile, replacing: bytes = b"",
                   labels: Labels = Labels()) -> Merged:
    """The three catalogs merged (the module's rules), ``labels`` naming the sides on any conflict markers."""
    theirs_later = _later(theirs.metadata.get("PO-Revision-Date", ""), ours.metadata.get("PO-Revision-Date", ""))
    header, clashing = _header(base.metadata, ours.metadata, theirs.metadata, theirs_later)
    newer = _later(theirs.metadata.get("POT-Creation-Date", ""), ours.metadata.get("POT-Creation-Date", ""))
    known = {entry_key(entry): entry for entry in base if not entry.obsolete}
    mine, yours = _linked(ours, known), _linked(theirs, known)
    _renamed_alike(mine, ours, yours, known)
    _renamed_alike(yours, theirs, mine, known)
    _similar(mine, ours, known)
    _similar(yours, theirs, known)
    leading, following = (theirs, ours) if newer else (ours, theirs)
    lead_links, follow_links = (yours, mine) if newer else (mine, yours)
    results: list[polib.POEntry | Conflict] = []
    done: dict[Key, Key] = {}  # base message → the key of what it merged into

    def merged(key: Key) -> polib.POEntry | Conflict | None:
        result = _message(known[key], mine.get(key), yours.get(key), newer)
        done[key] = _shown_key(result) if result is not None else key
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
    after: dict[Key | None, list[polib.POEntry | Conflict]] = {}
    tail: list[polib.POEntry | Conflict] = []
    of_follow = {id(entry): key for key, entry in follow_links.items()}
    previous: Key | None = None
    for entry in (entry for entry in following if not entry.obsolete):
        key = of_follow.get(id(entry))
        if key is not None and key not in done:
            result = merged(key)
            if result is not None:
                tail.append(result)
        elif key is None and entry_key(entry) in at:
            results[at[entry_key(entry)]] = _added_twice(results[at[entry_key(entry)]], entry, newer)
        elif key is None:
            after.setdefault(previous, []).append(entry)
        previous = done.get(key, entry_key(entry)) if key is not None else entry_key(entry)
    results = _placed(results, after)
    at = {_shown_key(result): n for n, result in enumerate(results)}
    for result in tail:  # (its new English may be one the leading side has too: the same correction made twice)
        if _shown_key(result) in at and isinstance(result, polib.POEntry):
            results[at[_shown_key(result)]] = _added_twice(results[at[_shown_key(result)]], result, newer)
        else:
            results.append(result)
    active = [result for result in results if isinstance(result, Conflict) or not result.obsolete]
    gone = [result for result in results if not isinstance(result, Conflict) and result.obsolete]
    obsolete = _obsolete(gone, base, ours, theirs, {_shown_key(result) for result in active})
    conflicts = [f"the header's {name} is set otherwise on each side" for name in clashing]
    conflicts += [f"{quoted(result.ours.msgid)} is translated otherwise on each side"
                  for result in [*active, *obsolete] if isinstance(result, Conflict)]
    catalog = copy.copy(ours)
    del catalog[:]
    catalog.header = theirs.header if ours.header == base.header else ours.header
    catalog.metadata = header
    if not conflicts:
        catalog.extend([*active, *obsolete])
        return Merged(po.encoded(catalog, replacing), ())
    theirs_header = {**header, **{name: theirs.metadata[name] for name in clashing if name in theirs.metadata}}
    return Merged(_with_markers(catalog, [*active, *obsolete], theirs_header if clashing else None, replacing,
                                labels), tuple(conflicts))


def _obsolete(gone: list[polib.POEntry], base: polib.POFile, ours: polib.POFile, theirs: polib.POFile,
              shown: set[Key]) -> list[polib.POEntry | Conflict]:
    """The obsolete messages (``#~``): those the merge made so (``gone``), then both sides', each once; of two
    versions of one, the one whose translation changed since the base, or both between markers if both did."""
    was = {entry_key(entry): entry for entry in base}
    kept: dict[Key, polib.POEntry | Conflict] = {entry_key(entry): entry for entry in gone}
    for entry in (entry for side in (ours, theirs) for entry in side if entry.obsolete):
        key, first = entry_key(entry), kept.get(entry_key(entry))
        if key in shown or isinstance(first, Conflict) or (first is not None and _text(first) == _text(entry)):
            continue
        if first is None or (key in was and _text(first) == _text(was[key])):
            kept[key] = entry
        elif key not in was or _text(entry) != _text(was[key]):  # changed on both sides: a person chooses
            kept[key] = Conflict(first, entry)
    return list(kept.values())


def _added_twice(lead: polib.POEntry | Conflict, follow: polib.POEntry, theirs_lead: bool
                 ) -> polib.POEntry | Conflict:
    """A message both sides added: the one translated, or both between markers if translated otherwise."""
    if isinstance(lead, Conflict) or _text(lead) == _text(follow) or not has_work(follow):
        return lead
    if not has_work(lead):
        return follow
    return Conflict(follow, lead) if theirs_lead else Conflict(lead, follow)


def _placed(results: list, after: dict[Key | None, list]) -> list:
    """``results`` with each message the other side added after the one it follows there (first: the
    side's first message), in its order; those whose neighbour is gone, at the end."""
    placed: list = []
    waiting = [*reversed(results), *reversed(after.pop(None, ()))]
    while waiting or after:
        if not waiting:  # their neighbour is gone
            waiting = list(reversed(after.pop(next(iter(after)))))
        result = waiting.pop()
        placed.append(result)
        waiting.extend(reversed(after.pop(_shown_key(result), ())))
    return placed


def _message(base: polib.POEntry, ours: polib.POEntry | None, theirs: polib.POEntry | None, theirs_newer: bool
             ) -> polib.POEntry | Conflict | None:
    """One message of the base, as each side has it now (None: it left that side's letter)."""
    if ours is None or theirs is None:  # gone on one side: gone, but a translation made anew on the other,
        kept = ours or theirs           # which stays, obsolete (#~), as `letter update` keeps one
        if kept is None or not _translated_anew(base, kept):
            return None
        return as_obsolete(kept)
    wording = _pick(_wording(base), ours, theirs, _wording, theirs_newer)
    notes = _pick(_notes(base), ours, theirs, _notes, theirs_newer)
    changed = (_translated_anew(base, ours), _translated_anew(base, theirs))
    if all(changed) and _text(ours) != _text(theirs):
        return Conflict(ours, theirs)
    if all(changed):  # the same text on both sides: reviewed where either side reviewed it
        made = ours if not ours.fuzzy else theirs
    else:
        made = ours if changed[0] else theirs if changed[1] else base
    # Translated anew on neither side, the translation is the base's, marked as the side whose English is
    # taken has it: `letter update` marked it there if that English changed.
    state = wording if made is base else made
    result = copy.deepcopy(wording)
    result.comment, result.occurrences = notes.comment, list(notes.occurrences)
    result.msgstr, result.msgstr_plural = made.msgstr, dict(made.msgstr_plural)
    result.tcomment = _comment(base.tcomment, ours.tcomment, theirs.tcomment)
    fuzzy = state.fuzzy
    copy_previous(result, state)
    if _wording(state) != _wording(result) and has_work(made):
        # A draft of English other than its own names the English its side's record holds as last reviewed:
        # that of `letter update`'s draft on the English's side; else the one the translation was made for.
        named = next((entry for entry in (wording, state) if entry.fuzzy and entry.previous_msgid), None)
        if named is None:
            previous_from(result, state)
        else:
            copy_previous(result, named)
        fuzzy = True
    result.flags = [flag for flag in notes.flags if flag != "fuzzy"]
    if fuzzy:
        result.flags.insert(0, "fuzzy")
    else:
        result.previous_msgctxt = result.previous_msgid = result.previous_msgid_plural = None
    return result


def _wording(entry: polib.POEntry) -> tuple:
    """What a translation translates: the context and the English."""
    return entry.msgctxt, entry.msgid, entry.msgid_plural


def _notes(entry: polib.POEntry) -> tuple:
    """What the template says of a message besides: its comments, references and flags."""
    return entry.comment, tuple(map(tuple, entry.occurrences)), tuple(flag for flag in entry.flags if flag != "fuzzy")


def _text(entry: polib.POEntry) -> tuple:
    return entry.msgstr, tuple(sorted(entry.msgstr_plural.items()))


def _comment(base: str, ours: str, theirs: str) -> str:
    """The translator's comment: the side's that changed it; both sides' lines, each once, if both did."""
    if theirs in (base, ours):
        return ours
    if ours == base:
        return theirs
    return "\n".join(dict.fromkeys([*ours.split("\n"), *theirs.split("\n")]))


def _translated_anew(base: polib.POEntry, side: polib.POEntry) -> bool:
    """Whether a side changed the message's translation: its text; its fuzzy mark and ``#|`` where its
    English is the base's; or, where its English changed, a translation reviewed for the new English (an
    approval, or ``--keep-translations``), since a draft's mark came with the English from `letter update`."""
    if _text(side) != _text(base):
        return True
    if _wording(side) != _wording(base):
        return not side.fuzzy and has_work(side)
    return (side.fuzzy, side.previous_msgid) != (
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
    active = {entry_key(entry): entry for entry in catalog if not entry.obsolete}
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


def _renamed_alike(links: dict[Key, polib.POEntry], catalog: polib.POFile, others: dict[Key, polib.POEntry],
                   base: dict[Key, polib.POEntry]) -> None:
    """Link a base message the other side's ``#|`` links to its new English, to this side's message of that
    English where this side has none: the same correction made here too, its ``#|`` gone with an approval
    or with ``--keep-translations``."""
    active = {entry_key(entry): entry for entry in catalog if not entry.obsolete}
    taken = {id(entry) for entry in links.values()}
    for key, other in others.items():
        alike = active.get(entry_key(other))
        if key not in links and alike is not None and id(alike) not in taken and entry_key(other) not in base:
            links[key] = alike
            taken.add(id(alike))


def _similar(links: dict[Key, polib.POEntry], catalog: polib.POFile, base: dict[Key, polib.POEntry]) -> None:
    """Link each base message this side neither kept, named in a ``#|`` nor joined to another (``_joined``) to
    its new message most like it, as `letter update` pairs them (``similar.match_similar``): a correction
    approved, kept reviewed by ``--keep-translations``, or made to a message never translated leaves no ``#|``."""
    taken = {id(entry) for entry in links.values()}
    new = [entry for entry in catalog if not entry.obsolete and entry_key(entry) not in base and id(entry) not in taken]
    old = [entry for key, entry in base.items() if key not in links]
    joined = _joined(new, old)
    old = [entry for entry in old if id(entry) not in joined]
    for n, o in match_similar(new, list(range(len(new))), old, list(range(len(old))), CUTOFF).items():
        links[entry_key(old[o])] = new[n]


def _joined(new: list[polib.POEntry], old: list[polib.POEntry]) -> set[int]:
    """The base messages (of ``old``, by ``id``) a side joined into one of its drafts (of ``new``): two or more
    of a draft's context whose English its ``#|`` holds (``worddiff.joined_into``), as `letter update` writes a
    join's draft. They went into the join, not into the one message most like them: linked to it, a translation
    edited on the other side clashed with the joined draft, where it belongs in the message's obsolete entry."""
    drafts = [entry for entry in new if entry.fuzzy and entry.previous_msgid]
    joined: set[int] = set()
    for context in {entry.msgctxt for entry in drafts}:
        parts = [entry for entry in old if entry.msgctxt == context]
        wholes = [entry.previous_msgid for entry in drafts if entry.msgctxt == context]
        for held in joined_into(wholes, [entry.msgid for entry in parts]).values():
            joined.update(id(parts[part]) for part in held)
    return joined


def _previous(entry: polib.POEntry) -> Key:
    context = entry.previous_msgctxt if entry.previous_msgctxt is not None else entry.msgctxt
    return context, entry.previous_msgid


def _shown_key(result: polib.POEntry | Conflict) -> Key:
    return entry_key(result.ours if isinstance(result, Conflict) else result)


def _header(base: dict[str, str], ours: dict[str, str], theirs: dict[str, str], theirs_later: bool
            ) -> tuple[dict[str, str], list[str]]:
    """The header field by field, and the fields each side set otherwise (ours' value kept meanwhile)."""
    merged: dict[str, str] = {}
    clashing: list[str] = []
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
            value = mine
            clashing.append(name)
        if value is not None:
            merged[name] = value
    return merged, clashing


def _later(one: str, other: str) -> bool:
    """Whether header date ``one`` is later than ``other``, across time zones; as text if either is no date."""
    first, second = po.read_date(one), po.read_date(other)
    return first > second if first is not None and second is not None else one > other


def _with_markers(catalog: polib.POFile, results: list, theirs_header: dict[str, str] | None, replacing: bytes,
                  labels: Labels) -> bytes:
    """The catalog as ``dumps`` writes it in the layout of ``replacing`` (``po.encoded``), each conflict's two
    messages between git's markers, and the header too where ``theirs_header`` is theirs' version of it."""
    width = po.page_width(replacing)

    def written(metadata: dict[str, str], *entries: polib.POEntry) -> str:
        alone = copy.copy(catalog)
        del alone[:]
        alone.metadata = metadata
        alone.extend(entries)
        return po.dumps(alone, width)

    top = written(catalog.metadata)  # "" for a catalog without a header, which gettext allows

    def block(entry: polib.POEntry) -> str:
        return written(catalog.metadata, entry).removeprefix(top).lstrip("\n")

    def head(metadata: dict[str, str]) -> str:
        return written(metadata).rstrip("\n") + "\n"

    def between_markers(ours: str, theirs: str) -> str:
        return f"<<<<<<< {labels.ours}\n{ours}=======\n{theirs}>>>>>>> {labels.theirs}\n"

    parts = ([] if theirs_header is None and not top else
             [head(catalog.metadata) if theirs_header is None else
              between_markers(head(catalog.metadata), head(theirs_header))])
    for result in results:
        if isinstance(result, Conflict):
            parts.append(between_markers(block(result.ours), block(result.theirs)))
        else:
            parts.append(block(result))
    return po.with_line_ends("\n".join(parts).encode("utf-8"), replacing)


def merge_records(base: reviewed.Record, ours: reviewed.Record, theirs: reviewed.Record) -> Merged:
    """Both sides' messages awaiting review, less those one side dropped (reviewed, or gone) while the other
    left them as they were: what the README asks a person to keep of a conflict, as `letter update` then
    drops what no longer awaits review. One revision recorded on both sides is kept once, from the earlier
    day; a message both sides recorded otherwise is written twice, for a person to keep one (``loads``
    names both lines)."""
    merged: list[reviewed.Revision] = []
    clashing: list[str] = []
    for key, revision in ours.items():
        other = theirs.get(key)
        if other is None and base.get(key) == revision:  # reviewed, or gone, on their side
            continue
        if other is None or other == revision or base.get(key) == other:
            merged.append(revision)
        elif base.get(key) == revision:
            merged.append(other)
        elif replace(other, revised=revision.revised) == revision:
            merged.append(min(revision, other, key=lambda kept: kept.revised))
        else:
            merged += [revision, other]
            clashing.append(f"the record of {quoted(revision.english)} holds another translation on each "
                            "side")
    merged += [revision for key, revision in theirs.items() if key not in ours and base.get(key) != revision]
    return Merged(reviewed.dumps(merged), tuple(clashing))
