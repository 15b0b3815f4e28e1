"""The project's pages plus one written for the access-log tests: a page that reads a case
through the access layer and does nothing about the log itself."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from wijkteam.cases.access import case_for_user
from wijkteam.urls import urlpatterns as project_urlpatterns


def fresh_case_page(request: HttpRequest, reference: str) -> HttpResponse:
    case, access = case_for_user(request.user, reference)
    # Read twice, as pages do (a form sent back re-reads it): still one view.
    case_for_user(request.user, reference)
    return HttpResponse(case.place_line if access.details else case.reference)


urlpatterns = [
    path("proef/casus/<str:reference>/", fresh_case_page, name="fresh_case_page"),
    *project_urlpatterns,
]
