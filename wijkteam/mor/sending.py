"""Sending one forwarding to the gemeente's MOR system, run by the worker (tasks.py).

The request to the MOR system is made outside any transaction. So that two workers never send
the same forwarding at once, one first claims it (a conditional update, which both SQLite and
PostgreSQL make atomic) and records the outcome after the answer. A worker killed in between
leaves its claim behind; after CLAIM_MINUTES another may send it. Signalen has no idempotency
key: a worker killed after Signalen made the signal but before Wijkteam recorded it is the one
way a signal can arrive twice.

Outcomes: sent (the MOR system's id and number are kept); a failure worth trying again later
(no connection, a server error, 429: the next attempt waits 1, 2, 4, ... minutes, at most an
hour, or longer when the system asks), until WIJKTEAM_MOR_MAX_ATTEMPTS; or a failure for a
person (a refusal, a case that cannot be sent as it is, too many attempts): the forwarding
waits in Beheer, marked failed, until someone tries again or gives it up. Nothing is dropped.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from wijkteam.access.audit import audit_record
from wijkteam.core.translation import Message
from wijkteam.mor.models import (
    CLAIM_MINUTES,
    Forwarding,
    ForwardingState,
    MorCategory,
)
from wijkteam.mor.payload import NotForwardable, signalen_body
from wijkteam.mor.signalen import (
    CLOSED_STATES,
    SignalenRefused,
    SignalenSignal,
    SignalenUnavailable,
    client_for,
)
from wijkteam.mor.timeline import failure_told, forwarding_line, gemeente_name
from wijkteam.partners.actors import SYSTEM

logger = logging.getLogger(__name__)

LONGEST_WAIT = timedelta(hours=6)  # the most a Retry-After is followed


def retry_delay(attempt: int) -> timedelta:
    """Wait 1, 2, 4, ... minutes after the first, second, third failed attempt; at most an hour."""
    return timedelta(minutes=min(2 ** (attempt - 1), 60))


def _claim(forwarding_id: int, now: datetime) -> bool:
    stale = now - timedelta(minutes=CLAIM_MINUTES)
    return bool(
        Forwarding.objects.filter(pk=forwarding_id, state=ForwardingState.PENDING)
        .filter(Q(sending_since__isnull=True) | Q(sending_since__lt=stale))
        .update(sending_since=now)
    )


def _locked(forwarding_id: int) -> Forwarding:
    return (
        Forwarding.objects.select_for_update(of=("self",))
        .select_related("case", "connection__organisation")
        .get(pk=forwarding_id)
    )


def forwarding_send(*, forwarding_id: int, now: datetime | None = None) -> datetime | None:
    """Send one waiting forwarding, when it is due and its connection is on. Returns when to
    try again after a failure worth retrying; None otherwise (sent, failed for a person, not
    due, or being sent by another worker). Safe to run twice."""
    now = now or timezone.now()
    forwarding = (
        Forwarding.objects.select_related("case", "connection__organisation")
        .filter(pk=forwarding_id)
        .first()
    )
    if forwarding is None or forwarding.state != ForwardingState.PENDING:
        return None
    if not forwarding.connection.is_active:
        return None  # it waits for the connection (tasks.py queues it again)
    if forwarding.next_attempt_at is not None and forwarding.next_attempt_at > now:
        return None  # an attempt is planned already
    if not _claim(forwarding.pk, now):
        return None
    mapping = MorCategory.objects.filter(
        connection=forwarding.connection, category_id=forwarding.case.category_id, forward=True
    ).first()
    if mapping is None:
        _failed(
            forwarding.pk,
            error="De categorie van deze casus gaat niet (meer) naar het MOR-systeem.",
            reason=Message(gettext_noop("de categorie gaat niet (meer) naar het MOR-systeem")),
            attempted=False,
        )
        return None
    try:
        body = signalen_body(
            case=forwarding.case,
            organisation_id=forwarding.connection.organisation_id,
            mapping=mapping,
            source=forwarding.connection.source,
        )
    except NotForwardable as refusal:
        _failed(
            forwarding.pk, error=refusal.message, reason=Message(refusal.message), attempted=False
        )
        return None
    try:
        created = client_for(forwarding.connection).create(body)
    except SignalenUnavailable as error:
        return _later(forwarding.pk, error=error, now=now)
    except SignalenRefused as error:
        _failed(
            forwarding.pk,
            error=error.message,
            reason=Message(gettext_noop("het MOR-systeem weigerde de melding")),
        )
        return None
    _sent(forwarding.pk, created=created, sub_category_url=mapping.sub_category_url, now=now)
    return None


def _sent(
    forwarding_id: int, *, created: SignalenSignal, sub_category_url: str, now: datetime
) -> None:
    with transaction.atomic():
        forwarding = _locked(forwarding_id)
        if forwarding.state != ForwardingState.PENDING:
            # A person gave it up while it was being sent (which the claim should prevent):
            # the signal exists in the MOR system all the same, so it is recorded.
            logger.warning("Forwarding %s was sent while %s", forwarding.pk, forwarding.state)
        before = forwarding.state
        forwarding.state = ForwardingState.SENT
        forwarding.attempts += 1
        forwarding.sent_at = forwarding.polled_at = now
        forwarding.sending_since = forwarding.next_attempt_at = None
        forwarding.last_error = ""
        forwarding.sub_category_url = sub_category_url
        forwarding.external_id = created.id
        forwarding.external_reference = created.reference
        forwarding.external_state = created.state
        forwarding.external_state_display = created.state_display
        forwarding.external_closed = created.state in CLOSED_STATES
        forwarding.save()
        audit_record(
            actor=SYSTEM,
            action="mor_forwarding_sent",
            instance=forwarding,
            changes={
                "state": [before, ForwardingState.SENT],
                "external_id": created.id,
                "external_reference": created.reference,
            },
        )
        forwarding_line(
            forwarding,
            Message(
                gettext_noop(
                    "Doorgestuurd naar het MOR-systeem van %(organisation)s: melding %(reference)s."
                ),
                organisation=gemeente_name(forwarding),
                reference=created.reference,
            ),
        )


def _later(forwarding_id: int, *, error: SignalenUnavailable, now: datetime) -> datetime | None:
    """A failure worth trying again: the next attempt planned, or the forwarding failed for a
    person after the last attempt allowed."""
    with transaction.atomic():
        forwarding = _locked(forwarding_id)
        if forwarding.state != ForwardingState.PENDING:
            return None
        forwarding.attempts += 1
        if forwarding.attempts >= settings.WIJKTEAM_MOR_MAX_ATTEMPTS:
            attempts = forwarding.attempts
            forwarding.save(update_fields=["attempts"])
            _failed(
                forwarding_id,
                error=error.message,
                reason=Message(
                    gettext_noop("het MOR-systeem was na %(attempts)s pogingen niet bereikbaar"),
                    attempts=attempts,
                ),
                attempted=False,
            )
            return None
        wait = retry_delay(forwarding.attempts)
        if error.retry_after:
            wait = max(wait, min(timedelta(seconds=error.retry_after), LONGEST_WAIT))
        forwarding.next_attempt_at = now + wait
        forwarding.last_error = error.message
        forwarding.sending_since = None
        forwarding.save(
            update_fields=["attempts", "next_attempt_at", "last_error", "sending_since"]
        )
    logger.warning(
        "Forwarding %s to the MOR system failed (attempt %s): %s",
        forwarding_id,
        forwarding.attempts,
        error.message,
    )
    return forwarding.next_attempt_at


def _failed(forwarding_id: int, *, error: str, reason: Message, attempted: bool = True) -> None:
    """The forwarding waits for a person: marked failed, with the error in Beheer and a line
    on the case; the lead's members and the functional admins are told."""
    with transaction.atomic():
        forwarding = _locked(forwarding_id)
        if forwarding.state != ForwardingState.PENDING:
            return
        if attempted:
            forwarding.attempts += 1
        forwarding.state = ForwardingState.FAILED
        forwarding.last_error = error
        forwarding.sending_since = forwarding.next_attempt_at = None
        forwarding.save(
            update_fields=["state", "attempts", "last_error", "sending_since", "next_attempt_at"]
        )
        audit_record(
            actor=SYSTEM,
            action="mor_forwarding_failed",
            instance=forwarding,
            changes={"state": [ForwardingState.PENDING, ForwardingState.FAILED]},
        )
        failure_told(forwarding, reason)
    logger.warning("Forwarding %s to the MOR system failed for good: %s", forwarding_id, error)
