"""Fast bulk building of index segments, in this process or in worker processes.

Whoosh's own writer analyses every field through a chain of generators, puts each posting
in a sorting pool (pickled to disk once the pool is full) and merges small segments on every
commit. For a rebuild from scratch none of that is needed: :class:`SegmentBuilder` analyses
the full-text fields in one pass (:func:`indexer.analysis.term_positions`), keeps the
postings of a segment in compact arrays per term, and writes them once, in term order, with
Whoosh's own codec, so the files are the ones Whoosh's writer would have written.

:func:`build_parts` runs one builder per part of the articles, each in its own worker process
when there are several parts, and lists the segments in the index's table of contents in the
order of the parts, so document numbers follow the order of the articles.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import shutil
import struct
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from pathlib import Path
from pickle import dumps
from typing import Any, Protocol

from whoosh.codec import default_codec
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC
from whoosh.fields import TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, clean_files
from whoosh.system import pack_int, pack_long, pack_uint, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

from crawler.model import Article
from indexer.analysis import term_positions
from indexer.postings_writer import DATA_PROTOCOL, INFO_PROTOCOL, compress_block, field_writer


class Progress(Protocol):
    """A callback ``(articles done, articles in all)``, told once the articles are all in and
    the segments are being written (``phase``: what happens now, for a progress bar)."""

    def __call__(self, done: int, total: int, phase: str = "", /) -> object: ...


WRITING_PHASE = "writing the index"

BLOCK_POSTINGS = 128
"""Postings per block: Whoosh's W3Codec default (``blocklimit``)."""

LENGTH_OF_BYTE = [byte_to_length(b) if b else 0 for b in range(256)]
"""A field length as its length column's byte decodes (0: none)."""


def set_length(lengths: dict[str, array[int]], fieldname: str, docnum: int, length: int) -> None:
    """Put a document's field length in ``lengths`` (field -> one length byte per document,
    0 for none), as the segment's length column will hold it."""
    column = lengths.get(fieldname)
    if column is None:
        column = lengths[fieldname] = array("B")
    column.extend(bytes(docnum + 1 - len(column)))
    column[docnum] = length_to_byte(length) if length else 0


Postings = tuple["array[int]", "array[int]", "array[int]"]
"""The postings of one term of one full-text field: document numbers, frequencies, and the
positions of every posting one after the other."""


def _new_postings() -> Postings:
    return array("I"), array("I"), array("I")


def _fast_fields(schema: Schema) -> dict[str, float]:
    """Full-text fields analysed by :func:`term_positions`: name -> the format's field boost."""
    fast: dict[str, float] = {}
    for name, field in schema.items():
        positions = isinstance(field, TEXT) and type(field.format).__name__ == "Positions"
        if positions and not field.vector and not field.separate_spelling() and field.scorable:
            fast[name] = float(field.format.field_boost)
    return fast


