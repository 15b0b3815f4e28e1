"""A wijk's public page lists its initiatives and projects by stage, with a photo and a map,
and the overview counts them per wijk; both read a fixed number of queries."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.initiatives.conftest import make_initiative, png, propose_idea
from wijkteam.initiatives.models import Initiative, Stage, Supporter


def wijk_url(world, **query) -> str:
    return reverse("initiatives:wijk", args=[world.district_a.code])


def titles(page: str) -> list[str]:
    return re.findall(r'<h3><a href="/initiatieven/I-[^"]+">([^<]+)</a></h3>', page)


def map_points(page: str) -> list[dict]:
    found = re.search(
        r'<script id="initiative-map-data" type="application/json">(.*?)</script>', page
    )
    return json.loads(found.group(1))["points"] if found else []


def test_the_wijk_lists_its_public_initiatives_only(client, world):
    make_initiative(world.buurt_a1, title="Moestuin")
    make_initiative(world.buurt_a2, title="Speeltuin", stage=Stage.PLAN)
    make_initiative(world.buurt_b1, title="In een andere wijk")
    hidden = make_initiative(world.buurt_a1, title="Verborgen idee")
    Initiative.objects.filter(pk=hidden.pk).update(hidden_at=timezone.now())
    propose_idea(world.buurt_a1, title="Nog niet bevestigd")

    response = client.get(wijk_url(world))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Bewonersinitiatieven in Wijk 01 Testoord" in page
    assert titles(page) == ["Speeltuin", "Moestuin"]
    assert [point["title"] for point in map_points(page)] == ["Speeltuin", "Moestuin"]
    assert all(point["url"].startswith("/initiatieven/I-") for point in map_points(page))
    assert "Alle (2)" in page
    assert "Plan (1)" in page


def test_filtered_by_stage(client, world):
    make_initiative(world.buurt_a1, title="Moestuin")
    make_initiative(world.buurt_a2, title="Speeltuin", stage=Stage.PLAN)

    page = client.get(wijk_url(world), {"fase": Stage.PLAN}).content.decode()
    nothing = client.get(wijk_url(world), {"fase": Stage.REALISED}).content.decode()
    wrong = client.get(wijk_url(world), {"fase": "<script>"}).content.decode()

    assert titles(page) == ["Speeltuin"]
    assert f'href="?fase={Stage.PLAN}" aria-current="page"' in page
    assert titles(nothing) == []
    assert "geen initiatieven in deze fase" in nothing
    assert titles(wrong) == ["Speeltuin", "Moestuin"]


def test_a_realised_project_is_shown_with_its_story_and_its_last_photo(client, world, realised):
    page = client.get(wijk_url(world), {"fase": Stage.REALISED}).content.decode()

    assert titles(page) == ["Muurschildering"]
    assert "Muurschildering klaar" in page
    assert "Gerealiseerd" in page
    photo_url = reverse("initiatives:photo", args=[realised.reference, realised.published_photo.pk])
    assert photo_url in page


def test_a_list_shows_the_first_photo_and_the_number_of_supporters(client, world):
    idea = make_initiative(world.buurt_a1, photos=[png("a.png"), png("b.png", colour=(9, 9, 9))])
    Supporter.objects.create(initiative=idea, email="a@example.test", confirmed_at=timezone.now())
    Supporter.objects.create(initiative=idea, email="b@example.test")

    page = client.get(wijk_url(world)).content.decode()

    first = idea.photos.order_by("id").first()
    assert reverse("initiatives:photo", args=[idea.reference, first.pk]) in page
    assert "1 steunbetuiging<" in page


def test_the_list_is_paginated(client, world):
    for number in range(23):
        make_initiative(world.buurt_a1, title=f"Idee {number:02d}")

    first = client.get(wijk_url(world)).content.decode()
    second = client.get(wijk_url(world), {"pagina": 2}).content.decode()

    assert len(titles(first)) == 20
    assert titles(second) == ["Idee 02", "Idee 01", "Idee 00"]
    assert 'rel="next"' in first and 'rel="prev"' in second


def test_an_empty_wijk_says_so(client, world):
    page = client.get(reverse("initiatives:wijk", args=[world.district_b.code])).content.decode()

    assert "Er staan nog geen initiatieven uit deze wijk op de website" in page
    assert 'id="initiative-map-data"' not in page


def test_an_unknown_wijk_is_404(client, world):
    assert client.get(reverse("initiatives:wijk", args=["WK999999"])).status_code == 404


# The wijk, a page of its initiatives, their photos and their story, the count per stage and
# the map's points.
QUERIES = 6


@pytest.mark.parametrize("count", [2, 12])
def test_the_wijk_page_reads_a_fixed_number_of_queries(
    client, world, count, django_assert_num_queries
):
    for number in range(count):
        idea = make_initiative(
            world.buurt_a1 if number % 2 else world.buurt_a2,
            title=f"Idee {number}",
            photos=[png()],
            stage=Stage.REALISED if number % 3 == 0 else Stage.IDEA,
        )
        Supporter.objects.create(
            initiative=idea, email=f"s{number}@example.test", confirmed_at=timezone.now()
        )
    client.get(wijk_url(world))  # the map's boundaries are cached after the first view

    with django_assert_num_queries(QUERIES):
        assert client.get(wijk_url(world)).status_code == 200


def test_the_overview_counts_per_wijk_and_shows_the_newest(client, world, realised):
    make_initiative(world.buurt_b1, title="Idee in Proefdorp")

    response = client.get(reverse("initiatives:index"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Stel een idee voor" in page
    assert reverse("initiatives:wijk", args=[world.district_a.code]) in page
    assert re.search(r"Wijk 01 Testoord</strong><span>1 initiatief, 1 gerealiseerd", page)
    assert re.search(r"Wijk 02 Proefdorp</strong><span>1 initiatief<", page)
    assert titles(page) == ["Idee in Proefdorp", "Muurschildering"]


@pytest.mark.parametrize("count", [1, 9])
def test_the_overview_reads_a_fixed_number_of_queries(
    client, world, count, django_assert_num_queries
):
    for number in range(count):
        make_initiative(world.buurt_a1, title=f"Idee {number}", photos=[png()])

    with django_assert_num_queries(4):
        assert client.get(reverse("initiatives:index")).status_code == 200


def test_the_start_page_points_residents_to_the_initiatives(client, db):
    page = client.get("/").content.decode()

    assert "Een idee voor uw buurt?" in page
    assert reverse("initiatives:propose") in page
    assert reverse("initiatives:index") in page
