"""Facts about a locale, all taken from maintained data: Babel (CLDR) and Weblate's language data.

Nothing here is hand-written locale data but one rule CLDR lacks: French writes the first
day of a month as an ordinal ("1er juin", ``ORDINAL_FIRST``). Plural forms come from Weblate's
``weblate-language-data``, which follows GNU gettext's conventions (two forms for
French and Spanish), because Babel's table follows newer CLDR rules (three) that
gettext tools and translators' editors do not expect.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import cache, cached_property

from babel import Locale, UnknownLocaleError
from babel.core import LOCALE_ALIASES, get_global
from babel.core import parse_locale as parse_identifier
from babel.dates import format_date
from babel.messages.plurals import get_plural
from weblate_language_data.languages import LANGUAGES
from weblate_language_data.plurals import EXTRAPLURALS

from pipeline.errors import InputError

# A language subtag then script, region or variant subtags, separated by - or _.
# This refuses paths ("../x"), encodings ("en_US.UTF-8") and modifiers before Babel sees them.
LOCALE_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_](?:[A-Za-z]{4}|[A-Za-z]{2}|[0-9]{3}|[A-Za-z0-9]{5,8}))*")

SOURCE_LOCALE = "en"

#: The languages that write the first day of a month as an ordinal, and its suffix: CLDR's long date
#: patterns ("d MMMM y") give "1 juin 2026", where French typography writes "1er juin 2026".
ORDINAL_FIRST = {"fr": "er"}

#: The scripts (ISO 15924) written without spaces between words or sentences (Chinese, Japanese), which
#: text engines break between any two characters.
UNSPACED = frozenset(("Hans", "Hant", "Hani", "Jpan"))
#: The scripts written with spaces between words and broken only there, which UAX #14 breaks between any two
#: letters, as it does Chinese: Korean (CSS's ``word-break: keep-all``), in Hangul alone or with hanja.
KEPT_WHOLE = frozenset(("Kore", "Hang"))


@dataclass(frozen=True)
class LocaleInfo:
    """What the pipeline needs to know about one locale.

    The names and the direction come from the locale's own CLDR data, which Babel
    loads and merges on first use: they are read when first asked for, so that a
    command that does not show them (``check``) never loads it.
    """

    tag: str          # BCP 47, for lang attributes and output folders: "zh-Hans", "pt-BR"
    posix: str        # gettext's spelling, for catalog folders and headers: "zh_Hans", "pt_BR"
    nplurals: int
    plural: str       # the C expression of the Plural-Forms header

    @cached_property
    def native_name(self) -> str:
        """The language named in itself: "Français", "简体中文", "Português (Portugal)".

        CLDR names a language and its script together where it has a name for both ("简体中文", as
        every Chinese language menu writes it); Babel's ``get_display_name`` only ever puts the
        script in ASCII brackets after the language ("中文 (简体)"), which Chinese typography does
        not use. That name is taken first, then Babel's for the rest (a territory)."""
        cldr = self._cldr
        both = cldr.languages.get(f"{cldr.language}_{cldr.script}") if cldr.script else None
        if both and not cldr.territory and not cldr.variant:
            name = both
        else:
            name = cldr.get_display_name(cldr) or self.posix
        return name[:1].upper() + name[1:]

    @cached_property
    def english_name(self) -> str:
        return self._cldr.english_name or self.posix

    @cached_property
    def script(self) -> str:
        """The script the locale is written in, as ISO 15924 ("Latn", "Cyrl", "Hans"): its own, or
        the one CLDR's likely subtags give its language."""
        if self._cldr.script:
            return self._cldr.script
        likely = get_global("likely_subtags").get(self._cldr.language)
        return parse_identifier(likely)[2] or "Latn" if likely else "Latn"

    @property
    def sentence_space(self) -> str:
        """What the locale writes between two sentences of a paragraph: a space, or nothing in a script
        written without spaces (``UNSPACED``): "。" ends a Chinese sentence and the next follows it."""
        return "" if self.script in UNSPACED else " "

    @cached_property
    def likely(self) -> tuple[str, str, str | None]:
        """The language, script and territory CLDR's likely subtags take the locale to be: fr and fr-FR are
        both ("fr", "Latn", "FR"), zh and zh-Hans ("zh", "Hans", "CN"), where pt is Brazil's, not pt-PT."""
        territory = self.territory
        if territory is None:
            likely = get_global("likely_subtags")
            found = likely.get(f"{self.language}_{self.script}") or likely.get(self.language)
            territory = parse_identifier(found)[1] if found else None
        return (self.language, self.script, territory)

    @cached_property
    def kin(self) -> tuple[str, str]:
        """The language and script a catalog of the locale shares with its kin (pt-PT and pt-BR, de and de-CH): those
        of ``likely``, but for a language Babel's locale aliases take to another one, which is taken as that one:
        Norwegian (no) as Bokmål (nb), which is what its catalogs hold, and which CLDR's likely subtags keep apart."""
        language, script, _territory = self.likely
        alias = LOCALE_ALIASES.get(language)
        return (parse_identifier(alias)[0] if alias else language, script)

    @cached_property
    def direction(self) -> str:
        """"ltr" or "rtl"."""
        return self._cldr.text_direction

    @property
    def language(self) -> str:
        """The language subtag alone: "zh" of zh-Hans-CN."""
        return self._cldr.language

    @property
    def territory(self) -> str | None:
        """The territory subtag, when the locale has one: "CN" of zh-Hans-CN."""
        return self._cldr.territory

    @property
    def _cldr(self) -> Locale:
        return Locale.parse(self.posix)

    @property
    def plural_forms(self) -> str:
        return f"nplurals={self.nplurals}; plural={self.plural};"

    @property
    def plural_rules(self) -> tuple[str, ...]:
        """Every Plural-Forms value a catalog of the locale may have: its own, and the variants that tools in
        use write (GNU msginit's Latvian and Hebrew, Weblate's alternative Slovenian), which
        weblate-language-data lists."""
        codes = {self.posix, self._cldr.language}
        return (self.plural_forms, *(f"nplurals={count}; plural=({formula});" for code, _name, count, formula
                                     in EXTRAPLURALS if code in codes))

    def format_date(self, date: datetime.date) -> str:
        """The date in the locale's long format ("26 mai 2020", "1er juin 2026", "2020年5月26日")."""
        cldr = self._cldr
        suffix = ORDINAL_FIRST.get(cldr.language) if date.day == 1 else None
        if suffix is None:
            return format_date(date, format="long", locale=cldr)
        # The pattern's day field, and only it, takes the suffix, quoted as a literal of the pattern.
        pattern = re.sub(r"(?<![d'])d(?![d'])", f"d'{suffix}'", cldr.date_formats["long"].pattern, count=1)
        return format_date(date, pattern, locale=cldr)


