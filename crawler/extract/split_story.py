"""A story cut into several same-class containers (by ads) joined into its first one."""

from __future__ import annotations

import itertools
import re

from lxml import html as lxml_html

# Class names of a story's main container (those trafilatura looks for first).
_CONTENT_CLASS = re.compile(
    r"post[-_]text|post-body|post-?entry|post[-_]?content|postContent|article-?text|articleText|"
    r"(entry|page|text|article|art)-content|article__content|article(-|__)?body|articleBody|"
    r"ArticleContent|body-text|article__container"
)
_CONTENT_HINT = re.compile("ody|ont|ext|ost")  # in every name above: a cheap first test
_CLEANED_AWAY = frozenset({"aside", "nav", "footer", "form"})


# Words of text between two parts of one story: an ad, a sign-up box or a "Read more" line
# holds fewer; more is content of its own (a product's card, an answer, another post).
MAX_GAP_WORDS = 150


def merge_split_story(tree: lxml_html.HtmlElement) -> None:
    """Join a story split into several same-class containers (cut by ads) into the first one.

    The generic extractor reads only the first story container; the others must be of the
    same kind, not inside it, and no new headline (h1) or <article> may start between them.
    The join stops at the first gap of more than MAX_GAP_WORDS words of text: past it, the
    containers hold parts of a page of many items (a buyer's guide's notes between its
    product cards, a question's answers), which joined would leave out the items between.
    """
    containers = [
        e
        for e in tree.iter("div", "article", "main", "section")
        if (names := e.get("class"))
        and _CONTENT_HINT.search(names)
        and _CONTENT_CLASS.search(names)
    ]
    if len(containers) < 2 or any(a.tag in _CLEANED_AWAY for a in containers[0].iterancestors()):
        return
    first = containers[0]
    kind, story = _content_kind(first), _enclosing_article(first)
    headlines_after = first.xpath("count(following::h1)")
    parts = [
        later
        for later in containers[1:]
        if _content_kind(later) == kind
        and first not in later.iterancestors()
        and _enclosing_article(later) is story
        and later.xpath("count(following::h1)") == headlines_after
    ]
    if not parts:
        return
    gaps = _gaps(tree, [first, *parts])
    for later, gap in zip(parts, gaps, strict=True):
        if gap > MAX_GAP_WORDS:
            break
        _move_children(later, first)


def _gaps(tree: lxml_html.HtmlElement, parts: list[lxml_html.HtmlElement]) -> list[int]:
    """The words of text between each part and the next, in document order, counted before
    any part is moved (a moved part's children would then lie in the gap). The page's
    elements are listed once; each gap reads only the elements between its two parts."""
    elements = list(tree.iter())
    position = {element: index for index, element in enumerate(elements)}
    gaps = []
    for earlier, later in itertools.pairwise(parts):
        holding_later = set(later.iterancestors())
        words = _words(earlier.tail)
        for ancestor in earlier.iterancestors():  # the text after the blocks it closes
            if ancestor in holding_later:
                break
            words += _words(ancestor.tail)
        last = position[next(reversed(list(earlier.iter())))]
        for element in elements[last + 1 : position[later]]:
            if isinstance(element.tag, str) and element.tag not in _NOT_TEXT:
                words += _words(element.text)
            if element not in holding_later:
                words += _words(element.tail)
        gaps.append(words)
    return gaps


_NOT_TEXT = frozenset({"script", "style", "template", "noscript"})


def _words(text: str | None) -> int:
    return len(text.split()) if text else 0


def _content_kind(element: lxml_html.HtmlElement) -> tuple[str, frozenset[str]] | None:
    """The tag and story-container class names of an element, None if it has none."""
    tokens = frozenset(t for t in element.get("class", "").split() if _CONTENT_CLASS.search(t))
    return (element.tag, tokens) if tokens else None


def _enclosing_article(element: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    return next(element.iterancestors("article"), None)


def _move_children(source: lxml_html.HtmlElement, target: lxml_html.HtmlElement) -> None:
    """Append the source's text and children to the target, leaving the source empty."""
    if source.text and source.text.strip():
        holder = lxml_html.Element("p")
        holder.text = source.text
        target.append(holder)
    source.text = None
    for child in list(source):
        target.append(child)
