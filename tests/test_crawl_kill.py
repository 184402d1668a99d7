"""SIGKILL at any moment loses no stored article and leaves store and index consistent; the
next run finishes the job without storing anything twice. A killed lock holder frees the lock."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from crawler.store import ArticleStore
from indexer.index import ArticleIndex
from tests.conftest import run_cli
from tests.news_factory import (
    FaultServer,
    NewsSite,
    presswatch,
    site_config,
    stored_count,
    wait_for,
)

pytestmark = pytest.mark.slow  # real crawls in subprocesses, killed with SIGKILL

TOTAL = 150
BATCH = 50  # index_batch_size: the crawl indexes after every 50 stored articles


def _article_requests(server: FaultServer) -> int:
    return server.request_count("/world/")


def _check_consistent(config: Path, data: Path) -> tuple[int, int]:
    """Store and index agree once `presswatch index` has run; no URL is stored twice.
    Returns (stored rows, documents the index held before `presswatch index`)."""
    connection = sqlite3.connect(f"file:{data / 'articles.sqlite3'}?mode=ro", uri=True)
    rows, urls = connection.execute("SELECT count(*), count(DISTINCT url) FROM articles").fetchone()
    (revisions,) = connection.execute("SELECT count(*) FROM revisions").fetchone()
    connection.close()
    assert rows == urls and revisions == 0  # nothing stored twice, nothing overwritten
    documents = ArticleIndex.open(data / "index", create=True).doc_count()
    assert documents <= rows
    indexed = run_cli("--config", str(config), "--data", str(data), "index")
    assert indexed.returncode == 0, indexed.stderr
    assert ArticleIndex.open(data / "index").doc_count() == rows
    return int(rows), documents


def _index_writer_active(data: Path) -> bool:
    """True while a process holds the Whoosh write lock (seen in /proc/locks, not taken)."""
    lock = data / "index" / "MAIN_WRITELOCK"
    try:
        inode = lock.stat().st_ino
        table = Path("/proc/locks").read_text()
    except OSError:
        return False
    return any(
        line.split()[1] == "FLOCK" and line.split()[5].endswith(f":{inode}")
        for line in table.splitlines()
        if len(line.split()) > 5
    )


def test_sigkill_at_any_moment_loses_nothing_and_the_next_run_finishes(tmp_path: Path) -> None:
    site = NewsSite(count=TOTAL)
    # A little latency on article pages spreads the crawl over a few seconds.
    with FaultServer(site.build, delays={"/world/": 0.02}) as server:
        config = tmp_path / "sites.toml"
        config.write_text(site_config({"factory": server.base_url}), encoding="utf-8")
        data = tmp_path / "data"
        moments: dict[str, Callable[[int, int], bool]] = {
            # article pages are being downloaded, nothing stored yet by this run
            "downloading": lambda requests, stored: _article_requests(server) > requests,
            "first article stored": lambda requests, stored: stored_count(data) > stored,
            # the batch of 50 is being committed to the index (its write lock is held)
            "indexing": lambda requests, stored: _index_writer_active(data),
            "mid-crawl": lambda requests, stored: stored_count(data) >= stored + 40,
        }
        history = []
        for moment, condition in moments.items():
            requests, before = _article_requests(server), stored_count(data)
            process = presswatch(config, data, "crawl")
            reached = wait_for(partial(condition, requests, before), step=0.005)
            process.send_signal(signal.SIGKILL)
            process.communicate(timeout=30)
            assert reached and process.returncode == -signal.SIGKILL, moment
            after, documents = _check_consistent(config, data)
            history.append((moment, before, after, documents))
            assert before <= after < TOTAL, history
        assert history[2][3] < history[2][2]  # killed before the batch reached the index
        final = run_cli("--config", str(config), "--data", str(data), "crawl", "--json")
        assert final.returncode == 0, final.stderr[-3000:]
        assert json.loads(final.stdout)["sites"][0]["new"] == TOTAL - history[-1][2], history
        assert _check_consistent(config, data) == (TOTAL, TOTAL)
        with ArticleStore.open(data, create=False) as store:
            assert store.pending_count() == 0
        print("kill points (moment, stored before, stored after, indexed after):", history)


def test_sigkill_during_reindex_keeps_the_old_index(tmp_path: Path) -> None:
    total = TOTAL
    with FaultServer(NewsSite(count=total).build) as server:
        config = tmp_path / "sites.toml"
        config.write_text(site_config({"factory": server.base_url}), encoding="utf-8")
        data = tmp_path / "data"
        assert run_cli("--config", str(config), "--data", str(data), "crawl").returncode == 0
    index_dir = data / "index"
    process = presswatch(config, data, "reindex")
    # The new index is built in a sibling directory: kill once it has segment files.
    assert wait_for(lambda: any(p.name != "index" for p in data.glob(".index.rebuild-*/*")))
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert ArticleIndex.open(index_dir).doc_count() == total
    search = run_cli("--config", str(config), "--data", str(data), "search", "*", "--json")
    assert json.loads(search.stdout)["total"] == total
    again = run_cli("--config", str(config), "--data", str(data), "reindex")
    assert again.returncode == 0, again.stderr
    assert ArticleIndex.open(index_dir).doc_count() == total


HOLD_LOCK = """
import sys, time
from pathlib import Path
from crawler.store.lock import DataLock
DataLock(Path(sys.argv[1]), "test holder").acquire()
print("held", flush=True)
time.sleep(600)
"""


def test_the_lock_of_a_killed_holder_is_taken_over(tmp_path: Path) -> None:
    with FaultServer(NewsSite(count=3).build) as server:
        config = tmp_path / "sites.toml"
        config.write_text(site_config({"factory": server.base_url}), encoding="utf-8")
        data = tmp_path / "data"
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLD_LOCK, str(data)], stdout=subprocess.PIPE, text=True
        )
        try:
            assert holder.stdout is not None and holder.stdout.readline() == "held\n"
            locked = run_cli("--config", str(config), "--data", str(data), "crawl")
            assert locked.returncode == 3
            assert f"pid {holder.pid}, test holder" in locked.stderr
            assert locked.stderr.count("\n") == 1
        finally:
            holder.send_signal(signal.SIGKILL)
            holder.wait(timeout=30)
        # The lock file is still there, naming the dead holder: it is taken over at once.
        assert f"pid {holder.pid}" in (data / "presswatch.lock").read_text()
        crawl = run_cli("--config", str(config), "--data", str(data), "crawl")
        assert crawl.returncode == 0, crawl.stderr
        assert stored_count(data) == 3


def test_a_crawl_runs_no_remote_code_server_and_leaves_no_token(tmp_path: Path) -> None:
    """Scrapy 2.19's RemoteControl runs Python code posted to a localhost port, its token in a
    job file under the user's state folder (kept when the crawl is killed): never in a crawl."""
    state = tmp_path / "state"
    with FaultServer(NewsSite(count=40).build, delays={"/world/": 0.02}) as server:
        config = tmp_path / "sites.toml"
        config.write_text(site_config({"factory": server.base_url}), encoding="utf-8")
        data = tmp_path / "data"
        process = presswatch(config, data, "crawl", env={"XDG_STATE_HOME": str(state)})
        reached = wait_for(lambda: stored_count(data) >= 5, step=0.005)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
    assert reached
    assert not list(state.glob("**/*.json")), "a job file with a remote-control token"
