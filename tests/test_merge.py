"""Tests for pipeline.merge: msgmerge semantics, no lost translations, speed."""
from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.merge import MergeResult, merge  # noqa: E402

HEADER = {
    "Project-Id-Version": "letter 1.0",
    "Report-Msgid-Bugs-To": "old@example.org",
    "POT-Creation-Date": "2024-01-01 00:00+0000",
    "PO-Revision-Date": "2024-02-01 10:00+0100",
    "Last-Translator": "Jana Nováková <jana@example.org>",
    "Language-Team": "Czech",
    "Language": "cs",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
}
TEMPLATE_HEADER = {
    "Project-Id-Version": "letter 2.0",
    "Report-Msgid-Bugs-To": "letter@example.org",
    "POT-Creation-Date": "2025-06-01 12:00+0000",
    "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
    "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
    "Language-Team": "LANGUAGE <LL@li.org>",
    "Language": "",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=INTEGER; plural=EXPRESSION;",
}


def po(*entries: polib.POEntry, metadata: dict[str, str] | None = None) -> polib.POFile:
    f = polib.POFile()
    f.metadata = dict(HEADER if metadata is None else metadata)
    for e in entries:
        f.append(e)
    return f


def pot(*entries: polib.POEntry) -> polib.POFile:
    return po(*entries, metadata=TEMPLATE_HEADER)


def E(msgid: str, msgstr: str = "", **kw) -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr, **kw)


def active(result: MergeResult) -> list[polib.POEntry]:
    return [e for e in result.catalog if not e.obsolete]


def obsolete(result: MergeResult) -> list[polib.POEntry]:
    return [e for e in result.catalog if e.obsolete]


def find(result: MergeResult, msgid: str, msgctxt: str | None = None) -> polib.POEntry:
    hits = [e for e in result.catalog if e.msgid == msgid and e.msgctxt == msgctxt]
    assert len(hits) == 1, f"{msgid!r} found {len(hits)} times"
    return hits[0]


def snapshot(f: polib.POFile):
    """Everything observable about a catalog, to prove merge() does not mutate it."""
    return (
        f.header,
        repr(f.metadata),
        repr(f.metadata_is_fuzzy),
        [repr(sorted(vars(e).items())) for e in f],
    )


LETTER = "We, the undersigned, call on the city council to act on climate now."
LETTER_EDITED = "We, the undersigned, call on the city council to act on the climate now."


# ----------------------------------------------------------------------------
# Single behaviours


def test_new_message_is_untranslated():
    r = merge(pot(E("Hello"), E("A brand new sentence")), po(E("Hello", "Ahoj")))
    new = find(r, "A brand new sentence")
    assert new.msgstr == "" and not new.fuzzy and new.previous_msgid is None
    assert find(r, "Hello").msgstr == "Ahoj"
    assert (r.added, r.fuzzy_matched, r.obsoleted, r.revived) == (1, 0, 0, 0)


def test_changed_message_becomes_fuzzy_draft_with_previous_msgid():
    r = merge(pot(E(LETTER_EDITED)), po(E(LETTER, "My, níže podepsaní, ...")))
    e = find(r, LETTER_EDITED)
    assert e.msgstr == "My, níže podepsaní, ..."
    assert e.fuzzy
    assert e.previous_msgid == LETTER and e.previous_msgctxt is None
    assert obsolete(r) == []
    assert (r.added, r.fuzzy_matched, r.obsoleted) == (0, 1, 0)


def test_removed_message_becomes_obsolete_with_translation_and_comments():
    old = E(
        "Removed sentence about the regional train network.",
        "Odstraněná věta.",
        tcomment="checked by Petr",
        comment="paragraph 12",
        occurrences=[("letter.md", "12")],
        flags=["no-check-numbers"],
    )
    r = merge(pot(E("Hello")), po(E("Hello", "Ahoj"), old))
    (gone,) = obsolete(r)
    assert gone.msgid == old.msgid and gone.msgstr == "Odstraněná věta."
    assert gone.tcomment == "checked by Petr" and gone.flags == ["no-check-numbers"]
    # What the template owned is dropped, as msgmerge does: stale references and extracted comments.
    assert gone.occurrences == [] and gone.comment == ""
    assert r.obsoleted == 1


