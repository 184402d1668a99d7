"""Extraction in worker processes: same result as in the crawl process, no orphans on SIGKILL."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.config import Config, ConfigError, CrawlDefaults, SiteConfig, load_config
from crawler.crawl.extract_pool import ExtractionPool, start_pool
from crawler.demo.server import SiteServer
from crawler.demo.site import Page
from crawler.extract import extract_article
from crawler.model import Article, article_to_dict
from crawler.reextract import reextract
from crawler.store import STORE_FILENAME, ArticleStore
from crawler.time_limit import ExtractionTimedOut, time_limit
from tests.conftest import FIXTURE_SITE_ID, CrawledArchive, fixture_config, invoke_cli, run_cli
from tests.fixture_site import build_fixture_site

PAGE = (Path(__file__).parent / "pages" / "cctv_soft_power.html").read_text(encoding="utf-8")
URL = "https://english.cctv.com/2025/05/05/ARTIxG6hN8ZqLrLw0zYbJfGm250505.shtml"
SITE = SiteConfig(id="cctv", name="CCTV", domains=("english.cctv.com",), timezone="Asia/Shanghai")
FETCHED = datetime(2025, 6, 1, tzinfo=UTC)


def test_a_worker_gives_the_same_article_as_the_crawl_process() -> None:
    pool = start_pool(2)
    try:
        from_worker = asyncio.run(pool.extract(PAGE, URL, SITE, FETCHED))
    finally:
        pool.shutdown()
    here = extract_article(PAGE, URL, site=SITE, fetched_at=FETCHED)
    assert article_to_dict(from_worker) == article_to_dict(here)
    assert from_worker.published_day is not None


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_stop_returns_at_once_and_join_reaps_the_workers() -> None:
    """A crawl tells its workers to end, then waits for its index's last commit; they are
    joined after it. A worker that cannot end (here: frozen) is killed by join()."""
    pool = start_pool(2)
    pids = pool.worker_pids()
    try:
        asyncio.run(pool.extract(PAGE, URL, SITE, FETCHED))
        os.kill(pids[0], signal.SIGSTOP)
        pool.stop()
        assert pool.workers == 0
        assert _exists(pids[0])  # not waited for: frozen, it could not have ended
        pool.join()
    finally:
        pool.shutdown()
    assert not any(_exists(pid) for pid in pids)


MISLABELLED = (
    "<html lang='de'><head><title>Harbour reopens after the storm</title></head><body>"
    "<article><h1>Harbour reopens after the storm</h1>"
    + "<p>The harbour reopened on Monday after a week of repairs to the sea wall, and the "
    "first ferries left on time with few passengers aboard.</p>" * 6 + "</article></body></html>"
)


def _mapped_files(pid: int) -> str:
    return Path(f"/proc/{pid}/maps").read_text()


def test_the_language_is_detected_once_in_the_crawl_process_not_in_the_workers() -> None:
    """The workers never load the language model (its tables are ~70 MB a process once
    walked); the crawl process detects it, and the article is the one a single process gives."""
    pool = start_pool(1)
    try:
        articles = [
            asyncio.run(pool.extract(page, URL, SITE, FETCHED)) for page in (PAGE, MISLABELLED)
        ]
        worker_maps = _mapped_files(pool.worker_pids()[0])
    finally:
        pool.shutdown()
    for page, from_pool in zip((PAGE, MISLABELLED), articles, strict=True):
        assert article_to_dict(from_pool) == article_to_dict(
            extract_article(page, URL, SITE, FETCHED)
        )
    assert (articles[1].language, articles[1].language_source) == ("en", "detected")
    assert "nextmove" in _mapped_files(os.getpid())  # the model's table, mapped here
    assert "nextmove" not in worker_maps and "numpy" not in worker_maps


def test_no_pool_means_extraction_in_this_process() -> None:
    pool = start_pool(0)
    assert pool.workers == 0
    article = asyncio.run(pool.extract(PAGE, URL, SITE, FETCHED))
    assert article.title.startswith("Second in the world!")


def test_workers_die_with_a_killed_crawl_process() -> None:
    code = (
        "import os, time, multiprocessing\n"
        "from crawler.crawl.extract_pool import start_pool\n"
        "pool = start_pool(2)\n"
        "print(' '.join(str(p) for p in pool.worker_pids()), flush=True)\n"
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


def slow_page() -> str:
    """A real page that is slow but bounded: 4.8 MB of '- ' runs take the generic extractor's
    whitespace normalisation seconds of CPU (linear work, just a lot of it)."""
    return bounded_page(24)


def bounded_page(paragraphs: int) -> str:
    """slow_page's kind of page, `paragraphs` long: about 0.1 s of CPU a paragraph."""
    paragraph = "<p>" + "- " * 100_000 + "</p>"
    body = paragraph * paragraphs
    return f"<html><head><title>Slow</title></head><body><article>{body}</article>"


