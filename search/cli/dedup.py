"""The `dedup` command: recompute near-duplicate groups and source metadata for the archive."""

from __future__ import annotations

import click

from search.cli.context import Paths, open_index, open_store, read_config, write_lock
from search.cli.errors import CliError
from search.cli.options import path_options


@click.command()
@click.option(
    "--threshold",
    type=float,
    default=None,
    help="Near-duplicate threshold for this run (default: [defaults] near_duplicate_threshold).",
)
@path_options
def dedup(paths: Paths, threshold: float | None) -> None:
    """Recompute the near-duplicate groups of every stored article, then re-index changes.

    Also re-applies each site's source metadata (country, media_type, owner,
    state_affiliated, tags) from the config to the articles already stored.  A crawl links
    new articles as it stores them; run this after changing the threshold or site metadata.

    \b
    Example:
      presswatch dedup
      presswatch dedup --threshold 0.7
    """
    from crawler.sources import refresh_sources
    from crawler.store.duplicates import SIMILARITY_FLOOR, relink_all
    from indexer.sync import index_pending
    from search.cli.progress import progress_bar

    config = read_config(paths)
    chosen = config.defaults.near_duplicate_threshold if threshold is None else threshold
    if not SIMILARITY_FLOOR <= chosen <= 1.0:
        raise CliError(f"--threshold must be from {SIMILARITY_FLOOR} to 1.0, got {chosen}")
    with write_lock(paths, "dedup"), open_store(paths) as store:
        with progress_bar("linking duplicates") as advance:
            report = relink_all(store, chosen, advance)
        sources = refresh_sources(store, config.sites)
        indexed = index_pending(store, open_index(paths, create=True))
    click.echo(
        f"{report.articles} articles, {report.groups_with_copies} duplicate groups with "
        f"copies, {report.edges} similar pairs (threshold {chosen}); "
        f"{report.changed} group changes, {sources} source metadata changes; "
        f"re-indexed {indexed} articles"
    )


COMMANDS = [dedup]
