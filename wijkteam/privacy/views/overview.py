"""The privacy officer's starting page: what each privacy page is for."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wijkteam.privacy.access import is_privacy_officer, may_search_access_log, require


@require(may_search_access_log)
def overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/overview.html",
        {"privacy_officer": is_privacy_officer(request.user)},
    )
