"""`presswatch schedule`: start due crawls as their times come, in the foreground (no cron)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import click

from crawler.config import Config, ConfigError, load_config
from crawler.store import STORE_FILENAME, ArticleStore, StoreError
from crawler.store.run_log import RUNS_FILENAME
from search.cli.context import Paths, presswatch_argv, read_config
from search.cli.errors import EXIT_LOCKED, EXIT_OK, EXIT_UNUSABLE, EXIT_USAGE, CliError
from search.cli.options import path_options

if TYPE_CHECKING:
    from crawler.schedule import Due

MAX_SLEEP = 60.0  # seconds: config and store are read again at least this often
RETRY_PAUSE = 60.0  # after a crawl that could not run (data directory locked, store unusable)
MIN_PAUSE = 1.0  # between two crawls, whatever happens
EXIT_MEANINGS = {
    0: "every site fine",
    1: "a site failed, was blocked or was interrupted",
    2: "usage or config error",
    3: "data directory locked by another process",
    4: "store or index unusable",
}


class ScheduleLog:
    """One timestamped line per event, on stdout and appended to DATA/logs/schedule.log."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self, message: str) -> None:
        line = f"{datetime.now().astimezone():%Y-%m-%d %H:%M:%S%z} {message}"
        click.echo(line)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as log:
                log.write(line + "\n")
        except OSError as exc:
            click.echo(f"(cannot write {self.path}: {exc})", err=True)


class Scheduler:
    """The loop: plan, crawl what is due in a child process, sleep until the next site is due.

    SIGINT and SIGTERM stop it; a crawl in progress gets one SIGTERM, which Scrapy turns into
    a graceful stop (requests in flight finish, what was fetched is stored and indexed, the
    run is recorded as interrupted), and the scheduler waits for it.
    """

    def __init__(self, paths: Paths, config: Config, log: ScheduleLog) -> None:
        self.paths = paths
        self.config = config
        self.log = log
        self.stopping = False
        self.child: subprocess.Popen[bytes] | None = None
        self.wake = threading.Event()
        self.not_before = 0.0

    def install_signals(self) -> None:
        """Stop on Ctrl-C (SIGINT) and SIGTERM."""
        signal.signal(signal.SIGINT, self._on_signal)
        signal.signal(signal.SIGTERM, self._on_signal)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        name = signal.Signals(signum).name
        if self.child is not None and self.child.poll() is None:
            self.log(f"{name}: stopping the running crawl (it saves what it fetched)")
            self.child.send_signal(signal.SIGTERM)
        elif not self.stopping:
            self.log(f"{name}: stopping")
        self.stopping = True
        self.wake.set()

    mode = ""  # how the started line names the mode

    def run(self) -> int:
        """Loop until stopped; the exit code (0, or 4 when the store is unusable)."""
        self.log(
            f"schedule started{self.mode}: {len(self.config.sites)} site(s) from "
            f"{self.paths.config}, data in {self.paths.data}"
        )
        try:
            code = self._loop()
        finally:
            self._finish()
        self.log("schedule stopped")
        return code

    def _loop(self) -> int:
        while not self.stopping:
            self._reload_config()
            self._tend()
            try:
                plans = self._plan()
            except StoreError as exc:
                self.log(f"error: {exc}")
                return EXIT_UNUSABLE
            due = self._ready(plans)
            pause = self.not_before - time.monotonic()
            if due and pause <= 0:
                self._start(due)
                continue
            self.wake.wait(self._sleep_time(plans, due, pause))
            self.wake.clear()
        return EXIT_OK

    # Hooks of the cluster mode (search/cli/schedule_cluster.py).

    def _tend(self) -> None:
        """Before each planning: nothing here (the cluster mode keeps its ingest running)."""

    def _finish(self) -> None:
        """After the loop: nothing here (the cluster mode stops its ingest)."""

    def _ready(self, plans: list[Due]) -> list[str]:
        """The sites to start now."""
        return [p.site.id for p in plans if p.is_due]

    def _start(self, due: list[str]) -> None:
        self._crawl(due)

    def _sleep_time(self, plans: list[Due], ready: list[str], pause: float) -> float:
        return _sleep_time(plans, pause)

    def _reload_config(self) -> None:
        try:
            self.config = load_config(self.paths.config)
        except ConfigError as exc:
            self.log(f"config not reloaded, keeping the previous one: {exc}")

    def _plan(self) -> list[Due]:
        from crawler.schedule import plan

        now = datetime.now(UTC)
        if not (self.paths.data / STORE_FILENAME).exists():
            return plan(None, self.config.sites, now)
        with ArticleStore.open(self.paths.data) as store:
            return plan(store, self.config.sites, now)

    def _crawl(self, due: list[str]) -> None:
        command = [
            *presswatch_argv(),
            "--config",
            str(self.paths.config),
            "--data",
            str(self.paths.data),
            "crawl",
            "--due",
        ]
        self.log(f"crawl started: {', '.join(due)} due")
        started = time.monotonic()
        # Its own session: a Ctrl-C in the terminal reaches only us, and we pass on one SIGTERM.
        self.child = subprocess.Popen(command, start_new_session=True)
        code = self.child.wait()
        self.child = None
        seconds = time.monotonic() - started
        meaning = EXIT_MEANINGS.get(code, f"killed by signal {-code}" if code < 0 else "?")
        self.log(f"crawl finished in {seconds:.1f} s: exit {code} ({meaning}){self._summary()}")
        pause = RETRY_PAUSE if code in (EXIT_USAGE, EXIT_LOCKED, EXIT_UNUSABLE) or code < 0 else 0
        self.not_before = time.monotonic() + max(MIN_PAUSE, pause)

    def _summary(self) -> str:
        """New articles, sites not ok and health changes of the latest runs.jsonl line."""
        try:
            lines = (self.paths.data / RUNS_FILENAME).read_text(encoding="utf-8").splitlines()
            run = json.loads(lines[-1])
        except (OSError, IndexError, ValueError):
            return ""
        sites = run.get("sites", [])
        text = f"; {sum(s.get('new', 0) for s in sites)} new"
        not_ok = [f"{s['site']} {s['status']}" for s in sites if s.get("status") != "ok"]
        if not_ok:
            text += f"; not ok: {', '.join(not_ok)}"
        for change in run.get("health_changes", []):
            text += f"; health of {change['site']}: {change['from']} -> {change['to']}"
        return text


