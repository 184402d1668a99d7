"""Article extraction as a fallback chain: site selectors, JSON-LD, meta/OpenGraph, generic body.

A pure function of (html, url, site, fetch time, discovery hints): no network, no store, so it can
run in worker processes and be re-run over stored raw HTML.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from lxml import etree
from lxml import html as lxml_html

from crawler.authors import clean_authors
from crawler.body import body_from_json_ld, generic_body, paragraphs_of
from crawler.dates import NormalizedDate, date_from_url, find_date_in_text, parse_date
from crawler.language import declared_code, detect_language
from crawler.metadata import PageMetadata, read_metadata
from crawler.model import Article
from crawler.textnorm import canonical_url, clean_body, clean_text, content_hash, word_count

if TYPE_CHECKING:
    from crawler.config import SiteConfig

__all__ = ["extract_article", "extract_text"]

_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»]\s+|\s*[|｜]\s*|_")


def extract_text(html: str, url: str | None = None) -> str:
    """The body of an article page as plain text, paragraphs separated by blank lines."""
    return extract_article(html, url).body


def extract_article(
    html: str,
    url: str | None = None,
    site: SiteConfig | None = None,
    fetched_at: datetime | None = None,
    hints: Mapping[str, Any] | None = None,
) -> Article:
    """Extract every field of the article record from one page; sources in `*_source` fields.

    `hints` carries what discovery saw: `published` (raw date string), `published_source`
    ('feed' or 'sitemap') and `title`.
    """
    hints = hints or {}
    tree = _parse(html)
    meta = read_metadata(tree) if tree is not None else PageMetadata()
    article = Article(url_original=url or "", first_seen=fetched_at)
    if site is not None:
        article.site, article.site_name = site.id, site.name
    if tree is None:
        return article
    selected = _from_selectors(tree, site)
    article.url = canonical_url(url, meta.get("canonical")[0]) if url else ""
    _fill_title(article, selected, meta, tree, hints)
    _fill_body(article, selected, meta, tree, url)
    _fill_lead(article, selected, meta)
    _fill_authors(article, selected, meta, tree)
    _fill_dates(article, selected, meta, tree, url, site, fetched_at, hints)
    _fill_language(article, meta)
    section, section_source = meta.get("section")
    article.section, article.section_source = clean_text(section), section_source
    article.tags, article.tags_source = list(dict.fromkeys(meta.tags[0])), meta.tags[1]
    if not article.site_name:
        article.site_name = clean_text(meta.get("site_name")[0])
    return article


def _parse(html: str) -> lxml_html.HtmlElement | None:
    if not html or not html.strip():
        return None
    try:
        return lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        try:
            return lxml_html.document_fromstring(html.encode("utf-8", "replace"))
        except (etree.ParserError, ValueError):
            return None


def _from_selectors(tree: lxml_html.HtmlElement, site: SiteConfig | None) -> dict[str, list[Any]]:
    """Elements matched by the site's configured CSS selectors (beautifulsoup's soupsieve)."""
    if site is None or not site.selectors:
        return {}
    from lxml.cssselect import CSSSelector

    selected: dict[str, list[Any]] = {}
    for name, css in site.selectors.items():
        try:
            selected[name] = CSSSelector(css)(tree)
        except Exception:
            selected[name] = _bs4_select(tree, css)
    return selected


def _bs4_select(tree: lxml_html.HtmlElement, css: str) -> list[Any]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(lxml_html.tostring(tree, encoding="unicode"), "lxml")
    return [
        lxml_html.fragment_fromstring(str(tag), create_parent="div") for tag in soup.select(css)
    ]


def _texts(elements: list[Any]) -> list[str]:
    values = []
    for element in elements:
        value = element.get("content") or element.get("datetime") or element.text_content()
        if value and value.strip():
            values.append(clean_text(value))
    return values


def _fill_title(
    article: Article,
    selected: dict[str, list[Any]],
    meta: PageMetadata,
    tree: lxml_html.HtmlElement,
    hints: Mapping[str, Any],
) -> None:
    site_names = [n for n in (article.site_name, meta.get("site_name")[0]) if n]
    candidates: list[tuple[str, str]] = []
    if selected.get("title"):
        candidates.append(
            (_texts(selected["title"])[0] if _texts(selected["title"]) else "", "selector")
        )
    candidates.append(meta.get("title"))
    h1 = tree.xpath("//h1")
    if h1:
        candidates.append((h1[0].text_content(), "h1"))
    candidates.append((meta.get("html_title")[0], "title"))
    candidates.append((str(hints.get("title") or ""), "hint"))
    for value, source in candidates:
        title = strip_site_name(clean_text(value), site_names)
        if title:
            article.title, article.title_source = title, source
            return


def strip_site_name(title: str, site_names: list[str]) -> str:
    """The headline without a site-name prefix or suffix ('... - BBC News', 'CCTV.com | ...')."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    names = {n.casefold() for n in site_names}
    kept = [p for p in parts if p.strip().casefold() not in names]
    if len(kept) < len(parts):
        return " - ".join(kept).strip() if len(kept) > 1 else kept[0].strip()
    first, last = parts[0].strip(), parts[-1].strip()
    cut = title.rfind(parts[-1])
    strong = any(mark in title[max(0, cut - 3) : cut] for mark in "|｜_")
    # A short last part after '|' (or much shorter after ' - ') is almost always the outlet.
    if len(last.split()) <= 4 and (strong or len(first) > 2 * len(last)):
        return title[:cut].rstrip(" |｜-–—:·•»_")
    return title


