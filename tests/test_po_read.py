"""pipeline.po's strict reading: what GNU msgfmt refuses is refused with its line, what it
accepts is read whole, and the block reading gives what the line-by-line reading gives."""
from __future__ import annotations

import pickle
import re
from unittest import mock

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import line_of
from pipeline.po import POEntry, POSyntaxError, dumps, fast, load, metadata, parse, read

from conftest import needs_gettext
from po_support import (
    BAD,
    GETTEXT_VERSION,
    GOOD,
    HEADER,
    L1,
    MSGCAT,
    NO_FORMAT_CHECK,
    STRICTER,
    TEMPLATE,
    WE_ARE_STRICTER,
    H,
    catalogs,
    damaged,
    gnu,
    line_edits,
    msgcat_output,
    parsed_fields,
    po_bytes,
)


@pytest.mark.parametrize("case", BAD, ids=[c[0] for c in BAD])
def test_bad_input_is_rejected_with_its_line(case):
    name, data, line, _oracle, _gnu_line = case
    with pytest.raises(POSyntaxError) as info:
        parse(data, "cat.po")
    err = info.value
    assert err.line == line, str(err)
    assert err.path == "cat.po"
    assert str(err) == f"cat.po:{line}: {err.reason}"
    assert err.reason and len(err.reason) > 20  # says what to fix


@needs_gettext
@pytest.mark.parametrize("case", BAD, ids=[c[0] for c in BAD])
def test_bad_input_is_rejected_by_gnu_too(case, tmp_path):
    name, data, line, oracle, gnu_line = case
    result = gnu(oracle, data, tmp_path)
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode != 0, f"{oracle} accepted it: {stderr}"
    if oracle == "msgcat":
        # msgfmt only warns about these charset problems, but it does warn.
        warning = gnu("msgfmt", data, tmp_path).stderr.decode("utf-8",
                                                              "replace")
        assert "harset" in warning or "header missing" in warning, warning
    if gnu_line is not None:
        # GNU points at the same place (possibly after the header line)
        lines = [int(n) for n in re.findall(r"input\.po:(\d+):", stderr)]
        assert gnu_line in lines, stderr


@pytest.mark.parametrize("case", STRICTER, ids=[c[0] for c in STRICTER])
def test_stricter_than_msgfmt_where_gnu_loses_data(case, tmp_path):
    name, data, line = case
    with pytest.raises(POSyntaxError) as info:
        parse(data)
    assert info.value.line == line
    if MSGCAT:
        cat = gnu("msgcat", data, tmp_path)
        # GNU either truncates the translation or cannot write it back.
        assert cat.returncode != 0 or b'msgstr "ab"' in cat.stdout


@pytest.mark.parametrize(("flags", "lost"), [("#, fuzzy\n#, c-format", "fuzzy"), ("#, c-format\n#, fuzzy", "c-format")])
def test_flags_on_two_lines_are_refused_where_gnu_drops_the_first(flags, lost, tmp_path):
    """GNU keeps the last "#," line's flags: a draft marked fuzzy on a line of its own above its format
    flag is finished for msgfmt, and msgcat's copy loses the mark. Read as both, it would be a draft here
    and a finished translation for every GNU tool; it is refused, with the line to write."""
    data = po_bytes(f'{flags}\nmsgid "c %d"\nmsgstr "d %d"\n')
    with pytest.raises(POSyntaxError) as caught:
        parse(data)
    assert caught.value.line == H + 3
    one_line = flags[3:].replace("\n#,", ",")
    assert caught.value.reason == (f"flags on two '#,' lines: GNU gettext keeps the last line's alone, and would "
                                   f"drop {lost}; write them on one line: '#, {one_line}'")
    if MSGCAT:
        assert lost not in gnu("msgcat", data, tmp_path).stdout.decode()
    assert parse(po_bytes('#, fuzzy\n#, fuzzy, c-format\nmsgid "c %d"\nmsgstr "d %d"\n'))[0].fuzzy
    # A flag GNU does not know it drops from any line: the project's opt-out stays, for `letter update` to move.
    [entry] = parse(po_bytes('#, no-check-length\n#, c-format\nmsgid "c %d"\nmsgstr "d %d"\n'))
    assert entry.flags == ["no-check-length", "c-format"]


@pytest.mark.parametrize("case", GOOD, ids=[c[0] for c in GOOD])
def test_legit_odd_input_parses(case):
    name, data, _options, check = case
    po = parse(data, "odd.pot" if name.startswith("template") else "odd.po")
    assert check(po)


