"""Crawling through Redis: workers, dispatch and one ingest keep the archive a local crawl
makes, and survive SIGKILL of a worker, of the ingest and of Redis itself (a real
redis-server started here; the tests fail, never skip, when it cannot start)."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import signal
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from crawler.cluster.hold import HeldLock, LockLost, SiteBusy, release
from crawler.cluster.link import ClusterError, connect, require_packages, shown_url
from crawler.cluster.lost import requeue_lost
from crawler.cluster.names import attempt_ended
from crawler.cluster.status import cluster_status, jobs_left
from crawler.config import ClusterConfig, ConfigError, config_from_text
from tests.cluster_helpers import (
    archive,
    check_consistent,
    cluster_config,
    finish,
    kill_group,
    news_servers,
    runs,
    start_worker,
)
from tests.conftest import invoke_cli, run_cli
from tests.news_factory import presswatch, stored_count, wait_for
from tests.redis_server import RedisServer, free_port

SITE = (
    '[[site]]\nid = "a"\nname = "A"\ndomains = ["a.example"]\nfeeds = ["https://a.example/rss"]\n'
)


SLOW_SITE = "concurrency_per_domain = 2"  # with 0.1 s per article page: about 6 s a crawl


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path / "redis", appendonly=True).start()
    try:
        yield server
    finally:
        server.stop()


def test_the_cluster_table_is_validated() -> None:
    base = SITE
    config = config_from_text(base + '[cluster]\nredis_url = "rediss://h:6380/1"\n', Path("t"))
    assert config.cluster.redis_url == "rediss://h:6380/1" and config.cluster.retries == 2
    with pytest.raises(ConfigError, match=r"\[cluster\] unknown key 'queues'"):
        config_from_text(base + '[cluster]\nqueues = "x"\n', Path("t"))
    with pytest.raises(ConfigError, match="redis_url"):
        config_from_text(base + '[cluster]\nredis_url = "http://h"\n', Path("t"))


def test_the_password_is_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    assert shown_url("redis://:s3cret@h:6379/0") == "redis://:***@h:6379/0"
    assert shown_url("rediss://user:s3cret@h/0") == "rediss://user:***@h/0"
    url = f"redis://:s3cret@127.0.0.1:{free_port()}/0"
    with pytest.raises(ClusterError) as caught:
        connect(ClusterConfig(redis_url=url))
    assert "s3cret" not in str(caught.value) and ":***@127.0.0.1" in str(caught.value)


def test_missing_packages_name_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rq", None)  # as if rq were not installed
    with pytest.raises(
        ClusterError, match=r"need rq; install them with: pip install 'presswatch\[cluster\]'"
    ):
        require_packages()


def test_an_unreachable_redis_is_one_error_line(tmp_path: Path) -> None:
    config = tmp_path / "sites.toml"
    url = f"redis://:pw@127.0.0.1:{free_port()}/0"
    config.write_text(SITE + f'[cluster]\nredis_url = "{url}"\n')
    result = invoke_cli("--config", str(config), "--data", str(tmp_path), "cluster", "status")
    assert result.returncode == 4
    assert result.stderr.startswith("Error: cannot reach Redis at redis://:***@127.0.0.1")
    assert "pw" not in result.stderr.replace("PASSWORD", "") and result.stderr.count("\n") == 1


def test_a_site_lock_has_one_holder(redis_server: RedisServer) -> None:
    connection = connect(ClusterConfig(redis_url=redis_server.url))
    with HeldLock(connection, "k", "job-1", 1):
        with pytest.raises(SiteBusy), HeldLock(connection, "k", "job-2", 1):
            pass
        time.sleep(1.5)  # renewed while held
        assert connection.get("k") == b"job-1"
        assert not release(connection, "k", "job-2")
    assert connection.get("k") is None
    connection.set("k", "lost-job", ex=1)  # a holder that died: its lock expires
    assert wait_for(lambda: connection.get("k") is None, timeout=5)


def test_a_holder_that_stalled_past_its_locks_expiry_adds_nothing(
    redis_server: RedisServer,
) -> None:
    """A worker paused longer than the heartbeat: its lock expired and the job's retry took
    the site. Its next entry is refused whole (checked and written in one script), its
    renewals stop, and leaving the block frees nothing of the retry's."""
    connection = connect(ClusterConfig(redis_url=redis_server.url))
    with HeldLock(connection, "k", "job-1:attempt-1", 1) as lock:
        lock.xadd("s", {"kind": "article", "html": b"\x00\xff"})
        assert connection.xlen("s") == 1 and not lock.lost.is_set()
        connection.set("k", "job-1:attempt-2")  # expired, then taken by the retry
        with pytest.raises(LockLost):
            lock.xadd("s", {"kind": "report"})
        assert connection.xlen("s") == 1 and lock.lost.is_set()
    assert connection.get("k") == b"job-1:attempt-2"
    assert connection.ttl("k") == -1  # never renewed by the old holder


