"""The header entry: the catalog's fields (``Key: value`` lines), and its text as it was read.

polib keeps a header as three attributes of the catalog: ``metadata`` (a dict of
the fields), ``header`` (the translator comment) and ``metadata_is_fuzzy`` (the
flags). A dict cannot say everything a header does: a field given twice, the
spacing inside a value, a last line without ``\\n``, the ``#-#-#-#-#`` sections
msgcat writes when it merges two headers; nor does polib keep the header entry's
extracted comments, references and place among the messages. So the reader keeps
the header entry as it read it (:func:`kept`), and the writer writes its text back
as it was (:func:`header_text`), with only the fields that ``metadata`` changed edited in.
"""
from __future__ import annotations

import datetime
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

import polib

from pipeline.po.entry import POEntry

#: The standard header fields, in the order gettext writes them (xgettext, msginit).
HEADER_FIELDS = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Plural-Forms",
)


@dataclass
class Header:
    """The header entry as the reader found it.

    ``entry`` is the whole entry (its msgstr the header's text, escapes resolved;
    its comments, references, flags); ``segments`` are its string literals and
    ``lines`` the line of each (so that an error in a field points at the field's
    own line), ``line`` the line of its msgstr keyword, and ``position`` how many
    messages, obsolete ones aside, come before it.
    """

    entry: POEntry
    segments: list[str]
    lines: list[int]
    line: int
    position: int

    @property
    def msgstr(self) -> str:
        return self.entry.msgstr

    def line_of(self, needle: str) -> int:
        """The line of the string literal that contains ``needle``, else of the msgstr."""
        for segment, line in zip(self.segments, self.lines, strict=False):
            if needle in segment:
                return line
        return self.line


#: gettext's header date format, e.g. ``2020-05-26 14:30+0000``.
DATE_FORMAT = "%Y-%m-%d %H:%M%z"


def gettext_date(moment: datetime.datetime) -> str:
    """``moment`` as gettext writes a header's date, e.g. ``2020-05-26 14:30+0000``."""
    return moment.strftime(DATE_FORMAT)


def read_date(text: str) -> datetime.datetime | None:
    """A header's date as gettext writes it, or None for one written otherwise (or none)."""
    try:
        return datetime.datetime.strptime(text, DATE_FORMAT)
    except ValueError:
        return None


def now() -> datetime.datetime:
    """The current time for headers, or SOURCE_DATE_EPOCH's, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
    return datetime.datetime.now(datetime.UTC).replace(second=0, microsecond=0)


def fields(msgstr: str) -> dict[str, str]:
    """A header's fields as polib reads them: ``Key: value`` a line, the value stripped, a line
    without a colon continuing the field before it; but a field given twice reads as its first
    line, as GNU's tools read it (msgfmt takes the first ``Plural-Forms``)."""
    found: dict[str, str] = {}
    for name, lines in _groups(msgstr):
        if name is not None and name not in found:
            found[name] = _value(lines)
    return found


def _value(lines: list[str]) -> str:
    """The value of a field given by ``lines``, its ``Key: value`` line and those that continue it."""
    return "\n".join([lines[0].split(":", 1)[1].strip()] + [line.strip() for line in lines[1:]])


@dataclass(frozen=True)
class Repeat:
    """A field the header gives again: the value read (the first's) at line ``first``, and the one given again,
    at line ``line``."""

    name: str
    read: str
    first: int
    value: str
    line: int

    @property
    def alike(self) -> bool:
        """Whether the value given again says what the one read says: the same text, or for Content-Type
        the same but for the case of its media type and charset name (:func:`_caseless`), for Language but for
        case, as letter reads a locale code in any case (BCP 47; ``locales.tag_of``: ``FR`` is ``fr``)."""
        if self.name == "Content-Type":
            return _caseless(self.value) == _caseless(self.read)
        if self.name == "Language":
            return self.value.casefold() == self.read.casefold()
        return self.value == self.read


def _caseless(content_type: str) -> tuple[str, str, str]:
    """A Content-Type value as it compares: what comes before ``charset=`` and the charset's name without
    case, as MIME (RFC 2045, 2046) and the tools read them (GNU, polib and Python's gettext look the name up
    in any case); the word ``charset=`` as written, which they all look for in lower case."""
    before, keyword, charset = content_type.partition("charset=")
    return before.casefold(), keyword, charset.casefold()


def repeats(header: Header | None) -> list[Repeat]:
    """Each field ``header`` gives again after its first, as a merge by git may leave it: :func:`fields`
    reads the first, as GNU's tools do, and polib and Python's gettext the last."""
    if header is None:
        return []
    given: dict[str, list[str]] = {}
    for name, lines in _groups(header.msgstr):
        if name is not None:
            given.setdefault(name, []).append(_value(lines))
    found = []
    for name, values in given.items():
        at = _field_lines(header, name) if len(values) > 1 else []
        found += [Repeat(name, values[0], _nth(at, 0, header), value, _nth(at, n, header))
                  for n, value in enumerate(values[1:], 1)]
    return sorted(found, key=lambda repeat: repeat.line)


