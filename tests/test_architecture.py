"""The rooms of the code: imports run crawler <- indexer <- search, each concern in its folder.

- crawler/extract/ is pure: no Scrapy, Twisted, SQLite, store or crawl runtime;
- only crawler/crawl/ imports Scrapy or Twisted (and they load only when a crawl runs);
- redis and rq load only when a cluster command runs (a local crawl never needs them);
- only crawler/store/ imports sqlite3 or executes SQL;
- search/ outside search/cli/ never imports click or rich, nor the CLI.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SQL_METHODS = {"execute", "executemany", "executescript"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def sql_calls(path: Path) -> list[int]:
    """Lines calling .execute/.executemany/.executescript (how SQL runs through sqlite3)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in SQL_METHODS
    ]


def modules_under(folder: str, outside: str | None = None) -> dict[str, set[str]]:
    paths = (ROOT / folder).rglob("*.py")
    return {
        str(p.relative_to(ROOT)): imported_modules(p)
        for p in paths
        if outside is None or not p.is_relative_to(ROOT / outside)
    }


def roots(modules: set[str], prefixes: tuple[str, ...]) -> set[str]:
    return {m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes)}


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("crawler", ("indexer", "search", "whoosh")),
        ("indexer", ("search", "scrapy", "twisted")),
        ("search", ("scrapy", "twisted")),
    ],
)
def test_imports_run_one_way(package: str, forbidden: tuple[str, ...]) -> None:
    for path, modules in modules_under(package).items():
        bad = roots(modules, forbidden)
        assert not bad, f"{path} imports {sorted(bad)}"


def test_indexer_uses_only_the_crawler_model_and_store() -> None:
    # crawler.process: the indexer's own process dies with the crawl, as extraction workers do;
    # crawler.child: it is started as they are.
    for path, modules in modules_under("indexer").items():
        crawler = roots(modules, ("crawler",))
        allowed = roots(
            crawler, ("crawler.model", "crawler.store", "crawler.process", "crawler.child")
        )
        assert crawler == allowed, f"{path} imports {sorted(crawler - allowed)}"


def test_extraction_is_pure() -> None:
    forbidden = ("scrapy", "twisted", "sqlite3", "crawler.store", "crawler.crawl", "crawler.demo")
    for path, modules in modules_under("crawler/extract").items():
        bad = roots(modules, forbidden)
        assert not bad, f"{path} imports {sorted(bad)}: extraction must stay a pure function"


def test_only_the_crawl_runtime_imports_scrapy() -> None:
    for package in ("crawler", "indexer", "search"):
        for path, modules in modules_under(package, outside="crawler/crawl").items():
            bad = roots(modules, ("scrapy", "twisted"))
            assert not bad, f"{path} imports {sorted(bad)}: Scrapy belongs in crawler/crawl/"


def test_only_the_store_runs_sql() -> None:
    for package in ("crawler", "indexer", "search"):
        for path in (ROOT / package).rglob("*.py"):
            if path.is_relative_to(ROOT / "crawler" / "store"):
                continue
            where = str(path.relative_to(ROOT))
            assert "sqlite3" not in roots(imported_modules(path), ("sqlite3",)), (
                f"{where} imports sqlite3: SQL belongs in crawler/store/"
            )
            assert not sql_calls(path), f"{where} runs SQL at lines {sql_calls(path)}"


def test_the_search_library_knows_no_command_line() -> None:
    for path, modules in modules_under("search", outside="search/cli").items():
        if path.endswith("__main__.py"):
            continue  # `python -m search` is the command line's own entry point
        bad = roots(modules, ("click", "rich", "search.cli"))
        assert not bad, f"{path} imports {sorted(bad)}: the library never prints"


def test_the_architecture_test_sees_violations(tmp_path: Path) -> None:
    """The checks above read real code: a planted violation is found."""
    planted = tmp_path / "planted.py"
    planted.write_text("import sqlite3\nfrom scrapy import Spider\nc.execute('SELECT 1')\n")
    assert roots(imported_modules(planted), ("sqlite3", "scrapy")) == {
        "sqlite3",
        "scrapy",
        "scrapy.Spider",
    }
    assert sql_calls(planted) == [3]


def test_search_command_does_not_load_scrapy() -> None:
    code = (
        "import sys; from search.cli import cli; "
        "print(any(m.split('.')[0] in ('scrapy', 'twisted', 'redis', 'rq') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "False"


def test_a_stray_module_in_the_current_folder_cannot_shadow_presswatch(tmp_path: Path) -> None:
    """Children are started with -P: a search.py where the user stands is never run."""
    from search.cli.context import presswatch_argv

    (tmp_path / "search.py").write_text("raise SystemExit('the stray search.py ran')\n")
    result = subprocess.run(
        [*presswatch_argv(), "--help"], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "Usage: presswatch" in result.stdout
