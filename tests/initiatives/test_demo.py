"""The demo's initiatives: the football cage in the Engelenburg and the mural at the Jan
Roeckplantsoen realised with their milestones and contributions, an idea collecting support in
Oost, one that did not go ahead with its reason, and an idea with the Zuidoost team (on today's
agenda); loading again changes nothing."""

from decimal import Decimal

from django.urls import reverse

from wijkteam.demo.services import demo_data_load
from wijkteam.initiatives.access import support_counts
from wijkteam.initiatives.models import Initiative, Stage
from wijkteam.meetings.models import ItemKind, Meeting


def test_the_demo_has_two_realised_projects_an_idea_collecting_support_and_one_stopped(db, client):
    report = demo_data_load(demo_mode=True, history_per_team=0)
    assert report.initiatives_created == 5
    cage = Initiative.objects.get(title__contains="voetbalkooi")
    mural = Initiative.objects.get(title__contains="Jan Roeckplantsoen")
    for project in (cage, mural):
        assert project.stage == Stage.REALISED and project.is_public
        assert project.milestones.filter(published_at__isnull=False).count() == 3
        assert project.contributions.filter(status="geleverd").count() >= 4
        assert project.contributions.filter(organisation__isnull=True).exists()  # residents
    assert cage.neighbourhood.name == "Engelenburg"
    assert {m.title for m in mural.milestones.all()} >= {"Struiken weggehaald", "Grond verhard"}
    assert mural.contributions.get(description__startswith="Struiken").amount == Decimal("4200")

    idea = Initiative.objects.get(stage=Stage.IDEA)
    assert idea.district.code != cage.district.code
    total, in_wijk = support_counts(idea)
    assert (total, in_wijk) == (6, 4)
    stopped = Initiative.objects.get(stage=Stage.STOPPED)
    assert "waterberging" in stopped.stop_reason

    with_team = Initiative.objects.get(stage=Stage.TEAM)
    today = Meeting.objects.filter(team__district=with_team.district).order_by("starts_at")[1]
    assert today.items.filter(kind=ItemKind.INITIATIVE, initiative=with_team).exists()

    page = client.get(reverse("initiatives:wijk", args=[cage.district.code])).content.decode()
    assert cage.title in page and "Gerealiseerd" in page and "Feestelijke opening" in page
    page = client.get(reverse("initiatives:wijk", args=[mural.district.code])).content.decode()
    assert mural.title in page and "Muurschildering klaar" in page

    again = demo_data_load(demo_mode=True, history_per_team=0)
    assert again.initiatives_created == 0
    assert Initiative.objects.count() == 5
