"""Batches added to a live index (indexer.append): what Whoosh's own writer would index."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from whoosh.index import open_dir

from crawler.model import Article
from indexer.index import INDEX_NAME, ArticleIndex, IndexLockedError, _create
from indexer.schema import article_document
from search.searcher import search
from tests.test_index_build import _articles


def _batches() -> list[list[Article]]:
    """24 batches of 12 articles; every fifth batch also brings new copies of earlier ones."""
    articles = _articles(288)
    batches = [articles[n : n + 12] for n in range(0, 288, 12)]
    for number in range(4, 24, 5):
        for earlier in _articles(3, first=number * 7):
            earlier.title = f"replaced in batch {number}"
            batches[number].append(earlier)
    return batches


def _whoosh_adds(path: Path, batches: list[list[Article]]) -> None:
    """The same batches through Whoosh's writer, one commit each (what `add` did before)."""
    ix = _create(path)
    for batch in batches:
        writer = ix.writer(compound=False)
        docs = {article.id: article_document(article) for article in batch}
        for doc in docs.values():
            writer.update_document(**doc)
        writer.commit()


def _live(path: Path) -> tuple[Any, ...]:
    """The live documents' ids, stored fields, postings and columns, keyed by article id
    (document numbers follow the segments, which the two ways merge differently)."""
    ix = open_dir(str(path), indexname=INDEX_NAME)
    with ix.reader() as reader:
        live = [d for d in range(reader.doc_count_all()) if not reader.is_deleted(d)]
        ids = {d: reader.stored_fields(d)["id"] for d in live}
        postings = {}
        for field, text in reader.all_terms():
            matcher = reader.postings(field, text)
            found = []
            while matcher.is_active():
                if matcher.id() in ids:
                    found.append((ids[matcher.id()], matcher.weight(), matcher.value()))
                matcher.next()
            if found:
                postings[(field, text)] = sorted(found)
        stored = {ids[d]: reader.stored_fields(d) for d in live}
        columns = {
            name: sorted((ids[d], reader.column_reader(name)[d]) for d in live)
            for name in ("id", "site", "published_utc", "published_day")
        }
        return sorted(ids.values()), stored, postings, columns, len(ix._segments())


def test_batches_index_what_whoosh_indexes(tmp_path: Path) -> None:
    batches = _batches()
    _whoosh_adds(tmp_path / "whoosh", batches)
    index = ArticleIndex.open(tmp_path / "fast", create=True)
    for batch in batches:
        index.add(batch)
    fast, whoosh = _live(tmp_path / "fast"), _live(tmp_path / "whoosh")
    assert fast[:4] == whoosh[:4]
    assert len(fast[0]) == 288
    assert fast[4] < len(batches)  # small segments were merged on the way
    hits = search(index, '"replaced in batch 9"', limit=10).hits
    assert sorted(hit.id for hit in hits) == [63, 64, 65]


def test_a_second_writer_is_refused_and_the_index_is_unchanged(tmp_path: Path) -> None:
    index = ArticleIndex.open(tmp_path / "index", create=True)
    index.add(_articles(5))
    holder = open_dir(str(tmp_path / "index"), indexname=INDEX_NAME).writer()
    try:
        with pytest.raises(IndexLockedError):
            index.add(_articles(5, first=6))
    finally:
        holder.cancel()
    assert index.doc_count() == 5
    index.add(_articles(5, first=6))
    assert index.doc_count() == 10


def test_a_batch_that_fails_leaves_the_last_commit_and_the_lock_free(tmp_path: Path) -> None:
    index = ArticleIndex.open(tmp_path / "index", create=True)
    index.add(_articles(5))
    broken = _articles(2, first=6)
    broken[1].published_utc = "not a date"  # type: ignore[assignment]
    with pytest.raises(Exception):  # noqa: B017 - whatever the schema raises
        index.add(broken)
    assert index.doc_count() == 5
    index.add(_articles(2, first=6))
    assert index.doc_count() == 7
