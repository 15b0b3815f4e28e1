"""Who may use each route of the team side: a member of another team gets the same 404 as for
what does not exist; a read-only member of the team sees but changes nothing (403); a member
who does not chair works on the project but does not decide (403); anonymous visitors log in
first. Every route of ``projects`` is listed here."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.initiatives.team_support import (
    coordinator,
    png_upload,
    promise,
    propose,
    reader_in_team_a,
    support,
    to_stage,
)
from wijkteam.initiatives import team_urls
from wijkteam.initiatives.milestones import milestone_add
from wijkteam.initiatives.models import ContributionKind, Stage
from wijkteam.initiatives.proposals import photos_store
from wijkteam.signals.photos import process_photo

# (route, method, who may: "team" = every member, "work" = members who may work, "decide" =
# the wijkmanager and a coordinator).
ROUTES = [
    ("team", "get", "team"),
    ("budget", "get", "team"),
    ("threshold", "post", "decide"),
    ("detail", "get", "team"),
    ("photo", "get", "team"),
    ("stage", "post", "decide"),
    ("plan", "post", "decide"),
    ("contribution_add", "post", "work"),
    ("contribution_deliver", "post", "work"),
    ("milestone_add", "post", "work"),
    ("milestone_publish", "get", "work"),
    ("milestone_publish", "post", "work"),
    ("comment_add", "post", "work"),
    ("moderate", "post", "decide"),
    ("support_comment_hide", "post", "decide"),
]


@pytest.fixture
def project(world):
    initiative = to_stage(world, propose(world), Stage.UNDERWAY)
    hours = promise(
        world,
        initiative,
        actor=world.agent_a,
        organisation=world.politie,
        kind=ContributionKind.HOURS,
        amount="4",
    )
    milestone = milestone_add(
        actor=world.consulent_a,
        initiative=initiative,
        title="Struiken weggehaald",
        happened_on=timezone.localdate(),
    )
    photos_store(initiative=initiative, photos=[process_photo(upload=png_upload())])
    supporter = support(initiative, "fan@bewoner.test", comment="Top!")
    return {
        "initiative": initiative,
        "contribution_id": hours.pk,
        "milestone_id": milestone.pk,
        "photo_id": initiative.photos.get().pk,
        "supporter_id": supporter.pk,
    }


def _url(name: str, project) -> str:
    initiative = project["initiative"]
    if name in ("team", "budget", "threshold"):
        return reverse(f"projects:{name}", args=["WK099901"])
    extra = {
        "contribution_deliver": "contribution_id",
        "milestone_publish": "milestone_id",
        "photo": "photo_id",
        "support_comment_hide": "supporter_id",
    }.get(name)
    args = [initiative.reference] + ([project[extra]] if extra else [])
    return reverse(f"projects:{name}", args=args)


def _ask(client, name, method, project):
    url = _url(name, project)
    return client.get(url) if method == "get" else client.post(url, {})


def test_every_route_of_the_team_side_is_listed_here():
    assert {pattern.name for pattern in team_urls.urlpatterns} == {name for name, *_ in ROUTES}


@pytest.mark.parametrize("name,method,who", ROUTES)
def test_a_member_of_another_team_gets_404(client, world, project, name, method, who):
    client.force_login(world.wijkmanager_b)
    assert _ask(client, name, method, project).status_code == 404


@pytest.mark.parametrize("name,method,who", ROUTES)
def test_staff_outside_every_team_get_404(client, world, project, name, method, who):
    client.force_login(world.rent_admin)
    assert _ask(client, name, method, project).status_code == 404


@pytest.mark.parametrize("name,method,who", ROUTES)
def test_anonymous_visitors_log_in_first(client, world, project, name, method, who):
    response = _ask(client, name, method, project)
    assert response.status_code == 302 and "/account/" in response["Location"]


@pytest.mark.parametrize("name,method,who", ROUTES)
def test_a_read_only_member_sees_but_changes_nothing(client, world, project, name, method, who):
    client.force_login(reader_in_team_a(world))
    expected = 200 if who == "team" else 403
    assert _ask(client, name, method, project).status_code == expected


@pytest.mark.parametrize("name,method,who", ROUTES)
def test_a_member_who_does_not_chair_works_but_does_not_decide(
    client, world, project, name, method, who
):
    client.force_login(world.agent_a)
    response = _ask(client, name, method, project)
    if who == "decide":
        assert response.status_code == 403
    else:
        # An empty form comes back with its errors (400); a page or an action works.
        assert response.status_code in (200, 302, 400)


@pytest.mark.parametrize("name,method,who", ROUTES)
def test_the_wijkmanager_and_a_coordinator_may_use_every_route(
    client, world, project, name, method, who
):
    for user in (world.wijkmanager_a, coordinator(world)):
        client.force_login(user)
        assert _ask(client, name, method, project).status_code in (200, 302, 400), user
