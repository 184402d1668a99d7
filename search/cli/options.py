"""Options shared by several commands: --config/--data on every command, output formats."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click

from search.cli.context import resolve_paths

F = TypeVar("F", bound=Callable[..., Any])


def config_and_data_options(command: F) -> F:
    """--config and --data as options of a command or of the whole group."""
    command = click.option(
        "--data",
        "data_path",
        type=click.Path(file_okay=False),
        default=None,
        help="Data directory: store, index, logs [env PRESSWATCH_DATA; default ./data].",
    )(command)
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False),
        default=None,
        help="Sites config file [env PRESSWATCH_CONFIG; default config/sites.toml].",
    )(command)


def path_options(command: F) -> F:
    """Add --config/--data to a subcommand; a value given after the command name wins."""

    @config_and_data_options
    @click.pass_context
    @functools.wraps(command)
    def wrapper(
        ctx: click.Context, config_path: str | None, data_path: str | None, **kwargs: Any
    ) -> Any:
        outer = ctx.find_root().params
        paths = resolve_paths(
            config_path or outer.get("config_path"), data_path or outer.get("data_path")
        )
        return ctx.invoke(command, paths, **kwargs)

    return wrapper  # type: ignore[return-value]
