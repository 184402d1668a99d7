"""The article store: one SQLite file (WAL) holding articles, their raw HTML and crawl state."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from isal import isal_zlib

from crawler.config import DEFAULT_KEEP_REVISIONS
from crawler.model import (
    ARTICLE_FIELDS,
    BOOL_FIELDS,
    INT_FIELDS,
    LIST_FIELDS,
    Article,
    format_when,
    parse_when,
)

SCHEMA_VERSION = 1
# What a change that does not make a new version (a new duplicate group, new source
# metadata) does to indexed_version: a fresh negative stamp (-1, -2...), so the row is
# pending, and an indexer that read it before the change sees it changed (a plain 0 could
# equal what it read, and its commit would then mark the old values indexed).
CHANGED_SINCE_READ = "indexed_version = min(indexed_version, 0) - 1"


@dataclass(frozen=True)
class Revision:
    """An earlier version of an article, as it stood until an update replaced it."""

    version: int
    replaced_at: datetime
    article: Article


class PendingVersion(NamedTuple):
    """A row waiting for the index: its version, and its indexed_version when read."""

    version: int
    seen: int


STORE_FILENAME = "articles.sqlite3"
# The stored pages are zlib streams (any zlib reads them), written by ISA-L's deflate at its
# level 1: 0.29 ms a page against 1.23 for zlib's fastest level and 2.98 for its default
# (200 pages of the shared mirror), and as small as zlib's level 1 (23% of the page).  The
# crawl process, which stores, is the crawl's busiest.
RAW_HTML_LEVEL = 1


def pack_page(raw_html: str) -> bytes:
    """A page as stored: its UTF-8 bytes as a zlib stream."""
    return bytes(isal_zlib.compress(raw_html.encode("utf-8"), RAW_HTML_LEVEL))


def unpack_page(stored: bytes) -> str:
    """The page back from any zlib stream (pages stored before ISA-L were written by zlib)."""
    return bytes(isal_zlib.decompress(stored)).decode("utf-8")


_COLUMNS = [name for name in ARTICLE_FIELDS if name != "id"]
_INT_COLUMNS = INT_FIELDS | BOOL_FIELDS
_RECORD_COLUMNS = ["id", "version", *_COLUMNS]
_RECORD = ", ".join(_RECORD_COLUMNS)
"""The columns an Article is read from: every one but the stored page (35 KB a row, zlib),
which only ``raw_html`` reads.  With it, indexing 10,000 mirror articles peaked at 115 MB."""
_RECORD_OF_A = ", ".join(f"a.{name}" for name in _RECORD_COLUMNS)
_FIELD_DEFAULTS = {name: getattr(Article(), name) for name in BOOL_FIELDS}


class StoreError(RuntimeError):
    """The store cannot be opened or used; the message says what to do."""


SQLiteError = sqlite3.Error
"""What a store call raises when SQLite fails (disk full, damaged file); callers outside the
store catch this name, so that only the store imports sqlite3."""


@dataclass(frozen=True)
class SaveResult:
    """What saving one article did: 'new', 'updated', 'unchanged' or 'duplicate'."""

    outcome: str
    article_id: int


def _schema_sql() -> str:
    article_columns = ",\n  ".join(
        f"{name} {'INTEGER' if name in _INT_COLUMNS else 'TEXT'}" for name in _COLUMNS
    )
    return f"""
