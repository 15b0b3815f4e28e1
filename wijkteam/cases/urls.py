from django.urls import path

from wijkteam.cases.views import arranging, case_page, consultation, handling, queues

app_name = "cases"
urlpatterns = [
    path("triage/", queues.triage_mine, name="triage"),
    path("mijn-werk/", queues.my_work, name="my_work"),
    path("wijk/<str:district_code>/", queues.team_cases, name="team"),
    path("wijk/<str:district_code>/triage/", queues.triage_team, name="team_triage"),
    path("<str:reference>/", case_page.case_detail, name="detail"),
    path("<str:reference>/reactie/", consultation.case_respond, name="respond"),
    path("<str:reference>/besluit/", consultation.case_decide, name="decide"),
    path("<str:reference>/opmerking/", consultation.case_add_remark, name="remark"),
    path("<str:reference>/samenvatting/", consultation.case_summary, name="summary"),
    path("<str:reference>/spoed/", consultation.case_mark_urgent, name="urgent"),
    path("<str:reference>/verplaatsen/", arranging.case_move, name="move"),
    path("<str:reference>/samenvoegen/", arranging.case_merge_into, name="merge"),
    path("<str:reference>/splitsen/", arranging.case_split_off, name="split"),
    path("<str:reference>/status/", handling.case_status, name="status"),
    path("<str:reference>/afspraak/", handling.case_action_add, name="action_add"),
    path(
        "<str:reference>/afspraak/<int:action_id>/gedaan/",
        handling.case_action_done,
        name="action_done",
    ),
    path("<str:reference>/notitie/", handling.case_note, name="note"),
]
