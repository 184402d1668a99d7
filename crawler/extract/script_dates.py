"""The publication date a page's scripts hold in their state data, where nothing else dates it.

Pages rendered by JavaScript frameworks (Next.js' ``__NEXT_DATA__``, Nuxt, Arc's Fusion
globals, a CMS's tracking layer) carry the story's record in a script:
``"dateOfPublication":"2020-01-30 09:44:01"``, ``\\"publishedDate\\":\\"2024-11-15T10:59Z\\"``.
Where neither metadata, a ``<time>``, the URL nor a printed dateline dates the page, the
first value under a key that names the publication is read before htmldate's wider search:
that search takes any date it meets, and in these records the first one is often
``lastModifiedDate`` or ``updated``, or an image's upload folder. A key that names an update
or a creation is never read here. The value is an ISO day or time, or a Unix time in seconds
or milliseconds (Medium's ``"firstPublishedAt":1426609660294``), read as a UTC instant and
kept as its ISO spelling (``2015-03-17T16:27:40+00:00``): the digits are no date a reader
could check against the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import islice

from lxml import html as lxml_html

from crawler.extract.textnorm import letters_key

# A key and its value: an ISO day with an optional time and offset, in quotes that may be
# escaped (JSON inside a JavaScript string) or single (a JavaScript object); or a bare Unix
# time of 10 or 13 digits.
_KEY_VALUE = re.compile(
    r"""\\?["']([A-Za-z][A-Za-z_ ]{1,30})\\?["']\s*:\s*(?:\\?["']"""
    r"""(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?)"""
    r"""|(\d{13}|\d{10})(?![\d.]))"""
)
# Keys naming the publication, as letters only and case folded: 'datePublished',
# 'published_at', 'Publish Date' (a tracking layer's), 'dateOfPublication', 'pubDate'.
PUBLISHED_KEYS = frozenset(
    {
        "datepublished",
        "publishedat",
        "publicationdate",
        "publishdate",
        "publisheddate",
        "publishedtime",
        "publishedon",
        "dateofpublication",
        "firstpublished",
        "firstpublisheddate",
        "firstpublishedat",
        "firstpublishdate",
        "pubdate",
        "publishtime",
        "published",
        "dateposted",
        "postedat",
        "postedon",
    }
)
MAX_SCRIPT_CHARS = 2_000_000  # read over all scripts, a page's framework state included
# Every key above holds one of these; found with str.find, the pattern is tried only around
# them (on 2.4 MB of state data with quotes everywhere: 4 ms, against 58 ms for the pattern
# searched over it).
_KEY_PARTS = ("ublish", "ublicat", "ubDate", "ubdate", "ub_date", "osted")
# A Unix time's unit after the key: 'publishTimeMillis', 'publishedDateUnix'.
_UNIT_SUFFIX = re.compile(r"(?:millis|unix|timestamp|epoch)$")
_KEY_REACH = (40, 90)  # characters before and after a key part that its key and value span
MAX_KEY_TRIES = 200  # key parts tried a page: a story's own record comes before its lists


def script_published(tree: lxml_html.HtmlElement) -> str:
    """The first publication date under a publication key in the page's scripts, raw ('' if
    none), within the first MAX_SCRIPT_CHARS of script text and MAX_KEY_TRIES key parts."""
    before, after = _KEY_REACH
    for text, start in islice(_key_places(tree), MAX_KEY_TRIES):
        for found in _KEY_VALUE.finditer(text, max(0, start - before), start + after):
            if found.start(1) <= start < found.end(1):
                if _publication_key(found[1]):
                    return found[2] or _epoch_instant(found[3])
                break
    return ""


def _publication_key(key: str) -> bool:
    """Whether a key names the publication, a unit after it or not ('publishTimeMillis')."""
    letters = letters_key(key)
    return letters in PUBLISHED_KEYS or _UNIT_SUFFIX.sub("", letters) in PUBLISHED_KEYS


def _epoch_instant(digits: str) -> str:
    """A Unix time in seconds (10 digits) or milliseconds (13) as an ISO instant in UTC."""
    seconds = int(digits) / 1000 if len(digits) == 13 else int(digits)
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds")


def _key_places(tree: lxml_html.HtmlElement) -> Iterator[tuple[str, int]]:
    """(script text, place) of each key part, in document order."""
    budget = MAX_SCRIPT_CHARS
    for script in tree.iter("script"):
        text = (script.text or "")[:budget]
        yield from ((text, start) for start in _places_in_order(text))
        budget -= len(text)
        if budget <= 0:
            return


def _places_in_order(text: str) -> Iterator[int]:
    """The places of the key parts in one text, in order, each part's next place found only
    once it is needed."""
    places = {part: text.find(part) for part in _KEY_PARTS}
    while True:
        part, start = min(places.items(), key=_place_or_end)
        if start < 0:
            return
        yield start
        places[part] = text.find(part, start + 1)


def _place_or_end(item: tuple[str, int]) -> float:
    """A key part's next place; a part that no longer occurs sorts last."""
    return item[1] if item[1] >= 0 else float("inf")
