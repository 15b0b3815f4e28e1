"""Closing a case (DESIGN §4 step 5): the outcome with a message for the reporters, closing
for good, and reopening."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.access.audit import audit_record
from wijkteam.areas.boundaries import without_boundaries
from wijkteam.cases.access import may_close, may_handle, may_reopen
from wijkteam.cases.closure.messages import (
    CLOSED_STATUSES,
    Audience,
    email_reporter,
    message_for,
    message_for_case,
    reachable_reporters,
    require_lead_message,
)
from wijkteam.cases.guards import require_actor, require_details, require_lead, require_system
from wijkteam.cases.models import (
    WORK_STATUSES,
    Case,
    CaseEventKind,
    CaseStatus,
    Feedback,
    FollowUp,
    Outcome,
)
from wijkteam.cases.steps import (
    case_event,
    case_notify,
    case_transition,
    require_personal_data_kept,
    response_target,
)
from wijkteam.core.errors import DomainError
from wijkteam.core.translation import Message, in_default_language
from wijkteam.notifications.events import EventType, event_publish
from wijkteam.partners.actors import Actor, is_system
from wijkteam.signals.models import PublicStatus, Signal
from wijkteam.signals.timeline import signal_public_status_set


def case_resolve(
    *, actor: Actor, case: Case, outcome: str, message: str, at: datetime | None = None
) -> Audience:
    """Close the handling: record the outcome, send every reporter the message (by email
    where they gave an address, and on every signal's tracking page) and ask whether they are
    satisfied. Returns who was reached. ``at`` records the past (demo history). The lead (or
    the chair) who sees the case's details, while the case is being worked."""
    if outcome not in Outcome.values:
        raise DomainError(_("Kies de uitkomst."), field="outcome")
    message = require_lead_message(message)
    now = at or timezone.now()
    with transaction.atomic():
        case = without_boundaries(
            Case.objects.select_for_update(of=("self",)).select_related(
                "team__district", "category"
            )
        ).get(pk=case.pk)
        if case.status not in WORK_STATUSES:
            raise DomainError(_("Deze casus wordt nu niet behandeld."))
        require_details(actor, case)
        require_lead(actor, case, rule=may_handle)
        case_transition(case, CaseStatus.RESOLVED)
        signals = list(
            Signal.objects.filter(case_link__case=case)
            .select_related("category")
            .prefetch_related("reporters")
            .order_by("created_at", "id")
        )
        case.outcome = outcome
        case.reporter_message = message_for_case(message, case, signals)
        case.resolved_at = now
        case.resolution_round += 1
        case.save(
            update_fields=[
                "status",
                "outcome",
                "reporter_message",
                "resolved_at",
                "resolution_round",
            ]
        )
        emails = 0
        with in_default_language():
            case_event(
                case,
                actor,
                CaseEventKind.RESOLVED,
                Message(
                    gettext_noop(
                        "Afgehandeld, uitkomst: %(outcome)s. Bericht aan de melders: %(message)s"
                    ),
                    outcome=Outcome(outcome).label,
                    message=case.reporter_message,
                ),
                at=now,
            )
            for signal in signals:
                text = message_for(message, signal)
                signal_public_status_set(
                    actor=actor, signal=signal, status=PublicStatus.DONE, public_text=text, at=now
                )
                subject = Message(
                    gettext_noop("Uw melding %(reference)s is afgehandeld"),
                    reference=signal.reference,
                )
                for reporter in reachable_reporters(signal.reporters.all()):
                    email_reporter(case, reporter, signal, subject=subject, message=text, ask=True)
                    emails += 1
        event_publish(kind=EventType.CASE_HANDLED, at=now, case_id=case.pk)
        audit_record(
            actor=actor,
            action="resolve",
            instance=case,
            changes={"outcome": outcome, "round": case.resolution_round, "emails": emails},
        )
    return Audience(signals=len(signals), emails=emails)


def case_close(*, actor: Actor, case: Case, at: datetime | None = None) -> Case:
    """Close a handled case for good: the lead (or the chair), or the system once reporters
    had their time."""
    require_actor(actor)
    at = at or timezone.now()
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).select_related("team").get(pk=case.pk)
        if case.status != CaseStatus.RESOLVED:
            raise DomainError(_("Alleen een afgehandelde casus kan worden gesloten."))
        if not is_system(actor):
            require_lead(actor, case, rule=may_close)
        case_transition(case, CaseStatus.CLOSED)
        case.closed_at = at
        case.save(update_fields=["status", "closed_at"])
        with in_default_language():
            case_event(
                case, actor, CaseEventKind.CLOSED, Message(gettext_noop("Casus gesloten.")), at=at
            )
        event_publish(kind=EventType.CASE_CLOSED, at=at, case_id=case.pk)
        audit_record(actor=actor, action="close", instance=case, changes={})
    return case


