from django.contrib import admin
from django.urls import include, path

from wijkteam.core import views as core_views
from wijkteam.partners import account_views
from wijkteam.voordeur import views as voordeur_views

urlpatterns = [
    path("", voordeur_views.start, name="home"),
    path("health", core_views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("account/", include("wijkteam.partners.account_urls")),
    path("wijken/", include("wijkteam.partners.urls")),
    path("melden/", include("wijkteam.portal.urls")),
    path("zoeken/", include("wijkteam.voordeur.urls")),
    path("casussen/", include("wijkteam.cases.urls")),
    path("berichten/", include("wijkteam.notifications.urls")),
    path("meldingen/", include("wijkteam.intake.urls")),
    path("meldingen/", include("wijkteam.signals.urls")),
    path("overleg/", include("wijkteam.meetings.urls")),
    path("initiatieven/", include("wijkteam.initiatives.urls")),
    path("wijkprojecten/", include("wijkteam.initiatives.team_urls")),
    path("privacy/", include("wijkteam.privacy.urls")),
    # Before the admin's own: the admin logs in through our page (one lockout, the second step).
    path("beheer/login/", account_views.admin_login),
    path("beheer/", admin.site.urls),
]
