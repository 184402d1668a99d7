"""Blocks shown over a page, never its story (modals, pop-ups, lightboxes, dialogs, cookie and
consent banners), recognised by a word of their class or id."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["named_overlay"]

# CookieLawInfo's 'cli-modal-body' listing 'Necessary cookies are absolutely essential...',
# Jetpack's newsletter 'jetpack-subscribe-modal', 'cookie-consent', Complianz's 'cmplz-'.
_OVERLAY_WORD = re.compile(
    r"(?:^|[\s_-])(?:modal|popup|pop-up|lightbox|dialog|cookies?|cookielawinfo|consent|gdpr|cmplz)"
    r"(?:$|[\s_-])",
    re.IGNORECASE,
)
# WordPress names a post's container after its categories and tags: 'category-cookies' is
# a baking blog's story, 'tag-gdpr' one about the law.
_TAXONOMY = re.compile(r"(?:category|tag|post|topic|section|cat|term|tax|format)-", re.IGNORECASE)


def named_overlay(element: Any) -> bool:
    """True when a word of the element's class or id names an overlay (a taxonomy class
    such as 'category-cookies' does not)."""
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    return any(_OVERLAY_WORD.search(token) for token in names.split() if not _TAXONOMY.match(token))
