"""Query language: Whoosh syntax, checked strictly and turned into a whoosh.query.Query."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from whoosh import query as wq
from whoosh.qparser import MultifieldParser, plugins

from indexer.schema import DEFAULT_FIELDS, day_number

FIELD_ALIASES: dict[str, str] = {
    "title": "title",
    "body": "body",
    "lead": "lead",
    "authors": "authors",
    "author": "authors",
    "site": "site",
    "language": "language",
    "lang": "language",
    "section": "section",
    "tags": "tags",
    "country": "country",
    "media_type": "media_type",
    "media": "media_type",
    "owner": "owner",
    "state_affiliated": "state_affiliated",
    "state": "state_affiliated",
    "site_tags": "site_tags",
    "published": "published",
}
FIELD_HELP = (
    "title, body, lead, authors (author), site, language (lang), section, tags, country, "
    "media_type (media), owner, state_affiliated (state), site_tags, published"
)
_FLAGS = {"true": "true", "yes": "true", "1": "true", "false": "false", "no": "false", "0": "false"}
SEARCHABLE_FIELDS = frozenset(set(FIELD_ALIASES.values()) - {"published"} | {"published_day"})
_OPERATORS = frozenset({"AND", "OR", "NOT"})
_BINARY = frozenset({"AND", "OR"})
_RUN_END = re.compile(r"[\s\"()\[\]{}]")
_FIELD = re.compile(r"([^\W\d]\w*):(.*)", re.DOTALL)
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_SLOP = re.compile(r"~(\d*)")
_COMPARISON = tuple("<>=\u2264\u2265")
_EVERYTHING = ("*", "*:*")
# Caps that keep a pasted or hostile query from exhausting the parser (Whoosh's is recursive).
MAX_QUERY_CHARS = 4000
MAX_QUERY_TERMS = 200
MAX_QUERY_DEPTH = 20


class QuerySyntaxError(ValueError):
    """A query the user must fix; the message says what and where, on one line."""

    def __init__(self, message: str, query: str = "", position: int | None = None) -> None:
        super().__init__(message)
        self.query = query
        self.position = position


@dataclass
class _Token:
    """One lexical item: word, phrase, open, close, range or op (``pos`` is 0-based)."""

    kind: str
    text: str
    pos: int
    field: str | None = None
    slop: str = ""


def _one_line(text: str) -> str:
    """The query with every whitespace character shown as a space (positions unchanged)."""
    return "".join(" " if c.isspace() else c for c in text)


def _fail(what: str, query: str, pos: int, advice: str = "") -> QuerySyntaxError:
    """The error for ``what`` found at 0-based ``pos`` (reported 1-based)."""
    tail = f"; {advice}" if advice else ""
    message = f"{what} at position {pos + 1} in: {_one_line(query)}{tail}"
    return QuerySyntaxError(message, query, pos)


# Dates


def day_span(spec: str) -> tuple[date, date] | None:
    """First and last day of 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; None when not a valid date."""
    match = _DATE.fullmatch(spec)
    if match is None:
        return None
    year, month, day = match.groups()
    try:
        if day is not None:
            one = date(int(year), int(month), int(day))
            return one, one
        if month is not None:
            last = calendar.monthrange(int(year), int(month))[1]
            return date(int(year), int(month), 1), date(int(year), int(month), last)
        return date(int(year), 1, 1), date(int(year), 12, 31)
    except ValueError:
        return None


_AGO = re.compile(r"(\d{1,4}) (day|week|month|year)s? ago")
DAY_HELP = (
    "a day (YYYY-MM-DD), a month (YYYY-MM), a year (YYYY), today, yesterday, this week, "
    "last week, this month, last month, this year, last year, or 'N days ago' (also weeks, "
    "months, years)"
)


def _month_start(day: date, months_back: int) -> date:
    """The first day of the month ``months_back`` months before ``day``'s month."""
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def relative_span(spec: str, today: date) -> tuple[date, date] | None:
    """First and last day of a relative period ('yesterday', 'last week', '3 days ago'...).

    Weeks run Monday to Sunday; 'N weeks/months/years ago' is that one whole period.
    """
    words = " ".join(spec.lower().split())
    if words in ("today", "yesterday"):
        one = today - timedelta(days=0 if words == "today" else 1)
        return one, one
    which, _, unit = words.partition(" ")
    if which in ("this", "last") and unit in ("week", "month", "year"):
        words = f"{0 if which == 'this' else 1} {unit}s ago"
    match = _AGO.fullmatch(words)
    if match is None:
        return None
    count, unit = int(match.group(1)), match.group(2)
    if unit == "day":
        one = today - timedelta(days=count)
        return one, one
    if unit == "week":
        monday = today - timedelta(days=today.weekday() + 7 * count)
        return monday, monday + timedelta(days=6)
    if unit == "month":
        first = _month_start(today, count)
        return first, _month_start(today, count - 1) - timedelta(days=1)
    year = today.year - count
    return date(year, 1, 1), date(year, 12, 31)


