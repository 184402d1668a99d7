"""Limits a user or a hostile site cannot switch off: query size, sitemap size, revisions kept,
robots.txt server errors and a planted lock-file symlink."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from crawler.crawl.discovery import MAX_SITEMAP_ENTRIES, parse_sitemap, read_sitemap
from crawler.demo.server import SiteServer
from crawler.demo.site import Page
from crawler.extract.textnorm import content_hash
from crawler.model import Article
from crawler.store import STORE_FILENAME, ArticleStore
from crawler.store.lock import DataLock, UnsafeLockError
from indexer.index import ArticleIndex
from indexer.schema import build_schema
from search.query import MAX_QUERY_DEPTH, MAX_QUERY_TERMS, QuerySyntaxError, parse_query
from tests.conftest import FIXTURE_SITE_ID, fixture_config, invoke_cli, run_cli
from tests.fixture_site import build_fixture_site

# -- queries --------------------------------------------------------------------------------

HOSTILE_QUERIES = {
    "2000 nested parentheses": "(" * 2000 + "a" + ")" * 2000,
    "nested within the length cap": "(" * 1500 + "a" + ")" * 1500,
    "a 100 KB query": "a" * 100_000,
    "10,000 terms": " ".join(f"w{n}" for n in range(10_000)),
    "one level too deep": "(" * (MAX_QUERY_DEPTH + 1) + "a" + ")" * (MAX_QUERY_DEPTH + 1),
    "one term too many": " ".join(f"w{n}" for n in range(MAX_QUERY_TERMS + 1)),
}


@pytest.mark.parametrize("query", HOSTILE_QUERIES.values(), ids=HOSTILE_QUERIES.keys())
def test_hostile_queries_end_in_one_short_line(query: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(query, build_schema())
    message = str(caught.value)
    assert "\n" not in message and len(message) < 400
    assert any(word in message for word in ("too long", "nested more than", "search terms"))


def test_queries_at_the_caps_still_parse() -> None:
    deep = "(" * MAX_QUERY_DEPTH + "china" + ")" * MAX_QUERY_DEPTH
    many = " OR ".join(f"word{n}" for n in range(MAX_QUERY_TERMS))
    assert parse_query(deep, build_schema()) is not None
    assert parse_query(many, build_schema()) is not None


def test_hostile_query_on_the_command_line_is_exit_2_without_traceback(tmp_path: Path) -> None:
    ArticleIndex.open(tmp_path / "index", create=True)
    for query in ("(" * 2000 + "a" + ")" * 2000, "a" * 100_000):
        result = invoke_cli("--data", str(tmp_path), "search", query)
        assert result.returncode == 2, result.stderr
        assert result.stderr.startswith("Error: bad query: ")
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


# -- sitemaps -------------------------------------------------------------------------------


def _sitemap(root: str, item: str, count: int) -> bytes:
    ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    rows = "".join(f"<{item}><loc>https://a.test/{n}.xml</loc></{item}>" for n in range(count))
    return f'<?xml version="1.0"?><{root} {ns}>{rows}</{root}>'.encode()


def test_sitemap_entries_past_the_protocol_limit_are_counted_and_ignored(
    caplog: pytest.LogCaptureFixture,
) -> None:
    read = read_sitemap(_sitemap("urlset", "url", MAX_SITEMAP_ENTRIES + 3), "https://a.test/")
    assert MAX_SITEMAP_ENTRIES == 50_000
    assert len(read.entries) == MAX_SITEMAP_ENTRIES and read.ignored == 3
    assert read.entries[-1].url == f"https://a.test/{MAX_SITEMAP_ENTRIES - 1}.xml"
    assert "3 entries past the protocol's 50000 per file" in caplog.text
    children, entries = parse_sitemap(
        _sitemap("sitemapindex", "sitemap", MAX_SITEMAP_ENTRIES + 1), "https://a.test/"
    )
    assert len(children) == MAX_SITEMAP_ENTRIES and entries == []


def test_sitemap_at_the_limit_loses_nothing() -> None:
    read = read_sitemap(_sitemap("urlset", "url", 10), "https://a.test/")
    assert len(read.entries) == 10 and read.ignored == 0


@pytest.mark.slow
def test_a_crawl_reads_50000_sitemap_entries_and_logs_the_rest(tmp_path: Path) -> None:
    def build(base_url: str) -> dict[str, Page]:
        pages = build_fixture_site(base_url)
        # Entries on another host: read and counted, then refused without a request.
        body = _sitemap("urlset", "url", MAX_SITEMAP_ENTRIES + 7).replace(
            b"https://a.test/", b"https://elsewhere.test/"
        )
        pages["/sitemap.xml"] = Page(body, "application/xml")
        return pages

    with SiteServer(build) as server:
        config = tmp_path / "sites.toml"
        config.write_text(fixture_config(server.base_url), encoding="utf-8")
        result = run_cli("--config", str(config), "--data", str(tmp_path / "data"), "crawl")
    assert result.returncode in (0, 1), result.stderr[-2000:]
    log = (tmp_path / "data" / "logs" / "crawl.log").read_text(encoding="utf-8")
    assert "sitemap.xml lists 7 entries past the protocol's 50000 per file: ignored" in log
    assert "'presswatch/sitemap_entries_ignored': 7" in log


# -- revisions ------------------------------------------------------------------------------


def _version(body: str) -> Article:
    url = "https://a.test/story"
    return Article(
        url=url, url_original=url, site="demo", body=body, content_hash=content_hash(body)
    )


def _kept_versions(data: Path) -> list[int]:
    with sqlite3.connect(data / STORE_FILENAME) as connection:
        rows = connection.execute("SELECT version FROM revisions ORDER BY version").fetchall()
    return [version for (version,) in rows]


def test_keep_revisions_prunes_the_oldest_in_the_update(tmp_path: Path) -> None:
    with ArticleStore.open(tmp_path) as store:
        store.keep_revisions = 3
        for number in range(7):
            store.save(_version(f"Correction number {number} of the story."), "<html></html>")
    assert _kept_versions(tmp_path) == [4, 5, 6]  # the current row is version 7
    with ArticleStore.open(tmp_path) as store:
        store.keep_revisions = 0
        store.save(_version("One more correction."))
    assert _kept_versions(tmp_path) == []


def test_pruning_is_undone_with_a_failed_update(tmp_path: Path) -> None:
    with ArticleStore.open(tmp_path) as store:
        store.keep_revisions = 2
        for number in range(4):
            store.save(_version(f"Correction number {number} of the story."))
        before = _kept_versions(tmp_path)
        store.connection.execute(
            "CREATE TRIGGER refuse BEFORE UPDATE ON articles "
            "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
        )
        with pytest.raises(sqlite3.IntegrityError, match="refused by the test"):
            store.save(_version("A correction that fails half-way."))
        assert _kept_versions(tmp_path) == before == [2, 3]
        store.connection.execute("DROP TRIGGER refuse")
        assert store.save(_version("A correction that fails half-way.")).outcome == "updated"
    assert _kept_versions(tmp_path) == [3, 4]


def test_crawl_config_sets_the_stores_revision_cap(tmp_path: Path) -> None:
    from crawler.config import DEFAULT_KEEP_REVISIONS

    with ArticleStore.open(tmp_path) as store:
        assert store.keep_revisions == DEFAULT_KEEP_REVISIONS == 10


# -- lock files -----------------------------------------------------------------------------


@pytest.mark.parametrize("filename", ["presswatch.lock", "watch.lock"])
def test_a_symlinked_lock_file_is_refused_and_its_target_untouched(
    tmp_path: Path, filename: str
) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me\n")
    data = tmp_path / "data"
    data.mkdir()
    (data / filename).symlink_to(target)
    with pytest.raises(UnsafeLockError, match="is a symbolic link: refused"):
        DataLock(data, filename=filename).acquire()
    assert target.read_text() == "keep me\n"


def test_a_symlinked_lock_file_stops_a_writer_with_exit_4(tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me\n")
    data = tmp_path / "data"
    data.mkdir()
    (data / "presswatch.lock").symlink_to(target)
    result = invoke_cli("--data", str(data), "reindex")
    assert result.returncode == 4
    assert result.stderr == (
        f"Error: {data / 'presswatch.lock'} is a symbolic link: refused (presswatch writes its "
        "lock file itself; remove the link and run again)\n"
    )
    assert target.read_text() == "keep me\n"


# -- robots.txt answered with an error -----------------------------------------------------------


def _with_robots(status: int) -> Callable[[str], dict[str, Page]]:
    def build(base_url: str) -> dict[str, Page]:
        pages = build_fixture_site(base_url)
        pages["/robots.txt"] = Page(b"<h1>error</h1>", "text/html", status=status)
        return pages

    return build


def _crawl(tmp_path: Path, status: int) -> tuple[int, dict[str, object], list[str]]:
    with SiteServer(_with_robots(status)) as server:
        config = tmp_path / "sites.toml"
        config.write_text(fixture_config(server.base_url), encoding="utf-8")
        result = run_cli(
            "--config", str(config), "--data", str(tmp_path / "data"), "crawl", "--json"
        )
        requested = list(server.requests)
    report = json.loads(result.stdout)
    site = next(s for s in report["sites"] if s["site"] == FIXTURE_SITE_ID)
    return result.returncode, site, requested


@pytest.mark.slow
def test_robots_txt_answered_5xx_disallows_all_and_reports_blocked(tmp_path: Path) -> None:
    returncode, site, requested = _crawl(tmp_path, 503)
    assert returncode == 1
    assert (site["status"], site["reason"]) == ("blocked", "robots.txt answered 5xx")
    assert set(requested) == {"/robots.txt"}  # retried, then nothing else fetched
    with ArticleStore.open(tmp_path / "data", create=False) as store:
        assert store.count() == 0


@pytest.mark.slow
def test_robots_txt_answered_4xx_allows_all(tmp_path: Path) -> None:
    returncode, site, requested = _crawl(tmp_path, 403)
    assert site["status"] == "ok" and site["new"] > 0
    assert any(path.startswith("/private/") for path in requested)  # no rules: allowed
    assert returncode in (0, 1)  # the fixture's traps may fail a page; the site is not blocked
