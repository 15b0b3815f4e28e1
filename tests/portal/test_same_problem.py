"""Residents are asked "Is dit hetzelfde probleem?" only about a spot in public space without
people in it, so that a report about neighbours can never be found, joined and followed by the
neighbour it is about; and a resident who joins reads only their own part of the messages
(DESIGN §6)."""

import re
from importlib import import_module

import pytest
from django.apps import apps

from tests.cases.support import address, case_of
from tests.cases.test_closure import lead_agreed
from tests.portal.test_report import URL, form_data
from tests.refusals import assert_refused
from wijkteam.cases.closure.feedback import feedback_answer, feedback_give
from wijkteam.cases.closure.outcome import case_resolve
from wijkteam.cases.models import Feedback, Outcome
from wijkteam.intake.services import signal_intake
from wijkteam.partners.actors import SYSTEM
from wijkteam.signals.category_seed import seed_categories, seed_rows
from wijkteam.signals.models import Category, Channel, Reporter, Signal, SignalEvent
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


def join(client, signal: Signal, name: str) -> str:
    data = form_data(client, category=category("vervuiling-zwerfafval"), name=name)
    return tracking_link(client.post(URL, {**data, "same_as": signal.reference}, follow=True))


def not_satisfied(client, link: str, comment: str) -> Feedback:
    assert client.post(link, {"satisfied": "no", "comment": comment}).status_code == 302
    return Feedback.objects.get(comment=comment)


def events_of(page: str) -> str:
    return page.split('class="timeline"')[1].split("</ol>")[0]


def test_each_reporter_reads_only_their_own_part_of_the_messages(client, world, pdok):
    response = client.post(
        URL,
        form_data(client, category=category("vervuiling-zwerfafval"), confirmed_new="on"),
        follow=True,
    )
    first_link = tracking_link(response)
    signal = Signal.objects.get()
    case = lead_agreed(case_of(signal))  # the first reporter hears who handles it
    second_link = join(client, signal, "Sam Tweede")
    third_link = join(client, signal, "Tess Derde")
    case_resolve(
        actor=world.wijkmanager_a,
        case=case,
        outcome=Outcome.SOLVED,
        message="Het afval is opgeruimd.",
    )
    first_no = not_satisfied(client, first_link, "Er ligt nog meer")
    second_no = not_satisfied(client, second_link, "Ook bij de speeltuin")
    feedback_answer(
        actor=world.wijkmanager_a, feedback=first_no, message="Antwoord voor de eerste melder."
    )
    feedback_answer(
        actor=world.wijkmanager_a, feedback=second_no, message="Antwoord voor de tweede melder."
    )

    first, second, third = (
        events_of(client.get(link).content.decode())
        for link in (first_link, second_link, third_link)
    )

    # Said to every reporter after they joined: the public status and the lead's message.
    for page in (first, second, third):
        assert "Het afval is opgeruimd." in page
    assert "Afgehandeld" in client.get(third_link).content.decode()
    # Said to the first reporter before anyone joined: theirs alone.
    assert "Uw melding is ontvangen." in first
    assert "in behandeling bij" in first
    for page in (second, third):
        assert "Uw melding is ontvangen." not in page
        assert "in behandeling bij" not in page
    # Personal: the note of joining, the answer to "Bent u tevreden?" and the lead's reply.
    assert "U meldt hetzelfde probleem" not in first
    assert second.count("U meldt hetzelfde probleem") == third.count("U meldt hetzelfde") == 1
    assert first.count("Bedankt voor uw reactie.") == second.count("Bedankt voor uw reactie.") == 1
    assert "Bedankt voor uw reactie." not in third
    assert "Antwoord voor de eerste melder." in first
    assert "Antwoord voor de tweede melder." in second
    assert "Antwoord voor de tweede melder." not in first
    assert "Antwoord voor de eerste melder." not in second
    assert "Antwoord voor de" not in third


def test_messages_stored_before_they_had_an_addressee_are_given_theirs(world):
    """The migrations give the lines written before each its reporter: the receipt to the
    first, the note of joining to the joiner, answers to whom they answered."""
    signal = reported("vervuiling-zwerfafval")
    joined = signal_add_reporter(actor=SYSTEM, signal=signal, reporter=ReporterInput(name="Sam"))
    assert joined.tracking_token
    first = signal.reporters.get(is_primary=True)
    joiner = signal.reporters.get(is_primary=False)
    case = lead_agreed(case_of(signal))
    case_resolve(actor=world.wijkmanager_a, case=case, outcome=Outcome.SOLVED, message="Klaar.")
    answer = feedback_give(actor=SYSTEM, reporter=joiner, satisfied=False, comment="Nee")
    feedback_answer(actor=world.wijkmanager_a, feedback=answer, message="Ons antwoord.")
    addressed = dict(
        signal.events.exclude(for_reporter=None).values_list("kind", "for_reporter_id")
    )
    signal.events.update(for_reporter=None)

    import_module(
        "wijkteam.signals.migrations.0016_signalevent_for_reporter"
    ).address_stored_messages(apps, None)
    import_module(
        "wijkteam.cases.migrations.0010_address_answers_to_their_reporter"
    ).address_answers(apps, None)

    assert addressed == {
        "created": first.pk,
        "reporter_added": joiner.pk,
        "feedback": joiner.pk,
        "message": joiner.pk,
    }
    assert (
        dict(signal.events.exclude(for_reporter=None).values_list("kind", "for_reporter_id"))
        == addressed
    )
    assert not signal.events.filter(kind="status").exclude(for_reporter=None).exists()
    assert Reporter.objects.filter(signal=signal).count() == 2


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
