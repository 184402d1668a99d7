"""`presswatch demo`: the README's first command, run as a user runs it, twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.demo.site import DEMO_ARTICLES
from tests.conftest import run_cli

pytestmark = pytest.mark.slow  # the demo: a real server, crawl and index in a subprocess, twice


def test_demo_serves_crawls_indexes_and_searches_then_fetches_only_what_is_new(
    tmp_path: Path,
) -> None:
    first = run_cli("--data", str(tmp_path / "demo"), "demo", cwd=tmp_path)
    assert first.returncode == 0, first.stderr + first.stdout
    assert f"{len(DEMO_ARTICLES)} new" in first.stdout
    assert "$ presswatch search '\"soft power\" AND china'" in first.stdout
    assert "Second in the world! China's soft power is rapidly improving" in first.stdout
    assert "全球第二！中国软实力快速提升" in first.stdout
    again = run_cli("--data", str(tmp_path / "demo"), "demo", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "total: 1 sites" in again.stdout and " 0 new, 0 updated, 0 duplicate" in again.stdout
