"""Benchmark: export 100k articles (CSV, JSON Lines, Parquet) and count them per day.

Builds a synthetic archive (store + Whoosh index) of N articles once, then runs the real
CLI in subprocesses and prints each command's wall time and peak RSS, for the whole
archive and for a tenth of it (constant memory means the two peaks are close).

    .venv/bin/python bench/export_100k.py [--articles 100000] [--dir /tmp/pw-bench]

Not part of the test suite: building the index takes several minutes.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.model import Article  # noqa: E402
from crawler.store import ArticleStore  # noqa: E402
from indexer.sync import rebuild_index  # noqa: E402

_TEXT = """government minister election economy trade china europe market bank rate inflation
climate energy war peace talks summit president parliament vote court police health hospital
school university research science space launch satellite football team city river storm
flood heat drought farmers prices oil gas power grid company shares investors growth jobs
workers strike union border migrants refugees aid council"""
WORDS = tuple(_TEXT.split())
SITES = ("wire", "daily-post", "courier", "state-tv", "gulf-tv", "folha", "lemonde")


def synthetic(number: int, rng: random.Random) -> Article:
    """A plausible article of about 300 words with a date in 2024-2025."""
    day = date(2024, 1, 1) + timedelta(days=rng.randrange(730))
    published = datetime(day.year, day.month, day.day, rng.randrange(24), tzinfo=UTC)
    paragraphs = [
        " ".join(rng.choice(WORDS) for _ in range(60)).capitalize() + "." for _ in range(5)
    ]
    body = "\n\n".join(paragraphs)
    return Article(
        url=f"https://news.example/{number}.html",
        site=SITES[number % len(SITES)],
        title=" ".join(rng.choice(WORDS) for _ in range(8)).capitalize(),
        lead=paragraphs[0][:200],
        body=body,
        language="en",
        published=published,
        published_utc=published,
        published_day=day,
        first_seen=published + timedelta(hours=1),
        word_count=len(body.split()),
        content_hash=hashlib.sha256(body.encode()).hexdigest(),
        country="GB",
        authors=["Jane Doe"],
        duplicate_group=number + 1,
    )


def build(data: Path, count: int) -> None:
    started = time.monotonic()
    rng = random.Random(42)
    with ArticleStore.open(data) as store:
        have = store.count()
        for number in range(have, count):
            store.save(synthetic(number, rng))
        print(f"store: {count} articles ({count - have} new) in {time.monotonic() - started:.0f} s")
        started = time.monotonic()
        if (data / "index").exists() and store.pending_count() == 0:
            return
        indexed = rebuild_index(store, data / "index")
    print(f"index: {indexed} documents in {time.monotonic() - started:.0f} s")


def measure(label: str, data: Path, *args: str) -> None:
    """Run one CLI command in a child process; print its wall time and its own peak RSS."""
    command = [sys.executable, "-m", "search", "--data", str(data), *args]
    with tempfile.TemporaryFile() as output:
        started = time.monotonic()
        child = subprocess.Popen(command, stdout=output, stderr=output, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.monotonic() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            output.seek(0)
            raise SystemExit(f"{label} failed: {output.read().decode()[-500:]}")
    print(f"{label:<40} {elapsed:6.1f} s   peak RSS {usage.ru_maxrss / 1024:5.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/presswatch-bench"))
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    data = options.dir / "data"
    if options.build_only:
        build(data, options.articles)
        return
    # Build in a child: a forked child starts with its parent's resident size, so the
    # measuring process must stay small for the children's peak RSS to be their own.
    build_args = ["--articles", str(options.articles), "--dir", str(options.dir), "--build-only"]
    subprocess.run([sys.executable, __file__, *build_args], check=True)
    out = options.dir / "out"
    out.mkdir(parents=True, exist_ok=True)
    tenth = str(options.articles // 10)
    measure("search '*' --count", data, "search", "*", "--count")
    measure("stats '*' --by day", data, "stats", "*", "--by", "day", "--csv")
    measure(
        "stats 'bank' --by week --split site",
        data,
        "stats",
        "bank",
        "--by",
        "week",
        "--split",
        "site",
        "--json",
    )
    for fmt in ("csv", "jsonl", "parquet"):
        measure(
            f"export {tenth} -> {fmt}",
            data,
            "export",
            "*",
            "--limit",
            tenth,
            "-o",
            str(out / f"tenth.{fmt}"),
        )
    for fmt in ("csv", "jsonl", "parquet"):
        measure(
            f"export all {options.articles} -> {fmt}",
            data,
            "export",
            "*",
            "-o",
            str(out / f"all.{fmt}"),
        )
    for path in sorted(out.iterdir()):
        print(f"{path.name:<28} {path.stat().st_size / 1e6:8.1f} MB")


if __name__ == "__main__":
    main()
