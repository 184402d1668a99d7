"""Freed heap memory given back to the system (crawler.memory)."""

from __future__ import annotations

import subprocess
import sys

import pytest

CHILD = """
from crawler.memory import resident_mb, trim_above
blocks = [bytearray(4000) for _ in range(50_000)]  # 200 MB from malloc's heap
keep = blocks[-1]  # the top of the heap stays in use: glibc cannot shrink it by itself
del blocks
before = resident_mb()
assert not trim_above(before + 50)  # below the limit: left alone
assert trim_above(50)
print(round(before), round(resident_mb()))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_freed_memory_is_given_back_above_the_limit() -> None:
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, check=True)
    before, after = map(int, done.stdout.split())
    assert before > 200 and after < before - 150