def _sleep_time(plans: list[Due], pause: float) -> float:
    """Seconds until the next site is due (or the pause after a failed start ends)."""
    if any(p.is_due for p in plans):
        return max(0.05, pause)
    now = datetime.now(UTC)
    until = [(p.due_at - now).total_seconds() for p in plans if p.due_at is not None]
    return max(0.05, min([MAX_SLEEP, *until]))


@click.command()
@click.option(
    "--cluster",
    "as_cluster",
    is_flag=True,
    help="Run the home side of a crawl cluster: one `ingest` kept running, and "
    "`dispatch --due` to the workers instead of `crawl --due` (needs [cluster] in the config).",
)
@path_options
def schedule(paths: Paths, as_cluster: bool) -> None:
    """Run due crawls as their schedules come, in the foreground (for machines without cron).

    Each site's `schedule` (cron syntax, [defaults] for all) says when it is due; failing
    or blocked sites wait longer after each failure (doubling, at most a day). Each crawl runs
    in its own process (`presswatch crawl --due`) and is logged to DATA/logs/schedule.log.
    Ctrl-C or SIGTERM stops: a crawl in progress first saves what it fetched.

    With --cluster the crawls run on `presswatch worker` machines (README "Scaling out"):
    this keeps one `presswatch ingest` running (restarted after a pause when it exits) and
    runs `presswatch dispatch --due` when sites come due. A site whose job is queued or
    running is not dispatched again until the ingest has saved its run (the dispatch is
    tried again at most once a minute; a job still unfinished is logged once). Ctrl-C or
    SIGTERM stops: the ingest first stores, indexes and acknowledges what it read.

    \b
    Example:
      presswatch --config /srv/pw/sites.toml --data /srv/pw/data schedule
      presswatch --config /srv/pw/sites.toml --data /srv/pw/data schedule --cluster
    """
    config = read_config(paths)
    log = ScheduleLog(paths.data / "logs" / "schedule.log")
    if as_cluster:
        from search.cli.schedule_cluster import ClusterScheduler

        if not config.has_cluster:
            raise CliError(
                f"{paths.config}: schedule --cluster needs a [cluster] table with the "
                'redis_url workers and ingest share (redis_url = "redis://HOST:6379/0"); '
                'see README "Scaling out"',
                EXIT_USAGE,
            )
        scheduler: Scheduler = ClusterScheduler(paths, config, log)
    else:
        scheduler = Scheduler(paths, config, log)
    scheduler.install_signals()
    sys.exit(scheduler.run())


COMMANDS = [schedule]
