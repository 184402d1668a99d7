"""Index what a running crawl stores, in a thread beside it: the crawl only stores."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from crawler.store import ArticleStore
from indexer.index import ArticleIndex
from indexer.sync import index_pending

logger = logging.getLogger(__name__)


class LiveIndexer:
    """A thread that indexes the store's pending rows each time the crawl says a batch is ready.

    It has its own store connection, so every Whoosh commit runs off the crawl's reactor
    thread, and a row is marked indexed only after the commit that holds it (`index_pending`).
    The crawl calls `ready()` after every `index_batch_size` stored articles and at its end;
    `close()` waits for the batch in hand and returns the first indexing error ('' if none).
    After an error nothing more is indexed in this run; `presswatch index` catches up.
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
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._batches_ready = 0
        self._closing = False
        self._thread = threading.Thread(target=self._run, name="presswatch-indexer", daemon=True)

    def __enter__(self) -> LiveIndexer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ready(self) -> None:
        """Stored articles wait for the index: index them now (returns at once)."""
        with self._wake:
            self._batches_ready += 1
            self._wake.notify()

    def close(self) -> str:
        """Let the thread finish what it was told to index, then stop it; the error or ''."""
        with self._wake:
            self._closing = True
            self._wake.notify()
        if self._thread.is_alive():
            self._thread.join()
        return self.error

    def _next_batch(self) -> bool:
        """Wait until a batch is ready (True) or the crawl has closed us with none left."""
        with self._wake:
            while not self._batches_ready and not self._closing:
                self._wake.wait()
            if not self._batches_ready:
                return False
            self._batches_ready = 0
            return True

    def _run(self) -> None:
        store: ArticleStore | None = None
        try:
            while self._next_batch():
                if store is None:
                    store = ArticleStore.open(self.data_dir, create=False)
                added = index_pending(store, self.index)
                self.indexed += added
                if added and self.on_indexed is not None:
                    self.on_indexed(added)
        except Exception as exc:
            logger.exception("indexing a batch failed")
            self.error = str(exc)
            while self._next_batch():  # drain until closed: nothing more is indexed
                pass
        finally:
            if store is not None:
                store.close()
