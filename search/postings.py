"""A query's matches and BM25F scores read block-wise from Whoosh's postings into numpy arrays.

Whoosh walks a match list one document at a time in Python (about 6 us a document and
field at 10k articles, so 100 ms and more for a frequent word at 100k).  This module reads
the same posting blocks (128 documents each) and scores them with numpy, for the query
shapes people type: words, AND, OR, NOT, phrases and ``*``.  :func:`read_matches` returns
None for any other node (wildcards, ranges, ...); the caller then asks Whoosh itself.
Scores are Whoosh's own BM25F (same idf, average field length, stored length bytes and
B/K1), so the order of hits is the one Whoosh gives; tests compare the two on every shape.
A term's decoded postings and a phrase's matches are kept with the searcher
(:mod:`search.cache`) for the next query that needs them.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.formats import Positions
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from search.blocks import positions, read_blocks
from search.cache import searcher_cache
from search.columns import leaves

_B = BM25F().B
_K1 = BM25F().K1
_LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
_NO_DOCS = np.zeros(0, dtype=np.int64)
_DENSE_SHARE = 32
"""A union is summed in arrays as long as the index when its parts hold 1/32 of that."""


@dataclass(frozen=True)
class Matches:
    """Matching document numbers (ascending, unique) and, when asked, their scores."""

    docs: np.ndarray
    scores: np.ndarray | None


@dataclass(frozen=True)
class _Postings:
    """One term's postings in one segment: global doc numbers, weights, raw position values."""

    docs: np.ndarray
    weights: np.ndarray
    values: list[Any] | None


class _Unsupported(Exception):
    """A query node this module does not read; the caller falls back to Whoosh."""


_LENGTHS: weakref.WeakKeyDictionary[Any, dict[str, np.ndarray]] = weakref.WeakKeyDictionary()


def read_matches(searcher: Any, q: wq.Query, scored: bool) -> Matches | None:
    """The documents matching ``q`` (and their BM25F scores when ``scored``); None when
    the tree holds a node this module cannot read."""
    try:
        return _node(searcher, q, scored)
    except _Unsupported:
        return None


def _node(searcher: Any, q: wq.Query, scored: bool) -> Matches:
    """Dispatch on the node type."""
    if q.boost != 1.0:
        raise _Unsupported
    if isinstance(q, wq.Term):
        return _term(searcher, q.fieldname, q.text, scored)
    if isinstance(q, wq.Phrase):
        return _phrase(searcher, q, scored)
    if type(q) is wq.Or:
        if q.scale or q.minmatch:
            raise _Unsupported
        return _union([_node(searcher, sub, scored) for sub in q.subqueries], scored)
    if type(q) is wq.And:
        return _and(searcher, q, scored)
    if isinstance(q, wq.Every) and q.fieldname is None and not scored:
        return Matches(_live_docs(searcher), None)
    raise _Unsupported


def _and(searcher: Any, q: wq.And, scored: bool) -> Matches:
    """Intersection of the positive parts, minus the NOT parts.

    Whoosh matches a NOT part with an inverse matcher whose score is 1.0, added to each
    document's score; so here too.
    """
    positive = [sub for sub in q.subqueries if not isinstance(sub, wq.Not)]
    negative = [sub.query for sub in q.subqueries if isinstance(sub, wq.Not)]
    if not positive:
        raise _Unsupported
    found = _intersection([_node(searcher, sub, scored) for sub in positive], scored)
    for sub in negative:
        excluded = _node(searcher, sub, False).docs
        keep = ~np.isin(found.docs, excluded, assume_unique=True)
        scores = None if found.scores is None else found.scores[keep] + 1.0
        found = Matches(found.docs[keep], scores)
    return found


def _union(parts: list[Matches], scored: bool) -> Matches:
    """Documents in any part; scores summed (as Whoosh's union matcher does)."""
    parts = [part for part in parts if len(part.docs)]
    if not parts:
        return Matches(_NO_DOCS, np.zeros(0) if scored else None)
    if len(parts) == 1:
        return parts[0]
    size = max(int(part.docs[-1]) for part in parts) + 1
    if sum(len(part.docs) for part in parts) * _DENSE_SHARE >= size:
        return _dense_union(parts, size, scored)
    every = np.concatenate([part.docs for part in parts])
    docs, where = np.unique(every, return_inverse=True)
    if not scored:
        return Matches(docs, None)
    scores = np.zeros(len(docs))
    np.add.at(scores, where, np.concatenate([part.scores for part in parts]))
    return Matches(docs, scores)


def _dense_union(parts: list[Matches], size: int, scored: bool) -> Matches:
    """_union over arrays indexed by document number, for parts that cover much of the index
    (no sort); each score gets its parts' scores added in the same order, so the same sums."""
    present = np.zeros(size, dtype=bool)
    for part in parts:
        present[part.docs] = True
    docs = np.flatnonzero(present)
    if not scored:
        return Matches(docs, None)
    sums = np.zeros(size)
    for part in parts:
        sums[part.docs] += part.scores  # a part's documents are unique
    return Matches(docs, sums[docs])


