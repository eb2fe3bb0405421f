"""``edition``: what an edition shows of the letter, each piece in the state its reader must be told."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest

from pipeline import checks, publication, render
from pipeline.checks import Context, Settings
from pipeline.edition import CURRENT, ENGLISH, Edition, Piece, edition, lookup, piece
from pipeline.locales import parse_locale, source_locale
from pipeline.model import Letter, Part
from pipeline.source import read_letter

from conftest import ROOT


@pytest.fixture(scope="module")
def letter() -> Letter:
    return read_letter(ROOT / "source/letter.md", ROOT / "source/signatories.yaml", display_root=ROOT)


def pieces(view: Edition) -> list[Piece]:
    """Every piece of an edition, interface words included."""
    found = [view.title, *view.byline, *view.paragraphs, *view.ui.values()]
    for s in view.signatories:
        found += [s.name, *s.description, *s.honour]
    return found


def test_the_english_edition_is_all_current(letter):
    view = edition(letter, source_locale(), lookup(None))
    assert {p.state for p in pieces(view)} == {CURRENT}


def test_an_edition_is_modified_on_the_day_it_tells_of_its_latest_revision(letter):
    """The page's and the PDF's modification date: the correction the front matter dates, else the day
    an edition's notice gives; none (the PDF then gives the letter's date) where it tells of none."""
    import datetime

    day = datetime.date(2026, 12, 1)
    assert edition(letter, parse_locale("fr"), lookup({})).modified is None
    assert edition(letter, parse_locale("fr"), lookup({}), revised=day).modified == day
    dated = replace(letter, revised=datetime.date(2026, 11, 5))
    assert edition(dated, parse_locale("fr"), lookup({}), revised=day).modified == datetime.date(2026, 11, 5)
    assert edition(dated, source_locale(), lookup(None)).modified == datetime.date(2026, 11, 5)


@pytest.mark.parametrize(("tag", "notice", "link", "shown"), [
    ("ja", "英語の原文は{date}に改訂されました。この翻訳は現在更新中です。", "英語の原文を読む",
     "この翻訳は現在更新中です。英語の原文を読む"),
    ("fr", "Le texte anglais a été révisé le {date} ; cette traduction est en cours de mise à jour.",
     "Lire le texte anglais", "en cours de mise à jour. Lire le texte anglais"),
    ("ja", None, "英語の原文を読む", "this translation is being updated. 英語の原文を読む"),  # the notice in English
])
def test_the_notice_of_a_revision_leads_to_the_english_as_its_language_writes_a_next_sentence(
        letter, tag, notice, link, shown):
    """Japanese and Chinese put no space after "。": the notice's link to the English edition follows it
    directly, on the page and in the plain text, where other languages, and a notice shown in English,
    have a space."""
    import datetime

    found = {(None, "Read the English text"): link}
    if notice:
        found[(None, "The English text was revised on {date}; this translation is being updated.")] = notice
    view = edition(letter, parse_locale(tag), lookup(found), revised=datetime.date(2026, 12, 4))
    notice = re.search(r'<p class="notice" role="note">(.*?)</p>', render.render_article(view)).group(1)
    html = f'{shown.removesuffix(link)}<a href="../en/" hreflang="en">{link}</a>'
    assert html in re.sub(r"</?span[^>]*>", "", notice)
    wrapped = "\n?".join("[ \n]" if char == " " else re.escape(char) for char in f"{shown} <https://")
    assert re.search(wrapped, render.render_text(view, "https://letter.example.org/"))


def test_a_unit_without_a_translation_is_english_but_a_name_is_shown_as_written(letter):
    view = edition(letter, parse_locale("fr"), lookup({}), draft=True)
    assert view.title.state is ENGLISH and view.title.text == letter.title.text
    assert {p.state for p in view.paragraphs} == {ENGLISH}
    assert {s.name.state for s in view.signatories} == {CURRENT}
    assert {p.state for s in view.signatories for p in s.description + s.honour} == {ENGLISH}


def described(letter: Letter, pattern: str) -> tuple[str, tuple[Piece, ...]]:
    """A draft French edition with one role translated as "Professeur" and the description pattern
    translated as ``pattern``: that signatory's organisation, and their description as shown."""
    signatory = next(s for s in letter.signatories if Part.ROLE in s.parts and Part.AFFILIATION in s.parts)
    view = edition(letter, parse_locale("fr"), lookup({
        (signatory.context(Part.ROLE), signatory.parts[Part.ROLE].text): "Professeur",
        (None, "{role}, {organization}"): pattern}), draft=True)
    return signatory.parts[Part.AFFILIATION].text, view.signatories[letter.signatories.index(signatory)].description


