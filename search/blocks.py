"""Whoosh 3 posting blocks decoded straight into numpy arrays, positions left packed.

A block on disk is a pickled block-info tuple and a zlib-compressed pickle of
``(id deltas, weights, values)``.  Whoosh unpickles all three, but only phrases need the
values (at protocol 2, as Whoosh writes them, one ``_codecs.encode(str, 'latin1')`` call
per posting, about 90% of the unpickling time; ``indexer.postings_writer`` writes protocol
3).  :func:`read_blocks` unpickles only the ids and weights (the pickle cut where the
values tuple begins, checked, else read whole), and :func:`positions` turns the values of
chosen postings into positions in one ``loads``.
"""

from __future__ import annotations

import io
import pickle
import re
import zlib
from dataclasses import dataclass
from itertools import chain
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher

_INT_BYTES = 4
_VALUES_STARTS = {
    2: re.compile(re.escape(b"(c_codecs\nencode\n")),
    3: re.compile(rb"\((?=[CB])"),
}
"""Where a tuple of bytes may begin, by the block pickle's protocol: MARK and GLOBAL
_codecs.encode at protocol 2, MARK and SHORT_BINBYTES or BINBYTES at 3."""
_CUT_TRIES = 4
"""Places tried before the head is read whole: at protocol 3 the pattern can occur in the
bytes of an id or a weight, rarely twice."""
_TUPLE2_STOP = b"\x86."
_VALUE_HEAD = 6
"""A position value's 4-byte count and PROTO 2, before its list-building opcodes."""
_STOP = ord(".")
_INT_OP = rb"(?:K.|M..|J....)"
_INFO = re.compile(
    rb"\x80\x02\((%s)%s(?:G.{8}|%s)(%s)%s%st(?:q.|r....)?\." % ((_INT_OP,) * 6), re.DOTALL
)
"""The block-info tuple (count, last id, max weight, compression, min and max length byte)
as protocol 2 pickles it; anything else is read with pickle."""
_EMPTY = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True)
class Blocks:
    """Every posting of one term in one segment: segment doc numbers, weights, and (when
    asked) the raw value of each posting."""

    docs: np.ndarray
    weights: np.ndarray
    values: list[Any] | None


def read_blocks(matcher: W3LeafMatcher, values: bool) -> Blocks:
    """All the blocks of an on-disk matcher from its first, as Whoosh's reader would give them."""
    length = matcher._length
    if isinstance(length, tuple):  # W3TermInfo decodes it as a 1-tuple
        (length,) = length
    raw = matcher._postfile.get(matcher._startoffset, length)
    at = _INT_BYTES  # after the postings' header tag
    id_runs: list[tuple[int, ...]] = []
    weight_runs: list[tuple[float, ...]] = []
    kept: list[Any] = []
    last = False
    while not last:
        size = int.from_bytes(raw[at : at + _INT_BYTES], "big", signed=True)
        last = size < 0
        end = at + _INT_BYTES + abs(size)
        count, compression, data_at = _block_info(raw, at + _INT_BYTES)
        ids, weights, block_values = _unpickle(raw[data_at:end], compression, count, values)
        id_runs.append(ids)
        weight_runs.append(_weights(weights, count))
        if values:
            kept.extend(_values(block_values, count, matcher._fixedsize))
        at = end
    docs = _undelta(id_runs)
    weight = np.fromiter(chain.from_iterable(weight_runs), dtype=np.float64, count=len(docs))
    return Blocks(docs, weight, kept if values else None)


def _block_info(raw: bytes, at: int) -> tuple[int, bool, int]:
    """(postings, compressed, offset of the data) from the block-info pickle at ``at``."""
    found = _INFO.match(raw, at)
    if found is not None:
        return _small_int(found.group(1)), _small_int(found.group(2)) != 0, found.end()
    stream = io.BytesIO(raw)
    stream.seek(at)
    count, _, _, compression, _, _ = pickle.load(stream)
    return count, bool(compression), stream.tell()


def _small_int(op: bytes) -> int:
    """The value of a BININT1, BININT2 or BININT opcode."""
    return int.from_bytes(op[1:], "little", signed=op[:1] == b"J")


