"""Signals through the API: a partner system creates them through the one intake, with its
organisation receiving them and an Idempotency-Key that makes a retry safe; it lists and reads
only what the need-to-know rule lets its organisation see, in a constant number of queries."""

import json
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.api.support import bearer, make_client
from tests.cases.support import address, case_of, intake
from wijkteam.access.models import AccessLogEntry
from wijkteam.api.idempotency import idempotent_requests_prune
from wijkteam.api.models import IdempotentRequest
from wijkteam.cases.models import Case
from wijkteam.partners.models import Role
from wijkteam.signals.category_seed import seed_categories
from wijkteam.signals.models import Category, Channel, Signal
from wijkteam.signals.services import ReporterInput

NEW = {
    "categorie": "overlast-geluid",
    "omschrijving": "Harde muziek tot drie uur",
    "adres": {"postcode": "3999 AA", "huisnummer": 5},
    "punt": {"type": "Point", "coordinates": [5.505, 52.005]},
    "melder": {"naam": "Piet Melder", "email": "piet@example.org"},
    "externeReferentie": "WS-1001",
}


def post(client, key, body=NEW, **headers):
    return client.post(
        reverse("api:signals"),
        json.dumps(body),
        content_type="application/json",
        **bearer(key),
        **headers,
    )


@pytest.fixture
def corporation(world):
    return make_client(world.corporatie, teams=(world.team_a,), name="Woonsysteem")


def test_a_partner_system_creates_a_signal_for_its_organisation(client, corporation, world):
    _api, key = corporation
    response = post(client, key)
    assert response.status_code == 201, response.content
    body = response.json()
    signal = Signal.objects.get(reference=body["nummer"])
    assert signal.channel == Channel.API
    assert signal.receiving_organisation == world.corporatie
    assert signal.created_by.api_client.name == "Woonsysteem"
    assert signal.external_reference == "WS-1001"
    assert signal.neighbourhood == world.buurt_a1
    assert response["Location"].endswith(f"/api/v1/meldingen/{signal.reference}")
    # Through the one intake: placed in a case, in triage, and the reporter has a receipt.
    assert Case.objects.filter(links__signal=signal).exists()
    assert signal.reporters.get().email == "piet@example.org"
    # The receiving organisation sees what it sent, the reporter included.
    assert body["inhoud"]["omschrijving"] == "Harde muziek tot drie uur"
    assert body["melders"][0]["naam"] == "Piet Melder"
    assert body["casus"] == case_of(signal).reference


