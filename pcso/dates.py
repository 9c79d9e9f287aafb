"""Calendar months, as every app counts them: the same day a number of months away, the month's
last day where that month is shorter (31 May less three months is 28 February)."""

from __future__ import annotations

import calendar
from datetime import date


def _shift_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (earlier if negative), the month's last day if
    shorter; clamped to the first and last dates Python can hold."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    if year < date.min.year:
        return date.min
    if year > date.max.year:
        return date.max
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the month's last day if shorter)."""
    return _shift_months(day, -months)


def months_after(day: date, months: int) -> date:
    """The same day `months` calendar months later (the month's last day if shorter)."""
    return _shift_months(day, months)
