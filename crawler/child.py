"""Helper processes started by exec, talking over a socket pair with multiprocessing's Connection.

multiprocessing's spawn would do the same, and more than a crawl needs: it starts a resource
tracker process (13 MB for the whole crawl) and re-imports the parent's main module in each
child (the `presswatch` script: its CLI, about 8 MB a child).  A child here imports only
its target's module.  The child's end of the pipe is the only descriptor it inherits.
"""

from __future__ import annotations

import contextlib
import importlib
import socket
import subprocess
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

SOCKET_BUFFER_BYTES = 1 << 20
"""Asked of the kernel for each end (Linux caps it at net.core.wmem_max, 208 KB by default,
and doubles it): with the default a 140 KB page made the crawl's reactor wait in write()
until the worker had read it."""
CHILD_MARK = "presswatch-child"
"""On a child's command line, before its target's name (for ps and the benchmarks)."""


class Child:
    """A started helper process, with the part of multiprocessing.Process's API we use."""

    def __init__(self, popen: subprocess.Popen[bytes]) -> None:
        self._popen = popen

    @property
    def pid(self) -> int:
        """The child's process id."""
        return self._popen.pid

    @property
    def exitcode(self) -> int | None:
        """None while it runs; its exit code, or minus the signal that ended it."""
        return self._popen.poll()

    def is_alive(self) -> bool:
        """True while the child runs."""
        return self._popen.poll() is None

    def join(self, timeout: float | None = None) -> None:
        """Wait for the child to end, at most ``timeout`` seconds."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._popen.wait(timeout)

    def kill(self) -> None:
        """SIGKILL the child (nothing when it has ended)."""
        if self.is_alive():
            self._popen.kill()


def start_child(target: Callable[..., object], *args: Any) -> tuple[Child, Connection]:
    """Run ``target(connection, *args)`` in a new Python process; (the child, our end).

    ``target`` must be a module-level function; ``args`` must pickle.
    """
    ours, theirs = socket.socketpair()
    for end in (ours, theirs):  # a page (or an article) fits: the writer need not wait
        end.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SOCKET_BUFFER_BYTES)
        end.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, SOCKET_BUFFER_BYTES)
    code = (
        f"import sys; sys.path[:0] = {sys.path!r}; "
        f"from crawler.child import _main; _main({theirs.fileno()})"
    )
    try:
        popen = subprocess.Popen(
            [sys.executable, "-c", code, CHILD_MARK, f"{target.__module__}.{target.__qualname__}"],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
        )
    finally:
        theirs.close()
    connection = Connection(ours.detach())
    connection.send((target.__module__, target.__qualname__, args))
    return Child(popen), connection


def _main(fd: int) -> None:
    """The child: read what to run from the pipe and run it."""
    connection = Connection(fd)
    module, name, args = connection.recv()
    target = getattr(importlib.import_module(module), name)
    target(connection, *args)
