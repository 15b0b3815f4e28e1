"""Regrouping signals: moving one to another case, merging two cases, splitting one.

Regrouping decides who sees what, so it is the lead's decision: a member of the case's lead
organisation in its wijkteam, or the team's chair, who sees the details of the cases involved
and of every signal that changes case. The cases must be open.

A case's sensitivity never drops: its notes and documents were written for the readers it had,
so a case left with milder signals keeps the protection of what it held. A case split off takes
the strictest of its signals', with that signal's receiver as its source."""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.access.audit import audit_record
from wijkteam.cases.access import may_regroup
from wijkteam.cases.guards import forbidden, require_details
from wijkteam.cases.models import (
    Case,
    CaseEventKind,
    CaseSignal,
    CaseStatus,
    Proposal,
    ProposalStatus,
)
from wijkteam.cases.placement import new_case
from wijkteam.cases.steps import (
    SENSITIVITY_ORDER,
    case_event,
    case_refresh_shares,
    case_signals_follow,
    case_transition,
    require_open,
    stricter_sensitivity,
)
from wijkteam.cases.triage.proposals import triage_start
from wijkteam.core.errors import DomainError
from wijkteam.core.translation import Message, in_default_language
from wijkteam.partners.access import viewer_of
from wijkteam.partners.actors import Actor
from wijkteam.partners.models import User
from wijkteam.signals.models import Sensitivity, Signal
from wijkteam.signals.visibility import signal_access


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
    require_open(target)
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


def _require_regrouper(actor: Actor, case: Case) -> User:
    """The lead or the chair, seeing the case's details."""
    user = require_details(actor, case)
    if not may_regroup(user, case):
        raise forbidden(
            _(
                "Alleen de eerste reactie of de voorzitter van het wijkteam kan meldingen van "
                "casus %(case)s verplaatsen, samenvoegen of splitsen."
            )
            % {"case": case.reference}
        )
    return user


def _require_signal_details(user: User, signals: Sequence[Signal]) -> None:
    """Only who sees a signal's details decides where it goes."""
    viewer = viewer_of(user)
    for signal in signals:
        access = signal_access(viewer, signal)
        if access is None or not access.details:
            raise forbidden(
                _(
                    "U kunt de inhoud van melding %(signal)s niet zien, dus u kunt hem niet "
                    "verplaatsen."
                )
                % {"signal": signal.reference}
            )


def _recompute(case: Case) -> None:
    """What a case holds after regrouping; its sensitivity only ever rises."""
    signals = list(Signal.objects.filter(case_link__case=case))
    for signal in signals:
        case.sensitivity = stricter_sensitivity(case.sensitivity, signal.sensitivity)
    case.is_urgent = case.is_urgent or any(signal.is_urgent for signal in signals)
    case.last_signal_at = max((signal.created_at for signal in signals), default=case.opened_at)
    case.save(update_fields=["sensitivity", "is_urgent", "last_signal_at"])


def case_move_signal(
    *, actor: Actor, case: Case, signal: Signal, target: Case, reason: str
) -> Case:
    """Move one signal from ``case`` to another open case of the same team."""
    reason = _require_reason(reason)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        target = Case.objects.select_for_update().get(pk=target.pk)
        user = _require_regrouper(actor, case)
        require_open(case)
        _require_compatible(case, target)
        require_details(actor, target)
        link = CaseSignal.objects.filter(case=case, signal=signal).select_related("signal").first()
        if link is None:
            raise DomainError(_("Die melding hoort niet bij deze casus."), field="signal")
        _require_signal_details(user, [link.signal])
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


def case_merge(*, actor: Actor, case: Case, into: Case, reason: str) -> Case:
    """Merge ``case`` into ``into``: its signals move over, it keeps a pointer and its
    timeline; an open proposal of ``case`` lapses."""
    reason = _require_reason(reason)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        into = Case.objects.select_for_update().get(pk=into.pk)
        user = _require_regrouper(actor, case)
        require_open(case)
        _require_compatible(case, into)
        require_details(actor, into)
        _require_signal_details(user, list(Signal.objects.filter(case_link__case=case)))
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


def case_split(*, actor: Actor, case: Case, signals: Sequence[Signal], reason: str) -> Case:
    """Take some signals out of ``case`` into a new case, which goes into triage."""
    reason = _require_reason(reason)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        user = _require_regrouper(actor, case)
        require_open(case)
        links = list(CaseSignal.objects.filter(case=case).select_related("signal__category"))
        chosen = {signal.pk for signal in signals}
        moving = [link for link in links if link.signal_id in chosen]
        if not moving or len(moving) != len(chosen):
            raise DomainError(_("Kies de meldingen die een eigen casus worden."), field="signals")
        if len(moving) == len(links):
            raise DomainError(_("Laat minstens één melding in deze casus achter."), field="signals")
        _require_signal_details(user, [link.signal for link in moving])
        # The new case starts from its strictest signal (the earliest of those), whose
        # receiver becomes its source: no other partner takes part before the lead decides.
        moving.sort(key=lambda link: link.signal.created_at)
        strictest = max(moving, key=lambda link: SENSITIVITY_ORDER.index(link.signal.sensitivity))
        now = timezone.now()
        new = new_case(strictest.signal, now)
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
