"""Saved searches ([[watch]] in the config) delivering new matches to a file, a feed or a command.

Delivery state lives in the store (``watch_delivered``, ``watch_batches``).  Files (JSON
Lines, Atom) get each match exactly once: the new file is written beside the target and
synced, the batch and its articles are committed as 'staged', the file is renamed over the
target, and the batch is marked done.  A run killed after the commit finishes the rename
on the next run (the staged file is complete); one killed before it leaves no record, so
the matches are delivered again as new.  Commands get each match at least once: the batch
is committed as 'sending' before the command runs and marked done when it exits 0; a
batch left 'sending' by a kill is sent again, and a failed one is forgotten so its
matches come again.  Every item carries ``delivery_id`` (watch:article id) so a receiver
can drop repeats.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET

from crawler.config import WatchConfigError, load_watch_tables
from crawler.model import Article
from crawler.store import SQLiteError
from crawler.store.duplicates import duplicate_groups
from crawler.store.lock import DataLock, LockedError
from crawler.store.watch_state import (
    delivered_groups,
    delivered_ids,
    finish_batch,
    forget_batch,
    is_staged_file_pending,
    record_batch,
    unfinished_batches,
)

if TYPE_CHECKING:
    from crawler.store import ArticleStore
    from indexer.index import ArticleIndex
    from search.searcher import SearchFilters

OUTPUTS = ("jsonl", "atom", "command")
LOCK_FILENAME = "watch.lock"
ATOM = "http://www.w3.org/2005/Atom"
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


@dataclass
class WatchResult:
    """What one watch did in a run."""

    name: str
    output: str
    target: str
    delivered: int = 0
    recovered: int = 0
    error: str = ""


@dataclass
class WatchSummary:
    """Every watch's result; ``error`` is set when no watch could run at all."""

    watches: list[WatchResult] = field(default_factory=list)
    error: str = ""
    error_code: int = 0
    """For the CLI when ``error`` is set: 2 config, 3 another run busy, 4 store or index."""

    @property
    def ok(self) -> bool:
        return not self.error and not any(w.error for w in self.watches)

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "error": self.error,
            "watches": [vars(w) for w in self.watches],
        }

    def lines(self) -> list[str]:
        """One line per watch (and one for a failure of the whole run)."""
        lines = [f"watches: {self.error}"] if self.error else []
        for w in self.watches:
            state = f"failed: {w.error}" if w.error else f"{w.delivered} new"
            extra = f", {w.recovered} from an interrupted run" if w.recovered else ""
            lines.append(f"watch {w.name}: {state}{extra} -> {w.output} {w.target}")
        return lines


# Config


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


# Items


def item_json(watch: str, article: Article) -> dict[str, Any]:
    """What a watch delivers for one article (a JSONL line, or a line on a command's stdin)."""
    body = " ".join(article.body.split())
    return {
        "delivery_id": f"{watch}:{article.id}",
        "watch": watch,
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "site": article.site,
        "site_name": article.site_name,
        "country": article.country,
        "media_type": article.media_type,
        "state_affiliated": article.state_affiliated,
        "language": article.language,
        "authors": article.authors,
        "published": article.published.isoformat() if article.published else "",
        "first_seen": article.first_seen.isoformat() if article.first_seen else "",
        "lead": article.lead,
        "excerpt": body[:300] + ("\u2026" if len(body) > 300 else ""),
        "duplicate_group": article.duplicate_group,
        "is_original": article.is_original,
    }


def _jsonl_lines(items: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items).encode("utf-8")


def _atom_entry(item: dict[str, Any]) -> ET.Element:
    entry = ET.Element(f"{{{ATOM}}}entry")

    def add(tag: str, text: str, **attrs: str) -> ET.Element:
        element = ET.SubElement(entry, f"{{{ATOM}}}{tag}", attrs)
        element.text = text
        return element

    add("title", item["title"] or item["url"])
    add("id", item["url"])
    ET.SubElement(entry, f"{{{ATOM}}}link", {"href": item["url"], "rel": "alternate"})
    when = item["published"] or item["first_seen"]
    if len(when) == 10:
        when += "T00:00:00+00:00"
    add("updated", when or datetime.now(UTC).isoformat(timespec="seconds"))
    if item["published"]:
        add("published", when)
    for name in item["authors"] or [item["site_name"] or item["site"]]:
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        ET.SubElement(author, f"{{{ATOM}}}name").text = name
    add("summary", item["lead"] or item["excerpt"])
    ET.SubElement(entry, f"{{{ATOM}}}category", {"term": item["site"]})
    return entry


