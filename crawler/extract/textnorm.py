"""Text and URL normalization: Unicode, whitespace, paragraphs, canonical URLs, hashes, words."""

from __future__ import annotations

import functools
import hashlib
import html
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

from crawler.hosts import host_within, is_public_suffix

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


def joined_text(element: Any, spaced: Callable[[str, str], bool]) -> str:
    """An element's text pieces joined, with a space between two pieces where
    `spaced(last character before, first character after)` says their markup parts words."""
    text = ""
    for piece in element.itertext():
        if text and piece and spaced(text[-1], piece[0]):
            text += " "
        text += piece
    return text


def clean_body(text: str) -> str:
    """Body text with paragraphs kept: each line cleaned, paragraphs split by a blank line."""
    paragraphs = [clean_text(line) for line in re.split(r"\n+", text)]
    return "\n\n".join(p for p in paragraphs if p)


def unescaped(text: str) -> str:
    """Text with its HTML entities decoded, twice where a page escaped them twice
    ('&amp;rsquo;'): what JSON-LD and meta tags hold is HTML-escaped on many sites."""
    for _ in range(2):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return text


# Markup a description carried escaped ('&lt;a href=&quot;...&quot;&gt;Herb&lt;/a&gt;'):
# block tags part paragraphs, inline ones go.
_BLOCK_TAG = re.compile(r"</?(?:p|br|div|li|ul|ol|h[1-6]|blockquote)\b[^<>]*>", re.IGNORECASE)
_INLINE_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")


_QUOTE_PAIRS = {'"': '"', "“": "”", "„": "“", "‘": "’", "'": "'", "「": "」"}


def unquoted(text: str) -> str:
    """The text without the quotation marks around it ('"David Kim"', '“Terabyte Systems”')."""
    text = text.strip()
    if len(text) > 2 and _QUOTE_PAIRS.get(text[0]) == text[-1]:
        return text[1:-1].strip()
    return text


def decoded_text(raw: str) -> str:
    """`clean_text` of a metadata value: entities decoded, escaped markup dropped."""
    return clean_text(_without_markup(unescaped(raw), " "))


def decoded_body(raw: str) -> str:
    """`clean_body` of a structured-data body: entities decoded, escaped markup dropped."""
    return clean_body(_without_markup(unescaped(raw), "\n"))


def _without_markup(text: str, block: str) -> str:
    if "<" not in text:
        return text
    return _INLINE_TAG.sub("", _BLOCK_TAG.sub(block, text))


@functools.lru_cache(maxsize=4)
def word_count(text: str) -> int:
    """Words in the text, counting each Chinese, Japanese or Korean character as a word.

    Remembers its last few texts: extracting one page counts the same body up to four times
    (the fast pass, the fallbacks, the JSON-LD comparison, the article), 0.1-0.2 ms each.
    """
    return len(_WORDS.findall(text))


def content_hash(body: str) -> str:
    """SHA-256 of the body with case, spacing and punctuation folded (exact-duplicate key)."""
    folded = " ".join(_WORDS.findall(body.casefold()))
    return hashlib.sha256(folded.encode("utf-8")).hexdigest() if folded else ""


def strip_tracking(url: str) -> str:
    """The URL to request: the page's URL byte for byte, minus tracking parameters and fragment,
    with the path's dot segments resolved.

    Only whole ``&``-separated parameters named like utm_*, fbclid, gclid... are removed; every
    other byte of the query (``;`` inside a value, percent-encoding, parameter order, case) is
    kept, since a server may read its query string in ways a rebuilt one would break. A path's
    "." and ".." segments are resolved as every browser does before it sends a request (the
    URL standard), so the server sees the path it expects, whichever w3lib Scrapy runs (2.6
    resolves them, earlier versions sent them as written).
    """
    url = _resolved_path(url)
    query = url.partition("#")[0].partition("?")[2]
    tracking = {
        pair.partition("=")[0]
        for pair in query.split("&")
        if TRACKING_PARAMS.match(pair.partition("=")[0])
    }
    if not tracking:
        return url.partition("#")[0]
    return url_query_cleaner(url, sorted(tracking), remove=True, unique=False)


# A dot segment as the URL standard reads it, written with "%2e" for a dot or not.
_DOT_SEGMENT = re.compile(r"(?<=/)(?:\.|%2e){1,2}(?=/|$)", re.IGNORECASE)


