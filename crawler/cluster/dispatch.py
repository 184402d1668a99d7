"""Enqueue one crawl job per site with what the worker needs from the store, never two at once."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from crawler.cluster.hold import release
from crawler.cluster.names import site_lock
from crawler.config import Config, SiteConfig
from crawler.store import ArticleStore
from crawler.store.fetch_state import known_fetches, load_validators

if TYPE_CHECKING:
    from redis import Redis

JOB_FUNCTION = "crawler.cluster.job.crawl_job"
RESULT_TTL = 86400  # seconds RQ keeps a finished job's summary
FAILURE_TTL = 7 * 86400


@dataclass(frozen=True)
class Dispatched:
    """One site's dispatch: its job id, or why no job was made (`busy`: its job still runs)."""

    site: str
    job_id: str = ""
    busy: str = ""


def lock_seconds(config: Config) -> int:
    """How long a site's dispatch lock lives at most: every attempt of its job, plus margin."""
    cluster = config.cluster
    return cluster.job_timeout * (cluster.retries + 1) + 4 * cluster.heartbeat + 60


def dispatch(
    connection: Redis,
    config: Config,
    store: ArticleStore | None,
    sites: list[SiteConfig],
    max_articles: int | None = None,
    refresh: bool = False,
) -> list[Dispatched]:
    """One job per site on the queue, unless the site's previous job is not finished."""
    from rq import Queue, Retry

    cluster = config.cluster
    queue = Queue(cluster.queue, connection=connection, default_timeout=cluster.job_timeout)
    text = config.path.read_text(encoding="utf-8")
    now = datetime.now(UTC)
    results = []
    for site in sites:
        job_id = f"{site.id}-{uuid.uuid4().hex[:12]}"
        key = site_lock(cluster, site.id)
        if not connection.set(key, job_id, nx=True, ex=lock_seconds(config)):
            holder: Any = connection.get(key)
            results.append(Dispatched(site.id, busy=holder.decode() if holder else "?"))
            continue
        try:
            queue.enqueue(
                JOB_FUNCTION,
                _payload(config, text, store, site, now, max_articles, refresh),
                job_id=job_id,
                job_timeout=cluster.job_timeout,
                retry=Retry(max=cluster.retries) if cluster.retries else None,
                meta={"site": site.id},
                result_ttl=RESULT_TTL,
                failure_ttl=FAILURE_TTL,
                description=f"crawl {site.id}",
            )
        except BaseException:
            release(connection, key, job_id)  # no job: the site is free again
            raise
        results.append(Dispatched(site.id, job_id=job_id))
    return results


def _payload(
    config: Config,
    text: str,
    store: ArticleStore | None,
    site: SiteConfig,
    now: datetime,
    max_articles: int | None,
    refresh: bool,
) -> dict[str, Any]:
    known = known_fetches(store, site.id, now) if store is not None else {}
    validators = load_validators(store, site.id) if store is not None else {}
    return {
        "config": text,
        "config_path": str(config.path),
        "site": site.id,
        "stream": config.cluster.stream,
        "known": {url: when.isoformat() for url, when in known.items()},
        "validators": {
            url: [v.etag, v.last_modified, list(v.children)] for url, v in validators.items()
        },
        "max_articles": max_articles,
        "refresh": refresh,
    }
