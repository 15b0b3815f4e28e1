"""Reading back what the MOR system says about the forwarded cases, run by the worker every
WIJKTEAM_MOR_POLL_MINUTES (tasks.py). A changed status becomes a line on the case's timeline;
"afgehandeld" or "geannuleerd" there is also told to the lead's members, who decide what it
means for the case (the case is not closed by the MOR system: closing it sends the reporters a
message only its lead can write). A closed signal (afgehandeld, geannuleerd, gesplitst) is not
read again."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.access.audit import audit_record
from wijkteam.cases.steps import case_notify
from wijkteam.core.translation import Message, in_default_language
from wijkteam.mor.models import Forwarding, ForwardingState
from wijkteam.mor.signalen import (
    CANCELLED,
    CLOSED_STATES,
    DONE,
    STATE_NAMES,
    SignalenError,
    SignalenSignal,
    client_for,
)
from wijkteam.mor.timeline import forwarding_line, gemeente_name
from wijkteam.partners.actors import SYSTEM

logger = logging.getLogger(__name__)

# A forwarding read this little before its turn is read in this round, not skipped until the
# next one (the rounds do not start to the second).
SLACK = timedelta(minutes=1)

TOLD = {
    DONE: gettext_noop("Het MOR-systeem van %(organisation)s meldt %(case)s als afgehandeld"),
    CANCELLED: gettext_noop("Het MOR-systeem van %(organisation)s heeft %(case)s geannuleerd"),
}


def forwardings_to_poll(*, now: datetime | None = None) -> list[int]:
    """The sent forwardings still open in the MOR system, of active connections, not read in
    the last WIJKTEAM_MOR_POLL_MINUTES; the longest unread first."""
    now = now or timezone.now()
    due = now - timedelta(minutes=settings.WIJKTEAM_MOR_POLL_MINUTES) + SLACK
    return list(
        Forwarding.objects.filter(
            state=ForwardingState.SENT, external_closed=False, connection__is_active=True
        )
        .filter(Q(polled_at__isnull=True) | Q(polled_at__lte=due))
        .order_by("polled_at", "pk")
        .values_list("pk", flat=True)
    )


def state_name(signal: SignalenSignal) -> Message | str:
    """The status in the reader's language when Wijkteam knows it, else as the MOR system
    names it."""
    if signal.state in STATE_NAMES:
        return Message(STATE_NAMES[signal.state])
    return signal.state_display or signal.state


def forwarding_poll(*, forwarding_id: int, now: datetime | None = None) -> bool:
    """Read one forwarding's status in the MOR system and record it when it changed. Returns
    whether it changed. A failure is kept for Beheer and read again in the next round."""
    now = now or timezone.now()
    forwarding = Forwarding.objects.select_related("connection").filter(pk=forwarding_id).first()
    if forwarding is None or forwarding.state != ForwardingState.SENT or forwarding.external_closed:
        return False
    try:
        signal = client_for(forwarding.connection).get(forwarding.external_id)
    except SignalenError as error:
        Forwarding.objects.filter(pk=forwarding.pk).update(last_error=error.message)
        logger.warning("Reading forwarding %s from the MOR system failed: %s", forwarding.pk, error)
        return False
    return forwarding_status_record(forwarding_id=forwarding.pk, signal=signal, now=now)


def forwarding_status_record(
    *, forwarding_id: int, signal: SignalenSignal, now: datetime | None = None
) -> bool:
    """Record what the MOR system says about a forwarded case: a changed status is a line on
    the case's timeline ("Status in het MOR-systeem: In behandeling"); done or cancelled there
    is told to the lead's members. The system's step. Returns whether the status changed."""
    now = now or timezone.now()
    with transaction.atomic():
        forwarding = (
            Forwarding.objects.select_for_update(of=("self",))
            .select_related("case", "connection__organisation")
            .get(pk=forwarding_id)
        )
        forwarding.polled_at = now
        forwarding.last_error = ""
        if signal.state == forwarding.external_state:
            forwarding.save(update_fields=["polled_at", "last_error"])
            return False
        before = forwarding.external_state
        forwarding.external_state = signal.state
        forwarding.external_state_display = signal.state_display[:100]
        forwarding.external_closed = signal.state in CLOSED_STATES
        forwarding.save(
            update_fields=[
                "polled_at",
                "last_error",
                "external_state",
                "external_state_display",
                "external_closed",
            ]
        )
        audit_record(
            actor=SYSTEM,
            action="mor_status",
            instance=forwarding,
            changes={"external_state": [before, signal.state]},
        )
        forwarding_line(
            forwarding,
            Message(
                gettext_noop("Status in het MOR-systeem van %(organisation)s: %(status)s."),
                organisation=gemeente_name(forwarding),
                status=state_name(signal),
            ),
        )
        case = forwarding.case
        if signal.state in TOLD and case.lead_id:
            with in_default_language():
                subject = _(TOLD[signal.state]) % {
                    "organisation": gemeente_name(forwarding),
                    "case": case.reference,
                }
            case_notify(case, {case.lead_id}, subject)
    return True


def forwardings_poll(*, now: datetime | None = None) -> int:
    """Read every forwarding whose turn it is; returns how many changed."""
    now = now or timezone.now()
    return sum(
        forwarding_poll(forwarding_id=forwarding_id, now=now)
        for forwarding_id in forwardings_to_poll(now=now)
    )
