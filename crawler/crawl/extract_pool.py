"""Extraction in worker processes beside the Scrapy reactor, so both cores work during a crawl.

The workers are started by exec (crawler.child: safe beside the reactor's threads, with no
forkserver or resource tracker) and die with the crawl process, even under SIGKILL, so a
killed crawl leaves no orphan holding its pipes or lock. Each page gets `extract_timeout`
seconds: a worker that runs past it is killed and replaced, and the page is dropped.
Extraction stays a pure function: a page gives the same result through the pool as in one
process. The language is detected in the crawl process, from the worker's title and body:
the language model's tables (about 70 MB once a few hundred pages have walked them) are then
held by one process, not by every worker.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.connection import Connection

from crawler.child import Child, start_child
from crawler.config import SiteConfig
from crawler.extract import detect_article_language, extract_article
from crawler.memory import trim_above
from crawler.model import Article, DiscoveryHints
from crawler.process import die_with_parent
from crawler.time_limit import DEFAULT_EXTRACT_TIMEOUT, ExtractionTimedOut, time_limit

logger = logging.getLogger(__name__)
# Pages downloading or waiting for a worker, per worker, before more article downloads wait
# (see ExtractionPool.room). A worker extracts 20-50 pages a second; with 8 per worker, two
# workers stay fed while each download takes up to about 300 ms.
BACKLOG_PER_WORKER = 8
TRIM_ABOVE_MB = 100  # a worker above this RSS gives freed memory back after its page
READY_TIMEOUT = 60.0  # seconds a new worker may take to import and warm up
WARM_UP_PAGE = (
    "<html lang='en'><head><title>Warm-up</title><meta name='author' content='A. Writer'>"
    # Not a date: dateparser then loads every default language's data (about 1.5 s).
    "<meta property='article:published_time' content='sometime recently'>"
    "</head><body><article><h1>Warm-up</h1><p class='byline'>By A. Writer</p>"
    "<time>January 2, 2025 10:00</time><p>Published 2 Jan 2025. "
    + "A short paragraph of words. " * 20
    + "</p></article></body></html>"
)


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


@dataclass
class _Worker:
    process: Child
    conn: Connection  # this end of a duplex pipe: tasks out, results back
    ready: bool = False  # its warm-up is done (the first message it sends says so)


def _serve(conn: Connection) -> None:
    """A worker's life: extract each page sent on `conn`, send back the article or the error."""
    die_with_parent()
    _without_language_model()
    _warm_up()
    conn.send(("ready", None))
    while True:
        try:
            task = conn.recv()
        except EOFError:  # the crawl process closed its end: the crawl is over
            return
        _answer(conn, *task)
        del task  # the page's memory is free now: give it back when the worker has grown
        trim_above(TRIM_ABOVE_MB)


def _answer(
    conn: Connection,
    html: str,
    url: str,
    site: SiteConfig | None,
    fetched_at: datetime,
    hints: DiscoveryHints | None,
) -> None:
    """Extract one page and send back the article, or the error."""
    try:
        article = extract_article(html, url, site, fetched_at, hints, detect=False)
        answer: tuple[str, object] = ("ok", article)
    except Exception as exc:
        answer = ("error", exc)
    try:
        conn.send(answer)
    except Exception as exc:  # an exception that does not pickle: send its text
        conn.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))


def _without_language_model() -> None:
    """Keep py3langid, and the numpy it imports, out of this worker (12 MB): the crawl process
    detects the language, and trafilatura imports py3langid only for its language filter
    (``target_language``), which presswatch never sets. Its outputs are unchanged (the 453
    dev pages, compared field by field)."""
    sys.modules.setdefault("py3langid", None)  # type: ignore[arg-type]


def _warm_up() -> None:
    """Load what the first page would load (trafilatura, dateparser's data: up to a second),
    so that time never counts against a page's limit."""
    try:
        extract_article(WARM_UP_PAGE, "https://example.org/2025/01/02/warm-up.html", detect=False)
    except Exception:  # a worker that cannot warm up still serves (and reports) real pages
        logger.exception("extraction warm-up failed")


