"""Dates that belong to other stories, not to the article: lists of teasers above it and 'more
news' under it (each item carries a date of its own), and a single related story's card."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html

from crawler.extract.textnorm import url_key

MIN_DATED_SIBLINGS = 2
MAX_SIBLINGS_CHECKED = 8


def in_dated_list(
    element: lxml_html.HtmlElement, has_date: Callable[[lxml_html.HtmlElement], bool]
) -> bool:
    """Whether a dated element is one item of a list of dated items (the other stories'
    dates in 'more news' under the article): two or more siblings of the element, or of its
    parent, of the same tag have a date (``has_date``) in the same place."""
    parent = element.getparent()
    levels = [(element, ".")]
    if parent is not None:
        levels.append((parent, _same_place(element)))
    for item, place in levels:
        if item.getparent() is None:
            continue
        siblings = [
            *item.itersiblings(item.tag, preceding=True),
            *item.itersiblings(item.tag),
        ][:MAX_SIBLINGS_CHECKED]
        dated = 0
        for sibling in siblings:
            found = sibling.xpath(place)
            dated += bool(found) and has_date(found[0])
            if dated >= MIN_DATED_SIBLINGS:
                return True
    return False


def _same_place(element: lxml_html.HtmlElement) -> str:
    """An XPath from a sibling of the element's parent to the element's counterpart."""
    css = element.get("class")
    if css and '"' not in css:
        return f'.//{element.tag}[@class="{css}"]'
    return f".//{element.tag}"


_LIST_ITEM = etree.XPath("ancestor::li[1]")
_DATED_ITEMS = etree.XPath("../li[.//time[@datetime]]")


def in_time_list(element: lxml_html.HtmlElement, own: frozenset[str], base: str) -> bool:
    """A <time> of one item of a list whose other items have theirs: the teasers of other
    stories ('latest news' above the article), not the article's own date; unless the
    item links to the page itself (the list of latest stories holds this one too)."""
    item = _LIST_ITEM(element)
    if not item or len(_DATED_ITEMS(item[0])) <= MIN_DATED_SIBLINGS:
        return False
    return not any(is_own_link(href, own, base) for href in _LINKS(item[0]))


_LINKS = etree.XPath(".//a/@href", smart_strings=False)
_ARTICLE = etree.XPath("ancestor::article[1]")
_HEADING_TAGS = ("h1", "h2", "h3", "h4")
MAX_CARD_CHARS = 600


def in_other_article(
    element: lxml_html.HtmlElement, headline: lxml_html.HtmlElement | None
) -> bool:
    """Whether a dated element stands in another story's card: a short <article> (600
    characters at most) that does not hold the page's headline and opens with a headline
    of its own ('<article><h1>What is Docs as Code?</h1>..<time>April 14, 2025</time>
    </article>' under 'Recommended posts'). An <article> that holds the body under a
    headline set above it is longer, and its date is the page's."""
    article = _ARTICLE(element)
    if headline is None or not article or article[0] in headline.iterancestors():
        return False
    if _longer_than(article[0], MAX_CARD_CHARS):
        return False
    for node in article[0].iter():
        if node is element:
            return False
        if node.tag in _HEADING_TAGS:
            return element not in node.iterdescendants()
    return False


TEASER_LEVELS = 3
MAX_TEASER_CHARS = 300
MIN_TEASER_HEADLINE_WORDS = 4


def in_story_teaser(element: lxml_html.HtmlElement, own: frozenset[str], base: str) -> bool:
    """Whether a dated element stands in a small block (a few hundred characters at most,
    without the page's <h1>) after the linked headline of another story: a teaser's date
    ('<div class="post-title"><a>The Batman Release Date Delayed Again</a></div><span>October
    5, 2020</span>'). A headline that links to the page itself is the article's."""
    element_and_ups = {element, *element.iterancestors()}
    blocks = itertools.chain([element], itertools.islice(element.iterancestors(), TEASER_LEVELS))
    for block in blocks:
        if _longer_than(block, MAX_TEASER_CHARS):
            return False
        if block.find(".//h1") is not None:
            return False
        for link in block.iter("a"):
            if link in element_and_ups:
                continue  # the date is the link's text ('<a href="/time/..">13 Oct</a>')
            inside = element in link.iterancestors()
            before = _text_after(link, element) if inside else _ends_before(link, element_and_ups)
            if before and _teaser_headline(link, own, base):
                return True
    return False


def _longer_than(block: lxml_html.HtmlElement, limit: int) -> bool:
    """Whether the block's text (spaces aside) is longer than limit, read only that far."""
    length = 0
    for piece in block.itertext():
        length += len("".join(piece.split()))
        if length > limit:
            return True
    return False


def _text_after(link: lxml_html.HtmlElement, element: lxml_html.HtmlElement) -> bool:
    """Whether text follows a link inside the element that holds it (a teaser's date after
    its headline)."""
    node = link
    while node is not element and node is not None:
        if (node.tail or "").strip() or any(
            "".join(sibling.itertext()).strip() for sibling in node.itersiblings()
        ):
            return True
        node = node.getparent()
    return False


def _ends_before(first: lxml_html.HtmlElement, second_and_ups: set[lxml_html.HtmlElement]) -> bool:
    """Whether `first` ends before an element starts in the document, given that element
    with its ancestors (a teaser's headline comes before its date; an article's tags and
    sections come after its dateline). `first` is not inside that element."""
    node: lxml_html.HtmlElement | None = first
    while node is not None and node not in second_and_ups:
        if any(sibling in second_and_ups for sibling in node.itersiblings()):
            return True
        node = node.getparent()
    return False


def _teaser_headline(link: lxml_html.HtmlElement, own: frozenset[str], base: str) -> bool:
    """A link that reads like a headline (words, not a date such as '13 Oct 2020 18:29')
    and leads to another page than this one."""
    words = [word for word in link.text_content().split() if word.isalpha()]
    href = link.get("href") or ""
    return len(words) >= MIN_TEASER_HEADLINE_WORDS and not is_own_link(href, own, base)


def is_own_link(href: str, own: frozenset[str], base: str) -> bool:
    """Whether a link (relative to ``base``) leads to the page itself (``own_addresses``)."""
    try:
        return bool(href) and _address(urljoin(base, href)) in own
    except ValueError:  # 'http://[::1': no address, not the page's
        return False


def own_addresses(url: str, canonical: str) -> frozenset[str]:
    """The page's URL and its canonical URL, as _address compares them."""
    return frozenset(_address(u) for u in (url, canonical) if u)


def _address(url: str) -> str:
    """A URL as the store keys it (``url_key``: tracking parameters and fragment gone, host
    lowercased...), without its scheme and trailing slash: an http link to an https page,
    or '/story' to '/story/', is the same page."""
    return url_key(url).split("://", 1)[-1].rstrip("/")
