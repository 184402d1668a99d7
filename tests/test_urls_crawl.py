"""URLs in a real crawl: requested byte for byte but tracking parameters and dot segments,
stored under a normalised key, rel=canonical trusted only within the site's domains, old keys
still found."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.demo.server import SiteServer
from crawler.demo.site import Page
from crawler.extract.textnorm import url_key
from crawler.model import Article
from crawler.store import ArticleStore
from tests.conftest import invoke_cli, run_cli

pytestmark = pytest.mark.slow  # real crawls in subprocesses

SITE_ID = "odd-urls"
PARAGRAPH = (
    "The harbour board met on Tuesday to weigh a plan for the northern quay, where ships "
    "have waited for berths since the spring storms closed the outer wall for repairs."
)
# Feed entry -> the request target the server must see (None: never requested).
SEMICOLON = "/news/semicolon.html?x=1;y=2"
TRACKED = "/news/tracked.html?utm_source=a&id=3"
DOTTED = "/news/x/../dotted.html?b=2&a=1"
DOTTED_REQUESTED = "/news/dotted.html?b=2&a=1"  # as a browser asks for it
FOREIGN = "/news/foreign.html"
PRINTED = "/news/print/same.html"
OLD_KEYED = "/news/old.html?b=2&a=1"
MARKUP = "/news/markup.html"
MARKUP_CANONICAL = "/news/[link=file:///etc/passwd]x[/link][/b].html"


def _article(title: str, canonical: str = "") -> Page:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    paragraphs = "".join(f"<p>{title}. {PARAGRAPH}</p>" for _ in range(4))
    html = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'{link}<meta property="article:published_time" content="2025-05-05T09:00:00+00:00">'
        f"</head><body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    )
    return Page(html.encode(), "text/html; charset=utf-8")


def build_site(base_url: str) -> dict[str, Page]:
    """A feed listing odd URLs; each page is served under the exact target it must be asked by."""
    upper = base_url.replace("http://", "HTTP://")
    entries = [
        f"{base_url}{SEMICOLON}",
        f"{base_url}{TRACKED}",
        f"{upper}{DOTTED}",
        f"{base_url}{FOREIGN}",
        f"{base_url}{PRINTED}",
        f"{base_url}{OLD_KEYED}",
        f"{base_url}{MARKUP}",
    ]
    items = "".join(
        f"<item><title>Story {n}</title><link>{url.replace('&', '&amp;')}</link>"
        "<pubDate>Mon, 05 May 2025 09:00:00 +0000</pubDate></item>"
        for n, url in enumerate(entries)
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'
    return {
        "/rss.xml": Page(feed.encode(), "application/rss+xml"),
        SEMICOLON: _article("Semicolon query"),
        "/news/tracked.html?id=3": _article("Tracked link"),
        DOTTED_REQUESTED: _article("Dotted path"),
        FOREIGN: _article("Foreign canonical", "https://other-outlet.example/story.html"),
        PRINTED: _article("Printed copy", f"{base_url}/news/same.html"),
        OLD_KEYED: _article("Stored by an earlier version"),
        MARKUP: _article("[bold red]Crafted[/ canonical", MARKUP_CANONICAL),
    }


@dataclass
class Crawl:
    server: SiteServer
    config: Path
    data: Path

    def run(self, *args: str) -> list[str]:
        """Crawl with the real CLI; the request targets the server saw."""
        mark = len(self.server.requests)
        result = run_cli("--config", str(self.config), "--data", str(self.data), "crawl", *args)
        assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
        return self.server.requests[mark:]

    def stored(self) -> dict[str, str]:
        """Stored key -> title."""
        with ArticleStore.open(self.data) as store:
            rows = store.connection.execute("SELECT url, title FROM articles").fetchall()
        return {row["url"]: row["title"] for row in rows}


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    root = tmp_path_factory.mktemp("urls")
    with SiteServer(build_site) as server:
        config = root / "sites.toml"
        config.write_text(
            f"""
[defaults]
user_agent = "presswatch-tests/1.0 (+mailto:tests@example.org)"
download_delay = 0

[[site]]
id = "{SITE_ID}"
name = "Odd URLs"
domains = ["127.0.0.1"]
feeds = ["{server.base_url}/rss.xml"]
""",
            encoding="utf-8",
        )
        yield Crawl(server, config, root / "data")


def test_urls_are_requested_as_given_and_stored_under_normalised_keys(crawl: Crawl) -> None:
    base = crawl.server.base_url
    # What an earlier presswatch left: the article keyed with its parameters in page order.
    old_key = f"{base}{OLD_KEYED}"
    with ArticleStore.open(crawl.data) as store:
        store.save(
            Article(
                url=old_key,
                url_original=old_key,
                site=SITE_ID,
                title="Stored by an earlier version",
                body=PARAGRAPH,
                content_hash="0" * 64,
                first_seen=datetime(2025, 5, 5, 10, tzinfo=UTC),
            )
        )
    requested = crawl.run()
    assert SEMICOLON in requested  # not ?x=1%3By%3D2
    assert "/news/tracked.html?id=3" in requested
    assert not any("utm_source" in path for path in requested)
    assert DOTTED_REQUESTED in requested and DOTTED not in requested
    assert OLD_KEYED not in requested  # known under its old key: not fetched again
    stored = crawl.stored()
    assert stored == {
        f"{base}/news/semicolon.html?x=1%3By%3D2": "Semicolon query",
        f"{base}/news/tracked.html?id=3": "Tracked link",
        f"{base}/news/dotted.html?a=1&b=2": "Dotted path",
        f"{base}{FOREIGN}": "Foreign canonical",  # another outlet's canonical is ignored
        f"{base}/news/same.html": "Printed copy",  # the same site's canonical is the key
        old_key: "Stored by an earlier version",
        f"{base}{MARKUP_CANONICAL}": "[bold red]Crafted[/ canonical",
    }


def test_a_refresh_updates_an_old_keyed_article_instead_of_storing_it_twice(crawl: Crawl) -> None:
    if not crawl.stored():
        crawl.run()  # when run alone
    requested = crawl.run("--refresh")
    assert OLD_KEYED in requested
    with ArticleStore.open(crawl.data) as store:
        rows = store.connection.execute("SELECT url, title FROM articles").fetchall()
        old = store.get_by_url(url_key(f"{crawl.server.base_url}{OLD_KEYED}"))
    keys = [url_key(row["url"]) for row in rows]
    assert len(keys) == len(set(keys)) == 7
    assert old is not None and old.title == "Stored by an earlier version"
    assert "Stored by an earlier version" in old.body  # the page as fetched now


def test_show_finds_an_article_by_the_url_as_linked(crawl: Crawl) -> None:
    if not crawl.stored():
        crawl.run()
    linked = crawl.server.base_url.replace("http://", "HTTP://") + DOTTED
    result = invoke_cli(
        "--config", str(crawl.config), "--data", str(crawl.data), "show", linked, "--json"
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "Dotted path"


def test_a_crafted_canonical_url_prints_as_text_in_search(crawl: Crawl) -> None:
    if not crawl.stored():
        crawl.run()
    args = ("--config", str(crawl.config), "--data", str(crawl.data))
    result = run_cli(*args, "search", "crafted")  # a process, as a user runs it
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert f"{crawl.server.base_url}{MARKUP_CANONICAL}" in result.stdout
    assert "[bold red]Crafted[/ canonical" in result.stdout
