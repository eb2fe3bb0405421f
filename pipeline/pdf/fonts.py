"""Whether the installed fonts can print an edition: what fontconfig says they cover, and, for the
characters none has, the packages to install.

Pango draws a character no font has as a box, so ``pdf.make`` asks before rendering. The answer is
fontconfig's (``fc-list``), which is what Pango reads too, asked once a process and setting. The
same list names the fonts a PDF is printed on (``installed``), for the build to print it again when
they change.

Only fonts in outline count: WeasyPrint draws a colour font's glyph (Noto Color Emoji's bitmaps) many
times its size, over the lines around it. A character only a colour font has counts as missing, and
fontconfig is told to prefer fonts in outline while WeasyPrint renders (``prefer_outline``): Pango asks for
an emoji in the family "emoji", not the stylesheet's, and fontconfig's own setup lists colour fonts first
for it (Noto Color Emoji).
"""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache, lru_cache

from fontTools.unicodedata import script_extension, script_name

#: Kinds of character that need no glyph: controls, format characters (bidi marks, joiners), and
#: spaces and separators, which Pango draws as space when a font has none.
_NO_GLYPH = frozenset(("Cc", "Cf", "Zs", "Zl", "Zp"))
#: The scripts (ISO 15924 codes) whose Noto fonts Debian packages as fonts-noto-cjk, as it does those
#: of the wide forms of other characters (fullwidth punctuation); every other script's are in
#: fonts-noto-core. The README names the macOS and Windows equivalents.
_CJK = frozenset(("Hani", "Hira", "Kana", "Hang", "Bopo"))
#: The symbols' blocks, Miscellaneous Technical to Miscellaneous Symbols and Arrows and Mahjong Tiles to Symbols
#: for Legacy Computing, where every emoji is but a few that Noto has (© ‼ ↔ ™, the keycaps' mark). Debian has
#: them in outline in fonts-unifont (every one up to Unicode 15.0); fonts-symbola stops at Unicode 9.0, and
#: fonts-noto-color-emoji is in colour.
_SYMBOLS = ((0x2300, 0x2BFF), (0x1F000, 0x1FBFF))
CORE_PACKAGE, CJK_PACKAGE, SYMBOLS_PACKAGE = "fonts-noto-core", "fonts-noto-cjk", "fonts-unifont"
#: What fontconfig is told before WeasyPrint renders (``prefer_outline``).
_OUTLINE = (b'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd"><fontconfig>'
            b'<match target="pattern"><edit name="color" mode="assign_replace"><bool>false</bool></edit></match>'
            b"</fontconfig>")


