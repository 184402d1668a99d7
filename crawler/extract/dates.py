"""Date normalization: parse dates as outlets give them, keep their offset, day and provenance."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from datetime import timezone as fixed_timezone
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crawler.extract import buddhist_era, solar_hijri
from crawler.extract.month_numbers import locale_month

__all__ = [
    "EARLIEST_DAY",
    "FUTURE_TOLERANCE",
    "UNZONED",
    "DateError",
    "NormalizedDate",
    "Precision",
    "coerce_date",
    "date_from_url",
    "find_date_in_text",
    "parse_date",
]

Precision = Literal["day", "minute"]

EARLIEST_DAY = date(1990, 1, 1)
"""Dates whose (outlet's) day is before this are rejected as implausible for a news article."""

FUTURE_TOLERANCE = timedelta(hours=1)
"""Clock skew allowed between the outlet and us: a date up to this much after the fetch is kept."""

NO_FETCH_TOLERANCE = timedelta(days=1)
"""Without a fetch time, dates later than now (UTC) plus this are rejected."""

DEFAULT_LANGUAGES = ("en", "zh", "ru", "es", "de", "fr", "pt", "it", "ar")
"""dateparser's languages when the site names none: loading all 200 of them takes 2 s."""

_MAX_DATEPARSER_LEN = 80
"""Longer strings never go to dateparser as a whole (it is slow on free text): only scanned."""

MAX_DATE_CHARS = 200
"""A date string (meta, JSON-LD, feed) is cut to this before any pattern reads it."""

MAX_SCAN_CHARS = 2000
"""Free text is searched for a date in its first this-many characters only."""


class DateError(ValueError):
    """A date string that cannot be parsed, or a date rejected as implausible."""


@dataclass(frozen=True)
class NormalizedDate:
    """A date as the outlet gave it, with its UTC instant, its local day and its provenance.

    ``value`` is an aware ``datetime`` in the offset the page gave (or the site's timezone
    when the string had none), or a plain ``date`` when only the day was given.  ``utc`` is
    the instant in UTC (for a plain date: midnight of that day in the site's timezone).
    ``day`` is the outlet's calendar day, never shifted by a conversion.
    """

    value: datetime | date
    utc: datetime
    day: date
    raw: str
    source: str
    precision: Precision


# --------------------------------------------------------------------------- context


@dataclass(frozen=True)
class _Context:
    zone: tzinfo
    zone_name: str
    fetched_at: datetime | None  # aware, UTC
    limit: datetime  # latest acceptable UTC instant
    floor: date  # earliest acceptable day
    floor_reason: str
    base: datetime  # naive wall-clock "now" in the site timezone, for dateparser


UNZONED = fixed_timezone(timedelta(0), "unzoned")
"""The zone of a wall time read for a site whose zone is unknown (timezone ""): UTC's
offset, marked, so that the time can be told from one that stated UTC."""


@functools.lru_cache(maxsize=64)
def _zone(name: str) -> tzinfo:
    if not name:
        return UNZONED
    if name.upper() in {"UTC", "Z", "GMT", "ETC/UTC"}:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError) as exc:
        raise DateError(f"unknown timezone {name!r}: expected an IANA name such as 'UTC'") from exc


def _context(timezone: str, fetched_at: datetime | None, min_date: date | None) -> _Context:
    zone = _zone(timezone)
    if fetched_at is not None:
        if fetched_at.tzinfo is None or fetched_at.utcoffset() is None:
            fetched_at = fetched_at.replace(tzinfo=UTC)  # naive fetch times are UTC
        fetched_utc: datetime | None = fetched_at.astimezone(UTC)
        assert fetched_utc is not None
        limit = fetched_utc + FUTURE_TOLERANCE
        now = fetched_utc
    else:
        fetched_utc = None
        now = datetime.now(UTC)
        limit = now + NO_FETCH_TOLERANCE
    floor, reason = EARLIEST_DAY, f"before {EARLIEST_DAY.isoformat()}"
    if min_date is not None:
        if isinstance(min_date, datetime):
            min_date = min_date.date()
        if min_date > floor:
            floor, reason = min_date, f"before the site's min_date {min_date.isoformat()}"
    base = now.astimezone(zone).replace(tzinfo=None)
    return _Context(zone, timezone or "UTC", fetched_utc, limit, floor, reason, base)


# --------------------------------------------------------------------------- patterns

