"""A story cut into several same-class containers (by ads) joined into its first one."""

from __future__ import annotations

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


def merge_split_story(tree: lxml_html.HtmlElement) -> None:
    """Join a story split into several same-class containers (cut by ads) into the first one.

    The generic extractor reads only the first story container; the others must be of the
    same kind, not inside it, and no new headline (h1) or <article> may start between them.
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
    for later in containers[1:]:
        if (
            _content_kind(later) == kind
            and first not in later.iterancestors()
            and _enclosing_article(later) is story
            and later.xpath("count(following::h1)") == headlines_after
        ):
            _move_children(later, first)


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
