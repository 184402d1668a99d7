"""The store: one SQLite file (WAL) and every line of SQL presswatch runs.

Articles and revisions (articles), crawl state (fetch_state), site health (health),
near-duplicate links (duplicates), saved-search deliveries (watch_state) and the
data-directory lock (lock).
"""

from crawler.store.articles import (
    STORE_FILENAME,
    ArticleStore,
    PendingVersion,
    Revision,
    SaveResult,
    SQLiteError,
    StoreError,
    row_batches,
    rows_by_ids,
    write_transaction,
)

__all__ = [
    "STORE_FILENAME",
    "ArticleStore",
    "PendingVersion",
    "Revision",
    "SQLiteError",
    "SaveResult",
    "StoreError",
    "row_batches",
    "rows_by_ids",
    "write_transaction",
]
