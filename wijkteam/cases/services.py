"""State changes of cases: placing a new signal, moving a signal, merging and splitting cases,
the summary for the partners and remarks. Triage (proposals and decisions) is in triage.py."""

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.access.audit import actor_label, audit_record
from wijkteam.cases.access import members_to_notify
from wijkteam.cases.grouping import case_to_join, signal_address_key
from wijkteam.cases.models import (
    TRANSITIONS,
    WORK_STATUSES,
    Case,
    CaseCounter,
    CaseEvent,
    CaseEventKind,
    CaseSignal,
    CaseStatus,
    Proposal,
    ProposalStatus,
)
from wijkteam.core.errors import DomainError
from wijkteam.core.numbering import next_number
from wijkteam.core.translation import InLanguages, Message
from wijkteam.core.workdays import add_working_days
from wijkteam.notifications.services import notify_users
from wijkteam.partners.models import Organisation, TeamPartner
from wijkteam.signals.models import Channel, PublicStatus, Sensitivity, Signal
from wijkteam.signals.services import (
    in_default_language,
    signal_public_status_set,
    signal_shares_set,
)

# From least to most restricted; a case takes the strictest of its signals.
SENSITIVITY_ORDER = [Sensitivity.TEAM, Sensitivity.CASE_PARTNERS, Sensitivity.CONFIDENTIAL]


def case_event(
    case: Case,
    actor: Any,
    kind: str,
    text: str | Message,
    *,
    at: datetime | None = None,
    label: str = "",
):
    """Add a line to the case's timeline. A line the system writes is a ``Message``
    (``Message(gettext_noop("... %(name)s"), name=...)``), so that every reader gets it in
    their own language; a plain ``str`` is free text someone typed, shown as it is.
    ``label`` names an actor without an account (a reporter)."""
    message = text if isinstance(text, Message) else None
    return CaseEvent.objects.create(
        case=case,
        at=at or timezone.now(),
        actor=actor,
        actor_label=label or actor_label(actor),
        kind=kind,
        text=message.dutch() if message else text,
        message=message.as_data() if message else None,
    )


def case_link(case: Case) -> str:
    return reverse("cases:detail", args=[case.reference])


def case_notify(
    case: Case,
    organisation_ids: Iterable[int],
    subject: str,
    body: str = "",
    *,
    except_user: Any = None,
) -> None:
    """Tell the team members of these organisations about the case (build the texts inside
    ``in_default_language()``); ``except_user`` is not told what they did themselves."""
    users = members_to_notify(case.team_id, set(organisation_ids))
    if except_user is not None:
        users = users.exclude(pk=except_user.pk)
    notify_users(users=users, subject=subject, body=body, link=case_link(case))


def case_transition(case: Case, status: str) -> None:
    """Move a case to ``status`` if the workflow allows it (the caller saves)."""
    if status != case.status and status not in TRANSITIONS[case.status]:
        raise DomainError(
            _("Een casus met status '%(current)s' kan niet naar '%(new)s'.")
            % {"current": case.get_status_display(), "new": CaseStatus(status).label}
        )
    case.status = status


def require_team_partner(
    case: Case, organisation: Organisation | None, *, field: str = "lead"
) -> Organisation:
    """The organisation, if it is a partner of the case's team; otherwise a form error."""
    if (
        organisation is None
        or not TeamPartner.objects.filter(team_id=case.team_id, organisation=organisation).exists()
    ):
        raise DomainError(_("Kies een partner van dit wijkteam."), field=field)
    return organisation


def _stricter(a: str, b: str) -> str:
    return max(a, b, key=SENSITIVITY_ORDER.index)


def case_refresh_shares(*, actor: Any, case: Case) -> None:
    """Share the details of the case's signals with its lead and involved partners."""
    organisation_ids = {case.lead_id} | set(case.involved.values_list("pk", flat=True))
    organisation_ids.discard(None)
    for signal in Signal.objects.filter(case_link__case=case).prefetch_related("shared_with"):
        signal_shares_set(
            actor=actor,
            signal=signal,
            organisation_ids=organisation_ids,
            reason=_("eerste reactie of betrokken bij %(case)s") % {"case": case.reference},
        )


