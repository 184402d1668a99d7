"""Freed memory given back to the system: glibc keeps a process's freed heap pages mapped."""

from __future__ import annotations

import ctypes
import os
from collections.abc import Callable
from functools import cache
from typing import Any

_PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


def resident_mb() -> float:
    """This process's resident memory (RSS) in MB."""
    with open("/proc/self/statm", "rb") as statm:
        return int(statm.read().split()[1]) * _PAGE_BYTES / 2**20


@cache
def _libc_function(name: str) -> Callable[..., Any] | None:
    try:
        function: Callable[..., Any] = getattr(ctypes.CDLL("libc.so.6"), name)
        return function
    except (OSError, AttributeError):  # not glibc: nothing to do
        return None


LARGE_BLOCK_BYTES = 128 * 1024
"""glibc's own starting threshold for serving an allocation by mmap."""

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3


def large_blocks_returned(threshold: int = LARGE_BLOCK_BYTES) -> bool:
    """Serve allocations of ``threshold`` bytes and more by mmap from now on, so each is given
    back to the system when freed; True when glibc took the setting.

    glibc starts so, but raises its threshold each time such a block is freed (up to 32 MB):
    a crawl process, which passes pages of a few hundred KB through, then keeps them in its
    heap, which grows in holes.  Fixing the threshold (and the trim threshold with it, as
    ``mallopt`` documents): the crawl process's peak on the 10,000-article mirror was 229
    and 237 MB in two runs with it, 239-248 MB in three without (one run's noise is as large).
    """
    mallopt = _libc_function("mallopt")
    if mallopt is None:
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, threshold)) and bool(
        mallopt(_M_TRIM_THRESHOLD, threshold)
    )


def trim_above(limit_mb: float) -> bool:
    """Give freed heap memory back (glibc's malloc_trim) when the RSS is above ``limit_mb``;
    True when it was tried.

    An extraction worker parses pages of up to a few MB with lxml; glibc keeps the freed
    pages, so a worker's RSS sits at its largest page's mark (132 MB after the 453 dev
    pages, 107 MB when trimmed after each page, for about 0.7 ms a page).
    """
    trim = _libc_function("malloc_trim")
    if trim is None or resident_mb() <= limit_mb:
        return False
    trim(0)
    return True
