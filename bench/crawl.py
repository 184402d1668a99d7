"""Crawl a generated N-article news site on 127.0.0.1 with the real CLI; print articles/s and RSS.

Run from the project root:  .venv/bin/python bench/crawl.py --articles 1000 [--workers N]
[--profile crawl.prof] [--mirror /tmp/bench-mirror/1000/site] [--timeline]
With --mirror, the crawl runs on the shared mirror's sites (served by its nginx, see
bench/mirror.sh) configured as its presswatch peer does (no politeness delay), instead of
a generated site.
Each run uses a fresh data directory; the figure covers download, extraction, storing and
indexing (the whole `presswatch crawl`), timed from outside the process.  Memory is the
peak of the summed RSS of the crawl's whole process tree (crawl, forkserver, extraction
workers), sampled every 0.2 s, as the shared mirror benchmark's procmon.py measures it;
CPU seconds are the tree's user + system time.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
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
    parser.add_argument(
        "--profile",
        type=Path,
        help="write a cProfile of the crawl process to this file (read it with pstats)",
    )
    parser.add_argument(
        "--timeline",
        action="store_true",
        help="print the cores each kind of process kept busy, and the RSS, second by second",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a [defaults] line of the mirror's config, e.g. --set index_batch_size=1000",
    )
    parser.add_argument(
        "--mirror",
        type=Path,
        help="the shared mirror's site directory (its nginx must be serving it)",
    )
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory())
        config = Path(tmp) / "sites.toml"
        if args.mirror:
            config.write_text(_mirror_config(args.mirror, args.workers, args.set), encoding="utf-8")
            requests = "nginx"
        else:
            site = NewsSite(count=args.articles, sitemap_chunk=500, feed_size=50)
            server = stack.enter_context(SiteServer(site.build))
            defaults = "index_batch_size = 500"
            if args.workers is not None:
                defaults += f"\nextract_workers = {args.workers}"
            config.write_text(site_config({"bench": server.base_url}, defaults), encoding="utf-8")
            requests = str(len(server.requests))
        started = time.perf_counter()
        process = subprocess.Popen(
            [
                sys.executable,
                *(["-m", "cProfile", "-o", str(args.profile)] if args.profile else []),
                "-m",
                "search",
                "--config",
                str(config),
                "--data",
                str(Path(tmp) / "data"),
                "crawl",
                "--json",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        peak = _TreePeak(process.pid)
        peak.start()
        stdout, stderr = process.communicate()
        seconds = time.perf_counter() - started
        peak.stop()
    if process.returncode != 0:
        print(stderr, file=sys.stderr)
        return process.returncode
    new = sum(site["new"] for site in json.loads(stdout)["sites"])
    stored = new if args.mirror else args.articles
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"{stored} articles crawled, stored and indexed in {seconds:.1f} s: "
        f"{stored / seconds:.1f} articles/s, CPU {usage.ru_utime + usage.ru_stime:.1f} s "
        f"(crawl process {peak.root_cpu:.1f} s), "
        f"peak RSS of the process tree {peak.peak_kb / 1024:.0f} MB "
        f"(largest process {usage.ru_maxrss / 1024:.0f} MB), {requests} requests"
    )
    print("at the tree's peak: " + ", ".join(f"{role} {mb:.0f} MB" for role, mb in peak.at_peak))
    print(
        "CPU seconds per process (last sampled): "
        + ", ".join(f"{role} {cpu:.1f}" for role, cpu in peak.cpu.values() if cpu >= 0.05)
    )
    if args.timeline:
        print(_timeline(peak.samples))
    return 0


def _timeline(samples: list[tuple[float, dict[str, float], float, float]]) -> str:
    """Per second of the run: the cores busy in all and by kind of process (summed), and the
    RSS of the whole tree and of the crawl process at the second's end."""
    kinds = sorted({kind for _, cpu, _, _ in samples for kind in cpu})
    lines = ["second  cores  " + "  ".join(kinds) + "  tree MB  crawl MB"]
    before: dict[str, float] = {}
    second = 1
    for seconds, cpu, tree_mb, crawl_mb in samples:
        if seconds < second and seconds != samples[-1][0]:
            continue
        used = {kind: cpu.get(kind, 0.0) - before.get(kind, 0.0) for kind in kinds}
        span = seconds - (second - 1)
        row = "  ".join(f"{used[kind] / span:{len(kind)}.2f}" for kind in kinds)
        busy = sum(used.values()) / span
        lines.append(f"{second:6d}  {busy:5.2f}  {row}  {tree_mb:7.0f}  {crawl_mb:8.0f}")
        before, second = cpu, second + 1
    return "\n".join(lines)