_MONTHS: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "januar", "jänner", "janvier", "janv", "enero", "janeiro", "gennaio",
        "января", "январь", "янв", "يناير", "كانون الثاني"),
    2: ("february", "feb", "februar", "février", "fevrier", "févr", "fevr", "febrero",
        "fevereiro", "febbraio", "февраля", "февраль", "фев", "فبراير", "شباط"),
    3: ("march", "mar", "märz", "maerz", "mars", "marzo", "março", "marco", "марта", "март",
        "مارس", "آذار", "اذار"),
    4: ("april", "apr", "avril", "avr", "abril", "aprile", "апреля", "апрель", "апр",
        "أبريل", "ابريل", "إبريل", "نيسان"),
    5: ("may", "mai", "mayo", "maio", "maggio", "мая", "май", "مايو", "أيار", "ايار"),
    6: ("june", "jun", "juni", "juin", "junio", "junho", "giugno", "июня", "июнь", "يونيو",
        "يونيه", "حزيران"),
    7: ("july", "jul", "juli", "juillet", "juil", "julio", "julho", "luglio", "июля", "июль",
        "يوليو", "يوليه", "تموز"),
    8: ("august", "aug", "août", "aout", "agosto", "августа", "август", "авг", "أغسطس",
        "اغسطس", "آب"),
    9: ("september", "sep", "sept", "septembre", "septiembre", "setiembre", "setembro",
        "settembre", "сентября", "сентябрь", "сен", "سبتمبر", "أيلول", "ايلول"),
    10: ("october", "oct", "oktober", "okt", "octobre", "octubre", "outubro", "ottobre",
         "октября", "октябрь", "окт", "أكتوبر", "اكتوبر", "تشرين الأول", "تشرين الاول"),
    11: ("november", "nov", "novembre", "noviembre", "novembro", "ноября", "ноябрь", "нояб",
         "نوفمبر", "تشرين الثاني"),
    12: ("december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre",
         "dezembro", "dicembre", "декабря", "декабрь", "дек", "ديسمبر", "كانون الأول",
         "كانون الاول"),
}  # fmt: skip
_MONTH_BY_NAME: dict[str, int] = {
    name: number for number, names in _MONTHS.items() for name in names
}
_ENGLISH_MONTHS = _MONTHS[1][:2] + tuple(
    name for number in range(2, 13) for name in _MONTHS[number] if name.isascii()
)


def _alternation(names: Sequence[str]) -> str:
    ordered = sorted(set(names), key=len, reverse=True)
    return "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in ordered)


_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"
_MONTH_ALL = rf"(?P<mon>{_alternation(list(_MONTH_BY_NAME))})\.?{_NOT_LETTER_AFTER}"
_MONTH_EN = rf"{_NOT_LETTER_BEFORE}(?P<mon>{_alternation(_ENGLISH_MONTHS)})\.?{_NOT_LETTER_AFTER}"

_DATE_YMD = r"(?<!\d)(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)"
_DATE_DMY_DOT = r"(?<![\d.])(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{4})(?!\d)"
_DATE_CJK = (
    r"(?<!\d)(?P<y>\d{4})\s*[年년]\s*(?P<m>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})(?!\d)\s*[日号號일]?"
)
_DATE_DMY_NAME = (
    r"(?<!\d)(?P<d>\d{1,2})(?!\d)(?:st|nd|rd|th|er|º|°)?\.?"
    r"(?:\s+de\s+|\s*[-/]\s*|\s*)" + _MONTH_ALL + r"(?:\s+de\s+|\s+del\s+|\s*[-/,،]\s*|\s+)"
    r"(?P<y>\d{4}|YY)(?!\d)"
    r"(?:\s*(?:\u0433\.|\u0433\u043e\u0434\u0430|\u0433(?![^\W\d_])))?"  # Russian "year"
)
# Any word in the month's place: the scan keeps it only when a locale names a month so
# (crawler.extract.month_numbers), "13 gusht 2020", "19 sierpnia 2020".
_DATE_DMY_WORD = (
    r"(?<!\d)(?P<d>\d{1,2})(?!\d)\.?(?:\s+de\s+|\s*)"
    r"(?P<mon>[^\W\d_]{3,})\.?(?:\s+de\s+|\s*[-/,]\s*|\s+)(?P<y>\d{4}|YY)(?!\d)"
)
# Year first, as Hungarian writes it: "2020. augusztus 13.".
_DATE_YMD_WORD = r"(?<![\d.])(?P<y>\d{4})\.\s+(?P<mon>[^\W\d_]{3,})\.?\s+(?P<d>\d{1,2})(?!\d)\.?"
# "21/12/2018" or "11/28/2016": read only where one number is over 12, since Europe puts
# the day first and the United States the month (`_slashed_day`).
_DATE_SLASHED = (
    r"(?<![\d/.-])(?P<a>\d{1,2})(?P<sep>[/-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\d/-])"
)
# Solar Hijri, day first as Iran and Afghanistan print it: "۲۹ بهمن ۱۳۹۸" (see solar_hijri).
_DATE_DMY_SOLAR = (
    r"(?<!\d)(?P<d>\d{1,2})(?!\d)\s*(?P<smon>"
    + _alternation(solar_hijri.month_names())
    + r")"
    + _NOT_LETTER_AFTER
    + r"[\s\u200c]*(?:ماه\s*)?(?P<y>\d{4})(?!\d)"  # "دی‌ماه ۱۴۰۲": with ZWNJ
)
# Thai, in the Buddhist Era or not: "5 พ.ค. 2568", "5 พฤษภาคม พ.ศ. 2568", "5 พ.ค. 68".
_DATE_DMY_THAI = (
    r"(?<!\d)(?P<d>\d{1,2})(?!\d)\s*(?P<tmon>"
    + _alternation(buddhist_era.month_names())
    + r")\s*(?:พ\.\s?ศ\.\s*|ค\.\s?ศ\.\s*)?(?P<y>\d{4}|\d{2})(?!\d)"
)
_DATE_MDY_NAME = (
    _MONTH_EN + r"\s*(?P<d>\d{1,2})(?!\d)(?:st|nd|rd|th)?\s*[,.]?\s*(?P<y>\d{4}|YY)(?!\d)"
)
_WEEKDAY_PREFIX = r"(?:" + _NOT_LETTER_BEFORE + r"[^\W\d_]{2,}\.?,?\s+)?"

