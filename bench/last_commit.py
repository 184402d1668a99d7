"""Time a crawl's last index commit: an archive's articles analysed into one open segment,
then committed, in one process and in two (the fork the crawl's last commit uses).

Run from the project root:  .venv/bin/python bench/last_commit.py --data DIR [--repeat 3]
DIR is an archive's data folder, e.g. one `presswatch crawl` of the shared mirror (bench/crawl.py
--mirror uses a temporary one; `presswatch --config C --data DIR crawl` keeps it). The archive
is read only: each pass indexes its articles into a new index in a temporary folder.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.store import ArticleStore, PendingVersion  # noqa: E402
from indexer.index import ArticleIndex  # noqa: E402


def one_pass(store: ArticleStore, parallel: bool) -> tuple[float, float, int]:
    """(seconds analysing, seconds committing, articles) for a new index of every article."""
    with tempfile.TemporaryDirectory() as tmp:
        index = ArticleIndex.open(Path(tmp) / "index", create=True)
        segment = index.open_segment()
        started = time.perf_counter()
        for article in store.get_many(range(1, store.last_id() + 1)):
            assert article.id is not None
            segment.add(article, PendingVersion(1, 0))
        analysed = time.perf_counter()
        index.commit_open(segment, parallel)
        committed = time.perf_counter()
        return analysed - started, committed - analysed, index.doc_count()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="an archive's data folder")
    parser.add_argument("--repeat", type=int, default=3, help="passes of each kind (default 3)")
    args = parser.parse_args()
    store = ArticleStore.open(args.data, create=False)
    for parallel in (False, True):
        runs = [one_pass(store, parallel) for _ in range(args.repeat)]
        analyse = statistics.median(run[0] for run in runs)
        commit = [f"{run[1]:.2f}" for run in runs]
        print(
            f"{'two processes' if parallel else 'one process':13}: {runs[0][2]} articles, "
            f"analysed in {analyse:.2f} s (median), committed in {', '.join(commit)} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
