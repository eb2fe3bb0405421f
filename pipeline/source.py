"""Reading ``source/`` into the ``Letter`` model.

The editor writes the letter by hand: Markdown with YAML front matter for the
title, date and publisher, and a YAML list of signatories. Hand-written files
go wrong in small ways, so every mistake becomes an ``InputError`` naming the
file, the line and what to fix, instead of a traceback or a silently wrong edition.
"""
from __future__ import annotations

import datetime
import os
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from itertools import accumulate
from pathlib import Path

import yaml
from markdown_it.common.html_blocks import block_names

from pipeline.config import CONFIG_FILE, Config
from pipeline.errors import InputError, decoded, refuse_conflict
from pipeline.markup import HTML_TAG, stray_marks, unmade_links, unwanted
from pipeline.model import FEMININE, MAX_UNIT_LENGTH, Key, Letter, Origin, Part, Signatory, Text, day

FRONT_MATTER_FENCE = "---"
FRONT_MATTER_KEYS = ("title", "date", "publisher", "revised")
SIGNATORY_KEYS = ("name",) + tuple(part.value for part in Part) + ("gender",)
GENDERS = (FEMININE, "masculine")
PART_KEYS = frozenset(part.value for part in Part)
#: Each part's key in the file with the part, in ``Part`` order: an Enum member's ``value`` is
#: a property, too slow to ask for each part of every signatory.
PARTS_BY_KEY = tuple((part.value, part) for part in Part)
#: Block-level Markdown, which an edition would show as text: a paragraph holds inline Markdown only
#: (``markup``). A line of a paragraph that starts as a heading, a list item, a quotation or a code
#: block, a rule or a heading's underline, and what to say about it; an ordered item only where a
#: paragraph starts, as CommonMark reads it.
BLOCKS = (
    (re.compile(r"#{1,6}(\s|$)"), "headings are not part of the letter's body; the title belongs in the front matter"),
    (re.compile(r"[-*+]\s"), "lists are not part of the letter's body: write each item as a paragraph of its own, "
                               "or begin the line with \\ to keep the mark as text"),
    (re.compile(r">"), "quotations are not part of the letter's body: write the quotation in the paragraph, "
                       "within quotation marks"),
    (re.compile(r"```|~~~"), "code blocks are not part of the letter's body: mark code in a paragraph "
                             "with `backticks`"),
    (re.compile(r"(?:[-*_]\s*){3,}$|=+\s*$"), "rules and underlined headings are not part of the letter's body: "
                                              "leave a blank line between paragraphs"),
    (re.compile(r"\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)+\|?\s*$"), "tables are not part of the letter's body: write "
                                                                "what they say in paragraphs"),
)
#: A link definition, as CommonMark reads one where a paragraph starts: a label, an address, and
#: nothing after but a title in quotes or brackets ("[Update]: The letter…" is a sentence).
LINK_DEFINITION = re.compile(r"""\[[^\]]+\]:\s*(?:<[^>]*>|\S*[:/.#]\S*)\s*(?:"[^"]*"|'[^']*'|\([^)]*\))?\s*$""")
#: A line that starts an HTML block, as CommonMark reads one: a block element's tag (markdown-it's list).
HTML_BLOCK = re.compile(rf"</?(?:{'|'.join(block_names)})(?:\s|/?>|$)", re.IGNORECASE)
HTML = ("HTML is not part of the letter: write the text itself, with inline Markdown for *emphasis* and "
        "[links](https://…), or write \\< to keep a < as text")
#: Inline Markdown that a message would show as stray marks (the editions parse links, emphasis and
#: code only, in the message alone), and what to say about it.
STRAY_INLINE = (
    # [words][label] or [words][]: a label is no number ("as reported [1][2]" is text).
    (re.compile(r"\]\[(?:\]|[^\]\d][^\]]*\])"), "reference links are not part of the letter: write the address in "
                                                 "the link itself, [as here](https://…)"),
    (re.compile(r"\[\^[^\]]+\]"), "footnotes are not part of the letter: write the note in a paragraph of its own"),
    (re.compile(rf"(?<!\\)(?:{HTML_TAG.pattern}|<!--)"), HTML),  # a whole tag or a comment, not escaped
)
#: How far a paragraph's first line is indented before CommonMark reads it as code.
CODE_INDENT = 4
NOT_NFC = "not in Unicode NFC, so translation tools may not match it; re-save the file normalized (most editors can)"
ORDERED_ITEM = re.compile(r"\d{1,9}[.)]\s")
IMAGE = re.compile(r"!\[[^\]]*\]\(")


