"""Passing an arrears signal on to the gemeente's debt help (schuldhulp), and the gemeente picking
it up (DESIGN §6).

The corporation may share an arrears signal with the gemeente only once it recorded the four
steps of art. 2 Besluit gemeentelijke schuldhulpverlening: personal contact attempted, pointed
to debt help, at least one written reminder, and passing the data on offered without the
tenant objecting. What is shared is the contact details and the amount owed, nothing more: the
referral is a separate record holding a copy of exactly that (see ``DebtHelpReferral``).
"""

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.access.audit import audit_record
from wijkteam.areas.boundaries import without_boundaries
from wijkteam.core.errors import DomainError
from wijkteam.core.translation import Message, in_default_language
from wijkteam.notifications.services import notify_users
from wijkteam.partners.actors import Actor, is_user, require_actor
from wijkteam.partners.models import Organisation, OrganisationKind, Team, TeamPartner
from wijkteam.signals.access import (
    debt_help_recipients,
    may_pick_up_debt_help,
    may_refer_to_debt_help,
)
from wijkteam.signals.models import (
    ARREARS_STEP_FIELDS,
    ArrearsDetails,
    DebtHelpReferral,
    EventKind,
    Signal,
    format_address,
)
from wijkteam.signals.timeline import record_event

# What the gemeente receives: the referral's copy of the signal, field by field.
SHARED_FIELDS = (
    "tenant_name",
    "street",
    "house_number",
    "house_number_addition",
    "postcode",
    "city",
    "amount",
)


@dataclass(frozen=True)
class DebtHelpDetails:
    """Exactly what is passed on: the tenant's contact details and the amount owed."""

    tenant_name: str
    street: str
    house_number: int | None
    house_number_addition: str
    postcode: str
    city: str
    amount: Decimal

    @property
    def address_line(self) -> str:
        return format_address(self)


@dataclass(frozen=True)
class DebtHelpPlan:
    """What passing a signal on would send, and to whom."""

    signal: Signal
    team: Team
    gemeente: Organisation
    details: DebtHelpDetails

    @property
    def fingerprint(self) -> str:
        """Identifies what the confirmation page showed: if the data or the receiving gemeente
        change before the corporation confirms, it is shown again instead of sent."""
        values = [self.gemeente.pk, *(str(getattr(self.details, f)) for f in SHARED_FIELDS)]
        return hashlib.sha256(json.dumps(values).encode()).hexdigest()[:32]


def arrears_steps_missing(arrears: ArrearsDetails) -> list[str]:
    """The names of the art. 2 steps that have no date yet, in their order."""
    return [
        str(ArrearsDetails._meta.get_field(name).verbose_name)
        for name in ARREARS_STEP_FIELDS
        if getattr(arrears, name) is None
    ]


def _arrears_steps_in_future(arrears: ArrearsDetails) -> list[str]:
    today = timezone.localdate()
    return [
        str(ArrearsDetails._meta.get_field(name).verbose_name)
        for name in ARREARS_STEP_FIELDS
        if getattr(arrears, name) is not None and getattr(arrears, name) > today
    ]


def _gemeente_of(team: Team) -> Organisation | None:
    partner = (
        TeamPartner.objects.filter(
            team=team,
            organisation__kind=OrganisationKind.GEMEENTE,
            organisation__is_active=True,
        )
        .select_related("organisation")
        .order_by("-is_core", "organisation__name")
        .first()
    )
    return partner.organisation if partner else None


def debt_help_plan(*, actor: Actor, signal: Signal) -> DebtHelpPlan:
    """What passing ``signal`` on to debt help would send and to which gemeente. Raises
    DomainError, saying why, when it may not be passed on (yet): only the corporation that
    registered it, only arrears, once, after the four steps, to the gemeente of its team."""
    require_actor(actor)
    arrears = ArrearsDetails.objects.filter(signal_id=signal.pk).first()
    if arrears is None:
        raise DomainError(_("Alleen een signaal van huurachterstand kan naar schuldhulp."))
    if not (is_user(actor) and may_refer_to_debt_help(actor, signal)):
        raise DomainError(
            _("Alleen de corporatie die dit signaal vastlegde, kan het doorgeven aan schuldhulp.")
        )
    existing = DebtHelpReferral.objects.filter(signal_id=signal.pk).first()
    if existing is not None:
        raise DomainError(
            _("Dit signaal is al op %(date)s doorgegeven aan schuldhulp.")
            % {"date": date_format(timezone.localtime(existing.referred_at), "DATE_FORMAT")}
        )
    missing = arrears_steps_missing(arrears)
    if missing:
        raise DomainError(
            _(
                "Nog niet door te geven: eerst moeten de vier stappen van artikel 2 Besluit "
                "gemeentelijke schuldhulpverlening zijn vastgelegd. Nog niet vastgelegd: "
                "%(steps)s."
            )
            % {"steps": "; ".join(missing)}
        )
    in_future = _arrears_steps_in_future(arrears)
    if in_future:
        raise DomainError(
            _("Nog niet door te geven: een datum in de toekomst bij %(steps)s.")
            % {"steps": "; ".join(in_future)}
        )
    if signal.team_id is None:
        raise DomainError(
            _(
                "Dit signaal hoort nog niet bij een wijkteam (het adres is niet gecontroleerd). "
                "Pas eerst de locatie aan."
            )
        )
    team = without_boundaries(Team.objects.select_related("district")).get(pk=signal.team_id)
    gemeente = _gemeente_of(team)
    if gemeente is None:
        raise DomainError(
            _(
                "Het wijkteam %(team)s heeft geen gemeente als partner, dus er is niemand om "
                "het aan door te geven. Vraag de functioneel beheerder de gemeente toe te voegen."
            )
            % {"team": team.district.name}
        )
    if not debt_help_recipients(team_id=team.pk, gemeente_id=gemeente.pk).exists():
        raise DomainError(
            _(
                "In het wijkteam %(team)s heeft %(gemeente)s nog geen schuldhulpverlener, dus er "
                "is niemand om het aan door te geven. Vraag de functioneel beheerder iemand van "
                "de gemeente die functie in het team te geven."
            )
            % {"team": team.district.name, "gemeente": gemeente.name}
        )
    details = DebtHelpDetails(
        tenant_name=arrears.tenant_name,
        street=signal.street,
        house_number=signal.house_number,
        house_number_addition=signal.house_number_addition,
        postcode=signal.postcode,
        city=signal.city,
        amount=arrears.amount,
    )
    return DebtHelpPlan(signal=signal, team=team, gemeente=gemeente, details=details)