def test_a_description_keeps_each_piece_s_state_in_a_translated_pattern(letter):
    """The role translated, the organisation not: the separator is French, the organisation English."""
    organisation, shown = described(letter, "{role} – {organization}")
    assert [(p.text, p.state) for p in shown] == [("Professeur", CURRENT), ("\u00a0– ", CURRENT),  # no break before
                                                  (organisation, ENGLISH)]


@pytest.mark.parametrize("pattern", ["{rol}, {organization}", "{role}, {role}", "{role!r}, {organization}",
                                     "{role:>12}, {organization}", "{role}, {organization"])
def test_a_pattern_with_other_placeholders_makes_the_whole_phrase_english(letter, pattern):
    """``{rol}`` would lose the role, ``{role}`` twice repeat it: the English pattern is used, and all it
    joins is one English run. So is it for a conversion or a format, which `letter check` fails as msgfmt
    --check does: what the check fails, the edition does not show."""
    organisation, shown = described(letter, pattern)
    assert [p.text for p in shown] == ["Professeur", ", ", organisation]
    assert {p.state for p in shown} == {ENGLISH}
    assert render.pieces_html(shown) == (f'<span lang="en" dir="ltr"><span lang="fr" dir="ltr">Professeur</span>, '
                                         f'{organisation}</span>')  # (the role is French all the same)
    context = Context("{role}, {organization}", pattern, None, parse_locale("fr"), Settings(), pattern=True)
    assert list(checks.placeholders(context))


def test_a_value_in_the_edition_s_language_keeps_it_in_an_english_pattern(letter):
    """A draft whose byline is still English: its words are one English run, left to right, but the date the
    locale formats, and the publisher as its catalog translates it, are in the edition's language inside it (right
    to left in Arabic), for a screen reader to speak each in its own; an English value stays in the run."""
    arabic, french = parse_locale("ar"), parse_locale("fr")
    view = edition(letter, arabic, lookup({letter.publisher_key: "معهد السلام السيبراني"}), draft=True)
    assert render.pieces_html(view.byline) == (
        '<span lang="en" dir="ltr">Published by <span lang="ar" dir="rtl">معهد السلام السيبراني</span> on '
        f'<span lang="ar" dir="rtl">{arabic.format_date(letter.date)}</span></span>')
    assert render.plain(view.byline) == f"Published by معهد السلام السيبراني on {arabic.format_date(letter.date)}"
    view = edition(letter, french, lookup({}), draft=True)
    assert render.pieces_html(view.byline) == ('<span lang="en" dir="ltr">Published by CyberPeace Institute on '
                                               f'<span lang="fr" dir="ltr">{french.format_date(letter.date)}</span>'
                                               '</span>')


