"""Keep one extracted article in the store: its source metadata, the row, its duplicate links."""

from __future__ import annotations

from crawler.config import Config
from crawler.model import Article
from crawler.sources import apply_source
from crawler.store import ArticleStore
from crawler.store.duplicates import link_article

STORED_OUTCOMES = ("new", "updated", "duplicate")


def keep_article(store: ArticleStore, config: Config, article: Article, html: str) -> str:
    """Save `article` and link its duplicates in one transaction; the store's outcome
    (new, updated, duplicate, unchanged). Raises the store's SQLiteError when it cannot write.

    The one way articles enter the store, for a local crawl and for the cluster's ingest.
    """
    apply_source(article, config.site(article.site))
    with store.transaction():  # the article and its duplicate links, or neither
        result = store.save(article, html)
        if result.outcome in STORED_OUTCOMES:
            link_article(store, result.article_id, config.defaults.near_duplicate_threshold)
    return result.outcome
