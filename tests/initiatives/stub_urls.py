"""The project's URLs plus a stand-in for the team's initiative pages (``projects:detail``),
for as long as this branch has no team side: moving an idea to the wijkteam notifies the
team's members with a link to that page. Used by conftest.py only when the real route is
missing; once the team side is merged, this module is unused and can go."""

from django.http import HttpResponse
from django.urls import include, path

from wijkteam.urls import urlpatterns as project_urlpatterns

projects = (
    [path("<str:reference>/", lambda request, reference: HttpResponse(), name="detail")],
    "projects",
)
urlpatterns = [*project_urlpatterns, path("wijkprojecten/", include(projects))]
