"""An import stopped by SIGTERM finishes the pages in flight, indexes them and exits 1."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.demo.site import DEMO_ARTICLES
from tests.fixture_site import build_fixture_site
from tests.test_warc_import import warc_config
from tests.test_warc_import_kill import _copy, _count
from tests.warc_files import BASE_URL, write_warc

pytestmark = pytest.mark.slow


def test_sigterm_stops_an_import_cleanly(tmp_path: Path) -> None:
    pages = build_fixture_site(BASE_URL)
    entries = [_copy(pages[a.path], a.path, n) for n in range(4) for a in DEMO_ARTICLES]
    warc = write_warc(tmp_path / "many.warc.gz", entries)
    config = tmp_path / "sites.toml"
    config.write_text(warc_config(), encoding="utf-8")
    data = tmp_path / "data"
    args = ["--config", str(config), "--data", str(data), "import-warc", str(warc), "--json"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRESSWATCH_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "search", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    while _count(data, "SELECT count(*) FROM articles") < 5 and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 1, err
    report = json.loads(out)
    assert report["interrupted"] and not report["ok"]
    stored = _count(data, "SELECT count(*) FROM articles")
    assert 5 <= stored < len(entries)
    assert _count(data, "SELECT count(*) FROM articles WHERE indexed_version < version") == 0