def flag_span(spec: str, today: date | None = None) -> tuple[date, date]:
    """The days a --since/--until value covers; ValueError saying what is accepted."""
    span = day_span(spec.strip()) or relative_span(spec, today or date.today())
    if span is None:
        raise ValueError(f"'{spec}' is not a date; use {DAY_HELP}")
    return span


def _bound(spec: str, query: str, pos: int, is_start: bool, exclusive: bool) -> date | None:
    """One end of a published range as an inclusive day; None when left open."""
    if spec in ("", "*"):
        return None
    span = day_span(spec)
    if span is None:
        raise _fail(f'bad date "{spec}"', query, pos, "dates are YYYY-MM-DD, YYYY-MM or YYYY")
    first, last = span
    if is_start:
        return last + timedelta(days=1) if exclusive else first
    return first - timedelta(days=1) if exclusive else last


def _range_text(start: date | None, end: date | None) -> str:
    """The Whoosh range on published_day for inclusive days (None: open end)."""
    low = [str(day_number(start))] if start else []
    high = [str(day_number(end))] if end else []
    return f"published_day:[{' '.join([*low, 'TO', *high])}]"


def _published_range(tok: _Token, query: str) -> str:
    """Rewrite a published range token (``text`` is the bracketed source) for Whoosh."""
    inner = tok.text[1:-1].split()
    upper = [part.upper() for part in inner]
    if upper.count("TO") != 1 or len(inner) > 3 or upper.index("TO") > 1:
        raise _fail(
            f'bad range "{tok.text}"', query, tok.pos, "write published:[2025-01-01 TO 2025-05-31]"
        )
    cut = upper.index("TO")
    start_spec = inner[0] if cut == 1 else ""
    end_spec = inner[cut + 1] if cut + 1 < len(inner) else ""
    start = _bound(start_spec, query, tok.pos, True, tok.text[0] == "{")
    end = _bound(end_spec, query, tok.pos, False, tok.text[-1] == "}")
    if start is None and end is None:
        raise _fail("date range without any date", query, tok.pos)
    if start and end and start > end:
        raise _fail(f'empty date range "{tok.text}" (it ends before it starts)', query, tok.pos)
    return _range_text(start, end)


def _published_day(tok: _Token, query: str) -> str:
    """Rewrite ``published:DATE`` into the range of days that DATE covers."""
    span = day_span(tok.text)
    if span is None:
        raise _fail(
            f'bad date "{tok.text}"', query, tok.pos, "dates are YYYY-MM-DD, YYYY-MM or YYYY"
        )
    return _range_text(*span)


def _comparison(tok: _Token, query: str) -> QuerySyntaxError:
    """The error for ``field:>value`` style comparisons."""
    shown = f"{tok.field}:{tok.text}"
    return _fail(
        f'comparison "{shown}" is not supported',
        query,
        tok.pos,
        "use a range such as published:[2025-01-01 TO 2025-05-31] (or [2025-01-01 TO]) "
        "or the --since/--until options",
    )


# Lexer


def _read_phrase(query: str, i: int) -> tuple[_Token, int]:
    """The phrase starting at the quote at ``i``, with its optional ~N proximity."""
    close = query.find('"', i + 1)
    if close < 0:
        raise _fail("unclosed quote", query, i)
    inner = query[i + 1 : close]
    if not inner.strip():
        raise _fail("empty phrase", query, i)
    end = close + 1
    slop = _SLOP.match(query, end)
    if slop is None:
        return _Token("phrase", inner, i), end
    digits = slop.group(1)
    if not digits or int(digits) < 1:
        raise _fail(
            f'bad proximity "~{digits}"', query, end, 'write a whole number from 1: "a b"~3'
        )
    return _Token("phrase", inner, i, slop=f"~{int(digits)}"), slop.end()


def _read_range(query: str, i: int) -> tuple[_Token, int]:
    """The bracketed range starting at ``i`` (``[`` or ``{``) up to its ``]`` or ``}``."""
    ends = [j for j in (query.find("]", i + 1), query.find("}", i + 1)) if j >= 0]
    if not ends:
        raise _fail(f'unclosed bracket "{query[i]}"', query, i)
    close = min(ends)
    nested = [j for j in (query.find("[", i + 1, close), query.find("{", i + 1, close)) if j >= 0]
    if nested:
        raise _fail(f'unclosed bracket "{query[i]}"', query, i)
    return _Token("range", query[i : close + 1], i), close + 1


