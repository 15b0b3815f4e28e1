"""Keeping the signals' monthly counts (models/counts.py) for the wijk's picture.

A step that changes what a month of a wijk counts calls ``signal_counts_stale`` in its own
transaction (``record_event`` does, for every signal it writes a line for). The worker's
``counts_refresh_pending`` counts those months again from the signals; ``counts_rebuild``
counts everything from scratch (``manage.py wijkbeeld_rebuild``). Both are idempotent."""

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Count, F, IntegerField, QuerySet
from django.db.models.functions import Cast, Floor, TruncMonth
from django.utils import timezone
from django_tasks import task

from wijkteam.areas.models import District
from wijkteam.core.followups import follow_up
from wijkteam.signals.models import (
    SPOT_Q,
    Signal,
    SignalCountsStale,
    SignalMonthCount,
    SignalSpotMonthCount,
)

# Thousandths of a degree: a spot is a cell of about 110 by 70 metres in the Netherlands.
SPOT_CELLS_PER_DEGREE = 1000
COUNT_FIELDS = ("district_id", "neighbourhood_id", "main_category_id", "category_id", "channel")
SPOT_FIELDS = ("district_id", "neighbourhood_id", "main_category_id", "category_id", "street")

Progress = Callable[[int, int], None]


def month_of(moment: datetime) -> date:
    """The first day of the moment's month, in local time."""
    return timezone.localtime(moment).date().replace(day=1)


def next_month(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    start = datetime(month.year, month.month, 1, tzinfo=zone)
    end_month = next_month(month)
    return start, datetime(end_month.year, end_month.month, 1, tzinfo=zone)


def counts_stale(*, at: datetime, district_id: int | None) -> None:
    """Mark the month of ``at`` in a wijk to be counted again, in the caller's transaction: as
    a follow-up, which costs the intake nothing (its follow-ups are one task row together)."""
    if district_id is not None:
        follow_up(counts_mark, month=month_of(at).isoformat(), district_id=district_id)


@task()
def counts_mark(*, month: str, district_id: int) -> None:
    """Leave the mark the worker's next refresh reads (safe to run twice)."""
    SignalCountsStale.objects.create(month=date.fromisoformat(month), district_id=district_id)


def signal_counts_stale(signal: Signal, *, district_id: int | None = None) -> None:
    """Mark the signal's month of its wijk (or of ``district_id``, the wijk it left) to be
    counted again, in the caller's transaction."""
    district = district_id if district_id is not None else signal.district_id
    counts_stale(at=signal.created_at, district_id=district)


def _spot_cell(field: str):
    return Cast(Floor(F(field) * SPOT_CELLS_PER_DEGREE), IntegerField())


def _count_rows(signals: QuerySet[Signal], month: date | None) -> list[SignalMonthCount]:
    values = signals.values(*COUNT_FIELDS)
    if month is None:
        values = values.annotate(at_month=TruncMonth("created_at")).values(
            *COUNT_FIELDS, "at_month"
        )
    rows = values.annotate(n=Count("id")).order_by()
    return [
        SignalMonthCount(
            month=month or _as_date(row["at_month"]),
            count=row["n"],
            **{name: row[name] for name in COUNT_FIELDS},
        )
        for row in rows
    ]


def _spot_rows(signals: QuerySet[Signal], month: date | None) -> list[SignalSpotMonthCount]:
    spots = signals.filter(SPOT_Q).annotate(
        cell_lat=_spot_cell("latitude"), cell_lon=_spot_cell("longitude")
    )
    fields = (*SPOT_FIELDS, "cell_lat", "cell_lon")
    if month is None:
        spots = spots.annotate(at_month=TruncMonth("created_at"))
        fields = (*fields, "at_month")
    rows = spots.values(*fields).annotate(n=Count("id")).order_by()
    return [
        SignalSpotMonthCount(
            month=month or _as_date(row["at_month"]),
            count=row["n"],
            cell_lat=row["cell_lat"],
            cell_lon=row["cell_lon"],
            **{name: row[name] for name in SPOT_FIELDS},
        )
        for row in rows
    ]


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def counts_refresh_month(*, month: date, district_id: int) -> None:
    """Count one month of one wijk again from its signals."""
    start, end = month_bounds(month)
    with transaction.atomic():
        # One refresh of a wijk at a time: two workers counting the same month would both
        # delete and both insert. NO KEY UPDATE does not wait for (or hold up) new signals.
        District.objects.select_for_update(no_key=True).filter(pk=district_id).first()
        signals = Signal.objects.filter(
            district_id=district_id, created_at__gte=start, created_at__lt=end
        )
        SignalMonthCount.objects.filter(month=month, district_id=district_id).delete()
        SignalSpotMonthCount.objects.filter(month=month, district_id=district_id).delete()
        SignalMonthCount.objects.bulk_create(_count_rows(signals, month), batch_size=1000)
        SignalSpotMonthCount.objects.bulk_create(_spot_rows(signals, month), batch_size=1000)


def counts_refresh_pending(*, limit: int = 1000) -> int:
    """Count again the months marked stale (at most ``limit`` markers); returns how many
    distinct months of a wijk were counted."""
    markers = list(
        SignalCountsStale.objects.order_by("id").values_list("id", "month", "district_id")[:limit]
    )
    if not markers:
        return 0
    months = sorted({(month, district) for _, month, district in markers})
    for month, district in months:
        counts_refresh_month(month=month, district_id=district)
    SignalCountsStale.objects.filter(id__in=[marker for marker, _, _ in markers]).delete()
    return len(months)


def counts_rebuild(*, district_ids: Iterable[int] | None = None, progress: Progress | None = None):
    """Count every signal again, wijk by wijk and year by year (with ``progress(done, total)``
    after each). Marks left before the rebuild began are handled as well."""
    chosen = District.objects.all()
    if district_ids is not None:
        chosen = chosen.filter(pk__in=district_ids)
    districts = list(chosen)
    years = _signal_years()
    total, done = len(districts) * len(years), 0
    for district in districts:
        for year in years:
            start = month_bounds(date(year, 1, 1))[0]
            end = month_bounds(date(year, 12, 1))[1]
            with transaction.atomic():
                District.objects.select_for_update(no_key=True).filter(pk=district.pk).first()
                signals = Signal.objects.filter(
                    district_id=district.pk, created_at__gte=start, created_at__lt=end
                )
                months = {"district_id": district.pk, "month__year": year}
                SignalMonthCount.objects.filter(**months).delete()
                SignalSpotMonthCount.objects.filter(**months).delete()
                SignalMonthCount.objects.bulk_create(_count_rows(signals, None), batch_size=2000)
                SignalSpotMonthCount.objects.bulk_create(_spot_rows(signals, None), batch_size=2000)
            done += 1
            if progress:
                progress(done, total)
    counts_refresh_pending(limit=1_000_000)


def _signal_years() -> list[int]:
    first = Signal.objects.order_by("created_at").values_list("created_at", flat=True).first()
    last = Signal.objects.order_by("-created_at").values_list("created_at", flat=True).first()
    if first is None:
        return []
    return list(range(timezone.localtime(first).year, timezone.localtime(last).year + 1))
