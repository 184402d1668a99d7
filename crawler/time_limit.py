"""A time limit on one page's extraction when it runs in this process (`try`, `reextract`)."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

DEFAULT_EXTRACT_TIMEOUT = 5.0
REPEAT_SECONDS = 0.25


class ExtractionTimedOut(TimeoutError):
    """A page's extraction ran past its time limit (the page is dropped, never half-stored)."""


class _Expired(BaseException):
    """Raised by the alarm: a BaseException, so a library's `except Exception` lets it pass."""


@contextmanager
def time_limit(seconds: float | None, what: str = "extraction") -> Iterator[None]:
    """Raise ExtractionTimedOut in this thread once `seconds` have passed (SIGALRM).

    Best effort: it works only in the main thread, and Python checks for the signal between
    bytecodes and inside the regex engine, not inside one long C call such as an lxml parse
    (which the page-size cap bounds). The alarm repeats every REPEAT_SECONDS until the block
    ends, in case a bare `except:` swallowed it. Worker processes are killed from outside.
    """
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return
    armed = [True]

    def _expired(_signum: int, _frame: FrameType | None) -> None:
        if armed[0]:
            raise _Expired

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT_SECONDS)
    try:
        yield
    except _Expired:
        armed[0] = False
        raise ExtractionTimedOut(f"{what} took more than {seconds:g} s") from None
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
