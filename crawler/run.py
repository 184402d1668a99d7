"""Run one crawl in this process: every selected site at once, then a per-site report."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler.config import Config, SiteConfig
from crawler.context import CrawlContext
from crawler.store import ArticleStore

logger = logging.getLogger(__name__)


@dataclass
class SiteReport:
    """What one site's crawl did; `status` is 'ok', 'failed' or 'blocked' (with a reason)."""

    site: str
    status: str = "ok"
    reason: str = ""
    pages: int = 0
    new: int = 0
    updated: int = 0
    duplicate: int = 0
    unchanged: int = 0
    known_skipped: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)


@dataclass
class CrawlReport:
    """A whole run: one report per site and the run's start and end (UTC)."""

    started: datetime
    ended: datetime
    sites: list[SiteReport]
    index_error: str = ""

    @property
    def ok(self) -> bool:
        """True when every site was crawled without failing or being blocked."""
        return all(site.status == "ok" for site in self.sites) and not self.index_error

    def as_json(self) -> dict[str, Any]:
        """The report as JSON-ready values (one line of runs.jsonl)."""
        return {
            "started": self.started.isoformat(),
            "ended": self.ended.isoformat(),
            "ok": self.ok,
            "index_error": self.index_error,
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
        "TELNETCONSOLE_ENABLED": False,
        "LOG_FILE": str(log_dir / "crawl.log"),
        "LOG_LEVEL": "INFO",
        "ITEM_PIPELINES": {
            "crawler.pipelines.ExtractPipeline": 100,
            "crawler.pipelines.StorePipeline": 200,
        },
    }


def run_crawl(
    config: Config,
    data_dir: Path,
    sites: list[SiteConfig],
    max_articles: int | None = None,
    refresh: bool = False,
    on_batch: Callable[[], object] | None = None,
) -> CrawlReport:
    """Crawl the given sites concurrently in this process (once: the reactor can't restart)."""
    from scrapy.crawler import CrawlerProcess

    from crawler.spider import NewsSpider

    started = datetime.now(UTC)
    store = ArticleStore.open(data_dir)
    context = CrawlContext(config=config, store=store, on_batch=on_batch)
    process = CrawlerProcess(crawl_settings(config, data_dir))
    crawlers = []
    for site in sites:
        crawler = process.create_crawler(NewsSpider)
        crawlers.append((site, crawler))
        process.crawl(
            crawler,
            site=site,
            known_urls=store.known_urls(site.id),
            max_articles=max_articles,
            refresh=refresh,
            context=context,
        )
    process.start()
    context.flush_batch()
    ended = datetime.now(UTC)
    reports = [
        site_report(site.id, crawler.stats.get_stats() if crawler.stats else {})
        for site, crawler in crawlers
    ]
    report = CrawlReport(
        started=started, ended=ended, sites=reports, index_error=context.batch_error
    )
    for site_report_ in reports:
        store.record_run(
            site_report_.site, started, ended, site_report_.status, asdict(site_report_)
        )
    store.close()
    with (data_dir / "runs.jsonl").open("a", encoding="utf-8") as runs:
        runs.write(json.dumps(report.as_json(), ensure_ascii=False) + "\n")
    return report


def site_report(site_id: str, stats: dict[str, Any]) -> SiteReport:
    """Turn one crawler's Scrapy stats into the site's report and health status."""
    prefix = "presswatch/"
    ours = {k[len(prefix) :]: int(v) for k, v in stats.items() if k.startswith(prefix)}
    report = SiteReport(
        site=site_id,
        pages=int(stats.get("response_received_count", 0)),
        new=ours.get("articles_new", 0),
        updated=ours.get("articles_updated", 0),
        duplicate=ours.get("articles_duplicate", 0),
        unchanged=ours.get("articles_unchanged", 0),
        known_skipped=ours.get("articles_known", 0),
        dropped={
            k.split("/", 1)[1]: int(v)
            for k, v in stats.items()
            if k.startswith("item_dropped_reasons_count/")
        },
        error_kinds={k[len("errors/") :]: v for k, v in ours.items() if k.startswith("errors/")},
    )
    report.errors = sum(report.error_kinds.values())
    blocked = {k: v for k, v in ours.items() if k.startswith("blocked_status/")}
    challenged = ours.get("challenge_page", 0)
    if ours.get("discovery_ok", 0) == 0:
        if blocked or challenged:
            report.status = "blocked"
            codes = ", ".join(k.split("/")[1] for k in sorted(blocked))
            report.reason = f"HTTP {codes}" if codes else "challenge page instead of content"
        else:
            report.status = "failed"
            kinds = ", ".join(sorted(report.error_kinds)) or "no response"
            report.reason = f"no feed, sitemap or start page could be read ({kinds})"
    return report
