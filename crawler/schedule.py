"""When each site is due: its cron schedule since the last successful run, and failure backoff."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from crawler.config import SiteConfig
from crawler.store import ArticleStore
from crawler.store.health import BACKING_OFF, SiteState, load_state

MAX_BACKOFF = timedelta(days=1)


def next_fire(expression: str, after: datetime) -> datetime:
    """The first time the cron expression fires after `after` (in the machine's local time,
    as cron reads it), as an aware UTC datetime."""
    from croniter import croniter

    local = after.astimezone()
    fired: datetime = croniter(expression, local).get_next(datetime)
    return fired.astimezone(UTC)


def interval(expression: str, around: datetime) -> timedelta:
    """The time between two firings of the expression following `around`."""
    first = next_fire(expression, around)
    return next_fire(expression, first) - first


def backoff(expression: str, failures: int, since: datetime) -> timedelta:
    """How long a failing or blocked site waits before the next try: the schedule's interval
    doubled for each failure in a row, never more than a day."""
    if failures <= 0:
        return timedelta(0)
    base = interval(expression, since)
    return min(base * 2 ** min(failures, 20), MAX_BACKOFF)


def next_due(expression: str, state: SiteState) -> datetime | None:
    """When the site should be crawled next (None: now, it never completed a run)."""
    regular = next_fire(expression, state.last_success) if state.last_success else None
    if state.health in BACKING_OFF and state.failures and state.last_attempt:
        retry = state.last_attempt + backoff(expression, state.failures, state.last_attempt)
        return max(regular, retry) if regular else retry
    return regular


@dataclass(frozen=True)
class Due:
    """A site's place in the schedule at one moment."""

    site: SiteConfig
    due_at: datetime | None  # None: never crawled successfully
    is_due: bool
    health: str


def plan(store: ArticleStore | None, sites: Iterable[SiteConfig], now: datetime) -> list[Due]:
    """Where each site stands: due now or when (no store yet means every site is due)."""
    plans = []
    for site in sites:
        if store is None:
            plans.append(Due(site, None, True, "new"))
            continue
        state = load_state(store, site.id)
        due_at = next_due(site.schedule, state)
        plans.append(Due(site, due_at, due_at is None or due_at <= now, state.health))
    return plans
