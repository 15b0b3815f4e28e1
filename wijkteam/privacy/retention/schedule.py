"""When a closed case's retention period is over, per category."""

from calendar import monthrange
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from wijkteam.cases.models import (
    Case,
    CaseStatus,
)
from wijkteam.signals.models import (
    Category,
)


def months_later(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (or earlier, when negative); the month's
    last day when it has no such day (31 January + 1 month = 28 or 29 February)."""
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    return day.replace(year=year, month=month, day=min(day.day, monthrange(year, month)[1]))


def due_on(closed_at: datetime, months: int) -> date:
    """The day from which the run takes a case closed at ``closed_at``."""
    return months_later(timezone.localtime(closed_at).date(), months)


def _last_closing_day_due(today: date, months: int) -> date:
    """The latest closing day whose case is due ``today`` (the inverse of ``due_on``). Several
    closing days can share a due day (29, 30 and 31 January are all due on 28 February)."""
    day = months_later(today, -months)
    while months_later(day + timedelta(days=1), months) <= today:
        day += timedelta(days=1)
    return day


def retention_cutoff(today: date, months: int) -> datetime:
    """The moment before which something closed or ended is due ``today`` after a period of
    ``months``: the start of the day after the last such day (local time)."""
    first_not_due = _last_closing_day_due(today, months) + timedelta(days=1)
    return timezone.make_aware(
        datetime.combine(first_not_due, time.min), timezone.get_default_timezone()
    )


def category_periods() -> dict[int, list[int]]:
    """Category ids per retention period in months."""
    periods: dict[int, list[int]] = defaultdict(list)
    for pk, months in Category.objects.values_list("pk", "retention_months"):
        periods[months or settings.WIJKTEAM_RETENTION_MONTHS].append(pk)
    return periods


def retention_due(*, now: datetime | None = None) -> QuerySet[Case]:
    """Closed cases whose category's retention period is over and that the run has not done
    yet, without a legal hold on them or on a case merged into them; longest closed first."""
    today = timezone.localdate(now or timezone.now())
    due = Q()
    for months, category_ids in category_periods().items():
        due |= Q(category_id__in=category_ids, closed_at__lt=retention_cutoff(today, months))
    if not due:
        return Case.objects.none()
    held_inside = Case.objects.filter(merged_into=OuterRef("pk"), legal_hold=True)
    return (
        Case.objects.filter(
            due, status=CaseStatus.CLOSED, retention_applied_at__isnull=True, legal_hold=False
        )
        .exclude(Exists(held_inside))
        .order_by("closed_at", "id")
    )


def retention_rules() -> QuerySet[Category]:
    """The subcategories (signals and cases always carry one) with their retention settings,
    in the order of the intake forms."""
    return (
        Category.objects.filter(parent__isnull=False)
        .select_related("parent")
        .order_by("parent__sort_order", "sort_order", "name")
    )
