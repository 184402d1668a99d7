"""A generated news site of any size (feed, sitemap index, articles) and a server that can
misbehave: slow paths, pages that change between requests, endless generated pages."""

from __future__ import annotations

import gzip
import os
import random
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape as xml_escape

from crawler.demo.server import SiteServer
from crawler.demo.site import DemoArticle, Page, html_page, render_article

NEWEST = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
ARTICLE_PATTERN = r"/world/\d{4}/\d{2}/\d{2}/[\w-]+\.html"
_VOCABULARY = """
harbour council budget ferry port minister trade talks tariff election vote river
bridge school hospital nurses strike rail fares housing rent market shares bank rates
inflation energy wind solar grid storm flood rescue coast guard festival museum theatre
film music football league cup final coach season record science space probe telescope
climate research university students farmers harvest prices export shipping container
crane union wages pension reform court judge ruling police inquiry mayor city district
plan report survey data growth forecast airport runway tourism hotel visitors summer
winter
"""
_WORDS = tuple(_VOCABULARY.split())


def story(number: int, newest: datetime = NEWEST, hours_apart: float = 3.0) -> DemoArticle:
    """Article `number` of a generated site: distinct English text, a date `hours_apart`
    older than the one before."""
    rng = random.Random(number)
    published = (newest - timedelta(hours=hours_apart * number)).replace(microsecond=0)
    paragraphs = [
        " ".join(rng.choice(_WORDS) for _ in range(45)).capitalize() + "." for _ in range(4)
    ]
    title_words = " ".join(rng.choice(_WORDS) for _ in range(6))
    return DemoArticle(
        path=f"/world/{published:%Y/%m/%d}/story-{number}.html",
        title=f"Story {number}: {title_words}",
        section="world",
        published=published.isoformat(),
        authors=["Desk Reporter"],
        language="en",
        body=[f"Story number {number}.", *paragraphs],
    )


@dataclass
class NewsSite:
    """What a generated site holds; `build` turns it into pages for a SiteServer."""

    count: int = 200
    first: int = 0  # number of the first story (sites on one test differ by it)
    newest: datetime = NEWEST
    hours_apart: float = 3.0
    sitemap_chunk: int = 100
    feed_size: int = 30
    changed: dict[int, str] = field(default_factory=dict)  # number -> modified ISO time
    extra: dict[str, Page] = field(default_factory=dict)

    def articles(self) -> list[DemoArticle]:
        found = []
        for number in range(self.first, self.first + self.count):
            article = story(number, self.newest, self.hours_apart)
            if number in self.changed:
                article = replace(
                    article,
                    modified=self.changed[number],
                    body=[*article.body, f"Update: correction number {number} was added."],
                )
            found.append(article)
        return found

    def build(self, base_url: str) -> dict[str, Page]:
        base_url = base_url.rstrip("/")
        articles = self.articles()
        pages = {a.path: html_page(render_article(a, base_url)) for a in articles}
        pages["/robots.txt"] = Page(b"User-agent: *\nDisallow: /private/\n", "text/plain")
        pages["/rss.xml"] = _rss(articles[: self.feed_size], base_url)
        chunks = [
            articles[i : i + self.sitemap_chunk]
            for i in range(0, len(articles), self.sitemap_chunk)
        ]
        for number, chunk in enumerate(chunks, start=1):
            pages[f"/sitemaps/{number}.xml"] = _urlset(chunk, base_url)
        pages["/sitemap.xml"] = _sitemap_index(
            [f"{base_url}/sitemaps/{n}.xml" for n in range(1, len(chunks) + 1)]
        )
        pages.update(self.extra)
        return pages


def _xml(text: str, content_type: str = "application/xml") -> Page:
    return Page(('<?xml version="1.0" encoding="UTF-8"?>\n' + text).encode(), content_type)


def _rss(articles: list[DemoArticle], base_url: str) -> Page:
    items = "".join(
        f"<item><title>{xml_escape(a.title)}</title><link>{a.url(base_url)}</link>"
        f"<pubDate>{format_datetime(a.published_at)}</pubDate></item>\n"
        for a in articles
    )
    return _xml(
        f"<rss version='2.0'><channel><title>Factory News</title>\n{items}</channel></rss>\n",
        "application/rss+xml",
    )


