"""Structured metadata of a page: JSON-LD NewsArticle and meta/OpenGraph tags, as raw strings."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import html as lxml_html

from crawler.extract.comments import in_comments
from crawler.extract.json_ld import json_ld_values
from crawler.extract.paywall import read_free_flag
from crawler.extract.textnorm import unescaped

logger = logging.getLogger(__name__)

ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "blogposting",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "liveblogposting",
    "socialmediaposting",
    "webpage",
    "report",
    "scholarlyarticle",
    "techarticle",
    # the rest of schema.org's Article subtypes
    "advertisercontentarticle",
    "satiricalarticle",
    "medicalscholarlyarticle",
    "apireference",
    "askpublicnewsarticle",
    "discussionforumposting",
}
_TYPE_RANK = {"webpage": 2}


@dataclass
class PageMetadata:
    """Raw metadata strings found in a page, each with the name of where it came from."""

    values: dict[str, tuple[str, str]] = field(default_factory=dict)
    authors: tuple[list[str], str] = ([], "")
    tags: tuple[list[str], str] = ([], "")
    authors_are_organizations: bool = False
    """True when structured data typed every author as an Organization (the outlet, not
    a reporter): a person named in the visible byline is then preferred."""

    def get(self, name: str) -> tuple[str, str]:
        """(value, source) for a field, ('', '') when nothing was found."""
        return self.values.get(name, ("", ""))

    def offer(self, name: str, value: Any, source: str) -> None:
        """Keep a value unless an earlier (more trusted) source already gave one."""
        if isinstance(value, str) and value.strip() and name not in self.values:
            self.values[name] = (value.strip(), source)


def read_metadata(tree: lxml_html.HtmlElement) -> PageMetadata:
    """JSON-LD first, then meta/OpenGraph, then <time> and <title>: each fills what is empty."""
    found = PageMetadata()
    _read_json_ld(tree, found)
    _read_meta_tags(tree, found)
    _read_document(tree, found)
    return found


def _read_json_ld(tree: lxml_html.HtmlElement, found: PageMetadata) -> None:
    objects: list[dict[str, Any]] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        values = json_ld_values(script.text or "")
        if not values and (script.text or "").strip():
            logger.debug("unreadable JSON-LD block skipped")
        objects.extend(_walk(values))
    # Nodes named by '@id' elsewhere ({"author": {"@id": "#/person/1"}} in a @graph).
    nodes = {
        str(obj["@id"]): obj
        for obj in objects
        if isinstance(obj.get("@id"), str) and len(obj) > 1 and not _types(obj) & ARTICLE_TYPES
    }
    articles = [obj for obj in objects if _types(obj) & ARTICLE_TYPES]
    articles.sort(key=lambda obj: max(_TYPE_RANK.get(t, 1) for t in _types(obj) & ARTICLE_TYPES))
    for obj in articles:
        _take_article(obj, found, nodes)


def _walk(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [obj for item in data for obj in _walk(item)]
    if not isinstance(data, dict):
        return []
    found = [data]
    graph = data.get("@graph")
    if graph is not None:
        found.extend(_walk(graph))
    main = data.get("mainEntity")
    if isinstance(main, dict | list):
        found.extend(_walk(main))
    return found


def _types(obj: dict[str, Any]) -> set[str]:
    raw = obj.get("@type", [])
    names = raw if isinstance(raw, list) else [raw]
    return {str(name).lower() for name in names}


def _resolve(value: Any, nodes: dict[str, dict[str, Any]]) -> Any:
    """A value with its bare {"@id": ...} references replaced by the nodes they name."""
    if isinstance(value, list):
        return [_resolve(item, nodes) for item in value]
    if isinstance(value, dict) and set(value) == {"@id"}:
        return nodes.get(str(value["@id"]), value)
    return value


_ORGANIZATION_TYPES = frozenset({"organization", "newsmediaorganization", "corporation"})


def _organizations_only(value: Any) -> bool:
    """Whether every author is typed as an Organization.

    Beside a Person an organisation stays an author (a wire service credited with the
    reporter, as outlets' own data sets count it); the outlet itself is dropped later as
    the publisher's name.
    """
    items = value if isinstance(value, list) else [value]
    return bool(items) and all(
        isinstance(item, dict) and _types(item) & _ORGANIZATION_TYPES for item in items
    )


def _take_article(
    obj: dict[str, Any], found: PageMetadata, nodes: dict[str, dict[str, Any]]
) -> None:
    source = "json-ld"
    found.offer("title", _text(obj.get("headline")) or _text(obj.get("name")), source)
    found.offer("lead", _text(obj.get("description")), source)
    found.offer(
        "published", _text(obj.get("datePublished")) or _text(obj.get("dateCreated")), source
    )
    found.offer("modified", _text(obj.get("dateModified")), source)
    found.offer("body", _text(obj.get("articleBody")), source)
    found.offer("language", _text(obj.get("inLanguage")), source)
    found.offer("free", _free_flag(obj), source)
    section = obj.get("articleSection")
    found.offer("section", section[0] if isinstance(section, list) and section else section, source)
    publisher = _resolve(obj.get("publisher"), nodes)
    if isinstance(publisher, list) and publisher:
        publisher = publisher[0]
    if isinstance(publisher, dict):
        found.offer("site_name", _text(publisher.get("name")), source)
    author = _resolve(obj.get("author"), nodes)
    authors = _names(author)
    if not authors:
        author = _resolve(obj.get("creator"), nodes)
        authors = _names(author)
    if authors and not found.authors[0]:
        found.authors = (authors, source)
        found.authors_are_organizations = _organizations_only(author)
    keywords = obj.get("keywords")
    if isinstance(keywords, str):
        keywords = [keywords]
    tags = _tag_list([str(k) for k in keywords]) if isinstance(keywords, list) else []
    if tags and not found.tags[0]:
        found.tags = (tags, source)


def _free_flag(obj: dict[str, Any]) -> str:
    """'false' when the article or a part of it (hasPart) is not free to read, 'true' when
    it says it is, '' when it does not say."""
    parts = obj.get("hasPart")
    parts = parts if isinstance(parts, list) else [parts]
    part_flags = [
        read_free_flag(p.get("isAccessibleForFree")) for p in parts if isinstance(p, dict)
    ]
    if "false" in part_flags:
        return "false"
    return read_free_flag(obj.get("isAccessibleForFree"))


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or ""
    return value if isinstance(value, str) else ""


def _names(value: Any) -> list[str]:
    """The author names a JSON-LD value gives; a URL given as a name stands for its profile
    slug, or for nothing (a video's address, split into 'https' and 'video')."""
    return [name for raw in _raw_names(value) for name in _profile_names(raw) if name]


def _raw_names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, dict):  # {"@value": "Jane Doe", "@language": "en"}
            name = name.get("@value")
        if isinstance(name, list):
            return [n for n in name if isinstance(n, str)]
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [n for item in value for n in _raw_names(item)]
    return []


_META_FIELDS: tuple[tuple[str, str], ...] = (
    ("headline", "title"),
    ("og:title", "title"),
    ("twitter:title", "title"),
    ("parsely-title", "title"),
    ("sailthru.title", "title"),
    ("dc.title", "title"),
    ("og:description", "lead"),
    ("description", "lead"),
    ("twitter:description", "lead"),
    ("article:published_time", "published"),
    ("og:article:published_time", "published"),
    ("datepublished", "published"),
    ("pubdate", "published"),
    ("publishdate", "published"),
    ("publish-date", "published"),
    ("parsely-pub-date", "published"),
    ("sailthru.date", "published"),
    ("dc.date.issued", "published"),
    ("dcterms.created", "published"),
    ("dc.date", "published"),
    ("date", "published"),
    # Further names outlets and their CMSs give the publication instant (Open Graph's
    # spellings, Cxense, Brightcove, PRISM, Dublin Core variants), after the common ones.
    ("article:published", "published"),
    ("og:published_time", "published"),
    ("article:published:time", "published"),
    ("article_published_time", "published"),
    ("http://ogp.me/ns/article#published_time", "published"),
    ("cxenseparse:recs:publishtime", "published"),
    ("cxenseparse:publishtime", "published"),
    ("cxenseparse:recs:published_time", "published"),
    ("bt:pubdate", "published"),
    ("prism.publicationdate", "published"),
    ("dc.date.published", "published"),
    ("dc.date.created", "published"),
    ("citation_publication_date", "published"),
    ("citation_date", "published"),
    ("rnews:datepublished", "published"),
    ("originalpublicationdate", "published"),
    ("article_date_original", "published"),
    ("publication_date", "published"),
    ("publish_date", "published"),
    ("date_published", "published"),
    ("article.published", "published"),
    ("published_at", "published"),
    ("publisheddate", "published"),
    ("pub_date", "published"),
    ("article:modified_time", "modified"),
    ("og:updated_time", "modified"),
    ("datemodified", "modified"),
    ("dcterms.modified", "modified"),
    ("last-modified", "modified"),
    ("article:modified", "modified"),
    ("og:modified_time", "modified"),
    ("og:article:modified_time", "modified"),
    ("article:modified:time", "modified"),
    ("article_modified_time", "modified"),
    ("http://ogp.me/ns/article#modified_time", "modified"),
    ("cxenseparse:modified_time", "modified"),
    ("bt:moddate", "modified"),
    ("dc.date.modified", "modified"),
    ("isaccessibleforfree", "free"),
    ("article:content_tier", "content_tier"),
    ("article:section", "section"),
    ("og:site_name", "site_name"),
    ("og:locale", "language"),
    ("dc.language", "language"),
    ("content-language", "language"),
)
# SEO plugins (Yoast, Ghost) state the author as a labelled pair of Twitter card tags:
# twitter:label1 "Written by", twitter:data1 the name; the label in the site's language.
_WRITTEN_BY_LABEL = re.compile(
    r"written by|author|autor(?:in)?|auteur|verfasst von|geschrieben von|[ée]crit par|"
    r"escrito por|scritto da|geschreven door|napisane przez|skriven av|skrevet a[fv]",
    re.IGNORECASE,
)
MAX_TWITTER_LABELS = 4
_META_AUTHORS = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "byl",
    "cxenseparse:author",
    "citation_author",
)


