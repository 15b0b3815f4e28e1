from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from wijkteam.partners.access import current_district_code


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Staff land on the team page of their current wijk, or on the list of wijkteams."""
    code = current_district_code(request)
    if code:
        return redirect("teams:detail", district_code=code)
    return redirect("teams:list")


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For a load balancer: 200 when the application answers and the database takes a query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