def test_a_renewal_that_finds_the_lock_gone_marks_it_lost(redis_server: RedisServer) -> None:
    connection = connect(ClusterConfig(redis_url=redis_server.url))
    with HeldLock(connection, "k", "job-1:attempt-1", 1) as lock:
        connection.delete("k")  # expired while the process was stopped
        assert wait_for(lock.lost.is_set, timeout=5)
        with pytest.raises(LockLost):
            lock.xadd("s", {"kind": "article"})
    assert connection.exists("s") == 0


def test_a_retry_just_taken_by_a_worker_is_not_lost(redis_server: RedisServer) -> None:
    """A worker records the execution of a retried job before its work horse sets the job's
    started_at, which until then is still the killed attempt's, and before the horse takes the
    site lock. A check in that moment must not queue the job a second time (one CI run
    saw the retry run twice, so two run reports for one job)."""
    from rq import Queue
    from rq.executions import Execution

    cluster = ClusterConfig(redis_url=redis_server.url, heartbeat=2)
    connection = connect(cluster)
    queue = Queue(cluster.queue, connection=connection)
    job = queue.enqueue("crawler.cluster.job.crawl_job", {}, meta={"site": "wire"}, retry=None)
    job.started_at = datetime.now(UTC) - timedelta(minutes=5)  # the killed attempt's start
    job.save()
    assert queue.dequeue_any([queue], timeout=None, connection=connection) is not None
    with connection.pipeline() as pipeline:  # what the worker does when it takes the job
        Execution.create(job, ttl=90, pipeline=pipeline)
        ended = Execution.create(job, ttl=90, pipeline=pipeline)
        pipeline.execute()
    connection.delete(ended.key)  # one that ends while the check reads the job's executions
    assert set(cluster_status(connection, cluster).running) == {job.id}
    assert requeue_lost(connection, cluster) == []
    assert set(cluster_status(connection, cluster).running) == {job.id} and queue.count == 0


@pytest.fixture
def lost_check(redis_server: RedisServer) -> tuple[ClusterConfig, Any, Any]:
    """A cluster (2 s heartbeat), its Redis connection and its RQ queue, for the lost check."""
    from rq import Queue

    cluster = ClusterConfig(redis_url=redis_server.url, heartbeat=2)
    connection = connect(cluster)
    return cluster, connection, Queue(cluster.queue, connection=connection)


def _another_execution(job: Any) -> Any:
    """A further execution of the job, recorded as a worker records one."""
    from rq.executions import Execution

    with job.connection.pipeline() as pipeline:
        execution = Execution.create(job, ttl=90, pipeline=pipeline)
        pipeline.execute()
    return execution


def _taken_a_minute_ago(connection: Any, queue: Any, retries: int) -> Any:
    """A job a worker took a minute ago, with the execution it recorded then: no site lock."""
    from rq import Retry
    from rq.executions import Execution

    retry = Retry(retries) if retries else None
    job = queue.enqueue("crawler.cluster.job.crawl_job", {}, meta={"site": "wire"}, retry=retry)
    job.started_at = datetime.now(UTC) - timedelta(minutes=1)
    job.save()
    assert queue.dequeue_any([queue], timeout=None, connection=connection) is not None
    with connection.pipeline() as pipeline:
        execution = Execution.create(job, ttl=90, pipeline=pipeline)
        pipeline.execute()
    connection.hset(execution.key, "created_at", time.time() - 60)
    return job