def _cut_by_quote(element: lxml_html.HtmlElement) -> bool:
    """Whether an attribute value was cut short by a quote the page did not escape:
    '<meta content="Outdated Nutrition "Facts" Debunked">' reads as content 'Outdated
    Nutrition ' followed by stray attributes named 'facts"' and '"'. Such a value is a
    fragment of the headline or description, not a shorter one (15 of 2,321 pages have one)."""
    return any('"' in name or "'" in name for name in element.attrib)


def _read_meta_tags(tree: lxml_html.HtmlElement, found: PageMetadata) -> None:
    metas: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        key = (
            (
                meta.get("property")
                or meta.get("name")
                or meta.get("itemprop")
                or meta.get("http-equiv")
                or ""
            )
            .strip()
            .lower()
        )
        content = meta.get("content")
        if key and content and content.strip() and not _cut_by_quote(meta):
            metas.setdefault(key, []).append(content.strip())
    for key, name in _META_FIELDS:
        if key in metas:
            found.offer(name, metas[key][0], "meta")
    if "og:title" in metas:
        found.offer("og_title", metas["og:title"][0], "meta")
    found.offer("written_by", _twitter_written_by(metas), "meta")
    if not found.authors[0]:
        _read_meta_authors(metas, found)
    if not found.tags[0]:
        tags = metas.get("article:tag") or metas.get("news_keywords") or metas.get("keywords")
        if tags:
            found.tags = (_tag_list(tags), "meta")


