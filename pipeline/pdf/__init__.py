"""An edition's print view → PDF (WeasyPrint), with its fonts checked before rendering.

The PDF is made from the edition's article, the HTML of its page but for the page's top and bottom,
inside the print template ``print.html.j2`` (its stylesheet: ``print.css``). WeasyPrint shapes the
text with HarfBuzz through Pango and breaks lines by each language's rules; it finds fonts through
fontconfig, told to give one in outline before any in colour (``fonts.prefer_outline``), and embeds the
subsets it uses. The PDF is tagged (PDF/UA-1), carries the document
language, title, author (the publisher) and subject, has a bookmark for the letter and one for the
signatories, and keeps the letter's links. A signatory's name is set in its own direction, as a browser
sets its ``<bdi>``, which WeasyPrint does not isolate (``print_view``).

Before rendering, ``make`` checks that some installed font in outline has every character the edition
uses, its page numbers' digits too: Pango would draw a missing one as a box, and WeasyPrint one only a
colour font has (an emoji) many times its size. When one is missing the edition gets no PDF, and the
reason, naming the package to install, goes back to the build to report.

Reproducible: the document's dates are the letter's date and its edition's latest revision's day (the
letter's date again where there is none), not the clock; its identifier is made from its address,
and WeasyPrint names a font subset after the font (a digest of its description), not at random, so
the same article on the same fonts gives the same bytes. Nothing is fetched while rendering: the URL
fetcher refuses every address, so nothing a translation might smuggle in (``url()``, an image) could
load anything.
"""
from __future__ import annotations

import gc
import hashlib
import html
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from babel import Locale
from babel.core import get_global
from markupsafe import Markup, escape

from pipeline import collector
from pipeline.locales import LocaleInfo
from pipeline.parallel import in_child
from pipeline.pdf import fonts, speed, tags, text
from pipeline.pdf.fonts import coverage, missing_families, missing_fonts, stand_ins
from pipeline.render import TITLE_COLON, Frame, environment
from pipeline.textlayout import direction

FORMAT = "pdf"
FILE = "letter.pdf"
VARIANT = "pdf/ua-1"

#: The territories whose paper is US Letter: CLDR's supplemental data, ``<paperSize type="US-Letter"
#: territories="BZ CA CL CO CR GT MX NI PA PH PR SV US VE"/>`` (every other territory uses A4).
#: Written out because Babel, which carries the rest of CLDR here, does not ship this table, and
#: the packages that do (ICU's bindings) would be a compiled dependency for fourteen codes.
LETTER_TERRITORIES = frozenset("BZ CA CL CO CR GT MX NI PA PH PR SV US VE".split())

@dataclass(frozen=True)
class Notice:
    """What the build tells of an edition's PDF, in words that say what to do: why it got none, or that
    it is set in other fonts than those ``print.css`` asks for (``stood_in``)."""

    tag: str
    reason: str


def paper(locale: LocaleInfo) -> str:
    """The CSS page size of a locale's editions: "letter" where its territory uses US Letter, else "A4".

    A locale without a territory ("es", "en") stands for its likely one in CLDR (Spain, the United States).
    """
    cldr = Locale.parse(locale.posix)
    territory = cldr.territory
    if not territory:
        likely = get_global("likely_subtags")
        subtags = likely.get(f"{cldr.language}_{cldr.script}") or likely.get(cldr.language, "")
        territory = subtags.split("_")[-1]
    return "letter" if territory in LETTER_TERRITORIES else "A4"


# --- the PDF -----------------------------------------------------------------------------------

def make(frame: Frame, article: bytes, view: str, site_url: str) -> bytes | Notice:
    """An edition's PDF from its frame, its article (as ``render`` makes them) and its ``print_view``,
    or why it has none: a character of the article no installed font has, or no WeasyPrint to render with.

    Rendered in a child process (``parallel.in_child``): a PDF of 10,000 signatories takes some
    900 MB while it is made, which a build worker making one edition's PDF after another would
    otherwise keep and add the next one's to.
    """
    tag = frame.edition.locale.tag
    installed = coverage()
    if isinstance(installed, str):
        return Notice(tag, f"no PDF: {installed}")
    # Drawn around the article on every page: the page numbers (the running title is the title's).
    missing = installed.missing(article.decode("utf-8") + _digits(frame.edition.zero))
    if missing:
        return Notice(tag, missing_fonts(missing))
    problem = _weasyprint_problem()
    if problem:
        return Notice(tag, f"no PDF: {problem}")
    return in_child(render, frame, view, site_url)


