"""A deterministic synthetic workload: a long letter, many signatories, many locales.

``generate(root, sizes)`` writes, under ``root``:

* ``base/``: a complete project (``pyproject.toml``, ``source/``, ``locales/``)
  whose template and catalogs are up to date and fully translated, in every
  locale of ``sizes.locales``, by a pseudo-translation that keeps what the
  checks look at (markup, link targets, numbers, placeholders, punctuation)
  and writes each locale in its own script;
* ``revision/``: the source after an editing round (a share of the messages
  edited slightly, a share removed, a share added) and ``truth.json``, which
  old message each edited message came from, for scoring fuzzy matching.

The same seed and sizes give byte-identical files.
"""
from __future__ import annotations

import datetime
import hashlib
import json
import random
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

# The project's own writers, so the catalogs are exactly what the tool itself writes.
from pipeline import po
from pipeline.extract import template
from pipeline.locales import parse_locale
from pipeline.model import NAME_CONTEXT
from pipeline.source import read_letter
from pipeline.units import messages
from pipeline.update import new_catalog

SEED = 20200526
CREATED = "2020-05-26 00:00+0000"
NOW = datetime.datetime(2020, 5, 26, tzinfo=datetime.UTC)

#: Fifty locales across scripts and directions (Latin, Cyrillic, Greek, Arabic,
#: Hebrew, CJK, Indic, Thai, Georgian, Armenian).
LOCALES = (
    "fr", "de", "es", "it", "pt", "pt-BR", "nl", "sv", "da", "nb", "fi", "pl", "cs", "sk", "sl", "hr", "hu",
    "ro", "et", "lv", "lt", "tr", "id", "ms", "vi", "sw", "ca", "eu", "gl", "is", "sq", "af",
    "ru", "uk", "bg", "sr", "mk", "el", "ar", "fa", "ur", "he", "zh-Hans", "zh-Hant", "ja", "ko",
    "hi", "bn", "th", "ka",
)


@dataclass(frozen=True)
class Sizes:
    paragraphs: int = 1000
    signatories: int = 10000
    roles: int = 1000
    affiliations: int = 1000
    locales: tuple[str, ...] = LOCALES
    edited: float = 0.05   # share of each kind of message changed slightly
    removed: float = 0.05
    added: float = 0.05
    seed: int = SEED


FULL = Sizes()
SMOKE = Sizes(paragraphs=40, signatories=60, roles=12, affiliations=12, locales=("fr", "ru", "ar", "zh-Hans"))


# --- English-like text ----------------------------------------------------------------------------

