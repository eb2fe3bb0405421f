"""pipeline.po's Plural-Forms: the one reading of nplurals, the C expression as GNU evaluates it,
and msgfmt's checks of a header against its plural messages."""
from __future__ import annotations

import re

import polib
import pytest

from pipeline import po
from pipeline.catalog_checks import CatalogUnderTest, header_problems
from pipeline.locales import parse_locale
from pipeline.merge import merge
from pipeline.po import POSyntaxError, parse
from pipeline.po.plurals import compile_plural

from conftest import needs_gettext
from po_support import HEADER, gnu, po_bytes


@pytest.mark.parametrize("text, count", [
    ("nplurals=2; plural=(n != 1);", 2),
    ("nplurals=3;plural=n%10==1 ? 0 : 1;", 3),
    ("nplurals= \t6; plural=n;", 6),            # blanks after '=' are skipped
    ("nplurals=1", 1),                           # no ';' needed
    ("plural=(n != 1); nplurals=2;", 2),         # anywhere in the text
    ("Language: fr\nPlural-Forms: nplurals=2; plural=(n > 1);\n", 2),  # a whole header
    ("nplurals = 2; plural=(n != 1);", None),    # GNU looks for "nplurals=" itself
    ("nplurals=INTEGER; plural=EXPRESSION;", None),
    ("", None),
])
def test_nplurals_is_read_as_gnu_reads_it(text, count):
    assert po.nplurals(text) == count


@needs_gettext
@pytest.mark.parametrize("forms, accepted", [
    ("nplurals= 3; plural=(n==1 ? 0 : n<5 ? 1 : 2);", True),
    ("nplurals = 3; plural=(n==1 ? 0 : n<5 ? 1 : 2);", False),
])
def test_msgfmt_reads_nplurals_the_same_way(forms, accepted, tmp_path):
    """A translated plural message with three forms: msgfmt accepts it exactly when the header's
    nplurals, read as po.nplurals reads it, says three."""
    data = po_bytes('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\nmsgstr[2] "z"\n',
                    HEADER.replace("nplurals=2; plural=(n > 1);", forms))
    assert (gnu("msgfmt", data, tmp_path).returncode == 0) == accepted
    assert (po.nplurals(forms) == 3) == accepted
    if not accepted:
        with pytest.raises(POSyntaxError):
            parse(data, "cat.po")


def test_merge_and_check_read_nplurals_through_po():
    """merge sizes plural messages and check compares the header with the locale's rule by the one
    reading: a count GNU would not see is no count for them either."""
    template = polib.POFile()
    template.append(polib.POEntry(msgid="One dog", msgid_plural="{n} dogs", msgstr_plural={0: "", 1: ""}))
    for forms, sized in (("nplurals=3; plural=(n==1 ? 0 : n<5 ? 1 : 2);", 3), ("nplurals = 3; plural=0;", 2)):
        catalog = polib.POFile()
        catalog.metadata = {"Plural-Forms": forms}
        assert len(merge(template, catalog).catalog[0].msgstr_plural) == sized
    target = CatalogUnderTest(catalog, parse_locale("cs"), "cs.po", True)
    problems = [text for _check, _field, text in header_problems(target)]
    assert any("Plural-Forms header is missing or malformed" in text for text in problems), problems


@pytest.mark.parametrize("expression, values", [
    ("(n != 1)", [1, 0, 1]),
    ("n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2", [2, 0, 1]),
    ("0", [0, 0, 0]),
    ("n-1", [(1 << 64) - 1, 0, 1]),      # unsigned long arithmetic, as in C
    ("!n + 2*3 - 6", [1, 0, 0]),
])
def test_plural_expressions_evaluate_like_c(expression, values):
    func = compile_plural(expression + ";")
    assert [func(n) for n in (0, 1, 2)] == values


@pytest.mark.parametrize(("expression", "why"), [
    ("(n != 1", "missing ')'"), ("n >> 1", "unexpected '>'"), ("n ? 1", "missing ':'"), ("x", "unexpected 'x'"),
    ("(n > ", "it ends where a number, n or '(' was due"),
])
def test_invalid_plural_expressions_are_refused(expression, why):
    with pytest.raises(ValueError, match=re.escape(why)):
        compile_plural(expression)


