"""Load and validate `sites.toml`: one [[site]] table per news site, a [defaults] table for all,
and the raw [[watch]] tables of saved searches (validated by search.watch)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crawler.hosts import host_within, url_host
from crawler.time_limit import DEFAULT_EXTRACT_TIMEOUT

DEFAULT_USER_AGENT = "presswatch/0.1 (+https://github.com/presswatch/presswatch; media research)"
DEFAULT_SCHEDULE = "0 * * * *"  # hourly, when neither the site nor [defaults] gives one
DEFAULT_EMPTY_ALERT_RUNS = 6
DEFAULT_KEEP_REVISIONS = 10
MAX_DEPTH_LIMIT = 10  # links followed from a start page; deeper is a whole-site crawl

SELECTOR_KEYS = ("title", "body", "published", "authors", "lead")
SITE_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
MEDIA_TYPES = ("newspaper", "broadcaster", "agency", "magazine", "online")


class ConfigError(ValueError):
    """A config file that cannot be used; the message names file, site, key and what is allowed."""


class WatchConfigError(ConfigError):
    """A [[watch]] table that cannot be used; the message names file, watch and key."""


@dataclass(frozen=True)
class CrawlDefaults:
    """Crawl-wide settings from [defaults] that are not per-site values."""

    user_agent: str = DEFAULT_USER_AGENT
    download_delay: float = 1.0
    concurrency_per_domain: int = 2
    max_page_bytes: int = 10_000_000
    download_timeout: float = 30.0
    obey_robots: bool = True
    index_batch_size: int = 1000
    near_duplicate_threshold: float = 0.5
    extract_workers: int | None = None  # None: one worker process per core (none on one core)
    keep_revisions: int = DEFAULT_KEEP_REVISIONS  # earlier versions kept per article
    extract_timeout: float = DEFAULT_EXTRACT_TIMEOUT  # seconds per page, then the page is dropped


@dataclass(frozen=True)
class ClusterConfig:
    """The [cluster] table: the Redis that workers, dispatch and ingest share (see README
    "Scaling out"). `redis_url` may carry a password (`redis://:PASSWORD@host:6379/0`) and TLS
    (`rediss://`); PRESSWATCH_REDIS_URL overrides it and PRESSWATCH_REDIS_PASSWORD supplies a
    password the URL lacks, so the secret need not sit in the file. Never logged."""

    redis_url: str = "redis://127.0.0.1:6379/0"
    queue: str = "presswatch"
    stream: str = "presswatch:articles"
    job_timeout: int = 3600  # seconds one site's crawl may take before RQ stops it
    retries: int = 2  # further attempts of a job whose worker failed or was lost
    heartbeat: int = 30  # seconds a worker's site lock lives without being renewed


@dataclass(frozen=True)
class SiteConfig:
    """One news site as configured: where to discover articles and how to read them."""

    id: str
    name: str
    domains: tuple[str, ...]
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    start_urls: tuple[str, ...] = ()
    article_pattern: str = ""
    exclude_pattern: str = ""
    languages: tuple[str, ...] = ()
    # '' (unset): the site's country's zone, from its domain or language (extract.country_zone)
    timezone: str = ""
    selectors: dict[str, str] = field(default_factory=dict)
    max_depth: int = 2
    min_date: date | None = None
    schedule: str = DEFAULT_SCHEDULE
    max_age_days: int | None = None
    empty_alert_runs: int = DEFAULT_EMPTY_ALERT_RUNS
    country: str = ""
    media_type: str = ""
    owner: str = ""
    state_affiliated: bool | None = None
    tags: tuple[str, ...] = ()
    warc: bool = False  # also write each stored article's exchange to DATA/warc/

    def allows_host(self, url: str) -> bool:
        """True when the URL's host is one of the site's domains or a subdomain of one (never
        for a URL no parser reads, 'http://[::1')."""
        return host_within(url_host(url), self.domains)

    def is_article_url(self, url: str) -> bool:
        """True when the URL matches `article_pattern` and not `exclude_pattern`."""
        if self.exclude_pattern and re.search(self.exclude_pattern, url):
            return False
        return bool(self.article_pattern) and re.search(self.article_pattern, url) is not None

    def is_excluded(self, url: str) -> bool:
        """True when the URL matches `exclude_pattern`."""
        return bool(self.exclude_pattern) and re.search(self.exclude_pattern, url) is not None


@dataclass(frozen=True)
class Config:
    """A whole config file: crawl defaults, the sites in file order, and where it was read from."""

    path: Path
    defaults: CrawlDefaults
    sites: tuple[SiteConfig, ...]
    cluster: ClusterConfig = field(default_factory=ClusterConfig)
    has_cluster: bool = False  # the file has a [cluster] table (`schedule --cluster` needs one)

    def site(self, site_id: str) -> SiteConfig:
        """The site with this id, or ConfigError listing the ids there are."""
        for site in self.sites:
            if site.id == site_id:
                return site
        known = ", ".join(s.id for s in self.sites) or "none"
        raise ConfigError(f"{self.path}: no site with id '{site_id}' (configured: {known})")


@dataclass(frozen=True)
class WatchTables:
    """The [[watch]] tables of a config file as written, and where it was read from."""

    path: Path
    tables: tuple[dict[str, Any], ...]


def _read_toml(path: Path) -> dict[str, Any]:
    """The one place a config file is opened and parsed."""
    return tomllib.loads(path.read_text(encoding="utf-8"))


def load_config(path: Path) -> Config:
    """Read and validate a sites.toml file; raise ConfigError with a one-line reason."""
    path = path.resolve()
    if not path.is_file():
        raise ConfigError(
            f"config file not found: {path} (give one with --config or PRESSWATCH_CONFIG)"
        )
    try:
        data = _read_toml(path)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    return parse_config(data, path)


def config_from_text(text: str, origin: Path) -> Config:
    """Validate a config sent as text (a cluster job carries its site's config this way);
    `origin` names it in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: not valid TOML: {exc}") from exc
    return parse_config(data, origin)


def load_watch_tables(path: Path) -> WatchTables:
    """The [[watch]] tables of a config file, checked only to be tables (WatchConfigError).

    The sites are not validated: a faulty site does not stop the watches, and (since
    load_config does not look inside [[watch]]) a faulty watch does not stop a crawl.
    """
    path = path.resolve()
    try:
        data = _read_toml(path)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise WatchConfigError(f"{path}: cannot read the config ({exc})") from exc
    tables = data.get("watch", [])
    if not isinstance(tables, list):
        raise WatchConfigError(f"{path}: 'watch' must be [[watch]] tables")
    for position, table in enumerate(tables, start=1):
        if not isinstance(table, dict):
            raise WatchConfigError(f"{path}: [[watch]] number {position} must be a table")
    return WatchTables(path=path, tables=tuple(tables))


def parse_config(data: dict[str, Any], path: Path) -> Config:
    """Validate already-parsed TOML data (see :func:`load_config`)."""
    unknown = set(data) - {"defaults", "site", "watch", "cluster"}
    if unknown:
        raise ConfigError(
            f"{path}: unknown top-level key '{sorted(unknown)[0]}' "
            "(allowed: [defaults], [[site]], [[watch]], [cluster])"
        )
    raw_defaults = _table(data.get("defaults", {}), path, "[defaults]")
    crawl_defaults = _crawl_defaults(raw_defaults, path)
    site_defaults = {k: v for k, v in raw_defaults.items() if k in _SITE_KEYS}
    raw_sites = data.get("site", [])
    if not isinstance(raw_sites, list) or not raw_sites:
        raise ConfigError(f"{path}: no [[site]] tables; add at least one site")
    sites: list[SiteConfig] = []
    for position, raw_site in enumerate(raw_sites, start=1):
        table = _table(raw_site, path, f"[[site]] number {position}")
        site = _site(site_defaults | table, path, position)
        if any(s.id == site.id for s in sites):
            raise ConfigError(f"{path}: site '{site.id}' key 'id': defined twice; ids are unique")
        sites.append(site)
    cluster = _cluster(_table(data.get("cluster", {}), path, "[cluster]"), path)
    return Config(
        path=path,
        defaults=crawl_defaults,
        sites=tuple(sites),
        cluster=cluster,
        has_cluster="cluster" in data,
    )


_CLUSTER_KEYS: dict[str, type] = {
    "redis_url": str,
    "queue": str,
    "stream": str,
    "job_timeout": int,
    "retries": int,
    "heartbeat": int,
}


def _cluster(raw: dict[str, Any], path: Path) -> ClusterConfig:
    unknown = set(raw) - set(_CLUSTER_KEYS)
    if unknown:
        allowed = ", ".join(_CLUSTER_KEYS)
        raise ConfigError(f"{path}: [cluster] unknown key '{sorted(unknown)[0]}' ({allowed})")
    values = {
        k: _typed(raw[k], t, path, "[cluster]", k) for k, t in _CLUSTER_KEYS.items() if k in raw
    }
    if urlsplit(values.get("redis_url", "redis://")).scheme not in ("redis", "rediss", "unix"):
        raise ConfigError(
            f"{path}: [cluster] key 'redis_url': must start with redis://, rediss:// or unix://"
        )
    for key in ("job_timeout", "heartbeat"):
        _positive(values.get(key, 1), path, "[cluster]", key)
    if values.get("retries", 0) < 0:
        raise ConfigError(f"{path}: [cluster] key 'retries': must be 0 or more")
    return ClusterConfig(**values)


_CRAWL_KEYS: dict[str, type | tuple[type, ...]] = {
    "user_agent": str,
    "download_delay": (int, float),
    "concurrency_per_domain": int,
    "max_page_bytes": int,
    "download_timeout": (int, float),
    "obey_robots": bool,
    "index_batch_size": int,
    "extract_workers": int,
    "extract_timeout": (int, float),
    "near_duplicate_threshold": (int, float),
    "keep_revisions": int,
}
_SITE_KEYS: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "name": str,
    "domains": list,
    "feeds": list,
    "sitemaps": list,
    "start_urls": list,
    "article_pattern": str,
    "exclude_pattern": str,
    "language": (str, list),
    "timezone": str,
    "selectors": dict,
    "max_depth": int,
    "min_date": (str, date),
    "schedule": str,
    "max_age_days": int,
    "empty_alert_runs": int,
    "country": str,
    "media_type": str,
    "owner": str,
    "state_affiliated": bool,
    "tags": list,
    "warc": bool,
}