def test_a_job_whose_work_ended_is_not_taken_for_lost(
    lost_check: tuple[ClusterConfig, Any, Any],
) -> None:
    """The work horse frees the site when the crawl ends, and RQ records the job's end only
    after: in between, the job looks lost. It ran a second time in one CI run (two reports
    for one job); the horse's record of its end now tells the check. A previous attempt's
    end does not count."""

    cluster, connection, queue = lost_check
    job = _taken_a_minute_ago(connection, queue, retries=1)
    connection.set(attempt_ended(cluster, job.id), time.time())
    assert requeue_lost(connection, cluster) == []
    assert cluster_status(connection, cluster).running == [job.id] and queue.count == 0
    connection.set(attempt_ended(cluster, job.id), time.time() - 300)  # an earlier attempt's
    assert requeue_lost(connection, cluster) == [job.id]
    assert queue.job_ids == [job.id]


def test_a_lost_job_whose_execution_expired_is_still_given_back(
    lost_check: tuple[ClusterConfig, Any, Any],
) -> None:
    """An execution whose record expired (or ended) after the job's executions were listed:
    giving the job back read each one and the error stopped the ingest."""

    cluster, connection, queue = lost_check
    job = _taken_a_minute_ago(connection, queue, retries=1)
    gone = _another_execution(job)
    connection.zrem(job.started_job_registry.key, gone.composite_key)
    connection.delete(gone.key)  # expired, still listed among the job's executions
    assert requeue_lost(connection, cluster) == [job.id]
    assert queue.job_ids == [job.id] and cluster_status(connection, cluster).running == []


def test_a_lost_job_with_two_executions_is_given_back_once(
    lost_check: tuple[ClusterConfig, Any, Any],
) -> None:
    """RQ's started registry lists a job once per execution: the check handled such a job
    twice, queued it again, then failed it for want of retries."""
    from rq.job import JobStatus

    cluster, connection, queue = lost_check
    job = _taken_a_minute_ago(connection, queue, retries=1)
    second = _another_execution(job)
    connection.hset(second.key, "created_at", time.time() - 60)
    assert requeue_lost(connection, cluster) == [job.id]
    assert queue.job_ids == [job.id] and job.get_status(refresh=True) == JobStatus.QUEUED


def test_a_lost_job_without_retries_left_fails_and_frees_its_site(
    lost_check: tuple[ClusterConfig, Any, Any],
) -> None:
    """A job lost on its last attempt is marked failed (with rq 2.0, the lowest version
    allowed, marking it raised a TypeError) and its site is free for the next dispatch."""
    from rq.job import JobStatus
    from rq.registry import FailedJobRegistry

    from crawler.cluster.names import site_lock

    cluster, connection, queue = lost_check
    job = _taken_a_minute_ago(connection, queue, retries=0)
    connection.set(site_lock(cluster, "wire"), job.id)  # taken at dispatch
    assert requeue_lost(connection, cluster) == [job.id]
    assert job.get_status(refresh=True) == JobStatus.FAILED and queue.count == 0
    assert job.id in FailedJobRegistry(queue=queue).get_job_ids(cleanup=False)
    assert requeue_lost(connection, cluster) == []
    assert connection.get(site_lock(cluster, "wire")) is None


def test_a_job_lost_before_its_work_horse_ran_is_queued_again_once(
    redis_server: RedisServer,
) -> None:
    """A worker killed after taking a job and recording its execution, before its work horse
    ran: the job is given back to the queue and leaves RQ's intermediate list, from which
    RQ's own clean-up would queue it a second time."""
    from rq import Queue, Retry
    from rq.executions import Execution

    cluster = ClusterConfig(redis_url=redis_server.url, heartbeat=2)
    connection = connect(cluster)
    queue = Queue(cluster.queue, connection=connection)
    job = queue.enqueue("crawler.cluster.job.crawl_job", {}, meta={"site": "wire"}, retry=Retry(1))
    connection.lmove(queue.key, queue.intermediate_queue_key)  # the worker takes it
    with connection.pipeline() as pipeline:
        execution = Execution.create(job, ttl=90, pipeline=pipeline)
        pipeline.execute()
    connection.hset(execution.key, "created_at", time.time() - 60)  # a minute ago
    assert requeue_lost(connection, cluster) == [job.id]
    assert queue.job_ids == [job.id]
    assert connection.llen(queue.intermediate_queue_key) == 0