def read_configured(config: Config) -> Letter:
    """The letter in the project's source files (``[tool.letter] source`` and ``signatories``).

    A ``pyproject.toml`` without that table whose default source is not there is most likely another
    project's: that is said, rather than that ``source/letter.md`` is missing."""
    if not config.tabled and not config.source.exists():
        raise InputError(config.root / CONFIG_FILE, None, f"has no [tool.letter] table, and the default letter "
                                                          f"{config.relative(config.source)} is not there: is this "
                                                          "the letter's project? Run the command in its folder, or "
                                                          "pass --project DIR")
    return read_letter(config.source, config.signatories, display_root=config.root)


def read_letter(letter_path: str | os.PathLike[str], signatories_path: str | os.PathLike[str],
                *, display_root: Path | None = None) -> Letter:
    """Read the letter and its signatories; paths in errors and references are
    shown relative to ``display_root`` (the project) so catalogs do not depend on
    where the project was cloned."""
    letter_name = _display(letter_path, display_root)
    signatories_name = _display(signatories_path, display_root)
    title, date, publisher, paragraphs, revised = parse_letter(_read(letter_path, letter_name, markdown=True),
                                                               letter_name)
    signatories = parse_signatories(_read(signatories_path, signatories_name), signatories_name)
    return Letter(title=title, date=date, publisher=publisher, paragraphs=paragraphs,
                  signatories=signatories, revised=revised)


