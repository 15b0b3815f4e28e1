"""The meeting pages through HTTP: who sees them (other teams get 404), the forms with their
Dutch errors keeping what was typed, and the list's constant number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_user
from tests.meetings.support import future_day, when
from wijkteam.meetings.models import Meeting, MeetingStatus
from wijkteam.meetings.services import AMSTERDAM, meeting_create
from wijkteam.partners.models import Role

TEAM_A = reverse("meetings:team", args=["WK099901"])
TEAM_B = reverse("meetings:team", args=["WK099902"])
# Session, user, the team, the membership check, the two lists, the schedule, whether the user
# arranges, the next meeting and the latest minutes (part C's glance), and the header's menu
# (wijk switch, counts).
LIST_QUERIES = 15


@pytest.fixture
def meeting(world):
    return meeting_create(
        actor=world.wijkmanager_a, team=world.team_a, when=when(), place="De Schakel"
    )


def _login(client, user):
    client.force_login(user)
    return client


def _past(world, number: int) -> None:
    for n in range(number):
        made = meeting_create(
            actor=world.wijkmanager_a, team=world.team_a, when=when(), place=f"Zaal {n}"
        )
        start = timezone.now() - timedelta(days=14 * (n + 1))
        Meeting.objects.filter(pk=made.pk).update(
            starts_at=start, ends_at=start + timedelta(hours=1)
        )


def test_members_see_upcoming_before_past(client, world, meeting):
    _past(world, 1)
    page = _login(client, world.agent_a).get(TEAM_A).content.decode()
    assert "Komende overleggen" in page and "De Schakel" in page and "Zaal 0" in page
    assert page.index("De Schakel") < page.index("Zaal 0")
    assert "Overleg plannen" not in page  # only for who arranges


def test_empty_states(client, world):
    page = _login(client, world.wijkmanager_a).get(TEAM_A).content.decode()
    assert "Er is geen overleg gepland." in page
    assert "Nog geen eerdere overleggen." in page
    assert "Overleg plannen" in page


@pytest.mark.parametrize("who", ["wijkmanager_b", "rent_admin", "admin"])
def test_another_teams_member_gets_404(client, world, meeting, who):
    client = _login(client, getattr(world, who))
    for url in (
        TEAM_A,
        reverse("meetings:detail", args=[meeting.pk]),
        reverse("meetings:ics", args=[meeting.pk]),
        reverse("meetings:move", args=[meeting.pk]),
        reverse("meetings:cancel", args=[meeting.pk]),
        reverse("meetings:create", args=["WK099901"]),
        reverse("meetings:schedule", args=["WK099901"]),
    ):
        assert client.get(url).status_code == 404, url


def test_a_coordinator_sees_every_team(client, world, meeting):
    coordinator = make_user("co@gemeente.test", world.gemeente, Role.COORDINATOR)
    client = _login(client, coordinator)
    assert client.get(TEAM_A).status_code == 200
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200


def test_a_member_who_does_not_arrange_gets_403_on_the_forms(client, world, meeting):
    client = _login(client, world.agent_a)
    assert client.get(reverse("meetings:cancel", args=[meeting.pk])).status_code == 403
    response = client.post(reverse("meetings:cancel", args=[meeting.pk]), {"reason": "Weg"})
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


def test_anonymous_visitors_are_sent_to_login(client, world, meeting):
    response = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert response.status_code == 302 and "inloggen" in response["Location"]


def test_the_team_page_links_its_members_to_the_meetings(client, world):
    page = _login(client, world.agent_a).get(reverse("teams:detail", args=["WK099901"]))
    assert TEAM_A in page.content.decode()
    other = _login(client, world.wijkmanager_b).get(reverse("teams:detail", args=["WK099901"]))
    assert TEAM_A not in other.content.decode()


def test_planning_a_meeting_through_the_form(client, world):
    day = future_day()
    response = _login(client, world.wijkmanager_a).post(
        reverse("meetings:create", args=["WK099901"]),
        {
            "day": day.isoformat(),
            "start_time": "09:30",
            "end_time": "11:00",
            "place": "Buurthuis",
            "video_url": "",
            "chair": "",
            "invited": [world.gemeente.pk, world.politie.pk],
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    assert meeting.chair == world.wijkmanager_a
    assert set(meeting.invited.all()) == {world.gemeente, world.politie}
    page = client.get(response["Location"]).content.decode()
    assert "Agnes Agent" in page and "Cor Consulent" not in page  # only invited partners


@pytest.mark.parametrize(
    ("day", "start", "end", "message"),
    [
        ("31-02-2027", "10:00", "11:00", "Voer een geldige datum in."),
        ("99999-01-01", "10:00", "11:00", "Voer een geldige datum in."),
        ("future", "11:00", "10:00", "De eindtijd moet na de begintijd liggen."),
        ("future", "25:00", "26:00", "Voer een geldige tijd in."),
        ("2001-01-01", "10:00", "11:00", "Dit tijdstip is al voorbij"),
    ],
)
def test_bad_input_gets_a_dutch_message_keeps_what_was_typed_and_changes_nothing(
    client, world, day, start, end, message
):
    day = future_day().isoformat() if day == "future" else day
    response = _login(client, world.wijkmanager_a).post(
        reverse("meetings:create", args=["WK099901"]),
        {
            "day": day,
            "start_time": start,
            "end_time": end,
            "place": "Getypte plek",
            "invited": [world.gemeente.pk],
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Getypte plek" in page
    assert not Meeting.objects.exists()


def test_moving_and_cancelling_through_the_forms(client, world, meeting):
    client = _login(client, world.wijkmanager_a)
    # The form starts from the meeting's own day, as the browser's date picker reads it.
    form = client.get(reverse("meetings:move", args=[meeting.pk])).content.decode()
    day = meeting.starts_at.astimezone(AMSTERDAM).date().isoformat()
    assert f'type="date" name="day" value="{day}"' in form
    later = future_day(weeks=5)
    bad = client.post(
        reverse("meetings:move", args=[meeting.pk]),
        {"day": later.isoformat(), "start_time": "14:00", "end_time": "13:00", "reason": "Zaal"},
    )
    assert bad.status_code == 400
    assert "De eindtijd moet na de begintijd liggen." in bad.content.decode()
    moved = client.post(
        reverse("meetings:move", args=[meeting.pk]),
        {
            "day": later.isoformat(),
            "start_time": "14:00",
            "end_time": "15:00",
            "place": "De Schakel",
            "reason": "Zaal bezet",
        },
    )
    assert moved.status_code == 302
    meeting.refresh_from_db()
    assert meeting.sequence == 1 and meeting.move_reason == "Zaal bezet"
    confirm = client.get(reverse("meetings:cancel", args=[meeting.pk])).content.decode()
    assert "Weet u zeker" in confirm
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED  # asking is not cancelling
    empty = client.post(reverse("meetings:cancel", args=[meeting.pk]), {"reason": ""})
    assert empty.status_code == 400
    done = client.post(reverse("meetings:cancel", args=[meeting.pk]), {"reason": "Ziek"})
    assert done.status_code == 302
    page = client.get(done["Location"]).content.decode()
    assert "Afgelast" in page and "Ziek" in page
    assert "Verplaatsen" not in page


def test_setting_the_schedule_through_the_form_plans_meetings(client, world):
    response = _login(client, world.wijkmanager_a).post(
        reverse("meetings:schedule", args=["WK099901"]),
        {
            "weekday": "1",
            "interval_weeks": "2",
            "starts_on": timezone.localdate().isoformat(),
            "start_time": "10:00",
            "end_time": "11:30",
            "place": "Buurthuis",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Meeting.objects.filter(team=world.team_a).count() >= 3
    page = client.get(TEAM_A).content.decode()
    assert "Elke 2 weken op dinsdag" in page


def test_the_list_costs_the_same_queries_however_many_meetings(
    client, world, django_assert_max_num_queries
):
    client = _login(client, world.wijkmanager_a)
    client.get(TEAM_A)
    for n in range(3):
        meeting_create(actor=world.wijkmanager_a, team=world.team_a, when=when(), place=f"P{n}")
    _past(world, 3)
    with django_assert_max_num_queries(LIST_QUERIES):
        small = client.get(TEAM_A)
    for n in range(25):
        meeting_create(actor=world.wijkmanager_a, team=world.team_a, when=when(), place=f"Q{n}")
    _past(world, 25)
    with django_assert_max_num_queries(LIST_QUERIES):
        big = client.get(TEAM_A)
    assert small.status_code == big.status_code == 200
    assert 'rel="next"' in big.content.decode()
    second = client.get(TEAM_A + "?pagina=2&eerder=2")
    assert second.status_code == 200
