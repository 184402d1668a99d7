"""The original response of a stored article: its WARC record, found through warc_records."""

from __future__ import annotations

from pathlib import Path

from crawler.model import WarcRef
from crawler.store import ArticleStore
from crawler.store.warc_index import latest_capture
from crawler.warc.read import Capture, read_capture


def warc_path(store: ArticleStore, ref: WarcRef) -> Path:
    """The file of a WARC reference (paths inside the data directory are kept relative)."""
    path = Path(ref.path)
    return path if path.is_absolute() else store.path.parent / path


def original_capture(store: ArticleStore, article_id: int) -> Capture | None:
    """The article's newest WARC capture as sent (bytes, headers, decoded page), or None when
    it has none or its file is gone or unreadable."""
    ref = latest_capture(store, article_id)
    if ref is None:
        return None
    path = warc_path(store, ref)
    if not path.is_file():
        return None
    try:
        found = read_capture(path, ref.offset)
    except OSError:
        return None
    return found if isinstance(found, Capture) else None
