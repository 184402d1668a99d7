"""Discovery documents: RSS/Atom feeds and (news) sitemaps parsed into article URLs with hints."""

from __future__ import annotations

import gzip
import io
import logging
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import etree

logger = logging.getLogger(__name__)

MAX_SITEMAP_BYTES = 50_000_000
MAX_SITEMAP_ENTRIES = 50_000  # the sitemap protocol's limit of URLs (or sitemaps) per file


@dataclass(frozen=True)
class Discovered:
    """An article URL as a feed or sitemap listed it, with the date and title it gave."""

    url: str
    source: str
    title: str = ""
    published: str = ""
    modified: str = ""


class DiscoveryError(ValueError):
    """A feed or sitemap that could not be read at all."""


def _root(body: bytes) -> etree._Element:
    if body[:2] == b"\x1f\x8b":
        body = _gunzip(body)
    parser = etree.XMLParser(
        recover=True, resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
    )
    try:
        root = etree.fromstring(body.strip(), parser=parser)
    except etree.XMLSyntaxError as exc:
        raise DiscoveryError(f"not XML: {exc}") from exc
    if root is None:
        raise DiscoveryError("not XML: empty document")
    return root


def _gunzip(body: bytes) -> bytes:
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
        data = stream.read(MAX_SITEMAP_BYTES + 1)
    if len(data) > MAX_SITEMAP_BYTES:
        raise DiscoveryError("compressed sitemap larger than 50 MB once unpacked")
    return data


def _local(tag: object) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _absolute_url(base_url: str, link: str) -> str:
    """`link` resolved against `base_url`; '' for an address no URL parser reads ('http://[::1',
    a host with a full-width slash) or no request can be made for, so that one bad entry costs
    only itself."""
    try:
        return requestable(urljoin(base_url, link))
    except ValueError:
        return ""


def requestable(url: str) -> str:
    """`url` when a request can be made for it; '' for a port that is no number or out of
    range ('http://news.test:abc/') or a lone surrogate, which Scrapy refuses with an error."""
    try:
        _ = urlsplit(url).port  # reading the port checks it
        url.encode("utf-8")
    except ValueError:  # UnicodeEncodeError is one too
        return ""
    return url


def _child_text(element: etree._Element, *names: str) -> str:
    for child in element:
        if _local(child.tag) in names and child.text and child.text.strip():
            return child.text.strip()
    return ""


def parse_feed(body: bytes, base_url: str) -> list[Discovered]:
    """Entries of an RSS 2.0, RSS 1.0 or Atom feed: link, title, published and updated dates."""
    root = _root(body)
    entries = [el for el in root.iter() if _local(el.tag) in ("item", "entry")]
    found = []
    unreadable = 0
    for entry in entries:
        link = _entry_link(entry)
        url = _absolute_url(base_url, link) if link else ""
        if not url:
            unreadable += bool(link)
            continue
        found.append(
            Discovered(
                url=url,
                source="feed",
                title=_child_text(entry, "title"),
                published=_child_text(entry, "pubdate", "published", "date", "issued", "created"),
                modified=_child_text(entry, "updated", "modified"),
            )
        )
    if unreadable:
        logger.warning("feed %s: %d entries with an unreadable link skipped", base_url, unreadable)
    return found


def _entry_link(entry: etree._Element) -> str:
    for child in entry:
        if _local(child.tag) != "link":
            continue
        href = child.get("href")
        if href and child.get("rel", "alternate") == "alternate":
            return href.strip()
        if child.text and child.text.strip():
            return child.text.strip()
    guid = [c for c in entry if _local(c.tag) == "guid" and c.get("isPermaLink") != "false"]
    if guid and guid[0].text and guid[0].text.strip().startswith("http"):
        return guid[0].text.strip()
    return ""


@dataclass
class SitemapRead:
    """What one sitemap file lists: child sitemaps (an index) or article entries (a urlset),
    at most MAX_SITEMAP_ENTRIES of them; `ignored` counts the ones past that limit,
    `unreadable` those whose address no URL parser reads (skipped, the rest still read)."""

    children: list[str] = field(default_factory=list)
    entries: list[Discovered] = field(default_factory=list)
    ignored: int = 0
    unreadable: int = 0


def parse_sitemap(body: bytes, base_url: str) -> tuple[list[str], list[Discovered]]:
    """(child sitemap URLs, article entries) of a sitemap index or urlset, news:* kept."""
    read = read_sitemap(body, base_url)
    return read.children, read.entries


def read_sitemap(body: bytes, base_url: str) -> SitemapRead:
    """A sitemap index or urlset, news:* kept, capped at the protocol's 50,000 per file.

    Entries past the cap are counted in `ignored` (and logged), never requested.
    """
    root = _root(body)
    kind = _local(root.tag)
    if kind not in ("sitemapindex", "urlset"):
        raise DiscoveryError(f"not a sitemap: root element <{kind}>")
    read = SitemapRead()
    wanted = "sitemap" if kind == "sitemapindex" else "url"
    for element in root:
        if _local(element.tag) != wanted or not _child_text(element, "loc"):
            continue
        url = _absolute_url(base_url, _child_text(element, "loc"))
        if not url:
            read.unreadable += 1
        elif len(read.children) + len(read.entries) >= MAX_SITEMAP_ENTRIES:
            read.ignored += 1
        elif kind == "sitemapindex":
            read.children.append(url)
        else:
            read.entries.append(_sitemap_entry(element, url))
    if read.unreadable:
        logger.warning(
            "sitemap %s: %d entries with an unreadable <loc> skipped", base_url, read.unreadable
        )
    if read.ignored:
        logger.warning(
            "sitemap %s lists %d entries past the protocol's %d per file: ignored",
            base_url,
            read.ignored,
            MAX_SITEMAP_ENTRIES,
        )
    return read


def _sitemap_entry(url_element: etree._Element, url: str) -> Discovered:
    news = [el for el in url_element if _local(el.tag) == "news"]
    return Discovered(
        url=url,
        source="sitemap",
        title=_child_text(news[0], "title") if news else "",
        published=_child_text(news[0], "publication_date") if news else "",
        modified=_child_text(url_element, "lastmod"),
    )


def sniff_kind(body: bytes) -> str:
    """'sitemap' or 'feed' by the document's root element ('' when unknown)."""
    try:
        kind = _local(_root(body).tag)
    except DiscoveryError:
        return ""
    if kind in ("urlset", "sitemapindex"):
        return "sitemap"
    if kind in ("rss", "feed", "rdf"):
        return "feed"
    return ""
