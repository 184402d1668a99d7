"""Multi-statement writes to the store are atomic: a statement made to fail half-way (an SQLite
trigger that raises) leaves nothing partial behind, and the same write succeeds once it is gone."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.demo.site import Page
from crawler.model import Article
from crawler.store import ArticleStore, SQLiteError, write_transaction
from crawler.store.watch_state import record_batch
from tests.conftest import run_cli
from tests.news_factory import FaultServer, NewsSite, site_config, story

_NOW = datetime(2025, 6, 1, tzinfo=UTC)


def _fail_before(store: ArticleStore, action: str, table: str) -> None:
    """Make every `action` (INSERT, UPDATE) on `table` fail until the trigger is dropped."""
    store.connection.execute(
        f"CREATE TRIGGER injected BEFORE {action} ON {table} "
        "BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
    )


def _heal(store: ArticleStore) -> None:
    store.connection.execute("DROP TRIGGER injected")


def _counts(store: ArticleStore) -> dict[str, int]:
    tables = ("articles", "revisions", "seen_urls", "watch_batches", "watch_delivered")
    return {
        table: store.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in tables
    }


def _article(body: str = "First version of the story.") -> Article:
    return Article(
        url="https://example.org/news/1.html",
        url_original="https://example.org/news/1.html?utm_source=feed",
        site="example",
        title="A story",
        body=body,
        content_hash=str(hash(body)),
        word_count=len(body.split()),
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ArticleStore]:
    opened = ArticleStore.open(tmp_path / "data")
    yield opened
    opened.close()


def test_a_new_article_whose_seen_mark_fails_is_not_stored(store: ArticleStore) -> None:
    _fail_before(store, "INSERT", "seen_urls")  # after the article row is inserted
    with pytest.raises(SQLiteError, match="injected"):
        store.save(_article())
    assert _counts(store)["articles"] == 0
    assert not store.connection.in_transaction
    _heal(store)
    assert store.save(_article()).outcome == "new"
    assert _counts(store)["seen_urls"] == 2


def test_an_article_update_that_fails_half_way_keeps_the_old_version_and_no_revision(
    store: ArticleStore,
) -> None:
    first = store.save(_article())
    before = _counts(store)
    changed = replace(
        _article("Second version of the story, corrected."),
        url_original="https://example.org/news/1.html?ref=home",
    )
    # The revision is copied and the row updated before the seen marks: fail on those.
    _fail_before(store, "INSERT", "seen_urls")
    with pytest.raises(SQLiteError, match="injected"):
        store.save(changed)
    kept = store.get(first.article_id)
    assert kept is not None and kept.body == "First version of the story."
    assert _counts(store) == before  # no revision, no new seen URL
    assert store.connection.execute("SELECT version FROM articles").fetchone()[0] == 1
    _heal(store)
    assert store.save(changed).outcome == "updated"
    assert _counts(store)["revisions"] == 1 and _counts(store)["seen_urls"] == 3


def test_update_fields_that_fails_on_the_update_leaves_no_revision(store: ArticleStore) -> None:
    saved = store.get(store.save(_article()).article_id)
    assert saved is not None
    saved.title = "A better title"
    _fail_before(store, "UPDATE", "articles")  # the revision is inserted first
    with pytest.raises(SQLiteError, match="injected"):
        store.update_fields(saved, ["title"])
    assert _counts(store)["revisions"] == 0
    assert store.get(saved.id or 0).title == "A story"  # type: ignore[union-attr]
    _heal(store)
    store.update_fields(saved, ["title"])
    assert _counts(store)["revisions"] == 1
    assert store.get(saved.id or 0).title == "A better title"  # type: ignore[union-attr]


def test_a_watch_batch_whose_items_fail_is_not_recorded(store: ArticleStore) -> None:
    ids = [store.save(replace(_article(f"Story {n} body."), url=f"https://e.org/{n}")).article_id
           for n in range(3)]  # fmt: skip
    _fail_before(store, "INSERT", "watch_delivered")
    with pytest.raises(SQLiteError, match="injected"):
        record_batch(store, "w", "file", "out.jsonl", "", "staged", ids)
    assert _counts(store)["watch_batches"] == 0
    _heal(store)
    record_batch(store, "w", "file", "out.jsonl", "", "staged", ids)
    assert _counts(store)["watch_batches"] == 1 and _counts(store)["watch_delivered"] == 3


def test_a_nested_transaction_is_a_savepoint_of_the_outer_one(store: ArticleStore) -> None:
    connection = store.connection
    with store.transaction():
        store.record_run("a", _NOW, _NOW, "ok", {})
        with pytest.raises(sqlite3.IntegrityError), write_transaction(connection):
            store.record_run("b", _NOW, _NOW, "ok", {})
            connection.execute("INSERT INTO runs (id, site) VALUES (1, 'c')")
        assert connection.in_transaction  # the inner failure undid only its own block
    sites = [row[0] for row in connection.execute("SELECT site FROM runs")]
    assert sites == ["a"]
    with pytest.raises(RuntimeError), store.transaction():
        store.record_run("d", _NOW, _NOW, "ok", {})
        with store.transaction():
            store.record_run("e", _NOW, _NOW, "ok", {})
        raise RuntimeError("the outer block fails after its nested one succeeded")
    assert [row[0] for row in connection.execute("SELECT site FROM runs")] == ["a"]


def _site_rows(data: Path) -> dict[str, int]:
    connection = sqlite3.connect(data / "articles.sqlite3")
    try:
        queries = {
            "articles": "SELECT count(*) FROM articles",
            "runs": "SELECT count(*) FROM runs",
            "site_state": "SELECT count(*) FROM site_state",
            "outcomes": "SELECT count(*) FROM url_outcomes",
            "validators": "SELECT count(*) FROM discovery_cache WHERE site = 'atomic'",
        }
        return {name: connection.execute(sql).fetchone()[0] for name, sql in queries.items()}
    finally:
        connection.close()


def _two_more_one_missing(base_url: str) -> dict[str, Page]:
    pages = NewsSite(count=8).build(base_url)
    del pages[story(7).path]
    return pages


@pytest.mark.slow
def test_the_end_of_run_save_is_all_or_nothing_per_site(tmp_path: Path) -> None:
    """Health fails to save after outcomes, validators and the run record were written: none
    of them remains (the articles, committed as they came, do); the next run saves its own."""
    server = FaultServer(NewsSite(count=6).build)
    data = tmp_path / "data"
    with ArticleStore.open(data) as store:
        _fail_before(store, "INSERT", "site_state")
    with server:
        config = tmp_path / "sites.toml"
        config.write_text(site_config({"atomic": server.base_url}), encoding="utf-8")
        failed = run_cli("--config", str(config), "--data", str(data), "crawl", "--json")
        assert failed.returncode == 4, failed.stderr[-2000:]
        assert "injected failure" in failed.stderr
        assert _site_rows(data) == {
            "articles": 6, "runs": 0, "site_state": 0, "outcomes": 0, "validators": 0,
        }  # fmt: skip
        with ArticleStore.open(data) as store:
            _heal(store)
        server.rebuild(_two_more_one_missing)  # new stories to fetch, one a 404 (an outcome)
        retried = run_cli("--config", str(config), "--data", str(data), "crawl", "--json")
    assert retried.returncode == 0, retried.stderr[-2000:]
    assert json.loads(retried.stdout)["sites"][0]["status"] == "ok"
    rows = _site_rows(data)
    assert rows["articles"] == 7 and rows["runs"] == 1 and rows["site_state"] == 1
    assert rows["validators"] > 0 and rows["outcomes"] > 0, rows


@pytest.mark.slow
def test_an_article_whose_duplicate_links_fail_is_not_stored_by_the_crawl(tmp_path: Path) -> None:
    """The crawl saves an article and its near-duplicate signature in one transaction: when
    the signature cannot be written, the article is not stored either (and the crawl stops)."""
    data = tmp_path / "data"
    with ArticleStore.open(data) as store:
        _fail_before(store, "INSERT", "minhash")
    with FaultServer(NewsSite(count=6).build) as server:
        config = tmp_path / "sites.toml"
        config.write_text(site_config({"atomic": server.base_url}), encoding="utf-8")
        failed = run_cli("--config", str(config), "--data", str(data), "crawl")
        assert failed.returncode == 4 and "injected failure" in failed.stderr, failed.stderr
        with ArticleStore.open(data) as store:
            assert _counts(store)["articles"] == 0
            _heal(store)
        retried = run_cli("--config", str(config), "--data", str(data), "crawl")
    assert retried.returncode == 0, retried.stderr[-2000:]
    with ArticleStore.open(data) as store:
        signatures = store.connection.execute("SELECT count(*) FROM minhash").fetchone()[0]
        assert _counts(store)["articles"] == 6 and signatures == 6
