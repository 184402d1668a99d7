"""The fast rebuild path writes the index Whoosh's own writer would write, in parallel too."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from whoosh.index import open_dir

from crawler.model import Article
from crawler.store import ArticleStore
from indexer.analysis import build_analyzer, term_positions
from indexer.build import WRITING_PHASE, build_parts
from indexer.index import INDEX_NAME, ArticleIndex, _create
from indexer.schema import article_document
from indexer.sync import rebuild_index

TEXTS = [
    "The mayor is running for a second term; the planned transit line is late.",
    "Chuva forte em São Paulo: a cidade enfrentou chuvas fortes nesta segunda-feira.",
    "L'école d'été et l'hôpital qu'il a visité jusqu'à Noël. C'est l'Île-de-France.",
    "Straße, FAÇADE, naïve café, Ærøskøbing, İstanbul, ǅemal, ﬁnance, Ｆｕｌｌ ｗｉｄｔｈ.",
    "中国文化软实力不断提升，软实力是国家的重要组成部分。",
    "東京タワーは日本の電波塔です。ひらがなとカタカナ、ｶﾀｶﾅ。",
    "한국어 문장도 색인됩니다. 서울은 대한민국의 수도이다.",
    "It's the U.S. economy's turn: don't, won't, rock'n'roll, 3.5% in Q1 2025.",
    "a an the of to in is it was with as at be by for from has have on or that this",
    "Mixed: Apple 苹果 and りんご and 사과 — soft power, SOFT POWER, soft-power.",
    "Wildcards stay: run* and te?t, plus numbers 42 and 4.2 and dots...",
    "x\u0301 combining e\u0301te\u0301 and lone marks \u0301\u0302 here",
    "",
]


def _chain(text: str) -> dict[str, list[int]]:
    """Term -> positions as the analyzer chain gives them at indexing time."""
    positions: dict[str, list[int]] = {}
    for token in build_analyzer()(text, positions=True, mode="index"):
        positions.setdefault(token.text, []).append(token.pos)
    return positions


@pytest.mark.parametrize("text", TEXTS)
def test_term_positions_are_the_analyzer_chain(text: str) -> None:
    assert term_positions(text) == _chain(text)


def test_term_positions_on_all_texts_together() -> None:
    text = " ".join(TEXTS) * 3
    assert term_positions(text) == _chain(text)


def _articles(count: int, first: int = 1) -> list[Article]:
    articles = []
    for n in range(first, first + count):
        text = TEXTS[n % len(TEXTS)]
        when = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(hours=7 * n)
        articles.append(
            Article(
                id=n,
                url=f"https://news.example/{n}",
                site=("wire", "folha", "cctv")[n % 3],
                language="en",
                title=f"Story {n}: {TEXTS[(n * 7) % len(TEXTS)][:40]}",
                lead=text[:60],
                body=" ".join(TEXTS[(n + k) % len(TEXTS)] for k in range(n % 5 + 1)),
                authors=[f"Author {n % 4}", "Desk"],
                owner="Owner Group" if n % 2 else "",
                tags=["world", f"tag{n % 3}"],
                published=when,
                published_utc=when,
                published_day=when.date(),
                first_seen=when + timedelta(hours=1),
                duplicate_group=n,
            )
        )
    return articles


def _whoosh_build(path: Path, articles: list[Article], *updates: Article) -> None:
    """The index as Whoosh's own writer makes it (what rebuild did before)."""
    ix = _create(path)
    writer = ix.writer(compound=False)
    for article in articles:
        writer.add_document(**article_document(article))
    writer.commit()
    if updates:
        writer = ix.writer(compound=False)
        for article in updates:
            writer.update_document(**article_document(article))
        writer.commit(merge=False)


def _dump(path: Path) -> tuple[Any, ...]:
    """Everything a search reads, keyed by article id rather than document number."""
    ix = open_dir(str(path), indexname=INDEX_NAME)
    with ix.reader() as reader:
        every = range(reader.doc_count_all())
        ids = {d: (reader.stored_fields(d)["id"], reader.is_deleted(d)) for d in every}
        postings = {}
        for field, text in reader.all_terms():
            matcher = reader.postings(field, text)
            found = []
            while matcher.is_active():
                found.append((ids[matcher.id()], matcher.weight(), matcher.value()))
                matcher.next()
            info = reader.term_info(field, text)
            stats = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length())
            postings[(field, text)] = (sorted(found), stats, info.max_weight())
        texts = ("title", "lead", "body", "authors", "owner")
        docs = {
            fields["id"]: (fields, [reader.doc_field_length(d, f) for f in texts])
            for d, fields in reader.iter_docs()
        }
        columns = {
            name: sorted((ids[d], reader.column_reader(name)[d]) for d in every)
            for name in ("id", "site", "published_utc", "published_day", "duplicate_group")
        }
        lengths = {f: (reader.field_length(f), reader.max_field_length(f)) for f in texts}
        return postings, docs, columns, lengths, reader.doc_count()


