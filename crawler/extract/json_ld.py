"""The values of a JSON-LD script as search engines read them: unwrapped from CDATA or comment
markers, several values in one script, and JavaScript comments or trailing commas forgiven."""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["json_ld_values"]

_JSON = json.JSONDecoder(strict=False)
# '<![CDATA[ {...} ]]>' or '<!-- {...} -->' around the JSON, bare or behind '//' and '/* */', as
# templates write it for old XHTML parsers; the JSON inside is what search engines read.
# Matched at the start and on the last few characters only: a search through a long run of
# spaces would be quadratic.
_OPENING = re.compile(r"(?://|/\*)?\s*(?:<!\[CDATA\[|<!--)(?:\s*\*/)?")
_CLOSING = re.compile(r"(?://|/\*)?[ \t]*(?:\]\]>|-->)(?:[ \t]*\*/)?\Z")
_CLOSING_CHARS = 24
# What may part two values in one script: '{...},{...}' (an array without its brackets) or
# '{...};'. Anything that does not read as a value then (a stray closing brace) ends it.
_BETWEEN_VALUES = re.compile(r"[\s,;]*")
# A string (kept whole: its '//' is a URL's), or what JSON does not allow and hand-written
# JSON-LD holds: a '// line' or '/* block */' comment, a comma before a closing bracket.
# An unclosed string or block comment runs to the end, and a string's characters are never
# given back: a hostile script of thousands of '\\"' or '/*' costs one pass, not one each.
_STRING_OR_LAXITY = re.compile(
    r'("(?:[^"\\]|\\.)*+(?:"|\\?\Z))|//[^\n]*|/\*.*?(?:\*/|\Z)|,(?=\s*[}\]])', re.DOTALL
)
MAX_VALUES = 20
"""Values read from one script; a page listing more is no article."""


def json_ld_values(script_text: str) -> list[Any]:
    """The JSON values in a JSON-LD script's text, in order; none when it is unreadable."""
    text = _unwrapped(script_text.strip())
    values: list[Any] = []
    position = 0
    while position < len(text) and len(values) < MAX_VALUES:
        try:
            value, position = _JSON.raw_decode(text, position)
        except (ValueError, RecursionError):  # nesting deeper than the parser goes
            if values or text == (forgiven := _forgiven(text)):
                break
            text, position = forgiven, 0
            continue
        values.append(value)
        between = _BETWEEN_VALUES.match(text, position)
        position = between.end() if between else position
    return values


def _unwrapped(text: str) -> str:
    """The script's text without a CDATA or comment wrapper."""
    opening = _OPENING.match(text)
    if opening is None:
        return text
    tail = len(text) - _CLOSING_CHARS
    closing = _CLOSING.search(text, max(tail, opening.end()))
    return text[opening.end() : closing.start() if closing else len(text)].strip()


def _forgiven(text: str) -> str:
    """The text without JavaScript comments and trailing commas outside its strings."""
    return _STRING_OR_LAXITY.sub(lambda match: match.group(1) or "", text)