def test_a_quote_left_unescaped_in_a_string_says_so():
    """msgstr "Nous "appelons" les…" ends the string at the second quote; the word after it is no keyword."""
    with pytest.raises(POSyntaxError) as caught:
        parse(po_bytes('msgid "We call on"\nmsgstr "Nous "appelons" les"\n'))
    assert caught.value.line == HEADER.count("\n") + 2
    assert str(caught.value).endswith("the string ends before 'appelons': a quote inside a string must be escaped "
                                      'as \\"')
    with pytest.raises(POSyntaxError, match="unknown keyword 'msgtsr'"):
        parse(po_bytes('msgid "a"\nmsgtsr "b"\n'))


@needs_gettext
@pytest.mark.parametrize(("msgstr", "says"), [
    # The unescaped quote before a placeholder, a number or a guillemet, not only before a word.
    ('"Rivisto il "{date}""', "the string ends before '{': a quote inside a string must be escaped as \\\""),
    ('"Rivisto il "26 maggio""', "the string ends before '26': a quote inside a string must be escaped as \\\""),
    ('"Il "«Corriere»" scrive"', "the string ends before '«': a quote inside a string must be escaped as \\\""),
    # A word processor's typographic quotes around the string.
    ("“Rivisto il {date}”", "'“' is a typographic quote: a string starts and ends with a straight quote '\"' "
                           "(turn off your editor's smart quotes)"),
    ("„Zmieniono {date}”", "'„' is a typographic quote: a string starts and ends with a straight quote '\"' "
                           "(turn off your editor's smart quotes)"),
    # A no-break space typed between the keyword and its string.
    ('\u00a0"Rivisto il {date}"', "a no-break space (U+00A0) outside a string: type a plain space"),
    ('\u202f"Rivisto il {date}"', "a narrow no-break space (U+202F) outside a string: type a plain space"),
    ('\u200b"Rivisto il {date}"', "a zero width space (U+200B) outside a string: delete it"),
    # A backslash before the closing quote, single quotes, an apostrophe escaped.
    ('"Rivisto il {date}\\"', "the backslash before the closing quote escapes it, so the string does not end: "
                              "remove the backslash, or write \\\\ for a backslash"),
    ('"Rivisto il {date} \\\\\\"', "the backslash before the closing quote escapes it, so the string does not "
                                "end: remove the backslash, or write \\\\ for a backslash"),
    ("'Rivisto il {date}'", "strings take double quotes: write \"...\", not '...'"),
    ('"Rivisto l\\\'{date}"', "invalid escape sequence '\\'' in string: an apostrophe needs no backslash; "
                           "write ' alone"),
])
def test_a_translators_slip_outside_a_string_says_what_to_type(msgstr, says, tmp_path):
    """A translator's usual slips where a string should be say what to type, where GNU says "syntax error"."""
    data = po_bytes(f'msgid "Revised on {{date}}"\nmsgstr {msgstr}\n')
    assert gnu("msgfmt", data, tmp_path).returncode != 0
    with pytest.raises(POSyntaxError) as caught:
        parse(data)
    assert caught.value.line == HEADER.count("\n") + 2
    assert str(caught.value).endswith(says)


@needs_gettext
@pytest.mark.parametrize(("body", "line", "says"), [
    # A msgstr "" deleted above a translation's lines: they read as the msgid's, the next message comes.
    ('msgid ""\n"We call"\n"Nous appelons"\n\nmsgid "b"\nmsgstr "c"\n', 1,
     "msgid without msgstr: its msgstr line is missing before line {next}, where the next message starts"),
    ('msgid "a"\n#: x\nmsgid "b"\nmsgstr "c"\n', 1,
     "msgid without msgstr: its msgstr line is missing before line {next}, where the next message starts"),
    ('msgid "a"\nmsgstr "x"\n\nmsgid ""\n"We call"\n', 4,
     "msgid without msgstr (the file ends before the msgstr; is the file truncated?)"),
    ('msgid "a"\nmsgstr[0] "x"\n', 2,
     "msgstr[0] in a message without msgid_plural: write a plain msgstr \"...\"; a message has plural forms only "
     "where the template gives it a msgid_plural"),
])
def test_a_missing_msgstr_or_a_plural_form_says_what_the_translator_writes(body, line, says, tmp_path):
    """Truncation is asked about only at the end of the file; msgstr[0] without msgid_plural is told at its line,
    to write a plain msgstr (a translator cannot add a msgid_plural: the English is the template's)."""
    data = po_bytes(body)
    assert gnu("msgfmt", data, tmp_path).returncode != 0
    with pytest.raises(POSyntaxError) as caught:
        parse(data)
    after = body.split("\n").index(next(text for text in body.split("\n")[1:] if text[:1] in ("#", "m"))) + 1
    assert (caught.value.line, caught.value.reason) == (H + line, says.format(next=H + after))