WORDS = """
access act action agency aid alliance analysis attack authority balance border budget capacity care
care centre challenge change charter citizen city clinic coalition commitment community company
conduct conflict consent cooperation council country court crisis culture data defence delivery
democracy design development device dialogue diplomacy disease duty economy education effort
election emergency energy equipment evidence expert facility family finance force forum framework
freedom future government group growth harm health history home hospital human idea impact industry
information infrastructure initiative institution integrity interest investment issue justice
knowledge labour law leader level liberty life market measure medicine member method mission model
movement nation network norm nurse obligation office order organisation patient peace people period
person physician planet policy practice pressure principle priority problem process programme
progress project protection public purpose question reason record reform region research resource
response responsibility right risk rule safety science security sector service society solution
source standard state strategy strength structure supply support system team technology territory
threat time trade treaty trust truth union value vision voice vaccine welfare work world
""".split()
ADJECTIVES = """
open global public private critical essential medical digital international national local common
urgent lasting fair safe secure shared strong clear new responsible civil human basic free
""".split()
VERBS = """
protect build support defend restore ensure secure strengthen respect uphold share improve prevent
reduce answer recognise guarantee review monitor coordinate deliver fund
""".split()
JOINERS = "and or but because while so yet".split()
FIRST = """
Ada Amir Anna Aiko Bao Beatriz Carlos Chen Dapo Dara Elena Emeka Erik Fatima Farid Grace Hana Hugo Ines
Ivan Jamal Jana Jonas Kamala Kenji Lara Leila Liam Lucia Mads Maria Marek Mei Nadia Nia Omar Olga Pablo
Priya Quentin Rahul Rosa Sara Sean Sofia Tariq Thandi Tomas Uma Vera Viktor Wei Yara Yusuf Zainab Zoltan
Alice Bruno Clara Diego Eva Felix Gita Hassan Irene Jorge Katya Luis Mina Noah Oscar Paula Rania Samir
Tereza Ulla Vikram Wanjiru Xenia Yosef Zara Abebe Birgit Chidi Dolores Esra Fumiko Goran Halima Ilse
Jin Kofi Lidia Malik Nour Orla Pedro Rui Selin Timur Ugo Valeria Wilma Yannick
""".split()
LAST = """
Abe Akande Albright Bauer Bianchi Cohen Costa Dimitrov Diaz Eriksen Fischer Fontaine Garcia Gupta Haddad
Hansen Ito Ivanova Jansen Jovanovic Kaur Khan Kim Kowalski Lambert Larsen Lee Lopez Martin Mendes Meyer
Moreau Mwangi Nakamura Nguyen Novak Okafor Olsen Park Patel Perez Petrov Popescu Quispe Rahman Reyes Rossi
Said Santos Schmidt Silva Singh Sorensen Suzuki Tanaka Teo Torres Ueda Varga Vogel Wagner Wang Weber
Xu Yamamoto Yilmaz Zhang Zimmermann Achebe Berger Castillo Dumont Eklund Ferreira Gallo Horvat Iqbal
Jaramillo Keller Lindqvist Moretti Nilsson Ortega Pereira Quinn Rinaldi Sato Tavares Urbina Vasquez
Watanabe Yadav Zeller Adeyemi Bakker Chowdhury Delgado Engel
""".split()
TITLES = """
Minister Director President Secretary Chair Head Professor Advisor Commissioner Ambassador Governor
Judge Rapporteur Coordinator Envoy Dean Trustee Counsel Officer Founder
""".split()
PREFIXES = ("", "Former ", "Deputy ", "Honorary ", "Acting ", "Senior ", "Chief ", "Vice ")
FIELDS = """
Health Finance Justice Defence Energy Education Science Technology Labour Trade Culture Transport
Agriculture Environment Research Security Medicine Law Policy Planning Development Ethics Nursing
Diplomacy Economics Informatics Epidemiology Statistics Governance Innovation Welfare Housing
Communications Infrastructure Migration Oceans Forestry Water Sport Tourism
""".split()
ORG_KINDS = ("University of {p}", "{p} Institute of {f}", "{p} Foundation", "{p} Centre for {f}",
             "{p} Council on {f}", "Academy of {f} of {p}", "{p} Hospital", "{p} School of {f}",
             "Ministry of {f} of {p}", "{p} Society for {f}")
SYLLABLES = "ka lo mi ra ne to su va de li mo sa ri ta no be ga hu pe zo fa ki lu da ve".split()
HONOURS = ("Nobel Peace Prize Laureate", "Nobel Prize in Medicine Laureate", "Nobel Prize in Chemistry Laureate",
           "Nobel Prize in Physics Laureate", "Nobel Prize in Economics Laureate", "Turing Award Laureate",
           "Right Livelihood Award Laureate", "Sakharov Prize Laureate")
SITES = ("https://www.who.int/", "https://www.icrc.org/", "https://cyberpeaceinstitute.org/",
         "https://www.un.org/", "https://www.example.org/health", "https://data.example.net/report")


def _sentence(rng: random.Random, length: int) -> str:
    words: list[str] = []
    while len(words) < length:
        pick = rng.random()
        if pick < 0.15:
            word = rng.choice(ADJECTIVES)
        elif pick < 0.25:
            word = rng.choice(VERBS)
        elif pick < 0.3 and words:
            word = rng.choice(JOINERS)
        else:
            word = rng.choice(WORDS)
        if words and words[-1] == word:
            continue
        words.append(word)
    if rng.random() < 0.1:
        words.insert(rng.randrange(1, len(words)), str(rng.choice((19, 72, 2020, 1949, 150, 30))))
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice(".....?!")


