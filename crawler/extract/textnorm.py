"""Text and URL normalization: Unicode, whitespace, paragraphs, canonical URLs, hashes, words."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|"
    r"_ga|_gl|ref|ref_src|cmp|cmpid|ocid|smid|share|at_medium|at_campaign|at_custom\d*)$",
    re.IGNORECASE,
)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000\u202f\u205f]+")
# Control and format characters (Unicode category C) except tab and newline.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200c-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff0-\uffff]"
)
_WORDS = re.compile(r"[\u3400-\u9fff\u3040-\u30ff\uac00-\ud7af]|[^\W_]+(?:['’][^\W_]+)*")


def clean_text(text: str) -> str:
    """NFC, one space between words, no control characters, trimmed (one line)."""
    text = _CONTROL.sub("", unicodedata.normalize("NFC", text))
    return _SPACES.sub(" ", text.replace("\n", " ")).strip()


def clean_body(text: str) -> str:
    """Body text with paragraphs kept: each line cleaned, paragraphs split by a blank line."""
    paragraphs = [clean_text(line) for line in re.split(r"\n+", text)]
    return "\n\n".join(p for p in paragraphs if p)


def word_count(text: str) -> int:
    """Words in the text, counting each Chinese, Japanese or Korean character as a word."""
    return len(_WORDS.findall(text))


def content_hash(body: str) -> str:
    """SHA-256 of the body with case, spacing and punctuation folded (exact-duplicate key)."""
    folded = " ".join(_WORDS.findall(body.casefold()))
    return hashlib.sha256(folded.encode("utf-8")).hexdigest() if folded else ""


def strip_tracking(url: str) -> str:
    """The URL without tracking parameters (utm_*, fbclid, ...) and without a fragment."""
    parts = urlsplit(url)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not TRACKING_PARAMS.match(k)
    ]
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", urlencode(query), ""))


def canonical_url(page_url: str, declared: str | None) -> str:
    """The page's canonical URL: rel=canonical on the same site when given, tracking stripped."""
    if declared:
        candidate = urljoin(page_url, declared.strip())
        page_host = (urlsplit(page_url).hostname or "").removeprefix("www.")
        host = (urlsplit(candidate).hostname or "").removeprefix("www.")
        same_site = (
            host == page_host or host.endswith("." + page_host) or page_host.endswith("." + host)
        )
        if urlsplit(candidate).scheme in ("http", "https") and same_site:
            return strip_tracking(candidate)
    return strip_tracking(page_url)
