"""Imports run one way (crawler <- indexer <- search); Scrapy loads only when a crawl runs."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def package_imports(package: str) -> dict[str, set[str]]:
    return {str(p.relative_to(ROOT)): imported_modules(p) for p in (ROOT / package).rglob("*.py")}


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("crawler", ("indexer", "search", "whoosh")),
        ("indexer", ("search", "scrapy", "twisted")),
        ("search", ("scrapy", "twisted")),
    ],
)
def test_imports_run_one_way(package: str, forbidden: tuple[str, ...]) -> None:
    for path, modules in package_imports(package).items():
        bad = {m for m in modules if m.split(".")[0] in forbidden}
        assert not bad, f"{path} imports {sorted(bad)}"


def test_indexer_uses_only_the_crawler_model_and_store() -> None:
    for path, modules in package_imports("indexer").items():
        crawler = {m for m in modules if m.split(".")[0] == "crawler"}
        assert crawler <= {"crawler.model", "crawler.store"}, f"{path} imports {crawler}"


def test_search_command_does_not_load_scrapy() -> None:
    code = (
        "import sys; from search.cli import cli; "
        "print(any(m.split('.')[0] in ('scrapy', 'twisted') for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "False"