def _read_run(query: str, i: int) -> tuple[str, int]:
    """The characters from ``i`` up to whitespace or a special character."""
    match = _RUN_END.search(query, i)
    end = match.start() if match else len(query)
    return query[i:end], end


def _field_name(name: str, query: str, pos: int) -> str:
    """The canonical name of a field typed by the user; QuerySyntaxError when unknown."""
    canonical = FIELD_ALIASES.get(name.lower())
    if canonical is None:
        raise _fail(f'unknown field "{name}"', query, pos, f"fields are: {FIELD_HELP}")
    return canonical


def _split_field(run: str, query: str, pos: int, end: int) -> tuple[str | None, str]:
    """(field, rest) when ``run`` starts with ``name:``, else (None, run).

    A colon is plain text in '10:30', in URLs ('https://...') and before a space ('Re: x').
    """
    match = _FIELD.match(run)
    if match is None:
        return None, run
    name, rest = match.groups()
    adjacent = not rest and end < len(query) and not query[end].isspace()
    if rest.startswith("//") or not (rest or adjacent):
        if name.lower() in FIELD_ALIASES and not rest:
            raise _fail(f'missing search term after "{name}:"', query, pos)
        return None, run
    return _field_name(name, query, pos), rest


class _Lexer:
    """Turns the query into tokens, raising QuerySyntaxError on the first problem found."""

    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens: list[_Token] = []
        self.field: str | None = None
        self.field_pos = 0

    def run(self) -> list[_Token]:
        i = 0
        while i < len(self.query):
            i = self._step(i)
        if self.field is not None:
            raise _fail(f'missing search term after "{self.field}:"', self.query, self.field_pos)
        return self.tokens

    def _step(self, i: int) -> int:
        char = self.query[i]
        if char.isspace():
            if self.field is not None:
                raise _fail(
                    f'missing search term after "{self.field}:"', self.query, self.field_pos
                )
            return i + 1
        if char == '"':
            tok, end = _read_phrase(self.query, i)
        elif char in "[{":
            tok, end = _read_range(self.query, i)
        elif char in "]}":
            raise _fail(f'unmatched "{char}"', self.query, i)
        elif char in "()":
            tok, end = _Token("open" if char == "(" else "close", char, i), i + 1
        else:
            return self._word(i)
        self._push(tok)
        return end

    def _word(self, i: int) -> int:
        run, end = _read_run(self.query, i)
        _check_word(run, self.query, i, fielded=self.field is not None)
        if self.field is None:
            field, rest = _split_field(run, self.query, i, end)
            if field is not None:
                self.field, self.field_pos = field, i
                if not rest:
                    return end
                run = rest
            elif run in _OPERATORS:
                self.tokens.append(_Token("op", run, i))
                return end
        self._push(_Token("word", run, i))
        return end

    def _push(self, tok: _Token) -> None:
        if self.field is not None:
            if tok.kind == "close":
                raise _fail(
                    f'missing search term after "{self.field}:"', self.query, self.field_pos
                )
            tok.field, tok.pos = self.field, self.field_pos
            self.field = None
        self.tokens.append(tok)


# Other languages' operators, which Whoosh would take as words (or drop) without a word


_NOT_OPERATORS = {"||": "OR", "|": "OR", "&&": "AND", "&": "AND", "!": "NOT"}
_LOWER_OPERATORS = {"or": "OR", "not": "NOT"}  # 'or' is a stop word, 'not' a plain word
_LEADING_SIGN = re.compile(r"[-!]\w")


def _check_word(run: str, query: str, pos: int, fielded: bool) -> None:
    """Refuse what a user means as an operator but Whoosh would read as a word (or drop):
    '-russia', '!russia', '||', lower-case 'or'/'not' between words, and 'term~' fuzziness."""
    if run in _NOT_OPERATORS:
        raise _fail(f'"{run}" is not an operator here', query, pos, _written(run))
    if _LEADING_SIGN.match(run):
        raise _fail(f'"{run}": a leading "{run[0]}" does not exclude', query, pos, _written("!"))
    if "~" in run:
        raise _fail(
            f'"{run}": fuzzy matching is not supported',
            query,
            pos,
            'use a wildcard (chin*); a phrase takes a distance: "soft power"~3',
        )
    if not fielded and run in _LOWER_OPERATORS:
        operator = _LOWER_OPERATORS[run]
        raise _fail(
            f'"{run}" in lower case is searched as a word',
            query,
            pos,
            f"write {operator} for the operator, or put the words in quotes for a phrase",
        )


