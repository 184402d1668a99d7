"""The Harbour Courier: a generated sample news site for `presswatch demo` and the test fixtures."""

# The Chinese articles are real Chinese prose: full-width punctuation is intended there.

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from email.utils import format_datetime
from html import escape
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from crawler.demo.content import STORIES, Spec

SITE_NAME = "The Harbour Courier"
SITE_DESCRIPTION = "Independent news from the harbour city: world, business, science and culture."
SECTIONS: dict[str, str] = {
    "world": "World",
    "business": "Business",
    "science": "Science",
    "culture": "Culture",
    "sport": "Sport",
    "zh": "中文",
}
PAGINATED_SECTION = "world"
PAGE_SIZE = 5  # stories per page of the paginated section; other sections fit on one page

HTML_UTF8 = "text/html; charset=utf-8"
XML_UTF8 = "application/xml; charset=utf-8"
RSS_UTF8 = "application/rss+xml; charset=utf-8"
ATOM_UTF8 = "application/atom+xml; charset=utf-8"
TEXT_UTF8 = "text/plain; charset=utf-8"
CSS_UTF8 = "text/css; charset=utf-8"

# Discovery routes, by position in the newest-first article list (see _assign_channels).
RSS_SIZE = 16
ATOM_FIRST = 13
NEWS_SITEMAP_SIZE = 10
SECTION_ONLY_SIZE = 4
HOME_SIZE = 10

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
_CSS = """body{font-family:Georgia,serif;margin:0 auto;max-width:60rem;padding:0 1rem}
.site-header nav ul,.share,.pagination{display:flex;gap:1rem;list-style:none;padding:0}
.article-body p{line-height:1.6}.related span{color:#666;margin-left:.5rem}
"""


@dataclass(frozen=True)
class Page:
    """One response of a served site: body bytes, content type, status and extra headers."""

    body: bytes
    content_type: str
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RelatedLink:
    """One entry of an article's related-headlines list, as shown after the body."""

    title: str
    path: str
    date: str


@dataclass(frozen=True)
class DemoArticle:
    """The truth about one demo article: what its page says and how it can be discovered.

    ``date_markup`` says where the page states its date: ``jsonld`` (JSON-LD, OpenGraph and
    ``<time datetime>``), ``opengraph`` (``article:published_time`` only) or ``text`` (visible
    text only).  ``channels`` lists the routes besides its section page: ``rss``, ``atom``,
    ``news-sitemap`` (none for articles reachable only through section pages).
    """

    path: str
    title: str
    section: str
    published: str
    authors: list[str]
    language: str
    body: list[str]
    related: list[RelatedLink] = field(default_factory=list)
    modified: str = ""
    keywords: list[str] = field(default_factory=list)
    date_markup: str = "jsonld"
    caption: str = ""
    editor: str = ""
    channels: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        return self.path.rsplit("/", 1)[-1].removesuffix(".html")

    @property
    def published_at(self) -> datetime:
        return datetime.fromisoformat(self.published)

    @property
    def summary(self) -> str:
        """The first sentence of the body, used as description in meta tags and feeds."""
        return re.split(r"(?<=[.!?])\s+|(?<=[。！？])", self.body[0], maxsplit=1)[0]

    def url(self, base_url: str) -> str:
        return base_url.rstrip("/") + self.path


def _paragraphs(text: str, language: str) -> list[str]:
    joiner = "" if language == "zh" else " "
    blocks = re.split(r"\n\s*\n", text.strip())
    return [joiner.join(line.strip() for line in block.splitlines()) for block in blocks]


def _article_from_spec(spec: Spec) -> DemoArticle:
    language = "zh" if spec.section == "zh" else "en"
    day = datetime.fromisoformat(spec.stamp).strftime("%Y/%m/%d")
    return DemoArticle(
        path=f"/{spec.section}/{day}/{spec.slug}.html",
        title=spec.title,
        section=spec.section,
        published=spec.stamp,
        authors=list(spec.authors),
        language=language,
        body=_paragraphs(spec.text, language),
        modified=spec.modified,
        keywords=list(spec.keywords),
        date_markup=spec.markup,
        caption=spec.caption,
        editor=spec.editor,
    )


