"""Read WARC / WARC.gz files into captures of HTML pages, or skips with their reason."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from crawler.crawl.fetch import decode_page
from crawler.extract.textnorm import looks_binary
from crawler.model import WarcRef

logger = logging.getLogger(__name__)

WARC_SUFFIXES = (".warc", ".warc.gz")

# Why a record gives no page to extract (the keys of an import's `skipped` counts).
SKIP_REASONS = (
    "revisit",  # a revisit record: the payload is elsewhere (identical to an earlier capture)
    "not_html",  # a response whose Content-Type is not HTML (images, PDF, JSON, ...)
    "http_status",  # a response other than 2xx (redirects, 404s)
    "truncated",  # WARC-Truncated set, or the record ends before its Content-Length
    "malformed",  # unreadable: bad WARC or HTTP headers, a broken gzip member
    "binary",  # undecodable bytes served as HTML
)
OUTSIDE = "outside"  # not a configured site's article URL: counted apart from the skips


class NotAWarcFile(ValueError):
    """The file does not start with a WARC record (an ARC file, HTML, anything else)."""


@dataclass(frozen=True)
class Capture:
    """A 2xx HTML response record: its URL, the decoded page, the bytes and where it lies."""

    url: str
    html: str
    body: bytes
    status: int
    content_type: str
    ref: WarcRef


@dataclass(frozen=True)
class Skip:
    """A record that gives no page, and why (one of SKIP_REASONS); `url` may be ''."""

    reason: str
    url: str = ""
    detail: str = ""


def warc_files(paths: list[Path]) -> list[Path]:
    """The WARC files named, and those found (recursively, sorted) in the folders named."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*")) if p.name.endswith(WARC_SUFFIXES))
        else:
            found.append(path)
    return found


def read_captures(
    path: Path, wanted: Callable[[str], bool] | None = None, stored_as: str | None = None
) -> Iterator[Capture | Skip]:
    """Every response and revisit record of a WARC file, as a Capture or a Skip.

    Other record types (warcinfo, request, metadata) are passed over silently. A file that
    cannot be read past some point ends with one 'malformed' Skip: records after a broken
    gzip member or a garbled header cannot be found again reliably. NotAWarcFile when its
    first record is not a WARC record. A record whose URL `wanted` refuses is a Skip
    'outside' at once, its payload never decoded. `stored_as` is the path written into each
    capture's WarcRef (default: the file's absolute path).
    """
    name = stored_as or str(path.resolve())
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        first = True
        try:
            for record in records:
                if record.format != "warc":
                    if first:
                        raise NotAWarcFile(f"{path} is not a WARC file")
                    yield Skip("malformed", "", "not a WARC record")
                    return
                first = False
                if record.rec_type not in ("response", "revisit"):
                    continue
                found = _capture(record, name, wanted)
                records.read_to_end()
                if isinstance(found, Capture):
                    found = _placed(found, records.get_record_offset(), records.get_record_length())
                yield found
        except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
            if isinstance(exc, NotAWarcFile):
                raise
            logger.warning("%s: unreadable from here on: %s", path, exc)
            yield Skip("malformed", "", f"{type(exc).__name__}: {exc}")


def read_capture(path: Path, offset: int) -> Capture | Skip:
    """The one record at `offset` of a WARC file (as kept by WarcRef)."""
    with path.open("rb") as stream:
        stream.seek(offset)
        try:
            record = next(iter(ArchiveIterator(stream)))
        except (StopIteration, ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
            return Skip("malformed", "", f"no record at {path}:{offset} ({exc})")
        found = _capture(record, str(path))
    return _placed(found, offset, 0) if isinstance(found, Capture) else found


def _placed(capture: Capture, offset: int, length: int) -> Capture:
    ref = capture.ref
    return replace(capture, ref=WarcRef(ref.path, offset, length, ref.record_id, ref.captured))


def _capture(record: Any, name: str, wanted: Callable[[str], bool] | None = None) -> Capture | Skip:
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI") or ""
    if url and wanted is not None and not wanted(url):
        return Skip(OUTSIDE, url)
    record_id = headers.get_header("WARC-Record-ID") or ""
    if record.rec_type == "revisit":
        return Skip("revisit", url)
    if not url or not record_id or record.http_headers is None:
        return Skip("malformed", url, "no target URI, record id or HTTP headers")
    if headers.get_header("WARC-Truncated"):
        return Skip("truncated", url, f"WARC-Truncated: {headers.get_header('WARC-Truncated')}")
    status = _status(record.http_headers.get_statuscode())
    if not 200 <= status < 300:
        return Skip("http_status", url, f"HTTP {status}")
    content_type = record.http_headers.get_header("Content-Type") or "text/html"
    if "html" not in content_type.lower():
        return Skip("not_html", url, content_type)
    try:
        body = record.content_stream().read()
    except Exception as exc:  # a broken gzip or chunked payload: the library raises anything
        return Skip("malformed", url, f"payload unreadable: {type(exc).__name__}: {exc}")
    if getattr(record.raw_stream, "limit", 0) > 0:  # fewer bytes than its Content-Length
        return Skip("truncated", url, "the record ends before its Content-Length")
    html = decode_page(content_type, body)
    if looks_binary(html):
        return Skip("binary", url, "undecodable bytes served as HTML")
    captured = _warc_date(headers.get_header("WARC-Date") or "")
    if captured is None:
        return Skip("malformed", url, "no readable WARC-Date")
    ref = WarcRef(name, 0, 0, record_id, captured)
    return Capture(url, html, body, status, content_type, ref)


def _status(code: str | None) -> int:
    try:
        return int(code or 0)
    except ValueError:
        return 0


def _warc_date(text: str) -> datetime | None:
    """The WARC-Date as an aware UTC datetime (it is always UTC: '2025-05-05T08:00:00Z')."""
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)
