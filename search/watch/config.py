"""The [[watch]] tables of the config, validated into Watch objects (saved searches)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crawler.config import WatchConfigError, load_watch_tables

if TYPE_CHECKING:
    from search.searcher import SearchFilters

OUTPUTS = ("jsonl", "atom", "command")
DEFAULT_MAX_ENTRIES = 100
DEFAULT_TIMEOUT = 300
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")

_KEYS: dict[str, type | tuple[type, ...]] = {
    "name": str,
    "query": str,
    "site": (str, list),
    "lang": (str, list),
    "country": (str, list),
    "media_type": (str, list),
    "state_affiliated": bool,
    "since": str,
    "collapse_duplicates": bool,
    "jsonl": str,
    "atom": str,
    "command": str,
    "max_entries": int,
    "timeout": int,
}


@dataclass(frozen=True)
class Watch:
    """One saved search and where its new matches go."""

    name: str
    query: str
    filters: SearchFilters
    output: str
    target: str
    """A path (absolute, resolved against the config's folder) or a shell command."""
    max_entries: int = DEFAULT_MAX_ENTRIES
    timeout: int = DEFAULT_TIMEOUT
    collapse_duplicates: bool = False
    """One delivery per duplicate group: copies of a story already delivered are skipped."""


def load_watches(config_path: Path) -> list[Watch]:
    """The [[watch]] tables of a config file, validated (WatchConfigError on the first fault)."""
    config = load_watch_tables(config_path)
    watches: list[Watch] = []
    for position, table in enumerate(config.tables, start=1):
        watch = _watch(table, config.path, position)
        if any(w.name == watch.name for w in watches):
            raise WatchConfigError(f"{config.path}: watch '{watch.name}' key 'name': defined twice")
        watches.append(watch)
    return watches


def _fail(path: Path, where: str, key: str, what: str) -> WatchConfigError:
    return WatchConfigError(f"{path}: {where} key '{key}': {what}")


def _watch(table: dict[str, Any], path: Path, position: int) -> Watch:
    name = table.get("name")
    where = f"watch '{name}'" if isinstance(name, str) else f"[[watch]] number {position}"
    for key, value in table.items():
        expected = _KEYS.get(key)
        if expected is None:
            raise _fail(path, where, key, f"unknown key (allowed: {', '.join(_KEYS)})")
        types = expected if isinstance(expected, tuple) else (expected,)
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise _fail(path, where, key, f"expected {' or '.join(t.__name__ for t in types)}")
    for key in ("name", "query"):
        if not table.get(key):
            raise _fail(path, where, key, "missing (it is required)")
    if not _NAME.match(table["name"]):
        raise _fail(path, where, "name", "lowercase letters, digits, '-' and '_', at most 64")
    outputs = [key for key in OUTPUTS if key in table]
    if len(outputs) != 1:
        raise _fail(path, where, "jsonl", "give exactly one output: jsonl, atom or command")
    output = outputs[0]
    target = table[output]
    if not target.strip():
        raise _fail(path, where, output, "empty")
    if output != "command":
        target = str((path.parent / target).resolve())
    _check_query(table["query"], path, where)
    filters = _filters(table, path, where)
    for key in ("max_entries", "timeout"):
        if key in table and table[key] < 1:
            raise _fail(path, where, key, "must be 1 or more")
    return Watch(
        name=table["name"],
        query=table["query"],
        filters=filters,
        output=output,
        target=target,
        max_entries=table.get("max_entries", DEFAULT_MAX_ENTRIES),
        timeout=table.get("timeout", DEFAULT_TIMEOUT),
        collapse_duplicates=table.get("collapse_duplicates", False),
    )


def _check_query(query: str, path: Path, where: str) -> None:
    from indexer.schema import build_schema
    from search.query import QuerySyntaxError, parse_query

    try:
        parse_query(query, build_schema())
    except QuerySyntaxError as exc:
        raise _fail(path, where, "query", str(exc)) from exc


def _filters(table: dict[str, Any], path: Path, where: str) -> SearchFilters:
    from search.query import flag_span
    from search.searcher import SearchFilters

    def strings(key: str) -> list[str]:
        value = table.get(key, [])
        values = [value] if isinstance(value, str) else value
        if not all(isinstance(v, str) and v for v in values):
            raise _fail(path, where, key, "expected a string or a list of strings")
        return list(values)

    since = None
    if "since" in table:
        try:
            since = flag_span(table["since"])[0]
        except ValueError as exc:
            raise _fail(path, where, "since", str(exc)) from exc
    return SearchFilters(
        sites=strings("site"),
        languages=[c.lower() for c in strings("lang")],
        countries=[c.upper() for c in strings("country")],
        media_types=[m.lower() for m in strings("media_type")],
        state_affiliated=table.get("state_affiliated"),
        since=since,
    )
