"""Helper processes of a crawl die with it: Linux's parent-death signal, asked for at start."""

from __future__ import annotations

import ctypes
import logging
import os
import signal

logger = logging.getLogger(__name__)
PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (PR_SET_PDEATHSIG), even by SIGKILL.

    So a killed crawl leaves no orphan holding its pipes, its lock or the index's write lock.
    Elsewhere the helper ends when its pipe to the parent closes.
    """
    parent = os.getppid()
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        logger.debug("PR_SET_PDEATHSIG unavailable")
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