@needs_gettext
@pytest.mark.parametrize(("body", "line", "says"), [
    ('msgid "a"\nmsgstr "b"\n\nmsgctxt "menu"\n', 4, "msgctxt without a following msgid: a message's msgid comes "
     "right after its msgctxt; add the msgid line, or delete the msgctxt"),
    ('msgctxt "menu"\nmsgstr "c"\n', 2, "'msgstr' without a preceding msgid: a message's msgid line comes before it; "
     "restore the msgid, or delete the line if it is left over"),
    ('msgid "We call"\nmsgstr ""\n"Мы "\nОбращение"\n', 4, "unexpected character 'О' outside of a string: text goes "
     "between a string's double quotes, and a line that goes on with one starts and ends with '\"'"),
])
def test_a_line_out_of_place_says_what_to_write(body, line, says, tmp_path):
    data = po_bytes(body)
    assert gnu("msgfmt", data, tmp_path).returncode != 0
    with pytest.raises(POSyntaxError) as caught:
        parse(data)
    assert (caught.value.line, caught.value.reason) == (H + line, says)


def test_a_keyword_before_any_msgid_says_what_to_write():
    with pytest.raises(POSyntaxError) as caught:
        parse(b'msgid_plural "as"\nmsgstr[0] "b"\n')
    assert (caught.value.line, caught.value.reason) == (1, "'msgid_plural' without a preceding msgid: a message's "
                                                           "msgid line comes before it; restore the msgid, or delete "
                                                           "the line if it is left over")


@needs_gettext
@pytest.mark.parametrize(("body", "line", "keyword"), [
    ('msgid "See msgstr below"\nmsgstr "Voir "msgstr" ci-dessous"\n', 2, "msgstr"),
    ('msgid "See msgid below"\nmsgstr "Voir "msgid" ci-dessous"\n', 2, "msgid"),
    ('msgid "See msgctxt here"\nmsgstr "Voir "msgctxt" ici"\n', 2, "msgctxt"),
    ('msgid "See msgid_plural"\nmsgstr "Voir "msgid_plural""\n', 2, "msgid_plural"),
    # In a continuation line; in the msgid, the slip's line, not the next msgstr's; in a plural form.
    ('msgid "See msgid below"\nmsgstr ""\n"Voir "\n""msgid" ci-dessous"\n', 4, "msgid"),
    ('msgid "Use "msgstr" here"\nmsgstr "x"\n', 1, "msgstr"),
    ('msgid "a msgstr"\nmsgid_plural "msgstrs"\nmsgstr[0] "un "msgstr""\nmsgstr[1] "des msgstr"\n', 3, "msgstr"),
    ('msgid "Save"\nmsgstr "Enregistrer "msgid""\n\nmsgid "Cancel"\nmsgstr "Annuler"\n', 2, "msgid"),
])
def test_a_keyword_quoted_in_a_string_says_the_quote_ended_it(body, line, keyword, tmp_path):
    """msgstr "Voir "msgstr" ci-dessous": the string ends at the quote, so GNU reads a keyword there and
    fails further on ("syntax error", "missing 'msgstr' section"); the reader says which quote, and what
    to type, where it would have told a missing msgstr or a second one."""
    data = po_bytes(body)
    assert gnu("msgfmt", data, tmp_path).returncode != 0
    with pytest.raises(POSyntaxError) as caught:
        parse(data)
    assert caught.value.line == H + line
    assert caught.value.reason == (f"the string ends before '{keyword}', which then reads as a keyword: "
                                   'a quote inside a string must be escaped as \\"')
    # Written on one line, with spaces, a message is valid: its own slip is told as before.
    with pytest.raises(POSyntaxError, match="^.*second msgstr for the same message"):
        parse(po_bytes('msgid "a" msgstr "b" msgstr "c"\n'))


