"""The need-to-know leaks an outside probe found by chaining allowed actions, each walked again:
grouping must not widen who sees what, moving must not lower a case's protection, a staff
member registers for their own organisation (arrears only by the rent administration), and an
organisation sees through its members in the record's own wijkteam (DESIGN §6)."""

import pytest
from django.urls import reverse

from tests.cases.states import led, pdf_upload
from tests.cases.support import address, case_of, intake, place
from tests.factories import add_member, make_organisation, make_user
from wijkteam.cases.documents import case_document_add
from wijkteam.cases.guards import FORBIDDEN
from wijkteam.cases.handling import case_note_add
from wijkteam.cases.models import Case, NoteVisibility
from wijkteam.cases.regrouping import case_merge, case_move_signal
from wijkteam.core.errors import DomainError
from wijkteam.intake.services import signal_intake
from wijkteam.partners.models import OrganisationKind, TeamFunction
from wijkteam.signals.models import Category, Channel, Sensitivity, Signal
from wijkteam.signals.services import ReporterInput

FRAUD = "MARKERFRAUDE"
STREET = "Markerstraat"
NOTE = "MARKERNOTITIE"
OWN_NOTE = "MARKEREIGEN"
REPORTER = "Marker Melder"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def residents(world):
    """The bewonerscommissie's member in wijk A's team."""
    commissie = make_organisation("Bewonerscommissie Test", OrganisationKind.BEWONERSORGANISATIE)
    member = make_user("bc.a@bewoners.test", commissie)
    add_member(world.team_a, member, TeamFunction.BEWONERSVERTEGENWOORDIGER)
    return member


def fraud_case(world, number: int = 5) -> Case:
    """The corporation's woonfraude signal (case partners) with a note for the partners and a
    document."""
    signal = intake(
        "onveiligheid-woonfraude",
        location=address(number=number, street=f"{STREET} {number}"),
        receiving_organisation=world.corporatie,
        actor=world.consulent_a,
        description=FRAUD,
        reporter=ReporterInput(name=REPORTER, email="marker@example.test"),
    )
    case = case_of(signal)
    case_note_add(actor=world.consulent_a, case=case, text=NOTE, visibility=NoteVisibility.PARTNERS)
    case_document_add(actor=world.consulent_a, case=case, document=pdf_upload(), title=NOTE)
    return case


def page_of(client, user, url: str) -> tuple[int, str]:
    client.force_login(user)
    response = client.get(url)
    return response.status_code, response.content.decode()


def case_page(client, user, case: Case) -> tuple[int, str]:
    return page_of(client, user, reverse("cases:detail", args=[case.reference]))


def signal_page(client, user, signal: Signal) -> tuple[int, str]:
    return page_of(client, user, reverse("signals:detail", args=[signal.reference]))


def corporation_case(slug: str = "overlast-geluid", number: int = 6, **extra) -> Case:
    return case_of(intake(slug, location=address(number=number), **extra))


def assert_sees_none(client, user, case: Case, markers=(FRAUD, STREET, NOTE, REPORTER)) -> None:
    status, body = case_page(client, user, case)
    assert status in (200, 404)
    shown = [marker for marker in markers if marker in body]
    assert not shown, (user.email, case.reference, shown)
    for document in case.documents.all():
        url = reverse("cases:document", args=[case.reference, document.pk])
        assert page_of(client, user, url)[0] == 404


# --- 1. grouping widens access ----------------------------------------------------------------


def test_a_signal_at_the_same_address_does_not_join_a_case_it_could_not_see(client, world):
    fraud = fraud_case(world)

    noise = signal_intake(
        actor=world.agent_a,
        channel=Channel.PHONE,
        category=Category.objects.get(slug="overlast-geluid"),
        description="Harde muziek",
        location=address(number=5, street=f"{STREET} 5"),
        receiving_organisation=world.politie,
    ).signal

    assert case_of(noise) != fraud
    fraud.refresh_from_db()
    assert fraud.links.count() == 1
    assert_sees_none(client, world.agent_a, fraud)
    # Its own case is at that address too (the street is the police's own), nothing more.
    assert_sees_none(client, world.agent_a, case_of(noise), markers=(FRAUD, NOTE, REPORTER))
    # A signal of the police's own kind of case does not join the corporation's either.
    drugs = intake(
        "onveiligheid-drugs",
        location=address(number=5),
        receiving_organisation=world.politie,
        actor=world.agent_a,
    )
    assert case_of(drugs) not in (fraud, case_of(noise))
    assert_sees_none(client, world.agent_a, fraud)


