"""The translations last reviewed before their English changed, kept beside each catalog.

When the English of a message changes, ``letter update`` keeps the old translation in
the catalog as a fuzzy draft, with the old English as ``#| msgid``, and a translator
then edits it until it is reviewed again. A published edition must meanwhile show
what was last reviewed, never a half-done edit nor a machine draft. The catalog
cannot be trusted to keep that text: any editor may change the fuzzy translation,
and gettext has no field for a previous translation. So ``letter update`` records it
in ``<domain>.reviewed.json`` beside the catalog, a file that Poedit, Weblate and
msgmerge never open, and that git shows as a plain diff: one message a line, so that a
diff or a merge conflict is made of whole messages.

An entry names the message as it is now (context and English), the English its
translation was reviewed against, the translation, and the day the English was
revised (the template's creation date, set by ``letter extract`` when the source
changed). Paragraphs joined have one entry, whose English and translation are theirs
joined; a paragraph split in two, two: the one that kept the translation, and the one
split off, which names the same English with no translation of its own
(``Revision.split_off``), so that an edition shows what it says once. An entry lives
as long as its message awaits review: the next ``letter update`` drops it once the
message is reviewed or gone (one split off, once the translation that holds it is no
longer shown), and carries it over when the English changes again before anyone
reviewed it.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import polib

from pipeline import po
from pipeline.errors import InputError, NestedTooDeep, decoded, half_character, read_json, reading, refuse_conflict
from pipeline.model import Key, day, translated
from pipeline.po import entry_key
from pipeline.worddiff import made_of
from pipeline.wording import quoted

SUFFIX = ".reviewed.json"
WHAT = "the record of reviewed translations"
ABOUT = ("Translations last reviewed before their English changed. `letter update` writes this file; published "
         "editions show the title's and the paragraphs' until they are reviewed again, and an edit of the English "
         "undone makes any of them reviewed again. Do not edit it by hand.")
#: What to do about a merge conflict left in the file. Each side holds what its branch awaits review,
#: and the union is a valid record: an entry whose message is reviewed or gone is not shown, and the
#: next ``letter update`` drops it (``carried``). Only one side, or none, would lose what editions show.
MERGED = ("keep the messages of both sides (a line each), a comma after each but the last, and delete the marker "
          "lines; `letter update` then drops those no longer awaiting review. Do not take one side or delete "
          "the file: it alone keeps the translations last reviewed that published editions show")
#: The fields of a message, in the order the file gives them.
FIELDS = ("context", "english", "previous", "translation", "revised")


@dataclass(frozen=True)
class Revision:
    """A message whose English changed after its translation was reviewed."""

    context: str | None
    english: str       # the English as it is now
    previous: str      # the English the translation was reviewed against ("" for a message added since)
    translation: str   # the translation as it was last reviewed ("" for a message added or split off since)
    revised: str       # the day the English changed, YYYY-MM-DD

    @property
    def key(self) -> Key:
        return (self.context, self.english)

    @classmethod
    def added_since(cls, english: str, revised: str) -> Revision:
        """A paragraph added since the catalog had reviewed translations, shown in English under the notice;
        or one whose parts had none to show whole (joined to such a one): nothing of it lost."""
        return cls(None, english, "", "", revised)

    @property
    def split_off(self) -> bool:
        """Whether the message was split off another since: its English is in ``previous``, whose last
        reviewed translation another entry holds, and which an edition shows at that other message."""
        return bool(self.previous) and not translated(self.translation)


Record = dict[Key, Revision]


def path_of(catalog: Path) -> Path:
    """``locales/fr/LC_MESSAGES/letter.po`` → ``letter.reviewed.json`` beside it."""
    return catalog.with_name(catalog.stem + SUFFIX)


def loads(data: bytes, path: Path | str) -> Record:
    """A record from its file's bytes; a file that is not one is an error that says what to do.

    JSON readers keep the last of two fields of a name, and a dict the last of two messages: either
    would lose a translation last reviewed without a word, so both are refused at their line, but
    for one revision recorded on two branches on two days, which is kept once, from the earlier day.
    """
    refuse_conflict(data, path, MERGED)
    text = decoded(data, path)
    try:
        document = read_json(text, object_pairs_hook=_once)
        revisions = [Revision(*(item[name] for name in FIELDS)) for item in document["messages"]]
        if not all(isinstance(value, str) for revision in revisions for value in
                   (revision.english, revision.previous, revision.translation, revision.revised)) \
                or not all(revision.context is None or isinstance(revision.context, str) for revision in revisions):
            raise TypeError
    except _GivenTwice as twice:
        raise InputError(path, _places(text)[1], f'a message gives "{twice.name}" twice: two messages were joined '
                         "into one, as a merge conflict resolved inside a message leaves them; make each its own "
                         f"{{…}} with all five fields ({', '.join(FIELDS)}), copying those they shared, then run "
                         "`letter update`") from None
    except NestedTooDeep as deep:  # no merge's slip
        raise InputError(path, None, f"not a record of reviewed translations: {deep}; restore the file from git"
                         ) from None
    except json.JSONDecodeError as error:
        lines = text.split("\n")
        before, here = (lines[error.lineno - 2], lines[error.lineno - 1]) if error.lineno > 1 else ("", "")
        if error.msg == "Expecting ',' delimiter" and before.rstrip().endswith("}") and here.lstrip().startswith("{"):
            raise InputError(path, error.lineno - 1, "the message on this line has no comma after it, before the next "
                                                     "(as a merge that kept both sides' lines leaves it): add one at "
                                                     "its end") from None
        kept = text[:error.pos].rstrip()
        if error.msg == "Expecting value" and kept.endswith(",") and text.startswith("]", error.pos):
            raise InputError(path, kept.count("\n") + 1, "a comma after the last message: remove it") from None
        at = f"{error.msg}{'' if error.msg.endswith(' at') else ' at'} column {error.colno}"
        hint = _JSON_HINTS.get(error.msg)
        raise InputError(path, error.lineno, f"not a record of reviewed translations: {at}"
                         + (f" ({hint}); mend it there, or restore the file from git" if hint else f"; {_MEND}")
                         ) from None
    except (KeyError, TypeError):
        raise InputError(path, None, "not a record of reviewed translations (each message needs context, "
                                     f"english, previous, translation and revised); {_MEND}") from None
    record: Record = {}
    for number, revision in enumerate(revisions):
        try:
            day(revision.revised)
        except ValueError as reason:
            raise InputError(path, _places(text)[0][number], f"revised is {revision.revised!r}: {reason} "
                             f"(2026-12-04); {_MEND}") from None
        for name in FIELDS[:-1]:
            if half := half_character(getattr(revision, name) or ""):
                raise InputError(path, _places(text)[0][number], f"{name}: {half}")
        first = record.get(revision.key)
        if first is None:
            record[revision.key] = revision
        elif replace(first, revised=revision.revised) == revision:  # the same revision, merged from two branches
            record[revision.key] = min(first, revision, key=lambda kept: kept.revised)
        else:
            starts = _places(text)[0]
            raise InputError(path, starts[number], f"the message {quoted(revision.english)} is recorded "
                             f"twice (first on line {starts[revisions.index(first)]}), with other texts: keep the line "
                             "whose translation is the one last reviewed, and delete the other")
    return record


#: What to do with a file that is no record: a merge's is mended, since restoring it would lose a side.
_MEND = ("mend it (after a merge, keep both sides' messages, a comma after each but the last), or restore the "
         "file from git if no merge left it so")


#: What json's words for a slip mean in this file, where they are not a merge's (a comma missing or left over is
#: told before): for these, what ``_MEND`` says of a merge does not apply.
_JSON_HINTS = {
    "Extra data": "the record ends before it, at its last '}'",
    "Expecting value": "a text in double quotes, a list or an object is missing there",
    "Unterminated string starting at": 'a quote opened there is never closed; a quote inside a text is written \\"',
    "Invalid control character at": "a text in quotes goes on past its line's end or holds a tab there: close its "
                                    "quote on its line, and write a tab as \\t",
}


class _GivenTwice(Exception):
    def __init__(self, name: str) -> None:
        self.name = name


def _once(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """A JSON object whose names are each given once."""
    seen: set[str] = set()
    for name, _value in pairs:
        if name in seen:
            raise _GivenTwice(name)
        seen.add(name)
    return dict(pairs)


#: A JSON string, a field's name when a colon follows it, or a brace.
_TOKEN = re.compile(r'(?P<string>"(?:[^"\\]|\\.)*")(?P<name>\s*:)?|(?P<brace>[{}])')


def _places(text: str) -> tuple[list[int], int | None]:
    """Where the file lays out its record, for an error to name: the line each message starts on, and
    that of the first field given twice in one message (None for none). A brace or a quote inside a
    text is part of a JSON string, which is read whole."""
    starts: list[int] = []
    fields: list[set[str]] = []  # the names given so far in each object open, the document's first
    twice: int | None = None
    line, at = 1, 0
    for match in _TOKEN.finditer(text):
        line, at = line + text.count("\n", at, match.start()), match.start()
        if match["brace"] == "{":
            fields.append(set())
            starts += [line] if len(fields) == 2 else []
        elif match["brace"] == "}":
            fields = fields[:-1]
        elif match["name"] and fields:
            name = json.loads(match["string"])
            twice = line if twice is None and name in fields[-1] else twice
            fields[-1].add(name)
    return starts, twice


def load(path: Path) -> Record:
    """The record beside a catalog, or an empty one where there is none."""
    return read(path)[0]


def read(path: Path) -> tuple[Record, bytes | None, os.stat_result | None]:
    """The record beside a catalog with its file's bytes and status as read, for a build to record
    what it was made from; an empty record, and None for both, where there is none (a link to nowhere is
    one that cannot be read)."""
    if not os.path.lexists(path):
        return {}, None, None
    with reading(path, WHAT), open(path, "rb") as file:
        data, stat = file.read(), os.fstat(file.fileno())
    return loads(data, path), data, stat


def dumps(record: Record | Iterable[Revision]) -> bytes:
    """The record (or its revisions, one message twice among them for a person to choose) as its file
    holds it: in catalog order, one stable layout, so diffs show only real changes; a message a line,
    which JSON's own layouts cannot give."""
    messages = [json.dumps({name: getattr(revision, name) for name in FIELDS}, ensure_ascii=False)
                for revision in (record.values() if isinstance(record, dict) else record)]
    return (f'{{\n  "about": {json.dumps(ABOUT, ensure_ascii=False)},\n  "messages": [\n'
            + "".join(f"    {message}{',' if n < len(messages) else ''}\n" for n, message in enumerate(messages, 1))
            + "  ]\n}\n").encode("utf-8")


