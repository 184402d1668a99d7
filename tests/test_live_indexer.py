"""The indexer beside a crawl: indexes each batch it is told of, marks rows after the commit."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from crawler.extract.textnorm import content_hash
from crawler.model import Article
from crawler.store import ArticleStore
from indexer.index import ArticleIndex
from indexer.live import LiveIndexer


def _store_articles(data: Path, count: int, start: int = 0) -> None:
    with ArticleStore.open(data) as store:
        for number in range(start, start + count):
            body = f"Story number {number} about harbour dredging and port fees."
            store.save(
                Article(
                    url=f"https://example.org/{number}",
                    url_original=f"https://example.org/{number}",
                    site="demo",
                    title=f"Story {number}",
                    body=body,
                    content_hash=content_hash(body),
                    first_seen=datetime(2025, 5, 6, tzinfo=UTC),
                )
            )


def test_each_ready_batch_is_indexed_and_marked(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _store_articles(data, 5)
    index = ArticleIndex.open(data / "index", create=True)
    reported: list[int] = []
    with LiveIndexer(data, index, on_indexed=reported.append) as indexer:
        indexer.ready()
        _store_articles(data, 3, start=5)
        with ArticleStore.open(data, create=False) as store:
            assert store.pending_count() == 3  # stored after the batch: waits for the next
        indexer.ready()
        assert indexer.close() == ""
    assert reported == [5, 3] and indexer.indexed == 8
    assert index.doc_count() == 8
    with ArticleStore.open(data, create=False) as store:
        assert store.pending_count() == 0


def test_nothing_is_indexed_without_a_ready_batch(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _store_articles(data, 2)
    index = ArticleIndex.open(data / "index", create=True)
    with LiveIndexer(data, index) as indexer:
        pass  # closed without a batch: a crawl whose store failed never says ready
    assert indexer.indexed == 0 and index.doc_count() == 0


def test_an_index_failure_is_reported_and_leaves_the_rows_pending(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _store_articles(data, 3)
    index = ArticleIndex.open(data / "index", create=True)
    other_writer = ArticleIndex.open(data / "index")._writer()  # a second writer holds the lock
    try:
        with LiveIndexer(data, index) as indexer:
            indexer.ready()
            indexer.ready()
            error = indexer.close()
    finally:
        other_writer.cancel()
    assert error, "a failed batch must be reported"
    with ArticleStore.open(data, create=False) as store:
        assert store.pending_count() == 3