def _newest_first(articles: list[DemoArticle]) -> list[DemoArticle]:
    return sorted(articles, key=lambda a: (-a.published_at.timestamp(), a.path))


def _channels(position: int, total: int) -> tuple[str, ...]:
    """Feeds carry the newest stories, the oldest survive only on section pages."""
    if position >= total - SECTION_ONLY_SIZE:
        return ()
    channels = []
    if position < RSS_SIZE:
        channels.append("rss")
    if position >= ATOM_FIRST:
        channels.append("atom")
    if position < NEWS_SITEMAP_SIZE:
        channels.append("news-sitemap")
    return tuple(channels)


def _build_articles() -> list[DemoArticle]:
    ordered = _newest_first([_article_from_spec(spec) for spec in STORIES])
    by_slug = {article.slug: article for article in ordered}
    related = {spec.slug: spec.related for spec in STORIES}
    result = []
    for position, article in enumerate(ordered):
        links = [
            RelatedLink(by_slug[slug].title, by_slug[slug].path, by_slug[slug].published[:10])
            for slug in related[article.slug]
        ]
        channels = _channels(position, len(ordered))
        result.append(replace(article, related=links, channels=channels))
    return result


DEMO_ARTICLES: list[DemoArticle] = _build_articles()


# --- article pages ---------------------------------------------------------------------------


def _site_url(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def _page_lang(language: str) -> str:
    return "zh-CN" if language == "zh" else language


def _shown_date(article: DemoArticle) -> str:
    """The date as a reader sees it, in the style of the page's language."""
    when = article.published_at
    if article.language == "zh":
        return when.strftime("%Y年%m月%d日 %H:%M")
    if article.date_markup == "text":
        return "Published: " + when.strftime("%Y-%m-%d %H:%M")
    return _english_date(when)


def _english_date(when: datetime) -> str:
    return f"{when.day} {_MONTHS[when.month - 1]} {when.year}, {when:%H:%M}"


def _dateline(article: DemoArticle) -> str:
    shown = escape(_shown_date(article))
    if article.date_markup != "jsonld":
        return f'<p class="dateline">{shown}</p>'
    line = f'<time class="published" datetime="{article.published}">{shown}</time>'
    if article.modified:
        updated = _english_date(datetime.fromisoformat(article.modified))
        line += f' <time class="updated" datetime="{article.modified}">Updated {updated}</time>'
    return f'<p class="dateline">{line}</p>'


def _byline(article: DemoArticle) -> str:
    if not article.authors:
        return ""
    names = [f'<span class="author">{escape(name)}</span>' for name in article.authors]
    if article.language == "zh":
        return f'<p class="byline">记者 {"、".join(names)}</p>'
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f'<p class="byline">By {joined}</p>'


def _json_ld(article: DemoArticle, base_url: str, ascii_only: bool) -> str:
    url = article.url(base_url)
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title,
        "description": article.summary,
        "image": [_site_url(base_url, f"/images/{article.slug}.gif")],
        "datePublished": article.published,
        "articleSection": SECTIONS.get(article.section, article.section.title()),
        "keywords": ", ".join(article.keywords),
        "inLanguage": _page_lang(article.language),
        "publisher": {"@type": "Organization", "name": SITE_NAME},
    }
    if article.modified:
        data["dateModified"] = article.modified
    if article.authors:
        data["author"] = [{"@type": "Person", "name": name} for name in article.authors]
    text = json.dumps(data, ensure_ascii=ascii_only, indent=2).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>'


