"""Forwarding a public-space case to the gemeente's MOR system when the gemeente leads it: what
is sent (checked by the fake Signalen against Signalen's request format), what is not, and how
a failure is tried again, or waits for a person, without ever being lost. Through the real
worker."""

from datetime import timedelta
from uuid import uuid4

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.cases.support import place
from tests.mor.conftest import (
    FURNITURE,
    LITTER,
    SOURCE,
    agreed,
    forwarding_of,
    litter,
    timeline,
)
from wijkteam.cases.models import Case
from wijkteam.cases.triage.responses import case_decide
from wijkteam.mor.listeners import forward_on_lead_agreed
from wijkteam.mor.models import Forwarding, ForwardingState, MorCategory
from wijkteam.mor.sending import forwarding_send
from wijkteam.mor.services import forwarding_open
from wijkteam.notifications.events import Event, EventType
from wijkteam.notifications.models import Notification
from wijkteam.signals.models import Signal
from wijkteam.signals.services import ReporterInput

SEND = "wijkteam.mor.tasks.send_forwarding"


def later(time_machine, **delta) -> None:
    time_machine.move_to(timezone.now() + timedelta(**delta), tick=False)


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    return time_machine


def test_a_litter_case_the_gemeente_leads_is_forwarded_and_its_number_kept(
    world, connection, signalen, run_worker
):
    case = agreed(litter())
    assert case.lead == world.gemeente
    assert not Forwarding.objects.exists()  # after commit, by the worker
    run_worker()

    forwarding = forwarding_of(case)
    assert forwarding.state == ForwardingState.SENT
    assert (forwarding.external_id, forwarding.external_reference) == ("1", "SIG-1")
    assert (forwarding.external_state, forwarding.external_state_display) == ("m", "Gemeld")
    assert forwarding.sub_category_url == LITTER
    assert forwarding.attempts == 1 and forwarding.sent_at is not None
    [body] = signalen.posted
    assert body["text"] == "Vuilniszakken en een kapotte stoel naast de bank"
    # GeoJSON: longitude first.
    assert body["location"]["geometrie"] == {"type": "Point", "coordinates": [5.5051, 52.0052]}
    assert body["category"] == {"sub_category": LITTER}
    assert body["source"] == SOURCE
    assert body["extra_properties"][0]["answer"] == case.reference
    assert "Doorgestuurd naar het MOR-systeem van Gemeente Testoord: melding SIG-1." in timeline(
        case
    )


def test_the_reporter_s_contact_details_never_go_to_the_mor_system(
    world, connection, signalen, run_worker
):
    case = agreed(
        litter(reporter=ReporterInput(name="Rik Melder", email="rik@example.test", phone="0612"))
    )
    run_worker()
    assert forwarding_of(case).state == ForwardingState.SENT
    [body] = signalen.posted
    assert body["reporter"] == {"sharing_allowed": False}
    assert "rik@example.test" not in str(body) and "Rik Melder" not in str(body)


def test_a_whole_address_goes_along_in_bag_fields_and_later_signals_as_extra_text(
    world, connection, signalen, run_worker
):
    spot = place(
        lat=52.0052,
        lon=5.5051,
        street="Appellaan",
        house_number=12,
        house_number_addition="a",
        postcode="3999 AA",
        city="Testoord",
    )
    case = litter(location=spot)
    litter(location=spot, description="Er ligt nu ook een matras")
    run_worker()  # nothing yet: no lead
    assert signalen.requests == []
    agreed(case)
    run_worker()
    [body] = signalen.posted
    assert body["location"]["address"] == {
        "openbare_ruimte": "Appellaan",
        "huisnummer": 12,
        "huisletter": "A",
        "postcode": "3999AA",
        "woonplaats": "Testoord",
    }
    assert "Er ligt nu ook een matras" in body["text_extra"]


def test_broken_street_furniture_goes_as_its_own_sub_category(
    world, connection, signalen, run_worker
):
    case = agreed(litter("vernieling-openbare-ruimte", description="Bankje omgetrapt"))
    run_worker()
    [body] = signalen.posted
    assert body["category"]["sub_category"] == f"{signalen.url}{FURNITURE}"
    assert forwarding_of(case).state == ForwardingState.SENT


