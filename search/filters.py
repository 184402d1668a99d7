"""Search filters from the --site/--lang/--since... values, and their JSON form for manifests."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from search.searcher import SearchFilters


class FilterError(ValueError):
    """Filter values that cannot be used; the message names the option (--since, --until)."""


def _span(value: str | None, param: str) -> tuple[date, date] | None:
    from search.query import flag_span

    if value is None:
        return None
    try:
        return flag_span(value)
    except ValueError as exc:
        raise FilterError(f"{param}: {exc}") from None


def make_filters(
    sites: tuple[str, ...] | list[str] = (),
    languages: tuple[str, ...] | list[str] = (),
    countries: tuple[str, ...] | list[str] = (),
    media_types: tuple[str, ...] | list[str] = (),
    state_affiliated: bool | None = None,
    paywalled: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> SearchFilters:
    """SearchFilters from option values; --since takes a period's first day, --until its last.

    `paywalled` is 'yes', 'no' or None (no restriction).

    FilterError when a day cannot be read or --since comes after --until.
    """
    from search.searcher import SearchFilters

    since_span, until_span = _span(since, "--since"), _span(until, "--until")
    first = since_span[0] if since_span else None
    last = until_span[1] if until_span else None
    if first and last and first > last:
        raise FilterError(f"--since {first} is after --until {last}")
    return SearchFilters(
        sites=list(sites),
        languages=[code.lower() for code in languages],
        countries=[code.upper() for code in countries],
        media_types=[kind.lower() for kind in media_types],
        state_affiliated=state_affiliated,
        paywalled=None if paywalled is None else paywalled == "yes",
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
        "paywalled": filters.paywalled,
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
        paywalled=data.get("paywalled"),
        since=day("since"),
        until=day("until"),
        first_seen_until=datetime.fromisoformat(seen) if seen else None,
    )