def _intersection(parts: list[Matches], scored: bool) -> Matches:
    """Documents in every part; scores summed."""
    docs = parts[0].docs
    for part in parts[1:]:
        docs = sorted_intersection(docs, part.docs)
    if not scored:
        return Matches(docs, None)
    scores = np.zeros(len(docs))
    for part in parts:
        scores += part.scores[np.searchsorted(part.docs, docs)]  # type: ignore[index]
    return Matches(docs, scores)


# Terms


def _term(searcher: Any, fieldname: str, text: Any, scored: bool) -> Matches:
    """One term's matches over every segment."""
    found = list(_term_postings(searcher, fieldname, text, values=False))
    if not found:
        return Matches(_NO_DOCS, np.zeros(0) if scored else None)
    docs = np.concatenate([p.docs for p in found])
    if not scored:
        return Matches(docs, None)
    weights = np.concatenate([p.weights for p in found])
    return Matches(docs, _bm25(searcher, fieldname, text, docs, weights))


def _term_postings(searcher: Any, fieldname: str, text: Any, values: bool) -> Iterator[_Postings]:
    """The term's postings per segment, doc numbers made global."""
    schema = searcher.schema
    if fieldname not in schema:
        return
    field = schema[fieldname]
    try:
        term = field.to_bytes(text) if isinstance(text, str) else text
    except ValueError:
        return
    if values:
        yield from _segment_postings(searcher, fieldname, term, values=True)
        return
    yield from searcher_cache(searcher).get_or_make(
        ("postings", fieldname, term),
        lambda: list(_segment_postings(searcher, fieldname, term, values=False)),
    )


def _segment_postings(
    searcher: Any, fieldname: str, term: bytes, values: bool
) -> Iterator[_Postings]:
    """The postings of the term in each segment that has it."""
    for reader, base in searcher.reader().leaf_readers():
        if (fieldname, term) not in reader:
            continue
        try:
            matcher = reader.postings(fieldname, term)
        except TermNotFound:
            continue
        yield _read_postings(matcher, base, values)


def _read_postings(matcher: Any, base: int, values: bool) -> _Postings:
    """Every posting of a matcher, block by block when it is an on-disk one."""
    deleted = None
    if isinstance(matcher, FilterMatcher):
        deleted = matcher._ids  # the deleted document numbers of the segment
        matcher = matcher.child
    kept_values: list[Any] = []
    if isinstance(matcher, W3LeafMatcher):
        blocks = read_blocks(matcher, values)
        docs, weight = blocks.docs, blocks.weights
        kept_values = blocks.values or []
    else:  # a few postings kept inline in the term dictionary
        found = list(_walk_postings(matcher, values))
        docs = np.array([f[0] for f in found], dtype=np.int64)
        weight = np.array([f[1] for f in found], dtype=np.float64)
        kept_values.extend(f[2] for f in found)
    if deleted:
        keep = ~np.isin(docs, np.fromiter(deleted, dtype=np.int64))
        docs, weight = docs[keep], weight[keep]
        kept_values = [v for v, k in zip(kept_values, keep, strict=False) if k] if values else []
    return _Postings(docs + base, weight, kept_values if values else None)


def _walk_postings(matcher: Any, values: bool) -> Iterator[tuple[int, float, Any]]:
    """(doc, weight, value) of a matcher, one posting at a time."""
    while matcher.is_active():
        yield matcher.id(), matcher.weight(), matcher.value() if values else None
        matcher.next()


# Scores


def _bm25(searcher: Any, fieldname: str, text: Any, docs: np.ndarray, weights: np.ndarray) -> Any:
    """Whoosh's BM25F score of each posting (its plain weight for unscorable fields)."""
    field = searcher.schema[fieldname]
    if not field.scorable:
        return weights
    idf = searcher.idf(fieldname, text)
    average = searcher.avg_field_length(fieldname) or 1
    lengths = field_lengths(searcher, fieldname)[docs]
    return idf * ((weights * (_K1 + 1)) / (weights + _K1 * ((1 - _B) + _B * lengths / average)))


def field_lengths(searcher: Any, fieldname: str) -> np.ndarray:
    """The stored length of a field in every document (as Whoosh rounds it), cached per searcher."""
    cache = _LENGTHS.setdefault(searcher, {})
    if fieldname not in cache:
        parts = [_segment_lengths(reader, fieldname) for reader, _ in leaves(searcher)]
        cache[fieldname] = np.concatenate(parts) if parts else np.zeros(0)
    return cache[fieldname]