def _written(run: str) -> str:
    return f"write {_NOT_OPERATORS[run]} in capitals, e.g. china {_NOT_OPERATORS[run]} russia"


def _check_phrases(tokens: list[_Token], query: str) -> None:
    """Refuse a phrase that the stop words would leave one word long or empty ("the who" would
    match every "who"); "Bank of England" keeps two words and stays a phrase."""
    from indexer.analysis import index_term

    for tok in tokens:
        if tok.kind != "phrase" or (tok.field is not None and tok.field not in DEFAULT_FIELDS):
            continue
        words = re.findall(r"\w+", tok.text)
        kept = [word for word in words if index_term(word)]
        if len(words) >= 2 and len(kept) < 2:
            dropped = ", ".join(f'"{w}"' for w in words if not index_term(w))
            raise _fail(
                f'the phrase "{tok.text}" would be searched as '
                + (f'"{kept[0]}"' if kept else "nothing")
                + f" ({dropped}: too common to be indexed)",
                query,
                tok.pos,
                "search for rarer words of it",
            )


# Structure checks


def _check_groups(tokens: list[_Token], query: str) -> None:
    """Parentheses balance and hold something."""
    opened: list[_Token] = []
    previous: _Token | None = None
    for tok in tokens:
        if tok.kind == "open":
            opened.append(tok)
            if len(opened) > MAX_QUERY_DEPTH:
                raise _fail(
                    f"parentheses nested more than {MAX_QUERY_DEPTH} deep", query[:200], tok.pos
                )
        elif tok.kind == "close":
            if not opened:
                raise _fail('unmatched ")"', query, tok.pos)
            start = opened.pop()
            if previous is start:
                raise _fail("empty parentheses", query, start.pos)
        previous = tok
    if opened:
        raise _fail('unclosed parenthesis "("', query, opened[-1].pos)


def _check_operators(tokens: list[_Token], query: str) -> None:
    """AND and OR need something on both sides, NOT a term or group after it."""
    for k, tok in enumerate(tokens):
        if tok.kind != "op":
            continue
        before = tokens[k - 1] if k else None
        after = tokens[k + 1] if k + 1 < len(tokens) else None
        left_missing = tok.text in _BINARY and (before is None or before.kind in ("open", "op"))
        right_missing = (
            after is None
            or after.kind == "close"
            or (after.kind == "op" and (after.text in _BINARY or tok.text == "NOT"))
        )
        if left_missing or right_missing:
            side = "left" if left_missing else "right"
            raise _fail(f"dangling {tok.text} (nothing on its {side})", query, tok.pos)


def _check_fields(tokens: list[_Token], query: str) -> None:
    """Dates only on published, ranges only on published, no comparisons anywhere."""
    for tok in tokens:
        if tok.kind == "range" and tok.field != "published":
            raise _fail(
                "ranges work only on dates",
                query,
                tok.pos,
                "write published:[2025-01-01 TO 2025-05-31]",
            )
        if tok.field is None:
            continue
        if tok.kind == "word" and tok.text.startswith(_COMPARISON):
            raise _comparison(tok, query)
        if tok.field == "state_affiliated" and tok.kind != "word":
            raise _fail("state_affiliated takes true or false", query, tok.pos, "write state:true")
        if tok.field == "published" and tok.kind in ("phrase", "open"):
            raise _fail(
                "published takes a day or a range",
                query,
                tok.pos,
                "write published:2025-05-31 or published:[2025-01-01 TO 2025-05-31]",
            )


# Rewriting for Whoosh


def _flag(tok: _Token, query: str) -> str:
    """A yes/no field value as indexed ('true' or 'false')."""
    value = _FLAGS.get(tok.text.lower())
    if value is None:
        raise _fail(
            f'"{tok.field}:{tok.text}" takes true or false', query, tok.pos, "write state:true"
        )
    return value


def _emit(tok: _Token, query: str) -> str:
    """The token as normalized Whoosh syntax."""
    prefix = f"{tok.field}:" if tok.field else ""
    if tok.kind == "range":
        return _published_range(tok, query)
    if tok.kind == "phrase":
        return f'{prefix}"{" ".join(tok.text.split())}"{tok.slop}'
    if tok.kind == "open":
        return f"{prefix}("
    if tok.kind != "word":
        return tok.text
    if tok.field == "published":
        return _published_day(tok, query)
    if tok.field == "state_affiliated":
        return f"{prefix}{_flag(tok, query)}"
    if not tok.field and tok.text in _EVERYTHING:
        return "*:*"
    if ":" in tok.text:
        return f'{prefix}"{tok.text}"'
    return prefix + tok.text