def test_a_page_past_the_time_limit_kills_its_worker_and_the_pool_goes_on() -> None:
    pool = ExtractionPool(2, timeout=0.5)
    try:
        before = set(pool.worker_pids())
        with pytest.raises(ExtractionTimedOut, match=r"more than 0\.5 s"):
            asyncio.run(pool.extract(slow_page(), URL, SITE, FETCHED))
        after = set(pool.worker_pids())
        assert len(after) == 2 and len(before - after) == 1
        assert not _alive((before - after).pop())
        pool.timeout = 30  # a loaded machine must not fail the rest of the test
        articles = asyncio.run(_extract_many(pool, 4))
        assert all(a.title.startswith("Second in the world!") for a in articles)
        assert set(pool.worker_pids()) == after
    finally:
        pool.shutdown()


async def _extract_many(pool: ExtractionPool, count: int) -> list[Article]:
    return list(
        await asyncio.gather(*(pool.extract(PAGE, URL, SITE, FETCHED) for _ in range(count)))
    )


def test_without_workers_the_limit_holds_in_this_process() -> None:
    with pytest.raises(ExtractionTimedOut), time_limit(0.2):
        time.sleep(2)
    with pytest.raises(ExtractionTimedOut), time_limit(0.2):
        _swallow_exceptions_for(3)  # a library's `except Exception` does not hide the alarm
    with time_limit(5):  # a page that finishes in time leaves no alarm behind
        pass
    time.sleep(0.01)