def _display(path: str | os.PathLike[str], root: Path | None) -> str:
    path = Path(path)
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def _read(path: str | os.PathLike[str], name: str, markdown: bool = False) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        hint = (f"; the letter's files are where [tool.letter] source and signatories in {CONFIG_FILE} say"
                if isinstance(error, FileNotFoundError) else "")
        raise InputError(name, None, f"cannot read the file: {error.strerror}{hint}") from None
    refuse_conflict(data, name, markdown=markdown)
    text = decoded(data, name)
    if "\0" in text:
        line = text[: text.index("\0")].count("\n") + 1
        raise InputError(name, line, "the file contains a NUL byte; remove it")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_letter(text: str, path: str) -> tuple[Text, datetime.date, Text, tuple[Text, ...], datetime.date | None]:
    """Split the letter into front matter fields and body paragraphs: its title, date, publisher,
    paragraphs, and the day its English was last corrected after publication (``revised``), if it was."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FRONT_MATTER_FENCE:
        raise InputError(path, 1, "the letter must begin with front matter: a '---' line, "
                                  "then 'title:', 'date:' and 'publisher:', then '---'")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FRONT_MATTER_FENCE)
    except StopIteration:
        raise InputError(path, 1, "the front matter opened here is never closed; "
                                  "add a '---' line after it") from None
    fields = _front_matter(lines[1:end], path)
    title = _required_string(fields, "title", path)
    publisher = _required_string(fields, "publisher", path)
    date = _date(fields, path)
    revised = _date(fields, path, "revised") if "revised" in fields else None
    if revised is not None and revised < date:
        raise InputError(path, fields["revised"][1], f"'revised' ({revised.isoformat()}) is before the letter's "
                                                     f"date ({date.isoformat()}); write the day the English was "
                                                     "corrected after publication")
    # Every edition would date its correction so: a day past tomorrow (a time zone ahead of the machine's
    # clock is today there) is a slip of the keyboard (2031 for 2026), not a correction made.
    if revised is not None and revised > datetime.date.today() + datetime.timedelta(days=1):
        raise InputError(path, fields["revised"][1], f"'revised' ({revised.isoformat()}) is a day to come; write "
                                                     "the day the English was corrected after publication")
    paragraphs = _paragraphs(lines, end + 1, path)
    if not paragraphs:
        raise InputError(path, end + 2, "the letter has no paragraphs; write its text after the front matter")
    return title, date, publisher, paragraphs, revised


def _front_matter(lines: list[str], path: str) -> dict[str, tuple[object, int]]:
    """Parse the YAML between the fences; values come with their 1-based line."""
    node = _compose("\n".join(lines), path, 2, "the front matter is not valid YAML")
    if not isinstance(node, yaml.MappingNode):
        raise InputError(path, 2, "the front matter must be 'key: value' lines "
                                  f"({', '.join(FRONT_MATTER_KEYS)})")
    # Construct each scalar as YAML types it, so that ``date: 2020-05-26`` is a date.
    constructor = yaml.SafeLoader("")
    fields: dict[str, tuple[object, int]] = {}
    for key, value_node, line in _keys(node, FRONT_MATTER_KEYS, "front matter", path, offset=2):
        if _tagged(value_node, lines):
            raise InputError(path, line, f"{key!r} {_TAGGED}")
        if not isinstance(value_node, yaml.ScalarNode):
            raise InputError(path, line, f"{key!r} must be a single value")
        try:
            fields[key] = (constructor.construct_object(value_node), line)
        except ValueError:  # a scalar YAML reads as a date that is none, such as 2020-13-45
            fields[key] = (value_node.value, line)
        except (yaml.YAMLError, AttributeError, TypeError):  # what YAML cannot make a value of
            raise InputError(path, line, f"{key!r} is no value YAML can read: put it in quotes") from None
    return fields


def _required_string(fields: dict[str, tuple[object, int]], key: str, path: str) -> Text:
    if key not in fields:
        raise InputError(path, 1, f"the front matter has no {key!r}; add '{key}: ...'")
    value, line = fields[key]
    if not isinstance(value, str) or not value.strip():
        raise InputError(path, line, f"{key!r} must be non-empty text")
    return _checked(Text(" ".join(value.split()), Origin(path, line)), repr(key))


def _date(fields: dict[str, tuple[object, int]], path: str, key: str = "date") -> datetime.date:
    if key not in fields:
        raise InputError(path, 1, f"the front matter has no {key!r}; add '{key}: YYYY-MM-DD'")
    value, line = fields[key]
    if isinstance(value, datetime.datetime):  # a day and a time: the day alone is what an edition shows
        raise InputError(path, line, f"{key!r} must be a date written YYYY-MM-DD, without a time")
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):  # YAML reads yes, no, true and off so
        raise InputError(path, line, f"{key!r} must be a date written YYYY-MM-DD, the day "
                                     f"{'the English was corrected' if key == 'revised' else 'of the letter'}, "
                                     "not yes or no")
    if value is None:
        optional = ", or remove the line" if key != "date" else ""
        raise InputError(path, line, f"{key!r} has no date: write it as YYYY-MM-DD{optional}")
    try:
        return day(str(value).strip())
    except ValueError as reason:
        raise InputError(path, line, f"{key!r} must be a date written YYYY-MM-DD, not {value!r} ({reason})"
                         ) from None


def _paragraphs(lines: list[str], start: int, path: str) -> tuple[Text, ...]:
    """Paragraphs are runs of non-blank lines; a hard-wrapped paragraph is one unit."""
    paragraphs: list[Text] = []
    run: list[str] = []
    first = 0
    for index in range(start, len(lines) + 1):
        line = lines[index] if index < len(lines) else ""
        if line.strip():
            if not run and _indent(line) >= CODE_INDENT:
                raise InputError(path, index + 1, "indented code is not part of the letter's body: start the "
                                                  "paragraph at the margin, and mark code with `backticks`")
            _check_inline(line.lstrip(), starts=not run, path=path, line=index + 1)
            if not run:
                first = index + 1
            run.append(line.strip())
        elif run:
            paragraph = _checked_length(Text(" ".join(run), Origin(path, first)), "this paragraph")
            _check_marks(paragraph, "this paragraph", run)
            paragraphs.append(paragraph)
            run = []
    return tuple(paragraphs)


def _indent(line: str) -> int:
    """How many columns a line is indented, a tab stopping every four as in CommonMark."""
    expanded = line.expandtabs(CODE_INDENT)
    return len(expanded) - len(expanded.lstrip())


def _check_inline(text: str, *, starts: bool, path: str, line: int) -> None:
    """A line of a paragraph (``starts`` it) holds no block-level Markdown, no image, no character
    that is never content, and is in NFC."""
    problem = _characters(text)
    if problem:
        raise InputError(path, line, problem)
    for pattern, message in BLOCKS:
        if pattern.match(text):
            raise InputError(path, line, message)
    if starts and ORDERED_ITEM.match(text):
        raise InputError(path, line, "lists are not part of the letter's body: write each item as a paragraph of "
                                     "its own, or write the number as 1\\. to keep it as text")
    if starts and LINK_DEFINITION.match(text):
        raise InputError(path, line, "link definitions are not part of the letter: write the address in the link "
                                     "itself, [as here](https://…), or begin the line with \\ to keep it as text")
    if HTML_BLOCK.match(text):
        raise InputError(path, line, HTML)
    if IMAGE.search(text):
        raise InputError(path, line, "images are not part of the letter: link to the picture instead, "
                                     "[as here](https://…)")
    for pattern, message in STRAY_INLINE:
        if pattern.search(text):
            raise InputError(path, line, message)
    unmade = next(iter(unmade_links(text)), None)
    if unmade is not None:
        raise InputError(path, line, f"{unmade} is not made a link in an edition: link to a web or mail address "
                                     "(https://…, mailto:…)")


def _compose(text: str, path: str, first_line: int, invalid: str) -> yaml.Node | None:
    """The YAML node tree of ``text`` (line ``first_line`` of ``path``), with its lines, from LibYAML's
    parser where there is one (the signatories are many); a text it refuses is parsed again by PyYAML,
    whose error says what is wrong in the same words everywhere, and becomes ``invalid: what`` at its line.
    A character YAML does not allow (a control character) is refused before parsing starts, by an error
    that carries a position, not a line."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            pass
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark, problem = _yaml_problem(error)
        line = mark.line if mark else 0
        opened = _unclosed_quote(text, line)
        if opened is not None:  # where it went wrong, not where YAML found out
            line, problem = opened, f"{UNCLOSED}, so YAML read on to line {line + first_line}: close it on this line"
        raise InputError(path, line + first_line, f"{invalid}: {problem}") from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + first_line
        raise InputError(path, line, f"{invalid}: it holds the character U+{error.character:04X}, which YAML "
                                     "does not allow; remove it") from None


