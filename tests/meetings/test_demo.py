"""The demo's wijkteamoverleg: Zuidoost meets every other Tuesday at 10:00, with one meeting
held and the next ones planned; loading again changes nothing."""

from django.utils import timezone

from wijkteam.demo.services import demo_data_load
from wijkteam.meetings.models import Meeting, MeetingSchedule
from wijkteam.meetings.services import AMSTERDAM


def test_zuidoost_has_a_schedule_a_past_meeting_and_upcoming_ones(db):
    report = demo_data_load(demo_mode=True, history_per_team=0)
    schedule = MeetingSchedule.objects.get(team__district__code="WK034502")
    assert (schedule.weekday, schedule.interval_weeks) == (1, 2)
    meetings = list(Meeting.objects.filter(team=schedule.team))
    assert report.meetings_created == len(meetings)
    now = timezone.now()
    past = [m for m in meetings if m.ends_at < now]
    upcoming = [m for m in meetings if m.starts_at > now]
    assert len(past) == 1
    assert len(upcoming) >= 3
    for meeting in meetings:
        start = meeting.starts_at.astimezone(AMSTERDAM)
        assert (start.weekday(), start.hour) == (1, 10)
        assert meeting.chair.email == "wijkmanager.zuidoost@gemeente.example"

    again = demo_data_load(demo_mode=True, history_per_team=0)
    assert again.meetings_created == 0
    assert Meeting.objects.count() == len(meetings)
