"""The `runs` command: recent crawl runs with their accounting, and the URLs behind a count."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from crawler.store.run_log import OUTCOMES, RunRow, get_run, recent_runs, run_urls
from search.cli.context import Paths, check_stored_site, open_store
from search.cli.errors import EXIT_USAGE, CliError
from search.cli.options import path_options
from search.cli.render import console, print_json

if TYPE_CHECKING:
    from crawler.store.run_log import UrlOutcome

DEFAULT_LAST = 10


@click.command()
@click.option("--site", "site_id", metavar="ID", help="Only the runs of this site.")
@click.option(
    "--last",
    type=click.IntRange(min=1),
    default=DEFAULT_LAST,
    show_default=True,
    help="How many site runs to list, newest first.",
)
@click.option(
    "--run",
    "run_id",
    type=click.IntRange(min=1),
    metavar="RUN",
    help="List the article URLs of this site run (its id in the listing) with their outcome.",
)
@click.option(
    "--outcome",
    type=click.Choice(OUTCOMES),
    help="With --run: only the URLs that ended so.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@path_options
def runs(
    paths: Paths,
    site_id: str | None,
    last: int,
    run_id: int | None,
    outcome: str | None,
    as_json: bool,
) -> None:
    """List recent crawl runs, one row per site, with what became of every article page.

    Each article URL a run requested ends in one outcome: new, updated, unchanged,
    duplicate, dropped (with its reason), blocked (with its evidence) or failed (with the
    error). The counts add up to the URLs requested; `unaccounted` is always 0. With --run,
    the URLs behind the counts of that site run, each with its outcome and why.

    \b
    Example:
      presswatch runs --last 5
      presswatch runs --site cctv-english --json
      presswatch runs --run 42 --outcome dropped
    """
    if outcome and run_id is None:
        raise CliError("--outcome needs --run RUN (a run id from `presswatch runs`)", EXIT_USAGE)
    with open_store(paths) as store:
        if run_id is None:
            rows = recent_runs(store, site_id, last)
            if not rows:
                check_stored_site(paths, store, site_id)
            urls: list[tuple[str, UrlOutcome]] = []
        else:
            found = get_run(store, run_id)
            if found is None:
                raise CliError(
                    f"no run with id {run_id}; list them with `presswatch runs`", EXIT_USAGE
                )
            rows, urls = [found], run_urls(store, run_id, outcome)
    if run_id is None:
        _print_runs(rows, as_json)
    else:
        _print_urls(rows[0], urls, as_json)


def run_json(row: RunRow) -> dict[str, Any]:
    """One site run as JSON: its counts per outcome and dropped reasons (None before they
    were recorded, in runs of older versions)."""
    summary = row.summary
    return {
        "id": row.id,
        "site": row.site,
        "started": row.started,
        "ended": row.ended,
        "status": row.status,
        "reason": summary.get("reason", ""),
        "requested": summary.get("requested"),
        "outcomes": summary.get("outcomes"),
        "dropped": summary.get("dropped", {}),
        "unaccounted": summary.get("unaccounted"),
    }


def _print_runs(rows: list[RunRow], as_json: bool) -> None:
    records = [run_json(row) for row in rows]
    if as_json:
        print_json(records)
        return
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title="crawl runs (newest first)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )
    for column in ("run", "site", "started (UTC)", "status", "requested", *OUTCOMES):
        left = column in ("site", "started (UTC)", "status")
        table.add_column(column, justify="left" if left else "right", no_wrap=True)
    for record in records:
        counts = record["outcomes"] or {}
        cells = [
            str(record["id"]),
            record["site"],
            record["started"][:16].replace("T", " "),
            record["status"],
            _count(record["requested"]),
            *(_count(counts.get(kind)) for kind in OUTCOMES),
        ]
        table.add_row(*(Text(_printable(cell)) for cell in cells))
    out = console()
    out.print(table)
    if not records:
        out.print("no runs recorded yet; start one with `presswatch crawl`", markup=False)
    # The counts add up to the URLs requested; a run where they do not is named (a bug).
    for record in records:
        if record["unaccounted"]:
            out.print(
                f"run {record['id']}: {record['unaccounted']} article URLs without an outcome",
                markup=False,
            )


def _print_urls(row: RunRow, urls: list[tuple[str, UrlOutcome]], as_json: bool) -> None:
    if as_json:
        print_json(
            {
                "run": run_json(row),
                "urls": [
                    {"url": url, "outcome": found.outcome, "detail": found.detail}
                    for url, found in urls
                ],
            }
        )
        return
    # One plain line per URL (never folded), so a URL can be copied whole.
    click.echo(f"run {row.id}: {row.site}, started {row.started[:19]}, {len(urls)} URLs")
    for url, found in urls:
        line = f"{found.outcome:<10} {url}" + (f"  ({found.detail})" if found.detail else "")
        click.echo(_printable(line))


def _printable(text: str) -> str:
    """Page-derived text for the terminal: control characters (ESC...) replaced."""
    return "".join(ch if ch.isprintable() else "\ufffd" for ch in text)


def _count(value: int | None) -> str:
    return "-" if value is None else str(value)


COMMANDS = [runs]
