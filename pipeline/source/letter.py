"""``source/letter.md``: YAML front matter (title, date, publisher, revised) and paragraphs of text
with inline Markdown, which a paragraph holds alone: block-level Markdown, HTML and images, which an
edition would show as text, are refused at their line."""
from __future__ import annotations

import datetime
import re

import yaml
from markdown_it.common.html_blocks import block_names

from pipeline.config import REVISED
from pipeline.errors import InputError
from pipeline.markup import HTML_TAG
from pipeline.model import NOT_A_DAY, Origin, Text, day
from pipeline.source.texts import HTML, characters, check_markdown, checked, checked_length, unmade_link
from pipeline.source.yaml_nodes import FRONT_MATTER_KEYS, TAGGED, compose, cut_by_comment, keys, not_text, tagged

FRONT_MATTER_FENCE = "---"
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
ORDERED_ITEM = re.compile(r"\d{1,9}[.)]\s")
IMAGE = re.compile(r"!\[[^\]]*\]\(")


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
    node = compose("\n".join(lines), path, 2, "the front matter is not valid YAML")
    if not isinstance(node, yaml.MappingNode):
        raise InputError(path, 2, "the front matter must be 'key: value' lines "
                                  f"({', '.join(FRONT_MATTER_KEYS)})")
    # Construct each scalar as YAML types it, so that ``date: 2020-05-26`` is a date.
    constructor = yaml.SafeLoader("")
    fields: dict[str, tuple[object, int]] = {}
    for key, value_node, line in keys(node, FRONT_MATTER_KEYS, "front matter", path, offset=2):
        if tagged(value_node, lines):
            raise InputError(path, line, f"{key!r} {TAGGED}")
        if not isinstance(value_node, yaml.ScalarNode):
            raise InputError(path, line, f"{key!r} must be a single value")
        if key in ("title", "publisher") and (problem := not_text(value_node, key, optional=False)) is not None:
            raise InputError(path, line, problem)
        if (problem := cut_by_comment(value_node, key, lines)) is not None:
            raise InputError(path, value_node.end_mark.line + 2, problem)
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
    return checked(Text(" ".join(value.split()), Origin(path, line)), repr(key))


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
        why = "" if str(reason) == NOT_A_DAY else f" ({reason})"  # (what the message says already, or no such day)
        raise InputError(path, line, f"{key!r} must be a date written YYYY-MM-DD, not {value!r}{why}"
                         + _SETTING * (key == "revised" and _setting_meant(str(value)))) from None


#: What a correction's day in the front matter is not: the setting of pyproject.toml that shares its name.
_SETTING = ("; the front matter's 'revised' is the day the English was corrected, and how an edition shows a "
            f"revised paragraph is [tool.letter]'s setting of that name in pyproject.toml (revised = \"{REVISED[1]}\" "
            "takes it offline until the paragraph is reviewed)")


def _setting_meant(value: str) -> bool:
    """Whether a front matter's ``revised`` that is no day is one of the setting's values, or "withdrawn"."""
    word = value.strip().strip("'\"").lower()
    return word in (*REVISED, "withdrawn")


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
            paragraph = checked_length(Text(" ".join(run), Origin(path, first)), "this paragraph")
            check_markdown(paragraph, "this paragraph", run)
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
    problem = characters(text)
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
    if (unmade := unmade_link(text)) is not None:
        raise InputError(path, line, unmade)
