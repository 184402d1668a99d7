"""Find jobs whose worker was lost (its site lock expired) and give them back to the queue."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from crawler.cluster.hold import release
from crawler.cluster.names import attempt_ended, site_lock, site_running
from crawler.config import ClusterConfig

if TYPE_CHECKING:
    from redis import Redis

logger = logging.getLogger(__name__)


def requeue_lost(connection: Redis, cluster: ClusterConfig) -> list[str]:
    """Retry (or, without retries left, fail) every started job whose worker stopped renewing
    its site lock; free the site of failed jobs. The ids of the jobs handled.

    RQ itself notices a lost job only after its monitoring interval plus 60 s; the site lock,
    renewed every heartbeat/3 seconds by the crawling worker, tells sooner.
    """
    from rq import Queue
    from rq.exceptions import NoSuchJobError
    from rq.job import Job
    from rq.registry import FailedJobRegistry, StartedJobRegistry

    queue = Queue(cluster.queue, connection=connection)
    started = StartedJobRegistry(queue=queue)
    handled = []
    grace = timedelta(seconds=max(2 * cluster.heartbeat, 10))  # the horse's start-up
    seen = set()
    for job_id in started.get_job_ids(cleanup=False):
        try:
            job = Job.fetch(job_id, connection=connection)
        except NoSuchJobError:
            continue
        if job.id in seen:  # the registry lists a job once per execution (a retried job: two)
            continue
        seen.add(job.id)
        site = str(job.meta.get("site", ""))
        began = _attempt_began(job)
        if not site or began is None or datetime.now(UTC) - began < grace:
            continue
        if _accounted_for(connection, cluster, job, site, began):
            continue
        connection.transaction(partial(_give_back, queue=queue, started=started, job=job))
        handled.append(job.id)
    for job_id in FailedJobRegistry(queue=queue).get_job_ids(cleanup=False):
        try:
            site = str(Job.fetch(job_id, connection=connection).meta.get("site", ""))
        except NoSuchJobError:
            continue
        release(connection, site_lock(cluster, site), job_id)
    return handled


def _attempt_began(job: Any) -> datetime | None:
    """When the job's current attempt began: the newer of its start and its newest execution.

    A worker records the execution when it takes the job, before its work horse sets
    started_at, which until then is still the previous attempt's: read alone, it made a retry
    that had just been taken look lost, and the job was queued a second time."""
    from rq.executions import Execution

    times = [job.started_at.replace(tzinfo=UTC)] if job.started_at else []
    for execution_id in job.execution_registry.get_execution_ids():
        try:
            execution = Execution.fetch(execution_id, job.id, job.connection)
        except ValueError:  # it ended between the listing and this read
            continue
        times.append(execution.created_at)
    return max(times, default=None)


def _accounted_for(
    connection: Redis, cluster: ClusterConfig, job: Any, site: str, began: datetime
) -> bool:
    """Whether the job's current attempt still holds its site, or has ended its work and only
    waits for RQ to record the end (an end older than the attempt is a previous attempt's)."""
    if connection.exists(site_running(cluster, site)):
        return True
    ended: Any = connection.get(attempt_ended(cluster, job.id))
    return ended is not None and float(ended) >= began.timestamp()


def _give_back(pipeline: Any, queue: Any, started: Any, job: Any) -> None:
    """Queue the lost job again while it has retries left, else mark it failed."""
    from rq.job import JobStatus

    # by composite key, not RQ's remove_executions, which reads each execution and raised
    # when one expired between the listing and the read
    executions = [f"{job.id}:{id_}" for id_ in job.execution_registry.get_execution_ids()]
    pipeline.zrem(started.key, job.id, *executions)
    # a worker lost before its work horse ran leaves the job in RQ's intermediate list, whose
    # own clean-up would queue it a second time
    pipeline.lrem(queue.intermediate_queue_key, 0, job.id)
    site = job.meta.get("site", "")
    if job.retries_left:
        job.retry(queue, pipeline)
        logger.warning("job %s (%s): worker lost, queued again", job.id, site)
    else:
        job.set_status(JobStatus.FAILED, pipeline=pipeline)
        job._handle_failure("worker lost and no retries left", pipeline)
        logger.error("job %s (%s): worker lost, no retries left", job.id, site)
