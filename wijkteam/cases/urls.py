from django.urls import path

from wijkteam.cases.views import (
    arranging,
    case_page,
    closure,
    consultation,
    documents,
    handling,
    queues,
)

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
    path("<str:reference>/afhandelen/", closure.case_resolve_page, name="resolve"),
    path("<str:reference>/sluiten/", closure.case_close_now, name="close"),
    path("<str:reference>/heropenen/", closure.case_reopen_view, name="reopen"),
    path(
        "<str:reference>/melder/<int:feedback_id>/antwoord/",
        closure.feedback_answer_view,
        name="feedback_answer",
    ),
    path("<str:reference>/document/", documents.document_upload, name="document_add"),
    path(
        "<str:reference>/document/<int:document_id>/",
        documents.document_download,
        name="document",
    ),
    path(
        "<str:reference>/document/<int:document_id>/verwijderen/",
        documents.document_remove,
        name="document_remove",
    ),
]
