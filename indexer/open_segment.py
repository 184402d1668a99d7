"""A segment filled article by article between two commits, in a hidden folder of the index.

A crawl analyses what it stores as it goes and commits every ``index_batch_size`` articles:
one commit of 1,000 articles costs far less than five of 200 (each commit writes every term
of its segment once, and more segments mean more merging; 10,000 mirror articles: 2.4 ms
of CPU an article against 4.7), and the articles stored before the crawl ends are already
analysed, so the last commit is short.  The segment's files stay in a folder of their own
until the commit moves them in: Whoosh's ``clean_files``, run by every commit (another
writer's too), deletes only unused files of the index folder itself.  A killed process
leaves the folder behind; the next open segment removes it, and no commit referred to it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import Any

from crawler.model import Article
from crawler.store import PendingVersion
from indexer.build import SegmentBuilder
from indexer.schema import article_document

FOLDER_PREFIX = ".open-"


class OpenSegment:
    """Articles analysed into a new segment that no commit holds yet."""

    def __init__(self, index_dir: Path, schema: Any, indexname: str) -> None:
        self.index_dir = index_dir
        self.schema = schema
        self.indexname = indexname
        self.versions: dict[int, PendingVersion] = {}
        """Article id -> the version analysed into the segment (as read from the store)."""
        self._builder: SegmentBuilder | None = None  # and its folder: from the first article
        self._directory: Path | None = None
        self._docnums: dict[int, int] = {}
        self._replaced: set[int] = set()

    def __len__(self) -> int:
        return len(self.versions)

    def add(self, article: Article, version: PendingVersion) -> None:
        """Analyse an article into the segment; an earlier copy of it there is dropped."""
        doc = article_document(article)
        key = int(doc["id"])
        earlier = self._docnums.get(key)
        if earlier is not None:
            self._replaced.add(earlier)
        self._docnums[key] = self._start().add(doc)
        self.versions[key] = version

    def _start(self) -> SegmentBuilder:
        if self._builder is None:
            remove_abandoned(self.index_dir)
            prefix = f"{FOLDER_PREFIX}{os.getpid()}-"
            self._directory = Path(tempfile.mkdtemp(prefix=prefix, dir=self.index_dir))
            self._builder = SegmentBuilder(self._directory, self.schema, self.indexname)
        return self._builder

    def finish(self, parallel: bool = False) -> Any:
        """Write the segment's postings, move its files into the index folder; the segment
        (for the commit's table of contents, which alone makes it part of the index).
        ``parallel``: with a second process (SegmentBuilder.finish)."""
        builder = self._start()
        for docnum in self._replaced:
            builder.delete(docnum)
        segment = builder.finish(parallel)
        assert self._directory is not None
        for path in self._directory.iterdir():
            if path.is_file():
                os.replace(path, self.index_dir / path.name)
        self.discard()
        return segment

    def discard(self) -> None:
        """Remove the folder and what it holds (what is left of it is never committed)."""
        if self._builder is not None:
            with suppress(Exception):
                self._builder.perdoc.close()
        if self._directory is not None:
            shutil.rmtree(self._directory, ignore_errors=True)
        self._builder = None
        self._directory = None


def remove_abandoned(index_dir: Path) -> None:
    """Remove the open-segment folders of processes that are gone (killed mid-batch)."""
    for folder in index_dir.glob(f"{FOLDER_PREFIX}*"):
        pid = folder.name[len(FOLDER_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
