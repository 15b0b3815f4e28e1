"""Webhooks in Beheer: a functional admin makes a subscription and sees its secret once, changes
it (audited, never with the secret), follows the deliveries with their attempts and sends one
again ("Opnieuw versturen"); nobody else gets in."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.cases.support import local
from tests.cases.test_closure import reported
from wijkteam.access.models import AuditEntry
from wijkteam.core.errors import FORBIDDEN, DomainError
from wijkteam.notifications.events import EventType
from wijkteam.notifications.models import Notification
from wijkteam.partners.actors import SYSTEM
from wijkteam.webhooks.models import Delivery, DeliveryState, Subscription
from wijkteam.webhooks.services import (
    delivery_replay,
    subscription_create,
    subscription_switch_on,
)

ADD = "admin:webhooks_subscription_add"


def new_subscription(client, world, url: str, **extra):
    client.force_login(world.admin)
    return client.post(
        reverse(ADD),
        {
            "organisation": world.corporatie.pk,
            "name": "Woonsysteem",
            "url": url,
            "event_types": [EventType.SIGNAL_RECEIVED, EventType.CASE_CLOSED],
            **extra,
        },
    )


def test_a_new_subscription_shows_its_secret_once_and_never_again(client, world):
    page = new_subscription(client, world, "https://woon.example.org/wijkteam")

    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    subscription = Subscription.objects.get()
    body = page.content.decode()
    assert subscription.secret.startswith("whsec_") and subscription.secret in body
    assert subscription.event_types == ["signal.received", "case.closed"]
    assert subscription.created_by == world.admin and subscription.active

    change = reverse("admin:webhooks_subscription_change", args=[subscription.pk])
    assert subscription.secret not in client.get(change).content.decode()
    assert (
        subscription.secret
        not in client.get(reverse("admin:webhooks_subscription_changelist")).content.decode()
    )
    [created] = AuditEntry.objects.filter(object_type="webhooks.subscription", action="create")
    assert created.changes["secret"] == "gezet"
    assert subscription.secret not in str(created.changes)


def test_an_entered_secret_is_kept_and_not_shown_back(client, world):
    secret = "whsec_" + "c2VjcmV0LXZhbi1kZS1wYXJ0bmVyLTEyMzQ1Njc4"
    page = new_subscription(client, world, "https://woon.example.org/in", given_secret=secret)
    assert page.status_code == 302
    assert Subscription.objects.get().secret == secret


def test_a_bad_secret_or_an_internal_address_is_refused_with_a_message(client, world, settings):
    page = new_subscription(client, world, "https://woon.example.org/in", given_secret="geheim")
    assert "Een geheim begint met whsec_" in page.content.decode()
    for url in ("https://10.1.2.3/in", "https://169.254.169.254/latest", "https://[::1]/in"):
        settings.WIJKTEAM_WEBHOOKS_ALLOWED_NETWORKS = []
        page = new_subscription(client, world, url)
        assert "niet bereikbaar vanaf internet" in page.content.decode(), url
    settings.WIJKTEAM_WEBHOOKS_ALLOW_HTTP = False
    page = new_subscription(client, world, "http://woon.example.org/in")
    assert "moet met https:// beginnen" in page.content.decode()
    assert not Subscription.objects.exists()


def test_a_new_secret_is_made_on_request_and_the_old_one_stops(client, world, subscribe):
    subscription, old = subscribe(world.corporatie, "https://woon.example.org/in")
    client.force_login(world.admin)
    change = reverse("admin:webhooks_subscription_change", args=[subscription.pk])
    page = client.post(
        change,
        {
            "name": "Woonsysteem (nieuw)",
            "url": subscription.url,
            "event_types": subscription.event_types,
            "active": "on",
            "renew_secret": "on",
        },
    )
    subscription.refresh_from_db()
    assert page.status_code == 200 and subscription.secret in page.content.decode()
    assert subscription.secret != old and subscription.name == "Woonsysteem (nieuw)"
    changes = [
        entry.changes
        for entry in AuditEntry.objects.filter(object_type="webhooks.subscription", action="update")
    ]
    assert {"name": ["Systeem", "Woonsysteem (nieuw)"]} in changes
    assert {"secret": "vernieuwd"} in changes


def test_a_delivery_is_sent_again_from_beheer(
    client, world, receivers, subscribe, run_worker, time_machine, settings
):
    settings.WIJKTEAM_WEBHOOKS_RETRY_MINUTES = [1]
    time_machine.move_to(local(2026, 3, 2, 9, 0), tick=False)
    receiver = receivers(answers=(500, 500, 200))
    subscription, secret = subscribe(world.corporatie, receiver.url, [EventType.SIGNAL_RECEIVED])
    receiver.secret = secret
    reported()
    run_worker()
    time_machine.shift(timedelta(minutes=2))
    run_worker()
    delivery = Delivery.objects.get()
    assert delivery.state == DeliveryState.GIVEN_UP

    client.force_login(world.admin)
    listing = reverse("admin:webhooks_delivery_changelist")
    for state, shown in (("given_up", [delivery]), ("succeeded", [])):
        page = client.get(listing, {"state__exact": state})
        assert list(page.context["cl"].result_list) == shown
    detail = client.get(reverse("admin:webhooks_delivery_change", args=[delivery.pk]))
    shown = detail.content.decode()
    assert detail.status_code == 200 and "er ging iets mis" in shown
    # What it is about, by reference; the facts are for the organisation it went to.
    signal_reference = delivery.payload["data"]["signal"]["reference"]
    assert f"melding {signal_reference}" in shown
    assert "Appelhof" not in shown and "overlast-geluid" not in shown

    answer = client.post(listing, {"action": "replay", "_selected_action": [delivery.pk]})
    assert answer.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.state, delivery.round_attempts) == (DeliveryState.PENDING, 0)
    run_worker()
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SUCCEEDED and delivery.attempts == 3
    third = receiver.received[2]
    assert third.signed and third.headers["Webhook-Id"] == str(delivery.message_id)
    assert [a.replay for a in delivery.attempt_rows.all()] == [False, False, True]
    assert AuditEntry.objects.filter(object_type="webhooks.delivery", action="replay").exists()


def test_nobody_but_a_functional_admin_gets_in(client, world, subscribe):
    subscription, _secret = subscribe(world.corporatie, "https://woon.example.org/in")
    for user in (world.wijkmanager_a, world.consulent_a, world.reader):
        client.force_login(user)
        for name, args in (
            ("admin:webhooks_subscription_changelist", []),
            ("admin:webhooks_subscription_change", [subscription.pk]),
            ("admin:webhooks_delivery_changelist", []),
        ):
            answer = client.get(reverse(name, args=args))
            assert answer.status_code == 302, (user, name)
            assert "/login/" in answer["Location"] or "inloggen" in answer["Location"]


def test_subscriptions_are_switched_off_and_on_from_the_list(client, world, subscribe):
    subscription, _secret = subscribe(world.corporatie, "https://woon.example.org/in")
    subscription.failure_streak = 4
    subscription.save()
    client.force_login(world.admin)
    listing = reverse("admin:webhooks_subscription_changelist")

    client.post(listing, {"action": "switch_off", "_selected_action": [subscription.pk]})
    subscription.refresh_from_db()
    assert not subscription.active
    assert subscription.disabled_reason == "Uitgezet door Fenna Beheer."
    assert not Notification.objects.exists()  # an admin's own choice is no news to the admins

    client.post(listing, {"action": "switch_on", "_selected_action": [subscription.pk]})
    subscription.refresh_from_db()
    assert (subscription.active, subscription.failure_streak) == (True, 0)
    actions = AuditEntry.objects.filter(object_type="webhooks.subscription", action="update")
    assert [entry.changes["active"] for entry in actions.order_by("pk")] == [
        [True, False],
        [False, True],
    ]


def test_the_services_refuse_anyone_but_a_functional_admin(world, subscribe):
    subscription, _secret = subscribe(world.corporatie, "https://woon.example.org/in")
    for actor in (world.wijkmanager_a, world.consulent_a, world.reader, SYSTEM):
        with pytest.raises(DomainError) as refused:
            subscription_create(
                actor=actor,
                organisation=world.corporatie,
                name="Eigen koppeling",
                url="https://woon.example.org/eigen",
                event_types=[EventType.CASE_CLOSED],
            )
        assert refused.value.code == FORBIDDEN
        with pytest.raises(DomainError):
            delivery_replay(actor=actor, delivery_ids=[])
        with pytest.raises(DomainError):
            subscription_switch_on(actor=actor, subscription=subscription)
    assert Subscription.objects.count() == 1
