from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from engagement.workdays import (
    add_working_days,
    add_working_days_at,
    is_working_day,
    months_after,
    months_before,
)

LONDON = ZoneInfo("Europe/London")


def test_bank_holidays_of_england_and_wales_are_not_working_days():
    assert is_working_day(date(2026, 12, 25)) is False  # Christmas, a Friday
    assert is_working_day(date(2026, 12, 28)) is False  # Boxing Day substitute, Monday
    assert is_working_day(date(2027, 3, 26)) is False  # Good Friday
    assert is_working_day(date(2027, 3, 29)) is False  # Easter Monday
    assert is_working_day(date(2026, 12, 29)) is True
    assert is_working_day(date(2026, 11, 28)) is False  # a Saturday


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 11, 23), 1, date(2026, 11, 24)),  # Monday + 1
        (date(2026, 11, 23), 5, date(2026, 11, 30)),  # Monday + 5: next Monday
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday + 1: Monday
        (date(2026, 11, 28), 1, date(2026, 11, 30)),  # Saturday + 1: Monday
        (date(2026, 11, 29), 5, date(2026, 12, 4)),  # Sunday + 5: Friday
        (date(2026, 12, 24), 1, date(2026, 12, 29)),  # Christmas Eve + 1: over Christmas and the substitute
        (date(2026, 12, 23), 5, date(2027, 1, 4)),  # over Christmas, Boxing Day substitute and New Year
        (date(2027, 3, 25), 1, date(2027, 3, 30)),  # Thursday before Easter + 1: Tuesday after
        (date(2027, 3, 24), 5, date(2027, 4, 2)),  # over Good Friday and Easter Monday
        (date(2026, 11, 23), 0, date(2026, 11, 23)),
    ],
)
def test_add_working_days(start, n, expected):
    assert add_working_days(start, n) == expected


def test_add_working_days_refuses_negative():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 11, 23), -1)


def test_add_working_days_at_keeps_the_local_time_across_the_clock_change():
    # Friday 26/03/2027 is Good Friday; clocks go forward on Sunday 28/03/2027.
    start = datetime(2027, 3, 25, 10, 30, tzinfo=LONDON)
    assert add_working_days_at(start, 1) == datetime(2027, 3, 30, 10, 30, tzinfo=LONDON)
    assert add_working_days_at(start, 1).utcoffset().total_seconds() == 3600


def test_months_before_handles_short_months():
    assert months_before(date(2026, 11, 23), 3) == date(2026, 8, 23)
    assert months_before(date(2026, 5, 31), 3) == date(2026, 2, 28)
    assert months_before(date(2027, 1, 15), 3) == date(2026, 10, 15)


def test_months_before_and_after_stay_within_the_calendar():
    assert months_before(date(1, 2, 1), 3) == date.min
    assert months_after(date(9999, 11, 1), 3) == date.max
    assert months_after(date(2026, 11, 30), 3) == date(2027, 2, 28)
