"""Helper processes started by exec (crawler.child): the target runs, talks, and nothing more."""

from __future__ import annotations

import os
import signal
import sys
from multiprocessing.connection import Connection

from crawler.child import CHILD_MARK, start_child


def _echo(conn: Connection, greeting: str) -> None:
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("search", "scrapy", "click"))
    conn.send((greeting, os.getppid(), loaded, sys.argv[1:]))
    conn.recv()  # stay until told


def test_a_child_runs_its_target_and_imports_only_its_module() -> None:
    child, conn = start_child(_echo, "hello")
    try:
        greeting, parent, loaded, argv = conn.recv()
        assert (greeting, parent) == ("hello", os.getpid())
        assert loaded == []  # not the parent's main module, its CLI or Scrapy
        assert argv[0] == CHILD_MARK and argv[1].endswith("test_child._echo")
        assert child.is_alive() and child.exitcode is None
        conn.send("bye")
        child.join(10)
        assert child.exitcode == 0
    finally:
        child.kill()


def test_a_killed_child_reports_the_signal() -> None:
    child, conn = start_child(_echo, "hello")
    conn.recv()
    child.kill()
    child.join(10)
    assert child.exitcode == -signal.SIGKILL
    assert not child.is_alive()
