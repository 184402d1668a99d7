"""Run extraction again over stored raw HTML, so an improved extractor reaches old articles."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from crawler.config import Config, ConfigError, CrawlDefaults, SiteConfig
from crawler.extract import extract_article
from crawler.model import Article
from crawler.store import ArticleStore
from crawler.store.duplicates import link_article
from crawler.time_limit import DEFAULT_EXTRACT_TIMEOUT, ExtractionTimedOut, time_limit

logger = logging.getLogger(__name__)
DEFAULT_THRESHOLD = CrawlDefaults().near_duplicate_threshold

# Fields extraction decides. The URL, site, first-seen time and duplicate links stay as stored.
EXTRACTED_FIELDS: tuple[str, ...] = (
    "title",
    "title_source",
    "lead",
    "lead_source",
    "authors",
    "authors_source",
    "published",
    "published_utc",
    "published_day",
    "published_raw",
    "published_source",
    "published_precision",
    "modified",
    "modified_utc",
    "modified_raw",
    "modified_source",
    "language",
    "language_source",
    "section",
    "section_source",
    "tags",
    "tags_source",
    "body",
    "body_source",
    "word_count",
    "content_hash",
    "paywalled",
    "paywalled_source",
)
# Dates that only discovery knew (a feed or sitemap hint) are not in the raw HTML: keep them.
_DISCOVERY_SOURCES = ("feed", "sitemap", "link")
_PUBLISHED = tuple(name for name in EXTRACTED_FIELDS if name.startswith("published"))


@dataclass
class ReextractReport:
    """What a re-extraction did: articles checked, changed, and which fields changed how often."""

    checked: int = 0
    changed: int = 0
    skipped: int = 0
    timed_out: int = 0  # also counted in skipped: kept as stored
    fields: Counter[str] = field(default_factory=Counter)


def reextract(
    store: ArticleStore,
    config: Config | None,
    site_id: str | None = None,
    progress: Callable[[int], object] | None = None,
) -> ReextractReport:
    """Re-extract every stored article (of one site) from its raw HTML; store what changed."""
    if config is not None:
        store.keep_revisions = config.defaults.keep_revisions
    report = ReextractReport()
    for batch in store.all_articles():
        for stored, _version in batch:
            if site_id and stored.site != site_id:
                continue
            _reextract_one(store, config, stored, report)
            if progress is not None:
                progress(report.checked)
    return report


def _reextract_one(
    store: ArticleStore, config: Config | None, stored: Article, report: ReextractReport
) -> None:
    assert stored.id is not None
    html = store.raw_html(stored.id)
    if not html:
        report.skipped += 1
        return
    report.checked += 1
    timeout = config.defaults.extract_timeout if config else DEFAULT_EXTRACT_TIMEOUT
    try:
        with time_limit(timeout, f"extraction of {stored.url}"):
            fresh = extract_article(
                html,
                stored.url_original or stored.url,
                site=_site(config, stored),
                fetched_at=stored.first_seen,
            )
    except ExtractionTimedOut as exc:
        logger.warning("%s; the stored article is kept as it was", exc)
        report.skipped += 1
        report.timed_out += 1
        return
    if not fresh.body:
        report.skipped += 1  # never replace a stored body with nothing
        return
    if fresh.published is None and stored.published_source in _DISCOVERY_SOURCES:
        for name in _PUBLISHED:
            setattr(fresh, name, getattr(stored, name))
    changed = [n for n in EXTRACTED_FIELDS if getattr(fresh, n) != getattr(stored, n)]
    if not changed:
        return
    fresh.id = stored.id
    with store.transaction():  # the new version and its duplicate links, or neither
        store.update_fields(fresh, changed)
        if "body" in changed:  # a new body may join or leave a group of syndicated copies
            threshold = config.defaults.near_duplicate_threshold if config else DEFAULT_THRESHOLD
            link_article(store, stored.id, threshold)
    report.changed += 1
    report.fields.update(n for n in changed if not n.endswith("_source"))


def _site(config: Config | None, stored: Article) -> SiteConfig | None:
    if config is None:
        return None
    try:
        return config.site(stored.site)
    except ConfigError:
        logger.info("site %s is no longer configured; extracting without its config", stored.site)
        return None