def test_one_part_writes_what_whoosh_writes(tmp_path: Path) -> None:
    articles = _articles(300)
    _whoosh_build(tmp_path / "whoosh", articles)
    _create(tmp_path / "fast")
    assert build_parts(tmp_path / "fast", [[articles[:100], articles[100:]]], INDEX_NAME) == 300
    assert _dump(tmp_path / "fast") == _dump(tmp_path / "whoosh")


def test_parts_in_workers_write_what_whoosh_writes(tmp_path: Path) -> None:
    articles = _articles(300)
    replaced = _articles(1, first=7)[0]
    replaced.title = "seventh replaced"
    _whoosh_build(tmp_path / "whoosh", articles, replaced)
    _create(tmp_path / "fast")
    parts = [[articles[:150]], [articles[150:], [replaced]]]
    done: list[tuple[int, ...]] = []
    count = build_parts(tmp_path / "fast", parts, INDEX_NAME, 301, lambda *a: done.append(a))
    assert count == 300
    assert _dump(tmp_path / "fast") == _dump(tmp_path / "whoosh")
    assert done[-2:] == [(301, 301), (301, 301, WRITING_PHASE)]
    assert [d[0] for d in done] == sorted(d[0] for d in done)
    ix = open_dir(str(tmp_path / "fast"), indexname=INDEX_NAME)
    assert len(ix._segments()) == 2
    assert sorted(p.name for p in (tmp_path / "fast").iterdir() if p.is_dir()) == []


def test_a_failing_part_stops_the_workers_and_keeps_the_old_index(tmp_path: Path) -> None:
    index = ArticleIndex.rebuild(tmp_path / "index", [_articles(5)])
    assert index == 5

    def broken() -> Any:
        yield _articles(50, first=100)
        raise RuntimeError("store went away")

    with pytest.raises(RuntimeError, match="store went away"):
        ArticleIndex.rebuild(tmp_path / "index", [_articles(50)], broken())
    assert ArticleIndex.open(tmp_path / "index").doc_count() == 5
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index"]


def test_rebuild_index_in_workers_follows_the_store(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with ArticleStore.open(data) as store:
        for n, article in enumerate(_articles(120)):
            article.id = None
            article.url = f"https://news.example/story-{n}"
            article.content_hash = hashlib.sha256(article.url.encode()).hexdigest()
            article.published_day = date(2025, 1, 1) + timedelta(days=n)
            store.save(article)
        done: list[tuple[int, ...]] = []
        count = rebuild_index(
            store, data / "index", batch_size=7, progress=lambda *a: done.append(a), workers=3
        )
        assert count == 120
        assert store.pending_count() == 0
        assert done[-2] == (120, 120)  # every article in
        assert done[-1] == (120, 120, WRITING_PHASE)  # then the segments are written
    ix = open_dir(str(data / "index"), indexname=INDEX_NAME)
    assert len(ix._segments()) == 3
    with ix.reader() as reader:
        ids = [int(fields["id"]) for _doc, fields in reader.iter_docs()]
    assert ids == sorted(ids) and len(ids) == 120


def _segment_files(path: Path, articles: list[Article], **finish: Any) -> dict[str, bytes]:
    """The postings and terms files of one segment of ``articles`` built in ``path``."""
    from indexer.build import SegmentBuilder

    schema = _create(path).schema
    builder = SegmentBuilder(path, schema, INDEX_NAME)
    for article in articles:
        builder.add(article_document(article))
    builder.finish(**finish)
    return {p.suffix: p.read_bytes() for p in path.iterdir() if p.suffix in (".pst", ".trm")}


def test_a_segment_written_by_two_processes_is_the_one_written_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The live index's last commit encodes half of the terms in a forked process."""
    import indexer.build

    articles = _articles(300)
    alone = _segment_files(tmp_path / "one", articles)
    monkeypatch.setattr(indexer.build, "PARALLEL_FROM_TERMS", 10)  # these texts have few terms
    forks: list[int] = []
    real_fork = indexer.build.os.fork

    def counted_fork() -> int:
        pid = real_fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(indexer.build.os, "fork", counted_fork)
    assert _segment_files(tmp_path / "two", articles, parallel=True) == alone
    assert len(forks) == 1 and set(alone) == {".pst", ".trm"}

    def no_fork() -> int:
        raise OSError("fork: resource temporarily unavailable")

    monkeypatch.setattr(indexer.build.os, "fork", no_fork)
    assert _segment_files(tmp_path / "three", articles, parallel=True) == alone
