"""The Redis keys the cluster uses beside RQ's own, all under the queue's name."""

from __future__ import annotations

from crawler.config import ClusterConfig

INGEST_GROUP = "presswatch-ingest"
OUTCOMES_TTL = 7 * 86400  # seconds a job's store outcomes are kept for its report
ENDED_TTL = 86400  # seconds the end of a job's attempt is kept (RQ records the end at once)


def site_lock(cluster: ClusterConfig, site: str) -> str:
    """Held from dispatch until the ingest saved the job's report: one job per site at once."""
    return f"{cluster.queue}:site:{site}"


def site_running(cluster: ClusterConfig, site: str) -> str:
    """Held by the worker crawling the site, renewed every heartbeat/3 seconds."""
    return f"{cluster.queue}:running:{site}"


def job_outcomes(cluster: ClusterConfig, job_id: str) -> str:
    """Article URL -> what the store made of it (new, updated, ...), for the job's report."""
    return f"{cluster.queue}:outcomes:{job_id}"


def attempt_ended(cluster: ClusterConfig, job_id: str) -> str:
    """When the job's latest attempt ended its work (epoch seconds), set by the work horse
    before it frees the site: until RQ records the end, the job still looks started."""
    return f"{cluster.queue}:ended:{job_id}"