CREATE TABLE IF NOT EXISTS articles (
  id INTEGER PRIMARY KEY,
  {article_columns},
  raw_html BLOB,
  version INTEGER NOT NULL DEFAULT 1,
  indexed_version INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS articles_url ON articles(url);
CREATE INDEX IF NOT EXISTS articles_hash ON articles(content_hash);
CREATE INDEX IF NOT EXISTS articles_site ON articles(site);
CREATE INDEX IF NOT EXISTS articles_pending ON articles(indexed_version, version);
CREATE INDEX IF NOT EXISTS articles_site_updated ON articles(site, updated_at);
CREATE TABLE IF NOT EXISTS seen_urls (
  url TEXT PRIMARY KEY,
  site TEXT NOT NULL,
  article_id INTEGER,
  seen_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY,
  site TEXT NOT NULL,
  started TEXT NOT NULL,
  ended TEXT NOT NULL,
  status TEXT NOT NULL,
  summary TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS runs_site ON runs(site, ended);
CREATE TABLE IF NOT EXISTS revisions (
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL,
  version INTEGER NOT NULL,
  replaced_at TEXT NOT NULL,
  record TEXT NOT NULL,
  raw_html BLOB
);
CREATE INDEX IF NOT EXISTS revisions_article ON revisions(article_id, version);
CREATE TABLE IF NOT EXISTS discovery_cache (
  url TEXT PRIMARY KEY,
  site TEXT NOT NULL,
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  children TEXT NOT NULL DEFAULT '[]',
  body BLOB,
  fetched_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS url_outcomes (
  url TEXT PRIMARY KEY,
  site TEXT NOT NULL,
  outcome TEXT NOT NULL,
  fetched_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS url_outcomes_site ON url_outcomes(site);
CREATE TABLE IF NOT EXISTS run_outcomes (
  run_id INTEGER NOT NULL,
  url TEXT NOT NULL,
  outcome TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (run_id, url)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS site_state (
  site TEXT PRIMARY KEY,
  health TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  health_since TEXT NOT NULL,
  failures INTEGER NOT NULL DEFAULT 0,
  empty_runs INTEGER NOT NULL DEFAULT 0,
  last_attempt TEXT NOT NULL DEFAULT '',
  last_success TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS minhash (
  article_id INTEGER PRIMARY KEY,
  signature BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS minhash_bands (
  band_key INTEGER NOT NULL,
  article_id INTEGER NOT NULL,
  PRIMARY KEY (band_key, article_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS near_duplicates (
  article_id INTEGER NOT NULL,
  other_id INTEGER NOT NULL,
  similarity REAL NOT NULL,
  PRIMARY KEY (article_id, other_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS watch_delivered (
  watch TEXT NOT NULL,
  article_id INTEGER NOT NULL,
  batch INTEGER NOT NULL,
  PRIMARY KEY (watch, article_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS watch_batches (
  id INTEGER PRIMARY KEY,
  watch TEXT NOT NULL,
  kind TEXT NOT NULL,
  target TEXT NOT NULL,
  staged TEXT NOT NULL,
  state TEXT NOT NULL,
  items INTEGER NOT NULL,
  created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS warc_records (
  record_id TEXT PRIMARY KEY,
  article_id INTEGER NOT NULL,
  path TEXT NOT NULL,
  offset INTEGER NOT NULL,
  length INTEGER NOT NULL,
  captured TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS warc_records_article ON warc_records(article_id, captured);
CREATE TABLE IF NOT EXISTS extraction_shares (
  site TEXT NOT NULL,
  started TEXT NOT NULL,
  articles INTEGER NOT NULL,
  title REAL NOT NULL,
  published REAL NOT NULL,
  authors REAL NOT NULL,
  body REAL NOT NULL,
  PRIMARY KEY (site, started)
) WITHOUT ROWID;
"""


_NESTED = "presswatch_nested"


@contextmanager
def write_transaction(connection: sqlite3.Connection) -> Iterator[None]:
    """One write transaction on a connection in autocommit mode (rolled back on any error).

    The store's connection is opened with ``isolation_level=None``, so ``with connection:``
    is no transaction at all: every multi-statement write goes through this instead.
    Re-entrant: inside an open transaction it becomes a savepoint, so a helper that writes
    atomically on its own (``save_outcomes``, ``record_run``) joins its caller's transaction
    (one commit for the whole block); a failure in the nested block undoes only that block
    and is raised on, and the outermost block decides (an uncaught error rolls back all).
    """
    if connection.in_transaction:
        with _savepoint(connection):
            yield
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        # SQLite may already have rolled back on its own (a full disk, an I/O error).
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")


@contextmanager
def _savepoint(connection: sqlite3.Connection) -> Iterator[None]:
    connection.execute(f"SAVEPOINT {_NESTED}")
    try:
        yield
    except BaseException:
        if connection.in_transaction:
            connection.execute(f"ROLLBACK TO {_NESTED}")
            connection.execute(f"RELEASE {_NESTED}")
        raise
    connection.execute(f"RELEASE {_NESTED}")


ID_CHUNK = 500  # ids per "IN (...)" query, well under SQLite's variable limit


def rows_by_ids(connection: sqlite3.Connection, sql: str, ids: list[int]) -> Iterator[sqlite3.Row]:
    """Rows of `sql`, whose "{marks}" is the placeholder list of an IN, for ids in chunks."""
    for start in range(0, len(ids), ID_CHUNK):
        chunk = ids[start : start + ID_CHUNK]
        yield from connection.execute(sql.format(marks=",".join("?" * len(chunk))), chunk)


def row_batches(
    connection: sqlite3.Connection, columns: str, where: str = "1", batch_size: int = 1000
) -> Iterator[list[sqlite3.Row]]:
    """`columns` (with id) of the articles matching `where`, in batches by id (keyset paging)."""
    last_id = 0
    while True:
        rows = connection.execute(
            f"SELECT {columns} FROM articles WHERE ({where}) AND id > ? ORDER BY id LIMIT ?",
            (last_id, batch_size),
        ).fetchall()
        if not rows:
            return
        last_id = rows[-1]["id"]
        yield rows


class ArticleStore:
    """The SQLite article store; every write is committed before the call returns."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path
        # Earlier versions kept per article ([defaults] keep_revisions); older ones are pruned.
        self.keep_revisions = DEFAULT_KEEP_REVISIONS

    @classmethod
    def open(cls, data_dir: Path, create: bool = True) -> ArticleStore:
        """Open (or create) the store in a data directory, checking its schema version."""
        path = data_dir / STORE_FILENAME
        if not path.exists() and not create:
            raise StoreError(f"no article store at {path}; run `presswatch crawl` first")
        if path.exists() and path.stat().st_size == 0:
            # SQLite would treat an emptied file as a new database: never start over silently.
            raise StoreError(
                f"the article store {path} is an empty file; restore it from a backup "
                "or move it away to start a new one"
            )
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(path, timeout=30, isolation_level=None)
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"the article store {path} has schema {version}, newer than this "
                    f"presswatch ({SCHEMA_VERSION}); upgrade presswatch"
                )
            # Every statement is IF NOT EXISTS: tables added later reach existing stores too.
            _create_schema(connection, version)
            _add_missing_columns(connection)
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"the article store {path} is unreadable ({exc}); restore it from a backup "
                "or move it away to start a new one"
            ) from exc
        return cls(connection, path)

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()

    def limit_pages(self, pages: int) -> None:
        """Cap the file at this many pages (SQLite's max_page_count): a full disk, for tests."""
        self.connection.execute(f"PRAGMA max_page_count = {int(pages)}")

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction (re-entrant: nested blocks join it; see write_transaction)."""
        return write_transaction(self.connection)

    def __enter__(self) -> ArticleStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------------

    def save(self, article: Article, raw_html: str = "") -> SaveResult:
        """Store an article: new URL, changed content (updated), same content, or exact copy."""
        values = _to_row(article)
        compressed = pack_page(raw_html) if raw_html else None
        now = format_when(datetime.now(UTC))
        # Article, revision and seen marks change together or not at all.
        with self.transaction():
            row = self._existing(article)
            if row is not None:
                if row["content_hash"] == article.content_hash:
                    self._mark_seen(article, row["id"])
                    return SaveResult("unchanged", row["id"])
                values.pop("first_seen")
                self._keep_revision(row["id"], now)
                assignments = ", ".join(f"{name} = :{name}" for name in values)
                self.connection.execute(
                    f"UPDATE articles SET {assignments}, raw_html = :raw_html, "
                    "version = version + 1, updated_at = :now WHERE id = :id",
                    {**values, "raw_html": compressed, "now": now, "id": row["id"]},
                )
                self._mark_seen(article, row["id"])
                return SaveResult("updated", row["id"])
            original = self._first_with_hash(article.content_hash)
            if original is not None:
                values["duplicate_of"] = original
            names = ", ".join([*values, "raw_html", "updated_at"])
            marks = ", ".join(f":{name}" for name in [*values, "raw_html", "now"])
            cursor = self.connection.execute(
                f"INSERT INTO articles ({names}) VALUES ({marks})",
                {**values, "raw_html": compressed, "now": now},
            )
            article_id = int(cursor.lastrowid or 0)
            self._mark_seen(article, article_id)
        article.id = article_id
        return SaveResult("duplicate" if original else "new", article_id)

    def _existing(self, article: Article) -> sqlite3.Row | None:
        """The stored row of this article: by its key, else by a URL it was seen under whose
        key is the same (a row keyed by an earlier presswatch's URL normalisation)."""
        row: sqlite3.Row | None = self.connection.execute(
            "SELECT id, content_hash FROM articles WHERE url = ?", (article.url,)
        ).fetchone()
        if row is not None or not article.url:
            return row
        from crawler.extract.textnorm import url_key  # loads extraction: only on this path

        candidates = self.connection.execute(
            "SELECT a.id, a.content_hash, a.url FROM seen_urls s JOIN articles a "
            "ON a.id = s.article_id WHERE s.url IN (?, ?)",
            (article.url, article.url_original),
        ).fetchall()
        return next((c for c in candidates if url_key(c["url"]) == article.url), None)

    def update_fields(self, article: Article, names: Iterable[str]) -> None:
        """Overwrite some fields of a stored article (by id) as a new version, old one kept."""
        if article.id is None:
            raise ValueError("update_fields needs an article with an id")
        values = {name: value for name, value in _to_row(article).items() if name in set(names)}
        now = format_when(datetime.now(UTC))
        assignments = ", ".join(f"{name} = :{name}" for name in values)
        with self.transaction():
            self._keep_revision(article.id, now)
            self.connection.execute(
                f"UPDATE articles SET {assignments}, version = version + 1, updated_at = :now "
                "WHERE id = :id",
                {**values, "now": now, "id": article.id},
            )

    def _keep_revision(self, article_id: int, now: str) -> None:
        """Copy an article's current row (fields and raw HTML) to `revisions` before an update."""
        old = self.connection.execute(
            "SELECT * FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        fields = dict(zip(old.keys(), tuple(old), strict=True))
        raw_html = fields.pop("raw_html")
        self.connection.execute(
            "INSERT INTO revisions (article_id, version, replaced_at, record, raw_html) "
            "VALUES (?, ?, ?, ?, ?)",
            (article_id, fields["version"], now, json.dumps(fields, ensure_ascii=False), raw_html),
        )
        # In the caller's transaction: the update and the pruning land together or not at all.
        self.connection.execute(
            "DELETE FROM revisions WHERE article_id = ? AND id NOT IN (SELECT id FROM revisions "
            "WHERE article_id = ? ORDER BY version DESC, id DESC LIMIT ?)",
            (article_id, article_id, max(0, self.keep_revisions)),
        )

    def _first_with_hash(self, content_hash: str) -> str | None:
        if not content_hash:
            return None
        row = self.connection.execute(
            "SELECT url FROM articles WHERE content_hash = ? ORDER BY id LIMIT 1", (content_hash,)
        ).fetchone()
        return row["url"] if row else None

    def _mark_seen(self, article: Article, article_id: int) -> None:
        now = format_when(datetime.now(UTC))
        for url in {article.url, article.url_original} - {""}:
            self.connection.execute(
                "INSERT OR REPLACE INTO seen_urls (url, site, article_id, seen_at) "
                "VALUES (?, ?, ?, ?)",
                (url, article.site, article_id, now),
            )

    def mark_indexed(self, versions: dict[int, int]) -> None:
        """Record that these article versions are committed to the index (id -> version)."""
        with self.transaction():
            self.connection.executemany(
                "UPDATE articles SET indexed_version = ? WHERE id = ? AND indexed_version < ?",
                [(version, article_id, version) for article_id, version in versions.items()],
            )

    def mark_all_unindexed(self) -> None:
        """Forget what the index holds (before a rebuild)."""
        with self.transaction():
            self.connection.execute("UPDATE articles SET indexed_version = 0")

    def set_source(
        self,
        site: str,
        *,
        country: str,
        media_type: str,
        owner: str,
        state_affiliated: bool | None,
        tags: Iterable[str],
    ) -> int:
        """Give a site's stored articles this source metadata; rows changed (to re-index)."""
        affiliated = None if state_affiliated is None else int(state_affiliated)
        tags_json = json.dumps(list(tags), ensure_ascii=False)
        values = (country, media_type, owner, affiliated, tags_json)
        cursor = self.connection.execute(
            "UPDATE articles SET country = ?, media_type = ?, owner = ?, state_affiliated = ?, "
            f"site_tags = ?, {CHANGED_SINCE_READ} WHERE site = ? AND NOT ("
            "coalesce(country, '') = ?1 AND coalesce(media_type, '') = ?2 AND "
            "coalesce(owner, '') = ?3 AND state_affiliated IS ?4 AND "
            "coalesce(site_tags, '[]') = ?5)",
            (*values, site),
        )
        return cursor.rowcount

    def record_run(
        self, site: str, started: datetime, ended: datetime, status: str, summary: dict[str, Any]
    ) -> None:
        """Append one site's crawl summary to the run history."""
        with self.transaction():
            self.connection.execute(
                "INSERT INTO runs (site, started, ended, status, summary) VALUES (?, ?, ?, ?, ?)",
                (site, format_when(started), format_when(ended), status, json.dumps(summary)),
            )

    # -- reading -----------------------------------------------------------------------------

    def known_urls(self, site: str) -> set[str]:
        """Every URL (original or canonical) already stored for a site."""
        rows = self.connection.execute("SELECT url FROM seen_urls WHERE site = ?", (site,))
        return {row["url"] for row in rows}

    def get(self, article_id: int) -> Article | None:
        """One article by id."""
        row = self.connection.execute(
            f"SELECT {_RECORD} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return _from_row(row) if row else None

    def get_by_url(self, url: str) -> Article | None:
        """One article by canonical or original URL."""
        row = self.connection.execute(
            f"SELECT {_RECORD_OF_A} FROM articles a LEFT JOIN seen_urls s ON s.article_id = a.id "
            "WHERE a.url = ? OR s.url = ? LIMIT 1",
            (url, url),
        ).fetchone()
        return _from_row(row) if row else None

    def get_many(self, article_ids: Iterable[int]) -> Iterator[Article]:
        """Articles by id, in the order given, fetched in chunks (missing ids are skipped)."""
        ids = list(article_ids)
        for start in range(0, len(ids), ID_CHUNK):
            chunk = ids[start : start + ID_CHUNK]
            sql = f"SELECT {_RECORD} FROM articles WHERE id IN ({{marks}})"
            by_id = {row["id"]: _from_row(row) for row in rows_by_ids(self.connection, sql, chunk)}
            yield from (by_id[i] for i in chunk if i in by_id)

    def raw_html(self, article_id: int) -> str:
        """The raw HTML kept for an article ('' when none)."""
        row = self.connection.execute(
            "SELECT raw_html FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None or row["raw_html"] is None:
            return ""
        return unpack_page(row["raw_html"])

    def revisions(self, article_id: int) -> list[Revision]:
        """The earlier versions kept of an article (``keep_revisions``), oldest first."""
        rows = self.connection.execute(
            "SELECT version, replaced_at, record FROM revisions WHERE article_id = ? "
            "ORDER BY version, id",
            (article_id,),
        ).fetchall()
        return [
            Revision(
                int(row["version"]),
                datetime.fromisoformat(row["replaced_at"]),
                _from_row(defaultdict(lambda: None, json.loads(row["record"]))),
            )
            for row in rows
        ]

    def pending(
        self, batch_size: int = 1000, up_to_id: int | None = None
    ) -> Iterator[list[tuple[Article, int]]]:
        """Batches of (article, version) not yet committed to the index (with an id of at most
        `up_to_id` when given)."""
        where = "indexed_version < version"
        if up_to_id is not None:
            where += f" AND id <= {int(up_to_id)}"
        for rows in row_batches(self.connection, _RECORD, where, batch_size):
            yield [(_from_row(row), row["version"]) for row in rows]

    def pending_versions(self, up_to_id: int) -> dict[int, PendingVersion]:
        """Article id -> what to index of the rows not yet committed to the index (ids up to
        ``up_to_id``), for :meth:`mark_indexed_unless_changed`."""
        rows = self.connection.execute(
            "SELECT id, version, indexed_version FROM articles "
            "WHERE indexed_version < version AND id <= ?",
            (up_to_id,),
        )
        return {int(i): PendingVersion(int(version), int(seen)) for i, version, seen in rows}

    def mark_indexed_unless_changed(self, read: dict[int, PendingVersion]) -> None:
        """Record these versions as committed to the index, but not for a row that changed
        since it was read (a new duplicate group, new source metadata): it stays pending."""
        with self.transaction():
            self.connection.executemany(
                "UPDATE articles SET indexed_version = ? WHERE id = ? AND indexed_version = ?",
                [(state.version, i, state.seen) for i, state in read.items()],
            )

    def last_id(self) -> int:
        """The highest article id stored so far (0 when there is none)."""
        return int(
            self.connection.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
        )

    def all_articles(self, batch_size: int = 1000) -> Iterator[list[tuple[Article, int]]]:
        """Every stored article with its version, in batches by id."""
        for rows in row_batches(self.connection, _RECORD, batch_size=batch_size):
            yield [(_from_row(row), row["version"]) for row in rows]

    def count(self, site: str | None = None) -> int:
        """Number of stored articles (of one site, or all)."""
        if site is None:
            return int(self.connection.execute("SELECT count(*) FROM articles").fetchone()[0])
        return int(
            self.connection.execute(
                "SELECT count(*) FROM articles WHERE site = ?", (site,)
            ).fetchone()[0]
        )

    def paywall_counts(self, site: str) -> dict[str, int]:
        """A site's stored articles by paywall flag: paywalled, free and unknown."""
        row = self.connection.execute(
            "SELECT coalesce(sum(paywalled = 1), 0), coalesce(sum(paywalled = 0), 0), "
            "coalesce(sum(paywalled IS NULL), 0) FROM articles WHERE site = ?",
            (site,),
        ).fetchone()
        return {"paywalled": int(row[0]), "free": int(row[1]), "unknown": int(row[2])}

    def indexed_count(self) -> int:
        """Number of articles of which some version is in the index."""
        return int(
            self.connection.execute(
                "SELECT count(*) FROM articles WHERE indexed_version > 0"
            ).fetchone()[0]
        )

    def updated_since(self, article_ids: list[int], since: datetime) -> list[dict[str, Any]]:
        """Id, URL and update time of those articles whose stored text changed after `since`."""
        sql = (
            "SELECT id, url, updated_at FROM articles WHERE id IN ({marks}) "
            "AND version > 1 AND updated_at IS NOT NULL AND updated_at != ''"
        )
        return [
            {"id": row["id"], "url": row["url"], "updated_at": row["updated_at"]}
            for row in rows_by_ids(self.connection, sql, article_ids)
            if datetime.fromisoformat(row["updated_at"]) > since
        ]

    def pending_count(self) -> int:
        """Number of articles whose latest version is not in the index yet."""
        return int(
            self.connection.execute(
                "SELECT count(*) FROM articles WHERE indexed_version < version"
            ).fetchone()[0]
        )

    def last_run(self, site: str) -> dict[str, Any] | None:
        """The latest recorded run of a site: started, ended, status and summary."""
        row = self.connection.execute(
            "SELECT * FROM runs WHERE site = ? ORDER BY id DESC LIMIT 1", (site,)
        ).fetchone()
        if row is None:
            return None
        return {
            "started": row["started"],
            "ended": row["ended"],
            "status": row["status"],
            "summary": json.loads(row["summary"]),
        }

    def newest_first_seen(self) -> str:
        """The latest first_seen of any stored article ('' when empty)."""
        row = self.connection.execute("SELECT max(first_seen) FROM articles").fetchone()
        return row[0] or ""


def _create_schema(connection: sqlite3.Connection, version: int) -> None:
    """Create the missing tables and stamp the schema version, in one transaction."""
    # executescript commits any open transaction first, so the script carries its own.
    stamp = f"PRAGMA user_version={SCHEMA_VERSION};" if version < SCHEMA_VERSION else ""
    try:
        connection.executescript(f"BEGIN IMMEDIATE;{_schema_sql()}{stamp}COMMIT;")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise


def _add_missing_columns(connection: sqlite3.Connection) -> None:
    """Migrate a store written before a field joined the record: add its column, empty."""
    present = {row["name"] for row in connection.execute("PRAGMA table_info(articles)")}
    missing = [name for name in _COLUMNS if name not in present]
    if missing:
        with write_transaction(connection):
            for name in missing:
                kind = "INTEGER" if name in _INT_COLUMNS else "TEXT"
                connection.execute(f"ALTER TABLE articles ADD COLUMN {name} {kind}")


def _to_row(article: Article) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for name in _COLUMNS:
        value = getattr(article, name)
        if name in LIST_FIELDS:
            value = json.dumps(value, ensure_ascii=False)
        elif name in BOOL_FIELDS:
            value = None if value is None else int(bool(value))
        elif isinstance(value, datetime | date):
            value = format_when(value)
        elif value is None:
            value = ""
        row[name] = value
    return row


def _from_row(row: sqlite3.Row | Mapping[str, Any]) -> Article:
    """An Article from a row of `articles` (or a revision's copy of one, where a column added
    since reads None)."""
    values: dict[str, Any] = {"id": row["id"]}
    for name in _COLUMNS:
        value = row[name]
        if name in LIST_FIELDS:
            value = json.loads(value) if value else []
        elif name in ("published", "modified"):
            value = parse_when(value)
        elif name in ("published_utc", "modified_utc", "first_seen"):
            value = datetime.fromisoformat(value) if value else None
        elif name == "published_day":
            value = date.fromisoformat(value) if value else None
        elif name in BOOL_FIELDS:
            value = _FIELD_DEFAULTS[name] if value in (None, "") else bool(int(value))
        elif name in _INT_COLUMNS:
            value = int(value or 0)
        else:
            value = value or ""
        values[name] = value
    return Article(**values)