_TIME = (
    r"(?:(?P<tsep>[Tt]|\s*[,،|·•/\u2013\u2014-]\s*|\s+(?:at|à|a\s+las|a\s+la|um|alle|в|às|kl\.?)\s+|\s+)"
    r"(?P<H>\d{1,2})(?:[:\uff1a]|h(?=\d\d))(?P<M>\d{2})(?!\d)"
    r"(?:[:\uff1a](?P<S>\d{2})(?:[.,](?P<F>\d{1,9}))?)?"
    r"(?:\s*(?P<ampm>[AaPp]\.?\s?[Mm]\.?)" + _NOT_LETTER_AFTER + r")?"
    r"(?:\s*(?:Uhr|ч\.)" + _NOT_LETTER_AFTER + r")?)"
)
_TIME_CJK = (
    r"(?:\s*(?P<cjkampm>上午|下午|午前|午後|오전|오후)?\s*"
    r"(?P<H>\d{1,2})\s*[:\uff1a時时시]\s*(?P<M>\d{1,2})(?!\d)\s*[分분]?"
    r"(?:\s*[:\uff1a]?\s*(?P<S>\d{1,2})(?!\d)\s*[秒초]?)?)"
)
_RFC_ZONES: dict[str, int] = {
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
}  # fmt: skip
_TZ_CORE = (
    r"[Zz]" + _NOT_LETTER_AFTER + r"|[+-]\d{2}(?::?\d{2})?(?![\d:])"
    r"|(?:UTC|GMT|UT)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?(?![\d:]))?"
    + _NOT_LETTER_AFTER
    + r"|(?:"
    + "|".join(_RFC_ZONES)
    + r")"
    + _NOT_LETTER_AFTER
)
# Abbreviations left to dateparser: only found by the scan, never resolved by the fast path.
_TZ_NAMED = (
    r"(?:BST|CEST|CET|EEST|EET|WEST|WET|MSK|JST|KST|HKT|SGT|IST|AEST|AEDT|NZST|NZDT|WIB|PHT|ICT)"
    + _NOT_LETTER_AFTER
)
_TZ_FAST = r"(?:\s*\(?\s*(?P<tz>" + _TZ_CORE + r")\s*\)?)?"
_TZ_SCAN = r"(?:\s*\(?\s*(?P<tz>" + _TZ_CORE + "|" + _TZ_NAMED + r")\s*\)?)?"


def _form(date_part: str, time_part: str, tz_part: str, *, years2: bool) -> str:
    date_part = date_part.replace("|YY)", "|\\d{2})" if years2 else ")")
    return rf"(?P<date>{date_part})(?:{time_part}{tz_part})?"