def stood_in(tag: str) -> Notice | None:
    """What to tell of the PDF of edition ``tag`` when a font family ``print.css`` asks for it is not one
    fontconfig has: the PDF is made (a reader may still want it), set in fontconfig's stand-in, as a PDF
    made before is until the fonts change. None when it has every one."""
    missing = stand_ins(_print_css(), tag)
    return Notice(tag, missing_families(missing)) if missing else None


@cache
def _print_css() -> str:
    """``print.css``, read once a process, as the templates are (``letter serve`` builds in a new process once
    a template changed)."""
    return environment().loader.get_source(environment(), "print.css")[0]  # type: ignore[union-attr]


def print_view(frame: Frame, article: bytes) -> str:
    """The HTML document WeasyPrint renders: the article in ``print.html.j2``."""
    edition = frame.edition
    start, end = ("right", "left") if edition.locale.direction == "rtl" else ("left", "right")
    digits = Markup(" ".join(f'"{digit}"' for digit in _digits(edition.zero)))
    drawn = _last_lines_kept_whole(_korean_words_whole(article.decode("utf-8")), edition.title.plain)
    return environment().get_template("print.html.j2").render(
        edition=edition, description=frame.subject, paper=paper(edition.locale), start=start, end=end,
        running_title=running_title(edition.title.plain), digits=digits,
        article=Markup(_isolated(drawn, edition.locale.direction)))


def _digits(zero: str) -> str:
    """The ten decimal digits from ``zero`` (an edition's ``zero``: "0", Persian "۰"), which its page numbers are in."""
    return "".join(chr(ord(zero) + value) for value in range(10))


#: A signatory's name as ``render.signatories_html`` writes it: a ``<bdi>`` without attributes (an English one
#: carries its own ``dir``).
_NAME = re.compile(r"<bdi>(.*?)</bdi>", re.S)
_TAG = re.compile(r"<[^>]*>")


def _isolated(article: str, page_direction: str) -> str:
    """The article with every name written in the other direction than the edition's given that direction
    (``<bdi dir="ltr">``), as a browser's ``<bdi>`` takes it from the name's first strong letter.

    WeasyPrint lays a ``<bdi>`` out as any inline, in its paragraph's direction: in an Arabic edition a
    Latin name ending in a full stop was drawn with the stop at its left (".Brad Smith Jr").
    """
    def name(match: re.Match[str]) -> str:
        inner = match.group(1)
        written = direction(html.unescape(_TAG.sub("", inner)))
        return match.group() if written in (None, page_direction) else f'<bdi dir="{written}">{inner}</bdi>'

    return _NAME.sub(name, article)


#: Hangul (its syllables and its letters) and where a Korean word holds on to the letters or digits beside it.
_HANGUL = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff"
_INSIDE_A_KOREAN_WORD = re.compile(rf"(?<=[{_HANGUL}])(?=\w)|(?<=\w)(?=[{_HANGUL}])")
#: What keeps two characters on one line and draws nothing, which pdftotext and a screen reader leave out.
WORD_JOINER = "\u2060"


def _korean_words_whole(article: str) -> str:
    """The article with a word joiner inside every word written in Hangul, between its syllables and the letters
    or digits beside them (코로나19), in its text, not its tags.

    Korean is written with spaces between words and broken only there, as a browser breaks it with ``word-break:
    keep-all``; Pango breaks it, as Chinese, between any two syllables (UAX #14), and WeasyPrint 70 knows no
    ``keep-all``: lines ended inside words ("수 / 백만", "지 / 금이")."""
    return "".join(part if part.startswith("<") else _INSIDE_A_KOREAN_WORD.sub(WORD_JOINER, part)
                   for part in re.split(r"(<[^>]*>)", article))


#: Kana and the Chinese characters, between any two of which a line may end (UAX #14, class ID).
_UNSPACED_LETTER = "\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
#: Between the last two letters before a line surely ends, with what closes the line after them (punctuation, end
#: tags) and an emphasis's or a link's tags between them ("時は<em>今</em>だ。"): where a paragraph ends (``<p>``: the
#: letter's, a signatory's name, description or honour), where the title ends, and where what the title asks after
#: its colon begins (print.css sets that on a line of its own in Chinese and Japanese).
_BEFORE_A_LINE_END = re.compile(rf"(?<=[{_UNSPACED_LETTER}])(?=(?:<[^>]*>)*[{_UNSPACED_LETTER}](?:[^\w<]|</[^>]*>)*"
                                r"(?:</p>|</h1>|<span class=\"subtitle\">))")