def _atom_document(watch: Watch, items: list[dict[str, Any]], old: Path) -> bytes:
    """The feed with the new entries first, then the entries already there, up to the cap."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = f"presswatch: {watch.name}"
    ET.SubElement(feed, f"{{{ATOM}}}subtitle").text = watch.query
    feed_id = uuid.uuid5(uuid.NAMESPACE_URL, f"presswatch-watch:{watch.name}")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"urn:uuid:{feed_id}"
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = datetime.now(UTC).isoformat(timespec="seconds")
    ET.SubElement(feed, f"{{{ATOM}}}generator").text = "presswatch"
    entries = [_atom_entry(item) for item in reversed(items)]
    if old.exists():
        with suppress(ET.ParseError):  # a damaged feed is replaced by a fresh one
            entries += ET.parse(old).getroot().findall(f"{{{ATOM}}}entry")
    feed.extend(entries[: watch.max_entries])
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")


# Delivery


def _write_synced(path: Path, content: bytes) -> None:
    with path.open("wb") as stream:
        stream.write(content)
        stream.flush()
        os.fsync(stream.fileno())


def _sync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _record(store: ArticleStore, watch: Watch, staged: str, state: str, ids: list[int]) -> int:
    """Record a batch of this watch and its articles in one transaction; its id."""
    return record_batch(store, watch.name, watch.output, watch.target, staged, state, ids)


def _deliver_file(store: ArticleStore, watch: Watch, items: list[dict[str, Any]]) -> None:
    target = Path(watch.target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(f".{target.name}.{uuid.uuid4().hex}.staged")
    if watch.output == "jsonl":
        old = target.read_bytes() if target.exists() else b""
        if old and not old.endswith(b"\n"):
            old += b"\n"
        content = old + _jsonl_lines(items)
    else:
        content = _atom_document(watch, items, target)
    try:
        _write_synced(staged, content)
        batch = _record(store, watch, str(staged), "staged", [i["id"] for i in items])
    except BaseException:
        staged.unlink(missing_ok=True)  # nothing recorded: these matches stay new
        raise
    # From here the batch is recorded: a failure leaves the staged file for the next run.
    os.replace(staged, target)
    _sync_dir(target.parent)
    finish_batch(store, batch)


def _send(watch: Watch, command: str, items: list[dict[str, Any]]) -> None:
    """Pipe the items to the command as JSON Lines; RuntimeError unless it exits 0."""
    try:
        result = subprocess.run(
            command,
            shell=True,
            input=_jsonl_lines(items),
            capture_output=True,
            timeout=watch.timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"command timed out after {watch.timeout} s") from exc
    if result.returncode != 0:
        tail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise RuntimeError(f"command exited with {result.returncode}: {tail[0][:200]}")


def _deliver_command(store: ArticleStore, watch: Watch, items: list[dict[str, Any]]) -> None:
    batch = _record(store, watch, "", "sending", [i["id"] for i in items])
    try:
        _send(watch, watch.target, items)
    except BaseException:
        forget_batch(store, batch)
        raise
    finish_batch(store, batch)


def _items(store: ArticleStore, watch: Watch, ids: list[int]) -> list[dict[str, Any]]:
    return [item_json(watch.name, article) for article in store.get_many(ids)]


def _recover(store: ArticleStore, watch: Watch, result: WatchResult) -> None:
    """Finish the batches a killed run left: rename staged files, resend commands."""
    for batch in unfinished_batches(store, watch.name):
        if batch.state == "staged":
            staged = Path(batch.staged)
            if staged.exists():
                os.replace(staged, batch.target)
                _sync_dir(staged.parent)
            finish_batch(store, batch.id)
        else:
            try:
                _send(watch, batch.target, _items(store, watch, list(batch.article_ids)))
            except BaseException:
                forget_batch(store, batch.id)
                raise
            finish_batch(store, batch.id)
        result.recovered += len(batch.article_ids)
    _remove_stray_files(store, watch)


def _remove_stray_files(store: ArticleStore, watch: Watch) -> None:
    """Staged files of runs killed before their batch was recorded hold nothing delivered."""
    if watch.output == "command":
        return
    target = Path(watch.target)
    for stray in target.parent.glob(f".{target.name}.*.staged"):
        if not is_staged_file_pending(store, str(stray)):
            stray.unlink(missing_ok=True)


def new_matches(store: ArticleStore, index: ArticleIndex, watch: Watch) -> list[int]:
    """Ids of the watch's matches not delivered yet, oldest first."""
    from search.searcher import matching_ids

    delivered = delivered_ids(store, watch.name)
    found = matching_ids(index, watch.query, watch.filters, sort="oldest")
    new = [article_id for article_id in found if article_id not in delivered]
    return _one_per_group(store, watch.name, new) if watch.collapse_duplicates else new


