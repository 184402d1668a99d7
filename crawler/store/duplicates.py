"""Near-duplicate groups: MinHash signatures of word shingles, LSH bands kept in the store.

Each stored article gets a MinHash signature (crawler.store.minhash: datasketch's scheme
in numpy alone, 128 permutations) of its body's
3-word shingles (3-character shingles for Chinese, Japanese and Korean text).  The signature
is cut into LSH bands whose hashes live in the store, so the copies of a story are found by
an indexed lookup, never by comparing every pair.  A candidate whose estimated Jaccard
similarity reaches SIMILARITY_FLOOR is kept as an edge; articles joined by edges at or above
the configured threshold (or by the same content hash) form a ``duplicate_group``, numbered
by its first stored article.  Its original (``is_original``) is the copy published first;
first seen decides when publication times tie or are missing.

An article whose group or original flag changes is marked for re-indexing, so the search
index follows.  Keeping every edge down to the floor means a new threshold only regroups.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from crawler.store.articles import CHANGED_SINCE_READ, row_batches, rows_by_ids, write_transaction
from crawler.store.minhash import minhash

if TYPE_CHECKING:
    from crawler.store.articles import ArticleStore

SHINGLE_SIZE = 3
SIMILARITY_FLOOR = 0.3
"""Edges below this estimated similarity are not kept; thresholds must be at least this."""
DEFAULT_THRESHOLD = 0.5
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_TOKENS = re.compile(f"[{_CJK}]|[^\\W_{_CJK}]+")
_BATCH = 500


@dataclass(frozen=True)
class RelinkReport:
    """What a full recomputation did."""

    articles: int
    signatures: int
    edges: int
    groups_with_copies: int
    changed: int


def shingles(text: str, size: int = SHINGLE_SIZE) -> set[str]:
    """Overlapping runs of ``size`` words (CJK: characters), case-folded."""
    tokens = _TOKENS.findall(text.casefold())
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


# (bands, rows per band) that datasketch's MinHashLSH picks for SIMILARITY_FLOOR and NUM_PERM
# (checked by tests/test_duplicates.py): 37 bands of 3 rows.
LSH_BANDS = (37, 3)


def signature(text: str) -> Any:
    """The MinHash hash values (numpy uint32) of the text's shingles; None when it has none."""
    found = shingles(text)
    if not found:
        return None
    return minhash(found)


def similarities(first: Any, blobs: list[bytes]) -> Any:
    """Estimated Jaccard similarity of a signature with each stored one (share of equal
    hash values), all at once: an article of a large group has dozens of candidates."""
    import numpy as np

    if not blobs:
        return np.zeros(0)
    matrix = np.frombuffer(b"".join(blobs), dtype=np.uint32).reshape(len(blobs), -1)
    return (matrix == first).mean(axis=1)


def band_keys(values: Any) -> list[int]:
    """One signed 64-bit key per LSH band of a signature."""
    bands, rows = LSH_BANDS
    keys = []
    for band in range(bands):
        chunk = values[band * rows : (band + 1) * rows].tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def _decode(blob: bytes) -> Any:
    import numpy as np

    return np.frombuffer(blob, dtype=np.uint32)


# Linking one article as it is stored


def link_article(store: ArticleStore, article_id: int, threshold: float) -> set[int]:
    """(Re)compute the signature, edges and group of one stored article.

    Returns the ids of the other articles whose group or original flag changed (they are
    marked for re-indexing).
    """
    connection = store.connection
    row = connection.execute(
        "SELECT body, title, content_hash FROM articles WHERE id = ?", (article_id,)
    ).fetchone()
    if row is None:
        return set()
    values = signature(row["body"] or row["title"] or "")
    with write_transaction(connection):
        old = _unlink(connection, article_id)
        new = _add_signature(connection, article_id, values)
        new |= _same_hash(connection, article_id, row["content_hash"])
        changed = _regroup(connection, {article_id} | old | new, threshold)
    return changed - {article_id}


