"""Tests for crawler.extract.dates: formats, offsets, day rule, rejections, text and URL finders."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.extract import extract_article
from crawler.extract.dates import (
    DateError,
    NormalizedDate,
    coerce_date,
    date_from_url,
    find_date_in_text,
    parse_date,
)

ROOT = Path(__file__).resolve().parents[1]
FETCHED = datetime(2025, 5, 6, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai, 05:00 in London
SHANGHAI = ZoneInfo("Asia/Shanghai")
H = timedelta(hours=1)


def tz(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# raw, timezone, languages, expected value, expected utc, precision
CASES: list[tuple[str, str, list[str] | None, datetime | date, datetime, str]] = [
    # ISO 8601
    ("2025-05-05", "UTC", None, date(2025, 5, 5), utc(2025, 5, 5), "day"),
    ("2025-05-05", "Asia/Shanghai", None, date(2025, 5, 5), utc(2025, 5, 4, 16), "day"),
    (
        "2025-05-05T10:30:00+08:00",
        "UTC",
        None,
        datetime(2025, 5, 5, 10, 30, tzinfo=tz(8)),
        utc(2025, 5, 5, 2, 30),
        "minute",
    ),
    (
        "2025-05-05T10:30:00Z",
        "Asia/Shanghai",
        None,
        datetime(2025, 5, 5, 10, 30, tzinfo=UTC),
        utc(2025, 5, 5, 10, 30),
        "minute",
    ),
    (
        "2025-05-05T10:30:00.250-04:00",
        "UTC",
        None,
        datetime(2025, 5, 5, 10, 30, 0, 250000, tzinfo=tz(-4)),
        datetime(2025, 5, 5, 14, 30, 0, 250000, tzinfo=UTC),
        "minute",
    ),
    (
        "2025-05-05T10:30:00+0530",
        "UTC",
        None,
        datetime(2025, 5, 5, 10, 30, tzinfo=tz(5.5)),
        utc(2025, 5, 5, 5),
        "minute",
    ),
    (
        "2025-05-05 10:30",
        "Asia/Shanghai",
        None,
        datetime(2025, 5, 5, 10, 30, tzinfo=SHANGHAI),
        utc(2025, 5, 5, 2, 30),
        "minute",
    ),
    (
        "2025-05-05 10:30:00 UTC",
        "Asia/Shanghai",
        None,
        datetime(2025, 5, 5, 10, 30, tzinfo=UTC),
        utc(2025, 5, 5, 10, 30),
        "minute",
    ),
    (
        "2025/5/5 10:30 GMT+8",
        "UTC",
        None,
        datetime(2025, 5, 5, 10, 30, tzinfo=tz(8)),
        utc(2025, 5, 5, 2, 30),
        "minute",
    ),
    (
        " 2025-05-05T00:00:00Z\n",
        "UTC",
        None,
        datetime(2025, 5, 5, tzinfo=UTC),
        utc(2025, 5, 5),
        "minute",
    ),
    # RFC 822 (RSS)
    (
        "Mon, 05 May 2025 10:30:00 GMT",
        "Asia/Shanghai",
        None,
        datetime(2025, 5, 5, 10, 30, tzinfo=UTC),
        utc(2025, 5, 5, 10, 30),
        "minute",
    ),
    (
        "Mon, 5 May 2025 10:30:00 +0800",
        "UTC",
        None,
        datetime(2025, 5, 5, 10, 30, tzinfo=tz(8)),
        utc(2025, 5, 5, 2, 30),
        "minute",
    ),
    (
        "Mon, 05 May 2025 10:30:00 EDT",
        "UTC",
        None,
        datetime(2025, 5, 5, 10, 30, tzinfo=tz(-4)),
        utc(2025, 5, 5, 14, 30),
        "minute",
    ),
    (
        "Mon, 5 May 25 10:30 -0500",
        "UTC",
        None,
        datetime(2025, 5, 5, 10, 30, tzinfo=tz(-5)),
        utc(2025, 5, 5, 15, 30),
        "minute",
    ),
    # compact and CJK
    ("20250505", "Asia/Shanghai", None, date(2025, 5, 5), utc(2025, 5, 4, 16), "day"),
    (
        "20250505T103000Z",
        "Asia/Shanghai",
        None,
        datetime(2025, 5, 5, 10, 30, tzinfo=UTC),
        utc(2025, 5, 5, 10, 30),
        "minute",
    ),
    (
        "2025年05月05日 10:30",
        "Asia/Shanghai",
        None,
        datetime(2025, 5, 5, 10, 30, tzinfo=SHANGHAI),
        utc(2025, 5, 5, 2, 30),
        "minute",
    ),
    ("2025年5月5日", "Asia/Shanghai", None, date(2025, 5, 5), utc(2025, 5, 4, 16), "day"),
    (
        "2025年05月05日10时30分",
        "Asia/Shanghai",
        None,
        datetime(2025, 5, 5, 10, 30, tzinfo=SHANGHAI),
        utc(2025, 5, 5, 2, 30),
        "minute",
    ),
    (
        "2025年05月05日 10\uff1a30",  # full-width colon
        "Asia/Shanghai",
        None,
        datetime(2025, 5, 5, 10, 30, tzinfo=SHANGHAI),
        utc(2025, 5, 5, 2, 30),
        "minute",
    ),
    # month names
    ("May 5, 2025", "UTC", None, date(2025, 5, 5), utc(2025, 5, 5), "day"),
    (
        "Monday, May 5, 2025 10:30 PM",
        "America/New_York",
        None,
        datetime(2025, 5, 5, 22, 30, tzinfo=ZoneInfo("America/New_York")),
        utc(2025, 5, 6, 2, 30),
        "minute",
    ),
    (
        "5 May 2025 10:30 BST",
        "UTC",
        ["en"],
        datetime(2025, 5, 5, 10, 30, tzinfo=tz(1)),
        utc(2025, 5, 5, 9, 30),
        "minute",
    ),
    (
        "5 May 2025 10:30",
        "Europe/London",
        None,
        datetime(2025, 5, 5, 10, 30, tzinfo=ZoneInfo("Europe/London")),
        utc(2025, 5, 5, 9, 30),
        "minute",
    ),
    ("5 мая 2025", "Europe/Moscow", None, date(2025, 5, 5), utc(2025, 5, 4, 21), "day"),
    ("5 мая 2025 \u0433.", "UTC", None, date(2025, 5, 5), utc(2025, 5, 5), "day"),
    ("5 de mayo de 2025", "UTC", None, date(2025, 5, 5), utc(2025, 5, 5), "day"),
    ("5. Mai 2025", "Europe/Berlin", None, date(2025, 5, 5), utc(2025, 5, 4, 22), "day"),
    ("5 mai 2025", "UTC", None, date(2025, 5, 5), utc(2025, 5, 5), "day"),
    (
        "1er mai 2025 à 10h30",
        "Europe/Paris",
        None,
        datetime(2025, 5, 1, 10, 30, tzinfo=ZoneInfo("Europe/Paris")),
        utc(2025, 5, 1, 8, 30),
        "minute",
    ),
    ("5 مايو 2025", "UTC", None, date(2025, 5, 5), utc(2025, 5, 5), "day"),
    ("05.05.2025", "UTC", None, date(2025, 5, 5), utc(2025, 5, 5), "day"),
    # dateparser path
    ("04/13/2025", "UTC", ["en"], date(2025, 4, 13), utc(2025, 4, 13), "day"),
    ("13/04/2025", "UTC", ["fr"], date(2025, 4, 13), utc(2025, 4, 13), "day"),
    (
        "5 May 2025 10:30 EST",
        "Asia/Shanghai",
        ["en"],
        datetime(2025, 5, 5, 10, 30, tzinfo=tz(-5)),
        utc(2025, 5, 5, 15, 30),
        "minute",
    ),
    # relative, against FETCHED (2025-05-06 12:00 in Shanghai)
    (
        "3 hours ago",
        "Asia/Shanghai",
        ["en"],
        datetime(2025, 5, 6, 9, 0, tzinfo=SHANGHAI),
        utc(2025, 5, 6, 1),
        "minute",
    ),
    ("yesterday", "Asia/Shanghai", ["en"], date(2025, 5, 5), utc(2025, 5, 4, 16), "day"),
    ("hace 2 días", "UTC", ["es"], date(2025, 5, 4), utc(2025, 5, 4), "day"),
    (
        "2小时前",
        "Asia/Shanghai",
        ["zh"],
        datetime(2025, 5, 6, 10, 0, tzinfo=SHANGHAI),
        utc(2025, 5, 6, 2),
        "minute",
    ),
    ("May 5", "UTC", ["en"], date(2025, 5, 5), utc(2025, 5, 5), "day"),
]


@pytest.mark.parametrize(
    ("raw", "zone", "languages", "value", "instant", "precision"),
    CASES,
    ids=[case[0].strip() for case in CASES],
)
def test_parse_formats(
    raw: str,
    zone: str,
    languages: list[str] | None,
    value: datetime | date,
    instant: datetime,
    precision: str,
) -> None:
    got = parse_date(
        raw, source="meta", languages=languages, timezone=zone, fetched_at=FETCHED, errors="raise"
    )
    assert got is not None
    assert type(got.value) is type(value)
    assert got.value == value
    assert got.utc == instant
    assert got.utc.utcoffset() == timedelta(0)
    assert got.precision == precision
    assert got.raw == raw
    assert got.source == "meta"
    if isinstance(value, datetime):
        assert isinstance(got.value, datetime)
        assert got.value.utcoffset() == value.utcoffset()
        assert got.day == value.date()
    else:
        assert got.day == value


def test_never_shifted_across_midnight() -> None:
    late = parse_date("2025-05-05T23:30:00+08:00", source="json-ld", fetched_at=FETCHED)
    assert late is not None
    assert late.day == date(2025, 5, 5)
    assert late.utc == utc(2025, 5, 5, 15, 30)
    assert late.value.isoformat() == "2025-05-05T23:30:00+08:00"

    early = parse_date("2025-05-05T00:30:00+08:00", source="json-ld", fetched_at=FETCHED)
    assert early is not None
    assert early.day == date(2025, 5, 5)
    assert early.utc == utc(2025, 5, 4, 16, 30)

    day_only = parse_date("2025-05-05", source="meta", timezone="Asia/Shanghai", fetched_at=FETCHED)
    assert day_only is not None
    assert day_only.value == date(2025, 5, 5)
    assert not isinstance(day_only.value, datetime)
    assert day_only.utc == utc(2025, 5, 4, 16)
    assert day_only.day == date(2025, 5, 5)

    west = parse_date(
        "2025-05-05 22:00", source="meta", timezone="America/Los_Angeles", fetched_at=FETCHED
    )
    assert west is not None
    assert west.day == date(2025, 5, 5)
    assert west.utc.date() == date(2025, 5, 6)


def test_normalized_date_is_frozen() -> None:
    got = parse_date("2025-05-05", source="meta", fetched_at=FETCHED)
    assert isinstance(got, NormalizedDate)
    with pytest.raises(dataclasses.FrozenInstanceError):
        got.day = date(2025, 1, 1)  # type: ignore[misc]


# ------------------------------------------------------------------ rejections


@pytest.mark.parametrize(
    ("raw", "kwargs", "message"),
    [
        ("not a date", {}, "no date"),
        ("", {}, "empty"),
        ("2025-13-45", {"languages": ["en"]}, "no date"),
        ("2030-01-01", {}, "after the fetch time"),
        ("2025-05-06T05:01:00Z", {}, "after the fetch time"),
        ("1989-12-31", {}, "before 1990-01-01"),
        ("31 December 1989 23:00", {}, "before 1990-01-01"),
        ("2025-05-01", {"min_date": date(2025, 5, 2)}, "min_date 2025-05-02"),
        ("May 2025", {"languages": ["en"]}, "no date"),
        ("2025", {"languages": ["en"]}, "no date"),
        ("3 hours ago", {"languages": ["en"], "fetched_at": None}, "fetch time"),
        ("yesterday", {"languages": ["en"], "fetched_at": None}, "fetch time"),
        ("May 5", {"languages": ["en"], "fetched_at": None}, "fetch time"),
        ("2099-01-01", {"fetched_at": None}, "after now"),
    ],
)
def test_rejections(raw: str, kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"fetched_at": FETCHED, **kwargs}
    assert parse_date(raw, source="meta", **args) is None  # type: ignore[arg-type]
    with pytest.raises(DateError, match=message):
        parse_date(raw, source="meta", errors="raise", **args)  # type: ignore[arg-type]


def test_future_tolerance_is_one_hour() -> None:
    assert parse_date("2025-05-06T04:59:00Z", source="feed", fetched_at=FETCHED) is not None
    assert parse_date("2025-05-06T05:01:00Z", source="feed", fetched_at=FETCHED) is None


def test_day_only_future_uses_site_timezone() -> None:
    fetched = utc(2025, 5, 5, 16, 30)  # 00:30 on May 6 in Shanghai, still May 5 in UTC
    assert parse_date("2025-05-06", source="meta", timezone="Asia/Shanghai", fetched_at=fetched)
    assert parse_date("2025-05-06", source="meta", timezone="UTC", fetched_at=fetched) is None


def test_naive_fetched_at_is_utc() -> None:
    got = parse_date("2025-05-06T04:30:00Z", source="feed", fetched_at=datetime(2025, 5, 6, 4))
    assert got is not None
    late = parse_date("2025-05-06T06:00:00Z", source="feed", fetched_at=datetime(2025, 5, 6, 4))
    assert late is None


def test_min_date_boundary_is_inclusive() -> None:
    got = parse_date("2025-05-02", source="meta", fetched_at=FETCHED, min_date=date(2025, 5, 2))
    assert got is not None


def test_bad_timezone_is_a_config_error() -> None:
    with pytest.raises(DateError, match="unknown timezone"):
        parse_date("2025-05-05", source="meta", timezone="Mars/Olympus")


# ------------------------------------------------------------------ machine TZ independence

TZ_CASES: list[tuple[str, str, list[str] | None]] = [
    ("2025-05-05", "Asia/Shanghai", None),
    ("2025-05-05 10:30", "Europe/London", None),
    ("2025-05-05T23:30:00+08:00", "UTC", None),
    ("Mon, 05 May 2025 10:30:00 GMT", "America/New_York", None),
    ("5 May 2025 10:30 BST", "UTC", ["en"]),
    ("3 hours ago", "Asia/Shanghai", ["en"]),
    ("yesterday", "America/Los_Angeles", ["en"]),
    ("1746441000", "Asia/Shanghai", ["en"]),
]
_TZ_SCRIPT = """
import json, sys
from datetime import datetime
from crawler.extract.dates import parse_date
cases = json.loads(sys.argv[1])
fetched = datetime.fromisoformat(sys.argv[2])
out = []
for raw, zone, languages in cases:
    got = parse_date(raw, source="x", timezone=zone, languages=languages, fetched_at=fetched)
    out.append(None if got is None else [got.value.isoformat(), got.utc.isoformat(),
               got.day.isoformat(), got.precision])
