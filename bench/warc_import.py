"""Import a WARC of news pages with the real CLI; print records/s, articles/s, MB and peak RSS.

Run from the project root, with a mirror made by the shared benchmark (outside the repo):

  python3 ../shared/bench/mirror/make_site.py --out /tmp/mirror-5000 --articles 5000
  .venv/bin/python bench/warc_import.py --mirror /tmp/mirror-5000       # >= 5,000 responses
  .venv/bin/python bench/warc_import.py --factory 1000  # the pages bench/crawl.py crawls

The WARC (gzip, one response and one request record per page, as a crawler writes them) holds
every URL of the mirror's truth.jsonl: articles, print copies, section and tag pages, feeds and
sitemaps (not HTML: skipped), 404s and redirects (skipped). The import runs in a fresh data
directory and is timed from outside the process (extraction, dedup, store and index).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.demo.site import Page  # noqa: E402
from tests.news_factory import NewsSite, site_config  # noqa: E402
from tests.warc_files import Entry, write_warc  # noqa: E402

MIRROR_CONFIG = ROOT.parent / "shared" / "bench" / "mirror" / "peers" / "presswatch_config.py"
FACTORY_BASE = "http://127.0.0.1:8000"


def mirror_entries(mirror: Path, when: datetime) -> tuple[list[Entry], str]:
    """One capture per URL of the mirror's truth.jsonl, and a config for its sites."""
    routes = json.loads((mirror / "routes.json").read_text("utf-8"))
    roots = {site["host"]: Path(site["root"]) for site in routes["sites"]}
    charsets = {(host, path): charset for host, path, charset in routes["charsets"]}
    types = {(host, path): kind for host, path, kind in routes["content_types"]}
    redirects = {(host, path): target for host, path, target in routes["redirects"]}
    entries = []
    for line in (mirror / "truth.jsonl").read_text("utf-8").splitlines():
        url = json.loads(line)["url"]
        parts = urlsplit(url)
        host, path = parts.hostname or "", parts.path or "/"
        entries.append(
            Entry(url, _mirror_page(roots[host], host, path, charsets, types, redirects), when)
        )
    return entries, _mirror_config(mirror)


def _mirror_page(
    root: Path,
    host: str,
    path: str,
    charsets: dict[tuple[str, str], str],
    types: dict[tuple[str, str], str],
    redirects: dict[tuple[str, str], str],
) -> Page:
    if (host, path) in redirects:
        return Page(b"", "text/html", 301, (("Location", redirects[host, path]),))
    for candidate in (path, path + ".html", path.rstrip("/") + "/index.html"):
        file = root / unquote(candidate).lstrip("/")
        if _is_file(file):
            kind = types.get((host, path)) or _kind_of(file)
            charset = charsets.get((host, path), "utf-8")
            content_type = f"{kind}; charset={charset}" if kind == "text/html" else kind
            return Page(file.read_bytes(), content_type)
    return Page(b"<html><body>Not found</body></html>", "text/html", 404)


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a name longer than the file system allows: not that file
        return False


def _kind_of(file: Path) -> str:
    if file.suffix == ".xml":
        return "application/xml"
    return "text/plain" if file.name == "robots.txt" else "text/html"


def _mirror_config(mirror: Path) -> str:
    spec = importlib.util.spec_from_file_location("presswatch_config", MIRROR_CONFIG)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    manifest = json.loads((mirror / "manifest.json").read_text("utf-8"))
    sites = []
    for site in manifest["sites"]:
        base = site["base_url"]
        sites.append(
            f'[[site]]\nid = "{site["id"]}"\nname = "{site["title"]}"\n'
            f'domains = ["{site["host"]}"]\nfeeds = ["{base}feed/rss.xml"]\n'
            f"article_pattern = '{module.pattern(site['host'], site['layout'])}'\n"
            'language = "en"\ntimezone = "UTC"\n'
        )
    return "[defaults]\nindex_batch_size = 500\n\n" + "\n".join(sites)


def factory_entries(count: int, when: datetime) -> tuple[list[Entry], str]:
    """One capture per page of the generated site bench/crawl.py crawls."""
    pages = NewsSite(count=count, sitemap_chunk=500, feed_size=50).build(FACTORY_BASE)
    entries = [Entry(FACTORY_BASE + path, page, when) for path, page in pages.items()]
    return entries, site_config({"bench": FACTORY_BASE}, "index_batch_size = 500")


def _scan_seconds(tmp: Path, warc: Path) -> float:
    """Wall time of an import whose only site matches no record (read and skip all)."""
    config = tmp / "none.toml"
    config.write_text(
        '[[site]]\nid = "none"\nname = "none"\ndomains = ["example.invalid"]\n'
        'feeds = ["https://example.invalid/rss.xml"]\n',
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "search", "--config", str(config), "--data", str(tmp / "d2")]
    started = time.perf_counter()
    subprocess.run([*command, "import-warc", str(warc)], capture_output=True, check=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--mirror", type=Path, help="a folder made by make_site.py")
    source.add_argument("--factory", type=int, metavar="N", help="N generated articles")
    parser.add_argument("--workers", type=int, default=None, help="extract_workers")
    args = parser.parse_args()
    when = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        if args.mirror:
            entries, config_text = mirror_entries(args.mirror, when)
        else:
            entries, config_text = factory_entries(args.factory, when)
        if args.workers is not None:
            config_text = config_text.replace(
                "[defaults]\n", f"[defaults]\nextract_workers = {args.workers}\n", 1
            )
        warc = write_warc(Path(tmp) / "bench.warc.gz", entries)
        built = time.perf_counter() - started
        config = Path(tmp) / "sites.toml"
        config.write_text(config_text, encoding="utf-8")
        data = Path(tmp) / "data"
        command = [sys.executable, "-m", "search", "--config", str(config), "--data", str(data)]
        started = time.perf_counter()
        result = subprocess.run(
            [*command, "import-warc", str(warc), "--json"],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
        megabytes = warc.stat().st_size / 1e6
        store_mb = sum(p.stat().st_size for p in data.rglob("*") if p.is_file()) / 1e6
        scan = _scan_seconds(Path(tmp), warc)
    if result.returncode != 0:
        print(result.stderr, file=sys.stderr)
        return result.returncode
    report = json.loads(result.stdout)
    stored = sum(report["stored"][k] for k in ("new", "updated", "duplicate"))
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"WARC: {len(entries)} responses ({report['records']} response records read), "
        f"{megabytes:.1f} MB gzipped, built in {built:.1f} s\n"
        f"import: {seconds:.1f} s wall (CLI start to exit): "
        f"{report['records'] / seconds:.1f} records/s, {stored / seconds:.1f} articles/s; "
        f"{stored} articles stored ({report['stored']}), skipped {report['skipped']}, "
        f"dropped {report['dropped']}, outside {report['outside']}\n"
        f"data folder after import: {store_mb:.1f} MB; peak RSS of one process {peak_mb:.0f} MB\n"
        f"scan only (no configured site matches; what the records of other outlets cost): "
        f"{scan:.1f} s wall, {report['records'] / scan:.0f} records/s, {megabytes / scan:.1f} MB/s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
