"""Search, count, stats and export on a large archive: latencies, fresh-process wall, peak RSS.

Run from the project root, after ../shared/bench/search_scale.py built the archive:
    .venv/bin/python ../shared/bench/search_scale.py --articles 100000 --dir /tmp/pw-scale-100k
    .venv/bin/python bench/search.py --data /tmp/pw-scale-100k/data

The 200 queries are search_scale.py's own (imported from ../shared/bench when it is there).
Prints: warm p50/p95/p99 (limit 20 with snippets) per query kind, warm `--count` (limit 0),
`stats --by day` over every match of a frequent word, the median wall of 10 fresh
`presswatch search Q --json` processes, and the peak RSS of fresh `search`, `stats` and
`export` processes (getrusage of each child).  One JSON object last.

The fresh processes run before the warm loop: Linux counts the RSS a process had when
it forked and exec'd a child in that child's peak (ru_maxrss), so a child started from a
process holding the warm caches would report the parent's size.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "bench"
sys.path.insert(0, str(ROOT))

FRESH_QUERIES = ["election", '"interest rates" AND bank', "market", "climate", "court"]
FRESH_QUERIES += ["police", "trade", "health", "minister", "energy"]


def _queries() -> list[dict]:
    """search_scale.py's 200 mixed queries."""
    sys.path.insert(0, str(SHARED))
    import search_scale  # type: ignore[import-not-found]

    return list(search_scale.build_queries(list(search_scale.corpus(5000))))


def _percentiles(seconds: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in seconds)

    def at(p: float) -> float:
        return round(ms[min(len(ms) - 1, round(p / 100 * (len(ms) - 1)))], 1)

    return {"p50_ms": at(50), "p95_ms": at(95), "p99_ms": at(99)}


def _warm(data: Path, queries: list[dict]) -> dict[str, object]:
    """Latencies in one process with the searcher kept open, as a long-lived user sees them."""
    from indexer.index import ArticleIndex
    from search.searcher import SearchFilters, search
    from search.stats import coverage

    index = ArticleIndex.open(data / "index")
    search(index, "warmup")
    page, count, kinds = [], [], {}
    for q in queries:
        filters = SearchFilters(
            sites=[q["site"]] if "site" in q else [], since=q.get("since"), until=q.get("until")
        )
        started = time.perf_counter()
        search(index, q["q"], filters=filters, sort=q.get("sort", "relevance"), limit=20)
        page.append(time.perf_counter() - started)
        kinds.setdefault(q["kind"], []).append(page[-1])
        started = time.perf_counter()
        search(index, q["q"], filters=filters, limit=0)
        count.append(time.perf_counter() - started)
    started = time.perf_counter()
    histogram = coverage(index, "said", by="day")
    stats_seconds = time.perf_counter() - started
    return {
        "warm_page_of_20": _percentiles(page),
        "warm_p50_ms_by_kind": {
            kind: round(statistics.median(t) * 1000, 1) for kind, t in kinds.items()
        },
        "warm_count": _percentiles(count),
        "stats_by_day_said": {"matches": histogram.total, "ms": round(stats_seconds * 1000, 1)},
    }


def _run(argv: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one fresh presswatch process (its own rusage)."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "search", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"presswatch {' '.join(argv)} exited {child.returncode}")
    return wall, round(usage.ru_maxrss / 1024, 1)


def _fresh(data: Path) -> dict[str, object]:
    """Fresh processes: search wall and RSS, stats and export RSS."""
    walls = []
    for q in FRESH_QUERIES:
        wall, _ = _run(["--data", str(data), "search", q, "--json"])
        walls.append(wall)
    out: dict[str, object] = {"fresh_search_median_ms": round(statistics.median(walls) * 1000)}
    _, out["search_peak_rss_mb"] = _run(["--data", str(data), "search", "said", "--json"])
    _, out["stats_peak_rss_mb"] = _run(["--data", str(data), "stats", "said", "--by", "day"])
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "said.jsonl"
        wall, out["export_peak_rss_mb"] = _run(
            ["--data", str(data), "export", "said", "-o", str(target)]
        )
        out["export_said_seconds"] = round(wall, 1)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the archive's data folder")
    parser.add_argument("--skip-fresh", action="store_true", help="only the warm figures")
    args = parser.parse_args()
    result: dict[str, object] = {"data": str(args.data)}
    if not args.skip_fresh:  # first: a child's ru_maxrss starts at this process's RSS
        result.update(_fresh(args.data))
    result.update(_warm(args.data, _queries()))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
