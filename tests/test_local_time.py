"""A UTC timestamp shown in the outlet's offset when the page echoes it as local wall time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.extract.dates import UNZONED, NormalizedDate, parse_date
from crawler.extract.local_time import day_of_unzoned_time, localize_utc_stamp


def assert_kept(local: NormalizedDate, found: NormalizedDate) -> None:
    """Unchanged, offset included (datetimes of one instant compare equal in any offset)."""
    assert local == found
    assert local.value.utcoffset() == found.value.utcoffset()  # type: ignore[union-attr]


def stamp(raw: str) -> NormalizedDate:
    found = parse_date(raw, source="json-ld", fetched_at=datetime(2026, 1, 1, tzinfo=UTC))
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("page", "offset", "day"),
    [
        ('<script>var d = "2020-02-17 21:18:11";</script>', timedelta(hours=-5), "2020-02-17"),
        ("<script>date = '2020-12-06 00:15';</script>", timedelta(hours=1), "2020-12-06"),
        ("<p>Feb 17, 2020 at 9:18 PM</p>", timedelta(hours=-5), "2020-02-17"),
        (
            '<meta name="date.created" content="2020-02-18|07h48">',
            timedelta(hours=5, minutes=30),
            "2020-02-18",
        ),
    ],
)
def test_a_local_echo_gives_the_outlets_offset_and_day(
    page: str, offset: timedelta, day: str
) -> None:
    found = stamp("2020-02-18T02:18:11Z") if "12-06" not in page else stamp("2020-12-05T23:15Z")
    local = localize_utc_stamp(found, page)
    assert local.value.utcoffset() == offset  # type: ignore[union-attr]
    assert local.day.isoformat() == day
    assert local.utc == found.utc and local.raw == found.raw and local.source == found.source


@pytest.mark.parametrize(
    "page",
    [
        "",
        "<p>No times here at all.</p>",
        '<script>var d = "2020-02-17 21:19:40";</script>',  # another minute: not an echo
        '<script>var d = "2020-02-17 21:18:50";</script>',  # same minute, other seconds
        '<script>var d = "2020-02-15 21:18:11";</script>',  # more than 14 hours away
        '<script>var d = "2020-02-18 02:18:11";</script>',  # the UTC time itself
    ],
)
def test_without_an_echo_the_utc_stamp_is_kept(page: str) -> None:
    found = stamp("2020-02-18T02:18:11Z")
    assert_kept(localize_utc_stamp(found, page), found)


def test_dates_with_their_own_offset_or_only_a_day_are_never_moved() -> None:
    echo = '<script>var d = "2020-02-17 21:18:11";</script>'
    with_offset = stamp("2020-02-18T02:18:11+01:00")
    day_only = stamp("2020-02-18")
    assert localize_utc_stamp(with_offset, echo) == with_offset
    assert localize_utc_stamp(day_only, echo) == day_only


def test_without_an_echo_the_offset_of_the_pages_other_timestamps_is_used() -> None:
    page = (
        '{"date":"Fri, 01 May 2020 23:00:00 -0400"} {"date":"Sat, 02 May 2020 06:00:00 -0400"}'
        '<time datetime="2020-05-01T18:01:00-04:00">'
    )
    found = stamp("2020-05-02T02:54:29.000Z")
    local = localize_utc_stamp(found, page)
    assert local.value.utcoffset() == timedelta(hours=-4)  # type: ignore[union-attr]
    assert local.day.isoformat() == "2020-05-01" and local.utc == found.utc


def test_a_wall_time_without_an_offset_is_read_in_the_pages_offset_not_shifted() -> None:
    """Hankook Ilbo, n-tv: '2026-07-12 22:09' printed without an offset, read as UTC for
    want of the site's timezone, was shifted into the page's +09:00 and landed on the next
    day. It is the outlet's own clock: the same wall time in that offset, the day kept."""
    page = '<time datetime="2025-07-12T20:00:00+09:00"></time> "2025-07-11T09:00:00+09:00"'
    found = stamp("2025-07-12 22:09")
    local = localize_utc_stamp(found, page)
    assert local.value == datetime(2025, 7, 12, 22, 9, tzinfo=timezone(timedelta(hours=9)))
    assert local.day.isoformat() == "2025-07-12"
    assert local.utc == datetime(2025, 7, 12, 13, 9, tzinfo=UTC)
    stated = stamp("2025-07-12T22:09:00Z")  # said to be UTC: the instant stays, the day moves
    assert localize_utc_stamp(stated, page).day.isoformat() == "2025-07-13"
    assert_kept(localize_utc_stamp(found, "<p>no other timestamps</p>"), found)


def test_timestamps_that_disagree_on_the_offset_say_nothing() -> None:
    page = '"2020-05-01T23:00:00-04:00" "2020-05-01T23:00:00+02:00" "2020-05-01T10:00:00+09:00"'
    found = stamp("2020-05-02T02:54:29Z")
    assert_kept(localize_utc_stamp(found, page), found)


_PIECES = st.sampled_from(
    [
        "2020-02-17 21:18:11",
        "2020-02-18T02:18:11+05:30",
        "Feb 17, 2020 at 9:18 PM",
        "Fri, 17 Feb 2020 23:00:00 -0400",
        "2020-13-45 99:99",
        "2021",
        "2020",
        "<p>",
        " ",
        "-",
        ":",
    ]
)


