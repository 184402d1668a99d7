"""Failure classes found on the peer-page folds (python -m bench.peer_pages), each as a
minimal page shape: JSON-LD wrapped for old parsers, the outlet named as a Person author."""

from __future__ import annotations

import json
from datetime import date

import pytest

from crawler.extract import extract_article
from crawler.model import Article
from tests.article_shape import FETCHED, HEADLINE, TEXT, URL

ARTICLE = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": HEADLINE,
    "datePublished": "2015-10-15T02:19:15Z",
    "dateModified": "2018-04-22T22:24:24Z",
    "author": {"@type": "Person", "name": "Jane Doe"},
}


def page(body: str, head: str = "") -> Article:
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    return extract_article(html, URL, fetched_at=FETCHED)


@pytest.mark.parametrize(
    "wrapper",
    [
        "<![CDATA[\n{}\n]]>",
        "//<![CDATA[\n{}\n//]]>",
        "/* <![CDATA[ */ {} /* ]]> */",
        "<!--\n{}\n-->",
    ],
)
def test_json_ld_wrapped_in_cdata_or_a_comment_is_read(wrapper: str) -> None:
    """The page's meta tag gives a later day (an edit); the wrapped JSON-LD has the entry's."""
    script = wrapper.replace("{}", json.dumps(ARTICLE))
    head = (
        f'<script type="application/ld+json">{script}</script>'
        '<meta property="article:published_time" content="2015-12-11T14:28:34Z">'
    )
    article = page(f"<h1>{HEADLINE}</h1>{TEXT}", head)
    assert article.published is not None and article.published.date() == date(2015, 10, 15)
    assert article.modified is not None and article.modified.date() == date(2018, 4, 22)
    assert article.authors == ["Jane Doe"]


def test_the_outlet_named_as_a_person_gives_way_to_the_byline() -> None:
    """A JSON-LD Person author that is the publisher's name without its legal form
    ('Krautreporter' of 'Krautreporter eG') is the outlet: the visible byline names the
    reporter."""
    data = {
        **ARTICLE,
        "author": {"@type": "Person", "name": "Ledger "},
        "publisher": {"@type": "Organization", "name": "Ledger eG"},
    }
    body = f'<article><h1>{HEADLINE}</h1><p class="byline">By Ann Lee</p>{TEXT}</article>'
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    assert page(body, head).authors == ["Ann Lee"]
    # A person whose name only starts the outlet's is still a person.
    data["author"] = {"@type": "Person", "name": "Ann Lee"}
    data["publisher"] = {"@type": "Organization", "name": "Ledger Daily"}
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    assert page(f"<h1>{HEADLINE}</h1>{TEXT}", head).authors == ["Ann Lee"]


def test_an_oxford_comma_before_the_last_name_is_no_part_of_it() -> None:
    head = '<meta name="author" content="Dana Ford, Chien-Ming Wang, and Tom Watkins, CNN">'
    names = page(f"<h1>{HEADLINE}</h1>{TEXT}", head).authors
    assert names == ["Dana Ford", "Chien-Ming Wang", "Tom Watkins", "CNN"]


@pytest.mark.parametrize(
    "byline",
    [
        '<span class="author">Ben Silverman</span><span class="author">Games Editor</span>',
        '<p class="byline">By Brenda Goodman, MA</p>',
        '<div class="author"><a href="/p/ann">Ann Lee</a>'
        '<a href="/p/ann">Aller sur la page de ce journaliste</a></div>',
    ],
)
def test_a_title_degree_or_link_label_beside_a_name_is_no_author(byline: str) -> None:
    names = page(f"<article><h1>{HEADLINE}</h1>{byline}{TEXT}</article>").authors
    assert len(names) == 1 and names[0] in ("Ben Silverman", "Brenda Goodman", "Ann Lee")


def test_a_staff_credit_alone_stays_the_author() -> None:
    body = f'<article><h1>{HEADLINE}</h1><p class="byline">Ledger staff reporter</p>{TEXT}'
    assert page(body + "</article>").authors == ["Ledger staff reporter"]


@pytest.mark.parametrize("name", ["sf_comment", "comentario", "kommentar"])
def test_readers_comments_named_in_any_language_are_no_body(name: str) -> None:
    """Comment blocks after the story, named in a class the generic extractor does not know."""
    comments = "".join(
        f'<div class="borde_bottom"><div class="{name}"><p class="{name}_info">'
        f'<span class="{name}_author">Lector {n}</span> <span class="date">Hace 2 horas</span>'
        f'</p></div><div class="{name}_text"><p>Los fiscales se han convertido en los abogados '
        f"defensores de la Infanta, escribe el lector número {n} esta mañana.</p></div></div>"
        for n in range(6)
    )
    body = f'<h1>{HEADLINE}</h1><div class="cuerpo">{TEXT}</div><div class="c">{comments}</div>'
    article = page(body)
    assert "part 4" in article.body
    assert "abogados" not in article.body


def test_a_comments_open_story_is_kept() -> None:
    """'comments-open' on the story's own container names a state, not a comment block."""
    body = f'<div class="post comments-open"><h2>{HEADLINE}</h2>{TEXT}</div>'
    assert "part 4" in page(body).body


@pytest.mark.parametrize("kind", ["DiscussionForumPosting", "SatiricalArticle", "APIReference"])
def test_every_article_subtype_of_schema_org_is_an_article(kind: str) -> None:
    """Mumsnet's thread is a DiscussionForumPosting (a SocialMediaPosting, which was read);
    its author, title and dates were taken from the page's text instead."""
    data = {**ARTICLE, "@type": kind, "author": {"@type": "Person", "name": "sunsandwaves"}}
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    article = page(f"<h1>{HEADLINE} - Forum</h1>{TEXT}", head)
    assert (article.published_source, article.modified_source) == ("json-ld", "json-ld")
    assert article.authors == ["sunsandwaves"]


@pytest.mark.parametrize(
    ("name", "authors"),
    [
        # The Courier-Mail's video page names the video's address as its author.
        ("https://www.couriermail.com.au/video/id-5348771529001/98yearold-veteran-beats-covid", []),
        ("https://news.example/people/jane-doe", ["Jane Doe"]),
    ],
)
def test_a_url_as_a_json_ld_author_is_its_profile_slug_or_nothing(
    name: str, authors: list[str]
) -> None:
    data = {**ARTICLE, "author": {"@type": "Person", "name": name}}
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    assert page(f"<h1>{HEADLINE}</h1>{TEXT}", head).authors == authors


def test_a_name_the_metadata_writes_in_lower_case_is_the_author() -> None:
    """Becoming Minimalist's meta author is 'joshua becker'; nothing else on the page names
    him. Kept as written, like a name in capitals."""
    head = '<meta name="author" content="joshua becker">'
    assert page(f"<h1>{HEADLINE}</h1>{TEXT}", head).authors == ["joshua becker"]


def test_lower_case_words_in_a_byline_are_still_no_name() -> None:
    """The last resort reads the page's bylines too: there lower-case words are a menu's or a
    sentence's ('israel news', a Hungarian headline's 'lassú kilábalás')."""
    body = f"<h1>{HEADLINE}</h1><div class='author'>israel news</div>{TEXT}"
    assert page(body).authors == []