#: The start tag of the title, as ``letter.html.j2`` writes it.
_TITLE = re.compile(r"<h1\b[^>]*>")


def _last_lines_kept_whole(article: str, plain: str) -> str:
    """The article with a word joiner between the last two letters of each paragraph and of its title, and of the
    title's first part where its second begins, when both are Chinese characters or kana, before what closes them
    (the "ます" of "…要請します。"): a line ends there, and they go to it together, as a Korean word's letters do
    (``_korean_words_whole``). The title's bookmark is ``plain``, its text without those joiners (``data-bookmark``,
    which print.css gives it).

    A typesetter leaves no character alone on a paragraph's or a title's last line; Pango breaks Chinese and
    Japanese between any two characters (but before closing punctuation), and WeasyPrint 70 knows no ``text-wrap``
    to ask otherwise: "す。" would stand alone under "…強く要請しま", and "を" under "…今こそ協力"."""
    return _TITLE.sub(lambda start: f'{start[0][:-1]} data-bookmark="{escape(plain)}">',
                      _BEFORE_A_LINE_END.sub(WORD_JOINER, article), count=1)


def running_title(title: str) -> str:
    """The title at the foot of each page: up to its first colon ("A Call to All Governments",
    "致各国政府的呼吁"), where a title says what it is before what it asks; the whole title when it has
    none, which the foot then wraps. Cut anywhere else, a title would end mid-word or mid-phrase."""
    head = TITLE_COLON.split(title, maxsplit=1)[0].strip()
    return head or title


def render(frame: Frame, view: str, site_url: str) -> bytes:
    """The PDF of an edition from its ``print_view``, without the font check (``make`` does it first), by WeasyPrint as
    ``speed``, ``tags`` and ``text`` (its text layer) mend it.

    Python's cyclic garbage collector does not run while the page is parsed, laid out or written: it
    would walk the growing pages again and again. What laying out leaves behind, the cascade's styles,
    goes when the layout ends (``speed``: the layout's context); where that mend does not apply, the
    collector runs once, between laying the pages out and writing them, to free it.
    """
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    mended = speed.mend()
    tags.mend()
    text.mend()
    fonts.prefer_outline()
    tag = frame.edition.locale.tag
    here = f"{site_url}{tag}/" if site_url else None
    # The first half of the file identifier names the document, the same in every revision (ISO 32000-1,
    # 14.4): it is made from the PDF's address, not from a random number. pydyf makes the second half
    # from the content.
    identifier = hashlib.sha256(f"{here or tag + '/'}{FILE}".encode()).hexdigest()[:32]
    options = {"pdf_variant": VARIANT, "pdf_identifier": identifier.encode("ascii")}
    with collector.Paused():
        document = HTML(string=view, base_url=here, url_fetcher=URLFetcher(allowed_protocols=()))
        pages = document.render(**options)
        if "layout context" not in mended:
            gc.collect()
        return pages.write_pdf(finisher=_right_to_left if frame.edition.locale.direction == "rtl" else None,
                               **options)


def _right_to_left(_document: object, pdf: Any) -> None:
    """A right-to-left edition's pages are read, two facing pages at a time, from the right: the
    viewer is told so (ISO 32000-1, 12.2, ``Direction``), as the page's text and furniture say."""
    import pydyf

    preferences = pdf.catalog.get("ViewerPreferences") or pydyf.Dictionary()
    preferences["Direction"] = "/R2L"
    pdf.catalog["ViewerPreferences"] = preferences


@cache
def _weasyprint_problem() -> str | None:
    """Why WeasyPrint cannot run here (it loads Pango, HarfBuzz and fontconfig when imported), or None."""
    try:
        import weasyprint  # noqa: F401
    except ImportError as error:
        return f"WeasyPrint is not installed ({error}); run make publish, or pip install -e ."
    except OSError as error:  # a system library it loads with cffi is missing
        return (f"WeasyPrint cannot load a system library ({error}); install Pango: libpango-1.0-0 and "
                "libpangoft2-1.0-0 on Debian, `brew install pango` on macOS, MSYS2's on Windows (README: "
                "\"PDF editions\")")
    return None
