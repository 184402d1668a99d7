"""Incremental crawls over HTTP: unchanged sites cost only feeds and sitemaps, changes are
fetched again and kept as revisions, old articles are never fetched."""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crawler.demo.site import html_page
from crawler.store import ArticleStore
from indexer.index import ArticleIndex
from tests.conftest import invoke_cli, run_cli
from tests.news_factory import FaultServer, NewsSite, site_config

pytestmark = pytest.mark.slow  # real crawls in subprocesses, run again and again

DISCOVERY = {"/rss.xml", "/sitemap.xml", "/sitemaps/1.xml", "/sitemaps/2.xml"}


@dataclass
class Archive:
    server: FaultServer
    site: NewsSite
    config: Path
    data: Path

    def crawl(self, *args: str) -> tuple[dict[str, object], list[str]]:
        """Run `presswatch crawl --json ARGS`; the report and the paths it requested."""
        mark = len(self.server.requests)
        result = run_cli(
            "--config", str(self.config), "--data", str(self.data), "crawl", "--json", *args
        )
        assert result.returncode == 0, result.stderr[-2000:]
        return json.loads(result.stdout), self.server.since(mark)


def articles_requested(paths: list[str]) -> list[str]:
    return [path for path in paths if path.startswith("/world/")]


def index_count(data: Path) -> int:
    return ArticleIndex.open(data / "index").doc_count()


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    """A 200-article site crawled once."""
    root = tmp_path_factory.mktemp("incremental")
    site = NewsSite(count=200)
    with FaultServer(site.build) as server:
        config = root / "sites.toml"
        config.write_text(site_config({"factory": server.base_url}), encoding="utf-8")
        archive = Archive(server, site, config, root / "data")
        report, requested = archive.crawl()
        assert report["sites"][0]["new"] == 200  # type: ignore[index]
        assert len(articles_requested(requested)) == 200
        yield archive


def test_second_run_over_an_unchanged_site_fetches_only_feeds_and_sitemaps(
    archive: Archive,
) -> None:
    report, requested = archive.crawl()
    site = report["sites"][0]  # type: ignore[index]
    assert sorted(requested) == sorted(DISCOVERY), requested  # robots.txt cached for a day
    assert site["not_modified"] == 4 and site["article_pages"] == 0 and site["new"] == 0
    with ArticleStore.open(archive.data, create=False) as store:
        assert store.count() == 200 and store.pending_count() == 0
    assert index_count(archive.data) == 200


def test_a_changed_article_is_fetched_again_and_the_old_version_kept(archive: Archive) -> None:
    changed_at = (datetime.now(UTC) + timedelta(minutes=1)).replace(microsecond=0).isoformat()
    archive.site.changed = {5: changed_at}
    archive.server.rebuild(archive.site.build)
    report, requested = archive.crawl()
    site = report["sites"][0]  # type: ignore[index]
    # Only the sitemap listing it changed; the unchanged feed and index answer 304.
    assert articles_requested(requested) == [archive.site.articles()[5].path]
    assert site["updated"] == 1 and site["changed_listed"] == 1 and site["not_modified"] == 3
    with ArticleStore.open(archive.data, create=False) as store:
        article = store.get_by_url(archive.server.base_url + archive.site.articles()[5].path)
        assert article is not None and "correction number 5" in article.body
        revisions = store.connection.execute(
            "SELECT article_id, version, record, raw_html FROM revisions"
        ).fetchall()
        assert store.count() == 200 and store.pending_count() == 0
    (old,) = revisions
    assert old["article_id"] == article.id and old["version"] == 1
    assert "correction number 5" not in json.loads(old["record"])["body"]
    assert b"correction" not in zlib.decompress(old["raw_html"])
    assert index_count(archive.data) == 200
    found = run_cli(
        "--config", str(archive.config), "--data", str(archive.data),
        "search", '"correction number 5"', "--json",
    )  # fmt: skip
    assert json.loads(found.stdout)["total"] == 1
    paths = ("--config", str(archive.config), "--data", str(archive.data))
    listed = json.loads(run_cli(*paths, "show", str(article.id), "--revisions", "--json").stdout)
    (kept,) = listed["revisions"]
    assert kept["version"] == 1 and "body" in kept["changed"] and "title" not in kept["changed"]
    assert "correction number 5" not in kept["article"]["body"]
    table = run_cli(*paths, "show", str(article.id), "--revisions").stdout
    assert "body" in table and "replaced (UTC)" in table
    earlier = run_cli(*paths, "show", str(article.id), "--revision", "1", "--json").stdout
    assert json.loads(earlier)["body"] == kept["article"]["body"]
    never = run_cli(*paths, "show", str(article.id + 1), "--revisions").stdout
    assert f"article {article.id + 1} has no earlier version kept" in never
    missing = invoke_cli(*paths, "show", str(article.id), "--revision", "7")
    assert missing.returncode == 2 and "no earlier version 7 kept (kept: 1)" in missing.stderr
    _, again = archive.crawl()
    assert articles_requested(again) == []  # fetched after the change: not fetched again