print(json.dumps(out))
"""


def _tz_results() -> list[list[str] | None]:
    out: list[list[str] | None] = []
    for raw, zone, languages in TZ_CASES:
        got = parse_date(raw, source="x", timezone=zone, languages=languages, fetched_at=FETCHED)
        out.append(
            None
            if got is None
            else [got.value.isoformat(), got.utc.isoformat(), got.day.isoformat(), got.precision]
        )
    return out


@pytest.mark.parametrize("machine_tz", ["Asia/Tokyo", "America/Los_Angeles"])
def test_independent_of_machine_timezone_subprocess(machine_tz: str) -> None:
    expected = _tz_results()
    assert all(item is not None for item in expected)
    env = {**os.environ, "TZ": machine_tz, "PYTHONPATH": str(ROOT), "LC_ALL": "C.UTF-8"}
    proc = subprocess.run(
        [sys.executable, "-c", _TZ_SCRIPT, json.dumps(TZ_CASES), FETCHED.isoformat()],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    assert json.loads(proc.stdout) == expected


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="needs time.tzset")
def test_independent_of_machine_timezone_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _tz_results()
    try:
        for machine_tz in ("Pacific/Kiritimati", "America/Adak"):
            monkeypatch.setenv("TZ", machine_tz)
            time.tzset()
            assert _tz_results() == expected
    finally:
        monkeypatch.undo()
        time.tzset()


# ------------------------------------------------------------------ find_date_in_text


@pytest.mark.parametrize(
    ("text", "zone", "raw", "value"),
    [
        ("CCTV.com2025-05-05", "Asia/Shanghai", "2025-05-05", date(2025, 5, 5)),
        (
            "Updated: 2025年05月05日 10:30",
            "Asia/Shanghai",
            "2025年05月05日 10:30",
            datetime(2025, 5, 5, 10, 30, tzinfo=SHANGHAI),
        ),
        (
            "Updated:2025-05-05 14:31 | Source: Xinhua",
            "Asia/Shanghai",
            "2025-05-05 14:31",
            datetime(2025, 5, 5, 14, 31, tzinfo=SHANGHAI),
        ),
        ("Filed 2025/05/05 by staff", "UTC", "2025/05/05", date(2025, 5, 5)),
        ("Stand: 05.05.2025, 10:30 Uhr", "Europe/Berlin", "05.05.2025, 10:30 Uhr", None),
        ("Published May 5, 2025 in World", "UTC", "May 5, 2025", date(2025, 5, 5)),
        ("Opublikowano 5 May 2025.", "UTC", "5 May 2025", date(2025, 5, 5)),
        ("Москва, 5 мая 2025 — новости", "Europe/Moscow", "5 мая 2025", date(2025, 5, 5)),
        ("Madrid, 5 de mayo de 2025 (EFE)", "Europe/Madrid", "5 de mayo de 2025", None),
        ("Berlin, 5. Mai 2025 -", "Europe/Berlin", "5. Mai 2025", date(2025, 5, 5)),
        ("Paris, le 5 mai 2025", "Europe/Paris", "5 mai 2025", date(2025, 5, 5)),
        ("القاهرة 5 مايو 2025", "Africa/Cairo", "5 مايو 2025", date(2025, 5, 5)),
        (
            "x 2025-05-05T10:30:00+02:00 y",
            "UTC",
            "2025-05-05T10:30:00+02:00",
            datetime(2025, 5, 5, 10, 30, tzinfo=tz(2)),
        ),
        (
            "on air 2025-05-05 10:30-11:30 daily",
            "UTC",
            "2025-05-05 10:30",
            datetime(2025, 5, 5, 10, 30, tzinfo=UTC),
        ),
        (
            "London, 5 May 2025, 10:30 BST",
            "UTC",
            "5 May 2025, 10:30 BST",
            datetime(2025, 5, 5, 10, 30, tzinfo=tz(1)),
        ),
        ("next event 2099-01-01; posted 2025-05-05", "UTC", "2025-05-05", date(2025, 5, 5)),
        ("founded 1949-10-01, updated 2025-05-05", "UTC", "2025-05-05", date(2025, 5, 5)),
        ("Posted 3 hours ago by editor", "UTC", "3 hours ago", utc(2025, 5, 6, 1)),
        ("发布于 2小时前", "Asia/Shanghai", "2小时前", datetime(2025, 5, 6, 10, tzinfo=SHANGHAI)),
        # Solar Hijri, as Iranian and Afghan sites print it (15 Ordibehesht 1404 = 5 May 2025)
        ("سه‌شنبه ۱۵ اردیبهشت ۱۴۰۴", "Asia/Tehran", "۱۵ اردیبهشت ۱۴۰۴", date(2025, 5, 5)),
        (
            "تاریخ انتشار: ۱۵ ارديبهشت ۱۴۰۴ - ۱۸:۵۹",  # Arabic ye, as many sites type it
            "Asia/Tehran",
            "۱۵ ارديبهشت ۱۴۰۴ - ۱۸:۵۹",
            datetime(2025, 5, 5, 18, 59, tzinfo=ZoneInfo("Asia/Tehran")),
        ),
        ("کابل، ۱۵ ثور ۱۴۰۴", "Asia/Kabul", "۱۵ ثور ۱۴۰۴", date(2025, 5, 5)),
        ("۱۴۰۴/۰۲/۱۵ - ۱۰:۳۰", "Asia/Tehran", "۱۴۰۴/۰۲/۱۵ - ۱۰:۳۰", None),
        # Thai, in the Buddhist Era (2568 = 2025) in full, abbreviated and with two digits
        ("วันจันทร์ที่ 5 พฤษภาคม พ.ศ. 2568", "Asia/Bangkok", "5 พฤษภาคม พ.ศ. 2568", date(2025, 5, 5)),
        (
            "ข่าว 5 พ.ค.68 10:30",
            "Asia/Bangkok",
            "5 พ.ค.68 10:30",
            datetime(2025, 5, 5, 10, 30, tzinfo=ZoneInfo("Asia/Bangkok")),
        ),
        ("อัปเดต 5 พฤษภาคม 2025", "Asia/Bangkok", "5 พฤษภาคม 2025", date(2025, 5, 5)),
    ],
)
def test_find_date_in_text(text: str, zone: str, raw: str, value: datetime | date | None) -> None:
    got = find_date_in_text(text, timezone=zone, fetched_at=FETCHED, languages=["en"])
    assert got is not None
    assert got.raw == raw
    assert got.source == "text"
    assert got.day == (date(2025, 5, 6) if "ago" in raw or "前" in raw else date(2025, 5, 5))
    if value is not None:
        assert got.value == value
        if isinstance(value, datetime):
            assert isinstance(got.value, datetime)
            assert got.value.utcoffset() == value.utcoffset()


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("Aktualisiert vor 2 Stunden", "vor 2 Stunden"),
        ("Publié il y a 2 heures", "il y a 2 heures"),
        ("Publicado hace 2 horas", "hace 2 horas"),
        ("Pubblicato 2 ore fa", "2 ore fa"),
        ("Publicado há 2 horas", "há 2 horas"),
        ("2 uur geleden", "2 uur geleden"),
        ("Опубликовано 2 часа назад", "2 часа назад"),
        ("2 godziny temu", "2 godziny temu"),
        ("2 saat önce", "2 saat önce"),
        ("před 2 hodinami", "před 2 hodinami"),
        ("för 2 timmar sedan", "för 2 timmar sedan"),
        ("2時間前", "2時間前"),
        ("2시간 전", "2시간 전"),
        ("منذ 2 ساعات", "منذ 2 ساعات"),
    ],
)
def test_relative_dates_in_the_sites_languages(text: str, raw: str) -> None:
    """'2 hours ago' as sites in other languages print it, resolved against the fetch time
    whatever languages the site declares (the phrase names its own)."""
    got = find_date_in_text(text, fetched_at=FETCHED, languages=["en"])
    assert got is not None and got.raw == raw
    assert got.utc == FETCHED - timedelta(hours=2)
    assert find_date_in_text(text) is None  # without a fetch time: no date


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("gestern, 14:40 Uhr", "gestern, 14:40"),
        ("Mis à jour hier à 14h40", "hier à 14h40"),
        ("ayer a las 14:40", "ayer a las 14:40"),
        ("вчера в 14:40", "вчера в 14:40"),
        ("yesterday at 2:40 pm", "yesterday at 2:40 pm"),
        ("昨日 14:40", "昨日 14:40"),
    ],
)
def test_yesterday_with_a_time_dates_a_page(text: str, raw: str) -> None:
    got = find_date_in_text(text, fetched_at=FETCHED, timezone="Asia/Shanghai")
    assert got is not None and got.raw == raw
    assert got.value == datetime(2025, 5, 5, 14, 40, tzinfo=SHANGHAI)


def test_today_or_yesterday_without_a_time_is_prose() -> None:
    for text in ("Gestern sagte der Minister, die Lage sei ernst.", "Yesterday was a long day."):
        assert find_date_in_text(text, fetched_at=FETCHED) is None


def test_find_date_in_text_none() -> None:
    text = (
        "The minister said on Tuesday that talks had made progress, and officials from both "
        "sides will meet again next month. Some 300 delegates attended the forum. " * 2
    )
    assert find_date_in_text(text, fetched_at=FETCHED) is None
    assert find_date_in_text("", fetched_at=FETCHED) is None
    assert find_date_in_text("Copyright 2025 CCTV. All rights reserved.") is None
    assert find_date_in_text("Posted 3 hours ago", languages=["en"]) is None  # no fetch time


def test_solar_hijri_days_that_do_not_exist_are_no_dates() -> None:
    """Esfand has 29 days in 1398 and 30 in the leap year 1399; a year outside 1300-1499 in
    a Solar Hijri month's name is no date of that calendar."""
    assert find_date_in_text("30 اسفند 1398", fetched_at=FETCHED) is None
    leap = find_date_in_text("30 اسفند 1399", fetched_at=FETCHED)
    assert leap is not None and leap.day == date(2021, 3, 20)
    assert find_date_in_text("12 مهر 2020", fetched_at=FETCHED) is None
    assert find_date_in_text("12 دی‌ماه ۱۴۰۲", fetched_at=FETCHED) is not None  # with ZWNJ


