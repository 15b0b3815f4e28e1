"""A subscription whose deliveries keep failing: each is given up after its last retry, and
after a run of them the subscription is switched off and the functional admins are told;
switched on again (in Beheer), its run starts over and what waited is sent."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.cases.support import local
from tests.cases.test_closure import reported
from wijkteam.access.models import AuditEntry
from wijkteam.notifications.events import EventType
from wijkteam.notifications.models import Notification
from wijkteam.webhooks.models import Delivery, DeliveryState


@pytest.fixture
def short_rounds(settings):
    settings.WIJKTEAM_WEBHOOKS_RETRY_MINUTES = [1]  # two attempts per delivery
    settings.WIJKTEAM_WEBHOOKS_SWITCH_OFF_AFTER = 2


def test_after_a_run_of_given_up_deliveries_the_subscription_is_switched_off_and_admins_told(
    client, world, receivers, subscribe, run_worker, time_machine, short_rounds
):
    time_machine.move_to(local(2026, 3, 2, 9, 0), tick=False)
    receiver = receivers(answers=(503,))
    subscription, _secret = subscribe(world.corporatie, receiver.url, [EventType.SIGNAL_RECEIVED])

    reported(number=1)
    run_worker()
    time_machine.shift(timedelta(minutes=1, seconds=1))
    run_worker()
    first = Delivery.objects.get()
    assert (first.state, first.attempts) == (DeliveryState.GIVEN_UP, 2)
    subscription.refresh_from_db()
    assert (subscription.active, subscription.failure_streak) == (True, 1)
    assert not Notification.objects.filter(user=world.admin).exists()

    reported(number=2)
    run_worker()
    time_machine.shift(timedelta(minutes=1, seconds=1))
    run_worker()
    assert len(receiver.received) == 4
    subscription.refresh_from_db()
    assert (subscription.active, subscription.failure_streak) == (False, 2)
    assert subscription.disabled_at == local(2026, 3, 2, 9, 2, 2)
    assert "2 berichten op rij" in subscription.disabled_reason
    [told] = Notification.objects.filter(user=world.admin)
    assert "Webhook uitgezet" in told.subject and subscription.name in told.subject
    assert told.link == reverse("admin:webhooks_subscription_change", args=[subscription.pk])
    # Only the functional admins hear of it (the others were asked about the cases).
    assert not Notification.objects.filter(subject__contains="Webhook").exclude(user=world.admin)
    assert AuditEntry.objects.filter(
        object_type="webhooks.subscription", action="update", actor_label="systeem"
    ).exists()

    # Off: a new event makes no delivery, and nothing is sent.
    reported(number=3)
    run_worker()
    assert Delivery.objects.count() == 2 and len(receiver.received) == 4

    # A delivery that waited for its retry when it was switched off goes when it is back on.
    waiting = Delivery.objects.order_by("pk").last()
    Delivery.objects.filter(pk=waiting.pk).update(state=DeliveryState.FAILED, round_attempts=1)
    receiver.answers = [200]
    client.force_login(world.admin)
    url = reverse("admin:webhooks_subscription_change", args=[subscription.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = {
        "name": subscription.name,
        "url": subscription.url,
        "event_types": [EventType.SIGNAL_RECEIVED],
        "active": "on",
    }
    assert client.post(url, form).status_code == 302
    subscription.refresh_from_db()
    assert (subscription.active, subscription.failure_streak) == (True, 0)
    assert subscription.disabled_at is None and subscription.disabled_reason == ""
    run_worker()
    assert len(receiver.received) == 5
    waiting.refresh_from_db()
    assert waiting.state == DeliveryState.SUCCEEDED


def test_one_delivery_that_arrives_ends_the_run(
    world, receivers, subscribe, run_worker, time_machine, short_rounds
):
    time_machine.move_to(local(2026, 3, 2, 9, 0), tick=False)
    receiver = receivers(answers=(503, 503, 200, 503))
    subscription, _secret = subscribe(world.corporatie, receiver.url, [EventType.SIGNAL_RECEIVED])
    reported(number=1)
    run_worker()
    time_machine.shift(timedelta(minutes=1, seconds=1))
    run_worker()  # given up: a run of one
    reported(number=2)
    run_worker()  # arrives: the run is over
    subscription.refresh_from_db()
    assert (subscription.active, subscription.failure_streak) == (True, 0)

    reported(number=3)
    run_worker()
    time_machine.shift(timedelta(minutes=1, seconds=1))
    run_worker()  # given up again: a run of one, not two
    subscription.refresh_from_db()
    assert (subscription.active, subscription.failure_streak) == (True, 1)
