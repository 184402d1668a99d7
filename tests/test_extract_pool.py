"""Extraction in worker processes: same result as in the crawl process, no orphans on SIGKILL."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from crawler.config import SiteConfig
from crawler.crawl.extract_pool import ExtractionPool, start_pool
from crawler.extract import extract_article
from crawler.model import article_to_dict

PAGE = (Path(__file__).parent / "pages" / "cctv_soft_power.html").read_text(encoding="utf-8")
URL = "https://english.cctv.com/2025/05/05/ARTIxG6hN8ZqLrLw0zYbJfGm250505.shtml"
SITE = SiteConfig(id="cctv", name="CCTV", domains=("english.cctv.com",), timezone="Asia/Shanghai")
FETCHED = datetime(2025, 6, 1, tzinfo=UTC)


def test_a_worker_gives_the_same_article_as_the_crawl_process() -> None:
    pool = ExtractionPool(start_pool(2))
    try:
        from_worker = asyncio.run(pool.extract(PAGE, URL, SITE, FETCHED))
    finally:
        pool.shutdown()
    here = extract_article(PAGE, URL, site=SITE, fetched_at=FETCHED)
    assert article_to_dict(from_worker) == article_to_dict(here)
    assert from_worker.published_day is not None


def test_no_pool_means_extraction_in_this_process() -> None:
    assert start_pool(0) is None
    article = asyncio.run(ExtractionPool(None).extract(PAGE, URL, SITE, FETCHED))
    assert article.title.startswith("Second in the world!")


def test_workers_die_with_a_killed_crawl_process() -> None:
    code = (
        "import os, time, multiprocessing\n"
        "from crawler.crawl.extract_pool import start_pool\n"
        "pool = start_pool(2)\n"
        "print(' '.join(str(p) for p in pool._processes), flush=True)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    workers = [int(pid) for pid in parent.stdout.readline().split()]
    assert len(workers) == 2
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split()[2] != "Z"
    except FileNotFoundError:
        return False