class SegmentBuilder:
    """Writes one new segment of documents into an index directory (not in its TOC yet)."""

    def __init__(self, directory: Path, schema: Schema, indexname: str) -> None:
        self.schema = schema
        self.storage = FileStorage(str(directory))
        self.codec = default_codec()
        self.segment = self.codec.new_segment(self.storage, indexname)
        self.perdoc = self.codec.per_document_writer(self.storage, self.segment)
        self.docnum = 0
        self.fast = _fast_fields(schema)
        self.terms: dict[str, dict[str, Postings]] = {name: {} for name in self.fast}
        self._single: list[bytes] = []
        self.others: dict[str, dict[bytes, tuple[array[int], array[int]]]] = {}
        """Postings of the other indexed fields: term -> (document numbers, value numbers)."""
        self.values: dict[tuple[float, bytes], int] = {}
        """(weight, value bytes) of those postings -> value number (they take few values)."""
        self.lengths: dict[str, array[int]] = {}

    def add(self, fields: dict[str, Any]) -> int:
        """Add one document (as for ``writer.add_document``); its number in the segment."""
        schema, perdoc, docnum = self.schema, self.perdoc, self.docnum
        names = sorted(name for name in fields if not name.startswith("_"))
        for name in names:
            if name not in schema:
                raise ValueError(f"no field named {name!r} in the schema")
        perdoc.start_doc(docnum)
        for name in names:
            value = fields[name]
            if value is None:
                continue
            field = schema[name]
            length = 0
            if name in self.fast:
                terms = self.terms[name]
                for term, positions in term_positions(value).items():
                    postings = terms.get(term)
                    if postings is None:
                        postings = terms[term] = _new_postings()
                    docs, freqs, where = postings
                    docs.append(docnum)
                    freq = len(positions)
                    freqs.append(freq)
                    if freq == 1:
                        where.append(positions[0])
                    else:
                        where.extend(positions)
                    length += freq
            elif field.indexed:
                for tbytes, freq, weight, vbytes in field.index(value):
                    if field.scorable:
                        length += freq
                    other = self.others.setdefault(name, {}).get(tbytes)
                    if other is None:
                        other = self.others[name][tbytes] = (array("I"), array("I"))
                    other[0].append(docnum)
                    other[1].append(self.values.setdefault((weight, vbytes), len(self.values)))
            if field.indexed and field.scorable:
                set_length(self.lengths, name, self.docnum, length)
            perdoc.add_field(name, field, value if field.stored else None, length)
            column = field.column_type
            if column:
                perdoc.add_column_value(name, column, field.to_column_value(value))
        perdoc.finish_doc()
        self.docnum += 1
        return docnum

    def delete(self, docnum: int) -> None:
        """Mark a document of this segment deleted (a later copy of the same article)."""
        self.segment.delete_document(docnum)

    def _doc_length(self, fieldname: str) -> Callable[[int], int | None]:
        column = self.lengths.get(fieldname)
        if column is None:
            return lambda docnum: None
        table = [byte_to_length(b) if b else None for b in range(256)]
        return lambda docnum: table[column[docnum]] if docnum < len(column) else None

    def finish(self) -> Any:
        """Write the postings and close the segment's files; the segment, for a TOC."""
        self.perdoc.close()
        fieldwriter = field_writer(self.storage, self.segment)
        others = self.others
        for name in sorted(set(others) | {n for n, t in self.terms.items() if t}):
            fieldwriter.start_field(name, self.schema[name])
            if name in self.fast:
                self._write_fast_field(fieldwriter, name)
            else:
                self._write_other_field(fieldwriter, name, others.pop(name))
            fieldwriter.finish_field()
        fieldwriter.close()
        self.storage.temp_storage(f"{self.segment.indexname}.tmp").destroy()
        self.segment.set_doc_count(self.docnum)
        return self.segment

    def _single_values(self, top: int) -> list[bytes]:
        """The encoded value of a posting with one position, for each position up to ``top``
        (kept across fields and segments of this builder)."""
        singles = self._single
        for pos in range(len(singles), top + 1):
            singles.append(pack_uint(1) + dumps([pos], 2))
        return singles

    def _write_other_field(
        self, fieldwriter: Any, name: str, terms: dict[bytes, tuple[array[int], array[int]]]
    ) -> None:
        """The postings of another indexed field (ids, keywords, dates), as Whoosh's writers
        would write them (see :class:`_TermWriter`)."""
        doc_length = self._doc_length(name)
        values = list(self.values)
        fixed_size = self.schema[name].format.fixed_value_size()
        term_writer = _TermWriter(fieldwriter)
        for tbytes in sorted(terms):
            docs, numbers = terms.pop(tbytes)
            term_writer.start()
            count = len(docs)
            for first in range(0, count, BLOCK_POSTINGS):
                block_docs = docs[first : first + BLOCK_POSTINGS]
                pairs = [values[n] for n in numbers[first : first + BLOCK_POSTINGS]]
                weights = array("f", [weight for weight, _ in pairs])
                stored = _mini_values([v for _, v in pairs if v], fixed_size)
                block_lengths = [doc_length(d) or 0 for d in block_docs]
                last = first + BLOCK_POSTINGS >= count
                term_writer.block(block_docs, weights, stored, block_lengths, last)
            term_writer.finish(tbytes)

    def _write_fast_field(self, fieldwriter: Any, name: str) -> None:
        """The postings of a full-text field, block by block as W3PostingsWriter makes them
        (see :class:`_TermWriter`)."""
        terms = self.terms.pop(name)
        boost = self.fast[name]
        lengths = self.lengths.get(name, array("B"))
        table = LENGTH_OF_BYTE
        singles = self._single_values(max((max(w) for _, _, w in terms.values() if w), default=0))
        term_writer = _TermWriter(fieldwriter)
        for term in sorted(terms):
            docs, freqs, where = terms.pop(term)
            term_writer.start()
            offset = 0
            count = len(docs)
            for first in range(0, count, BLOCK_POSTINGS):
                block_docs = docs[first : first + BLOCK_POSTINGS]
                block_freqs = freqs[first : first + BLOCK_POSTINGS]
                size = len(block_freqs)
                if block_freqs.count(1) == size:  # one position each: most blocks
                    values = [singles[pos] for pos in where[offset : offset + size]]
                    offset += size
                else:
                    values, offset = _positions_values(block_freqs, where, offset, singles)
                weights = array("f", [freq * boost for freq in block_freqs])
                block_lengths = [table[lengths[d]] for d in block_docs]
                last = first + BLOCK_POSTINGS >= count
                term_writer.block(block_docs, weights, tuple(values), block_lengths, last)
            term_writer.finish(term.encode())


