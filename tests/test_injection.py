"""Hostile text in a translation or in the source comes out inert.

The editions go on a public site under the names of former heads of state: a
msgstr or a source paragraph with script, event handlers, dangerous links, raw
HTML or template syntax must come out as text (or a plain word), never as markup
a browser runs. The output is parsed, not grepped, to prove it.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from pipeline import po

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "<iframe src=\"https://evil.example/\"></iframe>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "[click](<java\tscript:alert(1)>)",
    "[click](\x01javascript:alert(1))",
    "<javascript:alert(1)>",
    "<a href=\"javascript:alert(1)\">raw</a>",
    "<style>body{display:none}</style>",
    "{{ 7*7 }} {% for x in range(3) %}loop{% endfor %} {# hidden #}",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "![pic](javascript:alert(1))",
    "<b onmouseover=alert(1)>hover</b>",
    "\x1b[2J\x1b[31mred terminal\x07",
    "a bell\x07 and a terminal reset\x1bc in words without Markdown",
    "a zero\u200bwidth space and a \u202edirection override that reverses what follows",
    "a zero&#8203;width reference, a &ZeroWidthSpace;named one and a &#x202E;reversed one",
]
SAFE_SCHEMES = {"", "http", "https", "mailto"}
DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "img", "style", "form", "input", "base",
                  "frame"}


class Audit(HTMLParser):
    """Everything in a page a browser could act on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                self.problems.append(f"{tag}[{name}]")
            if name in ("href", "src", "action") and value is not None:
                if urlsplit(value).scheme.lower() not in SAFE_SCHEMES:
                    self.problems.append(f"{tag}[{name}={value!r}]")

    def handle_data(self, data):
        self.text.append(data)


def audit(html: str) -> Audit:
    page = Audit()
    page.feed(html)
    return page


@pytest.fixture
def hostile(extracted):
    """A French edition whose every message carries a payload, a signatory's name among them."""
    extracted.ok("init", "fr")
    payloads = iter(PAYLOADS * 20)

    def translate(entry):
        if entry.msgid == "Brad Smith":
            return "<script>alert('name')</script> Brad Smith"
        if "python-brace-format" in entry.flags:  # keep the placeholders, add a payload around them
            return entry.msgid.replace("}", "}<script>x</script>", 1)
        return f"{next(payloads)} {entry.msgid}"

    extracted.translate("fr", translate)
    result = extracted.ok("build")
    assert "fr" in result.stdout
    return extracted


def pages(project):
    return sorted(project.path("output").rglob("*.html"))


def test_no_script_handler_or_dangerous_url_survives(hostile):
    for path in pages(hostile):
        page = audit(path.read_text(encoding="utf-8"))
        assert page.problems == [], f"{path}: {page.problems}"


def test_payloads_are_shown_as_text(hostile):
    """A tag written as character references is text, and shown as such; one typed as a tag is shown by no
    edition (the message is shown in English, as `letter status` says: the reader would see the tag)."""
    page = audit(hostile.path("output/fr/index.html").read_text(encoding="utf-8"))
    text = "".join(page.text)
    assert "<script>alert(1)</script>" in text          # shown, not run
    assert "{{ 7*7 }}" in text and "49" not in text      # not evaluated by the template engine
    assert "{% for x in range(3) %}" in text and "looploop" not in text
    assert "Brad Smith" in text and "alert('name')" not in text


@pytest.mark.parametrize("payload", PAYLOADS[:6] + PAYLOADS[11:13])
def test_a_payload_in_the_letter_is_refused_with_its_line(extracted, payload):
    """The English is no place for HTML or a link the edition would not make: extract refuses it where
    it is, before any edition could show it."""
    extracted.edit("source/letter.md", "The time to act is now.", f"The time to act is now. {payload}")
    result = extracted.run("extract")
    assert result.exit_code == 2
    assert result.stderr.startswith("source/letter.md:") and (
        "HTML is not part of the letter" in result.stderr or "address is not made a link" in result.stderr)