def test_a_job_a_worker_has_taken_but_not_yet_started_is_left_to_do(
    redis_server: RedisServer,
) -> None:
    """Between a worker's taking a job (moved from the queue to RQ's intermediate list) and its
    recording it as started, the job is in neither: the ingest must not think the cluster idle
    then, or `ingest --exit-when-idle` ends before the job's articles arrive."""
    from rq import Queue
    from rq.executions import Execution
    from rq.registry import StartedJobRegistry

    cluster = ClusterConfig(redis_url=redis_server.url)
    connection = connect(cluster)
    queue = Queue(cluster.queue, connection=connection)
    assert not jobs_left(connection, cluster)
    job = queue.enqueue("crawler.cluster.job.crawl_job", {}, meta={"site": "wire"})
    assert jobs_left(connection, cluster)
    connection.lmove(queue.key, queue.intermediate_queue_key)  # the worker takes it
    assert queue.count == 0 and jobs_left(connection, cluster)
    with connection.pipeline() as pipeline:  # then records its execution
        execution = Execution.create(job, ttl=90, pipeline=pipeline)
        pipeline.lrem(queue.intermediate_queue_key, 1, job.id)  # as its work horse does
        pipeline.execute()
    assert jobs_left(connection, cluster)
    assert cluster_status(connection, cluster).running == [job.id]
    with connection.pipeline() as pipeline:  # the job ends
        StartedJobRegistry(queue=queue).remove_execution(execution, job, pipeline=pipeline)
        pipeline.execute()
    assert not jobs_left(connection, cluster)


@pytest.mark.slow
def test_two_workers_and_one_ingest_make_the_archive_of_a_local_crawl(
    tmp_path: Path, redis_server: RedisServer
) -> None:
    delay = 0.1  # politeness: one request at a time per site, 0.05-0.15 s apart
    counts = {"north": 12, "south": 15, "east": 18}
    defaults = f"download_delay = {delay}\nconcurrency_per_domain = 1\nindex_batch_size = 10"
    with news_servers(counts) as servers:
        config = cluster_config(tmp_path / "sites.toml", servers, redis_server.url, defaults)
        local = run_cli("--config", str(config), "--data", str(tmp_path / "local"), "crawl")
        assert local.returncode == 0, local.stderr[-2000:]
        marks = {site: len(server.times) for site, server in servers.items()}
        data = tmp_path / "data"
        sent = run_cli("--config", str(config), "--data", str(data), "dispatch", "--json")
        jobs = json.loads(sent.stdout)["jobs"]
        assert sent.returncode == 0 and all(job["job_id"] for job in jobs), sent.stderr
        again = run_cli("--config", str(config), "--data", str(data), "dispatch", "--json")
        busy = json.loads(again.stdout)["jobs"]  # never two jobs for one site at once
        assert [job["busy"] for job in busy] == [job["job_id"] for job in jobs]
        workers = [start_worker(config, tmp_path / f"w{n}", f"w{n}") for n in (1, 2)]
        started = time.monotonic()
        try:
            ingest = presswatch(config, data, "ingest", "--exit-when-idle", "--json")
            code, out, err = finish(ingest)
            elapsed = time.monotonic() - started
            status = run_cli("--config", str(config), "--data", str(data), "cluster", "status")
        finally:
            for worker in workers:
                kill_group(worker, signal.SIGTERM)
        assert code == 0, err[-3000:]
        assert archive(data) == archive(tmp_path / "local")
        cluster = ClusterConfig(redis_url=redis_server.url)  # each horse recorded its end
        connection = connect(cluster)
        assert all(connection.exists(attempt_ended(cluster, job["job_id"])) for job in jobs)
        assert check_consistent(data) == sum(counts.values())
        saved = json.loads(out)["runs"]
        assert sorted(r["sites"][0]["site"] for r in saved) == sorted(counts)
        for run in saved:
            site = run["sites"][0]
            assert site["status"] == "ok" and site["new"] == counts[site["site"]], site
            assert site["requested"] == site["new"] and site["unaccounted"] == 0
        assert sorted(site for site, _ in runs(data)) == sorted(counts)
        # politeness per site held across the two workers. The randomized delay sends
        # requests 0.05-0.15 s apart, but these are the times the fixture server's thread (in
        # this process, under the GIL) handled them, which lag the sends by up to tens of
        # milliseconds when the suite loads both cores: one CI run saw 36 ms for a 50 ms gap,
        # another one gap of 10 ms after a late stamp, among 17 of 70-140 ms. So one short gap
        # per site is allowed. Without the delay the gaps are the pages' handling alone (5-50
        # ms, median 45 here), below the median asked; two workers on one site would leave
        # several gaps under 25 ms.
        for site, server in servers.items():
            times = [when for when, _ in server.times[marks[site] :]]
            gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
            short = [gap for gap in gaps if gap < delay * 0.25]
            assert len(short) <= 1 and statistics.median(gaps) >= delay * 0.75, (site, gaps)
        assert "0 queued, 0 running, 0 failed" in status.stdout, status.stdout
        print(f"3 sites, {sum(counts.values())} articles through 2 workers: {elapsed:.1f} s")


