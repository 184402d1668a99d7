"""The demo site is well formed and fully discoverable, and the site server serves it faithfully."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime
from email.message import Message
from html.parser import HTMLParser
from urllib.parse import urljoin

import pytest
from fixture_site import FIXTURE_EXTRAS, build_fixture_site

from crawler.demo.server import SiteServer
from crawler.demo.site import DEMO_ARTICLES, SECTIONS, DemoArticle, Page, build_demo_site

BASE = "http://127.0.0.1:8765"
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
XML_PATHS = ("/rss.xml", "/atom.xml", "/sitemap.xml", "/sitemap-news.xml", "/sitemap-pages.xml")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _links(page: Page, page_url: str) -> set[str]:
    parser = _Links()
    parser.feed(page.body.decode("utf-8"))
    return {urljoin(page_url, href) for href in parser.hrefs}


def _xml(site: dict[str, Page], path: str) -> ET.Element:
    return ET.fromstring(site[path].body)


def _text(page: Page) -> str:
    return page.body.decode("utf-8")


@pytest.fixture(scope="module")
def site() -> dict[str, Page]:
    return build_demo_site(BASE)


@pytest.fixture(scope="module")
def routes(site: dict[str, Page]) -> dict[str, set[str]]:
    """Article URLs found by each discovery route."""
    sections = set()
    for path in site:
        if re.fullmatch(r"/\w+/(\?page=\d+)?", path):
            sections |= _links(site[path], BASE + path)
    return {
        "rss": {el.text or "" for el in _xml(site, "/rss.xml").iterfind("channel/item/link")},
        "atom": {
            el.get("href", "")
            for el in _xml(site, "/atom.xml").iterfind("atom:entry/atom:link", NS)
        },
        "news-sitemap": {
            el.text or "" for el in _xml(site, "/sitemap-news.xml").iterfind("sm:url/sm:loc", NS)
        },
        "sections": sections,
    }


def test_feeds_and_sitemaps_are_well_formed_xml(site: dict[str, Page]) -> None:
    rss = _xml(site, "/rss.xml")
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    for item in rss.iterfind("channel/item"):
        assert item.findtext("title") and item.findtext("description")
        pub_date = item.findtext("pubDate") or ""
        assert re.fullmatch(r"\w{3}, \d{2} \w{3} 2025 \d{2}:\d{2}:\d{2} [+-]\d{4}", pub_date)
    assert _xml(site, "/atom.xml").findall("atom:entry/atom:published", NS)
    index = {el.text for el in _xml(site, "/sitemap.xml").iterfind("sm:sitemap/sm:loc", NS)}
    assert index == {f"{BASE}/sitemap-news.xml", f"{BASE}/sitemap-pages.xml"}
    news = _xml(site, "/sitemap-news.xml").findall("sm:url/news:news", NS)
    assert news and all(n.findtext("news:publication_date", namespaces=NS) for n in news)
    assert all(n.findtext("news:title", namespaces=NS) for n in news)
    pages = {el.text for el in _xml(site, "/sitemap-pages.xml").iterfind("sm:url/sm:loc", NS)}
    assert f"{BASE}/about.html" in pages and f"{BASE}/world/?page=2" in pages


def test_text_pages_declare_utf8(site: dict[str, Page]) -> None:
    for path, page in site.items():
        if not path.startswith("/images/"):
            assert page.content_type.endswith("; charset=utf-8"), path
            page.body.decode("utf-8")
    assert site["/rss.xml"].content_type.startswith("application/rss+xml")


def test_every_article_is_discoverable(routes: dict[str, set[str]]) -> None:
    found = set().union(*routes.values())
    missing = [a.path for a in DEMO_ARTICLES if a.url(BASE) not in found]
    assert not missing, f"articles no route reaches: {missing}"


def test_routes_match_the_declared_channels(routes: dict[str, set[str]]) -> None:
    for channel in ("rss", "atom", "news-sitemap"):
        declared = {a.url(BASE) for a in DEMO_ARTICLES if channel in a.channels}
        assert routes[channel] == declared, channel
    assert {a.url(BASE) for a in DEMO_ARTICLES} <= routes["sections"]
    section_only = [a for a in DEMO_ARTICLES if not a.channels]
    assert 3 <= len(section_only) < len(DEMO_ARTICLES) // 2


def test_section_only_articles_are_linked_only_from_section_pages(site: dict[str, Page]) -> None:
    section_only = {a.path for a in DEMO_ARTICLES if not a.channels}
    for path, page in site.items():
        if path.startswith("/images/") or re.fullmatch(r"/\w+/(\?page=\d+)?", path):
            continue
        text = page.body.decode("utf-8")
        assert not [p for p in section_only - {path} if p in text], path


def test_second_page_of_world_holds_older_stories(site: dict[str, Page]) -> None:
    first = _links(site["/world/"], f"{BASE}/world/")
    second = _links(site["/world/?page=2"], f"{BASE}/world/?page=2")
    assert f"{BASE}/world/?page=2" in first
    world = [a.url(BASE) for a in DEMO_ARTICLES if a.section == "world"]
    only_on_second = [url for url in world if url in second and url not in first]
    assert only_on_second and set(world) <= first | second


def test_articles_cover_the_brief(site: dict[str, Page]) -> None:
    assert 28 <= len(DEMO_ARTICLES) <= 35
    assert len({a.path for a in DEMO_ARTICLES}) == len(DEMO_ARTICLES)
    assert {a.section for a in DEMO_ARTICLES} == set(SECTIONS)
    assert {a.published[-6:] for a in DEMO_ARTICLES} == {"+00:00", "+01:00", "+08:00"}
    for article in DEMO_ARTICLES:
        assert re.fullmatch(r"/\w+/\d{4}/\d{2}/\d{2}/[\w-]+\.html", article.path)
        assert "2025-01-10" <= article.published[:10] <= "2025-06-30"
        assert article.path.split("/")[2:5] == article.published[:10].split("-")
        if article.language == "en":
            words = len(" ".join(article.body).split())
            assert 150 <= words <= 400, (article.path, words)
    assert {"jsonld", "opengraph", "text"} == {a.date_markup for a in DEMO_ARTICLES}


def _json_ld(text: str) -> dict[str, object] | None:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    return json.loads(match.group(1)) if match else None


@pytest.mark.parametrize("article", DEMO_ARTICLES, ids=lambda a: a.slug)
def test_article_page_markup(site: dict[str, Page], article: DemoArticle) -> None:
    text = _text(site[article.path])
    lang = "zh-CN" if article.language == "zh" else "en"
    assert f'<html lang="{lang}">' in text
    assert f"<title>{article.title} - The Harbour Courier</title>" in text.replace("&#x27;", "'")
    assert f'<link rel="canonical" href="{article.url(BASE)}">' in text
    body = text.split('<div class="article-body">', 1)[1].split("</div>", 1)[0]
    assert body.count("<p>") == len(article.body)
    assert '<div class="share">Share on' in text and "&copy; 2025" in text
    data = _json_ld(text)
    if article.date_markup == "jsonld":
        assert data and data["datePublished"] == article.published
        assert data["headline"] == article.title
    else:
        assert data is None
    has_og_date = f'"article:published_time" content="{article.published}"' in text
    assert has_og_date == (article.date_markup != "text")
    if article.date_markup == "text":
        shown = datetime.fromisoformat(article.published).strftime("%Y-%m-%d %H:%M")
        assert f"Published: {shown}" in text and "<time" not in text


def test_related_lists_follow_the_body(site: dict[str, Page]) -> None:
    with_related = [a for a in DEMO_ARTICLES if a.related]
    assert len(with_related) >= 4
    for article in with_related:
        text = _text(site[article.path])
        body_end = text.index("</div>", text.index('<div class="article-body">'))
        related_at = text.index('<div class="related"><h3>')
        assert body_end < related_at
        for link in article.related:
            assert f"<span>{link.date}</span>" in text[related_at:]
            assert link.title not in " ".join(article.body)


def test_seed_like_article() -> None:
    seed = next(a for a in DEMO_ARTICLES if a.title.startswith("Second in the world!"))
    assert seed.title == "Second in the world! China's soft power is rapidly improving"
    assert seed.published.startswith("2025-05-05T") and seed.published.endswith("+08:00")
    assert "Brand Finance Global Soft Power Index" in " ".join(seed.body)
    assert len(seed.related) >= 3


def test_chinese_articles_for_search_precision(site: dict[str, Page]) -> None:
    chinese = [a for a in DEMO_ARTICLES if a.language == "zh"]
    soft_power = [a for a in chinese if "软实力" in "".join(a.body)]
    assert len(soft_power) == 1 and "".join(soft_power[0].body).count("软实力") >= 3
    text = _text(site[soft_power[0].path])
    assert "2025年05月05日 10:30" in text and _json_ld(text) is not None
    assert len(re.findall("[\u3002\uff01\uff1f]", "".join(soft_power[0].body))) >= 5
    apart = [a for a in chinese if a is not soft_power[0]]
    assert any(
        "软" in (t := "".join(a.body)) and "实力" in t and "软实力" not in t + a.title
        for a in apart
    )


def test_build_is_deterministic() -> None:
    assert build_demo_site(BASE) == build_demo_site(BASE)


def test_robots_txt(site: dict[str, Page]) -> None:
    text = _text(site["/robots.txt"])
    assert "Disallow: /private/" in text and f"Sitemap: {BASE}/sitemap.xml" in text


# --- the server ------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: object,
        code: int,
        msg: str,
        headers: Message,
        newurl: str,
    ) -> None:
        return None


def _fetch(url: str, method: str = "GET") -> tuple[int, Message, bytes]:
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, method=method), timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def server() -> Iterator[SiteServer]:
    with SiteServer(build_fixture_site) as running:
        yield running


def test_server_serves_pages_and_records_requests(server: SiteServer) -> None:
    before = server.request_count("/world/")
    status, headers, body = _fetch(server.base_url + "/world/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert server.base_url.startswith("http://127.0.0.1:")
    assert body == server.pages["/world/"].body
    status, headers, body = _fetch(server.base_url + "/world/", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0
    assert server.request_count("/world/") == before + 2
    assert "/world/" in server.requests


def test_server_404s_unknown_paths(server: SiteServer) -> None:
    status, _, body = _fetch(server.base_url + "/no/such/page.html")
    assert status == 404 and b"not found" in body.lower()
    status, _, _ = _fetch(server.base_url + FIXTURE_EXTRAS.missing)
    assert status == 404


def test_server_sends_301_with_location(server: SiteServer) -> None:
    status, headers, _ = _fetch(server.base_url + FIXTURE_EXTRAS.redirect)
    assert status == 301
    assert headers["Location"] == server.base_url + FIXTURE_EXTRAS.redirect_target


def test_server_serves_gbk_and_windows_1252_bytes(server: SiteServer) -> None:
    status, headers, body = _fetch(server.base_url + FIXTURE_EXTRAS.gbk)
    assert status == 200 and headers["Content-Type"] == "text/html; charset=gbk"
    text = body.decode("gbk")
    assert '<meta charset="gbk">' in text and "龙井茶" in text
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    _, headers, body = _fetch(server.base_url + FIXTURE_EXTRAS.cp1252)
    assert headers["Content-Type"] == "text/html; charset=windows-1252"
    assert "café" in body.decode("cp1252") and "“slow hours”" in body.decode("cp1252")


def test_server_ignores_unknown_query_and_honours_etag(server: SiteServer) -> None:
    _, _, tracked = _fetch(server.base_url + FIXTURE_EXTRAS.tracking)
    _, _, clean = _fetch(server.base_url + FIXTURE_EXTRAS.tracking_canonical)
    assert tracked == clean
    _, headers, _ = _fetch(server.base_url + "/rss.xml")
    request = urllib.request.Request(
        server.base_url + "/rss.xml", headers={"If-None-Match": headers["ETag"]}
    )
    with pytest.raises(urllib.error.HTTPError) as not_modified:
        urllib.request.urlopen(request, timeout=10)
    assert not_modified.value.code == 304


def test_fixture_traps_are_linked(server: SiteServer) -> None:
    home = _text(server.pages["/"])
    for path in (FIXTURE_EXTRAS.disallowed, FIXTURE_EXTRAS.redirect, "/login.html"):
        assert f'href="{path}"' in home
    assert FIXTURE_EXTRAS.tracking.replace("&", "&amp;") in home
    assert FIXTURE_EXTRAS.missing in _text(server.pages[FIXTURE_EXTRAS.missing_linked_from])
    print_copy = _text(server.pages[FIXTURE_EXTRAS.print_copy])
    canonical = server.base_url + FIXTURE_EXTRAS.print_canonical
    assert f'<link rel="canonical" href="{canonical}">' in print_copy
    assert FIXTURE_EXTRAS.print_copy in _text(server.pages[FIXTURE_EXTRAS.print_canonical])
    assert "Disallow: /private/" in _text(server.pages["/robots.txt"])
