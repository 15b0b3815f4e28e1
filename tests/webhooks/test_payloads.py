"""Who gets a delivery and what it says: only organisations that may know the record (as a
partner of its wijkteam, or taking part), each with what it may see, never the details or who
reported it; one delivery per subscription and event, however often the event is handed over."""

import json
from decimal import Decimal
from uuid import uuid4

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.cases.support import address, case_of, intake
from tests.factories import make_organisation
from wijkteam.cases.models import Case
from wijkteam.notifications.events import Event, EventType, events_dispatch
from wijkteam.partners.models import OrganisationKind, TeamPartner
from wijkteam.signals.models import Channel, Signal
from wijkteam.signals.services import ArrearsInput, ReporterInput
from wijkteam.webhooks.listener import webhooks_on_event
from wijkteam.webhooks.models import Delivery

NOWHERE = "http://127.0.0.1:9/webhook"  # nothing is sent in these tests


def received(signal: Signal) -> Event:
    return Event(
        key=uuid4().hex,
        kind=EventType.SIGNAL_RECEIVED,
        at=signal.created_at,
        signal_id=signal.pk,
        case_id=case_of(signal).pk,
    )


def about_case(case: Case, kind: str = EventType.LEAD_AGREED) -> Event:
    return Event(key=uuid4().hex, kind=kind, at=timezone.now(), case_id=case.pk)


def payload_of(organisation, kind: str = EventType.SIGNAL_RECEIVED) -> dict | None:
    deliveries = Delivery.objects.filter(subscription__organisation=organisation, event_type=kind)
    delivery = deliveries.first()
    return delivery.payload if delivery else None


def woonfraude(world) -> Signal:
    """A case-partners signal the corporation received, with a named reporter."""
    return intake(
        "onveiligheid-woonfraude",
        actor=world.consulent_a,
        receiving_organisation=world.corporatie,
        description="Bovenburen verhuren de woning door aan toeristen",
        location=address("3999AA", 12),
        reporter=ReporterInput(name="Rik Melder", email="rik@example.test", phone="0612345678"),
    )


def test_an_organisation_that_may_not_know_a_confidential_record_gets_no_delivery(world, subscribe):
    for organisation in (world.corporatie, world.politie, world.gemeente):
        subscribe(organisation, NOWHERE)
    arrears = intake(
        "financieel-huurachterstand",
        channel=Channel.ARREARS_FORM,
        receiving_organisation=world.corporatie,
        location=address(number=9),
        arrears=ArrearsInput(
            tenant_name="T. Huurder",
            amount=Decimal("750.00"),
            months=2,
            signal_date=timezone.localdate(),
        ),
    )

    assert webhooks_on_event(received(arrears)) == 1
    assert webhooks_on_event(about_case(case_of(arrears))) == 1
    assert payload_of(world.politie) is None and payload_of(world.gemeente) is None
    sent = json.dumps(list(Delivery.objects.values_list("payload", flat=True)))
    assert "Huurder" not in sent and "750.00" not in sent
    assert payload_of(world.corporatie)["data"]["signal"]["details_visible"] is True
    assert payload_of(world.corporatie, EventType.LEAD_AGREED)["data"]["case"]["lead"] == {
        "id": world.corporatie.pk,
        "name": world.corporatie.name,
    }


def test_an_organisation_that_knows_but_may_not_see_details_gets_none(world, subscribe):
    for organisation in (world.corporatie, world.politie):
        subscribe(organisation, NOWHERE)
    signal = woonfraude(world)
    webhooks_on_event(received(signal))

    police = payload_of(world.politie)["data"]
    corporation = payload_of(world.corporatie)["data"]
    assert police["signal"]["reference"] == corporation["signal"]["reference"] == signal.reference
    assert police["signal"]["details_visible"] is False
    assert police["case"]["details_visible"] is False
    assert corporation["signal"]["details_visible"] is True
    assert police["signal"]["category"] == {
        "code": "onveiligheid-woonfraude",
        "name": "Woonfraude of onderhuur",
    }
    assert police["signal"]["buurt"] == {"code": "BU09990100", "name": "Appelhof"}
    assert police["signal"]["links"]["api"].endswith(f"/api/v1/signals/{signal.reference}")
    # The details go to nobody, not even to who may see them: they are read through the API.
    for payload in Delivery.objects.values_list("payload", flat=True):
        sent = json.dumps(payload)
        for personal in ("Bovenburen", "Rik", "rik@example.test", "0612345678", "3999AA"):
            assert personal not in sent


def test_an_organisation_counts_in_the_wijkteams_it_is_a_partner_of(world, subscribe):
    elsewhere = make_organisation("Buurtbemiddeling Proefdorp", OrganisationKind.BUURTBEMIDDELING)
    TeamPartner.objects.create(team=world.team_b, organisation=elsewhere)
    subscribe(elsewhere, NOWHERE)
    subscribe(world.welzijn, NOWHERE)  # a partner of wijk A's team
    noise = intake("overlast-geluid", location=address(number=3))  # a team record in wijk A

    webhooks_on_event(received(noise))

    assert payload_of(elsewhere) is None
    assert payload_of(world.welzijn)["data"]["signal"]["details_visible"] is True

    TeamPartner.objects.create(team=world.team_a, organisation=elsewhere)
    webhooks_on_event(received(noise))
    assert payload_of(elsewhere)["data"]["signal"]["wijk"]["code"] == "WK099901"


def test_a_case_event_tells_the_case_as_the_organisation_may_know_it(world, subscribe):
    subscribe(world.politie, NOWHERE, [EventType.CASE_CLOSED])
    subscribe(world.corporatie, NOWHERE, [EventType.LEAD_AGREED])
    case = case_of(woonfraude(world))

    webhooks_on_event(about_case(case, EventType.LEAD_AGREED))
    assert not Delivery.objects.filter(subscription__organisation=world.politie).exists()
    agreed = payload_of(world.corporatie, EventType.LEAD_AGREED)
    assert agreed["type"] == "case.lead-agreed" and set(agreed["data"]) == {"case"}
    facts = agreed["data"]["case"]
    assert facts["reference"] == case.reference and facts["details_visible"] is True

    webhooks_on_event(about_case(case, EventType.CASE_CLOSED))
    closed = payload_of(world.politie, EventType.CASE_CLOSED)
    assert closed["data"]["case"]["details_visible"] is False


def test_the_same_event_handed_over_twice_makes_one_delivery(world, subscribe):
    subscribe(world.corporatie, NOWHERE)
    subscribe(world.corporatie, NOWHERE, name="Tweede systeem")
    event = received(woonfraude(world))

    assert webhooks_on_event(event) == 2
    assert webhooks_on_event(event) == 0
    events_dispatch.call(
        key=event.key,
        kind=event.kind,
        at=event.at.isoformat(),
        case_id=event.case_id,
        signal_id=event.signal_id,
    )
    assert Delivery.objects.count() == 2
    assert DBTaskResult.objects.filter(task_path__endswith="deliver_webhook").count() == 2


def test_a_subscription_that_is_off_or_of_an_inactive_organisation_gets_nothing(world, subscribe):
    off, _secret = subscribe(world.corporatie, NOWHERE)
    off.active = False
    off.save()
    subscribe(world.politie, NOWHERE)
    world.politie.is_active = False
    world.politie.save()

    assert webhooks_on_event(received(woonfraude(world))) == 0
