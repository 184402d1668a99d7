"""Commands of a crawl spread over machines: worker, dispatch, ingest and cluster status."""

from __future__ import annotations

import os
import signal
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from crawler.config import ClusterConfig, Config, ConfigError, SiteConfig
from crawler.store import STORE_FILENAME, StoreError
from search.cli.collect import deliver_watches, due_sites, indexer_beside, refuse_lost_store
from search.cli.context import Paths, open_store, read_config, write_lock
from search.cli.errors import EXIT_UNUSABLE, EXIT_USAGE, CliError
from search.cli.options import path_options
from search.cli.render import print_json

if TYPE_CHECKING:
    from redis import Redis

    from crawler.crawl.run import CrawlReport
    from indexer.live import IndexerProcess, LiveIndexer


@contextmanager
def _redis(cluster: ClusterConfig) -> Iterator[Redis]:
    """A connection to the cluster's Redis, or one error line naming the URL (no password)."""
    from crawler.cluster.link import ClusterError, connect

    try:
        connection = connect(cluster)
    except ClusterError as exc:
        raise CliError(str(exc), EXIT_UNUSABLE) from exc
    try:
        yield connection
    finally:
        connection.close()


def _worker_cluster(paths: Paths) -> ClusterConfig:
    """A worker machine may have no config file: [cluster] defaults and the environment."""
    return read_config(paths).cluster if paths.config.exists() else ClusterConfig()


@click.command()
@click.option("--burst", is_flag=True, help="Stop once the queue is empty (default: wait).")
@click.option("--name", default=None, help="Worker name in `cluster status` (default: host.pid).")
@path_options
def worker(paths: Paths, burst: bool, name: str | None) -> None:
    """Take crawl jobs from the cluster's queue and run them on this machine.

    Each job crawls one site (fetch and extraction here) and sends the articles and the
    run's report to the Redis Stream; this machine never opens the store. Crawl logs go to
    DATA/logs. Only [cluster] of the config is read (without a config file: the defaults and
    PRESSWATCH_REDIS_URL / PRESSWATCH_REDIS_PASSWORD).

    \b
    Example:
      PRESSWATCH_REDIS_URL=redis://:secret@main.example.org:6379/0 presswatch worker
    """
    from rq import Queue, Worker

    from crawler.cluster.job import WORKER_DIR_ENV

    cluster = _worker_cluster(paths)
    os.environ[WORKER_DIR_ENV] = str(paths.data)
    with _redis(cluster) as connection:
        queue = Queue(cluster.queue, connection=connection)
        name = name or f"{socket.gethostname()}.{os.getpid()}"
        click.echo(f"worker {name} takes jobs from queue '{cluster.queue}'", err=True)
        Worker([queue], connection=connection, name=name).work(
            burst=burst, logging_level="WARNING", with_scheduler=False
        )


@click.command()
@click.option("--site", "site_ids", multiple=True, metavar="ID", help="Only this site (repeat).")
@click.option("--due", is_flag=True, help="Only the sites whose schedule has come due.")
@click.option("--max-articles", type=click.IntRange(min=1), default=None, metavar="N")
@click.option("--refresh", is_flag=True, help="Fetch known article URLs again too.")
@click.option("--json", "as_json", is_flag=True, help="Print the jobs as JSON.")
@path_options
def dispatch(
    paths: Paths,
    site_ids: tuple[str, ...],
    due: bool,
    max_articles: int | None,
    refresh: bool,
    as_json: bool,
) -> None:
    """Put one crawl job per site on the cluster's queue (for `presswatch worker`).

    A site whose previous job is not finished (queued, running, or its report not yet
    ingested) gets no second job. Exit codes: 0 done, 2 usage or config error, 4 Redis or
    the store unusable.

    \b
    Example:
      presswatch dispatch --due          # from cron on the main machine
      presswatch dispatch --site bbc-news --max-articles 50 --json
    """
    from crawler.cluster.dispatch import dispatch as enqueue

    config = read_config(paths)
    sites = _sites(config, site_ids)
    if due:
        sites = due_sites(paths, sites, locked=False)
    store = open_store(paths) if (paths.data / STORE_FILENAME).exists() else None
    try:
        with _redis(config.cluster) as connection:
            results = enqueue(connection, config, store, sites, max_articles, refresh)
    finally:
        if store is not None:
            store.close()
    if as_json:
        print_json({"jobs": [vars(r) for r in results]})
        return
    for result in results:
        if result.job_id:
            click.echo(f"{result.site}: queued as {result.job_id}")
        else:
            click.echo(f"{result.site}: not queued, job {result.busy} is not finished")


def _sites(config: Config, site_ids: tuple[str, ...]) -> list[SiteConfig]:
    try:
        return [config.site(site_id) for site_id in site_ids] or list(config.sites)
    except ConfigError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc


