"""Export matched articles (CSV, JSON Lines, Parquet, WARC), streamed, with a manifest."""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from crawler.model import (
    ARTICLE_FIELDS,
    BOOL_FIELDS,
    DATETIME_FIELDS,
    INT_FIELDS,
    LIST_FIELDS,
    Article,
    article_to_dict,
)

if TYPE_CHECKING:
    from crawler.store import ArticleStore

FORMATS = ("csv", "jsonl", "parquet", "warc")
EXPORT_FIELDS: tuple[str, ...] = ("id", *(name for name in ARTICLE_FIELDS if name != "id"))
LIST_SEPARATOR = "; "
PARQUET_BATCH = 1000
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

COLUMN_TYPES: dict[str, str] = {
    name: (
        "int64"
        if name in INT_FIELDS or name == "id"
        else "bool"
        if name in BOOL_FIELDS
        else "list<string>"
        if name in LIST_FIELDS
        else "date"
        if name == "published_day"
        else "timestamp[us, UTC]"
        if name in DATETIME_FIELDS - {"published", "modified"}
        else "string"
    )
    for name in EXPORT_FIELDS
}
"""Column types as Parquet stores them (CSV holds their text, JSON Lines their JSON form).

``published`` and ``modified`` stay ISO 8601 text: they keep the outlet's own offset, or
are a bare date when the page gave only the day."""

Progress = Callable[[int, int], object]


class ExportError(ValueError):
    """The export cannot be written as asked (unknown format, unwritable file)."""


def format_for(path: Path, explicit: str | None) -> str:
    """The export format: the one asked for, else the file suffix (.csv, .jsonl, .parquet,
    .warc or .warc.gz)."""
    from search.export_warc import is_warc_name

    fmt = (explicit or ("warc" if is_warc_name(path) else path.suffix.lstrip("."))).lower()
    fmt = {"json": "jsonl", "pq": "parquet"}.get(fmt, fmt)
    if fmt not in FORMATS:
        raise ExportError(
            f"cannot tell the export format of {path.resolve()}; use a .csv, .jsonl, "
            ".parquet or .warc.gz name or --format csv|jsonl|parquet|warc"
        )
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise ExportError(
                "Parquet export needs pyarrow: pip install 'presswatch[parquet]'"
            ) from None
    return fmt


def csv_cell(value: Any) -> str:
    """A CSV cell: lists joined with '; ', booleans as true/false, formula-like text
    prefixed with ' so spreadsheets show it instead of running it."""
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    elif isinstance(value, bool):
        value = "true" if value else "false"
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        text = "'" + text
    return text


def _write_csv(records: Iterable[dict[str, Any]], stream: IO[str]) -> None:
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(EXPORT_FIELDS)
    for record in records:
        writer.writerow([csv_cell(record[name]) for name in EXPORT_FIELDS])


def _write_jsonl(records: Iterable[dict[str, Any]], stream: IO[str]) -> None:
    for record in records:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")


def parquet_schema() -> Any:
    """The fixed Arrow schema of Parquet exports (see COLUMN_TYPES)."""
    import pyarrow as pa

    types = {
        "int64": pa.int64(),
        "bool": pa.bool_(),
        "list<string>": pa.list_(pa.string()),
        "date": pa.date32(),
        "timestamp[us, UTC]": pa.timestamp("us", tz="UTC"),
        "string": pa.string(),
    }
    return pa.schema([(name, types[COLUMN_TYPES[name]]) for name in EXPORT_FIELDS])


def _parquet_row(article: Article) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for name in EXPORT_FIELDS:
        value = getattr(article, name)
        if name in ("published", "modified"):
            value = value.isoformat() if value is not None else None
        row[name] = value
    return row


def _write_parquet(articles: Iterable[Article], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for article in articles:
            batch.append(_parquet_row(article))
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))


class _Tally:
    """Counts rows and keeps the newest first_seen while articles stream through."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.rows = 0
        self.total = total
        self.newest_first_seen: datetime | None = None
        self.progress = progress

    def watch(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            self.rows += 1
            seen = article.first_seen
            newest = self.newest_first_seen
            if seen is not None and (newest is None or seen > newest):
                self.newest_first_seen = seen
            if self.progress is not None and (self.rows % 100 == 0 or self.rows == self.total):
                self.progress(self.rows, self.total)
            yield article


def write_export(
    articles: Iterable[Article],
    path: Path,
    fmt: str,
    bom: bool = False,
    total: int = 0,
    progress: Progress | None = None,
    store: ArticleStore | None = None,
) -> dict[str, Any]:
    """Stream the articles into a temporary file, then move it into place.

    Returns what the manifest needs about the file: rows, sha256, newest_first_seen (and for
    WARC, which needs the `store`, how many records are originals or rebuilt).
    """
    path = path.resolve()
    partial = path.with_name(f".{path.name}.partial")
    tally = _Tally(total, progress)
    rows = tally.watch(articles)
    warc_counts: dict[str, int] = {}
    try:
        if fmt == "warc":
            if store is None:
                raise ValueError("a WARC export needs the store")
            warc_counts = _write_warc(store, rows, partial, path)
        elif fmt == "parquet":
            _write_parquet(rows, partial)
        else:
            encoding = "utf-8-sig" if bom and fmt == "csv" else "utf-8"
            with partial.open("w", encoding=encoding, newline="") as stream:
                if fmt == "csv":
                    _write_csv((article_to_dict(a) for a in rows), stream)
                else:
                    _write_jsonl((article_to_dict(a) for a in rows), stream)
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    newest = tally.newest_first_seen
    return {
        "format": fmt,
        "file": path.name,
        "bom": bom and fmt == "csv",
        "rows": tally.rows,
        "sha256": sha256_of(path),
        "newest_first_seen": newest.astimezone(UTC).isoformat() if newest else None,
        "fields": list(EXPORT_FIELDS),
        "column_types": COLUMN_TYPES,
        "list_fields_joined_with": LIST_SEPARATOR if fmt == "csv" else None,
        **({"warc_records": warc_counts} if fmt == "warc" else {}),
    }


def _write_warc(
    store: ArticleStore, articles: Iterable[Article], partial: Path, path: Path
) -> dict[str, int]:
    from search.export_warc import write_warc

    with partial.open("wb") as stream:
        counts = write_warc(store, articles, stream, compress=path.name.lower().endswith(".gz"))
    return {
        "original": counts.original,
        "reconstructed": counts.reconstructed,
        "without_page": counts.without_page,
    }


def manifest_path(path: Path) -> Path:
    """Where the manifest of an export file goes: FILE.manifest.json beside it."""
    path = path.resolve()
    return path.with_name(path.name + ".manifest.json")


def write_manifest(path: Path, manifest: dict[str, Any]) -> Path:
    """Write the manifest beside the export (temporary file, then renamed)."""
    target = manifest_path(path)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", "utf-8")
    os.replace(partial, target)
    return target


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def now_utc() -> str:
    """The current time, ISO 8601 in UTC, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")
