"""`presswatch demo`: serve the demo outlet on 127.0.0.1, crawl it in a child process, search it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import click

from search.cli.context import Paths, open_index, presswatch_argv, resolve_paths
from search.cli.errors import EXIT_USAGE, CliError

DEMO_QUERIES = ('"soft power" AND china', "软实力", "interest rates", "election")


@click.command()
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=None,
    help="Port for the demo site on 127.0.0.1 (default: the port of the last demo, else 8765).",
)
@click.option("--serve", is_flag=True, help="Only serve the demo site until Ctrl-C.")
@click.option(
    "--query",
    "queries",
    multiple=True,
    metavar="QUERY",
    help="Search to run after the crawl (repeatable).",
)
@click.pass_context
def demo(ctx: click.Context, port: int | None, serve: bool, queries: tuple[str, ...]) -> None:
    """Serve a sample news site on 127.0.0.1, crawl it, index it and search it.

    Uses its own data directory (./demo-data unless --data or PRESSWATCH_DATA says otherwise)
    so it never mixes with a real archive. Run it again and it fetches only what is new.

    \b
    Example:
      presswatch demo
      presswatch demo --query 'title:launch'
    """
    from crawler.demo.config import demo_config_toml
    from crawler.demo.server import SiteServer
    from crawler.demo.site import build_demo_site
    from search.query import QuerySyntaxError, normalize_query

    for query in queries:  # checked before anything is served or crawled
        try:
            normalize_query(query)
        except QuerySyntaxError as exc:
            raise CliError(f"bad query: {exc}", EXIT_USAGE) from exc
    outer = ctx.find_root().params
    paths = resolve_paths(None, outer.get("data_path") or _env_data() or "demo-data")
    config_path = paths.data / "demo-sites.toml"
    with _demo_server(SiteServer, build_demo_site, port, config_path) as server:
        base_url = server.base_url
        if serve:
            click.echo(f"serving the demo site at {base_url}/ (Ctrl-C to stop)")
            _wait_forever()
            return
        paths.data.mkdir(parents=True, exist_ok=True)
        config_path.write_text(demo_config_toml(base_url), encoding="utf-8")
        click.echo(f"demo site at {base_url}/, data in {paths.data}")
        crawl_code = _crawl_in_subprocess(config_path, paths.data)
    _demo_searches(Paths(config=config_path, data=paths.data), queries or DEMO_QUERIES)
    sys.exit(crawl_code)


def _demo_server(server_class: Any, build: Any, port: int | None, config_path: Path) -> Any:
    """The demo site's server on a stable port: article URLs include it, and a demo run on
    another port would store every article again as a copy of the last run's."""
    import re

    from crawler.demo.config import DEMO_PORT

    if port is not None:
        chosen = server_class(build, port=port)
        try:
            chosen.start()
        except OSError as exc:
            raise CliError(
                f"cannot serve the demo on 127.0.0.1:{port} ({exc.strerror or exc}); "
                "choose another --port, or leave it out to take a free one",
                EXIT_USAGE,
            ) from exc
        return chosen
    wanted = DEMO_PORT
    if config_path.exists():
        found = re.search(r"127\.0\.0\.1:(\d+)/", config_path.read_text(encoding="utf-8"))
        wanted = int(found.group(1)) if found else DEMO_PORT
    server = server_class(build, port=wanted)
    try:
        server.start()
    except OSError:
        click.echo(f"port {wanted} is busy; serving the demo on another port", err=True)
        server = server_class(build, port=0)
    return server


def _env_data() -> str | None:
    import os

    return os.environ.get("PRESSWATCH_DATA")


def _wait_forever() -> None:
    import time

    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass


def _crawl_in_subprocess(config_path: Path, data_dir: Path) -> int:
    """One crawl per process: Scrapy's reactor cannot be restarted."""
    command = [
        *presswatch_argv(),
        "--config",
        str(config_path),
        "--data",
        str(data_dir),
        "crawl",
    ]
    return subprocess.call(command)


def _demo_searches(paths: Paths, queries: tuple[str, ...]) -> None:
    from search.cli.render import print_search_result
    from search.searcher import search

    index = open_index(paths)
    for query in queries:
        click.echo(f"\n$ presswatch search '{query}'")
        print_search_result(search(index, query, limit=5))


COMMANDS = [demo]