# --- 2. moving lowers a case's protection -----------------------------------------------------


def test_only_the_lead_moves_and_only_signals_whose_details_it_sees(client, world):
    fraud = fraud_case(world)
    police_case = case_of(
        intake("acuut-dreiging", location=address(number=40), receiving_organisation=world.politie)
    )
    signal = fraud.links.get().signal

    with pytest.raises(DomainError) as refused:
        case_move_signal(
            actor=world.agent_a, case=fraud, signal=signal, target=police_case, reason="Zelfde"
        )
    assert refused.value.code == FORBIDDEN
    client.force_login(world.agent_a)
    response = client.post(
        reverse("cases:move", args=[fraud.reference]),
        {"move-signal": signal.reference, "move-target": police_case.reference, "move-reason": "x"},
    )
    assert response.status_code in (403, 404)
    assert case_of(signal) == fraud


def test_the_move_form_offers_only_signals_whose_details_the_lead_sees(client, world):
    noise = led(
        case_of(intake(location=address(number=7), receiving_organisation=world.corporatie))
    )
    police_noise = intake(
        "overlast-burenruzie",
        location=address(number=7),
        receiving_organisation=world.politie,
        description="MARKERPOLITIE",
    )
    assert case_of(police_noise) == noise  # team signals: the whole team sees them
    status, body = case_page(client, world.consulent_a, noise)
    assert status == 200 and 'name="move-signal"' in body
    assert police_noise.reference in body.split('name="move-signal"')[1]


def test_a_case_left_with_milder_signals_keeps_its_protection(client, world, residents):
    fraud = led(fraud_case(world))
    noise = led(
        case_of(intake(location=address(number=6), receiving_organisation=world.corporatie))
    )
    # The corporation leads both; merging its team case into the woonfraude case is its call.
    case_merge(actor=world.consulent_a, case=noise, into=fraud, reason="Zelfde huishouden")
    other_fraud = case_of(
        intake(
            "onveiligheid-woonfraude",
            location=address(number=30),
            receiving_organisation=world.corporatie,
        )
    )
    signal = Signal.objects.get(case_link__case=fraud, description=FRAUD)

    case_move_signal(
        actor=world.consulent_a, case=fraud, signal=signal, target=other_fraud, reason="Ander adres"
    )

    fraud.refresh_from_db()
    assert fraud.links.count() == 1  # only the team's noise signal is left
    assert fraud.sensitivity == Sensitivity.CASE_PARTNERS  # as when its note was written
    for member in (residents, world.agent_a, world.opbouwwerker_a):
        assert_sees_none(client, member, fraud, markers=(NOTE,))


# --- 3. registering in another organisation's name -------------------------------------------


def staff_intake(world, actor, slug: str, receiver, **extra):
    return signal_intake(
        actor=actor,
        channel=Channel.PHONE,
        category=Category.objects.get(slug=slug),
        description="Iets",
        location=address(number=9),
        receiving_organisation=receiver,
        **extra,
    )


def test_staff_register_for_their_own_organisation_or_where_the_routing_sends_it(world):
    # The category's first responder: the police may take in woonfraude for the corporation.
    staff_intake(world, world.agent_a, "onveiligheid-woonfraude", world.corporatie)
    before = Signal.objects.count()
    for slug, receiver, field in (
        ("overlast-jongeren", world.corporatie, "receiving_organisation"),  # welzijn's
        ("financieel-huurachterstand", world.corporatie, "category"),  # arrears
        ("financieel-huurachterstand", world.politie, "category"),
    ):
        with pytest.raises(DomainError) as refused:
            staff_intake(world, world.agent_a, slug, receiver)
        assert refused.value.field == field
    assert Signal.objects.count() == before


def test_the_staff_door_offers_no_arrears_and_refuses_them(client, world):
    client.force_login(world.agent_a)
    page = client.get(reverse("intake:new")).content.decode()
    arrears = Category.objects.get(slug="financieel-huurachterstand")
    assert f'value="{arrears.pk}"' not in page
    response = client.post(
        reverse("intake:new"),
        {
            "channel": Channel.PHONE,
            "receiving_organisation": world.corporatie.pk,
            "category": arrears.pk,
            "description": "Huur niet betaald",
            "postcode": "3999AA",
            "house_number": "1",
        },
    )
    assert response.status_code == 400
    assert not Signal.objects.exists()


