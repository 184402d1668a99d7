"""Per-site extraction health: a field's share falling well below the site's recent runs makes
the site 'degraded', naming the field, and it recovers when the share comes back."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.demo.site import DemoArticle
from crawler.model import Article
from crawler.store import ArticleStore
from crawler.store.extraction_health import (
    FieldShares,
    degradation,
    judge_run,
    measure_shares,
    recent_shares,
)
from crawler.store.health import DEGRADED, OK, SiteState, next_state
from tests.conftest import invoke_cli, run_cli
from tests.news_factory import FaultServer, NewsSite, site_config

FULL = FieldShares(articles=20, title=1.0, published=0.98, authors=1.0, body=1.0)
STARTED = datetime(2025, 6, 1, tzinfo=UTC)


def test_a_share_more_than_30_points_under_the_median_of_recent_runs_is_named() -> None:
    fallen = replace(FULL, published=0.3)
    assert degradation([FULL] * 3, fallen) == "published 98% -> 30%"
    both = replace(fallen, authors=0.5)
    assert degradation([FULL] * 5, both) == "published 98% -> 30%, authors 100% -> 50%"
    assert degradation([FULL] * 3, replace(FULL, published=0.68)) == ""  # exactly 30 points


def test_small_runs_are_neither_judged_nor_a_baseline() -> None:
    fallen = replace(FULL, published=0.0)
    assert degradation([FULL] * 2, fallen) is None  # too little history
    assert degradation([FULL] * 5, replace(fallen, articles=9)) is None  # too small a run
    small = replace(FULL, articles=3, published=0.0)  # a small run is no baseline either
    assert degradation([small, small, FULL, FULL], fallen) is None
    assert degradation([small, FULL, FULL, FULL], fallen) == "published 98% -> 0%"


def test_one_odd_run_in_the_history_does_not_move_the_baseline() -> None:
    odd = replace(FULL, published=0.1)
    assert degradation([odd, FULL, FULL], replace(FULL, published=0.5)) == ("published 98% -> 50%")
    assert degradation([FULL, FULL, FULL, FULL, FULL, odd], replace(FULL, published=0.1)) != ""


def test_degraded_holds_through_runs_too_small_to_judge_and_never_backs_off() -> None:
    ok = SiteState(site="s", health=OK)
    degraded = next_state(ok, "ok", "", 12, STARTED, 6, degraded="authors 100% -> 0%")
    assert degraded.health == DEGRADED and degraded.label == "degraded (authors 100% -> 0%)"
    assert degraded.failures == 0  # schedule backoff counts failures: none for degraded
    held = next_state(degraded, "ok", "", 2, STARTED, 6, degraded=None)
    assert held.health == DEGRADED and held.reason == "authors 100% -> 0%"
    assert next_state(held, "ok", "", 12, STARTED, 6, degraded="").health == OK
    assert next_state(degraded, "blocked", "HTTP 403", 0, STARTED, 6).health == "blocked"


def test_shares_count_the_articles_written_since_the_run_started(tmp_path: Path) -> None:
    with ArticleStore.open(tmp_path / "data") as store:
        store.save(_stored(0, authors=["Old Hand"]))  # an earlier run's article
        started = datetime.now(UTC)
        for number in range(1, 11):
            store.save(_stored(number, authors=["Desk"] if number <= 4 else []))
        shares = measure_shares(store, "s", started, body_missing=5)
        assert shares == FieldShares(
            articles=10, title=1.0, published=0.0, authors=0.4, body=round(10 / 15, 3)
        )
        assert measure_shares(store, "other", started, 0) == FieldShares(articles=0)
        assert judge_run(store, "s", started, shares) is None  # no history yet
        assert recent_shares(store, "s", datetime.now(UTC)) == [shares]


def _stored(number: int, authors: list[str]) -> Article:
    body = f"Story {number} " + "word " * 40
    return Article(
        url=f"https://e.org/{number}",
        site="s",
        title=f"Story {number}",
        authors=authors,
        body=body,
        content_hash=f"h{number}",
        word_count=41,
    )


class _Anonymous(NewsSite):
    """The generated site after a layout change that lost the bylines."""

    def articles(self) -> list[DemoArticle]:
        return [replace(article, authors=[]) for article in super().articles()]


RUN_SIZE = 12


def _crawl(config: Path, data: Path) -> tuple[int, str, dict[str, object]]:
    result = run_cli("--config", str(config), "--data", str(data), "crawl")
    lines = (data / "runs.jsonl").read_text(encoding="utf-8").splitlines()
    return result.returncode, result.stderr, json.loads(lines[-1])


@pytest.mark.slow
def test_a_site_whose_pages_lose_their_bylines_turns_degraded_and_recovers(
    tmp_path: Path,
) -> None:
    server = FaultServer(NewsSite(count=RUN_SIZE).build)
    config, data = tmp_path / "sites.toml", tmp_path / "data"
    with server:
        config.write_text(site_config({"layout": server.base_url}), encoding="utf-8")
        for run in range(3):  # the baseline: every article has its authors
            server.rebuild(NewsSite(count=RUN_SIZE, first=run * RUN_SIZE).build)
            code, stderr, line = _crawl(config, data)
            assert code == 0 and not line["health_changes"], stderr[-2000:]
            assert line["sites"][0]["field_shares"]["authors"] == 1.0, line  # type: ignore[index]
        server.rebuild(_Anonymous(count=RUN_SIZE, first=3 * RUN_SIZE).build)
        code, stderr, line = _crawl(config, data)
        assert code == 0, stderr[-2000:]  # crawled fine: degraded is no failure
        assert "health of layout: ok -> degraded (authors 100% -> 0%)" in stderr
        assert line["health_changes"] == [
            {"site": "layout", "from": "ok", "to": "degraded", "reason": "authors 100% -> 0%"}
        ]
        site = line["sites"][0]  # type: ignore[index]
        assert site["field_shares"]["authors"] == 0.0 and site["field_shares"]["title"] == 1.0
        assert site["health"] == "degraded (authors 100% -> 0%)"
        listing = invoke_cli("--config", str(config), "--data", str(data), "sites", "--json")
        assert json.loads(listing.stdout)[0]["health_label"] == "degraded (authors 100% -> 0%)"
        table = invoke_cli("--config", str(config), "--data", str(data), "sites").stdout
        assert "degraded (authors 100%" in table and "-> 0%)" in table, table  # may wrap
        server.rebuild(NewsSite(count=RUN_SIZE, first=4 * RUN_SIZE).build)
        code, stderr, line = _crawl(config, data)
    assert code == 0, stderr[-2000:]
    assert line["health_changes"] == [
        {"site": "layout", "from": "degraded", "to": "ok", "reason": ""}
    ]
