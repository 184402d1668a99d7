"""Article extraction as a fallback chain: site selectors, JSON-LD, meta/OpenGraph, generic body.

A pure function of (html, url, site, fetch time, discovery hints): no network, no store, so it can
run in worker processes and be re-run over stored raw HTML.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from lxml import etree
from lxml import html as lxml_html

from crawler.extract.authors import clean_authors, is_outlet_name
from crawler.extract.body import body_from_json_ld, generic_body, paragraphs_of
from crawler.extract.bylines import byline_names
from crawler.extract.country_zone import country_zone
from crawler.extract.language import declared_code, detect_language
from crawler.extract.metadata import PageMetadata, read_metadata
from crawler.extract.mojibake import repaired
from crawler.extract.page_tree import parse_page
from crawler.extract.paywall import find_paywall, read_free_flag
from crawler.extract.published import DateContext, PageDates, find_dates
from crawler.extract.site_labels import clean_section, clean_site_name
from crawler.extract.story_lists import own_addresses
from crawler.extract.textnorm import (
    canonical_url,
    clean_text,
    content_hash,
    decoded_body,
    decoded_text,
    word_count,
)
from crawler.extract.title import (
    choose_title,
    clean_title,
    heading_text,
    infer_site_names,
    links_home,
)
from crawler.hosts import url_host
from crawler.model import Article, DiscoveryHints

if TYPE_CHECKING:
    from crawler.config import SiteConfig

__all__ = ["extract_article", "extract_text"]

_NO_HINTS = DiscoveryHints()
# The HTML handed to the parser and to every pattern. Downloads are already capped by
# max_page_bytes; this bounds work on pages given some other way (reextract, try, tests).
MAX_HTML_CHARS = 5_000_000
MAX_HEADLINES = 3  # h1s compared with the body's first lines
MAX_HEADLINE_WORDS = 40


def extract_text(html: str, url: str | None = None) -> str:
    """The body of an article page as plain text, paragraphs separated by blank lines."""
    return extract_article(html, url).body


def extract_article(
    html: str,
    url: str | None = None,
    site: SiteConfig | None = None,
    fetched_at: datetime | None = None,
    hints: DiscoveryHints | None = None,
    detect: bool = True,
) -> Article:
    """Extract every field of the article record from one page; sources in `*_source` fields.

    `hints` is what discovery saw (a feed's title and date), used when the page lacks them.
    With ``detect=False`` the language is left as the page declares it, for
    :func:`detect_article_language` to finish elsewhere (the crawl's extraction workers
    leave it to the crawl process, so that only one process holds the language model).
    """
    hints = hints or _NO_HINTS
    html = repaired(html[:MAX_HTML_CHARS])
    tree = _parse(html)
    meta = read_metadata(tree) if tree is not None else PageMetadata()
    article = Article(url_original=url or "", first_seen=fetched_at)
    if site is not None:
        article.site, article.site_name = site.id, site.name
    if tree is None:
        return article
    selected = _from_selectors(tree, site)
    domains = site.domains if site is not None else ()
    article.url = canonical_url(url, meta.get("canonical")[0], domains) if url else ""
    # The h1s, and a blog post's hAtom entry-title, which stands in for one.
    h1_elements = list(tree.iter("h1")) + _entry_title(tree)
    h1s = [heading_text(element) for element in h1_elements]
    # An h1 that only links home names the site: a name to take off <title>, no headline.
    home = [text for text, element in zip(h1s, h1_elements, strict=True) if links_home(element)]
    _fill_title(article, selected, meta, [text for text in h1s if text not in home], hints, home)
    _fill_lead(article, selected, meta)
    _fill_authors(article, selected, meta, tree, url or "")
    declared = meta.get("language")[0]
    language = declared_code(declared)
    context = _date_context(url, site, fetched_at, hints, article.title, html, declared)
    _fill_dates(article, find_dates(tree, meta, _texts(selected.get("published", [])), context))
    free, free_source = meta.get("free")
    article.paywalled, article.paywalled_source = find_paywall(
        tree, (read_free_flag(free), free_source), meta.get("content_tier")[0], html
    )
    headlines = tuple(text for text in h1s if _headline_sized(text))[:MAX_HEADLINES]
    # Last: the generic extractor eats the tree.
    _fill_body(article, selected, meta, tree, url, html, headlines)
    article.language = language
    article.language_source = "declared" if article.language else ""
    if detect:
        detect_article_language(article)
    section, section_source = meta.get("section")
    article.section = clean_section(section)
    article.section_source = section_source if article.section else ""
    tags = [decoded_text(tag) for tag in meta.tags[0]]
    article.tags, article.tags_source = list(dict.fromkeys(t for t in tags if t)), meta.tags[1]
    if not article.site_name:
        article.site_name = clean_site_name(meta.get("site_name")[0])
    return article


def _parse(html: str) -> lxml_html.HtmlElement | None:
    """The page tree as trafilatura parses it (its extractor scores better on its own parse)."""
    if not html or not html.strip():
        return None
    return parse_page(html)  # None, not an exception, for a page lxml cannot read


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


# Walking the class attributes, then up to their elements, takes a third of the time of
# testing every element's normalised class list in XPath (0.4 against 1.0 ms a page).
_ENTRY_TITLE_CANDIDATES = etree.XPath("//@class[contains(., 'entry-title')]/..")


def _entry_title(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """The first element marked as the entry's title in hAtom ('entry-title', WordPress
    and Blogger themes), unless an h1: a blog post's title under an h1 naming the blog."""
    for element in _ENTRY_TITLE_CANDIDATES(tree):
        if element.tag != "h1" and "entry-title" in element.get("class", "").split():
            return [element]
    return []