_FORMS: tuple[tuple[str, str], ...] = (
    ("ymd", _DATE_YMD),
    ("dmy_dot", _DATE_DMY_DOT),
    ("cjk", _DATE_CJK),
    ("dmy_name", _DATE_DMY_NAME),
    ("mdy_name", _DATE_MDY_NAME),
    ("dmy_solar", _DATE_DMY_SOLAR),  # these two before any word in a month's place
    ("dmy_thai", _DATE_DMY_THAI),
    ("dmy_anyname", _DATE_DMY_WORD),
    ("ymd_anyname", _DATE_YMD_WORD),
    ("slashed", _DATE_SLASHED),
)
_FAST_BASIC = re.compile(
    r"(?P<date>(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2}))"
    r"(?:[Tt ]?(?P<H>\d{2}):?(?P<M>\d{2})(?::?(?P<S>\d{2})(?:[.,](?P<F>\d{1,9}))?)?"
    + _TZ_FAST
    + r")?"
)
_FAST: tuple[re.Pattern[str], ...] = (
    _FAST_BASIC,
    *(
        re.compile(
            (_WEEKDAY_PREFIX if kind.endswith("name") else "")
            + _form(pattern, _TIME_CJK if kind == "cjk" else _TIME, _TZ_FAST, years2=True),
            re.IGNORECASE,
        )
        for kind, pattern in _FORMS
    ),
)
_SCAN: tuple[re.Pattern[str], ...] = tuple(
    re.compile(
        _form(pattern, _TIME_CJK if kind == "cjk" else _TIME, _TZ_SCAN, years2=False),
        re.IGNORECASE,
    )
    for kind, pattern in _FORMS
)
# "3 hours ago" as the sites' languages write it, and their "today" and "yesterday";
# dateparser reads each in its own language.
_RELATIVE_BY_LANGUAGE: dict[str, tuple[str, str]] = {
    "de": (r"vor\s+{n}\s*(?:Minuten|Minute|Min\.|Stunden|Stunde|Std\.|Tagen|Tag)", "heute|gestern"),
    "fr": (r"il\s+y\s+a\s+{n}\s*(?:minutes?|heures?|jours?)", "aujourd'hui|hier"),
    "es": (r"hace\s+{n}\s*(?:minutos?|horas?|días?)", "hoy|ayer"),
    "it": (r"{n}\s*(?:minuti|minuto|ore|ora|giorni|giorno)\s+fa", "oggi|ieri"),
    "pt": (r"há\s+{n}\s*(?:minutos?|horas?|dias?)", "hoje|ontem"),
    "nl": (r"{n}\s*(?:minuten|minuut|uur|dagen|dag)\s+geleden", "vandaag|gisteren"),
    "ru": (r"{n}\s*(?:минуту|минуты|минут|часа|часов|час|дня|дней|день)\s+назад", "сегодня|вчера"),
    "pl": (
        r"{n}\s*(?:minutę|minuty|minut|godzinę|godziny|godzin|dni|dzień)\s+temu",
        "dzisiaj|wczoraj",
    ),
    "tr": (r"{n}\s*(?:dakika|saat|gün)\s+önce", "bugün|dün"),
    "cs": (r"před\s+{n}\s*(?:minutami|minutou|hodinami|hodinou|dny|dnem)", "dnes|včera"),
    "sv": (r"för\s+{n}\s*(?:minuter|minut|timmar|timme|dagar|dag)\s+sedan", "idag|igår"),
    "ja": (r"{n}\s*(?:分|時間|日)前", "今日|昨日"),
    "ko": (r"{n}\s*(?:분|시간|일)\s*전", "오늘|어제"),
    "ar": (r"منذ\s+{n}\s*(?:دقيقة|دقائق|ساعة|ساعات|يوم|أيام)", "اليوم|أمس"),
    "en": ("", "today|yesterday"),  # its "3 hours ago" has a pattern of its own
}


def _relative_phrases() -> re.Pattern[str]:
    """One pattern for every language's phrase, each in a group named by its language."""
    number = r"(?<!\d)\d{1,3}(?!\d)"
    # 'Today' or 'yesterday' counts with a time of day only ('gestern, 14:40', 'hier à
    # 14h40'): alone it is a word of the story's prose.
    time_of_day = r",?\s+(?:at\s+|um\s+|à\s+|a\s+las\s+|alle\s+|às\s+|om\s+|в\s+)?"
    time_of_day += r"\d{1,2}(?::|h)\d{2}(?:\s*[ap]\.?m\.?)?"
    groups = []
    for code, (ago, days) in _RELATIVE_BY_LANGUAGE.items():
        phrases = [ago.format(n=number)] if ago else []
        phrases.append(f"(?:{days}){time_of_day}")
        alternatives = "|".join(phrases)
        groups.append(f"(?P<{code}>{_NOT_LETTER_BEFORE}(?:{alternatives}){_NOT_LETTER_AFTER})")
    return re.compile("|".join(groups), re.IGNORECASE)


