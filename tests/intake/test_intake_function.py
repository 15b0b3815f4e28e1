"""The one intake function: every door (the staff form, the wijkbeheerder's form, the resident's
form, the rent administration's form and import, the demo) takes a signal in through
``signal_intake``. It refuses who may not use the door before it looks anything up, resolves
the place (the address register first, then PDOK), registers and places the signal, and emails
the receipt with the tracking link to a reporter who left an email address."""

import io
import re
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tests.factories import add_member, make_user
from tests.refusals import assert_refused
from wijkteam.intake.arrears.upload import arrears_import_start
from wijkteam.intake.services import signal_intake
from wijkteam.notifications.models import OutgoingEmail
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import Role, TeamFunction
from wijkteam.signals.locations import LocationInput
from wijkteam.signals.models import Category, Channel, LocationStatus, Signal
from wijkteam.signals.services import ReporterInput

ADDRESSES = Path(__file__).resolve().parent.parent / "fixtures" / "addresses"
RECEIPT = re.compile(r"Uw melding (M-\d{4}-\d{5}) is ontvangen")


def receipts() -> list[OutgoingEmail]:
    return [email for email in OutgoingEmail.objects.order_by("pk") if RECEIPT.match(email.subject)]


def jpeg() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (10, 120, 10)).save(buffer, "JPEG")
    return SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")


def noise() -> Category:
    return Category.objects.get(slug="overlast-geluid")


# --- every door -------------------------------------------------------------------------------


def test_the_staff_door_looks_the_address_up_and_emails_the_reporter_the_receipt(
    client, world, pdok, run_worker, django_capture_on_commit_callbacks
):
    client.force_login(world.consulent_a)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("intake:new"),
            {
                "channel": "phone",
                "receiving_organisation": world.corporatie.pk,
                "category": noise().pk,
                "description": "Buren draaien elke nacht harde muziek.",
                "postcode": "3999 ab",
                "house_number": "7",
                "reporter_name": "Piet Beller",
                "reporter_email": "Piet@Example.test",
            },
            follow=True,
        )
    run_worker()

    signal = Signal.objects.get()
    assert pdok.requests  # not in the register: looked up at PDOK
    assert (signal.street, signal.house_number, signal.neighbourhood) == (
        "Perenweg",
        7,
        world.buurt_a2,
    )
    assert "De melder krijgt de volglink per e-mail." in response.content.decode()
    [message] = [m for m in mail.outbox if m.to == ["piet@example.test"]]
    assert message.subject == f"Uw melding {signal.reference} is ontvangen"
    assert message.body.startswith("Beste Piet Beller,\n")
    link = re.search(r"https?://\S+/melden/volgen/\S+/", message.body).group(0)
    tracking = client.get(link[link.index("/melden/") :])
    assert tracking.status_code == 200
    assert "Uw melding is ontvangen" in tracking.content.decode()


@pytest.mark.parametrize(
    "reporter",
    [
        {"reporter_name": "Piet Beller", "reporter_phone": "06 1111 2222"},
        {"reporter_email": "piet@example.test", "reporter_anonymous": "on"},
        {},
    ],
    ids=["by phone only", "anonymous", "no reporter"],
)
def test_a_reporter_without_an_email_address_gets_no_receipt(client, world, pdok, reporter):
    client.force_login(world.consulent_a)

    response = client.post(
        reverse("intake:new"),
        {
            "channel": "phone",
            "receiving_organisation": world.corporatie.pk,
            "category": noise().pk,
            "description": "Buren draaien elke nacht harde muziek.",
            "postcode": "3999AB",
            "house_number": "7",
            **reporter,
        },
        follow=True,
    )

    assert Signal.objects.get().neighbourhood == world.buurt_a2
    assert receipts() == []
    assert "per e-mail" not in response.content.decode()


def test_the_field_form_looks_a_typed_address_up_too(client, world, pdok):
    beheerder = make_user("beheerder@corporatie.test", world.corporatie, Role.WIJKBEHEERDER)
    add_member(world.team_a, beheerder, TeamFunction.WIJKBEHEERDER)
    client.force_login(beheerder)

    client.post(
        reverse("intake:field"),
        {
            "category": Category.objects.get(slug="vernieling-complex").pk,
            "postcode": "3999AA",
            "house_number": "1",
            "photos": [jpeg()],
        },
    )

    signal = Signal.objects.get()
    assert (signal.channel, signal.street, signal.neighbourhood) == (
        Channel.FIELD,
        "Appellaan",
        world.buurt_a1,
    )
    assert signal.receiving_organisation == world.corporatie
    assert receipts() == []


def test_the_resident_door_gets_the_same_receipt(
    client, world, pdok, run_worker, django_capture_on_commit_callbacks
):
    page = client.get("/melden/").content.decode()
    key = re.search(r'name="upload_key" value="([^"]+)"', page).group(1)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/melden/",
            {
                "upload_key": key,
                "category": noise().pk,
                "description": "Elke nacht bonkende bassen.",
                "postcode": "3999 aa",
                "house_number": "1",
                "contact": "contact",
                "name": "Bea Bewoner",
                "email": "bea@example.test",
                "is_tenant": "yes",
                "website": "",
            },
        )
    run_worker()

    signal = Signal.objects.get()
    assert signal.neighbourhood == world.buurt_a1
    [receipt] = receipts()
    assert (receipt.to, receipt.subject) == (
        "bea@example.test",
        f"Uw melding {signal.reference} is ontvangen",
    )
    [sent] = [message for message in mail.outbox if message.to == ["bea@example.test"]]
    assert sent.body.startswith("Beste Bea Bewoner,\n")