def _urlset(articles: list[DemoArticle], base_url: str) -> Page:
    urls = "".join(
        f"<url><loc>{a.url(base_url)}</loc><lastmod>{a.modified or a.published}</lastmod></url>\n"
        for a in articles
    )
    return _xml(f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>')


def _sitemap_index(children: list[str]) -> Page:
    entries = "".join(f"<sitemap><loc>{url}</loc></sitemap>\n" for url in children)
    return _xml(
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}'
        "</sitemapindex>"
    )


def gzip_bomb(inflated_bytes: int) -> Page:
    """A page claiming Content-Encoding gzip whose body inflates to `inflated_bytes`."""
    body = gzip.compress(b"<html><body>" + b"A" * inflated_bytes, compresslevel=9)
    return Page(body, "text/html; charset=utf-8", headers=(("Content-Encoding", "gzip"),))


class FaultServer(SiteServer):
    """A SiteServer whose paths can be slow, answer by request number, or be generated.

    `delays` maps a path prefix to seconds slept before answering; `dynamic` maps a path to a
    function of how many times it was asked for (1 for the first request); `generated` maps
    a path prefix to a function of the full path (endless spaces such as calendars).
    """

    def __init__(
        self,
        build: Callable[[str], dict[str, Page]],
        delays: dict[str, float] | None = None,
        dynamic: dict[str, Callable[[int], Page]] | None = None,
        generated: dict[str, Callable[[str], Page]] | None = None,
    ) -> None:
        super().__init__(build)
        self.delays = dict(delays or {})
        self.dynamic = dict(dynamic or {})
        self.generated = dict(generated or {})
        self.times: list[tuple[float, str]] = []
        self._times_lock = threading.Lock()

    def record(self, path: str) -> None:
        super().record(path)
        with self._times_lock:
            self.times.append((time.monotonic(), path))

    def lookup(self, path: str) -> Page:
        for prefix, seconds in self.delays.items():
            if path.startswith(prefix):
                time.sleep(seconds)
        bare = urlsplit(path).path
        if bare in self.dynamic:
            return self.dynamic[bare](self.request_count(bare))
        for prefix, make in self.generated.items():
            if bare.startswith(prefix):
                return make(path)
        return super().lookup(path)

    def rebuild(self, build: Callable[[str], dict[str, Page]]) -> None:
        """Serve what `build` makes from now on (the site changed)."""
        self.pages = build(self.base_url)

    def since(self, mark: int) -> list[str]:
        """Paths requested after `mark` (a former len(self.requests))."""
        return list(self.requests[mark:])


def site_config(
    sites: dict[str, str], defaults: str = "", site_extra: dict[str, str] | None = None
) -> str:
    """A config with one [[site]] per (id -> base URL) crawling a generated site fast;
    `defaults` lines ("key = value") replace the fast defaults or add to them."""
    settings = {
        "user_agent": '"presswatch-tests/1.0 (+mailto:tests@example.org)"',
        "download_delay": "0",
        "concurrency_per_domain": "8",
        "index_batch_size": "50",
        "download_timeout": "10",
    }
    for line in defaults.strip().splitlines():
        key, value = line.split("=", 1)
        settings[key.strip()] = value.strip()
    text = "[defaults]\n" + "".join(f"{key} = {value}\n" for key, value in settings.items())
    for site_id, base_url in sites.items():
        extra = (site_extra or {}).get(site_id, "")
        text += f"""
[[site]]
id = "{site_id}"
name = "{site_id}"
domains = ["127.0.0.1"]
feeds = ["{base_url}/rss.xml"]
sitemaps = ["{base_url}/sitemap.xml"]
article_pattern = '{ARTICLE_PATTERN}'
language = "en"
{extra}
"""
    return text


def presswatch(
    config: Path, data: Path, *args: str, env: dict[str, str] | None = None, **popen: object
) -> subprocess.Popen[str]:
    """Start `presswatch --config C --data D ARGS` in a subprocess (not waited for); `env`
    adds variables to the environment (PRESSWATCH_* ones of the caller are dropped)."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("PRESSWATCH_")}
    return subprocess.Popen(  # type: ignore[call-overload,no-any-return]
        [sys.executable, "-m", "search", "--config", str(config), "--data", str(data), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**inherited, "COLUMNS": "200", **(env or {})},
        **popen,
    )


def stored_count(data: Path) -> int:
    """Articles in the store, read without writing (safe while a crawl runs)."""
    path = data / "articles.sqlite3"
    if not path.exists():
        return 0
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.OperationalError:
        return 0


def wait_for(condition: Callable[[], bool], timeout: float = 60, step: float = 0.02) -> bool:
    """Poll until `condition()` is true; False on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False
