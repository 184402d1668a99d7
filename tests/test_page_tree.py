"""parse_page gives the tree trafilatura's load_html gives, on real pages and on edge cases."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html
from trafilatura.utils import load_html

from crawler.extract import extract_article, page_tree
from crawler.extract.page_tree import parse_page
from crawler.model import article_to_dict

FETCHED = datetime(2025, 6, 1, tzinfo=UTC)
PAGES = sorted((Path(__file__).parent / "pages").glob("*.html"))
BODY = "<body><article><h1>Harbour</h1><p>The harbour reopened on Monday.</p></article></body>"
EDGE_CASES = {
    "plain": f"<html><head><title>T</title></head>{BODY}</html>",
    "doctype closed by a slash": f'<!DOCTYPE html PUBLIC "-//W3C//DTD" "x"/>\n<html>{BODY}</html>',
    "doctype on the only line": f"<!doctype html><html>{BODY}</html>",
    "self-closing html": f'<?xml version="1.0"?>\n<html lang="en"/>\n{BODY}',
    "encoding declaration": f'<?xml version="1.0" encoding="ISO-8859-1"?><html>{BODY}</html>',
    "other charset declared": f'<html><head><meta charset="windows-1251"></head>{BODY}</html>',
    "control characters": f"<html>\x0c<head><title>T\x00\x1f</title></head>{BODY}</html>",
    "non-characters": f"<html><head><title>T\ufffe\uffff</title></head>{BODY}</html>",
    "lone surrogate": f"<html><head><title>T\ud800</title></head>{BODY}</html>",
    "accents and scripts": f"<html><body><p>Le président 软实力 — «oui»</p>{BODY}</body></html>",
    "fragment": "<p>Only a paragraph.</p>",
    "two blocks without html": "<p>One.</p><p>Two.</p>",
    "not html at all": "hello there",
    "a comment": "<!-- nothing -->",
    "whitespace": "  \n ",
    "empty": "",
}


def _same_tree(html: str) -> None:
    expected, got = load_html(html), parse_page(html)
    if expected is None:
        assert got is None
    else:
        assert got is not None
        assert etree.tostring(got, encoding="unicode") == etree.tostring(
            expected, encoding="unicode"
        )


@pytest.mark.parametrize("case", EDGE_CASES, ids=list(EDGE_CASES))
def test_the_tree_of_an_edge_case_is_load_htmls(case: str) -> None:
    _same_tree(EDGE_CASES[case])


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_the_tree_of_a_real_page_is_load_htmls_in_either_decoding(path: Path) -> None:
    raw = path.read_bytes()
    _same_tree(raw.decode("utf-8"))
    _same_tree(raw.decode("latin-1"))  # a page decoded with the wrong charset: mojibake


FORM = (
    "<html><body><form action='/s'><label for='q'>Search</label><input name='q' value='x'>"
    "<select name='s'><option>a</option></select><textarea name='t'>x</textarea></form>"
    f"<!-- a comment -->{BODY}</body></html>"
)


def test_every_element_is_an_html_element_picked_without_a_python_lookup(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    python_lookup = lxml_html.HtmlElementClassLookup.lookup

    def counted(self: object, *args: object) -> object:
        calls.append(str(args[-1]))
        return python_lookup(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(lxml_html.HtmlElementClassLookup, "lookup", counted)
    assert load_html(FORM) is not None and calls  # trafilatura's parser calls it
    calls.clear()
    tree = parse_page(FORM)
    assert tree is not None
    assert {type(element) for element in tree.iter(etree.Element)} == {lxml_html.HtmlElement}
    assert tree.xpath("//h1")[0].text_content() == "Harbour"  # lxml.html's helpers still work
    assert calls == []


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_an_article_is_the_same_as_from_trafilaturas_parser(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    html = path.read_text(encoding="utf-8")
    url = "https://example.org/2025/05/05/story.html"
    ours = article_to_dict(extract_article(html, url, fetched_at=FETCHED))
    monkeypatch.setattr(page_tree, "_parser", lambda model: model)  # trafilatura's, as it is
    theirs = article_to_dict(extract_article(html, url, fetched_at=FETCHED))
    assert ours == theirs