def test_refresh_fetches_every_article_and_stores_nothing_twice(archive: Archive) -> None:
    report, requested = archive.crawl("--refresh")
    site = report["sites"][0]  # type: ignore[index]
    assert len(articles_requested(requested)) == 200
    assert "/sitemap.xml" in requested and site["not_modified"] == 0  # unconditional
    assert site["unchanged"] == 200 and site["new"] == 0
    connection = sqlite3.connect(archive.data / "articles.sqlite3")
    assert connection.execute("SELECT count(*), count(DISTINCT url) FROM articles").fetchone() == (
        200,
        200,
    )


def test_articles_older_than_max_age_days_are_not_fetched(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    site = NewsSite(count=40, newest=now - timedelta(hours=1), hours_apart=12)
    with FaultServer(site.build) as server:
        config = tmp_path / "sites.toml"
        config.write_text(
            site_config({"factory": server.base_url}, site_extra={"factory": "max_age_days = 5"}),
            encoding="utf-8",
        )
        archive = Archive(server, site, config, tmp_path / "data")
        report, requested = archive.crawl()
    fresh = [a.path for a in site.articles() if a.published_at > now - timedelta(days=5)]
    assert sorted(articles_requested(requested)) == sorted(fresh) and len(fresh) == 10
    assert report["sites"][0]["new"] == 10 and report["sites"][0]["too_old"] >= 30  # type: ignore[index]


def _section(paths: list[str], more: tuple[str, ...] = ()) -> str:
    links = "".join(f'<li><a href="{p}">{p}</a></li>' for p in [*paths, *more])
    return f"<html><body><h1>Section</h1><ul>{links}</ul></body></html>"


def test_unchanged_home_and_section_pages_answer_304_and_a_changed_one_is_read(
    tmp_path: Path,
) -> None:
    site = NewsSite(count=12, feed_size=0, sitemap_chunk=1000)
    paths = [a.path for a in site.articles()]
    site.extra = {
        "/": html_page(_section(paths[:4], ("/sections/world.html",))),
        "/sections/world.html": html_page(_section(paths[4:8])),
    }
    with FaultServer(site.build) as server:
        config = tmp_path / "sites.toml"
        extra = f'start_urls = ["{server.base_url}/"]\nmax_depth = 1'
        text = site_config({"factory": server.base_url}, site_extra={"factory": extra})
        config.write_text(text.replace(f'sitemaps = ["{server.base_url}/sitemap.xml"]\n', ""))
        archive = Archive(server, site, config, tmp_path / "data")
        first, requested = archive.crawl()
        assert {"/", "/sections/world.html"} <= set(requested)
        assert first["sites"][0]["new"] == 8  # type: ignore[index]
        second, again = archive.crawl()
        assert {"/", "/sections/world.html"} <= set(again) and articles_requested(again) == []
        assert second["sites"][0]["not_modified"] == 3  # type: ignore[index]  # feed, 2 pages
        # The section page now also links to two more stories: it is read, they are fetched.
        site.extra["/sections/world.html"] = html_page(_section(paths[4:10]))
        server.rebuild(site.build)
        third, changed = archive.crawl()
    assert sorted(articles_requested(changed)) == sorted(paths[8:10])
    assert third["sites"][0]["new"] == 2  # type: ignore[index]
