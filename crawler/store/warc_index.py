"""Where the original responses of stored articles lie in WARC files (table warc_records)."""

from __future__ import annotations

from datetime import datetime

from crawler.model import WarcRef, format_when
from crawler.store.articles import ArticleStore


def record_capture(store: ArticleStore, article_id: int, ref: WarcRef) -> None:
    """Remember that this WARC record holds a response of the article (in the caller's
    transaction, with the article it belongs to)."""
    store.connection.execute(
        "INSERT OR REPLACE INTO warc_records (record_id, article_id, path, offset, length, "
        "captured) VALUES (?, ?, ?, ?, ?, ?)",
        (ref.record_id, article_id, ref.path, ref.offset, ref.length, format_when(ref.captured)),
    )


def latest_capture(store: ArticleStore, article_id: int) -> WarcRef | None:
    """The newest WARC record kept for an article, or None."""
    row = store.connection.execute(
        "SELECT * FROM warc_records WHERE article_id = ? ORDER BY captured DESC LIMIT 1",
        (article_id,),
    ).fetchone()
    if row is None:
        return None
    return WarcRef(
        path=row["path"],
        offset=row["offset"],
        length=row["length"],
        record_id=row["record_id"],
        captured=datetime.fromisoformat(row["captured"]),
    )


def known_record(store: ArticleStore, record_id: str) -> bool:
    """True when this WARC record already gave a stored article (an earlier import)."""
    row = store.connection.execute(
        "SELECT 1 FROM warc_records WHERE record_id = ?", (record_id,)
    ).fetchone()
    return row is not None


def newer_capture_stored(store: ArticleStore, article_id: int, captured: datetime) -> bool:
    """True when the article was stored from a capture later than `captured`."""
    latest = latest_capture(store, article_id)
    return latest is not None and latest.captured > captured
