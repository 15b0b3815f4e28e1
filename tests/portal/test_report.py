import io
import json
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from wijkteam.signals.models import (
    Attachment,
    Category,
    Channel,
    LocationStatus,
    PendingUpload,
    PublicStatus,
    Reporter,
    Signal,
)

URL = "/melden/"


def jpeg(name="foto.jpg", size=(64, 48), gps=True) -> SimpleUploadedFile:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    if gps:
        exif[0x8825] = {1: "N", 2: (52.0, 1.0, 12.5), 3: "E", 4: (5.0, 33.0, 17.0)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def form_data(client, **changes) -> dict:
    page = client.get(URL).content.decode()
    key = re.search(r'name="upload_key" value="([^"]+)"', page).group(1)
    data = {
        "upload_key": key,
        "category": Category.objects.get(slug="overlast-geluid").pk,
        "description": "Elke nacht bonkende bassen tot 3 uur.",
        "postcode": "3999 aa",
        "house_number": "1",
        "contact": "contact",
        "name": "Bea Bewoner",
        "email": "bea@example.test",
        "is_tenant": "yes",
        "website": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def litter() -> int:
    """A category residents may join ("Is dit hetzelfde probleem?"): litter in the street."""
    return Category.objects.get(slug="vervuiling-zwerfafval").pk


@pytest.fixture
def sent(client, world, pdok, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form_data(client), follow=True)
    return response


def test_report_form_works_without_an_account_and_shows_112(client, world):
    response = client.get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Bij spoed: bel 112." in page
    assert "Geluidsoverlast" in page
    # Residents are not offered what they may not report (arrears).
    assert "Huurachterstand" not in page
    # Acute categories come with their warning.
    assert "Is er nu gevaar? Bel direct 112." in page


def test_a_category_in_the_address_comes_chosen(client, world):
    """The Voordeur's search links to /melden/?categorie=<code>: the form opens with it."""
    noise = Category.objects.get(slug="overlast-geluid")

    page = client.get(URL, {"categorie": "overlast-geluid"}).content.decode()

    checked = re.findall(r'name="category" value="(\d+)" id="category-\d+" checked', page)
    assert checked == [str(noise.pk)]


@pytest.mark.parametrize("slug", ["financieel-huurachterstand", "bestaat-niet", "x" * 200, ""])
def test_a_category_residents_cannot_report_is_not_chosen(client, world, slug):
    page = client.get(URL, {"categorie": slug}).content.decode()

    assert 'name="category" value' in page
    assert not re.search(r'name="category" value="\d+" id="category-\d+" checked', page)


def test_report_form_map_carries_the_buurten_to_draw_without_tiles(client, world, settings):
    settings.MAP_TILES_URL = ""
    page = client.get(URL).content.decode()

    found = re.search(r'<script id="report-map-data" type="application/json">(.*?)</script>', page)
    data = json.loads(found.group(1))
    assert [(n["name"], n["district"]) for n in data["neighbourhoods"]] == [
        ("Appelhof", "Wijk 01 Testoord"),
        ("Perenlaan", "Wijk 01 Testoord"),
        ("Kersentuin", "Wijk 02 Proefdorp"),
    ]
    assert data["neighbourhoods"][0]["geometry"]["type"] == "Polygon"
    # A phone page: the wijken's edges are the buurten's too, so they are not sent twice.
    assert "districts" not in data
    assert data["tiles"]["url"] == ""
    assert 'data-no-tiles="Kaartachtergrond niet beschikbaar' in page
    assert page.index("areas/area-map.js") < page.index("portal/report.js")


def test_resident_report_lands_in_the_right_wijk_with_a_tracking_link(client, world, sent):
    signal = Signal.objects.get()
    assert signal.channel == Channel.RESIDENT_WEB
    assert re.fullmatch(r"M-\d{4}-\d{5}", signal.reference)
    assert signal.team == world.team_a
    assert signal.neighbourhood == world.buurt_a1
    assert (signal.street, signal.house_number, signal.postcode) == ("Appellaan", 1, "3999AA")
    assert signal.bag_id == "0999200000000001"
    assert signal.location_status == LocationStatus.RESOLVED
    assert signal.is_tenant is True
    # Nuisance by a tenant goes to the corporation first.
    assert signal.receiving_organisation == world.corporatie
    reporter = signal.reporters.get()
    assert (reporter.name, reporter.email, reporter.is_anonymous) == (
        "Bea Bewoner",
        "bea@example.test",
        False,
    )

    page = sent.content.decode()
    assert signal.reference in page
    link = re.search(r'id="tracking-link">([^<]+)<', page).group(1)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    # Only the hash of the token is stored.
    assert token not in reporter.tracking_token_hash
    assert len(reporter.tracking_token_hash) == 64

    tracking = client.get(link)
    tracking_page = tracking.content.decode()
    assert tracking.status_code == 200
    assert "Ontvangen" in tracking_page
    assert "Uw melding is ontvangen" in tracking_page
    assert "noindex" in tracking["X-Robots-Tag"]
    # The tracking page repeats what was reported, but not who reported it.
    assert "Bea Bewoner" not in tracking_page
    assert "bonkende bassen" in tracking_page


def test_the_tracking_link_is_also_emailed(client, world, sent, run_worker):
    run_worker()

    [message] = [message for message in mail.outbox if message.to == ["bea@example.test"]]
    assert Signal.objects.get().reference in message.subject
    assert "/melden/volgen/" in message.body


def test_receipt_is_shown_once(client, world, sent):
    assert client.get(reverse("portal:received")).url == URL


def test_unknown_tracking_token_is_404(client, db):
    assert client.get("/melden/volgen/niet-bestaand/").status_code == 404
    assert client.get("/melden/volgen/" + "x" * 300 + "/").status_code == 404


def test_non_tenant_nuisance_goes_to_neighbour_mediation(client, world, pdok):
    from tests.factories import make_organisation
    from wijkteam.partners.models import OrganisationKind, TeamPartner

    mediation = make_organisation("Buurtbemiddeling Test", OrganisationKind.BUURTBEMIDDELING)
    TeamPartner.objects.create(team=world.team_a, organisation=mediation)

    client.post(URL, form_data(client, is_tenant="no"))

    assert Signal.objects.get().receiving_organisation == mediation


def test_anonymous_report_keeps_no_contact_details(client, world, pdok):
    client.post(URL, form_data(client, contact="anonymous", name="Geheim", email="g@example.test"))

    reporter = Reporter.objects.get()
    assert reporter.is_anonymous
    assert (reporter.name, reporter.email, reporter.phone) == ("", "", "")


def test_photos_are_stored_without_metadata(client, world, pdok):
    client.post(URL, form_data(client, photos=[jpeg("a.jpg"), jpeg("b.jpg")]))

    attachments = Attachment.objects.filter(signal=Signal.objects.get())
    assert attachments.count() == 2
    stored = attachments.first().file.read()
    assert b"GPS" not in stored and b"PhoneMaker" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        ({"category": ""}, "Kies waar uw melding over gaat."),
        ({"category": "999999"}, "Selecteer een geldige keuze"),
        ({"description": ""}, "Beschrijf kort wat er aan de hand is."),
        ({"description": "x" * 2001}, "2000"),
        ({"postcode": "", "house_number": "", "street": ""}, "Vul een postcode en huisnummer in"),
        ({"postcode": "12345"}, "Een postcode is 4 cijfers en 2 letters"),
        ({"house_number": ""}, "Vul ook het huisnummer in."),
        ({"house_number": "12a"}, "Een huisnummer bestaat uit cijfers"),
        ({"postcode": "9999ZZ", "house_number": "9"}, "Dit adres kunnen we niet vinden"),
        ({"contact": ""}, "Kies of u op de hoogte wilt blijven"),
        ({"email": "", "phone": ""}, "Vul uw e-mailadres of telefoonnummer in"),
        ({"email": "geen-adres"}, "Voer een geldig e-mailadres in"),
        ({"occurred_at_0": "01-01-2999", "occurred_at_1": "10:00"}, "ligt in de toekomst."),
        ({"occurred_at_0": "gisteren", "occurred_at_1": "10:00"}, "is geen datum"),
        ({"occurred_at_0": "31-02-2025", "occurred_at_1": "10:00"}, "bestaat niet als datum"),
        ({"occurred_at_0": "03-12-2025", "occurred_at_1": "25:00"}, "is geen tijd"),
        ({"occurred_at_0": "", "occurred_at_1": "10:00"}, "Vul ook de datum in"),
        ({"latitude": "91", "longitude": "5.5", "postcode": "", "house_number": ""}, "ongeldig"),
        ({"website": "http://spam.example"}, "kon niet worden verstuurd"),
    ],
)
def test_each_mistake_gets_a_dutch_message_and_nothing_typed_is_lost(
    client, world, pdok, changes, field_message
):
    response = client.post(URL, form_data(client, **changes))

    page = response.content.decode()
    assert response.status_code == 400
    assert field_message in page
    assert not Signal.objects.exists()
    # What was typed is still there.
    if "description" not in changes:
        assert "Elke nacht bonkende bassen tot 3 uur." in page
    if "email" not in changes:
        assert 'value="bea@example.test"' in page


