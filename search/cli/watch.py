"""The `watch` commands: deliver saved searches' new matches, list them."""

from __future__ import annotations

import sys

import click

from search.cli.context import Paths
from search.cli.errors import EXIT_SITE_FAILED, EXIT_UNUSABLE, EXIT_USAGE, CliError
from search.cli.options import path_options
from search.cli.render import print_json


@click.group()
def watch() -> None:
    """Saved searches ([[watch]] tables in the config) that deliver new matches.

    Each watch has a name, a query, optional filters (site, lang, country, media_type,
    state_affiliated, since) and one output: a JSON Lines file, an Atom feed file, or a
    command that reads JSON Lines on stdin.  `presswatch crawl` runs them at its end.

    \b
    Example:
      presswatch watch run
      presswatch watch list --json
    """


@watch.command(name="run")
@click.option("--name", "names", multiple=True, metavar="NAME", help="Only this watch.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@path_options
def run(paths: Paths, names: tuple[str, ...], as_json: bool) -> None:
    """Deliver every watch's matches not delivered before (exit 1 when one failed).

    \b
    Example:
      presswatch watch run --name soft-power
    """
    from crawler.store.lock import UnsafeLockError
    from search.watch import run_watches

    try:
        summary = run_watches(paths.config, paths.data, paths.index_dir, list(names))
    except UnsafeLockError as exc:
        raise CliError(str(exc), EXIT_UNUSABLE) from exc
    if summary.error:
        raise CliError(summary.error, summary.error_code)
    if as_json:
        print_json(summary.as_json())
    else:
        for line in summary.lines() or ["no watches configured"]:
            click.echo(line)
    sys.exit(0 if summary.ok else EXIT_SITE_FAILED)


@watch.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print the watches as JSON.")
@path_options
def list_watches(paths: Paths, as_json: bool) -> None:
    """List the configured watches with how many matches each has delivered.

    \b
    Example:
      presswatch watch list
    """
    from crawler.store import ArticleStore, StoreError
    from crawler.store.watch_state import delivered_counts
    from search.filters import filters_json
    from search.watch import WatchConfigError, load_watches

    try:
        watches = load_watches(paths.config)
    except WatchConfigError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    counts: dict[str, int] = {}
    try:
        with ArticleStore.open(paths.data, create=False) as store:
            counts = delivered_counts(store)
    except StoreError:
        pass  # nothing crawled yet: nothing delivered
    rows = [
        {
            "name": w.name,
            "query": w.query,
            "filters": filters_json(w.filters),
            "output": w.output,
            "target": w.target,
            "delivered": counts.get(w.name, 0),
        }
        for w in watches
    ]
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo("no watches configured")
    for row in rows:
        click.echo(
            f"{row['name']}: {row['query']!r} -> {row['output']} {row['target']} "
            f"({row['delivered']} delivered)"
        )


COMMANDS = [watch]
