from django.urls import path

from wijkteam.signals import views

app_name = "signals"
urlpatterns = [
    path("", views.organisation_inbox, name="organisation"),
    path("wijk/<str:district_code>/", views.team_inbox, name="team"),
    # Before "<reference>/": "schuldhulp" is not a signal's reference.
    path("schuldhulp/", views.debt_help_list, name="debt_help"),
    path("schuldhulp/<str:reference>/", views.debt_help_detail, name="debt_help_detail"),
    path(
        "schuldhulp/<str:reference>/opgepakt/",
        views.debt_help_pick_up,
        name="debt_help_pick_up",
    ),
    path("<str:reference>/schuldhulp/", views.debt_help_refer, name="debt_help_refer"),
    path("<str:reference>/", views.signal_detail, name="detail"),
    path("<str:reference>/foto/<int:attachment_id>/", views.signal_photo, name="photo"),
]
