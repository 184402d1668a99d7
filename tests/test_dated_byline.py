"""Bylines of last resort: a name beside the date under the headline, an author box's name."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from crawler.extract import extract_article
from crawler.extract.bylines import byline_names, dated_name

STORY = "<p>" + " ".join(["The story runs on for a good while here."] * 6) + "</p>"


def _page(header: str, before: str = "", after: str = STORY) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(
        f"<html><body>{before}<article><h1>A headline of the story</h1>{header}{after}"
        "</article></body></html>"
    )


@pytest.mark.parametrize(
    ("header", "name"),
    [
        # WunderGraph's blog (WCXB held out): the name, the day, the reading time.
        (
            '<div><div><p class="text-sm">Jens Neuse</p><p>2026-01-14 · 6 min read</p></div></div>',
            "Jens Neuse",
        ),
        # UX Pilot's blog: 'Created on' before the day.
        ("<div><p>Horea Matei</p><span>Created on Jul 11, 2025</span></div>", "Horea Matei"),
        # Yahoo's syndicated stories: the provider beside the day.
        (
            '<div><span class="provider-name">Fox Nation</span> • October 3, 2016</div>',
            "Fox Nation",
        ),
        # Anadolu Ajansı: a separator after the name, in its element
        (
            "<div><span>Sehernur Karsu |</span> 05.04.2025 - Güncelleme : 05.04.2025</div>",
            "Sehernur Karsu",
        ),
        # Anadolu Ajansı without its metadata: the update after the day is words enough.
        (
            "<div><div><span>Fatma Sevinç Çetin</span></div>20 Nisan 2026 • Güncelleme: "
            "20 Nisan 2026</div>",
            "Fatma Sevinç Çetin",
        ),
    ],
)
def test_a_name_beside_the_date_under_the_headline_is_the_byline(header: str, name: str) -> None:
    assert byline_names(_page(header)) == [name]


@pytest.mark.parametrize(
    "header",
    [
        # a section's link beside the date (WCXB: 'Dec 26, 2025 • Mahua Das in Project
        # Management', the name itself unmarked)
        '<div><a href="/blog/project-management">Project Management</a> · Dec 26, 2025</div>',
        '<div><span><a href="/nk/nk">North Korea</a></span> 09:31 August 20, 2019</div>',
        # labels of the date
        "<div><p>Posted On</p><p>Jan 13, 2025</p></div>",
        "<div><strong>Filed Under:</strong> September 16, 2020</div>",
        # a teaser's headline beside its date, a forum's member card
        "<div><span>Share Article</span> January 23, 2025 Solar installation in four steps "
        "for homeowners</div>",
        # no date beside the name
        "<div><p>Jens Neuse</p><p>6 min read</p></div>",
        # in a figure's caption
        "<figure><figcaption><span>Anna Smith</span> May 5, 2025</figcaption></figure>",
    ],
)
def test_no_byline_from_a_link_a_label_a_longer_block_or_without_a_date(header: str) -> None:
    assert dated_name(_page(header)) == []


def test_only_names_under_the_headline_and_before_the_story_count() -> None:
    dated = "<div><span>Jane Roe</span> May 5, 2025</div>"
    assert dated_name(_page("", before=dated)) == []  # above the headline: a sidebar's
    assert dated_name(_page("", after=STORY + dated)) == []  # after the story started
    assert dated_name(_page(dated)) == ["Jane Roe"]


def test_labelled_bylines_come_first() -> None:
    header = "<div><span>Jane Roe</span> May 5, 2025</div><p>By John Doe</p>"
    assert byline_names(_page(header)) == ["John Doe"]


def test_extraction_names_the_dated_author_and_no_press_release_label() -> None:
    html = (
        "<html><head><title>A headline of the story</title></head><body><article>"
        "<h1>A headline of the story</h1>{}" + STORY + "</article></body></html>"
    )
    dated = extract_article(
        html.format("<div><p>Horea Matei</p><p>Created on Jul 11, 2025</p></div>")
    )
    assert list(dated.authors) == ["Horea Matei"]
    assert dated.authors_source == "byline"
    label = extract_article(
        html.format("<div><strong>Press Release</strong> · December 15 2025</div>")
    )
    assert list(label.authors) == []


BIO_BOX = (
    '<div class="blog_author-text"><div class="name">{name}</div><p>{bio} is a software '
    "developer specializing in audio and game development, with a wide array of projects "
    "from audio plugins to games and virtual reality experiences.</p></div>"
)


@pytest.mark.parametrize(
    ("name", "bio", "expected"),
    [
        # WCXB: an author box too long for a byline, whose bio names the person again
        ("Bence Kovács", "Bence", ["Bence Kovács"]),
        ("About Jordie van Rijn", "Jordie van Rijn", ["Jordie van Rijn"]),
        ("Meet Wes Bos", "Wes Bos", ["Wes Bos"]),
        # a box that opens with anything else names no one (bioRxiv's 'New Results')
        ("New Results", "The preprint", []),
        ("Read the full story", "Anna Smith", []),
    ],
)
def test_an_author_box_names_the_person_its_bio_names_again(
    name: str, bio: str, expected: list[str]
) -> None:
    box = BIO_BOX.format(name=name, bio=bio)
    html = f"<html><body><article><h1>A headline</h1>{STORY}{box}</article></body></html>"
    assert list(extract_article(html).authors) == expected


@pytest.mark.parametrize(
    "opening",
    [
        "<p>Written for our readers by the team.</p>",  # a first leaf that is no name
        "Written for our readers by the team.",  # the box's own text before its first leaf
    ],
)
def test_an_author_box_must_open_with_the_name(opening: str) -> None:
    box = (
        f'<div class="author-box">{opening}<div>Anna Smith</div><p>Anna Smith is a reporter '
        "covering science and the environment for many years now, in print and online.</p>"
        "</div>"
    )
    html = f"<html><body><article><h1>A headline</h1>{STORY}{box}</article></body></html>"
    assert list(extract_article(html).authors) == []