def test_the_rent_administrations_form_and_import_look_the_address_up(
    client, world, pdok, run_worker, django_capture_on_commit_callbacks
):
    client.force_login(world.rent_admin)
    client.post(
        reverse("intake:arrears_new"),
        {
            "external_reference": "HA-1",
            "tenant_name": "Tim Huurder",
            "street": "Appellaan",
            "house_number": "1",
            "postcode": "3999 aa",
            "city": "Testoord",
            "amount": "1.234,56",
            "months": "3",
            "signal_date": "2026-11-02",
        },
    )
    csv = (
        "referentie;naam;straat;huisnummer;toevoeging;postcode;plaats;bedrag;maanden;datum;"
        "stap_contact;stap_schuldhulp;stap_aanmaning;stap_geen_bezwaar\n"
        "HA-2;T. Huurder;Perenweg;7;;3999AB;Testoord;845,00;2;03-06-2025;;;;\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        arrears_import_start(actor=world.rent_admin, file_name="ha.csv", raw=csv.encode())
    run_worker()

    typed, imported = Signal.objects.order_by("external_reference")
    assert (typed.channel, typed.neighbourhood) == (Channel.ARREARS_FORM, world.buurt_a1)
    assert (imported.channel, imported.neighbourhood) == (Channel.ARREARS_IMPORT, world.buurt_a2)
    assert receipts() == []


# --- the function itself ----------------------------------------------------------------------


def test_the_address_register_answers_before_pdok(world, pdok):
    call_command(
        "import_addresses", str(ADDRESSES / "locatieserver-free-pages.json"), stdout=StringIO()
    )

    created = signal_intake(
        actor=world.consulent_a,
        channel=Channel.DESK,
        category=noise(),
        description="Harde muziek",
        location=LocationInput(postcode="3999 aa", house_number=3),
    )

    assert created.signal.bag_id == "0999200000000003"
    assert created.signal.neighbourhood == world.buurt_a1
    assert pdok.requests == []


def test_without_address_lookup_an_address_is_kept_for_review_and_pdok_is_not_asked(world, pdok):
    created = signal_intake(
        actor=world.rent_admin,
        channel=Channel.ARREARS_IMPORT,
        category=Category.objects.get(slug="financieel-huurachterstand"),
        description="",
        location=LocationInput(postcode="3999AB", house_number=7),
        lookup_addresses=False,
    )

    signal = created.signal
    assert (signal.location_status, signal.team) == (LocationStatus.NEEDS_REVIEW, None)
    assert signal.receiving_organisation == world.corporatie
    assert pdok.requests == []


def test_a_door_that_resolved_the_place_itself_is_not_looked_up_again(world, pdok, run_worker):
    from tests.cases.support import place

    created = signal_intake(
        actor=SYSTEM,
        channel=Channel.RESIDENT_WEB,
        category=noise(),
        description="Harde muziek",
        location=place(52.005, 5.515),
        reporter=ReporterInput(email="r@example.test", language="en"),
    )

    assert created.signal.neighbourhood == world.buurt_a2
    assert pdok.requests == []
    # Written after commit, in the language of the form the resident used.
    assert not OutgoingEmail.objects.filter(to="r@example.test").exists()
    run_worker()
    receipt = OutgoingEmail.objects.get(to="r@example.test")
    assert receipt.subject == f"Your report {created.signal.reference} has been received"
    assert created.receipt_emailed


def test_who_may_not_use_the_door_is_refused_before_anything_is_looked_up(world, pdok):
    assert_refused(
        lambda: signal_intake(
            actor=world.reader,
            channel=Channel.PHONE,
            category=noise(),
            description="Harde muziek",
            location=LocationInput(postcode="3999AB", house_number=7),
            reporter=ReporterInput(email="r@example.test"),
        ),
        match="Alleen medewerkers van een partnerorganisatie",
    )
    assert pdok.requests == []


def test_a_signal_received_earlier_sends_no_receipt_now(world, pdok):
    created = signal_intake(
        actor=SYSTEM,
        channel=Channel.RESIDENT_WEB,
        category=noise(),
        description="Harde muziek",
        location=LocationInput(latitude=52.005, longitude=5.505),
        reporter=ReporterInput(name="Bea", email="bea@example.test"),
        received_at=timezone.now() - timedelta(days=3),
    )

    assert created.tracking_token
    assert not created.receipt_emailed
    assert receipts() == []


def test_the_demo_loader_takes_its_signals_in_through_the_same_function(db, settings):
    settings.DEMO_MODE = True
    call_command("demo_data", stdout=StringIO())

    assert Signal.objects.exists()
    assert not Signal.objects.filter(case_link__isnull=True, team__isnull=False).exists()
    # The demo's past was received earlier: nobody is sent a receipt for it now.
    assert receipts() == []
