"""How the team works, read from each case's kept figures (cases/models/figures.py), for a wijk
or a buurt and a period, over the main categories the viewer sees (access.py).

A case counts in the period its first signal came in. A sensitive category the viewer sees
only suppressed takes part only when it had no case or at least five: a smaller number must not
hide in a total that another figure could subtract it from. Open work is now, not in a period:
per partner that leads and per main category, small suppressed counts shown as "< 5" and kept
out of the totals."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wijkteam.areas.models import District, Neighbourhood
from wijkteam.cases.models import CaseFigures, LeadBasis
from wijkteam.signals.models import Category
from wijkteam.wijkbeeld.access import Level, PictureViewer, is_hidden_small
from wijkteam.wijkbeeld.percentiles import percentiles_of
from wijkteam.wijkbeeld.periods import Period
from wijkteam.wijkbeeld.reads import Cell, area_filter, visible_main_categories

FRACTIONS = (0.5, 0.9)
BASES = (
    LeadBasis.AGREED,
    LeadBasis.SILENCE,
    LeadBasis.MEETING,
    LeadBasis.URGENT,
    LeadBasis.CONFIDENTIAL,
)


@dataclass(frozen=True)
class Share:
    part: int
    whole: int

    @property
    def percent(self) -> int | None:
        return round(self.part * 100 / self.whole) if self.whole else None


@dataclass
class TeamFigures:
    categories: list[Category]
    left_out: list[Category]
    cases: int = 0
    decided: int = 0
    decision_hours: tuple[float | None, float | None] = (None, None)
    handled: int = 0
    handled_hours: tuple[float | None, float | None] = (None, None)
    bases: list[tuple[str, Share]] = field(default_factory=list)  # (LeadBasis value, share)
    objected: Share = Share(0, 0)
    on_time: Share = Share(0, 0)
    satisfied: Share = Share(0, 0)
    reopened_cases: int = 0
    reopenings: int = 0


def _selection(area: District | Neighbourhood, period: Period) -> QuerySet[CaseFigures]:
    return CaseFigures.objects.filter(
        month__gte=period.start, month__lt=period.end_exclusive, **area_filter(area)
    )


def counted_categories(
    per_category: dict[int, int], viewer: PictureViewer
) -> tuple[list[Category], list[Category]]:
    """The main categories whose cases count (seen, and not a small suppressed number), and
    the suppressed ones left out because their number is small."""
    counted, left_out = [], []
    for category, level in visible_main_categories(viewer):
        number = per_category.get(category.pk, 0)
        if is_hidden_small(number, level):
            left_out.append(category)
        else:
            counted.append(category)
    return counted, left_out


def _sums() -> dict:
    """What is counted per main category: each adds up over the categories that count."""
    decided = Q(decided_at__isnull=False)
    return {
        "cases": Count("case_id"),
        "decided": Count("case_id", filter=decided),
        "objected": Count("case_id", filter=decided & Q(had_objection=True)),
        "handled": Count("case_id", filter=Q(resolved_at__isnull=False)),
        "judged": Count("case_id", filter=Q(on_time__isnull=False)),
        "on_time": Count("case_id", filter=Q(on_time=True)),
        "answers": Sum("feedback_count"),
        "satisfied": Sum("feedback_satisfied"),
        "reopened_cases": Count("case_id", filter=Q(reopenings__gt=0)),
        "reopenings": Sum("reopenings"),
        **{
            f"basis_{basis}": Count("case_id", filter=decided & Q(lead_basis=basis))
            for basis in BASES
        },
    }


def team_figures(
    area: District | Neighbourhood, period: Period, viewer: PictureViewer
) -> TeamFigures:
    """The team's figures for the cases whose first signal came in during the period: two
    queries, whatever the number of cases (the sums per main category, then the percentiles
    over the categories that count)."""
    selection = _selection(area, period)
    per_category = {
        row["main_category_id"]: row
        for row in selection.values("main_category_id").annotate(**_sums()).order_by()
    }
    counted, left_out = counted_categories(
        {pk: row["cases"] for pk, row in per_category.items()}, viewer
    )
    rows = [per_category[c.pk] for c in counted if c.pk in per_category]
    found = {name: sum(row[name] or 0 for row in rows) for name in _sums()}
    times = percentiles_of(
        selection.filter(main_category_id__in=[c.pk for c in counted]),
        ["hours_to_decision", "hours_to_handled"],
        FRACTIONS,
    )
    figures = TeamFigures(categories=counted, left_out=left_out)
    figures.cases = found["cases"]
    figures.decided = found["decided"]
    figures.handled = found["handled"]
    figures.decision_hours = tuple(times["hours_to_decision"])
    figures.handled_hours = tuple(times["hours_to_handled"])
    figures.bases = [
        (basis.value, Share(found[f"basis_{basis}"], figures.decided))
        for basis in BASES
        if basis != LeadBasis.CONFIDENTIAL or found[f"basis_{basis}"]
    ]
    figures.objected = Share(found["objected"], figures.decided)
    figures.on_time = Share(found["on_time"], found["judged"])
    figures.satisfied = Share(found["satisfied"], found["answers"])
    figures.reopened_cases = found["reopened_cases"]
    figures.reopenings = found["reopenings"]
    return figures


@dataclass
class OpenWork:
    """Open cases now per partner that leads ("" : not agreed yet), per main category."""

    columns: list[tuple[Category, Level]]
    rows: list[tuple[str, list[Cell]]]


def open_work(area: District | Neighbourhood, viewer: PictureViewer) -> OpenWork:
    """The open cases of the area now, per lead organisation and main category the viewer sees
    (one query)."""
    columns = visible_main_categories(viewer)
    found = (
        CaseFigures.objects.filter(is_open=True, **area_filter(area))
        .values("lead_id", "lead__name", "main_category_id")
        .annotate(n=Count("case_id"))
        .order_by()
    )
    per_lead: dict[tuple[str, int | None], dict[int, int]] = defaultdict(dict)
    for row in found:
        per_lead[(row["lead__name"] or "", row["lead_id"])][row["main_category_id"]] = row["n"]
    seen = {category.pk for category, _level in columns}
    leads = sorted(per_lead, key=lambda lead: (lead[1] is None, lead[0], lead[1] or 0))
    rows = [
        (
            name,
            [Cell(per_lead[(name, pk)].get(category.pk, 0), level) for category, level in columns],
        )
        for name, pk in leads
        if seen & per_lead[(name, pk)].keys()
    ]
    return OpenWork(columns=columns, rows=rows)


def duration_text(hours: float | None) -> str:
    """A duration in plain calendar time: hours below two days, days from then on."""
    if hours is None:
        return "–"
    if hours < 48:
        digits = 1 if hours < 10 else 0
        shown = round(hours, digits)
        text = ngettext("%(hours)s uur", "%(hours)s uur", 1 if shown == 1 else 2)
        return text % {"hours": number_format(shown, digits)}
    days = hours / 24
    return _("%(days)s dagen") % {"days": number_format(round(days, 1), 1)}
