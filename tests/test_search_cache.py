"""The postings cache: cached matches equal freshly decoded ones and Whoosh's own; the LRU
keeps to its byte budget; a new commit is searched afresh."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from indexer.index import ArticleIndex
from search import postings
from search.cache import ArrayCache, searcher_cache
from search.postings import read_matches
from search.query import parse_query
from search.searcher import search
from tests.test_search_engine import QUERIES, _articles


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> ArticleIndex:
    built = ArticleIndex.open(Path(tmp_path_factory.mktemp("cache")) / "index", create=True)
    articles = _articles(500, seed=6)
    built.add(articles[:300])
    built.add(articles[300:])
    built.add(_articles(30, seed=2))  # deleted postings
    return built


@pytest.mark.parametrize("text", QUERIES)
def test_cached_matches_equal_uncached_and_whooshs(
    index: ArticleIndex, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with index.searcher() as searcher:
        q = parse_query(text, searcher.schema)
        expected = dict(searcher.search(q, limit=None).items())
        for scored in (True, False, True):  # the second and third read the cache
            cached = read_matches(searcher, q, scored)
            with monkeypatch.context() as patched:
                patched.setattr(postings, "searcher_cache", lambda _: ArrayCache(0))
                plain = read_matches(searcher, q, scored)
            assert cached is not None and plain is not None
            assert cached.docs.tolist() == plain.docs.tolist() == sorted(expected)
            if scored:
                assert cached.scores is not None and plain.scores is not None
                assert cached.scores.tolist() == plain.scores.tolist()
                assert np.allclose(cached.scores, [expected[d] for d in cached.docs.tolist()])
        assert len(searcher_cache(searcher)) > 0


def test_lru_keeps_to_its_budget() -> None:
    cache = ArrayCache(budget=3 * 800)
    made = []
    for key in range(5):
        made.append(cache.get_or_make(key, lambda: [np.zeros(100)]))  # 800 bytes each
        assert cache.used <= cache.budget
    assert len(cache) == 3
    assert cache.get_or_make(4, lambda: "made again") is made[4]
    assert cache.get_or_make(0, lambda: "made again") == "made again"  # dropped first
    assert not made[4][0].flags.writeable, "shared arrays are read-only"
    assert cache.get_or_make("big", lambda: np.zeros(1000)).nbytes == 8000
    assert "big" not in cache._items, "a value over the budget is not kept"


def test_a_new_commit_is_searched_afresh(tmp_path: Path) -> None:
    built = ArticleIndex.open(tmp_path / "index", create=True)
    built.add(_articles(100, seed=1))
    before = search(built, "market", limit=0).total
    built.add([a for a in _articles(200, seed=7) if a.id is not None and a.id > 100])
    with built.searcher() as searcher:
        q = parse_query("market", searcher.schema)
        expected = len(searcher.search(q, limit=None))
    assert search(built, "market", limit=0).total == expected > before
