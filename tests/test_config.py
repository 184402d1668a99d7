"""Config validation: the shipped configs load, and each mistake names file, site, key and fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.config import ConfigError, load_config
from crawler.demo.config import demo_config_toml

ROOT = Path(__file__).resolve().parent.parent

GOOD_SITE = """
[[site]]
id = "example"
name = "Example News"
domains = ["example.org"]
feeds = ["https://example.org/rss.xml"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sites.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_sites_config_loads() -> None:
    config = load_config(ROOT / "config" / "sites.toml")
    ids = [site.id for site in config.sites]
    assert {"cctv-english", "bbc-news", "guardian", "xinhua-english"} <= set(ids)
    assert "@" in config.defaults.user_agent or "http" in config.defaults.user_agent
    assert config.site("cctv-english").timezone == "Asia/Shanghai"


def test_shipped_demo_config_matches_generator() -> None:
    assert (ROOT / "config" / "demo.toml").read_text(encoding="utf-8") == demo_config_toml()


def test_defaults_apply_to_every_site_and_site_wins(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[defaults]\ntimezone = "Asia/Tokyo"\nmax_depth = 3\n'
        + GOOD_SITE
        + GOOD_SITE.replace('"example"', '"other"')
        + 'timezone = "Europe/Paris"\n',
    )
    config = load_config(path)
    assert config.site("example").timezone == "Asia/Tokyo"
    assert config.site("example").max_depth == 3
    assert config.site("other").timezone == "Europe/Paris"


def test_article_pattern_is_a_search_in_the_full_url(tmp_path: Path) -> None:
    path = write(
        tmp_path, GOOD_SITE + "article_pattern = '/\\d{4}/\\d{2}/'\nexclude_pattern = '/live/'\n"
    )
    site = load_config(path).site("example")
    assert site.is_article_url("https://example.org/world/2025/05/story.html")
    assert not site.is_article_url("https://example.org/live/2025/05/story.html")
    assert not site.is_article_url("https://example.org/about")
    assert site.allows_host("https://www.example.org/x")
    assert not site.allows_host("https://example.org.evil.com/x")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            GOOD_SITE + 'timezone = "Europe/Londn"\n',
            "site 'example' key 'timezone': unknown timezone 'Europe/Londn' "
            "(an IANA name such as 'Europe/London' or 'Asia/Shanghai')",
        ),
        (
            GOOD_SITE + "article_pattern = '(unclosed'\n",
            "site 'example' key 'article_pattern': invalid regular expression '(unclosed'",
        ),
        (GOOD_SITE + 'colour = "red"\n', "site 'example' unknown key 'colour' (allowed: "),
        (
            GOOD_SITE + 'language = "english"\n',
            "site 'example' key 'language': 'english' is not a two-letter ISO 639-1 code",
        ),
        (
            GOOD_SITE.replace(
                'feeds = ["https://example.org/rss.xml"]', 'feeds = ["http://[::1/rss.xml"]'
            ),
            "site 'example' key 'feeds': 'http://[::1/rss.xml' is not an http(s) URL",
        ),
        (
            GOOD_SITE.replace('feeds = ["https://example.org/rss.xml"]', 'feeds = ["ftp://x"]'),
            "site 'example' key 'feeds': 'ftp://x' is not an http(s) URL",
        ),
        (
            GOOD_SITE.replace('domains = ["example.org"]\n', ""),
            "site 'example' key 'domains': missing (it is required)",
        ),
        (GOOD_SITE + "max_depth = -1\n", "site 'example' key 'max_depth': must be from 0 to 10"),
        (GOOD_SITE + "max_depth = 11\n", "site 'example' key 'max_depth': must be from 0 to 10"),
        (
            "[defaults]\nmax_page_bytes = 0\n" + GOOD_SITE,
            "[defaults] key 'max_page_bytes': must be 1 or more "
            "(bytes; 0 would lift the page-size limit), got 0",
        ),
        (
            "[defaults]\ndownload_timeout = 0\n" + GOOD_SITE,
            "[defaults] key 'download_timeout': must be more than 0 "
            "(seconds; 0 would lift the time limit), got 0",
        ),
        (
            "[defaults]\nindex_batch_size = 0\n" + GOOD_SITE,
            "[defaults] key 'index_batch_size': must be 1 or more",
        ),
        (
            "[defaults]\nconcurrency_per_domain = 0\n" + GOOD_SITE,
            "[defaults] key 'concurrency_per_domain': must be 1 or more",
        ),
        (
            "[defaults]\ndownload_delay = -0.5\n" + GOOD_SITE,
            "[defaults] key 'download_delay': must be 0 or more",
        ),
        (
            "[defaults]\nkeep_revisions = -1\n" + GOOD_SITE,
            "[defaults] key 'keep_revisions': must be 0 or more",
        ),
        (
            "[defaults]\nextract_workers = -1\n" + GOOD_SITE,
            "[defaults] key 'extract_workers': must be 0",
        ),
        *[
            (
                GOOD_SITE.replace('["example.org"]', f'["{domain}"]'),
                f"site 'example' key 'domains': '{domain}' {problem}",
            )
            for domain, problem in [
                ("com", "has no dot"),
                ("co.uk", "is a public suffix"),
                ("com.cn", "is a public suffix"),
                ("localhost", "has no dot"),
                ("https://example.org", "is not a bare host name"),
                ("example.org/news", "is not a bare host name"),
                ("example.org:8080", "is not a bare host name"),
                ("exa mple.org", "is not a valid host name"),
                ("-bad.example.org", "is not a valid host name"),
            ]
        ],
        (GOOD_SITE + GOOD_SITE, "site 'example' key 'id': defined twice"),
        (
            GOOD_SITE + "[site.selectors]\nbody = 'div[[['\n",
            "site 'example' key 'selectors.body': invalid CSS selector",
        ),
        (
            GOOD_SITE + 'start_urls = ["https://example.org/"]\n',
            "site 'example' key 'article_pattern': required with start_urls",
        ),
        (
            "[defaults]\nuser_agent = 3\n" + GOOD_SITE,
            "[defaults] key 'user_agent': expected a string, got 3",
        ),
        ("", "no [[site]] tables; add at least one site"),
        ("[[site]\nid=", "not valid TOML"),
    ],
)
def test_config_errors_name_file_site_key_and_what_is_allowed(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_limits_accept_meaningful_zeros_hosts_and_ip_addresses(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "[defaults]\ndownload_delay = 0\nkeep_revisions = 0\nmax_depth = 0\n"
        + GOOD_SITE.replace('["example.org"]', '["bbc.co.uk", "127.0.0.1", "::1", "новости.рф"]'),
    )
    config = load_config(path)
    assert config.defaults.download_delay == 0
    assert config.defaults.keep_revisions == 0
    assert config.site("example").max_depth == 0
    assert config.site("example").domains[:3] == ("bbc.co.uk", "127.0.0.1", "::1")


def test_keep_revisions_defaults_to_ten(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, GOOD_SITE)).defaults.keep_revisions == 10


def test_missing_config_names_absolute_path(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"config file not found: /.*nowhere\.toml"):
        load_config(tmp_path / "nowhere.toml")


def test_unknown_site_lists_configured_ids(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, GOOD_SITE))
    with pytest.raises(ConfigError, match=r"no site with id 'bbc' \(configured: example\)"):
        config.site("bbc")


@pytest.mark.parametrize(
    ("country", "message"),
    [
        ("United Kingdom", "'United Kingdom' is not a two-letter ISO 3166-1 code (e.g. GB"),
        ("UK", "'UK' is not an ISO 3166-1 code; write 'GB'"),
        ("G8", "'G8' is not a two-letter ISO 3166-1 code"),
    ],
)
def test_a_country_that_is_no_iso_code_is_refused(
    tmp_path: Path, country: str, message: str
) -> None:
    """Regression (a QA pass): 'United Kingdom' or 'UK' were accepted, and the site's articles
    then missed --country GB."""
    path = write(tmp_path, GOOD_SITE + f'country = "{country}"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert f"site 'example' key 'country': {message}" in str(caught.value)


def test_a_country_code_in_lower_case_is_read_in_upper_case(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_SITE + 'country = "gb"\n')
    assert load_config(path).site("example").country == "GB"
