"""JSON-LD scripts read as search engines read them: comments, trailing commas, several values."""

from __future__ import annotations

from crawler.extract import extract_article
from crawler.extract.json_ld import MAX_VALUES, json_ld_values


def test_line_and_block_comments_and_trailing_commas_are_forgiven() -> None:
    text = (
        '{"@type": "NewsArticle",\n\t//"interactionCount": "", // 文章互動數\n'
        '"url": "https://news.example/a//b", /* the page */ "keywords": ["a", "b",],}'
    )
    assert json_ld_values(text) == [
        {"@type": "NewsArticle", "url": "https://news.example/a//b", "keywords": ["a", "b"]}
    ]


def test_a_comment_marker_inside_a_string_is_text() -> None:
    text = '{"headline": "C /* not */ D", "x": 1,}'
    assert json_ld_values(text) == [{"headline": "C /* not */ D", "x": 1}]


def test_values_after_the_first_are_read_until_something_else() -> None:
    assert json_ld_values('{"a": 1},\n{"b": 2};{"c": 3}') == [{"a": 1}, {"b": 2}, {"c": 3}]
    assert json_ld_values('{"a": 1}}  {"b": 2}') == [{"a": 1}]  # a stray brace ends it


def test_a_wrapped_script_and_an_unreadable_one() -> None:
    assert json_ld_values('//<![CDATA[\n{"a": 1}\n//]]>') == [{"a": 1}]
    assert json_ld_values('{"width": , "height": }') == []
    assert json_ld_values("  ") == []


def test_values_read_from_one_script_are_bounded() -> None:
    assert len(json_ld_values("{}," * (MAX_VALUES + 5))) == MAX_VALUES


def test_an_article_whose_json_ld_holds_a_comment_gives_its_dates_and_author() -> None:
    """money.udn.com's shape: a commented-out property inside the NewsArticle."""
    script = (
        '{"@context": "https://schema.org", "@type": "NewsArticle",\n'
        '\t"headline": "索尼、鎧俠業績遭波及",\n'
        '\t//"interactionCount": "", // 文章互動數\n'
        '\t"datePublished": "2020-10-04T15:05:21+08:00",\n'
        '\t"dateModified": "2020-10-04T15:12:21+08:00",\n'
        '\t"author": {"@type": "Person", "name": "記者林宸誼／即時報導"}\n}'
    )
    sentence = "索尼與鎧俠的業績受到波及，已向美國申請供貨。"
    body = "".join(f"<p>第{n}段，{sentence}</p>" for n in range(8))
    html = (
        f'<html><head><script type="application/ld+json">{script}</script></head>'
        f"<body><h1>索尼、鎧俠業績遭波及</h1><article>{body}</article></body></html>"
    )
    article = extract_article(html, "https://money.udn.com/money/story/5603/4909425")
    assert (article.modified_raw, article.modified_source) == (
        "2020-10-04T15:12:21+08:00",
        "json-ld",
    )
    assert article.authors == ["林宸誼"]