def cases_close_resolved(*, actor: Actor, now: datetime | None = None) -> int:
    """Close the handled cases whose reporters had WIJKTEAM_CASE_CLOSE_AFTER_DAYS to answer,
    except those with a "nee" the lead has not yet followed up. Returns how many. The
    worker's sweep: ``actor`` is ``SYSTEM``."""
    require_system(actor)
    now = now or timezone.now()
    before = now - timedelta(days=settings.WIJKTEAM_CASE_CLOSE_AFTER_DAYS)
    due = (
        Case.objects.filter(status=CaseStatus.RESOLVED, resolved_at__lte=before)
        .exclude(feedback__satisfied=False, feedback__follow_up="")
        .values_list("pk", flat=True)
    )
    closed = 0
    for case_id in list(due[:500]):
        try:
            case_close(actor=actor, case=Case(pk=case_id), at=now)
        except DomainError:
            continue  # reopened meanwhile
        closed += 1
    return closed


def case_reopen(*, actor: Actor, case: Case, reason: str, at: datetime | None = None) -> Case:
    """Bring a handled or closed case back to work, with the reason in the timeline; the
    reporters see it is being looked at again and a new response target starts. The lead (or
    the chair) who sees the case's details; not once its personal data was removed. ``at``
    records the past (the demo's history)."""
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Geef een reden op."), field="reason")
    now = at or timezone.now()
    with transaction.atomic():
        case = without_boundaries(
            # Only the case row is locked (the lead may be empty: an outer join).
            Case.objects.select_for_update(of=("self",)).select_related(
                "category", "team__district", "lead"
            )
        ).get(pk=case.pk)
        if case.status not in CLOSED_STATUSES:
            raise DomainError(_("Deze casus is niet afgehandeld of gesloten."))
        require_personal_data_kept(case)
        require_details(actor, case)
        require_lead(actor, case, rule=may_reopen)
        before = case.status
        case_transition(case, CaseStatus.IN_PROGRESS)
        case.closed_at = None
        case.due_at, case.very_late_at = response_target(case.category.response_days, now)
        case.save(update_fields=["status", "closed_at", "due_at", "very_late_at"])
        Feedback.objects.filter(case=case, satisfied=False, follow_up="").update(
            follow_up=FollowUp.REOPENED, followed_up_at=now, followed_up_by=actor
        )
        with in_default_language():
            case_event(
                case,
                actor,
                CaseEventKind.REOPENED,
                Message(gettext_noop("Heropend. Reden: %(reason)s"), reason=reason),
                at=now,
            )
            public = Message(gettext_noop("Uw melding wordt opnieuw bekeken."))
            for signal in Signal.objects.filter(case_link__case=case):
                signal_public_status_set(
                    actor=actor,
                    signal=signal,
                    status=PublicStatus.IN_PROGRESS,
                    public_text=public,
                    at=now,
                )
            subject = _("Casus %(case)s is heropend") % {"case": case.reference}
        audit_record(
            actor=actor,
            action="reopen",
            instance=case,
            changes={"status": [before, case.status], "reason": reason},
        )
        if case.lead_id:
            case_notify(case, {case.lead_id}, subject, reason, except_user=actor)
    return case
