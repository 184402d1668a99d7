"""Normalization rules: authors, titles, text, canonical URLs, hashes and language."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.extract.authors import clean_authors
from crawler.extract.language import declared_code, detect_language
from crawler.extract.textnorm import (
    canonical_url,
    clean_body,
    content_hash,
    domain_key,
    strip_tracking,
    url_key,
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
        "https://News.test/a?id=3"
    )
    assert canonical_url("https://news.test/print/a", "/a") == "https://news.test/a"
    assert canonical_url("https://news.test/a", "https://evil.test/b") == "https://news.test/a"


@pytest.mark.parametrize(
    ("url", "requested"),
    [
        ("https://news.test/a?x=1;y=2", "https://news.test/a?x=1;y=2"),
        ("https://news.test/a?utm_source=a&id=3", "https://news.test/a?id=3"),
        ("https://news.test/a?q=%7e+b&Z=1&a=%2F", "https://news.test/a?q=%7e+b&Z=1&a=%2F"),
        (
            "https://news.test/a?id=3&id=3&gclid=x&utm_medium=m#frag",
            "https://news.test/a?id=3&id=3",
        ),
        # Dot segments resolved, as a browser sends them (w3lib 2.6 does it too, earlier not).
        ("HTTP://Host.test:80/a/../b?b=2&a=1", "HTTP://Host.test:80/b?b=2&a=1"),
        ("https://news.test/a/./b/%2E%2e/c.html?p=/../q", "https://news.test/a/c.html?p=/../q"),
        ("https://news.test/../a/..", "https://news.test/"),
        ("//news.test/a/../b?x=/../y", "//news.test/b?x=/../y"),  # scheme-relative
        ("https://news.test/a.b/c../.../d", "https://news.test/a.b/c../.../d"),
        ("https://news.test/a?a=1&&b=&c#x", "https://news.test/a?a=1&&b=&c"),
        ("https://news.test/a?", "https://news.test/a?"),
    ],
)
def test_requests_keep_the_url_but_tracking_and_dot_segments(url: str, requested: str) -> None:
    assert strip_tracking(url) == requested


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("HTTP://Host.test:80/a/../b?b=2&a=1", "http://host.test/b?a=1&b=2"),
        ("https://News.test:443/x/./y/?utm_source=s&id=3#top", "https://news.test/x/y/?id=3"),
        ("https://news.test:8443/a", "https://news.test:8443/a"),
        ("https://news.test", "https://news.test/"),
        # the keys an earlier presswatch stored (host lowercased, query re-encoded) match
        ("https://news.test/a?x=1%3By%3D2", "https://news.test/a?x=1%3By%3D2"),
        ("https://News.test/a?x=1;y=2", "https://news.test/a?x=1%3By%3D2"),
        ("http://[::1/bad", "http://[::1/bad"),  # unparsable: its own key, never an error
    ],
)
def test_the_stored_key_is_normalised(url: str, key: str) -> None:
    assert url_key(url) == key
    assert url_key(key) == key


_SEGMENTS = st.sampled_from(["a", "B", "..", ".", "%7e", "%2F", "x y", "é", "[b]", ""])
_PARAMS = st.tuples(
    st.sampled_from(["a", "b", "utm_source", "id", "Z"]),
    st.sampled_from(["1", "", "x;y=2", "%26", "é", " "]),
)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["http://Host.test:80", "https://h.TEST:443", "http://h.test:8080"]),
    st.lists(_SEGMENTS, max_size=5),
    st.lists(_PARAMS, max_size=4),
    st.text(max_size=8),
)
def test_a_key_is_its_own_key_and_never_an_error(
    base: str, segments: list[str], params: list[tuple[str, str]], noise: str
) -> None:
    query = "&".join(f"{name}={value}" for name, value in params)
    url = f"{base}/{'/'.join(segments)}?{query}#frag"
    key = url_key(url)
    assert url_key(key) == key  # rows stored under a key are found again by it
    assert "#" not in key and "utm_source" not in key
    assert isinstance(url_key(base + noise), str)
    assert isinstance(canonical_url(url, noise, ("h.test",)), str)


@pytest.mark.parametrize(
    ("declared", "domains", "key"),
    [
        ("https://www.bbc.co.uk/news/1", ("bbc.co.uk",), "https://www.bbc.co.uk/news/1"),
        ("/news/1?utm_source=x", ("bbc.co.uk",), "https://news.bbc.co.uk/news/1"),
        ("https://co.uk/news/1", ("bbc.co.uk",), "https://news.bbc.co.uk/p/1"),
        ("https://bbc.co.uk.evil.test/1", ("bbc.co.uk",), "https://news.bbc.co.uk/p/1"),
        ("https://other-outlet.test/1", ("bbc.co.uk",), "https://news.bbc.co.uk/p/1"),
        ("javascript:alert(1)", ("bbc.co.uk",), "https://news.bbc.co.uk/p/1"),
        ("http://[::1", ("bbc.co.uk",), "https://news.bbc.co.uk/p/1"),
        # without a site's domains only the page's own host is trusted (not its parent)
        ("https://bbc.co.uk/news/1", (), "https://news.bbc.co.uk/p/1"),
        ("https://news.bbc.co.uk/news/1", (), "https://news.bbc.co.uk/news/1"),
    ],
)
def test_canonical_is_accepted_only_within_the_site_domains(
    declared: str, domains: tuple[str, ...], key: str
) -> None:
    assert canonical_url("https://news.bbc.co.uk/p/1", declared, domains) == key


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


def test_looks_binary_counts_the_characters_it_always_counted() -> None:
    """The regex count equals the per-character rule: U+FFFD or a control character other
    than tab, line feed, form feed and carriage return."""
    import random

    from crawler.extract.textnorm import BINARY_SHARE, looks_binary

    def by_character(text: str) -> bool:
        sample = text[:8192]
        odd = sum(1 for ch in sample if ch == "\ufffd" or (ch < " " and ch not in "\t\n\r\f"))
        return bool(sample) and odd / len(sample) > BINARY_SHARE

    alphabet = [chr(c) for c in range(0x28)] + ["\ufffd", "é", "中", "\x7f", "\x85"]
    rng = random.Random(7)
    for _ in range(400):
        share = rng.random() * 0.3
        text = "".join(
            rng.choice(alphabet) if rng.random() < share else "a"
            for _ in range(rng.randint(0, 300))
        )
        assert looks_binary(text) == by_character(text), repr(text)
    assert looks_binary("\x00" * 9000 + "a" * 100) and not looks_binary("a\tb\nc\rd\f" * 2000)


def test_word_count_remembers_recent_texts_and_never_mixes_them_up() -> None:
    word_count.cache_clear()
    body = "The harbour board met on Tuesday. " * 50
    assert word_count(body) == 300
    assert word_count(body[:33]) == 6  # another text: counted, not the first one's count
    assert word_count(body) == 300
    assert word_count.cache_info().hits == 1  # the same body again: not counted twice


@pytest.mark.parametrize(
    ("host", "key"),
    [
        ("terminaltrove.com", "terminaltrove"),
        ("www.bbc.co.uk", "bbc"),
        ("edition.cnn.com", "cnn"),
        ("news.com.au", "news"),
        ("bialystok.se.pl", "se"),
        ("Super Express.", ""),  # a site name, no host
        ("abc.", "abc"),
        (".pl", ""),
    ],
)
def test_the_name_a_host_registers(host: str, key: str) -> None:
    assert domain_key(host) == key
