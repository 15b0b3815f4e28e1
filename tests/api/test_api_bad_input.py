"""Bad input on every route of the API: whatever a client with every scope sends (in the path,
the query string, a header or the body: huge ids, NUL characters, wrong types, another content
type, broken or deeply nested JSON, numbers past every limit), the API answers with a problem
(problem+json, its API-Version header) or what was asked, never a server error.

The routes, their parameters and their bodies' fields come from the OpenAPI document itself, so
a new route or field is sent bad input as soon as it is described."""

import json
import re

import pytest
from django.db import transaction
from django.test import Client

from tests.api.support import bearer, make_client
from tests.cases.support import address, case_of, intake
from tests.initiatives.conftest import make_initiative

BAD_TEXT = {
    "script and quotes": "<script>alert(1)</script>' OR 1=1; -- \"%s{{ x }}",
    "control characters": "a\x00b\x1b\u202eé\ud7ff",
    "huge": "x" * 100_000,
    "number out of range": "-99999999999999999999999",
    "a very long row of digits": "1" * 5000,
    "past the largest float": "1e309",
    "not a number": "NaN",
    "impossible date": "2026-02-30T25:61:00+99:00",
    "far away": "0001-01-01T00:00:00+14:00",
    "list syntax": "1,2,[3]",
}
# What a JSON body may hold in a field instead of what it should.
BAD_JSON = [
    None,
    True,
    -1,
    0,
    2**70,
    -(2**70),
    1.5e308,
    "",
    "\x00",
    "x" * 100_000,
    [],
    [1, "a", None],
    {},
    {"a": {"b": {"c": []}}},
    "9" * 5000,
]
PARAMETER = re.compile(r"\{(\w+)\}")


@pytest.fixture
def setting(world):
    """A client with every scope in wijk A, and a record of each kind to ask about."""
    noise = intake(
        "overlast-geluid", location=address(number=3), receiving_organisation=world.gemeente
    )
    _api, key = make_client(world.gemeente, teams=(world.team_a,))
    initiative = make_initiative(world.buurt_a1)
    values = {
        "/meldingen/{nummer}": noise.reference,
        "/casussen/{nummer}": case_of(noise).reference,
        "/casussen/{nummer}/reacties": case_of(noise).reference,
        "/initiatieven/{nummer}": initiative.reference,
        "/wijken/{code}": "WK099901",
        "/buurten/{code}": "BU09990100",
    }
    return key, values


def _document(client: Client) -> dict:
    return client.get("/api/v1/openapi.json").json()


def _operations(document: dict):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post"):
                yield path, method, operation


def _fields(document: dict, operation: dict) -> list[str]:
    """The names of the body's fields, nested ones as dotted paths."""
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    names: list[str] = []

    def walk(schema: dict | None, prefix: str) -> None:
        if not schema:
            return
        if "$ref" in schema:
            walk(document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]], prefix)
            return
        for option in schema.get("allOf", []) + schema.get("oneOf", []):
            walk(option, prefix)
        for name, inner in schema.get("properties", {}).items():
            names.append(prefix + name)
            walk(inner, f"{prefix}{name}.")

    walk(schema, "")
    return names


def _with(body: dict, dotted: str, value) -> dict:
    changed = json.loads(json.dumps(body))
    target = changed
    *parents, last = dotted.split(".")
    for name in parents:
        if not isinstance(target.get(name), dict):
            target[name] = {}
        target = target[name]
    target[last] = value
    return changed


VALID_BODIES = {
    "/meldingen": {
        "categorie": "overlast-geluid",
        "omschrijving": "Muziek",
        "adres": {"postcode": "3999AA", "huisnummer": 3},
        "punt": {"type": "Point", "coordinates": [5.505, 52.005]},
        "melder": {"naam": "Iemand"},
    },
    "/casussen/{nummer}/reacties": {"reactie": "object", "reden": "Waarom"},
}


def _check(response, what: str, failures: list[str]) -> None:
    status = response.status_code
    if status >= 500:
        failures.append(f"{what}: {status}")
    elif status >= 400 and not response["Content-Type"].startswith("application/problem+json"):
        failures.append(f"{what}: {status} as {response['Content-Type']}")
    elif response.get("API-Version") != "1.0.0":
        failures.append(f"{what}: no API-Version")


