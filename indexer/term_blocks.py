"""Each term's postings blocks and term info, written as Whoosh's W3 codec writes them.

:class:`TermBlocks` encodes terms (blocks in indexer.postings_writer's format; term info as
W3TermInfo packs it) straight into a segment's files, or into a buffer of its own
that :func:`write_terms` copies into them later, in term order. A segment's terms can so
be encoded in two processes at once (:meth:`indexer.build.SegmentBuilder.finish` with
``parallel``), and the files are the same byte for byte as when one process encodes them all.
"""

from __future__ import annotations

import io
import itertools
import struct
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


class TermRows:
    """Adds terms to a W3FieldWriter's terms file in term order, starting each field as its
    first term comes (W3FieldWriter numbers the fields in that order)."""

    def __init__(self, fieldwriter: Any, schema: Any) -> None:
        self.fieldwriter = fieldwriter
        self.schema = schema
        self._add = fieldwriter._tindex.add
        self._field: str | None = None
        self._prefix = b""

    def add(self, fieldname: str, tbytes: bytes, fixed: bytes, offset: int, length: int) -> None:
        """One term: its field, bytes, term info without its extent, and its extent."""
        if fieldname != self._field:
            if self._field is not None:
                self.fieldwriter.finish_field()
            self.fieldwriter.start_field(fieldname, self.schema[fieldname])
            self._field = fieldname
            self._prefix = pack_ushort(self.fieldwriter._fieldid)
        self._add(self._prefix + tbytes, fixed + pack_long(offset) + pack_int(length))

    def close(self) -> None:
        """The last field is done."""
        if self._field is not None:
            self.fieldwriter.finish_field()
            self._field = None


Entry = tuple[str, bytes, bytes, int, int]
"""A term encoded apart: field, bytes, term info without its extent, extent in its buffer."""


class TermBlocks:
    """Encodes terms' postings, either straight into a segment's files (``rows``: the
    segment's terms, whose field writer's postings file takes the blocks), or into a buffer
    of its own (no ``rows``) with an entry per term, for another process to copy in
    (:func:`write_terms`). A rebuild's segment holds the postings of up to half of the
    archive: a buffer and entries would hold them in memory a second time."""

    def __init__(self, rows: TermRows | None = None) -> None:
        self.rows = rows
        self.entries: list[Entry] = []
        self._file = StructFile(io.BytesIO()) if rows is None else rows.fieldwriter._postfile
        self._start = 0
        self._stats = TermStats()

    def start(self) -> None:
        """A new term's postings start here."""
        self._start = self._file.tell()
        self._file.write(WHOOSH3_HEADER_MAGIC)
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
        out = self._file
        size = len(infobytes) + len(databytes)
        out.write_int(-size if last else size)
        out.write(infobytes)
        out.write(databytes)
        self._stats.add(ids, weights, nonzero)

    def finish(self, fieldname: str, tbytes: bytes) -> None:
        """The term is done: its row in the terms file, or its entry."""
        length = self._file.tell() - self._start
        fixed = self._stats.fixed_bytes()
        if self.rows is not None:
            self.rows.add(fieldname, tbytes, fixed, self._start, length)
        else:
            self.entries.append((fieldname, tbytes, fixed, self._start, length))

    def postings(self) -> bytes:
        """Every block written into the buffer so far."""
        return bytes(self._file.file.getvalue()) if self.rows is None else b""


def write_terms(rows: TermRows, parts: list[tuple[bytes, list[Entry]]]) -> None:
    """Copy terms encoded apart (``(postings, entries)`` of TermBlocks, in term order one
    part after the other) into the segment's postings and terms files."""
    postfile = rows.fieldwriter._postfile
    for postings, entries in parts:
        base = postfile.tell()
        postfile.write(postings)
        for fieldname, tbytes, fixed, offset, length in entries:
            rows.add(fieldname, tbytes, fixed, base + offset, length)
