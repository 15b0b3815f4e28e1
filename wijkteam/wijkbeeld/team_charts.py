"""The charts of how the team works: how the first responder was agreed, and the open work
per partner now (from team_figures.py, with the need-to-know rule applied)."""

from django.utils.translation import gettext as _

from wijkteam.cases.models import LeadBasis
from wijkteam.wijkbeeld.access import PictureViewer
from wijkteam.wijkbeeld.chart_model import (
    STACKED,
    Chart,
    Plot,
    area_name,
    described,
    not_told_note,
    series_of,
)
from wijkteam.wijkbeeld.chart_request import ChartRequest
from wijkteam.wijkbeeld.tables import Row, Table, Value, count_value, number_value, told_cell
from wijkteam.wijkbeeld.team_figures import OpenWork, TeamFigures, open_work, team_figures


def open_work_chart(
    request: ChartRequest, viewer: PictureViewer, work: OpenWork | None = None
) -> Chart:
    """Open cases now per partner that leads, per main category."""
    work = work or open_work(request.area, viewer)
    table = Table(
        caption=_("Open casussen per partner"),
        header=_("Partner"),
        columns=[*[category.display_name for category, _level in work.columns], _("Totaal")],
    )
    for name, cells in work.rows:
        values = [count_value(cell) for cell in cells] + [count_value(told_cell(cells))]
        table.rows.append(Row(name or _("Nog geen regie afgesproken"), values))
    table.notes += not_told_note(table)
    title = _("Open werk per partner in %(area)s, nu") % {"area": area_name(request.area)}
    parts = [_("Liggend staafdiagram van de open casussen per partner die de regie heeft")]
    parts += [
        _("%(label)s: %(total)s") % {"label": row.label, "total": row.values[-1].text}
        for row in table.rows
    ] or [_("Er zijn geen open casussen")]
    parts += table.notes
    plot = Plot(
        kind=STACKED,
        labels=[row.label for row in table.rows],
        series=series_of(table, range(len(work.columns))),
        axis_label=_("open casussen"),
    )
    return Chart(request, title, described(parts), table, plot)


def lead_chart(
    request: ChartRequest, viewer: PictureViewer, figures: TeamFigures | None = None
) -> Chart:
    """How the first responder was agreed, as shares of the cases with an agreed lead."""
    figures = figures or team_figures(request.area, request.period, viewer)
    table = Table(
        caption=_("Hoe de regie werd afgesproken"),
        header=_("Manier"),
        columns=[_("Casussen"), _("Aandeel (%)")],
    )
    shares = [(LeadBasis(basis).label, share) for basis, share in figures.bases]
    shares.append((_("Na een bezwaar"), figures.objected))
    for label, share in shares:
        table.rows.append(Row(str(label), [Value(share.part), number_value(share.percent)]))
    title = _("Hoe de regie werd afgesproken in %(area)s, %(period)s") % {
        "area": area_name(request.area),
        "period": request.period.label,
    }
    parts = [
        _("Liggend staafdiagram: aandeel van de %(n)s casussen met afgesproken regie")
        % {"n": figures.decided}
    ]
    parts += [
        _("%(label)s: %(percent)s%%") % {"label": row.label, "percent": row.values[1].text}
        for row in table.rows
        if row.values[1].number is not None
    ]
    plot = Plot(
        kind=STACKED,
        labels=[row.label for row in table.rows],
        series=[(_("Aandeel (%)"), [v.plotted for v in table.column(1)])],
        axis_label=_("procent van de casussen met afgesproken regie"),
        percent=True,
    )
    return Chart(request, title, described(parts), table, plot)
