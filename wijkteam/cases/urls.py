from django.urls import path

from wijkteam.cases import views

app_name = "cases"
urlpatterns = [
    path("triage/", views.triage_mine, name="triage"),
    path("mijn-werk/", views.my_work, name="my_work"),
    path("wijk/<str:district_code>/", views.team_cases, name="team"),
    path("wijk/<str:district_code>/triage/", views.triage_team, name="team_triage"),
    path("<str:reference>/", views.case_detail, name="detail"),
    path("<str:reference>/reactie/", views.case_respond, name="respond"),
    path("<str:reference>/besluit/", views.case_decide, name="decide"),
    path("<str:reference>/opmerking/", views.case_add_remark, name="remark"),
    path("<str:reference>/samenvatting/", views.case_summary, name="summary"),
    path("<str:reference>/spoed/", views.case_mark_urgent, name="urgent"),
    path("<str:reference>/verplaatsen/", views.case_move, name="move"),
    path("<str:reference>/samenvoegen/", views.case_merge_into, name="merge"),
    path("<str:reference>/splitsen/", views.case_split_off, name="split"),
    path("<str:reference>/status/", views.case_status, name="status"),
    path("<str:reference>/afspraak/", views.case_action_add, name="action_add"),
    path(
        "<str:reference>/afspraak/<int:action_id>/gedaan/",
        views.case_action_done,
        name="action_done",
    ),
    path("<str:reference>/notitie/", views.case_note, name="note"),
]