def _fill_title(
    article: Article,
    selected: dict[str, list[Any]],
    meta: PageMetadata,
    h1s: list[str],
    hints: DiscoveryHints,
    home_names: list[str],
) -> None:
    structured = [(text, "selector") for text in _texts(selected.get("title", []))[:1]]
    structured.append(meta.get("title"))
    if meta.get("og_title")[0]:
        structured.append(meta.get("og_title"))
    # The host too: '... - Pastebin.com' names the site by its domain.
    host = _host(article.url_original)
    site_names = [n for n in (article.site_name, decoded_text(meta.get("site_name")[0]), host) if n]
    site_names += [clean_title(name) for name in home_names if name.strip()]
    title, source = choose_title(structured, h1s, meta.get("html_title")[0], site_names)
    if not title and hints.title:
        title, source = clean_title(hints.title), "hint"
    article.title, article.title_source = title, source


def _fill_body(
    article: Article,
    selected: dict[str, list[Any]],
    meta: PageMetadata,
    tree: lxml_html.HtmlElement,
    url: str | None,
    html: str,
    headlines: tuple[str, ...],
) -> None:
    """The body: the site's selector, else the generic extractor (which trims the page's
    printed `headlines` from its start) or the JSON-LD articleBody."""
    if selected.get("body"):
        body = paragraphs_of(selected["body"])
        if body:
            article.body, article.body_source = body, "selector"
    if not article.body:
        generic = generic_body(tree, url, article.title, html, headlines)
        json_ld = decoded_body(meta.get("body")[0])
        if json_ld and body_from_json_ld(json_ld, generic):
            article.body, article.body_source = json_ld, "json-ld"
        elif generic:
            article.body, article.body_source = generic, "generic"
    article.word_count = word_count(article.body)
    article.content_hash = content_hash(article.body)


def _headline_sized(text: str) -> bool:
    """An h1 of a headline's length: not one wrapped around a gallery or a whole page."""
    return 0 < len(text.split()) <= MAX_HEADLINE_WORDS


def _fill_lead(article: Article, selected: dict[str, list[Any]], meta: PageMetadata) -> None:
    texts = _texts(selected.get("lead", []))
    if texts:
        article.lead, article.lead_source = texts[0], "selector"
        return
    lead, source = meta.get("lead")
    article.lead, article.lead_source = decoded_text(lead), source