@cache
def _gettext_plurals() -> dict[str, tuple[int, str]]:
    return {code: (count, formula) for code, _name, count, formula in LANGUAGES}


def parse_locale(code: str, *, origin: str | None = None) -> LocaleInfo:
    """Accept BCP 47 and POSIX spellings of a locale known to CLDR; refuse anything else.

    ``origin`` names where the code was written, for the error message.
    """
    if not isinstance(code, str) or not LOCALE_CODE.fullmatch(code) or code[:4].lower() in ("und", "und-", "und_"):
        # "und" is BCP 47's undetermined language, which CLDR takes for English (en_US).
        raise InputError(origin, None, f"{code!r} is not a locale code; write a language code such as "
                                       "'fr', 'pt-BR' or 'zh-Hans'")
    try:
        locale = Locale.parse(code.replace("-", "_"))
        if locale.territory and not parse_identifier(code.replace("-", "_"))[1]:
            # An old or three-letter code (iw, ita) reaches CLDR through its likely subtags, which add
            # a territory ("he_IL", "it_IT") where none was written: the language alone was meant.
            locale = Locale(locale.language, script=locale.script, variant=locale.variant)
    except (UnknownLocaleError, ValueError):
        raise InputError(origin, None, f"unknown locale {code!r}: CLDR has no data for it; "
                                       f"{_country_hint(code)}check the language code (ISO 639) and region") from None
    return describe(locale)


def tag_of(code: str) -> str | None:
    """The BCP 47 tag of the locale ``code`` names (in either spelling), or None when it names none: for
    names that may or may not be locale codes (a folder's, a file's, a header's)."""
    try:
        return parse_locale(code).tag
    except InputError:
        return None


def _country_hint(code: str) -> str:
    """What to say of a code that is a country's (jp, gr, ua): the language CLDR takes as likely there."""
    likely = get_global("likely_subtags").get(f"und_{code.upper()}") if len(code) == 2 else None
    if likely is None:
        return ""
    country = Locale("en").territories.get(code.upper(), code.upper())
    return f"{code!r} is the code of a country ({country}), whose language is most likely {likely.split('_')[0]!r}; "


@cache
def describe(locale: Locale) -> LocaleInfo:
    subtags = [locale.language, locale.script, locale.territory, locale.variant]
    present = [tag for tag in subtags if tag]
    posix = "_".join(present)
    nplurals, formula = _plural_forms(locale, posix)
    return LocaleInfo(
        tag="-".join(present),
        posix=posix,
        nplurals=nplurals,
        # gettext writes "plural=0;" bare and any other expression in parentheses.
        plural=formula if formula.isdigit() else f"({formula})",
    )


#: Where Weblate's table gives a locale another variant's rule: it lists Brazil's ``n > 1`` for
#: European Portuguese, whose singular is for one alone (GNU gettext's table and CLDR agree).
_PLURAL_CORRECTIONS = {"pt_PT": (2, "n != 1")}


def _plural_forms(locale: Locale, posix: str) -> tuple[int, str]:
    table = _gettext_plurals()
    for candidate in (posix, f"{locale.language}_{locale.script}" if locale.script else None,
                      f"{locale.language}_{locale.territory}" if locale.territory else None,
                      locale.language):
        if candidate in _PLURAL_CORRECTIONS:
            return _PLURAL_CORRECTIONS[candidate]
        if candidate and candidate in table:
            return table[candidate]
    # A language Weblate does not know: fall back to CLDR through Babel.
    rule = get_plural(locale)
    return rule.num_plurals, rule.plural_expr


@cache
def english_territories() -> dict[str, str]:
    """CLDR's English country names to their codes ("Brazil" → "BR")."""
    return {name: code for code, name in Locale.parse(SOURCE_LOCALE).territories.items() if code.isalpha()}


def territory_name(code: str, locale: LocaleInfo) -> str | None:
    """A country's name in a locale, from CLDR ("BR" in French → "Brésil")."""
    return Locale.parse(locale.posix).territories.get(code)


def source_locale() -> LocaleInfo:
    return parse_locale(SOURCE_LOCALE)


def script_of(text: str) -> str | None:
    """The script (ISO 15924) ``text`` is written in, as a name is: that of its first letter of a script of
    its own (Unicode's Script property: the ʻokina of ʻIolani is a letter common to every script); None for
    a text without one."""
    from fontTools import unicodedata  # a dependency of the PDFs, whose Unicode data has the scripts

    return next((found for char in text if char.isalpha() and (found := unicodedata.script(char)) not in
                 ("Zyyy", "Zinh")), None)  # Common, Inherited
