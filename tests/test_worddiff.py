"""The word diff that extract and update print and the review page shows."""
from __future__ import annotations

import difflib
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from pipeline.worddiff import NEARLY_WHOLE, _lacks_too_many, joined_into, made_of, shown, word_diff


def test_parts_are_the_same_the_removed_and_the_added_words():
    assert word_diff("The time to act is now.", "The time to act was yesterday.") == (
        ("same", "The time to act "), ("removed", "is"), ("added", "was"), ("same", " "), ("removed", "now"),
        ("added", "yesterday"), ("same", "."))


@given(st.lists(st.sampled_from(["the", "time", "to", "act", "is", "now", ",", ".", "  ", "Ärzt*innen"]), max_size=40),
       st.lists(st.sampled_from(["the", "time", "to", "act", "was", "now", ";", ".", "COVID-19"]), max_size=40))
def test_the_parts_spell_both_texts(before, after):
    before, after = " ".join(before), " ".join(after)
    parts = word_diff(before, after)
    assert "".join(text for kind, text in parts if kind != "added") == before
    assert "".join(text for kind, text in parts if kind != "removed") == after
    assert all(text for _kind, text in parts) and all(a[0] != b[0] for a, b in pairwise(parts))


def test_texts_of_the_same_few_words_are_diffed_in_few_searches(monkeypatch):
    """Spaces match any other: two texts of 400 "a" and 400 "b" cost difflib a search at every level for every
    pair of them (1.6 s; 2,000 characters took 25 s, the review page's 5,000 minutes), from a catalog's hostile
    ``#|`` line or a request to the review page. Matched by words with their spaces first, they take a few."""
    searches = []
    find = difflib.SequenceMatcher.find_longest_match
    monkeypatch.setattr(difflib.SequenceMatcher, "find_longest_match",
                        lambda self, *a, **k: searches.append(1) or find(self, *a, **k))
    assert word_diff("a " * 400, "b " * 400) == (("removed", "a " * 399 + "a"), ("added", "b " * 399 + "b"),
                                                 ("same", " "))
    assert len(searches) < 10


def test_shown_keeps_a_few_words_either_side_and_marks_what_it_cut():
    before = "one two three four five six seven eight nine ten"
    # ``around`` counts words and the spaces between them.
    assert shown(before, before.replace("five", "FIVE"), around=4) == "…three four [-five-]{+FIVE+} six seven…"
    assert shown(before, before.replace("five", "FIVE")) == "one two three four [-five-]{+FIVE+} six seven eight nine…"
    assert shown("a b", "a c", "role") == "[role] a [-b-]{+c+}"
    assert shown("now", "then") == "[-now-]{+then+}"


def test_text_left_alone_between_two_edits_far_apart_is_cut():
    before = "are unlawful " + "and " * 20 + "unacceptable"
    after = "are lawful " + "and " * 20 + "acceptable"
    assert shown(before, after, around=4) == "are [-unlawful-]{+lawful+} and and…and and [-unacceptable-]{+acceptable+}"
    near = "one two three four"
    both = near.replace("one", "ONE").replace("four", "FOUR")
    assert shown(near, both) == "[-one-]{+ONE+} two three [-four-]{+FOUR+}"


def test_made_of_finds_the_texts_held_nearly_whole_in_order_each_at_a_place_of_its_own():
    first = "We call on the world's governments to take immediate and decisive action."
    second = "This will not be the last health crisis, and governments should act now."
    assert made_of(f"{first} {second}", [second, first]) == (1, 0)
    assert made_of(f"{first} This will surely not be the last health crisis, and governments should act now.",
                   [first, second]) == (0, 1)  # a word added where they meet, or in one
    assert made_of(first, [first, first]) == (0,)  # one place holds one
    assert made_of(first, [second, "governments action."]) == ()  # not there, or scattered
    assert made_of(first, [f"{first} {second}"]) == ()  # longer than the whole


def test_made_of_leaves_out_a_mark_matched_far_from_the_rest_of_a_part():
    """A sentence split off a paragraph ends in a full stop where the paragraph had a comma: the stop is
    matched sentences later, and must not count against the words found together."""
    whole = ("We don't tolerate attacks on health infrastructure in the physical world, and we must not "
             "tolerate such attacks in cyberspace. We stand with the Red Cross. The time to act is now.")
    split_off = "We don't tolerate attacks on health infrastructure in the physical world."
    assert made_of(whole, [split_off]) == (0,)
    assert made_of(whole, [split_off, "And we must not tolerate such attacks in cyberspace."]) == (0, 1)
    assert made_of(whole, ["We don't tolerate the Red Cross."]) == ()  # its words far apart still are not


@given(st.lists(st.sampled_from("abcdefg"), min_size=1, max_size=30),
       st.lists(st.sampled_from("abcdefghij"), min_size=1, max_size=40))
def test_a_part_set_aside_for_the_words_the_whole_lacks_is_one_quick_ratio_sets_aside(part, whole):
    """``made_of`` sets a part aside by a set difference before asking ``quick_ratio``: never one that the count
    of words they share would have let through, whatever its words repeat."""
    if _lacks_too_many(part, frozenset(part), frozenset(whole)):
        matcher = difflib.SequenceMatcher(None, part, whole, autojunk=False)
        assert matcher.quick_ratio() * (len(part) + len(whole)) < 2 * NEARLY_WHOLE * len(part)


def test_joined_into_gives_each_part_to_the_first_whole_that_holds_it_with_another():
    one, two, three = ("We call on the world's governments to act.", "Over the past weeks we have witnessed attacks.",
                       "This will not be the last health crisis.")
    wholes = [f"{one} {two}", f"{one} {two} {three}", f"{two} {three}"]
    assert joined_into(wholes, [three, one, two]) == {0: (1, 2)}
    assert joined_into([one, f"{three} {two}"], [one, two, three]) == {1: (2, 1)}
    assert joined_into([f"{one} {two}"], [one]) == {}