def test_obsolete_message_is_revived_on_exact_match():
    r = merge(
        pot(E("Came back"), E("Came back fuzzy")),
        po(
            E("Came back", "Vráceno", obsolete=True, tcomment="note"),
            E("Came back fuzzy", "Vráceno?", obsolete=True, flags=["fuzzy"]),
        ),
    )
    back = find(r, "Came back")
    assert not back.obsolete and back.msgstr == "Vráceno" and not back.fuzzy
    assert back.tcomment == "note"
    assert find(r, "Came back fuzzy").fuzzy  # revived as it was
    assert obsolete(r) == []
    assert (r.revived, r.added, r.fuzzy_matched) == (2, 0, 0)


def test_translator_side_and_template_side():
    old = E(
        "Hello {name}",
        "Ahoj {name}",
        tcomment="informal on purpose",
        comment="old extracted comment",
        occurrences=[("old.md", "1")],
        flags=["python-format", "no-check-numbers"],
    )
    new = E(
        "Hello {name}",
        comment="Greeting at the top of the letter",
        occurrences=[("letter.md", "3")],
        flags=["python-brace-format"],
    )
    e = find(merge(pot(new), po(old)), "Hello {name}")
    assert e.msgstr == "Ahoj {name}"
    assert e.tcomment == "informal on purpose"
    assert e.comment == "Greeting at the top of the letter"
    assert e.occurrences == [("letter.md", "3")]
    # Format flags come from the template only; the translator's own flags stay.
    assert e.flags == ["python-brace-format", "no-check-numbers"]


def test_exact_match_keeps_fuzzy_state_and_previous():
    r = merge(
        pot(E("Sign now"), E("Share it")),
        po(
            E("Sign now", "Podepiš", flags=["fuzzy"], previous_msgid="Sign today"),
            E("Share it", "Sdílej", previous_msgid="stale, not fuzzy"),
        ),
    )
    sign = find(r, "Sign now")
    assert sign.fuzzy and sign.previous_msgid == "Sign today"
    share = find(r, "Share it")
    assert not share.fuzzy and share.previous_msgid is None  # stale #| dropped
    assert r.fuzzy_matched == 0


def test_draft_from_fuzzy_message_keeps_the_older_previous():
    # The translation was made for "version one", so that is what the
    # translator must compare with (msgmerge does the same).
    old = E(
        "The text of the letter, version two",
        "Text dopisu",
        flags=["fuzzy"],
        previous_msgid="The text of the letter, version one",
    )
    e = find(merge(pot(E("The text of the letter, version three")), po(old)),
             "The text of the letter, version three")
    assert e.fuzzy and e.previous_msgid == "The text of the letter, version one"


def test_header_kept_and_template_fields_updated():
    cat = po(E("Hello", "Ahoj"))
    cat.header = "Czech translation of the letter."
    r = merge(pot(E("Hello")), cat)
    meta = r.catalog.metadata
    assert r.catalog.header == "Czech translation of the letter."
    assert meta["POT-Creation-Date"] == "2025-06-01 12:00+0000"
    assert meta["Report-Msgid-Bugs-To"] == "letter@example.org"
    for field in ("Project-Id-Version", "Last-Translator", "Language", "Plural-Forms",
                  "PO-Revision-Date", "Language-Team"):
        assert meta[field] == HEADER[field]
    assert list(meta) == list(HEADER)


def test_project_id_version_filled_in_when_missing():
    meta = {k: v for k, v in HEADER.items() if k != "Project-Id-Version"}
    r = merge(pot(E("Hello")), po(E("Hello", "Ahoj"), metadata=meta))
    assert r.catalog.metadata["Project-Id-Version"] == "letter 2.0"
    assert list(r.catalog.metadata)[0] == "Project-Id-Version"


