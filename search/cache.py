"""Decoded postings kept per searcher, least recently used first out, within a byte budget.

The searcher of an index stays open across queries (ArticleIndex.searcher), so a term
read once (a word typed again, a page and then its count, a watch re-running its queries)
is not decoded again.  A new commit opens a new searcher, and so starts a new cache.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import numpy as np

BUDGET_BYTES = 32 * 1024 * 1024
"""Per searcher; a frequent word of the 100k-article archive takes ~0.4 MB (3 fields)."""


class ArrayCache:
    """Values made of numpy arrays, kept while their arrays fit in ``budget`` bytes."""

    def __init__(self, budget: int | None = None) -> None:
        self.budget = BUDGET_BYTES if budget is None else budget
        self.used = 0
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()

    def get_or_make(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """The value kept for ``key``, else ``make()`` (kept when it fits)."""
        kept = self._items.get(key)
        if kept is not None:
            self._items.move_to_end(key)
            return kept[0]
        value = make()
        size = _array_bytes(value)
        if size > self.budget:
            return value
        self._items[key] = (value, size)
        self.used += size
        while self.used > self.budget:
            _, (_, dropped) = self._items.popitem(last=False)
            self.used -= dropped
        return value

    def __len__(self) -> int:
        return len(self._items)


def _array_bytes(value: Any) -> int:
    """Bytes held by the numpy arrays in a value (nested in tuples, lists and dataclasses);
    the arrays are made read-only, since every later query shares them."""
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
        return int(value.nbytes)
    if isinstance(value, list | tuple):
        return sum(_array_bytes(item) for item in value)
    if hasattr(value, "__dataclass_fields__"):
        return sum(_array_bytes(getattr(value, name)) for name in value.__dataclass_fields__)
    return 0


_CACHES: weakref.WeakKeyDictionary[Any, ArrayCache] = weakref.WeakKeyDictionary()


def searcher_cache(searcher: Any) -> ArrayCache:
    """The cache that lives as long as ``searcher``."""
    cache = _CACHES.get(searcher)
    if cache is None:
        cache = _CACHES[searcher] = ArrayCache()
    return cache
