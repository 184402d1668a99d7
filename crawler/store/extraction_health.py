"""Per-site extraction health: each run's share of articles with each field, and the drop
against the site's recent runs that marks the site 'degraded' (table ``extraction_shares``).

The rule, kept robust to small runs:

- a run's shares count (as evidence, or later as baseline) only when it stored at least
  MIN_ARTICLES articles;
- the baseline of a field is the median of its share over the site's last BASELINE_RUNS
  such runs, and there must be at least MIN_BASELINE_RUNS of them;
- a field is degraded when its share is more than MAX_DROP (30 points) under its baseline.

A run too small to judge leaves the verdict as it was (None); a lasting change becomes the
baseline once it makes up the median of the counted runs (after three such runs).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from statistics import median

from crawler.model import format_when
from crawler.store.articles import ArticleStore

FIELDS = ("title", "published", "authors", "body")
MIN_ARTICLES = 10
BASELINE_RUNS = 5
MIN_BASELINE_RUNS = 3
MAX_DROP = 0.30


@dataclass(frozen=True)
class FieldShares:
    """Of the `articles` a run stored, the share (0..1) that had each field of FIELDS.

    `body` is the share of extracted article pages whose body was long enough to be stored
    (the others were dropped as too short or not an article), since every stored article
    passed that bar.
    """

    articles: int
    title: float = 0.0
    published: float = 0.0
    authors: float = 0.0
    body: float = 0.0

    def share(self, name: str) -> float:
        """The share of one field of FIELDS."""
        return float(getattr(self, name))

    def as_json(self) -> dict[str, float]:
        """The shares as a runs.jsonl value: {'articles': n, 'title': 0.98, ...}."""
        return {"articles": self.articles, **{name: self.share(name) for name in FIELDS}}


def measure_shares(
    store: ArticleStore, site: str, since: datetime, body_missing: int
) -> FieldShares:
    """The shares of the site's articles written (new, updated, copies) since `since`.

    `body_missing` counts the article pages of the run dropped for a missing or short body.
    """
    row = store.connection.execute(
        "SELECT count(*), "
        "sum(coalesce(title, '') != ''), "
        "sum(coalesce(published, '') != ''), "
        "sum(coalesce(authors, '') NOT IN ('', '[]')) "
        "FROM articles WHERE site = ? AND updated_at >= ?",
        (site, format_when(since)),
    ).fetchone()
    articles = int(row[0])
    if not articles:
        return FieldShares(articles=0)
    return FieldShares(
        articles=articles,
        title=_ratio(row[1], articles),
        published=_ratio(row[2], articles),
        authors=_ratio(row[3], articles),
        body=_ratio(articles, articles + body_missing),
    )


def record_shares(store: ArticleStore, site: str, started: datetime, shares: FieldShares) -> None:
    """Keep a run's shares (runs that stored nothing are not kept)."""
    if not shares.articles:
        return
    with store.transaction():
        store.connection.execute(
            "INSERT OR REPLACE INTO extraction_shares "
            "(site, started, articles, title, published, authors, body) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (site, format_when(started), shares.articles, *(shares.share(f) for f in FIELDS)),
        )


def recent_shares(store: ArticleStore, site: str, before: datetime) -> list[FieldShares]:
    """The site's last BASELINE_RUNS runs with at least MIN_ARTICLES articles, before a time."""
    rows = store.connection.execute(
        "SELECT articles, title, published, authors, body FROM extraction_shares "
        "WHERE site = ? AND started < ? AND articles >= ? ORDER BY started DESC LIMIT ?",
        (site, format_when(before), MIN_ARTICLES, BASELINE_RUNS),
    )
    return [FieldShares(int(row[0]), *(float(row[f]) for f in FIELDS)) for row in rows]


def degradation(history: list[FieldShares], current: FieldShares) -> str | None:
    """'published 98% -> 30%' for the fields that fell, '' when none did, None when the run
    or its history is too small to judge (see the module's rule)."""
    counted = [shares for shares in history if shares.articles >= MIN_ARTICLES]
    if current.articles < MIN_ARTICLES or len(counted) < MIN_BASELINE_RUNS:
        return None
    drops = []
    for name in FIELDS:
        baseline = median(shares.share(name) for shares in counted[:BASELINE_RUNS])
        if baseline - current.share(name) > MAX_DROP:
            drops.append(f"{name} {baseline:.0%} -> {current.share(name):.0%}")
    return ", ".join(drops)


def judge_run(store: ArticleStore, site: str, started: datetime, shares: FieldShares) -> str | None:
    """Compare a run's shares with the site's recent runs, then keep them (see degradation)."""
    verdict = degradation(recent_shares(store, site, started), shares)
    record_shares(store, site, started, shares)
    return verdict


def _ratio(part: int | None, whole: int) -> float:
    return round((part or 0) / whole, 3) if whole else 0.0
