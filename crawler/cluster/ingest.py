"""The single writer of a cluster: read the stream with a consumer group, store, index in
batches, save each site run as a local crawl does, and acknowledge only after the commit."""

from __future__ import annotations

import logging
import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crawler.cluster.hold import release
from crawler.cluster.lost import requeue_lost
from crawler.cluster.messages import ArticleMessage, SiteRunState, decode
from crawler.cluster.names import INGEST_GROUP, OUTCOMES_TTL, job_outcomes, site_lock
from crawler.cluster.status import jobs_left
from crawler.config import Config, ConfigError
from crawler.crawl.context import StoredBatches
from crawler.crawl.run import (
    CrawlReport,
    account,
    append_run_line,
    save_run_state,
    site_report,
)
from crawler.keep import STORED_OUTCOMES, save_article
from crawler.store import ArticleStore
from crawler.store.run_log import UrlOutcome, has_run

if TYPE_CHECKING:
    from redis import Redis

logger = logging.getLogger(__name__)

# Seconds the ingest sleeps between a commit and its acknowledgement; tests only (the kill
# test's window between the two).
PAUSE_BEFORE_ACK_ENV = "PRESSWATCH_INGEST_PAUSE_BEFORE_ACK"
READ_COUNT = 200  # entries read (and acknowledged) at once
LOST_CHECK_SECONDS = 1.0
RECONNECT_SECONDS = 1.0


@dataclass
class IngestTotals:
    """What one ingest process did: articles by store outcome, site runs saved."""

    articles: Counter[str] = field(default_factory=Counter)
    reports: list[CrawlReport] = field(default_factory=list)
    entries: int = 0
    read_again: int = 0  # entries read again after a crash (handled, not acknowledged)


@dataclass
class _Acks:
    """Entries handled since the last acknowledgement, with the store outcomes to record."""

    ids: list[bytes] = field(default_factory=list)
    outcomes: dict[str, dict[str, str]] = field(default_factory=dict)  # job -> url -> outcome


