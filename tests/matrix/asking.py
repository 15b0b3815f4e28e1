"""Asking: every URL pattern of Wijkteam, its URL for a record, and a client for a visitor."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.matrix.api_routes import api_value
from tests.matrix.routes import route_of
from tests.matrix.visitors import Visitor
from tests.matrix.world import Matrix, Record
from wijkteam.core.shown_once import note_value


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


def _value(key: str, parameter: str, matrix: Matrix, record: Record | None, variant) -> str:
    if key.startswith(("initiatives:", "projects:")):
        return matrix.initiatives.value(key, parameter, variant)
    if key.startswith(("wijkbeeld:", "wijkcijfers:")):
        return matrix.picture.value(key, parameter, variant)
    if key.startswith("open311:"):
        from tests.matrix.open311_routes import value

        return value(key, parameter, matrix, record, variant)
    if key.startswith("api:"):
        return api_value(key, parameter, matrix, variant)
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
    if parameter == "meeting_id" and key == "meetings:minutes_close":
        return str(matrix.held_meeting_id)
    if parameter == "meeting_id" and key.startswith("meetings:minutes"):
        return str(matrix.closed_meeting_id)
    if parameter == "meeting_id" and key.startswith(("meetings:hold", "meetings:follow")):
        return str(matrix.holding_meeting_id)
    if parameter == "meeting_id":
        return str(matrix.meeting_id)
    if parameter == "item_id" and key.startswith("meetings:hold"):
        return str(matrix.holding_item_id)
    if parameter == "item_id":
        return str(matrix.agenda_item_id)
    if parameter == "token" and key == "meetings:feed":
        return matrix.calendar_token if variant == "link" else "onjuiste-code"
    if parameter == "token" and key.startswith("portal:track"):
        return matrix.resident_token
    if parameter == "token":
        return matrix.reset_link[1] if variant == "link" else "onjuiste-code"
    if parameter == "uidb64":
        return matrix.reset_link[0]
    if parameter == "photo_id":
        return str(record.ids["attachment_id"])
    if parameter == "value":
        return matrix.resident_link
    if parameter == "content_type_id":
        return str(ContentType.objects.get(app_label="partners", model="organisation").pk)
    if parameter == "object_id" and key == "admin:view_on_site":
        return matrix.admin_objects["partners.organisation"]
    if parameter == "object_id":
        return matrix.admin_objects[admin_model_of(key)]
    if parameter == "app_label":
        return "signals"
    if parameter == "url":
        return "niets-hier/"
    if parameter == "slug" and key == "voordeur:door":
        return "veilig-thuis"
    if parameter == "slug" and key == "sso_start":
        return "geen-inlogdienst"
    raise AssertionError(f"The matrix does not know how to fill <{parameter}> of {key}")


def admin_model_of(key: str) -> str:
    """The model label (app.model) of one of Beheer's per-model URL patterns."""
    from tests.matrix.beheer import ADMIN_MODELS

    for label in ADMIN_MODELS:
        app, model = label.split(".")
        if key.startswith((f"admin:{app}_{model}_", f"beheer/{app}/{model}/")):
            return label
    raise AssertionError(f"No model for {key}")


def url_for(key: str, matrix: Matrix, record: Record | None, variant=None) -> str:
    """The URL the matrix asks for a route (about a record, or one of the route's variants)."""
    pattern = PATTERNS[key]
    route = route_of(key)
    values = {}
    for match in PARAMETER.finditer(pattern.route):
        parameter = match.group(1) or match.group(2)
        values[parameter] = _value(key, parameter, matrix, record, variant)
    if pattern.name:
        url = reverse(pattern.name, kwargs=values)
    else:
        path = PARAMETER.sub(lambda m: values[m.group(1) or m.group(2)], pattern.route)
        url = "/" + path.replace("^", "").replace("$", "")
    query = route.query_for(variant) if route is not None else ""
    return f"{url}?{query}" if query else url


def client_for(visitor: Visitor, matrix: Matrix) -> Client:
    """A fresh client for the visitor, with their session of the module (each request is
    rolled back, so whatever it changes in the session is undone too)."""
    client = Client()
    session = matrix.sessions.get(visitor.key)
    if session is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    for name, note in matrix.notes.get(visitor.key, {}).items():
        client.cookies[name] = note_value(name, note)
    return client


ASKED = [
    (pattern.key, variant)
    for pattern in all_routes()
    if route_of(pattern.key) is not None  # the test names patterns without an entry
    for variant in (route_of(pattern.key).records or (None,))
]
