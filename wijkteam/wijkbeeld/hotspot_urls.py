"""Routes of the wijk's picture: the hotspots of a wijk and the downloads of its tables."""

from django.urls import path

from wijkteam.wijkbeeld.views import hotspots

urlpatterns: list = [
    path("<str:district_code>/hotspots/", hotspots.hotspots_page, name="hotspots"),
    path(
        "<str:district_code>/hotspots/<slug:table>.<slug:fmt>",
        hotspots.hotspots_table,
        name="hotspots_table",
    ),
]
