"""The paywall flag: read from what pages state (isAccessibleForFree, content tier) and show
(paywall containers, "subscribe to continue reading" notices), then stored, filtered, shown,
exported and counted per site through the real CLI."""

from __future__ import annotations

import csv
import json
from html import escape
from pathlib import Path

import pytest

from crawler.demo.site import DemoArticle, Page, html_page
from crawler.extract import extract_article
from tests.conftest import invoke_cli, run_cli
from tests.news_factory import FaultServer, NewsSite, site_config, story
from tests.test_accounting import news_page, paywalled_article, recaptcha_article


def _json_ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def json_ld_locked(article: DemoArticle) -> str:
    """Google's documented shape for paywalled content: the article not free, and the locked
    part named by a CSS selector in hasPart (the text is in the page, hidden by a script)."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": article.published,
        "isAccessibleForFree": "False",
        "hasPart": {
            "@type": "WebPageElement",
            "isAccessibleForFree": "False",
            "cssSelector": ".story-body",
        },
    }
    return news_page(article, _json_ld(data))


def graph_part_locked(article: DemoArticle) -> str:
    """A Yoast-style @graph where only a part (hasPart) says it is not free."""
    data = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "@id": "https://news.example/#website", "name": "Ledger"},
            {
                "@type": "NewsArticle",
                "headline": article.title,
                "isAccessibleForFree": True,
                "hasPart": [
                    {"@type": "WebPageElement", "isAccessibleForFree": False, "cssSelector": ".x"}
                ],
            },
        ],
    }
    return news_page(article, _json_ld(data))


def free_with_placeholder(article: DemoArticle) -> str:
    """A free article that says so, on a site whose template keeps an empty paywall slot."""
    data = {"@type": "NewsArticle", "headline": article.title, "isAccessibleForFree": True}
    return news_page(article, _json_ld(data), '<div id="paywall-root" class="paywall"></div>')


def teaser_with_notice(
    article: DemoArticle, notice_text: str = "Dieser Artikel ist nur für Abonnenten verfügbar."
) -> str:
    """A German outlet's teaser: two paragraphs, then the notice where the text stops."""
    teaser = DemoArticle(**{**article.__dict__, "body": article.body[:2]})
    notice = (
        f'<div class="article-end"><p>{notice_text}</p><a href="/abo">Jetzt abonnieren</a></div>'
    )
    return news_page(teaser, "", notice)


# Nikkei's and Chunichi Shimbun's notice: 'This article is for members. Register for the
# digital edition to read on.'
JAPANESE_NOTICE = "この記事は会員限定です。電子版に登録すると続きをお読みいただけます。"


def piano_container(article: DemoArticle) -> str:
    """The vendor's inline container holding the offer that replaces the rest of the text."""
    offer = (
        '<div class="tp-container-inner"><div class="offer"><h3>Keep reading for $1</h3>'
        "<p>Get unlimited digital access.</p></div></div>"
    )
    return news_page(article, "", offer)


def data_attribute(article: DemoArticle) -> str:
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in article.body)
    return news_page(article).replace(paragraphs, f'<div data-paywall="true">{paragraphs}</div>')


def microdata_locked(article: DemoArticle) -> str:
    return news_page(article, '<meta itemprop="isAccessibleForFree" content="false">')


def content_tier(tier: str) -> str:
    return news_page(story(9), f'<meta property="article:content_tier" content="{tier}">')


def newsletter_box(article: DemoArticle) -> str:
    """'Subscribe' to a newsletter is no paywall."""
    box = (
        '<aside class="newsletter"><h3>Subscribe to our morning newsletter</h3>'
        '<form><input name="email"><button>Subscribe</button></form></aside>'
    )
    return news_page(article, "", box)


JETPACK_NOTICE = "Subscribe now to keep reading and get access to the full archive."


def newsletter_modal(article: DemoArticle) -> str:
    """WordPress's Jetpack newsletter pop-up over a whole free story (seen on eight blogs)."""
    modal = (
        '<div class="jetpack-subscription-modal"><div class="wp-block-group">'
        f'<h2>Discover more</h2><p class="has-text-align-center">{JETPACK_NOTICE}</p>'
        '<form><input name="email"><button>Subscribe</button></form></div></div>'
    )
    return news_page(article, "", modal)


