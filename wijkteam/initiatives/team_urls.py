"""The wijkteam's pages of initiatives and projects (namespace ``projects``, under
``wijkprojecten/``): a team's list, its budget overview and support threshold, and one
initiative's page with the forms that take it through its stages."""

from django.urls import path

from wijkteam.initiatives.views import team, team_moderation, team_project

app_name = "projects"
urlpatterns = [
    path("wijk/<str:district_code>/", team.team_list, name="team"),
    path("wijk/<str:district_code>/budget/", team.budget_page, name="budget"),
    path("wijk/<str:district_code>/drempel/", team.threshold_page, name="threshold"),
    path("<str:reference>/", team_project.project_detail, name="detail"),
    path("<str:reference>/fase/", team_project.stage_page, name="stage"),
    path("<str:reference>/plan/", team_project.plan_page, name="plan"),
    path(
        "<str:reference>/bijdragen/nieuw/",
        team_project.contribution_add_page,
        name="contribution_add",
    ),
    path(
        "<str:reference>/bijdragen/<int:contribution_id>/geleverd/",
        team_project.contribution_deliver_page,
        name="contribution_deliver",
    ),
    path("<str:reference>/mijlpalen/nieuw/", team_project.milestone_add_page, name="milestone_add"),
    path(
        "<str:reference>/mijlpalen/<int:milestone_id>/publiceren/",
        team_project.milestone_publish_page,
        name="milestone_publish",
    ),
    path("<str:reference>/opmerkingen/", team_project.remark_add_page, name="comment_add"),
    path("<str:reference>/modereren/", team_moderation.moderate_page, name="moderate"),
    path(
        "<str:reference>/steun/<int:supporter_id>/verbergen/",
        team_moderation.support_comment_hide_page,
        name="support_comment_hide",
    ),
    path("<str:reference>/fotos/<int:photo_id>/", team_project.photo, name="photo"),
]
