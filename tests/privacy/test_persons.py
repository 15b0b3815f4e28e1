"""A person's rights: the privacy officer records a request, finds the person and exports
what Wijkteam holds about them."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.cases.support import address, intake
from tests.factories import make_user
from wijkteam.access.models import AccessLogEntry, AuditEntry
from wijkteam.core.errors import DomainError
from wijkteam.partners.models import Role
from wijkteam.privacy.erasure import person_request_erase
from wijkteam.privacy.models import PersonRequest, RequestKind
from wijkteam.privacy.persons import PersonQuery, person_findings
from wijkteam.privacy.services import person_request_create, person_request_exported
from wijkteam.signals.services import ArrearsInput, ReporterInput


@pytest.fixture
def officer(world):
    return make_user("privacy@gemeente.test", world.gemeente, Role.PRIVACY_OFFICER)


@pytest.fixture
def people(world):
    """Jansen reported noise (twice: by email and by phone), is a tenant in arrears, and is
    named in someone else's report; another resident reported at the same address."""
    first = intake(
        "overlast-geluid",
        location=address(number=5, postcode="3999AA", street="Appellaan"),
        description="Harde muziek bij de buren",
        reporter=ReporterInput(name="Jan Jansen", email="jan.jansen@example.org"),
    )
    second = intake(
        "vervuiling-zwerfafval",
        location=address(number=40, postcode="3999AC"),
        description="Afval naast de container",
        reporter=ReporterInput(name="J. Jansen", phone="+31 6 1234 5678"),
    )
    arrears = intake(
        "financieel-huurachterstand",
        location=address(number=5, postcode="3999AA"),
        receiving_organisation=world.corporatie,
        arrears=ArrearsInput(
            tenant_name="Jan Jansen",
            amount=Decimal("812.40"),
            months=2,
            signal_date=timezone.localdate(),
        ),
    )
    mention = intake(
        "overlast-burenruzie",
        location=address(number=9, postcode="3999AD"),
        description="Ruzie met meneer Jansen van nummer 5",
        reporter=ReporterInput(name="Petra Puk", email="petra@example.org"),
    )
    other = intake(
        "vervuiling-zwerfafval",
        location=address(number=77, postcode="3999AE"),
        description="Niets met hem te maken",
        reporter=ReporterInput(name="Karel Anders", email="karel@example.org"),
    )
    return {
        "first": first,
        "second": second,
        "arrears": arrears,
        "mention": mention,
        "other": other,
    }


def search(client, **fields):
    data = {"kind": "access", "description": "Brief van 12 november"} | fields
    return client.post(reverse("privacy:persons"), data)


def test_officer_finds_a_person_by_name_email_phone_and_address(client, officer, people):
    client.force_login(officer)
    response = search(
        client,
        name="Jansen",
        email="JAN.JANSEN@example.org",
        phone="06-12345678",
        postcode="3999 aa",
        house_number="5",
    )
    request = PersonRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:person_request", args=[request.pk])
    found = {item["signal"]: set(item["roles"]) for item in request.found}
    assert found == {
        people["first"].reference: {"melder", "adres"},
        people["second"].reference: {"melder"},
        people["arrears"].reference: {"huurder", "adres"},
        people["mention"].reference: {"genoemd in tekst"},
    }
    assert request.search["postcode"] == "3999AA"
    assert AuditEntry.objects.filter(action="person_request", object_id=str(request.pk)).exists()

    page = client.get(response["Location"]).content.decode()
    assert people["mention"].reference in page
    assert people["other"].reference not in page
    assert 'data-label="Hoe de persoon erin staat">adres, melder</td>' in page

    client.post(reverse("set_language"), {"language": "en"})
    english = client.get(response["Location"]).content.decode()
    assert 'data-label="How the person appears">address, reporter</td>' in english
    assert ">mentioned in text</td>" in english