def _keys(node: yaml.MappingNode, allowed: tuple[str, ...], what: str, path: str, *, offset: int
          ) -> Iterator[tuple[str, yaml.Node, int]]:
    """The mapping's keys with their values and lines; an unknown or repeated key is an error,
    because YAML itself would keep the last of two silently and a typo would lose a line."""
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + offset
        key = key_node.value
        if key not in allowed:
            raise InputError(path, line, f"unknown {what} field {key!r}; the fields are {', '.join(allowed)}")
        if key in seen:
            raise InputError(path, line, f"{key!r} is given twice (first on line {seen[key]}): keep one")
        seen[key] = line
        yield key, value_node, line


def _characters(text: str) -> str | None:
    """What is wrong with the characters of a text of the letter: one that is never content, or
    not being in NFC; None when nothing is."""
    return unwanted(text) or (None if unicodedata.is_normalized("NFC", text) else NOT_NFC)


def _checked(text: Text, what: str, *, shown: bool = True) -> Text:
    """A one-line text of the letter (the title, a signatory's field) that can be a message: its
    characters (``_characters``), its length, and, for a text editions show (not a sense, which only
    tells translators apart), no HTML and no stray mark (``_check_marks``). A paragraph's lines are
    checked as they are read, for their own line numbers."""
    problem = _characters(_checked_length(text, what).text)
    if problem is None and shown and HTML_TAG.search(text.text):
        problem = HTML
    if problem:
        raise InputError(text.origin.path, text.origin.line, f"{what}: {problem}")
    if shown:
        _check_marks(text, what)
    return text