def _open_graph(article: DemoArticle, base_url: str) -> list[str]:
    tags = [
        ("og:type", "article"),
        ("og:site_name", SITE_NAME),
        ("og:title", article.title),
        ("og:description", article.summary),
        ("og:url", article.url(base_url)),
        ("og:image", _site_url(base_url, f"/images/{article.slug}.gif")),
        ("article:section", SECTIONS.get(article.section, article.section.title())),
    ]
    if article.date_markup != "text":
        tags.append(("article:published_time", article.published))
        if article.modified:
            tags.append(("article:modified_time", article.modified))
    tags += [("article:tag", keyword) for keyword in article.keywords]
    return [f'<meta property="{name}" content="{escape(value)}">' for name, value in tags]


def _article_head(article: DemoArticle, base_url: str, charset: str) -> str:
    lines = [
        f'<meta name="description" content="{escape(article.summary)}">',
        f'<meta name="keywords" content="{escape(", ".join(article.keywords))}">',
        *_open_graph(article, base_url),
    ]
    if article.date_markup == "jsonld":
        lines.append(_json_ld(article, base_url, ascii_only=charset.lower() != "utf-8"))
    return "\n".join(lines)


def _related(article: DemoArticle, base_url: str) -> str:
    if not article.related:
        return ""
    label = "相关新闻" if article.language == "zh" else "Related"
    items = "".join(
        f'<li><a href="{_site_url(base_url, link.path)}">{escape(link.title, quote=False)}</a>'
        f"<span>{link.date}</span></li>\n"
        for link in article.related
    )
    return f'<div class="related"><h3>{label}</h3>\n<ul>\n{items}</ul></div>'


def _story(article: DemoArticle, base_url: str, print_version: bool) -> str:
    label = SECTIONS.get(article.section, article.section.title())
    body = "\n".join(f"<p>{escape(paragraph, quote=False)}</p>" for paragraph in article.body)
    parts = [
        '<article class="story">',
        f'<nav class="breadcrumb"><a href="/">Home</a> &gt; '
        f'<a href="/{article.section}/">{escape(label)}</a></nav>',
        '<header class="story-header">',
        f"<h1>{escape(article.title, quote=False)}</h1>",
        _byline(article),
        _dateline(article),
        "</header>",
        '<figure class="lead-image">'
        f'<img src="/images/{article.slug}.gif" alt="{escape(article.caption)}" width="800" '
        f'height="450"><figcaption>{escape(article.caption, quote=False)}</figcaption></figure>',
        "" if print_version else _share_bar(),
        f'<div class="article-body">\n{body}\n</div>',
        f'<p class="editor">Editor: {escape(article.editor)}</p>' if article.editor else "",
        "" if print_version else _related(article, base_url),
        "</article>",
    ]
    return "\n".join(part for part in parts if part)


def _share_bar() -> str:
    return (
        '<div class="share">Share on <span class="facebook">Facebook</span> '
        '<span class="twitter">Twitter</span> <span class="email">Email</span></div>'
    )


def render_article(
    article: DemoArticle, base_url: str, *, charset: str = "utf-8", print_version: bool = False
) -> str:
    """The HTML of one article page; ``print_version`` drops the site furniture."""
    return _layout(
        title=f"{article.title} - {SITE_NAME}",
        main=_story(article, base_url, print_version),
        base_url=base_url,
        canonical=article.path,
        lang=_page_lang(article.language),
        head=_article_head(article, base_url, charset),
        charset=charset,
        chrome=not print_version,
    )


# --- site furniture and listings -------------------------------------------------------------


def _nav() -> str:
    items = "".join(
        f'<li><a href="/{section}/">{escape(label)}</a></li>' for section, label in SECTIONS.items()
    )
    return (
        '<header class="site-header"><a class="logo" href="/">The Harbour Courier</a>\n'
        f'<nav class="main-nav"><ul><li><a href="/">Home</a></li>{items}</ul></nav></header>'
    )


