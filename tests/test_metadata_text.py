"""Text a page states in JSON-LD or meta tags reaches the record decoded: HTML entities
('Food &amp; Drink', 'It&#39;s', twice-escaped '&amp;rsquo;') and escaped markup in a
description are not what the outlet meant, and a researcher filtering by section or
exporting leads should not see them."""

from __future__ import annotations

import json

import pytest

from crawler.extract import extract_article
from crawler.extract.textnorm import decoded_body, decoded_text, unescaped

STORY = " ".join(["The council met on Monday and voted on the new budget for the city."] * 6)


def _page(json_ld: dict[str, object], head: str = "") -> str:
    return (
        "<html><head><title>Budget passes</title>"
        f'<script type="application/ld+json">{json.dumps(json_ld)}</script>{head}</head>'
        f"<body><article><h1>Budget passes</h1><p>{STORY}</p></article></body></html>"
    )


def test_section_tags_lead_and_site_name_are_decoded() -> None:
    """Shapes seen on real pages: WordPress's Yoast graph escapes '&' in articleSection and
    keywords, descriptions carry '&#39;' and '&#x27;', og:site_name an escaped '&amp;'."""
    page = _page(
        {
            "@type": "NewsArticle",
            "headline": "Budget passes",
            "articleSection": "Food &amp; Drink",
            "keywords": ["M&amp;A", "M&A", "One&amp;Only"],
            "description": "It&#39;s time: the council&#x27;s vote &amp; what it means",
        },
        '<meta property="og:site_name" content="Aztec Plumbing &amp;amp; Drains">',
    )
    article = extract_article(page, "https://news.example/2025/05/20/budget.html")
    assert article.section == "Food & Drink"
    assert article.tags == ["M&A", "One&Only"]  # the decoded copy is the same tag
    assert article.lead == "It's time: the council's vote & what it means"
    assert article.site_name == "Aztec Plumbing & Drains"


def test_a_description_with_escaped_markup_keeps_its_words_only() -> None:
    page = _page(
        {
            "@type": "NewsArticle",
            "headline": "Budget passes",
            "description": "Order a &lt;a href=&quot;https://shop.example/herb&quot;&gt;Herb"
            " Kit&lt;/a&gt; today",
        }
    )
    assert extract_article(page, "https://news.example/a.html").lead == "Order a Herb Kit today"


def test_a_meta_value_cut_by_an_unescaped_quote_is_not_read() -> None:
    """WordPress themes that write a headline with quotes into an attribute unescaped:
    the parser ends the value at the first inner quote and reads the rest as attributes.
    The fragment is neither the headline nor the description."""
    page = (
        "<html><head>"
        '<meta itemprop="headline" content="Outdated Nutrition "Facts" Debunked ">'
        '<meta name="description" content="Ten myths, dubbed "superfoods", debunked">'
        '<meta property="og:title" content="Outdated Nutrition &quot;Facts&quot; Debunked'
        ' &mdash; Healthy Meals | Fresh Meal Plans">'
        "</head><body><article><h1>Outdated Nutrition &quot;Facts&quot; Debunked</h1>"
        f"<p>{STORY}</p></article></body></html>"
    )
    article = extract_article(page, "https://meals.example/blog/nutrition-myths")
    assert article.title == 'Outdated Nutrition "Facts" Debunked'
    assert not article.lead.startswith("Ten myths, dubbed")


def test_a_meta_value_with_escaped_quotes_is_read() -> None:
    page = _page(
        {"@type": "NewsArticle", "headline": "Budget passes"},
        '<meta name="description" content="The &quot;budget&quot; passes at last">',
    )
    assert extract_article(page, "https://news.example/a.html").lead == (
        'The "budget" passes at last'
    )


SITE_NAME_ESCAPED = (
    '<meta property="og:site_name" content="Aztec Plumbing &amp;amp; Drains of Phoenix">'
)


def test_a_site_name_stated_escaped_is_taken_off_the_title() -> None:
    """The decoded site name is the one the <title>'s suffix spells (too long a suffix for
    the rule that drops any short last part)."""
    page = (
        "<html><head><title>Fix a leaking tap - Aztec Plumbing & Drains of Phoenix</title>"
        f"{SITE_NAME_ESCAPED}</head><body><p>{STORY}</p></body></html>"
    )
    assert extract_article(page, "https://aztec.example/tap").title == "Fix a leaking tap"


def test_a_site_name_stated_escaped_is_no_author() -> None:
    """The outlet as meta author gives way to the byline's reporter once its name is
    decoded."""
    page = (
        "<html><head><title>Fix a leaking tap</title>"
        f'{SITE_NAME_ESCAPED}<meta name="author" content="Aztec Plumbing & Drains of Phoenix">'
        '</head><body><article><h1>Fix a leaking tap</h1><p class="byline">By Jane Doe</p>'
        f"<p>{STORY}</p></article></body></html>"
    )
    assert extract_article(page, "https://aztec.example/tap").authors == ["Jane Doe"]


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("Food &amp; Drink", "Food & Drink"),
        ("aren&amp;rsquo;t", "aren\u2019t"),  # escaped twice
        ("AT&T and R&D", "AT&T and R&D"),  # a bare '&' is text
        ("5 &lt; 6", "5 < 6"),  # a '<' that opens no tag stays
        ("a&nbsp;b", "a b"),
    ],
)
def test_unescaped_and_decoded_text(raw: str, text: str) -> None:
    assert decoded_text(raw) == text


def test_entities_are_decoded_twice_at_most() -> None:
    assert unescaped("&amp;amp;amp;") == "&amp;"


def test_a_structured_body_keeps_its_paragraphs_when_decoded() -> None:
    raw = (
        "&lt;p&gt;First&nbsp;part with &lt;em&gt;stress&lt;/em&gt;.&lt;/p&gt;"
        "&lt;p&gt;Second.&lt;/p&gt;"
    )
    assert decoded_body(raw) == "First part with stress.\n\nSecond."


@pytest.mark.parametrize(
    ("head", "tags"),
    [
        # JSON-LD keywords as a list whose item is itself a list (Time's pages)
        ("", ["nation", "u.s.", "crack", "earthquake", "Washington"]),
        # several article:tag tags, one holding a semicolon list (Reuters)
        (
            '<meta property="article:tag" content="US;USA;FED">'
            '<meta property="article:tag" content="Central Banks">',
            ["US", "USA", "FED", "Central Banks"],
        ),
        # one keywords tag written as a bracketed list
        (
            '<meta name="keywords" content="[blog coverage,startups]">',
            ["blog coverage", "startups"],
        ),
        # one of several tags with a comma is one tag: NYT's 'Last, First' and topics
        (
            '<meta property="article:tag" content="Musk, Elon">'
            '<meta property="article:tag" content="Mergers, Acquisitions and Divestitures">'
            '<meta property="article:tag" content="iPad Pro 11&quot;">',
            ["Musk, Elon", "Mergers, Acquisitions and Divestitures", 'iPad Pro 11"'],
        ),
    ],
    ids=["json-ld-list-item", "article-tags", "bracketed-keywords", "names-stay-whole"],
)
def test_a_tag_holding_a_list_is_split(head: str, tags: list[str]) -> None:
    """Each tag is one keyword, so that 'tags:earthquake' finds the story."""
    data: dict[str, object] = {"@type": "NewsArticle", "headline": "Budget passes"}
    if not head:
        data["keywords"] = ["nation, u.s., crack, earthquake", "Washington"]
    article = extract_article(_page(data, head), "https://news.example/a.html")
    assert article.tags == tags
