from django.urls import path

from wijkteam.portal import tracking, views

app_name = "portal"
urlpatterns = [
    path("", views.report, name="report"),
    path("ontvangen/", views.received, name="received"),
    path("volgen/<str:token>/", tracking.track, name="track"),
    path("volgen/e/<str:value>/", tracking.track_link, name="track_link"),
    path("volgen/<str:token>/foto/<int:photo_id>/", tracking.track_photo, name="track_photo"),
    path(
        "volgen/e/<str:value>/foto/<int:photo_id>/",
        tracking.track_link_photo,
        name="track_link_photo",
    ),
]
