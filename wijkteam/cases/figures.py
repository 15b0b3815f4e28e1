"""Keeping each case's figures (models/figures.py) for the wijk's picture.

Every line ``case_event`` writes marks its case (``case_figures_stale``) in the step's own
transaction; the worker's ``figures_refresh_pending`` reads those cases again, a batch at a
time, and ``figures_rebuild`` reads every case (``manage.py wijkbeeld_rebuild``). Reading a
case again is idempotent."""

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from django.db import transaction
from django.db.models import Count, Min, Q
from django.utils import timezone
from django_tasks import task

from wijkteam.cases.models import (
    OPEN_STATUSES,
    Case,
    CaseEvent,
    CaseEventKind,
    CaseFigures,
    CaseFiguresStale,
    CaseSignal,
    CaseStatus,
    Feedback,
    ProposalResponse,
    ResponseKind,
)
from wijkteam.core.followups import follow_up
from wijkteam.signals.counts import month_of

BATCH = 1000
OBJECTIONS = (ResponseKind.OBJECT, ResponseKind.COUNTER)

Progress = Callable[[int, int], None]


def case_figures_stale(case: Case) -> None:
    """Mark the case to have its figures read again, in the caller's transaction (a
    follow-up: free in the intake, whose follow-ups are one task row together)."""
    follow_up(figures_mark, case_id=case.pk)


@task()
def figures_mark(*, case_id: int) -> None:
    """Leave the mark the worker's next refresh reads (safe to run twice)."""
    CaseFiguresStale.objects.create(case_id_value=case_id)


def _hours(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return max((end - start).total_seconds() / 3600, 0.0)


def _on_time(case: Case, now: datetime) -> bool | None:
    if case.due_at is None:
        return None
    if case.resolved_at is not None:
        return case.resolved_at <= case.due_at
    if case.status in OPEN_STATUSES and now > case.due_at:
        return False
    return None


def _per_case(queryset, field: str, **filters) -> dict[int, int]:
    return dict(
        queryset.filter(**filters).values(field).annotate(n=Count("id")).values_list(field, "n")
    )


def _figures_for(case_ids: Sequence[int], now: datetime) -> tuple[list[CaseFigures], list[int]]:
    """The figures of these cases, and the ids of those that have none (merged or gone)."""
    cases = {
        case.pk: case
        for case in Case.objects.filter(pk__in=case_ids).exclude(status=CaseStatus.MERGED)
    }
    first_signal = dict(
        CaseSignal.objects.filter(case_id__in=cases)
        .values("case_id")
        .annotate(first=Min("signal__created_at"))
        .values_list("case_id", "first")
    )
    reopenings = _per_case(
        CaseEvent.objects, "case_id", case_id__in=cases, kind=CaseEventKind.REOPENED
    )
    objections = _per_case(
        ProposalResponse.objects,
        "proposal__case_id",
        proposal__case_id__in=cases,
        kind__in=OBJECTIONS,
    )
    feedback = {
        row["case_id"]: row
        for row in Feedback.objects.filter(case_id__in=cases)
        .values("case_id")
        .annotate(total=Count("id"), satisfied=Count("id", filter=Q(satisfied=True)))
    }
    figures = []
    for case in cases.values():
        first = first_signal.get(case.pk) or case.opened_at
        answers = feedback.get(case.pk, {})
        figures.append(
            CaseFigures(
                case_id=case.pk,
                team_id=case.team_id,
                district_id=case.district_id,
                neighbourhood_id=case.neighbourhood_id,
                main_category_id=case.main_category_id,
                category_id=case.category_id,
                sensitivity=case.sensitivity,
                month=month_of(first),
                first_signal_at=first,
                lead_id=case.lead_id,
                lead_basis=case.lead_basis,
                had_objection=bool(objections.get(case.pk)),
                decided_at=case.decided_at,
                hours_to_decision=_hours(first, case.decided_at),
                resolved_at=case.resolved_at,
                hours_to_handled=_hours(first, case.resolved_at),
                due_at=case.due_at,
                on_time=_on_time(case, now),
                is_open=case.status in OPEN_STATUSES,
                reopenings=reopenings.get(case.pk, 0),
                feedback_count=answers.get("total", 0),
                feedback_satisfied=answers.get("satisfied", 0),
                refreshed_at=now,
            )
        )
    return figures, [pk for pk in case_ids if pk not in cases]


def figures_refresh(case_ids: Iterable[int], *, now: datetime | None = None) -> int:
    """Read these cases' figures again; returns how many cases have figures now."""
    ids = sorted(set(case_ids))
    figures, gone = _figures_for(ids, now or timezone.now())
    with transaction.atomic():
        CaseFigures.objects.filter(case_id__in=ids).delete()
        CaseFigures.objects.bulk_create(figures, batch_size=BATCH)
    return len(figures)


def figures_refresh_pending(*, limit: int = 5000) -> int:
    """Read again the figures of the cases marked stale (at most ``limit`` marks)."""
    marks = list(CaseFiguresStale.objects.order_by("id").values_list("id", "case_id_value")[:limit])
    if not marks:
        return 0
    case_ids = sorted({case_id for _, case_id in marks})
    for start in range(0, len(case_ids), BATCH):
        figures_refresh(case_ids[start : start + BATCH])
    CaseFiguresStale.objects.filter(id__in=[mark for mark, _ in marks]).delete()
    return len(case_ids)


def figures_overdue_refresh(*, now: datetime | None = None) -> int:
    """Cases that became late since their figures were read (no step marked them: time did)."""
    now = now or timezone.now()
    late = CaseFigures.objects.filter(
        is_open=True, on_time__isnull=True, due_at__lt=now
    ).values_list("case_id", flat=True)
    return figures_refresh(list(late[:BATCH]), now=now)


def figures_rebuild(*, progress: Progress | None = None) -> int:
    """Read every case's figures again, a batch at a time (``progress(done, total)``)."""
    ids = list(Case.objects.order_by("pk").values_list("pk", flat=True))
    CaseFigures.objects.exclude(case_id__in=Case.objects.values("pk")).delete()
    done = 0
    for start in range(0, len(ids), BATCH):
        figures_refresh(ids[start : start + BATCH])
        done = min(start + BATCH, len(ids))
        if progress:
            progress(done, len(ids))
    figures_refresh_pending(limit=1_000_000)
    return done
