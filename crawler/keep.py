"""What a crawl and a WARC import share after extraction: which pages are articles, and the save."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from crawler.config import SiteConfig
from crawler.extract.challenge import challenge_evidence
from crawler.model import Article, WarcRef
from crawler.sources import apply_source
from crawler.store import ArticleStore, SaveResult
from crawler.store.duplicates import link_article
from crawler.store.warc_index import record_capture

MIN_BODY_WORDS = 30
STORED_OUTCOMES = ("new", "updated", "duplicate")


@dataclass(frozen=True)
class Rejection:
    """Why an extracted page is not stored: 'NotAnArticle', 'TooShort', 'TooOld' or
    'ChallengePage' (no article, and a challenge shown: blocked), with the detail."""

    reason: str
    detail: str


def rejection(
    article: Article, html: str, url: str, site: SiteConfig | None, fetched_at: datetime
) -> Rejection | None:
    """None when the extracted page is an article to store, else why not (without a site,
    as `presswatch try` runs without one, no age limit applies)."""
    if not article.body:
        return _without_article(html, Rejection("NotAnArticle", f"no article body at {url}"))
    if article.word_count < MIN_BODY_WORDS:
        return _without_article(html, Rejection("TooShort", f"{article.word_count} words at {url}"))
    if site is not None and too_old(article.published_utc, fetched_at, site.max_age_days):
        assert article.published_utc is not None
        return Rejection("TooOld", f"published {article.published_utc:%Y-%m-%d} at {url}")
    return None


def _without_article(html: str, rejected: Rejection) -> Rejection:
    evidence = challenge_evidence(html)
    return Rejection("ChallengePage", evidence) if evidence else rejected


def too_old(published: datetime | None, fetched_at: datetime, max_age_days: int | None) -> bool:
    """True when published before the site's `max_age_days` window ending at the fetch."""
    return bool(max_age_days and published and published < fetched_at - timedelta(max_age_days))


def save_article(
    store: ArticleStore,
    article: Article,
    html: str,
    site: SiteConfig,
    threshold: float,
    warc: Callable[[SaveResult], WarcRef | None] | None = None,
) -> SaveResult:
    """Store an article with its source metadata, duplicate links and WARC record (whose ref
    `warc` gives for the save's result, or None), all in one transaction or none of it."""
    apply_source(article, site)
    with store.transaction():
        result = store.save(article, html)
        if result.outcome in STORED_OUTCOMES:
            link_article(store, result.article_id, threshold)
        ref = warc(result) if warc is not None else None
        if ref is not None:
            record_capture(store, result.article_id, ref)
    return result
