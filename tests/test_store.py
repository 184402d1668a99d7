"""The SQLite store: saving outcomes, duplicates, raw HTML, index bookkeeping, schema checks."""

from __future__ import annotations

import sqlite3
import zlib
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from crawler.extract.textnorm import content_hash
from crawler.model import Article
from crawler.store import STORE_FILENAME, ArticleStore, StoreError


def make(url: str, body: str = "Rates rose again on Tuesday.", **fields: object) -> Article:
    article = Article(
        url=url,
        url_original=url,
        site="demo",
        title="A title",
        body=body,
        content_hash=content_hash(body),
        first_seen=datetime(2025, 5, 6, tzinfo=UTC),
        **fields,
    )  # type: ignore[arg-type]
    return article


def test_new_unchanged_updated_and_duplicate(tmp_path: Path) -> None:
    with ArticleStore.open(tmp_path) as store:
        assert store.save(make("https://a.test/1"), "<html>1</html>").outcome == "new"
        assert store.save(make("https://a.test/1")).outcome == "unchanged"
        assert store.save(make("https://a.test/1", body="Rates fell.")).outcome == "updated"
        copy = store.save(make("https://b.test/copy", body="Rates fell."))
        assert copy.outcome == "duplicate"
        stored_copy = store.get(copy.article_id)
        assert stored_copy is not None and stored_copy.duplicate_of == "https://a.test/1"
        assert store.count() == 2
        assert store.raw_html(1) == ""  # the update came without HTML
        assert store.known_urls("demo") == {"https://a.test/1", "https://b.test/copy"}


def test_round_trip_keeps_dates_as_given(tmp_path: Path) -> None:
    shanghai = timezone(timedelta(hours=8))
    published = datetime(2025, 5, 5, 23, 30, tzinfo=shanghai)
    article = make(
        "https://a.test/dated",
        published=published,
        published_utc=published.astimezone(UTC),
        published_day=date(2025, 5, 5),
        authors=["Jane Doe", "Li Wei"],
        tags=["soft power"],
    )
    day_only = make("https://a.test/day", body="Other text entirely.", published=date(2025, 5, 5))
    with ArticleStore.open(tmp_path) as store:
        store.save(article, "<p>页面</p>")
        store.save(day_only)
        loaded = store.get_by_url("https://a.test/dated")
        loaded_day = store.get_by_url("https://a.test/day")
        raw = store.raw_html(1)
    assert loaded is not None and loaded_day is not None
    assert loaded.published == published and loaded.published.utcoffset() == timedelta(hours=8)
    assert loaded.published_day == date(2025, 5, 5)
    assert loaded.authors == ["Jane Doe", "Li Wei"] and loaded.tags == ["soft power"]
    assert loaded_day.published == date(2025, 5, 5) and not isinstance(
        loaded_day.published, datetime
    )
    assert raw == "<p>页面</p>"


def test_stored_pages_are_zlib_streams_both_ways(tmp_path: Path) -> None:
    """Pages are written by ISA-L as zlib streams: any zlib reads them, and the pages of a
    store written with Python's zlib (before ISA-L) still read back."""
    page = "<html><body><p>Le président a dit « oui ».</p>" + "<p>more words</p>" * 500
    with ArticleStore.open(tmp_path) as store:
        store.save(make("https://a.test/new"), page)
    with sqlite3.connect(tmp_path / STORE_FILENAME) as connection:
        (blob,) = connection.execute("SELECT raw_html FROM articles").fetchone()
        assert zlib.decompress(blob).decode("utf-8") == page
        older = zlib.compress((page + "<!-- zlib -->").encode("utf-8"), 6)
        connection.execute("UPDATE articles SET raw_html = ?", (older,))
    with ArticleStore.open(tmp_path) as store:
        assert store.raw_html(1) == page + "<!-- zlib -->"


def test_rows_are_pending_until_marked_with_the_indexed_version(tmp_path: Path) -> None:
    with ArticleStore.open(tmp_path) as store:
        store.save(make("https://a.test/1"))
        store.save(make("https://a.test/2", body="Second story."))
        batches = list(store.pending())
        assert [a.id for a, _ in batches[0]] == [1, 2]
        store.mark_indexed({1: 1})
        assert store.pending_count() == 1
        store.save(make("https://a.test/1", body="Corrected story."))  # version 2
        assert store.pending_count() == 2
        store.mark_indexed({1: 1})  # an old version does not count
        assert store.pending_count() == 2


def test_newer_schema_is_refused_and_garbage_is_reported(tmp_path: Path) -> None:
    ArticleStore.open(tmp_path).close()
    connection = sqlite3.connect(tmp_path / STORE_FILENAME)
    connection.execute("PRAGMA user_version=99")
    connection.close()
    with pytest.raises(StoreError, match="has schema 99, newer than this presswatch"):
        ArticleStore.open(tmp_path)
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / STORE_FILENAME).write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="is unreadable"):
        ArticleStore.open(broken)
    assert (broken / STORE_FILENAME).read_bytes().startswith(b"this is not")


def test_missing_store_is_not_created_when_reading(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"no article store at .*; run `presswatch crawl` first"):
        ArticleStore.open(tmp_path / "empty", create=False)
    assert not (tmp_path / "empty" / STORE_FILENAME).exists()


def test_a_store_without_a_newer_field_is_migrated(tmp_path: Path) -> None:
    with ArticleStore.open(tmp_path) as store:
        store.save(make("https://a.test/old"))
    connection = sqlite3.connect(tmp_path / STORE_FILENAME)
    connection.execute("ALTER TABLE articles DROP COLUMN section_source")
    connection.close()
    with ArticleStore.open(tmp_path) as store:
        article = store.get_by_url("https://a.test/old")
    assert article is not None and article.section_source == "" and article.title == "A title"


def test_articles_are_read_without_their_stored_page(tmp_path: Path) -> None:
    """Indexing, export and show read articles by the thousand: the stored page (35 KB a row)
    is read only by raw_html(), never with the record."""
    store = ArticleStore.open(tmp_path)
    page = "<html><body>" + "word " * 5000 + "</body></html>"
    store.save(make("https://example.org/a", "Body text."), page)
    statements: list[str] = []
    store.connection.set_trace_callback(statements.append)
    (article, _), *_ = next(store.pending(10))
    assert article.body == "Body text."
    assert article.id is not None and store.get(article.id) == article
    assert list(store.get_many([article.id])) == [article]
    assert store.get_by_url("https://example.org/a") == article
    assert [a for batch in store.all_articles(10) for a, _ in batch] == [article]
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(reads) >= 4 and not [s for s in reads if "raw_html" in s or "*" in s]
    assert store.raw_html(article.id) == page
