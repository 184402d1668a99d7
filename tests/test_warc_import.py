"""import-warc: real WARC files (gzip and plain) built from fixture pages, through the CLI."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from crawler.demo.site import DEMO_ARTICLES, Page
from tests.conftest import FIXTURE_SITE_ID, invoke_cli, run_cli
from tests.fixture_site import GBK_ARTICLE, build_fixture_site
from tests.warc_files import BASE_URL, Entry, cut_last_response, write_warc

CAPTURED = datetime(2025, 7, 1, 8, 0, tzinfo=UTC)
LATER = datetime(2025, 7, 2, 8, 0, tzinfo=UTC)
EARLIER = datetime(2025, 6, 30, 8, 0, tzinfo=UTC)
UPDATE = b"<p>Update: this story was revised after publication with a further paragraph.</p>"


def warc_config(**site_keys: str) -> str:
    extra = "".join(f"{key} = {value}\n" for key, value in site_keys.items())
    return f"""
[defaults]
index_batch_size = 3

[[site]]
id = "{FIXTURE_SITE_ID}"
name = "The Harbour Courier"
domains = ["news.example.org"]
feeds = ["{BASE_URL}/rss.xml"]
article_pattern = '/\\w+/\\d{{4}}/\\d{{2}}/\\d{{2}}/[\\w-]+\\.html'
language = ["en", "zh"]
timezone = "Europe/London"
{extra}"""


def _changed(page: Page) -> Page:
    paragraph = page.body.index(b"</p>", page.body.index(b"article-body"))
    body = page.body[:paragraph] + b"</p>" + UPDATE + page.body[paragraph + 4 :]
    return Page(body, page.content_type, page.status, page.headers)


@pytest.fixture(scope="module")
def warcs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two files: a gzip one captured on 1 July, a plain one with later and earlier captures."""
    folder = tmp_path_factory.mktemp("warcs")
    pages = build_fixture_site(BASE_URL)
    url = [BASE_URL + article.path for article in DEMO_ARTICLES]
    page = [pages[article.path] for article in DEMO_ARTICLES]
    png = Page(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "image/png")
    other = "https://other.example.com" + DEMO_ARTICLES[0].path
    first = [Entry(url[i], page[i], CAPTURED) for i in range(6)] + [
        Entry(BASE_URL + GBK_ARTICLE.path, pages[GBK_ARTICLE.path], CAPTURED),
        Entry(url[0], page[0], LATER, kind="revisit"),
        Entry(BASE_URL + "/world/2025/06/01/photo.html", png, CAPTURED),
        Entry(other, page[0], CAPTURED),
        Entry(BASE_URL + "/world/2025/06/02/gone.html", Page(b"gone", "text/html", 404), CAPTURED),
        Entry(url[6], page[6], CAPTURED, truncated="length"),
        Entry(url[7], page[7], CAPTURED),
    ]
    cut_last_response(write_warc(folder / "first.warc.gz", first, gzip=True))
    second = [
        Entry(url[1], _changed(page[1]), LATER),
        Entry(url[2], page[2], LATER),
        Entry(url[3], _changed(page[3]), EARLIER),
        Entry(url[8], page[8], LATER),
    ]
    cut_last_response(write_warc(folder / "second.warc", second, gzip=False))
    return folder


@pytest.fixture(scope="module")
def imported(warcs: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict]:
    root = tmp_path_factory.mktemp("import")
    config = root / "sites.toml"
    config.write_text(warc_config(), encoding="utf-8")
    data = root / "data"
    result = run_cli(
        "--config", str(config), "--data", str(data), "import-warc", str(warcs), "--json"
    )
    assert result.returncode == 0, result.stderr
    return config, data, json.loads(result.stdout)


def _rows(data: Path, sql: str) -> list[sqlite3.Row]:
    with sqlite3.connect(data / "articles.sqlite3") as connection:
        connection.row_factory = sqlite3.Row
        return connection.execute(sql).fetchall()


def test_every_record_is_stored_skipped_or_counted(imported: tuple[Path, Path, dict]) -> None:
    _config, _data, report = imported
    assert report["files"] == 2
    assert report["records"] == 17
    assert report["stored"] == {"new": 7, "updated": 1, "duplicate": 0, "unchanged": 1}
    assert report["skipped"] == {"revisit": 1, "not_html": 1, "http_status": 1, "truncated": 3}
    assert (report["outside"], report["older"], report["known"]) == (1, 1, 0)
    assert report["dropped"] == {}
    assert report["failed_files"] == [] and report["ok"]
    assert report["sites"] == {FIXTURE_SITE_ID: {"new": 7, "updated": 1, "unchanged": 1}}