def test_the_dates_it_makes_are_in_the_digits_its_translation_writes(letter):
    """A Persian translation writing ۱۹ and ۲۰۲۰ gets its byline date in those digits, not "26 مه 2020"
    beside them, whatever digits its links' addresses hold; one writing 19 (the Arabic shipped) keeps
    ASCII digits, and so does English."""
    report = "[report](https://who.int/news/23-04-2020)"  # a link the English has, digits and all
    linked = replace(letter, paragraphs=tuple(replace(p, text=f"{p.text} {report}") for p in letter.paragraphs))

    def persian(digits: str) -> Edition:
        found = {(None, p.text): f"متن {digits} [گزارش](https://who.int/news/23-04-2020) متن"
                 for p in linked.paragraphs}
        found[(None, "Published by {publisher} on {date}")] = "منتشرشده توسط {publisher} در {date}"
        return edition(linked, parse_locale("fa"), lookup(found), draft=True)

    eastern, western = persian("کووید-۱۹"), persian("کووید-19")
    assert (eastern.zero, western.zero) == ("۰", "0")
    assert "۲۶" in "".join(p.text for p in eastern.byline) and "2020" not in "".join(p.text for p in eastern.byline)
    assert "26" in "".join(p.text for p in western.byline)
    assert edition(letter, source_locale(), lookup(None)).zero == "0"


@pytest.mark.parametrize(("typed", "html", "plain"), [
    ("We don't tolerate", "We don’t tolerate", "We don’t tolerate"),
    ("Zeid Ra'ad Al Hussein", "Zeid Ra’ad Al Hussein", "Zeid Ra’ad Al Hussein"),
    ("the students' union", "the students’ union", "the students’ union"),
    # Quotation marks are each language's own: left as typed, as is what code or an address holds.
    ("'quoted' and \"quoted\"", "'quoted' and &quot;quoted&quot;", "'quoted' and \"quoted\""),
    ("see `don't` at [l'OMS](https://who.int/l'oms)",
     'see <code>don\'t</code> at <a href="https://who.int/l\'oms">l’OMS</a>', "see don't at l’OMS <https://who.int/l'oms>"),
    # An address shown as the link's words stays as typed, and the text edition gives it once.
    ("write to <o'brien@example.org>, don't",
     'write to <a href="mailto:o\'brien@example.org">o\'brien@example.org</a>, don’t',
     "write to o'brien@example.org, don’t"),
])
def test_a_typed_apostrophe_is_set_as_the_typographer_s(letter, typed, html, plain):
    """The letter as received types its apostrophes ('), as most writers do; every edition shows ’."""
    translate = lookup({(None, typed): typed})  # its English links where it does
    shown = translate((None, typed))
    assert (str(shown.html), shown.plain) == (html, plain)
    assert str(lookup(None)((None, typed)).html) == html  # the English, and a name, alike


@pytest.mark.parametrize(("english", "translation", "shown"), [
    ("Read [the call](https://example.org/call).", "Lisez [l’appel](https://evil.example/).", ENGLISH),  # elsewhere
    ("Read the call.", "Lisez [l’appel](https://evil.example/).", ENGLISH),                          # added
    ("Read [the call](https://example.org/call).", "Lisez l’appel.", ENGLISH),                       # dropped
    ("Read <https://example.org/call>.", "Lisez <https://example.org/call>.", CURRENT),               # kept
    ("[A](https://a.org) and [B](https://b.org).", "[B](https://b.org) et [A](https://a.org).", CURRENT),  # moved
])
def test_a_translation_that_links_elsewhere_is_shown_in_english(english, translation, shown):
    """A reviewed translation fails `letter check` for it; a build run without the check still shows
    no link the English does not have."""
    made = lookup(publication.shown({(None, english): (translation, False)}, {}, frozenset()))((None, english))
    assert made.state is shown
    assert made.text == (english if shown is ENGLISH else translation)


def test_a_name_without_spaces_breaks_between_its_parts_not_inside_one(letter):
    """Japanese and Chinese write a foreign name's parts joined by a dot, and the engines break between any
    two characters: each part is kept whole, as a description's later parts are."""
    translate = lookup({("name", "Gro Harlem Brundtland"): "グロ・ハーレム・ブルントラント"})
    for tag in ("ja", "zh-Hans"):
        shown = next(s for s in edition(letter, parse_locale(tag), translate).signatories
                     if s.name.plain == "グロ・ハーレム・ブルントラント")
        assert str(shown.name.html) == ('<span class="part">グロ・</span><span class="part">ハーレム・</span>'
                                        '<span class="part">ブルントラント</span>')
    shown = next(s for s in edition(letter, parse_locale("fr"), translate).signatories
                 if s.name.plain == "グロ・ハーレム・ブルントラント")
    assert str(shown.name.html) == "グロ・ハーレム・ブルントラント"  # spaced scripts break at their spaces
    latin = lookup({("name", "Gro Harlem Brundtland"): "Marcel·lí Vives"})
    shown = next(s for s in edition(letter, parse_locale("zh-Hans"), latin).signatories
                 if s.name.plain == "Marcel·lí Vives")
    assert str(shown.name.html) == "Marcel·lí Vives"  # a Latin name's dot is inside a word