@pytest.mark.parametrize(("field", "line"), [("name", "- name: Brad Smith"), ("role", "  role: Former Taoiseach")])
def test_html_in_a_signatory_is_refused_with_its_line(extracted, field, line):
    extracted.edit("source/signatories.yaml", line + "\n", line.replace(": ", ": <script>x</script> ") + "\n")
    result = extracted.run("extract")
    assert result.exit_code == 2
    assert re.match(rf"source/signatories\.yaml:\d+: error: '{field}': HTML is not part of the letter", result.stderr)


def test_safe_links_still_work(extracted):
    links = "See [the site](https://example.org/) and [write](mailto:info@example.org)."
    extracted.edit("source/letter.md", "The time to act is now.", f"The time to act is now. {links}")
    extracted.ok("extract")
    extracted.ok("init", "fr")
    extracted.translate("fr", lambda e: e.msgid if "{" in e.msgid else
                        "Voir [le site](https://example.org/) et [écrire](mailto:info@example.org)."
                        if "example.org" in e.msgid else e.msgid)
    extracted.ok("build", "--drafts")
    raw = extracted.path("output/fr/index.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org/">le site</a>' in raw
    assert '<a href="mailto:info@example.org">écrire</a>' in raw
    text = extracted.path("output/fr/letter.txt").read_text(encoding="utf-8")
    assert "Voir le site <https://example.org/> et écrire <mailto:info@example.org>." in text


def test_a_translation_that_links_where_the_english_does_not_is_shown_in_english(extracted):
    """`letter check` fails it; a build run without the check still sends no reader elsewhere."""
    extracted.ok("init", "fr")
    extracted.translate("fr", lambda e: e.msgid if "{" in e.msgid else f"[Signez ici](https://evil.example/) {e.msgid}")
    extracted.ok("build", "--drafts")
    raw = extracted.path("output/fr/index.html").read_text(encoding="utf-8")
    assert "evil.example" not in raw and "evil.example" not in extracted.path("output/fr/letter.txt").read_text(
        encoding="utf-8")
    assert "The time to act is now." in raw


def test_text_edition_is_harmless(hostile):
    text = hostile.path("output/fr/letter.txt").read_text(encoding="utf-8")
    assert "\x1b" not in text and "\x07" not in text and "\x01" not in text
    assert all(ch in "\n\t" or ch >= " " for ch in text)
    assert "<script>alert(1)</script>" in text  # plain text: shown as written, nothing runs it


def test_invisible_characters_are_not_published(hostile):
    # letter check fails such a translation; the build does not publish the characters either, in the
    # text or in the page's metadata (the publisher's name is the site's name for link previews).
    for name in ("index.html", "letter.txt"):
        published = hostile.path(f"output/fr/{name}").read_text(encoding="utf-8")
        assert "zerowidth space and a direction override" in published
        assert "zerowidth reference, a named one and a reversed one" in published
        assert "\u200b" not in published and "\u202e" not in published, name



def test_invisible_characters_are_not_published_in_metadata(extracted):
    # The publisher's name is the page's og:site_name and the PDF's author.
    extracted.ok("init", "fr")
    extracted.translate("fr", lambda e: "Institut\u202e CyberPeace" if e.msgid == "CyberPeace Institute" else e.msgid)
    extracted.ok("build", "--drafts")
    page = extracted.path("output/fr/index.html").read_text(encoding="utf-8")
    assert '<meta property="og:site_name" content="Institut CyberPeace">' in page and "\u202e" not in page


def test_metadata_attributes_are_escaped(hostile):
    loaded = po.load(hostile.catalog("fr"))
    title = next(e for e in loaded if e.comment == "title of the letter")
    title.msgstr = '"><script>alert(1)</script><meta x="'
    po.save(loaded, hostile.catalog("fr"))
    hostile.ok("build")
    page = audit(hostile.path("output/fr/index.html").read_text(encoding="utf-8"))
    assert page.problems == []
