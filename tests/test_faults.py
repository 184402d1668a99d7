"""Hostile and broken sites never stop a crawl; blocking and failing sites are reported as such
while the others carry on. Every case is a real crawl over HTTP of a fixture server."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from crawler.demo.site import Page, html_page, render_article
from tests.conftest import run_cli
from tests.news_factory import (
    ARTICLE_PATTERN,
    FaultServer,
    NewsSite,
    gzip_bomb,
    site_config,
    story,
)

pytestmark = pytest.mark.slow  # real crawls in subprocesses against hostile and failing sites

TRAP = "/world/2025/05/01/"
CALENDAR_LINKS = 3
MAX_DEPTH = 2


def _calendar(path: str) -> Page:
    """An endless calendar: every month page links to the next months (and never ends)."""
    parts = [int(p) for p in path.strip("/").split("/")[1:3] if p.isdigit()] or [2025, 5]
    year, month = [*parts, 5][:2]
    links = []
    for step in range(1, CALENDAR_LINKS + 1):
        total = year * 12 + month - 1 + step
        links.append(f'<a href="/calendar/{total // 12}/{total % 12 + 1:02d}/">next</a>')
    return html_page(f"<html><body><h1>Events {year}-{month}</h1>{''.join(links)}</body></html>")


def _redirect(location: str, status: int = 302) -> Page:
    return Page(b"", "text/html", status=status, headers=(("Location", location),))


def _hostile_pages(base_url: str) -> dict[str, Page]:
    port = base_url.rsplit(":", 1)[1]
    invalid = render_article(story(900), base_url).encode()
    invalid = invalid.replace(b"Story number 900.", b"Story number 900 \xff\xfe\xc3\x28 bytes.")
    traps = {
        TRAP + "huge.html": html_page(
            render_article(story(901), base_url).replace("</body>", "<p>x</p>" * 40_000)
        ),
        TRAP + "bomb.html": gzip_bomb(30_000_000),
        TRAP + "binary.html": Page(random.Random(0).randbytes(60_000), "text/html"),
        TRAP + "loop-a.html": _redirect(base_url + TRAP + "loop-b.html"),
        TRAP + "loop-b.html": _redirect(base_url + TRAP + "loop-a.html"),
        TRAP + "away.html": _redirect(f"http://localhost:{port}{TRAP}elsewhere.html", 301),
        TRAP + "elsewhere.html": html_page(render_article(story(902), base_url)),
        story(900).path: Page(invalid, "text/html; charset=utf-8"),
    }
    listed = [path for path in traps if not path.endswith("elsewhere.html")]
    items = "".join(f"<item><link>{base_url}{path}</link></item>" for path in listed)
    traps["/traps.xml"] = Page(f"<rss><channel>{items}</channel></rss>".encode(), "text/xml")
    traps["/broken.rss"] = Page(b"\x00\x01\x02 this is not XML at all", "application/rss+xml")
    traps["/truncated.xml"] = Page(b"<?xml version='1.0'?><urlset><url><loc>", "text/xml")
    traps["/self-sitemap.xml"] = Page(
        f"<sitemapindex><sitemap><loc>{base_url}/self-sitemap.xml</loc></sitemap>"
        "</sitemapindex>".encode(),
        "text/xml",
    )
    traps["/feed-redirect.xml"] = _redirect(f"http://localhost:{port}{TRAP}elsewhere.html")
    return traps


def test_hostile_pages_never_stop_the_crawl(tmp_path: Path) -> None:
    site = NewsSite(count=20)
    build = site.build

    def build_all(base_url: str) -> dict[str, Page]:
        return build(base_url) | _hostile_pages(base_url)

    server = FaultServer(build_all, generated={"/calendar/": _calendar})
    with server:
        base = server.base_url
        feeds = ("rss.xml", "traps.xml", "broken.rss", "feed-redirect.xml")
        extra = f"""feeds = [{", ".join(f'"{base}/{name}"' for name in feeds)}]
