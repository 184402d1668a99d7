"""Normalization rules: authors, titles, text, canonical URLs, hashes and language."""

from __future__ import annotations

import pytest

from crawler.extract.authors import clean_authors
from crawler.extract.language import declared_code, detect_language
from crawler.extract.textnorm import (
    canonical_url,
    clean_body,
    content_hash,
    strip_tracking,
    word_count,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["By Jane Doe and Li Wei"], ["Jane Doe", "Li Wei"]),
        (["By Jane Doe, Economics Correspondent", "jane doe"], ["Jane Doe"]),
        (["Email the author", "Mark Lee (mark@news.test)"], ["Mark Lee"]),
        (["Reuters"], ["Reuters"]),
        (["dpa"], ["dpa"]),
        (["john"], []),
        (["记者 王小明"], ["王小明"]),
        (["https://news.test/people/jane", "Follow @jane"], []),
        (["Ana Pérez y Luis Gómez"], ["Ana Pérez", "Luis Gómez"]),
    ],
)
def test_clean_authors(raw: list[str], expected: list[str]) -> None:
    assert clean_authors(raw) == expected


def test_clean_body_keeps_paragraphs_and_folds_spaces() -> None:
    assert clean_body("  One\u00a0 two \n\n\n three\tfour \n") == "One two\n\nthree four"
    assert clean_body("Cafe\u0301") == "Café"  # NFC


def test_tracking_parameters_and_canonical() -> None:
    assert strip_tracking("https://News.test/a?utm_source=x&id=3&fbclid=y#top") == (
        "https://news.test/a?id=3"
    )
    assert canonical_url("https://news.test/print/a", "/a") == "https://news.test/a"
    assert canonical_url("https://news.test/a", "https://evil.test/b") == "https://news.test/a"


def test_hash_ignores_case_spacing_and_punctuation_and_counts_cjk() -> None:
    assert content_hash("Hello,  World!") == content_hash("hello world")
    assert content_hash("") == ""
    assert word_count("软实力 rises fast") == 5


def test_language_detection_with_declared_hint() -> None:
    assert declared_code("zh-CN") == "zh" and declared_code("en_US") == "en"
    assert declared_code("x") == ""
    text = (
        "The central bank raised interest rates again on Tuesday, citing persistent "
        "inflation in services and a strong labour market."
    )
    assert detect_language(text, "") == ("en", "detected")
    assert detect_language("中国软实力排名升至全球第二，外国媒体纷纷报道。", "en")[0] == "zh"
    assert detect_language("Hola", "es") == ("es", "declared")
    assert detect_language("", "") == ("", "")
