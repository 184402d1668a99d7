"""Index and search against a real index on disk: analysis, queries, filters, errors."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.model import Article
from indexer.analysis import build_analyzer
from indexer.index import (
    ArticleIndex,
    IndexCorruptError,
    IndexLockedError,
    IndexMissingError,
    IndexOutdatedError,
    PresswatchIndexError,
)
from indexer.schema import build_schema
from search.query import QuerySyntaxError, parse_query
from search.searcher import SearchFilters, matching_ids, search

BEIJING = timezone(timedelta(hours=8))
NEW_YORK = timezone(timedelta(hours=-4))
TOKYO = timezone(timedelta(hours=9))


def _article(article_id: int, published: datetime | date | None = None, **fields: Any) -> Article:
    """An article as the store hands it over (published_utc and published_day filled)."""
    article = Article(id=article_id, url=f"https://news.example/{article_id}", **fields)
    article.published = published
    if isinstance(published, datetime):
        article.published_utc = published.astimezone(UTC)
        article.published_day = published.date()
    elif isinstance(published, date):
        article.published_day = published
    return article


def _corpus() -> list[Article]:
    return [
        _article(
            1,
            datetime(2025, 5, 31, 23, 30, tzinfo=NEW_YORK),  # UTC: June 1st, 03:30
            site="wire",
            language="en",
            title="Soft power and the art of persuasion",
            body="China is investing in soft power across Africa. "
            "Analysts say that soft power works slowly but surely.",
        ),
        _article(
            2,
            datetime(2025, 6, 1, 1, 30, tzinfo=BEIJING),  # UTC: May 31st, 17:30
            site="wire",
            language="en",
            title="Mayor planned a new transit line",
            body="The mayor is running for a second term. "
            "Makers of soft drinks gain power in the city council.",
        ),
        _article(
            3,
            date(2025, 3, 10),
            site="folha",
            language="pt",
            title="Chuva forte em São Paulo",
            body="A cidade de São Paulo enfrentou chuvas fortes nesta segunda-feira.",
        ),
        _article(
            4,
            datetime(2025, 2, 1, 9, 0, tzinfo=BEIJING),
            site="cctv",
            language="zh",
            title="中国文化软实力不断提升",
            body="近年来，中国的软实力不断增强。专家认为文化软实力是国家实力的重要组成部分。",
        ),
        _article(
            5,
            datetime(2025, 4, 15, 10, 0, tzinfo=BEIJING),
            site="cctv",
            language="zh",
            title="经济观察",
            body="他的态度很软，但是这个国家的经济实力很强。",
        ),
        _article(
            6,
            datetime(2025, 1, 20, 20, 0, tzinfo=TOKYO),
            site="nhk",
            language="ja",
            title="東京タワーの夜景",
            body="東京タワーは夜になると美しくライトアップされます。観光客がたくさん訪れました。",
        ),
        _article(
            7,
            None,
            site="gazette",
            language="en",
            title="Election results announced",
            body="Officials announced the results on Sunday. Turnout was high across the region.",
            authors=["María López", "John Smith"],
            section="World",
            tags=["Elections", "Latin America"],
        ),
        _article(
            8,
            datetime(2024, 12, 31, 12, 0, tzinfo=UTC),
            site="wire",
            language="en",
            title="Year in review",
            body="A year of elections around the world, and of storms.",
        ),
    ]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> ArticleIndex:
    """A read-only index of the corpus, shared by the search tests."""
    ix = ArticleIndex.open(tmp_path_factory.mktemp("shared") / "index", create=True)
    assert ix.add(_corpus()) == list(range(1, 9))
    return ix


@pytest.fixture
def fresh(tmp_path: Path) -> ArticleIndex:
    """An index of the corpus that a test may change."""
    ix = ArticleIndex.open(tmp_path / "index", create=True)
    ix.add(_corpus())
    return ix


def ids(index: ArticleIndex, query: str, **kwargs: Any) -> set[int]:
    return {hit.id for hit in search(index, query, limit=None, **kwargs).hits}


# Analysis


def test_analyzer_stems_folds_and_segments_with_positions() -> None:
    tokens = [
        (t.text, t.pos) for t in build_analyzer()("Running in São Paulo 软实力", positions=True)
    ]
    assert tokens == [("run", 0), ("sao", 1), ("paulo", 2), ("软", 3), ("实力", 4)]


def test_analyzer_keeps_one_character_tokens_and_kana_bigrams() -> None:
    texts = [t.text for t in build_analyzer()("软 x タワー は")]
    assert texts == ["软", "x", "タワ", "ワー", "は"]


def test_schema_fields() -> None:
    assert set(build_schema().names()) == {
        "id", "url", "title", "body", "lead", "authors", "site", "language", "section",
        "tags", "published", "published_utc", "published_day", "first_seen", "duplicate_of",
        "country", "media_type", "owner", "state_affiliated", "site_tags", "duplicate_group",
        "is_original", "paywalled",
    }  # fmt: skip


# Matching


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("run", {2}),
        ("running", {2}),
        ("plan", {2}),
        ("planned", {2}),
        ("election", {7, 8}),
        ("elections", {7, 8}),
    ],
)
def test_english_stemming(index: ArticleIndex, query: str, expected: set[int]) -> None:
    assert ids(index, query) == expected


@pytest.mark.parametrize("query", ["sao paulo", "São Paulo", "SAO PAULO", '"sao paulo"'])
def test_accent_folding(index: ArticleIndex, query: str) -> None:
    assert ids(index, query) == {3}


def test_chinese_word_is_a_phrase(index: ArticleIndex) -> None:
    assert ids(index, "软实力") == {4}
    assert ids(index, "实力") == {4, 5}


def test_one_character_chinese_query(index: ArticleIndex) -> None:
    assert ids(index, "软") == {4, 5}
    assert ids(index, "强") == {5}


def test_japanese_kana_and_kanji(index: ArticleIndex) -> None:
    assert ids(index, "タワー") == {6}
    assert ids(index, "東京タワー") == {6}
    assert ids(index, "観光客") == {6}


def test_phrase_and_proximity(index: ArticleIndex) -> None:
    assert ids(index, '"soft power"') == {1}
    assert ids(index, '"soft power"~4') == {1, 2}
    assert ids(index, '"power soft"') == set()


def test_boolean_operators(index: ArticleIndex) -> None:
    assert ids(index, "soft AND power") == {1, 2}
    assert ids(index, "soft power") == {1, 2}
    assert ids(index, "soft NOT mayor") == {1}
    assert ids(index, "(mayor OR storms) AND elections") == {8}
    assert ids(index, "chuva OR tower OR soft") == {1, 2, 3}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("title:election", {7}),
        ("body:election", {8}),
        ("lead:election", set()),
        ("author:lopez", {7}),
        ("authors:smith", {7}),
        ('authors:"María López"', {7}),
        ("site:CCTV", {4, 5}),
        ("lang:ZH", {4, 5}),
        ("language:pt", {3}),
        ("section:world", {7}),
        ("tags:elections", {7}),
        ('tags:"latin america"', {7}),
        ("title:(soft OR mayor)", {1, 2}),
        ("site:wire AND NOT title:soft", {2, 8}),
    ],
)
def test_field_queries_and_aliases(index: ArticleIndex, query: str, expected: set[int]) -> None:
    assert ids(index, query) == expected


def test_wildcards_and_everything(index: ArticleIndex) -> None:
    assert ids(index, "pers*") == {1}
    assert ids(index, "stor?") == {8}
    result = search(index, "*")
    assert result.total == 8
    assert ids(index, "* NOT site:wire") == {3, 4, 5, 6, 7}


# Dates


def test_date_range_is_inclusive_on_the_outlets_day(index: ArticleIndex) -> None:
    # 1 is May 31st in New York (June 1st UTC), 2 is June 1st in Beijing (May 31st UTC).
    assert ids(index, "published:[2025-01-01 TO 2025-05-31]") == {1, 3, 4, 5, 6}
    assert ids(index, "published:2025-06-01") == {2}
    assert ids(index, "published:2025-05-31") == {1}


def test_open_and_partial_date_ranges(index: ArticleIndex) -> None:
    assert ids(index, "published:[2025-05-31 TO]") == {1, 2}
    assert ids(index, "published:[TO 2024-12-31]") == {8}
    assert ids(index, "published:[* TO 2024-12-31]") == {8}
    assert ids(index, "published:2025-03") == {3}
    assert ids(index, "published:2024") == {8}
    assert ids(index, "published:{2025-01 TO 2025-05}") == {3, 4, 5}
    assert ids(index, "soft AND published:[2025-06-01 TO 2025-12-31]") == {2}


def test_since_until_filters(index: ArticleIndex) -> None:
    assert ids(index, "*", filters=SearchFilters(since=date(2025, 6, 1))) == {2}
    assert ids(index, "*", filters=SearchFilters(until=date(2025, 1, 20))) == {6, 8}
    window = SearchFilters(since=date(2025, 2, 1), until=date(2025, 5, 31))
    assert ids(index, "*", filters=window) == {1, 3, 4, 5}


def test_site_and_language_filters(index: ArticleIndex) -> None:
    assert ids(index, "*", filters=SearchFilters(sites=["cctv", "NHK"])) == {4, 5, 6}
    assert ids(index, "*", filters=SearchFilters(languages=["EN"])) == {1, 2, 7, 8}
    both = SearchFilters(sites=["wire"], languages=["en"], since=date(2025, 1, 1))
    assert ids(index, "*", filters=both) == {1, 2}
    nothing = SearchFilters(sites=["nowhere"])
    assert search(index, "*", filters=nothing).total == 0


# Sorting and paging


def test_sort_newest_and_oldest_without_scores(index: ArticleIndex) -> None:
    newest = search(index, "*", sort="newest", limit=None)
    assert [h.id for h in newest.hits] == [1, 2, 5, 3, 4, 6, 8, 7]
    assert all(h.score is None for h in newest.hits)
    oldest = search(index, "*", sort="oldest", limit=None)
    assert [h.id for h in oldest.hits] == [8, 6, 4, 3, 5, 2, 1, 7]
    assert all(h.score is None for h in oldest.hits)


def test_relevance_has_scores_best_first(index: ArticleIndex) -> None:
    result = search(index, "soft power")
    assert result.hits[0].id == 1
    scores = [h.score for h in result.hits]
    assert all(isinstance(s, float) for s in scores)
    assert scores == sorted(scores, reverse=True)  # type: ignore[type-var]


def test_total_limit_and_offset(index: ArticleIndex) -> None:
    every = [h.id for h in search(index, "*", sort="newest", limit=None).hits]
    page = search(index, "*", sort="newest", limit=3, offset=0)
    assert page.total == 8
    assert [h.id for h in page.hits] == every[:3]
    last = search(index, "*", sort="newest", limit=3, offset=6)
    assert last.total == 8
    assert [h.id for h in last.hits] == every[6:]
    assert search(index, "*", limit=3, offset=20).hits == []
    assert search(index, "*", limit=0).total == 8


def test_matching_ids_every_match_in_order(index: ArticleIndex) -> None:
    listed = [h.id for h in search(index, "*", sort="oldest", limit=None).hits]
    assert list(matching_ids(index, "*", None, "oldest")) == listed
    cctv = SearchFilters(sites=["cctv"])
    assert sorted(matching_ids(index, "实力", cctv, "relevance")) == [4, 5]


def test_hit_fields(index: ArticleIndex) -> None:
    (hit,) = search(index, "persuasion").hits
    assert hit.id == 1
    assert hit.url == "https://news.example/1"
    assert hit.title == "Soft power and the art of persuasion"
    assert hit.site == "wire"
    assert hit.language == "en"
    assert hit.published == "2025-05-31T23:30:00-04:00"


# Snippets


def test_snippet_spans_mark_matched_words(index: ArticleIndex) -> None:
    (hit,) = search(index, '"soft power"').hits
    marked = [hit.snippet[a:b].lower() for a, b in hit.snippet_spans]
    assert marked and set(marked) <= {"soft", "power", "soft power"}
    assert len(hit.snippet) <= 210


def test_snippet_spans_for_chinese(index: ArticleIndex) -> None:
    hits = {h.id: h for h in search(index, "软").hits}
    assert [hits[5].snippet[a:b] for a, b in hits[5].snippet_spans] == ["软"]
    assert all(hits[4].snippet[a:b] == "软" for a, b in hits[4].snippet_spans)


def test_snippet_falls_back_to_the_opening_of_the_body(index: ArticleIndex) -> None:
    (hit,) = search(index, "title:persuasion").hits
    assert hit.snippet.startswith("China is investing in soft power")
    assert hit.snippet_spans == []


def test_snippet_of_a_long_body_is_cut_around_the_match(tmp_path: Path) -> None:
    ix = ArticleIndex.open(tmp_path / "index", create=True)
    body = (
        "Filler words about nothing much. " * 30 + "The referendum passed. " + "More filler. " * 30
    )
    ix.add([_article(1, None, title="Long", body=body)])
    (hit,) = search(ix, "referendum").hits
    assert hit.snippet.startswith("\u2026") and hit.snippet.endswith("\u2026")
    assert len(hit.snippet) <= 210
    assert [hit.snippet[a:b] for a, b in hit.snippet_spans] == ["referendum"]


# Query errors


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('china "soft power', "unclosed quote at position 7"),
        ("(china OR japan", 'unclosed parenthesis "(" at position 1'),
        ("china OR japan)", 'unmatched ")" at position 15'),
        ("()", "empty parentheses"),
        ("published:[2025-01-01 TO 2025-05-31", 'unclosed bracket "["'),
        ("china]", 'unmatched "]"'),
        ("foo:bar", 'unknown field "foo"'),
        ("Title:china url:x", 'unknown field "url" at position 13'),
        ("published:>2025-01-01", "use a range such as published:[2025-01-01 TO 2025-05-31]"),
        ("published:<=2025-01-01", "--since/--until"),
        ("title:>x", 'comparison "title:>x" is not supported'),
        ("published:[2025-02-30 TO 2025-05-31]", 'bad date "2025-02-30"'),
        ("published:[2025-01-01 TO tomorrow]", 'bad date "tomorrow"'),
        ("published:yesterday", 'bad date "yesterday"'),
        ("published:[2025-01-01 2025-05-31]", "bad range"),
        ("published:[2025-06-01 TO 2025-05-01]", "empty date range"),
        ("published:[TO]", "date range without any date"),
        ("title:[a TO c]", "ranges work only on dates"),
        ("", "empty query"),
        ("   ", "empty query"),
        ("AND china", "dangling AND (nothing on its left) at position 1"),
        ("china OR", "dangling OR (nothing on its right)"),
        ("china NOT", "dangling NOT"),
        ("china AND OR japan", "dangling AND"),
        ("NOT NOT china", "dangling NOT"),
        ("(china AND)", "dangling AND"),
        ("title: china", 'missing search term after "title:"'),
        ('"soft power"~0', 'bad proximity "~0"'),
        ('""', "empty phrase"),
        ("the", "nothing to search for"),
        # Other languages' operators, which Whoosh read as words or dropped (a QA pass:
        # 'china -russia' gave the articles that mention both).
        ("china -russia", '"-russia": a leading "-" does not exclude at position 7'),
        ("china !russia", "write NOT in capitals"),
        ("china || russia", '"||" is not an operator here'),
        ("china && russia", "write AND in capitals"),
        ("china or russia", '"or" in lower case is searched as a word'),
        ("china not russia", "write NOT for the operator"),
        ("china~1", "fuzzy matching is not supported"),
        ('"the who"', 'would be searched as "who" ("the": too common to be indexed)'),
        ('"to be or not to be"', 'would be searched as "not"'),
    ],
)
def test_malformed_queries(query: str, expected: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(query, build_schema())
    assert expected in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    "query",
    ['"Bank of England"', "e-mail", "co-operation", "title:not", '"china or russia"', "A-level"],
)
def test_words_that_look_like_operators_inside_words_phrases_or_fields_are_kept(
    query: str,
) -> None:
    assert parse_query(query, build_schema()) is not None


def test_error_messages_exact_text() -> None:
    schema = build_schema()
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query('china "soft power', schema)
    assert str(caught.value) == 'unclosed quote at position 7 in: china "soft power'
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query("foo:bar", schema)
    assert str(caught.value) == (
        'unknown field "foo" at position 1 in: foo:bar; fields are: '
        "title, body, lead, authors (author), site, language (lang), section, tags, country, "
        "media_type (media), owner, state_affiliated (state), site_tags, published"
    )
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query("published:>2025-01-01", schema)
    assert str(caught.value) == (
        'comparison "published:>2025-01-01" is not supported at position 1 in: '
        "published:>2025-01-01; use a range such as published:[2025-01-01 TO 2025-05-31] "
        "(or [2025-01-01 TO]) or the --since/--until options"
    )


def test_plain_colons_are_text(index: ArticleIndex) -> None:
    assert ids(index, "10:30 OR https://example.com OR soft") == {1, 2}
    assert ids(index, "Re: soft") == ids(index, "re soft")
    assert issubclass(QuerySyntaxError, ValueError)


def test_search_raises_query_errors_and_rejects_bad_sort(index: ArticleIndex) -> None:
    with pytest.raises(QuerySyntaxError):
        search(index, "(unbalanced")
    with pytest.raises(ValueError, match="unknown sort"):
        search(index, "*", sort="sideways")  # type: ignore[arg-type]


_PIECES = st.sampled_from(
    [
        "china", "soft", "软实力", "软", "タワー", "São", "AND", "OR", "NOT",
        "(", ")", '"', "[", "]", "{", "}", ":", "*", "?", "^", "~", "~2", "TO",
        "title:", "author:", "published:", "foo:",
        "2025-01-01", "2025-13-40", ">", "<=", "-", "+", "'", "\\", "/", "the", " ", "\t", "\n",
    ]
)  # fmt: skip


_SCHEMA = build_schema()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=40), st.lists(_PIECES, max_size=12).map("".join)))
def test_parse_query_raises_only_its_own_error(text: str) -> None:
    try:
        parse_query(text, _SCHEMA)
    except QuerySyntaxError as exc:
        assert "\n" not in str(exc)


# The index itself


def test_add_returns_ids_and_updates_by_id(fresh: ArticleIndex) -> None:
    assert fresh.doc_count() == 8
    changed = _article(1, None, title="Completely new headline", body="Nothing else.")
    assert fresh.add([changed]) == [1]
    assert fresh.doc_count() == 8
    assert ids(fresh, "headline") == {1}
    assert ids(fresh, "persuasion") == set()
    assert fresh.add([]) == []


def test_add_without_id_raises_and_commits_nothing(fresh: ArticleIndex) -> None:
    with pytest.raises(ValueError, match="without id"):
        fresh.add([_article(50, None, title="kept out"), Article(title="no id")])
    assert fresh.doc_count() == 8
    assert ids(fresh, "kept") == set()


def test_delete(fresh: ArticleIndex) -> None:
    assert fresh.delete([4, 5, 99]) == 2
    assert fresh.doc_count() == 6
    assert ids(fresh, "实力") == set()


def test_last_modified(tmp_path: Path) -> None:
    ix = ArticleIndex.open(tmp_path / "index", create=True)
    assert ix.last_modified() is None
    ix.add([_article(1, None, title="x")])
    when = ix.last_modified()
    assert when is not None and when.tzinfo is not None


@pytest.fixture
def held_rebuild(fresh: ArticleIndex) -> Iterator[threading.Event]:
    """A rebuild of ``fresh`` stalled in a thread (so it holds the write lock) until released."""
    started, release = threading.Event(), threading.Event()

    def batches() -> Iterator[list[Article]]:
        started.set()
        release.wait(10)
        yield [_article(100, None, title="rebuilt")]

    worker = threading.Thread(target=ArticleIndex.rebuild, args=(fresh.path, batches()))
    worker.start()
    assert started.wait(10)
    yield release
    release.set()
    worker.join(10)


def test_second_writer_fails_at_once(fresh: ArticleIndex, held_rebuild: threading.Event) -> None:
    began = time.monotonic()
    with pytest.raises(IndexLockedError) as caught:
        fresh.add([_article(9, None, title="late")])
    assert time.monotonic() - began < 1.0
    assert str(caught.value) == (
        "the index is being written by another presswatch process; try again when it finishes"
    )
    with pytest.raises(IndexLockedError):
        ArticleIndex.rebuild(fresh.path, [])
    held_rebuild.set()


def test_lock_is_released_after_a_rebuild(fresh: ArticleIndex) -> None:
    assert ArticleIndex.rebuild(fresh.path, [[_article(100, None, title="rebuilt")]]) == 1
    assert fresh.add([_article(101, None, title="after")]) == [101]
    assert fresh.doc_count() == 2


def test_missing_index(tmp_path: Path) -> None:
    with pytest.raises(IndexMissingError, match="presswatch reindex"):
        ArticleIndex.open(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(IndexMissingError):
        ArticleIndex.open(tmp_path / "empty")


def test_corrupt_index(fresh: ArticleIndex) -> None:
    for toc in fresh.path.glob("*.toc"):
        toc.write_bytes(b"\x00garbage" * 10)
    with pytest.raises(IndexCorruptError, match="presswatch reindex") as caught:
        ArticleIndex.open(fresh.path)
    assert isinstance(caught.value, PresswatchIndexError)


def test_index_of_another_schema_version(fresh: ArticleIndex) -> None:
    (fresh.path / "presswatch-index.json").write_text('{"schema_version": 0}')
    with pytest.raises(IndexOutdatedError, match="presswatch reindex"):
        ArticleIndex.open(fresh.path)


def test_rebuild_replaces_content(fresh: ArticleIndex) -> None:
    batches = [[_article(100, None, title="Brand new")], [_article(101, None, title="Newer")]]
    assert ArticleIndex.rebuild(fresh.path, batches) == 2
    assert fresh.doc_count() == 2
    assert ids(fresh, "persuasion") == set()
    assert ids(fresh, "brand") == {100}
    assert ArticleIndex.open(fresh.path).doc_count() == 2
    assert sorted(p.name for p in fresh.path.parent.iterdir()) == ["index"]


def test_rebuild_commits_in_batches_and_keeps_last_copy(tmp_path: Path) -> None:
    many = [_article(i, None, title=f"number {i}") for i in range(1, 2502)]
    again = [_article(7, None, title="seventh replaced")]
    assert ArticleIndex.rebuild(tmp_path / "index", [many[:1000], many[1000:], again]) == 2501
    ix = ArticleIndex.open(tmp_path / "index")
    assert ix.doc_count() == 2501
    assert ids(ix, "seventh") == {7}


def test_failed_rebuild_keeps_the_old_index(fresh: ArticleIndex) -> None:
    def broken() -> Iterator[list[Article]]:
        yield [_article(100, None, title="half")]
        raise RuntimeError("store went away")

    with pytest.raises(RuntimeError):
        ArticleIndex.rebuild(fresh.path, broken())
    assert fresh.doc_count() == 8
    assert sorted(p.name for p in fresh.path.parent.iterdir()) == ["index"]


def test_rebuild_over_a_corrupt_index(fresh: ArticleIndex) -> None:
    for toc in fresh.path.glob("*.toc"):
        toc.write_bytes(b"garbage")
    assert ArticleIndex.rebuild(fresh.path, [[_article(1, None, title="restored")]]) == 1
    assert ids(ArticleIndex.open(fresh.path), "restored") == {1}


def test_rebuild_removes_leftovers_of_a_killed_rebuild(fresh: ArticleIndex) -> None:
    leftover = fresh.path.parent / ".index.rebuild-killed"
    leftover.mkdir()
    (leftover / "_MAIN_1.toc").write_text("half-written")
    assert ArticleIndex.rebuild(fresh.path, [[_article(1, None, title="again")]]) == 1
    assert not leftover.exists()


def test_segments_stay_separate_files(fresh: ArticleIndex) -> None:
    # A compound segment (.seg) is copied into memory each time a reader opens it.
    fresh.add([_article(9, None, title="another commit")])
    assert not list(fresh.path.glob("*.seg"))
    assert list(fresh.path.glob("*.pst"))
