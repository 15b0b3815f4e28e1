"""Closing a case and hearing back from the resident (DESIGN §4 step 5): the outcome with a
message for the reporters (email and tracking page), closing, reopening, and the reporters'
answer to "Bent u tevreden over de afhandeling?"."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.access.audit import audit_record
from wijkteam.cases.models import (
    WORK_STATUSES,
    Case,
    CaseEventKind,
    CaseStatus,
    ClosureTemplate,
    Feedback,
    FollowUp,
    Outcome,
)
from wijkteam.cases.services import (
    case_event,
    case_notify,
    case_transition,
    require_personal_data_kept,
    response_target,
)
from wijkteam.core.errors import DomainError
from wijkteam.core.translation import Message
from wijkteam.notifications.services import email_enqueue
from wijkteam.signals.access import reporter_link_value
from wijkteam.signals.models import EventKind, PublicStatus, Reporter, Signal
from wijkteam.signals.services import in_default_language, record_event, signal_public_status_set

MAX_MESSAGE_LENGTH = 4000
MAX_COMMENT_LENGTH = 2000
CLOSED_STATUSES = (CaseStatus.RESOLVED, CaseStatus.CLOSED)


@dataclass(frozen=True)
class Audience:
    """Who hears of the closure: signals (tracking pages) and reporters reached by email."""

    signals: int
    emails: int


def closure_texts() -> dict[str, str]:
    """The template text per outcome (functional admins keep them in Beheer)."""
    return dict(ClosureTemplate.objects.values_list("outcome", "text"))


def fill_placeholders(text: str, *, reference: str, public_name: str) -> str:
    """{melding} and {onderwerp} filled in ({onderwerp}: the category's public name without its
    examples in brackets). Plain replacement, so a brace typed by the lead never breaks
    sending. The data migration that repaired stored messages keeps its own copy of this."""
    subject = public_name.split(" (")[0].lower()
    return text.replace("{melding}", reference).replace("{onderwerp}", subject)


def message_for(text: str, signal: Signal) -> str:
    """The message as one reporter reads it."""
    return fill_placeholders(
        text, reference=signal.reference, public_name=signal.category.public_name
    )


def message_for_case(text: str, case: Case, signals: list[Signal]) -> str:
    """The message as the staff read it on the case page and in its timeline: about the case's
    category, for all of its signals. Never stored with its placeholders, which would show
    the staff a raw {onderwerp}."""
    return fill_placeholders(
        text,
        reference=", ".join(signal.reference for signal in signals),
        public_name=case.category.public_name,
    )


def _reachable(reporters) -> list[Reporter]:
    return [r for r in reporters if r.email and not r.is_anonymous]


def closure_audience(case: Case) -> Audience:
    """How many signals and email addresses the closure message reaches (no identities)."""
    signals = list(Signal.objects.filter(case_link__case=case).prefetch_related("reporters"))
    emails = sum(len(_reachable(signal.reporters.all())) for signal in signals)
    return Audience(signals=len(signals), emails=emails)


def _tracking_link(reporter: Reporter) -> str:
    return settings.SITE_URL + reverse("portal:track_link", args=[reporter_link_value(reporter)])


def _email_reporter(
    case: Case, reporter: Reporter, signal: Signal, *, subject: Message, message: str, ask: bool
):
    """One email to one reporter, about ``case``, in the language they reported in (Dutch
    when unknown); the lead's ``message`` is as they wrote it. ``ask``: invite them to say
    whether they are satisfied (not when they already did)."""
    context = {
        "message": message,
        "reference": signal.reference,
        "link": _tracking_link(reporter),
        "team": case.team.district.name,
        "ask_satisfaction": ask,
        # Greet by the name the reporter gave ("Beste melder," without one).
        "name": reporter.name,
    }
    with translation.override(reporter.language or settings.LANGUAGE_CODE):
        email_enqueue(
            to=reporter.email,
            subject=subject.render(),
            body_text=render_to_string("cases/email/to_reporter.txt", context),
            body_html=render_to_string("cases/email/to_reporter.html", context),
            topic=case.reference,
        )


def _require_lead_message(message: str) -> str:
    message = message.strip()
    if not message:
        raise DomainError(_("Schrijf het bericht voor de melder."), field="message")
    if len(message) > MAX_MESSAGE_LENGTH:
        raise DomainError(
            _("Het bericht is te lang (maximaal %(count)s tekens).")
            % {"count": MAX_MESSAGE_LENGTH},
            field="message",
        )
    return message


def case_resolve(
    *, actor: Any, case: Case, outcome: str, message: str, at: datetime | None = None
) -> Audience:
    """Close the handling: record the outcome, send every reporter the message (by email
    where they gave an address, and on every signal's tracking page) and ask whether they are
    satisfied. Returns who was reached. ``at`` records the past (demo history)."""
    if outcome not in Outcome.values:
        raise DomainError(_("Kies de uitkomst."), field="outcome")
    message = _require_lead_message(message)
    now = at or timezone.now()
    with transaction.atomic():
        case = (
            Case.objects.select_for_update()
            .select_related("team__district", "category")
            .get(pk=case.pk)
        )
        if case.status not in WORK_STATUSES:
            raise DomainError(_("Deze casus wordt nu niet behandeld."))
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
                for reporter in _reachable(signal.reporters.all()):
                    _email_reporter(case, reporter, signal, subject=subject, message=text, ask=True)
                    emails += 1
        audit_record(
            actor=actor,
            action="resolve",
            instance=case,
            changes={"outcome": outcome, "round": case.resolution_round, "emails": emails},
        )
    return Audience(signals=len(signals), emails=emails)


def case_close(*, actor: Any, case: Case, at: datetime | None = None) -> Case:
    """Close a handled case for good (the lead, or the worker once reporters had their time)."""
    at = at or timezone.now()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.status != CaseStatus.RESOLVED:
            raise DomainError(_("Alleen een afgehandelde casus kan worden gesloten."))
        case_transition(case, CaseStatus.CLOSED)
        case.closed_at = at
        case.save(update_fields=["status", "closed_at"])
        with in_default_language():
            case_event(
                case, actor, CaseEventKind.CLOSED, Message(gettext_noop("Casus gesloten.")), at=at
            )
        audit_record(actor=actor, action="close", instance=case, changes={})
    return case


def cases_close_resolved(*, now: datetime | None = None) -> int:
    """Close the handled cases whose reporters had WIJKTEAM_CASE_CLOSE_AFTER_DAYS to answer,
    except those with a "nee" the lead has not yet followed up. Returns how many."""
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
            case_close(actor=None, case=Case(pk=case_id), at=now)
        except DomainError:
            continue  # reopened meanwhile
        closed += 1
    return closed


def case_reopen(*, actor: Any, case: Case, reason: str) -> Case:
    """Bring a handled or closed case back to work, with the reason in the timeline; the
    reporters see it is being looked at again and a new response target starts."""
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Geef een reden op."), field="reason")
    now = timezone.now()
    with transaction.atomic():
        case = (
            # Only the case row is locked (the lead may be empty: an outer join).
            Case.objects.select_for_update(of=("self",))
            .select_related("category", "team__district", "lead")
            .get(pk=case.pk)
        )
        if case.status not in CLOSED_STATUSES:
            raise DomainError(_("Deze casus is niet afgehandeld of gesloten."))
        require_personal_data_kept(case)
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


def feedback_give(*, reporter: Reporter, satisfied: bool, comment: str = "") -> Feedback:
    """A reporter answers "Bent u tevreden over de afhandeling?" — once per round of
    handling. "Nee" tells the lead, who can reopen the case or answer the reporter."""
    comment = comment.strip()
    if len(comment) > MAX_COMMENT_LENGTH:
        raise DomainError(
            _("Uw toelichting is te lang (maximaal %(count)s tekens).")
            % {"count": MAX_COMMENT_LENGTH},
            field="comment",
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            case = (
                Case.objects.select_for_update()
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
                case_event(case, None, CaseEventKind.FEEDBACK, text, at=now, label=_("melder"))
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
                )
                subject = _("Een melder is niet tevreden: %(case)s (%(category)s)") % {
                    "case": case.reference,
                    "category": case.category.display_name,
                }
            audit_record(
                actor=None,
                action="feedback",
                instance=case,
                changes={"satisfied": satisfied, "round": case.resolution_round},
            )
            if not satisfied and case.lead_id:
                with in_default_language():
                    body = _("Heropen de casus of geef de melder antwoord.")
                case_notify(case, {case.lead_id}, subject, body)
    except IntegrityError:
        # Two answers sent at once: the first counts.
        raise DomainError(_("U heeft hier al op geantwoord. Bedankt!")) from None
    return feedback


def feedback_answer(*, actor: Any, feedback: Feedback, message: str) -> Feedback:
    """The lead answers a reporter who was not satisfied, without reopening the case: the
    answer goes to their tracking page and, where they gave an address, by email."""
    message = _require_lead_message(message)
    now = timezone.now()
    with transaction.atomic():
        feedback = (
            Feedback.objects.select_for_update(of=("self",))
            .select_related("case__team__district", "reporter__signal__category")
            .get(pk=feedback.pk)
        )
        if feedback.satisfied or feedback.follow_up:
            raise DomainError(_("Op deze reactie is al gereageerd."))
        require_personal_data_kept(feedback.case)
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
                )
                if _reachable([reporter]):
                    subject = Message(
                        gettext_noop("Antwoord op uw reactie over melding %(reference)s"),
                        reference=signal.reference,
                    )
                    _email_reporter(
                        case, reporter, signal, subject=subject, message=text, ask=False
                    )
        audit_record(
            actor=actor, action="feedback_answer", instance=case, changes={"feedback": feedback.pk}
        )
    return feedback
