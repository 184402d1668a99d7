"""What every spider and pipeline of one crawl process shares: config, store, batch callback."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from crawler.config import Config
from crawler.crawl.extract_pool import ExtractionPool
from crawler.store import ArticleStore

logger = logging.getLogger(__name__)


@dataclass
class CrawlContext:
    """Shared state of one crawl; `on_batch` indexes what was stored since the last call.

    `stop` ends every crawl of the process (set by crawler.crawl.run); `store_error` is set when the
    store cannot be written (disk full, damaged file): the run then stops and exits 4.
    """

    config: Config
    store: ArticleStore
    on_batch: Callable[[], object] | None = None
    stop: Callable[[], object] | None = None
    extractor: ExtractionPool = field(default_factory=lambda: ExtractionPool(None))
    changed_since_batch: int = 0
    batch_error: str = ""
    store_error: str = ""

    def flush_batch(self) -> None:
        """Call `on_batch` now (it must not raise; a failure is kept and reported at the end)."""
        self.changed_since_batch = 0
        if self.on_batch is None or self.store_error:
            return
        try:
            self.on_batch()
        except Exception as exc:
            logger.exception("indexing a batch failed")
            self.batch_error = str(exc)

    def store_failed(self, error: Exception) -> None:
        """A write to the store failed: keep the first reason and stop the whole crawl."""
        if self.store_error:
            return
        self.store_error = (
            f"the article store {self.store.path} could not be written ({error}); "
            "everything stored before this is kept; free disk space (or restore the file) "
            "and run the crawl again"
        )
        logger.error("%s", self.store_error)
        if self.stop is not None:
            self.stop()
