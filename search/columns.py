"""Whoosh's sortable columns as numpy arrays over all documents, read once per searcher.

Filters by day, sorts by date and duplicate groups then cost a few array operations
instead of a Python call per document (``column_reader(...)[doc]``).
"""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np

_SIGN_BIT = np.uint64(1 << 63)
_CACHE: weakref.WeakKeyDictionary[Any, dict[str, np.ndarray]] = weakref.WeakKeyDictionary()


def number_column(searcher: Any, fieldname: str) -> np.ndarray:
    """A sortable signed 64-bit NUMERIC column (see indexer.schema) for every document."""
    cache = _CACHE.setdefault(searcher, {})
    if fieldname not in cache:
        parts = [_segment_numbers(reader, fieldname) for reader, _ in leaves(searcher)]
        cache[fieldname] = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    return cache[fieldname]


def id_column(searcher: Any) -> np.ndarray:
    """The article id of every document (0 where a document has none)."""
    cache = _CACHE.setdefault(searcher, {})
    if "id" not in cache:
        parts = []
        for reader, _ in leaves(searcher):
            column = reader.column_reader("id")
            parts.append(np.fromiter((int(v or 0) for v in column), dtype=np.int64))
        cache["id"] = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    return cache["id"]


def leaves(searcher: Any) -> list[tuple[Any, int]]:
    """(segment reader, first document number) of each segment."""
    return list(searcher.reader().leaf_readers())


def _segment_numbers(reader: Any, fieldname: str) -> np.ndarray:
    """One segment's column, raw big-endian unsigned values shifted back to signed."""
    count = reader.doc_count_all()
    raw = np.zeros(count, dtype=np.uint64)  # raw 0: the smallest signed value (no value)
    if not reader.has_column(fieldname):
        return raw.view(np.int64) ^ np.int64(-(1 << 63))
    column = reader.column_reader(fieldname, translate=False)
    stored = np.frombuffer(
        column._dbfile.get(column._basepos, column._count * column._fixedlen), dtype=">u8"
    )[:count]
    raw[: len(stored)] = stored
    return (raw ^ _SIGN_BIT).view(np.int64)


def text_column(searcher: Any, fieldname: str) -> np.ndarray:
    """A sortable ID column's text for every document ('' where none), as an object array."""
    cache = _CACHE.setdefault(searcher, {})
    if fieldname not in cache:
        parts = []
        for reader, _ in leaves(searcher):
            count = reader.doc_count_all()
            if not reader.has_column(fieldname):
                parts.append(np.full(count, "", dtype=object))
                continue
            column = reader.column_reader(fieldname)
            parts.append(np.array([str(v or "") for v in column], dtype=object))
        cache[fieldname] = np.concatenate(parts) if parts else np.zeros(0, dtype=object)
    return cache[fieldname]
