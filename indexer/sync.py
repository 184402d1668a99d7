"""Keep the index in step with the store: index pending rows, or rebuild everything."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from crawler.model import Article
from crawler.store import ArticleStore
from indexer.build import Progress
from indexer.index import ArticleIndex
from indexer.open_segment import OpenSegment

BATCH_SIZE = 2000
PARALLEL_FROM = 5000
"""Below this many articles a rebuild runs in this process (starting workers costs ~1 s)."""
MAX_WORKERS = 4
"""Each worker holds the postings of its share of the archive (~4 KB an article) until the end."""


def index_pending(store: ArticleStore, index: ArticleIndex, batch_size: int = BATCH_SIZE) -> int:
    """Index every stored article version not in the index yet; mark each only after commit.

    What is stored while this runs waits for the next call: a crawl storing as it goes would
    otherwise be chased with ever smaller commits, and each Whoosh commit costs about as much
    as a hundred articles (1,000 mirror articles: 21 commits and 35 ms an article against 5
    and 12.6 ms when each call takes what was stored when it began).
    """
    total = 0
    for batch in store.pending(batch_size, up_to_id=store.last_id()):
        versions = {article.id: version for article, version in batch if article.id is not None}
        committed = set(index.add(article for article, _ in batch))
        store.mark_indexed({i: v for i, v in versions.items() if i in committed})
        total += len(committed)
    return total


def fill_open(store: ArticleStore, segment: OpenSegment, up_to_id: int, most: int) -> int:
    """Analyse into ``segment`` stored versions (ids up to ``up_to_id``) that neither the
    index nor the segment holds yet, until it holds ``most`` articles; how many were added."""
    waiting = store.pending_versions(up_to_id)
    # A row changed since the segment took it (same version, new group) is taken again.
    wanted = [i for i, state in waiting.items() if segment.versions.get(i) != state]
    wanted = wanted[: max(0, most - len(segment))]
    for article in store.get_many(wanted):
        assert article.id is not None
        segment.add(article, waiting[article.id])
    return len(wanted)


def commit_open(
    store: ArticleStore, index: ArticleIndex, segment: OpenSegment, parallel: bool = False
) -> int:
    """Commit ``segment``, then mark its versions indexed (those that did not change since
    they were read: they stay pending); how many articles it held. ``parallel``: see
    ArticleIndex.commit_open."""
    versions = dict(segment.versions)
    committed = index.commit_open(segment, parallel)
    store.mark_indexed_unless_changed({i: versions[i] for i in committed})
    return len(committed)


def rebuild_workers(total: int) -> int:
    """How many worker processes a rebuild of ``total`` articles uses (1: no worker)."""
    if total < PARALLEL_FROM:
        return 1
    return max(1, min(MAX_WORKERS, len(os.sched_getaffinity(0))))


def rebuild_index(
    store: ArticleStore,
    index_dir: Path,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
    workers: int | None = None,
) -> int:
    """Build a new index from every stored article and swap it in; returns the article count.

    The articles, in the store's order, are split into ``workers`` runs (by default one per
    core for a large archive), each indexed by its own process into one segment.
    ``progress(done, total)`` is called as articles are indexed.
    """
    versions: dict[int, int] = {}
    total = store.count()
    parts = workers if workers is not None else rebuild_workers(total)
    share = -(-total // max(1, parts)) or 1

    def run(first: int) -> Iterator[list[Article]]:
        """The articles from the ``first``-th (in id order), ``share`` of them (the last run:
        all the rest, should the store have grown since it was counted)."""
        stop = first + share if first + share < total else None
        seen = 0
        for batch in store.all_articles(batch_size):
            end = seen + len(batch)
            if end > first:
                taken = batch[max(0, first - seen) : None if stop is None else stop - seen]
                versions.update({a.id: v for a, v in taken if a.id is not None})
                yield [article for article, _ in taken]
            seen = end
            if stop is not None and seen >= stop:
                return

    runs = [run(first) for first in range(0, max(total, 1), share)]
    count = ArticleIndex.rebuild(index_dir, *runs, total=total, progress=progress)
    store.mark_all_unindexed()
    store.mark_indexed(versions)
    return count
