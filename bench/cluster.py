"""Crawl N generated articles on S sites locally, then through W cluster workers and one
ingest, and measure the ingest alone on pre-extracted articles; print articles/s of each.

Run from the project root:  .venv/bin/python bench/cluster.py --articles 1000 --sites 4
Needs redis-server on PATH (started here on a free port). Every run uses fresh data
directories; the figures cover the whole command, timed from outside the process.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.cluster.link import connect  # noqa: E402
from crawler.cluster.messages import ArticleMessage  # noqa: E402
from crawler.config import load_config  # noqa: E402
from crawler.demo.server import SiteServer  # noqa: E402
from crawler.store import ArticleStore  # noqa: E402
from tests.news_factory import NewsSite, site_config  # noqa: E402
from tests.redis_server import RedisServer  # noqa: E402


def presswatch(config: Path, data: Path, *args: str, **popen: object) -> subprocess.Popen[str]:
    argv = [sys.executable, "-m", "search", "--config", str(config), "--data", str(data), *args]
    return subprocess.Popen(argv, text=True, **popen)  # type: ignore[call-overload,no-any-return]


def timed(process: subprocess.Popen[str]) -> float:
    started = time.perf_counter()
    if process.wait() != 0:
        raise SystemExit(f"{process.args} exited with {process.returncode}")
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--sites", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    per_site = args.articles // args.sites
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        root = Path(tmp)
        redis = RedisServer(root / "redis").start()
        stack.callback(redis.stop)
        servers = {
            f"site-{n}": stack.enter_context(
                SiteServer(NewsSite(count=per_site, first=100_000 * n, feed_size=50).build)
            )
            for n in range(args.sites)
        }
        text = site_config(
            {s: server.base_url for s, server in servers.items()}, "index_batch_size = 500"
        )
        config = root / "sites.toml"
        config.write_text(text + f'\n[cluster]\nredis_url = "{redis.url}"\n', encoding="utf-8")
        total = per_site * args.sites

        local = timed(
            presswatch(
                config,
                root / "local",
                "crawl",
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        print(f"local crawl: {total} articles in {local:.1f} s: {total / local:.1f} articles/s")

        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        started = time.perf_counter()
        assert presswatch(config, root / "cluster", "dispatch", **quiet).wait() == 0
        workers = [
            presswatch(config, root / f"w{n}", "worker", start_new_session=True, **quiet)
            for n in range(args.workers)
        ]
        try:
            presswatch(config, root / "cluster", "ingest", "--exit-when-idle", **quiet).wait()
            cluster = time.perf_counter() - started
        finally:
            for worker in workers:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait()
        stored = ArticleStore.open(root / "cluster", create=False)
        count = stored.count()
        stored.close()
        print(
            f"{args.workers} workers + ingest: {count} articles in {cluster:.1f} s: "
            f"{count / cluster:.1f} articles/s (dispatch to the ingest's exit)"
        )

        connection = connect(load_config(config).cluster)
        store = ArticleStore.open(root / "local", create=False)
        sent = 0
        for batch in store.all_articles():
            for article, _version in batch:
                html = store.raw_html(article.id or 0)
                article.id, article.duplicate_of, article.duplicate_group = None, "", 0
                message = ArticleMessage("bench", article, html)
                connection.xadd("presswatch:articles", message.fields())  # type: ignore[arg-type]
                sent += 1
        store.close()
        seconds = timed(presswatch(config, root / "ingest", "ingest", "--exit-when-idle", **quiet))
        print(
            f"ingest alone: {sent} pre-extracted articles stored and indexed in {seconds:.1f} s:"
            f" {sent / seconds:.1f} articles/s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
