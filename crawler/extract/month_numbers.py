"""The month each month name of every dateparser locale stands for, read from a cache file.

Dates are found in text with regexes first (crawler.extract.dates), and those know the
month names of a few languages by heart. Pages in the other ones write "13 gusht 2020",
"19 sierpnia 2020" or "23 Març 2020", which no pattern read, so htmldate's last-resort search
fell on a copyright year or a related story's date instead. dateparser's 200 locales know
those names, but loading them costs 15 MB in every extraction worker; as for htmldate's
month words (crawler.extract.month_words), a child process reads them once per machine into
presswatch's cache folder, and each worker keeps only the name -> month table.

A name two locales give different months ("listopad": October in Croatian, November in
Czech and Polish) goes to the month most locales give it, and is left out on a tie; so are
names shorter than three letters and names that are more than one word or hold digits.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from pathlib import Path

from crawler.extract.langid_model import cache_root
from crawler.extract.month_words import cached_json

MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_COMPUTE = (
    "import importlib, json, pkgutil, sys; "
    "import dateparser.data.date_translation_data as data; "
    "keys = " + repr(MONTH_KEYS) + "; "
    "infos = {m.name: importlib.import_module(data.__name__ + '.' + m.name).info "
    "for m in pkgutil.iter_modules(data.__path__)}; "
    "json.dump({name: [info.get(key, []) for key in keys] for name, info in infos.items()}, "
    "sys.stdout, ensure_ascii=False, sort_keys=True)"
)
MIN_NAME_CHARS = 3


def month_key(name: str) -> str:
    """A month name as the table keys it: NFKC, case folded, without a trailing dot."""
    return unicodedata.normalize("NFKC", name).casefold().strip().rstrip(".")


def locale_month(name: str) -> int:
    """The month (1-12) `name` stands for in dateparser's locales; 0 when none or unsure."""
    return month_table().get(month_key(name), 0)


@functools.cache
def month_table() -> dict[str, int]:
    """Name -> month of every locale, from the cache (computed into it when missing); empty
    when the cache cannot be written or read."""
    locales = cached_json(_cache_file(), _COMPUTE)
    if not isinstance(locales, dict):
        return {}
    return build_table(locales)


def build_table(locales: dict[str, list[list[str]]]) -> dict[str, int]:
    """Name -> month from each locale's twelve lists of names (January first)."""
    votes: dict[str, Counter[int]] = {}
    for months in locales.values():
        for number, names in enumerate(months[: len(MONTH_KEYS)], 1):
            for name in {month_key(name) for name in names if isinstance(name, str)}:
                if _usable(name):
                    votes.setdefault(name, Counter())[number] += 1
    table = {}
    for name, counts in votes.items():
        (first, first_votes), *rest = counts.most_common(2)
        if not rest or rest[0][1] < first_votes:
            table[name] = first
    return table


def _usable(name: str) -> bool:
    return len(name) >= MIN_NAME_CHARS and name.isalpha()


def _cache_file() -> Path:
    from importlib.metadata import version

    return cache_root() / f"month-numbers-dateparser-{version('dateparser')}.json"
