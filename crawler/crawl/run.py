"""Run one crawl in this process: every selected site at once, then a per-site report."""

from __future__ import annotations

import json
import logging
import os
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from crawler.config import Config, SiteConfig
from crawler.crawl.context import CrawlContext, StoredBatches
from crawler.crawl.extract_pool import default_workers, start_pool
from crawler.memory import large_blocks_returned
from crawler.store import ArticleStore, SQLiteError
from crawler.store.extraction_health import judge_run, measure_shares
from crawler.store.fetch_state import (
    Validators,
    known_fetches,
    load_validators,
    save_outcomes,
    save_validators,
)
from crawler.store.health import HealthChange, record_run
from crawler.store.run_log import OUTCOMES, RUNS_FILENAME, UrlOutcome, save_run
from crawler.warc.write import WARC_DIRNAME, WarcArchive

logger = logging.getLogger(__name__)

# Caps the store at this many pages (SQLite's max_page_count) to simulate a full disk where
# mounting a small filesystem is not possible; tests only.
MAX_STORE_PAGES_ENV = "PRESSWATCH_STORE_MAX_PAGES"


class RunState(Protocol):
    """What one site's crawl learnt, as crawler.crawl.spider.NewsSpider leaves it (or, for a
    cluster job, crawler.cluster.messages.SiteRunState): saved when the run ends."""

    requested: set[str]
    fetched: dict[str, UrlOutcome]
    outcomes: dict[str, str]
    seen_validators: dict[str, Validators]
    complete: bool


@dataclass
class SiteReport:
    """What one site's crawl did.

    `status` is 'ok', 'failed', 'blocked' (with a reason) or 'interrupted' (stopped by a
    signal before it finished; what it stored is kept). `health` is the site's health after
    this run: ok, failing, blocked or empty (see crawler.store.health).

    Accounting: every article URL requested (`requested`) ends in one outcome, counted in
    `outcomes` (new, updated, unchanged, duplicate, dropped, blocked, failed); `dropped`
    splits the dropped ones by reason. `unaccounted` (requested URLs without an outcome)
    must be 0: anything else is a bug, logged as an error.
    """

    site: str
    status: str = "ok"
    reason: str = ""
    pages: int = 0
    article_pages: int = 0
    new: int = 0
    updated: int = 0
    duplicate: int = 0
    unchanged: int = 0
    known_skipped: int = 0
    changed_listed: int = 0
    too_old: int = 0
    not_modified: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    requested: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    blocked: int = 0
    failed: int = 0
    unaccounted: int = 0
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    health: str = ""
    # Extraction health: of the articles stored, the share with each field (see
    # crawler.store.extraction_health); a fall against recent runs makes the site degraded.
    field_shares: dict[str, float] = field(default_factory=dict)