def _check_marks(text: Text, what: str, lines: list[str] | None = None) -> None:
    """Refuse a Markdown mark every edition would show as text, the English first (``The *time``): a
    translation that kept it would be refused for it (``checks.inline_markup``). The error is at the line,
    among a paragraph's ``lines`` (joined by a space into ``text``), of the first such mark."""
    stray = stray_marks(text.text)
    if stray:
        marks = " ".join(mark for _place, mark in stray)
        ends = list(accumulate(len(part) + 1 for part in lines or [text.text]))
        line = text.origin.line + bisect_right(ends, stray[0][0])
        raise InputError(text.origin.path, line,
                         f"{what}: {marks} left as text, which every edition would show: close the emphasis (*…*) "
                         f"or the code (`…`), or write a \\ before a mark to keep it as text")


def _checked_length(text: Text, what: str) -> Text:
    if len(text.text) > MAX_UNIT_LENGTH:
        raise InputError(text.origin.path, text.origin.line,
                         f"{what} is {len(text.text):,} characters long, more than the {MAX_UNIT_LENGTH:,} "
                         "one message may hold; split it")
    return text


#: What PyYAML calls the constructs that a text may leave open, in a writer's words.
_OPENED = {"a quoted scalar": "the quote", "a flow sequence": "the '['", "a flow mapping": "the '{'"}
_BRACKETS = {"a flow sequence": "[", "a flow mapping": "{"}
#: A field whose value opens a quote, "…" or '…', that its line does not close: YAML reads on into the
#: lines after it, to the next such quote, and takes the fields and signatories between for its text.
_QUOTE_LEFT_OPEN = re.compile(r"""\s*(?:-\s+)?[\w-]+:\s+(?:(")(?:[^"\\]|\\.)*|(')(?:[^']|'')*)\s*""")
#: What writes a quote inside quotes, \" (and any escape) in "…", '' in '…', and the quote that closes them.
_ESCAPED = {'"': re.compile(r"\\."), "'": re.compile("''")}
UNCLOSED = "the quote opened on this line is not closed on it"
#: A line that begins a signatory's field, inside the lines of a quoted one.
_FIELD_LINE = re.compile(rf"\s*(?:-\s+)?(?:{'|'.join(SIGNATORY_KEYS)}):(?:\s|$)")


def _unclosed_quote(text: str, before: int) -> int | None:
    """The last line (counted from 0) before line ``before`` whose field opens a quote that it does not
    close, nor any line after it before that one: YAML was still reading the quote where it failed, or
    closed it on line ``before`` itself, where what follows the quote is then out of place."""
    lines = text.split("\n")[:before]
    for n in range(len(lines) - 1, -1, -1):
        opened = _QUOTE_LEFT_OPEN.fullmatch(lines[n])
        if opened is not None:
            quote = opened.group(1) or opened.group(2)
            return None if any(quote in _ESCAPED[quote].sub("", line) for line in lines[n + 1:]) else n
    return None


def _yaml_problem(error: yaml.MarkedYAMLError) -> tuple[yaml.Mark | None, str]:
    """Where a YAML error is, and what it is, said as a writer can act on it. PyYAML reports a quote
    never closed at the end of the text, and a line indented otherwise than the lines before it, or an
    apostrophe inside '…', as an unexpected token, and a ': ' in a text as a misplaced mapping: those get
    their line and words of their own."""
    problem = error.problem or "not valid here"
    if error.context_mark is not None and ("end of stream" in problem or "<stream end>" in problem):
        opened = (error.context or "").removeprefix("while scanning ").removeprefix("while parsing ")
        return error.context_mark, f"{_OPENED.get(opened, opened or 'what starts here')} on this line is never closed"
    bracket = _BRACKETS.get((error.context or "").removeprefix("while parsing "))
    if bracket and error.context_mark is not None and error.problem_mark is not None \
            and error.problem_mark.line > error.context_mark.line:
        # YAML read the lines after an unclosed [ or { as its items, and failed on one of them.
        return error.context_mark, (f"the '{bracket}' on this line is not closed on it: close it, or put a text "
                                    f"that starts with {bracket} in quotes")
    if "but found '<block mapping start>'" in problem or "but found '<block sequence start>'" in problem:
        return error.problem_mark, "this line is indented otherwise than the lines before it; line them up"
    if problem == "mapping values are not allowed here" and error.problem_mark is not None \
            and (above := _line_without_colon(error.problem_mark)) is not None:
        # "title A call" above "date: …", at one indentation: YAML read both lines as one text.
        return above, _colon_missing(above)
    if problem == "mapping values are not allowed here":  # a ': ' in a text, or a field indented deeper
        return error.problem_mark, ("a ': ' where no field can start: line this field up with the ones before it, "
                                    "or put a text that holds ': ' in quotes")
    if problem == "could not find expected ':'" and error.context_mark is not None:
        # A field's name without its colon: YAML read on for one, and failed on a later line.
        return error.context_mark, _colon_missing(error.context_mark)
    if "but found '<scalar>'" in problem:  # text after a closing quote: an apostrophe, or quotes inside quotes
        return error.problem_mark, ("text goes on after the closing quote on this line; inside '…' write an "
                                    "apostrophe twice (d''Estaing), or put the text in \"…\" instead")
    return error.problem_mark or error.context_mark, problem


