"""The whole path, for real: crawl a fixture site over HTTP, then search, export, show, sites
(the crawl in a subprocess, as a user runs it; the commands that read the archive in-process)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.demo.site import DEMO_ARTICLES
from crawler.store import ArticleStore
from tests.conftest import FIXTURE_SITE_ID, CrawledArchive
from tests.fixture_site import FIXTURE_EXTRAS, SECRET_PLAN

pytestmark = pytest.mark.slow  # every test reads the archive of the session's real crawl

SOFT_POWER = "/world/2025/05/05/china-soft-power-rises.html"
SOFT_COMMODITIES = "/business/2025/06/12/soft-commodities-heatwave.html"
RUANSHILI = "/zh/2025/05/05/ruanshili-tisheng.html"
RUAN_AND_SHILI_APART = "/zh/2025/03/12/zhongou-dianche-tanpan.html"


def paths_of(hits: list[dict[str, object]]) -> set[str]:
    return {urlsplit(str(hit["url"])).path for hit in hits}


def search_json(crawled: CrawledArchive, *args: str) -> dict[str, object]:
    result = crawled.invoke("search", *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_crawl_stores_every_article_once_and_reports(crawled: CrawledArchive) -> None:
    assert crawled.result.returncode == 0, crawled.result.stderr + crawled.result.stdout
    expected = len(DEMO_ARTICLES) + len(FIXTURE_EXTRAS.articles)
    assert f"{FIXTURE_SITE_ID}" in crawled.result.stdout
    assert f"{expected} new" in crawled.result.stdout
    assert "total: 1 sites" in crawled.result.stdout
    with ArticleStore.open(crawled.data, create=False) as store:
        assert store.count() == expected
        assert store.pending_count() == 0  # everything stored was indexed


def test_politeness_and_traps(crawled: CrawledArchive) -> None:
    requested = set(crawled.requests)
    assert "/robots.txt" in requested
    assert SECRET_PLAN.path not in requested  # robots.txt disallows /private/
    assert FIXTURE_EXTRAS.redirect in requested and FIXTURE_EXTRAS.missing in requested
    assert FIXTURE_EXTRAS.tracking not in requested  # tracking parameters stripped first
    with ArticleStore.open(crawled.data, create=False) as store:
        urls = {urlsplit(a.url).path for batch in store.all_articles() for a, _ in batch}
        gbk = next(
            a for b in store.all_articles() for a, _ in b if a.url.endswith(FIXTURE_EXTRAS.gbk)
        )
        cp1252 = next(
            a for b in store.all_articles() for a, _ in b if a.url.endswith(FIXTURE_EXTRAS.cp1252)
        )
    assert not any(u.startswith("/print/") for u in urls)  # print copy stored as its canonical
    assert FIXTURE_EXTRAS.redirect_target in urls
    assert FIXTURE_EXTRAS.articles[0].body[0][:20] in gbk.body  # GBK decoded right
    assert "café" in cp1252.body and gbk.language == "zh"


def test_log_and_run_history_are_written(crawled: CrawledArchive) -> None:
    assert (crawled.data / "logs" / "crawl.log").stat().st_size > 0
    (line,) = (crawled.data / "runs.jsonl").read_text(encoding="utf-8").splitlines()
    run = json.loads(line)
    assert run["ok"] is True and run["sites"][0]["errors"] >= 1  # the 404


def test_search_finds_what_it_should_and_not_what_it_should_not(crawled: CrawledArchive) -> None:
    found = search_json(crawled, '"soft power" AND china', "--limit", "50")
    paths = paths_of(found["hits"])  # type: ignore[arg-type]
    assert SOFT_POWER in paths
    assert SOFT_COMMODITIES not in paths
    assert found["total"] == len(found["hits"])  # type: ignore[arg-type]
    hit = found["hits"][0]  # type: ignore[index]
    assert {"url", "title", "site", "published", "score", "snippet"} <= set(hit)
    assert hit["score"] is not None


def test_chinese_word_is_a_phrase(crawled: CrawledArchive) -> None:
    paths = paths_of(search_json(crawled, "软实力", "--limit", "50")["hits"])  # type: ignore[arg-type]
    assert RUANSHILI in paths
    assert RUAN_AND_SHILI_APART not in paths


def test_dates_sort_and_day_filters(crawled: CrawledArchive) -> None:
    newest = search_json(crawled, "*", "--sort", "newest", "--limit", "100")
    days = [str(hit["published"])[:10] for hit in newest["hits"]]  # type: ignore[union-attr]
    assert days == sorted(days, reverse=True)
    assert all(hit["score"] is None for hit in newest["hits"])  # type: ignore[union-attr]
    may = search_json(crawled, "*", "--since", "2025-05-05", "--until", "2025-05-05")
    assert {str(h["published"])[:10] for h in may["hits"]} == {"2025-05-05"}  # type: ignore[union-attr]
    # 10:30 +08:00 on 5 May is 4 May in UTC: the outlet's own day counts.
    assert SOFT_POWER in paths_of(may["hits"])  # type: ignore[arg-type]
    assert newest["total"] == len(DEMO_ARTICLES) + len(FIXTURE_EXTRAS.articles)


def test_table_output_highlights_and_limits(crawled: CrawledArchive) -> None:
    result = crawled.invoke("search", "election", "--limit", "2")
    assert result.returncode == 0, result.stderr
    assert "matches for 'election' (showing 1-2)" in result.stdout


def test_export_writes_exactly_the_matches(crawled: CrawledArchive, tmp_path: Path) -> None:
    total = search_json(crawled, "china")["total"]
    out = tmp_path / "china.csv"
    result = crawled.invoke("export", "china", "-o", str(out))
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == total and total > 3
    assert {"url", "title", "published", "published_source", "body", "authors"} <= set(rows[0])
    assert all("china" in (r["title"] + r["body"] + r["lead"]).lower() for r in rows)
    manifest = json.loads((tmp_path / "china.csv.manifest.json").read_text(encoding="utf-8"))
    assert manifest["rows"] == total and manifest["query"] == "china"
    jsonl = tmp_path / "china.jsonl"
    assert crawled.invoke("export", "china", "-o", str(jsonl), "--limit", "2").returncode == 0
    records = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 2 and isinstance(records[0]["authors"], list)


def test_show_and_sites(crawled: CrawledArchive) -> None:
    hit = search_json(crawled, "软实力")["hits"][0]  # type: ignore[index]
    shown = crawled.invoke("show", hit["url"], "--json")
    assert shown.returncode == 0, shown.stderr
    article = json.loads(shown.stdout)
    assert article["language"] == "zh" and article["published_source"] == "json-ld"
    assert article["published"] == "2025-05-05T10:30:00+08:00"
    text = crawled.invoke("show", str(article["id"]))
    assert "published_source" not in text.stdout and "(json-ld)" in text.stdout
    sites = json.loads(crawled.invoke("sites", "--json").stdout)
    assert sites[0]["id"] == FIXTURE_SITE_ID and sites[0]["last_status"] == "ok"
    assert sites[0]["articles"] == len(DEMO_ARTICLES) + len(FIXTURE_EXTRAS.articles)


def test_try_extracts_without_storing(crawled: CrawledArchive, fixture_site: object) -> None:
    base = fixture_site.base_url  # type: ignore[attr-defined]
    result = crawled.invoke("try", base + SOFT_POWER, "--site", FIXTURE_SITE_ID, "--json")
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    assert article["title"].startswith("Second in the world!")
    assert article["published_day"] == "2025-05-05" and article["id"] is None
    missing = crawled.invoke("try", base + FIXTURE_EXTRAS.missing)
    assert missing.returncode == 1 and "HTTP 404" in missing.stderr
