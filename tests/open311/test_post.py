"""POST requests: an app's key, the request as the specification documents it (form-encoded,
every field), taken in through the same intake as the report form, and every refusal in the
specification's error format with a Dutch description."""

import json
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone

from tests.open311.conftest import IN_APPELHOF, report, xml_of
from wijkteam.access.models import AuditEntry
from wijkteam.areas.models import RegisteredAddress
from wijkteam.cases.models import Case
from wijkteam.open311.models import Open311App, Open311Request
from wijkteam.open311.services import open311_app_revoke
from wijkteam.signals.models import Channel, LocationStatus, Reporter, Signal

# The specification's own example request, with our service code, jurisdiction and a place in
# the world fixture (its lat and long are San Francisco's, and the address string theirs).
SPEC_EXAMPLE = (
    "jurisdiction_id=veenendaal.nl&service_code=vervuiling-zwerfafval&lat=52.0052&long=5.5051"
    "&address_string=1234+5th+street&email=smit333%40sfgov.edu&device_id=tt222111"
    "&account_id=123456&first_name=john&last_name=smith&phone=111111111"
    "&description=A+large+sinkhole+is+destroying+the+street"
    "&media_url=http%3A%2F%2Ffarm3.static.flickr.com%2F2002%2F2212426634_5ed477a060.jpg"
    "&attribute[huurder]=weet_niet"
)


def _errors(response) -> list[dict]:
    assert response["Content-Type"] == "application/json; charset=utf-8"
    errors = json.loads(response.content)
    assert all(list(error) == ["code", "description"] for error in errors)
    return errors


def test_the_specifications_example_request_is_taken_in(client, world, app, pdok):
    """Form-encoded exactly as the specification's example. Its address_string next to a point
    is kept as the note on the spot (as the form's "Waar precies?"): the point says where."""
    response = client.post(
        "/open311/v2/requests.json",
        f"api_key={app.key}&{SPEC_EXAMPLE}",
        content_type="application/x-www-form-urlencoded; charset=utf-8",
    )

    assert response.status_code == 201, response.content
    (taken,) = json.loads(response.content)
    assert list(taken) == ["service_request_id", "service_notice", "account_id"]
    assert taken["account_id"] is None
    signal = Signal.objects.get(reference=taken["service_request_id"])
    assert signal.channel == Channel.RESIDENT_APP
    assert signal.category.slug == "vervuiling-zwerfafval"
    assert signal.description == "A large sinkhole is destroying the street"
    assert (signal.neighbourhood, signal.team) == (world.buurt_a1, world.team_a)
    assert signal.location_note == "1234 5th street"
    reporter = signal.reporters.get()
    assert (reporter.name, reporter.email, reporter.phone) == (
        "john smith",
        "smit333@sfgov.edu",
        "111111111",
    )
    assert Open311Request.objects.get(signal=signal).app_id == app.app.pk


def test_the_answer_in_xml_has_the_documented_shape(open311, world):
    response = open311.post(report(), fmt="xml")

    assert response.status_code == 201
    tree = xml_of(response)
    assert tree.tag == "service_requests"
    (request,) = tree.findall("request")
    assert [child.tag for child in request] == [
        "service_request_id",
        "service_notice",
        "account_id",
    ]
    assert Signal.objects.filter(reference=request.findtext("service_request_id")).exists()
    assert request.findtext("account_id") == ""


def test_a_point_in_a_buurt_is_placed_offline(open311, world):
    """PDOK is a closed port in the tests: a point is placed in its buurt from the imported
    boundaries, as the form does."""
    response = open311.post(report(**IN_APPELHOF))

    signal = Signal.objects.get()
    assert response.status_code == 201
    assert signal.location_status == LocationStatus.RESOLVED
    assert (signal.neighbourhood, signal.district) == (world.buurt_a1, world.district_a)
    assert (signal.latitude, signal.longitude) == (52.0052, 5.5051)


