"""Filter options shared by search, export and stats, and their JSON form for manifests."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import click

from search.cli.errors import EXIT_USAGE, CliError

if TYPE_CHECKING:
    from search.searcher import SearchFilters

DAY_METAVAR = "DAY"


def _span(value: str | None, param: str) -> tuple[date, date] | None:
    from search.query import flag_span

    if value is None:
        return None
    try:
        return flag_span(value)
    except ValueError as exc:
        raise CliError(f"{param}: {exc}", EXIT_USAGE) from None


def make_filters(
    sites: tuple[str, ...] | list[str] = (),
    languages: tuple[str, ...] | list[str] = (),
    countries: tuple[str, ...] | list[str] = (),
    media_types: tuple[str, ...] | list[str] = (),
    state_affiliated: bool | None = None,
    since: str | None = None,
    until: str | None = None,
) -> SearchFilters:
    """SearchFilters from option values; --since takes a period's first day, --until its last."""
    from search.searcher import SearchFilters

    since_span, until_span = _span(since, "--since"), _span(until, "--until")
    first = since_span[0] if since_span else None
    last = until_span[1] if until_span else None
    if first and last and first > last:
        raise CliError(f"--since {first} is after --until {last}", EXIT_USAGE)
    return SearchFilters(
        sites=list(sites),
        languages=[code.lower() for code in languages],
        countries=[code.upper() for code in countries],
        media_types=[kind.lower() for kind in media_types],
        state_affiliated=state_affiliated,
        since=first,
        until=last,
    )


def filters_json(filters: SearchFilters) -> dict[str, Any]:
    """The filters as plain JSON values, days resolved (for manifests and saved state)."""
    return {
        "sites": filters.sites,
        "languages": filters.languages,
        "countries": filters.countries,
        "media_types": filters.media_types,
        "state_affiliated": filters.state_affiliated,
        "since": filters.since.isoformat() if filters.since else None,
        "until": filters.until.isoformat() if filters.until else None,
        "first_seen_until": (
            filters.first_seen_until.isoformat() if filters.first_seen_until else None
        ),
    }


def filters_from_json(data: dict[str, Any]) -> SearchFilters:
    """Inverse of :func:`filters_json` (missing keys mean no restriction)."""
    from search.searcher import SearchFilters

    def day(key: str) -> date | None:
        return date.fromisoformat(data[key]) if data.get(key) else None

    seen = data.get("first_seen_until")
    return SearchFilters(
        sites=list(data.get("sites") or []),
        languages=list(data.get("languages") or []),
        countries=list(data.get("countries") or []),
        media_types=list(data.get("media_types") or []),
        state_affiliated=data.get("state_affiliated"),
        since=day("since"),
        until=day("until"),
        first_seen_until=datetime.fromisoformat(seen) if seen else None,
    )


_FILTER_PARAMS = (
    "sites",
    "languages",
    "countries",
    "media_types",
    "state_affiliated",
    "since",
    "until",
)


def filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the filter options; the command receives them as one ``filters`` argument."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {name: kwargs.pop(name) for name in _FILTER_PARAMS}
        return command(*args, filters=make_filters(**values), **kwargs)

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
            "--country",
            "countries",
            multiple=True,
            metavar="CC",
            help="Only sources of this country (ISO 3166 code from the site config, e.g. GB).",
        ),
        click.option(
            "--media-type",
            "media_types",
            multiple=True,
            metavar="TYPE",
            help="Only this kind of source: newspaper, broadcaster, agency, magazine, online.",
        ),
        click.option(
            "--state-affiliated/--not-state-affiliated",
            "state_affiliated",
            default=None,
            help="Only state-affiliated sources (or only the others).",
        ),
        click.option(
            "--since",
            metavar=DAY_METAVAR,
            help="Published on or after this day (the outlet's calendar day): YYYY-MM-DD, "
            "YYYY-MM (its first day), yesterday, 'last week', '3 days ago'...",
        ),
        click.option(
            "--until",
            metavar=DAY_METAVAR,
            help="Published on or before this day (inclusive); YYYY-MM means its last day.",
        ),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def sort_option(default: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--sort newest|oldest|relevance with a per-command default."""
    return click.option(
        "--sort",
        type=click.Choice(["relevance", "newest", "oldest"]),
        default=default,
        show_default=True,
        help="Order of the results (dates: publication time, ties by article id).",
    )


def collapse_option(default: bool) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--collapse-duplicates/--no-collapse-duplicates with a per-command default."""
    return click.option(
        "--collapse-duplicates/--no-collapse-duplicates",
        "collapse_duplicates",
        default=default,
        show_default=True,
        help="One result per group of near-duplicate copies (wire stories run by many sites).",
    )