def _newsletter() -> str:
    return (
        '<aside class="newsletter"><h3>The Morning Briefing</h3>'
        "<p>The day's essential stories in your inbox before 7am. Free for readers.</p>"
        '<form action="/newsletter/subscribe" method="post">'
        '<input type="email" name="email" placeholder="Your email address">'
        '<button type="submit">Sign up</button></form></aside>'
    )


def _footer() -> str:
    return (
        '<footer class="site-footer"><p>&copy; 2025 The Harbour Courier. All rights reserved.</p>'
        '<p><a href="/about.html">About us</a> | <a href="/contact.html">Contact</a> | '
        '<a href="/rss.xml">RSS</a> | <a href="/atom.xml">Atom</a></p></footer>'
    )


def _layout(
    *,
    title: str,
    main: str,
    base_url: str,
    canonical: str,
    lang: str = "en",
    head: str = "",
    charset: str = "utf-8",
    chrome: bool = True,
) -> str:
    """A whole HTML document in the site's template (ASCII-only furniture, any charset)."""
    head_lines = [
        f'<meta charset="{charset}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title, quote=False)}</title>",
        f'<link rel="canonical" href="{_site_url(base_url, canonical)}">',
        f'<link rel="alternate" type="application/rss+xml" title="{SITE_NAME}" href="/rss.xml">',
        '<link rel="stylesheet" href="/static/site.css">',
        head,
    ]
    body = [_nav(), f"<main>\n{main}\n{_newsletter()}\n</main>", _footer()] if chrome else [main]
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n'
        + "\n".join(line for line in head_lines if line)
        + "\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def html_page(document: str, charset: str = "utf-8") -> Page:
    """A 200 HTML page in the given charset (characters it lacks become references)."""
    body = document.encode(charset, errors="xmlcharrefreplace")
    return Page(body=body, content_type=f"text/html; charset={charset}")


def _story_list(articles: list[DemoArticle]) -> str:
    items = "".join(
        f'<li><h2><a href="{article.path}">{escape(article.title, quote=False)}</a></h2>'
        f'<time datetime="{article.published}">{article.published[:10]}</time>'
        f'<p class="summary">{escape(article.summary, quote=False)}</p></li>\n'
        for article in articles
    )
    return f'<ul class="story-list">\n{items}</ul>'


def _pagination(section: str, page: int, pages: int) -> str:
    links = []
    if page > 1:
        newer = f"/{section}/" if page == 2 else f"/{section}/?page={page - 1}"
        links.append(f'<a rel="prev" href="{newer}">Newer stories</a>')
    if page < pages:
        links.append(f'<a rel="next" href="/{section}/?page={page + 1}">Older stories</a>')
    return f'<nav class="pagination">{" ".join(links)}</nav>' if links else ""


def _section_pages(section: str, base_url: str) -> dict[str, Page]:
    label = SECTIONS[section]
    stories = [article for article in DEMO_ARTICLES if article.section == section]
    size = PAGE_SIZE if section == PAGINATED_SECTION else len(stories)
    chunks = [stories[start : start + size] for start in range(0, len(stories), size)]
    pages = {}
    for number, chunk in enumerate(chunks, start=1):
        path = f"/{section}/" if number == 1 else f"/{section}/?page={number}"
        main = (
            f'<section class="section-front"><h1>{escape(label)}</h1>\n{_story_list(chunk)}\n'
            f"{_pagination(section, number, len(chunks))}</section>"
        )
        title = (
            f"{label} - {SITE_NAME}" if number == 1 else f"{label} (page {number}) - {SITE_NAME}"
        )
        lang = "zh-CN" if section == "zh" else "en"
        document = _layout(title=title, main=main, base_url=base_url, canonical=path, lang=lang)
        pages[path] = html_page(document)
    return pages


