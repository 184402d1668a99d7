"""The failure classes that peers' unit tests showed on unseen pages, each as a page shape:
times without a date, 'updated' beside 'published', last-modified meta, bylines with the
outlet's name, names in captions and quotes, JSON-LD graphs, Organization authors, two h1s
and site suffixes."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from crawler.extract import extract_article
from crawler.extract.dates import parse_date
from crawler.model import Article
from tests.article_shape import FETCHED, HEADLINE, TEXT, URL


def page(body: str, head: str = "") -> Article:
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    return extract_article(html, URL, fetched_at=FETCHED)


def json_ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


# -- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw", ["08:00", "T08:00:00Z", "8.30 Uhr", "10:15 AM", "20:30 CET", "8h30"]
)
def test_a_time_of_day_alone_is_no_date(raw: str) -> None:
    assert parse_date(raw, source="time", fetched_at=FETCHED) is None


def test_a_bare_time_element_does_not_date_the_page_on_the_day_of_the_run() -> None:
    article = page(
        f'<article><h1>{HEADLINE}</h1><time datetime="08:00">08:00</time>{TEXT}</article>'
    )
    assert article.published is None


def test_a_relative_date_is_resolved_against_the_fetch_time_and_only_with_it() -> None:
    """Evening Standard, The Namibian: a page read without its fetch time (an archived
    page, a benchmark) dated '3 hours ago' came out as the day the extractor ran."""
    html = (
        f"<html><body><article><h1>{HEADLINE}</h1><p class='date'>Published 3 hours ago</p>"
        f"{TEXT}</article></body></html>"
    )
    fetched = extract_article(html, URL, fetched_at=FETCHED)
    assert fetched.published_utc == datetime(2026, 12, 4, 7, 0, tzinfo=UTC)
    assert extract_article(html, URL).published is None


def test_a_time_marked_updated_loses_to_the_entry_date_and_fills_modified() -> None:
    """A WordPress theme's 'Updated ... Published ...' line: the update comes first."""
    article = page(
        f"<article><h1>{HEADLINE}</h1><p class='entry-meta'>"
        '<span>Updated <time class="updated" datetime="2025-05-07T10:00:00+00:00">7 May</time>'
        '</span> <span>Published <time class="entry-date published" '
        'datetime="2025-05-05T08:00:00+00:00">5 May</time></span></p>'
        f"{TEXT}</article>"
    )
    assert article.published_day == date(2025, 5, 5)
    assert article.modified == datetime(2025, 5, 7, 10, 0, tzinfo=UTC)
    assert article.modified_source == "time"


def test_an_update_named_only_by_the_text_before_it_is_no_publication_date() -> None:
    article = page(
        f"<article><h1>{HEADLINE}</h1><p>Aktualisiert: "
        '<time datetime="2025-05-07T10:00:00+02:00">07.05.2025</time></p>'
        f"{TEXT}</article>",
        '<meta property="article:published_time" content="2025-05-05T08:00:00+02:00">',
    )
    assert article.published_day == date(2025, 5, 5)
    assert article.modified is not None and article.modified.isoformat().startswith("2025-05-07")


@pytest.mark.parametrize(
    ("head", "source"),
    [
        ('<meta http-equiv="last-modified" content="2025-05-06T09:00:00Z">', "meta"),
        ('<meta property="article:modified_time" content="2025-05-06T09:00:00Z">', "meta"),
        (json_ld({"@type": "NewsArticle", "dateModified": "2025-05-06T09:00:00Z"}), "json-ld"),
    ],
    ids=["http-equiv-last-modified", "article-modified-time", "json-ld-date-modified"],
)
def test_modified_is_filled_whenever_the_page_states_it(head: str, source: str) -> None:
    published = '<meta property="article:published_time" content="2025-05-05T08:00:00Z">'
    article = page(f"<article><h1>{HEADLINE}</h1>{TEXT}</article>", published + head)
    assert article.modified == datetime(2025, 5, 6, 9, 0, tzinfo=UTC)
    assert (article.modified_source, article.published_day) == (source, date(2025, 5, 5))


