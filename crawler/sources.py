"""Source metadata (country, media type, owner, state affiliation, tags) from the site config."""

from __future__ import annotations

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
    return sum(
        store.set_source(
            site.id,
            country=site.country,
            media_type=site.media_type,
            owner=site.owner,
            state_affiliated=site.state_affiliated,
            tags=site.tags,
        )
        for site in sites
    )
