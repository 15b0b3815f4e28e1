"""GET requests and GET requests/{id}: the public status only, in the specification's shape;
never anything about people, and nothing at all of a signal that is not for the public: only
the app that posted it reads its status, with its key."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.cases.support import address, case_of, intake, local, open_proposal, place
from tests.open311.conftest import BASE, xml_of
from wijkteam.cases.closure.outcome import case_resolve
from wijkteam.cases.models import Outcome
from wijkteam.cases.triage.deadlines import proposal_deadline_pass
from wijkteam.open311.services import open311_app_create
from wijkteam.partners.actors import SYSTEM
from wijkteam.signals.models import Channel, Signal
from wijkteam.signals.services import ArrearsInput, ReporterInput

# The fields of the specification's example response, in its order.
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
SECRETS = (
    "Geheimestraat",
    "3999AA",
    "0999200000000001",
    "GEHEIMOMSCHRIJVING",
    "GEHEIMBERICHT",
    "Gerrit Geheim",
    "gerrit@geheim.test",
    "0611111111",
    "GEHEIMPLEK",
)


def _agree(case) -> None:
    proposal = open_proposal(case)
    proposal_deadline_pass(
        actor=SYSTEM, proposal_id=proposal.pk, now=proposal.deadline + timedelta(minutes=1)
    )
    case.refresh_from_db()


@pytest.fixture
def signals(world):
    """Of every kind: noise by phone (team, about neighbours), litter a resident reported
    (team, public space, handled), graffiti (team, public space, open), a care worry (case
    partners), rent arrears (confidential); all with secrets in them."""
    reporter = ReporterInput(name="Gerrit Geheim", email="gerrit@geheim.test", phone="0611111111")
    noise = intake(
        "overlast-geluid",
        location=address(street="Geheimestraat", bag_id="0999200000000001"),
        description="GEHEIMOMSCHRIJVING muziek",
        reporter=reporter,
    )
    litter = intake(
        "vervuiling-zwerfafval",
        channel=Channel.RESIDENT_WEB,
        location=place(
            lat=52.00523, lon=5.50514, street="Bessenlaan", city="Testoord", note="GEHEIMPLEK"
        ),
        description="GEHEIMOMSCHRIJVING zakken",
        reporter=reporter,
    )
    _agree(case_of(litter))
    case_resolve(
        actor=world.wijkmanager_a,
        case=case_of(litter),
        outcome=Outcome.SOLVED,
        message="Opgehaald. GEHEIMBERICHT",
    )
    graffiti = intake(
        "vervuiling-graffiti",
        location=place(lat=52.0058, lon=5.5158, street="Kerkewijk"),
        description="GEHEIMOMSCHRIJVING tags",
        reporter=reporter,
    )
    care = intake(
        "zorg-verwaarlozing",
        location=address(number=7, street="Geheimestraat"),
        description="GEHEIMOMSCHRIJVING mevrouw",
        reporter=reporter,
    )
    arrears = intake(
        "financieel-huurachterstand",
        location=address(number=11, street="Geheimestraat"),
        receiving_organisation=world.corporatie,
        description="",
        arrears=ArrearsInput(
            tenant_name="Gerrit Geheim",
            amount=Decimal("1234.56"),
            months=3,
            signal_date=timezone.localdate() - timedelta(days=10),
        ),
    )
    return {
        "noise": noise,
        "litter": litter,
        "graffiti": graffiti,
        "care": care,
        "arrears": arrears,
    }


def _get(client, path: str, params: dict | None = None, fmt: str = "json"):
    return client.get(f"{BASE}/{path}.{fmt}", params or {})


def _listed(client, params: dict | None = None) -> list[dict]:
    response = _get(client, "requests", params)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def test_a_public_request_reads_its_status_and_nothing_about_people(client, signals):
    litter = signals["litter"]

    response = _get(client, f"requests/{litter.reference}")

    assert response.status_code == 200
    body = response.content.decode()
    (request,) = json.loads(body)
    assert list(request) == REQUEST_FIELDS
    assert request["service_request_id"] == litter.reference
    assert (request["status"], request["status_notes"]) == ("closed", "Afgehandeld")
    assert request["service_code"] == "vervuiling-zwerfafval"
    assert request["service_name"] == "Afval op straat of gedumpt afval"
    assert request["agency_responsible"] == "Gemeente Testoord"
    # A spot in public space: the street and buurt, the point rounded to about 100 m.
    assert request["address"] == "Bessenlaan, Appelhof, Testoord"
    assert (request["lat"], request["long"]) == (52.005, 5.505)
    for never in ("description", "address_id", "zipcode", "media_url", "service_notice"):
        assert request[never] is None
    assert request["requested_datetime"] == litter.created_at.astimezone(
        timezone.get_current_timezone()
    ).isoformat(timespec="seconds")
    assert request["updated_datetime"] >= request["requested_datetime"]
    assert not [secret for secret in SECRETS if secret in body]


def test_an_open_request_has_no_agency_until_the_team_agreed(client, signals):
    graffiti = signals["graffiti"]

    (request,) = json.loads(_get(client, f"requests/{graffiti.reference}").content)

    assert (request["status"], request["status_notes"]) == ("open", "Ontvangen")
    assert request["agency_responsible"] is None
    assert request["address"] == "Kerkewijk, Perenlaan"


@pytest.mark.parametrize("name", ["noise", "care", "arrears"])
def test_a_signal_not_for_the_public_does_not_exist(client, signals, name):
    """A report about people (neighbours' noise, a care worry) or arrears: the same 404 as a
    number never given out, and in no list."""
    signal = signals[name]
    never_given = _get(client, "requests/M-1999-99999")

    for fmt in ("json", "xml"):
        response = _get(client, f"requests/{signal.reference}", fmt=fmt)
        assert response.status_code == 404
        assert response.content == _get(client, "requests/M-1999-99999", fmt=fmt).content
    assert json.loads(never_given.content)[0]["code"] == 404
    listed = _listed(client, {"service_request_id": signal.reference})
    assert listed == []
    assert signal.reference not in _get(client, "requests").content.decode()


def test_the_app_that_posted_a_report_about_people_reads_its_status(client, world, app):
    posted = client.post(
        f"{BASE}/requests.json",
        {
            "api_key": app.key,
            "service_code": "overlast-burenruzie",
            "lat": "52.0052",
            "long": "5.5051",
            "description": "GEHEIMOMSCHRIJVING ruzie",
            "email": "gerrit@geheim.test",
        },
    )
    reference = json.loads(posted.content)[0]["service_request_id"]
    other = open311_app_create(actor=world.admin, name="Ander", contact_email="a@example.org")

    assert _get(client, f"requests/{reference}").status_code == 404
    assert _get(client, f"requests/{reference}", {"api_key": other.key}).status_code == 404
    own = _get(client, f"requests/{reference}", {"api_key": app.key})
    assert own.status_code == 200
    (request,) = json.loads(own.content)
    assert (request["service_code"], request["status"]) == ("overlast-burenruzie", "open")
    assert (request["address"], request["lat"], request["long"]) == (None, None, None)
    assert not [secret for secret in SECRETS if secret in own.content.decode()]
    listed = _listed(client, {"api_key": app.key})
    assert [r["service_request_id"] for r in listed] == [reference]
    assert _listed(client) == []


@pytest.mark.parametrize("path", ["requests", "requests/M-1999-99999"])
def test_reading_with_a_key_that_is_no_apps_is_refused(client, world, path):
    response = _get(client, path, {"api_key": "wt_abcdefghijkl_" + "x" * 43})
    assert response.status_code == 403
    assert json.loads(response.content)[0]["code"] == 403


def test_the_list_holds_the_public_requests_newest_first(client, signals):
    listed = _listed(client)

    assert [r["service_request_id"] for r in listed] == [
        signals["graffiti"].reference,
        signals["litter"].reference,
    ]
    assert all(list(request) == REQUEST_FIELDS for request in listed)
    body = _get(client, "requests").content.decode()
    assert not [secret for secret in SECRETS if secret in body]


def test_the_list_in_xml_has_the_documented_shape(client, signals):
    tree = xml_of(_get(client, "requests", fmt="xml"))

    assert tree.tag == "service_requests"
    requests = tree.findall("request")
    assert [r.findtext("service_request_id") for r in requests] == [
        signals["graffiti"].reference,
        signals["litter"].reference,
    ]
    assert [child.tag for child in requests[0]] == REQUEST_FIELDS
    assert requests[1].findtext("lat") == "52.005"
    assert requests[0].findtext("description") == ""


def test_a_status_change_moves_updated_datetime_on(client, signals, world):
    graffiti = signals["graffiti"]
    _agree(case_of(graffiti))

    (request,) = json.loads(_get(client, f"requests/{graffiti.reference}").content)

    assert (request["status"], request["status_notes"]) == ("open", "In behandeling")
    assert request["agency_responsible"] == case_of(graffiti).lead.name
    # proposal_deadline_pass agreed it a minute after the deadline, days after the report.
    assert request["updated_datetime"] > request["requested_datetime"]


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"status": "open"}, ["graffiti"]),
        ({"status": "closed"}, ["litter"]),
        ({"status": "open,closed"}, ["graffiti", "litter"]),
        ({"status": ["open", "closed"]}, ["graffiti", "litter"]),
        ({"service_code": "vervuiling-graffiti"}, ["graffiti"]),
        ({"service_code": "vervuiling-graffiti,vervuiling-zwerfafval"}, ["graffiti", "litter"]),
        ({"service_code": "overlast-geluid"}, []),
        ({"service_code": "zorg-verwaarlozing"}, []),
        ({"service_code": "financieel-huurachterstand"}, []),
    ],
)
def test_the_list_filters_as_the_specification_says(client, signals, params, names):
    listed = _listed(client, params)
    assert [r["service_request_id"] for r in listed] == [signals[n].reference for n in names]


def test_service_request_id_overrides_every_other_argument(client, signals):
    references = f"{signals['graffiti'].reference},{signals['care'].reference},M-1999-00001"
    listed = _listed(client, {"service_request_id": references, "status": "closed"})
    assert [r["service_request_id"] for r in listed] == [signals["graffiti"].reference]


def test_the_list_covers_the_last_90_days_by_default(client, signals):
    Signal.objects.filter(pk=signals["graffiti"].pk).update(
        created_at=timezone.now() - timedelta(days=91)
    )
    assert [r["service_request_id"] for r in _listed(client)] == [signals["litter"].reference]
    old = _listed(
        client,
        {"start_date": (timezone.now() - timedelta(days=100)).isoformat(timespec="seconds")},
    )
    assert signals["graffiti"].reference in [r["service_request_id"] for r in old]


def test_a_period_by_dates(client, signals):
    today = timezone.localdate()
    listed = _listed(
        client,
        {"start_date": today.isoformat(), "end_date": (today + timedelta(days=1)).isoformat()},
    )
    assert len(listed) == 2
    assert _listed(client, {"end_date": "2020-01-01T00:00:00Z"}) == []


@pytest.mark.parametrize(
    ("params", "said"),
    [
        ({"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"}, "90 dagen"),
        ({"start_date": "2026-02-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"}, "voor"),
        ({"start_date": "gisteren"}, "start_date is een datum"),
        ({"start_date": "2026-01-01T00:00:00"}, "start_date is een datum"),
        ({"end_date": "0001-01-01T00:00:00Z"}, "end_date is een datum"),
        ({"end_date": "9999-12-31T23:59:59+14:00"}, "end_date is een datum"),
        ({"start_date": "2026-02-30"}, "start_date is een datum"),
        ({"status": "dicht"}, "open of closed"),
        ({"service_request_id": ",".join(["M-1"] * 1001)}, "hoogstens 1000"),
    ],
)
def test_a_query_that_cannot_be_read_is_a_400(client, signals, params, said):
    response = _get(client, "requests", params)
    assert response.status_code == 400
    errors = json.loads(response.content)
    assert any(said in error["description"] for error in errors), errors


def test_the_list_asks_the_database_a_fixed_number_of_times(
    client, signals, world, django_assert_num_queries
):
    for number in range(5):
        intake("vervuiling-graffiti", location=place(lat=52.0051 + number / 10000))
    with django_assert_num_queries(1):
        assert len(_listed(client)) == 7
    with django_assert_num_queries(1):
        assert _get(client, f"requests/{signals['graffiti'].reference}").status_code == 200


def test_at_most_1000_requests_are_listed_the_newest_first(client, world):
    intake("vervuiling-graffiti", location=place())
    signal = Signal.objects.get()
    now = timezone.now()
    copies = []
    for number in range(1, 1001):
        copy = Signal(**{f.attname: getattr(signal, f.attname) for f in Signal._meta.fields})
        copy.pk = None
        copy.reference = f"M-2026-9{number:04d}"
        copy.created_at = now - timedelta(minutes=number)
        copies.append(copy)
    Signal.objects.bulk_create(copies)

    listed = [r["service_request_id"] for r in _listed(client)]

    assert len(listed) == 1000
    assert listed[:2] == [signal.reference, "M-2026-90001"]
    assert "M-2026-91000" not in listed  # the oldest of 1001


def test_a_time_is_written_with_its_offset(client, signals):
    Signal.objects.filter(pk=signals["graffiti"].pk).update(created_at=local(2026, 7, 1, 14, 30))
    listed = _listed(client, {"service_request_id": signals["graffiti"].reference})
    assert listed[0]["requested_datetime"] == "2026-07-01T14:30:00+02:00"


def test_a_street_kept_as_typed_shows_no_house_number(client, world):
    """A door that kept the address as typed while the address service was down may have a
    house number in the street: the public answer never shows it; and a place still to be
    checked is not shown at all."""
    typed = intake(
        "vervuiling-graffiti", location=place(street="Appellaan 12 bis", city="Testoord")
    )
    unchecked = intake("vervuiling-graffiti", location=place(street="Appellaan"))
    Signal.objects.filter(pk=unchecked.pk).update(location_status="needs_review")

    first = json.loads(_get(client, f"requests/{typed.reference}").content)[0]
    second = json.loads(_get(client, f"requests/{unchecked.reference}").content)[0]

    assert first["address"] == "Appellaan, Appelhof, Testoord"
    assert (second["address"], second["lat"]) == (None, None)
