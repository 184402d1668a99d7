"""Helpers of the cluster tests: sites with a [cluster] config, workers, ingest, the archive."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

from indexer.index import ArticleIndex
from tests.news_factory import FaultServer, NewsSite, presswatch, site_config, wait_for


def cluster_config(
    path: Path, servers: dict[str, FaultServer], redis_url: str, defaults: str = ""
) -> Path:
    """A sites.toml crawling `servers` whose [cluster] is the test's Redis."""
    text = site_config({site: server.base_url for site, server in servers.items()}, defaults)
    text += f'\n[cluster]\nredis_url = "{redis_url}"\nheartbeat = 2\njob_timeout = 300\n'
    path.write_text(text, encoding="utf-8")
    return path


@contextlib.contextmanager
def news_servers(
    counts: dict[str, int], delays: dict[str, float] | None = None
) -> Iterator[dict[str, FaultServer]]:
    """One generated site per id, stories numbered apart so that no two sites share one."""
    with contextlib.ExitStack() as stack:
        yield {
            site: stack.enter_context(
                FaultServer(NewsSite(count=count, first=1000 * n).build, delays=delays)
            )
            for n, (site, count) in enumerate(counts.items())
        }


def start_worker(config: Path, work_dir: Path, name: str) -> subprocess.Popen[str]:
    """`presswatch worker` in a session of its own (killed with its whole process group)."""
    return presswatch(config, work_dir, "worker", "--name", name, start_new_session=True)


def kill_group(process: subprocess.Popen[str], signum: int = signal.SIGKILL) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.communicate(timeout=30)


def finish(process: subprocess.Popen[str], timeout: float = 240) -> tuple[int, str, str]:
    """Wait for a process; its exit code, stdout and stderr (killed when it takes longer)."""
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(process)
        out, err = process.communicate()
        return -1, out, f"timed out after {timeout} s\n{err}"
    return process.returncode, out, err


def archive(data: Path) -> set[tuple[str, ...]]:
    """Every stored article as (site, url, title, body, published_utc, language, hash)."""
    connection = sqlite3.connect(f"file:{data / 'articles.sqlite3'}?mode=ro", uri=True)
    try:
        rows = connection.execute(
            "SELECT site, url, title, body, published_utc, language, content_hash FROM articles"
        ).fetchall()
    finally:
        connection.close()
    return {tuple(str(value) for value in row) for row in rows}


def check_consistent(data: Path) -> int:
    """No URL stored twice, nothing overwritten, the index holds every row; the row count."""
    connection = sqlite3.connect(f"file:{data / 'articles.sqlite3'}?mode=ro", uri=True)
    try:
        rows, urls = connection.execute(
            "SELECT count(*), count(DISTINCT url) FROM articles"
        ).fetchone()
        (revisions,) = connection.execute("SELECT count(*) FROM revisions").fetchone()
        (pending,) = connection.execute(
            "SELECT count(*) FROM articles WHERE indexed_version < version"
        ).fetchone()
    finally:
        connection.close()
    assert rows == urls and revisions == 0 and pending == 0, (rows, urls, revisions, pending)
    assert ArticleIndex.open(data / "index").doc_count() == rows
    return int(rows)


def runs(data: Path) -> list[tuple[str, str]]:
    """(site, summary JSON) of every saved run."""
    connection = sqlite3.connect(f"file:{data / 'articles.sqlite3'}?mode=ro", uri=True)
    try:
        return [(str(s), str(j)) for s, j in connection.execute("SELECT site, summary FROM runs")]
    finally:
        connection.close()


__all__ = ["wait_for"]
