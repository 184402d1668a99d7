"""`presswatch reextract`: stored raw HTML re-read by today's extractor, store and index updated."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
from collections.abc import Callable
from pathlib import Path

from crawler.extract import extract_article
from crawler.store import STORE_FILENAME, ArticleStore
from crawler.store.duplicates import link_article
from tests.conftest import invoke_cli

PAGES = Path(__file__).parent / "pages"
CCTV_URL = "https://english.cctv.com/2025/05/05/ARTIxG6hN8ZqLrLw0zYbJfGm250505.shtml"


def stale_archive(data: Path) -> None:
    """An archive as an older extractor left it: a wrong title, no date, one page without HTML."""
    html = (PAGES / "cctv_soft_power.html").read_text(encoding="utf-8")
    article = extract_article(html, CCTV_URL)
    article.site = "cctv-english"
    article.title, article.title_source = "Second in the world!_CCTV.com English", "title"
    article.published = article.published_utc = article.published_day = None
    article.published_raw = article.published_source = article.published_precision = ""
    wire = extract_article(
        (PAGES / "jsonld_wire_story.html").read_text(encoding="utf-8"),
        "https://www.dailyledger.test/business/rates",
    )
    with ArticleStore.open(data) as store:
        store.save(article, html)
        store.save(wire)  # no raw HTML kept: cannot be re-extracted


def test_reextract_fixes_stored_articles_and_the_index(tmp_path: Path) -> None:
    data = tmp_path / "data"
    stale_archive(data)
    assert invoke_cli("--data", str(data), "index").returncode == 0
    result = invoke_cli("--data", str(data), "--config", str(tmp_path / "none.toml"), "reextract")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("re-extracted 1 articles: 1 changed (")
    assert "title 1" in result.stdout and "published 1" in result.stdout
    assert result.stdout.rstrip().endswith("1 skipped; 1 re-indexed")
    with ArticleStore.open(data) as store:
        fixed = store.get_by_url(CCTV_URL)
    assert fixed is not None
    assert fixed.title == "Second in the world! China's soft power is rapidly improving"
    assert fixed.published_day is not None and fixed.published_day.isoformat() == "2025-05-05"
    revisions = sqlite3.connect(data / STORE_FILENAME).execute("SELECT count(*) FROM revisions")
    assert revisions.fetchone()[0] == 1  # the old version is kept
    found = json.loads(invoke_cli("--data", str(data), "search", "title:rapidly", "--json").stdout)
    assert found["total"] == 1
    again = invoke_cli("--data", str(data), "--config", str(tmp_path / "none.toml"), "reextract")
    assert "1 articles: 0 changed, 1 skipped; 0 re-indexed" in again.stdout


def test_a_body_fixed_by_reextract_joins_its_syndicated_copies(tmp_path: Path) -> None:
    html = (PAGES / "cctv_soft_power.html").read_text(encoding="utf-8")
    full = extract_article(html, CCTV_URL)
    cut = extract_article(html, CCTV_URL)
    cut.body = cut.body.split("\n\n")[0]  # an old extractor kept one paragraph only
    cut.content_hash = "old"
    copy = extract_article(html, "https://wire.example/soft-power-copy")
    copy.url = copy.url_original = "https://wire.example/soft-power-copy"
    copy.body = full.body.replace("this week", "on Monday")
    copy.content_hash = "copy"
    data = tmp_path / "data"
    with ArticleStore.open(data) as store:
        store.save(cut, html)
        link_article(store, store.save(copy).article_id, 0.5)  # as a crawl does
    result = invoke_cli("--data", str(data), "--config", str(tmp_path / "none.toml"), "reextract")
    assert result.returncode == 0, result.stderr
    groups = (
        sqlite3.connect(data / STORE_FILENAME)
        .execute("SELECT url, duplicate_group FROM articles ORDER BY id")
        .fetchall()
    )
    assert groups[0][1] and groups[0][1] == groups[1][1], groups


def test_worker_processes_and_this_process_reextract_alike(tmp_path: Path) -> None:
    from crawler.reextract import reextract

    reports, seen = [], []
    for workers in (2, 0):
        data = tmp_path / f"data-{workers}"
        stale_archive(data)
        with ArticleStore.open(data) as store:
            progress: list[tuple[int, int, int]] = []
            report = reextract(store, None, progress=_recorder(progress), workers=workers)
            fixed = store.get_by_url(CCTV_URL)
        assert fixed is not None
        reports.append((report.checked, report.changed, report.skipped, dict(report.fields)))
        seen.append((fixed.title, fixed.published_day, fixed.body))
        assert progress and progress[-1][:2] == (2, 2)  # both stored articles, of 2
        assert (progress[-1][2] >= 1) == (workers > 0)  # extraction ran in worker processes
    assert reports[0] == reports[1] and reports[0][:3] == (1, 1, 1)
    assert seen[0] == seen[1]


def _recorder(calls: list[tuple[int, int, int]]) -> Callable[[int, int], None]:
    """Records (done, total, worker processes alive) at each progress call."""
    return lambda done, total: calls.append((done, total, len(multiprocessing.active_children())))


def test_reextract_reads_the_paywall_of_articles_stored_before_it_was_read(
    tmp_path: Path,
) -> None:
    """Unknown (null) until reextract; then --paywalled no finds the article."""
    data = tmp_path / "data"
    html = (PAGES / "cctv_soft_power.html").read_text(encoding="utf-8")
    article = extract_article(html, CCTV_URL)
    article.site = "cctv-english"
    article.paywalled, article.paywalled_source = None, ""
    with ArticleStore.open(data) as store:
        store.save(article, html)
    args = ("--data", str(data), "--config", str(tmp_path / "none.toml"))
    assert invoke_cli(*args, "index").returncode == 0
    for choice in ("yes", "no"):
        assert invoke_cli(*args, "search", "*", "--paywalled", choice, "--count").stdout == "0\n"
    result = invoke_cli(*args, "reextract")
    assert result.returncode == 0, result.stderr
    assert "paywalled 1" in result.stdout
    with ArticleStore.open(data) as store:
        fixed = store.get_by_url(CCTV_URL)
    assert fixed is not None and (fixed.paywalled, fixed.paywalled_source) == (False, "none found")
    assert invoke_cli(*args, "search", "*", "--paywalled", "no", "--count").stdout == "1\n"
