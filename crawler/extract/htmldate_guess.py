"""htmldate's wide search, the last resort for a publication date, and the checks its day must pass.

htmldate looks everywhere: scripts, attributes, free text, the addresses of links and images.
A day found only in those addresses ('/2024/01/22/other-story/', '/uploads/2025/12/160080.jpg')
is another page's or a photo's, and a first of the month the page never writes is a guess
from a year and month alone: neither dates the page. Nor does a day written only as
'03/04/2025' in the order the page's language does not write (day first but for American
English): htmldate guessed the order, which `find_date_in_text` declines to do.
"""

from __future__ import annotations

import functools
import logging
import re
from datetime import date, datetime
from typing import Literal

from lxml import html as lxml_html

from crawler.extract.dates import either_order, find_date_in_text

logger = logging.getLogger(__name__)


def htmldate_day(
    tree: lxml_html.HtmlElement, fetched_at: datetime, min_date: date | None, language: str = ""
) -> str | None:
    """The day ('2020-03-18') htmldate's extensive search dates the page with, if it passes
    the checks above; `language` is the page's declared language tag ('en-US')."""
    from htmldate import find_date

    _use_pattern_first_parser()
    try:
        found = find_date(
            tree,
            extensive_search=True,
            original_date=True,
            outputformat="%Y-%m-%d",
            max_date=fetched_at.date().isoformat(),
            min_date=(min_date or date(1990, 1, 1)).isoformat(),
        )
    except Exception:
        logger.debug("htmldate failed", exc_info=True)
        return None
    if not found:
        return None
    written = where_written(found, tree, day_first(language))
    if written in ("links", "either way") or (written == "nowhere" and found.endswith("-01")):
        return None
    return str(found)


# Attributes that hold an address: where a day stands in one, it is in another page's or a
# file's address. Every attribute of a link or an image is theirs too ('<a title="Posted
# 2024-10-25">', an image's alt text).
_ADDRESS_ATTRIBUTES = frozenset(
    {"href", "src", "srcset", "data-src", "data-srcset", "data-lazy-src", "data-original"}
    | {"data-href", "data-url", "poster", "action"}
)
_OTHERS_ELEMENTS = frozenset({"a", "img", "link", "source", "iframe", "picture", "video"})
_ADDRESS = re.compile(r"\s*(?:https?:)?//|\s*/\S*/")


Written = Literal["page", "either way", "links", "nowhere"]


def where_written(day: str, tree: lxml_html.HtmlElement, first: bool | None = None) -> Written:
    """Where the page writes `day` ('2020-03-18'): "page" (its text, scripts or attributes),
    "either way" (there only as '03/04/2025', in an order the page's language does not
    read as this day: `first` from `day_first`), "links" (only in addresses and the
    attributes of links and images), or "nowhere" in any form `day_pattern` knows."""
    pattern = day_pattern(day[:4], day[5:7], day[8:10])
    in_links = either_way = False

    def read_otherwise(text: str) -> bool:
        return all(_either_way(match.group(), day, first) for match in pattern.finditer(text))

    for element in tree.iter():
        for text in (element.text, element.tail):
            if text and pattern.search(text):
                if not read_otherwise(text):
                    return "page"
                either_way = True
        for name, value in element.attrib.items():
            if not pattern.search(value):
                continue
            if (
                element.tag in _OTHERS_ELEMENTS
                or name in _ADDRESS_ATTRIBUTES
                or _ADDRESS.match(value)
            ):
                in_links = True
            elif read_otherwise(value):
                either_way = True
            else:
                return "page"
    if either_way:
        return "either way"
    return "links" if in_links else "nowhere"


# A day written in numbers with the year last: '3/4/2025', '03-04-2025', '4.3.2025'.
_YEAR_LAST = re.compile(r"0?(\d{1,2})([-/.])0?(\d{1,2})\2\d{4}")


def _either_way(written: str, day: str, first: bool | None) -> bool:
    """Whether `written` reads as `day` in one of two orders only (day and month both 12 or
    less and different: '3/4/2025'), and not in the one the page's language writes (`first`:
    True for the day first, False for the month, None where unknown). Dots are written day
    first everywhere ('3.4.2025' is 3 April). `find_date_in_text` reads none of them."""
    numbers = _YEAR_LAST.fullmatch(written)
    if numbers is None:
        return False
    head, separator, tail = int(numbers.group(1)), numbers.group(2), int(numbers.group(3))
    if not either_order(head, tail):
        return False
    convention = True if separator == "." else first
    return convention is None or convention != (head == int(day[8:10]))


def day_first(language: str) -> bool | None:
    """Whether a page in `language` (the tag it declares) writes the day before the month in
    '05/12/2020': the United States' English puts the month first, the rest of the English-
    speaking world and other languages the day; a bare 'en' may be either."""
    code = language.strip().casefold().replace("_", "-")
    if not code or code == "en":
        return None
    return not code.startswith("en-us")


@functools.cache
def day_pattern(year: str, month: str, day: str) -> re.Pattern[str]:
    """A day written in numbers ('2020-03-18', '18.03.2020', '03/18/2020', '20200318',
    '2020年3月18日') or with a month's name ('18 March 2020', 'March 18, 2020', '18 de marzo de
    2020'; any word is taken for the name)."""
    m, d = month.lstrip("0"), day.lstrip("0")
    return re.compile(
        rf"{year}[-/.]0?{m}[-/.]0?{d}(?!\d)|(?<!\d)0?{d}[-/.]0?{m}[-/.]{year}|"
        rf"(?<!\d)0?{m}[-/.]0?{d}[-/.]{year}|{year}{month}{day}|"
        rf"(?<!\d)0?{d}(?:st|nd|rd|th|er|º|\.)? ?(?:de )?[^\W\d]+\.?,? (?:de )?{year}|"
        # from a word's start only: tried inside a long word, the name would rescan it
        rf"(?<![^\W\d])[^\W\d]+\.? 0?{d}(?:st|nd|rd|th)?, {year}|{year}年0?{m}月0?{d}日",
    )


@functools.cache
def _use_pattern_first_parser() -> None:
    """Give htmldate's free-text step our pattern-first parser instead of its own dateparser.

    htmldate hands free text to a dateparser that guesses among all languages: 2 s to load
    and 15-25 ms a string.  `find_date_in_text` finds candidates with patterns first and
    gives dateparser only those, with its languages fixed (see crawler.extract.dates).
    """
    import htmldate.extractors

    from crawler.extract.month_words import use_cached_month_words

    htmldate.extractors._external_date = free_text_date
    use_cached_month_words()  # its gate before that parser would load every locale


def free_text_date(string: str) -> datetime | None:
    """A naive datetime for htmldate's validation, from our own free-text date search."""
    found = find_date_in_text(string, source="htmldate")
    if found is None:
        return None
    value = found.value
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return datetime(value.year, value.month, value.day)