def restore(after: polib.POFile, record: Record) -> int:
    """Mark reviewed again each draft of ``after`` (a merged catalog) whose English is back as its
    translation was reviewed for (an edit of the English undone) while its translation is still the
    one the record holds: the draft's ``#|`` English is its English, and nobody has touched it since.
    Not a draft of paragraphs joined as they were written (its ``#|`` is its English, but no edit was
    undone: the record names it as it is). How many were; the record loses them in ``carried``."""
    reviewed_for = by_previous(record)
    back = 0
    for entry in after:
        key = entry_key(entry)
        kept = reviewed_for.get(key) if entry.fuzzy and not entry.obsolete else None
        if (kept is not None and kept.key != key and entry.msgstr == kept.translation
                and (entry.previous_msgctxt, entry.previous_msgid) == key):
            po.mark_reviewed(entry)
            back += 1
    return back


def named_again(after: polib.POFile, record: Record) -> None:
    """Give the ``#|`` lines back to each draft of ``after`` that lost them while the record names the English
    its translation was reviewed for: a merge tool may drop them (Weblate's merge driver does on a rebase),
    and the draft is to say what changed, as the record does."""
    for entry in after:
        lost = not entry.previous_msgid and (entry.fuzzy or not entry.msgstr)  # (a draft emptied is one too)
        kept = record.get(entry_key(entry)) if lost else None
        if kept is not None and translated(kept.translation) and not entry.obsolete:
            entry.previous_msgctxt, entry.previous_msgid = kept.context, kept.previous


