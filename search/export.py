"""Export matched articles with every field (CSV or JSON Lines) plus a reproducibility manifest."""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from crawler.model import ARTICLE_FIELDS, LIST_FIELDS, Article, article_to_dict

FORMATS = ("csv", "jsonl")
EXPORT_FIELDS: tuple[str, ...] = ARTICLE_FIELDS
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ExportError(ValueError):
    """The export cannot be written as asked (unknown format, unwritable file)."""


@dataclass(frozen=True)
class ExportRequest:
    """What to export: the query and filters as the user gave them (kept in the manifest)."""

    query: str
    filters: dict[str, Any]
    sort: str
    limit: int | None


def format_for(path: Path, explicit: str | None) -> str:
    """The export format: the one asked for, else the file suffix (.csv, .jsonl)."""
    fmt = (explicit or path.suffix.lstrip(".")).lower()
    if fmt == "json":
        fmt = "jsonl"
    if fmt not in FORMATS:
        raise ExportError(
            f"cannot tell the export format of {path.resolve()}; use a .csv or .jsonl name "
            "or --format csv|jsonl"
        )
    return fmt


def csv_cell(value: Any) -> str:
    """A CSV cell: lists joined with '; ', formula-like text prefixed with ' (Excel-safe)."""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        text = "'" + text
    return text


def write_rows(articles: Iterable[Article], stream: IO[str], fmt: str) -> int:
    """Write articles to an open text stream; returns the number of rows."""
    rows = 0
    if fmt == "csv":
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(EXPORT_FIELDS)
        for article in articles:
            record = article_to_dict(article)
            writer.writerow([csv_cell(record[name]) for name in EXPORT_FIELDS])
            rows += 1
    else:
        for article in articles:
            stream.write(json.dumps(article_to_dict(article), ensure_ascii=False) + "\n")
            rows += 1
    return rows


def export_articles(
    articles: Iterable[Article],
    path: Path,
    fmt: str,
    request: ExportRequest,
    extra_manifest: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Write the export to a temporary file, move it into place, then write the manifest."""
    path = path.resolve()
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as stream:
            rows = write_rows(articles, stream, fmt)
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    manifest = {
        **asdict(request),
        "format": fmt,
        "file": path.name,
        "rows": rows,
        "sha256": _sha256(path),
        "fields": list(EXPORT_FIELDS),
        "list_fields_joined_with": "; " if fmt == "csv" else None,
        "list_fields": sorted(LIST_FIELDS),
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        **(extra_manifest or {}),
    }
    manifest_path = path.with_name(path.name + ".manifest.json")
    manifest_path.write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return manifest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def counted(articles: Iterable[Article], total: int, progress: Any = None) -> Iterator[Article]:
    """Pass articles through, advancing a progress callback (for long exports)."""
    for done, article in enumerate(articles, start=1):
        if progress is not None:
            progress(done, total)
        yield article
