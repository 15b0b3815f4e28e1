"""The floor's pages: the report form (GET), the report (POST: validate, one INSERT,
redirect) and the receipt with the reference, at the resident form's own paths."""

from django import forms
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template import engines
from django.urls import path

TABLE_SQL = """
    CREATE TABLE floor_report (
        id bigserial PRIMARY KEY,
        category integer NOT NULL,
        description text NOT NULL,
        latitude double precision NOT NULL,
        longitude double precision NOT NULL,
        email varchar(254) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
    )
"""

PAGE = engines["django"].from_string(
    """<!doctype html><title>Melden</title>
{% if reference %}<p>Uw meldingnummer: <strong id="reference">{{ reference }}</strong></p>
{% else %}<form method="post" action="/melden/">{% csrf_token %}{{ form }}
<button type="submit">Versturen</button></form>{% endif %}"""
)


class ReportForm(forms.Form):
    category = forms.IntegerField(min_value=1)
    description = forms.CharField(max_length=2000)
    latitude = forms.FloatField(min_value=-90, max_value=90)
    longitude = forms.FloatField(min_value=-180, max_value=180)
    email = forms.EmailField()


def report(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        data = form.cleaned_data
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO floor_report (category, description, latitude, longitude, email) "
                "VALUES (%s, %s, %s, %s, %s) RETURNING id",
                [data[name] for name in ReportForm.base_fields],
            )
            (number,) = cursor.fetchone()
        return redirect("received", reference=f"F-{number}")
    status = 400 if form.is_bound else 200
    return HttpResponse(PAGE.render({"form": form}, request), status=status)


def received(request: HttpRequest, reference: str) -> HttpResponse:
    return HttpResponse(PAGE.render({"reference": reference}, request))


urlpatterns = [
    path("melden/", report, name="report"),
    path("melden/ontvangen/<str:reference>/", received, name="received"),
]