def paragraph(rng: random.Random) -> str:
    """Two to five sentences; one in six has emphasis, one in eight a link."""
    sentences = [_sentence(rng, rng.randint(8, 22)) for _ in range(rng.randint(2, 5))]
    text = " ".join(sentences)
    words = text.split(" ")
    if rng.random() < 1 / 6:
        i = rng.randrange(1, len(words) - 1)
        if words[i].isalpha():
            words[i] = f"*{words[i]}*"
    if rng.random() < 1 / 8:
        i = rng.randrange(1, len(words) - 2)
        if words[i].isalpha() and words[i + 1].isalpha():
            words[i:i + 2] = [f"[{words[i]} {words[i + 1]}]({rng.choice(SITES)})"]
    return " ".join(words)


def _place(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _distinct(rng: random.Random, count: int, make) -> list[str]:
    seen: dict[str, None] = {}
    while len(seen) < count:
        seen.setdefault(make(rng), None)
    return list(seen)


def _role(rng: random.Random) -> str:
    return f"{rng.choice(PREFIXES)}{rng.choice(TITLES)} of {rng.choice(FIELDS)}"


def _affiliation(rng: random.Random) -> str:
    return rng.choice(ORG_KINDS).format(p=_place(rng), f=rng.choice(FIELDS))


def _name(rng: random.Random) -> str:
    middle = f" {rng.choice('ABCDEFGHJKLMNPRSTW')}." if rng.random() < 0.3 else ""
    return f"{rng.choice(FIRST)}{middle} {rng.choice(LAST)}"


# --- the letter and its revision -----------------------------------------------------------------

@dataclass
class Person:
    name: str
    role: str
    affiliation: str
    honour: str | None = None


@dataclass
class Draft:
    """The letter as data, before it is written as source files."""

    title: str
    paragraphs: list[str]
    people: list[Person] = field(default_factory=list)


def letter(sizes: Sizes, rng: random.Random) -> Draft:
    roles = _distinct(rng, sizes.roles, _role)
    affiliations = _distinct(rng, sizes.affiliations, _affiliation)
    names = _distinct(rng, sizes.signatories, _name)
    people = []
    for n, name in enumerate(names):
        # Every role and affiliation is held at least once, the rest at random.
        role = roles[n] if n < len(roles) else rng.choice(roles)
        affiliation = affiliations[-1 - n] if n < len(affiliations) else rng.choice(affiliations)
        honour = rng.choice(HONOURS) if rng.random() < 0.05 else None
        people.append(Person(name, role, affiliation, honour))
    return Draft("A Call to All Governments: Work Together Now to Stop Cyberattacks on the Healthcare Sector",
                 [paragraph(rng) for _ in range(sizes.paragraphs)], people)


def _edit_text(rng: random.Random, text: str, taken: set[str]) -> str:
    """A small edit, as an editor makes: a word replaced, inserted or dropped."""
    for _ in range(100):
        words = text.split(" ")
        spots = [i for i, w in enumerate(words) if w.isalpha() and w.islower()] or list(range(len(words)))
        i = rng.choice(spots)
        action = rng.random()
        if action < 0.5 or len(words) < 4:
            words[i] = rng.choice(WORDS + ADJECTIVES)
        elif action < 0.8:
            words.insert(i, rng.choice(ADJECTIVES))
        else:
            del words[i]
        edited = " ".join(words)
        if edited != text and edited not in taken:
            return edited
    raise RuntimeError(f"cannot edit {text!r}")


def _edit_name(rng: random.Random, name: str, taken: set[str]) -> str:
    """A corrected spelling or a middle initial added or dropped."""
    for _ in range(100):
        parts = name.split(" ")
        choice = rng.random()
        if choice < 0.4 and len(parts) == 2:
            edited = f"{parts[0]} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {parts[1]}"
        elif choice < 0.4:
            edited = f"{parts[0]} {parts[2]}"
        else:
            last = parts[-1]
            i = rng.randrange(1, len(last))
            parts[-1] = last[:i] + rng.choice("aeiouhnrst") + last[i + 1:]
            edited = " ".join(parts)
        if edited != name and edited not in taken:
            return edited
    raise RuntimeError(f"cannot edit {name!r}")


def _edit_role(rng: random.Random, role: str, taken: set[str]) -> str:
    for _ in range(100):
        head, _, tail = role.rpartition(" of ")
        choice = rng.random()
        if choice < 0.5:
            edited = f"{head} of {rng.choice(FIELDS)}"
        elif choice < 0.8:
            edited = f"{head} of {rng.choice(ADJECTIVES).capitalize()} {tail}"
        else:
            edited = f"{rng.choice(PREFIXES)}{head.split(' ')[-1]} of {tail}"
        if edited != role and edited not in taken:
            return edited
    raise RuntimeError(f"cannot edit {role!r}")


def _edit_affiliation(rng: random.Random, affiliation: str, taken: set[str]) -> str:
    for _ in range(100):
        words = affiliation.split(" ")
        i = rng.randrange(len(words))
        if words[i] in FIELDS:
            words[i] = rng.choice(FIELDS)
        elif words[i][:1].isupper() and words[i] not in ("University", "Institute", "Foundation", "Centre",
                                                         "Council", "Academy", "Hospital", "School",
                                                         "Ministry", "Society"):
            words[i] = words[i][:-1] + rng.choice("aeiou")
        else:
            words.insert(i + 1, rng.choice(("National", "International", "Royal", "Global")))
        edited = " ".join(words)
        if edited != affiliation and edited not in taken:
            return edited
    raise RuntimeError(f"cannot edit {affiliation!r}")


def revise(draft: Draft, sizes: Sizes, rng: random.Random) -> tuple[Draft, dict]:
    """The next revision of the letter, and what became of each message.

    Each kind of message (paragraphs, names, roles, affiliations) gets its share of
    edits, removals and additions; ``truth`` maps every edited message's new
    (context, msgid) to its old one.
    """
    edited_pairs: list[tuple[str | None, str, str]] = []   # (context, old, new)
    removed: list[tuple[str | None, str]] = []
    added: list[tuple[str | None, str]] = []

    def shares(count: int) -> tuple[int, int, int]:
        return (round(count * sizes.edited), round(count * sizes.removed), round(count * sizes.added))

    # Paragraphs.
    paragraphs = list(draft.paragraphs)
    taken = set(paragraphs)
    n_edit, n_remove, n_add = shares(len(paragraphs))
    chosen = rng.sample(range(len(paragraphs)), n_edit + n_remove)
    for i in chosen[:n_edit]:
        new = _edit_text(rng, paragraphs[i], taken)
        taken.add(new)
        edited_pairs.append((None, paragraphs[i], new))
        paragraphs[i] = new
    for i in chosen[n_edit:]:
        removed.append((None, paragraphs[i]))
    gone = set(chosen[n_edit:])
    paragraphs = [p for i, p in enumerate(paragraphs) if i not in gone]
    for _ in range(n_add):
        text = paragraph(rng)
        while text in taken:
            text = paragraph(rng)
        taken.add(text)
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), text)
        added.append((None, text))

    people = [replace(person) for person in draft.people]

    # Roles and affiliations: an edit renames it for everyone who holds it; a removal gives its
    # holders another existing one; an addition is held by a few new signatories (below).
    def revise_parts(attribute: str, context: str, edit, make) -> list[str]:
        values = list(dict.fromkeys(getattr(p, attribute) for p in people))
        taken = set(values)
        n_edit, n_remove, n_add = shares(len(values))
        chosen = rng.sample(values, n_edit + n_remove)
        renamed = {}
        for old in chosen[:n_edit]:
            renamed[old] = edit(rng, old, taken)
            taken.add(renamed[old])
            edited_pairs.append((context, old, renamed[old]))
        dropped = set(chosen[n_edit:])
        keep = [v for v in values if v not in dropped and v not in renamed] + list(renamed.values())
        for old in chosen[n_edit:]:
            removed.append((context, old))
        for person in people:
            value = getattr(person, attribute)
            if value in renamed:
                setattr(person, attribute, renamed[value])
            elif value in dropped:
                setattr(person, attribute, rng.choice(keep))
        fresh = []
        while len(fresh) < n_add:
            value = make(rng)
            if value not in taken:
                taken.add(value)
                fresh.append(value)
                added.append((context, value))
        return fresh

    new_roles = revise_parts("role", "role", _edit_role, _role)
    new_affiliations = revise_parts("affiliation", "affiliation", _edit_affiliation, _affiliation)

    # Signatories: names edited, signatories removed and added.
    names = {p.name for p in people}
    n_edit, n_remove, n_add = shares(len(people))
    chosen = rng.sample(range(len(people)), n_edit + n_remove)
    for i in chosen[:n_edit]:
        new = _edit_name(rng, people[i].name, names)
        names.add(new)
        edited_pairs.append((NAME_CONTEXT, people[i].name, new))
        people[i].name = new
    gone = set(chosen[n_edit:])
    for i in sorted(gone):
        removed.append((NAME_CONTEXT, people[i].name))
    people = [p for i, p in enumerate(people) if i not in gone]
    all_roles = list(dict.fromkeys(p.role for p in people))
    all_affiliations = list(dict.fromkeys(p.affiliation for p in people))
    for n in range(n_add):
        name = _name(rng)
        while name in names:
            name = _name(rng)
        names.add(name)
        role = new_roles[n] if n < len(new_roles) else rng.choice(all_roles)
        affiliation = new_affiliations[n] if n < len(new_affiliations) else rng.choice(all_affiliations)
        people.insert(rng.randrange(len(people) + 1), Person(name, role, affiliation))
        added.append((NAME_CONTEXT, name))

    revised = Draft(draft.title, paragraphs, people)
    truth = {"edited": [list(pair) for pair in edited_pairs], "removed": [list(k) for k in removed],
             "added": [list(k) for k in added]}
    return revised, truth


