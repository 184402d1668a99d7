"""The demo site plus crawler traps (redirects, 404s, robots, odd charsets, duplicate URLs)."""

# Full-width Chinese punctuation and curly quotes are the point of the charset pages.

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from crawler.demo.site import (
    DEMO_ARTICLES,
    DemoArticle,
    Page,
    build_demo_site,
    html_page,
    render_article,
)

_SOFT_POWER = "/world/2025/05/05/china-soft-power-rises.html"
_TRADE_DEAL = "/business/2025/05/12/us-china-trade-deal-geneva.html"
_TRACKING = "?utm_source=twitter&utm_medium=social"

SECRET_PLAN = DemoArticle(
    path="/private/2025/03/03/secret-plan.html",
    title="Internal memo: the secret plan for the spring redesign",
    section="private",
    published="2025-03-03T09:00:00+00:00",
    authors=["Jane Doe"],
    language="en",
    body=[
        "This page sits under a path that robots.txt disallows, so a polite crawler must never "
        "fetch it, even though the home page links to it.",
        "Editors agreed to move the newsletter box, shorten headlines on section fronts and "
        "retire the old print layout by the end of the quarter.",
    ],
    keywords=["internal"],
    caption="A whiteboard covered in sketches for the new layout.",
)

GBK_ARTICLE = DemoArticle(
    path="/zh/2025/04/02/gbk-page.html",
    title="春茶上市 龙井茶价格总体平稳",
    section="zh",
    published="2025-04-02T08:20:00+08:00",
    authors=["王芳"],
    language="zh",
    body=[
        "清明节前后，杭州西湖龙井茶区迎来春茶采摘高峰，茶农们天刚亮就上山采茶。",
        "据当地茶叶协会介绍，今年春季气温回升较早，茶芽萌发整齐，品质普遍较好。"
        "受产量增加影响，明前龙井的收购价格与去年基本持平。",
        "不少茶企表示，线上销售和直播带货已经成为春茶销售的重要渠道，年轻消费者的比例明显提高。",
    ],
    keywords=["龙井茶", "春茶", "杭州"],
    caption="茶农在西湖龙井茶园采摘春茶。",
)

CP1252_ARTICLE = DemoArticle(
    path="/culture/2025/04/03/cafe-culture.html",
    title="Café culture: why Europe’s old coffee houses still matter",
    section="culture",
    published="2025-04-03T15:00:00+01:00",
    authors=["Claire Dubois"],
    language="en",
    body=[
        "In Vienna, Paris and Lisbon, the grand café is having a quiet revival. Owners say "
        "younger customers come for the “slow hours” rather than the coffee alone.",
        "“People want a room where nobody hurries them,” said Anna Keller, who runs a café "
        "near the opera. “We sell time as much as we sell cake.”",
        "Rising rents remain a threat. Several historic cafés have closed since 2020, and "
        "campaigners want the city’s coffee houses protected as cultural heritage — a step "
        "that Vienna’s own tradition already enjoys.",
    ],
    keywords=["café", "coffee houses", "Vienna"],
    caption="Regulars at a marble table in a Viennese café.",
)


@dataclass(frozen=True)
class FixtureExtras:
    """Paths of the traps the fixture site adds to the demo site."""

    redirect: str = "/old/moved.html"
    redirect_target: str = "/science/2025/04/17/k2-18b-biosignature.html"
    missing: str = "/world/2025/01/01/missing-story.html"
    missing_linked_from: str = "/world/"
    disallowed: str = SECRET_PLAN.path
    gbk: str = GBK_ARTICLE.path
    cp1252: str = CP1252_ARTICLE.path
    tracking: str = _TRADE_DEAL + _TRACKING
    tracking_canonical: str = _TRADE_DEAL
    print_copy: str = "/print" + _SOFT_POWER
    print_canonical: str = _SOFT_POWER
    non_articles: tuple[str, ...] = ("/login.html", "/tags/china.html")
    # An address no URL parser reads, first in the home page's story list and in the news
    # sitemap: it costs only itself, never the links and entries after it.
    unreadable: str = "http://[::1/unreadable.html"
    # On the site's own host, but with a port that is no number: no request can be made.
    unrequestable: str = "/world/2025/06/01/no-port.html"
    # Articles a crawler should store besides DEMO_ARTICLES (the disallowed one is not here).
    articles: tuple[DemoArticle, ...] = (GBK_ARTICLE, CP1252_ARTICLE)