def arrears_intake(world, actor):
    return signal_intake(
        actor=actor,
        channel=Channel.ARREARS_FORM,
        category=Category.objects.get(slug="financieel-huurachterstand"),
        description="",
        location=address(number=9),
        receiving_organisation=world.corporatie,
    )


def test_only_the_rent_administration_registers_arrears(world):
    for actor in (world.consulent_a, world.agent_a):
        with pytest.raises(DomainError, match="huuradministratie"):
            arrears_intake(world, actor)
    assert not Signal.objects.exists()
    assert arrears_intake(world, world.rent_admin).signal.sensitivity == Sensitivity.CONFIDENTIAL


# --- 8. organisation-wide sight -----------------------------------------------------------------


def test_a_colleague_in_another_wijk_sees_what_any_other_partner_would(client, world):
    colleague_b = make_user("consulent.b@corporatie.test", world.corporatie)
    add_member(world.team_b, colleague_b, TeamFunction.WIJKCONSULENT)
    welfare_b = make_user("ow.b@welzijn.test", world.welzijn)
    add_member(world.team_b, welfare_b, TeamFunction.OPBOUWWERKER)
    fraud = fraud_case(world)
    case_note_add(
        actor=world.consulent_a,
        case=fraud,
        text=OWN_NOTE,
        visibility=NoteVisibility.OWN_ORGANISATION,
    )
    report = intake(
        "overlast-geluid",
        channel=Channel.RESIDENT_WEB,
        receiving_organisation=None,
        reporter=ReporterInput(name=REPORTER, email="rita@example.test", phone="0611112222"),
    )
    arrears = intake(
        "financieel-huurachterstand",
        channel=Channel.ARREARS_FORM,
        receiving_organisation=world.corporatie,
        location=address(number=12),
        description="MARKERHUUR",
    )
    care = case_of(
        intake(
            "zorg-verwaarlozing",
            location=address(number=14),
            receiving_organisation=world.welzijn,
            description="MARKERZORG",
        )
    )

    assert_sees_none(client, colleague_b, fraud, markers=(FRAUD, NOTE, OWN_NOTE, STREET))
    for signal in (report, arrears):
        status, body = page_of(
            client, colleague_b, reverse("signals:detail", args=[signal.reference])
        )
        assert status == 404 or REPORTER not in body and "rita@example.test" not in body
        assert "MARKERHUUR" not in body
    _status, inbox = page_of(client, colleague_b, reverse("signals:organisation"))
    assert report.reference not in inbox and arrears.reference not in inbox
    assert_sees_none(client, welfare_b, care, markers=("MARKERZORG",))

    # The members in wijk A's team see them, and the rent administration the arrears in
    # every wijk (but not the corporation's other signals there).
    _status, body = page_of(
        client, world.consulent_a, reverse("signals:detail", args=[report.reference])
    )
    assert REPORTER in body
    _status, inbox = page_of(client, world.rent_admin, reverse("signals:organisation"))
    assert arrears.reference in inbox and report.reference not in inbox
    arrears_b = signal_intake(
        actor=world.rent_admin,
        channel=Channel.ARREARS_FORM,
        category=Category.objects.get(slug="financieel-huurachterstand"),
        description="",
        location=place(52.005, 5.605, postcode="3998AA", house_number=1),
        receiving_organisation=world.corporatie,
    ).signal
    status, _body = page_of(
        client, world.rent_admin, reverse("signals:detail", args=[arrears_b.reference])
    )
    assert status == 200


def test_a_signal_whose_details_the_chair_does_not_see_stays_where_it_is(world):
    fraud = led(fraud_case(world))
    gemeente_case = corporation_case(number=8, receiving_organisation=world.gemeente)
    # The corporation leads the fraud case and merges it into the gemeente's team case: its call.
    case_merge(actor=world.consulent_a, case=fraud, into=gemeente_case, reason="Zelfde adres")
    signal = Signal.objects.get(description=FRAUD)
    elsewhere = corporation_case(number=31, receiving_organisation=world.gemeente)

    with pytest.raises(DomainError, match="inhoud van melding") as refused:
        case_move_signal(
            actor=world.wijkmanager_a,  # the chair, who sees the case but not that signal
            case=gemeente_case,
            signal=signal,
            target=elsewhere,
            reason="Hoort elders",
        )
    assert refused.value.code == FORBIDDEN
    assert case_of(signal) == gemeente_case
