"""A site's name and an article's section as a researcher groups by them: a name, not a URL,
a sentence, stray separators or quotation marks."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from crawler.extract.textnorm import decoded_text, unquoted

__all__ = ["clean_section", "clean_site_name"]

_URL = re.compile(r"https?://\S+", re.IGNORECASE)
# A separator left at either end when a CMS builds the name from parts ('Parenting OC |',
# "Every Woman's Marathon -").
_EDGE_SEPARATORS = " |-–—·•:/\\"  # not « », which quote a name
# A section that reads as prose: a description put in the field ('Staying ahead of fitness
# trends keeps personal trainers competitive...'); lists of sections are comma-separated.
MAX_SECTION_WORDS = 12
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


def clean_site_name(raw: str) -> str:
    """The site's name from metadata: a URL given as the name is its host ('http://www.tmz.com'
    is 'tmz.com'); quotation marks and separators around it go; no letter or digit, no name."""
    text = decoded_text(raw)
    if _URL.fullmatch(text):
        host = urlsplit(text).hostname or ""
        return host.removeprefix("www.")
    text = unquoted(text.strip(_EDGE_SEPARATORS)).strip(_EDGE_SEPARATORS)
    return text if any(char.isalnum() for char in text) else ""


def clean_section(raw: str) -> str:
    """The section from metadata; none for a URL or a sentence put in the field."""
    text = decoded_text(raw)
    if _URL.match(text):
        return ""
    if len(text.split()) > MAX_SECTION_WORDS and _SENTENCE_END.search(text):
        return ""
    return text