def _settle(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class ExtractionPool:
    """Runs extract_article in worker processes, each page under a time limit.

    A page that runs past `timeout` seconds has its worker killed and replaced at once (the
    other workers go on with their pages) and raises ExtractionTimedOut. With no workers the
    page is extracted in this process under a SIGALRM limit (see crawler.time_limit).
    """

    def __init__(self, workers: int = 0, timeout: float = DEFAULT_EXTRACT_TIMEOUT) -> None:
        self.timeout = timeout
        self._idle = [self._start_worker() for _ in range(workers)]
        self._busy: list[_Worker] = []
        self._waiters: list[asyncio.Future[None]] = []  # pages waiting for a free worker
        self._room_waiters: list[asyncio.Future[None]] = []  # downloads waiting for room
        self._downloading = 0  # downloads let through by room() and not ended yet
        # The workers warm up while the crawl starts and reads its feeds and sitemaps; the
        # first page for each waits for its warm-up (_wait_ready), never counted against
        # the page's time limit. Waiting here held the crawl's start for about 3 s.

    @property
    def workers(self) -> int:
        """How many worker processes the pool keeps (0: extraction runs in this process)."""
        return len(self._idle) + len(self._busy)

    def worker_pids(self) -> list[int]:
        """The process ids of the current workers."""
        return [w.process.pid for w in self._idle + self._busy]

    @property
    def backlog(self) -> int:
        """How many pages wait for a free worker now."""
        return len(self._waiters)

    async def room(self) -> None:
        """Return once fewer than BACKLOG_PER_WORKER pages per worker are downloading or
        waiting for a worker; the caller then holds one of those places until it calls
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
        """Places left for pages downloading or waiting for a worker."""
        return BACKLOG_PER_WORKER * self.workers - self._downloading - len(self._waiters)

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
        worker = await self._take()
        try:
            if not worker.ready:
                await self._wait_ready(worker)
            article = await self._run(worker, (html, url, site, fetched_at, hints), url)
        finally:
            self._give(worker)
        detect_article_language(article)
        return article

    async def _wait_ready(self, worker: _Worker) -> None:
        try:
            await self._readable(worker, READY_TIMEOUT)
            worker.conn.recv()
        except (TimeoutError, EOFError, OSError) as exc:
            self._replace(worker)
            raise WorkerDied(f"a new extraction worker did not start: {exc!r}") from exc
        worker.ready = True

    async def _readable(self, worker: _Worker, timeout: float) -> None:
        """Wait until the worker has sent something (or ended), at most `timeout` seconds."""
        loop = asyncio.get_running_loop()
        answered: asyncio.Future[None] = loop.create_future()
        fd = worker.conn.fileno()
        loop.add_reader(fd, _settle, answered)
        try:
            await asyncio.wait_for(answered, timeout)
        finally:
            loop.remove_reader(fd)

    async def _run(self, worker: _Worker, task: tuple[object, ...], url: str) -> Article:
        try:
            worker.conn.send(task)
            await self._readable(worker, self.timeout)
            status, value = worker.conn.recv()
        except TimeoutError:
            self._replace(worker)
            raise ExtractionTimedOut(
                f"extraction of {url} took more than {self.timeout:g} s; worker replaced"
            ) from None
        except (EOFError, OSError) as exc:
            self._replace(worker)
            raise WorkerDied(f"extraction worker ended while reading {url}: {exc}") from exc
        if status == "error":
            assert isinstance(value, BaseException)
            raise value
        assert isinstance(value, Article)
        return value

    async def _take(self) -> _Worker:
        while not self._idle:
            waiter = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            try:
                await waiter
            finally:
                if waiter in self._waiters:
                    self._waiters.remove(waiter)
        worker = self._idle.pop()
        self._busy.append(worker)
        return worker

    def _give(self, worker: _Worker) -> None:
        if worker in self._busy:  # a replaced worker's slot was already given to its successor
            self._busy.remove(worker)
            self._idle.append(worker)
        while self._waiters:  # first come, first served
            waiter = self._waiters.pop(0)
            if not waiter.done():
                waiter.set_result(None)
                break
        self._wake_room_waiters()

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker (stuck or dead) and put a fresh one in its place."""
        worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
        self._busy.remove(worker)
        self._idle.append(self._start_worker())

    def _start_worker(self) -> _Worker:
        process, conn = start_child(_serve)
        return _Worker(process=process, conn=conn)

    def shutdown(self) -> None:
        """Stop the workers (the crawl is over: nothing is waiting for them)."""
        for worker in self._idle + self._busy:
            worker.conn.close()  # the worker's recv() ends with EOFError
        for worker in self._idle + self._busy:
            worker.process.join(2)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(2)
        self._idle, self._busy = [], []
