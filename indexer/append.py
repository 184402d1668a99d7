"""A batch added to a live index as one segment written by the fast builder, in one commit.

Whoosh's own writer analyses each document through chains of generators and sorts every
posting in a pool: about 12 ms of CPU an article in a crawl's batches, against about 4 for
:class:`indexer.build.SegmentBuilder`.  So a batch is written by the builder, small segments
are merged by :func:`indexer.merge.merge_segments` (the same segments Whoosh's own policy,
``MERGE_SMALL``, would merge on a plain ``commit()``), and the rest of a commit stays
Whoosh's: earlier copies of the same articles are deleted (``delete_by_term``, as
``update_document`` does) and the new table of contents is written last, so a killed process
leaves the previous commit whole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from whoosh.writing import SegmentWriter, fib

from indexer.build import SegmentBuilder
from indexer.merge import merge_segments


def small_segments(segments: Sequence[Any]) -> tuple[list[Any], list[Any]]:
    """(segments kept, segments to merge), chosen as Whoosh's ``MERGE_SMALL`` chooses them:
    the smallest ones, as long as they hold fewer documents than a Fibonacci bound, and in
    the same order (by size, when there is a merge)."""
    by_size = sorted(segments, key=lambda segment: segment.doc_count_all())
    total = 0
    for i, segment in enumerate(by_size):
        total += max(0, segment.doc_count_all())
        if i > 3 and total < fib(i + 5):
            return by_size[i + 1 :], by_size[: i + 1]
    return list(segments), []


def commit_batch(writer: SegmentWriter, documents: Sequence[dict[str, Any]]) -> None:
    """Commit ``documents`` (each with a unique ``id``) through ``writer``, which holds the
    index's lock; the writer is finished (the lock released) whether this succeeds or not.

    The segments, and so the document numbers, come in this order: those left as they were,
    the merged small ones, the batch.
    """

    def build() -> Any:
        builder = SegmentBuilder(Path(writer.storage.folder), writer.schema, writer.indexname)
        for doc in documents:
            builder.add(doc)
        return builder.finish()

    commit_segment(writer, [doc["id"] for doc in documents], build)


def commit_segment(writer: SegmentWriter, keys: Sequence[str], finish: Callable[[], Any]) -> None:
    """Commit the new segment that ``finish()`` writes into the index directory (and returns),
    holding the articles with these ``id`` keys, through ``writer`` as :func:`commit_batch`
    does: earlier copies deleted, small segments merged, the lock released in any case."""
    try:
        segments = writer.segments
        if any(segment.doc_count_all() for segment in segments):
            for key in keys:
                writer.delete_by_term("id", key)
        kept, small = small_segments(segments)
        writer._close_segment()
        if small:
            kept.append(merge_segments(writer.storage, writer.schema, writer.indexname, small))
        kept.append(finish())
        writer._commit_toc(kept)
    except BaseException:
        writer.cancel()
        raise
    writer._finish()
