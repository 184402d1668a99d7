"""Site names and sections from metadata, cleaned the way a researcher groups by them."""

from __future__ import annotations

import pytest

from crawler.extract import extract_article
from crawler.extract.site_labels import clean_section, clean_site_name


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Parenting OC |", "Parenting OC"),
        ("Every Woman&#039;s Marathon -", "Every Woman's Marathon"),
        ('"Terabyte Systems"', "Terabyte Systems"),
        ("http://www.tmz.com", "tmz.com"),
        ("/", ""),
        ("Газета «Коммерсантъ»", "Газета «Коммерсантъ»"),  # guillemets quote a name
        ("MonsGeek - - Make Cool Gears Accessible", "MonsGeek - - Make Cool Gears Accessible"),
        ("Raw Story - Celebrating 20 Years", "Raw Story - Celebrating 20 Years"),
    ],
)
def test_a_site_name_loses_what_surrounds_it(raw: str, name: str) -> None:
    assert clean_site_name(raw) == name


def test_a_url_or_a_sentence_is_no_section() -> None:
    assert clean_section("https://ovolohotels.com/ovolo/blog/travel-hacks-make-hotel-stay/") == ""
    prose = (
        "Staying ahead of fitness trends keeps personal trainers competitive and in demand. "
        "As new technologies emerge quickly, knowing what is coming lets you adapt."
    )
    assert clean_section(prose) == ""
    listed = "How To, Workouts, Best Fitness, Exercise, starting out, training, weight loss"
    assert clean_section(listed) == listed
    assert clean_section("Politik &amp; Gesellschaft") == "Politik & Gesellschaft"


def test_the_article_record_gets_the_cleaned_values() -> None:
    page = (
        '<html><head><meta property="og:site_name" content="Ambient Air Solutions |">'
        '<meta property="article:section" content="https://example.org/blog/">'
        "</head><body><article><h1>How to choose a heat pump for an old house</h1><p>"
        + "A heat pump suits most old houses once the walls are insulated well. " * 8
        + "</p></article></body></html>"
    )
    article = extract_article(page, "https://example.org/blog/heat-pumps")
    assert article.site_name == "Ambient Air Solutions"
    assert (article.section, article.section_source) == ("", "")
