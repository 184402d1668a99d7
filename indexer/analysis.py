"""The text analyzer shared by indexing and querying: CJK-aware tokens, folding, stemming."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Filter, StemFilter, StopFilter, Token, Tokenizer
from whoosh.support.charset import accent_map

_HAN = "\u3005\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HIRAGANA = "\u3040-\u309f"
_KATAKANA = "\u30a0-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f"
_KANA = _HIRAGANA + _KATAKANA
_HANGUL = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff"
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_WORD_CHAR = f"(?:[^\\W{_HAN}{_KANA}{_HANGUL}]|[{_MARKS}])"
_WORD = f"{_WORD_CHAR}+(?:[.'\u2019]{_WORD_CHAR}+)*"
_RUNS = re.compile(
    f"(?P<han>[{_HAN}]+)|(?P<hiragana>[{_HIRAGANA}]+)|(?P<katakana>[{_KATAKANA}]+)"
    f"|(?P<hangul>[{_HANGUL}]+)|(?P<word>{_WORD})"
)
_MARK_CHARS = re.compile(f"[{_MARKS}]+")
_FOLD_TABLE = {**accent_map, ord("\u2019"): "'"}

STOP_WORDS: frozenset[str] = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is"}
    | {"it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "with"}
)
"""English stop words. Kept short on purpose: "us", "may", "will" and "can" carry news meaning."""

Piece = tuple[str, int, int]


def _han_pieces(run: str, offset: int) -> Iterator[Piece]:
    """Dictionary segmentation of a Han run; HMM off, so a word splits the same in any context.

    rjieba (jieba-rs) segments exactly as jieba 0.42 does with the same dictionary (tested on
    random texts in tests/test_dependency_apis.py) in a third of the memory: 33 MB loaded
    against jieba's 85 MB, in each process that meets Chinese (crawl indexer, search).
    """
    import rjieba

    for word, start, end in rjieba.tokenize(run, hmm=False):
        yield word, offset + start, offset + end


def _bigram_pieces(run: str, offset: int) -> Iterator[Piece]:
    """Overlapping character bigrams of a kana or Hangul run (the character itself if alone)."""
    if len(run) == 1:
        yield run, offset, offset + 1
        return
    for i in range(len(run) - 1):
        yield run[i : i + 2], offset + i, offset + i + 2


@functools.lru_cache(maxsize=200_000)
def stem_english(word: str) -> str:
    """Porter2 (Snowball) English stem of a folded word: 'running' -> 'run'."""
    return str(_snowball_english()(word))


@functools.cache
def _snowball_english() -> Any:
    """The Snowball English stemming function."""
    from whoosh.lang import stemmer_for_language

    return stemmer_for_language("en")


def pieces(text: str) -> Iterator[Piece]:
    """Split ``text`` into (token text, start char, end char), before any folding."""
    for match in _RUNS.finditer(text):
        kind = match.lastgroup
        run, start = match.group(), match.start()
        if kind == "han":
            yield from _han_pieces(run, start)
        elif kind in ("hiragana", "katakana", "hangul"):
            yield from _bigram_pieces(run, start)
        else:
            yield run, start, match.end()


def first_piece(text: str, start: int, end: int) -> Piece | None:
    """The first of ``pieces(text[start:end])``, offsets into ``text``; None when none."""
    match = _RUNS.search(text, start, end)
    if match is None:
        return None
    if match.lastgroup != "word":
        for word, first, last in pieces(text[start:end]):
            return word, start + first, start + last
    return match.group(), match.start(), match.end()


def fold(text: str) -> str:
    """Case- and accent-folded form of one token: 'São' -> 'sao', 'Straße' -> 'strasse'."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.casefold())
    text = _MARK_CHARS.sub("", text).translate(_FOLD_TABLE)
    return unicodedata.normalize("NFC", text)


