"""The demo's wijkteamoverleg: Wijk 02 Zuidoost meets every other Tuesday, 10:00–11:30, so
that its meetings page shows the coming meetings and one held two weeks ago. Loaded once: a
second run (or a schedule changed in the demo) is left alone."""

from datetime import time, timedelta

from django.utils import timezone

from wijkteam.meetings.models import MeetingSchedule
from wijkteam.meetings.planning import schedule_set
from wijkteam.meetings.services import When, meeting_create
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import Team

DISTRICT = "WK034502"
PLACE = "Wijkcentrum Zuidoost, zaal 1"
TUESDAY = 1
START, END = time(10), time(11, 30)


def meetings_stage_load(teams: dict[str, Team]) -> int:
    """Zuidoost's schedule and its last meeting; returns the number of meetings made."""
    team = teams.get(DISTRICT)
    if team is None or MeetingSchedule.objects.filter(team=team).exists():
        return 0
    today = timezone.localdate()
    # The last Tuesday before today: the meeting held; the schedule goes on every two weeks.
    held = today - timedelta(days=(today.weekday() - TUESDAY) % 7 or 7)
    meeting_create(
        actor=SYSTEM,
        team=team,
        when=When(day=held, start=START, end=END),
        place=PLACE,
        scheduled_for=held,
        at=timezone.now() - timedelta(weeks=4),
    )
    schedule_set(
        actor=SYSTEM,
        team=team,
        weekday=TUESDAY,
        interval_weeks=2,
        starts_on=held,
        start_time=START,
        end_time=END,
        place=PLACE,
    )
    return team.meetings.count()