# 'nation, u.s., earthquake', 'US;USA;FED', '[blog coverage,startups]': one value holding a
# list. Where a page gives several values, each is a tag of its own unless it reads as a
# list: NYT's tags are 'Musk, Elon' and 'Mergers, Acquisitions and Divestitures'.
_LIST_SEPARATOR = re.compile(r"[,;，]")  # not '、', which parts a Japanese headline's clauses
_SEMICOLON = re.compile(r"[;；]")
MIN_LIST_COMMAS = 3


def _tag_list(values: list[str]) -> list[str]:
    """The tags of the values: a lone value, a bracketed one or one with many commas split at
    its commas, any at its semicolons (after the entities are decoded: 'M&amp;A' is one
    tag), each trimmed of brackets (a quote may be an inch: 'iPad Pro 11"')."""
    parts: list[str] = []
    for value in map(unescaped, values):
        listed = (
            len(values) == 1 or value.count(",") >= MIN_LIST_COMMAS or value.strip().startswith("[")
        )
        parts += (_LIST_SEPARATOR if listed else _SEMICOLON).split(value)
    tags = (part.strip(" \t\n[]") for part in parts)
    return [tag for tag in tags if tag]


def _twitter_written_by(metas: dict[str, list[str]]) -> str:
    """The twitter:dataN whose twitter:labelN says 'Written by': the account that posted the
    story (an editor's, at times), so the visible byline comes before it."""
    for number in range(1, MAX_TWITTER_LABELS + 1):
        label = metas.get(f"twitter:label{number}", [""])[0]
        data = metas.get(f"twitter:data{number}")
        if data and _WRITTEN_BY_LABEL.fullmatch(label.strip().rstrip(":")):
            return data[0]
    return ""


