from django.urls import path

from wijkteam.signals import views

app_name = "signals"
urlpatterns = [
    path("", views.organisation_inbox, name="organisation"),
    path("nieuw/", views.staff_new, name="new"),
    path("veld/", views.field_new, name="field"),
    path("huurachterstand/nieuw/", views.arrears_new, name="arrears_new"),
    path("huurachterstand/import/", views.arrears_import, name="arrears_import"),
    path(
        "huurachterstand/import/<int:import_id>/",
        views.arrears_import_status,
        name="arrears_import_status",
    ),
    path("wijk/<str:district_code>/", views.team_inbox, name="team"),
    path("<str:reference>/", views.signal_detail, name="detail"),
    path("<str:reference>/foto/<int:attachment_id>/", views.signal_photo, name="photo"),
    path("<str:reference>/locatie/", views.signal_location, name="location"),
]
