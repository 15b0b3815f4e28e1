"""What every door hands to the intake (the reporter, arrears details, the result), the
tracking token, the receiving organisation, and a signal's shares.

Registering a signal and its reporters is in ``registration``: it checks who may, through
``signals.access``, which itself reads the token's hash from here, so this module must not
import it."""

import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from wijkteam.access.audit import audit_record
from wijkteam.core.tokens import hash_token
from wijkteam.partners.actors import Actor
from wijkteam.partners.models import Organisation, OrganisationKind, Team
from wijkteam.partners.team_partners import team_partner_of_kind
from wijkteam.signals.models import Category, Reporter, Signal


@dataclass(frozen=True)
class ReporterInput:
    name: str = ""
    email: str = ""
    phone: str = ""
    is_anonymous: bool = False
    # The language the resident reads (the report form's), for the emails to them.
    language: str = ""


@dataclass(frozen=True)
class ArrearsInput:
    tenant_name: str
    amount: Decimal
    months: int
    signal_date: date
    contact_attempted_on: date | None = None
    debt_help_pointed_on: date | None = None
    written_reminder_on: date | None = None
    no_objection_on: date | None = None


@dataclass(frozen=True)
class SignalCreated:
    signal: Signal
    tracking_token: str | None
    # Whether the reporter was sent the receipt with their tracking link.
    receipt_emailed: bool = False
    # The first reporter, when one was recorded.
    reporter: Reporter | None = None


@dataclass(frozen=True)
class ReporterAdded:
    """A resident who joined an earlier signal: their own tracking token, and whether they
    were sent the receipt."""

    tracking_token: str
    receipt_emailed: bool = False


def new_tracking_token() -> tuple[str, str]:
    """A reporter's tracking token and its hash (only the hash is stored)."""
    token = secrets.token_urlsafe(24)
    return token, hash_token(token)


def receiving_organisation_for(
    *, category: Category, team: Team | None, is_tenant: bool | None
) -> Organisation | None:
    """The organisation that receives a resident's report: the category's first responder
    (for a tenant of the corporation or not), as a partner in the wijk's team; the gemeente
    when the team has no such partner."""
    kind = category.default_lead_kind
    if is_tenant is False and category.lead_kind_if_not_tenant:
        kind = category.lead_kind_if_not_tenant
    for wanted in (kind, OrganisationKind.GEMEENTE):
        if not wanted:
            continue
        if team is not None:
            partner = team_partner_of_kind(team.pk, wanted)
            if partner:
                return partner
        else:
            organisation = Organisation.objects.filter(kind=wanted, is_active=True).first()
            if organisation:
                return organisation
    return None


def signal_shares_set(
    *,
    actor: Actor | None,
    signal: Signal,
    organisation_ids: set[int],
    reason: str,
) -> None:
    """Share a signal's details with exactly these organisations besides the receiving one
    (the lead and involved partners of its case). Reporter details are never shared.

    A step of the case services, inside their transaction: who sees a signal's details follows
    the case's lead and involved partners, so the case service that changed them checked its
    actor (a wijkmanager deciding the lead is not the receiving organisation). None is still
    taken for the system here until the case services pass ``SYSTEM``."""
    wanted = set(organisation_ids) - {signal.receiving_organisation_id}
    # What is shared now, from what was prefetched if it was.
    current = {organisation.pk for organisation in signal.shared_with.all()}
    if wanted == current:
        return
    with transaction.atomic(savepoint=False):  # only writes: no savepoint of its own
        if current - wanted:
            signal.shared_with.remove(*(current - wanted))
        signal.shared_with.through.objects.bulk_create(
            signal.shared_with.through(signal_id=signal.pk, organisation_id=organisation_id)
            for organisation_id in sorted(wanted - current)
        )
        # What was prefetched is out of date now.
        getattr(signal, "_prefetched_objects_cache", {}).pop("shared_with", None)
        audit_record(
            actor=actor,
            action="share",
            instance=signal,
            changes={"shared_with": [sorted(current), sorted(wanted)], "reason": reason},
        )