@click.command()
@click.option(
    "--exit-when-idle",
    is_flag=True,
    help="Stop once no job is queued or running and the stream is empty.",
)
@click.option("--consumer", default="ingest", help="Consumer name in the group (keep it fixed).")
@click.option("--json", "as_json", is_flag=True, help="Print the totals as JSON at the end.")
@path_options
def ingest(paths: Paths, exit_when_idle: bool, consumer: str, as_json: bool) -> None:
    """Store and index what the workers send: the one writer of the archive.

    Reads the Redis Stream with a consumer group, stores each article, acknowledges only
    after the commit, indexes in batches and saves each site run (history, fetch state,
    health) as a local crawl does; after each run saved, once its articles are indexed, it
    delivers the saved searches ([[watch]]) as `crawl` does at its end. Holds the data
    directory's lock: no local crawl runs beside it. On start it re-reads its
    unacknowledged entries, indexes what was stored but not indexed and delivers the
    watches' matches not delivered yet. Stops on Ctrl-C or SIGTERM.

    \b
    Example:
      presswatch ingest                       # as a service on the main machine
      presswatch ingest --exit-when-idle      # after a dispatch, until the jobs are done
    """
    from crawler.cluster.ingest import Ingest
    from crawler.store import SQLiteError

    config = read_config(paths)
    stopping: list[int] = []
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda number, frame: stopping.append(number))
    with _redis(config.cluster) as connection, write_lock(paths, "ingest", creates=True):
        refuse_lost_store(paths)
        try:
            with (
                indexer_beside(paths, "ingesting") as (indexer, problem),
                open_store(paths, create=True) as store,
            ):
                after_run = _RunSaved(paths, indexer)
                after_run.deliver()  # what a crash between a save and its delivery left
                runner = Ingest(connection, config, store, paths.data, indexer, consumer, after_run)
                totals = runner.run(lambda: bool(stopping), exit_when_idle=exit_when_idle)
                index_error = indexer.close() if indexer is not None else ""
        except (SQLiteError, StoreError) as exc:
            raise CliError(f"the article store could not be written: {exc}", EXIT_UNUSABLE) from exc
    summary: dict[str, Any] = {
        "entries": totals.entries,
        "read_again": totals.read_again,
        "articles": dict(totals.articles),
        "runs": [report.as_json() for report in totals.reports],
        "index_error": index_error or problem,
    }
    if as_json:
        print_json(summary)
    else:
        stored = ", ".join(f"{k} {v}" for k, v in sorted(totals.articles.items())) or "none"
        click.echo(f"ingested {totals.entries} entries; articles: {stored}", err=True)
    if index_error:
        click.echo(f"Error: the search index was not updated: {index_error}", err=True)
        sys.exit(EXIT_UNUSABLE)


class _RunSaved:
    """What the ingest does after saving a site run: say so, then deliver the watches once
    the run's articles are in the index (the ingest's indexer commits them first)."""

    def __init__(self, paths: Paths, indexer: LiveIndexer | IndexerProcess | None) -> None:
        self.paths, self.indexer = paths, indexer

    def __call__(self, report: CrawlReport) -> None:
        for site in report.sites:
            click.echo(
                f"run of {site.site} saved: {site.status}, new {site.new}, "
                f"updated {site.updated}, duplicate {site.duplicate}, "
                f"unchanged {site.unchanged}",
                err=True,
            )
        self.deliver()

    def deliver(self) -> None:
        """Deliver the watches' new matches (nothing to wait for when none is configured)."""
        from search.watch import WatchConfigError, load_watches

        try:
            if not load_watches(self.paths.config):
                return
        except WatchConfigError:
            pass  # run_watches says what is wrong, as after a crawl
        if self.indexer is not None:
            self.indexer.wait()  # an indexing error is the ingest's to report at its end
        deliver_watches(self.paths)


@click.group()
def cluster() -> None:
    """Look at the crawl cluster (queue, stream, workers).

    \b
    Example:
      presswatch cluster status
    """


@cluster.command()
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
@path_options
def status(paths: Paths, as_json: bool) -> None:
    """Jobs queued, running and failed, stream length, pending entries, workers, ingest lag.

    \b
    Example:
      presswatch cluster status
      presswatch cluster status --json | jq .lag_seconds
    """
    from crawler.cluster.status import cluster_status

    config = read_config(paths)
    with _redis(config.cluster) as connection:
        found = cluster_status(connection, config.cluster)
    if as_json:
        print_json(found.as_json())
        return
    click.echo(
        f"jobs: {len(found.queued)} queued, {len(found.running)} running, "
        f"{len(found.failed)} failed"
    )
    for label, ids in (("running", found.running), ("failed", found.failed)):
        for job_id in ids:
            click.echo(f"  {label}: {job_id}")
    pending = ", ".join(f"{name} {count}" for name, count in found.pending.items()) or "none"
    click.echo(f"stream: {found.stream_length} entries; pending per consumer: {pending}")
    click.echo(f"ingest lag: {found.lag_entries} unread, oldest entry {found.lag_seconds} s old")
    click.echo(f"workers: {len(found.workers)}")
    for seen in found.workers:
        click.echo(f"  {seen['name']}: {seen['state']} {seen['job']} (seen {seen['last_seen']})")


COMMANDS = [worker, dispatch, ingest, cluster]