def _article_requests(servers: dict[str, object]) -> int:
    return sum(server.request_count("/world/") for server in servers.values())  # type: ignore[attr-defined]


MID_JOB_TOTAL = 120


def _interrupted_mid_job(
    tmp_path: Path, redis_server: RedisServer, interrupt: Callable[..., Any]
) -> dict[str, Any]:
    """A site of 120 articles, crawled by one worker until 30 were requested; then
    `interrupt(first, servers)`, a second worker, and what `interrupt` returned is called.
    Checked: the ingest ends well, each article is stored once, one run is saved; that run's
    site."""
    with news_servers({"wire": MID_JOB_TOTAL}, delays={"/world/": 0.1}) as servers:
        config = cluster_config(tmp_path / "sites.toml", servers, redis_server.url, SLOW_SITE)
        data = tmp_path / "data"
        ingest = presswatch(config, data, "ingest", "--exit-when-idle", "--json")
        assert run_cli("--config", str(config), "--data", str(data), "dispatch").returncode == 0
        first = start_worker(config, tmp_path / "w1", "w1")
        second = None
        try:
            assert wait_for(lambda: _article_requests(servers) >= 30, timeout=120)
            then = interrupt(first, servers)
            second = start_worker(config, tmp_path / "w2", "w2")
            then()
            code, out, err = finish(ingest)
        finally:
            for worker in (first, second):
                if worker is not None:
                    kill_group(worker)
    return _one_run_of_every_article(data, code, out, err)


def _one_run_of_every_article(data: Path, code: int, out: str, err: str) -> dict[str, Any]:
    """The ingest ended well, each article is stored once, one run is saved: its site."""
    assert code == 0, err[-3000:]
    assert check_consistent(data) == MID_JOB_TOTAL
    runs = json.loads(out)["runs"]
    assert len(runs) == 1, (runs, err[-3000:])
    site: dict[str, Any] = runs[0]["sites"][0]
    assert site["status"] == "ok" and site["failed"] == 0, site
    assert site["new"] == MID_JOB_TOTAL, site  # the first attempt's articles count as new
    return site


@pytest.mark.slow
def test_sigkill_of_a_worker_mid_job_loses_nothing(
    tmp_path: Path, redis_server: RedisServer
) -> None:
    at_kill: list[int] = []

    def kill(first: Any, servers: Any) -> Callable[[], None]:
        kill_group(first)  # the worker and its work horse, mid-job
        assert first.returncode == -signal.SIGKILL
        at_kill.extend((_article_requests(servers), stored_count(tmp_path / "data")))
        return lambda: None

    site = _interrupted_mid_job(tmp_path, redis_server, kill)
    requested, before = at_kill
    assert requested < MID_JOB_TOTAL and before < MID_JOB_TOTAL
    assert site["requested"] == MID_JOB_TOTAL
    print(f"worker killed with {before} of {MID_JOB_TOTAL} stored; the retry finished the job")


