"""The team page's own lines (meeting, description, members' availability) in English."""

from django.urls import reverse

from wijkteam.partners.models import TeamMember


def team_page(client, language: str) -> str:
    client.cookies["django_language"] = language
    return client.get(reverse("teams:detail", args=["WK099901"])).content.decode()


def test_the_meeting_line_and_availability_read_in_english_on_an_english_page(client, world):
    team = world.team_a
    team.meeting_schedule_en = "every Monday"
    team.description = "Het team van Testoord."
    team.description_en = "The team of Testoord."
    team.save()
    TeamMember.objects.filter(user=world.agent_a).update(
        availability="ma t/m do", availability_en="Mon to Thu"
    )
    client.force_login(world.consulent_a)

    english = team_page(client, "en")
    assert "Team meeting: every Monday" in english
    assert "The team of Testoord." in english and "Mon to Thu" in english
    assert "elke maandag" not in english and "ma t/m do" not in english

    dutch = team_page(client, "nl")
    assert "Wijkteamoverleg: elke maandag" in dutch
    assert "Het team van Testoord." in dutch and "ma t/m do" in dutch


def test_without_an_english_meeting_line_the_english_page_shows_the_dutch(client, world):
    client.force_login(world.consulent_a)

    assert "Team meeting: elke maandag" in team_page(client, "en")
