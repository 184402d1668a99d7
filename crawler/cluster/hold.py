"""Redis locks with expiry held by one attempt of a job: taken only if free, renewed and freed
only by their holder (compare-and-set scripts), so a lost holder's lock simply expires; and
stream entries added only while the lock is held, so a holder that stalled past the expiry
(and may have been replaced) adds nothing."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from redis import Redis

_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('expire', KEYS[1], ARGV[2])
end
return 0
"""
# XADD fenced by the lock: the check and the write in one script, nothing in between.
_XADD_IF_HELD = """
if redis.call('get', KEYS[1]) ~= ARGV[1] then
  return false
end
return redis.call('xadd', KEYS[2], '*', unpack(ARGV, 2))
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""


class SiteBusy(RuntimeError):
    """Another worker holds the site: this attempt does not crawl it (RQ retries the job)."""


class LockLost(RuntimeError):
    """The lock expired under its holder (a stalled process), and another may hold it now."""


def release(connection: Redis, key: str, holder: str) -> bool:
    """Free `key` if `holder` still holds it; True if it did."""
    return bool(connection.eval(_RELEASE, 1, key, holder))


class HeldLock:
    """`key` held by `holder` for `seconds`, renewed by a thread until the block ends.

    `lost` is set once a renewal or a fenced write finds the key gone or another's: the
    holder's work has to stop then, since another attempt may be doing it (see `xadd`)."""

    def __init__(self, connection: Redis, key: str, holder: str, seconds: int) -> None:
        self.connection, self.key, self.holder, self.seconds = connection, key, holder, seconds
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._renew, name="site-lock", daemon=True)

    def __enter__(self) -> HeldLock:
        if not self.connection.set(self.key, self.holder, nx=True, ex=self.seconds):
            other = self.connection.get(self.key)
            raise SiteBusy(f"{self.key} is held by {other!r}")
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        release(self.connection, self.key, self.holder)

    def xadd(self, stream: str, fields: Mapping[str, bytes | str]) -> None:
        """Add an entry to `stream` while this holder still holds the lock; LockLost (and
        nothing added) once it does not."""
        flat = [value for pair in fields.items() for value in pair]
        if self.connection.eval(_XADD_IF_HELD, 2, self.key, stream, self.holder, *flat) is None:
            self.lost.set()
            raise LockLost(f"{self.key} is no longer held by {self.holder}")

    def _renew(self) -> None:
        while not self._stop.wait(max(self.seconds / 3, 0.2)):
            try:
                renewed = self.connection.eval(_RENEW, 1, self.key, self.holder, self.seconds)
            except Exception:  # Redis away for a moment: the next beat tries again
                continue
            if not renewed:  # expired while this process stalled: never renewed again
                self.lost.set()
                return
