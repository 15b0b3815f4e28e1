"""Residents are asked "Is dit hetzelfde probleem?" only about a spot in public space without
people in it, so that a report about neighbours can never be found, joined and followed by the
neighbour it is about (DESIGN §6)."""

import re

import pytest

from tests.cases.support import address
from tests.portal.test_report import URL, form_data
from tests.refusals import assert_refused
from wijkteam.intake.services import signal_intake
from wijkteam.partners.actors import SYSTEM
from wijkteam.signals.category_seed import seed_categories, seed_rows
from wijkteam.signals.models import Category, Channel, Signal, SignalEvent
from wijkteam.signals.registration import signal_add_reporter
from wijkteam.signals.resident_access import public_nearby_signals
from wijkteam.signals.services import ReporterInput

OFFERED = ("vervuiling-zwerfafval", "vervuiling-graffiti", "vernieling-openbare-ruimte")
# Every category a resident may report that is about people, or not everyone in the team sees.
NOT_OFFERED = [
    child["slug"]
    for _main, children in seed_rows()
    for child in children
    if child["slug"] not in OFFERED and child.get("residents_may_report", True)
]
ASKED = "Is dit hetzelfde probleem?"
REFUSED = "Bij deze melding kunt u zich niet aansluiten. Doe een nieuwe melding."


def category(slug: str) -> int:
    return Category.objects.get(slug=slug).pk


def reported(slug: str) -> Signal:
    return signal_intake(
        actor=SYSTEM,
        channel=Channel.RESIDENT_WEB,
        category=Category.objects.get(slug=slug),
        description="Wat er aan de hand is",
        location=address(),
        reporter=ReporterInput(name="Eerste Melder", email="eerste@example.test"),
    ).signal


def tracking_link(response) -> str:
    return re.search(r'id="tracking-link">([^<]+)<', response.content.decode()).group(1)


@pytest.mark.parametrize("made_by", ["migrations", "the seed on an emptied database"])
def test_only_public_space_categories_without_people_offer_the_same_problem(world, made_by):
    if made_by != "migrations":
        Category.objects.exclude(parent=None).delete()
        Category.objects.all().delete()
        seed_categories(Category)
    offered = {c.slug for c in Category.objects.exclude(parent=None) if c.offers_same_problem}

    # Not youth nuisance, although it is about a spot; not the unsafe place while only the
    # case partners see it.
    assert offered == set(OFFERED)
    assert "overlast-burenruzie" in NOT_OFFERED and "overlast-jongeren" in NOT_OFFERED


@pytest.mark.parametrize("slug", NOT_OFFERED)
def test_a_report_about_people_is_never_suggested_nor_joined(world, slug):
    signal = reported(slug)
    assert signal.latitude is not None

    nearby = public_nearby_signals(
        category_id=signal.category_id, latitude=signal.latitude, longitude=signal.longitude
    )

    assert nearby == []
    assert_refused(
        lambda: signal_add_reporter(actor=SYSTEM, signal=signal, reporter=ReporterInput()),
        match="niet aansluiten",
    )


@pytest.mark.parametrize("slug", OFFERED)
def test_a_public_space_report_is_still_suggested_and_joined(client, world, pdok, slug):
    client.post(URL, form_data(client, category=category(slug), description="Een rommel"))
    first = Signal.objects.get()

    data = form_data(client, category=category(slug), name="Sam Tweede")
    page = client.post(URL, data).content.decode()
    assert ASKED in page and first.reference in page
    joined = client.post(URL, {**data, "same_as": first.reference})

    assert joined.status_code == 302
    assert Signal.objects.count() == 1
    assert first.reporters.filter(is_primary=False, name="Sam Tweede").exists()


def test_a_second_report_about_the_neighbours_is_not_asked_about_the_first(client, world, pdok):
    burenruzie = category("overlast-burenruzie")
    client.post(URL, form_data(client, category=burenruzie, description="Hij bedreigt ons"))
    first = Signal.objects.get()

    # The neighbour reports the same category in the same street: nothing about the first.
    response = client.post(URL, form_data(client, category=burenruzie, name="De Buurman"))

    assert response.status_code == 302
    assert Signal.objects.count() == 2
    page = client.get(response["Location"]).content.decode()
    assert first.reference not in page and ASKED not in page
    assert first.reporters.count() == 1


@pytest.mark.parametrize("chosen", ["overlast-burenruzie", "vervuiling-zwerfafval"])
def test_a_crafted_post_cannot_join_a_report_about_the_neighbours(client, world, pdok, chosen):
    first = reported("overlast-burenruzie")
    events = SignalEvent.objects.count()

    response = client.post(
        URL,
        form_data(client, category=category(chosen), name="De Buurman", same_as=first.reference),
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert REFUSED in page
    assert "Elke nacht bonkende bassen tot 3 uur." in page  # what was typed is kept
    assert Signal.objects.count() == 1
    assert first.reporters.count() == 1
    assert SignalEvent.objects.count() == events


def test_an_unknown_reference_gets_the_same_refusal(client, world, pdok):
    response = client.post(URL, form_data(client, same_as="M-2020-99999"))

    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    assert not Signal.objects.exists()


def test_the_switch_alone_never_offers_a_report_about_people(world):
    burenruzie = Category.objects.get(slug="overlast-burenruzie")
    burenruzie.residents_may_join = True
    litter = Category.objects.get(slug="vervuiling-zwerfafval")
    litter.residents_may_join = False

    assert not burenruzie.offers_same_problem  # not a spot in public space
    assert not litter.offers_same_problem  # switched off by the admins
    litter.residents_may_join = True
    litter.sensitivity = "case_partners"
    assert not litter.offers_same_problem  # not everyone in the team sees it