def test_plural_entries():
    r = merge(
        pot(
            E("One signature", msgid_plural="{n} signatures", msgstr_plural={0: "", 1: ""}),
            E("One city", msgid_plural="{n} cities!", msgstr_plural={0: "", 1: ""}),
            E("One country", msgid_plural="{n} countries", msgstr_plural={0: "", 1: ""}),
            E("A brand new plural", msgid_plural="{n} brand new plurals",
              msgstr_plural={0: "", 1: ""}),
        ),
        po(
            E("One signature", msgid_plural="{n} signatures",
              msgstr_plural={0: "Jeden podpis", 1: "{n} podpisy", 2: "{n} podpisů"}),
            E("One city", msgid_plural="{n} cities",
              msgstr_plural={0: "Jedno město", 1: "{n} města", 2: "{n} měst"}),
            E("One country", "Jedna země"),
        ),
    )
    sig = find(r, "One signature")
    assert sig.msgstr_plural == {0: "Jeden podpis", 1: "{n} podpisy", 2: "{n} podpisů"}
    assert not sig.fuzzy
    city = find(r, "One city")  # msgid_plural changed: fuzzy, with the old plural
    assert city.fuzzy and city.previous_msgid == "One city"
    assert city.previous_msgid_plural == "{n} cities"
    assert city.msgstr_plural == {0: "Jedno město", 1: "{n} města", 2: "{n} měst"}
    country = find(r, "One country")  # became plural: every form gets the singular
    assert country.fuzzy and country.msgstr_plural == {0: "Jedna země", 1: "Jedna země", 2: "Jedna země"}
    assert country.previous_msgid == "One country" and country.previous_msgid_plural is None
    fresh = find(r, "A brand new plural")  # sized to the catalog's nplurals=3
    assert fresh.msgstr_plural == {0: "", 1: "", 2: ""}
    assert r.fuzzy_matched == 2 and r.added == 1


def test_short_plural_translation_is_padded():
    r = merge(
        pot(E("One dog", msgid_plural="{n} dogs", msgstr_plural={0: "", 1: ""})),
        po(E("One dog", msgid_plural="{n} dogs", msgstr_plural={0: "Pes", 1: "Psi"})),
    )
    assert find(r, "One dog").msgstr_plural == {0: "Pes", 1: "Psi", 2: ""}


def test_plural_translation_is_not_cut_down_for_a_different_singular_message():
    r = merge(
        pot(E("One dog is here")),
        po(E("One dog was here", msgid_plural="{n} dogs were here",
             msgstr_plural={0: "Pes", 1: "Psi", 2: "Psů"})),
    )
    assert find(r, "One dog is here").msgstr == ""
    (kept,) = obsolete(r)
    assert kept.msgstr_plural == {0: "Pes", 1: "Psi", 2: "Psů"}


def test_msgctxt_is_part_of_the_key():
    r = merge(
        pot(E("Open", msgctxt="menu"), E("Open", msgctxt="button"), E("Open")),
        po(E("Open", "Otevřít", msgctxt="button"), E("Open", "Otevři")),
    )
    assert find(r, "Open", "button").msgstr == "Otevřít"
    assert find(r, "Open").msgstr == "Otevři"
    # Both old translations are used by exact matches, so "menu" gets none
    # (msgmerge would hand it one of them as a fuzzy draft).
    menu = find(r, "Open", "menu")
    assert menu.msgstr == "" and not menu.fuzzy
    assert r.added == 1


def test_fuzzy_prefers_the_same_context():
    old_a = E("Read the full letter", "A", msgctxt="footer")
    old_b = E("Read the full letter", "B", msgctxt="header")
    r = merge(pot(E("Read the full letter!", msgctxt="header")), po(old_a, old_b))
    e = find(r, "Read the full letter!", "header")
    assert e.msgstr == "B" and e.previous_msgctxt == "header"
    assert [o.msgstr for o in obsolete(r)] == ["A"]


def test_draft_from_another_context_records_previous_msgctxt():
    r = merge(pot(E("Sign the letter", msgctxt="button")), po(E("Sign the letter", "Podepsat")))
    e = find(r, "Sign the letter", "button")
    assert e.fuzzy and e.msgstr == "Podepsat"
    assert e.previous_msgctxt is None and e.previous_msgid == "Sign the letter"


