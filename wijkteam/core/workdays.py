"""Dutch working days: response targets and deadlines count Monday to Friday, without the
Dutch public holidays (the `holidays` package's list for NL: New Year, Good Friday, Easter
Monday, King's Day, Liberation Day in lustrum years, Ascension, Whit Monday, Christmas)."""

from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays
from django.utils import timezone


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NL", years=[year]).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def next_working_day(day: date) -> date:
    """The first working day after ``day``."""
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(moment: datetime, days: int) -> datetime:
    """The same local time of day, ``days`` working days later. A moment outside working days
    (a Saturday, King's Day) counts from the start of the next working day, so that silence
    over a weekend is never taken for consent."""
    if days < 0:
        raise ValueError("days must not be negative")
    local = timezone.localtime(moment)
    day, clock = local.date(), local.time()
    if not is_working_day(day):
        day, clock = next_working_day(day), time.min
    for _ in range(days):
        day = next_working_day(day)
    return timezone.make_aware(datetime.combine(day, clock), local.tzinfo)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count
