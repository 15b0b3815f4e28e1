"""An initiative's public page: the idea, where, its stage and story, the plan with who
contributes what, and its support: how many, never who. Hidden and unconfirmed ones are not
there at all."""

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone, translation

from tests.initiatives.conftest import (
    make_initiative,
    page_of,
    png,
    propose_idea,
    wijkmanager_of,
)
from wijkteam.initiatives.milestones import milestone_add, milestone_publish
from wijkteam.initiatives.models import Initiative, InitiatorKind, Stage, Supporter, WijkCheck
from wijkteam.initiatives.templatetags.initiatives_format import hours


def detail_page(client, initiative) -> str:
    return page_of(detail(client, initiative))


def detail(client, initiative):
    return client.get(reverse("initiatives:detail", args=[initiative.reference]))


def test_the_page_shows_the_idea_and_where_it_is(client, world):
    idea = make_initiative(world.buurt_a1, photos=[png()])

    response = detail(client, idea)

    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Moestuin op het grasveld</h1>" in page
    assert "Het grasveld ligt er kaal bij." in page
    assert "Wij zaaien en wieden met de buren." in page
    assert "€ 750" in page
    assert "Appelhof, Wijk 01 Testoord" in page
    assert 'aria-current="step"><span class="visually-hidden">Nu: </span>Idee' in page
    assert "Voorgesteld door Groep Grasveld (een groep bewoners)" in page
    assert "Steun dit idee" in page
    photo = idea.photos.get()
    assert reverse("initiatives:photo", args=[idea.reference, photo.pk]) in page
    assert 'id="initiative-map-data"' in page


def test_the_name_is_shown_only_when_the_initiator_allowed_it(client, world):
    idea = make_initiative(
        world.buurt_a1,
        show_name=False,
        initiator_name="Jan Jansen",
        initiator_kind=InitiatorKind.RESIDENT,
    )

    page = detail_page(client, idea)

    assert "Jan Jansen" not in page
    assert "Voorgesteld door een bewoner" in page


def test_the_page_never_shows_who_proposed_or_supports_it(client, idea):
    Supporter.objects.create(
        initiative=idea,
        email="geheim.steuner@example.test",
        postcode="3999AA",
        house_number=8642,
        wijk_check=WijkCheck.IN_WIJK,
        comment="Zichtbare steun",
        confirmed_at=timezone.now(),
    )
    Supporter.objects.create(
        initiative=idea,
        email="verborgen@example.test",
        comment="Scheldwoorden die het team verborg",
        comment_hidden_at=timezone.now(),
        confirmed_at=timezone.now(),
    )
    Supporter.objects.create(
        initiative=idea, email="onbevestigd@example.test", comment="Nog niet bevestigd"
    )

    page = detail_page(client, idea)

    assert "Zichtbare steun" in page
    assert "Scheldwoorden" not in page
    assert "Nog niet bevestigd" not in page
    assert "@example.test" not in page  # neither the supporters' nor the initiator's
    assert "8642" not in page
    assert '<strong class="support-count">2</strong>' in page
    assert "Van wie 1 uit de wijk" in page


def test_an_address_is_shown_as_its_street_and_a_rounded_point(client, world):
    idea = make_initiative(world.buurt_a1, title="Bankje")
    Initiative.objects.filter(pk=idea.pk).update(
        street="Appellaan", house_number=17, postcode="3999AA", latitude=52.00512, longitude=5.50567
    )

    page = detail_page(client, idea)

    assert "Appellaan, Appelhof, Wijk 01 Testoord" in page
    assert "Appellaan 17" not in page
    assert "3999" not in page
    assert "[52.005, 5.506]" in page
    assert "52.00512" not in page


def test_a_point_chosen_on_the_map_is_shown_as_it_is(client, idea):
    page = detail_page(client, idea)

    assert "[52.005, 5.505]" in page


def test_the_story_plan_and_contributions_of_a_realised_project(client, realised):
    page = detail(client, realised).content.decode()

    assert 'aria-current="step"><span class="visually-hidden">Nu: </span>Gerealiseerd' in page
    assert "De gemeente haalt de struiken weg" in page
    assert "Gemeente Testoord" in page
    assert "Struiken weghalen en bestraten" in page
    assert "€ 2.500" in page
    assert "Geleverd" in page
    assert "De bewoners zelf" in page
    assert "40\xa0uur" in page  # the number never breaks from its unit
    assert "Toegezegd" in page
    assert "Muurschildering klaar" in page
    assert page.count("De kinderen zetten hun naam eronder.") == 1  # the story tells it once
    photo_url = reverse("initiatives:photo", args=[realised.reference, realised.published_photo.pk])
    assert photo_url in page
    assert "Interne stap" not in page
    assert "Steun dit idee" not in page  # it ended


