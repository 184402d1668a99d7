"""htmldate's last-resort date: free text parsed our way, and the days it may not give."""

from __future__ import annotations

from datetime import UTC, datetime

import htmldate.extractors
import pytest
from lxml import html as lxml_html

from crawler.extract import extract_article, htmldate_guess

FETCHED = datetime(2026, 1, 1, tzinfo=UTC)


def _written(day: str, page: str) -> bool:
    year, month, of_month = day.split("-")
    return htmldate_guess.day_pattern(year, month, of_month).search(page) is not None


def test_htmldate_free_text_goes_through_our_pattern_first_parser() -> None:
    """Regression: htmldate's all-language dateparser took 2 s to load and ~20 ms a string."""
    assert htmldate_guess.free_text_date("Published Friday 24 April 2020 09:22") == datetime(
        2020, 4, 24, 9, 22
    )
    assert htmldate_guess.free_text_date("le 3 mars 2021") == datetime(2021, 3, 3)
    assert htmldate_guess.free_text_date("no date in here") is None
    page = "<html><body><div><p>Some text without a headline.</p></div></body></html>"
    extract_article(page, fetched_at=FETCHED)  # no other date source: htmldate runs
    assert htmldate.extractors._external_date is htmldate_guess.free_text_date


def test_a_new_years_day_guessed_from_a_lone_year_is_no_date() -> None:
    """Regression: htmldate's '1998-01-01' from a copyright line became the publication date."""
    page = (
        "<html><body><div><p>Some text.</p></div>"
        "<footer>© 1998 Example Media</footer></body></html>"
    )
    assert extract_article(page, fetched_at=FETCHED).published is None
    assert _written("2021-01-01", "<p>Published January 1, 2021</p>")
    assert _written("2021-01-01", '<meta content="2021-01-01T08:00Z">')
    assert not _written("2021-01-01", "<p>© 2021 Example Media</p>")


@pytest.mark.parametrize(
    "written",
    [
        "2020-03-01T10:52",
        "01.03.2020",
        "1. März 2020",
        "1er mars 2020",
        "March 1, 2020",
        "1 de marzo de 2020",
        "2020年3月1日",
        "20200301",
    ],
)
def test_a_first_of_the_month_stands_where_the_page_writes_it(written: str) -> None:
    assert _written("2020-03-01", f"<p>{written}</p>")


@pytest.mark.parametrize(
    "written",
    ["2020-03-18", "18.03.2020", "03/18/2020", "18 March 2020", "March 18th, 2020", "20200318"],
)
def test_any_day_stands_where_the_page_writes_it(written: str) -> None:
    assert _written("2020-03-18", f"<p>{written}</p>")
    assert not _written("2020-03-18", "<p>2020-03-180, 118.03.2020, 2020-03-08</p>")


def test_a_first_of_the_month_guessed_from_an_upload_folder_is_no_date() -> None:
    """vratza.com with no metadata: htmldate's '2020-03-01' from
    '/wp-content/uploads/2020/03/vratza-1.jpg'; the page never writes 1 March."""
    images = "".join(
        f'<img src="https://example.com/wp-content/uploads/2020/03/photo-{n}.jpg">' for n in (1, 2)
    )
    page = f"<html><body><div><p>Some text about the new school.</p>{images}</div></body></html>"
    assert extract_article(page, fetched_at=FETCHED).published is None
    assert not _written("2020-03-01", "<p>11.03.2020, 21.03.2020</p>")


def _page(body: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(f"<html><body>{body}</body></html>")


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ("<p>Posted 18 March 2020</p>", "page"),
        ('<script>{"createdAt": "2020-03-18T10:00:00Z"}</script>', "page"),
        ('<article data-pubdate="2020-03-18"><p>Text</p></article>', "page"),
        ('<time title="March 18, 2020">last spring</time>', "page"),
        ('<a href="/news/2020/03/18/another-story/">Another story</a>', "links"),
        ('<img src="/uploads/2020/03/18/photo.jpg" alt="A photo">', "links"),
        ('<img src="photo.jpg" alt="Taken 2020-03-18">', "links"),
        ('<a href="/x" title="Posted 2020-03-18">More</a>', "links"),
        ('<div data-bg="https://cdn.example/2020/03/18/b.jpg"></div>', "links"),
        ("<p>No date at all</p>", "nowhere"),
    ],
)
def test_where_a_day_is_written(body: str, where: str) -> None:
    assert htmldate_guess.where_written("2020-03-18", _page(body)) == where


