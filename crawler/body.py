"""The article body: site selectors, then JSON-LD articleBody, then the generic extractor."""

from __future__ import annotations

import copy
import logging

from lxml import html as lxml_html

from crawler.textnorm import clean_body, word_count

logger = logging.getLogger(__name__)

# Blocks that sit next to the story but are not part of it.  trafilatura removes many of these
# already; naming them here also catches "related headlines" lists with dates, which it keeps.
_BOILERPLATE = (
    "related",
    "recommend",
    "more-stories",
    "morestories",
    "read-more",
    "readmore",
    "also-read",
    "share",
    "social",
    "newsletter",
    "subscribe",
    "comment",
    "promo",
    "advert",
    "sponsor",
    "trending",
    "most-read",
    "mostread",
    "popular",
    "breadcrumb",
    "tags",
    "author-bio",
)
PRUNE_XPATH = [
    "//*["
    + " or ".join(
        f"contains(concat(' ', translate(@class, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ_', "
        f"'abcdefghijklmnopqrstuvwxyz-'), ' '), '{name}')"
        f" or contains(translate(@id, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ_', "
        f"'abcdefghijklmnopqrstuvwxyz-'), '{name}')"
        for name in _BOILERPLATE
    )
    + "][not(self::body)][not(self::html)][not(self::article)]",
    "//aside",
    "//nav",
    "//footer",
    "//figcaption",
    "//form",
]
MIN_JSON_LD_WORDS = 40


def body_from_json_ld(article_body: str, generic: str) -> bool:
    """Whether JSON-LD articleBody is plausible: long enough and not far shorter than the page's."""
    words = word_count(article_body)
    return words >= MIN_JSON_LD_WORDS and words >= 0.6 * word_count(generic)


def generic_body(tree: lxml_html.HtmlElement, url: str | None) -> str:
    """Body text by trafilatura over a copy of the page with side blocks pruned first."""
    import trafilatura

    pruned = copy.deepcopy(tree)
    for xpath in PRUNE_XPATH:
        for element in pruned.xpath(xpath):
            _drop(element)
    text = trafilatura.extract(
        pruned,
        url=url,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        deduplicate=False,
        with_metadata=False,
    )
    if not text:
        text = trafilatura.extract(
            tree, url=url, include_comments=False, include_tables=False, favor_recall=True
        )
    return clean_body(text or "")


def paragraphs_of(elements: list[lxml_html.HtmlElement]) -> str:
    """Body text of selected elements: one paragraph per block element, in document order."""
    blocks: list[str] = []
    for element in elements:
        paragraphs = element.xpath(".//p|.//h2|.//h3|.//li|.//blockquote")
        if paragraphs:
            blocks.extend(p.text_content() for p in paragraphs)
        else:
            blocks.append(element.text_content())
    return clean_body("\n".join(blocks))


def _drop(element: lxml_html.HtmlElement) -> None:
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)
