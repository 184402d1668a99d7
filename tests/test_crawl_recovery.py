"""A damaged or missing index is reported and rebuilt from the store; a damaged, emptied or lost
store is reported (exit 4) and never replaced; a full disk stops the crawl cleanly."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from crawler.crawl.run import MAX_STORE_PAGES_ENV
from indexer.index import ArticleIndex
from tests.conftest import run_cli
from tests.news_factory import FaultServer, NewsSite, presswatch, site_config

pytestmark = pytest.mark.slow  # real crawls in subprocesses over damaged stores and full disks


@pytest.fixture()
def small_site() -> Iterator[FaultServer]:
    with FaultServer(NewsSite(count=12).build) as server:
        yield server


@pytest.fixture(scope="module")
def crawled_once(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[FaultServer, Path]]:
    """A 12-article site and the data directory of one crawl of it (copied by each test)."""
    root = tmp_path_factory.mktemp("crawled-once")
    with FaultServer(NewsSite(count=12).build) as server:
        _archive(root, server)
        yield server, root / "data"


def _copy_of(crawled: tuple[FaultServer, Path], tmp_path: Path) -> tuple[FaultServer, Path, Path]:
    server, data = crawled
    config = tmp_path / "sites.toml"
    config.write_text(site_config({"factory": server.base_url}), encoding="utf-8")
    shutil.copytree(data, tmp_path / "data")
    return server, config, tmp_path / "data"


def _archive(tmp_path: Path, server: FaultServer, crawl: bool = True) -> tuple[Path, Path]:
    config = tmp_path / "sites.toml"
    config.write_text(site_config({"factory": server.base_url}), encoding="utf-8")
    data = tmp_path / "data"
    if crawl:
        first = run_cli("--config", str(config), "--data", str(data), "crawl")
        assert first.returncode == 0, first.stderr
    return config, data


def _cli(config: Path, data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("--config", str(config), "--data", str(data), *args)


def _store_count(data: Path) -> int:
    connection = sqlite3.connect(f"file:{data / 'articles.sqlite3'}?mode=ro", uri=True)
    try:
        return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
    finally:
        connection.close()


def _error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("Error:")]


def test_a_damaged_index_is_reported_and_reindex_rebuilds_it(
    tmp_path: Path, small_site: FaultServer
) -> None:
    config, data = _archive(tmp_path, small_site)
    for toc in (data / "index").glob("_MAIN_*.toc"):
        toc.write_bytes(b"\x00garbage" * 50)
    search = _cli(config, data, "search", "harbour")
    assert search.returncode == 4
    assert search.stderr.count("\n") == 1 and "presswatch reindex" in search.stderr
    small_site.rebuild(NewsSite(count=15).build)  # three new articles
    crawl = _cli(config, data, "crawl")
    assert crawl.returncode == 4, crawl.stderr
    assert any(
        "cannot be read" in line and "reindex" in line for line in _error_lines(crawl.stderr)
    )
    assert _store_count(data) == 15  # the store still got the new articles
    rebuilt = _cli(config, data, "reindex")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert ArticleIndex.open(data / "index").doc_count() == 15
    found = _cli(config, data, "search", "*", "--json")
    assert json.loads(found.stdout)["total"] == 15


def test_a_segment_damaged_on_disk_is_reported_when_a_search_reads_it(
    tmp_path: Path, crawled_once: tuple[FaultServer, Path]
) -> None:
    """Regression (a QA pass): a postings file cut short opens fine and fails only as a
    search reads it, which printed Whoosh's traceback ("Block tag error")."""
    _, config, data = _copy_of(crawled_once, tmp_path)
    for postings in (data / "index").glob("*.pst"):
        postings.write_bytes(postings.read_bytes()[:64])
    for command in (("search", "harbour"), ("stats", "harbour"), ("export", "harbour")):
        out = ("-o", str(tmp_path / "out.csv")) if command[0] == "export" else ()
        result = _cli(config, data, *command, *out)
        assert result.returncode == 4, (command, result.stderr)
        (line,) = result.stderr.splitlines()
        assert line.startswith("Error: reading the search index at") and "reindex" in line
    assert _cli(config, data, "reindex").returncode == 0
    assert json.loads(_cli(config, data, "search", "harbour", "--json").stdout)["total"] > 0