# Relative expressions worth finding in text (listing pages): only resolved with a fetch time.
_SCAN_RELATIVE: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (
        re.compile(
            _NOT_LETTER_BEFORE
            + r"\d{1,3}\s*(?:minutes?|mins?|hours?|hrs?|days?)\s+ago"
            + _NOT_LETTER_AFTER,
            re.IGNORECASE,
        ),
        ("en",),
    ),
    (re.compile(r"(?<!\d)\d{1,3}\s*(?:分钟|分鐘|小时|小時|天)前"), ("zh",)),
    (_relative_phrases(), ()),  # the language is the group's name
)
_YEAR_RUN = re.compile(r"\d{4}|[คพย]\.\s?\d{2}(?!\d)")  # a year, or a Thai "5 พ.ค. 68"
_DIGIT = re.compile(r"\d")
_SPACES = re.compile(r"\s+")
_EDGE_JUNK = " \t\r\n\"'\u201c\u201d\u2018\u2019«»[](){}<>|,;"
_OFFSET = re.compile(r"([+-])\s*(\d{1,2})(?::?(\d{2}))?$")


# --------------------------------------------------------------------------- building values


def _offset(token: str) -> tzinfo | None:
    token = token.strip()
    upper = token.upper()
    if upper in {"Z", "UTC", "GMT", "UT"}:
        return UTC
    if upper in _RFC_ZONES:
        return fixed_timezone(timedelta(hours=_RFC_ZONES[upper]), upper)
    match = _OFFSET.search(token)
    if match is None:
        return None
    sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
    if hours > 18 or minutes > 59:
        return None
    delta = timedelta(hours=hours, minutes=minutes)
    if not delta:
        return UTC
    return fixed_timezone(-delta if sign == "-" else delta)


def _int(groups: dict[str, str | None], key: str, default: int = 0) -> int:
    text = groups.get(key)
    return int(text) if text else default


def _value_from(groups: dict[str, str | None], zone: tzinfo) -> datetime | date | None:
    """Date or aware datetime from regex groups; None when a component is out of range."""
    year = _int(groups, "y")
    if len(groups["y"] or "") == 2:
        year += 2000 if year < 50 else 1900
    try:
        day = _day_from(groups, year)
    except ValueError:
        return None
    if groups.get("H") is None:
        return day
    hour, minute, second = _int(groups, "H"), _int(groups, "M"), _int(groups, "S")
    second = min(second, 59)  # leap second
    ampm = (groups.get("ampm") or "").lower()[:1] or {
        "下午": "p", "午後": "p", "오후": "p", "上午": "a", "午前": "a", "오전": "a",
    }.get(groups.get("cjkampm") or "", "")  # fmt: skip
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    fraction = (groups.get("F") or "")[:6].ljust(6, "0")
    tz_token = groups.get("tz")
    tz = zone
    if tz_token:
        parsed = _offset(tz_token)
        if parsed is None:
            return None
        tz = parsed
    try:
        return datetime.combine(day, time(hour, minute, second, int(fraction)), tz)
    except ValueError:
        return None


def _day_from(groups: dict[str, str | None], year: int) -> date:
    """The day a match names (ValueError when none): Thai in the Buddhist Era, Solar Hijri by
    its month's name or its year ("1398/11/29"), "a/b/year" when only one order makes sense,
    else y, m, d."""
    if groups.get("tmon"):
        month = buddhist_era.month_number(groups["tmon"] or "")
        return date(buddhist_era.gregorian_year(groups["y"] or ""), month, _int(groups, "d"))
    if groups.get("smon"):
        month = solar_hijri.month_number(groups["smon"] or "")
        return solar_hijri.gregorian_day(year, month, _int(groups, "d"))
    if groups.get("a"):
        return _slashed_day(groups, year)
    month_name = groups.get("mon")
    if month_name:
        return date(year, _month_number(month_name), _int(groups, "d"))
    if solar_hijri.is_year(year):
        return solar_hijri.gregorian_day(year, _int(groups, "m"), _int(groups, "d"))
    return date(year, _int(groups, "m"), _int(groups, "d"))


def _names_a_day(groups: dict[str, str | None]) -> bool:
    """Whether the date part of a match is a day (its time of day aside)."""
    date_part = {key: groups.get(key) for key in ("y", "m", "d", "mon", "smon", "tmon", "a", "b")}
    return _value_from(date_part, UTC) is not None


def _slashed_day(groups: dict[str, str | None], year: int) -> date:
    """The day of "a/b/year" when only one order makes sense (ValueError when both do)."""
    first, second = _int(groups, "a"), _int(groups, "b")
    if either_order(first, second):
        raise ValueError(f"{first}/{second}/{year}: day and month could be either")
    if first > 12 >= second or first == second:
        return date(year, second, first)
    return date(year, first, second)


