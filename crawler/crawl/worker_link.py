"""The crawl process's end of one extraction worker: pages go out without blocking the
reactor, and the answers come back in the order the pages went out.

Pages are written to the worker's socket without waiting (the rest when it can take more),
so a worker can hold its next page while it extracts one: it goes from one page to the
next without waiting for the reactor to read its answer and hand it another (7 ms a page,
in the median, on the shared mirror). Messages are framed as multiprocessing's
Connection frames them, so the worker reads them with Connection.recv.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import struct
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.reduction import ForkingPickler

from crawler.child import start_child
from crawler.crawl.extract_worker import serve
from crawler.model import Article


def framed(message: object) -> bytes:
    """`message` as Connection.send writes it: its length, then its pickle."""
    payload = bytes(ForkingPickler.dumps(message))
    size = len(payload)
    header = struct.pack("!i", size) if size <= 0x7FFFFFFF else struct.pack("!iQ", -1, size)
    return header + payload


@dataclass(eq=False)
class PageTask:
    """One page sent to a worker: its URL (for errors), the message, and where its answer goes."""

    url: str
    message: bytes  # framed: kept until answered, so it can go to another worker
    answer: asyncio.Future[Article]


@dataclass(eq=False)
class WorkerLink:
    """One extraction worker process and the crawl's end of its socket."""

    tasks: deque[PageTask] = field(default_factory=deque)  # sent, in the order of the answers
    ready: bool = False  # its warm-up is done (the first message it sends says so)
    clock: asyncio.TimerHandle | None = None  # the time limit of the page it works on

    def __post_init__(self) -> None:
        self.process, self.conn = start_child(serve)
        self._socket = socket.socket(fileno=os.dup(self.conn.fileno()))
        self._outbox: deque[memoryview] = deque()  # what is still to be written, in order
        self._loop: asyncio.AbstractEventLoop | None = None  # where its callbacks are registered
        self._writing = False

    def listen(self, on_message: Callable[[WorkerLink], None]) -> None:
        """Call ``on_message(self)`` whenever the worker has sent something (or ended)."""
        self._loop = asyncio.get_running_loop()
        self._loop.add_reader(self.conn.fileno(), on_message, self)

    def stop_listening(self) -> None:
        """No more calls of ``on_message`` (nothing is expected from the worker)."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.remove_reader(self.conn.fileno())

    def write(self, message: bytes) -> None:
        """Send a framed message after those before it; never waits for the worker to read."""
        self._outbox.append(memoryview(message))
        self._flush()

    def _flush(self) -> None:
        """Write what the socket takes now; wait for it to take more only when it is full."""
        try:
            while self._outbox:
                sent = self._socket.send(self._outbox[0], socket.MSG_DONTWAIT)
                if sent == len(self._outbox[0]):
                    self._outbox.popleft()
                else:
                    self._outbox[0] = self._outbox[0][sent:]
        except BlockingIOError:
            if not self._writing:
                self._loop = asyncio.get_running_loop()
                self._loop.add_writer(self._socket.fileno(), self._flush)
                self._writing = True
            return
        except OSError:  # the worker has gone: its reader sees the end and reports it
            self._outbox.clear()
        self._stop_writing()

    def _stop_writing(self) -> None:
        if self._writing and self._loop is not None and not self._loop.is_closed():
            self._loop.remove_writer(self._socket.fileno())
        self._writing = False

    def close(self, kill: bool = False) -> None:
        """Close the crawl's end (a worker then ends on its own), or kill the worker first."""
        if self.clock is not None:
            self.clock.cancel()
        self.stop_listening()
        self._stop_writing()
        if kill:
            self.process.kill()
            self.process.join(5)
        with contextlib.suppress(OSError):
            self.conn.close()
        self._socket.close()