def _table(value: Any, path: Path, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: {where} must be a table")
    return value


def _crawl_defaults(raw: dict[str, Any], path: Path) -> CrawlDefaults:
    unknown = set(raw) - set(_CRAWL_KEYS) - set(_SITE_KEYS)
    if unknown:
        allowed = ", ".join(sorted(set(_CRAWL_KEYS) | set(_SITE_KEYS)))
        raise ConfigError(
            f"{path}: [defaults] unknown key '{sorted(unknown)[0]}' (allowed: {allowed})"
        )
    values = {}
    for key, expected in _CRAWL_KEYS.items():
        if key in raw:
            values[key] = _typed(raw[key], expected, path, "[defaults]", key)
    if "schedule" in raw:
        _schedule(_typed(raw["schedule"], str, path, "[defaults]", "schedule"), path, "[defaults]")
    _check_limits(values, path)
    if not 0.3 <= values.get("near_duplicate_threshold", 0.5) <= 1.0:
        raise ConfigError(
            f"{path}: [defaults] key 'near_duplicate_threshold': must be from 0.3 to 1.0 "
            f"(estimated share of shared 3-word shingles), got {values['near_duplicate_threshold']}"
        )
    if values.get("extract_workers", 0) < 0:
        raise ConfigError(
            f"{path}: [defaults] key 'extract_workers': must be 0 (extract in the crawl process) "
            f"or more, got {values['extract_workers']}"
        )
    if values.get("extract_timeout", 1) <= 0:
        raise ConfigError(
            f"{path}: [defaults] key 'extract_timeout': must be more than 0 seconds "
            f"(the time limit on one page's extraction), got {values['extract_timeout']}"
        )
    return CrawlDefaults(**values)


# [defaults] keys with a lower bound: (smallest allowed, what the value means). Zero is refused
# where it would switch a limit off: Scrapy reads DOWNLOAD_MAXSIZE = 0 as "no size limit".
_LOWER_BOUNDS: dict[str, tuple[float, str]] = {
    "download_delay": (0, "seconds between requests to one site"),
    "concurrency_per_domain": (1, "parallel requests to one site"),
    "max_page_bytes": (1, "bytes; 0 would lift the page-size limit"),
    "download_timeout": (0.001, "seconds; 0 would lift the time limit"),
    "index_batch_size": (1, "articles stored between two index commits"),
    "keep_revisions": (0, "earlier versions kept per article; 0 keeps none"),
}


def _check_limits(values: dict[str, Any], path: Path) -> None:
    """One line naming the first [defaults] value out of range, and what it means."""
    for key, (smallest, meaning) in _LOWER_BOUNDS.items():
        value = values.get(key)
        if value is None or value >= smallest:
            continue
        allowed = "more than 0" if 0 < smallest < 1 else f"{smallest} or more"
        raise ConfigError(
            f"{path}: [defaults] key '{key}': must be {allowed} ({meaning}), got {value}"
        )


def _typed(value: Any, expected: type | tuple[type, ...], path: Path, where: str, key: str) -> Any:
    types = expected if isinstance(expected, tuple) else (expected,)
    # bool is an int subclass: `true` must not pass where a number is expected.
    ok = isinstance(value, types) and not (isinstance(value, bool) and bool not in types)
    if not ok:
        names = " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in types)
        raise ConfigError(f"{path}: {where} key '{key}': expected {names}, got {value!r}")
    return value


_TYPE_NAMES = {
    str: "a string",
    list: "a list",
    dict: "a table",
    int: "an integer",
    float: "a number",
    bool: "true or false",
    date: "a date",
}


def _site(raw: dict[str, Any], path: Path, position: int) -> SiteConfig:
    site_id = raw.get("id")
    where = f"site '{site_id}'" if isinstance(site_id, str) else f"[[site]] number {position}"
    unknown = set(raw) - set(_SITE_KEYS)
    if unknown:
        allowed = ", ".join(sorted(_SITE_KEYS))
        raise ConfigError(
            f"{path}: {where} unknown key '{sorted(unknown)[0]}' (allowed: {allowed})"
        )
    for key in ("id", "name", "domains"):
        if key not in raw:
            raise ConfigError(f"{path}: {where} key '{key}': missing (it is required)")
    for key, expected in _SITE_KEYS.items():
        if key in raw:
            _typed(raw[key], expected, path, where, key)
    if not SITE_ID_PATTERN.match(raw["id"]):
        raise ConfigError(
            f"{path}: {where} key 'id': '{raw['id']}' is not allowed "
            "(lowercase letters, digits, '-' and '_', at most 64)"
        )
    lists = {
        k: _strings(raw.get(k, []), path, where, k)
        for k in ("domains", "feeds", "sitemaps", "start_urls", "tags")
    }
    if not lists["domains"]:
        raise ConfigError(f"{path}: {where} key 'domains': empty; list the hosts the site uses")
    for domain in lists["domains"]:
        _check_domain(domain, path, where)
    for key in ("feeds", "sitemaps", "start_urls"):
        for url in lists[key]:
            _check_url(url, path, where, key)
    if not (lists["feeds"] or lists["sitemaps"] or lists["start_urls"]):
        raise ConfigError(
            f"{path}: {where}: nothing to crawl; give at least one of feeds, sitemaps, start_urls"
        )
    for key in ("article_pattern", "exclude_pattern"):
        _check_regex(raw.get(key, ""), path, where, key)
    if lists["start_urls"] and not raw.get("article_pattern"):
        raise ConfigError(
            f"{path}: {where} key 'article_pattern': required with start_urls "
            "(a regex that article URLs match)"
        )
    return SiteConfig(
        id=raw["id"],
        name=raw["name"],
        domains=tuple(d.lower() for d in lists["domains"]),
        feeds=lists["feeds"],
        sitemaps=lists["sitemaps"],
        start_urls=lists["start_urls"],
        article_pattern=raw.get("article_pattern", ""),
        exclude_pattern=raw.get("exclude_pattern", ""),
        languages=_languages(raw.get("language", []), path, where),
        timezone=_timezone(raw.get("timezone", ""), path, where),
        selectors=_selectors(raw.get("selectors", {}), path, where),
        max_depth=_max_depth(raw.get("max_depth", 2), path, where),
        min_date=_min_date(raw.get("min_date"), path, where),
        schedule=_schedule(raw.get("schedule", DEFAULT_SCHEDULE), path, where),
        max_age_days=_positive_or_none(raw.get("max_age_days"), path, where, "max_age_days"),
        empty_alert_runs=_positive(
            raw.get("empty_alert_runs", DEFAULT_EMPTY_ALERT_RUNS), path, where, "empty_alert_runs"
        ),
        country=_country(raw.get("country", ""), path, where),
        media_type=_media_type(raw.get("media_type", ""), path, where),
        owner=raw.get("owner", ""),
        state_affiliated=raw.get("state_affiliated"),
        tags=lists["tags"],
        warc=bool(raw.get("warc", False)),
    )


def _strings(value: Any, path: Path, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{path}: {where} key '{key}': expected a list of non-empty strings")
    return tuple(value)


def _check_url(url: str, path: Path, where: str, key: str) -> None:
    try:
        parts = urlsplit(url)
        readable = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:  # 'http://[::1': an IPv6 host left open
        readable = False
    if not readable:
        raise ConfigError(f"{path}: {where} key '{key}': '{url}' is not an http(s) URL")


def _check_regex(pattern: str, path: Path, where: str, key: str) -> None:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ConfigError(
            f"{path}: {where} key '{key}': invalid regular expression {pattern!r} ({exc})"
        ) from exc


def _languages(value: str | list[Any], path: Path, where: str) -> tuple[str, ...]:
    codes = [value] if isinstance(value, str) else value
    for code in codes:
        if not isinstance(code, str) or not re.fullmatch(r"[a-z]{2}", code):
            raise ConfigError(
                f"{path}: {where} key 'language': {code!r} is not a two-letter ISO 639-1 code"
            )
    return tuple(codes)


def _timezone(name: str, path: Path, where: str) -> str:
    if name == "":
        return name  # unset: inferred per page (crawler.extract.country_zone)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            f"{path}: {where} key 'timezone': unknown timezone '{name}' "
            "(an IANA name such as 'Europe/London' or 'Asia/Shanghai')"
        ) from exc
    return name


def _selectors(value: dict[str, Any], path: Path, where: str) -> dict[str, str]:
    from soupsieve import SelectorSyntaxError
    from soupsieve import compile as compile_css

    for key, css in value.items():
        if key not in SELECTOR_KEYS:
            raise ConfigError(
                f"{path}: {where} key 'selectors.{key}': unknown field "
                f"(allowed: {', '.join(SELECTOR_KEYS)})"
            )
        if not isinstance(css, str) or not css:
            raise ConfigError(f"{path}: {where} key 'selectors.{key}': expected a CSS selector")
        try:
            compile_css(css)
        except SelectorSyntaxError as exc:
            raise ConfigError(
                f"{path}: {where} key 'selectors.{key}': invalid CSS selector {css!r}"
            ) from exc
    return dict(value)


def _max_depth(value: int, path: Path, where: str) -> int:
    if not 0 <= value <= MAX_DEPTH_LIMIT:
        raise ConfigError(
            f"{path}: {where} key 'max_depth': must be from 0 to {MAX_DEPTH_LIMIT} "
            f"(links followed from a start page), got {value}"
        )
    return value


def _check_domain(domain: str, path: Path, where: str) -> None:
    from crawler.hosts import domain_problem

    problem = domain_problem(domain)
    if problem:
        raise ConfigError(
            f"{path}: {where} key 'domains': {domain!r} {problem} "
            "(allowed: host names such as 'news.example.org', or IP addresses)"
        )


def _positive(value: int, path: Path, where: str, key: str) -> int:
    if value < 1:
        raise ConfigError(f"{path}: {where} key '{key}': must be 1 or more, got {value}")
    return value


def _positive_or_none(value: int | None, path: Path, where: str, key: str) -> int | None:
    return None if value is None else _positive(value, path, where, key)


def _schedule(expression: str, path: Path, where: str) -> str:
    from croniter import croniter

    # croniter also accepts a sixth field (seconds); tests use it to run schedules quickly.
    if not croniter.is_valid(expression):
        raise ConfigError(
            f"{path}: {where} key 'schedule': {expression!r} is not a cron expression "
            "(five fields: minute hour day-of-month month day-of-week, e.g. '*/30 * * * *')"
        )
    return expression


def _min_date(value: str | date | None, path: Path, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ConfigError(
            f"{path}: {where} key 'min_date': '{value}' is not a date (YYYY-MM-DD)"
        ) from exc


# Codes people write for a country that ISO 3166-1 spells otherwise.
_NOT_ISO_COUNTRIES = {"UK": "GB", "EL": "GR"}


def _country(value: str, path: Path, where: str) -> str:
    """An ISO 3166-1 alpha-2 code, upper case ('gb' -> 'GB'); '' when none is given."""
    code = value.strip().upper()
    if not code:
        return ""
    if code in _NOT_ISO_COUNTRIES:
        raise ConfigError(
            f"{path}: {where} key 'country': '{value}' is not an ISO 3166-1 code; "
            f"write '{_NOT_ISO_COUNTRIES[code]}'"
        )
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise ConfigError(
            f"{path}: {where} key 'country': '{value}' is not a two-letter ISO 3166-1 code "
            "(e.g. GB, US, CN)"
        )
    return code


def _media_type(value: str, path: Path, where: str) -> str:
    if value and value not in MEDIA_TYPES:
        raise ConfigError(
            f"{path}: {where} key 'media_type': '{value}' (allowed: {', '.join(MEDIA_TYPES)})"
        )
    return value
