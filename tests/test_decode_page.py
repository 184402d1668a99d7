"""Decoding a page's bytes: the header's charset, unless it cannot read them and the page's can."""

from __future__ import annotations

from crawler.crawl.fetch import decode_page

UTF8 = "text/html; charset=utf-8"


def _page(meta: str, text: str) -> str:
    return f'<html><head><meta charset="{meta}"></head><body><p>{text}</p></body></html>'


def test_the_pages_own_charset_wins_when_the_headers_cannot_read_the_bytes() -> None:
    body = _page("iso-8859-1", "Café société").encode("latin-1")
    assert "<p>Café société</p>" in decode_page(UTF8, body)


def test_the_headers_charset_stays_when_it_reads_every_byte() -> None:
    """A replacement character the page itself holds is no sign of a wrong header."""
    body = _page("iso-8859-1", "Caf\ufffd is a literal one").encode("utf-8")
    assert "<p>Caf\ufffd is a literal one</p>" in decode_page(UTF8, body)


def test_without_a_charset_of_its_own_the_bytes_are_replaced_not_guessed() -> None:
    body = b"<html><body><p>Caf\xe9</p></body></html>"
    assert "<p>Caf\ufffd</p>" in decode_page(UTF8, body)


def test_a_page_whose_own_charset_cannot_read_it_either_keeps_the_headers_reading() -> None:
    body = _page("utf-8", "x").encode() + b"\xff\xfe\xc3\x28"
    assert decode_page(UTF8, body).count("\ufffd") >= 2
