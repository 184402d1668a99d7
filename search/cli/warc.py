"""The import-warc command: WARC files (a web archive, Common Crawl News) into the archive."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from crawler.config import ConfigError
from crawler.store import StoreError
from search.cli.collect import (
    indexer_beside,
    refuse_lost_store,
    write_exit_code,
)
from search.cli.context import Paths, read_config, write_lock
from search.cli.errors import EXIT_UNUSABLE, EXIT_USAGE, CliError
from search.cli.options import DAY_METAVAR, path_options
from search.cli.render import print_json, safe_text
from search.filters import FilterError, make_filters

if TYPE_CHECKING:
    from crawler.warc.importer import ImportReport

PROGRESS_EVERY = 10.0  # seconds between progress lines when stderr is not a terminal


@click.command("import-warc")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--site",
    "site_ids",
    multiple=True,
    metavar="ID",
    help="Import only this site's pages (repeatable). Default: every configured site.",
)
@click.option("--since", metavar=DAY_METAVAR, help="Keep articles published on or after this day.")
@click.option("--until", metavar=DAY_METAVAR, help="Keep articles published on or before this day.")
@click.option("--json", "as_json", is_flag=True, help="Print the import report as JSON.")
@path_options
def import_warc(
    paths: Paths,
    sources: tuple[Path, ...],
    site_ids: tuple[str, ...],
    since: str | None,
    until: str | None,
    as_json: bool,
) -> None:
    """Import the HTML responses of WARC files (.warc, .warc.gz, or folders of them).

    Each response whose URL belongs to a configured site (its domains, and its
    article_pattern when it has one) goes through the crawl's own extraction, checks,
    deduplication, store and index. The capture time (WARC-Date) becomes first_seen, the
    file and record id the article's source; the publication date stays the page's own, and
    --since/--until select by it (by capture day when the page gives none). Revisit,
    non-HTML, truncated and malformed records are counted and skipped. Run it again on the
    same files: records already imported are passed over, nothing is stored twice.

    Exit codes: 0 done, 1 a file could not be read or the import was interrupted, 2 usage
    or config error, 3 another presswatch process holds the data directory, 4 store or
    index unusable.

    \b
    Example:
      presswatch import-warc CC-NEWS-20250505*.warc.gz --site bbc-news --since 2025-05-01
      presswatch import-warc ~/archives/warc/ --json
    """
    from crawler.warc.importer import ImportRequest, run_import
    from crawler.warc.read import warc_files

    config = read_config(paths)
    try:
        sites = [config.site(site_id) for site_id in site_ids] or list(config.sites)
        window = make_filters(since=since, until=until)
    except (ConfigError, FilterError) as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    files = warc_files(list(sources))
    if not files:
        raise CliError("no .warc or .warc.gz file in the folders given", EXIT_USAGE)
    request = ImportRequest(files=files, sites=sites, since=window.since, until=window.until)
    with write_lock(paths, "import-warc", creates=True):
        refuse_lost_store(paths)
        with indexer_beside(paths, "importing") as (indexer, index_problem):
            click.echo(f"importing {len(files)} WARC file(s) for {len(sites)} site(s)", err=True)
            try:
                report = run_import(config, paths.data, request, indexer, _Progress())
            except StoreError as exc:
                raise CliError(str(exc), EXIT_UNUSABLE) from exc
        report.index_error = report.index_error or index_problem
    if as_json:
        print_json(report.as_json())
    else:
        for line in summary_lines(report):
            click.echo(safe_text(line))
    sys.exit(_exit_code(report))


class _Progress:
    """Records read per second and articles stored, on one line of stderr (a new line every
    PROGRESS_EVERY seconds when stderr is not a terminal)."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last = time.monotonic()

    def __call__(self, report: ImportReport) -> None:
        now = time.monotonic()
        if not self.tty and now - self.last < PROGRESS_EVERY:
            return
        self.last = now
        rate = report.records / max(report.seconds, 1e-9)
        line = f"read {report.records} records ({rate:.0f}/s), {report.articles} articles stored"
        click.echo(f"\r{line}" if self.tty else line, err=True, nl=not self.tty)


def summary_lines(report: ImportReport) -> list[str]:
    """The import's summary: totals, then why records were passed over, then per site."""
    data = report.as_json()
    stored = data["stored"]
    lines = [
        f"import: {report.files} files, {report.records} records in {report.seconds:.1f} s "
        f"({data['records_per_second']} records/s, {data['articles_per_second']} articles/s)",
        f"stored: {stored['new']} new, {stored['updated']} updated, "
        f"{stored['duplicate']} duplicate, {stored['unchanged']} unchanged",
        f"passed over: {report.outside} outside the configured sites, {report.known} already "
        f"imported, {report.older} older than the capture stored, {report.out_of_range} "
        "published outside --since/--until",
    ]
    if report.skipped:
        lines.append("skipped: " + _counts(report.skipped))
    if report.dropped:
        lines.append("dropped: " + _counts(report.dropped))
    for site, counts in sorted(report.sites.items()):
        lines.append(f"  {site}: {_counts(counts)}")
    lines.extend(f"unreadable: {failed}" for failed in report.failed_files)
    if report.interrupted:
        lines.append("interrupted: what was stored is kept; run again to finish")
    return lines


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {count}" for name, count in sorted(counts.items()))


def _exit_code(report: ImportReport) -> int:
    return write_exit_code(report.store_error, report.index_error, report.ok)


COMMANDS = [import_warc]
