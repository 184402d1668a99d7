"""The outlet's own UTC offset for a timestamp a page gave in UTC, read off a local echo of it.

Many CMSs write machine dates in UTC ("2020-02-18T02:18:11Z") while the page prints or scripts
the same instant as wall-clock time ("2020-02-17 21:18:11", "Feb 17, 2020 at 9:18 PM"). The
outlet's calendar day is the local one, so when such an echo is found the instant is kept and
shown in the offset the echo implies.  An echo counts only when it is a real UTC offset away
(whole hours, or the half and quarter hours of a few zones) and, when both sides have seconds,
agrees on the seconds.  Without an echo, the offset that the page's other timestamps carry
(two thirds of them at least) is the outlet's zone and is used the same way; it also wins
over an echo to the minute more than an hour away from it (a chance match).  A wall time
that stated no offset at all (read as UTC only for want of the site's timezone) is the
outlet's clock: it keeps its day and is read in that offset, which corrects its instant.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

from crawler.extract.dates import UNZONED, NormalizedDate

# UTC offsets in use (whole hours, and the half and quarter hours a few zones have), not 0.
# Not -12:00 either: no one lives there, and it is what a 12-hour clock printed without
# AM/PM ("3:48" for 15:48 UTC) looks like.
REAL_OFFSETS = frozenset(
    [timedelta(hours=h) for h in range(-11, 15) if h]
    + [
        timedelta(hours=h, minutes=m) * sign
        for sign, h, m in (
            (-1, 9, 30), (-1, 3, 30), (-1, 2, 30), (1, 3, 30), (1, 4, 30), (1, 5, 30),
            (1, 5, 45), (1, 6, 30), (1, 8, 45), (1, 9, 30), (1, 10, 30), (1, 12, 45),
            (1, 13, 45),
        )
    ]
)  # fmt: skip
DAYLIGHT_SAVING = timedelta(hours=1)  # the most a zone's offset moves in a year
MAX_YEAR_HITS = 400  # occurrences of the year looked at; pages are scanned from the year only
NAME_REACH = 20  # characters before a year where "September 17, " can start
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# All patterns are tried only where the instant's year occurs (found with str.find: fast).
# "2020-02-17 21:18:11", "2020-12-06 00:15", "2020-08-25|00h23": wall time without an offset.
_ISO_WALL = re.compile(
    r"(?<!\d)(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)[ T|](?P<H>\d{1,2})[:h](?P<M>\d\d)"
    r"(?::(?P<S>\d\d))?(?:\.\d+)?(?![\d:.]|\s*(?:Z|[+-]\d\d|UTC|GMT))"
)
# "Apr 13, 2020 at 4:38 PM", "April 13, 2020, 16:38".
_NAMED_WALL = re.compile(
    r"\b(?P<mon>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*)\.? (?P<d>\d{1,2}),"
    r" (?P<y>\d{4}),?(?: at| -)? (?P<H>\d{1,2}):(?P<M>\d\d)(?::(?P<S>\d\d))?"
    r"\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?"
)
# "2020-05-01T23:00:00-04:00", "Fri, 01 May 2020 23:00:00 -0400": a timestamp with its offset.
_STAMP_OFFSET = re.compile(
    r"\d{4}(?:-\d\d-\d\dT| )\d\d:\d\d(?::\d\d)?(?:\.\d+)? ?"
    r"(?P<sign>[+-])(?P<h>\d\d):?(?P<m>\d\d)(?!\d)"
)


def localize_utc_stamp(found: NormalizedDate, html: str) -> NormalizedDate:
    """`found` in the outlet's offset when it is a UTC timestamp echoed as local time.

    A wall time given without any offset ('2026-07-12 22:09', read as UTC for want of the
    site's timezone) is not shifted: it is the outlet's own clock, so it is read in the
    offset the page's other timestamps carry, its day unchanged.
    """
    value = found.value
    if not isinstance(value, datetime) or value.utcoffset() != timedelta(0) or not html:
        return found
    hits = _year_hits(html, value.year)
    if not _STATED_UTC.search(found.raw):
        page_offset = _page_offset(html, hits)
        if page_offset is None:
            return found
        wall = value.replace(tzinfo=timezone(page_offset))
        return replace(found, value=wall, utc=wall.astimezone(UTC))
    offset, to_the_second = _echo_offset(value.replace(tzinfo=None), html, hits)
    if not to_the_second:
        offset = _minute_echo_or_page_offset(offset, _page_offset(html, hits))
    if offset is None:
        return found
    local = value.astimezone(timezone(offset))
    return replace(found, value=local, day=local.date())


def day_of_unzoned_time(found: NormalizedDate | None) -> NormalizedDate | None:
    """`found` as a day when it is a wall time read as UTC for want of any zone.

    For a site whose timezone is neither configured nor inferred (crawler.extract.
    country_zone), a time printed without an offset ("20/01/2026, 18:30") names the
    outlet's day, not an instant: read as UTC it could be up to 14 hours off, and a day
    off in the outlet's own calendar. The raw text keeps the time."""
    if found is None or not isinstance(found.value, datetime):
        return found
    if found.value.tzinfo is not UNZONED:
        return found
    day = found.value.date()
    midnight = datetime.combine(day, datetime.min.time(), UTC)
    return replace(found, value=day, utc=midnight, day=day, precision="day")


# The raw string says it is UTC: 'Z', '+00:00', 'UTC', 'GMT'.
_STATED_UTC = re.compile(r"(?<![a-z])(?:z|utc|gmt)(?![a-z])|[+-]00:?00", re.IGNORECASE)


def _year_hits(html: str, year: int) -> list[int]:
    """Where the instant's year (or the next one, for New Year's Eve) is written in the page."""
    hits: list[int] = []
    for text in (str(year), str(year + 1)):
        where = html.find(text)
        while where >= 0 and len(hits) < MAX_YEAR_HITS:
            hits.append(where)
            where = html.find(text, where + 4)
    return sorted(hits)


def _echo_offset(instant: datetime, html: str, hits: list[int]) -> tuple[timedelta | None, bool]:
    """The offset of the wall-clock echo of `instant` in the page, if there is one, and
    whether the echo agrees to the second.

    An echo to the second is taken at once; echoes to the minute only when they all imply
    the same offset (a list of other stories' times can match a minute by chance).
    """
    to_minute = instant.replace(second=0, microsecond=0)
    by_minute: set[timedelta] = set()
    for wall, has_seconds in _wall_times(html, hits):
        delta = wall - (instant.replace(microsecond=0) if has_seconds else to_minute)
        if delta not in REAL_OFFSETS:
            continue
        if has_seconds:
            return delta, True
        by_minute.add(delta)
    return (by_minute.pop() if len(by_minute) == 1 else None), False


def _minute_echo_or_page_offset(
    echoed: timedelta | None, page: timedelta | None
) -> timedelta | None:
    """The offset an echo to the minute implies, unless the page's timestamps carry one more
    than the daylight-saving hour away: then the echo is a chance match (a comment printed
    at 7:11 am beside stamps at -05:00, for a post at 02:41 UTC, is no +04:30 zone)."""
    if echoed is None or page is None:
        return echoed if echoed is not None else page
    return echoed if abs(echoed - page) <= DAYLIGHT_SAVING else page


def _page_offset(html: str, hits: list[int]) -> timedelta | None:
    """The one non-zero UTC offset the page's other timestamps carry (its CMS's zone), if any."""
    counts: Counter[timedelta] = Counter()
    for where in hits:
        match = _STAMP_OFFSET.match(html, where)
        if match is None:
            continue
        sign, hours, minutes = match.group("sign"), int(match.group("h")), int(match.group("m"))
        offset = timedelta(hours=hours, minutes=minutes) * (-1 if sign == "-" else 1)
        if offset in REAL_OFFSETS:
            counts[offset] += 1
    if not counts:
        return None
    offset, seen = counts.most_common(1)[0]
    return offset if seen * 3 >= 2 * sum(counts.values()) else None


def _wall_times(html: str, hits: list[int]) -> list[tuple[datetime, bool]]:
    """Wall-clock date-times written without an offset, in page order."""
    found: list[tuple[datetime, bool]] = []
    for where in hits:
        match = _ISO_WALL.match(html, where) or _NAMED_WALL.search(
            html, max(0, where - NAME_REACH), where + 40
        )
        if match is None or (match.re is _NAMED_WALL and match.start("y") != where):
            continue
        wall = _wall_from(match.groupdict())
        if wall is not None:
            found.append((wall, match.group("S") is not None))
    return found


def _wall_from(groups: dict[str, str | None]) -> datetime | None:
    month_name = groups.get("mon")
    month = _MONTHS.index(month_name[:3].lower()) + 1 if month_name else int(groups["m"] or 0)
    hour = int(groups["H"] or 0)
    ampm = (groups.get("ampm") or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    try:
        return datetime(
            int(groups["y"] or 0),
            month,
            int(groups["d"] or 0),
            hour,
            int(groups["M"] or 0),
            int(groups["S"] or 0),
        )
    except ValueError:
        return None
