"""The MOR system's status read back onto the case: a changed status is a line on the case's
timeline; afgehandeld there is told to the lead's members (the case itself stays the lead's to
close); a closed signal is no longer read. Through the real worker's periodic round."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.mor.conftest import agreed, forwarding_of, litter, timeline
from wijkteam.mor.models import ForwardingState
from wijkteam.mor.polling import forwardings_to_poll
from wijkteam.notifications.models import Notification

LINE = "Status in het MOR-systeem van Gemeente Testoord: %s."


@pytest.fixture
def sent(world, connection, signalen, run_worker, time_machine):
    """A litter case forwarded now (SIG-1), the clock stopped."""
    time_machine.move_to(timezone.now(), tick=False)
    case = agreed(litter())
    run_worker()
    assert forwarding_of(case).state == ForwardingState.SENT
    return case


def next_round(time_machine, run_worker) -> None:
    """The worker's next round of reading the statuses (every 15 minutes)."""
    time_machine.move_to(timezone.now() + timedelta(minutes=15, seconds=1), tick=False)
    run_worker()


def gets(signalen) -> int:
    return sum(1 for method, _path in signalen.requests if method == "GET")


def test_a_changed_status_is_written_on_the_case_once(
    world, sent, signalen, run_worker, time_machine
):
    next_round(time_machine, run_worker)
    assert gets(signalen) == 1
    assert not any(line.startswith("Status in het MOR-systeem") for line in timeline(sent))

    signalen.set_state(1, "b")
    next_round(time_machine, run_worker)
    forwarding = forwarding_of(sent)
    assert (forwarding.external_state, forwarding.external_state_display) == (
        "b",
        "In behandeling",
    )
    assert forwarding.polled_at == timezone.now()
    assert timeline(sent).count(LINE % "In behandeling") == 1

    next_round(time_machine, run_worker)  # unchanged: nothing new on the case
    assert gets(signalen) == 3
    assert timeline(sent).count(LINE % "In behandeling") == 1


def test_done_in_the_mor_system_is_told_to_the_lead_and_no_longer_read(
    world, sent, signalen, run_worker, time_machine
):
    signalen.set_state(1, "o")
    next_round(time_machine, run_worker)
    forwarding = forwarding_of(sent)
    assert forwarding.external_closed
    assert LINE % "Afgehandeld" in timeline(sent)
    subject = f"Het MOR-systeem van Gemeente Testoord meldt {sent.reference} als afgehandeld"
    assert Notification.objects.filter(user=world.wijkmanager_a, subject=subject).exists()
    assert not Notification.objects.filter(user=world.consulent_a, subject=subject).exists()
    sent.refresh_from_db()
    assert sent.is_open  # the lead closes it, with its own message to the reporters

    reads = gets(signalen)
    next_round(time_machine, run_worker)
    assert gets(signalen) == reads
    assert forwardings_to_poll() == []


def test_cancelled_in_the_mor_system_is_told_to_the_lead(
    world, sent, signalen, run_worker, time_machine
):
    signalen.set_state(1, "a")
    next_round(time_machine, run_worker)
    assert LINE % "Geannuleerd" in timeline(sent)
    subject = f"Het MOR-systeem van Gemeente Testoord heeft {sent.reference} geannuleerd"
    assert Notification.objects.filter(user=world.wijkmanager_a, subject=subject).exists()


def test_the_status_line_is_stored_to_be_read_in_the_reader_s_language(
    world, sent, signalen, run_worker, time_machine
):
    signalen.set_state(1, "ingepland")
    next_round(time_machine, run_worker)
    event = sent.events.get(text=LINE % "Ingepland")
    # The catalogue's strings, the status itself one of them: translated when read.
    assert event.message == {
        "m": "Status in het MOR-systeem van %(organisation)s: %(status)s.",
        "p": {"organisation": "Gemeente Testoord", "status": {"m": "Ingepland", "p": {}}},
    }


def test_a_status_wijkteam_does_not_know_is_shown_as_the_mor_system_names_it(
    world, sent, signalen, run_worker, time_machine
):
    signalen.signals[1]["status"].update(state="x-nieuw", state_display="Bij de aannemer")
    next_round(time_machine, run_worker)
    assert LINE % "Bij de aannemer" in timeline(sent)


def test_a_failed_reading_is_kept_for_beheer_and_tried_in_the_next_round(
    world, sent, signalen, run_worker, time_machine
):
    signalen.fail_next(500, body={"detail": "Storing"})
    signalen.set_state(1, "b")
    next_round(time_machine, run_worker)
    forwarding = forwarding_of(sent)
    assert forwarding.last_error.startswith("HTTP 500")
    assert forwarding.external_state == "m"
    next_round(time_machine, run_worker)
    forwarding = forwarding_of(sent)
    assert (forwarding.external_state, forwarding.last_error) == ("b", "")
    assert LINE % "In behandeling" in timeline(sent)


def test_a_switched_off_connection_is_not_read(
    world, sent, connection, signalen, run_worker, time_machine
):
    connection.is_active = False
    connection.save()
    signalen.set_state(1, "b")
    next_round(time_machine, run_worker)
    assert gets(signalen) == 0