@pytest.mark.parametrize(
    "name",
    [
        'property="og:published_time"',
        'property="article:published"',
        'name="article:published:time"',
        'name="cXenseParse:recs:publishtime"',
        'name="publication_date"',
        'name="publish_date"',
        'name="DC.date.published"',
        'property="bt:pubDate"',
        'name="dc.date.created"',
        'name="citation_publication_date"',
    ],
)
def test_a_publication_instant_in_a_less_common_meta_name_keeps_its_time(name: str) -> None:
    """The instant the page states, not the day alone that the whole-page date search finds."""
    head = f'<meta {name} content="2025-05-05T08:30:00Z">'
    article = page(f"<article><h1>{HEADLINE}</h1>{TEXT}</article>", head)
    assert article.published == datetime(2025, 5, 5, 8, 30, tzinfo=UTC)
    assert (article.published_source, article.published_precision) == ("meta", "minute")


def test_radio_canadas_dublin_core_creation_date_is_read() -> None:
    """ICI Radio-Canada: '2017-03-13|19h18', beside teasers' <time> elements of the day the
    page was saved, which came first before."""
    head = '<meta name="dc.date.created" content="2017-03-13|19h18">'
    teasers = '<ul><li><time datetime="2022-08-10 15:36:11.949+00:00">1 h</time></li></ul>'
    article = page(f"{teasers}<article><h1>{HEADLINE}</h1>{TEXT}</article>", head)
    assert article.published == date(2017, 3, 13)  # a wall time of an unknown zone: the day
    assert article.published_raw == "2017-03-13|19h18"


@pytest.mark.parametrize(
    "name", ['name="article:modified:time"', 'property="og:modified_time"', 'name="bt:modDate"']
)
def test_a_modification_in_a_less_common_meta_name_fills_modified(name: str) -> None:
    published = '<meta property="article:published_time" content="2025-05-05T08:00:00Z">'
    head = published + f'<meta {name} content="2025-05-06T09:00:00Z">'
    article = page(f"<article><h1>{HEADLINE}</h1>{TEXT}</article>", head)
    assert (article.modified, article.modified_source) == (
        datetime(2025, 5, 6, 9, 0, tzinfo=UTC),
        "meta",
    )


# -- authors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "byline",
    [
        "By Jane Doe — The Daily Ledger",
        "Jane Doe - Harbour Courier",
        "By Jane Doe – ledger.example",
    ],
)
def test_a_byline_drops_the_outlet_name_after_a_dash(byline: str) -> None:
    article = page(f'<article><h1>{HEADLINE}</h1><p class="byline">{byline}</p>{TEXT}</article>')
    assert article.authors == ["Jane Doe"]


def test_hyphenated_names_are_kept() -> None:
    article = page(
        f'<article><h1>{HEADLINE}</h1><p class="byline">By Jean-Pierre Martin</p>{TEXT}</article>'
    )
    assert article.authors == ["Jean-Pierre Martin"]


@pytest.mark.parametrize(
    "elsewhere",
    [
        '<figure><img src="/a.jpg"><figcaption>Photo: <span class="author">John Smith'
        "</span></figcaption></figure>",
        '<blockquote><p>"We will build it."</p><cite class="author">Mark Twain</cite></blockquote>',
        '<aside class="sidebar"><a rel="author" href="/author/ann-lee">Ann Lee</a></aside>',
    ],
    ids=["figcaption", "blockquote", "aside"],
)
def test_names_in_figures_quotes_and_sidebars_are_not_authors(elsewhere: str) -> None:
    article = page(
        f'<article><h1>{HEADLINE}</h1>{elsewhere}{TEXT}<p class="byline">By Jane Doe</p></article>'
    )
    assert article.authors == ["Jane Doe"]


