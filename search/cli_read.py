"""Commands that read: search, export, show, sites, try."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from crawler.config import ConfigError
from search.context import Paths, open_index, open_store, read_config
from search.errors import EXIT_UNUSABLE, EXIT_USAGE, CliError
from search.options import path_options
from search.render import print_article, print_json, print_search_result, search_json

if TYPE_CHECKING:
    from search.searcher import Sort


def _day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a day; use YYYY-MM-DD") from None


def filter_options(command: Any) -> Any:
    """--site, --lang, --since, --until, --sort, --limit, shared by search and export."""
    options = [
        click.option("--site", "sites", multiple=True, metavar="ID", help="Only this site."),
        click.option(
            "--lang",
            "languages",
            multiple=True,
            metavar="CODE",
            help="Only this language (ISO 639-1, e.g. en, zh).",
        ),
        click.option(
            "--since",
            callback=_day,
            metavar="YYYY-MM-DD",
            help="Published on or after this day (the outlet's calendar day).",
        ),
        click.option(
            "--until",
            callback=_day,
            metavar="YYYY-MM-DD",
            help="Published on or before this day (inclusive).",
        ),
        click.option(
            "--sort",
            type=click.Choice(["relevance", "newest", "oldest"]),
            default="relevance",
            show_default=True,
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _filters(
    sites: tuple[str, ...], languages: tuple[str, ...], since: date | None, until: date | None
) -> Any:
    from search.searcher import SearchFilters

    if since and until and since > until:
        raise CliError(f"--since {since} is after --until {until}", EXIT_USAGE)
    return SearchFilters(
        sites=list(sites), languages=[code.lower() for code in languages], since=since, until=until
    )


def _run_search(
    paths: Paths, query: str, filters: Any, sort: Sort, limit: int | None, offset: int = 0
) -> Any:
    from indexer.index import PresswatchIndexError
    from search.query import QuerySyntaxError
    from search.searcher import search as run

    index = open_index(paths)
    try:
        return run(index, query, filters, sort=sort, limit=limit, offset=offset)
    except QuerySyntaxError as exc:
        raise CliError(f"bad query: {exc}", EXIT_USAGE) from exc
    except PresswatchIndexError as exc:
        raise CliError(str(exc), EXIT_UNUSABLE) from exc


@click.command()
@click.argument("query")
@filter_options
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON: query, total, hits.")
@path_options
def search(
    paths: Paths,
    query: str,
    sites: tuple[str, ...],
    languages: tuple[str, ...],
    since: date | None,
    until: date | None,
    sort: Sort,
    limit: int,
    as_json: bool,
) -> None:
    """Search the archive with Whoosh query syntax; '*' matches every article.

    AND/OR/NOT, "phrases", field:term (title, body, lead, authors, site, language, section,
    tags), wildcards (elect*), published:[2025-01-01 TO 2025-05-31].

    \b
    Example:
      presswatch search '"soft power" AND china' --since 2025-01-01 --sort newest
      presswatch search 'title:election' --site bbc-news --json
    """
    result = _run_search(paths, query, _filters(sites, languages, since, until), sort, limit)
    if as_json:
        print_json(search_json(result))
    else:
        print_search_result(result)


@click.command()
@click.argument("query")
@filter_options
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
    help="File to write (.csv or .jsonl); FILE.manifest.json is written beside it.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "jsonl"]),
    default=None,
    help="Format (default: from the file suffix).",
)
@path_options
def export(
    paths: Paths,
    query: str,
    sites: tuple[str, ...],
    languages: tuple[str, ...],
    since: date | None,
    until: date | None,
    sort: Sort,
    limit: int | None,
    output: str,
    fmt: str | None,
) -> None:
    """Export every matching article with all its fields, plus a manifest.

    \b
    Example:
      presswatch export '"soft power"' --since 2025-01-01 -o soft-power.csv
      presswatch export 'china' --site cctv-english -o china.jsonl
    """
    from search.export import ExportError, ExportRequest, export_articles, format_for
    from search.searcher import matching_ids

    path = Path(output)
    try:
        fmt = format_for(path, fmt)
    except ExportError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    filters = _filters(sites, languages, since, until)
    _run_search(paths, query, filters, sort, 1)  # validates the query and the index first
    ids = list(matching_ids(open_index(paths), query, filters, sort=sort))
    if limit is not None:
        ids = ids[:limit]
    request = ExportRequest(query=query, filters=_filters_json(filters), sort=sort, limit=limit)
    with open_store(paths) as store:
        try:
            manifest = export_articles(
                store.get_many(ids),
                path,
                fmt,
                request,
                extra_manifest={
                    "presswatch_version": _version(),
                    "matches": len(ids),
                    "config": str(paths.config),
                    "data": str(paths.data),
                },
            )
        except ExportError as exc:
            raise CliError(str(exc), EXIT_UNUSABLE) from exc
    click.echo(
        f"wrote {manifest['rows']} articles to {path.resolve()} "
        f"(manifest: {path.resolve()}.manifest.json)"
    )


def _filters_json(filters: Any) -> dict[str, Any]:
    return {
        "sites": filters.sites,
        "languages": filters.languages,
        "since": filters.since.isoformat() if filters.since else None,
        "until": filters.until.isoformat() if filters.until else None,
    }


def _version() -> str:
    from search.cli import __version__

    return __version__


@click.command()
@click.argument("article")
@click.option("--json", "as_json", is_flag=True, help="Print the article as JSON.")
@path_options
def show(paths: Paths, article: str, as_json: bool) -> None:
    """Show one stored article in full: every field and where it came from.

    ARTICLE is the article's URL or its numeric id (from `search --json` or an export).

    \b
    Example:
      presswatch show https://english.cctv.com/2025/05/05/ARTI123.shtml
      presswatch show 42 --json
    """
    from crawler.model import article_to_dict

    with open_store(paths) as store:
        found = store.get(int(article)) if article.isdigit() else store.get_by_url(article)
    if found is None:
        raise CliError(
            f"no stored article with {'id' if article.isdigit() else 'URL'} "
            f"{article}; find one with `presswatch search`",
            EXIT_USAGE,
        )
    if as_json:
        print_json(article_to_dict(found))
    else:
        print_article(found)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the sites as JSON.")
@path_options
def sites(paths: Paths, as_json: bool) -> None:
    """List the configured sites (validated) with article counts and their last crawl.

    \b
    Example:
      presswatch --config config/sites.toml sites --json
    """
    from crawler.health import site_health

    config = read_config(paths)
    store = open_store(paths) if (paths.data / "articles.sqlite3").exists() else None
    rows = []
    for site in config.sites:
        last = store.last_run(site.id) if store else None
        rows.append(
            {
                "id": site.id,
                "name": site.name,
                "domains": list(site.domains),
                "feeds": len(site.feeds),
                "sitemaps": len(site.sitemaps),
                "start_urls": len(site.start_urls),
                "articles": store.count(site.id) if store else 0,
                "last_crawl": last["ended"] if last else None,
                "last_status": last["status"] if last else None,
                **site_health(store, site.id, site.schedule),
            }
        )
    if store:
        store.close()
    if as_json:
        print_json(rows)
        return
    _print_sites(rows)


def _print_sites(rows: list[dict[str, Any]]) -> None:
    from rich.table import Table

    from search.render import console

    table = Table()
    for column in ("id", "name", "sources", "articles", "last crawl", "status", "health"):
        table.add_column(column)
    for row in rows:
        sources = f"{row['feeds']} feeds, {row['sitemaps']} sitemaps, {row['start_urls']} pages"
        table.add_row(
            row["id"],
            row["name"],
            sources,
            str(row["articles"]),
            row["last_crawl"] or "never",
            row["last_status"] or "-",
            row["health_label"],
        )
    console().print(table)


@click.command(name="try")
@click.argument("url")
@click.option("--site", "site_id", metavar="ID", help="Use this site's config (selectors...).")
@click.option("--json", "as_json", is_flag=True, help="Print the extracted article as JSON.")
@path_options
def try_url(paths: Paths, url: str, site_id: str | None, as_json: bool) -> None:
    """Fetch one page now and show what extraction finds; nothing is stored.

    \b
    Example:
      presswatch try https://www.bbc.com/news/articles/c0000000 --site bbc-news
    """
    from datetime import UTC, datetime

    from crawler.extract import extract_article
    from crawler.fetch import FetchError, fetch_page
    from crawler.model import article_to_dict

    site = None
    if site_id:
        try:
            site = read_config(paths).site(site_id)
        except ConfigError as exc:
            raise CliError(str(exc), EXIT_USAGE) from exc
    try:
        page = fetch_page(url)
    except FetchError as exc:
        raise CliError(f"cannot fetch {exc}", 1) from exc
    article = extract_article(page.html, page.url, site=site, fetched_at=datetime.now(UTC))
    if as_json:
        print_json(article_to_dict(article))
    else:
        print_article(article)
    if not article.body:
        sys.exit(1)


COMMANDS = [search, export, show, sites, try_url]
