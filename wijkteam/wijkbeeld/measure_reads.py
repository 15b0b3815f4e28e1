"""Reads of a wijk's measures: the list its page shows, and the measures that ran in a period
(for the charts, which mark them as periods)."""

from datetime import date

from django.db.models import Q, QuerySet

from wijkteam.wijkbeeld.models import Measure

ONGOING = "lopend"
ENDED = "gestopt"


def district_measures(district_id: int, *, status: str = "", today: date) -> QuerySet[Measure]:
    """The wijk's measures, newest first; ``status``: only the ongoing or only the ended ones
    (on ``today``)."""
    measures = Measure.objects.filter(district_id=district_id).prefetch_related(
        "neighbourhoods", "target_categories"
    )
    if status == ONGOING:
        measures = measures.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
    elif status == ENDED:
        measures = measures.filter(ended_on__lt=today)
    return measures.order_by("-started_on", "-id")


def measures_in_period(district_id: int, start: date, end_exclusive: date) -> list[Measure]:
    """The wijk's measures that ran during any part of [start, end_exclusive), oldest first."""
    return list(
        Measure.objects.filter(district_id=district_id, started_on__lt=end_exclusive)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .order_by("started_on", "id")
    )