@needs_gettext
@pytest.mark.parametrize(("second", "says"), [
    ('msgstr[1] "Signataires"', "msgstr[1] in a message without msgid_plural, after its msgstr: a message that is "
                                "not plural has one plain msgstr; remove this line"),
    ('msgstr [ 0 ] "Signataires"', "msgstr[0] in a message without msgid_plural, after its msgstr: a message that "
                                   "is not plural has one plain msgstr; remove this line"),
    ('msgstr "Signataires"', "second msgstr for the same message; a message has exactly one msgstr"),
    ("msgstr", "second msgstr for the same message; a message has exactly one msgstr"),
])
def test_a_second_msgstr_says_whether_it_is_a_plural_form(second, says, tmp_path):
    """msgstr[1] under a message's msgstr, as a translator adds a plural form to a message that has none, was
    "second msgstr", which reads as if a msgstr line were doubled; it names the form, and says what to do."""
    data = po_bytes(f'msgid "Signatories"\nmsgstr "Signataires"\n{second}\n\nmsgid "a"\nmsgstr "b"\n')
    assert gnu("msgfmt", data, tmp_path).returncode != 0
    with pytest.raises(POSyntaxError) as caught:
        parse(data)
    assert (caught.value.line, caught.value.reason) == (H + 3, says)


@needs_gettext
@pytest.mark.parametrize(("body", "kind"), [
    ('msgid "We call"\nmsgstr ""\n"Nous "\n# à relire\n"appelons"\n\nmsgid "a"\nmsgstr "b"\n', "comment"),
    ('msgid "We call"\nmsgstr ""\n"Nous "\n#, fuzzy\n"appelons"\n', "flag"),
    ('msgid "a call"\nmsgid_plural "calls"\nmsgstr[0] ""\n"un "\n# à relire\n"appel"\nmsgstr[1] "des appels"\n',
     "comment"),
])
def test_a_comment_between_a_msgstr_s_lines_says_to_move_it(body, kind, tmp_path):
    """A note typed between the lines of a translation ends the message there (GNU: "syntax error" at the
    string after it), which was told as "text outside of a message" at that string; it is the comment's
    line, to move above the msgid, as one between the msgid's lines is."""
    data = po_bytes(body)
    assert gnu("msgfmt", data, tmp_path).returncode != 0
    with pytest.raises(POSyntaxError) as caught:
        parse(data)
    comment = body.split("\n").index(next(line for line in body.split("\n") if line.startswith("#"))) + 1
    assert (caught.value.line, caught.value.reason) == (H + comment, (
        f"a {kind} line inside a message, between its msgstr's lines: comments and flags ('#, fuzzy') go above the "
        "message's msgctxt or msgid; move this line there"))


LONG = "Nous appelons tous les gouvernements à agir ensemble, sans attendre, "


@pytest.mark.parametrize(("first", "second", "there", "here"), [
    ('msgid "Signatories"\nmsgstr "Unterzeichnende"\n', '#, fuzzy\nmsgid "Signatories"\nmsgstr "Unterzeichner"\n',
     "'Unterzeichnende'", "'Unterzeichner' (fuzzy)"),
    ('msgctxt "role"\nmsgid "a"\nmsgstr ""\n', '#~ msgctxt "role"\n#~ msgid "a"\n#~ msgstr "رئيس سابق"\n',
     "empty", "'رئيس سابق' (obsolete)"),
    ('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "un"\nmsgstr[1] "des"\n', 'msgid "a"\nmsgstr "1\\n2"\n',
     "'un'", "'1\\n2'"),
    # Long: shortened with an ellipsis; where they differ past the cut, quoted from a little before it.
    (f'msgid "a"\nmsgstr "{"x" * 100}"\n', f'msgid "a"\nmsgstr "{"y" * 100}"\n',
     repr("x" * 59 + "…"), repr("y" * 59 + "…")),
    (f'msgid "a"\nmsgstr "{LONG}pour protéger les hôpitaux"\n', f'msgid "a"\nmsgstr "{LONG}pour les hôpitaux"\n',
     "'…sans attendre, pour protéger les hôpitaux'", "'…sans attendre, pour les hôpitaux'"),
])
def test_a_duplicate_message_quotes_both_translations(first, second, there, here):
    """The translator chooses which of the two copies to keep from the error alone: it quotes the translation
    of each, and says which is a draft or obsolete; the fast readers hand such a file to parse(), and so
    give its error."""
    data = po_bytes(first + "\n" + second)
    with pytest.raises(POSyntaxError) as caught:
        parse(data, "cat.po")
    # Both lines are a msgid's: the first copy's too, not its msgctxt's above it.
    assert caught.value.line == H + 1 + first.count("\n") + 1 + second.count("\n", 0, second.index("msgid"))
    first_msgid = H + 1 + first.count("\n", 0, first.index("msgid"))
    assert caught.value.reason.startswith(f"duplicate message: the same {'msgctxt + ' * ('msgctxt' in first)}msgid "
                                          f"is already defined at line {first_msgid} (obsolete #~ entries count too); ")
    assert caught.value.reason.endswith(f"its translation there is {there}, here {here}: keep the message whose "
                                        "translation you want, and remove the other")
    for reader in (fast.parse_strings, fast.parse_checked):
        with pytest.raises(POSyntaxError) as fast_caught:
            reader(data, "cat.po")
        assert str(fast_caught.value) == str(caught.value)


