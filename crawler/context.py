"""What every spider and pipeline of one crawl process shares: config, store, batch callback."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from crawler.config import Config
from crawler.store import ArticleStore

logger = logging.getLogger(__name__)


@dataclass
class CrawlContext:
    """Shared state of one crawl; `on_batch` indexes what was stored since the last call."""

    config: Config
    store: ArticleStore
    on_batch: Callable[[], object] | None = None
    changed_since_batch: int = 0
    batch_error: str = ""

    def flush_batch(self) -> None:
        """Call `on_batch` now (it must not raise; a failure is kept and reported at the end)."""
        self.changed_since_batch = 0
        if self.on_batch is None:
            return
        try:
            self.on_batch()
        except Exception as exc:
            logger.exception("indexing a batch failed")
            self.batch_error = str(exc)