def test_imported_articles_keep_their_dates_and_provenance(
    imported: tuple[Path, Path, dict],
) -> None:
    _config, data, _report = imported
    rows = {row["url"]: row for row in _rows(data, "SELECT * FROM articles")}
    assert len(rows) == 7
    first = rows[BASE_URL + DEMO_ARTICLES[0].path]
    assert first["first_seen"] == CAPTURED.isoformat()  # the WARC-Date: capture time
    assert first["published_day"] == DEMO_ARTICLES[0].published[:10]  # the page's own day
    assert first["source"].startswith("warc:") and "first.warc.gz#<urn:uuid:" in first["source"]
    updated = rows[BASE_URL + DEMO_ARTICLES[1].path]
    assert "revised after publication" in updated["body"]
    assert updated["first_seen"] == CAPTURED.isoformat()  # first seen stays the first capture
    older = rows[BASE_URL + DEMO_ARTICLES[3].path]
    assert "revised after publication" not in older["body"]  # an earlier capture never wins
    gbk = rows[BASE_URL + GBK_ARTICLE.path]
    assert gbk["title"] == GBK_ARTICLE.title  # decoded with the response's charset
    assert "龙井茶" in gbk["body"]
    refs = _rows(data, "SELECT count(*) FROM warc_records")[0][0]
    assert refs == 9  # the 7 new, the update and the unchanged capture


def test_imported_articles_are_indexed(imported: tuple[Path, Path, dict]) -> None:
    config, data, _report = imported
    result = invoke_cli("--config", str(config), "--data", str(data), "search", "*", "--count")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "7"


def test_a_second_import_of_the_same_files_stores_nothing(
    imported: tuple[Path, Path, dict], warcs: Path
) -> None:
    config, data, _report = imported
    result = run_cli(
        "--config", str(config), "--data", str(data), "import-warc", str(warcs), "--json"
    )
    assert result.returncode == 0, result.stderr
    again = json.loads(result.stdout)
    assert again["stored"] == {"new": 0, "updated": 0, "duplicate": 0, "unchanged": 0}
    assert again["known"] == 9
    assert again["older"] == 1
    assert _rows(data, "SELECT count(*) FROM articles")[0][0] == 7


def test_captures_of_one_url_are_stored_in_file_order_however_their_extractions_end(
    tmp_path: Path,
) -> None:
    """A large first capture takes longer to extract than the small later one beside it on
    the other worker: the later one still waits, so first_seen is the first capture's and
    the text the later one's (stored before it, it would count the first as 'older')."""
    pages = build_fixture_site(BASE_URL)
    page = pages[DEMO_ARTICLES[0].path]
    filler = b"".join(
        b"<p>Paragraph %d of a long live report from the harbour, kept for the record.</p>" % n
        for n in range(4000)
    )
    end = page.body.index(b"</p>", page.body.index(b"article-body")) + 4
    large = Page(page.body[:end] + filler + page.body[end:], page.content_type)
    url = BASE_URL + DEMO_ARTICLES[0].path
    warc = write_warc(
        tmp_path / "two.warc.gz", [Entry(url, large, CAPTURED), Entry(url, page, LATER)]
    )
    config = tmp_path / "sites.toml"
    two_workers = warc_config().replace("[defaults]\n", "[defaults]\nextract_workers = 2\n")
    config.write_text(two_workers, encoding="utf-8")
    data = tmp_path / "data"
    args = ("--config", str(config), "--data", str(data), "import-warc", str(warc), "--json")
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["stored"]["new"] == 1 and report["stored"]["updated"] == 1
    assert report["older"] == 0
    (row,) = _rows(data, "SELECT first_seen, body FROM articles")
    assert row["first_seen"] == CAPTURED.isoformat()
    assert "Paragraph 3999" not in row["body"]


