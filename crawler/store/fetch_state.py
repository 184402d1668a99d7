"""Crawl state kept in the store between runs: feed validators, robots.txt, fetched URLs."""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime

from crawler.model import format_when
from crawler.store.articles import ArticleStore

ROBOTS_MAX_AGE = timedelta(hours=24)  # RFC 9309 section 2.4: cache robots.txt at most a day
# How long a fetched page that gave no article is left alone (unless a feed says it changed).
OUTCOME_RETRY = {"stored": None, "http": timedelta(days=1)}
DROPPED_RETRY = timedelta(days=30)


@dataclass(frozen=True)
class Validators:
    """What a feed or sitemap answered last time: ETag, Last-Modified and, for an index, its
    child sitemaps (so that a 304 on the index still visits them)."""

    etag: str = ""
    last_modified: str = ""
    children: tuple[str, ...] = ()

    def headers(self) -> dict[str, str]:
        """Conditional request headers for the next fetch."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


def load_validators(store: ArticleStore, site: str) -> dict[str, Validators]:
    """The validators of every feed and sitemap of a site, by URL."""
    rows = store.connection.execute(
        "SELECT url, etag, last_modified, children FROM discovery_cache WHERE site = ?", (site,)
    )
    return {
        row["url"]: Validators(
            row["etag"], row["last_modified"], tuple(json.loads(row["children"] or "[]"))
        )
        for row in rows
    }


def save_validators(store: ArticleStore, site: str, validators: dict[str, Validators]) -> None:
    """Keep the validators seen by a run that finished every article its documents listed."""
    now = format_when(datetime.now(UTC))
    with store.transaction():
        store.connection.executemany(
            "INSERT OR REPLACE INTO discovery_cache "
            "(url, site, etag, last_modified, children, body, fetched_at) "
            "VALUES (?, ?, ?, ?, ?, NULL, ?)",
            [
                (url, site, v.etag, v.last_modified, json.dumps(list(v.children)), now)
                for url, v in validators.items()
            ],
        )


def cached_robots(store: ArticleStore, url: str, now: datetime) -> bytes | None:
    """The robots.txt body fetched less than a day ago, or None."""
    row = store.connection.execute(
        "SELECT body, fetched_at FROM discovery_cache WHERE url = ? AND site = ''", (url,)
    ).fetchone()
    if row is None or row["body"] is None:
        return None
    if now - datetime.fromisoformat(row["fetched_at"]) > ROBOTS_MAX_AGE:
        return None
    return zlib.decompress(row["body"])


def save_robots(store: ArticleStore, url: str, body: bytes, now: datetime) -> None:
    """Remember a robots.txt body (an empty one for a 404: everything allowed)."""
    with store.transaction():
        store.connection.execute(
            "INSERT OR REPLACE INTO discovery_cache (url, site, body, fetched_at) "
            "VALUES (?, '', ?, ?)",
            (url, zlib.compress(body), format_when(now)),
        )


def known_fetches(store: ArticleStore, site: str, now: datetime) -> dict[str, datetime]:
    """URL -> when it was last fetched, for every URL a run should not download again.

    Stored articles (by canonical and original URL) count for ever; pages that gave no
    article count for a while (an HTTP error for a day, a non-article page for 30 days).
    """
    known: dict[str, datetime] = {}
    for row in store.connection.execute(
        "SELECT url, seen_at FROM seen_urls WHERE site = ?", (site,)
    ):
        known[row["url"]] = datetime.fromisoformat(row["seen_at"])
    for row in store.connection.execute(
        "SELECT url, outcome, fetched_at FROM url_outcomes WHERE site = ?", (site,)
    ):
        fetched_at = datetime.fromisoformat(row["fetched_at"])
        kind = row["outcome"].split(":", 1)[0]
        retry_after = OUTCOME_RETRY.get(kind, DROPPED_RETRY)
        if retry_after is None or now - fetched_at < retry_after:
            known.setdefault(row["url"], fetched_at)
    return known


def save_outcomes(store: ArticleStore, site: str, outcomes: dict[str, str], now: datetime) -> None:
    """Remember what fetching these URLs gave ('stored:URL', 'http:404', a drop reason)."""
    when = format_when(now)
    with store.transaction():
        store.connection.executemany(
            "INSERT OR REPLACE INTO url_outcomes (url, site, outcome, fetched_at) "
            "VALUES (?, ?, ?, ?)",
            [(url, site, outcome, when) for url, outcome in outcomes.items()],
        )


def hint_datetime(value: str) -> datetime | None:
    """An aware UTC datetime from a feed or sitemap date (RFC 822 or ISO 8601), else None.

    A date without a time is read as the start of that day in UTC, so a same-day change is
    never mistaken for a newer one than a fetch made later that day.
    """
    value = value.strip()
    if not value:
        return None
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            try:
                day = date.fromisoformat(value[:10])
            except ValueError:
                return None
            parsed = datetime(day.year, day.month, day.day)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
