"""Recorded pages with expected values (Fundus-style): one parametrised test over all of them.

Each tests/pages/NAME.html has NAME.json beside it: the URL, site timezone and fetch time to
extract with, and the expected values of the fields it lists. `body_starts`/`body_ends` pin the
body's first and last words, `body_excludes` lists text that must not be in it.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from crawler.config import SiteConfig
from crawler.extract import extract_article, extract_text
from crawler.model import article_to_dict

PAGES = Path(__file__).parent / "pages"
CASES = sorted(p.stem for p in PAGES.glob("*.json"))


def load_case(name: str) -> tuple[str, dict[str, Any]]:
    html = (PAGES / f"{name}.html").read_text(encoding="utf-8")
    return html, json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", CASES)
def test_recorded_page(name: str) -> None:
    html, case = load_case(name)
    site = SiteConfig(
        id="test",
        name=case.get("site_name", ""),
        domains=("test",),
        timezone=case.get("timezone", "UTC"),
        languages=tuple(case.get("languages", [])),
    )
    article = extract_article(
        html, case["url"], site=site, fetched_at=datetime.fromisoformat(case["fetched_at"])
    )
    got = article_to_dict(article)
    for field, expected in case["expected"].items():
        assert got[field] == expected, (
            f"{name}: {field} is {got[field]!r}, expected {expected!r}; if the new value is "
            f"right, update tests/pages/{name}.json"
        )
    assert article.body.startswith(case["body_starts"]), (
        f"{name}: body starts {article.body[:80]!r}"
    )
    assert article.body.endswith(case["body_ends"]), f"{name}: body ends {article.body[-80:]!r}"
    for unwanted in case.get("body_excludes", []):
        assert unwanted not in article.body, f"{name}: body holds {unwanted!r}"


def test_extract_text_is_the_body_and_needs_no_site() -> None:
    html, case = load_case("cctv_soft_power")
    text = extract_text(html, url=case["url"])
    assert text.startswith(case["body_starts"]) and "Related Stories" not in text
    assert text.count("\n\n") == 4  # five paragraphs kept apart


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "<html></html>",
        "\x00\x01binary\xff",
        "<p>" * 5000,
        "<html><body><p>one line</p></body></html>",
    ],
)
def test_broken_pages_give_an_empty_article_not_an_error(html: str) -> None:
    article = extract_article(html, "https://news.test/x.html")
    assert article.word_count <= 2  # nothing that the pipeline would keep as an article
    assert article.published is None or article.published_utc is not None
