"""Coverage counts from a real index: periods, splits, copies counted once, CSV/JSON, PNG charts."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from crawler.model import Article
from indexer.index import ArticleIndex
from search.searcher import SearchFilters
from search.stats import coverage, period_label
from tests.conftest import invoke_cli
from tests.research_archive import ResearchArchive, build_archive


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> ResearchArchive:
    return build_archive(tmp_path_factory.mktemp("research"))


@pytest.fixture(scope="module")
def index(archive: ResearchArchive) -> ArticleIndex:
    return ArticleIndex.open(archive.data / "index")


def test_counts_per_day_week_and_month(index: ArticleIndex) -> None:
    months = coverage(index, "*", by="month")
    assert [months.label(i) for i in range(len(months.starts))] == ["2025-04", "2025-05", "2025-06"]
    assert months.totals == [2, 5, 16] and months.total == 23 and months.undated == 0
    days = coverage(index, "*", by="day")
    assert days.starts[0] == date(2025, 4, 10) and days.starts[-1] == date(2025, 6, 17)
    assert len(days.starts) == 69 and sum(days.totals) == 23  # zeros filled in between
    # The outlet's own day: 10:30 +08:00 on 5 May is 4 May in UTC.
    assert days.totals[days.starts.index(date(2025, 5, 5))] == 1
    weeks = coverage(index, "*", by="week", filters=SearchFilters(since=date(2025, 6, 1)))
    assert weeks.starts[0] == date(2025, 5, 26)  # the Monday of the week of --since
    assert period_label(date(2025, 6, 2), "week") == "2025-W23"


def test_split_by_country_and_site(index: ArticleIndex) -> None:
    by_country = coverage(index, "*", by="month", split="country")
    assert next(iter(by_country.counts)) == "GB"  # the largest series first (5 wire articles)
    assert by_country.counts["CN"] == [0, 1, 3]
    assert sum(sum(v) for v in by_country.counts.values()) == 23
    sites = coverage(index, '"soft power"', by="month", split="site")
    assert sites.counts == {"gulf-tv": [1], "state-tv": [1]}


def test_copies_counted_once_at_the_first_copy(index: ArticleIndex) -> None:
    articles = coverage(index, '"central bank" OR earthquake', by="day")
    stories = coverage(index, '"central bank" OR earthquake', by="day", collapse_duplicates=True)
    assert articles.total == 7 and stories.total == 4
    by_day = dict(zip(stories.starts, stories.totals, strict=True))
    assert by_day[date(2025, 6, 5)] == 1 and by_day[date(2025, 6, 8)] == 1


def test_undated_articles_are_reported_apart(tmp_path: Path) -> None:
    ix = ArticleIndex.open(tmp_path / "index", create=True)
    ix.add(
        [
            Article(id=1, url="u1", title="harbour", published_day=date(2025, 1, 3)),
            Article(id=2, url="u2", title="harbour"),
        ]
    )
    result = coverage(ix, "harbour")
    assert result.totals == [1] and result.undated == 1 and result.total == 2


def test_stats_command_table_csv_json(archive: ResearchArchive) -> None:
    table = invoke_cli(*archive.cli_args(), "stats", "*", "--by", "month", "--split", "country")
    assert table.returncode == 0, table.stderr
    assert "Coverage of “*” per month" in table.stdout and "█" in table.stdout
    assert "total: 23 articles" in table.stdout
    raw = invoke_cli(*archive.cli_args(), "stats", "*", "--by", "month", "--csv").stdout
    rows = list(csv.DictReader(io.StringIO(raw)))
    assert [(r["period"], r["start"], r["end"], r["count"]) for r in rows] == [
        ("2025-04", "2025-04-01", "2025-04-30", "2"),
        ("2025-05", "2025-05-01", "2025-05-31", "5"),
        ("2025-06", "2025-06-01", "2025-06-30", "16"),
    ]
    split = invoke_cli(
        *archive.cli_args(), "stats", "*", "--by", "month", "--split", "language", "--csv"
    )
    assert (
        "period,start,end,language,count" in split.stdout
        and "2025-06,2025-06-01,2025-06-30,zh,3" in split.stdout
    )
    data = json.loads(
        invoke_cli(
            *archive.cli_args(), "stats", "china", "--country", "CN", "--by", "week", "--json"
        ).stdout
    )
    assert data["filters"]["countries"] == ["CN"] and data["by"] == "week"
    assert data["total"] == sum(p["count"] for p in data["periods"]) + data["undated"]


def test_plot_writes_a_clean_png(archive: ResearchArchive, tmp_path: Path) -> None:
    from PIL import Image

    out = tmp_path / "coverage.png"
    result = invoke_cli(
        *archive.cli_args(), "stats", "*", "--by", "week", "--split", "country", "--plot", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert f"wrote the chart to {out}" in result.stderr
    with Image.open(out) as image:
        assert image.format == "PNG" and image.size == (1200, 660)
        pixels = image.convert("RGB")
        colors = pixels.getcolors(maxcolors=1 << 20) or []
        assert len(colors) > 50  # lines, legend and text, not a blank canvas
        white = max(count for count, rgb in colors if rgb == (255, 255, 255))
        assert white < 0.97 * image.size[0] * image.size[1]
    single = tmp_path / "one.png"
    ok = invoke_cli(
        *archive.cli_args(), "stats", "central bank", "--by", "month", "--plot", str(single)
    )
    assert ok.returncode == 0 and single.stat().st_size > 5000


def test_plot_without_matplotlib_says_which_extra_to_install(
    archive: ResearchArchive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` now fails
    out = tmp_path / "coverage.png"
    result = invoke_cli(*archive.cli_args(), "stats", "*", "--plot", str(out))
    assert result.returncode == 2
    assert result.stderr == "Error: charts need matplotlib: pip install 'presswatch[plot]'\n"
    assert result.stdout == "" and not out.exists()  # refused before any work


def test_stats_errors_are_one_line(archive: ResearchArchive, tmp_path: Path) -> None:
    bad = invoke_cli(*archive.cli_args(), "stats", '"unclosed', "--by", "day")
    assert bad.returncode == 2 and bad.stderr.startswith("Error: bad query: unclosed quote")
    nowhere = invoke_cli(
        *archive.cli_args(), "stats", "*", "--plot", str(tmp_path / "missing" / "x.png")
    )
    assert nowhere.returncode == 4 and nowhere.stderr.count("\n") == 1
