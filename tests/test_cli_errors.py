"""What a user sees when something is wrong: one clear line and the documented exit code."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.demo.site import DEMO_ARTICLES
from crawler.store.lock import DataLock
from search.cli import cli
from tests.conftest import CrawledArchive, invoke_cli, run_cli
from tests.fixture_site import FIXTURE_EXTRAS


def test_bad_config_is_one_line_and_exit_2(tmp_path: Path) -> None:
    # A subprocess: `crawl` installs a SIGTERM handler and loads Scrapy before reading the config.
    config = tmp_path / "sites.toml"
    config.write_text(
        '[[site]]\nid = "x"\nname = "X"\ndomains = ["x.test"]\n'
        'feeds = ["https://x.test/rss"]\ntimezone = "Mars/Olympus"\n'
    )
    result = run_cli("--config", str(config), "--data", str(tmp_path / "d"), "crawl")
    assert result.returncode == 2
    assert result.stderr == (
        f"Error: {config}: site 'x' key 'timezone': unknown timezone 'Mars/Olympus' "
        "(an IANA name such as 'Europe/London' or 'Asia/Shanghai')\n"
    )
    assert not (tmp_path / "d" / "articles.sqlite3").exists()  # nothing was crawled


def test_missing_config_path_is_absolute(tmp_path: Path) -> None:
    result = invoke_cli("sites", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        f"Error: config file not found: {tmp_path / 'config' / 'sites.toml'} "
        "(give one with --config or PRESSWATCH_CONFIG)\n"
    )


@pytest.mark.slow
def test_bad_query_is_one_line_and_exit_2(crawled: CrawledArchive) -> None:
    result = crawled.invoke("search", '"soft power')
    assert result.returncode == 2
    assert result.stderr.startswith("Error: bad query: ")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    unknown = crawled.invoke("search", "colour:red")
    assert unknown.returncode == 2 and "colour" in unknown.stderr


def test_missing_index_says_to_reindex_and_exit_4(tmp_path: Path) -> None:
    result = invoke_cli("--data", str(tmp_path), "search", "china")
    assert result.returncode == 4
    assert result.stderr.count("\n") == 1
    assert "presswatch reindex" in result.stderr and str(tmp_path) in result.stderr


@pytest.mark.slow
def test_second_writer_exits_3_at_once(crawled: CrawledArchive) -> None:
    # Subprocesses: the lock is held by this process, the writers must be other processes.
    with DataLock(crawled.data, "test holding the lock"):
        result = crawled.cli("crawl")
        index = crawled.cli("index")
    assert result.returncode == 3 and index.returncode == 3
    assert "is in use by another presswatch process (pid " in result.stderr
    assert "test holding the lock" in result.stderr


@pytest.mark.slow
def test_reindex_then_index_keep_search_working(crawled: CrawledArchive) -> None:
    before = crawled.invoke("search", "*", "--json").stdout
    rebuilt = crawled.invoke("reindex")
    assert rebuilt.returncode == 0 and "articles" in rebuilt.stdout
    assert crawled.invoke("index").stdout.startswith("indexed 0 articles; 0 left")
    after = crawled.invoke("search", "*", "--json").stdout
    assert (
        f'"total": {len(DEMO_ARTICLES) + len(FIXTURE_EXTRAS.articles)}' in after
        and before.split('"hits"')[0] == after.split('"hits"')[0]
    )


@pytest.mark.slow
def test_options_before_or_after_the_command_after_wins(
    crawled: CrawledArchive, tmp_path: Path
) -> None:
    after = invoke_cli(
        "--data",
        str(tmp_path / "empty"),
        "--config",
        str(crawled.config),
        "search",
        "china",
        "--data",
        str(crawled.data),
        "--json",
    )
    assert after.returncode == 0, after.stderr
    env = invoke_cli(
        "search", "china", "--json", env={"PRESSWATCH_DATA": str(crawled.data)}, cwd=tmp_path
    )
    assert env.returncode == 0 and env.stdout == after.stdout


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = invoke_cli(command, "--help")
    assert result.returncode == 0
    assert "Example:" in result.stdout and "presswatch" in result.stdout


def test_version() -> None:
    result = invoke_cli("--version")
    assert result.returncode == 0 and result.stdout.startswith("presswatch, version ")


@pytest.mark.parametrize(
    ("url", "hint"),
    [
        ("www.example.org/x", "write https://www.example.org/x"),
        ("not a url", ""),
        ("file:///etc/passwd", ""),
        ("ftp://example.org/a", ""),
    ],
)
def test_try_refuses_what_is_not_an_http_url_in_one_line(url: str, hint: str) -> None:
    """Regression (a QA pass): no scheme gave a ValueError traceback, file:// and ftp:// were
    fetched though a crawl never fetches them."""
    result = invoke_cli("try", url)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"Error: {url!r} is not an http(s) URL: a crawl fetches only those"
        + (f"; {hint}" if hint else "")
    ]


def test_demo_checks_its_queries_before_it_serves_or_crawls(tmp_path: Path) -> None:
    """Regression (a QA pass): a bad --query crawled first, then ended in a traceback."""
    result = invoke_cli("--data", str(tmp_path / "demo"), "demo", "--query", 'china "x')
    assert result.returncode == 2
    assert result.stderr.strip() == 'Error: bad query: unclosed quote at position 7 in: china "x'
    assert not (tmp_path / "demo").exists()  # nothing crawled, nothing stored


def test_demo_on_a_port_in_use_is_one_line(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = invoke_cli("--data", str(tmp_path / "demo"), "demo", "--port", str(port))
    assert result.returncode == 2
    assert result.stderr.strip().startswith(f"Error: cannot serve the demo on 127.0.0.1:{port}")
    assert "choose another --port" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "command",
    [("search", "x"), ("stats", "x"), ("show", "1"), ("reindex",), ("index",), ("dedup",)],
)
def test_a_data_directory_that_is_not_there_is_named_and_never_created(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    """Regression (a QA pass): search said to run reindex, reindex said to crawl first, and
    left behind the directory it was told about, with a lock file in it."""
    missing = tmp_path / "no-such-archive"
    result = invoke_cli("--data", str(missing), *command)
    assert result.returncode == 4
    assert f"no archive in {missing} (no such directory): check --data" in result.stderr
    assert not missing.exists()
