"""Index what a running crawl stores, batch by batch: the crawl only stores and says when."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from crawler.store import ArticleStore
from indexer.index import ArticleIndex
from indexer.sync import index_pending

logger = logging.getLogger(__name__)


class LiveIndexer:
    """Indexes the store's pending rows each time the crawl says a batch is ready.

    It implements the crawl's `StoredBatches` (crawler.crawl.context), so the crawl never
    imports the indexer. It keeps a store connection of its own, and a row is marked indexed
    only after the Whoosh commit that holds it (`index_pending`). After the first error
    nothing more is indexed in this run; `close()` returns it ('' if none) and
    `presswatch index` catches up later.

    The batch runs in the caller's thread, that is on the crawl's reactor thread. Measured
    with bench/crawl.py (1,000 articles, 2 cores), a thread of its own made the crawl 15%
    slower: Whoosh's commit is pure Python and its GIL share slowed the reactor more than the
    commit's pause did. Taking the commit off the reactor needs a process of its own.
    """

    def __init__(
        self,
        data_dir: Path,
        index: ArticleIndex,
        on_indexed: Callable[[int], object] | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.index = index
        self.on_indexed = on_indexed
        self.indexed = 0
        self.error = ""
        self._store: ArticleStore | None = None

    def __enter__(self) -> LiveIndexer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ready(self) -> None:
        """Stored articles wait for the index: index them now (never raises)."""
        if self.error:
            return
        try:
            if self._store is None:
                self._store = ArticleStore.open(self.data_dir, create=False)
            added = index_pending(self._store, self.index)
        except Exception as exc:
            logger.exception("indexing a batch failed")
            self.error = str(exc) or type(exc).__name__
            return
        self.indexed += added
        if added and self.on_indexed is not None:
            self.on_indexed(added)

    def close(self) -> str:
        """Release the store connection; the first indexing error, or ''."""
        if self._store is not None:
            self._store.close()
            self._store = None
        return self.error