def by_previous(record: Record) -> dict[Key, Revision]:
    """The record's entries by the English their translation was reviewed for (but those split off, which
    name another's)."""
    return {(r.context, r.previous): r for r in record.values() if translated(r.translation)}


def carried(before: polib.POFile, after: polib.POFile, record: Record, revised: str,
            joined: Mapping[Key, tuple[Key, ...]], space: str) -> Record:
    """The record after a merge turned the catalog ``before`` into ``after``.

    A message awaiting review keeps its entry; a message whose English changed, and
    whose translation had been reviewed, gets one (taken from ``before`` through its
    ``#|`` fields, which name the English the translation was made for); a message
    revised again before review keeps the translation that was reviewed; a message
    added to a catalog that has reviewed translations gets one with no translation
    (``previous`` and ``translation`` empty), so that its edition can say since when. Anything
    reviewed or gone leaves the record. A signatory's part (a message with a context) is kept
    too, so that an edit of its English undone makes it reviewed again (``restore``), but never
    shown (``publication.shown``): while it awaits review its edition shows it in English, and a
    part added since needs no date.

    Paragraphs joined (``joined``: a message's draft made of old messages, as ``merge`` tells) get
    their translations last reviewed joined with ``space`` (what the language writes between two
    sentences), and their English with a space; or, where one of them has none (a paragraph added
    since among them, whose draft, if never translated, holds only the others': ``_added_and_gone``),
    an entry of a paragraph added since. A paragraph split off (``_split``) names the English whose translation
    holds it, and stays while that translation is shown, even reviewed: shown too, it would be
    read twice.
    """
    reviewed_for = by_previous(record)
    old = {entry_key(entry): entry for entry in before if not entry.obsolete}
    started = any(_reviewed(entry) for entry in old.values())
    result: Record = {}
    done: set[Key] = set()  # reviewed
    absorbed = _added_and_gone(after, record, old)
    for entry in after:
        key = entry_key(entry)
        if entry.obsolete:
            continue
        if _reviewed(entry):
            done.add(key)
            if key in record and record[key].split_off:  # (``_split`` drops it once nothing holds it)
                result[key] = record[key]
            continue
        if key in record:
            result[key] = record[key]
            continue
        if absorbed and entry.msgctxt is None and made_of(entry.msgid, absorbed):
            result[key] = Revision.added_since(entry.msgid, revised)
            continue
        if key in joined:
            last = [_last_reviewed(part, old, record) for part in joined[key]]
            if all(last):
                result[key] = Revision(entry.msgctxt, entry.msgid, " ".join(english for english, _ in last),
                                       space.join(translation for _, translation in last), revised)
            elif started and entry.msgctxt is None:
                result[key] = Revision.added_since(entry.msgid, revised)
            continue
        if entry.previous_msgid is None:
            if started and key not in old and not translated(entry.msgstr) and entry.msgctxt is None:
                result[key] = Revision.added_since(entry.msgid, revised)
            continue
        previous = (entry.previous_msgctxt, entry.previous_msgid)
        # The draft's #| names the English it was reviewed for, or, for a message whose English changed
        # again before review, the English it had then: its entry under that key is carried on, unless
        # that message was reviewed since (no update ran between), whose entry is then stale.
        source = old.get(previous)
        kept = reviewed_for.get(previous) or (None if _reviewed(source) else record.get(previous))
        if kept is not None:
            result[key] = Revision(entry.msgctxt, entry.msgid, kept.previous, kept.translation,
                                   revised if kept.previous else kept.revised)  # added since: since when
        elif source is not None and _reviewed(source) and entry.previous_msgctxt == entry.msgctxt:
            result[key] = Revision(entry.msgctxt, entry.msgid, source.msgid, source.msgstr, revised)
    return _split(after, result, set(result) - set(record), done)


