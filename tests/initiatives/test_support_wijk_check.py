"""A supporter's postcode and house number say whether they live in the initiative's wijk:
checked through the address service (the register first, then PDOK); unverified when neither
can answer; an address that does not exist is a mistake to correct."""

import pytest
from django.urls import reverse

from tests.initiatives.conftest import page_of
from wijkteam.areas.models import RegisteredAddress
from wijkteam.initiatives.models import Supporter, WijkCheck

WIJK_B_ADDRESS = {
    "street": "Kersenstraat",
    "number": 5,
    "postcode": "3999BA",
    "city": "Testoord",
    "lat": 52.005,
    "lon": 5.605,
    "buurtcode": "BU09990200",
    "wijkcode": "WK099902",
    "bag_id": "0999200000000105",
}


def ask(client, initiative, postcode, number, **changes):
    data = {
        "email": "buur@example.test",
        "postcode": postcode,
        "house_number": number,
        "website": "",
        **changes,
    }
    return client.post(reverse("initiatives:support", args=[initiative.reference]), data)


def test_an_address_in_the_wijk_counts_as_from_the_wijk(client, idea, pdok):
    assert ask(client, idea, "3999 aa", "1").status_code == 302

    supporter = Supporter.objects.get()
    assert supporter.wijk_check == WijkCheck.IN_WIJK
    assert (supporter.postcode, supporter.house_number) == ("3999AA", 1)


def test_an_address_in_another_wijk_counts_as_outside(client, idea, pdok):
    pdok.add("3999BA 5", **WIJK_B_ADDRESS)

    assert ask(client, idea, "3999BA", "5").status_code == 302

    assert Supporter.objects.get().wijk_check == WijkCheck.OUTSIDE


def test_an_address_outside_the_gemeente_counts_as_outside(client, idea, pdok):
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

    assert ask(client, idea, "1000AA", "1").status_code == 302

    assert Supporter.objects.get().wijk_check == WijkCheck.OUTSIDE


def test_when_the_address_service_is_down_the_address_is_unverified(client, idea, pdok):
    pdok.down = True

    assert ask(client, idea, "3999AA", "1").status_code == 302

    supporter = Supporter.objects.get()
    assert supporter.wijk_check == WijkCheck.UNVERIFIED
    assert (supporter.postcode, supporter.house_number) == ("3999AA", 1)


def test_when_the_service_is_down_the_register_still_answers(client, world, idea, pdok):
    pdok.down = True
    RegisteredAddress.objects.create(
        bag_id="0999200000000001",
        street="Appellaan",
        house_number=1,
        postcode="3999AA",
        city="Testoord",
        latitude=52.005,
        longitude=5.505,
        neighbourhood=world.buurt_a1,
    )

    assert ask(client, idea, "3999AA", "1").status_code == 302

    assert Supporter.objects.get().wijk_check == WijkCheck.IN_WIJK


def test_when_the_service_is_down_a_postcode_the_register_does_not_know_is_outside(
    client, world, idea, pdok
):
    pdok.down = True
    RegisteredAddress.objects.create(
        bag_id="0999200000000001",
        street="Appellaan",
        house_number=1,
        postcode="3999AA",
        city="Testoord",
        latitude=52.005,
        longitude=5.505,
        neighbourhood=world.buurt_a1,
    )

    assert ask(client, idea, "1234AB", "1").status_code == 302

    assert Supporter.objects.get().wijk_check == WijkCheck.OUTSIDE


def test_an_address_that_does_not_exist_is_a_mistake_to_correct(client, idea, pdok):
    response = ask(client, idea, "3999ZZ", "99", comment="Leuk")

    page = response.content.decode()
    assert response.status_code == 400
    assert "Dit adres kunnen we niet vinden" in page
    assert "Leuk" in page
    assert 'value="3999ZZ"' in page
    assert not Supporter.objects.exists()


def test_without_an_address_nothing_is_checked(client, idea, pdok):
    assert ask(client, idea, "", "").status_code == 302

    supporter = Supporter.objects.get()
    assert supporter.wijk_check == WijkCheck.NOT_GIVEN
    assert pdok.requests == []


@pytest.mark.parametrize(
    ("checks", "expected"),
    [
        ([WijkCheck.IN_WIJK, WijkCheck.IN_WIJK, WijkCheck.OUTSIDE], "Van wie 2 uit de wijk"),
        ([WijkCheck.UNVERIFIED, WijkCheck.NOT_GIVEN], "Van wie 0 uit de wijk"),
    ],
)
def test_the_page_counts_supporters_from_the_wijk_never_who(client, world, idea, checks, expected):
    from django.utils import timezone

    for number, check in enumerate(checks):
        Supporter.objects.create(
            initiative=idea,
            email=f"s{number}@example.test",
            postcode="3999AA",
            house_number=number + 1,
            wijk_check=check,
            confirmed_at=timezone.now(),
        )
    # An unconfirmed one does not count.
    Supporter.objects.create(
        initiative=idea, email="nog@example.test", wijk_check=WijkCheck.IN_WIJK
    )

    page = page_of(client.get(reverse("initiatives:detail", args=[idea.reference])))

    assert f'<strong class="support-count">{len(checks)}</strong>' in page
    assert expected in page
    assert "@example.test" not in page
    assert "3999" not in page
