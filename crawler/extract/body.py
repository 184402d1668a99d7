"""The article body: site selectors, then the generic extractor, with JSON-LD as a safety net."""

from __future__ import annotations

import functools
import json
import logging
import re
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from crawler.extract.body_cleanup import trim_boilerplate
from crawler.extract.comments import named_comments
from crawler.extract.language import is_dense_script
from crawler.extract.overlays import named_overlay
from crawler.extract.page_tree import parse_page
from crawler.extract.split_story import merge_split_story
from crawler.extract.textnorm import clean_body, word_count

logger = logging.getLogger(__name__)

MIN_LINK_LIST_ITEMS = 3
MIN_FAST_WORDS = 150
MIN_FAST_CJK_CHARS = 400  # word_count counts each CJK character
MIN_EXTRACTED_CJK_CHARS = 80
LINK_SHARE_OF_ITEM = 0.5
# Next.js app-router pages stream the server-rendered page as JSON string chunks.
_NEXT_FLIGHT_CHUNK = re.compile(r'self\.__next_f\.push\(\[1,("(?:[^"\\]|\\.)*")\]\)')
MIN_FLIGHT_PARAGRAPHS = 2


def body_from_json_ld(article_body: str, generic: str) -> bool:
    """Whether to prefer JSON-LD articleBody: the generic extractor found far less text.

    Measured on real pages, articleBody is often a teaser or holds captions and ads, so it
    only wins when the generic extractor plainly failed on the page.
    """
    words = word_count(article_body)
    return words >= 40 and word_count(generic) < 0.5 * words


def generic_body(
    tree: lxml_html.HtmlElement,
    url: str | None,
    title: str,
    html: str,
    headlines: tuple[str, ...] = (),
) -> str:
    """Body by trafilatura over the page tree (consumed) after link lists are removed.

    The fast pass runs in trafilatura's recall mode, which keeps a story's lists and text in
    table cells that its default mode drops, with the teasers of other stories its default
    mode removes (`drop_teasers`) removed first: on WCXB's 2025-26 pages the body F1 rose
    0.930 > 0.937 (held-out split 0.955 > 0.961), the peer pages' 0.943 > 0.944, and the AEB
    lost 0.001 (datelines, a standfirst, a footer and a wire slug kept on six of its pages).

    `headlines` are the page's printed headlines (its h1s) beside the chosen `title`: a body
    that opens with one of them opens with the headline, whichever the title is."""
    import trafilatura

    _prepare(tree, html)
    dense = is_dense_script(title)
    drop_teasers(tree)
    page_words = _prose_words(tree)
    text = trafilatura.extract(
        tree,
        url=url,
        fast=True,
        favor_recall=True,
        include_comments=False,
        deduplicate=False,
        config=_config(dense),
    )
    body = _trimmed(text, title, headlines)
    little = _little(body, dense)
    if not little and _fragment(body, page_words):
        # The fast pass kept one block of a long story: the full pass compares its result
        # with its fallback extractors and keeps the story when they find far more.
        full_body = _full_pass(html, url, title, dense, headlines)
        if word_count(full_body) > FRAGMENT_GAIN * word_count(body):
            body = full_body
    elif little or _mostly_menu(body):
        # The fast pass found little, or kept a menu: the full pass (with its fallback
        # extractors) often recovers the story on pages the fast one misreads.
        full_body = _full_pass(html, url, title, dense, headlines)
        if word_count(full_body) > word_count(body) if little else _cleaner(full_body, body):
            body = full_body
    if _little(body, dense):
        flight = _next_flight_body(html, url, title, dense, headlines)
        if word_count(flight) > word_count(body):
            body = flight
    return body


MIN_STORY_PAGE_WORDS = 600
FRAGMENT_SHARE = 0.25
FRAGMENT_GAIN = 1.5
MIN_PROSE_WORDS = 4


def _prose_words(tree: lxml_html.HtmlElement) -> int:
    """The words in the page's paragraphs of four words or more: a page padded with thousands
    of one-word paragraphs has none to speak of (nor a costly full pass to run). Text written
    straight into a block between its headings or paragraphs, without <p>, counts too
    ('<div class="entry-content">Small and medium businesses ... <h2>Choosing</h2> On the one
    hand ...'), run by run."""
    counts = [word_count(paragraph.text_content()) for paragraph in tree.iter("p")]
    counts += [word_count(text) for text in _loose_texts(tree)]
    return sum(count for count in counts if count >= MIN_PROSE_WORDS)


_LOOSE_TEXT_BLOCKS = ("div", "td", "article", "section", "main")
# A block's own text counts where it stands between such children: a story's. A block of
# text alone is a carousel's slide, a listing's item or a sidebar's notice as often as a
# paragraph (sonline.hu's obituaries in 'swiper-slide' divs beside a story).
_STORY_BLOCKS = frozenset({"h2", "h3", "h4", "p", "ul", "ol", "blockquote", "table", "div"})


