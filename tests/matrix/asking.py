"""Asking: the URL of a route for a record, and a client for a visitor."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.matrix.routes import route_of
from tests.matrix.visitors import RESIDENT, Visitor
from tests.matrix.world import Matrix, Record


def all_routes() -> list[tuple[str, object]]:
    """Every named URL pattern of the project, as (namespaced name, pattern)."""
    found = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                if inner:
                    inner = f"{namespace}:{inner}" if namespace else inner
                walk(pattern.url_patterns, inner or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found.append((name, pattern))

    walk(get_resolver().url_patterns, "")
    return found


# --- asking ------------------------------------------------------------------------------------


def url_for(name: str, pattern, matrix: Matrix, record: Record | None) -> str:
    kwargs = {}
    keys = pattern.pattern.converters or pattern.pattern.regex.groupindex
    for key in keys:
        if key == "district_code":
            kwargs[key] = "WK099901"
        elif key == "reference":
            kwargs[key] = (
                record.signal_reference
                if name.startswith(("signals:", "intake:"))
                else record.case_reference
            )
        elif key in ("action_id", "feedback_id", "document_id", "attachment_id"):
            kwargs[key] = record.ids[key]
        elif key == "import_id":
            kwargs[key] = matrix.import_id
        elif key == "request_id":
            kwargs[key] = matrix.person_request_id
        elif key == "token":
            kwargs[key] = matrix.resident_token if name.startswith("portal:track") else "set-token"
        elif key == "photo_id":
            kwargs[key] = matrix.records["care"].ids["attachment_id"]
        elif key == "value":
            kwargs[key] = matrix.resident_link
        elif key == "uidb64":
            kwargs[key] = "MQ"
        elif key == "object_id" and name == "admin:view_on_site":
            kwargs[key] = matrix.admin_objects["partners.organisation"]
        elif key == "content_type_id":
            kwargs[key] = ContentType.objects.get_for_model(
                matrix.users["politie-medewerker-A"].organisation
            ).pk
        elif key == "object_id":
            app_model = name.removeprefix("admin:").rsplit("_", 1)[0]
            app, _sep, model = app_model.partition("_")
            kwargs[key] = matrix.admin_objects.get(f"{app}.{model}", "0")
        elif key == "app_label":
            kwargs[key] = "signals"
        else:
            raise AssertionError(f"The matrix does not know how to fill <{key}> of {name}")
    return reverse(name, kwargs=kwargs)


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
    (name, record)
    for name, _pattern in all_routes()
    if route_of(name) is not None  # the test above names routes without an entry
    for record in (route_of(name).records or (None,))
]
