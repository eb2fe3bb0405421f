"""Paragraphs joined: which old messages of a catalog a template message is made of, for ``merge`` to
make its draft of their translations joined (see ``merge``'s "paragraphs joined")."""
from __future__ import annotations

import bisect
from collections.abc import Mapping

import polib

from pipeline.worddiff import made_of


def joined(new_entries: list[polib.POEntry], exact: Mapping[int, int], drafts: Mapping[int, int],
           old_entries: list[polib.POEntry], used: list[bool]) -> dict[int, list[int]]:
    """The template messages (of ``new_entries``) made of old messages joined, with those (indices of
    ``old_entries``) in order: an old message on its way to be obsolete (active, translated, not
    ``used`` by the matching), its English held in a new or changed message (not in ``exact``, or matched
    there with an obsolete draft, which a join undone left and which comes back as it was; of its
    context) with another's, the draft's among them where it has one (``drafts``). It searches otherwise
    than ``worddiff.joined_into`` (extract's listing, the merge driver), which holds each whole against
    every part, because it runs on a whole catalog after the drafts are paired: it looks only between the
    old messages of the template's messages around each one, where paragraphs joined were, so that a merge
    costs nothing more where no paragraph went, and it requires a draft's own message among the parts, as
    one left out would be neither a draft nor kept obsolete, its translation lost."""
    left = [j for j, old in enumerate(old_entries)
            if not used[j] and not old.obsolete and old.msgstr and not old.msgid_plural]
    if not left:
        return {}
    was = {i: j for i, j in (exact | drafts).items() if not old_entries[j].obsolete}  # where each one was
    after = [0] * len(new_entries)  # the old place of the nearest message before each that has one, + 1
    for i in range(1, len(new_entries)):
        after[i] = was[i - 1] + 1 if i - 1 in was else after[i - 1]
    joins: dict[int, list[int]] = {}
    until = len(old_entries)  # that of the nearest one after
    for i in reversed(range(len(new_entries))):
        new = new_entries[i]
        if (i not in exact or old_entries[exact[i]].obsolete and old_entries[exact[i]].fuzzy) \
                and not new.msgid_plural:
            draft = [drafts[i]] if i in drafts else []
            between = left[bisect.bisect_left(left, after[i]):bisect.bisect_left(left, until)]
            parts = draft + [j for j in between if old_entries[j].msgctxt == new.msgctxt]
            held = [parts[n] for n in made_of(new.msgid, [old_entries[j].msgid for j in parts])] if between else []
            if len(held) > 1 and set(draft) <= set(held):
                joins[i] = held
                left = [j for j in left if j not in held]
        until = was.get(i, until)
    return joins
