"""Build real WARC files with warcio from fixture pages (responses, revisits, requests)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.demo.site import Page

BASE_URL = "https://news.example.org"


@dataclass(frozen=True)
class Entry:
    """One record to write: a response (or revisit) of `page` at `url`, captured `when`."""

    url: str
    page: Page
    when: datetime
    kind: str = "response"
    truncated: str = ""  # a WARC-Truncated value ('length')


def warc_date(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_warc(path: Path, entries: list[Entry], gzip: bool = True) -> Path:
    """A WARC file with a warcinfo record, then per entry its response and request."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for entry in entries:
            writer.write_record(_record(writer, entry))
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "x")], is_http_request=True)
            writer.write_record(
                writer.create_warc_record(
                    entry.url,
                    "request",
                    payload=io.BytesIO(b""),
                    length=0,
                    http_headers=request,
                    warc_headers_dict={"WARC-Date": warc_date(entry.when)},
                )
            )
    return path


def _record(writer: WARCWriter, entry: Entry) -> object:
    page = entry.page
    headers = [("Content-Type", page.content_type), ("Content-Length", str(len(page.body)))]
    http = StatusAndHeaders(f"{page.status} OK", headers, protocol="HTTP/1.1")
    warc_headers = {"WARC-Date": warc_date(entry.when)}
    if entry.truncated:
        warc_headers["WARC-Truncated"] = entry.truncated
    if entry.kind == "revisit":
        warc_headers["WARC-Profile"] = (
            "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"
        )
        return writer.create_warc_record(
            entry.url,
            "revisit",
            payload=io.BytesIO(b""),
            length=0,
            http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
            warc_headers_dict=warc_headers,
        )
    return writer.create_warc_record(
        entry.url,
        "response",
        payload=io.BytesIO(page.body),
        length=len(page.body),
        http_headers=http,
        warc_headers_dict=warc_headers,
    )


def cut_last_response(path: Path) -> None:
    """Cut a WARC file in the middle of its last response record (a download cut short)."""
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        last = (0, 0)
        for record in records:
            if record.rec_type == "response":
                last = (records.get_record_offset(), records.get_record_length())
    offset, length = last
    path.write_bytes(path.read_bytes()[: offset + length // 2])
