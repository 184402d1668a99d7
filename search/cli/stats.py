"""The `stats` command: coverage of a query per day, week or month, as table, data or chart."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from search.cli.context import Paths, check_filters, open_index, reading_index
from search.cli.errors import EXIT_UNUSABLE, EXIT_USAGE, CliError
from search.cli.options import collapse_option, filter_options, path_options
from search.cli.render import console, print_json, safe_text, terminal_chart
from search.filters import filters_json

if TYPE_CHECKING:
    from search.searcher import SearchFilters
    from search.stats import Coverage


def _subtitle(filters: dict[str, Any]) -> str:
    """The filters in a few words, for the chart."""
    parts = []
    for key, label in (("sites", "site"), ("languages", "lang"), ("countries", "country")):
        if filters[key]:
            parts.append(f"{label} {', '.join(filters[key])}")
    if filters["media_types"]:
        parts.append(", ".join(filters["media_types"]))
    if filters["state_affiliated"] is not None:
        parts.append("state-affiliated" if filters["state_affiliated"] else "not state-affiliated")
    if filters.get("paywalled") is not None:
        parts.append("paywalled" if filters["paywalled"] else "free to read")
    if filters["since"] or filters["until"]:
        parts.append(f"{filters['since'] or '…'} to {filters['until'] or '…'}")
    return "; ".join(parts)


@click.command()
@click.argument("query")
@filter_options
@click.option(
    "--by",
    type=click.Choice(["day", "week", "month"]),
    default="day",
    show_default=True,
    help="Period to count per (the outlet's own publication day; weeks start on Monday).",
)
@click.option(
    "--split",
    type=click.Choice(["site", "country", "language"]),
    default=None,
    help="One count (and line) per site, source country or language.",
)
@collapse_option(False)
@click.option(
    "--csv", "as_csv", is_flag=True, help="Print CSV: period, start, end, [split], count."
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print JSON: totals and one entry per period."
)
@click.option(
    "--plot",
    "plot_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Also draw the chart into this PNG file.",
)
@path_options
def stats(
    paths: Paths,
    query: str,
    filters: SearchFilters,
    by: str,
    split: str | None,
    collapse_duplicates: bool,
    as_csv: bool,
    as_json: bool,
    plot_path: str | None,
) -> None:
    """Count matching articles per day, week or month, with a chart.

    Every period from the first match to the last (or over --since/--until) is listed,
    zeros included.  --collapse-duplicates counts each story once (at its first copy).

    \b
    Example:
      presswatch stats '"soft power"' --by week --split country
      presswatch stats 'china' --state-affiliated --by month --plot china.png
      presswatch stats 'election' --since 2025-01 --csv > election.csv
    """
    from indexer.index import PresswatchIndexError
    from search.plot import PlotError, require_matplotlib
    from search.query import QuerySyntaxError
    from search.stats import coverage, coverage_json, coverage_rows

    if as_csv and as_json:
        raise CliError("choose one of --csv and --json", EXIT_USAGE)
    if plot_path is not None:
        try:
            require_matplotlib()
        except PlotError as exc:
            raise CliError(str(exc), EXIT_USAGE) from exc
    try:
        index = open_index(paths)
        with reading_index(paths):
            result = coverage(index, query, filters, by, split, collapse_duplicates)
            if not result.total:
                check_filters(paths, index, filters)
    except QuerySyntaxError as exc:
        raise CliError(f"bad query: {exc}", EXIT_USAGE) from exc
    except PresswatchIndexError as exc:
        raise CliError(str(exc), EXIT_UNUSABLE) from exc
    except ValueError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    described = filters_json(filters)
    if plot_path is not None:
        written = _plot(result, Path(plot_path), _subtitle(described))
        click.echo(f"wrote the chart to {written}", err=True)
    if as_json:
        print_json(coverage_json(result, described))
    elif as_csv:
        header, rows = coverage_rows(result)
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    else:
        _print_table(result)


def _plot(result: Coverage, path: Path, subtitle: str) -> Path:
    from search.plot import write_png

    try:
        return write_png(result, path, subtitle)
    except OSError as exc:
        raise CliError(f"cannot write {path.resolve()}: {exc.strerror or exc}", 4) from exc


def _print_table(result: Coverage) -> None:
    out = console()
    if not result.starts:
        out.print(safe_text(f"no dated matches for {result.query!r}"))
    else:
        out.print(terminal_chart(result))
    unit = "stories" if result.collapse_duplicates else "articles"
    line = f"total: {result.total} {unit}"
    if result.undated:
        line += f" ({result.undated} without a publication day, not in the chart)"
    out.print(line)


COMMANDS = [stats]