@dataclass
class CrawlReport:
    """A whole run: one report per site, the run's start and end (UTC), changes of health."""

    started: datetime
    ended: datetime
    sites: list[SiteReport]
    index_error: str = ""
    store_error: str = ""
    health_changes: list[HealthChange] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every site was crawled without failing or being blocked."""
        return (
            all(site.status == "ok" for site in self.sites)
            and not self.index_error
            and not self.store_error
        )

    def as_json(self) -> dict[str, Any]:
        """The report as JSON-ready values (one line of runs.jsonl)."""
        return {
            "started": self.started.isoformat(),
            "ended": self.ended.isoformat(),
            "ok": self.ok,
            "index_error": self.index_error,
            "store_error": self.store_error,
            "health_changes": [change.as_json() for change in self.health_changes],
            "sites": [asdict(site) for site in self.sites],
        }


def crawl_settings(config: Config, data_dir: Path) -> dict[str, Any]:
    """Scrapy settings for a polite crawl: robots.txt, AutoThrottle, limits, our pipelines."""
    defaults = config.defaults
    log_dir = data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    return {
        "BOT_NAME": "presswatch",
        "USER_AGENT": defaults.user_agent,
        "ROBOTSTXT_OBEY": defaults.obey_robots,
        "AUTOTHROTTLE_ENABLED": True,
        "AUTOTHROTTLE_START_DELAY": defaults.download_delay,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(defaults.concurrency_per_domain),
        "DOWNLOAD_DELAY": defaults.download_delay,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": defaults.concurrency_per_domain,
        "DOWNLOAD_MAXSIZE": defaults.max_page_bytes,
        "DOWNLOAD_WARNSIZE": 0,
        "DOWNLOAD_TIMEOUT": defaults.download_timeout,
        "DNS_TIMEOUT": 15,
        "REDIRECT_MAX_TIMES": 5,
        "RETRY_TIMES": 2,
        "COOKIES_ENABLED": False,
        # Off, but still imported (with tldextract and requests, about 50 ms of every start).
        "DOWNLOADER_MIDDLEWARES_BASE": _scrapy_defaults_without(
            "DOWNLOADER_MIDDLEWARES_BASE", "CookiesMiddleware"
        ),
        # Scrapy starts this many asyncio tasks for the output of every callback, however
        # little it yields (an article page yields one item): 100, the default, made 120,500
        # tasks for 1,000 mirror articles. A listing's links are scheduled 8 at a time.
        "CONCURRENT_ITEMS": 8,
        "TELNETCONSOLE_ENABLED": False,
        # Scrapy 2.19's RemoteControl serves, on a localhost port, any Python code posted with
        # the token it writes under ~/.local/state/scrapy (left behind by a killed crawl):
        # a scheduled crawl opens no such door. It also imported aiohttp into every crawl.
        "REMOTE_CONTROL_ENABLED": False,
        # Off, but still imported (with aiohttp: 76 ms of every crawl's start).
        "EXTENSIONS_BASE": _scrapy_defaults_without("EXTENSIONS_BASE", "RemoteControl"),
        # Scrapy reads and parses the source of a generator callback for every response it
        # hands it (its cache misses on bound methods): 1 ms of CPU per article page.
        "WARN_ON_GENERATOR_RETURN_VALUE": False,
        "LOG_FILE": str(log_dir / "crawl.log"),
        "LOG_LEVEL": "INFO",
        "DOWNLOADER_MIDDLEWARES": {
            "crawler.crawl.middlewares.SiteBoundsMiddleware": 50,
            "crawler.crawl.middlewares.RobotsCacheMiddleware": 90,
            "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
            "crawler.crawl.middlewares.RobotsTxtMiddleware": 100,
            "crawler.crawl.middlewares.RetryAfterMiddleware": 560,
            "crawler.crawl.middlewares.ExtractionBackPressureMiddleware": 950,
        },
        "ITEM_PIPELINES": {
            "crawler.crawl.pipelines.ExtractPipeline": 100,
            "crawler.crawl.pipelines.StorePipeline": 200,
        },
    }


def _scrapy_defaults_without(setting: str, left_out: str) -> dict[str, int]:
    """Scrapy's own component list of a *_BASE setting, whatever its version, but one class.

    Switched off by a setting, a component is still imported to be asked; mapped to None in
    the setting without _BASE, it is imported too (Scrapy normalises those keys by loading
    them). Left out of the base list, it never is.
    """
    from scrapy.settings import default_settings

    components: dict[str, int] = getattr(default_settings, setting)
    return {
        path: order for path, order in components.items() if path.rsplit(".", 1)[-1] != left_out
    }


def run_crawl(
    config: Config,
    data_dir: Path,
    sites: list[SiteConfig],
    max_articles: int | None = None,
    refresh: bool = False,
    batches: StoredBatches | None = None,
) -> CrawlReport:
    """Crawl the given sites concurrently in this process (once: the reactor can't restart).

    Resuming needs no job directory: URLs the store already holds are skipped, and feed
    validators are saved only by a run that finished, so a killed run's feeds are read again.
    """
    workers = config.defaults.extract_workers
    extractor = start_pool(  # first: the workers warm up while Scrapy is imported and set up
        default_workers() if workers is None else workers, config.defaults.extract_timeout
    )
    from scrapy.crawler import CrawlerProcess

    from crawler.crawl.spider import NewsSpider

    large_blocks_returned()  # in this process only: the helpers are exec'd
    started = datetime.now(UTC)
    store = ArticleStore.open(data_dir)
    store.keep_revisions = config.defaults.keep_revisions
    if os.environ.get(MAX_STORE_PAGES_ENV):
        store.limit_pages(int(os.environ[MAX_STORE_PAGES_ENV]))
    context = CrawlContext(config=config, store=store, batches=batches, extractor=extractor)
    if any(site.warc for site in sites):
        context.warc = WarcArchive(data_dir / WARC_DIRNAME, data_dir)
    process = CrawlerProcess(crawl_settings(config, data_dir))
    context.stop = process.stop
    crawlers = []
    for site in sites:
        crawler = process.create_crawler(NewsSpider)
        crawlers.append((site, crawler))
        process.crawl(
            crawler,
            site=site,
            known=known_fetches(store, site.id, started),
            validators=load_validators(store, site.id),
            max_articles=max_articles,
            refresh=refresh,
            context=context,
        )
    try:
        process.start()
    finally:
        extractor.stop()  # the workers end while the index commits (joined below)
        if context.warc is not None:
            context.warc.close()
    context.flush_batch()
    report = CrawlReport(started=started, ended=datetime.now(UTC), sites=[])
    for site, crawler in crawlers:
        stats = crawler.stats.get_stats() if crawler.stats else {}
        report.sites.append(site_report(site.id, stats))
        finished = stats.get("finish_reason", "finished") == "finished"
        spider = crawler.spider if isinstance(crawler.spider, NewsSpider) else None
        account(report.sites[-1], spider, finished)
    if not context.store_error:
        try:
            save_run_state(store, report, [(site, c.spider) for site, c in crawlers])
        except SQLiteError as exc:
            context.store_failed(exc)
    report.index_error = context.close_batches()
    extractor.join()
    report.store_error = context.store_error
    store.close()
    append_run_line(data_dir, report)
    return report


def save_run_state(
    store: ArticleStore, report: CrawlReport, spiders: list[tuple[SiteConfig, Any]]
) -> None:
    """Write what the run learnt: fetch outcomes, feed validators, run history and health.

    One transaction per site: a failure half-way leaves none of that site's state written
    (its articles were committed as they were stored), and the next run redoes it.
    """
    for (site, spider), site_report_ in zip(spiders, report.sites, strict=True):
        with store.transaction():
            change = _save_site_run(store, report, site, spider, site_report_)
        site_report_.health = _health_after(store, site.id)
        if change is not None:
            report.health_changes.append(change)


def _save_site_run(
    store: ArticleStore,
    report: CrawlReport,
    site: SiteConfig,
    spider: RunState | None,
    site_report_: SiteReport,
) -> HealthChange | None:
    degraded = _judge_extraction(store, site_report_, report.started)
    if spider is not None:
        _save_fetch_state(store, site, spider, site_report_)
    save_run(
        store,
        site.id,
        report.started,
        report.ended,
        site_report_.status,
        asdict(site_report_),
        spider.fetched if spider is not None else {},
    )
    stored = site_report_.new + site_report_.updated + site_report_.duplicate
    return record_run(
        store,
        site.id,
        site_report_.status,
        site_report_.reason,
        stored,
        report.started,
        site.empty_alert_runs,
        degraded,
    )


# Drop reasons of an article page whose body was missing or too short (class or snake name).
_BODY_DROPS = frozenset({"tooshort", "notanarticle"})


def _judge_extraction(store: ArticleStore, report: SiteReport, started: datetime) -> str | None:
    """Measure an ok run's field shares into its report; the fields that fell ('' if none,
    None when the run is too small or not ok to judge)."""
    if report.status != "ok":
        return None
    body_missing = sum(
        count
        for reason, count in report.dropped.items()
        if reason.replace("_", "").lower() in _BODY_DROPS
    )
    shares = measure_shares(store, report.site, started, body_missing)
    report.field_shares = shares.as_json() if shares.articles else {}
    return judge_run(store, report.site, started, shares)


def _save_fetch_state(
    store: ArticleStore, site: SiteConfig, spider: RunState, report: SiteReport
) -> None:
    save_outcomes(store, site.id, spider.outcomes, datetime.now(UTC))
    # Validators only from a run that fetched every article its feeds listed: after a 304
    # nothing would make the next run fetch what this one left out.
    if report.status == "ok" and spider.complete:
        save_validators(store, site.id, spider.seen_validators)


def _health_after(store: ArticleStore, site: str) -> str:
    from crawler.store.health import load_state

    return load_state(store, site).label


def append_run_line(data_dir: Path, report: CrawlReport) -> None:
    """Append the run to DATA/runs.jsonl (a full disk is reported, not raised)."""
    try:
        with (data_dir / RUNS_FILENAME).open("a", encoding="utf-8") as runs:
            runs.write(json.dumps(report.as_json(), ensure_ascii=False) + "\n")
    except OSError as exc:
        logger.error("cannot append to %s: %s", data_dir / RUNS_FILENAME, exc)
        if not report.store_error:
            report.store_error = f"cannot append to {data_dir / RUNS_FILENAME} ({exc})"


def account(report: SiteReport, spider: RunState | None, finished: bool = True) -> None:
    """Count the outcome of every article URL the site's run requested (see SiteReport).

    A run stopped early leaves requested pages unfinished: each is recorded as failed
    (interrupted), so only a bug leaves a URL unaccounted.
    """
    if spider is None:
        return
    if not finished:
        for url in spider.requested - spider.fetched.keys():
            spider.fetched[url] = UrlOutcome("failed", "Interrupted: the run stopped first")
    counts = Counter(found.outcome for found in spider.fetched.values())
    report.requested = len(spider.requested)
    report.outcomes = {kind: counts.get(kind, 0) for kind in OUTCOMES}
    report.blocked, report.failed = counts["blocked"], counts["failed"]
    report.dropped = dict(
        Counter(
            found.detail.split(":", 1)[0]
            for found in spider.fetched.values()
            if found.outcome == "dropped"
        )
    )
    report.unaccounted = report.requested - len(spider.requested & spider.fetched.keys())
    if report.unaccounted:
        missing = sorted(spider.requested - spider.fetched.keys())
        logger.error(
            "%s: %d article URLs requested without an outcome: %s",
            report.site,
            report.unaccounted,
            ", ".join(missing[:5]),
        )


def site_report(site_id: str, stats: dict[str, Any]) -> SiteReport:
    """Turn one crawler's Scrapy stats into the site's report and health status."""
    prefix = "presswatch/"
    ours = {k[len(prefix) :]: int(v) for k, v in stats.items() if k.startswith(prefix)}
    report = SiteReport(
        site=site_id,
        pages=int(stats.get("response_received_count", 0)),
        article_pages=ours.get("article_responses", 0),
        new=ours.get("articles_new", 0),
        updated=ours.get("articles_updated", 0),
        duplicate=ours.get("articles_duplicate", 0),
        unchanged=ours.get("articles_unchanged", 0),
        known_skipped=ours.get("articles_known", 0),
        changed_listed=ours.get("articles_changed", 0),
        too_old=ours.get("articles_too_old", 0),
        not_modified=ours.get("discovery_not_modified", 0),
        dropped={
            k.split("/", 1)[1]: int(v)
            for k, v in stats.items()
            if k.startswith("item_dropped_reasons_count/")
        },
        error_kinds={k[len("errors/") :]: v for k, v in ours.items() if k.startswith("errors/")},
    )
    report.errors = sum(report.error_kinds.values())
    report.status, report.reason = _status(ours, report)
    finish = stats.get("finish_reason", "finished")
    if report.status == "ok" and finish != "finished":
        report.status, report.reason = "interrupted", f"stopped before the end ({finish})"
    return report


MIN_BLOCKED_ARTICLES = 3
"""Article pages refused before a site whose feeds answered is called blocked: a quiet run
asks again only for the one page refused last time, which is no evidence about the site."""


def _status(ours: dict[str, int], report: SiteReport) -> tuple[str, str]:
    """'ok', 'failed' or 'blocked' with a reason, from what the site answered."""
    if ours.get("robots_5xx", 0):
        return "blocked", "robots.txt answered 5xx"
    blocked = sorted(k.split("/")[1] for k in ours if k.startswith("blocked_status/"))
    challenged = ours.get("challenge_page", 0)
    why_blocked = f"HTTP {', '.join(blocked)}" if blocked else "challenge page instead of content"
    kinds = ", ".join(sorted(report.error_kinds)) or "no response"
    if ours.get("discovery_ok", 0) == 0:
        if blocked or challenged:
            return "blocked", why_blocked
        if ours.get("malformed_discovery", 0):
            return "failed", "its feeds and sitemaps are not readable XML"
        return "failed", f"no feed, sitemap or start page could be read ({kinds})"
    article_responses = ours.get("article_responses", 0)
    article_blocked = ours.get("article_blocked", 0)
    stored = report.new + report.updated + report.duplicate + report.unchanged
    if (
        stored == 0
        and article_blocked >= MIN_BLOCKED_ARTICLES
        and article_responses <= 2 * article_blocked
    ):
        if blocked:
            return "blocked", f"{why_blocked} on article pages"
        return "blocked", "challenge pages instead of articles"
    failed = ours.get("article_failed", 0)
    if stored == 0 and failed and article_responses == 0:
        return "failed", f"no article page could be fetched ({kinds})"
    return "ok", ""
