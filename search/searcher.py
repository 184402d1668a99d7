"""Searching the article index: filters, sorting, paging and highlighted snippets."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from whoosh import query as wq
from whoosh.highlight import ContextFragmenter, Formatter
from whoosh.sorting import FieldFacet, TranslateFacet

from indexer.index import ArticleIndex
from indexer.schema import MISSING_NUMBER, day_number
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


@dataclass
class SearchResult:
    """One page of hits; ``total`` counts every matching article."""

    query: str
    total: int
    hits: list[Hit]


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


def allowed_docs(searcher: Any, filters: SearchFilters | None) -> set[int] | None:
    """The document numbers the filters allow; None when nothing is filtered."""
    if filters is None:
        return None
    allowed: set[int] | None = None
    for fieldname, values in (("site", filters.sites), ("language", filters.languages)):
        if values:
            found = _term_docs(searcher, fieldname, values)
            allowed = found if allowed is None else allowed & found
    if filters.since is not None or filters.until is not None:
        allowed = _day_docs(searcher, filters, allowed)
    return allowed


# Running the search


def _sort_facet(searcher: Any, sort: str) -> Any:
    """The facet for a date sort; articles without a date come last either way."""
    if sort == "newest":
        return FieldFacet("published_utc", reverse=True)
    no_date = searcher.schema["published_utc"].to_column_value(MISSING_NUMBER)
    return TranslateFacet(lambda key: (key <= no_date, key), FieldFacet("published_utc"))


def _run(searcher: Any, q: Any, allowed: set[int] | None, sort: str, limit: int | None) -> Any:
    """Whoosh results for the query, filtered and sorted, holding the first ``limit`` hits."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; use one of: {', '.join(SORTS)}")
    if sort == "relevance":
        return searcher.search(q, limit=limit, filter=allowed)
    facet = _sort_facet(searcher, sort)
    return searcher.search(q, limit=limit, filter=allowed, sortedby=facet)


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


def _hit(hit: Any, scored: bool, formatter: _SpanFormatter) -> Hit:
    """Our Hit for a Whoosh hit."""
    stored = hit.fields()
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
) -> SearchResult:
    """Hits ``offset`` to ``offset + limit`` (all with limit None) and the total match count.

    Raises QuerySyntaxError for a malformed query, ValueError for a bad sort or paging.
    """
    _check_paging(limit, offset)
    with index.searcher() as searcher:
        q = parse_query(query_text, searcher.schema)
        allowed = allowed_docs(searcher, filters)
        if allowed is not None and not allowed:
            return SearchResult(query_text, 0, [])
        window = None if limit is None else max(offset + limit, 1)
        results = _run(searcher, q, allowed, sort, window)
        results.fragmenter = ContextFragmenter(maxchars=SNIPPET_CHARS, surround=80)
        formatter = _SpanFormatter()
        results.formatter = formatter
        stop = None if limit is None else offset + limit
        page = [_hit(h, sort == "relevance", formatter) for h in results[offset:stop]]
        return SearchResult(query_text, len(results), page)


def matching_ids(
    index: ArticleIndex,
    query_text: str,
    filters: SearchFilters | None = None,
    sort: Sort = "relevance",
) -> Iterator[int]:
    """Ids of every matching article in order; the search runs now, the ids are then yielded.

    Reads only the id column, never the stored text.
    """
    with index.searcher() as searcher:
        q = parse_query(query_text, searcher.schema)
        allowed = allowed_docs(searcher, filters)
        if allowed is not None and not allowed:
            return iter(())
        results = _run(searcher, q, allowed, sort, None)
        ids = searcher.reader().column_reader("id")
        found = [int(ids[docnum]) for docnum, _ in results.items()]
    return iter(found)
