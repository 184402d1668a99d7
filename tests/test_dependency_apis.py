"""The private or undocumented APIs of dependencies that presswatch touches, checked directly.

Each test fails loudly when an upgrade renames or reshapes one of them, instead of the code
quietly losing what it relied on (a monkeypatch assigning a name nobody reads any more, an
`except Exception` fallback that hides a missing function). Bounds in pyproject.toml say which
versions were checked; constraints-lower.txt runs this file at the lower bounds in CI.
"""

from __future__ import annotations

import inspect
from datetime import datetime

import pytest


def test_htmldate_reads_its_free_text_parser_through_external_date() -> None:
    # crawler.extract.htmldate_guess replaces htmldate.extractors._external_date (htmldate >= 1.11):
    # the replacement only works while htmldate's own functions look the name up there.
    import htmldate.extractors as extractors

    assert callable(extractors._external_date)
    for caller in (extractors.external_date_parser, extractors.try_date_expr):
        code = inspect.unwrap(caller).__code__  # try_date_expr is wrapped in lru_cache
        assert "_external_date" in code.co_names, f"{caller.__name__} no longer calls it"
    assert list(inspect.signature(extractors._external_date).parameters) == ["string"]


def test_py3langid_model_internals_match_the_cached_copy() -> None:
    # crawler.extract.langid_model unpacks py3langid's model into .npy files and rebuilds
    # the identifier from them (py3langid >= 0.4: model.npz.xz, modelio._to_array).
    import io
    import lzma

    import numpy as np
    import py3langid.langid as langid
    from py3langid.modelio import _to_array

    from crawler.extract.langid_model import _ARRAYS

    with lzma.open(langid.MODEL_DIR / langid.MODEL_FILE) as packed:
        arrays = np.load(io.BytesIO(packed.read()), allow_pickle=False)
        assert set(_ARRAYS) <= set(arrays.files)
    identifier = langid._get_identifier()
    assert isinstance(identifier, langid.LanguageIdentifier)
    parameters = list(inspect.signature(langid.LanguageIdentifier).parameters)
    assert parameters[:5] == ["nb_ptc", "nb_pc", "nb_classes", "tk_nextmove", "tk_output"]
    assert "tk_row" in parameters
    assert callable(_to_array) and hasattr(langid, "IDENTIFIER")


def test_dateparser_timezone_parser_and_date_parts() -> None:
    # crawler.extract.dates pops the zone with dateparser.timezone_parser (undocumented) and
    # reads DateData.parts (dateparser >= 1.5); a failure there is swallowed, so check here.
    from dateparser.date import DateDataParser
    from dateparser.timezone_parser import pop_tz_offset_from_string

    rest, found = pop_tz_offset_from_string("31 May 2025 14:05 CEST")
    assert rest.strip() == "31 May 2025 14:05"
    assert found is not None and found.utcoffset(datetime(2025, 5, 31)).total_seconds() == 7200
    data = DateDataParser(languages=["en"]).get_date_data("31 May 2025")
    assert set(data.parts) == {"day", "month", "year"}


def test_datasketch_minhash_takes_a_hash_scheme() -> None:
    # crawler.store.minhash reproduces MinHash(..., scheme="affine32") (datasketch >= 2.0),
    # and tests/test_duplicates.py compares the two.
    from datasketch import MinHash

    assert "scheme" in inspect.signature(MinHash).parameters
    MinHash(num_perm=16, seed=1, scheme="affine32").update(b"shingle")


def test_whoosh_posting_blocks_and_columns_read_by_search() -> None:
    # search.postings reads posting blocks (W3LeafMatcher: _read_ids, _read_weights,
    # _read_values, _next_block, _ids, _weights, _values) and unwraps FilterMatcher (child,
    # _ids: the deleted documents); search.postings and search.columns read per-document
    # lengths and numeric columns as raw bytes (_cached_reader, _dbfile, _basepos, _count,
    # _fixedlen). tests/test_search_engine.py checks the results against Whoosh's own.
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, W3PerDocReader
    from whoosh.columns import NumericColumn
    from whoosh.matching import ListMatcher
    from whoosh.matching.wrappers import FilterMatcher

    for name in ("_read_ids", "_read_weights", "_read_values", "_next_block", "is_active"):
        assert callable(getattr(W3LeafMatcher, name)), name
    code = W3LeafMatcher._read_ids.__code__.co_names + W3LeafMatcher._read_weights.__code__.co_names
    assert "_ids" in code and "_weights" in code
    inner = ListMatcher([1, 2, 3])
    filtered = FilterMatcher(inner, frozenset({2}), exclude=True)
    assert filtered.child is inner and filtered._ids == frozenset({2})
    assert callable(W3PerDocReader._cached_reader)
    assert isinstance(LENGTHS_COLUMN, NumericColumn)
    reader_names = set(NumericColumn.Reader.__init__.__code__.co_names)
    assert {"_dbfile", "_basepos", "_count", "_fixedlen"} <= reader_names


def test_scrapy_downloader_slots_and_robots_parsers() -> None:
    # RetryAfterMiddleware slows a site through engine.downloader.slots / get_slot_key and
    # Slot.delay; our RobotsTxtMiddleware reads RobotsTxtMiddleware._parsers and overrides
    # process_request_2 (see crawler.crawl.middlewares).
    # No crawler is built here: that would install a reactor in the test process.
    from scrapy.core.downloader import Downloader, Slot
    from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware

    assert callable(Downloader.get_slot_key)
    assert "slots" in Downloader.__init__.__code__.co_names
    assert "delay" in inspect.signature(Slot).parameters
    for method in (RobotsTxtMiddleware.__init__, RobotsTxtMiddleware.robot_parser):
        assert "_parsers" in inspect.unwrap(method).__code__.co_names, method.__name__
    parameters = list(inspect.signature(RobotsTxtMiddleware.process_request_2).parameters)
    assert parameters[:3] == ["self", "rp", "request"]


def test_scrapy_spiders_start_asynchronously() -> None:
    # NewsSpider defines `async def start()` (Scrapy >= 2.13); older Scrapy would never call it.
    import scrapy

    assert inspect.iscoroutinefunction(scrapy.Spider.start) or inspect.isasyncgenfunction(
        scrapy.Spider.start
    )


@pytest.mark.parametrize("module", ["lxml_html_clean", "trafilatura", "rjieba", "croniter"])
def test_runtime_dependencies_import(module: str) -> None:
    __import__(module)


def test_rjieba_segments_as_jieba_does() -> None:
    # indexer.analysis segments Han runs with rjieba (jieba-rs) in place of jieba, whose
    # segmentation the index and the query parser were built on: they must agree word for
    # word, offsets included, on dictionary words and on arbitrary character runs alike.
    import logging
    import random

    import jieba
    import rjieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    words = [word for word, freq in list(jieba.dt.FREQ.items())[:200_000:50] if freq]
    characters = sorted(set("".join(words)))
    rng = random.Random(7)
    runs = ["软实力", "中国软实力快速提升", "央视网消息"]
    runs += ["".join(rng.choices(words, k=rng.randint(1, 20))) for _ in range(1500)]
    runs += ["".join(rng.choices(characters, k=rng.randint(1, 40))) for _ in range(1500)]
    for run in runs:
        expected = list(jieba.tokenize(run, HMM=False))
        assert [tuple(piece) for piece in rjieba.tokenize(run, hmm=False)] == expected, run