def set_block(writer: Any, ids: Any, weights: Any, values: list[bytes], lengths: list[int]) -> None:
    """Put one block of postings (document numbers, weights, encoded values; the documents'
    field lengths, 0 for none) in Whoosh's postings ``writer``, with the statistics its
    ``add_posting`` would have kept, for its ``_write_block`` or ``finish_postings``."""
    nonzero = [n for n in lengths if n]
    writer._ids = ids
    writer._weights = weights
    writer._values = values
    writer._maxweight = max(0, max(weights))
    writer._minlength = min(nonzero) if nonzero else None
    writer._maxlength = max(nonzero) if nonzero else 0


_TERMINFO = struct.Struct("!BfIBBfII")
"""W3TermInfo's fixed part: flags, weight, document frequency, min and max length bytes, max
weight, first and last document number; then the postings' offset and length."""


class _TermStats:
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

    def to_bytes(self, offset: int, length: int) -> bytes:
        """W3TermInfo.to_bytes of postings written at ``offset`` (not inlined)."""
        minlength = 0 if self.minlength is None else length_to_byte(self.minlength)
        fixed = _TERMINFO.pack(
            0,
            self.weight,
            self.df,
            minlength,
            length_to_byte(self.maxlength),
            self.maxweight,
            0xFFFFFFFF if self.minid is None else self.minid,
            self.maxid,
        )
        return fixed + pack_long(offset) + pack_int(length)


def _mini_weights(weights: Any) -> Any:
    """A block's weights as W3PostingsWriter stores them: None when all 1.0, one number
    when all equal, else a tuple."""
    first = weights[0]
    if all(w == 1.0 for w in weights):
        return None
    if all(w == first for w in weights):
        return first
    return tuple(weights)


def _positions_values(
    freqs: Any, where: Any, offset: int, singles: list[bytes]
) -> tuple[list[bytes], int]:
    """The encoded values (frequency, then the pickled position deltas) of a block's
    postings whose positions start at ``offset`` of ``where``; and the offset after them."""
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


def _mini_values(values: list[bytes], fixed_size: int | None) -> Any:
    """A block's encoded values as W3PostingsWriter stores them for a format whose values
    have ``fixed_size`` bytes (None or negative: any size)."""
    if fixed_size is None or fixed_size < 0:
        return tuple(values)
    return None if fixed_size == 0 else b"".join(values)