# --- source files --------------------------------------------------------------------------------

def _yaml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def write_source(draft: Draft, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    body = "\n\n".join(draft.paragraphs)
    (folder / "letter.md").write_text(
        f"---\ntitle: {_yaml_string(draft.title)}\ndate: 2020-05-26\npublisher: CyberPeace Institute\n---\n\n"
        f"{body}\n", encoding="utf-8")
    lines = ["# Synthetic signatories for the benchmark.", ""]
    for person in draft.people:
        lines.append(f"- name: {_yaml_string(person.name)}")
        lines.append(f"  role: {_yaml_string(person.role)}")
        lines.append(f"  affiliation: {_yaml_string(person.affiliation)}")
        if person.honour:
            lines.append(f"  honour: {_yaml_string(person.honour)}")
        lines.append("")
    (folder / "signatories.yaml").write_text("\n".join(lines), encoding="utf-8")


PYPROJECT = """\
[project]
name = "letter-benchmark"
version = "0"

[tool.letter]
source = "source/letter.md"
signatories = "source/signatories.yaml"
locales = "locales"
domain = "letter"
output = "output"
site_url = "https://letter.example.org/"
published = []
"""


# --- pseudo-translation --------------------------------------------------------------------------

LATIN_VOWELS = "aeiou"
SCRIPTS: dict[str, str] = {
    # Letters each script's pseudo-translation draws from (precomposed, so the text is NFC).
    "cyrillic": "абвгдежзийклмнопрстуфхцчшщыэюя",
    "greek": "αβγδεζηθικλμνξοπρστυφχψω",
    "arabic": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "hebrew": "אבגדהוזחטיכלמנסעפצקרשת",
    "devanagari": "कखगघचछजझटठडढणतथदधनपफबभमयरलवशसह",
    "bengali": "কখগঘচছজঝটঠডঢণতথদধনপফবভমযরলশসহ",
    "thai": "กขคฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ",
    "georgian": "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ",
    "hangul": "가나다라마바사아자차카타파하거너더러머버서어저처커터퍼허고노도로모보소오조초코토포호",
}
SCRIPT_OF = {"ru": "cyrillic", "uk": "cyrillic", "bg": "cyrillic", "sr": "cyrillic", "mk": "cyrillic",
             "el": "greek", "ar": "arabic", "fa": "arabic", "ur": "arabic", "he": "hebrew", "hi": "devanagari",
             "bn": "bengali", "th": "thai", "ka": "georgian", "ko": "hangul"}
CJK = {"zh-Hans", "zh-Hant", "ja"}
TOKEN = re.compile(r"(\[[^\]]*\]\([^)]*\))|(\{[^{}]*\})|([A-Za-z]+)|(.)", re.S)
LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")


class PseudoTranslator:
    """Deterministic word-by-word pseudo-translation into a locale's script."""

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.script = SCRIPT_OF.get(tag)
        self.cjk = tag in CJK
        self.shift = int(hashlib.sha256(tag.encode()).hexdigest(), 16) % 4 + 1
        self.words: dict[str, str] = {}

    def word(self, word: str) -> str:
        found = self.words.get(word)
        if found is not None:
            return found
        digest = hashlib.blake2b(f"{self.tag}:{word.lower()}".encode(), digest_size=8).digest()
        if self.cjk:
            base = 0x4E00 if self.tag != "ja" else 0x3041
            span = 0x5000 if self.tag != "ja" else 0x55
            count = 1 + digest[0] % 2
            out = "".join(chr(base + int.from_bytes(digest[1 + 2 * i: 3 + 2 * i], "big") % span)
                          for i in range(count))
        elif self.script:
            letters = SCRIPTS[self.script]
            out = "".join(letters[(digest[i % 8] + ord(c)) % len(letters)] for i, c in enumerate(word))
            if word[:1].isupper() and out[:1].upper() != out[:1]:
                out = out[:1].upper() + out[1:]
        else:
            out = "".join(LATIN_VOWELS[(LATIN_VOWELS.index(c.lower()) + self.shift) % 5] if c.lower() in LATIN_VOWELS
                          else c for c in word)
            if word[:1].isupper():
                out = out[:1].upper() + out[1:]
            if out == word:
                out = word + "a"
        self.words[word] = out
        return out

    def text(self, text: str) -> str:
        out: list[str] = []
        for link, placeholder, word, other in TOKEN.findall(text):
            if link:
                label, target = LINK.match(link).groups()
                out.append(f"[{self.text(label)}]({target})")
            elif placeholder:
                out.append(placeholder)
            elif word:
                out.append(self.word(word))
            elif self.cjk and other == " ":
                continue
            elif self.cjk and other in ".,":
                out.append({".": "。", ",": "，"}[other])
            else:
                out.append(other)
        result = "".join(out)
        return result


# --- the projects --------------------------------------------------------------------------------

def write_project(root: Path, draft: Draft, sizes: Sizes) -> dict[str, int]:
    """A project with a template and one fully translated catalog per locale."""
    (root / "pyproject.toml").parent.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    write_source(draft, root / "source")
    parsed = read_letter(root / "source/letter.md", root / "source/signatories.yaml", display_root=root)
    pot = template(parsed, CREATED)
    (root / "locales").mkdir(parents=True, exist_ok=True)
    (root / "locales/letter.pot").write_bytes(po.dumps(pot).encode("utf-8"))
    for tag in sizes.locales:
        locale = parse_locale(tag)
        translator = PseudoTranslator(locale.tag)
        catalog = new_catalog(pot, locale, NOW)
        catalog.metadata["Last-Translator"] = "Benchmark <bench@example.org>"
        for entry in catalog:
            entry.msgstr = translator.text(entry.msgid)
        path = root / "locales" / locale.posix / "LC_MESSAGES" / "letter.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(po.dumps(catalog).encode("utf-8"))
    return {"messages": len(messages(parsed)), "locales": len(sizes.locales)}


def generate(root: Path, sizes: Sizes = FULL) -> dict:
    """Write ``base/`` and ``revision/`` under ``root``; returns what was made."""
    rng = random.Random(sizes.seed)
    draft = letter(sizes, rng)
    counts = write_project(root / "base", draft, sizes)
    revised, truth = revise(draft, sizes, rng)
    write_source(revised, root / "revision")
    (root / "revision/truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=0) + "\n",
                                              encoding="utf-8")
    counts.update(edited=len(truth["edited"]), removed=len(truth["removed"]), added=len(truth["added"]),
                  paragraphs=len(draft.paragraphs), signatories=len(draft.people))
    return counts


if __name__ == "__main__":  # pragma: no cover
    import sys
    import time
    start = time.perf_counter()
    print(generate(Path(sys.argv[1]), SMOKE if "--smoke" in sys.argv else FULL),
          f"{time.perf_counter() - start:.1f} s")
