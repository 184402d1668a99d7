"""`presswatch export` against a real archive: CSV (BOM, formulas, newlines), JSONL, Parquet,
the manifest, and re-running a manifest on a grown archive."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.model import ARTICLE_FIELDS
from crawler.store import ArticleStore
from indexer.index import ArticleIndex
from search.export import COLUMN_TYPES, EXPORT_FIELDS, csv_cell
from tests.conftest import invoke_cli
from tests.research_archive import ResearchArchive, build_archive, make_article, store_and_index


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> ResearchArchive:
    return build_archive(tmp_path_factory.mktemp("research"))


def export(archive: ResearchArchive, *args: str) -> Any:
    result = invoke_cli(*archive.cli_args(), "export", *args)
    assert result.returncode == 0, result.stderr
    return result


def manifest_of(path: Path) -> dict[str, Any]:
    return json.loads(path.with_name(path.name + ".manifest.json").read_text("utf-8"))  # type: ignore[no-any-return]


def read_csv(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    with path.open(encoding=encoding, newline="") as stream:
        return list(csv.DictReader(stream))


def test_csv_with_bom_formulas_and_newlines(archive: ResearchArchive, tmp_path: Path) -> None:
    out = tmp_path / "all.csv"
    export(archive, "*", "-o", str(out), "--bom")
    assert out.read_bytes().startswith(b"\xef\xbb\xbfid,url,")
    rows = read_csv(out, "utf-8-sig")
    assert len(rows) == 23 and list(rows[0]) == list(EXPORT_FIELDS)
    tricky = next(r for r in rows if "spreadsheet tricks" in r["title"])
    assert tricky["title"].startswith("'=HYPERLINK(")  # shown, never run
    assert "formulas.\n\nThe second paragraph" in tricky["body"]  # newlines kept, quoted
    assert all(r["is_original"] in ("true", "false") for r in rows)
    chinese = [r for r in rows if r["language"] == "zh"]
    assert chinese and "广西" in chinese[0]["body"]
    days = [r["published_utc"] for r in rows]
    assert days == sorted(days)  # oldest first by default
    plain = tmp_path / "plain.csv"
    export(archive, "*", "-o", str(plain), "--limit", "1")
    assert plain.read_bytes().startswith(b"id,url,")


def test_duplicates_and_sources_are_exported(archive: ResearchArchive, tmp_path: Path) -> None:
    out = tmp_path / "rates.jsonl"
    export(archive, '"central bank"', "-o", str(out))
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert len(records) == 4  # copies are not collapsed by default
    wire = [r for r in records if r["duplicate_group"] == records[0]["duplicate_group"]]
    assert len(wire) == 3 and sum(r["is_original"] for r in wire) == 1
    assert next(r for r in wire if r["is_original"])["site"] == "wire"
    assert {r["country"] for r in wire} == {"GB", "US", "IE"}
    assert next(r for r in wire if r["site"] == "courier")["site_tags"] == ["regional"]
    assert next(r for r in wire if r["site"] == "wire")["state_affiliated"] is False
    collapsed = tmp_path / "stories.jsonl"
    export(archive, '"central bank"', "-o", str(collapsed), "--collapse-duplicates")
    assert len(collapsed.read_text("utf-8").splitlines()) == 2


def test_a_date_the_page_did_not_give_is_null_in_json_as_in_parquet(
    archive: ResearchArchive, tmp_path: Path
) -> None:
    import pyarrow.parquet as pq

    lines, table, sheet = tmp_path / "all.jsonl", tmp_path / "all.parquet", tmp_path / "all.csv"
    for out in (lines, table, sheet):
        export(archive, "*", "-o", str(out))
    records = [json.loads(line) for line in lines.read_text("utf-8").splitlines()]
    undated = [r["id"] for r in records if r["modified"] is None]
    assert undated and all(r["modified_utc"] is None for r in records if r["id"] in undated)
    assert not [r for r in records if "" in (r["modified"], r["published_utc"])]
    columns = {r["id"]: r for r in pq.read_table(table).to_pylist()}
    assert all(columns[i]["modified_utc"] is None for i in undated)
    assert all(r["modified"] == "" for r in read_csv(sheet) if int(r["id"]) in undated)


def test_parquet_has_the_documented_types(archive: ResearchArchive, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "all.parquet"
    export(archive, "*", "--country", "CN", "-o", str(out))
    table = pq.read_table(out)
    assert table.num_rows == 4
    assert table.schema.names == list(EXPORT_FIELDS)
    types = {field.name: str(field.type) for field in table.schema}
    assert types["id"] == "int64" and types["authors"] == "list<element: string>"
    assert (
        types["published_utc"] == "timestamp[us, tz=UTC]"
        and types["published_day"] == "date32[day]"
    )
    assert types["is_original"] == "bool" and types["published"] == "string"
    assert {name for name, kind in COLUMN_TYPES.items() if kind == "string"} >= {"body", "url"}
    rows = table.to_pylist()
    state_tv = next(r for r in rows if r["site"] == "state-tv")
    assert state_tv["state_affiliated"] is True and state_tv["owner"] == "State Media Group"
    assert state_tv["published"] == "2025-05-05T10:30:00+08:00"
    assert str(state_tv["published_day"]) == "2025-05-05"
    assert manifest_of(out)["rows"] == 4


def test_manifest_records_what_makes_the_export_reproducible(
    archive: ResearchArchive, tmp_path: Path
) -> None:
    out = tmp_path / "soft.csv"
    export(archive, '"soft power"', "--state-affiliated", "--since", "2025-05", "-o", str(out))
    manifest = manifest_of(out)
    assert manifest["query"] == '"soft power"' and manifest["sort"] == "oldest"
    assert manifest["filters"]["state_affiliated"] is True
    assert manifest["filters"]["since"] == "2025-05-01"
    assert manifest["rows"] == manifest["matches"] == 2
    assert len(manifest["sha256"]) == 64 and len(manifest["config_sha256"]) == 64
    assert manifest["index"]["documents"] == 23 and manifest["index"]["last_update"]
    assert manifest["newest_first_seen"].startswith("2025-07-01T00:1")
    assert manifest["presswatch_version"] and manifest["format"] == "csv"
    assert manifest["column_types"]["published_day"] == "date"


def test_rerun_of_a_manifest_gives_the_same_rows(tmp_path: Path) -> None:
    archive = build_archive(tmp_path / "growing")
    first = tmp_path / "first.csv"
    export(archive, '"central bank" OR earthquake', "-o", str(first))
    # The archive grows: a new copy of the wire story, and an update of an exported article.
    new_copy = make_article(
        100,
        "courier",
        "en",
        "2025-06-05T09:00:00+00:00",
        "ECB cuts rates",
        read_csv(first)[0]["body"],
    )
    with ArticleStore.open(archive.data) as store:
        updated = store.get(int(read_csv(first)[1]["id"]))
    assert updated is not None
    updated.body += " Corrected on Monday."
    updated.content_hash = "changed"
    store_and_index(archive, [new_copy, updated])
    grown = tmp_path / "grown.csv"
    export(archive, '"central bank" OR earthquake', "-o", str(grown))
    assert len(read_csv(grown)) == len(read_csv(first)) + 1
    again = tmp_path / "again.csv"
    rerun = export(archive, "--manifest", str(first) + ".manifest.json", "-o", str(again))
    before, after = read_csv(first), read_csv(again)
    assert [r["id"] for r in after] == [r["id"] for r in before]
    report = manifest_of(again)["rerun_of"]
    assert report["same_rows"] is True and report["same_file"] is False
    assert [item["id"] for item in report["updated_since"]] == [updated.id]
    assert "1 of the exported articles were updated since" in rerun.stderr
    differences = {
        b["id"]: {name for name in b if a[name] != b[name]}
        for b, a in zip(before, after, strict=True)
        if a != b
    }
    # The updated article differs in its text; the wire copy is no longer the original
    # (the new copy was published earlier): groups are those of the archive now.
    assert set(differences) == {str(updated.id), before[0]["id"]}
    assert differences[str(updated.id)] >= {"body", "content_hash"}
    assert differences[before[0]["id"]] == {"is_original"}


def test_rerun_rejects_a_query_too(archive: ResearchArchive, tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl"
    export(archive, "china", "-o", str(out))
    both = invoke_cli(
        *archive.cli_args(), "export", "china", "--manifest", f"{out}.manifest.json", "-o", str(out)
    )
    assert both.returncode == 2 and "either QUERY or --manifest" in both.stderr
    unknown = invoke_cli(*archive.cli_args(), "export", "china", "-o", str(tmp_path / "x.xlsx"))
    assert unknown.returncode == 2 and unknown.stderr.count("\n") == 1


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_TEXT, st.lists(_TEXT, max_size=3), st.booleans()), max_size=6))
def test_csv_cells_round_trip(values: list[Any]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(v) for v in values])
    (row,) = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    for value, cell in zip(values, row, strict=True):
        if isinstance(value, bool):
            assert cell == str(value).lower()
            continue
        text = "; ".join(value) if isinstance(value, list) else value
        assert cell == ("'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text)


def test_every_record_field_is_exported() -> None:
    assert set(EXPORT_FIELDS) == set(ARTICLE_FIELDS) and EXPORT_FIELDS[0] == "id"


def test_progress_bar_only_on_a_terminal(archive: ResearchArchive, tmp_path: Path) -> None:
    import os
    import pty
    import select
    import subprocess
    import sys

    out = tmp_path / "all.jsonl"
    controller, terminal = pty.openpty()
    command = [sys.executable, "-m", "search", *archive.cli_args(), "export", "*", "-o", str(out)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSWATCH_")}
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=terminal, env=env, check=False)
    os.close(terminal)
    shown = b""
    while select.select([controller], [], [], 0.5)[0]:
        try:
            chunk = os.read(controller, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    assert done.returncode == 0
    assert b"exporting all.jsonl" in shown and b"23/23" in shown
    assert b"exporting" not in done.stdout
    plain = export(archive, "*", "-o", str(out))
    assert plain.stderr == ""


def test_an_archive_with_nothing_indexed_yet_exports_and_sorts_nothing(tmp_path: Path) -> None:
    """Regression: a first crawl that stored nothing left an index with no segment, whose
    one empty reader has no columns: export and sorted searches raised NotImplementedError."""
    data = tmp_path / "data"
    ArticleStore.open(data).close()
    ArticleIndex.open(data / "index", create=True)
    out = tmp_path / "none.csv"
    exported = invoke_cli("--data", str(data), "export", "*", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    assert "wrote 0 articles" in exported.stdout and out.exists()
    for sort in ("newest", "oldest"):
        searched = invoke_cli("--data", str(data), "search", "*", "--sort", sort)
        assert searched.returncode == 0, searched.stderr
        assert searched.stdout.startswith("0 matches")


@pytest.mark.parametrize(
    "inside", ["articles.sqlite3", "articles.sqlite3-wal", "runs.jsonl", "index/x.csv", "w.lock"]
)
def test_an_export_never_writes_over_the_archive(tmp_path: Path, inside: str) -> None:
    """Regression (a QA pass): '-o data/articles.sqlite3' wrote a CSV over the store."""
    data = tmp_path / "data"
    ArticleStore.open(data).close()
    ArticleIndex.open(data / "index", create=True)
    before = (data / "articles.sqlite3").read_bytes()
    result = invoke_cli("--data", str(data), "export", "*", "-o", str(data / inside))
    assert result.returncode == 2
    assert (
        "is part of the archive" in result.stderr and "write the export elsewhere" in result.stderr
    )
    assert (data / "articles.sqlite3").read_bytes() == before
    beside = invoke_cli("--data", str(data), "export", "*", "-o", str(data / "mine.csv"))
    assert beside.returncode == 0, beside.stderr  # a file of one's own in the folder is fine


def test_an_export_to_a_dash_is_refused_not_a_file_named_dash(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ArticleStore.open(data).close()
    ArticleIndex.open(data / "index", create=True)
    result = invoke_cli("--data", str(data), "export", "*", "-o", "-", cwd=tmp_path)
    assert result.returncode == 2 and "-o needs a file name" in result.stderr
    assert not (tmp_path / "-").exists()