def header_fields(values: Mapping[str, str]) -> dict[str, str]:
    """``values`` as a header's fields: the standard ones in gettext's order, then any others."""
    return {**{name: values[name] for name in HEADER_FIELDS if name in values},
            **{name: value for name, value in values.items() if name not in HEADER_FIELDS}}


def set_header_field(metadata: dict[str, str], name: str, value: str) -> dict[str, str]:
    """``metadata`` with ``name`` set to ``value``; a field it lacks goes where gettext puts it."""
    if name in metadata:
        metadata[name] = value
        return metadata
    items = list(metadata.items())
    at = _place([field for field, _ in items], name)
    return dict(items[:at] + [(name, value)] + items[at:])


def with_charset(metadata: dict[str, str]) -> dict[str, str]:
    """``metadata``, or a copy that declares UTF-8 where it declares no charset (a header written by
    hand): the writer refuses text beyond ASCII under such a header, and a catalog is written as UTF-8."""
    if "charset=" in metadata.get("Content-Type", ""):
        return metadata
    return set_header_field(dict(metadata), "Content-Type", "text/plain; charset=UTF-8")


def _place(names: list[str | None], name: str) -> int:
    """Where a field ``name`` goes among fields ``names``: before the first that gettext writes
    after it, else last."""
    later = set(HEADER_FIELDS[HEADER_FIELDS.index(name) + 1:]) if name in HEADER_FIELDS else set()
    return next((at for at, other in enumerate(names) if other in later), len(names))


def _groups(msgstr: str) -> list[tuple[str | None, list[str]]]:
    """The header's lines (without their ``\\n``) by field: each line with a colon starts one,
    named by what comes before the colon; lines before the first field form a group of None."""
    lines = msgstr.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    groups: list[tuple[str | None, list[str]]] = []
    for line in lines:
        if ":" in line:
            groups.append((line.split(":", 1)[0], [line]))
        elif groups:
            groups[-1][1].append(line)
        else:
            groups.append((None, [line]))
    return groups


_KEPT = "_header_as_read"


def keep(catalog: polib.POFile, header: Header) -> None:
    """Record on ``catalog`` the header the reader found, for :func:`header_text` and the writer."""
    setattr(catalog, _KEPT, header)


def kept(catalog: polib.POFile) -> Header | None:
    """The header as read into ``catalog`` (or carried to it), None for a catalog made in code."""
    return getattr(catalog, _KEPT, None)


def field_line(header: Header | None, name: str) -> int:
    """The line of the header's field ``name`` as it was read (a field of its own, not one whose name
    ends so: ``X-Poedit-Language``): of its msgstr where the field is missing, and 1 for a header
    made in code."""
    return 1 if header is None else _nth(_field_lines(header, name), 0, header)


def _field_lines(header: Header, name: str) -> list[int]:
    """The line of each time the header gives its field ``name``, in order, as it was read."""
    field = re.compile(rf"(?:^|\n){re.escape(name)}:")
    return [line for segment, line in zip(header.segments, header.lines, strict=False)
            for _ in field.finditer(segment)]


def _nth(lines: list[int], n: int, header: Header) -> int:
    """The ``n``th of a field's ``lines``; the header's msgstr line where they are not known."""
    return lines[n] if n < len(lines) else header.line


def carry_header(source: polib.POFile, target: polib.POFile) -> None:
    """Give ``target``, a catalog made from ``source`` (a merge), the header ``source`` was read
    with, so that it is written back as it was but for what ``target.metadata`` changes."""
    header = kept(source)
    if header is not None:
        keep(target, header)


def header_text(catalog: polib.POFile) -> str:
    """The header's text (its msgstr) to write for ``catalog``.

    A catalog made in code gets one ``Key: value`` line a field of ``metadata``. A
    catalog that was read gets the text it was read with, byte for byte, if its
    ``metadata`` still reads so (:func:`fields`); else that text with the line of each
    field that changed rewritten (its first, the one readers read, as msgmerge does),
    every line of a field removed taken out, and new fields put where gettext puts them.
    """
    metadata = dict(catalog.metadata or {})
    header = kept(catalog)
    if header is None:
        return "".join(f"{name}: {value}\n" for name, value in metadata.items())
    original = header.msgstr
    before = fields(original)
    if before == metadata:
        return original
    groups = _groups(original)
    out: list[tuple[str | None, list[str]]] = []
    seen: set[str] = set()
    for name, lines in groups:
        if name is None:
            out.append((name, lines))
        elif name in metadata:
            changed = name not in seen and metadata[name] != before[name]
            out.append((name, [f"{name}: {metadata[name]}"] if changed else lines))
            seen.add(name)
    for name, value in metadata.items():
        if name not in before:
            out.insert(_place([written for written, _ in out], name), (name, [f"{name}: {value}"]))
    if not out:
        return ""
    # The text ends as it did, with or without "\n", while its last line is the same.
    ending = "" if out[-1][1] is groups[-1][1] and not original.endswith("\n") else "\n"
    return "\n".join(line for _, lines in out for line in lines) + ending
