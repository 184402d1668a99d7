"""Every demo and fixture article page, extracted offline and compared with the truth it was
built from: title, outlet's date and offset, authors, language and the body paragraphs.

The pages vary their markup on purpose (JSON-LD, OpenGraph only, a printed date only, related
headline lists, captions, share bars, newsletter boxes, a print copy, GBK and windows-1252).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.config import SiteConfig
from crawler.demo.site import DEMO_ARTICLES, SITE_NAME, DemoArticle, render_article
from crawler.extract import extract_article
from tests.fixture_site import FIXTURE_EXTRAS

BASE = "http://127.0.0.1:8765"
SITE = SiteConfig(
    id="harbour-courier",
    name=SITE_NAME,
    domains=("127.0.0.1",),
    languages=("en", "zh"),
    timezone="Europe/London",
)
FETCHED = datetime(2025, 7, 1, tzinfo=UTC)
ARTICLES = [*DEMO_ARTICLES, *FIXTURE_EXTRAS.articles]


@pytest.mark.parametrize("truth", ARTICLES, ids=[a.path for a in ARTICLES])
def test_demo_page_extracts_to_its_truth(truth: DemoArticle) -> None:
    html = render_article(truth, BASE)
    article = extract_article(html, truth.url(BASE), site=SITE, fetched_at=FETCHED)
    assert article.title == truth.title
    assert article.published is not None
    assert article.published.isoformat()[:16] == truth.published[:16], article.published_source
    if isinstance(article.published, datetime):
        assert article.published.isoformat()[19:] == truth.published[19:]  # the page's offset
    assert sorted(article.authors) == sorted(truth.authors)
    assert article.language == truth.language
    assert article.body == "\n\n".join(truth.body)
    for link in truth.related:
        assert link.title not in article.body


def test_the_print_copy_gives_the_same_article_under_its_canonical_url() -> None:
    truth = next(a for a in DEMO_ARTICLES if a.path == FIXTURE_EXTRAS.print_canonical)
    html = render_article(truth, BASE, print_version=True)
    article = extract_article(html, BASE + FIXTURE_EXTRAS.print_copy, site=SITE, fetched_at=FETCHED)
    assert article.url == truth.url(BASE)
    assert article.body == "\n\n".join(truth.body)