def test_an_organisation_written_with_dots_breaks_between_its_parts_where_it_does_not_fit(letter):
    """The Japanese CyberPeace Institute, サイバーピース・インスティテュート, is longer than a column of the PDF's
    signatories: kept whole, it broke inside its last word and left ト alone on a line. Its parts are kept
    whole within it, as a name's are, so that it breaks after its dot; one without a dot is one part."""
    duguin = next(s for s in letter.signatories if s.name.text == "Stéphane Duguin")
    (_, role), (_, organisation) = duguin.keys
    pattern = {(None, "{role}, {organization}"): "{role}、{organization}"}
    translate = lookup({role: "最高経営責任者", organisation: "サイバーピース・インスティテュート", **pattern})
    shown = edition(letter, parse_locale("ja"), translate).signatories[letter.signatories.index(duguin)]
    assert [p.html for p in shown.description] == [
        "最高経営責任者", "、", '<span class="part"><span class="part">サイバーピース・</span>'
                             '<span class="part">インスティテュート</span></span>']
    assert "".join(p.plain for p in shown.description) == "最高経営責任者、サイバーピース・インスティテュート"
    undotted = lookup({role: "最高経営責任者", organisation: "網絡和平研究所", **pattern})
    shown = edition(letter, parse_locale("ja"), undotted).signatories[letter.signatories.index(duguin)]
    assert shown.description[-1].html == '<span class="part">網絡和平研究所</span>'
    # A link or an emphasis across the dot is no part's alone: the organisation is shown whole, its marks HTML.
    for marked in ("[サイバーピース・インスティテュート](https://cyberpeaceinstitute.org)",
                   "*サイバーピース・インスティテュート*"):
        shown = edition(letter, parse_locale("ja"), lookup({role: "最高経営責任者", organisation: marked, **pattern}))
        html = shown.signatories[letter.signatories.index(duguin)].description[-1].html
        assert html == f'<span class="part">{piece(marked).html}</span>' and "*" not in html and "](" not in html


@pytest.mark.parametrize(("typed", "plain"), [
    ("in cyberspace — whether in peace", "in cyberspace\u00a0— whether in peace"),
    ("le cyberespace – en temps de *paix* – ou", "le cyberespace\u00a0– en temps de paix\u00a0– ou"),
    ("攻击——无论", "攻击——无论"),            # a dash without spaces is no dash set off by them
    ("the end —", "the end —"),                # nor one that ends the text
    ("role - org", "role\u00a0- org"),           # a hyphen typed for a dash
    ("a\u2009—\u2009b", "a\u202f—\u2009b"),      # a thin space: a narrow no-break one
    ("see `a — b` — c", "see a — b\u00a0— c"),    # code is shown as typed
])
def test_a_dash_set_off_by_spaces_stays_with_the_word_before_it(typed, plain):
    """No line of any edition begins with a spaced dash (a tester's Hindi PDF did): the space before it
    does not break."""
    assert piece(typed).plain == plain