def arrears_refer_to_debt_help(
    *, actor: Actor, signal: Signal, confirmed: str | None = None
) -> DebtHelpReferral:
    """Pass an arrears signal's contact details and amount owed on to the debt help of the
    gemeente in its wijkteam, once all four art. 2 steps are recorded; once per signal. The
    gemeente's members of the team are notified. ``confirmed``: the fingerprint of the plan the
    corporation confirmed; when the data changed since, nothing is sent."""
    with transaction.atomic():
        # Locked so that two clicks at once pass it on once.
        locked = Signal.objects.select_for_update().get(pk=signal.pk)
        plan = debt_help_plan(actor=actor, signal=locked)
        if confirmed is not None and confirmed != plan.fingerprint:
            raise DomainError(
                _(
                    "De gegevens zijn gewijzigd sinds deze pagina werd geopend. Controleer ze "
                    "en geef ze opnieuw door."
                )
            )
        referral = DebtHelpReferral.objects.create(
            signal=locked,
            reference=locked.reference,
            team=plan.team,
            gemeente=plan.gemeente,
            corporation=actor.organisation,
            referred_by=actor,
            **{name: getattr(plan.details, name) for name in SHARED_FIELDS},
        )
        with in_default_language():
            record_event(
                locked,
                actor,
                EventKind.DEBT_HELP,
                text=Message(
                    gettext_noop(
                        "Naam, adres en achterstand doorgegeven aan schuldhulp van %(gemeente)s "
                        "(wijkteam %(team)s)."
                    ),
                    gemeente=plan.gemeente.name,
                    team=plan.team.district.name,
                ),
            )
            # No name or amount in the notification: it may travel by email.
            subject = _("Huurachterstand doorgegeven voor schuldhulp: %(reference)s") % {
                "reference": referral.reference
            }
            body = _(
                "%(corporation)s geeft de contactgegevens van een huurder met een "
                "huurachterstand in %(team)s door aan schuldhulp. De huurder heeft daar geen "
                "bezwaar tegen gemaakt."
            ) % {"corporation": actor.organisation.name, "team": plan.team.district.name}
        audit_record(
            actor=actor,
            action="debt_help_refer",
            instance=referral,
            changes={
                "signal": locked.reference,
                "gemeente": plan.gemeente.pk,
                "team": plan.team.pk,
                "shared": list(SHARED_FIELDS),
            },
        )
        notify_users(
            users=debt_help_recipients(team_id=plan.team.pk, gemeente_id=plan.gemeente.pk),
            subject=subject,
            body=body,
            link=reverse("signals:debt_help_detail", args=[referral.reference]),
        )
    return referral


def debt_help_referral_pick_up(*, actor: Actor, referral: DebtHelpReferral) -> DebtHelpReferral:
    """The gemeente's debt help marks a referral as picked up, once; the corporation sees it in
    the signal's history. Only the gemeente's debt counsellors in the referral's wijkteam."""
    require_actor(actor)
    if not (is_user(actor) and may_pick_up_debt_help(actor, referral)):
        raise DomainError(_("Alleen de gemeente in dit wijkteam kan dit oppakken."))
    with transaction.atomic():
        locked = (
            DebtHelpReferral.objects.select_for_update(of=("self",))
            .select_related("picked_up_by")
            .get(pk=referral.pk)
        )
        if locked.picked_up_at is not None:
            raise DomainError(
                _("Dit is al opgepakt door %(name)s op %(date)s.")
                % {
                    "name": locked.picked_up_by.full_name if locked.picked_up_by else "–",
                    "date": date_format(timezone.localtime(locked.picked_up_at), "DATE_FORMAT"),
                }
            )
        locked.picked_up_at = timezone.now()
        locked.picked_up_by = actor
        locked.save(update_fields=["picked_up_at", "picked_up_by"])
        with in_default_language():
            # Only the event's link to the signal is needed, not the signal's content.
            record_event(
                Signal(pk=locked.signal_id),
                actor,
                EventKind.DEBT_HELP,
                text=Message(
                    gettext_noop("Opgepakt door schuldhulp van %(gemeente)s."),
                    gemeente=actor.organisation.name,
                ),
            )
        audit_record(
            actor=actor,
            action="debt_help_pick_up",
            instance=locked,
            changes={"picked_up_at": [None, locked.picked_up_at.isoformat()]},
        )
    return locked
