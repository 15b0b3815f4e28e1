"""The reporters' answer to "Bent u tevreden over de afhandeling?", and the lead's follow-up."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.access.audit import audit_record
from wijkteam.areas.boundaries import without_boundaries
from wijkteam.cases.access import may_reopen
from wijkteam.cases.closure.messages import (
    CLOSED_STATUSES,
    email_reporter,
    message_for,
    message_for_case,
    reachable_reporters,
    require_lead_message,
)
from wijkteam.cases.guards import forbidden, require_actor, require_details, require_lead
from wijkteam.cases.models import (
    Case,
    CaseEventKind,
    Feedback,
    FollowUp,
    Outcome,
)
from wijkteam.cases.steps import case_event, case_notify, require_personal_data_kept
from wijkteam.core.errors import DomainError
from wijkteam.core.translation import Message, in_default_language
from wijkteam.notifications.events import EventType, event_publish
from wijkteam.partners.actors import Actor, is_system
from wijkteam.signals.models import EventKind, Reporter, Signal
from wijkteam.signals.timeline import record_event

MAX_COMMENT_LENGTH = 2000


def feedback_question(reporter: Reporter) -> tuple[Case | None, Feedback | None]:
    """For the tracking page: the handled case this reporter may give their opinion on (None
    when there is nothing to ask), and their answer in the current round if they gave it."""
    case = Case.objects.filter(links__signal_id=reporter.signal_id).first()
    if case is None or case.status not in CLOSED_STATUSES or case.resolution_round == 0:
        return None, None
    if case.retention_applied_at is not None:
        return None, None
    answer = Feedback.objects.filter(reporter=reporter, round=case.resolution_round).first()
    return case, answer


def feedback_give(
    *,
    actor: Actor,
    reporter: Reporter,
    satisfied: bool,
    comment: str = "",
    at: datetime | None = None,
) -> Feedback:
    """A reporter answers "Bent u tevreden over de afhandeling?" — once per round of
    handling. "Nee" tells the lead, who can reopen the case or answer the reporter. The
    reporter has no account: the tracking page, which knows them by their link, passes
    ``SYSTEM``; a staff member cannot answer in their place. ``at`` records the past (the
    demo's history)."""
    require_actor(actor)
    if not is_system(actor):
        raise forbidden(_("Alleen de melder zelf beantwoordt deze vraag."))
    comment = comment.strip()
    if len(comment) > MAX_COMMENT_LENGTH:
        raise DomainError(
            _("Uw toelichting is te lang (maximaal %(count)s tekens).")
            % {"count": MAX_COMMENT_LENGTH},
            field="comment",
        )
    now = at or timezone.now()
    try:
        with transaction.atomic():
            case = (
                Case.objects.select_for_update(of=("self",))
                .select_related("category")
                .filter(links__signal_id=reporter.signal_id)
                .first()
            )
            if case is None or case.status not in CLOSED_STATUSES:
                raise DomainError(_("Uw melding is nog niet afgehandeld."))
            if case.retention_applied_at is not None:
                raise DomainError(_("De gegevens van deze melding zijn verwijderd."))
            if Feedback.objects.filter(reporter=reporter, round=case.resolution_round).exists():
                raise DomainError(_("U heeft hier al op geantwoord. Bedankt!"))
            feedback = Feedback.objects.create(
                case=case,
                reporter=reporter,
                round=case.resolution_round,
                outcome=case.outcome or Outcome.SOLVED,
                satisfied=satisfied,
                comment=comment,
                created_at=now,
            )
            with in_default_language():
                if satisfied:
                    text = Message(gettext_noop("Een melder is tevreden over de afhandeling."))
                else:
                    text = Message(gettext_noop("Een melder is niet tevreden over de afhandeling."))
                if comment:
                    text = Message(
                        gettext_noop("%(line)s Toelichting: %(comment)s"),
                        line=text,
                        comment=comment,
                    )
                case_event(case, actor, CaseEventKind.FEEDBACK, text, at=now, label=_("melder"))
                answer = gettext_noop("tevreden") if satisfied else gettext_noop("niet tevreden")
                record_event(
                    reporter.signal,
                    None,
                    EventKind.FEEDBACK,
                    text,
                    public_text=Message(
                        gettext_noop("%(line)s Bedankt voor uw reactie."),
                        line=Message(
                            gettext_noop("U liet weten dat u %(answer)s bent over de afhandeling."),
                            answer=Message(answer),
                        ),
                    ),
                    at=now,
                    for_reporter=reporter,
                )
                subject = _("Een melder is niet tevreden: %(case)s (%(category)s)") % {
                    "case": case.reference,
                    "category": case.category.display_name,
                }
            audit_record(
                actor=actor,
                action="feedback",
                instance=case,
                changes={"satisfied": satisfied, "round": case.resolution_round},
            )
            if not satisfied:
                event_publish(kind=EventType.REPORTER_NOT_SATISFIED, at=now, case_id=case.pk)
            if not satisfied and case.lead_id:
                with in_default_language():
                    body = _("Heropen de casus of geef de melder antwoord.")
                case_notify(case, {case.lead_id}, subject, body)
    except IntegrityError:
        # Two answers sent at once: the first counts.
        raise DomainError(_("U heeft hier al op geantwoord. Bedankt!")) from None
    return feedback


def feedback_answer(
    *, actor: Actor, feedback: Feedback, message: str, at: datetime | None = None
) -> Feedback:
    """The lead answers a reporter who was not satisfied, without reopening the case: the
    answer goes to their tracking page and, where they gave an address, by email. The lead (or
    the chair) who sees the case's details, while the case is handled or closed and the answer
    still waits for a follow-up. ``at`` records the past (the demo's history)."""
    message = require_lead_message(message)
    now = at or timezone.now()
    with transaction.atomic():
        feedback = without_boundaries(
            Feedback.objects.select_for_update(of=("self",)).select_related(
                "case__team__district", "reporter__signal__category"
            )
        ).get(pk=feedback.pk)
        if feedback.satisfied or feedback.follow_up:
            raise DomainError(_("Op deze reactie is al gereageerd."))
        require_personal_data_kept(feedback.case)
        if feedback.case.status not in CLOSED_STATUSES:
            raise DomainError(_("Deze casus is niet afgehandeld of gesloten."))
        require_details(actor, feedback.case)
        require_lead(actor, feedback.case, rule=may_reopen)
        feedback.follow_up = FollowUp.ANSWERED
        feedback.followed_up_at = now
        feedback.followed_up_by = actor
        feedback.save(update_fields=["follow_up", "followed_up_at", "followed_up_by"])
        case = feedback.case
        reporter = feedback.reporter
        if reporter is not None:
            text = message_for(message, reporter.signal)
        else:
            text = message_for_case(
                message,
                case,
                list(Signal.objects.filter(case_link__case=case).order_by("created_at", "id")),
            )
        with in_default_language():
            case_event(
                case,
                actor,
                CaseEventKind.ANSWERED,
                Message(gettext_noop("Antwoord aan de melder: %(message)s"), message=text),
                at=now,
            )
            if reporter is not None:
                signal = reporter.signal
                record_event(
                    signal,
                    actor,
                    EventKind.MESSAGE,
                    Message(gettext_noop("Antwoord aan de melder.")),
                    public_text=text,
                    at=now,
                    # The answer is for the reporter who said "nee", not for the others.
                    for_reporter=reporter,
                )
                if reachable_reporters([reporter]):
                    subject = Message(
                        gettext_noop("Antwoord op uw reactie over melding %(reference)s"),
                        reference=signal.reference,
                    )
                    email_reporter(case, reporter, signal, subject=subject, message=text, ask=False)
        audit_record(
            actor=actor, action="feedback_answer", instance=case, changes={"feedback": feedback.pk}
        )
    return feedback
