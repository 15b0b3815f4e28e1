"""The team pages' glance at the wijkteamoverleg: the next meeting, and the latest minutes,
for the team's members only."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.meetings.held import held_meeting
from tests.meetings.support import planned_meeting
from wijkteam.meetings.minutes import meeting_close
from wijkteam.meetings.models import Meeting


def _closed(world):
    held = held_meeting(world)
    meeting_close(actor=world.wijkmanager_a, meeting=held.meeting)
    held.meeting.refresh_from_db()
    return held


def _held_last_month(world):
    held = _closed(world)
    start = timezone.now() - timedelta(days=30)
    Meeting.objects.filter(pk=held.meeting.pk).update(
        starts_at=start, ends_at=start + timedelta(hours=1)
    )
    return held


def test_the_meetings_page_shows_the_next_meeting_and_the_minutes_of_past_ones(client, world):
    held = _held_last_month(world)
    coming = planned_meeting(world)
    client.force_login(world.agent_a)

    page = client.get(reverse("meetings:team", args=["WK099901"])).content.decode()

    next_block = page.split('id="next-meeting"')[1].split("</section>")[0]
    assert reverse("meetings:detail", args=[coming.pk]) in next_block
    minutes = reverse("meetings:minutes", args=[held.meeting.pk])
    assert minutes in next_block  # the latest minutes
    assert minutes in page.split('id="past"')[1]


def test_the_team_page_shows_the_next_meeting_and_the_latest_minutes_to_members(client, world):
    held = _held_last_month(world)
    coming = planned_meeting(world)
    url = reverse("teams:detail", args=["WK099901"])

    client.force_login(world.agent_a)
    page = client.get(url).content.decode()
    assert "Volgende overleg" in page
    assert reverse("meetings:detail", args=[coming.pk]) in page
    assert reverse("meetings:minutes", args=[held.meeting.pk]) in page

    client.force_login(world.wijkmanager_b)
    other = client.get(url).content.decode()
    assert "Volgende overleg" not in other
    assert reverse("meetings:minutes", args=[held.meeting.pk]) not in other


def test_a_team_without_meetings_says_so(client, world):
    client.force_login(world.agent_a)
    page = client.get(reverse("teams:detail", args=["WK099901"])).content.decode()
    assert "Er is geen overleg gepland." in page
