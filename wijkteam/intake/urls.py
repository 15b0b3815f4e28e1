from django.urls import path

from wijkteam.intake import views

app_name = "intake"
urlpatterns = [
    path("nieuw/", views.staff_new, name="new"),
    path("veld/", views.field_new, name="field"),
    path("huurachterstand/nieuw/", views.arrears_new, name="arrears_new"),
    path("huurachterstand/import/", views.arrears_import, name="arrears_import"),
    path(
        "huurachterstand/import/<int:import_id>/",
        views.arrears_import_status,
        name="arrears_import_status",
    ),
    path("<str:reference>/locatie/", views.signal_location, name="location"),
]