def _swallow_exceptions_for(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        with contextlib.suppress(Exception):  # what some libraries do around their steps
            time.sleep(0.01)


def test_config_rejects_a_time_limit_of_zero(tmp_path: Path) -> None:
    config = tmp_path / "sites.toml"
    config.write_text("[defaults]\nextract_timeout = 0\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"extract_timeout.*more than 0 seconds"):
        load_config(config)


def _stored_paths(data: Path) -> set[str]:
    with sqlite3.connect(data / STORE_FILENAME) as connection:
        return {urlsplit(url).path for (url,) in connection.execute("SELECT url FROM articles")}


@pytest.mark.slow
def test_a_crawl_drops_a_page_past_the_time_limit_and_stores_the_rest(
    crawled: CrawledArchive, tmp_path: Path
) -> None:
    slow: list[str] = []

    def build(base_url: str) -> dict[str, Page]:
        pages = build_fixture_site(base_url)
        path = min(p for p in pages if p.endswith(".html") and p in _stored_paths(crawled.data))
        pages[path] = Page(slow_page().encode(), "text/html; charset=utf-8")
        slow.append(path)
        return pages

    with SiteServer(build) as server:
        config = tmp_path / "sites.toml"
        limits = "[defaults]\nextract_timeout = 1.5\nextract_workers = 1\n"
        text = fixture_config(server.base_url).replace("[defaults]\n", limits)
        config.write_text(text, encoding="utf-8")
        result = run_cli("--config", str(config), "--data", str(tmp_path / "data"), "crawl")
    assert result.returncode in (0, 1), result.stderr[-2000:]
    # The only worker was killed on the slow page; every other article still got extracted.
    assert _stored_paths(tmp_path / "data") == _stored_paths(crawled.data) - {slow[0]}
    log = (tmp_path / "data" / "logs" / "crawl.log").read_text(encoding="utf-8")
    assert f"{slow[0]} took more than 1.5 s; worker replaced" in log
    assert "'item_dropped_reasons_count/ExtractionTimeout': 1" in log
    with sqlite3.connect(tmp_path / "data" / STORE_FILENAME) as connection:
        outcomes = dict(connection.execute("SELECT url, outcome FROM url_outcomes"))
    assert [urlsplit(u).path for u, o in outcomes.items() if o == "dropped:ExtractionTimeout"] == [
        slow[0]
    ]


def test_reextract_keeps_an_article_whose_page_runs_past_the_limit(tmp_path: Path) -> None:
    stored = extract_article(PAGE, URL, site=SITE, fetched_at=FETCHED)
    with ArticleStore.open(tmp_path, create=True) as store:
        store.save(stored, slow_page())  # raw HTML an extractor now takes seconds over
        limits = CrawlDefaults(extract_timeout=0.3)
        config = Config(path=tmp_path / "sites.toml", defaults=limits, sites=(SITE,))
        report = reextract(store, config)
        kept = store.get_by_url(stored.url)
    assert (report.checked, report.timed_out, report.skipped, report.changed) == (1, 1, 1, 0)
    assert kept is not None and kept.title == stored.title


def test_try_stops_at_the_time_limit_with_one_line(tmp_path: Path) -> None:
    with SiteServer(lambda base: {"/slow.html": Page(slow_page().encode(), "text/html")}) as server:
        config = tmp_path / "sites.toml"
        text = fixture_config(server.base_url).replace(
            "[defaults]\n", "[defaults]\nextract_timeout = 0.5\n"
        )
        config.write_text(text, encoding="utf-8")
        url = f"{server.base_url}/slow.html"
        result = invoke_cli("--config", str(config), "try", url, "--site", FIXTURE_SITE_ID)
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: extraction of {url} took more than 0.5 s: "
        "a crawl would drop this page (ExtractionTimeout)\n"
    )


def test_downloads_wait_for_room_while_pages_queue_for_the_workers() -> None:
    from crawler.crawl.extract_pool import BACKLOG_PER_WORKER, PIPELINE_DEPTH

    async def crawl_side(pool: ExtractionPool) -> None:
        pages = [
            asyncio.ensure_future(pool.extract(PAGE, f"{URL}?{n}", SITE, FETCHED))
            for n in range(BACKLOG_PER_WORKER + PIPELINE_DEPTH)
        ]
        await asyncio.sleep(0)  # each page goes to the worker or queues for a place there
        assert pool.backlog == BACKLOG_PER_WORKER
        download = asyncio.ensure_future(pool.room())
        await asyncio.sleep(0)
        assert not download.done()  # too many pages wait: the download waits too
        await asyncio.wait_for(download, 60)  # the worker catches up: room again
        assert pool.backlog < BACKLOG_PER_WORKER
        articles = await asyncio.gather(*pages)
        assert all(a.title.startswith("Second in the world!") for a in articles)
        await asyncio.wait_for(pool.room(), 1)  # nothing waits: no wait

    pool = start_pool(1)
    try:
        asyncio.run(crawl_side(pool))
    finally:
        pool.shutdown()


def test_downloads_in_flight_hold_their_place_until_they_end() -> None:
    """Downloads let through count until they end: a burst of free download slots can no
    longer bring every page in at once while the workers are busy."""
    from crawler.crawl.extract_pool import BACKLOG_PER_WORKER

    async def crawl_side(pool: ExtractionPool) -> None:
        for _ in range(BACKLOG_PER_WORKER):
            await asyncio.wait_for(pool.room(), 1)
        held = asyncio.ensure_future(pool.room())
        await asyncio.sleep(0.05)
        assert not held.done()  # every place is taken by a download in flight
        pool.downloaded()
        await asyncio.wait_for(held, 1)

    pool = start_pool(1)
    try:
        asyncio.run(crawl_side(pool))
    finally:
        pool.shutdown()


def test_no_workers_means_no_wait_for_room() -> None:
    asyncio.run(asyncio.wait_for(start_pool(0).room(), 1))


def test_a_worker_holds_its_next_pages_and_times_each_from_its_start() -> None:
    """Three pages sent at once to one worker: each is timed from when the worker starts it,
    not from when it was sent (the last one ends past the limit counted from its sending)."""
    from crawler.crawl.extract_pool import PIPELINE_DEPTH

    async def three_at_once(pool: ExtractionPool, page: str) -> list[float]:
        started = time.monotonic()
        pages = [
            asyncio.ensure_future(pool.extract(page, f"{URL}?{n}", SITE, FETCHED))
            for n in range(PIPELINE_DEPTH)
        ]
        await asyncio.sleep(0)
        assert pool.backlog == 0  # every page is at the worker already
        ended = []
        for done in pages:
            await done
            ended.append(time.monotonic() - started)
        return ended

    pool = ExtractionPool(1, timeout=60)
    waited_past_the_limit = False
    try:
        asyncio.run(pool.extract(PAGE, URL, SITE, FETCHED))  # the worker is ready
        page = bounded_page(6)
        # A loaded machine can make the measured page slower than the ones timed after it:
        # then the last page may end inside the limit and prove nothing; measure again.
        for _ in range(3):
            pool.timeout = 60
            one = asyncio.run(three_at_once(pool, page))[0]  # a page's time, warm worker
            pool.timeout = 2.5 * one  # the last page ends about 3 * one after it was sent
            ended = asyncio.run(three_at_once(pool, page))  # ExtractionTimedOut if sent-timed
            if ended[-1] > pool.timeout:  # the last page waited for the two before it
                waited_past_the_limit = True
                break
    finally:
        pool.shutdown()
    assert waited_past_the_limit


def test_the_pages_behind_a_timed_out_page_go_to_the_fresh_worker() -> None:
    async def slow_then_two(pool: ExtractionPool) -> list[Article]:
        slow = asyncio.ensure_future(pool.extract(slow_page(), URL, SITE, FETCHED))
        behind = [
            asyncio.ensure_future(pool.extract(PAGE, f"{URL}?{n}", SITE, FETCHED)) for n in (1, 2)
        ]
        with pytest.raises(ExtractionTimedOut):
            await slow
        pool.timeout = 30  # the fresh worker's pages: a loaded machine must not fail them
        return list(await asyncio.gather(*behind))

    pool = ExtractionPool(1, timeout=0.5)
    try:
        before = pool.worker_pids()
        articles = asyncio.run(slow_then_two(pool))
        assert pool.worker_pids() != before
    finally:
        pool.shutdown()
    assert len(articles) == 2 and all(a.title.startswith("Second in the world!") for a in articles)


def test_a_worker_killed_from_outside_fails_its_page_and_the_next_go_on() -> None:
    from crawler.crawl.extract_pool import WorkerDied

    async def kill_during_slow(pool: ExtractionPool) -> Article:
        slow = asyncio.ensure_future(pool.extract(slow_page(), URL, SITE, FETCHED))
        behind = asyncio.ensure_future(pool.extract(PAGE, f"{URL}?1", SITE, FETCHED))
        await asyncio.sleep(0.5)
        os.kill(pool.worker_pids()[0], signal.SIGKILL)
        with pytest.raises(WorkerDied, match="ended while reading"):
            await slow
        return await behind

    pool = ExtractionPool(1, timeout=30)
    try:
        pool_warm = asyncio.run(pool.extract(PAGE, URL, SITE, FETCHED))  # the worker is ready
        article = asyncio.run(kill_during_slow(pool))
    finally:
        pool.shutdown()
    assert article.title == pool_warm.title


def test_a_large_page_for_a_busy_worker_never_holds_the_event_loop() -> None:
    """Pages are written without waiting: a page larger than the socket's buffer, sent while
    the worker is busy, goes out in parts as the worker reads, and the loop runs meanwhile."""
    large = PAGE.replace("</body>", "<!-- " + "x" * 6_000_000 + " --></body>")

    async def busy_then_large(pool: ExtractionPool) -> float:
        slow = asyncio.ensure_future(pool.extract(slow_page(), URL, SITE, FETCHED))
        await asyncio.sleep(0.1)  # the worker is on the slow page
        longest, last = 0.0, time.monotonic()
        sent = asyncio.ensure_future(pool.extract(large, f"{URL}?large", SITE, FETCHED))
        while not sent.done():
            await asyncio.sleep(0.01)
            longest, last = max(longest, time.monotonic() - last), time.monotonic()
        await slow
        assert (await sent).title.startswith("Second in the world!")
        return longest

    pool = ExtractionPool(1, timeout=60)
    try:
        asyncio.run(pool.extract(PAGE, URL, SITE, FETCHED))  # the worker is ready
        longest_pause = asyncio.run(busy_then_large(pool))
    finally:
        pool.shutdown()
    assert longest_pause < 0.5  # a blocking write waited for the slow page (seconds)


def test_pages_held_by_a_worker_take_their_places_too() -> None:
    """The places bound every page in the crawl process's hands: downloading, waiting for a
    worker, or sent to one and not answered (a worker holds up to PIPELINE_DEPTH)."""
    from crawler.crawl.extract_pool import BACKLOG_PER_WORKER, PIPELINE_DEPTH

    async def crawl_side(pool: ExtractionPool) -> None:
        held = [
            asyncio.ensure_future(pool.extract(bounded_page(6), f"{URL}?{n}", SITE, FETCHED))
            for n in range(PIPELINE_DEPTH)
        ]
        await asyncio.sleep(0)
        assert pool.backlog == 0  # all at the worker
        for _ in range(BACKLOG_PER_WORKER - PIPELINE_DEPTH):
            await asyncio.wait_for(pool.room(), 1)
        one_more = asyncio.ensure_future(pool.room())
        await asyncio.sleep(0.2)
        assert not one_more.done()  # the held pages fill the rest
        await asyncio.wait_for(one_more, 60)  # the worker answers: a place is free
        await asyncio.gather(*held)

    pool = ExtractionPool(1, timeout=60)
    try:
        asyncio.run(crawl_side(pool))
    finally:
        pool.shutdown()


def test_a_pool_stopped_before_its_workers_are_ready_prints_no_traceback() -> None:
    """Regression (a QA pass): a crawl of an unreachable site ends within a second, before
    the workers' READY is read; closing then resets their connection, and each worker
    printed a ConnectionResetError traceback on the crawl's stderr."""
    script = (
        "import time\n"
        "from crawler.crawl.extract_pool import start_pool\n"
        "pool = start_pool(2)\n"
        "time.sleep(3)\n"  # the workers are ready and have written READY, which nobody reads
        "pool.shutdown()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
