"""The project's URLs, with a stand-in for the team's page of an initiative
(``projects:detail``, ``/wijkprojecten/<reference>/``) while the initiatives' team pages are
not mounted: the agenda links its initiative items there. Once they are, this is the project's
own URLs unchanged."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from wijkteam.urls import urlpatterns as project


def stand_in(request: HttpRequest, reference: str) -> HttpResponse:
    return HttpResponse(reference)


urlpatterns = list(project)
if not any(getattr(pattern, "namespace", None) == "projects" for pattern in project):
    urlpatterns.append(
        path(
            "wijkprojecten/",
            include(([path("<str:reference>/", stand_in, name="detail")], "projects")),
        )
    )
