"""Sites without a configured timezone: wall times read in the zone of the site's country."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from crawler.config import load_config
from crawler.extract import extract_article
from crawler.extract.country_zone import country_zone

FETCHED = datetime(2025, 2, 1, tzinfo=UTC)
# Mainichi, Tokyo Shimbun: the time printed beside the headline, no offset, no metadata.
PAGE = (
    '<html lang="{lang}"><body><article><h1>見出しの記事のタイトル</h1>'
    "<p class='date'>2025-01-14 21:17</p><p>{body}</p></article></body></html>"
)


def test_the_country_code_domain_names_the_zone_where_the_country_keeps_one_clock() -> None:
    assert country_zone("https://mainichi.jp/articles/20250114/k00") == "Asia/Tokyo"
    assert country_zone("https://www.spiegel.de/politik/x") == "Europe/Berlin"
    assert country_zone("https://www.nytimes.com/2025/01/14/x") == ""
    assert country_zone("https://www.abc.net.au/news/x") == ""  # several zones
    assert country_zone("http://127.0.0.1:8000/a") == ""


def test_the_declared_language_names_the_zone_when_the_domain_does_not() -> None:
    assert country_zone("https://www.asahi.com/articles/x", "ja") == "Asia/Tokyo"
    assert country_zone("https://www.asahi.com/articles/x", "en") == ""
    assert country_zone("https://www.lemonde.fr/x", "ja") == "Europe/Paris"  # domain first


def test_a_wall_time_on_an_unconfigured_japanese_site_is_read_in_japan_time() -> None:
    body = "本文の段落です。" * 30
    article = extract_article(
        PAGE.format(lang="ja", body=body), "https://mainichi.jp/articles/1", fetched_at=FETCHED
    )
    assert article.published == datetime(2025, 1, 14, 21, 17, tzinfo=timezone(timedelta(hours=9)))
    assert article.published_utc == datetime(2025, 1, 14, 12, 17, tzinfo=UTC)
    assert article.published_day is not None
    assert article.published_day.isoformat() == "2025-01-14"
    english = extract_article(
        PAGE.format(lang="en", body="A paragraph of the body. " * 30),
        "https://example.com/articles/1",
        fetched_at=FETCHED,
    )
    # No zone to read it in: the wall time names the day only (its text keeps the time).
    assert (english.published, english.published_precision) == (date(2025, 1, 14), "day")
    assert english.published_utc == datetime(2025, 1, 14, tzinfo=UTC)


def test_a_configured_timezone_wins_over_the_guess(tmp_path: Path) -> None:
    config_path = tmp_path / "sites.toml"
    config_path.write_text(
        '[[site]]\nid = "mainichi"\nname = "Mainichi"\ndomains = ["mainichi.jp"]\n'
        'feeds = ["https://mainichi.jp/rss"]\ntimezone = "UTC"\n'
        '[[site]]\nid = "other"\nname = "Other"\ndomains = ["other.jp"]\n'
        'feeds = ["https://other.jp/rss"]\n',
        encoding="utf-8",
    )
    config = load_config(config_path)
    assert config.site("other").timezone == ""  # unset: guessed per page
    body = "本文の段落です。" * 30
    article = extract_article(
        PAGE.format(lang="ja", body=body),
        "https://mainichi.jp/articles/1",
        site=config.site("mainichi"),
        fetched_at=FETCHED,
    )
    assert article.published_utc == datetime(2025, 1, 14, 21, 17, tzinfo=UTC)
