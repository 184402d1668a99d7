"""Extraction in worker processes beside the Scrapy reactor, so both cores work during a crawl.

The workers are forked before the crawl starts (before the reactor's threads exist) and die
with the crawl process, even under SIGKILL, so a killed crawl leaves no orphan holding its
pipes or lock. Extraction stays a pure function: a page gives the same result in a worker as
in the crawl process.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime

from crawler.config import SiteConfig
from crawler.extract import extract_article
from crawler.model import Article, DiscoveryHints

logger = logging.getLogger(__name__)
PR_SET_PDEATHSIG = 1


def default_workers() -> int:
    """Worker processes when the config does not say: one per core, none on a single core."""
    cores = os.cpu_count() or 1
    return cores if cores > 1 else 0


def start_pool(workers: int) -> ProcessPoolExecutor | None:
    """`workers` extraction processes, forked now (None for in-process extraction).

    Call it before the reactor starts: forking a process that runs threads is unsafe.
    """
    if workers <= 0:
        return None
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_die_with_parent,
        initargs=(os.getpid(),),
    )
    pool.submit(int).result()  # a fork pool starts all its workers on the first task
    return pool


def _die_with_parent(parent_pid: int) -> None:
    """Ask Linux to kill this worker when the crawl process dies (PR_SET_PDEATHSIG)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: workers then end when their queue closes
        logger.debug("PR_SET_PDEATHSIG unavailable")
    if os.getppid() != parent_pid:  # the parent died before the request took effect
        os._exit(1)


class ExtractionPool:
    """Runs extract_article in the pool; falls back to this process when the pool breaks."""

    def __init__(self, pool: ProcessPoolExecutor | None) -> None:
        self.pool = pool

    async def extract(
        self,
        html: str,
        url: str,
        site: SiteConfig,
        fetched_at: datetime,
        hints: DiscoveryHints | None = None,
    ) -> Article:
        """The extracted article, computed in a worker when there is a pool."""
        if self.pool is not None:
            try:
                future = self.pool.submit(extract_article, html, url, site, fetched_at, hints)
                return await asyncio.wrap_future(future)
            except BrokenProcessPool:
                logger.warning("extraction workers stopped; extracting in the crawl process")
                self.pool = None
        return extract_article(html, url, site=site, fetched_at=fetched_at, hints=hints)

    def shutdown(self) -> None:
        """Stop the workers (pending work is cancelled: the crawl is over)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
