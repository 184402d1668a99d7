"""Segments merged by copying their postings (indexer.merge): the segment Whoosh's merge writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from whoosh.reading import SegmentReader

from indexer.build import SegmentBuilder
from indexer.index import INDEX_NAME, _create
from indexer.merge import merge_segments
from indexer.schema import article_document
from tests.test_index_build import _articles


def _segments(path: Path) -> tuple[Any, list[Any]]:
    """Four segments, not in the TOC: three by the builder and a compound one by Whoosh's
    writer (its fields numbered in another order), with deletions in two of them."""
    ix = _create(path)
    writer = ix.writer()  # first: its commit deletes files not in the TOC
    for article in reversed(_articles(40, first=311)):
        writer.add_document(**article_document(article))
    writer.commit(merge=False)
    compound = ix._segments()[-1]
    segments = []
    for first, count in ((1, 150), (151, 100), (251, 60)):
        builder = SegmentBuilder(path, ix.schema, INDEX_NAME)
        for article in _articles(count, first=first):
            builder.add(article_document(article))
        segments.append(builder.finish())
    segments.append(compound)
    for docnum in (0, 5, 127, 128, 149):
        segments[0].delete_document(docnum)
    for docnum in range(0, 40, 3):
        segments[3].delete_document(docnum)
    return ix, segments


def _whoosh_merge(ix: Any, segments: list[Any]) -> Any:
    writer = ix.writer()
    for segment in segments:
        reader = SegmentReader(ix.storage, ix.schema, segment)
        writer.add_reader(reader)
        reader.close()
    merged = writer._finalize_segment()
    writer._finish()
    return merged


def _blocks(reader: SegmentReader, field: str, text: bytes) -> list[tuple[Any, ...]]:
    """Each block's bounds and statistics, then every posting."""
    matcher = reader.postings(field, text)
    blocks: list[tuple[Any, ...]] = []
    postings: list[tuple[Any, ...]] = []
    while matcher.is_active():
        if not blocks or matcher.id() > blocks[-1][1]:
            blocks.append(
                (
                    matcher.block_min_id(),
                    matcher.block_max_id(),
                    matcher.block_max_weight(),
                    matcher.block_min_length(),
                    matcher.block_max_length(),
                )
            )
        postings.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    return blocks + postings


def _contents(ix: Any, segment: Any) -> dict[str, Any]:
    reader = SegmentReader(ix.storage, ix.schema, segment)
    try:
        names = ix.schema.names()
        docs = range(reader.doc_count_all())
        terms = list(reader.all_terms())
        return {
            "count": reader.doc_count_all(),
            "stored": [reader.stored_fields(d) for d in docs],
            "lengths": [[reader.doc_field_length(d, name) for name in names] for d in docs],
            "totals": [reader.field_length(name) for name in names],
            "columns": {
                name: [reader.column_reader(name)[d] for d in docs]
                for name in names
                if reader.has_column(name)
            },
            "terms": terms,
            "infos": [
                (
                    lambda i: (
                        i.weight(),
                        i.doc_frequency(),
                        i.min_length(),
                        i.max_length(),
                        i.max_weight(),
                        i.min_id(),
                        i.max_id(),
                    )
                )(reader.term_info(*t))
                for t in terms
            ],
            "postings": [_blocks(reader, *t) for t in terms],
        }
    finally:
        reader.close()


def test_the_merge_writes_what_whoosh_writes(tmp_path: Path) -> None:
    ix, segments = _segments(tmp_path)
    whoosh = _contents(ix, _whoosh_merge(ix, segments))
    ours = _contents(ix, merge_segments(ix.storage, ix.schema, INDEX_NAME, segments))
    assert ours["count"] == whoosh["count"] == 350 - 5 - 14
    assert any(len(p) > 130 for p in ours["postings"])  # terms of several blocks
    for key in whoosh:
        assert ours[key] == whoosh[key], key


def test_a_term_whose_documents_are_all_deleted_is_left_out(tmp_path: Path) -> None:
    ix, segments = _segments(tmp_path)
    for docnum in range(40):
        segments[3].delete_document(docnum)
    ours = _contents(ix, merge_segments(ix.storage, ix.schema, INDEX_NAME, segments))
    everything = _contents(ix, merge_segments(ix.storage, ix.schema, INDEX_NAME, segments[3:]))
    assert everything["count"] == 0 and everything["terms"] == []
    assert ours["count"] == 350 - 5 - 40
    assert ("id", b"311") not in ours["terms"]


def test_fields_with_vectors_are_refused(tmp_path: Path) -> None:
    from whoosh.fields import TEXT, Schema

    schema = Schema(text=TEXT(vector=True))
    with pytest.raises(ValueError, match="term vectors"):
        merge_segments(None, schema, INDEX_NAME, [])


def _toc_of_sizes(path: Path, sizes: list[int]) -> Any:
    """An index whose TOC lists one builder segment per size (article ids in order)."""
    from whoosh.index import TOC, open_dir

    ix = _create(path)
    segments, first = [], 1
    for size in sizes:
        builder = SegmentBuilder(path, ix.schema, INDEX_NAME)
        for article in _articles(size, first=first):
            builder.add(article_document(article))
        segments.append(builder.finish())
        first += size
    TOC(ix.schema, segments, ix.latest_generation() + 1).write(ix.storage, INDEX_NAME)
    return open_dir(str(path), indexname=INDEX_NAME)


def _ids(ix: Any, segments: list[Any]) -> list[str]:
    ids = []
    for segment in segments:
        reader = SegmentReader(ix.storage, ix.schema, segment)
        ids += [reader.stored_fields(d)["id"] for d in reader.all_doc_ids()]
        reader.close()
    return ids


@pytest.mark.parametrize(
    ("sizes", "merges"),
    [
        ([30, 5, 12, 7, 3, 50, 4, 9], True),
        ([8, 8, 8, 8, 8, 8], True),
        ([2, 3, 1, 2, 1, 40], True),
        ([3, 2, 1], False),
        ([100, 90, 2, 1, 3, 80], False),
    ],
)
def test_the_segments_merged_are_those_whoosh_merges_in_its_order(
    tmp_path: Path, sizes: list[int], merges: bool
) -> None:
    from whoosh.writing import MERGE_SMALL

    from indexer.append import small_segments

    ix = _toc_of_sizes(tmp_path, sizes)
    writer = ix.writer()
    kept_by_whoosh = MERGE_SMALL(writer, writer.segments)
    merged_by_whoosh = _ids(ix, [writer._finalize_segment()]) if writer._added else []
    writer.cancel()
    kept, small = small_segments(ix._segments())
    assert [s.segment_id() for s in kept] == [s.segment_id() for s in kept_by_whoosh]
    assert _ids(ix, small) == merged_by_whoosh
    assert bool(small) == merges