class CJKTokenizer(Tokenizer):
    """Words by regex; Han runs segmented by jieba; kana and Hangul runs as character bigrams."""

    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__

    def __hash__(self) -> int:
        return hash(self.__class__.__name__)

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        found = pieces(value) if tokenize else iter([(value, 0, len(value))])
        for pos, (text, start, end) in enumerate(found, start_pos):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


class FoldFilter(Filter):
    """Case folding, compatibility forms and accent folding (see :func:`fold`)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = fold(token.text)
            yield token


_ELISION = re.compile(r"(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)'(?=\w{2})")


class ElisionFilter(Filter):
    """Drop elided French (and Italian) articles and pronouns: l'école -> école, qu'il -> il."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            match = _ELISION.match(token.text)
            if match is not None:
                token.text = token.text[match.end() :]
            yield token


class EnglishStemFilter(StemFilter):
    """Porter2 (Snowball) stemming of ASCII words; wildcard patterns and CJK are left alone."""

    def __init__(self) -> None:
        super().__init__(lang="en")

    def clear(self) -> None:
        """Set ``_stem`` (also run on unpickling) to the cache shared by every instance.

        Whoosh unpickles the schema, and so a new analyzer, for each searcher and writer: a
        per-instance cache would start empty on every search.
        """
        self._stem = stem_english

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        stem = self._stem
        for token in tokens:
            text = token.text
            if not token.stopped and text.isascii() and "*" not in text and "?" not in text:
                token.text = stem(text)
            yield token


_STOPPED = ""
"""What :func:`index_term` gives for a token the analyzer drops (a stop word or nothing left)."""
_WORDS = re.compile(_WORD)
_CJK = re.compile(f"[{_HAN}{_KANA}{_HANGUL}]")
_TERMS: dict[str, str] = {}
"""Raw piece -> indexed term (the cache of :func:`term_positions`), emptied when large."""
_TERMS_LIMIT = 1_000_000


def index_term(raw: str) -> str:
    """The indexed form of one raw piece, as the analyzer chain makes it; '' when dropped.

    The same steps as :func:`build_analyzer` (fold, elision, stop words, stemming) for one
    token, without the token objects and generators of the chain.
    """
    text = fold(raw)
    match = _ELISION.match(text)
    if match is not None:
        text = text[match.end() :]
    if not text or text in STOP_WORDS:
        return _STOPPED
    if text.isascii() and "*" not in text and "?" not in text:
        return stem_english(text)
    return text


def _raw_pieces(text: str) -> list[str]:
    """The texts of :func:`pieces` (one regex pass when there is no CJK in ``text``)."""
    if _CJK.search(text) is None:
        return _WORDS.findall(text)
    return [piece for piece, _start, _end in pieces(text)]


def term_positions(text: str) -> dict[str, list[int]]:
    """The indexed terms of ``text`` with their token positions, in one pass.

    Gives what the analyzer of :func:`build_analyzer` gives at indexing time, grouped by
    term in order of first appearance. Like Whoosh's StopFilter (``renumber``), positions
    close up over dropped tokens, counting from the position of the first kept token.
    Most words of an archive repeat, so each raw word is analysed once (a cache).
    """
    cache = _TERMS
    if len(cache) > _TERMS_LIMIT:
        cache.clear()
    terms = []
    for raw in _raw_pieces(text):
        term = cache.get(raw)
        if term is None:
            term = cache[raw] = index_term(raw)
        terms.append(term)
    positions: dict[str, list[int]] = {}
    pos = -1
    for raw_pos, term in enumerate(terms):
        if not term:
            continue
        pos = raw_pos if pos < 0 else pos + 1
        found = positions.get(term)
        if found is None:
            positions[term] = [pos]
        else:
            found.append(pos)
    return positions


def build_analyzer() -> Any:
    """The analyzer of every full-text field; queries are analyzed by the same chain."""
    return (
        CJKTokenizer()
        | FoldFilter()
        | ElisionFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
        | EnglishStemFilter()
    )