@pytest.mark.slow
def test_a_worker_stopped_past_its_heartbeat_then_resumed_does_not_crawl_twice(
    tmp_path: Path, redis_server: RedisServer
) -> None:
    """SIGSTOP of a worker mid-job (a paused VM, a process swapped out): its site lock
    expires, the ingest queues the job again and a second worker crawls the site. Resumed,
    the first attempt sends nothing more and no report: one run, each article stored once."""

    def pause(first: Any, servers: Any) -> Callable[[], None]:
        paused = [first.pid, *_children(first.pid)]  # RQ's work horse has a group of its own
        _signal_all(paused, signal.SIGSTOP)
        at_pause = _article_requests(servers)

        def resume_once_the_retry_crawls() -> None:
            try:  # every request from now on is the second worker's
                assert wait_for(lambda: _article_requests(servers) >= at_pause + 10, timeout=120)
            finally:
                _signal_all(paused, signal.SIGCONT)

        return resume_once_the_retry_crawls

    _interrupted_mid_job(tmp_path, redis_server, pause)


@pytest.mark.slow
def test_a_worker_stopped_past_its_heartbeat_with_no_ingest_running_retries_its_job(
    tmp_path: Path, redis_server: RedisServer
) -> None:
    """The same pause with no ingest running (so no lost-job check gives the job back): the
    resumed attempt fails instead of ending as if done, RQ retries the job, and the ingest
    started afterwards saves one run of every article."""
    with news_servers({"wire": MID_JOB_TOTAL}, delays={"/world/": 0.1}) as servers:
        config = cluster_config(tmp_path / "sites.toml", servers, redis_server.url, SLOW_SITE)
        data = tmp_path / "data"
        assert run_cli("--config", str(config), "--data", str(data), "dispatch").returncode == 0
        worker = start_worker(config, tmp_path / "w1", "w1")
        try:
            assert wait_for(lambda: _article_requests(servers) >= 30, timeout=120)
            horses = _children(worker.pid)
            paused = [worker.pid, *horses]
            _signal_all(paused, signal.SIGSTOP)
            time.sleep(4)  # twice the heartbeat: the site lock expires
            _signal_all(paused, signal.SIGCONT)
            # the paused attempt has ended before any ingest (and its lost-job check) runs
            assert wait_for(lambda: not set(horses) & set(_children(worker.pid)), timeout=60)
            ingest = presswatch(config, data, "ingest", "--exit-when-idle", "--json")
            code, out, err = finish(ingest)
        finally:
            kill_group(worker)
    _one_run_of_every_article(data, code, out, err)


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(stat.parent.name))
    return found


def _signal_all(pids: list[int], signum: int) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signum)


@pytest.mark.slow
def test_sigkill_of_the_ingest_between_commit_and_ack_stores_each_article_once(
    tmp_path: Path, redis_server: RedisServer
) -> None:
    total = 60
    with news_servers({"wire": total}) as servers:
        config = cluster_config(tmp_path / "sites.toml", servers, redis_server.url)
        data = tmp_path / "data"
        connection = connect(ClusterConfig(redis_url=redis_server.url))
        assert run_cli("--config", str(config), "--data", str(data), "dispatch").returncode == 0
        worker = start_worker(config, tmp_path / "w1", "w1")
        try:
            # the first ingest commits, then sleeps before its acknowledgement: killed there
            paused = presswatch(
                config, data, "ingest", env={"PRESSWATCH_INGEST_PAUSE_BEFORE_ACK": "30"}
            )
            assert wait_for(lambda: stored_count(data) > 0, timeout=120)
            paused.send_signal(signal.SIGKILL)
            paused.communicate(timeout=30)
            pending = connection.xpending("presswatch:articles", "presswatch-ingest")
            stored_before = stored_count(data)
            assert pending["pending"] >= stored_before > 0, (pending, stored_before)
            again = presswatch(config, data, "ingest", "--exit-when-idle", "--json")
            code, out, err = finish(again)
        finally:
            kill_group(worker)
        assert code == 0, err[-3000:]
        assert check_consistent(data) == total
        summary = json.loads(out)
        assert summary["read_again"] >= stored_before  # read again, kept once
        (run,) = summary["runs"]
        assert run["sites"][0]["new"] == total, run["sites"][0]
        assert len(runs(data)) == 1
        print(f"ingest killed after committing {stored_before} articles, before their ack")


