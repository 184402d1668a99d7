"""One writer per data directory: an advisory lock the kernel frees when its process dies."""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path
from types import TracebackType

LOCK_FILENAME = "presswatch.lock"


class LockedError(RuntimeError):
    """Another process holds the data directory's write lock."""


class UnsafeLockError(RuntimeError):
    """The lock file is a symbolic link (planted to make us write elsewhere): refused."""


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
        fd = self._open()
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

    def _open(self) -> int:
        """The lock file, never through a symbolic link: the pid written into it would
        otherwise truncate and overwrite whatever file the link points at."""
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        except OSError as exc:
            if exc.errno != errno.ELOOP:
                raise
            raise UnsafeLockError(
                f"{self.path} is a symbolic link: refused (presswatch writes its lock file "
                "itself; remove the link and run again)"
            ) from None

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