def test_a_published_milestone_tells_its_story_once(client, world):
    initiative = make_initiative(world.buurt_a1, stage=Stage.UNDERWAY)
    manager = wijkmanager_of(initiative)
    milestone = milestone_add(
        actor=manager,
        initiative=initiative,
        title="Bakken geplaatst",
        happened_on=timezone.localdate(),
        description="Vier bakken staan op het grasveld.",
    )
    milestone_publish(actor=manager, milestone=milestone)

    page = detail_page(client, initiative)

    assert page.count("Bakken geplaatst") == 1
    assert page.count("Vier bakken staan op het grasveld.") == 1


def test_a_stopped_initiative_says_why(client, world):
    stopped = make_initiative(
        world.buurt_a1, stage=Stage.STOPPED, stop_reason="De grond is van de provincie."
    )

    page = detail(client, stopped).content.decode()

    assert "Dit initiatief is niet doorgegaan" in page
    assert "De grond is van de provincie." in page
    assert "Steun dit idee" not in page
    assert 'class="stage-progress"' not in page


def test_photos_of_the_idea_and_of_published_milestones_are_served(client, world, realised):
    idea = make_initiative(world.buurt_a1, photos=[png()])
    photo = idea.photos.get()

    response = client.get(reverse("initiatives:photo", args=[idea.reference, photo.pk]))
    milestone = client.get(
        reverse("initiatives:photo", args=[realised.reference, realised.published_photo.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert milestone.status_code == 200


def test_no_photo_of_an_unpublished_milestone_or_of_another_initiative(client, world, realised):
    idea = make_initiative(world.buurt_a1, photos=[png()])
    photo = idea.photos.get()

    draft = reverse("initiatives:photo", args=[realised.reference, realised.draft_photo.pk])
    elsewhere = reverse("initiatives:photo", args=[realised.reference, photo.pk])

    assert client.get(draft).status_code == 404
    assert client.get(elsewhere).status_code == 404


def test_hidden_and_unconfirmed_initiatives_are_not_there(client, world):
    hidden = make_initiative(world.buurt_a1, photos=[png()])
    Initiative.objects.filter(pk=hidden.pk).update(hidden_at=timezone.now())
    unconfirmed, _token = propose_idea(world.buurt_a1, photos=[png()])

    for initiative in (hidden, unconfirmed):
        photo = initiative.photos.get()
        assert detail(client, initiative).status_code == 404
        photo_url = reverse("initiatives:photo", args=[initiative.reference, photo.pk])
        assert client.get(photo_url).status_code == 404
        assert client.get(f"/initiatieven/{initiative.reference}/steunen/").status_code == 404
    assert client.get("/initiatieven/I-2026-99999/").status_code == 404


def test_support_comments_are_paginated(client, idea):
    now = timezone.now()
    for number in range(25):
        Supporter.objects.create(
            initiative=idea,
            email=f"s{number}@example.test",
            comment=f"Reactie nummer {number:02d}",
            confirmed_at=now - timezone.timedelta(minutes=number),
        )

    first = detail_page(client, idea)
    second = client.get(
        reverse("initiatives:detail", args=[idea.reference]), {"pagina": 2}
    ).content.decode()

    assert "Reactie nummer 00" in first and "Reactie nummer 19" in first
    assert "Reactie nummer 20" not in first
    assert "Reactie nummer 24" in second and "Reactie nummer 00" not in second


def test_the_page_is_read_in_a_fixed_number_of_queries(
    client, realised, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        assert detail(client, realised).status_code == 200


def test_the_pages_render_in_english(client, world, realised):
    client.cookies["django_language"] = "en"
    idea = make_initiative(world.buurt_a1)

    for url in (
        reverse("initiatives:index"),
        reverse("initiatives:propose"),
        reverse("initiatives:wijk", args=[world.district_a.code]),
        reverse("initiatives:detail", args=[realised.reference]),
        reverse("initiatives:support", args=[idea.reference]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="en">' in response.content.decode(), url


def test_hours_are_written_with_their_unit_in_the_pages_language():
    with translation.override("nl"):
        assert hours(Decimal("1")) == "1\xa0uur"
        assert hours(Decimal("12.5")) == "12,50\xa0uur"
    with translation.override("en"):
        assert hours(Decimal("1")) == "1\xa0hour"
        assert hours(Decimal("40")) == "40\xa0hours"