def dialog_offer(article: DemoArticle) -> str:
    """The same offer in an element that says it is a dialog, by role and not by class."""
    return news_page(article, "", f'<div role="dialog"><p>{JETPACK_NOTICE}</p></div>')


def teaser_beside_modal(article: DemoArticle) -> str:
    """A teaser whose notice stops the text, on a page that also has the pop-up."""
    teaser = DemoArticle(**{**article.__dict__, "body": article.body[:2]})
    both = (
        f'<div class="subscribe-popup"><p>{JETPACK_NOTICE}</p></div>'
        f'<div class="article-end"><p>{JETPACK_NOTICE}</p></div>'
    )
    return news_page(teaser, "", both)


def consent_wall(article: DemoArticle) -> str:
    """'Accept cookies or subscribe': a consent banner over a whole story, which is on the page."""
    banner = (
        '<div id="cmp-banner" class="cookie-consent"><p>Accept all cookies or subscribe to'
        " continue reading without ads.</p><button>Accept</button></div>"
    )
    return news_page(article, "", banner)


def teaser_in_tagged_post(article: DemoArticle) -> str:
    """A teaser whose notice sits in a post WordPress classes by its tags: 'tag-popup-stores'
    names a story about pop-up stores, not a pop-up."""
    teaser = DemoArticle(**{**article.__dict__, "body": article.body[:2]})
    notice = (
        '<div class="post-118 post type-post tag-popup-stores">'
        f'<p>{JETPACK_NOTICE}</p><a href="/abo">Subscribe</a></div>'
    )
    return news_page(teaser, "", notice)


def site_chrome(article: DemoArticle) -> str:
    """Markup named for the paywall that says nothing of this article (all seen on real pages):
    the header's 'Sign In Subscribe' list (Miami Herald), a menu entry marked for subscribers
    (a Brazilian site's 'Jogos'), a teaser's badge (Daily Mail) and a recirculation heading."""
    chrome = (
        '<header><div class="paywall-links"><a href="/signin">Sign In</a>'
        '<a href="/subscribe">Subscribe</a></div></header>'
        '<div class="menu"><ul><li class="subscriber-only"><a href="/jogos">Jogos</a></li>'
        '</ul></div><div class="teaser"><div class="paywallFlag">PAYWALL</div>'
        '<a href="/other">Another story</a></div>'
        '<h2 class="story_page_paywall_label">Stories Chosen For You</h2>'
    )
    return news_page(article, "", chrome)


@pytest.mark.parametrize(
    ("html", "paywalled", "source"),
    [
        (json_ld_locked(story(1)), True, "json-ld"),
        (graph_part_locked(story(2)), True, "json-ld"),
        (microdata_locked(story(3)), True, "meta"),
        (content_tier("locked"), True, "meta"),
        (content_tier("metered"), True, "meta"),
        (content_tier("free"), False, "meta"),
        (paywalled_article(story(4)), True, "markup"),
        (piano_container(story(5)), True, "markup"),
        (data_attribute(story(6)), True, "markup"),
        (teaser_with_notice(story(7)), True, "notice"),
        (teaser_with_notice(story(18), JAPANESE_NOTICE), True, "notice"),
        (free_with_placeholder(story(8)), False, "json-ld"),
        (recaptcha_article(story(10)), False, "none found"),
        (newsletter_box(story(11)), False, "none found"),
        (site_chrome(story(12)), False, "none found"),
        (newsletter_modal(story(13)), False, "none found"),
        (dialog_offer(story(14)), False, "none found"),
        (teaser_beside_modal(story(15)), True, "notice"),
        (consent_wall(story(16)), False, "none found"),
        (teaser_in_tagged_post(story(17)), True, "notice"),
    ],
    ids=[
        "json-ld-has-part",
        "graph-part-not-free",
        "microdata",
        "tier-locked",
        "tier-metered",
        "tier-free",
        "overlay",
        "piano",
        "data-paywall",
        "teaser-notice-de",
        "teaser-notice-ja",
        "free-beats-empty-slot",
        "comment-form",
        "newsletter",
        "site-chrome-badges-menus",
        "newsletter-modal",
        "dialog-role",
        "notice-in-the-flow-beside-a-modal",
        "consent-banner",
        "taxonomy-class-is-no-popup",
    ],
)
def test_paywall_flag_from_page_shapes(html: str, paywalled: bool, source: str) -> None:
    article = extract_article(html, "https://news.example/world/2025/05/20/story.html")
    assert (article.paywalled, article.paywalled_source) == (paywalled, source)