def test_thai_days_count_in_the_gregorian_calendar() -> None:
    """2567 (2024) was a leap year, 2568 (2025) not."""
    leap = find_date_in_text("29 ก.พ. 2567", fetched_at=FETCHED)
    assert leap is not None and leap.day == date(2024, 2, 29)
    assert find_date_in_text("29 ก.พ. 2568", fetched_at=FETCHED) is None


def test_find_date_in_text_passes_source_and_min_date() -> None:
    got = find_date_in_text(
        "old 2025-04-01 new 2025-05-05", source="selector", min_date=date(2025, 5, 1)
    )
    assert got is not None
    assert got.source == "selector"
    assert got.day == date(2025, 5, 5)


def test_parse_date_falls_back_to_scanning() -> None:
    got = parse_date("Updated:2025-05-05 14:31 | Xinhua", source="selector", fetched_at=FETCHED)
    assert got is not None
    assert got.raw == "Updated:2025-05-05 14:31 | Xinhua"
    assert got.value == datetime(2025, 5, 5, 14, 31, tzinfo=UTC)


# ------------------------------------------------------------------ date_from_url


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://news.cctv.com/2025/05/05/ARTIxyzAbc250505.shtml", date(2025, 5, 5)),
        ("https://example.com/world/2025-05-05/story-slug", date(2025, 5, 5)),
        ("https://example.com/news_2025_05_05_story.html", date(2025, 5, 5)),
        ("http://world.people.com.cn/n1/2025/0505/c1002-40472048.html", date(2025, 5, 5)),
        ("https://english.cctv.com/ARTI20250505abcdef.shtml", date(2025, 5, 5)),
        ("http://www.news.cn/world/20250505/abc/c.html", date(2025, 5, 5)),
        ("https://example.cn/t20250505_123456.html", date(2025, 5, 5)),
        ("https://example.cn/a/202505051030.html", date(2025, 5, 5)),
        ("https://example.com/2025/5/5/slug", date(2025, 5, 5)),
        ("https://example.com/20251399/20250505/x", date(2025, 5, 5)),  # invalid run skipped
        ("https://example.com/2099/01/01/x-20250505", date(2025, 5, 5)),  # future skipped
        ("https://example.com/1985/01/01/x/2025-05-05", date(2025, 5, 5)),  # pre-1990 skipped
        ("https://example.ir/news/1404/02/15/slug", date(2025, 5, 5)),  # Solar Hijri year
        ("https://example.com/news/12345678", None),
        ("https://20250505.example.com/news/", None),  # host ignored
        ("https://example.com/2025/05/slug", None),  # month only
        # a WordPress month address whose slug starts with a number: no day
        ("https://example.com/2019/11/15-tips-to-overcome-binge-eating/", None),
        ("https://example.com/2025/5/5-ways-to-save", None),
        ("https://example.com/2025/05/05-123456", date(2025, 5, 5)),
        ("https://example.com/id/123420250505999", None),
        ("not a url", None),
    ],
)
def test_date_from_url(url: str, day: date | None) -> None:
    got = date_from_url(url, timezone="Asia/Shanghai", fetched_at=FETCHED)
    if day is None:
        assert got is None
        return
    assert got is not None
    assert got.value == day
    assert got.day == day
    assert got.source == "url"
    assert got.precision == "day"
    assert got.utc == datetime.combine(day, datetime.min.time(), SHANGHAI).astimezone(UTC)


