"""Commands that read: search, show, sites, try."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

import click

from crawler.config import ConfigError
from search.cli.context import (
    Paths,
    check_filters,
    open_index,
    open_store,
    read_config,
    reading_index,
)
from search.cli.errors import EXIT_UNUSABLE, EXIT_USAGE, CliError
from search.cli.options import collapse_option, filter_options, path_options, sort_option
from search.cli.render import (
    print_article,
    print_json,
    print_revisions,
    print_search_result,
    search_json,
)

if TYPE_CHECKING:
    from crawler.model import Article
    from crawler.store import ArticleStore, Revision
    from search.searcher import Sort


def _run_search(paths: Paths, query: str, filters: Any, **options: Any) -> Any:
    from indexer.index import PresswatchIndexError
    from search.query import QuerySyntaxError
    from search.searcher import search as run

    index = open_index(paths)
    try:
        with reading_index(paths):
            result = run(index, query, filters, **options)
            if not result.total:
                check_filters(paths, index, filters)
    except QuerySyntaxError as exc:
        raise CliError(f"bad query: {exc}", EXIT_USAGE) from exc
    except PresswatchIndexError as exc:
        raise CliError(str(exc), EXIT_UNUSABLE) from exc
    return result


@click.command()
@click.argument("query")
@filter_options
@sort_option("relevance")
@collapse_option(True)
@click.option(
    "--limit", type=click.IntRange(min=1), default=10, show_default=True, help="Hits per page."
)
@click.option(
    "--page",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Page of hits to show (--limit per page).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON: query, total, hits.")
@click.option("--jsonl", "as_jsonl", is_flag=True, help="Print one JSON hit per line.")
@click.option("--count", "count_only", is_flag=True, help="Print only the number of matches.")
@path_options
def search(
    paths: Paths,
    query: str,
    filters: Any,
    sort: Sort,
    collapse_duplicates: bool,
    limit: int,
    page: int,
    as_json: bool,
    as_jsonl: bool,
    count_only: bool,
) -> None:
    """Search the archive with Whoosh query syntax; '*' matches every article.

    AND/OR/NOT, "phrases", "soft power"~3, field:term (title, body, lead, authors, site,
    language, section, tags, country, media_type, owner, state_affiliated, site_tags),
    wildcards (elect*), published:[2025-01-01 TO 2025-05-31].  Copies of the same story
    on several sites show as one hit with the number of copies (--no-collapse-duplicates
    lists each).

    \b
    Example:
      presswatch search '"soft power" AND china' --since 2025-01 --sort newest
      presswatch search 'title:election' --country GB --page 2 --json
      presswatch search 'china' --state-affiliated --since 'last week' --count
    """
    if as_json + as_jsonl + count_only > 1:
        raise CliError("choose one of --json, --jsonl and --count", EXIT_USAGE)
    result = _run_search(
        paths,
        query,
        filters,
        sort=sort,
        limit=0 if count_only else limit,
        offset=(page - 1) * limit,
        collapse_duplicates=collapse_duplicates and not count_only,
    )
    if count_only:
        click.echo(result.total)
    elif as_json:
        print_json(search_json(result, page))
    elif as_jsonl:
        for hit in search_json(result, page)["hits"]:
            click.echo(json.dumps(hit, ensure_ascii=False))
    else:
        print_search_result(result, (page - 1) * limit)


@click.command()
@click.argument("article")
@click.option("--json", "as_json", is_flag=True, help="Print the article as JSON.")
@click.option(
    "--revisions",
    "list_revisions",
    is_flag=True,
    help="List the earlier versions kept of the article and the fields each update changed.",
)
@click.option(
    "--revision",
    type=click.IntRange(min=1),
    metavar="N",
    help="Show earlier version N (see --revisions) instead of the current one.",
)
@path_options
def show(
    paths: Paths, article: str, as_json: bool, list_revisions: bool, revision: int | None
) -> None:
    """Show one stored article in full: every field and where it came from.

    ARTICLE is the article's URL or its numeric id (from `search --json` or an export).
    When a crawl found an article changed, its earlier versions are kept (`keep_revisions`,
    default 10): --revisions lists them, --revision N shows one.

    \b
    Example:
      presswatch show https://english.cctv.com/2025/05/05/ARTI123.shtml
      presswatch show 42 --json
      presswatch show 42 --revisions
    """
    from crawler.model import article_to_dict

    with open_store(paths) as store:
        found = store.get(int(article)) if article.isdigit() else _by_url(store, article)
        if found is None:
            raise CliError(
                f"no stored article with {'id' if article.isdigit() else 'URL'} "
                f"{article}; find one with `presswatch search`",
                EXIT_USAGE,
            )
        assert found.id is not None
        revisions = store.revisions(found.id) if list_revisions or revision else []
    if list_revisions:
        _print_revisions(found, revisions, as_json)
        return
    if revision is not None:
        found = _revision(found, revisions, revision)
    if as_json:
        print_json(article_to_dict(found))
    else:
        print_article(found)


def _revision(current: Article, revisions: list[Revision], number: int) -> Article:
    """Version ``number`` of an article among those kept; exit 2 naming the kept ones."""
    for kept in revisions:
        if kept.version == number:
            return kept.article
    numbers = ", ".join(str(kept.version) for kept in revisions) or "none"
    raise CliError(
        f"article {current.id} has no earlier version {number} kept (kept: {numbers}); "
        "list them with --revisions",
        EXIT_USAGE,
    )


def _print_revisions(current: Article, revisions: list[Revision], as_json: bool) -> None:
    from crawler.model import article_to_dict, changed_fields

    replaced_by = [kept.article for kept in revisions[1:]] + [current] if revisions else []
    changes = [
        changed_fields(kept.article, new) for kept, new in zip(revisions, replaced_by, strict=True)
    ]
    if as_json:
        print_json(
            {
                "id": current.id,
                "revisions": [
                    {
                        "version": kept.version,
                        "replaced_at": kept.replaced_at.isoformat(),
                        "changed": changed,
                        "article": article_to_dict(kept.article),
                    }
                    for kept, changed in zip(revisions, changes, strict=True)
                ],
            }
        )
    else:
        print_revisions(current, revisions, changes)


def _by_url(store: ArticleStore, url: str) -> Article | None:
    """The article stored under this URL, as given or in its normalised key form."""
    from crawler.extract.textnorm import url_key

    return store.get_by_url(url) or store.get_by_url(url_key(url))


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the sites as JSON.")
@path_options
def sites(paths: Paths, as_json: bool) -> None:
    """List the configured sites (validated) with article counts and their last crawl.

    \b
    Example:
      presswatch --config config/sites.toml sites --json
    """
    from crawler.store.health import site_health

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
                "paywall": store.paywall_counts(site.id) if store else _NO_PAYWALL_COUNTS,
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


_NO_PAYWALL_COUNTS = {"paywalled": 0, "free": 0, "unknown": 0}


def _articles_cell(articles: int, counts: dict[str, int]) -> str:
    """'10 (3 paywalled)': the article count and how many are behind a paywall, with those
    whose flag is unknown (stored before paywalls were read) named apart."""
    notes = [f"{counts['paywalled']} paywalled"] if counts["paywalled"] else []
    if counts["unknown"]:
        notes.append(f"{counts['unknown']} unknown")
    return f"{articles} ({', '.join(notes)})" if notes else str(articles)


def _print_sites(rows: list[dict[str, Any]]) -> None:
    from rich.table import Table

    from search.cli.render import console, safe_text

    table = Table()
    for column in ("id", "name", "sources", "articles", "last crawl", "status", "health"):
        table.add_column(column)
    for row in rows:
        sources = f"{row['feeds']} feeds, {row['sitemaps']} sitemaps, {row['start_urls']} pages"
        cells = (
            row["id"],
            row["name"],
            sources,
            _articles_cell(row["articles"], row["paywall"]),
            row["last_crawl"] or "never",
            row["last_status"] or "-",
            row["health_label"],
        )
        table.add_row(*(safe_text(cell) for cell in cells))
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

    from crawler.config import CrawlDefaults
    from crawler.crawl.fetch import FetchError, fetch_page
    from crawler.extract import extract_article
    from crawler.model import article_to_dict
    from crawler.time_limit import ExtractionTimedOut, time_limit

    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme not in ("http", "https"):
        hint = f"; write https://{url}" if not scheme and " " not in url.strip() else ""
        message = f"{url!r} is not an http(s) URL: a crawl fetches only those{hint}"
        raise CliError(message, EXIT_USAGE)
    site, defaults = None, CrawlDefaults()
    if site_id:
        config = read_config(paths)
        try:
            site = config.site(site_id)
        except ConfigError as exc:
            raise CliError(str(exc), EXIT_USAGE) from exc
        defaults = config.defaults
    try:
        page = fetch_page(url)
    except FetchError as exc:
        raise CliError(f"cannot fetch {exc}", 1) from exc
    try:
        with time_limit(defaults.extract_timeout, f"extraction of {page.url}"):
            article = extract_article(page.html, page.url, site=site, fetched_at=datetime.now(UTC))
    except ExtractionTimedOut as exc:
        raise CliError(f"{exc}: a crawl would drop this page (ExtractionTimeout)", 1) from exc
    if as_json:
        print_json(article_to_dict(article))
    else:
        print_article(article)
    verdicts = _crawl_verdicts(page.html, page.url, article, site, defaults.max_page_bytes)
    for verdict in verdicts:
        click.echo(f"a crawl would not store this page: {verdict}", err=True)
    if verdicts or not article.body:
        sys.exit(1)


def _crawl_verdicts(html: str, url: str, article: Any, site: Any, limit: int) -> list[str]:
    """Why a crawl would drop the page `try` showed: over `limit` bytes, or not an article
    (with the reason the crawl's run records would give); none when it would store it."""
    from datetime import UTC, datetime

    from crawler.keep import rejection

    verdicts = []
    size = len(html.encode("utf-8", "replace"))
    if limit and size > limit:
        verdicts.append(f"larger than max_page_bytes (about {size:,} bytes; limit {limit:,})")
    rejected = rejection(article, html, url, site, datetime.now(UTC))
    if rejected is not None:
        verdicts.append(f"{rejected.reason} ({rejected.detail})")
    return verdicts


COMMANDS = [search, show, sites, try_url]
