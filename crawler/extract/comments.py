"""Readers' comments, which are neither the story nor its byline, recognised by a word of a
block's class or id."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["in_comments", "named_comments"]

# A class or id word naming readers' comments, in the languages of the sites ('sf_comment',
# 'comentarios', 'kommentare', Movable Type's 'comments-body'); 'comments-open' and
# 'no-comments' name a state, not a block.
_COMMENT_WORD = re.compile(
    r"(?:^|[\s_-])(?:comments?|comentarios?|kommentare?|commentaires?|commenti)(?:$|[\s_-])",
    re.IGNORECASE,
)
_COMMENT_STATE = re.compile(r"comments?[-_](?:open|closed|count|link|number)|no[-_]comments?", re.I)
_NEVER_COMMENTS = frozenset({"html", "body", "article", "main"})


def _class_and_id(element: Any) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}"


def named_comments(element: Any) -> bool:
    """True for a block whose class or id names readers' comments: not a comment state, not
    a page-wide container (html, body, article, main) and not one holding the h1."""
    if element.tag in _NEVER_COMMENTS:
        return False
    names = _class_and_id(element)
    return (
        bool(_COMMENT_WORD.search(names))
        and not _COMMENT_STATE.search(names)
        and element.find(".//h1") is None
    )


# A bar named after the comments among other things ('byline_and_dateline_and_share_and_comments',
# 'nyo-social-comments'): the byline's, with a link to the comments, not the comments.
_BAR_WORD = re.compile(
    r"share|sharing|social|byline|dateline|meta|count|link|button|btn|icon|tool|action|bar",
    re.IGNORECASE,
)


def _names_a_thread(element: Any) -> bool:
    """A comments block (`named_comments`) whose class or id word for comments names no bar."""
    if not named_comments(element):
        return False
    words = _class_and_id(element).split()
    return any(_COMMENT_WORD.search(word) and not _BAR_WORD.search(word) for word in words)


def in_comments(element: Any) -> bool:
    """True for an element that is, or sits inside, a block of readers' comments (not a bar
    that links to them: see `_names_a_thread`)."""
    return _names_a_thread(element) or any(map(_names_a_thread, element.iterancestors()))
