"""Dates for the meeting tests: always in the future, so that the rules about the past do not
depend on the day the tests run."""

from datetime import date, time, timedelta

from django.utils import timezone

from wijkteam.meetings.services import When


def future_day(weeks: int = 3, weekday: int = 1) -> date:
    """A ``weekday`` (0 = Monday) some weeks from now."""
    today = timezone.localdate()
    return today + timedelta(weeks=weeks, days=(weekday - today.weekday()) % 7)


def when(day: date | None = None, start: str = "10:00", end: str = "11:30") -> When:
    return When(
        day=day or future_day(), start=time.fromisoformat(start), end=time.fromisoformat(end)
    )
