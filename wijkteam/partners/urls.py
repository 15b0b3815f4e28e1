from django.urls import path

from wijkteam.partners import views

app_name = "teams"
urlpatterns = [
    path("", views.team_list, name="list"),
    path("kies", views.switch_district, name="switch"),
    path("<str:district_code>/", views.team_detail, name="detail"),
]
