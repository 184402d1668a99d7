"""Whoosh's postings writer with each block's data pickled at protocol 3, not 2.

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

from pickle import dumps
from typing import Any

from isal import isal_zlib
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3PostingsWriter
from whoosh.util.numeric import length_to_byte

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


class BlockWriter(W3PostingsWriter):
    """W3PostingsWriter whose blocks are pickled at :data:`DATA_PROTOCOL`."""

    def _write_block(self, last: bool = False) -> None:
        """Whoosh's ``_write_block`` with the data protocol and the small-block rule."""
        if not self._blockcount:
            self._postfile.write(WHOOSH3_HEADER_MAGIC)
        self._terminfo.add_block(self)
        data = (self._mini_ids(), self._mini_weights(), self._mini_values())
        databytes, compression = compress_block(dumps(data, DATA_PROTOCOL), len(self._ids))
        info = (
            len(self._ids),
            self._ids[-1],
            self._maxweight,
            compression,
            length_to_byte(self._minlength),
            length_to_byte(self._maxlength),
        )
        infobytes = dumps(info, INFO_PROTOCOL)
        size = len(infobytes) + len(databytes)
        self._postfile.write_int(-size if last else size)
        self._postfile.write(infobytes)
        self._postfile.write(databytes)
        self._blockcount += 1
        self._new_block()


class BlockCodec(W3Codec):
    """W3Codec whose field writers write their postings through :class:`BlockWriter`.

    Only for field writers: a segment keeps Whoosh's own codec (its table of contents
    pickles the codec, and any Whoosh reads the files)."""

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> BlockWriter:
        return BlockWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )


def field_writer(storage: Any, segment: Any) -> Any:
    """A W3FieldWriter for ``segment`` whose postings go through :class:`BlockWriter`."""
    return BlockCodec().field_writer(storage, segment)