def _unlink(connection: sqlite3.Connection, article_id: int) -> set[int]:
    """Remove an article's signature, bands and edges; the ids it was linked to."""
    old = connection.execute(
        "SELECT signature FROM minhash WHERE article_id = ?", (article_id,)
    ).fetchone()
    if old is not None:
        connection.executemany(
            "DELETE FROM minhash_bands WHERE band_key = ? AND article_id = ?",
            [(key, article_id) for key in band_keys(_decode(old["signature"]))],
        )
        connection.execute("DELETE FROM minhash WHERE article_id = ?", (article_id,))
    neighbours = {
        r[0]
        for r in connection.execute(
            "SELECT other_id FROM near_duplicates WHERE article_id = ?", (article_id,)
        )
    }
    # Every edge is stored both ways (_add_edges), so the reverse rows are found by primary
    # key: "OR other_id = ?" scanned the whole table (542,272 rows for 10,000 mirror
    # articles: 37 ms of the crawl process per article stored).
    connection.execute("DELETE FROM near_duplicates WHERE article_id = ?", (article_id,))
    connection.executemany(
        "DELETE FROM near_duplicates WHERE article_id = ? AND other_id = ?",
        [(other, article_id) for other in neighbours],
    )
    return neighbours


def _add_signature(connection: sqlite3.Connection, article_id: int, values: Any) -> set[int]:
    """Store a signature and its bands; add edges to the similar articles found; their ids."""
    if values is None:
        return set()
    keys = band_keys(values)
    marks = ",".join("?" * len(keys))
    candidates = [
        r[0]
        for r in connection.execute(
            f"SELECT DISTINCT article_id FROM minhash_bands WHERE band_key IN ({marks})", keys
        )
        if r[0] != article_id
    ]
    connection.execute(
        "INSERT INTO minhash (article_id, signature) VALUES (?, ?)",
        (article_id, values.tobytes()),
    )
    connection.executemany(
        "INSERT OR IGNORE INTO minhash_bands (band_key, article_id) VALUES (?, ?)",
        [(key, article_id) for key in keys],
    )
    found = list(_signatures(connection, candidates))
    scores = similarities(values, [blob for _, blob in found])
    linked = {
        other: float(score)
        for (other, _), score in zip(found, scores, strict=True)
        if score >= SIMILARITY_FLOOR
    }
    _add_edges(connection, article_id, linked)
    return set(linked)


def _signatures(connection: sqlite3.Connection, ids: list[int]) -> Iterator[tuple[int, bytes]]:
    sql = "SELECT article_id, signature FROM minhash WHERE article_id IN ({marks})"
    for row in rows_by_ids(connection, sql, ids):
        yield row[0], row[1]


def _same_hash(connection: sqlite3.Connection, article_id: int, content_hash: str) -> set[int]:
    """Exact copies (same content hash) are linked with similarity 1."""
    if not content_hash:
        return set()
    copies = {
        r[0]
        for r in connection.execute(
            "SELECT id FROM articles WHERE content_hash = ? AND id != ?",
            (content_hash, article_id),
        )
    }
    _add_edges(connection, article_id, dict.fromkeys(copies, 1.0))
    return copies


def _add_edges(connection: sqlite3.Connection, article_id: int, linked: dict[int, float]) -> None:
    rows = [(article_id, other, score) for other, score in linked.items()]
    rows += [(other, article_id, score) for other, score in linked.items()]
    connection.executemany(
        "INSERT OR REPLACE INTO near_duplicates (article_id, other_id, similarity) "
        "VALUES (?, ?, ?)",
        rows,
    )


def _component(connection: sqlite3.Connection, start: int, threshold: float) -> set[int]:
    """Every article joined to ``start`` by edges at or above the threshold.

    One recursive query: walking the group from Python took a query per member, 56 for an
    article in a group of 56 (10,000 mirror articles: 1.3 of the 4.2 ms it took to link one).
    """
    return {
        row[0]
        for row in connection.execute(
            "WITH RECURSIVE joined(id) AS (SELECT ? UNION SELECT edge.other_id "
            "FROM near_duplicates AS edge JOIN joined ON edge.article_id = joined.id "
            "WHERE edge.similarity >= ?) SELECT id FROM joined",
            (start, threshold),
        )
    }


def _regroup(connection: sqlite3.Connection, seeds: Iterable[int], threshold: float) -> set[int]:
    """Recompute the groups holding ``seeds``; the ids whose values changed."""
    done: set[int] = set()
    changed: set[int] = set()
    for seed in seeds:
        if seed not in done:
            members = _component(connection, seed, threshold)
            done |= members
            changed |= _assign(connection, [members])
    return changed