def case_signals_follow(*, actor: Any, case: Case, at: datetime | None = None) -> None:
    """What the reporters see follows the case: once it has a lead and is being worked, its
    signals that still say 'ontvangen' say 'in behandeling', with who handles them."""
    if case.status not in WORK_STATUSES:
        return
    for signal in Signal.objects.filter(case_link__case=case, status=PublicStatus.RECEIVED):
        if case.lead is not None:
            text = Message(
                gettext_noop("Uw melding is in behandeling bij %(organisation)s."),
                organisation=case.lead.name,
            )
        else:
            text = Message(gettext_noop("Uw melding is in behandeling."))
        signal_public_status_set(
            actor=actor, signal=signal, status=PublicStatus.IN_PROGRESS, public_text=text, at=at
        )


def response_target(response_days: int, start: datetime) -> tuple[datetime, datetime]:
    """The response target (working days from ``start``, Dutch public holidays excluded) and
    the moment the case is more than three times late."""
    due_at = add_working_days(start, response_days)
    return due_at, start + 3 * (due_at - start)


def _new_case(signal: Signal, at: datetime) -> Case:
    year = timezone.localtime(at).year
    due_at, very_late_at = response_target(signal.category.response_days, at)
    return Case.objects.create(
        reference=f"Z-{year}-{next_number(CaseCounter, year):05d}",
        team_id=signal.team_id,
        district_id=signal.district_id,
        neighbourhood_id=signal.neighbourhood_id,
        category_id=signal.category_id,
        main_category_id=signal.main_category_id,
        sensitivity=signal.sensitivity,
        is_public_space=signal.category.is_public_space,
        is_urgent=signal.is_urgent,
        is_tenant=signal.is_tenant,
        source_organisation_id=signal.receiving_organisation_id,
        bag_id=signal.bag_id,
        address_key=signal_address_key(signal),
        street=signal.street,
        house_number=signal.house_number,
        house_number_addition=signal.house_number_addition,
        postcode=signal.postcode,
        latitude=signal.latitude,
        longitude=signal.longitude,
        opened_at=at,
        last_signal_at=at,
        due_at=due_at,
        very_late_at=very_late_at,
    )


def _absorb(case: Case, signal: Signal, at: datetime) -> None:
    """A case takes on what a new signal brings: the strictest sensitivity, urgency."""
    case.sensitivity = _stricter(case.sensitivity, signal.sensitivity)
    case.is_urgent = case.is_urgent or signal.is_urgent
    case.last_signal_at = max(case.last_signal_at, at)
    case.save(update_fields=["sensitivity", "is_urgent", "last_signal_at"])


def case_place_signal(*, actor: Any, signal: Signal) -> Case | None:
    """Give a new signal its place: the open case about the same address or spot, or a new
    case, which then goes into triage. Signals without a wijk (address still to be checked
    and no point) wait for a case until their location is known. Call inside the intake's
    transaction."""
    from wijkteam.cases.triage import triage_start, triage_urgent_or_escalate

    if signal.team_id is None:
        return None
    at = signal.created_at
    with transaction.atomic():
        case = case_to_join(signal, now=at)
        if case is None:
            case = _new_case(signal, at)
            CaseSignal.objects.create(case=case, signal=signal, added_at=at)
            with in_default_language():
                case_event(
                    case,
                    actor,
                    CaseEventKind.OPENED,
                    Message(
                        gettext_noop("Casus geopend met melding %(signal)s (%(category)s)."),
                        signal=signal.reference,
                        category=InLanguages.of(signal.category, "name"),
                    ),
                    at=at,
                )
            audit_record(
                actor=actor, action="create", instance=case, changes={"signal": signal.reference}
            )
            triage_start(actor=actor, case=case, at=at)
            return case
        was_urgent = case.is_urgent
        CaseSignal.objects.create(case=case, signal=signal, added_at=at)
        _absorb(case, signal, at)
        count = CaseSignal.objects.filter(case=case).count()
        with in_default_language():
            case_event(
                case,
                actor,
                CaseEventKind.SIGNAL_ADDED,
                Message(
                    gettext_noop(
                        "Melding %(signal)s toegevoegd (%(category)s, %(channel)s); %(count)s "
                        "meldingen in deze casus."
                    ),
                    signal=signal.reference,
                    category=InLanguages.of(signal.category, "name"),
                    channel=Channel(signal.channel).label,
                    count=count,
                ),
                at=at,
            )
        audit_record(
            actor=actor, action="signal_added", instance=case, changes={"signal": signal.reference}
        )
        case_refresh_shares(actor=actor, case=case)
        case_signals_follow(actor=actor, case=case, at=at)
        if case.is_urgent and not was_urgent and case.is_open:
            triage_urgent_or_escalate(actor=actor, case=case, at=at)
        return case


