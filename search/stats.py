"""Coverage over time: matching articles per day, week or month, optionally split by a field.

Counts come straight from the index's sortable columns (published_day, site, language,
country, duplicate_group), read once per searcher as arrays, for the document numbers the
query matches: no stored field is read, and the counting is a few array operations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

import numpy as np

from indexer.index import ArticleIndex
from indexer.schema import MISSING_NUMBER
from search.columns import number_column, text_column
from search.query import parse_query
from search.searcher import SearchFilters, allowed_array, find_matches

Period = Literal["day", "week", "month"]
Split = Literal["site", "country", "language"]
PERIODS: tuple[str, ...] = ("day", "week", "month")
SPLITS: tuple[str, ...] = ("site", "country", "language")
MAX_PERIODS = 20_000
"""Refuse to draw more buckets than this (55 years of days): a date that slipped through."""


@dataclass
class Coverage:
    """Counts per period (every period from the first to the last, zeros included)."""

    query: str
    by: str
    split: str | None
    collapse_duplicates: bool
    starts: list[date]
    counts: dict[str, list[int]] = field(default_factory=dict)
    """Split value (or 'all') -> count per period, largest total first."""
    undated: int = 0
    """Matches without a publication day: not in any period."""

    @property
    def totals(self) -> list[int]:
        """Count per period, all split values together."""
        return [sum(column) for column in zip(*self.counts.values(), strict=True)] or [
            0 for _ in self.starts
        ]

    @property
    def total(self) -> int:
        return sum(self.totals) + self.undated

    def label(self, index: int) -> str:
        return period_label(self.starts[index], self.by)

    def end(self, index: int) -> date:
        return period_end(self.starts[index], self.by)

    def top(self, limit: int) -> dict[str, list[int]]:
        """The ``limit`` largest series; the rest summed as 'other'."""
        names = list(self.counts)
        if len(names) <= limit:
            return dict(self.counts)
        kept = {name: self.counts[name] for name in names[: limit - 1]}
        rest = [self.counts[name] for name in names[limit - 1 :]]
        kept["other"] = [sum(column) for column in zip(*rest, strict=True)]
        return kept


def period_start(day: date, by: str) -> date:
    """The first day of the period holding ``day`` (weeks start on Monday)."""
    if by == "week":
        return day - timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    return day


def period_end(start: date, by: str) -> date:
    """The last day of the period starting on ``start``."""
    return _next(start, by) - timedelta(days=1)


def _next(start: date, by: str) -> date:
    if by == "week":
        return start + timedelta(days=7)
    if by == "month":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start + timedelta(days=1)


def period_label(start: date, by: str) -> str:
    """'2025-05-05' for a day, '2025-W19' for a week (ISO), '2025-05' for a month."""
    if by == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return start.strftime("%Y-%m")
    return start.isoformat()


def _day(number: int) -> date | None:
    if number <= MISSING_NUMBER:
        return None
    return date(number // 10000, number // 100 % 100, number % 100)


def coverage(
    index: ArticleIndex,
    query_text: str,
    filters: SearchFilters | None = None,
    by: str = "day",
    split: str | None = None,
    collapse_duplicates: bool = False,
) -> Coverage:
    """Matching articles per period (or stories, each group counted once at its first copy).

    The periods run from the first to the last match, or over --since/--until when given.
    Raises QuerySyntaxError for a malformed query, ValueError for a bad period or split.
    """
    if by not in PERIODS:
        raise ValueError(f"unknown period {by!r}; use one of: {', '.join(PERIODS)}")
    if split is not None and split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; use one of: {', '.join(SPLITS)}")
    with index.searcher() as searcher:
        q = parse_query(query_text, searcher.schema)
        docs = find_matches(searcher, q, False, allowed_array(searcher, filters)).docs
        days = number_column(searcher, "published_day")[docs]
        if collapse_duplicates:
            docs, days = _first_of_each_group(searcher, docs, days)
        values = text_column(searcher, split)[docs] if split else np.full(len(docs), "all")
        counts = _count_pairs(days, values)
    return _tabulate(query_text, by, split, collapse_duplicates, counts, filters)


def _first_of_each_group(
    searcher: Any, docs: np.ndarray, days: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """One document per duplicate group: its earliest dated copy (an undated one last)."""
    groups = number_column(searcher, "duplicate_group")[docs]
    keys = np.where(groups > 0, groups, -docs - 1)  # an article never linked is its own group
    undated = days <= MISSING_NUMBER
    order = np.lexsort((docs, np.where(undated, 0, days), undated, keys))
    _, firsts = np.unique(keys[order], return_index=True)
    chosen = order[firsts]
    return docs[chosen], days[chosen]


def _count_pairs(days: np.ndarray, values: np.ndarray) -> list[tuple[int, str, int]]:
    """(day number, split value, count) for each distinct pair."""
    counted: dict[tuple[int, str], int] = {}
    for value in np.unique(values).tolist() if len(values) else []:
        numbers, counts = np.unique(days[values == value], return_counts=True)
        for number, count in zip(numbers.tolist(), counts.tolist(), strict=True):
            counted[(number, value)] = count
    return [(number, value, count) for (number, value), count in counted.items()]


def _tabulate(
    query_text: str,
    by: str,
    split: str | None,
    collapse_duplicates: bool,
    pairs: Iterable[tuple[int, str, int]],
    filters: SearchFilters | None,
) -> Coverage:
    counted: dict[tuple[date, str], int] = {}
    undated = 0
    for number, value, count in pairs:
        day = _day(number)
        if day is None:
            undated += count
            continue
        key = (period_start(day, by), value.upper() if split == "country" else value)
        counted[key] = counted.get(key, 0) + count
    starts = _periods({start for start, _ in counted}, by, filters)
    position = {start: i for i, start in enumerate(starts)}
    series: dict[str, list[int]] = {}
    for (start, value), count in counted.items():
        series.setdefault(value or "(none)", [0] * len(starts))[position[start]] += count
    ordered = dict(sorted(series.items(), key=lambda item: (-sum(item[1]), item[0])))
    return Coverage(query_text, by, split, collapse_duplicates, starts, ordered, undated)


def _periods(found: set[date], by: str, filters: SearchFilters | None) -> list[date]:
    """Every period start from the first to the last (bounded by --since/--until)."""
    since = filters.since if filters else None
    until = filters.until if filters else None
    first = period_start(since, by) if since else min(found, default=None)
    last = period_start(until, by) if until else max(found, default=None)
    if first is None or last is None:
        return []
    starts: list[date] = []
    current = first
    while current <= last:
        starts.append(current)
        if len(starts) > MAX_PERIODS:
            raise ValueError(
                f"more than {MAX_PERIODS} periods from {first} to {last}; "
                "use --by week or month, or --since/--until"
            )
        current = _next(current, by)
    return starts


def coverage_json(result: Coverage, filters: dict[str, Any]) -> dict[str, Any]:
    """The JSON form of ``stats --json``."""
    return {
        "query": result.query,
        "filters": filters,
        "by": result.by,
        "split": result.split,
        "collapse_duplicates": result.collapse_duplicates,
        "total": result.total,
        "undated": result.undated,
        "periods": [
            {
                "period": result.label(i),
                "start": start.isoformat(),
                "end": result.end(i).isoformat(),
                "count": result.totals[i],
                **({"counts": {k: v[i] for k, v in result.counts.items()}} if result.split else {}),
            }
            for i, start in enumerate(result.starts)
        ],
    }


def coverage_rows(result: Coverage) -> tuple[list[str], list[list[Any]]]:
    """CSV header and rows, one per period (and split value): period, start, end, count."""
    header = ["period", "start", "end", *([result.split] if result.split else []), "count"]
    rows: list[list[Any]] = []
    for i, start in enumerate(result.starts):
        base = [result.label(i), start.isoformat(), result.end(i).isoformat()]
        if result.split:
            rows.extend([*base, name, counts[i]] for name, counts in result.counts.items())
        else:
            rows.append([*base, result.totals[i]])
    return header, rows
