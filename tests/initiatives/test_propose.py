"""A resident proposes an idea without an account: the form, its mistakes (each with a Dutch
message, nothing typed lost, photos kept), the honeypot and the limits per client."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from tests.initiatives.conftest import link_in, mails_to, png
from wijkteam.initiatives.models import Initiative, InitiativePhoto, InitiatorKind
from wijkteam.initiatives.public_forms import EuroField
from wijkteam.notifications.models import OutgoingEmail
from wijkteam.signals.models import PendingUpload

URL = "/initiatieven/voorstellen/"


def form_data(client, **changes) -> dict:
    page = client.get(URL).content.decode()
    key = re.search(r'name="upload_key" value="([^"]+)"', page).group(1)
    data = {
        "upload_key": key,
        "title": "Bankjes bij de speeltuin",
        "description": "Ouders staan nu de hele middag. Twee bankjes zou fijn zijn.",
        "postcode": "3999 aa",
        "house_number": "1",
        "own_contribution": "Wij schilderen ze elk voorjaar.",
        "cost_estimate": "1.500",
        "initiator_kind": InitiatorKind.COMMITTEE,
        "initiator_name": "Bewonerscommissie Appelhof",
        "initiator_email": "Commissie@Example.test",
        "show_name": "on",
        "wants_updates": "on",
        "website": "",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def checked_pending(page: str) -> list[str]:
    boxes = re.findall(r"<input[^>]*name=\"keep_pending\"[^>]*>", page)
    return [re.search(r'value="(\d+)"', box).group(1) for box in boxes if " checked" in box]


def test_the_form_needs_no_account_and_offers_the_map(client, world):
    response = client.get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Stel een idee voor uw buurt voor" in page
    assert 'id="report-map-data"' in page and "Appelhof" in page
    assert 'name="website"' in page  # the honeypot
    assert "portal/report.js" in page


def test_a_proposal_is_registered_unconfirmed_and_asks_to_confirm_the_email(
    client, world, pdok, run_worker
):
    response = client.post(URL, form_data(client, photos=[png("grasveld.png")]))

    assert response.status_code == 302
    assert response.url == reverse("initiatives:proposed")
    initiative = Initiative.objects.get()
    assert initiative.title == "Bankjes bij de speeltuin"
    assert (initiative.district, initiative.neighbourhood) == (world.district_a, world.buurt_a1)
    assert (initiative.street, initiative.house_number) == ("Appellaan", 1)
    assert initiative.cost_estimate == Decimal("1500.00")
    assert initiative.initiator_kind == InitiatorKind.COMMITTEE
    assert initiative.initiator_email == "commissie@example.test"
    assert initiative.show_name and initiative.initiator_wants_updates
    assert initiative.confirmed_at is None
    assert [p.original_name for p in initiative.photos.all()] == ["grasveld.png"]
    # Not public before the email address is confirmed.
    assert client.get(reverse("initiatives:detail", args=[initiative.reference])).status_code == 404

    page = client.get(response.url).content.decode()
    assert "Bevestig uw e-mailadres" in page
    assert initiative.reference in page
    assert "commissie@example.test" in page
    # Shown once.
    assert client.get(reverse("initiatives:proposed")).url == URL

    run_worker()
    [email] = mails_to("commissie@example.test")
    assert "Bevestig uw idee" in email.subject
    assert link_in(email, "/initiatieven/bevestigen/")


def test_a_point_on_the_map_is_enough(client, world, pdok):
    data = form_data(client, postcode="", house_number="", latitude="52.005", longitude="5.515")

    assert client.post(URL, data).status_code == 302

    initiative = Initiative.objects.get()
    assert initiative.neighbourhood == world.buurt_a2
    assert initiative.house_number is None


def test_without_a_name_shown_and_without_a_cost(client, world, pdok):
    data = form_data(client, show_name=None, initiator_name="", cost_estimate="")

    assert client.post(URL, data).status_code == 302

    initiative = Initiative.objects.get()
    assert not initiative.show_name
    assert initiative.cost_estimate is None


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1500", "1500.00"),
        ("1.500", "1500.00"),
        ("€ 1.500,50", "1500.50"),
        ("250,-", "250.00"),
        ("12.5", "12.50"),
    ],
)
def test_a_rough_cost_is_read_as_people_write_it(client, world, pdok, typed, amount):
    assert client.post(URL, form_data(client, cost_estimate=typed)).status_code == 302

    assert Initiative.objects.get().cost_estimate == Decimal(amount)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Geef uw idee een titel."),
        ({"title": "x" * 121}, "120"),
        ({"description": ""}, "Beschrijf uw idee en waarom het goed is."),
        ({"description": "x" * 4001}, "4000"),
        ({"postcode": "", "house_number": "", "street": ""}, "Vul een postcode en huisnummer in"),
        ({"postcode": "12345"}, "Een postcode is 4 cijfers en 2 letters"),
        ({"house_number": ""}, "Vul ook het huisnummer in."),
        ({"house_number": "12a"}, "Een huisnummer bestaat uit cijfers"),
        ({"postcode": "9999ZZ", "house_number": "9"}, "Dit adres kunnen we niet vinden"),
        (
            {"postcode": "", "house_number": "", "latitude": "52.3", "longitude": "4.9"},
            "niet in een van de wijken",
        ),
        ({"latitude": "91", "longitude": "5.5", "postcode": "", "house_number": ""}, "ongeldig"),
        ({"own_contribution": "x" * 2001}, "2000"),
        ({"cost_estimate": "veel"}, "Vul een bedrag in euro"),
        ({"cost_estimate": "-5"}, "kan niet negatief"),
        ({"cost_estimate": "999999999"}, "te hoog"),
        ({"initiator_kind": ""}, "Kies wie het idee voorstelt."),
        ({"initiator_kind": "koning"}, "Selecteer een geldige keuze"),
        ({"initiator_email": ""}, "Vul uw e-mailadres in"),
        ({"initiator_email": "geen-adres"}, "Vul een geldig e-mailadres in"),
        ({"initiator_name": ""}, "Vul een naam in, of kies dat uw naam niet getoond wordt."),
        ({"website": "http://spam.example"}, "kon niet worden verstuurd"),
    ],
)
def test_each_mistake_gets_a_dutch_message_and_nothing_typed_is_lost(
    client, world, pdok, changes, message
):
    response = client.post(URL, form_data(client, **changes))

    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert 'class="error-summary"' in page
    assert not Initiative.objects.exists()
    typed = {
        "title": "Bankjes bij de speeltuin",
        "description": "Ouders staan nu de hele middag. Twee bankjes zou fijn zijn.",
        "own_contribution": "Wij schilderen ze elk voorjaar.",
        "cost_estimate": 'value="1.500"',
        "initiator_name": 'value="Bewonerscommissie Appelhof"',
        "initiator_email": 'value="Commissie@Example.test"',
    }
    for field, text in typed.items():
        if field not in changes:
            assert text in page, field
    if "initiator_kind" not in changes:
        assert re.search(r'value="bewonerscommissie"[^>]*checked', page)
    if "postcode" not in changes:
        assert 'value="3999 aa"' in page


def test_when_the_address_cannot_be_checked_the_resident_is_asked_for_the_map(client, world, pdok):
    pdok.down = True

    response = client.post(URL, form_data(client))

    assert response.status_code == 400
    assert "Zet de plek op de kaart" in response.content.decode()
    assert not Initiative.objects.exists()


def test_photos_are_kept_while_the_form_is_corrected(client, world, pdok):
    fake = SimpleUploadedFile("nep.jpg", b"<html>geen foto</html>", content_type="image/jpeg")
    data = form_data(client, title="", photos=[png("plek.png"), fake])

    response = client.post(URL, data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "geen foto" in page
    assert "plek.png" in page
    assert "Uw foto&#x27;s zijn bewaard" in page or "Uw foto's zijn bewaard" in page
    pending = PendingUpload.objects.get()
    assert checked_pending(page) == [str(pending.pk)]

    data.pop("photos")
    # A second mistake, with one more photo: both wait.
    data["keep_pending"] = checked_pending(page)
    data["photos"] = [png("tweede.png", colour=(200, 10, 10))]
    data["initiator_email"] = ""
    page = client.post(URL, data).content.decode()
    assert len(checked_pending(page)) == 2

    data.pop("photos")
    data.update(
        title="Bankjes", initiator_email="c@example.test", keep_pending=checked_pending(page)
    )
    assert client.post(URL, data).status_code == 302

    initiative = Initiative.objects.get()
    assert sorted(p.original_name for p in initiative.photos.all()) == ["plek.png", "tweede.png"]
    assert not PendingUpload.objects.exists()


def test_an_unchecked_kept_photo_is_left_out(client, world, pdok):
    data = form_data(client, title="", photos=[png("weg.png")])
    client.post(URL, data)
    data.pop("photos")

    data.update(title="Bankjes", keep_pending=[])
    assert client.post(URL, data).status_code == 302

    assert not InitiativePhoto.objects.exists()
    assert not PendingUpload.objects.exists()


def test_more_than_three_photos_are_refused(client, world, pdok):
    photos = [png(f"{number}.png", colour=(number, 0, 0)) for number in range(4)]

    response = client.post(URL, form_data(client, photos=photos))

    assert response.status_code == 400
    assert "maximaal 3 foto" in response.content.decode()
    assert not Initiative.objects.exists()


def test_the_honeypot_keeps_a_machine_out(client, world, pdok, run_worker):
    response = client.post(URL, form_data(client, website="http://spam.example"))

    assert response.status_code == 400
    assert not Initiative.objects.exists()
    run_worker()
    assert not OutgoingEmail.objects.exists()


@pytest.fixture
def limits(settings):
    settings.WIJKTEAM_INITIATIVES_PER_HOUR = 2
    settings.WIJKTEAM_INITIATIVE_POSTS_PER_HOUR = 6
    return settings


def test_accepted_proposals_are_limited_per_client_and_mistakes_do_not_count(
    client, world, pdok, limits
):
    assert client.post(URL, form_data(client, title="")).status_code == 400
    for _ in range(2):
        assert client.post(URL, form_data(client)).status_code == 302

    response = client.post(URL, form_data(client, title="Het derde idee"))

    page = response.content.decode()
    assert response.status_code == 429
    assert "al veel ideeën voorgesteld" in page
    assert "Het derde idee" in page  # nothing typed is lost
    assert Initiative.objects.count() == 2


def test_a_flood_of_posts_is_stopped(client, world, pdok, limits):
    for _ in range(6):
        assert client.post(URL, form_data(client, title="")).status_code == 400

    response = client.post(URL, form_data(client))

    assert response.status_code == 429
    assert not Initiative.objects.exists()


def test_another_client_is_not_limited_by_the_first(client, world, pdok, limits):
    for _ in range(2):
        client.post(URL, form_data(client))

    response = client.post(URL, form_data(client), REMOTE_ADDR="10.0.0.9")

    assert response.status_code == 302
    assert Initiative.objects.count() == 3


@pytest.mark.parametrize(
    ("language", "typed", "euros"),
    [
        ("nl", "1.500", "1500.00"),
        ("nl", "1,500", "1.50"),
        ("nl", "1.500,50", "1500.50"),
        ("nl", "€ 250,-", "250.00"),
        ("nl", "1,500.50", "1500.50"),
        ("en", "1,500", "1500.00"),
        ("en", "1.500", "1.50"),
        ("en", "1,500.50", "1500.50"),
        ("en", "1.500,50", "1500.50"),
    ],
)
def test_a_rough_cost_is_read_as_people_write_it_in_the_pages_language(language, typed, euros):
    with translation.override(language):
        assert EuroField(required=False).clean(typed) == Decimal(euros)


@pytest.mark.parametrize("typed", ["-5", "veel", "1.2.3,4,5", "12,34,56"])
def test_a_cost_that_is_no_amount_is_refused(typed):
    with pytest.raises(ValidationError):
        EuroField(required=False).clean(typed)
