"""One writer per data directory: an advisory lock the kernel frees when its process dies."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

LOCK_FILENAME = "presswatch.lock"


class LockedError(RuntimeError):
    """Another process holds the data directory's write lock."""


class DataLock:
    """Exclusive, non-blocking lock on a file of the data directory holding the owner's pid.

    The writers share DATA/presswatch.lock; another ``filename`` is a lock of its own (watch
    delivery uses DATA/watch.lock).  flock is released by the kernel when the holder exits or
    is killed, so a stale lock left by a dead process is simply taken over.
    """

    def __init__(
        self, data_dir: Path, purpose: str = "crawl", filename: str = LOCK_FILENAME
    ) -> None:
        self.path = data_dir / filename
        self.purpose = purpose
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock now or raise LockedError naming the holder."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "unknown"
            os.close(fd)
            raise LockedError(
                f"{self.path.parent} is in use by another presswatch process ({holder}); "
                "wait for it to finish or stop it"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, {self.purpose}".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        """Free the lock (also freed when the process ends)."""
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> DataLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
