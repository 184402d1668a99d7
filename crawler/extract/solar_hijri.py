"""Solar Hijri dates as Iranian and Afghan outlets print them ('۲۹ بهمن ۱۳۹۸'), as Gregorian days.

The Persian calendar's year 1398 began on 21 March 2019; its months have names of their own in
Iran (Farvardin ... Esfand) and in Afghanistan (Hamal ... Hut). Pages write them with Persian
or Arabic letters for ye and kaf, and with Persian, Arabic-Indic or Latin digits (Python's
int() reads all three). jdatetime does the calendar arithmetic.
"""

from __future__ import annotations

import functools
from datetime import date

# Month 1 to 12: the Iranian name (with its older spelling) and the Afghan (Dari) one.
_MONTH_NAMES: tuple[tuple[str, ...], ...] = (
    ("فروردین", "حمل"),
    ("اردیبهشت", "ثور"),
    ("خرداد", "جوزا"),
    ("تیر", "سرطان"),
    ("مرداد", "امرداد", "اسد"),
    ("شهریور", "سنبله"),
    ("مهر", "میزان"),
    ("آبان", "عقرب"),
    ("آذر", "قوس"),
    ("دی", "جدی"),
    ("بهمن", "دلو"),
    ("اسفند", "حوت"),
)
# Persian letters for ye and kaf, and the Arabic ones many sites type instead.
_ARABIC_LETTERS = str.maketrans({"ی": "ي", "ک": "ك"})
_PERSIAN_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})
FIRST_YEAR = 1300  # 1921: years of news pages in this calendar fall in 1300-1499
LAST_YEAR = 1499


def month_names() -> list[str]:
    """Every spelling of every month name, for a regex alternation."""
    names = {name for spellings in _MONTH_NAMES for name in spellings}
    return sorted(names | {name.translate(_ARABIC_LETTERS) for name in names})


@functools.cache
def _month_by_name() -> dict[str, int]:
    return {name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names}


def month_number(name: str) -> int:
    """1-12 for a Solar Hijri month's name in any spelling above; 0 for any other word."""
    return _month_by_name().get(name.translate(_PERSIAN_LETTERS), 0)


def is_year(year: int) -> bool:
    """Whether a year written year-first ('1398/11/29') is one of this calendar's."""
    return FIRST_YEAR <= year <= LAST_YEAR


def gregorian_day(year: int, month: int, day: int) -> date:
    """The Gregorian day of a Solar Hijri one (ValueError when there is no such day)."""
    import jdatetime

    if not is_year(year):
        raise ValueError(f"{year} is not a Solar Hijri year of the news")
    gregorian = jdatetime.date(year, month, day).togregorian()
    return date(gregorian.year, gregorian.month, gregorian.day)
