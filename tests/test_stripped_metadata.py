"""The metadata-stripping probe: what it removes, what it keeps, how it reads a report."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from bench.stripped_metadata import SetFigures, presswatch_metadata, set_figures, strip_metadata

PAGE = (
    '<html><head><meta property="article:published_time" content="2024-03-01T10:00:00Z">'
    '<meta name="author" content="Ann Lee"><script type="application/ld+json">'
    '{"@type": "NewsArticle", "datePublished": "2024-03-01"}</script></head><body><article>'
    '<h1>Harbour plan approved</h1><span itemprop="datePublished">March 1, 2024</span>'
    '<time datetime="2024-03-01T10:00:00Z">Friday</time><p class="byline">By Ann Lee</p>'
    "<p>The council approved the harbour plan after a long debate.</p></article></body></html>"
)


def test_metadata_goes_and_the_visible_text_stays() -> None:
    stripped = strip_metadata(PAGE)
    for gone in ("article:published_time", 'name="author"', "ld+json", "itemprop", "datetime="):
        assert gone not in stripped
    assert "March 1, 2024" in stripped and "Friday" in stripped and "By Ann Lee" in stripped
    assert "The council approved" in stripped


def test_only_what_the_page_prints_is_found_on_the_stripped_page() -> None:
    url = "https://news.example/harbour-plan"
    found = presswatch_metadata(PAGE, url)
    assert found == {"published": date(2024, 3, 1), "authors": ["Ann Lee"], "title": found["title"]}
    assert found["title"] == "Harbour plan approved"
    unprinted = PAGE.replace("March 1, 2024", "Staff").replace("By Ann Lee", "")
    assert presswatch_metadata(unprinted, url)["published"] is None
    assert presswatch_metadata(unprinted, url)["authors"] == []


def test_a_page_lxml_cannot_read_is_returned_as_it_is() -> None:
    assert strip_metadata("") == ""


def test_figures_are_read_per_set(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    totals = {
        "fundus": {
            **{"date_n": 4, "date_ok": 2, "date_none": 1},
            **{"authors_n": 2, "authors_f1": 1.5, "title_n": 0},
        },
        "goose3": {"date_n": 0, "date_ok": 0, "authors_n": 0, "title_n": 5, "title_norm": 4},
    }
    report.write_text(json.dumps({"totals": totals}))
    assert set_figures(report) == {
        "fundus": SetFigures(date_pct=50.0, authors_f1=75.0, title_pct=None, date_wrong_pct=25.0),
        "goose3": SetFigures(date_pct=None, authors_f1=None, title_pct=80.0),
    }