def require_personal_data_kept(case: Case) -> None:
    """Nothing is added to a case whose personal data the retention run removed: the run takes
    a case once, so whatever came later would stay for good."""
    if case.retention_applied_at is not None:
        raise DomainError(
            _(
                "De persoonsgegevens van casus %(case)s zijn na de bewaartermijn verwijderd; er "
                "kan niets meer aan worden toegevoegd."
            )
            % {"case": case.reference}
        )


def _require_open(case: Case) -> None:
    if not case.is_open:
        raise DomainError(_("Casus %(case)s is niet meer open.") % {"case": case.reference})


def _require_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Geef een reden op."), field="reason")
    return reason


def _require_compatible(case: Case, target: Case) -> None:
    if target.pk == case.pk:
        raise DomainError(_("Kies een andere casus."), field="target")
    if target.team_id != case.team_id:
        raise DomainError(_("Die casus hoort bij een ander wijkteam."), field="target")
    _require_open(target)
    confidential = {case.sensitivity, target.sensitivity} & {Sensitivity.CONFIDENTIAL}
    if confidential and (
        case.sensitivity != target.sensitivity
        or case.source_organisation_id != target.source_organisation_id
    ):
        raise DomainError(
            _(
                "Een vertrouwelijke casus kan alleen samen met een vertrouwelijke casus van "
                "dezelfde organisatie."
            ),
            field="target",
        )


def _recompute(case: Case) -> None:
    signals = list(Signal.objects.filter(case_link__case=case))
    case.sensitivity = Sensitivity.TEAM
    for signal in signals:
        case.sensitivity = _stricter(case.sensitivity, signal.sensitivity)
    case.is_urgent = case.is_urgent or any(signal.is_urgent for signal in signals)
    case.last_signal_at = max((signal.created_at for signal in signals), default=case.opened_at)
    case.save(update_fields=["sensitivity", "is_urgent", "last_signal_at"])


def case_move_signal(*, actor: Any, case: Case, signal: Signal, target: Case, reason: str) -> Case:
    """Move one signal from ``case`` to another open case of the same team."""
    reason = _require_reason(reason)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        target = Case.objects.select_for_update().get(pk=target.pk)
        _require_open(case)
        _require_compatible(case, target)
        link = CaseSignal.objects.filter(case=case, signal=signal).first()
        if link is None:
            raise DomainError(_("Die melding hoort niet bij deze casus."), field="signal")
        if CaseSignal.objects.filter(case=case).count() == 1:
            raise DomainError(
                _("Dit is de enige melding van de casus. Voeg de casus dan samen."),
                field="signal",
            )
        link.case = target
        link.save(update_fields=["case"])
        for changed in (case, target):
            _recompute(changed)
        with in_default_language():
            case_event(
                case,
                actor,
                CaseEventKind.SIGNAL_MOVED,
                Message(
                    gettext_noop(
                        "Melding %(signal)s verplaatst naar %(target)s. Reden: %(reason)s"
                    ),
                    signal=signal.reference,
                    target=target.reference,
                    reason=reason,
                ),
            )
            case_event(
                target,
                actor,
                CaseEventKind.SIGNAL_MOVED,
                Message(
                    gettext_noop("Melding %(signal)s overgenomen van %(case)s. Reden: %(reason)s"),
                    signal=signal.reference,
                    case=case.reference,
                    reason=reason,
                ),
            )
        audit_record(
            actor=actor,
            action="signal_moved",
            instance=signal,
            changes={"case": [case.reference, target.reference], "reason": reason},
        )
        case_refresh_shares(actor=actor, case=target)
        case_signals_follow(actor=actor, case=target)
        case_refresh_shares(actor=actor, case=case)
    return target


