"""The OpenAPI 3.0 document (drf-spectacular), brought to the Dutch API Design Rules as their
Spectral ruleset checks them (tests/api/test_openapi_lint.py): the server with the major
version in its https address, the API-Version header on every answer, problem+json on every
error answer, CORS on /openapi.json, tags and a description for every operation."""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema

from wijkteam.api.problems import PROBLEM_JSON
from wijkteam.api.server import api_server_url

API_PREFIX = "/api/v1/"
PROBLEM = "Probleem"
VERSION_HEADER = {
    "description": "De volledige versie van de API (major.minor.patch).",
    "schema": {"type": "string", "example": "1.0.0"},
}
CORS_HEADER = {
    "description": "Het document mag vanaf elke herkomst gelezen worden.",
    "schema": {"type": "string", "enum": ["*"]},
}
RETRY_AFTER = {
    "description": "Na zoveel seconden mag de sleutel weer een verzoek doen.",
    "schema": {"type": "integer", "minimum": 1},
}
ERRORS = {
    "400": "De invoer klopt niet; invalidParams noemt per veld of parameter wat er mis is.",
    "401": "Geen of een ongeldige API-sleutel (header Authorization: Bearer <sleutel>).",
    "403": "De sleutel mag dit niet: een scope ontbreekt, of de organisatie mag het niet.",
    "404": "Bestaat niet, of de organisatie van de sleutel mag het niet zien.",
    "409": "Kan niet in de huidige toestand (bijvoorbeeld: geen open voorstel meer).",
    "415": "Stuur de inhoud als application/json.",
    "422": "Een regel staat het niet toe, of de Idempotency-Key is al gebruikt voor een ander "
    "verzoek.",
    "429": "Te veel verzoeken van deze sleutel; wacht het aantal seconden van Retry-After.",
}
PROBLEM_SCHEMAS = {
    PROBLEM: {
        "type": "object",
        "description": "Een fout als problem+json (RFC 9457), in het Nederlands.",
        "properties": {
            "type": {"type": "string", "format": "uri"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "instance": {"type": "string"},
            "invalidParams": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/OngeldigeParameter"},
            },
        },
        "required": ["type", "title", "status", "detail", "instance"],
    },
    "OngeldigeParameter": {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "code": {"type": "string"},
            "reason": {"type": "string"},
        },
        "required": ["name", "code", "reason"],
    },
}


class ApiSchema(AutoSchema):
    """drf-spectacular's, with the operation's id in lowerCamelCase from the view's own name
    for it (``operation_ids``, per method) where it has one."""

    def get_operation_id(self) -> str:
        names = getattr(self.view, "operation_ids", {})
        return names.get(self.method) or super().get_operation_id()


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "wijkteam.api.authentication.ApiKeyAuthentication"
    name = "apiSleutel"

    def get_security_definition(self, auto_schema) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "De API-sleutel van de koppeling (wt_...), gemaakt door een functioneel "
                "beheerder in Beheer en één keer getoond."
            ),
        }


def _error(status: str, *, headers: dict | None = None) -> dict[str, Any]:
    response = {
        "description": ERRORS[status],
        "headers": {"API-Version": VERSION_HEADER, **(headers or {})},
        "content": {PROBLEM_JSON: {"schema": {"$ref": f"#/components/schemas/{PROBLEM}"}}},
    }
    return response


def _errors_of(path: str, method: str, operation: dict) -> dict[str, dict]:
    secured = any(requirement for requirement in operation.get("security", []))
    wanted = []
    if operation.get("parameters") or "requestBody" in operation:
        wanted.append("400")
    if secured:
        wanted += ["401", "403", "429"]
    if "{" in path:
        wanted.append("404")
    if method == "post":
        wanted += ["409", "415", "422"]
    return {
        status: _error(status, headers={"Retry-After": RETRY_AFTER} if status == "429" else None)
        for status in sorted(wanted)
    }


def only_api_v1(endpoints: list) -> list:
    """drf-spectacular's preprocessing hook: the document describes this API only (other
    apps may have views of DRF too)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(API_PREFIX)]


def nl_api_rules(result: dict, generator, request, public) -> dict:
    """drf-spectacular's postprocessing hook: what the Dutch API Design Rules ask of the
    document that the views do not say themselves."""
    result["servers"] = [{"url": api_server_url(), "description": "Wijkteam API v1"}]
    components = result.setdefault("components", {})
    components.setdefault("schemas", {}).update(PROBLEM_SCHEMAS)
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for status, response in responses.items():
                if status[0] in "23":
                    headers = response.setdefault("headers", {})
                    headers["API-Version"] = VERSION_HEADER
                    if path == "/openapi.json":
                        headers["access-control-allow-origin"] = CORS_HEADER
            for status, response in _errors_of(path, method, operation).items():
                responses.setdefault(status, response)
    return result
