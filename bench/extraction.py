"""Score presswatch's extractor beside trafilatura on ../shared's datasets and print one table.

Run from the project root:  .venv/bin/python -m bench.extraction  [--shared ../shared]
(bench/extraction.py runs the same.)
Needs the benchmark scripts and datasets in ../shared (not part of this repository); prints the
targets of issue 3 with the figures of this run for both extractors (same run, same machine).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TIMING_REPEATS = 3  # CPU per page: the fastest of three passes, for both extractors alike


def trafilatura_article(html: str, url: str | None = None) -> dict[str, Any]:
    """trafilatura's own metadata and text, in the shape metadata_eval.py reads."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if doc is None:
        return {}
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return {
        "title": data.get("title"),
        "authors": data.get("author"),
        "published": data.get("date"),
        "text": data.get("text"),
    }


def run(command: list[str]) -> None:
    print("$", " ".join(command), flush=True)
    subprocess.run(command, check=True, cwd=ROOT)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    bench = args.shared / "bench"
    if not (bench / "extraction_eval.py").exists():
        print(f"no benchmark scripts at {bench}; give --shared DIR", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        body_json, ours_json, theirs_json = (Path(tmp) / n for n in ("b.json", "o.json", "t.json"))
        run(
            [
                sys.executable,
                str(bench / "extraction_eval.py"),
                "trafilatura-precision",
                "--callable",
                "crawler.extract:extract_text",
                "--json-out",
                str(body_json),
                "--timing-repeats",
                str(TIMING_REPEATS),
            ]
        )
        run(
            [
                sys.executable,
                str(bench / "metadata_eval.py"),
                "crawler.extract:extract_article",
                "--jobs",
                "2",
                "--json",
                str(ours_json),
            ]
        )
        run(
            [
                sys.executable,
                str(bench / "metadata_eval.py"),
                "bench.extraction:trafilatura_article",
                "--sys-path",
                str(ROOT),
                "--jobs",
                "2",
                "--json",
                str(theirs_json),
            ]
        )
        body = json.loads(body_json.read_text())
        ours = json.loads(ours_json.read_text())["totals"]
        theirs = json.loads(theirs_json.read_text())["totals"]
    print_table(body, ours, theirs)
    return 0


def _meta(totals: dict[str, Any], key: str) -> dict[str, Any]:
    return totals.get(key) or next(iter(totals.values()))


def _pct(agg: dict[str, Any], hit: str, n: str) -> str:
    return f"{100 * agg[hit] / agg[n]:.1f}%" if agg.get(n) else "-"


def _authors(agg: dict[str, Any]) -> str:
    return f"{100 * agg['authors_f1'] / max(agg['authors_n'], 1):.1f}"


# (measure, "body" or "meta" aggregates, figure from one side's aggregate, target)
ROWS: list[tuple[str, str, Callable[[dict[str, Any]], str], str]] = [
    ("body F1, article-extraction-benchmark", "body", lambda a: f"{a['f1']:.3f}", ">= 0.970"),
    ("body snippets found, news-metadata-dev", "meta", lambda a: _pct(a, "mc_hit", "mc_n"),
     ">= 99%"),
    ("title normalised", "meta", lambda a: _pct(a, "title_norm", "title_n"), ">= 90%"),
    ("publication date, same day", "meta", lambda a: _pct(a, "date_ok", "date_n"), ">= 97%"),
    ("authors name-set F1", "meta", _authors, ">= 90"),
    (
        "CPU per page, whole extraction (ms)",
        "body",
        lambda a: f"{1000 * a.get('cpu_sec_per_page', 0):.1f}",
        "<= 25",
    ),
]  # fmt: skip


def print_table(body: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]) -> None:
    """The issue's table: measure, trafilatura, presswatch, target."""
    sides = {
        "body": (body["trafilatura-precision"], body["crawler.extract:extract_text"]),
        "meta": (_meta(theirs, "ALL (unique pages)"), _meta(ours, "ALL (unique pages)")),
    }
    print(f"\n{'measure':42} {'trafilatura':>12} {'presswatch':>11} {'target':>9}")
    for name, kind, figure, target in ROWS:
        them, us = sides[kind]
        print(f"{name:42} {figure(them):>12} {figure(us):>11} {target:>9}")


if __name__ == "__main__":
    sys.exit(main())
