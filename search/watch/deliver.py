"""Delivery of one batch: files renamed into place exactly once, commands sent at least once."""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crawler.store.watch_state import (
    finish_batch,
    forget_batch,
    is_staged_file_pending,
    record_batch,
    unfinished_batches,
)

if TYPE_CHECKING:
    from crawler.store import ArticleStore

from search.watch.config import Watch
from search.watch.items import DamagedFeed, atom_document, item_json, jsonl_lines, previous_entries


def write_synced(path: Path, content: bytes) -> None:
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


def record(store: ArticleStore, watch: Watch, staged: str, state: str, ids: list[int]) -> int:
    """Record a batch of this watch and its articles in one transaction; its id."""
    return record_batch(store, watch.name, watch.output, watch.target, staged, state, ids)


def deliver_file(store: ArticleStore, watch: Watch, items: list[dict[str, Any]]) -> str:
    """Add the items to the watch's file exactly once; a warning for the summary, or ''."""
    target = Path(watch.target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(f".{target.name}.{uuid.uuid4().hex}.staged")
    warning = ""
    if watch.output == "jsonl":
        old = target.read_bytes() if target.exists() else b""
        if old and not old.endswith(b"\n"):
            old += b"\n"
        content = old + jsonl_lines(items)
    else:
        try:
            entries = previous_entries(target)
        except DamagedFeed as exc:
            entries, warning = [], str(exc)
        content = atom_document(watch, items, entries)
    try:
        write_synced(staged, content)
        batch = record(store, watch, str(staged), "staged", [i["id"] for i in items])
    except BaseException:
        staged.unlink(missing_ok=True)  # nothing recorded: these matches stay new
        raise
    # From here the batch is recorded: a failure leaves the staged file for the next run.
    os.replace(staged, target)
    _sync_dir(target.parent)
    finish_batch(store, batch)
    return warning


def send_to_command(watch: Watch, command: str, items: list[dict[str, Any]]) -> None:
    """Pipe the items to the command as JSON Lines; RuntimeError unless it exits 0."""
    try:
        result = subprocess.run(
            command,
            shell=True,
            input=jsonl_lines(items),
            capture_output=True,
            timeout=watch.timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"command timed out after {watch.timeout} s") from exc
    if result.returncode != 0:
        tail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise RuntimeError(f"command exited with {result.returncode}: {tail[0][:200]}")


def deliver_command(store: ArticleStore, watch: Watch, items: list[dict[str, Any]]) -> None:
    batch = record(store, watch, "", "sending", [i["id"] for i in items])
    try:
        send_to_command(watch, watch.target, items)
    except BaseException:
        forget_batch(store, batch)
        raise
    finish_batch(store, batch)


def items_of(store: ArticleStore, watch: Watch, ids: list[int]) -> list[dict[str, Any]]:
    return [item_json(watch.name, article) for article in store.get_many(ids)]


def recover(store: ArticleStore, watch: Watch) -> int:
    """Finish the batches a killed run left, only ever towards the target configured now.

    A 'sending' batch goes to the command configured now (never to the command stored with
    it); when the watch no longer outputs to a command, the batch is forgotten and its
    articles are delivered as new matches to the current file.  A 'staged' file is renamed
    over its target only when the watch still writes that kind of file at that path; else
    it is removed and its articles are delivered as new matches to the current target.
    Returns the number of articles re-sent or renamed into place.
    """
    recovered = 0
    for batch in unfinished_batches(store, watch.name):
        if batch.state == "staged" and (watch.output, watch.target) == (batch.kind, batch.target):
            staged = Path(batch.staged)
            if staged.exists():
                os.replace(staged, watch.target)
                _sync_dir(staged.parent)
            finish_batch(store, batch.id)
        elif batch.state == "sending" and watch.output == "command":
            try:
                items = items_of(store, watch, list(batch.article_ids))
                send_to_command(watch, watch.target, items)
            except BaseException:
                forget_batch(store, batch.id)
                raise
            finish_batch(store, batch.id)
        else:  # the watch's output changed since: deliver these as new matches
            if batch.staged:
                Path(batch.staged).unlink(missing_ok=True)
            forget_batch(store, batch.id)
            continue
        recovered += len(batch.article_ids)
    _remove_stray_files(store, watch)
    return recovered


def _remove_stray_files(store: ArticleStore, watch: Watch) -> None:
    """Staged files of runs killed before their batch was recorded hold nothing delivered."""
    if watch.output == "command":
        return
    target = Path(watch.target)
    for stray in target.parent.glob(f".{target.name}.*.staged"):
        if not is_staged_file_pending(store, str(stray)):
            stray.unlink(missing_ok=True)
