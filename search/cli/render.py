"""How results look: rich tables for people, JSON for scripts."""

from __future__ import annotations

import json
import re
import sys
from datetime import UTC
from typing import TYPE_CHECKING, Any

import click

from crawler.model import ARTICLE_FIELDS, BOOL_FIELDS, Article, article_to_dict

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from crawler.crawl.run import CrawlReport, SiteReport
    from crawler.store import Revision
    from search.searcher import Hit, SearchResult
    from search.stats import Coverage

TERMINAL_COLORS = ("blue", "dark_orange", "green", "red", "purple", "orange4", "magenta", "grey50")
# C0 and C1 control characters but tab and newline: an ESC from a page must never reach the
# terminal (colours, links, window titles); each is replaced one for one so spans still fit.
_TERMINAL_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def console() -> Console:
    """A rich console on stdout (plain text when not a terminal).

    Markup and emoji codes are off: every string printed, page-derived or not, is shown as
    written (a title "[bold]" or "[link=file:///etc/passwd]" is text, never a style or a
    crash).  Style with ``style=`` or rich ``Text`` objects instead of markup.
    """
    from rich.console import Console

    return Console(
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
        width=None if sys.stdout.isatty() else 120,
    )


def safe_text(value: object) -> str:
    """A value for the terminal: control characters (ESC...) replaced, same length."""
    return _TERMINAL_CONTROLS.sub("\ufffd", str(value))


def print_json(value: Any) -> None:
    """One JSON document on stdout, UTF-8 kept readable."""
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def hit_json(hit: Hit) -> dict[str, Any]:
    """One hit as JSON: the fields of ``--json`` hits and of each ``--jsonl`` line."""
    return {
        "id": hit.id,
        "url": hit.url,
        "title": hit.title,
        "site": hit.site,
        "published": hit.published,
        "score": hit.score,
        "snippet": hit.snippet,
        "copies": hit.copies,
        "duplicate_group": hit.duplicate_group,
    }


def search_json(result: SearchResult, page: int = 1) -> dict[str, Any]:
    """The stable JSON shape of a search: query, total (every matching article), hits.

    ``groups`` is the number of duplicate groups among the matches when collapsed (else
    null); each hit's ``copies`` counts the matching articles it stands for.
    """
    return {
        "query": result.query,
        "total": result.total,
        "groups": result.groups,
        "page": page,
        "hits": [hit_json(hit) for hit in result.hits],
    }


def print_search_result(result: SearchResult, first: int = 0) -> None:
    """A readable list of hits with matched words highlighted; ``first`` hits came before."""
    from rich.text import Text

    out = console()
    shown = len(result.hits)
    header = f"{result.total} match{'es' if result.total != 1 else ''} for {result.query!r}"
    if result.groups is not None and result.groups != result.total:
        header += f" in {result.groups} stories (copies collapsed)"
    if shown < (result.groups if result.groups is not None else result.total):
        header += f" (showing {first + 1}-{first + shown})" if shown else " (none on this page)"
    out.print(safe_text(header))
    for number, hit in enumerate(result.hits, start=first + 1):
        line = Text(f"{number:>3}. ", style="bold")
        line.append(safe_text(hit.title or "(no title)"), style="bold")
        meta = f"     {hit.site} · {hit.published or 'no date'}"
        if hit.score is not None:
            meta += f" · score {hit.score:.2f}"
        if hit.copies > 1:
            meta += f" · {hit.copies} copies"
        snippet = Text("     " + safe_text(hit.snippet))
        for start, end in hit.snippet_spans:
            snippet.stylize("bold yellow reverse", start + 5, end + 5)
        out.print(line)
        out.print(Text(safe_text(meta), style="dim"))
        out.print(Text(f"     {safe_text(hit.url)}", style="cyan"))
        out.print(snippet)


CRAWL_COLUMNS = (
    "site",
    "status",
    "pages",
    "articles",
    "new",
    "updated",
    "unchanged",
    "duplicate",
    "dropped",
    "blocked",
    "failed",
)


