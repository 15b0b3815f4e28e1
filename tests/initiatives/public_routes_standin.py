"""A stand-in for the public side's routes (namespace ``initiatives``) that the team side's
emails link to, for as long as this branch runs without them: the project's URLs plus the two
named routes the update and moderation emails reverse. ``team_support.public_routes`` uses it
only when the real ones are missing."""

from django.http import HttpResponse
from django.urls import include, path

from wijkteam.urls import urlpatterns as project_urlpatterns


def _page(request, **kwargs) -> HttpResponse:
    return HttpResponse("")


public = (
    [
        path("afmelden/<str:value>/", _page, name="unsubscribe"),
        path("<str:reference>/", _page, name="detail"),
    ],
    "initiatives",
)
urlpatterns = [*project_urlpatterns, path("initiatieven/", include(public))]
