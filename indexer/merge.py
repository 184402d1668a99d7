"""Merge index segments into one by copying their postings, with document numbers remapped.

Whoosh merges segments (``add_reader``) by reading every posting of every term back into
Python tuples, putting each into its sorting pool (pickled to disk when the pool is full)
and sorting them all again, though each segment's postings are already in term order.  At
10,000 crawled articles those merges were most of the live indexer's CPU.  Here the terms of
the segments are walked side by side in order, and each term's postings are copied block by
block: document numbers are remapped (deleted documents dropped), weights and the encoded
positions are kept as they are.  Per-document data (stored fields, lengths, columns) is
copied as Whoosh copies it.  The result is the segment Whoosh's own merge would write.
"""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Iterator, Sequence
from typing import Any

from whoosh.codec import default_codec
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.columns import TranslatingColumnReader
from whoosh.reading import SegmentReader

from indexer.build import BLOCK_POSTINGS, LENGTH_OF_BYTE, set_length
from indexer.postings_writer import field_writer
from indexer.term_blocks import TermBlocks, TermRows, mini_values

_DELETED = 0xFFFFFFFF
"""Document map entry of a deleted document."""


class _Merged:
    """The per-document part of the merged segment: document maps and field lengths."""

    def __init__(self) -> None:
        self.docmaps: list[array[int]] = []
        self.lengths: dict[str, array[int]] = {}
        self.count = 0


def merge_segments(storage: Any, schema: Any, indexname: str, segments: Sequence[Any]) -> Any:
    """Write one new segment holding the live documents of ``segments``, in their order;
    the segment, for a TOC (the given segments are left as they are)."""
    for name, field in schema.items():
        if field.vector:
            raise ValueError(f"field {name!r} has term vectors, which this merge does not copy")
    codec = default_codec()
    segment = codec.new_segment(storage, indexname)
    readers = [SegmentReader(storage, schema, each) for each in segments]
    try:
        merged = _copy_documents(codec.per_document_writer(storage, segment), schema, readers)
        fieldwriter = field_writer(storage, segment)
        rows = TermRows(fieldwriter, schema)
        blocks = TermBlocks(rows)
        indexed = set().union(*(reader._terms.indexed_field_names() for reader in readers))
        for name in sorted(indexed & set(schema.names())):
            _copy_field(blocks, name, schema[name], readers, merged)
        rows.close()
        fieldwriter.close()
    finally:
        for reader in readers:
            reader.close()
    segment.set_doc_count(merged.count)
    return segment


def _copy_documents(perdoc: Any, schema: Any, readers: list[SegmentReader]) -> _Merged:
    """Copy the stored fields, field lengths and columns of every live document."""
    merged = _Merged()
    in_schema = set(schema.names())
    for reader in readers:
        docmap = array("I", [_DELETED]) * reader.doc_count_all()
        names = in_schema | (set(reader.indexed_field_names()) & in_schema)
        columns = _column_readers(reader, schema, names)
        for docnum, stored in reader.iter_docs():
            docmap[docnum] = merged.count
            perdoc.start_doc(merged.count)
            for name in names | (stored.keys() & in_schema):
                field = schema[name]
                length = reader.doc_field_length(docnum, name)
                perdoc.add_field(name, field, stored.get(name), length)
                if length:
                    set_length(merged.lengths, name, merged.count, length)
                if name in columns:
                    perdoc.add_column_value(name, field.column_type, columns[name][docnum])
            perdoc.finish_doc()
            merged.count += 1
        merged.docmaps.append(docmap)
    perdoc.close()
    return merged


def _column_readers(reader: SegmentReader, schema: Any, names: set[str]) -> dict[str, Any]:
    columns = {}
    for name in names:
        column_type = schema[name].column_type
        if column_type and reader.has_column(name):
            column = reader.column_reader(name, column_type)
            if isinstance(column, TranslatingColumnReader):
                column = column.raw_column()
            columns[name] = column
    return columns


def _field_terms(reader: SegmentReader, index: int, name: str) -> Iterator[tuple[bytes, int, Any]]:
    """(term bytes, ``index``, term info) of one field of one segment, in term order."""
    terms = reader._terms
    if name not in terms.indexed_field_names():
        return
    for (fieldname, tbytes), info in terms.items_from(name, b""):
        if fieldname != name:
            return
        yield tbytes, index, info


def _copy_field(
    blocks: TermBlocks, name: str, field: Any, readers: list[SegmentReader], merged: _Merged
) -> None:
    streams = [_field_terms(reader, index, name) for index, reader in enumerate(readers)]
    lengths = merged.lengths.get(name, array("B"))
    pending: list[tuple[int, Any]] = []
    current: bytes | None = None
    for tbytes, index, info in heapq.merge(*streams):
        if tbytes != current:
            if pending:
                _copy_term(blocks, current, name, field, readers, merged, lengths, pending)
            current, pending = tbytes, []
        pending.append((index, info))
    if pending:
        _copy_term(blocks, current, name, field, readers, merged, lengths, pending)


def _postings(reader: SegmentReader, info: Any, field: Any) -> Iterator[tuple[Any, Any, Any]]:
    """Blocks of (document numbers, weights, encoded values) of one term in one segment."""
    if info.is_inlined():
        ids, weights, values = info.inlined_postings()
        yield ids, weights, values if len(values) == len(ids) else (None,) * len(ids)
        return
    offset, length = info.extent()
    matcher = W3LeafMatcher(reader._terms._postfile, offset, length, field.format)
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        matcher._read_values()
        yield matcher._ids, matcher._weights, matcher._values
        matcher._next_block()


def _copy_term(
    blocks: TermBlocks,
    tbytes: bytes | None,
    name: str,
    field: Any,
    readers: list[SegmentReader],
    merged: _Merged,
    lengths: array[int],
    sources: list[tuple[int, Any]],
) -> None:
    """Copy one term's postings from each segment holding it, skipping deleted documents."""
    docs: array[int] = array("I")
    weights: array[float] = array("f")
    values: list[bytes] = []
    for index, info in sources:
        docmap = merged.docmaps[index]
        for ids, block_weights, block_values in _postings(readers[index], info, field):
            for old, weight, value in zip(ids, block_weights, block_values, strict=True):
                new = docmap[old]
                if new != _DELETED:
                    docs.append(new)
                    weights.append(weight)
                    values.append(value or b"")
    if not docs:
        return  # every document with this term was deleted
    assert tbytes is not None
    fixed_size = field.format.fixed_value_size()
    blocks.start()
    count = len(docs)
    for start in range(0, count, BLOCK_POSTINGS):
        end = start + BLOCK_POSTINGS
        block_docs = docs[start:end]
        block_lengths = [LENGTH_OF_BYTE[lengths[d]] if d < len(lengths) else 0 for d in block_docs]
        block_values = mini_values([v for v in values[start:end] if v], fixed_size)
        blocks.block(block_docs, weights[start:end], block_values, block_lengths, end >= count)
    blocks.finish(name, tbytes)
