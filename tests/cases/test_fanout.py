"""Telling the partners after commit: the intake's transaction writes one task row instead of a
notification and an email per member; the worker fans it out, once, however often it runs."""

from django_tasks_db.models import DBTaskResult

from tests.cases.support import case_of, intake
from wijkteam.cases.fanout import case_fanout
from wijkteam.notifications.models import Notification, OutgoingEmail
from wijkteam.notifications.services import notifications_muted

FANOUT = "wijkteam.cases.fanout.case_fanout"
FOLLOWUPS = "wijkteam.core.followups.queue_followups"
COUNTS = "wijkteam.signals.counts.counts_mark"
FIGURES = "wijkteam.cases.figures.figures_mark"
EVENTS = "wijkteam.notifications.events.events_dispatch"  # to the connections' listeners


def test_the_intake_queues_one_task_row_and_tells_nobody_in_its_own_transaction(world):
    case = case_of(intake("overlast-geluid", is_tenant=True))

    [row] = DBTaskResult.objects.all()
    assert row.task_path == FOLLOWUPS
    jobs = [path for path, _kwargs, _run_after in row.args_kwargs["kwargs"]["jobs"]]
    assert jobs == [
        COUNTS,
        FIGURES,
        FANOUT,
        "wijkteam.cases.triage.tasks.proposal_deadline",
        EVENTS,
    ]
    assert not Notification.objects.exists()
    assert not OutgoingEmail.objects.filter(topic="").exclude(subject__startswith="Uw melding")
    assert case.proposals.get()  # the proposal itself is there at once


def test_the_worker_tells_every_partner_asked_to_respond_once(world, run_worker):
    case = case_of(intake("overlast-geluid", is_tenant=True))

    run_worker()

    told = set(Notification.objects.values_list("user__email", flat=True))
    assert told == {
        world.wijkmanager_a.email,
        world.agent_a.email,
        world.consulent_a.email,
        world.opbouwwerker_a.email,
    }
    assert all(case.reference in n.subject for n in Notification.objects.all())
    emails = OutgoingEmail.objects.filter(subject__contains=case.reference)
    assert sorted(emails.values_list("to", flat=True)) == sorted(told)


def test_a_fanout_that_runs_twice_tells_nobody_twice(world, run_worker):
    intake("overlast-geluid", is_tenant=True)
    run_worker()
    task = DBTaskResult.objects.get(task_path=FANOUT)
    notifications, emails = Notification.objects.count(), OutgoingEmail.objects.count()

    # A worker killed after the fan-out committed runs the same task again.
    case_fanout.call(**task.args_kwargs["kwargs"])

    assert notifications == 4
    assert (Notification.objects.count(), OutgoingEmail.objects.count()) == (notifications, emails)


def test_nothing_is_queued_while_notifications_are_muted(world):
    with notifications_muted():
        intake("overlast-geluid", is_tenant=True)

    # Only the proposal's deadline follows, with the marks for the wijk's picture.
    [row] = DBTaskResult.objects.all()
    jobs = [path for path, _kwargs, _run_after in row.args_kwargs["kwargs"]["jobs"]]
    assert jobs == [COUNTS, FIGURES, "wijkteam.cases.triage.tasks.proposal_deadline"]