@pytest.mark.parametrize(("expression", "why"), [
    ("(" * 5000 + "n" + ")" * 5000, "nested deeper than can be read"),
    ("n+" * 5000 + "1", "nested deeper than can be evaluated"),  # read in a loop, evaluated by recursion
])
def test_a_plural_expression_nested_past_python_s_recursion_is_invalid_not_a_crash(expression, why):
    """Python's RecursionError would have stopped every command that read the catalog with a traceback."""
    with pytest.raises(POSyntaxError) as caught:
        parse(po_bytes('msgid "a"\nmsgstr "b"\n', HEADER.replace("plural=(n > 1)", f"plural={expression}")))
    assert f"Plural-Forms: invalid plural expression ({why}); e.g. " in str(caught.value)


def test_a_plural_expression_that_evaluates_says_its_first_value_out_of_range():
    with pytest.raises(POSyntaxError) as caught:
        parse(po_bytes('msgid "a"\nmsgstr "b"\n', HEADER.replace("plural=(n > 1)", "plural=n")))
    assert str(caught.value).endswith("Plural-Forms: nplurals=2 but the plural expression gives 2 for n=2")


@pytest.mark.parametrize(("language", "example"), [
    ("fr", "nplurals=2; plural=(n > 1);"), ("ru", parse_locale("ru").plural_forms),
    ("xx-not-a-locale", "nplurals=2; plural=(n != 1);"),
])
def test_a_broken_plural_rule_is_shown_the_rule_of_the_catalogs_language(language, example):
    """msgfmt suggests French's own rule for a French catalog; "(n != 1)" would be wrong there."""
    header = HEADER.replace("plural=(n > 1)", "plural=(n >> 1)").replace("Language: fr", f"Language: {language}")
    with pytest.raises(POSyntaxError) as caught:
        parse(po_bytes('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\n', header))
    assert str(caught.value).endswith(f'e.g. "{example}"')


@pytest.mark.parametrize(("forms", "said"), [('msgstr[0] "x"\n', "has 1 plural form but the header says nplurals=2"),
                                             ('msgstr[0] "x"\nmsgstr[1] "y"\nmsgstr[2] "z"\n',
                                              "has 3 plural forms but the header says nplurals=2")])
def test_a_message_with_the_wrong_number_of_plural_forms_counts_them_in_words(forms, said):
    """The count is said as a translator reads it, not as "1 plural form(s)"."""
    with pytest.raises(POSyntaxError) as caught:
        parse(po_bytes('msgid "a"\nmsgid_plural "as"\n' + forms))
    assert said in str(caught.value)


@needs_gettext
@pytest.mark.parametrize("forms", ["nplurals=99999999999; plural=n;", "plural=(n > 1);", "nplurals=2;"])
def test_a_plural_rule_no_message_uses_is_read_as_msgfmt_reads_it_and_told_by_check(forms, tmp_path):
    """msgfmt --check accepts each of these headers without a word in a catalog with no plural message, and
    refuses it in one with a plural message: so does reading. ``letter check`` tells each all the same (a
    warning while no message is plural): forms no count picks, or no rule to gettext, which then picks forms
    as English does, whatever nplurals says."""
    header = HEADER.replace("nplurals=2; plural=(n > 1);", forms)
    singular = po_bytes('msgid "a"\nmsgstr "b"\n', header)
    plural = po_bytes('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\n', header)
    judged = gnu("msgfmt", singular, tmp_path)
    assert (judged.returncode, judged.stderr) == (0, b"")
    catalog = parse(singular, "cat.po")
    assert gnu("msgfmt", plural, tmp_path).returncode != 0
    with pytest.raises(POSyntaxError):
        parse(plural, "cat.po")
    target = CatalogUnderTest(catalog, parse_locale("fr"), "fr.po", True)
    problems = [(field, text) for _check, field, text in header_problems(target)]
    assert problems and all(field == "Plural-Forms" for field, _text in problems), problems
