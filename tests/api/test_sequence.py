"""A partner system's signal walked through its case: created by welfare's system, answered in
the triage by the partners' systems, decided in the wijkteamoverleg with the police involved;
at each step each system sees exactly what DESIGN §6 allows (a worry about a resident: the
case partners only; who reported it: the receiving organisation only)."""

import json

from django.urls import reverse

from tests.api.support import bearer, make_client
from wijkteam.cases.models import Case, CaseStatus, Proposal, ProposalStatus
from wijkteam.cases.triage.responses import case_decide

WORRY = {
    "categorie": "zorg-verwaarlozing",
    "omschrijving": "ZORGWOORD mevrouw komt de deur niet meer uit",
    "adres": {"postcode": "3999AA", "huisnummer": 9},
    "punt": {"type": "Point", "coordinates": [5.505, 52.005]},
    "melder": {"naam": "Dochter Melder", "telefoon": "0612345678"},
}


def _get(client, key, name, *args):
    return client.get(reverse(name, args=args), **bearer(key))


def test_what_each_system_sees_as_the_case_moves(client, world):
    _welfare, welfare = make_client(world.welzijn, teams=(world.team_a,), name="Welzijnssysteem")
    _police, police = make_client(world.politie, teams=(world.team_a,), name="Politiesysteem")
    _elsewhere, elsewhere = make_client(world.gemeente, teams=(world.team_b,), name="Elders")
    others = {
        organisation.pk: make_client(organisation, teams=(world.team_a,), name=organisation.name)[1]
        for organisation in (world.gemeente, world.corporatie)
    }

    # 1. Welfare's system reports a worry: it sees everything it sent, its reporter included.
    created = client.post(
        reverse("api:signals"),
        json.dumps(WORRY),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="zorg-1",
        **bearer(welfare),
    )
    assert created.status_code == 201
    number, case_number = created.json()["nummer"], created.json()["casus"]
    own = _get(client, welfare, "api:signal", number).json()
    assert own["inhoud"]["omschrijving"].startswith("ZORGWOORD")
    assert own["melders"][0]["naam"] == "Dochter Melder"

    # 2. The police in the team know that it exists, nothing more; another wijk not even that.
    seen = _get(client, police, "api:signal", number)
    assert seen.status_code == 200 and seen.json()["inhoud"] is None
    assert "ZORGWOORD" not in seen.content.decode() and "Dochter" not in seen.content.decode()
    case = _get(client, police, "api:case", case_number).json()
    assert case["status"]["code"] == CaseStatus.CONSULTATION and case["adres"] is None
    assert _get(client, elsewhere, "api:signal", number).status_code == 404
    assert _get(client, elsewhere, "api:case", case_number).status_code == 404

    # 3. The triage through the systems: the police object, the others agree; the overleg.
    def respond(key, **body):
        return client.post(
            reverse("api:case_responses", args=[case_number]),
            json.dumps(body),
            content_type="application/json",
            **bearer(key),
        )

    assert respond(police, reactie="object", reden="Wij kennen dit adres").status_code == 201
    for key in (welfare, *others.values()):
        assert respond(key, reactie="agree").status_code == 201
    proposal = Proposal.objects.get(case__reference=case_number)
    assert proposal.status == ProposalStatus.ESCALATED
    listed = _get(client, police, "api:cases").json()["_embedded"]["casussen"]
    assert [row["status"]["code"] for row in listed] == [CaseStatus.ESCALATED]
    assert respond(police, reactie="agree").status_code == 409  # no proposal open any more

    # 4. The overleg decides: welfare leads, the police take part. They see the details now,
    # never who reported it.
    case_decide(
        actor=world.wijkmanager_a,
        case=Case.objects.get(reference=case_number),
        lead=world.welzijn,
        involved=[world.politie],
        reasoning="Samen op huisbezoek",
    )
    shared = _get(client, police, "api:signal", number).json()
    assert shared["inhoud"]["omschrijving"].startswith("ZORGWOORD")
    assert shared["melders"] is None
    case = _get(client, police, "api:case", case_number).json()
    assert case["regie"]["id"] == world.welzijn.pk
    assert [o["id"] for o in case["betrokken"]] == [world.politie.pk]
    assert case["adres"]["huisnummer"] == 9 and case["inhoudZichtbaar"] is True
    # The gemeente, not taking part, still knows only that it exists.
    gemeente = _get(client, others[world.gemeente.pk], "api:signal", number).json()
    assert gemeente["inhoud"] is None
    assert _get(client, elsewhere, "api:signal", number).status_code == 404
    # And the retry of the very first request still gets the very first answer.
    again = client.post(
        reverse("api:signals"),
        json.dumps(WORRY),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="zorg-1",
        **bearer(welfare),
    )
    assert again.content == created.content
