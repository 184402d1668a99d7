"""The block format of presswatch's segments: Whoosh 3's, with each block's data pickled at
protocol 3, not 2.

Whoosh 3 pickles a block's ``(id deltas, weights, values)`` at protocol 2, where every
bytes value (a positional posting's positions) becomes a ``_codecs.encode(str, 'latin1')``
call on reading: six times slower to unpickle than protocol 3's plain bytes opcode, and
twice the size once compressed (a frequent term at 100,000 articles: 7.0 ms against 1.1
to unpickle, 125 KB against 62 KB compressed).  Whoosh reads either: its reader unpickles
whatever protocol it finds.  The block-info tuple stays at protocol 2, as Whoosh writes it.

Blocks are compressed with ISA-L's deflate at its level 1 (:func:`compress_block`), a zlib
stream any zlib reads: 1,000 mirror articles' 23,421 blocks took 0.11 s against zlib's
0.20 s at Whoosh's level 3, for 4% more bytes and the same time to decompress.

Blocks of :data:`SMALLBLOCK_POSTINGS` postings or fewer are written uncompressed: their
pickle is a few dozen bytes, which zlib makes no smaller, and most terms of a segment have
one or two postings (10,000 articles in batches of 200: 0.9 million blocks, 16 s of a
224 s profile compressing them).  The block's info says so; every reader checks it.
"""

from __future__ import annotations

from typing import Any

from isal import isal_zlib
from whoosh.codec.whoosh3 import W3Codec

DATA_PROTOCOL = 3
"""Pickle protocol of a block's data: bytes are a plain opcode from protocol 3 on."""

INFO_PROTOCOL = 2
"""Pickle protocol of a block's info, as Whoosh writes it (``search.blocks`` parses it)."""

SMALLBLOCK_POSTINGS = 4
"""Blocks of this many postings or fewer are written uncompressed."""

BLOCK_LEVEL = 1
"""ISA-L's deflate level for blocks (its fastest that compresses; 0 halves the ratio)."""


def compress_block(databytes: bytes, postings: int) -> tuple[bytes, int]:
    """A block's pickled data as written, and the compression level its info records (0:
    stored as is, for blocks of SMALLBLOCK_POSTINGS postings or fewer)."""
    if postings <= SMALLBLOCK_POSTINGS:
        return databytes, 0
    return bytes(isal_zlib.compress(databytes, BLOCK_LEVEL)), BLOCK_LEVEL


def field_writer(storage: Any, segment: Any) -> Any:
    """A W3FieldWriter for ``segment``, for its terms file; the postings are written by
    indexer.term_blocks in the block format above."""
    return W3Codec().field_writer(storage, segment)
