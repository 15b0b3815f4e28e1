"""The confirmation after the wijkbeheerder's "Vastleggen": once, above the next empty form,
with a link to the new signal only for who may open it."""

import pytest
from django.urls import reverse

from tests.factories import add_member, make_user
from tests.signals.test_inbox_and_doors import create, jpeg_upload
from wijkteam.core.shown_once import note_value
from wijkteam.intake.views import FIELD_RECORDED_COOKIE
from wijkteam.partners.models import Role, TeamFunction
from wijkteam.signals.models import Category, Signal


def field_worker(world):
    user = make_user("beheerder@corporatie.test", world.corporatie, Role.WIJKBEHEERDER)
    add_member(world.team_a, user, TeamFunction.WIJKBEHEERDER)
    return user


def test_the_confirmation_links_to_the_new_signal_once(client, world):
    client.force_login(field_worker(world))

    response = client.post(
        reverse("intake:field"),
        {
            "category": Category.objects.get(slug="vernieling-complex").pk,
            "latitude": "52.0052",
            "longitude": "5.5151",
            "photos": [jpeg_upload()],
        },
        follow=True,
    )

    signal = Signal.objects.get()
    page = response.content.decode()
    assert response.redirect_chain == [(reverse("intake:field"), 302)]
    assert f"Vastgelegd als {signal.reference} in Perenlaan." in page
    link = reverse("signals:detail", args=[signal.reference])
    assert f'<a href="{link}">Bekijk melding {signal.reference}</a>' in page
    assert client.get(link).status_code == 200
    assert 'id="recorded"' not in client.get(reverse("intake:field")).content.decode()


def test_no_link_to_a_signal_the_user_may_not_open(client, world):
    # The police may not even know that an arrears signal exists.
    hidden = create(world, "financieel-huurachterstand", receiver=world.corporatie).signal
    client.force_login(world.agent_a)
    client.cookies[FIELD_RECORDED_COOKIE] = note_value(
        FIELD_RECORDED_COOKIE, {"reference": hidden.reference, "place": "Perenlaan"}
    )

    page = client.get(reverse("intake:field")).content.decode()

    assert f"Vastgelegd als {hidden.reference} in Perenlaan." in page
    assert reverse("signals:detail", args=[hidden.reference]) not in page


@pytest.mark.parametrize(
    "value",
    [
        "M-0000-00001",  # not signed
        note_value(FIELD_RECORDED_COOKIE, {"reference": 12}),  # signed, not a reference
        note_value("another_cookie", {"reference": "M-0000-00001", "place": "Perenlaan"}),
    ],
    # Named, not by their value: a signed value holds the moment it was signed, and every
    # pytest-xdist worker must collect the same tests.
    ids=["unsigned", "signed-not-a-reference", "another-cookie"],
)
def test_a_damaged_or_foreign_confirmation_is_left_out(client, world, value):
    client.force_login(world.agent_a)
    client.cookies[FIELD_RECORDED_COOKIE] = value

    response = client.get(reverse("intake:field"))

    assert response.status_code == 200
    assert 'id="recorded"' not in response.content.decode()
