"""Snippet text helpers against the plain character-by-character versions they replaced."""

from __future__ import annotations

import random
import re
import unicodedata

from indexer.analysis import pieces
from search.snippets import _IRREGULAR, Span, _ascii_spans, _squeeze, _width, term_of

VOCAB = ["market", "Markets", "marketing", "sky", "skies", "happy", "happiness", "U.S.", "don't"]
VOCAB += ["running", "ran", "e.market", "pro-market", "MARKET", "_market", "dying", "die", "a"]
GLUE = [" ", "  ", ". ", ", ", "-", "'", "\n", ".", "_", "(", ")"]


def _plain_squeeze(text: str, spans: list[Span]) -> tuple[str, list[Span]]:
    """The character loop search.snippets used before its regular expression."""
    out: list[str] = []
    where: list[int] = []
    in_space = False
    for char in text:
        where.append(len(out))
        if char.isspace():
            if not in_space:
                out.append(" ")
            in_space = True
        else:
            out.append(char)
            in_space = False
    where.append(len(out))
    return "".join(out), [(where[a], where[b]) for a, b in spans]


def test_regex_whitespace_is_isspace() -> None:
    differ = [c for c in map(chr, range(0x110000)) if bool(re.fullmatch(r"\s", c)) != c.isspace()]
    assert differ == []


def test_squeeze_equals_the_character_loop() -> None:
    rng = random.Random(8)
    alphabet = "ab. \t\n\r\x1c\xa0\u2028\u3000\u4e2d"
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(14)))
        ends = sorted(rng.randrange(len(text) + 1) for _ in range(2 * rng.randrange(4)))
        spans = list(zip(ends[::2], ends[1::2], strict=True))
        assert _squeeze(text, spans) == _plain_squeeze(text, spans), (text, spans)


def test_width_counts_wide_characters_twice() -> None:
    for text in ("plain ascii", "", "mixed \u4e2d\u6587 text", "\uff21\u00e9"):
        expected = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
        assert _width(text) == expected


def _regex_ascii_spans(body: str, words: frozenset[str]) -> list[Span]:
    """The regular-expression candidates search.snippets used before str.find."""
    prefixes = {w[:-1] if w.endswith("i") and len(w) > 2 else w for w in words}
    prefixes |= {_IRREGULAR[w] for w in words if w in _IRREGULAR}
    alternatives = "|".join(re.escape(p) for p in sorted(prefixes))
    candidates = re.compile(rf"(?<![\w.'\u2019])(?:{alternatives})", re.IGNORECASE)
    spans = []
    for found in candidates.finditer(body):
        for text, start, end in pieces(body[found.start() : found.start() + 64]):
            if term_of(text) in words:
                spans.append((found.start() + start, found.start() + end))
            break
    return spans


def test_ascii_spans_equal_the_regex_candidates_on_random_bodies() -> None:
    rng = random.Random(12)
    for _ in range(3000):
        body = "".join(rng.choice(VOCAB) + rng.choice(GLUE) for _ in range(rng.randrange(1, 12)))
        chosen = rng.sample(["market", "sky", "happy", "run", "die", "u.s", "don't"], 2)
        words = frozenset(term for term in map(term_of, chosen) if term)
        assert _ascii_spans(body, words) == _regex_ascii_spans(body, words), (body, words)