def test_matching_is_one_to_one_and_best_first():
    old1 = "The council must publish its climate plan before the summer."
    old2 = "Cities must stop building new motorways within their borders."
    new_a = "The council must publish its climate plan before the summer!"  # ~old1
    new_b = "The council must publish a climate plan before summer."  # also ~old1, less
    new_c = "Cities must stop building motorways within their borders."  # ~old2
    r = merge(pot(E(new_b), E(new_a), E(new_c)), po(E(old1, "T1"), E(old2, "T2")))
    assert find(r, new_a).previous_msgid == old1
    assert find(r, new_c).previous_msgid == old2
    b = find(r, new_b)  # msgmerge would give old1's translation to it as well
    assert b.msgstr == "" and not b.fuzzy
    assert (r.fuzzy_matched, r.added) == (2, 1)


def test_untranslated_messages_are_not_sources_and_are_not_kept():
    r = merge(
        pot(E("A sentence about the train network, rewritten.")),
        po(
            E("A sentence about the train network.", ""),
            E("Removed and untranslated", ""),
            E("Obsolete and untranslated", "", obsolete=True),
        ),
    )
    e = find(r, "A sentence about the train network, rewritten.")
    assert e.msgstr == "" and not e.fuzzy
    assert obsolete(r) == [] and r.obsoleted == 0


def test_obsolete_translations_are_fuzzy_sources():
    r = merge(pot(E("An old sentence about the city councils.")),
              po(E("An old sentence about the city council.", "Stará věta", obsolete=True)))
    e = find(r, "An old sentence about the city councils.")
    assert e.fuzzy and e.msgstr == "Stará věta" and not e.obsolete
    assert obsolete(r) == [] and r.revived == 0 and r.fuzzy_matched == 1


def test_no_fuzzy_and_cutoff():
    cat = po(E(LETTER, "Překlad"))
    r = merge(pot(E(LETTER_EDITED)), cat, fuzzy=False)
    assert find(r, LETTER_EDITED).msgstr == "" and obsolete(r)[0].msgstr == "Překlad"
    assert merge(pot(E(LETTER_EDITED)), cat, cutoff=0.99).fuzzy_matched == 0
    assert merge(pot(E("zzz")), po(E("abc", "x")), cutoff=0.0).fuzzy_matched == 1
    with pytest.raises(ValueError):
        merge(pot(E("x")), cat, cutoff=1.5)


FIRST = "We call on the world's governments to act now, together, against every attack on hospitals."
SECOND = "Over the past weeks we have witnessed attacks on medical facilities on the frontlines of the pandemic."
THIRD = "We don't tolerate attacks on health infrastructure in the physical world, nor in cyberspace."


def test_paragraphs_joined_make_one_draft_of_their_translations_and_stay_obsolete():
    """A join: the draft holds both translations, in the English's order, its #| both English joined, a
    draft's as its #| names it; each old message is kept obsolete, so that the join undone revives it."""
    catalog = po(E("Title", "Titre"), E(FIRST, "Premier."), E(SECOND, "Deuxième.", flags=["fuzzy"],
                                                                  previous_msgid="Before the edit."),
                 E(THIRD, "Troisième."))
    template = pot(E("Title"), E(f"{FIRST} {SECOND}"), E(THIRD))
    r = merge(template, catalog, join=" ")
    joined = find(r, f"{FIRST} {SECOND}")
    assert (joined.fuzzy, joined.msgstr, joined.previous_msgid) == (True, "Premier. Deuxième.",
                                                                     f"{FIRST} Before the edit.")
    assert {(e.msgid, e.msgstr) for e in obsolete(r)} == {(FIRST, "Premier."), (SECOND, "Deuxième.")}
    assert r.joined == {(None, f"{FIRST} {SECOND}"): ((None, FIRST), (None, SECOND))}
    assert (r.added, r.fuzzy_matched, r.obsoleted) == (0, 1, 2)
    assert find(merge(template, catalog, join=""), f"{FIRST} {SECOND}").msgstr == "Premier.Deuxième."
    # Undone: each comes back as it was.
    back = merge(pot(E("Title"), E(FIRST), E(SECOND), E(THIRD)), r.catalog, join=" ")
    assert [(e.msgstr, e.fuzzy) for e in active(back)][1:3] == [("Premier.", False), ("Deuxième.", True)]


