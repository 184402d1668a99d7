"""`presswatch search` run in-process against a real archive: filters, pages, output forms."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from indexer.index import ArticleIndex
from indexer.schema import build_schema
from search.query import QuerySyntaxError, flag_span, parse_query
from search.searcher import SearchFilters, search
from tests.conftest import invoke_cli
from tests.research_archive import ResearchArchive, build_archive


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> ResearchArchive:
    return build_archive(tmp_path_factory.mktemp("research"))


@pytest.fixture(scope="module")
def index(archive: ResearchArchive) -> ArticleIndex:
    return ArticleIndex.open(archive.data / "index")


def cli(archive: ResearchArchive, *args: str) -> Any:
    result = invoke_cli(*archive.cli_args(), *args)
    assert result.returncode == 0, result.stderr
    return result


def found(archive: ResearchArchive, *args: str) -> dict[str, Any]:
    return json.loads(cli(archive, "search", *args, "--json").stdout)  # type: ignore[no-any-return]


def sites(archive: ResearchArchive, *args: str) -> set[str]:
    return {hit["site"] for hit in found(archive, *args, "--limit", "100")["hits"]}


def test_json_shape_and_collapsed_copies(archive: ResearchArchive) -> None:
    result = found(archive, '"central bank"')
    assert set(result) == {"query", "total", "groups", "page", "hits"}
    assert result["total"] == 4 and result["groups"] == 2  # 3 copies of the wire story + 1
    hit = result["hits"][0]
    assert set(hit) == {
        "id", "url", "title", "site", "published", "score", "snippet", "copies",
        "duplicate_group",
    }  # fmt: skip
    assert sorted(h["copies"] for h in result["hits"]) == [1, 3]
    every = found(archive, '"central bank"', "--no-collapse-duplicates")
    assert every["total"] == 4 and every["groups"] is None and len(every["hits"]) == 4
    assert {h["copies"] for h in every["hits"]} == {1}
    group = next(h["duplicate_group"] for h in result["hits"] if h["copies"] == 3)
    assert sum(h["duplicate_group"] == group for h in every["hits"]) == 3


def test_table_shows_copies(archive: ResearchArchive) -> None:
    out = cli(archive, "search", '"central bank"').stdout
    assert "4 matches for '\"central bank\"' in 2 stories (copies collapsed)" in out
    assert "3 copies" in out


def test_pages_jsonl_and_count(archive: ResearchArchive) -> None:
    every = [h["id"] for h in found(archive, "*", "--sort", "oldest", "--limit", "100")["hits"]]
    second = found(archive, "*", "--sort", "oldest", "--limit", "3", "--page", "2")
    assert [h["id"] for h in second["hits"]] == every[3:6] and second["page"] == 2
    lines = cli(archive, "search", "*", "--sort", "oldest", "--limit", "4", "--jsonl").stdout
    records = [json.loads(line) for line in lines.splitlines()]
    assert [r["id"] for r in records] == every[:4]
    assert cli(archive, "search", "*", "--count").stdout == "23\n"
    assert cli(archive, "search", "*", "--count", "--lang", "zh").stdout == "3\n"
    beyond = found(archive, "*", "--page", "50")
    assert beyond["hits"] == [] and beyond["total"] == 23
    both = invoke_cli(*archive.cli_args(), "search", "*", "--json", "--count")
    assert both.returncode == 2 and "choose one of --json, --jsonl and --count" in both.stderr


def test_source_metadata_filters(archive: ResearchArchive) -> None:
    assert sites(archive, "*", "--country", "cn") == {"xinhua-zh", "portal-zh", "state-tv"}
    # How do foreign state-affiliated broadcasters cover soft power? One query.
    assert sites(archive, '"soft power"', "--media-type", "broadcaster", "--state-affiliated") == {
        "state-tv",
        "gulf-tv",
    }
    assert "wire" in sites(archive, "*", "--not-state-affiliated")


@pytest.mark.parametrize(
    ("query", "filters", "expected"),
    [
        ("country:GB", SearchFilters(), {"wire"}),
        ("*", SearchFilters(media_types=["broadcaster"]), {"state-tv", "gulf-tv"}),
        ("media:agency", SearchFilters(), {"wire", "xinhua-zh"}),
        ("*", SearchFilters(state_affiliated=True), {"xinhua-zh", "state-tv", "gulf-tv"}),
        ('owner:"state media group"', SearchFilters(), {"state-tv"}),
        ("site_tags:regional", SearchFilters(), {"courier"}),
        ('"soft power" AND state:yes AND NOT country:CN', SearchFilters(), {"gulf-tv"}),
        ("*", SearchFilters(countries=["CN"], state_affiliated=False), {"portal-zh"}),
    ],
)
def test_source_fields_and_filters(
    index: ArticleIndex, query: str, filters: SearchFilters, expected: set[str]
) -> None:
    hits = search(index, query, filters, limit=None).hits
    assert {hit.site for hit in hits} == expected


def test_since_until_months_and_relative_days(archive: ResearchArchive) -> None:
    may = found(archive, "*", "--since", "2025-05", "--until", "2025-05", "--limit", "100")
    days = {h["published"][:7] for h in may["hits"]}
    assert days == {"2025-05"} and may["total"] == 5
    assert found(archive, "*", "--since", "2025-06-14", "--until", "2025-06-14")["total"] == 3
    assert found(archive, "*", "--since", "last week")["total"] == 0  # the archive is of 2025
    bad = invoke_cli(*archive.cli_args(), "search", "*", "--since", "someday")
    assert bad.returncode == 2 and bad.stderr.startswith("Error: --since: 'someday' is not a")
    assert bad.stderr.count("\n") == 1
    backwards = invoke_cli(
        *archive.cli_args(), "search", "*", "--since", "2025-06", "--until", "2025-05"
    )
    assert backwards.returncode == 2
    assert backwards.stderr == "Error: --since 2025-06-01 is after --until 2025-05-31\n"


def test_relative_spans() -> None:
    today = date(2025, 6, 4)  # a Wednesday
    assert flag_span("2025-05", today) == (date(2025, 5, 1), date(2025, 5, 31))
    assert flag_span("2024-02", today) == (date(2024, 2, 1), date(2024, 2, 29))
    assert flag_span("yesterday", today) == (date(2025, 6, 3),) * 2
    assert flag_span("last week", today) == (date(2025, 5, 26), date(2025, 6, 1))
    assert flag_span("this week", today) == (date(2025, 6, 2), date(2025, 6, 8))
    assert flag_span("Last  Month", today) == (date(2025, 5, 1), date(2025, 5, 31))
    assert flag_span("3 days ago", today) == (date(2025, 6, 1),) * 2
    assert flag_span("13 months ago", today) == (date(2024, 5, 1), date(2024, 5, 31))
    assert flag_span("last year", today) == (date(2024, 1, 1), date(2024, 12, 31))
    with pytest.raises(ValueError, match="'next week' is not a date"):
        flag_span("next week", today)


@pytest.mark.parametrize(
    ("query", "site"),
    [
        ("软实力", None),
        ("洪涝灾害", "xinhua-zh"),
        ("转移 群众", "portal-zh"),
        ("東京タワー", "tokyo-daily"),
        ("観光客", "tokyo-daily"),
        ("지하철", "seoul-herald"),
        ("요금 인상", "seoul-herald"),
        ("Sao Paulo", "folha"),
        ("ÉLÈVES", "lemonde"),
        ("ecole", "lemonde"),
        ("author:souza", "folha"),
        ("earthquakes", "wire"),
    ],
)
def test_multilingual_queries(index: ArticleIndex, query: str, site: str | None) -> None:
    hits = search(index, query, limit=None).hits
    if site is None:
        assert hits == []
    else:
        assert site in {h.site for h in hits}


def test_proximity_and_wildcards(index: ArticleIndex) -> None:
    def found_sites(query: str) -> set[str]:
        return {hit.site for hit in search(index, query, limit=None).hits}

    assert found_sites('"soft power"~2 AND football') == {"gulf-tv"}
    assert found_sites("sportswash*") == {"gulf-tv"}
    assert found_sites("title:(tower OR タワー)") == {"tokyo-daily"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country:", 'missing search term after "country:" at position 1'),
        ("state:maybe", '"state_affiliated:maybe" takes true or false at position 1'),
        ('state:"yes"', "state_affiliated takes true or false"),
        ("colour:red", 'unknown field "colour" at position 1'),
        ('"soft power', "unclosed quote at position 1"),
    ],
)
def test_source_field_errors(query: str, expected: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(query, build_schema())
    assert expected in str(caught.value) and "\n" not in str(caught.value)


def test_bad_query_on_the_command_line(archive: ResearchArchive) -> None:
    result = invoke_cli(*archive.cli_args(), "search", "published:[2025-01-01 TO tomorrow]")
    assert result.returncode == 2
    assert result.stderr == (
        'Error: bad query: bad date "tomorrow" at position 1 in: '
        "published:[2025-01-01 TO tomorrow]; dates are YYYY-MM-DD, YYYY-MM or YYYY\n"
    )


def test_search_starts_without_the_heavy_libraries() -> None:
    import subprocess
    import sys

    heavy = ("matplotlib", "pyarrow", "datasketch", "numpy", "scrapy", "jieba")
    code = (
        "import sys; from search.cli import cli; "
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(heavy)!r}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("command", ["search", "stats", "export"])
def test_a_site_neither_stored_nor_configured_is_refused_not_counted_as_zero(
    archive: ResearchArchive, tmp_path: Path, command: str
) -> None:
    """Regression (a QA pass): '--site heraldd' (a typo) gave 0 matches with exit 0, which
    reads as a site without coverage."""
    out = ("-o", str(tmp_path / "x.csv")) if command == "export" else ()
    typo = invoke_cli(*archive.cli_args(), command, "bank", "--site", "wirre", *out)
    assert typo.returncode == 2
    assert "no site with id 'wirre' in the archive or the config" in typo.stderr
    assert "courier, daily-post" in typo.stderr  # the sites there are


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--lang", "english", "no article in language 'english'"),
        ("--country", "UK", "in country 'UK'"),
    ],
)
def test_a_language_or_country_neither_stored_nor_configured_is_refused(
    archive: ResearchArchive, option: str, value: str, said: str
) -> None:
    """Regression (a QA pass): '--lang xx' gave 0 matches with exit 0."""
    typo = invoke_cli(*archive.cli_args(), "search", "bank", option, value)
    assert typo.returncode == 2
    assert said in typo.stderr and "in the archive or the config" in typo.stderr
    assert ("en, " if option == "--lang" else "GB, ") in typo.stderr  # what is there


def test_a_configured_site_without_matches_is_zero_and_a_bad_media_type_is_refused(
    archive: ResearchArchive,
) -> None:
    config = archive.config.read_text(encoding="utf-8")
    archive.config.write_text(
        config + '\n[[site]]\nid = "new-outlet"\nname = "New"\ndomains = ["new.example"]\n'
        'feeds = ["https://new.example/rss"]\nlanguage = "fr"\ncountry = "FR"\n',
        encoding="utf-8",
    )
    try:
        quiet = invoke_cli(*archive.cli_args(), "search", "bank", "--site", "new-outlet")
        assert quiet.returncode == 0, quiet.stderr
        assert quiet.stdout.startswith("0 matches")
        for option, value in (("--lang", "fr"), ("--country", "FR")):
            none_yet = invoke_cli(*archive.cli_args(), "search", "bank", option, value)
            assert none_yet.returncode == 0 and none_yet.stdout.startswith("0 matches")
    finally:
        archive.config.write_text(config, encoding="utf-8")
    tv = invoke_cli(*archive.cli_args(), "search", "bank", "--media-type", "tv")
    assert tv.returncode == 2 and "'tv' is not one of" in tv.stderr


@pytest.mark.parametrize("command", [("runs",), ("reextract",)])
def test_runs_and_reextract_refuse_a_site_neither_stored_nor_configured(
    archive: ResearchArchive, command: tuple[str, ...]
) -> None:
    """Regression (a QA pass): 'runs --site nosuch' said no runs were recorded yet, and
    'reextract --site nosuch' re-extracted 0 articles, both with exit 0."""
    typo = invoke_cli(*archive.cli_args(), *command, "--site", "wirre")
    assert typo.returncode == 2
    assert "no site with id 'wirre' in the archive or the config" in typo.stderr
