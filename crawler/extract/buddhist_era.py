"""Thai dates in the Buddhist Era, as Thai outlets print them ('5 พ.ค. 2568' is 5 May 2025).

The Thai solar calendar has the Gregorian months and days; only its year differs, by 543.
Pages write the month in full or abbreviated with dots, and the year in four digits, in two
(their last two, '5 พ.ค. 68'), or now and then in the Gregorian era.
"""

from __future__ import annotations

import functools

ERA_OFFSET = 543
FIRST_ERA_YEAR = 2400  # a four-digit year below this one is Gregorian ('5 พฤษภาคม 2025')
# Month 1 to 12, in full and abbreviated.
_MONTH_NAMES: tuple[tuple[str, str], ...] = (
    ("มกราคม", "ม.ค."),
    ("กุมภาพันธ์", "ก.พ."),
    ("มีนาคม", "มี.ค."),
    ("เมษายน", "เม.ย."),
    ("พฤษภาคม", "พ.ค."),
    ("มิถุนายน", "มิ.ย."),
    ("กรกฎาคม", "ก.ค."),
    ("สิงหาคม", "ส.ค."),
    ("กันยายน", "ก.ย."),
    ("ตุลาคม", "ต.ค."),
    ("พฤศจิกายน", "พ.ย."),
    ("ธันวาคม", "ธ.ค."),
)


def month_names() -> list[str]:
    """Every month name, full and abbreviated, for a regex alternation."""
    return [name for names in _MONTH_NAMES for name in names]


@functools.cache
def _month_by_name() -> dict[str, int]:
    return {name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names}


def month_number(name: str) -> int:
    """1-12 for a Thai month's name; 0 for any other word."""
    return _month_by_name().get(name, 0)


def gregorian_year(written: str) -> int:
    """The Gregorian year of a year as a Thai date writes it: '2568' and '68' are 2025
    (the Buddhist Era's 25xx), '2025' stays 2025."""
    year = int(written)
    if len(written) == 2:
        year += 2500
    return year - ERA_OFFSET if year >= FIRST_ERA_YEAR else year
