"""A locale's glossary, ``locales/<ll>/glossary.toml``: lines of "source term" = "approved translation",
which the ``glossary`` check holds every translation to (``terms`` finds the terms in a text).

Translators write it by hand, so each common slip of TOML is told from its line, in their words, not
in tomllib's ("Illegal character '\\n'").
"""
from __future__ import annotations

import os
import tomllib
from pathlib import Path

from pipeline.config import Config, key_line, read_toml, table_line, toml_line
from pipeline.errors import InputError, decoded, reading, refuse_conflict
from pipeline.files import write_atomic
from pipeline.locales import LocaleInfo
from pipeline.markup import unwanted

#: A glossary with no term yet, as `letter init` starts a locale's: what goes in it, and in what form.
STARTER = """\
# Approved translations of terms: where the English text uses the term, the
# translation must contain its approved form (`letter check` reports it otherwise).
# In a language that declines nouns, the approved form is the part every case shares.
# Give each organisation and name of the letter that your language writes its own
# way, a line each: the English as the letter writes it, then its approved form.
#   "World Health Organization" = "…"
"""


def read(config: Config, locale: LocaleInfo) -> dict[str, str] | None:
    """The locale's glossary, term by term; None when it has none."""
    path = config.glossary_path(locale.posix)
    if not os.path.lexists(path):  # a link to nowhere is a glossary that cannot be read, not none
        return None
    name = config.relative(path)
    with reading(name, "the glossary"):
        data = path.read_bytes()
    refuse_conflict(data, name)
    text = decoded(data, name)
    try:
        terms = read_toml(text)
    except tomllib.TOMLDecodeError as error:
        lines = text.split("\n")
        line = toml_line(error)
        if line is None and "end of document" in str(error):  # the last line written, where it stopped
            line = max((number for number, written in enumerate(lines, 1) if written.strip()), default=None)
        written = lines[line - 1] if line else ""
        raise InputError(name, line, f"not a valid glossary: {_slip(str(error), written)}") from None
    for key, value in terms.items():
        if isinstance(value, dict):
            raise InputError(name, table_line(text, key), f"[{key}] is a table, which a glossary has none of: "
                             "it is lines of \"term\" = \"approved translation\"")
        if not isinstance(value, str):
            raise InputError(name, key_line(text, key, None),
                             f"{key!r} must map to its approved translation as a string (\"{key}\" = \"…\")")
        if not key.strip() or not value.strip():
            raise InputError(name, key_line(text, key, None), "a term and its translation are words, not "
                             f"{'an empty text' if not key.strip() else 'nothing'}: fill in or remove the line")
        for which, part in (("the term", key), ("its translation", value)):
            if problem := unwanted(part):  # held against every translation, and quoted in findings
                raise InputError(name, key_line(text, key, None), f"{which} holds the {problem}")
    return terms


def start(config: Config, locale: LocaleInfo) -> Path | None:
    """Write a new locale's glossary, with no term yet (``STARTER``); None, and nothing written, when it
    has one already (a folder kept from an earlier catalog)."""
    path = config.glossary_path(locale.posix)
    if path.exists():
        return None
    write_atomic(path, STARTER.encode("utf-8"))
    return path


def missing(config: Config, locale: LocaleInfo) -> str:
    """What a published locale without a glossary is told: no translation of it is then held to the
    established forms of names and organisations, and nothing else would say so."""
    return (f"{locale.tag} is published but has no glossary, so no translation is held to the established forms "
            f"of the letter's organisations and names in {locale.english_name}; restore "
            f"{config.relative(config.glossary_path(locale.posix))} from git if it was deleted, else create it: a "
            'line for each organisation and name your language writes its own way, "English term" = "approved '
            'form" ("World Health Organization" = "…")')


def _slip(said: str, line: str) -> str:
    """What a glossary's writer is to do, for what tomllib says (``said``) of a slip on ``line``: its words
    are those of its parser ("Cannot overwrite a value" for a term given twice)."""
    form = 'each line is "term" = "approved translation"'
    term, equals, translation = line.partition("=")
    if "overwrite" in said:
        return "a term is given twice; keep one line for it"
    if "Illegal character '\\n'" in said or "Unterminated string" in said:
        return f"a quote is not closed on this line; {form}"
    if "Invalid value" in said:
        return f"the line has no translation after '='; {form}" if equals and not translation.strip() else \
            f"the translation is not in quotes; {form}"
    if ("Expected '='" in said or "Invalid statement" in said) and not line.lstrip().startswith(('"', "'", "[")):
        return f"the term is not in quotes; {form}"
    if "Expected '=' after a key" in said:
        return f"this line has no '=' after its term, or a quote inside the term; {form}"
    return said
