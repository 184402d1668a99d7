"""Schedules: cron validation, when a site is due, backoff, health states, and the
`presswatch schedule` loop run for real (crawls in subprocesses, stopped by SIGTERM)."""

from __future__ import annotations

import json
import signal
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crawler.config import DEFAULT_SCHEDULE, ConfigError, load_config
from crawler.schedule import backoff, next_due, next_fire, plan
from crawler.store import ArticleStore
from crawler.store.health import BLOCKED, EMPTY, FAILING, OK, SiteState, next_state, record_run
from indexer.index import ArticleIndex
from tests.conftest import invoke_cli, run_cli
from tests.news_factory import (
    FaultServer,
    NewsSite,
    presswatch,
    site_config,
    stored_count,
    wait_for,
)

SITE = """
[[site]]
id = "paper"
name = "Paper"
domains = ["paper.example"]
feeds = ["https://paper.example/rss.xml"]
"""


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sites.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_schedules_are_validated_with_one_line_naming_file_site_and_key(tmp_path: Path) -> None:
    site = load_config(_config(tmp_path, SITE)).sites[0]
    assert site.schedule == DEFAULT_SCHEDULE == "0 * * * *"
    given = load_config(_config(tmp_path, '[defaults]\nschedule = "*/30 * * * *"\n' + SITE))
    assert given.sites[0].schedule == "*/30 * * * *"
    with pytest.raises(ConfigError) as bad_site:
        load_config(_config(tmp_path, SITE + 'schedule = "61 * * * *"\n'))
    message = str(bad_site.value)
    assert "\n" not in message and str(tmp_path / "sites.toml") in message
    assert "site 'paper' key 'schedule': '61 * * * *' is not a cron expression" in message
    with pytest.raises(ConfigError, match=r"\[defaults\] key 'schedule': 'hourly'"):
        load_config(_config(tmp_path, '[defaults]\nschedule = "hourly"\n' + SITE))
    result = invoke_cli("--config", str(tmp_path / "sites.toml"), "sites")
    assert result.returncode == 2 and result.stderr.count("\n") == 1


def _local(hour: int, minute: int) -> datetime:
    """A time of the machine's local clock (cron reads schedules in local time)."""
    return datetime(2025, 3, 10, hour, minute).astimezone()


def test_a_site_is_due_at_the_first_firing_after_its_last_successful_start() -> None:
    last = _local(10, 7)
    assert next_fire("*/30 * * * *", last) == _local(10, 30)
    assert next_due("*/30 * * * *", SiteState("s")) is None  # never ran: due now
    ok = SiteState("s", health=OK, last_attempt=last, last_success=last)
    assert next_due("*/30 * * * *", ok) == _local(10, 30)
    # An interrupted first run leaves no success: due again at once.
    assert next_due("*/30 * * * *", SiteState("s", last_attempt=last)) is None


def test_failing_and_blocked_sites_back_off_doubling_up_to_a_day() -> None:
    since = _local(10, 0)
    waits = [backoff("*/30 * * * *", failures, since) for failures in range(1, 8)]
    assert waits == [timedelta(hours=h) for h in (1, 2, 4, 8, 16, 24, 24)]
    blocked = SiteState(
        "s",
        health=BLOCKED,
        failures=3,
        last_attempt=_local(11, 0),
        last_success=_local(9, 0),
    )
    assert next_due("*/30 * * * *", blocked) == _local(15, 0)  # 11:00 + 4 intervals


def test_health_follows_the_runs() -> None:
    start = datetime(2025, 3, 10, 10, 0, tzinfo=UTC)
    state = SiteState("s")
    history = []
    for status, stored in [
        ("ok", 5),
        ("blocked", 0),
        ("blocked", 0),
        ("interrupted", 0),
        ("ok", 0),
        ("ok", 0),
        ("failed", 0),
        ("ok", 1),
    ]:
        state = next_state(state, status, "why", stored, start, empty_alert_runs=2)
        history.append((state.health, state.failures, state.empty_runs))
    assert history == [
        (OK, 0, 0),
        (BLOCKED, 1, 0),
        (BLOCKED, 2, 0),
        (BLOCKED, 2, 0),  # an interrupted run changes nothing but the last attempt
        (OK, 0, 1),
        (EMPTY, 0, 2),
        (FAILING, 1, 2),
        (OK, 0, 0),
    ]
    assert SiteState("s", health=EMPTY, empty_runs=6).label == "empty for 6 runs"


