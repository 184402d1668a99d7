"""The numpy search path against Whoosh's own: same matches, same scores, same order.

The index is built in several commits (several segments) with replaced documents (deleted
postings), so block reading, doc-number bases and deletions are all exercised.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from crawler.model import Article
from indexer.index import ArticleIndex
from search.columns import id_column, number_column, text_column
from search.postings import read_matches
from search.query import parse_query
from search.searcher import SearchFilters, allowed_array, matching_ids, search
from search.snippets import _ascii_spans, match_spans, term_of

WORDS = [
    "market",
    "markets",
    "marketing",
    "police",
    "court",
    "minister",
    "ministers",
    "prime",
    "happy",
    "happiness",
    "rates",
    "interest",
    "soft",
    "power",
    "china",
    "trade",
    "talks",
    "harbour",
    "budget",
    "election",
    "vote",
    "bank",
    "energy",
    "storm",
    "running",
    "runs",
    "ran",
    "sky",
    "skies",
    "the",
    "of",
    "and",
    "a",
]
SITES = ["alpha", "beta", "gamma", "delta"]


def _articles(count: int, seed: int) -> list[Article]:
    rng = random.Random(seed)
    articles = []
    for n in range(1, count + 1):
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 160)))
        if rng.random() < 0.3:
            body += " interest rates rose as soft power grew."
        day = date(2025, 1, 1) + timedelta(days=rng.randrange(200))
        when = datetime(day.year, day.month, day.day, rng.randrange(24), tzinfo=UTC)
        dated = rng.random() < 0.9
        articles.append(
            Article(
                id=n,
                url=f"https://news.example/{n}",
                site=rng.choice(SITES),
                language=rng.choice(["en", "en", "fr"]),
                title=" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 8))),
                lead=body[:80],
                body=body,
                published=when if dated else None,
                published_utc=when if dated else None,
                published_day=day if dated else None,
                first_seen=when + timedelta(hours=1),
                duplicate_group=(n % 37) + 1 if n % 5 == 0 else 0,
            )
        )
    return articles


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> ArticleIndex:
    path = Path(tmp_path_factory.mktemp("engine")) / "index"
    built = ArticleIndex.open(path, create=True)
    articles = _articles(900, seed=3)
    for start in range(0, len(articles), 200):  # five commits: several segments
        built.add(articles[start : start + 200])
    built.add(_articles(60, seed=11))  # replaces ids 1-60: deleted postings in old segments
    return built


QUERIES = [
    "market",
    "happiness",
    "running",
    "court AND minister",
    "court OR minister OR bank",
    "market NOT police",
    "(court OR minister) NOT (police AND market)",
    '"interest rates"',
    '"soft power" china',
    'title:market OR "prime minister"',
    "site:beta",
    "market site:gamma",
    "lang:fr AND energy",
    "skies",
]


@pytest.mark.parametrize("text", QUERIES)
def test_matches_and_scores_equal_whooshs(index: ArticleIndex, text: str) -> None:
    with index.searcher() as searcher:
        q = parse_query(text, searcher.schema)
        found = read_matches(searcher, q, scored=True)
        assert found is not None, "a shape the fast path is meant to read fell back"
        expected = dict(searcher.search(q, limit=None).items())
    assert len(expected) > 0
    assert found.docs.tolist() == sorted(expected)
    assert found.scores is not None
    assert np.allclose(found.scores, [expected[d] for d in found.docs.tolist()], rtol=1e-9)


@pytest.mark.parametrize("text", QUERIES)
def test_top_hits_in_whooshs_order(index: ArticleIndex, text: str) -> None:
    result = search(index, text, limit=15)
    with index.searcher() as searcher:
        q = parse_query(text, searcher.schema)
        ranked = searcher.search(q, limit=None)
        expected = [int(searcher.stored_fields(doc)["id"]) for doc, _ in list(ranked.items())[:15]]
        total = len(ranked)
    assert [hit.id for hit in result.hits] == expected
    assert result.total == total


def test_shapes_it_does_not_read_fall_back_to_whoosh(index: ArticleIndex) -> None:
    with index.searcher() as searcher:
        for text in ("mark*", "published:[2025-02-01 TO 2025-03-01]", "*"):
            q = parse_query(text, searcher.schema)
            assert read_matches(searcher, q, scored=True) is None
            expected = set(searcher.docs_for_query(q))
            assert search(index, text, limit=0).total == len(expected) > 0


def test_columns_equal_whooshs_column_readers(index: ArticleIndex) -> None:
    with index.searcher() as searcher:
        reader = searcher.reader()
        for name in ("published_day", "published_utc", "duplicate_group", "first_seen"):
            expected = list(reader.column_reader(name))
            assert number_column(searcher, name).tolist() == expected
        assert id_column(searcher).tolist() == [int(v) for v in reader.column_reader("id")]
        assert text_column(searcher, "site").tolist() == list(reader.column_reader("site"))


def test_filters_and_date_sort(index: ArticleIndex) -> None:
    filters = SearchFilters(sites=["beta"], since=date(2025, 2, 1), until=date(2025, 3, 15))
    with index.searcher() as searcher:
        allowed = allowed_array(searcher, filters)
        assert allowed is not None and len(allowed)
        for doc in allowed.tolist():
            stored = searcher.stored_fields(doc)
            assert stored["site"] == "beta"
    newest = search(index, "market", filters=filters, sort="newest", limit=None)
    instants = [hit.published for hit in newest.hits]
    assert instants == sorted(instants, reverse=True)
    oldest = list(matching_ids(index, "market", filters=filters, sort="oldest"))
    assert oldest == [hit.id for hit in reversed(newest.hits)] or len(set(instants)) < len(instants)


def test_collapsed_page_lists_each_group_once(index: ArticleIndex) -> None:
    result = search(index, "market", limit=None, collapse_duplicates=True)
    groups = [hit.duplicate_group for hit in result.hits]
    assert len(groups) == len(set(groups)) == result.groups
    assert sum(hit.copies for hit in result.hits) == result.total


@pytest.mark.parametrize(
    "body",
    [
        "Markets rallied; the marketing team at the market said so.",
        "Happy people, happiness and unhappy ones: HAPPINESS.",
        "He was running, she runs, they ran to the U.S. market-place.",
        "The sky, the skies, sky-blue; interest-rates and interest rates.",
        "e.market is not market; pro-market is.",
    ],
)
def test_ascii_snippet_words_equal_a_full_scan(body: str) -> None:
    words = frozenset(
        term
        for term in (term_of(w) for w in ["market", "happy", "running", "sky", "interest"])
        if term
    )
    full_scan = match_spans(body + " \u00e9", words)  # not ASCII: the analyzer on every word
    assert _ascii_spans(body, words) == full_scan
    assert full_scan, "the example has words to find"


def test_snippet_highlights_the_query_words(index: ArticleIndex) -> None:
    result = search(index, "interest", limit=5)
    for hit in result.hits:
        marked = [hit.snippet[a:b].lower() for a, b in hit.snippet_spans]
        assert marked and all(word.startswith("interest") for word in marked)