def _resolved_path(url: str) -> str:
    """The URL with its path's dot segments resolved, every other byte as written."""
    parts = urlsplit(url)
    if not _DOT_SEGMENT.search(parts.path):
        return url
    path = _DOT_SEGMENT.sub(lambda dots: "." * (len(dots[0]) - 2 * dots[0].count("%")), parts.path)
    head = f"{parts.scheme}:" if parts.scheme else ""
    if parts.netloc or url[len(head) :].startswith("//"):
        head += f"//{parts.netloc}"
    start = len(head)  # where the path starts in the URL as written
    return url[:start] + _remove_dot_segments(path) + url[start + len(parts.path) :]


_DEFAULT_PORTS = {"http": "80", "https": "443"}


def url_key(url: str) -> str:
    """The key an article is stored and looked up under (never sent to a server).

    Tracking parameters and the fragment removed, scheme and host lowercased, the default port
    dropped, dot segments resolved, query parameters sorted and percent-encoding normalised
    (``w3lib.url.canonicalize_url``): ``HTTP://Host:80/a/../b?b=2&a=1`` -> ``http://host/b?a=1&b=2``.
    Rows keyed by earlier versions (host lowercased, query re-encoded) map to the same key.
    """
    try:
        parts = urlsplit(strip_tracking(url.strip()))
        scheme = parts.scheme.lower()
        userinfo, at, host = parts.netloc.rpartition("@")
        host = host.lower()
        port = _DEFAULT_PORTS.get(scheme)
        if port and host.endswith(":" + port):
            host = host[: -len(port) - 1]
        path = _remove_dot_segments(parts.path)
        return canonicalize_url(urlunsplit((scheme, userinfo + at + host, path, parts.query, "")))
    except ValueError:  # an unparsable URL (bad IPv6 host, bad port) is its own key
        return url.strip()


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 5.2.4 for an absolute path: '/a/./b/../c' -> '/a/c'."""
    segments = path.split("/")
    if "." not in segments and ".." not in segments:
        return path or "/"
    kept: list[str] = []
    for segment in segments:
        if segment == "..":
            if len(kept) > 1:
                kept.pop()
        elif segment != ".":
            kept.append(segment)
    if segments[-1] in (".", ".."):
        kept.append("")
    return "/".join(kept) or "/"


def canonical_url(page_url: str, declared: str | None, domains: Sequence[str] = ()) -> str:
    """The article's key: its rel=canonical when that is on the site, else the fetched URL.

    With ``domains`` (the site's configured domains) the canonical's host must be one of them
    or a subdomain of one; without, it must be the page's own host (``www.`` aside).  Another
    outlet, a parent domain or public suffix (``co.uk``), or a non-HTTP scheme is ignored.
    """
    if declared:
        try:
            candidate = urljoin(page_url, declared.strip())
            if _on_site(candidate, page_url, domains):
                return url_key(candidate)
        except ValueError:
            pass
    return url_key(page_url)


def _on_site(candidate: str, page_url: str, domains: Sequence[str]) -> bool:
    parts = urlsplit(candidate)
    if parts.scheme.lower() not in ("http", "https"):
        return False
    host = (parts.hostname or "").rstrip(".")
    if domains:
        return host_within(host.lower(), domains)
    page_host = (urlsplit(page_url).hostname or "").rstrip(".")
    return bool(host) and host.removeprefix("www.") == page_host.removeprefix("www.")


BINARY_SHARE = 0.1  # share of control or undecodable characters that marks a page as binary
# Control characters other than tab, line feed, form feed and carriage return; U+FFFD.
_ODD_CHARACTER = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def looks_binary(text: str) -> bool:
    """True when a decoded page is mostly control or undecodable characters (binary as HTML)."""
    sample = text[:8192]
    if not sample:
        return False
    return len(_ODD_CHARACTER.findall(sample)) / len(sample) > BINARY_SHARE


MIN_DOMAIN_KEY = 2


def letters_key(text: str) -> str:
    """The letters and digits of a text, case folded: 'Terminal Trove' -> 'terminaltrove'."""
    return "".join(c for c in text.casefold() if c.isalnum())


def domain_key(host: str) -> str:
    """The name a host registers ('terminaltrove.com' -> 'terminaltrove', 'bbc.co.uk' ->
    'bbc'; the public suffix as crawler.hosts knows it), or '' for a site name that is no
    host name."""
    if " " in host or "." not in host:
        return ""
    labels = host.lower().split(".")
    suffix = 2 if len(labels) > 2 and is_public_suffix(".".join(labels[-2:])) else 1
    key = letters_key(labels[-suffix - 1])
    return key if len(key) >= MIN_DOMAIN_KEY else ""
