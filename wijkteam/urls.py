from django.contrib import admin
from django.urls import include, path

from wijkteam.core import views as core_views
from wijkteam.operations.metrics import metrics
from wijkteam.partners import account_views
from wijkteam.voordeur import views as voordeur_views

# An error no view caught: 503 while the database is away, else the 500 page.
handler400 = core_views.bad_request
handler500 = core_views.server_error

urlpatterns = [
    path("", voordeur_views.start, name="home"),
    path("health", core_views.health, name="health"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("metrics", metrics, name="metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("account/", include("wijkteam.partners.account_urls")),
    path("wijken/", include("wijkteam.partners.urls")),
    path("melden/", include("wijkteam.portal.urls")),
    path("zoeken/", include("wijkteam.voordeur.urls")),
    path("intern/zoeken/", include("wijkteam.search.urls")),
    path("casussen/", include("wijkteam.cases.urls")),
    path("berichten/", include("wijkteam.notifications.urls")),
    path("meldingen/", include("wijkteam.intake.urls")),
    path("meldingen/", include("wijkteam.signals.urls")),
    path("overleg/", include("wijkteam.meetings.urls")),
    path("initiatieven/", include("wijkteam.initiatives.urls")),
    path("wijkprojecten/", include("wijkteam.initiatives.team_urls")),
    path("wijkbeeld/", include("wijkteam.wijkbeeld.urls")),
    path("cijfers/", include("wijkteam.wijkbeeld.public_urls")),
    path("privacy/", include("wijkteam.privacy.urls")),
    path("open311/v2/", include("wijkteam.open311.urls")),
    path("api/v1/", include("wijkteam.api.urls")),
    # Before the admin's own: the admin logs in through our page (one lockout, the second step).
    path("beheer/login/", account_views.admin_login),
    path("beheer/", admin.site.urls),
]
