"""Saved-search delivery state: which articles each watch delivered, in which batch, and
the batches a killed run left unfinished (tables ``watch_batches`` and ``watch_delivered``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from crawler.store.articles import write_transaction

if TYPE_CHECKING:
    from crawler.store.articles import ArticleStore


@dataclass(frozen=True)
class UnfinishedBatch:
    """A batch recorded but not marked done: 'staged' (a file to rename) or 'sending'."""

    id: int
    kind: str
    target: str
    staged: str
    state: str
    article_ids: tuple[int, ...]


def record_batch(
    store: ArticleStore,
    watch: str,
    kind: str,
    target: str,
    staged: str,
    state: str,
    article_ids: list[int],
) -> int:
    """Record a batch and its articles as delivered, in one transaction; the batch id."""
    connection = store.connection
    with write_transaction(connection):
        cursor = connection.execute(
            "INSERT INTO watch_batches (watch, kind, target, staged, state, items, created) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (watch, kind, target, staged, state, len(article_ids), datetime.now(UTC).isoformat()),
        )
        batch = int(cursor.lastrowid or 0)
        connection.executemany(
            "INSERT INTO watch_delivered (watch, article_id, batch) VALUES (?, ?, ?)",
            [(watch, article_id, batch) for article_id in article_ids],
        )
    return batch


def finish_batch(store: ArticleStore, batch: int) -> None:
    """Mark a batch done: its articles have reached the target."""
    with store.transaction():
        store.connection.execute("UPDATE watch_batches SET state = 'done' WHERE id = ?", (batch,))


def forget_batch(store: ArticleStore, batch: int) -> None:
    """Drop a batch and its articles, which count as not delivered again."""
    with write_transaction(store.connection):
        store.connection.execute("DELETE FROM watch_delivered WHERE batch = ?", (batch,))
        store.connection.execute("DELETE FROM watch_batches WHERE id = ?", (batch,))


def unfinished_batches(store: ArticleStore, watch: str) -> list[UnfinishedBatch]:
    """A watch's batches not marked done, oldest first, each with its article ids."""
    rows = store.connection.execute(
        "SELECT id, kind, target, staged, state FROM watch_batches "
        "WHERE watch = ? AND state != 'done' ORDER BY id",
        (watch,),
    ).fetchall()
    return [
        UnfinishedBatch(
            id=row["id"],
            kind=row["kind"],
            target=row["target"],
            staged=row["staged"],
            state=row["state"],
            article_ids=tuple(
                r[0]
                for r in store.connection.execute(
                    "SELECT article_id FROM watch_delivered WHERE batch = ? ORDER BY article_id",
                    (row["id"],),
                )
            ),
        )
        for row in rows
    ]


def is_staged_file_pending(store: ArticleStore, staged: str) -> bool:
    """True when an unfinished batch holds this staged file (it must not be removed)."""
    row = store.connection.execute(
        "SELECT 1 FROM watch_batches WHERE staged = ? AND state != 'done'", (staged,)
    ).fetchone()
    return row is not None


def delivered_ids(store: ArticleStore, watch: str) -> set[int]:
    """Ids of every article a watch has delivered (or is delivering)."""
    rows = store.connection.execute(
        "SELECT article_id FROM watch_delivered WHERE watch = ?", (watch,)
    )
    return {row[0] for row in rows}


def delivered_groups(store: ArticleStore, watch: str) -> set[int]:
    """Duplicate groups of the articles a watch has delivered (linked articles only)."""
    rows = store.connection.execute(
        "SELECT a.duplicate_group FROM watch_delivered AS w JOIN articles AS a "
        "ON a.id = w.article_id WHERE w.watch = ? AND a.duplicate_group > 0",
        (watch,),
    )
    return {row[0] for row in rows}


def delivered_counts(store: ArticleStore) -> dict[str, int]:
    """How many articles each watch has delivered, by watch name."""
    rows = store.connection.execute("SELECT watch, count(*) FROM watch_delivered GROUP BY watch")
    return {name: count for name, count in rows}
