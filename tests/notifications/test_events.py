"""The events connections listen to: published by the services in their own transaction and
handed to every listener by the worker after commit, once per step, never while the past is
recorded."""

import pytest

from tests.cases.support import case_of
from tests.cases.test_closure import MESSAGE, lead_agreed, reported
from wijkteam.cases.closure.feedback import feedback_give
from wijkteam.cases.closure.outcome import case_close, case_resolve
from wijkteam.cases.models import Outcome
from wijkteam.notifications.events import EventType
from wijkteam.notifications.services import notifications_muted
from wijkteam.partners.actors import SYSTEM
from wijkteam.signals.models import Reporter

HEARD = []


def listen(event) -> None:
    HEARD.append(event)


def fail(event) -> None:
    raise RuntimeError("a listener with a bug")


@pytest.fixture
def listening(settings):
    settings.WIJKTEAM_EVENT_LISTENERS = ["tests.notifications.test_events.listen"]
    HEARD.clear()
    yield HEARD
    HEARD.clear()


def heard(kind: str) -> list:
    return [event for event in HEARD if event.kind == kind]


def test_a_case_s_whole_way_reaches_the_listeners_after_commit(world, listening, run_worker):
    signal, _token = reported(email="rik@example.test")
    case = case_of(signal)
    assert listening == []  # nothing before the worker ran
    run_worker()
    [received] = heard(EventType.SIGNAL_RECEIVED)
    assert (received.signal_id, received.case_id) == (signal.pk, case.pk)
    assert received.at == signal.created_at

    case = lead_agreed(case)
    case_resolve(actor=world.consulent_a, case=case, outcome=Outcome.SOLVED, message=MESSAGE)
    feedback_give(actor=SYSTEM, reporter=Reporter.objects.get(signal=signal), satisfied=False)
    run_worker()
    for kind in (EventType.LEAD_AGREED, EventType.CASE_HANDLED, EventType.REPORTER_NOT_SATISFIED):
        [event] = heard(kind)
        assert event.case_id == case.pk and event.signal_id is None
    case_close(actor=world.consulent_a, case=case)
    run_worker()
    [closed] = heard(EventType.CASE_CLOSED)
    assert closed.case_id == case.pk
    assert len({event.key for event in HEARD}) == len(HEARD) == 5


def test_a_satisfied_reporter_is_no_event(world, listening, run_worker):
    signal, _token = reported(email="rik@example.test")
    case = lead_agreed(case_of(signal))
    case_resolve(actor=world.consulent_a, case=case, outcome=Outcome.SOLVED, message=MESSAGE)
    feedback_give(actor=SYSTEM, reporter=Reporter.objects.get(signal=signal), satisfied=True)
    run_worker()
    assert heard(EventType.REPORTER_NOT_SATISFIED) == []
    assert len(heard(EventType.CASE_HANDLED)) == 1


def test_the_past_recorded_with_notifications_muted_is_no_event(world, listening, run_worker):
    with notifications_muted():
        reported(email="rik@example.test")
    run_worker()
    assert listening == []


def test_without_listeners_nothing_is_queued(world, settings, run_worker):
    from django_tasks_db.models import DBTaskResult

    settings.WIJKTEAM_EVENT_LISTENERS = []
    before = DBTaskResult.objects.filter(task_path__endswith="events_dispatch").count()
    reported(email="rik@example.test")
    run_worker()
    assert DBTaskResult.objects.filter(task_path__endswith="events_dispatch").count() == before


def test_with_listeners_the_worker_ran_the_dispatch(world, listening, run_worker):
    from django_tasks_db.models import DBTaskResult

    reported(email="rik@example.test")
    run_worker()
    assert DBTaskResult.objects.filter(task_path__endswith="events_dispatch").count() == 1


def test_a_listener_that_fails_leaves_the_others_their_event(
    world, listening, settings, run_worker
):
    settings.WIJKTEAM_EVENT_LISTENERS = [
        "tests.notifications.test_events.fail",
        "tests.notifications.test_events.listen",
    ]
    signal, _token = reported(email="rik@example.test")
    run_worker()
    [received] = heard(EventType.SIGNAL_RECEIVED)
    assert received.signal_id == signal.pk
