"""The RQ job a worker runs: crawl one site and send its articles and report to the stream."""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import socket
import sys
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from crawler.cluster.attempt import given_back, marks_its_end, superseded
from crawler.cluster.hold import HeldLock, LockLost
from crawler.cluster.messages import ArticleMessage, report_fields
from crawler.cluster.names import attempt_ended, site_running
from crawler.config import config_from_text
from crawler.model import ExtractedPage
from crawler.store.fetch_state import Validators

logger = logging.getLogger(__name__)

WORKER_DIR_ENV = "PRESSWATCH_WORKER_DIR"  # set by `presswatch worker`: its logs go in logs/


class StreamSink:
    """Sends each extracted article of the job to the stream (one XADD each), only while the
    attempt holds its site (`HeldLock.xadd`)."""

    def __init__(self, lock: HeldLock, stream: str, job_id: str) -> None:
        self.lock, self.stream, self.job_id = lock, stream, job_id
        self.sent = 0

    def send(self, page: ExtractedPage) -> None:
        message = ArticleMessage(self.job_id, page.article, page.html)
        self.lock.xadd(self.stream, message.fields())
        self.sent += 1


def crawl_job(payload: dict[str, Any]) -> dict[str, Any]:
    """Run by an RQ work horse: the site's crawl (fetch and extraction here, never a store),
    each article sent as it is extracted, then the run's report. Returns a short summary."""
    from rq import get_current_job

    job = get_current_job()
    if job is None:
        raise RuntimeError("crawl_job runs inside an RQ worker")
    _die_with_worker()
    connection = job.connection
    config = config_from_text(payload["config"], Path(payload["config_path"]))
    cluster, site = config.cluster, config.site(payload["site"])
    known = {url: datetime.fromisoformat(when) for url, when in payload["known"].items()}
    validators = {
        url: Validators(etag, modified, tuple(children))
        for url, (etag, modified, children) in payload["validators"].items()
    }
    work_dir = Path(os.environ.get(WORKER_DIR_ENV) or Path.cwd() / "presswatch-worker")
    worker = f"{socket.gethostname()}:{os.getpid()}"
    # The attempt holds the site, not the job: a retry of this job must not renew (nor free)
    # the lock of an attempt that stalled, nor that attempt the retry's.
    holder = f"{job.id}:{worker}:{uuid.uuid4().hex[:8]}"
    lock = HeldLock(connection, site_running(cluster, site.id), holder, cluster.heartbeat)
    sink = StreamSink(lock, payload["stream"], job.id)
    with lock, marks_its_end(connection, attempt_ended(cluster, job.id)) as attempt:
        logger.info("crawling %s for job %s", site.id, job.id)
        from crawler.crawl.remote import crawl_site_to_sink  # Scrapy loads under the lock

        try:
            state = crawl_site_to_sink(
                config,
                work_dir,
                site,
                sink,
                known,
                validators,
                max_articles=payload.get("max_articles"),
                refresh=bool(payload.get("refresh")),
            )
            state.worker = worker
            lock.xadd(payload["stream"], report_fields(job.id, state))
        except Exception:
            if not lock.lost.is_set():
                raise
            attempt.superseded = True
            if not given_back(job, cluster.heartbeat):
                raise LockLost(
                    f"the site lock of {site.id} expired while this worker stalled and no "
                    "ingest gave the job back: RQ retries it"
                ) from None
            return superseded(job.id, site.id, sink.sent)
    return {"site": site.id, "sent": sink.sent, "finished": state.finished}


def _die_with_worker() -> None:
    """Let the kernel kill this work horse when its worker process dies.

    RQ puts the horse in a process group of its own, so a killed worker (or its group) would
    leave the crawl running unseen beside the retry of its job. Linux only (prctl)."""
    if not sys.platform.startswith("linux"):
        return
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() == 1:  # the worker died before prctl took effect
        os._exit(1)
