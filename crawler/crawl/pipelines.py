"""Item pipelines: extract each downloaded page into an article, then store it."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from scrapy.exceptions import DropItem

from crawler.crawl.component import CrawlerComponent
from crawler.crawl.keep import STORED_OUTCOMES, keep_article
from crawler.extract.challenge import challenge_evidence
from crawler.model import ArticlePage, ExtractedPage
from crawler.store import SQLiteError
from crawler.time_limit import ExtractionTimedOut

logger = logging.getLogger(__name__)

MIN_BODY_WORDS = 30


class NotAnArticle(DropItem):
    """The page has no article body (an index page, a video page, an empty shell)."""


class TooShort(DropItem):
    """The body is shorter than MIN_BODY_WORDS words."""


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
        if not article.body:
            raise _without_article(item, NotAnArticle(f"no article body at {item.url}"))
        if article.word_count < MIN_BODY_WORDS:
            raise _without_article(item, TooShort(f"{article.word_count} words at {item.url}"))
        if _too_old(article.published_utc, item.fetched_at, site.max_age_days):
            raise TooOld(f"published {article.published_utc:%Y-%m-%d} at {item.url}")
        return ExtractedPage(article=article, html=item.html)


def _without_article(item: ArticlePage, drop: DropItem) -> DropItem:
    """`drop`, or ChallengePage when the page without an article shows a challenge."""
    evidence = challenge_evidence(item.html)
    return ChallengePage(evidence) if evidence else drop


def _too_old(published: datetime | None, fetched_at: datetime, max_age_days: int | None) -> bool:
    return bool(max_age_days and published and published < fetched_at - timedelta(max_age_days))


class StorePipeline(CrawlerComponent):
    """Save each article in the store; hand batches of changes to the indexing callback."""

    def process_item(self, item: ExtractedPage) -> ExtractedPage:
        article, store = item.article, self.context.store
        if store is None:
            raise TypeError("StorePipeline runs in a crawl with a store")
        try:
            outcome = keep_article(store, self.context.config, article, item.html)
        except SQLiteError as exc:
            self.context.store_failed(exc)
            raise StoreFailed(f"not stored: {article.url} ({exc})") from exc
        self._inc(f"articles_{outcome}")
        item.saved = outcome
        if outcome in STORED_OUTCOMES:
            self.context.changed_since_batch += 1
            if self.context.changed_since_batch >= self.context.config.defaults.index_batch_size:
                self.context.flush_batch()
        return item
