"""`presswatch schedule --cluster`: keep one ingest running and dispatch due sites to workers."""

from __future__ import annotations

import json
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from types import FrameType
from typing import TYPE_CHECKING

from search.cli.context import Paths, presswatch_argv
from search.cli.schedule import MAX_SLEEP, MIN_PAUSE, RETRY_PAUSE, ScheduleLog, Scheduler

if TYPE_CHECKING:
    from crawler.config import Config
    from crawler.schedule import Due

INGEST_EXITS = {
    0: "stopped",
    2: "usage or config error",
    3: "data directory locked by another process",
    4: "Redis, the store or the index unusable",
}
DISPATCH_EXITS = {2: "usage or config error", 4: "Redis or the store unusable"}


@dataclass(frozen=True)
class _Waiting:
    """A site handed to the workers: due at `due_at` when dispatched, asked again at `recheck`."""

    due_at: datetime | None
    recheck: float  # time.monotonic()


def _meaning(code: int, meanings: dict[int, str]) -> str:
    return meanings.get(code, f"killed by signal {-code}" if code < 0 else "?")


class IngestChild:
    """The one `presswatch ingest` of the home machine: started, restarted after a pause when
    it exits (doubling while it keeps failing at once, at most RETRY_PAUSE), and stopped with
    one SIGTERM, on which it stores, indexes and acknowledges what it read, then exits."""

    def __init__(self, paths: Paths, log: ScheduleLog, wake: threading.Event) -> None:
        self.paths, self.log, self.wake = paths, log, wake
        self.process: subprocess.Popen[bytes] | None = None
        self.started = 0.0
        self.restart_at = 0.0
        self.quick_exits = 0

    def keep_running(self) -> None:
        """Start the ingest, or note that it exited and start it again once its pause is over."""
        if self.process is not None:
            code = self.process.poll()
            if code is None:
                return
            ran = time.monotonic() - self.started
            self.quick_exits = 0 if ran >= RETRY_PAUSE else self.quick_exits + 1
            pause = min(RETRY_PAUSE, MIN_PAUSE * 2 ** max(0, self.quick_exits - 1))
            self.log(
                f"ingest exited after {ran:.1f} s: exit {code} ({_meaning(code, INGEST_EXITS)}); "
                f"restarting in {pause:.0f} s"
            )
            self.process = None
            self.restart_at = time.monotonic() + pause
        if time.monotonic() < self.restart_at:
            return
        command = [*presswatch_argv(), *_paths_args(self.paths), "ingest"]
        # Its own session: a Ctrl-C in the terminal reaches only us, and we pass on one SIGTERM.
        self.process = subprocess.Popen(command, start_new_session=True)
        self.started = time.monotonic()
        self.log(f"ingest started (pid {self.process.pid})")
        threading.Thread(target=self._wake_on_exit, args=(self.process,), daemon=True).start()

    def _wake_on_exit(self, process: subprocess.Popen[bytes]) -> None:
        process.wait()
        self.wake.set()

    def seconds_to_restart(self) -> float:
        """How long the scheduler may sleep before the ingest needs starting (MAX_SLEEP if
        it runs: its exit wakes the scheduler)."""
        if self.process is not None:
            return MAX_SLEEP
        return self.restart_at - time.monotonic()

    def stop(self) -> None:
        """One SIGTERM, and wait until it has committed and acknowledged what it read."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        self.log("stopping the ingest (it stores, indexes and acknowledges what it read)")
        process.send_signal(signal.SIGTERM)
        code = process.wait()
        self.log(f"ingest stopped: exit {code} ({_meaning(code, INGEST_EXITS)})")


def _paths_args(paths: Paths) -> list[str]:
    return ["--config", str(paths.config), "--data", str(paths.data)]


class ClusterScheduler(Scheduler):
    """The schedule loop of the home machine of a cluster: due sites go to `presswatch
    dispatch --due`; the ingest child stores what the workers send and saves each run.

    A dispatched site stays due in the store until the ingest saves its run, so the loop
    remembers it and starts no dispatch for it until its plan changes (the run was saved)
    or MAX_SLEEP has passed; that dispatch finds the job unfinished (the site's Redis lock),
    which is logged once per job.
    """

    mode = " (cluster: dispatch to workers, one ingest)"

    def __init__(self, paths: Paths, config: Config, log: ScheduleLog) -> None:
        super().__init__(paths, config, log)
        self.ingest = IngestChild(paths, log, self.wake)
        self.waiting: dict[str, _Waiting] = {}
        self.told: set[str] = set()  # unfinished jobs already logged
        self.plans: dict[str, Due] = {}

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        # A running dispatch is left to finish (it takes a moment, and a kill could leave a
        # site's lock without its job); the ingest is stopped after the loop.
        if not self.stopping:
            self.log(f"{signal.Signals(signum).name}: stopping")
        self.stopping = True
        self.wake.set()

    def _tend(self) -> None:
        self.ingest.keep_running()

    def _finish(self) -> None:
        self.ingest.stop()

    def _ready(self, plans: list[Due]) -> list[str]:
        self.plans = {p.site.id: p for p in plans}
        now = time.monotonic()
        ready = []
        for plan in plans:
            waiting = self.waiting.get(plan.site.id)
            if waiting is not None and (not plan.is_due or plan.due_at != waiting.due_at):
                del self.waiting[plan.site.id]  # the ingest saved the site's run
                waiting = None
            if plan.is_due and (waiting is None or now >= waiting.recheck):
                ready.append(plan.site.id)
        return ready

    def _start(self, due: list[str]) -> None:
        sites = [arg for site in due for arg in ("--site", site)]
        command = [*presswatch_argv(), *_paths_args(self.paths), "dispatch", "--due", "--json"]
        self.log(f"dispatch: {', '.join(due)} due")
        self.child = subprocess.Popen(
            [*command, *sites], stdout=subprocess.PIPE, start_new_session=True
        )
        out, _ = self.child.communicate()
        code, self.child = self.child.returncode, None
        now = time.monotonic()
        if code != 0:
            self.log(f"dispatch failed: exit {code} ({_meaning(code, DISPATCH_EXITS)})")
            self.not_before = now + RETRY_PAUSE
            return
        for site in due:  # also a site dispatch no longer found due: asked again later
            plan = self.plans.get(site)
            self.waiting[site] = _Waiting(plan.due_at if plan else None, now + MAX_SLEEP)
        for job in json.loads(out)["jobs"]:
            if job["job_id"]:
                self.log(f"{job['site']}: queued as {job['job_id']}")
            elif job["busy"] not in self.told:
                self.told.add(job["busy"])
                self.log(
                    f"{job['site']}: not queued, job {job['busy']} is queued or running; "
                    "waiting for the ingest to save its run"
                )
        self.not_before = now + MIN_PAUSE

    def _sleep_time(self, plans: list[Due], ready: list[str], pause: float) -> float:
        """Until the next site is due, a waiting site is asked again, or the ingest restarts."""
        if ready:
            return max(0.05, pause)
        now, clock = datetime.now(UTC), time.monotonic()
        until = [MAX_SLEEP, self.ingest.seconds_to_restart()]
        for plan in plans:
            waiting = self.waiting.get(plan.site.id)
            if waiting is not None:
                until.append(waiting.recheck - clock)
            elif plan.due_at is not None and not plan.is_due:
                until.append((plan.due_at - now).total_seconds())
        return max(0.05, min(until))