def either_order(first: int, second: int) -> bool:
    """Whether "first/second/year" reads as two different days, day first or month first:
    both numbers 12 or less and different ('04/05/2020')."""
    return first != second and first <= 12 and second <= 12


def _month_number(name: str) -> int:
    """1-12 for a month name these patterns or a dateparser locale know; 0 for other words."""
    return _MONTH_BY_NAME.get(_SPACES.sub(" ", name.lower())) or locale_month(name)


def _fast_path(text: str, zone: tzinfo) -> datetime | date | None:
    """ISO 8601, RFC 822, YYYYMMDD, CJK and month-name dates with regexes only."""
    for pattern in _FAST:
        match = pattern.fullmatch(text)
        if match is not None:
            return _value_from(match.groupdict(), zone)
    return None


# --------------------------------------------------------------------------- dateparser


@functools.lru_cache(maxsize=32)
def _dateparser(languages: tuple[str, ...] | None, zone_name: str, base: datetime) -> Any:
    from dateparser.date import DateDataParser

    settings = {
        "TIMEZONE": zone_name,
        "RETURN_AS_TIMEZONE_AWARE": False,
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_TIME_AS_PERIOD": True,
    }
    try:
        return DateDataParser(languages=list(languages or DEFAULT_LANGUAGES), settings=settings)
    except ValueError as exc:
        raise DateError(f"dateparser rejected languages {languages!r}: {exc}") from exc


def _dateparser_data(text: str, languages: tuple[str, ...] | None, ctx: _Context,
                     base: datetime) -> Any:  # fmt: skip
    parser = _dateparser(languages, ctx.zone_name, base)
    try:
        data = parser.get_date_data(text)
    except Exception:  # dateparser has raised odd errors on odd input: treat as unparseable
        return None
    return data if data is not None and data.date_obj is not None else None


def _with_dateparser(
    text: str, languages: tuple[str, ...] | None, ctx: _Context
) -> datetime | date | None:
    """Everything the fast path does not know: names, relative dates, named zones."""
    from dateparser.timezone_parser import pop_tz_offset_from_string

    try:
        rest, found_tz = pop_tz_offset_from_string(text)
    except Exception:
        rest, found_tz = text, None
    rest = rest.strip(_EDGE_JUNK)
    if not rest or (not _DIGIT.search(rest) and len(rest) < 3):
        return None
    data = _dateparser_data(rest, languages, ctx, ctx.base)
    if data is None:
        return None
    parts = set(data.parts or ())
    if data.period not in {"day", "time"} or not {"month", "day"} <= parts:
        return None  # a month, a week, a year, "tonight": not a day
    naive: datetime = data.date_obj.replace(tzinfo=None)
    relative = "year" not in parts
    if not relative and not _YEAR_RUN.search(rest):
        # "3 hours ago", "yesterday", "Monday" claim every part: see if they move with the base.
        shifted = _dateparser_data(rest, languages, ctx, ctx.base + timedelta(days=400, hours=7))
        relative = shifted is None or shifted.date_obj.replace(tzinfo=None) != naive
    if relative and ctx.fetched_at is None:
        raise DateError(f"relative date {text!r} needs the fetch time to be resolved")
    if "time" not in parts:
        return naive.date()
    offset = found_tz.utcoffset(None) if found_tz is not None else None
    if offset is None:
        if relative and ctx.zone is UNZONED:  # counted from the fetch time: an instant
            return naive.replace(tzinfo=UTC)
        return naive.replace(tzinfo=ctx.zone)
    tz = UTC if not offset else fixed_timezone(offset, found_tz.tzname(None))
    if relative:  # computed from the base in the site timezone: same instant, shown in tz
        return naive.replace(tzinfo=ctx.zone).astimezone(tz)
    return naive.replace(tzinfo=tz)


# --------------------------------------------------------------------------- validation


def _finish(value: datetime | date, raw: str, source: str, ctx: _Context) -> NormalizedDate:
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise DateError(f"naive datetime from {raw!r}")  # never happens: guard
        day = value.date()
        precision: Precision = "minute"
    else:
        day = value
        precision = "day"
    if day < ctx.floor:
        raise DateError(f"date {day.isoformat()} from {source} ({raw!r}) is {ctx.floor_reason}")
    try:
        if isinstance(value, datetime):
            utc = value.astimezone(UTC)
        else:
            utc = datetime.combine(value, time(), ctx.zone).astimezone(UTC)
    except (OverflowError, ValueError) as exc:
        raise DateError(f"date from {source} ({raw!r}) is out of range") from exc
    if utc > ctx.limit:
        when = (
            f"the fetch time {ctx.fetched_at.isoformat()}" if ctx.fetched_at is not None else "now"
        )
        raise DateError(
            f"date {utc.isoformat()} from {source} ({raw!r}) is after {when} "
            f"(tolerance {FUTURE_TOLERANCE if ctx.fetched_at else NO_FETCH_TOLERANCE})"
        )
    return NormalizedDate(value, utc, day, raw, source, precision)