def test_a_json_ld_graph_author_given_by_id_is_followed() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "NewsArticle",
                "headline": HEADLINE,
                "author": {"@id": "https://news.example/#/schema/person/1"},
                "publisher": {"@id": "https://news.example/#organization"},
            },
            {
                "@type": "Person",
                "@id": "https://news.example/#/schema/person/1",
                "name": "Jane Doe",
            },
            {
                "@type": "Organization",
                "@id": "https://news.example/#organization",
                "name": "Ledger",
            },
        ],
    }
    article = page(f"<article><h1>{HEADLINE}</h1>{TEXT}</article>", json_ld(graph))
    assert article.authors == ["Jane Doe"]
    assert article.site_name == "Ledger"


def test_main_entity_and_a_nested_author_name_are_read() -> None:
    data = {
        "@type": "WebPage",
        "mainEntity": {
            "@type": "NewsArticle",
            "headline": HEADLINE,
            "author": [{"@type": "Person", "name": {"@value": "Jane Doe", "@language": "en"}}],
        },
    }
    assert page(f"<h1>{HEADLINE}</h1>{TEXT}", json_ld(data)).authors == ["Jane Doe"]


def test_a_person_is_preferred_to_the_publisher_among_the_authors() -> None:
    """The outlet listed as an author beside the reporter stays the publisher only; a wire
    service credited beside the reporter stays an author (agency copy)."""
    data = {
        "@type": "NewsArticle",
        "publisher": {"@type": "NewsMediaOrganization", "name": "Ledger Media Group"},
        "author": [
            {"@type": "Organization", "name": "Ledger Media Group"},
            {"@type": "Person", "name": "Jane Doe"},
            {"@type": "Organization", "name": "dpa"},
        ],
    }
    article = page(f"<h1>{HEADLINE}</h1>{TEXT}", json_ld(data))
    assert (article.authors, article.site_name) == (["Jane Doe", "dpa"], "Ledger Media Group")


def test_a_person_in_the_byline_beats_an_organization_author() -> None:
    data = {"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Ledger Media"}}
    body = f'<article><h1>{HEADLINE}</h1><p class="byline">By Jane Doe</p>{TEXT}</article>'
    assert page(body, json_ld(data)).authors == ["Jane Doe"]
    # Without a person on the page the organisation stays the author.
    alone = page(f"<article><h1>{HEADLINE}</h1>{TEXT}</article>", json_ld(data))
    assert alone.authors == ["Ledger Media"]


# -- titles -----------------------------------------------------------------------------------


def test_two_h1s_without_a_title_give_the_headline_not_nothing() -> None:
    article = page(f"<header><h1>Ledger</h1></header><article><h1>{HEADLINE}</h1>{TEXT}</article>")
    assert article.title == HEADLINE


@pytest.mark.parametrize("separator", ["»", "|", "-"])
def test_a_site_suffix_is_dropped_from_a_title_that_copies_the_page_title(separator: str) -> None:
    copied = f"{HEADLINE} {separator} The Ledger"
    head = (
        f'<title>{copied}</title><meta property="og:title" content="{copied}">'
        '<meta property="og:site_name" content="The Ledger">'
    )
    assert page(f"<article>{TEXT}</article>", head).title == HEADLINE


def test_a_dash_that_goes_on_with_the_headline_stays() -> None:
    """'... kommt - So teuer wird sie' is one headline, even where <title> copies it."""
    headline = "Abnehmspritze kommt - So teuer wird sie"
    head = f'<title>{headline}</title><meta property="og:title" content="{headline}">'
    assert page(f"<article>{TEXT}</article>", head).title == headline


@pytest.mark.parametrize("separator", ["»", "|"])
def test_a_short_part_after_a_strong_separator_is_a_site_name(separator: str) -> None:
    head = f'<meta property="og:title" content="{HEADLINE} {separator} Ledger">'
    assert page(f"<article>{TEXT}</article>", head).title == HEADLINE


def test_a_dash_inside_a_written_headline_stays() -> None:
    headline = "Harbour plan - what the council decided"
    head = f'<title>{HEADLINE} | Ledger</title><meta property="og:title" content="{headline}">'
    assert page(f"<article>{TEXT}</article>", head).title == headline
