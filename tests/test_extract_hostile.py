"""Hostile pages: long runs of odd whitespace, unbroken text, control characters and deep
markup never make extract_article raise or run long (its regexes are linear, inputs capped)."""

from __future__ import annotations

import html
import time
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.config import SiteConfig
from crawler.extract import extract_article

URL = "https://news.example.org/world/2025/01/02/story.html"
DATELESS_URL = "https://news.example.org/world/story.html"  # the page's own dates are searched
FETCHED = datetime(2025, 6, 1, tzinfo=UTC)
SITE = SiteConfig(id="news", name="News", domains=("news.example.org",), languages=("en",))
# Generous (the slowest case takes about 0.5 s), and counted in CPU seconds of this process,
# so other processes on a loaded machine do not make the test flaky.
SECONDS_PER_CALL = 2.0
MAX_CHARS = 200_000

ODD_WHITESPACE = "\u00a0\u2009\u3000\u200b\u200c\u200d\u2060\ufeff\u202f\u205f\u2028\t\r\n "
CONTROL = "".join(chr(c) for c in range(32)) + "\x7f\x85\u200e\u200f\u202e\ufffe"
PUNCTUATION = ",;|/&:-–—·•»_@.()[]'\"\\<>#*"
# Fragments the extractor's patterns look for: bylines, dates, separators, e-mails, months.
WORDS = ["by", "and", "von", "Jan", "2025", "12:30", "1", "-", "ago", "年", "comments", "@a.b"]
UNITS = st.one_of(
    st.text(st.sampled_from(ODD_WHITESPACE), min_size=1, max_size=6),
    st.text(st.sampled_from(CONTROL), min_size=1, max_size=6),
    st.text(st.sampled_from("x1_-.@'年"), min_size=1, max_size=3),
    st.lists(
        st.sampled_from(WORDS + list(PUNCTUATION + ODD_WHITESPACE)), min_size=1, max_size=6
    ).map("".join),
)