def _added_and_gone(after: polib.POFile, record: Record, old: Mapping[Key, polib.POEntry]) -> list[str]:
    """The English of the paragraphs added since (shown in English) that ``after`` no longer has: one joined
    to another, whose draft holds only that other's translation, makes the paragraph they became one added
    since, shown in English whole, or the edition would drop the added words. Not one reviewed since (in
    ``old``, the catalog before the merge), whose translation the draft holds as any other's."""
    gone = [revision for key, revision in record.items()
            if not revision.previous and revision.context is None and not _reviewed(old.get(key))]
    if not gone:
        return []
    now = {entry_key(entry) for entry in after if not entry.obsolete}
    return [revision.english for revision in gone if revision.key not in now]


def _last_reviewed(key: Key, old: Mapping[Key, polib.POEntry], record: Record) -> tuple[str, str] | None:
    """The English a message's translation was last reviewed for, and that translation; None for none. A
    message reviewed since its record's entry was made has its own, but one split off, whose English the
    translation of another part says too."""
    kept, entry = record.get(key), old.get(key)
    if _reviewed(entry) and not (kept is not None and kept.split_off):
        return entry.msgid, entry.msgstr
    if kept is not None and translated(kept.translation):
        return kept.previous, kept.translation
    return None


def _reviewed(entry: polib.POEntry | None) -> bool:
    return entry is not None and translated(entry.msgstr) and not entry.fuzzy


def _split(after: polib.POFile, result: Record, new: set[Key], done: set[Key]) -> Record:
    """``result`` with each paragraph added since (of ``new``) that was split off a revised one next to it
    (its English in the English that one's translation was reviewed for, and no longer in its own; or in
    another split off it) recorded as split off; and each split off whose translation is no longer shown
    (its paragraph reviewed) added since, or gone if reviewed."""
    if not any(revision.split_off for revision in result.values()) and not any(
            not result[key].previous for key in new):  # nothing split, nor added to be (most updates)
        return result
    result = dict(result)
    order = [entry_key(entry) for entry in after if not entry.obsolete and entry.msgctxt is None]
    for keys in (order, order[::-1]):  # the part split off after the one that kept the translation, or before
        holding: Revision | None = None
        for key in keys:
            revision = result.get(key)
            if revision is not None and translated(revision.translation) and revision.previous:
                holding = revision
            elif revision is not None and holding is not None and key in new and not revision.previous \
                    and made_of(holding.previous, [key[1]]) and not made_of(holding.english, [key[1]]):
                result[key] = replace(revision, previous=holding.previous)
            elif revision is None or holding is None or revision.previous != holding.previous:
                holding = None
    shown = {(revision.context, revision.previous) for revision in result.values() if translated(revision.translation)}
    for key, revision in list(result.items()):
        if revision.split_off and (revision.context, revision.previous) not in shown:
            if key in done:
                del result[key]
            else:
                result[key] = replace(revision, previous="")
    return result
