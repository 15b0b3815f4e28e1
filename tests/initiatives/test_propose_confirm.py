"""The proposer's confirmation link: opening it shows a button (a mail scanner that opens links
publishes nothing), the button publishes the idea; a forged, expired or reused link gets a
clear page of its own and changes nothing."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.initiatives.conftest import propose_idea
from wijkteam.access.models import AuditEntry
from wijkteam.initiatives.models import Initiative


def confirm_url(token: str) -> str:
    return reverse("initiatives:confirm", args=[token])


@pytest.fixture
def proposed(world):
    return propose_idea(world.buurt_a1)


def test_opening_the_link_asks_first_and_publishes_nothing(client, proposed):
    initiative, token = proposed

    response = client.get(confirm_url(token))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Ja, bevestig mijn idee" in page
    assert '<form method="post">' in page
    assert "Moestuin op het grasveld" in page
    assert "noindex" in response["X-Robots-Tag"]
    initiative.refresh_from_db()
    assert initiative.confirmed_at is None


def test_the_button_publishes_the_idea_and_shows_its_page(client, proposed):
    initiative, token = proposed

    response = client.post(confirm_url(token), follow=True)

    initiative.refresh_from_db()
    assert initiative.confirmed_at is not None
    page_url = reverse("initiatives:detail", args=[initiative.reference])
    assert response.redirect_chain[-1][0] == page_url
    page = response.content.decode()
    assert "uw idee staat nu op de website" in page
    assert "<h1>Moestuin op het grasveld</h1>" in page
    assert AuditEntry.objects.filter(action="initiative_confirm").count() == 1


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("token", ["verzonnen-link", "x" * 300, "%20"])
def test_a_forged_link_gets_a_404_page_that_explains(client, proposed, method, token):
    response = getattr(client, method)(confirm_url(token))

    page = response.content.decode()
    assert response.status_code == 404
    assert "Deze link werkt niet" in page
    assert "gebruik de hele link uit de e-mail" in page
    assert not Initiative.objects.filter(confirmed_at__isnull=False).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_expired_link_gets_a_410_page_that_explains_and_changes_nothing(
    client, proposed, method
):
    initiative, token = proposed

    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = getattr(client, method)(confirm_url(token))

    page = response.content.decode()
    assert response.status_code == 410
    assert "Deze link is verlopen" in page
    assert "werkt 7 dagen" in page
    assert reverse("initiatives:propose") in page
    initiative.refresh_from_db()
    assert initiative.confirmed_at is None


def test_the_link_still_works_on_its_last_day(client, proposed):
    initiative, token = proposed

    with time_machine.travel(timezone.now() + timedelta(days=6, hours=23)):
        client.post(confirm_url(token))

    initiative.refresh_from_db()
    assert initiative.confirmed_at is not None


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_reused_link_says_so_links_the_page_and_changes_nothing(client, proposed, method):
    initiative, token = proposed
    client.post(confirm_url(token))
    initiative.refresh_from_db()
    confirmed_at = initiative.confirmed_at
    audited = AuditEntry.objects.count()

    with time_machine.travel(timezone.now() + timedelta(days=30)):
        response = getattr(client, method)(confirm_url(token))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Uw idee was al bevestigd" in page
    assert "er is niets veranderd" in page
    assert reverse("initiatives:detail", args=[initiative.reference]) in page
    initiative.refresh_from_db()
    assert initiative.confirmed_at == confirmed_at
    assert AuditEntry.objects.count() == audited


def test_a_reused_link_of_a_hidden_idea_does_not_link_its_page(client, proposed):
    initiative, token = proposed
    client.post(confirm_url(token))
    Initiative.objects.filter(pk=initiative.pk).update(hidden_at=timezone.now())

    page = client.get(confirm_url(token)).content.decode()

    assert "Uw idee was al bevestigd" in page
    assert reverse("initiatives:detail", args=[initiative.reference]) not in page
