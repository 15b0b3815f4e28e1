"""Sending one delivery, run by the background worker: signed, POSTed once per attempt, each
attempt recorded, retried with back-off (``WIJKTEAM_WEBHOOKS_RETRY_MINUTES``) and given up after
the last retry; a subscription whose deliveries were given up on too often in a row is switched
off (``WIJKTEAM_WEBHOOKS_SWITCH_OFF_AFTER``).

No request is made inside a transaction (it would hold the delivery's row, and on SQLite the
whole database, for as long as the partner takes to answer). Instead a worker *claims* the
delivery: it locks the row, checks that it still waits and is due, and marks it as being sent
(``sending_since``) before it commits; then it sends; then it locks the row again to record the
attempt and the outcome. So a task run twice, or a replay queued beside a retry, sends nothing
that arrived already or is being sent. A worker killed between the request and its record
leaves the claim behind; the sweep (tasks.py) sends such a delivery again once the claim is
older than any request can take. That is the one case in which a receiver may get a delivery
twice, with the same ``Webhook-Id`` both times (Standard Webhooks' "at least once")."""

import json
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from wijkteam.core.errors import DomainError
from wijkteam.core.followups import follow_up
from wijkteam.webhooks.models import (
    TRANSITIONS,
    WAITING,
    Delivery,
    DeliveryAttempt,
    DeliveryState,
    Subscription,
)
from wijkteam.webhooks.outbound import Answer, post_json
from wijkteam.webhooks.signing import signature
from wijkteam.webhooks.switching import switch_off_after_failures

# What a delivery's attempt ended in (the task's result, for tests and logs).
SENT, RETRY, GIVEN_UP = "sent", "retry", "given_up"
NOTHING = "nothing"  # arrived already, given up, not due, being sent, or its subscription is off


def claim_window() -> timedelta:
    """How long a claim holds: longer than any attempt can take (connecting and answering)."""
    return timedelta(seconds=2 * settings.WIJKTEAM_WEBHOOKS_TIMEOUT_SECONDS + 60)


def body_of(payload: dict) -> bytes:
    """The bytes sent (and signed): the same for every attempt of a delivery."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def retry_delay(round_attempts: int) -> timedelta | None:
    """The wait after the ``round_attempts``-th failed attempt of a round, or None: give up."""
    minutes = settings.WIJKTEAM_WEBHOOKS_RETRY_MINUTES
    if round_attempts > len(minutes):
        return None
    return timedelta(minutes=minutes[round_attempts - 1])


def _move(delivery: Delivery, state: str) -> None:
    if state not in TRANSITIONS[delivery.state]:
        raise DomainError(f"A delivery cannot go from {delivery.state} to {state}")
    delivery.state = state


def _being_sent(delivery: Delivery, now: datetime) -> bool:
    return delivery.sending_since is not None and now - delivery.sending_since < claim_window()


def _claim(delivery_id: int, now: datetime) -> tuple[Delivery, Subscription] | None:
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("subscription")
            .filter(pk=delivery_id)
            .first()
        )
        if (
            delivery is None
            or delivery.state not in WAITING
            or not delivery.subscription.active
            or (delivery.next_attempt_at is not None and delivery.next_attempt_at > now)
            or _being_sent(delivery, now)
        ):
            return None
        delivery.sending_since = now
        delivery.save(update_fields=["sending_since"])
    return delivery, delivery.subscription


def delivery_send(*, delivery_id: int) -> str:
    """Make one attempt at a delivery when it still waits and is due; record it and what
    follows from it (a retry, giving up). Safe to run twice."""
    now = timezone.now()
    claimed = _claim(delivery_id, now)
    if claimed is None:
        return NOTHING
    delivery, subscription = claimed
    message_id = str(delivery.message_id)
    timestamp = int(timezone.now().timestamp())
    body = body_of(delivery.payload)
    answer = post_json(
        url=subscription.url,
        body=body,
        headers={
            "Webhook-Id": message_id,
            "Webhook-Timestamp": str(timestamp),
            "Webhook-Signature": signature(
                secret=subscription.secret, message_id=message_id, timestamp=timestamp, body=body
            ),
        },
    )
    outcome = _record(delivery_id, answer, claimed_at=now)
    if outcome == GIVEN_UP:
        switch_off_after_failures(
            subscription_id=subscription.pk,
            threshold=settings.WIJKTEAM_WEBHOOKS_SWITCH_OFF_AFTER,
        )
    return outcome


def _record(delivery_id: int, answer: Answer, *, claimed_at: datetime) -> str:
    """Write the attempt and the delivery's next state, in one transaction."""
    now = timezone.now()
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None:
            return NOTHING  # removed with its subscription while it was being sent
        DeliveryAttempt.objects.create(
            delivery=delivery,
            at=claimed_at,
            status_code=answer.status_code,
            response_excerpt=answer.excerpt,
            error=answer.error or ("" if answer.succeeded else f"HTTP {answer.status_code}"),
            duration_ms=answer.duration_ms,
            succeeded=answer.succeeded,
            replay=delivery.round_attempts == 0 and delivery.attempts > 0,
        )
        delivery.attempts += 1
        delivery.round_attempts += 1
        delivery.sending_since = None
        if delivery.state not in WAITING:
            # Another worker took over a claim it thought lost, and finished first.
            delivery.save(update_fields=["attempts", "round_attempts", "sending_since"])
            return NOTHING
        subscriptions = Subscription.objects.filter(pk=delivery.subscription_id)
        if answer.succeeded:
            _move(delivery, DeliveryState.SUCCEEDED)
            delivery.delivered_at, delivery.next_attempt_at = now, None
            subscriptions.update(failure_streak=0, last_success_at=now)
            outcome = SENT
        elif (delay := retry_delay(delivery.round_attempts)) is not None:
            _move(delivery, DeliveryState.FAILED)
            delivery.next_attempt_at = now + delay
            follow_up(deliver_webhook, run_after=delivery.next_attempt_at, delivery_id=delivery.pk)
            outcome = RETRY
        else:
            _move(delivery, DeliveryState.GIVEN_UP)
            delivery.next_attempt_at = None
            subscriptions.update(failure_streak=F("failure_streak") + 1)
            outcome = GIVEN_UP
        delivery.save(
            update_fields=[
                "attempts",
                "round_attempts",
                "sending_since",
                "state",
                "delivered_at",
                "next_attempt_at",
            ]
        )
    return outcome


@task()
def deliver_webhook(*, delivery_id: int) -> str:
    """The worker's task for one delivery (queued with it, and again for each retry)."""
    return delivery_send(delivery_id=delivery_id)