def _fill_body(
    article: Article,
    selected: dict[str, list[Any]],
    meta: PageMetadata,
    tree: lxml_html.HtmlElement,
    url: str | None,
) -> None:
    if selected.get("body"):
        body = paragraphs_of(selected["body"])
        if body:
            article.body, article.body_source = body, "selector"
    if not article.body:
        generic = generic_body(tree, url)
        json_ld = clean_body(meta.get("body")[0])
        if json_ld and body_from_json_ld(json_ld, generic):
            article.body, article.body_source = json_ld, "json-ld"
        elif generic:
            article.body, article.body_source = generic, "generic"
    article.word_count = word_count(article.body)
    article.content_hash = content_hash(article.body)


def _fill_lead(article: Article, selected: dict[str, list[Any]], meta: PageMetadata) -> None:
    texts = _texts(selected.get("lead", []))
    if texts:
        article.lead, article.lead_source = texts[0], "selector"
        return
    lead, source = meta.get("lead")
    article.lead, article.lead_source = clean_text(lead), source


def _fill_authors(
    article: Article,
    selected: dict[str, list[Any]],
    meta: PageMetadata,
    tree: lxml_html.HtmlElement,
) -> None:
    for names, source in (
        (_texts(selected.get("authors", [])), "selector"),
        meta.authors,
        (_byline(tree), "byline"),
    ):
        cleaned = clean_authors(names)
        if cleaned:
            article.authors, article.authors_source = cleaned, source
            return


def _byline(tree: lxml_html.HtmlElement) -> list[str]:
    for element in tree.xpath(
        "//*[@rel='author'] | //*[@itemprop='author'] | "
        "//*[contains(@class, 'byline') or contains(@class, 'author-name')]"
    ):
        text = element.text_content()
        if 0 < len(text.strip()) < 120:
            return [text]
    return []


def _fill_dates(
    article: Article,
    selected: dict[str, list[Any]],
    meta: PageMetadata,
    tree: lxml_html.HtmlElement,
    url: str | None,
    site: SiteConfig | None,
    fetched_at: datetime | None,
    hints: Mapping[str, Any],
) -> None:
    options = {
        "languages": list(site.languages) if site and site.languages else None,
        "timezone": site.timezone if site else "UTC",
        "fetched_at": fetched_at or datetime.now(UTC),
        "min_date": site.min_date if site else None,
    }
    published = _first_date(_published_candidates(selected, meta, tree, hints), options)
    if published is None:
        published = _url_or_visible_date(tree, url, options)
    if published is not None:
        article.published, article.published_utc = published.value, published.utc
        article.published_day, article.published_raw = published.day, published.raw
        article.published_source = published.source
        article.published_precision = published.precision
    modified_raw, modified_source = meta.get("modified")
    modified = _first_date([(modified_raw, modified_source)], options)
    if modified is not None:
        article.modified, article.modified_utc = modified.value, modified.utc
        article.modified_raw, article.modified_source = modified.raw, modified.source


def _published_candidates(
    selected: dict[str, list[Any]],
    meta: PageMetadata,
    tree: lxml_html.HtmlElement,
    hints: Mapping[str, Any],
) -> list[tuple[str, str]]:
    candidates = [(text, "selector") for text in _texts(selected.get("published", []))]
    candidates.append(meta.get("published"))
    for time_element in tree.xpath("//article//time[@datetime] | //time[@datetime]")[:3]:
        candidates.append((time_element.get("datetime", ""), "time"))
    if hints.get("published"):
        candidates.append((str(hints["published"]), str(hints.get("published_source", "feed"))))
    return candidates


def _first_date(
    candidates: list[tuple[str, str]], options: dict[str, Any]
) -> NormalizedDate | None:
    for raw, source in candidates:
        if raw:
            found = parse_date(raw, source=source, **options)
            if found is not None:
                return found
    return None


def _url_or_visible_date(
    tree: lxml_html.HtmlElement, url: str | None, options: dict[str, Any]
) -> NormalizedDate | None:
    """The URL's day; a date printed near the headline refines it when it falls on that day."""
    from_url = None
    if url:
        from_url = date_from_url(
            url,
            timezone=options["timezone"],
            fetched_at=options["fetched_at"],
            min_date=options["min_date"],
        )
    visible = _visible_date(tree, options)
    if from_url is None:
        return visible
    if visible is not None and visible.day == from_url.day:
        return visible
    return from_url


def _visible_date(tree: lxml_html.HtmlElement, options: dict[str, Any]) -> NormalizedDate | None:
    """A date printed near the headline ('CCTV.com2025-05-05', 'Published: 5 May 2025')."""
    headline = tree.xpath("//h1")
    scope = headline[0].getparent() if headline else tree.find("body")
    for element in (scope, tree.find("body")):
        if element is None:
            continue
        text = " ".join(element.text_content().split())[:1500]
        found = find_date_in_text(text, source="text", **options)
        if found is not None:
            return found
    return None


def _fill_language(article: Article, meta: PageMetadata) -> None:
    declared = declared_code(meta.get("language")[0])
    article.language, article.language_source = detect_language(
        f"{article.title}\n{article.body}", declared
    )
