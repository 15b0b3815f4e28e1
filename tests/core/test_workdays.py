from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from wijkteam.core.workdays import (
    add_working_days,
    is_working_day,
    next_working_day,
    working_days_between,
)

AMS = ZoneInfo("Europe/Amsterdam")


def at(*args) -> datetime:
    return datetime(*args, tzinfo=AMS)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 11, 26), True),  # a Thursday
        (date(2026, 11, 28), False),  # Saturday
        (date(2026, 4, 27), False),  # King's Day (Monday)
        (date(2026, 4, 6), False),  # Easter Monday
        (date(2026, 5, 14), False),  # Ascension Day
        (date(2026, 5, 25), False),  # Whit Monday
        (date(2026, 12, 25), False),
        (date(2026, 12, 26), False),  # Boxing Day on a Saturday anyway
        (date(2030, 5, 6), True),  # the Monday after Liberation Day 2030 (a Sunday)
        (date(2025, 5, 5), False),  # Liberation Day in a lustrum year
        (date(2026, 5, 5), True),  # ... and not in other years
    ],
)
def test_working_days(day, working):
    assert is_working_day(day) is working


def test_one_working_day_after_friday_afternoon_is_monday_afternoon():
    assert add_working_days(at(2026, 11, 27, 16, 0), 1) == at(2026, 11, 30, 16, 0)


def test_easter_is_skipped():
    # Thursday before Easter + 1: Good Friday and Easter Monday are holidays.
    assert add_working_days(at(2026, 4, 2, 10, 0), 1) == at(2026, 4, 7, 10, 0)


def test_christmas_and_new_year():
    assert add_working_days(at(2026, 12, 24, 9, 0), 1) == at(2026, 12, 28, 9, 0)
    assert add_working_days(at(2026, 12, 31, 9, 0), 1) == at(2027, 1, 4, 9, 0)


def test_a_saturday_counts_from_the_start_of_monday():
    assert add_working_days(at(2026, 11, 28, 10, 0), 1) == at(2026, 12, 1, 0, 0)
    assert add_working_days(at(2026, 11, 28, 10, 0), 0) == at(2026, 11, 30, 0, 0)


def test_zero_days_on_a_working_day_is_the_moment_itself():
    assert add_working_days(at(2026, 11, 26, 11, 30), 0) == at(2026, 11, 26, 11, 30)


def test_summer_time_change_keeps_the_local_clock():
    # The clocks go back on Sunday 25 October 2026.
    assert add_working_days(at(2026, 10, 23, 14, 0), 1) == at(2026, 10, 26, 14, 0)


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(at(2026, 11, 26, 9, 0), -1)


def test_next_working_day_and_counting():
    assert next_working_day(date(2026, 4, 24)) == date(2026, 4, 28)  # Fri → Tue (King's Day)
    assert working_days_between(date(2026, 11, 27), date(2026, 12, 4)) == 5
    assert working_days_between(date(2026, 12, 4), date(2026, 11, 27)) == 0
