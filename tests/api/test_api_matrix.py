"""The API's authorization matrix: every API route asked by partner systems' clients of every
organisation kind with a place in wijk A's team and in wijk B's, a read-only client, the
corporation's rent administration, a client without any scope, a revoked one and a call without
a key, about the authorization matrix's records (tests/matrix/world.py) with their marker words.

The oracle is the matrix's (written from DESIGN §6, not from the application's access code): a
client sees what a member of its organisation with its role in its wijkteam may see. For every
route and client the test asserts the status the rule gives (401 without a valid key, 403 without
the scope or for a read-only client, 404 for a record it may not know, never a 500) and that no
answer holds a marker of a record, initiative or count it may not see."""

import json
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.api.support import ALL_SCOPES, bearer
from tests.matrix import Matrix, Record, knows, sees_details, sees_reporter
from tests.matrix.api_routes import API_ROUTES
from tests.matrix.asking import all_routes
from tests.matrix.initiative_world import initiative_leaks
from tests.matrix.visitors import KIND_ROLES, K, Visitor
from tests.matrix.wijkbeeld_world import picture_leaks
from wijkteam.api.services import api_client_create, api_client_revoke
from wijkteam.cases.models import CaseStatus, ProposalResponse
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import Role, Team
from wijkteam.signals.models import Signal

ANONYMOUS = Visitor("api-zonder-sleutel")
REVOKED = Visitor("api-ingetrokken", K.GEMEENTE, Role.MEDEWERKER, "A")
NO_SCOPE = Visitor("api-zonder-scope", K.GEMEENTE, Role.MEDEWERKER, "A")
READER = Visitor("api-politie-lezer-A", K.POLITIE, Role.LEZER, "A")
RENT = Visitor("api-corporatie-huuradministratie", K.CORPORATIE, Role.HUURADMINISTRATIE)
CLIENTS = [
    Visitor(f"api-{kind}-medewerker-{team}", kind, Role.MEDEWERKER, team)
    for kind in KIND_ROLES
    for team in "AB"
] + [READER, RENT]
VISITORS = [ANONYMOUS, REVOKED, NO_SCOPE, *CLIENTS]
WITH_KEY = {"api:openapi", "api:documentation", "api:initiatives", "api:initiative"}


@pytest.fixture(scope="module")
def keys(matrix: Matrix, django_db_blocker) -> dict[str, str]:
    """A client (and its key) for each visitor, in the matrix's world: its organisation's
    account with a place in the visitor's wijkteam."""
    keys = {}
    with django_db_blocker.unblock():
        teams = {
            "A": Team.objects.get(district__code="WK099901"),
            "B": Team.objects.get(district__code="WK099902"),
        }
        for visitor in CLIENTS + [REVOKED, NO_SCOPE]:
            client, key = api_client_create(
                actor=SYSTEM,
                name=visitor.key,
                organisation=matrix.organisations[visitor.kind],
                scopes=[] if visitor is NO_SCOPE else ALL_SCOPES,
                rate_limit_per_minute=100_000,
                role=visitor.role,
                teams=[teams[visitor.team]] if visitor.team else [],
            )
            if visitor is REVOKED:
                api_client_revoke(actor=SYSTEM, client=client)
            keys[visitor.key] = key
    return keys


@dataclass(frozen=True)
class Asked:
    """One request of the matrix: a route, its URL, method and body, and about what."""

    key: str
    url: str
    method: str = "GET"
    body: dict | None = None
    record: str | None = None


def asks(matrix: Matrix) -> list[Asked]:
    noise = matrix.records["noise"]
    found = [
        Asked("api:openapi", reverse("api:openapi")),
        Asked("api:documentation", reverse("api:documentation")),
        Asked("api:categories", reverse("api:categories")),
        Asked("api:districts", reverse("api:districts")),
        Asked("api:district", reverse("api:district", args=["WK099901"])),
        Asked("api:neighbourhoods", reverse("api:neighbourhoods")),
        Asked("api:neighbourhood", reverse("api:neighbourhood", args=["BU09990100"])),
        Asked("api:signals", reverse("api:signals") + "?paginagrootte=50"),
        Asked(
            "api:signals",
            reverse("api:signals"),
            "POST",
            {
                "categorie": "overlast-geluid",
                "omschrijving": "MATRIXAPI nieuw",
                "punt": {"type": "Point", "coordinates": [5.505, 52.005]},
            },
        ),
        Asked("api:cases", reverse("api:cases") + "?paginagrootte=50"),
        Asked("api:counts", reverse("api:counts") + "?per=buurt&categorieen=sub"),
        Asked("api:counts", reverse("api:counts")),
        Asked("api:initiatives", reverse("api:initiatives") + "?paginagrootte=50"),
    ]
    for name, record in matrix.records.items():
        found += [
            Asked("api:signal", reverse("api:signal", args=[record.signal_reference]), record=name),
            Asked("api:case", reverse("api:case", args=[record.case_reference]), record=name),
            Asked(
                "api:case_responses",
                reverse("api:case_responses", args=[record.case_reference]),
                "POST",
                {"reactie": "agree"},
                record=name,
            ),
        ]
    found.append(
        Asked(
            "api:signal", reverse("api:signal", args=[noise.other_signal_reference]), record="noise"
        )
    )
    for variant in ("project", "hidden", "unconfirmed"):
        number = matrix.initiatives.value("initiatives:detail", "reference", variant)
        found.append(
            Asked("api:initiative", reverse("api:initiative", args=[number]), record=variant)
        )
    return found


# --- the rule -------------------------------------------------------------------------------


