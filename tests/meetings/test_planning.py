"""The recurring schedule: the worker plans the coming weeks once, skips Dutch public holidays,
and never brings back a meeting that was moved or cancelled."""

from datetime import date, time

import pytest

from tests.meetings.support import future_day, when
from wijkteam.core.errors import DomainError
from wijkteam.meetings.models import Meeting, MeetingSchedule, MeetingStatus
from wijkteam.meetings.planning import meetings_plan, schedule_dates, schedule_set
from wijkteam.meetings.services import meeting_cancel, meeting_move
from wijkteam.partners.actors import SYSTEM

# Mondays in spring 2030: Easter Monday is 22 April.
SPRING_2030 = date(2030, 4, 1)
EASTER_MONDAY_2030 = date(2030, 4, 22)


def _weekly_mondays(world, **fields):
    values = {
        "weekday": 0,
        "interval_weeks": 1,
        "starts_on": SPRING_2030,
        "start_time": time(10),
        "end_time": time(11, 30),
        "place": "Buurthuis",
    } | fields
    return schedule_set(actor=world.wijkmanager_a, team=world.team_a, **values)


def test_the_worker_plans_the_next_weeks_once_and_skips_public_holidays(world, settings):
    settings.WIJKTEAM_MEETINGS_PLAN_WEEKS = 8
    _weekly_mondays(world)
    assert meetings_plan(actor=SYSTEM, today=SPRING_2030) == 8
    days = list(Meeting.objects.values_list("scheduled_for", flat=True))
    assert EASTER_MONDAY_2030 not in days
    assert days[0] == SPRING_2030 and len(days) == 8
    assert meetings_plan(actor=SYSTEM, today=SPRING_2030) == 0
    assert Meeting.objects.count() == 8
    first = Meeting.objects.first()
    assert first.chair == world.wijkmanager_a
    assert first.place == "Buurthuis"


def test_every_other_week_counts_from_the_week_it_starts(world):
    schedule = _weekly_mondays(world, interval_weeks=2, weekday=1)  # Tuesdays
    days = schedule_dates(schedule, since=date(2030, 4, 10), until=date(2030, 5, 10))
    assert days == [date(2030, 4, 16), date(2030, 4, 30)]
    assert all(day.weekday() == 1 for day in days)


def test_a_moved_or_cancelled_meeting_does_not_come_back(world, settings):
    settings.WIJKTEAM_MEETINGS_PLAN_WEEKS = 4
    today = future_day(weeks=0, weekday=0)
    _weekly_mondays(world, starts_on=today)
    planned = list(Meeting.objects.order_by("starts_at"))
    assert planned  # schedule_set planned at once
    count = len(planned)
    meeting_cancel(actor=world.wijkmanager_a, meeting=planned[-1], reason="Vakantie")
    meeting_move(
        actor=world.wijkmanager_a,
        meeting=planned[-2],
        when=when(day=future_day(weeks=10)),
        reason="Zaal bezet",
    )
    assert meetings_plan(actor=SYSTEM) == 0
    assert Meeting.objects.count() == count


def test_changing_the_schedule_cancels_its_untouched_meetings_and_plans_anew(world, settings):
    settings.WIJKTEAM_MEETINGS_PLAN_WEEKS = 4
    _weekly_mondays(world, starts_on=future_day(weeks=0, weekday=0))
    before = Meeting.objects.count()
    _weekly_mondays(world, starts_on=future_day(weeks=0, weekday=0), weekday=2)
    cancelled = Meeting.objects.filter(status=MeetingStatus.CANCELLED)
    assert cancelled.count() == before
    assert {meeting.cancel_reason for meeting in cancelled} == {"Het overlegrooster is gewijzigd."}
    planned = Meeting.objects.filter(status=MeetingStatus.PLANNED)
    assert planned.exists() and all(m.scheduled_for.weekday() == 2 for m in planned)


def test_an_inactive_schedule_plans_nothing(world):
    _weekly_mondays(world, starts_on=future_day(weeks=0, weekday=0), is_active=False)
    assert meetings_plan(actor=SYSTEM) == 0
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("who", ["agent_a", "wijkmanager_b"])
def test_only_the_wijkmanager_sets_the_schedule(world, who):
    with pytest.raises(DomainError):
        schedule_set(
            actor=getattr(world, who),
            team=world.team_a,
            weekday=1,
            interval_weeks=2,
            starts_on=SPRING_2030,
            start_time=time(10),
            end_time=time(11),
            place="Hal",
        )


def test_a_bad_schedule_is_refused_and_changes_nothing(world):
    with pytest.raises(DomainError) as refused:
        _weekly_mondays(world, start_time=time(12), end_time=time(11))
    assert refused.value.message == "De eindtijd moet na de begintijd liggen."
    with pytest.raises(DomainError):
        _weekly_mondays(world, weekday=6)
    with pytest.raises(DomainError):
        _weekly_mondays(world, interval_weeks=0)
    assert not Meeting.objects.exists()
    assert not MeetingSchedule.objects.exists()


def test_only_the_system_runs_the_planning(world):
    with pytest.raises(DomainError):
        meetings_plan(actor=world.wijkmanager_a)


def test_the_periodic_task_plans_and_queues_its_next_run(world, settings):
    from django_tasks_db.models import DBTaskResult

    from wijkteam.meetings.tasks import plan_meetings

    settings.WIJKTEAM_MEETINGS_PLAN_WEEKS = 4
    _weekly_mondays(world, starts_on=future_day(weeks=0, weekday=0))
    before = Meeting.objects.count()
    settings.WIJKTEAM_MEETINGS_PLAN_WEEKS = 6
    plan_meetings.call()
    assert Meeting.objects.count() > before
    assert DBTaskResult.objects.filter(task_path="wijkteam.meetings.tasks.plan_meetings").exists()
