"""Errors as ``application/problem+json`` (RFC 9457), in Dutch: one shape for every refusal of
the API, whether DRF, a service (DomainError) or Django itself (a 404 of an unknown address, a
body too large) said no.

A problem has ``type`` (a link to its explanation on the API's documentation page), ``title``,
``status``, ``detail`` and ``instance`` (the path asked), and for input that is wrong
``invalidParams``: one entry per field or query parameter with its ``name``, ``code`` and
``reason``, as the Dutch API Design Rules describe."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rest_framework import exceptions
from rest_framework.response import Response

from wijkteam.api.server import api_server_url
from wijkteam.core.errors import FORBIDDEN, DomainError

PROBLEM_JSON = "application/problem+json"


@dataclass(frozen=True)
class Kind:
    """A kind of problem: its slug (the anchor of its explanation) and Dutch title."""

    slug: str
    title: str


# The kinds of problem, by HTTP status; a status may have more than one (see KINDS_BY_SLUG).
KINDS = {
    400: Kind("ongeldige-invoer", gettext_noop("Ongeldige invoer")),
    401: Kind("niet-geauthenticeerd", gettext_noop("Niet geauthenticeerd")),
    403: Kind("geen-toegang", gettext_noop("Geen toegang")),
    404: Kind("niet-gevonden", gettext_noop("Niet gevonden")),
    405: Kind("methode-niet-toegestaan", gettext_noop("Methode niet toegestaan")),
    406: Kind("niet-aanvaardbaar", gettext_noop("Antwoordformaat niet beschikbaar")),
    409: Kind("conflict", gettext_noop("Conflict")),
    413: Kind("te-groot", gettext_noop("Verzoek te groot")),
    415: Kind("mediatype-niet-ondersteund", gettext_noop("Mediatype niet ondersteund")),
    422: Kind("niet-verwerkbaar", gettext_noop("Niet verwerkbaar")),
    429: Kind("te-veel-verzoeken", gettext_noop("Te veel verzoeken")),
    500: Kind("serverfout", gettext_noop("Serverfout")),
    503: Kind("niet-beschikbaar", gettext_noop("Tijdelijk niet beschikbaar")),
}
BROKEN_JSON = Kind("ongeldige-json", gettext_noop("Ongeldige JSON"))
KEY_REUSED = Kind("idempotency-key-hergebruikt", gettext_noop("Idempotency-Key hergebruikt"))
KINDS_BY_SLUG = {kind.slug: kind for kind in (*KINDS.values(), BROKEN_JSON, KEY_REUSED)}

# What each status says when there is nothing more specific to say.
DETAILS = {
    400: gettext_noop("Het verzoek is niet goed; zie invalidParams."),
    401: gettext_noop(
        "Geef een geldige API-sleutel mee in de header Authorization: Bearer <sleutel>."
    ),
    403: gettext_noop("U mag dit niet met deze API-sleutel."),
    404: gettext_noop("Dit bestaat niet, of u mag het niet zien."),
    405: gettext_noop("Deze methode kan hier niet."),
    406: gettext_noop("Deze API antwoordt alleen in JSON."),
    413: gettext_noop("Het verzoek is te groot."),
    415: gettext_noop("Stuur de inhoud als application/json."),
    429: gettext_noop("Te veel verzoeken van deze sleutel; probeer het later opnieuw."),
    500: gettext_noop("Er ging iets mis aan onze kant. Probeer het later opnieuw."),
    503: gettext_noop(
        "De dienst is even niet bereikbaar. Probeer het opnieuw na het aantal seconden in "
        "Retry-After; met dezelfde Idempotency-Key wordt niets dubbel vastgelegd."
    ),
}


def problem_type(kind: Kind) -> str:
    """The problem's type: a link to its explanation on the documentation page."""
    return f"{api_server_url()}/documentatie#probleem-{kind.slug}"


def problem(
    *,
    status: int,
    instance: str,
    detail: str = "",
    kind: Kind | None = None,
    invalid_params: list[dict] | None = None,
) -> dict[str, Any]:
    """The problem document for ``status`` (title and detail in Dutch)."""
    kind = kind or KINDS.get(status) or Kind("probleem", gettext_noop("Probleem"))
    with translation.override(settings.LANGUAGE_CODE):
        body = {
            "type": problem_type(kind),
            "title": _(kind.title),
            "status": status,
            "detail": str(detail) if detail else _(DETAILS.get(status, kind.title)),
            "instance": instance,
        }
    if invalid_params:
        body["invalidParams"] = invalid_params
    return body


