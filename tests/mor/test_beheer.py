"""Beheer of the forwarding: a functional admin connects the gemeente's MOR system (the token
kept, never shown again, never in the audit trail), says per public-space category where it
goes in Signalen, and sees, tries again or gives up what failed."""

import json

import pytest
from django.urls import reverse

from tests.mor.conftest import LITTER, TOKEN, agreed, forwarding_of, litter, timeline
from wijkteam.access.models import AuditEntry
from wijkteam.core.errors import DomainError
from wijkteam.mor.models import ForwardingState, MorCategory, MorConnection
from wijkteam.mor.services import forwardings_retry
from wijkteam.signals.models import Category

CONNECTIONS = "admin:mor_morconnection_changelist"
FORWARDINGS = "admin:mor_forwarding_changelist"
WRONG = "/signals/v1/public/terms/categories/afval/sub_categories/bestaat-niet"


@pytest.fixture
def beheer(client, world):
    client.force_login(world.admin)
    return client


def connection_form(world, signalen, *, token: str = "", categories=(), **fields) -> dict:
    form = {
        "organisation": str(world.gemeente.pk),
        "base_url": signalen.url,
        "new_token": token,
        "source": "Wijkteam Testoord",
        "is_active": "on",
        "categories-TOTAL_FORMS": str(len(categories)),
        "categories-INITIAL_FORMS": "0",
        "categories-MIN_NUM_FORMS": "0",
        "categories-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for index, (slug, url) in enumerate(categories):
        form[f"categories-{index}-category"] = str(Category.objects.get(slug=slug).pk)
        form[f"categories-{index}-sub_category_url"] = url
        form[f"categories-{index}-forward"] = "on"
    return form


def test_an_admin_connects_the_mor_system_and_its_token_is_never_shown_again(
    world, beheer, signalen, run_worker
):
    response = beheer.post(
        reverse("admin:mor_morconnection_add"),
        connection_form(
            world, signalen, token=TOKEN, categories=[("vervuiling-zwerfafval", LITTER)]
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    connection = MorConnection.objects.get()
    assert connection.auth_token == TOKEN
    assert connection.categories.get().sub_category_url == LITTER

    page = beheer.get(reverse("admin:mor_morconnection_change", args=[connection.pk]))
    assert TOKEN not in page.content.decode()
    assert "ingesteld" in page.content.decode()
    trail = json.dumps(list(AuditEntry.objects.values("action", "changes")))
    assert TOKEN not in trail
    assert AuditEntry.objects.filter(
        action="mor_token_set", changes={"auth_token": "gewijzigd"}
    ).exists()

    # Saved again without a token: the one set stays.
    form = connection_form(world, signalen, source="Wijkteam")
    response = beheer.post(
        reverse("admin:mor_morconnection_change", args=[connection.pk]),
        {**form, "categories-TOTAL_FORMS": "0"},
    )
    assert response.status_code == 302
    connection.refresh_from_db()
    assert (connection.auth_token, connection.source) == (TOKEN, "Wijkteam")

    # And it works: a litter case the gemeente leads goes to the fake Signalen.
    signalen.sources.add("Wijkteam")
    case = agreed(litter())
    run_worker()
    assert forwarding_of(case).state == ForwardingState.SENT


def test_an_active_connection_needs_a_token(world, beheer, signalen):
    response = beheer.post(reverse("admin:mor_morconnection_add"), connection_form(world, signalen))
    assert response.status_code == 200
    assert "Een actieve koppeling heeft een token nodig." in response.content.decode()
    assert not MorConnection.objects.exists()


def test_only_a_public_space_subcategory_can_be_mapped(world, beheer, signalen):
    response = beheer.post(
        reverse("admin:mor_morconnection_add"),
        connection_form(world, signalen, token=TOKEN, categories=[("overlast-geluid", LITTER)]),
    )
    assert response.status_code == 200
    assert not MorConnection.objects.exists()
    assert "Selecteer een geldige keuze" in response.content.decode()


def test_a_sub_category_must_be_a_signalen_address(world, beheer, signalen):
    response = beheer.post(
        reverse("admin:mor_morconnection_add"),
        connection_form(
            world, signalen, token=TOKEN, categories=[("vervuiling-zwerfafval", "zwerfvuil")]
        ),
    )
    assert response.status_code == 200
    assert "Geef het adres van een subcategorie in Signalen" in response.content.decode()
    assert not MorConnection.objects.exists()


def test_only_a_gemeente_has_a_mor_system(world, beheer, signalen):
    response = beheer.post(
        reverse("admin:mor_morconnection_add"),
        connection_form(world, signalen, token=TOKEN, organisation=str(world.politie.pk)),
    )
    assert response.status_code == 200
    assert not MorConnection.objects.exists()


@pytest.fixture
def refused(world, connection, signalen, run_worker):
    """A litter case the MOR system refused: its sub category does not exist there."""
    MorCategory.objects.filter(sub_category_url=LITTER).update(sub_category_url=WRONG)
    case = agreed(litter())
    run_worker()
    assert forwarding_of(case).state == ForwardingState.FAILED
    return case


def test_an_admin_sees_what_failed_and_tries_it_again_after_correcting_it(
    world, beheer, refused, signalen, run_worker
):
    page = beheer.get(reverse(FORWARDINGS), {"state__exact": "failed"}).content.decode()
    assert refused.reference in page
    assert "HTTP 400" in page

    MorCategory.objects.filter(sub_category_url=WRONG).update(sub_category_url=LITTER)
    forwarding = forwarding_of(refused)
    response = beheer.post(
        reverse(FORWARDINGS), {"action": "retry", "_selected_action": [forwarding.pk]}
    )
    assert response.status_code == 302
    forwarding.refresh_from_db()
    assert (forwarding.state, forwarding.attempts) == (ForwardingState.PENDING, 0)
    assert "HTTP 400" in forwarding.last_error  # until the next attempt
    run_worker()
    forwarding.refresh_from_db()
    assert forwarding.state == ForwardingState.SENT
    assert forwarding.external_reference == "SIG-1"
    lines = timeline(refused)
    assert (
        "Functioneel beheer probeert het doorsturen naar het MOR-systeem van Gemeente Testoord "
        "opnieuw." in lines
    )
    assert "Doorgestuurd naar het MOR-systeem van Gemeente Testoord: melding SIG-1." in lines
    assert AuditEntry.objects.filter(action="mor_forwarding_retry", actor=world.admin).exists()
    # A sent one is never sent again.
    assert forwardings_retry(actor=world.admin, forwarding_ids=[forwarding.pk]) == 0


def test_an_admin_gives_up_a_failed_forwarding_and_it_is_never_sent(
    world, beheer, refused, signalen, run_worker
):
    forwarding = forwarding_of(refused)
    beheer.post(reverse(FORWARDINGS), {"action": "give_up", "_selected_action": [forwarding.pk]})
    forwarding.refresh_from_db()
    assert forwarding.state == ForwardingState.ABANDONED
    assert (
        "Functioneel beheer heeft het doorsturen naar het MOR-systeem van Gemeente Testoord "
        "opgegeven." in timeline(refused)
    )
    requests = len(signalen.requests)
    run_worker()
    assert len(signalen.requests) == requests


def test_only_a_functional_admin_tries_again(world, refused):
    forwarding = forwarding_of(refused)
    for actor in (world.wijkmanager_a, world.reader):
        with pytest.raises(DomainError):
            forwardings_retry(actor=actor, forwarding_ids=[forwarding.pk])
    assert forwarding_of(refused).state == ForwardingState.FAILED


def test_staff_outside_beheer_do_not_reach_the_mor_configuration(client, world, connection):
    client.force_login(world.wijkmanager_a)
    for name in (CONNECTIONS, FORWARDINGS):
        response = client.get(reverse(name))
        assert response.status_code in (302, 403)
        assert TOKEN not in response.content.decode()
