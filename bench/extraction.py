"""Score presswatch's extractor beside trafilatura on ../shared's datasets, per outlet fold.

Run from the project root:  .venv/bin/python -m bench.extraction  [--shared ../shared] [--folds 5]
(bench/extraction.py runs the same.)
Needs the benchmark scripts and datasets in ../shared (not part of this repository); prints the
per-fold table (pages split by outlet domain, see `fold_of`) and the totals beside the targets,
for both extractors in the same run on the same machine.  `--save FILE` keeps the figures as
JSON and `--baseline FILE` prints a saved run's figures beside this one's (before/after a rule).
`--peers DIR` adds one fold a source from a peer-page cache built by `python -m bench.peer_pages`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.peer_pages import source_of

ROOT = Path(__file__).resolve().parent.parent
TIMING_REPEATS = 3  # CPU per page: the fastest of three passes, for both extractors alike
DEFAULT_FOLDS = 5
OURS, THEIRS = "crawler.extract:extract_text", "trafilatura-precision"


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


def domain_of(url: str) -> str:
    """The outlet's domain: the URL's host without 'www.' ('' for none)."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def fold_of(url: str, folds: int) -> int:
    """The fold of a page: its domain hashed, so an outlet's pages always share one fold."""
    digest = hashlib.sha256(domain_of(url).encode()).hexdigest()
    return int(digest[:8], 16) % folds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--folds", type=int, default=DEFAULT_FOLDS, help="outlet folds (default 5)")
    parser.add_argument("--save", type=Path, help="write this run's figures here (JSON)")
    parser.add_argument("--baseline", type=Path, help="a saved run to print beside this one")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="only presswatch's metadata run (no body benchmark, no trafilatura), to try a rule",
    )
    parser.add_argument(
        "--peers",
        type=Path,
        help="a peer-page cache (python -m bench.peer_pages): one further fold a source",
    )
    args = parser.parse_args()
    bench = args.shared / "bench"
    if not (bench / "extraction_eval.py").exists():
        print(f"no benchmark scripts at {bench}; give --shared DIR", file=sys.stderr)
        return 2
    if args.folds < 1:
        print("--folds must be at least 1", file=sys.stderr)
        return 2
    if args.peers and not (args.peers / "index.jsonl").exists():
        print(f"no peer cache at {args.peers}: python -m bench.peer_pages", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        out = score_runs(
            bench, Path(tmp), "", args.quick, ["--timing-repeats", str(TIMING_REPEATS)], []
        )
        folds = fold_table(args.shared, args.folds, out)
        if args.peers:
            folds.update(run_peers(bench, args.peers, Path(tmp), args.quick))
        baseline = json.loads(args.baseline.read_text()) if args.baseline else None
        print_folds(folds, baseline)
        if not args.quick:
            body = json.loads(out["b.json"].read_text())
            ours = json.loads(out["o.json"].read_text())["totals"]
            theirs = json.loads(out["t.json"].read_text())["totals"]
            print_table(body, ours, theirs)
    if args.save:
        args.save.write_text(json.dumps(folds, indent=1))
    return 0


def run_peers(bench: Path, cache: Path, tmp: Path, quick: bool) -> dict[str, dict[str, Any]]:
    """Score the peer-page cache with the same two scripts; one fold a source, then 'peers'."""
    body_args = ["--data-dir", str(cache), "--n-bootstrap", "0"]
    out = score_runs(bench, tmp, "peer-", quick, body_args, ["--holdout", str(cache)])
    return peer_fold_table(source_of(cache), out)


def score_runs(
    bench: Path, tmp: Path, prefix: str, quick: bool, body_args: list[str], meta_args: list[str]
) -> dict[str, Path]:
    """Run the shared body benchmark (both extractors; not when quick) and the metadata
    benchmark (presswatch, and trafilatura when not quick), each with its extra arguments;
    their output files by name."""
    names = ("b.json", "b.tsv", "o.json", "o.jsonl", "t.json", "t.jsonl")
    out = {name: tmp / f"{prefix}{name}" for name in names}
    if not quick:
        run(
            [
                sys.executable,
                str(bench / "extraction_eval.py"),
                THEIRS,
                "--callable",
                OURS,
                *body_args,
                "--json-out",
                str(out["b.json"]),
                "--per-page",
                str(out["b.tsv"]),
            ]
        )
    for spec, name, extra in (
        ("crawler.extract:extract_article", "o", []),
        ("bench.extraction:trafilatura_article", "t", ["--sys-path", str(ROOT)]),
    )[: 1 if quick else 2]:
        run(
            [
                sys.executable,
                str(bench / "metadata_eval.py"),
                spec,
                *extra,
                *meta_args,
                "--jobs",
                "2",
                "--json",
                str(out[f"{name}.json"]),
                "--details",
                str(out[f"{name}.jsonl"]),
            ]
        )
    return out


def peer_fold_table(sources: dict[str, str], out: dict[str, Path]) -> dict[str, dict[str, Any]]:
    """{source: {side: figures}} and a 'peers' row over all of them, from the per-page outputs."""
    names = [*sorted(set(sources.values())), "peers"]
    table: dict[str, dict[str, Any]] = {n: {side: _empty() for side in _SIDES} for n in names}
    if out["b.tsv"].exists():
        for line in out["b.tsv"].read_text().splitlines()[1:]:
            extractor, page_id, precision, recall, *_ = line.split("\t")
            side = {OURS: "presswatch", THEIRS: "trafilatura"}.get(extractor, "")
            for name in (sources.get(page_id, ""), "peers") if side else ():
                _add_body(table[name][side], precision, recall)
    for side, file in (("presswatch", "o.jsonl"), ("trafilatura", "t.jsonl")):
        if out[file].exists():
            for row in map(json.loads, out[file].read_text().splitlines()):
                for name in (sources.get(row["id"], ""), "peers"):
                    _add_dev(table[name][side], row)
    for name in names:
        for side in _SIDES:
            table[name][side] = _figures(table[name][side])
        table[name]["domains"] = 1 if name != "peers" else len(names) - 1
    return table


# --------------------------------------------------------------------------- folds

_SIDES = ("presswatch", "trafilatura")


def fold_table(shared: Path, folds: int, out: dict[str, Path]) -> dict[str, dict[str, Any]]:
    """{fold name: {side: figures}} for every fold and 'all', from the per-page outputs."""
    datasets = shared / "datasets"
    aeb = json.loads((datasets / "article-extraction-benchmark" / "ground-truth.json").read_text())
    dev_index = datasets / "news-metadata-dev" / "index.jsonl"
    dev_urls = {
        entry["id"]: entry.get("url", "")
        for entry in map(json.loads, dev_index.read_text().splitlines())
    }
    names = [f"fold {i}" for i in range(folds)] + ["all"]
    table: dict[str, dict[str, Any]] = {n: {side: _empty() for side in _SIDES} for n in names}

    def targets(url: str) -> list[str]:
        return [f"fold {fold_of(url, folds)}", "all"]

    domains: dict[str, set[str]] = {n: set() for n in names}
    body_lines = out["b.tsv"].read_text().splitlines()[1:] if out["b.tsv"].exists() else []
    for line in body_lines:
        extractor, page_id, precision, recall, *_ = line.split("\t")
        side = {OURS: "presswatch", THEIRS: "trafilatura"}.get(extractor, "")
        url = aeb.get(page_id, {}).get("url", "")
        for name in targets(url) if side else []:
            _add_body(table[name][side], precision, recall)
            domains[name].add(domain_of(url))
    for side, name in (("presswatch", "o.jsonl"), ("trafilatura", "t.jsonl")):
        if not out[name].exists():
            continue
        for row in map(json.loads, out[name].read_text().splitlines()):
            url = dev_urls.get(row["id"], "")
            for fold in targets(url):
                _add_dev(table[fold][side], row)
                domains[fold].add(domain_of(url))
    for name in names:
        for side in _SIDES:
            table[name][side] = _figures(table[name][side])
        table[name]["domains"] = len(domains[name])
    return table


def _empty() -> dict[str, float]:
    keys = ("aeb_pages", "recall_sum", "precision_sum", "precision_n", "dev_pages")
    more = ("mc_n", "mc_hit", "title_n", "title_norm", "date_n", "date_ok", "authors_n")
    return dict.fromkeys((*keys, *more, "authors_f1"), 0.0)


def _add_body(agg: dict[str, float], precision: str, recall: str) -> None:
    agg["aeb_pages"] += 1
    agg["recall_sum"] += float(recall or 0)
    if precision:
        agg["precision_sum"] += float(precision)
        agg["precision_n"] += 1


def _add_dev(agg: dict[str, float], row: dict[str, Any]) -> None:
    agg["dev_pages"] += 1
    agg["mc_n"] += row.get("mc_n", 0)
    agg["mc_hit"] += row.get("mc_hit", 0)
    if "title_norm" in row:
        agg["title_n"] += 1
        agg["title_norm"] += bool(row["title_norm"])
    if "date_ok" in row:
        agg["date_n"] += 1
        agg["date_ok"] += bool(row["date_ok"])
    if "authors_f1" in row:
        agg["authors_n"] += 1
        agg["authors_f1"] += row["authors_f1"]


def _ratio(num: float, den: float, scale: float = 100.0) -> float | None:
    return scale * num / den if den else None


def _figures(agg: dict[str, float]) -> dict[str, Any]:
    """Body F1 as extraction_eval computes it (F1 of the mean precision and mean recall)."""
    precision = _ratio(agg["precision_sum"], agg["precision_n"], 1.0) or 0.0
    recall = _ratio(agg["recall_sum"], agg["aeb_pages"], 1.0) or 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "aeb_pages": int(agg["aeb_pages"]),
        "dev_pages": int(agg["dev_pages"]),
        "body_f1": f1 if agg["aeb_pages"] else None,
        "title": _ratio(agg["title_norm"], agg["title_n"]),
        "date": _ratio(agg["date_ok"], agg["date_n"]),
        "authors_f1": _ratio(agg["authors_f1"], agg["authors_n"]),
        "snippets": _ratio(agg["mc_hit"], agg["mc_n"]),
    }


