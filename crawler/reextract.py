"""Run extraction again over stored articles' pages (WARC record, else raw HTML), today's code.

Extraction runs in worker processes (one per core, started by spawn), a batch of stored
articles at a time; the calling process only reads the store and writes what changed.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from crawler.config import Config, ConfigError, CrawlDefaults, SiteConfig
from crawler.extract import extract_article
from crawler.model import Article
from crawler.store import ArticleStore
from crawler.time_limit import DEFAULT_EXTRACT_TIMEOUT, ExtractionTimedOut, time_limit
from crawler.warc.originals import original_capture

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
    from_warc: int = 0  # read from the original bytes of a WARC record, not the stored HTML
    fields: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class _Task:
    """One stored page to extract again, as a worker process needs it."""

    html: str
    url: str
    site: SiteConfig | None
    fetched_at: datetime | None
    timeout: float


def reextract(
    store: ArticleStore,
    config: Config | None,
    site_id: str | None = None,
    progress: Callable[[int, int], object] | None = None,
    workers: int | None = None,
) -> ReextractReport:
    """Re-extract every stored article (of one site) from its page; store what changed.

    ``workers``: extraction processes (None: one per core; 0: in this process).
    ``progress(done, total)`` is called after each batch.
    """
    if config is not None:
        store.keep_revisions = config.defaults.keep_revisions
    report = ReextractReport()
    total = store.count(site_id)
    done = 0
    with _executor(workers) as executor:
        for batch in store.all_articles():
            chosen = [stored for stored, _ in batch if not site_id or stored.site == site_id]
            tasks = [_task(store, config, stored, report) for stored in chosen]
            todo = [task for task in tasks if task is not None]
            extracted = iter(_extract_all(executor, todo))
            for stored, task in zip(chosen, tasks, strict=True):
                if task is None:
                    report.skipped += 1
                    continue
                report.checked += 1
                _apply(store, config, stored, next(extracted), report)
            done += len(chosen)
            if progress is not None:
                progress(done, total)
    return report


@contextmanager
def _executor(workers: int | None) -> Iterator[Executor | None]:
    """Worker processes for extraction (None: extract in this process)."""
    count = (os.cpu_count() or 1) if workers is None else workers
    if count <= 1:
        yield None
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as executor:
        yield executor


def _task(
    store: ArticleStore, config: Config | None, stored: Article, report: ReextractReport
) -> _Task | None:
    """What a worker needs to extract a stored article again: the page of its WARC record when
    one is kept, else the stored raw HTML; None without either."""
    assert stored.id is not None
    original = original_capture(store, stored.id)
    html = original.html if original is not None else store.raw_html(stored.id)
    if original is not None:
        report.from_warc += 1
    if not html:
        return None
    timeout = config.defaults.extract_timeout if config else DEFAULT_EXTRACT_TIMEOUT
    url = stored.url_original or stored.url
    return _Task(html, url, _site(config, stored), stored.first_seen, timeout)


def _extract_all(executor: Executor | None, tasks: list[_Task]) -> list[Article | str]:
    """The fresh article of each task, or the reason it has none (in order)."""
    if executor is None:
        return [extract_again(task) for task in tasks]
    return list(executor.map(extract_again, tasks, chunksize=8))


def extract_again(task: _Task) -> Article | str:
    """Extract one page under its time limit; the time-out message instead when it ran over."""
    try:
        with time_limit(task.timeout, f"extraction of {task.url}"):
            return extract_article(task.html, task.url, site=task.site, fetched_at=task.fetched_at)
    except ExtractionTimedOut as exc:
        return str(exc)


def _apply(
    store: ArticleStore,
    config: Config | None,
    stored: Article,
    fresh: Article | str,
    report: ReextractReport,
) -> None:
    """Store what changed between the stored article and its fresh extraction."""
    assert stored.id is not None
    if isinstance(fresh, str):
        logger.warning("%s; the stored article is kept as it was", fresh)
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
            # Imported here: the worker processes import this module and never link.
            from crawler.store.duplicates import link_article

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
