"""The charts of the wijk's picture about the signals, as data (chart_model.py): per month, per
wijk or buurt side by side, per category; and the list of every chart the chart route serves
(the team's own are in team_charts.py). The counts come from reads.py with the need-to-know
rule already applied."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wijkteam.areas.models import District
from wijkteam.wijkbeeld.access import PictureViewer
from wijkteam.wijkbeeld.chart_model import (
    LINES,
    STACKED,
    Chart,
    Plot,
    area_name,
    described,
    measured_value,
    not_told_note,
    population,
    series_of,
    unit,
)
from wijkteam.wijkbeeld.chart_request import ChartRequest, ChartRequestError
from wijkteam.wijkbeeld.marks import Mark, measure_marks
from wijkteam.wijkbeeld.reads import (
    area_lines,
    chosen_monthly_lines,
    monthly_lines,
    subcategory_lines,
)
from wijkteam.wijkbeeld.tables import (
    Row,
    Table,
    Value,
    count_value,
    number_value,
    rate_value,
    told_cell,
    unknown,
)
from wijkteam.wijkbeeld.team_charts import lead_chart, open_work_chart


def _mark_line(mark: Mark) -> str:
    start = date_format(mark.start, "j F Y")
    if mark.end is None:
        return _("%(title)s (sinds %(start)s)") % {"title": mark.title, "start": start}
    return _("%(title)s (%(start)s t/m %(end)s)") % {
        "title": mark.title,
        "start": start,
        "end": date_format(mark.end, "j F Y"),
    }


def _line_summary(table: Table, index: int, line, measure: str) -> str:
    """One series of a time chart in words: its told total and its highest month."""
    told = [(row.values[index], row.label) for row in table.rows]
    told = [(value, month) for value, month in told if value.number]
    words = {"label": line.label}
    if measure == "aantal":
        words["total"] = told_cell(line.cells).value
        if not told:
            return _("%(label)s: %(total)s in totaal") % words
        value, words["month"] = max(told, key=lambda pair: pair[0].number)
        words["value"] = value.text
        return _("%(label)s: %(total)s in totaal, het meest in %(month)s (%(value)s)") % words
    if not told:
        return _("%(label)s: geen cijfer") % words
    value, words["month"] = max(told, key=lambda pair: pair[0].number)
    words["value"] = value.text
    return _("%(label)s: het hoogst in %(month)s (%(value)s per 1.000)") % words


def monthly_chart(request: ChartRequest, viewer: PictureViewer) -> Chart:
    """Signals per month per main category (or per category chosen) over the period."""
    area, measure = request.area, request.measure
    if request.categories:
        months, lines = chosen_monthly_lines(area, request.period, viewer, request.categories)
    else:
        months, lines = monthly_lines(area, request.period, viewer)
    people = population(area, measure)
    table = Table(
        caption=_("%(unit)s per maand") % {"unit": unit(measure).capitalize()},
        header=_("Maand"),
        columns=[line.label for line in lines],
    )
    for index, month in enumerate(months):
        values = [measured_value(line.cells[index], measure, people, digits=2) for line in lines]
        table.rows.append(Row(date_format(month, "F Y"), values, key=f"{month:%Y-%m}"))
    if measure != "aantal" and not people:
        table.notes.append(_("Het aantal is onbekend, dus er is geen cijfer per 1.000."))
    table.notes += not_told_note(table)
    marks = measure_marks(area, request.period, public=False) if area is not None else []
    title = _("%(unit)s per maand in %(area)s, %(period)s") % {
        "unit": unit(measure).capitalize(),
        "area": area_name(area),
        "period": request.period.label,
    }
    parts = [
        _("Lijndiagram met per hoofdcategorie een lijn over de maanden van de periode.")
        if not request.categories
        else _("Lijndiagram met per gekozen categorie een lijn over de maanden van de periode.")
    ]
    parts += [_line_summary(table, index, line, measure) for index, line in enumerate(lines)]
    if marks:
        parts.append(
            _("Gemarkeerde periodes (maatregelen): %(marks)s")
            % {"marks": "; ".join(_mark_line(mark) for mark in marks)}
        )
    parts += table.notes
    plot = Plot(
        kind=LINES,
        labels=[date_format(month, "b Y") for month in months],
        series=series_of(table, range(len(lines))),
        axis_label=unit(measure),
        months=months,
        marks=marks,
    )
    return Chart(request, title, described(parts), table, plot)


def _sorted(table: Table, order: str, keys: list[str]) -> None:
    """Sort the rows by a column (a key of ``keys``, else by name; "-" first: descending).
    Rows without a number go last either way."""
    if order.removeprefix("-") not in keys:
        table.rows.sort(key=lambda row: row.label.lower(), reverse=order.startswith("-"))
        return
    index = keys.index(order.removeprefix("-"))
    descending = order.startswith("-")
    told = [row for row in table.rows if row.values[index].number is not None]
    rest = [row for row in table.rows if row.values[index].number is None]
    told.sort(key=lambda row: row.values[index].number, reverse=descending)
    table.rows = told + rest


def comparison_keys(columns, measure: str) -> list[str]:
    """The sort keys of a comparison's columns, in their order."""
    keys = ["inwoners", "huishoudens", *[category.slug for category, _level in columns], "totaal"]
    return keys + (["per-inwoners", "per-huishoudens"] if measure == "aantal" else [])


ALL_SORT_KEYS = ("naam", "inwoners", "huishoudens", "totaal", "per-inwoners", "per-huishoudens")


