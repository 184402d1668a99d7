"""Index what a running crawl stores, batch by batch: the crawl only stores and says when."""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable
from contextlib import suppress
from multiprocessing.connection import Connection
from pathlib import Path

from crawler.child import start_child
from crawler.process import die_with_parent
from crawler.store import ArticleStore
from indexer.index import ArticleIndex
from indexer.open_segment import OpenSegment
from indexer.sync import BATCH_SIZE, commit_open, fill_open

logger = logging.getLogger(__name__)


class LiveIndexer:
    """Analyses the store's pending rows each time the crawl says some are stored, and
    commits them to the index every ``commit_size`` articles.

    It implements the crawl's `StoredBatches` (crawler.crawl.context), so the crawl never
    imports the indexer. It keeps a store connection of its own. The articles wait in an
    open segment (indexer.open_segment) between commits, and a row is marked indexed only
    after the Whoosh commit that holds it. `wait()` and `close()` commit whatever is open.
    After the first error nothing more is indexed in this run; `close()` returns it ('' if
    none) and `presswatch index` catches up later.

    The batch runs in the caller's thread.  A crawl on more than one core uses
    IndexerProcess, which runs this in a process of its own: measured with bench/crawl.py
    (1,000 articles, 2 cores), a thread of its own made the crawl 15% slower, since Whoosh's
    commit is pure Python and its GIL share slowed the reactor more than its pause did.
    """

    def __init__(
        self,
        data_dir: Path,
        index: ArticleIndex,
        on_indexed: Callable[[int], object] | None = None,
        commit_size: int = 1,
    ) -> None:
        self.data_dir = data_dir
        self.index = index
        self.on_indexed = on_indexed
        self.commit_size = commit_size
        self.indexed = 0
        self.error = ""
        self._store: ArticleStore | None = None
        self._segment: OpenSegment | None = None

    def __enter__(self) -> LiveIndexer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ready(self) -> None:
        """Stored articles wait for the index: analyse them now, and commit once the open
        segment holds ``commit_size`` articles (never raises)."""
        self._index(commit_all=False)

    def wait(self) -> str:
        """Index what is stored now and return when it is in the index; the first error or ''."""
        self._index(commit_all=True)
        return self.error

    def close(self) -> str:
        """Commit what was analysed, release the store connection; the first error, or ''.

        This last commit is the crawl's tail: the crawl waits for it with nothing else to
        do, so the segment's postings are written by two processes (a fork, see
        SegmentBuilder.finish): 0.87 s of one core for 1,000 mirror articles, 0.5 on two."""
        if self._segment is not None and len(self._segment) and not self.error:
            self._guarded(lambda: self._commit(parallel=True))
        self.abandon()
        if self._store is not None:
            self._store.close()
            self._store = None
        return self.error

    def abandon(self) -> None:
        """Drop what was analysed and not committed (its rows stay pending in the store)."""
        if self._segment is not None:
            self._segment.discard()
            self._segment = None

    def _index(self, commit_all: bool) -> None:
        def run() -> None:
            if self._store is None:
                self._store = ArticleStore.open(self.data_dir, create=False)
            up_to_id = self._store.last_id()  # what is stored from now on waits
            most = max(self.commit_size, BATCH_SIZE)  # one segment's memory stays bounded
            while True:
                if self._segment is None:
                    self._segment = self.index.open_segment()
                fill_open(self._store, self._segment, up_to_id, most)
                held = len(self._segment)
                if not held or not (commit_all or held >= self.commit_size):
                    return
                self._commit()
                if held < most:  # all that waited was in it
                    return

        self._guarded(run)

    def _guarded(self, step: Callable[[], None]) -> None:
        if self.error:
            return
        try:
            step()
        except Exception as exc:
            logger.exception("indexing a batch failed")
            self.error = str(exc) or type(exc).__name__
            self.abandon()

    def _commit(self, parallel: bool = False) -> None:
        assert self._store is not None and self._segment is not None
        segment, self._segment = self._segment, None
        added = commit_open(self._store, self.index, segment, parallel)
        self.indexed += added
        if added and self.on_indexed is not None:
            self.on_indexed(added)


