"""The route every chart of the wijk's picture is fetched from (``wijkbeeld:chart``): the SVG
an ``<img>`` shows, and the same numbers as CSV and Excel. Input → the viewer → the chart's
data (with the aggregate rule applied) → the format asked."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wijkteam.core.replica import reads_from_replica
from wijkteam.wijkbeeld.chart_data import ALL_SORT_KEYS, CHARTS
from wijkteam.wijkbeeld.chart_model import Chart
from wijkteam.wijkbeeld.chart_request import ChartRequest, ChartRequestError, parse_chart_request
from wijkteam.wijkbeeld.charts import chart_digest, chart_svg
from wijkteam.wijkbeeld.exports import DOWNLOAD_FORMATS, table_download
from wijkteam.wijkbeeld.picture_access import staff_viewer
from wijkteam.wijkbeeld.reads import main_categories

FORMATS = ("svg", *DOWNLOAD_FORMATS)
# The SVG's own policy: its inline styles (matplotlib writes style attributes and a <style>)
# and nothing else; no script, nothing loaded, never framed.
SVG_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'none'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)


def chart_url(request: ChartRequest, fmt: str = "svg") -> str:
    path = reverse("wijkbeeld:chart", kwargs={"chart": request.name, "fmt": fmt})
    return f"{path}?{urlencode(request.query())}"


def _filename(chart: Chart, fmt: str) -> str:
    request = chart.request
    where = request.area.code if request.area is not None else "gemeente"
    period = f"{request.period.start:%Y-%m}-{request.period.end:%Y-%m}"
    return f"wijkbeeld-{request.name}-{where}-{period}.{fmt}"


def _source(chart: Chart) -> str:
    return _("Bron: Wijkteam, wijkbeeld (%(url)s)") % {"url": chart_url(chart.request, "csv")}


@login_required
@require_GET
@reads_from_replica
def chart_page(request: HttpRequest, chart: str, fmt: str) -> HttpResponse:
    """One chart as ``svg``, ``csv`` or ``xlsx``; the wijk or buurt (``wijk``, ``buurt``), the
    period (periods.py), ``maat``, ``sorteer`` and ``categorie`` in the query string."""
    viewer = staff_viewer(request.user)
    kind = CHARTS.get(chart)
    if kind is None or fmt not in FORMATS:
        raise Http404
    orders = (*ALL_SORT_KEYS, *[category.slug for category in main_categories()])
    try:
        asked = parse_chart_request(
            chart, request.GET, viewer, needs_area=kind.needs_area, orders=orders
        )
        built = kind.build(asked, viewer)
    except ChartRequestError as error:
        if error.status == 404:
            raise Http404(error.message) from error
        return HttpResponse(error.message, status=400, content_type="text/plain; charset=utf-8")
    if fmt == "svg":
        return _svg_response(request, built)
    return table_download(
        built.table,
        fmt,
        title=built.title,
        source=_source(built),
        about_title=_("Toelichting"),
        filename=_filename(built, fmt),
    )


def _svg_response(request: HttpRequest, chart: Chart) -> HttpResponse:
    etag = f'"{chart_digest(chart)}"'
    unchanged = get_conditional_response(request, etag=etag)
    if unchanged is None:
        response = HttpResponse(chart_svg(chart), content_type="image/svg+xml; charset=utf-8")
    else:
        response = unchanged
    response["ETag"] = etag
    response["Content-Security-Policy"] = SVG_POLICY
    # The numbers depend on who asks: a browser may keep the chart, but asks again each time.
    patch_cache_control(response, private=True, no_cache=True)
    return response