@pytest.mark.parametrize(("tag", "marked"), [("zh-Hans", True), ("ja", True), ("fr", False), ("ko", False)])
def test_a_description_s_parts_are_marked_where_words_have_no_spaces_between_them(letter, tag, marked):
    """Chinese and Japanese, which break between any two characters: each part after the first a span the
    stylesheets keep whole on a line where it fits, so that the line breaks before it; the first, the
    separators, the honour and a description left in English, which has spaces, are not marked."""
    signatory = next(s for s in letter.signatories if Part.ROLE in s.parts and Part.AFFILIATION in s.parts
                     and Part.HONOUR in s.parts)
    role, organisation = signatory.keys[0][1], signatory.keys[1][1]
    view = edition(letter, parse_locale(tag), lookup({role: "主席", organisation: "委员会",
                                                      (None, "{role}, {organization}"): "{organization}、{role}"}),
                   draft=True)
    shown = view.signatories[letter.signatories.index(signatory)]
    assert [p.text for p in shown.description] == ["委员会", "、", "主席"]
    later = '<span class="part">主席</span>' if marked else "主席"
    assert [p.html for p in shown.description] == ["委员会", "、", later]
    assert "part" not in "".join(p.html for p in shown.honour)
    assert [p.plain for p in shown.description] == [p.text for p in shown.description]
    english = edition(letter, parse_locale(tag), lookup({}), draft=True)
    assert "part" not in "".join(p.html for s in english.signatories for p in s.description)


@pytest.mark.parametrize(("title", "html"), [
    ("A Call: Work Together", 'A Call:<span class="subtitle"> Work Together</span>'),
    ("Appel\u00a0: travaillez", 'Appel\u00a0:<span class="subtitle"> travaillez</span>'),
    ("致各国政府的呼吁：立即携手", '致各国政府的呼吁：<span class="subtitle">立即携手</span>'),
    ("Meet at 10:30 today", "Meet at 10:30 today"),
    ("A *call*: to act", "A <em>call</em>: to act"),  # the colon after markup: whole
    ("A call: to *act*", 'A call:<span class="subtitle"> to <em>act</em></span>'),
])
def test_a_title_s_subtitle_is_what_follows_its_first_colon(title, html):
    assert render.title_html(piece(title)) == html


def test_a_part_marked_is_its_own_whatever_the_lookup_keeps(letter):
    """A lookup that makes a new piece at each call (lookup's own keeps them): no part marked takes another's
    text, as one cached by the id of a piece freed since would."""
    keep = lookup({(None, "{role}, {organization}"): "{organization}、{role}",
                   **{key: f"译{key[1]}" for s in letter.signatories for _, key in s.keys}})

    def fresh(key):
        return Piece(*keep(key))
    view = edition(letter, parse_locale("zh-Hans"), fresh, draft=True)
    for signatory, shown in zip(letter.signatories, view.signatories, strict=True):
        parts = {f"译{key[1]}" for part, key in signatory.keys if part is not Part.HONOUR}
        assert {p.text for p in shown.description} - {"、"} == parts, signatory.name
        for p in shown.description:
            assert re.sub("</?span[^>]*>", "", p.html) == p.text, signatory.name  # (a part, a compound marked)


