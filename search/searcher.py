"""Searching the article index: filters, sorting, paging and highlighted snippets.

Matches and scores come from :mod:`search.postings` (numpy over Whoosh's posting blocks,
Whoosh's own BM25F), filters and date sorts from :mod:`search.columns`; only the page of
hits asked for reads stored fields and builds snippets.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

import numpy as np
from whoosh import query as wq

from indexer.index import ArticleIndex
from indexer.schema import MISSING_NUMBER, day_number, epoch_seconds
from search.columns import id_column, number_column
from search.postings import Matches, read_matches
from search.query import parse_query
from search.snippets import Span, best_snippet, match_spans, query_words

Sort = Literal["relevance", "newest", "oldest"]
SORTS: tuple[str, ...] = ("relevance", "newest", "oldest")


@dataclass
class SearchFilters:
    """Restrictions beside the query; days are inclusive and compared with published_day."""

    sites: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    since: date | None = None
    until: date | None = None
    countries: list[str] = field(default_factory=list)
    media_types: list[str] = field(default_factory=list)
    state_affiliated: bool | None = None
    paywalled: bool | None = None
    """True: only articles behind a paywall; False: only free ones; unknown matches neither."""
    first_seen_until: datetime | None = None
    """Only articles first seen at or before this instant (re-running an export's manifest)."""


@dataclass
class Hit:
    """One matching article; ``snippet_spans`` are [start, end) offsets of matched words."""

    id: int
    url: str
    title: str
    site: str
    published: str
    score: float | None
    snippet: str
    snippet_spans: list[Span] = field(default_factory=list)
    language: str = ""
    copies: int = 1
    """How many matching articles this hit stands for (its duplicate group, when collapsed)."""
    duplicate_group: int = 0


@dataclass
class SearchResult:
    """One page of hits; ``total`` counts every matching article, ``groups`` (when collapsed)
    the distinct duplicate groups among them."""

    query: str
    total: int
    hits: list[Hit]
    groups: int | None = None


# Filters


def _term_docs(searcher: Any, fieldname: str, values: Iterable[str]) -> np.ndarray:
    """Document numbers with any of the (lowercased) values in an ID field."""
    terms = [wq.Term(fieldname, v.strip().lower()) for v in values if v.strip()]
    return find_matches(searcher, wq.Or(terms), scored=False).docs


def _in_range(searcher: Any, fieldname: str, low: int, high: int) -> np.ndarray:
    """Document numbers whose sortable column value lies in [low, high]."""
    column = number_column(searcher, fieldname)
    return np.flatnonzero((column >= low) & (column <= high)).astype(np.int64)


def allowed_array(searcher: Any, filters: SearchFilters | None) -> np.ndarray | None:
    """The document numbers the filters allow, ascending; None when nothing is filtered."""
    if filters is None:
        return None
    allowed: np.ndarray | None = None

    def narrow(found: np.ndarray) -> None:
        nonlocal allowed
        allowed = found if allowed is None else np.intersect1d(allowed, found, assume_unique=True)

    terms: list[tuple[str, list[str]]] = [
        ("site", filters.sites),
        ("language", filters.languages),
        ("country", filters.countries),
        ("media_type", filters.media_types),
    ]
    if filters.state_affiliated is not None:
        terms.append(("state_affiliated", [str(filters.state_affiliated).lower()]))
    if filters.paywalled is not None:
        terms.append(("paywalled", [str(filters.paywalled).lower()]))
    for fieldname, values in terms:
        if values:
            narrow(_term_docs(searcher, fieldname, values))
    if filters.since is not None or filters.until is not None:
        low = max(day_number(filters.since), MISSING_NUMBER + 1)
        high = day_number(filters.until) if filters.until else 99_991_231
        narrow(_in_range(searcher, "published_day", low, high))
    if filters.first_seen_until is not None:
        bound = epoch_seconds(filters.first_seen_until)
        narrow(_in_range(searcher, "first_seen", np.iinfo(np.int64).min, bound))
    return allowed


# Running the search


def _check_sort(sort: str) -> None:
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; use one of: {', '.join(SORTS)}")


def _whoosh_matches(searcher: Any, q: Any, scored: bool) -> Matches:
    """Matches found by Whoosh itself, for the query nodes search.postings does not read."""
    if not scored:
        docs = np.fromiter(searcher.docs_for_query(q), dtype=np.int64)
        return Matches(np.unique(docs), None)
    found = sorted(searcher.search(q, limit=None).items())
    docs = np.array([doc for doc, _ in found], dtype=np.int64)
    return Matches(docs, np.array([score for _, score in found], dtype=np.float64))


def find_matches(searcher: Any, q: Any, scored: bool, allowed: np.ndarray | None = None) -> Matches:
    """Every match of ``q`` within ``allowed``, ascending by document number."""
    found = read_matches(searcher, q, scored)
    if found is None:
        found = _whoosh_matches(searcher, q, scored)
    if allowed is None:
        return found
    keep = np.isin(found.docs, allowed, assume_unique=True)
    return Matches(found.docs[keep], None if found.scores is None else found.scores[keep])


def _order(searcher: Any, found: Matches, sort: str, first: int | None) -> np.ndarray:
    """Positions into ``found`` in the order asked; only the first ``first`` when given.

    Relevance: score, ties by document number (Whoosh's order).  Dates: publication instant,
    ties by article id, undated last (the same in every index build).
    """
    docs = found.docs
    if sort == "relevance":
        scores = -found.scores  # type: ignore[operator]
        candidates = np.arange(len(docs))
        if first is not None and first < len(docs):
            bound = np.partition(scores, first - 1)[first - 1] if first else -np.inf
            candidates = np.flatnonzero(scores <= bound)
        ordered = candidates[np.lexsort((docs[candidates], scores[candidates]))]
        return ordered if first is None else ordered[:first]
    sign = -1 if sort == "newest" else 1
    instants = number_column(searcher, "published_utc")[docs]
    undated = instants <= MISSING_NUMBER
    ids = id_column(searcher)[docs]
    ordered = np.lexsort((sign * ids, np.where(undated, 0, sign * instants), undated))
    return ordered if first is None else ordered[:first]


def _collapse(searcher: Any, docs_in_order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions (into ``docs_in_order``) of the first document of each duplicate group, in
    order, and how many matching copies each group has."""
    groups = number_column(searcher, "duplicate_group")[docs_in_order]
    keys = np.where(groups > 0, groups, -docs_in_order - 1)  # never linked: its own group
    _, firsts, copies = np.unique(keys, return_index=True, return_counts=True)
    by_position = np.argsort(firsts, kind="stable")
    return firsts[by_position], copies[by_position]


# Hits


def _hit(searcher: Any, doc: int, score: float | None, words: frozenset[str], copies: int) -> Hit:
    """Our Hit for a document number: stored fields and a snippet around the query words."""
    stored = searcher.stored_fields(doc)
    group = int(number_column(searcher, "duplicate_group")[doc])
    body = stored.get("body", "")
    snippet, spans = best_snippet(body, match_spans(body, words))
    return Hit(
        id=int(stored["id"]),
        url=stored.get("url", ""),
        title=stored.get("title", ""),
        site=stored.get("site", ""),
        published=stored.get("published", ""),
        score=score,
        snippet=snippet,
        snippet_spans=spans,
        language=stored.get("language", ""),
        copies=copies,
        duplicate_group=max(group, 0) or int(stored["id"]),
    )


def _check_paging(limit: int | None, offset: int) -> None:
    """Reject negative paging values."""
    if offset < 0 or (limit is not None and limit < 0):
        raise ValueError("limit and offset must not be negative")


def search(
    index: ArticleIndex,
    query_text: str,
    filters: SearchFilters | None = None,
    sort: Sort = "relevance",
    limit: int | None = 10,
    offset: int = 0,
    collapse_duplicates: bool = False,
) -> SearchResult:
    """Hits ``offset`` to ``offset + limit`` (all with limit None) and the total match count.

    With ``collapse_duplicates`` a page lists one hit per duplicate group (the first in the
    sort order) with the number of matching copies; ``total`` still counts every article.
    Raises QuerySyntaxError for a malformed query, ValueError for a bad sort or paging.
    """
    _check_paging(limit, offset)
    _check_sort(sort)
    with index.searcher() as searcher:
        q = parse_query(query_text, searcher.schema)
        allowed = allowed_array(searcher, filters)
        if allowed is not None and not len(allowed):
            return SearchResult(query_text, 0, [], 0 if collapse_duplicates else None)
        scored = sort == "relevance" and limit != 0
        found = find_matches(searcher, q, scored, allowed)
        total = len(found.docs)
        if limit == 0 and not collapse_duplicates:  # only the count: no scoring, no sorting
            return SearchResult(query_text, total, [])
        stop = None if limit is None else offset + limit
        order = _order(searcher, found, sort, None if collapse_duplicates else stop)
        copies = np.ones(len(order), dtype=np.int64)
        if collapse_duplicates:
            firsts, copies = _collapse(searcher, found.docs[order])
            order = order[firsts]
        words = query_words(q, searcher.reader(), "body")
        page = [
            _hit(
                searcher,
                int(found.docs[position]),
                None if found.scores is None else float(found.scores[position]),
                words,
                int(count),
            )
            for position, count in zip(order[offset:stop], copies[offset:stop], strict=True)
        ]
        groups = len(order) if collapse_duplicates else None
        return SearchResult(query_text, total, page, groups)


def matching_ids(
    index: ArticleIndex,
    query_text: str,
    filters: SearchFilters | None = None,
    sort: Sort = "relevance",
    collapse_duplicates: bool = False,
) -> Iterator[int]:
    """Ids of every matching article in order; the search runs now, the ids are then yielded.

    Reads only the id (and duplicate group) columns, never the stored text.  With
    ``collapse_duplicates``, only the first match of each duplicate group.
    """
    _check_sort(sort)
    with index.searcher() as searcher:
        q = parse_query(query_text, searcher.schema)
        allowed = allowed_array(searcher, filters)
        if allowed is not None and not len(allowed):
            return iter(())
        found = find_matches(searcher, q, sort == "relevance", allowed)
        docs = found.docs[_order(searcher, found, sort, None)]
        if collapse_duplicates:
            docs = docs[_collapse(searcher, docs)[0]]
        found_ids = id_column(searcher)[docs].tolist()
    return iter(found_ids)