def _home(base_url: str) -> Page:
    sections = "".join(
        f'<li><a href="/{section}/">{escape(label)}</a></li>' for section, label in SECTIONS.items()
    )
    top = _story_list(DEMO_ARTICLES[:HOME_SIZE])
    main = (
        f'<section class="top-stories"><h1>Top stories</h1>\n{top}'
        f'</section>\n<section class="sections"><h2>Sections</h2><ul>{sections}</ul></section>'
    )
    title = f"{SITE_NAME} - News, analysis and opinion"
    return html_page(_layout(title=title, main=main, base_url=base_url, canonical="/"))


def _static_page(path: str, heading: str, paragraphs: list[str], base_url: str) -> Page:
    main = f'<section class="static-page"><h1>{heading}</h1>\n' + "\n".join(
        f"<p>{text}</p>" for text in paragraphs
    )
    title = f"{heading} - {SITE_NAME}"
    return html_page(
        _layout(title=title, main=main + "</section>", base_url=base_url, canonical=path)
    )


def _about(base_url: str) -> Page:
    return _static_page(
        "/about.html",
        "About us",
        [
            "The Harbour Courier is an independent news organisation founded in 1962. Our "
            "reporters cover world affairs, business, science, culture and sport, with a "
            "Chinese-language desk in Hong Kong.",
            "This site is a demonstration: every story on it was written for testing presswatch.",
        ],
        base_url,
    )


def _contact(base_url: str) -> Page:
    return _static_page(
        "/contact.html",
        "Contact",
        [
            "News desk: newsdesk@harbourcourier.example, +44 20 7946 0000.",
            "Corrections: corrections@harbourcourier.example. We aim to reply within a day.",
            "Postal address: 1 Quay Street, Harbour City.",
        ],
        base_url,
    )


# --- feeds, sitemaps and robots.txt ------------------------------------------------------------


def _with_channel(channel: str) -> list[DemoArticle]:
    return [article for article in DEMO_ARTICLES if channel in article.channels]


def _xml_page(text: str, content_type: str = XML_UTF8) -> Page:
    return Page(
        body=('<?xml version="1.0" encoding="UTF-8"?>\n' + text).encode(), content_type=content_type
    )


def _rss_item(article: DemoArticle, base_url: str) -> str:
    url = article.url(base_url)
    creators = "".join(f"<dc:creator>{xml_escape(name)}</dc:creator>" for name in article.authors)
    return (
        f"<item><title>{xml_escape(article.title)}</title><link>{url}</link>"
        f'<guid isPermaLink="true">{url}</guid>'
        f"<pubDate>{format_datetime(article.published_at)}</pubDate>"
        f"<description>{xml_escape(article.summary)}</description>"
        f"<category>{xml_escape(SECTIONS[article.section])}</category>{creators}</item>\n"
    )


def _rss(base_url: str) -> Page:
    articles = _with_channel("rss")
    items = "".join(_rss_item(article, base_url) for article in articles)
    return _xml_page(
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
        f"<title>{SITE_NAME}</title><link>{base_url}/</link>"
        f"<description>{xml_escape(SITE_DESCRIPTION)}</description><language>en-gb</language>"
        f"<lastBuildDate>{format_datetime(articles[0].published_at)}</lastBuildDate>\n"
        f'<atom:link href="{base_url}/rss.xml" rel="self" type="application/rss+xml"/>\n'
        f"{items}</channel>\n</rss>\n",
        RSS_UTF8,
    )


def _atom_entry(article: DemoArticle, base_url: str) -> str:
    authors = "".join(f"<author><name>{xml_escape(n)}</name></author>" for n in article.authors)
    return (
        f"<entry><title>{xml_escape(article.title)}</title>"
        f'<link rel="alternate" type="text/html" href="{article.url(base_url)}"/>'
        f"<id>tag:harbourcourier.example,2025:{article.slug}</id>"
        f"<published>{article.published}</published>"
        f"<updated>{article.modified or article.published}</updated>{authors}"
        f"<category term={quoteattr(SECTIONS[article.section])}/>"
        f"<summary>{xml_escape(article.summary)}</summary></entry>\n"
    )


