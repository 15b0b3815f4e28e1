"""The measures (maatregelen) a time chart of the wijk's picture marks: each as a shaded
period with its name, so that a reader sees what the team did when the counts moved."""

from dataclasses import dataclass
from datetime import date

from wijkteam.areas.models import District, Neighbourhood
from wijkteam.wijkbeeld.models import Measure
from wijkteam.wijkbeeld.periods import Period


@dataclass(frozen=True)
class Mark:
    """A measure as a chart marks it: from ``start`` up to and including ``end`` (None:
    still running)."""

    measure_id: int
    title: str
    kind: str
    start: date
    end: date | None

    def key(self) -> tuple:
        return (self.measure_id, self.title, self.start.isoformat(), str(self.end or ""))


def measure_marks(
    area: District | Neighbourhood | None, period: Period, *, public: bool
) -> list[Mark]:
    """The measures that ran during (part of) the period: for a buurt those taken in that
    buurt, for a wijk the wijk's own; with ``public`` only those on the public page. None for
    no area (the whole gemeente has no measures of its own). One query."""
    if area is None:
        return []
    if isinstance(area, Neighbourhood):
        measures = Measure.objects.filter(neighbourhoods=area)
    else:
        measures = Measure.objects.filter(district=area)
    if public:
        measures = measures.filter(is_public=True)
    running = measures.filter(started_on__lt=period.end_exclusive).exclude(
        ended_on__lt=period.start
    )
    rows = running.order_by("started_on", "pk").values_list(
        "pk", "title", "kind", "started_on", "ended_on"
    )
    return [
        Mark(measure_id=pk, title=title, kind=kind, start=started, end=ended)
        for pk, title, kind, started, ended in rows.distinct()
    ]