def test_the_request_goes_through_the_intake_into_a_case_and_triage(open311, world):
    open311.post(report())

    signal = Signal.objects.get()
    case = Case.objects.get(links__signal=signal)
    assert case.team == world.team_a
    # The corporation responds first for its tenants' noise (no answer: the default).
    assert signal.receiving_organisation == world.corporatie
    assert AuditEntry.objects.filter(object_type="open311.open311request", action="create").exists()


def test_the_tenant_question_routes_as_on_the_form(open311, world):
    """Not a tenant of the corporation: noise goes to buurtbemiddeling, or the gemeente when
    the team has none (signals.services.receiving_organisation_for)."""
    open311.post(report(**{"attribute[huurder]": "nee"}))
    open311.post(report(**{"attribute[huurder]": "ja"}, device_id="toestel-2"))

    first, second = Signal.objects.order_by("id")
    assert (first.is_tenant, second.is_tenant) == (False, True)
    assert first.receiving_organisation == world.gemeente
    assert second.receiving_organisation == world.corporatie


def test_when_it_happened_is_kept(open311, world):
    open311.post(report(**{"attribute[tijdstip]": "2026-03-01T02:30:00+01:00"}))

    signal = Signal.objects.get()
    assert signal.occurred_at.isoformat() == "2026-03-01T01:30:00+00:00"


def test_the_reporter_gets_the_receipt_with_the_tracking_link(
    open311, world, django_capture_on_commit_callbacks, run_worker
):
    with django_capture_on_commit_callbacks(execute=True):
        response = open311.post(report())
    run_worker()

    (taken,) = json.loads(response.content)
    assert "e-mail met een link" in taken["service_notice"]
    (email,) = [m for m in mail.outbox if m.to == ["bea@example.test"]]
    assert taken["service_request_id"] in email.subject
    assert "/melden/volgen/" in email.body
    link = next(word for word in email.body.split() if "/melden/volgen/" in word)
    page = open311.client.get(urlsplit(link).path)
    assert page.status_code == 200
    assert "Elke nacht harde muziek" in page.content.decode()  # the resident's own words


def test_without_any_contact_the_report_is_anonymous(open311, world):
    response = open311.post(report(email="", first_name="", last_name="", phone=""))

    (taken,) = json.loads(response.content)
    assert response.status_code == 201
    assert not Reporter.objects.exists()
    assert "e-mail" not in taken["service_notice"]


def test_an_address_is_looked_up_as_from_the_form(open311, world, pdok):
    for text in ("3999AA 1", "3999 aa, 1", "Appellaan 1"):
        response = open311.post(report(lat=None, long=None, address_string=text))
        assert response.status_code == 201, (text, response.content)
    for signal in Signal.objects.all():
        assert (signal.street, signal.house_number, signal.bag_id) == (
            "Appellaan",
            1,
            "0999200000000001",
        )
        assert signal.neighbourhood == world.buurt_a1


def test_an_address_unknown_to_the_address_service_is_refused(open311, world, pdok):
    response = open311.post(report(lat=None, long=None, address_string="Nergensstraat 99"))

    assert response.status_code == 400
    assert "adres kunnen we niet vinden" in _errors(response)[0]["description"]
    assert not Signal.objects.exists()


def test_an_address_while_pdok_is_down_is_kept_for_staff_to_check(open311, world):
    response = open311.post(report(lat=None, long=None, address_string="Appellaan 1"))

    assert response.status_code == 201
    signal = Signal.objects.get()
    assert signal.location_status == LocationStatus.NEEDS_REVIEW
    assert "adres niet controleren" in json.loads(response.content)[0]["service_notice"]


def test_an_address_id_is_a_bag_address_of_the_register(open311, world):
    RegisteredAddress.objects.create(
        bag_id="0999200000000042",
        postcode="3999AB",
        house_number=42,
        house_letter="A",
        street="Perenweg",
        city="Testoord",
        latitude=52.0052,
        longitude=5.5152,
        neighbourhood=world.buurt_a2,
        district=world.district_a,
    )

    response = open311.post(report(lat=None, long=None, address_id="0999200000000042"))

    assert response.status_code == 201, response.content
    signal = Signal.objects.get()
    assert (signal.street, signal.house_number, signal.house_number_addition) == (
        "Perenweg",
        42,
        "A",
    )
    assert signal.neighbourhood == world.buurt_a2


