from django.urls import path

from wijkteam.voordeur import views

app_name = "voordeur"
urlpatterns = [
    path("", views.search, name="search"),
    path("resultaten/", views.results, name="results"),
    path("kies/", views.choose, name="choose"),
    path("deur/<slug:slug>/", views.door, name="door"),
    path("volg/", views.follow, name="follow"),
    path("volg/verstuurd/", views.follow_sent, name="follow_sent"),
]
