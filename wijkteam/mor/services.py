"""The forwarding's steps that are not the sending itself: making a forwarding when the gemeente
becomes a case's lead, a person in Beheer trying a failed one again or giving it up, and saving a
connection with its token. The sending is in sending.py, reading the status back in polling.py,
both run by the worker (tasks.py)."""

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.access.audit import audit_record
from wijkteam.access.services import config_record_save
from wijkteam.cases.models import Case
from wijkteam.core.errors import DomainError
from wijkteam.core.followups import follow_up
from wijkteam.core.translation import Message
from wijkteam.mor.models import (
    TRANSITIONS,
    Forwarding,
    ForwardingState,
    MorCategory,
    MorConnection,
    being_sent,
)
from wijkteam.mor.tasks import send_forwarding
from wijkteam.mor.timeline import forwarding_line, gemeente_name
from wijkteam.partners.actors import SYSTEM, Actor, is_user
from wijkteam.partners.models import OrganisationKind


def forwarding_open(*, case_id: int) -> Forwarding | None:
    """The gemeente became the lead of this case: when its MOR system is connected and the
    case's category is forwarded there, a forwarding is made (once per case and system, however
    often this is asked) and its sending queued. The system's step; returns the new forwarding,
    or None when there is nothing (more) to do."""
    with transaction.atomic():
        case = Case.objects.select_related("lead").filter(pk=case_id).first()
        if case is None or case.lead is None or case.lead.kind != OrganisationKind.GEMEENTE:
            return None
        if not case.is_open:
            return None
        connection = MorConnection.objects.filter(
            organisation_id=case.lead_id, is_active=True
        ).first()
        if connection is None:
            return None
        if not MorCategory.objects.filter(
            connection=connection, category_id=case.category_id, forward=True
        ).exists():
            return None
        forwarding, created = Forwarding.objects.get_or_create(case=case, connection=connection)
        if not created:
            return None
        audit_record(
            actor=SYSTEM,
            action="mor_forwarding_open",
            instance=forwarding,
            changes={"case": case.reference, "state": ForwardingState.PENDING},
        )
        follow_up(send_forwarding, forwarding_id=forwarding.pk)
    return forwarding


def _require_mor_admin(actor: object) -> AbstractBaseUser:
    if not (
        is_user(actor)
        and actor.is_active
        and actor.is_staff
        and actor.has_perm("mor.view_forwarding")
    ):
        raise DomainError(_("Alleen een functioneel beheerder beheert het doorsturen."))
    return actor


def forwardings_retry(*, actor: Actor, forwarding_ids: Iterable[int]) -> int:
    """Put failed (or given up) forwardings back in the queue, on a functional admin's request
    (the mapping or the token was corrected, the MOR system is back): a fresh round of attempts.
    Sent and queued ones are left alone. The last error stays visible until the next attempt.
    Returns how many were queued again."""
    _require_mor_admin(actor)
    with transaction.atomic():
        forwardings = list(
            Forwarding.objects.select_for_update()
            .filter(
                pk__in=list(forwarding_ids),
                state__in=[
                    state
                    for state, allowed in TRANSITIONS.items()
                    if ForwardingState.PENDING in allowed
                ],
            )
            .select_related("case", "connection__organisation")
        )
        for forwarding in forwardings:
            before = forwarding.state
            forwarding.state = ForwardingState.PENDING
            forwarding.attempts = 0
            forwarding.next_attempt_at = None
            forwarding.sending_since = None
            forwarding.save(update_fields=["state", "attempts", "next_attempt_at", "sending_since"])
            audit_record(
                actor=actor,
                action="mor_forwarding_retry",
                instance=forwarding,
                changes={"state": [before, ForwardingState.PENDING]},
            )
            forwarding_line(
                forwarding,
                Message(
                    gettext_noop(
                        "Functioneel beheer probeert het doorsturen naar het MOR-systeem van "
                        "%(organisation)s opnieuw."
                    ),
                    organisation=gemeente_name(forwarding),
                ),
                actor=actor,
            )
            follow_up(send_forwarding, forwarding_id=forwarding.pk)
    return len(forwardings)


def forwardings_give_up(*, actor: Actor, forwarding_ids: Iterable[int]) -> int:
    """A functional admin decides that these forwardings will not be sent (the gemeente took
    them in by hand, the category was a mistake). Only those waiting or failed, and not while a
    worker is sending one. Written on the case. Returns how many were given up."""
    _require_mor_admin(actor)
    now = timezone.now()
    with transaction.atomic():
        forwardings = list(
            Forwarding.objects.select_for_update()
            .filter(
                pk__in=list(forwarding_ids),
                state__in=[
                    state
                    for state, allowed in TRANSITIONS.items()
                    if ForwardingState.ABANDONED in allowed
                ],
            )
            .exclude(being_sent(now))
            .select_related("case", "connection__organisation")
        )
        for forwarding in forwardings:
            before = forwarding.state
            forwarding.state = ForwardingState.ABANDONED
            forwarding.next_attempt_at = None
            forwarding.save(update_fields=["state", "next_attempt_at"])
            audit_record(
                actor=actor,
                action="mor_forwarding_give_up",
                instance=forwarding,
                changes={"state": [before, ForwardingState.ABANDONED]},
            )
            forwarding_line(
                forwarding,
                Message(
                    gettext_noop(
                        "Functioneel beheer heeft het doorsturen naar het MOR-systeem van "
                        "%(organisation)s opgegeven."
                    ),
                    organisation=gemeente_name(forwarding),
                ),
                actor=actor,
            )
    return len(forwardings)


def mor_connection_save(
    *,
    actor: Actor,
    connection: MorConnection,
    changed_fields: list[str],
    created: bool,
    token: str = "",
) -> MorConnection:
    """Save a connection edited in Beheer (audited like any configuration), with a new token
    when one is given: the trail records that the token changed, never the token. An active
    connection's forwardings that waited for it are queued."""
    with transaction.atomic():
        if token:
            connection.auth_token = token
        config_record_save(
            actor=actor,
            instance=connection,
            changed_fields=[name for name in changed_fields if name != "auth_token"],
            created=created,
        )
        if token:
            audit_record(
                actor=actor,
                action="mor_token_set",
                instance=connection,
                changes={"auth_token": "gewijzigd"},
            )
        if connection.is_active:
            waiting = Forwarding.objects.filter(
                connection=connection, state=ForwardingState.PENDING
            ).values_list("pk", flat=True)
            for forwarding_id in waiting:
                follow_up(send_forwarding, forwarding_id=forwarding_id)
    return connection
