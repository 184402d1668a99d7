"""The `presswatch` command: global options, error handling, and the registry of subcommands."""

from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version

import click

from search.cli.options import config_and_data_options

try:
    __version__ = version("presswatch")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@config_and_data_options
@click.version_option(__version__, prog_name="presswatch")
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

    modules = (collect, warc, schedule, demo, read, runs, export, stats, watch, dedup, reextract)
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
