"""The Whoosh schema of the article index and the mapping from an Article to its document."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from whoosh.analysis import IDTokenizer, LowercaseFilter
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from crawler.model import Article, format_when
from indexer.analysis import build_analyzer

SCHEMA_VERSION = 4
"""Bumped whenever fields or analysis change; an index of another version must be rebuilt."""

TEXT_FIELDS: tuple[str, ...] = ("title", "lead", "body", "authors")
DEFAULT_FIELDS: tuple[str, ...] = ("title", "lead", "body")
MISSING_NUMBER = 0
"""What :func:`epoch_seconds` and :func:`day_number` give for no value; such a field is left
out of the document, so no range query matches it, and its sortable column holds the
smallest number of the column (below every real date)."""


def _text_field(**kwargs: Any) -> TEXT:
    """A full-text field; a query word that analyzes to several tokens becomes a phrase."""
    return TEXT(analyzer=build_analyzer(), phrase=True, multitoken_query="phrase", **kwargs)


def _number_field() -> NUMERIC:
    """A sortable signed 64-bit integer; a document without one sorts below every value.

    ``default`` is the raw column value for a missing document: raw 0 is the smallest
    signed number (Whoosh's own default, the largest, would sort undated articles first).
    """
    return NUMERIC(numtype=int, bits=64, sortable=True, default=0)


def build_schema() -> Schema:
    """A new schema object (field types hold analyzers, so share none between indexes)."""
    lowercase_id = IDTokenizer() | LowercaseFilter()
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        url=ID(stored=True),
        title=_text_field(stored=True, field_boost=2.0),
        body=_text_field(stored=True),
        lead=_text_field(),
        authors=_text_field(stored=True),
        site=ID(stored=True, analyzer=lowercase_id, sortable=True),
        language=ID(stored=True, analyzer=lowercase_id, sortable=True),
        country=ID(stored=True, analyzer=lowercase_id, sortable=True),
        media_type=ID(stored=True, analyzer=lowercase_id),
        owner=_text_field(stored=True),
        state_affiliated=ID(stored=True),
        paywalled=ID(stored=True),
        site_tags=KEYWORD(lowercase=True, commas=True),
        section=KEYWORD(stored=True, lowercase=True, commas=True),
        tags=KEYWORD(lowercase=True, commas=True),
        published=STORED(),
        published_utc=_number_field(),
        published_day=_number_field(),
        first_seen=_number_field(),
        duplicate_of=ID(stored=True),
        duplicate_group=_number_field(),
        is_original=ID(stored=True),
    )


def epoch_seconds(value: datetime | None) -> int:
    """Seconds since 1970 UTC; a naive datetime is taken as UTC; None -> MISSING_NUMBER."""
    if value is None:
        return MISSING_NUMBER
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return int(value.timestamp())


def day_number(value: date | None) -> int:
    """A calendar day as the integer YYYYMMDD; None -> MISSING_NUMBER."""
    if value is None:
        return MISSING_NUMBER
    return value.year * 10000 + value.month * 100 + value.day


def _published_instant(article: Article) -> datetime | None:
    """published_utc, else derived from published (a bare date counts as midnight UTC)."""
    if article.published_utc is not None:
        return article.published_utc
    published = article.published
    if isinstance(published, datetime):
        return published
    if isinstance(published, date):
        return datetime.combine(published, time(), tzinfo=UTC)
    return None


def _published_day(article: Article) -> date | None:
    """The outlet's own calendar day: published_day, else the date part of published as given."""
    if article.published_day is not None:
        return article.published_day
    published = article.published
    if isinstance(published, datetime):
        return published.date()
    return published


def _flag(value: bool | None) -> str:
    """'true', 'false', or '' (left out of the document) for unknown."""
    return "" if value is None else str(bool(value)).lower()


def article_document(article: Article) -> dict[str, Any]:
    """The fields of one article as Whoosh wants them; empty values are left out."""
    if article.id is None:
        raise ValueError(f"article without id cannot be indexed: {article.url or article.title!r}")
    doc: dict[str, Any] = {
        "id": str(article.id),
        "url": article.url,
        "title": article.title,
        "body": article.body,
        "lead": article.lead,
        "authors": "; ".join(a for a in article.authors if a),
        "site": article.site,
        "language": article.language,
        "section": article.section,
        "tags": ",".join(t.replace(",", " ") for t in article.tags if t),
        "published": format_when(article.published),
        "duplicate_of": article.duplicate_of,
        "country": article.country.lower(),
        "media_type": article.media_type.lower(),
        "owner": article.owner,
        "state_affiliated": _flag(article.state_affiliated),
        "site_tags": ",".join(t.replace(",", " ") for t in article.site_tags if t),
        "is_original": _flag(article.is_original),
        "paywalled": _flag(article.paywalled),
    }
    numbers = {
        "published_utc": epoch_seconds(_published_instant(article)),
        "published_day": day_number(_published_day(article)),
        "first_seen": epoch_seconds(article.first_seen),
        "duplicate_group": article.duplicate_group or article.id,
    }
    doc.update(numbers)
    return {name: value for name, value in doc.items() if value}
