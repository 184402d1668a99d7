"""Every fetched article URL ends in one recorded outcome, and blocked is decided from evidence:
real-world page shapes (comment forms with reCAPTCHA or hCaptcha, a paywall overlay,
Cloudflare and DataDome challenges) judged alone and in real crawls of a fixture server."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path

import pytest

from crawler.config import load_config
from crawler.crawl.run import SiteReport, account
from crawler.crawl.spider import NewsSpider
from crawler.demo.site import DemoArticle, Page, html_page, render_article
from crawler.extract.challenge import challenge_evidence
from crawler.store import ArticleStore
from crawler.store.fetch_state import known_fetches
from crawler.store.run_log import UrlOutcome
from tests.conftest import invoke_cli, run_cli
from tests.news_factory import FaultServer, NewsSite, site_config, story

PLACE = "/world/2025/05/20/"
RECAPTCHA_SCRIPT = '<script src="https://www.google.com/recaptcha/api.js" async defer></script>'
HCAPTCHA_SCRIPT = '<script src="https://js.hcaptcha.com/1/api.js" async defer></script>'
# What Cloudflare puts on every page of a site it protects (not a challenge).
CLOUDFLARE_JSD = (
    "<script>(function(){var a=document.createElement('script');"
    "a.src='/cdn-cgi/challenge-platform/scripts/jsd/main.js';"
    "window.__CF$cv$params={r:'8c2f',t:'MTcz'};document.head.appendChild(a);})();</script>"
)


def news_page(article: DemoArticle, head: str = "", after_body: str = "") -> str:
    """An article as many outlets build one: no <article> element, the body in a div, a
    comment form (or anything else) after it."""
    paragraphs = "".join(f"<p>{escape(text)}</p>" for text in article.body)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(article.title)} | The Daily Ledger</title>"
        f'<meta property="og:title" content="{escape(article.title)}">'
        f'<meta property="article:published_time" content="{article.published}">'
        f"{head}</head><body>"
        '<header class="masthead"><a href="/">The Daily Ledger</a> <a href="/login">Log in</a>'
        "</header>"
        f'<div class="story-body"><h1>{escape(article.title)}</h1>'
        f'<p class="byline">By {escape(article.authors[0])}</p>{paragraphs}</div>'
        f"{after_body}<footer>&copy; The Daily Ledger</footer></body></html>"
    )


def comment_form(widget: str) -> str:
    return (
        '<section id="comments"><h3>Join the discussion</h3>'
        '<form action="/comments" method="post"><textarea name="comment"></textarea>'
        f'<div class="{widget}" data-sitekey="6Lc_aXkUAAAAAD2"></div>'
        '<button type="submit">Post comment</button></form></section>'
    )


def recaptcha_article(article: DemoArticle) -> str:
    return news_page(article, RECAPTCHA_SCRIPT + CLOUDFLARE_JSD, comment_form("g-recaptcha"))


def hcaptcha_article(article: DemoArticle) -> str:
    return news_page(article, HCAPTCHA_SCRIPT, comment_form("h-captcha"))


def paywalled_article(article: DemoArticle) -> str:
    overlay = (
        '<div class="paywall-overlay" style="position:fixed;inset:0">'
        "<h2>Subscribe to keep reading</h2><p>You have reached your limit of free articles "
        'this month.</p><a class="cta" href="/subscribe">Subscribe for $1</a>'
        '<a href="/login">Already a subscriber? Log in</a></div>'
    )
    head = '<script src="https://cdn.tinypass.com/api/tinypass.min.js"></script>'
    return news_page(article, head, overlay)


CLOUDFLARE_CHALLENGE = (
    '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>'
    '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">'
    '<meta name="robots" content="noindex,nofollow">'
    "<style>*{box-sizing:border-box;margin:0;padding:0}html{line-height:1.15}</style>"
    '</head><body class="no-js"><div class="main-wrapper" role="main">'
    '<div class="main-content"><noscript><div class="h2"><span id="challenge-error-text">'
    "Enable JavaScript and cookies to continue</span></div></noscript></div></div>"
    "<script>(function(){window._cf_chl_opt={cvId: '3',cZone: \"news.example\","
    "cType: 'managed',cRay: '8c2f1a2b3c4d5e6f',cH: 'x7Yz'};var cpo=document.createElement"
    "('script');cpo.src='/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1?ray=8c2f';"
    "document.getElementsByTagName('head')[0].appendChild(cpo);}());</script></body></html>"
)
DATADOME_CHALLENGE = (
    '<html lang="en"><head><title>news.example</title><style>#cmsg{animation: A 1.5s;}'
    "@keyframes A{0%{opacity:0;}99%{opacity:0;}100%{opacity:1;}}</style></head>"
    '<body style="margin:0"><p id="cmsg">Please enable JS and disable any ad blocker</p>'
    "<script data-cfasync=\"false\">var dd={'rt':'c','cid':'AHrlqAAAAAMAx1','hsh':'2211F52',"
    "'t':'fe','s':44015,'e':'c2f0','host':'geo.captcha-delivery.com'}</script>"
    '<script data-cfasync="false" src="https://ct.captcha-delivery.com/c.js"></script>'
    "</body></html>"
)
VIDEO_PAGE = (
    "<!DOCTYPE html><html><head><title>Video: the ferry comes home</title></head><body>"
    '<h1>Video: the ferry comes home</h1><video src="/media/ferry.mp4" controls></video>'
    "<p>Watch the ferry arrive.</p></body></html>"
)


# -- the evidence alone ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        recaptcha_article(story(1)),
        hcaptcha_article(story(2)),
        paywalled_article(story(3)),
        news_page(story(4), CLOUDFLARE_JSD),
        VIDEO_PAGE,
        "",
    ],
    ids=[
        "recaptcha-comments",
        "hcaptcha-comments",
        "paywall",
        "cloudflare-protected",
        "video",
        "empty",
    ],
)
def test_pages_that_are_not_challenges_show_no_evidence(html: str) -> None:
    assert challenge_evidence(html) == ""


@pytest.mark.parametrize(
    ("html", "vendor"),
    [
        (CLOUDFLARE_CHALLENGE, "Cloudflare"),
        (DATADOME_CHALLENGE, "DataDome"),
        (
            '<html><body><div id="px-captcha"></div><p>Press &amp; Hold</p></body></html>',
            "PerimeterX",
        ),
        (
            "<html><head><title>Attention Required! | Cloudflare</title></head>"
            "<body><h1>Sorry, you have been blocked</h1></body></html>",
            "title",
        ),
        (
            '<html><body><form><div class="h-captcha" data-sitekey="x"></div></form></body></html>',
            "hCaptcha",
        ),
    ],
    ids=["cloudflare", "datadome", "perimeterx", "cloudflare-block-title", "bare-hcaptcha"],
)
def test_challenge_pages_are_named_by_their_evidence(html: str, vendor: str) -> None:
    assert vendor in challenge_evidence(html)


def test_a_long_page_is_never_a_challenge_whatever_it_names() -> None:
    long_text = "<p>" + " ".join(["harbour"] * 400) + "</p>"
    page = f"<html><head><title>Just a moment...</title></head><body>{long_text}</body></html>"
    assert challenge_evidence(page) == ""
    assert challenge_evidence(CLOUDFLARE_CHALLENGE.replace("</body>", long_text + "</body>")) == ""


# -- real crawls ----------------------------------------------------------------------------

OUTCOME_PATHS = {
    PLACE + "recaptcha-comments.html": "new",
    PLACE + "hcaptcha-comments.html": "new",
    PLACE + "paywalled.html": "new",
    PLACE + "story-2-copy.html": "duplicate",
    PLACE + "ferry-video.html": "dropped",
    PLACE + "cloudflare.html": "blocked",
    PLACE + "datadome.html": "blocked",
    PLACE + "forbidden.html": "blocked",
    PLACE + "gone.html": "failed",
}


def _special_pages(base_url: str, now: datetime) -> dict[str, Page]:
    pages = {
        PLACE + "recaptcha-comments.html": html_page(recaptcha_article(story(50))),
        PLACE + "hcaptcha-comments.html": html_page(hcaptcha_article(story(51))),
        PLACE + "paywalled.html": html_page(paywalled_article(story(52))),
        PLACE + "story-2-copy.html": html_page(
            render_article(replace(story(2), path=PLACE + "story-2-copy.html"), base_url)
        ),
        PLACE + "ferry-video.html": html_page(VIDEO_PAGE),
        PLACE + "cloudflare.html": html_page(CLOUDFLARE_CHALLENGE),
        PLACE + "datadome.html": html_page(DATADOME_CHALLENGE),
        PLACE + "forbidden.html": Page(b"<html><body>Forbidden</body></html>", "text/html", 403),
    }
    refreshed = [story(0).path, story(1).path]  # dated after the first crawl: fetched again
    pages["/extra.xml"] = _feed(base_url, [*OUTCOME_PATHS, *refreshed], now)
    return pages


def _feed(base_url: str, paths: list[str], now: datetime) -> Page:
    """An RSS feed whose items speak of challenges: a feed is never judged by its words."""
    items = "".join(
        "<item><title>Just a moment... the captcha wars (cf-chl, captcha-delivery.com)</title>"
        f"<link>{base_url}{path}</link><pubDate>{format_datetime(now)}</pubDate>"
        "<description>Checking your browser before accessing px-captcha</description></item>"
        for path in paths
    )
    body = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{items}</channel></rss>'
    )
    return Page(body.encode(), "application/rss+xml")


def _config(tmp_path: Path, base: str) -> Path:
    config = tmp_path / "sites.toml"
    text = site_config({"ledger": base}).replace(
        f'feeds = ["{base}/rss.xml"]', f'feeds = ["{base}/rss.xml", "{base}/extra.xml"]'
    )
    config.write_text(text, encoding="utf-8")
    return config


@pytest.mark.slow
def test_every_fetched_article_url_ends_in_one_outcome_listed_by_runs(tmp_path: Path) -> None:
    site = NewsSite(count=3)
    empty_feed = Page(b'<?xml version="1.0"?><rss><channel></channel></rss>', "application/rss+xml")
    server = FaultServer(lambda base: site.build(base) | {"/extra.xml": empty_feed})
    with server:
        base = server.base_url
        config, data = _config(tmp_path, base), tmp_path / "data"
        first = run_cli("--config", str(config), "--data", str(data), "crawl", "--json")
        assert first.returncode == 0, first.stderr[-3000:]
        # The site changes: story 0 is corrected, story 1 dated anew with the same text, and
        # pages of every other kind appear in a feed that talks about captchas.
        time.sleep(1.1)  # feed dates have whole seconds: later than every fetch of the first run
        now = datetime.now(UTC).replace(microsecond=0)
        site.changed = {0: now.isoformat()}
        server.rebuild(lambda base: site.build(base) | _special_pages(base, now))
        result = run_cli("--config", str(config), "--data", str(data), "crawl", "--json")
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)["sites"][0]
    expected = {"new": 3, "updated": 1, "unchanged": 1, "duplicate": 1}
    expected |= {"dropped": 1, "blocked": 3, "failed": 1}
    assert report["outcomes"] == expected, report
    assert report["requested"] == sum(report["outcomes"].values()) == 11
    assert report["unaccounted"] == 0 and report["status"] == "ok"
    assert (report["new"], report["updated"], report["unchanged"]) == (3, 1, 1)
    assert report["blocked"] == 3 and report["failed"] == 1
    assert sum(report["dropped"].values()) == 1
    logged = json.loads((data / "runs.jsonl").read_text().splitlines()[-1])["sites"][0]
    assert logged["outcomes"] == expected and logged["unaccounted"] == 0

    args = ("--config", str(config), "--data", str(data))
    runs = json.loads(invoke_cli(*args, "runs", "--json").stdout)
    assert len(runs) == 2 and runs[0]["outcomes"] == expected
    assert runs[1]["outcomes"]["new"] == 3 and runs[1]["unaccounted"] == 0
    table = invoke_cli(*args, "runs").stdout
    assert "started (UTC)" in table and runs[0]["started"][:16].replace("T", " ") in table
    listed = json.loads(invoke_cli(*args, "runs", "--run", str(runs[0]["id"]), "--json").stdout)
    outcomes = {item["url"].removeprefix(base): item for item in listed["urls"]}
    assert len(outcomes) == 11
    for path, outcome in {**OUTCOME_PATHS, story(0).path: "updated"}.items():
        assert outcomes[path]["outcome"] == outcome, (path, outcomes[path])
    assert outcomes[story(1).path]["outcome"] == "unchanged"
    assert "Cloudflare" in outcomes[PLACE + "cloudflare.html"]["detail"]
    assert "DataDome" in outcomes[PLACE + "datadome.html"]["detail"]
    assert outcomes[PLACE + "forbidden.html"]["detail"] == "HTTP 403"
    assert outcomes[PLACE + "gone.html"]["detail"].startswith("HTTP 404")
    dropped = invoke_cli(*args, "runs", "--run", str(runs[0]["id"]), "--outcome", "dropped")
    assert dropped.returncode == 0
    assert PLACE + "ferry-video.html" in dropped.stdout and "cloudflare" not in dropped.stdout
    assert any(reason in dropped.stdout for reason in ("NotAnArticle", "TooShort"))

    stored = invoke_cli(*args, "show", base + PLACE + "recaptcha-comments.html", "--json")
    assert json.loads(stored.stdout)["title"] == story(50).title


def test_runs_explains_bad_input_in_one_line(tmp_path: Path) -> None:
    config = tmp_path / "sites.toml"
    config.write_text(site_config({"ledger": "http://127.0.0.1:9"}), encoding="utf-8")
    args = ("--config", str(config), "--data", str(tmp_path / "data"))
    assert "presswatch runs --run 42 --outcome dropped" in invoke_cli("runs", "--help").stdout
    ArticleStore.open(tmp_path / "data").close()  # an empty store: no run yet
    missing = invoke_cli(*args, "runs", "--run", "99")
    assert missing.returncode == 2 and "no run with id 99" in missing.stderr
    alone = invoke_cli(*args, "runs", "--outcome", "dropped")
    assert alone.returncode == 2 and "--outcome needs --run" in alone.stderr
    empty = invoke_cli(*args, "runs")
    assert empty.returncode == 0 and "no runs recorded yet" in empty.stdout
    assert json.loads(invoke_cli(*args, "runs", "--json").stdout) == []


def _site_args(tmp_path: Path, site_id: str, base_url: str) -> tuple[str, ...]:
    """The CLI arguments of an archive in tmp_path with one configured site at base_url."""
    config = tmp_path / "sites.toml"
    config.write_text(site_config({site_id: base_url}), encoding="utf-8")
    return ("--config", str(config), "--data", str(tmp_path / "data"))


@pytest.mark.slow
def test_a_healthy_site_whose_pages_load_recaptcha_stays_ok_run_after_run(tmp_path: Path) -> None:
    site = NewsSite(count=5)

    def build(base_url: str) -> dict[str, Page]:
        pages = site.build(base_url)
        for article in site.articles():
            pages[article.path] = html_page(recaptcha_article(article))
        return pages

    with FaultServer(build) as server:
        args = _site_args(tmp_path, "chronicle", server.base_url)
        first = run_cli(*args, "crawl", "--json")
        second = run_cli(*args, "crawl")
    assert first.returncode == 0, first.stderr[-3000:]
    assert json.loads(first.stdout)["sites"][0]["outcomes"]["new"] == 5
    assert second.returncode == 0, second.stderr[-3000:]
    assert "blocked" not in second.stderr
    assert " 0 blocked, 0 failed of 0 article URLs" in second.stdout  # nothing new to fetch
    runs = (tmp_path / "data" / "runs.jsonl").read_text().splitlines()
    report = json.loads(runs[-1])["sites"][0]
    assert report["status"] == "ok" and report["unaccounted"] == 0
    health = json.loads(invoke_cli(*args, "sites", "--json").stdout)[0]
    assert health["health"] == "ok" and health["articles"] == 5


@pytest.mark.slow
def test_one_refused_article_asked_for_again_on_a_quiet_run_does_not_block_the_site(
    tmp_path: Path,
) -> None:
    """Regression (a QA pass): the second run of an unchanged site asks again only for the
    page refused the first time; that one 403 made the site 'blocked' (exit 1, backoff)."""
    site = NewsSite(count=5)
    refused = Page(b"<html><body>Forbidden</body></html>", "text/html", 403)

    def build(base_url: str) -> dict[str, Page]:
        pages = site.build(base_url)
        pages[site.articles()[0].path] = refused
        return pages

    with FaultServer(build) as server:
        args = _site_args(tmp_path, "quiet", server.base_url)
        first = run_cli(*args, "crawl", "--json")
        second = run_cli(*args, "crawl", "--json")
    assert first.returncode == 0, first.stderr[-3000:]
    assert json.loads(first.stdout)["sites"][0]["outcomes"]["blocked"] == 1
    assert second.returncode == 0, second.stderr[-3000:]
    report = json.loads(second.stdout)["sites"][0]
    assert report["outcomes"]["blocked"] == 1 and report["new"] == 0  # asked for again
    assert report["status"] == "ok"
    assert json.loads(invoke_cli(*args, "sites", "--json").stdout)[0]["health"] == "ok"


@pytest.mark.slow
def test_a_challenge_page_served_in_place_of_the_feeds_blocks_the_site(tmp_path: Path) -> None:
    site = NewsSite(count=3)

    def build(base_url: str) -> dict[str, Page]:
        challenge = html_page(CLOUDFLARE_CHALLENGE)
        return site.build(base_url) | {"/rss.xml": challenge, "/sitemap.xml": challenge}

    with FaultServer(build) as server:
        config = tmp_path / "sites.toml"
        config.write_text(site_config({"walled": server.base_url}), encoding="utf-8")
        result = run_cli("--config", str(config), "--data", str(tmp_path / "data"), "crawl")
    assert result.returncode == 1, result.stderr[-3000:]
    assert "walled: challenge page instead of content" in result.stdout
    assert "health of walled: new -> blocked" in result.stderr


def _spider_of(tmp_path: Path) -> NewsSpider:
    config = tmp_path / "sites.toml"
    config.write_text(site_config({"ledger": "http://127.0.0.1:9"}), encoding="utf-8")
    return NewsSpider(load_config(config).site("ledger"), context=None)  # type: ignore[arg-type]


def test_a_requested_url_without_an_outcome_is_reported_as_unaccounted(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    spider = _spider_of(tmp_path)
    spider.requested = {"http://127.0.0.1:9/a.html", "http://127.0.0.1:9/b.html"}
    spider.fetched = {"http://127.0.0.1:9/a.html": UrlOutcome("new")}
    report = SiteReport(site="ledger")
    account(report, spider)
    assert (report.requested, report.unaccounted, report.outcomes["new"]) == (2, 1, 1)
    assert "1 article URLs requested without an outcome: http://127.0.0.1:9/b.html" in caplog.text


def test_pages_a_stopped_run_left_unfinished_are_recorded_as_failed(tmp_path: Path) -> None:
    spider = _spider_of(tmp_path)
    spider.requested = {"http://127.0.0.1:9/a.html", "http://127.0.0.1:9/b.html"}
    spider.fetched = {"http://127.0.0.1:9/a.html": UrlOutcome("dropped", "TooShort: 3 words")}
    report = SiteReport(site="ledger")
    account(report, spider, finished=False)
    assert report.unaccounted == 0 and report.failed == 1 and report.dropped == {"TooShort": 1}
    assert spider.fetched["http://127.0.0.1:9/b.html"].detail.startswith("Interrupted")


@pytest.mark.parametrize(
    "html",
    [
        "<" * 3_000_000,
        "captcha " + "x" * 3_000_000,
        "<html><title>Just a moment" + "\u2028\u00a0\t" * 500_000,
        "g-recaptcha" + "<div>" * 200_000,
    ],
    ids=["angle-brackets", "unbroken", "odd-whitespace", "deep-nesting"],
)
def test_the_challenge_check_is_bounded_on_hostile_pages(html: str) -> None:
    started = time.perf_counter()
    challenge_evidence(html)
    assert time.perf_counter() - started < 1.0


@pytest.mark.slow
def test_articles_refused_by_a_robots_txt_answering_5xx_are_blocked_not_skipped(
    tmp_path: Path,
) -> None:
    site = NewsSite(count=3)

    def robots(count: int) -> Page:
        return Page(b"oops", "text/plain", status=500)

    # The feed is on another host (localhost) than the articles (127.0.0.1).
    server = FaultServer(site.build, dynamic={"/robots.txt": robots})
    with server:
        config = tmp_path / "sites.toml"
        feeds_host = server.base_url.replace("127.0.0.1", "localhost")
        text = site_config({"flaky": server.base_url})
        text = text.replace(f"{server.base_url}/rss.xml", f"{feeds_host}/rss.xml")
        text = text.replace(f'sitemaps = ["{server.base_url}/sitemap.xml"]\n', "")
        config.write_text(text, encoding="utf-8")
        args = ("--config", str(config), "--data", str(tmp_path / "data"))
        result = run_cli(*args, "crawl", "--json")
    report = json.loads(result.stdout)["sites"][0]
    assert result.returncode == 1, result.stderr[-3000:]
    assert report["status"] == "blocked" and "robots.txt" in report["reason"]
    assert report["outcomes"]["blocked"] == report["requested"] == 3
    assert report["unaccounted"] == 0
    with ArticleStore.open(tmp_path / "data", create=False) as store:
        assert known_fetches(store, "flaky", datetime.now(UTC)) == {}  # asked again next run


def test_try_says_when_a_crawl_would_not_store_the_page() -> None:
    """Regression (a QA pass): a page without an article printed an empty record and exited
    1 with no reason, where a crawl records one."""
    pages = {
        "/challenge.html": html_page(CLOUDFLARE_CHALLENGE),
        "/video.html": html_page(VIDEO_PAGE),
        "/story.html": html_page(render_article(story(3), "http://127.0.0.1")),
    }
    with FaultServer(lambda base: pages) as server:
        challenge = invoke_cli("try", server.base_url + "/challenge.html")
        video = invoke_cli("try", server.base_url + "/video.html")
        article = invoke_cli("try", server.base_url + "/story.html")
    assert challenge.returncode == 1
    assert "a crawl would not store this page: ChallengePage (Cloudflare" in challenge.stderr
    assert "a crawl would not store this page: " in video.stderr
    assert any(reason in video.stderr for reason in ("NotAnArticle", "TooShort"))
    assert article.returncode == 0 and "would not store" not in article.stderr


def test_try_says_when_a_page_is_over_the_crawls_size_limit(tmp_path: Path) -> None:
    big = render_article(story(4), "http://127.0.0.1").replace("</body>", "<p>x</p>" * 30_000)
    with FaultServer(lambda base: {"/big.html": html_page(big)}) as server:
        config = tmp_path / "sites.toml"
        text = site_config({"big": server.base_url}, defaults="max_page_bytes = 100_000")
        config.write_text(text, encoding="utf-8")
        result = invoke_cli(
            "--config", str(config), "try", server.base_url + "/big.html", "--site", "big"
        )
    assert result.returncode == 1
    assert "a crawl would not store this page: larger than max_page_bytes" in result.stderr
    assert "limit 100,000)" in result.stderr
