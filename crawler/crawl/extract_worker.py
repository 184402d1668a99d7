"""An extraction worker's life: warm up, then extract each page the crawl sends, in order.

Started by crawler.child; the crawl process's end is crawler.crawl.worker_link. Extraction
stays a pure function: a page gives the same result here as in the crawl process, except
for the language, which the crawl process detects (see crawler.crawl.extract_pool).
"""

from __future__ import annotations

import logging
import sys
from datetime import datetime
from multiprocessing.connection import Connection

from crawler.config import SiteConfig
from crawler.extract import extract_article
from crawler.memory import trim_above
from crawler.model import DiscoveryHints
from crawler.process import die_with_parent

logger = logging.getLogger(__name__)
TRIM_ABOVE_MB = 100  # a worker above this RSS gives freed memory back after its page
READY = ("ready", None)  # the first message a worker sends: its warm-up is done
WARM_UP_PAGE = (
    "<html lang='en'><head><title>Warm-up</title><meta name='author' content='A. Writer'>"
    # Not a date: dateparser then loads every default language's data (about 1.5 s).
    "<meta property='article:published_time' content='sometime recently'>"
    "</head><body><article><h1>Warm-up</h1><p class='byline'>By A. Writer</p>"
    "<time>January 2, 2025 10:00</time><p>Published 2 Jan 2025. "
    + "A short paragraph of words. " * 20
    + "</p></article></body></html>"
)


def serve(conn: Connection) -> None:
    """Extract each page sent on `conn` and send back ("ok", article) or ("error", exc)."""
    die_with_parent()
    _without_language_model()
    _warm_up()
    try:
        conn.send(READY)
    except OSError:  # the crawl ended (or gave up on this worker) while it warmed up
        return
    while True:
        try:
            task = conn.recv()
        except (EOFError, ConnectionResetError):  # the crawl process closed its end: over
            return  # (a reset when it closed before reading this worker's READY)
        _answer(conn, *task)
        del task  # the page's memory is free now: give it back when the worker has grown
        trim_above(TRIM_ABOVE_MB)


def _answer(
    conn: Connection,
    html: str,
    url: str,
    site: SiteConfig | None,
    fetched_at: datetime,
    hints: DiscoveryHints | None,
) -> None:
    """Extract one page and send back the article, or the error."""
    try:
        article = extract_article(html, url, site, fetched_at, hints, detect=False)
        answer: tuple[str, object] = ("ok", article)
    except Exception as exc:
        answer = ("error", exc)
    try:
        conn.send(answer)
    except Exception as exc:  # an exception that does not pickle: send its text
        conn.send(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))


def _without_language_model() -> None:
    """Keep py3langid, and the numpy it imports, out of this worker (12 MB): the crawl process
    detects the language, and trafilatura imports py3langid only for its language filter
    (``target_language``), which presswatch never sets. Its outputs are unchanged (the 453
    dev pages, compared field by field)."""
    sys.modules.setdefault("py3langid", None)  # type: ignore[arg-type]


def _warm_up() -> None:
    """Load what the first page would load (trafilatura, dateparser's data: up to a second),
    so that time never counts against a page's limit."""
    try:
        extract_article(WARM_UP_PAGE, "https://example.org/2025/01/02/warm-up.html", detect=False)
    except Exception:  # a worker that cannot warm up still serves (and reports) real pages
        logger.exception("extraction warm-up failed")