@pytest.mark.slow
def test_sigkill_of_redis_with_append_only_file_loses_nothing(
    tmp_path: Path, redis_server: RedisServer
) -> None:
    total = 120
    with news_servers({"wire": total}, delays={"/world/": 0.1}) as servers:
        config = cluster_config(tmp_path / "sites.toml", servers, redis_server.url, SLOW_SITE)
        data = tmp_path / "data"
        ingest = presswatch(config, data, "ingest", "--exit-when-idle", "--json")
        assert run_cli("--config", str(config), "--data", str(data), "dispatch").returncode == 0
        workers = [start_worker(config, tmp_path / "w1", "w1")]
        try:
            assert wait_for(lambda: stored_count(data) >= 20, timeout=120)
            redis_server.kill()
            before = stored_count(data)
            time.sleep(1)
            redis_server.start()  # same port and directory: the append-only file is read
            workers.append(start_worker(config, tmp_path / "w2", "w2"))
            code, _out, err = finish(ingest)
        finally:
            for worker in workers:
                kill_group(worker)
        assert code == 0, err[-3000:]
        assert before < total
        assert check_consistent(data) == total
        print(f"Redis killed with {before} of {total} stored; {len(runs(data))} run(s) saved")


WATCH_ALL = '\n[[watch]]\nname = "all"\nquery = "*"\njsonl = "clips.jsonl"\n'


def _clips(path: Path) -> list[tuple[str, str]]:
    """(delivery_id, url) of each delivered match, in file order."""
    lines = path.read_text("utf-8").splitlines() if path.exists() else []
    return [(item["delivery_id"], item["url"]) for item in map(json.loads, lines)]


def _cluster_run(config: Path, data: Path, work: Path, site: str) -> str:
    """Dispatch one site, let one burst worker crawl it, ingest until idle; the ingest's stderr."""
    sent = run_cli("--config", str(config), "--data", str(data), "dispatch", "--site", site)
    assert sent.returncode == 0, sent.stderr
    worker = run_cli("--config", str(config), "--data", str(work), "worker", "--burst")
    assert worker.returncode == 0, worker.stderr[-3000:]
    ingest = run_cli("--config", str(config), "--data", str(data), "ingest", "--exit-when-idle")
    assert ingest.returncode == 0, ingest.stderr[-3000:]
    return ingest.stderr


@pytest.mark.slow
def test_the_ingest_delivers_watches_after_each_run_as_a_local_crawl_does(
    tmp_path: Path, redis_server: RedisServer
) -> None:
    counts = {"north": 6, "south": 8}
    with news_servers(counts) as servers:
        local_dir, cluster_dir = tmp_path / "local", tmp_path / "cluster"
        local_dir.mkdir()
        cluster_dir.mkdir()
        local = cluster_config(local_dir / "sites.toml", servers, redis_server.url)
        local.write_text(local.read_text("utf-8") + WATCH_ALL, "utf-8")
        crawled = run_cli("--config", str(local), "--data", str(local_dir / "data"), "crawl")
        assert crawled.returncode == 0, crawled.stderr[-3000:]
        assert "watch all: 14 new" in crawled.stderr
        config = cluster_config(cluster_dir / "sites.toml", servers, redis_server.url)
        config.write_text(config.read_text("utf-8") + WATCH_ALL, "utf-8")
        data, work = cluster_dir / "data", tmp_path / "worker"
        # The first run's articles are delivered once they are indexed: all of them.
        first = _cluster_run(config, data, work, "north")
        assert "watch all: 6 new" in first, first[-3000:]
        delivered = _clips(cluster_dir / "clips.jsonl")
        assert len(delivered) == 6
        # A later run delivers its own matches only, never the first run's again.
        second = _cluster_run(config, data, work, "south")
        assert "watch all: 8 new" in second, second[-3000:]
        assert "watch all: 6 new" not in second and "watch all: 14 new" not in second
        # A run that finds nothing new delivers nothing.
        third = _cluster_run(config, data, work, "north")
        assert "run of north saved" in third and "watch all: 0 new" in third, third[-3000:]
    delivered = _clips(cluster_dir / "clips.jsonl")
    assert len(delivered) == len({delivery_id for delivery_id, _ in delivered}) == 14
    assert sorted(url for _, url in delivered) == sorted(
        url for _, url in _clips(local_dir / "clips.jsonl")
    )
    check_consistent(data)


YEARLY = 'schedule = "0 0 1 1 *"'  # due once (never crawled), then not before next year


def _schedule_log(data: Path) -> str:
    path = data / "logs" / "schedule.log"
    return path.read_text("utf-8") if path.exists() else ""