TWICE = ('msgctxt "role"\nmsgid "Former President"\nmsgstr "Były prezydent"\n\n'
         'msgid "Signatories"\nmsgstr "Sygnatariusze"\n\n'
         '#~ msgctxt "role"\n#~ msgid "Former President"\n#~ msgstr "Była"\n\n'
         '#~ msgid "Signatories"\n#~ msgstr "Podpisani"\n')


@pytest.mark.parametrize("after", ["", 'msgid "x"\nmsgstr "y\n'], ids=["", "a string left open after them"])
def test_every_duplicate_is_in_the_one_error(after):
    """Two obsolete copies appended to a catalog: msgfmt --check reports both, and so does the error, at the first
    one's line with the other's; a mistake further on is reported once they are mended, as the first is."""
    data = po_bytes(TWICE + ("\n" + after if after else ""))
    for reader in (parse, fast.parse_strings, fast.parse_checked):
        with pytest.raises(POSyntaxError) as caught:
            reader(data, "cat.po")
        assert caught.value.line == H + 9
        assert caught.value.reason.startswith("duplicate message: the same msgctxt + msgid is already defined at "
                                              f"line {H + 2} (obsolete #~ entries count too); its translation there "
                                              "is 'Były prezydent', here 'Była' (obsolete): keep the message whose ")
        assert caught.value.reason.endswith(f"and remove the other; 1 more message is a duplicate: line {H + 12} "
                                            f"(first at line {H + 5})")


def test_a_catalog_pasted_into_itself_names_the_first_duplicates_and_counts_the_others():
    body = "".join(f'msgid "m{n}"\nmsgstr "t{n}"\n\n' for n in range(15))
    with pytest.raises(POSyntaxError) as caught:
        parse(po_bytes(body + body.rstrip("\n") + "\n"))
    first = H + 1 + 15 * 3
    assert caught.value.line == first
    listed = ", ".join(f"{first + 3 * n} (first at line {H + 1 + 3 * n})" for n in range(1, 11))
    assert caught.value.reason.endswith(f"; 14 more messages are duplicates: lines {listed} and 4 more")


@pytest.mark.parametrize("cut", ['msgid "Hello"\nmsgstr "Bonj', 'msgid "Hello"\nmsgstr', 'msgid "Hello"\nmsgs',
                                 'msgid "Hello"\nmsgstr "Bonjour"\n\nmsgctxt "na', 'msgid "Hello"\nmsgstr "',
                                 'msgid "Hello"\nmsgstr "Dis \\"',
                                 'msgid "Hello"\nmsgstr "Bonjour"\n\n#~| msgid "Hello"'])
def test_a_file_cut_in_the_middle_of_a_line_is_told_to_bring_its_end_back(cut):
    """A crash or a full disk leaves a catalog cut short: the error at its end says how to get the end back
    without undoing the translator's changes since the last commit."""
    data = po_bytes(cut)
    with pytest.raises(POSyntaxError) as caught:
        parse(data)
    last = data.count(b"\n") + 1
    assert caught.value.line in (last - 1, last)
    assert caught.value.reason.endswith(
        f"; the file stops in the middle of its last line ({last}): if it was cut short (a crash, a full disk), bring "
        "its end back before anything else, from your editor or from git (`git diff` on the file shows what changed "
        "since the last commit, which `git checkout` would undo)")


@pytest.mark.parametrize("mistake", ['msgid "Hello"\nmsgstr "Bonj\n',
                                     'msgid "Hello\nmsgstr "Bonjour"\n\nmsgid "a"\nmsgstr "b"',
                                     'msgid "Hello"\nmsgstr "Bonjour "monde""',  # complete lines, no final \n
                                     'msgid "Hel"lo"\nmsgstr "x"'])
def test_a_mistake_before_a_complete_last_line_is_no_cut(mistake):
    with pytest.raises(POSyntaxError) as caught:
        parse(po_bytes(mistake))
    assert "cut short" not in caught.value.reason


def test_template_placeholder_plural_forms_is_refused_in_a_catalog():
    # msgfmt --check says "invalid nplurals value" for it, plural messages or not.
    with pytest.raises(POSyntaxError, match="nplurals"):
        parse(TEMPLATE, "de.po")