def test_without_join_a_join_is_merged_as_msgmerge_merges_it():
    catalog = po(E(FIRST, "Premier."), E(SECOND, "Deuxième."))
    r = merge(pot(E(f"{FIRST} {SECOND}")), catalog)
    assert find(r, f"{FIRST} {SECOND}").msgstr in ("Premier.", "Deuxième.") and len(obsolete(r)) == 1
    assert r.joined == {}


def test_three_paragraphs_joined_are_one_draft_though_none_is_like_enough_alone():
    catalog = po(E(FIRST, "Premier."), E(SECOND, "Deuxième."), E(THIRD, "Troisième."))
    r = merge(pot(E(f"{THIRD} {FIRST} {SECOND}")), catalog, join=" ")
    assert find(r, f"{THIRD} {FIRST} {SECOND}").msgstr == "Troisième. Premier. Deuxième."


def test_a_removed_paragraph_whose_words_are_only_scattered_over_a_new_one_is_no_join():
    """Common words in another order, or a paragraph removed beside one edited: no join, as msgmerge."""
    removed = "We call on the governments to act."
    catalog = po(E(removed, "Nous appelons les gouvernements à agir."), E(SECOND, "Deuxième."))
    edited = f"The governments, we call on them: to act. {SECOND}"
    r = merge(pot(E(edited)), catalog, join=" ")
    assert find(r, edited).msgstr == "Deuxième." and r.joined == {}


def test_duplicate_keys_are_rejected():
    with pytest.raises(ValueError, match="twice"):
        merge(pot(E("Hello")), po(E("Hello", "Ahoj"), E("Hello", "Nazdar", obsolete=True)))
    with pytest.raises(ValueError, match="template"):
        merge(pot(E("Hello"), E("Hello")), po())


def test_deterministic_and_inputs_untouched():
    tmpl = pot(E(LETTER_EDITED, flags=["python-format"]), E("New"), E("Kept"))
    cat = po(E(LETTER, "Překlad", flags=["fuzzy"]), E("Kept", "Drží"), E("Gone", "Pryč"))
    before = snapshot(tmpl), snapshot(cat)
    first = str(merge(tmpl, cat).catalog)
    assert (snapshot(tmpl), snapshot(cat)) == before
    assert str(merge(tmpl, cat).catalog) == first


# ----------------------------------------------------------------------------
# Property: nothing is lost, every template message exactly once

WORDS = ["letter", "city", "council", "climate", "train", "bus", "we", "ask", "now",
         "green", "the", "of", "and", "public", "transport", "sign", "share", "école",
         "Straße", "together", "future", "children", "air", "clean"]
sentences = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join)
contexts = st.sampled_from([None, None, "a", "b"])


