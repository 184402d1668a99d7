"""MinHash signatures in numpy alone, value for value those of datasketch's affine32 scheme.

datasketch's package imports scipy when it is imported (for its LSH parameter search): about
60 MB and 0.9 s in every process that stores articles, for a computation of a few lines.
Signatures already stored stay valid: tests/test_duplicates.py checks these against
datasketch's MinHash (seed 1, 128 permutations, sha1_hash32, affine32) on random texts.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from typing import Any

NUM_PERM = 128
SEED = 1
# MurmurHash3's 32-bit finalizer, which datasketch applies to each input hash first.
_FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)


@functools.cache
def _permutations() -> tuple[Any, Any]:
    """(a, b) of the affine permutations h -> a*h + b mod 2**32, drawn as datasketch draws them."""
    import numpy as np

    generator = np.random.RandomState(SEED)
    odd = generator.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    offset = generator.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return odd, offset


def _fmix32(values: Any) -> Any:
    import numpy as np

    shift1, mult1, shift2, mult2, shift3 = _FMIX32
    values = values ^ (values >> np.uint32(shift1))
    values = values * np.uint32(mult1)
    values = values ^ (values >> np.uint32(shift2))
    values = values * np.uint32(mult2)
    return values ^ (values >> np.uint32(shift3))


def minhash(texts: Iterable[str]) -> Any:
    """The NUM_PERM minimum hash values (numpy uint32) of a non-empty set of texts (their
    UTF-8 bytes hashed: SHA-1's first 4 bytes, as datasketch's sha1_hash32)."""
    import numpy as np

    sha1 = hashlib.sha1
    heads = b"".join([sha1(text.encode()).digest()[:4] for text in texts])
    hashes = np.frombuffer(heads, dtype="<u4").astype(np.uint32)
    if not hashes.size:
        raise ValueError("a MinHash of nothing")
    odd, offset = _permutations()
    return (_fmix32(hashes).reshape(-1, 1) * odd + offset).min(axis=0)
