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
def _malloc_trim() -> Callable[[int], Any] | None:
    try:
        trim: Callable[[int], Any] = ctypes.CDLL("libc.so.6").malloc_trim
        return trim
    except (OSError, AttributeError):  # not glibc: nothing to do
        return None


def trim_above(limit_mb: float) -> bool:
    """Give freed heap memory back (glibc's malloc_trim) when the RSS is above ``limit_mb``;
    True when it was tried.

    An extraction worker parses pages of up to a few MB with lxml; glibc keeps the freed
    pages, so a worker's RSS sits at its largest page's mark (132 MB after the 453 dev
    pages, 107 MB when trimmed after each page, for about 0.7 ms a page).
    """
    trim = _malloc_trim()
    if trim is None or resident_mb() <= limit_mb:
        return False
    trim(0)
    return True