def _one_per_group(store: ArticleStore, watch: str, ids: list[int]) -> list[int]:
    """`ids` without copies of a story this watch delivered before or lists earlier in `ids`."""
    seen = delivered_groups(store, watch)
    groups = duplicate_groups(store, ids)
    kept = []
    for article_id in ids:
        group = groups.get(article_id, 0)
        if group > 0 and group in seen:
            continue
        seen.add(group)
        kept.append(article_id)
    return kept


def run_watch(store: ArticleStore, index: ArticleIndex, watch: Watch) -> WatchResult:
    """Deliver one watch's new matches (after finishing what an interrupted run left)."""
    result = WatchResult(watch.name, watch.output, watch.target)
    try:
        _recover(store, watch, result)
        ids = new_matches(store, index, watch)
        if ids:
            items = _items(store, watch, ids)
            if watch.output == "command":
                _deliver_command(store, watch, items)
            else:
                _deliver_file(store, watch, items)
            result.delivered = len(items)
    except (OSError, RuntimeError, SQLiteError, ValueError) as exc:
        result.error = str(exc) or type(exc).__name__
    return result


@contextmanager
def _watch_lock(data_dir: Path) -> Iterator[bool]:
    """Hold DATA/watch.lock for the block; False when another process holds it."""
    lock = DataLock(data_dir, "watch delivery", filename=LOCK_FILENAME)
    try:
        lock.acquire()
    except LockedError:
        yield False
        return
    try:
        yield True
    finally:
        lock.release()


def run_watches(
    config_path: Path, data_dir: Path, index_dir: Path, names: list[str] | None = None
) -> WatchSummary:
    """Deliver the new matches of every saved search (or those named); never raises.

    Called at the end of `presswatch crawl` and by `presswatch watch run`, which print
    the summary's lines.
    """
    from crawler.store import ArticleStore, StoreError
    from indexer.index import ArticleIndex, PresswatchIndexError

    summary = WatchSummary()
    try:
        watches = load_watches(config_path)
    except WatchConfigError as exc:
        summary.error, summary.error_code = str(exc), 2
        return summary
    if names:
        unknown = sorted(set(names) - {w.name for w in watches})
        if unknown:
            known = ", ".join(w.name for w in watches) or "none"
            summary.error = f"no watch named '{unknown[0]}' in {config_path} (configured: {known})"
            summary.error_code = 2
            return summary
        watches = [w for w in watches if w.name in names]
    if not watches:
        return summary
    with _watch_lock(data_dir) as locked:
        if not locked:
            summary.error = "another presswatch process is delivering watches; try again later"
            summary.error_code = 3
            return summary
        try:
            index = ArticleIndex.open(index_dir)
            with ArticleStore.open(data_dir, create=False) as store:
                summary.watches = [run_watch(store, index, watch) for watch in watches]
        except (StoreError, PresswatchIndexError) as exc:
            summary.error, summary.error_code = str(exc), 4
    return summary
