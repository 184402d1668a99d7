"""Crawl a generated N-article news site on 127.0.0.1 with the real CLI; print articles/s and RSS.

Run from the project root:  .venv/bin/python bench/crawl.py --articles 1000 [--workers N]
Each run uses a fresh data directory; the figure covers download, extraction, storing and
indexing (the whole `presswatch crawl`), timed from outside the process.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.demo.server import SiteServer  # noqa: E402
from tests.news_factory import NewsSite, site_config  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="extract_workers for the run (default: the config default)",
    )
    args = parser.parse_args()
    site = NewsSite(count=args.articles, sitemap_chunk=500, feed_size=50)
    with SiteServer(site.build) as server, tempfile.TemporaryDirectory() as tmp:
        defaults = "index_batch_size = 500"
        if args.workers is not None:
            defaults += f"\nextract_workers = {args.workers}"
        config = Path(tmp) / "sites.toml"
        config.write_text(site_config({"bench": server.base_url}, defaults), encoding="utf-8")
        started = time.perf_counter()
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "search",
                "--config",
                str(config),
                "--data",
                str(Path(tmp) / "data"),
                "crawl",
                "--json",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
    if result.returncode != 0:
        print(result.stderr, file=sys.stderr)
        return result.returncode
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"{args.articles} articles crawled, stored and indexed in {seconds:.1f} s: "
        f"{args.articles / seconds:.1f} articles/s, peak RSS of one process {peak_mb:.0f} MB, "
        f"{len(server.requests)} requests"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
