"""Working days in England and Wales: Monday to Friday, less the bank holidays.

The Victims' Code counts update deadlines in working days; bank holidays come from the
`holidays` package (England's calendar, which England and Wales share)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays

from pcso.dates import months_after, months_before  # noqa: F401 - the Victims' Code clocks count in both


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def add_working_days(start: date, n: int) -> date:
    """The date `n` working days after `start` (start itself never counts): Friday + 1 is Monday,
    Saturday + 1 is Monday too."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    counted = 0
    while counted < n:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def add_working_days_at(moment: datetime, n: int) -> datetime:
    """The same local time of day, `n` working days after `moment`."""
    return moment.replace(year=(day := add_working_days(moment.date(), n)).year, month=day.month, day=day.day)
