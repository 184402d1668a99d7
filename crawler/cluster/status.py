"""What the cluster is doing: jobs queued, running and failed, the stream, workers, ingest lag."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from crawler.cluster.names import INGEST_GROUP
from crawler.config import ClusterConfig

if TYPE_CHECKING:
    from redis import Redis


@dataclass
class ClusterStatus:
    """A snapshot; job lists hold job ids (`SITE-hex`), `pending` is per ingest consumer."""

    queued: list[str] = field(default_factory=list)
    running: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    stream_length: int = 0
    pending: dict[str, int] = field(default_factory=dict)
    workers: list[dict[str, str]] = field(default_factory=list)
    lag_entries: int = 0  # entries not yet read by the ingest
    lag_seconds: float = 0.0  # age of the oldest entry not yet acknowledged

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def cluster_status(connection: Redis, cluster: ClusterConfig) -> ClusterStatus:
    """Read the queue's registries, the stream and its consumer group (nothing is changed)."""
    from rq import Queue, Worker
    from rq.registry import FailedJobRegistry, StartedJobRegistry

    queue = Queue(cluster.queue, connection=connection)
    status = ClusterStatus(
        queued=list(queue.job_ids),
        running=_job_ids(StartedJobRegistry(queue=queue).get_job_ids(cleanup=False)),
        failed=FailedJobRegistry(queue=queue).get_job_ids(cleanup=False),
        stream_length=int(connection.xlen(cluster.stream)),
    )
    for worker in Worker.all(queue=queue):
        status.workers.append(
            {
                "name": worker.name,
                "state": str(worker.get_state()),
                "job": worker.get_current_job_id() or "",
                "last_seen": worker.last_heartbeat.isoformat() if worker.last_heartbeat else "",
            }
        )
    _read_group(connection, cluster, status)
    return status


def jobs_left(connection: Redis, cluster: ClusterConfig) -> bool:
    """True while a job is queued, taken by a worker or running.

    A worker moves the job it takes from the queue to RQ's intermediate list and only then
    records it as started: in between, the job is in neither the queue nor the started
    registry, and an ingest that read only those two would think the cluster idle."""
    from rq import Queue
    from rq.registry import StartedJobRegistry

    queue = Queue(cluster.queue, connection=connection)
    return bool(
        queue.count
        or connection.llen(queue.intermediate_queue_key)
        or StartedJobRegistry(queue=queue).get_job_ids(cleanup=False)
    )


def _job_ids(entries: list[str]) -> list[str]:
    """Job ids from a started registry's entries (RQ 2.0 lists them as job_id:execution_id;
    job ids here are `SITE-hex`, with no colon)."""
    return [entry.split(":")[0] for entry in entries]


def _read_group(connection: Redis, cluster: ClusterConfig, status: ClusterStatus) -> None:
    from redis.exceptions import ResponseError

    try:
        groups: Any = connection.xinfo_groups(cluster.stream)
        consumers: Any = connection.xinfo_consumers(cluster.stream, INGEST_GROUP)
    except ResponseError:  # no stream or no group yet: nothing was ingested
        status.lag_entries = status.stream_length
        return
    for group in groups:
        if _text(group["name"]) == INGEST_GROUP:
            status.lag_entries = int(group.get("lag") or 0)
    status.pending = {_text(c["name"]): int(c["pending"]) for c in consumers}
    oldest: Any = connection.xrange(cluster.stream, count=1)
    if oldest:
        millis = int(_text(oldest[0][0]).split("-")[0])
        status.lag_seconds = round(max(0.0, time.time() - millis / 1000), 1)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
