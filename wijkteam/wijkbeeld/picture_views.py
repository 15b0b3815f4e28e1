"""The staff pages of the wijk's picture: all wijken side by side, a wijk, a buurt. Each page:
the query string (period, measure, sort) → the viewer → the charts' data (with the aggregate
rule applied) → render. They read only the kept aggregates, a fixed number of queries each."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wijkteam.areas.models import District, Neighbourhood
from wijkteam.core.replica import reads_from_replica
from wijkteam.wijkbeeld.access import PictureViewer
from wijkteam.wijkbeeld.chart_data import (
    ALL_SORT_KEYS,
    categories_chart,
    comparison_chart,
    comparison_keys,
    monthly_chart,
)
from wijkteam.wijkbeeld.chart_model import Chart
from wijkteam.wijkbeeld.chart_request import MEASURES, ChartRequest
from wijkteam.wijkbeeld.chart_views import chart_url
from wijkteam.wijkbeeld.charts import figure_inches
from wijkteam.wijkbeeld.freshness import picture_cached
from wijkteam.wijkbeeld.period_form import period_form
from wijkteam.wijkbeeld.periods import Period, parse_period
from wijkteam.wijkbeeld.picture_access import (
    picture_district,
    picture_neighbourhood,
    staff_viewer,
)
from wijkteam.wijkbeeld.reads import visible_main_categories
from wijkteam.wijkbeeld.team_charts import lead_chart, open_work_chart
from wijkteam.wijkbeeld.team_figures import duration_text, open_work, team_figures

PIXELS_PER_INCH = 96


def optional_url(name: str, **kwargs) -> str | None:
    """The address of a page that may not exist in this build (another part's route)."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def _measure(request: HttpRequest) -> tuple[str, str]:
    measure = request.GET.get("maat", "") or "aantal"
    if measure not in MEASURES:
        return "aantal", _("Deze maat bestaat niet; u ziet het aantal meldingen.")
    return measure, ""


def _query(period: Period, **extra: str) -> str:
    pairs = list(period.query().items()) + [(k, v) for k, v in extra.items() if v]
    return urlencode(pairs)


def shown_chart(chart: Chart, *, sort: dict | None = None) -> dict:
    """What the page's chart block needs: the chart, its addresses and its drawn size."""
    width, height = figure_inches(chart.plot)
    return {
        "chart": chart,
        "svg": chart_url(chart.request, "svg"),
        "csv": chart_url(chart.request, "csv"),
        "xlsx": chart_url(chart.request, "xlsx"),
        "width": round(width * PIXELS_PER_INCH),
        "height": round(height * PIXELS_PER_INCH),
        "headers": _sort_headers(chart, **sort) if sort else None,
    }


def _sort_headers(chart: Chart, *, keys: list[str], order: str, query: str) -> list[dict]:
    """The comparison's column headers as links that sort by them (again: the other way)."""
    headers = []
    for key, label in zip(["naam", *keys], [chart.table.header, *chart.table.columns], strict=True):
        current = order.removeprefix("-") == key or (key == "naam" and not order)
        descending = order.startswith("-")
        next_order = ("" if descending else "-") + key if current else key
        headers.append(
            {
                "label": label,
                "href": f"?{query}&sorteer={next_order}" if query else f"?sorteer={next_order}",
                "sort": ("descending" if descending else "ascending") if current else "",
            }
        )
    return headers


def _measure_links(period: Period, measure: str, *, anchor: str, order: str = "") -> list[dict]:
    labels = {
        "aantal": _("Aantal"),
        "inwoners": _("Per 1.000 inwoners"),
        "huishoudens": _("Per 1.000 huishoudens"),
    }
    return [
        {
            "label": labels[choice],
            "href": "?"
            + _query(period, maat=choice if choice != "aantal" else "", sorteer=order)
            + f"#{anchor}",
            "current": choice == measure,
        }
        for choice in MEASURES
    ]


def _comparison(request: ChartRequest, viewer: PictureViewer, columns) -> dict:
    chart = comparison_chart(request, viewer)
    query = _query(request.period, maat=request.measure if request.measure != "aantal" else "")
    keys = comparison_keys(columns, request.measure)
    return shown_chart(chart, sort={"keys": keys, "order": request.order, "query": query})


def _order(request: HttpRequest, columns) -> str:
    order = request.GET.get("sorteer", "")
    keys = {*ALL_SORT_KEYS, *[category.slug for category, _level in columns]}
    return order if order.removeprefix("-") in keys else ""


@login_required
@require_GET
@reads_from_replica
def overview_page(request: HttpRequest) -> HttpResponse:
    """All wijken side by side for the period: per main category, per 1,000 inhabitants and
    households, sortable by any column."""
    viewer = staff_viewer(request.user)
    period, period_error = parse_period(request.GET)
    measure, measure_error = _measure(request)
    columns = visible_main_categories(viewer)
    order = _order(request, columns)
    asked = ChartRequest("wijken", period, None, measure, order)
    return render(
        request,
        "wijkbeeld/overview.html",
        {
            "period": period,
            "errors": [error for error in (period_error, measure_error) if error],
            "form": period_form(period, measure=measure, order=order),
            "comparison": _comparison(asked, viewer, columns),
            "measure_links": _measure_links(period, measure, anchor="wijken", order=order),
            "period_query": _query(period),
        },
    )


def _area_context(
    request: HttpRequest, viewer: PictureViewer, area: District | Neighbourhood
) -> dict:
    """What a wijk's and a buurt's page share: trend, categories, how the team works."""
    period, period_error = parse_period(request.GET)
    measure, measure_error = _measure(request)
    # The case figures are the page's dearest reads: kept until the worker refreshes them.
    levels = tuple((c.pk, level.value) for c, level in visible_main_categories(viewer))
    where = (type(area).__name__, area.pk)
    figures = picture_cached(
        ("team", where, period.start, period.end, levels),
        lambda: team_figures(area, period, viewer),
    )
    work = picture_cached(("open", where, levels), lambda: open_work(area, viewer))
    district = area if isinstance(area, District) else area.district
    monthly = ChartRequest("maanden", period, area, measure)
    base = ChartRequest("", period, area)
    return {
        "area": area,
        "district": district,
        "period": period,
        "measure": measure,
        "errors": [error for error in (period_error, measure_error) if error],
        "form": period_form(period, measure=measure),
        "monthly": shown_chart(monthly_chart(monthly, viewer)),
        "measure_links": _measure_links(period, measure, anchor="per-maand"),
        "categories": shown_chart(categories_chart(_named(base, "categorieen"), viewer)),
        "figures": figures,
        "decision": [duration_text(hours) for hours in figures.decision_hours],
        "handled": [duration_text(hours) for hours in figures.handled_hours],
        "lead": shown_chart(lead_chart(_named(base, "regie"), viewer, figures)),
        "open_work": shown_chart(open_work_chart(_named(base, "open-werk"), viewer, work)),
        "hotspots_url": optional_url("wijkbeeld:hotspots", district_code=district.code),
        "measures_url": optional_url("wijkbeeld:measures", district_code=district.code),
        "period_query": _query(period),
    }


def _named(request: ChartRequest, name: str) -> ChartRequest:
    return ChartRequest(name, request.period, request.area, request.measure, request.order)


@login_required
@require_GET
@reads_from_replica
def district_page(request: HttpRequest, district_code: str) -> HttpResponse:
    """A wijk's picture over the period: its trend, categories, buurten and team figures."""
    viewer = staff_viewer(request.user)
    district = picture_district(district_code)
    context = _area_context(request, viewer, district)
    columns = visible_main_categories(viewer)
    order = _order(request, columns)
    asked = ChartRequest("buurten", context["period"], district, context["measure"], order)
    context["comparison"] = _comparison(asked, viewer, columns)
    context["comparison_links"] = _measure_links(
        context["period"], context["measure"], anchor="buurten", order=order
    )
    return render(request, "wijkbeeld/district.html", context)


@login_required
@require_GET
@reads_from_replica
def neighbourhood_page(
    request: HttpRequest, district_code: str, neighbourhood_code: str
) -> HttpResponse:
    """A buurt's picture over the period: its trend, categories and team figures."""
    viewer = staff_viewer(request.user)
    neighbourhood = picture_neighbourhood(district_code, neighbourhood_code)
    context = _area_context(request, viewer, neighbourhood)
    return render(request, "wijkbeeld/neighbourhood.html", context)
