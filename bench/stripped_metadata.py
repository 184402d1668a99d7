"""Dates, authors and titles of pages stripped of their metadata, presswatch beside trafilatura.

Run from the project root:  .venv/bin/python -m bench.stripped_metadata [--shared ../shared]
[--peers DIR] [--cache DIR ...]   (e.g. --cache ~/.cache/presswatch/wcxb-test)
Most pages of the dev sets state their date, authors and title in metadata (meta tags,
JSON-LD, itemprop, <time datetime>), which both extractors read alike. Many pages never seen
before do not, and there only the fallbacks count: the URL, the printed dateline and byline,
the headline. This probe removes that metadata from every page (`strip_metadata`) and scores
what is left with ../shared/bench/metadata_eval.py, for presswatch and for trafilatura (its
date is htmldate's) in the same run: per set, same-day dates, dates given that name another
day (no date is better than those), authors name-set F1 and titles.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree
from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parent.parent
_METADATA = etree.XPath("//meta | //script[@type='application/ld+json']")
_MARKED = etree.XPath("//*[@itemprop] | //time[@datetime]")
SIDES = (
    ("presswatch", "bench.stripped_metadata:presswatch_metadata"),
    ("trafilatura", "bench.stripped_metadata:trafilatura_metadata"),
)


def strip_metadata(html: str) -> str:
    """The page without meta tags and JSON-LD, and without itemprop and datetime attributes:
    only what a reader sees (and the URL) still dates it, names its authors and titles it."""
    try:
        tree = lxml_html.fromstring(html)
    except (etree.ParserError, ValueError):
        return html
    for element in _METADATA(tree):
        element.drop_tree()
    for element in _MARKED(tree):
        element.attrib.pop("itemprop", None)
        if element.tag == "time":
            element.attrib.pop("datetime", None)
    return str(lxml_html.tostring(tree, encoding="unicode"))


def presswatch_metadata(html: str, url: str | None = None) -> dict[str, Any]:
    """presswatch's date, authors and title of the stripped page."""
    from crawler.extract import extract_article

    article = extract_article(strip_metadata(html), url)
    return {"published": article.published, "authors": article.authors, "title": article.title}


def trafilatura_metadata(html: str, url: str | None = None) -> dict[str, Any]:
    """trafilatura's, read the way bench.extraction reads it (its date comes from htmldate)."""
    from bench.extraction import trafilatura_article

    found = trafilatura_article(strip_metadata(html), url)
    return {key: found.get(key) for key in ("published", "authors", "title")}


@dataclass(frozen=True)
class SetFigures:
    """One set's figures from a metadata_eval report (None where it annotates no such field)."""

    date_pct: float | None
    authors_f1: float | None
    title_pct: float | None
    # Dates given that name another day: worse than none for a researcher counting by date.
    date_wrong_pct: float | None = None


def set_figures(report: Path) -> dict[str, SetFigures]:
    """{set: figures} from a metadata_eval --json report."""
    totals = json.loads(report.read_text())["totals"]

    def share(row: dict[str, Any], hits: str, count: str) -> float | None:
        return 100.0 * row[hits] / row[count] if row.get(count) else None

    return {
        name: SetFigures(
            date_pct=share(row, "date_ok", "date_n"),
            authors_f1=100.0 * row["authors_f1"] / row["authors_n"]
            if row.get("authors_n")
            else None,
            title_pct=share(row, "title_norm", "title_n"),
            date_wrong_pct=100.0
            * (row["date_n"] - row["date_ok"] - row.get("date_none", 0))
            / row["date_n"]
            if row.get("date_n")
            else None,
        )
        for name, row in totals.items()
    }


def score(bench: Path, spec: str, sets: list[str], out: Path) -> None:
    """metadata_eval.py on one side, with the sets' extra arguments; the report in `out`."""
    command = [sys.executable, str(bench / "metadata_eval.py"), spec, "--sys-path", str(ROOT)]
    arguments = [*command, *sets, "--jobs", "2", "--json", str(out)]
    subprocess.run(arguments, check=True, stdout=subprocess.DEVNULL)


def _cell(ours: float | None, theirs: float | None) -> str:
    if ours is None or theirs is None:
        return "-"
    return f"{ours:.1f} / {theirs:.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--peers", type=Path, help="a peer-page cache (python -m bench.peer_pages)")
    parser.add_argument(
        "--cache",
        type=Path,
        action="append",
        default=[],
        help="a further page cache, named by its folder (python -m bench.wcxb); repeatable",
    )
    args = parser.parse_args(argv)
    bench = args.shared / "bench"
    runs: list[tuple[str, list[str]]] = [("dev", [])]
    if args.peers:
        runs.append(("peers", ["--holdout", str(args.peers)]))
    runs += [(cache.name, ["--holdout", str(cache)]) for cache in args.cache]
    rows: dict[str, dict[str, SetFigures]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for run_name, extra in runs:
            for side, spec in SIDES:
                report = Path(tmp) / f"{run_name}-{side}.json"
                score(bench, spec, extra, report)
                for set_name, figures in set_figures(report).items():
                    rows.setdefault(f"{run_name}: {set_name}", {})[side] = figures
    print("\nmetadata stripped; presswatch / trafilatura")
    headers = ("date same day %", "date wrong %", "authors F1", "title %")
    print(f"{'set':36} {headers[0]:>16} " + " ".join(f"{header:>14}" for header in headers[1:]))
    for name, sides in rows.items():
        ours, theirs = sides["presswatch"], sides["trafilatura"]
        cells = [
            _cell(ours.date_pct, theirs.date_pct),
            _cell(ours.date_wrong_pct, theirs.date_wrong_pct),
            _cell(ours.authors_f1, theirs.authors_f1),
            _cell(ours.title_pct, theirs.title_pct),
        ]
        print(f"{name:36} {cells[0]:>16} {cells[1]:>14} {cells[2]:>14} {cells[3]:>14}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