def _colon_missing(mark: yaml.Mark) -> str:
    """What to write on a line YAML read as a field's name without its ':': "role Professor" is one, but
    "International Law", going on with the text of the field above at that field's indentation, is not.
    "country relations" may be either: a field's text starts with a capital, a sentence's next line need not."""
    field, _space, value = _content(_lines_of(mark)[mark.line])[1].partition(" ")
    going_on = ("to go on with the text of the field above, indent it deeper than that field's name, or write that "
                "text on one line")
    if field in _FIELDS and (value := value.strip()):
        fix = f"the field's name on this line is not followed by ':': write '{field}: {value}'"
        return f"{fix}; or, {going_on}" if value[0].islower() else fix
    return f"this line is no field of its own ('field: text'): {going_on}"


#: The names of the fields of the front matter and of a signatory, and of a text with a sense.
_FIELDS = frozenset((*FRONT_MATTER_KEYS, *SIGNATORY_KEYS, "text", "sense"))


def _lines_of(mark: yaml.Mark) -> list[str]:
    return mark.buffer.rstrip("\0").split("\n") if mark.buffer else []  # PyYAML ends its text with a NUL


def _content(line: str) -> tuple[int, str]:
    """Where a line's content starts, past its indentation and a list item's "- ", and the content."""
    stripped = line.lstrip(" ")
    if stripped.startswith("- "):
        stripped = stripped[2:].lstrip(" ")
    return len(line) - len(stripped), stripped.rstrip()


def _line_without_colon(mark: yaml.Mark) -> yaml.Mark | None:
    """The line above ``mark``'s, when ``mark``'s starts a field ("date: …") and the line above, at its
    indentation, has no ':': YAML read that line and the field's name as one text ("title A call",
    "Work Together Now" meant to go on with the title)."""
    lines = _lines_of(mark)
    if not mark.line or mark.line >= len(lines):
        return None
    indent, here = _content(lines[mark.line])
    above_indent, above = _content(lines[mark.line - 1])
    if here.partition(":")[0] not in _FIELDS or not above or ":" in above or above_indent != indent:
        return None
    return yaml.Mark(mark.name, 0, mark.line - 1, indent, mark.buffer, 0)


def parse_signatories(text: str, path: str) -> tuple[Signatory, ...]:
    """A YAML list of mappings; every field is checked so that a typo is an error, not a lost line."""
    root = _compose(text, path, 1, "not valid YAML")
    lines = text.split("\n")
    if root is None:
        raise InputError(path, 1, "there are no signatories; list them as '- name: ...' entries")
    if not isinstance(root, yaml.SequenceNode):
        raise InputError(path, root.start_mark.line + 1,
                         "the signatories must be a list of '- name: ...' entries")
    signatories: list[Signatory] = []
    seen: dict[Key, tuple[int, str]] = {}  # by the name's key as written in any case: "ban ki-moon" is Ban Ki-moon
    for item in root.value:
        signatory = _signatory(item, path, lines)
        line = signatory.name.origin.line
        context, name = signatory.name_key
        folded = (context, name.casefold())
        if folded in seen:
            first, written = seen[folded]
            also = f", as {written!r}" if written != name else ""
            raise InputError(path, line, f"{name!r} is listed twice (first on line {first}{also}); "
                                         "remove one, or, for two people of that name, write this one's as "
                                         f"'name: {{text: {name}, sense: ...}}' with what sets them apart (their "
                                         "field, say)")
        seen[folded] = (line, name)
        signatories.append(signatory)
    return tuple(signatories)


