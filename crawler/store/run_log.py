"""The run history: one row per site and run with its summary, and the outcome of every
article URL the run fetched (`run_outcomes`), so any count can be traced to its URLs."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from crawler.model import format_when
from crawler.store.articles import ArticleStore, write_transaction

RUNS_FILENAME = "runs.jsonl"
"""The data directory's run history: one JSON line per crawl run (crawler.crawl.run)."""

OUTCOMES = ("new", "updated", "unchanged", "duplicate", "dropped", "blocked", "failed")


@dataclass(frozen=True)
class UrlOutcome:
    """What fetching one article URL gave in a run: one of OUTCOMES, and why (reason,
    evidence or error; empty for stored articles)."""

    outcome: str
    detail: str = ""


@dataclass(frozen=True)
class RunRow:
    """One site's part of a run: its id (for `presswatch runs --run ID`) and summary."""

    id: int
    site: str
    started: str
    ended: str
    status: str
    summary: dict[str, Any]


def save_run(
    store: ArticleStore,
    site: str,
    started: datetime,
    ended: datetime,
    status: str,
    summary: dict[str, Any],
    outcomes: Mapping[str, UrlOutcome],
) -> int:
    """Append a site's run and the outcome of each URL it fetched (one transaction); its id."""
    with write_transaction(store.connection):
        cursor = store.connection.execute(
            "INSERT INTO runs (site, started, ended, status, summary) VALUES (?, ?, ?, ?, ?)",
            (site, format_when(started), format_when(ended), status, json.dumps(summary)),
        )
        run_id = int(cursor.lastrowid or 0)
        store.connection.executemany(
            "INSERT INTO run_outcomes (run_id, url, outcome, detail) VALUES (?, ?, ?, ?)",
            [(run_id, url, found.outcome, found.detail) for url, found in outcomes.items()],
        )
    return run_id


def recent_runs(store: ArticleStore, site: str | None = None, last: int = 20) -> list[RunRow]:
    """The latest `last` site runs, newest first (of one site, or of all)."""
    where, params = ("WHERE site = ?", [site]) if site else ("", [])
    rows = store.connection.execute(
        f"SELECT id, site, started, ended, status, summary FROM runs {where} "
        "ORDER BY id DESC LIMIT ?",
        (*params, last),
    )
    return [_run_row(row) for row in rows]


def get_run(store: ArticleStore, run_id: int) -> RunRow | None:
    """One site run by id, or None."""
    row = store.connection.execute(
        "SELECT id, site, started, ended, status, summary FROM runs WHERE id = ?", (run_id,)
    ).fetchone()
    return _run_row(row) if row is not None else None


def run_urls(
    store: ArticleStore, run_id: int, outcome: str | None = None
) -> list[tuple[str, UrlOutcome]]:
    """The URLs a run fetched with their outcome (only `outcome` ones when given), by URL."""
    where, params = ("AND outcome = ?", [outcome]) if outcome else ("", [])
    rows = store.connection.execute(
        f"SELECT url, outcome, detail FROM run_outcomes WHERE run_id = ? {where} ORDER BY url",
        (run_id, *params),
    )
    return [(row["url"], UrlOutcome(row["outcome"], row["detail"])) for row in rows]


def _run_row(row: Any) -> RunRow:
    return RunRow(
        id=int(row["id"]),
        site=row["site"],
        started=row["started"],
        ended=row["ended"],
        status=row["status"],
        summary=json.loads(row["summary"] or "{}"),
    )


def has_run(store: ArticleStore, site: str, started: datetime) -> bool:
    """True when the site's run that started at `started` is saved (a report seen twice)."""
    row = store.connection.execute(
        "SELECT 1 FROM runs WHERE site = ? AND started = ? LIMIT 1", (site, format_when(started))
    ).fetchone()
    return row is not None