def print_crawl_report(report: CrawlReport) -> None:
    """The per-site table of a crawl (pages fetched, article URLs requested and the outcome
    of each), a note under it for each site that needs one, and the one-line total."""
    from rich import box
    from rich.table import Table

    table = Table(title="crawl summary", title_justify="left", box=box.SIMPLE_HEAD)
    for column in CRAWL_COLUMNS:
        left = column in ("site", "status")
        table.add_column(column, justify="left" if left else "right", no_wrap=True)
    notes = []
    for site in report.sites:
        counts = [site.pages, site.requested, site.new, site.updated, site.unchanged]
        counts += [site.duplicate, sum(site.dropped.values()), site.blocked, site.failed]
        table.add_row(safe_text(site.site), site.status, *(str(count) for count in counts))
        note = _site_note(site)
        if note:
            notes.append(f"{site.site}: {note}")
    out = console()
    out.print(table)
    for note in notes:
        out.print(safe_text(note), markup=False)
    seconds = (report.ended - report.started).total_seconds()
    failed = [s.site for s in report.sites if s.status != "ok"]
    out.print(
        f"total: {len(report.sites)} sites, {sum(s.pages for s in report.sites)} pages, "
        f"{sum(s.new for s in report.sites)} new, {sum(s.updated for s in report.sites)} "
        f"updated, {sum(s.duplicate for s in report.sites)} duplicate, "
        f"{sum(s.unchanged for s in report.sites)} unchanged, "
        f"{sum(sum(s.dropped.values()) for s in report.sites)} dropped, "
        f"{sum(s.blocked for s in report.sites)} blocked, "
        f"{sum(s.failed for s in report.sites)} failed of "
        f"{sum(s.requested for s in report.sites)} article URLs "
        f"({sum(s.errors for s in report.sites)} request errors) in {seconds:.1f} s"
        + (f"; not ok: {', '.join(failed)}" if failed else "")
        + (f"; indexing failed: {report.index_error}" if report.index_error else "")
    )


def _site_note(site: SiteReport) -> str:
    """Why a site is not ok, why pages were dropped, request errors, a broken accounting."""
    parts = [site.reason] if site.reason else []
    if site.dropped:
        parts.append("dropped " + ", ".join(f"{k} {v}" for k, v in sorted(site.dropped.items())))
    if site.errors:
        parts.append(f"{site.errors} request errors")
    if site.unaccounted:
        parts.append(f"{site.unaccounted} article URLs without an outcome (a bug)")
    return "; ".join(parts)


def terminal_chart(result: Coverage, width: int = 40) -> Table:
    """A rich table: one row per period with its count(s) and a (stacked, colored) bar."""
    from rich.table import Table
    from rich.text import Text

    from search.plot import MAX_SERIES, chart_title

    series = result.top(MAX_SERIES) if result.split else {"all": result.totals}
    title = safe_text(chart_title(result, ""))
    table = Table(title=title, title_justify="left", box=None, pad_edge=False)
    table.add_column(result.by)
    names = list(series) if result.split else []
    for name, color in zip(names, TERMINAL_COLORS, strict=False):
        table.add_column(safe_text(name), justify="right", style=color)
    table.add_column("total", justify="right", style="bold")
    table.add_column("")
    peak = max(result.totals, default=0) or 1
    for i in range(len(result.starts)):
        bar = Text()
        for counts, color in zip(series.values(), TERMINAL_COLORS, strict=False):
            cells = round(counts[i] * width / peak)
            bar.append("█" * cells, style=color if result.split else "blue")
        values = [str(series[name][i]) for name in names]
        table.add_row(result.label(i), *values, str(result.totals[i]), bar)
    return table


def print_revisions(current: Article, revisions: list[Revision], changes: list[list[str]]) -> None:
    """The earlier versions kept of an article, oldest first, with the fields each update
    changed (``changes``, one list per revision), then the current version."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=f"article {current.id}: earlier versions (oldest first)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )
    for column in ("version", "replaced (UTC)", "title", "words", "the update changed"):
        table.add_column(column, justify="right" if column in ("version", "words") else "left")
    for kept, changed in zip(revisions, changes, strict=True):
        cells = [
            str(kept.version),
            kept.replaced_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M"),
            kept.article.title,
            str(kept.article.word_count),
            ", ".join(changed) or "nothing but the page",
        ]
        table.add_row(*(Text(safe_text(cell)) for cell in cells))
    out = console()
    if not revisions:
        out.print(
            f"article {current.id} has no earlier version kept (it was never updated, "
            "or keep_revisions is 0)",
            markup=False,
        )
        return
    out.print(table)
    out.print(f"show one with: presswatch show {current.id} --revision N", markup=False)


def print_article(article: Article) -> None:
    """Every field of an article, with where it came from (values as text, never markup)."""
    from rich.text import Text

    record = article_to_dict(article)
    out = console()
    for name in ARTICLE_FIELDS:
        if name.endswith("_source") or name == "body":
            continue
        value = record[name]
        source = record.get(f"{name}_source", "")
        if value is None:
            value = "unknown" if name in BOOL_FIELDS else ""
        text = "; ".join(value) if isinstance(value, list) else str(value)
        line = Text.assemble((f"{name:>20}", "bold"), " ", safe_text(text))
        if source:
            line.append(f"  ({safe_text(source)})", style="dim")
        out.print(line)
    words = f"({safe_text(record['body_source'])}, {record['word_count']} words)"
    out.print(Text.assemble((f"{'body':>20}", "bold"), " ", (words, "dim")))
    out.print(safe_text(article.body))
