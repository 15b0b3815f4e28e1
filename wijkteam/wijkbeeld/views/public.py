"""The public picture of the wijken (/cijfers/), for anyone, without an account: the list of
wijken, a wijk's page and its open data (CSV and JSON). Input → the public rule → one read →
render; a period that cannot be read is a 400 with a message saying why."""

import json

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from wijkteam.areas.models import District
from wijkteam.wijkbeeld.public_picture import (
    as_csv,
    as_data,
    period_words,
    public_period,
    public_picture,
    public_years,
)

# Public data changes at most with the worker's next count: five minutes in a cache is fine.
DATA_MAX_AGE = 300


def _district(district_code: str) -> District:
    district = District.objects.defer("geometry").filter(code=district_code).first()
    if district is None:
        raise Http404
    return district


@require_GET
def district_list(request: HttpRequest) -> HttpResponse:
    """Every wijk, with a link to its numbers."""
    districts = District.objects.defer("geometry").order_by("code")
    return render(request, "wijkbeeld/public/list.html", {"districts": districts})


@require_GET
def district_page(request: HttpRequest, district_code: str) -> HttpResponse:
    """A wijk's signals per main category per month, its measures and realised initiatives."""
    district = _district(district_code)
    period, error = public_period(request.GET)
    years = public_years()
    if period is None:
        return render(
            request,
            "wijkbeeld/public/bad_period.html",
            {"district": district, "message": error, "years": years},
            status=400,
        )
    picture = public_picture(district, period)
    chosen = request.GET.get("jaar", "") if not request.GET.get("van") else ""
    query = request.GET.urlencode()
    return render(
        request,
        "wijkbeeld/public/district.html",
        {
            "district": district,
            "picture": picture,
            "period_words": period_words(period),
            "years": years,
            "chosen_year": chosen,
            "csv_url": reverse("wijkcijfers:data", args=[district.code, "csv"])
            + (f"?{query}" if query else ""),
            "json_url": reverse("wijkcijfers:data", args=[district.code, "json"])
            + (f"?{query}" if query else ""),
        },
    )


def _public_data(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=DATA_MAX_AGE)
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def district_data(request: HttpRequest, district_code: str, fmt: str) -> HttpResponse:
    """The wijk's numbers as open data: ``fmt`` csv (Dutch Excel) or json."""
    district = _district(district_code)
    period, error = public_period(request.GET)
    if period is None:
        if fmt == "json":
            return JsonResponse({"fout": error}, status=400)
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    picture = public_picture(district, period)
    if fmt == "json":
        data = as_data(
            picture,
            lambda reference: request.build_absolute_uri(
                reverse("initiatives:detail", args=[reference])
            ),
        )
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        return _public_data(response)
    response = HttpResponse(as_csv(picture), content_type="text/csv; charset=utf-8")
    name = f"wijkcijfers-{district.code}-{period.start:%Y-%m}-{period.end:%Y-%m}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return _public_data(response)