def _ingest_pids(data: Path) -> list[int]:
    return [int(pid) for pid in re.findall(r"ingest started \(pid (\d+)\)", _schedule_log(data))]


def _archived(data: Path, total: int) -> bool:
    """Every article stored and indexed, and the site's run saved."""
    try:
        return stored_count(data) == total and len(runs(data)) == 1 and check_consistent(data) > 0
    except (AssertionError, sqlite3.Error, OSError, ValueError):
        return False


def test_schedule_cluster_needs_a_cluster_table(tmp_path: Path) -> None:
    config = tmp_path / "sites.toml"
    config.write_text(SITE, "utf-8")
    result = invoke_cli("--config", str(config), "--data", str(tmp_path), "schedule", "--cluster")
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"Error: {config}: schedule --cluster needs a [cluster] table")


@pytest.mark.slow
def test_schedule_cluster_dispatches_due_sites_to_workers_and_its_ingest_stores_them(
    tmp_path: Path, redis_server: RedisServer
) -> None:
    total = 12
    with news_servers({"wire": total}) as servers:
        config = cluster_config(tmp_path / "sites.toml", servers, redis_server.url, YEARLY)
        data = tmp_path / "data"
        scheduler = presswatch(config, data, "schedule", "--cluster")
        try:
            assert wait_for(lambda: "wire: queued as" in _schedule_log(data), timeout=120)
            worker = run_cli(
                "--config", str(config), "--data", str(tmp_path / "w"), "worker", "--burst"
            )
            assert worker.returncode == 0, worker.stderr[-3000:]
            assert wait_for(lambda: _archived(data, total), timeout=120)
        finally:
            scheduler.send_signal(signal.SIGTERM)
            code, _out, err = finish(scheduler)
    assert code == 0, err[-3000:]
    assert check_consistent(data) == total
    ((_, summary),) = runs(data)
    assert json.loads(summary)["new"] == total, summary
    log = _schedule_log(data)
    # The site stayed due in the store until the ingest saved its run: dispatched once.
    assert log.count("dispatch: wire due") == 1, log
    assert len(_ingest_pids(data)) == 1 and "ingest exited" not in log, log
    assert "SIGTERM: stopping" in log and "ingest stopped: exit 0 (stopped)" in log, log
    assert log.rstrip().endswith("schedule stopped"), log
    assert "run of wire saved: ok, new 12" in err, err[-3000:]


@pytest.mark.slow
def test_schedule_cluster_restarts_a_killed_ingest_and_nothing_is_lost(
    tmp_path: Path, redis_server: RedisServer
) -> None:
    total = 60
    with news_servers({"wire": total}, delays={"/world/": 0.1}) as servers:
        defaults = f"{YEARLY}\n{SLOW_SITE}"
        config = cluster_config(tmp_path / "sites.toml", servers, redis_server.url, defaults)
        data = tmp_path / "data"
        scheduler = presswatch(config, data, "schedule", "--cluster")
        worker = None
        try:
            assert wait_for(lambda: "wire: queued as" in _schedule_log(data), timeout=120)
            (first,) = _ingest_pids(data)
            worker = presswatch(config, tmp_path / "w", "worker", "--burst", start_new_session=True)
            assert wait_for(lambda: stored_count(data) >= 10, timeout=120)
            os.kill(first, signal.SIGKILL)
            killed_at = stored_count(data)
            assert wait_for(lambda: len(_ingest_pids(data)) == 2, timeout=60)
            assert finish(worker)[0] == 0
            assert wait_for(lambda: _archived(data, total), timeout=120)
        finally:
            if worker is not None:
                kill_group(worker)
            scheduler.send_signal(signal.SIGTERM)
            code, _out, err = finish(scheduler)
    assert code == 0, err[-3000:]
    assert killed_at < total
    assert check_consistent(data) == total  # each article stored once, all indexed
    ((_, summary),) = runs(data)
    assert json.loads(summary)["new"] == total, summary
    log = _schedule_log(data)
    assert "ingest exited after" in log and "exit -9 (killed by signal 9); restarting in 1 s" in log
    assert log.count("dispatch: wire due") == 1, log
    assert "ingest stopped: exit 0 (stopped)" in log, log
    print(f"ingest killed with {killed_at} of {total} stored; restarted, nothing lost")
