from django.urls import path

from wijkteam.signals import views

app_name = "signals"
urlpatterns = [
    path("", views.organisation_inbox, name="organisation"),
    path("wijk/<str:district_code>/", views.team_inbox, name="team"),
    path("<str:reference>/", views.signal_detail, name="detail"),
    path("<str:reference>/foto/<int:attachment_id>/", views.signal_photo, name="photo"),
]
