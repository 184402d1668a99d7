"""Keep the index in step with the store: index pending rows, or rebuild everything."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from crawler.model import Article
from crawler.store import ArticleStore
from indexer.index import ArticleIndex

BATCH_SIZE = 2000


def index_pending(store: ArticleStore, index: ArticleIndex, batch_size: int = BATCH_SIZE) -> int:
    """Index every stored article version not in the index yet; mark each only after commit."""
    total = 0
    for batch in store.pending(batch_size):
        versions = {article.id: version for article, version in batch if article.id is not None}
        committed = set(index.add(article for article, _ in batch))
        store.mark_indexed({i: v for i, v in versions.items() if i in committed})
        total += len(committed)
    return total


def rebuild_index(store: ArticleStore, index_dir: Path, batch_size: int = BATCH_SIZE) -> int:
    """Build a new index from every stored article and swap it in; returns the article count."""
    versions: dict[int, int] = {}

    def batches() -> Iterator[list[Article]]:
        for batch in store.all_articles(batch_size):
            versions.update({a.id: v for a, v in batch if a.id is not None})
            yield [article for article, _ in batch]

    count = ArticleIndex.rebuild(index_dir, batches())
    store.mark_all_unindexed()
    store.mark_indexed(versions)
    return count
