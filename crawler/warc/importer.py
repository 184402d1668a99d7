"""Import WARC files: their HTML responses through the crawl's extraction, checks, dedup and store.

No Scrapy here: records are read in this process and extracted by the crawl's worker pool
(both cores); what is stored is the same as a crawl of the same pages would store, with
`first_seen` the capture time (WARC-Date) and `source` the WARC file and record id.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from crawler.config import Config, SiteConfig
from crawler.crawl.context import StoredBatches
from crawler.crawl.extract_pool import (
    PIPELINE_DEPTH,
    ExtractionPool,
    default_workers,
    start_pool,
)
from crawler.crawl.run import MAX_STORE_PAGES_ENV
from crawler.keep import STORED_OUTCOMES, rejection, save_article
from crawler.model import Article, WarcRef
from crawler.store import ArticleStore, SaveResult, SQLiteError
from crawler.store.warc_index import known_record, newer_capture_stored
from crawler.time_limit import ExtractionTimedOut
from crawler.warc.read import OUTSIDE, Capture, NotAWarcFile, Skip, read_captures

logger = logging.getLogger(__name__)
PROGRESS_SECONDS = 1.0


@dataclass
class ImportReport:
    """What an import did with every response and revisit record it read.

    `records` = `skipped` (by reason) + `outside` (no configured site's URL) + `known`
    (already imported by an earlier run) + `extracted`; and `extracted` = the stored
    outcomes (new, updated, unchanged, duplicate) + `dropped` (by reason) + `older`
    (a later capture of the URL is stored) + `out_of_range` (publication day outside
    --since/--until).
    """

    started: datetime
    ended: datetime | None = None
    files: int = 0
    records: int = 0
    extracted: int = 0
    outside: int = 0
    known: int = 0
    older: int = 0
    out_of_range: int = 0
    stored: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    dropped: Counter[str] = field(default_factory=Counter)
    sites: dict[str, Counter[str]] = field(default_factory=dict)
    failed_files: list[str] = field(default_factory=list)
    interrupted: bool = False
    store_error: str = ""
    index_error: str = ""

    @property
    def ok(self) -> bool:
        """True when every file was read to its end and nothing stopped the import."""
        return not (self.failed_files or self.interrupted or self.store_error or self.index_error)

    @property
    def seconds(self) -> float:
        """Wall time so far (or of the whole import once it ended)."""
        return ((self.ended or datetime.now(UTC)) - self.started).total_seconds()

    @property
    def articles(self) -> int:
        """Articles stored or changed: new, updated and duplicate copies."""
        return sum(self.stored[outcome] for outcome in STORED_OUTCOMES)

    def as_json(self) -> dict[str, Any]:
        """The report as JSON-ready values."""
        seconds = max(self.seconds, 1e-9)
        return {
            "started": self.started.isoformat(),
            "ended": self.ended.isoformat() if self.ended else "",
            "ok": self.ok,
            "files": self.files,
            "records": self.records,
            "extracted": self.extracted,
            "stored": {k: self.stored.get(k, 0) for k in (*STORED_OUTCOMES, "unchanged")},
            "skipped": dict(self.skipped),
            "dropped": dict(self.dropped),
            "outside": self.outside,
            "known": self.known,
            "older": self.older,
            "out_of_range": self.out_of_range,
            "sites": {site: dict(counts) for site, counts in self.sites.items()},
            "failed_files": self.failed_files,
            "interrupted": self.interrupted,
            "store_error": self.store_error,
            "index_error": self.index_error,
            "seconds": round(self.seconds, 3),
            "records_per_second": round(self.records / seconds, 1),
            "articles_per_second": round(self.articles / seconds, 1),
        }


@dataclass(frozen=True)
class ImportRequest:
    """What to import: the files, the sites whose URLs count, the publication-day window."""

    files: list[Path]
    sites: list[SiteConfig]
    since: date | None = None
    until: date | None = None


def run_import(
    config: Config,
    data_dir: Path,
    request: ImportRequest,
    batches: StoredBatches | None = None,
    progress: Callable[[ImportReport], object] | None = None,
) -> ImportReport:
    """Import the request's WARC files into the store of `data_dir` (the caller holds the
    data lock); `batches` is told when stored articles wait for the index."""
    workers = config.defaults.extract_workers
    pool = start_pool(
        default_workers() if workers is None else workers, config.defaults.extract_timeout
    )
    store = ArticleStore.open(data_dir)
    store.keep_revisions = config.defaults.keep_revisions
    if os.environ.get(MAX_STORE_PAGES_ENV):  # a full disk, for tests
        store.limit_pages(int(os.environ[MAX_STORE_PAGES_ENV]))
    report = ImportReport(started=datetime.now(UTC))
    run = _Import(config, store, pool, request, report, batches, progress)
    try:
        asyncio.run(run.all_files())
    finally:
        pool.shutdown()
        if batches is not None:
            if not report.store_error:
                batches.ready()
            report.index_error = batches.close()
        store.close()
    report.ended = datetime.now(UTC)
    return report


class _Import:
    """One import run: reads records, feeds the pool, stores what comes back."""

    def __init__(
        self,
        config: Config,
        store: ArticleStore,
        pool: ExtractionPool,
        request: ImportRequest,
        report: ImportReport,
        batches: StoredBatches | None,
        progress: Callable[[ImportReport], object] | None,
    ) -> None:
        self.config = config
        self.store = store
        self.pool = pool
        self.request = request
        self.report = report
        self.batches = batches
        self.progress = progress
        self.changed_since_batch = 0
        self.last_progress = time.monotonic()
        self.last_of_url: dict[str, asyncio.Task[None]] = {}
        """The newest capture of each URL still in hand: the next capture of that URL is
        stored only after it, so captures of one URL reach the store in file order however
        their extractions end (a large page is slower to extract than a small one)."""

    async def all_files(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, self._stop)
        # Each worker holds PIPELINE_DEPTH pages, and one more is being stored.
        in_flight = asyncio.Semaphore(max(1, self.pool.workers) * (PIPELINE_DEPTH + 1))
        tasks: set[asyncio.Task[None]] = set()
        for path in dict.fromkeys(p.resolve() for p in self.request.files):
            if self._stopped():
                break
            self.report.files += 1
            try:
                for found in read_captures(path, self._wanted):
                    if self._stopped():
                        break
                    capture, site = self._take(found)
                    self._tick()
                    if capture is None or site is None:
                        continue
                    await in_flight.acquire()
                    before = self.last_of_url.get(capture.url)
                    task = asyncio.create_task(self._one(capture, site, before))
                    task.add_done_callback(lambda _t: in_flight.release())
                    tasks.add(task)
                    task.add_done_callback(tasks.discard)
                    self.last_of_url[capture.url] = task
                    task.add_done_callback(partial(self._forget, capture.url))
            except NotAWarcFile as exc:
                self.report.failed_files.append(str(exc))
            except OSError as exc:
                self.report.failed_files.append(f"{path}: {exc.strerror or exc}")
        if tasks:
            await asyncio.gather(*tasks)

    def _forget(self, url: str, task: asyncio.Task[None]) -> None:
        if self.last_of_url.get(url) is task:
            del self.last_of_url[url]

    def _wanted(self, url: str) -> bool:
        return site_of(url, self.request.sites) is not None

    def _stop(self) -> None:
        self.report.interrupted = True

    def _stopped(self) -> bool:
        return self.report.interrupted or bool(self.report.store_error)

    def _take(self, found: Capture | Skip) -> tuple[Capture | None, SiteConfig | None]:
        """The capture and its site, or None after counting why it is passed over."""
        self.report.records += 1
        if isinstance(found, Skip) and found.reason == OUTSIDE:
            self.report.outside += 1
            return None, None
        if isinstance(found, Skip):
            self.report.skipped[found.reason] += 1
            return None, None
        site = site_of(found.url, self.request.sites)
        if site is None:
            self.report.outside += 1
            return None, None
        try:
            known = known_record(self.store, found.ref.record_id)
        except SQLiteError as exc:
            self._store_failed(exc)
            return None, None
        if known:
            self.report.known += 1
            return None, None
        return found, site

    async def _one(
        self, capture: Capture, site: SiteConfig, before: asyncio.Task[None] | None
    ) -> None:
        """Extract one capture and store it once the earlier capture of its URL still in hand
        (``before``) is stored or passed over."""
        article = await self._extracted(capture, site)
        if before is not None:
            await asyncio.wait([before])
        if article is not None:
            self._store(article, capture, site)

    async def _extracted(self, capture: Capture, site: SiteConfig) -> Article | None:
        """The capture's article, or None after counting why it is not stored."""
        self.report.extracted += 1
        captured = capture.ref.captured
        try:
            article = await self.pool.extract(capture.html, capture.url, site, captured)
        except ExtractionTimedOut as exc:
            logger.warning("%s", exc)
            self.report.dropped["ExtractionTimeout"] += 1
            return None
        except Exception:
            logger.exception("extraction failed on %s", capture.url)
            self.report.dropped["ExtractionFailed"] += 1
            return None
        rejected = rejection(article, capture.html, capture.url, site, captured)
        if rejected is not None:
            self.report.dropped[rejected.reason] += 1
            return None
        if not self._in_range(article, captured):
            self.report.out_of_range += 1
            return None
        return article

    def _in_range(self, article: Article, captured: datetime) -> bool:
        day = article.published_day or captured.date()
        since, until = self.request.since, self.request.until
        return (since is None or day >= since) and (until is None or day <= until)

    def _store(self, article: Article, capture: Capture, site: SiteConfig) -> None:
        if self._stopped():  # the store failed while this page was being extracted
            return
        ref = capture.ref
        article.source = f"warc:{ref.path}#{ref.record_id}"
        threshold = self.config.defaults.near_duplicate_threshold

        def warc(_result: SaveResult) -> WarcRef:
            return ref

        try:
            stored = self.store.get_by_url(article.url)
            if (
                stored is not None
                and stored.id is not None
                and newer_capture_stored(self.store, stored.id, ref.captured)
            ):
                self.report.older += 1
                return
            result = save_article(self.store, article, capture.html, site, threshold, warc)
        except SQLiteError as exc:
            self._store_failed(exc)
            return
        self.report.stored[result.outcome] += 1
        self.report.sites.setdefault(site.id, Counter())[result.outcome] += 1
        if result.outcome in STORED_OUTCOMES:
            self.changed_since_batch += 1
            if self.changed_since_batch >= self.config.defaults.index_batch_size:
                self.changed_since_batch = 0
                if self.batches is not None:
                    self.batches.ready()

    def _store_failed(self, error: Exception) -> None:
        """A write or read of the store failed: keep the first reason; the import stops."""
        if self.report.store_error:
            return
        self.report.store_error = (
            f"the article store {self.store.path} could not be written ({error}); "
            "everything stored before this is kept; free disk space and import again"
        )
        logger.error("%s", self.report.store_error)

    def _tick(self) -> None:
        now = time.monotonic()
        if self.progress is not None and now - self.last_progress >= PROGRESS_SECONDS:
            self.last_progress = now
            self.progress(self.report)


def site_of(url: str, sites: Iterable[SiteConfig]) -> SiteConfig | None:
    """The first site whose domains hold the URL and whose article_pattern (when it has one)
    it matches, never one whose exclude_pattern it matches."""
    for site in sites:
        if not site.allows_host(url) or site.is_excluded(url):
            continue
        if not site.article_pattern or site.is_article_url(url):
            return site
    return None
