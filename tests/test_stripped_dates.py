"""The date-metadata stripping probe: what it removes, what it keeps, how it reads a report."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from bench.stripped_dates import day_rates, presswatch_dates, strip_date_metadata

PAGE = (
    '<html><head><meta property="article:published_time" content="2024-03-01T10:00:00Z">'
    '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": '
    '"2024-03-01"}</script></head><body><article><h1>Harbour plan approved</h1>'
    '<span itemprop="datePublished">March 1, 2024</span>'
    '<time datetime="2024-03-01T10:00:00Z">Friday</time>'
    "<p>The council approved the harbour plan after a long debate.</p></article></body></html>"
)


def test_date_metadata_goes_and_the_visible_text_stays() -> None:
    stripped = strip_date_metadata(PAGE)
    for gone in ("article:published_time", "ld+json", "itemprop", "datetime="):
        assert gone not in stripped
    assert "March 1, 2024" in stripped and "Friday" in stripped
    assert "The council approved" in stripped


def test_only_the_printed_date_dates_the_stripped_page() -> None:
    url = "https://news.example/harbour-plan"
    assert presswatch_dates(PAGE, url)["published"] == date(2024, 3, 1)
    unprinted = PAGE.replace("March 1, 2024", "Staff")
    assert presswatch_dates(unprinted, url)["published"] is None


def test_a_page_lxml_cannot_read_is_returned_as_it_is() -> None:
    assert strip_date_metadata("") == ""


def test_same_day_rates_are_read_per_set(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    totals = {
        "fundus": {"date_n": 4, "date_ok": 3},
        "goose3": {"date_n": 0, "date_ok": 0},
    }
    report.write_text(json.dumps({"totals": totals}))
    assert day_rates(report) == {"fundus": (75.0, 4)}