def _fill_authors(
    article: Article,
    selected: dict[str, list[Any]],
    meta: PageMetadata,
    tree: lxml_html.HtmlElement,
    url: str,
) -> None:
    site_names = [n for n in (article.site_name, decoded_text(meta.get("site_name")[0])) if n]
    # '<title>Headline | Fox News</title>': the outlet's name where no tag states it.
    site_names += infer_site_names(clean_title(meta.get("html_title")[0]), [article.title])
    site_names += [_host(url or meta.get("canonical")[0])]  # 'By Eric Bradner, CNN' on cnn.com
    selected_names = clean_authors(_texts(selected.get("authors", [])), site_names)
    if selected_names:
        article.authors, article.authors_source = selected_names, "selector"
        return
    structured = clean_authors(meta.authors[0], site_names)
    organizations = meta.authors_are_organizations or all(
        is_outlet_name(n, site_names) for n in structured
    )
    if structured and not organizations:
        article.authors, article.authors_source = structured, meta.authors[1]
        return
    # Only the outlet's name (or organisations) in structured data: the visible byline may
    # name the reporters.
    own = own_addresses(url, meta.get("canonical")[0])
    bylines = byline_names(tree, own, url or meta.get("canonical")[0])
    on_page = clean_authors(bylines, site_names)
    people = [n for n in on_page if not is_outlet_name(n, site_names)]
    # In order: people the byline names; the account an SEO plugin says posted the story
    # (twitter:label1 'Written by'); organisations in the metadata; the outlet's own
    # credit ('Apartment Therapy Submissions'); user names ('programmerguru'), which are
    # debris beside written-out names, from the metadata, then from the byline.
    written_by = clean_authors([meta.get("written_by")[0]], site_names)
    candidates = (
        (people, "byline"),
        (written_by, "meta"),
        (structured, meta.authors[1]),
        (on_page, "byline"),
    )
    for names, source in candidates:
        if names:
            article.authors, article.authors_source = names, source
            return
    # A lower-case full name is the metadata's way of writing it; in a byline it is debris.
    last_resorts = ((meta.authors[0], meta.authors[1], True), (bylines, "byline", False))
    for raw, source, lower_names in last_resorts:
        handles = clean_authors(raw, site_names, handles=True, lower_names=lower_names)
        if handles:
            article.authors, article.authors_source = handles, source
            return
    article.authors, article.authors_source = [], ""


def _date_context(
    url: str | None,
    site: SiteConfig | None,
    fetched_at: datetime | None,
    hints: DiscoveryHints,
    title: str,
    html: str,
    declared_language: str,
) -> DateContext:
    language = declared_code(declared_language)
    return DateContext(
        fetched_at=fetched_at,
        url=url or "",
        timezone=(site.timezone if site else "") or country_zone(url or "", language),
        languages=(site.languages or None) if site else None,
        min_date=site.min_date if site else None,
        hint_published=hints.published,
        hint_source=hints.published_source,
        title=title,
        html=html,
        declared_language=declared_language,
    )


def _fill_dates(article: Article, dates: PageDates) -> None:
    published, modified = dates.published, dates.modified
    if published is not None:
        article.published, article.published_utc = published.value, published.utc
        article.published_day, article.published_raw = published.day, published.raw
        article.published_source = published.source
        article.published_precision = published.precision
    if modified is not None:
        article.modified, article.modified_utc = modified.value, modified.utc
        article.modified_raw, article.modified_source = modified.raw, modified.source


def detect_article_language(article: Article) -> None:
    """Set the language from the title and body, with what the page declared (the language
    :func:`extract_article` leaves with ``detect=False``) as the hint."""
    declared = article.language if article.language_source == "declared" else ""
    article.language, article.language_source = detect_language(
        f"{article.title}\n{article.body}", declared
    )


def _host(url: str) -> str:
    """The host of a URL without 'www.' ('' for none, or for a URL that cannot be read)."""
    return url_host(url or "").removeprefix("www.")
