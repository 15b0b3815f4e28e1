"""Legal hold (bewaarplicht): the privacy officer keeps a case's personal data past its
retention period, for example while a complaint, an objection or a court case needs the
records. The retention run (retention/) passes held cases by; lifting the hold lets the next
run take the case if its period is over.

Partners do not see the hold: it changes nothing in their work, and "this case is kept for a
court case" is itself information they may not need to know."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.access.audit import audit_record
from wijkteam.cases.models import Case, CaseStatus
from wijkteam.core.errors import DomainError
from wijkteam.partners.actors import Actor
from wijkteam.privacy.access import privacy_officer_required

MAX_REASON_LENGTH = 1000


def _require_privacy_officer(actor: Actor) -> None:
    privacy_officer_required(actor, _("Alleen de privacy officer gaat over de bewaarplicht."))


def legal_hold_refusal(case: Case) -> str | None:
    """Why a hold cannot be set on this case (shown before the privacy officer confirms, and
    checked again when setting it); None when it can."""
    if case.legal_hold:
        return _("Op casus %(case)s staat al een bewaarplicht.") % {"case": case.reference}
    if case.status == CaseStatus.MERGED:
        # Its signals live in the other case now; a hold here would not keep them.
        into = Case.objects.filter(pk=case.merged_into_id).values_list("reference", flat=True)
        return _(
            "Casus %(case)s is samengevoegd met %(into)s. Zet de bewaarplicht op %(into)s."
        ) % {"case": case.reference, "into": into.first() or "?"}
    if case.retention_applied_at is not None:
        return _(
            "De persoonsgegevens van casus %(case)s zijn al verwijderd na de bewaartermijn; er "
            "valt niets meer te bewaren."
        ) % {"case": case.reference}
    return None


def clean_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Geef de reden van de bewaarplicht op."), field="reason")
    if len(reason) > MAX_REASON_LENGTH:
        raise DomainError(
            _("De reden is te lang (maximaal %(count)s tekens).") % {"count": MAX_REASON_LENGTH},
            field="reason",
        )
    return reason


def case_legal_hold_set(*, actor: Actor, case: Case, reason: str) -> Case:
    """Put a legal hold on a case: the retention run leaves its personal data alone until the
    hold is lifted. Only the privacy officer; the reason is required and audited."""
    _require_privacy_officer(actor)
    reason = clean_reason(reason)
    now = timezone.now()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        refusal = legal_hold_refusal(case)
        if refusal:
            raise DomainError(refusal, field="reference")
        case.legal_hold = True
        case.legal_hold_reason = reason
        case.legal_hold_by = actor
        case.legal_hold_at = now
        case.save(
            update_fields=["legal_hold", "legal_hold_reason", "legal_hold_by", "legal_hold_at"]
        )
        audit_record(
            actor=actor,
            action="legal_hold_set",
            instance=case,
            changes={"legal_hold": [False, True], "reason": reason},
        )
    return case


def case_legal_hold_lift(*, actor: Actor, case: Case) -> Case:
    """Lift a case's legal hold: the next retention run takes it once its period is over. The
    audit row keeps the reason and since when it was held."""
    _require_privacy_officer(actor)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if not case.legal_hold:
            raise DomainError(
                _("Op casus %(case)s staat geen bewaarplicht (meer).") % {"case": case.reference}
            )
        held = {
            "reason": case.legal_hold_reason,
            "since": case.legal_hold_at.isoformat() if case.legal_hold_at else None,
            "by": case.legal_hold_by_id,
        }
        case.legal_hold = False
        case.legal_hold_reason = ""
        case.legal_hold_by = None
        case.legal_hold_at = None
        case.save(
            update_fields=["legal_hold", "legal_hold_reason", "legal_hold_by", "legal_hold_at"]
        )
        audit_record(
            actor=actor,
            action="legal_hold_lift",
            instance=case,
            changes={"legal_hold": [True, False], "held": held},
        )
    return case