@st.composite
def merge_inputs(draw):
    keys = draw(st.lists(st.tuples(contexts, sentences), unique=True, max_size=25))
    counter = iter(range(10_000))
    cat = po()
    for ctxt, msgid in keys:
        plural = draw(st.booleans()) and draw(st.booleans())
        translated = draw(st.integers(0, 3)) > 0
        n = next(counter)

        def text(form: int, n: int = n, translated: bool = translated) -> str:
            return f"T{n}.{form}" if translated and draw(st.integers(0, 4)) > 0 else ""

        e = polib.POEntry(
            msgctxt=ctxt,
            msgid=msgid,
            obsolete=draw(st.integers(0, 4)) == 0,
            flags=draw(st.sampled_from([[], ["fuzzy"], ["python-format"], ["fuzzy", "no-check-numbers"]])),
            tcomment=draw(st.sampled_from(["", "note"])),
        )
        if e.fuzzy and draw(st.booleans()):
            e.previous_msgid = draw(sentences)
        if plural:
            e.msgid_plural = msgid + " (plural)"
            e.msgstr_plural = {k: text(k) for k in range(draw(st.integers(1, 3)))}
        else:
            e.msgstr = text(0)
        cat.append(e)

    tmpl = pot()
    used_keys: set = set()
    for ctxt, msgid in keys:
        op = draw(st.sampled_from(["keep", "keep", "edit", "drop", "replural"]))
        if op == "drop":
            continue
        if op == "edit":
            msgid = msgid + " " + draw(st.sampled_from(WORDS))
        if (ctxt, msgid) in used_keys:
            continue
        used_keys.add((ctxt, msgid))
        plural = draw(st.booleans()) if op == "replural" else any(
            e.msgid_plural for e in cat if (e.msgctxt, e.msgid) == (ctxt, msgid))
        entry = polib.POEntry(msgctxt=ctxt, msgid=msgid, flags=["python-brace-format"])
        if plural:
            entry.msgid_plural = msgid + draw(st.sampled_from([" (plural)", " (plurals)"]))
            entry.msgstr_plural = {0: "", 1: ""}
        tmpl.append(entry)
    for ctxt, msgid in draw(st.lists(st.tuples(contexts, sentences), max_size=8)):
        if (ctxt, msgid) not in used_keys:
            used_keys.add((ctxt, msgid))
            tmpl.append(polib.POEntry(msgctxt=ctxt, msgid=msgid))
    order = draw(st.permutations(range(len(tmpl))))
    shuffled = pot(*[tmpl[k] for k in order])
    return shuffled, cat


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(merge_inputs(), st.sampled_from([0.0, 0.3, 0.6, 0.9]), st.booleans(), st.sampled_from([None, " "]))
def test_property_nothing_lost(inputs, cutoff, fuzzy, join):
    tmpl, cat = inputs
    before = snapshot(tmpl), snapshot(cat)
    r = merge(tmpl, cat, fuzzy=fuzzy, cutoff=cutoff, join=join)
    assert (snapshot(tmpl), snapshot(cat)) == before

    out_active = active(r)
    assert [(e.msgctxt, e.msgid) for e in out_active] == [(e.msgctxt, e.msgid) for e in tmpl]
    keys = [(e.msgctxt, e.msgid) for e in r.catalog]
    assert len(keys) == len(set(keys)), "gettext rejects duplicate keys, even obsolete ones"
    for e, t in zip(out_active, tmpl, strict=True):
        assert e.msgid_plural == t.msgid_plural

    found = set()
    for e in r.catalog:
        found.add(e.msgstr)
        found.update(e.msgstr_plural.values())
    singular_now = {(e.msgctxt, e.msgid) for e in tmpl if not e.msgid_plural}
    for e in cat:
        if e.msgid_plural:
            forms = list(e.msgstr_plural.values())
            if (e.msgctxt, e.msgid) in singular_now:
                forms = forms[:1]  # documented: a message that lost its plural keeps form 0
            wanted = [f for f in forms if f]
        else:
            wanted = [e.msgstr] if e.msgstr else []
        for text in wanted:
            assert text in found, f"translation {text!r} of {e.msgid!r} was lost"

    assert r.added + r.fuzzy_matched + r.revived <= len(tmpl)
    assert r.obsoleted <= sum(1 for e in cat if not e.obsolete)
    for e in out_active:
        if e.msgid_plural:
            assert len(e.msgstr_plural) >= 3  # catalog has nplurals=3
        if e.fuzzy and not any((o.msgctxt, o.msgid) == (e.msgctxt, e.msgid) for o in cat):
            assert e.previous_msgid is not None


# ----------------------------------------------------------------------------
# Against GNU msgmerge