@needs_gettext
@pytest.mark.parametrize("case", GOOD, ids=[c[0] for c in GOOD])
def test_legit_odd_input_is_accepted_by_msgfmt(case, tmp_path):
    name, data, options, _check = case
    pot = name.startswith("template")
    if data.startswith(b"\xef\xbb\xbf"):
        # GNU gettext 0.21 itself chokes on a BOM ("syntax error" on line
        # 1); everything after the BOM must be fine.
        assert gnu("msgfmt", data, tmp_path).returncode != 0
        data = data[3:]
    result = gnu("msgfmt", data, tmp_path, *(options or ("--check",)),
                 name="input.pot" if pot else "input.po")
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    if GETTEXT_VERSION == "0.21":
        # and what we write back is what msgcat writes
        text = dumps(parse(data, "input.pot" if pot else "input.po"))
        assert msgcat_output(text, tmp_path,
                             "input.pot" if pot else "input.po") == text


def test_parse_fields_and_line_numbers():
    data = po_bytes(
        "# translator line 1\n#\n# line 3\n#. extracted\n#: a.py:1 b.py:22\n"
        "#: c.py\n#, python-format, fuzzy\n#| msgctxt \"oldctx\"\n"
        '#| msgid "old %s"\n#| msgid_plural "olds"\nmsgctxt "menu"\n'
        'msgid "File %s"\nmsgid_plural "Files %s"\nmsgstr[0] "Fichier %s"\n'
        'msgstr[1] "Fichiers %s"\n\nmsgid ""\n"multi "\n"line"\nmsgstr "x"\n')
    po = parse(data)
    e = po[0]
    assert e.tcomment == "translator line 1\n\nline 3"
    assert e.comment == "extracted"
    assert e.occurrences == [("a.py", "1"), ("b.py", "22"), ("c.py", "")]
    assert e.flags == ["python-format", "fuzzy"]
    assert (e.previous_msgctxt, e.previous_msgid, e.previous_msgid_plural) \
        == ("oldctx", "old %s", "olds")
    assert (e.msgctxt, e.msgid, e.msgid_plural) == ("menu", "File %s",
                                                    "Files %s")
    assert e.msgstr_plural == {0: "Fichier %s", 1: "Fichiers %s"}
    assert e.linenum == H + 11
    assert po[1].msgid == "multi line" and po[1].linenum == H + 17
    assert po.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert list(po.metadata)[0] == "Project-Id-Version"
    assert po.header == "" and not po.metadata_is_fuzzy
    assert all(e.msgid for e in po)  # the header is not an entry


def test_polib_would_have_accepted_what_we_reject():
    # The reason this module exists: polib silently truncates.
    data = po_bytes('msgid "Hello\nmsgstr "x"\n')
    with pytest.raises(POSyntaxError):
        parse(data)


def test_error_is_picklable_and_a_valueerror():
    err = POSyntaxError("x.po", 3, "broken")
    again = pickle.loads(pickle.dumps(err))
    assert isinstance(again, ValueError)
    assert (again.path, again.line, again.reason, str(again)) == \
        ("x.po", 3, "broken", "x.po:3: broken")


def test_load_sets_fpath(tmp_path):
    path = tmp_path / "fr.po"
    path.write_bytes(po_bytes('msgid "a"\nmsgstr "b"\n'))
    po = load(path)
    assert po.fpath == str(path) and po[0].msgstr == "b"
    path.write_bytes(po_bytes('msgid "a\nmsgstr "b"\n'))
    with pytest.raises(POSyntaxError, match=re.escape(f"{path}:{H + 1}:")):
        load(path)


po_alphabet = st.sampled_from(list('msgidtrx_plural[]012"\\#~|,. :\n\té'))


@settings(max_examples=100, deadline=None)
@given(data=st.one_of(st.binary(max_size=200),
                      st.text(po_alphabet, max_size=200).map(str.encode)))
def test_parse_never_fails_other_than_posyntaxerror(data):
    try:
        po = parse(HEADER.encode() + data)
    except POSyntaxError:
        return
    assert dumps(po) is not None


@needs_gettext
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow,
                                 HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(po=catalogs(), edits=line_edits("insert", "delete", "duplicate", "join", min_size=1))
def test_parse_agrees_with_msgfmt_on_damaged_files(po, edits, tmp_path):
    data = damaged(po, edits)
    try:
        parse(data)
        ours = None
    except POSyntaxError as exc:
        ours = exc
    result = gnu("msgfmt", data, tmp_path, *NO_FORMAT_CHECK)
    stderr = result.stderr.decode("utf-8", "replace")
    if ours is None:
        assert result.returncode == 0 or "header missing" in stderr, stderr
    elif result.returncode == 0:
        assert any(m in ours.reason for m in WE_ARE_STRICTER), (ours, stderr)


