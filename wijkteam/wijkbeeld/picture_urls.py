"""Routes of the wijk's picture: all wijken, a wijk, a buurt, and every chart's SVG and data."""

from django.urls import path

from wijkteam.wijkbeeld.chart_views import chart_page
from wijkteam.wijkbeeld.picture_views import district_page, neighbourhood_page, overview_page

urlpatterns: list = [
    path("", overview_page, name="overview"),
    path("grafiek/<slug:chart>.<slug:fmt>", chart_page, name="chart"),
    path("<str:district_code>/", district_page, name="district"),
    path(
        "<str:district_code>/buurt/<str:neighbourhood_code>/",
        neighbourhood_page,
        name="neighbourhood",
    ),
]