def test_date_from_url_min_date_and_future() -> None:
    url = "https://example.com/2025/04/01/slug"
    assert date_from_url(url, fetched_at=FETCHED, min_date=date(2025, 4, 2)) is None
    assert date_from_url("https://example.com/2025/05/07/x", fetched_at=FETCHED) is None
    assert date_from_url("https://example.com/2025/05/06/x", fetched_at=FETCHED) is not None


# ------------------------------------------------------------------ coerce_date


def test_coerce_date() -> None:
    assert coerce_date("2025-05-05") == date(2025, 5, 5)
    assert coerce_date(" 2025-05-05 ") == date(2025, 5, 5)
    assert coerce_date(date(2025, 5, 5)) == date(2025, 5, 5)
    assert coerce_date(datetime(2025, 5, 5, 23, 30, tzinfo=tz(8))) == date(2025, 5, 5)
    assert coerce_date(None) is None
    assert coerce_date("") is None
    for bad in ("2025-02-30", "05/05/2025", "yesterday", "2025-5-5", 20250505, 1.5):
        with pytest.raises(DateError):
            coerce_date(bad)


# ------------------------------------------------------------------ properties

PIECES = [
    "2025", "1989", "2099", "-", "05", "5", "13", "31", "00", ":", "10", "30", "T", "Z",
    "+08:00", "-0500", "GMT", "BST", " ", ", ", "May", "мая", "de", "mayo", "Mai", ".", "/",
    "年", "月", "日", "ago", "hours", "3", "yesterday", "PM", "20250505", "x", "é", "٢٠٢٥",
]  # fmt: skip
date_like = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
any_text = st.one_of(st.text(max_size=80), date_like)
fetch_times = st.datetimes(
    min_value=datetime(1995, 1, 1), max_value=datetime(2035, 1, 1), timezones=st.just(UTC)
)
zones = st.sampled_from(["UTC", "Asia/Shanghai", "America/Los_Angeles", "Pacific/Kiritimati"])
PROPERTY_SETTINGS = settings(
    max_examples=int(os.environ.get("PRESSWATCH_HYPOTHESIS_EXAMPLES", "200")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _check(got: NormalizedDate | None, fetched_at: datetime | None, min_day: date) -> None:
    if got is None:
        return
    assert got.precision in ("day", "minute")
    if isinstance(got.value, datetime):
        assert got.precision == "minute"
        assert got.value.tzinfo is not None and got.value.utcoffset() is not None
        assert got.day == got.value.date()
        assert got.utc == got.value
    else:
        assert isinstance(got.value, date)
        assert got.precision == "day"
        assert got.day == got.value
    assert got.utc.tzinfo is not None and got.utc.utcoffset() == timedelta(0)
    limit = (fetched_at + timedelta(hours=1)) if fetched_at else datetime.now(UTC) + timedelta(2)
    assert got.utc <= limit
    assert got.day >= max(date(1990, 1, 1), min_day)


@PROPERTY_SETTINGS
@given(raw=any_text, fetched_at=st.one_of(st.none(), fetch_times), zone=zones)
def test_parse_date_never_raises(raw: str, fetched_at: datetime | None, zone: str) -> None:
    got = parse_date(raw, source="x", languages=["en"], timezone=zone, fetched_at=fetched_at)
    _check(got, fetched_at, date(1990, 1, 1))


@PROPERTY_SETTINGS
@given(
    text=st.one_of(st.text(max_size=300), date_like.map(lambda s: f"Posted: {s} | more")),
    fetched_at=st.one_of(st.none(), fetch_times),
    zone=zones,
    min_day=st.dates(min_value=date(1985, 1, 1), max_value=date(2030, 1, 1)),
)
def test_find_date_in_text_never_raises(
    text: str, fetched_at: datetime | None, zone: str, min_day: date
) -> None:
    got = find_date_in_text(
        text, languages=["en"], timezone=zone, fetched_at=fetched_at, min_date=min_day
    )
    _check(got, fetched_at, min_day)


@PROPERTY_SETTINGS
@given(
    when=st.datetimes(min_value=datetime(1990, 1, 2), max_value=datetime(2025, 5, 4)),
    offset_minutes=st.integers(min_value=-12 * 60, max_value=14 * 60).map(lambda m: m - m % 15),
    zone=zones,
)
def test_iso_round_trip_keeps_offset_and_day(
    when: datetime, offset_minutes: int, zone: str
) -> None:
    aware = when.replace(tzinfo=timezone(timedelta(minutes=offset_minutes)))
    got = parse_date(aware.isoformat(), source="json-ld", timezone=zone, fetched_at=FETCHED)
    assert got is not None
    assert got.value == aware
    assert isinstance(got.value, datetime)
    assert got.value.utcoffset() == aware.utcoffset()
    assert got.day == when.date()
    assert got.utc == aware.astimezone(UTC)


@PROPERTY_SETTINGS
@given(day=st.dates(min_value=date(1990, 1, 1), max_value=date(2025, 5, 5)), zone=zones)
def test_url_and_day_only_round_trip(day: date, zone: str) -> None:
    from_url = date_from_url(
        f"https://example.com/{day:%Y/%m/%d}/slug.html", timezone=zone, fetched_at=FETCHED
    )
    assert from_url is not None
    assert from_url.value == day
    parsed = parse_date(day.isoformat(), source="meta", timezone=zone, fetched_at=FETCHED)
    assert parsed is not None
    assert parsed.value == day == parsed.day
    assert parsed.utc == from_url.utc
    assert parsed.utc.astimezone(ZoneInfo(zone)).date() == day


def test_a_number_leading_slug_is_no_url_day_against_the_printed_date() -> None:
    """Regression (issue 13, the shared news mirror: Healthline's '15 Tips to Overcome Binge
    Eating' at /2019/11/15-tips-...): the URL's '15' is the slug's, and the page prints its own
    day, which the URL's day used to overrule."""
    page = (
        "<html><head><title>15 Tips to Overcome Binge Eating</title></head><body><article>"
        "<h1>15 Tips to Overcome Binge Eating</h1><div class='byline'>Written by "
        "<a href='/nutrition-team'>Rachael Link, MS, RD</a> on November 14, 2019</div><p>"
        + "Binge eating is thought to be the most common eating disorder. " * 5
        + "</p></article></body></html>"
    )
    url = "https://blog.example.org/2019/11/15-tips-to-overcome-binge-eating/"
    article = extract_article(page, url)
    assert article.published == date(2019, 11, 14)
    assert article.published_source == "text"
