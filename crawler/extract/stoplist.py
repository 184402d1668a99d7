"""justext's stop words of every language, as trafilatura's fallback uses them, in 4 MB, not 28.

When a page's language is not given (presswatch never gives it), trafilatura's justext
fallback classifies paragraphs with the union of justext's 100 stoplists: a tuple of 154,000
words, and justext's lower-cased frozenset of them (``define_stoplist``, cached): 28 MB kept
in each extraction worker for the rest of the crawl (tracemalloc, 300 mirror pages).
:class:`Stoplist` answers the same membership from the words' UTF-8 bytes sorted by hash,
each hit checked against the word itself, so every answer is the frozenset's.
"""

from __future__ import annotations

import functools
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable
from itertools import accumulate
from typing import Any


class Stoplist:
    """Lower-cased words; ``word in stoplist`` as in a frozenset of them (``key``: the
    order and first check of a lookup, ``hash`` but in tests)."""

    def __init__(self, words: Iterable[str], key: Callable[[str], int] = hash) -> None:
        unique = sorted({word.lower() for word in words}, key=key)
        encoded = [word.encode() for word in unique]
        self._key = key
        self._hashes = array("q", map(key, unique))
        self._joined = b"".join(encoded)
        self._ends = array("q", accumulate(map(len, encoded)))

    def __len__(self) -> int:
        return len(self._hashes)

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        wanted = self._key(word)
        at = bisect_left(self._hashes, wanted)
        encoded = b""
        while at < len(self._hashes) and self._hashes[at] == wanted:
            encoded = encoded or word.encode()
            start = self._ends[at - 1] if at else 0
            if self._joined[start : self._ends[at]] == encoded:
                return True
            at += 1
        return False


@functools.cache
def use_compact_stoplists() -> None:
    """Give trafilatura's justext fallback a :class:`Stoplist` of every language's words,
    built once, and let justext take it as it is (its ``define_stoplist`` would copy it)."""
    import justext.core
    import trafilatura.external
    from justext.utils import get_stoplist, get_stoplists

    every = Stoplist(word for language in get_stoplists() for word in get_stoplist(language))
    trafilatura.external.JT_STOPLIST = every  # type: ignore[assignment]
    justext.core.define_stoplist = _taking(justext.core.define_stoplist)


def _taking(define_stoplist: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """justext's ``define_stoplist``, which returns a :class:`Stoplist` unchanged."""

    def define(stoplist: Any) -> Any:
        return stoplist if isinstance(stoplist, Stoplist) else define_stoplist(stoplist)

    return define
