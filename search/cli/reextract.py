"""`presswatch reextract`: improved extraction applied to the articles already stored."""

from __future__ import annotations

import click

from search.cli.context import (
    Paths,
    check_stored_site,
    open_index,
    open_store,
    read_config,
    write_lock,
)
from search.cli.options import path_options
from search.cli.progress import progress_bar


@click.command()
@click.option("--site", "site_id", metavar="ID", help="Only this site's articles.")
@path_options
def reextract(paths: Paths, site_id: str | None) -> None:
    """Run extraction again over the stored pages; update what changed in store and index.

    An article with a WARC record (imported, or crawled with warc = true) is read from its
    original bytes and headers; the others from the raw HTML kept in the store. Nothing is
    downloaded. The site's config (selectors, timezone, languages) is used when the
    config file names the site. Changed articles keep their old version as a revision.
    Extraction runs in one worker process per core; a progress bar shows on a terminal.

    \b
    Example:
      presswatch reextract --site cctv-english
    """
    from crawler.reextract import reextract as run_reextract
    from indexer.sync import index_pending

    config = read_config(paths) if paths.config.exists() else None
    with write_lock(paths, "reextract"), open_store(paths) as store:
        check_stored_site(paths, store, site_id)
        with progress_bar("re-extracting") as advance:
            report = run_reextract(store, config, site_id, progress=advance)
        indexed = index_pending(store, open_index(paths, create=True))
    fields = ", ".join(f"{name} {count}" for name, count in report.fields.most_common())
    click.echo(
        f"re-extracted {report.checked} articles: {report.changed} changed"
        + (f" ({fields})" if fields else "")
        + f", {report.skipped} skipped"
        + (f" ({report.timed_out} past extract_timeout)" if report.timed_out else "")
        + f"; {indexed} re-indexed"
        + (f"; {report.from_warc} read from their WARC record" if report.from_warc else "")
    )


COMMANDS = [reextract]