def test_the_export_holds_the_persons_data_and_nobody_elses(client, world, officer, people):
    client.force_login(officer)
    search(client, name="Jansen", email="jan.jansen@example.org")
    request = PersonRequest.objects.get()
    url = reverse("privacy:person_request_export", args=[request.pk])

    response = client.get(url, {"formaat": "json"})
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    export = json.loads(response.content)
    by_reference = {item["meldingnummer"]: item for item in export["meldingen"]}
    first = by_reference[people["first"].reference]
    assert first["als_melder"][0]["email"] == "jan.jansen@example.org"
    assert by_reference[people["arrears"].reference]["huurachterstand"]["bedrag"] == "812.40"
    mention = by_reference[people["mention"].reference]
    assert mention["omschrijving"] == "Ruzie met meneer Jansen van nummer 5"
    # Who reported Jansen is not Jansen's data.
    assert "als_melder" not in mention
    assert "Petra" not in response.content.decode()
    assert "karel@example.org" not in response.content.decode()

    readable = client.get(url, {"formaat": "html"})
    body = readable.content.decode()
    assert readable["Content-Type"].startswith("text/html")
    assert readable["Content-Disposition"].startswith("attachment;")
    assert readable["Cache-Control"] == "private, no-store"
    assert "Uw gegevens in Wijkteam" in body and "jan.jansen@example.org" in body
    assert "Petra" not in body

    request.refresh_from_db()
    assert request.exported_at is not None
    # The arrears signal is confidential: exporting it is a logged view.
    assert AccessLogEntry.objects.filter(
        reference=people["arrears"].reference, route="privacy:person_request_export"
    ).exists()
    assert client.get(url, {"formaat": "exe"}).status_code == 404


def test_nothing_found_is_said_and_still_recorded(client, officer, people):
    client.force_login(officer)
    response = search(client, email="niemand@example.org")
    page = client.get(response["Location"]).content.decode()
    assert "Wijkteam heeft niets gevonden op deze gegevens." in page
    assert PersonRequest.objects.get().found == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "Vul in waarop de persoon te vinden is"),
        ({"description": "", "name": "Jansen"}, "Dit veld is verplicht."),
        ({"name": "Ja"}, "Zoek op minstens 3 tekens van de naam."),
        ({"email": "geen-adres"}, "Voer een geldig e-mailadres in."),
        ({"phone": "12"}, "Dit is geen volledig telefoonnummer."),
        ({"postcode": "3999AA"}, "Zoek op een adres met postcode én huisnummer."),
        ({"postcode": "ABCD12", "house_number": "5"}, "Een postcode is 4 cijfers en 2 letters"),
        (
            {"house_number": "-1", "postcode": "3999AA"},
            "Zorg ervoor dat deze waarde minstens 1 is.",
        ),
        ({"kind": "alles", "name": "Jansen"}, "Selecteer een geldige keuze."),
    ],
)
def test_bad_requests_explain_themselves_and_record_nothing(client, officer, fields, message):
    client.force_login(officer)
    response = search(client, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PersonRequest.objects.exists()


def test_only_the_privacy_officer_handles_requests(client, world, officer, people):
    client.force_login(officer)
    search(client, name="Jansen")
    request = PersonRequest.objects.get()
    for user in (world.admin, world.wijkmanager_a, world.consulent_a, world.reader):
        client.force_login(user)
        assert client.get(reverse("privacy:persons")).status_code == 403
        assert search(client, name="Jansen").status_code == 403
        export = client.get(reverse("privacy:person_request_export", args=[request.pk]))
        assert export.status_code == 403
        assert "Jansen" not in export.content.decode()
    client.force_login(officer)
    assert client.get(reverse("privacy:person_request", args=[999999])).status_code == 404


def test_earlier_requests_are_listed_newest_first(
    client, officer, people, django_assert_max_num_queries
):
    client.force_login(officer)
    search(client, name="Jansen", description="Eerste verzoek")
    search(client, email="petra@example.org", description="Tweede verzoek")
    with django_assert_max_num_queries(10):
        page = client.get(reverse("privacy:persons")).content.decode()
    assert page.index("Tweede verzoek") < page.index("Eerste verzoek")


def test_erasure_removes_what_the_person_gave_and_keeps_what_is_still_needed(
    client, world, officer, people
):
    from wijkteam.notifications.models import OutgoingEmail
    from wijkteam.notifications.services import email_enqueue

    email_enqueue(to="jan.jansen@example.org", subject="Uw melding", body_text="Bedankt")
    email_enqueue(to="petra@example.org", subject="Uw melding", body_text="Bedankt")
    client.force_login(officer)
    search(client, kind="erasure", name="Jansen", email="jan.jansen@example.org")
    request = PersonRequest.objects.get()
    page = client.get(reverse("privacy:person_request", args=[request.pk])).content.decode()
    assert "wordt gewist" in page
    assert "de casus loopt nog" in page  # the arrears case is open: the name stays for now

    response = client.post(reverse("privacy:person_request_erase", args=[request.pk]))
    assert response.status_code == 302
    first = people["first"].reporters.get()
    assert (first.name, first.email, first.phone) == ("", "", "")
    assert people["second"].reporters.get().name == ""
    assert people["arrears"].arrears.tenant_name == "Jan Jansen"
    # Someone else's report that names Jansen keeps its reporter and its text.
    mention = people["mention"]
    mention.refresh_from_db()
    assert mention.reporters.get().email == "petra@example.org"
    assert "Jansen" in mention.description
    addresses = set(OutgoingEmail.objects.values_list("to", flat=True))
    assert "jan.jansen@example.org" not in addresses
    assert "petra@example.org" in addresses

    request.refresh_from_db()
    assert request.erased_at is not None
    assert request.erasure["counts"]["reporters"] == 2
    assert AuditEntry.objects.filter(action="person_erase", object_id=str(request.pk)).exists()
    page = client.get(reverse("privacy:person_request", args=[request.pk])).content.decode()
    assert "Gewist op" in page


def test_a_closed_arrears_case_loses_the_tenants_name_unless_it_is_on_hold(
    client, world, officer, people
):
    from wijkteam.cases.models import Case, CaseStatus

    case = Case.objects.get(links__signal=people["arrears"])
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, legal_hold=True)
    client.force_login(officer)
    search(client, kind="erasure", name="Jan Jansen")
    request = PersonRequest.objects.get()
    client.post(reverse("privacy:person_request_erase", args=[request.pk]))
    assert people["arrears"].arrears.__class__.objects.get(signal=people["arrears"]).tenant_name
    assert "bewaarplicht op de casus" in str(PersonRequest.objects.get().erasure)

    Case.objects.filter(pk=case.pk).update(legal_hold=False)
    search(client, kind="erasure", name="Jan Jansen")
    second = PersonRequest.objects.order_by("-id").first()
    client.post(reverse("privacy:person_request_erase", args=[second.pk]))
    people["arrears"].arrears.refresh_from_db()
    assert people["arrears"].arrears.tenant_name == ""