# ---------------------------------------------------------------------------
# The block reading against the line-by-line reading
# ---------------------------------------------------------------------------

def _read_line_by_line(self, text: str) -> None:
    """The reference reading: every line through the token state machine."""
    lines, linenos = read._split_lines(text)
    self.run(lines, linenos)
    self.eof(linenos[-1] if linenos else len(lines))


def outcome(data: bytes) -> tuple:
    """Everything parse() gives: the entries with their line numbers and the
    header, or the error with its line."""
    try:
        po = parse(data, "cat.po")
    except POSyntaxError as exc:
        return ("error", exc.line, exc.reason)
    return ([parsed_fields(e) + (e.linenum,) for e in po], po.metadata,
            po.header, po.metadata_is_fuzzy)


def both_readings(data: bytes) -> tuple[tuple, tuple]:
    fast = outcome(data)
    with mock.patch.object(read.Reader, "read", _read_line_by_line):
        reference = outcome(data)
    return fast, reference


@pytest.mark.parametrize("data", [c[1] for c in BAD + STRICTER + GOOD],
                         ids=[c[0] for c in BAD + STRICTER + GOOD])
def test_block_reading_equals_line_reading_on_the_tables(data):
    fast, reference = both_readings(data)
    assert fast == reference


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(po=catalogs(), edits=line_edits("insert", "delete", "duplicate", "join", "blank"))
def test_block_reading_equals_line_reading_on_damaged_files(po, edits):
    """Same entries, same line numbers and the same first error, whatever
    mix of plain and unusual entries a file has."""
    fast, reference = both_readings(damaged(po, edits))
    assert fast == reference


def test_block_reading_takes_the_plain_entries_in_blocks():
    """The shortcut is taken: a plain entry never reaches the line reading,
    an obsolete one does, and the reading resumes after it."""
    body = (L1 + '\n#~ msgid "old"\n#~ msgstr "vieux"\n\n'
            '#. note\n#: a.md:3 b.md:4\nmsgctxt "c"\nmsgid "b"\nmsgstr "y"\n')
    seen: list[str] = []
    original = read.Reader.run

    def spy(self, lines, linenos):
        seen.extend(line for line in lines if line)
        return original(self, lines, linenos)

    with mock.patch.object(read.Reader, "run", spy):
        po = parse(po_bytes(body))
    assert seen == ['#~ msgid "old"', '#~ msgstr "vieux"']
    assert [(e.msgid, e.obsolete, e.linenum) for e in po] == [
        ("a", False, H + 1), ("old", True, H + 5), ("b", False, H + 10)]
    assert po[2].occurrences == [("a.md", "3"), ("b.md", "4")]


# ---------------------------------------------------------------------------
# metadata()
# ---------------------------------------------------------------------------

def test_metadata_reads_the_header_in_its_charset_and_not_the_messages():
    latin1 = HEADER.replace("charset=UTF-8", "charset=ISO-8859-1").replace(
        "A Translator", "Ren\u00e9")
    broken_later = latin1 + 'msgid "a"\nmsgstr "never closed\n'
    fields = metadata(broken_later.encode("latin-1"))
    assert fields["Last-Translator"] == "Ren\u00e9 <a@example.org>"
    assert fields["Language"] == "fr"
    with pytest.raises(POSyntaxError):
        parse(broken_later.encode("latin-1"))


def test_metadata_of_a_file_without_header_is_empty_and_a_broken_start_raises():
    assert metadata(b'msgid "a"\nmsgstr "x"\n') == {}
    with pytest.raises(POSyntaxError) as info:
        metadata(b'msgid ""\nmsgstr "\n')
    assert info.value.line == 2


def test_references_are_read_when_first_asked_in_file_order():
    body = ('# File: old.c, line:7\n#: a.md:3 b.md:4\n#: c.md\nmsgid "a"\nmsgstr "x"\n')
    entry = parse(po_bytes(body))[0]
    assert isinstance(entry, POEntry) and isinstance(entry, polib.POEntry)
    assert entry._unread is not None  # not split yet
    assert entry.occurrences == [("old.c", "7"), ("a.md", "3"), ("b.md", "4"), ("c.md", "")]
    again = pickle.loads(pickle.dumps(parse(po_bytes(body))[0]))
    assert again.occurrences == entry.occurrences
    po = parse(po_bytes(body))
    po[0].occurrences = [("z.md", "1")]
    assert po[0].occurrences == [("z.md", "1")]
    assert "#: z.md:1\n" in dumps(po) and "a.md" not in dumps(po)


