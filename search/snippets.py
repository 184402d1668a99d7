"""Snippets: the best ~200-character passage of a body around the query's words, with spans.

The words are found without Whoosh's highlighter (which runs the whole analyzer over every
hit's body, about 8 ms a hit): a regular expression finds the places where an ASCII body
could hold a query word, and only those words are analyzed.  Other bodies (accents, CJK)
are analyzed word by word, each distinct word once.
"""

from __future__ import annotations

import bisect
import functools
import re
import string
import unicodedata
from typing import Any

from whoosh import query as wq
from whoosh.highlight import Fragment

from indexer.analysis import build_analyzer, first_piece, pieces

SNIPPET_CHARS = 200
SURROUND_CHARS = 80
ELLIPSIS = "\u2026"
Span = tuple[int, int]
_WORDISH = re.compile(r"\w")
_WORD_BEFORE = frozenset(string.ascii_letters + string.digits + "_.'")
"""ASCII characters after which no word begins (\\w, '.' and the apostrophe)."""
_MOVING_SPACES = re.compile(r" \s+|[^\S ]\s*")
"""Whitespace runs other than one plain space (``\\s`` in a str pattern is exactly what
str.isspace() accepts)."""
_IRREGULAR = {"sky": "ski", "die": "dy", "lie": "ly", "tie": "ty"}
"""Porter2's exceptional stems that do not begin their word: stem -> the word's beginning."""


@functools.cache
def _analyzer() -> Any:
    return build_analyzer()


@functools.lru_cache(maxsize=100_000)
def term_of(word: str) -> str | None:
    """The index term of one word as the analyzer makes it (None for a stop word)."""
    for token in _analyzer()(word, tokenize=False):
        return str(token.text)
    return None


def query_words(q: Any, reader: Any, fieldname: str) -> frozenset[str]:
    """The terms of ``q`` in ``fieldname`` that are in the index, NOT parts left out."""
    if isinstance(q, wq.Not):
        return frozenset()
    if not q.is_leaf():
        found: set[str] = set()
        for child in q.children():
            found |= query_words(child, reader, fieldname)
        return frozenset(found)
    words = set()
    for name, text in q.existing_terms(reader, phrases=True, expand=True):
        if name == fieldname:
            words.add(text.decode("utf-8") if isinstance(text, bytes) else str(text))
    return frozenset(words)


def match_spans(body: str, words: frozenset[str]) -> list[Span]:
    """[start, end) of every word of the body whose term is one of ``words``."""
    if not words:
        return []
    if body.isascii() and all(word.isascii() for word in words):
        return _ascii_spans(body, words)
    return [(start, end) for text, start, end in pieces(body) if term_of(text) in words]


@functools.lru_cache(maxsize=1024)
def _prefixes(words: frozenset[str]) -> tuple[str, ...]:
    """Where an ASCII word could analyze to one of ``words``: it starts with a stem's prefix.

    A Porter2 stem is the word's beginning, save a final y turned i ("happi"), so the
    prefix drops a final i, and save four listed exceptions (skies -> sky, dying -> die,
    lying -> lie, tying -> tie); every candidate is then analyzed, so nothing else matches.
    """
    prefixes = {w[:-1] if w.endswith("i") and len(w) > 2 else w for w in words}
    prefixes |= {_IRREGULAR[w] for w in words if w in _IRREGULAR}
    return tuple(sorted(p.lower() for p in prefixes))


def _candidate_starts(body: str, words: frozenset[str]) -> list[int]:
    """Offsets in an ASCII body where a prefix begins, not just after a word character,
    '.' or an apostrophe (str.find on the lowercased body: a regular expression with that
    lookbehind tests it at every offset and costs ~20x more)."""
    lower = body.lower()  # ASCII: one character for one, offsets kept
    starts = set()
    for prefix in _prefixes(words):
        at = lower.find(prefix)
        while at >= 0:
            if at == 0 or lower[at - 1] not in _WORD_BEFORE:
                starts.add(at)
            at = lower.find(prefix, at + 1)
    return sorted(starts)


def _ascii_spans(body: str, words: frozenset[str]) -> list[Span]:
    """match_spans for ASCII text: candidates by prefix, each confirmed by the analyzer."""
    spans = []
    for at in _candidate_starts(body, words):
        word = first_piece(body, at, at + 64)
        if word is not None and term_of(word[0]) in words:
            spans.append((word[1], word[2]))
    return spans


def _best_window(spans: list[Span]) -> tuple[int, int]:
    """Indexes (first, last) of the run of spans within SNIPPET_CHARS holding the most."""
    best = (0, 0)
    last = 0
    for first in range(len(spans)):
        last = max(last, first)
        while last + 1 < len(spans) and spans[last + 1][1] - spans[first][0] <= SNIPPET_CHARS:
            last += 1
        if last - first > best[1] - best[0]:
            best = (first, last)
    return best


