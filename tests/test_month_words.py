"""htmldate's month names come from a cache file, not from every dateparser locale."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.extract.month_words import cached_month_words

_LOADED = (
    "import sys; from datetime import datetime; {install}"
    "from htmldate.extractors import has_date_cue; "
    "has_date_cue('le 3 tammikuuta', datetime(2000, 1, 1), datetime(2030, 1, 1)); "
    "print(sum(m.startswith('dateparser.data.date_translation_data.') for m in sys.modules))"
)


def _locales_loaded(install: str, cache: Path) -> int:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    code = _LOADED.format(install=install)
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert found.returncode == 0, found.stderr
    return int(found.stdout)


def test_the_cached_names_are_htmldates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from htmldate.extractors import month_words

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    names = cached_month_words()
    assert names == month_words() and len(names) > 1000
    (cache,) = (tmp_path / "presswatch").glob("month-words-htmldate-*-dateparser-*.json")
    assert json.loads(cache.read_text(encoding="utf-8")) == sorted(names)
    cache.write_text('["janvier"]', encoding="utf-8")  # read from the file from now on
    assert cached_month_words() == {"janvier"}


def test_htmldates_gate_no_longer_loads_every_locale(tmp_path: Path) -> None:
    install = (
        "from crawler.extract.month_words import use_cached_month_words; use_cached_month_words(); "
    )
    assert _locales_loaded("", tmp_path) > 150
    assert _locales_loaded(install, tmp_path) < 20


def test_an_unwritable_cache_leaves_htmldates_own(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(blocker)}  # a file: no folder can be made in it
    code = (
        "import htmldate.extractors as h; own = h.month_words; "
        "from crawler.extract.month_words import use_cached_month_words; "
        "use_cached_month_words(); print(h.month_words is own)"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert found.stdout.strip() == "True", found.stderr