def _mirror_config(site_dir: Path, workers: int | None, settings: list[str]) -> str:
    """The mirror peer's sites.toml (--fast), with extract_workers and the ``KEY=VALUE``
    defaults when given."""
    script = ROOT.parent / "shared" / "bench" / "mirror" / "peers" / "presswatch_config.py"
    argv = [sys.executable, str(script), str(site_dir / "manifest.json"), "--fast"]
    text = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
    if workers is not None:
        settings = [f"extract_workers={workers}", *settings]
    for setting in settings:
        key, _, value = setting.partition("=")
        text = text.replace("[defaults]\n", f"[defaults]\n{key.strip()} = {value.strip()}\n", 1)
    return text


class _TreePeak(threading.Thread):
    """Samples the summed RSS of a process and all its descendants; keeps the peak."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak_kb = 0
        self.root_cpu = 0.0
        self.at_peak: list[tuple[str, float]] = []  # (process role, MB) when the peak was seen
        self.cpu: dict[int, tuple[str, float]] = {}  # pid -> (role, CPU seconds last seen)
        # (seconds, kind of process -> CPU s so far, MB of the tree, MB of the crawl process)
        self.samples: list[tuple[float, dict[str, float], float, float]] = []
        self._done = threading.Event()

    def run(self) -> None:
        started = time.perf_counter()
        while not self._done.wait(0.2):
            sizes = {pid: _rss_kb(pid) for pid in _tree(self.root)}
            if sum(sizes.values()) > self.peak_kb:
                self.peak_kb = sum(sizes.values())
                self.at_peak = [(_role(pid), kb / 1024) for pid, kb in sizes.items()]
            self.root_cpu = max(self.root_cpu, _cpu_seconds(self.root))
            for pid in sizes:
                role = self.cpu[pid][0] if pid in self.cpu else _role(pid)
                if pid != self.root and role.startswith("crawl["):  # seen before its exec
                    role = _role(pid)
                seen = self.cpu[pid][1] if pid in self.cpu else 0.0
                self.cpu[pid] = (role, max(seen, _cpu_seconds(pid)))
            by_kind: dict[str, float] = {}
            for role, cpu in self.cpu.values():
                kind = role.split("[")[0] or "other"
                by_kind[kind] = by_kind.get(kind, 0.0) + cpu
            tree_mb, crawl_mb = sum(sizes.values()) / 1024, sizes.get(self.root, 0) / 1024
            self.samples.append((time.perf_counter() - started, by_kind, tree_mb, crawl_mb))

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(root: int) -> list[int]:
    """The process and its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _role(pid: int) -> str:
    """A short name for a process of the tree: its command line's telling part."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            argv = cmdline.read().decode(errors="replace").split("\0")
    except OSError:
        return str(pid)
    if "presswatch-child" in argv:  # crawler.child: named by its target's module
        return f"{argv[argv.index('presswatch-child') + 1].split('.')[-2]}[{pid}]"
    for word in ("forkserver", "resource_tracker", "spawn_main", "crawl"):
        if any(word in arg for arg in argv):
            return f"{word}[{pid}]"
    return f"{' '.join(argv)[:40]}[{pid}]"


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process so far (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def _rss_kb(pid: int) -> int:
    """Resident set size of one process in KB (0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, ValueError, IndexError):
        return 0


if __name__ == "__main__":
    sys.exit(main())