def _clean(raw: str) -> str:
    text = unicodedata.normalize("NFKC", raw)
    text = text.replace("\u200b", "").replace("\u200e", "").replace("\u200f", "")
    return _SPACES.sub(" ", text).strip(_EDGE_JUNK)


def _languages(languages: Sequence[str] | None) -> tuple[str, ...] | None:
    if isinstance(languages, str):
        return (languages,)
    return tuple(languages) if languages else None


# A time of day and nothing else ('08:00', 'T08:00:00Z', '8.30 Uhr', '10:15 AM'): dateparser
# would put it on the day of the run.
_TIME_ONLY = re.compile(
    r"T?\d{1,2}(?::\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?|uhr|h)?|\.\d{2}\s*(?:uhr|h)|h\d{2})\s*"
    r"(?:Z|[+-]\d{2}:?\d{2}|[A-Z]{2,5})?",
    re.IGNORECASE,
)


def _parse(
    raw: str, source: str, languages: tuple[str, ...] | None, ctx: _Context, *, scan: bool
) -> NormalizedDate:
    if not isinstance(raw, str):
        raise DateError(f"date from {source} is not text: {type(raw).__name__}")
    text = _clean(raw[:MAX_DATE_CHARS])
    if not text:
        raise DateError(f"empty date string from {source}")
    if _TIME_ONLY.fullmatch(text):
        raise DateError(f"a time of day without a date from {source}: {text!r}")
    value = _fast_path(text, ctx.zone)
    if value is None and len(text) <= _MAX_DATEPARSER_LEN:
        value = _with_dateparser(text, languages, ctx)
    if value is not None:
        return _finish(value, raw, source, ctx)
    if scan:
        found = _scan(text, source, languages, ctx)
        if found is not None:
            return replace(found, raw=raw)
    raise DateError(f"no date found in {raw[:120]!r} from {source}")


# --------------------------------------------------------------------------- public API


def parse_date(
    raw: str,
    *,
    source: str,
    languages: Sequence[str] | None = None,
    timezone: str = "UTC",
    fetched_at: datetime | None = None,
    min_date: date | None = None,
    errors: Literal["ignore", "raise"] = "ignore",
) -> NormalizedDate | None:
    """Normalize one date string as found in structured data (JSON-LD, meta, feeds, ...).

    ISO 8601, RFC 822, ``YYYYMMDD``, CJK and month-name dates (en, ru, es, de, fr, pt, it,
    ar by heart, other languages' names through crawler.extract.month_numbers) are read with
    regexes; anything else goes to dateparser with ``languages``; a string that still fails
    is scanned for a date like :func:`find_date_in_text` does.

    An explicit offset is kept in ``value``; without one the site ``timezone`` (IANA name) is
    attached, or :data:`UNZONED` when it is "" (unknown).  Relative dates ("3 hours ago",
    "yesterday", "May 5") are resolved against ``fetched_at`` and rejected without it.  A
    naive ``fetched_at`` is taken as UTC.  Dates after ``fetched_at`` + 1 hour (now + 1 day
    without it), before 1990-01-01 or before ``min_date`` (compared on the outlet's day) are
    rejected: ``None`` with ``errors="ignore"``, :class:`DateError` with ``errors="raise"``.
    An unknown ``timezone`` or ``languages`` code is a configuration error and raises
    :class:`DateError` either way.
    """
    ctx = _context(timezone, fetched_at, min_date)
    try:
        return _parse(raw, source, _languages(languages), ctx, scan=True)
    except DateError:
        if errors == "raise":
            raise
        return None


def _scan(
    text: str, source: str, languages: tuple[str, ...] | None, ctx: _Context
) -> NormalizedDate | None:
    candidates: list[tuple[int, int, str, tuple[str, ...] | None, str]] = []
    if _YEAR_RUN.search(text):
        for pattern in _SCAN:
            for match in pattern.finditer(text):
                if not _names_a_day(match.groupdict()):
                    continue  # a word in a month's place, "04/05/2020": dateparser never sees it
                start, end = match.span()
                tz_start = match.start("tz")
                if tz_start >= 0 and text[tz_start] in "+-" and not _glued_offset_ok(match):
                    end = tz_start  # "10:30-11:30" is a range, not an offset
                date_only = text[start : match.end("date")]
                candidates.append((start, -end, text[start:end].strip(), languages, date_only))
    for pattern, phrase_languages in _SCAN_RELATIVE:
        for match in pattern.finditer(text):
            named = (match.lastgroup,) if match.lastgroup else None
            candidates.append(
                (match.start(), -match.end(), match.group(), phrase_languages or named, "")
            )
    candidates.sort(key=lambda item: (item[0], item[1]))
    for _start, _end, candidate, langs, date_only in candidates:
        for attempt in (candidate, date_only):
            if not attempt:
                continue
            try:
                return _parse(attempt, source, langs, ctx, scan=False)
            except DateError:
                continue
    return None


