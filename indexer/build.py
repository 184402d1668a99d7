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
import multiprocessing
import os
import pickle
import shutil
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from pathlib import Path
from pickle import dumps
from typing import Any, Protocol

from whoosh.codec import default_codec
from whoosh.fields import TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC, clean_files
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte

from crawler.model import Article
from indexer.analysis import term_positions
from indexer.postings_writer import field_writer
from indexer.term_blocks import (
    Entry,
    TermBlocks,
    TermRows,
    mini_values,
    positions_values,
    write_terms,
)


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

    def finish(self, parallel: bool = False) -> Any:
        """Write the postings and close the segment's files; the segment, for a TOC.

        ``parallel``: encode half of the terms in a forked process meanwhile (for a caller
        whose other core is idle, such as a crawl's last commit); the files are the same."""
        self.perdoc.close()
        fieldwriter = field_writer(self.storage, self.segment)
        rows = TermRows(fieldwriter, self.schema)
        units = list(self._units()) if parallel else None
        if units is not None and len(units) >= PARALLEL_FROM_TERMS:
            write_terms(rows, encode_in_two(self._encode, units))
        else:
            self._encode(self._units() if units is None else units, rows)
        rows.close()
        fieldwriter.close()
        self.storage.temp_storage(f"{self.segment.indexname}.tmp").destroy()
        self.segment.set_doc_count(self.docnum)
        return self.segment

    def _units(self) -> Iterator[Unit]:
        """Every (field, term, postings) of the segment, in the order the files hold them."""
        for name in sorted(set(self.others) | {n for n, t in self.terms.items() if t}):
            if name in self.fast:
                terms = self.terms[name]
                yield from ((name, term, len(terms[term][0])) for term in sorted(terms))
            else:
                others = self.others[name]
                yield from ((name, key, len(others[key][0])) for key in sorted(others))

    def _encode(
        self, units: Iterable[Unit], rows: TermRows | None = None
    ) -> tuple[bytes, list[Entry]]:
        """Encode these terms straight into the segment's files (``rows``), or apart: then
        their postings and entries, for write_terms."""
        blocks = TermBlocks(rows)
        fields: dict[str, Any] = {}
        for name, key, _count in units:
            if name not in fields:
                fields[name] = self._field_context(name)
            if name in self.fast:
                self._encode_fast(blocks, name, key, fields[name])
            else:
                self._encode_other(blocks, name, key, fields[name])
        return blocks.postings(), blocks.entries

    def _field_context(self, name: str) -> Any:
        """What encoding a field's terms needs, computed once per field."""
        if name in self.fast:
            terms = self.terms[name]
            top = max((max(w) for _, _, w in terms.values() if w), default=0)
            return self.fast[name], self.lengths.get(name, array("B")), self._single_values(top)
        fixed_size = self.schema[name].format.fixed_value_size()
        return self._doc_length(name), list(self.values), fixed_size

    def _single_values(self, top: int) -> list[bytes]:
        """The encoded value of a posting with one position, for each position up to ``top``
        (kept across fields and segments of this builder)."""
        singles = self._single
        for pos in range(len(singles), top + 1):
            singles.append(pack_uint(1) + dumps([pos], 2))
        return singles

    def _encode_other(self, blocks: TermBlocks, name: str, key: Any, context: Any) -> None:
        """One term of another indexed field (ids, keywords, dates)."""
        doc_length, values, fixed_size = context
        docs, numbers = self.others[name].pop(key)  # freed as it goes: a rebuild's are big
        blocks.start()
        count = len(docs)
        for first in range(0, count, BLOCK_POSTINGS):
            block_docs = docs[first : first + BLOCK_POSTINGS]
            pairs = [values[n] for n in numbers[first : first + BLOCK_POSTINGS]]
            weights = array("f", [weight for weight, _ in pairs])
            stored = mini_values([v for _, v in pairs if v], fixed_size)
            block_lengths = [doc_length(d) or 0 for d in block_docs]
            last = first + BLOCK_POSTINGS >= count
            blocks.block(block_docs, weights, stored, block_lengths, last)
        blocks.finish(name, key)

    def _encode_fast(self, blocks: TermBlocks, name: str, term: str, context: Any) -> None:
        """One term of a full-text field: its positions encoded as Whoosh's Positions format."""
        boost, lengths, singles = context
        docs, freqs, where = self.terms[name].pop(term)
        table = LENGTH_OF_BYTE
        blocks.start()
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
                values, offset = positions_values(block_freqs, where, offset, singles)
            weights = array("f", [freq * boost for freq in block_freqs])
            block_lengths = [table[lengths[d]] for d in block_docs]
            last = first + BLOCK_POSTINGS >= count
            blocks.block(block_docs, weights, tuple(values), block_lengths, last)
        blocks.finish(name, term.encode())


Unit = tuple[str, Any, int]
"""A term of a segment: its field, its key (text for a full-text field, bytes otherwise) and
how many postings it has."""

PARALLEL_FROM_TERMS = 2000
"""Fewer terms than this are encoded in one process (a fork costs a few milliseconds)."""


def encode_in_two(
    encode: Callable[[list[Unit]], tuple[bytes, list[Entry]]], units: list[Unit]
) -> list[tuple[bytes, list[Entry]]]:
    """``encode`` the first half of the units (by postings) in a forked process and the
    rest here, at the same time; both parts, in order. Should the fork fail or the child
    fail, its half is encoded here too: the result is the same, only slower."""
    half = sum(count for _, _, count in units) / 2
    seen = 0
    split = next(
        (i for i, (_, _, count) in enumerate(units) if (seen := seen + count) >= half),
        len(units),
    )
    first, second = units[: split + 1], units[split + 1 :]
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return [encode(first), encode(second)]
    if pid == 0:  # the child: encode, hand the bytes over, leave without any cleanup
        status = 1
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(pickle.dumps(encode(first), pickle.HIGHEST_PROTOCOL))
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    mine = encode(second)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    theirs = pickle.loads(data) if status == 0 and data else encode(first)
    return [theirs, mine]


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