class _TermWriter:
    """Writes each term's postings and term info into a W3FieldWriter's files byte for
    byte as its W3PostingsWriter (with BlockWriter's blocks, indexer.postings_writer) and
    W3TermInfo would, without their per-term objects and calls: a third of the time of a
    segment's writing went to those."""

    def __init__(self, fieldwriter: Any) -> None:
        self.postfile = fieldwriter._postfile
        self.add_term = fieldwriter._tindex.add
        self.prefix = pack_ushort(fieldwriter._fieldid)
        self.start_offset = 0
        self.stats = _TermStats()

    def start(self) -> None:
        """A new term's postings start here."""
        self.start_offset = self.postfile.tell()
        self.postfile.write(WHOOSH3_HEADER_MAGIC)
        self.stats = _TermStats()

    def block(self, ids: Any, weights: Any, values: Any, lengths: list[int], last: bool) -> None:
        """One block: document numbers, weights, the values as stored (see _mini_values),
        the documents' field lengths (0 for none); ``last`` for the term's last block.
        Written as its length (negative for the last), info and pickled data (compressed
        see compress_block)."""
        nonzero = [n for n in lengths if n]
        deltas = tuple(b - a for a, b in itertools.pairwise(itertools.chain((0,), ids)))
        data = dumps((deltas, _mini_weights(weights), values), DATA_PROTOCOL)
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
        size = len(infobytes) + len(databytes)
        postfile = self.postfile
        postfile.write_int(-size if last else size)
        postfile.write(infobytes)
        postfile.write(databytes)
        self.stats.add(ids, weights, nonzero)

    def finish(self, tbytes: bytes) -> None:
        """The term's row in the terms file."""
        length = self.postfile.tell() - self.start_offset
        self.add_term(self.prefix + tbytes, self.stats.to_bytes(self.start_offset, length))


def _article_documents(batch: Iterable[Article]) -> list[tuple[int, dict[str, Any]]]:
    from indexer.schema import article_document

    documents = []
    for article in batch:
        doc = article_document(article)
        documents.append((int(doc["id"]), doc))
    return documents


class _Part:
    """The builder of one part, in this process or behind a pipe in a worker process."""

    def __init__(self, directory: Path, schema: Schema, indexname: str, worker: bool) -> None:
        self.directory = directory
        self.connection: Connection | None = None
        self.process: Any = None
        self.builder: SegmentBuilder | None = None
        self.pending = 0
        if worker:
            context = multiprocessing.get_context("spawn")
            parent, child = context.Pipe()
            self.process = context.Process(
                target=_worker, args=(child, str(directory), indexname), daemon=True
            )
            self.process.start()
            child.close()
            self.connection = parent
        else:
            self.builder = SegmentBuilder(directory, schema, indexname)

    def send(self, documents: list[dict[str, Any]]) -> None:
        if self.builder is not None:
            for doc in documents:
                self.builder.add(doc)
            self.pending += len(documents)
        else:
            assert self.connection is not None
            self.connection.send(("add", documents))
            self.pending += len(documents)

    def start_finish(self, deleted: set[int]) -> None:
        """Ask a worker to write its segment (every worker writes at the same time)."""
        if self.connection is not None:
            self.connection.send(("finish", sorted(deleted)))

    def finish(self, deleted: set[int]) -> Any:
        """The finished segment (after :meth:`start_finish` for a worker)."""
        if self.builder is not None:
            for docnum in deleted:
                self.builder.delete(docnum)
            return self.builder.finish()
        assert self.connection is not None
        return _receive(self.connection, "segment")

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
        if self.process is not None:
            self.process.join(5)
            if self.process.is_alive():
                self.process.kill()
                self.process.join()


def _receive(connection: Connection, kind: str) -> Any:
    """The next message of a worker; its error raised here when it failed."""
    try:
        got, value = connection.recv()
    except EOFError:
        raise RuntimeError("an index build worker died") from None
    if got == "error":
        raise RuntimeError(f"an index build worker failed: {value}")
    assert got == kind, got
    return value