sitemaps = ["{base}/sitemap.xml", "{base}/truncated.xml", "{base}/self-sitemap.xml"]
start_urls = ["{base}/calendar/2025/05/"]
max_depth = {MAX_DEPTH}
"""
        config = tmp_path / "sites.toml"
        text = site_config({"hostile": base}, defaults="max_page_bytes = 200_000")
        # The generated site's own feed/sitemap lines are replaced by the trap-laden ones.
        text = text.replace(f'feeds = ["{base}/rss.xml"]\n', "").replace(
            f'sitemaps = ["{base}/sitemap.xml"]\n', ""
        )
        config.write_text(text + extra, encoding="utf-8")
        result = run_cli(
            "--config", str(config), "--data", str(tmp_path / "data"), "crawl", "--json",
            timeout=120,
        )  # fmt: skip
    requests = server.requests
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)["sites"][0]
    assert report["status"] == "ok" and report["new"] == 21, report  # 20 + the invalid UTF-8 one
    assert TRAP + "elsewhere.html" not in requests  # off-site redirect refused
    assert requests.count("/feed-redirect.xml") == 1  # a feed redirected off-site: refused
    assert requests.count(TRAP + "loop-a.html") <= 6  # REDIRECT_MAX_TIMES, then given up
    assert requests.count("/self-sitemap.xml") == 1
    calendar = [path for path in requests if path.startswith("/calendar/")]
    bound = sum(CALENDAR_LINKS**depth for depth in range(MAX_DEPTH + 1))
    assert 0 < len(calendar) <= bound, calendar
    stored = run_cli(
        "--config", str(config), "--data", str(tmp_path / "data"), "search", "*", "--json",
        "--limit", "100",
    )  # fmt: skip
    urls = {hit["url"].removeprefix(base) for hit in json.loads(stored.stdout)["hits"]}
    assert story(900).path in urls
    assert not {TRAP + name for name in ("huge.html", "bomb.html", "binary.html")} & urls
    assert ARTICLE_PATTERN  # the traps match the article pattern: only their content stops them


def _blocked_pages(status: int) -> dict[str, Page]:
    page = Page(b"<html><body>Forbidden</body></html>", "text/html", status=status)
    return {path: page for path in ("/rss.xml", "/sitemap.xml")}


def _challenge(base_url: str) -> dict[str, Page]:
    pages = NewsSite(count=5, first=200).build(base_url)
    challenge = html_page(
        "<html><head><title>Just a moment...</title></head><body>"
        '<div id="challenge-platform">Checking your browser</div></body></html>'
    )
    return {p: challenge if p.startswith("/world/") else page for p, page in pages.items()}


def test_blocked_failing_and_rate_limited_sites_are_reported_and_the_others_carry_on(
    tmp_path: Path,
) -> None:
    good = NewsSite(count=5)
    limited_site = NewsSite(count=5, first=100)
    limited_pages = limited_site.build  # the first feed request is answered 429

    def limited_feed(count: int) -> Page:
        if count == 1:
            return Page(b"slow down", "text/plain", status=429, headers=(("Retry-After", "2"),))
        return limited_pages(limited.base_url)["/rss.xml"]

    servers = {
        "good": FaultServer(good.build),
        "forbidden": FaultServer(lambda base: _blocked_pages(403)),
        "challenged": FaultServer(_challenge),
        "slow": FaultServer(
            NewsSite(count=5, first=300).build, delays={"/rss.xml": 4, "/sitemap": 4}
        ),
        "limited": FaultServer(limited_pages, dynamic={"/rss.xml": limited_feed}),
    }
    limited = servers["limited"]
    for server in servers.values():
        server.start()
    try:
        config = tmp_path / "sites.toml"
        bases = {name: server.base_url for name, server in servers.items()}
        # Feeds and sitemaps on another host than the site's domains (as feeds.bbci.co.uk for
        # bbc.co.uk) are fetched all the same: the good site's are on localhost.
        bases["good"] = bases["good"].replace("127.0.0.1", "localhost")
        config.write_text(site_config(bases, defaults="download_timeout = 1"), encoding="utf-8")
        data = tmp_path / "data"
        result = run_cli("--config", str(config), "--data", str(data), "crawl", "--json")
        assert result.returncode == 1, result.stderr[-3000:]
        sites = {s["site"]: s for s in json.loads(result.stdout)["sites"]}
        assert sites["good"]["status"] == "ok" and sites["good"]["new"] == 5
        assert (sites["forbidden"]["status"], sites["forbidden"]["reason"]) == (
            "blocked",
            "HTTP 403",
        )
        assert sites["challenged"]["status"] == "blocked"
        assert "challenge page" in sites["challenged"]["reason"]
        assert sites["slow"]["status"] == "failed" and "TimeoutError" in sites["slow"]["reason"]
        assert sites["limited"]["status"] == "ok" and sites["limited"]["new"] == 5
        feed_times = [t for t, path in limited.times if path == "/rss.xml"]
        assert len(feed_times) == 2 and feed_times[1] - feed_times[0] >= 1.9  # Retry-After: 2

        listed = run_cli("--config", str(config), "--data", str(data), "sites", "--json")
        health = {row["id"]: row for row in json.loads(listed.stdout)}
        assert health["forbidden"]["health"] == "blocked"
        assert health["forbidden"]["health_reason"] == "HTTP 403"
        assert health["slow"]["health"] == "failing" and health["good"]["health"] == "ok"
        assert health["good"]["articles"] == 5
        table = run_cli("--config", str(config), "--data", str(data), "sites").stdout
        assert "blocked (HTTP 403)" in table and "failing" in table

        run = json.loads((data / "runs.jsonl").read_text().splitlines()[-1])
        changes = {(c["site"], c["from"], c["to"]) for c in run["health_changes"]}
        assert changes == {
            ("forbidden", "new", "blocked"),
            ("challenged", "new", "blocked"),
            ("slow", "new", "failing"),
        }

        # A --due tick right after: the fine sites are not due for an hour, the others back off.
        marks = {name: len(server.requests) for name, server in servers.items()}
        tick = run_cli("--config", str(config), "--data", str(data), "crawl", "--due")
        assert tick.returncode == 0 and "no site is due" in tick.stderr, tick.stderr
        assert all(len(s.requests) == marks[name] for name, s in servers.items())

        # The good site starts refusing us: ok -> blocked is logged and written for alerts.
        servers["good"].rebuild(lambda base: _blocked_pages(403))
        turned = run_cli("--config", str(config), "--data", str(data), "crawl", "--site", "good")
        assert turned.returncode == 1
        assert "health of good: ok -> blocked (HTTP 403)" in turned.stderr
        run = json.loads((data / "runs.jsonl").read_text().splitlines()[-1])
        assert run["health_changes"] == [
            {"site": "good", "from": "ok", "to": "blocked", "reason": "HTTP 403"}
        ]
    finally:
        for server in servers.values():
            server.stop()


def test_a_page_in_another_charset_than_its_header_says_keeps_its_letters(
    tmp_path: Path,
) -> None:
    """Regression (a QA pass): a Western page (meta charset) served as 'charset=utf-8' was
    decoded by the header, and 'Café société' stored as 'Caf socit': lost to search."""
    from dataclasses import replace

    site = NewsSite(count=3)
    plain = story(1)
    accented = replace(
        plain,
        title="Café société rouvre à Montréal",
        body=["Le café de la société coopérative a rouvert ses portes.", *plain.body],
    )

    def build(base_url: str) -> dict[str, Page]:
        html = render_article(accented, base_url, charset="windows-1252")
        page = html.encode("cp1252", "xmlcharrefreplace")
        return site.build(base_url) | {accented.path: Page(page, "text/html; charset=utf-8")}

    with FaultServer(build) as server:
        config = tmp_path / "sites.toml"
        config.write_text(site_config({"accents": server.base_url}), encoding="utf-8")
        args = ("--config", str(config), "--data", str(tmp_path / "data"))
        crawled = run_cli(*args, "crawl", "--json")
        shown = run_cli(*args, "show", server.base_url + accented.path, "--json")
    assert crawled.returncode == 0, crawled.stderr[-3000:]
    article = json.loads(shown.stdout)
    assert article["title"] == "Café société rouvre à Montréal"  # its JSON-LD is ASCII
    assert "Le café de la société coopérative a rouvert" in article["body"]
    found = run_cli(*args, "search", "body:coopérative", "--count")
    assert found.stdout.strip() == "1"
