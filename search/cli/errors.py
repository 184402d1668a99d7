"""Exit codes a scheduler can act on, and the one-line error the CLI shows for each failure."""

from __future__ import annotations

import click

EXIT_OK = 0
EXIT_SITE_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3
EXIT_UNUSABLE = 4


class CliError(click.ClickException):
    """A failure the user can act on: printed as 'Error: ...' with its own exit code."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click reads it per instance
