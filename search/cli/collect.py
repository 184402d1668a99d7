"""Commands that write the archive: crawl, index, reindex."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from crawler.config import ConfigError, SiteConfig
from crawler.store import STORE_FILENAME, StoreError
from crawler.store.run_log import RUNS_FILENAME
from search.cli.context import (
    Paths,
    open_store,
    read_config,
    write_lock,
)
from search.cli.errors import EXIT_OK, EXIT_SITE_FAILED, EXIT_UNUSABLE, EXIT_USAGE, CliError
from search.cli.options import path_options
from search.cli.render import print_crawl_report, print_json

if TYPE_CHECKING:
    from crawler.crawl.run import CrawlReport
    from indexer.index import ArticleIndex
    from indexer.live import IndexerProcess, LiveIndexer


@click.command()
@click.option(
    "--site",
    "site_ids",
    multiple=True,
    metavar="ID",
    help="Crawl only this site (repeatable). Default: every configured site.",
)
@click.option(
    "--due",
    is_flag=True,
    help="Crawl only the sites whose schedule has come due (one cron line serves every site).",
)
@click.option(
    "--max-articles",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Fetch at most N new article pages per site.",
)
@click.option(
    "--refresh", is_flag=True, help="Fetch known article URLs again too (changes are kept)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the run report as JSON.")
@path_options
def crawl(
    paths: Paths,
    site_ids: tuple[str, ...],
    due: bool,
    max_articles: int | None,
    refresh: bool,
    as_json: bool,
) -> None:
    """Crawl the configured sites, store new articles and index them.

    Known articles are not downloaded again unless a feed or sitemap dates a change (or
    --refresh is given); feeds and sitemaps are fetched with conditional requests.

    Exit codes: 0 every site fine, 1 a site failed or was blocked, 2 usage or config error,
    3 another presswatch process holds the data directory, 4 store or index unusable.

    \b
    Example:
      presswatch --config config/sites.toml --data ./data crawl --site bbc-news --max-articles 20
      presswatch --config /srv/pw/sites.toml --data /srv/pw/data crawl --due   # from cron
    """
    from crawler.crawl.run import run_crawl

    signal.signal(signal.SIGTERM, _interrupt)  # until Scrapy installs its graceful handler
    config = read_config(paths)
    try:
        sites = [config.site(site_id) for site_id in site_ids] or list(config.sites)
    except ConfigError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    if due and not due_sites(paths, sites, locked=False):
        return
    with write_lock(paths, "crawl", creates=True):
        refuse_lost_store(paths)
        if due:
            sites = due_sites(paths, sites, locked=True)
            if not sites:
                return
        commit_size = config.defaults.index_batch_size
        with indexer_beside(paths, "crawling", commit_size) as (indexer, index_problem):
            click.echo(f"crawling {len(sites)} site(s): {', '.join(s.id for s in sites)}", err=True)
            try:
                report = run_crawl(
                    config,
                    paths.data,
                    sites,
                    max_articles=max_articles,
                    refresh=refresh,
                    batches=indexer,
                )
            except StoreError as exc:
                raise CliError(str(exc), EXIT_UNUSABLE) from exc
        report.index_error = report.index_error or index_problem
    if as_json:
        print_json(report.as_json())
    else:
        print_crawl_report(report)
    deliver_watches(paths)
    sys.exit(_report_exit_code(report))


def deliver_watches(paths: Paths) -> None:
    """Deliver the saved searches' new matches (after a crawl, or a run the ingest saved),
    one line per watch on stderr. Run it once the stored articles are in the index."""
    from search.watch import run_watches

    for line in run_watches(paths.config, paths.data, paths.index_dir).lines():
        click.echo(line, err=True)


@contextmanager
def indexer_beside(
    paths: Paths, doing: str, commit_size: int = 1
) -> Iterator[tuple[LiveIndexer | IndexerProcess | None, str]]:
    """For a command that writes the store (crawl, import-warc, ingest): the indexer beside it
    and why the index cannot be used ('' when it can; then said on stderr once, and the
    command goes on ``doing`` without indexing). It commits every ``commit_size`` articles
    it is told of (1: each time it is told)."""
    index, problem = index_for_crawl(paths)
    if problem:
        click.echo(f"Error: {problem}; {doing} without indexing", err=True)
    with live_indexer(paths, index, commit_size) as indexer:
        yield indexer, problem


@contextmanager
def live_indexer(
    paths: Paths, index: ArticleIndex | None, commit_size: int = 1
) -> Iterator[LiveIndexer | IndexerProcess | None]:
    """The indexer beside the crawl (None when the index is unusable): a process of its own
    on a machine with more than one core, else in the crawl process."""
    from indexer.live import IndexerProcess, LiveIndexer

    if index is None:
        yield None
        return
    if (os.cpu_count() or 1) > 1:
        with IndexerProcess(
            paths.data, paths.index_dir, on_indexed=_echo_indexed, commit_size=commit_size
        ) as process:
            yield process
        return
    with LiveIndexer(
        paths.data, index, on_indexed=_echo_indexed, commit_size=commit_size
    ) as indexer:
        yield indexer


def _echo_indexed(added: int) -> None:
    click.echo(f"indexed {added} articles", err=True)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _report_exit_code(report: CrawlReport) -> int:
    """4 when the store or index failed, 1 when a site failed or was blocked, else 0."""
    for change in report.health_changes:
        click.echo(
            f"health of {change.site}: {change.before} -> {change.after}"
            + (f" ({change.reason})" if change.reason else ""),
            err=True,
        )
    return write_exit_code(report.store_error, report.index_error, report.ok)


def write_exit_code(store_error: str, index_error: str, ok: bool) -> int:
    """4 (with the reason on stderr) when the store or the index could not be written, else
    0 when every site (or file) went well and 1 when one failed: crawl's and import's codes."""
    if store_error:
        click.echo(f"Error: {store_error}", err=True)
        return EXIT_UNUSABLE
    if index_error:
        click.echo(f"Error: the search index was not updated: {index_error}", err=True)
        return EXIT_UNUSABLE
    return EXIT_OK if ok else EXIT_SITE_FAILED


def due_sites(paths: Paths, sites: list[SiteConfig], locked: bool) -> list[SiteConfig]:
    """The sites whose schedule has come due; says so when none is (and when the next is)."""
    from datetime import UTC, datetime

    from crawler.schedule import plan

    now = datetime.now(UTC)
    if (paths.data / STORE_FILENAME).exists():
        with open_store(paths) as store:
            plans = plan(store, sites, now)
    else:
        plans = plan(None, sites, now)
    due = [p.site for p in plans if p.is_due]
    if not due and not locked:
        upcoming = min(plans, key=lambda p: p.due_at or now)
        when = upcoming.due_at.astimezone().strftime("%Y-%m-%d %H:%M:%S") if upcoming.due_at else ""
        click.echo(f"no site is due; next: {upcoming.site.id} at {when}", err=True)
    return due


def refuse_lost_store(paths: Paths) -> None:
    """Never start a new, empty store beside the index and history of one that is gone."""
    if (paths.data / STORE_FILENAME).exists():
        return
    leftovers = [p.name for p in (paths.index_dir, paths.data / RUNS_FILENAME) if p.exists()]
    if leftovers:
        raise CliError(
            f"no article store in {paths.data}, but {' and '.join(leftovers)} of an archive "
            "are there: restore articles.sqlite3 from a backup, or use a new --data directory",
            EXIT_UNUSABLE,
        )


def index_for_crawl(paths: Paths) -> tuple[ArticleIndex | None, str]:
    """The index to add to, or None and why it cannot be used (damaged, or missing while the
    store says articles were indexed: a new empty one would silently lack them)."""
    from indexer.index import ArticleIndex, PresswatchIndexError

    with open_store(paths, create=True) as store:
        indexed = store.indexed_count()
    try:
        return ArticleIndex.open(paths.index_dir, create=not indexed), ""
    except PresswatchIndexError as exc:
        return None, str(exc)


@click.command()
@path_options
def index(paths: Paths) -> None:
    """Index stored articles that are not in the search index yet.

    \b
    Example:
      presswatch index
    """
    from indexer.sync import index_pending

    with write_lock(paths, "index"), open_store(paths) as store:
        index, problem = index_for_crawl(paths)
        if index is None:
            raise CliError(problem, EXIT_UNUSABLE)
        added = index_pending(store, index)
        click.echo(f"indexed {added} articles; {store.pending_count()} left")


@click.command()
@path_options
def reindex(paths: Paths) -> None:
    """Rebuild the search index from the article store (the store is the source of truth).

    \b
    Example:
      presswatch --data ./data reindex
    """
    from indexer.sync import rebuild_index
    from search.cli.progress import progress_bar

    with write_lock(paths, "reindex"), open_store(paths) as store:
        with progress_bar("indexing articles", store.count()) as advance:
            count = rebuild_index(store, paths.index_dir, progress=advance)
        click.echo(f"rebuilt the index of {paths.index_dir}: {count} articles")


COMMANDS = [crawl, index, reindex]