def test_a_missing_index_is_not_silently_recreated_empty(
    tmp_path: Path, crawled_once: tuple[FaultServer, Path]
) -> None:
    _, config, data = _copy_of(crawled_once, tmp_path)
    shutil.rmtree(data / "index")
    for command in ("crawl", "index"):
        result = _cli(config, data, command)
        assert result.returncode == 4, result.stderr
        assert any("no search index" in line for line in _error_lines(result.stderr))
    assert _cli(config, data, "reindex").returncode == 0
    assert ArticleIndex.open(data / "index").doc_count() == 12


@pytest.mark.parametrize("damage", ["garbage", "emptied", "lost"])
def test_a_damaged_or_lost_store_is_reported_never_recreated(
    tmp_path: Path, crawled_once: tuple[FaultServer, Path], damage: str
) -> None:
    small_site, config, data = _copy_of(crawled_once, tmp_path)
    store = data / "articles.sqlite3"
    for leftover in (data / "articles.sqlite3-wal", data / "articles.sqlite3-shm"):
        leftover.unlink(missing_ok=True)
    content = {"garbage": b"this is not a database " * 500, "emptied": b""}.get(damage)
    if content is None:
        store.unlink()
    else:
        store.write_bytes(content)
    mark = len(small_site.requests)
    result = _cli(config, data, "crawl")
    assert result.returncode == 4
    (line,) = _error_lines(result.stderr)
    assert str(store) in line or "no article store" in line
    assert len(small_site.requests) == mark  # nothing was crawled
    if content is None:
        assert not store.exists()
    else:
        assert store.read_bytes() == content


@contextmanager
def _small_disk(path: Path, size: str) -> Iterator[None]:
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


@pytest.mark.parametrize("how", ["tmpfs", "max_page_count"])
def test_a_full_disk_stops_the_crawl_and_keeps_what_was_stored(tmp_path: Path, how: str) -> None:
    """A real full disk (a 768 kB tmpfs, when this machine lets us mount one: root only), and
    SQLite's own "database or disk is full" through PRAGMA max_page_count, which runs
    anywhere."""
    total = 120
    with FaultServer(NewsSite(count=total).build) as server:
        config, _ = _archive(tmp_path, server, crawl=False)
        data = tmp_path / "disk" / "data"
        disk = _small_disk(tmp_path / "disk", "768k") if how == "tmpfs" else _noop()
        with disk:
            env = {MAX_STORE_PAGES_ENV: "100"} if how != "tmpfs" else None
            process = presswatch(config, data, "crawl", env=env)
            _, err = process.communicate(timeout=240)
            assert process.returncode == 4, err[-3000:]
            (line,) = [x for x in _error_lines(err) if "could not be written" in x]
            assert "everything stored before this is kept" in line
            stored = _store_count(data)
            assert 0 < stored < total
            connection = sqlite3.connect(f"file:{data / 'articles.sqlite3'}?mode=ro", uri=True)
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            connection.close()
            if how == "tmpfs":
                subprocess.run(["mount", "-o", "remount,size=64m", str(tmp_path / "disk")])
            else:
                moved = tmp_path / "data-moved"
                shutil.copytree(data, moved)
                data = moved
            again = run_cli("--config", str(config), "--data", str(data), "crawl", "--json")
            assert again.returncode == 0, again.stderr[-3000:]
            assert json.loads(again.stdout)["sites"][0]["new"] == total - stored
            assert _store_count(data) == total
            assert ArticleIndex.open(data / "index").doc_count() == total


@contextmanager
def _noop() -> Iterator[None]:
    yield
