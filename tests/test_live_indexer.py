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


def _pending(data: Path) -> int:
    """Stored rows not yet committed to the index."""
    with ArticleStore.open(data, create=False) as store:
        return store.pending_count()


def test_each_ready_batch_is_indexed_and_marked(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _store_articles(data, 5)
    index = ArticleIndex.open(data / "index", create=True)
    reported: list[int] = []
    with LiveIndexer(data, index, on_indexed=reported.append) as indexer:
        indexer.ready()
        _store_articles(data, 3, start=5)
        assert _pending(data) == 3  # stored after the batch: waits for the next
        indexer.ready()
        assert indexer.close() == ""
    assert reported == [5, 3] and indexer.indexed == 8
    assert index.doc_count() == 8
    assert _pending(data) == 0


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
    assert _pending(data) == 3


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
    assert _pending(data) == 0


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
    assert _pending(data) == 3


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


def _search_titles(index: ArticleIndex, words: str) -> list[str]:
    from whoosh.qparser import QueryParser

    with index.searcher() as searcher:
        query = QueryParser("body", index.schema).parse(words)
        return sorted(hit["title"] for hit in searcher.search(query, limit=None))


def test_articles_wait_in_the_open_segment_until_the_commit_size(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _store_articles(data, 3)
    index = ArticleIndex.open(data / "index", create=True)
    reported: list[int] = []
    with LiveIndexer(data, index, on_indexed=reported.append, commit_size=5) as indexer:
        indexer.ready()  # 3 analysed, fewer than 5: no commit, nothing marked
        assert index.doc_count() == 0 and reported == []
        assert _pending(data) == 3
        _store_articles(data, 3, start=3)
        indexer.ready()  # 6 held: committed together
        assert reported == [6] and index.doc_count() == 6
        _store_articles(data, 2, start=6)
        indexer.ready()
        assert index.doc_count() == 6
        assert indexer.close() == ""  # the rest is committed on close
    assert reported == [6, 2] and index.doc_count() == 8
    assert _pending(data) == 0
    assert not list((data / "index").glob(".open-*")), "the open segment's folder is left"


def test_wait_commits_what_the_open_segment_holds(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _store_articles(data, 2)
    index = ArticleIndex.open(data / "index", create=True)
    with LiveIndexer(data, index, commit_size=1000) as indexer:
        indexer.ready()
        assert index.doc_count() == 0
        assert indexer.wait() == ""
        assert index.doc_count() == 2


def test_an_article_updated_before_the_commit_is_indexed_once_in_its_last_version(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    _store_articles(data, 2)
    index = ArticleIndex.open(data / "index", create=True)
    with LiveIndexer(data, index, commit_size=1000) as indexer:
        indexer.ready()
        with ArticleStore.open(data, create=False) as store:
            article = store.get_by_url("https://example.org/1")
            assert article is not None
            article.body = "Story number 1 now about lighthouse keepers."
            article.content_hash = content_hash(article.body)
            assert store.save(article).outcome == "updated"
        indexer.ready()  # the new version replaces the one analysed before
        assert indexer.close() == ""
    assert index.doc_count() == 2
    assert _search_titles(index, "lighthouse") == ["Story 1"]
    assert _search_titles(index, "dredging") == ["Story 0"]
    assert _pending(data) == 0


def test_a_commit_by_another_writer_leaves_the_open_segment_whole(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _store_articles(data, 3)
    index = ArticleIndex.open(data / "index", create=True)
    with LiveIndexer(data, index, commit_size=1000) as indexer:
        indexer.ready()
        other = Article(url="https://example.org/other", site="demo", title="Other", body="x")
        other.id = 999
        ArticleIndex.open(data / "index").add([other])  # its commit cleans unused files
        assert indexer.close() == ""
    assert index.doc_count() == 4
    assert _search_titles(index, "harbour") == ["Story 0", "Story 1", "Story 2"]


def test_a_killed_indexer_leaves_rows_pending_and_its_folder_is_removed_later(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    _store_articles(data, 3)
    ArticleIndex.open(data / "index", create=True)
    script = (
        "import os\n"
        "from pathlib import Path\n"
        "from indexer.index import ArticleIndex\n"
        "from indexer.live import LiveIndexer\n"
        f"data = Path({str(data)!r})\n"
        "indexer = LiveIndexer(data, ArticleIndex.open(data / 'index'), commit_size=1000)\n"
        "indexer.ready()\n"
        "os.kill(os.getpid(), 9)\n"
    )
    killed = subprocess.run([sys.executable, "-c", script], check=False)
    assert killed.returncode == -9
    assert len(list((data / "index").glob(".open-*"))) == 1  # analysed, never committed
    index = ArticleIndex.open(data / "index")
    assert index.doc_count() == 0
    assert _pending(data) == 3
    with LiveIndexer(data, index, commit_size=2) as indexer:
        indexer.ready()
    assert index.doc_count() == 3
    assert not list((data / "index").glob(".open-*"))


def test_the_indexer_process_commits_at_its_commit_size_and_on_close(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _store_articles(data, 3)
    ArticleIndex.open(data / "index", create=True)
    reported: list[int] = []
    with IndexerProcess(data, data / "index", reported.append, commit_size=100) as indexer:
        indexer.ready()
        assert indexer.wait() == ""  # a wait commits what is open
        assert ArticleIndex.open(data / "index").doc_count() == 3
        _store_articles(data, 2, start=3)
        indexer.ready()
        assert indexer.close() == ""
    assert reported == [3, 2]
    assert ArticleIndex.open(data / "index").doc_count() == 5


def test_a_large_backlog_is_committed_in_segments_of_bounded_size(tmp_path: Path) -> None:
    import indexer.live

    data = tmp_path / "data"
    _store_articles(data, 7)
    index = ArticleIndex.open(data / "index", create=True)
    reported: list[int] = []
    saved = indexer.live.BATCH_SIZE
    indexer.live.BATCH_SIZE = 3  # a segment holds at most 3 articles
    try:
        with LiveIndexer(data, index, on_indexed=reported.append) as live:
            live.ready()
    finally:
        indexer.live.BATCH_SIZE = saved
    assert reported == [3, 3, 1] and index.doc_count() == 7
