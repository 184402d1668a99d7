"""Benchmark: `presswatch reindex` (indexer.sync.rebuild_index) on an existing store.

Times one rebuild of the index from the store in ``<dir>/data`` (as made by
``../shared/bench/search_scale.py --dir <dir>``, or any presswatch data folder) and prints
articles/s, wall and CPU seconds of the whole process tree, its peak RSS (sampled every
0.1 s, summed over the processes) and the number of segments left in the index.

    .venv/bin/python bench/reindex.py --dir /tmp/pw-scale-100k [--workers N] [--json out.json]

The index in ``<dir>/data/index`` is replaced (atomically, as `reindex` does).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.store import ArticleStore  # noqa: E402
from indexer.index import INDEX_NAME  # noqa: E402
from indexer.sync import rebuild_index, rebuild_workers  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            text = Path(f"/proc/{pid}/task/{task}/children").read_text()
        except OSError:
            continue
        for child in text.split():
            found.append(int(child))
            found.extend(_children(int(child)))
    return found


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants."""
    total = 0
    for each in [pid, *_children(pid)]:
        with contextlib.suppress(OSError, IndexError, ValueError):
            total += int(Path(f"/proc/{each}/statm").read_text().split()[1]) * PAGE
    return total


class PeakSampler(threading.Thread):
    """Samples the RSS of this process tree until stopped; ``peak`` in bytes."""

    def __init__(self, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.interval, self.peak = interval, 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            self.peak = max(self.peak, tree_rss(os.getpid()))
            self._stop_event.wait(self.interval)

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        return self.peak


def segment_count(index_dir: Path) -> int:
    from whoosh.index import open_dir

    return len(open_dir(str(index_dir), indexname=INDEX_NAME)._segments())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, required=True, help="folder holding data/")
    parser.add_argument("--workers", type=int, help="worker processes (default: automatic)")
    parser.add_argument("--json", type=Path, help="also write the result here")
    args = parser.parse_args()
    data = args.dir / "data"
    with ArticleStore.open(data, create=False) as store:
        total = store.count()
        workers = args.workers if args.workers is not None else rebuild_workers(total)
        sampler = PeakSampler()
        sampler.start()
        cpu = os.times()
        started = time.monotonic()
        extra = {} if args.workers is None else {"workers": args.workers}
        count = rebuild_index(store, data / "index", **extra)
        wall = time.monotonic() - started
        after = os.times()
        peak = sampler.stop()
    cpu_s = sum(after[:4]) - sum(cpu[:4])
    result = {
        "articles": count,
        "workers": workers,
        "reindex_docs_per_s": round(count / wall, 1),
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu_s, 1),
        "busy_cores": round(cpu_s / wall, 2),
        "peak_rss_tree_mb": round(peak / 2**20),
        "peak_rss_parent_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "segments": segment_count(data / "index"),
        "load_1min_after": os.getloadavg()[0],
    }
    print(json.dumps(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