def _parser(schema: Any) -> Any:
    """MultifieldParser over title, lead and body; AND by default; only the operators we teach."""
    parser = MultifieldParser(list(DEFAULT_FIELDS), schema)
    parser.remove_plugin_class(plugins.SingleQuotePlugin)
    parser.replace_plugin(plugins.OperatorsPlugin(AndNot=None, AndMaybe=None, Require=None))
    return parser


def _is_everything(q: Any) -> bool:
    """True for the unfielded Every query that ``*`` stands for."""
    return isinstance(q, wq.Every) and q.fieldname is None


def _every_as_identity(q: Any) -> Any:
    """Drop ``*`` from AND groups (``* NOT x`` means "all but x").

    Whoosh's normalize() would turn any AND holding an unfielded Every into Every itself.
    """
    q = q.apply(_every_as_identity)
    if isinstance(q, wq.And) and any(_is_everything(sub) for sub in q.subqueries):
        kept = [sub for sub in q.subqueries if not _is_everything(sub)]
        return wq.And(kept, boost=q.boost) if kept else wq.Every()
    return q


def _walk(q: Any) -> Any:
    """Every node of a query tree."""
    yield q
    for child in q.children():
        yield from _walk(child)


def _check_tree(q: Any, query: str) -> None:
    """Second line of defence: no empty query, no error node, no unknown field."""
    if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        raise QuerySyntaxError(
            f"nothing to search for in: {_one_line(query)} (only punctuation or very common words)",
            query,
        )
    for node in _walk(q):
        error = getattr(node, "error", None)
        if error:
            raise QuerySyntaxError(f"cannot read the query ({error}) in: {_one_line(query)}", query)
        name = getattr(node, "fieldname", None)
        if name is not None and name not in SEARCHABLE_FIELDS:
            raise QuerySyntaxError(
                f'unknown field "{name}" in: {_one_line(query)}; fields are: {FIELD_HELP}', query
            )


def normalize_query(text: str) -> str:
    """The query checked and rewritten into the Whoosh syntax that :func:`parse_query` parses."""
    if not text.strip():
        raise QuerySyntaxError("empty query", text)
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(
            f"query too long: {len(text):,} characters (at most {MAX_QUERY_CHARS:,})", text[:200]
        )
    tokens = _Lexer(text).run()
    terms = sum(tok.kind in ("word", "phrase", "range") for tok in tokens)
    if terms > MAX_QUERY_TERMS:
        raise QuerySyntaxError(
            f"query has {terms:,} search terms (at most {MAX_QUERY_TERMS}): "
            "split it into several searches",
            text[:200],
        )
    _check_groups(tokens, text)
    _check_operators(tokens, text)
    _check_fields(tokens, text)
    _check_phrases(tokens, text)
    return " ".join(_emit(tok, text) for tok in tokens)


def parse_query(text: str, schema: Any) -> wq.Query:
    """The Whoosh query for ``text``; QuerySyntaxError (a ValueError) when it is malformed.

    Syntax: words (AND between them by default), ``AND``/``OR``/``NOT``, parentheses,
    ``"phrases"``, ``"soft power"~3`` (words within 3 positions), ``field:term`` for title,
    body, lead, authors (alias author), site, language (alias lang), section, tags, and the
    source's country, media_type (alias media), owner, state_affiliated (alias state:
    true/false) and site_tags,
    wildcards ``elect*``/``wom?n`` (matched against stemmed terms), ``*`` alone for every
    article, and on published a day (``published:2025-05-31``, ``published:2025-05``,
    ``published:2025``) or an inclusive range ``published:[2025-01-01 TO 2025-05-31]``
    (either end may be left open; ``{}`` excludes that end), all on the outlet's own day.

    A small lexer first rejects what Whoosh would silently rewrite (unclosed quotes,
    parentheses or brackets, unknown fields, comparisons, bad dates, dangling operators),
    rewrites aliases and published dates (into ranges on ``published_day``) and hands a
    normalized string to Whoosh's MultifieldParser over title, lead and body; the parsed
    tree is then checked again.  A word that analyzes to several tokens (a Chinese word
    jieba splits, 'e-mail') becomes a phrase, so 软实力 never matches 软 and 实力 apart.
    """
    normalized = normalize_query(text)
    if normalized == "*:*":
        return wq.Every()
    parsed = _every_as_identity(_parser(schema).parse(normalized, normalize=False)).normalize()
    _check_tree(parsed, text)
    return parsed
