"""Searching the article index: filters, sorting, paging and highlighted snippets."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from whoosh import query as wq
from whoosh.highlight import ContextFragmenter, Formatter
from whoosh.searching import Hit as WhooshHit

from indexer.index import ArticleIndex
from indexer.schema import MISSING_NUMBER, day_number, epoch_seconds
from search.query import parse_query

Sort = Literal["relevance", "newest", "oldest"]
SORTS: tuple[str, ...] = ("relevance", "newest", "oldest")
SNIPPET_CHARS = 200
ELLIPSIS = "\u2026"
Span = tuple[int, int]
_WORDISH = re.compile(r"\w")


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


def _term_docs(searcher: Any, fieldname: str, values: Iterable[str]) -> set[int]:
    """Document numbers with any of the (lowercased) values in an ID field."""
    terms = [wq.Term(fieldname, v.strip().lower()) for v in values if v.strip()]
    return set(searcher.docs_for_query(wq.Or(terms)))


def _day_docs(searcher: Any, filters: SearchFilters, within: set[int] | None) -> set[int]:
    """Document numbers whose published_day lies in [since, until], from the sortable column."""
    low = max(day_number(filters.since), MISSING_NUMBER + 1)
    high = day_number(filters.until) if filters.until else 99_991_231
    days = searcher.reader().column_reader("published_day")
    if within is not None:
        return {doc for doc in within if low <= days[doc] <= high}
    return {doc for doc, day in enumerate(days) if low <= day <= high}


def _first_seen_docs(searcher: Any, until: datetime, within: set[int] | None) -> set[int]:
    """Document numbers first seen at or before ``until``, from the sortable column."""
    bound = epoch_seconds(until)
    seen = searcher.reader().column_reader("first_seen")
    if within is not None:
        return {doc for doc in within if seen[doc] <= bound}
    return {doc for doc, when in enumerate(seen) if when <= bound}


def allowed_docs(searcher: Any, filters: SearchFilters | None) -> set[int] | None:
    """The document numbers the filters allow; None when nothing is filtered."""
    if filters is None:
        return None
    allowed: set[int] | None = None
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
            found = _term_docs(searcher, fieldname, values)
            allowed = found if allowed is None else allowed & found
    if filters.since is not None or filters.until is not None:
        allowed = _day_docs(searcher, filters, allowed)
    if filters.first_seen_until is not None:
        allowed = _first_seen_docs(searcher, filters.first_seen_until, allowed)
    return allowed


# Running the search


def _date_order(searcher: Any, q: Any, allowed: set[int] | None, newest: bool) -> list[int]:
    """Matching document numbers by publication instant, ties by article id; undated last.

    Sorted here from the sortable columns rather than by Whoosh, so that the order is the
    same in every index build (Whoosh breaks ties by document number).
    """
    docs = searcher.docs_for_query(q)
    if allowed is not None:
        docs = (doc for doc in docs if doc in allowed)
    reader = searcher.reader()
    instants, ids = reader.column_reader("published_utc"), reader.column_reader("id")
    sign = -1 if newest else 1
    keyed = []
    for doc in docs:
        instant = instants[doc]
        undated = instant <= MISSING_NUMBER
        keyed.append((undated, 0 if undated else sign * instant, sign * int(ids[doc]), doc))
    keyed.sort()
    return [doc for *_, doc in keyed]


def _check_sort(sort: str) -> None:
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; use one of: {', '.join(SORTS)}")


def ordered_matches(
    searcher: Any, q: Any, allowed: set[int] | None, sort: str
) -> list[tuple[int, float | None]]:
    """Every matching (document number, score) in the order asked; scores only for relevance."""
    _check_sort(sort)
    if sort == "relevance":
        results = searcher.search(q, limit=None, filter=allowed)
        return [(doc, float(score)) for doc, score in results.items()]
    return [(doc, None) for doc in _date_order(searcher, q, allowed, sort == "newest")]


def collapse(searcher: Any, matches: list[tuple[int, float | None]]) -> list[tuple[int, int]]:
    """(first document number, copies) of each duplicate group, in the order of ``matches``."""
    groups = searcher.reader().column_reader("duplicate_group")
    first: dict[int, int] = {}
    order: list[int] = []
    copies: dict[int, int] = {}
    for doc, _ in matches:
        group = groups[doc]
        key = group if group > 0 else -doc - 1  # an article never linked is its own group
        if key not in first:
            first[key] = doc
            order.append(key)
        copies[key] = copies.get(key, 0) + 1
    return [(first[key], copies[key]) for key in order]


# Snippets


def _squeeze(text: str, spans: list[Span]) -> tuple[str, list[Span]]:
    """Collapse whitespace runs into one space, moving the spans along."""
    out: list[str] = []
    where: list[int] = []
    in_space = False
    for char in text:
        where.append(len(out))
        if char.isspace():
            if not in_space:
                out.append(" ")
            in_space = True
        else:
            out.append(char)
            in_space = False
    where.append(len(out))
    return "".join(out), [(where[a], where[b]) for a, b in spans]


def _strip(text: str, spans: list[Span]) -> tuple[str, list[Span]]:
    """Strip surrounding whitespace, moving the spans along."""
    shift = len(text) - len(text.lstrip())
    return text.strip(), [(a - shift, b - shift) for a, b in spans]


def _fragment_snippet(fragment: Any) -> tuple[str, list[Span]]:
    """Plain text of a Whoosh fragment, with ellipses where it was cut, and its match spans.

    A fragment ends on a word: punctuation alone before or after it is kept, not elided.
    """
    source = fragment.text
    start = fragment.startchar if _WORDISH.search(source, 0, fragment.startchar) else 0
    end = fragment.endchar if _WORDISH.search(source, fragment.endchar) else len(source)
    spans: list[Span] = []
    cursor = start
    for token in sorted(fragment.matches, key=lambda t: (t.startchar, t.startchar - t.endchar)):
        if token.startchar >= cursor and token.endchar <= end:
            spans.append((token.startchar - start, token.endchar - start))
            cursor = token.endchar
    text, spans = _strip(*_squeeze(source[start:end], spans))
    if _width(text) > SNIPPET_CHARS * 3 // 2:
        text, spans, cut_start, cut_end = _clip(text, spans)
        start, end = start + cut_start, end - cut_end
    if start > 0:
        text = ELLIPSIS + text
        spans = [(a + 1, b + 1) for a, b in spans]
    if end < len(source):
        text += ELLIPSIS
    return text, spans


def _clip(text: str, spans: list[Span]) -> tuple[str, list[Span], int, int]:
    """A fragment cut to about SNIPPET_CHARS around its first match (CJK text has no spaces
    for Whoosh's fragmenter to stop at); returns the text, spans, and chars cut at each end."""
    first = spans[0][0] if spans else 0
    begin = max(0, first - SNIPPET_CHARS // 8)
    finish, used = begin, 0
    while finish < len(text) and used < SNIPPET_CHARS:
        used += _width(text[finish])
        finish += 1
    kept = [(a - begin, b - begin) for a, b in spans if a >= begin and b <= finish]
    return text[begin:finish], kept, begin, len(text) - finish


def _width(text: str) -> int:
    """Terminal columns of a text: wide (CJK) characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def lead_snippet(body: str, limit: int = SNIPPET_CHARS) -> str:
    """The first ``limit`` characters of the body, cut at a space, whitespace squeezed."""
    text, _ = _squeeze(body[: limit + 1].strip(), [])
    if len(body.strip()) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip() + ELLIPSIS


class _SpanFormatter(Formatter):
    """Whoosh formatter that returns plain text and keeps the matched spans aside."""

    def __init__(self) -> None:
        self.spans: list[Span] = []

    def format(self, fragments: list[Any], replace: bool = False) -> str:
        self.spans = []
        if not fragments:
            return ""
        text, self.spans = _fragment_snippet(fragments[0])
        return text


def _snippet(hit: Any, body: str, formatter: _SpanFormatter) -> tuple[str, list[Span]]:
    """The best ~200-character passage of the body around matched words, or its opening."""
    if body:
        text = hit.highlights("body", text=body, top=1)
        if text:
            return text, formatter.spans
    return lead_snippet(body), []


def _hit(hit: Any, scored: bool, formatter: _SpanFormatter, copies: int = 1) -> Hit:
    """Our Hit for a Whoosh hit."""
    stored = hit.fields()
    group = hit.searcher.reader().column_reader("duplicate_group")[hit.docnum]
    snippet, spans = _snippet(hit, stored.get("body", ""), formatter)
    return Hit(
        id=int(stored["id"]),
        url=stored.get("url", ""),
        title=stored.get("title", ""),
        site=stored.get("site", ""),
        published=stored.get("published", ""),
        score=float(hit.score) if scored and hit.score is not None else None,
        snippet=snippet,
        snippet_spans=spans,
        language=stored.get("language", ""),
        copies=copies,
        duplicate_group=max(int(group), 0) or int(stored["id"]),
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
        allowed = allowed_docs(searcher, filters)
        if allowed is not None and not allowed:
            return SearchResult(query_text, 0, [], 0 if collapse_duplicates else None)
        if limit == 0 and not collapse_duplicates:  # only the count: no scoring, no sorting
            docs = searcher.docs_for_query(q)
            total = sum(1 for doc in docs if allowed is None or doc in allowed)
            return SearchResult(query_text, total, [])
        matches = ordered_matches(searcher, q, allowed, sort)
        if collapse_duplicates:
            chosen = collapse(searcher, matches)
        else:
            chosen = [(doc, 1) for doc, _ in matches]
        scores = dict(matches)
        stop = None if limit is None else offset + limit
        # A Results object only lends its query terms and highlighter to the hits.
        results = searcher.search(q, limit=1, filter=allowed)
        results.fragmenter = ContextFragmenter(maxchars=SNIPPET_CHARS, surround=80)
        formatter = _SpanFormatter()
        results.formatter = formatter
        page = [
            _hit(WhooshHit(results, doc, pos, scores[doc]), sort == "relevance", formatter, n)
            for pos, (doc, n) in enumerate(chosen[offset:stop], start=offset)
        ]
        groups = len(chosen) if collapse_duplicates else None
        return SearchResult(query_text, len(matches), page, groups)


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
    with index.searcher() as searcher:
        q = parse_query(query_text, searcher.schema)
        allowed = allowed_docs(searcher, filters)
        if allowed is not None and not allowed:
            return iter(())
        matches = ordered_matches(searcher, q, allowed, sort)
        docs = [doc for doc, _ in collapse(searcher, matches)] if collapse_duplicates else None
        ids = searcher.reader().column_reader("id")
        found = [int(ids[doc]) for doc in (docs if docs is not None else (d for d, _ in matches))]
    return iter(found)
