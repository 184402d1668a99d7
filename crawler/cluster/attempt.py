"""How one attempt of a cluster job ends: its end recorded for the lost-job check, or, after
the worker stalled past its site lock's expiry, superseded by the job's retry."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from crawler.cluster.names import ENDED_TTL

if TYPE_CHECKING:
    from redis import Redis

logger = logging.getLogger(__name__)
GIVEN_BACK_POLL = 0.5  # seconds between two reads of the job while waiting for its give-back


@dataclass
class Attempt:
    """How this attempt of the job ends: superseded when it stalled past its lock's expiry."""

    superseded: bool = False


@contextmanager
def marks_its_end(connection: Redis, key: str) -> Iterator[Attempt]:
    """Record when the attempt's work ended, however it ended, before the site is freed;
    not for a superseded attempt (the job's retry may be running: its end is not this one's).

    RQ records a job's end only after the job function returns; in between, the job is still
    in the started registry and its site lock is gone, which is how a lost job looks. The
    ingest's check took one such job for lost and ran it a second time (a CI run saw two
    reports for one job)."""
    attempt = Attempt()
    try:
        yield attempt
    finally:
        if not attempt.superseded:
            connection.set(key, time.time(), ex=ENDED_TTL)


def given_back(job: Any, seconds: float) -> bool:
    """Whether the ingest's lost-job check gave the job back within `seconds`: queued it again,
    or another worker took it. An attempt that finds its lock gone waits for that, since
    RQ records the end of a job whose attempt returns and the check would then never see
    it; where no ingest runs (no check), the attempt fails instead and RQ retries it."""
    mine = job.worker_name
    deadline = time.monotonic() + seconds
    while True:
        job.refresh()
        if job.get_status(refresh=False) != "started" or job.worker_name != mine:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(GIVEN_BACK_POLL)


def superseded(job_id: str, site: str, sent: int) -> dict[str, Any]:
    """The attempt stalled past its site lock's expiry (a paused or swapped-out process): the
    ingest may have queued the job again and another worker crawl the site. It stops, adds
    nothing more to the stream and no report, and ends without an error, so that RQ does not
    retry the job a third time; a retry the ingest queued finishes it."""
    logger.warning(
        "job %s (%s): the site lock expired while this worker stalled; this attempt stops "
        "after %d articles and sends no report (the job's retry crawls the site)",
        job_id,
        site,
        sent,
    )
    return {"site": site, "sent": sent, "superseded": True}
