from django.urls import path

from wijkteam.privacy.views import access_log, legal_hold, overview, persons, retention

app_name = "privacy"
urlpatterns = [
    path("", overview.overview, name="overview"),
    path("toegangslog/", access_log.access_log, name="access_log"),
    path("personen/", persons.persons, name="persons"),
    path("personen/<int:request_id>/", persons.person_request, name="person_request"),
    path(
        "personen/<int:request_id>/export/",
        persons.person_request_export,
        name="person_request_export",
    ),
    path(
        "personen/<int:request_id>/wissen/",
        persons.person_request_erase_view,
        name="person_request_erase",
    ),
    path("bewaartermijnen/", retention.retention_overview, name="retention"),
    path("bewaarplicht/", legal_hold.legal_holds, name="legal_holds"),
    path(
        "bewaarplicht/<str:reference>/opheffen/",
        legal_hold.legal_hold_lift,
        name="legal_hold_lift",
    ),
]