def _unpickle(data: bytes, compressed: bool, count: int, values: bool) -> tuple[Any, Any, Any]:
    """(id deltas, weights, values) of a block; values None unless asked for.

    Without values only the head of the block is inflated: ids and weights come first and
    take at most 14 bytes a posting (BININT and BINFLOAT opcodes).
    """
    whole = None if compressed else data
    if not values:
        head = data
        if compressed:
            inflater = zlib.decompressobj()
            head = inflater.decompress(data, 14 * count + 64)
            whole = head if inflater.eof else None  # a small block (no positions) is all in
        found = _ids_and_weights(head, count)
        if found is not None:
            return found[0], found[1], None
    ids, weights, block_values = pickle.loads(zlib.decompress(data) if whole is None else whole)
    return ids, weights, block_values


def _ids_and_weights(head: bytes, count: int) -> tuple[Any, Any] | None:
    """The first two items of a block pickle cut where its values begin; None when the
    head does not have that shape (no position values, or a cut that does not check out)."""
    pattern = _VALUES_STARTS.get(head[1]) if head[:1] == b"\x80" else None
    if pattern is None:
        return None
    for tried, found in enumerate(pattern.finditer(head, 2)):
        if tried == _CUT_TRIES:
            break
        cut = head[: found.start()]
        try:
            ids, weights = pickle.loads(cut + _TUPLE2_STOP)
        except Exception:  # a cut in the wrong place can fail in any of pickle's ways
            continue
        if _shaped(ids, weights, count):
            return ids, weights
    return None


def _shaped(ids: Any, weights: Any, count: int) -> bool:
    """Whether a cut pickle gave a block's ids and weights: a tuple of ``count`` ids, and
    None, one float or ``count`` weights."""
    if not isinstance(ids, tuple) or len(ids) != count:
        return False
    if isinstance(weights, tuple):
        return len(weights) == count
    return weights is None or isinstance(weights, float)


def _weights(weights: Any, count: int) -> tuple[float, ...]:
    """A block's weights as Whoosh minifies them: None for all 1.0, one float for all equal."""
    if weights is None:
        return (1.0,) * count
    if isinstance(weights, float):  # Whoosh expands it into a float32 array
        return (float(np.float32(weights)),) * count
    return tuple(weights)


def _values(values: Any, count: int, fixed_size: int | None) -> Any:
    """A block's values as Whoosh's matcher gives them (W3LeafMatcher._read_values)."""
    if fixed_size is None or fixed_size < 0:
        return values
    if fixed_size == 0:
        return (None,) * count
    return tuple(values[i : i + fixed_size] for i in range(0, len(values), fixed_size))


def _undelta(id_runs: list[tuple[int, ...]]) -> np.ndarray:
    """Document numbers from per-block delta runs (each block's first delta is absolute)."""
    counts = np.fromiter(map(len, id_runs), dtype=np.int64, count=len(id_runs))
    total = int(counts.sum())
    deltas = np.fromiter(chain.from_iterable(id_runs), dtype=np.int64, count=total)
    return _restart_sums(deltas, counts)


def positions(values: list[bytes]) -> tuple[np.ndarray, np.ndarray] | None:
    """Positions of Positions-format values: (count per value, all positions in order).

    A value is a 4-byte count and ``dumps(deltas, 2)``; the list-building opcodes of every
    value (PROTO and STOP cut out) go into one tuple, unpickled at once.  None when a value
    is not in that shape (the caller then decodes them one by one).
    """
    if not values:
        return _EMPTY, _EMPTY
    joined = b"".join(values)
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    starts = np.cumsum(lengths) - lengths
    raw = np.frombuffer(joined, dtype=np.uint8)
    if bool(np.any(lengths < _VALUE_HEAD + 1)):
        return None
    if not (np.all(raw[starts + _INT_BYTES] == 0x80) and np.all(raw[starts + _INT_BYTES + 1] == 2)):
        return None
    keep = np.ones(len(raw), dtype=bool)
    keep[(starts[:, None] + np.arange(_VALUE_HEAD)).ravel()] = False
    ends = starts + lengths - 1
    keep[ends[raw[ends] == _STOP]] = False
    lists = pickle.loads(b"\x80\x02(" + raw[keep].tobytes() + b"t.")
    counts = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    deltas = np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=int(counts.sum()))
    return counts, _restart_sums(deltas, counts)


def _restart_sums(deltas: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Running sums of ``deltas`` that start again at each run of ``counts`` items."""
    if not len(deltas):
        return _EMPTY
    sums = np.cumsum(deltas)
    ends = np.cumsum(counts)
    before = np.concatenate(([0], sums[ends[:-1] - 1]))
    return sums - np.repeat(before, counts)
