"""Extraction in worker processes beside the Scrapy reactor, so both cores work during a crawl.

The workers are started by exec (crawler.child: safe beside the reactor's threads, with no
forkserver or resource tracker) and die with the crawl process, even under SIGKILL, so a
killed crawl leaves no orphan holding its pipes or lock. Each worker holds up to
PIPELINE_DEPTH pages: the one it extracts and the next ones (crawler.crawl.worker_link). Each
page gets `extract_timeout` seconds from when its worker starts on it: a worker that runs
past it is killed and replaced, the page is dropped, and the worker's next page goes to its
successor. Extraction stays a pure function: a page gives the same result through the pool
as in one process. The language is detected in the crawl process, from the worker's title
and body: the language model's tables (about 70 MB once a few hundred pages have walked
them) are then held by one process, not by every worker.
"""

from __future__ import annotations

import asyncio
import logging
import os
from datetime import datetime

from crawler.config import SiteConfig
from crawler.crawl.extract_worker import READY
from crawler.crawl.worker_link import PageTask, WorkerLink, framed
from crawler.extract import detect_article_language, extract_article
from crawler.model import Article, DiscoveryHints
from crawler.time_limit import DEFAULT_EXTRACT_TIMEOUT, ExtractionTimedOut, time_limit

logger = logging.getLogger(__name__)
# Pages downloading, waiting for a worker or held by one, per worker, before more article
# downloads wait (see ExtractionPool.room). A worker extracts 20-50 pages a second; with 8 per
# worker, two workers stay fed while each download takes up to about 300 ms. Counting the
# pages a worker holds: 7 MB less at the peak of a 10,000-article crawl, same speed.
BACKLOG_PER_WORKER = 8
PIPELINE_DEPTH = 3  # pages a worker holds: the one it extracts and the next two
READY_TIMEOUT = 60.0  # seconds a new worker may take to import and warm up


def default_workers() -> int:
    """Worker processes when the config does not say: one per core, none on a single core."""
    cores = os.cpu_count() or 1
    return cores if cores > 1 else 0


def start_pool(workers: int, timeout: float = DEFAULT_EXTRACT_TIMEOUT) -> ExtractionPool:
    """A pool of `workers` extraction processes, started now (0: extract in this process).

    Call it before the reactor starts, so the workers warm up while the crawl starts.
    """
    return ExtractionPool(workers, timeout)


class WorkerDied(RuntimeError):
    """An extraction worker ended without answering (killed from outside, out of memory)."""


