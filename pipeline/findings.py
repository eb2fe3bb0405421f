"""A finding: one thing a check found wrong, and where.

Checks produce findings; ``report`` prints them in each output format; the CLI
turns them into an exit code. Keeping the finding a plain value is what lets
the same results go to a terminal, to GitHub, to JUnit and to SARIF.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from pipeline.errors import InputError


class Severity(str, Enum):
    ERROR = "error"      # fails the check: exit 1
    WARNING = "warning"  # reported, does not fail


# Every check by its stable name (what opt-outs such as ``no-check-numbers``, settings and
# reports use), with its default severity for a locale that must be published.
CHECKS: dict[str, Severity] = {
    "stale-template": Severity.ERROR,    # the source changed and `letter extract` was not run
    "out-of-sync": Severity.ERROR,       # a catalog does not have the template's messages, or a published locale none
    "syntax": Severity.ERROR,            # a catalog GNU msgfmt would reject
    "header": Severity.ERROR,            # Language, charset or Plural-Forms wrong
    "untranslated": Severity.ERROR,
    "fuzzy": Severity.ERROR,             # a draft not yet reviewed
    "pending": Severity.ERROR,           # published: a line awaits review, shown in English (a warning but --strict)
    "revised": Severity.ERROR,           # published: a paragraph revised or added awaits review (likewise)
    "placeholders": Severity.ERROR,      # {name} placeholders of a pattern changed
    "markup": Severity.ERROR,            # inline Markdown lost or added
    "links": Severity.ERROR,             # link targets changed
    "urls": Severity.ERROR,              # addresses written in the text changed
    "numbers": Severity.ERROR,           # a number of the source missing (COVID-19)
    "whitespace": Severity.ERROR,        # leading/trailing whitespace or line breaks differ
    "characters": Severity.ERROR,        # control or zero-width characters, text not in NFC
    "double-space": Severity.WARNING,
    "double-word": Severity.WARNING,
    "end-punctuation": Severity.WARNING,  # the sentence ends differently, in any script
    "identical": Severity.WARNING,       # the translation is the English text
    "length": Severity.WARNING,          # far shorter or longer than the source
    "glossary": Severity.ERROR,          # an approved term not used
    "consistency": Severity.WARNING,     # a name or organisation written otherwise than in the signatory list
    "names": Severity.WARNING,           # a name left in a script its edition does not write names in
    "listed-twice": Severity.WARNING,    # two signatories likely one person (source/signatories.yaml)
    "lost-token": Severity.ERROR,        # a machine draft lost a URL, number, name or markup (letter draft)
    "machine-draft": Severity.ERROR,     # a reviewed message still noted as a machine draft (its fuzzy mark cleared)
    "flags": Severity.WARNING,           # a flag gettext does not know; `fuzzy` mistyped (a draft published) an error
}
#: Checks whose severity above holds in every locale, not only a published one: each finds a translation that
#: counts as reviewed though, as far as the catalog says, no person reviewed it, which the next build publishes.
EVERY_LOCALE = frozenset({"machine-draft"})
#: Checks that no setting changes: a stale template or a catalog GNU msgfmt rejects always fails,
#: since every other check reads the template and the catalogs.
FIXED = frozenset({"stale-template", "syntax"})
#: Not a check, so no setting or opt-out names it: the one finding of a run that could not start, in the
#: machine formats (``--format json`` and the others), where a file it needs cannot be used (the settings,
#: the source, a catalog named on the command line that does not exist) or an argument is wrong (a code that
#: is no locale's, a finding about no file: its path is ""), so nothing was checked (exit code 2). CI reads
#: that output, and an empty one is no valid report nor a pull-request annotation.
INPUT = "input"

#: What each check finds, as the README's table of checks says it, a row each and in its order: the checks a row
#: names (``INPUT`` too) and what they find, in Markdown. The SARIF report describes its rules with it; a test
#: holds the README's table to it word for word, so that the two never say different things.
DESCRIPTIONS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("stale-template",),
     "`source/` changed but `letter extract` was not run"),
    (("out-of-sync",),
     "a catalog lacks template messages or has extra ones (`letter update`; one of each alike is an English "
     "edited, one finding at the catalog's line that says what differs, word by word, as `letter extract` does; "
     "while the template is stale, more than five in a catalog are one finding, since `stale-template` says "
     "what changed), or a locale "
     "listed as published has no catalog (restore it from git: `letter init` would start it empty; a catalog "
     "of the same locale under another tag, `fr` for `fr-FR`, is named)"),
    (("syntax",),
     "a catalog GNU `msgfmt` would reject: unterminated strings, bad escapes, duplicates, wrong charset, a "
     "file saved as UTF-16 (Notepad's \"Unicode\") (exit 2), or a byte order mark, which letter reads past (exit"
     " 1)"),
    (("input",),
     "no check but the one finding of a check that could not start: `source/` or `[tool.letter]` cannot be "
     "used (a YAML slip in `signatories.yaml`, a setting that does not exist), or a locale named on the "
     "command line has no catalog (reported at the catalog's place, with the locale likely meant: `pt-PT` for "
     "`pt`, moved there, `zh-Hans` for `zh`, `fr` for `fr_FR`) or is no locale's code, so nothing was checked (exit"
     " 2). `--format json`, `github`, `junit` and `sarif` report it at its file and line (at none for a code: "
     "SARIF as the run's notification, as code scanning takes no result without a file), so that CI still gets a "
     "report it can read and the pull request an annotation; `text` prints it, as every command prints such an "
     "error, on standard error alone"),
    (("header",),
     "`Language`, charset or `Plural-Forms` wrong for the locale (the plural rule even in a catalog without "
     "plural messages, as this letter's are: msgfmt's users, and a message made plural later, get it; there a "
     "warning, an error with `--strict`, since no edition shows a form it picks and another tool's variant of "
     "a rule may be refused); a field given twice, as a merge may leave it, at the second line: msgfmt and "
     "letter read the first, polib and Python's gettext the last, so two values of one of those three are an "
     "error as a wrong one is, and a field repeated alike, or another field, a warning"),
    (("untranslated", "fuzzy"),
     "what is still missing or a draft; in a published locale, a paragraph never reviewed"),
    (("pending",),
     "published locale: a part of a signatory line (a role, an organisation, a country, an honour) or an "
     "interface word added since awaits review (shown in English), or a name's translation is a draft (a name "
     "corrected in the English keeps its old form as one)"),
    (("revised",),
     "published locale: a paragraph revised or added since awaits review (shown under a notice)"),
    (("placeholders",),
     "`{publisher}` and the like changed in a pattern (an edition built all the same uses the English pattern,"
     " and `letter status` and the build count it among the translations shown in English)"),
    (("markup", "links", "urls"),
     "inline Markdown, link targets or written addresses lost, changed or added; an HTML tag (never run) or a "
     "link without words. An edition built all the same shows a translation that links elsewhere than its "
     "English, or holds a tag or a stray `*`, `_` or backtick that its English does not (which the reader "
     "would see as text), or emphasis its English lacks (two gender stars, `Ärzt*innen und Pfleger*innen`, "
     "make one: write `\\*`), in English, and `letter status` and the build say how many: no edition sends "
     "readers where the letter does not, nor shows them stray markup"),
    (("numbers",),
     "a number of the source missing (COVID-19); digits of any script count, and a number is read as its "
     "locale writes it (1,500 is 1 500 or 1.500 in French and ١٬٥٠٠ in Arabic; 2.5 is 2,5; neither 25 nor "
     "French 1,500, one and a half, is 1,500)"),
    (("whitespace",),
     "spaces or a line break at the start or end that the English does not have, or lacks ones it has"),
    (("double-space", "double-word"),
     'two spaces in a row, a word written twice ("the the"; "The the" where the first starts a sentence or '
     'line, but not two that differ in case within one, as German "teilen Sie sie mit" or "die Die Linke")'),
    (("end-punctuation",),
     "the sentence ends differently, knowing 。 ؟ । and the like, and that Thai and Lao end one with no mark"),
    (("identical",),
     "the translation is the English text (CLDR country names and `[tool.letter] identical` excepted)"),
    (("length",),
     "a translation far shorter or longer than its source"),
    (("glossary",),
     'a term of `locales/<ll>/glossary.toml` (`"source term" = "approved translation"`) not used (a space tied'
     " by a no-break space, or `'` for `’`, counts as the same, since the edition shows it so); a locale "
     "listed as published that has no glossary, whose translations nothing then holds to the established forms"
     " of names and organisations (a warning, an error with `--strict`; `letter init` writes one with no term "
     "yet, which is no finding)"),
    (("consistency",),
     "a name or organisation of the signatory list written otherwise in the letter's text (a warning: give the"
     " glossary the form every case shares for a language that declines)"),
    (("names",),
     "a name left untranslated in another script than its edition's (Korean writes Chinese names in Hangul, "
     "Japanese in kanji)"),
    (("listed-twice",),
     "a signatory likely listed twice, as one person: a name alike another but for accents, case, spaces "
     "or punctuation (`Danilo Turk`, `Danilo Türk`), or every field alike another's and the name in "
     "another script (`محمد البرادعي` beside `Mohamed ElBaradei`: a locale writes a name in its script in "
     "its catalog), at the later one's line; `letter extract` says it too. A warning, since two people may "
     "be so written (Vietnamese names may differ in tone marks alone): a `sense` given to either name "
     "(`name: {text: …, sense: …}`) says they are two. The same name written twice in other case or "
     "spacing is an error, which stops every command"),
    (("characters",),
     "control or zero-width characters, text not in NFC (a `pseudo-rtl` draft's own overrides are not, while "
     "it is its unedited draft)"),
    (("lost-token",),
     "a machine draft came back without a URL, number, name or markup it was sent with (`letter draft` notes "
     "it)"),
    (("machine-draft",),
     "a reviewed message that still carries its `# machine draft:` note: its fuzzy mark was cleared in an "
     "editor (a bulk clear in Poedit publishes the machine's text), where approving it on the review page "
     "drops the note; an error in every locale, since the build would publish it: a person who approves a "
     "draft unchanged in an editor deletes the line too. `letter status` and `letter build` say how many a "
     "locale has (`uk: 84 reviewed translations still carry their machine-draft note: …`)"),
    (("flags",),
     "a flag GNU gettext does not know (on a message, or on the header, where `#, fuzzy` is no finding), which"
     " `letter update`, msgmerge and msgcat drop, or an opt-out that names no check (`no-check-nubmers`: the "
     "check still runs), each a warning; `fuzzy` mistyped (`Fuzzy`, `fuzy`, `fuzz`), or written as a comment "
     "(`# fuzzy`, `#fuzzy`: no flag without its comma), is an error in every locale, since the draft counts as "
     "reviewed and is published: `letter update` leaves a catalog with a mistyped flag alone until it is "
     "mended, and `letter draft`, the review page and the merge driver keep the flag, where msgcat drops it"),
)


def described(check: str) -> str | None:
    """What ``check`` finds, in Markdown (``DESCRIPTIONS``); None for a name no row gives."""
    return next((text for names, text in DESCRIPTIONS if check in names), None)


#: Where a message quotes: from ``start`` up to ``end``, in characters, as Python slices it.
Span = tuple[int, int]


@dataclass(frozen=True)
class Finding:
    check: str               # stable name of the check, e.g. "untranslated", "numbers"
    severity: Severity
    path: str                # the file, relative to the project
    line: int | None         # 1-based, where known
    message: str             # what is wrong and what to do
    locale: str | None = None   # BCP 47 tag of the catalog's locale; None for the template or source
    msgid: str | None = None    # the source text of the message concerned, if any
    quotes: tuple[Span, ...] = ()  # where ``message`` quotes text in the catalog's language (``Said``), in order

    @classmethod
    def of_error(cls, check: str, error: InputError, path: str, locale: str | None = None) -> Finding:
        """``error``, which stopped a file being read, as an error finding of ``check``: at its line, in its
        words, on ``path``, the file as the caller names it (for findings, relative to the project)."""
        return cls(check, Severity.ERROR, path, error.line, error.message, locale)

    @property
    def failed(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def parts(self) -> tuple[tuple[str, bool], ...]:
        """``message`` in pieces, each with whether it quotes the catalog's language: what a page marks
        with that language, for a screen reader to speak it so and the bidi algorithm to keep it whole."""
        pieces, at = [], 0
        for start, end in self.quotes:
            pieces += [(self.message[at:start], False), (self.message[start:end], True)]
            at = end
        pieces.append((self.message[at:], False))
        return tuple((text, quoted) for text, quoted in pieces if text)


@dataclass(frozen=True)
class Quote:
    """Text in the catalog's language, as a message quotes it (``Said.of``)."""

    text: str