@st.composite
def hostile_strings(draw: st.DrawFn, longest: int = MAX_CHARS) -> str:
    """One short unit repeated to a long string (what makes a backtracking pattern slow)."""
    unit = draw(UNITS)
    length = draw(st.integers(min_value=longest // 10, max_value=longest))
    prefix = draw(st.sampled_from(["", "By ", "Published: ", "2025-01-02 ", "Title | "]))
    return (prefix + unit * (length // len(unit) + 1))[:length]


def _in_article(text: str) -> str:
    """`text` in every place the extractor reads: title, meta, JSON-LD, byline, time, body
    (eleven copies: a 20,000-character `text` makes a page of about 220 KB)."""
    attr = html.escape(text, quote=True)
    body = html.escape(text)
    json_ld = '{"@type":"NewsArticle","headline":"%s","datePublished":"%s","author":"%s"}' % (
        (attr,) * 3
    )
    return (
        f"<html><head><title>{body}</title><meta name='author' content='{attr}'>"
        f"<meta property='article:published_time' content='{attr}'>"
        f"<meta property='og:title' content='{attr}'>"
        f"<script type='application/ld+json'>{json_ld}</script></head><body><article>"
        f"<h1>{body}</h1><div class='byline'>{body}</div><time>{body}</time>"
        f"<p>{body}</p><p>{'A sentence of ordinary words in the story. ' * 20}</p>"
        f"<p>{body}</p></article></body></html>"
    )


# Minimal pages holding `text` in one place the extractor reads ({a}: attribute-escaped).
FIELDS = {
    "title": "<html><head><title>{t}</title></head><body><p>x</p></body></html>",
    "meta author": "<html><head><meta name='author' content='{a}'></head><body></body></html>",
    "meta date": (
        "<html><head><meta property='article:published_time' content='{a}'></head></html>"
    ),
    "og:title": "<html><head><meta property='og:title' content='{a}'></head></html>",
    "json-ld": (
        "<html><head><script type='application/ld+json'>"
        '{{"@type":"NewsArticle","headline":"{a}","author":"{a}","datePublished":"{a}"}}'
        "</script></head></html>"
    ),
    "h1": "<html><body><article><h1>{t}</h1><p>Story text.</p></article></body></html>",
    # an h1 linking somewhere is read for a link to the home page (the site's name)
    "h1 link": "<html><body><h1><a href='{a}'>Site</a></h1><h1>Head</h1><p>x</p></body></html>",
    "byline": "<html><body><div class='byline'>{t}</div><p>Story text.</p></body></html>",
    "time": "<html><body><h1>Head</h1><time>{t}</time><p>Story text.</p></body></html>",
    "paragraph": "<html><body><article><h1>Head</h1><p>{t}</p></article></body></html>",
    # read for a publication key where nothing else dates the page
    "script": '<html><body><script>var s = {{"published": "{t}"}};</script><p>x</p></body></html>',
}


def _in_field(field: str, text: str) -> str:
    """A minimal page with `text` in one field: about as long as `text` itself."""
    return FIELDS[field].format(t=html.escape(text), a=html.escape(text, quote=True))


def _extract_in_time(page: str, url: str = URL) -> None:
    started = time.process_time()
    article = extract_article(page, url, site=SITE, fetched_at=FETCHED)
    elapsed = time.process_time() - started
    assert elapsed < SECONDS_PER_CALL, f"{elapsed:.2f} s for a {len(page):,}-character page"
    assert isinstance(article.body, str)


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    """Load trafilatura and dateparser's data first: a one-off cost, not a page's."""
    extract_article(_in_article("By A. Writer, January 2, 2025"), URL, site=SITE)
    extract_article("<p>sometime recently</p>", URL)


HOSTILE = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@HOSTILE
@given(hostile_strings(longest=MAX_CHARS // 10))
def test_a_hostile_string_in_every_field_of_an_article(text: str) -> None:
    _extract_in_time(_in_article(text))


@HOSTILE
@given(hostile_strings())
def test_a_hostile_string_as_the_whole_page(text: str) -> None:
    _extract_in_time(text)


@HOSTILE
@given(st.sampled_from(list(FIELDS)), hostile_strings())
def test_a_hostile_string_in_one_field_of_a_minimal_page(field: str, text: str) -> None:
    _extract_in_time(_in_field(field, text), DATELESS_URL)


@HOSTILE
@given(
    st.sampled_from(["div", "b", "span", "p", "table", "li", "a"]),
    st.integers(min_value=1_000, max_value=20_000),
    st.sampled_from(["", "By x", "\u00a0" * 500, "2025-01-02"]),
)
def test_deeply_nested_markup(tag: str, depth: int, inner: str) -> None:
    nested = f"<{tag}>" * depth + inner + f"</{tag}>" * depth
    _extract_in_time(f"<html><head><title>T</title></head><body>{nested}</body></html>")
    _extract_in_time(f"<{tag} class='byline'>" * depth + "By " + inner)


# (field, text): each was quadratic or worse before its pattern was fixed (see the README).
FIXED_CASES = {
    "title of no-break spaces": ("title", "\u00a0" * MAX_CHARS),
    "title of spaced pipes": ("og:title", " | " * (MAX_CHARS // 3)),
    "author of underscores": ("meta author", "_" * MAX_CHARS),
    "author of letters": ("json-ld", "x" * MAX_CHARS),
    "author of digits and dashes": ("meta author", "1-" * (MAX_CHARS // 2)),
    "byline of spaces": ("meta author", "By " + "\u00a0" * MAX_CHARS + "x"),
    "an e-mail without end": ("meta author", "a@" * (MAX_CHARS // 2)),
    "date of letters": ("meta date", "Monday" + "x" * MAX_CHARS),
    "date of ideographs": ("meta date", "年" * MAX_CHARS),
    "ideographic spaces between letters": ("paragraph", "x\u3000" * (MAX_CHARS // 2)),
    "zero-width spaces": ("paragraph", "\u200b" * MAX_CHARS),
    "control characters": ("paragraph", "".join(chr(c % 32) for c in range(MAX_CHARS))),
    "repeated years": ("time", "2024 " * (MAX_CHARS // 5)),
    "month names": ("byline", "Jan 1, " * (MAX_CHARS // 7)),
    "dashes": ("paragraph", "- " * (MAX_CHARS // 2)),
    "an IPv6 host left open in an h1's link": ("h1 link", "http://[::1"),
}


@pytest.mark.parametrize(("field", "text"), FIXED_CASES.values(), ids=FIXED_CASES.keys())
def test_known_hostile_cases(field: str, text: str) -> None:
    _extract_in_time(_in_field(field, text))
    _extract_in_time(_in_article(text[: MAX_CHARS // 10]))
    _extract_in_time(text)


# JSON-LD scripts that do not parse, read once more without comments (crawler/extract/
# json_ld.py): an unclosed string of escaped quotes and an unclosed comment were quadratic
# (96,000 characters: 17 s and 11 s), and nesting deeper than the parser goes raised.
JSON_LD_CASES = {
    "an unclosed string of escaped quotes": '{"' + '\\"' * (MAX_CHARS // 2),
    "the same ending in a lone backslash": '{"' + '\\"' * (MAX_CHARS // 2) + "\\",
    "unclosed block comments": "{" + "/*a" * (MAX_CHARS // 3),
    "brackets nested too deep": "[" * MAX_CHARS,
}


@pytest.mark.parametrize("script", JSON_LD_CASES.values(), ids=JSON_LD_CASES.keys())
def test_a_hostile_json_ld_script(script: str) -> None:
    _extract_in_time(
        f"<html><head><script type='application/ld+json'>{script}</script></head>"
        "<body><h1>Head</h1><p>Story text.</p></body></html>"
    )


def test_a_long_word_beside_a_guessed_first_of_the_month() -> None:
    """htmldate's '2020-03-01' from an upload folder has the page searched for that day
    written out, month names included: from inside a long word that search was quadratic
    (20,000 letters: 4 s)."""
    images = '<img src="https://news.example.org/uploads/2020/03/a.jpg">' * 2
    page = f"<html><body><div><p>{'a' * (MAX_CHARS // 10)}</p>{images}</div></body></html>"
    _extract_in_time(page, DATELESS_URL)
