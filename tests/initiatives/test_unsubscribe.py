"""The one-click unsubscribe link in every update email: opening it stops the emails at once
(for the initiator or one supporter), again changes nothing, and a button starts them again."""

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from tests.initiatives.conftest import link_in, mails_to, wijkmanager_of
from wijkteam.access.models import AuditEntry
from wijkteam.initiatives.models import Initiative, Stage, Supporter
from wijkteam.initiatives.stages import initiative_stage_set
from wijkteam.initiatives.updates import (
    INITIATOR,
    SUPPORTER,
    UNSUBSCRIBE_SALT,
    unsubscribe_value,
    update_recipients,
)


def url(value: str) -> str:
    return reverse("initiatives:unsubscribe", args=[value])


@pytest.fixture
def supporter(idea):
    return Supporter.objects.create(
        initiative=idea,
        email="steuner@example.test",
        wants_updates=True,
        confirmed_at=timezone.now(),
    )


def recipients(initiative) -> list[str]:
    return [email for email, *_rest in update_recipients(initiative)]


def test_the_initiator_unsubscribes_with_one_click(client, idea):
    response = client.get(url(unsubscribe_value(kind=INITIATOR, pk=idea.pk)))

    page = response.content.decode()
    assert response.status_code == 200
    assert "U ontvangt geen berichten meer over" in page
    assert idea.title in page
    assert "Toch weer berichten ontvangen" in page
    idea.refresh_from_db()
    assert not idea.initiator_wants_updates
    assert recipients(idea) == []
    assert AuditEntry.objects.filter(action="initiative_updates_stop").count() == 1


def test_a_supporter_unsubscribes_and_the_initiator_still_gets_the_updates(client, idea, supporter):
    assert recipients(idea) == ["grasveld@example.test", "steuner@example.test"]

    client.get(url(unsubscribe_value(kind=SUPPORTER, pk=supporter.pk)))

    supporter.refresh_from_db()
    assert not supporter.wants_updates
    assert recipients(idea) == ["grasveld@example.test"]


def test_unsubscribing_twice_changes_nothing_the_second_time(client, idea, supporter):
    value = unsubscribe_value(kind=SUPPORTER, pk=supporter.pk)
    client.get(url(value))

    response = client.get(url(value))

    assert response.status_code == 200
    assert "U ontvangt geen berichten meer" in response.content.decode()
    assert AuditEntry.objects.filter(action="initiative_updates_stop").count() == 1


def test_the_button_subscribes_again(client, idea, supporter):
    value = unsubscribe_value(kind=SUPPORTER, pk=supporter.pk)
    client.get(url(value))

    response = client.post(url(value))

    assert response.status_code == 200
    assert "U ontvangt weer berichten over" in response.content.decode()
    supporter.refresh_from_db()
    assert supporter.wants_updates
    assert AuditEntry.objects.filter(action="initiative_updates_resume").count() == 1


def test_the_link_in_an_update_email_unsubscribes(client, idea, supporter, run_worker):
    initiative_stage_set(actor=wijkmanager_of(idea), initiative=idea, stage=Stage.TEAM)
    run_worker()
    [email] = mails_to("steuner@example.test")

    response = client.get(link_in(email, "/initiatieven/afmelden/"))

    assert "U ontvangt geen berichten meer" in response.content.decode()
    supporter.refresh_from_db()
    assert not supporter.wants_updates
    idea.refresh_from_db()
    assert idea.initiator_wants_updates  # only the supporter's own link's


def test_an_unsubscribed_resident_gets_no_next_update(client, idea, supporter, run_worker):
    client.get(url(unsubscribe_value(kind=SUPPORTER, pk=supporter.pk)))

    initiative_stage_set(actor=wijkmanager_of(idea), initiative=idea, stage=Stage.TEAM)
    run_worker()

    assert mails_to("steuner@example.test") == []
    assert len(mails_to("grasveld@example.test")) == 1


def test_the_link_of_a_hidden_initiative_still_unsubscribes(client, idea):
    Initiative.objects.filter(pk=idea.pk).update(hidden_at=timezone.now())

    response = client.get(url(unsubscribe_value(kind=INITIATOR, pk=idea.pk)))

    assert response.status_code == 200
    idea.refresh_from_db()
    assert not idea.initiator_wants_updates
    assert reverse("initiatives:detail", args=[idea.reference]) not in response.content.decode()


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("verzonnen", id="made-up"),
        pytest.param(signing.dumps(["i", 1], salt="een-ander-zout"), id="other-salt"),
        pytest.param(signing.dumps(["x", 1], salt=UNSUBSCRIBE_SALT), id="other-kind"),
        pytest.param(signing.dumps(["s", "1"], salt=UNSUBSCRIBE_SALT), id="text-id"),
        pytest.param(signing.dumps(["s", 999999], salt=UNSUBSCRIBE_SALT), id="gone"),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_forged_link_gets_a_404_page_that_explains(client, idea, supporter, value, method):
    response = getattr(client, method)(url(value))

    page = response.content.decode()
    assert response.status_code == 404
    assert "Deze afmeldlink kennen we niet" in page
    idea.refresh_from_db()
    supporter.refresh_from_db()
    assert idea.initiator_wants_updates and supporter.wants_updates
    assert not AuditEntry.objects.filter(action__startswith="initiative_updates").exists()


def test_a_link_made_for_one_supporter_does_not_reach_another(client, idea, supporter):
    other = Supporter.objects.create(
        initiative=idea, email="ander@example.test", wants_updates=True, confirmed_at=timezone.now()
    )

    client.get(url(unsubscribe_value(kind=SUPPORTER, pk=supporter.pk)))

    other.refresh_from_db()
    assert other.wants_updates