_COPYRIGHT_WORDS = re.compile(
    r"copyright|\(c\)|©|all rights reserved|\b\d{4}\b|[.,;:–-]", re.IGNORECASE
)


def _read_meta_authors(metas: dict[str, list[str]], found: PageMetadata) -> None:
    """The first author meta tag with names, skipping one that names the page's copyright
    holder ('author' = 'Condé Nast' beside 'article:author' = the writer): that is the
    publisher, kept as an organisation only when no tag names anyone else."""
    holders = {_holder_key(value) for value in metas.get("copyright", [])} - {""}
    publisher: list[str] = []
    for key in _META_AUTHORS:
        names = [name for value in metas.get(key, []) for name in _profile_names(value) if name]
        if not names:
            continue
        if holders and all(_holder_key(name) in holders for name in names):
            publisher = publisher or names
            continue
        found.authors = (names, "meta")
        return
    if publisher:
        found.authors = (publisher, "meta")
        found.authors_are_organizations = True


_PROFILE_SLUG = re.compile(r"[a-z]+(?:-[a-z]+){1,3}")


def _profile_names(value: str) -> list[str]:
    """An author tag's value as names; profile URLs may come joined by commas (The Guardian:
    'https://…/profile/julia-carrie-wong,https://…/profile/sam-levin')."""
    if not value.startswith(("http://", "https://")):
        return [value]
    return [_profile_name(url.strip()) for url in value.split(",")]


def _profile_name(url: str) -> str:
    """A profile URL as a name: article:author holds one by the Open Graph protocol, whose
    last path segment is often the writer's slug ('.../editors/jon-fingas' is 'jon-fingas',
    cleaned into 'Jon Fingas' later); '' for any other URL."""
    last = url.split("?")[0].split("#")[0].rstrip("/").rsplit("/", 1)[-1]
    return last if _PROFILE_SLUG.fullmatch(last) else ""


def _holder_key(text: str) -> str:
    """A copyright notice or a name reduced to the holder's words: 'Copyright (c) Condé
    Nast 2022' -> 'condé nast'."""
    return " ".join(_COPYRIGHT_WORDS.sub(" ", text).casefold().split())


def _read_document(tree: lxml_html.HtmlElement, found: PageMetadata) -> None:
    # Up from the itemprop attributes: half the time of testing every element for one. A
    # reader's comment dated so (WordPress themes mark each comment's time) dates no article.
    for prop, date_field in (("datePublished", "published"), ("dateModified", "modified")):
        for element in tree.xpath(f"//@itemprop[. = '{prop}']/.."):
            if not in_comments(element):
                stamp = element.get("content") or element.get("datetime")
                found.offer(date_field, stamp, "microdata")
    for element in tree.xpath("//link[@rel='canonical'][@href]"):
        found.offer("canonical", element.get("href"), "link")
    title = tree.find(".//title")
    if title is not None and title.text_content():
        found.offer("html_title", title.text_content(), "title")
    found.offer("language", tree.get("lang") or tree.get("xml:lang") or "", "html-lang")