def test_a_day_only_in_other_stories_addresses_is_no_date() -> None:
    """Regression: htmldate dated pages with no date of their own by the newest day in the
    addresses of their links ('/blog/2024/01/22/other-story/' in a related-posts list) or
    images ('/uploads/2025/12/160080-1024x683.jpg' read as 16 December). Of the 20 pages
    with a known date it dated so (dev, peers, WCXB), 19 were wrong."""
    related = "".join(
        f'<li><a href="https://example.com/blog/2024/01/{day}/story-{day}/">Story {day}</a></li>'
        for day in (8, 15, 22)
    )
    page = (
        "<html><head><title>How to plan a garden</title></head><body><article>"
        "<h1>How to plan a garden</h1><p>Start with the soil, then the light, then the water "
        f"the beds will get through the summer.</p></article><ul>{related}</ul></body></html>"
    )
    article = extract_article(page, url="https://example.com/garden-guide/", fetched_at=FETCHED)
    assert (article.published, article.published_source) == (None, "")


def test_a_day_htmldate_finds_in_the_pages_own_attributes_stands() -> None:
    """The check keeps what the page itself states: a publication day in <body data-pubdate>
    (moz.com), which only htmldate's search reads."""
    page = (
        '<html><head><title>A guide</title></head><body data-pubdate="2022-10-05">'
        "<article><h1>A guide</h1><p>Start with the soil, then the light.</p></article>"
        "</body></html>"
    )
    article = extract_article(page, url="https://example.com/guide", fetched_at=FETCHED)
    assert (str(article.published), article.published_source) == ("2022-10-05", "htmldate")


@pytest.mark.parametrize(
    ("day", "written", "first", "where"),
    [
        ("2025-04-03", "3/4/2025", None, "either way"),  # a bare 'en': either order
        ("2025-04-03", "3/4/2025", False, "either way"),  # American English: 4 March
        ("2025-03-04", "3/4/2025", False, "page"),
        ("2020-12-05", "05/12/2020", True, "page"),  # Spanish: the day first
        ("2020-05-12", "05/12/2020", True, "either way"),
        ("2025-04-03", "3.4.2025", None, "page"),  # dots: the day first everywhere
        ("2025-03-04", "3.4.2025", None, "either way"),
        ("2020-03-18", "03/18/2020", None, "page"),  # only one order makes a date
        ("2020-03-03", "03/03/2020", None, "page"),
    ],
)
def test_a_day_written_only_in_an_order_the_page_does_not_use_is_read_either_way(
    day: str, written: str, first: bool | None, where: str
) -> None:
    page = _page(f"<p>Posted {written}</p>")
    assert htmldate_guess.where_written(day, page, first) == where


@pytest.mark.parametrize(
    ("language", "first"),
    [("en", None), ("", None), ("en-US", False), ("en_us", False), ("en-GB", True), ("es", True)],
)
def test_the_order_of_day_and_month_follows_the_pages_language(
    language: str, first: bool | None
) -> None:
    assert htmldate_guess.day_first(language) is first


def test_a_day_htmldate_read_in_a_guessed_order_is_no_date() -> None:
    """Regression: an English page printing only 'Post time: 01-04-2024' (4 January, as
    the site writes) was dated 1 April by htmldate's guess at the order. Our own parser
    reads no such date; htmldate's day stands where the page's language writes it so (1
    April in British English), not in a bare 'en' or in American English."""

    def page(language: str) -> str:
        return (
            f'<html lang="{language}"><head><title>A new scooter</title></head><body><article>'
            "<h1>A new scooter</h1><div>Post time: 01-04-2024</div><p>The scooter folds in "
            "two and weighs eleven kilos.</p></article></body></html>"
        )

    url = "https://example.com/news/new-scooter"
    assert extract_article(page("en"), url=url, fetched_at=FETCHED).published is None
    assert extract_article(page("en-US"), url=url, fetched_at=FETCHED).published is None
    british = extract_article(page("en-GB"), url=url, fetched_at=FETCHED)
    assert (str(british.published), british.published_source) == ("2024-04-01", "htmldate")
