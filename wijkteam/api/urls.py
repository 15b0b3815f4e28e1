"""The REST API v1 under /api/v1: no trailing slashes, kebab-case Dutch resource names."""

from django.urls import path

from wijkteam.api.views import cases, documents, initiatives, reference, signals, wijkbeeld

app_name = "api"

urlpatterns = [
    path("openapi.json", documents.OpenApiView.as_view(), name="openapi"),
    path("documentatie", documents.documentation, name="documentation"),
    path("categorieen", reference.CategoriesView.as_view(), name="categories"),
    path("wijken", reference.DistrictsView.as_view(), name="districts"),
    path("wijken/<str:code>", reference.DistrictView.as_view(), name="district"),
    path("buurten", reference.NeighbourhoodsView.as_view(), name="neighbourhoods"),
    path("buurten/<str:code>", reference.NeighbourhoodView.as_view(), name="neighbourhood"),
    path("meldingen", signals.SignalsView.as_view(), name="signals"),
    path("meldingen/<str:nummer>", signals.SignalView.as_view(), name="signal"),
    path("casussen", cases.CasesView.as_view(), name="cases"),
    path("casussen/<str:nummer>", cases.CaseView.as_view(), name="case"),
    path(
        "casussen/<str:nummer>/reacties",
        cases.CaseResponsesView.as_view(),
        name="case_responses",
    ),
    path("initiatieven", initiatives.InitiativesView.as_view(), name="initiatives"),
    path("initiatieven/<str:nummer>", initiatives.InitiativeView.as_view(), name="initiative"),
    path("wijkbeeld/aantallen", wijkbeeld.CountsView.as_view(), name="counts"),
]