def _glued_offset_ok(match: re.Match[str]) -> bool:
    """A numeric offset counts after 'T'-style ISO times, seconds, or a space before the sign."""
    tz_start = match.start("tz")
    return (
        (match.groupdict().get("tsep") or "").strip() in {"T", "t"}
        or match.group("S") is not None
        or match.string[tz_start - 1].isspace()
    )


def find_date_in_text(
    text: str,
    *,
    source: str = "text",
    languages: Sequence[str] | None = None,
    timezone: str = "UTC",
    fetched_at: datetime | None = None,
    min_date: date | None = None,
) -> NormalizedDate | None:
    """The first valid date in free text, found with regexes (dateparser sees only candidates).

    Finds numeric dates (``2025-05-05``, ``2025/05/05``, ``05.05.2025``, glued as in
    ``CCTV.com2025-05-05``), CJK dates, month-name dates in the languages :func:`parse_date`
    knows, each with a time of day that follows it, and "N hours ago"-style phrases (only
    resolved with ``fetched_at``).  Candidates are tried in text order; rules as in
    :func:`parse_date`.  ``raw`` is the candidate substring.
    """
    ctx = _context(timezone, fetched_at, min_date)
    if not isinstance(text, str):
        return None
    text = text[:MAX_SCAN_CHARS]
    if not _DIGIT.search(text):
        return None
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return _scan(text, source, _languages(languages), ctx)


_URL_PATTERNS: tuple[re.Pattern[str], ...] = (
    # Not '/2019/11/15-tips-to-...': a WordPress '/%year%/%monthnum%/%postname%/' address
    # whose slug starts with a number; the day never runs into a word in the sets' URLs.
    re.compile(r"(?<![\d])(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\d])(?!-[^\W\d_])"),
    re.compile(r"(?<![\d])(?P<y>\d{4})(?P<sep>[-_.])(?P<m>\d{2})(?P=sep)(?P<d>\d{2})(?![\d])"),
    re.compile(r"(?<![\d])(?P<y>\d{4})/(?P<m>\d{2})(?P<d>\d{2})(?![\d])"),
    re.compile(r"(?<![\d])(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:\d{4}|\d{6})?(?![\d])"),
)
_URL_HOST = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*")


def date_from_url(
    url: str,
    *,
    timezone: str = "UTC",
    fetched_at: datetime | None = None,
    min_date: date | None = None,
) -> NormalizedDate | None:
    """The publication day encoded in a URL path, with precision "day" and source "url".

    Knows ``/2025/05/05/`` (not ``/2025/05/10-best-...``, a month's address and a slug),
    ``/2025-05-05/``, ``_2025_05_05``, ``/2025/0505/`` and runs of 8
    (or 12/14, a time following) digits that start with a valid ``YYYYMMDD``, as in
    ``ARTI...20250505...``; the first one that is a valid date not after the fetch, not
    before 1990 and not before ``min_date`` wins.  The host name is ignored.
    """
    ctx = _context(timezone, fetched_at, min_date)
    if not isinstance(url, str):
        return None
    path = _URL_HOST.sub("", url, count=1)
    for pattern in _URL_PATTERNS:
        for match in pattern.finditer(path):
            value = _value_from(match.groupdict(), ctx.zone)
            if value is None:
                continue
            try:
                return _finish(value, match.group(), "url", ctx)
            except DateError:
                continue
    return None


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def coerce_date(value: object) -> date | None:
    """A day for CLI filters: ``date``, ``datetime`` (its own day) or ``'YYYY-MM-DD'`` text.

    ``None`` and blank text give ``None``; other text or types raise :class:`DateError`.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if _ISO_DAY.fullmatch(text):
            try:
                return date.fromisoformat(text)
            except ValueError as exc:
                raise DateError(f"invalid date {value!r}: {exc}") from exc
        raise DateError(f"invalid date {value!r}: expected YYYY-MM-DD, e.g. 2025-05-05")
    raise DateError(f"cannot use {type(value).__name__} {value!r} as a date")