def test_erasing_needs_a_post_by_the_privacy_officer(client, world, officer, people):
    client.force_login(officer)
    search(client, name="Jansen")
    request = PersonRequest.objects.get()
    url = reverse("privacy:person_request_erase", args=[request.pk])
    assert client.get(url).status_code == 405
    client.force_login(world.admin)
    assert client.post(url).status_code == 403
    assert people["first"].reporters.get().name == "Jan Jansen"


def test_the_services_themselves_refuse_anyone_but_the_privacy_officer(world, officer, people):
    query = PersonQuery(name="Jansen")
    request = person_request_create(
        actor=officer,
        kind=RequestKind.ERASURE,
        description="Brief",
        query=query,
        findings=person_findings(query),
    )
    before = AuditEntry.objects.count()
    for actor in (world.admin, world.wijkmanager_a, None):
        with pytest.raises(DomainError, match="Alleen de privacy officer"):
            person_request_create(
                actor=actor, kind=RequestKind.ACCESS, description="x", query=query, findings=[]
            )
        with pytest.raises(DomainError, match="Alleen de privacy officer"):
            person_request_exported(actor=actor, request=request, format="json")
        with pytest.raises(DomainError, match="Alleen de privacy officer"):
            person_request_erase(actor=actor, request=request)
    request.refresh_from_db()
    assert PersonRequest.objects.count() == 1
    assert request.exported_at is None and request.erased_at is None
    assert AuditEntry.objects.count() == before
