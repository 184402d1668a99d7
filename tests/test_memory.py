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


LARGE_BLOCKS = """
import ctypes, sys
from crawler.memory import large_blocks_returned

class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]

libc = ctypes.CDLL("libc.so.6")
libc.mallinfo2.restype = MallInfo2
if sys.argv[1] == "fixed":
    assert large_blocks_returned()
first = b"x" * (4 << 20)
del first  # glibc's own policy raises its mmap threshold past 4 MB here
before = libc.mallinfo2().hblks
page = b"y" * (300 << 10)
print(libc.mallinfo2().hblks - before)  # 1: the page is a block of its own, given back on free
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
@pytest.mark.parametrize(("policy", "mapped"), [("default", "0"), ("fixed", "1")])
def test_large_blocks_stay_mapped_of_their_own_once_the_threshold_is_fixed(
    policy: str, mapped: str
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", LARGE_BLOCKS, policy], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == mapped
