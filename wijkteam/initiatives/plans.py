"""The team's plan for an initiative: what will be done (a public text) and by whom (the
partners' contributions: money, hours, materials, permits, each promised and then delivered).

Stages (``STAGE_TRANSITIONS``): the plan is written and contributions are promised from the
moment the idea is with the wijkteam (*in behandeling*: partners often say what they can put in
while the team decides) until the project ends. A contribution that was promised can still be
marked delivered after the end: the budget overview must show what really happened, also for a
project that was realised (the invoice comes later) or stopped halfway."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.access.audit import audit_record
from wijkteam.core.errors import DomainError, forbidden
from wijkteam.initiatives.access import may_decide, may_work_on, team_of
from wijkteam.initiatives.models import (
    CONTRIBUTION_TRANSITIONS,
    Contribution,
    ContributionKind,
    ContributionStatus,
    Initiative,
    Stage,
)
from wijkteam.initiatives.stages import lock_initiative
from wijkteam.initiatives.text_audit import text_facts
from wijkteam.partners.actors import Actor, is_system, require_actor
from wijkteam.partners.models import Organisation, User

# Where the plan and new contributions may be written.
PLAN_STAGES = frozenset({Stage.TEAM, Stage.PLAN, Stage.UNDERWAY})
CONTRIBUTION_STAGES = PLAN_STAGES
PLAN_MAX = 4000
DESCRIPTION_MAX = 300
# Amounts as the model stores them: up to 99,999,999.99.
AMOUNT_MAX = Decimal("99999999.99")
MEASURED_KINDS = frozenset({ContributionKind.MONEY, ContributionKind.HOURS})


def require_person(actor: Actor) -> User:
    """A staff member; not the system: what a person decides through a page, the system does
    not do in their place (the demo acts as the team's wijkmanager)."""
    require_actor(actor)
    if is_system(actor):
        raise forbidden(_("Dit doet een medewerker van het wijkteam, niet het systeem."))
    return actor


def require_decider(actor: Actor, initiative: Initiative) -> User:
    user = require_person(actor)
    if not may_decide(user, initiative):
        raise forbidden(
            _("Alleen de wijkmanager van het wijkteam of een coördinator kan dit doen.")
        )
    return user


def require_worker(actor: Actor, initiative: Initiative) -> User:
    user = require_person(actor)
    if not may_work_on(user, initiative):
        raise forbidden(_("Alleen leden van het wijkteam kunnen dit doen."))
    return user


def initiative_plan_set(*, actor: Actor, initiative: Initiative, plan: str) -> Initiative:
    """Write (or rewrite) the public plan: what will be done, by whom. The team's wijkmanager
    or a coordinator, from *in behandeling* until the project ends."""
    plan = (plan or "").strip()
    if len(plan) > PLAN_MAX:
        raise DomainError(
            _("Houd het plan korter dan %(max)s tekens.") % {"max": PLAN_MAX}, field="plan"
        )
    with transaction.atomic():
        current = lock_initiative(initiative.pk)
        require_decider(actor, current)
        if current.stage not in PLAN_STAGES:
            raise DomainError(_plan_stage_message(current), field="plan")
        if current.plan == plan:
            return current
        before = current.plan
        current.plan = plan
        current.save(update_fields=["plan"])
        audit_record(
            actor=actor,
            action="initiative_plan",
            instance=current,
            changes={"plan": [text_facts(before), text_facts(plan)]},
        )
    initiative.plan = current.plan
    return current


def _plan_stage_message(initiative: Initiative) -> str:
    if initiative.stage == Stage.IDEA:
        return _("Een plan komt er als het idee bij het wijkteam ligt.")
    return _("Dit initiatief is afgesloten; het plan verandert niet meer.")


# --- contributions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Parties:
    """For whom a user may record a contribution: these organisations, and the residents
    themselves when ``residents`` is true."""

    organisations: list[Organisation]
    residents: bool


def team_partner_organisations(initiative: Initiative) -> QuerySet[Organisation]:
    team = team_of(initiative)
    if team is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(team_partners__team=team).order_by("name")


@dataclass(frozen=True)
class RecordRight:
    """Whose contributions a user records (and marks delivered) on one initiative: anyone's
    (the wijkmanager, a coordinator), or only their own organisation's (another working
    member), or nobody's."""

    anyone: bool
    own_organisation_id: int | None

    def allows(self, organisation_id: int | None) -> bool:
        """``organisation_id`` None: the residents' own contribution."""
        return self.anyone or (
            organisation_id is not None and organisation_id == self.own_organisation_id
        )


def record_right(user: User, initiative: Initiative) -> RecordRight:
    if may_decide(user, initiative):
        return RecordRight(anyone=True, own_organisation_id=None)
    if may_work_on(user, initiative):
        return RecordRight(anyone=False, own_organisation_id=user.organisation_id)
    return RecordRight(anyone=False, own_organisation_id=None)


def may_record_for(user: User, initiative: Initiative, organisation_id: int | None) -> bool:
    return record_right(user, initiative).allows(organisation_id)


def contribution_parties(user: User, initiative: Initiative) -> Parties:
    """The wijkmanager and a coordinator record any partner's contribution and the residents'
    own; another member only their own organisation's."""
    right = record_right(user, initiative)
    partners = team_partner_organisations(initiative)
    if not right.anyone:
        partners = partners.filter(pk=right.own_organisation_id)
    return Parties(list(partners), residents=right.allows(None))


def contribution_add(
    *,
    actor: Actor,
    initiative: Initiative,
    organisation: Organisation | None,
    kind: str,
    amount: Decimal | None,
    description: str,
    promised_on: date,
) -> Contribution:
    """Record a promised contribution to the plan. ``organisation`` None: the residents
    themselves. Money is an amount in euros and hours a number of hours, both more than 0;
    materials and a permit are described, without an amount. A member records their own
    organisation's contribution; the wijkmanager or a coordinator any partner's of the team,
    or the residents'."""
    description = (description or "").strip()
    _check_contribution(kind=kind, amount=amount, description=description, on=promised_on)
    with transaction.atomic():
        current = lock_initiative(initiative.pk)
        user = require_worker(actor, current)
        if organisation is None:
            if not may_record_for(user, current, None):
                raise forbidden(
                    _(
                        "Wat de bewoners zelf bijdragen legt de wijkmanager van het wijkteam of "
                        "een coördinator vast."
                    )
                )
        else:
            if not team_partner_organisations(current).filter(pk=organisation.pk).exists():
                raise DomainError(
                    _("%(name)s is geen partner van dit wijkteam.") % {"name": organisation.name},
                    field="organisation",
                )
            if not may_record_for(user, current, organisation.pk):
                raise forbidden(
                    _(
                        "U legt alleen de bijdrage van uw eigen organisatie vast; die van "
                        "%(name)s legt %(name)s zelf of de wijkmanager vast."
                    )
                    % {"name": organisation.name}
                )
        if current.stage not in CONTRIBUTION_STAGES:
            raise DomainError(_contribution_stage_message(current))
        contribution = Contribution.objects.create(
            initiative=current,
            organisation=organisation,
            kind=kind,
            amount=amount if kind in MEASURED_KINDS else None,
            description=description,
            promised_on=promised_on,
            created_by=user,
        )
        audit_record(
            actor=actor,
            action="contribution_add",
            instance=contribution,
            changes={
                "initiative": current.reference,
                "organisation": organisation.pk if organisation else None,
                "kind": kind,
                # An amount is a figure of the plan, not personal data.
                "amount": str(contribution.amount) if contribution.amount is not None else None,
                "description": text_facts(description),
                "promised_on": promised_on.isoformat(),
            },
        )
    return contribution


def _check_contribution(*, kind: str, amount: Decimal | None, description: str, on: date) -> None:
    if kind not in ContributionKind.values:
        raise DomainError(_("Kies wat voor bijdrage het is."), field="kind")
    if kind in MEASURED_KINDS:
        if amount is None or not amount.is_finite() or amount <= 0:
            message = (
                _("Vul het bedrag in euro's in; meer dan 0.")
                if kind == ContributionKind.MONEY
                else _("Vul het aantal uren in; meer dan 0.")
            )
            raise DomainError(message, field="amount")
        if amount > AMOUNT_MAX or amount != amount.quantize(Decimal("0.01")):
            raise DomainError(
                _("Vul een getal in met hoogstens twee cijfers achter de komma."), field="amount"
            )
    else:
        if amount is not None:
            raise DomainError(
                _("Bij materiaal of een vergunning hoort geen bedrag: beschrijf wat het is."),
                field="amount",
            )
        if not description:
            raise DomainError(
                _("Beschrijf welk materiaal of welke vergunning het is."), field="description"
            )
    if len(description) > DESCRIPTION_MAX:
        raise DomainError(
            _("Houd de omschrijving korter dan %(max)s tekens.") % {"max": DESCRIPTION_MAX},
            field="description",
        )
    if on > timezone.localdate():
        raise DomainError(
            _("De datum van toezeggen kan niet in de toekomst liggen."), field="promised_on"
        )


def _contribution_stage_message(initiative: Initiative) -> str:
    if initiative.stage == Stage.IDEA:
        return _("Bijdragen worden vastgelegd als het idee bij het wijkteam ligt.")
    return _("Dit initiatief is afgesloten; er komen geen bijdragen meer bij.")


def contribution_deliver(
    *, actor: Actor, contribution: Contribution, delivered_on: date | None = None
) -> Contribution:
    """Mark a promised contribution delivered (``CONTRIBUTION_TRANSITIONS``), on
    ``delivered_on`` (today when not given): by whom may record it (see ``contribution_add``).
    Also after the project ended: the budget overview shows what was really delivered."""
    delivered_on = delivered_on or timezone.localdate()
    with transaction.atomic():
        current = (
            # Only the contribution is locked (PostgreSQL refuses to lock the nullable side of
            # the join with its organisation).
            Contribution.objects.select_for_update(of=("self",))
            .select_related("initiative", "organisation")
            .get(pk=contribution.pk)
        )
        user = require_worker(actor, current.initiative)
        if not may_record_for(user, current.initiative, current.organisation_id):
            raise forbidden(
                _(
                    "Alleen de organisatie die het toezegde of de wijkmanager zet deze bijdrage "
                    "op geleverd."
                )
            )
        if ContributionStatus.DELIVERED not in CONTRIBUTION_TRANSITIONS[current.status]:
            raise DomainError(_("Deze bijdrage staat al op geleverd."))
        if delivered_on < current.promised_on:
            raise DomainError(
                _("De datum van leveren kan niet voor de datum van toezeggen liggen."),
                field="delivered_on",
            )
        if delivered_on > timezone.localdate():
            raise DomainError(
                _("De datum van leveren kan niet in de toekomst liggen."), field="delivered_on"
            )
        before = current.status
        current.status = ContributionStatus.DELIVERED
        current.delivered_on = delivered_on
        current.save(update_fields=["status", "delivered_on"])
        audit_record(
            actor=actor,
            action="contribution_deliver",
            instance=current,
            changes={
                "status": [before, current.status],
                "delivered_on": delivered_on.isoformat(),
            },
        )
    return current
