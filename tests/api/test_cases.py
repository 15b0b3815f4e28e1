"""Cases through the API: the list and one case as the need-to-know rule lets the client's
organisation see them, and its response to a triage proposal through the triage's service."""

import json

import pytest
from django.urls import reverse

from tests.api.support import bearer, make_client
from tests.cases.support import address, case_of, intake, open_proposal
from wijkteam.cases.models import CaseStatus, ProposalResponse, ResponseKind
from wijkteam.partners.models import Role
from wijkteam.signals.services import ReporterInput


@pytest.fixture
def cases(world):
    noise = intake(
        "overlast-geluid",
        location=address(number=3, street="Appellaan"),
        receiving_organisation=world.gemeente,
        description="GELUIDGEHEIM",
        reporter=ReporterInput(name="Geheime Melder"),
    )
    care = intake(
        "zorg-verwaarlozing",
        location=address(number=7, street="Zorgstraat"),
        receiving_organisation=world.welzijn,
        description="ZORGGEHEIM",
    )
    return case_of(noise), case_of(care)


def respond(client, key, case, **body):
    return client.post(
        reverse("api:case_responses", args=[case.reference]),
        json.dumps(body),
        content_type="application/json",
        **bearer(key),
    )


def test_the_list_shows_status_and_lead_of_what_may_be_known(client, world, cases):
    noise, care = cases
    _api, key = make_client(world.politie, teams=(world.team_a,))
    response = client.get(reverse("api:cases"), **bearer(key))
    assert response.status_code == 200
    rows = {row["nummer"]: row for row in response.json()["_embedded"]["casussen"]}
    assert set(rows) == {noise.reference, care.reference}
    assert rows[noise.reference]["status"]["code"] == CaseStatus.CONSULTATION
    assert rows[noise.reference]["inhoudZichtbaar"] is True
    assert rows[care.reference]["inhoudZichtbaar"] is False
    assert "Zorgstraat" not in response.content.decode()


def test_one_case_with_its_proposal_and_address_only_with_details(client, world, cases):
    noise, care = cases
    _api, key = make_client(world.politie, teams=(world.team_a,))
    team_case = client.get(reverse("api:case", args=[noise.reference]), **bearer(key)).json()
    assert team_case["adres"]["straat"] == "Appellaan"
    assert team_case["voorstel"]["status"]["code"] == "open"
    asked = {row["organisatie"]["naam"] for row in team_case["voorstel"]["reacties"]}
    assert "Politie Test" in asked
    assert team_case["meldingen"] == [noise.links.get().signal.reference]
    worry = client.get(reverse("api:case", args=[care.reference]), **bearer(key))
    assert worry.status_code == 200
    assert worry.json()["adres"] is None and worry.json()["inhoudZichtbaar"] is False
    assert "Zorgstraat" not in worry.content.decode()
    assert "Geheime Melder" not in json.dumps(team_case)


def test_a_case_of_another_wijk_is_404(client, world, cases):
    noise, _care = cases
    _api, key = make_client(world.gemeente, teams=(world.team_b,))
    assert client.get(reverse("api:case", args=[noise.reference]), **bearer(key)).status_code == 404
    assert client.get(reverse("api:cases"), **bearer(key)).json()["_embedded"]["casussen"] == []


def test_a_partner_system_agrees_to_the_proposal(client, world, cases):
    noise, _care = cases
    api, key = make_client(world.politie, teams=(world.team_a,))
    response = respond(client, key, noise, reactie="agree")
    assert response.status_code == 201, response.content
    answer = ProposalResponse.objects.get(proposal__case=noise, organisation=world.politie)
    assert (answer.kind, answer.responded_by) == (ResponseKind.AGREE, api.account)
    mine = [r for r in response.json()["reacties"] if r["organisatie"]["id"] == world.politie.pk]
    assert mine[0]["reactie"]["code"] == "agree"
    # A new answer replaces the old one.
    assert respond(client, key, noise, reactie="object", reden="Eerst de buren").status_code == 201
    answer.refresh_from_db()
    assert (answer.kind, answer.reason) == (ResponseKind.OBJECT, "Eerst de buren")


def test_the_last_agreement_agrees_the_lead(client, world, cases):
    noise, _care = cases
    proposal = open_proposal(noise)
    for organisation in proposal.respondents.all():
        _api, key = make_client(organisation, teams=(world.team_a,), name=organisation.name)
        assert respond(client, key, noise, reactie="agree").status_code == 201
    noise.refresh_from_db()
    assert noise.status == CaseStatus.HANDLING and noise.lead == proposal.lead


def test_an_objection_needs_a_reason(client, world, cases):
    noise, _care = cases
    _api, key = make_client(world.politie, teams=(world.team_a,))
    response = respond(client, key, noise, reactie="object")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "reden"
    unknown = respond(client, key, noise, reactie="counter", reden="x", tegenvoorstel=987654)
    assert unknown.json()["invalidParams"][0]["name"] == "tegenvoorstel"


def test_who_may_not_respond_is_refused(client, world, cases):
    noise, care = cases
    _reader, reader_key = make_client(world.politie, teams=(world.team_a,), role=Role.LEZER)
    assert respond(client, reader_key, noise, reactie="agree").status_code == 403
    _b, b_key = make_client(world.gemeente, teams=(world.team_b,), name="B")
    assert respond(client, b_key, noise, reactie="agree").status_code == 404
    _scope, scope_key = make_client(
        world.politie, teams=(world.team_a,), scopes=["cases:read"], name="S"
    )
    assert respond(client, scope_key, noise, reactie="agree").status_code == 403
    assert not ProposalResponse.objects.exists()


def test_a_case_without_an_open_proposal_is_a_conflict(client, world, cases):
    noise, _care = cases
    proposal = open_proposal(noise)
    for organisation in proposal.respondents.all():
        _api, key = make_client(organisation, teams=(world.team_a,), name=organisation.name)
        respond(client, key, noise, reactie="agree")
    response = respond(client, key, noise, reactie="agree")
    assert response.status_code == 409
    assert response.json()["type"].endswith("#probleem-conflict")


def test_the_case_list_costs_the_same_queries_however_long(
    client, world, django_assert_max_num_queries
):
    _api, key = make_client(world.politie, teams=(world.team_a,))
    for number in range(2):
        intake("overlast-geluid", location=address(number=400 + number, street="Lijststraat"))
    client.get(reverse("api:cases"), **bearer(key))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("api:cases"), **bearer(key))
    for number in range(15):
        intake("zorg-verwaarlozing", location=address(number=500 + number, street="Lang"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("api:cases"), **bearer(key))
    assert len(response.json()["_embedded"]["casussen"]) == 17