class IndexerProcess:
    """Indexes the store's pending rows in a process of its own, beside the crawl.

    The same contract as LiveIndexer (it is the crawl's `StoredBatches` too, committing
    every ``commit_size`` articles), but `ready()` only sends a word down a pipe and
    returns: the Whoosh commit, pure Python and 30% of a crawl's main thread when it ran
    there (bench/crawl.py --profile), no longer holds up downloads and the extraction
    workers.  Rows are still marked indexed only after the commit that holds them, by the
    child.  The child dies with the crawl process (even under SIGKILL), so it never outlives
    a killed crawl holding the index's write lock; requests that arrive while it indexes
    are merged into one batch.  `close()` waits for the last batch and returns the first
    error ('' if none); after an error nothing more is indexed in this run and
    `presswatch index` catches up later.
    """

    def __init__(
        self,
        data_dir: Path,
        index_dir: Path,
        on_indexed: Callable[[int], object] | None = None,
        commit_size: int = 1,
    ) -> None:
        self.on_indexed = on_indexed
        self.indexed = 0
        self.error = ""
        self._process, self._conn = start_child(_serve, data_dir, index_dir, commit_size)
        self._closed = False

    def __enter__(self) -> IndexerProcess:
        return self

    @property
    def pid(self) -> int | None:
        """The child's process id."""
        return self._process.pid

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ready(self) -> None:
        """Ask the child to index what is stored now (returns at once, never raises)."""
        self._collect(wait=False)
        if self.error or self._closed:
            return
        try:
            self._conn.send(_BATCH)
        except OSError as exc:
            self.error = f"the indexer process is gone ({exc})"

    def wait(self) -> str:
        """Index what is stored now and return when the child has committed it (for whoever
        reads the index next, such as watch delivery); the first error, or ''."""
        self._collect(wait=False)
        if self.error or self._closed:
            return self.error
        try:
            self._conn.send(_SYNC)
        except OSError as exc:
            self.error = f"the indexer process is gone ({exc})"
            return self.error
        self._collect(wait=True, until="synced")
        return self.error

    def close(self) -> str:
        """Wait for the child's last batch, stop it; the first indexing error, or ''."""
        if self._closed:
            return self.error
        self._closed = True
        with suppress(OSError):  # a child that died already: its exit code tells
            self._conn.send(_CLOSE)
        self._collect(wait=True, until="closed")
        self._process.join(timeout=10)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._conn.close()
        return self.error

    def _collect(self, wait: bool, until: str = "closed") -> None:
        """Take the child's reports: counts indexed, an error, or (waiting for `until`) its
        answer to a wait or its goodbye."""
        while wait or self._conn.poll():
            try:
                kind, value = self._conn.recv()
            except (EOFError, OSError):
                if wait and not self.error and self._process.exitcode not in (0, None):
                    self.error = f"the indexer process ended with code {self._process.exitcode}"
                return
            if kind == "indexed":
                self.indexed += int(value)
                if self.on_indexed is not None:
                    self.on_indexed(int(value))
            elif kind == "error":
                self.error = self.error or str(value)
            elif kind == until:
                return


_BATCH = "batch"
_SYNC = "sync"  # a batch the parent waits for
_CLOSE = "close"


def _serve(conn: Connection, data_dir: Path, index_dir: Path, commit_size: int) -> None:
    """The child: analyse pending rows on each request (committing as LiveIndexer does),
    report, commit what is left and stop on close."""
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the crawl, which closes us
    index = ArticleIndex.open(index_dir, create=True)
    indexer = LiveIndexer(data_dir, index, commit_size=commit_size)
    closing = False
    while not closing:
        try:
            requests = [conn.recv()]
        except EOFError:  # the crawl is gone: what is not committed stays pending
            indexer.abandon()
            return
        while conn.poll():  # everything asked meanwhile is one batch
            requests.append(conn.recv())
        closing = _CLOSE in requests
        before = indexer.indexed
        if _SYNC in requests:
            indexer.wait()
        elif _BATCH in requests:
            indexer.ready()
        if closing:
            indexer.close()
        if indexer.indexed > before:
            conn.send(("indexed", indexer.indexed - before))
        if indexer.error:
            conn.send(("error", indexer.error))
        for _ in range(requests.count(_SYNC)):
            conn.send(("synced", None))
    conn.send(("closed", None))