@pytest.mark.parametrize(("typed", "html"), [
    ("Ancienne secrétaire d’État, États-Unis", 'Ancienne secrétaire d’État, <span class="compound">États-Unis</span>'),
    ("Bosnie-Herzégovine", '<span class="compound">Bosnie-Herzégovine</span>'),
    ("Jean-Pierre Dupont", '<span class="compound">Jean-Pierre</span> Dupont'),
    ("Former Director-General", 'Former <span class="compound">Director-General</span>'),
    ("Saint-Jean-de-Luz", '<span class="compound">Saint-Jean-de-Luz</span>'),   # the whole chain
    ("Ban Ki-moon", 'Ban <span class="compound">Ki-moon</span>'),            # one word capitalised is enough
    ("Saint\u2010Marin", '<span class="compound">Saint\u2010Marin</span>'),    # U+2010 HYPHEN breaks as well
    ("Directrice, AT&T-Mobile", 'Directrice, <span class="compound">AT&amp;T-Mobile</span>'),  # an escaped & in it
    ("Ancienne sous-secrétaire", "Ancienne sous-secrétaire"),               # common nouns may break
    ("Бывший премьер-министр", "Бывший премьер-министр"),
    ("COVID-19", "COVID-19"),                                               # no break before a digit anyway
    ("role - Org", "role\u00a0- Org"),                                      # a hyphen typed for a dash
    ("[Croix-Rouge](https://x.org/Croix-Rouge) *Saint-Marin*",              # markup stays, its address unmarked
     '<a href="https://x.org/Croix-Rouge"><span class="compound">Croix-Rouge</span></a> '
     '<em><span class="compound">Saint-Marin</span></em>'),
])
def test_a_capitalised_compound_is_marked_to_be_kept_whole(letter, typed, html):
    """A proper name is not divided at a line's end (Imprimerie nationale), where the engines break after any
    hyphen between letters: a French PDF read "États- / Unis". Its text, and so what a reader finds, is as typed."""
    albright = next(s for s in letter.signatories if s.name.text == "Madeleine Albright")
    key = albright.keys[0][1]
    translate = lookup({key: typed, (None, "{role}, {organization}"): "{role}, {organization}"})
    shown = edition(letter, parse_locale("fr"), translate).signatories[letter.signatories.index(albright)]
    assert shown.description[0].html == html
    assert shown.description[0].plain == piece(typed).plain


def test_a_right_to_left_edition_marks_only_what_it_isolates(letter):
    """WeasyPrint orders the Latin words of an Arabic line by their elements, so a compound's span inside Arabic text
    moved it: there only a name (its ``<bdi>``) and English (``dir="ltr"``) are marked."""
    albright = next(s for s in letter.signatories if s.name.text == "Madeleine Albright")
    role = albright.keys[0][1]
    translate = lookup({role: "رئيسة Croix-Rouge International", albright.name_key: "Madeleine Jean-Albright",
                        (None, "{role}, {organization}"): "{role}، {organization}"})
    shown = edition(letter, parse_locale("ar"), translate).signatories[letter.signatories.index(albright)]
    assert shown.description[0].html == "رئيسة Croix-Rouge International"
    assert shown.name.html == 'Madeleine <span class="compound">Jean-Albright</span>'
    english = edition(letter, parse_locale("ar"), lookup({})).signatories
    assert '<span class="compound">Director-General</span>' in render.signatories_html(english)


def test_a_korean_text_edition_breaks_its_lines_between_words_as_its_page_does(letter):
    """Korean is written with spaces between words and broken only there, as its web page (``word-break:
    keep-all``) and its PDF break it; the plain text broke it by UAX #14, between any two syllables ("수 / 백만"),
    in its paragraphs, its signatories' roles and its page's description."""
    paragraph = ("우리는 세계 각국 정부가 병원, 보건의료 및 의학 연구 시설은 물론 의료진과 국제 공중보건 기구에 대한 "
                 "모든 사이버 공격을 막기 위해 즉각적이고 단호한 조치를 취할 것을 촉구합니다. 코로나19 대유행 동안 "
                 "수백만 명의 생명을 지키는 이들이 공격받았으며, 각국 정부는 유엔을 비롯한 여러 무대에서 "
                 "협력해야 합니다.")
    role = "세계보건기구 사무총장 겸 국제 공중보건 비상사태 위원회 위원장 및 유엔 사무총장 특별 자문관"
    found = {(None, p.text): paragraph for p in letter.paragraphs} | {("role", "Former President"): role}
    view = edition(letter, parse_locale("ko"), lookup(found), draft=True)
    text = render.render_text(view, "")
    words = {word.strip(",.") for word in f"{paragraph} {role} {render.plain(view.byline)}".split()}
    lines = [line for line in text.splitlines() if re.search("[\uac00-\ud7a3]", line)]
    assert len(lines) > 2 * len(letter.paragraphs)
    assert not [line for line in lines if not {word.strip(",.") for word in line.split()
                                               if re.search("[\uac00-\ud7a3]", word)} <= words], lines
    assert render.frame_of(view).description.removesuffix("…").split()[-1] in paragraph.split()
