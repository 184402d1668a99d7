"""Fetch one page outside a crawl (for `presswatch try`): size- and time-limited, decoded."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

from w3lib.encoding import html_body_declared_encoding, html_to_unicode

from crawler.config import DEFAULT_USER_AGENT


class FetchError(RuntimeError):
    """The page could not be fetched; the message says why."""


@dataclass(frozen=True)
class FetchedPage:
    """A fetched page: final URL after redirects, HTTP status and decoded HTML."""

    url: str
    status: int
    html: str


def fetch_page(
    url: str,
    user_agent: str = DEFAULT_USER_AGENT,
    timeout: float = 30.0,
    max_bytes: int = 10_000_000,
) -> FetchedPage:
    """GET a page and decode it the way a browser would (header, meta charset, BOM)."""
    request = urllib.request.Request(url, headers={"User-Agent": user_agent})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(max_bytes + 1)
            content_type = response.headers.get("Content-Type", "")
            final_url, status = response.geturl(), response.status
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, TimeoutError, ValueError) as exc:
        raise FetchError(f"{url}: {getattr(exc, 'reason', exc)}") from exc
    if len(body) > max_bytes:
        raise FetchError(f"{url}: page larger than {max_bytes} bytes")
    return FetchedPage(url=final_url, status=status, html=decode_page(content_type, body))


def decode_page(content_type: str, body: bytes) -> str:
    """The page as text, decoded as a browser does (BOM, the Content-Type charset, the page's
    meta charset), except when the header's charset cannot read the bytes and the page's
    own declared charset can: then the page's (a server calling a latin-1 page utf-8 would
    otherwise turn every accented letter into U+FFFD, and 'Café' into 'Caf')."""
    encoding, html = html_to_unicode(content_type, body)
    if "\ufffd" not in html:
        return html
    try:
        body.decode(encoding)
        return html  # every byte read: the U+FFFD are the page's own
    except (UnicodeDecodeError, LookupError):
        pass
    declared = html_body_declared_encoding(body)
    if not declared:
        return html
    try:
        return body.decode(declared)
    except (UnicodeDecodeError, LookupError):
        return html