def test_entries_read_have_every_attribute_polib_gives_and_none_shared():
    body = 'msgid "a"\nmsgstr "x"\n\n#, fuzzy\nmsgctxt "c"\nmsgid "b"\nmsgstr "y"\n'
    first, second = parse(po_bytes(body))
    made = polib.POEntry(msgid="a", msgstr="x", linenum=first.linenum)
    assert {name: getattr(first, name) for name in vars(made)} == vars(made)
    assert first.msgstr_plural is not second.msgstr_plural and first.flags is not second.flags
    assert first.occurrences is not second.occurrences
    assert second.flags == ["fuzzy"] and second.msgctxt == "c" and second.fuzzy


@pytest.mark.parametrize("text", [b"ab\ncd\n", "ab\ncd\n"])
def test_an_offset_is_on_the_line_its_line_end_ends(text):
    # 0, the first line's end, the second line's start, its end, the end of the text, past it.
    assert [line_of(text, offset) for offset in (0, 2, 3, 5, 6, 100)] == [1, 1, 2, 2, 3, 3]


DRIVER_SIDES = ('<<<<<<< ours\nmsgid "Call"\nmsgstr "Appel A"\n=======\nmsgid "Call"\nmsgstr "Appel B"\n'
                '>>>>>>> theirs\n')


@pytest.mark.parametrize(("conflict", "by_message"), [
    (DRIVER_SIDES, True),
    (DRIVER_SIDES.replace("\n", "\r\n"), True),
    ('<<<<<<< ours\nmsgid ""\nmsgstr "PO-Revision-Date: 2030-01-01 10:00+0000\\n"\n=======\nmsgid ""\n'
     'msgstr "PO-Revision-Date: 2030-01-02 10:00+0000\\n"\n>>>>>>> theirs\n', True),  # the header's
    # git's text merge: a hunk inside a message, other messages on each side, the sides' common text (diff3)
    ('msgid "Call"\n<<<<<<< HEAD\nmsgstr "Appel A"\n=======\nmsgstr "Appel B"\n>>>>>>> one\n', False),
    ('<<<<<<< HEAD\nmsgid "Poet"\nmsgstr "Poète"\n=======\nmsgid "Painter"\nmsgstr "Peintre"\n>>>>>>> one\n', False),
    (DRIVER_SIDES.replace("=======", '||||||| base\nmsgid "Call"\nmsgstr "Appel"\n======='), False),
    (DRIVER_SIDES + '\nmsgid "Help"\n<<<<<<< HEAD\nmsgstr "Aide"\n=======\nmsgstr "Secours"\n>>>>>>> one\n', False),
    ('msgid "Call"\nmsgstr "Appel"\n', False),  # no conflict at all
])
def test_a_conflict_is_told_as_the_merge_driver_s_or_a_text_merge_s(conflict, by_message):
    """The driver leaves the same messages, whole, on both sides; git's text merge, made before the driver was
    installed, cuts through them or holds others, and its file is merged again rather than chosen from."""
    assert read.merged_by_message(('msgid "Hello"\nmsgstr "Bonjour"\n\n' + conflict).encode()) is by_message


@pytest.mark.parametrize("conflict", [DRIVER_SIDES.replace("Appel A", "Appel à"),
                                      DRIVER_SIDES.replace("Appel A", "Appel à").replace("\n", "\r\n"),
                                      'msgid "Call"\nmsgstr "Appel"\n\n' + DRIVER_SIDES.replace(
                                          'msgid "Call"\nmsgstr "Appel A"', 'msgid "A call"\nmsgid_plural "Calls"\n'
                                          'msgstr[0] "Un appel"\nmsgstr[1] "Des appels"')
                                      .replace('msgid "Call"\nmsgstr "Appel B"', 'msgid "A call"\nmsgid_plural '
                                               '"Calls"\nmsgstr[0] "Appel"\nmsgstr[1] "Appels"')])
def test_a_driver_s_conflict_is_told_by_the_catalog_s_header(conflict):
    """A side of a conflict is read under the catalog's header: its charset for a translation beyond ASCII, as
    nearly every one is, and its plural forms for a plural message."""
    header = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
              '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n')
    if "\r\n" in conflict:
        header = header.replace("\n", "\r\n")
    assert read.merged_by_message((header + conflict).encode())
