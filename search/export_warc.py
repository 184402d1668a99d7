"""Export matched articles as WARC: each one's original response record, else one rebuilt."""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from warcio.warcwriter import WARCWriter

from crawler.model import Article, RawExchange
from crawler.store import ArticleStore
from crawler.store.warc_index import latest_capture
from crawler.warc.originals import warc_path
from crawler.warc.write import response_record

RECONSTRUCTED_HEADER = "WARC-Presswatch-Reconstructed"


@dataclass
class WarcExportCounts:
    """How each exported article was written: its original record copied byte for byte,
    a record rebuilt from the stored HTML, or nothing (no page kept)."""

    original: int = 0
    reconstructed: int = 0
    without_page: int = 0


def write_warc(
    store: ArticleStore,
    articles: Iterable[Article],
    stream: IO[bytes],
    compress: bool,
    on_article: Callable[[], object] | None = None,
) -> WarcExportCounts:
    """Write one response record per article to `stream` (a gzip member each when
    `compress`), preferring the original record kept in a WARC file."""
    counts = WarcExportCounts()
    writer = WARCWriter(stream, gzip=compress)
    for article in articles:
        if on_article is not None:
            on_article()
        if article.id is None:
            continue
        original = _original_bytes(store, article.id, compress)
        if original is not None:
            stream.write(original)
            counts.original += 1
            continue
        html = store.raw_html(article.id)
        if not html:
            counts.without_page += 1
            continue
        writer.write_record(_rebuilt(writer, article, html))
        counts.reconstructed += 1
    return counts


def _original_bytes(store: ArticleStore, article_id: int, compress: bool) -> bytes | None:
    """The record exactly as stored in its WARC file, gzipped or not as the export is."""
    ref = latest_capture(store, article_id)
    if ref is None or not ref.length:
        return None
    path = warc_path(store, ref)
    try:
        with path.open("rb") as source:
            source.seek(ref.offset)
            data = source.read(ref.length)
    except OSError:
        return None
    if len(data) != ref.length:
        return None
    gzipped = data[:2] == b"\x1f\x8b"
    if not gzipped:  # warcio's length of a record in a plain file leaves out its end mark
        data += b"\r\n\r\n"
    if gzipped and not compress:
        return gzip.decompress(data)
    if compress and not gzipped:
        return gzip.compress(data)
    return data


def _rebuilt(writer: WARCWriter, article: Article, html: str) -> object:
    body = html.encode("utf-8")
    exchange = RawExchange(
        url=article.url_original or article.url,
        method="GET",
        request_headers=(),
        status=200,
        reason="OK",
        headers=(("Content-Type", "text/html; charset=utf-8"),),
        body=body,
        fetched_at=article.first_seen or datetime.now(UTC),
    )
    note = "stored HTML re-encoded as UTF-8; the original bytes and headers were not kept"
    return response_record(writer, exchange, **{RECONSTRUCTED_HEADER: note})


def is_warc_name(path: Path) -> bool:
    """True for FILE.warc and FILE.warc.gz."""
    return path.name.lower().endswith((".warc", ".warc.gz"))
