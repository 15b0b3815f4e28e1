"""Builders the measures' tests share: a measure recorded through its service, and kept
monthly counts laid down directly (the counts are what the worker keeps; their keeping is
tested in test_kept_figures.py)."""

from datetime import date

from tests.factories import make_user
from wijkteam.partners.models import Role, User
from wijkteam.signals.models import Category, Channel, SignalMonthCount
from wijkteam.wijkbeeld.measures import measure_record
from wijkteam.wijkbeeld.models import Measure, MeasureKind


def category(slug: str) -> Category:
    return Category.objects.get(slug=slug)


def record(world, **overrides) -> Measure:
    fields = {
        "actor": world.wijkmanager_a,
        "district": world.district_a,
        "title": "Extra schoonmaakronde",
        "kind": MeasureKind.CLEANING_ROUND,
        "neighbourhoods": [world.buurt_a1],
        "started_on": date(2025, 3, 1),
        "target_categories": [category("vervuiling")],
    }
    return measure_record(**(fields | overrides))


def coordinator(world) -> User:
    return make_user("coord@gemeente.test", world.gemeente, Role.COORDINATOR)


def months(first: date, count: int) -> list[date]:
    index = first.year * 12 + first.month - 1
    return [date((index + n) // 12, (index + n) % 12 + 1, 1) for n in range(count)]


def lay_counts(buurt, slug: str, per_month: dict[date, int]) -> None:
    """Kept counts of a subcategory in a buurt (one door)."""
    sub = category(slug)
    SignalMonthCount.objects.bulk_create(
        SignalMonthCount(
            month=month,
            district_id=buurt.district_id,
            neighbourhood=buurt,
            main_category_id=sub.parent_id,
            category=sub,
            channel=Channel.PHONE,
            count=count,
        )
        for month, count in per_month.items()
        if count
    )