@dataclass(frozen=True)
class Coverage:
    """The characters some installed font in outline has: the union of their character sets, as fontconfig
    reports them, in sorted, disjoint, inclusive ranges of code points."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def missing(self, text: str) -> str:
        """The characters of ``text`` that need a glyph and that no font has, each once, in code point order."""
        out = []
        for char in sorted(set(text)):
            at = bisect_right(self.starts, ord(char)) - 1
            if (at < 0 or ord(char) > self.ends[at]) and unicodedata.category(char) not in _NO_GLYPH:
                out.append(char)
        return "".join(out)


def coverage() -> Coverage | str:
    """What the installed fonts in outline cover (not those in colour: fontconfig's ``color``), or why it
    cannot be known. Asked of fontconfig once a process and fontconfig setting (``FONTCONFIG_FILE``,
    ``FONTCONFIG_PATH``), which is what Pango reads too."""
    return _coverage(os.environ.get("FONTCONFIG_FILE"), os.environ.get("FONTCONFIG_PATH"))


def installed() -> str:
    """A digest of the installed fonts, as fontconfig lists them to Pango (each file, face, version and
    size), "" when it cannot list them: a PDF printed on other fonts is printed again, such as one
    made before Noto was installed, on a fallback font."""
    return _installed(os.environ.get("FONTCONFIG_FILE"), os.environ.get("FONTCONFIG_PATH"))


@lru_cache(maxsize=4)
def _coverage(_file: str | None, _path: str | None) -> Coverage | str:
    listed = _fc_list("%{color}\t%{charset}\n")
    if listed is None:
        return "fontconfig's fc-list is not installed, so the fonts cannot be checked; install fontconfig"
    if isinstance(listed, subprocess.CalledProcessError):
        return f"fc-list failed ({listed.stderr.strip() or listed.returncode}), so the fonts cannot be checked"
    ranges = []
    for line in listed.splitlines():
        colour, _, charset = line.partition("\t")
        for token in charset.split() if colour != "True" else ():
            first, _, last = token.partition("-")
            ranges.append((int(first, 16), int(last or first, 16)))
    ranges.sort()
    starts: list[int] = []
    ends: list[int] = []
    for first, last in ranges:
        if ends and first <= ends[-1] + 1:
            ends[-1] = max(ends[-1], last)
        else:
            starts.append(first)
            ends.append(last)
    return Coverage(tuple(starts), tuple(ends))


@lru_cache(maxsize=4)
def _installed(_file: str | None, _path: str | None) -> str:
    listed = _fc_list("%{file}\t%{index}\t%{fontversion}\n")
    if not isinstance(listed, str):
        return ""
    fonts = []
    for line in sorted(set(listed.splitlines())):
        try:
            size = os.stat(line.split("\t", 1)[0]).st_size
        except OSError:
            size = -1
        fonts.append(f"{line}\t{size}\n")
    return hashlib.sha256("".join(fonts).encode()).hexdigest()


def _fc_list(fields: str) -> str | subprocess.CalledProcessError | None:
    """What ``fc-list`` prints of every font, in ``fields``; None when it is not installed."""
    try:
        return subprocess.run(["fc-list", "--format", fields], capture_output=True, text=True, check=True).stdout
    except FileNotFoundError:
        return None
    except subprocess.CalledProcessError as error:
        return error


@cache
def prefer_outline() -> None:
    """Tell fontconfig, once a process, that every font Pango asks it for is to be in outline, so that it gives one
    in colour after every other (``coverage`` saw to it that one in outline has each character). Told its current
    setting, which Pango's FreeType font map makes its requests in, not the one WeasyPrint gives the font map;
    WeasyPrint's bindings do not declare the functions that give and keep it. Kept for the rest of the process:
    fontconfig otherwise reloads its setup, without the rule, when fonts are installed while a PDF is made (it
    looks every 30 seconds)."""
    from weasyprint.text.ffi import ffi, fontconfig

    ffi.cdef("FcConfig * FcConfigGetCurrent (void); FcBool FcConfigSetRescanInterval (FcConfig *config, int "
             "rescanInterval);", override=True)
    current = fontconfig.FcConfigGetCurrent()
    fontconfig.FcConfigParseAndLoadFromMemory(current, _OUTLINE, False)
    fontconfig.FcConfigSetRescanInterval(current, 0)


def stand_ins(stylesheet: str, tag: str) -> tuple[str, ...]:
    """The font families ``stylesheet`` sets an edition in locale ``tag`` in (the first family of its rules without
    ``:lang()``, and of those whose ``:lang()`` the tag matches, as CSS matches it) that fontconfig does not have:
    it matches another in their place ("Noto Sans", "DejaVu Serif" for "Noto Serif"), which the PDF is then set
    in. A family after the first is a fallback for the letters of another script (Naskh for a name in Arabic
    letters in the French edition), not asked: a French letter needs no CJK font installed. A script the
    stylesheet names no family for (Khmer) is fontconfig's to find, as it is where every font is installed."""
    asked: list[str] = []
    for langs, families in _font_rules(stylesheet):
        if families and families[0] not in asked and (
                not langs or any(tag.casefold() == lang or tag.casefold().startswith(f"{lang}-") for lang in langs)):
            asked.append(families[0])
    return tuple(family for family in asked if not _has_family(family))


def _has_family(family: str) -> bool:
    """Whether fontconfig has ``family`` itself, not another in its place."""
    return _matched(family, os.environ.get("FONTCONFIG_FILE"), os.environ.get("FONTCONFIG_PATH")).casefold() \
        == family.casefold()


@cache
def _font_rules(stylesheet: str) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """Each rule of ``stylesheet`` that sets ``font-family``: the languages of its ``:lang()`` selectors,
    casefolded (none: every edition's), and the families it names; parsed once a process."""
    rules = re.sub(r"/\*.*?\*/", "", stylesheet, flags=re.S)
    return tuple((tuple(lang.casefold() for lang in re.findall(r":lang\(([^)]+)\)", selector)),
                  tuple(re.findall(r'"([^"]+)"', declaration)))
                 for selector, declaration in re.findall(r"([^{}]*)\{[^{}]*?font-family:([^;}]*)", rules))


@lru_cache(maxsize=64)
def _matched(family: str, _file: str | None, _path: str | None) -> str:
    """The family fontconfig gives for ``family`` (itself when it has it), once a process and setting; the
    family itself when fontconfig cannot be asked, which the coverage check reports."""
    try:
        return subprocess.run(["fc-match", "--format", "%{family[0]}", family], capture_output=True, text=True,
                              check=True).stdout.strip() or family
    except (FileNotFoundError, subprocess.CalledProcessError):
        return family


def missing_families(families: tuple[str, ...]) -> str:
    """What to say of a PDF made without the font ``families`` its stylesheet asks for, and the packages that
    have them (Debian names Noto's CJK families "Noto … CJK …")."""
    packages = sorted({CJK_PACKAGE if " CJK " in f" {family} " else CORE_PACKAGE for family in families})
    return (f"its PDF is set in another font in place of {' and '.join(families)}, which the PDF's stylesheet asks "
            f"for and fontconfig does not have; install {' and '.join(packages)} (on Debian; the README names the "
            f"fonts for macOS and Windows), then build again")


def missing_fonts(missing: str) -> str:
    """Why an edition gets no PDF when no font has the characters ``missing``: their scripts, a few
    of them, and the packages that have fonts for them."""
    scripts: dict[str, list[str]] = {}
    for char in missing:
        codes = script_extension(char)
        scripts.setdefault(script_name(min(codes)) if len(codes) == 1 else "Common", []).append(char)
    packages = _packages(set(missing))
    absent = [package for package in packages if not _installed_package(package)]
    shown = "; ".join(f"{name}: {' '.join(chars[:8])}{' …' if len(chars) > 8 else ''}"
                      for name, chars in sorted(scripts.items()))
    found = f"no PDF: no installed font has {len(missing):,} of the characters it uses ({shown})"
    if absent:
        return (f"{found}; install {' and '.join(absent)} (on Debian; the README names the fonts for macOS and "
                "Windows), then build again")
    return (f"{found}, though {' and '.join(packages)} {'are' if len(packages) > 1 else 'is'} installed (a character "
            "newer than its fonts, say); write them otherwise in the translation, or install a font that has them, "
            "then build again")


#: A family each package installs, by which fontconfig tells whether it is there.
_FAMILY_OF = {CORE_PACKAGE: "Noto Sans", CJK_PACKAGE: "Noto Sans CJK SC", SYMBOLS_PACKAGE: "Unifont"}


def _installed_package(package: str) -> bool:
    """Whether fontconfig has a font of ``package``: once it has, naming it again for the same characters
    would send the reader round in a circle."""
    return _has_family(_FAMILY_OF[package])


def _packages(chars: set[str]) -> list[str]:
    """The Debian packages of fonts in outline for ``chars``, in name order: Noto's, Unifont's for symbols."""
    return sorted({CJK_PACKAGE if script_extension(char) & _CJK
                   else SYMBOLS_PACKAGE if any(first <= ord(char) <= last for first, last in _SYMBOLS)
                   else CJK_PACKAGE if unicodedata.east_asian_width(char) in ("W", "F")
                   else CORE_PACKAGE for char in chars})
