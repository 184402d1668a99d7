"""Shared fixtures: a fixture news site on 127.0.0.1, a real crawl of it, and the CLI runners."""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from crawler.demo.server import SiteServer
from tests.fixture_site import build_fixture_site

FIXTURE_SITE_ID = "harbour-courier"


def fixture_config(base_url: str, **overrides: str) -> str:
    """A config crawling the fixture site fast (no delay), print URLs not excluded."""
    extra = "".join(f"{key} = {value}\n" for key, value in overrides.items())
    return f"""
[defaults]
user_agent = "presswatch-tests/1.0 (+mailto:tests@example.org)"
download_delay = 0
concurrency_per_domain = 8
index_batch_size = 10
download_timeout = 10

[[site]]
id = "{FIXTURE_SITE_ID}"
name = "The Harbour Courier"
domains = ["127.0.0.1"]
feeds = ["{base_url}/rss.xml", "{base_url}/atom.xml"]
sitemaps = ["{base_url}/sitemap.xml"]
start_urls = ["{base_url}/"]
article_pattern = '/\\w+/\\d{{4}}/\\d{{2}}/\\d{{2}}/[\\w-]+\\.html'
language = ["en", "zh"]
timezone = "Europe/London"
max_depth = 2
{extra}"""


def run_cli(
    *args: str, cwd: Path | None = None, timeout: float = 180, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `presswatch ARGS` in a subprocess, as a user would, and capture its output."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("PRESSWATCH_")}
    full_env = {**inherited, "COLUMNS": "200", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "search", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        env=full_env,
        check=False,
    )


@dataclass(frozen=True)
class CliResult:
    """What an in-process run of the CLI left: the fields tests read from a subprocess."""

    returncode: int
    stdout: str
    stderr: str


def invoke_cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> CliResult:
    """Run `presswatch ARGS` in this process through click's CliRunner, as run_cli would.

    For commands that only need the CLI, not a process: no interpreter start-up per call.
    The environment is run_cli's (no PRESSWATCH_* variables, COLUMNS=200); log records
    reach stderr as in a fresh process (Python's last-resort handler, WARNING and up).
    An exception other than the command's exit is raised again with the output so far.
    """
    from click.testing import CliRunner

    from search.cli import cli

    cleared: dict[str, str | None] = {k: None for k in os.environ if k.startswith("PRESSWATCH_")}
    runner = CliRunner(env={**cleared, "COLUMNS": "200", **(env or {})})
    root = logging.getLogger()
    pytest_handlers = root.handlers[:]
    root.handlers.clear()  # pytest's capture handlers would hide what a process prints
    try:
        with contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext():
            result = runner.invoke(cli, list(args), prog_name="presswatch")
    finally:
        root.handlers[:] = pytest_handlers
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        result.exception.add_note(f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}")
        raise result.exception.with_traceback(result.exc_info[2] if result.exc_info else None)
    return CliResult(result.exit_code, result.stdout, result.stderr)


@pytest.fixture(scope="session")
def fixture_site() -> Iterator[SiteServer]:
    """The fixture news site (demo outlet plus crawler traps), served for the whole session."""
    with SiteServer(build_fixture_site) as server:
        yield server


@dataclass
class CrawledArchive:
    """A data directory filled by one real crawl of the fixture site."""

    config: Path
    data: Path
    result: subprocess.CompletedProcess[str]
    requests: list[str]

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a command against this archive in a subprocess."""
        return run_cli("--config", str(self.config), "--data", str(self.data), *args)

    def invoke(self, *args: str) -> CliResult:
        """Run a command against this archive in this process (see invoke_cli)."""
        return invoke_cli("--config", str(self.config), "--data", str(self.data), *args)


@pytest.fixture(scope="session")
def crawled(fixture_site: SiteServer, tmp_path_factory: pytest.TempPathFactory) -> CrawledArchive:
    """Crawl the fixture site once with the real CLI; tests read the archive it leaves."""
    root = tmp_path_factory.mktemp("archive")
    config = root / "sites.toml"
    config.write_text(fixture_config(fixture_site.base_url), encoding="utf-8")
    first_request = len(fixture_site.requests)
    result = run_cli("--config", str(config), "--data", str(root / "data"), "crawl")
    return CrawledArchive(
        config=config,
        data=root / "data",
        result=result,
        requests=list(fixture_site.requests[first_request:]),
    )
