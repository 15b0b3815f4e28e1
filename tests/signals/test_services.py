"""The intake service's own rules, for every channel."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from PIL import Image

from tests.factories import make_organisation
from wijkteam.core.errors import DomainError
from wijkteam.partners.actors import SYSTEM
from wijkteam.partners.models import OrganisationKind, TeamPartner
from wijkteam.signals.locations import LocationInput, ResolvedLocation, location_resolve
from wijkteam.signals.models import (
    Category,
    Channel,
    LocationStatus,
    Sensitivity,
    Signal,
)
from wijkteam.signals.photos import process_photo
from wijkteam.signals.registration import signal_add_reporter, signal_create
from wijkteam.signals.services import ReporterInput, receiving_organisation_for


def here(lat=52.005, lon=5.505) -> ResolvedLocation:
    return location_resolve(given=LocationInput(latitude=lat, longitude=lon), client=None)


def create(slug="overlast-geluid", channel=Channel.PHONE, **extra):
    return signal_create(
        actor=extra.pop("actor", SYSTEM),
        channel=channel,
        category=Category.objects.get(slug=slug),
        description=extra.pop("description", "Iets aan de hand"),
        location=extra.pop("location", here()),
        **extra,
    )


@pytest.mark.parametrize("channel", [c.value for c in Channel])
def test_every_channel_lands_in_the_wijk_of_its_point(world, channel):
    slug = "financieel-huurachterstand" if channel.startswith("arrears") else "overlast-geluid"

    signal = create(slug, channel=channel, receiving_organisation=world.corporatie).signal

    assert (signal.channel, signal.team, signal.neighbourhood) == (
        channel,
        world.team_a,
        world.buurt_a1,
    )
    assert signal.events.get().kind == "created"


def test_references_count_up_per_year(world):
    first = create().signal.reference
    second = create().signal.reference
    year = timezone.localdate().year

    # On PostgreSQL a sequence counts, and numbers taken by other tests stay taken.
    prefix, number = first.rsplit("-", 1)
    assert prefix == f"M-{year}" and len(number) == 5
    assert second == f"M-{year}-{int(number) + 1:05d}"


def test_a_new_year_starts_at_one(world, monkeypatch):
    create()
    new_year = datetime(2031, 1, 1, 0, 5, tzinfo=ZoneInfo("Europe/Amsterdam"))
    monkeypatch.setattr("wijkteam.signals.registration.timezone.now", lambda: new_year)

    assert create().signal.reference == "M-2031-00001"


def test_first_responder_follows_category_and_tenancy(world):
    mediation = make_organisation("Buurtbemiddeling Test", OrganisationKind.BUURTBEMIDDELING)
    TeamPartner.objects.create(team=world.team_a, organisation=mediation)
    noise = Category.objects.get(slug="overlast-geluid")
    litter = Category.objects.get(slug="vervuiling-zwerfafval")
    youth = Category.objects.get(slug="overlast-jongeren")

    assert (
        receiving_organisation_for(category=noise, team=world.team_a, is_tenant=True)
        == world.corporatie
    )
    assert (
        receiving_organisation_for(category=noise, team=world.team_a, is_tenant=False) == mediation
    )
    assert (
        receiving_organisation_for(category=noise, team=world.team_a, is_tenant=None)
        == world.corporatie
    )
    assert (
        receiving_organisation_for(category=litter, team=world.team_a, is_tenant=None)
        == world.gemeente
    )
    assert (
        receiving_organisation_for(category=youth, team=world.team_a, is_tenant=None)
        == world.welzijn
    )
    # No such partner in the team: the gemeente receives it.
    assert (
        receiving_organisation_for(category=noise, team=world.team_b, is_tenant=False)
        == world.gemeente
    )


def test_sensitivity_and_urgency_come_from_the_category(world):
    assert create("onveiligheid-drugs").signal.sensitivity == Sensitivity.CASE_PARTNERS
    assert create("financieel-huurachterstand").signal.sensitivity == Sensitivity.CONFIDENTIAL
    acute = create("acuut-geweld").signal
    assert acute.is_urgent


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"slug": "overlast"}, "category"),
        ({"slug": "financieel-huurachterstand", "channel": Channel.RESIDENT_WEB}, "category"),
        (
            {
                "location": ResolvedLocation(
                    status=LocationStatus.OUTSIDE, latitude=51.0, longitude=4.0
                )
            },
            "location",
        ),
        ({"occurred_at": timezone.now() + timedelta(days=1)}, "occurred_at"),
    ],
)
def test_refusals_change_nothing(world, kwargs, field):
    with pytest.raises(DomainError) as error:
        create(**kwargs)

    assert error.value.field == field
    assert not Signal.objects.exists()


def test_at_most_three_photos(world):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "JPEG")
    photo = process_photo(upload=SimpleUploadedFile("a.jpg", buffer.getvalue(), "image/jpeg"))

    with pytest.raises(DomainError, match="maximaal 3"):
        create(photos=[photo] * 4)
    assert not Signal.objects.exists()


def test_an_inactive_category_cannot_be_chosen(world):
    Category.objects.filter(slug="overlast-geluid").update(is_active=False)

    with pytest.raises(DomainError):
        create()


def test_texts_for_the_reporter_are_stored_in_dutch_even_for_english_staff(world):
    with translation.override("en"):
        created = create("vervuiling-zwerfafval", reporter=ReporterInput(name="Anna"))
        signal_add_reporter(
            actor=SYSTEM, signal=created.signal, reporter=ReporterInput(is_anonymous=True)
        )

    texts = list(created.signal.events.values_list("public_text", flat=True))
    assert texts[0].startswith("Uw melding is ontvangen")
    assert texts[1].startswith("U meldt hetzelfde probleem")


def test_anonymous_reporters_keep_no_details_and_tokens_differ(world):
    first = create(
        "vervuiling-zwerfafval", reporter=ReporterInput(name="Zichtbaar", email="z@example.test")
    )
    token = signal_add_reporter(
        actor=SYSTEM,
        signal=first.signal,
        reporter=ReporterInput(name="Geheim", email="g@example.test", is_anonymous=True),
    ).tracking_token

    extra = first.signal.reporters.get(is_primary=False)
    assert (extra.name, extra.email, extra.is_anonymous) == ("", "", True)
    assert token != first.tracking_token
