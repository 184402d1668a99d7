"""A batch added to a live index as one segment written by the fast builder, in one commit.

Whoosh's own writer analyses each document through chains of generators and sorts every
posting in a pool: about 12 ms of CPU an article in a crawl's batches, against about 4 for
:class:`indexer.build.SegmentBuilder`.  So a batch is written by the builder, and the rest
of a commit stays Whoosh's: earlier copies of the same articles are deleted
(``delete_by_term``, as ``update_document`` does), small segments are merged by Whoosh's own
policy (``MERGE_SMALL``, what a plain ``commit()`` does), and the new table of contents is
written last, so a killed process leaves the previous commit whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from whoosh.writing import MERGE_SMALL, SegmentWriter

from indexer.build import SegmentBuilder


def commit_batch(writer: SegmentWriter, documents: Sequence[dict[str, Any]]) -> None:
    """Commit ``documents`` (each with a unique ``id``) through ``writer``, which holds the
    index's lock; the writer is finished (the lock released) whether this succeeds or not.

    The segments, and so the document numbers, come in this order: those left as they were,
    the merged small ones, the batch.
    """
    try:
        segments = writer.segments
        if any(segment.doc_count_all() for segment in segments):
            for doc in documents:
                writer.delete_by_term("id", doc["id"])
        kept = MERGE_SMALL(writer, segments)
        if writer._added:  # the policy merged segments into the writer's own
            kept.append(writer._finalize_segment())
        else:
            writer._close_segment()
        builder = SegmentBuilder(Path(writer.storage.folder), writer.schema, writer.indexname)
        for doc in documents:
            builder.add(doc)
        kept.append(builder.finish())
        writer._commit_toc(kept)
    except BaseException:
        writer.cancel()
        raise
    writer._finish()
