"""The crawl's WARC files: named by site and day, rotated by size, never appended to later."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from crawler.model import RawExchange
from crawler.warc.read import Capture, read_capture, read_captures
from crawler.warc.write import WarcArchive

WHEN = datetime(2025, 5, 5, 8, 30, 15, 123456, tzinfo=UTC)


def _exchange(number: int, body: bytes = b"") -> RawExchange:
    page = body or f"<html><body><p>Story {number}</p></body></html>".encode()
    return RawExchange(
        url=f"https://news.example.org/2025/05/05/story-{number}.html?x=1;y=2",
        method="GET",
        request_headers=(("User-Agent", "presswatch-tests"),),
        status=200,
        reason="OK",
        headers=(
            ("Content-Type", "text/html; charset=windows-1252"),
            ("Content-Encoding", "gzip"),  # Scrapy decoded it: not kept in the record
            ("Set-Cookie", "a=1"),
            ("Set-Cookie", "b=2"),
        ),
        body=page,
        fetched_at=WHEN,
    )


def test_files_rotate_by_size_and_a_new_run_starts_a_new_file(tmp_path: Path) -> None:
    archive = WarcArchive(tmp_path / "warc", tmp_path, rotate_bytes=2_000)
    refs = [archive.write("courier", _exchange(n, bytes(range(256)) * 8)) for n in range(4)]
    archive.close()
    names = sorted(p.name for p in (tmp_path / "warc").iterdir())
    assert names[0] == "courier-20250505-001.warc.gz" and len(names) >= 2
    assert refs[0].path == "warc/courier-20250505-001.warc.gz"
    later = WarcArchive(tmp_path / "warc", tmp_path)
    ref = later.write("courier", _exchange(9))
    later.close()
    assert ref.path == f"warc/courier-20250505-{len(names) + 1:03d}.warc.gz"


def test_a_record_keeps_the_exchange_as_sent(tmp_path: Path) -> None:
    archive = WarcArchive(tmp_path / "warc", tmp_path)
    body = "<html><body><p>Café “quotes”</p></body></html>".encode("windows-1252")
    ref = archive.write("courier", _exchange(1, body))
    archive.close()
    found = read_capture(tmp_path / ref.path, ref.offset)
    assert isinstance(found, Capture)
    assert found.body == body and "Café “quotes”" in found.html  # decoded by its header
    assert found.url.endswith("?x=1;y=2")
    assert found.ref.record_id == ref.record_id
    assert found.ref.captured == ref.captured == WHEN.replace(microsecond=0)
    raw = [c for c in read_captures(tmp_path / ref.path) if isinstance(c, Capture)]
    assert [c.ref.offset for c in raw] == [ref.offset]  # the request record is not a capture
