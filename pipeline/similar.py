"""Messages alike: which old English a new message was edited from, paired as msgmerge pairs them (its
similarity, scored by RapidFuzz), for `letter update`'s drafts, the merge driver, the check's word diffs and
extract's listing alike, so that what one says is an edit the others take for one too."""
from __future__ import annotations

import bisect
import math
from collections.abc import Sequence

import polib
from rapidfuzz import fuzz, process

from pipeline.model import Key

#: msgmerge's least similarity of an old message to a new one that takes its translation as a draft.
CUTOFF = 0.6
#: How many pairs of an old and a new message ``edits`` compares, at most: a text out of step with the whole
#: letter (every English changed) is listed message by message, and is a matter for `letter update`.
PAIRED = 250 * 250


def edits(old: Sequence[Key], new: Sequence[Key]) -> list[tuple[Key, Key]]:
    """Each message of ``new`` paired with the one of ``old`` most like it (at least ``CUTOFF``), within a
    context, one to one: English edited. No pair of a context where more than ``PAIRED`` would be compared."""
    found: list[tuple[Key, Key]] = []
    for context in sorted({key[0] for key in old} & {key[0] for key in new}, key=lambda c: c or ""):
        wanted = [key for key in new if key[0] == context]
        had = [key for key in old if key[0] == context]
        if len(wanted) * len(had) > PAIRED:
            continue
        queries = [polib.POEntry(msgctxt=context, msgid=msgid) for _, msgid in wanted]
        sources = [polib.POEntry(msgctxt=context, msgid=msgid) for _, msgid in had]
        for i, j in match_similar(queries, list(range(len(wanted))), sources, list(range(len(had))), CUTOFF).items():
            found.append((had[j], wanted[i]))
    return found


def match_similar(
    new_entries: list[polib.POEntry],
    queries: list[int],
    old_entries: list[polib.POEntry],
    sources: list[int],
    cutoff: float,
) -> dict[int, int]:
    """Pair template messages (``queries``, indices into ``new_entries``) with old ones (``sources``, into
    ``old_entries``) one to one, most similar pair first: {new index: old index}. `letter update`'s drafts
    of one old message are chosen here; where one looks wrong, these are how it pairs otherwise than msgmerge:

    * Pairs cross message contexts: the same context only breaks a tie of equal scores, before template
      order and then old order (``edits`` calls it one context at a time).
    * The cutoff counts with >=: a pair scoring exactly ``cutoff`` is paired. msgmerge needs strictly
      more, and adds 0.00001 for the same context, so it pairs such a score within one context only.
    * Short texts are paired too: every pair in the length window is scored, where msgmerge scores a new
      text of four characters or more only with the old ones that share four characters in a row with
      it, and so never pairs short texts that share none ("Help" → "Held").

    An old plural message is not paired with a singular one, whose draft would drop its other forms.
    Scores are RapidFuzz's ``fuzz.ratio`` (msgmerge's fstrcmp, on code points); old messages are sorted
    by length so that each query is compared only with the lengths that could reach the cutoff.
    """
    if not queries or not sources:
        return {}
    by_length = sorted(sources, key=lambda j: (len(old_entries[j].msgid), j))
    lengths = [len(old_entries[j].msgid) for j in by_length]
    texts = [old_entries[j].msgid for j in by_length]
    # A hair below the cutoff so 0.6 * 100 rounding cannot reject a true 60.
    threshold = max(0.0, cutoff * 100.0 - 1e-7)

    pairs: list[tuple[float, int, int, int]] = []
    for i in queries:
        new = new_entries[i]
        lo, hi = _length_window(len(new.msgid), cutoff)
        start = bisect.bisect_left(lengths, lo)
        stop = bisect.bisect_right(lengths, hi) if hi is not None else len(lengths)
        if start >= stop:
            continue
        hits = process.extract(
            new.msgid,
            texts[start:stop],
            scorer=fuzz.ratio,
            score_cutoff=threshold,
            limit=None,
        )
        for _text, score, pos in hits:
            j = by_length[start + pos]
            old = old_entries[j]
            if old.msgid_plural and not new.msgid_plural:
                continue  # would discard plural forms; keep the old message whole
            other_context = 0 if old.msgctxt == new.msgctxt else 1
            pairs.append((-score, other_context, i, j))

    pairs.sort()
    matched: dict[int, int] = {}
    taken: set[int] = set()
    limit = min(len(queries), len(sources))
    for _neg_score, _ctx, i, j in pairs:
        if i in matched or j in taken:
            continue
        matched[i] = j
        taken.add(j)
        if len(matched) == limit:
            break
    return matched


def _length_window(length: int, cutoff: float) -> tuple[int, int | None]:
    """Lengths b for which a ratio >= cutoff with a string of ``length`` is possible.

    Indel similarity is at most 2·min(a, b)/(a + b); solving that >= c for b
    gives c·a/(2-c) <= b <= a·(2-c)/c. Rounded outward so nothing that could
    qualify is cut.
    """
    if cutoff <= 0.0:
        return 0, None
    lo = math.floor(cutoff * length / (2.0 - cutoff))
    hi = math.ceil(length * (2.0 - cutoff) / cutoff)
    return lo, hi
