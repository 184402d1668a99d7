"""Downloader middlewares: keep requests on the site, cache robots.txt, honour Retry-After."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as ScrapyRobotsTxt
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from crawler.crawl.component import CrawlerComponent
from crawler.store.fetch_state import cached_robots, save_robots

if TYPE_CHECKING:
    from crawler.store import ArticleStore

logger = logging.getLogger(__name__)

MAX_RETRY_AFTER = 60.0  # seconds; a site asking for a longer pause is reported as blocked


class SiteBoundsMiddleware(CrawlerComponent):
    """Refuse any request outside the site's domains (and the hosts of its configured feeds,
    sitemaps and start pages), redirects included: Scrapy's offsite filter lets
    `dont_filter` requests, such as feeds and their redirects, through."""

    def process_request(self, request: Request) -> None:
        site = getattr(self.spider, "site", None)
        if site is None or site.allows_host(request.url):
            return
        if urlsplit(request.url).hostname in getattr(self.spider, "configured_hosts", ()):
            return
        self._inc("offsite_refused")
        raise IgnoreRequest(f"{request.url} is outside the domains of site '{site.id}'")


class ExtractionBackPressureMiddleware(CrawlerComponent):
    """Hold an article request before its download while the extraction workers are behind
    (crawler.crawl.extract_pool.ExtractionPool.room), and give its place back when the
    download ends. The held request counts against the crawl's concurrency, so Scrapy starts
    no other download meanwhile: memory holds a few pages per worker, whatever the number of
    sites.

    It sits nearest the downloader (DOWNLOADER_MIDDLEWARES 950), so each attempt (a retry, a
    redirect) takes a place and its answer or error, seen here first, gives it back.
    """

    async def process_request(self, request: Request) -> None:
        if "article_url" in request.meta:
            await self.context.extractor.room()
            request.meta[_HOLDS_ROOM] = True

    def process_response(self, request: Request, response: Response) -> Response:
        self._give_back(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self._give_back(request)

    def _give_back(self, request: Request) -> None:
        if request.meta.pop(_HOLDS_ROOM, False):
            self.context.extractor.downloaded()


_HOLDS_ROOM = "_presswatch_holds_room"


# What Scrapy's robots.txt middleware is handed for a robots.txt answered with a server error.
DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


class RobotsCacheMiddleware(CrawlerComponent):
    """Serve robots.txt from the store when it was fetched less than a day ago.

    A robots.txt answered with 5xx (after Scrapy's retries) means "disallow all" for this run
    (RFC 9309, section 2.3.1.4) and is not cached; the site is reported blocked. A 4xx means
    no rules: allow all.
    """

    def process_request(self, request: Request) -> Response | None:
        store = self._store()
        if store is None or not _is_robots(request):
            return None
        body = cached_robots(store, request.url, datetime.now(UTC))
        if body is None:
            return None
        request.meta["robots_cached"] = True
        self._inc("robots_cached")
        return Response(request.url, status=200, body=body, request=request)

    def process_response(self, request: Request, response: Response) -> Response:
        store = self._store()
        if not _is_robots(request) or request.meta.get("robots_cached"):
            return response
        if response.status >= 500:
            self._inc("robots_5xx")
            logger.warning("%s answered %d: nothing fetched this run", request.url, response.status)
            return response.replace(status=200, body=DISALLOW_ALL)
        if 400 <= response.status < 500:
            response = response.replace(body=b"")
        if store is None:
            return response
        if response.status in (200, 404, 410):
            body = response.body if response.status == 200 else b""
            save_robots(store, request.url, body, datetime.now(UTC))
        return response

    def _store(self) -> ArticleStore | None:
        return None if self.context.store_error else self.context.store


class RobotsTxtMiddleware(ScrapyRobotsTxt):
    """Scrapy's robots.txt middleware, with every request checked against the parsed rules.

    Since Scrapy 2.14 the requests that wait for a host's robots.txt await one Deferred;
    a Deferred hands its result to its first callback only, so the second and later waiters
    get None, which means "allow", and go out unchecked. Here a request handed None looks
    the settled parser up again (``_parsers``: a private attribute, checked by
    tests/test_dependency_apis.py).
    """

    def process_request_2(self, rp: Any, request: Request, *spider: Any) -> None:
        if rp is None:
            settled = self._parsers.get(urlparse_cached(request).netloc)
            if not isinstance(settled, Deferred):
                rp = settled
        super().process_request_2(rp, request, *spider)


class RetryAfterMiddleware(CrawlerComponent):
    """On 429/503 with Retry-After: wait that long (up to MAX_RETRY_AFTER), slow the whole
    site down to that pace, then retry; a longer pause asked for is not retried now.

    Sits before Scrapy's RetryMiddleware, which retries these at once whatever the header says.
    """

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in (429, 503):
            return response
        wait = retry_after_seconds(response.headers.get(b"Retry-After"), datetime.now(UTC))
        if wait is None:
            return response
        if wait > MAX_RETRY_AFTER:
            self._inc("retry_after_too_long")
            request.meta["dont_retry"] = True
            return response
        retry = get_retry_request(
            request, spider=self.spider, reason=f"{response.status} with Retry-After {wait:.0f}s"
        )
        if retry is None:
            request.meta["dont_retry"] = True
            return response
        self._inc("retry_after_honoured")
        self._slow_down(request, wait)
        await _sleep(wait)
        return retry

    def _slow_down(self, request: Request, wait: float) -> None:
        engine = self.crawler.engine
        if engine is None:
            return
        downloader = engine.downloader
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is not None:
            slot.delay = max(slot.delay, wait)


def retry_after_seconds(value: bytes | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or an HTTP date), else None."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def _is_robots(request: Request) -> bool:
    return bool(request.meta.get("dont_obey_robotstxt")) and (
        urlsplit(request.url).path == "/robots.txt"
    )


async def _sleep(seconds: float) -> None:
    from scrapy.utils.defer import maybe_deferred_to_future
    from twisted.internet import reactor
    from twisted.internet.task import deferLater

    await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))