@settings(max_examples=300, deadline=None)
@given(page=st.one_of(st.text(max_size=200), st.lists(_PIECES, max_size=20).map("".join)))
def test_never_raises_and_never_moves_the_instant(page: str) -> None:
    found = stamp("2020-02-18T02:18:11Z")
    local = localize_utc_stamp(found, page)
    offset = local.value.utcoffset()  # type: ignore[union-attr]
    assert offset is not None and abs(offset) <= timedelta(hours=14)
    assert local.utc == found.utc and local.raw == found.raw
    assert local.day == local.value.date()  # type: ignore[union-attr]


def test_an_offset_no_zone_uses_is_not_an_echo() -> None:
    """Regression: another story's '21:05:33' made a 19:35:33Z stamp '+01:30'."""
    page = '<span data-time="2020-08-18 21:05:33">just now</span>'
    found = stamp("2020-08-18T19:35:33+00:00")
    assert_kept(localize_utc_stamp(found, page), found)


def test_echoes_to_the_minute_count_only_when_they_agree() -> None:
    found = stamp("2020-09-08T13:22:00Z")
    agreeing = "<p>2020-09-08 09:22</p><p>September 8, 2020 at 9:22 AM</p>"
    local = localize_utc_stamp(found, agreeing)
    assert local.value.utcoffset() == timedelta(hours=-4)  # type: ignore[union-attr]
    related = "<li>2020-09-08 09:22 Story A</li><li>2020-09-08 15:22 Story B</li>"
    assert_kept(localize_utc_stamp(found, related), found)


def test_an_echo_to_the_minute_far_from_the_pages_offset_is_a_chance_match() -> None:
    """Regression (WCXB, a WordPress blog): a reader's comment printed 'December 19, 2025,
    7:11 am' made a post stamped 02:41:41 UTC '+04:30', on the next day; every stamp of the
    page says -05:00, the post's own day (December 18) in the blog's zone."""
    found = stamp("2025-12-19T02:41:41+00:00")
    stamps = '<time datetime="2025-12-19T17:11:41-05:00"></time>' * 2
    comment = '<time datetime="2025-12-19T07:11:44-05:00">December 19, 2025, 7:11 am</time>'
    local = localize_utc_stamp(found, stamps + comment)
    assert local.value.utcoffset() == timedelta(hours=-5)  # type: ignore[union-attr]
    assert local.day.isoformat() == "2025-12-18" and local.utc == found.utc
    # Within the daylight-saving hour of the page's offset the echo is the zone's own time
    # (a post of March 9 printed at 6:16 pm, before the switch, beside summer stamps).
    found = stamp("2017-03-09T23:16:02+00:00")
    summer = '<time datetime="2017-06-01T10:00:00-04:00"></time>' * 3
    local = localize_utc_stamp(found, summer + "<p>March 9, 2017 at 6:16 pm</p>")
    assert local.value.utcoffset() == timedelta(hours=-5)  # type: ignore[union-attr]
    # With no echo at all the page's offset is used, as before.
    local = localize_utc_stamp(found, summer)
    assert local.value.utcoffset() == timedelta(hours=-4)  # type: ignore[union-attr]


def test_a_twelve_hour_clock_without_am_pm_is_not_an_echo() -> None:
    """Regression (Börsen-Zeitung): '3:48' printed for 15:48 UTC made the stamp '-12:00', an
    offset no one lives at; the UTC stamp stays as the page gave it."""
    page = "<div>Frankfurt, October 23, 2024, 3:48: Uhr</div>"
    page += '<script>var d = "2024-10-23 03:48:15";</script>'
    found = stamp("2024-10-23T15:48:15+00:00")
    assert_kept(localize_utc_stamp(found, page), found)


def test_a_wall_time_of_an_unknown_zone_names_only_its_day() -> None:
    """Media Indonesia, Malay Mail (issue 13, metadata stripped): '20/01/2026, 18:30' on a
    site whose zone was neither configured nor inferable was read as 18:30 UTC, seven or
    eight hours off, and the next day in the outlet's own calendar. It names the day."""
    fetched = datetime(2026, 2, 1, tzinfo=UTC)
    unzoned = parse_date("20/01/2026, 18:30", source="text", timezone="", fetched_at=fetched)
    assert unzoned is not None and unzoned.value.tzinfo is UNZONED  # type: ignore[union-attr]
    found = day_of_unzoned_time(unzoned)
    assert found is not None
    assert (found.value, found.precision, found.raw) == (date(2026, 1, 20), "day", unzoned.raw)
    assert found.utc == datetime(2026, 1, 20, tzinfo=UTC)
    jakarta = parse_date(
        "20/01/2026, 18:30", source="text", timezone="Asia/Jakarta", fetched_at=fetched
    )
    stated = parse_date("2026-01-20T18:30:00Z", source="json-ld", timezone="")
    relative = parse_date("3 hours ago", source="text", timezone="", fetched_at=fetched)
    for kept in (jakarta, stated, relative):  # a zone, a stated UTC, an instant: all kept
        assert kept is not None and day_of_unzoned_time(kept) == kept
        assert kept.precision == "minute"
    assert relative is not None and relative.utc == datetime(2026, 1, 31, 21, tzinfo=UTC)
    # The page's other timestamps name the offset: the wall time keeps its minute there.
    page = '<time datetime="2026-01-19T09:00:00+07:00"></time> "2026-01-18T10:00:00+07:00"'
    local = localize_utc_stamp(unzoned, page)
    assert day_of_unzoned_time(local) == local and local.precision == "minute"
    assert local.utc == datetime(2026, 1, 20, 11, 30, tzinfo=UTC)