def test_fake_image_is_refused_and_good_photo_is_kept_for_the_next_try(client, world, pdok):
    fake = SimpleUploadedFile("foto.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
    data = form_data(client, photos=[jpeg("goed.jpg"), fake])

    response = client.post(URL, data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "geen foto" in page
    assert "goed.jpg" in page  # listed as already added
    pending = PendingUpload.objects.get()
    assert pending.key == data["upload_key"]

    data.pop("photos")
    data["keep_pending"] = [str(pending.pk)]
    client.post(URL, data)

    signal = Signal.objects.get()
    assert signal.attachments.count() == 1
    assert signal.attachments.get().original_name == "goed.jpg"
    assert not PendingUpload.objects.exists()


def test_oversized_photo_is_refused(client, world, pdok, settings):
    settings.WIJKTEAM_PHOTO_MAX_BYTES = 500

    response = client.post(URL, form_data(client, photos=[jpeg(size=(400, 400))]))

    assert response.status_code == 400
    assert "te groot" in response.content.decode()
    assert not Signal.objects.exists()


def test_more_than_three_photos_are_refused(client, world, pdok):
    response = client.post(URL, form_data(client, photos=[jpeg(f"{i}.jpg") for i in range(4)]))

    assert "maximaal 3 foto" in response.content.decode()
    assert not Signal.objects.exists()


def test_rate_limit_stops_a_flood_with_a_friendly_message(client, world, pdok, settings):
    settings.WIJKTEAM_REPORTS_PER_HOUR = 2
    for _ in range(2):
        assert client.post(URL, form_data(client, confirmed_new="on")).status_code == 302

    response = client.post(URL, form_data(client, description="Derde keer"))

    assert response.status_code == 429
    page = response.content.decode()
    assert "veel meldingen gedaan" in page
    assert "Derde keer" in page
    assert Signal.objects.count() == 2


def test_address_outside_the_wijken_is_refused(client, world, pdok):
    pdok.add(
        "1000AA 1",
        street="Elders",
        number=1,
        postcode="1000AA",
        city="Elders",
        lat=52.37,
        lon=4.89,
        buurtcode="BU03630000",
        wijkcode="WK036300",
        bag_id="0363200000000001",
    )

    response = client.post(URL, form_data(client, postcode="1000AA", house_number="1"))

    assert "buiten de wijken" in response.content.decode()
    assert not Signal.objects.exists()


def test_report_is_accepted_when_pdok_is_down_and_flagged_for_staff(client, world, pdok):
    pdok.down = True

    response = client.post(URL, form_data(client))

    assert response.status_code == 302
    signal = Signal.objects.get()
    assert signal.location_status == LocationStatus.NEEDS_REVIEW
    assert (signal.postcode, signal.house_number) == ("3999AA", 1)
    assert signal.team is None


def test_a_point_on_the_map_is_resolved_offline_when_pdok_is_down(client, world, pdok):
    pdok.down = True

    client.post(
        URL, form_data(client, postcode="", house_number="", latitude="52.005", longitude="5.515")
    )

    signal = Signal.objects.get()
    assert signal.neighbourhood == world.buurt_a2
    assert signal.location_status == LocationStatus.RESOLVED


def test_same_problem_nearby_is_offered_and_joining_adds_a_reporter(client, world, pdok):
    client.post(URL, form_data(client, category=litter()))
    first = Signal.objects.get()

    data = form_data(client, category=litter(), name="Sam Tweede", email="sam@example.test")
    offer = client.post(URL, data)
    page = offer.content.decode()
    assert "Is dit hetzelfde probleem?" in page
    assert first.reference in page
    assert "Elke nacht" in page  # the form is still filled in
    assert "Bea Bewoner" not in page  # never another reporter's details
    assert Signal.objects.count() == 1

    joined = client.post(URL, {**data, "same_as": first.reference}, follow=True)

    assert Signal.objects.count() == 1
    assert first.reporters.count() == 2
    assert "U bent toegevoegd als melder" in joined.content.decode()
    second = first.reporters.get(is_primary=False)
    assert second.email == "sam@example.test"


def test_choosing_new_report_creates_a_new_signal(client, world, pdok):
    client.post(URL, form_data(client, category=litter()))

    client.post(URL, form_data(client, category=litter(), confirmed_new="on"))

    assert Signal.objects.count() == 2


def test_same_as_cannot_attach_to_an_unrelated_signal(client, world, pdok):
    client.post(URL, form_data(client, category=litter()))
    first = Signal.objects.get()
    first.status = PublicStatus.DONE
    first.save()

    response = client.post(URL, form_data(client, category=litter(), same_as=first.reference))

    # A closed signal is not offered: the "same as" is refused, with everything typed kept,
    # and nothing is registered until the resident sends it as a new report.
    page = response.content.decode()
    assert response.status_code == 400
    assert "Bij deze melding kunt u zich niet aansluiten. Doe een nieuwe melding." in page
    assert "Elke nacht bonkende bassen tot 3 uur." in page
    assert Signal.objects.count() == 1
    assert first.reporters.count() == 1


def test_photos_of_a_resident_who_joins_go_with_the_existing_signal(client, world, pdok):
    client.post(URL, form_data(client, category=litter()))
    first = Signal.objects.get()
    data = form_data(client, category=litter(), name="Sam Tweede", photos=[jpeg("buren.jpg")])
    client.post(URL, data)  # asked "is this the same?"; the photo waits as pending
    data.pop("photos")
    pending = PendingUpload.objects.get(key=data["upload_key"])

    client.post(URL, {**data, "same_as": first.reference, "keep_pending": [str(pending.pk)]})

    assert first.attachments.get().original_name == "buren.jpg"
    assert not PendingUpload.objects.exists()
