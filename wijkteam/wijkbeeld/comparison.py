"""Which buurten to compare a measure with, when the team chose none: the suggestion.

A candidate is a buurt of the gemeente (in any wijk) that is not one of the measure's own, that
had no other measure against the same kind of signals (sharing a main category) during the
months compared (see ``_overlap_period``), and whose number of inhabitants is known. Of those,
the closest few by this distance:

    |ln(inhabitants / inhabitants of the measure's buurten, on average)|
  + |ln((1 + level) / (1 + level of the measure's buurten))|

where the level is the target signals per 1,000 inhabitants in the 12 whole months before the
start. Logarithms, so that half as big and twice as big are equally far; size and level weigh
alike; the 1 keeps a buurt without any such signal at a finite distance."""

import math
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, Sum
from django.utils import timezone

from wijkteam.areas.models import Neighbourhood
from wijkteam.signals.models import Category, SignalMonthCount
from wijkteam.wijkbeeld.effect import MAX_MONTHS_BEFORE
from wijkteam.wijkbeeld.models import Measure

SUGGESTED_MAX = 5
LEVEL_MONTHS = 12  # the months before the start whose level is compared


def _months_back(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def target_filter(categories: list[Category]) -> Q:
    """Counts of the target categories: all of a main category's, or one subcategory's."""
    mains = [c.pk for c in categories if c.parent_id is None]
    subs = [c.pk for c in categories if c.parent_id is not None]
    return Q(main_category_id__in=mains) | Q(category_id__in=subs)


def main_category_ids(categories: list[Category]) -> set[int]:
    return {c.parent_id or c.pk for c in categories}


def _overlap_period(measure: Measure, today: date) -> tuple[date, date]:
    """From the first month the effect may look back at, to the measure's end (or today): a
    measure in a comparison buurt during the months before distorts the comparison as much as
    one after."""
    first = _months_back(measure.started_on.replace(day=1), MAX_MONTHS_BEFORE)
    return first, measure.ended_on or today


def _taken(measure: Measure, mains: set[int], today: date) -> set[int]:
    """The buurten with another measure against the same kind of signals in that period."""
    first, last = _overlap_period(measure, today)
    others = (
        Measure.objects.exclude(pk=measure.pk)
        .filter(started_on__lte=last)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
        .prefetch_related("target_categories", "neighbourhoods")
    )
    taken = set()
    for other in others:
        if main_category_ids(list(other.target_categories.all())) & mains:
            taken.update(n.pk for n in other.neighbourhoods.all())
    return taken


@dataclass(frozen=True)
class Candidate:
    neighbourhood: Neighbourhood
    inhabitants: int
    per_thousand: float  # target signals per 1,000 inhabitants in the 12 months before
    distance: float


@dataclass(frozen=True)
class Suggestion:
    """The suggested buurten, nearest first, and what they were compared with: the measure's
    buurten's inhabitants on average and their level."""

    candidates: list[Candidate]
    inhabitants: float | None = None
    per_thousand: float | None = None

    @property
    def neighbourhoods(self) -> list[Neighbourhood]:
        return [c.neighbourhood for c in self.candidates]


def _level(count: int, inhabitants: int) -> float:
    return count * 1000 / inhabitants if inhabitants else 0.0


def suggest_comparison(
    measure: Measure,
    categories: list[Category] | None = None,
    *,
    today: date | None = None,
    limit: int = SUGGESTED_MAX,
) -> Suggestion:
    """The buurten closest to the measure's in size and in level of its target signals before
    it started, nearest first (see the module's docstring). ``categories``: the target
    categories (loaded already), else the measure's."""
    today = today or timezone.localdate()
    categories = categories if categories is not None else list(measure.target_categories.all())
    if not categories:
        return Suggestion([])
    own = {n.pk: n for n in measure.neighbourhoods.all()}
    buurten = list(
        Neighbourhood.objects.filter(
            municipality_code=measure.district.municipality_code
        ).select_related("district")
    )
    end = measure.started_on.replace(day=1)
    start = _months_back(end, LEVEL_MONTHS)
    counts = dict(
        SignalMonthCount.objects.filter(
            target_filter(categories),
            month__gte=start,
            month__lt=end,
            neighbourhood_id__in=[n.pk for n in buurten],
        )
        .values("neighbourhood_id")
        .annotate(n=Sum("count"))
        .order_by()
        .values_list("neighbourhood_id", "n")
    )
    own_inhabitants = [n.inhabitants for n in own.values() if n.inhabitants]
    if not own_inhabitants:
        return Suggestion([])
    size = sum(own_inhabitants) / len(own_inhabitants)
    level = _level(sum(counts.get(pk, 0) for pk in own), sum(own_inhabitants))
    taken = _taken(measure, main_category_ids(categories), today) | set(own)
    candidates = []
    for buurt in buurten:
        if buurt.pk in taken or not buurt.inhabitants:
            continue
        their_level = _level(counts.get(buurt.pk, 0), buurt.inhabitants)
        distance = abs(math.log(buurt.inhabitants / size)) + abs(
            math.log((1 + their_level) / (1 + level))
        )
        candidates.append(Candidate(buurt, buurt.inhabitants, round(their_level, 1), distance))
    candidates.sort(key=lambda c: (c.distance, c.neighbourhood.code))
    return Suggestion(candidates[:limit], round(size), round(level, 1))