def _signatory(node: yaml.Node, path: str, lines: list[str]) -> Signatory:
    start = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode) or _tagged(node, lines):
        raise InputError(path, start, "each signatory must be a mapping such as '- name: Ada Lovelace'")
    values: dict[str, Text] = {}
    senses: dict[str, str] = {}
    for key, value_node, line in _keys(node, SIGNATORY_KEYS, "signatory", path, offset=1):
        if _tagged(value_node, lines):
            raise InputError(path, line, f"{key!r} {_TAGGED}")
        if isinstance(value_node, yaml.MappingNode) and (key in PART_KEYS or key == "name"):
            values[key], senses[key] = _with_sense(value_node, key, line, path, lines)
            continue
        values[key] = _text(value_node, key, path, lines)
    if "name" not in values:
        raise InputError(path, start, "this signatory has no 'name'; add 'name: ...'")
    gender = values.get("gender")
    if gender is not None and gender.text not in GENDERS:
        raise InputError(path, gender.origin.line, f"'gender' is {gender.text!r}; write one of {', '.join(GENDERS)}")
    parts = {part: values[key] for key, part in PARTS_BY_KEY if key in values}
    return Signatory(name=values["name"], parts=parts, feminine=gender is not None and gender.text == FEMININE,
                     senses={Part(key): sense for key, sense in senses.items() if key != "name"},
                     name_sense=senses.get("name"))


#: What to say of a value that begins with a YAML tag (``!Urgent``), which YAML reads as no part of it.
_TAGGED = ("starts with a YAML tag ('!') or anchor ('&'), which YAML leaves out of the value or cannot read: "
           "put the whole value in quotes")


def _tagged(node: yaml.Node, lines: list[str]) -> bool:
    """Whether a node of the text whose ``lines`` these are has a tag (``!x``, ``!!str``, ``!<x>``) or an
    anchor (``&Co Foundation`` is "Foundation"): YAML leaves either out of the value, or cannot make one
    of it. A node's mark is its anchor's or its tag's, where it has one."""
    mark = node.start_mark
    return mark.line < len(lines) and lines[mark.line][mark.column:mark.column + 1] in ("!", "&")


def _text(node: yaml.Node, key: str, path: str, lines: list[str], *, shown: bool = True) -> Text:
    """A field's text (of the file whose ``lines`` these are), in one line; a quote that took the lines
    after it, fields and signatories, for its text is refused, and so is a tag, which YAML leaves out of it."""
    line = node.start_mark.line + 1
    if isinstance(node, yaml.SequenceNode):  # [Professor, Dean], or "- Professor" lines under it
        raise InputError(path, line, f"{key!r} must be one text, not a list: write it as one line, or in "
                                     "quotes if it starts with [")
    if not isinstance(node, yaml.ScalarNode) or not node.value.strip():
        raise InputError(path, line, f"{key!r} must be non-empty text")
    if _tagged(node, lines):
        raise InputError(path, line, f"{key!r} {_TAGGED}")
    if node.style in ('"', "'") and node.end_mark.line >= line and \
            any(_FIELD_LINE.match(text) for text in lines[line:node.end_mark.line + 1]):
        # Closed on a later line, by the quote of another field: the fields and signatories between are lost.
        raise InputError(path, line, f"{UNCLOSED}, so YAML read on to line {node.end_mark.line + 1} and took "
                                     f"what is between for {key!r}: close it on this line")
    return _checked(Text(" ".join(node.value.split()), Origin(path, line)), repr(key), shown=shown)


def _with_sense(node: yaml.MappingNode, key: str, line: int, path: str, lines: list[str]) -> tuple[Text, str]:
    """``role: {text: Former President, sense: of an organisation}``: the same English words
    in another sense, which some languages translate differently; ``name: {text: Wei Zhang, sense:
    the economist}``, one of two people of that name, whom some languages write differently."""
    fields = {k.value: v for k, v in node.value}
    if set(fields) != {"text", "sense"}:
        raise InputError(path, line,
                         f"{key!r} is either text, or 'text:' and 'sense:' (what sets this use apart)")
    return _text(fields["text"], key, path, lines), _text(fields["sense"], "sense", path, lines, shown=False).text