def _loose_texts(tree: lxml_html.HtmlElement) -> list[str]:
    """The runs of text written straight into a block among headings, paragraphs or blocks."""
    texts = []
    for block in tree.iter(*_LOOSE_TEXT_BLOCKS):
        if any(child.tag in _STORY_BLOCKS for child in block):
            texts.append(block.text or "")
            texts.extend(child.tail or "" for child in block)
    return [text for text in texts if text.strip()]


def _fragment(body: str, page_words: int) -> bool:
    """The body holds a small part (a quarter at most) of the words in the page's paragraphs,
    on a page that has a long story's worth (600 words or more): the fast pass took one
    block of it (a price guide's introduction, a review's first section)."""
    return page_words >= MIN_STORY_PAGE_WORDS and word_count(body) < FRAGMENT_SHARE * page_words


def _little(body: str, dense: bool) -> bool:
    """Fewer words than a story has (CJK text counted in characters)."""
    return word_count(body) < (MIN_FAST_CJK_CHARS if dense else MIN_FAST_WORDS)


def _full_pass(
    html: str, url: str | None, title: str, dense: bool, headlines: tuple[str, ...]
) -> str:
    """The generic extractor's full pass (its fallback extractors included) over a fresh tree."""
    import trafilatura

    from crawler.extract.stoplist import use_compact_stoplists

    use_compact_stoplists()  # the full pass may fall back to justext
    fresh = parse_page(html)
    if fresh is None:
        return ""
    _prepare(fresh, html)
    full = trafilatura.extract(
        fresh, url=url, include_comments=False, deduplicate=False, config=_config(dense)
    )
    return _trimmed(full, title, headlines)


MENU_LINE_WORDS = 4
MENU_SHARE = 0.5
MIN_CLEANER_WORDS = 50
CLEANER_INSIDE_SHARE = 0.9


def _mostly_menu(body: str) -> bool:
    """Most of the body's lines are a few words each: a menu's entries, not paragraphs."""
    lines = [line for line in body.split("\n") if line.strip()]
    short = sum(1 for line in lines if len(line.split()) < MENU_LINE_WORDS)
    return bool(lines) and short > MENU_SHARE * len(lines)


def _cleaner(full: str, fast: str) -> bool:
    """The full pass kept the fast one's story without its menu: a part of it, long enough."""
    lines = [line.strip() for line in full.split("\n") if line.strip()]
    if word_count(full) < MIN_CLEANER_WORDS or word_count(full) >= word_count(fast):
        return False
    kept = " ".join(fast.split())
    inside = sum(len(line) for line in lines if " ".join(line.split()) in kept)
    return inside >= CLEANER_INSIDE_SHARE * sum(len(line) for line in lines)


def _next_flight_body(
    html: str, url: str | None, title: str, dense: bool, headlines: tuple[str, ...]
) -> str:
    """Body from the HTML a Next.js page streams in script chunks instead of its markup."""
    import trafilatura

    fragment = next_flight_html(html)
    if not fragment:
        return ""
    text = trafilatura.extract(
        f"<html><body><article>{fragment}</article></body></html>",
        url=url,
        fast=True,
        include_comments=False,
        deduplicate=False,
        config=_config(dense),
    )
    return _trimmed(text, title, headlines)


def next_flight_html(html: str) -> str:
    """The HTML fragments (two paragraphs or more) among a Next.js page's streamed chunks."""
    if "self.__next_f.push" not in html:
        return ""
    fragments: list[str] = []
    for chunk in _NEXT_FLIGHT_CHUNK.findall(html):
        try:
            text = json.loads(chunk)
        except ValueError:
            continue
        if text.lstrip().startswith("<") and text.count("<p") >= MIN_FLIGHT_PARAGRAPHS:
            fragments.append(text)
    return "\n".join(fragments)


# Blocks a page names teasers ('teaser' or 'Teaser' in a class or id, with a link), as
# trafilatura's default mode finds them. Walking the class and id attributes, then up to
# their elements, takes 0.6 ms a page against 1.0 for an XPath testing every block.
_TEASER_CANDIDATES = etree.XPath("(//@class | //@id)[contains(., 'easer')]/..")
_TEASER_TAGS = frozenset({"div", "p", "section", "span"})


