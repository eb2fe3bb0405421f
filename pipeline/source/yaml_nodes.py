"""The letter's YAML (the front matter and the signatories) read into nodes with their lines, and
YAML's errors told as the slip a writer made: a quote left open, a field's name without its colon, a
line or a signatory's '-' indented otherwise, a tab, a '-' without its space, a value starting with a
character YAML reserves, rather than PyYAML's "mapping values are not allowed here"."""
from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

from pipeline.errors import InputError
from pipeline.model import Part

FRONT_MATTER_KEYS = ("title", "date", "publisher", "revised")
SIGNATORY_KEYS = ("name",) + tuple(part.value for part in Part) + ("gender",)


def compose(text: str, path: str, first_line: int, invalid: str) -> yaml.Node | None:
    """The YAML node tree of ``text`` (line ``first_line`` of ``path``), with its lines, from LibYAML's
    parser where there is one (the signatories are many); a text it refuses is parsed again by PyYAML,
    whose error says what is wrong in the same words everywhere, and becomes ``invalid: what`` at its line.
    A character YAML does not allow (a control character) is refused before parsing starts, by an error
    that carries a position, not a line. Lists or mappings nested hundreds deep, which PyYAML's parser
    follows by recursion until Python's stack runs out, are an error at the line it had reached."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            pass
    loader = None
    try:
        loader = yaml.SafeLoader(text)
        return loader.get_single_node()
    except RecursionError:
        raise InputError(path, loader.get_mark().line + first_line if loader else first_line,
                         f"{invalid}: lists or mappings nested deeper than YAML can read; a value is one text"
                         ) from None
    except yaml.MarkedYAMLError as error:
        mark, problem = _yaml_problem(error)
        line = mark.line if mark else 0
        opened = _unclosed_quote(text, line)
        glued = dash_without_space(text, line)
        if opened is not None:  # where it went wrong, not where YAML found out
            line, problem = opened, f"{UNCLOSED}, so YAML read on to line {line + first_line}: close it on this line"
        elif glued is not None:
            line, problem = glued
        raise InputError(path, line + first_line, f"{invalid}: {problem}") from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + first_line
        raise InputError(path, line, f"{invalid}: it holds the character U+{error.character:04X}, which YAML "
                                     "does not allow; remove it") from None
    finally:
        if loader is not None:
            loader.dispose()


def keys(node: yaml.MappingNode, allowed: tuple[str, ...], what: str, path: str, *, offset: int
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
FIELD_LINE = re.compile(rf"\s*(?:-\s+)?(?:{'|'.join(SIGNATORY_KEYS)}):(?:\s|$)")


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


#: A line that starts a signatory with its '-' glued to the field's name, "-name: Jane Doe".
_DASH_GLUED = re.compile(rf"\s*-((?:{'|'.join(SIGNATORY_KEYS)}):.*)")


def dash_without_space(text: str, until: int) -> tuple[int, str] | None:
    """The first line, up to line ``until`` (counted from 0), that starts a signatory with "-name:" for
    "- name:", and what to write instead. YAML reads "-name" as a field's name, not as a list's item, and
    fails on that line ("expected <block end>, but found '?'") or, for the first signatory, on a later one;
    or, where every signatory is so written, reads them all as one mapping."""
    for n, line in enumerate(text.split("\n")[:until + 1]):
        if (glued := _DASH_GLUED.fullmatch(line.rstrip())) is not None:
            return n, f"a signatory starts with '- ', a space after the '-': write '- {glued.group(1)}'"
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
    if error.context == "while parsing a block collection" and "but found '?'" in problem:
        # "role: X" at the indentation of the list's "- ": YAML ended the list there.
        return error.problem_mark, ("this line is at the indentation of the list's '-', where only a signatory can "
                                    "start ('- name: …'): indent a field as the fields above it, or start a signatory "
                                    "with '- '")
    if error.context == "while parsing a block mapping" and problem.endswith("but found '-'"):
        # "  - name: …" at the indentation of the fields of the signatory above: YAML reads no list item there.
        return error.problem_mark, ("this signatory's '-' is indented otherwise than those of the signatories before "
                                    "it: line it up with theirs")
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
    if error.context == "while scanning an alias" or problem.startswith("found undefined alias"):
        mark = error.context_mark or error.problem_mark  # the '*'
        return mark, (f"a value that starts with '*' is a YAML alias (of a value marked with '&'), not text: put the "
                      f"whole value in quotes{_quoted(mark)}; in quotes, *…* is emphasis, as in the letter's Markdown, "
                      "and \\* is a * shown as text")
    if (reserved := _CANNOT_START.fullmatch(problem)) is not None and error.problem_mark is not None:
        mark, character = error.problem_mark, reserved.group(1).encode().decode("unicode_escape")
        if character == "\t":
            return mark, _tab(mark)
        return mark, (f"'{character}' is reserved in YAML and cannot start a value: put the whole value in "
                      f"quotes{_quoted(mark)}")
    if (escape := _SHORT_ESCAPE.fullmatch(problem)) is not None:  # "Caf\u00e": a backslash YAML reads as an escape
        example = _ESCAPES[escape.group(1)]
        return error.problem_mark, (f"{problem}: in \"…\" a backslash starts an escape, and {example[:2]} takes "
                                    f"{escape.group(1)} ({example} is é); write the character itself, or put the text "
                                    "in '…', where a backslash is only a backslash")
    if "but found '<scalar>'" in problem:  # text after a closing quote: an apostrophe, or quotes inside quotes
        return error.problem_mark, ("text goes on after the closing quote on this line; inside '…' write an "
                                    "apostrophe twice (d''Estaing), or put the text in \"…\" instead")
    return error.problem_mark or error.context_mark, problem


#: PyYAML's words for a character no token starts with: a tab, or a character YAML reserves (@ `).
_CANNOT_START = re.compile(r"found character '(.+)' that cannot start any token")
#: PyYAML's words for an escape in "…" with fewer hexadecimal digits than it takes, and one of each length.
_SHORT_ESCAPE = re.compile(r"expected escape sequence of (\d+) hexadecimal numbers, but found .*", re.S)
_ESCAPES = {"2": "\\xe9", "4": "\\u00e9", "8": "\\U000000e9"}
#: A field's name and ': ' before where its value starts, on the line of a mark at that value.
_BEFORE_VALUE = re.compile(r"\s*(?:-\s+)?[\w-]+:\s+")


def _quoted(mark: yaml.Mark) -> str:
    """", as in role: '*Director*'", the line of ``mark`` (at the start of a field's value) with that value
    in quotes, an apostrophe in it written twice; nothing where the value is no field's on its line."""
    line = _lines_of(mark)[mark.line]
    if _BEFORE_VALUE.fullmatch(line[:mark.column]) is None:
        return ""
    value = line[mark.column:].rstrip().replace("'", "''")
    return f", as in {line[:mark.column].strip()} '{value}'"


def _tab(mark: yaml.Mark) -> str:
    """What to say of a tab YAML cannot read at ``mark``: one in a line's indentation (or after a list's '-')
    indents nothing, because YAML indents with spaces alone, and one elsewhere is no separator there."""
    if not _lines_of(mark)[mark.line][:mark.column].strip(" -"):
        return ("this line is indented with a tab, and YAML indents with spaces only: replace the tab with spaces, "
                "lining the line up with the ones before it")
    return "a tab where YAML reads only spaces: replace it with a space"


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


#: What YAML reads an unquoted word as when it reads no text: ``~`` and ``null`` no value, ``yes`` and ``off``
#: a yes or no. The nodes keep every scalar's text, so each would otherwise be published as that word.
_NOT_TEXT = {"tag:yaml.org,2002:null": "no value", "tag:yaml.org,2002:bool": "yes or no"}


def not_text(node: yaml.ScalarNode, key: str, *, optional: bool, written: str | None = None) -> str | None:
    """What to say of a field's unquoted value that YAML reads as no value or as yes or no, not as text
    (``affiliation: ~``, ``country: yes``); None for a text, or for an empty value, which is no slip of this kind.
    ``written`` is the name the value is written under where it is not the field's (``role: {text: yes}``)."""
    read_as = _NOT_TEXT.get(node.tag)
    if read_as is None or not node.value or node.style:
        return None
    quoted = f"put it in quotes if it is the text ({written or key}: '{node.value}')"
    return f"{key!r} is {node.value}, which YAML reads as {read_as}, not as text: " + (
        f"leave the field out if there is none, or {quoted}" if optional else f"write the text, or {quoted}")


#: A comment's '#' right against what follows it, after a value: the rest of a line meant as the value's.
_GLUED_COMMENT = re.compile(r"[ \t]+#(?=\S)")


def cut_by_comment(node: yaml.ScalarNode, key: str, lines: list[str], written: str | None = None) -> str | None:
    """What to say of an unquoted value that YAML ended at " #", reading the rest of its line as a comment
    (``affiliation: Local #1199`` is "Local", ``name: Chris Doe #1 fan`` "Chris Doe"), when the '#' is
    right against what follows: a comment is written with a space after it, as the starter's are. None
    otherwise. ``written`` as for ``not_text``."""
    if node.style or node.end_mark.line >= len(lines):
        return None
    rest = lines[node.end_mark.line][node.end_mark.column:]
    if not _GLUED_COMMENT.match(rest):
        return None
    comment = rest.strip()
    return (f"{key!r} ends before {comment!r}, which YAML reads as a comment: if it is part of the text, put the "
            f"whole text in quotes ({written or key}: '{node.value} {comment}'); if it is a comment, put a space "
            "after its '#'")


#: What to say of a value that begins with a YAML tag (``!Urgent``), which YAML reads as no part of it.
TAGGED = ("starts with a YAML tag ('!') or anchor ('&'), which YAML leaves out of the value or cannot read: "
           "put the whole value in quotes")


def tagged(node: yaml.Node, lines: list[str]) -> bool:
    """Whether a node of the text whose ``lines`` these are has a tag (``!x``, ``!!str``, ``!<x>``) or an
    anchor (``&Co Foundation`` is "Foundation"): YAML leaves either out of the value, or cannot make one
    of it. A node's mark is its anchor's or its tag's, where it has one."""
    mark = node.start_mark
    return mark.line < len(lines) and lines[mark.line][mark.column:mark.column + 1] in ("!", "&")
