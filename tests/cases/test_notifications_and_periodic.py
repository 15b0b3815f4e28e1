"""The daily digest of notifications, and the periodic tasks that keep triage moving."""

from datetime import timedelta

from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.cases.support import case_of, intake, local
from wijkteam.cases.models import CaseStatus, LeadBasis
from wijkteam.core.periodic import periodic_ensure
from wijkteam.notifications.digests import digests_send
from wijkteam.notifications.models import Notification, NotificationMode, OutgoingEmail
from wijkteam.notifications.services import notify_users

SWEEP = "wijkteam.cases.tasks.sweep_deadlines"
DIGESTS = "wijkteam.notifications.digest_tasks.send_digests"
FORGET = "wijkteam.voordeur.tasks.forget_searches"
RETENTION = "wijkteam.privacy.tasks.apply_retention"
CHECKPOINT = "wijkteam.privacy.audit_tasks.write_audit_checkpoint"
MEETINGS = "wijkteam.meetings.tasks.plan_meetings"
AGENDAS = "wijkteam.meetings.tasks.send_agendas"
FIGURES = "wijkteam.wijkbeeld.tasks.refresh_figures"
MOR_STATUS = "wijkteam.mor.tasks.poll_forwardings"
WEBHOOKS = "wijkteam.webhooks.tasks.sweep_webhooks"
API_KEYS = "wijkteam.api.tasks.prune_idempotent_requests"
FORM_KEYS = "wijkteam.intake.tasks.prune_form_keys"


def waiting_runs(path):
    return DBTaskResult.objects.filter(task_path=path, status=TaskResultStatus.READY)


def test_each_digest_user_gets_one_email_with_everything_waiting_and_never_twice(world):
    for user in (world.wijkmanager_a, world.opbouwwerker_a):
        user.notification_mode = NotificationMode.DIGEST
        user.save()
    notify_users(
        users=[world.wijkmanager_a, world.opbouwwerker_a, world.consulent_a],
        subject="Uw reactie gevraagd: Z-2026-00001",
        link="/casussen/Z-2026-00001/",
    )
    notify_users(users=[world.wijkmanager_a], subject="Te bespreken: Z-2026-00002")
    immediate = OutgoingEmail.objects.count()
    assert immediate == 1  # the consulent chose immediate email

    assert digests_send() == 2
    assert digests_send() == 0

    digests = OutgoingEmail.objects.exclude(to=world.consulent_a.email)
    assert sorted(digests.values_list("to", flat=True)) == sorted(
        [world.wijkmanager_a.email, world.opbouwwerker_a.email]
    )
    manager = digests.get(to=world.wijkmanager_a.email)
    assert manager.subject == "Wijkteam: 2 nieuwe berichten"
    assert "Uw reactie gevraagd: Z-2026-00001" in manager.body_text
    assert "/casussen/Z-2026-00001/" in manager.body_text
    assert "Te bespreken: Z-2026-00002" in manager.body_text
    assert digests.get(to=world.opbouwwerker_a.email).subject == "Wijkteam: 1 nieuw bericht"
    assert not Notification.objects.filter(awaits_digest=True).exists()
    # The notifications stay in the application, unread.
    assert Notification.objects.filter(user=world.wijkmanager_a, read_at__isnull=True).count() == 2


def test_a_notification_after_the_digest_waits_for_the_next_one(world):
    world.wijkmanager_a.notification_mode = NotificationMode.DIGEST
    world.wijkmanager_a.save()
    notify_users(users=[world.wijkmanager_a], subject="Eerste")
    digests_send()
    notify_users(users=[world.wijkmanager_a], subject="Tweede")

    assert digests_send() == 1
    latest = OutgoingEmail.objects.order_by("-id").first()
    assert "Tweede" in latest.body_text and "Eerste" not in latest.body_text


def test_each_periodic_task_is_queued_once(world, time_machine):
    time_machine.move_to(local(2026, 3, 13, 8, 0), tick=False)

    assert sorted(periodic_ensure()) == sorted(
        [
            SWEEP,
            FIGURES,
            DIGESTS,
            RETENTION,
            FORGET,
            CHECKPOINT,
            MEETINGS,
            AGENDAS,
            MOR_STATUS,
            WEBHOOKS,
            API_KEYS,
            FORM_KEYS,
        ]
    )
    assert periodic_ensure() == []

    assert waiting_runs(SWEEP).get().run_after == local(2026, 3, 13, 8, 15)
    assert waiting_runs(DIGESTS).get().run_after == local(2026, 3, 14, 7, 0)
    assert waiting_runs(CHECKPOINT).get().run_after == local(2026, 3, 13, 9, 0)
    assert waiting_runs(MEETINGS).get().run_after == local(2026, 3, 13, 14, 0)
    assert waiting_runs(AGENDAS).get().run_after == local(2026, 3, 13, 8, 30)
    assert waiting_runs(FORGET).get().run_after == local(2026, 3, 14, 4, 0)
    assert waiting_runs(FORM_KEYS).get().run_after == local(2026, 3, 14, 4, 0)
    assert waiting_runs(MOR_STATUS).get().run_after == local(2026, 3, 13, 8, 15)
    assert waiting_runs(WEBHOOKS).get().run_after == local(2026, 3, 13, 8, 10)
    assert waiting_runs(API_KEYS).get().run_after == local(2026, 3, 13, 9, 0)


def test_the_sweep_handles_a_deadline_whose_own_task_was_lost_and_runs_again(
    world, time_machine, run_worker
):
    time_machine.move_to(local(2026, 3, 13, 15, 30), tick=False)
    # Not captured on commit: the proposal's own deadline task is never queued ("lost").
    case = case_of(intake("overlast-geluid", is_tenant=True))
    time_machine.move_to(local(2026, 3, 16, 15, 30), tick=False)
    periodic_ensure()

    time_machine.shift(timedelta(minutes=16))
    run_worker()

    case.refresh_from_db()
    assert (case.status, case.lead_basis) == (CaseStatus.HANDLING, LeadBasis.SILENCE)
    # The sweep queued its own next run, once.
    assert waiting_runs(SWEEP).get().run_after == local(2026, 3, 16, 16, 1)