def case_merge(*, actor: Any, case: Case, into: Case, reason: str) -> Case:
    """Merge ``case`` into ``into``: its signals move over, it keeps a pointer and its
    timeline; an open proposal of ``case`` lapses."""
    reason = _require_reason(reason)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        into = Case.objects.select_for_update().get(pk=into.pk)
        _require_open(case)
        _require_compatible(case, into)
        moved = list(
            CaseSignal.objects.filter(case=case).values_list("signal__reference", flat=True)
        )
        CaseSignal.objects.filter(case=case).update(case=into)
        Proposal.objects.filter(case=case, status=ProposalStatus.OPEN).update(
            status=ProposalStatus.WITHDRAWN, resolved_at=timezone.now()
        )
        case_transition(case, CaseStatus.MERGED)
        case.merged_into = into
        case.save(update_fields=["status", "merged_into"])
        _recompute(into)
        with in_default_language():
            case_event(
                case,
                actor,
                CaseEventKind.MERGED,
                Message(
                    gettext_noop("Samengevoegd met %(target)s. Reden: %(reason)s"),
                    target=into.reference,
                    reason=reason,
                ),
            )
            case_event(
                into,
                actor,
                CaseEventKind.MERGED,
                Message(
                    gettext_noop(
                        "%(case)s is hierbij gevoegd (meldingen %(signals)s). Reden: %(reason)s"
                    ),
                    case=case.reference,
                    signals=", ".join(moved),
                    reason=reason,
                ),
            )
        audit_record(
            actor=actor,
            action="merge",
            instance=case,
            changes={"merged_into": into.reference, "signals": moved, "reason": reason},
        )
        case_refresh_shares(actor=actor, case=into)
        case_signals_follow(actor=actor, case=into)
    return into


def case_split(*, actor: Any, case: Case, signals: Sequence[Signal], reason: str) -> Case:
    """Take some signals out of ``case`` into a new case, which goes into triage."""
    from wijkteam.cases.triage import triage_start

    reason = _require_reason(reason)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        _require_open(case)
        links = list(CaseSignal.objects.filter(case=case).select_related("signal__category"))
        chosen = {signal.pk for signal in signals}
        moving = [link for link in links if link.signal_id in chosen]
        if not moving or len(moving) != len(chosen):
            raise DomainError(_("Kies de meldingen die een eigen casus worden."), field="signals")
        if len(moving) == len(links):
            raise DomainError(_("Laat minstens één melding in deze casus achter."), field="signals")
        moving.sort(key=lambda link: link.signal.created_at)
        now = timezone.now()
        new = _new_case(moving[0].signal, now)
        CaseSignal.objects.filter(pk__in=[link.pk for link in moving]).update(case=new)
        for changed in (case, new):
            _recompute(changed)
        references = ", ".join(link.signal.reference for link in moving)
        with in_default_language():
            case_event(
                case,
                actor,
                CaseEventKind.SPLIT,
                Message(
                    gettext_noop(
                        "Meldingen %(signals)s zijn een eigen casus geworden: %(new)s. "
                        "Reden: %(reason)s"
                    ),
                    signals=references,
                    new=new.reference,
                    reason=reason,
                ),
            )
            case_event(
                new,
                actor,
                CaseEventKind.OPENED,
                Message(
                    gettext_noop(
                        "Casus afgesplitst van %(case)s met meldingen %(signals)s. "
                        "Reden: %(reason)s"
                    ),
                    case=case.reference,
                    signals=references,
                    reason=reason,
                ),
            )
        audit_record(
            actor=actor,
            action="split",
            instance=case,
            changes={"new_case": new.reference, "signals": references, "reason": reason},
        )
        case_refresh_shares(actor=actor, case=case)
        triage_start(actor=actor, case=new, at=now)
    return new


def case_summary_set(*, actor: Any, case: Case, summary: str) -> Case:
    """The summary the source organisation writes for the partners who decide."""
    summary = summary.strip()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if summary == case.summary:
            return case
        require_personal_data_kept(case)
        before = case.summary
        case.summary = summary
        case.save(update_fields=["summary"])
        with in_default_language():
            case_event(
                case,
                actor,
                CaseEventKind.SUMMARY,
                Message(gettext_noop("Samenvatting bijgewerkt.")),
            )
        audit_record(
            actor=actor, action="summary", instance=case, changes={"summary": [before, summary]}
        )
    return case


def case_remark(*, actor: Any, case: Case, text: str) -> None:
    """A remark in the timeline from anyone in the team (also on urgent cases)."""
    text = text.strip()
    if not text:
        raise DomainError(_("Schrijf een opmerking."), field="text")
    require_personal_data_kept(case)
    with transaction.atomic():
        case_event(case, actor, CaseEventKind.REMARK, text)
        audit_record(actor=actor, action="remark", instance=case, changes={"length": len(text)})
