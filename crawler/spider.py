"""The generic news spider: one instance per configured site, driven entirely by its config."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler.config import SiteConfig
from crawler.discovery import Discovered, DiscoveryError, parse_feed, parse_sitemap, sniff_kind
from crawler.items import ArticlePage
from crawler.textnorm import strip_tracking

logger = logging.getLogger(__name__)

CHALLENGE_MARKERS = (
    b"cf-chl",
    b"challenge-platform",
    b"Just a moment...",
    b"captcha",
    b"Attention Required!",
    b"px-captcha",
    b"DDoS protection",
)
BLOCKING_STATUSES = [403, 429, 503]


class NewsSpider(scrapy.Spider):
    """Discover article URLs from a site's feeds, sitemaps and start pages, then fetch them."""

    name = "presswatch"
    handle_httpstatus_list = BLOCKING_STATUSES

    def __init__(
        self,
        site: SiteConfig,
        known_urls: set[str] | None = None,
        max_articles: int | None = None,
        refresh: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(name=site.id, **kwargs)
        self.site = site
        self.allowed_domains = list(site.domains)
        self.known_urls = set() if refresh else set(known_urls or ())
        self.max_articles = max_articles
        self.article_requests = 0
        self.scheduled: set[str] = set()

    async def start(self) -> AsyncIterator[Any]:
        for request in self._start_requests():
            yield request

    def _start_requests(self) -> Iterator[scrapy.Request]:
        for url in self.site.feeds:
            yield self._discovery_request(url, self.parse_feed)
        for url in self.site.sitemaps:
            yield self._discovery_request(url, self.parse_sitemap)
        for url in self.site.start_urls:
            yield scrapy.Request(
                url,
                callback=self.parse_page,
                errback=self.on_error,
                dont_filter=True,
                meta={"page_depth": 0, "discovery": True},
            )

    def _discovery_request(self, url: str, callback: Any) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_error,
            dont_filter=True,
            meta={"discovery": True},
        )

    # -- discovery ---------------------------------------------------------------------------

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        """Article requests for the entries of an RSS or Atom feed."""
        if not self._usable(response):
            return
        try:
            entries = parse_feed(response.body, response.url)
        except DiscoveryError as exc:
            self._count("malformed_discovery")
            logger.warning("%s: feed %s unreadable: %s", self.site.id, response.url, exc)
            return
        for entry in entries:
            yield from self._article_request(entry)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        """Child sitemaps of an index, or article requests for the URLs of a (news) sitemap."""
        if not self._usable(response):
            return
        try:
            children, entries = parse_sitemap(response.body, response.url)
        except DiscoveryError as exc:
            if sniff_kind(response.body) == "feed":
                yield from self.parse_feed(response)
                return
            self._count("malformed_discovery")
            logger.warning("%s: sitemap %s unreadable: %s", self.site.id, response.url, exc)
            return
        for child in children:
            if self.site.allows_host(child):
                yield self._discovery_request(child, self.parse_sitemap)
        for entry in entries:
            yield from self._article_request(entry)

    def parse_page(self, response: Response) -> Iterator[scrapy.Request]:
        """Follow links of a home or section page: articles, and more pages up to max_depth."""
        if not self._usable(response) or not isinstance(response, TextResponse):
            return
        depth = int(response.meta.get("page_depth", 0))
        for href in response.css("a::attr(href)").getall():
            url = strip_tracking(response.urljoin(href.strip()))
            if not url.startswith(("http://", "https://")) or not self.site.allows_host(url):
                continue
            if self.site.is_article_url(url):
                yield from self._article_request(Discovered(url=url, source="link"))
            elif depth < self.site.max_depth and not self.site.is_excluded(url):
                yield scrapy.Request(
                    url,
                    callback=self.parse_page,
                    errback=self.on_error,
                    meta={"page_depth": depth + 1},
                )

    def _article_request(self, entry: Discovered) -> Iterator[scrapy.Request]:
        url = strip_tracking(entry.url)
        if not self.site.allows_host(url) or not self._wanted(url, entry):
            return
        if url in self.known_urls or url in self.scheduled:
            self._count("articles_known")
            return
        if self.max_articles is not None and self.article_requests >= self.max_articles:
            return
        self.scheduled.add(url)
        self.article_requests += 1
        hints = {"title": entry.title, "discovered_by": entry.source}
        if entry.published:
            hints |= {"published": entry.published, "published_source": entry.source}
        yield scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.on_error,
            cb_kwargs={"hints": hints},
            priority=10,
        )

    def _wanted(self, url: str, entry: Discovered) -> bool:
        # Feeds and sitemaps list articles by definition; a configured pattern still filters them.
        if entry.source in ("feed", "sitemap") and not self.site.article_pattern:
            return not self.site.is_excluded(url)
        return self.site.is_article_url(url)

    # -- articles ----------------------------------------------------------------------------

    def parse_article(self, response: Response, hints: dict[str, Any]) -> Iterator[ArticlePage]:
        """Hand an article page to the pipelines (extraction happens there)."""
        if not self._usable(response):
            return
        if not isinstance(response, TextResponse) or b"html" not in _content_type(response):
            self._count("not_html")
            return
        yield ArticlePage(
            url=response.url,
            html=response.text,
            site_id=self.site.id,
            fetched_at=datetime.now(UTC),
            hints=hints,
        )

    # -- health ------------------------------------------------------------------------------

    def _usable(self, response: Response) -> bool:
        if response.status in BLOCKING_STATUSES:
            self._count(f"blocked_status/{response.status}")
            return False
        if response.status >= 400:
            return False
        if any(marker in response.body[:20000] for marker in CHALLENGE_MARKERS) and (
            b"<article" not in response.body
        ):
            self._count("challenge_page")
            return False
        if response.meta.get("discovery"):
            self._count("discovery_ok")
        return True

    def on_error(self, failure: Failure) -> None:
        """Count a failed request (DNS, timeout, refused, too large) and log one line."""
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        kind = failure.type.__name__ if failure.type else "unknown"
        if kind == "IgnoreRequest":
            self._count("skipped_by_robots_or_filters")
            return
        self._count(f"errors/{kind}")
        if request is not None and request.meta.get("discovery"):
            self._count("discovery_failed")
        logger.warning("%s: %s failed: %s", self.site.id, url, failure.getErrorMessage())

    def _count(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"presswatch/{key}")


def _content_type(response: Response) -> bytes:
    return (response.headers.get(b"Content-Type") or b"text/html").lower()