def _original_key(row: sqlite3.Row) -> tuple[bool, datetime, datetime, int]:
    """Published first; first seen when published ties or is missing; then the lower id."""
    published = _instant(row["published_utc"])
    first_seen = _instant(row["first_seen"]) or _FAR
    return (published is None, published or first_seen, first_seen, row["id"])


_FAR = datetime.max


def _instant(text: str | None) -> datetime | None:
    """A stored ISO timestamp as a naive UTC datetime (comparable whatever its offset)."""
    if not text:
        return None
    value = datetime.fromisoformat(text)
    return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value


def _assign(connection: sqlite3.Connection, components: list[set[int]]) -> set[int]:
    """Write group and original of each component; mark changed rows for re-indexing."""
    ids = [i for members in components for i in members]
    sql = (
        "SELECT id, published_utc, first_seen, duplicate_group, is_original "
        "FROM articles WHERE id IN ({marks})"
    )
    rows = {row["id"]: row for row in rows_by_ids(connection, sql, ids)}
    updates = []
    for members in components:
        present = [rows[i] for i in members if i in rows]
        if not present:
            continue
        group = min(r["id"] for r in present)
        original = min(present, key=_original_key)["id"]
        for r in present:
            flag = int(r["id"] == original)
            if r["duplicate_group"] != group or r["is_original"] != flag:
                updates.append((group, flag, r["id"]))
    connection.executemany(
        f"UPDATE articles SET duplicate_group = ?, is_original = ?, {CHANGED_SINCE_READ} "
        "WHERE id = ?",
        updates,
    )
    return {u[2] for u in updates}


def duplicate_groups(store: ArticleStore, article_ids: list[int]) -> dict[int, int]:
    """Duplicate group of each article id (0 for an article never linked)."""
    sql = "SELECT id, duplicate_group FROM articles WHERE id IN ({marks})"
    return {row[0]: row[1] for row in rows_by_ids(store.connection, sql, article_ids)}


# Recomputing everything


def relink_all(
    store: ArticleStore,
    threshold: float,
    progress: Callable[[int, int], object] | None = None,
) -> RelinkReport:
    """Recompute every signature, edge and group of the store (``presswatch dedup``)."""
    connection = store.connection
    total = store.count()
    with write_transaction(connection):
        for table in ("minhash", "minhash_bands", "near_duplicates"):
            connection.execute(f"DELETE FROM {table}")
    done = signatures = 0
    for rows in row_batches(connection, "id, body, title", batch_size=_BATCH):
        with write_transaction(connection):
            for row in rows:
                values = signature(row["body"] or row["title"] or "")
                signatures += values is not None
                _add_signature(connection, row["id"], values)
        done += len(rows)
        if progress is not None:
            progress(done, total)
    with write_transaction(connection):
        for (ids,) in connection.execute(
            "SELECT group_concat(id) FROM articles WHERE content_hash != '' "
            "GROUP BY content_hash HAVING count(*) > 1"
        ).fetchall():
            first, *others = (int(i) for i in ids.split(","))
            _add_edges(connection, first, dict.fromkeys(others, 1.0))
    changed, grouped = regroup_all(store, threshold)
    edges = connection.execute("SELECT count(*) FROM near_duplicates").fetchone()[0] // 2
    return RelinkReport(total, signatures, edges, grouped, changed)


def regroup_all(store: ArticleStore, threshold: float) -> tuple[int, int]:
    """Recompute every group from the stored edges: (rows changed, groups with copies)."""
    connection = store.connection
    parent: dict[int, int] = {}

    def find(item: int) -> int:
        root = item
        while parent.get(root, root) != root:
            root = parent[root]
        while item != root:
            parent[item], item = root, parent.get(item, item)
        return root

    for first, second in connection.execute(
        "SELECT article_id, other_id FROM near_duplicates "
        "WHERE article_id < other_id AND similarity >= ?",
        (threshold,),
    ):
        a, b = find(first), find(second)
        if a != b:
            parent[max(a, b)] = min(a, b)
    components: dict[int, set[int]] = {}
    for (article_id,) in connection.execute("SELECT id FROM articles"):
        components.setdefault(find(article_id), set()).add(article_id)
    groups = list(components.values())
    changed = 0
    with write_transaction(connection):
        for start in range(0, len(groups), _BATCH):
            changed += len(_assign(connection, groups[start : start + _BATCH]))
    return changed, sum(1 for members in groups if len(members) > 1)
