"""Placing many new signals at once (the rent-arrears import), by the rules
``placement.case_place_signal`` applies to one: each joins the open case about its address
(the same BAG id, else the same postcode, number and addition) that its receiving organisation
may already see, or opens a new case. For the signals whose new cases are not put to the team:
confidential ones (arrears), which their source leads at once, never urgent and never grouped
by spot. The signals are placed in order, so that a second signal at an address joins the case
the first one opened, and every row, timeline line and audit row is the one the single path
writes, in a few statements for the lot."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkteam.access.audit import actor_label
from wijkteam.cases.grouping import signal_address_key
from wijkteam.cases.guards import require_actor
from wijkteam.cases.models import (
    OPEN_STATUSES,
    WORK_STATUSES,
    Case,
    CaseCounter,
    CaseEvent,
    CaseEventKind,
    CaseFiguresStale,
    CaseSignal,
    CaseStatus,
    LeadBasis,
)
from wijkteam.cases.steps import case_opened_by, stricter_sensitivity
from wijkteam.cases.triage.lead import lead_text
from wijkteam.cases.visibility import cases_to_join_q
from wijkteam.core.numbering import next_numbers
from wijkteam.core.translation import InLanguages, Message, in_default_language
from wijkteam.partners.actors import Actor, is_user
from wijkteam.signals.bulk import AuditRow, require_transaction, signals_public_status_set
from wijkteam.signals.models import Channel, PublicStatus, Sensitivity, Signal


def placed_in_bulk(signal: Signal) -> bool:
    """Whether ``cases_place_signals`` places this signal: a confidential one (its source
    leads at once), not urgent (no police at once), not grouped by spot."""
    return (
        signal.sensitivity == Sensitivity.CONFIDENTIAL
        and not signal.is_urgent
        and not signal.category.is_public_space
    )


class _NewCase:
    """A case opened in this batch, before it is saved."""

    def __init__(self, case: Case, sequence: int) -> None:
        self.case = case
        self.sequence = sequence


def _rank(case: Case | _NewCase) -> tuple:
    # As ``case_to_join`` orders: the latest signal first, then the newest case.
    if isinstance(case, _NewCase):
        return (case.case.last_signal_at, 1, case.sequence)
    return (case.last_signal_at, 0, case.pk)


def cases_place_signals(
    *, actor: Actor, signals: Sequence[Signal], at: datetime | None = None
) -> tuple[list[Case | None], list[list[AuditRow]]]:
    """Give each new signal its place, in order: the open case about the same address, or a
    new case that its source leads at once. Signals without a wijk wait (None). Returns each
    signal's case and its audit rows. Call inside the intake's transaction, which decided who
    may take the signals in; ``actor`` is who did. ValueError for a signal this does not place
    (``placed_in_bulk``)."""
    require_actor(actor)
    require_transaction()
    if not all(placed_in_bulk(signal) for signal in signals):
        raise ValueError("cases_place_signals places confidential signals grouped by address")
    at = at or timezone.now()
    targets = _choose_cases(signals, at)
    new_cases = _open_cases(
        [target for target in dict.fromkeys(targets) if isinstance(target, _NewCase)], at
    )
    cases = [target.case if isinstance(target, _NewCase) else target for target in targets]
    joined = {
        case.pk: case
        for case, target in zip(cases, targets, strict=True)
        if case is not None and not isinstance(target, _NewCase)
    }
    counts = dict(
        CaseSignal.objects.filter(case_id__in=joined)
        .values_list("case_id")
        .annotate(count=Count("id"))
    )
    CaseSignal.objects.bulk_create(
        [
            CaseSignal(case=case, signal=signal, added_at=at)
            for case, signal in zip(cases, signals, strict=True)
            if case is not None
        ],
        batch_size=500,
    )
    if joined:
        Case.objects.bulk_update(
            list(joined.values()), ["sensitivity", "is_urgent", "last_signal_at"]
        )
    audit, events = _timeline(actor, signals, cases, new_cases, counts, at)
    CaseEvent.objects.bulk_create(events, batch_size=500)
    CaseFiguresStale.objects.bulk_create(
        [CaseFiguresStale(case_id_value=pk) for pk in {event.case_id for event in events}],
        batch_size=500,
    )
    _share(actor, signals, cases, joined, audit)
    _follow(actor, signals, cases, audit, at)
    return cases, audit


def _choose_cases(signals: Sequence[Signal], at: datetime) -> list[Case | _NewCase | None]:
    """The case each signal joins, or a new one, deciding in order as the single path does."""
    groups: dict[tuple, list[Signal]] = defaultdict(list)
    for signal in signals:
        if signal.team_id is not None:
            groups[(signal.team_id, signal.receiving_organisation_id, signal.sensitivity)].append(
                signal
            )
    by_bag: dict[tuple, list] = defaultdict(list)
    by_key: dict[tuple, list] = defaultdict(list)
    for (team_id, organisation_id, sensitivity), members in groups.items():
        bags = {signal.bag_id for signal in members} - {""}
        keys = {signal_address_key(signal) for signal in members} - {""}
        open_cases = (
            Case.objects.filter(team_id=team_id, status__in=OPEN_STATUSES, opened_at__lte=at)
            .filter(
                cases_to_join_q(
                    organisation_id=organisation_id, team_id=team_id, sensitivity=sensitivity
                )
            )
            .filter(Q(bag_id__in=bags) | Q(address_key__in=keys))
            .select_related("lead")
        )
        group = (team_id, organisation_id, sensitivity)
        for case in open_cases:
            if case.bag_id:
                by_bag[(*group, case.bag_id)].append(case)
            if case.address_key:
                by_key[(*group, case.address_key)].append(case)

    targets: list[Case | _NewCase | None] = []
    for signal in signals:
        if signal.team_id is None:
            targets.append(None)
            continue
        group = (signal.team_id, signal.receiving_organisation_id, signal.sensitivity)
        key = signal_address_key(signal)
        candidates = (by_bag.get((*group, signal.bag_id)) if signal.bag_id else None) or (
            by_key.get((*group, key)) if key else None
        )
        if candidates:
            target = max(candidates, key=_rank)
            case = target.case if isinstance(target, _NewCase) else target
            # What a new signal brings to its case (placement._absorb).
            case.sensitivity = stricter_sensitivity(case.sensitivity, signal.sensitivity)
            case.is_urgent = case.is_urgent or signal.is_urgent
            case.last_signal_at = max(case.last_signal_at, at)
        else:
            target = _NewCase(_new_case(signal, at), sequence=len(targets))
            if signal.bag_id:
                by_bag[(*group, signal.bag_id)].append(target)
            if key:
                by_key[(*group, key)].append(target)
        targets.append(target)
    return targets


def _new_case(signal: Signal, at: datetime) -> Case:
    """``placement.new_case`` and its confidential triage (the source leads at once), unsaved
    and without its number."""
    return case_opened_by(
        signal,
        at,
        # triage_start of a confidential case: set_lead with its source.
        status=CaseStatus.HANDLING,
        lead=signal.receiving_organisation,
        lead_basis=LeadBasis.CONFIDENTIAL,
        decided_at=at,
    )


def _open_cases(new_cases: list[_NewCase], at: datetime) -> set[int]:
    """Number and save the cases opened in this batch; returns their ids."""
    if not new_cases:
        return set()
    year = timezone.localtime(at).year
    for new, number in zip(new_cases, next_numbers(CaseCounter, year, len(new_cases)), strict=True):
        new.case.reference = f"Z-{year}-{number:05d}"
    Case.objects.bulk_create([new.case for new in new_cases], batch_size=500)
    return {new.case.pk for new in new_cases}


def _timeline(
    actor: Actor,
    signals: Sequence[Signal],
    cases: list[Case | None],
    new_cases: set[int],
    counts: dict[int, int],
    at: datetime,
) -> tuple[list[list[AuditRow]], list[CaseEvent]]:
    with in_default_language():
        label = actor_label(actor)
    events: list[CaseEvent] = []
    audit: list[list[AuditRow]] = []
    opened: set[int] = set()

    def event(case: Case, kind: str, message: Message) -> None:
        events.append(
            CaseEvent(
                case=case,
                at=at,
                actor=actor if is_user(actor) else None,
                actor_label=label,
                kind=kind,
                text=message.dutch(),
                message=message.as_data(),
            )
        )

    for signal, case in zip(signals, cases, strict=True):
        rows: list[AuditRow] = []
        audit.append(rows)
        if case is None:
            continue
        category = InLanguages.of(signal.category, "name")
        if case.pk in new_cases and case.pk not in opened:
            opened.add(case.pk)
            counts[case.pk] = 1
            event(
                case,
                CaseEventKind.OPENED,
                Message(
                    gettext_noop("Casus geopend met melding %(signal)s (%(category)s)."),
                    signal=signal.reference,
                    category=category,
                ),
            )
            rows.append(("create", case, {"signal": signal.reference}))
            event(
                case,
                CaseEventKind.AGREED,
                lead_text(
                    gettext_noop(
                        "Vertrouwelijke casus: %(lead)s (bron) is eerste reactie; de casus "
                        "wordt niet aan het wijkteam voorgelegd."
                    ),
                    case.lead,
                ),
            )
            rows.append(("lead_set", case, {"lead": case.lead_id, "basis": LeadBasis.CONFIDENTIAL}))
            continue
        counts[case.pk] = counts.get(case.pk, 0) + 1
        event(
            case,
            CaseEventKind.SIGNAL_ADDED,
            Message(
                gettext_noop(
                    "Melding %(signal)s toegevoegd (%(category)s, %(channel)s); %(count)s "
                    "meldingen in deze casus."
                ),
                signal=signal.reference,
                category=category,
                channel=Channel(signal.channel).label,
                count=counts[case.pk],
            ),
        )
        rows.append(("signal_added", case, {"signal": signal.reference}))
    return audit, events


def _share(
    actor: Actor,
    signals: Sequence[Signal],
    cases: list[Case | None],
    joined: dict[int, Case],
    audit: list[list[AuditRow]],
) -> None:
    """A signal that joins a case is shared with its lead and involved partners, as a single
    join does (``cases/placement.py``: the case's other signals are shared already, by every
    service that changes its lead or partners; a new case's lead is its source, which receives
    its signal anyway)."""
    if not joined:
        return
    involved: dict[int, set[int]] = defaultdict(set)
    for case_id, organisation_id in Case.involved.through.objects.filter(
        case_id__in=joined
    ).values_list("case_id", "organisation_id"):
        involved[case_id].add(organisation_id)
    members = list(
        CaseSignal.objects.filter(
            case_id__in=joined, signal_id__in=[signal.pk for signal in signals]
        ).values_list("case_id", "signal_id", "signal__receiving_organisation_id")
    )
    current: dict[int, set[int]] = defaultdict(set)
    for signal_id, organisation_id in Signal.shared_with.through.objects.filter(
        signal_id__in=[signal_id for _case, signal_id, _receiver in members]
    ).values_list("signal_id", "organisation_id"):
        current[signal_id].add(organisation_id)
    wanted = {
        signal_id: ({joined[case_id].lead_id} | involved[case_id]) - {None, receiver}
        for case_id, signal_id, receiver in members
    }
    differ = {signal_id for signal_id, want in wanted.items() if want != current[signal_id]}
    if not differ:
        return
    # Each signal's audit row goes with the first new signal that joined its case.
    rows_of_case: dict[int, list[AuditRow]] = {}
    for case, rows in zip(cases, audit, strict=True):
        if case is not None and case.pk in joined:
            rows_of_case.setdefault(case.pk, rows)
    through = Signal.shared_with.through
    removed = Q(pk__in=[])
    added = []
    loaded = Signal.objects.in_bulk(differ)
    for case_id, signal_id, _receiver in members:
        if signal_id not in differ:
            continue
        before, after = current[signal_id], wanted[signal_id]
        if before - after:
            removed |= Q(signal_id=signal_id, organisation_id__in=before - after)
        added.extend(
            through(signal_id=signal_id, organisation_id=organisation_id)
            for organisation_id in sorted(after - before)
        )
        rows_of_case[case_id].append(
            (
                "share",
                loaded[signal_id],
                {
                    "shared_with": [sorted(before), sorted(after)],
                    "reason": _("eerste reactie of betrokken bij %(case)s")
                    % {"case": joined[case_id].reference},
                },
            )
        )
    through.objects.filter(removed).delete()
    through.objects.bulk_create(added, batch_size=500)


def _follow(
    actor: Actor,
    signals: Sequence[Signal],
    cases: list[Case | None],
    audit: list[list[AuditRow]],
    at: datetime,
) -> None:
    """What the reporter sees follows the case (``case_signals_follow``): a signal placed in
    a case that is being worked says 'in behandeling', with who handles it."""
    following = [
        (signal, case, rows)
        for signal, case, rows in zip(signals, cases, audit, strict=True)
        if case is not None
        and case.status in WORK_STATUSES
        and signal.status == PublicStatus.RECEIVED
    ]
    texts = [
        Message(
            gettext_noop("Uw melding is in behandeling bij %(organisation)s."),
            organisation=case.lead.name,
        )
        if case.lead is not None
        else Message(gettext_noop("Uw melding is in behandeling."))
        for _signal, case, _rows in following
    ]
    status_rows = signals_public_status_set(
        actor=actor,
        signals=[signal for signal, _case, _rows in following],
        status=PublicStatus.IN_PROGRESS,
        public_texts=texts,
        at=at,
    )
    for (_signal, _case, rows), added in zip(following, status_rows, strict=True):
        rows.extend(added)
