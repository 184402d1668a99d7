"""Item pipelines: extract each downloaded page into an article, then store it."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.exceptions import DropItem

from crawler.crawl.component import CrawlerComponent
from crawler.keep import STORED_OUTCOMES, rejection, save_article
from crawler.model import ArticlePage, ExtractedPage
from crawler.store import SQLiteError
from crawler.time_limit import ExtractionTimedOut

logger = logging.getLogger(__name__)


class NotAnArticle(DropItem):
    """The page has no article body (an index page, a video page, an empty shell)."""


class TooShort(DropItem):
    """The body is shorter than crawler.keep.MIN_BODY_WORDS words."""


class ExtractionFailed(DropItem):
    """The extractor raised on this page (logged with the URL)."""


class ExtractionTimeout(DropItem):
    """Extraction ran past `extract_timeout` seconds; its worker was killed and replaced."""


class TooOld(DropItem):
    """Published before the site's `max_age_days` window."""


class ChallengePage(DropItem):
    """No article, and the page shows a challenge (its evidence is the message): blocked."""


class StoreFailed(DropItem):
    """The store could not be written (disk full, damaged file): the crawl stops."""


class ExtractPipeline(CrawlerComponent):
    """Run the extraction chain on a downloaded page; drop pages that are not articles."""

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticlePage):
            return item
        site = self.context.config.site(item.site_id)
        try:
            article = await self.context.extractor.extract(
                item.html, item.url, site, item.fetched_at, item.hints
            )
        except ExtractionTimedOut as exc:
            logger.warning("%s", exc)
            raise ExtractionTimeout(str(exc)) from exc
        except Exception as exc:
            logger.exception("extraction failed on %s", item.url)
            raise ExtractionFailed(f"extraction failed on {item.url}: {exc}") from exc
        rejected = rejection(article, item.html, item.url, site, item.fetched_at)
        if rejected is not None:
            raise _DROPS[rejected.reason](rejected.detail)
        return ExtractedPage(article=article, html=item.html, raw=item.raw)


_DROPS: dict[str, type[DropItem]] = {
    "NotAnArticle": NotAnArticle,
    "TooShort": TooShort,
    "TooOld": TooOld,
    "ChallengePage": ChallengePage,
}


class StorePipeline(CrawlerComponent):
    """Save each article in the store; hand batches of changes to the indexing callback."""

    def process_item(self, item: ExtractedPage) -> ExtractedPage:
        article, store = item.article, self.context.store
        if store is None:
            raise TypeError("StorePipeline runs in a crawl with a store")
        site = self.context.config.site(article.site)
        threshold = self.context.config.defaults.near_duplicate_threshold
        warc = self.context.warc_for(site, item.raw)
        try:
            result = save_article(store, article, item.html, site, threshold, warc)
        except SQLiteError as exc:
            self.context.store_failed(exc)
            raise StoreFailed(f"not stored: {article.url} ({exc})") from exc
        self._inc(f"articles_{result.outcome}")
        item.saved = result.outcome
        if result.outcome in STORED_OUTCOMES:
            self.context.changed_since_batch += 1
            if self.context.changed_since_batch >= self.context.tell_indexer_every():
                self.context.flush_batch()
        return item