def test_a_case_the_police_lead_is_not_forwarded(world, connection, signalen, run_worker):
    case = litter()
    case_decide(
        actor=world.wijkmanager_a,
        case=case,
        lead=world.politie,
        reasoning="Er wordt hier gedeald; de politie kijkt eerst.",
    )
    run_worker()
    assert not Forwarding.objects.exists()
    assert signalen.requests == []


def test_a_category_not_taken_or_switched_off_is_not_forwarded(
    world, connection, signalen, run_worker
):
    graffiti = agreed(litter("vervuiling-graffiti", description="Tags op de muur"))
    MorCategory.objects.filter(connection=connection).update(forward=False)
    switched_off = agreed(litter(location=place(lat=52.0155, lon=5.5151)))
    run_worker()
    assert graffiti.lead == switched_off.lead == world.gemeente
    assert not Forwarding.objects.exists()
    assert signalen.requests == []


def test_an_inactive_connection_forwards_nothing(world, connection, signalen, run_worker):
    connection.is_active = False
    connection.save()
    agreed(litter())
    run_worker()
    assert not Forwarding.objects.exists()
    assert signalen.requests == []


def test_an_event_handed_over_twice_forwards_the_case_once(world, connection, signalen, run_worker):
    case = agreed(litter())
    run_worker()
    event = Event(key=uuid4().hex, kind=EventType.LEAD_AGREED, at=timezone.now(), case_id=case.pk)
    forward_on_lead_agreed(event)
    forward_on_lead_agreed(Event(**{**event.__dict__, "key": uuid4().hex}))
    run_worker()
    assert Forwarding.objects.filter(case=case).count() == 1
    assert len(signalen.posted) == 1


def test_the_sending_task_run_twice_sends_once(world, connection, signalen, run_worker):
    case = agreed(litter())
    run_worker()
    forwarding = forwarding_of(case)
    assert forwarding_send(forwarding_id=forwarding.pk) is None
    assert len(signalen.posted) == 1


def test_a_forwarding_another_worker_is_sending_is_left_alone_until_its_claim_is_stale(
    world, connection, signalen, frozen
):
    case = agreed(litter())
    Forwarding.objects.create(case=case, connection=connection, sending_since=timezone.now())
    forwarding = forwarding_of(case)
    assert forwarding_send(forwarding_id=forwarding.pk) is None
    assert signalen.requests == []
    later(frozen, minutes=11)  # the other worker is gone
    forwarding_send(forwarding_id=forwarding.pk)
    assert forwarding_of(case).state == ForwardingState.SENT
    assert len(signalen.posted) == 1


def test_a_server_error_is_tried_again_later_and_then_succeeds(
    world, connection, signalen, run_worker, frozen
):
    signalen.fail_next(503, body={"detail": "Even niet"})
    case = agreed(litter())
    run_worker()
    forwarding = forwarding_of(case)
    assert forwarding.state == ForwardingState.PENDING
    assert forwarding.attempts == 1
    assert forwarding.last_error.startswith("HTTP 503")
    assert forwarding.next_attempt_at == timezone.now() + timedelta(minutes=1)
    later(frozen, seconds=30)
    run_worker()
    assert signalen.posted == []  # not yet
    later(frozen, seconds=31)
    run_worker()
    forwarding.refresh_from_db()
    assert forwarding.state == ForwardingState.SENT
    assert (forwarding.attempts, forwarding.last_error) == (2, "")
    assert len(signalen.posted) == 1


def test_too_many_requests_waits_as_long_as_the_mor_system_asks(
    world, connection, signalen, run_worker, frozen
):
    signalen.fail_next(429, headers={"Retry-After": "300"})
    case = agreed(litter())
    run_worker()
    assert forwarding_of(case).next_attempt_at == timezone.now() + timedelta(minutes=5)
    later(frozen, minutes=2)
    run_worker()
    assert signalen.posted == []
    later(frozen, minutes=4)
    run_worker()
    assert forwarding_of(case).state == ForwardingState.SENT


