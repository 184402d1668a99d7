"""A threaded HTTP server on 127.0.0.1 serving an in-memory site (the demo site, test fixtures)."""

from __future__ import annotations

import argparse
import hashlib
import signal
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit

from crawler.demo.site import SITE_NAME, Page, build_demo_site

SiteBuilder = Callable[[str], dict[str, Page]]

NOT_FOUND = Page(
    body=(
        b'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        b"<title>Page not found</title></head><body><h1>404 - Page not found</h1>"
        b'<p>The page you asked for does not exist. <a href="/">Home</a></p></body></html>\n'
    ),
    content_type="text/html; charset=utf-8",
    status=404,
)


class SiteServer:
    """Serve the pages ``build(base_url)`` returns, from a background thread, until stopped.

    Pages are looked up by the request's path and query first, then by its path alone, so
    links with tracking parameters reach the same page.  Every 200 page gets an ETag and a
    matching ``If-None-Match`` gets a 304.
    """

    def __init__(self, build: SiteBuilder, port: int = 0) -> None:
        self.requests: list[str] = []
        self.pages: dict[str, Page] = {}
        self.base_url = ""
        self._build = build
        self._port = port
        self._lock = threading.Lock()
        self._httpd: _SiteHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> str:
        """Bind, build the pages for the bound address and serve; returns the base URL."""
        if self._httpd is not None:
            return self.base_url
        httpd = _SiteHTTPServer(("127.0.0.1", self._port), self)
        self.base_url = f"http://127.0.0.1:{httpd.server_port}"
        self.pages = self._build(self.base_url)
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        """Stop serving and close the socket (idempotent)."""
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> SiteServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def request_count(self, path_prefix: str = "") -> int:
        """How many requests (GET and HEAD) asked for a path starting with ``path_prefix``."""
        with self._lock:
            return sum(1 for path in self.requests if path.startswith(path_prefix))

    def record(self, path: str) -> None:
        with self._lock:
            self.requests.append(path)

    def lookup(self, path: str) -> Page:
        """The page for a request target: exact path and query, then the path alone, else 404."""
        page = self.pages.get(path)
        if page is None:
            page = self.pages.get(urlsplit(path).path)
        return page if page is not None else NOT_FOUND


class _SiteHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], site: SiteServer) -> None:
        self.site = site
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: _SiteHTTPServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._respond(with_body=True)

    def do_HEAD(self) -> None:
        self._respond(with_body=False)

    def log_message(self, format: str, *args: object) -> None:
        """Say nothing: tests and the demo read ``SiteServer.requests`` instead."""

    def _respond(self, with_body: bool) -> None:
        site = self.server.site
        site.record(self.path)
        page = site.lookup(self.path)
        etag = _etag(page)
        if etag and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(page.status)
        self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(len(page.body)))
        if etag:
            self.send_header("ETag", etag)
        for name, value in page.headers:
            self.send_header(name, value)
        self.end_headers()
        if with_body:
            self.wfile.write(page.body)


def _etag(page: Page) -> str:
    if page.status != 200 or any(name.lower() == "etag" for name, _ in page.headers):
        return ""
    return '"' + hashlib.sha1(page.body).hexdigest()[:16] + '"'


def _interrupt(signum: int, frame: object) -> None:
    """Treat SIGTERM like Ctrl-C, so a parent process can stop the demo server cleanly."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Serve the demo site until Ctrl-C; print its base URL on stdout."""
    parser = argparse.ArgumentParser(
        prog="python -m crawler.demo.server",
        description=f"Serve {SITE_NAME}, the demo news site, on 127.0.0.1 until Ctrl-C.",
    )
    parser.add_argument("--port", type=int, default=0, help="port to listen on (default: any)")
    args = parser.parse_args(argv)
    server = SiteServer(build_demo_site, port=args.port)
    try:
        base_url = server.start()
    except OSError as error:
        print(f"error: cannot listen on 127.0.0.1:{args.port}: {error}", file=sys.stderr)
        return 1
    signal.signal(signal.SIGTERM, _interrupt)
    print(base_url, flush=True)
    print(f"Serving {SITE_NAME} at {base_url}/ - press Ctrl-C to stop.", file=sys.stderr)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
