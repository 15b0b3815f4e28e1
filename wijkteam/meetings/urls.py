from django.urls import path

from wijkteam.meetings.views import agenda as agenda_views
from wijkteam.meetings.views import holding, minutes
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
    # Part C: after the meeting, its minutes, their PDF, closing them and addenda.
    path("<int:meeting_id>/notulen/", minutes.minutes_page, name="minutes"),
    path("<int:meeting_id>/notulen.pdf", minutes.minutes_pdf_download, name="minutes_pdf"),
    path("<int:meeting_id>/notulen/vaststellen/", minutes.minutes_close_page, name="minutes_close"),
    path(
        "<int:meeting_id>/notulen/aanvulling/",
        minutes.minutes_addendum_page,
        name="minutes_addendum",
    ),
    # Part A, the agenda: preparing it, members' items, and flagging a case for the overleg.
    path("<int:meeting_id>/agenda/", agenda_views.agenda_prepare, name="agenda"),
    path(
        "<int:meeting_id>/agenda/verzamelen/",
        agenda_views.agenda_collect_page,
        name="agenda_collect",
    ),
    path("<int:meeting_id>/agenda/punt/", agenda_views.agenda_item_add_page, name="agenda_add"),
    path(
        "<int:meeting_id>/agenda/publiceren/",
        agenda_views.agenda_publish_page,
        name="agenda_publish",
    ),
    path(
        "<int:meeting_id>/agenda/<int:item_id>/volgorde/",
        agenda_views.agenda_item_shift_page,
        name="agenda_shift",
    ),
    path(
        "<int:meeting_id>/agenda/<int:item_id>/verplaatsen/",
        agenda_views.agenda_item_move_page,
        name="agenda_move",
    ),
    path(
        "<int:meeting_id>/agenda/<int:item_id>/verwijderen/",
        agenda_views.agenda_item_remove_page,
        name="agenda_remove",
    ),
    path("casus/<str:reference>/aanmelden/", agenda_views.case_flag_page, name="flag"),
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
