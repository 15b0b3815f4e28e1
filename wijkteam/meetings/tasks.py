"""Background work of the wijkteamoverleg: planning the scheduled meetings of the coming weeks.
Safe to run twice (planning.py plans each date at most once)."""

from datetime import datetime, timedelta

from django_tasks import task

from wijkteam.core.periodic import periodic_ensure
from wijkteam.meetings.planning import meetings_plan
from wijkteam.partners.actors import SYSTEM

PLANNING_HOURS = 6


def next_planning_at(now: datetime) -> datetime:
    return now + timedelta(hours=PLANNING_HOURS)


@task()
def plan_meetings() -> None:
    """Every six hours: plan each team's meetings of the coming weeks from its schedule (a
    schedule's own change plans at once; this keeps the horizon moving)."""
    periodic_ensure()
    meetings_plan(actor=SYSTEM)
