"""A crawl with `warc = true` writes what it stores to WARC files that re-import elsewhere."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from crawler.demo.server import SiteServer
from tests.conftest import fixture_config, run_cli

pytestmark = pytest.mark.slow


def _articles(data: Path) -> dict[str, tuple[str, str, str]]:
    with sqlite3.connect(data / "articles.sqlite3") as connection:
        rows = connection.execute("SELECT url, title, body, published FROM articles").fetchall()
    return {url: (title, body, published) for url, title, body, published in rows}


def test_a_crawls_warc_files_reimport_into_a_fresh_folder(
    fixture_site: SiteServer, tmp_path: Path
) -> None:
    config = tmp_path / "sites.toml"
    config.write_text(fixture_config(fixture_site.base_url, warc="true"), encoding="utf-8")
    crawled = tmp_path / "crawled"
    result = run_cli("--config", str(config), "--data", str(crawled), "crawl")
    assert result.returncode == 0, result.stderr
    files = sorted((crawled / "warc").glob("harbour-courier-*-001.warc.gz"))
    assert len(files) == 1, list((crawled / "warc").iterdir())
    with sqlite3.connect(crawled / "articles.sqlite3") as connection:
        refs = connection.execute("SELECT count(*), min(path) FROM warc_records").fetchone()
    stored = _articles(crawled)
    assert refs == (len(stored), f"warc/{files[0].name}")  # kept relative to the data folder

    fresh = tmp_path / "fresh"
    args = ("--config", str(config), "--data", str(fresh), "import-warc", str(crawled / "warc"))
    result = run_cli(*args, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["skipped"] == {} and report["dropped"] == {}
    assert _articles(fresh) == stored  # the same articles, titles, bodies and dates

    # The GBK page went through as its original bytes and headers, not re-encoded text.
    gbk = [url for url in stored if url.endswith("/zh/2025/04/02/gbk-page.html")]
    assert gbk and "龙井茶" in stored[gbk[0]][1]
    from crawler.warc.read import Capture, read_captures

    captures = [c for c in read_captures(files[0]) if isinstance(c, Capture)]
    gbk_capture = next(c for c in captures if c.url.endswith("/gbk-page.html"))
    assert "gbk" in gbk_capture.content_type  # the header as the outlet sent it
    assert "龙井茶".encode("gbk") in gbk_capture.body  # the bytes as sent, not re-encoded