@dataclass(frozen=True)
class Said:
    """A finding's message as a check says it, and where it quotes text in the catalog's language
    (``Finding.quotes``). Spans, not the quoted strings: a translation may equal its English
    ("the glossary translates 'INTERPOL' as 'INTERPOL'") or be quoted twice, and only its place
    says which words are in which language."""

    text: str
    quotes: tuple[Span, ...] = ()

    @classmethod
    def of(cls, *parts: str | Quote | Said) -> Said:
        """The message ``parts`` make, in order: a ``str`` is the tool's English; a ``Quote`` is written as
        ``repr`` writes it (as ``{text!r}`` did before quotes were marked, so no report changes), its
        quotation marks outside the span, as they are the English sentence's; a ``Said`` keeps its quotes."""
        text, quotes = "", []
        for part in parts:
            if isinstance(part, Quote):
                shown = repr(part.text)
                quotes += [(len(text) + 1, len(text) + len(shown) - 1)] if part.text else []
                text += shown
            elif isinstance(part, Said):
                quotes += [(len(text) + start, len(text) + end) for start, end in part.quotes]
                text += part.text
            else:
                text += part
        return cls(text, tuple(quotes))


#: A translator comment that opts its message out of checks: ``# letter: no-check-numbers`` (several
#: names apart by commas or spaces). GNU's msgmerge and msgcat keep translator comments, and drop the
#: flags they do not know (``#, no-check-numbers``), which ``letter update`` turns into this comment.
OPT_OUT = "letter:"
_OPT_OUT_LINE = re.compile(r"\s*letter\s*:(.*)", re.IGNORECASE)


