"""The personal calendar feed and the .ics download, parsed back with the icalendar library:
valid RFC 5545, stable UIDs, SEQUENCE rising on a move, cancelled meetings marked, times in
Europe/Amsterdam with their VTIMEZONE, nothing personal, and a revoked link gives 404."""

import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from tests.meetings.support import future_day, when
from wijkteam.meetings.models import CalendarToken
from wijkteam.meetings.services import meeting_cancel, meeting_create, meeting_move

CALENDAR = reverse("meetings:calendar")


@pytest.fixture
def meeting(world):
    return meeting_create(
        actor=world.wijkmanager_a,
        team=world.team_a,
        when=when(),
        place="De Schakel",
        video_url="https://video.example/overleg",
    )


def _feed_url(client, user) -> str:
    client.force_login(user)
    page = client.post(CALENDAR).content.decode()
    return re.search(r"http://testserver(/overleg/agenda/[^<\s]+\.ics)", page).group(1)


def _parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def _events(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


def test_the_feed_is_valid_with_timezone_and_nothing_personal(client, world, meeting):
    url = _feed_url(client, world.agent_a)
    client.logout()  # calendar apps send no session
    calendar = _parse(client.get(url))
    assert calendar["VERSION"] == "2.0"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    (event,) = _events(calendar)
    assert str(event["SUMMARY"]) == "Wijkteamoverleg Wijk 01 Testoord"
    assert str(event["LOCATION"]) == "De Schakel"
    assert event["STATUS"] == "CONFIRMED"
    assert event["SEQUENCE"] == 0
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert event["DTSTART"].dt == meeting.starts_at.astimezone(ZoneInfo("Europe/Amsterdam"))
    assert event["DTEND"].dt == meeting.ends_at
    text = client.get(url).content.decode()
    for personal in ("Wendy", "Agnes", "@", "ATTENDEE", "ORGANIZER"):
        assert personal not in text.replace("@wijkteam.meetings", "")


def test_the_uid_stays_and_the_sequence_rises_on_a_move_and_a_cancel(client, world, meeting):
    url = _feed_url(client, world.agent_a)
    (before,) = _events(_parse(client.get(url)))
    meeting_move(
        actor=world.wijkmanager_a,
        meeting=meeting,
        when=when(day=future_day(weeks=6), start="14:00", end="15:00"),
        reason="Zaal bezet",
    )
    (moved,) = _events(_parse(client.get(url)))
    assert moved["UID"] == before["UID"]
    assert moved["SEQUENCE"] == 1
    assert moved["DTSTART"].dt.hour == 14
    meeting_cancel(actor=world.wijkmanager_a, meeting=meeting, reason="Ziek")
    (cancelled,) = _events(_parse(client.get(url)))
    assert cancelled["UID"] == before["UID"]
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled["SEQUENCE"] == 2


def test_only_meetings_of_invited_partners_in_the_users_own_team(client, world):
    meeting_create(
        actor=world.wijkmanager_a,
        team=world.team_a,
        when=when(),
        place="Alleen gemeente",
        invited=[world.gemeente],
    )
    meeting_create(actor=world.wijkmanager_b, team=world.team_b, when=when(), place="Wijk B")
    agent = _events(_parse(client.get(_feed_url(client, world.agent_a))))
    assert agent == []
    manager = _events(_parse(client.get(_feed_url(client, world.wijkmanager_a))))
    assert [str(event["LOCATION"]) for event in manager] == ["Alleen gemeente"]


def test_a_new_link_revokes_the_old_one(client, world, meeting):
    old = _feed_url(client, world.agent_a)
    new = _feed_url(client, world.agent_a)
    assert old != new
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert CalendarToken.objects.filter(user=world.agent_a).count() == 1
    assert client.get("/overleg/agenda/verzonnen.ics").status_code == 404


def test_the_link_is_kept_only_as_a_hash(client, world):
    url = _feed_url(client, world.agent_a)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    stored = CalendarToken.objects.get(user=world.agent_a)
    assert token not in stored.token_hash
    page = client.get(CALENDAR).content.decode()
    assert token not in page  # shown once, when made
    assert "U heeft een agendalink" in page


def test_a_deactivated_users_link_stops(client, world, meeting):
    url = _feed_url(client, world.agent_a)
    world.agent_a.is_active = False
    world.agent_a.save()
    assert client.get(url).status_code == 404


def test_one_meeting_as_ics(client, world, meeting):
    client.force_login(world.consulent_a)
    response = client.get(reverse("meetings:ics", args=[meeting.pk]))
    assert "attachment" in response["Content-Disposition"]
    (event,) = _events(_parse(response))
    assert str(event["UID"]) == f"{meeting.uid}@wijkteam.meetings"
    assert str(event["URL"]) == "https://video.example/overleg"
