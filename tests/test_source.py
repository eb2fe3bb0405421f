"""The English source: faithful to the seed, and clear errors for malformed input."""
from __future__ import annotations

import datetime
import re

import pytest

from pipeline.errors import InputError
from pipeline.model import Origin, Part, is_name, is_required
from pipeline.source import read_letter
from pipeline.source.letter import parse_letter
from pipeline.source.signatories import parse_signatories, twins

from conftest import ROOT, SEED, SHARED_SEED


def words(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+", text)


@pytest.fixture(scope="module")
def letter():
    return read_letter(ROOT / "source/letter.md", ROOT / "source/signatories.yaml", display_root=ROOT)


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.mark.skipif(not SHARED_SEED.exists(), reason=f"no shared seed at {SHARED_SEED} to compare the copy with")
def test_the_tests_seed_is_the_shared_one():
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_body_words_equal_the_seed(letter, seed):
    body = seed.split("**", 1)[0]
    source = " ".join([letter.title.text, *(p.text for p in letter.paragraphs)])
    assert words(source) == words(body)


def test_the_paragraph_cut_by_the_pdf_is_one_paragraph(letter):
    assert len(letter.paragraphs) == 3
    assert "millions infected around the world" in letter.paragraphs[1].text


#: What the source corrects in the letter as received, each noted in the source where it is made.
CORRECTIONS = {"Desmund Tutu": "Desmond Tutu", "Helle Thorning Schmidt": "Helle Thorning-Schmidt"}


def test_each_correction_of_the_seed_is_noted_in_the_source():
    text = (ROOT / "source/signatories.yaml").read_text(encoding="utf-8")
    noted = re.findall(r'^# Corrected from the letter as received, which spells "(.+)"\.\n- name: (.+)$', text, re.M)
    assert dict(noted) == CORRECTIONS


def test_every_signatory_with_every_word_in_seed_order(letter, seed):
    blocks = re.findall(r"\*\*(.+?)\*\*  \n\*(.+?)\*", seed, re.S)
    assert len(letter.signatories) == len(blocks) == 44
    for signatory, (name, description) in zip(letter.signatories, blocks, strict=True):
        assert signatory.name.text == CORRECTIONS.get(name, name)
        parts = " ".join(text.text for text in signatory.parts.values())
        assert words(parts) == words(description)


def test_front_matter(letter):
    assert letter.title.text.startswith("A Call to All Governments")
    assert letter.date.isoformat() == "2020-05-26"
    assert letter.publisher.text == "CyberPeace Institute"
    assert letter.publisher.origin == Origin("source/letter.md", 4)
    assert letter.title.origin.path == "source/letter.md"


def test_shared_parts_are_identical_strings(letter):
    roles = [s.parts[Part.ROLE].text for s in letter.signatories if Part.ROLE in s.parts]
    assert roles.count("Former President") == 10  # whatever the sense: the English is one string
    honours = [s.parts[Part.HONOUR].text for s in letter.signatories if Part.HONOUR in s.parts]
    assert honours.count("Nobel Peace Prize Laureate") == 6


GOOD_FRONT = "---\ntitle: T\ndate: 2020-05-26\npublisher: P\n---\n\nText.\n"


@pytest.mark.parametrize("text, line, fragment", [
    ("Text only.\n", 1, "must begin with front matter"),
    ("---\ntitle: T\ndate: 2020-05-26\npublisher: P\n\nText.\n", 1, "never closed"),
    ("---\ndate: 2020-05-26\npublisher: P\n---\n\nText.\n", 1, "no 'title'"),
    ("---\ntitle: ''\ndate: 2020-05-26\npublisher: P\n---\n\nText.\n", 2, "'title' must be non-empty"),
    ("---\ntitle: T\ndate: 2020-05-26\npublisher: ~\n---\n\nText.\n", 4, "'publisher' is ~, which YAML reads as "
                                                                      "no value, not as text: write the text"),
    ("---\ntitle: T\ndate: 2020-05-26\npublisher: P\ntitel: x\n---\n\nText.\n", 5,
     "unknown front matter field 'titel'"),
    ("---\ntitle: [T\ndate: 2020-05-26\n---\n\nText.\n", 2, "the front matter is not valid YAML: the '[' on this "
                                                          "line is not closed on it"),
    ('---\ntitle: "T\ndate: 2020-05-26\npublisher: P\n---\n\nText.\n', 2, "the quote on this line is never closed"),
    ("---\ntitle A Call\ndate: 2020-05-26\npublisher: P\n---\n\nText.\n", 2,
     "the front matter is not valid YAML: the field's name on this line is not followed by ':': write 'title: A Call'"),
    ("---\ntitle: A Call to All Governments\nWork Together Now\ndate: 2020-05-26\npublisher: P\n---\n\nText.\n", 3,
     "the front matter is not valid YAML: this line is no field of its own ('field: text')"),
    # A quote closed on a later line is no quote left open: an error after it is told where it is.
    ('---\ntitle: "A Call\n  to All"\ndate: 2020-05-26\npublisher: P\n\tbad: x\n---\n\nText.\n', 6,
     "this line is indented with a tab, and YAML indents with spaces only"),
    # A character YAML's reader refuses before parsing (no line of its own): its line is still given.
    ("---\ntitle: T\ndate: 2020-05-26\npublisher: P\x07\n---\n\nText.\n", 4, "the character U+0007, which YAML"),
    ('---\ntitle: "T \\udc00"\ndate: 2020-05-26\npublisher: P\n---\n\nText.\n', 2,
     "'title': half a character (the UTF-16 surrogate U+DC00, written as the escape \\udc00) at position 3"),
    ("---\ntitle: T\ndate: 2020-05-26\npublisher: " + "{a: " * 3000 + "\n---\n\nText.\n", 4,
     "the front matter is not valid YAML: lists or mappings nested deeper than YAML can read"),
    ("---\ntitle: T\ndate: 26/05/2020\npublisher: P\n---\n\nText.\n", 3, "YYYY-MM-DD"),
    ("---\ntitle: T\ndate: 2020-13-45\npublisher: P\n---\n\nText.\n", 3, "not '2020-13-45'"),
    ('---\ntitle: T\ndate: "2020-W22-2"\npublisher: P\n---\n\nText.\n', 3, "YYYY-MM-DD, not '2020-W22-2'"),
    ("---\ntitle: T\ndate: 20200526\npublisher: P\n---\n\nText.\n", 3, "YYYY-MM-DD, not 20200526"),
    ("---\ntitle: T\ndate: 2020-02-30\npublisher: P\n---\n\nText.\n", 3, "not '2020-02-30' (no such day)"),
    ("---\ntitle: T\ndate: 2020-05-26T10:00:00\npublisher: P\n---\n\nText.\n", 3, "YYYY-MM-DD, without a time"),
    # A value starting with '!' is a YAML tag, which YAML makes nothing of (or fails on).
    ("---\ntitle: !Urgent call\ndate: 2020-05-26\npublisher: P\n---\n\nText.\n", 2,
     "'title' starts with a YAML tag ('!') or anchor ('&'), which YAML leaves out of the value or cannot read: "
     "put the whole value in quotes"),
    ("---\ntitle: T\ndate: !!timestamp nope\npublisher: P\n---\n\nText.\n", 3, "'date' starts with a YAML tag"),
    ("---\ntitle: !!int abc\ndate: 2020-05-26\npublisher: P\n---\n\nText.\n", 2, "'title' starts with a YAML tag"),
    ('---\ntitle: &t !Urgent "A Call"\ndate: 2020-05-26\npublisher: P\n---\n\nText.\n', 2,
     "'title' starts with a YAML tag"),
    ("---\ntitle: T\ndate: 2020-05-26\npublisher: P\n---\n\n", 6, "no paragraphs"),
    ("---\ntitle: T\u202e\ndate: 2020-05-26\npublisher: P\n---\n\nText.\n", 2, "'title': invisible character RLO"),
    # A link no edition makes is refused in the title as in a paragraph: the reader would see [words](…).
    ("---\ntitle: '[Act](javascript:alert(1))'\ndate: 2020-05-26\npublisher: P\n---\n\nText.\n", 2,
     "'title': a link to a javascript: address is not made a link in an edition: link to a web or mail address"),
    ("---\ntitle: '[Act](https://x.org now'\ndate: 2020-05-26\npublisher: P\n---\n\nText.\n", 2,
     "'title': '[Act](https://x.org' lacks the ')' that closes its address"),
    ("---\ntitle: T\ndate: 2020-05-26\npublisher: P\n---\n\n# Heading\n\nText.\n", 7, "headings"),
    *((f"---\ntitle: T\ndate: 2020-05-26\npublisher: P\n---\n\nText\nand more.\n{block}\n", line, fragment)
      for block, line, fragment in [
          ("- an item\n- another", 9, "lists are not part"), ("* an item", 9, "lists are not part"),
          ("\n3. an item", 10, "lists are not part"), ("> a quotation", 9, "quotations are not part"),
          ("```\ncode\n```", 9, "code blocks are not part"), ("---", 9, "rules and underlined headings"),
          ("===", 9, "rules and underlined headings"), ("See ![a picture](https://x.org/a.png).", 9, "images are not"),
          ("A zero\u200bwidth space.", 9, "invisible character ZERO WIDTH SPACE (U+200B) at position 7"),
          ("A bell\x07.", 9, "control character U+0007 at position 7; remove it"),
          ("The *time to act\nis now.", 9, "this paragraph: * left as text, which every edition would show"),
          ("The *time to\nact* and 5 * 3.", 10, "this paragraph: * left as text"),  # the line of the stray one
          # Marks that are text (in code, a word, an address) hide no stray one of the same kind.
          ("See `a_b` and _this.", 9, "this paragraph: _ left as text"),
          ("See [r](https://ex.org/a_b) and _this.", 9, "this paragraph: _ left as text"),
          ("In*ter*na *x.", 9, "this paragraph: * left as text"),
          ("*Die Ärzt*innen helfen.*", 9, "this paragraph: * left as text"),  # the star after Ärzt closes
          ("Use `code and *more*.", 9, "this paragraph: ` left as text"),
          ("Cafe\u0301.", 9, "not in Unicode NFC, so translation tools may not match it"),
          ("\n    indented code", 10, "indented code is not part of the letter's body"),
          ("\n\tindented code", 10, "indented code is not part"),
          ("| a | b |\n|---|---|", 10, "tables are not part of the letter's body"),
          ("See [the appeal][appeal].", 9, "reference links are not part of the letter"),
          ("\n[appeal]: https://example.org/appeal", 10, "link definitions are not part of the letter"),
          ("A note.[^1]", 9, "footnotes are not part of the letter"),
          ('\n<div class="note">A note.</div>', 10, "HTML is not part of the letter"),
          ('\n<div class="note"\nA note.', 10, "HTML is not part of the letter"),
          ("[a caption][]", 9, "reference links are not part of the letter"),
          ("A <b>bold</b> word.", 9, "HTML is not part of the letter"),
          ("<!-- a comment -->", 9, "HTML is not part of the letter"),
          ("[click](javascript:alert(1))", 9, "a link to a javascript: address is not made a link in an edition"),
          ("We [call](foo.html) on all.", 9, "a link to 'foo.html', which names no site, is not made a link in an "
                                             "edition: link to a web or mail address (https://…, mailto:…)"),
          ("See [above](#top).", 9, "a link to '#top', which names no site, is not made a link"),
          ("See [this](//example.org/a).", 9, "a link to '//example.org/a', which names no site, is not made a link"),
          ("See [this]().", 9, "a link to no address is not made a link in an edition"),
          # A link a slip left as text, which every edition would show as "[words](address": at its line.
          ("We stand with the [ICRC](https://www.icrc.org in support.", 9,
           "this paragraph: '[ICRC](https://www.icrc.org' lacks the ')' that closes its address: type ) after it"),
          ("Read on.\nWe stand with the [ICRC] (https://www.icrc.org).", 10,
           "this paragraph: the space in '[ICRC] (' keeps it from being a link: remove the space between ] and ("),
          # Its words left open, or a space in its address, which the advice above would have closed there.
          ("We stand with the [ICRC(https://www.icrc.org) in support.", 9,
           "this paragraph: '[ICRC(' lacks the ']' that closes its words: type ] before ("),
          # A space typed for the ]: a ] typed before the ( would make a link whose words end in a space.
          ("We stand with the [ICRC (https://www.icrc.org) in support.", 9,
           "this paragraph: '[ICRC (' lacks the ']' that closes its words: replace the space before ( with ]"),
          ("We stand with the [ICRC](https://www.icrc .org) in support.", 9,
           "this paragraph: the address in '[ICRC](https://www.icrc .org)' holds a space, which ends an address: "
           "remove it"),
          ("See [](https://www.icrc.org).", 9, "this paragraph: a link without words ([](…)): readers cannot see it"),
          # An address of thousands of characters is quoted by its start, not whole.
          ("See [this](" + "(" * 3000 + "x" + ")" * 3001 + ".", 9,
           "a link to '" + "(" * 59 + "…', which names no site, is not made a link"),
          ("See [this](https://x.org/" + "a" * 3000 + " now.", 9,
           "this paragraph: '[this](https://x.org/" + "a" * 38 + "…' lacks the ')' that closes its address"),
      ]),
    ("---\n- a\n---\n\nText.\n", 2, "key: value"),
    ("---\ntitle: T\ndate: 2020-05-26\npublisher: Local #1199\n---\n\nText.\n", 4,
     "'publisher' ends before '#1199', which YAML reads as a comment: if it is part of the text, put the whole "
     "text in quotes (publisher: 'Local #1199')"),
    ("---\ntitle: T\ndate: 2020-05-26\npublisher: P\nrevised: 2019-01-01\n---\n\nText.\n", 5,
     "'revised' (2019-01-01) is before the letter's date (2020-05-26)"),
    ("---\ntitle: T\ndate: 2020-05-26\npublisher: P\nrevised: soon\n---\n\nText.\n", 5,
     "'revised' must be a date written YYYY-MM-DD, not 'soon'"),
    # The setting of pyproject.toml that shares the name.
    *((f"---\ntitle: T\ndate: 2020-05-26\npublisher: P\nrevised: {value}\n---\n\nText.\n", 5,
       f"'revised' must be a date written YYYY-MM-DD, not '{value}'; the front "
       "matter's 'revised' is the day the English was corrected, and how an edition shows a revised paragraph is "
       "[tool.letter]'s setting of that name in pyproject.toml (revised = \"withdraw\" takes it offline until the "
       "paragraph is reviewed)") for value in ("withdraw", "withdrawn", "last-reviewed")),
    ("---\ntitle: T\ndate: 2020-05-26\npublisher: P\nrevised:\n---\n\nText.\n", 5,
     "'revised' has no date: write it as YYYY-MM-DD, or remove the line"),
    ("---\ntitle: T\ndate: 2020-05-26\npublisher: P\nrevised: yes\n---\n\nText.\n", 5,
     "'revised' must be a date written YYYY-MM-DD, the day the English was corrected, not yes or no"),
    (f"---\ntitle: T\ndate: 2020-05-26\npublisher: P\nrevised: {datetime.date.today().year + 5}-01-01\n---\n\nT.\n",
     5, "is a day to come; write the day the English was corrected after publication"),
])
def test_malformed_letter(text, line, fragment):
    with pytest.raises(InputError) as caught:
        parse_letter(text, "source/letter.md")
    assert caught.value.path == "source/letter.md"
    assert caught.value.line == line
    assert fragment in caught.value.message


def test_a_date_written_otherwise_is_told_its_form_once():
    with pytest.raises(InputError) as caught:
        parse_letter("---\ntitle: T\ndate: 20 November 2026\npublisher: P\n---\n\nText.\n", "l.md")
    assert caught.value.message == "'date' must be a date written YYYY-MM-DD, not '20 November 2026'"


def test_a_correction_day_that_is_no_word_of_the_setting_is_not_told_of_it():
    with pytest.raises(InputError) as caught:
        parse_letter("---\ntitle: T\ndate: 2020-05-26\npublisher: P\nrevised: soon\n---\n\nText.\n", "l.md")
    assert "pyproject.toml" not in caught.value.message


@pytest.mark.parametrize("paragraph", [
    "We, the signatories [listed below] (in alphabetical order), call on governments.",
    "As reported [1] (WHO, 2020), attacks rose.",
    "See [the ICRC](https://www.icrc.org) (in Geneva).",
])
def test_brackets_then_words_in_parentheses_are_no_broken_link(paragraph):
    assert parse_letter(GOOD_FRONT.replace("Text.", paragraph), "x.md")[3][0].text == paragraph


@pytest.mark.parametrize("paragraph", [
    "Die Ärzt*innen sind *sehr* wichtig.",        # a mark inside a word, beside emphasis of the same mark
    "Write to press_office and read _this_ now.",
    "Five \\* three, and *this*.",                # escaped
    "See https://example.org/a_b_ and _this_.",  # in an address
    "Our snake_case names are at **www.example.org/names**.",  # emphasis around an address
    "*Read https://www.who.int/health_topics*.",
])
def test_a_mark_that_is_text_is_no_stray_mark(paragraph):
    assert parse_letter(GOOD_FRONT.replace("Text.", paragraph), "x.md")[3][0].text == paragraph


def test_a_sense_is_not_shown_so_may_hold_marks():
    signatory, = parse_signatories("- name: A\n  role: {text: President, sense: of a_company_}\n", "s.yaml")
    assert signatory.senses[Part.ROLE] == "of a_company_"


def test_an_empty_date_is_told_to_be_written_and_only_revised_may_go():
    for key, said in (("date", "'date' has no date: write it as YYYY-MM-DD"),
                      ("revised", "'revised' has no date: write it as YYYY-MM-DD, or remove the line")):
        front = GOOD_FRONT.replace("date: 2020-05-26", "date:") if key == "date" else \
            GOOD_FRONT.replace("publisher: P", "publisher: P\nrevised:")
        with pytest.raises(InputError) as caught:
            parse_letter(front, "x.md")
        assert caught.value.message == said


def test_revised_is_the_day_the_english_was_corrected_after_publication():
    assert parse_letter(GOOD_FRONT, "x.md")[4] is None
    revised = parse_letter(GOOD_FRONT.replace("publisher: P", "publisher: P\nrevised: 2026-12-05"), "x.md")[4]
    assert revised is not None and revised.isoformat() == "2026-12-05"


def test_hard_wrapped_paragraph_is_one_unit():
    _, _, _, paragraphs, _ = parse_letter(GOOD_FRONT.replace("Text.", "One\ntwo\nthree.\n\nNext."), "x.md")
    assert [p.text for p in paragraphs] == ["One two three.", "Next."]
    assert [p.origin.line for p in paragraphs] == [7, 11]


def test_namesakes_are_told_apart_by_a_sense():
    """Two people of one name (Wei Zhang the economist, Wei Zhang the physician), whom Chinese may write
    张伟 and 张炜: each name is a message of its own."""
    first, second = parse_signatories("- name: Wei Zhang\n  role: Economist\n"
                                      "- name: {text: Wei Zhang, sense: the physician}\n  role: Physician\n", "s.yaml")
    assert (first.name.text, first.name_key) == ("Wei Zhang", ("name", "Wei Zhang"))
    assert (second.name.text, second.name_key) == ("Wei Zhang", ("name (the physician)", "Wei Zhang"))
    assert is_name(second.name_key[0]) and not is_required(second.name_key[0]) and is_required("role")
    assert not is_name("role (feminine)") and not is_name(None)


TURK = "- name: Danilo Türk\n  role: Former President\n  country: Slovenia\n"
BARADEI = ("  role: Former Director General\n  affiliation: International Atomic Energy Agency\n"
           "  honour: Nobel Peace Prize Laureate\n")


@pytest.mark.parametrize(("text", "warned"), [
    (TURK + "- name: Danilo Turk\n", [(4, "'Danilo Turk' is 'Danilo Türk' (line 1) but for accents, spaces or "
                                         "punctuation: if they are one person, remove one; if two, write this one's "
                                         "as 'name: {text: Danilo Turk, sense: ...}'")]),
    ("- name: Mohamed ElBaradei\n" + BARADEI + "- name: mohamed el-baradei\n",
     [(5, "'mohamed el-baradei' is 'Mohamed ElBaradei' (line 1) but for accents, spaces or punctuation")]),
    ("- name: Mohamed ElBaradei\n" + BARADEI + "- name: محمد البرادعي\n" + BARADEI,
     [(5, "'محمد البرادعي' has every field of 'Mohamed ElBaradei' (line 1), in another script: if they are one "
          "person, remove this one")]),
    # Two people: a sense says so, and two of one description in one script are no sign (two directors-general).
    (TURK + "- name: {text: Danilo Turk, sense: the painter}\n", []),
    ("- name: Mohamed ElBaradei\n" + BARADEI + "- name: {text: محمد البرادعي, sense: the poet}\n" + BARADEI, []),
    ("- name: Margaret Chan\n  role: Former Director-General\n- name: Gro Harlem Brundtland\n"
     "  role: Former Director-General\n", []),
    ("- name: 李明\n- name: Li Ming\n", []),  # nothing but the name: no field shared
    ("- name: Nguyễn Văn An\n- name: Nguyễn Văn Ân\n", [(2, "but for accents")]),  # a warning: it may be two
    # Where a mark is a vowel (the scripts of India and Southeast Asia), or kana's voicing mark, names that differ
    # by one are two names; Arabic's vowel points, which a name may be written with or without, are as accents.
    ("- name: किरण\n- name: करण\n", []),
    ("- name: सुनील\n- name: सनील\n", []),
    ("- name: วิชัย\n- name: วชัย\n", []),
    ("- name: カトウ\n- name: ガトウ\n", []),
    ("- name: محمد\n- name: مُحَمَّد\n", [(2, "but for accents")]),
])
def test_signatories_likely_one_person_listed_twice_are_warned_of(text, warned):
    """One person added twice is refused when the names are spelt alike (below); written otherwise but for
    accents, or in another script with every field alike, it may be two people, so it is a warning, at the
    later one's line, that a sense on either name quiets."""
    found = twins(parse_signatories(text, "source/signatories.yaml"))
    assert [(warning.path, warning.line) for warning in found] == [("source/signatories.yaml", line)
                                                                    for line, _ in warned]
    for warning, (_line, fragment) in zip(found, warned, strict=True):
        assert fragment in warning.message


@pytest.mark.parametrize("text, line, fragment", [
    ("- role: President\n", 1, "has no 'name'"),
    ("- name: A\n  role: President\n  title: Dr\n", 3, "unknown signatory field 'title'"),
    ("- name: A\n- name: B\n- name: A\n", 3, "listed twice (first on line 1); remove one, or, for two people of "
                                             "that name, write this one's as 'name: {text: A, sense: ...}'"),
    ("- name: {text: A, sense: x}\n- name: {text: A, sense: x}\n", 2, "listed twice (first on line 1)"),
    ("- name: Ban Ki-moon\n- name: ban ki-moon\n", 2, "'ban ki-moon' is listed twice (first on line 1, as "
                                                    "'Ban Ki-moon'); remove one"),
    ("- name: {text: A}\n", 1, "'name' is either text, or 'text:' and 'sense:'"),
    ("- name: A\n  role: [x]\n", 2, "'role' must be one text, not a list: write it as one line, or in quotes if it "
                                      "starts with ["),
    ("- name: A\n  role:\n", 2, "'role' must be non-empty text"),
    # Words YAML reads as no value or as yes or no: the nodes keep their text, which would be published.
    ("- name: A\n  affiliation: ~\n", 2, "'affiliation' is ~, which YAML reads as no value, not as text: leave the "
                                         "field out if there is none, or put it in quotes if it is the text "
                                         "(affiliation: '~')"),
    ("- name: A\n  affiliation: null\n", 2, "'affiliation' is null, which YAML reads as no value"),
    ("- name: A\n  country: yes\n", 2, "'country' is yes, which YAML reads as yes or no, not as text: leave the "
                                       "field out if there is none, or put it in quotes if it is the text "
                                       "(country: 'yes')"),
    ("- name: A\n  country: NO\n", 2, "(country: 'NO')"),
    ("- name: Off\n", 1, "'name' is Off, which YAML reads as yes or no, not as text: write the text, or put it in "
                        "quotes if it is the text (name: 'Off')"),
    ("- name: A\n  role: {text: President, sense: null}\n", 2, "'sense' is null, which YAML reads as no value"),
    ("- name: A\n  role: {text: yes, sense: s}\n", 2, "'role' is yes, which YAML reads as yes or no, not as text: "
                                                    "write the text, or put it in quotes if it is the text "
                                                    "(text: 'yes')"),
    ("- name: A\n  role: [Professor, Dean]\n", 2, "'role' must be one text, not a list"),
    ("- name: A\n  role:\n    - Professor\n", 3, "'role' must be one text, not a list"),
    ("name: A\n", 1, "must be a list"),
    ("- just a string\n", 1, "must be a mapping"),
    ("- name: A\n  role: President\n  role: Chair\n", 3, "given twice"),
    ("- name: A\n  gender: female\n", 2, "write one of feminine, masculine"),
    ("- name: A\n  role:\n    text: President\n", 2, "'text:' and 'sense:'"),
    ("- name: A\n  role:\n    text: President\n    sense: ''\n", 4, "'sense' must be non-empty"),
    ("- name: 'A\n", 1, "not valid YAML: the quote on this line is never closed"),
    # A backslash in "…" YAML reads as an escape of too few digits: kept in its words, told what to write.
    ('- name: A\n  role: "Caf\\u00e Rouge"\n', 2, "not valid YAML: expected escape sequence of 4 hexadecimal numbers, "
     "but found ' ': in \"…\" a backslash starts an escape, and \\u takes 4 (\\u00e9 is é); write the character "
     "itself, or put the text in '…', where a backslash is only a backslash"),
    ('- name: "C:\\x1 files"\n', 1, "\\x takes 2 (\\xe9 is é)"),
    ("- name: A\n  role: !Former President\n", 2, "'role' starts with a YAML tag ('!')"),
    ("- name: A\n  role: !!Former President\n", 2, "'role' starts with a YAML tag ('!')"),
    ("- name: A\n  role: !<x> President\n", 2, "'role' starts with a YAML tag ('!')"),
    ("- name: A\n  role: &r !Former President\n", 2, "'role' starts with a YAML tag ('!')"),
    ("- name: A\n  affiliation: &Co Foundation\n", 2, "'affiliation' starts with a YAML tag ('!') or anchor ('&')"),
    ("- name: A\n  role: !x\n    text: President\n    sense: s\n", 2, "'role' starts with a YAML tag ('!')"),
    ("- name: A\n  role: Former *President\n", 2, "'role': * left as text, which every edition would show"),
    # " #" starts a YAML comment: what follows it, against the '#', was meant as the value's.
    ("- name: A\n  affiliation: Local #1199\n", 2, "'affiliation' ends before '#1199', which YAML reads as a "
                                                  "comment: if it is part of the text, put the whole text in quotes "
                                                  "(affiliation: 'Local #1199'); if it is a comment, put a space "
                                                  "after its '#'"),
    ("- name: Chris Doe #1 fan\n", 1, "'name' ends before '#1 fan'"),
    ("- name: A\n  role: {text: Dean #2, sense: s}\n", 2, "not valid YAML"),
    ("- name: A\n  role:\n    text: Chair\n      of the Board #2\n    sense: s\n", 4,
     "(text: 'Chair of the Board #2')"),
    ("- name: A\n  role: Former <b>President</b>\n", 2, "'role': HTML is not part of the letter"),
    ("- name: A\n  role: [President\n", 2, "the '[' on this line is never closed"),
    ("- name: A\n  role: [President\n- name: B\n  role: Chair\n", 2, "the '[' on this line is not closed on it"),
    ("- name: A\n role: President\n", 2, "this line is indented otherwise than the lines before it"),
    ("- name: A\n  role: X\n\n  - name: B\n", 4, "not valid YAML: this signatory's '-' is indented otherwise than "
                                              "those of the signatories before it: line it up with theirs"),
    ("- name: A\n  role: President\n   country: X\n", 3,
     "a ': ' where no field can start: line this field up with the ones before it, or put a text that holds ': ' "
     "in quotes"),
    ("- name: A\n  role: Chair: Board\n", 2, "a ': ' where no field can start"),
    ("- name: A\n  role Professor\n", 2, "not valid YAML: the field's name on this line is not followed by ':': "
                                         "write 'role: Professor'"),
    ("- name: A\n  role Former President\n\n- name: B\n", 2, "write 'role: Former President'"),
    ("- name: A\n  role: President\n  country Chile", 3, "write 'country: Chile'"),
    ("- name A\n  role: Professor\n", 1, "the field's name on this line is not followed by ':': write 'name: A'"),
    # A line going on with the text above, at its field's indentation, is no field to put a ':' in.
    ("- name: A\n  role: Professor of Public\n  International Law\n", 3,
     "this line is no field of its own ('field: text'): to go on with the text of the field above, indent it "
     "deeper than that field's name, or write that text on one line"),
    ("- name: A\n  affiliation: Institute of International\n  country relations\n", 3,
     "write 'country: relations'; or, to go on with the text of the field above, indent it deeper than that "
     "field's name, or write that text on one line"),
    ("- name: A\n  role: Chair\n    of the Board\n    of Trustees: Wellcome\n", 4, "a ': ' where no field can start"),
    ("- name: A\n  role: President\n  role: Chair\n", 3, "'role' is given twice (first on line 2): keep one"),
    ("- name: A\n- name: 'Valéry Giscard d'Estaing'\n", 2, "text goes on after the closing quote on this line; "
                                                          "inside '…' write an apostrophe twice (d''Estaing)"),
    # A quote left open: YAML reads on to the next quote, and takes the signatories between for its text.
    ('- name: A\n  role: "Former Taoiseach\n  country: Ireland\n- name: B\n  role: Chair"\n', 2,
     "the quote opened on this line is not closed on it, so YAML read on to line 5 and took what is between "
     "for 'role': close it on this line"),
    ('- name: A\n  role: "Former Taoiseach\n- name: B\n  role: "Chair"\n', 2,
     "not valid YAML: the quote opened on this line is not closed on it, so YAML read on to line 4: close it"),
    ("- name: A\n  role: 'Former\n- name: B\n  role: 'Chair'\n", 2, "the quote opened on this line is not closed"),
    # A '-' without its space: YAML reads "-name" as a field's name, and fails on the line, or one after it.
    ("- name: A\n-name: Jane Doe\n  role: X\n", 2, "not valid YAML: a signatory starts with '- ', a space after "
                                                  "the '-': write '- name: Jane Doe'"),
    ("-name: Jane Doe\n  role: X\n- name: B\n", 1, "write '- name: Jane Doe'"),
    ("-name: Jane Doe\n- name: B\n", 1, "write '- name: Jane Doe'"),
    # The only signatory, or every one, so written: YAML reads one mapping of "-name" fields, not a list.
    ("-name: Jane Doe\n", 1, "a signatory starts with '- ', a space after the '-': write '- name: Jane Doe'"),
    ("# Signatories\n-name: Jane Doe\n-name: John Roe\n", 2, "write '- name: Jane Doe'"),
    ("- name: A\nrole: X\n", 2, "this line is at the indentation of the list's '-', where only a signatory can start "
                               "('- name: …'): indent a field as the fields above it, or start a signatory with '- '"),
    ("- name: A\n\trole: X\n", 2, "not valid YAML: this line is indented with a tab, and YAML indents with spaces "
                                "only: replace the tab with spaces, lining the line up with the ones before it"),
    ("- name: A\n  role: X\n  \tcountry: Y\n", 3, "this line is indented with a tab"),
    ("-\tname: A\n", 1, "this line is indented with a tab"),
    ("- name: A\n  role: *Director*\n", 2, "not valid YAML: a value that starts with '*' is a YAML alias (of a "
                                          "value marked with '&'), not text: put the whole value in quotes, as in "
                                          "role: '*Director*'; in quotes, *…* is emphasis, as in the letter's "
                                          "Markdown, and \\* is a * shown as text"),
    ("- name: A\n  role: *Director\n  country: X\n", 2, "put the whole value in quotes, as in role: '*Director'"),
    ("- name: A\n  role: {text: *Director*, sense: s}\n", 2, "not text: put the whole value in quotes; in quotes"),
    ("- name: A\n  affiliation: @WHO\n", 2, "not valid YAML: '@' is reserved in YAML and cannot start a value: put "
                                          "the whole value in quotes, as in affiliation: '@WHO'"),
    ("- name: A\n  role: Chair\n  affiliation: `WHO's` office\n", 3,
     "'`' is reserved in YAML and cannot start a value: put the whole value in quotes, as in affiliation: "
     "'`WHO''s` office'"),
    ("- name: A\n- name: B\n  role: Pre\x9fsident\n", 3, "the character U+009F, which YAML does not allow"),
    ("- name: A\n- name: B\ufffe\n", 2, "the character U+FFFE, which YAML does not allow; remove it"),
    # Nested past LibYAML's depth (1,000) and so parsed again by PyYAML, whose recursion ran out of stack.
    ("- name: A\n" + "- " * 3000 + "x\n", 2, "not valid YAML: lists or mappings nested deeper than YAML can read"),
    ("- name: A\n  role: " + "[" * 3000 + "\n", 2, "lists or mappings nested deeper than YAML can read"),
    ('- name: A\n- name: "Dapo \\u202eAkande"\n', 2, "'name': invisible character RLO (U+202E) at position 6"),
    # Trojan Source: an isolate shows "Akande Dapo" for the bytes of "Dapo Akande", in the text edition too.
    ("- name: A\n- name: \u2067Dapo Akande\u2069\n", 2, "'name': invisible character RLI (U+2067) at position 1"),
    ("- name: A\n  role: Pre\u200bsident\n", 2, "'role': invisible character ZERO WIDTH SPACE"),
    ("- name: A\n  role: Pre\u0301sident\n", 2, "'role': not in Unicode NFC"),
    # Half of a pair of escapes (or a pair: YAML does not join them), which no catalog or page could be written with.
    ('- name: A\n  role: "Chair \\ud83d"\n', 2, "'role': half a character (the UTF-16 surrogate U+D83D, written as "
                                                 "the escape \\ud83d) at position 7; write the character itself"),
    ('- name: A\n- name: "\\ud83d\\ude00 B"\n', 2, "'name': half a character (the UTF-16 surrogate U+D83D"),
    ("", 1, "there are no signatories"),
    ("- name: A\n  affiliation: '[ICRC] (https://www.icrc.org)'\n", 2,
     "'affiliation': the space in '[ICRC] (' keeps it from being a link"),
])
def test_malformed_signatories(text, line, fragment):
    with pytest.raises(InputError) as caught:
        parse_signatories(text, "source/signatories.yaml")
    assert caught.value.line == line
    assert fragment in caught.value.message


@pytest.mark.parametrize("value", ["'~'", '"yes"', "'null'"])
def test_a_quoted_word_yaml_would_read_as_no_text_is_the_text(value):
    (signatory,) = parse_signatories(f"- name: A\n  affiliation: {value}\n", "s.yaml")
    assert signatory.parts[Part.AFFILIATION].text == value[1:-1]


def test_malformed_source_exits_2_with_file_and_line(project):
    project.edit("source/signatories.yaml", "- name: Eva Chen\n  gender: feminine\n", "- gender: feminine\n")
    result = project.run("extract")
    assert result.exit_code == 2
    assert re.match(r"source/signatories\.yaml:\d+: error: this signatory has no 'name'", result.stderr)
    assert "Traceback" not in result.stderr
    assert not project.path("locales/letter.pot").exists()


def test_source_not_utf8_is_an_error_with_its_line(project):
    path = project.path("source/letter.md")
    path.write_bytes(path.read_bytes().replace(b"Over the past", b"Over the \xe9 past"))
    result = project.run("extract")
    assert result.exit_code == 2
    assert "source/letter.md:9: error: the file is not valid UTF-8" in result.stderr


def test_crlf_and_bom_are_read_as_usual(project):
    path = project.path("source/letter.md")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    result = project.ok("extract")
    assert "wrote locales/letter.pot" in result.stdout


@pytest.mark.parametrize("body", [
    "In 2020 the pandemic came,\n2020. was the year.",   # a number inside a paragraph is text, as in CommonMark
    "A line may begin\n\\- with an escaped mark.", "A *b* and **c**, `d` and [e](https://e.org).",
    "Not an image: ! [x](https://x.org)",
    "An address <https://x.org>, mail [me](mailto:a@x.org), and 1 < 2 > 0.",
    "   Three spaces before a paragraph\n    and a continuation indented more.",
    "As reported [1][2] last year, x<y and rates <five percent.", "[Update]: The letter was revised on May 1.",
    "We call on all\n[Note]: https://x.org", r"Write \<b> to keep it as text.",
])
def test_inline_markdown_and_text_that_looks_like_blocks_are_paragraphs(body):
    letter = parse_letter(f"---\ntitle: T\ndate: 2020-05-26\npublisher: P\n---\n\n{body}\n", "source/letter.md")
    assert len(letter[3]) == 1


def test_a_missing_source_file_says_where_its_place_is_set(tmp_path):
    letter = "---\ntitle: T\ndate: 2020-05-26\npublisher: P\n---\n\nText.\n"
    (tmp_path / "letter.md").write_text(letter, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_letter(tmp_path / "letter.md", tmp_path / "signatories.yml")
    assert caught.value.message == ("cannot read the file: No such file or directory; the letter's files are where "
                                    "[tool.letter] source and signatories in pyproject.toml say")


def test_a_quoted_field_may_go_on_to_the_next_line():
    """YAML joins the lines of a quoted text; only one that took other fields for its text is refused, not one
    whose words hold a field's name, nor one that writes its quote inside it."""
    signatory = parse_signatories('- name: A\n  role: "Professor of Public\n    International Law"\n', "s.yaml")[0]
    assert signatory.parts[Part.ROLE].text == "Professor of Public International Law"
    signatory = parse_signatories('- name: A\n  affiliation: "Campaign (working name: Health\n    for All)"\n',
                                  "s.yaml")[0]
    assert signatory.parts[Part.AFFILIATION].text == "Campaign (working name: Health for All)"
    with pytest.raises(InputError) as caught:  # closed on line 3 by the last of its three quotes
        parse_signatories("- name: A\n  role: 'Director of the ''Old\n    School'''\n- name: B\n\trole: x\n", "s.yaml")
    assert caught.value.line == 5, caught.value


def test_a_correction_dated_tomorrow_is_today_somewhere():
    """An editor a time zone ahead of the machine's clock writes their today: it is no day to come."""
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    text = f"---\ntitle: T\ndate: 2020-05-26\npublisher: P\nrevised: {tomorrow.isoformat()}\n---\n\nText.\n"
    assert parse_letter(text, "source/letter.md")[4] == tomorrow


def test_an_underline_of_seven_is_a_heading_not_a_merge_conflict(tmp_path):
    """Seven = under a line are Markdown's underlined heading, as git's ======= line is seven too: with no
    >>>>>>> after it, it is no conflict, and the reader says what it is."""
    letter = tmp_path / "letter.md"
    letter.write_text("---\ntitle: T\ndate: 2020-05-26\npublisher: P\n---\n\nThe time to act is now.\n=======\n\n"
                      "Text.\n", encoding="utf-8")
    (tmp_path / "signatories.yaml").write_text("- name: A\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_letter(letter, tmp_path / "signatories.yaml", display_root=tmp_path)
    assert caught.value.line == 8
    assert "merge conflict" not in caught.value.message and "underlined headings" in caught.value.message
    # A whole conflict below it is reported at its own first line, not at the underline.
    letter.write_text(letter.read_text(encoding="utf-8") + "<<<<<<< ours\nA.\n=======\nB.\n>>>>>>> theirs\n",
                      encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_letter(letter, tmp_path / "signatories.yaml", display_root=tmp_path)
    assert caught.value.line == 11 and caught.value.message.startswith("a merge conflict is left in the file")


def test_a_comment_after_a_value_with_a_space_after_its_hash_is_a_comment():
    """``role: Dean  # since 2019`` is the role "Dean" and a note for the editors, as YAML means it."""
    signatory, = parse_signatories("- name: A  # checked\n  role: Dean # since 2019\n", "source/signatories.yaml")
    assert (signatory.name.text, signatory.parts[Part.ROLE].text) == ("A", "Dean")