def _send(failures: list[str], what: str, send, *args, **kwargs) -> None:
    """One request, undone afterwards; a server error raised by the test client as a failure."""
    with transaction.atomic():
        try:
            response = send(*args, **kwargs)
        except Exception as error:  # the test client raises what would be a 500
            failures.append(f"{what}: {type(error).__name__}: {str(error)[:200]}")
        else:
            _check(response, what, failures)
        transaction.set_rollback(True)


def test_bad_input_never_breaks_the_api(db, setting):
    key, values = setting
    client = Client()
    auth = bearer(key)
    document = _document(client)
    failures: list[str] = []
    for path, method, operation in _operations(document):
        url = "/api/v1" + PARAMETER.sub(values.get(path, ""), path)
        names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
        # The path: huge, NUL, other scripts, dots and slashes in place of each parameter.
        for bad in ("9" * 30, "%00", "..%2F..%2Fetc", "%E2%80%AE%F0%9F%92%A9", "x" * 3000):
            bad_url = "/api/v1" + PARAMETER.sub(bad, path)
            _send(failures, f"{method} {bad_url[:80]}", getattr(client, method), bad_url, **auth)
        if method == "get":
            # The query string: every parameter at once with each bad value, and given twice.
            for label, value in BAD_TEXT.items():
                query = {name: value for name in [*names, "pagina", "sorteer"]}
                _send(failures, f"GET {path} ?({label})", client.get, url, query, **auth)
            if names:
                twice = "&".join(f"{name}=1&{name}=2" for name in names)
                _send(failures, f"GET {path} twice", client.get, f"{url}?{twice}", **auth)
        # Headers.
        for header in (
            {"HTTP_IDEMPOTENCY_KEY": "a\x00b"},
            {"HTTP_IDEMPOTENCY_KEY": "é" * 10},
            {"HTTP_AUTHORIZATION": "Bearer wt_\xe9\xff"},
            {"HTTP_ACCEPT": "text/html"},
        ):
            _send(
                failures,
                f"{method} {path} {header}",
                getattr(client, method),
                url,
                **{**auth, **header},
            )
        if method != "post":
            continue
        valid = VALID_BODIES[path]
        post = client.post
        for content_type, body in (
            ("application/json", "{kapot"),
            ("application/json", "\xff\xfe"),
            ("application/json", "[" * 5000 + "]" * 5000),
            ("application/json", json.dumps([valid])),
            ("application/json", json.dumps("tekst")),
            ("application/json", "null"),
            ("application/json", '{"omschrijving": NaN, "reden": Infinity}'),
            ("application/json", json.dumps({"x": "y" * 6_000_000})),
            ("text/plain", json.dumps(valid)),
            ("application/xml", "<melding/>"),
            ("application/x-www-form-urlencoded", "categorie=overlast-geluid"),
            ("multipart/form-data; boundary=x", "--x--"),
        ):
            _send(
                failures,
                f"POST {path} {content_type} {body[:20]!r}",
                post,
                url,
                body,
                content_type=content_type,
                **auth,
            )
        for field in _fields(document, operation):
            for value in BAD_JSON:
                body = json.dumps(_with(valid, field, value))
                _send(
                    failures,
                    f"POST {path} {field}={str(value)[:20]!r}",
                    post,
                    url,
                    body,
                    content_type="application/json",
                    **auth,
                )
    assert not failures, "\n".join(failures[:50])


def test_the_bad_input_reaches_the_bodies_fields(db, setting):
    """The test above is only worth something if it finds the fields: the signal's, nested
    ones included, and the response's."""
    document = _document(Client())
    operations = {(path, method): op for path, method, op in _operations(document)}
    fields = _fields(document, operations[("/meldingen", "post")])
    assert {
        "categorie",
        "omschrijving",
        "adres.postcode",
        "punt.coordinates",
        "melder.email",
    } <= set(fields)
    assert {"reactie", "reden", "tegenvoorstel"} <= set(
        _fields(document, operations[("/casussen/{nummer}/reacties", "post")])
    )