OLD_LETTER = [
    "An open letter to the mayor and the city council",
    "We are residents, parents, workers and students of this city.",
    "Every morning our children breathe air that fails the legal limits.",
    "Traffic on the ring road has doubled in the last ten years.",
    "Buses are late, overcrowded and far too expensive for many families.",
    "The tram line promised in the last election has not been started.",
    "Cycling to school is dangerous on most of the main streets.",
    "Heat waves now close our schools for several days every summer.",
    "Trees are cut down for car parks while the parks dry out.",
    "We ask the council to take five concrete steps this year.",
    "First, make public transport free for everyone under eighteen.",
    "Second, build protected cycle lanes on the ten busiest roads.",
    "Third, plant a thousand trees along streets without shade.",
    "Fourth, publish the air quality data for every district weekly.",
    "Fifth, hold a citizens' assembly on the climate plan.",
    "These steps are affordable and other cities have taken them.",
    "Vienna and Paris show that clean air is a political choice.",
    "Delay will cost more in health care and lost working days.",
    "We will follow the council's votes and report on them publicly.",
    "Sign this letter to add your voice to ours.",
    "Share it with your neighbours, your colleagues and your friends.",
    "Thank you for reading and for standing with us.",
    "The signatories",
    "Last updated on {date}",
    "Read the letter in another language",
]
EDITS = {
    "Buses are late, overcrowded and far too expensive for many families.":
        "Buses are late, crowded and far too expensive for most families.",
    "Trees are cut down for car parks while the parks dry out.":
        "Trees are cut down for new car parks while our parks dry out.",
    "First, make public transport free for everyone under eighteen.":
        "First, make public transport free for everyone under twenty.",
    "Sign this letter to add your voice to ours.":
        "Sign this letter today to add your voice to ours.",
}
REMOVED = {
    "Vienna and Paris show that clean air is a political choice.",
    "Heat waves now close our schools for several days every summer.",
    "Last updated on {date}",
}
ADDED = [
    "Our demands were updated after the public meeting in May.",
    "Questions? Write to us at {email}.",
    "Printed copies are available at the public library.",
]
REVIVED = "Earlier versions of this letter are archived online."


def letter_inputs() -> tuple[polib.POFile, polib.POFile]:
    cat = po(*[E(m, f"[cs] {m}", occurrences=[("letter.md", str(k))])
               for k, m in enumerate(OLD_LETTER)])
    cat.append(E(REVIVED, "[cs] archiv", obsolete=True))
    msgids = [EDITS.get(m, m) for m in OLD_LETTER if m not in REMOVED]
    msgids[5:5] = ADDED[:1]
    msgids[12:12] = [ADDED[1], REVIVED]
    msgids.append(ADDED[2])
    return pot(*[E(m, occurrences=[("letter.md", str(k))]) for k, m in enumerate(msgids)]), cat


def summary(f: polib.POFile):
    """What the merges must agree on: which message got which old translation."""
    return (
        [(e.msgid, e.msgstr, e.fuzzy, e.previous_msgid) for e in f if not e.obsolete],
        sorted((e.msgid, e.msgstr) for e in f if e.obsolete),
    )


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU msgmerge (gettext) is not installed")
def test_same_matches_as_msgmerge(tmp_path):
    tmpl, cat = letter_inputs()
    tmpl.save(str(tmp_path / "letter.pot"))
    cat.save(str(tmp_path / "cs.po"))
    subprocess.run(
        ["msgmerge", "--quiet", "--previous", "-o", str(tmp_path / "merged.po"),
         str(tmp_path / "cs.po"), str(tmp_path / "letter.pot")],
        check=True,
    )
    theirs = polib.pofile(str(tmp_path / "merged.po"))
    r = merge(tmpl, cat)
    assert summary(r.catalog) == summary(theirs)
    assert r.catalog.metadata == theirs.metadata
    drafts = {e.msgid: e.previous_msgid for e in r.catalog if e.fuzzy}
    assert drafts == {new: old for old, new in EDITS.items()}  # the test is not vacuous
    assert (r.added, r.fuzzy_matched, r.obsoleted, r.revived) == (3, 4, 3, 1)


@pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU msgmerge (gettext) is not installed")
def test_a_message_newly_a_brace_format_its_translation_breaks_becomes_a_draft_as_in_msgmerge(tmp_path):
    """The template flags python-brace-format a message the catalog translated without it: a translation
    that lost its placeholder would fail msgfmt --check, so msgmerge makes it a draft; so is one that
    names it otherwise for GNU ({date!s}, a conversion it does not read; {user} for {user.name}; a
    format specifier, which is part of the argument's name to it; one it cannot read, {date:%d %B}), and
    one that kept it stays reviewed ({date}}: a lone } is text to GNU)."""
    english = ["Published on {date}", "Signed on {date}", "Read on {date}", "Shared by {user.name}", "Sent on {date}",
               "Made on {date}", "Kept on {date}", "Seen on {date}"]
    translated = ["Publié", "Signé le {date}", "Lu le {date!s}", "Partagé par {user}", "Envoyé le {date:%d %B}",
                  "Fait le {date:{w}}", "Gardé le {date:>{w}}", "Vu le {date}}"]
    tmpl = pot(*[E(m, flags=["python-brace-format"]) for m in english])
    cat = po(*[E(m, t) for m, t in zip(english, translated, strict=True)])
    tmpl.save(str(tmp_path / "letter.pot"))
    cat.save(str(tmp_path / "fr.po"))
    subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(tmp_path / "merged.po"), str(tmp_path / "fr.po"),
                    str(tmp_path / "letter.pot")], check=True)
    theirs = polib.pofile(str(tmp_path / "merged.po"))
    r = merge(tmpl, cat)
    assert summary(r.catalog) == summary(theirs)
    assert [e.fuzzy for e in active(r)] == [e.fuzzy for e in theirs] == [True, False, True, True, True, True, True,
                                                                         False]
    assert r.fuzzy_matched == 6


# ----------------------------------------------------------------------------
# Scale


def synthetic_letter(n: int, seed: int = 7):
    """n distinct sentences of 8-16 pseudo-words; 5% edited, 5% removed, 5% added."""
    rng = random.Random(seed)
    consonants, vowels = "bcdfghjklmnprstvwz", "aeiou"
    vocab = sorted({"".join(rng.choice(consonants) + rng.choice(vowels)
                            for _ in range(rng.randint(1, 4))) for _ in range(3000)})

    def sentence() -> str:
        return " ".join(rng.choice(vocab) for _ in range(rng.randint(8, 16))).capitalize() + "."

    seen: set[str] = set()

    def fresh() -> str:
        s = sentence()
        while s in seen:
            s = sentence()
        seen.add(s)
        return s

    msgids = [fresh() for _ in range(n)]
    cat = po(*[E(m, f"Ü{k} {m[::-1]}", occurrences=[("letter.md", str(k))])
               for k, m in enumerate(msgids)])
    picks = rng.sample(range(n), 2 * (n // 20))
    edited, removed = set(picks[: n // 20]), set(picks[n // 20:])
    tmpl = pot()
    was: dict[str, str] = {}
    for k, m in enumerate(msgids):
        if k in removed:
            continue
        if k in edited:
            words = m[:-1].split(" ")
            for _ in range(rng.randint(1, 2)):
                words[rng.randrange(1, len(words))] = rng.choice(vocab)
            new = " ".join(words) + "."
            new = new if new != m and new not in seen else m[:-1] + "!"
            was[new] = m
            m = new
        tmpl.append(E(m, occurrences=[("letter.md", str(k))]))
    added = set()
    for _ in range(n // 20):
        s = fresh()
        added.add(s)
        tmpl.insert(rng.randrange(len(tmpl) + 1), E(s))
    return tmpl, cat, was, added


def test_scale_10000_messages():
    """Every edit of a long letter finds its own old message; how fast is `make bench`'s to judge."""
    tmpl, cat, was, added = synthetic_letter(10_000)
    r = merge(tmpl, cat)
    wrong = [e.msgid for e in active(r) if e.msgid in was and e.previous_msgid != was[e.msgid]]
    assert wrong == []
    assert all(find_fast.msgstr == "" for find_fast in active(r) if find_fast.msgid in added)
    assert (r.added, r.fuzzy_matched, r.obsoleted, r.revived) == (500, 500, 500, 0)
    assert len(active(r)) == len(tmpl)