def best_snippet(body: str, spans: list[Span]) -> tuple[str, list[Span]]:
    """The passage around the densest run of matched words (the opening when none matched)."""
    if not spans:
        return lead_snippet(body), []
    first, last = _best_window(spans)
    start = _word_start(body, max(0, spans[first][0] - SURROUND_CHARS))
    end = _word_end(body, min(len(body), spans[last][1] + SURROUND_CHARS))
    tokens = [_Token(a, b) for a, b in spans[first : last + 1]]
    return fragment_snippet(Fragment(body, tokens, start, end))


class _Token:
    """A matched word's character offsets, as a Whoosh fragment holds them."""

    def __init__(self, startchar: int, endchar: int) -> None:
        self.startchar = startchar
        self.endchar = endchar


def _word_start(text: str, at: int) -> int:
    """``at`` moved forward to the start of a word (unless it already is one)."""
    if at == 0 or not (text[at - 1].isalnum() and text[at].isalnum()):
        return at
    while at < len(text) and text[at].isalnum():
        at += 1
    return at


def _word_end(text: str, at: int) -> int:
    """``at`` moved back to the end of a word (unless it already is one)."""
    if at >= len(text) or not (text[at - 1].isalnum() and text[at].isalnum()):
        return at
    while at > 0 and text[at - 1].isalnum():
        at -= 1
    return at


def _squeeze(text: str, spans: list[Span]) -> tuple[str, list[Span]]:
    """Collapse whitespace runs into one space, moving the spans along."""
    runs = [(found.start(), found.end()) for found in _MOVING_SPACES.finditer(text)]
    if not runs:  # single plain spaces stay as they are and move nothing
        return text, spans
    starts = [start for start, _ in runs]
    removed = [0]  # characters dropped before each run
    for start, end in runs:
        removed.append(removed[-1] + end - start - 1)

    def moved(at: int) -> int:
        before = bisect.bisect_left(starts, at)  # runs starting before ``at``
        if before and at < runs[before - 1][1]:  # inside a run: just after its space
            return starts[before - 1] - removed[before - 1] + 1
        return at - removed[before]

    return _MOVING_SPACES.sub(" ", text), [(moved(a), moved(b)) for a, b in spans]


def _strip(text: str, spans: list[Span]) -> tuple[str, list[Span]]:
    """Strip surrounding whitespace, moving the spans along."""
    shift = len(text) - len(text.lstrip())
    return text.strip(), [(a - shift, b - shift) for a, b in spans]


def fragment_snippet(fragment: Any) -> tuple[str, list[Span]]:
    """Plain text of a Whoosh fragment, with ellipses where it was cut, and its match spans.

    A fragment ends on a word: punctuation alone before or after it is kept, not elided.
    """
    source = fragment.text
    start = fragment.startchar if _WORDISH.search(source, 0, fragment.startchar) else 0
    end = fragment.endchar if _WORDISH.search(source, fragment.endchar) else len(source)
    spans: list[Span] = []
    cursor = start
    for token in sorted(fragment.matches, key=lambda t: (t.startchar, t.startchar - t.endchar)):
        if token.startchar >= cursor and token.endchar <= end:
            spans.append((token.startchar - start, token.endchar - start))
            cursor = token.endchar
    text, spans = _strip(*_squeeze(source[start:end], spans))
    if _width(text) > SNIPPET_CHARS * 3 // 2:
        text, spans, cut_start, cut_end = _clip(text, spans)
        start, end = start + cut_start, end - cut_end
    if start > 0:
        text = ELLIPSIS + text
        spans = [(a + 1, b + 1) for a, b in spans]
    if end < len(source):
        text += ELLIPSIS
    return text, spans


def _clip(text: str, spans: list[Span]) -> tuple[str, list[Span], int, int]:
    """A fragment cut to about SNIPPET_CHARS around its first match (CJK text has no spaces
    for Whoosh's fragmenter to stop at); returns the text, spans, and chars cut at each end."""
    first = spans[0][0] if spans else 0
    begin = max(0, first - SNIPPET_CHARS // 8)
    finish, used = begin, 0
    while finish < len(text) and used < SNIPPET_CHARS:
        used += _width(text[finish])
        finish += 1
    kept = [(a - begin, b - begin) for a, b in spans if a >= begin and b <= finish]
    return text[begin:finish], kept, begin, len(text) - finish


def _width(text: str) -> int:
    """Terminal columns of a text: wide (CJK) characters count twice."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def lead_snippet(body: str, limit: int = SNIPPET_CHARS) -> str:
    """The first ``limit`` characters of the body, cut at a space, whitespace squeezed."""
    text, _ = _squeeze(body[: limit + 1].strip(), [])
    if len(body.strip()) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip() + ELLIPSIS
