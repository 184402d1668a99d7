"""The indexer beside a crawl: indexes each batch it is told of, marks rows after the commit."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from crawler.extract.textnorm import content_hash
from crawler.model import Article
from crawler.store import ArticleStore
from indexer.index import ArticleIndex
from indexer.live import IndexerProcess, LiveIndexer


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


def test_the_indexer_process_indexes_each_batch_and_marks_after_commit(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _store_articles(data, 5)
    ArticleIndex.open(data / "index", create=True)
    reported: list[int] = []
    with IndexerProcess(data, data / "index", on_indexed=reported.append) as indexer:
        assert indexer.pid != os.getpid()
        indexer.ready()
        _store_articles(data, 3, start=5)
        indexer.ready()
        assert indexer.close() == ""
    assert sum(reported) == indexer.indexed == 8
    assert ArticleIndex.open(data / "index").doc_count() == 8
    with ArticleStore.open(data, create=False) as store:
        assert store.pending_count() == 0


def test_the_indexer_process_reports_a_failure_and_leaves_rows_pending(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _store_articles(data, 3)
    index = ArticleIndex.open(data / "index", create=True)
    other_writer = index._writer()  # a second writer holds the lock
    try:
        with IndexerProcess(data, data / "index") as indexer:
            indexer.ready()
            indexer.ready()
            error = indexer.close()
    finally:
        other_writer.cancel()
    assert "another presswatch process" in error
    with ArticleStore.open(data, create=False) as store:
        assert store.pending_count() == 3


def test_the_indexer_process_dies_with_a_killed_crawl(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _store_articles(data, 1)
    ArticleIndex.open(data / "index", create=True)
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from indexer.live import IndexerProcess\n"
        f"p = IndexerProcess(Path({str(data)!r}), Path({str(data / 'index')!r}))\n"
        "print(p.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    os.kill(child, 0)  # alive while the crawl lives
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(child):
        time.sleep(0.05)
    assert not _alive(child), "the indexer process outlived the killed crawl"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class _IndexWhileTheCrawlStores(ArticleIndex):
    """A real index whose first commit happens while the crawl stores three more articles."""

    stored_meanwhile = False
    commits = 0

    def add(self, articles):  # type: ignore[no-untyped-def]
        if not self.stored_meanwhile:
            self.stored_meanwhile = True
            _store_articles(self.data, 3, start=100)
        self.commits += 1
        return super().add(articles)


def test_a_batch_takes_what_was_stored_when_it_began_and_no_more(tmp_path: Path) -> None:
    from indexer.sync import index_pending

    data = tmp_path / "data"
    _store_articles(data, 5)
    index = _IndexWhileTheCrawlStores.open(data / "index", create=True)
    index.data = data  # type: ignore[attr-defined]
    with ArticleStore.open(data) as store:
        assert index_pending(store, index, batch_size=2) == 5  # in 3 commits of at most 2
        assert index.commits == 3
        assert store.pending_count() == 3  # stored during the batch: left for the next one
        assert index_pending(store, index) == 3
        assert index.commits == 4
        assert store.pending_count() == 0
