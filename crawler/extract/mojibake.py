"""Pages that encoded their text twice (UTF-8 bytes read as Latin-1 or cp1252, then written
as UTF-8: 'Investorâ\x80\x99s', 'EspaÃ±ol'), repaired with ftfy before they are parsed."""

from __future__ import annotations

import itertools
import re

import ftfy

__all__ = ["repaired"]

# A lead byte of a two- or three-byte UTF-8 sequence ('Â', 'Ã', 'â') read as a character,
# then a continuation byte read as one: a C1 control, a cp1252 symbol or Latin-1's upper half.
_LEADS = ("Â", "Ã", "â")
_MOJIBAKE = re.compile(
    "[ÂÃâ][\x80-\xbf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039"
    "\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153"
    "\u017e\u0178]"
)
MIN_MARKS = 3
"""Fewer marks are a page that quotes mojibake ('I saw "Ã¤" instead of "ä"'), or a link
with a broken title: left as they are."""


def repaired(html: str) -> str:
    """The page with its double-encoded text decoded once more (``ftfy.fix_encoding``),
    when it shows at least MIN_MARKS marks of it; else the page as it was. A substring test
    keeps the cost off pages without the lead characters (most of them)."""
    if not any(lead in html for lead in _LEADS):
        return html
    marks = itertools.islice(_MOJIBAKE.finditer(html), MIN_MARKS)
    return ftfy.fix_encoding(html) if len(list(marks)) == MIN_MARKS else html
