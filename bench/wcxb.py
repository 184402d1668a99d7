"""Build a local cache of WCXB's article pages (2025-26 web pages, reviewed bodies) as two folds.

Run from the project root:  .venv/bin/python -m bench.wcxb [--split dev|test] [--mirror DIR]
WCXB (github.com/Murrough-Foley/web-content-extraction-benchmark, CC-BY-4.0) gives each page
its main content, title, author, publication day and snippets that must and must not be
extracted. Only its "article" pages are taken (blog posts, news, editorials, guides,
reviews): its product, forum, listing, collection, service and documentation pages are no
news. Its development split becomes the fold `wcxb` (cache ~/.cache/presswatch/wcxb), its
held-out test split the fold `wcxb-test` (~/.cache/presswatch/wcxb-test), a cache apart so
that no page of it is read while a change is written: it is for checking one. Each cache has
bench.peer_pages' layout, so ``python -m bench.extraction --peers <cache>`` scores it.
"""

from __future__ import annotations

import argparse
import gzip
import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from bench.peer_pages import DEFAULT_MIRROR, Case, Snapshot, Source, _json, build, print_manifest

CACHE_ROOT = Path.home() / ".cache" / "presswatch"
REPO = "Murrough-Foley/web-content-extraction-benchmark"
NEWS_TYPE = "article"


def wcxb_split(split: str, apart_from: str = "") -> Callable[[Snapshot], Iterator[Case]]:
    """The reader of one split: <split>/ground-truth/<id>.json beside <split>/html/<id>.html.gz;
    without the pages the split `apart_from` holds too (WCXB v1.0's test split repeats 79 of
    its development pages, same id and same bytes: they are no held-out check)."""

    def cases(snapshot: Snapshot) -> Iterator[Case]:
        for path in snapshot.files(f"{split}/ground-truth/"):
            record = _json(snapshot, path)
            page_type = (record.get("_internal") or {}).get("page_type") or {}
            page = f"{split}/html/{Path(path).stem}.html.gz"
            if page_type.get("primary") != NEWS_TYPE or not snapshot.exists(page):
                continue
            twin = f"{apart_from}/html/{Path(path).stem}.html.gz"
            if apart_from and snapshot.exists(twin) and snapshot.read(twin) == snapshot.read(page):
                continue
            truth = record.get("ground_truth") or {}
            yield Case(
                name=Path(path).stem,
                html=gzip.decompress(snapshot.read(page)),
                path=page,
                annotation_path=path,
                url=record.get("url") or None,
                title=truth.get("title") or None,
                authors=truth.get("author") or None,
                published=truth.get("publish_date") or None,
                body=truth.get("main_content") or None,
                must_contain=[s for s in truth.get("with") or [] if s.strip()],
                must_not_contain=[s for s in truth.get("without") or [] if s.strip()],
            )

    return cases


SOURCES = {
    "dev": Source("wcxb", REPO, wcxb_split("dev")),
    "test": Source("wcxb-test", REPO, wcxb_split("test", apart_from="dev")),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=sorted(SOURCES), default="dev", help="which split")
    parser.add_argument("--mirror", type=Path, default=DEFAULT_MIRROR, help="bare git snapshots")
    parser.add_argument("--cache", type=Path, help="where to write (default: by the split)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    source = SOURCES[args.split]
    cache = args.cache or CACHE_ROOT / source.name
    manifest = build(args.mirror, cache, (source,), min_bytes=0)
    if not manifest["sources"]:
        print(f"no snapshot of {REPO} under {args.mirror}; give --mirror DIR", file=sys.stderr)
        return 2
    print_manifest(manifest, cache)
    return 0


if __name__ == "__main__":
    sys.exit(main())
