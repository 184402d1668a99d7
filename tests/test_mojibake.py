"""Pages whose text was encoded twice (UTF-8 read as Latin-1 or cp1252, written again as
UTF-8) are repaired before extraction; pages that only quote such text, or write 'â' and
'Â' as their language does, are left as they are."""

from __future__ import annotations

from crawler.extract import extract_article
from crawler.extract.mojibake import repaired


def _twice(text: str) -> str:
    """The text as a page encoded twice shows it: its UTF-8 bytes read as cp1252 (Latin-1
    where cp1252 has no character), as a WordPress export or a CMS migration leaves it."""
    return "".join(
        bytes([byte]).decode("cp1252", errors="ignore") or chr(byte)
        for byte in text.encode("utf-8")
    )


STORY = (
    "The café reopened on Monday. Its owner’s plan – a menu in Español and English – won "
    "the council’s approval after a long debate about the street’s future and its trees."
)


def _page(title: str, body: str) -> str:
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{body}</p><p>{body}</p></article></body></html>"
    )


def test_a_page_encoded_twice_is_read_as_written() -> None:
    page = _page(_twice("A DIY Investor’s Guide"), _twice(STORY))
    assert "Investorâ" in page and "cafÃ©" in page  # the fixture is broken as real pages are
    article = extract_article(page, "https://news.example/guide")
    assert article.title == "A DIY Investor’s Guide"
    assert article.body.split("\n\n")[0] == STORY


def test_a_page_that_quotes_mojibake_keeps_it() -> None:
    quoted = 'How many times I saw "Ã¤" instead of "ä" in a file: twice. ' + STORY
    article = extract_article(_page("Encodings", quoted), "https://news.example/enc")
    assert '"Ã¤"' in article.body


def test_words_written_with_a_circumflex_are_no_mojibake() -> None:
    french = "Ângela a mangé des pâtes à l'âge de sept ans; Âme et château. " * 3
    assert repaired(french) is french
    assert repaired(STORY) is STORY