def _teasers(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """The page's blocks named teasers that hold a link, in document order."""
    return [
        element
        for element in _TEASER_CANDIDATES(tree)
        if element.tag in _TEASER_TAGS
        and any("teaser" in (element.get(name) or "").replace("T", "t") for name in ("class", "id"))
        and element.find(".//a[@href]") is not None
    ]


# Another story's teaser links its headline; a lead links a word or two (Golem: 0.1 of it).
TEASER_LINK_SHARE = 0.15


def drop_teasers(tree: lxml_html.HtmlElement) -> None:
    """Remove the blocks whose class or id names them teasers of other stories, a share of
    whose text links elsewhere: trafilatura's recall mode, which the fast pass runs in, keeps
    them. A teaser with little or no link text is the story's own lead (Golem's 'teaser' with
    a word linked, Spiegel's 'spIntroTeaser')."""
    for teaser in _teasers(tree):
        if teaser.getparent() is None:
            continue
        text = len(teaser.text_content().strip())
        linked = sum(len(a.text_content().strip()) for a in teaser.iter("a"))
        if text and linked >= TEASER_LINK_SHARE * text:
            teaser.drop_tree()


def _prepare(tree: lxml_html.HtmlElement, html: str) -> None:
    """The page tree as the generic extractor should see it (both of its passes)."""
    merge_split_story(tree)
    drop_link_lists(tree)
    drop_comment_blocks(tree)
    drop_overlays(tree)
    if "<ruby" in html:
        flatten_ruby(tree)
    if "<section" in html:
        sections_as_paragraphs(tree)


_INLINE_TAGS = frozenset({"span", "strong", "em", "b", "i", "a", "br", "font", "u", "sup", "sub"})


def sections_as_paragraphs(tree: lxml_html.HtmlElement) -> None:
    """A <section> that holds only text and inline markup is a paragraph: WeChat's editors
    write each paragraph of a story as one ('<section style=...>大家好，我是...</section>'),
    which the generic extractor skips, keeping the <p>s between them only."""
    for section in tree.iter("section"):
        if all(child.tag in _INLINE_TAGS for child in section) and section.text_content().strip():
            section.tag = "p"


# A cheap first cut in XPath ('omment' / 'oment', either case), checked by named_comments after.
# Walking the class and id attributes (then up to their elements, in document order) takes
# half the time of testing both attributes on every element, for the same elements.
_COMMENT_CANDIDATES = etree.XPath(
    "(//@class | //@id)[contains(., 'omment') or contains(., 'oment') or contains(., 'OMMENT')]/.."
)


def drop_comment_blocks(tree: lxml_html.HtmlElement) -> None:
    """Remove readers' comments marked by their class or id: the generic extractor's fast
    pass kept blocks named 'sf_comment' or 'comentarios' after the story."""
    marked = [
        e
        for e in _COMMENT_CANDIDATES(tree)
        if named_comments(e)
        and next(e.iterancestors("pre", "code"), None) is None  # a program's '// comment'
    ]
    for element in marked:
        if element.getparent() is not None:
            element.drop_tree()  # keeps the text after it


# A cheap first cut, checked by named_overlay after. Each contains() costs a pass over every
# class and id (ten took 1.7 ms a page on the dev set, four 1.1 ms): a lightbox, a pop-up
# dialog or GDPR banner is nearly always also named 'modal', 'popup', 'cookie' or 'consent'.
_OVERLAY_CANDIDATES = etree.XPath(
    "(//@class | //@id)[contains(., 'odal') or contains(., 'opup') or contains(., 'ookie')"
    " or contains(., 'onsent')]/.."
)


# Blocks only: a link or a span named 'popup' opens one (a glossary's word in a sentence).
_OVERLAY_TAGS = frozenset({"div", "section", "aside", "dialog", "form"})


def drop_overlays(tree: lxml_html.HtmlElement) -> None:
    """Remove modals, pop-ups and cookie banners marked by their class or id: the generic
    extractor kept a consent plugin's cookie descriptions as the story's last paragraphs."""
    marked = [
        e
        for e in _OVERLAY_CANDIDATES(tree)
        if e.tag in _OVERLAY_TAGS and named_overlay(e) and e.find(".//h1") is None
    ]
    for element in marked:
        if element.getparent() is not None:
            element.drop_tree()


def flatten_ruby(tree: lxml_html.HtmlElement) -> None:
    """Write ruby annotations inline, 'base（reading）', as browsers without ruby show them.

    The generic extractor otherwise splits the sentence around the annotated word and drops
    its reading.
    """
    etree.strip_tags(tree, "ruby", "rb", "rt", "rp", "rtc")


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


def _trimmed(text: str | None, title: str, headlines: tuple[str, ...] = ()) -> str:
    lines = [line for line in (text or "").split("\n") if line.strip()]
    return clean_body("\n".join(trim_boilerplate(lines, title, headlines)))


def drop_link_lists(tree: lxml_html.HtmlElement) -> None:
    """Remove lists whose every item is mostly a link: related headlines, not the story."""
    for element in list(tree.iter("ul", "ol")):
        if element.getparent() is not None and _is_link_list(element):
            _drop(element)


def _is_link_list(element: lxml_html.HtmlElement) -> bool:
    """Every item is mostly a link, and so is the list as a whole: a menu left unclosed
    holds the rest of the page ('<ul><li><a>Terms</a></li>..<main>the story</main>'), which
    the parser puts in the list beside its items."""
    items = [child for child in element if child.tag == "li"]
    if len(items) < MIN_LINK_LIST_ITEMS:
        return False
    all_linked = 0
    for item in items:
        text = " ".join(item.text_content().split())
        linked = sum(len(" ".join(a.text_content().split())) for a in item.iter("a"))
        if not text or linked < LINK_SHARE_OF_ITEM * len(text):
            return False
        all_linked += linked
    if len(items) == len(element):
        return True  # the items are all the list holds (save its own text, rarely any)
    return all_linked >= LINK_SHARE_OF_ITEM * len(" ".join(element.text_content().split()))


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
