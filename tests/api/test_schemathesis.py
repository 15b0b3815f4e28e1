"""Schemathesis against the API's own OpenAPI document: requests generated from the document
(valid ones and, for each operation, invalid ones), a bounded number per operation, sent as a
client with every scope in a world with records of each kind. No answer may be a server error,
and every answer must be what the document says: its status, content type, headers and
body."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.api.support import make_client
from tests.cases.support import address, intake
from tests.initiatives.conftest import make_initiative
from wijkteam.signals.services import ReporterInput

# Where a request the document allows may still be refused (400 with invalidParams) by a rule
# no schema can say: a new signal's category must be one the API may report and its place in
# the gemeente, a response is to the case's open proposal, a period lies within five years
# (and is a year or two months, not both). There, an answer "valid data was rejected" is the
# rule at work; every other check still holds (no server error, the answer as documented).
RULES_BEYOND_THE_DOCUMENT = {
    ("POST", "/meldingen"),
    ("POST", "/casussen/{nummer}/reacties"),
    ("GET", "/wijkbeeld/aantallen"),
}
# Per operation and mode: enough to reach each parameter and field, and the whole run within
# a couple of minutes.
EXAMPLES = 15


def _document() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


schema = schemathesis.openapi.from_dict(_document())
schema.app = get_wsgi_application()


@pytest.fixture
def kept_connection():
    """Django closes the database connection after each request it serves, which inside a
    test would end the test's own transaction (on PostgreSQL); its test client keeps the
    connection, and so does this: the requests here go to the WSGI application itself."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def key(world, kept_connection):
    intake(
        "overlast-geluid",
        location=address(number=3),
        receiving_organisation=world.gemeente,
        reporter=ReporterInput(name="Melder"),
    )
    intake("zorg-verwaarlozing", location=address(number=7), receiving_organisation=world.welzijn)
    make_initiative(world.buurt_a1)
    _client, key = make_client(world.gemeente, teams=(world.team_a,))
    return key


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_as_its_document_says(case, key):
    excluded = []
    if (case.method, case.path) in RULES_BEYOND_THE_DOCUMENT:
        excluded.append(positive_data_acceptance)
    case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, excluded_checks=excluded)
