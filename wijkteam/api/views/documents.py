"""The API's own description: the OpenAPI document (public, readable from any origin) and the
documentation page that shows it (Swagger UI from our own static files, no CDN: the page works
offline and under the site's strict Content-Security-Policy)."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema

from wijkteam.api.problems import KINDS_BY_SLUG
from wijkteam.api.views.base import PublicView


class OpenApiView(PublicView):
    operation_ids = {"GET": "openapiLezen"}

    @extend_schema(
        tags=["API"],
        summary="Het OpenAPI-document van deze API",
        description="Deze beschrijving (OpenAPI 3.0, JSON), zonder sleutel, vanaf elke herkomst.",
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request, *args, **kwargs):
        document = SchemaGenerator().get_schema(request=None, public=True)
        response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
        response["Access-Control-Allow-Origin"] = "*"
        return response


@require_GET
def documentation(request: HttpRequest) -> HttpResponse:
    """The browsable documentation: Swagger UI over the OpenAPI document, and what every kind
    of problem means (the problems' ``type`` links here)."""
    return render(
        request,
        "api/documentation.html",
        {"schema_url": reverse("api:openapi"), "problems": KINDS_BY_SLUG.values()},
    )
