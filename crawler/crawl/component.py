"""The base of our Scrapy components (pipelines, middlewares): the crawler, its spider, stats."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crawler.crawl.spider import NewsSpider

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawler.crawl.context import CrawlContext


def crawl_context(crawler: Crawler) -> CrawlContext:
    """What all spiders of the crawl process share, as `crawler`'s NewsSpider was given it."""
    spider = crawler.spider
    if not isinstance(spider, NewsSpider):
        raise TypeError(f"presswatch components run with a NewsSpider, not {spider!r}")
    return spider.context


class CrawlerComponent:
    """Built by Scrapy from the crawler; counts go to the `presswatch/` stats of the run."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        return cls(crawler)

    @property
    def spider(self) -> Any:
        """The running spider (one per site)."""
        return self.crawler.spider

    @property
    def context(self) -> CrawlContext:
        """What all spiders of this crawl process share: config, store, batch callback."""
        return crawl_context(self.crawler)

    def _inc(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"presswatch/{key}")
