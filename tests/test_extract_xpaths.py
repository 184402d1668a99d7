"""The attribute-walking XPaths select what the per-element forms they replaced selected."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from crawler.extract.body import _COMMENT_CANDIDATES
from crawler.extract.comments import in_comments
from crawler.extract.metadata import PageMetadata, _read_document
from crawler.extract.published import MAX_TIME_ELEMENTS, _dated_times

PAGES = sorted((Path(__file__).parent / "pages").glob("*.html"))
# The per-element forms, kept here as the reference the faster ones must agree with.
_COMMENTS_EACH_ELEMENT = etree.XPath(
    "//*[contains(@class, 'omment') or contains(@class, 'oment') or contains(@class, 'OMMENT')"
    " or contains(@id, 'omment') or contains(@id, 'oment') or contains(@id, 'OMMENT')]"
)
TRICKY = """<html class="page-comments" id="top"><head>
<meta itemprop="datePublished" content="2025-01-02T10:00:00Z"><title>T</title></head>
<body class="x"><div id="comments" class="sf_comment"><p class="COMMENTS">a</p></div>
<section id="comentarios"><span itemprop="dateModified" datetime="2025-01-03">3 Jan</span></section>
<div class="no-comments" id="Kommentare"><time itemprop="datePublished">later</time></div>
<p class="commentary">b</p><p data-class="comment">c</p>
<time datetime="2025-01-01">1</time><article><time datetime="2025-01-02">2</time>
<div><time datetime="2025-01-03">3</time></div></article><time>no datetime</time>
<time datetime="2025-01-04">4</time></body></html>"""


def _trees() -> list[lxml_html.HtmlElement]:
    texts = [TRICKY, *(p.read_text(encoding="utf-8") for p in PAGES)]
    return [lxml_html.document_fromstring(text) for text in texts]


@pytest.mark.parametrize("tree", _trees())
def test_comment_candidates_are_the_elements_the_per_element_test_finds(
    tree: lxml_html.HtmlElement,
) -> None:
    assert _COMMENT_CANDIDATES(tree) == _COMMENTS_EACH_ELEMENT(tree)


def test_the_tricky_page_has_candidates_in_document_order() -> None:
    tree = lxml_html.document_fromstring(TRICKY)
    tags = [element.tag for element in _COMMENT_CANDIDATES(tree)]
    assert tags == ["html", "div", "p", "section", "div", "p"]


@pytest.mark.parametrize("tree", _trees())
def test_microdata_dates_are_the_elements_of_that_itemprop(
    tree: lxml_html.HtmlElement,
) -> None:
    found = PageMetadata()
    _read_document(tree, found)
    expected = PageMetadata()
    for prop, field in (("datePublished", "published"), ("dateModified", "modified")):
        for element in tree.xpath(f"//*[@itemprop='{prop}']"):
            if in_comments(element):  # a reader's comment dates no article
                continue
            value = element.get("content") or element.get("datetime")
            expected.offer(field, value, "microdata")
    assert found.get("published") == expected.get("published")
    assert found.get("modified") == expected.get("modified")


def test_the_tricky_page_gives_its_first_microdata_dates() -> None:
    found = PageMetadata()
    _read_document(lxml_html.document_fromstring(TRICKY), found)
    assert found.get("published") == ("2025-01-02T10:00:00Z", "microdata")
    # Its one dateModified stands in a comments section ('comentarios'): no article's date.
    assert found.get("modified") == ("", "")


@pytest.mark.parametrize("tree", _trees())
def test_dated_times_are_the_union_the_candidates_were_read_from(
    tree: lxml_html.HtmlElement,
) -> None:
    union = tree.xpath("//article//time[@datetime] | //time[@datetime]")[:MAX_TIME_ELEMENTS]
    assert _dated_times(tree) == union


def test_the_tricky_page_gives_its_dated_times_in_document_order() -> None:
    tree = lxml_html.document_fromstring(TRICKY)
    dates = [element.get("datetime") for element in _dated_times(tree)]
    assert dates == ["2025-01-01", "2025-01-02", "2025-01-03", "2025-01-04"]