def test_a_point_outside_the_wijken_is_refused(open311, world):
    response = open311.post(report(lat="37.76524078", long="-122.4212043"))

    assert response.status_code == 400
    assert "buiten de wijken" in _errors(response)[0]["description"]


@pytest.mark.parametrize(
    ("key", "why"),
    [
        (None, "missing"),
        ("", "empty"),
        ("wt_abcdefghijkl_" + "x" * 43, "unknown prefix"),
        ("xyz", "not a key"),
    ],
)
def test_without_a_valid_key_nothing_is_taken_in(client, world, app, key, why):
    data = report()
    if key is not None:
        data["api_key"] = key
    response = client.post("/open311/v2/requests.json", data)

    assert response.status_code == 403, why
    (error,) = _errors(response)
    assert error["code"] == 403
    assert "api_key" in error["description"]
    assert not Signal.objects.exists()


def test_a_wrong_secret_with_a_real_prefix_is_refused(open311, world, app):
    prefix = app.app.key_prefix
    response = open311.post(report(), key=f"wt_{prefix}_{'y' * 43}")
    assert response.status_code == 403


def test_a_revoked_key_stops_at_once(open311, world, app):
    assert open311.post(report()).status_code == 201
    open311_app_revoke(actor=world.admin, app=app.app)

    response = open311.post(report(device_id="toestel-2"), fmt="xml")

    assert response.status_code == 403
    assert xml_of(response).findtext("error/code") == "403"
    assert Signal.objects.count() == 1


def test_missing_fields_are_all_said_at_once(open311, world):
    response = open311.post({"description": ""})

    assert response.status_code == 400
    described = " ".join(error["description"] for error in _errors(response))
    assert "service_code ontbreekt" in described
    assert "Beschrijf kort wat er aan de hand is." in described
    assert "Geef de plek" in described
    assert {error["code"] for error in _errors(response)} == {400}


def test_an_unknown_service_code_is_a_404(open311, world):
    for code in ("bestaat-niet", "financieel-huurachterstand"):
        response = open311.post(report(service_code=code))
        assert response.status_code == 404
        assert _errors(response)[0]["code"] == 404
    assert not Signal.objects.exists()


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"lat": "52.0052", "long": None}, "lat en long horen bij elkaar"),
        ({"lat": "NaN", "long": "5.5"}, "graden in WGS84"),
        ({"lat": "1e309", "long": "5.5"}, "graden in WGS84"),
        ({"lat": "91", "long": "5.5"}, "graden in WGS84"),
        ({"lat": "52,0", "long": "5,5"}, "graden in WGS84"),
        ({"address_string": "x" * 151}, "address_string is te lang"),
        ({"address_id": "12"}, "address_id"),
        ({"address_id": "0999200000000099"}, "address_id"),
        ({"description": "x" * 4001}, "hoogstens 4000 tekens"),
        ({"email": "geen-adres"}, "e-mailadres klopt niet"),
        ({"email": "a@" + "b" * 250 + ".nl"}, "e-mailadres klopt niet"),
        ({"phone": "bel me"}, "telefoonnummer klopt niet"),
        ({"first_name": "x" * 100, "last_name": "y" * 60}, "naam is te lang"),
        ({"device_id": "d" * 201}, "device_id is te lang"),
        ({"attribute[huurder]": "misschien"}, "ja, nee of weet_niet"),
        ({"attribute[tijdstip]": "gisteren"}, "met de tijdzone"),
        ({"attribute[tijdstip]": "2026-03-01T14:30:00"}, "met de tijdzone"),
        ({"attribute[tijdstip]": "2026-13-01T14:30:00+01:00"}, "met de tijdzone"),
        ({"attribute[tijdstip]": "0001-01-01T00:00:00+00:00"}, "met de tijdzone"),
        ({"attribute[tijdstip]": "2999-01-01T00:00:00+00:00"}, "met de tijdzone"),
        ({"attribute[kenteken]": "AB-12-CD"}, "alleen de vragen"),
        ({"attribute[huurder][]": "ja"}, "alleen de vragen"),
        ({"description": "harde\x00muziek"}, "ongeldig teken"),
    ],
)
def test_a_mistake_is_a_400_with_a_dutch_description(open311, world, changes, said):
    response = open311.post(report(**changes))

    assert response.status_code == 400, response.content
    assert any(said in error["description"] for error in _errors(response)), _errors(response)
    assert not Signal.objects.exists()