def test_plan_reads_the_state_kept_in_the_store(tmp_path: Path) -> None:
    config = load_config(_config(tmp_path, SITE))
    now = datetime.now(UTC)
    assert [p.is_due for p in plan(None, config.sites, now)] == [True]
    with ArticleStore.open(tmp_path / "data") as store:
        assert [p.is_due for p in plan(store, config.sites, now)] == [True]
        assert record_run(store, "paper", "ok", "", 3, now, 6) is None  # new -> ok: no alert
        (due,) = plan(store, config.sites, now)
        assert not due.is_due and due.due_at == next_fire(DEFAULT_SCHEDULE, now)
        change = record_run(store, "paper", "blocked", "HTTP 403", 0, now, 6)
        assert change is not None and change.as_json() == {
            "site": "paper",
            "from": "ok",
            "to": "blocked",
            "reason": "HTTP 403",
        }
        (due,) = plan(store, config.sites, now + timedelta(hours=1, minutes=59))
        assert not due.is_due and due.health == BLOCKED  # backs off two hours


def _runs(data: Path) -> list[dict[str, object]]:
    path = data / "runs.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.slow
def test_schedule_starts_crawls_as_they_come_due_and_stops_on_sigterm(tmp_path: Path) -> None:
    with FaultServer(NewsSite(count=5).build) as server:
        config = _config(
            tmp_path,
            # A sixth field counts seconds (croniter): due every 3 seconds.
            site_config({"factory": server.base_url}, defaults='schedule = "* * * * * */3"'),
        )
        data = tmp_path / "data"
        process = presswatch(config, data, "schedule")
        try:
            assert wait_for(lambda: len(_runs(data)) >= 2, timeout=90)
        finally:
            process.send_signal(signal.SIGTERM)
            out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err[-3000:]
        assert server.request_count("/world/") == 5  # the later runs fetched no article again
    runs = _runs(data)
    assert runs[0]["sites"][0]["new"] == 5 and runs[1]["sites"][0]["new"] == 0  # type: ignore[index]
    log = (data / "logs" / "schedule.log").read_text(encoding="utf-8")
    assert log.count("crawl started: factory due") >= 2
    assert "crawl finished in" in log and "exit 0 (every site fine); 5 new" in log
    assert log.rstrip().endswith("schedule stopped") and "SIGTERM: stopping" in log
    assert out.count("crawl started") >= 2


@pytest.mark.slow
def test_sigterm_during_a_crawl_lets_it_save_and_the_next_tick_finishes(tmp_path: Path) -> None:
    total = 60
    # Slow article pages keep the crawl going well past the moment SIGTERM is sent.
    with FaultServer(NewsSite(count=total).build, delays={"/world/": 0.6}) as server:
        config = _config(tmp_path, site_config({"factory": server.base_url}))
        data = tmp_path / "data"
        process = presswatch(config, data, "schedule")
        try:
            assert wait_for(lambda: stored_count(data) >= 10, timeout=90)
        finally:
            process.send_signal(signal.SIGTERM)
            _, err = process.communicate(timeout=90)
        assert process.returncode == 0, err[-3000:]
        (run,) = _runs(data)
        site = run["sites"][0]  # type: ignore[index]
        assert site["status"] == "interrupted" and 10 <= site["new"] < total
        stored = stored_count(data)
        assert stored == site["new"]
        # The graceful stop indexed everything it stored: nothing is pending.
        assert ArticleIndex.open(data / "index").doc_count() == stored
        connection = sqlite3.connect(data / "articles.sqlite3")
        assert connection.execute(
            "SELECT count(*) FROM articles WHERE indexed_version < version"
        ).fetchone() == (0,)
        connection.close()
        log = (data / "logs" / "schedule.log").read_text(encoding="utf-8")
        assert "SIGTERM: stopping the running crawl" in log
        # An interrupted run is not a success: the site is due at the next tick.
        tick = run_cli("--config", str(config), "--data", str(data), "crawl", "--due", "--json")
        assert tick.returncode == 0, tick.stderr[-3000:]
        assert json.loads(tick.stdout)["sites"][0]["new"] == total - stored