def problem_response(request: HttpRequest, status: int, **fields) -> JsonResponse:
    """A problem as a Django response, for what is answered outside DRF's views."""
    return JsonResponse(
        problem(status=status, instance=request.path[:300], **fields),
        status=status,
        content_type=PROBLEM_JSON,
        json_dumps_params={"ensure_ascii": False},
    )


def invalid_params(detail: Any, prefix: str = "") -> list[dict]:
    """DRF's validation detail (fields, nested fields, list items) as invalidParams entries;
    errors about the request as a whole have the name of the whole body ("")."""
    found: list[dict] = []
    if isinstance(detail, dict):
        for name, inner in detail.items():
            name = "" if name in ("non_field_errors", "__all__") else str(name)
            joined = f"{prefix}.{name}" if prefix and name else (name or prefix)
            found += invalid_params(inner, joined)
    elif isinstance(detail, list):
        if all(isinstance(item, exceptions.ErrorDetail | str) for item in detail):
            for item in detail:
                found.append(
                    {"name": prefix, "code": getattr(item, "code", "invalid"), "reason": str(item)}
                )
        else:
            for index, inner in enumerate(detail):
                found += invalid_params(inner, f"{prefix}.{index}" if prefix else str(index))
    else:
        found.append(
            {"name": prefix, "code": getattr(detail, "code", "invalid"), "reason": str(detail)}
        )
    return found


class ParameterError(exceptions.APIException):
    """A query parameter or header that cannot be read: 400 with it in invalidParams."""

    status_code = 400

    def __init__(self, name: str, reason: str, code: str = "invalid") -> None:
        super().__init__(detail=reason, code=code)
        self.params = [{"name": name, "code": code, "reason": str(reason)}]


class Conflict(exceptions.APIException):
    """The request cannot be done in the record's present state (409), or an Idempotency-Key
    came again with another request (422, ``kind`` KEY_REUSED)."""

    status_code = 409

    def __init__(self, detail: str, *, status: int = 409, kind: Kind | None = None) -> None:
        super().__init__(detail=detail)
        self.status_code = status
        self.kind = kind


def domain_problem(error: DomainError, fields: dict[str, str]) -> tuple[int, dict]:
    """A service's refusal: 403 for who may not, 400 with the field it is about (by the name
    the API gives it), else 422 (the rule of the domain that was broken)."""
    if error.code == FORBIDDEN:
        return 403, {"detail": error.message}
    if error.field:
        name = fields.get(error.field, error.field)
        params = [{"name": name, "code": error.code, "reason": str(error.message)}]
        return 400, {"detail": error.message, "invalid_params": params}
    return 422, {"detail": error.message}


def problem_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's exception handler: every refusal as a problem. Anything else is a server error,
    raised on (Django logs it; the API's middleware answers it as a problem)."""
    request = context.get("request")
    view = context.get("view")
    instance = request.path[:300] if request is not None else ""
    headers: dict[str, str] = {}
    fields: dict[str, Any] = {}
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, DomainError):
        status, fields = domain_problem(exc, getattr(view, "domain_fields", {}))
    elif isinstance(exc, exceptions.APIException):
        status = exc.status_code
        if isinstance(exc, exceptions.ValidationError):
            fields["invalid_params"] = invalid_params(exc.detail)
        elif isinstance(exc, ParameterError):
            fields["invalid_params"] = exc.params
            fields["detail"] = exc.params[0]["reason"]
        elif isinstance(exc, exceptions.ParseError):
            fields["kind"] = BROKEN_JSON
            fields["detail"] = _("De inhoud is geen geldige JSON.")
        elif isinstance(exc, Conflict):
            fields["kind"] = exc.kind
            fields["detail"] = str(exc.detail)
        elif isinstance(exc, exceptions.PermissionDenied) and exc.detail != (
            exceptions.PermissionDenied.default_detail
        ):
            fields["detail"] = str(exc.detail)
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None) is not None:
            headers["Retry-After"] = str(max(1, int(exc.wait + 0.999)))
    else:
        return None
    return Response(
        problem(status=status, instance=instance, **fields),
        status=status,
        headers=headers,
        content_type=PROBLEM_JSON,
    )
