"""The public picture of a wijk (/cijfers/): counts with small ones suppressed, open data."""

from django.urls import path, re_path

from wijkteam.wijkbeeld.views import public

app_name = "wijkcijfers"

urlpatterns: list = [
    path("", public.district_list, name="list"),
    re_path(
        r"^(?P<district_code>[A-Za-z0-9]+)\.(?P<fmt>csv|json)$", public.district_data, name="data"
    ),
    path("<str:district_code>/", public.district_page, name="district"),
]