FIXTURE_EXTRAS = FixtureExtras()


def _insert(page: Page, marker: str, html: str, *, after: bool = True) -> Page:
    """A copy of a UTF-8 page with ``html`` placed right after (or before) ``marker``."""
    text = page.body.decode("utf-8")
    if marker not in text:
        raise ValueError(f"marker {marker!r} not in page")
    replacement = marker + html if after else html + marker
    body = text.replace(marker, replacement, 1).encode("utf-8")
    return Page(body, page.content_type, page.status, page.headers)


def _link_item(href: str, title: str) -> str:
    return f'\n<li><h2><a href="{escape(href)}">{escape(title)}</a></h2></li>'


def _simple_page(title: str, body: str) -> Page:
    return html_page(
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}'
        f" - The Harbour Courier</title></head><body><h1>{title}</h1>{body}</body></html>\n"
    )


def _trap_pages(base_url: str) -> dict[str, Page]:
    extras = FIXTURE_EXTRAS
    moved = b'<html><body><a href="%s">Moved</a></body></html>' % extras.redirect_target.encode()
    print_copy = render_article(_article(extras.print_canonical), base_url, print_version=True)
    tag_links = "".join(
        f'<li><a href="{path}">{path}</a></li>' for path in (_SOFT_POWER, _TRADE_DEAL)
    )
    return {
        extras.redirect: Page(
            moved,
            "text/html; charset=utf-8",
            status=301,
            headers=(("Location", base_url + extras.redirect_target),),
        ),
        extras.disallowed: html_page(render_article(SECRET_PLAN, base_url)),
        extras.gbk: html_page(render_article(GBK_ARTICLE, base_url, charset="gbk"), "gbk"),
        extras.cp1252: html_page(
            render_article(CP1252_ARTICLE, base_url, charset="windows-1252"), "windows-1252"
        ),
        extras.print_copy: html_page(print_copy),
        "/login.html": _simple_page(
            "Sign in", '<form action="/login" method="post"><input name="user"></form>'
        ),
        "/tags/china.html": _simple_page("Tag: China", f"<ul>{tag_links}</ul>"),
    }


def _article(path: str) -> DemoArticle:
    return next(article for article in DEMO_ARTICLES if article.path == path)


def _add_links(pages: dict[str, Page], base_url: str) -> None:
    extras = FIXTURE_EXTRAS
    port_less = base_url.rsplit(":", 1)[0] + ":abc" + extras.unrequestable
    story_list = '<ul class="story-list">'
    home = _insert(pages["/"], story_list, _link_item(extras.disallowed, SECRET_PLAN.title))
    home = _insert(home, story_list, _link_item(extras.tracking, "US and China cut tariffs"))
    home = _insert(home, story_list, _link_item(extras.redirect, "From the archive"))
    home = _insert(home, story_list, _link_item(extras.unreadable, "Unreadable address"))
    home = _insert(home, story_list, _link_item(port_less, "No request possible"))
    footer_links = '<p><a href="/login.html">Sign in</a> | <a href="/tags/china.html">China</a></p>'
    pages["/"] = _insert(home, "</footer>", footer_links, after=False)
    pages[extras.missing_linked_from] = _insert(
        pages[extras.missing_linked_from], story_list, _link_item(extras.missing, "Missing story")
    )
    pages["/zh/"] = _insert(pages["/zh/"], story_list, _link_item(extras.gbk, GBK_ARTICLE.title))
    pages["/sitemap-news.xml"] = _insert(
        pages["/sitemap-news.xml"],
        '0.9">\n',
        f"<url><loc>{extras.unreadable}</loc></url>\n<url><loc>{port_less}</loc></url>\n",
    )
    pages["/culture/"] = _insert(
        pages["/culture/"], story_list, _link_item(extras.cp1252, "Cafe culture")
    )
    print_link = f'<p class="tools"><a href="{extras.print_copy}">Print this article</a></p>'
    pages[extras.print_canonical] = _insert(
        pages[extras.print_canonical], '<div class="share">', print_link, after=False
    )


def build_fixture_site(base_url: str) -> dict[str, Page]:
    """The demo site with the traps of :data:`FIXTURE_EXTRAS` added and linked."""
    base_url = base_url.rstrip("/")
    pages = build_demo_site(base_url)
    _add_links(pages, base_url)
    pages.update(_trap_pages(base_url))
    pages[FIXTURE_EXTRAS.tracking] = pages[FIXTURE_EXTRAS.tracking_canonical]
    return pages