class Ingest:
    """Reads `config.cluster.stream` as `consumer` of the ingest group into `store`."""

    def __init__(
        self,
        connection: Redis,
        config: Config,
        store: ArticleStore,
        data_dir: Path,
        batches: StoredBatches | None = None,
        consumer: str = "ingest",
        on_report: Callable[[CrawlReport], object] | None = None,
    ) -> None:
        self.connection, self.config, self.store = connection, config, store
        self.data_dir, self.batches, self.consumer = data_dir, batches, consumer
        self.on_report = on_report
        self.stream = config.cluster.stream
        self.totals = IngestTotals()
        self._changed = 0
        self._acks = _Acks()
        self._lost_checked = 0.0

    def run(self, stop: Callable[[], bool], exit_when_idle: bool = False) -> IngestTotals:
        """Ingest until `stop()` (or, with `exit_when_idle`, until no job and no entry is
        left). Pending entries of this consumer (a crash before their ack) come first; when
        Redis goes away the ingest waits for it and reads its pending entries again."""
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        self._index()  # what an earlier run stored but did not index
        backlog = True
        while not stop():
            try:
                if backlog:
                    self._ensure_group()
                backlog = self._step(backlog, exit_when_idle)
            except (RedisConnectionError, RedisTimeoutError) as exc:
                logger.warning("Redis unreachable (%s); trying again", type(exc).__name__)
                self._acks.ids.clear()  # still pending in Redis: read again after
                backlog = True
                time.sleep(RECONNECT_SECONDS)
                continue
            if backlog is None:
                break
        self._flush_acks()
        self._index()
        return self.totals

    def _step(self, backlog: bool, exit_when_idle: bool) -> Any:
        """One read and its handling; the next backlog flag, or None to stop (idle)."""
        self._check_lost()
        entries = self._read("0" if backlog else ">")
        if entries:
            self.totals.read_again += len(entries) if backlog else 0
            self._handle(entries)
            return backlog
        if backlog:
            return False
        self._index()
        return None if exit_when_idle and self._idle() else False

    # -- reading -----------------------------------------------------------------------------

    def _ensure_group(self) -> None:
        from redis.exceptions import ResponseError

        try:
            self.connection.xgroup_create(self.stream, INGEST_GROUP, id="0", mkstream=True)
        except ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    def _read(self, start: str) -> list[tuple[bytes, dict[bytes, bytes] | None]]:
        block = None if start == "0" else 1000
        answer: Any = self.connection.xreadgroup(
            INGEST_GROUP, self.consumer, {self.stream: start}, count=READ_COUNT, block=block
        )
        return list(answer[0][1]) if answer else []

    def _handle(self, entries: list[tuple[bytes, dict[bytes, bytes] | None]]) -> None:
        for entry_id, fields in entries:
            self.totals.entries += 1
            message = decode(fields) if fields else None  # None: deleted before its ack
            if isinstance(message, ArticleMessage):
                self._store(message)
            elif message is not None:
                self._flush_acks()  # the report reads the outcomes of the articles before it
                self._save_report(*message)
            self._acks.ids.append(entry_id)
        if self._changed >= self.config.defaults.index_batch_size:
            self._index()
        self._flush_acks()

    # -- storing -----------------------------------------------------------------------------

    def _store(self, message: ArticleMessage) -> None:
        try:
            site = self.config.site(message.article.site)
            threshold = self.config.defaults.near_duplicate_threshold
            saved = save_article(self.store, message.article, message.html, site, threshold)
            outcome = saved.outcome
        except ConfigError as exc:
            logger.error("not stored: %s (%s)", message.article.url, exc)
            return
        if outcome == "unchanged":
            outcome = self._first_storing(message) or outcome
        self.totals.articles[outcome] += 1
        # setdefault: an entry read again keeps the outcome of its first storing
        by_url = self._acks.outcomes.setdefault(message.job_id, {})
        by_url.setdefault(message.article.url, outcome)
        if outcome in STORED_OUTCOMES:
            self._changed += 1

    def _first_storing(self, message: ArticleMessage) -> str:
        """'new' (or 'duplicate') when the row was made by this very message, read again
        after a crash between its commit and its acknowledgement; else ''. The row's
        first_seen is the fetch time the message carries only if this message inserted it."""
        row = self.store.get_by_url(message.article.url)
        if row is None or row.first_seen != message.article.first_seen:
            return ""
        return "duplicate" if row.duplicate_of else "new"

    def _flush_acks(self) -> None:
        """Record the outcomes and acknowledge (and delete) the handled entries at once, in
        one MULTI/EXEC. HSETNX: an entry read again after a crash keeps its first outcome."""
        if not self._acks.ids:
            return
        _pause_before_ack()
        acks = self._acks
        self.connection.transaction(lambda pipeline: self._queue_acks(pipeline, acks))
        self._acks = _Acks()

    def _queue_acks(self, pipeline: Any, acks: _Acks) -> None:
        for job_id, outcomes in acks.outcomes.items():
            key = job_outcomes(self.config.cluster, job_id)
            for url, outcome in outcomes.items():
                pipeline.hsetnx(key, url, outcome)
            pipeline.expire(key, OUTCOMES_TTL)
        pipeline.xack(self.stream, INGEST_GROUP, *acks.ids)
        pipeline.xdel(self.stream, *acks.ids)

    def _index(self) -> None:
        self._changed = 0
        if self.batches is not None:
            self.batches.ready()

    # -- run reports -------------------------------------------------------------------------

    def _save_report(self, job_id: str, state: SiteRunState) -> None:
        """Save the site's run as crawler.crawl.run does after a local crawl, then free the
        site for its next dispatch (a report read twice is saved once)."""
        try:
            site = self.config.site(state.site)
        except ConfigError as exc:
            logger.error("run report of job %s not saved: %s", job_id, exc)
            return
        if not has_run(self.store, site.id, state.started):
            self._index()
            report = self._report(job_id, state)
            save_run_state(self.store, report, [(site, state)])
            append_run_line(self.data_dir, report)
            self.totals.reports.append(report)
            if self.on_report is not None:
                self.on_report(report)
        release(self.connection, site_lock(self.config.cluster, site.id), job_id)

    def _report(self, job_id: str, state: SiteRunState) -> CrawlReport:
        """The run's report, its 'sent' URLs given what the store made of each article."""
        raw: Any = self.connection.hgetall(job_outcomes(self.config.cluster, job_id))
        stored = {url.decode(): outcome.decode() for url, outcome in raw.items()}
        counts: Counter[str] = Counter()
        for url, found in list(state.fetched.items()):
            if found.outcome != "sent":
                continue
            outcome = stored.get(found.detail)
            if outcome is None:
                state.fetched[url] = UrlOutcome("failed", "NotReceived: sent but never stored")
                continue
            state.fetched[url] = UrlOutcome(outcome)
            counts[outcome] += 1
        for outcome, count in counts.items():
            state.stats[f"presswatch/articles_{outcome}"] = count
        report = CrawlReport(started=state.started, ended=state.ended, sites=[])
        report.sites.append(site_report(state.site, state.stats))
        account(report.sites[-1], state, state.finished)
        return report

    # -- supervision -------------------------------------------------------------------------

    def _check_lost(self) -> None:
        if time.monotonic() - self._lost_checked < LOST_CHECK_SECONDS:
            return
        self._lost_checked = time.monotonic()
        requeue_lost(self.connection, self.config.cluster)

    def _idle(self) -> bool:
        """No job queued, taken or running and nothing left in the stream."""
        if jobs_left(self.connection, self.config.cluster):
            return False
        return not self.connection.xlen(self.stream)


def _pause_before_ack() -> None:
    pause = os.environ.get(PAUSE_BEFORE_ACK_ENV)
    if pause:
        time.sleep(float(pause))
