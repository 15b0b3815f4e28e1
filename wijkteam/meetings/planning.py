"""A team's recurring schedule and the meetings it plans.

The worker (tasks.py) plans, for every active schedule, the meetings of the next
``WIJKTEAM_MEETINGS_PLAN_WEEKS`` weeks. Each date the schedule gives is planned at most once
(``Meeting.scheduled_for`` is unique per team), so running it again plans nothing twice, and a
meeting that was moved or cancelled is never planned again on its old date. A date that is a
Dutch public holiday (core/workdays.py) is skipped: no meeting is planned then; the chair
plans one by hand on another day if the team wants to meet that week."""

from datetime import date, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.access.audit import audit_record, field_changes
from wijkteam.core.errors import DomainError, forbidden
from wijkteam.core.workdays import is_working_day
from wijkteam.meetings.models import Meeting, MeetingSchedule, MeetingStatus, Weekday
from wijkteam.meetings.services import (
    When,
    meeting_cancel,
    meeting_create,
    require_arranger,
)
from wijkteam.partners.actors import SYSTEM, Actor, is_system, require_actor
from wijkteam.partners.models import Team

SCHEDULE_FIELDS = (
    "weekday",
    "interval_weeks",
    "starts_on",
    "start_time",
    "end_time",
    "place",
    "video_url",
    "is_active",
)


def schedule_dates(schedule: MeetingSchedule, *, since: date, until: date) -> list[date]:
    """The dates from ``since`` up to and including ``until`` on which the schedule meets,
    public holidays included (the caller skips them)."""
    first = schedule.starts_on + timedelta(
        days=(schedule.weekday - schedule.starts_on.weekday()) % 7
    )
    step = timedelta(weeks=schedule.interval_weeks)
    if first < since:
        first += step * -(-(since - first).days // step.days)
    dates = []
    day = first
    while day <= until:
        dates.append(day)
        day += step
    return dates


def is_public_holiday(day: date) -> bool:
    """A weekday that is a Dutch public holiday (the schedule meets only on weekdays)."""
    return day.weekday() < 5 and not is_working_day(day)


@transaction.atomic
def schedule_set(
    *,
    actor: Actor,
    team: Team,
    weekday: int,
    interval_weeks: int,
    starts_on: date,
    start_time: time,
    end_time: time,
    place: str = "",
    video_url: str = "",
    is_active: bool = True,
) -> MeetingSchedule:
    """Set (or change, or stop) the team's recurring schedule, then plan its coming meetings.
    Planned meetings of the old schedule that nobody moved are cancelled when the schedule
    changes (the reason says so), so that no team meets twice in a week by mistake."""
    require_arranger(actor, team)
    if weekday not in Weekday.values:
        raise DomainError(_("Kies een dag van maandag tot en met vrijdag."), field="weekday")
    if not 1 <= interval_weeks <= 8:
        raise DomainError(_("Kies elke 1 tot 8 weken."), field="interval_weeks")
    When(day=starts_on, start=start_time, end=end_time).moments()
    place, video_url = place.strip(), video_url.strip()
    if not place and not video_url:
        raise DomainError(_("Vul een plaats of een videolink in."), field="place")
    values = {
        "weekday": weekday,
        "interval_weeks": interval_weeks,
        "starts_on": starts_on,
        "start_time": start_time,
        "end_time": end_time,
        "place": place,
        "video_url": video_url,
        "is_active": is_active,
    }
    schedule = MeetingSchedule.objects.select_for_update().filter(team=team).first()
    before = {}
    if schedule is None:
        schedule = MeetingSchedule(team=team, **values)
    else:
        before = {name: getattr(schedule, name) for name in SCHEDULE_FIELDS}
        for name, value in values.items():
            setattr(schedule, name, value)
    schedule.save()
    after = {name: getattr(schedule, name) for name in SCHEDULE_FIELDS}
    changes = field_changes(_plain(before), _plain(after))
    audit_record(
        actor=actor, action="update" if before else "create", instance=schedule, changes=changes
    )
    if before and changes:
        _cancel_unmoved(actor, team)
    if schedule.is_active:
        _plan(schedule)
    return schedule


def _plain(values: dict) -> dict:
    return {
        name: value.isoformat() if hasattr(value, "isoformat") else value
        for name, value in values.items()
    }


def _cancel_unmoved(actor: Actor, team: Team) -> None:
    for meeting in Meeting.objects.filter(
        team=team,
        scheduled_for__isnull=False,
        status=MeetingStatus.PLANNED,
        sequence=0,
        starts_at__gt=timezone.now(),
    ):
        meeting_cancel(actor=actor, meeting=meeting, reason=_("Het overlegrooster is gewijzigd."))


def _plan(schedule: MeetingSchedule, *, today: date | None = None) -> list[Meeting]:
    today = today or timezone.localdate()
    until = today + timedelta(weeks=settings.WIJKTEAM_MEETINGS_PLAN_WEEKS)
    dates = [
        day
        for day in schedule_dates(schedule, since=today, until=until)
        if not is_public_holiday(day)
    ]
    planned = set(
        Meeting.objects.filter(team_id=schedule.team_id, scheduled_for__in=dates).values_list(
            "scheduled_for", flat=True
        )
    )
    created = []
    for day in dates:
        if day in planned:
            continue
        when = When(day=day, start=schedule.start_time, end=schedule.end_time)
        if when.moments()[0] <= timezone.now():
            continue  # today's meeting whose time has passed
        created.append(
            meeting_create(
                actor=SYSTEM,
                team=schedule.team,
                when=when,
                place=schedule.place,
                video_url=schedule.video_url,
                scheduled_for=day,
            )
        )
    return created


def meetings_plan(*, actor: Actor, today: date | None = None) -> int:
    """Plan the coming meetings of every active schedule (the worker's periodic run); returns
    how many were planned. Safe to run any number of times, also by two workers at once (each
    schedule is locked while its meetings are planned)."""
    require_actor(actor)
    if not is_system(actor):
        raise forbidden(_("Dit doet Wijkteam zelf, niet een medewerker."))
    count = 0
    for schedule_id in MeetingSchedule.objects.filter(is_active=True).values_list("pk", flat=True):
        with transaction.atomic():
            schedule = (
                MeetingSchedule.objects.select_for_update(of=("self",))
                .select_related("team")
                .get(pk=schedule_id)
            )
            count += len(_plan(schedule, today=today))
    return count
