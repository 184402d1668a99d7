"""Each term's postings blocks and term info, written as Whoosh's W3 codec writes them.

:class:`TermBlocks` encodes terms into a buffer of its own (blocks as BlockWriter writes them,
indexer.postings_writer; term info as W3TermInfo packs it) and remembers where each one
is; :func:`write_terms` copies one or more such buffers into a segment's files, in term
order. A segment's terms can so be encoded in two processes at once
(:meth:`indexer.build.SegmentBuilder.finish` with ``parallel``), and the files are the same
byte for byte as when one process encodes them all.
"""

from __future__ import annotations

import io
import itertools
import struct
from dataclasses import dataclass, field
from pickle import dumps
from typing import Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
from whoosh.filedb.structfile import StructFile
from whoosh.system import pack_int, pack_long, pack_uint, pack_ushort
from whoosh.util.numeric import length_to_byte

from indexer.postings_writer import DATA_PROTOCOL, INFO_PROTOCOL, compress_block

_TERMINFO = struct.Struct("!BfIBBfII")
"""W3TermInfo's fixed part: flags, weight, document frequency, min and max length bytes, max
weight, first and last document number; then the postings' offset and length."""


class TermStats:
    """What W3TermInfo sums over a term's blocks, for its bytes in the terms file."""

    __slots__ = ("df", "maxid", "maxlength", "maxweight", "minid", "minlength", "weight")

    def __init__(self) -> None:
        self.weight = 0.0
        self.df = 0
        self.minlength: int | None = None
        self.maxlength = 0
        self.maxweight = 0.0
        self.minid: int | None = None
        self.maxid = 0

    def add(self, ids: Any, weights: Any, nonzero: list[int]) -> None:
        """One block: its document numbers, weights and the documents' non-zero lengths."""
        least = min(nonzero) if nonzero else None
        self.weight += sum(weights)
        self.df += len(ids)
        if self.minlength is None:
            self.minlength = least
        elif least is not None:
            self.minlength = min(self.minlength, least)
        self.maxlength = max(self.maxlength, max(nonzero) if nonzero else 0)
        self.maxweight = max(self.maxweight, 0, max(weights))
        if self.minid is None:
            self.minid = ids[0]
        self.maxid = ids[-1]

    def fixed_bytes(self) -> bytes:
        """W3TermInfo.to_bytes without the postings' offset and length (not inlined)."""
        minlength = 0 if self.minlength is None else length_to_byte(self.minlength)
        return _TERMINFO.pack(
            0,
            self.weight,
            self.df,
            minlength,
            length_to_byte(self.maxlength),
            self.maxweight,
            0xFFFFFFFF if self.minid is None else self.minid,
            self.maxid,
        )


def mini_weights(weights: Any) -> Any:
    """A block's weights as W3PostingsWriter stores them: None when all 1.0, one number
    when all equal, else a tuple."""
    first = weights[0]
    if all(w == 1.0 for w in weights):
        return None
    if all(w == first for w in weights):
        return first
    return tuple(weights)


def positions_values(
    freqs: Any, where: Any, offset: int, singles: list[bytes]
) -> tuple[list[bytes], int]:
    """The encoded values (frequency, then the pickled position deltas) of a block's
    postings whose positions start at ``offset`` of ``where`` (``singles``: the value of
    one position, by position); and the offset after them."""
    values = []
    for freq in freqs:
        if freq == 1:
            values.append(singles[where[offset]])
            offset += 1
            continue
        end = offset + freq
        poses = where[offset:end].tolist()
        deltas = [poses[0]] + [b - a for a, b in itertools.pairwise(poses)]
        values.append(pack_uint(freq) + dumps(deltas, 2))
        offset = end
    return values, offset


def mini_values(values: list[bytes], fixed_size: int | None) -> Any:
    """A block's encoded values as W3PostingsWriter stores them for a format whose values
    have ``fixed_size`` bytes (None or negative: any size)."""
    if fixed_size is None or fixed_size < 0:
        return tuple(values)
    return None if fixed_size == 0 else b"".join(values)


@dataclass
class TermBlocks:
    """Terms encoded into a postings buffer: each one's field, bytes, term info (without
    its extent) and extent in the buffer, in the order they were encoded."""

    entries: list[tuple[str, bytes, bytes, int, int]] = field(default_factory=list)
    _buffer: Any = field(default_factory=lambda: StructFile(io.BytesIO()))
    _start: int = 0
    _stats: TermStats = field(default_factory=TermStats)

    def start(self) -> None:
        """A new term's postings start here."""
        self._start = self._buffer.tell()
        self._buffer.write(WHOOSH3_HEADER_MAGIC)
        self._stats = TermStats()

    def block(self, ids: Any, weights: Any, values: Any, lengths: list[int], last: bool) -> None:
        """One block: document numbers, weights, the values as stored (see mini_values),
        the documents' field lengths (0 for none); ``last`` for the term's last block.
        Written as its length (negative for the last), info and pickled data (compressed
        by compress_block)."""
        nonzero = [n for n in lengths if n]
        deltas = tuple(b - a for a, b in itertools.pairwise(itertools.chain((0,), ids)))
        data = dumps((deltas, mini_weights(weights), values), DATA_PROTOCOL)
        databytes, level = compress_block(data, len(ids))
        infobytes = dumps(
            (
                len(ids),
                ids[-1],
                max(0, max(weights)),
                level,
                length_to_byte(min(nonzero) if nonzero else None),
                length_to_byte(max(nonzero) if nonzero else 0),
            ),
            INFO_PROTOCOL,
        )
        buffer = self._buffer
        size = len(infobytes) + len(databytes)
        buffer.write_int(-size if last else size)
        buffer.write(infobytes)
        buffer.write(databytes)
        self._stats.add(ids, weights, nonzero)

    def finish(self, fieldname: str, tbytes: bytes) -> None:
        """The term is done: remember its info and extent."""
        length = self._buffer.tell() - self._start
        self.entries.append((fieldname, tbytes, self._stats.fixed_bytes(), self._start, length))

    def postings(self) -> bytes:
        """Every block written so far."""
        return bytes(self._buffer.file.getvalue())


def write_terms(fieldwriter: Any, schema: Any, parts: list[tuple[bytes, list[Any]]]) -> None:
    """Copy encoded terms (``(postings, entries)`` of TermBlocks, in term order one part
    after the other) into a W3FieldWriter's postings and terms files, field by field."""
    postfile = fieldwriter._postfile
    add_term = fieldwriter._tindex.add
    current = None
    prefix = b""
    for postings, entries in parts:
        base = postfile.tell()
        postfile.write(postings)
        for fieldname, tbytes, fixed, offset, length in entries:
            if fieldname != current:
                if current is not None:
                    fieldwriter.finish_field()
                fieldwriter.start_field(fieldname, schema[fieldname])
                current = fieldname
                prefix = pack_ushort(fieldwriter._fieldid)
            add_term(prefix + tbytes, fixed + pack_long(base + offset) + pack_int(length))
    if current is not None:
        fieldwriter.finish_field()
