"""Options shared by several commands: --config/--data on every command, the search filters,
sort order and duplicate collapsing."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import click

from crawler.config import MEDIA_TYPES
from search.cli.context import resolve_paths
from search.cli.errors import EXIT_USAGE, CliError
from search.filters import FilterError, make_filters

F = TypeVar("F", bound=Callable[..., Any])
DAY_METAVAR = "DAY"


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


_FILTER_PARAMS = (
    "sites",
    "languages",
    "countries",
    "media_types",
    "state_affiliated",
    "paywalled",
    "since",
    "until",
)


def filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the filter options; the command receives them as one ``filters`` argument."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {name: kwargs.pop(name) for name in _FILTER_PARAMS}
        try:
            filters = make_filters(**values)
        except FilterError as exc:
            raise CliError(str(exc), EXIT_USAGE) from None
        return command(*args, filters=filters, **kwargs)

    options = [
        click.option("--site", "sites", multiple=True, metavar="ID", help="Only this site."),
        click.option(
            "--lang",
            "languages",
            multiple=True,
            metavar="CODE",
            help="Only this language (ISO 639-1, e.g. en, zh).",
        ),
        click.option(
            "--country",
            "countries",
            multiple=True,
            metavar="CC",
            help="Only sources of this country (ISO 3166 code from the site config, e.g. GB).",
        ),
        click.option(
            "--media-type",
            "media_types",
            multiple=True,
            type=click.Choice(MEDIA_TYPES),
            help="Only this kind of source.",
        ),
        click.option(
            "--state-affiliated/--not-state-affiliated",
            "state_affiliated",
            default=None,
            help="Only state-affiliated sources (or only the others).",
        ),
        click.option(
            "--paywalled",
            type=click.Choice(["yes", "no"]),
            default=None,
            help="Only articles behind a paywall (yes) or only free ones (no); articles "
            "stored before paywalls were read match neither (`presswatch reextract`).",
        ),
        click.option(
            "--since",
            metavar=DAY_METAVAR,
            help="Published on or after this day (the outlet's calendar day): YYYY-MM-DD, "
            "YYYY-MM (its first day), yesterday, 'last week', '3 days ago'...",
        ),
        click.option(
            "--until",
            metavar=DAY_METAVAR,
            help="Published on or before this day (inclusive); YYYY-MM means its last day.",
        ),
    ]
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def sort_option(default: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--sort newest|oldest|relevance with a per-command default."""
    return click.option(
        "--sort",
        type=click.Choice(["relevance", "newest", "oldest"]),
        default=default,
        show_default=True,
        help="Order of the results (dates: publication time, ties by article id).",
    )


def collapse_option(default: bool) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--collapse-duplicates/--no-collapse-duplicates with a per-command default."""
    return click.option(
        "--collapse-duplicates/--no-collapse-duplicates",
        "collapse_duplicates",
        default=default,
        show_default=True,
        help="One result per group of near-duplicate copies (wire stories run by many sites).",
    )
