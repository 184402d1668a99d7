"""Near-duplicate groups in a real store: precision and recall on wire-story rewrites, originals."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from crawler.model import Article
from crawler.store import ArticleStore
from crawler.store.duplicates import DEFAULT_THRESHOLD, link_article, regroup_all, relink_all
from tests.dedup_corpus import CORPUS

SEEN = datetime(2025, 7, 1, tzinfo=UTC)


def _article(number: int, site: str, published: str | None, body: str) -> Article:
    when = datetime.fromisoformat(published) if published else None
    return Article(
        url=f"https://{site}.example/story/{number}",
        site=site,
        title=f"Story {number}",
        body=body,
        published=when,
        published_utc=when.astimezone(UTC) if when else None,
        published_day=when.date() if when else None,
        first_seen=SEEN + timedelta(minutes=number),
        content_hash=hashlib.sha256(body.encode()).hexdigest(),
    )


def _store_corpus(store: ArticleStore, order: list[int]) -> dict[int, int]:
    """Save and link the corpus in the given order; corpus position -> article id."""
    ids = {}
    for position in order:
        copy = CORPUS[position]
        result = store.save(_article(position, copy.site, copy.published, copy.body))
        link_article(store, result.article_id, DEFAULT_THRESHOLD)
        ids[position] = result.article_id
    return ids


def _groups(store: ArticleStore) -> dict[int, tuple[int, bool]]:
    rows = store.connection.execute("SELECT id, duplicate_group, is_original FROM articles")
    return {r["id"]: (r["duplicate_group"], bool(r["is_original"])) for r in rows}


def _precision_recall(store: ArticleStore, ids: dict[int, int]) -> tuple[float, float]:
    groups = _groups(store)
    true_pos = false_pos = false_neg = 0
    for a, b in combinations(range(len(CORPUS)), 2):
        same_story = CORPUS[a].story == CORPUS[b].story
        same_group = groups[ids[a]][0] == groups[ids[b]][0]
        true_pos += same_story and same_group
        false_pos += same_group and not same_story
        false_neg += same_story and not same_group
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 1.0
    return precision, true_pos / (true_pos + false_neg)


@pytest.fixture
def store(tmp_path: Path) -> ArticleStore:
    return ArticleStore.open(tmp_path / "data")


def test_precision_and_recall_by_threshold(store: ArticleStore) -> None:
    ids = _store_corpus(store, list(range(len(CORPUS))))
    measured = {}
    for threshold in (0.3, 0.5, 0.7, 0.9):
        regroup_all(store, threshold)
        measured[threshold] = _precision_recall(store, ids)
    print("threshold -> (precision, recall):", measured)
    # The default catches every lightly edited copy and no same-topic story...
    assert measured[DEFAULT_THRESHOLD] == (1.0, 1.0)
    assert measured[0.3] == (1.0, 1.0)
    # ...while a strict threshold misses the more heavily edited rewrites.
    assert measured[0.9][0] == 1.0 and measured[0.9][1] < 0.5
    assert measured[0.7][1] < 1.0


def test_group_and_original_do_not_depend_on_the_crawl_order(store: ArticleStore) -> None:
    # Stored newest first: the original must still be the copy published first.
    ids = _store_corpus(store, list(reversed(range(len(CORPUS)))))
    groups = _groups(store)
    rates = [ids[i] for i, c in enumerate(CORPUS) if c.story == "rates"]
    assert len({groups[i][0] for i in rates}) == 1
    assert groups[rates[0]][0] == min(rates)  # numbered by its first stored article
    assert [groups[i][1] for i in rates] == [True, False, False]  # the wire copy, 12:20 UTC
    lone = ids[[c.story for c in CORPUS].index("starlink")]
    assert groups[lone] == (lone, True)


def test_first_seen_decides_when_dates_are_missing(store: ArticleStore) -> None:
    body = CORPUS[0].body
    later = store.save(_article(1, "b", None, body + " Extra line."))
    earlier = store.save(_article(0, "a", None, body))
    for result in (later, earlier):
        link_article(store, result.article_id, DEFAULT_THRESHOLD)
    groups = _groups(store)
    assert groups[earlier.article_id] == (later.article_id, True)  # first_seen 0 < 1 minute
    assert groups[later.article_id] == (later.article_id, False)


def test_exact_copies_share_a_group(store: ArticleStore) -> None:
    first = store.save(_article(0, "a", "2025-06-01T10:00:00+00:00", "Too short."))
    second = store.save(_article(1, "b", "2025-06-01T09:00:00+00:00", "Too short."))
    for result in (first, second):
        link_article(store, result.article_id, DEFAULT_THRESHOLD)
    assert second.outcome == "duplicate"
    groups = _groups(store)
    assert groups[first.article_id] == (first.article_id, False)
    assert groups[second.article_id] == (first.article_id, True)


def test_an_edited_copy_leaves_its_group_and_others_are_reindexed(store: ArticleStore) -> None:
    ids = _store_corpus(store, [0, 1, 2])
    store.mark_indexed({i: 1 for i in ids.values()})
    rewritten = _article(0, "wire", CORPUS[0].published, CORPUS[6].body)  # same URL, new text
    assert store.save(rewritten).outcome == "updated"
    changed = link_article(store, ids[0], DEFAULT_THRESHOLD)
    groups = _groups(store)
    assert groups[ids[0]] == (ids[0], True)
    # The two remaining copies keep each other; the earlier one (13:02 UTC) is now original.
    assert groups[ids[1]] == (ids[1], True) and groups[ids[2]] == (ids[1], False)
    assert changed == {ids[1], ids[2]}
    pending = {a.id for batch in store.pending() for a, _ in batch}
    assert changed <= pending


def test_relink_all_gives_the_same_groups(store: ArticleStore) -> None:
    _store_corpus(store, list(range(len(CORPUS))))
    before = _groups(store)
    store.connection.execute("UPDATE articles SET duplicate_group = 0, is_original = NULL")
    report = relink_all(store, DEFAULT_THRESHOLD)
    assert _groups(store) == before
    assert report.articles == report.signatures == len(CORPUS)
    assert report.groups_with_copies == 5 and report.changed == len(CORPUS)


def test_dedup_command_regroups_and_refreshes_sources(tmp_path: Path) -> None:
    from tests.conftest import invoke_cli
    from tests.research_archive import build_archive

    archive = build_archive(tmp_path)

    def rates() -> dict[str, Any]:
        result = invoke_cli(*archive.cli_args(), "search", '"central bank"', "--json")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)  # type: ignore[no-any-return]

    assert sorted(h["copies"] for h in rates()["hits"]) == [1, 3]
    text = archive.config.read_text("utf-8")
    text = text.replace("near_duplicate_threshold = 0.5", "near_duplicate_threshold = 0.8")
    text = text.replace('country = "IE"', 'country = "NL"')
    archive.config.write_text(text, "utf-8")
    result = invoke_cli(*archive.cli_args(), "dedup")
    assert result.returncode == 0, result.stderr
    assert "23 articles, 4 duplicate groups with copies" in result.stdout
    assert "(threshold 0.8)" in result.stdout and "source metadata changes" in result.stdout
    # At 0.8 only the closest copy of the wire story stays linked (similarity 0.84).
    assert sorted(h["copies"] for h in rates()["hits"]) == [1, 1, 2]
    moved = invoke_cli(*archive.cli_args(), "search", "*", "--country", "NL", "--count")
    assert moved.stdout == "4\n"  # the courier's four articles
    bad = invoke_cli(*archive.cli_args(), "dedup", "--threshold", "0.1")
    assert bad.returncode == 2 and "--threshold must be from 0.3 to 1.0" in bad.stderr


# The signature in numpy alone, against datasketch (a test dependency only since then)


@pytest.mark.parametrize("seed", range(20))
def test_signature_equals_datasketch_minhash_value_for_value(seed: int) -> None:
    import random

    from datasketch import MinHash

    from crawler.store.duplicates import shingles, signature

    words = random.Random(seed).choices(["press", "soft", "power", "新闻", "中国", "l'été"], k=60)
    text = " ".join(words[: 3 + seed * 3])
    expected = MinHash(num_perm=128, seed=1, scheme="affine32")
    expected.update_batch([s.encode("utf-8") for s in shingles(text)])
    ours = signature(text)
    assert ours.dtype == expected.hashvalues.dtype
    assert ours.tolist() == expected.hashvalues.tolist()


def test_signature_of_a_text_without_words_is_none() -> None:
    from crawler.store.duplicates import signature

    assert signature("") is None
    assert signature(" ... !") is None


def test_lsh_bands_are_what_datasketch_picks_for_the_floor() -> None:
    from datasketch import MinHashLSH

    from crawler.store.duplicates import LSH_BANDS, SIMILARITY_FLOOR
    from crawler.store.minhash import NUM_PERM

    lsh = MinHashLSH(threshold=SIMILARITY_FLOOR, num_perm=NUM_PERM)
    assert (lsh.b, lsh.r) == LSH_BANDS


def test_a_group_follows_chains_of_edges_at_or_above_the_threshold(store: ArticleStore) -> None:
    """A ~ B ~ C are one group though A and C are not alike; D hangs on C below the
    threshold, E on D above it: neither joins (the walk stops at the weak edge)."""
    from crawler.store.duplicates import _add_edges, _component

    ids = [store.save(_article(n, "a", None, f"Body {n}.")).article_id for n in range(5)]
    a, b, c, d, e = ids
    for first, second, score in ((a, b, 0.6), (b, c, 0.5), (c, d, 0.35), (d, e, 0.9)):
        _add_edges(store.connection, first, {second: score})
    assert _component(store.connection, a, 0.5) == {a, b, c}
    assert _component(store.connection, c, 0.5) == {a, b, c}
    assert _component(store.connection, e, 0.5) == {d, e}
    assert _component(store.connection, a, 0.3) == set(ids)


def test_a_regroup_while_the_indexer_holds_the_article_is_not_lost(
    store: ArticleStore, tmp_path: Path
) -> None:
    """Regression (found by a QA pass on two fresh crawls): the live indexer analysed an
    article, the crawl then put it in another group (same version), and the commit marked
    the old group indexed; search counted one story as two until a full reindex."""
    from indexer.index import ArticleIndex
    from indexer.sync import commit_open, fill_open

    index = ArticleIndex.open(tmp_path / "index", create=True)
    body = CORPUS[0].body
    later = store.save(_article(1, "b", "2025-06-01T10:00:00+00:00", body + " Extra line."))
    link_article(store, later.article_id, DEFAULT_THRESHOLD)
    segment = index.open_segment()
    fill_open(store, segment, store.last_id(), 100)  # the indexer holds `later`, an original
    earlier = store.save(_article(0, "a", "2025-06-01T09:00:00+00:00", body))
    link_article(store, earlier.article_id, DEFAULT_THRESHOLD)  # `later` is now a copy
    assert _groups(store)[later.article_id] == (later.article_id, False)

    commit_open(store, index, segment)  # committed with the old flag: must stay pending
    assert later.article_id in store.pending_versions(store.last_id())

    segment = index.open_segment()
    fill_open(store, segment, store.last_id(), 100)
    assert set(segment.versions) == {later.article_id, earlier.article_id}
    commit_open(store, index, segment)
    assert store.pending_versions(store.last_id()) == {}


def test_a_segment_retakes_an_article_that_changed_since_it_took_it(
    store: ArticleStore, tmp_path: Path
) -> None:
    from indexer.index import ArticleIndex
    from indexer.sync import fill_open

    index = ArticleIndex.open(tmp_path / "index", create=True)
    body = CORPUS[0].body
    later = store.save(_article(1, "b", "2025-06-01T10:00:00+00:00", body + " Extra line."))
    link_article(store, later.article_id, DEFAULT_THRESHOLD)
    segment = index.open_segment()
    assert fill_open(store, segment, store.last_id(), 100) == 1
    assert fill_open(store, segment, store.last_id(), 100) == 0  # nothing new
    earlier = store.save(_article(0, "a", "2025-06-01T09:00:00+00:00", body))
    link_article(store, earlier.article_id, DEFAULT_THRESHOLD)
    assert fill_open(store, segment, store.last_id(), 100) == 2  # the new one and `later`
    segment.discard()
