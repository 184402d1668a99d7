"""A page's tree as trafilatura's ``load_html`` makes it from a string, in less time.

``load_html`` (trafilatura 2.3) removes XML-invalid control characters with a regular
expression over the whole page (0.67 ms a page on the shared mirror), then has lxml parse
the Python string (1.37 ms). Here the page is encoded to UTF-8 once, the control characters
are looked for with ``bytes.translate`` (a C loop), and lxml parses the bytes (1.14 ms) with
trafilatura's own parser, whose encoding is fixed to UTF-8: 1.8 ms a page against 2.2-2.6.
The repairs and the parser's options are trafilatura's own (imported, so they follow its
version). The trees are the same, element for element: on the 917 shared and peer pages (each
decoded as UTF-8 and as Latin-1), and on the edge cases of tests/test_page_tree.py.

One thing differs, and no extraction sees it: lxml.html's parser picks each element's Python
class with a lookup written in Python (``HtmlElementClassLookup.lookup``), called every time
an element is touched from Python: about 2,300 times a page, 15% of an extraction's time in
a profile. Here every element is an ``HtmlElement`` (comments, processing instructions and
entities get lxml.html's classes too), picked in C; only the form controls (``form``,
``input``, ``select``, ``textarea``, ``label``) lose their subclasses' form helpers, which
neither trafilatura nor presswatch uses. Extraction gives the same articles, field for field.
"""

from __future__ import annotations

import functools

from lxml import etree
from lxml import html as lxml_html

# What trafilatura.utils.INVALID_XML_CHARS matches: C0 controls but tab, newline and carriage
# return (one byte each in UTF-8, never inside a longer sequence), U+FFFE and U+FFFF.  A page
# holding one is left to load_html, which removes them before its other repairs.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_NON_CHARACTERS = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")


def parse_page(html: str) -> lxml_html.HtmlElement | None:
    """The tree of a page given as a string (None when lxml finds no HTML in it), as
    ``trafilatura.utils.load_html(html)`` returns it."""
    from trafilatura.utils import DOCTYPE_TAG, FAULTY_HTML, HTML_PARSER, load_html

    original, beginning = html, html[:50].lower()
    if "doctype" in beginning:  # libxml2 misreads a doctype that closes with "/>"
        first_line, _, rest = html.partition("\n")
        html = DOCTYPE_TAG.sub("", first_line, count=1) + "\n" + rest
    for line in html[:4096].splitlines()[:4]:  # a self-closing <html/> in the first lines
        if "<html" in line and line.endswith("/>"):
            html = FAULTY_HTML.sub(r"\1>", html, count=1)
            break
    try:
        data = html.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: lxml reads a string only up to it
        data = b""
    if (
        not data
        or len(data.translate(None, _CONTROL_BYTES)) != len(data)
        or any(c in data for c in _NON_CHARACTERS)
    ):
        tree = load_html(original)  # characters to remove first: trafilatura does it all
    else:
        try:
            tree = lxml_html.fromstring(data, parser=_parser(HTML_PARSER))
        except (etree.ParserError, ValueError):
            return None
        if "html" not in beginning and len(tree) < 2:  # load_html's test of dubious HTML
            return None
    return tree if isinstance(tree, lxml_html.HtmlElement) else None


@functools.cache
def _parser(model: etree.HTMLParser) -> etree.HTMLParser:
    """A parser with ``model``'s options whose elements are HtmlElement, picked in C."""
    parser = model.copy()
    parser.set_element_class_lookup(
        etree.ElementDefaultClassLookup(
            element=lxml_html.HtmlElement,
            comment=lxml_html.HtmlComment,
            pi=lxml_html.HtmlProcessingInstruction,
            entity=lxml_html.HtmlEntity,
        )
    )
    return parser