def test_since_and_until_select_by_publication_day(warcs: Path, tmp_path: Path) -> None:
    config = tmp_path / "sites.toml"
    config.write_text(warc_config(), encoding="utf-8")
    data = tmp_path / "data"
    args = ("--config", str(config), "--data", str(data), "import-warc", str(warcs), "--json")
    result = run_cli(*args, "--since", "2025-06-20", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    days = [date.fromisoformat(r[0]) for r in _rows(data, "SELECT published_day FROM articles")]
    assert days and min(days) >= date(2025, 6, 20)
    assert report["out_of_range"] > 0


def test_a_file_that_is_not_a_warc_is_reported_and_the_others_imported(
    warcs: Path, tmp_path: Path
) -> None:
    config = tmp_path / "sites.toml"
    config.write_text(warc_config(), encoding="utf-8")
    junk = tmp_path / "junk.warc.gz"
    junk.write_bytes(b"this is not a WARC file at all\n" * 10)
    args = ("--config", str(config), "--data", str(tmp_path / "data"), "import-warc")
    result = run_cli(*args, str(junk), str(warcs / "first.warc.gz"))
    assert result.returncode == 1, result.stderr  # the other file is imported all the same
    assert f"unreadable: {junk} is not a WARC file" in result.stdout
    assert "stored: 7 new" in result.stdout


def test_a_damaged_gzip_member_ends_the_file_with_one_malformed_count(
    warcs: Path, tmp_path: Path
) -> None:
    config = tmp_path / "sites.toml"
    config.write_text(warc_config(), encoding="utf-8")
    damaged = tmp_path / "damaged.warc.gz"
    data = (warcs / "first.warc.gz").read_bytes()
    damaged.write_bytes(data[:3000] + b"\x00garbage\xff" * 50 + data[3000:])
    args = ("--config", str(config), "--data", str(tmp_path / "data"), "import-warc")
    result = run_cli(*args, str(damaged), "--json")
    assert result.returncode == 0, result.stderr  # malformed records are counted, never fatal
    report = json.loads(result.stdout)
    assert report["skipped"].get("malformed") == 1
    assert report["ok"]


def test_reextract_reads_the_original_bytes_of_imported_articles(
    warcs: Path, tmp_path: Path
) -> None:
    config = tmp_path / "sites.toml"
    config.write_text(warc_config(), encoding="utf-8")
    data = tmp_path / "data"
    args = ("--config", str(config), "--data", str(data))
    assert run_cli(*args, "import-warc", str(warcs / "first.warc.gz")).returncode == 0
    with sqlite3.connect(data / "articles.sqlite3") as connection:
        # The stored HTML is lost; the WARC record still holds the page as sent.
        connection.execute("UPDATE articles SET raw_html = NULL, title = 'stale'")
    result = invoke_cli(*args, "reextract")
    assert result.returncode == 0, result.stderr
    assert "re-extracted 7 articles: 7 changed (title 7)" in result.stdout
    assert "7 read from their WARC record" in result.stdout
    titles = {row["title"] for row in _rows(data, "SELECT title FROM articles")}
    assert GBK_ARTICLE.title in titles and "stale" not in titles


@pytest.mark.parametrize("name", ["matches.warc.gz", "matches.warc"])
def test_export_as_warc_round_trips(
    imported: tuple[Path, Path, dict], tmp_path: Path, name: str
) -> None:
    config, data, _report = imported
    args = ("--config", str(config), "--data", str(data))
    with sqlite3.connect(data / "articles.sqlite3") as connection:
        # Two articles lose their WARC record: their export is rebuilt from the stored HTML.
        ids = [r[0] for r in connection.execute("SELECT id FROM articles ORDER BY id LIMIT 2")]
        saved = connection.execute(
            f"SELECT * FROM warc_records WHERE article_id IN ({ids[0]}, {ids[1]})"
        ).fetchall()
        connection.execute(f"DELETE FROM warc_records WHERE article_id IN ({ids[0]}, {ids[1]})")
    try:
        output = tmp_path / name
        result = invoke_cli(*args, "export", "*", "-o", str(output))
        assert result.returncode == 0, result.stderr
        manifest = json.loads((tmp_path / f"{name}.manifest.json").read_text("utf-8"))
        assert manifest["format"] == "warc" and manifest["rows"] == 7
        assert manifest["warc_records"] == {"original": 5, "reconstructed": 2, "without_page": 0}
        assert (output.read_bytes()[:2] == b"\x1f\x8b") == name.endswith(".gz")

        fresh = tmp_path / "fresh"
        again = run_cli("--config", str(config), "--data", str(fresh), "import-warc", str(output))
        assert again.returncode == 0, again.stderr
        query = "SELECT url, title, body, published FROM articles ORDER BY url"
        assert [tuple(r) for r in _rows(fresh, query)] == [tuple(r) for r in _rows(data, query)]
    finally:
        with sqlite3.connect(data / "articles.sqlite3") as connection:
            connection.executemany(
                "INSERT INTO warc_records VALUES (?, ?, ?, ?, ?, ?)", [tuple(r) for r in saved]
            )


def test_an_import_does_not_load_scrapy() -> None:
    code = (
        "import sys; import search.cli.warc, crawler.warc.importer, search.export_warc; "
        "print(any(m.split('.')[0] in ('scrapy', 'twisted') for m in sys.modules))"
    )
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    )
    assert result.stdout.strip() == "False"


def test_a_full_store_stops_the_import_with_exit_4(warcs: Path, tmp_path: Path) -> None:
    config = tmp_path / "sites.toml"
    config.write_text(warc_config(), encoding="utf-8")
    data = tmp_path / "data"
    args = ("--config", str(config), "--data", str(data), "import-warc", str(warcs))
    result = run_cli(*args, env={"PRESSWATCH_STORE_MAX_PAGES": "36"})
    assert result.returncode == 4, result.stderr
    assert "could not be written" in result.stderr
    stored = _rows(data, "SELECT count(*) FROM articles")[0][0]
    assert stored < 7
    # Space again: the same command finishes the job, nothing stored twice.
    again = run_cli(*args, "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["known"] == stored
    assert _rows(data, "SELECT count(DISTINCT url) FROM articles")[0][0] == 7
