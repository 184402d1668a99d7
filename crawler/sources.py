"""Source metadata (country, media type, owner, state affiliation, tags) from the site config."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from crawler.config import SiteConfig
from crawler.model import Article

if TYPE_CHECKING:
    from crawler.store import ArticleStore


def apply_source(article: Article, site: SiteConfig) -> Article:
    """Copy the site's source metadata onto an article (before it is stored)."""
    article.country = site.country
    article.media_type = site.media_type
    article.owner = site.owner
    article.state_affiliated = site.state_affiliated
    article.site_tags = list(site.tags)
    return article


def refresh_sources(store: ArticleStore, sites: Iterable[SiteConfig]) -> int:
    """Re-apply each configured site's metadata to its stored articles; rows changed.

    Changed rows are marked for re-indexing.  Articles of sites no longer configured keep
    what they have.
    """
    changed = 0
    connection = store.connection
    for site in sites:
        affiliated = None if site.state_affiliated is None else int(site.state_affiliated)
        values = (
            site.country,
            site.media_type,
            site.owner,
            affiliated,
            json.dumps(list(site.tags), ensure_ascii=False),
        )
        cursor = connection.execute(
            "UPDATE articles SET country = ?, media_type = ?, owner = ?, state_affiliated = ?, "
            "site_tags = ?, indexed_version = 0 WHERE site = ? AND NOT ("
            "coalesce(country, '') = ?1 AND coalesce(media_type, '') = ?2 AND "
            "coalesce(owner, '') = ?3 AND state_affiliated IS ?4 AND "
            "coalesce(site_tags, '[]') = ?5)",
            (*values, site.id),
        )
        changed += cursor.rowcount
    return changed