def test_after_the_last_attempt_a_forwarding_waits_for_a_person(
    world, connection, signalen, run_worker, frozen, settings
):
    settings.WIJKTEAM_MOR_MAX_ATTEMPTS = 3
    signalen.fail_next(502, times=3)
    case = agreed(litter())
    for minutes in (0, 2, 3):
        later(frozen, minutes=minutes)
        run_worker()
    forwarding = forwarding_of(case)
    assert forwarding.state == ForwardingState.FAILED
    assert forwarding.attempts == 3
    assert forwarding.next_attempt_at is None
    assert (
        "Doorsturen naar het MOR-systeem van Gemeente Testoord is mislukt: het MOR-systeem was "
        "na 3 pogingen niet bereikbaar. Functioneel beheer kan het opnieuw proberen."
    ) in timeline(case)
    later(frozen, hours=3)
    run_worker()
    assert len(signalen.requests) == 3  # nothing more until a person asks


def test_a_refused_signal_fails_at_once_visible_to_the_lead_and_the_admins(
    world, connection, signalen, run_worker
):
    MorCategory.objects.filter(sub_category_url=LITTER).update(
        sub_category_url="/signals/v1/public/terms/categories/afval/sub_categories/bestaat-niet"
    )
    case = agreed(litter())
    run_worker()
    forwarding = forwarding_of(case)
    assert forwarding.state == ForwardingState.FAILED
    assert forwarding.attempts == 1
    assert "HTTP 400" in forwarding.last_error
    assert "Ongeldige hyperlink" in forwarding.last_error
    assert (
        "Doorsturen naar het MOR-systeem van Gemeente Testoord is mislukt: het MOR-systeem "
        "weigerde de melding. Functioneel beheer kan het opnieuw proberen."
    ) in timeline(case)
    told = "Doorsturen naar het MOR-systeem mislukt: " + case.reference
    assert Notification.objects.filter(user=world.wijkmanager_a, subject=told).exists()
    assert Notification.objects.filter(user=world.admin, subject=told).exists()
    assert not Notification.objects.filter(user=world.agent_a, subject=told).exists()
    assert signalen.posted == []


def test_a_case_without_a_point_on_the_map_fails_without_asking_the_mor_system(
    world, connection, signalen, run_worker
):
    case = litter()
    Signal.objects.filter(case_link__case=case).update(latitude=None, longitude=None)
    Case.objects.filter(pk=case.pk).update(latitude=None, longitude=None)
    agreed(case)
    run_worker()
    forwarding = forwarding_of(case)
    assert forwarding.state == ForwardingState.FAILED
    assert forwarding.attempts == 0
    assert "geen plek op de kaart" in forwarding.last_error
    assert signalen.requests == []


def test_a_lost_sending_task_is_queued_again_by_the_next_round(
    world, connection, signalen, run_worker, frozen
):
    signalen.fail_next(503)
    case = agreed(litter())
    run_worker()
    DBTaskResult.objects.filter(task_path=SEND).delete()  # the retry's task is lost
    later(frozen, minutes=16)  # the round of the status reading
    run_worker()
    assert forwarding_of(case).state == ForwardingState.SENT


def test_a_forwarding_waits_while_its_connection_is_off_and_goes_when_it_is_on(
    world, connection, signalen, run_worker, frozen
):
    signalen.fail_next(503)
    case = agreed(litter())
    run_worker()
    connection.is_active = False
    connection.save()
    later(frozen, minutes=16)
    run_worker()
    assert forwarding_of(case).state == ForwardingState.PENDING
    assert len(signalen.requests) == 1
    connection.is_active = True
    connection.save()
    later(frozen, minutes=16)
    run_worker()
    assert forwarding_of(case).state == ForwardingState.SENT


def test_a_category_switched_off_before_the_sending_fails_for_a_person(
    world, connection, signalen, run_worker
):
    case = agreed(litter())
    forwarding_open(case_id=case.pk)  # the listener made it; its sending is queued
    MorCategory.objects.filter(sub_category_url=LITTER).update(forward=False)
    run_worker()
    forwarding = forwarding_of(case)
    assert forwarding.state == ForwardingState.FAILED
    assert (
        forwarding.last_error
        == "De categorie van deze casus gaat niet (meer) naar het MOR-systeem."
    )
    assert signalen.requests == []
