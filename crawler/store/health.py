"""Per-site health across runs (ok, degraded, failing, blocked, empty for N runs) and its
changes."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from crawler.model import format_when
from crawler.store.articles import ArticleStore

logger = logging.getLogger(__name__)

NEW = "new"  # never finished a run
OK = "ok"
FAILING = "failing"
BLOCKED = "blocked"
EMPTY = "empty"
DEGRADED = "degraded"  # crawled fine, but a field's extraction share fell (no backoff)
BACKING_OFF = (FAILING, BLOCKED)


@dataclass(frozen=True)
class SiteState:
    """What the store remembers about a site's runs (a row of `site_state`)."""

    site: str
    health: str = NEW
    reason: str = ""
    health_since: datetime | None = None
    failures: int = 0  # consecutive failed or blocked runs
    empty_runs: int = 0  # consecutive runs that stored nothing new
    last_attempt: datetime | None = None  # start of the latest run, whatever its outcome
    last_success: datetime | None = None  # start of the latest run that was not blocked/failed

    @property
    def label(self) -> str:
        """The health as a person reads it: 'ok', 'blocked (HTTP 403)', 'empty for 6 runs'."""
        if self.health == EMPTY:
            return f"empty for {self.empty_runs} runs"
        if self.health in (*BACKING_OFF, DEGRADED) and self.reason:
            return f"{self.health} ({self.reason})"
        return self.health


@dataclass(frozen=True)
class HealthChange:
    """A site's health moved from one state to another in a run (worth an alert)."""

    site: str
    before: str
    after: str
    reason: str

    def as_json(self) -> dict[str, str]:
        """The change as one entry of a runs.jsonl line."""
        return {"site": self.site, "from": self.before, "to": self.after, "reason": self.reason}


def load_state(store: ArticleStore, site: str) -> SiteState:
    """The site's remembered state (a fresh 'new' one when it never ran)."""
    row = store.connection.execute("SELECT * FROM site_state WHERE site = ?", (site,)).fetchone()
    if row is None:
        return SiteState(site=site)
    return SiteState(
        site=site,
        health=row["health"],
        reason=row["reason"],
        health_since=_when(row["health_since"]),
        failures=int(row["failures"]),
        empty_runs=int(row["empty_runs"]),
        last_attempt=_when(row["last_attempt"]),
        last_success=_when(row["last_success"]),
    )


def next_state(
    before: SiteState,
    status: str,
    reason: str,
    stored: int,
    started: datetime,
    empty_alert_runs: int,
    degraded: str | None = None,
) -> SiteState:
    """The state after a run with this status ('ok', 'failed', 'blocked', 'interrupted').

    `degraded` is the extraction verdict of an ok run (crawler.store.extraction_health):
    the fields that fell ('published 98% -> 30%'), '' when none did, None when the run was
    too small to judge (a degraded site then stays degraded until a run shows otherwise).
    """
    state = replace(before, last_attempt=started)
    if status == "interrupted":
        return state
    if status in ("failed", BLOCKED):
        health = FAILING if status == "failed" else BLOCKED
        state = replace(state, health=health, reason=reason, failures=before.failures + 1)
    else:
        empty_runs = 0 if stored else before.empty_runs + 1
        health = EMPTY if empty_runs >= empty_alert_runs else OK
        state = replace(
            state,
            health=health,
            reason=f"nothing new stored in {empty_runs} runs" if health == EMPTY else "",
            failures=0,
            empty_runs=empty_runs,
            last_success=started,
        )
        state = _extraction(state, before, degraded)
    if state.health != before.health:
        state = replace(state, health_since=started)
    return state


def _extraction(state: SiteState, before: SiteState, degraded: str | None) -> SiteState:
    """An ok run's state made degraded by its extraction verdict (see next_state)."""
    if state.health != OK:
        return state
    if degraded:
        return replace(state, health=DEGRADED, reason=degraded)
    if degraded is None and before.health == DEGRADED:
        return replace(state, health=DEGRADED, reason=before.reason)
    return state


def record_run(
    store: ArticleStore,
    site: str,
    status: str,
    reason: str,
    stored: int,
    started: datetime,
    empty_alert_runs: int,
    degraded: str | None = None,
) -> HealthChange | None:
    """Update the site's state after a run; return the change of health, if there was one."""
    before = load_state(store, site)
    after = next_state(before, status, reason, stored, started, empty_alert_runs, degraded)
    _save(store, after)
    if after.health == before.health or (before.health == NEW and after.health == OK):
        return None
    change = HealthChange(site, before.health, after.health, after.reason)
    logger.warning(
        "%s: health %s -> %s%s",
        site,
        before.health,
        after.health,
        f" ({after.reason})" * bool(after.reason),
    )
    return change


def site_health(
    store: ArticleStore | None, site_id: str, schedule: str | None = None
) -> dict[str, Any]:
    """A site's health for `presswatch sites` (no store: a site that never ran).

    Keys: health, health_label, health_reason, health_since, failures, empty_runs,
    last_attempt, last_success and, given the schedule, next_due ('now' or a time).
    """
    state = load_state(store, site_id) if store is not None else SiteState(site=site_id)
    values: dict[str, Any] = {
        "health": state.health,
        "health_label": state.label,
        "health_reason": state.reason,
        "failures": state.failures,
        "empty_runs": state.empty_runs,
    }
    for key in ("health_since", "last_attempt", "last_success"):
        values[key] = format_when(getattr(state, key)) or None
    if schedule is not None:
        from crawler.schedule import next_due

        due = next_due(schedule, state)
        values["next_due"] = format_when(due) if due else "now"
    return values


def _save(store: ArticleStore, state: SiteState) -> None:
    with store.transaction():
        store.connection.execute(
            "INSERT OR REPLACE INTO site_state (site, health, reason, health_since, failures, "
            "empty_runs, last_attempt, last_success) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                state.site,
                state.health,
                state.reason,
                format_when(state.health_since or datetime.now(UTC)),
                state.failures,
                state.empty_runs,
                format_when(state.last_attempt),
                format_when(state.last_success),
            ),
        )


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
