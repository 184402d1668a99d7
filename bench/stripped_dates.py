"""Publication dates on pages stripped of their date metadata, presswatch beside htmldate.

Run from the project root:  .venv/bin/python -m bench.stripped_dates [--shared ../shared]
[--peers DIR]
Most pages of the dev sets state their date in metadata (meta tags, JSON-LD, itemprop,
<time datetime>), which both extractors read alike. Many pages never seen before do not, and
there only the fallbacks count: the URL, the printed dateline, the text. This probe removes
that metadata from every page (`strip_date_metadata`) and scores what is left with
../shared/bench/metadata_eval.py, for presswatch and for htmldate (trafilatura's date finder)
in the same run: a same-day table per set.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from lxml import etree
from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parent.parent
_DATE_METADATA = etree.XPath("//meta | //script[@type='application/ld+json']")
_MARKED = etree.XPath("//*[@itemprop] | //time[@datetime]")
SIDES = (
    ("presswatch", "bench.stripped_dates:presswatch_dates"),
    ("htmldate", "bench.stripped_dates:htmldate_dates"),
)


def strip_date_metadata(html: str) -> str:
    """The page without meta tags and JSON-LD, and without itemprop and datetime attributes:
    only what a reader sees (and the URL) still dates it."""
    try:
        tree = lxml_html.fromstring(html)
    except (etree.ParserError, ValueError):
        return html
    for element in _DATE_METADATA(tree):
        element.drop_tree()
    for element in _MARKED(tree):
        element.attrib.pop("itemprop", None)
        if element.tag == "time":
            element.attrib.pop("datetime", None)
    return str(lxml_html.tostring(tree, encoding="unicode"))


def presswatch_dates(html: str, url: str | None = None) -> dict[str, Any]:
    """presswatch's publication date of the stripped page."""
    from crawler.extract import extract_article

    return {"published": extract_article(strip_date_metadata(html), url).published}


def htmldate_dates(html: str, url: str | None = None) -> dict[str, Any]:
    """htmldate's, with the options trafilatura uses for the original date."""
    from htmldate import find_date

    stripped = strip_date_metadata(html)
    return {"published": find_date(stripped, url=url, original_date=True, extensive_search=True)}


def day_rates(report: Path) -> dict[str, tuple[float, int]]:
    """{set: (same-day %, pages with an expected date)} from a metadata_eval --json report."""
    totals = json.loads(report.read_text())["totals"]
    return {
        name: (100.0 * row["date_ok"] / row["date_n"], row["date_n"])
        for name, row in totals.items()
        if row.get("date_n")
    }


def score(bench: Path, spec: str, sets: list[str], out: Path) -> None:
    """metadata_eval.py on one side, with the sets' extra arguments; the report in `out`."""
    command = [sys.executable, str(bench / "metadata_eval.py"), spec, "--sys-path", str(ROOT)]
    arguments = [*command, *sets, "--jobs", "2", "--json", str(out)]
    subprocess.run(arguments, check=True, stdout=subprocess.DEVNULL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--peers", type=Path, help="a peer-page cache (python -m bench.peer_pages)")
    args = parser.parse_args(argv)
    bench = args.shared / "bench"
    runs: list[tuple[str, list[str]]] = [("dev", [])]
    if args.peers:
        runs.append(("peers", ["--holdout", str(args.peers)]))
    rows: dict[str, dict[str, tuple[float, int]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for run_name, extra in runs:
            for side, spec in SIDES:
                report = Path(tmp) / f"{run_name}-{side}.json"
                score(bench, spec, extra, report)
                for set_name, rate in day_rates(report).items():
                    rows.setdefault(f"{run_name}: {set_name}", {})[side] = rate
    print(f"\n{'set (date metadata stripped)':44} {'pages':>6} {'presswatch':>11} {'htmldate':>9}")
    for name, sides in rows.items():
        pages = next(iter(sides.values()))[1]
        cells = [f"{sides[side][0]:.1f}" if side in sides else "-" for side, _ in SIDES]
        print(f"{name:44} {pages:6d} {cells[0]:>11} {cells[1]:>9}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