def opted_out(flags: Iterable[str], comment: str | None) -> frozenset[str]:
    """The checks a message opts out of, by ``no-check-NAME`` flags (while a tool keeps them) or by an
    ``OPT_OUT`` translator comment (which every tool keeps); few messages do either."""
    words = [flag for flag in flags if flag.startswith("no-check-")]
    if comment and "letter" in comment.casefold():
        for line in comment.splitlines():
            found = _OPT_OUT_LINE.fullmatch(line)
            if found:
                words += re.split(r"[\s,]+", found.group(1).strip().casefold())
    return frozenset(word.removeprefix("no-check-") for word in words if word.startswith("no-check-"))


def with_opt_outs_as_comment(flags: list[str], comment: str) -> tuple[list[str], str]:
    """``flags`` without their ``no-check-NAME`` opt-outs, and ``comment`` with those it does not state
    yet on an ``OPT_OUT`` line of their own: the form that outlives GNU's tools, which drop flags they
    do not know. The comment's own lines stay as the translator wrote them, a note that begins
    "Letter:" or follows an opt-out ("letter: no-check-length (a short form on purpose)") included."""
    moved = [flag for flag in flags if flag.startswith("no-check-")]
    if not moved:
        return flags, comment
    new = sorted({flag.removeprefix("no-check-") for flag in moved} - opted_out((), comment))
    lines = (comment or "").splitlines()
    if new:
        lines.append(f"{OPT_OUT} " + ", ".join(f"no-check-{name}" for name in new))
    return [flag for flag in flags if not flag.startswith("no-check-")], "\n".join(lines)
