from django.urls import path

from wijkteam.meetings.views import holding
from wijkteam.meetings.views import planning as views

app_name = "meetings"
urlpatterns = [
    path("mijn-agenda/", views.my_calendar, name="calendar"),
    path("agenda/<str:token>.ics", views.calendar_feed, name="feed"),
    path("wijk/<str:district_code>/", views.team_meetings, name="team"),
    path("wijk/<str:district_code>/nieuw/", views.meeting_create_page, name="create"),
    path("wijk/<str:district_code>/rooster/", views.schedule_page, name="schedule"),
    path("<int:meeting_id>/", views.meeting_detail, name="detail"),
    path("<int:meeting_id>/verplaatsen/", views.meeting_move_page, name="move"),
    path("<int:meeting_id>/afgelasten/", views.meeting_cancel_page, name="cancel"),
    path("<int:meeting_id>/overleg.ics", views.meeting_ics, name="ics"),
]

# Part B, holding the meeting: the chair's page with its forms and autosave, the follow page.
urlpatterns += [
    path("<int:meeting_id>/houden/", holding.hold_page, name="hold"),
    path("<int:meeting_id>/houden/openen/", holding.hold_start, name="hold_start"),
    path("<int:meeting_id>/houden/aanwezigheid/", holding.hold_attendance, name="hold_attendance"),
    path(
        "<int:meeting_id>/houden/<int:item_id>/notulen/", holding.hold_minutes, name="hold_minutes"
    ),
    path(
        "<int:meeting_id>/houden/<int:item_id>/notulen/autosave/",
        holding.hold_autosave,
        name="hold_autosave",
    ),
    path("<int:meeting_id>/houden/<int:item_id>/besluit/", holding.hold_decide, name="hold_decide"),
    path(
        "<int:meeting_id>/houden/<int:item_id>/afspraak/", holding.hold_action, name="hold_action"
    ),
    path(
        "<int:meeting_id>/houden/<int:item_id>/uitkomst/", holding.hold_outcome, name="hold_outcome"
    ),
    path("<int:meeting_id>/volgen/", holding.follow_page, name="follow"),
    path("<int:meeting_id>/volgen/stand/", holding.follow_fragment, name="follow_state"),
]
