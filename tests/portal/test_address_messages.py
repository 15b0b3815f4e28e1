"""What a resident is told about their address when the address service cannot be reached."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.urls import reverse

from tests.portal.test_report import URL, form_data
from wijkteam.signals.models import LocationStatus, Signal

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "addresses"
UNCHECKED = "We konden uw adres niet controleren; een medewerker kijkt ernaar."


def tracking_url(received_page: str) -> str:
    return received_page.split('id="tracking-link">', 1)[1].split("<", 1)[0]


def test_an_unchecked_address_is_said_on_the_receipt_and_the_tracking_page(client, world, pdok):
    pdok.down = True

    received = client.post(URL, form_data(client), follow=True).content.decode()

    assert UNCHECKED in received
    track = client.get(tracking_url(received)).content.decode()
    assert UNCHECKED in track

    # Once staff have placed it, the tracking page no longer says so.
    signal = Signal.objects.get()
    client.force_login(world.consulent_a)
    client.post(
        reverse("intake:location", args=[signal.reference]),
        {"latitude": "52.005", "longitude": "5.505"},
    )
    client.logout()
    assert UNCHECKED not in client.get(tracking_url(received)).content.decode()


def test_a_checked_address_says_nothing_about_checking(client, world, pdok):
    received = client.post(URL, form_data(client), follow=True).content.decode()

    assert UNCHECKED not in received
    assert UNCHECKED not in client.get(tracking_url(received)).content.decode()


def test_with_the_register_a_report_by_postcode_is_placed_while_pdok_is_down(client, world, pdok):
    call_command("import_addresses", str(FIXTURES / "adressen.csv"), stdout=StringIO())
    pdok.down = True

    received = client.post(URL, form_data(client), follow=True).content.decode()

    assert UNCHECKED not in received
    signal = Signal.objects.get()
    assert (signal.location_status, signal.neighbourhood, signal.team) == (
        LocationStatus.RESOLVED,
        world.buurt_a1,
        world.team_a,
    )
    assert signal.case_link.case.status == "consultation"


def test_a_postcode_outside_the_gemeente_gets_a_clear_warning_and_keeps_the_input(
    client, world, pdok
):
    call_command("import_addresses", str(FIXTURES / "adressen.csv"), stdout=StringIO())
    pdok.down = True

    response = client.post(
        URL, form_data(client, postcode="1234 ab", description="Kapotte lantaarnpaal")
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Postcode 1234 AB ligt niet in de gemeente" in page
    assert "Kapotte lantaarnpaal" in page
    assert 'value="1234 ab"' in page
    assert not Signal.objects.exists()
