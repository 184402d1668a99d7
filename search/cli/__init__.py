"""The `presswatch` command: global options, error handling, and the registry of subcommands."""

from __future__ import annotations

import functools
import sys

import click

from search.cli.options import config_and_data_options


@functools.cache
def tool_version() -> str:
    """The installed presswatch version (read on demand: importlib.metadata takes 30-60 ms,
    which every `presswatch search` would pay at start)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("presswatch")
    except PackageNotFoundError:  # pragma: no cover - a source tree without install
        return "0.0.0"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return tool_version()
    raise AttributeError(name)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@config_and_data_options
@click.version_option(package_name="presswatch", prog_name="presswatch")
def cli(config_path: str | None, data_path: str | None) -> None:
    """Collect news coverage from configured sites into a local, searchable archive.

    \b
    Example:
      presswatch demo
      presswatch crawl --site cctv-english --max-articles 50
      presswatch search '"soft power" AND china' --since 2025-01-01
    """


def _register() -> None:
    from search.cli import (
        cluster,
        collect,
        dedup,
        demo,
        export,
        read,
        reextract,
        runs,
        schedule,
        stats,
        warc,
        watch,
    )

    modules = (
        collect,
        cluster,
        warc,
        schedule,
        demo,
        read,
        runs,
        export,
        stats,
        watch,
        dedup,
        reextract,
    )
    for module in modules:
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    """Console-script entry point."""
    sys.exit(cli.main(prog_name="presswatch", standalone_mode=True))


__all__ = ["cli", "main"]

if __name__ == "__main__":
    main()
