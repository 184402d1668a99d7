"""Where the CLI's config and data live, and opening the store and index with clear errors."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from crawler.config import Config, ConfigError, load_config
from crawler.store import STORE_FILENAME, ArticleStore, StoreError
from crawler.store.lock import DataLock, LockedError, UnsafeLockError
from crawler.store.run_log import RUNS_FILENAME
from search.cli.errors import EXIT_LOCKED, EXIT_UNUSABLE, EXIT_USAGE, CliError

if TYPE_CHECKING:
    from indexer.index import ArticleIndex
    from search.searcher import SearchFilters

DEFAULT_CONFIG = Path("config/sites.toml")
DEFAULT_DATA = Path("data")
INDEX_DIRNAME = "index"


@dataclass(frozen=True)
class Paths:
    """The config file and data directory a command works on (absolute)."""

    config: Path
    data: Path

    @property
    def index_dir(self) -> Path:
        """Where the Whoosh index lives."""
        return self.data / INDEX_DIRNAME


def resolve_paths(config: str | None, data: str | None) -> Paths:
    """Flags win over the environment, which wins over the defaults; made absolute."""
    config_path = Path(config or os.environ.get("PRESSWATCH_CONFIG") or DEFAULT_CONFIG)
    data_path = Path(data or os.environ.get("PRESSWATCH_DATA") or DEFAULT_DATA)
    return Paths(config=config_path.resolve(), data=data_path.resolve())


def read_config(paths: Paths) -> Config:
    """The validated config, or a one-line CliError (exit 2)."""
    try:
        return load_config(paths.config)
    except ConfigError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc


def no_archive(paths: Paths) -> CliError:
    """The error of a command that reads an archive, given a data directory that is not there."""
    return CliError(
        f"no archive in {paths.data} (no such directory): check --data or PRESSWATCH_DATA, "
        "or run `presswatch crawl` to start one",
        EXIT_UNUSABLE,
    )


def open_store(paths: Paths, create: bool = False) -> ArticleStore:
    """The article store, or a one-line CliError (exit 4)."""
    if not create and not paths.data.is_dir():
        raise no_archive(paths)
    try:
        return ArticleStore.open(paths.data, create=create)
    except StoreError as exc:
        raise CliError(str(exc), EXIT_UNUSABLE) from exc


def open_index(paths: Paths, create: bool = False) -> ArticleIndex:
    """The Whoosh index, or a one-line CliError saying to run `presswatch reindex` (exit 4)."""
    from indexer.index import ArticleIndex, PresswatchIndexError

    if not create and not paths.data.is_dir():
        raise no_archive(paths)
    try:
        return ArticleIndex.open(paths.index_dir, create=create)
    except PresswatchIndexError as exc:
        raise CliError(str(exc), EXIT_UNUSABLE) from exc


@contextmanager
def reading_index(paths: Paths) -> Iterator[None]:
    """One line (exit 4) for an unexpected error while a command reads the index: Whoosh
    checks a segment's files only as a search reads them, so a file damaged on disk shows
    up here, as "Block tag error" or a failed unpickle, and not when the index opens."""
    from indexer.index import PresswatchIndexError
    from search.query import QuerySyntaxError

    try:
        yield
    except (click.ClickException, QuerySyntaxError, PresswatchIndexError):
        raise
    except Exception as exc:
        raise CliError(
            f"reading the search index at {paths.index_dir} failed "
            f"({type(exc).__name__}: {exc}); if its files are damaged, `presswatch reindex` "
            "rebuilds it from the store, where nothing is lost",
            EXIT_UNUSABLE,
        ) from exc


@contextmanager
def write_lock(paths: Paths, purpose: str, creates: bool = False) -> Iterator[None]:
    """Hold the data directory's write lock, or fail at once with exit code 3 (exit 4 when
    the lock file is a symbolic link). Only a command that ``creates`` an archive (crawl,
    import, ingest) may start one in a directory that is not there."""
    if not creates and not paths.data.is_dir():
        raise no_archive(paths)
    lock = DataLock(paths.data, purpose)
    try:
        lock.acquire()
    except LockedError as exc:
        raise CliError(str(exc), EXIT_LOCKED) from exc
    except UnsafeLockError as exc:
        raise CliError(str(exc), EXIT_UNUSABLE) from exc
    try:
        yield
    finally:
        lock.release()


def presswatch_argv() -> list[str]:
    """The command line that runs presswatch in a child process (one crawl per process).

    `-P` keeps the current folder off `sys.path`, so a stray `search.py` or `crawler/` there
    can never run instead of the installed presswatch.
    """
    return [sys.executable, "-P", "-m", "search"]


@dataclass(frozen=True)
class _FilterKind:
    """A filter option checked against the archive and the config."""

    option: str
    field: str  # the index field it filters
    what: str  # the error's words before the value
    configured: Callable[[Config], set[str]]


_SITES = _FilterKind("site", "site", "site with id", lambda c: {s.id for s in c.sites})
_LANGUAGES = _FilterKind(
    "lang",
    "language",
    "article in language",
    lambda c: {code.lower() for s in c.sites for code in s.languages},
)
_COUNTRIES = _FilterKind(
    "country", "country", "site in country", lambda c: {s.country for s in c.sites if s.country}
)


def check_filters(paths: Paths, index: ArticleIndex, filters: SearchFilters) -> None:
    """Refuse (exit 2) a --site, --lang or --country value that neither the archive nor the
    config knows: a typo ('--lang english', '--country UK') would otherwise read as a
    language or country with no coverage. Called when a search found nothing."""
    for kind, wanted in (
        (_SITES, filters.sites),
        (_LANGUAGES, filters.languages),
        (_COUNTRIES, filters.countries),
    ):
        if wanted:
            _refuse_unknown(paths, kind, wanted, index.terms(kind.field))


def check_stored_site(paths: Paths, store: ArticleStore, site: str | None) -> None:
    """Refuse (exit 2) a --site that neither the store nor the config knows (a typo would
    read as a site with nothing to show)."""
    if site and not store.count(site):
        _refuse_unknown(paths, _SITES, [site], set())


def _refuse_unknown(paths: Paths, kind: _FilterKind, values: list[str], stored: set[str]) -> None:
    """Raise for the first of ``values`` neither ``stored`` nor in the config (read only
    when some value is not stored)."""
    known = set(stored)
    if all(value in known for value in values):
        return
    with suppress(ConfigError):  # no usable config: what is stored is all there is
        known |= kind.configured(load_config(paths.config))
    unknown = [value for value in values if value not in known]
    if unknown:
        listed = ", ".join(sorted(known)) or "none yet"
        raise CliError(
            f"no {kind.what} {unknown[0]!r} in the archive or the config "
            f"(--{kind.option} values there: {listed})",
            EXIT_USAGE,
        )


_ARCHIVE_FILES = (STORE_FILENAME, RUNS_FILENAME)  # and their -wal/-shm, and the *.lock files


def refuse_archive_files(paths: Paths, *outputs: Path) -> None:
    """Refuse (exit 2) to write an output over the archive itself: its store, run history or
    locks, or anything in its folders (index, logs, warc)."""
    data = paths.data.resolve()
    for output in outputs:
        where = output.resolve()
        if not where.is_relative_to(data) or where == data:
            continue
        inside = where.relative_to(data)
        name = inside.name
        if len(inside.parts) > 1 or name.endswith(".lock") or name.startswith(_ARCHIVE_FILES):
            raise CliError(
                f"{output} is part of the archive in {paths.data}: write the export elsewhere",
                EXIT_USAGE,
            )
