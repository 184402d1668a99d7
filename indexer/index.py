"""The article index on disk: open or create, add in one commit, delete, rebuild and swap."""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex, LockError, open_dir
from whoosh.searching import Searcher

from crawler.model import Article
from indexer.append import commit_batch, commit_segment
from indexer.build import Progress, build_parts
from indexer.open_segment import OpenSegment
from indexer.schema import SCHEMA_VERSION, article_document, build_schema

INDEX_NAME = "MAIN"
MARKER_FILE = "presswatch-index.json"
COMPOUND = False
"""Segments are kept as separate files: Whoosh reads a compound segment by copying its
postings and term index into memory (BytesIO) each time a reader opens it, about 270 MB
at 100k articles; separate files are read on demand."""
WRITER_POOL_MB = 32
"""Whoosh's merge of small segments sorts their postings in a pool held in memory up to
this size before it spills to disk (Whoosh's default: 128 MB)."""
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class PresswatchIndexError(Exception):
    """Base of every index error; the message is one line meant for the user."""


class IndexMissingError(PresswatchIndexError):
    """No index in the directory."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"no search index at {path}; run `presswatch reindex` to build it")


class IndexCorruptError(PresswatchIndexError):
    """The index exists but cannot be read."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            f"the search index at {path} cannot be read ({reason}); "
            "run `presswatch reindex` to rebuild it"
        )


class IndexOutdatedError(IndexCorruptError):
    """The index was built with another schema version (or not by presswatch)."""

    def __init__(self, path: Path, found: object) -> None:
        PresswatchIndexError.__init__(
            self,
            f"the search index at {path} has schema version {found}, this presswatch needs "
            f"{SCHEMA_VERSION}; run `presswatch reindex` to rebuild it",
        )


class IndexLockedError(PresswatchIndexError):
    """Another writer holds the index lock."""

    def __init__(self) -> None:
        super().__init__(
            "the index is being written by another presswatch process; try again when it finishes"
        )


def _reason(exc: BaseException) -> str:
    """A short one-line account of an exception, for messages."""
    text = " ".join(str(exc).split())
    text = text if len(text) <= 120 else text[:117] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _has_index(path: Path) -> bool:
    """True when the directory holds a table of contents of an index."""
    return path.is_dir() and any(path.glob(f"_{INDEX_NAME}_*.toc"))


def _write_marker(path: Path) -> None:
    """Record the schema version beside the index files."""
    (path / MARKER_FILE).write_text(json.dumps({"schema_version": SCHEMA_VERSION}) + "\n")


def _read_marker(path: Path) -> object:
    """The schema version recorded in the directory ('none' when absent or unreadable)."""
    try:
        return json.loads((path / MARKER_FILE).read_text()).get("schema_version", "none")
    except (OSError, ValueError, AttributeError):
        return "none"


def _create(path: Path) -> FileIndex:
    """A new empty index in ``path`` (created if needed)."""
    path.mkdir(parents=True, exist_ok=True)
    storage = FileStorage(str(path))
    ix = storage.create_index(build_schema(), indexname=INDEX_NAME)
    _write_marker(path)
    return ix


def _open_existing(path: Path) -> FileIndex:
    """Open and sanity-check an index that is there; raise the matching error otherwise."""
    try:
        ix = open_dir(str(path), indexname=INDEX_NAME)
        with ix.reader() as reader:
            reader.doc_count()
    except Exception as exc:  # whoosh and pickle raise many kinds when files are damaged
        raise IndexCorruptError(path, _reason(exc)) from exc
    found = _read_marker(path)
    if found != SCHEMA_VERSION:
        raise IndexOutdatedError(path, found)
    return ix


@contextmanager
def _directory_lock(path: Path) -> Iterator[bool]:
    """Hold the write lock of the index in ``path`` for the block; False when no index is there."""
    if not _has_index(path):
        yield False
        return
    lock = FileStorage(str(path)).lock(f"{INDEX_NAME}_WRITELOCK")
    if not lock.acquire(blocking=False):
        raise IndexLockedError()
    try:
        yield True
    finally:
        lock.release()


