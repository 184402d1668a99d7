"""A progress bar on stderr for long work, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Advance = Callable[..., object]
"""``(done, total)``, or ``(done, total, phase)`` when the work moves to another phase."""


@contextmanager
def progress_bar(description: str, total: int | None = None) -> Iterator[Advance]:
    """A callback ``(done, total[, phase])`` that moves a rich progress bar (a phase replaces
    its description); a no-op off a terminal."""
    if not sys.stderr.isatty():
        yield lambda *progress: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (
        SpinnerColumn(),  # turns while a phase with no count (writing the index) runs
        TextColumn("{task.description}", markup=False),  # a file name is text, not markup
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=total)

        def advance(done: int, of: int, phase: str = "") -> None:
            bar.update(task, completed=done, total=of, description=phase or description)

        yield advance
