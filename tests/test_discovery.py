"""Feeds and sitemaps: entries with their dates and titles; broken documents fail clearly."""

from __future__ import annotations

import gzip

import pytest

from crawler.crawl.discovery import (
    DiscoveryError,
    parse_feed,
    parse_sitemap,
    read_sitemap,
    sniff_kind,
)

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>X</title>
<item><title>Rates rise</title><link>https://news.test/a.html</link>
<pubDate>Mon, 05 May 2025 10:30:00 +0100</pubDate></item>
<item><title>No link</title></item>
<item><title>Guid only</title><guid>https://news.test/b.html</guid></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<entry><title>Launch</title><link rel="alternate" href="/science/launch.html"/>
<published>2025-06-01T08:00:00Z</published><updated>2025-06-02T08:00:00Z</updated></entry>
</feed>"""

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.test/c.html</loc><lastmod>2025-05-06</lastmod>
<news:news><news:publication><news:name>T</news:name><news:language>en</news:language>
</news:publication><news:publication_date>2025-05-05T10:00:00+08:00</news:publication_date>
<news:title>China soft power</news:title></news:news></url></urlset>"""

INDEX = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.test/sitemap-news.xml</loc></sitemap></sitemapindex>"""


def test_rss_entries_with_dates_and_guid_links() -> None:
    entries = parse_feed(RSS, "https://news.test/rss.xml")
    assert [e.url for e in entries] == ["https://news.test/a.html", "https://news.test/b.html"]
    assert entries[0].published == "Mon, 05 May 2025 10:30:00 +0100"
    assert entries[0].title == "Rates rise" and entries[0].source == "feed"


def test_atom_relative_links_are_resolved() -> None:
    (entry,) = parse_feed(ATOM, "https://news.test/atom.xml")
    assert entry.url == "https://news.test/science/launch.html"
    assert (entry.published, entry.modified) == ("2025-06-01T08:00:00Z", "2025-06-02T08:00:00Z")


def test_news_sitemap_keeps_news_elements() -> None:
    children, (entry,) = parse_sitemap(NEWS_SITEMAP, "https://news.test/sitemap.xml")
    assert children == []
    assert entry.published == "2025-05-05T10:00:00+08:00"
    assert entry.title == "China soft power" and entry.modified == "2025-05-06"


def test_sitemap_index_and_gzip() -> None:
    children, entries = parse_sitemap(gzip.compress(INDEX), "https://news.test/sitemap.xml.gz")
    assert children == ["https://news.test/sitemap-news.xml"] and entries == []


def test_sniff_and_garbage() -> None:
    assert sniff_kind(RSS) == "feed" and sniff_kind(INDEX) == "sitemap"
    assert sniff_kind(b"\x00\xff garbage") == ""
    with pytest.raises(DiscoveryError):
        parse_sitemap(b"<html><body>not a sitemap</body></html>", "https://news.test/s.xml")
    with pytest.raises(DiscoveryError):
        parse_feed(b"", "https://news.test/rss.xml")


def test_entities_are_not_expanded() -> None:
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<rss><channel><item><title>&x;</title><link>https://news.test/e</link></item>"
        b"</channel></rss>"
    )
    (entry,) = parse_feed(evil, "https://news.test/rss.xml")
    assert "root:" not in entry.title


# 'http://[::1': an IPv6 host left open; 'news.test／a' a full-width slash in the host (NFKC
# turns it into '/', which Python's URL parser refuses in a host).
# A port that is no number or out of range: Scrapy refuses to make a request for it.
UNREADABLE = (
    "http://[::1/a.html",
    "http://news.test\uff0fa.html",
    "http://news.test:abc/a.html",
    "http://news.test:99999/a.html",
)


@pytest.mark.parametrize("address", UNREADABLE)
def test_an_unreadable_address_costs_only_its_own_entry(address: str) -> None:
    """One <loc> or <link> no URL parser reads used to raise out of the whole document, and
    every other entry of the sitemap or feed was lost with it."""
    urlset = (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{address}</loc></url><url><loc>https://news.test/c.html</loc></url></urlset>"
    )
    read = read_sitemap(urlset.encode(), "https://news.test/sitemap.xml")
    assert [e.url for e in read.entries] == ["https://news.test/c.html"]
    assert read.unreadable == 1
    index = urlset.replace("urlset", "sitemapindex").replace("<url>", "<sitemap>")
    index = index.replace("</url>", "</sitemap>")
    assert read_sitemap(index.encode(), "https://news.test/s.xml").children == [
        "https://news.test/c.html"
    ]
    feed = (
        f"<rss><channel><item><link>{address}</link></item>"
        "<item><link>https://news.test/d.html</link></item></channel></rss>"
    )
    assert [e.url for e in parse_feed(feed.encode(), "https://news.test/rss")] == [
        "https://news.test/d.html"
    ]
