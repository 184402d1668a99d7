"""The article record shared by extraction, store, index and exports, and the crawl's page items."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass
class Article:
    """One news article as presswatch keeps it (see the record in DESIGN.md).

    ``published`` is the date as the outlet gave it: an aware ``datetime`` in the page's own
    offset (or the site's timezone when the page gave none), or a plain ``date`` when the page
    gave only the day.  ``published_utc`` is the instant for sorting and ``published_day`` the
    outlet's calendar day for day filters.  Where a value came from is kept in ``*_source``.

    ``duplicate_group`` is the id of the first stored article of the group of near-duplicate
    copies this one belongs to (its own id when it has no copy; 0 while not yet linked), and
    ``is_original`` marks the copy published first.  ``country`` (ISO 3166 alpha-2),
    ``media_type``, ``owner``, ``state_affiliated`` and ``site_tags`` describe the source and
    come from the site's config, not from the page.

    ``paywalled`` is True when the page states or shows that readers without a subscription
    get only a teaser, False when it states it is free or shows no sign of a paywall, and
    None (unknown) for articles stored before presswatch read paywalls.
    """

    url: str = ""
    url_original: str = ""
    site: str = ""
    site_name: str = ""
    title: str = ""
    title_source: str = ""
    lead: str = ""
    lead_source: str = ""
    authors: list[str] = field(default_factory=list)
    authors_source: str = ""
    published: datetime | date | None = None
    published_utc: datetime | None = None
    published_day: date | None = None
    published_raw: str = ""
    published_source: str = ""
    published_precision: str = ""
    modified: datetime | date | None = None
    modified_utc: datetime | None = None
    modified_raw: str = ""
    modified_source: str = ""
    first_seen: datetime | None = None
    language: str = ""
    language_source: str = ""
    section: str = ""
    section_source: str = ""
    tags: list[str] = field(default_factory=list)
    tags_source: str = ""
    body: str = ""
    body_source: str = ""
    word_count: int = 0
    paywalled: bool | None = None
    paywalled_source: str = ""
    content_hash: str = ""
    duplicate_of: str = ""
    duplicate_group: int = 0
    is_original: bool = True
    country: str = ""
    media_type: str = ""
    owner: str = ""
    state_affiliated: bool | None = None
    site_tags: list[str] = field(default_factory=list)
    # Where the article came from: '' for a live crawl, 'warc:FILE#RECORD-ID' for an import.
    source: str = ""
    id: int | None = None


@dataclass(frozen=True)
class DiscoveryHints:
    """What the feed, sitemap or page listing an article said about it before it was fetched.

    Extraction falls back on them when the page itself lacks a title or a date:
    `published` is the raw date string the listing gave and `published_source` where it
    came from ('feed' or 'sitemap').  Frozen and plain, so it pickles to extraction workers.
    """

    title: str = ""
    published: str = ""
    published_source: str = "feed"


@dataclass
class ArticlePage:
    """What the spider hands the pipelines: a downloaded page that should be an article."""

    url: str
    html: str
    site_id: str
    fetched_at: datetime
    hints: DiscoveryHints = field(default_factory=DiscoveryHints)
    raw: RawExchange | None = None  # the exchange as sent, kept when the site writes WARC


@dataclass(frozen=True)
class RawExchange:
    """One HTTP exchange as sent, for a WARC file: the request line and headers, the
    response status, headers and body bytes (content encodings such as gzip removed)."""

    url: str
    method: str
    request_headers: tuple[tuple[str, str], ...]
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    fetched_at: datetime


@dataclass(frozen=True)
class WarcRef:
    """Where an article's response record lies: a WARC file (relative to the data directory
    when it is inside it), the record's byte offset and length there, its id and WARC-Date."""

    path: str
    offset: int
    length: int
    record_id: str
    captured: datetime


@dataclass
class ExtractedPage:
    """What extraction hands the store: the article and the raw HTML it was extracted from;
    `saved` is what the store made of it (new, updated, unchanged or duplicate)."""

    article: Article
    html: str
    saved: str = ""
    raw: RawExchange | None = None


ARTICLE_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Article))
LIST_FIELDS: frozenset[str] = frozenset({"authors", "tags", "site_tags"})
BOOL_FIELDS: frozenset[str] = frozenset({"is_original", "state_affiliated", "paywalled"})
INT_FIELDS: frozenset[str] = frozenset({"word_count", "duplicate_group"})
DATETIME_FIELDS: frozenset[str] = frozenset(
    {"published", "published_utc", "modified", "modified_utc", "first_seen"}
)


def format_when(value: datetime | date | None) -> str:
    """ISO 8601 text of a stored date or datetime ('' for none), offset kept as given."""
    if value is None:
        return ""
    return value.isoformat()


def parse_when(text: str | None) -> datetime | date | None:
    """Inverse of :func:`format_when`: a date for 'YYYY-MM-DD', an aware datetime otherwise."""
    if not text:
        return None
    if len(text) == 10:
        return date.fromisoformat(text)
    return datetime.fromisoformat(text)


def article_to_dict(article: Article) -> dict[str, Any]:
    """The record as JSON-ready values: dates as ISO 8601 text (None when the page gave
    none, as in a Parquet export), lists kept as lists."""
    record: dict[str, Any] = {}
    for name in ARTICLE_FIELDS:
        value = getattr(article, name)
        if isinstance(value, datetime | date):
            value = format_when(value)
        record[name] = value
    return record


def changed_fields(old: Article, new: Article) -> list[str]:
    """The fields (in record order) whose value differs between two versions of an article."""
    before, after = article_to_dict(old), article_to_dict(new)
    return [name for name in ARTICLE_FIELDS if name != "id" and before[name] != after[name]]


def article_from_dict(record: dict[str, Any]) -> Article:
    """Inverse of :func:`article_to_dict` (unknown keys are ignored)."""
    values: dict[str, Any] = {}
    for name in ARTICLE_FIELDS:
        if name not in record:
            continue
        value = record[name]
        if name in DATETIME_FIELDS or name == "published_day":
            value = parse_when(value)
        values[name] = value
    return Article(**values)