def _worker(connection: Connection, directory: str, indexname: str) -> None:
    """A worker process: add the documents it is sent to one segment, return the segment."""
    from whoosh.index import open_dir

    try:
        schema = open_dir(directory, indexname=indexname).schema
        builder = SegmentBuilder(Path(directory), schema, indexname)
        while True:
            try:
                kind, value = connection.recv()
            except EOFError:  # the parent is gone: give up
                return
            if kind == "add":
                for doc in value:
                    builder.add(doc)
                connection.send(("done", len(value)))
            else:
                for docnum in value:
                    builder.delete(docnum)
                connection.send(("segment", builder.finish()))
                return
    except BaseException as exc:  # reported to the parent, which raises it
        with contextlib.suppress(OSError):
            connection.send(("error", f"{type(exc).__name__}: {exc}"))
        raise


def build_parts(
    index_dir: Path,
    parts: Sequence[Iterable[Iterable[Article]]],
    indexname: str,
    total: int | None = None,
    progress: Progress | None = None,
    chunk: int = 500,
) -> int:
    """Index the articles of ``parts`` into the empty index in ``index_dir``; the doc count.

    Each part becomes one segment, built in a worker process of its own when there are
    several parts (in this process when there is one). A later copy of an article id
    replaces the earlier one, as ``update_document`` would. Raises what a part raises.
    """
    from whoosh.index import open_dir

    ix = open_dir(str(index_dir), indexname=indexname)
    schema, generation = ix.schema, ix.latest_generation() + 1
    workers = len(parts) > 1
    builders: list[_Part] = []
    try:
        for i in range(len(parts)):
            directory = index_dir / f"part-{i}"
            if workers:
                directory.mkdir()
                shutil.copy(index_dir / f"_{indexname}_0.toc", directory)
            builders.append(_Part(directory if workers else index_dir, schema, indexname, workers))
        located: dict[int, tuple[int, int]] = {}
        deleted: list[set[int]] = [set() for _ in parts]
        done = 0
        sources = [_documents(part, chunk) for part in parts]
        active = set(range(len(parts)))
        outstanding: set[int] = set()
        while active or outstanding:
            for i in sorted(active - outstanding):
                documents = next(sources[i], None)
                if documents is None:
                    active.discard(i)
                    continue
                base = builders[i].pending
                for n, (article_id, _doc) in enumerate(documents):
                    earlier = located.get(article_id)
                    if earlier is not None:
                        deleted[earlier[0]].add(earlier[1])
                    located[article_id] = (i, base + n)
                builders[i].send([doc for _id, doc in documents])
                if workers:
                    outstanding.add(i)
                else:
                    done += len(documents)
                    if progress is not None:
                        progress(done, max(total or 0, done))
            if outstanding:
                waiting: dict[Any, int] = {builders[i].connection: i for i in outstanding}
                for ready in wait(list(waiting)):
                    i = waiting[ready]
                    done += _receive(ready, "done")  # type: ignore[arg-type]
                    outstanding.discard(i)
                    if progress is not None:
                        progress(done, max(total or 0, done))
        if progress is not None:  # the segments' postings and columns: a third of the time
            progress(done, max(total or 0, done), WRITING_PHASE)
        for i, b in enumerate(builders):
            b.start_finish(deleted[i])
        segments = [b.finish(deleted[i]) for i, b in enumerate(builders)]
        segments = [s for s in segments if s.doc_count_all()]
        if workers:
            for b in builders:
                for path in b.directory.iterdir():
                    if path.is_file() and path.name.startswith(f"{indexname}_"):
                        os.replace(path, index_dir / path.name)
        storage = FileStorage(str(index_dir))
        TOC(schema, segments, generation).write(storage, indexname)
        clean_files(storage, indexname, generation, segments)
    finally:
        for b in builders:
            b.close()
        if workers:
            for b in builders:
                shutil.rmtree(b.directory, ignore_errors=True)
    return len(located)


def _documents(
    part: Iterable[Iterable[Article]], chunk: int
) -> Iterator[list[tuple[int, dict[str, Any]]]]:
    """The documents of a part in lists of about ``chunk``."""
    pending: list[tuple[int, dict[str, Any]]] = []
    for batch in part:
        pending.extend(_article_documents(batch))
        while len(pending) >= chunk:
            yield pending[:chunk]
            pending = pending[chunk:]
    if pending:
        yield pending
