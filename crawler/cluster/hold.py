"""Redis locks with expiry held by a job id: taken only if free, renewed and freed only by
their holder (compare-and-set scripts), so a lost holder's lock simply expires."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from redis import Redis

_RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('expire', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""


class SiteBusy(RuntimeError):
    """Another worker holds the site: this attempt does not crawl it (RQ retries the job)."""


def release(connection: Redis, key: str, holder: str) -> bool:
    """Free `key` if `holder` still holds it; True if it did."""
    return bool(connection.eval(_RELEASE, 1, key, holder))


class HeldLock:
    """`key` held by `holder` for `seconds`, renewed by a thread until the block ends."""

    def __init__(self, connection: Redis, key: str, holder: str, seconds: int) -> None:
        self.connection, self.key, self.holder, self.seconds = connection, key, holder, seconds
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

    def _renew(self) -> None:
        while not self._stop.wait(max(self.seconds / 3, 0.2)):
            try:
                self.connection.eval(_RENEW, 1, self.key, self.holder, self.seconds)
            except Exception:  # Redis away for a moment: the next beat tries again
                continue
