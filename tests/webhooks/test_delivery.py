"""A delivery through the real worker: made after the event's commit, signed, retried with
back-off when the receiver fails, recorded per attempt, and sent once however often its task
runs."""

from datetime import timedelta

from django_tasks_db.models import DBTaskResult

from tests.cases.support import local
from tests.cases.test_closure import reported
from wijkteam.notifications.events import EventType
from wijkteam.webhooks.models import Delivery, DeliveryState
from wijkteam.webhooks.sending import NOTHING, SENT, claim_window, deliver_webhook, delivery_send


def test_a_failed_delivery_is_retried_after_the_back_off_and_arrives_signed(
    world, receivers, subscribe, run_worker, time_machine
):
    time_machine.move_to(local(2026, 3, 2, 9, 0), tick=False)
    receiver = receivers(answers=(500, 200))
    subscription, secret = subscribe(world.corporatie, receiver.url, [EventType.SIGNAL_RECEIVED])
    receiver.secret = secret
    signal, _token = reported(email="rik@example.test")
    assert receiver.received == []  # nothing before the worker ran

    run_worker()
    [first] = receiver.received
    assert first.signed
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts) == (DeliveryState.FAILED, 1)
    assert delivery.next_attempt_at == local(2026, 3, 2, 9, 1)  # the first back-off: 1 minute
    [failure] = delivery.attempt_rows.all()
    assert failure.status_code == 500 and not failure.succeeded
    assert failure.response_excerpt.startswith("er ging iets mis")
    assert len(failure.response_excerpt) <= 500 and "\x00" not in failure.response_excerpt

    run_worker()  # not due yet
    assert len(receiver.received) == 1

    time_machine.shift(timedelta(minutes=1, seconds=1))
    run_worker()
    first, second = receiver.received
    assert second.signed
    assert second.headers["Webhook-Id"] == first.headers["Webhook-Id"] == str(delivery.message_id)
    assert int(second.headers["Webhook-Timestamp"]) == int(first.headers["Webhook-Timestamp"]) + 61
    assert second.body == first.body
    assert second.headers["Content-Type"] == "application/json"
    payload = second.payload
    assert payload["type"] == "signal.received"
    assert payload["organisation"] == {"id": world.corporatie.pk, "name": world.corporatie.name}
    assert payload["data"]["signal"]["reference"] == signal.reference

    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.SUCCEEDED, 2)
    assert delivery.delivered_at == local(2026, 3, 2, 9, 1, 1)
    assert [a.status_code for a in delivery.attempt_rows.all()] == [500, 200]
    subscription.refresh_from_db()
    assert subscription.failure_streak == 0 and subscription.last_success_at is not None

    time_machine.shift(timedelta(hours=20))
    run_worker()
    assert len(receiver.received) == 2  # nothing goes twice


def test_a_receiver_with_another_secret_cannot_verify_the_delivery(
    world, receivers, subscribe, run_worker
):
    receiver = receivers(secret="whsec_" + "QUJD" * 8)  # someone else's secret
    subscribe(world.corporatie, receiver.url, [EventType.SIGNAL_RECEIVED])
    reported(email="rik@example.test")
    run_worker()
    [received] = receiver.received
    assert not received.signed


def test_sending_twice_sends_once(world, receivers, subscribe, run_worker):
    receiver = receivers()
    subscribe(world.corporatie, receiver.url, [EventType.SIGNAL_RECEIVED])
    reported(email="rik@example.test")
    run_worker()
    delivery = Delivery.objects.get()
    assert len(receiver.received) == 1

    # The task again (a retry and a replay queued side by side, a worker that ran it twice).
    assert delivery_send(delivery_id=delivery.pk) == NOTHING
    deliver_webhook.enqueue(delivery_id=delivery.pk)
    deliver_webhook.enqueue(delivery_id=delivery.pk)
    run_worker()
    assert len(receiver.received) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 1


def test_a_delivery_being_sent_by_another_worker_is_left_alone_until_its_claim_is_stale(
    world, receivers, subscribe, run_worker, time_machine
):
    time_machine.move_to(local(2026, 3, 2, 9, 0), tick=False)
    receiver = receivers(answers=(500, 200))
    subscribe(world.corporatie, receiver.url, [EventType.SIGNAL_RECEIVED])
    reported(email="rik@example.test")
    run_worker()
    delivery = Delivery.objects.get()
    time_machine.shift(timedelta(minutes=1))
    # Another worker claimed the retry and was killed before it could record what happened.
    Delivery.objects.filter(pk=delivery.pk).update(sending_since=local(2026, 3, 2, 9, 1))

    assert delivery_send(delivery_id=delivery.pk) == NOTHING
    assert len(receiver.received) == 1

    time_machine.shift(claim_window() + timedelta(seconds=1))
    assert delivery_send(delivery_id=delivery.pk) == SENT
    assert len(receiver.received) == 2


def test_the_sweep_sends_a_delivery_whose_task_was_lost(
    world, receivers, subscribe, run_worker, time_machine
):
    time_machine.move_to(local(2026, 3, 2, 9, 0), tick=False)
    receiver = receivers()
    subscribe(world.corporatie, receiver.url, [EventType.SIGNAL_RECEIVED])
    reported(email="rik@example.test")
    run_worker()
    assert len(receiver.received) == 1
    delivery = Delivery.objects.get()
    # Restored from before it was sent, without its task.
    Delivery.objects.filter(pk=delivery.pk).update(
        state=DeliveryState.PENDING, next_attempt_at=delivery.created_at, delivered_at=None
    )
    DBTaskResult.objects.filter(task_path__endswith="deliver_webhook").delete()

    time_machine.shift(timedelta(minutes=30))
    run_worker()  # the sweep's run is due (every ten minutes)
    assert len(receiver.received) == 2
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.SUCCEEDED
