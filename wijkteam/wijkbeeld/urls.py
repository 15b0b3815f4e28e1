"""The wijk's picture for staff (/wijkbeeld/): each part keeps its own routes."""

from wijkteam.wijkbeeld import hotspot_urls, measure_urls, picture_urls

app_name = "wijkbeeld"

urlpatterns = [
    *picture_urls.urlpatterns,
    *hotspot_urls.urlpatterns,
    *measure_urls.urlpatterns,
]
