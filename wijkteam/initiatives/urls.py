"""The residents' pages of the initiatives, mounted at /initiatieven/."""

from django.urls import path

from wijkteam.initiatives.views import proposing, public, supporting

app_name = "initiatives"
urlpatterns = [
    path("", public.index, name="index"),
    path("voorstellen/", proposing.propose, name="propose"),
    path("voorgesteld/", proposing.proposed, name="proposed"),
    path("bevestigen/<str:token>/", proposing.confirm, name="confirm"),
    path("wijk/<str:district_code>/", public.wijk, name="wijk"),
    path("steun/bevestigen/<str:token>/", supporting.support_confirm_page, name="support_confirm"),
    path("afmelden/<str:value>/", supporting.unsubscribe, name="unsubscribe"),
    path("<str:reference>/", public.detail, name="detail"),
    path("<str:reference>/fotos/<int:photo_id>/", public.photo, name="photo"),
    path("<str:reference>/steunen/", supporting.support, name="support"),
    path("<str:reference>/gesteund/", supporting.supported, name="supported"),
]
