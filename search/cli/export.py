"""The `export` command: every match with all fields, streamed, plus a reproducible manifest."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from search.cli.context import (
    Paths,
    check_filters,
    open_index,
    open_store,
    reading_index,
    refuse_archive_files,
)
from search.cli.errors import EXIT_UNUSABLE, EXIT_USAGE, CliError
from search.cli.options import collapse_option, filter_options, path_options, sort_option
from search.filters import filters_from_json, filters_json

if TYPE_CHECKING:
    from crawler.store import ArticleStore
    from indexer.index import ArticleIndex
    from search.searcher import SearchFilters


@dataclass
class ExportRequest:
    """What to export; kept in the manifest so the export can be run again."""

    query: str
    filters: SearchFilters
    sort: str
    limit: int | None
    collapse_duplicates: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "filters": filters_json(self.filters),
            "sort": self.sort,
            "limit": self.limit,
            "collapse_duplicates": self.collapse_duplicates,
        }


def _from_manifest(path: Path) -> tuple[ExportRequest, dict[str, Any]]:
    """The request of an earlier export, bounded to the articles first seen by then."""
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        filters = filters_from_json(manifest.get("filters") or {})
        newest = manifest.get("newest_first_seen")
        request = ExportRequest(
            query=manifest["query"],
            filters=filters,
            sort=manifest.get("sort", "oldest"),
            limit=manifest.get("limit"),
            collapse_duplicates=bool(manifest.get("collapse_duplicates", False)),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CliError(f"cannot read the manifest {path.resolve()}: {exc}", EXIT_USAGE) from exc
    if filters.first_seen_until is None:
        # An empty export has no newest row: nothing was there, nothing may be now.
        filters.first_seen_until = datetime.fromisoformat(newest or "1970-01-01T00:00:00+00:00")
    return request, manifest


def _matching(index: ArticleIndex, request: ExportRequest) -> list[int]:
    from indexer.index import PresswatchIndexError
    from search.query import QuerySyntaxError
    from search.searcher import matching_ids

    try:
        ids = list(
            matching_ids(
                index,
                request.query,
                request.filters,
                sort=request.sort,  # type: ignore[arg-type]
                collapse_duplicates=request.collapse_duplicates,
            )
        )
    except QuerySyntaxError as exc:
        raise CliError(f"bad query: {exc}", EXIT_USAGE) from exc
    except PresswatchIndexError as exc:
        raise CliError(str(exc), EXIT_UNUSABLE) from exc
    return ids


def _config_sha256(paths: Paths) -> str | None:
    from search.export import sha256_of

    return sha256_of(paths.config) if paths.config.is_file() else None


def _version() -> str:
    from search.cli import tool_version

    return tool_version()


@click.command()
@click.argument("query", required=False)
@filter_options
@sort_option("oldest")
@collapse_option(False)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=None,
    help="Export at most N articles (default: every match).",
)
@click.option(
    "-o",
    "--output",
    "output",
    type=click.Path(dir_okay=False),
    required=True,
    help="File to write (.csv, .jsonl, .parquet, .warc.gz); FILE.manifest.json goes beside it.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "jsonl", "parquet", "warc"]),
    default=None,
    help="Format (default: from the file suffix).",
)
@click.option("--bom", is_flag=True, help="Start a CSV with a UTF-8 byte-order mark (Excel).")
@click.option(
    "--manifest",
    "manifest_in",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Run the export of this manifest again, over the articles first seen by then.",
)
@path_options
def export(
    paths: Paths,
    query: str | None,
    filters: SearchFilters,
    sort: str,
    collapse_duplicates: bool,
    limit: int | None,
    output: str,
    fmt: str | None,
    bom: bool,
    manifest_in: str | None,
) -> None:
    """Export every matching article with all its fields, plus a manifest beside it.

    Rows come oldest first (publication time, ties by article id) unless --sort says
    otherwise; copies of a story are all exported unless --collapse-duplicates.  The
    manifest records the query, filters, versions, index state and the file's SHA-256;
    --manifest runs that export again and gives the same rows on a grown archive.

    --format warc writes each article's response record as it was captured (imported, or
    crawled with warc = true); an article without one gets a response record rebuilt from
    its stored HTML, marked WARC-Presswatch-Reconstructed.

    \b
    Example:
      presswatch export '"soft power"' --since 2025-01 -o soft-power.csv --bom
      presswatch export 'china' --country CN --state-affiliated -o china.parquet
      presswatch export --manifest soft-power.csv.manifest.json -o again.csv
      presswatch export '"soft power"' --format warc -o soft-power.warc.gz
    """
    from search.cli.progress import progress_bar
    from search.export import (
        ExportError,
        format_for,
        manifest_path,
        now_utc,
        write_export,
        write_manifest,
    )

    if output == "-":
        raise CliError("-o needs a file name (an export is a file and its manifest)", EXIT_USAGE)
    path = Path(output)
    refuse_archive_files(paths, path, manifest_path(path))
    try:
        fmt = format_for(path, fmt)
    except ExportError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    original: dict[str, Any] | None = None
    if manifest_in is not None:
        if query is not None:
            raise CliError("give either QUERY or --manifest, not both", EXIT_USAGE)
        request, original = _from_manifest(Path(manifest_in))
    elif query is None:
        raise CliError("missing QUERY (or --manifest FILE); '*' exports every article")
    else:
        request = ExportRequest(query, filters, sort, limit, collapse_duplicates)
    index = open_index(paths)
    with reading_index(paths):
        ids = _matching(index, request)
        if not ids:
            check_filters(paths, index, request.filters)
    matches = len(ids)
    if request.limit is not None:
        ids = ids[: request.limit]
    exported_at = now_utc()
    with open_store(paths) as store:
        try:
            with progress_bar(f"exporting {path.name}", len(ids)) as advance:
                written = write_export(
                    store.get_many(ids), path, fmt, bom, len(ids), advance, store
                )
        except ExportError as exc:
            raise CliError(str(exc), EXIT_UNUSABLE) from exc
        manifest = {
            **request.as_json(),
            **written,
            "matches": matches,
            "exported_at": exported_at,
            "presswatch_version": _version(),
            "config": str(paths.config),
            "config_sha256": _config_sha256(paths),
            "data": str(paths.data),
            "index": {
                "documents": index.doc_count(),
                "last_update": _iso(index.last_modified()),
            },
            "archive_newest_first_seen": store.newest_first_seen() or None,
        }
        if original is not None and manifest_in is not None:
            manifest["rerun_of"] = _rerun_report(store, ids, original, manifest, manifest_in)
    manifest_file = write_manifest(path, manifest)
    click.echo(f"wrote {manifest['rows']} articles to {path.resolve()} (manifest: {manifest_file})")


def _rerun_report(
    store: ArticleStore,
    ids: list[int],
    original: dict[str, Any],
    manifest: dict[str, Any],
    manifest_in: str,
) -> dict[str, Any]:
    """How a re-run compares with the export it repeats; changes are also told on stderr."""
    since = datetime.fromisoformat(original.get("exported_at") or manifest["exported_at"])
    changed = store.updated_since(ids, since)
    report = {
        "manifest": str(Path(manifest_in).resolve()),
        "rows": original.get("rows"),
        "sha256": original.get("sha256"),
        "same_rows": original.get("rows") == manifest["rows"],
        "same_file": original.get("sha256") == manifest["sha256"],
        "updated_since": changed,
    }
    if changed:
        click.echo(
            f"{len(changed)} of the exported articles were updated since "
            f"{original.get('exported_at')}: "
            + ", ".join(str(item["id"]) for item in changed[:20])
            + (" ..." if len(changed) > 20 else ""),
            err=True,
        )
    return report


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


COMMANDS = [export]
