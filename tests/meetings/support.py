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


def noise_case(**extra):
    """A team case: noise at a tenant's home (the corporation is proposed as lead)."""
    from tests.cases.support import case_of, intake

    extra.setdefault("is_tenant", True)
    return case_of(intake("overlast-geluid", **extra))


def arrears_case(world, **extra):
    """A confidential case: a tenant's rent arrears, for the corporation (and later the
    gemeente's debt help) only; never the police."""
    from tests.cases.support import address, case_of, intake
    from wijkteam.signals.models import Channel

    return case_of(
        intake(
            "financieel-huurachterstand",
            channel=Channel.ARREARS_FORM,
            receiving_organisation=world.corporatie,
            location=address("3999AA", 8),
            **extra,
        )
    )


def planned_meeting(world, **extra):
    """A meeting of team A three weeks from now, every partner invited."""
    from wijkteam.meetings.services import meeting_create

    extra.setdefault("place", "De Schakel")
    return meeting_create(actor=world.wijkmanager_a, team=world.team_a, when=when(), **extra)
