"""The charsets a catalog may declare, as GNU gettext names them, and the Python codec of each.

GNU's "portable" encoding names (po-charset.c) are the only ones ``msgcat`` accepts
(``msgfmt`` only warns about others); a catalog the GNU tools cannot convert is of
no use, so the reader refuses any other name too.
"""
from __future__ import annotations

import re

#: Each portable name and alias (upper case) → (GNU's canonical name, Python codec or None where
#: Python has none: such a file can only be read if it is pure ASCII).
_CHARSETS: dict[str, tuple[str, str | None]] = {}
for _names, _codec in [
    (("ASCII", "ANSI_X3.4-1968", "US-ASCII"), "ascii"),
    *[((f"ISO-8859-{_n}", f"ISO_8859-{_n}"), f"iso8859_{_n}")
      for _n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 15)],
    (("KOI8-R",), "koi8_r"), (("KOI8-U",), "koi8_u"), (("KOI8-T",), "koi8_t"),
    *[((f"CP{_n}",), f"cp{_n}")
      for _n in (850, 866, 874, 932, 949, 950, 1250, 1251, 1252, 1253,
                 1254, 1255, 1256, 1257)],
    (("GB2312",), "gb2312"), (("EUC-JP",), "euc_jp"), (("EUC-KR",), "euc_kr"),
    (("EUC-TW",), None), (("BIG5",), "big5"), (("BIG5-HKSCS",), "big5hkscs"),
    (("GBK",), "gbk"), (("GB18030",), "gb18030"),
    (("SHIFT_JIS",), "shift_jis"), (("JOHAB",), "johab"),
    (("TIS-620",), "tis_620"), (("VISCII",), None), (("GEORGIAN-PS",), None),
    (("UTF-8",), "utf-8"),
]:
    for _name in _names:
        _CHARSETS[_name.upper()] = (_names[0], _codec)


def canonical(name: str) -> str | None:
    """GNU's canonical spelling of a portable charset name, else None."""
    hit = _CHARSETS.get(name.upper())
    return hit[0] if hit else None


def codec(canonical_name: str) -> str | None:
    """The Python codec of a charset :func:`canonical` named, None where Python has none."""
    return _CHARSETS[canonical_name.upper()][1]


_TOKEN = re.compile(r"[^ \t\n]*")


def declared(header_msgstr: str) -> str | None:
    """The charset token exactly as GNU extracts it from a header.

    GNU looks for the *first* ``charset=`` anywhere in the header and takes
    everything up to the next space, tab or newline.
    """
    i = header_msgstr.find("charset=")
    if i < 0:
        return None
    return _TOKEN.match(header_msgstr, i + 8).group()
