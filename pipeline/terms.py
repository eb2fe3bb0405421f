"""Terms found in a text: a glossary's terms, the names and organisations of the signatory list.

As whole words, in any case as the regex engine compares cases (``term_pattern``), and many at a time
through an index by first word (``Terms``); ``uses`` says whether a translation writes a given form,
a tied space or a typed apostrophe standing for the form's own. ``checks`` asks it for the glossary,
``catalog_checks`` for an edition's names written one way.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

#: Apostrophes a keyboard or an editor may type for one another: d'Oxford, d’Oxford, dʼOxford.
APOSTROPHES = str.maketrans("\u2018\u2019\u02bc`\u00b4", "'" * 5)
#: Spaces a typographer ties where a glossary or the signatory list has a space: Креста и⍽Красного, 1 000.
SPACES = str.maketrans("\u00a0\u202f\u2007", "   ")
#: An apostrophe typed after a letter, which every edition sets as ’ (d'Oxford, students'); one that
#: starts a word ('t Hooft) may open a quotation, and is shown as typed (``markup``'s smart quotes).
_TYPED_APOSTROPHE = re.compile(r"(?<=\w)'")


def uses(translation: str, form: str, alike: dict[int, str] | None = None) -> bool:
    """Whether the translation writes ``form`` (a glossary's, the signatory list's), in any case, as an
    edition shows both: tied spaces and typed apostrophes as the form's own; or, given ``alike``, the
    characters it maps standing for one another."""
    if form.casefold() in translation.casefold():
        return True
    if alike is not None:
        return form.translate(alike).casefold() in translation.translate(alike).casefold()
    return _as_shown(form).casefold() in _as_shown(translation).casefold()


def _as_shown(text: str) -> str:
    return _TYPED_APOSTROPHE.sub("\u2019", text.translate(SPACES))


@lru_cache(maxsize=1024)
def term_pattern(term: str) -> re.Pattern[str]:
    """A glossary term as a whole word, in any case; made once, not for each message and term."""
    return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)


_WORD = re.compile(r"\w+")

try:  # how ``re`` compares characters under IGNORECASE, one code point for another
    from _sre import unicode_tolower as _engine_lower
    from re._casefix import _EXTRA_CASES
except ImportError:  # a Python whose engine is built otherwise: no index, every term is tried
    _engine_lower = None


@cache
def _case_key(char: str) -> str:
    """One character for every character ``re.IGNORECASE`` takes for ``char``: the engine's simple
    lowercase, or the least of the others it also accepts ("ı" and "i", "ſ" and "s"). Python's own
    ``casefold`` differs: "İ" folds to two characters where the engine compares "İ" with "i"."""
    assert _engine_lower is not None
    lower = _engine_lower(ord(char))
    return chr(min((lower, *_EXTRA_CASES.get(lower, ()))))


@lru_cache(maxsize=1 << 16)
def _word_key(word: str) -> str:
    """A word as ``_case_key`` reads it; kept, since every catalog has the same English words."""
    return "".join([_case_key(char) for char in word])


@dataclass(frozen=True)
class Terms:
    """Many terms to find in texts as ``term_pattern`` finds one, indexed by their first word.

    An edition's names and organisations are as many as its signatories (10,000 in the benchmark's
    letter): a text is searched only for the terms whose first word it has, in any case as the
    regex engine compares cases (``_case_key``), not for every one.
    """

    order: Mapping[str, int]
    by_first_word: Mapping[str, tuple[str, ...]]
    unindexed: tuple[str, ...]  # terms with no letter or digit to index them by, tried on every text

    @classmethod
    def of(cls, terms: Iterable[str]) -> Terms:
        order = {term: at for at, term in enumerate(dict.fromkeys(terms))}
        by_first_word: dict[str, list[str]] = {}
        unindexed = []
        for term in order:
            first = _WORD.search(term) if _engine_lower is not None else None
            if first is None:
                unindexed.append(term)
            else:
                by_first_word.setdefault(_word_key(first.group()), []).append(term)
        return cls(order, {word: tuple(found) for word, found in by_first_word.items()}, tuple(unindexed))

    def found_in(self, text: str) -> list[str]:
        """The terms that ``text`` has as whole words, in any case, in the order they were given."""
        candidates = set(self.unindexed)
        if self.by_first_word:
            for word in {match.group() for match in _WORD.finditer(text)}:
                candidates.update(self.by_first_word.get(_word_key(word), ()))
        return sorted((term for term in candidates if term_pattern(term).search(text)), key=self.order.__getitem__)
