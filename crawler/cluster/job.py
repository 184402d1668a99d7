"""The RQ job a worker runs: crawl one site and send its articles and report to the stream."""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import socket
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crawler.cluster.hold import HeldLock
from crawler.cluster.messages import ArticleMessage, report_fields
from crawler.cluster.names import ENDED_TTL, attempt_ended, site_running
from crawler.config import config_from_text
from crawler.model import ExtractedPage
from crawler.store.fetch_state import Validators

if TYPE_CHECKING:
    from redis import Redis

logger = logging.getLogger(__name__)

WORKER_DIR_ENV = "PRESSWATCH_WORKER_DIR"  # set by `presswatch worker`: its logs go in logs/


class StreamSink:
    """Sends each extracted article of the job to the stream (one XADD each)."""

    def __init__(self, connection: Redis, stream: str, job_id: str) -> None:
        self.connection, self.stream, self.job_id = connection, stream, job_id
        self.sent = 0

    def send(self, page: ExtractedPage) -> None:
        message = ArticleMessage(self.job_id, page.article, page.html)
        self.connection.xadd(self.stream, message.fields())  # type: ignore[arg-type]
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
    sink = StreamSink(connection, payload["stream"], job.id)
    lock = HeldLock(connection, site_running(cluster, site.id), job.id, cluster.heartbeat)
    with lock, _marks_its_end(connection, attempt_ended(cluster, job.id)):
        logger.info("crawling %s for job %s", site.id, job.id)
        from crawler.crawl.remote import crawl_site_to_sink  # Scrapy loads under the lock

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
        state.worker = f"{socket.gethostname()}:{os.getpid()}"
        connection.xadd(payload["stream"], report_fields(job.id, state))  # type: ignore[arg-type]
    return {"site": site.id, "sent": sink.sent, "finished": state.finished}


@contextmanager
def _marks_its_end(connection: Redis, key: str) -> Iterator[None]:
    """Record when the attempt's work ended, however it ended, before the site is freed.

    RQ records a job's end only after the job function returns; in between, the job is still
    in the started registry and its site lock is gone, which is how a lost job looks. The
    ingest's check took one such job for lost and ran it a second time (a CI run saw two
    reports for one job)."""
    try:
        yield
    finally:
        connection.set(key, time.time(), ex=ENDED_TTL)


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
