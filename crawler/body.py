"""The article body: site selectors, then the generic extractor, with JSON-LD as a safety net."""

from __future__ import annotations

import functools
import logging
import re
from typing import Any

from lxml import html as lxml_html

from crawler.body_cleanup import trim_boilerplate
from crawler.language import is_dense_script
from crawler.textnorm import clean_body, word_count

logger = logging.getLogger(__name__)

MIN_LINK_LIST_ITEMS = 3
MIN_FAST_WORDS = 150
MIN_FAST_CJK_CHARS = 400  # word_count counts each CJK character
MIN_EXTRACTED_CJK_CHARS = 80
MIN_STANDFIRST_CHARS = 40
_STANDFIRST = re.compile(r"stand-?first|sub-?head|sub-?title|\bdek\b|\bdeck\b|summary", re.I)
LINK_SHARE_OF_ITEM = 0.5


def body_from_json_ld(article_body: str, generic: str) -> bool:
    """Whether to prefer JSON-LD articleBody: the generic extractor found far less text.

    Measured on real pages, articleBody is often a teaser or holds captions and ads, so it
    only wins when the generic extractor plainly failed on the page.
    """
    words = word_count(article_body)
    return words >= 40 and word_count(generic) < 0.5 * words


def generic_body(
    tree: lxml_html.HtmlElement, url: str | None, title: str, lead: str, html: str
) -> str:
    """Body by trafilatura over the page tree (consumed) after link lists are removed."""
    import trafilatura

    _prune(tree, lead)
    dense = is_dense_script(title)
    text = trafilatura.extract(
        tree, url=url, fast=True, include_comments=False, deduplicate=False, config=_config(dense)
    )
    body = _trimmed(text, title, lead)
    if word_count(body) < (MIN_FAST_CJK_CHARS if dense else MIN_FAST_WORDS):
        # The fast pass found little: the full pass (with its fallback extractors) often
        # recovers the story on pages the fast one misreads.
        from trafilatura.utils import load_html

        fresh = load_html(html)
        if fresh is not None:
            _prune(fresh, lead)
            full = trafilatura.extract(
                fresh, url=url, include_comments=False, deduplicate=False, config=_config(dense)
            )
            full_body = _trimmed(full, title, lead)
            if word_count(full_body) > word_count(body):
                body = full_body
    return body


def _prune(tree: lxml_html.HtmlElement, lead: str) -> None:
    drop_link_lists(tree)
    drop_standfirst(tree, lead)


@functools.cache
def _config(dense_script: bool) -> Any:
    """trafilatura's settings; for Chinese, Japanese and Korean a lower floor for a usable
    extraction, since its 250-character default (a character there carries what a word does
    in English) sends most of their stories to its whole-page fallback."""
    from trafilatura.settings import use_config

    config = use_config()
    if dense_script:
        config.set("DEFAULT", "MIN_EXTRACTED_SIZE", str(MIN_EXTRACTED_CJK_CHARS))
    return config


def _trimmed(text: str | None, title: str, lead: str) -> str:
    lines = [line for line in (text or "").split("\n") if line.strip()]
    return clean_body("\n".join(trim_boilerplate(lines, title, lead)))


def drop_standfirst(tree: lxml_html.HtmlElement, lead: str) -> None:
    """Remove the sub-heading that repeats the page description (a 'dek', not the story).

    Only a heading or an element marked as a standfirst goes: a first paragraph that merely
    equals the description is part of the story and stays.
    """
    folded = _fold(lead)
    if len(folded) < MIN_STANDFIRST_CHARS:
        return
    for element in list(tree.iter("h2", "h3", "h4", "div", "p")):
        marked = (element.tag != "p" and element.tag != "div") or _STANDFIRST.search(
            f"{element.get('class', '')} {element.get('id', '')}"
        )
        if marked and element.getparent() is not None and _fold(element.text_content()) == folded:
            _drop(element)


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def drop_link_lists(tree: lxml_html.HtmlElement) -> None:
    """Remove lists whose every item is mostly a link: related headlines, not the story."""
    for element in list(tree.iter("ul", "ol")):
        if element.getparent() is not None and _is_link_list(element):
            _drop(element)


def _is_link_list(element: lxml_html.HtmlElement) -> bool:
    items = [child for child in element if child.tag == "li"]
    if len(items) < MIN_LINK_LIST_ITEMS:
        return False
    for item in items:
        text = " ".join(item.text_content().split())
        linked = sum(len(" ".join(a.text_content().split())) for a in item.iter("a"))
        if not text or linked < LINK_SHARE_OF_ITEM * len(text):
            return False
    return True


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
    """Remove an element but keep its tail text in place."""
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
