"""Running watches: new matches per watch, under DATA/watch.lock, summed up for the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crawler.config import WatchConfigError
from crawler.store import SQLiteError
from crawler.store.duplicates import duplicate_groups
from crawler.store.lock import DataLock, LockedError
from crawler.store.watch_state import (
    delivered_groups,
    delivered_ids,
)

if TYPE_CHECKING:
    from crawler.store import ArticleStore
    from indexer.index import ArticleIndex

from search.watch.config import Watch, load_watches
from search.watch.deliver import deliver_command, deliver_file, items_of, recover

LOCK_FILENAME = "watch.lock"


@dataclass
class WatchResult:
    """What one watch did in a run."""

    name: str
    output: str
    target: str
    delivered: int = 0
    recovered: int = 0
    error: str = ""
    warning: str = ""
    """Something the user must know though delivery went on (a damaged feed set aside)."""


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
            if w.warning:
                lines.append(f"watch {w.name}: warning: {w.warning}")
        return lines


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
        result.recovered = recover(store, watch)
        ids = new_matches(store, index, watch)
        if ids:
            items = items_of(store, watch, ids)
            if watch.output == "command":
                deliver_command(store, watch, items)
            else:
                result.warning = deliver_file(store, watch, items)
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
