"""Write HTTP exchanges to rotated WARC.gz files: DATA/warc/SITE-YYYYMMDD-NNN.warc.gz."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.model import RawExchange, WarcRef

WARC_DIRNAME = "warc"
# A new file is started once the current one reaches this size. 100 MB holds some 3,000 real
# article pages (about 33 KB each gzipped with its request, measured on the shared mirror's
# pages) and stays easy to move and hand over.
ROTATE_BYTES = 100_000_000
# Headers that describe the bytes on the wire, not the decoded body kept in the record.
_WIRE_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


def warc_date(when: datetime) -> str:
    """A WARC-Date: UTC, to the second, with a Z."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class WarcArchive:
    """One open WARC.gz file per site under `folder`, each rotated at `rotate_bytes`.

    A file is never appended to after the process that wrote it ends (a killed crawl may leave
    half a record at its end): each run starts the next number of the day.
    """

    def __init__(
        self, folder: Path, data_dir: Path | None = None, rotate_bytes: int = ROTATE_BYTES
    ) -> None:
        self.folder = folder
        self.data_dir = data_dir
        self.rotate_bytes = rotate_bytes
        self._open: dict[str, tuple[Path, IO[bytes], WARCWriter]] = {}

    def write(self, site_id: str, exchange: RawExchange) -> WarcRef:
        """Append the response and its request; where the response record lies."""
        path, stream, writer = self._file(site_id, exchange.fetched_at)
        response = response_record(writer, exchange)
        request = _request_record(writer, exchange)
        record_id = response.rec_headers.get_header("WARC-Record-ID")
        request.rec_headers.add_header("WARC-Concurrent-To", record_id)
        offset = stream.tell()
        writer.write_record(response)
        length = stream.tell() - offset
        writer.write_record(request)
        stream.flush()
        captured = exchange.fetched_at.astimezone(UTC).replace(microsecond=0)  # as WARC-Date says
        return WarcRef(self._stored_path(path), offset, length, record_id, captured)

    def close(self) -> None:
        """Close every open file."""
        for _path, stream, _writer in self._open.values():
            stream.close()
        self._open.clear()

    def _file(self, site_id: str, when: datetime) -> tuple[Path, IO[bytes], WARCWriter]:
        day = when.astimezone(UTC).strftime("%Y%m%d")
        current = self._open.get(site_id)
        if current is not None:
            path, stream, _writer = current
            if path.name.startswith(f"{site_id}-{day}-") and stream.tell() < self.rotate_bytes:
                return current
            stream.close()
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{site_id}-{day}-{self._next_number(site_id, day):03d}.warc.gz"
        stream = path.open("xb")
        writer = WARCWriter(stream, gzip=True)
        info = {"software": "presswatch", "format": "WARC File Format 1.0"}
        writer.write_record(writer.create_warcinfo_record(path.name, info))
        self._open[site_id] = (path, stream, writer)
        return self._open[site_id]

    def _next_number(self, site_id: str, day: str) -> int:
        pattern = re.compile(rf"{re.escape(site_id)}-{day}-(\d+)\.warc\.gz$")
        numbers = [int(m.group(1)) for p in self.folder.iterdir() if (m := pattern.match(p.name))]
        return max(numbers, default=0) + 1

    def _stored_path(self, path: Path) -> str:
        if self.data_dir is not None and path.is_relative_to(self.data_dir):
            return str(path.relative_to(self.data_dir))
        return str(path)


def response_record(writer: WARCWriter, exchange: RawExchange, **extra: str) -> Any:
    """A WARC response record of the exchange (body as kept, Content-Length rewritten)."""
    headers = [(k, v) for k, v in exchange.headers if k.lower() not in _WIRE_HEADERS]
    headers.append(("Content-Length", str(len(exchange.body))))
    status = StatusAndHeaders(
        f"{exchange.status} {exchange.reason}".strip(), headers, protocol="HTTP/1.1"
    )
    return writer.create_warc_record(
        exchange.url,
        "response",
        payload=io.BytesIO(exchange.body),
        length=len(exchange.body),
        http_headers=status,
        warc_headers_dict={"WARC-Date": warc_date(exchange.fetched_at), **extra},
    )


def _request_record(writer: WARCWriter, exchange: RawExchange) -> Any:
    parts = urlsplit(exchange.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    status = StatusAndHeaders(
        f"{exchange.method} {target} HTTP/1.1",
        list(exchange.request_headers),
        is_http_request=True,
    )
    return writer.create_warc_record(
        exchange.url,
        "request",
        payload=io.BytesIO(b""),
        length=0,
        http_headers=status,
        warc_headers_dict={"WARC-Date": warc_date(exchange.fetched_at)},
    )
