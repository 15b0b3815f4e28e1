"""The staff search's page: the header's search box asks it (GET ?q=)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from wijkteam.core.replica import reads_from_replica
from wijkteam.partners.access import is_staff_member
from wijkteam.search.access import MAX_QUERY, ROWS, search_for_user, search_query


@login_required
@require_GET
@reads_from_replica
def search(request: HttpRequest) -> HttpResponse:
    if not is_staff_member(request.user):
        raise Http404
    asked = request.GET.get("q", "")
    results = search_for_user(request.user, asked)
    return render(
        request,
        "search/results.html",
        {
            "results": results,
            "asked": search_query(asked),
            "too_long": len(" ".join(asked.split())) > MAX_QUERY,
            "rows": ROWS,
        },
    )