def _atom(base_url: str) -> Page:
    articles = _with_channel("atom")
    entries = "".join(_atom_entry(article, base_url) for article in articles)
    updated = max((a.modified or a.published for a in articles), key=datetime.fromisoformat)
    return _xml_page(
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n'
        f"<title>{SITE_NAME}</title><subtitle>{xml_escape(SITE_DESCRIPTION)}</subtitle>"
        f'<link rel="self" href="{base_url}/atom.xml"/><link rel="alternate" href="{base_url}/"/>'
        f"<id>tag:harbourcourier.example,2025:feed</id><updated>{updated}</updated>"
        f"<author><name>{SITE_NAME}</name></author>\n{entries}</feed>\n",
        ATOM_UTF8,
    )


def _news_url(article: DemoArticle, base_url: str) -> str:
    language = "zh-cn" if article.language == "zh" else article.language
    return (
        f"<url><loc>{article.url(base_url)}</loc>"
        f"<lastmod>{article.modified or article.published}</lastmod><news:news>"
        f"<news:publication><news:name>{SITE_NAME}</news:name>"
        f"<news:language>{language}</news:language></news:publication>"
        f"<news:publication_date>{article.published}</news:publication_date>"
        f"<news:title>{xml_escape(article.title)}</news:title></news:news></url>\n"
    )


def _news_sitemap(base_url: str) -> Page:
    urls = "".join(_news_url(article, base_url) for article in _with_channel("news-sitemap"))
    return _xml_page(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
        f"{urls}</urlset>\n"
    )


def _pages_sitemap(base_url: str, paths: list[str]) -> Page:
    urls = "".join(f"<url><loc>{xml_escape(base_url + path)}</loc></url>\n" for path in paths)
    return _xml_page(
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n'
    )


def _sitemap_index(base_url: str) -> Page:
    newest = DEMO_ARTICLES[0].published
    entries = "".join(
        f"<sitemap><loc>{base_url}/{name}</loc><lastmod>{newest}</lastmod></sitemap>\n"
        for name in ("sitemap-news.xml", "sitemap-pages.xml")
    )
    return _xml_page(
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}'
        "</sitemapindex>\n"
    )


def _robots(base_url: str) -> Page:
    text = (
        f"# robots.txt for {SITE_NAME}\nUser-agent: *\nDisallow: /private/\n\n"
        f"Sitemap: {base_url}/sitemap.xml\n"
    )
    return Page(body=text.encode(), content_type=TEXT_UTF8)


# --- the whole site ----------------------------------------------------------------------------


def _listing_pages(base_url: str) -> dict[str, Page]:
    pages = {"/": _home(base_url), "/about.html": _about(base_url)}
    pages["/contact.html"] = _contact(base_url)
    for section in SECTIONS:
        pages.update(_section_pages(section, base_url))
    return pages


def build_demo_site(base_url: str) -> dict[str, Page]:
    """Every page of the demo site, keyed by path (and query), with links to ``base_url``."""
    base_url = base_url.rstrip("/")
    pages = _listing_pages(base_url)
    pages_sitemap = _pages_sitemap(base_url, list(pages))
    for article in DEMO_ARTICLES:
        pages[article.path] = html_page(render_article(article, base_url))
        pages[f"/images/{article.slug}.gif"] = Page(body=_GIF, content_type="image/gif")
    pages.update(
        {
            "/rss.xml": _rss(base_url),
            "/atom.xml": _atom(base_url),
            "/sitemap.xml": _sitemap_index(base_url),
            "/sitemap-news.xml": _news_sitemap(base_url),
            "/sitemap-pages.xml": pages_sitemap,
            "/robots.txt": _robots(base_url),
            "/static/site.css": Page(body=_CSS.encode(), content_type=CSS_UTF8),
        }
    )
    return pages
