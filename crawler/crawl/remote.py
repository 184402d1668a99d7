"""Crawl one site for a cluster job: today's spider and extraction, articles sent to a sink."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from crawler.cluster.messages import SiteRunState
from crawler.config import Config, SiteConfig
from crawler.crawl.context import CrawlContext
from crawler.crawl.extract_pool import default_workers, start_pool
from crawler.crawl.run import crawl_settings
from crawler.crawl.stream_pipeline import ArticleSink
from crawler.store.fetch_state import Validators


def crawl_site_to_sink(
    config: Config,
    work_dir: Path,
    site: SiteConfig,
    sink: ArticleSink,
    known: Mapping[str, datetime],
    validators: Mapping[str, Validators],
    max_articles: int | None = None,
    refresh: bool = False,
) -> SiteRunState:
    """Run the site's crawl in this process (once: the reactor can't restart); what it learnt.

    The store is never opened: `known` and `validators` come with the job, every article goes
    to `sink`, and robots.txt is fetched fresh (its cache lives in the store).
    """
    from scrapy.crawler import CrawlerProcess

    from crawler.crawl.spider import NewsSpider

    workers = config.defaults.extract_workers
    extractor = start_pool(
        default_workers() if workers is None else workers, config.defaults.extract_timeout
    )
    started = datetime.now(UTC)
    context = CrawlContext(config=config, store=None, extractor=extractor, sink=sink)
    settings = crawl_settings(config, work_dir)  # its logs go in work_dir/logs
    settings["ITEM_PIPELINES"] = {
        "crawler.crawl.pipelines.ExtractPipeline": 100,
        "crawler.crawl.stream_pipeline.StreamPipeline": 200,
    }
    process = CrawlerProcess(settings)
    context.stop = process.stop
    crawler = process.create_crawler(NewsSpider)
    process.crawl(
        crawler,
        site=site,
        known=known,
        validators=validators,
        max_articles=max_articles,
        refresh=refresh,
        context=context,
    )
    try:
        process.start()
    finally:
        extractor.shutdown()
    if context.store_error:  # no report: the job fails and RQ (or requeue_lost) retries it
        raise RuntimeError(context.store_error)
    stats = crawler.stats.get_stats() if crawler.stats else {}
    state = SiteRunState(site=site.id, started=started, ended=datetime.now(UTC), stats=stats)
    state.finished = stats.get("finish_reason", "finished") == "finished"
    spider = crawler.spider
    if isinstance(spider, NewsSpider):
        state.requested, state.fetched = set(spider.requested), dict(spider.fetched)
        state.outcomes, state.complete = dict(spider.outcomes), spider.complete
        state.seen_validators = dict(spider.seen_validators)
    return state
