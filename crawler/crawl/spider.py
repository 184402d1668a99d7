"""The generic news spider: one instance per configured site, driven entirely by its config."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.config import SiteConfig
from crawler.crawl.discovery import (
    Discovered,
    DiscoveryError,
    parse_feed,
    read_sitemap,
    requestable,
    sniff_kind,
)
from crawler.crawl.fetch import decode_page
from crawler.extract.challenge import challenge_evidence
from crawler.extract.textnorm import looks_binary, strip_tracking, url_key
from crawler.model import ArticlePage, DiscoveryHints, ExtractedPage, RawExchange
from crawler.store.fetch_state import Validators, hint_datetime
from crawler.store.run_log import UrlOutcome

if TYPE_CHECKING:
    from crawler.crawl.context import CrawlContext

logger = logging.getLogger(__name__)

XML_STARTS = (b"<?xml", b"<rss", b"<feed", b"<urlset", b"<sitemapindex", b"<rdf", b"<!--")
BLOCKING_STATUSES = [403, 429, 503]
GONE_STATUSES = (404, 410)
MAX_SITEMAP_DEPTH = 4  # index -> index -> ... -> urlset; deeper nesting is a trap
MAX_DISCOVERY_BYTES = 50_000_000  # the sitemap protocol's own limit, above max_page_bytes


class NewsSpider(scrapy.Spider):
    """Discover article URLs from a site's feeds, sitemaps and start pages, then fetch them.

    `context` is what all spiders of the crawl process share (config, store): our pipelines
    and middlewares reach it through crawler.crawl.component.crawl_context.  `known` maps the
    URLs fetched by earlier runs to when they were fetched: those are not downloaded again
    unless a feed or sitemap dates a change after that time.  `validators` are the
    ETag/Last-Modified of the site's feeds and sitemaps for conditional requests.  What the
    run learns is left in `seen_validators`, `outcomes` and `complete` for crawler.crawl.run
    to save when the run ends; `fetched` holds the outcome of every article URL requested in
    this run (new, updated, unchanged, duplicate, dropped, blocked or failed).
    """

    name = "presswatch"
    handle_httpstatus_list = BLOCKING_STATUSES

    def __init__(
        self,
        site: SiteConfig,
        context: CrawlContext,
        known: Mapping[str, datetime] | None = None,
        validators: Mapping[str, Validators] | None = None,
        max_articles: int | None = None,
        refresh: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(name=site.id, **kwargs)
        self.site = site
        self.context = context
        self.allowed_domains = list(site.domains)
        # Feeds may live on another host (feeds.bbci.co.uk for bbc.co.uk): they may be fetched.
        self.configured_hosts = {
            urlsplit(url).hostname for url in (*site.feeds, *site.sitemaps, *site.start_urls)
        }
        self.known = {} if refresh else _keyed(known or {})
        self.validators = {} if refresh else dict(validators or {})
        self.max_articles = max_articles
        self.article_requests = 0
        self.scheduled: set[str] = set()
        self.discovery_seen: set[str] = set()
        started = datetime.now(UTC)
        self.oldest = started - timedelta(days=site.max_age_days) if site.max_age_days else None
        self.seen_validators: dict[str, Validators] = {}
        self.outcomes: dict[str, str] = {}
        self.requested: set[str] = set()  # article URLs requested in this run
        self.fetched: dict[str, UrlOutcome] = {}
        self.complete = True  # False once a listed article is left for a later run

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider: NewsSpider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.on_item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(spider.on_item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(spider.on_request_dropped, signal=signals.request_dropped)
        return spider

    async def start(self) -> AsyncIterator[Any]:
        for request in self._start_requests():
            yield request

    def _start_requests(self) -> Iterator[scrapy.Request]:
        for url in self.site.feeds:
            yield self._discovery_request(url, self.parse_feed)
        for url in self.site.sitemaps:
            yield self._discovery_request(url, self.parse_sitemap)
        for url in self.site.start_urls:
            yield self._page_request(url, 0)

    def _discovery_request(self, url: str, callback: Any, sitemap_depth: int = 0) -> scrapy.Request:
        request = self._conditional_request(url, callback)
        request.meta["sitemap_depth"] = sitemap_depth
        request.meta["download_maxsize"] = max(
            MAX_DISCOVERY_BYTES, int(self.settings.getint("DOWNLOAD_MAXSIZE"))
        )
        return request

    def _page_request(self, url: str, depth: int) -> scrapy.Request:
        """A home or section page, asked for conditionally like feeds and sitemaps."""
        request = self._conditional_request(url, self.parse_page)
        request.meta["page_depth"] = depth
        return request

    def _conditional_request(self, url: str, callback: Any) -> scrapy.Request:
        self.discovery_seen.add(url)
        cached = self.validators.get(url)
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_error,
            dont_filter=True,
            headers=cached.headers() if cached else None,
            meta={
                "discovery": True,
                "discovery_url": url,
                "handle_httpstatus_list": [*BLOCKING_STATUSES, 304],
            },
        )

    # -- discovery ---------------------------------------------------------------------------

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        """Article requests for the entries of an RSS or Atom feed."""
        if not self._usable(response) or self._not_modified(response):
            return
        try:
            entries = parse_feed(response.body, response.url)
        except DiscoveryError as exc:
            self._count("malformed_discovery")
            logger.warning("%s: feed %s unreadable: %s", self.site.id, response.url, exc)
            return
        self._discovered(response)
        for entry in entries:
            yield from self._article_request(entry)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        """Child sitemaps of an index, or article requests for the URLs of a (news) sitemap."""
        if not self._usable(response):
            return
        if self._not_modified(response):
            cached = self.validators.get(response.meta["discovery_url"])
            yield from self._child_sitemaps(response, cached.children if cached else ())
            return
        try:
            read = read_sitemap(response.body, response.url)
        except DiscoveryError as exc:
            if sniff_kind(response.body) == "feed":
                yield from self.parse_feed(response)
                return
            self._count("malformed_discovery")
            logger.warning("%s: sitemap %s unreadable: %s", self.site.id, response.url, exc)
            return
        self._count("sitemap_entries_ignored", read.ignored)  # past the protocol's 50,000
        self._count("sitemap_entries_unreadable", read.unreadable)
        self._discovered(response, read.children)
        yield from self._child_sitemaps(response, read.children)
        for entry in read.entries:
            yield from self._article_request(entry)

    def _child_sitemaps(
        self, response: Response, children: Iterable[str]
    ) -> Iterator[scrapy.Request]:
        depth = int(response.meta.get("sitemap_depth", 0)) + 1
        for child in children:
            if not self.site.allows_host(child) or child in self.discovery_seen:
                continue
            if depth > MAX_SITEMAP_DEPTH:
                self._count("sitemap_too_deep")
                continue
            yield self._discovery_request(child, self.parse_sitemap, depth)

    def parse_page(self, response: Response) -> Iterator[scrapy.Request]:
        """Follow links of a home or section page: articles, and more pages up to max_depth.

        A page answered 304 lists no new article (its validators are kept only by a run
        that fetched everything it listed); the pages it links to are still visited.
        """
        if not self._usable(response):
            return
        depth = int(response.meta.get("page_depth", 0))
        if self._not_modified(response):
            cached = self.validators.get(response.meta["discovery_url"])
            yield from self._deeper_pages(cached.children if cached else (), depth)
            return
        if not isinstance(response, TextResponse):
            return
        pages: list[str] = []
        for href in response.css("a::attr(href)").getall():
            url = _link_url(response, href)
            if not url.startswith(("http://", "https://")) or not self.site.allows_host(url):
                continue
            if self.site.is_article_url(url):
                yield from self._article_request(Discovered(url=url, source="link"))
            elif depth < self.site.max_depth and not self.site.is_excluded(url):
                pages.append(url)
        self._discovered(response, pages)
        yield from self._deeper_pages(pages, depth)

    def _deeper_pages(self, urls: Iterable[str], depth: int) -> Iterator[scrapy.Request]:
        if depth >= self.site.max_depth:
            return
        for url in dict.fromkeys(urls):
            if url not in self.discovery_seen and self.site.allows_host(url):
                yield self._page_request(url, depth + 1)

    def _not_modified(self, response: Response) -> bool:
        if response.status != 304:
            return False
        url = response.meta["discovery_url"]
        self._count("discovery_ok")
        self._count("discovery_not_modified")
        if url in self.validators:
            self.seen_validators[url] = self.validators[url]
        return True

    def _discovered(self, response: Response, children: list[str] | None = None) -> None:
        self._count("discovery_ok")
        etag = (response.headers.get(b"ETag") or b"").decode("latin-1")
        last_modified = (response.headers.get(b"Last-Modified") or b"").decode("latin-1")
        if etag or last_modified:
            url = response.meta.get("discovery_url", response.url)
            self.seen_validators[url] = Validators(etag, last_modified, tuple(children or ()))

    def _article_request(self, entry: Discovered) -> Iterator[scrapy.Request]:
        url = strip_tracking(entry.url)
        if not self.site.allows_host(url) or not self._wanted(url, entry):
            return
        key = url_key(url)
        if key in self.scheduled:
            return
        listed = hint_datetime(entry.published) or hint_datetime(entry.modified)
        if self.oldest is not None and listed is not None and listed < self.oldest:
            self._count("articles_too_old")
            return
        last_fetched = self.known.get(key)
        if last_fetched is not None:
            if not _changed_since(entry, last_fetched):
                self._count("articles_known")
                return
            self._count("articles_changed")
        if self.max_articles is not None and self.article_requests >= self.max_articles:
            self.complete = False
            return
        self.scheduled.add(key)
        self.article_requests += 1
        self.requested.add(url)
        hints = DiscoveryHints(entry.title, entry.published, published_source=entry.source)
        yield scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.on_error,
            cb_kwargs={"hints": hints},
            meta={"article_url": url},
            priority=10,
            dont_filter=last_fetched is not None,
        )

    def _wanted(self, url: str, entry: Discovered) -> bool:
        # Feeds and sitemaps list articles by definition; a configured pattern still filters them.
        if entry.source in ("feed", "sitemap") and not self.site.article_pattern:
            return not self.site.is_excluded(url)
        return self.site.is_article_url(url)

    # -- articles ----------------------------------------------------------------------------

    def parse_article(self, response: Response, hints: DiscoveryHints) -> Iterator[ArticlePage]:
        """Hand an article page to the pipelines (extraction happens there).

        Whether a page is a challenge is decided after extraction (a page with an article
        body is an article whatever it loads); here only the status says blocked.
        """
        url = response.meta["article_url"]
        self._count("article_responses")
        if response.status in BLOCKING_STATUSES:
            self._count(f"blocked_status/{response.status}")
            self._article_blocked(url, f"HTTP {response.status}")
            return
        if response.status >= 400:
            self._settle(url, "failed", f"HTTP {response.status}")
            return
        if not isinstance(response, TextResponse) or b"html" not in _content_type(response):
            self._count("not_html")
            self.outcomes[url] = "dropped:not_html"
            self._settle(url, "dropped", f"NotHtml: {_content_type(response).decode('latin-1')}")
            return
        html = response.text
        if "\ufffd" in html:  # the Content-Type's charset may not be the page's
            html = decode_page(_content_type(response).decode("latin-1"), response.body)
        if looks_binary(html):
            self._count("binary_as_html")
            self.outcomes[url] = "dropped:binary"
            self._settle(url, "dropped", "Binary: undecodable bytes served as HTML")
            return
        fetched_at = datetime.now(UTC)
        yield ArticlePage(
            url=response.url,
            html=html,
            site_id=self.site.id,
            fetched_at=fetched_at,
            hints=hints,
            raw=_exchange(response, fetched_at) if self.site.warc else None,
        )

    def on_item_dropped(self, item: Any, response: Response, exception: BaseException) -> None:
        """Record why a page gave no article; remember it so the next runs leave it alone for
        a while (not a challenge page nor a store failure: those are tried again)."""
        from crawler.crawl.pipelines import ChallengePage, StoreFailed

        requested = response.meta.get("article_url") if response is not None else None
        url = str(requested or getattr(item, "url", ""))
        if isinstance(exception, StoreFailed):
            self._settle(url, "failed", f"StoreFailed: {exception}")
            return
        if isinstance(exception, ChallengePage):
            self._count("challenge_page")
            self._article_blocked(url, str(exception))
            return
        self._settle(url, "dropped", f"{type(exception).__name__}: {exception}")
        if response is None:
            return
        outcome = f"dropped:{type(exception).__name__}"
        for dropped_url in {response.meta.get("article_url"), getattr(item, "url", None)} - {None}:
            self.outcomes[str(dropped_url)] = outcome

    def on_item_scraped(self, item: Any, response: Response) -> None:
        """Record how the article was saved; remember the URL it was requested by when it is
        stored under another one."""
        article = item.article if isinstance(item, ExtractedPage) else None
        requested = response.meta.get("article_url") if response is not None else None
        if article is not None and item.saved:
            # A cluster worker's article is 'sent': the ingest learns the store's outcome by
            # the article's URL, kept here as the detail.
            detail = article.url if item.saved == "sent" else ""
            self._settle(str(requested or article.url_original or article.url), item.saved, detail)
        if (
            article is not None
            and requested
            and requested not in (article.url, article.url_original)
        ):
            self.outcomes[requested] = f"stored:{article.url}"

    # -- health ------------------------------------------------------------------------------

    def _usable(self, response: Response) -> bool:
        """A feed, sitemap or start page that is neither refused nor a challenge in its place."""
        if response.status in BLOCKING_STATUSES:
            self._count(f"blocked_status/{response.status}")
            return False
        if response.status >= 400:
            return False
        evidence = _challenge_instead_of_document(response)
        if evidence:
            self._count("challenge_page")
            logger.warning("%s: challenge page at %s: %s", self.site.id, response.url, evidence)
            return False
        return True

    def _article_blocked(self, url: str, evidence: str) -> None:
        """An article page refused (status) or answered by a challenge: retried next run."""
        self._count("article_blocked")
        self.complete = False
        self._settle(url, "blocked", evidence)

    def _settle(self, url: str, outcome: str, detail: str = "") -> None:
        """Record the one outcome of an article URL requested in this run."""
        self.fetched[url] = UrlOutcome(outcome, detail)

    def on_request_dropped(self, request: scrapy.Request) -> None:
        """An article request the scheduler refused (a redirect to a URL already requested)."""
        url = request.meta.get("article_url")
        if url and url not in self.fetched:
            self._settle(url, "dropped", f"DuplicateRequest: {request.url} was already requested")

    def on_error(self, failure: Failure) -> None:
        """Count a failed request (DNS, timeout, refused, too large) and log one line."""
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        article_url = request.meta.get("article_url") if request is not None else None
        kind = failure.type.__name__ if failure.type else "unknown"
        if kind == "IgnoreRequest":
            self._count("skipped_by_robots_or_filters")
            if article_url and self._robots_unavailable():
                self._article_blocked(article_url, "robots.txt answered 5xx: disallow all")
            elif article_url:
                self.outcomes[article_url] = "dropped:ignored"
                self._settle(article_url, "dropped", f"IgnoreRequest: {failure.getErrorMessage()}")
            return
        status = failure.value.response.status if failure.check(HttpError) else None
        kind = f"HTTP {status}" if status else kind
        self._count(f"errors/{kind}")
        if request is not None and request.meta.get("discovery"):
            self._count("discovery_failed")
        elif article_url:
            self._count("article_failed")
            self._settle(article_url, "failed", f"{kind}: {failure.getErrorMessage()}")
            if status in GONE_STATUSES:
                self.outcomes[article_url] = f"http:{status}"
            else:
                self.complete = False
        logger.warning("%s: %s failed: %s", self.site.id, url, failure.getErrorMessage())

    def _robots_unavailable(self) -> bool:
        """True once a robots.txt of this site answered 5xx: everything is refused this run
        (RFC 9309), which is a block, not a page to skip for weeks."""
        stats = self.crawler.stats
        return bool(stats is not None and stats.get_value("presswatch/robots_5xx"))

    def _count(self, key: str, amount: int = 1) -> None:
        if amount and self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"presswatch/{key}", amount)


def _link_url(response: TextResponse, href: str) -> str:
    """A link's absolute address (the page's <base> honoured), tracking parameters gone; ''
    for one no URL parser reads ('http://[::1'), which costs only itself, not the page."""
    try:
        return requestable(strip_tracking(response.urljoin(href.strip())))
    except ValueError:
        return ""


def _keyed(known: Mapping[str, datetime]) -> dict[str, datetime]:
    """Known URLs by url_key (rows stored under older key forms included), latest fetch kept."""
    keyed: dict[str, datetime] = {}
    for url, fetched_at in known.items():
        key = url_key(url)
        keyed[key] = max(fetched_at, keyed.get(key, fetched_at))
    return keyed


def _changed_since(entry: Discovered, fetched_at: datetime) -> bool:
    """True when the feed or sitemap dates a change of the article after we fetched it."""
    dates = [hint_datetime(entry.modified), hint_datetime(entry.published)]
    return any(when is not None and when > fetched_at for when in dates)


def _challenge_instead_of_document(response: Response) -> str:
    """Challenge evidence of an HTML page served where a feed, sitemap or page was asked for.

    A feed or sitemap (XML) is never judged by what its items say."""
    if response.status == 304 or not isinstance(response, TextResponse):
        return ""
    head = response.body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(XML_STARTS) or (b"<html" not in head and b"<!doctype html" not in head):
        return ""
    return challenge_evidence(response.text)


def _exchange(response: Response, fetched_at: datetime) -> RawExchange:
    """The request and response as sent, for the site's WARC file (the body as Scrapy holds
    it: content encodings such as gzip removed)."""
    request = response.request
    return RawExchange(
        url=response.url,
        method=request.method if request is not None else "GET",
        request_headers=_header_pairs(request.headers) if request is not None else (),
        status=response.status,
        reason=_reason(response.status),
        headers=_header_pairs(response.headers),
        body=response.body,
        fetched_at=fetched_at,
    )


def _header_pairs(headers: Any) -> tuple[tuple[str, str], ...]:
    return tuple(
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    )


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _content_type(response: Response) -> bytes:
    return (response.headers.get(b"Content-Type") or b"text/html").lower()