def comparison_chart(request: ChartRequest, viewer: PictureViewer) -> Chart:
    """Wijken side by side (``wijken``), or the buurten of a wijk (``buurten``): per area its
    signals per main category in the period, counted or per 1,000, with the total told."""
    if request.name == "buurten":
        if not isinstance(request.area, District):
            raise ChartRequestError(_("Kies een wijk (wijk=...) om de buurten te vergelijken."))
        areas = list(request.area.neighbourhoods.defer("geometry").order_by("code"))
        where = request.area.name
    else:
        areas = list(District.objects.defer("geometry").order_by("code"))
        where = _("de gemeente")
    columns, rows = area_lines(areas, request.period, viewer)
    measure = request.measure
    table = Table(
        caption=_("%(unit)s per %(what)s")
        % {
            "unit": unit(measure).capitalize(),
            "what": _("buurt") if request.name == "buurten" else _("wijk"),
        },
        header=_("Buurt") if request.name == "buurten" else _("Wijk"),
        columns=[
            _("Inwoners"),
            _("Huishoudens"),
            *[category.display_name for category, _level in columns],
            _("Totaal"),
        ],
    )
    if measure == "aantal":
        table.columns += [_("Totaal per 1.000 inwoners"), _("Totaal per 1.000 huishoudens")]
    for area, cells in rows:
        people = population(area, measure)
        told = told_cell(cells)
        values = [
            number_value(area.inhabitants) if area.inhabitants else unknown(),
            number_value(area.households) if area.households else unknown(),
            *[measured_value(cell, measure, people, digits=1) for cell in cells],
            measured_value(told, measure, people, digits=1),
        ]
        if measure == "aantal":
            values += [rate_value(told, area.inhabitants), rate_value(told, area.households)]
        table.rows.append(Row(area.name, values, key=area.code))
    _sorted(table, request.order, comparison_keys(columns, measure))
    table.notes += not_told_note(table)
    title = _("%(unit)s per %(what)s in %(where)s, %(period)s") % {
        "unit": unit(measure).capitalize(),
        "what": _("buurt") if request.name == "buurten" else _("wijk"),
        "where": where,
        "period": request.period.label,
    }
    total_index = 2 + len(columns)
    totals = [(row.values[total_index].number, row.label) for row in table.rows]
    totals = [pair for pair in totals if pair[0] is not None]
    parts = [_("Liggend staafdiagram, per hoofdcategorie gestapeld")]
    if totals:
        high, low = max(totals), min(totals)
        parts.append(
            _("Het meest: %(high)s (%(high_value)s); het minst: %(low)s (%(low_value)s)")
            % {
                "high": high[1],
                "high_value": Value(high[0], 0 if measure == "aantal" else 1).text,
                "low": low[1],
                "low_value": Value(low[0], 0 if measure == "aantal" else 1).text,
            }
        )
    parts += table.notes
    plot = Plot(
        kind=STACKED,
        labels=[row.label for row in table.rows],
        series=series_of(table, range(2, 2 + len(columns))),
        axis_label=unit(measure),
    )
    return Chart(request, title, described(parts), table, plot)


def categories_chart(request: ChartRequest, viewer: PictureViewer) -> Chart:
    """The main categories and their subcategories over the period: counts and per 1,000."""
    area = request.area
    mains = subcategory_lines(area, request.period, viewer)
    inhabitants, households = area.inhabitants, area.households
    table = Table(
        caption=_("Meldingen per categorie"),
        header=_("Categorie"),
        columns=[_("Aantal"), _("Per 1.000 inwoners"), _("Per 1.000 huishoudens")],
    )
    for main, subs in mains:
        for line, depth in [(main, 0), *[(sub, 1) for sub in subs]]:
            cell = line.cells[0]
            table.rows.append(
                Row(
                    f"{main.label} – {line.label}" if depth else line.label,
                    [
                        count_value(cell),
                        rate_value(cell, inhabitants),
                        rate_value(cell, households),
                    ],
                    depth=depth,
                    key=line.key.slug,
                )
            )
    table.notes += not_told_note(table)
    sub_rows = [
        (main.label, f"{main.label} – {sub.label}", count_value(sub.cells[0]))
        for main, subs in mains
        for sub in subs
    ]
    labels = [main.label for main, _subs in mains]
    plot = Plot(
        kind=STACKED,
        labels=[sub for _main, sub, _value in sub_rows],
        series=[
            (label, [value.plotted if main == label else 0.0 for main, _sub, value in sub_rows])
            for label in labels
        ],
        axis_label=unit("aantal"),
    )
    title = _("Meldingen per categorie in %(area)s, %(period)s") % {
        "area": area_name(area),
        "period": request.period.label,
    }
    parts = [_("Liggend staafdiagram met per subcategorie het aantal meldingen in de periode")]
    parts += [
        _("%(label)s: %(total)s") % {"label": main.label, "total": main.cells[0].value}
        for main, _subs in mains
    ]
    parts += table.notes
    return Chart(request, title, described(parts), table, plot)


@dataclass(frozen=True)
class ChartKind:
    build: Callable[[ChartRequest, PictureViewer], Chart]
    needs_area: bool


CHARTS: dict[str, ChartKind] = {
    "maanden": ChartKind(monthly_chart, needs_area=False),
    "wijken": ChartKind(comparison_chart, needs_area=False),
    "buurten": ChartKind(comparison_chart, needs_area=True),
    "categorieen": ChartKind(categories_chart, needs_area=True),
    "open-werk": ChartKind(open_work_chart, needs_area=True),
    "regie": ChartKind(lead_chart, needs_area=True),
}
