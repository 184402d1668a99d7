"""An import killed half-way (SIGKILL) and run again stores every article once."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.demo.site import DEMO_ARTICLES, Page
from tests.conftest import run_cli
from tests.fixture_site import build_fixture_site
from tests.test_warc_import import CAPTURED, warc_config
from tests.warc_files import BASE_URL, Entry, write_warc

pytestmark = pytest.mark.slow
COPIES = 4


def _count(data: Path, sql: str) -> int:
    try:
        with sqlite3.connect(data / "articles.sqlite3", timeout=5) as connection:
            return int(connection.execute(sql).fetchone()[0])
    except sqlite3.Error:  # not created yet
        return 0


def _copy(page: Page, path: str, number: int) -> Entry:
    """The page under another URL (its rel=canonical too): a copy stored as its own row."""
    url = BASE_URL + path.replace(".html", f"-{number}.html")
    body = page.body.replace((BASE_URL + path).encode(), url.encode())
    return Entry(url, Page(body, page.content_type), CAPTURED)


def test_a_killed_import_run_again_stores_nothing_twice(tmp_path: Path) -> None:
    pages = build_fixture_site(BASE_URL)
    entries = [
        _copy(pages[article.path], article.path, n)
        for n in range(COPIES)
        for article in DEMO_ARTICLES
    ]
    warc = write_warc(tmp_path / "many.warc.gz", entries)
    config = tmp_path / "sites.toml"
    config.write_text(warc_config(), encoding="utf-8")
    data = tmp_path / "data"
    args = ["--config", str(config), "--data", str(data), "import-warc", str(warc), "--json"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSWATCH_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "search", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    deadline = time.monotonic() + 120
    while _count(data, "SELECT count(*) FROM articles") < 10 and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    before = _count(data, "SELECT count(*) FROM articles")
    assert 10 <= before < len(entries), "the import was not killed half-way"

    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["known"] == before  # each record already stored is passed over
    assert report["stored"]["updated"] == 0 and report["stored"]["unchanged"] == 0
    assert report["stored"]["new"] + report["stored"]["duplicate"] == len(entries) - before
    assert _count(data, "SELECT count(*) FROM articles") == len(entries)
    assert _count(data, "SELECT count(DISTINCT url) FROM articles") == len(entries)
    assert _count(data, "SELECT count(*) FROM warc_records") == len(entries)
    assert _count(data, "SELECT count(*) FROM articles WHERE indexed_version < version") == 0