def _segment_lengths(reader: Any, fieldname: str) -> np.ndarray:
    """The length bytes of one segment's field, decoded, padded to its doc count."""
    count = reader.doc_count_all()
    column = reader._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
    out = np.zeros(count)
    if column is None:
        return out
    raw = column._dbfile.get(column._basepos, column._count * column._fixedlen)
    stored = np.frombuffer(raw, dtype=np.uint8)[:count]
    out[: len(stored)] = _LENGTH_OF_BYTE[stored]
    return out


def _live_docs(searcher: Any) -> np.ndarray:
    """Every document number not deleted."""
    parts = []
    for reader, base in leaves(searcher):
        docs = np.arange(reader.doc_count_all(), dtype=np.int64)
        deleted = reader.deleted_docs_set if reader.has_deletions() else None
        if deleted:
            docs = docs[~np.isin(docs, np.fromiter(deleted, dtype=np.int64))]
        parts.append(docs + base)
    return np.concatenate(parts) if parts else _NO_DOCS


# Phrases


def _phrase(searcher: Any, q: wq.Phrase, scored: bool) -> Matches:
    """Documents where the words stand in order within the slop; scored as Whoosh does."""
    if q.slop != 1 or len(q.words) < 2:
        raise _Unsupported
    if q.fieldname not in searcher.schema:
        raise _Unsupported
    field = searcher.schema[q.fieldname]
    if not field.format or not field.format.supports("positions"):
        raise _Unsupported
    docs, weights = searcher_cache(searcher).get_or_make(
        ("phrase", q.fieldname, tuple(q.words)), lambda: _phrase_matches(searcher, q, field)
    )
    if not scored:
        return Matches(docs, None)
    return Matches(docs, _phrase_scores(searcher, q, weights, docs))


def _phrase_matches(searcher: Any, q: wq.Phrase, field: Any) -> tuple[np.ndarray, list[Any]]:
    """The documents holding the phrase, and each word's weight in them."""
    per_word = [
        _merge(list(_term_postings(searcher, q.fieldname, word, values=True))) for word in q.words
    ]
    candidates = per_word[0].docs
    for postings in per_word[1:]:
        candidates = sorted_intersection(candidates, postings.docs)
    docs = _in_order(field, per_word, candidates)
    weights = [postings.weights[np.searchsorted(postings.docs, docs)] for postings in per_word]
    return docs, weights


def _merge(parts: list[_Postings]) -> _Postings:
    """One term's postings of every segment as one."""
    if not parts:
        return _Postings(_NO_DOCS, np.zeros(0), [])
    values = [v for part in parts for v in (part.values or [])]
    docs = np.concatenate([part.docs for part in parts])
    return _Postings(docs, np.concatenate([part.weights for part in parts]), values)


def _starts(field: Any, postings: _Postings, candidates: np.ndarray, offset: int) -> np.ndarray:
    """(doc << 32) + (position - offset) for every position of the term in the candidates:
    equal keys across the words of a phrase mean the words follow each other there."""
    where = np.searchsorted(postings.docs, candidates).tolist()
    chosen = [postings.values[i] for i in where]  # type: ignore[index]
    decoded = positions(chosen) if type(field.format) is Positions else None
    if decoded is not None:
        counts, found = decoded
    else:
        lists = [field.format.decode_positions(value) for value in chosen]
        counts = np.fromiter((len(one) for one in lists), dtype=np.int64, count=len(lists))
        found = np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=int(counts.sum()))
    return _ascending((np.repeat(candidates, counts) << 32) + (found - offset))


def _ascending(keys: np.ndarray) -> np.ndarray:
    """The keys sorted and unique; positions come sorted per document, so this is a check."""
    if len(keys) < 2 or bool(np.all(keys[1:] > keys[:-1])):
        return keys
    return np.unique(keys)


def sorted_intersection(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The values in both ascending, unique arrays (np.intersect1d without its sort)."""
    if not len(first) or not len(second):
        return first[:0]
    if len(first) > len(second):
        first, second = second, first
    where = np.minimum(np.searchsorted(second, first), len(second) - 1)
    return first[second[where] == first]


def _in_order(field: Any, per_word: list[_Postings], candidates: np.ndarray) -> np.ndarray:
    """The candidates where the words follow each other (position + 1) somewhere."""
    keys = _starts(field, per_word[0], candidates, 0)
    for offset, postings in enumerate(per_word[1:], start=1):
        if not len(keys):
            break
        keys = sorted_intersection(keys, _starts(field, postings, candidates, offset))
    docs = keys >> 32
    return docs[np.concatenate(([True], docs[1:] != docs[:-1]))] if len(docs) else docs


def _phrase_scores(searcher: Any, q: wq.Phrase, weights: list[Any], docs: np.ndarray) -> Any:
    """Whoosh scores a phrase as the sum of its words' scores in the document."""
    total = np.zeros(len(docs))
    for word, word_weights in zip(q.words, weights, strict=True):
        total += _bm25(searcher, q.fieldname, word, docs, word_weights)
    return total
