"""The demo's measures in Wijk 02 Zuidoost, recorded by its wijkmanager through the ordinary
service, so that the measures' pages have one of each:

- "Extra schoonmaakronde" in Engelenburg and Petenbos, against pollution, since the first day
  of the month ten months ago: long enough to judge (the history shows its drop);
- "Extra verlichting" in 't Hoorntje, against vandalism and unsafe places, since three weeks
  ago: too recent to judge, so its page says so instead of a number.

Loaded after the history; a measure already there (by its title in the wijk) is left alone."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from wijkteam.areas.models import District, Neighbourhood
from wijkteam.partners.models import Organisation, User
from wijkteam.signals.models import Category
from wijkteam.wijkbeeld.measures import measure_record
from wijkteam.wijkbeeld.models import Measure, MeasureKind

ZUIDOOST = "WK034502"
WIJKMANAGER = "wijkmanager.zuidoost@gemeente.example"


def _months_back(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class DemoMeasure:
    title: str
    kind: str
    description: str
    buurten: tuple[str, ...]
    targets: tuple[str, ...]  # category slugs
    partners: tuple[str, ...]  # keys of veenendaal.ORGANISATIONS
    cost: Decimal


CLEANING = DemoMeasure(
    "Extra schoonmaakronde",
    MeasureKind.CLEANING_ROUND,
    "Elke week een extra ronde langs de containerplekken, portieken en speelveldjes: de "
    "gemeente in de openbare ruimte, Veenvesters bij de complexen.",
    ("BU03450200", "BU03450223"),
    ("vervuiling",),
    ("gemeente", "veenvesters"),
    Decimal("18000"),
)
LIGHTING = DemoMeasure(
    "Extra verlichting",
    MeasureKind.LIGHTING,
    "Extra lantaarnpalen langs de paden en het speelveld, waar bewoners donkere plekken en "
    "vernielingen meldden.",
    ("BU03450210",),
    ("vernieling", "onveiligheid"),
    ("gemeente",),
    Decimal("42500"),
)


def demo_measure_starts(today: date) -> dict[str, date]:
    """When each measure started, relative to the demo's today."""
    return {
        CLEANING.title: _months_back(today.replace(day=1), 10),
        LIGHTING.title: today - timedelta(weeks=3),
    }


def measures_stage_load(organisations: dict[str, Organisation]) -> int:
    """Record the demo's measures that are not there yet; how many were recorded."""
    district = District.objects.filter(code=ZUIDOOST).first()
    actor = User.objects.filter(email=WIJKMANAGER).first()
    if district is None or actor is None:
        return 0
    starts = demo_measure_starts(timezone.localdate())
    created = 0
    for demo in (CLEANING, LIGHTING):
        if Measure.objects.filter(district=district, title=demo.title).exists():
            continue
        measure_record(
            actor=actor,
            district=district,
            title=demo.title,
            kind=demo.kind,
            description=demo.description,
            neighbourhoods=list(Neighbourhood.objects.filter(code__in=demo.buurten)),
            started_on=starts[demo.title],
            cost=demo.cost,
            partners=[organisations[key] for key in demo.partners],
            target_categories=list(Category.objects.filter(slug__in=demo.targets)),
        )
        created += 1
    return created