def expected(asked: Asked, visitor: Visitor, record: Record | None) -> int:
    if asked.key not in WITH_KEY:
        if visitor in (ANONYMOUS, REVOKED):
            return 401
        if visitor is NO_SCOPE and asked.key not in {
            "api:categories",
            "api:districts",
            "api:district",
            "api:neighbourhoods",
            "api:neighbourhood",
        }:
            return 403
    if asked.key == "api:initiative" and asked.record != "project":
        return 404
    if asked.key in ("api:signal", "api:case", "api:case_responses") and not knows(visitor, record):
        return 404
    if asked.method == "POST":
        if visitor.role == Role.LEZER:
            return 403
        if asked.key == "api:case_responses":
            return 201 if record.status == CaseStatus.CONSULTATION and visitor.team == "A" else 409
        return 201
    return 200


def leaks(body: str, visitor: Visitor, matrix: Matrix, asked: Asked) -> list[str]:
    found = initiative_leaks(body, visitor, "initiatives:api", asked.record)
    personal = ()
    for record in matrix.records.values():
        personal += record.details_markers + record.reporter_markers
        if not sees_details(visitor, record):
            found += [marker for marker in record.details_markers if marker in body]
        if not sees_reporter(visitor, record):
            found += [marker for marker in record.reporter_markers if marker in body]
    picture_key = "wijkbeeld:api" if asked.key == "api:counts" else asked.key
    return found + picture_leaks(body, visitor, picture_key, personal)


def shown_as_the_rule_says(asked: Asked, visitor: Visitor, matrix: Matrix, answer) -> str | None:
    """What an allowed answer must hold: the records it may know in a list, and no more; on one
    record its details and reporters exactly where the rule allows; what a POST did."""
    data = answer.json() if answer["Content-Type"].startswith("application/json") else None
    records = matrix.records.values()
    if asked.key == "api:signals" and asked.method == "GET":
        listed = {row["nummer"] for row in data["_embedded"]["meldingen"]}
        for record in records:
            if (record.signal_reference in listed) != knows(visitor, record):
                return f"lists {record.name}: {record.signal_reference in listed}"
    if asked.key == "api:cases":
        listed = {row["nummer"] for row in data["_embedded"]["casussen"]}
        for record in records:
            if (record.case_reference in listed) != knows(visitor, record):
                return f"lists case {record.name}: {record.case_reference in listed}"
    record = matrix.records.get(asked.record)
    if asked.key == "api:signal":
        if (data["inhoud"] is not None) != sees_details(visitor, record):
            return f"inhoud {data['inhoud'] is not None}"
        if (data["melders"] is not None) != sees_reporter(visitor, record):
            return f"melders {data['melders'] is not None}"
    if asked.key == "api:case" and (data["adres"] is not None) != sees_details(visitor, record):
        return f"adres {data['adres'] is not None}"
    if asked.key == "api:case_responses":
        organisation = matrix.organisations[visitor.kind]
        answered = ProposalResponse.objects.filter(
            proposal__case__reference=record.case_reference, organisation=organisation
        ).exists()
        if not answered:
            return "no response recorded"
    if asked.key == "api:signals" and asked.method == "POST":
        made = Signal.objects.get(reference=data["nummer"])
        if made.receiving_organisation_id != matrix.organisations[visitor.kind].pk:
            return "received by another organisation"
    return None


def _send(client: Client, asked: Asked, headers: dict):
    if asked.method == "GET":
        return client.get(asked.url, **headers)
    return client.post(
        asked.url, json.dumps(asked.body), content_type="application/json", **headers
    )


def test_every_api_route_is_asked_and_in_the_sessions_matrix(matrix, db):
    api_keys = {pattern.key for pattern in all_routes() if pattern.key.startswith("api:")}
    assert {asked.key for asked in asks(matrix)} == api_keys
    assert set(API_ROUTES) == api_keys


@pytest.mark.parametrize("route", sorted(API_ROUTES))
def test_api_route_answers_each_client_as_the_rule_says(matrix, keys, db, route):
    wrong = []
    for asked in [a for a in asks(matrix) if a.key == route]:
        record = matrix.records.get(asked.record)
        for visitor in VISITORS:
            headers = bearer(keys[visitor.key]) if visitor.key in keys else {}
            with transaction.atomic():
                answer = _send(Client(), asked, headers)
                body = answer.content.decode(errors="replace")
                want = expected(asked, visitor, record)
                problem = None
                if answer.status_code != want:
                    problem = f"{answer.status_code}, expected {want}: {body[:200]}"
                elif want < 300:
                    problem = shown_as_the_rule_says(asked, visitor, matrix, answer)
                elif not answer["Content-Type"].startswith("application/problem+json"):
                    problem = f"a refusal as {answer['Content-Type']}"
                transaction.set_rollback(True)
            found = leaks(body, visitor, matrix, asked)
            if found:
                problem = f"shows {found}"
            if problem:
                wrong.append(f"{asked.method} {asked.url} as {visitor.key}: {problem}")
    assert not wrong, "\n".join(wrong)


def test_the_markers_reach_the_clients_that_may_see_them(matrix, keys, db):
    """The leak check above is only worth something if the markers are in the answers of who
    may see them: the receiving organisation's client in wijk A reads each of its signals'
    details and reporter."""
    for record in matrix.records.values():
        if record.receiver_kind is None:
            continue
        key = keys[f"api-{record.receiver_kind}-medewerker-A"]
        answer = Client().get(reverse("api:signal", args=[record.signal_reference]), **bearer(key))
        body = answer.content.decode()
        assert answer.status_code == 200, (record.name, body[:200])
        assert record.details_markers[0] in body, record.name
        if record.reporter_markers:
            assert record.reporter_markers[0] in body, record.name