def test_a_retry_with_the_same_key_gets_the_same_answer_and_no_second_signal(client, corporation):
    _api, key = corporation
    first = post(client, key, HTTP_IDEMPOTENCY_KEY="aanvraag-1")
    again = post(client, key, HTTP_IDEMPOTENCY_KEY="aanvraag-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.content == first.content
    assert again["Location"] == first["Location"]
    assert again["Idempotent-Replayed"] == "true"
    assert Signal.objects.count() == 1


def test_the_same_key_with_another_request_is_refused(client, corporation):
    _api, key = corporation
    post(client, key, HTTP_IDEMPOTENCY_KEY="aanvraag-2")
    other = post(
        client, key, {**NEW, "omschrijving": "Iets anders"}, HTTP_IDEMPOTENCY_KEY="aanvraag-2"
    )
    assert other.status_code == 422
    assert other.json()["type"].endswith("#probleem-idempotency-key-hergebruikt")
    assert Signal.objects.count() == 1


def test_keys_are_per_client_and_kept_a_day(client, corporation, world):
    _api, key = corporation
    _other, other_key = make_client(world.gemeente, teams=(world.team_a,), name="Gemeente")
    post(client, key, HTTP_IDEMPOTENCY_KEY="zelfde")
    body = {**NEW, "externeReferentie": "G-1"}
    assert post(client, other_key, body, HTTP_IDEMPOTENCY_KEY="zelfde").status_code == 201
    assert Signal.objects.count() == 2
    assert idempotent_requests_prune(before=timezone.now() - timedelta(hours=24)) == 0
    assert idempotent_requests_prune(before=timezone.now() + timedelta(seconds=1)) == 2
    assert not IdempotentRequest.objects.exists()


def test_a_bad_idempotency_key_is_400(client, corporation):
    _api, key = corporation
    response = post(client, key, HTTP_IDEMPOTENCY_KEY="x" * 300)
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "Idempotency-Key"
    assert not Signal.objects.exists()


def test_a_refused_request_is_not_remembered(client, corporation):
    _api, key = corporation
    wrong = post(client, key, {**NEW, "categorie": "bestaat-niet"}, HTTP_IDEMPOTENCY_KEY="k3")
    assert wrong.status_code == 400
    assert not IdempotentRequest.objects.exists()


def test_the_same_external_reference_twice_is_a_conflict(client, corporation):
    _api, key = corporation
    assert post(client, key).status_code == 201
    second = post(client, key)
    assert second.status_code == 409
    assert Signal.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_requests_with_one_key_at_once_make_one_signal(world, settings):
    """Two retries racing each other: the second waits for the first's key, and answers with
    its answer (its own work undone)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite takes one writer at a time: there is no race to lose")
    from django.test import Client

    # A test before this one that really committed emptied every table, the seeded categories too.
    seed_categories(Category)

    _api, key = make_client(world.corporatie, teams=(world.team_a,))
    answers = []

    def send():
        answers.append(post(Client(), key, HTTP_IDEMPOTENCY_KEY="tegelijk"))
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [answer.status_code for answer in answers] == [201, 201]
    assert answers[0].json() == answers[1].json()
    assert Signal.objects.count() == 1


def test_confidential_categories_are_refused(client, world):
    _api, key = make_client(world.corporatie, teams=(world.team_a,), role=Role.HUURADMINISTRATIE)
    response = post(client, key, {**NEW, "categorie": "financieel-huurachterstand"})
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "categorie"


def test_a_read_only_client_cannot_create(client, world):
    _api, key = make_client(world.gemeente, teams=(world.team_a,), role=Role.LEZER)
    assert post(client, key).status_code == 403
    assert not Signal.objects.exists()


def test_a_place_outside_the_wijken_is_refused_at_its_field(client, corporation):
    _api, key = corporation
    body = {**NEW, "adres": {}, "punt": {"type": "Point", "coordinates": [4.0, 51.0]}}
    response = post(client, key, body)
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "adres"


# --- reading -------------------------------------------------------------------------------


@pytest.fixture
def records(world):
    """Noise of the gemeente (team), a care worry of welfare (case partners), in wijk A."""
    noise = intake(
        "overlast-geluid",
        location=address(number=3),
        receiving_organisation=world.gemeente,
        description="GELUIDGEHEIM",
        reporter=ReporterInput(name="Geheime Melder"),
    )
    care = intake(
        "zorg-verwaarlozing",
        location=address(number=7),
        receiving_organisation=world.welzijn,
        description="ZORGGEHEIM",
        reporter=ReporterInput(name="Zorgmelder"),
    )
    return noise, care


def test_the_list_shows_what_the_rule_allows(client, world, records):
    noise, care = records
    _api, key = make_client(world.politie, teams=(world.team_a,))
    response = client.get(reverse("api:signals"), **bearer(key))
    assert response.status_code == 200
    rows = {row["nummer"]: row for row in response.json()["_embedded"]["meldingen"]}
    assert set(rows) == {noise.reference, care.reference}
    assert rows[noise.reference]["inhoud"]["omschrijving"] == "GELUIDGEHEIM"
    assert rows[care.reference]["inhoud"] is None
    assert "ZORGGEHEIM" not in response.content.decode()
    assert "Geheime Melder" not in response.content.decode()


def test_a_client_of_another_wijk_sees_nothing_of_wijk_a(client, world, records):
    """Not even of its own organisation's signals there (DESIGN §6: through its members in the
    signal's wijkteam)."""
    _api, key = make_client(world.gemeente, teams=(world.team_b,))
    response = client.get(reverse("api:signals"), **bearer(key))
    assert response.json()["_embedded"]["meldingen"] == []
    noise, care = records
    assert (
        client.get(reverse("api:signal", args=[noise.reference]), **bearer(key)).status_code == 404
    )


def test_one_signal_with_its_reporter_for_the_receiver_only(client, world, records):
    noise, care = records
    _gemeente, gemeente_key = make_client(world.gemeente, teams=(world.team_a,), name="G")
    _police, police_key = make_client(world.politie, teams=(world.team_a,), name="P")
    own = client.get(reverse("api:signal", args=[noise.reference]), **bearer(gemeente_key))
    assert own.json()["melders"][0]["naam"] == "Geheime Melder"
    other = client.get(reverse("api:signal", args=[noise.reference]), **bearer(police_key))
    assert other.json()["melders"] is None
    assert other.json()["inhoud"]["omschrijving"] == "GELUIDGEHEIM"
    worry = client.get(reverse("api:signal", args=[care.reference]), **bearer(police_key))
    assert worry.status_code == 200 and worry.json()["inhoud"] is None
    assert "ZORGGEHEIM" not in worry.content.decode()


def test_reading_a_case_partners_signal_is_in_the_access_log(client, world, records):
    _noise, care = records
    api, key = make_client(world.welzijn, teams=(world.team_a,))
    assert (
        client.get(reverse("api:signal", args=[care.reference]), **bearer(key)).status_code == 200
    )
    entry = AccessLogEntry.objects.get(reference=care.reference)
    assert entry.user == api.account
    assert entry.route == "api:signal"
    client.get(reverse("api:signals"), **bearer(key))
    assert AccessLogEntry.objects.filter(reference=care.reference).count() == 2


def test_the_list_filters_like_the_inbox(client, world, records):
    noise, care = records
    _api, key = make_client(world.gemeente, teams=(world.team_a,))

    def listed(**query):
        response = client.get(reverse("api:signals"), query, **bearer(key))
        assert response.status_code == 200, response.content
        return [row["nummer"] for row in response.json()["_embedded"]["meldingen"]]

    assert listed(categorie="zorg") == [care.reference]
    assert listed(categorie="overlast-geluid") == [noise.reference]
    assert listed(categorie="bestaat-niet") == []
    assert listed(wijk="WK099902") == []
    assert set(listed(buurt="BU09990100")) == {noise.reference, care.reference}
    assert listed(sorteer="ontvangenOp") == [noise.reference, care.reference]
    assert listed() == [care.reference, noise.reference]
    since = (care.created_at - timedelta(microseconds=1)).isoformat()
    assert listed(ontvangenVanaf=since) == [care.reference]
    assert listed(status="done") == []


def test_the_list_pages_with_links_and_without_counting(client, world):
    for number in range(5):
        intake("overlast-geluid", location=address(number=100 + number))
    _api, key = make_client(world.gemeente, teams=(world.team_a,))
    first = client.get(reverse("api:signals"), {"paginagrootte": 2}, **bearer(key)).json()
    assert len(first["_embedded"]["meldingen"]) == 2
    assert "prev" not in first["_links"] and "pagina=2" in first["_links"]["next"]["href"]
    last = client.get(
        first["_links"]["next"]["href"].replace("pagina=2", "pagina=3"), **bearer(key)
    ).json()
    assert len(last["_embedded"]["meldingen"]) == 1 and "next" not in last["_links"]
    assert "pagina=2" in last["_links"]["prev"]["href"]
    too_far = client.get(reverse("api:signals"), {"pagina": 201}, **bearer(key))
    assert too_far.status_code == 400


def test_the_list_costs_the_same_queries_however_long(client, world, django_assert_max_num_queries):
    _api, key = make_client(world.welzijn, teams=(world.team_a,))
    for number in range(3):
        intake(
            "zorg-verwaarlozing",
            location=address(number=200 + number),
            receiving_organisation=world.welzijn,
        )
    client.get(reverse("api:signals"), **bearer(key))  # the process's kept reference data
    with django_assert_max_num_queries(9) as few:
        client.get(reverse("api:signals"), **bearer(key))
    for number in range(20):
        intake(
            "zorg-verwaarlozing",
            location=address(number=300 + number),
            receiving_organisation=world.welzijn,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("api:signals"), **bearer(key))
    assert len(response.json()["_embedded"]["meldingen"]) == 23


def test_the_worker_prunes_the_kept_answers_every_hour(client, corporation, settings):
    from wijkteam.api.tasks import next_prune_at, prune_idempotent_requests

    assert settings.PERIODIC_TASKS["wijkteam.api.tasks.prune_idempotent_requests"] == (
        "wijkteam.api.tasks.next_prune_at"
    )
    now = timezone.now()
    assert next_prune_at(now) == now + timedelta(hours=1)
    _api, key = corporation
    post(client, key, HTTP_IDEMPOTENCY_KEY="oud")
    IdempotentRequest.objects.update(created_at=now - timedelta(hours=25))
    post(client, key, {**NEW, "externeReferentie": "WS-2"}, HTTP_IDEMPOTENCY_KEY="nieuw")
    prune_idempotent_requests.call()
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["nieuw"]
