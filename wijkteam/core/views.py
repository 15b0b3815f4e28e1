import sys

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from wijkteam.core.database_down import (
    RETRY_AFTER_SECONDS,
    caused_by_unreachable_database,
    unavailable_response,
)

FAVICON = "core/favicon.svg"


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For a load balancer: 200 when the application answers and the database takes a query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        response = JsonResponse({"status": "error", "database": "unavailable"}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """The icon a browser asks for at /favicon.ico on its own (pages name it in their head)."""
    return HttpResponsePermanentRedirect(static(FAVICON))


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's answer to an error no view caught (``handler500``): 503 with a friendly page
    when the database could not be reached (core/database_down.py), else the 500 page. Under
    /api/ the API's middleware makes either a problem+json, Retry-After kept."""
    if caused_by_unreachable_database(sys.exc_info()[1]):
        return unavailable_response()
    return defaults.server_error(request)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's answer to a bad request (``handler400``): the same 503 as above when it is a
    session that could not be saved because the database went away meanwhile, else the 400
    page."""
    if caused_by_unreachable_database(exception):
        return unavailable_response()
    return defaults.bad_request(request, exception)
