"""htmldate's month names of every dateparser locale, read from a cache file.

htmldate asks ``month_words()`` before it hands a text to the free-text date parser, and
that function loads all 200 of dateparser's locales to collect their month names: 197
modules, about 5 MB kept in each extraction worker for the rest of the crawl.  The names
depend only on the versions of htmldate and dateparser, so they are computed once per
machine, in a child process, and kept in presswatch's cache folder; every worker then
reads 2,235 names from a file.  When the cache cannot be written or read, htmldate's own
function stays.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from crawler.extract.langid_model import cache_root

logger = logging.getLogger(__name__)

_COMPUTE = (
    "import json, sys; from htmldate.extractors import month_words; "
    "json.dump(sorted(month_words()), sys.stdout, ensure_ascii=False)"
)
_COMPUTE_TIMEOUT = 120


@functools.cache
def use_cached_month_words() -> None:
    """Give htmldate the month names from the cache (computed into it when missing)."""
    import htmldate.extractors

    words = cached_month_words()
    if words is not None:
        htmldate.extractors.month_words = lambda: words  # type: ignore[assignment]


def cached_month_words() -> frozenset[str] | None:
    """The names from the cache file of these versions, computed first when missing."""
    names = cached_json(_cache_file(), _COMPUTE)
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        return None
    return frozenset(names)


def _cache_file() -> Path:
    from importlib.metadata import version

    versions = f"htmldate-{version('htmldate')}-dateparser-{version('dateparser')}"
    return cache_root() / f"month-words-{versions}.json"


def cached_json(path: Path, code: str) -> Any:
    """The JSON in the cache file `path`, which `code` prints (run when the file is missing);
    None when it can be neither written nor read."""
    if not path.is_file():
        _write(path, code)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        logger.debug("cache unreadable: %s", path, exc_info=True)
        return None


def _write(path: Path, code: str) -> None:
    """Run `code` in a child process (the locales it loads die with it) and write what it
    prints to `path`, atomically; a failure leaves no file and is only logged."""
    try:
        found = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            check=True,
            timeout=_COMPUTE_TIMEOUT,
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, staging = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-")
        with os.fdopen(handle, "wb") as staged:
            staged.write(found.stdout)
        os.replace(staging, path)
    except (OSError, subprocess.SubprocessError):
        logger.debug("month names cache not written: %s", path, exc_info=True)