_FOLD_COLUMNS = (
    ("body F1", "body_f1", "{:.3f}"),
    ("title %", "title", "{:.1f}"),
    ("date %", "date", "{:.1f}"),
    ("authors F1", "authors_f1", "{:.1f}"),
    ("snippets %", "snippets", "{:.1f}"),
)


def _cell(figures: dict[str, Any], key: str, form: str) -> str:
    value = figures.get(key)
    return "-" if value is None else form.format(value)


def print_folds(
    folds: dict[str, dict[str, Any]], baseline: dict[str, dict[str, Any]] | None
) -> None:
    """One row a fold: pages, then each measure as presswatch / trafilatura (and the baseline's
    presswatch figure first, 'before>after', when one is given)."""
    print("\nper outlet fold: presswatch / trafilatura" + (" (baseline>now)" if baseline else ""))
    head = f"{'fold':11} {'outlets':>7} {'body':>4} {'meta':>4}"
    width = 21 if baseline else 15
    head += "".join(f" {label:>{width}}" for label, _, _ in _FOLD_COLUMNS)
    print(head)
    for name, row in folds.items():
        ours, theirs = row["presswatch"], row["trafilatura"]
        line = f"{name:11} {row['domains']:>7} {ours['aeb_pages']:>4} {ours['dev_pages']:>4}"
        for _, key, form in _FOLD_COLUMNS:
            now = _cell(ours, key, form)
            if baseline and name in baseline:
                now = f"{_cell(baseline[name]['presswatch'], key, form)}>{now}"
            line += f" {now + ' / ' + _cell(theirs, key, form):>{width}}"
        print(line)


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
        "body": (body[THEIRS], body[OURS]),
        "meta": (_meta(theirs, "ALL (unique pages)"), _meta(ours, "ALL (unique pages)")),
    }
    print(f"\n{'measure':42} {'trafilatura':>12} {'presswatch':>11} {'target':>9}")
    for name, kind, figure, target in ROWS:
        them, us = sides[kind]
        print(f"{name:42} {figure(them):>12} {figure(us):>11} {target:>9}")


if __name__ == "__main__":
    sys.exit(main())