class ExtractionPool:
    """Runs extract_article in worker processes, each page under a time limit.

    A page that runs past `timeout` seconds has its worker killed and replaced at once (the
    other workers go on with their pages) and raises ExtractionTimedOut. With no workers the
    page is extracted in this process under a SIGALRM limit (see crawler.time_limit).
    """

    def __init__(self, workers: int = 0, timeout: float = DEFAULT_EXTRACT_TIMEOUT) -> None:
        self.timeout = timeout
        # The workers warm up while the crawl starts and reads its feeds and sitemaps; the
        # first page for each waits for its warm-up, never counted against the page's time
        # limit. Waiting here held the crawl's start for about 3 s.
        self._links = [WorkerLink() for _ in range(workers)]
        self._ending: list[WorkerLink] = []  # told to end by stop(), not yet joined
        self._waiters: list[asyncio.Future[None]] = []  # pages waiting for a place at a worker
        self._room_waiters: list[asyncio.Future[None]] = []  # downloads waiting for room
        self._downloading = 0  # downloads let through by room() and not ended yet

    @property
    def workers(self) -> int:
        """How many worker processes the pool keeps (0: extraction runs in this process)."""
        return len(self._links)

    def worker_pids(self) -> list[int]:
        """The process ids of the current workers."""
        return [link.process.pid for link in self._links]

    @property
    def backlog(self) -> int:
        """How many pages wait for a place at a worker now."""
        return len(self._waiters)

    async def room(self) -> None:
        """Return once fewer than BACKLOG_PER_WORKER pages per worker are downloading, waiting
        for a worker or held by one; the caller then holds one of those places until it calls
        :meth:`downloaded`.

        Article downloads await it (ExtractionBackPressureMiddleware), so pages never pile up
        in memory faster than the workers extract them. Counting only the pages waiting let
        every free download slot through at once: on the shared mirror, 72 pages (31 MB of
        bodies and their text) were held at the crawl's peak.
        """
        while self.workers and self._free_places() <= 0:
            future = asyncio.get_running_loop().create_future()
            self._room_waiters.append(future)
            await future
        if self.workers:
            self._downloading += 1

    def downloaded(self) -> None:
        """A download let through by :meth:`room` has ended (with a page or without one)."""
        self._downloading = max(0, self._downloading - 1)
        self._wake_room_waiters()

    def _free_places(self) -> int:
        """Places left for pages downloading, waiting for a worker or held by one."""
        held = sum(len(link.tasks) for link in self._links)
        return BACKLOG_PER_WORKER * self.workers - self._downloading - len(self._waiters) - held

    def _wake_room_waiters(self) -> None:
        """Wake as many waiting downloads as there are places, first come first (waking all
        of them, each to look again, was 126,000 wake-ups for 1,000 mirror articles)."""
        free = self._free_places()
        while self._room_waiters and free > 0:
            future = self._room_waiters.pop(0)
            if not future.done():  # not cancelled meanwhile
                future.set_result(None)
                free -= 1

    async def extract(
        self,
        html: str,
        url: str,
        site: SiteConfig | None,
        fetched_at: datetime,
        hints: DiscoveryHints | None = None,
    ) -> Article:
        """The extracted article, computed in a worker when there are workers."""
        if not self.workers:
            with time_limit(self.timeout, f"extraction of {url}"):
                return extract_article(html, url, site=site, fetched_at=fetched_at, hints=hints)
        link = await self._place()
        message = framed((html, url, site, fetched_at, hints))
        task = PageTask(url, message, asyncio.get_running_loop().create_future())
        self._send(link, task)
        article = await task.answer
        detect_article_language(article)
        return article

    async def _place(self) -> WorkerLink:
        """A worker with room for one more page: the one holding the fewest pages, a warmed-up
        one first (a new worker may take seconds to warm up)."""
        while True:
            open_links = [link for link in self._links if len(link.tasks) < PIPELINE_DEPTH]
            if open_links:
                return min(open_links, key=lambda link: (not link.ready, len(link.tasks)))
            waiter = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            try:
                await waiter
            finally:
                if waiter in self._waiters:
                    self._waiters.remove(waiter)

    def _send(self, link: WorkerLink, task: PageTask) -> None:
        link.tasks.append(task)
        if len(link.tasks) == 1:  # the worker starts on it now: its clock runs
            link.listen(self._on_message)
            self._start_clock(link)
        link.write(task.message)

    def _start_clock(self, link: WorkerLink) -> None:
        """Time the page the worker works on from now (a worker still warming up: its start)."""
        if link.clock is not None:
            link.clock.cancel()
        seconds = self.timeout if link.ready else READY_TIMEOUT
        link.clock = asyncio.get_running_loop().call_later(seconds, self._expired, link)

    def _on_message(self, link: WorkerLink) -> None:
        """The worker sent something: its warm-up is done, or the answer for its first page."""
        try:
            status, value = link.conn.recv()
        except (EOFError, OSError) as exc:
            url = link.tasks[0].url if link.tasks else "a page"
            self._lose(link, WorkerDied(f"extraction worker ended while reading {url}: {exc}"))
            return
        except Exception as exc:  # an answer that does not unpickle: the page's error
            status, value = "error", exc
        if (status, value) == READY:
            link.ready = True
            if link.tasks:
                self._start_clock(link)
            return
        task = link.tasks.popleft()
        if not task.answer.done():  # not cancelled meanwhile
            if status == "error":
                assert isinstance(value, BaseException)
                task.answer.set_exception(value)
            else:
                task.answer.set_result(value)
        if link.tasks:
            self._start_clock(link)
        else:
            assert link.clock is not None
            link.clock.cancel()
            link.stop_listening()
        self._wake_waiter()

    def _expired(self, link: WorkerLink) -> None:
        url = link.tasks[0].url
        if link.ready:
            error: Exception = ExtractionTimedOut(
                f"extraction of {url} took more than {self.timeout:g} s; worker replaced"
            )
        else:
            error = WorkerDied(f"a new extraction worker did not start in {READY_TIMEOUT:g} s")
        self._lose(link, error)

    def _lose(self, link: WorkerLink, error: Exception) -> None:
        """Kill a worker (stuck or dead) and fail the page it worked on; a fresh worker takes
        its place and the pages it held after that one."""
        link.close(kill=True)
        fresh = WorkerLink()
        self._links[self._links.index(link)] = fresh
        held = list(link.tasks)
        if held and not held[0].answer.done():
            held[0].answer.set_exception(error)
        for task in held[1:]:
            self._send(fresh, task)
        self._wake_waiter()

    def _wake_waiter(self) -> None:
        """A place at a worker is free: the first page waiting for one takes it."""
        while self._waiters:  # first come, first served
            waiter = self._waiters.pop(0)
            if not waiter.done():
                waiter.set_result(None)
                break
        self._wake_room_waiters()

    def shutdown(self) -> None:
        """Stop the workers and wait for them (the crawl is over: nothing waits for them)."""
        self.stop()
        self.join()

    def stop(self) -> None:
        """Tell the workers to end, and return at once (:meth:`join` waits for them)."""
        for link in self._links:
            link.close()  # the worker's recv() ends with EOFError
        self._ending, self._links = self._ending + self._links, []

    def join(self) -> None:
        """Wait for the workers told to end (a straggler is killed after 2 s)."""
        for link in self._ending:
            link.process.join(2)
            if link.process.is_alive():
                link.process.kill()
                link.process.join(2)
        self._ending = []
