"""Publication and modification dates of a page, from the most trusted source that has one.

Order of trust: site selector, JSON-LD, meta tags, <time> in the page, the date discovery saw
(feed or sitemap), the URL, a date printed near the headline, the script state's publication
key, a date in the <title>, and last htmldate's wider search. A dateline earlier than the
metadata's publication outvotes it where the metadata stamped both dates on one day.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from crawler.extract.comments import in_comments
from crawler.extract.date_marks import (
    LEAD_CHARS,
    PUBLISHED_MARK,
    UPDATED_MARK,
    is_updated,
    published_and_updated,
)
from crawler.extract.dates import NormalizedDate, date_from_url, find_date_in_text, parse_date
from crawler.extract.htmldate_guess import htmldate_day
from crawler.extract.local_time import day_of_unzoned_time, localize_utc_stamp
from crawler.extract.metadata import PageMetadata
from crawler.extract.script_dates import script_published
from crawler.extract.story_lists import (
    in_dated_list,
    in_other_article,
    in_story_teaser,
    in_time_list,
    own_addresses,
)

VISIBLE_TEXT_CHARS = 1500
MAX_HEADLINES = 5
HEADLINE_SHARE = 0.6
HEADLINE_LEVELS = 2  # the h1's parent and grandparent, then <body>
SEMANTIC_SCOPES = ("header", "article", "main")  # around the h1, searched after those two
DATELINE_TAGS = (
    *("p", "span", "div", "time", "li", "small", "em", "strong", "b", "i", "font", "td"),
    *("dt", "dd"),
)
MAX_DATELINE_ELEMENTS = 150
MAX_AFTER_HEADLINE = 40
MAX_DATELINE_CHARS = 60
# Text a reader sees as the page's own: no scripts, no photo captions ("..., January 16, 2020"),
# and no quotes (an embedded tweet's "— Name (@handle) January 1, 2020" dates the tweet).
# Plain strings (smart_strings=False): no element object is built for each result's parent.
_VISIBLE_TEXT = etree.XPath(
    ".//text()[not(ancestor::script or ancestor::style or ancestor::figcaption"
    " or ancestor::figure or ancestor::noscript or ancestor::blockquote)]",
    smart_strings=False,
)


@dataclass(frozen=True)
class PageDates:
    """The dates found: published and modified, each None when no source had a valid one."""

    published: NormalizedDate | None
    modified: NormalizedDate | None


@dataclass(frozen=True)
class DateContext:
    """Everything but the parsed page that the dates of one page are found with.

    The site's `timezone` (IANA name; "" when neither configured nor inferred, see
    `day_of_unzoned_time`), `languages` and `min_date`; `fetched_at` resolves
    relative dates and rejects later ones (without it, relative dates are not resolved: '3
    hours ago' read today is no date of a page fetched on another day); `hint_published` is
    the raw date discovery saw (a feed or sitemap) and `hint_source` which; `title` finds
    the headline a printed date stands near; `html` is the raw page, for local times;
    `declared_language` the page's language tag as written ('en-US'), which orders day and
    month in htmldate's '03/04/2025'.
    """

    fetched_at: datetime | None = None
    url: str = ""
    timezone: str = ""
    languages: tuple[str, ...] | None = None
    min_date: date | None = None
    hint_published: str = ""
    hint_source: str = "feed"
    title: str = ""
    html: str = ""
    declared_language: str = ""

    def parse(self, raw: str, source: str) -> NormalizedDate | None:
        """`raw` read by :func:`parse_date` with this site's rules (None when invalid)."""
        return parse_date(
            raw,
            source=source,
            languages=self.languages,
            timezone=self.timezone,
            fetched_at=self.fetched_at,
            min_date=self.min_date,
        )

    def find_in_text(self, text: str, source: str = "text") -> NormalizedDate | None:
        """The first valid date in free text (:func:`find_date_in_text`)."""
        return find_date_in_text(
            text,
            source=source,
            languages=self.languages,
            timezone=self.timezone,
            fetched_at=self.fetched_at,
            min_date=self.min_date,
        )


def find_dates(
    tree: lxml_html.HtmlElement, meta: PageMetadata, selected: list[str], context: DateContext
) -> PageDates:
    """Published and modified dates, normalized with the site's languages and timezone.

    `selected` are the texts of the site's `published` selector.  A date the page gave in
    UTC is shown in the outlet's own offset when the page also writes the same instant as
    local wall-clock time (see crawler.extract.local_time).
    """
    # Found only where a <time> or the printed dates need it: most pages' metadata dates them.
    headline = functools.cache(functools.partial(_headline_element, tree, context.title))
    # Neither another story's card, nor an item of a list of dated teasers, nor a reader's
    # comment dates this story, as published or as modified.
    own = own_addresses(context.url, meta.get("canonical")[0])
    times = [
        t
        for t in _dated_times(tree)
        if not in_other_article(t, headline())
        and not in_time_list(t, own, context.url)
        and not in_comments(t)
    ]
    published = _first_date(_published_candidates(selected, meta, times, context), context)
    modified = _first_date([meta.get("modified"), *_updated_times(times)], context)
    if published is None:
        published, printed_update = _url_or_visible_date(tree, headline(), context)
        if published is not None and published is printed_update:
            # Only an update's date is printed: the script state may name the publication.
            published = _script_state_date(tree, context) or published
        published = (
            published
            or _script_state_date(tree, context)
            or _title_date(meta.get("html_title")[0], context)
            or _htmldate(tree, context)
        )
        modified = modified or printed_update
        if published is not None and _after(published, modified):
            # No page is published after it is modified: the fallback's day is one the page
            # mentions, and the printed update, where there is one, dates the page.
            published = printed_update if not _after(printed_update, modified) else None
    elif modified is None:  # the metadata dates the page but states no modification
        modified = _update_near_headline(headline(), context)
    if published is not None:
        published = localize_utc_stamp(published, context.html)
    if published is not None and modified is not None and _saved_at_once(published, modified):
        published = _earlier_printed(published, headline(), context)
    published, modified = day_of_unzoned_time(published), day_of_unzoned_time(modified)
    return PageDates(published=published, modified=modified)


def _after(published: NormalizedDate | None, modified: NormalizedDate | None) -> bool:
    """A fallback's day more than a day (`ZONE_SLACK`) after the page's modification, which
    no publication can be: a day the text mentions ('valid through 01/23/2026' where the
    JSON-LD says 2025-11-04 for the modification, 'the tax season ends April 15, 2025' under
    'Updated Jan. 17, 2025'), or a script state's key naming a later item's."""
    if published is None or modified is None:
        return False
    return published.day - modified.day > ZONE_SLACK


def _dated_times(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """The page's first <time datetime> elements, in document order."""
    return list(tree.xpath("//time[@datetime]")[:MAX_TIME_ELEMENTS])


def _published_candidates(
    selected: list[str],
    meta: PageMetadata,
    times: list[lxml_html.HtmlElement],
    context: DateContext,
) -> list[tuple[str, str]]:
    candidates = [(text, "selector") for text in selected]
    candidates.append(meta.get("published"))
    # A <time> marked as the entry's date first; one marked "updated" is no publication date.
    marked = [t for t in times if PUBLISHED_MARK.search(_marks(t))]
    for time_element in [*marked, *(t for t in times if t not in marked)][:3]:
        if not _is_updated(time_element):
            candidates.append((time_element.get("datetime", ""), "time"))
    if context.hint_published:
        candidates.append((context.hint_published, context.hint_source))
    return candidates


MAX_TIME_ELEMENTS = 6


def _marks(element: lxml_html.HtmlElement) -> str:
    """What marks a <time> as one date or the other: its class, itemprop, pubdate, the text
    just before it, and its parent's class."""
    parent = element.getparent()
    before = element.getprevious()
    lead = (before.tail if before is not None else parent.text if parent is not None else "") or ""
    return " ".join(
        (
            element.get("class") or "",
            element.get("itemprop") or "",
            "pubdate" if element.get("pubdate") is not None else "",
            lead[-40:],
            (parent.get("class") or "") if parent is not None else "",
        )
    )


def _is_updated(element: lxml_html.HtmlElement) -> bool:
    return is_updated(_marks(element))


def _updated_times(times: list[lxml_html.HtmlElement]) -> list[tuple[str, str]]:
    """The datetime of the first <time> marked as the last update ('Updated 7 May'). None
    where that first one marks the publication too (hAtom's 'published updated': an entry
    never updated): a later one is another story's (a related post's 'updated' stamp)."""
    first = next((t for t in times if UPDATED_MARK.search(_marks(t))), None)
    if first is None or not _is_updated(first):
        return []
    return [(first.get("datetime", ""), "time")]


def _first_date(candidates: list[tuple[str, str]], context: DateContext) -> NormalizedDate | None:
    for raw, source in candidates:
        if raw:
            found = context.parse(raw, source)
            if found is not None:
                return found
    return None


@dataclass(frozen=True)
class _Printed:
    """The dates a page prints near its headline: the publication's and the last update's
    ('Updated 6 May 2025'), and whether a list of other stories' dates was passed over."""

    published: NormalizedDate | None = None
    updated: NormalizedDate | None = None
    listed: bool = False


def _url_or_visible_date(
    tree: lxml_html.HtmlElement, headline: lxml_html.HtmlElement | None, context: DateContext
) -> tuple[NormalizedDate | None, NormalizedDate | None]:
    """The URL's day, which a date printed near the headline refines when it falls on that
    day; and the printed update's date."""
    from_url = None
    if context.url:
        from_url = date_from_url(
            context.url,
            timezone=context.timezone,
            fetched_at=context.fetched_at,
            min_date=context.min_date,
        )
    printed = _visible_date(tree, headline, context)
    visible = printed.published
    if from_url is None or (visible is not None and visible.day == from_url.day):
        return visible, printed.updated
    return from_url, printed.updated


def _visible_date(
    tree: lxml_html.HtmlElement, headline: lxml_html.HtmlElement | None, context: DateContext
) -> _Printed:
    """A date printed near the headline ('CCTV.com2025-05-05', 'Published: 5 May 2025'), not
    one marked as the last update ('Updated: 6 May 2025'), which is kept apart; where the
    nearest dateline holds only an update's date, that date is the page's."""
    updated = None
    for place in itertools.chain(_near_headline(headline), _whole_body(tree)):
        printed = _dateline(place.elements, context, headline)
        found, updated = printed.published, updated or printed.updated
        if found is None and not printed.listed and place.scope is not None:
            text = " ".join(" ".join(_VISIBLE_TEXT(place.scope)).split())[:VISIBLE_TEXT_CHARS]
            found, in_text = published_and_updated(text, context.find_in_text)
            updated = updated or in_text
        if found is not None:
            return _Printed(found, updated)
        if updated is not None:  # the nearest date printed is an update's: it dates the page
            return _Printed(updated, updated)
    return _Printed(None, updated)


def _saved_at_once(published: NormalizedDate, modified: NormalizedDate) -> bool:
    """The metadata's publication and modification fall on one day: a CMS that stamps both
    when a page is saved (a migration, a redesign) may have stamped an old story so."""
    return published.source in ("json-ld", "meta") and published.utc.date() == modified.utc.date()


def _earlier_printed(
    published: NormalizedDate, headline: lxml_html.HtmlElement | None, context: DateContext
) -> NormalizedDate:
    """The date printed in the headline's dateline when it is earlier than the metadata's
    (`_saved_at_once`): 'January 31, 2024' under the headline of a page whose JSON-LD says
    2025-11-05 for both dates, earlier by more than a day (`ZONE_SLACK`). Only a dateline
    before the story's first paragraph counts ('As of July 31, the agency has received...' is
    the story's), and none where the dateline prints an update ('Updated: March 16': the
    update may be what the metadata stamped) or comes after other stories' dates (a
    sidebar's list), nor where the URL holds the day the story was filed."""
    if headline is None or date_from_url(context.url) is not None:
        return published
    for scope in _headline_scopes(headline):
        dateline = _dateline(_before_story(_scope_elements(scope)), context, headline)
        if dateline.updated is not None or dateline.listed:
            return published
        if dateline.published is not None:
            earlier = published.day - dateline.published.day > ZONE_SLACK
            return dateline.published if earlier else published
    return published


MIN_STORY_WORDS = 20
# A stamp in UTC and the local day printed beside it differ by up to one day ('2019-11-20T02:00Z'
# under 'Nov 19, 2019' in New York): a dateline outvotes the metadata only when it is earlier
# by more than that.
ZONE_SLACK = timedelta(days=1)


def _before_story(elements: list[lxml_html.HtmlElement]) -> list[lxml_html.HtmlElement]:
    """The elements before the first paragraph of running text (20 words or more)."""
    for index, element in enumerate(elements):
        if element.tag == "p" and len(element.text_content().split()) >= MIN_STORY_WORDS:
            return elements[:index]
    return elements


def _update_near_headline(
    headline: lxml_html.HtmlElement | None, context: DateContext
) -> NormalizedDate | None:
    """A date printed near the headline and marked as the last update ('Updated: 6 May'):
    never the whole page (0.2 ms a page)."""
    for place in _near_headline(headline):
        updated = _dateline(place.elements, context, headline).updated
        if updated is not None:
            return updated
    return None


@dataclass(frozen=True)
class _Place:
    """Where a dateline may stand: its short elements in document order, and the scope whose
    text is searched when none of them holds one (None: the elements alone)."""

    elements: list[lxml_html.HtmlElement]
    scope: lxml_html.HtmlElement | None


def _near_headline(headline: lxml_html.HtmlElement | None) -> Iterator[_Place]:
    """The headline's scopes, nearest first, then the elements that follow it in the page
    (a dateline in another branch of a deeply nested layout)."""
    if headline is None:
        return
    for scope in _headline_scopes(headline):
        yield _Place(_scope_elements(scope), scope)
    yield _Place(_elements_after(headline), None)


def _whole_body(tree: lxml_html.HtmlElement) -> Iterator[_Place]:
    body = tree.find("body")
    if body is not None:
        yield _Place(_scope_elements(body), body)


def _scope_elements(scope: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    return list(itertools.islice(scope.iter(*DATELINE_TAGS), MAX_DATELINE_ELEMENTS))


def _elements_after(headline: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """The first elements a dateline may stand in after the headline, in document order,
    out of the headline's own branch: '<div><h1>..</h1></div><div><div><a>Author</a>
    <p>October 24, 2024</p></div></div>'."""
    following = (
        element
        for node in (headline, *headline.iterancestors())
        for sibling in node.itersiblings()
        if isinstance(sibling.tag, str)
        for element in sibling.iter(*DATELINE_TAGS)
    )
    return list(itertools.islice(following, MAX_AFTER_HEADLINE))


def _headline_scopes(headline: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """Where a dateline stands, nearest first: the headline's parent and grandparent, then the
    <header>, <article> and <main> around it (a date beside the headline's columns)."""
    ancestors = list(headline.iterancestors())
    scopes = ancestors[:HEADLINE_LEVELS]
    for element in ancestors[HEADLINE_LEVELS:]:
        if element.tag in SEMANTIC_SCOPES:
            scopes.append(element)
    return scopes


def _dateline(
    elements: list[lxml_html.HtmlElement],
    context: DateContext,
    headline: lxml_html.HtmlElement | None,
) -> _Printed:
    """A date standing in a short element of its own ('<p>January 18, 2020</p>'), not in prose,
    and whether dates of a list of other stories were passed over on the way (then the
    scope's text holds those dates too, and is not searched). A date the words before it
    mark as an update ('Updated: ', in the element or just before it) is the update's."""
    listed = False
    updated: NormalizedDate | None = None
    passed: list[lxml_html.HtmlElement] = []  # elements that hold an update's date
    marked = _marked_updates(elements)
    own = own_addresses(context.url, "")
    for element in elements:
        text = _short_text(element)
        if not text or any(up in passed for up in element.iterancestors()):
            continue
        if in_story_teaser(element, own, context.url) or in_other_article(element, headline):
            listed = True
            continue
        if element in marked:
            found, in_text = None, context.find_in_text(text)
        else:
            inner = [update for update in marked if element in update.iterancestors()]
            for update in inner:
                updated = updated or context.find_in_text(_short_text(update))
                text = text.replace(_short_text(update), " ", 1)
            found, in_text = published_and_updated(text, context.find_in_text, _lead(element))
        if in_text is not None:
            updated = updated or in_text
            passed.append(element)
        if found is None:
            continue
        if not in_dated_list(element, lambda e: bool(context.find_in_text(_short_text(e)))):
            return _Printed(found, updated, listed)
        listed = True
    return _Printed(None, updated, listed)


def _marked_updates(elements: list[lxml_html.HtmlElement]) -> list[lxml_html.HtmlElement]:
    """The elements whose class or itemprop marks them as the last update's date, where
    another element is marked as the publication's: '<time class="updated">December 10,
    2021</time><time class="entry-date published">April 9, 2019</time>' (WordPress themes).
    Alone, an "updated" class is hAtom's mark on the post's one date ('mvp-post-date
    updated'), not a sign of a second date."""
    marked = [element for element in elements if is_updated(_class_marks(element))]
    if marked and any(PUBLISHED_MARK.search(_class_marks(element)) for element in elements):
        return marked
    return []


def _class_marks(element: lxml_html.HtmlElement) -> str:
    return f"{element.get('class') or ''} {element.get('itemprop') or ''}"


def _lead(element: lxml_html.HtmlElement) -> str:
    """The words just before an element: a label in the element before it, or its parent's
    text ('<span>Updated</span> <time>6 May</time>', '<p>Updated <b>6 May</b></p>')."""
    before = element.getprevious()
    while before is not None and not isinstance(before.tag, str):  # a comment
        before = before.getprevious()
    if before is not None:
        return " ".join(f"{before.text_content()} {before.tail or ''}".split())[-LEAD_CHARS:]
    parent = element.getparent()
    return " ".join((parent.text or "").split())[-LEAD_CHARS:] if parent is not None else ""


def _short_text(element: lxml_html.HtmlElement) -> str:
    """The element's visible text when it is short and has a digit, else ''."""
    text = " ".join(" ".join(_VISIBLE_TEXT(element)).split())
    if 6 <= len(text) <= MAX_DATELINE_CHARS and any(ch.isdigit() for ch in text):
        return text
    return ""


def _headline_element(tree: lxml_html.HtmlElement, title: str) -> Any:
    """The h1 (else h2 or h3) holding the article's title, not a logo; else the first h1."""
    headlines = tree.xpath("//h1")[:MAX_HEADLINES]
    folded = " ".join(title.split()).casefold()
    if folded:
        for element in [*headlines, *tree.xpath("//h2 | //h3")[:MAX_HEADLINES]]:
            text = " ".join(element.text_content().split()).casefold()
            if _same_headline(text, folded):
                return element
    return headlines[0] if headlines else None


def _same_headline(text: str, title: str) -> bool:
    """One holds the other and is not much shorter ('Headline' vs 'Kicker: Headline')."""
    shorter, longer = sorted((text, title), key=len)
    return bool(shorter) and shorter in longer and len(shorter) >= HEADLINE_SHARE * len(longer)


def _script_state_date(tree: lxml_html.HtmlElement, context: DateContext) -> NormalizedDate | None:
    """The publication date in the page's script state data (crawler.extract.script_dates)."""
    raw = script_published(tree)
    return context.parse(raw, "script") if raw else None


def _title_date(html_title: str, context: DateContext) -> NormalizedDate | None:
    """A date the page's <title> writes beside the headline ('Was wissen wir? – DW –
    13.06.2023', '... - 21/12/2018 - Esporte - Folha'): where nothing closer dates the page,
    the outlet's own statement of its day, read before htmldate's search of the whole page.
    The <title> is the one the page's metadata read."""
    text = " ".join(html_title.split())[:VISIBLE_TEXT_CHARS]
    return context.find_in_text(text, "title") if text else None


def _htmldate(tree: lxml_html.HtmlElement, context: DateContext) -> NormalizedDate | None:
    """htmldate's extensive search (scripts, attributes, free text) as the last resort, its
    day checked by crawler.extract.htmldate_guess."""
    fetched_at = context.fetched_at or datetime.now(UTC)
    day = htmldate_day(tree, fetched_at, context.min_date, context.declared_language)
    return context.parse(day, "htmldate") if day else None
