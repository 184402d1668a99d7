"""What every spider and pipeline of one crawl process shares: config, store, the index feed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from crawler.config import Config, SiteConfig
from crawler.crawl.extract_pool import ExtractionPool
from crawler.keep import STORED_OUTCOMES
from crawler.model import RawExchange, WarcRef
from crawler.store import ArticleStore, SaveResult
from crawler.warc.write import WarcArchive

if TYPE_CHECKING:
    from crawler.crawl.stream_pipeline import ArticleSink

logger = logging.getLogger(__name__)


TELL_INDEXER_EVERY = 50


class StoredBatches(Protocol):
    """Whoever indexes what the crawl stores (indexer.live.LiveIndexer, wired by the CLI).

    The crawl never imports the indexer: it only says when a batch of stored articles is
    ready, and at its end closes it and takes the error to report ('' if none).
    """

    def ready(self) -> None: ...

    def close(self) -> str: ...


@dataclass
class CrawlContext:
    """Shared state of one crawl; `batches` is told when stored articles wait for the index.

    `stop` ends every crawl of the process (set by crawler.crawl.run); `store_error` is set when the
    store cannot be written (disk full, damaged file): the run then stops and exits 4.
    """

    config: Config
    store: ArticleStore | None  # None in a cluster worker: its articles go to a stream
    batches: StoredBatches | None = None
    stop: Callable[[], object] | None = None
    extractor: ExtractionPool = field(default_factory=lambda: ExtractionPool(0))
    sink: ArticleSink | None = None  # a cluster worker's stream (crawler.crawl.remote)
    changed_since_batch: int = 0
    store_error: str = ""
    warc: WarcArchive | None = None  # where sites with `warc = true` keep their exchanges

    def warc_for(
        self, site: SiteConfig, raw: RawExchange | None
    ) -> Callable[[SaveResult], WarcRef | None] | None:
        """What writes a stored article's exchange to the site's WARC file (None: not kept)."""
        archive = self.warc
        if raw is None or archive is None or not site.warc:
            return None

        def write(result: SaveResult) -> WarcRef | None:
            if result.outcome not in STORED_OUTCOMES:
                return None
            try:
                return archive.write(site.id, raw)
            except OSError as exc:  # the article is still stored, without its WARC record
                logger.error("cannot write the WARC record of %s: %s", raw.url, exc)
                return None

        return write

    def tell_indexer_every(self) -> int:
        """Stored articles between two words to the indexer: it analyses them as they come
        and commits every ``index_batch_size`` (so the crawl's last commit is short)."""
        return min(TELL_INDEXER_EVERY, self.config.defaults.index_batch_size)

    def flush_batch(self) -> None:
        """Tell the indexer that what was stored so far can be indexed (returns at once)."""
        self.changed_since_batch = 0
        if self.batches is not None and not self.store_error:
            self.batches.ready()

    def close_batches(self) -> str:
        """Close the indexer; its first error, or '' (also when nothing indexes)."""
        return self.batches.close() if self.batches is not None else ""

    def store_failed(self, error: Exception) -> None:
        """A write to the store failed: keep the first reason and stop the whole crawl."""
        if self.store_error:
            return
        self.store_error = (
            f"the article store {self.store.path if self.store else ''} could not be written "
            f"({error}); "
            "everything stored before this is kept; free disk space (or restore the file) "
            "and run the crawl again"
        )
        logger.error("%s", self.store_error)
        if self.stop is not None:
            self.stop()

    def sink_failed(self, error: Exception) -> None:
        """A cluster worker could not send an article: keep the reason and stop the crawl."""
        if not self.store_error:
            self.store_error = f"articles could not be sent to the stream ({error})"
            logger.error("%s", self.store_error)
            if self.stop is not None:
                self.stop()