def test_an_empty_page_leaves_the_flag_unknown() -> None:
    assert extract_article("", "https://news.example/a.html").paywalled is None


PAYWALLED = "/world/2025/05/20/locked-story.html"


@pytest.mark.slow
def test_paywalled_articles_are_stored_filtered_shown_exported_and_counted(
    tmp_path: Path,
) -> None:
    site = NewsSite(count=2, extra={})
    locked = DemoArticle(**{**story(40).__dict__, "path": PAYWALLED})

    def build(base_url: str) -> dict[str, Page]:
        pages = site.build(base_url)
        site_feed = pages["/rss.xml"].body.decode()
        item = (
            f"<item><title>{escape(locked.title)}</title><link>{base_url}{PAYWALLED}</link>"
            "</item></channel>"
        )
        pages["/rss.xml"] = Page(site_feed.replace("</channel>", item).encode(), "text/xml")
        pages[PAYWALLED] = html_page(json_ld_locked(locked))
        return pages

    with FaultServer(build) as server:
        config = tmp_path / "sites.toml"
        config.write_text(site_config({"ledger": server.base_url}), encoding="utf-8")
        args = ("--config", str(config), "--data", str(tmp_path / "data"))
        crawl = run_cli(*args, "crawl", "--json")
        base = server.base_url
    assert crawl.returncode == 0, crawl.stderr[-3000:]

    def urls(*options: str) -> set[str]:
        found = invoke_cli(*args, "search", "*", *options, "--json")
        assert found.returncode == 0, found.stderr
        return {hit["url"].removeprefix(base) for hit in json.loads(found.stdout)["hits"]}

    free_paths = {a.path for a in site.articles()}
    assert urls("--paywalled", "yes") == {PAYWALLED}
    assert urls("--paywalled", "no") == free_paths
    assert urls() == free_paths | {PAYWALLED}
    wrong = invoke_cli(*args, "search", "*", "--paywalled", "maybe")
    assert wrong.returncode == 2 and "'maybe' is not one of 'yes', 'no'" in wrong.stderr

    shown = json.loads(invoke_cli(*args, "show", base + PAYWALLED, "--json").stdout)
    assert (shown["paywalled"], shown["paywalled_source"]) == (True, "json-ld")
    text = invoke_cli(*args, "show", base + PAYWALLED).stdout
    assert "paywalled True (json-ld)" in " ".join(text.split())

    listed = json.loads(invoke_cli(*args, "sites", "--json").stdout)[0]
    assert listed["paywall"] == {"paywalled": 1, "free": 2, "unknown": 0}
    assert "3 (1 paywalled)" in invoke_cli(*args, "sites").stdout

    out = tmp_path / "free.csv"
    exported = invoke_cli(*args, "export", "*", "--paywalled", "no", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {row["paywalled"] for row in rows} == {"false"} and len(rows) == 2
    manifest = json.loads(Path(f"{out}.manifest.json").read_text())
    assert manifest["filters"]["paywalled"] is False
    jsonl = tmp_path / "locked.jsonl"
    invoke_cli(*args, "export", "*", "--paywalled", "yes", "-o", str(jsonl))
    [record] = [json.loads(line) for line in jsonl.read_text().splitlines()]
    assert record["paywalled"] is True and record["url"] == base + PAYWALLED

    counted = invoke_cli(*args, "stats", "*", "--paywalled", "yes", "--json")
    assert counted.returncode == 0, counted.stderr
    assert json.loads(counted.stdout)["total"] == 1
