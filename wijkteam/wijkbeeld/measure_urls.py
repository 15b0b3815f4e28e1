"""Routes of the wijk's picture: a wijk's measures and their effect."""

from django.urls import path

from wijkteam.wijkbeeld.views import measures

urlpatterns = [
    path("<str:district_code>/maatregelen/", measures.measure_list, name="measures"),
    path("<str:district_code>/maatregelen/nieuw/", measures.measure_new, name="measure_new"),
    path("<str:district_code>/maatregelen/<int:pk>/", measures.measure_detail, name="measure"),
    path(
        "<str:district_code>/maatregelen/<int:pk>/wijzigen/",
        measures.measure_edit,
        name="measure_edit",
    ),
    path(
        "<str:district_code>/maatregelen/<int:pk>/verwijderen/",
        measures.measure_delete,
        name="measure_delete",
    ),
    path(
        "<str:district_code>/maatregelen/<int:pk>/vergelijking/",
        measures.measure_comparison,
        name="measure_comparison",
    ),
]
