"""Asking: every URL pattern of Wijkteam, its URL for a record, and a client for a visitor."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.sites import site as admin_site
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.matrix.routes import route_of
from tests.matrix.visitors import RESIDENT, Visitor
from tests.matrix.world import Matrix, Record


@dataclass(frozen=True)
class Pattern:
    """One URL pattern with where it sits in the tree: its key in the matrix is its name
    (namespaced), or for a pattern without a name its whole route."""

    key: str
    name: str | None
    route: str
    pattern: URLPattern


def all_routes() -> list[Pattern]:
    """Every URL pattern of the project, named or not, in included URLconfs too."""
    found = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                if inner:
                    inner = f"{namespace}:{inner}" if namespace else inner
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner or namespace)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                name = None
                if pattern.name:
                    name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found.append(Pattern(name or route, name, route, pattern))
            else:  # pragma: no cover - Django has no third kind
                raise AssertionError(f"Unknown kind of URL pattern: {pattern!r}")

    walk(get_resolver().url_patterns, "", "")
    return found


PATTERNS = {pattern.key: pattern for pattern in all_routes()}


# --- asking ------------------------------------------------------------------------------------

PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def admin_model_of(key: str) -> str:
    """The model label (app.model) of one of Beheer's per-model URL patterns."""
    for model in admin_site._registry:
        app, name = model._meta.app_label, model._meta.model_name
        if key.startswith((f"admin:{app}_{name}_", f"beheer/{app}/{name}/")):
            return model._meta.label_lower
    raise AssertionError(f"No model in Beheer for {key}")


def _value(key: str, parameter: str, matrix: Matrix, record: Record | None) -> str:
    if parameter == "district_code":
        return "WK099901"
    if parameter == "reference":
        return (
            record.signal_reference
            if key.startswith(("signals:", "intake:"))
            else record.case_reference
        )
    if parameter in ("action_id", "feedback_id", "document_id", "attachment_id"):
        return str(record.ids[parameter])
    if parameter == "import_id":
        return str(matrix.import_id)
    if parameter == "request_id":
        return str(matrix.person_request_id)
    if parameter == "token":
        return matrix.resident_token if key.startswith("portal:track") else "set-token"
    if parameter == "photo_id":
        return str(matrix.records["care"].ids["attachment_id"])
    if parameter == "value":
        return matrix.resident_link
    if parameter == "uidb64":
        return "MQ"
    if parameter == "content_type_id":
        return str(ContentType.objects.get(app_label="partners", model="organisation").pk)
    if parameter == "object_id" and key == "admin:view_on_site":
        return matrix.admin_objects["partners.organisation"]
    if parameter == "object_id":
        return matrix.admin_objects.get(admin_model_of(key), "0")
    if parameter == "app_label":
        return "signals"
    if parameter == "url":
        return "niets-hier/"
    raise AssertionError(f"The matrix does not know how to fill <{parameter}> of {key}")


def url_for(key: str, matrix: Matrix, record: Record | None) -> str:
    """The URL the matrix asks for a route (about a record)."""
    pattern = PATTERNS[key]
    values = {}
    for match in PARAMETER.finditer(pattern.route):
        parameter = match.group(1) or match.group(2)
        values[parameter] = _value(key, parameter, matrix, record)
    if pattern.name:
        return reverse(pattern.name, kwargs=values)
    path = PARAMETER.sub(lambda m: values[m.group(1) or m.group(2)], pattern.route)
    return "/" + path.replace("^", "").replace("$", "")


def client_for(visitor: Visitor, matrix: Matrix) -> Client:
    """A fresh client for the visitor: staff come with their session of the module (each
    request is rolled back, so whatever it changes in the session is undone too)."""
    client = Client()
    if visitor is RESIDENT:
        # The resident has opened their own tracking page, so their session knows it.
        client.get(reverse("portal:track", args=[matrix.resident_token]))
    elif visitor.staff:
        client.cookies[settings.SESSION_COOKIE_NAME] = matrix.sessions[visitor.key]
    return client


ASKED = [
    (pattern.key, record)
    for pattern in all_routes()
    if route_of(pattern.key) is not None  # the test names patterns without an entry
    for record in (route_of(pattern.key).records or (None,))
]