def test_a_moment_in_the_future_is_refused(open311, world):
    later = (timezone.now() + timezone.timedelta(days=1)).isoformat(timespec="seconds")
    response = open311.post(report(**{"attribute[tijdstip]": later}))
    assert response.status_code == 400
    assert "in de toekomst" in _errors(response)[0]["description"]


def test_the_media_url_is_neither_fetched_nor_kept(open311, world):
    response = open311.post(report(media_url="http://127.0.0.1:9/foto.jpg"))

    signal = Signal.objects.get()
    assert response.status_code == 201
    assert not signal.attachments.exists()
    assert "127.0.0.1" not in signal.description


def test_an_acute_request_says_to_call_112(open311, world):
    response = open311.post(report(service_code="acuut-dreiging"))

    (taken,) = json.loads(response.content)
    assert taken["service_notice"].startswith("Is er nu gevaar? Bel direct 112.")
    assert "niet openbaar" in taken["service_notice"]
    assert Signal.objects.get().is_urgent


def test_the_apps_use_is_noted(open311, world, app):
    assert Open311App.objects.get().last_used_at is None
    open311.post(report())
    assert Open311App.objects.get().last_used_at is not None


def test_an_app_past_its_limit_is_told_when_to_try_again(open311, world, settings):
    settings.WIJKTEAM_OPEN311_POSTS_PER_HOUR = 2
    for device in ("a", "b"):
        assert open311.post(report(device_id=device)).status_code == 201

    response = open311.post(report(device_id="c"))

    assert response.status_code == 429
    assert 3500 < int(response["Retry-After"]) <= 3601
    (error,) = _errors(response)
    assert error["code"] == 429
    assert Signal.objects.count() == 2


def test_the_app_limit_counts_refused_requests_too(open311, world, settings):
    settings.WIJKTEAM_OPEN311_POSTS_PER_HOUR = 2
    open311.post({"service_code": "overlast-geluid"})
    open311.post({"service_code": "overlast-geluid"})
    assert open311.post(report()).status_code == 429


def test_one_resident_gets_no_more_through_an_app_than_through_the_form(open311, world, settings):
    settings.WIJKTEAM_REPORTS_PER_HOUR = 2
    for _ in range(2):
        assert open311.post(report(device_id="toestel-9")).status_code == 201
    # A mistake does not count for the resident, as on the form.
    assert open311.post(report(device_id="toestel-9", description="")).status_code == 400

    limited = open311.post(report(device_id="toestel-9"))

    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert "Bij spoed: bel 112" in _errors(limited)[0]["description"]
    # Another resident of the same app goes on.
    assert open311.post(report(device_id="toestel-10")).status_code == 201


def test_the_resident_limit_follows_the_email_address_without_a_device(open311, world, settings):
    settings.WIJKTEAM_REPORTS_PER_HOUR = 1
    assert open311.post(report(device_id="", email="Een@Example.test")).status_code == 201
    assert open311.post(report(device_id="", email="een@example.test")).status_code == 429


def test_the_post_needs_no_csrf_token(world, app):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/open311/v2/requests.json", {"api_key": app.key, **report()})
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"garbage", "multipart/form-data"),
        (b"garbage", "multipart/form-data; boundary="),
        (
            b"&".join(b"f%d=1" % number for number in range(1200)),
            "application/x-www-form-urlencoded",
        ),
    ],
)
def test_a_body_django_cannot_read_is_a_400_in_the_error_format(client, world, body, content_type):
    response = client.post("/open311/v2/requests.json", body, content_type=content_type)

    assert response.status_code == 400
    (error,) = _errors(response)
    assert error["code"] == 400
