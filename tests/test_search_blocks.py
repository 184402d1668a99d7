"""The block decoder, id column parser and sorted-array helpers against Whoosh's and numpy's.

search.blocks unpickles only part of each posting block and decodes positions in bulk;
each test reads the same data the plain way (Whoosh's matcher, one posting at a time, or
format.decode_positions) and fails on any difference.
"""

from __future__ import annotations

import pickle
import random
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher

from indexer.index import ArticleIndex
from indexer.postings_writer import SMALLBLOCK_POSTINGS
from search.blocks import _block_info, _ids_and_weights, positions, read_blocks
from search.columns import _decimals
from search.postings import Matches, _union, sorted_intersection
from tests.test_search_engine import _articles

FIELDS = ("body", "title", "lead", "site", "language")


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> ArticleIndex:
    path = Path(tmp_path_factory.mktemp("blocks")) / "index"
    built = ArticleIndex.open(path, create=True)
    articles = _articles(700, seed=5)
    built.add(articles[:400])
    built.add(articles[400:])
    built.add(_articles(40, seed=9))  # replaced ids: deleted postings in the first segment
    return built


def _walk(matcher: Any) -> tuple[list[int], list[float], list[Any]]:
    """Every posting the way Whoosh reads them, one at a time."""
    ids, weights, values = [], [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        values.append(matcher.value())
        matcher.next()
    return ids, weights, values


def _on_disk_matchers(index: ArticleIndex) -> list[tuple[str, Any, Any, W3LeafMatcher]]:
    """(field, term, segment reader, block matcher rewound to its start) of every term read
    from posting blocks, deleted documents included (a FilterMatcher moves its child)."""
    found = []
    with index.searcher() as searcher:
        for reader, _ in searcher.reader().leaf_readers():
            for fieldname, term in reader.all_terms():
                if fieldname not in FIELDS:
                    continue
                matcher = reader.postings(fieldname, term)
                matcher = matcher.child if isinstance(matcher, FilterMatcher) else matcher
                if isinstance(matcher, W3LeafMatcher):
                    matcher.reset()
                    found.append((fieldname, term, reader, matcher))
    return found


def test_blocks_equal_whooshs_matcher_for_every_term(index: ArticleIndex) -> None:
    matchers = _on_disk_matchers(index)
    assert any(m._lastblock is False for *_, m in matchers), "no term spans several blocks"
    shapes = set()
    for fieldname, term, _, matcher in matchers:
        ids, weights, values = _walk(matcher)
        for with_values in (False, True):
            blocks = read_blocks(matcher, with_values)
            assert blocks.docs.tolist() == ids, (fieldname, term)
            assert blocks.weights.tolist() == weights, (fieldname, term)
            assert blocks.values == (values if with_values else None), (fieldname, term)
        shapes.add(len(set(weights)) == 1)
    assert shapes == {True, False}, "both minified and listed weights are exercised"


def test_positions_equal_decode_positions(index: ArticleIndex) -> None:
    checked = 0
    for fieldname, _, reader, matcher in _on_disk_matchers(index):
        if fieldname != "body":
            continue
        values = read_blocks(matcher, values=True).values
        assert values is not None
        decode = reader.schema[fieldname].format.decode_positions
        expected = [decode(value) for value in values]
        decoded = positions(values)
        assert decoded is not None
        counts, found = decoded
        assert counts.tolist() == [len(one) for one in expected]
        assert found.tolist() == [p for one in expected for p in one]
        checked += len(values)
    assert checked > 1000


def _raw_blocks(matcher: W3LeafMatcher) -> list[tuple[int, bool, bytes]]:
    """(postings, compressed, data as stored) of each block of an on-disk matcher."""
    length = matcher._length[0] if isinstance(matcher._length, tuple) else matcher._length
    raw = matcher._postfile.get(matcher._startoffset, length)
    found, at, last = [], 4, False
    while not last:
        size = int.from_bytes(raw[at : at + 4], "big", signed=True)
        last, end = size < 0, at + 4 + abs(size)
        count, compressed, data_at = _block_info(raw, at + 4)
        found.append((count, compressed, raw[data_at:end]))
        at = end
    return found


def test_blocks_are_written_at_protocol_3_and_small_ones_uncompressed(index: ArticleIndex) -> None:
    kinds = set()
    for *_, matcher in _on_disk_matchers(index):
        for count, compressed, data in _raw_blocks(matcher):
            assert compressed == (count > SMALLBLOCK_POSTINGS)
            plain = zlib.decompress(data) if compressed else data
            assert plain[:2] == b"\x80\x03"
            kinds.add(compressed)
    assert kinds == {True, False}


def test_ids_and_weights_are_cut_from_the_head_at_either_protocol(index: ArticleIndex) -> None:
    """Every positional block of more than 3 postings has its ids and weights read without
    its values, whether Whoosh (protocol 2) or presswatch (protocol 3) pickled it."""
    checked = 0
    for fieldname, _, _, matcher in _on_disk_matchers(index):
        if fieldname != "body":
            continue
        for count, compressed, data in _raw_blocks(matcher):
            plain = zlib.decompress(data) if compressed else data
            ids, weights, _ = pickle.loads(plain)
            if count < 4:  # a tuple of 1-3 values has no MARK: read whole, by design
                continue
            for protocol in (2, 3):
                found = _ids_and_weights(pickle.dumps((ids, weights, _), protocol), count)
                assert found == (ids, weights), (protocol, count)
            checked += 1
    assert checked > 100


def test_positions_refuse_values_of_another_shape() -> None:
    assert positions([b"\x00\x00\x00\x01K\x05."]) is None
    counts, found = positions([])  # type: ignore[misc]
    assert counts.tolist() == found.tolist() == []


def test_sorted_intersection_equals_intersect1d() -> None:
    rng = random.Random(4)
    for _ in range(500):
        first = np.unique(np.array([rng.randrange(60) for _ in range(rng.randrange(30))]))
        second = np.unique(np.array([rng.randrange(60) for _ in range(rng.randrange(30))]))
        expected = np.intersect1d(first, second, assume_unique=True).tolist()
        assert sorted_intersection(first.astype(np.int64), second.astype(np.int64)).tolist() == (
            expected
        )


def test_decimals_parse_like_int_or_refuse() -> None:
    texts = [b"7", b"", b"120", b"9876543210", b"05"]
    raw = np.frombuffer(b"".join(texts), dtype=np.uint8)
    lengths = np.array([len(t) for t in texts])
    offsets = np.cumsum(lengths) - lengths
    parsed = _decimals(raw, offsets, lengths)
    assert parsed is not None and parsed.tolist() == [int(t or 0) for t in texts]
    odd = np.frombuffer(b"12a", dtype=np.uint8)
    assert _decimals(odd, np.array([0]), np.array([3])) is None


def test_dense_union_equals_the_sorted_union() -> None:
    rng = np.random.default_rng(3)
    for size in (50, 100_000):  # dense, then sorted
        for _ in range(40):
            parts = []
            for _ in range(rng.integers(2, 5)):
                docs = np.unique(rng.integers(0, size, rng.integers(1, 400)))
                parts.append(Matches(docs, rng.random(len(docs)) * 10))
            every = np.concatenate([part.docs for part in parts])
            docs, where = np.unique(every, return_inverse=True)
            sums = np.zeros(len(docs))
            np.add.at(sums, where, np.concatenate([part.scores for part in parts]))
            found = _union(parts, scored=True)
            assert found.docs.tolist() == docs.tolist()
            assert found.scores is not None and found.scores.tolist() == sums.tolist()
            assert _union(parts, scored=False).docs.tolist() == docs.tolist()