def _exchange(first: Path, second: Path) -> bool:
    """Swap two directories in one atomic step (Linux renameat2); False when unsupported."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    return bool(result == 0)


def _swap_in(new: Path, target: Path) -> None:
    """Put the directory ``new`` at ``target``; the old one (if any) is removed afterwards."""
    if not target.exists():
        new.rename(target)
        return
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    target.rename(old)
    try:
        new.rename(target)
    except BaseException:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _remove_leftovers(path: Path) -> None:
    """Delete directories left beside ``path`` by killed rebuilds (call with the lock held)."""
    for pattern in (f".{path.name}.rebuild-*", f".{path.name}.old-*"):
        for leftover in path.parent.glob(pattern):
            shutil.rmtree(leftover, ignore_errors=True)


def _unique_documents(articles: Iterable[Article]) -> dict[int, dict[str, Any]]:
    """Documents keyed by article id (the last copy of an id wins); ValueError without id."""
    docs: dict[int, dict[str, Any]] = {}
    for article in articles:
        doc = article_document(article)
        docs[int(doc["id"])] = doc
    return docs


class ArticleIndex:
    """The Whoosh index of the article store in one directory. One writer at a time."""

    def __init__(self, path: Path, ix: FileIndex) -> None:
        self.path = path
        self._ix = ix
        self._searcher: Searcher | None = None
        self._searcher_key: tuple[int, int, int] | None = None

    @classmethod
    def open(cls, path: Path, create: bool = False) -> ArticleIndex:
        """Open the index in ``path``; with ``create``, make an empty one when none is there."""
        path = Path(path)
        if _has_index(path):
            return cls(path, _open_existing(path))
        if not create:
            raise IndexMissingError(path)
        return cls(path, _create(path))

    @property
    def schema(self) -> Any:
        """The schema the index was built with."""
        return self._ix.schema

    @contextmanager
    def searcher(self) -> Iterator[Searcher]:
        """A searcher over the latest commit, kept open for the next block.

        Opening one costs milliseconds (segment files, the schema unpickled) and the
        per-document columns the search reads are cached on it, so a process that searches
        many times (watches, exports, the benchmark) opens it once.  A new commit, or a
        rebuilt index swapped in, is seen by the next block.
        """
        yield self._current_searcher()

    def _current_searcher(self) -> Searcher:
        """The cached searcher while the index's table of contents is the same file."""
        key = self._toc_key()
        if self._searcher is not None and key == self._searcher_key:
            return self._searcher
        self.close()
        try:
            self._searcher = self._ix.searcher()
        except Exception as exc:
            raise IndexCorruptError(self.path, _reason(exc)) from exc
        self._searcher_key = key
        return self._searcher

    def _toc_key(self) -> tuple[int, int, int] | None:
        """Generation, inode and mtime of the latest table of contents (None if unreadable)."""
        try:
            generation = self._ix.latest_generation()
            stat = (self.path / f"_{INDEX_NAME}_{generation}.toc").stat()
        except (OSError, ValueError):
            return None
        return generation, stat.st_ino, stat.st_mtime_ns

    def close(self) -> None:
        """Close the cached searcher (the next search opens a new one)."""
        if self._searcher is not None:
            with suppress(Exception):
                self._searcher.close()
        self._searcher = None
        self._searcher_key = None

    def _writer(self) -> Any:
        """The single writer; fails at once when another one holds the lock."""
        try:
            return self._ix.writer(timeout=0.0, compound=COMPOUND, limitmb=WRITER_POOL_MB)
        except LockError as exc:
            raise IndexLockedError() from exc
        except Exception as exc:
            raise IndexCorruptError(self.path, _reason(exc)) from exc

    def add(self, articles: Iterable[Article]) -> list[int]:
        """Index (or replace) the articles in one commit; the ids, once the commit is done.

        The batch becomes one new segment (:func:`indexer.append.commit_batch`)."""
        docs = _unique_documents(articles)
        if not docs:
            return []
        commit_batch(self._writer(), list(docs.values()))
        return list(docs)

    def open_segment(self) -> OpenSegment:
        """A new segment to fill between commits (:meth:`commit_open`)."""
        return OpenSegment(self.path, self._ix.schema, INDEX_NAME)

    def commit_open(self, segment: OpenSegment, parallel: bool = False) -> list[int]:
        """Commit an open segment (its articles replace their earlier copies); their ids.
        ``parallel``: its postings are written by two processes (OpenSegment.finish)."""
        try:
            keys = [str(article_id) for article_id in segment.versions]
            commit_segment(self._writer(), keys, lambda: segment.finish(parallel))
        finally:
            segment.discard()
        return list(segment.versions)

    def delete(self, ids: Iterable[int]) -> int:
        """Remove the articles with these ids in one commit; the number of documents removed."""
        keys = {str(i) for i in ids}
        if not keys:
            return 0
        writer = self._writer()
        try:
            removed = sum(writer.delete_by_term("id", key) for key in keys)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        return int(removed)

    @classmethod
    def rebuild(
        cls,
        path: Path,
        *parts: Iterable[Iterable[Article]],
        total: int | None = None,
        progress: Progress | None = None,
    ) -> int:
        """Build a new index beside ``path`` from batches of articles, swap it in; the doc count.

        Each of ``parts`` (an iterable of batches of articles) becomes one segment; several
        parts are built at the same time in worker processes, one per part, and their
        documents are numbered in the order of the parts (a later copy of an article id
        replaces an earlier one). ``progress(done, total)`` is called as articles are added.

        A classmethod, so that ``presswatch reindex`` works whatever is at ``path`` (nothing,
        an outdated or a damaged index).  The write lock of an index already there is held
        throughout, so no other writer adds to an index about to be replaced; a failure
        leaves the old index untouched.  Open ArticleIndex objects on ``path`` see the new
        index from their next search or write (Whoosh reads the path afresh each time).
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with _directory_lock(path) as locked:
            if locked:
                _remove_leftovers(path)
            fresh = Path(tempfile.mkdtemp(prefix=f".{path.name}.rebuild-", dir=path.parent))
            try:
                _create(fresh)
                count = build_parts(fresh, parts, INDEX_NAME, total, progress)
                _swap_in(fresh, path)
            except BaseException:
                shutil.rmtree(fresh, ignore_errors=True)
                raise
        return count

    def terms(self, fieldname: str) -> set[str]:
        """Every value a keyword field (site, language...) holds in the index."""
        with self.searcher() as searcher:
            return {
                term.decode() if isinstance(term, bytes) else str(term)
                for term in searcher.reader().field_terms(fieldname)
            }

    def doc_count(self) -> int:
        """Number of articles in the index (deleted ones not counted)."""
        try:
            return int(self._ix.doc_count())
        except Exception as exc:
            raise IndexCorruptError(self.path, _reason(exc)) from exc

    def last_modified(self) -> datetime | None:
        """Time of the last commit (UTC); None when nothing was ever committed."""
        with suppress(OSError):
            if self._ix.latest_generation() > 0 or not self._ix.is_empty():
                return datetime.fromtimestamp(self._ix.last_modified(), tz=UTC)
        return None
